//! Running scripts: a response as a list of timed commands, played headless.
//!
//! A [`Script`] (read by drillhall-scenario from a drill's `expert` or `known_bad` steps, or
//! from an action file) is played by [`run_script`] through a [`ScriptPolicy`]: it advances
//! to each step's tick (a step whose tick has passed runs at once), applies it, and finishes
//! the drill. A refused step
//! is recorded as `command-rejected` and the run goes on: a trainee's script can contain
//! mistakes.

use std::io;
use std::sync::Arc;

use drillhall_scenario::Drill;
use drillhall_scenario::drill::Mode;
pub use drillhall_scenario::drill::Step;
pub use drillhall_scenario::script::{Script, ScriptError};

use crate::journal::JournalSink;
use crate::policy::ScriptPolicy;
use crate::session::{Session, SessionOptions};

/// Why a script could not be run.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("writing the journal failed: {0}")]
    Journal(#[from] io::Error),
}

/// Runs a script from the start of a fresh session to the end of the drill, writing a
/// journal as it goes if given one. In shadow mode each step is a prediction of the
/// expert's next step.
pub fn run_script(
    drill: &Arc<Drill>,
    seed: u64,
    mode: Mode,
    script: &Script,
    journal: Option<&mut dyn JournalSink>,
) -> Result<Session, RunError> {
    run_script_with(
        drill,
        seed,
        &SessionOptions {
            mode: Some(mode),
            simulated_reviewer: true,
        },
        script,
        journal,
    )
}

/// [`run_script`] with explicit session options.
pub fn run_script_with(
    drill: &Arc<Drill>,
    seed: u64,
    options: &SessionOptions,
    script: &Script,
    journal: Option<&mut dyn JournalSink>,
) -> Result<Session, RunError> {
    let mut session = Session::with_options(drill, seed, options);
    session.play(&mut ScriptPolicy::new(&script.steps), journal)?;
    Ok(session)
}
