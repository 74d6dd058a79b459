//! The trainee's cockpit: commands that can be discovered (`help`, `help VERB`, the `?`
//! page, "did you mean", usage lines, completion that knows the context, in a menu that
//! fits), dialogs only after the engine's checks, results read in full in a scrollable
//! pane, a feed that scrolls and shows each event once, and waits that stop for news.
//! Each screen is snapshotted at 80×24 and 120×40 and its promised facts asserted.

mod common;

use common::*;
use drillhall_engine::Mode;
use drillhall_engine::journal::Journal;
use drillhall_tui::{App, Modal};
use ratatui::crossterm::event::KeyCode;

fn started() -> App {
    let mut a = app();
    press(&mut a, KeyCode::Enter);
    a
}

fn independent() -> App {
    let (mut a, _) = app_with(Some(Mode::Independent), false, false);
    press(&mut a, KeyCode::Enter);
    a
}

/// Snapshots at both sizes and returns both screens.
fn snap(name: &str, app: &App) -> (String, String) {
    for (w, h) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(format!("{name}__{w}x{h}"), draw(app, w, h).backend());
    }
    (screen(app, 80, 24), screen(app, 120, 40))
}

fn status(a: &App) -> String {
    a.status().map(|s| s.text.clone()).unwrap_or_default()
}

fn result_text(a: &App) -> String {
    a.result().expect("a result pane is open").text()
}

// ------------------------------------------------------------------ item 1: discover

#[test]
fn help_rotate_gives_syntax_flags_time_cost_tier_rule_and_an_example_on_this_estate() {
    let mut a = started();
    command(&mut a, "help rotate");
    let text = result_text(&a);
    for what in [
        "rotate CREDENTIAL [--grace DURATION]",
        "--grace DURATION",
        "time      1m of drill time",
        "tier      high when a running workload depends on it",
        "mode      reviewed: medium and high tiers need a sign-off",
        "example   rotate tok-deploy --grace 15m",
        "now       high tier",
        "needs a sign-off, asks your confidence",
    ] {
        assert!(text.contains(what), "missing `{what}`:\n{text}");
    }
    assert_eq!(a.session().tick(), 0, "help costs no drill time");
    assert!(a.session().inputs().is_empty(), "help is not an input");
    let (small, large) = snap("help_rotate", &a);
    for s in [&small, &large] {
        assert!(s.contains("rotate CREDENTIAL [--grace DURATION]"), "{s}");
        assert!(s.contains("example   rotate tok-deploy --grace 15m"), "{s}");
    }
}

#[test]
fn help_alone_lists_every_command_and_a_misspelt_verb_gets_a_suggestion() {
    let mut a = started();
    command(&mut a, "help");
    let text = result_text(&a);
    for (verb, synopsis) in drillhall_engine::VERBS {
        assert!(
            text.contains(&format!("{verb} {synopsis}")),
            "`{verb}` missing:\n{text}"
        );
    }
    command(&mut a, "help rotat");
    assert!(result_text(&a).contains("Did you mean `rotate`?"));
}

#[test]
fn every_verb_has_an_example_the_grammar_parses() {
    let a = started();
    for h in drillhall_engine::command::HELP {
        let example = drillhall_tui::help_example(&a, h.verb).expect("a verb of the grammar");
        drillhall_engine::Command::parse(&example)
            .unwrap_or_else(|e| panic!("`{example}` does not parse: {e}"));
    }
}

#[test]
fn the_question_mark_page_lists_the_commands_as_well_as_the_keys() {
    let mut a = started();
    press(&mut a, KeyCode::Char('?'));
    let Some(Modal::Help(page)) = a.modals().last() else {
        panic!("? opens the keys page: {:?}", a.modals());
    };
    let text = page.text();
    assert!(
        text.contains("Tab") && text.contains("help [VERB]"),
        "{text}"
    );
    for (verb, synopsis) in drillhall_engine::VERBS {
        assert!(text.contains(&format!("{verb} {synopsis}")), "{verb}");
    }
    // It scrolls to its end, and the end is the last command.
    press(&mut a, KeyCode::End);
    let s = screen(&a, 80, 24);
    assert!(s.contains("note \"TEXT\""), "{s}");
}

