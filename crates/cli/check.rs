//! `drillhall check [DIR]`: the scenario library tests itself, for CI.
//!
//! For every scenario file in the directory (sorted by name) it runs these checks, each one
//! case of the report:
//!
//! | check | passes when |
//! |---|---|
//! | `validate` | the file loads with no diagnostic and its id is unique in the directory |
//! | `expert` | on every seed of the range, every expert step is accepted, every objective is met, and the score is at least `expect.expert.min` |
//! | `known_bad/NAME` | on every seed, the response scores at most `expect.known_bad.NAME.max` (when set), each dimension at most its `dimensions` bound, and below the expert on the same seed |
//! | `bot/NAME` | on every seed, the lab's bot scores within `expect.bots.NAME`'s `min` and `max` and fails and meets the objectives it names |
//! | `luck_share` | the luck share over every bot is at most `expect.luck_share.max` ‰ |
//! | `invariant/NAME` | with `--invariants`: the soundness invariant holds over every bot and seed (`drillhall_lab::invariants`; a warning passes with the warning shown) |
//! | `session FILE` | a golden session (a journal in the sessions directory) replays to the digest it recorded |
//!
//! The seed range is the scenario's `expect.seeds`, `--seeds` for all of them, or
//! [`check::DEFAULT_SEEDS`]. Responses play in the scenario's supervision mode with the simulated
//! reviewer; a shadow-mode scenario's responses play in independent mode, since in shadow
//! mode the expert acts and a response would decide nothing.
//!
//! Output: one line per case (`PASS …`, `FAIL …` with the seed, objective and figure that
//! diverged, `SKIP …`) and a summary on stdout, or one JSON document with `--json`; a `JUnit`
//! XML report with `--junit FILE` (one test suite per scenario, one test case per check); a
//! SARIF 2.1.0 log with `--sarif FILE` (one located result per failure, see [`crate::sarif`]).
//! Exit 0 when every case passes, 1 when one fails, 2 for bad input (no such directory, no
//! scenarios in it, an unwritable report).
//!
//! The checks themselves (playing the responses, evaluating `expect`, replaying sessions) are
//! the lab's ([`drillhall_lab::check`]); this module reads the files and renders the cases.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use drillhall_lab::check::{self, Case, Failure, Status};
use drillhall_scenario::values::SeedRange;
use drillhall_scenario::{Drill, Scenario};
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use serde::Serialize;

use crate::outcome::{self, CliError, Outcome};
use crate::style::{Styles, Tone};

/// Where golden sessions are looked for when `--sessions` is not given (if it exists).
const DEFAULT_SESSIONS: &str = "tests/sessions";

/// Failures listed under a case before the rest are counted.
const FAILURES_SHOWN: usize = 5;

const EXAMPLES: &str = "\
Examples:
  drillhall check
  drillhall check scenarios --junit target/check.xml
  drillhall check scenarios --seeds 1..200
  drillhall check my-drills --sessions my-drills/sessions --json

Each case prints one line: `PASS leaked-ci-deploy-token expert seeds 1..50 (min 91 ≥ 85)`,
or `FAIL <scenario> <check> seed N: <what diverged>`. Exit 0 if every case passes, 1 if a
check failed, 2 for bad input.";

/// Check the scenario library: every scenario valid, its expert meeting every objective and
/// its floor, its known-bad responses below their ceilings and below the expert, and every
/// golden session replaying to its digest.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The directory of scenario files (`*.yaml`, `*.yml`).
    #[arg(value_name = "DIR", default_value = "scenarios")]
    dir: PathBuf,
    /// Check every scenario on these seeds instead of its `expect.seeds` (e.g. `1..200`).
    #[arg(long, value_name = "A..B", value_parser = parse_seeds)]
    seeds: Option<SeedRange>,
    /// The directory of golden sessions (`*.jsonl` journals) to replay (default:
    /// `tests/sessions` when it exists).
    #[arg(long, value_name = "DIR")]
    sessions: Option<PathBuf>,
    /// Also write a `JUnit` XML report here (one test case per scenario and check).
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
    /// Also write a SARIF 2.1.0 log here, for code-scanning UIs (each failure at its file,
    /// line and column).
    #[arg(long, value_name = "FILE")]
    sarif: Option<PathBuf>,
    /// Replace the `JUnit` file if it exists (without it, an existing file is refused).
    #[arg(long, requires = "junit")]
    force: bool,
    /// Print the report as JSON on stdout instead of lines.
    #[arg(long)]
    json: bool,
    /// Also check the soundness invariants: every bot on every seed (`invariant/NAME` cases;
    /// see `drillhall calibrate` for the whole picture).
    #[arg(long)]
    invariants: bool,
}

