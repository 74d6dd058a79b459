//! The after-action debrief of a finished drillhall session, as data.
//!
//! The principal type in this crate is a [`Debrief`]: the [`Score`] of a finished session with
//! every point lost explained, the objectives with the tick each was met or lost, the trainee's
//! decisions beside the expert's response on the same seed (par), counterfactual re-runs of
//! the decisions that mattered, the calibration of stated confidence, totals by NIST CSF 2.0
//! category and, in shadow mode, the points the trainee's predictions earned. [`score`] alone
//! is the pure scoring function; [`Debrief::new`] adds the rest.
//!
//! Nothing here renders: a `Debrief` is a versioned serde value, and `drillhall-report` turns
//! it into terminal text, Markdown or JSON without computing anything.
//!
//! # How the score adds up
//!
//! Four dimensions, each an integer from 0 to 100: containment, collateral, governance and
//! least privilege ([`dimensions`] lists every rule and its points). Each starts at 100 and
//! every [`Deduction`] line takes dimension points off one of them. A dimension never goes
//! below 0: the line that would take it below is cut to what was left and keeps the original
//! figure in `capped_from`; lines after that cost nothing and are listed apart
//! (`uncharged`), as are lines of a dimension whose weight is 0.
//!
//! The scenario's `scoring` weights the dimensions. A line costs the total its points × its
//! dimension's weight (`weighted`). The total is kept in weighted points:
//!
//! ```text
//! max   = 100 × Σ weights                          (10 000 for weights 40/25/20/15)
//! total = max − Σ line.weighted  =  Σ dimension × weight
//! ```
//!
//! so the lines add up to the total exactly, with integers, and removing any line changes it.
//! The score out of 100 is `total ÷ Σ weights`: with weights that sum to 100 (the defaults
//! do) the total *is* the score in hundredths (`9 680` is 96.80). `points` is that score
//! rounded down, the figure `expect` bounds compare with; `hundredths` is it to two decimals.
//!
//! # JSON (`drillhall-debrief/2`)
//!
//! A [`Debrief`] serialises (and deserialises) with these field names; they are stable within
//! the format version.
//!
//! | field | meaning |
//! |---|---|
//! | `format` | `"drillhall-debrief/2"` (version 2 added `predictions`) |
//! | `scenario` | `{id, title, sha256}` of the scenario file |
//! | `seed`, `mode`, `engine`, `digest`, `end_tick` | the session: seed, supervision mode, engine version, event-log digest, last tick |
//! | `score` | `{weight_sum, max, total, points, hundredths, dimensions, lines, uncharged}` |
//! | `score.dimensions[]` | `{dimension, weight, value, lost}` — `value` is 0..=100 |
//! | `score.lines[]` | `{dimension, kind, points, capped_from, weighted, tick, events, command, csf, text}`; `command` is `{input, given, text, executed, event}` or null |
//! | `objectives[]` | `{id, text, state, tick, event, reason, csf}` — `state` is `met`, `failed` or `pending` |
//! | `decisions[]` | `{input, tick, command, action, tier, confidence, outcome, consequences, csf}`; `outcome.status` is `executed`, `refused`, `signoff-refused` or `awaiting-signoff` |
//! | `par` | `{score, objectives_met, objectives_total, steps}`; `steps[]` is `{step, tick, command, action, why, tier, done_by_trainee}` |
//! | `counterfactuals[]` | only decisions that ran: `{kind, input, step, action, tick, tier, total, delta, outage_minutes, counterfactual_outage_minutes, reach_added, reach_removed, objectives_changed, sentence}`; `kind` is `without` or `with-expert-step` |
//! | `calibration` | `{status, decisions, stated, unstated, made_worse, confident_errors, marks, marks_max, brier_permille, sentence}`; `status` is `computed`, `no-confidence-stated` or `no-high-tier-decisions`; `decisions[]` is `{input, tick, action, confidence, helped, delta, right, expert_choice, expert_delta, mark}` |
//! | `csf[]` | `{category, name, decisions, objectives_met, objectives_total, points_lost}`; `category` is the code (`RS.MI`) |
//! | `predictions` | shadow mode: `{points, max, steps}`; `steps[]` is `{step, tick, predicted, expected, points, event}`; null in the other modes |
//! | `lessons` | the scenario's own `debrief` Markdown, or null |
//! | `pauses` | a real-time drill the trainee paused: `{count, total_seconds, at, sentence}`; `at[]` is `{tick, seconds}` (drill tick, wall-clock seconds); absent when the clock was never paused |
//!
//! Ticks are integers (1 tick = 1 simulated minute); events are their ids in the session's
//! log. Nothing here is a float.

