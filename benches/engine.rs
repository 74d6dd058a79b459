//! Benchmarks of the drill engine.
//!
//! - `expert-4h-session`: the bundled scenario played headless from start to end with its
//!   expert response (target < 1 ms).
//! - `command-plus-tick`: one trainee command (`note`) and one tick on a ~200-node
//!   generated estate, in a loop (target ≥ 300,000 a second, ≤ 3.3 µs each).
//! - `quiet-tick/N`: one tick in which nothing is due while an attacker is active, on
//!   generated estates of 10k, 100k and 1M nodes (target ≤ 10 µs at 100k, flat in N).
//! - `gated-command/N`: a reviewed-mode `request-signoff` for revoking the leaked credential
//!   of a generated estate of 100k and 1M nodes, after the attacker has started moving: the
//!   supervision gate weighs the command's dependents and the sensitive resources it reaches
//!   on the trainee's view of the estate (targets ≤ 5 ms at 100k, ≤ 50 ms at 1M). Two
//!   requests about different credentials alternate, so none is answered from memory of
//!   the one before.
//! - `gated-after-change/N`: a `quarantine` weighed right after the estate changed (its
//!   `restore`), in independent mode: the gate's cost when nothing learnt before still holds.
//!
//! Estates come from `drillhall_scenario::synth::generate`. The loops that would run a
//! drill past its end restore a checkpoint taken at the start; restoring, and the ticks at
//! which something *is* due, are kept out of the measured time.

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use drillhall_engine::script::{Script, run_script};
use drillhall_engine::{EventKind, Input, Session, SessionOptions};
use drillhall_scenario::Drill;
use drillhall_scenario::command::Command;
use drillhall_scenario::drill::Mode;

const BUNDLED: &str = include_str!("../scenarios/leaked-ci-deploy-token.yaml");

fn expert_session(c: &mut Criterion) {
    let scenario = Drill::from_text("leaked-ci-deploy-token.yaml", BUNDLED)
        .expect("the bundled scenario loads");
    let expert = Script::expert(&scenario);
    c.bench_function("engine/expert-4h-session", |b| {
        b.iter(|| {
            let s = run_script(&scenario, black_box(7), Mode::Reviewed, &expert, None)
                .expect("the expert script runs");
            black_box(s.digest())
        });
    });
}

/// A generated scenario whose drill is long enough for any benchmark loop.
fn generated(nodes: usize) -> Arc<Drill> {
    let text =
        drillhall_scenario::synth::generate(nodes, 42).replace("duration: 8h", "duration: 7d");
    Drill::from_text("generated.yaml", &text).expect("generated scenarios load")
}

fn command_plus_tick(c: &mut Criterion) {
    let scenario = generated(200);
    let start = Session::new(&scenario, 1, Mode::Independent);
    let note = Command::parse("note \"checked the dashboard\"").expect("a note parses");
    c.bench_function("engine/command-plus-tick/200-nodes", |b| {
        b.iter_custom(|iters| {
            let mut s = start.checkpoint();
            let mut spent = Duration::ZERO;
            for i in 0..iters {
                if i % 2_000 == 0 {
                    s = start.checkpoint(); // keeps the event log the size of a drill
                }
                let t = Instant::now();
                s.apply(Input::Command {
                    command: note.clone(),
                    confidence: None,
                })
                .expect("a note is always accepted");
                s.apply(Input::Advance(1)).expect("the drill is running");
                spent += t.elapsed();
            }
            black_box(s.tick());
            spent
        });
    });
}

/// A session in which the attacker has just opened its first session.
fn attacker_active(scenario: &Arc<Drill>) -> Session {
    let mut s = Session::new(scenario, 1, Mode::Independent);
    while !s
        .events()
        .iter()
        .any(|e| matches!(e.kind, EventKind::AdversarySessionOpened { .. }))
    {
        s.advance(1)
            .expect("the attacker finds the leak within the drill");
    }
    s
}

fn quiet_tick(c: &mut Criterion) {
    let mut group = c.benchmark_group("engine/quiet-tick");
    group.sample_size(20);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(3));
    for nodes in [10_000, 100_000, 1_000_000] {
        let scenario = generated(nodes);
        let start = attacker_active(&scenario);
        group.bench_with_input(BenchmarkId::from_parameter(nodes), &start, |b, start| {
            b.iter_custom(|iters| {
                let mut s = start.checkpoint();
                let mut spent = Duration::ZERO;
                let mut measured = 0;
                while measured < iters {
                    if s.tick() >= start.tick() + 300 {
                        // The foothold grows as the attacker moves: start over from a
                        // fresh one (the checkpoint shares the estate, so this is cheap).
                        s = start.checkpoint();
                    }
                    let due = s.next_scheduled().is_some_and(|t| t <= s.tick() + 1);
                    if due {
                        s.apply(Input::Advance(1)).expect("the drill is running");
                        continue;
                    }
                    let t = Instant::now();
                    s.apply(Input::Advance(1)).expect("the drill is running");
                    spent += t.elapsed();
                    measured += 1;
                }
                black_box(s.tick());
                spent
            });
        });
    }
    group.finish();
}

/// The first credential the generated drill leaks.
fn leaked(scenario: &Drill) -> String {
    scenario
        .injects
        .iter()
        .find_map(|i| match &i.what {
            drillhall_scenario::drill::InjectWhat::Leak { credentials, .. } => credentials
                .first()
                .map(|&c| scenario.estate.node(c).id.clone()),
            _ => None,
        })
        .expect("generated drills leak a credential")
}

