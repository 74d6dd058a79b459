//! Reach counts in time proportional to the condensation, not to the estate.
//!
//! The principal type here is a [`Condensation`]: the strongly connected components of a
//! [`Snapshot`]'s live graph (disabled nodes, disabled edges and `grants` at `none` left out)
//! and the acyclic graph between them. Realistic estates hold one giant component (roles that
//! assume each other, workloads that hold credentials of identities that control them), so
//! the condensation is a small fraction of the estate, and "how many nodes does this foothold
//! reach" or "which sensitive resources" walks the components instead of the nodes: every
//! node of a component reaches every other node of it.
//!
//! It is built once per snapshot state with Tarjan's algorithm (iterative, O(V+E)); the
//! snapshot's patches do not reach it, so build a new one after patching (the engine's
//! snapshot changes only on a revocation, the analyses of a loaded estate never).
//! The ranked tree of cheapest paths still needs a breadth-first search
//! ([`Searcher::blast_radius`](crate::Searcher::blast_radius)); the counts do not.

use crate::csr::{Adjacency, Snapshot, resource_sensitivity};
use crate::graph::NodeId;
use crate::model::Sensitivity;

/// Marks that no component is assigned yet.
const UNSET: u32 = u32::MAX;

/// The sensitivity byte of a node that is not a resource.
const NOT_RESOURCE: u8 = u8::MAX;

/// The strongly connected components of a snapshot and the acyclic graph between them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Condensation {
    /// Per node, its component; [`UNSET`] for disabled nodes, which belong to none.
    component: Vec<u32>,
    /// Per component, its number of nodes.
    size: Vec<u32>,
    /// Successor components, as compressed rows: `succ[succ_off[c]..succ_off[c + 1]]`,
    /// each row without repeats.
    succ_off: Vec<u32>,
    succ: Vec<u32>,
    /// Per component, its resources as `(node, sensitivity)`, most sensitive first, then by
    /// node id: `resources[res_off[c]..res_off[c + 1]]`.
    res_off: Vec<u32>,
    resources: Vec<(u32, u8)>,
    /// Per node, its sensitivity when it is a resource, [`NOT_RESOURCE`] otherwise.
    sensitivity: Vec<u8>,
    /// The snapshot's generation and size when this was built.
    generation: u64,
    nodes: usize,
    edges: usize,
}

/// Reusable buffers of condensation queries: keep one per thread.
#[derive(Clone, Debug, Default)]
pub struct CondensedSearcher {
    /// Per component, the query that last reached it.
    mark: Vec<u32>,
    base: u32,
    queue: Vec<u32>,
}

impl Condensation {
    /// Condenses the live graph of a snapshot in O(V+E).
    pub fn build(snap: &Snapshot) -> Condensation {
        let n = snap.node_count();
        let adj = &snap.fwd;
        let live = |v: u32| !snap.disabled_nodes.get(v as usize);
        let mut component = vec![UNSET; n];
        // Tarjan: `index[v]` is the visit order (0 = unvisited), `low[v]` the lowest index
        // reachable through the DFS subtree and one back edge.
        let mut index = vec![0u32; n];
        let mut low = vec![0u32; n];
        let mut stack: Vec<u32> = Vec::new();
        // The DFS path: node and the next adjacency position to look at.
        let mut path: Vec<(u32, usize)> = Vec::new();
        let mut next_index = 1u32;
        let mut size: Vec<u32> = Vec::new();
        for root in 0..n as u32 {
            if index[root as usize] != 0 || !live(root) {
                continue;
            }
            index[root as usize] = next_index;
            low[root as usize] = next_index;
            next_index += 1;
            stack.push(root);
            path.push((root, adj.range(root).start));
            while let Some(&mut (u, ref mut pos)) = path.last_mut() {
                let end = adj.range(u).end;
                let mut descended = false;
                while *pos < end {
                    let p = *pos;
                    *pos += 1;
                    let v = adj.links[p].node;
                    if adj.blocked.get(p) || !live(v) {
                        continue;
                    }
                    let vi = v as usize;
                    if index[vi] == 0 {
                        index[vi] = next_index;
                        low[vi] = next_index;
                        next_index += 1;
                        stack.push(v);
                        path.push((v, adj.range(v).start));
                        descended = true;
                        break;
                    }
                    if component[vi] == UNSET {
                        // On the stack: a back or cross edge within the current component.
                        low[u as usize] = low[u as usize].min(index[vi]);
                    }
                }
                if descended {
                    continue;
                }
                path.pop();
                let ui = u as usize;
                if let Some(&(parent, _)) = path.last() {
                    let pi = parent as usize;
                    low[pi] = low[pi].min(low[ui]);
                }
                if low[ui] == index[ui] {
                    let c = size.len() as u32;
                    let mut count = 0;
                    while let Some(w) = stack.pop() {
                        component[w as usize] = c;
                        count += 1;
                        if w == u {
                            break;
                        }
                    }
                    size.push(count);
                }
            }
        }
        drop((index, low));
        let components = size.len();
        let (succ_off, succ) = dag_rows(adj, &component, components);
        let (res_off, resources) = resource_rows(snap, &component, components);
        let sensitivity = snap
            .rank
            .iter()
            .map(|&r| resource_sensitivity(r).unwrap_or(NOT_RESOURCE))
            .collect();
        Condensation {
            component,
            size,
            succ_off,
            succ,
            res_off,
            resources,
            sensitivity,
            generation: snap.generation(),
            nodes: n,
            edges: snap.edge_count(),
        }
    }

