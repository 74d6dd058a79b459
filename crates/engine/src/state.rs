//! The mutable truth kept beside the estate graph: credential versions, workload outages,
//! disabled identities, actions taken, sign-off requests and the timer queue.
//!
//! State is kept only for nodes something has happened to (a `BTreeMap` keyed by node);
//! every other node is in its initial state. That keeps a session's construction and
//! checkpoints proportional to what happened, not to the size of the estate.

use drillhall_estate::{EdgeId, EdgeKind, NodeId, Ticks};
use drillhall_scenario::command::Command;

use crate::event::{EventId, Tier};

/// A credential's versions. Version 1 is the one the scenario starts with.
#[derive(Clone, Debug)]
pub(crate) struct CredState {
    /// The newest version.
    pub version: u32,
    /// The oldest version still alive.
    pub min_valid: u32,
    /// Revoked: every version is dead.
    pub revoked: Option<EventId>,
    /// The newest version expired (a TTL or the scenario's `expires`).
    pub expired: Option<EventId>,
    /// Versions up to `.0` were killed by event `.1` (rotation grace ended, TTL).
    pub kills: Vec<(u32, EventId)>,
    /// The newest version that ever leaked or reached the attacker (0: never).
    pub exposed: u32,
    /// Minted by the attacker.
    pub persistence: bool,
}

pub(crate) static FRESH_CRED: CredState = CredState {
    version: 1,
    min_valid: 1,
    revoked: None,
    expired: None,
    kills: Vec::new(),
    exposed: 0,
    persistence: false,
};

impl CredState {
    /// Whether `version` works now.
    pub fn version_valid(&self, version: u32) -> bool {
        self.revoked.is_none()
            && self.expired.is_none()
            && version >= self.min_valid
            && version <= self.version
    }

    /// The event that killed `version`, if it is dead.
    pub fn killed_by(&self, version: u32) -> Option<EventId> {
        if let Some(e) = self.revoked {
            return Some(e);
        }
        if let Some(e) = self.expired {
            return Some(e);
        }
        self.kills
            .iter()
            .find(|(upto, _)| version <= *upto)
            .map(|&(_, e)| e)
    }
}

/// A workload's health and outage record.
#[derive(Clone, Debug, Default)]
pub(crate) struct WorkState {
    pub down: Option<Down>,
    pub quarantined: Option<EventId>,
    /// Minutes down in closed outages.
    pub outage_total: Ticks,
    /// Bumped at every outage start, so stale outage checks can tell.
    pub serial: u32,
}

pub(crate) static FRESH_WORK: WorkState = WorkState {
    down: None,
    quarantined: None,
    outage_total: 0,
    serial: 0,
};

/// An open outage.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Down {
    pub since: Ticks,
    pub event: EventId,
}

/// What a reversible action changed, so `rollback` can put it back.
#[derive(Clone, Debug)]
pub(crate) enum Undo {
    /// A grant's previous kind and whether it was enabled (`None`: the grant was new).
    Grant {
        edge: EdgeId,
        before: Option<(EdgeKind, bool)>,
    },
    Disable(NodeId),
    Quarantine(NodeId),
    BreakGlass(NodeId),
}

/// An executed command.
#[derive(Clone, Debug)]
pub(crate) struct Action {
    pub text: String,
    pub undo: Result<Undo, String>,
    pub rolled_back: bool,
}

/// A sign-off request.
#[derive(Clone, Debug)]
pub(crate) struct Signoff {
    pub command: Command,
    pub rollback: String,
    pub tier: Tier,
    pub confidence: Option<u8>,
    pub requested_at: Ticks,
    pub event: EventId,
    pub answer: Option<(bool, EventId)>,
}

/// Something scheduled to happen at a tick.
#[derive(Clone, Debug)]
pub(crate) enum Timer {
    Inject(usize),
    Noise(usize),
    /// The attacker finds leaked credentials: `(credential, version leaked, leak event)`.
    Discovery(Vec<(NodeId, u32, EventId)>),
    AdversaryAttempt,
    SessionExpiry {
        identity: NodeId,
        serial: u64,
    },
    VersionExpiry {
        credential: NodeId,
        upto: u32,
        cause: Option<EventId>,
    },
    Delivery {
        credential: NodeId,
        edge: EdgeId,
        version: u32,
        cause: EventId,
    },
    JobRun(NodeId),
    ReviewerAnswer(u32),
    Detection {
        detection: usize,
        cause: EventId,
        message: String,
    },
    OutageCheck {
        objective: usize,
        workload: NodeId,
        serial: u32,
    },
    Deadline(usize),
    ExpertStep(usize),
}
