//! Helpers shared by the engine's integration tests.
#![allow(dead_code)] // each test binary uses a different subset

use drillhall_engine::{Event, Input, Session};
use std::sync::Arc;

use drillhall_scenario::Drill;
use drillhall_scenario::command::Command;

/// The bundled scenario's text.
pub fn bundled_text() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../scenarios/leaked-ci-deploy-token.yaml"
    );
    std::fs::read_to_string(path).expect("the bundled scenario is in scenarios/")
}

/// The bundled scenario, loaded.
pub fn bundled() -> Arc<Drill> {
    Drill::from_text("leaked-ci-deploy-token.yaml", &bundled_text())
        .unwrap_or_else(|e| panic!("the bundled scenario loads:\n{e}"))
}

/// A test scenario from tests/scenarios/.
pub fn load(name: &str) -> Arc<Drill> {
    let path = format!("{}/tests/scenarios/{name}.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("test scenario exists");
    Drill::from_text(&path, &text).unwrap_or_else(|e| panic!("{name} loads:\n{e}"))
}

/// Runs a command that must be accepted.
pub fn run(s: &mut Session, text: &str) {
    run_with(s, text, None);
}

/// Runs a command with a confidence; it must be accepted.
pub fn run_with(s: &mut Session, text: &str, confidence: Option<u8>) {
    let command = Command::parse(text).unwrap_or_else(|e| panic!("`{text}` parses: {e}"));
    s.apply(Input::Command {
        command,
        confidence,
    })
    .unwrap_or_else(|r| panic!("`{text}` is accepted at tick {}: {r}", s.tick()));
}

/// Lets time pass up to `tick`.
pub fn advance_to(s: &mut Session, tick: u64) {
    if tick > s.tick() {
        s.advance(tick - s.tick()).expect("the drill is running");
    }
}

/// Advances one tick at a time until an event of this kind appears (at most `limit` ticks).
pub fn advance_until_kind(s: &mut Session, kind: &str, limit: u64) -> Event {
    let start = s.events().len();
    for _ in 0..limit {
        if let Some(e) = s.events()[start..].iter().find(|e| e.kind.name() == kind) {
            return e.clone();
        }
        s.advance(1).expect("the drill is running");
    }
    s.events()[start..]
        .iter()
        .find(|e| e.kind.name() == kind)
        .cloned()
        .unwrap_or_else(|| panic!("no `{kind}` within {limit} ticks"))
}

/// Events of one kind.
pub fn of_kind<'a>(s: &'a Session, kind: &str) -> Vec<&'a Event> {
    s.events()
        .iter()
        .filter(|e| e.kind.name() == kind)
        .collect()
}

/// `workload-down` events of one workload.
pub fn downs<'a>(s: &'a Session, workload: &str) -> Vec<&'a Event> {
    s.events()
        .iter()
        .filter(|e| matches!(&e.kind, drillhall_engine::EventKind::WorkloadDown { workload: w, .. } if w == workload))
        .collect()
}
