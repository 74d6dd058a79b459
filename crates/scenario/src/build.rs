//! Building the estate graph from a scenario's `estate:` section.
//!
//! Nodes are added class by class in the order the format lists them (workloads,
//! identities, credentials, resources), each class in declaration order; edges follow in a
//! fixed order. That order is the order of every report, so it must never depend on
//! anything but the file.

use drillhall_estate::{
    EdgeKind, Estate, EstateError, LastUsed, Node, NodeId, NodeKind, Policy, Team,
};

use crate::format::EstateSpec;
use crate::validate::Resolved;
use crate::values::At;

/// Builds the estate. Fails on the first structural problem (duplicate id, unknown id, wrong
/// endpoint kinds); the validator reports all of them, with locations, before this runs.
pub fn build_estate(spec: &EstateSpec) -> Result<Estate, EstateError> {
    let mut e = nodes(spec, 0)?;
    connect_by_id(&mut e, spec)?;
    Ok(e)
}

/// Builds the estate from the references validation resolved: the nodes, then the resolved
/// pairs as edges, without looking any id up again.
pub(crate) fn build_resolved(
    spec: &EstateSpec,
    resolved: &Resolved,
) -> Result<Estate, EstateError> {
    let mut e = nodes(spec, resolved.len())?;
    for (from, to, kind) in resolved.edges() {
        e.add_edge(NodeId(from), NodeId(to), kind)?;
    }
    Ok(e)
}

/// The estate's teams, policy and nodes, with room for `edges` edges.
fn nodes(spec: &EstateSpec, edges: usize) -> Result<Estate, EstateError> {
    let n = spec.workloads.len()
        + spec.identities.len()
        + spec.credentials.len()
        + spec.resources.len();
    let mut e = Estate::with_capacity(n, edges);
    if let Some(p) = &spec.policy {
        e.set_policy(Policy {
            max_credential_age: p.max_credential_age.ticks(),
        });
    }
    for t in &spec.teams {
        e.add_team(Team {
            id: t.id.value.clone(),
            members: t.members.clone(),
        });
    }
    let owner = |o: &Option<At<String>>| o.as_ref().map(|x| x.value.clone());
    for w in &spec.workloads {
        let mut n = Node::new(&w.id.value, NodeKind::Workload(w.kind));
        n.owner = owner(&w.owner);
        n.env = w.env;
        n.criticality = w.criticality;
        n.internet_facing = w.internet_facing;
        n.hidden = w.hidden;
        e.add_node(n)?;
    }
    for i in &spec.identities {
        let mut n = Node::new(&i.id.value, NodeKind::Identity(i.kind));
        n.owner = owner(&i.owner);
        n.env = i.env;
        n.last_used = i.last_used.map_or(LastUsed::Unknown, |l| l.0);
        n.hidden = i.hidden;
        e.add_node(n)?;
    }
    for c in &spec.credentials {
        let mut n = Node::new(&c.id.value, NodeKind::Credential(c.kind));
        n.age = c.age.map(crate::values::Duration::ticks);
        n.expires = c.expires.map(crate::values::Duration::ticks);
        n.rotation = c.rotation;
        n.max_age = c.max_age.map(crate::values::Duration::ticks);
        n.last_used = c.last_used.map_or(LastUsed::Unknown, |l| l.0);
        n.hidden = c.hidden;
        e.add_node(n)?;
    }
    for r in &spec.resources {
        let mut n = Node::new(&r.id.value, NodeKind::Resource(r.kind));
        n.owner = owner(&r.owner);
        n.env = r.env;
        n.sensitivity = r.sensitivity;
        e.add_node(n)?;
    }
    Ok(e)
}

/// The edges, looked up by id, in a fixed order.
fn connect_by_id(e: &mut Estate, spec: &EstateSpec) -> Result<(), EstateError> {
    // Edges, in a fixed order: per workload (runs-as, holds), per credential (authenticates),
    // per identity (can-assume, controls), grants, per resource (stores, runs).
    for w in &spec.workloads {
        if let Some(ra) = &w.runs_as {
            e.connect(&w.id, ra, EdgeKind::RunsAs)?;
        }
        for h in &w.holds {
            e.connect(&w.id, h, EdgeKind::Holds)?;
        }
    }
    for c in &spec.credentials {
        e.connect(&c.id, &c.authenticates, EdgeKind::Authenticates)?;
    }
    for i in &spec.identities {
        for a in &i.can_assume {
            e.connect(&i.id, a, EdgeKind::CanAssume)?;
        }
        for w in &i.controls {
            e.connect(&i.id, w, EdgeKind::Controls)?;
        }
    }
    for g in &spec.grants {
        e.connect(
            &g.identity,
            &g.resource,
            EdgeKind::Grants {
                permission: g.permission,
                used: g.used,
            },
        )?;
    }
    for r in &spec.resources {
        for s in &r.stores {
            e.connect(&r.id, s, EdgeKind::Stores)?;
        }
        for w in &r.runs {
            e.connect(&r.id, w, EdgeKind::Runs)?;
        }
    }
    Ok(())
}
