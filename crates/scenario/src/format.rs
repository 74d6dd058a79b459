//! The scenario format v1 as serde types: exactly what an instructor writes.
//!
//! Every struct denies unknown fields, so a misspelt key is an error and never silently
//! ignored. Ids and references are [`At`] values that remember where they were written.
//! Enumerated words are externally tagged unit enums; variant-dependent records (injects,
//! objectives) are flat structs with a `kind` word, checked field by field in validation,
//! because internally tagged enums would lose every location inside them.

use drillhall_estate::{
    CredentialKind, Criticality, Env, IdentityKind, Permission, ResourceKind, Rotation,
    Sensitivity, WorkloadKind,
};
use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::drill::defaults;
use crate::values::{
    At, Chance, Duration, ID_PATTERN, Id, IdList, LastUsedSpec, Rate, SeedRange, TickRange,
};

use drillhall_estate::word_enum as words;

words!(
    /// The task families a scenario trains.
    Task {
        SecretRotation => "secret-rotation",
        WorkloadOnboarding => "workload-onboarding",
        AccessReview => "access-review",
        IncidentTriage => "incident-triage",
        BreakGlassRecovery => "break-glass-recovery",
    }
);

words!(
    /// The failure modes a scenario injects.
    FailureMode {
        CredentialLeakage => "credential-leakage",
        OverPrivilege => "over-privilege",
        MissedRotation => "missed-rotation",
        RevocationBreaksDependents => "revocation-breaks-dependents",
        OrphanedIdentity => "orphaned-identity",
        SecretsInLogs => "secrets-in-logs",
    }
);

words!(
    /// How closely the trainee is supervised.
    Mode {
        Shadow => "shadow",
        Guided => "guided",
        Reviewed => "reviewed",
        Independent => "independent",
    }
);

words!(
    /// Kinds of inject.
    InjectKind {
        CredentialLeak => "credential-leak",
        WorkloadCompromise => "workload-compromise",
        SessionTheft => "session-theft",
        Alert => "alert",
        Noise => "noise",
        Ticket => "ticket",
    }
);

words!(
    /// Where a leaked credential ended up.
    LeakVia {
        PublicRepo => "public-repo",
        CiLogs => "ci-logs",
        ThirdParty => "third-party",
        Chat => "chat",
        Ticket => "ticket",
        Laptop => "laptop",
        Paste => "paste",
    }
);

words!(
    /// Alert severity.
    Severity {
        Info => "info",
        Low => "low",
        Medium => "medium",
        High => "high",
        Critical => "critical",
    }
);

words!(
    /// How capable the attacker is: sets per-hop success chance and dwell time.
    Skill {
        Low => "low",
        Medium => "medium",
        High => "high",
        Expert => "expert",
    }
);

words!(
    /// What a detection watches for.
    DetectWhen {
        UnusualAccess => "unusual-access",
        CredentialUse => "credential-use",
        NewCredential => "new-credential",
        PrivilegeEscalation => "privilege-escalation",
        Exfiltration => "exfiltration",
    }
);

/// The whole file.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "drillhall scenario v1")]
pub struct ScenarioFile {
    /// Always `drillhall/v1`.
    #[serde(rename = "apiVersion")]
    #[schemars(extend("const" = "drillhall/v1"))]
    pub api_version: At<String>,
    /// Always `Scenario`.
    #[schemars(extend("const" = "Scenario"))]
    pub kind: At<String>,
    pub metadata: Metadata,
    #[serde(default)]
    pub supervision: Supervision,
    pub estate: EstateSpec,
    #[serde(default)]
    pub injects: Vec<At<InjectSpec>>,
    #[serde(default)]
    pub adversary: Option<AdversarySpec>,
    #[serde(default)]
    pub detections: Vec<At<DetectionSpec>>,
    #[serde(default)]
    pub objectives: Vec<At<ObjectiveSpec>>,
    #[serde(default)]
    pub scoring: ScoringSpec,
    /// The reference response: sets par, drives shadow mode, must pass `check`.
    #[serde(default)]
    pub expert: Vec<At<StepSpec>>,
    /// Responses that must score badly, by name.
    #[serde(default)]
    pub known_bad: IndexMap<String, Vec<At<StepSpec>>>,
    /// Hints for guided mode; the penalty is shown before the hint.
    #[serde(default)]
    pub hints: Vec<At<HintSpec>>,
    /// What `drillhall check` enforces on every seed in the range.
    #[serde(default)]
    pub expect: Option<ExpectSpec>,
    /// Markdown for the after-action report.
    #[serde(default)]
    pub debrief: Option<String>,
}

