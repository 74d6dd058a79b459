//! `detach`: moving a workload off a credential, the last step of a migration before the old
//! credential is revoked.

mod common;

use common::{downs, of_kind, run};
use drillhall_engine::{Input, Rejection, Session};
use drillhall_scenario::Drill;
use drillhall_scenario::command::Command;
use drillhall_scenario::drill::Mode;

/// A release job that writes the app repository with a departed engineer's token.
const MIGRATION: &str = r"
apiVersion: drillhall/v1
kind: Scenario
metadata: { id: pat-migration, title: PAT migration, duration: 2h }
estate:
  teams: [{ id: release }, { id: security }]
  workloads:
    - { id: release-train, kind: service, criticality: high, owner: release, holds: [pat-old],
        needs: [{ resource: repo-app, permission: write }] }
  identities:
    - { id: old-user, kind: human-user }
  credentials:
    - { id: pat-old, kind: pat, authenticates: old-user, age: 500d }
  resources:
    - { id: repo-app, kind: repo, sensitivity: confidential, owner: release }
    - { id: vault, kind: secret-store, owner: security }
  grants:
    - { identity: old-user, resource: repo-app, permission: write }
objectives:
  - { id: dead, text: old token dead, credential_invalid: pat-old }
";

fn session() -> Session {
    let scenario = Drill::from_text("pat-migration.yaml", MIGRATION)
        .unwrap_or_else(|e| panic!("the migration scenario loads:\n{e}"));
    Session::new(&scenario, 1, Mode::Independent)
}

#[test]
fn migrating_to_a_new_credential_then_detaching_lets_the_old_one_die_without_an_outage() {
    let mut s = session();
    run(
        &mut s,
        "create-identity app-release --kind github-app --owner release",
    );
    run(&mut s, "grant app-release repo-app write");
    run(
        &mut s,
        "issue key-release --kind private-key --for app-release --store vault",
    );
    run(&mut s, "attach key-release release-train");
    run(&mut s, "detach pat-old release-train");
    run(&mut s, "revoke pat-old");
    s.finish();
    assert!(downs(&s, "release-train").is_empty(), "nothing went down");
    assert_eq!(of_kind(&s, "credential-detached").len(), 1);
    assert_eq!(s.objectives()[0].state.word(), "met");
}

#[test]
fn detaching_the_only_credential_that_meets_a_need_takes_its_holder_down() {
    let mut s = session();
    run(&mut s, "detach pat-old release-train");
    let d = downs(&s, "release-train");
    assert_eq!(d.len(), 1, "release-train goes down at once");
    assert_eq!(d[0].tick, 0);
}

#[test]
fn detaching_a_credential_the_workload_does_not_hold_is_refused_and_changes_nothing() {
    let mut s = session();
    run(&mut s, "detach pat-old release-train");
    let before = s.events().len();
    let again = s.apply(Input::command(
        Command::parse("detach pat-old release-train").expect("the command parses"),
    ));
    assert_eq!(
        again,
        Err(Rejection::Conflict(
            "`release-train` does not hold `pat-old`".into()
        ))
    );
    assert_eq!(s.events().len(), before);
}
