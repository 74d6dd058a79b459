//! `drillhall check`: the library passes, its `JUnit` report parses with one test case per
//! check, and a broken scenario, a response that scores too well, an invalid file or a
//! golden session that no longer replays each fail with a message that says what diverged.

mod cli_support;

use std::path::PathBuf;

use cli_support::{Run, drillhall, drillhall_in, empty_scratch, root};
use quick_junit::{Report, TestCaseStatus};

/// An empty scratch directory for one test, with an empty `scenarios/` in it.
fn scratch(name: &str) -> PathBuf {
    let dir = empty_scratch("cli_check", name);
    std::fs::create_dir_all(dir.join("scenarios")).expect("the scratch directory can be made");
    dir
}

fn bundled_text() -> String {
    std::fs::read_to_string(root().join("scenarios/leaked-ci-deploy-token.yaml"))
        .expect("the bundled scenario is readable")
}

/// Runs `check` on a scratch library holding the bundled scenario with one edit.
fn check_edited(name: &str, (from, to): (&str, &str), seeds: &str) -> Run {
    let dir = scratch(name);
    let original = bundled_text();
    let text = original.replace(from, to);
    assert_ne!(text, original, "`{from}` is in the bundled scenario");
    std::fs::write(dir.join("scenarios/leaked-ci-deploy-token.yaml"), text).unwrap();
    drillhall_in(&dir, &["check", "scenarios", "--seeds", seeds])
}

/// The case lines of a text report (PASS, FAIL and SKIP lines, not the indented details).
fn case_lines(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter(|l| l.starts_with("PASS ") || l.starts_with("FAIL ") || l.starts_with("SKIP "))
        .collect()
}

