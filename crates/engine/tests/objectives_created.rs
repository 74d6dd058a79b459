//! Objectives that name nodes the drill creates (`create-identity`, `issue`): the node is
//! looked up when the objective is checked, so a condition on it is judged on the node once
//! it exists, and fails with "never created" when it never does.

mod common;

use common::{load, run, run_with};
use drillhall_engine::{ObjectiveState, Session};
use drillhall_scenario::drill::Mode;

fn migration() -> Session {
    Session::new(&load("temporary-account"), 1, Mode::Independent)
}

fn state(s: &Session, id: &str) -> ObjectiveState {
    s.objectives()
        .into_iter()
        .find(|o| o.id == id)
        .unwrap_or_else(|| panic!("objective `{id}` is in the session"))
        .state
}

fn failure(s: &Session, id: &str) -> String {
    match state(s, id) {
        ObjectiveState::Failed { reason, .. } => reason,
        other => panic!("objective `{id}` should have failed, is {other:?}"),
    }
}

fn met(s: &Session, id: &str) -> bool {
    matches!(state(s, id), ObjectiveState::Met { .. })
}

#[test]
fn every_objective_naming_a_node_yet_to_be_created_is_in_the_session_and_pending() {
    let s = migration();
    let ids: Vec<String> = s.objectives().into_iter().map(|o| o.id).collect();
    assert_eq!(
        ids,
        [
            "scoped",
            "account-off",
            "key-dead",
            "off-in-time",
            "untouched"
        ]
    );
    for id in &ids {
        assert_eq!(state(&s, id), ObjectiveState::Pending, "{id}");
    }
}

#[test]
fn objectives_on_an_account_that_is_never_created_fail_saying_so() {
    let mut s = migration();
    s.finish();
    assert_eq!(failure(&s, "scoped"), "`sa-migrate` was never created");
    assert_eq!(failure(&s, "account-off"), "`sa-migrate` was never created");
    assert_eq!(failure(&s, "key-dead"), "`key-migrate` was never created");
    assert_eq!(
        failure(&s, "off-in-time"),
        "not done by T+0:30: `sa-migrate` was never created"
    );
    assert!(
        met(&s, "untouched"),
        "the attacker cannot reach an account that never existed"
    );
}

#[test]
fn creating_the_account_and_meeting_each_condition_meets_the_objectives() {
    let mut s = migration();
    for step in s.expert_steps().to_vec() {
        common::advance_to(&mut s, step.at);
        run(&mut s, &step.text);
    }
    assert!(
        matches!(
            state(&s, "off-in-time"),
            ObjectiveState::Met { tick: 21, .. }
        ),
        "met when the account it names is disabled: {:?}",
        state(&s, "off-in-time")
    );
    s.finish();
    for id in [
        "scoped",
        "account-off",
        "key-dead",
        "off-in-time",
        "untouched",
    ] {
        assert!(met(&s, id), "{id}: {:?}", state(&s, id));
    }
}

#[test]
fn creating_the_account_without_meeting_the_conditions_fails_them_on_the_account() {
    let mut s = migration();
    run(
        &mut s,
        "create-identity sa-migrate --kind service-account --owner data",
    );
    run_with(&mut s, "grant sa-migrate orders-db admin", Some(90));
    run(
        &mut s,
        "issue key-migrate --kind access-key --for sa-migrate --store vault",
    );
    s.finish();
    assert_eq!(
        failure(&s, "scoped"),
        "sa-migrate still has admin on orders-db"
    );
    assert_eq!(
        failure(&s, "account-off"),
        "still enabled at the end: sa-migrate"
    );
    assert_eq!(
        failure(&s, "key-dead"),
        "still valid at the end: key-migrate"
    );
    assert_eq!(failure(&s, "off-in-time"), "not done by T+0:30");
    assert!(met(&s, "untouched"));
}