pub(crate) fn parse_seeds(s: &str) -> Result<SeedRange, String> {
    SeedRange::parse(s)
        .filter(|r| r.first <= r.last)
        .ok_or_else(|| format!("expected a seed range such as `1..50` (or one seed), found `{s}`"))
}

/// The case's line (and, for failures, indented lines for the rest).
fn render(case: &Case, styles: Styles) -> String {
    let tone = match case.status {
        Status::Pass => Tone::Good,
        Status::Fail => Tone::Error,
        Status::Skip => Tone::Warn,
    };
    let head = format!(
        "{} {} {}",
        styles.out.paint(case.status.word(), tone),
        case.scenario,
        case.check
    );
    let mut out = String::new();
    match case.failures.split_first() {
        None => {
            let seeds = case
                .seeds
                .as_ref()
                .map(|s| {
                    if s.contains("..") {
                        format!(" seeds {s}")
                    } else {
                        format!(" seed {s}")
                    }
                })
                .unwrap_or_default();
            let summary = if case.summary.is_empty() {
                String::new()
            } else {
                format!(" ({})", case.summary)
            };
            let _ = writeln!(out, "{head}{seeds}{summary}");
        }
        Some((first, rest)) => {
            let _ = writeln!(out, "{head} {}", first.text());
            for f in rest.iter().take(FAILURES_SHOWN - 1) {
                let _ = writeln!(out, "    {}", f.text());
            }
            if rest.len() >= FAILURES_SHOWN {
                let _ = writeln!(out, "    … and {} more", rest.len() - (FAILURES_SHOWN - 1));
            }
        }
    }
    out
}

/// The `JUnit` test case: named by the check, classed by the scenario; a failure's message
/// names the scenario, the check and what diverged first, its text lists every failure.
fn junit(case: &Case) -> TestCase {
    let status = match case.status {
        Status::Pass => TestCaseStatus::success(),
        Status::Skip => {
            let mut s = TestCaseStatus::skipped();
            s.set_message(case.summary.clone());
            s
        }
        Status::Fail => {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
            let first = case.failures.first().map(Failure::text).unwrap_or_default();
            s.set_message(format!("{} {}: {first}", case.scenario, case.check));
            s.set_type(if case.check == "validate" {
                "invalid-scenario"
            } else if case.check == "session" {
                "replay-diverged"
            } else {
                "expectation-not-met"
            });
            let all: Vec<String> = case.failures.iter().map(Failure::text).collect();
            s.set_description(all.join("\n"));
            s
        }
    };
    let mut test = TestCase::new(case.check.clone(), status);
    test.set_classname(case.scenario.clone());
    test
}

/// The whole report, for `--json`.
#[derive(Debug, Serialize)]
struct CheckReport {
    format: &'static str,
    passed: usize,
    failed: usize,
    skipped: usize,
    scenarios: usize,
    sessions: usize,
    cases: Vec<Case>,
}

/// A scenario file that loaded, with its bytes (golden sessions are checked against them).
struct Loaded {
    drill: Arc<Drill>,
}

/// Scenario files in a directory, sorted by name.
pub fn scenario_files(dir: &Path) -> Result<Vec<PathBuf>, CliError> {
    files_with(dir, &["yaml", "yml"])
}

fn files_with(dir: &Path, extensions: &[&str]) -> Result<Vec<PathBuf>, CliError> {
    let entries = std::fs::read_dir(dir).map_err(|e| CliError::read(dir, e))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| CliError::read(dir, e))?.path();
        let wanted = path
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| extensions.contains(&x));
        if wanted && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Reads one golden session and replays it against the scenario it names.
