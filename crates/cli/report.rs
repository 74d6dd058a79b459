//! `drillhall report JOURNAL [--format text|md|json] [--out FILE]`: the after-action
//! debrief of a recorded drill.
//!
//! The journal names its scenario and the SHA-256 of the scenario's bytes. The scenario is
//! read from `--scenario FILE`, or else from `scenarios/<id>.yaml`; a file whose hash differs
//! is a different version of the drill and is refused (exit 2), because the inputs would
//! replay into a different session. The journal is replayed, the session scored, the expert's
//! response run on the same seed for par, the counterfactuals re-run, and the debrief
//! rendered for the terminal, as Markdown or as JSON.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use drillhall_debrief::{Debrief, ScoreError};
use drillhall_engine::journal::{Journal, JournalError, ReplayError, replay_scored};
use drillhall_scenario::visible::visible;
use drillhall_scenario::{Drill, Scenario};

use crate::outcome::{self, CliError, Outcome};
use crate::style::{Styles, Tone};

const EXAMPLES: &str = "\
Examples:
  drillhall report drill.jsonl
  drillhall report drill.jsonl --format md --out debrief.md
  drillhall report drill.jsonl --format json | jq '.score.lines[] | .text'
  drillhall report drill.jsonl --scenario old/leaked-ci-deploy-token.yaml

The score is four dimensions (containment, collateral, governance, least privilege) weighted
by the scenario; every line of points lost names the events and the command behind it, and
the lines add up to the total exactly. Exit 0 with a debrief, 2 if the journal or scenario
cannot be used (a different scenario version included).";

/// Print the after-action debrief of a recorded drill: score, par, counterfactuals,
/// calibration and NIST CSF 2.0 totals.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The journal the drill recorded (JSON Lines).
    #[arg(value_name = "JOURNAL")]
    journal: PathBuf,
    /// The scenario the drill was played on [default: scenarios/<id>.yaml, the id from the
    /// journal].
    #[arg(long, value_name = "FILE")]
    scenario: Option<PathBuf>,
    /// How to render the debrief.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the debrief to this file instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace the output file if it exists (without it, an existing file is refused).
    #[arg(long)]
    force: bool,
}

/// Debrief formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// For the terminal (coloured unless `NO_COLOR`, `--color never` or not a terminal).
    Text,
    /// Markdown, for an instructor to attach to a ticket.
    #[value(alias = "markdown")]
    Md,
    /// JSON with stable field names (`drillhall-debrief/2`).
    Json,
}

/// Why a journal could not be debriefed.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The journal is not a journal.
    #[error("{}: {source}", .path.display())]
    Journal { path: PathBuf, source: JournalError },
    /// No `--scenario`, and none of the places looked in has it.
    #[error(
        "{} is a drill of `{id}`, and neither {} nor `{id}.yaml` beside the journal (or in a `scenarios` folder beside it) can be read: pass the scenario with --scenario FILE",
        .journal.display(), .default.display()
    )]
    NoScenario {
        journal: PathBuf,
        id: String,
        default: PathBuf,
    },
    /// No `--scenario`, and the journal's scenario is not an id that names a file safely.
    #[error(
        "{} names its scenario `{id}`, which is not a scenario id (kebab-case): pass the scenario with --scenario FILE",
        .journal.display()
    )]
    NotAnId { journal: PathBuf, id: String },
    /// The scenario file is another scenario altogether.
    #[error(
        "{} is a drill of `{journal_id}`, but {} is `{scenario_id}`: pass the right file with --scenario",
        .journal.display(), .scenario.display()
    )]
    OtherScenario {
        journal: PathBuf,
        journal_id: String,
        scenario: PathBuf,
        scenario_id: String,
    },
    /// The scenario file is another version of the journal's scenario.
    #[error(
        "journal was recorded against a different version of {id} (sha256 {recorded}), this file is {} (sha256 {actual}): pass the version the drill was played on with --scenario",
        .scenario.display()
    )]
    ScenarioChanged {
        id: String,
        recorded: String,
        scenario: PathBuf,
        actual: String,
    },
    /// The inputs do not reproduce the recorded session.
    #[error("{} does not replay: {detail}", .journal.display())]
    Diverged { journal: PathBuf, detail: String },
    /// The session cannot be scored.
    #[error("{} cannot be scored: {source}", .journal.display())]
    Score {
        journal: PathBuf,
        source: ScoreError,
    },
}

/// A journal and the scenario it was recorded on, read and matched by id.
pub struct Opened {
    pub journal: Journal,
    /// The drill compiled from it (its SHA-256 is what the replay checks against the
    /// journal's header).
    pub drill: Arc<Drill>,
    /// Where the scenario was read from.
    pub path: PathBuf,
}

/// Whether a journal's scenario name is a kebab-case id (`^[a-z0-9]+(-[a-z0-9]+)*$`), the
/// only kind that may name a file.
fn is_scenario_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Where a journal's scenario is looked for, in order, when no `--scenario` is given:
/// `scenarios/<id>.yaml` here, then `<id>.yaml` in the journal's own folder and in a
/// `scenarios` folder beside it. Nowhere else: the id is a plain kebab-case word (checked
/// first), so none of these leaves the journal's folder or a folder named `scenarios`.
pub fn scenario_places(journal_path: &Path, id: &str) -> Vec<PathBuf> {
    let file = format!("{id}.yaml");
    let dir = journal_path.parent().unwrap_or(Path::new(""));
    vec![
        Path::new("scenarios").join(&file),
        dir.join(&file),
        dir.join("scenarios").join(&file),
    ]
}

