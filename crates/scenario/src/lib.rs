//! The drillhall scenario format v1: loading, validation and the command grammar.
//!
//! The principal type in this crate is a [`Scenario`]: a YAML file that has been parsed
//! (with serde-saphyr, under explicit size, depth and alias budgets), checked as a whole
//! (every problem reported at once with `file:line:col` and "did you mean"), and built into
//! an [`Estate`]. Only this crate knows YAML.
// Byte-slicing user text panics on a character boundary: every slice of a string is by
// `get`, by a boundary the code found, or allowed with the reason at the site.
#![warn(clippy::string_slice)]
#![cfg_attr(not(test), warn(clippy::indexing_slicing))]

mod build;
pub mod command;
pub mod drill;
mod fastline;
pub mod format;
mod load;
mod outline;
mod parallel;
mod schema;
pub mod script;
pub mod synth;
mod validate;
pub mod values;
pub mod visible;

use drillhall_estate::Estate;

pub use build::build_estate;
pub use command::{Command, CommandError, Family, IncidentSeverity, RefKind};
pub use drill::Drill;
pub use format::ScenarioFile;
pub use load::Limits;
pub use schema::{Draft, format_version, json_schema, json_schema_for};
pub use validate::{
    MAX_DURATION_TICKS, MAX_EXPECT_SEEDS, MAX_HINT_PENALTY, MAX_NOISE_PER_HOUR, MAX_SCHEDULE_TICKS,
    MAX_SCORING_SUM, MAX_SCORING_WEIGHT, validate,
};
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

/// How many characters of a source line a snippet shows.
const SNIPPET_WIDTH: usize = 160;

