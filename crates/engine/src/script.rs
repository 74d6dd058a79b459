//! Scripts: a response as a list of timed commands, run headless.
//!
//! A [`Script`] comes from a scenario's `expert` or `known_bad` steps, or from an action
//! file in one of two forms: a YAML list of steps exactly like `expert:`
//!
//! ```yaml
//! - { at: 13m, do: "logs tok-deploy" }
//! - { at: 15m, do: "request-signoff \"rotate tok-deploy --grace 5m\" --rollback \"…\"", confidence: 80 }
//! ```
//!
//! or plain text, one step a line, `#` starting a comment line, an optional confidence
//! after the time:
//!
//! ```text
//! 13m logs tok-deploy
//! 15m 80% request-signoff "rotate tok-deploy --grace 5m" --rollback "keep the old one for 5m"
//! ```
//!
//! [`run_script`] advances to each step's tick (a step whose tick has passed runs at once),
//! applies it, and finishes the drill. A refused step is recorded as `command-rejected` and
//! the run goes on: a trainee's script can contain mistakes.

use std::fmt;
use std::io;

use drillhall_estate::Ticks;
use drillhall_scenario::command::Command;
use drillhall_scenario::format::{Mode, StepSpec};
use drillhall_scenario::values::At;
use drillhall_scenario::{Scenario, parse_duration};

use crate::journal::JournalSink;
use crate::session::{Input, Session, SessionOptions};

/// One timed step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub at: Ticks,
    /// The command text.
    pub text: String,
    pub confidence: Option<u8>,
    /// Where the step was written (1-based; 0 when unknown).
    pub line: u32,
}

/// A named list of steps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Script {
    pub name: String,
    pub steps: Vec<Step>,
}

/// A script that cannot be read, located.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ScriptError {
    pub file: String,
    pub line: u32,
    pub col: u32,
    pub message: String,
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.col, self.message
            )
        } else {
            write!(f, "{}: {}", self.file, self.message)
        }
    }
}

impl Script {
    /// Steps in the scenario format.
    pub fn from_steps(name: &str, steps: &[At<StepSpec>]) -> Script {
        Script {
            name: name.to_owned(),
            steps: steps
                .iter()
                .map(|s| Step {
                    at: s.at.value.ticks(),
                    text: s.command.value.clone(),
                    confidence: s.confidence.as_ref().map(|c| c.value),
                    line: s.command.loc.line,
                })
                .collect(),
        }
    }

    /// The scenario's expert response.
    pub fn expert(scenario: &Scenario) -> Script {
        Script::from_steps("expert", &scenario.file().expert)
    }

    /// One of the scenario's known-bad responses, by name.
    pub fn known_bad(scenario: &Scenario, name: &str) -> Option<Script> {
        scenario
            .file()
            .known_bad
            .get(name)
            .map(|steps| Script::from_steps(name, steps))
    }

    /// Reads an action file, YAML or plain text (YAML when its first step line starts
    /// with `-`).
    pub fn parse(name: &str, text: &str) -> Result<Script, ScriptError> {
        let first = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'));
        match first {
            Some(l) if l.starts_with('-') || l.starts_with('[') => Script::from_yaml(name, text),
            _ => Script::from_plain(name, text),
        }
    }

    /// Reads a YAML list of steps, exactly like `expert:`.
    pub fn from_yaml(name: &str, text: &str) -> Result<Script, ScriptError> {
        let steps: Vec<At<StepSpec>> = serde_saphyr::from_str(text).map_err(|e| {
            let (line, col) = e
                .location()
                .map_or((0, 0), |l| (l.line() as u32, l.column() as u32));
            ScriptError {
                file: name.to_owned(),
                line,
                col,
                message: e.without_snippet().to_string(),
            }
        })?;
        for s in &steps {
            if let Err(e) = Command::parse(&s.command.value) {
                return Err(ScriptError {
                    file: name.to_owned(),
                    line: s.command.loc.line,
                    col: s.command.loc.col,
                    message: format!("invalid command `{}`: {}", s.command.value, e.message),
                });
            }
        }
        Ok(Script::from_steps(name, &steps))
    }

