//! Counterfactuals: the same session re-run from the same seed with one decision taken out,
//! or with one of the expert's steps put in, and what would have changed.
//!
//! A re-run replays the trainee's inputs at the ticks they were given (time the trainee
//! spent waiting still passes), so the only difference is the decision itself. Sign-off
//! answers given by hand (`decide`) follow the request they answered, even when removing or
//! adding a request renumbers the rest. The engine is deterministic, so a counterfactual is
//! exact: replaying the unchanged inputs gives the original event log, digest included.
//! That is also why a re-run can resume from a checkpoint of one replay of the unchanged
//! inputs, taken just before its change, rather than start again at tick 0.

use std::collections::{BTreeMap, BTreeSet};

use drillhall_estate::Ticks;
use std::sync::Arc;

use drillhall_scenario::{Drill, format_clock};
use serde::Serialize;

use crate::dimensions::Facts;
use crate::{Score, format_hundredths};
use drillhall_engine::{EventKind, Tier};
use drillhall_engine::{Input, Session};

/// One step of a replay.
#[derive(Clone, Debug)]
enum Planned {
    /// Let time pass to this tick.
    AdvanceTo(Ticks),
    /// Give the input with this original index at this tick.
    Give {
        tick: Ticks,
        index: u32,
        input: Input,
    },
}

/// Where a re-run leaves the original inputs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Change {
    /// The original input with this index is left out.
    Skip(u32),
    /// An input is put in at this tick, before any original input of the same tick.
    Insert(Ticks),
}

/// Re-runs a session's inputs with one change, each re-run resuming from a checkpoint taken
/// just before the change instead of starting again at tick 0.
///
/// The checkpoints come from one replay of the unchanged inputs (which reproduces the
/// original session exactly, digest included): up to the change a re-run is that replay, so
/// a clone of it there is where the re-run starts.
pub(crate) struct Runner {
    plan: Vec<Planned>,
    /// The sign-off request number each original input created.
    requests: BTreeMap<u32, u32>,
    /// The replay's state just before the plan step at each position the changes need.
    checkpoints: BTreeMap<usize, Session>,
}

impl Runner {
    /// A runner for the inputs of `session`, ready to re-run each of `changes`.
    pub fn new(drill: &Arc<Drill>, session: &Session, changes: &[Change]) -> Runner {
        let plan: Vec<Planned> = session
            .inputs()
            .iter()
            .map(|r| match &r.input {
                Input::Advance(n) => Planned::AdvanceTo(r.tick.saturating_add(*n)),
                input => Planned::Give {
                    tick: r.tick,
                    index: r.index,
                    input: input.clone(),
                },
            })
            .collect();
        let requests = session
            .events()
            .iter()
            .filter_map(|e| match (&e.cause, &e.kind) {
                (
                    drillhall_engine::Cause::Input(i),
                    EventKind::SignoffRequested { request, .. },
                ) => Some((*i, *request)),
                _ => None,
            })
            .collect();
        let mut runner = Runner {
            plan,
            requests,
            checkpoints: BTreeMap::new(),
        };
        let wanted: BTreeSet<usize> = changes.iter().map(|&c| runner.position(c)).collect();
        let mut s = Session::with_options(drill, session.seed(), session.options());
        let mut renumber = BTreeMap::new();
        for (at, item) in runner.plan.iter().enumerate() {
            if wanted.contains(&at) {
                runner.checkpoints.insert(at, s.clone());
            }
            if s.is_over() {
                break;
            }
            runner.step(&mut s, item, None, &mut None, &mut renumber);
        }
        // Changes past the end of the plan, or past the point the drill ended, resume from
        // where the replay stopped: the original run would have stopped there too.
        for at in wanted {
            runner.checkpoints.entry(at).or_insert_with(|| s.clone());
        }
        runner
    }

    /// The plan step at which a change first makes the re-run differ from the original.
    fn position(&self, change: Change) -> usize {
        self.plan
            .iter()
            .position(|item| match (change, item) {
                (Change::Skip(skip), Planned::Give { index, .. }) => *index == skip,
                (Change::Insert(t), Planned::AdvanceTo(target)) => t < *target,
                (Change::Insert(t), Planned::Give { tick, .. }) => t <= *tick,
                (Change::Skip(_), Planned::AdvanceTo(_)) => false,
            })
            .unwrap_or(self.plan.len())
    }

