//! The compact snapshot the analyses run on: compressed sparse rows in both directions.
//!
//! The principal type here is a [`Snapshot`]. Real estates hold 10⁵–10⁶ non-human identities,
//! and walking petgraph's linked edge lists for every query is slow, so the analyses read a
//! read-only copy laid out as flat `u32` arrays: per node an offset into one array of targets
//! (forward) and one of sources (reverse), per adjacency position the [`EdgeId`] it came
//! from, and two bitsets that say which nodes are disabled and which positions may not be
//! traversed (revoked edges and `grants` at `none`).
//!
//! Each node's targets are ordered by target [`NodeId`] (parallel edges by [`EdgeId`]), which
//! is what makes every search deterministic *and* lets a breadth-first search hand out the
//! lexicographically smallest shortest path to each node without any sorting at query time.
//!
//! A snapshot is built in O(V+E) with counting sorts. When the engine revokes a credential or
//! a grant it patches the snapshot ([`Snapshot::set_node_enabled`],
//! [`Snapshot::set_edge_enabled`]) instead of rebuilding it; only added nodes or edges need a
//! rebuild, which [`Snapshot::refresh`] decides on its own.

use crate::bitset::Bits;
use crate::graph::{EdgeId, Estate, NodeId};
use crate::model::{NodeClass, NodeKind};

/// One adjacency position: a neighbour and the edge that leads there. Kept side by side so
/// that a search that records the edge it used reads one cache line, not two.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Link {
    pub(crate) node: u32,
    pub(crate) edge: u32,
}

/// One direction of adjacency: `links[offsets[v]..offsets[v + 1]]` are `v`'s neighbours.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Adjacency {
    /// `node_count + 1` offsets into `links`.
    pub(crate) offsets: Vec<u32>,
    /// Neighbours grouped by node, each group ordered by neighbour then edge.
    pub(crate) links: Vec<Link>,
    /// Positions that may not be traversed: the edge is disabled or not traversable.
    pub(crate) blocked: Bits,
}

impl Adjacency {
    /// The adjacency positions of node `v`.
    #[inline]
    pub(crate) fn range(&self, v: u32) -> std::ops::Range<usize> {
        let v = v as usize;
        self.offsets[v] as usize..self.offsets[v + 1] as usize
    }

    /// Number of neighbours of `v` (blocked or not).
    #[inline]
    pub(crate) fn degree(&self, v: u32) -> u64 {
        let v = v as usize;
        u64::from(self.offsets[v + 1] - self.offsets[v])
    }

    /// `(edge, neighbour)` pairs of `v` in snapshot order.
    fn pairs(&self, v: NodeId) -> impl ExactSizeIterator<Item = (EdgeId, NodeId)> + '_ {
        self.links[self.range(v.0)]
            .iter()
            .map(|l| (EdgeId(l.edge), NodeId(l.node)))
    }
}

/// A read-only, compact copy of an [`Estate`]'s topology for fast searches.
///
/// Build it with [`Snapshot::build`]; keep it in step with the estate by patching
/// ([`set_node_enabled`](Snapshot::set_node_enabled),
/// [`set_edge_enabled`](Snapshot::set_edge_enabled),
/// [`set_edge_traversable`](Snapshot::set_edge_traversable)) or by calling
/// [`refresh`](Snapshot::refresh), which patches what it can and rebuilds otherwise.
/// Searches run through a [`Searcher`](crate::Searcher), which owns the reusable buffers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
    /// The estate generation this snapshot reflects (see [`Estate::generation`]).
    generation: u64,
    pub(crate) fwd: Adjacency,
    pub(crate) rev: Adjacency,
    /// Per edge id, its position in `fwd` and in `rev`.
    fwd_pos: Vec<u32>,
    rev_pos: Vec<u32>,
    /// Per edge id, its endpoints.
    ends: Vec<(u32, u32)>,
    /// Nodes that are neither entered nor left.
    pub(crate) disabled_nodes: Bits,
    /// Per edge id: disabled (revoked) edges.
    disabled_edges: Bits,
    /// Per edge id: edges an attacker gains nothing from (`grants` at `none`).
    inert_edges: Bits,
    /// Per node, its display rank for blast radius (lower ranks first), see [`display_rank`].
    pub(crate) rank: Vec<u8>,
}

/// Number of distinct values [`display_rank`] returns.
pub(crate) const RANKS: usize = 30;

