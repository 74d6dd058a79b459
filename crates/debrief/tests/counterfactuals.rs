//! Counterfactuals re-run the session from the same seed without a decision (or with one of
//! the expert's steps) and say what would have changed; calibration weighs stated confidence
//! against those re-runs.

mod common;

use common::bundled;
use drillhall_debrief::{CalibrationStatus, CounterfactualKind, Debrief, score};
use drillhall_engine::script::{Script, run_script};
use drillhall_scenario::Drill;
use drillhall_scenario::drill::Mode;
use std::sync::Arc;

fn play_text(scenario: &Arc<Drill>, mode: Mode, seed: u64, text: &str) -> Debrief {
    let script = Script::parse("actions", text).expect("the action file parses");
    let session = run_script(scenario, seed, mode, &script, None).expect("the script runs");
    Debrief::new(scenario, &session).expect("the session is scored")
}

#[test]
fn without_a_revocation_that_skipped_rotation_the_outage_would_not_have_happened() {
    let scenario = bundled();
    let script = Script::parse("revoke", "13m 90% revoke tok-deploy\n").unwrap();
    let session = run_script(&scenario, 7, Mode::Independent, &script, None).unwrap();
    let outages: Vec<(String, u64)> = session
        .summary()
        .outages
        .iter()
        .filter(|o| o.trainee_caused)
        .map(|o| (o.workload.clone(), o.end - o.start))
        .collect();
    assert_eq!(outages.len(), 2, "both holders break: {outages:?}");
    let d = Debrief::new(&scenario, &session).unwrap();
    let cf = d
        .counterfactuals
        .iter()
        .find(|c| c.kind == CounterfactualKind::Without && c.action == "revoke tok-deploy")
        .expect("the high-tier revocation is re-run without");
    assert!(
        cf.sentence.starts_with(
            "Without `revoke tok-deploy` (T+0:13), the outage would not have happened"
        ),
        "{}",
        cf.sentence
    );
    for (workload, minutes) in &outages {
        assert!(
            cf.sentence.contains(&format!("{workload} {minutes} min")),
            "the sentence gives the minutes: {}",
            cf.sentence
        );
    }
    assert_eq!(cf.counterfactual_outage_minutes, 0);
    assert_eq!(
        cf.outage_minutes,
        outages.iter().map(|(_, m)| m).sum::<u64>()
    );
    // Exact: the re-run is the session that never revoked.
    let nothing = run_script(
        &scenario,
        7,
        Mode::Independent,
        &Script::parse("n", "").unwrap(),
        None,
    )
    .unwrap();
    assert_eq!(cf.total, score(&scenario, &nothing).unwrap().total);
    assert_eq!(
        cf.delta,
        i64::try_from(cf.total).unwrap() - i64::try_from(d.score.total).unwrap()
    );
    // Without the revocation the attacker gets in: the sentence says so too.
    assert!(!cf.reach_added.is_empty());
    assert!(cf.sentence.contains("the attacker would also have reached"));
}

#[test]
fn the_experts_missing_steps_are_added_one_at_a_time_at_the_experts_tick() {
    let scenario = bundled();
    let session = run_script(
        &scenario,
        7,
        Mode::Reviewed,
        &Script::known_bad(&scenario, "panic-revoke").unwrap(),
        None,
    )
    .unwrap();
    let d = Debrief::new(&scenario, &session).unwrap();
    let added: Vec<_> = d
        .counterfactuals
        .iter()
        .filter(|c| c.kind == CounterfactualKind::WithExpertStep)
        .collect();
    let missing: Vec<_> = d
        .par
        .steps
        .iter()
        .filter(|p| !p.done_by_trainee && p.tier.is_some_and(|t| t != drillhall_engine::Tier::Low))
        .collect();
    assert_eq!(added.len(), missing.len());
    for (c, p) in added.iter().zip(&missing) {
        assert_eq!(c.step, Some(p.step));
        assert_eq!(c.tick, p.tick);
    }
    let scope = added
        .iter()
        .find(|c| c.action == "scope-down sa-deployer prod-db none")
        .expect("the expert removed the unused grant; the panic response did not");
    assert!(
        scope
            .sentence
            .contains("`least-privilege` would have been met (it failed)"),
        "{}",
        scope.sentence
    );
    assert!(scope.delta > 0, "it would have helped");
}

