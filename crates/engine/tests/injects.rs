//! Injects other than leaks: a compromised workload that dumps its secrets, a stolen
//! session, a scripted alert; and what the trainee's view shows of them.

mod common;

use common::{advance_to, load, of_kind, run};
use drillhall_engine::{Cause, EventKind, Session};
use drillhall_scenario::drill::Mode;

fn agent(seed: u64) -> Session {
    Session::new(&load("hijacked-agent"), seed, Mode::Independent)
}

fn controls(s: &Session, node: &str) -> bool {
    s.summary().attacker_controls.iter().any(|n| n == node)
}

#[test]
fn a_compromised_workload_hands_over_its_identity_and_dumps_what_it_holds() {
    let mut s = agent(1);
    advance_to(&mut s, 6);
    let compromised = of_kind(&s, "workload-compromised")[0].clone();
    assert_eq!(compromised.tick, 5);
    assert_eq!(compromised.cause, Cause::Inject("poisoned-tool".into()));
    let leaked = of_kind(&s, "credential-leaked")[0].clone();
    assert!(
        matches!(&leaked.kind, EventKind::CredentialLeaked { credential, via, .. } if credential == "key-crm" && via == "ci-logs")
    );
    assert_eq!(leaked.cause, Cause::Event(compromised.id));
    for n in ["support-agent", "agent-id", "sa-crm"] {
        assert!(
            controls(&s, n),
            "the attacker controls {n}: {:?}\n{}",
            s.summary().attacker_controls,
            drillhall_engine::render_timeline(s.events())
        );
    }
    run(&mut s, "quarantine support-agent");
    assert!(!controls(&s, "support-agent"));
    assert!(
        !controls(&s, "agent-id"),
        "the workload's identity goes with it"
    );
    assert!(controls(&s, "sa-crm"), "the dumped key still works");
    run(&mut s, "rotate key-crm");
    run(&mut s, "revoke-sessions sa-crm");
    assert!(!controls(&s, "sa-crm"));
}

#[test]
fn a_stolen_session_lasts_its_ttl() {
    let mut s = agent(2);
    advance_to(&mut s, 11);
    let stolen = of_kind(&s, "adversary-session-opened")
        .into_iter()
        .find(|e| matches!(&e.kind, EventKind::AdversarySessionOpened { identity, .. } if identity == "sa-billing"))
        .cloned()
        .expect("the stolen session is the attacker's");
    assert_eq!(stolen.cause, Cause::Inject("stolen".into()));
    assert!(
        matches!(&stolen.kind, EventKind::AdversarySessionOpened { via, expires_at: 30, .. } if via == "stolen session")
    );
    advance_to(&mut s, 31);
    let expired = of_kind(&s, "session-expired")
        .into_iter()
        .find(|e| matches!(&e.kind, EventKind::SessionExpired { identity } if identity == "sa-billing"))
        .cloned()
        .expect("the stolen session expires");
    assert_eq!(expired.tick, 30);
    assert!(!controls(&s, "sa-billing"));
}

#[test]
fn the_trainee_sees_alerts_and_outages_but_not_the_attacker() {
    let mut s = agent(3);
    advance_to(&mut s, 20);
    let view = s.view();
    let alerts: Vec<_> = view.alerts().collect();
    assert_eq!(alerts.len(), 1);
    assert!(
        matches!(&alerts[0].kind, EventKind::Alert { source, detection: false, .. } if source == "edr")
    );
    let agent = view.find("support-agent").unwrap();
    assert!(view.status(agent).flagged);
    assert!(view.feed().all(|e| e.kind.visible_to_trainee()));
    assert!(view.feed().all(|e| !e.kind.is_adversary()));
    run(&mut s, "quarantine support-agent");
    let view = s.view();
    let status = view.status(view.find("support-agent").unwrap());
    assert!(status.quarantined && status.down);
    assert!(view.feed().any(|e| e.kind.name() == "workload-down"));
}

#[test]
fn hidden_nodes_join_the_view_when_found() {
    let s0 = Session::new(&common::bundled(), 1, Mode::Independent);
    let view = s0.view();
    let visible: Vec<String> = view.nodes().map(|n| view.node(n).id.clone()).collect();
    assert!(!visible.contains(&"release-bot".to_owned()));
    assert!(visible.contains(&"ci-deployer".to_owned()));
    let mut s = s0.checkpoint();
    run(&mut s, "logs tok-deploy");
    assert!(s.view().find("release-bot").is_some());
    assert!(
        s.view()
            .status(s.view().find("sa-deployer").unwrap())
            .over_privileged
    );
}