/// Display rank of a node: resource sensitivity descending, then workload criticality
/// descending. Nodes of other classes rank after every resource and workload.
fn display_rank(kind: NodeKind, node: &crate::model::Node) -> u8 {
    // 0 for "not a resource", 1..=5 for public..crown-jewel.
    let sensitivity = match kind.class() {
        NodeClass::Resource => node.sensitivity as u8 + 1,
        _ => 0,
    };
    // 0 for "not a workload", 1..=4 for low..critical.
    let criticality = match kind.class() {
        NodeClass::Workload => node.criticality as u8 + 1,
        _ => 0,
    };
    (5 - sensitivity) * 5 + (4 - criticality)
}

/// The sensitivity (`Sensitivity as u8`) of a node of display rank `rank`, when it is a
/// resource: resources are exactly the ranks below 25 (see [`display_rank`]).
pub(crate) fn resource_sensitivity(rank: u8) -> Option<u8> {
    (rank < 25).then(|| 4 - rank / 5)
}

/// Makes the link of edge `e` towards `node[e]`.
fn link(node: &[u32]) -> impl Fn(&u32) -> Link + '_ {
    move |&e| Link {
        node: node[e as usize],
        edge: e,
    }
}

/// Counting sort of edge indices into per-node buckets: `key[e]` is the bucket of edge `e`,
/// and edges are placed in the order `order` yields them.
fn bucket(n: usize, key: &[u32], order: impl Iterator<Item = u32>) -> (Vec<u32>, Vec<u32>) {
    let mut offsets = vec![0u32; n + 1];
    for &k in key {
        offsets[k as usize + 1] += 1;
    }
    for i in 0..n {
        offsets[i + 1] += offsets[i];
    }
    let mut next = offsets.clone();
    let mut placed = vec![0u32; key.len()];
    for e in order {
        let slot = &mut next[key[e as usize] as usize];
        placed[*slot as usize] = e;
        *slot += 1;
    }
    (offsets, placed)
}

impl Snapshot {
    /// Builds a snapshot of the estate in O(V+E).
    pub fn build(estate: &Estate) -> Snapshot {
        let n = estate.node_count();
        let m = estate.edge_count();
        let mut ends = Vec::with_capacity(m);
        let mut disabled_edges = Bits::new(m);
        let mut inert_edges = Bits::new(m);
        for e in estate.edge_ids() {
            let (a, b) = estate.endpoints(e);
            ends.push((a.0, b.0));
            let edge = estate.edge(e);
            disabled_edges.set(e.index(), !edge.enabled);
            inert_edges.set(e.index(), !edge.kind.traversable());
        }
        let src: Vec<u32> = ends.iter().map(|&(a, _)| a).collect();
        let dst: Vec<u32> = ends.iter().map(|&(_, b)| b).collect();

        // Three stable counting sorts give both directions ordered by (neighbour, edge id):
        // edges by target in id order; then forward rows by walking targets in order; then
        // reverse rows by walking sources in order over the (now sorted) forward rows.
        let (by_target_off, by_target) = bucket(n, &dst, 0..m as u32);
        let (fwd_off, fwd_edges) = bucket(n, &src, by_target.iter().copied());
        let (rev_off, rev_edges) = bucket(n, &dst, fwd_edges.iter().copied());
        debug_assert_eq!(by_target_off, rev_off);

        let mut fwd_pos = vec![0u32; m];
        let mut rev_pos = vec![0u32; m];
        let mut fwd_blocked = Bits::new(m);
        let mut rev_blocked = Bits::new(m);
        for (p, &e) in fwd_edges.iter().enumerate() {
            fwd_pos[e as usize] = p as u32;
            let blocked = disabled_edges.get(e as usize) || inert_edges.get(e as usize);
            fwd_blocked.set(p, blocked);
        }
        for (p, &e) in rev_edges.iter().enumerate() {
            rev_pos[e as usize] = p as u32;
            let blocked = disabled_edges.get(e as usize) || inert_edges.get(e as usize);
            rev_blocked.set(p, blocked);
        }
        let fwd = Adjacency {
            offsets: fwd_off,
            links: fwd_edges.iter().map(link(&dst)).collect(),
            blocked: fwd_blocked,
        };
        let rev = Adjacency {
            offsets: rev_off,
            links: rev_edges.iter().map(link(&src)).collect(),
            blocked: rev_blocked,
        };

        let mut disabled_nodes = Bits::new(n);
        let mut rank = Vec::with_capacity(n);
        for v in estate.node_ids() {
            disabled_nodes.set(v.index(), !estate.is_enabled(v));
            let node = estate.node(v);
            rank.push(display_rank(node.kind, node));
        }
        Snapshot {
            generation: estate.generation(),
            fwd,
            rev,
            fwd_pos,
            rev_pos,
            ends,
            disabled_nodes,
            disabled_edges,
            inert_edges,
            rank,
        }
    }

