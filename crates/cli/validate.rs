//! `drillhall validate FILE…`: load every scenario and report every problem in each.

use std::path::PathBuf;

use drillhall_scenario::{Diagnostic, Loc, Scenario};
use serde::Serialize;

use crate::outcome::{self, CliError, Outcome};
use crate::style::{Styles, Tone};

const EXAMPLES: &str = "\
Examples:
  drillhall validate scenarios/*.yaml
  drillhall validate --json my-drill.yaml | jq '.[].message'

Valid files print `ok FILE (id, N nodes)` on stdout; problems go to stderr as
`file:line:col: error: …` with the line and a caret. Exit 0 if every file is valid, else 2.";

/// Check scenario files: every problem in every file, located, with "did you mean" help.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The scenario files to check.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Print the problems as a JSON list of `{file, line, col, message, help}` on stdout
    /// (`line` and `col` are null when a problem concerns the whole file).
    #[arg(long)]
    json: bool,
}

/// One problem, for `--json`.
#[derive(Debug, Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a str,
    line: Option<u32>,
    col: Option<u32>,
    message: &'a str,
    help: Option<&'a str>,
}

impl<'a> From<&'a Diagnostic> for JsonDiagnostic<'a> {
    fn from(d: &'a Diagnostic) -> Self {
        let known = d.loc.is_known();
        JsonDiagnostic {
            file: &d.file,
            line: known.then_some(d.loc.line),
            col: known.then_some(d.loc.col),
            message: &d.message,
            help: d.help.as_deref(),
        }
    }
}

/// Validates every file, printing as it goes.
pub fn run(args: &Args, styles: Styles) -> Result<Outcome, CliError> {
    let mut invalid = 0;
    let mut problems: Vec<Diagnostic> = Vec::new();
    for path in &args.files {
        let name = path.display().to_string();
        let loaded = crate::input::scenario_bytes(path)
            .and_then(|bytes| Ok(Scenario::from_owned_bytes(&name, bytes)?));
        let (diagnostics, source_text) = match loaded {
            Ok(scenario) => {
                if !args.json {
                    outcome::print(&format!(
                        "{} {name} ({}, {} nodes)\n",
                        styles.out.paint("ok", Tone::Good),
                        scenario.id(),
                        scenario.initial_estate().node_count()
                    ))?;
                }
                continue;
            }
            Err(CliError::Load(load)) => (load.diagnostics, load.source_text),
            Err(other) => (
                vec![Diagnostic {
                    file: name,
                    loc: Loc::default(),
                    message: other.to_string(),
                    help: None,
                }],
                None,
            ),
        };
        invalid += 1;
        if !args.json {
            let report = drillhall_scenario::render(source_text.as_deref(), &diagnostics);
            // Colour the `error:` words only; the rest is the library's report as is.
            let error = format!(": {} ", styles.err.paint("error:", Tone::Error));
            outcome::eprint(&format!("{}\n", report.replace(": error: ", &error)));
        }
        problems.extend(diagnostics);
    }
    if args.json {
        let list: Vec<JsonDiagnostic<'_>> = problems.iter().map(JsonDiagnostic::from).collect();
        let mut text = serde_json::to_string_pretty(&list)
            .expect("invariant: diagnostics are plain strings and numbers");
        text.push('\n');
        outcome::print_data(&text)?;
    }
    let total = args.files.len();
    if invalid > 0 {
        return Err(CliError::Invalid { invalid, total });
    }
    let summary = if total == 1 {
        "the scenario is valid".to_owned()
    } else {
        format!("all {total} scenarios valid")
    };
    outcome::eprint(&format!("{}\n", styles.err.paint(&summary, Tone::Good)));
    Ok(Outcome::Success)
}
