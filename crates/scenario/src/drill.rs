//! The compiled drill: a scenario with every id resolved and every default applied, once.
//!
//! The principal type here is a [`Drill`]. [`Drill::compile`] turns a validated
//! [`Scenario`] into one; [`Drill::assemble`] builds one in code from an [`Estate`] (what an
//! importer or a generator produces) without writing YAML. A `Drill` is immutable and is
//! shared behind an `Arc` by every session played on it, thousands at a time: nothing
//! downstream (the engine, scoring, the terminal UI, the lab) reads the YAML format types.
//!
//! Every default of the format is a constant of [`defaults`], applied here and nowhere else;
//! the JSON Schema and docs/scenario-format.md list the same values (a test keeps them equal).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use drillhall_estate::{Criticality, Estate, LastUsed, NodeClass, NodeId, Permission, Ticks};
use indexmap::IndexMap;
use sha2::{Digest, Sha256};

use crate::Scenario;
use crate::command::Command;
pub use crate::format::{
    DetectWhen, FailureMode, InjectKind, LeakVia, Mode, Severity, Skill, Task,
};
use crate::format::{InjectSpec, ObjectiveSpec, StepSpec};
use crate::values::{At, Loc};

/// Every default of the scenario format, in one place.
pub mod defaults {
    use drillhall_estate::{Criticality, Rotation, Sensitivity, Ticks};

    use crate::format::{LeakVia, Mode, Severity, Skill};

    /// `supervision.mode`.
    pub const MODE: Mode = Mode::Independent;
    /// `supervision.reviewer_delay`: the simulated reviewer answers within this range.
    pub const REVIEWER_DELAY: (Ticks, Ticks) = (2, 6);
    /// `adversary.discovers_leak`.
    pub const DISCOVERS_LEAK: (Ticks, Ticks) = (20, 90);
    /// `adversary.skill`.
    pub const SKILL: Skill = Skill::Medium;
    /// `adversary.session_ttl` and a `session-theft` inject's `ttl`, in minutes.
    pub const SESSION_TTL: Ticks = 60;
    /// A `credential-leak` inject's `via`.
    pub const LEAK_VIA: LeakVia = LeakVia::PublicRepo;
    /// An `alert` inject's `source`.
    pub const ALERT_SOURCE: &str = "monitoring";
    /// An `alert` inject's `severity`.
    pub const ALERT_SEVERITY: Severity = Severity::Medium;
    /// An inject's `at` when it has none (validation requires one on every kind but
    /// `noise`, whose window starts at T+0).
    pub const INJECT_AT: Ticks = 0;
    /// `scoring` weights: containment, collateral, governance, least privilege.
    pub const SCORING: [u32; 4] = [40, 25, 20, 15];
    /// `metadata.difficulty`.
    pub const DIFFICULTY: u8 = 1;
    /// A workload's `criticality`.
    pub const CRITICALITY: Criticality = Criticality::Low;
    /// A credential's `rotation`.
    pub const ROTATION: Rotation = Rotation::Manual;
    /// A resource's `sensitivity`.
    pub const SENSITIVITY: Sensitivity = Sensitivity::Internal;
    /// A grant's `used`.
    pub const GRANT_USED: bool = true;

    /// Each default as `(field, text)`: the field as docs/scenario-format.md names it in its
    /// tables, and the words its row uses for the default (a test holds the two equal).
    pub fn table() -> Vec<(&'static str, String)> {
        let [containment, collateral, governance, least_privilege] = SCORING;
        vec![
            ("mode", format!("`{MODE}`")),
            (
                "reviewer_delay",
                format!("`{}m..{}m`", REVIEWER_DELAY.0, REVIEWER_DELAY.1),
            ),
            (
                "discovers_leak",
                format!("`{}m..{}m`", DISCOVERS_LEAK.0, DISCOVERS_LEAK.1),
            ),
            ("skill", format!("`{SKILL}`")),
            ("session_ttl", format!("`{SESSION_TTL}m`")),
            ("ttl", format!("default `{SESSION_TTL}m`")),
            ("via", format!("`{LEAK_VIA}` (default)")),
            ("source", format!("default `{ALERT_SOURCE}`")),
            ("severity", format!("`{ALERT_SEVERITY}` (alert default)")),
            ("until", "default: the whole drill".to_owned()),
            ("schedule", "(default: `every`)".to_owned()),
            ("containment", format!("`{containment}`")),
            ("collateral", format!("`{collateral}`")),
            ("governance", format!("`{governance}`")),
            ("least_privilege", format!("`{least_privilege}`")),
            ("difficulty", format!("`{DIFFICULTY}`")),
            ("criticality", format!("`{CRITICALITY}`")),
            ("rotation", format!("`{ROTATION}`")),
            ("sensitivity", format!("`{SENSITIVITY}`")),
            ("used", format!("`{GRANT_USED}`")),
        ]
    }
}

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