    /// The estate generation this snapshot was built from or last refreshed to.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Whether the snapshot reflects the estate as it is now (same generation and size).
    /// Patches do not change the generation; call [`refresh`](Snapshot::refresh) or
    /// [`mark_current`](Snapshot::mark_current) after patching.
    pub fn is_current(&self, estate: &Estate) -> bool {
        self.generation == estate.generation()
            && self.node_count() == estate.node_count()
            && self.edge_count() == estate.edge_count()
    }

    /// Records that the snapshot now reflects `estate` (after the caller patched it with
    /// exactly the estate's changes).
    pub fn mark_current(&mut self, estate: &Estate) {
        self.generation = estate.generation();
    }

    /// Brings the snapshot up to date with `estate`: a no-op when already current, a rebuild
    /// when nodes or edges were added, otherwise an O(V+E) re-read of enabled flags,
    /// traversability and display ranks without reallocating.
    pub fn refresh(&mut self, estate: &Estate) {
        if self.is_current(estate) {
            return;
        }
        if self.node_count() != estate.node_count() || self.edge_count() != estate.edge_count() {
            *self = Snapshot::build(estate);
            return;
        }
        for v in estate.node_ids() {
            self.set_node_enabled(v, estate.is_enabled(v));
            let node = estate.node(v);
            self.rank[v.index()] = display_rank(node.kind, node);
        }
        for e in estate.edge_ids() {
            let edge = estate.edge(e);
            self.disabled_edges.set(e.index(), !edge.enabled);
            self.inert_edges.set(e.index(), !edge.kind.traversable());
            self.sync_blocked(e);
        }
        self.generation = estate.generation();
    }

    /// Number of nodes (enabled or not).
    pub fn node_count(&self) -> usize {
        self.rank.len()
    }

    /// Number of edges (enabled or not).
    pub fn edge_count(&self) -> usize {
        self.ends.len()
    }

    /// Whether a node may be entered and left.
    pub fn is_node_enabled(&self, v: NodeId) -> bool {
        !self.disabled_nodes.get(v.index())
    }

    /// Whether an edge is enabled (not revoked); it may still be non-traversable.
    pub fn is_edge_enabled(&self, e: EdgeId) -> bool {
        !self.disabled_edges.get(e.index())
    }

    /// Whether an attacker can move along an edge: enabled and traversable.
    pub fn is_edge_live(&self, e: EdgeId) -> bool {
        !self.disabled_edges.get(e.index()) && !self.inert_edges.get(e.index())
    }

    /// The endpoints of an edge, `(from, to)`.
    pub fn endpoints(&self, e: EdgeId) -> (NodeId, NodeId) {
        let (a, b) = self.ends[e.index()];
        (NodeId(a), NodeId(b))
    }

    /// Outgoing `(edge, target)` pairs, ordered by target then edge, blocked ones included.
    pub fn out_edges(&self, v: NodeId) -> impl ExactSizeIterator<Item = (EdgeId, NodeId)> + '_ {
        self.fwd.pairs(v)
    }

    /// Incoming `(edge, source)` pairs, ordered by source then edge, blocked ones included.
    pub fn in_edges(&self, v: NodeId) -> impl ExactSizeIterator<Item = (EdgeId, NodeId)> + '_ {
        self.rev.pairs(v)
    }

    /// Number of disabled nodes.
    pub fn disabled_node_count(&self) -> usize {
        self.disabled_nodes.count_ones()
    }

    /// Patch: enables or disables a node without rebuilding.
    pub fn set_node_enabled(&mut self, v: NodeId, enabled: bool) {
        self.disabled_nodes.set(v.index(), !enabled);
    }

    /// Patch: enables or disables an edge without rebuilding.
    pub fn set_edge_enabled(&mut self, e: EdgeId, enabled: bool) {
        self.disabled_edges.set(e.index(), !enabled);
        self.sync_blocked(e);
    }

    /// Patch: records whether an edge is traversable after its kind changed (a grant scoped
    /// down to `none`, or back up), without rebuilding.
    pub fn set_edge_traversable(&mut self, e: EdgeId, traversable: bool) {
        self.inert_edges.set(e.index(), !traversable);
        self.sync_blocked(e);
    }

    fn sync_blocked(&mut self, e: EdgeId) {
        let blocked = self.disabled_edges.get(e.index()) || self.inert_edges.get(e.index());
        self.fwd
            .blocked
            .set(self.fwd_pos[e.index()] as usize, blocked);
        self.rev
            .blocked
            .set(self.rev_pos[e.index()] as usize, blocked);
    }
}

