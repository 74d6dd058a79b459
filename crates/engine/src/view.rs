//! The trainee's view: the estate as the inventory and investigation show it, and the
//! events the trainee has seen. The TUI, scripts and bots act on this, never on the truth.
//! Also a [`Summary`] of the truth for scoring and debriefs.
//!
//! A [`TraineeView`] is an owned projection built by [`Session::view`]: it copies out the
//! visible nodes (renumbered into an estate of its own), the edges between them, the
//! trainee's feed, actions, pending sign-offs and grace windows, and keeps no reference to
//! the session. Hidden nodes not found yet and the attacker's state are not in it, so no
//! code holding a view can reach them: the separation is one of construction, not of
//! convention. A view of someone else's session cannot give the session back either:
//!
//! ```compile_fail,E0599
//! # use drillhall_engine::{Session, TraineeView};
//! fn truth(view: &TraineeView) -> &Session {
//!     view.session() // a view has no way back to the truth
//! }
//! ```
//!
//! ```compile_fail,E0609
//! # use drillhall_engine::TraineeView;
//! fn footholds(view: &TraineeView) -> usize {
//!     view.adversary.controlled.len() // nor to the attacker's state
//! }
//! ```

use std::collections::BTreeSet;

use drillhall_estate::{
    Criticality, EdgeKind, Estate, Node, NodeClass, NodeId, Permission, Sensitivity, Ticks,
    blast_radius, orphaned_identities, stale_credentials,
};
use drillhall_scenario::command::Command;
use drillhall_scenario::drill::Mode;

use crate::Session;
use crate::event::{Event, EventId, EventKind};
use crate::state::Timer;
use crate::supervision::{HintPreview, PendingSignoff};

/// What the trainee can see of a node's state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[allow(clippy::struct_excessive_bools)] // independent flags, each shown as its own glyph
pub struct NodeStatus {
    /// A credential that was revoked.
    pub revoked: bool,
    /// A credential whose last version expired.
    pub expired: bool,
    /// A credential's newest version, when it has been rotated.
    pub rotated_to: Option<u32>,
    /// An identity the trainee disabled.
    pub disabled: bool,
    /// A workload the trainee quarantined.
    pub quarantined: bool,
    /// A workload that is down.
    pub down: bool,
    /// An identity with a granted permission the inventory marks unused.
    pub over_privileged: bool,
    /// An identity with emergency access open through it.
    pub break_glass: bool,
    /// Named by an alert the trainee has seen.
    pub flagged: bool,
}

/// One of the trainee's own numbered actions, as `rollback #N` names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionRecord {
    /// 1-based, the number `rollback` takes.
    pub number: u32,
    /// The command as executed.
    pub text: String,
    /// Whether `rollback` can undo it now.
    pub reversible: bool,
    /// Whether it was rolled back.
    pub rolled_back: bool,
}

/// A rotation's grace window the trainee opened: the old versions die at `ends_at`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GraceWindow {
    pub credential: String,
    /// Versions up to this one die when the window ends.
    pub upto: u32,
    pub ends_at: Ticks,
    /// The holders the trainee can see that still run a version the window ends (they
    /// break when it closes unless redeployed or delivered the new one), in id order.
    pub on_old: Vec<String>,
}

/// Shadow mode: how far the expert's response has played, without saying what comes next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShadowProgress {
    /// Steps in the expert's response.
    pub steps: usize,
    /// The next step to play (1-based) and its tick, if any is left.
    pub next: Option<(u32, Ticks)>,
    /// Whether the trainee already predicted the next step.
    pub next_predicted: bool,
}

/// What the trainee knows of the drill: the principal input of every [`Policy`]
/// (the terminal UI, action files, the expert, bots).
///
/// It is a copy, not a window onto the session: the visible nodes live in an [`Estate`]
/// of the view's own (with its own [`NodeId`]s, in declaration order, provisioned nodes
/// last), so the estate crate's analyses (blast radius, stale credentials, orphaned
/// identities) run on what the trainee can see and nothing else. Build a new view after
/// each input: [`Session::view`].
///
/// [`Policy`]: crate::Policy
#[derive(Clone, Debug)]
pub struct TraineeView {
    tick: Ticks,
    end_tick: Ticks,
    over: bool,
    mode: Mode,
    simulated_reviewer: bool,
    estate: Estate,
    status: Vec<NodeStatus>,
    stale: BTreeSet<NodeId>,
    orphaned: BTreeSet<NodeId>,
    feed: Vec<Event>,
    actions: Vec<ActionRecord>,
    pending: Vec<PendingSignoff>,
    grace: Vec<GraceWindow>,
    hint: Option<HintPreview>,
    shadow: Option<ShadowProgress>,
}

