//! `drillhall calibrate [DIR|FILE…]`: bots × seeds over scenarios, and what their scores say.
//!
//! Plays the lab's bots ([`drillhall_lab::bots`]) on every seed of `--seeds` on every
//! scenario, in parallel over sessions (`RAYON_NUM_THREADS` sets the threads; the results do
//! not depend on it), and prints per scenario each bot's min / median / max and objective
//! pass rates, the luck share, discrimination, each expert step's marginal value, a measured
//! difficulty beside the declared one, and the soundness invariants broken with the seed
//! that breaks them ([`drillhall_lab::calibrate`], docs/calibrate.md).
//!
//! A run splits over machines with `--shard i/n --samples FILE`; `--merge FILE…` reads the
//! parts back and reports exactly what the whole run reports. A progress bar is drawn on
//! stderr when stderr is a terminal. Exit 0 when the report is printed, 2 for bad input.

use std::fmt::Write as _;
use std::io::{self, IsTerminal as _};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use drillhall_lab::bots::{self, Bot};
use drillhall_lab::calibrate::{self, Counter, Report, Samples, ScenarioReport, Shard};
use drillhall_lab::check::points_text;
use drillhall_lab::invariants::Severity;
use drillhall_scenario::Drill;
use drillhall_scenario::values::SeedRange;

use crate::outcome::{self, CliError, Outcome};
use crate::style::{Styles, Tone};

/// Seeds played when `--seeds` is not given.
pub const DEFAULT_SEEDS: SeedRange = SeedRange {
    first: 1,
    last: 100,
};

const EXAMPLES: &str = "\
Examples:
  drillhall calibrate
  drillhall calibrate scenarios/leaked-ci-deploy-token.yaml --seeds 1..1000 --md
  drillhall calibrate --bots expert,planner,do-nothing,panic --json
  drillhall calibrate --shard 1/2 --samples part1.json
  drillhall calibrate --shard 2/2 --samples part2.json
  drillhall calibrate --merge part1.json part2.json --json

Bots: expert, planner, do-nothing, panic, revoke-leaked-only, rotate-without-redeploy,
random-valid, expert-minus (every step dropped), expert-delayed (every step late),
expert-first (every partial prefix), or one of them by step: expert-minus-3.";

/// Measure scenarios with bots over seeds: score spreads, luck, discrimination, the worth
/// of each expert step, and the soundness invariants they break.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Scenario files, or directories of them (default: `scenarios`).
    #[arg(value_name = "DIR|FILE")]
    paths: Vec<PathBuf>,
    /// The seeds to play (default 1..100).
    #[arg(long, value_name = "A..B", value_parser = crate::check::parse_seeds)]
    seeds: Option<SeedRange>,
    /// The bots to play, comma-separated (default: every bot).
    #[arg(long, value_name = "LIST", value_delimiter = ',', value_parser = parse_bot)]
    bots: Option<Vec<String>>,
    /// Play only this part of the seeds: `i/n`.
    #[arg(long, value_name = "i/n", value_parser = parse_shard)]
    shard: Option<Shard>,
    /// Also write the raw samples here, for `--merge`.
    #[arg(long, value_name = "FILE")]
    samples: Option<PathBuf>,
    /// Report on sample files written by `--samples` instead of playing.
    #[arg(long, value_name = "FILES", num_args = 1.., conflicts_with_all = ["paths", "seeds", "bots", "shard"])]
    merge: Vec<PathBuf>,
    /// Print the report as JSON.
    #[arg(long, conflicts_with = "md")]
    json: bool,
    /// Print the report as Markdown.
    #[arg(long)]
    md: bool,
}

fn parse_bot(s: &str) -> Result<String, String> {
    let s = s.trim();
    if bots::WORDS.contains(&s) || Bot::parse(s).is_some() {
        Ok(s.to_owned())
    } else {
        Err(format!(
            "no bot is called `{s}`: use {}",
            bots::WORDS.join(", ")
        ))
    }
}

fn parse_shard(s: &str) -> Result<Shard, String> {
    Shard::parse(s).ok_or_else(|| format!("expected a shard such as `1/2`, found `{s}`"))
}

