//! Workloads and the credentials they depend on.
//!
//! A workload depends on every credential it holds (at the version it was last deployed
//! with), on the identity it runs as, and on the grants its `needs` name. Health is
//! re-evaluated only when one of those changes (event-driven, never polled): a service goes
//! down at once, a batch job with a `schedule` only when it next runs. Outage minutes come
//! from intervals, `(up − down) × criticality weight`.

use drillhall_estate::{EdgeId, EdgeKind, NodeClass, NodeId, Permission, Rotation, Ticks};

use crate::Session;
use crate::dice::{Stream, Subject};
use crate::event::{Cause, EventId, EventKind, HeldVersion};
use crate::state::{Down, Timer};

/// Whether a workload can work, and if not why (and which event broke it).
pub(crate) enum Health {
    Ok,
    Broken {
        reason: String,
        culprit: Option<EventId>,
    },
}

impl Session {
    /// Whether the workload is a batch job that only runs at its schedule.
    pub(crate) fn is_scheduled(&self, w: NodeId) -> bool {
        self.rules
            .workloads
            .get(&w)
            .is_some_and(|r| r.schedule.is_some())
    }

    /// The permission an identity holds on a resource through an enabled grant.
    pub(crate) fn grant_permission(&self, identity: NodeId, resource: NodeId) -> Permission {
        self.grant_edge(identity, resource)
            .map(|e| self.estate.edge(e))
            .filter(|e| e.enabled)
            .map_or(Permission::None, |e| match e.kind {
                EdgeKind::Grants { permission, .. } => permission,
                _ => Permission::None,
            })
    }

    /// The grant edge between an identity and a resource, enabled or not.
    pub(crate) fn grant_edge(&self, identity: NodeId, resource: NodeId) -> Option<EdgeId> {
        self.estate
            .find_edge(identity, resource, |k| matches!(k, EdgeKind::Grants { .. }))
    }

    /// The identity a credential authenticates.
    pub(crate) fn authenticated_identity(&self, credential: NodeId) -> Option<NodeId> {
        // A credential authenticates one identity, so the graph's order does not matter.
        self.outgoing(credential)
            .find(|(_, _, e)| e.kind == EdgeKind::Authenticates)
            .map(|(_, t, _)| t)
    }

    /// Workloads holding a credential, with the hold edge (enabled edges only).
    pub(crate) fn holders(&self, credential: NodeId) -> Vec<(EdgeId, NodeId)> {
        self.estate
            .in_edges(credential)
            .into_iter()
            .filter(|&(e, _)| {
                let edge = self.estate.edge(e);
                edge.enabled && edge.kind == EdgeKind::Holds
            })
            .collect()
    }

