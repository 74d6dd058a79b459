//! The simulated attacker.
//!
//! After it discovers a leak (or is handed a workload or a session by an inject) the
//! attacker holds a **foothold**: credentials it holds at some version, live sessions of
//! identities, workloads it controls, and the resources those identities are granted. At
//! each scheduled attempt it tries one hop along the estate's edges out of that foothold:
//!
//! - identity → identity it `can-assume` (opens a session on the target),
//! - identity → resource it is granted at read or more (exposure; with admin over an
//!   `identity-store` and `persistence: true` it then mints its own hidden credential),
//! - identity → workload it `controls`, resource → workload it `runs` (write or more),
//! - workload → credential it `holds`, resource → credential it `stores` (read).
//!
//! It prefers the hop whose target is closest to one of its goals (breadth-first distance
//! on the current estate, cached until the topology changes), then the most sensitive
//! target, then declaration order. A hop succeeds with the skill's chance, and the attempt
//! is followed by a dwell in the skill's range before the next one. Both come from one roll
//! keyed by the hop (its edge kind and the ids of its ends) and the number of earlier
//! attempts at that same hop ([`crate::dice`]): closing one path leaves the attacker exactly
//! as lucky as before on every other hop it still tries. The first attempt after it gains a
//! foothold waits a dwell keyed as a `wake`, an attempt with nothing to try one keyed as
//! `idle`, and a persistence attempt rolls on the store and the identity it acts as.
//!
//! Using a credential opens a session with the scenario's `session_ttl`; a session
//! survives the credential's revocation until its TTL ends or `revoke-sessions` /
//! `disable` ends it. The attacker keeps an identity's reach while it holds a live session
//! or a working credential for it, or controls a workload that runs as it. Exfiltration
//! runs, as intervals, while it can read a reached resource of confidential sensitivity or
//! more. Every action writes an `audit` event with tell-tale attributes.
//!
//! The attacker does nothing between attempts: a quiet tick costs nothing, and an attempt
//! costs in proportion to the foothold, not to the estate.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::Arc;

use drillhall_estate::{
    CredentialKind, EdgeId, EdgeKind, LastUsed, Node, NodeClass, NodeId, NodeKind, Permission,
    ResourceKind, Rotation, Sensitivity, Ticks,
};
use drillhall_scenario::drill::{DetectWhen, Severity};

use crate::Session;
use crate::dice::{DiceSet, Stream, Subject};
use crate::event::{Cause, EventId, EventKind};
use crate::rules::AdversaryRules;
use crate::state::Timer;

/// A live attacker session.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AttackerSession {
    pub serial: u64,
}

/// Exfiltration from one resource.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Exfil {
    pub open_since: Option<Ticks>,
    pub total: Ticks,
}

/// The attacker's state (truth only).
#[derive(Clone, Debug, Default)]
pub(crate) struct Adversary {
    /// It has had a foothold at some point.
    pub active: bool,
    pub attempt_scheduled: bool,
    /// Credentials held, at the newest version obtained.
    pub creds: BTreeMap<NodeId, u32>,
    pub sessions: BTreeMap<NodeId, AttackerSession>,
    pub workloads: BTreeSet<NodeId>,
    /// Every node it ever reached, with the event.
    pub reached: BTreeMap<NodeId, EventId>,
    /// The event that last gave it each node (the cause of hops out of it).
    pub source: BTreeMap<NodeId, EventId>,
    /// Identities and workloads controlled at the last reassessment.
    pub controlled: BTreeSet<NodeId>,
    pub exfil: BTreeMap<NodeId, Exfil>,
    pub persisted_stores: BTreeSet<NodeId>,
    pub persistence: Vec<NodeId>,
    pub session_serial: u64,
    /// Breadth-first distance of every node to the nearest goal, for an estate generation.
    pub goal_distance: Option<(u64, Arc<Vec<u32>>)>,
}

/// How the attacker controls an identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Via {
    Session,
    Credential(NodeId),
    Workload,
}