#[test]
fn calibration_weighs_stated_confidence_against_whether_each_decision_helped() {
    let scenario = bundled();
    let d = play_text(
        &scenario,
        Mode::Independent,
        7,
        "13m 80% rotate tok-deploy --grace 10m\n\
         14m logs tok-deploy\n\
         19m redeploy ci-deployer\n\
         20m redeploy release-bot\n\
         25m 90% quarantine checkout-api\n",
    );
    let c = &d.calibration;
    assert_eq!(c.status, CalibrationStatus::Computed);
    assert_eq!(c.decisions.len(), 2, "{:#?}", c.decisions);
    let rotate = &c.decisions[0];
    let quarantine = &c.decisions[1];
    assert_eq!((rotate.confidence, rotate.helped), (Some(80), Some(true)));
    assert_eq!(
        (quarantine.confidence, quarantine.helped),
        (Some(90), Some(false))
    );
    assert_eq!((c.stated, c.unstated, c.made_worse), (2, 0, 1));
    // Brier: ((80 − 100)² + (90 − 0)²) / 2 = 4250 in ten-thousandths, 425‰.
    assert_eq!(c.brier_permille, Some(425));
    assert_eq!(
        c.sentence,
        "You were 80–90% sure of 2 high-tier decisions; 1 of them made things worse. \
         Brier score 425‰ (0 is perfect; always saying 50% scores 250‰). \
         Certainty-based marks -3 of 6: 1 confident error (sure and wrong costs 6)."
    );
    // Rotating at 80% was right (level 3: +3), quarantining at 90% wrong (level 3: −6).
    assert_eq!((rotate.right, rotate.mark), (Some(true), Some(3)));
    assert_eq!((quarantine.right, quarantine.mark), (Some(false), Some(-6)));
    assert!(drillhall_report::markdown(&d).contains(&c.sentence));
    assert!(drillhall_report::text(&d, false).contains(&c.sentence));
}

#[test]
fn absent_confidences_are_reported_as_absent_not_as_zero() {
    let scenario = bundled();
    let d = play_text(&scenario, Mode::Independent, 7, "13m revoke tok-deploy\n");
    let c = &d.calibration;
    assert_eq!(c.status, CalibrationStatus::NoConfidenceStated);
    assert_eq!(c.brier_permille, None);
    assert_eq!((c.stated, c.unstated), (0, 1));
    assert_eq!(c.decisions[0].confidence, None);
    assert!(
        c.sentence
            .starts_with("No confidence was stated on the 1 high-tier decision")
    );
    let json: serde_json::Value = serde_json::from_str(&drillhall_report::json(&d)).unwrap();
    assert!(json["calibration"]["brier_permille"].is_null());
    assert!(json["calibration"]["decisions"][0]["confidence"].is_null());
    assert!(drillhall_report::markdown(&d).contains("| not stated |"));
    // Independent mode asks no confidence, so leaving it out costs no governance points.
    assert!(!d.score.lines.iter().any(|l| l.kind == "no-confidence"));
    assert!(!d.score.lines.iter().any(|l| l.kind == "no-signoff"));
}

#[test]
fn a_session_without_high_tier_decisions_has_nothing_to_calibrate() {
    let scenario = bundled();
    let d = play_text(&scenario, Mode::Reviewed, 7, "12m declare-incident sev2\n");
    assert_eq!(d.calibration.status, CalibrationStatus::NoHighTierDecisions);
    assert!(d.calibration.decisions.is_empty());
    assert_eq!(d.calibration.brier_permille, None);
}

#[test]
fn the_bundled_panic_at_95_percent_is_a_confident_error_though_it_helped() {
    let scenario = bundled();
    let script = Script::known_bad(&scenario, "panic-revoke").unwrap();
    let session = run_script(&scenario, 7, Mode::Reviewed, &script, None).unwrap();
    let d = Debrief::new(&scenario, &session).unwrap();
    let c = &d.calibration;
    assert_eq!(c.status, CalibrationStatus::Computed);
    let revoke = &c.decisions[0];
    assert_eq!(revoke.confidence, Some(95));
    assert_eq!(revoke.helped, Some(true), "against doing nothing it helped");
    assert_eq!(
        revoke.right,
        Some(false),
        "rotating at that point scored more"
    );
    assert!(
        revoke
            .expert_choice
            .as_deref()
            .is_some_and(|a| a.contains("rotate tok-deploy")),
        "{revoke:?}"
    );
    assert!(revoke.expert_delta.is_some_and(|x| x < 0), "{revoke:?}");
    assert_eq!(revoke.mark, Some(-6), "sure and wrong costs the most");
    assert_eq!(
        (c.confident_errors, c.marks, c.marks_max),
        (1, Some(-6), Some(3))
    );
    // Brier against right: (95 − 0)² / 10 = 902.5, rounded half up.
    assert_eq!(c.brier_permille, Some(903));
    assert!(c.sentence.contains("1 confident error"), "{}", c.sentence);
    assert!(
        c.sentence.contains("but the expert's `rotate tok-deploy"),
        "{}",
        c.sentence
    );
}

#[test]
fn a_refused_command_or_a_refused_sign_off_is_never_a_counterfactual() {
    let scenario = bundled();
    // A trivial rollback plan: the reviewer refuses the high-tier revocation.
    let d = play_text(
        &scenario,
        Mode::Reviewed,
        7,
        "13m 90% request-signoff \"revoke tok-deploy\" --rollback \"no\"\n\
         14m 90% revoke tok-deploy\n",
    );
    assert!(
        d.decisions.iter().any(|x| !matches!(
            x.outcome,
            drillhall_debrief::DecisionOutcome::Executed { .. }
        )),
        "the decisions include ones that did not run: {:#?}",
        d.decisions
    );
    for c in d
        .counterfactuals
        .iter()
        .filter(|c| c.kind == CounterfactualKind::Without)
    {
        let decision = d
            .decisions
            .iter()
            .find(|x| Some(x.input) == c.input)
            .unwrap();
        assert!(
            matches!(
                decision.outcome,
                drillhall_debrief::DecisionOutcome::Executed { .. }
            ),
            "a counterfactual lists `{}`, which did not run",
            c.action
        );
    }
}