/// The scenarios named, each file once, directories expanded in name order.
fn drills(paths: &[PathBuf]) -> Result<Vec<Arc<Drill>>, CliError> {
    let default = [PathBuf::from("scenarios")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let found = crate::check::scenario_files(p)?;
            if found.is_empty() {
                return Err(CliError::read(
                    p,
                    io::Error::new(
                        io::ErrorKind::NotFound,
                        "no scenario files (*.yaml, *.yml) in it",
                    ),
                ));
            }
            files.extend(found);
        } else {
            files.push(p.clone());
        }
    }
    files.dedup();
    files.iter().map(|f| crate::input::drill(f)).collect()
}

fn read_samples(path: &Path) -> Result<Samples, CliError> {
    let text = crate::input::read_text(path, crate::input::JOURNAL)?;
    let samples: Samples = serde_json::from_str(&text).map_err(|e| {
        CliError::read(
            path,
            io::Error::other(format!(
                "line {}: not a samples file written by `drillhall calibrate --samples` ({e})",
                e.line()
            )),
        )
    })?;
    if samples.format != calibrate::SAMPLES_FORMAT {
        return Err(CliError::read(
            path,
            io::Error::other(format!(
                "its format is `{}`, this drillhall reads `{}`",
                samples.format,
                calibrate::SAMPLES_FORMAT
            )),
        ));
    }
    Ok(samples)
}

/// Plays the run, with a progress bar on a terminal.
fn play(args: &Args) -> Result<Samples, CliError> {
    let drills = drills(&args.paths)?;
    let seeds = args.seeds.unwrap_or(DEFAULT_SEEDS);
    let shard = args.shard.unwrap_or(Shard::ALL);
    let bots = args.bots.as_deref();
    let counter = Counter::default();
    let done = std::sync::atomic::AtomicBool::new(false);
    let result = std::thread::scope(|scope| {
        if io::stderr().is_terminal() {
            let total = calibrate::session_count(&drills, bots, seeds, shard);
            let (counter, done) = (&counter, &done);
            scope.spawn(move || {
                let bar = indicatif::ProgressBar::new(total);
                bar.set_style(
                    indicatif::ProgressStyle::with_template(
                        "{bar:40} {pos}/{len} sessions ({per_sec}, {eta} left)",
                    )
                    .expect("invariant: the template is valid"),
                );
                while !done.load(Ordering::Relaxed) {
                    bar.set_position(counter.0.load(Ordering::Relaxed));
                    std::thread::sleep(Duration::from_millis(100));
                }
                bar.finish_and_clear();
            });
        }
        let r = calibrate::sample(&drills, bots, seeds, shard, &|| counter.tick());
        done.store(true, Ordering::Relaxed);
        r
    });
    result.map_err(|e| CliError::read(Path::new("--bots"), io::Error::other(e.to_string())))
}

/// Runs (or merges) and reports.
pub fn run(args: &Args, styles: Styles) -> Result<Outcome, CliError> {
    let samples = if args.merge.is_empty() {
        play(args)?
    } else {
        let parts = args
            .merge
            .iter()
            .map(|p| read_samples(p))
            .collect::<Result<Vec<_>, _>>()?;
        Samples::merge(parts)
            .map_err(|e| CliError::read(&args.merge[0], io::Error::other(e.to_string())))?
    };
    if let Some(path) = &args.samples {
        let mut text = serde_json::to_string(&samples)
            .expect("invariant: samples are plain strings and numbers");
        text.push('\n');
        crate::output::write(path, text.as_bytes(), true)?;
    }
    let report = Report::new(&samples);
    let text = if args.json {
        let mut t = serde_json::to_string_pretty(&report)
            .expect("invariant: the report is plain strings and numbers");
        t.push('\n');
        t
    } else if args.md {
        markdown(&report)
    } else {
        text(&report, styles)
    };
    outcome::print_data(&text)?;
    Ok(Outcome::Success)
}

fn signed(h: i64) -> String {
    let sign = if h < 0 { "−" } else { "+" };
    format!("{sign}{}", points_text(h.unsigned_abs()))
}

fn opt<T>(v: Option<T>, f: impl Fn(T) -> String) -> String {
    v.map_or_else(|| "-".to_owned(), f)
}

