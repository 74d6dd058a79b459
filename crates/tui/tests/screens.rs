//! Snapshot tests of every screen at 80×24 and 120×40, on the bundled scenario at seed 7,
//! each reached by key events alone. Each test also checks the few facts the screen exists
//! to show, so a snapshot accepted in a hurry cannot hide a missing one.

mod common;

use common::*;
use drillhall_engine::Mode;
use drillhall_engine::journal::Journal;
use drillhall_tui::{App, MemoryRecorder, Options, Screen};
use ratatui::crossterm::event::KeyCode;

/// Snapshots the app at both sizes and returns the 80×24 screen.
fn snap(name: &str, app: &App) -> String {
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("{name}__{w}x{h}"), draw(app, w, h).backend());
    }
    screen(app, 80, 24)
}

/// The drill after the scanner's alert and a look at the token's logs.
fn drill_after_logs(app: &mut App) {
    press(app, KeyCode::Enter);
    command(app, "wait 12m");
    command(app, "logs tok-deploy");
    press(app, KeyCode::Esc); // closes the logs' result pane
}

#[test]
fn the_briefing_shows_title_summary_objectives_mode_and_keys() {
    let s = snap("briefing", &app());
    for what in [
        "CI deploy token pushed to a public fork",
        "Kill the leaked token",
        "reviewed: medium and high-tier",
        "Enter start the drill",
    ] {
        assert!(s.contains(what), "missing `{what}`:\n{s}");
    }
}

#[test]
fn the_drill_shows_the_clock_the_estate_with_marks_and_the_feed_newest_first() {
    let mut a = app();
    drill_after_logs(&mut a);
    let s = snap("drill", &a);
    assert!(s.contains("T+0:17 of 4h"), "{s}");
    assert!(
        s.contains("release-bot"),
        "the hidden holder is revealed:\n{s}"
    );
    assert!(s.contains('⚠') && s.contains('!'), "marks are drawn:\n{s}");
    let revealed = s
        .find("hidden-holder-revealed")
        .expect("the reveal is in the feed");
    let executed = s
        .find("#1 logs-read tok-deploy")
        .expect("the command is in the feed, numbered, once");
    assert!(revealed < executed, "newest first:\n{s}");
    assert!(
        !s.contains("command-executed"),
        "the command's line is folded into its effect:\n{s}"
    );
}

#[test]
fn a_high_tier_command_asks_for_confidence_and_in_reviewed_mode_a_sign_off_with_a_rollback_plan() {
    let mut a = app();
    drill_after_logs(&mut a);
    command(&mut a, "rotate tok-deploy --grace 5m");
    press(&mut a, KeyCode::Right);
    press(&mut a, KeyCode::Tab);
    type_text(&mut a, "old version lives 5m while holders redeploy");
    let s = snap("confirm_high_tier", &a);
    for what in [
        "high tier",
        "dependents 2",
        "reversible no",
        "80%",
        "rollback plan",
    ] {
        assert!(s.contains(what), "missing `{what}`:\n{s}");
    }
}

#[test]
fn the_instructor_review_queue_lists_pending_requests_with_their_rollback_plans() {
    let (mut a, _) = app_with(None, true, false);
    drill_after_logs(&mut a);
    command(
        &mut a,
        "request-signoff \"rotate tok-deploy --grace 5m\" --rollback \"the old version stays valid for 5m\"",
    );
    press(&mut a, KeyCode::Enter); // the confidence, as offered
    press(&mut a, KeyCode::F(2));
    let s = snap("review_queue", &a);
    assert!(s.contains("#1"), "{s}");
    assert!(
        s.contains("rollback: the old version stays valid for 5m"),
        "{s}"
    );
    assert!(s.contains("sign-off pending"), "the header counts it:\n{s}");
}

