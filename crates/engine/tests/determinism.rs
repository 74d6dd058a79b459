//! Determinism: the same scenario, seed and inputs give the same event log and digest;
//! seeds change what the dice decide; subsystems draw from independent streams.

mod common;

use common::{bundled, bundled_text, of_kind};
use drillhall_engine::Session;
use drillhall_engine::journal::{Journal, JournalWriter, replay};
use drillhall_engine::script::{Script, Step, run_script};
use drillhall_scenario::Drill;
use drillhall_scenario::drill::Mode;
use proptest::prelude::*;
use std::sync::Arc;

#[test]
fn the_same_scenario_seed_and_inputs_give_the_same_digest() {
    let scenario = bundled();
    let expert = Script::expert(&scenario);
    let a = run_script(&scenario, 7, Mode::Reviewed, &expert, None).unwrap();
    let b = run_script(&scenario, 7, Mode::Reviewed, &expert, None).unwrap();
    assert_eq!(a.events(), b.events());
    assert_eq!(a.digest(), b.digest());
    assert_eq!(a.digest().len(), 64);
    let c = run_script(&scenario, 8, Mode::Reviewed, &expert, None).unwrap();
    assert_ne!(a.digest(), c.digest(), "another seed, another drill");
}

fn discovery_tick(scenario: &Arc<Drill>, seed: u64) -> u64 {
    let mut s = Session::new(scenario, seed, Mode::Independent);
    s.finish();
    of_kind(&s, "adversary-discovered-leak")[0].tick
}

#[test]
fn different_seeds_give_different_adversary_timing() {
    let scenario = bundled();
    let ticks: Vec<u64> = (1..=8)
        .map(|seed| discovery_tick(&scenario, seed))
        .collect();
    assert!(
        ticks.iter().all(|t| (20..=90).contains(t)),
        "within discovers_leak: {ticks:?}"
    );
    assert!(
        ticks.windows(2).any(|w| w[0] != w[1]),
        "not all equal: {ticks:?}"
    );
}

/// The attacker's events as (tick, kind) without ids or causes, which shift when other
/// events are interleaved.
fn adversary_path(s: &Session) -> Vec<(u64, serde_json::Value)> {
    s.events()
        .iter()
        .filter(|e| e.kind.is_adversary())
        .map(|e| (e.tick, serde_json::to_value(&e.kind).unwrap()))
        .collect()
}

#[test]
fn adding_a_noise_inject_does_not_change_the_adversarys_path() {
    let with = bundled();
    let text = bundled_text();
    let line = text
        .lines()
        .find(|l| l.contains("id: chatter"))
        .expect("the bundled scenario has a noise inject");
    let without = Drill::from_text("quiet.yaml", &text.replace(&format!("{line}\n"), "")).unwrap();
    for seed in 1..=6 {
        let mut a = Session::new(&with, seed, Mode::Independent);
        let mut b = Session::new(&without, seed, Mode::Independent);
        a.finish();
        b.finish();
        assert!(!of_kind(&a, "noise-alert").is_empty());
        assert!(of_kind(&b, "noise-alert").is_empty());
        let path = adversary_path(&a);
        assert!(
            path.iter().any(|(_, k)| k["kind"] == "adversary-moved"),
            "seed {seed}: the attacker moves"
        );
        assert_eq!(path, adversary_path(&b), "seed {seed}");
    }
}

#[test]
fn a_checkpoint_continues_exactly_like_the_original() {
    let scenario = bundled();
    let mut s = Session::new(&scenario, 11, Mode::Independent);
    s.advance(30).unwrap();
    s.command("logs tok-deploy", None).unwrap();
    let fork = s.checkpoint();
    s.command("revoke tok-deploy", None).unwrap();
    s.finish();
    let mut again = fork.clone();
    again.command("revoke tok-deploy", None).unwrap();
    again.finish();
    assert_eq!(s.digest(), again.digest());
    let mut other = fork;
    other
        .command("rotate tok-deploy --grace 10m", None)
        .unwrap();
    other.finish();
    assert_ne!(s.digest(), other.digest(), "a different branch differs");
}

