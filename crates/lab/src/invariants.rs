//! Soundness invariants: what bots' scores over seeds must show of a sound scenario.
//!
//! | invariant | severity | broken when |
//! |---|---|---|
//! | `expert-dominates` | error | a bot that is not the expert's own (planner, do-nothing, panic, revoke-leaked-only, rotate-without-redeploy, random-valid) scores above the expert on a seed |
//! | `steps-add-up` | error | putting a dropped expert step back (the expert against `expert-minus-K`) lowers the score by more than [`TOLERANCE`] on a seed |
//! | `do-nothing-below` | error | doing nothing scores less than [`MARGIN`] below the expert on a seed |
//! | `panic-below` | error | on a seed where the panic's own commands took a workload down, it scores less than [`MARGIN`] below the expert |
//! | `worthless-step` | warning | dropping an expert step, and delaying it, changes nothing on every seed |
//! | `luck` | warning | the luck share is above [`LUCK_WARNING`] ‰ (or above the scenario's `expect.luck_share.max`, then an error) |
//!
//! Each finding names the bot and the first seed that breaks it, and on how many seeds it
//! is broken. `check` turns findings into cases; `calibrate` lists them per scenario.

use serde::Serialize;

use crate::calibrate::{BotSamples, ScenarioSamples};

/// Hundredths an added correct step may cost (rounding in the rules).
pub const TOLERANCE: u64 = 200;
/// Hundredths a weak response must stay below the expert: "clearly below".
pub const MARGIN: u64 = 2000;
/// ‰ of score variance from the seed above which luck decides the scenario.
pub const LUCK_WARNING: u32 = 500;

/// Every invariant, in the order `check` reports them.
pub const NAMES: [&str; 6] = [
    "expert-dominates",
    "steps-add-up",
    "do-nothing-below",
    "panic-below",
    "worthless-step",
    "luck",
];

/// The bots the expert must score at least as well as, seed by seed.
pub const DOMINATED: [&str; 6] = [
    "planner",
    "do-nothing",
    "panic",
    "revoke-leaked-only",
    "rotate-without-redeploy",
    "random-valid",
];

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One invariant broken on a scenario.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub invariant: &'static str,
    pub severity: Severity,
    /// The bot whose sessions break it.
    pub bot: Option<String>,
    /// The first seed that breaks it.
    pub seed: Option<u64>,
    /// How many seeds break it.
    pub seeds: usize,
    pub message: String,
}

fn pts(h: u64) -> String {
    crate::check::points_text(h)
}

/// Seeds where `bad(expert, other)` holds, comparing samples seed by seed.
fn broken(
    expert: &BotSamples,
    other: &BotSamples,
    bad: impl Fn(u64, u64, &crate::calibrate::Sample) -> bool,
) -> Vec<(u64, u64, u64)> {
    expert
        .samples
        .iter()
        .zip(&other.samples)
        .filter(|(e, o)| e.seed == o.seed && bad(e.hundredths, o.hundredths, o))
        .map(|(e, o)| (e.seed, e.hundredths, o.hundredths))
        .collect()
}

fn push(
    out: &mut Vec<Finding>,
    invariant: &'static str,
    severity: Severity,
    who: &str,
    seeds: &[(u64, u64, u64)],
    what: String,
) {
    if let Some(&(seed, ..)) = seeds.first() {
        out.push(Finding {
            invariant,
            severity,
            bot: Some(who.to_owned()),
            seed: Some(seed),
            seeds: seeds.len(),
            message: what,
        });
    }
}

/// Every invariant a scenario's samples break (`luck` is the scenario's luck share, ‰).
pub fn findings(s: &ScenarioSamples, luck: Option<u32>) -> Vec<Finding> {
    findings_with(s, luck, None)
}

/// [`findings`] with the scenario's luck-share ceiling, when it declares one.
pub fn findings_with(
    s: &ScenarioSamples,
    luck: Option<u32>,
    luck_max: Option<u32>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let bot = |name: &str| {
        s.bots
            .iter()
            .find(|b| b.bot == name && !b.samples.is_empty())
    };
    if let Some(expert) = bot("expert") {
        for name in DOMINATED {
            let Some(b) = bot(name) else { continue };
            let seeds = broken(expert, b, |e, o, _| o > e);
            if let Some(&(seed, e, o)) = seeds.first() {
                push(
                    &mut out,
                    "expert-dominates",
                    Severity::Error,
                    name,
                    &seeds,
                    format!(
                        "{name} scored {} above the expert's {} on seed {seed}",
                        pts(o),
                        pts(e)
                    ),
                );
            }
        }
        if let Some(b) = bot("do-nothing") {
            let seeds = broken(expert, b, |e, o, _| o + MARGIN > e);
            if let Some(&(seed, e, o)) = seeds.first() {
                push(
                    &mut out,
                    "do-nothing-below",
                    Severity::Error,
                    "do-nothing",
                    &seeds,
                    format!(
                        "doing nothing scored {} against the expert's {} on seed {seed}: less than {} below",
                        pts(o),
                        pts(e),
                        pts(MARGIN)
                    ),
                );
            }
        }
        if let Some(b) = bot("panic") {
            let seeds = broken(expert, b, |e, o, x| x.outage && o + MARGIN > e);
            if let Some(&(seed, e, o)) = seeds.first() {
                push(
                    &mut out,
                    "panic-below",
                    Severity::Error,
                    "panic",
                    &seeds,
                    format!(
                        "the panic took a workload down and still scored {} against the expert's {} on seed {seed}: less than {} below",
                        pts(o),
                        pts(e),
                        pts(MARGIN)
                    ),
                );
            }
        }
        let steps = s.expert_steps.len();
        for k in 1..=steps {
            let name = format!("expert-minus-{k}");
            if let Some(b) = bot(&name) {
                let seeds = broken(expert, b, |e, o, _| o > e + TOLERANCE);
                if let Some(&(seed, e, o)) = seeds.first() {
                    push(
                        &mut out,
                        "steps-add-up",
                        Severity::Error,
                        &name,
                        &seeds,
                        format!(
                            "without step {k} the expert scored {} on seed {seed}, more than its {} with it",
                            pts(o),
                            pts(e)
                        ),
                    );
                }
                let delayed = bot(&format!("expert-delayed-{k}"));
                let same = |b: &BotSamples| {
                    b.samples
                        .iter()
                        .zip(&expert.samples)
                        .all(|(x, y)| x.hundredths == y.hundredths && x.met == y.met)
                };
                if same(b) && delayed.is_none_or(same) {
                    out.push(Finding {
                        invariant: "worthless-step",
                        severity: Severity::Warning,
                        bot: Some(name.clone()),
                        seed: None,
                        seeds: b.samples.len(),
                        message: format!(
                            "expert step {k} (`{}`) changes nothing when dropped or delayed, on every seed",
                            s.expert_steps[k - 1]
                        ),
                    });
                }
            }
        }
    }
    if let Some(l) = luck {
        let over_ceiling = luck_max.is_some_and(|m| l > m);
        if over_ceiling || l > LUCK_WARNING {
            let limit = luck_max.filter(|_| over_ceiling).unwrap_or(LUCK_WARNING);
            out.push(Finding {
                invariant: "luck",
                severity: if over_ceiling {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                bot: None,
                seed: None,
                seeds: 0,
                message: format!(
                    "luck decides this scenario: {l}‰ of the score variance comes from the seed (limit {limit}‰)"
                ),
            });
        }
    }
    out
}