/// Reads a journal (warning on a truncated last line) and finds its scenario: `--scenario`,
/// or else the first of [`scenario_places`] that holds it. Shared by `report`, `replay` and
/// `play --resume`.
pub fn open(
    journal_path: &Path,
    scenario: Option<&Path>,
    styles: Styles,
) -> Result<Opened, CliError> {
    let text = crate::input::read_text(journal_path, crate::input::JOURNAL)?;
    let (journal, truncated) = Journal::parse(&text).map_err(|source| ReportError::Journal {
        path: journal_path.to_owned(),
        source,
    })?;
    if let Some(w) = truncated {
        warn(styles, &format!("{}: {w}", journal_path.display()));
    }
    let id = journal.header.scenario.clone();
    let (path, bytes) = if let Some(p) = scenario {
        (p.to_owned(), crate::input::scenario_bytes(p)?)
    } else {
        // The id comes from the journal: it names a file in `scenarios/` only when it is a
        // plain kebab-case id, never `../x` or `/etc/x`.
        if !is_scenario_id(&id) {
            return Err(ReportError::NotAnId {
                journal: journal_path.to_owned(),
                id,
            }
            .into());
        }
        let default = Path::new("scenarios").join(format!("{id}.yaml"));
        let found = scenario_places(journal_path, &id)
            .into_iter()
            .find_map(|p| crate::input::scenario_bytes(&p).ok().map(|b| (p, b)));
        let Some(found) = found else {
            return Err(ReportError::NoScenario {
                journal: journal_path.to_owned(),
                id,
                default,
            }
            .into());
        };
        found
    };
    let scenario = Scenario::from_bytes(&path.display().to_string(), &bytes)?;
    if scenario.id() != id {
        return Err(ReportError::OtherScenario {
            journal: journal_path.to_owned(),
            journal_id: id,
            scenario: path,
            scenario_id: scenario.id().to_owned(),
        }
        .into());
    }
    Ok(Opened {
        journal,
        drill: Arc::new(Drill::compile(&scenario)),
        path,
    })
}

/// Replays, scores and renders the journal.
pub fn run(args: &Args, styles: Styles) -> Result<Outcome, CliError> {
    if let Some(out) = &args.out {
        crate::output::refuse_input(out, &args.journal)?;
        if let Some(scenario) = &args.scenario {
            crate::output::refuse_input(out, scenario)?;
        }
        crate::output::refuse_existing(out, args.force)?;
    }
    let Opened {
        journal,
        drill,
        path,
    } = open(&args.journal, args.scenario.as_deref(), styles)?;
    let id = journal.header.scenario.clone();
    let (mut session, rerun) =
        match replay_scored(&drill, &journal, Some(&drillhall_debrief::points)) {
            Ok(outcome) => (outcome.session, outcome.rerun),
            Err(ReplayError::ScenarioChanged { expected, actual }) => {
                return Err(ReportError::ScenarioChanged {
                    id,
                    recorded: expected,
                    scenario: path,
                    actual,
                }
                .into());
            }
            Err(e @ ReplayError::Diverged(_)) => {
                return Err(ReportError::Diverged {
                    journal: args.journal.clone(),
                    detail: e.to_string(),
                }
                .into());
            }
        };
    if !session.is_over() {
        warn(
            styles,
            &format!(
                "{} stops at {} before the drill's end: the debrief runs the clock to the end with no further input",
                args.journal.display(),
                drillhall_scenario::format_clock(session.tick())
            ),
        );
        session.finish();
    }
    // Pauses are wall-clock facts of the journal, not of the session: replay skipped them.
    let debrief = Debrief::new(&drill, &session)
        .map_err(|source| ReportError::Score {
            journal: args.journal.clone(),
            source,
        })?
        .with_pauses(&journal.pauses);
    if let Some(r) = &rerun {
        warn(
            styles,
            &format!(
                "{}: {r}; the debrief is of the re-run session",
                args.journal.display()
            ),
        );
    } else if let Some(recorded) = journal.end.as_ref().and_then(|e| e.score)
        && recorded != debrief.score.points
    {
        warn(
            styles,
            &format!(
                "{} recorded a score of {recorded}; the same session scores {} with this engine (the scoring rules changed since)",
                args.journal.display(),
                debrief.score.display()
            ),
        );
    }
    let rendered = match args.format {
        Format::Text => {
            drillhall_report::text(&debrief, args.out.is_none() && styles.out.is_coloured())
        }
        Format::Md => drillhall_report::markdown(&debrief),
        Format::Json => drillhall_report::json(&debrief),
    };
    // Text and Markdown show control characters from the files visibly (a Markdown file is
    // read in a terminal too); JSON keeps them exactly.
    match (&args.out, args.format) {
        (Some(out), Format::Json) => crate::output::write(out, rendered.as_bytes(), args.force)?,
        (Some(out), _) => crate::output::write(out, visible(&rendered).as_bytes(), args.force)?,
        (None, Format::Json) => outcome::print_data(&rendered)?,
        (None, _) => outcome::print(&rendered)?,
    }
    Ok(Outcome::Success)
}

pub fn warn(styles: Styles, message: &str) {
    outcome::eprint(&format!(
        "{} {message}\n",
        styles.err.paint("warning:", Tone::Warn)
    ));
}