mod calibration;
mod counterfactual;
mod csf;
pub mod dimensions;
mod predictions;
mod timeline;
mod trace;

use drillhall_estate::Ticks;
use std::sync::Arc;

use drillhall_scenario::Drill;
use drillhall_scenario::drill::Mode;
use drillhall_scenario::drill::Weights;
use serde::Serialize;

pub use calibration::{CalibratedDecision, Calibration, CalibrationStatus};
pub use counterfactual::{Counterfactual, CounterfactualKind, ObjectiveChange};
pub use csf::CsfCategory;
pub use predictions::{POINTS_PER_STEP, PredictionStep, Predictions};
pub use timeline::{Consequence, Decision, DecisionOutcome, ParStep};
pub use trace::CommandRef;

use counterfactual::{Change, Outcome, Runner};
use dimensions::Facts;
use drillhall_engine::ObjectiveState;
use drillhall_engine::script::{Script, run_script};
use drillhall_engine::{EventId, Tier};
use drillhall_engine::{Input, Session};
use trace::Trace;

/// The debrief format this engine writes.
pub const FORMAT: &str = "drillhall-debrief/2";

/// Why a session cannot be scored.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ScoreError {
    /// Scoring needs the whole drill: finish the session first.
    #[error("the drill is not over (it is at {}, it ends at {}): finish it before scoring", drillhall_scenario::format_clock(*.tick), drillhall_scenario::format_clock(*.end))]
    NotFinished { tick: Ticks, end: Ticks },
    /// The session was played on another version of the scenario.
    #[error(
        "the session was played on a different version of {id} (sha256 {session}), this scenario is {scenario}"
    )]
    ScenarioMismatch {
        id: String,
        session: String,
        scenario: String,
    },
}

/// One of the four scored dimensions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// How far the attacker got, and for how long.
    Containment,
    /// Outages the trainee's own commands caused.
    Collateral,
    /// Procedure: incident, owners, sign-offs, confidence, emergency access, hints.
    Governance,
    /// Unused grants, stale credentials and orphaned identities left behind.
    LeastPrivilege,
}

impl Dimension {
    /// The four, in scoring order.
    pub const ALL: [Dimension; 4] = [
        Dimension::Containment,
        Dimension::Collateral,
        Dimension::Governance,
        Dimension::LeastPrivilege,
    ];

    /// The words: `least privilege`.
    pub fn as_str(self) -> &'static str {
        match self {
            Dimension::Containment => "containment",
            Dimension::Collateral => "collateral",
            Dimension::Governance => "governance",
            Dimension::LeastPrivilege => "least privilege",
        }
    }

    fn index(self) -> usize {
        self as usize
    }

    /// This dimension's weight in a scenario's `scoring`.
    pub fn weight(self, scoring: &Weights) -> u32 {
        match self {
            Dimension::Containment => scoring.containment,
            Dimension::Collateral => scoring.collateral,
            Dimension::Governance => scoring.governance,
            Dimension::LeastPrivilege => scoring.least_privilege,
        }
    }
}

/// One line of the score: points lost, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Deduction {
    pub dimension: Dimension,
    /// A stable word for the rule (`outage`, `exposure`, `unused-grant`; see [`dimensions`]).
    pub kind: &'static str,
    /// Dimension points lost (after any cap).
    pub points: u32,
    /// What the line would have cost had the dimension not run out.
    pub capped_from: Option<u32>,
    /// `points × weight`: what the line takes off the total.
    pub weighted: u64,
    /// When the loss happened (the end of the drill for what was left undone).
    pub tick: Ticks,
    /// The events that lost the points, earliest cause first.
    pub events: Vec<EventId>,
    /// The trainee command that led there, when one did.
    pub command: Option<CommandRef>,
    /// The CSF 2.0 category the line belongs to.
    pub csf: CsfCategory,
    /// What happened, in words an analyst understands.
    pub text: String,
}

/// One dimension's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DimensionScore {
    pub dimension: Dimension,
    pub weight: u32,
    /// 0..=100.
    pub value: u32,
    /// `100 − value`.
    pub lost: u32,
}

