//! `drillhall run SCENARIO --seed N (--actions FILE | --expert | --known-bad NAME)`: a drill
//! played headless from a script, for CI and for authors tuning a scenario.
//!
//! Prints the event timeline (or, with `--json`, the events, objectives, score and digest)
//! and ends with the score summary. `--record FILE` writes the journal line by line as the
//! run goes, so `drillhall replay FILE` can check it later.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use drillhall_debrief::{self as score, Score};
use drillhall_engine::journal::{JournalSink, JournalWriter};
use drillhall_engine::script::{RunError, Script, run_script};
use drillhall_engine::{Session, render_timeline};
use drillhall_scenario::Drill;
use drillhall_scenario::drill::Mode;

use crate::input;
use crate::outcome::{self, CliError, Outcome};
use crate::output::Staged;
use crate::style::{Style, Styles, Tone};

const EXAMPLES: &str = "\
Examples:
  drillhall run scenarios/leaked-ci-deploy-token.yaml --seed 7 --expert
  drillhall run scenarios/leaked-ci-deploy-token.yaml --seed 7 --known-bad panic-revoke
  drillhall run scenarios/leaked-ci-deploy-token.yaml --seed 7 --actions my-response.txt --record drill.jsonl
  drillhall run scenarios/leaked-ci-deploy-token.yaml --seed 7 --expert --json | jq .score.total

An action file is plain text, one step a line (`13m rotate tok-deploy --grace 20m @90%`, the
`@90%` an optional stated confidence, `#` for comments), or a YAML list of steps exactly like a
scenario's `expert:` section. Ids are checked against the scenario, with \"did you mean\".
Exit 0 when the run finished, 2 on bad input.";

/// Play a drill headless from a script: the expert response, a known-bad response, or an
/// action file.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
#[allow(clippy::struct_excessive_bools)] // independent switches, each a flag the user types
pub struct Args {
    /// The scenario file.
    #[arg(value_name = "SCENARIO")]
    scenario: PathBuf,
    /// The seed: the same seed and inputs always give the same run.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Play the scenario's expert response.
    #[arg(long, conflicts_with_all = ["actions", "known_bad"])]
    expert: bool,
    /// Play one of the scenario's known-bad responses, by name.
    #[arg(long, value_name = "NAME", conflicts_with = "actions")]
    known_bad: Option<String>,
    /// Play the steps of an action file.
    #[arg(long, value_name = "FILE")]
    actions: Option<PathBuf>,
    /// Supervision mode (default: the scenario's): shadow, guided, reviewed, independent.
    #[arg(long, value_name = "MODE", value_parser = crate::input::mode)]
    mode: Option<Mode>,
    /// Write the journal (JSON Lines) to this file as the run goes.
    #[arg(long, value_name = "FILE")]
    record: Option<PathBuf>,
    /// Let `--record` replace an existing file (without it, an existing file is refused).
    #[arg(long, requires = "record")]
    force: bool,
    /// Print JSON (events, objectives, score, digest) instead of the timeline.
    #[arg(long)]
    json: bool,
    /// Print only the summary, not the timeline.
    #[arg(long, short)]
    quiet: bool,
}

