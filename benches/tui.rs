//! Benchmarks of the terminal UI: drawing one frame of the drill screen with a 1,000-node
//! and a 10,000-node estate, at 120×40 (three panes) and 80×24, and one frame with the
//! result pane open on the leaked credential's whole `paths` tree, and one with the
//! access-review table open (sorted by last use), both at 120×40.
//!
//! The estates come from `drillhall_scenario::synth::generate`. The drill has had a `logs`
//! of the leaked credential and the selection sits in the middle of the list, so the frame
//! draws a scrolled estate list, a detail pane with a blast-radius tree and a full feed.
//! Targets on the 2-core reference machine: under 2 ms at 1,000 nodes and under 10 ms at
//! 10,000 (a frame at 60 Hz has 16 ms). The list draws only its visible rows, so the cost
//! should barely grow with the estate.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use drillhall_engine::Session;
use drillhall_scenario::Drill;
use drillhall_scenario::drill::InjectWhat;
use drillhall_scenario::synth::generate;
use drillhall_tui::ratatui::Terminal;
use drillhall_tui::ratatui::backend::TestBackend;
use drillhall_tui::ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use drillhall_tui::{App, MemoryRecorder, Msg, Options, update, view};

const SEED: u64 = 7;

fn key(app: &mut App, code: KeyCode) {
    update(app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn type_line(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
    key(app, KeyCode::Enter);
}

/// An app on a generated scenario of `nodes` nodes, mid-drill, selection mid-list; with
/// `paths`, the result pane open on the leaked credential's blast radius.
fn drill(nodes: usize, paths: bool) -> App {
    let text = generate(nodes, SEED);
    let scenario = Drill::from_text("synthetic.yaml", &text).expect("synthetic scenarios load");
    let leaked = scenario.injects.iter().find_map(|i| match &i.what {
        InjectWhat::Leak { credentials, .. } => credentials
            .first()
            .map(|&c| scenario.estate.node(c).id.clone()),
        _ => None,
    });
    let session = Session::with_default_mode(&scenario, SEED);
    let mut app = App::new(
        session,
        Box::new(MemoryRecorder::default()),
        Options::default(),
    )
    .expect("memory journals open");
    key(&mut app, KeyCode::Enter);
    if let Some(id) = &leaked {
        type_line(&mut app, &format!("logs {id}"));
    }
    // The first Esc closes the logs' result pane, the second goes to the estate list.
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    for _ in 0..nodes / 20 {
        key(&mut app, KeyCode::PageDown);
    }
    if paths && let Some(id) = &leaked {
        key(&mut app, KeyCode::Char(':'));
        type_line(&mut app, &format!("paths {id}"));
        assert!(app.result().is_some(), "the paths result pane is open");
    }
    app
}

fn frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("tui/drill-frame");
    for nodes in [1_000, 10_000] {
        let app = drill(nodes, false);
        for (w, h) in [(120, 40), (80, 24)] {
            let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("a test backend");
            group.bench_function(format!("{nodes}-nodes-{w}x{h}"), |b| {
                b.iter(|| {
                    terminal
                        .draw(|f| view(black_box(&app), f))
                        .expect("drawing to a test backend");
                });
            });
        }
    }
    for nodes in [1_000, 10_000] {
        let app = drill(nodes, true);
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test backend");
        group.bench_function(format!("{nodes}-nodes-120x40-paths-result"), |b| {
            b.iter(|| {
                terminal
                    .draw(|f| view(black_box(&app), f))
                    .expect("drawing to a test backend");
            });
        });
    }
    for nodes in [1_000, 10_000] {
        let mut app = drill(nodes, false);
        key(&mut app, KeyCode::Char('t'));
        for _ in 0..nodes / 20 {
            key(&mut app, KeyCode::PageDown);
        }
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test backend");
        group.bench_function(format!("{nodes}-nodes-120x40-table"), |b| {
            b.iter(|| {
                terminal
                    .draw(|f| view(black_box(&app), f))
                    .expect("drawing to a test backend");
            });
        });
    }
    group.finish();
}

criterion_group!(benches, frames);
criterion_main!(benches);
