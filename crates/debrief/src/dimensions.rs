//! The four dimensions and the rules that take points off them.
//!
//! Each rule looks at the finished session (its event log, [`Session::summary`] and its final
//! estate) and writes one [`Deduction`] per thing that went wrong, naming the events that
//! lost the points and, when a trainee command led there, that command. Points are
//! *dimension points* (each dimension starts at 100); [`crate::Score`] weights them.
//!
//! | dimension | rule | points |
//! |---|---|---|
//! | containment | a leaked credential stays valid after the leak | 1 per started 3 minutes |
//! | containment | the attacker reaches a resource | its sensitivity weight (public 0, internal 1, confidential 5, restricted 20, crown-jewel 50) |
//! | containment | the attacker takes a credential, identity or workload | 5 |
//! | containment | data leaves a resource | minutes × sensitivity weight ÷ 50, rounded up |
//! | containment | an attacker credential still works at the end | 30 |
//! | containment | the attacker still controls an identity or workload at the end | 10 |
//! | collateral | an outage the trainee's own command caused | minutes × criticality weight (low 1, medium 3, high 10, critical 30) ÷ 30, rounded up |
//! | governance | an incident happened and none was declared | 50 |
//! | governance | the owner of a restricted or crown-jewel resource within the attacker's reach was never notified | 20 |
//! | governance | the owner of a workload the trainee took down was never notified | 10 |
//! | governance | a high-tier command ran without a sign-off request, in a mode that requires one (reviewed, guided) | 10 |
//! | governance | a high-tier command ran without a stated confidence, in a mode that requires one (reviewed, guided) | 5 |
//! | governance | the reviewer refused a request (no usable rollback plan) | 5 |
//! | governance | emergency access left open at the end | 15 |
//! | governance | a hint was taken | the hint's penalty |
//! | least privilege | an unused grant left in place | admin 40, write 25, read 15 |
//! | least privilege | a stale credential never rotated | 20 |
//! | least privilege | an orphaned identity left enabled | 20 |
//!
//! Exposure and outage minutes before the scenario's `scoring.from` are not counted.
//!
//! Outages caused by the attacker, by injects or by the clock are not collateral: only an
//! outage whose causal chain starts at a trainee input is. Least privilege judges the
//! scenario's own estate (what the attacker minted is containment's business).

use std::collections::{BTreeMap, BTreeSet};

use drillhall_estate::{
    EdgeKind, Estate, NodeClass, NodeId, Permission, Sensitivity, Ticks, blast_radius,
    orphaned_identities, over_privileged_grants, stale_credentials,
};
use drillhall_scenario::command::Command;
use drillhall_scenario::{Drill, format_clock, format_duration};

use crate::csf::CsfCategory;
use crate::trace::{CommandRef, Trace};
use crate::{Deduction, Dimension};
use drillhall_engine::Session;
use drillhall_engine::Summary;
use drillhall_engine::{Cause, EventId, EventKind, Tier};

/// Minutes a leaked credential may stay valid per point of containment lost.
pub const EXPOSURE_MINUTES_PER_POINT: u64 = 3;
/// Containment lost when the attacker takes a credential, identity or workload.
pub const FOOTHOLD_POINTS: u32 = 5;
/// Exfiltration: minutes × sensitivity weight per point.
pub const EXFILTRATION_DIVISOR: u64 = 50;
/// Containment lost per attacker credential still working at the end.
pub const PERSISTENCE_POINTS: u32 = 30;
/// Containment lost per identity or workload the attacker still controls at the end.
pub const CONTROL_POINTS: u32 = 10;
/// Collateral: weighted outage minutes per point.
pub const OUTAGE_DIVISOR: u64 = 30;
/// Governance lost when an incident is never declared.
pub const NO_INCIDENT_POINTS: u32 = 50;
/// Governance lost per owner of an exposed sensitive resource never notified.
pub const EXPOSED_OWNER_POINTS: u32 = 20;
/// Governance lost per owner of a broken workload never notified.
pub const OUTAGE_OWNER_POINTS: u32 = 10;
/// Governance lost per high-tier command run without a sign-off request.
pub const NO_SIGNOFF_POINTS: u32 = 10;
/// Governance lost per high-tier command run without a stated confidence.
pub const NO_CONFIDENCE_POINTS: u32 = 5;
/// Governance lost per sign-off request the reviewer refused.
pub const REFUSED_POINTS: u32 = 5;
/// Governance lost per emergency access left open.
pub const BREAK_GLASS_POINTS: u32 = 15;
/// Least privilege lost per stale credential never rotated.
pub const STALE_POINTS: u32 = 20;
/// Least privilege lost per orphaned identity left enabled.
pub const ORPHAN_POINTS: u32 = 20;