/// A credential of the generated drill other than the leaked one.
fn other_credential(scenario: &Drill) -> String {
    let leaked = leaked(scenario);
    let estate = &scenario.estate;
    estate
        .node_ids()
        .map(|n| estate.node(n))
        .find(|n| n.class() == drillhall_estate::NodeClass::Credential && n.id != leaked)
        .map(|n| n.id.clone())
        .expect("generated drills have more than one credential")
}

/// A reviewed-mode session of `scenario` 30 minutes in, whose sign-off requests wait for an
/// instructor (so none is approved and run while the benchmark repeats them), after one gated
/// command has been weighed.
fn reviewed_session(scenario: &Arc<Drill>, request: &Command) -> Session {
    let options = SessionOptions {
        mode: Some(Mode::Reviewed),
        simulated_reviewer: false,
    };
    let mut s = Session::with_options(scenario, 1, &options);
    s.advance(30).expect("the drill is running");
    black_box(s.requirements(request));
    s
}

/// A group for the gate's benchmarks on 100k and 1M nodes: few samples of long runs.
fn gate_group<'a>(
    c: &'a mut Criterion,
    name: &str,
) -> criterion::BenchmarkGroup<'a, criterion::measurement::WallTime> {
    let mut group = c.benchmark_group(name);
    group.sample_size(10);
    group.warm_up_time(Duration::from_secs(1));
    group.measurement_time(Duration::from_secs(5));
    group
}

fn gated_command(c: &mut Criterion) {
    let mut group = gate_group(c, "engine/gated-command");
    for nodes in [100_000, 1_000_000] {
        let scenario = generated(nodes);
        // Two requests about different credentials, taken in turn: each is weighed afresh
        // (the gate remembers only the last node it weighed), as the first gated command
        // after the estate changed is.
        let requests: Vec<Command> = [leaked(&scenario), other_credential(&scenario)]
            .iter()
            .map(|id| {
                Command::parse(&format!(
                    "request-signoff \"revoke {id}\" --rollback \"issue a new token and redeploy\""
                ))
                .expect("the request parses")
            })
            .collect();
        group.bench_function(BenchmarkId::from_parameter(nodes), |b| {
            b.iter_custom(|iters| {
                let mut s = reviewed_session(&scenario, &requests[0]);
                let mut spent = Duration::ZERO;
                for i in 0..iters {
                    if i % 200 == 199 {
                        // Keeps the sign-off queue and the clock within a drill.
                        s = reviewed_session(&scenario, &requests[0]);
                    }
                    // The session weighed the first request last: start with the second.
                    let request = &requests[((i + 1) % 2) as usize];
                    let t = Instant::now();
                    s.apply(Input::Command {
                        command: request.clone(),
                        confidence: Some(80),
                    })
                    .expect("a sign-off request is accepted");
                    spent += t.elapsed();
                }
                black_box(s.tick());
                spent
            });
        });
    }
    group.finish();
}

/// A command weighed right after the estate changed: `disable` of the identity the leaked
/// credential authenticates, in independent mode (so it runs), its `rollback` outside the
/// measured time. Every `disable` follows a change, so it is weighed by a fresh search.
fn gated_after_change(c: &mut Criterion) {
    let mut group = gate_group(c, "engine/gated-after-change");
    for nodes in [100_000, 1_000_000] {
        let scenario = generated(nodes);
        let identity = authenticated(&scenario, &leaked(&scenario));
        let disable = Command::parse(&format!("disable {identity}")).expect("parses");
        let start = {
            let mut s = Session::new(&scenario, 1, Mode::Independent);
            s.advance(30).expect("the drill is running");
            s
        };
        let reach = start
            .requirements(&disable)
            .assessment
            .reason
            .sensitive_reach;
        assert!(reach > 0, "the benchmark weighs a reaching identity");
        // A fresh copy of the session, past its first change: the checkpoint shares the
        // estate and the snapshot, and the first change copies them, which a session that
        // is played rather than restored never does.
        let fresh = || {
            let mut s = start.checkpoint();
            let mut action = 0;
            disable_then_roll_back(&mut s, &disable, &mut action);
            (s, action)
        };
        group.bench_function(BenchmarkId::from_parameter(nodes), |b| {
            b.iter_custom(|iters| {
                let (mut s, mut action) = fresh();
                let mut spent = Duration::ZERO;
                for i in 0..iters {
                    if i % 100 == 99 {
                        (s, action) = fresh(); // keeps the clock within the drill
                    }
                    spent += disable_then_roll_back(&mut s, &disable, &mut action);
                }
                black_box(s.tick());
                spent
            });
        });
    }
    group.finish();
}

/// Runs `disable` (timed) and rolls it back (not timed); `action` counts the session's
/// actions, which `rollback` names.
fn disable_then_roll_back(s: &mut Session, disable: &Command, action: &mut u32) -> Duration {
    let t = Instant::now();
    s.apply(Input::Command {
        command: disable.clone(),
        confidence: Some(80),
    })
    .expect("a disable runs in independent mode");
    let spent = t.elapsed();
    *action += 1;
    let rollback = Command::parse(&format!("rollback #{action}")).expect("parses");
    s.apply(Input::Command {
        command: rollback,
        confidence: None,
    })
    .expect("the disabled identity is enabled again");
    *action += 1;
    spent
}

/// The identity a credential authenticates.
fn authenticated(scenario: &Drill, credential: &str) -> String {
    let estate = &scenario.estate;
    let c = estate.find(credential).expect("the credential exists");
    estate
        .out_edges(c)
        .into_iter()
        .find(|&(e, _)| estate.edge(e).kind == drillhall_estate::EdgeKind::Authenticates)
        .map(|(_, i)| estate.node(i).id.clone())
        .expect("the leaked credential authenticates an identity")
}

criterion_group!(
    benches,
    expert_session,
    command_plus_tick,
    quiet_tick,
    gated_command,
    gated_after_change
);
criterion_main!(benches);