impl TraineeView {
    /// The current tick.
    pub fn tick(&self) -> Ticks {
        self.tick
    }

    /// The tick the drill ends at.
    pub fn end_tick(&self) -> Ticks {
        self.end_tick
    }

    /// Whether the drill has ended.
    pub fn is_over(&self) -> bool {
        self.over
    }

    /// The supervision mode.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Whether the simulated reviewer answers sign-offs (otherwise an instructor does).
    pub fn simulated_reviewer(&self) -> bool {
        self.simulated_reviewer
    }

    /// The estate as the trainee can see it: visible nodes and the edges between them.
    /// Its node ids are the view's own.
    pub fn estate(&self) -> &Estate {
        &self.estate
    }

    /// Whether a node id of this view names a node (every node of the view is visible).
    pub fn is_visible(&self, n: NodeId) -> bool {
        n.index() < self.status.len()
    }

    /// The visible node with this scenario id.
    pub fn find(&self, id: &str) -> Option<NodeId> {
        self.estate.find(id)
    }

    /// A visible node.
    pub fn node(&self, n: NodeId) -> &Node {
        self.estate.node(n)
    }

    /// Visible nodes, in declaration order (provisioned nodes last).
    pub fn nodes(&self) -> impl ExactSizeIterator<Item = NodeId> + '_ {
        self.estate.node_ids()
    }

    /// What the trainee can see of a node's state.
    pub fn status(&self, n: NodeId) -> NodeStatus {
        self.status[n.index()]
    }

    /// Whether the node was hidden from the inventory and found by investigation.
    pub fn is_revealed(&self, n: NodeId) -> bool {
        self.estate.node(n).hidden
    }

    /// Whether a credential is past its rotation policy.
    pub fn is_stale(&self, n: NodeId) -> bool {
        self.stale.contains(&n)
    }

    /// Whether an identity has no owning team.
    pub fn is_orphaned(&self, n: NodeId) -> bool {
        self.orphaned.contains(&n)
    }

    /// The blast radius of a node over the visible estate, depth-first, the node itself
    /// first at depth 0.
    pub fn blast_tree(&self, n: NodeId) -> Vec<(u32, NodeId)> {
        blast_radius(&self.estate, n).tree().preorder()
    }

    /// Events the trainee has seen, in order.
    pub fn feed(&self) -> impl Iterator<Item = &Event> + '_ {
        self.feed.iter()
    }

    /// The feed as a slice.
    pub fn events(&self) -> &[Event] {
        &self.feed
    }

    /// Alerts (scripted, detections and noise) and tickets, in order.
    pub fn alerts(&self) -> impl Iterator<Item = &Event> + '_ {
        self.feed.iter().filter(|e| {
            matches!(
                e.kind,
                EventKind::Alert { .. }
                    | EventKind::NoiseAlert { .. }
                    | EventKind::TicketOpened { .. }
            )
        })
    }

    /// The trainee's numbered actions so far.
    pub fn actions(&self) -> &[ActionRecord] {
        &self.actions
    }

    /// Sign-off requests not answered yet, oldest first.
    pub fn pending_signoffs(&self) -> &[PendingSignoff] {
        &self.pending
    }

    /// Grace windows still open, soonest end first.
    pub fn grace_windows(&self) -> &[GraceWindow] {
        &self.grace
    }

    /// The next hint, if one is available now (guided mode).
    pub fn hint_available(&self) -> Option<HintPreview> {
        self.hint.clone()
    }

    /// Shadow mode: the expert's progress.
    pub fn shadow(&self) -> Option<ShadowProgress> {
        self.shadow
    }

    /// The commands that make sense on a visible node in its current state, investigation
    /// first: what a front end offers in its action menu and a bot picks from.
    pub fn available_commands(&self, n: NodeId) -> Vec<Command> {
        let node = self.estate.node(n);
        let id = node.id.clone();
        let status = self.status(n);
        let mut out = vec![
            Command::Inspect { id: id.clone() },
            Command::Logs {
                id: id.clone(),
                since: None,
            },
            Command::Paths { id: id.clone() },
            Command::Owners { id: id.clone() },
        ];
        match node.class() {
            NodeClass::Credential => {
                if !status.revoked && !status.expired {
                    out.push(Command::Rotate {
                        credential: id.clone(),
                        grace: DEFAULT_OFFERED_GRACE,
                    });
                    out.push(Command::Revoke { credential: id });
                }
            }
            NodeClass::Identity => {
                out.push(Command::RevokeSessions {
                    identity: id.clone(),
                });
                if !status.disabled {
                    out.push(Command::Disable {
                        identity: id.clone(),
                    });
                }
                if status.break_glass {
                    out.push(Command::EndBreakGlass {
                        identity: id.clone(),
                    });
                } else {
                    out.push(Command::BreakGlass {
                        identity: id.clone(),
                    });
                }
                for (e, to) in self.estate.out_edges(n) {
                    let edge = self.estate.edge(e);
                    if let EdgeKind::Grants { permission, .. } = edge.kind
                        && edge.enabled
                        && permission > Permission::None
                    {
                        let resource = self.estate.node(to).id.clone();
                        for &lower in Permission::ALL.iter().filter(|p| **p < permission).rev() {
                            out.push(Command::ScopeDown {
                                identity: id.clone(),
                                resource: resource.clone(),
                                permission: lower,
                            });
                        }
                        out.push(Command::RemoveGrant {
                            identity: id.clone(),
                            resource,
                        });
                    }
                }
            }
            NodeClass::Workload => {
                if status.quarantined || status.down {
                    out.push(Command::Restore {
                        workload: id.clone(),
                    });
                }
                if !status.quarantined {
                    out.push(Command::Redeploy {
                        workload: id.clone(),
                    });
                    out.push(Command::Quarantine { workload: id });
                }
            }
            NodeClass::Resource => {}
        }
        if let Some(owner) = &node.owner {
            out.push(Command::Notify {
                team: owner.clone(),
            });
        }
        out
    }
}