/// Who the drill is for and what it teaches.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DrillInfo {
    pub id: String,
    pub title: String,
    pub summary: String,
    /// The author's estimate, 1..=5.
    pub difficulty: u8,
    pub tasks: Vec<Task>,
    pub failure_modes: Vec<FailureMode>,
    pub frameworks: Vec<String>,
    /// The after-action Markdown the author wrote, if any.
    pub lessons: Option<String>,
}

/// An inject, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inject {
    pub id: String,
    pub at: Ticks,
    pub what: InjectWhat,
}

/// What an inject does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InjectWhat {
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdversaryRules {
    /// When it finds a leaked credential: inclusive range of ticks after the leak.
    pub discovers: (Ticks, Ticks),
    pub success_permille: u16,
    pub dwell: (Ticks, Ticks),
    pub goals: Vec<NodeId>,
    pub persistence: bool,
    pub session_ttl: Ticks,
}

impl AdversaryRules {
    /// The attacker of a given skill, every other parameter at its default.
    pub fn of_skill(skill: Skill) -> AdversaryRules {
        let (success_permille, lo, hi) = skill_profile(skill);
        AdversaryRules {
            discovers: defaults::DISCOVERS_LEAK,
            success_permille,
            dwell: (lo, hi),
            goals: Vec::new(),
            persistence: false,
            session_ttl: defaults::SESSION_TTL,
        }
    }
}

impl Default for AdversaryRules {
    fn default() -> Self {
        AdversaryRules::of_skill(defaults::SKILL)
    }
}

/// A detection, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DetectionRule {
    pub on: NodeId,
    pub when: DetectWhen,
    pub delay: Ticks,
    pub chance: u16,
}

/// A node an objective names. Objectives may name nodes the drill creates
/// (`create-identity`, `issue`), so a name missing from the starting estate is kept and
/// looked up again whenever the objective is checked: until then the node is "not yet
/// created", never "nothing to check".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeRef {
    /// The id as the scenario writes it.
    pub id: String,
    /// The node in the starting estate, if it is there (nodes are never removed, so it
    /// stays valid for the whole drill).
    pub start: Option<NodeId>,
}

impl NodeRef {
    /// A reference to `id`, resolved in `estate` if it is there.
    pub fn new(estate: &Estate, id: &str) -> NodeRef {
        NodeRef {
            id: id.to_owned(),
            start: estate.find(id),
        }
    }
}

/// An objective's condition, resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectiveRule {
    pub id: String,
    pub text: String,
    pub condition: Condition,
    /// Where the objective was written (line 0 when assembled in code).
    pub loc: Loc,
}

/// One timed step of a response (the expert's, a known-bad one, or an action file's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// 0-based position in the response.
    pub index: u32,
    pub at: Ticks,
    /// The command, parsed.
    pub command: Command,
    /// The command text as written.
    pub text: String,
    pub why: Option<String>,
    /// The stated confidence, 50..=100.
    pub confidence: Option<u8>,
    /// Where the step's command was written (line 0 when unknown).
    pub loc: Loc,
}

impl Step {
    /// A step from its command text; `None` when the text is not a command.
    pub fn new(index: u32, at: Ticks, text: &str) -> Option<Step> {
        let command = Command::parse(text).ok()?;
        Some(Step {
            index,
            at,
            command,
            text: text.to_owned(),
            why: None,
            confidence: None,
            loc: Loc::default(),
        })
    }
}

/// Steps in the scenario format, resolved. Validation has parsed every step's command, so a
/// step that does not parse cannot reach here; one is skipped rather than trusted.
pub(crate) fn steps(spec: &[At<StepSpec>]) -> Vec<Step> {
    spec.iter()
        .filter_map(|s| {
            let command = Command::parse(&s.command.value).ok()?;
            Some((s, command))
        })
        .enumerate()
        .map(|(i, (s, command))| Step {
            index: i as u32,
            at: s.at.value.ticks(),
            command,
            text: s.command.value.clone(),
            why: s.why.clone(),
            confidence: s.confidence.as_ref().map(|c| c.value),
            loc: s.command.loc,
        })
        .collect()
}