#[test]
fn an_unknown_verb_or_id_gets_did_you_mean_and_a_malformed_command_its_usage_line() {
    let mut a = started();
    command(&mut a, "rotat tok-deploy");
    assert!(
        status(&a).contains("did you mean `rotate`"),
        "{}",
        status(&a)
    );
    command(&mut a, "rotate");
    let st = status(&a);
    assert!(
        st.contains("usage: rotate CREDENTIAL [--grace DURATION]"),
        "{st}"
    );
    command(&mut a, "logs tok-deplo");
    assert!(
        status(&a).contains("did you mean `tok-deploy`"),
        "{}",
        status(&a)
    );
    assert_eq!(a.session().tick(), 0, "a refused command costs nothing");
}

fn tab_candidates(a: &mut App, text: &str) -> Vec<String> {
    press_mod(
        a,
        KeyCode::Char('u'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    );
    type_text(a, text);
    press(a, KeyCode::Tab);
    let c = a.command_line().candidates().to_vec();
    if c.is_empty() {
        // One candidate is completed at once; none leaves the line as it was.
        let line = a.command_line().text().to_owned();
        return line
            .strip_prefix(text)
            .map(|w| w.trim().to_owned())
            .filter(|w| !w.is_empty())
            .into_iter()
            .collect();
    }
    c
}

#[test]
fn completion_knows_the_context_grants_of_the_identity_holders_of_the_credential_no_new_ids() {
    let mut a = started();
    assert_eq!(
        tab_candidates(&mut a, "remove-grant sa-deployer "),
        ["prod-db", "artifact-bucket"]
    );
    assert_eq!(
        tab_candidates(&mut a, "remove-grant sa-checkout "),
        ["prod-db", "vault"]
    );
    assert_eq!(
        tab_candidates(&mut a, "detach tok-deploy "),
        ["ci-deployer"]
    );
    assert!(
        tab_candidates(&mut a, "create-identity ").is_empty(),
        "a new id is not completed from existing ones"
    );
    assert!(tab_candidates(&mut a, "issue ").is_empty());
    tab_candidates(&mut a, "help rota");
    assert_eq!(
        a.command_line().text(),
        "help rotate ",
        "help completes verbs"
    );
}

#[test]
fn tab_on_an_empty_line_shows_every_verb_in_a_menu_that_fits_the_screen() {
    let mut a = started();
    press(&mut a, KeyCode::Tab);
    let (small, large) = snap("completion_menu", &a);
    for s in [&small, &large] {
        for (verb, _) in drillhall_engine::VERBS {
            assert!(s.contains(verb), "`{verb}` is not in the menu:\n{s}");
        }
        assert!(s.contains("Tab: 27 candidates"), "{s}");
    }
}

// ------------------------------------------------------------------ item 5: dialogs

#[test]
fn a_command_the_engine_refuses_opens_no_dialog_and_says_why() {
    let mut a = started();
    command(&mut a, "rotate tok-deplo --grace 5m");
    assert!(
        a.modals().is_empty(),
        "no confidence asked: {:?}",
        a.modals()
    );
    assert!(status(&a).contains("refused: no such id"), "{}", status(&a));
    command(&mut a, "rotate ci-deployer");
    assert!(a.modals().is_empty());
    assert!(status(&a).contains("needs a credential"), "{}", status(&a));
    // The same command on a real credential is checked, then asks.
    command(&mut a, "rotate tok-deploy --grace 5m");
    assert!(matches!(a.modals().last(), Some(Modal::Confirm(_))));
}

// ------------------------------------------------------------------ item 2: results

#[test]
fn paths_opens_the_whole_blast_radius_as_a_tree_and_to_narrows_it_to_the_route() {
    let mut a = started();
    command(&mut a, "paths tok-deploy");
    let text = result_text(&a);
    assert!(text.starts_with("tok-deploy reaches 4 node(s):"), "{text}");
    for id in [
        "sa-deployer",
        "prod-db",
        "artifact-bucket",
        "role-prod-admin",
    ] {
        assert!(text.contains(id), "{id} missing:\n{text}");
    }
    let (small, large) = snap("paths_result", &a);
    for s in [&small, &large] {
        for line in ["└ sa-deployer", "  └ prod-db", "  └ role-prod-admin"] {
            assert!(s.contains(line), "`{line}` is not on screen:\n{s}");
        }
    }
    command(&mut a, "paths tok-deploy --to prod-db");
    let text = result_text(&a);
    assert!(
        text.starts_with("tok-deploy reaches prod-db in 2 hop(s):\ntok-deploy\n└ sa-deployer"),
        "{text}"
    );
    assert!(!text.contains("artifact-bucket"), "{text}");
    assert_eq!(a.session().tick(), 4, "two paths, 2m each");
}

#[test]
fn logs_show_every_entry_whole_and_the_pane_scrolls_to_its_end() {
    let mut a = started();
    command(&mut a, "wait 12m");
    command(&mut a, "logs tok-deploy");
    let text = result_text(&a);
    assert!(text.contains("×1441 authenticate as sa-deployer"), "{text}");
    // No entry is cut: each ends with its user agent in brackets.
    for line in text.lines().skip(1) {
        assert!(line.ends_with(')'), "cut: {line}");
    }
    let (small, _) = snap("logs_result", &a);
    assert!(small.contains("×1441"), "{small}");
    press(&mut a, KeyCode::End);
    assert!(a.result().is_some_and(drillhall_tui::Pane::at_end));
    press(&mut a, KeyCode::Esc);
    assert!(a.result().is_none(), "Esc closes the result");
}

#[test]
fn the_feed_scrolls_back_marks_an_entry_and_enter_opens_it_in_full() {
    let mut a = started();
    command(&mut a, "wait 12m");
    command(&mut a, "declare-incident sev2");
    command(&mut a, "notify platform");
    press(&mut a, KeyCode::PageUp);
    assert!(a.feed_scroll() > 0);
    let s = screen(&a, 80, 24);
    assert!(s.contains("newer above"), "{s}");
    press(&mut a, KeyCode::Home);
    press(&mut a, KeyCode::Enter);
    let text = result_text(&a);
    assert!(
        text.contains("T+0:00") && text.contains("credential-leaked") || text.contains("alert"),
        "the oldest entry opens in full:\n{text}"
    );
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::End);
    assert_eq!(a.feed_scroll(), 0);
}

