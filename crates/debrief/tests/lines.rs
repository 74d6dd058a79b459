//! The score's arithmetic and its ordering of responses: lines name their causes and add up
//! to the total exactly, and better responses score higher on every seed.

mod common;

use common::bundled;
use drillhall_debrief::{Debrief, Dimension, Score, ScoreError, score};
use drillhall_engine::script::{Script, run_script};
use drillhall_engine::{EventKind, Session};
use drillhall_scenario::Drill;
use std::sync::Arc;

fn play(scenario: &Arc<Drill>, response: &str, seed: u64) -> Session {
    let script = match response {
        "expert" => Script::expert(scenario),
        name => Script::known_bad(scenario, name).expect("the bundled scenario has this response"),
    };
    run_script(scenario, seed, scenario.mode, &script, None).expect("the response runs")
}

fn assert_adds_up(s: &Score, what: &str) {
    let lost: u64 = s.lines.iter().map(|l| l.weighted).sum();
    assert_eq!(s.max - lost, s.total, "{what}: the lines sum to the total");
    assert_eq!(s.max, 100 * u64::from(s.weight_sum));
    for l in &s.lines {
        // Every line costs something, so removing any one changes the total.
        assert!(
            l.weighted > 0,
            "{what}: a line that costs nothing: {}",
            l.text
        );
        assert_eq!(
            l.weighted,
            u64::from(l.points) * u64::from(s.dimension(l.dimension).weight)
        );
        assert!(
            !l.events.is_empty(),
            "{what}: every line names its events: {}",
            l.text
        );
    }
    for d in Dimension::ALL {
        let points: u32 = s
            .lines
            .iter()
            .chain(&s.uncharged)
            .filter(|l| l.dimension == d)
            .map(|l| l.points)
            .sum();
        assert_eq!(s.dimension(d).value, 100 - points, "{what}: {}", d.as_str());
    }
    let weighted: u64 = s
        .dimensions
        .iter()
        .map(|d| u64::from(d.value) * u64::from(d.weight))
        .sum();
    assert_eq!(
        weighted, s.total,
        "{what}: the dimensions give the same total"
    );
    assert_eq!(s.hundredths, s.total * 100 / u64::from(s.weight_sum));
    assert_eq!(u64::from(s.points), s.total / u64::from(s.weight_sum));
}

#[test]
fn the_lines_of_every_debrief_sum_to_its_total() {
    let scenario = bundled();
    for response in ["expert", "panic-revoke", "do-nothing"] {
        for seed in 1..=20 {
            let s = score(&scenario, &play(&scenario, response, seed)).unwrap();
            assert_adds_up(&s, &format!("{response} on seed {seed}"));
        }
    }
}

#[test]
fn removing_any_one_line_makes_the_total_disagree() {
    let scenario = bundled();
    let s = score(&scenario, &play(&scenario, "panic-revoke", 7)).unwrap();
    assert!(
        s.lines.len() > 3,
        "the panic response loses points in several ways"
    );
    for skip in 0..s.lines.len() {
        let lost: u64 = s
            .lines
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != skip)
            .map(|(_, l)| l.weighted)
            .sum();
        assert_ne!(s.max - lost, s.total, "without line {skip}");
    }
}

#[test]
fn scores_order_the_expert_above_panic_revoke_above_doing_nothing_on_seeds_1_to_20() {
    let scenario = bundled();
    for seed in 1..=20 {
        let [expert, panic, nothing] = ["expert", "panic-revoke", "do-nothing"]
            .map(|r| score(&scenario, &play(&scenario, r, seed)).unwrap().total);
        assert!(
            expert > panic && panic > nothing,
            "seed {seed}: expert {expert} > panic {panic} > nothing {nothing}"
        );
    }
}

#[test]
fn the_panic_response_loses_collateral_points_whose_lines_name_the_outage_it_caused() {
    let scenario = bundled();
    for seed in 1..=10 {
        let session = play(&scenario, "panic-revoke", seed);
        let s = score(&scenario, &session).unwrap();
        let collateral: Vec<_> = s
            .lines
            .iter()
            .filter(|l| l.dimension == Dimension::Collateral)
            .collect();
        let outages: Vec<_> = session
            .summary()
            .outages
            .into_iter()
            .filter(|o| o.trainee_caused)
            .collect();
        assert!(
            !outages.is_empty(),
            "seed {seed}: the revocation broke its holders"
        );
        assert_eq!(
            collateral.len(),
            outages.len(),
            "seed {seed}: one line per outage"
        );
        for (line, outage) in collateral.iter().zip(&outages) {
            assert!(line.events.contains(&outage.down_event));
            assert!(matches!(&session.event(outage.down_event).kind,
                    EventKind::WorkloadDown { workload, .. } if *workload == outage.workload));
            let minutes = outage.end - outage.start;
            assert!(
                line.text.contains(&outage.workload)
                    && line.text.contains(&format!("for {minutes} min")),
                "seed {seed}: the line names the outage: {}",
                line.text
            );
            let command = line.command.as_ref().expect("a trainee command led there");
            assert_eq!(command.text, "revoke tok-deploy");
            assert!(line.text.contains("`revoke tok-deploy`"));
            assert!(line.text.contains("rotate"), "and says what to do instead");
        }
    }
}

#[test]
fn the_score_is_the_debriefs_score_and_the_same_every_time() {
    let scenario = bundled();
    let session = play(&scenario, "panic-revoke", 11);
    let d = Debrief::new(&scenario, &session).unwrap();
    assert_eq!(d.score, score(&scenario, &session).unwrap());
    assert_eq!(
        drillhall_report::json(&d),
        drillhall_report::json(&Debrief::new(&scenario, &session).unwrap())
    );
}

#[test]
fn an_unfinished_session_is_not_scored() {
    let scenario = bundled();
    let mut s = Session::with_default_mode(&scenario, 7);
    s.advance(30).unwrap();
    assert!(matches!(
        score(&scenario, &s),
        Err(ScoreError::NotFinished { tick: 30, end: 240 })
    ));
}

#[test]
fn a_session_of_another_version_of_the_scenario_is_not_scored() {
    let scenario = bundled();
    let session = play(&scenario, "expert", 7);
    let edited = common::bundled_text().replace("duration: 4h", "duration: 5h");
    let other = Drill::from_text("leaked-ci-deploy-token.yaml", &edited).unwrap();
    let err = score(&other, &session).unwrap_err();
    assert!(matches!(err, ScoreError::ScenarioMismatch { .. }));
    assert!(
        err.to_string()
            .contains("different version of leaked-ci-deploy-token")
    );
}
