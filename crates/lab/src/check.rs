//! The library's self-test as data: the cases `drillhall check` reports.
//!
//! For one compiled scenario [`check_scenario`] plays the expert and every known-bad response
//! on every seed of the range and evaluates the scenario's `expect` against what they scored;
//! [`check_session`] replays one golden session. Each returns [`Case`]s — one per check, with
//! every [`Failure`] and the seed it happened on — and renders nothing: the command line turns
//! cases into lines, `JUnit` and SARIF.
//!
//! | check | passes when |
//! |---|---|
//! | `expert` | on every seed of the range, every expert step is accepted, every objective is met, and the score is at least `expect.expert.min` |
//! | `known_bad/NAME` | on every seed, the response scores at most `expect.known_bad.NAME.max` (when set), each dimension at most its `dimensions` bound, and below the expert on the same seed |
//! | `bot/NAME` | on every seed, the lab's bot scores within `expect.bots.NAME`'s `min` and `max` and fails and meets the objectives it names |
//! | `luck_share` | the luck share over every bot is at most `expect.luck_share.max` ‰ |
//! | `session` | a golden session (a journal) replays to the digest it recorded |
//!
//! Responses play in the scenario's supervision mode with the simulated reviewer; a
//! shadow-mode scenario's responses play in independent mode, since in shadow mode the expert
//! acts and a response would decide nothing ([`play_mode`]).

use std::sync::Arc;

use drillhall_debrief::{self as score, ObjectiveResult};
use drillhall_engine::journal::{Journal, ReplayError, ReplayOutcome, replay_scored};
use drillhall_engine::script::{Script, run_script};
use drillhall_engine::{Cause, EventKind, Session};
use drillhall_scenario::drill::{BotExpect, Mode};
use drillhall_scenario::values::SeedRange;
use drillhall_scenario::{Drill, format_clock};
use serde::Serialize;

use crate::bots::Bot;

/// Seeds a scenario without `expect.seeds` is checked on.
pub const DEFAULT_SEEDS: SeedRange = SeedRange { first: 1, last: 10 };

/// How a case ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    Skip,
}

impl Status {
    /// `PASS`, `FAIL`, `SKIP`.
    pub fn word(self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::Fail => "FAIL",
            Status::Skip => "SKIP",
        }
    }
}

/// One thing that diverged.
#[derive(Clone, Debug, Serialize)]
pub struct Failure {
    /// The seed it happened on, for seeded checks.
    pub seed: Option<u64>,
    /// The objective that was not met, when that is what diverged.
    pub objective: Option<String>,
    pub message: String,
    /// Where it is `(file, line, column)`, when the check knows (a diagnostic's location).
    #[serde(skip)]
    pub spot: Option<(String, u32, u32)>,
}

impl Failure {
    /// `seed 7: …` or the bare message.
    pub fn text(&self) -> String {
        match self.seed {
            Some(s) => format!("seed {s}: {}", self.message),
            None => self.message.clone(),
        }
    }
}

/// One check of one scenario (or one golden session).
#[derive(Clone, Debug, Serialize)]
pub struct Case {
    /// The scenario's id (its file name when it does not load).
    pub scenario: String,
    /// `validate`, `expert`, `known_bad/NAME`, `invariant/NAME` or `session`.
    pub check: String,
    /// The seeds played, for seeded checks.
    pub seeds: Option<String>,
    pub status: Status,
    /// What was found, in a few words: `min 91 ≥ 85`, the journal's path.
    pub summary: String,
    pub failures: Vec<Failure>,
}

impl Case {
    /// A passing case with nothing found yet.
    pub fn new(scenario: &str, check: &str) -> Case {
        Case {
            scenario: scenario.to_owned(),
            check: check.to_owned(),
            seeds: None,
            status: Status::Pass,
            summary: String::new(),
            failures: Vec::new(),
        }
    }

