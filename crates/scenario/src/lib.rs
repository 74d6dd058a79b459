//! The drillhall scenario format v1: loading, validation and the command grammar.
//!
//! The principal type in this crate is a [`Scenario`]: a YAML file that has been parsed
//! (with serde-saphyr, under explicit size, depth and alias budgets), checked as a whole
//! (every problem reported at once with `file:line:col` and "did you mean"), and built into
//! an [`Estate`]. Only this crate knows YAML.

mod build;
pub mod command;
pub mod format;
pub mod values;

use drillhall_estate::Estate;

pub use build::build_estate;
pub use command::{Command, CommandError, Family, IncidentSeverity, RefKind};
pub use format::ScenarioFile;
pub use values::{At, Duration, Id, IdList, Loc, format_clock, format_duration, parse_duration};

/// A source file: its name as the user gave it, and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub name: String,
    pub text: String,
}

/// One problem found in a scenario, located in its file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user named it.
    pub file: String,
    /// Where; `line == 0` when the problem is the file as a whole.
    pub loc: Loc,
    /// What is wrong, in one sentence.
    pub message: String,
    /// A suggestion ("did you mean `tok-deploy`?"), when there is one.
    pub help: Option<String>,
}

/// Every problem found in one file. Displays as the full report, one problem after another,
/// each with its location, the source line and a caret.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", render(.source_text.as_deref(), .diagnostics))]
pub struct LoadError {
    pub diagnostics: Vec<Diagnostic>,
    /// The text the diagnostics point into (for snippets), if it was readable.
    pub source_text: Option<String>,
}

/// Renders diagnostics as `file:line:col: error: message`, the source line, a caret and help.
pub fn render(text: Option<&str>, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        if d.loc.is_known() {
            out.push_str(&format!(
                "{}:{}:{}: error: {}\n",
                d.file, d.loc.line, d.loc.col, d.message
            ));
            if let Some(line) = text.and_then(|t| t.lines().nth(d.loc.line as usize - 1)) {
                let shown: String = line.chars().take(160).collect();
                let gutter = d.loc.line.to_string();
                out.push_str(&format!("{gutter} | {shown}\n"));
                let pad = " ".repeat(gutter.len());
                let caret_at = (d.loc.col as usize).saturating_sub(1).min(160);
                out.push_str(&format!("{pad} | {}^\n", " ".repeat(caret_at)));
            }
        } else {
            out.push_str(&format!("{}: error: {}\n", d.file, d.message));
        }
        if let Some(h) = &d.help {
            out.push_str(&format!("  = help: {h}\n"));
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// A parsed, validated scenario with its estate built.
#[derive(Clone, Debug)]
pub struct Scenario {
    file: ScenarioFile,
    source: Source,
    estate: Estate,
}

impl Scenario {
    /// Parses and validates a scenario from raw bytes (non-UTF-8 input is an error, located).
    pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Scenario, LoadError> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Scenario::from_text(name, text),
            Err(e) => {
                let before = &bytes[..e.valid_up_to()];
                let line = before.split(|&b| b == b'\n').count() as u32;
                let col = before.iter().rev().take_while(|&&b| b != b'\n').count() as u32 + 1;
                Err(LoadError {
                    diagnostics: vec![Diagnostic {
                        file: name.to_owned(),
                        loc: Loc::new(line, col),
                        message: "the file is not valid UTF-8".into(),
                        help: Some("save the scenario as UTF-8 text".into()),
                    }],
                    source_text: None,
                })
            }
        }
    }

    /// Parses and validates a scenario from text.
    pub fn from_text(name: &str, text: &str) -> Result<Scenario, LoadError> {
        let fail = |message: String, loc: Loc| LoadError {
            diagnostics: vec![Diagnostic {
                file: name.to_owned(),
                loc,
                message,
                help: None,
            }],
            source_text: Some(text.to_owned()),
        };
        let file: ScenarioFile = serde_saphyr::from_str(text).map_err(|e| {
            let loc = e.location().map_or(Loc::default(), |l| {
                Loc::new(l.line() as u32, l.column() as u32)
            });
            fail(e.without_snippet().to_string(), loc)
        })?;
        let estate = build_estate(&file.estate).map_err(|e| fail(e.to_string(), Loc::default()))?;
        Ok(Scenario {
            file,
            source: Source {
                name: name.to_owned(),
                text: text.to_owned(),
            },
            estate,
        })
    }

    /// The file as written.
    pub fn file(&self) -> &ScenarioFile {
        &self.file
    }

    /// The source it was read from.
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// The scenario's id.
    pub fn id(&self) -> &str {
        &self.file.metadata.id.value
    }

    /// The estate at the start of the scenario (a fresh copy each call).
    pub fn estate(&self) -> Estate {
        self.estate.clone()
    }

    /// The estate at the start of the scenario, borrowed.
    pub fn initial_estate(&self) -> &Estate {
        &self.estate
    }

    /// The drill's length in ticks.
    pub fn duration(&self) -> drillhall_estate::Ticks {
        self.file.metadata.duration.value.ticks()
    }
}
