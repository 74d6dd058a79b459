//! Keyed dice: a roll is a function of (seed, stream, subject, attempt), so taking an input
//! away changes the luck of no roll it did not make impossible.

mod common;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use common::bundled;
use drillhall_engine::dice::{Drawn, Stream, Subject};
use drillhall_engine::{Input, Session};
use drillhall_estate::NodeClass;
use std::sync::Arc;

use drillhall_scenario::Drill;
use drillhall_scenario::command::Command;
use drillhall_scenario::drill::Mode;
use proptest::prelude::*;
use proptest::sample::Index;

type Key = (Stream, u64, u32);

/// Every roll of a session by (stream, subject, attempt), with what it drew.
fn rolls(s: &Session) -> BTreeMap<Key, Vec<Drawn>> {
    s.draws()
        .map(|d| ((d.stream, d.subject, d.attempt), d.drawn.to_vec()))
        .collect()
}

/// Runs `inputs` (commands refused are recorded and the run goes on) and finishes the drill.
fn play(scenario: &Arc<Drill>, seed: u64, inputs: &[(u64, Command)]) -> Session {
    let mut s = Session::new(scenario, seed, Mode::Independent);
    for (at, command) in inputs {
        if s.is_over() {
            break;
        }
        if *at > s.tick() {
            s.advance(at - s.tick()).expect("the drill is running");
        }
        if !s.is_over() {
            s.apply_or_record(Input::command(command.clone()))
                .expect("a command is taken or recorded as refused");
        }
    }
    s.finish();
    s
}

#[test]
fn removing_one_hop_leaves_every_attempt_at_every_other_hop_as_it_was() {
    let scenario = bundled();
    let removed = Subject::Hop {
        kind: "grants",
        from: "sa-deployer",
        to: "prod-db",
    }
    .key();
    let cut = [(
        0,
        Command::parse("remove-grant sa-deployer prod-db").unwrap(),
    )];
    let (mut common_attempts, mut moved_in_time, mut moved_in_order) = (0, 0, 0);
    for seed in 1..=30 {
        let with = play(&scenario, seed, &[]);
        let without = play(&scenario, seed, &cut);
        let hops = |s: &Session| -> Vec<(u64, u32, u64, Vec<Drawn>)> {
            s.draws()
                .filter(|d| {
                    d.stream == Stream::Adversary
                        && matches!(d.drawn, [Drawn::Chance { .. }, Drawn::Between { .. }])
                })
                .map(|d| (d.subject, d.attempt, d.tick, d.drawn.to_vec()))
                .collect()
        };
        let (a, b) = (hops(&with), hops(&without));
        assert!(
            b.iter().all(|(subject, ..)| *subject != removed),
            "seed {seed}: the removed hop is never tried"
        );
        for (pos_b, (subject, attempt, tick_b, drawn_b)) in b.iter().enumerate() {
            let Some(pos_a) = a.iter().position(|(s, k, ..)| (s, k) == (subject, attempt)) else {
                continue;
            };
            let (_, _, tick_a, drawn_a) = &a[pos_a];
            // Success and dwell: the same, wherever and whenever the attempt happens.
            assert_eq!(
                drawn_a, drawn_b,
                "seed {seed}: attempt {attempt} at hop {subject:#x}"
            );
            common_attempts += 1;
            moved_in_time += usize::from(tick_a != tick_b);
            moved_in_order += usize::from(pos_a != pos_b);
        }
    }
    // The test means something only if the other hops' attempts really moved: with dice
    // that follow the order of draws, these would have drawn other numbers.
    assert!(common_attempts >= 30, "{common_attempts} attempts compared");
    assert!(
        moved_in_time > 0 && moved_in_order > 0,
        "{moved_in_time} {moved_in_order}"
    );
}

/// The library's scenarios (scenarios/*.yaml), loaded once.
fn library() -> &'static [Arc<Drill>] {
    static LIBRARY: OnceLock<Vec<Arc<Drill>>> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| {
                let text = std::fs::read_to_string(p).unwrap();
                Drill::from_text(&p.display().to_string(), &text).unwrap()
            })
            .collect()
    })
}

/// A command of a random response: a verb that fits a random node of the estate.
fn command(scenario: &Drill, verb: usize, a: Index, b: Index, minutes: u64) -> Command {
    let estate = &scenario.estate;
    let of = |class: NodeClass, pick: Index| -> String {
        let ids: Vec<&str> = estate
            .node_ids()
            .map(|n| estate.node(n))
            .filter(|n| n.class() == class)
            .map(|n| n.id.as_str())
            .collect();
        if ids.is_empty() {
            "nothing".to_owned()
        } else {
            pick.get(&ids).to_string()
        }
    };
    let any = || {
        let ids: Vec<&str> = estate
            .node_ids()
            .map(|n| estate.node(n).id.as_str())
            .collect();
        a.get(&ids).to_string()
    };
    let text = match verb % 14 {
        0 => format!("logs {}", any()),
        1 => format!("inspect {}", any()),
        2 => format!("revoke {}", of(NodeClass::Credential, a)),
        3 => format!("rotate {} --grace {minutes}m", of(NodeClass::Credential, a)),
        4 => format!("revoke-sessions {}", of(NodeClass::Identity, a)),
        5 => format!("disable {}", of(NodeClass::Identity, a)),
        6 => format!("quarantine {}", of(NodeClass::Workload, a)),
        7 => format!(
            "scope-down {} {} none",
            of(NodeClass::Identity, a),
            of(NodeClass::Resource, b)
        ),
        8 => format!(
            "remove-grant {} {}",
            of(NodeClass::Identity, a),
            of(NodeClass::Resource, b)
        ),
        9 => format!("redeploy {}", of(NodeClass::Workload, a)),
        10 => format!("restore {}", of(NodeClass::Workload, a)),
        11 => format!("wait {minutes}m"),
        12 => format!("paths {}", any()),
        _ => "declare-incident sev2".to_owned(),
    };
    Command::parse(&text).unwrap_or_else(|e| panic!("`{text}`: {e}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// On every library scenario, taking one command out of a random response leaves the
    /// outcome of every roll both runs made exactly as it was.
    #[test]
    fn removing_a_command_leaves_every_roll_it_did_not_make_impossible_unchanged(
        pick in any::<Index>(),
        seed in 1u64..1_000,
        steps in prop::collection::vec(
            (0u64..45, 0usize..14, any::<Index>(), any::<Index>(), 1u64..30),
            1..8,
        ),
        drop in any::<Index>(),
    ) {
        let scenario = pick.get(library());
        let mut at = 0;
        let inputs: Vec<(u64, Command)> = steps
            .iter()
            .map(|&(gap, verb, a, b, minutes)| {
                at += gap;
                (at, command(scenario, verb, a, b, minutes))
            })
            .collect();
        let removed = drop.index(inputs.len());
        let mut fewer = inputs.clone();
        fewer.remove(removed);
        let all = rolls(&play(scenario, seed, &inputs));
        let some = rolls(&play(scenario, seed, &fewer));
        let mut shared = 0;
        for (key, drawn) in &some {
            if let Some(before) = all.get(key) {
                prop_assert_eq!(before, drawn, "{} {:?} without `{}`", scenario.id(), key, inputs[removed].1);
                shared += 1;
            }
        }
        prop_assert!(shared > 0 || all.is_empty() || some.is_empty());
    }
}
