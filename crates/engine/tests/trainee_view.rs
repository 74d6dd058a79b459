//! The trainee's view holds what the trainee knows and nothing else: random policies,
//! driven through the view on every library scenario, never see a hidden node or the
//! attacker's state before the event that reveals it.

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;

use drillhall_engine::{
    Command, Drill, EventKind, Input, Mode, Policy, Session, TraineeView, input_for,
};
use proptest::prelude::*;

fn library() -> Vec<(String, Arc<Drill>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("the library is in scenarios/")
        .map(|e| e.expect("a readable entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("a readable scenario");
            let name = p.display().to_string();
            let drill =
                Drill::from_text(&name, &text).unwrap_or_else(|e| panic!("{name} loads:\n{e}"));
            (name, drill)
        })
        .collect()
}

/// A policy that picks among the commands that make sense on the nodes it can see, asks
/// sign-offs now and then, and lets time pass, all from numbers drawn by proptest.
struct RandomPolicy {
    choices: Vec<(u8, u16, u16)>,
}

impl Policy for RandomPolicy {
    fn next_input(&mut self, view: &TraineeView) -> Option<Input> {
        let (op, a, b) = self.choices.pop()?;
        let nodes: Vec<_> = view.nodes().collect();
        if op % 5 == 0 || nodes.is_empty() {
            return Some(Input::Advance(1 + u64::from(a % 40)));
        }
        let node = nodes[usize::from(a) % nodes.len()];
        let mut commands = view.available_commands(node);
        commands.push(Command::Wait {
            ticks: 1 + u64::from(b % 7),
        });
        let actions = view.actions().len() as u32;
        if actions > 0 {
            commands.push(Command::Rollback {
                action: 1 + u32::from(b) % actions,
            });
        }
        let command = commands[usize::from(b) % commands.len()].clone();
        let command = if op % 5 == 4 {
            Command::RequestSignoff {
                action: Box::new(command),
                rollback: "restore the previous version from the vault".into(),
            }
        } else {
            command
        };
        let confidence = (op % 2 == 0).then_some(50 + op % 51);
        Some(input_for(view.mode(), command, confidence))
    }
}

/// Names the truth's events have revealed to the trainee so far.
fn revealed(s: &Session) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut nodes = BTreeSet::new();
    let mut persistence = BTreeSet::new();
    for e in s.events() {
        match &e.kind {
            EventKind::HiddenHolderRevealed {
                workload,
                credential,
            } => {
                nodes.insert(workload.clone());
                nodes.extend(credential.iter().cloned());
            }
            EventKind::NodeRevealed { node } => {
                nodes.insert(node.clone());
            }
            EventKind::PersistenceFound { credential, .. } => {
                nodes.insert(credential.clone());
                persistence.insert(credential.clone());
            }
            _ => {}
        }
    }
    (nodes, persistence)
}

/// Everything the view shows is in the inventory or was revealed by an event before now.
fn assert_view_holds_no_secret(name: &str, s: &Session, view: &TraineeView) {
    let (found, persistence_found) = revealed(s);
    let minted: BTreeSet<String> = s
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::PersistenceCreated { credential, .. } => Some(credential.clone()),
            _ => None,
        })
        .collect();
    let truth = s.estate();
    let secret: Vec<String> = truth
        .node_ids()
        .map(|n| truth.node(n))
        .filter(|n| n.hidden && !found.contains(&n.id))
        .map(|n| n.id.clone())
        .collect();
    for n in view.nodes() {
        let id = &view.node(n).id;
        let t = truth
            .find(id)
            .expect("every node of the view is in the truth");
        assert!(
            !truth.node(t).hidden || found.contains(id),
            "{name} at {}: hidden `{id}` is in the view before any event revealed it",
            s.tick()
        );
        assert!(
            !minted.contains(id) || persistence_found.contains(id),
            "{name} at {}: the attacker's credential `{id}` is in the view before it was found",
            s.tick()
        );
        assert_eq!(view.is_revealed(n), truth.node(t).hidden);
    }
    for e in view.feed() {
        assert!(
            e.kind.visible_to_trainee() && !e.kind.is_adversary(),
            "{name}: the attacker's `{}` is in the feed",
            e.kind.name()
        );
        let json = e.canonical_json();
        for id in &secret {
            assert!(
                !json.contains(&format!("\"{id}\"")),
                "{name} at {}: feed event {json} names hidden `{id}` before it was revealed",
                s.tick()
            );
        }
    }
    assert_eq!(view.tick(), s.tick());
    assert!(view.nodes().len() <= truth.node_count());
}

