//! Calibration: the confidence a trainee stated on high-tier decisions, against whether each
//! decision helped.
//!
//! A decision *helped* when the session scored at least as well with it as without it (the
//! `without` counterfactual's delta is ≤ 0, i.e. the actual minus the counterfactual total is
//! ≥ 0). The figure is the Brier score of the stated confidences against those outcomes, in
//! permille: the mean of (confidence − outcome)² with outcome 1 for helped, 0 for made worse.
//! 0‰ is perfect, always saying 50% scores 250‰, and being sure and wrong scores 1000‰.
//! In integers: Σ (confidence% − 100·outcome)² ÷ (10 · n), rounded half up.
//!
//! Decisions without a stated confidence are counted and reported as such, never as zero.

use drillhall_estate::Ticks;
use serde::Serialize;

use crate::counterfactual::{Counterfactual, CounterfactualKind};
use crate::timeline::{Decision, DecisionOutcome};
use drillhall_engine::Tier;

/// Whether calibration could be computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CalibrationStatus {
    /// At least one high-tier decision ran with a stated confidence.
    Computed,
    /// High-tier decisions ran, none with a stated confidence.
    NoConfidenceStated,
    /// No high-tier decision ran.
    NoHighTierDecisions,
}

/// One high-tier decision that ran.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CalibratedDecision {
    pub input: u32,
    pub tick: Ticks,
    pub action: String,
    /// Absent when none was stated.
    pub confidence: Option<u8>,
    /// Whether the session scored at least as well with it as without it.
    pub helped: Option<bool>,
    /// Actual total minus the total without it, in weighted points.
    pub delta: Option<i64>,
}

/// The calibration of a session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Calibration {
    pub status: CalibrationStatus,
    pub decisions: Vec<CalibratedDecision>,
    /// High-tier decisions with a stated confidence and a known outcome.
    pub stated: u32,
    /// High-tier decisions without a stated confidence.
    pub unstated: u32,
    /// Of the stated ones, how many made things worse.
    pub made_worse: u32,
    /// The Brier score in permille, when there is something to score.
    pub brier_permille: Option<u32>,
    /// In plain words.
    pub sentence: String,
}

/// Calibration from the decisions and their `without` counterfactuals.
pub(crate) fn calibrate(decisions: &[Decision], counterfactuals: &[Counterfactual]) -> Calibration {
    let rows: Vec<CalibratedDecision> = decisions
        .iter()
        .filter(|d| {
            d.tier == Some(Tier::High) && matches!(d.outcome, DecisionOutcome::Executed { .. })
        })
        .map(|d| {
            let delta = counterfactuals
                .iter()
                .find(|c| c.kind == CounterfactualKind::Without && c.input == Some(d.input))
                .map(|c| -c.delta);
            CalibratedDecision {
                input: d.input,
                tick: d.tick,
                action: d.action.clone(),
                confidence: d.confidence,
                helped: delta.map(|x| x >= 0),
                delta,
            }
        })
        .collect();
    let scored: Vec<(u8, bool)> = rows
        .iter()
        .filter_map(|r| Some((r.confidence?, r.helped?)))
        .collect();
    let unstated = rows.iter().filter(|r| r.confidence.is_none()).count() as u32;
    let stated = scored.len() as u32;
    let made_worse = scored.iter().filter(|(_, h)| !h).count() as u32;
    let brier_permille = (!scored.is_empty()).then(|| {
        let sum: u64 = scored
            .iter()
            .map(|&(c, helped)| {
                let diff = i64::from(c) - if helped { 100 } else { 0 };
                diff.unsigned_abs().pow(2)
            })
            .sum();
        let n = scored.len() as u64;
        u32::try_from((sum + 5 * n) / (10 * n)).unwrap_or(u32::MAX)
    });
    let status = if rows.is_empty() {
        CalibrationStatus::NoHighTierDecisions
    } else if scored.is_empty() {
        CalibrationStatus::NoConfidenceStated
    } else {
        CalibrationStatus::Computed
    };
    let sentence = sentence(
        status,
        &scored,
        unstated,
        made_worse,
        brier_permille,
        rows.len(),
    );
    Calibration {
        status,
        decisions: rows,
        stated,
        unstated,
        made_worse,
        brier_permille,
        sentence,
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn sentence(
    status: CalibrationStatus,
    scored: &[(u8, bool)],
    unstated: u32,
    made_worse: u32,
    brier: Option<u32>,
    high: usize,
) -> String {
    match status {
        CalibrationStatus::NoHighTierDecisions => {
            "No high-tier decision ran, so there is no stated confidence to calibrate.".to_owned()
        }
        CalibrationStatus::NoConfidenceStated => format!(
            "No confidence was stated on the {} that ran, so calibration cannot be computed.",
            plural(high, "high-tier decision", "high-tier decisions")
        ),
        CalibrationStatus::Computed => {
            let lo = scored.iter().map(|s| s.0).min().unwrap_or(0);
            let hi = scored.iter().map(|s| s.0).max().unwrap_or(0);
            let sure = if lo == hi {
                format!("{lo}%")
            } else {
                format!("{lo}–{hi}%")
            };
            let n = scored.len();
            let verdict = match (n, made_worse) {
                (1, 0) => "it helped".to_owned(),
                (1, _) => "it made things worse".to_owned(),
                (_, 0) => "none of them made things worse".to_owned(),
                (_, k) => format!("{k} of them made things worse"),
            };
            let mut s = format!(
                "You were {sure} sure of {}; {verdict}. Brier score {}‰ (0 is perfect; always saying 50% scores 250‰).",
                plural(n, "high-tier decision", "high-tier decisions"),
                brier.unwrap_or(0)
            );
            if unstated > 0 {
                s.push_str(&if unstated == 1 {
                    " 1 more ran without a stated confidence and is not counted.".to_owned()
                } else {
                    format!(" {unstated} more ran without a stated confidence and are not counted.")
                });
            }
            s
        }
    }
}
