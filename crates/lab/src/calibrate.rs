//! Calibration: bots × seeds over scenarios, and what their scores say about a scenario.
//!
//! [`sample`] plays every chosen [`Bot`] on every seed of a range (or of one shard of it) on
//! every scenario, one session per task on rayon's pool (never inside a tick), and keeps
//! each session's result as a [`Sample`]. Samples are data that merge: the shards of a
//! range merged ([`Samples::merge`]) are the samples of the whole range, in the same order,
//! so [`Report::new`] gives the same report byte for byte whatever the thread count or the
//! shard split.
//!
//! The report, per scenario (docs/calibrate.md explains each figure):
//! - each bot's score spread (min / median / max, in hundredths) and objective pass rates (‰);
//! - **luck share** (‰): the share of the score variance across every bot's sessions that
//!   comes from the seed with the bot fixed — `Σ_bots Σ_seeds (x − mean_bot)² ÷
//!   Σ (x − mean_all)²`, computed exactly in integers;
//! - **discrimination**: the expert's and the planner's median above the better of the
//!   do-nothing and random-valid medians, in hundredths;
//! - each expert step's **marginal value**: over seeds, what the expert loses without the
//!   step and with it [`crate::bots::DELAY`] ticks late (mean, max, and on how many seeds ‰
//!   it mattered at all);
//! - a **measured difficulty** beside the declared one: 1 when the planner gets all the
//!   expert gets above doing nothing, 5 when it gets none of it;
//! - the soundness invariants ([`crate::invariants`]) each bot breaks, with the first seed.
//!
//! Nothing here is a float: scores are hundredths, rates per-mille, rounded down.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use drillhall_debrief as score;
use drillhall_engine::{ObjectiveState, Session, SessionOptions};
use drillhall_scenario::Drill;
use drillhall_scenario::values::SeedRange;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::bots::Bot;
use crate::check::play_mode;
use crate::invariants::{self, Finding};

/// The format word of a samples document.
pub const SAMPLES_FORMAT: &str = "drillhall-calibrate-samples/1";
/// The format word of a report.
pub const REPORT_FORMAT: &str = "drillhall-calibrate/1";

/// One part of a split run: `index` of `count`, 1-based. A seed belongs to shard
/// `(seed − first) mod count + 1`, so every shard has seeds from the whole range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// The whole run.
    pub const ALL: Shard = Shard { index: 1, count: 1 };

    /// `2/4`.
    pub fn parse(s: &str) -> Option<Shard> {
        let (i, n) = s.split_once('/')?;
        let (index, count) = (i.trim().parse().ok()?, n.trim().parse().ok()?);
        (count >= 1 && (1..=count).contains(&index)).then_some(Shard { index, count })
    }

    fn has(self, range: SeedRange, seed: u64) -> bool {
        (seed - range.first) % self.count + 1 == self.index
    }
}

/// One bot's session on one seed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sample {
    pub seed: u64,
    /// The score, in hundredths.
    pub hundredths: u64,
    /// Containment, collateral, governance, least privilege: 0..=100 each.
    pub dimensions: [u32; 4],
    /// Whether each objective was met, in the scenario's order.
    pub met: Vec<bool>,
    /// Whether the bot's own commands took a workload down.
    pub outage: bool,
    /// Steps of the response the session refused.
    pub refused: u32,
}

/// One bot's samples on one scenario, by seed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotSamples {
    pub bot: String,
    pub samples: Vec<Sample>,
}

/// One scenario's samples.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioSamples {
    pub id: String,
    pub sha256: String,
    pub declared_difficulty: u8,
    pub objectives: Vec<String>,
    /// Expert step texts, 1-based in reports.
    pub expert_steps: Vec<String>,
    /// The scenario's `expect.luck_share.max`, ‰.
    #[serde(default)]
    pub luck_share_max: Option<u32>,
    pub bots: Vec<BotSamples>,
}

/// Everything a run played: what `--shard` writes and `--merge` reads.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Samples {
    pub format: String,
    pub scenarios: Vec<ScenarioSamples>,
}

/// Why samples cannot be taken or merged.
#[derive(Debug, PartialEq, Eq)]
pub enum SampleError {
    /// A `--bots` word that names no bot.
    UnknownBot(String),
    /// A session could not be scored (a bug: a finished session always scores).
    Unscored {
        scenario: String,
        bot: String,
        seed: u64,
        reason: String,
    },
    /// Two sample sets that are not parts of one run.
    Mismatch(String),
}

impl std::fmt::Display for SampleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SampleError::UnknownBot(w) => write!(
                f,
                "no bot is called `{w}`: use {}",
                crate::bots::WORDS.join(", ")
            ),
            SampleError::Unscored {
                scenario,
                bot,
                seed,
                reason,
            } => write!(
                f,
                "{scenario}: {bot} on seed {seed} cannot be scored: {reason}"
            ),
            SampleError::Mismatch(m) => write!(f, "the sample files are not parts of one run: {m}"),
        }
    }
}