/// Who, what and how long.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// Kebab-case id of the scenario.
    #[schemars(pattern(ID_PATTERN))]
    pub id: Id,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    /// How long the drill runs (simulated).
    pub duration: At<Duration>,
    /// The author's estimate, 1 (easy) to 5 (hard).
    #[serde(default = "default_difficulty")]
    #[schemars(range(min = 1, max = 5))]
    pub difficulty: At<u8>,
    #[serde(default)]
    pub tasks: Vec<Task>,
    #[serde(default)]
    pub failure_modes: Vec<FailureMode>,
    /// Framework references, e.g. `CSF 2.0 RS.MI`.
    #[serde(default)]
    pub frameworks: Vec<String>,
}

fn default_difficulty() -> At<u8> {
    At::bare(defaults::DIFFICULTY)
}

/// Supervision settings.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Supervision {
    #[serde(default = "default_mode")]
    pub mode: Mode,
    /// How long the simulated reviewer takes to answer a sign-off request.
    #[serde(default)]
    pub reviewer_delay: Option<TickRange>,
}

fn default_mode() -> Mode {
    defaults::MODE
}

impl Default for Mode {
    fn default() -> Self {
        default_mode()
    }
}

/// The fake estate.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EstateSpec {
    #[serde(default)]
    pub policy: Option<PolicySpec>,
    #[serde(default)]
    pub teams: Vec<TeamSpec>,
    #[serde(default)]
    pub workloads: Vec<WorkloadSpec>,
    #[serde(default)]
    pub identities: Vec<IdentitySpec>,
    #[serde(default)]
    pub credentials: Vec<CredentialSpec>,
    #[serde(default)]
    pub resources: Vec<ResourceSpec>,
    #[serde(default)]
    pub grants: Vec<At<GrantSpec>>,
}

/// Estate-wide rotation policy.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicySpec {
    /// Credentials older than this are stale (default 90d).
    pub max_credential_age: Duration,
}

/// A team.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamSpec {
    #[schemars(pattern(ID_PATTERN))]
    pub id: Id,
    #[serde(default)]
    pub members: Vec<String>,
}

/// A workload: service, CI pipeline, job, function, AI agent.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkloadSpec {
    #[schemars(pattern(ID_PATTERN))]
    pub id: Id,
    pub kind: WorkloadKind,
    #[serde(default)]
    pub env: Option<Env>,
    #[serde(default = "default_criticality")]
    pub criticality: Criticality,
    #[serde(default)]
    #[schemars(pattern(ID_PATTERN))]
    pub owner: Option<Id>,
    #[serde(default)]
    pub internet_facing: bool,
    /// The identity the workload runs as.
    #[serde(default)]
    #[schemars(pattern(ID_PATTERN))]
    pub runs_as: Option<Id>,
    /// Credentials the workload has (env, config, mounted) and depends on.
    #[serde(default)]
    pub holds: IdList,
    /// Exists, but the trainee's inventory does not show it until logs reveal it.
    #[serde(default)]
    pub hidden: bool,
    /// Resource permissions the workload must have to work.
    #[serde(default)]
    pub needs: Vec<At<NeedSpec>>,
    /// When a batch job runs.
    #[serde(default)]
    pub schedule: Option<ScheduleSpec>,
}

