//! Behaviour driven by key events alone: completion, history, the command menu, gated
//! commands, the instructor's queue, hints, leaving, colour, real time and resizing.

mod common;

use common::*;
use drillhall_engine::Mode;
use drillhall_engine::journal::Journal;
use drillhall_engine::{EventKind, Input};
use drillhall_tui::{Focus, Modal, Msg, Screen, update};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use ratatui::style::Color;

fn started() -> drillhall_tui::App {
    let mut a = app();
    press(&mut a, KeyCode::Enter);
    a
}

#[test]
fn tab_completes_verbs_then_ids_of_the_class_the_verb_needs() {
    let mut a = started();
    type_text(&mut a, "revoke-s");
    press(&mut a, KeyCode::Tab);
    assert_eq!(a.command_line().text(), "revoke-sessions ");
    type_text(&mut a, "sa-d");
    press(&mut a, KeyCode::Tab);
    assert_eq!(a.command_line().text(), "revoke-sessions sa-deployer ");
    a = started();
    // `rotate` takes a credential: both credentials are offered, nothing else.
    type_text(&mut a, "rotate ");
    press(&mut a, KeyCode::Tab);
    assert_eq!(
        a.command_line().candidates(),
        ["tok-deploy", "key-payments-db"]
    );
    assert_eq!(a.command_line().text(), "rotate tok-deploy");
    press(&mut a, KeyCode::Tab);
    assert_eq!(a.command_line().text(), "rotate key-payments-db");
}

#[test]
fn a_hidden_holder_is_not_offered_until_the_logs_reveal_it() {
    let mut a = started();
    type_text(&mut a, "redeploy rel");
    press(&mut a, KeyCode::Tab);
    assert_eq!(
        a.command_line().text(),
        "redeploy rel",
        "release-bot is hidden"
    );
    press_mod(&mut a, KeyCode::Char('u'), KeyModifiers::CONTROL);
    command(&mut a, "logs tok-deploy");
    type_text(&mut a, "redeploy rel");
    press(&mut a, KeyCode::Tab);
    assert_eq!(a.command_line().text(), "redeploy release-bot ");
}

#[test]
fn up_and_down_walk_the_command_history() {
    let mut a = started();
    command(&mut a, "inspect prod-db");
    command(&mut a, "owners prod-db");
    press(&mut a, KeyCode::Up);
    assert_eq!(a.command_line().text(), "owners prod-db");
    press(&mut a, KeyCode::Up);
    assert_eq!(a.command_line().text(), "inspect prod-db");
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Down);
    assert_eq!(a.command_line().text(), "");
}

#[test]
fn investigation_costs_ticks_and_wait_advances_the_clock_as_the_engine_advance() {
    let mut a = started();
    command(&mut a, "wait 12m");
    assert_eq!(a.session().tick(), 12);
    command(&mut a, "logs tok-deploy");
    assert_eq!(a.session().tick(), 17);
    command(&mut a, "paths tok-deploy");
    assert_eq!(a.session().tick(), 19);
    assert_eq!(a.session().inputs()[0].input, Input::Advance(12));
}

#[test]
fn an_unknown_verb_is_refused_with_a_suggestion_and_changes_nothing() {
    let mut a = started();
    command(&mut a, "rotat tok-deploy");
    let status = a.status().expect("a status line").text.clone();
    assert!(status.contains("did you mean `rotate`"), "{status}");
    assert_eq!(a.session().inputs().len(), 0);
}

#[test]
fn the_command_menu_of_a_revoked_credential_no_longer_offers_rotate_or_revoke() {
    let (mut a, _) = app_with(Some(Mode::Independent), false, false);
    press(&mut a, KeyCode::Enter);
    command(&mut a, "revoke tok-deploy");
    // High tier: the confirmation asks a confidence; take it as offered.
    assert!(matches!(a.modals().last(), Some(Modal::Confirm(_))));
    press(&mut a, KeyCode::Enter);
    assert!(
        a.session()
            .view()
            .status(a.session().view().find("tok-deploy").unwrap())
            .revoked
    );
    press(&mut a, KeyCode::Esc);
    assert_eq!(a.focus(), Focus::Navigate);
    press(&mut a, KeyCode::Enter);
    let Some(Modal::Actions(menu)) = a.modals().last() else {
        panic!("Enter on a node opens its commands");
    };
    assert_eq!(menu.node, "tok-deploy", "the command selected its target");
    assert!(
        menu.commands
            .iter()
            .all(|c| !c.starts_with("rotate") && !c.starts_with("revoke"))
    );
    // Picking one puts it on the command line to edit.
    press(&mut a, KeyCode::Down);
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.command_line().text(), "logs tok-deploy");
    assert_eq!(a.focus(), Focus::Command);
}

#[test]
fn escaping_a_confirmation_does_nothing_at_all() {
    let mut a = started();
    command(&mut a, "rotate tok-deploy --grace 5m");
    assert!(matches!(a.modals().last(), Some(Modal::Confirm(_))));
    press(&mut a, KeyCode::Esc);
    assert!(a.modals().is_empty());
    assert_eq!(a.session().inputs().len(), 0);
    assert_eq!(a.session().tick(), 0);
}

