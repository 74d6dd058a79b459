//! Reachability analyses on a [`Snapshot`]: blast radius and attack paths.
//!
//! The principal type here is a [`Searcher`], which owns the buffers every search needs
//! (visited sets, distances, parents, queues) so that repeated queries allocate nothing but
//! their answers. A blast radius marks visited nodes in a bitset (an eighth of a megabyte for
//! a million nodes, so it stays in cache; it starts each query as a copy of the snapshot's
//! disabled nodes, which makes "visited or disabled" one test). Attack-path searches touch
//! few nodes, so they use *generation-stamped* marks instead: a node counts as seen when its
//! mark is at least the current query's, and each query's mark is above every earlier one,
//! so starting a query is O(1).
//!
//! Tie-breaking is the same everywhere: among paths of equal length the one whose sequence
//! of [`NodeId`]s is lexicographically smallest comes first. Because every snapshot row is
//! ordered by neighbour id, a breadth-first search discovers each node first from the
//! predecessor with the smallest path, so [`BlastRadius::path_to`] is always the first of
//! the [`AttackPaths`] between the same two nodes.
//!
//! Disabled nodes are neither entered nor left (a disabled start reaches nothing and a
//! disabled target is unreachable); disabled edges and `grants` at `none` are not traversed.

use crate::bitset::Bits;
use crate::csr::{Adjacency, Link, RANKS, Snapshot, resource_sensitivity};
use crate::graph::{EdgeId, Estate, NodeId};
use crate::model::Sensitivity;

/// A node reached from the start of a blast radius, with the cheapest way there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reached {
    /// The node reached.
    pub node: NodeId,
    /// Fewest edges from the start.
    pub hops: u32,
    /// The previous node on the cheapest path.
    pub parent: NodeId,
    /// The edge from `parent` to `node` on the cheapest path.
    pub via: EdgeId,
}

/// Everything an attacker holding one node can reach, with the cheapest path to each.
///
/// The start itself is not listed. [`reached`](BlastRadius::reached) is ranked for display:
/// resource sensitivity descending, then workload criticality descending, then hops
/// ascending, then [`NodeId`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlastRadius {
    start: NodeId,
    reached: Vec<Reached>,
    /// Positions into `reached`, ordered by node id, for lookups.
    by_node: Vec<u32>,
}

impl BlastRadius {
    /// The node the search started from.
    pub fn start(&self) -> NodeId {
        self.start
    }

    /// Every reached node (the start excluded), ranked for display.
    pub fn reached(&self) -> &[Reached] {
        &self.reached
    }

    /// Number of reached nodes, the start excluded.
    pub fn len(&self) -> usize {
        self.reached.len()
    }

    /// Whether nothing is reachable from the start.
    pub fn is_empty(&self) -> bool {
        self.reached.is_empty()
    }

    /// How `node` was reached, if it was (`None` for the start itself).
    pub fn get(&self, node: NodeId) -> Option<&Reached> {
        self.by_node
            .binary_search_by_key(&node, |&i| self.reached[i as usize].node)
            .ok()
            .map(|i| &self.reached[self.by_node[i] as usize])
    }

    /// Whether `node` is the start or was reached.
    pub fn contains(&self, node: NodeId) -> bool {
        node == self.start || self.get(node).is_some()
    }

    /// The cheapest path from the start to `node`, both included: `[start]` for the start,
    /// empty when `node` was not reached.
    pub fn path_to(&self, node: NodeId) -> Vec<NodeId> {
        let mut path = vec![node];
        let mut at = node;
        while at != self.start {
            match self.get(at) {
                Some(r) => {
                    at = r.parent;
                    path.push(at);
                }
                None => return Vec::new(),
            }
        }
        path.reverse();
        path
    }

    /// The edges of [`path_to`](BlastRadius::path_to), in path order.
    pub fn edges_to(&self, node: NodeId) -> Vec<EdgeId> {
        let mut edges = Vec::new();
        let mut at = node;
        while let Some(r) = self.get(at) {
            edges.push(r.via);
            at = r.parent;
        }
        edges.reverse();
        edges
    }