impl std::error::Error for SampleError {}

/// Plays one bot on one seed and keeps what calibration reads.
pub fn play(drill: &Arc<Drill>, bot: Bot, seed: u64) -> Result<Sample, String> {
    let options = SessionOptions {
        mode: Some(play_mode(drill)),
        simulated_reviewer: true,
    };
    let mut session = Session::with_options(drill, seed, &options);
    let mut policy = bot.policy(drill, seed);
    session
        .play(&mut *policy, None)
        .map_err(|e| e.to_string())?;
    let s = score::score(drill, &session).map_err(|e| e.to_string())?;
    let mut dimensions = [0; 4];
    for (slot, d) in dimensions.iter_mut().zip(&s.dimensions) {
        *slot = d.value;
    }
    let met = session
        .objectives()
        .iter()
        .map(|o| matches!(o.state, ObjectiveState::Met { .. }))
        .collect();
    let outage = session.summary().outages.iter().any(|o| o.trainee_caused);
    let refused = crate::check::refused_steps(&session).len() as u32;
    Ok(Sample {
        seed,
        hundredths: s.hundredths,
        dimensions,
        met,
        outage,
        refused,
    })
}

/// Plays `bots` (every bot when `None`) on every seed of `seeds` in `shard` on every drill,
/// in parallel; `progress` is told each finished session.
pub fn sample(
    drills: &[Arc<Drill>],
    bots: Option<&[String]>,
    seeds: SeedRange,
    shard: Shard,
    progress: &(dyn Fn() + Sync),
) -> Result<Samples, SampleError> {
    let mut plan: Vec<Vec<Bot>> = Vec::new();
    for d in drills {
        let chosen = match bots {
            Some(words) => Bot::expand(words, d).map_err(SampleError::UnknownBot)?,
            None => Bot::all(d),
        };
        // Bots that replay the expert have nothing to play without one.
        plan.push(
            chosen
                .into_iter()
                .filter(|b| !b.needs_expert() || !d.expert.is_empty())
                .collect(),
        );
    }
    let shard_seeds: Vec<u64> = seeds.seeds().filter(|&s| shard.has(seeds, s)).collect();
    let mut jobs: Vec<(usize, Bot, u64)> = Vec::new();
    for (i, bots) in plan.iter().enumerate() {
        for &b in bots {
            for &s in &shard_seeds {
                jobs.push((i, b, s));
            }
        }
    }
    // One session per task; `collect` keeps the jobs' order whatever the thread count.
    let results: Vec<Result<Sample, SampleError>> = jobs
        .par_iter()
        .map(|&(i, b, s)| {
            let r = play(&drills[i], b, s).map_err(|reason| SampleError::Unscored {
                scenario: drills[i].id().to_owned(),
                bot: b.name(),
                seed: s,
                reason,
            });
            progress();
            r
        })
        .collect();
    let mut results = results.into_iter();
    let mut scenarios = Vec::new();
    for (d, bots) in drills.iter().zip(&plan) {
        let mut bot_samples = Vec::new();
        for b in bots {
            let mut samples = Vec::with_capacity(shard_seeds.len());
            for _ in &shard_seeds {
                samples.push(results.next().expect("invariant: one result per job")?);
            }
            bot_samples.push(BotSamples {
                bot: b.name(),
                samples,
            });
        }
        scenarios.push(ScenarioSamples {
            id: d.id().to_owned(),
            sha256: d.sha256.clone(),
            declared_difficulty: d.info.difficulty,
            objectives: d.objectives.iter().map(|o| o.id.clone()).collect(),
            expert_steps: d.expert.iter().map(|s| s.text.clone()).collect(),
            luck_share_max: d.expect.as_ref().and_then(|e| e.luck_share_max),
            bots: bot_samples,
        });
    }
    Ok(Samples {
        format: SAMPLES_FORMAT.to_owned(),
        scenarios,
    })
}

/// The number of sessions a run of `sample` with these arguments plays (for a progress bar).
pub fn session_count(
    drills: &[Arc<Drill>],
    bots: Option<&[String]>,
    seeds: SeedRange,
    shard: Shard,
) -> u64 {
    let per = seeds.seeds().filter(|&s| shard.has(seeds, s)).count() as u64;
    drills
        .iter()
        .map(|d| {
            let chosen = match bots {
                Some(words) => Bot::expand(words, d).unwrap_or_default(),
                None => Bot::all(d),
            };
            chosen
                .into_iter()
                .filter(|b| !b.needs_expert() || !d.expert.is_empty())
                .count() as u64
                * per
        })
        .sum()
}

/// A counter a progress bar can read from another thread.
#[derive(Debug, Default)]
pub struct Counter(pub AtomicU64);