/// The score of a finished session (see the module doc for how it adds up).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Score {
    /// Σ weights (the scenario's `scoring`).
    pub weight_sum: u32,
    /// `100 × weight_sum`.
    pub max: u64,
    /// `max − Σ lines[].weighted`.
    pub total: u64,
    /// The score out of 100, rounded down.
    pub points: u32,
    /// The score out of 100 in hundredths, rounded down.
    pub hundredths: u64,
    pub dimensions: Vec<DimensionScore>,
    /// The lines that cost points, by dimension, then in the order the losses happened.
    pub lines: Vec<Deduction>,
    /// Lines that cost nothing: their dimension had run out, or weighs 0.
    pub uncharged: Vec<Deduction>,
}

impl Score {
    /// Applies lines (already in order) under the weights.
    fn from_lines(scoring: &Weights, raw: Vec<Deduction>) -> Score {
        let weights = Dimension::ALL.map(|d| d.weight(scoring));
        let weight_sum: u32 = weights.iter().sum();
        let mut remaining = [100u32; 4];
        let mut lines = Vec::new();
        let mut uncharged = Vec::new();
        for mut l in raw {
            let i = l.dimension.index();
            if l.points > remaining[i] {
                l.capped_from = Some(l.points);
                l.points = remaining[i];
            }
            remaining[i] -= l.points;
            l.weighted = u64::from(l.points) * u64::from(weights[i]);
            if l.weighted > 0 {
                lines.push(l);
            } else {
                uncharged.push(l);
            }
        }
        let max = 100 * u64::from(weight_sum);
        let total = max - lines.iter().map(|l| l.weighted).sum::<u64>();
        debug_assert_eq!(
            total,
            Dimension::ALL
                .iter()
                .map(|d| u64::from(remaining[d.index()]) * u64::from(weights[d.index()]))
                .sum::<u64>(),
            "the lines and the dimensions agree"
        );
        // Validation rejects all-zero weights; dividing by 1 keeps a hand-built one defined.
        let divisor = u64::from(weight_sum.max(1));
        Score {
            weight_sum,
            max,
            total,
            points: u32::try_from(total / divisor).unwrap_or(u32::MAX),
            hundredths: total * 100 / divisor,
            dimensions: Dimension::ALL
                .iter()
                .map(|&d| DimensionScore {
                    dimension: d,
                    weight: weights[d.index()],
                    value: remaining[d.index()],
                    lost: 100 - remaining[d.index()],
                })
                .collect(),
            lines,
            uncharged,
        }
    }

    /// The score out of 100 with two decimals: `96.80`.
    pub fn display(&self) -> String {
        format_hundredths(self.hundredths)
    }

    /// One dimension's result.
    pub fn dimension(&self, d: Dimension) -> &DimensionScore {
        &self.dimensions[d.index()]
    }
}

/// Hundredths as a decimal: `9680` → `96.80`.
pub fn format_hundredths(h: u64) -> String {
    format!("{}.{:02}", h / 100, h % 100)
}

/// Checks that a session can be scored against this scenario.
fn check(drill: &Drill, session: &Session) -> Result<(), ScoreError> {
    let sha = drill.sha256.clone();
    if session.scenario_id() != drill.id() || session.scenario_sha256() != sha {
        return Err(ScoreError::ScenarioMismatch {
            id: session.scenario_id().to_owned(),
            session: session.scenario_sha256().to_owned(),
            scenario: sha,
        });
    }
    if !session.is_over() {
        return Err(ScoreError::NotFinished {
            tick: session.tick(),
            end: session.end_tick(),
        });
    }
    Ok(())
}

fn compute(facts: &Facts<'_>) -> Score {
    Score::from_lines(&facts.drill.scoring, dimensions::deductions(facts))
}

/// The score of a finished session: a pure function of the scenario and the session.
pub fn score(drill: &Drill, session: &Session) -> Result<Score, ScoreError> {
    check(drill, session)?;
    Ok(compute(&Facts::new(drill, session)))
}

/// The points a session scores, in the shape a replay checks a journal's recorded score
/// with ([`drillhall_engine::journal::replay_scored`]).
pub fn points(drill: &Drill, session: &Session) -> Result<u32, String> {
    score(drill, session)
        .map(|s| s.points)
        .map_err(|e| e.to_string())
}

