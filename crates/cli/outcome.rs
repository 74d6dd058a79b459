//! What a subcommand ends with, and the one place that reports it.
//!
//! Every subcommand returns `Result<Outcome, CliError>`. [`report`] prints errors to stderr
//! and maps both to the exit codes of DESIGN §7: 0 success, 1 a check failed, 2 bad input or
//! usage. Nothing else in the binary chooses an exit code.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::OnceLock;

use drillhall_scenario::LoadError;
use drillhall_scenario::visible::{visible, visible_keeping_colour};

use crate::style::{Styles, Tone};

/// Exit code for a check that ran and failed.
const CHECK_FAILED: u8 = 1;
/// Exit code for bad input or usage.
const BAD_INPUT: u8 = 2;
/// Exit code for a session a signal cut short (the shell's 128 + SIGINT).
const INTERRUPTED: u8 = 130;

/// How a subcommand that did its job ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Done; exit 0.
    Success,
    /// A check ran and failed (a scenario's expert missed an objective, a replay diverged);
    /// the subcommand has printed why. Exit 1.
    CheckFailed,
    /// A signal cut an interactive session short; what was played is saved. Exit 130.
    Interrupted,
}

/// Why a subcommand could not do its job. All of these are bad input or usage (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// A file could not be read.
    #[error("cannot read `{}`: {}", .path.display(), describe(.source))]
    Read { path: PathBuf, source: io::Error },
    /// A file could not be written.
    #[error("cannot write `{}`: {}", .path.display(), describe(.source))]
    Write { path: PathBuf, source: io::Error },
    /// Standard output could not be written (other than a closed pipe, which is not an error).
    #[error("cannot write to standard output: {}", describe(.0))]
    Stdout(io::Error),
    /// A scenario did not load; its report carries `file:line:col`, snippets and help.
    #[error("{0}")]
    Load(Box<LoadError>),
    /// An id the scenario does not declare.
    #[error("unknown id `{id}` in {scenario}{}", did_you_mean(.suggestion.as_deref()))]
    UnknownId {
        id: String,
        scenario: String,
        suggestion: Option<String>,
    },
    /// A journal could not be replayed against its scenario, or scored.
    #[error("{0}")]
    Report(#[from] crate::report::ReportError),
    /// A headless run could not start or finish.
    #[error("{0}")]
    Run(Box<crate::run::RunCliError>),
    /// `play` needs a terminal on stdin and stdout.
    #[error(
        "play needs a terminal: run it in an interactive shell (to play without one, use `drillhall run` with an action file)"
    )]
    NoTerminal,
    /// The journal of a played session could not be written to the end.
    #[error("{0}")]
    Journal(String),
    /// An input was larger than drillhall reads.
    #[error("cannot read `{}`: {what} is larger than {limit} bytes; drillhall reads no more of it", .path.display())]
    TooLarge {
        path: PathBuf,
        what: &'static str,
        limit: u64,
    },
    /// An output file exists and `--force` was not given, or would replace an input.
    #[error("refusing to write `{}`: {why}", .path.display())]
    Refused { path: PathBuf, why: String },
    /// `validate` found invalid scenarios; it has printed their problems.
    #[error("{invalid} of {total} scenario{} invalid", if *.total == 1 { "" } else { "s" })]
    Invalid { invalid: usize, total: usize },
}

impl CliError {
    /// A read error naming the path.
    pub fn read(path: &Path, source: io::Error) -> CliError {
        CliError::Read {
            path: path.to_owned(),
            source,
        }
    }
}

impl From<LoadError> for CliError {
    fn from(e: LoadError) -> Self {
        CliError::Load(Box::new(e))
    }
}

fn did_you_mean(suggestion: Option<&str>) -> String {
    suggestion.map_or_else(String::new, |s| format!(" — did you mean `{s}`?"))
}

/// An I/O error in plain words: "No such file or directory", without "(os error 2)".
pub fn describe(e: &io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error ") {
        Some(at) => text.get(..at).unwrap_or(&text).to_owned(),
        None => text,
    }
}

