//! The trainee's decisions and the expert's steps, for the side-by-side timeline.
//!
//! A decision is a command the trainee gave. Its tier is the tier of what it asks for (a
//! sign-off request carries the tier of the command it names), its outcome says whether and
//! when it ran, and its consequences are the events whose causal chain starts at it.

use drillhall_estate::Ticks;
use serde::Serialize;

use crate::csf::CsfCategory;
use crate::trace::{Trace, action_key, effective, input_command};
use drillhall_engine::ExpertStep;
use drillhall_engine::Session;
use drillhall_engine::{Cause, EventId, EventKind, Tier};

/// What became of a decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum DecisionOutcome {
    /// It ran at `tick` (after a sign-off, when it asked for one).
    Executed { tick: Ticks },
    /// The session refused it, saying why.
    Refused { reason: String },
    /// The reviewer refused the sign-off it asked for.
    SignoffRefused { tick: Ticks, reason: String },
    /// The sign-off it asked for was never answered.
    AwaitingSignoff,
}

impl DecisionOutcome {
    /// A few words: "ran at T+0:18", "refused: …".
    pub fn describe(&self) -> String {
        match self {
            DecisionOutcome::Executed { tick } => {
                format!("ran at {}", drillhall_scenario::format_clock(*tick))
            }
            DecisionOutcome::Refused { reason } => format!("refused: {reason}"),
            DecisionOutcome::SignoffRefused { tick, reason } => format!(
                "sign-off refused at {}: {reason}",
                drillhall_scenario::format_clock(*tick)
            ),
            DecisionOutcome::AwaitingSignoff => "sign-off never answered".to_owned(),
        }
    }
}

/// One event a decision led to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Consequence {
    pub event: EventId,
    pub tick: Ticks,
    /// The event's kind (`workload-down`).
    pub kind: &'static str,
    /// What happened, in words.
    pub text: String,
}

/// One command the trainee gave.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// The input's index (0-based, as in the journal).
    pub input: u32,
    /// When it was given.
    pub tick: Ticks,
    /// The command as given.
    pub command: String,
    /// What it asks for: the command itself, or the one a sign-off request names.
    pub action: String,
    /// The tier of `action` when it was given; absent when the session refused it at once.
    pub tier: Option<Tier>,
    /// The stated confidence (50–100%), if one was stated.
    pub confidence: Option<u8>,
    pub outcome: DecisionOutcome,
    /// The events it led to (investigation output and sign-off bookkeeping left out).
    pub consequences: Vec<Consequence>,
    /// The CSF 2.0 category it exercises.
    pub csf: CsfCategory,
}

/// One step of the expert's response, as it played on the same seed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ParStep {
    /// 1-based position in the response.
    pub step: u32,
    pub tick: Ticks,
    /// The command as the scenario writes it.
    pub command: String,
    /// What it asks for (see [`Decision::action`]).
    pub action: String,
    /// Why the expert does it.
    pub why: Option<String>,
    pub tier: Option<Tier>,
    /// Whether the trainee did the same action (same verb and ids) at some point.
    pub done_by_trainee: bool,
}

/// Whether an event is worth listing as a consequence.
fn notable(kind: &EventKind) -> bool {
    !matches!(
        kind,
        EventKind::CommandExecuted { .. }
            | EventKind::SignoffRequested { .. }
            | EventKind::SignoffApproved { .. }
            | EventKind::SignoffRejected { .. }
            | EventKind::Audit { .. }
            | EventKind::Inspected { .. }
            | EventKind::LogsRead { .. }
            | EventKind::PathsShown { .. }
            | EventKind::OwnersShown { .. }
            | EventKind::Note { .. }
            | EventKind::NoiseAlert { .. }
    )
}

/// The tier of what an input asked for, from the events it caused directly.
pub(crate) fn tier_of_input(session: &Session, input: u32) -> Option<Tier> {
    let mut executed = None;
    for e in session.events() {
        if e.cause != Cause::Input(input) {
            continue;
        }
        match &e.kind {
            EventKind::SignoffRequested { tier, .. } => return Some(*tier),
            EventKind::CommandExecuted { tier, .. } if executed.is_none() => executed = Some(*tier),
            _ => {}
        }
    }
    executed
}

