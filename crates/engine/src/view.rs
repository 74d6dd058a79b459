//! The trainee's view: the estate as the inventory and investigation show it, and the
//! events the trainee has seen. The TUI, scripts and bots act on this, never on the truth.
//! Also a [`Summary`] of the truth for scoring and debriefs.

use drillhall_estate::{Criticality, EdgeKind, NodeId, Permission, Sensitivity, Ticks};

use crate::Session;
use crate::event::{Event, EventId, EventKind};

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

/// A borrowed projection of a session for the trainee.
#[derive(Clone, Copy, Debug)]
pub struct View<'a> {
    session: &'a Session,
}

impl<'a> View<'a> {
    /// Whether the trainee can see the node.
    pub fn is_visible(&self, n: NodeId) -> bool {
        self.session.visible(n)
    }

    /// The visible node with this id.
    pub fn find(&self, id: &str) -> Option<NodeId> {
        self.session
            .estate
            .find(id)
            .filter(|&n| self.session.visible(n))
    }

    /// Visible nodes, in declaration order (provisioned nodes last).
    pub fn nodes(&self) -> impl Iterator<Item = NodeId> + 'a {
        let s = self.session;
        s.estate.node_ids().filter(move |&n| s.visible(n))
    }

    /// What the trainee can see of a node's state.
    pub fn status(&self, n: NodeId) -> NodeStatus {
        let s = self.session;
        let cs = s.cred(n);
        let ws = s.work(n);
        let over_privileged = s.estate.out_edges(n).into_iter().any(|(e, _)| {
            let edge = s.estate.edge(e);
            matches!(edge.kind, EdgeKind::Grants { permission, used: false } if permission > Permission::None)
                && edge.enabled
        });
        let flagged = s.events.iter().any(|e| match &e.kind {
            EventKind::Alert { points_to, .. } => {
                points_to.iter().any(|p| *p == s.estate.node(n).id)
            }
            _ => false,
        });
        NodeStatus {
            revoked: cs.revoked.is_some(),
            expired: cs.expired.is_some(),
            rotated_to: (cs.version > 1).then_some(cs.version),
            disabled: s.disabled.contains_key(&n),
            quarantined: ws.quarantined.is_some(),
            down: ws.down.is_some(),
            over_privileged,
            break_glass: s.break_glass.contains_key(&n),
            flagged,
        }
    }

    /// Events the trainee has seen, in order.
    pub fn feed(&self) -> impl Iterator<Item = &'a Event> + 'a {
        self.session
            .events
            .iter()
            .filter(|e| e.kind.visible_to_trainee())
    }

    /// Alerts (scripted, detections and noise) and tickets, in order.
    pub fn alerts(&self) -> impl Iterator<Item = &'a Event> + 'a {
        self.session.events.iter().filter(|e| {
            matches!(
                e.kind,
                EventKind::Alert { .. }
                    | EventKind::NoiseAlert { .. }
                    | EventKind::TicketOpened { .. }
            )
        })
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
    /// The trainee's view.
    pub fn view(&self) -> View<'_> {
        View { session: self }
    }

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
