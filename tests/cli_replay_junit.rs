//! `drillhall replay JOURNAL --junit FILE`: a `JUnit` report that parses, with one test case
//! for the session and one per objective, failed where the session failed them.

mod cli_support;

use cli_support::{drillhall, files_in, root, scratch};
use drillhall_scenario::Scenario;
use quick_junit::{Report, TestCaseStatus};

/// Replays a journal with `--junit`; `test` keeps each test's report apart.
fn replay_junit(test: &str, journal: &str, extra: &[&str]) -> (cli_support::Run, Report) {
    let stem = std::path::Path::new(journal)
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let out = scratch("replay-junit").join(format!("{test}-{stem}.xml"));
    let _ = std::fs::remove_file(&out);
    let mut args = vec!["replay", journal, "--junit", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let run = drillhall(&args);
    let xml = std::fs::read_to_string(&out)
        .unwrap_or_else(|e| panic!("--junit wrote no report ({e}): {}", run.stderr));
    let report = Report::deserialize_from_str(&xml).expect("the JUnit report parses as XML");
    (run, report)
}

#[test]
fn every_golden_session_gives_a_session_case_and_one_case_per_objective() {
    let journals = files_in("tests/sessions", "jsonl");
    assert!(journals.len() >= 3, "{journals:?}");
    for journal in &journals {
        let (run, report) = replay_junit("each", journal, &[]);
        assert_eq!(run.code, 0, "{journal}: {}", run.stderr);
        assert_eq!(report.test_suites.len(), 1);
        let suite = &report.test_suites[0];
        let names: Vec<&str> = suite.test_cases.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names[0], "session", "{names:?}");
        assert!(matches!(
            suite.test_cases[0].status,
            TestCaseStatus::Success { .. }
        ));
        // The scenario's objectives, in order, after the session case.
        let id = suite.test_cases[0].classname.as_ref().unwrap().to_string();
        let scenario = Scenario::from_bytes(
            &id,
            &std::fs::read(root().join("scenarios").join(format!("{id}.yaml"))).unwrap(),
        )
        .expect("the bundled scenario loads");
        let objectives: Vec<String> = scenario
            .file()
            .objectives
            .iter()
            .map(|o| format!("objective/{}", o.value.id.value))
            .collect();
        assert_eq!(
            names[1..],
            objectives.iter().map(String::as_str).collect::<Vec<_>>()[..]
        );
    }
}

#[test]
fn a_panic_response_session_replays_but_its_failed_objectives_are_failed_cases() {
    let (run, report) = replay_junit(
        "panic",
        "tests/sessions/leaked-ci-deploy-token-panic-revoke-seed-3.jsonl",
        &[],
    );
    assert_eq!(run.code, 0, "the replay itself matches: {}", run.stderr);
    let cases = &report.test_suites[0].test_cases;
    let failed: Vec<&str> = cases
        .iter()
        .filter(|c| matches!(c.status, TestCaseStatus::NonSuccess { .. }))
        .map(|c| c.name.as_str())
        .collect();
    assert!(failed.contains(&"objective/no-outage"), "{failed:?}");
    assert!(!failed.contains(&"session"), "{failed:?}");
    let expert = replay_junit(
        "panic",
        "tests/sessions/leaked-ci-deploy-token-expert-seed-7.jsonl",
        &[],
    )
    .1;
    assert!(
        expert.test_suites[0]
            .test_cases
            .iter()
            .all(|c| matches!(c.status, TestCaseStatus::Success { .. })),
        "the expert's session meets every objective"
    );
}

#[test]
fn a_digest_mismatch_is_a_failed_session_case_and_exit_1() {
    let (run, report) = replay_junit(
        "mismatch",
        "tests/sessions/leaked-ci-deploy-token-expert-seed-7.jsonl",
        &["--expect-digest", "00ff"],
    );
    assert_eq!(run.code, 1);
    let session = &report.test_suites[0].test_cases[0];
    assert_eq!(session.name.as_str(), "session");
    match &session.status {
        TestCaseStatus::NonSuccess { message, .. } => {
            assert!(
                message.as_ref().unwrap().contains("expected 00ff"),
                "{message:?}"
            );
        }
        other => panic!("the session case failed: {other:?}"),
    }
    assert_eq!(
        report.test_suites[0].test_cases.len(),
        1,
        "no objectives of a diverged session"
    );
}