    /// Workloads that act as an identity: they run as it or hold a credential of it.
    pub(crate) fn workloads_of_identity(&self, identity: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        for (e, src) in self.estate.in_edges(identity) {
            let edge = self.estate.edge(e);
            if !edge.enabled {
                continue;
            }
            match edge.kind {
                EdgeKind::RunsAs => out.push(src),
                EdgeKind::Authenticates => {
                    out.extend(self.holders(src).into_iter().map(|(_, w)| w));
                }
                _ => {}
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Whether a credential's version works: the version is live and its identity enabled.
    pub(crate) fn version_works(&self, credential: NodeId, version: u32) -> bool {
        self.cred(credential).version_valid(version)
            && self
                .authenticated_identity(credential)
                .is_none_or(|i| self.estate.is_enabled(i))
    }

    /// Whether every version that was exposed (or, if none leaked, the original) is dead.
    pub(crate) fn credential_invalid(&self, credential: NodeId) -> bool {
        let cs = self.cred(credential);
        let exposed = cs.exposed.max(1);
        cs.revoked.is_some()
            || cs.expired.is_some()
            || cs.min_valid > exposed
            || self
                .authenticated_identity(credential)
                .is_some_and(|i| !self.estate.is_enabled(i))
    }

    /// Whether a workload can work now, and if not the reason and the event to blame.
    pub(crate) fn health(&self, w: NodeId) -> Health {
        let ws = self.work(w);
        if let Some(e) = ws.quarantined {
            return Health::Broken {
                reason: "quarantined".into(),
                culprit: Some(e),
            };
        }
        let mut identities = Vec::new();
        for (e, t) in self.estate.out_edges(w) {
            let edge = self.estate.edge(e);
            if !edge.enabled {
                continue;
            }
            match edge.kind {
                EdgeKind::RunsAs => {
                    if let Some(&d) = self.disabled.get(&t) {
                        return Health::Broken {
                            reason: format!("runs as {}, which is disabled", self.name(t)),
                            culprit: Some(d),
                        };
                    }
                    identities.push(t);
                }
                EdgeKind::Holds => {
                    let v = self.held_version(e);
                    let cs = self.cred(t);
                    if !cs.version_valid(v) {
                        let why = if cs.revoked.is_some() {
                            "revoked"
                        } else {
                            "expired"
                        };
                        return Health::Broken {
                            reason: format!("{} v{v} rejected: {why}", self.name(t)),
                            culprit: cs.killed_by(v),
                        };
                    }
                    if let Some(i) = self.authenticated_identity(t) {
                        if let Some(&d) = self.disabled.get(&i) {
                            return Health::Broken {
                                reason: format!(
                                    "{} rejected: {} is disabled",
                                    self.name(t),
                                    self.name(i)
                                ),
                                culprit: Some(d),
                            };
                        }
                        identities.push(i);
                    }
                }
                _ => {}
            }
        }
        if let Some(rule) = self.rules.workloads.get(&w) {
            for &(r, perm) in &rule.needs {
                if identities
                    .iter()
                    .any(|&i| self.grant_permission(i, r) >= perm)
                {
                    continue;
                }
                let culprit = identities
                    .iter()
                    .filter_map(|&i| self.grant_edge(i, r))
                    .find_map(|e| self.edge_changed_by.get(&e).copied());
                return Health::Broken {
                    reason: format!("needs {perm} on {}, and no grant gives it", self.name(r)),
                    culprit,
                };
            }
        }
        Health::Ok
    }

    /// Re-evaluates a workload after a change, unless it is a batch job (those find out
    /// when they next run). `cause` is the change.
    pub(crate) fn recheck(&mut self, w: NodeId, cause: &Cause) {
        if !self.is_scheduled(w) {
            self.settle(w, cause);
        }
    }

    /// Brings a workload's up/down state in line with its health now.
    pub(crate) fn settle(&mut self, w: NodeId, cause: &Cause) {
        let down = self.work(w).down.is_some();
        match self.health(w) {
            Health::Ok if down => {
                self.go_up(w, cause.clone());
            }
            Health::Broken { reason, culprit } if !down => {
                let cause = culprit.map_or_else(|| cause.clone(), Cause::Event);
                self.go_down(w, reason, cause);
            }
            _ => {}
        }
    }

    fn go_down(&mut self, w: NodeId, reason: String, cause: Cause) -> EventId {
        let trainee_caused = self.caused_by_trainee(&cause);
        let criticality = self.estate.node(w).criticality;
        let workload = self.name(w);
        let e = self.emit(
            cause,
            EventKind::WorkloadDown {
                workload: workload.clone(),
                criticality,
                reason,
                trainee_caused,
            },
        );
        let tick = self.tick;
        let ws = self.work_mut(w);
        ws.down = Some(Down {
            since: tick,
            event: e,
        });
        ws.serial += 1;
        // A holder the inventory missed makes itself known the painful way: it pages.
        if self.estate.node(w).hidden && !self.revealed.contains(&w) {
            self.reveal(w);
            self.emit(
                Cause::Event(e),
                EventKind::HiddenHolderRevealed {
                    workload,
                    credential: None,
                },
            );
        }
        e
    }

    fn go_up(&mut self, w: NodeId, cause: Cause) -> EventId {
        let tick = self.tick;
        let weight = self.estate.node(w).criticality.weight();
        let ws = self.work_mut(w);
        let since = ws.down.take().map_or(tick, |d| d.since);
        let minutes = tick - since;
        ws.outage_total += minutes;
        let workload = self.name(w);
        self.emit(
            cause,
            EventKind::WorkloadUp {
                workload,
                outage_minutes: minutes,
                weighted_minutes: minutes * weight,
            },
        )
    }

    /// Minutes a workload has been down so far, open outage included.
    pub(crate) fn outage_minutes(&self, w: NodeId) -> Ticks {
        let ws = self.work(w);
        ws.outage_total + ws.down.map_or(0, |d| self.tick - d.since)
    }

    /// Restarts a workload: it picks up the current version of every credential it holds.
    pub(crate) fn restart(&mut self, w: NodeId, cause: &Cause) -> EventId {
        let mut versions = Vec::new();
        for (e, c) in self.estate.out_edges(w) {
            let edge = self.estate.edge(e);
            if !edge.enabled || edge.kind != EdgeKind::Holds {
                continue;
            }
            let v = self.cred(c).version;
            self.hold_version.insert(e, v);
            versions.push(HeldVersion {
                credential: self.name(c),
                version: v,
            });
        }
        let workload = self.name(w);
        self.emit(
            cause.clone(),
            EventKind::WorkloadRedeployed { workload, versions },
        )
    }

    /// A batch job's scheduled run: it fails now if something it needs died.
    pub(crate) fn job_runs(&mut self, w: NodeId) {
        if let Some((_, every)) = self.rules.workloads.get(&w).and_then(|r| r.schedule) {
            let next = self.tick.saturating_add(every);
            if next <= self.rules.duration {
                self.schedule(next, Timer::JobRun(w));
            }
        }
        self.settle(w, &Cause::Clock);
    }

    /// Revokes a credential: every version dies now.
    pub(crate) fn revoke(&mut self, c: NodeId, cause: Cause) -> EventId {
        let credential = self.name(c);
        let e = self.emit(cause, EventKind::CredentialRevoked { credential });
        self.cred_mut(c).revoked = Some(e);
        self.sync_enabled(c);
        e
    }

    /// Rotates a credential: a new version now; the old one dies after `grace`.
    pub(crate) fn rotate(&mut self, c: NodeId, grace: Ticks, cause: Cause) -> EventId {
        let cs = self.cred_mut(c);
        cs.version += 1;
        let version = cs.version;
        let credential = self.name(c);
        let e = self.emit(
            cause,
            EventKind::CredentialRotated {
                credential,
                version,
                grace,
            },
        );
        if self.estate.node(c).rotation == Rotation::Managed {
            for (edge, holder) in self.holders(c) {
                let subject = Subject::Delivery {
                    credential: &self.estate.node(c).id,
                    holder: &self.estate.node(holder).id,
                };
                let delay = self
                    .dice
                    .roll(self.tick, Stream::Workloads, &subject)
                    .between(1, 3);
                self.schedule(
                    self.tick.saturating_add(delay),
                    Timer::Delivery {
                        credential: c,
                        edge,
                        version,
                        cause: e,
                    },
                );
            }
        }
        if grace == 0 {
            self.versions_expire(c, version - 1, Some(e));
        } else {
            self.schedule(
                self.tick.saturating_add(grace),
                Timer::VersionExpiry {
                    credential: c,
                    upto: version - 1,
                    cause: Some(e),
                },
            );
        }
        e
    }

    /// Versions up to `upto` of a credential die (a grace period or a TTL ended).
    pub(crate) fn versions_expire(&mut self, c: NodeId, upto: u32, cause: Option<EventId>) {
        let cs = self.cred(c);
        if cs.revoked.is_some() || cs.expired.is_some() || cs.min_valid > upto {
            return;
        }
        let cause = cause.map_or(Cause::Clock, Cause::Event);
        let credential = self.name(c);
        if upto >= cs.version {
            let e = self.emit(cause, EventKind::CredentialExpired { credential });
            self.cred_mut(c).expired = Some(e);
            self.sync_enabled(c);
        } else {
            let e = self.emit(
                cause,
                EventKind::OldVersionExpired {
                    credential,
                    version: upto,
                },
            );
            let cs = self.cred_mut(c);
            cs.kills.push((upto, e));
            cs.min_valid = cs.min_valid.max(upto + 1);
        }
    }

    /// A managed credential's new version reaches a holder.
    pub(crate) fn deliver(&mut self, c: NodeId, edge: EdgeId, version: u32, cause: EventId) {
        if !self.estate.edge(edge).enabled
            || self.held_version(edge) >= version
            || !self.cred(c).version_valid(version)
        {
            return;
        }
        self.hold_version.insert(edge, version);
        let (w, _) = self.estate.endpoints(edge);
        self.emit(
            Cause::Event(cause),
            EventKind::CredentialDelivered {
                credential: self.name(c),
                workload: self.name(w),
                version,
            },
        );
    }

    /// Disables an identity: its credentials stop working and its sessions end.
    pub(crate) fn disable_identity(&mut self, i: NodeId, cause: Cause) -> EventId {
        let identity = self.name(i);
        let e = self.emit(cause, EventKind::IdentityDisabled { identity });
        self.disabled.insert(i, e);
        self.sync_enabled(i);
        self.end_sessions(i, Cause::Event(e), false);
        e
    }

    /// Enables a disabled identity again (a rollback).
    pub(crate) fn enable_identity(&mut self, i: NodeId, cause: Cause) -> EventId {
        let identity = self.name(i);
        let e = self.emit(cause, EventKind::IdentityEnabled { identity });
        self.disabled.remove(&i);
        self.sync_enabled(i);
        e
    }

    /// Isolates a workload: it is down and the attacker loses it.
    pub(crate) fn quarantine(&mut self, w: NodeId, cause: Cause) -> EventId {
        let e = self.emit(
            cause,
            EventKind::WorkloadQuarantined {
                workload: self.name(w),
            },
        );
        self.work_mut(w).quarantined = Some(e);
        self.sync_enabled(w);
        e
    }

    /// Brings a quarantined or broken workload back: it restarts with current versions.
    pub(crate) fn restore_workload(&mut self, w: NodeId, cause: Cause) -> EventId {
        let e = self.emit(
            cause,
            EventKind::WorkloadRestored {
                workload: self.name(w),
            },
        );
        self.work_mut(w).quarantined = None;
        self.sync_enabled(w);
        self.restart(w, &Cause::Event(e));
        e
    }

    /// Changes a grant edge (kind and enabled), then re-evaluates who depends on it.
    pub(crate) fn change_grant(&mut self, edge: EdgeId, kind: EdgeKind, enabled: bool, e: EventId) {
        self.set_edge(edge, kind, enabled);
        self.edge_changed_by.insert(edge, e);
    }

    /// Brings a node's enabled flag in the graph (what the analyses and the attacker's
    /// search see) in line with the state that owns it: a credential works while it is
    /// neither revoked nor expired, an identity while the trainee has not disabled it, a
    /// workload while it is not quarantined. The flag is only ever derived here, never set
    /// beside the state by hand.
    pub(crate) fn sync_enabled(&mut self, n: NodeId) {
        let enabled = match self.estate.node(n).class() {
            NodeClass::Credential => {
                let cs = self.cred(n);
                cs.revoked.is_none() && cs.expired.is_none()
            }
            NodeClass::Identity => !self.disabled.contains_key(&n),
            NodeClass::Workload => self.work(n).quarantined.is_none(),
            NodeClass::Resource => true,
        };
        self.set_node_enabled(n, enabled);
    }
}