    /// The cheapest paths as a tree rooted at the start, for printing: children grouped
    /// under their parent in compressed rows, built with one counting sort over the ranked
    /// nodes, so each node's children keep the display order.
    pub fn tree(&self) -> BlastTree {
        // Slots: 0 is the root, 1.. the reached nodes in node id order.
        let mut nodes = Vec::with_capacity(self.reached.len() + 1);
        nodes.push(self.start);
        nodes.extend(self.by_node.iter().map(|&i| self.reached[i as usize].node));
        let slot_of = |v: NodeId| -> usize {
            if v == self.start {
                0
            } else {
                nodes[1..].binary_search(&v).map_or(0, |k| k + 1)
            }
        };
        let n = nodes.len();
        let parent_slot: Vec<u32> = self
            .reached
            .iter()
            .map(|r| slot_of(r.parent) as u32)
            .collect();
        let mut offsets = vec![0u32; n + 1];
        for &p in &parent_slot {
            offsets[p as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut next = offsets.clone();
        let mut children = vec![NodeId(0); self.reached.len()];
        for (r, &p) in self.reached.iter().zip(&parent_slot) {
            let at = &mut next[p as usize];
            children[*at as usize] = r.node;
            *at += 1;
        }
        BlastTree {
            root: self.start,
            nodes,
            offsets,
            children,
        }
    }
}

/// The cheapest paths of a [`BlastRadius`] as a tree: each reached node under its parent.
///
/// Children are compressed rows over the tree's own slots (the root, then the reached nodes
/// in id order), so walking the first lines of a tree of a million nodes with
/// [`BlastTree::walk`] touches only those lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlastTree {
    root: NodeId,
    /// Node ids by slot: the root, then the reached nodes in id order.
    nodes: Vec<NodeId>,
    /// Per slot, where its children start in `children`; one more entry than slots.
    offsets: Vec<u32>,
    /// Children grouped by parent slot, each group in display rank order.
    children: Vec<NodeId>,
}

/// One line of a [`BlastTree`] walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TreeLine {
    /// Depth below the root (0 for the root).
    pub depth: u32,
    /// The node on this line.
    pub node: NodeId,
    /// Whether it is the last child of its parent (true for the root).
    pub last: bool,
}

impl BlastTree {
    /// The start of the blast radius.
    pub fn root(&self) -> NodeId {
        self.root
    }

    /// Number of nodes in the tree, the root included.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Always false: a tree holds at least its root.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    fn slot(&self, node: NodeId) -> Option<usize> {
        if node == self.root {
            return Some(0);
        }
        self.nodes[1..].binary_search(&node).ok().map(|k| k + 1)
    }

    fn row(&self, slot: usize) -> &[NodeId] {
        &self.children[self.offsets[slot] as usize..self.offsets[slot + 1] as usize]
    }

    /// The children of a node, in display rank order (empty for leaves).
    pub fn children(&self, node: NodeId) -> &[NodeId] {
        self.slot(node).map_or(&[], |s| self.row(s))
    }

    /// Every node with its depth, depth-first, children in display rank order, produced as
    /// the walk goes: take as many lines as will be printed, and only those are visited.
    pub fn walk(&self) -> impl Iterator<Item = TreeLine> + '_ {
        // One frame per open node on the current path: its slot, depth and next child.
        let mut frames: Vec<(usize, u32, usize)> = Vec::new();
        let mut root = Some(TreeLine {
            depth: 0,
            node: self.root,
            last: true,
        });
        std::iter::from_fn(move || {
            if let Some(line) = root.take() {
                frames.push((0, 0, 0));
                return Some(line);
            }
            loop {
                let (slot, depth, next) = frames.last_mut()?;
                let row = self.row(*slot);
                if *next == row.len() {
                    frames.pop();
                    continue;
                }
                let child = row[*next];
                *next += 1;
                let line = TreeLine {
                    depth: *depth + 1,
                    node: child,
                    last: *next == row.len(),
                };
                let child_slot = self.slot(child).expect("invariant: a child is a tree node");
                frames.push((child_slot, line.depth, 0));
                return Some(line);
            }
        })
    }

    /// Every node with its depth, depth-first, children in display rank order: the order in
    /// which to print the tree.
    pub fn preorder(&self) -> Vec<(u32, NodeId)> {
        self.walk().map(|l| (l.depth, l.node)).collect()
    }
}