#[test]
fn in_reviewed_mode_a_gated_command_becomes_a_sign_off_request_with_the_typed_plan() {
    let mut a = started();
    command(&mut a, "rotate tok-deploy --grace 5m");
    press(&mut a, KeyCode::Right); // 80%
    press(&mut a, KeyCode::Tab);
    type_text(&mut a, "old version lives 5m while holders redeploy");
    press(&mut a, KeyCode::Enter);
    let Input::Command {
        command: given,
        confidence,
    } = &a.session().inputs()[0].input
    else {
        panic!("a command was given");
    };
    assert_eq!(*confidence, Some(80));
    assert_eq!(
        given.to_string(),
        "request-signoff \"rotate tok-deploy --grace 5m\" --rollback \"old version lives 5m while holders redeploy\""
    );
    // The simulated reviewer approves within its delay; the rotation then runs.
    command(&mut a, "wait 10m");
    assert!(
        a.session()
            .events()
            .iter()
            .any(|e| matches!(e.kind, EventKind::CredentialRotated { .. }))
    );
}

#[test]
fn typing_in_a_sign_off_dialog_writes_the_plan_and_an_empty_plan_is_not_sent_by_accident() {
    let mut a = started();
    command(&mut a, "rotate tok-deploy --grace 5m");
    // Enter with no plan moves to the plan field instead of sending a request to be rejected.
    press(&mut a, KeyCode::Enter);
    assert!(matches!(a.modals().last(), Some(Modal::Confirm(_))));
    assert!(a.session().inputs().is_empty());
    // Typing without Tab lands in the plan, wherever the focus was.
    let mut b = started();
    command(&mut b, "rotate tok-deploy --grace 5m");
    type_text(&mut b, "old version lives 5m while holders redeploy");
    press(&mut b, KeyCode::Enter);
    let Input::Command { command: given, .. } = &b.session().inputs()[0].input else {
        panic!("a command was given");
    };
    assert!(
        given
            .to_string()
            .ends_with("--rollback \"old version lives 5m while holders redeploy\""),
        "{given}"
    );
}