    /// Records a failure; the case fails.
    pub fn fail(&mut self, seed: Option<u64>, objective: Option<&str>, message: String) {
        self.status = Status::Fail;
        self.failures.push(Failure {
            seed,
            objective: objective.map(str::to_owned),
            message,
            spot: None,
        });
    }

    /// Places the failures that have no location at a file's first line.
    pub fn locate(&mut self, file: &str) {
        for f in &mut self.failures {
            f.spot.get_or_insert_with(|| (file.to_owned(), 1, 1));
        }
    }
}

/// `1..50`, or `7` for a single seed.
pub fn seeds_text(r: SeedRange) -> String {
    if r.first == r.last {
        r.first.to_string()
    } else {
        format!("{}..{}", r.first, r.last)
    }
}

/// The mode responses are played in (see the module doc).
pub fn play_mode(drill: &Drill) -> Mode {
    match drill.mode {
        Mode::Shadow => Mode::Independent,
        m => m,
    }
}

/// The seeds a scenario is checked on: the override, its `expect.seeds`, or [`DEFAULT_SEEDS`].
pub fn seeds_of(drill: &Drill, seeds_override: Option<SeedRange>) -> SeedRange {
    seeds_override
        .or_else(|| {
            drill.expect.as_ref().map(|e| SeedRange {
                first: e.seeds.0,
                last: e.seeds.1,
            })
        })
        .unwrap_or(DEFAULT_SEEDS)
}

/// One response played on one seed.
pub struct Played {
    pub session: Session,
    /// In hundredths of a point, for exact comparison.
    pub hundredths: u64,
    /// Containment, collateral, governance, least privilege: 0..=100 each.
    pub dimensions: [u32; 4],
}

/// Plays a script on one seed in the check's mode and scores it.
pub fn play(drill: &Arc<Drill>, seed: u64, script: &Script) -> Result<Played, String> {
    let session = run_script(drill, seed, play_mode(drill), script, None)
        .map_err(|e| format!("the response cannot be played: {e}"))?;
    let score =
        score::score(drill, &session).map_err(|e| format!("the session cannot be scored: {e}"))?;
    let mut dimensions = [0; 4];
    for (slot, d) in dimensions.iter_mut().zip(&score.dimensions) {
        *slot = d.value;
    }
    Ok(Played {
        session,
        hundredths: score.hundredths,
        dimensions,
    })
}

/// `91` or `91.50`: whole points when the score is whole.
pub fn points_text(hundredths: u64) -> String {
    if hundredths.is_multiple_of(100) {
        (hundredths / 100).to_string()
    } else {
        format!("{}.{:02}", hundredths / 100, hundredths % 100)
    }
}

/// Steps of the response the session refused, with the reason.
pub fn refused_steps(session: &Session) -> Vec<String> {
    session
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::CommandRejected { text, reason } => {
                // A refused sign-off request or approved command counts as much as a typed one.
                let by_response = !matches!(e.cause, Cause::Inject(_) | Cause::Clock);
                by_response.then(|| {
                    format!(
                        "step `{text}` was refused at {}: {reason}",
                        format_clock(e.tick)
                    )
                })
            }
            _ => None,
        })
        .collect()
}

fn objective_failure(o: &ObjectiveResult) -> String {
    match (o.state, o.tick, &o.reason) {
        ("pending", _, _) => format!("objective `{}` was never decided", o.id),
        (_, Some(t), Some(r)) => format!("objective `{}` failed at {}: {r}", o.id, format_clock(t)),
        (_, _, Some(r)) => format!("objective `{}` failed: {r}", o.id),
        _ => format!("objective `{}` failed", o.id),
    }
}

/// `min 88, median 92, max 97`: the spread of hundredths, or `-` when there is none.
pub fn spread_text(scores: &[u64]) -> String {
    let mut sorted = scores.to_vec();
    sorted.sort_unstable();
    match (sorted.first(), sorted.last()) {
        (Some(&lo), Some(&hi)) => format!(
            "min {}, median {}, max {}",
            points_text(lo),
            points_text(sorted[(sorted.len() - 1) / 2]),
            points_text(hi)
        ),
        _ => "-".to_owned(),
    }
}