/// What the attacker controls right now.
#[derive(Default)]
struct Foothold {
    identities: BTreeMap<NodeId, Via>,
    workloads: Vec<NodeId>,
    /// Resources its identities can read or more: best permission and the identity giving it.
    resources: BTreeMap<NodeId, (Permission, NodeId)>,
    /// Credentials held at a working version.
    creds: BTreeMap<NodeId, u32>,
}

impl Foothold {
    fn is_empty(&self) -> bool {
        self.identities.is_empty() && self.workloads.is_empty() && self.creds.is_empty()
    }
}

/// One possible move.
#[derive(Clone, Copy, Debug)]
struct Hop {
    from: NodeId,
    to: NodeId,
    edge: EdgeId,
    kind: EdgeKind,
    /// The identity acted as, if any.
    acting: Option<NodeId>,
}

/// How a hop ranks: nearest a goal, then most sensitive, then declaration order.
type HopRank = (u32, std::cmp::Reverse<u64>, NodeId, EdgeId);

/// The attacker's infrastructure: tell-tale attributes of its audit records.
struct Telltales {
    source_ip: String,
    asn: &'static str,
    location: &'static str,
    user_agent: &'static str,
}

fn telltales(seed: u64) -> Telltales {
    Telltales {
        source_ip: format!("185.220.{}.{}", 100 + seed % 100, 1 + (seed / 100) % 254),
        asn: "AS9009 M247 (VPS hosting)",
        location: "Bucharest, RO",
        user_agent: "python-requests/2.31",
    }
}

/// The facts of an audit record that detections match on.
#[derive(Clone, Copy)]
struct Facts {
    action: &'static str,
    identity: Option<NodeId>,
    credential: Option<NodeId>,
    target: Option<NodeId>,
}

/// The roll of one attempt at `subject`: whether it succeeds and the dwell before the next
/// attempt, both keyed by what is attempted (see [`crate::dice`]).
fn attempt_roll(
    dice: &mut DiceSet,
    tick: Ticks,
    rules: &AdversaryRules,
    subject: &Subject<'_>,
) -> (bool, Ticks) {
    let (lo, hi) = rules.dwell;
    let mut roll = dice.roll(tick, Stream::Adversary, subject);
    let ok = roll.chance(rules.success_permille);
    (ok, roll.between(lo, hi))
}

impl Session {
    // ------------------------------------------------------------ the foothold

    fn foothold(&self) -> Foothold {
        let mut f = Foothold::default();
        for (&c, &v) in &self.adversary.creds {
            if !self.estate.is_enabled(c) || !self.version_works(c, v) {
                continue;
            }
            f.creds.insert(c, v);
            if let Some(i) = self.authenticated_identity(c)
                && self.estate.is_enabled(i)
            {
                f.identities.entry(i).or_insert(Via::Credential(c));
            }
        }
        for &w in &self.adversary.workloads {
            if !self.estate.is_enabled(w) {
                continue;
            }
            f.workloads.push(w);
            for (_, i, edge) in self.outgoing(w) {
                if edge.enabled && edge.kind == EdgeKind::RunsAs && self.estate.is_enabled(i) {
                    f.identities.entry(i).or_insert(Via::Workload);
                }
            }
        }
        for &i in self.adversary.sessions.keys() {
            if self.estate.is_enabled(i) {
                f.identities.insert(i, Via::Session);
            }
        }
        for &i in f.identities.keys() {
            for (_, r, edge) in self.outgoing(i) {
                if let EdgeKind::Grants { permission, .. } = edge.kind
                    && edge.enabled
                    && permission >= Permission::Read
                    && self.estate.is_enabled(r)
                {
                    let slot = f.resources.entry(r).or_insert((permission, i));
                    if permission > slot.0 {
                        *slot = (permission, i);
                    }
                }
            }
        }
        f
    }

