//! Objectives: each scenario condition, decided during the drill when it can be and at the
//! end otherwise, with an `objective-met` / `objective-failed` event caused by the event
//! that decided it.
//!
//! Decided during the drill: a `credential_invalid` / `identity_disabled` with
//! `before_adversary_reaches` or `before` (met when the last target dies, failed when the
//! attacker reaches first or the deadline passes), `max_outage` (failed when an outage
//! runs over), `adversary_never_reaches` (failed on reach), `incident_declared` and
//! `owners_notified` (met when done). Everything else is judged on the final state.
//!
//! Objectives may name nodes the drill creates (`create-identity`, `issue`), so each named
//! node is looked up when the objective is checked. A node not created yet is in no state at
//! all: a condition that needs it disabled, invalid or scoped is not met until it exists and
//! is, and fails at the end if it never came to exist ("`sa-etl` was never created"). The
//! attacker cannot reach a node that does not exist, so `adversary_never_reaches` and
//! `before_adversary_reaches` hold for it.

use std::collections::BTreeMap;

use drillhall_estate::{EdgeKind, NodeId, Permission, Ticks};
use serde::Serialize;

use crate::Session;
use crate::event::{Cause, EventId, EventKind};
use crate::rules::{Condition, NodeRef};
use crate::state::Timer;

/// Where an objective stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum ObjectiveState {
    /// Not decided yet.
    Pending,
    /// Met at `tick`; `event` is the `objective-met` event.
    Met { tick: Ticks, event: EventId },
    /// Failed at `tick`; `event` is the `objective-failed` event.
    Failed {
        tick: Ticks,
        event: EventId,
        reason: String,
    },
}

impl ObjectiveState {
    /// `pending`, `met` or `failed`.
    pub fn word(&self) -> &'static str {
        match self {
            ObjectiveState::Pending => "pending",
            ObjectiveState::Met { .. } => "met",
            ObjectiveState::Failed { .. } => "failed",
        }
    }
}

/// One objective and its state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ObjectiveStatus {
    pub id: String,
    pub text: String,
    pub state: ObjectiveState,
}

impl Session {
    /// Every objective of the scenario, in order, with its state.
    pub fn objectives(&self) -> Vec<ObjectiveStatus> {
        self.rules
            .objectives
            .iter()
            .zip(&self.objectives)
            .map(|(r, s)| ObjectiveStatus {
                id: r.id.clone(),
                text: r.text.clone(),
                state: s.clone(),
            })
            .collect()
    }

    fn decide_objective(&mut self, index: usize, met: bool, reason: String, cause: Cause) {
        if self.objectives[index] != ObjectiveState::Pending {
            return;
        }
        let objective = self.rules.objectives[index].id.clone();
        let e = if met {
            self.emit(cause, EventKind::ObjectiveMet { objective })
        } else {
            self.emit(
                cause,
                EventKind::ObjectiveFailed {
                    objective,
                    reason: reason.clone(),
                },
            )
        };
        let tick = self.tick;
        self.objectives[index] = if met {
            ObjectiveState::Met { tick, event: e }
        } else {
            ObjectiveState::Failed {
                tick,
                event: e,
                reason,
            }
        };
    }

    fn pending(&self) -> Vec<usize> {
        (0..self.objectives.len())
            .filter(|&i| self.objectives[i] == ObjectiveState::Pending)
            .collect()
    }

    pub(crate) fn schedule_objective_deadlines(&mut self) {
        for i in 0..self.rules.objectives.len() {
            let before = match &self.rules.objectives[i].condition {
                Condition::CredentialInvalid { before, .. }
                | Condition::IdentityDisabled { before, .. } => *before,
                _ => None,
            };
            if let Some(b) = before
                && b < self.rules.duration
            {
                self.schedule(b + 1, Timer::Deadline(i));
            }
        }
    }

    /// The node a reference names, if it exists now.
    fn resolve(&self, r: &NodeRef) -> Option<NodeId> {
        r.start.or_else(|| self.estate.find(&r.id))
    }

    /// Whether any of the references names `n`.
    fn names_node(&self, refs: &[NodeRef], n: NodeId) -> bool {
        refs.iter().any(|r| self.resolve(r) == Some(n))
    }

    /// "`x` was never created" for each reference whose node does not exist.
    fn never_created(&self, refs: &[&NodeRef]) -> Vec<String> {
        refs.iter()
            .filter(|r| self.resolve(r).is_none())
            .map(|r| format!("`{}` was never created", r.id))
            .collect()
    }

    fn all_invalid(&self, credentials: &[NodeRef]) -> bool {
        credentials
            .iter()
            .all(|c| self.resolve(c).is_some_and(|c| self.credential_invalid(c)))
    }

    fn all_disabled(&self, identities: &[NodeRef]) -> bool {
        identities.iter().all(|i| {
            self.resolve(i)
                .is_some_and(|i| self.disabled.contains_key(&i))
        })
    }