    /// The session again, without the input `skip` and with `insert` given at its tick
    /// (before any original input of the same tick), run to the end of the drill.
    pub fn run(&self, skip: Option<u32>, insert: Option<(Ticks, Input)>) -> Session {
        let change = match (&insert, skip) {
            (Some((t, _)), _) => Change::Insert(*t),
            (None, Some(k)) => Change::Skip(k),
            (None, None) => Change::Insert(Ticks::MAX),
        };
        let at = self.position(change);
        let mut s = self
            .checkpoints
            .get(&at)
            .expect("the runner was made with a checkpoint for every change it re-runs")
            .clone();
        // Up to the checkpoint every sign-off request kept its number.
        let mut renumber: BTreeMap<u32, u32> = self
            .plan
            .iter()
            .take(at)
            .filter_map(|item| match item {
                Planned::Give { index, .. } => self.requests.get(index).map(|&r| (r, r)),
                Planned::AdvanceTo(_) => None,
            })
            .collect();
        let mut pending = insert;
        for item in &self.plan[at..] {
            if s.is_over() {
                break;
            }
            self.step(&mut s, item, skip, &mut pending, &mut renumber);
        }
        if !s.is_over() {
            give(&mut s, pending.take());
        }
        s.finish();
        s
    }

    /// The session up to the input `decision` (taken, or left out), then the `steps` of a
    /// response from there on (each at its tick, or at once when its tick has passed), run to
    /// the end of the drill. The runner needs a `Change::Skip(decision)` checkpoint.
    pub fn continue_with(
        &self,
        decision: u32,
        take_decision: bool,
        steps: &[drillhall_scenario::drill::Step],
    ) -> Session {
        let at = self.position(Change::Skip(decision));
        let mut s = self
            .checkpoints
            .get(&at)
            .expect("the runner was made with a checkpoint for every change it re-runs")
            .clone();
        if take_decision
            && let Some(Planned::Give { tick, input, .. }) = self.plan.get(at)
            && !s.is_over()
        {
            advance_to(&mut s, *tick);
            let _ = s.apply_or_record(input.clone());
        }
        for step in steps {
            if s.is_over() {
                break;
            }
            advance_to(&mut s, step.at);
            if !s.is_over() {
                let input =
                    drillhall_engine::input_for(s.mode(), step.command.clone(), step.confidence);
                let _ = s.apply_or_record(input);
            }
        }
        s.finish();
        s
    }

    /// One step of the plan, with the change.
    fn step(
        &self,
        s: &mut Session,
        item: &Planned,
        skip: Option<u32>,
        pending: &mut Option<(Ticks, Input)>,
        renumber: &mut BTreeMap<u32, u32>,
    ) {
        match item {
            Planned::AdvanceTo(target) => {
                if pending.as_ref().is_some_and(|(t, _)| t < target) {
                    give(s, pending.take());
                }
                advance_to(s, *target);
            }
            Planned::Give { tick, index, input } => {
                if Some(*index) == skip {
                    return;
                }
                if pending.as_ref().is_some_and(|(t, _)| t <= tick) {
                    give(s, pending.take());
                }
                advance_to(s, *tick);
                let input = match input {
                    Input::Decide {
                        request,
                        approve,
                        reason,
                    } => match renumber.get(request) {
                        Some(&n) => Input::Decide {
                            request: n,
                            approve: *approve,
                            reason: reason.clone(),
                        },
                        // The request it answered is gone.
                        None => return,
                    },
                    other => other.clone(),
                };
                let given = s.apply_or_record(input);
                if let (Some(&original), Ok(ids)) = (self.requests.get(index), given) {
                    for id in ids {
                        if let EventKind::SignoffRequested { request, .. } = s.event(id).kind {
                            renumber.insert(original, request);
                        }
                    }
                }
            }
        }
    }
}

fn advance_to(s: &mut Session, tick: Ticks) {
    if tick > s.tick() && !s.is_over() {
        // Advancing a running drill by a positive number of ticks is always accepted.
        let _ = s.advance(tick - s.tick());
    }
}

fn give(s: &mut Session, pending: Option<(Ticks, Input)>) {
    if let Some((tick, input)) = pending {
        advance_to(s, tick);
        if !s.is_over() {
            // A refused step is recorded as `command-rejected`, as scripts do.
            let _ = s.apply_or_record(input);
        }
    }
}

/// What a counterfactual changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CounterfactualKind {
    /// The trainee's decision taken out.
    Without,
    /// One of the expert's steps put in, at the expert's tick.
    WithExpertStep,
}

/// An objective whose result would have been different.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ObjectiveChange {
    pub id: String,
    /// `met`, `failed` or `pending`, as it was.
    pub actual: &'static str,
    /// As it would have been.
    pub counterfactual: &'static str,
}