    fn candidate_hops(&self, f: &Foothold) -> Vec<Hop> {
        let mut hops = Vec::new();
        let held_ok = |c: NodeId| f.creds.contains_key(&c);
        for &i in f.identities.keys() {
            for (e, t, edge) in self.outgoing(i) {
                if !edge.enabled || !self.estate.is_enabled(t) {
                    continue;
                }
                let wanted = match edge.kind {
                    EdgeKind::CanAssume => !f.identities.contains_key(&t),
                    EdgeKind::Grants { permission, .. } => {
                        permission >= Permission::Read && !self.adversary.reached.contains_key(&t)
                    }
                    EdgeKind::Controls => !f.workloads.contains(&t),
                    _ => false,
                };
                if wanted {
                    hops.push(Hop {
                        from: i,
                        to: t,
                        edge: e,
                        kind: edge.kind,
                        acting: Some(i),
                    });
                }
            }
        }
        for &w in &f.workloads {
            for (e, c, edge) in self.outgoing(w) {
                if edge.enabled
                    && edge.kind == EdgeKind::Holds
                    && self.estate.is_enabled(c)
                    && !held_ok(c)
                {
                    hops.push(Hop {
                        from: w,
                        to: c,
                        edge: e,
                        kind: edge.kind,
                        acting: None,
                    });
                }
            }
        }
        for (&r, &(perm, acting)) in &f.resources {
            if !self.adversary.reached.contains_key(&r) {
                continue;
            }
            for (e, t, edge) in self.outgoing(r) {
                if !edge.enabled || !self.estate.is_enabled(t) {
                    continue;
                }
                let wanted = match edge.kind {
                    EdgeKind::Stores => !held_ok(t),
                    EdgeKind::Runs => perm >= Permission::Write && !f.workloads.contains(&t),
                    _ => false,
                };
                if wanted {
                    hops.push(Hop {
                        from: r,
                        to: t,
                        edge: e,
                        kind: edge.kind,
                        acting: Some(acting),
                    });
                }
            }
        }
        hops
    }

    /// Distance of a node to the nearest goal (`u32::MAX` when none is reachable).
    fn goal_distance(&mut self, n: NodeId) -> u32 {
        if self.rules.adversary.goals.is_empty() {
            return u32::MAX;
        }
        let generation = self.estate.generation();
        let stale = self
            .adversary
            .goal_distance
            .as_ref()
            .is_none_or(|(g, _)| *g != generation);
        if stale {
            let mut dist = vec![u32::MAX; self.estate.node_count()];
            let mut queue = VecDeque::new();
            for &g in &self.rules.adversary.goals {
                if self.estate.is_enabled(g) && dist[g.index()] == u32::MAX {
                    dist[g.index()] = 0;
                    queue.push_back(g);
                }
            }
            while let Some(v) = queue.pop_front() {
                let next = dist[v.index()] + 1;
                for (_, src, edge) in self.incoming(v) {
                    if edge.enabled
                        && edge.kind.traversable()
                        && self.estate.is_enabled(src)
                        && dist[src.index()] == u32::MAX
                    {
                        dist[src.index()] = next;
                        queue.push_back(src);
                    }
                }
            }
            self.adversary.goal_distance = Some((generation, Arc::new(dist)));
        }
        self.adversary
            .goal_distance
            .as_ref()
            .and_then(|(_, d)| d.get(n.index()).copied())
            .unwrap_or(u32::MAX)
    }

    fn value(&self, n: NodeId) -> u64 {
        let node = self.estate.node(n);
        match node.class() {
            NodeClass::Resource => node.sensitivity.weight(),
            _ => 0,
        }
    }

    // ------------------------------------------------------------ scheduling

    fn schedule_attempt(&mut self, dwell: Ticks) {
        self.schedule(self.tick.saturating_add(dwell), Timer::AdversaryAttempt);
        self.adversary.attempt_scheduled = true;
    }

    /// Schedules the first attempt after the attacker gains (or regains) a foothold, unless
    /// one is already due.
    fn wake(&mut self) {
        if !self.adversary.attempt_scheduled {
            let (lo, hi) = self.rules.adversary.dwell;
            let dwell = self
                .dice
                .roll(self.tick, Stream::Adversary, &Subject::Wake)
                .between(lo, hi);
            self.schedule_attempt(dwell);
        }
    }

