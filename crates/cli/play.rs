//! `drillhall play`: a drill in the terminal UI, recorded to a journal as it is played.
//!
//! The TUI (drillhall-tui) holds the screens; this module reads the files, opens the
//! journals (one per session: the drill, and each branch taken from the replay viewer),
//! runs the UI, and prints where the journal is once the terminal is restored. Every input
//! is written and flushed as it is given, so a crash loses nothing; a write that fails
//! (a full disk) is shown at once, retried on the next input without repeating a line, and
//! the trainee can `save PATH` the session elsewhere ([`DurableJournal`]).

use std::fs::{File, OpenOptions};
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::time::Duration;

use drillhall_engine::journal::{Journal, ReplayError};
use drillhall_engine::{Session, SessionOptions};
use drillhall_estate::Ticks;
use drillhall_scenario::drill::Mode;
use drillhall_tui::{App, DurableJournal, Opened, Options, Pace, Recorder, StartError};

use crate::outcome::{self, CliError, Outcome};
use crate::style::{Styles, Tone};

/// Play a scenario in the terminal UI.
///
/// Turn-based by default: time moves when a command costs time or you `wait`. Every
/// session is recorded to a journal (`--record`, or `drillhall-<scenario>-<seed>.jsonl`
/// here) that `drillhall replay` re-runs.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scenario file (with `--resume`: found from the journal unless given).
    #[arg(value_name = "SCENARIO", required_unless_present = "resume")]
    scenario: Option<PathBuf>,
    /// The seed: the same seed and the same inputs give the same drill.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Supervision mode (default: the scenario's): shadow, guided, reviewed, independent.
    #[arg(long, value_name = "MODE", value_parser = crate::input::mode)]
    mode: Option<Mode>,
    /// Where to write the journal (default: drillhall-<scenario>-<seed>.jsonl, not
    /// overwriting an existing one). An existing FILE is refused unless `--force`.
    #[arg(long, value_name = "FILE")]
    record: Option<PathBuf>,
    /// Let `--record` replace an existing file.
    #[arg(long, requires = "record")]
    force: bool,
    /// An instructor answers sign-off requests at this keyboard (F2) instead of the
    /// simulated reviewer.
    #[arg(long)]
    instructor: bool,
    /// Real time: one simulated minute passes every this many seconds (`2`, `0.5`) as well as
    /// on commands.
    #[arg(long, value_name = "SECONDS_PER_TICK", value_parser = parse_seconds)]
    realtime: Option<Duration>,
    /// Open the replay viewer on a journal of this scenario instead (scrub with ←/→, branch
    /// with `b`; a branch is recorded to `--record` or a new file).
    #[arg(long, value_name = "JOURNAL", conflicts_with = "resume")]
    replay: Option<PathBuf>,
    /// Go on with an unfinished journal (one with no end line, after a crash or `kill`):
    /// its inputs are replayed, the drill opens at the last one, and recording goes on into
    /// the same file. The scenario is the one given, or `scenarios/<id>.yaml` here, or
    /// `<id>.yaml` beside the journal.
    #[arg(
        long,
        value_name = "JOURNAL",
        conflicts_with_all = ["record", "seed", "mode", "instructor"]
    )]
    resume: Option<PathBuf>,
    /// The terminal's background, for colours that read on it: dark or light.
    #[arg(long, value_enum, value_name = "BACKGROUND", default_value_t = Background::Dark)]
    theme: Background,
}

/// The terminal background the TUI's colours are chosen for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Background {
    #[default]
    Dark,
    Light,
}

/// Opens the replay viewer on a journal of a scenario (`drillhall replay --view`).
pub fn view(scenario: PathBuf, journal: PathBuf, styles: Styles) -> Result<Outcome, CliError> {
    run(
        &Args {
            scenario: Some(scenario),
            seed: 1,
            mode: None,
            record: None,
            force: false,
            instructor: false,
            realtime: None,
            replay: Some(journal),
            resume: None,
            theme: Background::Dark,
        },
        styles,
    )
}

/// Seconds as `2`, `0.5` or `1.25`, to the millisecond, without floating point.
fn parse_seconds(s: &str) -> Result<Duration, String> {
    let bad = || format!("expected seconds such as `2` or `0.5`, found `{s}`");
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty() && frac.is_empty() || frac.len() > 3 {
        return Err(bad());
    }
    let whole: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| bad())?
    };
    let millis: u64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<3}").parse().map_err(|_| bad())?
    };
    let d = Duration::from_secs(whole) + Duration::from_millis(millis);
    if d.is_zero() {
        return Err("a tick needs some time: give more than 0 seconds".into());
    }
    Ok(d)
}