/// One shortest attack path: nodes from source to target and the edges between them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttackPath {
    /// Source first, target last.
    pub nodes: Vec<NodeId>,
    /// `edges[i]` goes from `nodes[i]` to `nodes[i + 1]`; among parallel edges, the lowest id.
    pub edges: Vec<EdgeId>,
}

/// The shortest attack paths between two nodes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttackPaths {
    /// Where the attacker starts.
    pub from: NodeId,
    /// What the attacker wants.
    pub to: NodeId,
    /// Length of the shortest paths, `None` when `to` is unreachable.
    pub hops: Option<u32>,
    /// Every shortest path up to the cap, in lexicographic order of node ids.
    pub paths: Vec<AttackPath>,
    /// Whether more shortest paths exist than the cap let through.
    pub truncated: bool,
}

/// Reusable buffers for searches on snapshots; keep one per thread and reuse it.
///
/// A searcher adapts to any snapshot: buffers grow to the largest snapshot it has seen.
#[derive(Clone, Debug, Default)]
pub struct Searcher {
    /// This query's mark (attack paths). A node was seen by this query when its mark is at
    /// least `base`; every query's base is above all earlier marks, so no mark array is
    /// cleared between queries (only when `u32` runs out).
    base: u32,
    /// Blast radius: visited nodes as a bitset, which stays in the L2 cache up to millions
    /// of nodes (a `u32` mark per node does not); it starts each query as a copy of the
    /// disabled nodes, so one test skips both.
    visited: Bits,
    /// Blast radius: how each visited node was reached, written once per node.
    info: Vec<Reached>,
    /// Forward visited marks (attack paths).
    seen_f: Vec<u32>,
    /// Forward distances (attack paths).
    dist_f: Vec<u32>,
    /// Backward (towards the target) visited marks and distances.
    seen_b: Vec<u32>,
    dist_b: Vec<u32>,
    /// Nodes on some shortest path's prefix (attack path enumeration).
    useful: Vec<u32>,
    queue_f: Vec<u32>,
    queue_b: Vec<u32>,
    /// Blast radius ranking scratch: `(node, sort key)` in node order.
    ranking: Vec<(u32, u32)>,
    layer: Vec<u32>,
    next_layer: Vec<u32>,
}

/// The buffers a query needs beyond the visited set and the forward queue.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Buffers {
    /// Count-only searches: nothing more.
    Counts,
    /// The blast radius: how each node was reached.
    Tree,
    /// Shortest and attack paths: marks and distances in both directions.
    Paths,
}

/// Which side of a bidirectional search expanded last.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Forward,
    Backward,
}

/// Where a bidirectional search met: complete depths on both sides and the last side moved.
struct Meeting {
    fwd_depth: u32,
    bwd_depth: u32,
    side: Side,
    /// Start of the last expanded layer in that side's queue.
    layer_start: usize,
}

/// How far ahead in the queue [`touch_ahead`] reads.
const AHEAD: usize = 16;

/// Reads, without using them, the offsets of the node `AHEAD` places further in the queue and
/// the first neighbours of the one `AHEAD / 2` further, so that their cache misses overlap
/// with the work on the current node instead of stalling the search when it gets there.
/// (A prefetch instruction would do it without loads, but needs `unsafe`.) On a million
/// nodes this takes a fifth off a breadth-first search.
#[inline]
fn touch_ahead(queue: &[u32], head: usize, offsets: &[u32], links: &[Link]) -> u32 {
    let mut sink = 0;
    if let Some(&far) = queue.get(head + AHEAD) {
        sink ^= offsets[far as usize];
    }
    if let Some(&near) = queue.get(head + AHEAD / 2) {
        sink ^= links
            .get(offsets[near as usize] as usize)
            .map_or(0, |l| l.node);
    }
    sink
}

