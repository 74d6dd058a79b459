//! The editable estate: a petgraph `StableDiGraph` of nodes and access edges.
//!
//! Nodes are never removed, only disabled, so a [`NodeId`] stays valid for the life of the
//! estate and node indices are dense, in declaration order. Edges are never removed either:
//! revoking a grant or a credential disables it. The analyses read a compact snapshot of this
//! graph (see the `csr` module); the `StableGraph` stays the model that sessions edit.

use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::EdgeRef;

use crate::index::IdIndex;
use crate::model::{EdgeKind, Node, NodeClass, Team, Ticks};

/// Stable handle of a node: its position in declaration order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub u32);

impl NodeId {
    /// The dense index (declaration order).
    pub fn index(self) -> usize {
        self.0 as usize
    }
    fn ix(self) -> NodeIndex<u32> {
        NodeIndex::new(self.index())
    }
}

/// Stable handle of an edge: its position in insertion order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EdgeId(pub u32);

impl EdgeId {
    /// The dense index (insertion order).
    pub fn index(self) -> usize {
        self.0 as usize
    }
    fn ix(self) -> EdgeIndex<u32> {
        EdgeIndex::new(self.index())
    }
}

/// An edge as stored in the graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Edge {
    pub kind: EdgeKind,
    /// A disabled edge (revoked grant, detached credential) is not traversed.
    pub enabled: bool,
}

/// A node as stored in the graph.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    pub node: Node,
    /// A disabled node (revoked credential, disabled identity, quarantined workload) is
    /// neither entered nor left by traversals.
    pub enabled: bool,
}

/// What can go wrong while building or editing an estate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EstateError {
    #[error("duplicate id `{0}`")]
    DuplicateId(String),
    #[error("unknown id `{0}`")]
    UnknownId(String),
    #[error(
        "a `{kind}` edge goes from a {expected_from} to a {expected_to}, not from a {from} (`{from_id}`) to a {to} (`{to_id}`)"
    )]
    WrongEndpoints {
        kind: &'static str,
        expected_from: NodeClass,
        expected_to: NodeClass,
        from: NodeClass,
        to: NodeClass,
        from_id: String,
        to_id: String,
    },
    #[error("the estate holds at most {max} nodes")]
    TooLarge { max: usize },
}

/// Estate-wide policy used by the analyses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Credentials older than this are stale unless they carry their own `max_age`.
    pub max_credential_age: Ticks,
}

impl Default for Policy {
    fn default() -> Self {
        // 90 days, the usual rotation policy for long-lived secrets.
        Policy {
            max_credential_age: 90 * 24 * 60,
        }
    }
}

/// The principal type of this crate: a typed graph of workloads, identities, credentials and
/// resources, joined by edges that say who can obtain or act as what.
#[derive(Clone, Debug, Default)]
pub struct Estate {
    graph: StableDiGraph<Slot, Edge, u32>,
    /// Node indices by id; each id is stored once, in its node.
    ids: IdIndex,
    teams: Vec<Team>,
    policy: Policy,
    /// Bumped on every topology change (node or edge added, enabled or disabled), so cached
    /// snapshots know when they are out of date.
    generation: u64,
}

impl Estate {
    /// An empty estate with the default policy.
    pub fn new() -> Self {
        Estate::default()
    }

    /// An empty estate with room for `nodes` nodes and `edges` edges, so that building a
    /// large one never reallocates.
    pub fn with_capacity(nodes: usize, edges: usize) -> Self {
        Estate {
            graph: StableDiGraph::with_capacity(nodes, edges),
            ids: IdIndex::with_capacity(nodes),
            ..Estate::default()
        }
    }

    /// The estate-wide rotation policy.
    pub fn policy(&self) -> Policy {
        self.policy
    }

    /// Replaces the estate-wide rotation policy.
    pub fn set_policy(&mut self, policy: Policy) {
        self.policy = policy;
    }