/// Least privilege lost per unused grant left, by permission.
pub fn unused_grant_points(permission: Permission) -> u32 {
    match permission {
        Permission::None => 0,
        Permission::Read => 15,
        Permission::Write => 25,
        Permission::Admin => 40,
    }
}

fn ceil_div(a: u64, b: u64) -> u32 {
    u32::try_from(a.div_ceil(b)).unwrap_or(u32::MAX)
}

/// What every rule reads.
pub(crate) struct Facts<'a> {
    pub drill: &'a Drill,
    pub session: &'a Session,
    pub trace: Trace<'a>,
    pub summary: Summary,
    /// The `drill-ended` event (omissions are settled there).
    pub end: EventId,
}

impl<'a> Facts<'a> {
    pub fn new(drill: &'a Drill, session: &'a Session) -> Facts<'a> {
        let end = session
            .events()
            .iter()
            .rev()
            .find(|e| e.kind == EventKind::DrillEnded)
            .map_or(EventId(0), |e| e.id);
        Facts {
            drill,
            session,
            trace: Trace::new(session),
            summary: session.summary(),
            end,
        }
    }

    fn initial(&self) -> &'a Estate {
        &self.drill.estate
    }

    fn end_tick(&self) -> Ticks {
        self.session.tick()
    }

    fn line(&self, dimension: Dimension, kind: &'static str, points: u32) -> LineBuilder {
        LineBuilder {
            d: Deduction {
                dimension,
                kind,
                points,
                capped_from: None,
                weighted: 0,
                tick: self.end_tick(),
                events: Vec::new(),
                command: None,
                csf: CsfCategory::IncidentMitigation,
                text: String::new(),
            },
        }
    }
}

/// "; `revoke tok-deploy` at T+0:18" for an event a trainee command led to.
fn by_command(c: Option<&CommandRef>) -> String {
    c.map(|c| format!("; `{}` at {}", c.text, format_clock(c.executed)))
        .unwrap_or_default()
}

/// Fills in a deduction fluently.
pub(crate) struct LineBuilder {
    d: Deduction,
}

impl LineBuilder {
    fn at(mut self, tick: Ticks) -> Self {
        self.d.tick = tick;
        self
    }
    fn events(mut self, events: impl IntoIterator<Item = EventId>) -> Self {
        self.d.events.extend(events);
        self
    }
    fn command(mut self, c: Option<CommandRef>) -> Self {
        self.d.command = c;
        self
    }
    fn csf(mut self, c: CsfCategory) -> Self {
        self.d.csf = c;
        self
    }
    fn text(mut self, t: String) -> Deduction {
        self.d.text = t;
        self.d
    }
}

/// Every deduction of a finished session, before capping, in dimension order and, within
/// a dimension, in the order the losses happened.
pub(crate) fn deductions(f: &Facts<'_>) -> Vec<Deduction> {
    let mut lines = Vec::new();
    for (dim, mut part) in [
        (Dimension::Containment, containment(f)),
        (Dimension::Collateral, collateral(f)),
        (Dimension::Governance, governance(f)),
        (Dimension::LeastPrivilege, least_privilege(f)),
    ] {
        debug_assert!(part.iter().all(|l| l.dimension == dim));
        part.retain(|l| l.points > 0);
        // Stable: equal ticks keep the order the rule wrote them in.
        part.sort_by_key(|l| l.tick);
        lines.extend(part);
    }
    lines
}

// ------------------------------------------------------------------ containment

/// The identity a credential authenticates, in the scenario's estate.
fn identity_of(estate: &Estate, credential: &str) -> Option<String> {
    let c = estate.find(credential)?;
    estate
        .out_edges(c)
        .into_iter()
        .find(|&(e, _)| estate.edge(e).kind == EdgeKind::Authenticates)
        .map(|(_, i)| estate.node(i).id.clone())
}