/// One objective's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ObjectiveResult {
    pub id: String,
    pub text: String,
    /// `met`, `failed` or `pending`.
    pub state: &'static str,
    /// When it was met or lost.
    pub tick: Option<Ticks>,
    /// The `objective-met` / `objective-failed` event.
    pub event: Option<EventId>,
    /// Why it failed.
    pub reason: Option<String>,
    pub csf: CsfCategory,
}

/// Every objective of a session with the tick it was met or lost.
pub fn objective_results(drill: &Drill, session: &Session) -> Vec<ObjectiveResult> {
    session
        .objectives()
        .into_iter()
        .map(|o| {
            let csf = drill
                .objectives
                .iter()
                .find(|s| s.id == o.id)
                .map_or(CsfCategory::IncidentMitigation, |s| {
                    CsfCategory::of_objective(&s.condition)
                });
            let (tick, event, reason) = match &o.state {
                ObjectiveState::Pending => (None, None, None),
                ObjectiveState::Met { tick, event } => (Some(*tick), Some(*event), None),
                ObjectiveState::Failed {
                    tick,
                    event,
                    reason,
                } => (Some(*tick), Some(*event), Some(reason.clone())),
            };
            ObjectiveResult {
                id: o.id,
                text: o.text,
                state: o.state.word(),
                tick,
                event,
                reason,
                csf,
            }
        })
        .collect()
}

/// The scenario a debrief is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScenarioRef {
    pub id: String,
    pub title: String,
    pub sha256: String,
}

/// The expert's response on the same seed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Par {
    pub score: Score,
    pub objectives_met: u32,
    pub objectives_total: u32,
    pub steps: Vec<ParStep>,
}

/// Totals for one CSF 2.0 category.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CsfTotal {
    pub category: CsfCategory,
    pub name: &'static str,
    /// Trainee decisions exercising it.
    pub decisions: u32,
    pub objectives_met: u32,
    pub objectives_total: u32,
    /// Weighted points lost on lines in this category.
    pub points_lost: u64,
}

/// The after-action debrief of a finished session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Debrief {
    pub format: &'static str,
    pub scenario: ScenarioRef,
    pub seed: u64,
    pub mode: Mode,
    pub engine: &'static str,
    pub digest: String,
    pub end_tick: Ticks,
    pub score: Score,
    pub objectives: Vec<ObjectiveResult>,
    pub decisions: Vec<Decision>,
    pub par: Par,
    pub counterfactuals: Vec<Counterfactual>,
    pub calibration: Calibration,
    pub csf: Vec<CsfTotal>,
    /// Shadow mode: the points the trainee's predictions earned.
    pub predictions: Option<Predictions>,
    /// The scenario's own `debrief` Markdown.
    pub lessons: Option<String>,
    /// The pauses of a real-time drill, from its journal ([`Debrief::with_pauses`]);
    /// absent from the JSON when the trainee never paused.
    #[serde(skip_serializing_if = "Pauses::is_empty")]
    pub pauses: Pauses,
}

/// The pauses the trainee took in a real-time drill (F4): how many, how long in all, and
/// at which drill times. They come from the journal's pause lines, not from the session:
/// pauses are wall-clock time, which the engine never sees and the score ignores.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Pauses {
    pub count: u32,
    /// Wall-clock seconds paused, all pauses together.
    pub total_seconds: u64,
    /// Each pause, in the order taken.
    pub at: Vec<PauseAt>,
    /// The pauses in one sentence, as every renderer prints it.
    pub sentence: String,
}

/// One pause: the drill tick the clock stopped at and the wall-clock seconds it stayed
/// stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct PauseAt {
    pub tick: Ticks,
    pub seconds: u64,
}

impl Pauses {
    /// The pauses a journal recorded.
    pub fn of(pauses: &[drillhall_engine::journal::Pause]) -> Pauses {
        let at: Vec<PauseAt> = pauses
            .iter()
            .map(|p| PauseAt {
                tick: p.tick,
                seconds: p.seconds,
            })
            .collect();
        let total_seconds = at.iter().map(|p| p.seconds).sum();
        let count = u32::try_from(at.len()).unwrap_or(u32::MAX);
        let sentence = if at.is_empty() {
            "The clock was never paused.".to_owned()
        } else {
            let list: Vec<String> = at
                .iter()
                .map(|p| {
                    format!(
                        "{} ({})",
                        drillhall_engine::format_clock(p.tick),
                        wall_seconds(p.seconds)
                    )
                })
                .collect();
            format!(
                "The clock was paused {count} time{} for {} in all, at {}.",
                if count == 1 { "" } else { "s" },
                wall_seconds(total_seconds),
                list.join(", ")
            )
        };
        Pauses {
            count,
            total_seconds,
            at,
            sentence,
        }
    }