#[test]
fn each_command_is_one_feed_line_numbered_as_rollback_names_it() {
    let mut a = started();
    command(&mut a, "declare-incident sev2");
    let s = screen(&a, 120, 40);
    assert!(s.contains("#1 incident-declared sev2"), "{s}");
    assert!(!s.contains("command-executed"), "{s}");
}

// ------------------------------------------------------------------ item 4: waits

#[test]
fn wait_2h_stops_at_the_high_alert_and_says_why_on_the_status_line() {
    let (mut a, recorder) = app_with(None, false, false);
    press(&mut a, KeyCode::Enter);
    command(&mut a, "wait 2h");
    assert_eq!(a.session().tick(), 12, "stopped at the scanner's alert");
    let st = status(&a);
    assert!(st.contains("T+0:12 wait stopped, 1h48m left"), "{st}");
    assert!(st.contains("alert [high] secret-scanner"), "{st}");
    // One advance, journaled as any other, and the journal replays.
    let text = recorder.journals.borrow()[0].text();
    let (journal, _) = Journal::parse(&text).expect("the journal parses");
    assert_eq!(journal.inputs.len(), 1);
    let (small, large) = snap("wait_stopped", &a);
    assert!(small.contains("wait stopped"), "{small}");
    assert!(large.contains("wait stopped"), "{large}");
    // `--through` waits it all.
    command(&mut a, "wait 30m --through");
    assert_eq!(a.session().tick(), 42);
}

#[test]
fn the_n_key_jumps_to_a_timer_the_trainee_knows_and_never_to_a_hidden_inject() {
    let mut a = independent();
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('n'));
    assert_eq!(
        a.session().tick(),
        1,
        "nothing known is due: one minute, not a jump to the hidden 12m alert"
    );
    press(&mut a, KeyCode::Char(':'));
    command(&mut a, "rotate tok-deploy --grace 5m");
    if let Some(Modal::Confirm(_)) = a.modals().last() {
        press(&mut a, KeyCode::Enter);
    }
    let now = a.session().tick();
    let ends = a.session().view().grace_windows()[0].ends_at;
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('n'));
    assert_eq!(
        a.session().tick(),
        ends,
        "from {now} to the grace window's end"
    );
}

// ------------------------------------------------------------------ item 6: layouts

