//! Events: every state change of a session, with the cause that made it happen.
//!
//! The event log is the session's output. It is canonical (its JSON form, one event per
//! line, is what the digest hashes), causal (every event names the input, event, inject or
//! clock that caused it, so the debrief can walk from an outage back to the command that
//! caused it) and complete (the truth is in it, including what the trainee never saw; use
//! [`EventKind::visible_to_trainee`] to filter).

use std::fmt;

use drillhall_estate::{Criticality, IdentityKind, Permission, Sensitivity, Ticks};
use drillhall_scenario::command::IncidentSeverity;
use drillhall_scenario::drill::{Severity, Task};
use drillhall_scenario::format_clock;
use serde::{Deserialize, Serialize};

/// Position of an event in the log (0-based, dense).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventId(pub u32);

impl EventId {
    /// The index into [`crate::Session::events`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl fmt::Display for EventId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "e{}", self.0)
    }
}

/// Why an event happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cause {
    /// The trainee's input with this index (0-based, in the order the session took them).
    Input(u32),
    /// An earlier event (an outage's cause is the revocation that killed its credential).
    Event(EventId),
    /// A scenario inject, by id.
    Inject(String),
    /// Time passing: a scheduled attempt, an expiry, a reviewer's answer.
    Clock,
}

/// Risk tier of a command (DESIGN §5, supervision).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    Low,
    Medium,
    High,
}

impl Tier {
    /// The word.
    pub fn as_str(self) -> &'static str {
        match self {
            Tier::Low => "low",
            Tier::Medium => "medium",
            Tier::High => "high",
        }
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One attribute shown by `inspect`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribute {
    pub name: String,
    pub value: String,
}

/// One line of an audit log as `logs` shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    /// Tick of the (last) use; negative before the drill started.
    pub tick: i64,
    /// How many uses this line summarises (workloads use credentials over and over).
    pub count: u32,
    /// What was done (`authenticate`, `read prod-db`, `CreateAccessKey`).
    pub action: String,
    pub identity: Option<String>,
    pub credential: Option<String>,
    /// The workload the request came from, when the log can tell.
    pub workload: Option<String>,
    pub target: Option<String>,
    pub outcome: String,
    pub source_ip: String,
    pub location: String,
    pub user_agent: String,
}

/// One node of a blast radius as `paths` shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathEntry {
    pub node: String,
    /// Class and kind, `resource/database`.
    pub kind: String,
    pub hops: u32,
    /// The cheapest path, `tok-deploy → sa-deployer → prod-db`.
    pub path: String,
    /// Sensitivity of a resource, criticality of a workload.
    pub rating: Option<String>,
}

/// A credential version a workload runs with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldVersion {
    pub credential: String,
    pub version: u32,
}

