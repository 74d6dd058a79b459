//! The drillhall engine: a deterministic, seeded state machine that plays one scenario.
//!
//! The principal type in this crate is a [`Session`]: one compiled [`Drill`],
//! one seed, one supervision mode. Inputs are trainee commands at the current tick and
//! `advance(n)`; every state change is an [`Event`] that names its [`Cause`], so a debrief
//! can walk from an outage back to the command that caused it. The same scenario bytes,
//! seed and inputs give a byte-identical event log and [`Session::digest`] on every
//! platform: time is integer ticks, randomness comes from `ChaCha8` key-streams keyed by
//! subsystem, subject and attempt number ([`dice`]), and nothing iterates a hash map.
//!
//! Around the session: [`journal`] records inputs as JSON Lines and replays them,
//! [`script`] runs a scenario's expert response or an action file headless, and
//! [`render_timeline`] prints the event log. Scoring and the after-action debrief are
//! built on top of this crate, in `drillhall-debrief`.
// Byte-slicing user text panics on a character boundary: every slice of a string is by
// `get`, by a boundary the code found, or allowed with the reason at the site.
#![warn(clippy::string_slice)]

mod actions;
mod adversary;
pub mod dice;
mod event;
mod injects;
mod investigate;
pub mod journal;
mod objectives;
mod policy;
mod reactions;
mod rules;
pub mod script;
mod session;
mod state;
mod supervision;
mod topology;
mod view;
mod workloads;

pub use actions::DEFAULT_LOG_WINDOW;
pub use event::{
    Attribute, Cause, Event, EventId, EventKind, HeldVersion, LogEntry, PathEntry, Tier,
    render_timeline,
};
pub use objectives::{ObjectiveState, ObjectiveStatus};
pub use policy::{Policy, ScriptPolicy, input_for};
pub use rules::{ExpertStep, skill_profile};
pub use session::{Input, InputRecord, Rejection, Session, SessionOptions, cost};
pub use supervision::{Assessment, HintPreview, MIN_ROLLBACK_PLAN, PendingSignoff, TierReason};
pub use supervision::{ConfidenceNeed, Requirements};
pub use view::{
    ActionRecord, DEFAULT_OFFERED_GRACE, GraceWindow, NodeStatus, Outage, ShadowProgress, Summary,
    TraineeView,
};

// The words of the drill that front ends speak in, re-exported so that a front end (the
// terminal UI, a bot) depends on the engine alone and never on the scenario format.
pub use drillhall_estate::{
    CredentialKind, Criticality, Edge, EdgeKind, Env, Estate, IdentityKind, LastUsed, Node,
    NodeClass, NodeId, NodeKind, Permission, Rotation, Sensitivity, Team, Ticks,
};
pub use drillhall_scenario::command::{self, Command, IncidentSeverity, VERBS};
pub use drillhall_scenario::drill::{self, Drill, Mode, Severity};
pub use drillhall_scenario::{format_clock, format_duration, visible};

/// The engine's version, recorded in journals.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");