/// Expands one full BFS layer `queue[start..end]` along `adj`; returns whether a newly
/// discovered node was already seen from the other side, and the total degree of the new
/// layer (its cost to expand next). With `stop_at_meet`, returns at the first meeting.
#[allow(clippy::too_many_arguments)]
fn expand_layer(
    adj: &Adjacency,
    disabled: &Bits,
    queue: &mut Vec<u32>,
    start: usize,
    seen: &mut [u32],
    dist: &mut [u32],
    other_seen: &[u32],
    base: u32,
    depth: u32,
    stop_at_meet: bool,
) -> (bool, u64) {
    let end = queue.len();
    let mut met = false;
    let mut cost = 0u64;
    for i in start..end {
        let u = queue[i];
        let range = adj.range(u);
        let lo = range.start;
        for (k, &Link { node: v, .. }) in adj.links[range].iter().enumerate() {
            if adj.blocked.get(lo + k) || seen[v as usize] >= base || disabled.get(v as usize) {
                continue;
            }
            seen[v as usize] = base;
            dist[v as usize] = depth + 1;
            queue.push(v);
            cost += adj.degree(v);
            if other_seen[v as usize] >= base {
                met = true;
                if stop_at_meet {
                    return (true, cost);
                }
            }
        }
    }
    (met, cost)
}

impl Searcher {
    /// A searcher with empty buffers; they grow on first use.
    pub fn new() -> Searcher {
        Searcher::default()
    }

    /// Starts a query on a snapshot of `n` nodes that needs `buffers`: grows only those (a
    /// count-only search on a million nodes then touches a 128 KiB bitset and its queue, not
    /// the 40 MiB the path searches keep), and takes a fresh base.
    fn begin(&mut self, n: usize, buffers: Buffers) {
        if buffers == Buffers::Paths && self.seen_f.len() < n {
            for buf in [
                &mut self.seen_f,
                &mut self.dist_f,
                &mut self.seen_b,
                &mut self.dist_b,
                &mut self.useful,
            ] {
                buf.resize(n, 0);
            }
            self.queue_b.reserve(n);
        }
        if buffers == Buffers::Tree && self.info.len() < n {
            let blank = Reached {
                node: NodeId(0),
                hops: 0,
                parent: NodeId(0),
                via: EdgeId(0),
            };
            self.info.resize(n, blank);
        }
        if self.base == u32::MAX {
            // Marks ran out (once every four billion queries): start over.
            for buf in [&mut self.seen_f, &mut self.seen_b, &mut self.useful] {
                buf.fill(0);
            }
            self.base = 0;
        }
        self.base += 1;
        self.queue_f.clear();
        self.queue_b.clear();
    }

    /// Visits every node reachable from `start` (the start excluded) in breadth-first order,
    /// calling `visit` on each: the one loop behind the count-only searches.
    fn each_reached(&mut self, snap: &Snapshot, start: NodeId, mut visit: impl FnMut(u32)) {
        self.begin(snap.node_count(), Buffers::Counts);
        if !snap.is_node_enabled(start) {
            return;
        }
        let (links, blocked) = (&snap.fwd.links[..], &snap.fwd.blocked);
        let offsets = &snap.fwd.offsets[..];
        let visited = &mut self.visited;
        visited.copy_from(&snap.disabled_nodes);
        let queue = &mut self.queue_f;
        visited.set(start.index(), true);
        queue.push(start.0);
        let mut head = 0;
        let mut sink = 0;
        while let Some(&u) = queue.get(head) {
            sink ^= touch_ahead(queue, head, offsets, links);
            head += 1;
            let (lo, hi) = (
                offsets[u as usize] as usize,
                offsets[u as usize + 1] as usize,
            );
            for (p, &Link { node: v, .. }) in (lo..hi).zip(&links[lo..hi]) {
                if blocked.get(p) || visited.get(v as usize) {
                    continue;
                }
                visited.set(v as usize, true);
                queue.push(v);
                visit(v);
            }
        }
        std::hint::black_box(sink);
    }