/// What happened. The variant names are stable kebab-case words (`credential-revoked`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum EventKind {
    // --- injects and the world ---
    /// A credential (at a version) became public.
    CredentialLeaked {
        credential: String,
        version: u32,
        via: String,
    },
    /// An alert reached the trainee (an inject or a detection).
    Alert {
        source: String,
        severity: Severity,
        message: String,
        points_to: Vec<String>,
        /// True when a detection raised it, false for a scripted inject.
        detection: bool,
    },
    /// A benign alert (noise).
    NoiseAlert {
        source: String,
        severity: Severity,
        message: String,
        node: String,
    },
    /// Work arrived as a ticket.
    TicketOpened {
        ticket: String,
        task: Option<Task>,
        severity: Option<Severity>,
        subjects: Vec<String>,
        message: String,
    },
    /// The attacker controls a workload (a poisoned CI step, a hijacked agent).
    WorkloadCompromised {
        workload: String,
    },

    // --- credentials ---
    /// Every version of a credential is dead, now and for good.
    CredentialRevoked {
        credential: String,
    },
    /// A new version exists; the previous one dies after `grace` ticks.
    CredentialRotated {
        credential: String,
        version: u32,
        grace: Ticks,
    },
    /// A managed credential's new version reached a holder.
    CredentialDelivered {
        credential: String,
        workload: String,
        version: u32,
    },
    /// Versions up to `version` died (a rotation's grace ended, or an issued version's TTL).
    OldVersionExpired {
        credential: String,
        version: u32,
    },
    /// The credential's last live version expired.
    CredentialExpired {
        credential: String,
    },
    /// A new credential was issued.
    CredentialIssued {
        credential: String,
        identity: String,
        store: Option<String>,
        ttl: Option<Ticks>,
    },
    /// A workload started holding a credential.
    CredentialAttached {
        credential: String,
        workload: String,
    },
    /// A workload stopped holding a credential (it no longer depends on it).
    CredentialDetached {
        credential: String,
        workload: String,
    },

    // --- workloads ---
    /// A workload stopped working.
    WorkloadDown {
        workload: String,
        criticality: Criticality,
        reason: String,
        /// Whether the causal chain starts at a trainee input.
        trainee_caused: bool,
    },
    /// A workload works again.
    WorkloadUp {
        workload: String,
        outage_minutes: Ticks,
        weighted_minutes: Ticks,
    },
    /// A workload was restarted and picked up current credential versions.
    WorkloadRedeployed {
        workload: String,
        versions: Vec<HeldVersion>,
    },
    /// A workload was isolated.
    WorkloadQuarantined {
        workload: String,
    },
    /// A quarantined workload was brought back.
    WorkloadRestored {
        workload: String,
    },
    /// A holder the inventory did not show was found.
    HiddenHolderRevealed {
        workload: String,
        credential: Option<String>,
    },
    /// A hidden identity or credential was found.
    NodeRevealed {
        node: String,
    },

    // --- identities and grants ---
    /// An identity was disabled: its credentials and sessions stop working.
    IdentityDisabled {
        identity: String,
    },
    /// A disabled identity was enabled again.
    IdentityEnabled {
        identity: String,
    },
    /// Every live session of an identity ended.
    SessionsRevoked {
        identity: String,
        adversary_sessions: u32,
    },
    /// A grant was lowered.
    GrantScopedDown {
        identity: String,
        resource: String,
        from: Permission,
        to: Permission,
    },
    /// A grant was removed.
    GrantRemoved {
        identity: String,
        resource: String,
        permission: Permission,
    },
    /// A grant was added or raised (`from` is the previous level, if there was a grant).
    GrantAdded {
        identity: String,
        resource: String,
        from: Option<Permission>,
        permission: Permission,
    },
    /// A new identity was provisioned.
    IdentityCreated {
        identity: String,
        identity_kind: IdentityKind,
        owner: String,
    },
    /// Emergency access through an identity began.
    BreakGlassOpened {
        identity: String,
    },
    /// Emergency access ended.
    BreakGlassClosed {
        identity: String,
        minutes: Ticks,
    },

    // --- the adversary (truth; the trainee sees it only through logs and alerts) ---
    /// The attacker found a leaked credential; `valid` says whether it still worked.
    AdversaryDiscoveredLeak {
        credential: String,
        valid: bool,
    },
    /// The attacker extended its foothold along an edge.
    AdversaryMoved {
        from: String,
        to: String,
        edge: String,
    },
    /// The attacker holds a live session of an identity until `expires_at`.
    AdversarySessionOpened {
        identity: String,
        via: String,
        expires_at: Ticks,
    },
    /// An attacker session reached its TTL.
    SessionExpired {
        identity: String,
    },
    /// The attacker no longer controls a node it controlled.
    AdversaryLostAccess {
        node: String,
    },
    /// The attacker minted its own credential.
    PersistenceCreated {
        credential: String,
        identity: String,
        store: String,
    },
    /// The trainee found a persistence credential.
    PersistenceFound {
        credential: String,
        by: String,
    },
    /// Data started leaving a sensitive resource.
    Exfiltration {
        resource: String,
        sensitivity: Sensitivity,
    },
    /// Exfiltration from a resource stopped (`total` minutes so far).
    ExfiltrationStopped {
        resource: String,
        minutes: Ticks,
        total: Ticks,
    },
    /// An audit record of an attacker action, with its tell-tale attributes.
    Audit {
        action: String,
        identity: Option<String>,
        credential: Option<String>,
        target: Option<String>,
        outcome: String,
        source_ip: String,
        asn: String,
        location: String,
        user_agent: String,
    },

    // --- supervision ---
    /// A sign-off was requested.
    SignoffRequested {
        request: u32,
        command: String,
        rollback: String,
        tier: Tier,
        confidence: Option<u8>,
    },
    /// A sign-off was granted; the command executes now.
    SignoffApproved {
        request: u32,
        by: String,
        reason: String,
    },
    /// A sign-off was refused.
    SignoffRejected {
        request: u32,
        by: String,
        reason: String,
    },
    /// A command ran; its effects follow. `number` is the action number `rollback` uses.
    CommandExecuted {
        number: u32,
        text: String,
        tier: Tier,
        confidence: Option<u8>,
    },
    /// A scripted command was refused (scripts go on; interactive input is just rejected).
    CommandRejected {
        text: String,
        reason: String,
    },
    /// An earlier action was undone.
    RolledBack {
        action: u32,
        text: String,
    },
    /// A guided-mode hint was shown, at a cost.
    HintShown {
        hint: u32,
        penalty: u32,
        text: String,
    },
    /// Shadow mode: the expert's next step plays.
    ExpertStep {
        step: u32,
        text: String,
        why: Option<String>,
    },
    /// Shadow mode: a prediction of the expert's next step was scored.
    PredictionScored {
        step: u32,
        predicted: String,
        expected: String,
        points: u32,
    },

    // --- governance ---
    IncidentDeclared {
        severity: IncidentSeverity,
    },
    OwnerNotified {
        team: String,
    },
    Note {
        text: String,
    },

    // --- investigation results ---
    /// `inspect`: a node's attributes, including evidence such as `last_used`.
    Inspected {
        node: String,
        attributes: Vec<Attribute>,
    },
    /// `logs`: audit entries touching a node in the last `since` ticks.
    LogsRead {
        node: String,
        since: Ticks,
        entries: Vec<LogEntry>,
    },
    /// `paths`: the blast radius of a node in the trainee's view.
    PathsShown {
        node: String,
        reached: Vec<PathEntry>,
    },
    /// `owners`: who owns a node.
    OwnersShown {
        node: String,
        owner: Option<String>,
        members: Vec<String>,
    },

    // --- objectives and the end ---
    ObjectiveMet {
        objective: String,
    },
    ObjectiveFailed {
        objective: String,
        reason: String,
    },
    /// The drill's clock reached its end.
    DrillEnded,
}