    fn activate(&mut self) {
        self.adversary.active = true;
        self.wake();
    }

    /// One scheduled attempt to extend the foothold. The attempt's roll, keyed by what it
    /// tries, also sets the dwell before the next attempt, which is scheduled before the
    /// attempt's consequences so nothing they trigger draws a dwell of its own.
    pub(crate) fn adversary_attempt(&mut self) {
        self.adversary.attempt_scheduled = false;
        let f = self.foothold();
        if f.is_empty() {
            return; // dormant until something hands it a foothold again
        }
        let persistence_target = if self.rules.adversary.persistence {
            f.resources.iter().find_map(|(&r, &(perm, acting))| {
                (perm == Permission::Admin
                    && self.estate.node(r).kind == NodeKind::Resource(ResourceKind::IdentityStore)
                    && self.adversary.reached.contains_key(&r)
                    && !self.adversary.persisted_stores.contains(&r))
                .then_some((r, acting))
            })
        } else {
            None
        };
        if let Some((store, acting)) = persistence_target {
            let subject = Subject::Persistence {
                store: &self.estate.node(store).id,
                identity: &self.estate.node(acting).id,
            };
            let (ok, dwell) =
                attempt_roll(&mut self.dice, self.tick, &self.rules.adversary, &subject);
            self.schedule_attempt(dwell);
            let cause = self.use_identity(acting, &f);
            if ok {
                self.mint_persistence(store, acting, cause);
            } else {
                self.audit(
                    cause,
                    Facts {
                        action: "CreateAccessKey",
                        identity: Some(acting),
                        credential: None,
                        target: Some(store),
                    },
                    false,
                );
            }
        } else {
            let hops = self.candidate_hops(&f);
            let mut best: Option<(HopRank, Hop)> = None;
            for hop in hops {
                let key = (
                    self.goal_distance(hop.to),
                    std::cmp::Reverse(self.value(hop.to)),
                    hop.to,
                    hop.edge,
                );
                if best.as_ref().is_none_or(|(k, _)| key < *k) {
                    best = Some((key, hop));
                }
            }
            if let Some((_, hop)) = best {
                let subject = Subject::Hop {
                    kind: hop.kind.as_str(),
                    from: &self.estate.node(hop.from).id,
                    to: &self.estate.node(hop.to).id,
                };
                let (ok, dwell) =
                    attempt_roll(&mut self.dice, self.tick, &self.rules.adversary, &subject);
                self.schedule_attempt(dwell);
                self.take_hop(hop, &f, ok);
            } else {
                let (_, dwell) = attempt_roll(
                    &mut self.dice,
                    self.tick,
                    &self.rules.adversary,
                    &Subject::Idle,
                );
                self.schedule_attempt(dwell);
            }
        }
    }

    /// Acts as an identity: opens a session with a held credential if none is live.
    /// Returns the cause for what the attacker does next.
    fn use_identity(&mut self, i: NodeId, f: &Foothold) -> Cause {
        if let Some(Via::Credential(c)) = f.identities.get(&i).copied()
            && !self.adversary.sessions.contains_key(&i)
        {
            let cause = self.source_cause(c);
            let e = self.open_session(i, self.name(c), self.rules.adversary.session_ttl, cause);
            self.audit(
                Cause::Event(e),
                Facts {
                    action: "authenticate",
                    identity: Some(i),
                    credential: Some(c),
                    target: None,
                },
                true,
            );
            return Cause::Event(e);
        }
        self.source_cause(i)
    }

    fn source_cause(&self, n: NodeId) -> Cause {
        self.adversary
            .source
            .get(&n)
            .map_or(Cause::Clock, |&e| Cause::Event(e))
    }