impl Counter {
    /// One more.
    pub fn tick(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

impl Samples {
    /// The union of parts of one run (shards), each bot's samples in seed order.
    pub fn merge(parts: Vec<Samples>) -> Result<Samples, SampleError> {
        let mut parts = parts.into_iter();
        let Some(mut whole) = parts.next() else {
            return Err(SampleError::Mismatch("no sample files were given".into()));
        };
        for part in parts {
            if part.format != whole.format {
                return Err(SampleError::Mismatch(format!(
                    "formats `{}` and `{}`",
                    whole.format, part.format
                )));
            }
            if part.scenarios.len() != whole.scenarios.len() {
                return Err(SampleError::Mismatch("different scenarios".into()));
            }
            for (w, p) in whole.scenarios.iter_mut().zip(part.scenarios) {
                if w.id != p.id || w.sha256 != p.sha256 {
                    return Err(SampleError::Mismatch(format!(
                        "{} ({}…) against {} ({}…)",
                        w.id,
                        crate::short_sha(&w.sha256),
                        p.id,
                        crate::short_sha(&p.sha256)
                    )));
                }
                if w.bots.len() != p.bots.len() {
                    return Err(SampleError::Mismatch(format!("{}: different bots", w.id)));
                }
                for (wb, pb) in w.bots.iter_mut().zip(p.bots) {
                    if wb.bot != pb.bot {
                        return Err(SampleError::Mismatch(format!(
                            "{}: bots {} and {}",
                            w.id, wb.bot, pb.bot
                        )));
                    }
                    wb.samples.extend(pb.samples);
                }
            }
        }
        for s in &mut whole.scenarios {
            for b in &mut s.bots {
                b.samples.sort_by_key(|x| x.seed);
                let before = b.samples.len();
                b.samples.dedup_by_key(|x| x.seed);
                if b.samples.len() != before {
                    return Err(SampleError::Mismatch(format!(
                        "{}: {} has a seed in two files",
                        s.id, b.bot
                    )));
                }
            }
        }
        Ok(whole)
    }
}

/// A bot's spread and objective pass rates on one scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BotReport {
    pub bot: String,
    pub sessions: usize,
    pub min: u64,
    pub median: u64,
    pub max: u64,
    /// `(objective, ‰ of sessions that met it)`.
    pub objectives: Vec<(String, u32)>,
}

/// What one expert step is worth, over seeds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepValue {
    /// 1-based.
    pub step: usize,
    pub command: String,
    /// Mean hundredths the expert loses without it (rounded toward zero), and the most.
    pub dropped_mean: Option<i64>,
    pub dropped_max: Option<i64>,
    /// ‰ of seeds on which dropping it changed the score.
    pub dropped_mattered: Option<u32>,
    /// Mean hundredths lost when it is late.
    pub delayed_mean: Option<i64>,
}

/// The medians of the good responders above the better of the weak ones, in hundredths.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Discrimination {
    pub expert: Option<i64>,
    pub planner: Option<i64>,
}

/// One scenario's calibration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScenarioReport {
    pub id: String,
    pub declared_difficulty: u8,
    pub measured_difficulty: Option<u8>,
    /// ‰ of the score variance that comes from the seed; `None` when no score varies.
    pub luck_share: Option<u32>,
    pub discrimination: Discrimination,
    pub bots: Vec<BotReport>,
    pub steps: Vec<StepValue>,
    pub findings: Vec<Finding>,
}

/// The report of a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Report {
    pub format: &'static str,
    /// The seeds played: `first..last`, and how many.
    pub seeds: String,
    pub sessions: usize,
    pub scenarios: Vec<ScenarioReport>,
}

/// The median of sorted values (the lower of the middle two).
fn median(sorted: &[u64]) -> u64 {
    sorted[(sorted.len() - 1) / 2]
}

fn permille(part: usize, whole: usize) -> u32 {
    if whole == 0 {
        0
    } else {
        (part as u64 * 1000 / whole as u64) as u32
    }
}

/// The luck share (see the module doc), ‰, exact: with `Sb = Σx`, `Qb = Σx²` and `n`
/// sessions per bot, within-bot variance × n = `Σ_b (n·Qb − Sb²)`; total variance × N =
/// `N·Q − S²`; the share is `N · within ÷ (n · total)`.
pub fn luck_share(bots: &[Vec<u64>]) -> Option<u32> {
    let mut within: u128 = 0;
    let (mut s, mut q, mut count) = (0u128, 0u128, 0u128);
    let mut share_base: Option<u128> = None;
    for b in bots {
        if b.is_empty() {
            continue;
        }
        let n = b.len() as u128;
        if share_base.is_some_and(|m| m != n) {
            return None;
        }
        share_base = Some(n);
        let sb: u128 = b.iter().map(|&x| u128::from(x)).sum();
        let qb: u128 = b.iter().map(|&x| u128::from(x) * u128::from(x)).sum();
        within += n * qb - sb * sb;
        s += sb;
        q += qb;
        count += n;
    }
    let n = share_base?;
    let total = count * q - s * s;
    if total == 0 {
        return None;
    }
    Some((count * within * 1000 / (n * total)).min(1000) as u32)
}