fn objectives_text(o: &[(String, u32)]) -> String {
    o.iter()
        .map(|(id, p)| format!("{id} {p}‰"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn difficulty_text(s: &ScenarioReport) -> String {
    format!(
        "declared difficulty {}, measured {}; luck share {}",
        s.declared_difficulty,
        opt(s.measured_difficulty, |d| d.to_string()),
        opt(s.luck_share, |l| format!("{l}‰")),
    )
}

fn text(report: &Report, styles: Styles) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "calibrate: {} sessions, seeds {}",
        report.sessions, report.seeds
    );
    for s in &report.scenarios {
        let _ = writeln!(out, "\n{} ({})", s.id, difficulty_text(s));
        let width = s.bots.iter().map(|b| b.bot.len()).max().unwrap_or(3).max(3);
        let _ = writeln!(
            out,
            "  {:width$}  {:>6}  {:>6}  {:>6}  objectives met",
            "bot", "min", "median", "max"
        );
        for b in &s.bots {
            let _ = writeln!(
                out,
                "  {:width$}  {:>6}  {:>6}  {:>6}  {}",
                b.bot,
                points_text(b.min),
                points_text(b.median),
                points_text(b.max),
                objectives_text(&b.objectives)
            );
        }
        let _ = writeln!(
            out,
            "  discrimination: expert {}, planner {} (medians above the better of do-nothing and random-valid)",
            opt(s.discrimination.expert, signed),
            opt(s.discrimination.planner, signed)
        );
        for st in &s.steps {
            let _ = writeln!(
                out,
                "  step {} `{}`: {} without it (most {}, mattered on {} of seeds), {} when late",
                st.step,
                st.command,
                opt(st.dropped_mean, |h| signed(-h)),
                opt(st.dropped_max, |h| signed(-h)),
                opt(st.dropped_mattered, |p| format!("{p}‰")),
                opt(st.delayed_mean, |h| signed(-h)),
            );
        }
        for f in &s.findings {
            let word = match f.severity {
                Severity::Error => styles.out.paint("ERROR", Tone::Error),
                Severity::Warning => styles.out.paint("WARN", Tone::Warn),
            };
            let seeds = if f.seeds > 1 {
                format!(" ({} seeds)", f.seeds)
            } else {
                String::new()
            };
            let _ = writeln!(out, "  {word} {}: {}{seeds}", f.invariant, f.message);
        }
    }
    out
}

fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Calibration\n\n{} sessions, seeds {}.",
        report.sessions, report.seeds
    );
    for s in &report.scenarios {
        let _ = writeln!(out, "\n## {}\n\n{}.\n", s.id, difficulty_text(s));
        let _ = writeln!(out, "| bot | min | median | max | objectives met |");
        let _ = writeln!(out, "|---|---:|---:|---:|---|");
        for b in &s.bots {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                b.bot,
                points_text(b.min),
                points_text(b.median),
                points_text(b.max),
                objectives_text(&b.objectives)
            );
        }
        let _ = writeln!(
            out,
            "\nDiscrimination: expert {}, planner {}.",
            opt(s.discrimination.expert, signed),
            opt(s.discrimination.planner, signed)
        );
        if !s.steps.is_empty() {
            let _ = writeln!(
                out,
                "\n| step | command | without it | most | mattered | late |"
            );
            let _ = writeln!(out, "|---:|---|---:|---:|---:|---:|");
            for st in &s.steps {
                let _ = writeln!(
                    out,
                    "| {} | `{}` | {} | {} | {} | {} |",
                    st.step,
                    st.command.replace('|', "\\|"),
                    opt(st.dropped_mean, |h| signed(-h)),
                    opt(st.dropped_max, |h| signed(-h)),
                    opt(st.dropped_mattered, |p| format!("{p}‰")),
                    opt(st.delayed_mean, |h| signed(-h)),
                );
            }
        }
        if !s.findings.is_empty() {
            let _ = writeln!(out);
            for f in &s.findings {
                let word = match f.severity {
                    Severity::Error => "**error**",
                    Severity::Warning => "warning",
                };
                let _ = writeln!(
                    out,
                    "- {word} `{}`: {} ({} seed{})",
                    f.invariant,
                    f.message,
                    f.seeds,
                    if f.seeds == 1 { "" } else { "s" }
                );
            }
        }
    }
    out
}
