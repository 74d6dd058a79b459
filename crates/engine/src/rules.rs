//! The immutable part of a session: everything read from the scenario once, resolved to
//! node handles and ticks, and shared (behind an `Arc`) by every checkpoint of the session.

use std::collections::BTreeMap;

use drillhall_estate::{Criticality, Estate, LastUsed, NodeClass, NodeId, Permission, Ticks};
use drillhall_scenario::command::Command;
use drillhall_scenario::format::{
    DetectWhen, InjectKind, LeakVia, Mode, ObjectiveSpec, Severity, Skill, StepSpec, Task,
};
use drillhall_scenario::values::At;
use drillhall_scenario::{Scenario, format::InjectSpec};
use sha2::{Digest, Sha256};

/// Per-hop success chance (permille) and dwell between attempts (ticks, inclusive), by skill.
///
/// | skill  | success | dwell      |
/// |--------|---------|------------|
/// | low    | 30%     | 10–20 min  |
/// | medium | 50%     | 5–10 min   |
/// | high   | 70%     | 3–6 min    |
/// | expert | 85%     | 1–3 min    |
pub fn skill_profile(skill: Skill) -> (u16, Ticks, Ticks) {
    match skill {
        Skill::Low => (300, 10, 20),
        Skill::Medium => (500, 5, 10),
        Skill::High => (700, 3, 6),
        Skill::Expert => (850, 1, 3),
    }
}

/// An inject, resolved.
#[derive(Clone, Debug)]
pub(crate) struct InjectRule {
    pub id: String,
    pub at: Ticks,
    pub what: InjectWhat,
}

/// What an inject does.
#[derive(Clone, Debug)]
pub(crate) enum InjectWhat {
    Leak {
        credentials: Vec<NodeId>,
        via: LeakVia,
    },
    Compromise {
        workload: NodeId,
        dumps_secrets: bool,
    },
    SessionTheft {
        identity: NodeId,
        ttl: Ticks,
    },
    Alert {
        source: String,
        severity: Severity,
        message: String,
        points_to: Vec<String>,
    },
    Noise {
        count: u64,
        per: Ticks,
        until: Ticks,
    },
    Ticket {
        task: Option<Task>,
        severity: Option<Severity>,
        subjects: Vec<String>,
        message: String,
    },
}

/// The attacker's parameters.
#[derive(Clone, Debug)]
pub(crate) struct AdversaryRules {
    pub discovers: (Ticks, Ticks),
    pub success_permille: u16,
    pub dwell: (Ticks, Ticks),
    pub goals: Vec<NodeId>,
    pub persistence: bool,
    pub session_ttl: Ticks,
}

/// A detection, resolved.
#[derive(Clone, Debug)]
pub(crate) struct DetectionRule {
    pub on: NodeId,
    pub when: DetectWhen,
    pub delay: Ticks,
    pub chance: u16,
}

/// A node an objective names. Objectives may name nodes the drill creates
/// (`create-identity`, `issue`), so a name missing from the starting estate is kept and
/// looked up again whenever the objective is checked: until then the node is "not yet
/// created", never "nothing to check".
#[derive(Clone, Debug)]
pub(crate) struct NodeRef {
    /// The id as the scenario writes it.
    pub id: String,
    /// The node in the starting estate, if it is there (nodes are never removed, so it
    /// stays valid for the whole drill).
    pub start: Option<NodeId>,
}

/// An objective's condition, resolved.
#[derive(Clone, Debug)]
pub(crate) enum Condition {
    CredentialInvalid {
        credentials: Vec<NodeRef>,
        before_reach: Vec<NodeRef>,
        before: Option<Ticks>,
    },
    IdentityDisabled {
        identities: Vec<NodeRef>,
        before_reach: Vec<NodeRef>,
        before: Option<Ticks>,
    },
    MaxOutage {
        criticality: Criticality,
        minutes: Ticks,
    },
    GrantAtMost {
        identity: NodeRef,
        resource: NodeRef,
        permission: Permission,
    },
    NeverReaches(Vec<NodeRef>),
    NoPersistence,
    LeastPrivilege(Vec<NodeRef>),
    IncidentDeclared,
    OwnersNotified(Vec<String>),
}

/// An objective, resolved.
#[derive(Clone, Debug)]
pub(crate) struct ObjectiveRule {
    pub id: String,
    pub text: String,
    pub condition: Condition,
}

/// A step of the expert response (or of any script), in the scenario's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpertStep {
    /// 0-based position in the response.
    pub index: u32,
    pub at: Ticks,
    /// The command text as written.
    pub text: String,
    pub why: Option<String>,
    pub confidence: Option<u8>,
}

/// What a workload needs and when it runs.
#[derive(Clone, Debug, Default)]
pub(crate) struct WorkloadRule {
    pub needs: Vec<(NodeId, Permission)>,
    /// `(first run, period)` of a batch job.
    pub schedule: Option<(Ticks, Ticks)>,
}