/// Opens journal files: the one asked for, or a default name that does not overwrite.
struct FileRecorder {
    /// The directory default names go in (empty: the current directory).
    dir: PathBuf,
    /// `--record`, used for the first journal opened.
    explicit: Option<PathBuf>,
    /// `--force`: `--record` may replace an existing file.
    force: bool,
}

impl FileRecorder {
    fn path_for(&mut self, session: &Session, branch_at: Option<Ticks>) -> PathBuf {
        if let Some(p) = self.explicit.take() {
            return p;
        }
        let stem = match branch_at {
            None => format!("drillhall-{}-{}", session.scenario_id(), session.seed()),
            Some(t) => format!(
                "drillhall-{}-{}-branch-{}h{:02}",
                session.scenario_id(),
                session.seed(),
                t / 60,
                t % 60
            ),
        };
        let mut path = self.dir.join(format!("{stem}.jsonl"));
        let mut n = 2;
        while path.exists() {
            path = self.dir.join(format!("{stem}-{n}.jsonl"));
            n += 1;
        }
        path
    }
}

/// Creates a journal file; `replace` lets it replace an existing one, otherwise an existing
/// file is an error (a default name never exists: [`FileRecorder::path_for`] skips them).
fn create(path: &Path, replace: bool) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true);
    if replace {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    options.open(path).map_err(|e| {
        if e.kind() == io::ErrorKind::AlreadyExists {
            io::Error::new(
                e.kind(),
                format!(
                    "{} exists; choose another name, or pass --force to replace it",
                    path.display()
                ),
            )
        } else {
            e
        }
    })
}

impl Recorder for FileRecorder {
    fn open(&mut self, session: &Session, branch_at: Option<Ticks>) -> io::Result<Opened> {
        let replace = self.force && self.explicit.is_some();
        let path = self.path_for(session, branch_at);
        let file = create(&path, replace)?;
        Ok(Opened {
            // Whole lines, each written as the input is given; a failed write is retried
            // from the first byte the file did not take.
            sink: Box::new(DurableJournal::new(file)),
            label: path.display().to_string(),
        })
    }

    fn save_as(&mut self, _session: &Session, path: &str) -> io::Result<Opened> {
        let file = create(Path::new(path), false)?;
        Ok(Opened {
            sink: Box::new(DurableJournal::new(file)),
            label: path.to_owned(),
        })
    }
}

fn read_journal(path: &Path) -> Result<Journal, CliError> {
    let text = crate::input::read_text(path, crate::input::JOURNAL)?;
    let (journal, warning) = Journal::parse(&text).map_err(|e| {
        CliError::read(
            path,
            io::Error::new(io::ErrorKind::InvalidData, e.to_string()),
        )
    })?;
    if let Some(w) = warning {
        outcome::eprint(&format!("warning: {}: {w}\n", path.display()));
    }
    Ok(journal)
}

/// The replay command for a journal, as typed from the current directory: `--scenario`
/// is added unless the scenario is where `replay` looks by default.
fn replay_hint(label: &str, scenario_path: &Path, scenario_id: &str) -> String {
    let default = Path::new("scenarios").join(format!("{scenario_id}.yaml"));
    let journal = shell_word(label);
    if scenario_path == default {
        format!("drillhall replay {journal}")
    } else {
        format!(
            "drillhall replay {journal} --scenario {}",
            shell_word(&scenario_path.display().to_string())
        )
    }
}

/// The command that resumes a journal from the current directory: the scenario is named
/// unless `--resume` finds it by itself (`scenarios/<id>.yaml` here, or beside the journal).
fn resume_hint(label: &str, scenario_path: &Path, scenario_id: &str) -> String {
    let journal = shell_word(label);
    let found = crate::report::scenario_places(Path::new(label), scenario_id)
        .iter()
        .any(|p| p == scenario_path);
    if found {
        format!("drillhall play --resume {journal}")
    } else {
        format!(
            "drillhall play --resume {journal} {}",
            shell_word(&scenario_path.display().to_string())
        )
    }
}

