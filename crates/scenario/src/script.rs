//! Action scripts: a response as a list of timed commands, read from a file.
//!
//! A [`Script`] comes from a scenario's `expert` or `known_bad` steps (see
//! [`Drill`](crate::Drill)), or from an action file in one of two forms: a YAML list of
//! steps exactly like `expert:`
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
//! Action files are read under the same size, depth and alias budgets as scenarios
//! ([`Limits`]), and their problems are located and explained the same way.

use std::fmt;

use crate::command::Command;
use crate::drill::{Step, steps};
use crate::format::StepSpec;
use crate::load::{self, Limits};
use crate::values::{At, Loc};
use crate::{Drill, parse_duration};

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
    /// The drill's expert response.
    pub fn expert(drill: &Drill) -> Script {
        Script {
            name: "expert".to_owned(),
            steps: drill.expert.clone(),
        }
    }

    /// One of the drill's known-bad responses, by name.
    pub fn known_bad(drill: &Drill, name: &str) -> Option<Script> {
        drill.known_bad.get(name).map(|steps| Script {
            name: name.to_owned(),
            steps: steps.clone(),
        })
    }

    /// Reads an action file, YAML or plain text (YAML when its first step line starts
    /// with `-` or `[`).
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
        let limits = Limits::default();
        if text.len() > limits.max_input_bytes {
            let d = load::too_large(name, text.len(), &limits);
            return Err(ScriptError {
                file: name.to_owned(),
                line: 0,
                col: 0,
                message: d.message,
            });
        }
        let specs: Vec<At<StepSpec>> = load::read_as(name, text, &limits).map_err(|d| {
            let mut message = d.message;
            if let Some(h) = d.help {
                message.push_str(&format!(" ({h})"));
            }
            ScriptError {
                file: name.to_owned(),
                line: d.loc.line,
                col: d.loc.col,
                message,
            }
        })?;
        for s in &specs {
            if let Err(e) = Command::parse(&s.command.value) {
                let mut message = format!("invalid command `{}`: {}", s.command.value, e.message);
                if let Some(s) = e.suggestion {
                    message.push_str(&format!(" (did you mean `{s}`?)"));
                }
                return Err(ScriptError {
                    file: name.to_owned(),
                    line: s.command.loc.line,
                    col: s.command.loc.col,
                    message,
                });
            }
        }
        Ok(Script {
            name: name.to_owned(),
            steps: steps(&specs),
        })
    }

    /// Reads plain text: `13m [80%] COMMAND`, `#` comment lines.
    pub fn from_plain(name: &str, text: &str) -> Result<Script, ScriptError> {
        let mut out = Vec::new();
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
            let command = Command::parse(rest).map_err(|e| {
                let mut message = e.message;
                if let Some(s) = e.suggestion {
                    message.push_str(&format!(" (did you mean `{s}`?)"));
                }
                err(rest_start + e.offset, message)
            })?;
            out.push(Step {
                index: out.len() as u32,
                at,
                command,
                text: rest.to_owned(),
                why: None,
                confidence,
                loc: Loc::new(line, rest_start as u32 + 1),
            });
        }
        Ok(Script {
            name: name.to_owned(),
            steps: out,
        })
    }
}
