//! Policies: whatever decides the trainee's next input, seeing only the [`TraineeView`].
//!
//! A [`Policy`] is asked for one [`Input`] at a time and given nothing but a fresh view of
//! what the trainee knows. Action files and the scenario's expert and known-bad responses
//! ([`ScriptPolicy`]), the terminal UI and the bots of the lab all drive sessions this way,
//! so none of them can act on truth the trainee does not have. [`Session::play`] is the
//! loop: view, ask, apply, record, until the policy is done or the drill is over.

use std::io;

use drillhall_scenario::command::Command;
use drillhall_scenario::drill::{Mode, Step};

use crate::journal::JournalSink;
use crate::session::{Input, Rejection, Session};
use crate::view::TraineeView;

/// Decides the trainee's next input from what the trainee can see.
pub trait Policy {
    /// The next input, or `None` when the policy has nothing more to do (the drill then
    /// runs to its end). A policy must make progress: [`Session::play`] asks again after a
    /// refused input, so one that repeats a refused input forever never returns.
    fn next_input(&mut self, view: &TraineeView) -> Option<Input>;

    /// Told when the session refused the last input without recording it (a prediction of
    /// a step already predicted, a zero advance). Refused commands are recorded as
    /// `command-rejected` and are not reported here.
    fn refused(&mut self, input: &Input, rejection: &Rejection) {
        let _ = (input, rejection);
    }
}

/// Plays a script: it waits for each step's tick (a step whose tick has passed runs at
/// once) and gives the step as [`input_for`] reads it. In shadow mode, where the expert
/// acts, each step is a prediction of the expert's next one.
#[derive(Clone, Debug)]
pub struct ScriptPolicy<'a> {
    steps: std::borrow::Cow<'a, [Step]>,
    next: usize,
}

impl<'a> ScriptPolicy<'a> {
    /// A policy playing `steps` in order.
    pub fn new(steps: &'a [Step]) -> ScriptPolicy<'a> {
        ScriptPolicy {
            steps: std::borrow::Cow::Borrowed(steps),
            next: 0,
        }
    }
}

impl ScriptPolicy<'static> {
    /// A policy playing steps it owns (a response built from another, such as the expert
    /// without one step).
    pub fn owned(steps: Vec<Step>) -> ScriptPolicy<'static> {
        ScriptPolicy {
            steps: std::borrow::Cow::Owned(steps),
            next: 0,
        }
    }
}

impl Policy for ScriptPolicy<'_> {
    fn next_input(&mut self, view: &TraineeView) -> Option<Input> {
        let step = self.steps.get(self.next)?;
        if step.at > view.tick() {
            return Some(Input::Advance(step.at - view.tick()));
        }
        self.next += 1;
        Some(input_for(
            view.mode(),
            step.command.clone(),
            step.confidence,
        ))
    }
}

/// What a command typed or scripted means as an input in `mode`: a command, or in shadow
/// mode a prediction. `wait N` is time passing, in every mode: the input is
/// `advance(N)`, the same one a script gives between its steps, so it is journaled as an
/// advance and is never a numbered action (`rollback #N` counts the same actions whether
/// the response was typed in the terminal UI or read from an action file).
pub fn input_for(mode: Mode, command: Command, confidence: Option<u8>) -> Input {
    match (mode, command) {
        (_, Command::Wait { ticks }) => Input::Advance(ticks),
        (Mode::Shadow, command) => Input::Predict(command),
        (_, command) => Input::Command {
            command,
            confidence,
        },
    }
}

impl Session {
    /// Lets `policy` drive the session from where it is to the end of the drill, writing
    /// each input to `journal` as it is taken, and finishing the journal at the end.
    /// Refused commands are recorded as `command-rejected` and play goes on, as in a
    /// script ([`Session::apply_or_record`]).
    ///
    /// # Errors
    /// Writing the journal failed.
    pub fn play(
        &mut self,
        policy: &mut dyn Policy,
        mut journal: Option<&mut dyn JournalSink>,
    ) -> io::Result<()> {
        while !self.is_over() {
            let view = self.view();
            let Some(input) = policy.next_input(&view) else {
                break;
            };
            if let Err(r) = self.apply_or_record(input.clone()) {
                policy.refused(&input, &r);
            }
            if let Some(j) = journal.as_deref_mut() {
                j.record(self)?;
            }
        }
        self.finish();
        if let Some(j) = journal {
            j.finish(self)?;
        }
        Ok(())
    }
}