/// Runs the expert and known-bad checks of one scenario.
pub fn check_scenario(drill: &Arc<Drill>, seeds_override: Option<SeedRange>) -> Vec<Case> {
    let id = drill.id();
    let expect = drill.expect.as_ref();
    let seeds = seeds_of(drill, seeds_override);
    let seeds_label = seeds_text(seeds);
    let mut cases = Vec::new();

    // The expert, on every seed; its scores are what the known-bad responses must stay under.
    let mut expert_case = Case::new(id, "expert");
    expert_case.seeds = Some(seeds_label.clone());
    let mut expert_scores: Vec<(u64, Option<u64>)> = Vec::new();
    if drill.expert.is_empty() {
        expert_case.status = Status::Skip;
        expert_case.summary = "the scenario has no expert response".into();
        expert_case.seeds = None;
    } else {
        let script = Script::expert(drill);
        let floor = expect.and_then(|e| e.expert_min);
        let mut all: Vec<u64> = Vec::new();
        for seed in seeds.seeds() {
            match play(drill, seed, &script) {
                Ok(p) => {
                    for refused in refused_steps(&p.session) {
                        expert_case.fail(Some(seed), None, refused);
                    }
                    for o in score::objective_results(drill, &p.session) {
                        if o.state != "met" {
                            expert_case.fail(Some(seed), Some(&o.id), objective_failure(&o));
                        }
                    }
                    // Compared in hundredths: 84.50 is below a floor of 85.
                    if let Some(min) = floor
                        && p.hundredths < u64::from(min) * 100
                    {
                        expert_case.fail(
                            Some(seed),
                            None,
                            format!("scored {} < min {min}", points_text(p.hundredths)),
                        );
                    }
                    all.push(p.hundredths);
                    expert_scores.push((seed, Some(p.hundredths)));
                }
                Err(e) => {
                    expert_case.fail(Some(seed), None, e);
                    expert_scores.push((seed, None));
                }
            }
        }
        // The spread, so a reader sees how far above its floor the expert usually is.
        let spread = spread_text(&all);
        expert_case.summary = match floor {
            Some(min) => format!("{spread}; min ≥ {min}"),
            None => format!("{spread}, every objective met"),
        };
    }
    cases.push(expert_case);

    for name in drill.known_bad.keys() {
        let mut case = Case::new(id, &format!("known_bad/{name}"));
        case.seeds = Some(seeds_label.clone());
        let ceiling = expect.and_then(|e| e.known_bad_max.get(name)).copied();
        let Some(script) = Script::known_bad(drill, name) else {
            continue;
        };
        let mut highest: Option<u64> = None;
        for seed in seeds.seeds() {
            let p = match play(drill, seed, &script) {
                Ok(p) => p,
                Err(e) => {
                    case.fail(Some(seed), None, e);
                    continue;
                }
            };
            highest = Some(highest.map_or(p.hundredths, |h| h.max(p.hundredths)));
            // Compared in hundredths: 88.85 is above a ceiling of 88.
            if let Some(max) = ceiling
                && p.hundredths > u64::from(max) * 100
            {
                case.fail(
                    Some(seed),
                    None,
                    format!("scored {} > max {max}", points_text(p.hundredths)),
                );
            }
            if let Some(bounds) = expect.and_then(|e| e.known_bad_dimensions.get(name)) {
                for ((bound, value), dim) in bounds.iter().zip(p.dimensions).zip(DIMENSIONS) {
                    if let Some(max) = bound
                        && value > *max
                    {
                        case.fail(Some(seed), None, format!("{dim} was {value} > max {max}"));
                    }
                }
            }
            let expert = expert_scores
                .iter()
                .find(|(s, _)| *s == seed)
                .and_then(|(_, h)| *h);
            if let Some(e) = expert
                && p.hundredths >= e
            {
                case.fail(
                    Some(seed),
                    None,
                    format!(
                        "scored {}, not below the expert's {}",
                        points_text(p.hundredths),
                        points_text(e)
                    ),
                );
            }
        }
        let high = highest.map_or_else(|| "-".to_owned(), points_text);
        let below = if expert_scores.is_empty() {
            ""
        } else {
            ", below the expert on every seed"
        };
        case.summary = match ceiling {
            Some(max) => format!("max {high} ≤ {max}{below}"),
            None => format!("max {high}{below}"),
        };
        cases.push(case);
    }
    if let Some(e) = expect {
        for (name, bound) in &e.bots {
            cases.push(bot_case(drill, seeds, name, bound));
        }
        if let Some(max) = e.luck_share_max {
            cases.push(luck_case(drill, seeds, max));
        }
    }
    cases
}

