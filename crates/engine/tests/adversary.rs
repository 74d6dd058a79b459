//! The attacker: discovery, sessions that outlive tokens, persistence, exfiltration and
//! its tell-tale audit trail.

mod common;

use common::{advance_until_kind, bundled, load, of_kind, run};
use drillhall_engine::{Cause, EventKind, Rejection, Session};
use drillhall_scenario::drill::Mode;

#[test]
fn revoking_the_leaked_token_does_not_end_the_attackers_open_sessions_but_revoke_sessions_does() {
    let mut s = Session::new(&bundled(), 3, Mode::Independent);
    let opened = advance_until_kind(&mut s, "adversary-session-opened", 120);
    assert!(
        matches!(&opened.kind, EventKind::AdversarySessionOpened { identity, .. } if identity == "sa-deployer")
    );
    run(&mut s, "revoke tok-deploy");
    assert!(
        s.summary()
            .attacker_controls
            .contains(&"sa-deployer".to_owned()),
        "the session opened with the token survives its revocation"
    );
    assert!(of_kind(&s, "adversary-lost-access").is_empty());
    run(&mut s, "revoke-sessions sa-deployer");
    let revoked = of_kind(&s, "sessions-revoked")[0].clone();
    assert!(matches!(
        revoked.kind,
        EventKind::SessionsRevoked {
            adversary_sessions: 1,
            ..
        }
    ));
    assert!(
        !s.summary()
            .attacker_controls
            .contains(&"sa-deployer".to_owned())
    );
    let lost = of_kind(&s, "adversary-lost-access");
    assert!(
        lost.iter().any(|e| e.cause == Cause::Event(revoked.id)
            && matches!(&e.kind, EventKind::AdversaryLostAccess { node } if node == "sa-deployer")),
        "losing sa-deployer is caused by revoke-sessions"
    );
    let after = s.events().len();
    s.finish();
    let moved_from_deployer = s.events()[after..].iter().any(
        |e| matches!(&e.kind, EventKind::AdversaryMoved { from, .. } if from == "sa-deployer"),
    );
    assert!(!moved_from_deployer, "no more hops out of sa-deployer");
}

#[test]
fn a_persistence_credential_survives_revocation_of_the_leaked_one_and_is_found_by_investigation() {
    let scenario = load("idp-admin-token");
    let mut s = Session::new(&scenario, 1, Mode::Independent);
    let created = advance_until_kind(&mut s, "persistence-created", 60);
    let EventKind::PersistenceCreated {
        credential, store, ..
    } = &created.kind
    else {
        unreachable!()
    };
    assert_eq!(credential, "key-sa-sync-backup");
    assert_eq!(store, "idp");
    // Hidden from the trainee until found.
    let err = s.command("revoke key-sa-sync-backup", None).unwrap_err();
    assert!(matches!(err, Rejection::UnknownId { .. }), "{err}");
    run(&mut s, "revoke tok-sync");
    run(&mut s, "revoke-sessions sa-sync");
    let summary = s.summary();
    assert_eq!(
        summary.persistence_left,
        vec!["key-sa-sync-backup".to_owned()]
    );
    assert!(
        summary.attacker_controls.contains(&"sa-sync".to_owned()),
        "the minted key keeps the attacker in"
    );

    // Investigation finds it: inspecting the store, or reading the identity's logs.
    let mut by_inspect = s.checkpoint();
    run(&mut by_inspect, "inspect idp");
    let found = of_kind(&by_inspect, "persistence-found");
    assert_eq!(found.len(), 1);
    run(&mut s, "logs sa-sync");
    let found = of_kind(&s, "persistence-found");
    assert_eq!(found.len(), 1);
    let EventKind::LogsRead { entries, .. } = &s
        .event(match found[0].cause {
            Cause::Event(e) => e,
            _ => panic!("found by the logs"),
        })
        .kind
    else {
        panic!("found by the logs")
    };
    assert!(
        entries
            .iter()
            .any(|l| l.action == "CreateAccessKey" && l.user_agent == "python-requests/2.31"),
        "the log shows the key's creation with its tell-tales"
    );

    run(&mut s, "revoke key-sa-sync-backup");
    assert!(s.summary().persistence_left.is_empty());
    // Sessions opened with the key meanwhile outlive it too.
    run(&mut s, "revoke-sessions sa-sync");
    assert!(s.summary().attacker_controls.is_empty());
    s.finish();
    let no_persistence = &s.objectives()[0];
    assert_eq!(no_persistence.state.word(), "met", "{no_persistence:?}");
}