fn default_criticality() -> Criticality {
    defaults::CRITICALITY
}

/// A permission a workload needs.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NeedSpec {
    #[schemars(pattern(ID_PATTERN))]
    pub resource: Id,
    pub permission: Permission,
}

/// When a batch job runs: at `first`, then every `every`.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScheduleSpec {
    pub every: Duration,
    #[serde(default)]
    pub first: Option<Duration>,
}

/// A non-human identity.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IdentitySpec {
    #[schemars(pattern(ID_PATTERN))]
    pub id: Id,
    pub kind: IdentityKind,
    /// Owning team; none means orphaned.
    #[serde(default)]
    #[schemars(pattern(ID_PATTERN))]
    pub owner: Option<Id>,
    #[serde(default)]
    pub env: Option<Env>,
    /// Identities this one can assume, impersonate or exchange a token for.
    #[serde(default)]
    pub can_assume: IdList,
    /// Workloads this identity can deploy to (run code as).
    #[serde(default)]
    pub controls: IdList,
    #[serde(default)]
    pub last_used: Option<LastUsedSpec>,
    #[serde(default)]
    pub hidden: bool,
}

/// A secret that authenticates as an identity.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CredentialSpec {
    #[schemars(pattern(ID_PATTERN))]
    pub id: Id,
    pub kind: CredentialKind,
    /// The identity this credential acts as.
    #[schemars(pattern(ID_PATTERN))]
    pub authenticates: Id,
    /// Age when the scenario starts.
    #[serde(default)]
    pub age: Option<Duration>,
    /// Expires this long after the scenario starts.
    #[serde(default)]
    pub expires: Option<Duration>,
    #[serde(default = "default_rotation")]
    pub rotation: Rotation,
    /// This credential's own rotation policy.
    #[serde(default)]
    pub max_age: Option<Duration>,
    #[serde(default)]
    pub last_used: Option<LastUsedSpec>,
    #[serde(default)]
    pub hidden: bool,
}

fn default_rotation() -> Rotation {
    defaults::ROTATION
}

/// Something worth protecting.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResourceSpec {
    #[schemars(pattern(ID_PATTERN))]
    pub id: Id,
    pub kind: ResourceKind,
    #[serde(default = "default_sensitivity")]
    pub sensitivity: Sensitivity,
    #[serde(default)]
    #[schemars(pattern(ID_PATTERN))]
    pub owner: Option<Id>,
    #[serde(default)]
    pub env: Option<Env>,
    /// Credentials readable from this resource (vaults, repos, CI variables, logs).
    #[serde(default)]
    pub stores: IdList,
    /// Workloads this resource (a cluster, a host) runs.
    #[serde(default)]
    pub runs: IdList,
}

fn default_sensitivity() -> Sensitivity {
    defaults::SENSITIVITY
}

/// Access of an identity to a resource.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GrantSpec {
    #[schemars(pattern(ID_PATTERN))]
    pub identity: Id,
    #[schemars(pattern(ID_PATTERN))]
    pub resource: Id,
    pub permission: Permission,
    /// `false` marks over-privilege: the grant exists but is never exercised.
    #[serde(default = "default_true")]
    pub used: bool,
    #[serde(default)]
    pub last_used: Option<LastUsedSpec>,
}

fn default_true() -> bool {
    defaults::GRANT_USED
}