    /// A credential or identity died: objectives with a deadline may be met now.
    pub(crate) fn objectives_on_invalidation(&mut self, e: EventId) {
        for i in self.pending() {
            let done = match &self.rules.objectives[i].condition {
                Condition::CredentialInvalid {
                    credentials,
                    before_reach,
                    before,
                } if !before_reach.is_empty() || before.is_some() => self.all_invalid(credentials),
                Condition::IdentityDisabled {
                    identities,
                    before_reach,
                    before,
                } if !before_reach.is_empty() || before.is_some() => self.all_disabled(identities),
                _ => false,
            };
            if done {
                self.decide_objective(i, true, String::new(), Cause::Event(e));
            }
        }
    }

    /// The attacker reached a node.
    pub(crate) fn objectives_on_reach(&mut self, n: NodeId, e: EventId) {
        let name = self.name(n);
        for i in self.pending() {
            let failed = match &self.rules.objectives[i].condition {
                Condition::CredentialInvalid { before_reach, .. }
                | Condition::IdentityDisabled { before_reach, .. } => {
                    self.names_node(before_reach, n)
                }
                Condition::NeverReaches(nodes) => self.names_node(nodes, n),
                _ => false,
            };
            if failed {
                self.decide_objective(
                    i,
                    false,
                    format!("the attacker reached {name}"),
                    Cause::Event(e),
                );
            }
        }
    }

    /// A deadline (`before`) passed.
    pub(crate) fn objective_deadline(&mut self, index: usize) {
        if self.objectives[index] == ObjectiveState::Pending {
            let before = self.tick.saturating_sub(1);
            let named: Vec<&NodeRef> = match &self.rules.objectives[index].condition {
                Condition::CredentialInvalid { credentials: n, .. }
                | Condition::IdentityDisabled { identities: n, .. } => n.iter().collect(),
                _ => Vec::new(),
            };
            let mut reason = format!("not done by {}", drillhall_scenario::format_clock(before));
            let missing = self.never_created(&named);
            if !missing.is_empty() {
                reason = format!("{reason}: {}", missing.join("; "));
            }
            self.decide_objective(index, false, reason, Cause::Clock);
        }
    }

    /// A workload went down: schedule the check of every `max_outage` it could break.
    pub(crate) fn on_workload_down(&mut self, w: NodeId) {
        let crit = self.estate.node(w).criticality;
        let serial = self.work(w).serial;
        let used = self.work(w).outage_total;
        for i in self.pending() {
            if let Condition::MaxOutage {
                criticality,
                minutes,
            } = self.rules.objectives[i].condition
                && crit >= criticality
            {
                let remaining = minutes.saturating_sub(used);
                self.schedule(
                    self.tick.saturating_add(remaining).saturating_add(1),
                    Timer::OutageCheck {
                        objective: i,
                        workload: w,
                        serial,
                    },
                );
            }
        }
    }

    pub(crate) fn outage_check(&mut self, index: usize, w: NodeId, serial: u32) {
        let Condition::MaxOutage { minutes, .. } = self.rules.objectives[index].condition else {
            return;
        };
        let ws = self.work(w);
        if ws.serial != serial {
            return;
        }
        let Some(down) = ws.down else {
            return;
        };
        if self.outage_minutes(w) > minutes {
            let name = self.name(w);
            self.decide_objective(
                index,
                false,
                format!("{name} was down more than {minutes} minutes"),
                Cause::Event(down.event),
            );
        }
    }

    pub(crate) fn objectives_on_declare(&mut self, e: EventId) {
        for i in self.pending() {
            if matches!(
                self.rules.objectives[i].condition,
                Condition::IncidentDeclared
            ) {
                self.decide_objective(i, true, String::new(), Cause::Event(e));
            }
        }
    }

    pub(crate) fn objectives_on_notify(&mut self, e: EventId) {
        for i in self.pending() {
            if let Condition::OwnersNotified(teams) = &self.rules.objectives[i].condition
                && teams.iter().all(|t| self.notified.contains_key(t))
            {
                self.decide_objective(i, true, String::new(), Cause::Event(e));
            }
        }
    }

    /// The event that made a credential invalid, if it is.
    fn invalidation_event(&self, c: NodeId) -> Option<EventId> {
        let cs = self.cred(c);
        cs.revoked
            .or(cs.expired)
            .or_else(|| cs.kills.last().map(|&(_, e)| e))
            .or_else(|| {
                self.authenticated_identity(c)
                    .and_then(|i| self.disabled.get(&i).copied())
            })
    }

