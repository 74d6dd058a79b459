//! `drillhall list [DIR]`: the scenario library as a table, for instructors choosing a drill.
//!
//! One row per scenario file in the directory (sorted by name): id, title, task families,
//! failure modes, difficulty and duration. `--format text` aligns columns for the terminal,
//! `md` writes a Markdown table for a wiki or a README, `json` a list of objects. A file that
//! does not load is reported on stderr with its diagnostics; the others are still listed,
//! and the exit code is 2.

use std::path::PathBuf;

use drillhall_scenario::{Drill, Scenario, format_duration};
use serde::Serialize;

use crate::check::scenario_files;
use crate::outcome::{self, CliError, Outcome};
use crate::style::{Styles, Tone};

const EXAMPLES: &str = "\
Examples:
  drillhall list
  drillhall list scenarios --format md > docs/library.md
  drillhall list --format json | jq -r '.[] | select(.difficulty >= 4) | .id'";

/// How to print the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for a terminal.
    Text,
    /// A Markdown table.
    Md,
    /// A JSON list of `{file, id, title, tasks, failure_modes, difficulty, duration, minutes}`.
    Json,
}

/// List the scenario library: id, title, tasks, failure modes, difficulty, duration.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The directory of scenario files (`*.yaml`, `*.yml`).
    #[arg(value_name = "DIR", default_value = "scenarios")]
    dir: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// One scenario's row.
#[derive(Debug, Serialize)]
struct Row {
    file: String,
    id: String,
    title: String,
    tasks: Vec<&'static str>,
    failure_modes: Vec<&'static str>,
    difficulty: u8,
    /// As the format writes it: `4h`, `6h15m`.
    duration: String,
    /// The same in minutes (ticks).
    minutes: u64,
}

impl Row {
    fn of(file: String, s: &Scenario) -> Row {
        let drill = Drill::compile(s);
        let m = &drill.info;
        Row {
            file,
            id: m.id.clone(),
            title: m.title.clone(),
            tasks: m.tasks.iter().map(|t| t.as_str()).collect(),
            failure_modes: m.failure_modes.iter().map(|f| f.as_str()).collect(),
            difficulty: m.difficulty,
            duration: format_duration(drill.duration),
            minutes: drill.duration,
        }
    }

    /// The cells of the text and Markdown tables.
    fn cells(&self) -> [String; 6] {
        [
            self.id.clone(),
            self.title.clone(),
            self.tasks.join(", "),
            self.failure_modes.join(", "),
            self.difficulty.to_string(),
            self.duration.clone(),
        ]
    }
}

const HEADERS: [&str; 6] = [
    "id",
    "title",
    "tasks",
    "failure modes",
    "difficulty",
    "duration",
];

/// Aligned columns; the header in capitals.
fn text_table(rows: &[Row], styles: Styles) -> String {
    let cells: Vec<[String; 6]> = rows.iter().map(Row::cells).collect();
    let mut widths = HEADERS.map(|h| h.chars().count());
    for row in &cells {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |row: &[String; 6]| -> String {
        let mut out = String::new();
        for (i, (c, w)) in row.iter().zip(widths).enumerate() {
            if i + 1 == row.len() {
                out.push_str(c);
            } else {
                out.push_str(c);
                out.push_str(&" ".repeat(w - c.chars().count() + 2));
            }
        }
        out.push('\n');
        out
    };
    let header = HEADERS.map(str::to_uppercase);
    let mut out = styles.out.paint(line(&header).trim_end(), Tone::Strong);
    out.push('\n');
    for row in &cells {
        out.push_str(&line(row));
    }
    out
}

/// A Markdown table (pipes in cells escaped).
fn md_table(rows: &[Row]) -> String {
    let esc = |s: &str| s.replace('|', "\\|");
    let mut out = format!("| {} |\n", HEADERS.join(" | "));
    out.push_str("|---|---|---|---|---|---|\n");
    for row in rows {
        let cells = row.cells();
        let mut parts: Vec<String> = cells.iter().map(|c| esc(c)).collect();
        parts[0] = format!("`{}`", parts[0]);
        out.push_str(&format!("| {} |\n", parts.join(" | ")));
    }
    out
}

/// Loads every scenario and prints the table.
pub fn run(args: &Args, styles: Styles) -> Result<Outcome, CliError> {
    let files = scenario_files(&args.dir)?;
    let mut rows = Vec::new();
    let mut invalid = 0;
    for path in &files {
        let name = path.display().to_string();
        let bytes = crate::input::scenario_bytes(path)?;
        match Scenario::from_bytes(&name, &bytes) {
            Ok(s) => rows.push(Row::of(name, &s)),
            Err(e) => {
                invalid += 1;
                outcome::eprint(&format!("{e}\n"));
            }
        }
    }
    let text = match args.format {
        Format::Text => {
            let mut t = text_table(&rows, styles);
            t.push_str(&format!(
                "{} scenario{}\n",
                rows.len(),
                if rows.len() == 1 { "" } else { "s" }
            ));
            t
        }
        Format::Md => md_table(&rows),
        Format::Json => {
            let mut t = serde_json::to_string_pretty(&rows)
                .expect("invariant: the rows are plain strings and numbers");
            t.push('\n');
            t
        }
    };
    outcome::print(&text)?;
    if invalid > 0 {
        return Err(CliError::Invalid {
            invalid,
            total: files.len(),
        });
    }
    Ok(Outcome::Success)
}
