//! Trainee commands: checked against the trainee's view, gated by supervision, executed
//! against the truth.
//!
//! Checking happens in three steps, each of which can refuse the command without changing
//! anything: the ids it names must be in the trainee's inventory and of the right class
//! ([`Session::check_refs`]); the command must make sense in the current state
//! ([`Session::check_state`]: not already revoked, a grant to scope down, …); and the mode's
//! supervision must allow it ([`Session::gate`]: sign-off, confidence). Executing writes
//! `command-executed` (with the action number `rollback` uses) and then the effects.

use drillhall_estate::{
    CredentialKind, EdgeId, EdgeKind, IdentityKind, LastUsed, Node, NodeClass, NodeId, NodeKind,
    Permission, Ticks,
};
use drillhall_scenario::command::{Command, RefKind, closest};

use crate::Session;
use crate::event::{Cause, EventId, EventKind, Tier};
use crate::session::Rejection;
use crate::state::{Action, Timer, Undo};
use crate::supervision::{Assessment, ConfidenceNeed};

/// "a workload", "an identity".
fn with_article(class: NodeClass) -> String {
    match class {
        NodeClass::Identity => "an identity".into(),
        c => format!("a {c}"),
    }
}

/// How far back `logs` looks when no `since` is given: a day, or the whole drill so far once
/// it has run longer than that (see [`Session::default_log_window`]).
pub const DEFAULT_LOG_WINDOW: Ticks = 24 * 60;

impl Session {
    /// How far back `logs` looks without a `since`: the last day, or since T+0 when the
    /// drill has run longer (a week-long drill's `logs` on day five still shows day one).
    pub fn default_log_window(&self) -> Ticks {
        DEFAULT_LOG_WINDOW.max(self.tick)
    }

    /// Whether the trainee can see a node (not hidden, or found).
    pub(crate) fn visible(&self, n: NodeId) -> bool {
        !self.estate.node(n).hidden || self.revealed.contains(&n)
    }

    /// A node the trainee can name, or "no such id in your inventory".
    pub(crate) fn visible_node(&self, id: &str) -> Result<NodeId, Rejection> {
        match self.estate.find(id) {
            Some(n) if self.visible(n) => Ok(n),
            _ => {
                let suggestion = closest(
                    id,
                    self.estate
                        .node_ids()
                        .filter(|&n| self.visible(n))
                        .map(|n| self.estate.node(n).id.as_str()),
                )
                .map(str::to_owned);
                Err(Rejection::UnknownId {
                    id: id.to_owned(),
                    suggestion,
                })
            }
        }
    }

    /// Every id the command names exists in the trainee's view and is of the right class.
    pub(crate) fn check_refs(&self, command: &Command) -> Result<(), Rejection> {
        let verb = match command {
            Command::RequestSignoff { action, .. } => action.verb(),
            c => c.verb(),
        };
        for (id, kind) in command.references() {
            match kind {
                RefKind::AnyNode => {
                    self.visible_node(id)?;
                }
                RefKind::Node(class) => {
                    let n = self.visible_node(id)?;
                    let found = self.estate.node(n).class();
                    if found != class {
                        return Err(Rejection::WrongClass {
                            id: id.to_owned(),
                            verb,
                            expected: with_article(class),
                            found: with_article(found),
                        });
                    }
                }
                RefKind::Team => {
                    let teams = self.estate.teams();
                    if !teams.iter().any(|t| t.id == id) {
                        return Err(Rejection::UnknownTeam {
                            id: id.to_owned(),
                            suggestion: closest(id, teams.iter().map(|t| t.id.as_str()))
                                .map(str::to_owned),
                        });
                    }
                }
                RefKind::NewNode => {
                    if self.estate.find(id).is_some() {
                        return Err(Rejection::AlreadyExists { id: id.to_owned() });
                    }
                }
            }
        }
        Ok(())
    }

    /// Whether `command` passes the engine's own checks now, before the mode's gate: every
    /// id it names is in the trainee's view and of the right class, and it makes sense in
    /// the current state. A front end asks this before it asks for a confidence or a
    /// sign-off, so a trainee is never asked to weigh a command the engine then refuses.
    /// [`Session::apply`] runs the same checks first.
    ///
    /// # Errors
    /// The rejection `apply` would give for the same reason.
    pub fn check(&self, command: &Command) -> Result<(), Rejection> {
        self.check_refs(command)?;
        self.check_state(command)
    }