    fn take_hop(&mut self, hop: Hop, f: &Foothold, ok: bool) {
        let cause = match hop.acting {
            Some(i) if f.identities.contains_key(&i) && hop.from == i => self.use_identity(i, f),
            _ => self.source_cause(hop.from),
        };
        let action = match hop.kind {
            EdgeKind::CanAssume => "AssumeRole",
            EdgeKind::Grants { permission, .. } => match permission {
                Permission::Admin => "admin-access",
                Permission::Write => "write-access",
                _ => "read-access",
            },
            EdgeKind::Controls | EdgeKind::Runs => "deploy",
            EdgeKind::Holds | EdgeKind::Stores => "read-secret",
            _ => "access",
        };
        let facts = Facts {
            action,
            identity: hop.acting,
            credential: None,
            target: Some(hop.to),
        };
        if !ok {
            self.audit(cause, facts, false);
            return;
        }
        let moved = self.emit(
            cause,
            EventKind::AdversaryMoved {
                from: self.name(hop.from),
                to: self.name(hop.to),
                edge: hop.kind.as_str().to_owned(),
            },
        );
        self.audit(Cause::Event(moved), facts, true);
        let mc = Cause::Event(moved);
        match hop.kind {
            EdgeKind::CanAssume => {
                let via = format!("assumed from {}", self.name(hop.from));
                self.open_session(hop.to, via, self.rules.adversary.session_ttl, mc.clone());
            }
            EdgeKind::Grants { permission, .. } => {
                self.adversary.source.insert(hop.to, moved);
                self.reach(hop.to, moved);
                if permission == Permission::Admin
                    && self.rules.adversary.persistence
                    && self.estate.node(hop.to).kind
                        == NodeKind::Resource(ResourceKind::IdentityStore)
                    && let Some(acting) = hop.acting
                {
                    self.mint_persistence(hop.to, acting, mc.clone());
                }
            }
            EdgeKind::Controls | EdgeKind::Runs => {
                self.adversary.workloads.insert(hop.to);
                self.adversary.source.insert(hop.to, moved);
                self.reach(hop.to, moved);
            }
            EdgeKind::Holds | EdgeKind::Stores => {
                let version = if hop.kind == EdgeKind::Holds {
                    self.held_version(hop.edge)
                } else {
                    self.cred(hop.to).version
                };
                self.obtain_credential(hop.to, version, moved);
            }
            _ => {}
        }
        self.adversary_reassess(&mc);
    }

    /// The attacker now holds a credential at a version; if it works it uses it at once.
    fn obtain_credential(&mut self, c: NodeId, version: u32, cause: EventId) {
        let held = self.adversary.creds.entry(c).or_insert(version);
        *held = (*held).max(version);
        let cs = self.cred_mut(c);
        cs.exposed = cs.exposed.max(version);
        self.adversary.source.insert(c, cause);
        self.reach(c, cause);
        if self.version_works(c, version)
            && let Some(i) = self.authenticated_identity(c)
            && self.estate.is_enabled(i)
        {
            let e = self.open_session(
                i,
                self.name(c),
                self.rules.adversary.session_ttl,
                Cause::Event(cause),
            );
            self.audit(
                Cause::Event(e),
                Facts {
                    action: "authenticate",
                    identity: Some(i),
                    credential: Some(c),
                    target: None,
                },
                true,
            );
        }
        self.activate();
    }

    fn open_session(&mut self, i: NodeId, via: String, ttl: Ticks, cause: Cause) -> EventId {
        self.adversary.session_serial += 1;
        let serial = self.adversary.session_serial;
        let expires = self.tick.saturating_add(ttl);
        self.adversary
            .sessions
            .insert(i, AttackerSession { serial });
        let e = self.emit(
            cause,
            EventKind::AdversarySessionOpened {
                identity: self.name(i),
                via,
                expires_at: expires,
            },
        );
        self.schedule(
            expires,
            Timer::SessionExpiry {
                identity: i,
                serial,
            },
        );
        self.adversary.source.insert(i, e);
        self.reach(i, e);
        e
    }

    fn reach(&mut self, n: NodeId, e: EventId) {
        if let std::collections::btree_map::Entry::Vacant(slot) = self.adversary.reached.entry(n) {
            slot.insert(e);
        }
    }

