//! Provisioning and the end-state objectives: onboarding a workload with exactly its
//! needs, issued credentials that expire, deadlines, notifications.

mod common;

use common::{advance_to, downs, load, of_kind, run};
use drillhall_engine::{Cause, EventKind, ObjectiveState, Session};
use drillhall_scenario::drill::Mode;

fn onboarding() -> Session {
    Session::new(&load("onboarding"), 1, Mode::Independent)
}

fn state(s: &Session, id: &str) -> ObjectiveState {
    s.objectives()
        .into_iter()
        .find(|o| o.id == id)
        .unwrap()
        .state
}

#[test]
fn onboarding_with_exactly_the_needed_access_meets_every_objective() {
    let mut s = onboarding();
    let ticket = of_kind(&s, "ticket-opened")[0].clone();
    assert_eq!(ticket.cause, Cause::Inject("onboard".into()));
    assert!(
        matches!(&ticket.kind, EventKind::TicketOpened { subjects, .. } if subjects == &["report-job", "sales-db"])
    );
    run(
        &mut s,
        "create-identity sa-report --kind service-account --owner data",
    );
    run(&mut s, "grant sa-report sales-db read");
    run(
        &mut s,
        "issue tok-report --kind api-token --for sa-report --store vault",
    );
    run(&mut s, "attach tok-report report-job");
    run(&mut s, "disable sa-etl");
    run(&mut s, "notify data");
    assert!(matches!(
        state(&s, "etl-off"),
        ObjectiveState::Met { tick: 4, .. }
    ));
    assert!(matches!(state(&s, "told"), ObjectiveState::Met { .. }));
    s.finish();
    assert!(
        matches!(state(&s, "exact"), ObjectiveState::Met { .. }),
        "{:?}",
        state(&s, "exact")
    );
    assert!(downs(&s, "report-job").is_empty());
    // Provisioned nodes are in the trainee's inventory.
    assert!(s.view().find("tok-report").is_some());
}

#[test]
fn granting_more_than_the_need_fails_least_privilege() {
    let mut s = onboarding();
    run(
        &mut s,
        "create-identity sa-report --kind service-account --owner data",
    );
    run(&mut s, "grant sa-report sales-db admin");
    run(&mut s, "issue tok-report --kind api-token --for sa-report");
    run(&mut s, "attach tok-report report-job");
    s.finish();
    let ObjectiveState::Failed { reason, .. } = state(&s, "exact") else {
        panic!("over-granted")
    };
    assert_eq!(reason, "report-job needs read on sales-db, has admin");
    let ObjectiveState::Failed { reason, tick, .. } = state(&s, "etl-off") else {
        panic!("sa-etl was never disabled")
    };
    assert_eq!((reason.as_str(), tick), ("not done by T+0:30", 31));
    assert!(matches!(state(&s, "told"), ObjectiveState::Failed { .. }));
}

#[test]
fn rolling_back_a_grant_removes_it() {
    let mut s = onboarding();
    run(
        &mut s,
        "create-identity sa-report --kind service-account --owner data",
    );
    run(&mut s, "grant sa-report sales-db write");
    run(&mut s, "rollback #2");
    assert!(!of_kind(&s, "grant-removed").is_empty());
    run(&mut s, "grant sa-report sales-db read");
    assert_eq!(of_kind(&s, "grant-added").len(), 2);
}

#[test]
fn an_issued_credential_expires_at_its_ttl_and_takes_its_holder_down() {
    let mut s = onboarding();
    run(
        &mut s,
        "create-identity sa-report --kind service-account --owner data",
    );
    run(&mut s, "grant sa-report sales-db read");
    run(
        &mut s,
        "issue tok-report --kind api-token --for sa-report --ttl 30m",
    );
    run(&mut s, "attach tok-report report-job");
    advance_to(&mut s, 40);
    let expired = of_kind(&s, "credential-expired");
    assert_eq!(expired.len(), 1);
    assert_eq!(expired[0].tick, 32, "issued at 2m with a 30m TTL");
    let down = downs(&s, "report-job");
    assert_eq!(down.len(), 1);
    assert_eq!(down[0].cause, Cause::Event(expired[0].id));
    let err = s.command("attach tok-report report-job", None).unwrap_err();
    assert!(err.to_string().contains("dead"), "{err}");
}