/// One re-run and what would have changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Counterfactual {
    pub kind: CounterfactualKind,
    /// The decision taken out (its input index), for `without`.
    pub input: Option<u32>,
    /// The expert's step put in (1-based), for `with-expert-step`.
    pub step: Option<u32>,
    /// The action taken out or put in.
    pub action: String,
    /// When it was (or would have been) given.
    pub tick: Ticks,
    /// Its tier.
    pub tier: Option<Tier>,
    /// The counterfactual's score, in weighted points (see [`Score::total`]).
    pub total: u64,
    /// Counterfactual total minus the actual total: positive means the change would have helped.
    pub delta: i64,
    /// Outage minutes the trainee's own commands caused, actually and in the counterfactual.
    pub outage_minutes: Ticks,
    pub counterfactual_outage_minutes: Ticks,
    /// Nodes the attacker would have reached that it did not, and the reverse.
    pub reach_added: Vec<String>,
    pub reach_removed: Vec<String>,
    pub objectives_changed: Vec<ObjectiveChange>,
    /// All of it in one sentence.
    pub sentence: String,
}

/// The outcome measures a counterfactual compares.
pub(crate) struct Outcome {
    pub total: u64,
    pub hundredths: u64,
    /// Trainee-caused outage minutes by workload, in first-outage order.
    outages: Vec<(String, Ticks)>,
    reached: Vec<String>,
    exfiltration: Ticks,
    objectives: Vec<(String, &'static str)>,
}

impl Outcome {
    pub fn of(score: &Score, facts: &Facts<'_>) -> Outcome {
        let mut outages: Vec<(String, Ticks)> = Vec::new();
        for o in facts.summary.outages.iter().filter(|o| o.trainee_caused) {
            let minutes = o.end - o.start;
            match outages.iter_mut().find(|(w, _)| *w == o.workload) {
                Some((_, m)) => *m += minutes,
                None => outages.push((o.workload.clone(), minutes)),
            }
        }
        Outcome {
            total: score.total,
            hundredths: score.hundredths,
            outages,
            reached: facts
                .summary
                .reached
                .iter()
                .map(|(n, _)| n.clone())
                .collect(),
            exfiltration: facts.summary.exfiltration.iter().map(|x| x.2).sum(),
            objectives: facts
                .session
                .objectives()
                .into_iter()
                .map(|o| (o.id, o.state.word()))
                .collect(),
        }
    }