    /// Judges every objective still pending on the final state.
    pub(crate) fn finalise_objectives(&mut self, end: EventId) {
        let at_end = Cause::Event(end);
        for i in self.pending() {
            let rule = self.rules.objectives[i].clone();
            let (met, reason, cause) = match &rule.condition {
                Condition::CredentialInvalid { credentials, .. } => {
                    let existing: Vec<NodeId> =
                        credentials.iter().filter_map(|c| self.resolve(c)).collect();
                    let live: Vec<String> = existing
                        .iter()
                        .filter(|&&c| !self.credential_invalid(c))
                        .map(|&c| self.name(c))
                        .collect();
                    let last = existing
                        .iter()
                        .filter_map(|&c| self.invalidation_event(c))
                        .max();
                    let mut problems = self.never_created(&credentials.iter().collect::<Vec<_>>());
                    if !live.is_empty() {
                        problems.push(format!("still valid at the end: {}", live.join(", ")));
                    }
                    (
                        problems.is_empty(),
                        problems.join("; "),
                        last.map_or(at_end.clone(), Cause::Event),
                    )
                }
                Condition::IdentityDisabled { identities, .. } => {
                    let existing: Vec<NodeId> =
                        identities.iter().filter_map(|i| self.resolve(i)).collect();
                    let live: Vec<String> = existing
                        .iter()
                        .filter(|i| !self.disabled.contains_key(i))
                        .map(|&i| self.name(i))
                        .collect();
                    let last = existing
                        .iter()
                        .filter_map(|i| self.disabled.get(i).copied())
                        .max();
                    let mut problems = self.never_created(&identities.iter().collect::<Vec<_>>());
                    if !live.is_empty() {
                        problems.push(format!("still enabled at the end: {}", live.join(", ")));
                    }
                    (
                        problems.is_empty(),
                        problems.join("; "),
                        last.map_or(at_end.clone(), Cause::Event),
                    )
                }
                Condition::MaxOutage { .. } | Condition::NeverReaches(_) => {
                    (true, String::new(), at_end.clone())
                }
                Condition::GrantAtMost {
                    identity,
                    resource,
                    permission,
                } => {
                    if let (Some(identity), Some(resource)) =
                        (self.resolve(identity), self.resolve(resource))
                    {
                        let current = self.grant_permission(identity, resource);
                        let changed = self
                            .grant_edge(identity, resource)
                            .and_then(|e| self.edge_changed_by.get(&e).copied());
                        (
                            current <= *permission,
                            format!(
                                "{} still has {current} on {}",
                                self.name(identity),
                                self.name(resource)
                            ),
                            changed.map_or(at_end.clone(), Cause::Event),
                        )
                    } else {
                        (
                            false,
                            self.never_created(&[identity, resource]).join("; "),
                            at_end.clone(),
                        )
                    }
                }
                Condition::NoPersistence => {
                    let live: Vec<String> = self
                        .persistence_credentials()
                        .iter()
                        .filter(|&&c| self.version_works(c, 1) && self.estate.is_enabled(c))
                        .map(|&c| self.name(c))
                        .collect();
                    (
                        live.is_empty(),
                        format!("attacker credential still valid: {}", live.join(", ")),
                        at_end.clone(),
                    )
                }
                Condition::LeastPrivilege(workloads) => {
                    let problems: Vec<String> = workloads
                        .iter()
                        .flat_map(|w| match self.resolve(w) {
                            Some(w) => self.privilege_problems(w),
                            None => self.never_created(&[w]),
                        })
                        .collect();
                    (problems.is_empty(), problems.join("; "), at_end.clone())
                }
                Condition::IncidentDeclared => {
                    (false, "no incident was declared".to_owned(), at_end.clone())
                }
                Condition::OwnersNotified(teams) => {
                    let missing: Vec<&str> = teams
                        .iter()
                        .filter(|t| !self.notified.contains_key(*t))
                        .map(String::as_str)
                        .collect();
                    (
                        missing.is_empty(),
                        format!("not notified: {}", missing.join(", ")),
                        at_end.clone(),
                    )
                }
            };
            self.decide_objective(i, met, reason, cause);
        }
    }

    /// How the access a workload acts with differs from its needs: the best permission its
    /// identities (the one it runs as, and those of the credentials it holds) have on each
    /// resource must equal what it needs, and it must have nothing else.
    fn privilege_problems(&self, w: NodeId) -> Vec<String> {
        let name = self.name(w);
        let needs = self
            .rules
            .workloads
            .get(&w)
            .map(|r| r.needs.clone())
            .unwrap_or_default();
        let mut identities = Vec::new();
        for (e, t) in self.estate.out_edges(w) {
            let edge = self.estate.edge(e);
            if !edge.enabled {
                continue;
            }
            match edge.kind {
                EdgeKind::RunsAs => identities.push(t),
                EdgeKind::Holds => identities.extend(self.authenticated_identity(t)),
                _ => {}
            }
        }
        if identities.is_empty() && !needs.is_empty() {
            return vec![format!("{name} has no identity to act as")];
        }
        let mut have: BTreeMap<NodeId, Permission> = BTreeMap::new();
        for &i in &identities {
            for (_, r, edge) in self.outgoing(i) {
                if let EdgeKind::Grants { permission, .. } = edge.kind
                    && edge.enabled
                    && permission > Permission::None
                {
                    let best = have.entry(r).or_insert(permission);
                    *best = (*best).max(permission);
                }
            }
        }
        let mut problems = Vec::new();
        for &(r, p) in &needs {
            let got = have.get(&r).copied().unwrap_or(Permission::None);
            if got != p {
                problems.push(format!("{name} needs {p} on {}, has {got}", self.name(r)));
            }
        }
        for (&r, &p) in &have {
            if !needs.iter().any(|&(nr, _)| nr == r) {
                problems.push(format!(
                    "{name} has {p} on {}, which it does not need",
                    self.name(r)
                ));
            }
        }
        problems
    }
}