fn check_session(path: &Path, library: &[Loaded]) -> Case {
    let shown = path.display().to_string();
    match crate::input::read_text(path, crate::input::GOLDEN) {
        Ok(text) => {
            let drills: Vec<Arc<Drill>> = library.iter().map(|l| Arc::clone(&l.drill)).collect();
            check::check_session(&shown, &text, &drills)
        }
        Err(e) => {
            let mut case = Case::new(&shown, "session");
            case.fail(None, None, e.to_string());
            case
        }
    }
}

/// Every failure, located for SARIF: where a diagnostic points; the objective that was not
/// met; the step that was refused; otherwise the first step of the response (or the file's
/// first line).
fn findings(cases: &[Case], library: &[Loaded]) -> Vec<crate::sarif::Finding> {
    let mut out = Vec::new();
    for case in cases.iter().filter(|c| c.status == Status::Fail) {
        let scenario = library
            .iter()
            .map(|l| &l.drill)
            .find(|s| s.id() == case.scenario);
        for f in &case.failures {
            let (file, line, column) = match (&f.spot, scenario) {
                (Some(spot), _) => spot.clone(),
                (None, Some(s)) => {
                    let loc = response_spot(s, &case.check, f);
                    (s.source_name.clone(), loc.line, loc.col)
                }
                (None, None) => (case.scenario.clone(), 1, 1),
            };
            let message = match f.seed {
                Some(seed) => format!(
                    "{} {}: seed {seed}: {}",
                    case.scenario, case.check, f.message
                ),
                None => format!("{} {}: {}", case.scenario, case.check, f.message),
            };
            out.push(crate::sarif::Finding {
                check: case.check.clone(),
                message,
                file,
                line,
                column,
            });
        }
    }
    out
}

/// Where in a scenario a response's failure belongs.
fn response_spot(d: &Drill, check: &str, f: &Failure) -> drillhall_scenario::Loc {
    if let Some(id) = &f.objective
        && let Some(o) = d.objectives.iter().find(|o| &o.id == id)
    {
        return o.loc;
    }
    let steps = match check.strip_prefix("known_bad/") {
        Some(name) => d.known_bad.get(name).map_or(&[][..], Vec::as_slice),
        None => d.expert.as_slice(),
    };
    let refused = f
        .message
        .strip_prefix("step `")
        .and_then(|rest| rest.split_once("` was refused"))
        .map(|(text, _)| text);
    if let Some(text) = refused
        && let Some(step) = steps.iter().find(|st| st.text == text)
    {
        return step.loc;
    }
    steps
        .first()
        .map_or(drillhall_scenario::Loc::new(1, 1), |st| st.loc)
}

/// Writes the `JUnit` report.
fn write_junit(path: &Path, cases: &[Case], force: bool) -> Result<(), CliError> {
    let mut report = Report::new("drillhall check");
    let mut suites: Vec<TestSuite> = Vec::new();
    for case in cases {
        let i = if let Some(i) = suites.iter().position(|s| s.name.as_str() == case.scenario) {
            i
        } else {
            suites.push(TestSuite::new(case.scenario.clone()));
            suites.len() - 1
        };
        suites[i].add_test_case(junit(case));
    }
    report.add_test_suites(suites);
    let xml = report.to_string().map_err(|e| CliError::Write {
        path: path.to_owned(),
        source: io::Error::other(e.to_string()),
    })?;
    crate::output::write(path, xml.as_bytes(), force)
}