#[test]
fn a_dialog_at_60x20_keeps_the_field_being_typed_in_sight_and_below_its_minimum_says_so() {
    let mut a = started();
    command(&mut a, "rotate tok-deploy --grace 5m");
    press(&mut a, KeyCode::Tab);
    type_text(&mut a, "re-issue from ci-vars");
    let s = screen(&a, 60, 20);
    insta::assert_snapshot!("dialog__60x20", draw(&a, 60, 20).backend());
    assert!(s.contains("rollback plan re-issue from ci-vars▏"), "{s}");
    assert!(s.contains("Enter submit"), "{s}");
    let s = screen(&a, 60, 12);
    assert!(s.contains("rollback plan re-issue from ci-vars▏"), "{s}");
    assert!(s.contains("more above"), "{s}");
    let s = screen(&a, 36, 10);
    assert!(
        s.contains("terminal too small for this dialog") && s.contains("at least 40x8"),
        "{s}"
    );
}

// ------------------------------------------------------------------ item 3: status

#[test]
fn the_status_panel_counts_a_grace_window_down_names_holders_and_the_header_counts_outages() {
    let mut a = independent();
    command(&mut a, "rotate tok-deploy --grace 10m");
    press(&mut a, KeyCode::Enter); // the optional confidence, as offered
    command(&mut a, "declare-incident sev2");
    command(&mut a, "notify platform");
    let s = screen(&a, 80, 24);
    assert_eq!(a.session().tick(), 3);
    assert!(s.contains("tok-deploy v1 dies in 7m (T+0:10)"), "{s}");
    command(&mut a, "wait 5m");
    let (small, large) = snap("status_panel", &a);
    for s in [&small, &large] {
        assert!(s.contains("dies in 2m"), "counted down:\n{s}");
        assert!(s.contains("ci-deployer"), "{s}");
        assert!(s.contains("incident sev2 since T+0:01"), "{s}");
        assert!(s.contains("notified: platform"), "{s}");
    }
    command(&mut a, "wait 10m");
    assert_eq!(a.session().tick(), 10, "the wait stops at the outage");
    assert!(
        status(&a).contains("workload-down ci-deployer"),
        "{}",
        status(&a)
    );
    let s = screen(&a, 80, 24);
    assert!(
        s.lines().next().unwrap_or_default().contains("▼ 1 down"),
        "{s}"
    );
    assert!(s.contains("ci-deployer down 0m (since T+0:10)"), "{s}");
    command(&mut a, "wait 3m --through");
    assert!(screen(&a, 80, 24).contains("ci-deployer down 3m"));
}

#[test]
fn at_120_columns_the_feed_is_the_widest_pane() {
    let mut a = started();
    command(&mut a, "wait 12m");
    let s = screen(&a, 120, 40);
    let top = s.lines().nth(1).unwrap_or_default();
    let feed = top.find("┌ Feed").expect("three panes in a row");
    let width = top.chars().count() - top[..feed].chars().count();
    assert!(width >= 52, "the feed is {width} columns:\n{s}");
}

#[test]
fn esc_and_a_key_sent_as_one_alt_key_close_the_result_pane_and_type_the_key() {
    let mut a = started();
    command(&mut a, "paths tok-deploy");
    assert!(a.result().is_some());
    press_mod(
        &mut a,
        KeyCode::Char('o'),
        ratatui::crossterm::event::KeyModifiers::ALT,
    );
    assert!(a.result().is_none());
    assert_eq!(a.command_line().text(), "o");
    assert_eq!(a.focus(), drillhall_tui::Focus::Command);
}