#[test]
fn the_instructor_approves_and_rejects_from_the_review_queue_with_reasons() {
    let (mut a, _) = app_with(None, true, false);
    press(&mut a, KeyCode::Enter);
    command(
        &mut a,
        "request-signoff \"scope-down sa-deployer prod-db none\" --rollback \"grant it back\"",
    );
    command(
        &mut a,
        "request-signoff \"revoke-sessions sa-deployer\" --rollback \"holders log in again\"",
    );
    assert_eq!(a.session().pending_signoffs().len(), 2);
    press(&mut a, KeyCode::F(2));
    assert!(matches!(a.modals().last(), Some(Modal::Review(_))));
    // Approve the first with the default reason.
    press(&mut a, KeyCode::Char('a'));
    press(&mut a, KeyCode::Enter);
    // A rejection without a reason is not sent.
    press(&mut a, KeyCode::Char('r'));
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.session().pending_signoffs().len(), 1);
    type_text(&mut a, "not before the rotation");
    press(&mut a, KeyCode::Enter);
    assert!(a.session().pending_signoffs().is_empty());
    let answers: Vec<(bool, String)> = a
        .session()
        .inputs()
        .iter()
        .filter_map(|r| match &r.input {
            Input::Decide {
                approve, reason, ..
            } => Some((*approve, reason.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        answers,
        vec![
            (true, "approved by the instructor".to_owned()),
            (false, "not before the rotation".to_owned())
        ]
    );
    assert!(
        a.session()
            .events()
            .iter()
            .any(|e| matches!(e.kind, EventKind::GrantScopedDown { .. }))
    );
}

#[test]
fn with_the_simulated_reviewer_the_review_key_explains_instead_of_opening_a_queue() {
    let mut a = started();
    press(&mut a, KeyCode::F(2));
    assert!(a.modals().is_empty());
    assert!(a.status().unwrap().text.contains("simulated reviewer"));
}

#[test]
fn guided_mode_states_the_hint_penalty_before_the_hint_is_shown() {
    let (mut a, _) = app_with(Some(Mode::Guided), false, false);
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::F(3));
    assert!(
        a.status().unwrap().text.contains("T+0:30"),
        "not yet: {:?}",
        a.status()
    );
    command(&mut a, "wait 30m --through");
    press(&mut a, KeyCode::F(3));
    let Some(Modal::Hint {
        hint: 1,
        penalty: 5,
    }) = a.modals().last()
    else {
        panic!("the hint's penalty is offered first: {:?}", a.modals());
    };
    assert!(screen(&a, 80, 24).contains("costs 5 points"));
    press(&mut a, KeyCode::Char('y'));
    assert!(
        a.session()
            .events()
            .iter()
            .any(|e| matches!(e.kind, EventKind::HintShown { penalty: 5, .. }))
    );
}

#[test]
fn quitting_keeps_every_input_in_the_journal_without_an_end_line() {
    let (mut a, recorder) = app_with(None, false, false);
    press(&mut a, KeyCode::Enter);
    command(&mut a, "logs tok-deploy");
    press_mod(&mut a, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(matches!(a.modals().last(), Some(Modal::Quit)));
    let effect = update(
        &mut a,
        Msg::Key(ratatui::crossterm::event::KeyEvent::new(
            KeyCode::Char('y'),
            KeyModifiers::NONE,
        )),
    );
    assert_eq!(effect, drillhall_tui::Effect::Quit);
    let text = recorder.journals.borrow()[0].text();
    let (journal, _) = Journal::parse(&text).expect("the journal parses");
    assert_eq!(journal.inputs.len(), 1);
    assert!(journal.end.is_none());
}

#[test]
fn ending_the_drill_from_the_quit_dialog_opens_the_debrief_and_closes_the_journal() {
    let (mut a, recorder) = app_with(None, false, false);
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('q'));
    press(&mut a, KeyCode::Char('e'));
    assert_eq!(a.screen(), Screen::Debrief);
    assert!(a.session().is_over());
    let (journal, _) = Journal::parse(&recorder.journals.borrow()[0].text()).unwrap();
    assert_eq!(
        journal.end.expect("an end line").digest,
        a.session().digest()
    );
    press(&mut a, KeyCode::Char('q'));
    assert!(a.should_quit());
}

#[test]
fn no_color_draws_no_colour_style_on_any_cell_of_any_screen() {
    let (mut a, _) = app_with(None, true, true);
    let check = |a: &drillhall_tui::App, what: &str| {
        for (w, h) in [(80, 24), (120, 40)] {
            let t = draw(a, w, h);
            for cell in t.backend().buffer().content() {
                assert_eq!(
                    cell.fg,
                    Color::Reset,
                    "{what}: a foreground colour at {w}x{h}"
                );
                assert_eq!(
                    cell.bg,
                    Color::Reset,
                    "{what}: a background colour at {w}x{h}"
                );
            }
        }
    };
    check(&a, "briefing");
    press(&mut a, KeyCode::Enter);
    command(&mut a, "logs tok-deploy");
    check(&a, "drill");
    command(&mut a, "rotate tok-deploy --grace 5m");
    check(&a, "confirmation");
    press(&mut a, KeyCode::Esc);
    command(
        &mut a,
        "request-signoff \"revoke-sessions sa-deployer\" --rollback \"log in again\"",
    );
    press(&mut a, KeyCode::F(2));
    check(&a, "review queue");
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('q'));
    press(&mut a, KeyCode::Char('e'));
    check(&a, "debrief");
    // And with colour, the marks are coloured.
    let mut coloured = started();
    command(&mut coloured, "logs tok-deploy");
    let t = draw(&coloured, 80, 24);
    assert!(
        t.backend()
            .buffer()
            .content()
            .iter()
            .any(|c| c.fg != Color::Reset)
    );
}

#[test]
fn real_time_ticks_advance_the_clock_on_the_drill_screen_dialogs_or_not() {
    let mut a = app();
    update(&mut a, Msg::Tick);
    assert_eq!(a.session().tick(), 0, "not during the briefing");
    press(&mut a, KeyCode::Enter);
    update(&mut a, Msg::Tick);
    update(&mut a, Msg::Tick);
    assert_eq!(a.session().tick(), 2);
    press(&mut a, KeyCode::Char('?'));
    update(&mut a, Msg::Tick);
    assert_eq!(
        a.session().tick(),
        3,
        "a dialog does not stop the clock; only the trainee's pause does"
    );
}

#[test]
fn a_resize_is_taken_and_the_next_frame_lays_out_for_the_new_width() {
    let mut a = started();
    command(&mut a, "logs tok-deploy");
    press(&mut a, KeyCode::Esc); // the result pane
    assert!(a.result().is_none());
    assert_eq!(
        update(
            &mut a,
            Msg::Resize {
                width: 120,
                height: 40
            }
        ),
        drillhall_tui::Effect::Continue
    );
    let narrow = screen(&a, 80, 24);
    let wide = screen(&a, 120, 40);
    // Narrow: the feed runs full width under list and detail; wide: three panes in a row.
    let row = |s: &str, n: usize| s.lines().nth(n).unwrap_or_default().to_owned();
    assert!(row(&narrow, 1).contains("Estate") && !row(&narrow, 1).contains("Feed"));
    assert!(row(&wide, 1).contains("Estate") && row(&wide, 1).contains("Feed"));
}

#[test]
fn esc_and_a_key_that_arrive_together_as_alt_key_act_as_the_two_keys() {
    let mut a = started();
    type_text(&mut a, "logs");
    press_mod(&mut a, KeyCode::Char('q'), KeyModifiers::ALT);
    assert_eq!(a.focus(), Focus::Navigate);
    assert!(matches!(a.modals().last(), Some(Modal::Quit)));
    assert_eq!(a.command_line().text(), "logs", "nothing was typed");
}
