//! Shared helpers: the bundled scenario at a fixed seed, an app recording to memory, keys,
//! and drawing to a `TestBackend`.
#![allow(dead_code)] // each test file uses its own subset

use std::sync::Arc;

use drillhall_engine::Drill;
use drillhall_engine::Mode;
use drillhall_engine::script::Script;
use drillhall_engine::{Session, SessionOptions};
use drillhall_tui::{App, MemoryRecorder, Modal, Msg, Options, update, view};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub const SEED: u64 = 7;

pub fn scenario_path() -> String {
    format!(
        "{}/../../scenarios/leaked-ci-deploy-token.yaml",
        env!("CARGO_MANIFEST_DIR")
    )
}

pub fn scenario_bytes() -> Vec<u8> {
    std::fs::read(scenario_path()).expect("the bundled scenario is in scenarios/")
}

pub fn scenario() -> Arc<Drill> {
    let scenario =
        drillhall_scenario::Scenario::from_bytes("leaked-ci-deploy-token.yaml", &scenario_bytes())
            .expect("the bundled scenario loads");
    Arc::new(Drill::compile(&scenario))
}

/// An app on the bundled scenario at `SEED`, recording to memory.
pub fn app_with(mode: Option<Mode>, instructor: bool, no_color: bool) -> (App, MemoryRecorder) {
    let sc = scenario();
    let session = Session::with_options(
        &sc,
        SEED,
        &SessionOptions {
            mode,
            simulated_reviewer: !instructor,
        },
    );
    let recorder = MemoryRecorder::default();
    let app = App::new(
        session,
        Box::new(recorder.clone()),
        Options {
            no_color,
            light: false,
        },
    )
    .expect("memory journals open");
    (app, recorder)
}

pub fn app() -> App {
    app_with(None, false, false).0
}

pub fn press(app: &mut App, code: KeyCode) {
    update(app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

pub fn press_mod(app: &mut App, code: KeyCode, modifiers: KeyModifiers) {
    update(app, Msg::Key(KeyEvent::new(code, modifiers)));
}

pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Types a line and presses Enter.
pub fn command(app: &mut App, text: &str) {
    type_text(app, text);
    press(app, KeyCode::Enter);
}

/// Draws the app at `width`×`height`.
pub fn draw(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(width, height)).expect("a test backend");
    t.draw(|f| view(app, f)).expect("drawing to a test backend");
    t
}

/// The screen as text.
pub fn screen(app: &App, width: u16, height: u16) -> String {
    draw(app, width, height).backend().to_string()
}

/// An app on the bundled scenario in its own mode at `seed`.
pub fn app_with_seed(seed: u64) -> (App, MemoryRecorder) {
    let sc = scenario();
    let session = Session::with_default_mode(&sc, seed);
    let recorder = MemoryRecorder::default();
    let app = App::new(session, Box::new(recorder.clone()), Options::default())
        .expect("memory journals open");
    (app, recorder)
}

/// Plays the expert through keys on `app`: waits to each step's tick with `wait`, types the
/// step, and answers a confirmation with the step's confidence by arrow keys.
pub fn play_expert_by_keys(app: &mut drillhall_tui::App) {
    let sc = scenario();
    press(app, KeyCode::Enter); // past the briefing
    for step in Script::expert(&sc).steps {
        let now = app.session().tick();
        if step.at > now {
            // `--through`: the expert's timing exactly, news or not (a plain `wait` stops
            // at the first high alert, as a trainee's should).
            command(app, &format!("wait {}m --through", step.at - now));
        }
        command(app, &step.text);
        if app.result().is_some() {
            // An investigation's result pane: read, then closed.
            press(app, KeyCode::Esc);
        }
        if let Some(Modal::Confirm(c)) = app.modals().last() {
            let target = step
                .confidence
                .expect("the expert states a confidence on every high-tier step");
            let mut current = c.confidence;
            while current != target {
                press(
                    app,
                    if current < target {
                        KeyCode::Right
                    } else {
                        KeyCode::Left
                    },
                );
                let Some(Modal::Confirm(c)) = app.modals().last() else {
                    panic!("the confirmation stays open while the confidence is chosen");
                };
                current = c.confidence;
            }
            press(app, KeyCode::Enter);
        }
        assert!(
            app.modals().is_empty(),
            "step `{}` left a dialog open",
            step.text
        );
    }
    // Leave the drill: browse, quit, and end it here for the debrief.
    press(app, KeyCode::Esc);
    press(app, KeyCode::Char('q'));
    press(app, KeyCode::Char('e'));
}
