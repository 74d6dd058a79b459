//! `drillhall calibrate`: results independent of the thread count and of the shard split,
//! a report with every section, and bad input refused with exit 2.

mod cli_support;

use cli_support::{drillhall, drillhall_with, empty_scratch};

const SCENARIO: &str = "scenarios/leaked-ci-deploy-token.yaml";

#[test]
fn one_thread_and_two_threads_give_the_same_report_byte_for_byte() {
    let args = [
        "calibrate",
        SCENARIO,
        "--seeds",
        "1..6",
        "--bots",
        "expert,planner,panic,random-valid",
        "--json",
    ];
    let one = drillhall_with(&args, &[("RAYON_NUM_THREADS", "1")]);
    let two = drillhall_with(&args, &[("RAYON_NUM_THREADS", "2")]);
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert_eq!(two.code, 0, "{}", two.stderr);
    assert!(one.stdout.contains("\"format\": \"drillhall-calibrate/1\""));
    assert_eq!(one.stdout, two.stdout);
}

#[test]
fn two_shards_merged_give_the_whole_runs_report_byte_for_byte() {
    let dir = empty_scratch("cli_calibrate", "shards");
    let (a, b) = (dir.join("a.json"), dir.join("b.json"));
    let base = [
        "calibrate",
        SCENARIO,
        "--seeds",
        "1..5",
        "--bots",
        "expert,do-nothing,expert-minus",
    ];
    let whole = drillhall(&[&base[..], &["--json"]].concat());
    assert_eq!(whole.code, 0, "{}", whole.stderr);
    for (shard, file) in [("1/2", &a), ("2/2", &b)] {
        let file = file.display().to_string();
        let r = drillhall(&[&base[..], &["--shard", shard, "--samples", &file]].concat());
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let merged = drillhall(&[
        "calibrate",
        "--merge",
        &a.display().to_string(),
        &b.display().to_string(),
        "--json",
    ]);
    assert_eq!(merged.code, 0, "{}", merged.stderr);
    assert_eq!(merged.stdout, whole.stdout);
}

#[test]
fn the_text_report_shows_spreads_luck_discrimination_and_each_steps_worth() {
    let r = drillhall(&[
        "calibrate",
        SCENARIO,
        "--seeds",
        "1..3",
        "--bots",
        "expert,planner,do-nothing,random-valid,expert-minus",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = &r.stdout;
    assert!(
        out.contains("leaked-ci-deploy-token (declared difficulty 2, measured"),
        "{out}"
    );
    assert!(out.contains("luck share"), "{out}");
    assert!(out.contains("discrimination: expert +"), "{out}");
    assert!(
        out.contains("step 2 `request-signoff \"rotate tok-deploy"),
        "{out}"
    );
    // The expert line has min ≤ median ≤ max.
    let expert = out
        .lines()
        .find(|l| l.trim_start().starts_with("expert "))
        .unwrap();
    let nums: Vec<f64> = expert
        .split_whitespace()
        .skip(1)
        .take(3)
        .map(|x| x.parse().unwrap())
        .collect();
    assert!(nums[0] <= nums[1] && nums[1] <= nums[2], "{expert}");
}

#[test]
fn an_unknown_bot_or_a_bad_shard_is_a_usage_error() {
    let r = drillhall(&["calibrate", SCENARIO, "--bots", "genius"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no bot is called `genius`"),
        "{}",
        r.stderr
    );
    let r = drillhall(&["calibrate", SCENARIO, "--shard", "3/2"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("expected a shard such as `1/2`"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_file_that_is_not_samples_is_refused_with_its_name() {
    let dir = empty_scratch("cli_calibrate", "bad-merge");
    let f = dir.join("x.json");
    std::fs::write(&f, "{\"nope\": 1}\n").unwrap();
    let r = drillhall(&["calibrate", "--merge", &f.display().to_string()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("x.json"), "{}", r.stderr);
    assert!(r.stderr.contains("not a samples file"), "{}", r.stderr);
}

#[test]
fn check_with_invariants_fails_an_unsound_scenario_naming_the_invariant_and_seed() {
    let dir = empty_scratch("cli_calibrate", "check-invariants");
    std::fs::create_dir_all(dir.join("lib")).unwrap();
    std::fs::create_dir_all(dir.join("sessions")).unwrap();
    std::fs::copy(
        cli_support::root().join("tests/unsound/panic-near-expert.yaml"),
        dir.join("lib/panic-near-expert.yaml"),
    )
    .unwrap();
    let lib = dir.join("lib").display().to_string();
    let sessions = dir.join("sessions").display().to_string();
    let r = drillhall(&[
        "check",
        &lib,
        "--invariants",
        "--seeds",
        "1..4",
        "--sessions",
        &sessions,
    ]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let line = r
        .stdout
        .lines()
        .find(|l| l.starts_with("FAIL unsound-panic-near-expert invariant/panic-below seed "))
        .unwrap_or_else(|| panic!("{}", r.stdout));
    assert!(line.contains("took a workload down"), "{line}");
    assert!(
        r.stdout.contains(
            "PASS unsound-panic-near-expert invariant/do-nothing-below seeds 1..4 (holds)"
        ),
        "{}",
        r.stdout
    );
}