/// Renders diagnostics as `file:line:col: error: message`, the source line, a caret and help.
/// A long line is shown as a window around the caret; tabs show as spaces so the caret lines up.
pub fn render(text: Option<&str>, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    let mut lines = LineCursor::new(text.unwrap_or(""));
    for d in diagnostics {
        if d.loc.is_known() {
            out.push_str(&format!(
                "{}:{}:{}: error: {}\n",
                d.file, d.loc.line, d.loc.col, d.message
            ));
            if let Some(line) = text.and(lines.line(d.loc.line)) {
                let col = (d.loc.col as usize).saturating_sub(1);
                let first = col
                    .saturating_sub(SNIPPET_WIDTH / 2)
                    .min(line.chars().count().saturating_sub(SNIPPET_WIDTH));
                let first = if col < SNIPPET_WIDTH { 0 } else { first };
                let lead = if first > 0 { "…" } else { "" };
                let shown: String = line
                    .chars()
                    .skip(first)
                    .take(SNIPPET_WIDTH)
                    .map(|c| if c == '\t' { ' ' } else { c })
                    .collect();
                let gutter = d.loc.line.to_string();
                out.push_str(&format!("{gutter} | {lead}{shown}\n"));
                let pad = " ".repeat(gutter.len());
                let caret_at = (col - first.min(col)).min(SNIPPET_WIDTH) + lead.chars().count();
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

/// Finds lines by number, moving forward from the last one asked for: diagnostics come sorted
/// by line, so rendering a report reads the text once.
struct LineCursor<'t> {
    text: &'t str,
    /// The number and byte offset of the line the cursor is at.
    line: u32,
    offset: usize,
}

impl<'t> LineCursor<'t> {
    fn new(text: &'t str) -> Self {
        LineCursor {
            text,
            line: 1,
            offset: 0,
        }
    }

    fn line(&mut self, n: u32) -> Option<&'t str> {
        if n < self.line {
            self.line = 1;
            self.offset = 0;
        }
        while self.line < n {
            let nl = self.text.get(self.offset..)?.find('\n')?;
            self.offset += nl + 1;
            self.line += 1;
        }
        let rest = self.text.get(self.offset..)?;
        let line = rest.split('\n').next().unwrap_or(rest);
        Some(line.trim_end_matches('\r'))
    }
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
        Scenario::from_bytes_with_limits(name, bytes, &Limits::default())
    }

    /// [`Scenario::from_bytes`] under explicit reading limits.
    pub fn from_bytes_with_limits(
        name: &str,
        bytes: &[u8],
        limits: &Limits,
    ) -> Result<Scenario, LoadError> {
        if bytes.len() > limits.max_input_bytes {
            // Checked before anything else reads the bytes: the message is the same as for text.
            let d = load::too_large(name, bytes.len(), limits);
            return Err(LoadError {
                diagnostics: vec![d],
                source_text: None,
            });
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => Scenario::from_text_with_limits(name, text, limits),
            Err(e) => {
                let before = bytes.get(..e.valid_up_to()).unwrap_or(bytes);
                let line = before.split(|&b| b == b'\n').count() as u32;
                let last_line = before.rsplit(|&b| b == b'\n').next().unwrap_or(before);
                // Columns count characters, as the parser's do; the valid prefix is UTF-8.
                let col = String::from_utf8_lossy(last_line).chars().count() as u32 + 1;
                Err(LoadError {
                    diagnostics: vec![Diagnostic {
                        file: name.to_owned(),
                        loc: Loc::new(line, col),
                        message: format!(
                            "the file is not valid UTF-8: byte 0x{:02x} at line {line}, column {col}",
                            bytes.get(e.valid_up_to()).copied().unwrap_or(0)
                        ),
                        help: Some("save the scenario as UTF-8 text".into()),
                    }],
                    // Shown with the bad bytes replaced, so the snippet still points at them.
                    source_text: Some(String::from_utf8_lossy(bytes).into_owned()),
                })
            }
        }
    }

    /// Parses and validates a scenario from text. Every problem validation finds is reported,
    /// sorted by location; a file that cannot be parsed reports the one place it stopped.
    pub fn from_text(name: &str, text: &str) -> Result<Scenario, LoadError> {
        Scenario::from_text_with_limits(name, text, &Limits::default())
    }

    /// [`Scenario::from_text`] under explicit reading limits.
    pub fn from_text_with_limits(
        name: &str,
        text: &str,
        limits: &Limits,
    ) -> Result<Scenario, LoadError> {
        let (file, estate) = Scenario::load(name, text, limits)?;
        Ok(Scenario {
            file,
            source: Source {
                name: name.to_owned(),
                text: text.to_owned(),
            },
            estate,
        })
    }

    /// [`Scenario::from_bytes`] taking the bytes, which become the kept source text without
    /// a copy: what the binary uses, so a large file is held in memory once.
    pub fn from_owned_bytes(name: &str, bytes: Vec<u8>) -> Result<Scenario, LoadError> {
        let limits = Limits::default();
        if bytes.len() > limits.max_input_bytes {
            return Scenario::from_bytes_with_limits(name, &bytes, &limits);
        }
        match String::from_utf8(bytes) {
            Ok(text) => {
                let (file, estate) = Scenario::load(name, &text, &limits)?;
                Ok(Scenario {
                    file,
                    source: Source {
                        name: name.to_owned(),
                        text,
                    },
                    estate,
                })
            }
            Err(e) => Scenario::from_bytes_with_limits(name, e.as_bytes(), &limits),
        }
    }

    /// Reads, validates and builds: every problem validation finds is reported, sorted by
    /// location; a file that cannot be parsed reports the one place it stopped.
    fn load(name: &str, text: &str, limits: &Limits) -> Result<(ScenarioFile, Estate), LoadError> {
        let fail = |diagnostics: Vec<Diagnostic>| LoadError {
            diagnostics,
            source_text: Some(text.to_owned()),
        };
        let file = load::read_every_problem(name, text, limits).map_err(fail)?;
        let (mut diagnostics, resolved) = validate::validate_resolved(name, text, &file);
        if !diagnostics.is_empty() {
            diagnostics.sort_by(|a, b| a.loc.cmp(&b.loc).then_with(|| a.message.cmp(&b.message)));
            diagnostics.dedup();
            return Err(fail(diagnostics));
        }
        let estate = build::build_resolved(&file.estate, &resolved).map_err(|e| {
            // Validation checks everything the builder does; reaching this is a validator bug,
            // still reported as a diagnostic rather than a panic.
            fail(vec![Diagnostic {
                file: name.to_owned(),
                loc: Loc::default(),
                message: format!("the estate cannot be built: {e}"),
                help: None,
            }])
        })?;
        Ok((file, estate))
    }

    /// The file as written.
    pub fn file(&self) -> &ScenarioFile {
        &self.file
    }

    /// The source it was read from.
    pub fn source(&self) -> &Source {
        &self.source
    }

    /// Where the scenario's id is written (`metadata.id`).
    pub fn id_loc(&self) -> Loc {
        self.file.metadata.id.loc
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

#[cfg(test)]
mod tests {
    use super::*;

    const BROKEN: &str = "apiVersion: drillhall/v1\nkind: Scenario\nmetadata: { id: x, title: t, duration: 4h, dificulty: 2 }\nestate: {}\n";

    fn messages(name: &str, text: &str) -> Vec<String> {
        Scenario::from_text(name, text)
            .expect_err("the text is broken")
            .diagnostics
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn a_file_of_comments_and_document_markers_is_empty() {
        let m = messages("e.yaml", "# nothing yet\n---\n\n...\n");
        assert_eq!(
            m,
            ["the file is empty: a scenario starts with `apiVersion: drillhall/v1`"]
        );
    }

    #[test]
    fn a_file_that_is_not_a_mapping_says_what_a_scenario_is() {
        for text in ["- 1\n- 2\n", "just words\n"] {
            let m = messages("l.yaml", text);
            assert_eq!(
                m,
                ["a scenario is a mapping of keys, but this file holds a list or a single value"]
            );
        }
    }

    #[test]
    fn windows_line_endings_and_a_byte_order_mark_locate_like_plain_text() {
        let plain = Scenario::from_text("a.yaml", BROKEN).expect_err("broken");
        let crlf = BROKEN.replace('\n', "\r\n");
        let crlf = Scenario::from_text("a.yaml", &crlf).expect_err("broken");
        let bom = format!("\u{feff}{BROKEN}");
        let bom = Scenario::from_bytes("a.yaml", bom.as_bytes()).expect_err("broken");
        assert_eq!(plain.diagnostics[0].loc, Loc::new(3, 44));
        assert_eq!(crlf.diagnostics, plain.diagnostics);
        assert_eq!(bom.diagnostics, plain.diagnostics);
        assert!(!crlf.to_string().contains('\r'), "{crlf}");
    }

    #[test]
    fn a_file_over_the_size_limit_is_refused_before_it_is_read() {
        let limits = Limits {
            max_input_bytes: 64,
            ..Limits::default()
        };
        // Not even UTF-8: the size is checked first.
        let e = Scenario::from_bytes_with_limits("big.yaml", &[0xff; 65], &limits)
            .expect_err("too large");
        assert_eq!(e.diagnostics.len(), 1);
        assert!(
            e.diagnostics[0].message.starts_with("the file is 1 MiB"),
            "{e}"
        );
        assert!(!e.diagnostics[0].loc.is_known());
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_around_the_caret() {
        let line = format!("{}BAD{}", "a".repeat(5000), "z".repeat(5000));
        let d = Diagnostic {
            file: "f.yaml".into(),
            loc: Loc::new(2, 5001),
            message: "here".into(),
            help: None,
        };
        let out = render(Some(&format!("first\n{line}\n")), &[d]);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "f.yaml:2:5001: error: here");
        let caret = lines[2].chars().position(|c| c == '^').expect("a caret");
        let under: String = lines[1].chars().skip(caret).take(3).collect();
        assert_eq!(under, "BAD", "{out}");
        assert!(lines[1].chars().count() < 200, "{out}");
    }
}
