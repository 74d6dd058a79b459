//! The replay viewer's state: a recorded journal, a cursor on its clock, and the session as
//! it stood at the cursor.
//!
//! The state at tick `t` is the journal's inputs given before `t` replayed on a fresh
//! session, with an `advance` that runs past `t` cut at `t`, so the cursor can stop inside a
//! quiet stretch. Because the engine is deterministic this *is* the recorded state, and a
//! branch taken from it ("what if I had rotated instead") is an ordinary live session whose
//! own journal starts with those same inputs.

use drillhall_engine::Ticks;
use drillhall_engine::journal::{Journal, ReplayError, replay};
use drillhall_engine::{Input, Session, SessionOptions};
use std::sync::Arc;

use drillhall_engine::Drill;

/// A recorded session being scrubbed.
#[derive(Clone, Debug)]
pub struct ReplayState {
    journal: Journal,
    label: String,
    /// The session before any input.
    start: Session,
    /// The session after every input (the last tick the cursor may reach).
    last: Ticks,
    cursor: Ticks,
    /// Whether the journal has an end line that the replay matched.
    verified: bool,
}

/// One decision of the recorded trainee, for the timeline strip.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// Index of the input in the journal.
    pub index: usize,
    pub tick: Ticks,
    /// The input as the trainee gave it.
    pub text: String,
}

impl ReplayState {
    /// Replays the whole journal once (which checks it against its digest) and puts the
    /// cursor at the start.
    pub fn new(
        drill: &Arc<Drill>,
        journal: Journal,
        label: &str,
    ) -> Result<ReplayState, ReplayError> {
        let outcome = replay(drill, &journal)?;
        let start = Session::with_options(
            drill,
            journal.header.seed,
            &SessionOptions {
                mode: Some(journal.header.mode),
                simulated_reviewer: journal.header.simulated_reviewer,
            },
        );
        Ok(ReplayState {
            last: outcome.session.tick(),
            verified: outcome.verified,
            journal,
            label: label.to_owned(),
            start,
            cursor: 0,
        })
    }

    /// The journal's name.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The journal.
    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// Whether the journal was complete and replayed to its recorded digest.
    pub fn verified(&self) -> bool {
        self.verified
    }

    /// The tick under the cursor.
    pub fn cursor(&self) -> Ticks {
        self.cursor
    }

    /// The last tick the cursor can reach.
    pub fn last(&self) -> Ticks {
        self.last
    }

    /// The trainee's decisions (everything but the clock advancing), in order.
    pub fn decisions(&self) -> Vec<Decision> {
        self.journal
            .inputs
            .iter()
            .enumerate()
            .filter_map(|(i, ji)| {
                let text = match &ji.input {
                    Input::Advance(_) => return None,
                    Input::Command {
                        command,
                        confidence: Some(c),
                    } => format!("{command} ({c}%)"),
                    Input::Command { command, .. } => command.to_string(),
                    Input::Hint => "hint".to_owned(),
                    Input::Predict(c) => format!("predict {c}"),
                    Input::Decide {
                        request, approve, ..
                    } => format!(
                        "{} sign-off #{request}",
                        if *approve { "approve" } else { "reject" }
                    ),
                };
                Some(Decision {
                    index: i,
                    tick: ji.tick,
                    text,
                })
            })
            .collect()
    }

    /// How many of the journal's inputs the state at the cursor has taken (an advance cut
    /// at the cursor counts as taken).
    pub fn inputs_before(&self, tick: Ticks) -> usize {
        self.journal
            .inputs
            .iter()
            .take_while(|ji| ji.tick < tick)
            .count()
    }

    /// The session as it stood at `tick`: every input given before it replayed, an advance
    /// running past it cut at it.
    pub fn session_at(&self, tick: Ticks) -> Session {
        let mut s = self.start.clone();
        for ji in &self.journal.inputs {
            if ji.tick >= tick || s.is_over() {
                break;
            }
            let input = match ji.input {
                Input::Advance(n) if s.tick() + n > tick => Input::Advance(tick - s.tick()),
                _ => ji.input.clone(),
            };
            let cut = input != ji.input;
            // The journal replayed to its digest in `new`, so these inputs are accepted as
            // recorded; a refused scripted command is recorded the way it was then.
            if ji.rejected {
                let _ = s.apply_or_record(input);
            } else {
                let _ = s.apply(input);
            }
            if cut {
                break;
            }
        }
        if s.tick() < tick && !s.is_over() {
            let _ = s.apply(Input::Advance(tick - s.tick()));
        }
        s
    }

    /// Moves the cursor to `tick` (clamped) and returns the state there. A command that
    /// costs ticks moves the clock past the tick it was given at; the cursor follows it.
    pub fn seek(&mut self, tick: Ticks) -> Session {
        let tick = tick.min(self.last);
        let s = self.session_at(tick);
        self.cursor = s.tick().min(self.last).max(tick);
        s
    }

    /// Moves the cursor back to `tick`, or further back to the start of the command that
    /// was running at `tick` (a `logs` given at 0:14 holds the clock until 0:19), and
    /// returns the state there.
    pub fn seek_back(&mut self, tick: Ticks) -> Session {
        let mut t = tick.min(self.last);
        loop {
            let s = self.session_at(t);
            if s.tick() <= t {
                self.cursor = t;
                return s;
            }
            // An input before `t` ran past it: stop before that input instead.
            let Some(ji) = self.journal.inputs.iter().rev().find(|ji| ji.tick < t) else {
                self.cursor = 0;
                return self.start.clone();
            };
            t = ji.tick;
        }
    }

    /// The tick of the next decision after the cursor.
    pub fn next_decision(&self) -> Option<Ticks> {
        self.decisions()
            .into_iter()
            .map(|d| d.tick)
            .find(|&t| t > self.cursor)
    }

    /// The tick of the last decision before the cursor.
    pub fn previous_decision(&self) -> Option<Ticks> {
        self.decisions()
            .into_iter()
            .map(|d| d.tick)
            .rev()
            .find(|&t| t < self.cursor)
    }
}