/// An inject: something that happens to the estate at a tick. Which fields apply depends on
/// `kind`; validation says which are missing or out of place.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InjectSpec {
    #[schemars(pattern(ID_PATTERN))]
    pub id: Id,
    pub kind: At<InjectKind>,
    /// When it fires (all kinds but `noise`, which fires at its `rate`).
    #[serde(default)]
    pub at: Option<At<Duration>>,
    /// `credential-leak`: the credential(s) exposed.
    #[serde(default)]
    pub credential: Option<IdList>,
    /// `credential-leak`: where they were exposed.
    #[serde(default)]
    pub via: Option<LeakVia>,
    /// `workload-compromise`: the workload the attacker now controls.
    #[serde(default)]
    #[schemars(pattern(ID_PATTERN))]
    pub workload: Option<Id>,
    /// `workload-compromise`: everything the workload holds also leaks to its logs.
    #[serde(default)]
    pub dumps_secrets: bool,
    /// `session-theft`: the identity whose live session the attacker holds.
    #[serde(default)]
    #[schemars(pattern(ID_PATTERN))]
    pub identity: Option<Id>,
    /// `session-theft`: how long the stolen session lives (default 60m).
    #[serde(default)]
    pub ttl: Option<Duration>,
    /// `alert`: the system that raised it.
    #[serde(default)]
    pub source: Option<String>,
    /// `alert`, `ticket`: severity.
    #[serde(default)]
    pub severity: Option<Severity>,
    /// `alert`: the node(s) the alert is about.
    #[serde(default)]
    pub points_to: Option<IdList>,
    /// `alert`, `ticket`: the text shown.
    #[serde(default)]
    pub message: Option<String>,
    /// `noise`: how often benign alerts arrive.
    #[serde(default)]
    pub rate: Option<Rate>,
    /// `noise`: the window (default: the whole drill).
    #[serde(default)]
    pub until: Option<Duration>,
    /// `ticket`: the task family the ticket starts.
    #[serde(default)]
    pub task: Option<Task>,
    /// `ticket`: the node(s) the ticket is about.
    #[serde(default)]
    pub subjects: Option<IdList>,
}

/// The simulated attacker.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AdversarySpec {
    /// When, after a leak, the attacker finds and uses it.
    #[serde(default = "default_discovery")]
    pub discovers_leak: TickRange,
    #[serde(default = "default_skill")]
    pub skill: Skill,
    /// What the attacker wants, in order of preference.
    #[serde(default)]
    pub goals: IdList,
    /// With admin over an identity store it mints its own credential.
    #[serde(default)]
    pub persistence: bool,
    /// How long the attacker's sessions live (default 60m).
    #[serde(default)]
    pub session_ttl: Option<Duration>,
}

fn default_discovery() -> TickRange {
    let (lo, hi) = defaults::DISCOVERS_LEAK;
    TickRange { lo, hi }
}

fn default_skill() -> Skill {
    defaults::SKILL
}

/// A detection: turns some attacker actions into alerts.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DetectionSpec {
    /// The node watched.
    #[schemars(pattern(ID_PATTERN))]
    pub on: Id,
    pub when: DetectWhen,
    #[serde(default)]
    pub delay: Duration,
    pub chance: Chance,
}

/// An objective: one condition the debrief checks. Exactly one condition field is set.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectiveSpec {
    #[schemars(pattern(ID_PATTERN))]
    pub id: Id,
    pub text: String,
    /// The credential(s) must be dead (revoked, or rotated with the old version expired).
    #[serde(default)]
    pub credential_invalid: Option<IdList>,
    /// With `credential_invalid` or `identity_disabled`: before the attacker reaches this.
    #[serde(default)]
    pub before_adversary_reaches: Option<IdList>,
    /// With `credential_invalid` or `identity_disabled`: no later than this tick.
    #[serde(default)]
    pub before: Option<Duration>,
    /// No workload of at least this criticality down longer than this.
    #[serde(default)]
    pub max_outage: Option<MaxOutageSpec>,
    /// The grant must end at most at this permission.
    #[serde(default)]
    pub grant_at_most: Option<GrantAtMostSpec>,
    /// The attacker must never reach these.
    #[serde(default)]
    pub adversary_never_reaches: Option<IdList>,
    /// No attacker persistence (minted credential or identity) left at the end.
    #[serde(default)]
    pub no_persistence: Option<bool>,
    /// The identity (or identities) must be disabled by the end.
    #[serde(default)]
    pub identity_disabled: Option<IdList>,
    /// These workloads must end up with exactly their `needs` and nothing more.
    #[serde(default)]
    pub least_privilege: Option<IdList>,
    /// An incident must be declared.
    #[serde(default)]
    pub incident_declared: Option<bool>,
    /// These teams must be notified.
    #[serde(default)]
    pub owners_notified: Option<IdList>,
}