const MODES: [Mode; 4] = [
    Mode::Independent,
    Mode::Guided,
    Mode::Reviewed,
    Mode::Shadow,
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn random_policies_see_no_hidden_node_or_attacker_state_before_it_is_revealed(
        seed in 0u64..1000,
        mode in 0usize..4,
        choices in proptest::collection::vec((any::<u8>(), any::<u16>(), any::<u16>()), 1..60),
    ) {
        for (name, drill) in library() {
            let mut s = Session::new(&drill, seed, MODES[mode]);
            let mut policy = RandomPolicy { choices: choices.clone() };
            loop {
                let view = s.view();
                assert_view_holds_no_secret(&name, &s, &view);
                if s.is_over() {
                    break;
                }
                let Some(input) = policy.next_input(&view) else { break };
                let _ = s.apply_or_record(input);
            }
            s.finish();
            assert_view_holds_no_secret(&name, &s, &s.view());
        }
    }
}

#[test]
fn logs_reveal_the_hidden_holder_into_the_view_and_the_view_blast_radius_grows() {
    let mut s = Session::new(&common::bundled(), 1, Mode::Independent);
    let before = s.view();
    assert!(before.find("release-bot").is_none());
    let tok = before
        .find("tok-deploy")
        .expect("the leaked token is in the inventory");
    let reach_before = before.blast_tree(tok).len();
    common::run(&mut s, "logs tok-deploy");
    let after = s.view();
    let bot = after.find("release-bot").expect("logs reveal the holder");
    assert!(before.nodes().all(|n| before.node(n).id != "release-bot"));
    assert!(after.is_revealed(bot));
    // The view renumbers its nodes: ids of one view mean nothing in another.
    let tok = after.find("tok-deploy").expect("still in the inventory");
    let reach: Vec<&str> = after
        .blast_tree(tok)
        .iter()
        .map(|&(_, n)| after.node(n).id.as_str())
        .collect();
    assert_eq!(
        reach.len(),
        reach_before,
        "holding the token adds nothing below it"
    );
    let from_bot: Vec<&str> = after
        .blast_tree(bot)
        .iter()
        .map(|&(_, n)| after.node(n).id.as_str())
        .collect();
    assert!(
        from_bot.contains(&"tok-deploy") && from_bot.contains(&"prod-db"),
        "{from_bot:?}"
    );
    assert!(after.available_commands(bot).contains(&Command::Redeploy {
        workload: "release-bot".into()
    }));
}

#[test]
fn every_command_the_view_offers_is_accepted_by_the_engine() {
    for (name, drill) in library() {
        let s = Session::new(&drill, 3, Mode::Independent);
        let view = s.view();
        for n in view.nodes() {
            for c in view.available_commands(n) {
                let mut branch = s.checkpoint();
                let r = branch.apply(Input::command(c.clone()));
                assert!(
                    r.is_ok(),
                    "{name}: `{c}` offered on `{}` but refused: {r:?}",
                    view.node(n).id
                );
            }
        }
    }
}

#[test]
fn a_grace_window_names_the_visible_holders_still_on_the_old_version_until_they_move() {
    let mut s = Session::new(&common::bundled(), 1, Mode::Independent);
    common::run_with(&mut s, "rotate tok-deploy --grace 30m", Some(80));
    let view = s.view();
    let g = &view.grace_windows()[0];
    assert_eq!(g.credential, "tok-deploy");
    // release-bot holds it too, but the trainee has not found it: it is not named.
    assert_eq!(g.on_old, ["ci-deployer"]);
    common::run(&mut s, "logs tok-deploy");
    assert_eq!(
        s.view().grace_windows()[0].on_old,
        ["ci-deployer", "release-bot"]
    );
    common::run(&mut s, "redeploy ci-deployer");
    assert_eq!(s.view().grace_windows()[0].on_old, ["release-bot"]);
}