fn outcome(trace: &Trace<'_>, input: u32, rejected: Option<&String>) -> DecisionOutcome {
    if let Some(reason) = rejected {
        return DecisionOutcome::Refused {
            reason: reason.clone(),
        };
    }
    let events = trace.events();
    let direct = Cause::Input(input);
    let requested = events
        .iter()
        .find(|e| e.cause == direct && matches!(e.kind, EventKind::SignoffRequested { .. }));
    let Some(requested) = requested else {
        return events
            .iter()
            .find(|e| e.cause == direct && matches!(e.kind, EventKind::CommandExecuted { .. }))
            .map_or(DecisionOutcome::AwaitingSignoff, |e| {
                DecisionOutcome::Executed { tick: e.tick }
            });
    };
    let answer = events.iter().find(|e| {
        e.cause == Cause::Event(requested.id)
            && matches!(
                e.kind,
                EventKind::SignoffApproved { .. } | EventKind::SignoffRejected { .. }
            )
    });
    match answer.map(|a| (a, &a.kind)) {
        Some((a, EventKind::SignoffRejected { reason, .. })) => DecisionOutcome::SignoffRefused {
            tick: a.tick,
            reason: reason.clone(),
        },
        Some((a, _)) => {
            let ran = events.iter().find(|e| e.cause == Cause::Event(a.id));
            match ran.map(|r| (r, &r.kind)) {
                Some((r, EventKind::CommandExecuted { .. })) => {
                    DecisionOutcome::Executed { tick: r.tick }
                }
                Some((_, EventKind::CommandRejected { reason, .. })) => DecisionOutcome::Refused {
                    reason: reason.clone(),
                },
                _ => DecisionOutcome::Executed { tick: a.tick },
            }
        }
        None => DecisionOutcome::AwaitingSignoff,
    }
}

/// Every command the trainee gave, in order.
pub(crate) fn decisions(trace: &Trace<'_>) -> Vec<Decision> {
    let session = trace.session;
    let mut out = Vec::new();
    for r in session.inputs() {
        let Some((command, confidence)) = input_command(&r.input) else {
            continue;
        };
        let consequences = trace
            .caused_by_input(r.index)
            .filter(|e| notable(&e.kind))
            .map(|e| Consequence {
                event: e.id,
                tick: e.tick,
                kind: e.kind.name(),
                text: e.kind.describe(),
            })
            .collect();
        out.push(Decision {
            input: r.index,
            tick: r.tick,
            command: command.to_string(),
            action: effective(command).to_string(),
            tier: if r.rejected.is_some() {
                None
            } else {
                tier_of_input(session, r.index)
            },
            confidence,
            outcome: outcome(trace, r.index, r.rejected.as_ref()),
            consequences,
            csf: CsfCategory::of_command(command),
        });
    }
    out
}

/// The expert's steps as they played in the par session, each matched against the
/// trainee's decisions.
pub(crate) fn par_steps(
    steps: &[ExpertStep],
    par: &Session,
    decisions: &[Decision],
) -> Vec<ParStep> {
    let done: Vec<(String, Vec<String>)> = decisions
        .iter()
        .filter(|d| !matches!(d.outcome, DecisionOutcome::Refused { .. }))
        .filter_map(|d| drillhall_scenario::command::Command::parse(&d.command).ok())
        .map(|c| action_key(&c))
        .collect();
    // The par session's command inputs are the expert's steps, in order.
    let inputs: Vec<u32> = par
        .inputs()
        .iter()
        .filter(|r| input_command(&r.input).is_some())
        .map(|r| r.index)
        .collect();
    steps
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let parsed = drillhall_scenario::command::Command::parse(&s.text).ok();
            ParStep {
                step: s.index + 1,
                tick: s.at,
                command: s.text.clone(),
                action: parsed
                    .as_ref()
                    .map_or_else(|| s.text.clone(), |c| effective(c).to_string()),
                why: s.why.clone(),
                tier: inputs.get(k).and_then(|&i| tier_of_input(par, i)),
                done_by_trainee: parsed.is_some_and(|c| done.contains(&action_key(&c))),
            }
        })
        .collect()
}
