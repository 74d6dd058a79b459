//! Hygiene findings on an estate: over-privileged grants, orphaned identities, stale
//! credentials, and the dependents of a credential.
//!
//! These are linear scans of the [`Estate`] itself (no snapshot needed) and report in
//! declaration order. Findings describe the *live* estate: a revoked (disabled) grant is no
//! longer over-privilege, and a disabled identity or credential is already dealt with, so
//! disabled edges and nodes are left out, except where noted.

use std::collections::BTreeSet;

use crate::graph::{EdgeId, Estate, NodeId};
use crate::model::{EdgeKind, NodeClass, Permission, Rotation, Ticks};

/// A `grants` edge above `none` that the inventory records as unused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OverPrivilegedGrant {
    /// The grant.
    pub edge: EdgeId,
    /// Who holds the access.
    pub identity: NodeId,
    /// What the access is to.
    pub resource: NodeId,
    /// The access level that is never used.
    pub permission: Permission,
}

/// Unused grants above `none`, in edge order. Disabled grants and grants between disabled
/// nodes are left out.
pub fn over_privileged_grants(estate: &Estate) -> Vec<OverPrivilegedGrant> {
    estate
        .edge_ids()
        .filter_map(|e| {
            let edge = estate.edge(e);
            let EdgeKind::Grants { permission, used } = edge.kind else {
                return None;
            };
            let (identity, resource) = estate.endpoints(e);
            let live = edge.enabled && estate.is_enabled(identity) && estate.is_enabled(resource);
            (live && !used && permission > Permission::None).then_some(OverPrivilegedGrant {
                edge: e,
                identity,
                resource,
                permission,
            })
        })
        .collect()
}

/// Why an identity counts as orphaned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrphanReason {
    /// No owner recorded.
    NoOwner,
    /// The recorded owner is not a declared team (a team that was reorganised away).
    UnknownTeam(String),
}

/// An identity nobody answers for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrphanedIdentity {
    /// The identity.
    pub identity: NodeId,
    /// Why it is orphaned.
    pub reason: OrphanReason,
}

/// Enabled identities with no owner or an owner that is not a declared team, in declaration
/// order.
pub fn orphaned_identities(estate: &Estate) -> Vec<OrphanedIdentity> {
    let teams: BTreeSet<&str> = estate.teams().iter().map(|t| t.id.as_str()).collect();
    estate
        .nodes_of(NodeClass::Identity)
        .filter(|&v| estate.is_enabled(v))
        .filter_map(|v| {
            let reason = match &estate.node(v).owner {
                None => OrphanReason::NoOwner,
                Some(owner) if !teams.contains(owner.as_str()) => {
                    OrphanReason::UnknownTeam(owner.clone())
                }
                Some(_) => return None,
            };
            Some(OrphanedIdentity {
                identity: v,
                reason,
            })
        })
        .collect()
}

/// Which limit a stale credential is past.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaleReason {
    /// Older than its own `max_age`.
    PastOwnMaxAge,
    /// Older than the estate policy (it has no `max_age` of its own).
    PastPolicy,
    /// Within its own, longer `max_age`, but older than the estate policy with no rotation
    /// process at all (`rotation: none`): nothing will ever bring it back under the policy.
    NoRotation,
}

/// A credential older than it should be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StaleCredential {
    /// The credential.
    pub credential: NodeId,
    /// Its age at the start of the scenario.
    pub age: Ticks,
    /// The limit it is past.
    pub limit: Ticks,
    /// Which limit that is.
    pub reason: StaleReason,
    /// Whether it has no rotation process (`rotation: none`).
    pub no_rotation: bool,
}

/// Enabled credentials whose age exceeds their own `max_age`, or else the estate policy;
/// and credentials with `rotation: none` older than the policy whatever their own limit.
/// Credentials of unknown age are not reported. Declaration order.
pub fn stale_credentials(estate: &Estate) -> Vec<StaleCredential> {
    let policy = estate.policy().max_credential_age;
    estate
        .nodes_of(NodeClass::Credential)
        .filter(|&v| estate.is_enabled(v))
        .filter_map(|v| {
            let node = estate.node(v);
            let age = node.age?;
            let no_rotation = node.rotation == Rotation::None;
            let (limit, reason) = match node.max_age {
                Some(own) if age > own => (own, StaleReason::PastOwnMaxAge),
                None if age > policy => (policy, StaleReason::PastPolicy),
                _ if no_rotation && age > policy => (policy, StaleReason::NoRotation),
                _ => return None,
            };
            Some(StaleCredential {
                credential: v,
                age,
                limit,
                reason,
                no_rotation,
            })
        })
        .collect()
}

/// A workload that breaks when a credential dies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dependent {
    /// The workload.
    pub workload: NodeId,
    /// Its `holds` edge to the credential.
    pub via: EdgeId,
    /// Absent from the trainee's inventory until discovered.
    pub hidden: bool,
    /// Whether the workload is running (a quarantined workload is already down).
    pub enabled: bool,
}

/// The workloads that hold `credential` through an enabled `holds` edge, hidden ones
/// included (and flagged), disabled ones included (and flagged), ordered by workload.
///
/// Only direct holders: a workload depends on the secrets it holds, and everything further
/// away (callers of that workload, identities the credential authenticates as) is reached
/// through the workload's outage, which the engine models, not through the credential. An
/// attacker's path is not a dependency.
pub fn dependents(estate: &Estate, credential: NodeId) -> Vec<Dependent> {
    let mut out: Vec<Dependent> = Vec::new();
    for (e, w) in estate.in_edges(credential) {
        let edge = estate.edge(e);
        if edge.kind != EdgeKind::Holds || !edge.enabled {
            continue;
        }
        out.push(Dependent {
            workload: w,
            via: e,
            hidden: estate.node(w).hidden,
            enabled: estate.is_enabled(w),
        });
    }
    // Edge order first, so a workload holding the credential twice keeps its first edge.
    out.sort_by_key(|d| (d.workload, d.via));
    out.dedup_by_key(|d| d.workload);
    out
}