    fn mint_persistence(&mut self, store: NodeId, acting: NodeId, cause: Cause) {
        let base = format!("key-{}-backup", self.name(acting));
        let mut id = base.clone();
        let mut k = 2;
        while self.estate.find(&id).is_some() {
            id = format!("{base}-{k}");
            k += 1;
        }
        let mut node = Node::new(&id, NodeKind::Credential(CredentialKind::AccessKey));
        node.hidden = true;
        node.rotation = Rotation::None;
        node.age = Some(0);
        node.last_used = LastUsed::Unknown;
        node.owner.clone_from(&self.estate.node(acting).owner);
        let c = self
            .estate_to_grow()
            .add_node(node)
            .expect("the persistence credential's id was chosen to be unused");
        self.estate_to_grow()
            .add_edge(c, acting, EdgeKind::Authenticates)
            .expect("a credential authenticates an identity");
        self.estate_to_grow()
            .add_edge(store, c, EdgeKind::Stores)
            .expect("a resource stores a credential");
        let cs = self.cred_mut(c);
        cs.persistence = true;
        cs.exposed = 1;
        let e = self.emit(
            cause,
            EventKind::PersistenceCreated {
                credential: id,
                identity: self.name(acting),
                store: self.name(store),
            },
        );
        self.audit(
            Cause::Event(e),
            Facts {
                action: "CreateAccessKey",
                identity: Some(acting),
                credential: Some(c),
                target: Some(store),
            },
            true,
        );
        self.adversary.creds.insert(c, 1);
        self.adversary.persistence.push(c);
        self.adversary.persisted_stores.insert(store);
        self.adversary.source.insert(c, e);
    }

    // ------------------------------------------------------------ audit and detections

    fn audit(&mut self, cause: Cause, facts: Facts, ok: bool) -> EventId {
        let t = telltales(self.seed);
        let e = self.emit(
            cause,
            EventKind::Audit {
                action: facts.action.to_owned(),
                identity: facts.identity.map(|n| self.name(n)),
                credential: facts.credential.map(|n| self.name(n)),
                target: facts.target.map(|n| self.name(n)),
                outcome: if ok { "success" } else { "denied" }.to_owned(),
                source_ip: t.source_ip,
                asn: t.asn.to_owned(),
                location: t.location.to_owned(),
                user_agent: t.user_agent.to_owned(),
            },
        );
        self.detect(e, &facts);
        e
    }

    /// Whether detection rule `rule` turns what `facts` describe into an alert: a roll keyed
    /// by the rule and the kind of record (action, identity, credential, target), counted per
    /// kind, so a record the trainee's actions removed does not shift the luck of others.
    fn detection_fires_on(&mut self, rule: usize, facts: &Facts, permille: u16) -> bool {
        let name = |n: Option<NodeId>| n.map(|n| self.estate.node(n).id.as_str());
        let subject = Subject::Detection {
            rule,
            action: facts.action,
            identity: name(facts.identity),
            credential: name(facts.credential),
            target: name(facts.target),
        };
        self.dice
            .roll(self.tick, Stream::Detection, &subject)
            .chance(permille)
    }