impl EventKind {
    /// The stable kebab-case name (`credential-revoked`).
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::CredentialLeaked { .. } => "credential-leaked",
            EventKind::Alert { .. } => "alert",
            EventKind::NoiseAlert { .. } => "noise-alert",
            EventKind::TicketOpened { .. } => "ticket-opened",
            EventKind::WorkloadCompromised { .. } => "workload-compromised",
            EventKind::CredentialRevoked { .. } => "credential-revoked",
            EventKind::CredentialRotated { .. } => "credential-rotated",
            EventKind::CredentialDelivered { .. } => "credential-delivered",
            EventKind::OldVersionExpired { .. } => "old-version-expired",
            EventKind::CredentialExpired { .. } => "credential-expired",
            EventKind::CredentialIssued { .. } => "credential-issued",
            EventKind::CredentialAttached { .. } => "credential-attached",
            EventKind::CredentialDetached { .. } => "credential-detached",
            EventKind::WorkloadDown { .. } => "workload-down",
            EventKind::WorkloadUp { .. } => "workload-up",
            EventKind::WorkloadRedeployed { .. } => "workload-redeployed",
            EventKind::WorkloadQuarantined { .. } => "workload-quarantined",
            EventKind::WorkloadRestored { .. } => "workload-restored",
            EventKind::HiddenHolderRevealed { .. } => "hidden-holder-revealed",
            EventKind::NodeRevealed { .. } => "node-revealed",
            EventKind::IdentityDisabled { .. } => "identity-disabled",
            EventKind::IdentityEnabled { .. } => "identity-enabled",
            EventKind::SessionsRevoked { .. } => "sessions-revoked",
            EventKind::GrantScopedDown { .. } => "grant-scoped-down",
            EventKind::GrantRemoved { .. } => "grant-removed",
            EventKind::GrantAdded { .. } => "grant-added",
            EventKind::IdentityCreated { .. } => "identity-created",
            EventKind::BreakGlassOpened { .. } => "break-glass-opened",
            EventKind::BreakGlassClosed { .. } => "break-glass-closed",
            EventKind::AdversaryDiscoveredLeak { .. } => "adversary-discovered-leak",
            EventKind::AdversaryMoved { .. } => "adversary-moved",
            EventKind::AdversarySessionOpened { .. } => "adversary-session-opened",
            EventKind::SessionExpired { .. } => "session-expired",
            EventKind::AdversaryLostAccess { .. } => "adversary-lost-access",
            EventKind::PersistenceCreated { .. } => "persistence-created",
            EventKind::PersistenceFound { .. } => "persistence-found",
            EventKind::Exfiltration { .. } => "exfiltration",
            EventKind::ExfiltrationStopped { .. } => "exfiltration-stopped",
            EventKind::Audit { .. } => "audit",
            EventKind::SignoffRequested { .. } => "signoff-requested",
            EventKind::SignoffApproved { .. } => "signoff-approved",
            EventKind::SignoffRejected { .. } => "signoff-rejected",
            EventKind::CommandExecuted { .. } => "command-executed",
            EventKind::CommandRejected { .. } => "command-rejected",
            EventKind::RolledBack { .. } => "rolled-back",
            EventKind::HintShown { .. } => "hint-shown",
            EventKind::ExpertStep { .. } => "expert-step",
            EventKind::PredictionScored { .. } => "prediction-scored",
            EventKind::IncidentDeclared { .. } => "incident-declared",
            EventKind::OwnerNotified { .. } => "owner-notified",
            EventKind::Note { .. } => "note",
            EventKind::Inspected { .. } => "inspected",
            EventKind::LogsRead { .. } => "logs-read",
            EventKind::PathsShown { .. } => "paths-shown",
            EventKind::OwnersShown { .. } => "owners-shown",
            EventKind::ObjectiveMet { .. } => "objective-met",
            EventKind::ObjectiveFailed { .. } => "objective-failed",
            EventKind::DrillEnded => "drill-ended",
        }
    }

    /// Whether the trainee sees this event as it happens. The attacker's moves, sessions,
    /// persistence and exfiltration, and the objectives' verdicts, are truth for the debrief;
    /// the trainee learns of them only through alerts and investigation.
    pub fn visible_to_trainee(&self) -> bool {
        !matches!(
            self,
            EventKind::CredentialLeaked { .. }
                | EventKind::WorkloadCompromised { .. }
                | EventKind::AdversaryDiscoveredLeak { .. }
                | EventKind::AdversaryMoved { .. }
                | EventKind::AdversarySessionOpened { .. }
                | EventKind::SessionExpired { .. }
                | EventKind::AdversaryLostAccess { .. }
                | EventKind::PersistenceCreated { .. }
                | EventKind::Exfiltration { .. }
                | EventKind::ExfiltrationStopped { .. }
                | EventKind::Audit { .. }
                | EventKind::ObjectiveMet { .. }
                | EventKind::ObjectiveFailed { .. }
        )
    }

    /// Whether this is an action of the attacker (for comparing attacker paths).
    pub fn is_adversary(&self) -> bool {
        matches!(
            self,
            EventKind::AdversaryDiscoveredLeak { .. }
                | EventKind::AdversaryMoved { .. }
                | EventKind::AdversarySessionOpened { .. }
                | EventKind::PersistenceCreated { .. }
                | EventKind::Exfiltration { .. }
                | EventKind::Audit { .. }
        )
    }

    /// A short human description, without the kind's name.
    #[allow(clippy::match_same_arms)] // one arm per kind reads as a table
    pub fn describe(&self) -> String {
        match self {
            EventKind::CredentialLeaked {
                credential,
                version,
                via,
            } => format!("{credential} v{version} exposed via {via}"),
            EventKind::Alert {
                source,
                severity,
                message,
                ..
            } => format!("[{severity}] {source}: {message}"),
            EventKind::NoiseAlert {
                source,
                severity,
                message,
                ..
            } => format!("[{severity}] {source}: {message}"),
            EventKind::TicketOpened {
                ticket, message, ..
            } => format!("{ticket}: {message}"),
            EventKind::WorkloadCompromised { workload } => workload.clone(),
            EventKind::CredentialRevoked { credential }
            | EventKind::CredentialExpired { credential } => credential.clone(),
            EventKind::CredentialRotated {
                credential,
                version,
                grace,
            } => format!("{credential} → v{version}, grace {grace}m"),
            EventKind::CredentialDelivered {
                credential,
                workload,
                version,
            } => format!("{credential} v{version} → {workload}"),
            EventKind::OldVersionExpired {
                credential,
                version,
            } => format!("{credential} ≤v{version} dead"),
            EventKind::CredentialIssued {
                credential,
                identity,
                ..
            } => format!("{credential} for {identity}"),
            EventKind::CredentialAttached {
                credential,
                workload,
            } => format!("{credential} → {workload}"),
            EventKind::CredentialDetached {
                credential,
                workload,
            } => format!("{credential} ↛ {workload}"),
            EventKind::WorkloadDown {
                workload,
                criticality,
                reason,
                trainee_caused,
            } => format!(
                "{workload} ({criticality}): {reason}{}",
                if *trainee_caused { " [trainee]" } else { "" }
            ),
            EventKind::WorkloadUp {
                workload,
                outage_minutes,
                weighted_minutes,
            } => format!("{workload} after {outage_minutes}m (weighted {weighted_minutes})"),
            EventKind::WorkloadRedeployed { workload, versions } => {
                let v: Vec<String> = versions
                    .iter()
                    .map(|h| format!("{} v{}", h.credential, h.version))
                    .collect();
                format!("{workload} [{}]", v.join(", "))
            }
            EventKind::WorkloadQuarantined { workload }
            | EventKind::WorkloadRestored { workload } => workload.clone(),
            EventKind::HiddenHolderRevealed {
                workload,
                credential,
            } => match credential {
                Some(c) => format!("{workload} holds {c}"),
                None => workload.clone(),
            },
            EventKind::NodeRevealed { node } => node.clone(),
            EventKind::IdentityDisabled { identity }
            | EventKind::IdentityEnabled { identity }
            | EventKind::BreakGlassOpened { identity } => identity.clone(),
            EventKind::SessionsRevoked {
                identity,
                adversary_sessions,
            } => format!("{identity} ({adversary_sessions} attacker session(s))"),
            EventKind::GrantScopedDown {
                identity,
                resource,
                from,
                to,
            } => format!("{identity} on {resource}: {from} → {to}"),
            EventKind::GrantRemoved {
                identity,
                resource,
                permission,
            } => format!("{identity} on {resource} ({permission})"),
            EventKind::GrantAdded {
                identity,
                resource,
                from,
                permission,
            } => match from {
                Some(f) => format!("{identity} on {resource}: {f} → {permission}"),
                None => format!("{identity} on {resource}: {permission}"),
            },
            EventKind::IdentityCreated {
                identity,
                identity_kind,
                owner,
            } => format!("{identity} ({identity_kind}, owner {owner})"),
            EventKind::BreakGlassClosed { identity, minutes } => {
                format!("{identity} after {minutes}m")
            }
            EventKind::AdversaryDiscoveredLeak { credential, valid } => format!(
                "{credential} ({})",
                if *valid { "valid" } else { "already dead" }
            ),
            EventKind::AdversaryMoved { from, to, edge } => format!("{from} -{edge}→ {to}"),
            EventKind::AdversarySessionOpened {
                identity,
                via,
                expires_at,
            } => format!("{identity} via {via} until {}", format_clock(*expires_at)),
            EventKind::SessionExpired { identity } => identity.clone(),
            EventKind::AdversaryLostAccess { node } => node.clone(),
            EventKind::PersistenceCreated {
                credential,
                identity,
                store,
            } => format!("{credential} for {identity} in {store}"),
            EventKind::PersistenceFound { credential, by } => format!("{credential} by {by}"),
            EventKind::Exfiltration {
                resource,
                sensitivity,
            } => format!("{resource} ({sensitivity})"),
            EventKind::ExfiltrationStopped {
                resource,
                minutes,
                total,
            } => format!("{resource} after {minutes}m (total {total}m)"),
            EventKind::Audit {
                action,
                identity,
                credential,
                target,
                outcome,
                source_ip,
                user_agent,
                ..
            } => {
                let mut s = action.clone();
                if let Some(i) = identity {
                    s.push_str(&format!(" as {i}"));
                }
                if let Some(c) = credential {
                    s.push_str(&format!(" with {c}"));
                }
                if let Some(t) = target {
                    s.push_str(&format!(" on {t}"));
                }
                format!("{s}: {outcome} from {source_ip} ({user_agent})")
            }
            EventKind::SignoffRequested {
                request,
                command,
                tier,
                ..
            } => format!("#{request} {command} ({tier})"),
            EventKind::SignoffApproved {
                request,
                by,
                reason,
            }
            | EventKind::SignoffRejected {
                request,
                by,
                reason,
            } => format!("#{request} by {by}: {reason}"),
            EventKind::CommandExecuted {
                number,
                text,
                tier,
                confidence,
            } => match confidence {
                Some(c) => format!("#{number} {text} ({tier}, {c}%)"),
                None => format!("#{number} {text} ({tier})"),
            },
            EventKind::CommandRejected { text, reason } => format!("{text}: {reason}"),
            EventKind::RolledBack { action, text } => format!("#{action} {text}"),
            EventKind::HintShown { penalty, text, .. } => format!("(-{penalty}) {text}"),
            EventKind::ExpertStep { step, text, .. } => format!("step {step}: {text}"),
            EventKind::PredictionScored {
                predicted,
                expected,
                points,
                ..
            } => format!("{predicted} vs {expected}: {points} point(s)"),
            EventKind::IncidentDeclared { severity } => severity.to_string(),
            EventKind::OwnerNotified { team } => team.clone(),
            EventKind::Note { text } => text.clone(),
            EventKind::Inspected { node, attributes } => {
                format!("{node} ({} attributes)", attributes.len())
            }
            EventKind::LogsRead {
                node,
                since,
                entries,
            } => format!("{node} last {since}m: {} entries", entries.len()),
            EventKind::PathsShown { node, reached } => {
                format!("{node} reaches {} node(s)", reached.len())
            }
            EventKind::OwnersShown { node, owner, .. } => {
                format!(
                    "{node}: {}",
                    owner.as_deref().unwrap_or("no owner recorded")
                )
            }
            EventKind::ObjectiveMet { objective } => objective.clone(),
            EventKind::ObjectiveFailed { objective, reason } => format!("{objective}: {reason}"),
            EventKind::DrillEnded => String::new(),
        }
    }
}

