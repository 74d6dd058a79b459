//! The estate: a typed graph of an organisation's non-human identities and what they reach.
//!
//! The principal type in this crate is an [`Estate`]: workloads, identities, credentials and
//! resources joined by directed edges that mean *"whoever controls the source can obtain or
//! act as the target"*. It is stored as a petgraph `StableDiGraph` so that revoking and
//! disabling never renumber anything; nodes are numbered in declaration order, which is also
//! the order every analysis reports ties in.
//!
//! The analyses run on a [`Snapshot`], a compact CSR copy of the topology, through a
//! [`Searcher`] that reuses its buffers across queries: [`blast_radius`] and
//! [`attack_paths`] (with count-only fast paths), plus the hygiene [`findings`] read straight
//! from the estate. [`export`] writes DOT, Mermaid and edge lists; [`synthetic`] builds large
//! estates for benchmarks and `drillhall generate`.
// Byte-slicing user text panics on a character boundary: every slice of a string is by
// `get`, by a boundary the code found, or allowed with the reason at the site.
#![warn(clippy::string_slice)]

mod bitset;
mod condense;
mod csr;
pub mod export;
pub mod findings;
mod graph;
mod index;
mod model;
mod search;
pub mod synthetic;

pub use condense::{Condensation, CondensedSearcher};
pub use csr::Snapshot;
pub use findings::{
    Dependent, OrphanReason, OrphanedIdentity, OverPrivilegedGrant, StaleCredential, StaleReason,
    dependents, orphaned_identities, over_privileged_grants, stale_credentials,
};
pub use graph::{Edge, EdgeId, Estate, EstateError, NodeId, Policy, Slot};
pub use index::{IdIndex, id_hash};
pub use model::{
    CredentialKind, Criticality, EdgeKind, Env, IdentityKind, LastUsed, Node, NodeClass, NodeKind,
    Permission, ResourceKind, Rotation, Sensitivity, Team, Ticks, WorkloadKind,
};
pub use search::{
    AttackPath, AttackPaths, BlastRadius, BlastTree, Reached, Searcher, TreeLine, attack_paths,
    blast_radius,
};