const CREDS: &[&str] = &["tok-deploy", "key-payments-db"];
const IDENTS: &[&str] = &["sa-deployer", "role-prod-admin", "sa-checkout"];
const WORKLOADS: &[&str] = &["ci-deployer", "checkout-api", "release-bot"];
const RESOURCES: &[&str] = &["prod-db", "ci-vars", "artifact-bucket", "vault"];
const ANY: &[&str] = &[
    "tok-deploy",
    "sa-deployer",
    "ci-deployer",
    "prod-db",
    "release-bot",
    "vault",
];
const PERMS: &[&str] = &["none", "read", "write", "admin"];

fn command(t: usize, a: usize, b: usize, n: u64) -> String {
    let pick = |v: &[&str], i: usize| v[i % v.len()].to_owned();
    match t % 18 {
        0 => format!("inspect {}", pick(ANY, a)),
        1 => format!("logs {}", pick(ANY, a)),
        2 => format!("paths {}", pick(ANY, a)),
        3 => format!("owners {}", pick(ANY, a)),
        4 => format!("revoke {}", pick(CREDS, a)),
        5 => format!("rotate {} --grace {}m", pick(CREDS, a), n % 30),
        6 => format!("revoke-sessions {}", pick(IDENTS, a)),
        7 => format!("disable {}", pick(IDENTS, a)),
        8 => format!("quarantine {}", pick(WORKLOADS, a)),
        9 => format!(
            "scope-down {} {} {}",
            pick(IDENTS, a),
            pick(RESOURCES, b),
            pick(PERMS, b / 4)
        ),
        10 => format!("remove-grant {} {}", pick(IDENTS, a), pick(RESOURCES, b)),
        11 => format!("redeploy {}", pick(WORKLOADS, a)),
        12 => format!("restore {}", pick(WORKLOADS, a)),
        13 => format!("rollback #{}", 1 + n % 6),
        14 => format!(
            "grant {} {} {}",
            pick(IDENTS, a),
            pick(RESOURCES, b),
            pick(PERMS, b / 4)
        ),
        15 => "declare-incident sev2".to_owned(),
        16 => format!("notify {}", pick(&["platform", "payments", "security"], a)),
        _ => format!("wait {}m", 1 + n % 20),
    }
}

fn scripts() -> impl Strategy<Value = Vec<(u64, usize, usize, usize, u64)>> {
    prop::collection::vec(
        (0u64..25, 0usize..18, 0usize..8, 0usize..16, 0u64..100),
        0..14,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_valid_scripts_replay_to_the_same_digest(steps in scripts(), seed in 0u64..1000) {
        let scenario = bundled();
        let mut at = 0;
        let script = Script {
            name: "random".into(),
            steps: steps
                .iter()
                .map(|&(gap, t, a, b, n)| {
                    at += gap;
                    Step::new(0, at, &command(t, a, b, n)).expect("the generated command parses")
                })
                .collect(),
        };
        let mut journal = JournalWriter::new(Vec::new());
        let first = run_script(&scenario, seed, Mode::Independent, &script, Some(&mut journal)).unwrap();
        let second = run_script(&scenario, seed, Mode::Independent, &script, None).unwrap();
        prop_assert_eq!(first.digest(), second.digest());
        prop_assert!(first.is_over());
        let text = String::from_utf8(journal.into_inner()).unwrap();
        let (parsed, warning) = Journal::parse(&text).unwrap();
        prop_assert!(warning.is_none());
        let replayed = replay(&scenario, &parsed)
            .unwrap_or_else(|e| panic!("{e}\n{text}"));
        prop_assert!(replayed.verified);
        prop_assert_eq!(replayed.digest, first.digest());
        // Every event's cause points backwards.
        for e in first.events() {
            if let drillhall_engine::Cause::Event(c) = e.cause {
                prop_assert!(c < e.id, "{:?} caused by a later event", e);
            }
        }
    }
}