/// The grace a rotation offered by [`TraineeView::available_commands`] gives the old
/// version: long enough for a manual redeploy of a holder or two.
pub const DEFAULT_OFFERED_GRACE: Ticks = 5;

impl Session {
    /// The trainee's view now: a copy of what the trainee knows, and nothing else.
    pub fn view(&self) -> TraineeView {
        let bound = self
            .estate
            .node_ids()
            .map(|n| n.index() + 1)
            .max()
            .unwrap_or(0);
        let mut to_view: Vec<Option<NodeId>> = vec![None; bound];
        let mut estate = Estate::new();
        estate.set_policy(self.estate.policy());
        for t in self.estate.teams() {
            estate.add_team(t.clone());
        }
        let flagged: BTreeSet<&str> = self
            .events
            .iter()
            .filter_map(|e| match &e.kind {
                EventKind::Alert { points_to, .. } => Some(points_to),
                _ => None,
            })
            .flatten()
            .map(String::as_str)
            .collect();
        let mut status = Vec::new();
        for n in self.estate.node_ids().filter(|&n| self.visible(n)) {
            let node = self.estate.node(n);
            let v = estate
                .add_node(node.clone())
                .expect("ids are unique in the truth, so in any part of it");
            estate.set_enabled(v, self.estate.is_enabled(n));
            to_view[n.index()] = Some(v);
            status.push(self.node_status(n, flagged.contains(node.id.as_str())));
        }
        for e in self.estate.edge_ids() {
            let (from, to) = self.estate.endpoints(e);
            if let (Some(f), Some(t)) = (to_view[from.index()], to_view[to.index()]) {
                let edge = self.estate.edge(e);
                let v = estate
                    .add_edge(f, t, edge.kind)
                    .expect("an edge of the truth joins nodes of the right classes");
                estate.set_edge_enabled(v, edge.enabled);
            }
        }
        let stale = stale_credentials(&estate)
            .into_iter()
            .map(|s| s.credential)
            .collect();
        let orphaned = orphaned_identities(&estate)
            .into_iter()
            .map(|o| o.identity)
            .collect();
        let actions = self
            .actions
            .iter()
            .enumerate()
            .map(|(i, a)| ActionRecord {
                number: i as u32 + 1,
                text: a.text.clone(),
                reversible: a.undo.is_ok() && !a.rolled_back,
                rolled_back: a.rolled_back,
            })
            .collect();
        let mut grace: Vec<GraceWindow> = self
            .timers
            .iter()
            .filter_map(|(&(at, _), timer)| match timer {
                Timer::VersionExpiry {
                    credential,
                    upto,
                    cause: Some(_),
                } if self.visible(*credential) => {
                    let mut on_old: Vec<String> = self
                        .holders(*credential)
                        .into_iter()
                        .filter(|&(e, w)| self.visible(w) && self.held_version(e) <= *upto)
                        .map(|(_, w)| self.name(w))
                        .collect();
                    on_old.sort();
                    Some(GraceWindow {
                        credential: self.name(*credential),
                        upto: *upto,
                        ends_at: at,
                        on_old,
                    })
                }
                _ => None,
            })
            .collect();
        grace.sort_by_key(|g| g.ends_at);
        let shadow = (self.mode == Mode::Shadow).then(|| {
            let next = self.expert_next();
            ShadowProgress {
                steps: self.rules.expert.len(),
                next: next.map(|s| (s.index + 1, s.at)),
                next_predicted: next.is_some_and(|s| self.predicted.contains(&s.index)),
            }
        });
        TraineeView {
            tick: self.tick,
            end_tick: self.rules.duration,
            over: self.ended,
            mode: self.mode,
            simulated_reviewer: self.options.simulated_reviewer,
            estate,
            status,
            stale,
            orphaned,
            feed: self
                .events
                .iter()
                .filter(|e| e.kind.visible_to_trainee())
                .cloned()
                .collect(),
            actions,
            pending: self.pending_signoffs(),
            grace,
            hint: self.hint_available(),
            shadow,
        }
    }