#[test]
fn exfiltration_accrues_while_the_attacker_can_read_a_sensitive_resource() {
    let scenario = load("idp-admin-token");
    let mut s = Session::new(&scenario, 2, Mode::Independent);
    let hr_db = |s: &Session| {
        s.events()
            .iter()
            .find(|e| matches!(&e.kind, EventKind::Exfiltration { resource, .. } if resource == "hr-db"))
            .cloned()
    };
    while hr_db(&s).is_none() && s.tick() < 90 {
        s.advance(1).unwrap();
    }
    let started = hr_db(&s).expect("the attacker reads hr-db within 90 minutes");
    common::advance_to(&mut s, started.tick + 10);
    let minutes = |s: &Session| {
        s.summary()
            .exfiltration
            .iter()
            .find(|(r, _, _)| r == "hr-db")
            .map(|x| x.2)
    };
    assert_eq!(minutes(&s), Some(10));
    run(&mut s, "disable sa-sync");
    let stopped = of_kind(&s, "exfiltration-stopped");
    assert!(
        stopped
            .iter()
            .any(|e| matches!(&e.kind, EventKind::ExfiltrationStopped { resource, minutes: 10, .. } if resource == "hr-db")),
        "{stopped:?}"
    );
    s.advance(30).unwrap();
    assert_eq!(
        minutes(&s),
        Some(10),
        "it stopped when the identity was disabled"
    );
    s.finish();
    let never_hr = &s.objectives()[1];
    assert_eq!(never_hr.state.word(), "failed");
}

#[test]
fn attacker_actions_leave_tell_tale_audit_records_that_logs_show() {
    let mut s = Session::new(&bundled(), 3, Mode::Independent);
    advance_until_kind(&mut s, "adversary-session-opened", 120);
    let audits = of_kind(&s, "audit");
    assert!(!audits.is_empty());
    for a in &audits {
        let EventKind::Audit {
            source_ip,
            user_agent,
            asn,
            ..
        } = &a.kind
        else {
            unreachable!()
        };
        assert!(source_ip.starts_with("185.220."));
        assert_eq!(user_agent, "python-requests/2.31");
        assert!(asn.contains("VPS"));
    }
    run(&mut s, "logs tok-deploy");
    let logs = of_kind(&s, "logs-read");
    let EventKind::LogsRead { entries, .. } = &logs[0].kind else {
        unreachable!()
    };
    let attacker: Vec<_> = entries.iter().filter(|l| l.workload.is_none()).collect();
    let normal: Vec<_> = entries.iter().filter(|l| l.workload.is_some()).collect();
    assert!(!attacker.is_empty() && !normal.is_empty());
    assert!(
        attacker
            .iter()
            .all(|l| l.user_agent == "python-requests/2.31")
    );
    assert!(normal.iter().all(|l| l.source_ip.starts_with("10.")));
}

#[test]
fn a_leak_found_after_revocation_is_dead_to_the_attacker() {
    let mut s = Session::new(&bundled(), 1, Mode::Independent);
    common::advance_to(&mut s, 13);
    run(&mut s, "revoke tok-deploy");
    s.finish();
    let found = of_kind(&s, "adversary-discovered-leak");
    assert_eq!(found.len(), 1);
    assert!(matches!(
        found[0].kind,
        EventKind::AdversaryDiscoveredLeak { valid: false, .. }
    ));
    assert!(of_kind(&s, "adversary-moved").is_empty());
    assert!(of_kind(&s, "adversary-session-opened").is_empty());
}