    /// Whether this was built from a snapshot of the same generation and size (patches made
    /// since without a new generation are not seen: build anew after patching).
    pub fn is_current(&self, snap: &Snapshot) -> bool {
        self.generation == snap.generation()
            && self.nodes == snap.node_count()
            && self.edges == snap.edge_count()
    }

    /// Number of components (disabled nodes belong to none).
    pub fn component_count(&self) -> usize {
        self.size.len()
    }

    /// Number of edges between components.
    pub fn dag_edge_count(&self) -> usize {
        self.succ.len()
    }

    /// Number of nodes in the largest component.
    pub fn largest_component(&self) -> usize {
        self.size.iter().copied().max().unwrap_or(0) as usize
    }

    /// The component of a node, `None` when it is disabled.
    pub fn component_of(&self, v: NodeId) -> Option<u32> {
        let c = self.component[v.index()];
        (c != UNSET).then_some(c)
    }

    fn successors(&self, c: u32) -> &[u32] {
        let c = c as usize;
        &self.succ[self.succ_off[c] as usize..self.succ_off[c + 1] as usize]
    }

    fn resources_of(&self, c: u32) -> &[(u32, u8)] {
        let c = c as usize;
        &self.resources[self.res_off[c] as usize..self.res_off[c + 1] as usize]
    }
}

/// The edges between components, deduplicated per row with a stamp per component.
fn dag_rows(adj: &Adjacency, component: &[u32], components: usize) -> (Vec<u32>, Vec<u32>) {
    // Group nodes by component (counting sort), then read each component's out-edges.
    let mut off = vec![0u32; components + 1];
    for &c in component {
        if c != UNSET {
            off[c as usize + 1] += 1;
        }
    }
    for i in 0..components {
        off[i + 1] += off[i];
    }
    let mut at = off.clone();
    let mut members = vec![0u32; off[components] as usize];
    for (v, &c) in component.iter().enumerate() {
        if c != UNSET {
            members[at[c as usize] as usize] = v as u32;
            at[c as usize] += 1;
        }
    }
    let mut stamp = vec![UNSET; components];
    let mut succ_off = Vec::with_capacity(components + 1);
    let mut succ = Vec::new();
    succ_off.push(0);
    for c in 0..components {
        for &u in &members[off[c] as usize..off[c + 1] as usize] {
            let range = adj.range(u);
            let lo = range.start;
            for (k, link) in adj.links[range].iter().enumerate() {
                let d = component[link.node as usize];
                if d == UNSET || d == c as u32 || adj.blocked.get(lo + k) {
                    continue;
                }
                if stamp[d as usize] != c as u32 {
                    stamp[d as usize] = c as u32;
                    succ.push(d);
                }
            }
        }
        succ_off.push(succ.len() as u32);
    }
    (succ_off, succ)
}

