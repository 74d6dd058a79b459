//! The bundled scenario tests itself: its expert response meets every objective on every
//! seed, its known-bad responses do their damage, and the expert's event log on seed 7 is
//! pinned as a golden timeline.

mod common;

use common::{bundled, downs, of_kind};
use drillhall_engine::script::{Script, run_script};
use drillhall_engine::{EventId, EventKind, Session, render_timeline};

fn root_is_revocation(s: &Session, down: EventId) -> bool {
    s.causal_chain(down)
        .iter()
        .any(|&e| s.event(e).kind.name() == "credential-revoked")
}

#[test]
fn the_expert_response_meets_every_objective_on_seeds_1_to_50() {
    let scenario = bundled();
    let mode = scenario.mode;
    let expert = Script::expert(&scenario);
    for seed in 1..=50 {
        let s = run_script(&scenario, seed, mode, &expert, None).unwrap();
        let rejected = of_kind(&s, "command-rejected");
        assert!(
            rejected.is_empty(),
            "seed {seed}: the expert's steps are all accepted in {mode} mode:\n{}",
            render_timeline(s.events())
        );
        for o in s.objectives() {
            assert_eq!(
                o.state.word(),
                "met",
                "seed {seed}: objective {} ({:?})\n{}",
                o.id,
                o.state,
                render_timeline(s.events())
            );
        }
        assert!(
            of_kind(&s, "workload-down").is_empty(),
            "seed {seed}: no outage"
        );
    }
}

#[test]
fn panic_revoke_takes_ci_deployer_and_release_bot_down() {
    let scenario = bundled();
    let mode = scenario.mode;
    let panic = Script::known_bad(&scenario, "panic-revoke").unwrap();
    for seed in 1..=10 {
        let s = run_script(&scenario, seed, mode, &panic, None).unwrap();
        for w in ["ci-deployer", "release-bot"] {
            let d = downs(&s, w);
            assert_eq!(d.len(), 1, "seed {seed}: {w} goes down");
            assert!(
                root_is_revocation(&s, d[0].id),
                "seed {seed}: the revocation took {w} down"
            );
            assert!(matches!(
                d[0].kind,
                EventKind::WorkloadDown {
                    trainee_caused: true,
                    ..
                }
            ));
        }
        assert_eq!(
            downs(&s, "release-bot")[0].tick,
            40,
            "the batch job fails when it next runs"
        );
        let no_outage = s
            .objectives()
            .into_iter()
            .find(|o| o.id == "no-outage")
            .unwrap();
        assert_eq!(no_outage.state.word(), "failed");
    }
}

#[test]
fn doing_nothing_lets_the_attacker_reach_its_goal() {
    let scenario = bundled();
    let nothing = Script::known_bad(&scenario, "do-nothing").unwrap();
    let reached = (1..=20)
        .filter(|&seed| {
            let s = run_script(&scenario, seed, scenario.mode, &nothing, None).unwrap();
            let contain = &s.objectives()[0];
            assert_eq!(contain.state.word(), "failed", "seed {seed}");
            s.summary().reached.iter().any(|(n, _)| n == "prod-db")
        })
        .count();
    assert!(
        reached >= 15,
        "the attacker reaches prod-db on most seeds ({reached}/20)"
    );
}

#[test]
fn the_expert_timeline_on_seed_7_is_golden() {
    let scenario = bundled();
    let s = run_script(
        &scenario,
        7,
        scenario.mode,
        &Script::expert(&scenario),
        None,
    )
    .unwrap();
    insta::assert_snapshot!(format!(
        "digest {}\n{}",
        s.digest(),
        render_timeline(s.events())
    ));
}