#[test]
fn shadow_mode_shows_each_expert_step_with_why_and_the_points_of_the_prediction() {
    let (mut a, _) = app_with(Some(Mode::Shadow), false, false);
    press(&mut a, KeyCode::Enter);
    command(&mut a, "declare-incident sev2");
    command(&mut a, "logs tok-deploy");
    let s = snap("shadow", &a);
    assert!(s.contains("Step 3 of 9"), "{s}");
    assert!(
        s.contains("you: logs tok-deploy (0/2)"),
        "another verb scores 0:\n{s}"
    );
    assert!(s.contains("why: Rotate, don't revoke"), "{s}");
    let wide = screen(&a, 120, 40);
    assert!(wide.contains("1. declare-incident sev2"), "{wide}");
    assert!(wide.contains("(2/2)"), "the exact step scores 2:\n{wide}");
    assert!(wide.contains("predictions: 2 of 18 points"), "{wide}");
}

fn recorded_expert_journal() -> String {
    let (mut a, recorder) = app_with(None, false, false);
    play_expert_by_keys(&mut a);
    recorder.journals.borrow()[0].text()
}

fn replay_app(journal: &str) -> App {
    let (journal, warning) = Journal::parse(journal).expect("the journal parses");
    assert!(warning.is_none());
    App::replay(
        &scenario(),
        journal,
        "expert.jsonl",
        Box::new(MemoryRecorder::default()),
        Options::default(),
    )
    .expect("the journal replays")
}

#[test]
fn the_replay_viewer_shows_the_state_at_the_cursor_and_the_decisions_on_a_scrub_bar() {
    let mut a = replay_app(&recorded_expert_journal());
    press(&mut a, KeyCode::Char('n'));
    press(&mut a, KeyCode::Char('n'));
    press(&mut a, KeyCode::Char('n'));
    let s = snap("replay", &a);
    assert_eq!(a.screen(), Screen::Replay);
    assert!(s.contains("REPLAY expert.jsonl"), "{s}");
    assert!(s.contains("T+0:14 of T+4:00"), "{s}");
    assert!(s.contains("next: T+0:14 logs tok-deploy"), "{s}");
    assert!(s.contains("✓ digest"), "{s}");
}

#[test]
fn the_debrief_shows_the_score_by_dimension_the_timeline_beside_par_and_calibration() {
    let mut a = app();
    play_expert_by_keys(&mut a);
    let s = snap("debrief", &a);
    assert_eq!(a.screen(), Screen::Debrief);
    for what in ["Score", "containment", "collateral", "Objectives"] {
        assert!(s.contains(what), "missing `{what}`:\n{s}");
    }
    let wide = screen(&a, 120, 40);
    for what in [
        "Your decisions",
        "The expert's response (par)",
        "Calibration",
    ] {
        assert!(wide.contains(what), "missing `{what}`:\n{wide}");
    }
}

#[test]
fn question_mark_on_an_empty_command_line_shows_the_keys_and_the_legend() {
    let mut a = app();
    drill_after_logs(&mut a);
    press(&mut a, KeyCode::Char('?'));
    let s = snap("help", &a);
    assert!(s.contains("Keys"), "{s}");
    assert!(s.contains("⌛ stale"), "the legend is shown:\n{s}");
}

#[test]
fn a_node_s_command_menu_offers_only_what_is_valid_for_it() {
    let mut a = app();
    drill_after_logs(&mut a);
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Enter);
    let s = snap("actions", &a);
    assert!(s.contains("Commands for tok-deploy"), "{s}");
    assert!(s.contains("rotate tok-deploy --grace 5m"), "{s}");
    assert!(
        !s.contains("redeploy"),
        "a credential is not redeployed:\n{s}"
    );
}

#[test]
fn the_screens_draw_at_any_size_without_panicking() {
    let mut a = app();
    drill_after_logs(&mut a);
    command(&mut a, "rotate tok-deploy --grace 5m");
    for (w, h) in [(1, 1), (20, 5), (40, 10), (79, 23), (200, 60)] {
        let _ = screen(&a, w, h);
    }
    let replay = replay_app(&recorded_expert_journal());
    for (w, h) in [(1, 1), (30, 8), (200, 60)] {
        let _ = screen(&replay, w, h);
    }
}