/// Prints the error, if any, and gives the exit code.
pub fn report(result: Result<Outcome, CliError>, styles: Styles) -> ExitCode {
    match result {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::CheckFailed) => ExitCode::from(CHECK_FAILED),
        Ok(Outcome::Interrupted) => ExitCode::from(INTERRUPTED),
        Err(e) => {
            let text = match &e {
                // The load report already says `file:line:col: error:` on every problem.
                CliError::Load(load) => load.to_string(),
                CliError::Invalid { .. } => styles.err.paint(&e.to_string(), Tone::Error),
                _ => format!("{} {e}", styles.err.paint("error:", Tone::Error)),
            };
            // If stderr is gone there is nobody left to tell.
            let text = neutralised(&text, styles.err.is_coloured());
            let _ = writeln!(io::stderr().lock(), "{text}");
            ExitCode::from(BAD_INPUT)
        }
    }
}

/// Prints a clap error (or `--help`/`--version`) and gives its exit code: 2 for usage
/// errors, 0 for help and version.
pub fn report_usage(e: &clap::Error) -> ExitCode {
    let _ = e.print();
    if e.use_stderr() {
        ExitCode::from(BAD_INPUT)
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes a subcommand's text output to stdout, with every control character and escape
/// sequence from a file shown visibly (`\u{1b}`) but for drillhall's own colours. A reader
/// that went away (`| head`) is not an error: the output was wanted only so far.
pub fn print(text: &str) -> Result<(), CliError> {
    print_data(&neutralised(
        text,
        COLOURED_OUT.get().copied().unwrap_or(false),
    ))
}

/// Whether stdout and stderr are coloured: only then are colour sequences kept.
static COLOURED_OUT: OnceLock<bool> = OnceLock::new();
static COLOURED_ERR: OnceLock<bool> = OnceLock::new();

/// Records whether the streams are coloured (once, from `main`).
pub fn use_styles(styles: Styles) {
    let _ = COLOURED_OUT.set(styles.out.is_coloured());
    let _ = COLOURED_ERR.set(styles.err.is_coloured());
}

fn neutralised(text: &str, coloured: bool) -> std::borrow::Cow<'_, str> {
    if coloured {
        visible_keeping_colour(text)
    } else {
        visible(text)
    }
}

/// Writes data (JSON, YAML, DOT) to stdout exactly: its format escapes what it must.
pub fn print_data(text: &str) -> Result<(), CliError> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(CliError::Stdout(e)),
        _ => Ok(()),
    }
}

/// Writes a diagnostic or summary to stderr (which cannot usefully fail), neutralised as
/// [`print`] does.
pub fn eprint(text: &str) {
    let text = neutralised(text, COLOURED_ERR.get().copied().unwrap_or(false));
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_read_as_plain_words_without_the_os_error_number() {
        let e = io::Error::from_raw_os_error(2);
        assert_eq!(describe(&e), "No such file or directory");
        let custom = io::Error::other("disk on fire");
        assert_eq!(describe(&custom), "disk on fire");
    }

    #[test]
    fn an_unknown_id_suggests_the_closest_one_when_there_is_one() {
        let with = CliError::UnknownId {
            id: "tok-deploi".into(),
            scenario: "s.yaml".into(),
            suggestion: Some("tok-deploy".into()),
        };
        assert_eq!(
            with.to_string(),
            "unknown id `tok-deploi` in s.yaml — did you mean `tok-deploy`?"
        );
        let without = CliError::UnknownId {
            id: "zzz".into(),
            scenario: "s.yaml".into(),
            suggestion: None,
        };
        assert_eq!(without.to_string(), "unknown id `zzz` in s.yaml");
    }

    #[test]
    fn the_validation_summary_counts_invalid_scenarios_of_all() {
        let one = CliError::Invalid {
            invalid: 1,
            total: 1,
        };
        assert_eq!(one.to_string(), "1 of 1 scenario invalid");
        let some = CliError::Invalid {
            invalid: 2,
            total: 3,
        };
        assert_eq!(some.to_string(), "2 of 3 scenarios invalid");
    }
}
