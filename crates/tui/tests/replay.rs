//! The replay viewer: scrubbing a recorded journal tick by tick, jumping between decisions,
//! and branching from any point into a new live session with its own journal.

mod common;

use common::*;
use drillhall_engine::Input;
use drillhall_engine::journal::{Journal, replay};
use drillhall_tui::{App, MemoryRecorder, Options, Screen};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

fn expert_journal() -> String {
    let (mut a, recorder) = app_with(None, false, false);
    play_expert_by_keys(&mut a);
    recorder.journals.borrow()[0].text()
}

fn viewer(text: &str) -> (App, MemoryRecorder) {
    let (journal, _) = Journal::parse(text).expect("the journal parses");
    let recorder = MemoryRecorder::default();
    let app = App::replay(
        &scenario(),
        journal,
        "expert.jsonl",
        Box::new(recorder.clone()),
        Options::default(),
    )
    .expect("the journal replays");
    (app, recorder)
}

fn cursor(a: &App) -> u64 {
    a.replay_state().expect("on the replay screen").cursor()
}

#[test]
fn arrows_scrub_one_minute_and_the_state_is_the_recorded_state_at_that_tick() {
    let (mut a, _) = viewer(&expert_journal());
    assert_eq!(cursor(&a), 0);
    for _ in 0..12 {
        press(&mut a, KeyCode::Right);
    }
    assert_eq!(cursor(&a), 12);
    assert_eq!(a.session().tick(), 12);
    // The scanner's alert fired at 12; nothing the trainee did at 12 is applied yet.
    assert!(
        a.session()
            .inputs()
            .iter()
            .all(|r| matches!(r.input, Input::Advance(_)))
    );
    press_mod(&mut a, KeyCode::Right, KeyModifiers::SHIFT);
    assert_eq!(cursor(&a), 22);
    press(&mut a, KeyCode::End);
    assert_eq!(cursor(&a), 240);
    assert!(a.session().is_over());
    press(&mut a, KeyCode::Home);
    assert_eq!(cursor(&a), 0);
}

#[test]
fn stepping_back_into_a_command_that_took_minutes_stops_before_that_command() {
    let (mut a, _) = viewer(&expert_journal());
    // `logs tok-deploy` was given at 0:14 and held the clock until 0:19: one step right
    // from 0:14 lands at 0:19.
    for _ in 0..14 {
        press(&mut a, KeyCode::Right);
    }
    assert_eq!(cursor(&a), 14);
    press(&mut a, KeyCode::Right);
    assert_eq!(cursor(&a), 19);
    press(&mut a, KeyCode::Left);
    assert_eq!(cursor(&a), 14);
    assert_eq!(a.session().tick(), 14);
}

#[test]
fn n_and_p_jump_between_the_recorded_decisions() {
    let (mut a, _) = viewer(&expert_journal());
    let mut ticks = Vec::new();
    for _ in 0..8 {
        press(&mut a, KeyCode::Char('n'));
        ticks.push(cursor(&a));
    }
    assert_eq!(ticks, [12, 13, 14, 19, 20, 21, 22, 23]);
    press(&mut a, KeyCode::Char('n'));
    assert_eq!(cursor(&a), 30);
    press(&mut a, KeyCode::Char('p'));
    assert_eq!(cursor(&a), 23);
}

#[test]
fn branching_continues_from_the_cursor_as_a_new_recorded_session() {
    let text = expert_journal();
    let (mut a, recorder) = viewer(&text);
    press(&mut a, KeyCode::Char('n'));
    press(&mut a, KeyCode::Char('n'));
    assert_eq!(cursor(&a), 13);
    press(&mut a, KeyCode::Char('b'));
    assert_eq!(a.screen(), Screen::Drill);
    assert_eq!(a.session().tick(), 13);
    assert_eq!(a.journal_label(), Some("memory:1"));
    // What if I had revoked instead of rotating?
    command(
        &mut a,
        "request-signoff \"revoke tok-deploy\" --rollback \"issue a new token and redeploy\"",
    );
    press(&mut a, KeyCode::Enter); // the confidence as offered
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('q'));
    press(&mut a, KeyCode::Char('e'));
    assert_eq!(a.screen(), Screen::Debrief);

    let branch = recorder.journals.borrow()[0].text();
    let (journal, _) = Journal::parse(&branch).expect("the branch's journal parses");
    // It starts with the recorded inputs before the cursor, then goes its own way.
    let original = Journal::parse(&text).unwrap().0;
    assert_eq!(journal.inputs[0].input, original.inputs[0].input);
    assert_eq!(journal.inputs[1].input, original.inputs[1].input);
    assert_ne!(journal.inputs[2].input, original.inputs[2].input);
    let sc = scenario();
    let outcome = replay(&sc, &journal).expect("the branch replays");
    assert!(outcome.verified);
    assert_eq!(outcome.digest, a.session().digest());
    assert_ne!(outcome.digest, original.end.unwrap().digest);
}

#[test]
fn a_journal_cut_short_by_a_crash_opens_and_says_it_is_unfinished() {
    let (mut a, recorder) = app_with(None, false, false);
    press(&mut a, KeyCode::Enter);
    command(&mut a, "wait 12m");
    command(&mut a, "logs tok-deploy");
    let text = recorder.journals.borrow()[0].text();
    let (v, _) = viewer(&text);
    let state = v.replay_state().unwrap();
    assert!(!state.verified());
    assert_eq!(state.last(), 17);
    assert!(screen(&v, 80, 24).contains("unfinished journal"));
}