/// A hint for guided mode.
#[derive(Clone, Debug)]
pub(crate) struct HintRule {
    pub after: Ticks,
    pub penalty: u32,
    pub text: String,
}

/// Everything a session reads from its scenario.
#[derive(Clone, Debug)]
pub(crate) struct Rules {
    pub scenario_id: String,
    pub scenario_sha256: String,
    pub duration: Ticks,
    pub default_mode: Mode,
    pub reviewer_delay: (Ticks, Ticks),
    pub injects: Vec<InjectRule>,
    pub adversary: AdversaryRules,
    pub detections: Vec<DetectionRule>,
    pub objectives: Vec<ObjectiveRule>,
    pub expert: Vec<ExpertStep>,
    pub hints: Vec<HintRule>,
    pub workloads: BTreeMap<NodeId, WorkloadRule>,
    pub grant_last_used: BTreeMap<(NodeId, NodeId), LastUsed>,
    /// Visible workloads and identities, for noise alerts to name.
    pub noise_candidates: Vec<NodeId>,
}

/// Lowercase hex of SHA-256.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lowercase hex of bytes.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

fn ids(estate: &Estate, list: Option<&drillhall_scenario::IdList>) -> Vec<NodeId> {
    list.map(|l| l.iter().filter_map(|i| estate.find(i)).collect())
        .unwrap_or_default()
}

/// Nodes an objective names, each found now or left to be looked up when checked.
fn refs(estate: &Estate, list: Option<&drillhall_scenario::IdList>) -> Vec<NodeRef> {
    list.map(|l| l.iter().map(|i| node_ref(estate, &i.value)).collect())
        .unwrap_or_default()
}

fn node_ref(estate: &Estate, id: &str) -> NodeRef {
    NodeRef {
        id: id.to_owned(),
        start: estate.find(id),
    }
}

fn names(list: Option<&drillhall_scenario::IdList>) -> Vec<String> {
    list.map(|l| l.iter().map(|i| i.value.clone()).collect())
        .unwrap_or_default()
}

/// Steps of a response as expert steps.
pub(crate) fn steps(spec: &[At<StepSpec>]) -> Vec<ExpertStep> {
    spec.iter()
        .enumerate()
        .map(|(i, s)| ExpertStep {
            index: i as u32,
            at: s.at.value.ticks(),
            text: s.command.value.clone(),
            why: s.why.clone(),
            confidence: s.confidence.as_ref().map(|c| c.value),
        })
        .collect()
}

impl Rules {
    /// Reads a scenario.
    pub fn new(scenario: &Scenario) -> Rules {
        let file = scenario.file();
        let estate = scenario.initial_estate();
        let duration = scenario.duration();
        let injects = file
            .injects
            .iter()
            .filter_map(|i| inject(estate, &i.value, duration))
            .collect();
        let adv = file.adversary.as_ref();
        let skill = adv.map_or(Skill::Medium, |a| a.skill);
        let (success_permille, dwell_lo, dwell_hi) = skill_profile(skill);
        let adversary = AdversaryRules {
            discovers: adv.map_or((20, 90), |a| (a.discovers_leak.lo, a.discovers_leak.hi)),
            success_permille,
            dwell: (dwell_lo, dwell_hi),
            goals: ids(estate, adv.map(|a| &a.goals)),
            persistence: adv.is_some_and(|a| a.persistence),
            session_ttl: adv
                .and_then(|a| a.session_ttl)
                .map_or(60, |d| d.ticks().max(1)),
        };
        let detections = file
            .detections
            .iter()
            .filter_map(|d| {
                Some(DetectionRule {
                    on: estate.find(&d.on)?,
                    when: d.when,
                    delay: d.delay.ticks(),
                    chance: d.chance.permille(),
                })
            })
            .collect();
        let objectives = file
            .objectives
            .iter()
            .filter_map(|o| objective(estate, &o.value))
            .collect();
        let mut workloads = BTreeMap::new();
        for w in &file.estate.workloads {
            let Some(id) = estate.find(&w.id) else {
                continue;
            };
            let needs = w
                .needs
                .iter()
                .filter_map(|n| Some((estate.find(&n.resource)?, n.permission)))
                .collect();
            let schedule = w.schedule.as_ref().map(|s| {
                let every = s.every.ticks().max(1);
                (
                    s.first.map_or(every, drillhall_scenario::Duration::ticks),
                    every,
                )
            });
            workloads.insert(id, WorkloadRule { needs, schedule });
        }
        let mut grant_last_used = BTreeMap::new();
        for g in &file.estate.grants {
            if let (Some(i), Some(r), Some(l)) = (
                estate.find(&g.identity),
                estate.find(&g.resource),
                g.last_used,
            ) {
                grant_last_used.insert((i, r), l.0);
            }
        }
        let has_noise = file
            .injects
            .iter()
            .any(|i| i.kind.value == InjectKind::Noise);
        let noise_candidates = if has_noise {
            estate
                .node_ids()
                .filter(|&n| {
                    let node = estate.node(n);
                    !node.hidden
                        && matches!(node.class(), NodeClass::Workload | NodeClass::Identity)
                })
                .collect()
        } else {
            Vec::new()
        };
        Rules {
            scenario_id: scenario.id().to_owned(),
            scenario_sha256: sha256_hex(scenario.source().text.as_bytes()),
            duration,
            default_mode: file.supervision.mode,
            reviewer_delay: file
                .supervision
                .reviewer_delay
                .map_or((2, 6), |r| (r.lo, r.hi)),
            injects,
            adversary,
            detections,
            objectives,
            expert: steps(&file.expert),
            hints: file
                .hints
                .iter()
                .map(|h| HintRule {
                    after: h.after.ticks(),
                    penalty: h.penalty,
                    text: h.text.clone(),
                })
                .collect(),
            workloads,
            grant_last_used,
            noise_candidates,
        }
    }
}

