//! A response typed in the terminal UI and the same response in an action file record the
//! same journal: `wait N` is time passing in both (never a numbered action), so
//! `rollback #N` undoes the same action in both. And a rollback plan typed in the sign-off
//! dialog, whatever it starts with, leaves a journal that replays.

mod common;

use common::*;
use drillhall_engine::journal::{Journal, JournalSink, JournalWriter, replay};
use drillhall_engine::script::{Script, run_script};
use drillhall_engine::{EventKind, Mode};
use drillhall_tui::{Modal, Screen};
use ratatui::crossterm::event::KeyCode;

fn end_drill(app: &mut drillhall_tui::App) {
    press(app, KeyCode::Esc);
    press(app, KeyCode::Char('q'));
    press(app, KeyCode::Char('e'));
    assert_eq!(app.screen(), Screen::Debrief);
}

fn executed(app: &drillhall_tui::App) -> Vec<(u32, String)> {
    app.session()
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::CommandExecuted { number, text, .. } => Some((*number, text.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn typed_wait_disable_and_rollback_journal_exactly_as_the_same_action_file() {
    let (mut app, recorder) = app_with(Some(Mode::Independent), false, false);
    press(&mut app, KeyCode::Enter); // past the briefing
    command(&mut app, "wait 5m");
    assert_eq!(app.session().tick(), 5, "wait lets five minutes pass");
    command(&mut app, "disable sa-deployer");
    // A high-tier decision: the engine asks for a confidence; Enter states the default.
    assert!(matches!(app.modals().last(), Some(Modal::Confirm(_))));
    press(&mut app, KeyCode::Enter);
    command(&mut app, "rollback #1");
    assert!(app.modals().is_empty());
    // The wait took no action number: #1 is the disable, and the rollback undid it.
    assert_eq!(
        executed(&app),
        vec![
            (1, "disable sa-deployer".to_owned()),
            (2, "rollback #1".to_owned())
        ]
    );
    assert!(
        app.session()
            .events()
            .iter()
            .any(|e| matches!(e.kind, EventKind::RolledBack { .. }))
    );
    end_drill(&mut app);

    let drill = scenario();
    let script = Script::parse(
        "response.txt",
        "0m wait 5m\n5m 75% disable sa-deployer\n6m rollback #1\n",
    )
    .expect("the action file reads");
    let mut journal = JournalWriter::new(Vec::new());
    let headless = run_script(
        &drill,
        SEED,
        Mode::Independent,
        &script,
        Some(&mut journal as &mut dyn JournalSink),
    )
    .expect("the script runs");
    let typed = recorder.journals.borrow()[0].text();
    let scripted = String::from_utf8(journal.into_inner()).expect("journals are UTF-8");
    assert_eq!(typed, scripted, "the typed and scripted journals differ");
    assert_eq!(app.session().digest(), headless.digest());
}

#[test]
fn a_rollback_plan_starting_with_dashes_typed_in_the_signoff_dialog_replays() {
    let plan = "-- re-enable sa-deployer and redeploy ci-deployer";
    let (mut app, recorder) = app_with(Some(Mode::Reviewed), false, false);
    press(&mut app, KeyCode::Enter);
    command(&mut app, "disable sa-deployer");
    let Some(Modal::Confirm(c)) = app.modals().last() else {
        panic!("a high-tier command in reviewed mode asks for a sign-off");
    };
    assert!(c.needs_signoff && c.asks_confidence);
    // Over to the plan first: on the confidence, `-` lowers it.
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, plan);
    press(&mut app, KeyCode::Enter);
    assert!(app.modals().is_empty());
    let requested = app.session().events().iter().find_map(|e| match &e.kind {
        EventKind::SignoffRequested { rollback, .. } => Some(rollback.clone()),
        _ => None,
    });
    assert_eq!(requested.as_deref(), Some(plan));
    end_drill(&mut app);

    let text = recorder.journals.borrow()[0].text();
    let (journal, warning) = Journal::parse(&text).expect("the recorded journal reads back");
    assert!(warning.is_none(), "the journal is complete");
    let outcome = replay(&scenario(), &journal).expect("the journal replays");
    assert!(outcome.verified);
    assert_eq!(
        outcome.digest,
        app.session().digest(),
        "replays to the same digest"
    );
}