#[cfg(test)]
mod tests {
    use super::Snapshot;
    use crate::graph::{EdgeId, Estate, NodeId};
    use crate::model::{
        CredentialKind, EdgeKind, IdentityKind, Node, NodeKind, Permission, ResourceKind,
    };

    fn identity(id: &str) -> Node {
        Node::new(id, NodeKind::Identity(IdentityKind::Role))
    }

    #[test]
    fn rows_are_ordered_by_neighbour_then_edge_whatever_the_insertion_order() {
        let mut est = Estate::new();
        let a = est.add_node(identity("a")).unwrap();
        let b = est.add_node(identity("b")).unwrap();
        let c = est.add_node(identity("c")).unwrap();
        let e0 = est.add_edge(a, c, EdgeKind::CanAssume).unwrap();
        let e1 = est.add_edge(a, b, EdgeKind::CanAssume).unwrap();
        let e2 = est.add_edge(a, c, EdgeKind::CanAssume).unwrap();
        let e3 = est.add_edge(b, c, EdgeKind::CanAssume).unwrap();
        let snap = Snapshot::build(&est);
        assert_eq!(
            snap.out_edges(a).collect::<Vec<_>>(),
            vec![(e1, b), (e0, c), (e2, c)]
        );
        assert_eq!(
            snap.in_edges(c).collect::<Vec<_>>(),
            vec![(e0, a), (e2, a), (e3, b)]
        );
        assert_eq!(snap.endpoints(e3), (b, c));
        assert_eq!(snap.node_count(), 3);
        assert_eq!(snap.edge_count(), 4);
    }

    #[test]
    fn a_grant_at_none_is_not_live_and_patches_follow_the_estate() {
        let mut est = Estate::new();
        let role = est.add_node(identity("role")).unwrap();
        let key = est
            .add_node(Node::new("key", NodeKind::Credential(CredentialKind::Pat)))
            .unwrap();
        let db = est
            .add_node(Node::new("db", NodeKind::Resource(ResourceKind::Database)))
            .unwrap();
        let auth = est.add_edge(key, role, EdgeKind::Authenticates).unwrap();
        let none = EdgeKind::Grants {
            permission: Permission::None,
            used: false,
        };
        let grant = est.add_edge(role, db, none).unwrap();
        let mut snap = Snapshot::build(&est);
        assert!(snap.is_current(&est));
        assert!(snap.is_edge_live(auth));
        assert!(snap.is_edge_enabled(grant) && !snap.is_edge_live(grant));

        est.set_enabled(key, false);
        est.set_edge_enabled(auth, false);
        assert!(!snap.is_current(&est));
        snap.set_node_enabled(key, false);
        snap.set_edge_enabled(auth, false);
        snap.mark_current(&est);
        assert_eq!(snap, Snapshot::build(&est));
        assert_eq!(snap.disabled_node_count(), 1);

        est.set_edge_kind(
            grant,
            EdgeKind::Grants {
                permission: Permission::Read,
                used: true,
            },
        );
        est.set_enabled(key, true);
        snap.refresh(&est);
        assert_eq!(snap, Snapshot::build(&est));
        assert!(snap.is_edge_live(grant) && snap.is_node_enabled(key));

        est.add_node(identity("new")).unwrap();
        snap.refresh(&est);
        assert_eq!(snap, Snapshot::build(&est));
        assert_eq!(snap.out_edges(NodeId(3)).len(), 0);
        assert_eq!(snap.endpoints(EdgeId(1)), (role, db));
    }
}