    fn detect(&mut self, audit: EventId, facts: &Facts) {
        let rules = Arc::clone(&self.rules);
        for (idx, d) in rules.detections.iter().enumerate() {
            let hit = match d.when {
                DetectWhen::CredentialUse => facts.credential == Some(d.on),
                DetectWhen::UnusualAccess => {
                    facts.target == Some(d.on)
                        || (facts.identity == Some(d.on) && facts.action == "authenticate")
                }
                DetectWhen::PrivilegeEscalation => {
                    (facts.action == "AssumeRole" || facts.action == "admin-access")
                        && facts.target == Some(d.on)
                }
                DetectWhen::NewCredential => {
                    facts.action == "CreateAccessKey"
                        && (facts.target == Some(d.on) || facts.identity == Some(d.on))
                }
                DetectWhen::Exfiltration => false,
            };
            if hit && self.detection_fires_on(idx, facts, d.chance) {
                let t = telltales(self.seed);
                let who = facts
                    .identity
                    .map_or_else(|| "an unknown principal".to_owned(), |i| self.name(i));
                let message = match d.when {
                    DetectWhen::CredentialUse => format!(
                        "{} used from an unfamiliar network {} ({}, {})",
                        self.name(d.on),
                        t.source_ip,
                        t.asn,
                        t.user_agent
                    ),
                    DetectWhen::UnusualAccess => format!(
                        "unusual {} on {} by {who} from {} ({})",
                        facts.action,
                        self.name(d.on),
                        t.source_ip,
                        t.user_agent
                    ),
                    DetectWhen::PrivilegeEscalation => format!(
                        "privilege escalation: {who} {} {} from {}",
                        facts.action,
                        self.name(d.on),
                        t.source_ip
                    ),
                    DetectWhen::NewCredential => format!(
                        "new access key created by {who} from {} ({})",
                        t.source_ip, t.user_agent
                    ),
                    DetectWhen::Exfiltration => String::new(),
                };
                self.schedule(
                    self.tick.saturating_add(d.delay),
                    Timer::Detection {
                        detection: idx,
                        cause: audit,
                        message,
                    },
                );
            }
        }
    }

    fn detect_exfiltration(&mut self, resource: NodeId, e: EventId) {
        let rules = Arc::clone(&self.rules);
        for (idx, d) in rules.detections.iter().enumerate() {
            if d.when == DetectWhen::Exfiltration
                && d.on == resource
                && self.detection_fires_on(
                    idx,
                    &Facts {
                        action: "exfiltration",
                        identity: None,
                        credential: None,
                        target: Some(resource),
                    },
                    d.chance,
                )
            {
                let message = format!(
                    "unusual data egress from {} to {}",
                    self.name(resource),
                    telltales(self.seed).source_ip
                );
                self.schedule(
                    self.tick.saturating_add(d.delay),
                    Timer::Detection {
                        detection: idx,
                        cause: e,
                        message,
                    },
                );
            }
        }
    }

    /// A detection's delay ended: its alert reaches the trainee.
    pub(crate) fn detection_fires(&mut self, detection: usize, cause: EventId, message: String) {
        let d = &self.rules.detections[detection];
        let (on, when) = (d.on, d.when);
        self.emit(
            Cause::Event(cause),
            EventKind::Alert {
                source: format!("detection/{}", when.as_str()),
                severity: Severity::High,
                message,
                points_to: vec![self.name(on)],
                detection: true,
            },
        );
    }

    // ------------------------------------------------------------ injects and timers

    /// The attacker finds leaked credentials.
    pub(crate) fn adversary_discovers(&mut self, leaked: &[(NodeId, u32, EventId)]) {
        for &(c, version, leak) in leaked {
            let valid = self.estate.is_enabled(c) && self.version_works(c, version);
            let d = self.emit(
                Cause::Event(leak),
                EventKind::AdversaryDiscoveredLeak {
                    credential: self.name(c),
                    valid,
                },
            );
            if valid {
                self.obtain_credential(c, version, d);
            }
        }
        self.adversary_reassess(&Cause::Clock);
    }

    /// The attacker controls a workload (an inject).
    pub(crate) fn adversary_controls(&mut self, w: NodeId, e: EventId) {
        if !self.estate.is_enabled(w) {
            return;
        }
        self.adversary.workloads.insert(w);
        self.adversary.source.insert(w, e);
        self.reach(w, e);
        self.activate();
        self.adversary_reassess(&Cause::Event(e));
    }

    /// The attacker holds a stolen session (an inject).
    pub(crate) fn adversary_steals_session(&mut self, i: NodeId, ttl: Ticks, cause: Cause) {
        if !self.estate.is_enabled(i) {
            return;
        }
        let e = self.open_session(i, "stolen session".into(), ttl, cause);
        self.activate();
        self.adversary_reassess(&Cause::Event(e));
    }