    /// Number of nodes reachable from `start`, the start excluded: the fast path of
    /// [`blast_radius`](Searcher::blast_radius) when only the size matters.
    pub fn reach_count(&mut self, snap: &Snapshot, start: NodeId) -> usize {
        let mut count = 0;
        self.each_reached(snap, start, |_| count += 1);
        count
    }

    /// Number of resources reachable from `start` at `min` sensitivity or above, the start
    /// excluded: what a supervision gate weighs, without building the ranked answer.
    pub fn sensitive_count(&mut self, snap: &Snapshot, start: NodeId, min: Sensitivity) -> usize {
        let min = min as u8;
        let rank = &snap.rank;
        let mut count = 0;
        self.each_reached(snap, start, |v| {
            if resource_sensitivity(rank[v as usize]).is_some_and(|s| s >= min) {
                count += 1;
            }
        });
        count
    }

    /// Everything reachable from `start`, with hops and the cheapest path to each.
    pub fn blast_radius(&mut self, snap: &Snapshot, start: NodeId) -> BlastRadius {
        self.begin(snap.node_count(), Buffers::Tree);
        let empty = BlastRadius {
            start,
            reached: Vec::new(),
            by_node: Vec::new(),
        };
        if !snap.is_node_enabled(start) {
            return empty;
        }
        let (links, blocked) = (&snap.fwd.links[..], &snap.fwd.blocked);
        let offsets = &snap.fwd.offsets[..];
        let visited = &mut self.visited;
        visited.copy_from(&snap.disabled_nodes);
        let info = &mut self.info[..];
        let queue = &mut self.queue_f;
        visited.set(start.index(), true);
        queue.push(start.0);
        let mut head = 0;
        let mut layer_end = 1;
        let mut hops = 1;
        let mut sink = 0;
        while let Some(&u) = queue.get(head) {
            if head == layer_end {
                layer_end = queue.len();
                hops += 1;
            }
            sink ^= touch_ahead(queue, head, offsets, links);
            head += 1;
            let (lo, hi) = (
                offsets[u as usize] as usize,
                offsets[u as usize + 1] as usize,
            );
            for (p, &Link { node: v, edge }) in (lo..hi).zip(&links[lo..hi]) {
                if blocked.get(p) || visited.get(v as usize) {
                    continue;
                }
                visited.set(v as usize, true);
                // One write per node; read back in node order below, so sequentially.
                info[v as usize] = Reached {
                    node: NodeId(v),
                    hops,
                    parent: NodeId(u),
                    via: EdgeId(edge),
                };
                queue.push(v);
            }
        }
        std::hint::black_box(sink);
        if queue.len() == 1 {
            return empty;
        }
        let width =
            info[*queue.last().expect("invariant: the start is queued") as usize].hops as usize + 1;

        // Rank with a stable counting sort on (rank, hops) over nodes taken in id order, so
        // ties fall back to node id without comparing anything.
        let ranking = &mut self.ranking;
        ranking.clear();
        ranking.extend(
            visited
                .ones_without(&snap.disabled_nodes)
                .filter(|&v| v != start.index())
                .map(|v| {
                    (
                        v as u32,
                        (snap.rank[v] as usize * width) as u32 + info[v].hops,
                    )
                }),
        );
        let mut slots = vec![0u32; RANKS * width + 1];
        for &(_, key) in ranking.iter() {
            slots[key as usize + 1] += 1;
        }
        for i in 1..slots.len() {
            slots[i] += slots[i - 1];
        }
        let mut reached = vec![info[ranking[0].0 as usize]; ranking.len()];
        let mut by_node = Vec::with_capacity(ranking.len());
        for &(v, key) in ranking.iter() {
            let slot = &mut slots[key as usize];
            reached[*slot as usize] = info[v as usize];
            by_node.push(*slot);
            *slot += 1;
        }
        BlastRadius {
            start,
            reached,
            by_node,
        }
    }