/// The event that retired a leaked version of a credential, if any did.
fn retired(f: &Facts<'_>, credential: &str, version: u32, after: EventId) -> Option<EventId> {
    let identity = identity_of(f.initial(), credential);
    f.trace.events()[after.index()..]
        .iter()
        .find(|e| match &e.kind {
            EventKind::CredentialRevoked { credential: c }
            | EventKind::CredentialExpired { credential: c } => c == credential,
            EventKind::OldVersionExpired {
                credential: c,
                version: v,
            } => c == credential && *v >= version,
            EventKind::IdentityDisabled { identity: i } => identity.as_deref() == Some(i),
            _ => false,
        })
        .map(|e| e.id)
}

fn containment(f: &Facts<'_>) -> Vec<Deduction> {
    let mut out = Vec::new();
    let dim = Dimension::Containment;
    // Exposure: how long each leaked version stayed valid.
    let mut seen: BTreeSet<(String, u32)> = BTreeSet::new();
    for e in f.trace.events() {
        let EventKind::CredentialLeaked {
            credential,
            version,
            via,
        } = &e.kind
        else {
            continue;
        };
        if !seen.insert((credential.clone(), *version)) {
            continue;
        }
        let end = retired(f, credential, *version, e.id);
        let until = end.map_or(f.end_tick(), |r| f.trace.event(r).tick);
        // Scoring may start after the leak (`scoring.from`).
        let minutes = until.saturating_sub(e.tick.max(f.drill.scoring_from));
        let points = ceil_div(minutes, EXPOSURE_MINUTES_PER_POINT);
        let (how, command) = match end {
            Some(r) => {
                let c = f.trace.command_behind(r);
                let verb = match &f.trace.event(r).kind {
                    EventKind::OldVersionExpired { .. } => "its leaked version died",
                    EventKind::IdentityDisabled { .. } => "its identity was disabled",
                    EventKind::CredentialExpired { .. } => "it expired",
                    _ => "it was revoked",
                };
                (
                    format!(
                        ", until {verb} at {} ({r}{})",
                        format_clock(until),
                        by_command(c.as_ref())
                    ),
                    c,
                )
            }
            None => (", to the end of the drill".to_owned(), None),
        };
        out.push(
            f.line(dim, "exposure", points)
                .at(e.tick)
                .events([e.id].into_iter().chain(end))
                .command(command)
                .text(format!(
                    "{credential} leaked via {via} at {} ({}) and stayed valid for {minutes} min{how}: \
                     1 point per {EXPOSURE_MINUTES_PER_POINT} minutes a leaked credential stays live",
                    format_clock(e.tick),
                    e.id
                )),
        );
    }
    // Reach: every node the attacker reached.
    for (name, ev) in &f.summary.reached {
        let Some(n) = f.session.estate().find(name) else {
            continue;
        };
        let node = f.session.estate().node(n);
        let event = f.trace.event(*ev);
        let (points, what) = if node.class() == NodeClass::Resource {
            (
                u32::try_from(node.sensitivity.weight()).unwrap_or(u32::MAX),
                format!("{name} ({})", node.sensitivity),
            )
        } else {
            (FOOTHOLD_POINTS, format!("{} {name}", node.class()))
        };
        let how = match &event.kind {
            EventKind::AdversaryMoved { from, to, edge } => {
                let unused = unused_grant(f.initial(), from, to)
                    .map(|p| format!(", through {from}'s unused {p} grant"))
                    .unwrap_or_default();
                format!("via {from} -{edge}→ {to}{unused}")
            }
            EventKind::AdversaryDiscoveredLeak { credential, .. } => {
                let leaked = f
                    .trace
                    .events()
                    .iter()
                    .find(|x| matches!(&x.kind, EventKind::CredentialLeaked { credential: c, .. } if c == credential))
                    .map(|x| x.tick);
                match leaked {
                    Some(t) => format!(
                        "by finding the leak: it was still valid {} min after it leaked",
                        event.tick - t
                    ),
                    None => "by finding the leak while it was still valid".to_owned(),
                }
            }
            EventKind::AdversarySessionOpened { via, .. } => {
                match via.strip_prefix("assumed from ") {
                    Some(from) => format!("by assuming it from {from}"),
                    None => format!("through a session opened with {via}"),
                }
            }
            k => k.describe(),
        };
        out.push(
            f.line(dim, "reach", points)
                .at(event.tick)
                .events([*ev])
                .text(format!(
                    "the attacker reached {what} at {} ({ev}) {how}",
                    format_clock(event.tick)
                )),
        );
    }
    // Exfiltration.
    for (name, sensitivity, minutes) in &f.summary.exfiltration {
        let first = f.trace.events().iter().find(
            |e| matches!(&e.kind, EventKind::Exfiltration { resource, .. } if resource == name),
        );
        let points = ceil_div(minutes * sensitivity.weight(), EXFILTRATION_DIVISOR);
        out.push(
            f.line(dim, "exfiltration", points)
                .at(first.map_or(f.end_tick(), |e| e.tick))
                .events(first.map(|e| e.id))
                .text(format!(
                    "data left {name} ({sensitivity}) for {minutes} min{}",
                    first
                        .map(|e| format!(", from {} ({})", format_clock(e.tick), e.id))
                        .unwrap_or_default()
                )),
        );
    }
    // Persistence left.
    for name in &f.summary.persistence_left {
        let created = f.trace.events().iter().find(|e| {
            matches!(&e.kind, EventKind::PersistenceCreated { credential, .. } if credential == name)
        });
        out.push(
            f.line(dim, "persistence", PERSISTENCE_POINTS)
                .events(created.map(|e| e.id).into_iter().chain([f.end]))
                .text(format!(
                    "the attacker's own credential {name}{} still worked at the end: \
                     logs on the identity store show what the attacker minted",
                    created
                        .map(|e| format!(" (minted at {}, {})", format_clock(e.tick), e.id))
                        .unwrap_or_default()
                )),
        );
    }
    // Control left at the end.
    for name in &f.summary.attacker_controls {
        let last = f.trace.events().iter().rev().find(|e| match &e.kind {
            EventKind::AdversarySessionOpened { identity, .. } => identity == name,
            EventKind::WorkloadCompromised { workload } => workload == name,
            EventKind::AdversaryMoved { to, .. } => to == name,
            _ => false,
        });
        out.push(
            f.line(dim, "attacker-in-control", CONTROL_POINTS)
                .events(last.map(|e| e.id).into_iter().chain([f.end]))
                .text(format!(
                    "the attacker still controlled {name} at the end{}: \
                     `revoke-sessions` ends live sessions, `disable` or `quarantine` ends the rest",
                    last.map(|e| format!(" (since {}, {})", format_clock(e.tick), e.id))
                        .unwrap_or_default()
                )),
        );
    }
    out
}