    /// A leaked credential the attacker also holds at once (secrets dumped by a workload it
    /// controls).
    pub(crate) fn adversary_takes_leak(&mut self, c: NodeId, version: u32, e: EventId) {
        if self.version_works(c, version) {
            self.obtain_credential(c, version, e);
            self.adversary_reassess(&Cause::Event(e));
        }
    }

    /// An attacker session reached its TTL.
    pub(crate) fn session_expires(&mut self, i: NodeId, serial: u64) {
        if self
            .adversary
            .sessions
            .get(&i)
            .is_some_and(|s| s.serial == serial)
        {
            self.adversary.sessions.remove(&i);
            self.emit(
                Cause::Clock,
                EventKind::SessionExpired {
                    identity: self.name(i),
                },
            );
        }
    }

    /// Ends the identity's sessions. With `always_report` the `sessions-revoked` event is
    /// written even when the attacker had none (it is the trainee's command's effect).
    pub(crate) fn end_sessions(
        &mut self,
        i: NodeId,
        cause: Cause,
        always_report: bool,
    ) -> Option<EventId> {
        let n = u32::from(self.adversary.sessions.remove(&i).is_some());
        if n == 0 && !always_report {
            return None;
        }
        let e = self.emit(
            cause,
            EventKind::SessionsRevoked {
                identity: self.name(i),
                adversary_sessions: n,
            },
        );
        Some(e)
    }

    /// Recomputes what the attacker controls after a change: lost access, exfiltration
    /// intervals opening and closing, and whether it has anything left to act from.
    pub(crate) fn adversary_reassess(&mut self, cause: &Cause) {
        if !self.adversary.active {
            return;
        }
        let f = self.foothold();
        let now: BTreeSet<NodeId> = f
            .identities
            .keys()
            .copied()
            .chain(f.workloads.iter().copied())
            .collect();
        let lost: Vec<NodeId> = self
            .adversary
            .controlled
            .difference(&now)
            .copied()
            .collect();
        for n in lost {
            self.emit(
                cause.clone(),
                EventKind::AdversaryLostAccess { node: self.name(n) },
            );
        }
        self.adversary.controlled = now;
        let readable: BTreeSet<NodeId> = f
            .resources
            .keys()
            .copied()
            .filter(|r| {
                self.adversary.reached.contains_key(r)
                    && self.estate.node(*r).sensitivity >= Sensitivity::Confidential
            })
            .collect();
        for &r in &readable {
            if self
                .adversary
                .exfil
                .get(&r)
                .is_none_or(|x| x.open_since.is_none())
            {
                let tick = self.tick;
                self.adversary.exfil.entry(r).or_default().open_since = Some(tick);
                let e = self.emit(
                    cause.clone(),
                    EventKind::Exfiltration {
                        resource: self.name(r),
                        sensitivity: self.estate.node(r).sensitivity,
                    },
                );
                self.detect_exfiltration(r, e);
            }
        }
        let closing: Vec<NodeId> = self
            .adversary
            .exfil
            .iter()
            .filter(|(r, x)| x.open_since.is_some() && !readable.contains(r))
            .map(|(&r, _)| r)
            .collect();
        for r in closing {
            let tick = self.tick;
            let x = self
                .adversary
                .exfil
                .get_mut(&r)
                .expect("listed from the map");
            let minutes = tick - x.open_since.take().unwrap_or(tick);
            x.total += minutes;
            let total = x.total;
            self.emit(
                cause.clone(),
                EventKind::ExfiltrationStopped {
                    resource: self.name(r),
                    minutes,
                    total,
                },
            );
        }
        if !f.is_empty() {
            self.wake();
        }
    }

    /// Persistence credentials minted by the attacker, in order.
    pub(crate) fn persistence_credentials(&self) -> &[NodeId] {
        &self.adversary.persistence
    }

    /// Minutes of exfiltration from a resource so far (open interval included).
    pub(crate) fn exfiltration_minutes(&self, r: NodeId) -> Ticks {
        self.adversary
            .exfil
            .get(&r)
            .map_or(0, |x| x.total + x.open_since.map_or(0, |s| self.tick - s))
    }
}