    /// Runs a bidirectional BFS from `from` (forward) and `to` (backward), always expanding
    /// the side whose frontier has the smaller total degree, one whole layer at a time,
    /// until the two meet.
    ///
    /// Why the first meeting gives the distance: before the expansion that meets, no node
    /// was seen from both sides, so no path of length `fa + bb - 1` or less exists (its node
    /// at position `max(0, len - bb)` would have been seen from both). A node met while
    /// expanding forward to depth `fa` lies on a path of `fa + dist_b` hops with
    /// `dist_b <= bb`, hence exactly `fa + bb` hops, and symmetrically backwards. With
    /// `complete`, the meeting layer is finished, so it holds every node at distance
    /// `fa` from `from` and `bb` from `to`.
    fn meet(
        &mut self,
        snap: &Snapshot,
        from: NodeId,
        to: NodeId,
        complete: bool,
    ) -> Option<Meeting> {
        let base = self.base;
        let disabled = &snap.disabled_nodes;
        if !snap.is_node_enabled(from) || !snap.is_node_enabled(to) {
            return None;
        }
        self.seen_f[from.index()] = base;
        self.dist_f[from.index()] = 0;
        self.queue_f.push(from.0);
        self.seen_b[to.index()] = base;
        self.dist_b[to.index()] = 0;
        self.queue_b.push(to.0);
        if from == to {
            return Some(Meeting {
                fwd_depth: 0,
                bwd_depth: 0,
                side: Side::Forward,
                layer_start: 0,
            });
        }
        let (mut f_start, mut b_start) = (0usize, 0usize);
        let (mut f_depth, mut b_depth) = (0u32, 0u32);
        let mut f_cost = snap.fwd.degree(from.0);
        let mut b_cost = snap.rev.degree(to.0);
        loop {
            if f_start == self.queue_f.len() || b_start == self.queue_b.len() {
                return None;
            }
            if f_cost <= b_cost {
                let end = self.queue_f.len();
                let (met, cost) = expand_layer(
                    &snap.fwd,
                    disabled,
                    &mut self.queue_f,
                    f_start,
                    &mut self.seen_f,
                    &mut self.dist_f,
                    &self.seen_b,
                    base,
                    f_depth,
                    !complete,
                );
                f_start = end;
                f_depth += 1;
                f_cost = cost;
                if met {
                    return Some(Meeting {
                        fwd_depth: f_depth,
                        bwd_depth: b_depth,
                        side: Side::Forward,
                        layer_start: f_start,
                    });
                }
            } else {
                let end = self.queue_b.len();
                let (met, cost) = expand_layer(
                    &snap.rev,
                    disabled,
                    &mut self.queue_b,
                    b_start,
                    &mut self.seen_b,
                    &mut self.dist_b,
                    &self.seen_f,
                    base,
                    b_depth,
                    !complete,
                );
                b_start = end;
                b_depth += 1;
                b_cost = cost;
                if met {
                    return Some(Meeting {
                        fwd_depth: f_depth,
                        bwd_depth: b_depth,
                        side: Side::Backward,
                        layer_start: b_start,
                    });
                }
            }
        }
    }

    /// Length of the shortest attack path from `from` to `to`, `None` if unreachable: the
    /// fast path of [`attack_paths`](Searcher::attack_paths).
    pub fn shortest_path_len(&mut self, snap: &Snapshot, from: NodeId, to: NodeId) -> Option<u32> {
        self.begin(snap.node_count(), Buffers::Paths);
        self.meet(snap, from, to, false)
            .map(|m| m.fwd_depth + m.bwd_depth)
    }