/// The dimensions' names, in the order of [`Played::dimensions`].
pub const DIMENSIONS: [&str; 4] = ["containment", "collateral", "governance", "least privilege"];

/// `bot/NAME`: one of the lab's bots within its `expect.bots` bounds on every seed.
fn bot_case(drill: &Arc<Drill>, seeds: SeedRange, name: &str, bound: &BotExpect) -> Case {
    let mut case = Case::new(drill.id(), &format!("bot/{name}"));
    case.seeds = Some(seeds_text(seeds));
    let Some(bot) = Bot::parse(name) else {
        case.fail(
            None,
            None,
            format!(
                "`expect.bots` names `{name}`, which is no bot: use {}",
                crate::bots::WORDS.join(", ")
            ),
        );
        return case;
    };
    let objective = |id: &str| drill.objectives.iter().position(|o| o.id == id);
    for id in bound.fails.iter().chain(&bound.meets) {
        if objective(id).is_none() {
            case.fail(
                None,
                Some(id),
                format!(
                    "`expect.bots.{name}` names objective `{id}`, which the scenario does not have"
                ),
            );
        }
    }
    if case.status == Status::Fail {
        return case;
    }
    let mut all = Vec::new();
    for seed in seeds.seeds() {
        let sample = match crate::calibrate::play(drill, bot, seed) {
            Ok(s) => s,
            Err(e) => {
                case.fail(Some(seed), None, format!("the bot cannot be scored: {e}"));
                continue;
            }
        };
        all.push(sample.hundredths);
        if let Some(max) = bound.max
            && sample.hundredths > u64::from(max) * 100
        {
            case.fail(
                Some(seed),
                None,
                format!("scored {} > max {max}", points_text(sample.hundredths)),
            );
        }
        if let Some(min) = bound.min
            && sample.hundredths < u64::from(min) * 100
        {
            case.fail(
                Some(seed),
                None,
                format!("scored {} < min {min}", points_text(sample.hundredths)),
            );
        }
        for (ids, must_meet) in [(&bound.fails, false), (&bound.meets, true)] {
            for id in ids {
                let i = objective(id).expect("invariant: checked above");
                if sample.met[i] != must_meet {
                    let what = if must_meet { "was not met" } else { "was met" };
                    case.fail(Some(seed), Some(id), format!("objective `{id}` {what}"));
                }
            }
        }
    }
    case.summary = spread_text(&all);
    case
}

/// `luck_share`: the luck share over every bot at most `expect.luck_share.max`.
fn luck_case(drill: &Arc<Drill>, seeds: SeedRange, max: u32) -> Case {
    let mut case = Case::new(drill.id(), "luck_share");
    case.seeds = Some(seeds_text(seeds));
    match crate::calibrate::sample(
        std::slice::from_ref(drill),
        None,
        seeds,
        crate::calibrate::Shard::ALL,
        &|| {},
    ) {
        Ok(samples) => {
            let report = crate::calibrate::Report::new(&samples);
            let luck = report.scenarios[0].luck_share;
            match luck {
                Some(l) if l > max => case.fail(
                    None,
                    None,
                    format!("luck share {l}‰ > max {max}‰: the seed decides more of the score than the response"),
                ),
                Some(l) => case.summary = format!("{l}‰ ≤ {max}‰"),
                None => case.summary = format!("no score varies ≤ {max}‰"),
            }
        }
        Err(e) => case.fail(None, None, e.to_string()),
    }
    case
}