/// The permission of a grant `from → to` that the scenario marks unused.
fn unused_grant(estate: &Estate, from: &str, to: &str) -> Option<Permission> {
    let (i, r) = (estate.find(from)?, estate.find(to)?);
    let e = estate.find_edge(i, r, |k| matches!(k, EdgeKind::Grants { .. }))?;
    match estate.edge(e).kind {
        EdgeKind::Grants {
            permission,
            used: false,
        } => Some(permission),
        _ => None,
    }
}

// ------------------------------------------------------------------ collateral

/// What to do instead, by the verb that broke something.
fn advice(command: &str) -> &'static str {
    match Command::parse(command).ok().map(|c| c.verb()) {
        Some("revoke") => {
            "rotate with a grace period and redeploy every holder first, then let the old version die"
        }
        Some("rotate") => {
            "redeploy every holder before the grace period ends (`logs` shows holders the inventory misses)"
        }
        Some("disable") => "move the workloads off the identity before disabling it",
        Some("quarantine") => "quarantine only what is compromised, and restore it once clean",
        Some("scope-down" | "remove-grant") => {
            "check what the workloads still need before taking access away"
        }
        _ => "check who depends on it before changing it",
    }
}

fn collateral(f: &Facts<'_>) -> Vec<Deduction> {
    let mut out = Vec::new();
    for o in f.summary.outages.iter().filter(|o| o.trainee_caused) {
        let minutes = o.end.saturating_sub(o.start.max(f.drill.scoring_from));
        let points = ceil_div(minutes * o.criticality.weight(), OUTAGE_DIVISOR);
        let command = f.trace.command_behind(o.down_event);
        let hidden = f
            .initial()
            .find(&o.workload)
            .is_some_and(|w| f.initial().node(w).hidden);
        let up = if o.open {
            "still down at the end".to_owned()
        } else {
            format!("back at {}", format_clock(o.end))
        };
        let who = match &command {
            Some(c) => format!("`{}` at {}", c.text, format_clock(c.executed)),
            None => "your response".to_owned(),
        };
        // The chain from the command that ran to the outage: command, effects, outage.
        let root = f.trace.executed_behind(o.down_event);
        let chain: Vec<EventId> = root
            .into_iter()
            .chain(
                f.trace
                    .chain(o.down_event)
                    .into_iter()
                    .rev()
                    .filter(|&e| root.is_some_and(|r| e > r)),
            )
            .collect();
        let text = format!(
            "{who} took {} ({}{}) down at {} for {minutes} min, {up} — {}",
            o.workload,
            o.criticality,
            if hidden {
                "; a holder the inventory did not show"
            } else {
                ""
            },
            format_clock(o.start),
            advice(command.as_ref().map_or("", |c| c.text.as_str()))
        );
        out.push(
            f.line(Dimension::Collateral, "outage", points)
                .at(o.start)
                .events(if chain.is_empty() {
                    vec![o.down_event]
                } else {
                    chain
                })
                .csf(
                    command
                        .as_ref()
                        .and_then(|c| Command::parse(&c.text).ok())
                        .map_or(CsfCategory::IncidentMitigation, |c| {
                            CsfCategory::of_command(&c)
                        }),
                )
                .command(command)
                .text(text),
        );
    }
    out
}