/// One state change of a session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub id: EventId,
    pub tick: Ticks,
    pub cause: Cause,
    #[serde(flatten)]
    pub kind: EventKind,
}

impl Event {
    /// The canonical JSON line of this event (what the digest hashes), without the newline.
    pub fn canonical_json(&self) -> String {
        serde_json::to_string(self).expect("events serialise: every field is a plain value")
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cause::Input(i) => write!(f, "input {i}"),
            Cause::Event(e) => write!(f, "{e}"),
            Cause::Inject(id) => write!(f, "inject {id}"),
            Cause::Clock => f.write_str("clock"),
        }
    }
}

impl fmt::Display for Event {
    /// One timeline line: `T+0:13  e5  credential-revoked  tok-deploy  ← input 1`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = self.kind.describe();
        let head = format!(
            "{:<8} {:<5} {:<26}",
            format_clock(self.tick),
            self.id.to_string(),
            self.kind.name()
        );
        if what.is_empty() {
            write!(f, "{}  ← {}", head.trim_end(), self.cause)
        } else {
            write!(f, "{head} {what}  ← {}", self.cause)
        }
    }
}

/// Renders events as a plain-text timeline, one line each.
pub fn render_timeline(events: &[Event]) -> String {
    let mut out = String::new();
    for e in events {
        out.push_str(&e.to_string());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_serialise_with_stable_kebab_case_names() {
        let e = Event {
            id: EventId(4),
            tick: 13,
            cause: Cause::Input(2),
            kind: EventKind::CredentialRevoked {
                credential: "tok-deploy".into(),
            },
        };
        assert_eq!(
            e.canonical_json(),
            r#"{"id":4,"tick":13,"cause":{"input":2},"kind":"credential-revoked","credential":"tok-deploy"}"#
        );
        let back: Event = serde_json::from_str(&e.canonical_json()).unwrap();
        assert_eq!(back, e);
        let clock = Event {
            id: EventId(5),
            tick: 240,
            cause: Cause::Clock,
            kind: EventKind::DrillEnded,
        };
        assert_eq!(
            clock.canonical_json(),
            r#"{"id":5,"tick":240,"cause":"clock","kind":"drill-ended"}"#
        );
    }

    #[test]
    fn the_kind_name_matches_the_serialised_tag() {
        let k = EventKind::OldVersionExpired {
            credential: "c".into(),
            version: 1,
        };
        let v = serde_json::to_value(&k).unwrap();
        assert_eq!(v["kind"], k.name());
    }
}