/// A path as one shell word: quoted when it holds anything but plain characters.
fn shell_word(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./+,:@%".contains(c));
    if plain {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Runs `drillhall play`.
pub fn run(args: &Args, styles: Styles) -> Result<Outcome, CliError> {
    // Without a terminal there is nobody to play: say so before any journal is created.
    if !io::stdin().is_terminal() || !io::stdout().is_terminal() {
        return Err(CliError::NoTerminal);
    }
    if let Some(journal) = &args.resume {
        return resume(args, journal, styles);
    }
    let scenario_path = args
        .scenario
        .clone()
        .expect("clap requires SCENARIO unless --resume is given");
    let drill = crate::input::drill(&scenario_path)?;
    let mut recorder = FileRecorder {
        dir: PathBuf::new(),
        explicit: args.record.clone(),
        force: args.force,
    };
    let options = Options {
        no_color: !styles.out.is_coloured(),
        light: args.theme == Background::Light,
    };
    let mut app = if let Some(path) = &args.replay {
        let journal = read_journal(path)?;
        if journal.header.scenario != drill.id() {
            return Err(crate::report::ReportError::OtherScenario {
                journal: path.clone(),
                journal_id: journal.header.scenario.clone(),
                scenario: scenario_path.clone(),
                scenario_id: drill.id().to_owned(),
            }
            .into());
        }
        let app = App::replay(
            &drill,
            journal,
            &path.display().to_string(),
            Box::new(recorder),
            options,
        );
        match app {
            Ok(app) => app,
            // A journal that does not replay is a failed check, as for `drillhall replay`.
            Err(StartError::Replay(ReplayError::Diverged(d))) => {
                outcome::eprint(&format!(
                    "{} {} does not replay: {d}\n",
                    styles.err.paint("diverged:", Tone::Error),
                    path.display()
                ));
                return Ok(Outcome::CheckFailed);
            }
            Err(e) => {
                return Err(CliError::read(
                    path,
                    io::Error::new(io::ErrorKind::InvalidData, e.to_string()),
                ));
            }
        }
    } else {
        let session = Session::with_options(
            &drill,
            args.seed,
            &SessionOptions {
                mode: args.mode,
                simulated_reviewer: !args.instructor,
            },
        );
        // Name the journal now, so that an error opening it can say which file.
        let journal_path = recorder.path_for(&session, None);
        recorder.explicit = Some(journal_path.clone());
        App::new(session, Box::new(recorder), options).map_err(|e| CliError::Write {
            path: journal_path,
            source: io::Error::other(e.to_string()),
        })?
    };
    finish(&mut app, args, &scenario_path, styles)
}

/// `play --resume JOURNAL`: replays the journal's inputs and goes on recording into it.
fn resume(args: &Args, path: &Path, styles: Styles) -> Result<Outcome, CliError> {
    let mut opened = crate::report::open(path, args.scenario.as_deref(), styles)?;
    // A session a signal cut short has an end line marked so: it goes on as if it had none.
    let interrupted = opened.journal.end.as_ref().is_some_and(|e| e.interrupted);
    if interrupted {
        opened.journal.end = None;
    }
    if opened.journal.end.is_some() {
        return Err(CliError::Refused {
            path: path.to_owned(),
            why: "this journal is finished (it has an end line): replay it with `drillhall replay`, or branch from it with `drillhall play --replay`".into(),
        });
    }
    let session = match drillhall_engine::journal::replay(&opened.drill, &opened.journal) {
        Ok(outcome) => outcome.session,
        Err(ReplayError::Diverged(d)) => {
            outcome::eprint(&format!(
                "{} {} does not replay: {d}\n",
                styles.err.paint("diverged:", Tone::Error),
                path.display()
            ));
            return Ok(Outcome::CheckFailed);
        }
        Err(e) => {
            return Err(CliError::read(
                path,
                io::Error::new(io::ErrorKind::InvalidData, e.to_string()),
            ));
        }
    };
    if session.is_over() {
        return Err(CliError::Refused {
            path: path.to_owned(),
            why: "the drill in this journal has reached its end: replay it with `drillhall replay`"
                .into(),
        });
    }
    let file = reopen_for_append(path, interrupted).map_err(|e| CliError::Write {
        path: path.to_owned(),
        source: e,
    })?;
    let journal = Opened {
        sink: Box::new(DurableJournal::resuming(file, &session)),
        label: path.display().to_string(),
    };
    let recorder = FileRecorder {
        dir: PathBuf::new(),
        explicit: None,
        force: false,
    };
    let options = Options {
        no_color: !styles.out.is_coloured(),
        light: args.theme == Background::Light,
    };
    let mut app = App::resume(session, journal, Box::new(recorder), options);
    // The pauses already in the file stay there; the debrief counts them with the new ones.
    app.keep_pauses(opened.journal.pauses.clone());
    finish(&mut app, args, &opened.path, styles)
}

/// Opens a journal to append to it, first cutting a last line a crash left half-written
/// (the replay already ignored it), so new lines start on a line of their own.
/// `drop_end`: the last whole line is an `interrupted` end line, cut as well.
fn reopen_for_append(path: &Path, drop_end: bool) -> io::Result<File> {
    let bytes = std::fs::read(path)?;
    let mut keep = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    if drop_end && keep == bytes.len() {
        let body = bytes.get(..keep.saturating_sub(1)).unwrap_or_default();
        keep = body.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    }
    let file = OpenOptions::new().write(true).open(path)?;
    if keep < bytes.len() && !drop_end {
        file.set_len(keep as u64)?;
        outcome::eprint(&format!(
            "note: {}: the last line was cut short by the crash and is dropped; every whole input is kept\n",
            path.display()
        ));
    }
    if drop_end {
        file.set_len(keep as u64)?;
    }
    drop(file);
    OpenOptions::new().append(true).open(path)
}

/// Runs the app on the terminal and, once it is restored, says where the session went.
fn finish(
    app: &mut App,
    args: &Args,
    scenario_path: &Path,
    styles: Styles,
) -> Result<Outcome, CliError> {
    let pace = args.realtime.map_or(Pace::TurnBased, Pace::RealTime);
    drillhall_tui::run(app, pace).map_err(CliError::Stdout)?;

    // The terminal is back: say where the session went and how it scored.
    let mut text = String::new();
    if let Some(d) = app.debrief()
        && let Ok(report) = &d.report
    {
        text.push_str(&drillhall_report::summary(
            &report.score,
            &report.objectives,
            styles.out.is_coloured(),
        ));
    }
    if let Some(label) = app.journal_label() {
        let verb = if app.was_interrupted() {
            "interrupted; what was played is recorded to"
        } else {
            "session recorded to"
        };
        text.push_str(&format!(
            "{verb} {label} (replay it: {})\n",
            replay_hint(label, scenario_path, app.drill().id())
        ));
        if !app.session().is_over() {
            text.push_str(&format!(
                "the drill is not over: go on with `{}`\n",
                resume_hint(label, scenario_path, app.drill().id())
            ));
        }
    }
    outcome::print(&text)?;
    if let Some(fault) = app.journal_fault() {
        return Err(CliError::Journal(fault.to_owned()));
    }
    if app.was_interrupted() {
        return Ok(Outcome::Interrupted);
    }
    Ok(Outcome::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_per_tick_parse_to_the_millisecond_without_floating_point() {
        assert_eq!(parse_seconds("2"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_seconds("0.5"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_seconds(".25"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_seconds("1.125"), Ok(Duration::from_millis(1125)));
        assert!(parse_seconds("0").is_err());
        assert!(parse_seconds("1.0001").is_err());
        assert!(parse_seconds("fast").is_err());
        assert!(parse_seconds(".").is_err());
    }

    #[test]
    fn a_default_journal_name_never_overwrites_an_existing_one() {
        let dir = std::env::temp_dir().join(format!("drillhall-play-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let sc = drillhall_scenario::Drill::from_text(
            "s.yaml",
            &std::fs::read_to_string(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/scenarios/leaked-ci-deploy-token.yaml"
            ))
            .unwrap(),
        )
        .unwrap();
        let session = Session::with_default_mode(&sc, 7);
        let mut r = FileRecorder {
            dir: dir.clone(),
            explicit: None,
            force: false,
        };
        let first = r.path_for(&session, None);
        File::create(&first).unwrap();
        let second = r.path_for(&session, None);
        let branch = r.path_for(&session, Some(75));
        assert_eq!(first, dir.join("drillhall-leaked-ci-deploy-token-7.jsonl"));
        assert_eq!(
            second,
            dir.join("drillhall-leaked-ci-deploy-token-7-2.jsonl")
        );
        assert_eq!(
            branch,
            dir.join("drillhall-leaked-ci-deploy-token-7-branch-1h15.jsonl")
        );
        // `--record` is honoured as given.
        r.explicit = Some(dir.join("mine.jsonl"));
        assert_eq!(r.path_for(&session, None), dir.join("mine.jsonl"));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