// ------------------------------------------------------------------ governance

/// The events that make this session an incident: leaks, compromises, stolen sessions.
fn incident_starts(f: &Facts<'_>) -> Vec<EventId> {
    f.trace
        .events()
        .iter()
        .filter(|e| match &e.kind {
            EventKind::CredentialLeaked { .. } | EventKind::WorkloadCompromised { .. } => true,
            EventKind::AdversarySessionOpened { .. } => matches!(e.cause, Cause::Inject(_)),
            _ => false,
        })
        .map(|e| e.id)
        .collect()
}

/// The node an incident start hands the attacker.
fn exposed_node(f: &Facts<'_>, e: EventId) -> Option<NodeId> {
    let name = match &f.trace.event(e).kind {
        EventKind::CredentialLeaked { credential, .. } => credential,
        EventKind::WorkloadCompromised { workload } => workload,
        EventKind::AdversarySessionOpened { identity, .. } => identity,
        _ => return None,
    };
    f.initial().find(name)
}

fn governance(f: &Facts<'_>) -> Vec<Deduction> {
    let mut out = Vec::new();
    let dim = Dimension::Governance;
    let starts = incident_starts(f);
    if let Some(&first) = starts.first()
        && f.summary.incident_declared.is_none()
    {
        let alert = f.trace.events().iter().find(|e| {
            matches!(e.kind, EventKind::Alert { .. }) && e.tick >= f.trace.event(first).tick
        });
        let start = f.trace.event(first);
        out.push(
            f.line(dim, "no-incident", NO_INCIDENT_POINTS)
                .events(
                    [first]
                        .into_iter()
                        .chain(alert.map(|a| a.id))
                        .chain([f.end]),
                )
                .csf(CsfCategory::IncidentManagement)
                .text(format!(
                    "no incident was declared, though {} at {} ({first}){}: \
                     `declare-incident` early pulls the owners in",
                    match &start.kind {
                        EventKind::CredentialLeaked { credential, .. } =>
                            format!("{credential} leaked"),
                        k => format!("{} ({})", k.name(), k.describe()),
                    },
                    format_clock(start.tick),
                    alert
                        .map(|a| format!(
                            " and an alert fired at {} ({})",
                            format_clock(a.tick),
                            a.id
                        ))
                        .unwrap_or_default()
                )),
        );
    }
    // Owners: of sensitive resources within the attacker's reach, and of broken workloads.
    let teams: BTreeSet<&str> = f.initial().teams().iter().map(|t| t.id.as_str()).collect();
    let notified: BTreeSet<&str> = f.summary.notified.iter().map(String::as_str).collect();
    // team → (resources, the incident start that exposed them)
    let mut exposed: BTreeMap<String, (Vec<String>, EventId, Vec<String>)> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for &s in &starts {
        let Some(n) = exposed_node(f, s) else {
            continue;
        };
        let radius = blast_radius(f.initial(), n);
        for r in radius.reached() {
            let node = f.initial().node(r.node);
            if node.class() != NodeClass::Resource || node.sensitivity < Sensitivity::Restricted {
                continue;
            }
            let Some(team) = node.owner.as_deref().filter(|t| teams.contains(t)) else {
                continue;
            };
            if notified.contains(team) {
                continue;
            }
            let entry = exposed.entry(team.to_owned()).or_insert_with(|| {
                order.push(team.to_owned());
                (Vec::new(), s, Vec::new())
            });
            let label = format!("{} ({})", node.id, node.sensitivity);
            if !entry.0.contains(&label) {
                entry.0.push(label);
            }
            let start = f.initial().node(n).id.clone();
            if !entry.2.contains(&start) {
                entry.2.push(start);
            }
        }
    }
    for team in &order {
        let (resources, start, via) = &exposed[team];
        out.push(
            f.line(dim, "owner-not-notified", EXPOSED_OWNER_POINTS)
                .events([*start, f.end])
                .csf(CsfCategory::IncidentCommunication)
                .text(format!(
                    "{team} was never notified, though it owns {} within the attacker's reach from {}: `notify {team}`",
                    resources.join(", "),
                    via.join(", ")
                )),
        );
    }
    let mut broken: BTreeMap<String, Vec<(String, EventId)>> = BTreeMap::new();
    let mut broken_order: Vec<String> = Vec::new();
    for o in f.summary.outages.iter().filter(|o| o.trainee_caused) {
        let Some(team) = f
            .initial()
            .find(&o.workload)
            .and_then(|w| f.initial().node(w).owner.clone())
            .filter(|t| teams.contains(t.as_str()))
        else {
            continue;
        };
        if notified.contains(team.as_str()) || exposed.contains_key(&team) {
            continue;
        }
        broken
            .entry(team.clone())
            .or_insert_with(|| {
                broken_order.push(team.clone());
                Vec::new()
            })
            .push((o.workload.clone(), o.down_event));
    }
    for team in &broken_order {
        let downs = &broken[team];
        let names: Vec<&str> = downs.iter().map(|(w, _)| w.as_str()).collect();
        let command = f.trace.command_behind(downs[0].1);
        out.push(
            f.line(dim, "owner-not-notified", OUTAGE_OWNER_POINTS)
                .at(f.trace.event(downs[0].1).tick)
                .events(downs.iter().map(|&(_, e)| e).chain([f.end]))
                .csf(CsfCategory::IncidentCommunication)
                .command(command)
                .text(format!(
                    "{team} was never told that {} (theirs) went down: `notify {team}`",
                    names.join(" and ")
                )),
        );
    }
    // Procedure on high-tier commands, charged only where the mode requires it: reviewed and
    // guided mode ask a sign-off and a confidence of every high-tier command; independent
    // mode asks neither.
    let required = matches!(
        f.session.mode(),
        drillhall_scenario::drill::Mode::Reviewed | drillhall_scenario::drill::Mode::Guided
    );
    for e in f.trace.events().iter().filter(|_| required) {
        match &e.kind {
            EventKind::CommandExecuted {
                tier: Tier::High,
                text,
                confidence,
                ..
            } if f.trace.root_input(e.id).is_some() => {
                let command = f.trace.command_behind(e.id);
                if matches!(e.cause, Cause::Input(_)) {
                    out.push(
                        f.line(dim, "no-signoff", NO_SIGNOFF_POINTS)
                            .at(e.tick)
                            .events([e.id])
                            .csf(CsfCategory::IncidentManagement)
                            .command(command.clone())
                            .text(format!(
                                "`{text}` at {} is high-tier and ran without a sign-off request: \
                                 `request-signoff` with a rollback plan",
                                format_clock(e.tick)
                            )),
                    );
                }
                if confidence.is_none() {
                    out.push(
                        f.line(dim, "no-confidence", NO_CONFIDENCE_POINTS)
                            .at(e.tick)
                            .events([e.id])
                            .csf(CsfCategory::IncidentManagement)
                            .command(command)
                            .text(format!(
                                "`{text}` at {} is high-tier and ran without a stated confidence",
                                format_clock(e.tick)
                            )),
                    );
                }
            }
            EventKind::SignoffRejected {
                request, reason, ..
            } if f.trace.root_input(e.id).is_some() => {
                let asked = f.trace.events().iter().find_map(|x| match &x.kind {
                    EventKind::SignoffRequested {
                        request: r,
                        command,
                        ..
                    } if r == request => Some((x.id, command.clone())),
                    _ => None,
                });
                let (asked_id, command) = asked.unwrap_or((e.id, String::new()));
                out.push(
                    f.line(dim, "signoff-refused", REFUSED_POINTS)
                        .at(e.tick)
                        .events([asked_id, e.id])
                        .csf(CsfCategory::IncidentManagement)
                        .text(format!(
                            "the reviewer refused `{command}` at {} ({reason})",
                            format_clock(e.tick)
                        )),
                );
            }
            EventKind::HintShown {
                hint,
                penalty,
                text,
            } => {
                out.push(
                    f.line(dim, "hint", *penalty)
                        .at(e.tick)
                        .events([e.id])
                        .csf(CsfCategory::IncidentAnalysis)
                        .text(format!(
                            "hint {hint} taken at {}: \"{text}\"",
                            format_clock(e.tick)
                        )),
                );
            }
            _ => {}
        }
    }
    for name in &f.summary.break_glass_open {
        let opened = f.trace.events().iter().rev().find(
            |e| matches!(&e.kind, EventKind::BreakGlassOpened { identity } if identity == name),
        );
        out.push(
            f.line(dim, "break-glass-open", BREAK_GLASS_POINTS)
                .events(opened.map(|e| e.id).into_iter().chain([f.end]))
                .csf(CsfCategory::IdentityAccess)
                .command(opened.and_then(|e| f.trace.command_behind(e.id)))
                .text(format!(
                    "emergency access through {name}{} was still open at the end: `end-break-glass {name}`",
                    opened
                        .map(|e| format!(" (opened at {})", format_clock(e.tick)))
                        .unwrap_or_default()
                )),
        );
    }
    out
}