    /// Whether the trainee never paused (every turn-based drill).
    pub fn is_empty(&self) -> bool {
        self.at.is_empty()
    }
}

/// Wall-clock seconds as people read them: `7s`, `1m35s`, `1h02m05s`.
pub fn wall_seconds(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    match (h, m) {
        (0, 0) => format!("{s}s"),
        (0, _) => format!("{m}m{s:02}s"),
        _ => format!("{h}h{m:02}m{s:02}s"),
    }
}

impl Debrief {
    /// Scores a finished session, runs par and the counterfactuals, and puts it together.
    pub fn new(drill: &Arc<Drill>, session: &Session) -> Result<Debrief, ScoreError> {
        check(drill, session)?;
        let facts = Facts::new(drill, session);
        let score = compute(&facts);
        let objectives = objective_results(drill, session);
        let trace = Trace::new(session);
        let decisions = timeline::decisions(&trace);

        // Par: the expert's response on the same seed and mode, with the simulated reviewer.
        let par_session = run_script(
            drill,
            session.seed(),
            session.mode(),
            &Script::expert(drill),
            None,
        )
        .expect("the expert's steps were validated with the scenario and no journal is written");
        let par_facts = Facts::new(drill, &par_session);
        let par_score = compute(&par_facts);
        let par_objectives = par_session.objectives();
        let steps = timeline::par_steps(par_session.expert_steps(), &par_session, &decisions);
        let par = Par {
            score: par_score,
            objectives_met: par_objectives
                .iter()
                .filter(|o| o.state.word() == "met")
                .count() as u32,
            objectives_total: par_objectives.len() as u32,
            steps,
        };

        let counterfactuals = if session.mode() == Mode::Shadow {
            // The expert acted; the trainee only predicted. There is no decision to take out.
            Vec::new()
        } else {
            counterfactuals(drill, session, &facts, &score, &decisions, &par.steps)
        };
        let alternatives = if session.mode() == Mode::Shadow {
            Vec::new()
        } else {
            expert_alternatives(drill, session, &decisions, &par.steps)
        };
        let calibration = calibration::calibrate(&decisions, &counterfactuals, &alternatives);
        let csf = csf_totals(&score, &objectives, &decisions);
        Ok(Debrief {
            format: FORMAT,
            scenario: ScenarioRef {
                id: drill.id().to_owned(),
                title: drill.info.title.clone(),
                sha256: session.scenario_sha256().to_owned(),
            },
            seed: session.seed(),
            mode: session.mode(),
            engine: drillhall_engine::ENGINE_VERSION,
            digest: session.digest(),
            end_tick: session.tick(),
            score,
            objectives,
            decisions,
            par,
            counterfactuals,
            calibration,
            csf,
            predictions: Predictions::of(session),
            lessons: drill.info.lessons.clone(),
            pauses: Pauses::default(),
        })
    }

    /// The debrief with the pauses its journal recorded (a real-time drill's F4 pauses).
    #[must_use]
    pub fn with_pauses(mut self, pauses: &[drillhall_engine::journal::Pause]) -> Debrief {
        self.pauses = Pauses::of(pauses);
        self
    }
}

/// Whether a tier is worth a counterfactual.
fn consequential(tier: Option<Tier>) -> bool {
    matches!(tier, Some(Tier::Medium | Tier::High))
}