/// Runs every check and reports.
pub fn run(args: &Args, styles: Styles) -> Result<Outcome, CliError> {
    let files = scenario_files(&args.dir)?;
    if files.is_empty() {
        return Err(CliError::read(
            &args.dir,
            io::Error::new(
                io::ErrorKind::NotFound,
                "no scenario files (*.yaml, *.yml) in it",
            ),
        ));
    }
    let mut cases: Vec<Case> = Vec::new();
    let mut library: Vec<Loaded> = Vec::new();
    let mut loaded_from: Vec<(String, String)> = Vec::new();
    for path in &files {
        let name = path.display().to_string();
        let bytes = crate::input::scenario_bytes(path)?;
        match Scenario::from_bytes(&name, &bytes) {
            Ok(scenario) => {
                let id = scenario.id().to_owned();
                let mut case = Case::new(&id, "validate");
                if let Some((_, first)) = loaded_from.iter().find(|(i, _)| *i == id) {
                    case.fail(
                        None,
                        None,
                        format!("{name}: the id `{id}` is already used by {first}"),
                    );
                    let loc = scenario.id_loc();
                    if let Some(f) = case.failures.last_mut() {
                        f.spot = Some((name.clone(), loc.line, loc.col));
                    }
                    cases.push(case);
                    continue;
                }
                case.summary = format!("{name}, {} nodes", scenario.initial_estate().node_count());
                cases.push(case);
                let drill = Arc::new(Drill::compile(&scenario));
                cases.extend(check::check_scenario(&drill, args.seeds));
                if args.invariants {
                    cases.extend(check::invariant_cases(&drill, args.seeds));
                }
                loaded_from.push((id, name));
                library.push(Loaded { drill });
            }
            Err(e) => {
                let stem = path
                    .file_stem()
                    .map_or_else(|| name.clone(), |s| s.to_string_lossy().into_owned());
                let mut case = Case::new(&stem, "validate");
                for d in &e.diagnostics {
                    let at = if d.loc.is_known() {
                        format!("{}:{}:{}", d.file, d.loc.line, d.loc.col)
                    } else {
                        d.file.clone()
                    };
                    case.fail(None, None, format!("{at}: {}", d.message));
                    case.locate(&d.file);
                    if d.loc.is_known()
                        && let Some(f) = case.failures.last_mut()
                    {
                        f.spot = Some((d.file.clone(), d.loc.line, d.loc.col));
                    }
                }
                cases.push(case);
            }
        }
    }
    let sessions_dir = args.sessions.clone().or_else(|| {
        let d = PathBuf::from(DEFAULT_SESSIONS);
        d.is_dir().then_some(d)
    });
    let mut sessions = 0;
    if let Some(dir) = &sessions_dir {
        for path in files_with(dir, &["jsonl"])? {
            sessions += 1;
            let mut case = check_session(&path, &library);
            case.locate(&path.display().to_string());
            cases.push(case);
        }
    }

    let count = |s: Status| cases.iter().filter(|c| c.status == s).count();
    let (passed, failed, skipped) = (
        count(Status::Pass),
        count(Status::Fail),
        count(Status::Skip),
    );
    let junit = args
        .junit
        .as_ref()
        .and_then(|path| write_junit(path, &cases, args.force).err());
    if let Some(path) = &args.sarif {
        crate::sarif::write(path, &findings(&cases, &library))?;
    }
    if args.json {
        let report = CheckReport {
            format: "drillhall-check/1",
            passed,
            failed,
            skipped,
            scenarios: files.len(),
            sessions,
            cases,
        };
        let mut text = serde_json::to_string_pretty(&report)
            .expect("invariant: the check report is plain strings and numbers");
        text.push('\n');
        outcome::print_data(&text)?;
    } else {
        let mut text = String::new();
        for c in &cases {
            text.push_str(&render(c, styles));
        }
        let verdict = if failed == 0 {
            styles.out.paint("check passed", Tone::Good)
        } else {
            styles.out.paint("check failed", Tone::Error)
        };
        let _ = writeln!(
            text,
            "{verdict}: {passed} passed, {failed} failed, {skipped} skipped ({} scenario{}, {sessions} golden session{})",
            files.len(),
            if files.len() == 1 { "" } else { "s" },
            if sessions == 1 { "" } else { "s" },
        );
        outcome::print(&text)?;
    }
    // After the results: a JUnit file that cannot be written is reported, and the exit code
    // stays the check's own.
    if let Some(e) = junit {
        outcome::eprint(&format!(
            "{} {e} (the results above are complete)\n",
            styles.err.paint("error:", Tone::Error)
        ));
    }
    Ok(if failed == 0 {
        Outcome::Success
    } else {
        Outcome::CheckFailed
    })
}