    /// Reads plain text: `13m [80%] COMMAND`, `#` comment lines.
    pub fn from_plain(name: &str, text: &str) -> Result<Script, ScriptError> {
        let mut steps = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i as u32 + 1;
            let trimmed = raw.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let indent = raw.len() - trimmed.len();
            let err = |col: usize, message: String| ScriptError {
                file: name.to_owned(),
                line,
                col: col as u32 + 1,
                message,
            };
            let (at_text, rest) = trimmed
                .split_once(char::is_whitespace)
                .unwrap_or((trimmed, ""));
            let at = parse_duration(at_text).ok_or_else(|| {
                err(
                    indent,
                    format!("expected the step's time (`13m`, `1h5m`), found `{at_text}`"),
                )
            })?;
            let mut rest_start = indent + at_text.len();
            let mut rest = rest;
            rest_start += rest.len() - rest.trim_start().len() + 1;
            rest = rest.trim_start();
            let mut confidence = None;
            if let Some((word, after)) = rest.split_once(char::is_whitespace)
                && let Some(p) = word.strip_suffix('%')
            {
                let value: u8 = p.parse().map_err(|_| {
                    err(
                        rest_start,
                        format!("expected a confidence such as `80%`, found `{word}`"),
                    )
                })?;
                confidence = Some(value);
                rest_start += word.len() + (after.len() - after.trim_start().len()) + 1;
                rest = after.trim_start();
            }
            if rest.is_empty() {
                return Err(err(
                    rest_start.min(raw.len()),
                    "a step needs a command after its time".into(),
                ));
            }
            if let Err(e) = Command::parse(rest) {
                let mut message = e.message;
                if let Some(s) = e.suggestion {
                    message.push_str(&format!(" (did you mean `{s}`?)"));
                }
                return Err(err(rest_start + e.offset, message));
            }
            steps.push(Step {
                at,
                text: rest.to_owned(),
                confidence,
                line,
            });
        }
        Ok(Script {
            name: name.to_owned(),
            steps,
        })
    }
}

/// Why a script could not be run.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("{script}: step at line {line}: `{text}` is not a command: {message}")]
    BadStep {
        script: String,
        line: u32,
        text: String,
        message: String,
    },
    #[error("writing the journal failed: {0}")]
    Journal(#[from] io::Error),
}

/// Runs a script from the start of a fresh session to the end of the drill, writing a
/// journal as it goes if given one. In shadow mode each step is a prediction of the
/// expert's next step.
pub fn run_script(
    scenario: &Scenario,
    seed: u64,
    mode: Mode,
    script: &Script,
    journal: Option<&mut dyn JournalSink>,
) -> Result<Session, RunError> {
    run_script_with(
        scenario,
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
    scenario: &Scenario,
    seed: u64,
    options: &SessionOptions,
    script: &Script,
    mut journal: Option<&mut dyn JournalSink>,
) -> Result<Session, RunError> {
    let mut session = Session::with_options(scenario, seed, options);
    for step in &script.steps {
        if session.is_over() {
            break;
        }
        let command = Command::parse(&step.text).map_err(|e| RunError::BadStep {
            script: script.name.clone(),
            line: step.line,
            text: step.text.clone(),
            message: e.message,
        })?;
        if step.at > session.tick() {
            let _ = session.advance(step.at - session.tick());
            if session.is_over() {
                break;
            }
        }
        let input = if session.mode() == Mode::Shadow {
            Input::Predict(command)
        } else {
            Input::Command {
                command,
                confidence: step.confidence,
            }
        };
        // Refused commands are recorded as `command-rejected`; the refusals that are not
        // (a prediction of a step already predicted) change nothing and are skipped.
        let _ = session.apply_or_record(input);
        if let Some(j) = journal.as_deref_mut() {
            j.record(&session)?;
        }
    }
    session.finish();
    if let Some(j) = journal {
        j.finish(&session)?;
    }
    Ok(session)
}