    /// What the trainee can see of a node's state.
    fn node_status(&self, n: NodeId, flagged: bool) -> NodeStatus {
        let cs = self.cred(n);
        let ws = self.work(n);
        let over_privileged = self.outgoing(n).any(|(_, to, edge)| {
            matches!(edge.kind, EdgeKind::Grants { permission, used: false } if permission > Permission::None)
                && edge.enabled
                && self.visible(to)
        });
        NodeStatus {
            revoked: cs.revoked.is_some(),
            expired: cs.expired.is_some(),
            rotated_to: (cs.version > 1).then_some(cs.version),
            disabled: self.disabled.contains_key(&n),
            quarantined: ws.quarantined.is_some(),
            down: ws.down.is_some(),
            over_privileged,
            break_glass: self.break_glass.contains_key(&n),
            flagged,
        }
    }
}

/// One outage, from the event log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outage {
    pub workload: String,
    pub criticality: Criticality,
    pub start: Ticks,
    /// The tick it ended, or the current tick if it is still open.
    pub end: Ticks,
    pub open: bool,
    /// The `workload-down` event.
    pub down_event: EventId,
    pub trainee_caused: bool,
}

impl Outage {
    /// Minutes × criticality weight.
    pub fn weighted_minutes(&self) -> Ticks {
        (self.end - self.start) * self.criticality.weight()
    }
}

/// The truth, summed up for scoring and debriefs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub outages: Vec<Outage>,
    /// Resources data left, with minutes of exfiltration.
    pub exfiltration: Vec<(String, Sensitivity, Ticks)>,
    /// Nodes the attacker reached, with the event.
    pub reached: Vec<(String, EventId)>,
    /// Attacker credentials still working.
    pub persistence_left: Vec<String>,
    /// Identities and workloads the attacker controls now.
    pub attacker_controls: Vec<String>,
    /// Emergency access still open.
    pub break_glass_open: Vec<String>,
    pub incident_declared: Option<EventId>,
    pub notified: Vec<String>,
}

impl Session {
    /// Outages, attacker reach, exfiltration and loose ends so far.
    pub fn summary(&self) -> Summary {
        let mut outages: Vec<Outage> = Vec::new();
        for e in &self.events {
            match &e.kind {
                EventKind::WorkloadDown {
                    workload,
                    criticality,
                    trainee_caused,
                    ..
                } => outages.push(Outage {
                    workload: workload.clone(),
                    criticality: *criticality,
                    start: e.tick,
                    end: self.tick,
                    open: true,
                    down_event: e.id,
                    trainee_caused: *trainee_caused,
                }),
                EventKind::WorkloadUp { workload, .. } => {
                    if let Some(o) = outages
                        .iter_mut()
                        .rev()
                        .find(|o| o.open && &o.workload == workload)
                    {
                        o.open = false;
                        o.end = e.tick;
                    }
                }
                _ => {}
            }
        }
        Summary {
            outages,
            exfiltration: self
                .adversary
                .exfil
                .keys()
                .map(|&r| {
                    (
                        self.name(r),
                        self.estate.node(r).sensitivity,
                        self.exfiltration_minutes(r),
                    )
                })
                .collect(),
            reached: {
                let mut v: Vec<(String, EventId)> = self
                    .adversary
                    .reached
                    .iter()
                    .map(|(&n, &e)| (self.name(n), e))
                    .collect();
                v.sort_by_key(|&(_, e)| e);
                v
            },
            persistence_left: self
                .persistence_credentials()
                .iter()
                .filter(|&&c| self.estate.is_enabled(c) && self.version_works(c, 1))
                .map(|&c| self.name(c))
                .collect(),
            attacker_controls: self
                .adversary
                .controlled
                .iter()
                .map(|&n| self.name(n))
                .collect(),
            break_glass_open: self.break_glass.keys().map(|&i| self.name(i)).collect(),
            incident_declared: self.incident,
            notified: self.notified.keys().cloned().collect(),
        }
    }
}
