//! Investigation: `inspect`, `logs`, `paths` and `owners`, answered from the truth but
//! shown through the trainee's view, and what they reveal.
//!
//! `logs` is where hidden things surface: the audit log of a credential shows every
//! workload that used it, including holders the inventory does not list (revealing them),
//! and the attacker's uses with their tell-tale source, location and user agent. Workloads'
//! normal entries are synthesised from how they run (services continuously, batch jobs at
//! their schedule), so they cost nothing while no one reads them.

use std::collections::BTreeSet;

use drillhall_estate::{
    BlastRadius, EdgeKind, LastUsed, NodeClass, NodeId, Permission, Searcher, Ticks, WorkloadKind,
};
use drillhall_scenario::{format_clock, format_duration};

use crate::Session;
use crate::event::{Attribute, Cause, EventKind, LogEntry, PathEntry};

/// Most nodes `paths` lists.
const PATHS_SHOWN: usize = 100;

/// Ticks as a signed number (log times before the drill are negative).
fn signed(t: Ticks) -> i64 {
    i64::try_from(t).unwrap_or(i64::MAX)
}

/// A count of uses from a signed span.
fn count(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

fn last_used(l: LastUsed) -> String {
    match l {
        LastUsed::Unknown => "no record".into(),
        LastUsed::Never => "never".into(),
        LastUsed::Ago(t) => format!("{} before the drill", format_duration(t)),
    }
}

/// One way a workload uses a node, for synthesised log lines.
struct Use {
    workload: NodeId,
    credential: Option<NodeId>,
    identity: Option<NodeId>,
    action: String,
    target: Option<NodeId>,
}

impl Session {
    fn attr(out: &mut Vec<Attribute>, name: &str, value: impl Into<String>) {
        out.push(Attribute {
            name: name.to_owned(),
            value: value.into(),
        });
    }

    fn visible_names(&self, nodes: impl IntoIterator<Item = NodeId>) -> String {
        let v: Vec<String> = nodes
            .into_iter()
            .filter(|&n| self.visible(n))
            .map(|n| self.name(n))
            .collect();
        if v.is_empty() {
            "none".into()
        } else {
            v.join(", ")
        }
    }

    /// Persistence credentials attached to a node: authenticating it (an identity) or
    /// stored in it (an identity store).
    fn persistence_at(&self, n: NodeId) -> Vec<NodeId> {
        self.persistence_credentials()
            .iter()
            .copied()
            .filter(|&c| {
                self.authenticated_identity(c) == Some(n)
                    || self
                        .estate
                        .in_edges(c)
                        .iter()
                        .any(|&(e, src)| src == n && self.estate.edge(e).kind == EdgeKind::Stores)
            })
            .collect()
    }

    /// `inspect`: attributes, evidence and, for an identity or its store, any persistence
    /// credential attached to it.
    pub(crate) fn inspect(&mut self, n: NodeId, origin: Cause) {
        let found: Vec<NodeId> = self
            .persistence_at(n)
            .into_iter()
            .filter(|c| !self.revealed.contains(c))
            .collect();
        for &c in &found {
            self.reveal(c);
        }
        let attributes = self.attributes(n);
        let node = self.name(n);
        let e = self.emit(
            origin,
            EventKind::Inspected {
                node: node.clone(),
                attributes,
            },
        );
        for c in found {
            self.emit(
                Cause::Event(e),
                EventKind::PersistenceFound {
                    credential: self.name(c),
                    by: format!("inspect {node}"),
                },
            );
        }
    }

    fn attributes(&self, n: NodeId) -> Vec<Attribute> {
        let node = self.estate.node(n).clone();
        let mut a = Vec::new();
        Self::attr(&mut a, "class", node.class().as_str());
        Self::attr(&mut a, "kind", node.kind.as_str());
        let owner = match (self.owner_of(n), node.class()) {
            (Some(o), _) => o,
            (None, NodeClass::Identity) => "none (orphaned)".into(),
            (None, _) => "none recorded".into(),
        };
        Self::attr(&mut a, "owner", owner);
        if let Some(env) = node.env {
            Self::attr(&mut a, "env", env.as_str());
        }
        let outs = self.estate.out_edges(n);
        let ins = self.estate.in_edges(n);
        let live = |e| self.estate.edge(e).enabled;
        let of_kind = |v: &[(drillhall_estate::EdgeId, NodeId)], k: EdgeKind| -> Vec<NodeId> {
            v.iter()
                .filter(|&&(e, _)| live(e) && self.estate.edge(e).kind == k)
                .map(|&(_, t)| t)
                .collect()
        };
        match node.class() {
            NodeClass::Workload => {
                Self::attr(&mut a, "criticality", node.criticality.as_str());
                if node.internet_facing {
                    Self::attr(&mut a, "internet-facing", "yes");
                }
                Self::attr(
                    &mut a,
                    "runs-as",
                    self.visible_names(of_kind(&outs, EdgeKind::RunsAs)),
                );
                let holds: Vec<String> = outs
                    .iter()
                    .filter(|&&(e, c)| {
                        live(e) && self.estate.edge(e).kind == EdgeKind::Holds && self.visible(c)
                    })
                    .map(|&(e, c)| format!("{} v{}", self.name(c), self.held_version(e)))
                    .collect();
                Self::attr(
                    &mut a,
                    "holds",
                    if holds.is_empty() {
                        "none".into()
                    } else {
                        holds.join(", ")
                    },
                );
                if let Some(rule) = self.rules.workloads.get(&n) {
                    if let Some((first, every)) = rule.schedule {
                        Self::attr(
                            &mut a,
                            "schedule",
                            format!(
                                "every {} from {}",
                                format_duration(every),
                                format_clock(first)
                            ),
                        );
                    }
                    if !rule.needs.is_empty() {
                        let needs: Vec<String> = rule
                            .needs
                            .iter()
                            .map(|&(r, p)| format!("{p} on {}", self.name(r)))
                            .collect();
                        Self::attr(&mut a, "needs", needs.join(", "));
                    }
                }
                let ws = self.work(n);
                let status = if ws.quarantined.is_some() {
                    "quarantined".to_owned()
                } else if let Some(d) = ws.down {
                    format!("down since {}", format_clock(d.since))
                } else {
                    "up".to_owned()
                };
                Self::attr(&mut a, "status", status);
            }
            NodeClass::Identity => {
                Self::attr(&mut a, "last-used", last_used(node.last_used));
                Self::attr(
                    &mut a,
                    "status",
                    if self.estate.is_enabled(n) {
                        "enabled"
                    } else {
                        "disabled"
                    },
                );
                Self::attr(
                    &mut a,
                    "can-assume",
                    self.visible_names(of_kind(&outs, EdgeKind::CanAssume)),
                );
                Self::attr(
                    &mut a,
                    "controls",
                    self.visible_names(of_kind(&outs, EdgeKind::Controls)),
                );
                let grants: Vec<String> = outs
                    .iter()
                    .filter_map(|&(e, r)| match self.estate.edge(e).kind {
                        EdgeKind::Grants { permission, .. } if live(e) && self.visible(r) => {
                            let lu = self
                                .rules
                                .grant_last_used
                                .get(&(n, r))
                                .map_or_else(|| "no record".into(), |&l| last_used(l));
                            Some(format!("{} {permission} (last used: {lu})", self.name(r)))
                        }
                        _ => None,
                    })
                    .collect();
                Self::attr(
                    &mut a,
                    "grants",
                    if grants.is_empty() {
                        "none".into()
                    } else {
                        grants.join(", ")
                    },
                );
                Self::attr(
                    &mut a,
                    "credentials",
                    self.visible_names(of_kind(&ins, EdgeKind::Authenticates)),
                );
                if self.break_glass.contains_key(&n) {
                    Self::attr(&mut a, "break-glass", "open");
                }
            }
            NodeClass::Credential => {
                Self::attr(
                    &mut a,
                    "authenticates",
                    self.visible_names(of_kind(&outs, EdgeKind::Authenticates)),
                );
                if let Some(age) = node.age {
                    Self::attr(&mut a, "age", format_duration(age + self.tick));
                }
                if let Some(x) = node.expires {
                    Self::attr(&mut a, "expires", format_clock(x));
                }
                Self::attr(&mut a, "rotation", node.rotation.as_str());
                if let Some(m) = node.max_age {
                    Self::attr(&mut a, "max-age", format_duration(m));
                }
                Self::attr(&mut a, "last-used", last_used(node.last_used));
                let cs = self.cred(n);
                Self::attr(&mut a, "version", format!("v{}", cs.version));
                let status = if cs.revoked.is_some() {
                    "revoked".to_owned()
                } else if cs.expired.is_some() {
                    "expired".to_owned()
                } else if cs.min_valid < cs.version {
                    format!(
                        "valid; v{}..v{} still accepted",
                        cs.min_valid,
                        cs.version - 1
                    )
                } else {
                    "valid".to_owned()
                };
                Self::attr(&mut a, "status", status);
                Self::attr(
                    &mut a,
                    "stored-in",
                    self.visible_names(of_kind(&ins, EdgeKind::Stores)),
                );
                let holders: Vec<String> = self
                    .holders(n)
                    .into_iter()
                    .filter(|&(_, w)| self.visible(w))
                    .map(|(e, w)| format!("{} (v{})", self.name(w), self.held_version(e)))
                    .collect();
                Self::attr(
                    &mut a,
                    "holders",
                    if holders.is_empty() {
                        "none known".into()
                    } else {
                        holders.join(", ")
                    },
                );
            }
            NodeClass::Resource => {
                Self::attr(&mut a, "sensitivity", node.sensitivity.as_str());
                Self::attr(
                    &mut a,
                    "stores",
                    self.visible_names(of_kind(&outs, EdgeKind::Stores)),
                );
                Self::attr(
                    &mut a,
                    "runs",
                    self.visible_names(of_kind(&outs, EdgeKind::Runs)),
                );
                let granted: Vec<String> = ins
                    .iter()
                    .filter_map(|&(e, i)| match self.estate.edge(e).kind {
                        EdgeKind::Grants { permission, .. } if live(e) && self.visible(i) => {
                            let lu = self
                                .rules
                                .grant_last_used
                                .get(&(i, n))
                                .map_or_else(|| "no record".into(), |&l| last_used(l));
                            Some(format!("{} {permission} (last used: {lu})", self.name(i)))
                        }
                        _ => None,
                    })
                    .collect();
                Self::attr(
                    &mut a,
                    "granted-to",
                    if granted.is_empty() {
                        "none".into()
                    } else {
                        granted.join(", ")
                    },
                );
            }
        }
        a
    }

    /// Who uses a node in the normal course of things.
    fn uses_of(&self, n: NodeId) -> Vec<Use> {
        let mut uses = Vec::new();
        match self.class_of(n) {
            NodeClass::Credential => {
                let identity = self.authenticated_identity(n);
                for (_, w) in self.holders(n) {
                    uses.push(Use {
                        workload: w,
                        credential: Some(n),
                        identity,
                        action: "authenticate".into(),
                        target: None,
                    });
                }
            }
            NodeClass::Identity => {
                for (e, src) in self.estate.in_edges(n) {
                    let edge = self.estate.edge(e);
                    if !edge.enabled {
                        continue;
                    }
                    match edge.kind {
                        EdgeKind::RunsAs => uses.push(Use {
                            workload: src,
                            credential: None,
                            identity: Some(n),
                            action: "workload-identity-token".into(),
                            target: None,
                        }),
                        EdgeKind::Authenticates => {
                            for (_, w) in self.holders(src) {
                                uses.push(Use {
                                    workload: w,
                                    credential: Some(src),
                                    identity: Some(n),
                                    action: "authenticate".into(),
                                    target: None,
                                });
                            }
                        }
                        _ => {}
                    }
                }
            }
            NodeClass::Resource => {
                for (e, i) in self.estate.in_edges(n) {
                    let edge = self.estate.edge(e);
                    let EdgeKind::Grants { permission, used } = edge.kind else {
                        continue;
                    };
                    if !edge.enabled || !used || permission == Permission::None {
                        continue;
                    }
                    for w in self.workloads_of_identity(i) {
                        uses.push(Use {
                            workload: w,
                            credential: None,
                            identity: Some(i),
                            action: format!("{permission}-access"),
                            target: Some(n),
                        });
                    }
                }
            }
            NodeClass::Workload => {
                for (e, t) in self.estate.out_edges(n) {
                    let edge = self.estate.edge(e);
                    if edge.enabled && edge.kind == EdgeKind::Holds {
                        uses.push(Use {
                            workload: n,
                            credential: Some(t),
                            identity: self.authenticated_identity(t),
                            action: "authenticate".into(),
                            target: None,
                        });
                    }
                }
            }
        }
        uses
    }

    fn workload_agent(&self, w: NodeId) -> String {
        let node = self.estate.node(w);
        match node.kind {
            drillhall_estate::NodeKind::Workload(k) => match k {
                WorkloadKind::CiPipeline => "github-actions-runner/2.317".into(),
                WorkloadKind::Job => "kube-cronjob/1.29".into(),
                WorkloadKind::Service => format!("{}/1.0 go-http-client/2.0", node.id),
                WorkloadKind::Function => "aws-lambda-runtime/3".into(),
                WorkloadKind::AiAgent => "agent-runtime/0.9 (tool-use)".into(),
            },
            _ => "unknown".into(),
        }
    }

    /// `logs`: entries touching the node in the last `since` ticks, and what they reveal.
    pub(crate) fn read_logs(&mut self, n: NodeId, since: Ticks, origin: Cause) {
        let now = signed(self.tick);
        let from = now.saturating_sub(signed(since));
        let mut entries: Vec<(i64, u32, LogEntry)> = Vec::new();
        let mut seq = 0u32;
        let mut mentioned: BTreeSet<(NodeId, Option<NodeId>)> = BTreeSet::new();
        for u in self.uses_of(n) {
            let w = u.workload;
            let ws = self.work(w);
            // Uses stop when the workload went down; afterwards its attempts are refused.
            let broken_since = ws.down.map(|d| signed(d.since));
            let node = self.estate.node(w);
            let base = LogEntry {
                tick: 0,
                count: 0,
                action: u.action.clone(),
                identity: u.identity.map(|i| self.name(i)),
                credential: u.credential.map(|c| self.name(c)),
                workload: Some(node.id.clone()),
                target: u.target.map(|t| self.name(t)),
                outcome: "ok".into(),
                source_ip: format!(
                    "10.{}.{}.{}",
                    20 + w.0 / 62_500 % 200,
                    w.0 / 250 % 250,
                    1 + w.0 % 250
                ),
                location: format!(
                    "internal ({})",
                    node.env.map_or("unknown env", |e| e.as_str())
                ),
                user_agent: self.workload_agent(w),
            };
            let mut lines = Vec::new();
            if let Some((first, every)) = self.rules.workloads.get(&w).and_then(|r| r.schedule) {
                // Runs at first + k·every, before the drill too; the three latest in the window.
                let (first, every) = (signed(first), signed(every));
                let k_last = (now - first).div_euclid(every);
                let mut k = k_last;
                while lines.len() < 3 {
                    let t = first + k * every;
                    if t < from {
                        break;
                    }
                    let refused = broken_since.is_some_and(|b| t >= b);
                    lines.push(LogEntry {
                        tick: t,
                        count: 1,
                        outcome: if refused {
                            "denied (401: credential rejected)".into()
                        } else {
                            "ok".into()
                        },
                        ..base.clone()
                    });
                    k -= 1;
                }
                lines.reverse();
            } else if ws.quarantined.is_none() || broken_since.is_some() {
                let ok_until = broken_since.unwrap_or(now + 1);
                if ok_until > from {
                    lines.push(LogEntry {
                        tick: ok_until - 1,
                        count: count(
                            ok_until
                                .saturating_sub(from)
                                .min(signed(since).saturating_add(1)),
                        ),
                        ..base.clone()
                    });
                }
                if let Some(b) = broken_since
                    && ws.quarantined.is_none()
                    && now > b
                {
                    lines.push(LogEntry {
                        tick: now,
                        count: count(now - b.max(from)),
                        outcome: "denied (401: credential rejected)".into(),
                        ..base.clone()
                    });
                }
            }
            if !lines.is_empty() {
                mentioned.insert((w, u.credential));
            }
            for l in lines {
                seq += 1;
                entries.push((l.tick, seq, l));
            }
        }
        // The attacker's entries, with their tell-tales.
        let id = self.name(n);
        let mut attacker_creds: Vec<String> = Vec::new();
        for ev in &self.events {
            let EventKind::Audit {
                action,
                identity,
                credential,
                target,
                outcome,
                source_ip,
                location,
                user_agent,
                asn,
            } = &ev.kind
            else {
                continue;
            };
            let t = signed(ev.tick);
            if t < from {
                continue;
            }
            let touches = [identity, credential, target]
                .iter()
                .any(|x| x.as_deref() == Some(id.as_str()));
            if !touches {
                continue;
            }
            if let Some(c) = credential {
                attacker_creds.push(c.clone());
            }
            seq += 1;
            entries.push((
                t,
                seq,
                LogEntry {
                    tick: t,
                    count: 1,
                    action: action.clone(),
                    identity: identity.clone(),
                    credential: credential.clone(),
                    workload: None,
                    target: target.clone(),
                    outcome: outcome.clone(),
                    source_ip: source_ip.clone(),
                    location: format!("{location} ({asn})"),
                    user_agent: user_agent.clone(),
                },
            ));
        }
        entries.sort_by_key(|&(t, s, _)| (t, s));
        let entries: Vec<LogEntry> = entries.into_iter().map(|(_, _, e)| e).collect();
        let e = self.emit(
            origin,
            EventKind::LogsRead {
                node: id.clone(),
                since,
                entries,
            },
        );
        // What the entries reveal.
        let by = format!("logs {id}");
        for (w, c) in mentioned {
            if !self.visible(w) {
                self.reveal(w);
                self.emit(
                    Cause::Event(e),
                    EventKind::HiddenHolderRevealed {
                        workload: self.name(w),
                        credential: c.map(|c| self.name(c)),
                    },
                );
            }
            if let Some(c) = c {
                self.reveal_node(c, e, &by);
            }
        }
        let seen: BTreeSet<NodeId> = attacker_creds
            .iter()
            .filter_map(|c| self.estate.find(c))
            .collect();
        for cn in seen {
            self.reveal_node(cn, e, &by);
        }
    }

    fn reveal_node(&mut self, n: NodeId, cause: crate::EventId, by: &str) {
        if self.visible(n) {
            return;
        }
        self.reveal(n);
        let kind = if self.cred(n).persistence {
            EventKind::PersistenceFound {
                credential: self.name(n),
                by: by.to_owned(),
            }
        } else {
            EventKind::NodeRevealed { node: self.name(n) }
        };
        self.emit(Cause::Event(cause), kind);
    }

    /// The blast radius of a node as the trainee can see it: the estate's analysis on a
    /// snapshot in which the hidden nodes not found yet are switched off.
    pub(crate) fn view_blast_radius(&self, start: NodeId) -> BlastRadius {
        Searcher::new().blast_radius(self.view_snapshot(), start)
    }

    /// `paths`: the blast radius of a node as far as the trainee can see, most sensitive
    /// first (the estate's ranking).
    pub(crate) fn show_paths(&mut self, n: NodeId, origin: Cause) {
        let radius = self.view_blast_radius(n);
        let reached = radius
            .reached()
            .iter()
            .take(PATHS_SHOWN)
            .map(|r| {
                let node = self.estate.node(r.node);
                let rating = match node.class() {
                    NodeClass::Resource => Some(node.sensitivity.as_str().to_owned()),
                    NodeClass::Workload => Some(node.criticality.as_str().to_owned()),
                    _ => None,
                };
                PathEntry {
                    node: node.id.clone(),
                    kind: format!("{}/{}", node.class(), node.kind.as_str()),
                    hops: r.hops,
                    path: radius
                        .path_to(r.node)
                        .iter()
                        .map(|&c| self.name(c))
                        .collect::<Vec<_>>()
                        .join(" → "),
                    rating,
                }
            })
            .collect();
        self.emit(
            origin,
            EventKind::PathsShown {
                node: self.name(n),
                reached,
            },
        );
    }

    /// The owning team of a node (a credential is owned through its identity).
    pub(crate) fn owner_of(&self, n: NodeId) -> Option<String> {
        let node = self.estate.node(n);
        node.owner.clone().or_else(|| {
            (node.class() == NodeClass::Credential)
                .then(|| self.authenticated_identity(n))
                .flatten()
                .and_then(|i| self.estate.node(i).owner.clone())
        })
    }

    /// `owners`: who owns a node and who can sign off for them.
    pub(crate) fn show_owners(&mut self, n: NodeId, origin: Cause) {
        let owner = self.owner_of(n);
        let members = owner
            .as_ref()
            .and_then(|o| self.estate.teams().iter().find(|t| &t.id == o))
            .map(|t| t.members.clone())
            .unwrap_or_default();
        self.emit(
            origin,
            EventKind::OwnersShown {
                node: self.name(n),
                owner,
                members,
            },
        );
    }
}