    /// Adds a team.
    pub fn add_team(&mut self, team: Team) {
        self.teams.push(team);
    }

    /// Teams in declaration order.
    pub fn teams(&self) -> &[Team] {
        &self.teams
    }

    /// Adds a node; ids are unique across the estate.
    pub fn add_node(&mut self, node: Node) -> Result<NodeId, EstateError> {
        let graph = &self.graph;
        let name = |i: u32| graph[NodeIndex::new(i as usize)].node.id.as_str();
        if self.ids.find(&node.id, name).is_some() {
            return Err(EstateError::DuplicateId(node.id));
        }
        if self.graph.node_count() >= u32::MAX as usize - 1 {
            return Err(EstateError::TooLarge {
                max: u32::MAX as usize - 1,
            });
        }
        let ix = self.graph.add_node(Slot {
            node,
            enabled: true,
        });
        let nid = NodeId(ix.index() as u32);
        let graph = &self.graph;
        let name = |i: u32| graph[NodeIndex::new(i as usize)].node.id.as_str();
        let fresh = self.ids.insert(&graph[ix].node.id, nid.0, name);
        debug_assert!(fresh.is_ok(), "invariant: the id was checked absent above");
        self.generation += 1;
        Ok(nid)
    }

    /// Adds an edge, checking that its endpoints are of the classes its kind joins.
    pub fn add_edge(
        &mut self,
        from: NodeId,
        to: NodeId,
        kind: EdgeKind,
    ) -> Result<EdgeId, EstateError> {
        let (ef, et) = kind.endpoints();
        let (f, t) = (self.node(from), self.node(to));
        if f.class() != ef || t.class() != et {
            return Err(EstateError::WrongEndpoints {
                kind: kind.as_str(),
                expected_from: ef,
                expected_to: et,
                from: f.class(),
                to: t.class(),
                from_id: f.id.clone(),
                to_id: t.id.clone(),
            });
        }
        let e = self.graph.add_edge(
            from.ix(),
            to.ix(),
            Edge {
                kind,
                enabled: true,
            },
        );
        self.generation += 1;
        Ok(EdgeId(e.index() as u32))
    }

    /// Adds an edge between two nodes named by id.
    pub fn connect(&mut self, from: &str, to: &str, kind: EdgeKind) -> Result<EdgeId, EstateError> {
        let f = self.require(from)?;
        let t = self.require(to)?;
        self.add_edge(f, t, kind)
    }

    /// The node with this id, if any.
    pub fn find(&self, id: &str) -> Option<NodeId> {
        let name = |i: u32| self.graph[NodeIndex::new(i as usize)].node.id.as_str();
        self.ids.find(id, name).map(NodeId)
    }

    /// The node with this id, or an `UnknownId` error.
    pub fn require(&self, id: &str) -> Result<NodeId, EstateError> {
        self.find(id)
            .ok_or_else(|| EstateError::UnknownId(id.to_owned()))
    }