    fn node_of(&self, id: &str) -> NodeId {
        self.estate
            .find(id)
            .expect("check_refs ran first: every referenced id exists")
    }

    /// The command makes sense in the current state.
    pub(crate) fn check_state(&self, command: &Command) -> Result<(), Rejection> {
        let conflict = |s: String| Err(Rejection::Conflict(s));
        match command {
            Command::Revoke { credential } => {
                let cs = self.cred(self.node_of(credential));
                if cs.revoked.is_some() {
                    return Err(Rejection::AlreadyRevoked {
                        credential: credential.clone(),
                    });
                }
                if cs.expired.is_some() {
                    return conflict(format!(
                        "`{credential}` has expired: nothing left to revoke"
                    ));
                }
            }
            Command::Rotate { credential, .. } => {
                let cs = self.cred(self.node_of(credential));
                if cs.revoked.is_some() || cs.expired.is_some() {
                    return conflict(format!(
                        "`{credential}` is dead: issue a new credential instead of rotating"
                    ));
                }
            }
            Command::Disable { identity }
                if self.disabled.contains_key(&self.node_of(identity)) =>
            {
                return conflict(format!("`{identity}` is already disabled"));
            }
            Command::Quarantine { workload }
                if self.work(self.node_of(workload)).quarantined.is_some() =>
            {
                return conflict(format!("`{workload}` is already quarantined"));
            }
            Command::ScopeDown {
                identity,
                resource,
                permission,
            } => {
                let current = self.grant_permission(self.node_of(identity), self.node_of(resource));
                if current == Permission::None {
                    return conflict(format!("`{identity}` has no grant on `{resource}`"));
                }
                if *permission >= current {
                    return conflict(format!(
                        "`{identity}` has {current} on `{resource}`: scope-down lowers a grant, and {permission} is not lower"
                    ));
                }
            }
            Command::RemoveGrant { identity, resource } => {
                let live = self
                    .grant_edge(self.node_of(identity), self.node_of(resource))
                    .is_some_and(|e| self.estate.edge(e).enabled);
                if !live {
                    return conflict(format!("`{identity}` has no grant on `{resource}`"));
                }
            }
            Command::Redeploy { workload }
                if self.work(self.node_of(workload)).quarantined.is_some() =>
            {
                return conflict(format!(
                    "`{workload}` is quarantined: `restore {workload}` brings it back"
                ));
            }
            Command::Restore { workload } => {
                let ws = self.work(self.node_of(workload));
                if ws.quarantined.is_none() && ws.down.is_none() {
                    return conflict(format!(
                        "`{workload}` is running: restore brings back quarantined or down workloads"
                    ));
                }
            }
            Command::Rollback { action } => {
                let count = self.actions.len() as u32;
                let Some(a) = action
                    .checked_sub(1)
                    .and_then(|i| self.actions.get(i as usize))
                else {
                    return Err(Rejection::NoSuchAction {
                        action: *action,
                        count,
                    });
                };
                if a.rolled_back {
                    return conflict(format!(
                        "action #{action} (`{}`) is already rolled back",
                        a.text
                    ));
                }
                let still = match &a.undo {
                    Err(why) => {
                        return Err(Rejection::NotReversible {
                            action: *action,
                            text: a.text.clone(),
                            why: why.clone(),
                        });
                    }
                    Ok(Undo::Disable(i)) => self.disabled.contains_key(i),
                    Ok(Undo::Quarantine(w)) => self.work(*w).quarantined.is_some(),
                    Ok(Undo::BreakGlass(i)) => self.break_glass.contains_key(i),
                    Ok(Undo::Grant { .. }) => true,
                };
                if !still {
                    return conflict(format!(
                        "action #{action} (`{}`) has already been undone by a later action",
                        a.text
                    ));
                }
            }
            Command::BreakGlass { identity }
                if self.break_glass.contains_key(&self.node_of(identity)) =>
            {
                return conflict(format!("break-glass through `{identity}` is already open"));
            }
            Command::EndBreakGlass { identity }
                if !self.break_glass.contains_key(&self.node_of(identity)) =>
            {
                return conflict(format!("no break-glass through `{identity}` is open"));
            }
            Command::Grant {
                identity,
                resource,
                permission,
            } => {
                if *permission == Permission::None {
                    return conflict("`grant` needs read, write or admin".into());
                }
                let current = self.grant_permission(self.node_of(identity), self.node_of(resource));
                if current >= *permission {
                    return conflict(format!(
                        "`{identity}` already has {current} on `{resource}`"
                    ));
                }
            }
            Command::Issue { ttl: Some(0), .. } => {
                return conflict("`--ttl` must be at least 1m".into());
            }
            Command::Attach {
                credential,
                workload,
            } => {
                let (c, w) = (self.node_of(credential), self.node_of(workload));
                let cs = self.cred(c);
                if cs.revoked.is_some() || cs.expired.is_some() {
                    return conflict(format!("`{credential}` is dead: issue a new one"));
                }
                let held = self
                    .estate
                    .find_edge(w, c, |k| k == EdgeKind::Holds)
                    .is_some_and(|e| self.estate.edge(e).enabled);
                if held {
                    return conflict(format!("`{workload}` already holds `{credential}`"));
                }
            }
            Command::Detach {
                credential,
                workload,
            } => {
                let (c, w) = (self.node_of(credential), self.node_of(workload));
                let held = self
                    .estate
                    .find_edge(w, c, |k| k == EdgeKind::Holds)
                    .is_some_and(|e| self.estate.edge(e).enabled);
                if !held {
                    return conflict(format!("`{workload}` does not hold `{credential}`"));
                }
            }
            Command::RequestSignoff { action, .. } => {
                if matches!(action.as_ref(), Command::Wait { .. }) {
                    return conflict("waiting needs no sign-off".into());
                }
                self.check_state(action)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// Whether the mode lets the command run now, given its tier and stated confidence.
    pub(crate) fn gate(
        &self,
        command: &Command,
        assessment: &Assessment,
        confidence: Option<u8>,
    ) -> Result<(), Rejection> {
        if let Some(c) = confidence
            && !(50..=100).contains(&c)
        {
            return Err(Rejection::ConfidenceOutOfRange { value: c });
        }
        let needs = self.requirements(command);
        if needs.signoff {
            let request = Command::RequestSignoff {
                action: Box::new(command.clone()),
                rollback: "<how you would undo it>".into(),
            };
            return Err(Rejection::NeedsSignoff {
                command: command.to_string(),
                tier: assessment.tier,
                reason: assessment.reason.summary.clone(),
                mode: self.mode,
                request: request.to_string(),
            });
        }
        if needs.confidence == ConfidenceNeed::Required && confidence.is_none() {
            return Err(Rejection::ConfidenceMissing {
                command: command.to_string(),
            });
        }
        Ok(())
    }

    /// All three checks; the command's assessment if it may run.
    pub(crate) fn prepare(
        &self,
        command: &Command,
        confidence: Option<u8>,
    ) -> Result<Assessment, Rejection> {
        self.check_refs(command)?;
        self.check_state(command)?;
        let assessment = self.assess(command);
        self.gate(command, &assessment, confidence)?;
        Ok(assessment)
    }

    /// Runs a checked command: `command-executed`, then its effects, with `origin` as the
    /// cause of both (the input, or the approval of a sign-off).
    pub(crate) fn execute(
        &mut self,
        command: &Command,
        tier: Tier,
        confidence: Option<u8>,
        origin: &Cause,
    ) -> EventId {
        let number = self.actions.len() as u32 + 1;
        let text = command.to_string();
        let e = self.emit(
            origin.clone(),
            EventKind::CommandExecuted {
                number,
                text: text.clone(),
                tier,
                confidence,
            },
        );
        // Reserve the action number before the effects (an approval inside them numbers on).
        self.actions.push(Action {
            text,
            undo: Err(String::new()),
            rolled_back: false,
        });
        let undo = self.perform(command, confidence, origin);
        self.actions[number as usize - 1].undo = undo;
        e
    }

    fn perform(
        &mut self,
        command: &Command,
        confidence: Option<u8>,
        origin: &Cause,
    ) -> Result<Undo, String> {
        const LOOKS: &str = "investigation changes nothing to undo";
        const SAYS: &str = "it is on the record";
        let o = origin.clone();
        match command {
            Command::Inspect { id } => {
                self.inspect(self.node_of(id), o);
                Err(LOOKS.into())
            }
            Command::Logs { id, since } => {
                let window = since.unwrap_or_else(|| self.default_log_window());
                self.read_logs(self.node_of(id), window, o);
                Err(LOOKS.into())
            }
            Command::Paths { id } => {
                self.show_paths(self.node_of(id), o);
                Err(LOOKS.into())
            }
            Command::Owners { id } => {
                self.show_owners(self.node_of(id), o);
                Err(LOOKS.into())
            }
            Command::Wait { .. } => Err("time cannot be undone".into()),
            Command::Revoke { credential } => {
                self.revoke(self.node_of(credential), o);
                Err("a revocation cannot be undone: issue a new credential and attach it".into())
            }
            Command::Rotate { credential, grace } => {
                self.rotate(self.node_of(credential), *grace, o);
                Err(
                    "a rotation cannot be undone; the old version lives until its grace ends"
                        .into(),
                )
            }
            Command::RevokeSessions { identity } => {
                self.end_sessions(self.node_of(identity), o, true);
                Err("ended sessions cannot be brought back".into())
            }
            Command::Disable { identity } => {
                let i = self.node_of(identity);
                self.disable_identity(i, o);
                Ok(Undo::Disable(i))
            }
            Command::Quarantine { workload } => {
                let w = self.node_of(workload);
                self.quarantine(w, o);
                Ok(Undo::Quarantine(w))
            }
            Command::ScopeDown {
                identity,
                resource,
                permission,
            } => {
                let (i, r) = (self.node_of(identity), self.node_of(resource));
                let edge = self
                    .grant_edge(i, r)
                    .expect("check_state found the grant to scope down");
                let before = self.estate.edge(edge);
                let (kind, enabled) = (before.kind, before.enabled);
                let EdgeKind::Grants {
                    permission: from,
                    used,
                } = kind
                else {
                    unreachable!("grant_edge returns grants only")
                };
                let e = self.emit(
                    o,
                    EventKind::GrantScopedDown {
                        identity: identity.clone(),
                        resource: resource.clone(),
                        from,
                        to: *permission,
                    },
                );
                self.change_grant(
                    edge,
                    EdgeKind::Grants {
                        permission: *permission,
                        used,
                    },
                    true,
                    e,
                );
                Ok(Undo::Grant {
                    edge,
                    before: Some((kind, enabled)),
                })
            }
            Command::RemoveGrant { identity, resource } => {
                let (i, r) = (self.node_of(identity), self.node_of(resource));
                let edge = self
                    .grant_edge(i, r)
                    .expect("check_state found the grant to remove");
                let kind = self.estate.edge(edge).kind;
                let e = self.emit(
                    o,
                    EventKind::GrantRemoved {
                        identity: identity.clone(),
                        resource: resource.clone(),
                        permission: self.grant_permission(i, r),
                    },
                );
                self.change_grant(edge, kind, false, e);
                Ok(Undo::Grant {
                    edge,
                    before: Some((kind, true)),
                })
            }
            Command::Redeploy { workload } => {
                self.restart(self.node_of(workload), &o);
                Err("a redeploy cannot be undone".into())
            }
            Command::Restore { workload } => {
                self.restore_workload(self.node_of(workload), o);
                Err(format!(
                    "`quarantine {workload}` again if it must be isolated"
                ))
            }
            Command::Rollback { action } => {
                self.rollback(*action, o);
                Err("roll forward by repeating the original command".into())
            }
            Command::BreakGlass { identity } => {
                let i = self.node_of(identity);
                let e = self.emit(
                    o,
                    EventKind::BreakGlassOpened {
                        identity: identity.clone(),
                    },
                );
                self.break_glass.insert(i, (self.tick, e));
                Ok(Undo::BreakGlass(i))
            }
            Command::EndBreakGlass { identity } => {
                self.close_break_glass(self.node_of(identity), o);
                Err("`break-glass` again if emergency access is needed".into())
            }
            Command::CreateIdentity { id, kind, owner } => {
                self.create_identity(id, *kind, owner, o);
                Err("provisioning is undone by disabling what was made".into())
            }
            Command::Grant {
                identity,
                resource,
                permission,
            } => Ok(self.grant(identity, resource, *permission, o)),
            Command::Issue {
                credential,
                kind,
                identity,
                store,
                ttl,
            } => {
                self.issue(credential, *kind, identity, store.as_deref(), *ttl, o);
                Err("revoke the issued credential instead".into())
            }
            Command::Attach {
                credential,
                workload,
            } => {
                self.attach(self.node_of(credential), self.node_of(workload), o);
                Err("`detach` takes the credential away again".into())
            }
            Command::Detach {
                credential,
                workload,
            } => {
                self.detach(self.node_of(credential), self.node_of(workload), o);
                Err("`attach` gives the credential back".into())
            }
            Command::DeclareIncident { severity } => {
                let e = self.emit(
                    o,
                    EventKind::IncidentDeclared {
                        severity: *severity,
                    },
                );
                self.incident.get_or_insert(e);
                Err(SAYS.into())
            }
            Command::Notify { team } => {
                let e = self.emit(o, EventKind::OwnerNotified { team: team.clone() });
                self.notified.entry(team.clone()).or_insert(e);
                Err(SAYS.into())
            }
            Command::RequestSignoff { action, rollback } => {
                self.request_signoff(action, rollback, confidence, o);
                Err("a request is answered, not undone".into())
            }
            Command::Note { text } => {
                self.emit(o, EventKind::Note { text: text.clone() });
                Err(SAYS.into())
            }
        }
    }

    fn rollback(&mut self, action: u32, origin: Cause) {
        let done = &self.actions[action as usize - 1];
        let undo = done
            .undo
            .clone()
            .expect("check_state accepted the rollback, so the action is reversible");
        let text = done.text.clone();
        let rolled = self.emit(origin, EventKind::RolledBack { action, text });
        self.actions[action as usize - 1].rolled_back = true;
        let cause = Cause::Event(rolled);
        match undo {
            Undo::Grant { edge, before } => self.undo_grant(edge, before, cause),
            Undo::Disable(identity) => {
                self.enable_identity(identity, cause);
            }
            Undo::Quarantine(workload) => {
                self.restore_workload(workload, cause);
            }
            Undo::BreakGlass(identity) => self.close_break_glass(identity, cause),
        }
    }

    /// Puts a grant back as it was before an action (`None`: it did not exist).
    fn undo_grant(&mut self, edge: EdgeId, before: Option<(EdgeKind, bool)>, cause: Cause) {
        let (identity, resource) = self.estate.endpoints(edge);
        let current = self.grant_permission(identity, resource);
        let (kind, enabled) = before.unwrap_or((self.estate.edge(edge).kind, false));
        let permission = match kind {
            EdgeKind::Grants { permission, .. } if enabled => permission,
            _ => Permission::None,
        };
        let (identity, resource) = (self.name(identity), self.name(resource));
        let event = if permission > current {
            EventKind::GrantAdded {
                identity,
                resource,
                from: (current > Permission::None).then_some(current),
                permission,
            }
        } else if enabled {
            EventKind::GrantScopedDown {
                identity,
                resource,
                from: current,
                to: permission,
            }
        } else {
            EventKind::GrantRemoved {
                identity,
                resource,
                permission: current,
            }
        };
        let e = self.emit(cause, event);
        self.change_grant(edge, kind, enabled, e);
    }

    fn close_break_glass(&mut self, i: NodeId, cause: Cause) {
        if let Some((since, _)) = self.break_glass.remove(&i) {
            let minutes = self.tick - since;
            self.emit(
                cause,
                EventKind::BreakGlassClosed {
                    identity: self.name(i),
                    minutes,
                },
            );
        }
    }

    fn create_identity(&mut self, id: &str, kind: IdentityKind, owner: &str, origin: Cause) {
        let mut node = Node::new(id, NodeKind::Identity(kind));
        node.owner = Some(owner.to_owned());
        node.last_used = LastUsed::Never;
        self.estate_to_grow()
            .add_node(node)
            .expect("check_refs found the new id unused");
        self.emit(
            origin,
            EventKind::IdentityCreated {
                identity: id.to_owned(),
                identity_kind: kind,
                owner: owner.to_owned(),
            },
        );
    }

    fn grant(
        &mut self,
        identity: &str,
        resource: &str,
        permission: Permission,
        origin: Cause,
    ) -> Undo {
        let (i, r) = (self.node_of(identity), self.node_of(resource));
        let current = self.grant_permission(i, r);
        let (edge, before) = if let Some(edge) = self.grant_edge(i, r) {
            let e = self.estate.edge(edge);
            (edge, Some((e.kind, e.enabled)))
        } else {
            let edge = self
                .estate_to_grow()
                .add_edge(
                    i,
                    r,
                    EdgeKind::Grants {
                        permission: Permission::None,
                        used: true,
                    },
                )
                .expect("a grant joins an identity to a resource");
            (edge, None)
        };
        let e = self.emit(
            origin,
            EventKind::GrantAdded {
                identity: identity.to_owned(),
                resource: resource.to_owned(),
                from: (current > Permission::None).then_some(current),
                permission,
            },
        );
        self.change_grant(
            edge,
            EdgeKind::Grants {
                permission,
                used: true,
            },
            true,
            e,
        );
        Undo::Grant { edge, before }
    }

    fn issue(
        &mut self,
        id: &str,
        kind: CredentialKind,
        identity: &str,
        store: Option<&str>,
        ttl: Option<Ticks>,
        origin: Cause,
    ) {
        let i = self.node_of(identity);
        let mut node = Node::new(id, NodeKind::Credential(kind));
        node.age = Some(0);
        node.last_used = LastUsed::Never;
        node.owner.clone_from(&self.estate.node(i).owner);
        node.expires = ttl.map(|t| self.tick.saturating_add(t));
        let c = self
            .estate_to_grow()
            .add_node(node)
            .expect("check_refs found the new id unused");
        self.estate_to_grow()
            .add_edge(c, i, EdgeKind::Authenticates)
            .expect("a credential authenticates an identity");
        if let Some(s) = store {
            let r = self.node_of(s);
            self.estate_to_grow()
                .add_edge(r, c, EdgeKind::Stores)
                .expect("a resource stores a credential");
        }
        let e = self.emit(
            origin,
            EventKind::CredentialIssued {
                credential: id.to_owned(),
                identity: identity.to_owned(),
                store: store.map(str::to_owned),
                ttl,
            },
        );
        if let Some(t) = ttl {
            self.schedule(
                self.tick.saturating_add(t),
                Timer::VersionExpiry {
                    credential: c,
                    upto: 1,
                    cause: Some(e),
                },
            );
        }
    }

    fn attach(&mut self, c: NodeId, w: NodeId, origin: Cause) {
        let edge = match self.estate.find_edge(w, c, |k| k == EdgeKind::Holds) {
            Some(edge) => {
                self.set_edge_enabled(edge, true);
                edge
            }
            None => self
                .estate_to_grow()
                .add_edge(w, c, EdgeKind::Holds)
                .expect("a workload holds a credential"),
        };
        let v = self.cred(c).version;
        self.hold_version.insert(edge, v);
        self.emit(
            origin,
            EventKind::CredentialAttached {
                credential: self.name(c),
                workload: self.name(w),
            },
        );
    }

    /// Takes a credential away from a workload: the holds edge is disabled, the workload is
    /// re-evaluated (it may now miss a need the credential's identity met), and the attacker
    /// loses the way to the credential through this workload.
    fn detach(&mut self, c: NodeId, w: NodeId, origin: Cause) {
        let edge = self
            .estate
            .find_edge(w, c, |k| k == EdgeKind::Holds)
            .expect("check_state found the enabled holds edge");
        self.set_edge_enabled(edge, false);
        self.emit(
            origin,
            EventKind::CredentialDetached {
                credential: self.name(c),
                workload: self.name(w),
            },
        );
    }

    /// Node class words for messages.
    pub(crate) fn class_of(&self, n: NodeId) -> NodeClass {
        self.estate.node(n).class()
    }
}