    fn outage_total(&self) -> Ticks {
        self.outages.iter().map(|(_, m)| m).sum()
    }
}

fn list_minutes(outages: &[(String, Ticks)]) -> String {
    let parts: Vec<String> = outages
        .iter()
        .map(|(w, m)| format!("{w} {m} min"))
        .collect();
    join_and(&parts)
}

/// "a", "a and b", "a, b and c".
pub(crate) fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn set(v: &[String]) -> BTreeSet<&str> {
    v.iter().map(String::as_str).collect()
}

/// Compares an actual outcome with a counterfactual one and says it in one sentence.
#[allow(clippy::too_many_arguments)] // one call site, each argument a distinct fact
pub(crate) fn compare(
    kind: CounterfactualKind,
    input: Option<u32>,
    step: Option<u32>,
    action: &str,
    tick: Ticks,
    tier: Option<Tier>,
    actual: &Outcome,
    cf: &Outcome,
) -> Counterfactual {
    let mut parts: Vec<String> = Vec::new();
    let (a_out, c_out) = (actual.outage_total(), cf.outage_total());
    if a_out > 0 && c_out == 0 {
        parts.push(format!(
            "the outage would not have happened ({} of downtime avoided)",
            list_minutes(&actual.outages)
        ));
    } else if a_out == 0 && c_out > 0 {
        parts.push(format!(
            "there would have been an outage of your making ({})",
            list_minutes(&cf.outages)
        ));
    } else if a_out != c_out {
        parts.push(format!(
            "the outages you caused would have lasted {c_out} min instead of {a_out} ({})",
            list_minutes(&cf.outages)
        ));
    }
    let (a_reach, c_reach) = (set(&actual.reached), set(&cf.reached));
    let reach_removed: Vec<String> = actual
        .reached
        .iter()
        .filter(|n| !c_reach.contains(n.as_str()))
        .cloned()
        .collect();
    let reach_added: Vec<String> = cf
        .reached
        .iter()
        .filter(|n| !a_reach.contains(n.as_str()))
        .cloned()
        .collect();
    if !reach_removed.is_empty() {
        parts.push(format!(
            "the attacker would not have reached {}",
            join_and(&reach_removed)
        ));
    }
    if !reach_added.is_empty() {
        parts.push(format!(
            "the attacker would also have reached {}",
            join_and(&reach_added)
        ));
    }
    match (actual.exfiltration, cf.exfiltration) {
        (a, c) if a == c => {}
        (a, 0) => parts.push(format!(
            "no data would have left ({a} min of exfiltration avoided)"
        )),
        (0, c) => parts.push(format!("data would have left for {c} min")),
        (a, c) => parts.push(format!("data would have left for {c} min instead of {a}")),
    }
    let mut objectives_changed = Vec::new();
    for (id, was) in &actual.objectives {
        if let Some((_, would)) = cf.objectives.iter().find(|(i, _)| i == id)
            && would != was
        {
            let verb = match *would {
                "met" => "been met",
                "failed" => "failed",
                _ => "stayed open",
            };
            parts.push(format!("`{id}` would have {verb} (it {was})"));
            objectives_changed.push(ObjectiveChange {
                id: id.clone(),
                actual: was,
                counterfactual: would,
            });
        }
    }
    let head = match kind {
        CounterfactualKind::Without => format!("Without `{action}` ({})", format_clock(tick)),
        CounterfactualKind::WithExpertStep => {
            format!(
                "Had you also run the expert's `{action}` at {}",
                format_clock(tick)
            )
        }
    };
    let score = format!(
        "score {} → {}",
        format_hundredths(actual.hundredths),
        format_hundredths(cf.hundredths)
    );
    let sentence = if parts.is_empty() {
        format!("{head}, nothing would have changed ({score}).")
    } else {
        format!("{head}, {}; {score}.", parts.join("; "))
    };
    Counterfactual {
        kind,
        input,
        step,
        action: action.to_owned(),
        tick,
        tier,
        total: cf.total,
        delta: i64::try_from(cf.total).unwrap_or(i64::MAX)
            - i64::try_from(actual.total).unwrap_or(i64::MAX),
        outage_minutes: a_out,
        counterfactual_outage_minutes: c_out,
        reach_added,
        reach_removed,
        objectives_changed,
        sentence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use drillhall_engine::SessionOptions;
    use drillhall_engine::script::{Script, run_script};
    use drillhall_scenario::drill::Mode;

    fn bundled() -> Arc<Drill> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../scenarios/leaked-ci-deploy-token.yaml"
        );
        let text = std::fs::read_to_string(path).expect("the bundled scenario is in scenarios/");
        let scenario =
            drillhall_scenario::Scenario::from_text("leaked-ci-deploy-token.yaml", &text)
                .expect("it loads");
        Arc::new(Drill::compile(&scenario))
    }

    #[test]
    fn replaying_the_unchanged_inputs_reproduces_the_event_log_exactly() {
        let scenario = bundled();
        for script in [
            Script::expert(&scenario),
            Script::known_bad(&scenario, "panic-revoke").unwrap(),
        ] {
            for seed in [3, 7] {
                let s = run_script(&scenario, seed, Mode::Reviewed, &script, None).unwrap();
                let again =
                    Runner::new(&scenario, &s, &[Change::Insert(Ticks::MAX)]).run(None, None);
                assert_eq!(again.digest(), s.digest(), "{} on seed {seed}", script.name);
            }
        }
    }

    #[test]
    fn a_removed_sign_off_request_takes_the_instructors_answer_to_it_along() {
        let scenario = bundled();
        let options = SessionOptions {
            mode: Some(Mode::Reviewed),
            simulated_reviewer: false,
        };
        let mut s = Session::with_options(&scenario, 7, &options);
        s.advance(13).unwrap();
        s.command(
            "request-signoff \"revoke tok-deploy\" --rollback \"reissue the token and redeploy\"",
            Some(90),
        )
        .unwrap();
        s.command(
            "request-signoff \"scope-down sa-deployer prod-db none\" --rollback \"grant it back\"",
            None,
        )
        .unwrap();
        s.decide(2, true, "fine".into()).unwrap();
        s.decide(1, false, "rotate instead".into()).unwrap();
        s.finish();
        let runner = Runner::new(&scenario, &s, &[Change::Skip(1)]);
        let without_first = runner.run(Some(1), None);
        // Request 2 is now request 1, and its approval still reaches it.
        let scoped = without_first
            .events()
            .iter()
            .any(|e| matches!(e.kind, EventKind::GrantScopedDown { .. }));
        assert!(scoped, "the scope-down was still approved and ran");
        let revoked = without_first
            .events()
            .iter()
            .any(|e| matches!(e.kind, EventKind::CredentialRevoked { .. }));
        assert!(!revoked);
    }
}
