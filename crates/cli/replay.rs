//! `drillhall replay JOURNAL [--scenario FILE] [--expect-digest D]`: re-runs a recorded
//! drill and checks it reproduces the recorded session exactly.
//!
//! Exit 0 when the replay matches (or, for a journal without an end line, when every input
//! replays); 1 when it diverges, naming the first differing event; 2 when the journal is
//! malformed or the scenario file changed since the recording. A journal cut off mid-line
//! (a crash) replays up to its last whole line, with a warning.
//!
//! A journal another engine recorded (an older version, or journal format 1) cannot
//! reproduce its digest under this one: its inputs are re-run and it is reported as re-run
//! (exit 0). `--record NEW` writes the replayed session as a new journal of this engine, with
//! its digest and score: how golden sessions move to a new engine. `--junit FILE` also
//! writes a `JUnit` report: the session and each objective as test cases (see
//! [`crate::replay_junit`]).

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use drillhall_debrief as score;
use drillhall_engine::Session;
use drillhall_engine::journal::{JournalSink, JournalWriter, ReplayError, replay_scored};
use drillhall_scenario::Drill;

use crate::outcome::{self, CliError, Outcome};
use crate::replay_junit::{self, Verdict};
use crate::report::{self, Opened, ReportError};
use crate::style::{Styles, Tone};

const EXAMPLES: &str = "\
Examples:
  drillhall replay drill.jsonl
  drillhall replay drill.jsonl --scenario scenarios/leaked-ci-deploy-token.yaml
  drillhall replay drill.jsonl --expect-digest 3f2a…
  drillhall replay tests/sessions/drill.jsonl --junit replay.xml
  drillhall replay drill.jsonl --view        # scrub it in the terminal UI, branch with b
  drillhall replay old.jsonl --record new.jsonl   # the same inputs, recorded by this engine

Exit 0 when the replay reproduces the recorded session, 1 when it diverges (the first
differing event is named), 2 when the journal is malformed or the scenario changed.";

/// Re-run a recorded drill and check it reproduces the same session, event for event.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The journal the drill recorded (JSON Lines).
    #[arg(value_name = "JOURNAL")]
    journal: PathBuf,
    /// The scenario the drill was played on [default: scenarios/<id>.yaml].
    #[arg(long, value_name = "FILE")]
    scenario: Option<PathBuf>,
    /// Also require this digest (for CI pinning a golden session).
    #[arg(long, value_name = "DIGEST", conflicts_with = "view")]
    expect_digest: Option<String>,
    /// Also write a `JUnit` XML report here: the session and each objective as test cases.
    #[arg(long, value_name = "FILE", conflicts_with = "view")]
    junit: Option<PathBuf>,
    /// Open the journal in the terminal UI's replay viewer: scrub tick by tick (←/→), jump
    /// between decisions (n/p), and branch into a new live session from any point (b).
    #[arg(long)]
    view: bool,
    /// Write the replayed session to this file as a journal of this engine (its digest and
    /// score), e.g. to move a golden session recorded by another engine.
    #[arg(long, value_name = "FILE", conflicts_with = "view")]
    record: Option<PathBuf>,
}

/// Writes a replayed session as a new journal, with its score.
fn record(path: &Path, scenario: &Drill, session: &Session) -> Result<(), CliError> {
    let write_error = |source| CliError::Write {
        path: path.to_owned(),
        source,
    };
    let file = File::create(path).map_err(write_error)?;
    let mut writer = JournalWriter::new(BufWriter::new(file));
    if let Ok(score) = score::score(scenario, session) {
        writer.set_score(score.points);
    }
    writer.finish(session).map_err(write_error)
}

/// Replays the journal and reports whether it matched.
pub fn run(args: &Args, styles: Styles) -> Result<Outcome, CliError> {
    let opened = report::open(&args.journal, args.scenario.as_deref(), styles)?;
    if args.view {
        return crate::play::view(opened.path, args.journal.clone(), styles);
    }
    let Opened {
        journal,
        drill,
        path,
    } = opened;
    let outcome = match replay_scored(&drill, &journal, Some(&drillhall_debrief::points)) {
        Ok(outcome) => outcome,
        Err(ReplayError::ScenarioChanged { expected, actual }) => {
            return Err(ReportError::ScenarioChanged {
                id: journal.header.scenario.clone(),
                recorded: expected,
                scenario: path,
                actual,
            }
            .into());
        }
        Err(ReplayError::Diverged(d)) => {
            if let Some(path) = &args.junit {
                let verdict = Verdict::Diverged(format!("does not replay: {d}"));
                let report =
                    replay_junit::report(&args.journal, &drill, journal.header.seed, &verdict);
                replay_junit::write(path, &report)?;
            }
            outcome::eprint(&format!(
                "{} {} does not replay: {d}\n",
                styles.err.paint("diverged:", Tone::Error),
                args.journal.display()
            ));
            return Ok(Outcome::CheckFailed);
        }
    };
    let mismatch = args
        .expect_digest
        .as_ref()
        .filter(|want| !outcome.digest.eq_ignore_ascii_case(want));
    if let Some(path) = &args.junit {
        let verdict = match mismatch {
            Some(want) => Verdict::Diverged(format!(
                "replays to digest {}, expected {want}",
                outcome.digest
            )),
            None => Verdict::Replayed {
                session: &outcome.session,
                digest: &outcome.digest,
                verified: outcome.verified,
            },
        };
        let report = replay_junit::report(&args.journal, &drill, journal.header.seed, &verdict);
        replay_junit::write(path, &report)?;
    }
    if let Some(want) = mismatch {
        outcome::eprint(&format!(
            "{} {} replays to digest {}, expected {want}\n",
            styles.err.paint("diverged:", Tone::Error),
            args.journal.display(),
            outcome.digest
        ));
        return Ok(Outcome::CheckFailed);
    }
    if let Some(path) = &args.record {
        record(path, &drill, &outcome.session)?;
    }
    let rerun;
    let status = if outcome.verified {
        "matches its recorded digest"
    } else if let Some(r) = &outcome.rerun {
        rerun = format!("re-run: {r}");
        &rerun
    } else {
        "replayed (the journal has no end line, so there was no digest to compare)"
    };
    outcome::print(&format!(
        "ok {} ({}, seed {}, {} inputs, {} events): {status}\ndigest {}\n",
        args.journal.display(),
        journal.header.scenario,
        journal.header.seed,
        journal.inputs.len(),
        outcome.session.events().len(),
        outcome.digest
    ))?;
    Ok(Outcome::Success)
}