    /// Every shortest attack path from `from` to `to`, at most `max_paths` of them, in
    /// lexicographic order of their node ids.
    pub fn attack_paths(
        &mut self,
        snap: &Snapshot,
        from: NodeId,
        to: NodeId,
        max_paths: usize,
    ) -> AttackPaths {
        self.begin(snap.node_count(), Buffers::Paths);
        let mut answer = AttackPaths {
            from,
            to,
            hops: None,
            paths: Vec::new(),
            truncated: false,
        };
        let Some(meeting) = self.meet(snap, from, to, true) else {
            return answer;
        };
        let (fa, bb) = (meeting.fwd_depth, meeting.bwd_depth);
        let total = fa + bb;
        answer.hops = Some(total);
        let base = self.base;

        // The meeting layer: nodes at forward distance `fa` and backward distance `bb`.
        // Every shortest path crosses it exactly once, and (see `meet`) every node of the
        // last expanded layer that the other side has seen is such a node.
        self.layer.clear();
        if total == 0 {
            self.layer.push(from.0);
        } else {
            let (queue, other) = match meeting.side {
                Side::Forward => (&self.queue_f, &self.seen_b),
                Side::Backward => (&self.queue_b, &self.seen_f),
            };
            self.layer.extend(
                queue[meeting.layer_start..]
                    .iter()
                    .copied()
                    .filter(|&v| other[v as usize] >= base),
            );
        }

        // Mark the prefix nodes that lead to the meeting layer along forward-distance-
        // increasing edges, so the enumeration below never walks into a dead end.
        for &v in &self.layer {
            self.useful[v as usize] = base;
        }
        for k in (1..=fa).rev() {
            self.next_layer.clear();
            for &v in &self.layer {
                let range = snap.rev.range(v);
                let lo = range.start;
                for (j, &Link { node: u, .. }) in snap.rev.links[range].iter().enumerate() {
                    let ui = u as usize;
                    if !snap.rev.blocked.get(lo + j)
                        && self.seen_f[ui] >= base
                        && self.dist_f[ui] == k - 1
                        && self.useful[ui] < base
                    {
                        self.useful[ui] = base;
                        self.next_layer.push(u);
                    }
                }
            }
            std::mem::swap(&mut self.layer, &mut self.next_layer);
        }
        if max_paths == 0 {
            answer.truncated = true;
            return answer;
        }

        // Depth-first enumeration in neighbour-id order, which is lexicographic order since
        // all paths have the same length. Position j <= fa must be a useful prefix node at
        // forward distance j; after that, a node at backward distance total - j.
        let valid = |v: u32, j: u32| -> bool {
            let i = v as usize;
            if j <= fa {
                self.useful[i] >= base && self.dist_f[i] == j
            } else {
                self.seen_b[i] >= base && self.dist_b[i] == total - j
            }
        };
        let adj = &snap.fwd;
        let mut nodes = vec![from.0];
        let mut edges: Vec<u32> = Vec::new();
        let mut cursor = vec![adj.range(from.0).start];
        while let Some(&u) = nodes.last() {
            let depth = nodes.len() - 1;
            if depth == total as usize {
                if answer.paths.len() == max_paths {
                    answer.truncated = true;
                    break;
                }
                answer.paths.push(AttackPath {
                    nodes: nodes.iter().map(|&v| NodeId(v)).collect(),
                    edges: edges.iter().map(|&e| EdgeId(e)).collect(),
                });
                nodes.pop();
                edges.pop();
                cursor.pop();
                continue;
            }
            let end = adj.range(u).end;
            let mut p = cursor[depth];
            let next_pos = depth as u32 + 1;
            while p < end && (adj.blocked.get(p) || !valid(adj.links[p].node, next_pos)) {
                p += 1;
            }
            if p == end {
                nodes.pop();
                edges.pop();
                cursor.pop();
                continue;
            }
            let v = adj.links[p].node;
            // Skip parallel edges to the same node: a path is a sequence of nodes.
            let mut after = p + 1;
            while after < end && adj.links[after].node == v {
                after += 1;
            }
            cursor[depth] = after;
            nodes.push(v);
            edges.push(adj.links[p].edge);
            cursor.push(adj.range(v).start);
        }
        answer
    }
}

/// Blast radius of `start` on a fresh snapshot of `estate` (convenient for one query; keep a
/// [`Snapshot`] and a [`Searcher`] for many).
pub fn blast_radius(estate: &Estate, start: NodeId) -> BlastRadius {
    Searcher::new().blast_radius(&Snapshot::build(estate), start)
}

/// Shortest attack paths from `from` to `to` on a fresh snapshot of `estate`, at most
/// `max_paths` of them (convenient for one query; keep a [`Snapshot`] and a [`Searcher`]
/// for many).
pub fn attack_paths(estate: &Estate, from: NodeId, to: NodeId, max_paths: usize) -> AttackPaths {
    Searcher::new().attack_paths(&Snapshot::build(estate), from, to, max_paths)
}
