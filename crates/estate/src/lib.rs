//! The estate: a typed graph of an organisation's non-human identities and what they reach.
//!
//! The principal type in this crate is an [`Estate`]: workloads, identities, credentials and
//! resources joined by directed edges that mean *"whoever controls the source can obtain or
//! act as the target"*. It is stored as a petgraph `StableDiGraph` so that revoking and
//! disabling never renumber anything; nodes are numbered in declaration order, which is also
//! the order every analysis reports ties in.

mod graph;
mod model;

pub use graph::{Edge, EdgeId, Estate, EstateError, NodeId, Policy, Slot};
pub use model::{
    Criticality, CredentialKind, EdgeKind, Env, IdentityKind, LastUsed, Node, NodeClass, NodeKind,
    Permission, ResourceKind, Rotation, Sensitivity, Team, Ticks, WorkloadKind,
};
