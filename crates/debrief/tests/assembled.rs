//! A drill assembled in code, with no YAML anywhere: what an importer or a generator
//! produces. It must run, score and debrief like a loaded scenario.

use std::sync::Arc;

use drillhall_debrief::{self as score, Debrief};
use drillhall_engine::drill::{
    Condition, Inject, InjectWhat, LeakVia, NodeRef, ObjectiveRule, Step,
};
use drillhall_engine::script::{Script, run_script};
use drillhall_engine::{Drill, EdgeKind, Mode, Permission, Session};
use drillhall_estate::{
    CredentialKind, Criticality, Estate, IdentityKind, Node, NodeKind, ResourceKind, Sensitivity,
    Team, WorkloadKind,
};

/// A CI token that is admin on a crown-jewel database, held by one pipeline.
fn estate() -> Estate {
    let mut e = Estate::new();
    e.add_team(Team {
        id: "platform".into(),
        members: vec![],
    });
    let mut ci = Node::new("ci", NodeKind::Workload(WorkloadKind::CiPipeline));
    ci.criticality = Criticality::High;
    ci.owner = Some("platform".into());
    let mut sa = Node::new("sa-ci", NodeKind::Identity(IdentityKind::ServiceAccount));
    sa.owner = Some("platform".into());
    let mut tok = Node::new("tok-ci", NodeKind::Credential(CredentialKind::ApiToken));
    tok.age = Some(400 * 24 * 60);
    let mut db = Node::new("db", NodeKind::Resource(ResourceKind::Database));
    db.sensitivity = Sensitivity::CrownJewel;
    for n in [ci, sa, tok, db] {
        e.add_node(n).expect("ids are unique");
    }
    e.connect("ci", "sa-ci", EdgeKind::RunsAs).unwrap();
    e.connect("ci", "tok-ci", EdgeKind::Holds).unwrap();
    e.connect("tok-ci", "sa-ci", EdgeKind::Authenticates)
        .unwrap();
    e.connect(
        "sa-ci",
        "db",
        EdgeKind::Grants {
            permission: Permission::Admin,
            used: false,
        },
    )
    .unwrap();
    e
}

fn drill() -> Arc<Drill> {
    let estate = estate();
    let tok = estate.find("tok-ci").unwrap();
    let db = estate.find("db").unwrap();
    let mut d = Drill::assemble("assembled", "A drill built in code", estate, 240);
    d.injects.push(Inject {
        id: "leak".into(),
        at: 0,
        what: InjectWhat::Leak {
            credentials: vec![tok],
            via: LeakVia::PublicRepo,
        },
    });
    d.adversary.goals = vec![db];
    d.objectives.push(ObjectiveRule {
        id: "contain".into(),
        text: "Kill the leaked token".into(),
        condition: Condition::CredentialInvalid {
            credentials: vec![NodeRef::new(&d.estate, "tok-ci")],
            before_reach: vec![NodeRef::new(&d.estate, "db")],
            before: None,
        },
        loc: drillhall_scenario::Loc::default(),
    });
    d.expert = vec![
        Step::new(0, 5, "rotate tok-ci").unwrap(),
        Step::new(1, 6, "redeploy ci").unwrap(),
        Step::new(2, 8, "scope-down sa-ci db none").unwrap(),
    ];
    d.mode = Mode::Independent;
    Arc::new(d.seal())
}

#[test]
fn a_drill_assembled_in_code_runs_scores_and_debriefs() {
    let d = drill();
    assert_eq!(d.sha256.len(), 64, "a sealed drill has an identity");
    let s = run_script(&d, 3, Mode::Independent, &Script::expert(&d), None).unwrap();
    assert!(s.is_over());
    let score = score::score(&d, &s).expect("the session scores");
    let objectives = score::objective_results(&d, &s);
    assert_eq!(objectives.len(), 1);
    assert_eq!(objectives[0].state, "met", "{objectives:?}");
    let debrief = Debrief::new(&d, &s).expect("the session debriefs");
    assert_eq!(debrief.score.points, score.points);
    assert_eq!(debrief.scenario.id, "assembled");
    // Doing nothing leaves the token live: the same drill tells the two apart.
    let mut idle = Session::new(&d, 3, Mode::Independent);
    idle.finish();
    let idle_score = score::score(&d, &idle).unwrap();
    assert!(
        idle_score.points < score.points,
        "{idle_score:?} vs {score:?}"
    );
}

#[test]
fn sealing_the_same_parts_twice_gives_the_same_identity_and_a_change_is_seen() {
    let a = drill();
    let b = drill();
    assert_eq!(a.sha256, b.sha256);
    let mut c = (*drill()).clone();
    c.duration = 300;
    assert_ne!(c.seal().sha256, a.sha256);
}