/// Replays one golden session (the journal's text, read from `shown`) against the library.
pub fn check_session(shown: &str, text: &str, library: &[Arc<Drill>]) -> Case {
    let journal = match Journal::parse(text) {
        Ok((j, None)) => j,
        Ok((_, Some(w))) => {
            let mut case = Case::new(shown, "session");
            case.fail(None, None, format!("{shown}: {w}"));
            return case;
        }
        Err(e) => {
            let mut case = Case::new(shown, "session");
            case.fail(None, None, format!("{shown}: {e}"));
            return case;
        }
    };
    let id = journal.header.scenario.clone();
    let mut case = Case::new(&id, "session");
    case.seeds = Some(journal.header.seed.to_string());
    let Some(drill) = library.iter().find(|d| d.id() == id) else {
        case.fail(
            Some(journal.header.seed),
            None,
            format!("{shown} records scenario `{id}`, which is not in the library"),
        );
        return case;
    };
    if journal.end.is_none() {
        case.fail(
            Some(journal.header.seed),
            None,
            format!(
                "{shown} has no end line: a golden session records the digest it must replay to"
            ),
        );
        return case;
    }
    match replay_scored(drill, &journal, Some(&drillhall_debrief::points)) {
        Ok(ReplayOutcome {
            rerun: Some(rerun), ..
        }) => case.fail(
            Some(journal.header.seed),
            None,
            format!(
                "{shown}: {rerun}: record it again with `drillhall replay {shown} --record {shown}`"
            ),
        ),
        Ok(r) => {
            case.summary = format!("{shown}, digest {}…", crate::short_sha(&r.digest));
        }
        Err(ReplayError::ScenarioChanged { expected, actual }) => case.fail(
            Some(journal.header.seed),
            None,
            format!(
                "{shown}: the scenario changed since the session was recorded (sha256 {} recorded, {} now): record it again",
                crate::short_sha(&expected),
                crate::short_sha(&actual)
            ),
        ),
        Err(ReplayError::Diverged(d)) => {
            case.fail(Some(journal.header.seed), None, format!("{shown}: {d}"));
        }
    }
    case
}

/// The soundness invariants of one scenario as cases, one per invariant
/// ([`crate::invariants`]): every bot played on every seed; a broken error-level invariant
/// fails its case with the first seed that breaks it, a warning passes with the warning in
/// its summary.
pub fn invariant_cases(drill: &Arc<Drill>, seeds_override: Option<SeedRange>) -> Vec<Case> {
    use crate::calibrate::{Report, Shard, sample};
    use crate::invariants::{NAMES, Severity};
    let id = drill.id();
    let seeds = seeds_of(drill, seeds_override);
    let label = seeds_text(seeds);
    let samples = match sample(std::slice::from_ref(drill), None, seeds, Shard::ALL, &|| {}) {
        Ok(s) => s,
        Err(e) => {
            let mut case = Case::new(id, "invariants");
            case.fail(None, None, e.to_string());
            return vec![case];
        }
    };
    let report = Report::new(&samples);
    let findings = &report.scenarios[0].findings;
    NAMES
        .iter()
        .map(|&name| {
            let mut case = Case::new(id, &format!("invariant/{name}"));
            case.seeds = Some(label.clone());
            let mut warnings = Vec::new();
            for f in findings.iter().filter(|f| f.invariant == name) {
                match f.severity {
                    Severity::Error => {
                        let more = if f.seeds > 1 {
                            format!(" ({} seeds break it)", f.seeds)
                        } else {
                            String::new()
                        };
                        case.fail(f.seed, None, format!("{}{more}", f.message));
                    }
                    Severity::Warning => warnings.push(format!("warning: {}", f.message)),
                }
            }
            case.summary = if warnings.is_empty() {
                "holds".to_owned()
            } else {
                warnings.join("; ")
            };
            case
        })
        .collect()
}
