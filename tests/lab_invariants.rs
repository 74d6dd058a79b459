//! The soundness invariants fail on the hand-made unsound scenarios in tests/unsound/, each
//! on the one built to break it and with the seed that breaks it, and the bundled library
//! keeps the ones it already holds.

use std::path::PathBuf;
use std::sync::Arc;

use drillhall_lab::calibrate::{Report, Shard, luck_share, sample};
use drillhall_lab::invariants::{Finding, Severity};
use drillhall_scenario::values::SeedRange;
use drillhall_scenario::{Drill, Scenario};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn drill(path: &str) -> Arc<Drill> {
    let path = root().join(path);
    let text = std::fs::read_to_string(&path).expect("the fixture is readable");
    let scenario =
        Scenario::from_text(&path.display().to_string(), &text).unwrap_or_else(|e| panic!("{e}"));
    Arc::new(Drill::compile(&scenario))
}

fn findings(path: &str, seeds: u64) -> Vec<Finding> {
    let d = drill(path);
    let samples = sample(
        &[d],
        None,
        SeedRange {
            first: 1,
            last: seeds,
        },
        Shard::ALL,
        &|| {},
    )
    .expect("every bot plays and scores");
    let report = Report::new(&samples);
    report.scenarios[0].findings.clone()
}

fn broken<'a>(f: &'a [Finding], invariant: &str, bot: Option<&str>) -> Option<&'a Finding> {
    f.iter()
        .find(|x| x.invariant == invariant && (bot.is_none() || x.bot.as_deref() == bot))
}

#[test]
fn doing_nothing_beating_a_late_fix_breaks_do_nothing_below_and_expert_dominates() {
    let f = findings("tests/unsound/late-fix.yaml", 8);
    let below = broken(&f, "do-nothing-below", Some("do-nothing")).expect("do-nothing-below");
    assert_eq!(below.severity, Severity::Error);
    assert_eq!(below.seed, Some(1), "the first breaking seed is named");
    assert!(
        broken(&f, "expert-dominates", Some("do-nothing")).is_some(),
        "doing nothing scores above the late expert: {f:#?}"
    );
}

#[test]
fn a_panic_that_costs_no_collateral_breaks_panic_below() {
    let f = findings("tests/unsound/panic-near-expert.yaml", 8);
    let p = broken(&f, "panic-below", Some("panic")).expect("panic-below");
    assert_eq!(p.severity, Severity::Error);
    assert!(p.seed.is_some() && p.seeds >= 1, "{p:?}");
    assert!(p.message.contains("took a workload down"), "{}", p.message);
}

#[test]
fn an_expert_step_that_changes_nothing_is_a_worthless_step_warning() {
    let f = findings("tests/unsound/worthless-step.yaml", 8);
    let w = f
        .iter()
        .find(|x| x.invariant == "worthless-step" && x.message.contains("inspect artifact-bucket"))
        .unwrap_or_else(|| panic!("the added inspect is found worthless: {f:#?}"));
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!(w.bot.as_deref(), Some("expert-minus-10"));
}

#[test]
fn a_scenario_the_attackers_timing_decides_is_a_luck_warning() {
    let f = findings("tests/unsound/luck.yaml", 12);
    let l = broken(&f, "luck", None).expect("luck");
    assert_eq!(l.severity, Severity::Warning);
    assert!(
        l.message.contains("luck decides this scenario"),
        "{}",
        l.message
    );
}

#[test]
fn the_bundled_scenario_holds_every_invariant_but_a_worthless_step_warning() {
    let f = findings("scenarios/leaked-ci-deploy-token.yaml", 10);
    let errors: Vec<&Finding> = f.iter().filter(|x| x.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn luck_share_is_the_within_bot_share_of_variance() {
    // Two bots, no seed variation: luck decides nothing.
    assert_eq!(luck_share(&[vec![10, 10], vec![30, 30]]), Some(0));
    // One score per bot is fixed, the seed decides everything.
    assert_eq!(luck_share(&[vec![10, 30], vec![10, 30]]), Some(1000));
    // Bots {9, 11} and {19, 21}: within = 4, total = 6² + 4² + 4² + 6² = 104 → 38‰.
    assert_eq!(luck_share(&[vec![9, 11], vec![19, 21]]), Some(38));
    // Nothing varies at all: no share.
    assert_eq!(luck_share(&[vec![5, 5], vec![5, 5]]), None);
}