/// What a workload needs and when it runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkloadRule {
    pub needs: Vec<(NodeId, Permission)>,
    /// `(first run, period)` of a batch job.
    pub schedule: Option<(Ticks, Ticks)>,
}

/// A hint for guided mode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HintRule {
    pub after: Ticks,
    pub penalty: u32,
    pub text: String,
}

/// Weights of the four scored dimensions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Weights {
    pub containment: u32,
    pub collateral: u32,
    pub governance: u32,
    pub least_privilege: u32,
}

impl Default for Weights {
    fn default() -> Self {
        let [containment, collateral, governance, least_privilege] = defaults::SCORING;
        Weights {
            containment,
            collateral,
            governance,
            least_privilege,
        }
    }
}

/// What `check` enforces on a range of seeds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expect {
    /// Inclusive range of seeds.
    pub seeds: (u64, u64),
    /// The expert's floor (score out of 100).
    pub expert_min: Option<u32>,
    /// Ceilings of known-bad responses, by name.
    pub known_bad_max: IndexMap<String, u32>,
    /// Ceilings of known-bad responses' dimension values (containment, collateral,
    /// governance, least privilege), by name.
    pub known_bad_dimensions: IndexMap<String, [Option<u32>; 4]>,
    /// Bounds on the lab's bots, by bot name.
    pub bots: IndexMap<String, BotExpect>,
    /// The luck share's ceiling, ‰.
    pub luck_share_max: Option<u32>,
}

/// What one of the lab's bots must show on every seed (`expect.bots.NAME`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BotExpect {
    pub min: Option<u32>,
    pub max: Option<u32>,
    /// Objective ids it must fail, and must meet.
    pub fails: Vec<String>,
    pub meets: Vec<String>,
}

/// The principal type of this crate's compiled form: everything a session, a score and a
/// debrief read, resolved once. See the [module docs](self).
#[derive(Clone, Debug)]
pub struct Drill {
    pub info: DrillInfo,
    /// The file name the drill was read from (`in-memory` for assembled drills).
    pub source_name: String,
    /// Lowercase hex SHA-256 of the scenario's bytes (of a canonical description for
    /// assembled drills): what journals record and replays compare.
    pub sha256: String,
    /// The drill's length in ticks.
    pub duration: Ticks,
    /// The supervision mode a session takes unless told otherwise.
    pub mode: Mode,
    /// The simulated reviewer's answer delay, inclusive.
    pub reviewer_delay: (Ticks, Ticks),
    /// The estate at T+0.
    pub estate: Estate,
    pub injects: Vec<Inject>,
    pub adversary: AdversaryRules,
    pub detections: Vec<DetectionRule>,
    pub objectives: Vec<ObjectiveRule>,
    pub scoring: Weights,
    /// The tick scoring starts at (`scoring.from`): exposure and outage minutes before it
    /// are not counted.
    pub scoring_from: Ticks,
    /// The reference response.
    pub expert: Vec<Step>,
    /// Responses that must score badly, by name.
    pub known_bad: IndexMap<String, Vec<Step>>,
    pub hints: Vec<HintRule>,
    pub expect: Option<Expect>,
    pub workloads: BTreeMap<NodeId, WorkloadRule>,
    pub grant_last_used: BTreeMap<(NodeId, NodeId), LastUsed>,
    /// Visible workloads and identities, for noise alerts to name.
    pub noise_candidates: Vec<NodeId>,
}

/// Lowercase hex of SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        let _ = write!(s, "{b:02x}");
    }
    s
}