#[test]
fn a_pause_is_journaled_with_its_wall_seconds_replays_to_the_same_digest_and_shows_in_the_debrief()
{
    let (mut a, recorder) = app_with(None, false, true);
    a.set_pace(drillhall_tui::Pace::RealTime(
        std::time::Duration::from_secs(2),
    ));
    // A wall clock the test moves by hand: 95 seconds pass while paused.
    let wall = std::rc::Rc::new(std::cell::Cell::new(std::time::Duration::ZERO));
    let w = std::rc::Rc::clone(&wall);
    a.set_wall_clock(move || w.get());
    press(&mut a, KeyCode::Enter);
    drillhall_tui::update(&mut a, drillhall_tui::Msg::Tick);
    press(&mut a, KeyCode::F(4));
    wall.set(std::time::Duration::from_secs(95));
    press(&mut a, KeyCode::F(4));
    assert!(status(&a).contains("1m35s paused"), "{}", status(&a));
    assert_eq!(
        a.pauses(),
        [drillhall_engine::journal::Pause {
            tick: 1,
            seconds: 95
        }]
    );
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('q'));
    press(&mut a, KeyCode::Char('e'));
    let text = recorder.journals.borrow()[0].text();
    assert!(
        text.contains(r#"{"type":"pause","tick":1,"seconds":95}"#),
        "{text}"
    );
    let (journal, _) = Journal::parse(&text).unwrap();
    assert_eq!(journal.pauses.len(), 1);
    let without: String = text
        .split_inclusive('\n')
        .filter(|l| !l.contains(r#""type":"pause""#))
        .collect();
    let with = drillhall_engine::journal::replay(&scenario(), &journal).unwrap();
    let plain =
        drillhall_engine::journal::replay(&scenario(), &Journal::parse(&without).unwrap().0)
            .unwrap();
    assert!(with.verified && plain.verified);
    assert_eq!(with.digest, plain.digest, "replay ignores pauses");
    let report = a.debrief().unwrap().report.as_ref().unwrap();
    assert_eq!(report.pauses.count, 1);
    assert_eq!(report.pauses.total_seconds, 95);
    let s = screen(&a, 200, 80);
    assert!(s.contains("Pauses"), "{s}");
    assert!(
        s.contains("paused 1 time for 1m35s in all, at T+0:01 (1m35s)"),
        "{s}"
    );
}

// ------------------------------------------------------------------ item 10: debrief

#[test]
fn debrief_scrolling_stops_at_the_end_so_the_first_key_back_moves_it() {
    let mut a = started();
    command(&mut a, "declare-incident sev2");
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('q'));
    press(&mut a, KeyCode::Char('e'));
    assert_eq!(a.screen(), drillhall_tui::Screen::Debrief);
    let _ = screen(&a, 80, 24); // a frame measures the page
    for _ in 0..200 {
        press(&mut a, KeyCode::PageDown);
    }
    let end = a.debrief_scroll();
    assert!(end > 0 && end < 200 * 10, "stopped at {end}");
    let s = screen(&a, 80, 24);
    assert!(
        s.contains("What if"),
        "the end of the debrief is on screen:\n{s}"
    );
    press(&mut a, KeyCode::Up);
    assert_eq!(
        a.debrief_scroll(),
        end - 1,
        "no dead key presses past the end"
    );
    press(&mut a, KeyCode::End);
    assert_eq!(a.debrief_scroll(), end);
}

// ------------------------------------------------------------------ item 7: search

#[test]
fn slash_searches_the_estate_list_by_id_and_tab_goes_to_the_next_match() {
    let mut a = started();
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('/'));
    type_text(&mut a, "db");
    let selected = |a: &App| {
        let b = a.board();
        b.selected_node().map(|n| b.view().node(n).id.clone())
    };
    assert_eq!(selected(&a).as_deref(), Some("key-payments-db"));
    assert_eq!(a.search(), ("db", 2));
    let (small, large) = snap("search", &a);
    for s in [&small, &large] {
        assert!(
            s.contains("/db  (2 matches · Tab next · Enter done)"),
            "{s}"
        );
    }
    press(&mut a, KeyCode::Tab);
    assert_eq!(selected(&a).as_deref(), Some("prod-db"));
    press(&mut a, KeyCode::Tab);
    assert_eq!(selected(&a).as_deref(), Some("key-payments-db"), "wraps");
    type_text(&mut a, "zz");
    assert_eq!(a.search().1, 0);
    assert_eq!(
        selected(&a).as_deref(),
        Some("key-payments-db"),
        "no match keeps it"
    );
    press(&mut a, KeyCode::Enter);
    assert_eq!(a.focus(), drillhall_tui::Focus::Navigate);
}