/// Each component's resources, most sensitive first, then by node id.
fn resource_rows(
    snap: &Snapshot,
    component: &[u32],
    components: usize,
) -> (Vec<u32>, Vec<(u32, u8)>) {
    let mut off = vec![0u32; components + 1];
    let found: Vec<(u32, u32, u8)> = (0..snap.node_count())
        .filter_map(|v| {
            let c = component[v];
            let s = resource_sensitivity(snap.rank[v])?;
            (c != UNSET).then_some((c, v as u32, s))
        })
        .collect();
    for &(c, _, _) in &found {
        off[c as usize + 1] += 1;
    }
    for i in 0..components {
        off[i + 1] += off[i];
    }
    let mut at = off.clone();
    let mut rows = vec![(0u32, 0u8); found.len()];
    for &(c, v, s) in &found {
        rows[at[c as usize] as usize] = (v, s);
        at[c as usize] += 1;
    }
    for c in 0..components {
        rows[off[c] as usize..off[c + 1] as usize].sort_by_key(|&(v, s)| (std::cmp::Reverse(s), v));
    }
    (off, rows)
}

impl CondensedSearcher {
    /// A searcher with empty buffers; they grow on first use.
    pub fn new() -> CondensedSearcher {
        CondensedSearcher::default()
    }

    /// Visits every component reachable from `start`'s (its own included), calling `visit`
    /// on each; nothing when `start` is disabled.
    fn walk(&mut self, cond: &Condensation, start: NodeId, mut visit: impl FnMut(u32)) {
        let Some(first) = cond.component_of(start) else {
            return;
        };
        let k = cond.component_count();
        if self.mark.len() < k {
            self.mark.resize(k, 0);
        }
        if self.base == u32::MAX {
            self.mark.fill(0);
            self.base = 0;
        }
        self.base += 1;
        let base = self.base;
        self.queue.clear();
        self.queue.push(first);
        self.mark[first as usize] = base;
        let mut head = 0;
        while let Some(&c) = self.queue.get(head) {
            head += 1;
            visit(c);
            for &d in cond.successors(c) {
                if self.mark[d as usize] != base {
                    self.mark[d as usize] = base;
                    self.queue.push(d);
                }
            }
        }
    }

    /// Number of nodes reachable from `start`, the start excluded: the same number as
    /// [`Searcher::reach_count`](crate::Searcher::reach_count), in time proportional to the
    /// components reached.
    pub fn reach_count(&mut self, cond: &Condensation, start: NodeId) -> usize {
        let mut total = 0usize;
        self.walk(cond, start, |c| total += cond.size[c as usize] as usize);
        total.saturating_sub(1)
    }

    /// Every resource reachable from `start` at `min` sensitivity or above, most sensitive
    /// first, then by node id (the start itself excluded).
    pub fn sensitive_resources(
        &mut self,
        cond: &Condensation,
        start: NodeId,
        min: Sensitivity,
    ) -> Vec<NodeId> {
        let min = min as u8;
        let mut found: Vec<(u32, u8)> = Vec::new();
        self.walk(cond, start, |c| {
            let rows = cond.resources_of(c);
            let keep = rows.partition_point(|&(_, s)| s >= min);
            found.extend_from_slice(&rows[..keep]);
        });
        found.retain(|&(v, _)| v != start.0);
        found.sort_unstable_by_key(|&(v, s)| (std::cmp::Reverse(s), v));
        found.into_iter().map(|(v, _)| NodeId(v)).collect()
    }

    /// Number of resources reachable from `start` at `min` sensitivity or above (the start
    /// itself excluded).
    pub fn sensitive_count(
        &mut self,
        cond: &Condensation,
        start: NodeId,
        min: Sensitivity,
    ) -> usize {
        let min = min as u8;
        let mut total = 0usize;
        self.walk(cond, start, |c| {
            total += cond.resources_of(c).partition_point(|&(_, s)| s >= min);
        });
        let s = cond.sensitivity[start.index()];
        let start_counted = total > 0 && s != NOT_RESOURCE && s >= min;
        total - usize::from(start_counted)
    }
}