impl Drill {
    /// Compiles a validated scenario.
    pub fn compile(scenario: &Scenario) -> Drill {
        let file = scenario.file();
        let estate = scenario.estate();
        let duration = scenario.duration();
        let injects = file
            .injects
            .iter()
            .filter_map(|i| inject(&estate, &i.value, duration))
            .collect();
        let adversary = match file.adversary.as_ref() {
            None => AdversaryRules::default(),
            Some(a) => AdversaryRules {
                discovers: (a.discovers_leak.lo, a.discovers_leak.hi),
                goals: ids(&estate, Some(&a.goals)),
                persistence: a.persistence,
                session_ttl: a
                    .session_ttl
                    .map_or(defaults::SESSION_TTL, |d| d.ticks().max(1)),
                ..AdversaryRules::of_skill(a.skill)
            },
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
            .filter_map(|o| objective(&estate, &o.value, o.loc))
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
                (s.first.map_or(every, crate::Duration::ticks), every)
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
        let m = &file.metadata;
        let s = &file.scoring;
        let expect = file.expect.as_ref().map(|e| Expect {
            seeds: (e.seeds.first, e.seeds.last),
            expert_min: e.expert.as_ref().map(|x| x.min),
            known_bad_max: e
                .known_bad
                .iter()
                .map(|(k, v)| (k.clone(), v.max))
                .collect(),
            known_bad_dimensions: e
                .known_bad
                .iter()
                .filter_map(|(k, v)| {
                    let d = v.dimensions.as_ref()?;
                    Some((
                        k.clone(),
                        [d.containment, d.collateral, d.governance, d.least_privilege],
                    ))
                })
                .collect(),
            bots: e
                .bots
                .iter()
                .map(|(k, b)| {
                    (
                        k.clone(),
                        BotExpect {
                            min: b.min,
                            max: b.max,
                            fails: b.fails.clone(),
                            meets: b.meets.clone(),
                        },
                    )
                })
                .collect(),
            luck_share_max: e.luck_share.as_ref().map(|l| l.max),
        });
        let mut drill = Drill {
            info: DrillInfo {
                id: m.id.value.clone(),
                title: m.title.clone(),
                summary: m.summary.clone(),
                difficulty: m.difficulty.value,
                tasks: m.tasks.clone(),
                failure_modes: m.failure_modes.clone(),
                frameworks: m.frameworks.clone(),
                lessons: file.debrief.clone(),
            },
            source_name: scenario.source().name.clone(),
            sha256: sha256_hex(scenario.source().text.as_bytes()),
            duration,
            mode: file.supervision.mode,
            reviewer_delay: file
                .supervision
                .reviewer_delay
                .map_or(defaults::REVIEWER_DELAY, |r| (r.lo, r.hi)),
            estate,
            injects,
            adversary,
            detections,
            objectives,
            scoring: Weights {
                containment: s.containment,
                collateral: s.collateral,
                governance: s.governance,
                least_privilege: s.least_privilege,
            },
            scoring_from: s.from.map_or(0, super::values::Duration::ticks),
            expert: steps(&file.expert),
            known_bad: file
                .known_bad
                .iter()
                .map(|(k, v)| (k.clone(), steps(v)))
                .collect(),
            hints: file
                .hints
                .iter()
                .map(|h| HintRule {
                    after: h.after.ticks(),
                    penalty: h.penalty,
                    text: h.text.clone(),
                })
                .collect(),
            expect,
            workloads,
            grant_last_used,
            noise_candidates: Vec::new(),
        };
        if has_noise {
            drill.noise_candidates = drill.visible_actors();
        }
        drill
    }

    /// Loads, validates and compiles a scenario's text, ready to share between sessions.
    pub fn from_text(name: &str, text: &str) -> Result<Arc<Drill>, crate::LoadError> {
        Ok(Arc::new(Drill::compile(&Scenario::from_text(name, text)?)))
    }

    /// [`Drill::from_text`] from raw bytes (non-UTF-8 input is an error, located).
    pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Arc<Drill>, crate::LoadError> {
        Ok(Arc::new(Drill::compile(&Scenario::from_bytes(
            name, bytes,
        )?)))
    }

    /// A drill assembled in code on `estate`: no injects, no objectives, no expert, the
    /// default attacker, mode and weights, and every workload's rule empty. Fill in the
    /// public fields, then call [`Drill::seal`] to fix its identity.
    pub fn assemble(id: &str, title: &str, estate: Estate, duration: Ticks) -> Drill {
        Drill {
            info: DrillInfo {
                id: id.to_owned(),
                title: title.to_owned(),
                difficulty: defaults::DIFFICULTY,
                ..DrillInfo::default()
            },
            source_name: "in-memory".to_owned(),
            sha256: String::new(),
            duration,
            mode: defaults::MODE,
            reviewer_delay: defaults::REVIEWER_DELAY,
            estate,
            injects: Vec::new(),
            adversary: AdversaryRules::default(),
            detections: Vec::new(),
            objectives: Vec::new(),
            scoring: Weights::default(),
            scoring_from: 0,
            expert: Vec::new(),
            known_bad: IndexMap::new(),
            hints: Vec::new(),
            expect: None,
            workloads: BTreeMap::new(),
            grant_last_used: BTreeMap::new(),
            noise_candidates: Vec::new(),
        }
    }

    /// Finishes an assembled drill: noise candidates from the estate, and a SHA-256 over a
    /// canonical description of everything it holds (the estate's nodes and edges in
    /// declaration order, then every rule), so two assemblies of the same parts agree and
    /// any change is seen by replays.
    #[must_use]
    pub fn seal(mut self) -> Drill {
        if self
            .injects
            .iter()
            .any(|i| matches!(i.what, InjectWhat::Noise { .. }))
        {
            self.noise_candidates = self.visible_actors();
        }
        self.sha256 = String::new();
        let mut text = String::new();
        for n in self.estate.node_ids() {
            let _ = writeln!(text, "{:?}", self.estate.node(n));
        }
        for e in self.estate.edge_ids() {
            let _ = writeln!(
                text,
                "{:?} {:?}",
                self.estate.endpoints(e),
                self.estate.edge(e)
            );
        }
        let _ = writeln!(text, "{:?}", (&self.info, self.duration, self.mode));
        let _ = writeln!(
            text,
            "{:?}",
            (
                &self.injects,
                &self.adversary,
                &self.detections,
                &self.objectives,
                self.scoring,
                &self.expert,
                &self.known_bad,
                &self.hints,
                &self.workloads,
                &self.grant_last_used,
                self.reviewer_delay,
            )
        );
        self.sha256 = sha256_hex(text.as_bytes());
        self
    }

    /// The drill's id.
    pub fn id(&self) -> &str {
        &self.info.id
    }

    /// Visible workloads and identities, in declaration order.
    fn visible_actors(&self) -> Vec<NodeId> {
        self.estate
            .node_ids()
            .filter(|&n| {
                let node = self.estate.node(n);
                !node.hidden && matches!(node.class(), NodeClass::Workload | NodeClass::Identity)
            })
            .collect()
    }
}

fn ids(estate: &Estate, list: Option<&crate::IdList>) -> Vec<NodeId> {
    list.map(|l| l.iter().filter_map(|i| estate.find(i)).collect())
        .unwrap_or_default()
}

/// Nodes an objective names, each found now or left to be looked up when checked.
fn refs(estate: &Estate, list: Option<&crate::IdList>) -> Vec<NodeRef> {
    list.map(|l| l.iter().map(|i| NodeRef::new(estate, &i.value)).collect())
        .unwrap_or_default()
}

fn names(list: Option<&crate::IdList>) -> Vec<String> {
    list.map(|l| l.iter().map(|i| i.value.clone()).collect())
        .unwrap_or_default()
}

fn inject(estate: &Estate, spec: &InjectSpec, duration: Ticks) -> Option<Inject> {
    let at = spec
        .at
        .as_ref()
        .map_or(defaults::INJECT_AT, |a| a.value.ticks());
    let what = match spec.kind.value {
        InjectKind::CredentialLeak => InjectWhat::Leak {
            credentials: ids(estate, spec.credential.as_ref()),
            via: spec.via.unwrap_or(defaults::LEAK_VIA),
        },
        InjectKind::WorkloadCompromise => InjectWhat::Compromise {
            workload: estate.find(spec.workload.as_ref()?)?,
            dumps_secrets: spec.dumps_secrets,
        },
        InjectKind::SessionTheft => InjectWhat::SessionTheft {
            identity: estate.find(spec.identity.as_ref()?)?,
            ttl: spec.ttl.map_or(defaults::SESSION_TTL, |t| t.ticks().max(1)),
        },
        InjectKind::Alert => InjectWhat::Alert {
            source: spec
                .source
                .clone()
                .unwrap_or_else(|| defaults::ALERT_SOURCE.into()),
            severity: spec.severity.unwrap_or(defaults::ALERT_SEVERITY),
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
    Some(Inject {
        id: spec.id.value.clone(),
        at,
        what,
    })
}

fn objective(estate: &Estate, o: &ObjectiveSpec, loc: Loc) -> Option<ObjectiveRule> {
    let before_reach = refs(estate, o.before_adversary_reaches.as_ref());
    let before = o.before.map(crate::Duration::ticks);
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
            identity: NodeRef::new(estate, &g.identity),
            resource: NodeRef::new(estate, &g.resource),
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
        loc,
    })
}
