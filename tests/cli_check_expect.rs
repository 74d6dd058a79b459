//! `expect` holds the lab's bots to bounds (`expect.bots`), known-bad responses to
//! per-dimension ceilings and the scenario to a luck-share ceiling, and `check` reports each
//! as a case that fails with the seed and figure that diverged.

mod cli_support;

use cli_support::{Run, drillhall, empty_scratch, root};

/// `check` on a scratch library holding the bundled scenario with its `expect` replaced.
fn check_with_expect(name: &str, expect: &str) -> Run {
    let dir = empty_scratch("cli_check_expect", name);
    std::fs::create_dir_all(dir.join("lib")).unwrap();
    std::fs::create_dir_all(dir.join("sessions")).unwrap();
    let text =
        std::fs::read_to_string(root().join("scenarios/leaked-ci-deploy-token.yaml")).unwrap();
    let start = text
        .find("\nexpect:\n")
        .expect("the bundled scenario has expect")
        + 1;
    let end = text.find("\ndebrief:").unwrap() + 1;
    let edited = format!("{}{expect}{}", &text[..start], &text[end..]);
    std::fs::write(dir.join("lib/leaked-ci-deploy-token.yaml"), edited).unwrap();
    let lib = dir.join("lib").display().to_string();
    let sessions = dir.join("sessions").display().to_string();
    drillhall(&["check", &lib, "--sessions", &sessions])
}

#[test]
fn a_bot_within_its_bounds_passes_and_shows_its_spread() {
    let r = check_with_expect(
        "bot-pass",
        "expect:\n  seeds: 1..3\n  bots: { panic: { max: 70, fails: [no-outage], meets: [contain] } }\n",
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
    let line = r
        .stdout
        .lines()
        .find(|l| l.starts_with("PASS leaked-ci-deploy-token bot/panic seeds 1..3 (min "))
        .unwrap_or_else(|| panic!("{}", r.stdout));
    assert!(line.contains("median"), "{line}");
}

#[test]
fn a_bot_above_its_ceiling_or_meeting_what_it_must_fail_fails_with_the_seed() {
    let r = check_with_expect(
        "bot-fail",
        "expect:\n  seeds: 1..2\n  bots: { panic: { max: 10 }, expert: { fails: [contain] } }\n",
    );
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout
            .contains("FAIL leaked-ci-deploy-token bot/panic seed 1: scored 5"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("> max 10"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("FAIL leaked-ci-deploy-token bot/expert seed 1: objective `contain` was met"),
        "{}",
        r.stdout
    );
}

#[test]
fn an_unknown_bot_or_objective_in_expect_is_named() {
    let r = check_with_expect(
        "bot-unknown",
        "expect:\n  seeds: 1..2\n  bots: { genius: { max: 10 }, panic: { fails: [no-such] } }\n",
    );
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout
            .contains("`expect.bots` names `genius`, which is no bot"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("objective `no-such`, which the scenario does not have"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_known_bad_dimension_above_its_ceiling_fails() {
    let r = check_with_expect(
        "dimension",
        "expect:\n  seeds: 1..2\n  known_bad: { panic-revoke: { max: 90, dimensions: { containment: 10 } } }\n",
    );
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout.contains(
            "FAIL leaked-ci-deploy-token known_bad/panic-revoke seed 1: containment was "
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("> max 10"), "{}", r.stdout);
}

#[test]
fn a_luck_share_above_the_ceiling_fails_and_below_it_passes() {
    let fail = check_with_expect(
        "luck-fail",
        "expect:\n  seeds: 1..3\n  luck_share: { max: 0 }\n",
    );
    assert_eq!(fail.code, 1, "{}", fail.stdout);
    assert!(
        fail.stdout
            .contains("FAIL leaked-ci-deploy-token luck_share luck share "),
        "{}",
        fail.stdout
    );
    let pass = check_with_expect(
        "luck-pass",
        "expect:\n  seeds: 1..3\n  luck_share: { max: 900 }\n",
    );
    assert_eq!(pass.code, 0, "{}", pass.stdout);
    assert!(
        pass.stdout
            .contains("PASS leaked-ci-deploy-token luck_share seeds 1..3 ("),
        "{}",
        pass.stdout
    );
}