// ------------------------------------------------------------------ least privilege

fn least_privilege(f: &Facts<'_>) -> Vec<Deduction> {
    let mut out = Vec::new();
    let dim = Dimension::LeastPrivilege;
    let estate = f.session.estate();
    let initial = f.initial();
    for g in over_privileged_grants(estate) {
        let (identity, resource) = (&estate.node(g.identity).id, &estate.node(g.resource).id);
        // Only the scenario's own grants: provisioning is judged by its objectives.
        if unused_grant(initial, identity, resource).is_none() {
            continue;
        }
        let sensitivity = estate.node(g.resource).sensitivity;
        out.push(
            f.line(dim, "unused-grant", unused_grant_points(g.permission))
                .events([f.end])
                .csf(CsfCategory::IdentityAccess)
                .text(format!(
                    "{identity} still had {} on {resource} ({sensitivity}) at the end, a grant the inventory marks unused: \
                     `scope-down {identity} {resource} none`",
                    g.permission
                )),
        );
    }
    let rotated: BTreeSet<&str> = f
        .trace
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::CredentialRotated { credential, .. } => Some(credential.as_str()),
            _ => None,
        })
        .collect();
    for s in stale_credentials(estate) {
        let name = &estate.node(s.credential).id;
        if rotated.contains(name.as_str()) || initial.find(name).is_none() {
            continue;
        }
        out.push(
            f.line(dim, "stale-credential", STALE_POINTS)
                .events([f.end])
                .csf(CsfCategory::IdentityAccess)
                .text(format!(
                    "{name} is {} old (the limit is {}) and was never rotated",
                    format_duration(s.age),
                    format_duration(s.limit)
                )),
        );
    }
    for o in orphaned_identities(estate) {
        let name = &estate.node(o.identity).id;
        if initial.find(name).is_none() {
            continue;
        }
        out.push(
            f.line(dim, "orphaned-identity", ORPHAN_POINTS)
                .events([f.end])
                .csf(CsfCategory::IdentityAccess)
                .text(format!(
                    "{name} has no owner and was left enabled: `disable {name}` or give it an owner"
                )),
        );
    }
    out
}