    /// Number of nodes (enabled or not).
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of edges (enabled or not).
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// The node behind a handle. Handles come from this estate, so the lookup cannot fail.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.slot(id).node
    }

    /// Mutable access to a node's attributes (not its topology).
    pub fn node_mut(&mut self, id: NodeId) -> &mut Node {
        &mut self
            .graph
            .node_weight_mut(id.ix())
            .expect("NodeId comes from this estate and nodes are never removed")
            .node
    }

    fn slot(&self, id: NodeId) -> &Slot {
        self.graph
            .node_weight(id.ix())
            .expect("NodeId comes from this estate and nodes are never removed")
    }

    /// Whether the node is enabled.
    pub fn is_enabled(&self, id: NodeId) -> bool {
        self.slot(id).enabled
    }

    /// Enables or disables a node (never removes it).
    pub fn set_enabled(&mut self, id: NodeId, enabled: bool) {
        let slot = self
            .graph
            .node_weight_mut(id.ix())
            .expect("NodeId comes from this estate and nodes are never removed");
        if slot.enabled != enabled {
            slot.enabled = enabled;
            self.generation += 1;
        }
    }

    /// The edge behind a handle.
    pub fn edge(&self, id: EdgeId) -> &Edge {
        self.graph
            .edge_weight(id.ix())
            .expect("EdgeId comes from this estate and edges are never removed")
    }

    /// The endpoints of an edge, `(from, to)`.
    pub fn endpoints(&self, id: EdgeId) -> (NodeId, NodeId) {
        let (a, b) = self
            .graph
            .edge_endpoints(id.ix())
            .expect("EdgeId comes from this estate and edges are never removed");
        (NodeId(a.index() as u32), NodeId(b.index() as u32))
    }

    /// Enables or disables an edge (never removes it).
    pub fn set_edge_enabled(&mut self, id: EdgeId, enabled: bool) {
        let e = self
            .graph
            .edge_weight_mut(id.ix())
            .expect("EdgeId comes from this estate and edges are never removed");
        if e.enabled != enabled {
            e.enabled = enabled;
            self.generation += 1;
        }
    }

    /// Changes an edge's kind in place (a grant scoped down keeps its identity).
    pub fn set_edge_kind(&mut self, id: EdgeId, kind: EdgeKind) {
        let e = self
            .graph
            .edge_weight_mut(id.ix())
            .expect("EdgeId comes from this estate and edges are never removed");
        if e.kind != kind {
            e.kind = kind;
            self.generation += 1;
        }
    }

    /// Every node handle, in declaration order.
    pub fn node_ids(&self) -> impl ExactSizeIterator<Item = NodeId> + '_ {
        (0..self.graph.node_count() as u32).map(NodeId)
    }

    /// Every node handle of one class, in declaration order.
    pub fn nodes_of(&self, class: NodeClass) -> impl Iterator<Item = NodeId> + '_ {
        self.node_ids()
            .filter(move |&n| self.node(n).class() == class)
    }

    /// Every edge handle, in insertion order.
    pub fn edge_ids(&self) -> impl ExactSizeIterator<Item = EdgeId> + '_ {
        (0..self.graph.edge_count() as u32).map(EdgeId)
    }

    /// Outgoing edges of a node, in insertion order: `(edge, target)`.
    pub fn out_edges(&self, id: NodeId) -> Vec<(EdgeId, NodeId)> {
        self.adjacent(id, Direction::Outgoing)
    }

    /// Incoming edges of a node, in insertion order: `(edge, source)`.
    pub fn in_edges(&self, id: NodeId) -> Vec<(EdgeId, NodeId)> {
        self.adjacent(id, Direction::Incoming)
    }

    fn adjacent(&self, id: NodeId, dir: Direction) -> Vec<(EdgeId, NodeId)> {
        // petgraph lists a node's edges newest first; sort so order is insertion order.
        let mut v: Vec<(EdgeId, NodeId)> = self
            .graph
            .edges_directed(id.ix(), dir)
            .map(|e| {
                let other = if dir == Direction::Outgoing {
                    e.target()
                } else {
                    e.source()
                };
                (EdgeId(e.id().index() as u32), NodeId(other.index() as u32))
            })
            .collect();
        v.sort_unstable();
        v
    }

    /// The first edge of a kind-class from `from` to `to`, if any (e.g. the grant between an
    /// identity and a resource).
    pub fn find_edge(
        &self,
        from: NodeId,
        to: NodeId,
        matches: impl Fn(EdgeKind) -> bool,
    ) -> Option<EdgeId> {
        self.out_edges(from)
            .into_iter()
            .find(|&(e, t)| t == to && matches(self.edge(e).kind))
            .map(|(e, _)| e)
    }

    /// A counter bumped on every topology change; snapshots compare it to know when to rebuild.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The underlying graph, for algorithms that want petgraph's traits.
    pub fn graph(&self) -> &StableDiGraph<Slot, Edge, u32> {
        &self.graph
    }
}