fn inject(estate: &Estate, spec: &InjectSpec, duration: Ticks) -> Option<InjectRule> {
    let at = spec.at.as_ref().map_or(0, |a| a.value.ticks());
    let what = match spec.kind.value {
        InjectKind::CredentialLeak => InjectWhat::Leak {
            credentials: ids(estate, spec.credential.as_ref()),
            via: spec.via.unwrap_or(LeakVia::PublicRepo),
        },
        InjectKind::WorkloadCompromise => InjectWhat::Compromise {
            workload: estate.find(spec.workload.as_ref()?)?,
            dumps_secrets: spec.dumps_secrets,
        },
        InjectKind::SessionTheft => InjectWhat::SessionTheft {
            identity: estate.find(spec.identity.as_ref()?)?,
            ttl: spec.ttl.map_or(60, |t| t.ticks().max(1)),
        },
        InjectKind::Alert => InjectWhat::Alert {
            source: spec.source.clone().unwrap_or_else(|| "monitoring".into()),
            severity: spec.severity.unwrap_or(Severity::Medium),
            message: spec.message.clone().unwrap_or_default(),
            points_to: names(spec.points_to.as_ref()),
        },
        InjectKind::Noise => {
            let rate = spec.rate?;
            InjectWhat::Noise {
                count: rate.count,
                per: rate.per.max(1),
                until: spec.until.map_or(duration, |u| u.ticks().min(duration)),
            }
        }
        InjectKind::Ticket => InjectWhat::Ticket {
            task: spec.task,
            severity: spec.severity,
            subjects: names(spec.subjects.as_ref()),
            message: spec.message.clone().unwrap_or_default(),
        },
    };
    Some(InjectRule {
        id: spec.id.value.clone(),
        at,
        what,
    })
}

fn objective(estate: &Estate, o: &ObjectiveSpec) -> Option<ObjectiveRule> {
    let before_reach = refs(estate, o.before_adversary_reaches.as_ref());
    let before = o.before.map(drillhall_scenario::Duration::ticks);
    let condition = if o.credential_invalid.is_some() {
        Condition::CredentialInvalid {
            credentials: refs(estate, o.credential_invalid.as_ref()),
            before_reach,
            before,
        }
    } else if o.identity_disabled.is_some() {
        Condition::IdentityDisabled {
            identities: refs(estate, o.identity_disabled.as_ref()),
            before_reach,
            before,
        }
    } else if let Some(m) = &o.max_outage {
        Condition::MaxOutage {
            criticality: m.criticality,
            minutes: m.minutes,
        }
    } else if let Some(g) = &o.grant_at_most {
        Condition::GrantAtMost {
            identity: node_ref(estate, &g.identity),
            resource: node_ref(estate, &g.resource),
            permission: g.permission,
        }
    } else if o.adversary_never_reaches.is_some() {
        Condition::NeverReaches(refs(estate, o.adversary_never_reaches.as_ref()))
    } else if o.no_persistence == Some(true) {
        Condition::NoPersistence
    } else if o.least_privilege.is_some() {
        Condition::LeastPrivilege(refs(estate, o.least_privilege.as_ref()))
    } else if o.incident_declared == Some(true) {
        Condition::IncidentDeclared
    } else if o.owners_notified.is_some() {
        Condition::OwnersNotified(names(o.owners_notified.as_ref()))
    } else {
        return None;
    };
    Some(ObjectiveRule {
        id: o.id.value.clone(),
        text: o.text.clone(),
        condition,
    })
}

/// Parses an expert step's text (validation has checked it; a bad one is skipped with the
/// parse error kept for the caller).
pub(crate) fn parse_step(step: &ExpertStep) -> Result<Command, drillhall_scenario::CommandError> {
    Command::parse(&step.text)
}