impl Report {
    /// The report of merged (or whole) samples.
    pub fn new(samples: &Samples) -> Report {
        let mut seeds: Vec<u64> = samples
            .scenarios
            .iter()
            .flat_map(|s| &s.bots)
            .flat_map(|b| b.samples.iter().map(|x| x.seed))
            .collect();
        seeds.sort_unstable();
        seeds.dedup();
        let seeds_text = match (seeds.first(), seeds.last()) {
            (Some(a), Some(b)) => format!("{a}..{b} ({} seeds)", seeds.len()),
            _ => "none".to_owned(),
        };
        let sessions = samples
            .scenarios
            .iter()
            .flat_map(|s| &s.bots)
            .map(|b| b.samples.len())
            .sum();
        Report {
            format: REPORT_FORMAT,
            seeds: seeds_text,
            sessions,
            scenarios: samples.scenarios.iter().map(scenario_report).collect(),
        }
    }
}

fn scenario_report(s: &ScenarioSamples) -> ScenarioReport {
    let bots: Vec<BotReport> = s
        .bots
        .iter()
        .filter(|b| !b.samples.is_empty())
        .map(|b| {
            let mut scores: Vec<u64> = b.samples.iter().map(|x| x.hundredths).collect();
            scores.sort_unstable();
            BotReport {
                bot: b.bot.clone(),
                sessions: scores.len(),
                min: scores[0],
                median: median(&scores),
                max: scores[scores.len() - 1],
                objectives: s
                    .objectives
                    .iter()
                    .enumerate()
                    .map(|(i, o)| {
                        let met = b
                            .samples
                            .iter()
                            .filter(|x| x.met.get(i).copied().unwrap_or(false))
                            .count();
                        (o.clone(), permille(met, b.samples.len()))
                    })
                    .collect(),
            }
        })
        .collect();
    let find = |name: &str| {
        s.bots
            .iter()
            .find(|b| b.bot == name && !b.samples.is_empty())
    };
    let med = |name: &str| bots.iter().find(|b| b.bot == name).map(|b| b.median);
    let floor = match (med("do-nothing"), med("random-valid")) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    };
    let above = |good: Option<u64>| match (good, floor) {
        (Some(g), Some(f)) => Some(g.cast_signed() - f.cast_signed()),
        _ => None,
    };
    let discrimination = Discrimination {
        expert: above(med("expert")),
        planner: above(med("planner")),
    };
    let measured_difficulty = match (med("expert"), med("planner"), med("do-nothing")) {
        (Some(e), Some(p), Some(z)) if e > z => {
            let missed = e.saturating_sub(p).min(e - z);
            Some(1 + (missed * 4 / (e - z)) as u8)
        }
        _ => None,
    };
    let expert = find("expert");
    let diffs = |name: &str| -> Option<Vec<i64>> {
        let (e, b) = (expert?, find(name)?);
        Some(
            e.samples
                .iter()
                .zip(&b.samples)
                .map(|(x, y)| x.hundredths.cast_signed() - y.hundredths.cast_signed())
                .collect(),
        )
    };
    let steps = s
        .expert_steps
        .iter()
        .enumerate()
        .map(|(k, text)| {
            let dropped = diffs(&format!("expert-minus-{}", k + 1));
            let delayed = diffs(&format!("expert-delayed-{}", k + 1));
            let mean = |d: &Vec<i64>| d.iter().sum::<i64>() / (d.len().max(1) as u64).cast_signed();
            StepValue {
                step: k + 1,
                command: text.clone(),
                dropped_mean: dropped.as_ref().map(mean),
                dropped_max: dropped.as_ref().and_then(|d| d.iter().copied().max()),
                dropped_mattered: dropped
                    .as_ref()
                    .map(|d| permille(d.iter().filter(|&&x| x != 0).count(), d.len())),
                delayed_mean: delayed.as_ref().map(mean),
            }
        })
        .collect();
    let all_scores: Vec<Vec<u64>> = s
        .bots
        .iter()
        .map(|b| b.samples.iter().map(|x| x.hundredths).collect())
        .collect();
    let luck = luck_share(&all_scores);
    ScenarioReport {
        id: s.id.clone(),
        declared_difficulty: s.declared_difficulty,
        measured_difficulty,
        luck_share: luck,
        discrimination,
        bots,
        steps,
        findings: invariants::findings_with(s, luck, s.luck_share_max),
    }
}