/// Why a run could not start or finish.
#[derive(Debug, thiserror::Error)]
pub enum RunCliError {
    /// Neither `--expert`, `--known-bad` nor `--actions`.
    #[error("say what to play: --expert, --known-bad NAME or --actions FILE")]
    NothingToPlay,
    /// A known-bad name the scenario does not have.
    #[error("{scenario} has no known_bad response `{name}`{}", list(.available))]
    UnknownKnownBad {
        scenario: String,
        name: String,
        available: Vec<String>,
    },
    /// The action file is malformed.
    #[error("{0}")]
    Script(#[from] drillhall_engine::script::ScriptError),
    /// A step is not a command, or the journal could not be written.
    #[error("{0}")]
    Run(#[from] RunError),
    /// The finished session could not be scored.
    #[error("{0}")]
    Score(#[from] score::ScoreError),
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        " (it has none)".into()
    } else {
        format!(": it has {}", names.join(", "))
    }
}

/// Loads the script the flags ask for.
fn script(args: &Args, drill: &Drill) -> Result<Script, CliError> {
    if args.expert {
        return Ok(Script::expert(drill));
    }
    if let Some(name) = &args.known_bad {
        return Script::known_bad(drill, name).ok_or_else(|| {
            RunCliError::UnknownKnownBad {
                scenario: drill.id().to_owned(),
                name: name.clone(),
                available: drill.known_bad.keys().cloned().collect(),
            }
            .into()
        });
    }
    let Some(path) = &args.actions else {
        return Err(RunCliError::NothingToPlay.into());
    };
    let text = input::read_text(path, input::ACTIONS)?;
    // Checked against the drill, so a misspelt id is a located error with "did you mean"
    // rather than a refused step discovered in the timeline.
    Ok(Script::parse_for(&path.display().to_string(), &text, drill).map_err(RunCliError::from)?)
}

/// Plays the script and prints the result.
pub fn run(args: &Args, styles: Styles) -> Result<Outcome, CliError> {
    let drill = input::drill(&args.scenario)?;
    let script = script(args, &drill)?;
    let mode = args.mode.unwrap_or(drill.mode);
    let session = match &args.record {
        Some(path) => {
            let session = run_recorded(&drill, args.seed, mode, &script, path, args.force)?;
            outcome::eprint(&format!(
                "{} journal written to {}\n",
                styles.err.paint("note:", Tone::Strong),
                path.display()
            ));
            session
        }
        None => run_script(&drill, args.seed, mode, &script, None).map_err(RunCliError::from)?,
    };
    let score = score::score(&drill, &session).map_err(RunCliError::from)?;
    let objectives = score::objective_results(&drill, &session);
    if args.json {
        let value = serde_json::json!({
            "scenario": drill.id(),
            "seed": args.seed,
            "mode": mode.as_str(),
            "digest": session.digest(),
            "events": session.events(),
            "objectives": objectives,
            "score": score,
        });
        let text = serde_json::to_string_pretty(&value).map_err(|e| CliError::Stdout(e.into()))?;
        outcome::print_data(&format!("{text}\n"))?;
    } else {
        let mut text = String::new();
        if !args.quiet {
            text.push_str(&render_timeline(session.events()));
            text.push_str("\n\n");
        }
        text.push_str(&summary(&score, &objectives, &session, styles.out));
        outcome::print(&text)?;
    }
    Ok(Outcome::Success)
}

/// A journal that records the score in its end line: the run writes and flushes each input
/// as it is played (a crash loses nothing), and the score is known only when it finishes.
struct ScoredJournal<'a> {
    writer: JournalWriter<BufWriter<&'a mut File>>,
    drill: &'a Drill,
}

impl JournalSink for ScoredJournal<'_> {
    fn record(&mut self, session: &Session) -> std::io::Result<()> {
        self.writer.record(session)
    }
    fn finish(&mut self, session: &Session) -> std::io::Result<()> {
        if let Ok(score) = score::score(self.drill, session) {
            self.writer.set_score(score.points);
        }
        self.writer.finish(session)
    }
    fn pause(
        &mut self,
        session: &Session,
        pause: drillhall_engine::journal::Pause,
    ) -> std::io::Result<()> {
        self.writer.pause(session, pause)
    }
}

/// Runs with a journal written as the run goes.
fn run_recorded(
    drill: &Arc<Drill>,
    seed: u64,
    mode: Mode,
    script: &Script,
    path: &Path,
    force: bool,
) -> Result<Session, CliError> {
    let mut staged = Staged::create(path, force)?;
    let mut journal = ScoredJournal {
        writer: JournalWriter::new(BufWriter::new(staged.writer())),
        drill,
    };
    let session =
        run_script(drill, seed, mode, script, Some(&mut journal)).map_err(|e| match e {
            RunError::Journal(source) => CliError::Write {
                path: path.to_owned(),
                source,
            },
        })?;
    drop(journal);
    // Complete: the journal takes its name now (a failed run leaves no file behind).
    staged.commit()?;
    Ok(session)
}

fn summary(
    score: &Score,
    objectives: &[score::ObjectiveResult],
    session: &Session,
    style: Style,
) -> String {
    format!(
        "{}\ndigest {}\n",
        drillhall_report::summary(score, objectives, style.is_coloured()).trim_end(),
        session.digest()
    )
}

impl From<RunCliError> for CliError {
    fn from(e: RunCliError) -> Self {
        CliError::Run(Box::new(e))
    }
}