#[test]
fn the_library_passes_and_its_junit_report_has_one_test_case_per_check() {
    let junit = scratch("library").join("check.xml");
    let run = drillhall(&[
        "check",
        "scenarios",
        "--junit",
        junit.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let lines = case_lines(&run.stdout);
    assert!(
        lines.iter().all(|l| l.starts_with("PASS ")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .lines()
            .last()
            .unwrap()
            .starts_with("check passed: "),
        "{}",
        run.stdout
    );

    let xml = std::fs::read_to_string(&junit).expect("the JUnit report was written");
    let report = Report::deserialize_from_str(&xml).expect("the JUnit report parses as XML");
    let cases: Vec<(String, String)> = report
        .test_suites
        .iter()
        .flat_map(|s| {
            s.test_cases.iter().map(move |c| {
                assert_eq!(
                    c.classname.as_ref().map(quick_junit::XmlString::as_str),
                    Some(s.name.as_str()),
                    "a case is classed by its scenario"
                );
                assert!(matches!(c.status, TestCaseStatus::Success { .. }));
                (s.name.as_str().to_owned(), c.name.as_str().to_owned())
            })
        })
        .collect();
    assert_eq!(
        cases.len(),
        lines.len(),
        "one test case per line of the report"
    );
    assert_eq!(report.tests, lines.len());
    for (scenario, check) in &cases {
        let line = format!("PASS {scenario} {check}");
        assert!(
            lines.iter().any(|l| l.starts_with(&line)),
            "`{line}` is in the report"
        );
    }
    // Every scenario has its three kinds of case, and every golden session was replayed.
    let scenarios = std::fs::read_dir(root().join("scenarios"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "yaml")
        })
        .count();
    assert_eq!(report.test_suites.len(), scenarios);
    for suite in &report.test_suites {
        let names: Vec<&str> = suite.test_cases.iter().map(|c| c.name.as_str()).collect();
        assert!(
            names.contains(&"validate") && names.contains(&"expert"),
            "{names:?}"
        );
        assert!(
            names.iter().any(|n| n.starts_with("known_bad/")),
            "{names:?}"
        );
    }
    let sessions = std::fs::read_dir(root().join("tests/sessions"))
        .unwrap()
        .count();
    assert!(sessions >= 3, "a few golden sessions are kept");
    assert_eq!(
        cases.iter().filter(|(_, c)| c == "session").count(),
        sessions
    );
}

#[test]
fn removing_an_expert_step_fails_check_naming_the_scenario_the_objective_and_the_seed() {
    let dir = scratch("broken-expert");
    let text = bundled_text();
    let step = "  - { at: 12m, do: \"declare-incident sev2\", why: \"A live credential in a public repo is an incident: say so first, so owners are pulled in.\" }\n";
    assert!(
        text.contains(step),
        "the bundled expert declares the incident"
    );
    std::fs::write(
        dir.join("scenarios/leaked-ci-deploy-token.yaml"),
        text.replace(step, ""),
    )
    .unwrap();
    let run = drillhall_in(
        &dir,
        &[
            "check",
            "scenarios",
            "--seeds",
            "1..3",
            "--junit",
            "check.xml",
            "--force",
        ],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(
            "FAIL leaked-ci-deploy-token expert seed 1: objective `declared` failed at T+4:00: no incident was declared"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("    seed 2: objective `declared` failed"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .lines()
            .last()
            .unwrap()
            .starts_with("check failed: ")
    );

    let xml = std::fs::read_to_string(dir.join("check.xml")).unwrap();
    let report = Report::deserialize_from_str(&xml).unwrap();
    let expert = report.test_suites[0]
        .test_cases
        .iter()
        .find(|c| c.name.as_str() == "expert")
        .unwrap();
    let TestCaseStatus::NonSuccess {
        message,
        description,
        ..
    } = &expert.status
    else {
        panic!("the expert case failed: {:?}", expert.status)
    };
    let message = message.as_ref().unwrap().as_str();
    for part in ["leaked-ci-deploy-token", "seed 1", "objective `declared`"] {
        assert!(message.contains(part), "{message}");
    }
    assert_eq!(
        description.as_ref().unwrap().as_str().lines().count(),
        3,
        "one per seed"
    );
}

#[test]
fn a_known_bad_response_that_scores_too_well_fails_with_its_score_and_the_ceiling() {
    let run = check_edited(
        "lenient-known-bad",
        ("do-nothing: { max: 40 }", "do-nothing: { max: 10 }"),
        "4",
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "FAIL leaked-ci-deploy-token known_bad/do-nothing seed 4: scored 37 > max 10"
        ),
        "{}",
        run.stdout
    );
    let expert = run
        .stdout
        .lines()
        .find(|l| l.starts_with("PASS leaked-ci-deploy-token expert seed 4 (min "))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(expert.ends_with(" ≥ 85)"), "{expert}");
}

#[test]
fn a_known_bad_response_that_beats_the_expert_fails_even_without_a_ceiling() {
    let dir = scratch("known-bad-as-good");
    let text = bundled_text();
    // The expert itself, listed as a known-bad response with no ceiling in `expect`.
    let start = text.find("expert:\n").unwrap() + "expert:\n".len();
    let mut steps = String::new();
    for l in text[start..text.find("known_bad:\n").unwrap()].lines() {
        steps.push_str("  ");
        steps.push_str(l);
        steps.push('\n');
    }
    let text = text.replace(
        "known_bad:\n",
        &format!("known_bad:\n  same-as-expert:\n{steps}"),
    );
    std::fs::write(dir.join("scenarios/s.yaml"), text).unwrap();
    let run = drillhall_in(&dir, &["check", "scenarios", "--seeds", "2"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let line = run
        .stdout
        .lines()
        .find(|l| {
            l.starts_with("FAIL leaked-ci-deploy-token known_bad/same-as-expert seed 2: scored ")
        })
        .unwrap_or_else(|| panic!("{}", run.stdout));
    let (scored, expert) = line
        .split_once("scored ")
        .and_then(|(_, rest)| rest.split_once(", not below the expert's "))
        .unwrap_or_else(|| panic!("{line}"));
    assert_eq!(scored, expert, "the same steps score the same: {line}");
}

#[test]
fn an_invalid_scenario_fails_its_validate_case_with_the_location_and_the_rest_still_run() {
    let dir = scratch("invalid");
    std::fs::write(dir.join("scenarios/good.yaml"), bundled_text()).unwrap();
    std::fs::write(
        dir.join("scenarios/bad.yaml"),
        "apiVersion: drillhall/v1\nkind: Scenario\nmetadata: { id: bad, title: t, duration: 1h, dificulty: 2 }\nestate: {}\n",
    )
    .unwrap();
    let run = drillhall_in(&dir, &["check", "scenarios", "--seeds", "1", "--json"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("--json is JSON");
    assert_eq!(report["format"], "drillhall-check/1");
    let cases = report["cases"].as_array().unwrap();
    let bad = &cases[0];
    assert_eq!(bad["scenario"], "bad");
    assert_eq!(bad["check"], "validate");
    assert_eq!(bad["status"], "fail");
    let message = bad["failures"][0]["message"].as_str().unwrap();
    assert!(message.starts_with("scenarios/bad.yaml:3:"), "{message}");
    assert!(message.contains("dificulty"), "{message}");
    assert_eq!(report["failed"], 1);
    assert_eq!(
        report["passed"],
        cases.len() - 1,
        "the valid scenario still ran"
    );
}

#[test]
fn a_missing_or_empty_directory_and_a_bad_seed_range_are_bad_input() {
    let dir = scratch("bad-input");
    let missing = drillhall_in(&dir, &["check", "no-such-dir"]);
    assert_eq!(missing.code, 2);
    assert!(
        missing.stderr.contains("cannot read `no-such-dir`"),
        "{}",
        missing.stderr
    );
    let empty = drillhall_in(&dir, &["check", "scenarios"]);
    assert_eq!(empty.code, 2);
    assert!(
        empty.stderr.contains("no scenario files"),
        "{}",
        empty.stderr
    );
    let seeds = drillhall_in(&dir, &["check", "scenarios", "--seeds", "9..2"]);
    assert_eq!(seeds.code, 2);
    assert!(
        seeds.stderr.contains("expected a seed range"),
        "{}",
        seeds.stderr
    );
}

#[test]
fn a_golden_session_that_no_longer_replays_fails_naming_the_first_differing_event() {
    let dir = scratch("stale-session");
    std::fs::write(
        dir.join("scenarios/leaked-ci-deploy-token.yaml"),
        bundled_text(),
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("tests/sessions")).unwrap();
    let golden = std::fs::read_to_string(
        root().join("tests/sessions/leaked-ci-deploy-token-expert-seed-7.jsonl"),
    )
    .unwrap();
    // The engine "now" gives event 3 a different line than when it was recorded.
    let end = golden.lines().last().unwrap();
    let v: serde_json::Value = serde_json::from_str(end).unwrap();
    let third = v["event_hashes"][3].as_str().unwrap().to_owned();
    let tampered = golden.replace(&format!("\"{third}\""), "\"00000000\"");
    let tampered = tampered.replace(v["digest"].as_str().unwrap(), &"0".repeat(64));
    std::fs::write(dir.join("tests/sessions/expert.jsonl"), tampered).unwrap();
    let run = drillhall_in(&dir, &["check", "scenarios", "--seeds", "7"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let line = run
        .stdout
        .lines()
        .find(|l| l.starts_with("FAIL leaked-ci-deploy-token session seed 7: "))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(
        line.contains("first differing event: #3 (recorded 00000000)"),
        "{line}"
    );

    // A session recorded on another version of the scenario says to record it again.
    let edited = bundled_text().replace("duration: 4h", "duration: 5h");
    std::fs::write(dir.join("scenarios/leaked-ci-deploy-token.yaml"), edited).unwrap();
    std::fs::write(dir.join("tests/sessions/expert.jsonl"), &golden).unwrap();
    let run = drillhall_in(&dir, &["check", "scenarios", "--seeds", "7"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("the scenario changed since the session was recorded"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_golden_session_of_a_scenario_not_in_the_library_fails() {
    let dir = scratch("orphan-session");
    std::fs::write(
        dir.join("scenarios/x.yaml"),
        std::fs::read_to_string(root().join("scenarios/onboard-etl-pipeline.yaml")).unwrap(),
    )
    .unwrap();
    let sessions = dir.join("golden");
    std::fs::create_dir_all(&sessions).unwrap();
    std::fs::copy(
        root().join("tests/sessions/leaked-ci-deploy-token-expert-seed-7.jsonl"),
        sessions.join("a.jsonl"),
    )
    .unwrap();
    let run = drillhall_in(&dir, &["check", "scenarios", "--sessions", "golden"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "FAIL leaked-ci-deploy-token session seed 7: golden/a.jsonl records scenario `leaked-ci-deploy-token`, which is not in the library"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn seeds_override_every_range_and_json_counts_match_the_cases() {
    let run = drillhall(&["check", "scenarios", "--seeds", "3..4", "--json"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let cases = report["cases"].as_array().unwrap();
    let seeded: Vec<&serde_json::Value> = cases
        .iter()
        .filter(|c| {
            c["check"] == "expert" || c["check"].as_str().unwrap().starts_with("known_bad/")
        })
        .collect();
    assert!(!seeded.is_empty());
    assert!(seeded.iter().all(|c| c["seeds"] == "3..4"), "{seeded:?}");
    assert_eq!(report["passed"], cases.len());
    assert_eq!(report["failed"], 0);
    assert_eq!(
        report["scenarios"],
        report["cases"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["check"] == "validate")
            .count()
    );
}

#[test]
fn a_ceiling_is_compared_to_the_exact_score_not_its_whole_points() {
    // panic-revoke scores 51.70 on seed 7: above a ceiling of 51, though its whole points are 51.
    let run = check_edited(
        "fractional-ceiling",
        ("panic-revoke: { max: 60 }", "panic-revoke: { max: 51 }"),
        "7",
    );
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "FAIL leaked-ci-deploy-token known_bad/panic-revoke seed 7: scored 51.70 > max 51"
        ),
        "{}",
        run.stdout
    );
}