#[test]
fn the_access_review_table_sorts_by_column_marks_risk_and_enter_selects_the_node() {
    let mut a = started();
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('t'));
    let table = |a: &App| match a.modals().last() {
        Some(Modal::Table(t)) => t.clone(),
        other => panic!("the table is open: {other:?}"),
    };
    let t = table(&a);
    assert_eq!(t.sort, drillhall_tui::table::Column::LastUsed);
    assert_eq!(t.order.len(), 11, "every visible node");
    let (small, large) = snap("access_review", &a);
    for s in [&small, &large] {
        assert!(
            s.contains("Access review · 11 nodes · sorted by last used ▼"),
            "{s}"
        );
        let row = |id: &str| {
            s.lines()
                .find(|l| l.contains(&format!("│{id} ")) || l.contains(&format!("{id} ")))
                .unwrap_or_default()
                .to_owned()
        };
        assert!(
            row("sa-deployer").contains('⚠'),
            "over-privileged marked:\n{s}"
        );
        assert!(row("tok-deploy").contains('⌛'), "stale marked:\n{s}");
    }
    // ← to the owner column: ascending by owner.
    press(&mut a, KeyCode::Left);
    let t = table(&a);
    assert_eq!(t.sort, drillhall_tui::table::Column::Owner);
    let view = a.board().view();
    let owners: Vec<Option<String>> = t
        .order
        .iter()
        .map(|&n| view.node(n).owner.clone())
        .collect();
    let mut sorted = owners.clone();
    sorted.sort();
    assert_eq!(owners, sorted);
    press(&mut a, KeyCode::Char('r'));
    assert!(table(&a).descending);
    // Enter shows the row's node in the estate list.
    press(&mut a, KeyCode::Home);
    let first = {
        let t = table(&a);
        a.board().view().node(t.order[0]).id.clone()
    };
    press(&mut a, KeyCode::Enter);
    assert!(a.modals().is_empty());
    let b = a.board();
    assert_eq!(
        b.selected_node().map(|n| b.view().node(n).id.clone()),
        Some(first)
    );
}

// ------------------------------------------------------------------ item 8: real time

#[test]
fn real_time_states_its_pace_shows_it_runs_under_dialogs_and_stops_only_when_paused() {
    let mut a = app();
    a.set_pace(drillhall_tui::Pace::RealTime(
        std::time::Duration::from_secs(2),
    ));
    let s = screen(&a, 120, 40);
    assert!(s.contains("real time: one drill minute every 2s"), "{s}");
    assert!(!s.contains("turn-based"), "{s}");
    press(&mut a, KeyCode::Enter);
    command(&mut a, "rotate tok-deploy --grace 5m");
    assert!(matches!(a.modals().last(), Some(Modal::Confirm(_))));
    drillhall_tui::update(&mut a, drillhall_tui::Msg::Tick);
    assert_eq!(
        a.session().tick(),
        1,
        "the clock runs while the dialog is open"
    );
    assert!(matches!(a.modals().last(), Some(Modal::Confirm(_))));
    let (small, large) = snap("realtime_header", &a);
    for s in [&small, &large] {
        assert!(
            s.lines().next().unwrap_or_default().contains("▶ 1m per 2s"),
            "{s}"
        );
    }
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::F(4));
    assert!(a.is_paused());
    drillhall_tui::update(&mut a, drillhall_tui::Msg::Tick);
    assert_eq!(a.session().tick(), 1, "paused: no tick passes");
    assert!(screen(&a, 80, 24).contains("⏸ paused"));
    press(&mut a, KeyCode::F(4));
    drillhall_tui::update(&mut a, drillhall_tui::Msg::Tick);
    assert_eq!(a.session().tick(), 2);
}

// ------------------------------------------------------------------ item 10: debrief

#[test]
fn objectives_decided_after_an_early_end_say_the_drill_ran_on_without_the_trainee() {
    let mut a = started();
    command(&mut a, "declare-incident sev2");
    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('q'));
    press(&mut a, KeyCode::Char('e'));
    assert_eq!(a.debrief().and_then(|d| d.ended_at), Some(1));
    let s = screen(&a, 200, 60);
    assert!(s.contains("after you ended at T+0:01"), "{s}");
    assert!(s.contains("ran on without you"), "{s}");
}

#[test]
fn help_works_in_shadow_mode_too_and_is_no_prediction() {
    let (mut a, _) = app_with(Some(Mode::Shadow), false, false);
    press(&mut a, KeyCode::Enter);
    command(&mut a, "help paths");
    assert!(result_text(&a).contains("paths ID"));
    assert!(a.session().inputs().is_empty());
}
