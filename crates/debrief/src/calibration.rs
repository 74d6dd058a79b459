//! Calibration: the confidence a trainee stated on high-tier decisions, against whether each
//! decision was right.
//!
//! A decision *helped* when the session scored at least as well with it as without it (the
//! `without` counterfactual). It was *right* when it also did at least as well as the best
//! alternative the counterfactuals know: the expert's choice at that point (its first
//! medium- or high-tier step due at or after the decision). Both are followed by the rest of
//! the expert's response on the same seed, so only the decision differs. Revoking a leaked token at once helps against doing nothing, and is still wrong
//! when rotating it would have scored more.
//!
//! Two figures, both against *right*:
//! - **certainty-based marks** (Gardner-Medwin): a stated confidence below 67% is level 1,
//!   67–79% level 2, 80% and above level 3; a right decision earns 1, 2 or 3 marks, a wrong one
//!   0, −2 or −6. Confident and wrong costs more than unsure and wrong; a wrong decision at
//!   level 3 is a **confident error**. `marks` is the sum, out of `3 × n`.
//! - the **Brier score** in permille: the mean of (confidence − outcome)² with outcome 1 for
//!   right, 0 for wrong. 0‰ is perfect, always saying 50% scores 250‰, being sure and wrong
//!   scores 1000‰. In integers: Σ (confidence% − 100·outcome)² ÷ (10 · n), rounded half up.
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
    /// Whether it did at least as well as leaving it out and as the expert's choice then.
    pub right: Option<bool>,
    /// The expert's choice at that point, when it differs from the decision.
    pub expert_choice: Option<String>,
    /// With the rest of the expert's response after both: the total with the decision minus
    /// the total with the expert's choice in its place.
    pub expert_delta: Option<i64>,
    /// Certainty-based marks: 1, 2, 3 when right; 0, −2, −6 when wrong.
    pub mark: Option<i32>,
}

/// A high-tier decision re-run with the expert's choice at that point in its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Alternative {
    pub input: u32,
    /// The expert's step (1-based).
    pub step: u32,
    pub action: String,
    /// The decision followed by the rest of the expert's response, in weighted points.
    pub decision_total: u64,
    /// The expert's response from its choice on instead, in weighted points.
    pub total: u64,
}

/// The certainty level of a stated confidence: 1 (< 67%), 2 (67–79%), 3 (≥ 80%).
pub fn certainty_level(confidence: u8) -> u8 {
    match confidence {
        0..=66 => 1,
        67..=79 => 2,
        _ => 3,
    }
}

/// Certainty-based marks for a decision at a level: right 1/2/3, wrong 0/−2/−6.
pub fn certainty_mark(level: u8, right: bool) -> i32 {
    match (level, right) {
        (1, true) => 1,
        (2, true) => 2,
        (_, true) => 3,
        (1, false) => 0,
        (2, false) => -2,
        (_, false) => -6,
    }
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
    /// Of the stated ones, how many were wrong at certainty level 3.
    pub confident_errors: u32,
    /// Certainty-based marks, summed, and the most they could be (3 per decision).
    pub marks: Option<i32>,
    pub marks_max: Option<i32>,
    /// The Brier score in permille, when there is something to score.
    pub brier_permille: Option<u32>,
    /// In plain words.
    pub sentence: String,
}

/// Calibration from the decisions, their `without` counterfactuals, the re-runs with the
/// expert's choice in their place, and the session's total.
pub(crate) fn calibrate(
    decisions: &[Decision],
    counterfactuals: &[Counterfactual],
    alternatives: &[Alternative],
) -> Calibration {
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
            let alternative = alternatives.iter().find(|a| a.input == d.input);
            let expert_delta =
                alternative.map(|a| a.decision_total.cast_signed() - a.total.cast_signed());
            let right = delta.map(|x| x >= 0 && expert_delta.is_none_or(|e| e >= 0));
            CalibratedDecision {
                input: d.input,
                tick: d.tick,
                action: d.action.clone(),
                confidence: d.confidence,
                helped: delta.map(|x| x >= 0),
                delta,
                right,
                expert_choice: alternative.map(|a| a.action.clone()),
                expert_delta,
                mark: d
                    .confidence
                    .zip(right)
                    .map(|(c, r)| certainty_mark(certainty_level(c), r)),
            }
        })
        .collect();
    let scored: Vec<(u8, bool)> = rows
        .iter()
        .filter_map(|r| Some((r.confidence?, r.right?)))
        .collect();
    let unstated = rows.iter().filter(|r| r.confidence.is_none()).count() as u32;
    let stated = scored.len() as u32;
    let made_worse = rows
        .iter()
        .filter(|r| r.confidence.is_some() && r.helped == Some(false))
        .count() as u32;
    let confident_errors = scored
        .iter()
        .filter(|&&(c, right)| !right && certainty_level(c) == 3)
        .count() as u32;
    let marks = (!scored.is_empty()).then(|| {
        scored
            .iter()
            .map(|&(c, r)| certainty_mark(certainty_level(c), r))
            .sum::<i32>()
    });
    let marks_max =
        (!scored.is_empty()).then(|| 3 * i32::try_from(scored.len()).unwrap_or(i32::MAX / 3));
    let brier_permille = (!scored.is_empty()).then(|| {
        let sum: u64 = scored
            .iter()
            .map(|&(c, right)| {
                let diff = i64::from(c) - if right { 100 } else { 0 };
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
    let mut sentence = sentence(
        status,
        &scored,
        unstated,
        made_worse,
        brier_permille,
        rows.len(),
    );
    if status == CalibrationStatus::Computed {
        for r in rows
            .iter()
            .filter(|r| r.right == Some(false) && r.helped == Some(true))
        {
            if let (Some(choice), Some(d)) = (&r.expert_choice, r.expert_delta) {
                sentence.push_str(&format!(
                    " `{}` helped against leaving it out, but the expert's `{choice}` at that point scored {} weighted points more.",
                    r.action,
                    d.unsigned_abs()
                ));
            }
        }
        if let (Some(m), Some(max)) = (marks, marks_max) {
            sentence.push_str(&format!(" Certainty-based marks {m} of {max}"));
            match confident_errors {
                0 => sentence.push('.'),
                1 => sentence.push_str(": 1 confident error (sure and wrong costs 6)."),
                k => sentence.push_str(&format!(
                    ": {k} confident errors (sure and wrong costs 6 each)."
                )),
            }
        }
    }
    Calibration {
        status,
        decisions: rows,
        stated,
        unstated,
        made_worse,
        confident_errors,
        marks,
        marks_max,
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