/// `max_outage` condition.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MaxOutageSpec {
    pub criticality: Criticality,
    pub minutes: u64,
}

/// `grant_at_most` condition.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GrantAtMostSpec {
    #[schemars(pattern(ID_PATTERN))]
    pub identity: Id,
    #[schemars(pattern(ID_PATTERN))]
    pub resource: Id,
    pub permission: Permission,
}

/// Weights of the score dimensions (they need not sum to 100; scores are normalised).
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScoringSpec {
    #[serde(default)]
    pub containment: u32,
    #[serde(default)]
    pub collateral: u32,
    #[serde(default)]
    pub governance: u32,
    #[serde(default)]
    pub least_privilege: u32,
    /// When scoring starts: exposure and outage minutes before it are not counted (for
    /// drills that begin after a compromise).
    #[serde(default)]
    pub from: Option<Duration>,
}

impl Default for ScoringSpec {
    fn default() -> Self {
        let [containment, collateral, governance, least_privilege] = defaults::SCORING;
        ScoringSpec {
            containment,
            collateral,
            governance,
            least_privilege,
            from: None,
        }
    }
}

/// One step of a response: a command in the text grammar at a tick.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StepSpec {
    pub at: At<Duration>,
    /// The command, in the grammar of the command line (`rotate tok-deploy --grace 20m`).
    #[serde(rename = "do")]
    pub command: At<String>,
    /// Why the expert does this (shown in the debrief and in shadow mode).
    #[serde(default)]
    pub why: Option<String>,
    /// Stated confidence, 50..100, for high-tier commands.
    #[serde(default)]
    #[schemars(range(min = 50, max = 100))]
    pub confidence: Option<At<u8>>,
}

/// A hint for guided mode.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HintSpec {
    pub after: Duration,
    #[serde(default)]
    pub penalty: u32,
    pub text: String,
}

/// What `check` enforces.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExpectSpec {
    pub seeds: SeedRange,
    #[serde(default)]
    pub expert: Option<MinScore>,
    #[serde(default)]
    pub known_bad: IndexMap<String, KnownBadBound>,
    /// Bounds on the lab's bots, by bot name (`panic`, `do-nothing`, `expert-minus-3`).
    #[serde(default)]
    pub bots: IndexMap<String, BotBound>,
    /// The most of the score variance, ‰, that may come from the seed (`drillhall calibrate`'s
    /// luck share over every bot).
    #[serde(default)]
    pub luck_share: Option<MaxScore>,
}

/// A known-bad response's bounds: its score and, optionally, each dimension's value.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KnownBadBound {
    pub max: u32,
    /// Ceilings of the dimensions' values (0–100), by dimension.
    #[serde(default)]
    pub dimensions: Option<DimensionBounds>,
}

/// Ceilings of dimension values (0–100).
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DimensionBounds {
    #[serde(default)]
    pub containment: Option<u32>,
    #[serde(default)]
    pub collateral: Option<u32>,
    #[serde(default)]
    pub governance: Option<u32>,
    #[serde(default)]
    pub least_privilege: Option<u32>,
}

/// What one bot must show on every seed.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BotBound {
    /// The least it may score.
    #[serde(default)]
    pub min: Option<u32>,
    /// The most it may score.
    #[serde(default)]
    pub max: Option<u32>,
    /// Objectives it must fail.
    #[serde(default)]
    pub fails: Vec<String>,
    /// Objectives it must meet.
    #[serde(default)]
    pub meets: Vec<String>,
}

/// A score floor.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MinScore {
    pub min: u32,
}

/// A score ceiling.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MaxScore {
    pub max: u32,
}