fn counterfactuals(
    drill: &Arc<Drill>,
    session: &Session,
    facts: &Facts<'_>,
    score: &Score,
    decisions: &[Decision],
    par: &[ParStep],
) -> Vec<Counterfactual> {
    // Only commands that ran: a refused command or a sign-off the reviewer refused changed
    // nothing a re-run without it could show.
    let without: Vec<&Decision> = decisions
        .iter()
        .filter(|d| consequential(d.tier) && matches!(d.outcome, DecisionOutcome::Executed { .. }))
        .collect();
    let with: Vec<&ParStep> = par
        .iter()
        .filter(|p| consequential(p.tier) && !p.done_by_trainee)
        .collect();
    let changes: Vec<Change> = without
        .iter()
        .map(|d| Change::Skip(d.input))
        .chain(with.iter().map(|p| Change::Insert(p.tick)))
        .collect();
    if changes.is_empty() {
        return Vec::new();
    }
    let runner = Runner::new(drill, session, &changes);
    let actual = Outcome::of(score, facts);
    let outcome_of = |s: &Session| {
        let f = Facts::new(drill, s);
        let sc = compute(&f);
        Outcome::of(&sc, &f)
    };
    let mut out = Vec::new();
    for d in without {
        let cf = runner.run(Some(d.input), None);
        out.push(counterfactual::compare(
            CounterfactualKind::Without,
            Some(d.input),
            None,
            &d.action,
            d.tick,
            d.tier,
            &actual,
            &outcome_of(&cf),
        ));
    }
    let expert = &drill.expert;
    for p in with {
        let Some(spec) = expert.get(p.step as usize - 1) else {
            continue;
        };
        let input = Input::Command {
            command: spec.command.clone(),
            confidence: spec.confidence,
        };
        let cf = runner.run(None, Some((p.tick, input)));
        out.push(counterfactual::compare(
            CounterfactualKind::WithExpertStep,
            None,
            Some(p.step),
            &p.action,
            p.tick,
            p.tier,
            &actual,
            &outcome_of(&cf),
        ));
    }
    out
}

/// The expert's choice at a decision's point: its first consequential step due at or after
/// the decision's tick (its last one when none is left).
fn expert_choice(par: &[ParStep], tick: Ticks) -> Option<&ParStep> {
    let steps: Vec<&ParStep> = par.iter().filter(|p| consequential(p.tier)).collect();
    steps
        .iter()
        .find(|p| p.tick >= tick)
        .or_else(|| steps.last())
        .copied()
}

/// For each high-tier decision that ran and differs from the expert's choice at that point:
/// the session up to the decision, then the decision and the rest of the expert's response,
/// against the session up to the decision and the expert's response from its choice on. The
/// rest is the expert's in both, so only the decision differs. What calibration calls
/// "right" is doing at least as well this way, and as leaving the decision out.
fn expert_alternatives(
    drill: &Arc<Drill>,
    session: &Session,
    decisions: &[Decision],
    par: &[ParStep],
) -> Vec<calibration::Alternative> {
    let chosen: Vec<(&Decision, &ParStep)> = decisions
        .iter()
        .filter(|d| {
            d.tier == Some(Tier::High) && matches!(d.outcome, DecisionOutcome::Executed { .. })
        })
        .filter_map(|d| Some((d, expert_choice(par, d.tick)?)))
        // The decision *is* the expert's choice: nothing to compare it with.
        .filter(|(d, p)| d.action != p.action)
        .collect();
    if chosen.is_empty() {
        return Vec::new();
    }
    let changes: Vec<Change> = chosen.iter().map(|(d, _)| Change::Skip(d.input)).collect();
    let runner = Runner::new(drill, session, &changes);
    let total = |s: &Session| compute(&Facts::new(drill, s)).total;
    chosen
        .into_iter()
        .map(|(d, p)| {
            let from = p.step as usize - 1;
            let expert_from: Vec<_> = drill.expert[from..].to_vec();
            let rest: Vec<_> = drill.expert[from + 1..].to_vec();
            let with_decision = runner.continue_with(d.input, true, &rest);
            let with_choice = runner.continue_with(d.input, false, &expert_from);
            calibration::Alternative {
                input: d.input,
                step: p.step,
                action: p.action.clone(),
                decision_total: total(&with_decision),
                total: total(&with_choice),
            }
        })
        .collect()
}

fn csf_totals(
    score: &Score,
    objectives: &[ObjectiveResult],
    decisions: &[Decision],
) -> Vec<CsfTotal> {
    CsfCategory::ALL
        .iter()
        .map(|&c| CsfTotal {
            category: c,
            name: c.name(),
            decisions: decisions.iter().filter(|d| d.csf == c).count() as u32,
            objectives_met: objectives
                .iter()
                .filter(|o| o.csf == c && o.state == "met")
                .count() as u32,
            objectives_total: objectives.iter().filter(|o| o.csf == c).count() as u32,
            points_lost: score
                .lines
                .iter()
                .filter(|l| l.csf == c)
                .map(|l| l.weighted)
                .sum(),
        })
        .filter(|t| t.decisions > 0 || t.objectives_total > 0 || t.points_lost > 0)
        .collect()
}
