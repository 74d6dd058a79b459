//! Text from a hostile scenario never reaches the terminal as an escape sequence, and the
//! command line takes any whitespace, wide and combining characters and long pastes.

mod common;

use std::sync::Arc;

use common::*;
use drillhall_engine::Session;
use drillhall_scenario::Drill;
use drillhall_tui::{App, MemoryRecorder, Options, Screen};
use ratatui::crossterm::event::KeyCode;

fn hostile() -> Arc<Drill> {
    let path = format!(
        "{}/../../tests/hostile/hostile-text.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes = std::fs::read(path).expect("the hostile scenario is in tests/hostile");
    Drill::from_bytes("hostile-text.yaml", &bytes).expect("it loads")
}

/// Every cell's symbol, with the screen's text.
fn cells(app: &App) -> (Vec<String>, String) {
    let t = draw(app, 140, 45);
    let buffer = t.backend().buffer().clone();
    let symbols: Vec<String> = buffer
        .content
        .iter()
        .map(|c| c.symbol().to_owned())
        .collect();
    (symbols, t.backend().to_string())
}

fn assert_neutral(app: &App, visible: &str) {
    let (symbols, text) = cells(app);
    for s in &symbols {
        assert!(
            !s.chars().any(drillhall_scenario::visible::is_unsafe),
            "a cell holds {s:?} on {:?}:\n{text}",
            app.screen()
        );
    }
    assert!(text.contains(visible), "`{visible}` is not shown:\n{text}");
}

#[test]
fn escape_sequences_in_every_free_text_field_are_shown_never_sent_to_the_terminal() {
    let sc = hostile();
    let session = Session::with_default_mode(&sc, SEED);
    let mut a = App::new(
        session,
        Box::new(MemoryRecorder::default()),
        Options::default(),
    )
    .unwrap();
    assert_eq!(a.screen(), Screen::Briefing);
    assert_neutral(&a, "\\u{1b}[2J");
    press(&mut a, KeyCode::Enter);
    command(&mut a, "wait 15m");
    assert_neutral(&a, "token pattern\\u{");
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('q'));
    press(&mut a, KeyCode::Char('e'));
    assert_eq!(a.screen(), Screen::Debrief);
    assert_neutral(&a, "\\u{1b}[1A");
}

#[test]
fn whitespace_only_lines_with_non_ascii_spaces_and_tabs_complete_and_submit_without_harm() {
    let mut a = app();
    press(&mut a, KeyCode::Enter);
    for blank in ["\u{a0}", "\t", " \u{a0}\t\u{3000}", "\u{2028}"] {
        type_text(&mut a, blank);
        press(&mut a, KeyCode::Tab);
        press(&mut a, KeyCode::Enter);
        assert!(
            a.session().inputs().is_empty(),
            "{blank:?} was taken as input"
        );
    }
    // A verb followed by a non-breaking space completes the id after it.
    type_text(&mut a, "logs\u{a0}tok-d");
    press(&mut a, KeyCode::Tab);
    assert!(
        a.command_line().text().contains("tok-deploy"),
        "{}",
        a.command_line().text()
    );
}

#[test]
fn wide_combining_and_pasted_text_edit_by_character_and_draw() {
    let mut a = app();
    press(&mut a, KeyCode::Enter);
    type_text(&mut a, "note 漢字e\u{301}👩\u{200d}🔧");
    press(&mut a, KeyCode::Left);
    press(&mut a, KeyCode::Backspace);
    press(&mut a, KeyCode::Tab);
    let _ = screen(&a, 60, 20);
    let pasted = "x".repeat(100_000);
    type_text(&mut a, &pasted);
    let kept = a.command_line().text().chars().count();
    assert_eq!(
        kept,
        drillhall_tui::command_line::MAX_CHARS,
        "a paste stops at the cap"
    );
    let shown = screen(&a, 60, 20);
    assert!(shown.contains("xxxx"));
    press(&mut a, KeyCode::Enter);
    assert!(a.command_line().text().is_empty());
}

#[test]
fn a_tab_cycle_continued_after_the_cursor_moved_home_does_not_panic() {
    // Found by the long fuzz run: Enter, U+00A0, Tab, Home, Tab.
    let mut a = app();
    press(&mut a, KeyCode::Enter);
    type_text(&mut a, "\u{a0}");
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Home);
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Tab);
    assert!(a.command_line().cursor() <= a.command_line().text().chars().count());
}
