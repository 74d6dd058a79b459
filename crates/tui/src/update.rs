//! Update: the only place the app changes. Every key press becomes a [`Msg`]; [`update`]
//! applies it to the [`App`] and says whether to go on. No terminal is involved, so tests
//! drive the whole app with key events alone.
//!
//! Time is turn-based: the clock moves only when a command costs ticks or the trainee
//! waits. `wait N` on the command line is read by the engine's [`input_for`], as a script's
//! `wait N` is: the input `advance(N)`, journaled as an advance and never a numbered action,
//! so a response typed here and the same response run headless record the same journal and
//! `rollback #N` names the same action in both. What a
//! command needs (sign-off, confidence) and what a node offers are the engine's answers
//! ([`Session::requirements`], [`TraineeView::available_commands`]); this module only asks.
//! In real-time mode the loop sends [`Msg::Tick`].
//!
//! [`input_for`]: drillhall_engine::input_for
//! [`Session::requirements`]: drillhall_engine::Session::requirements
//! [`TraineeView::available_commands`]: drillhall_engine::TraineeView::available_commands

use drillhall_engine::Command;
use drillhall_engine::Mode;
use drillhall_engine::Severity;
use drillhall_engine::{EventId, EventKind, Input, Rejection, input_for};
use drillhall_engine::{format_clock, format_duration};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::{ActionMenu, App, Confirm, ConfirmField, Focus, Modal, Review, Screen};
use crate::debrief::Debrief;
use crate::pane::Pane;
use crate::theme::Tone;
use crate::view::feed;
use crate::{help, results};

/// Something that happened to the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Msg {
    /// A key was pressed.
    Key(KeyEvent),
    /// The terminal was resized (the next frame lays out for the new size).
    Resize { width: u16, height: u16 },
    /// Real-time mode: one tick of simulated time has passed.
    Tick,
}

/// What the event loop should do next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Draw and wait for the next message.
    Continue,
    /// Restore the terminal and exit.
    Quit,
}

/// The default confidence offered for a high-tier decision.
pub const DEFAULT_CONFIDENCE: u8 = 75;

/// Applies one message.
pub fn update(app: &mut App, msg: Msg) -> Effect {
    match msg {
        Msg::Resize { .. } => {}
        // Real time runs while dialogs are open, as it would in an incident; only the
        // trainee's pause (F4) stops it. The status line keeps its message unless the
        // minute brought news.
        Msg::Tick => {
            if app.screen == Screen::Drill && !app.is_paused() && !app.session.is_over() {
                let (before, scroll) = (app.status.clone(), app.feed_scroll);
                let events = app.session.events().len();
                apply(app, Input::Advance(1), None);
                let news = app.session.events()[events..]
                    .iter()
                    .any(|e| e.kind.visible_to_trainee());
                if !news && app.screen == Screen::Drill {
                    app.status = before;
                    app.feed_scroll = scroll;
                }
            }
        }
        Msg::Key(key) => {
            // Key releases and repeats (reported by some terminals) are not presses.
            if key.kind == KeyEventKind::Release {
                return Effect::Continue;
            }
            on_key(app, key);
        }
    }
    if app.quit {
        Effect::Quit
    } else {
        Effect::Continue
    }
}

fn ctrl(key: KeyEvent, c: char) -> bool {
    key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char(c)
}

fn on_key(app: &mut App, key: KeyEvent) {
    if key.code == KeyCode::F(1) {
        toggle_help(app);
        return;
    }
    if key.code == KeyCode::F(4)
        && app.screen == Screen::Drill
        && matches!(app.pace, crate::Pace::RealTime(_))
    {
        let said = match app.toggle_pause() {
            Some(p) => format!(
                "the clock runs again after {} paused (recorded in the journal)",
                drillhall_debrief::wall_seconds(p.seconds)
            ),
            None => "paused: the clock stops until F4".to_owned(),
        };
        app.set_status(said, Tone::Accent);
        return;
    }
    if !app.modals.is_empty() {
        on_modal_key(app, key);
        return;
    }
    if ctrl(key, 'c') {
        match app.screen {
            Screen::Drill => app.modals.push(Modal::Quit),
            _ => app.quit = true,
        }
        return;
    }
    match app.screen {
        Screen::Briefing => on_briefing_key(app, key),
        Screen::Drill => match app.focus {
            Focus::Command => on_command_key(app, key),
            Focus::Navigate => on_navigate_key(app, key),
            Focus::Search => on_search_key(app, key),
        },
        Screen::Debrief => on_debrief_key(app, key),
        Screen::Replay => on_replay_key(app, key),
    }
}

fn toggle_help(app: &mut App) {
    if matches!(app.modals.last(), Some(Modal::Help(_))) {
        app.modals.pop();
    } else {
        let pane = crate::view::keys_page(app);
        app.modals.push(Modal::Help(pane));
    }
}

/// Scrolls a pane; `true` when the key closes it.
fn on_pane_key(pane: &mut Pane, key: KeyEvent) -> bool {
    match key.code {
        KeyCode::Up | KeyCode::Char('k') => pane.scroll_by(-1),
        KeyCode::Down | KeyCode::Char('j') => pane.scroll_by(1),
        KeyCode::PageUp => pane.scroll_pages(-1),
        KeyCode::PageDown | KeyCode::Char(' ') => pane.scroll_pages(1),
        KeyCode::Home | KeyCode::Char('g') => pane.scroll_edge(false),
        KeyCode::End | KeyCode::Char('G') => pane.scroll_edge(true),
        KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q' | '?') | KeyCode::F(1) => return true,
        _ => {}
    }
    false
}

// ------------------------------------------------------------------ screens

fn on_briefing_key(app: &mut App, key: KeyEvent) {
    match key.code {
        KeyCode::Enter | KeyCode::Char(' ') => {
            app.screen = Screen::Drill;
            app.focus = Focus::Command;
            let prompt = if app.session.mode() == Mode::Shadow {
                "The expert acts; type what you think its next step is, Enter to watch it play."
            } else {
                "Type a command (Tab completes), Esc to browse the estate, ? for keys."
            };
            app.set_status(prompt, Tone::Dim);
        }
        KeyCode::Char('?') => toggle_help(app),
        KeyCode::Char('q') | KeyCode::Esc => app.quit = true,
        _ => {}
    }
}

fn on_command_key(app: &mut App, key: KeyEvent) {
    if ctrl(key, 'u') {
        app.line.set("");
        return;
    }
    if ctrl(key, 'w') {
        app.line.delete_word();
        return;
    }
    if ctrl(key, 'a') {
        app.line.home_end(false);
        return;
    }
    if ctrl(key, 'e') {
        app.line.home_end(true);
        return;
    }
    if key.modifiers == KeyModifiers::ALT
        && let KeyCode::Char(_) = key.code
    {
        // Terminals send Esc and a key typed quickly after it as one Alt+key: take it as
        // the two keys it was. With a result pane open, that Esc closed it and the key is
        // typed on the command line.
        if app.result.take().is_some() {
            on_command_key(app, KeyEvent::new(key.code, KeyModifiers::NONE));
            return;
        }
        app.focus = Focus::Navigate;
        on_navigate_key(app, KeyEvent::new(key.code, KeyModifiers::NONE));
        return;
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) || key.modifiers.contains(KeyModifiers::ALT) {
        return;
    }
    match key.code {
        KeyCode::Char('?') if app.line.text().is_empty() => toggle_help(app),
        KeyCode::Char(c) => app.line.insert(c),
        KeyCode::Backspace => app.line.backspace(),
        KeyCode::Delete => app.line.delete(),
        KeyCode::Left => app.line.move_cursor(-1),
        KeyCode::Right => app.line.move_cursor(1),
        // With a result pane open, the page keys scroll it and Esc closes it.
        KeyCode::PageUp if app.result.is_some() => scroll_result(app, |p| p.scroll_pages(-1)),
        KeyCode::PageDown if app.result.is_some() => scroll_result(app, |p| p.scroll_pages(1)),
        KeyCode::Home if app.result.is_some() && app.line.text().is_empty() => {
            scroll_result(app, |p| p.scroll_edge(false));
        }
        KeyCode::End if app.result.is_some() && app.line.text().is_empty() => {
            scroll_result(app, |p| p.scroll_edge(true));
        }
        KeyCode::Esc if app.result.is_some() => app.result = None,
        // On an empty line Home and End move the feed to its oldest and newest entries.
        KeyCode::Home if app.line.text().is_empty() => scroll_feed(app, isize::MAX),
        KeyCode::End if app.line.text().is_empty() => app.feed_scroll = 0,
        KeyCode::Home => app.line.home_end(false),
        KeyCode::End => app.line.home_end(true),
        KeyCode::Up => app.line.browse(true),
        KeyCode::Down => app.line.browse(false),
        KeyCode::Tab => app.line.complete(app.board.view()),
        KeyCode::PageUp => scroll_feed(app, FEED_PAGE),
        KeyCode::PageDown => scroll_feed(app, -FEED_PAGE),
        KeyCode::Esc => app.focus = Focus::Navigate,
        // Enter on an empty line opens the marked feed entry (the newest when not scrolled).
        KeyCode::Enter
            if app.line.text().trim().is_empty()
                && !app.session.is_over()
                && app.session.mode() != Mode::Shadow =>
        {
            if app.result.is_some() {
                app.result = None;
            } else {
                open_feed_entry(app);
            }
        }
        KeyCode::Enter => submit_line(app),
        KeyCode::F(2) => open_review(app),
        KeyCode::F(3) => open_hint(app),
        _ => {}
    }
}

fn on_navigate_key(app: &mut App, key: KeyEvent) {
    match key.code {
        KeyCode::Up | KeyCode::Char('k') => move_selection(app, -1),
        KeyCode::Down | KeyCode::Char('j') => move_selection(app, 1),
        KeyCode::PageUp => move_selection(app, -10),
        KeyCode::PageDown => move_selection(app, 10),
        KeyCode::Home | KeyCode::Char('g') => app.board.select_edge(false),
        KeyCode::End | KeyCode::Char('G') => app.board.select_edge(true),
        KeyCode::Enter | KeyCode::Char('a') => open_actions(app),
        KeyCode::Char(':' | 'i') | KeyCode::Esc => app.focus = Focus::Command,
        KeyCode::Char('f') => app.filter.cycle_severity(),
        KeyCode::Char('F') => app.filter.selected_only = !app.filter.selected_only,
        KeyCode::Char('/') => {
            app.focus = Focus::Search;
            app.search = (String::new(), 0);
        }
        KeyCode::Char('t') => {
            let table = crate::table::Table::new(app.board.view(), crate::table::Column::LastUsed);
            app.modals.push(Modal::Table(table));
        }
        KeyCode::Char('w') => advance(app, 1),
        KeyCode::Char('n') => {
            let now = app.session.tick();
            match next_known(app) {
                Some(t) => wait_for_news(app, t - now),
                None => advance(app, 1),
            }
        }
        KeyCode::Char('r') | KeyCode::F(2) => open_review(app),
        KeyCode::Char('h') | KeyCode::F(3) => open_hint(app),
        KeyCode::Char('q' | 'E') => app.modals.push(Modal::Quit),
        KeyCode::Char('?') => toggle_help(app),
        _ => {}
    }
}

/// `/` in the estate list: each key narrows the search and selects the first id that
/// matches from the selection on; Tab goes to the next match; Enter or Esc ends it.
fn on_search_key(app: &mut App, key: KeyEvent) {
    match key.code {
        KeyCode::Enter | KeyCode::Esc => app.focus = Focus::Navigate,
        KeyCode::Tab | KeyCode::Down => {
            let query = app.search.0.clone();
            app.search.1 = app.board.search(&query, false);
        }
        KeyCode::Backspace => {
            app.search.0.pop();
            let query = app.search.0.clone();
            app.search.1 = app.board.search(&query, true);
        }
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
            app.search.0.push(c);
            let query = app.search.0.clone();
            app.search.1 = app.board.search(&query, true);
        }
        _ => {}
    }
}

fn on_debrief_key(app: &mut App, key: KeyEvent) {
    let max = app.debrief_max.get();
    let by = |app: &mut App, d: i32| {
        let next = (i32::from(app.debrief_scroll) + d).clamp(0, i32::from(max));
        app.debrief_scroll = u16::try_from(next).unwrap_or(max);
    };
    match key.code {
        KeyCode::Up | KeyCode::Char('k') => by(app, -1),
        KeyCode::Down | KeyCode::Char('j') => by(app, 1),
        KeyCode::PageUp => by(app, -10),
        KeyCode::PageDown | KeyCode::Char(' ') => by(app, 10),
        KeyCode::Home | KeyCode::Char('g') => app.debrief_scroll = 0,
        KeyCode::End | KeyCode::Char('G') => app.debrief_scroll = max,
        KeyCode::Char('?') => toggle_help(app),
        KeyCode::Char('q') | KeyCode::Esc | KeyCode::Enter => app.quit = true,
        _ => {}
    }
}

fn on_replay_key(app: &mut App, key: KeyEvent) {
    let Some(state) = app.replay.as_mut() else {
        return;
    };
    let cursor = state.cursor();
    let shift = key.modifiers.contains(KeyModifiers::SHIFT);
    let session = match key.code {
        KeyCode::Right if shift => Some(state.seek(cursor + 10)),
        KeyCode::Left if shift => Some(state.seek_back(cursor.saturating_sub(10))),
        KeyCode::Right | KeyCode::Char('l') => Some(state.seek(cursor + 1)),
        KeyCode::Left | KeyCode::Char('h') => Some(state.seek_back(cursor.saturating_sub(1))),
        KeyCode::PageDown => Some(state.seek(cursor + 10)),
        KeyCode::PageUp => Some(state.seek_back(cursor.saturating_sub(10))),
        KeyCode::Home => Some(state.seek_back(0)),
        KeyCode::End => {
            let last = state.last();
            Some(state.seek(last))
        }
        KeyCode::Char('n') | KeyCode::Tab => state.next_decision().map(|t| state.seek_back(t)),
        KeyCode::Char('p') | KeyCode::BackTab => {
            state.previous_decision().map(|t| state.seek_back(t))
        }
        _ => None,
    };
    if let Some(s) = session {
        app.session = s;
        app.refresh_board();
        return;
    }
    match key.code {
        KeyCode::Up | KeyCode::Char('k') => move_selection(app, -1),
        KeyCode::Down | KeyCode::Char('j') => move_selection(app, 1),
        KeyCode::Char('f') => app.filter.cycle_severity(),
        KeyCode::Char('F') => app.filter.selected_only = !app.filter.selected_only,
        KeyCode::Char('b') => branch(app),
        KeyCode::Char('?') => toggle_help(app),
        KeyCode::Char('q') | KeyCode::Esc => app.quit = true,
        _ => {}
    }
}

/// Continues the replay from the cursor as a new live session with its own journal.
fn branch(app: &mut App) {
    let Some(state) = app.replay.as_ref() else {
        return;
    };
    if app.session.is_over() {
        app.set_status(
            "the drill is over at this point: move back (←) to branch from an earlier tick",
            Tone::Warn,
        );
        return;
    }
    let at = state.cursor();
    let from = state.label().to_owned();
    match app.recorder.open(&app.session, Some(at)) {
        Ok(opened) => {
            app.journal = Some(opened);
            app.record();
            app.replay = None;
            app.screen = Screen::Drill;
            app.focus = Focus::Command;
            let label = app.journal_label().unwrap_or_default().to_owned();
            // The new journal's name first: it is what the trainee needs to find it again.
            app.set_status(
                format!(
                    "recording to {label}: a new live session branched from {from} at {}",
                    format_clock(at)
                ),
                Tone::Accent,
            );
        }
        Err(e) => app.set_status(
            format!("cannot open a journal for the branch: {e}"),
            Tone::Danger,
        ),
    }
}

fn scroll_result(app: &mut App, f: impl FnOnce(&mut Pane)) {
    if let Some(p) = &mut app.result {
        f(p);
    }
}

/// Feed entries `PgUp` and `PgDn` move by.
const FEED_PAGE: isize = 5;

/// Scrolls the feed back (positive) or forward, within the entries it shows.
fn scroll_feed(app: &mut App, delta: isize) {
    let view = app.board.view();
    let selected = app.board.selected_node().map(|n| view.node(n).id.as_str());
    let count = feed::shown(view.events(), app.filter, selected).count();
    app.feed_scroll = app
        .feed_scroll
        .saturating_add_signed(delta)
        .min(count.saturating_sub(1));
}

/// Opens the marked feed entry in full: an investigation's result pane, else every word of
/// the event.
fn open_feed_entry(app: &mut App) {
    let view = app.board.view();
    let selected = app.board.selected_node().map(|n| view.node(n).id.as_str());
    let events = view.events();
    let Some((i, e)) = feed::shown(events, app.filter, selected).nth(app.feed_scroll) else {
        return;
    };
    let pane = results::pane(&e.kind, None, app.theme)
        .unwrap_or_else(|| Pane::new(" Feed entry ", feed::full_lines(events, i, app.theme)));
    app.result = Some(pane);
}

fn move_selection(app: &mut App, delta: isize) {
    app.board.move_selection(delta);
}

// ------------------------------------------------------------------ dialogs

fn on_modal_key(app: &mut App, key: KeyEvent) {
    let Some(top) = app.modals.last_mut() else {
        return;
    };
    match top {
        Modal::Help(pane) => {
            if on_pane_key(pane, key) {
                app.modals.pop();
            }
        }
        Modal::Quit => match key.code {
            KeyCode::Char('y' | 'Y') => {
                app.modals.pop();
                app.record();
                app.quit = true;
            }
            KeyCode::Char('e' | 'E') => {
                app.modals.pop();
                end_drill(app);
            }
            KeyCode::Char('n' | 'N') | KeyCode::Esc => {
                app.modals.pop();
            }
            _ => {}
        },
        Modal::Hint { .. } => match key.code {
            KeyCode::Char('y' | 'Y') | KeyCode::Enter => {
                app.modals.pop();
                apply(app, Input::Hint, None);
            }
            KeyCode::Char('n' | 'N') | KeyCode::Esc => {
                app.modals.pop();
            }
            _ => {}
        },
        Modal::Actions(menu) => match key.code {
            KeyCode::Up | KeyCode::Char('k') => menu.selected = menu.selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => {
                menu.selected = (menu.selected + 1).min(menu.commands.len().saturating_sub(1));
            }
            KeyCode::Enter => {
                let text = menu
                    .commands
                    .get(menu.selected)
                    .cloned()
                    .unwrap_or_default();
                app.modals.pop();
                app.line.set(&text);
                app.focus = Focus::Command;
            }
            KeyCode::Esc | KeyCode::Char('q') => {
                app.modals.pop();
            }
            _ => {}
        },
        Modal::Table(table) => {
            let view = app.board.view();
            match key.code {
                KeyCode::Up | KeyCode::Char('k') => table.move_by(-1),
                KeyCode::Down | KeyCode::Char('j') => table.move_by(1),
                KeyCode::PageUp => table.move_by(-10),
                KeyCode::PageDown => table.move_by(10),
                KeyCode::Home | KeyCode::Char('g') => table.selected = 0,
                KeyCode::End | KeyCode::Char('G') => table.move_by(isize::MAX),
                KeyCode::Right | KeyCode::Char('s') | KeyCode::Tab => table.cycle(view, true),
                KeyCode::Left | KeyCode::BackTab => table.cycle(view, false),
                KeyCode::Char('r') => {
                    table.descending = !table.descending;
                    table.resort(view);
                }
                KeyCode::Enter => {
                    let id = table
                        .order
                        .get(table.selected)
                        .map(|&n| view.node(n).id.clone());
                    app.modals.pop();
                    if let Some(id) = id {
                        app.board.select_id(&id);
                    }
                }
                KeyCode::Esc | KeyCode::Char('q' | 't') => {
                    app.modals.pop();
                }
                _ => {}
            }
        }
        Modal::Confirm(_) => on_confirm_key(app, key),
        Modal::Review(_) => on_review_key(app, key),
    }
}

fn on_confirm_key(app: &mut App, key: KeyEvent) {
    let Some(Modal::Confirm(c)) = app.modals.last_mut() else {
        return;
    };
    match (key.code, c.field) {
        (KeyCode::Esc, _) => {
            app.modals.pop();
            app.set_status("cancelled: nothing was done", Tone::Dim);
        }
        (KeyCode::Tab | KeyCode::BackTab, _) if c.asks_confidence && c.needs_signoff => {
            c.field = match c.field {
                ConfirmField::Confidence => ConfirmField::Rollback,
                ConfirmField::Rollback => ConfirmField::Confidence,
            };
        }
        (KeyCode::Left | KeyCode::Char('-'), ConfirmField::Confidence) => {
            c.confidence = c.confidence.saturating_sub(5).max(50);
        }
        (KeyCode::Right | KeyCode::Char('+'), ConfirmField::Confidence) => {
            c.confidence = (c.confidence + 5).min(100);
        }
        (KeyCode::Home, ConfirmField::Confidence) => c.confidence = 50,
        (KeyCode::End, ConfirmField::Confidence) => c.confidence = 100,
        // Typing goes to the rollback plan wherever the focus is: the confidence only takes
        // arrows, and a trainee who starts typing a plan expects it to land in the plan.
        (KeyCode::Char(ch), _) if c.needs_signoff => {
            c.field = ConfirmField::Rollback;
            c.rollback.push(ch);
        }
        (KeyCode::Backspace, _) if c.needs_signoff => {
            c.field = ConfirmField::Rollback;
            c.rollback.pop();
        }
        // Enter on an empty plan first takes the trainee to the plan; a second Enter sends
        // the request without one (the reviewer will say why that fails).
        (KeyCode::Enter, ConfirmField::Confidence)
            if c.needs_signoff && c.rollback.trim().is_empty() =>
        {
            c.field = ConfirmField::Rollback;
        }
        (KeyCode::Enter, _) => {
            let c = c.clone();
            app.modals.pop();
            let confidence = c.asks_confidence.then_some(c.confidence);
            let command = if c.needs_signoff {
                Command::RequestSignoff {
                    action: Box::new(c.command),
                    rollback: c.rollback.trim().to_owned(),
                }
            } else {
                c.command
            };
            apply(
                app,
                Input::Command {
                    command: command.clone(),
                    confidence,
                },
                Some(&command),
            );
        }
        _ => {}
    }
}

fn on_review_key(app: &mut App, key: KeyEvent) {
    let pending = app.session.pending_signoffs();
    let Some(Modal::Review(r)) = app.modals.last_mut() else {
        return;
    };
    let Some((approve, reason)) = &mut r.answer else {
        match key.code {
            KeyCode::Up | KeyCode::Char('k') => r.selected = r.selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => {
                r.selected = (r.selected + 1).min(pending.len().saturating_sub(1));
            }
            KeyCode::Char('a') if !pending.is_empty() => r.answer = Some((true, String::new())),
            KeyCode::Char('r') if !pending.is_empty() => r.answer = Some((false, String::new())),
            KeyCode::Esc | KeyCode::Char('q') | KeyCode::F(2) => {
                app.modals.pop();
            }
            _ => {}
        }
        return;
    };
    match key.code {
        KeyCode::Esc => r.answer = None,
        KeyCode::Backspace => {
            reason.pop();
        }
        KeyCode::Char(c) => reason.push(c),
        KeyCode::Enter => {
            let approve = *approve;
            let typed = reason.trim().to_owned();
            let selected = r.selected;
            if !approve && typed.is_empty() {
                app.set_status(
                    "a rejection needs a reason the trainee can act on",
                    Tone::Warn,
                );
                return;
            }
            let Some(p) = pending.get(selected) else {
                return;
            };
            r.answer = None;
            let reason = if typed.is_empty() {
                "approved by the instructor".to_owned()
            } else {
                typed
            };
            apply(
                app,
                Input::Decide {
                    request: p.request,
                    approve,
                    reason,
                },
                None,
            );
            let left = app.session.pending_signoffs().len();
            if let Some(Modal::Review(r)) = app.modals.last_mut() {
                r.selected = r.selected.min(left.saturating_sub(1));
            }
        }
        _ => {}
    }
}

fn open_review(app: &mut App) {
    if app.session.options().simulated_reviewer {
        app.set_status(
            "the simulated reviewer answers sign-offs in this session (start with --instructor to answer them yourself)",
            Tone::Dim,
        );
        return;
    }
    app.modals.push(Modal::Review(Review::default()));
}

fn open_hint(app: &mut App) {
    if let Some(h) = app.session.hint_available() {
        app.modals.push(Modal::Hint {
            hint: h.hint,
            penalty: h.penalty,
        });
    } else {
        // The engine's refusal says why (wrong mode, or when the next one comes); asking a
        // copy leaves the session untouched.
        let why = app
            .session
            .clone()
            .hint()
            .err()
            .map_or_else(|| "no hint available now".to_owned(), |r| r.to_string());
        app.set_status(why, Tone::Dim);
    }
}

fn open_actions(app: &mut App) {
    let Some(n) = app.board.selected_node() else {
        return;
    };
    let commands = commands_for(app, n);
    let node = app.board.view().node(n).id.clone();
    app.modals.push(Modal::Actions(ActionMenu {
        node,
        commands,
        selected: 0,
    }));
}

/// The commands that make sense for a node in its current state, as the engine offers
/// them on the trainee's view.
pub fn commands_for(app: &App, n: drillhall_engine::NodeId) -> Vec<String> {
    app.board
        .view()
        .available_commands(n)
        .iter()
        .map(ToString::to_string)
        .collect()
}

// ------------------------------------------------------------------ inputs

fn submit_line(app: &mut App) {
    app.result = None;
    let text = app.line.take();
    let text = text.trim();
    // `save PATH` is the app's own, not a drill command: after a journal write fault it
    // moves the recording elsewhere.
    if let Some(path) = save_path(text) {
        if path.is_empty() {
            app.set_status(
                "save where? `save PATH` writes the journal there",
                Tone::Warn,
            );
        } else {
            app.save_as(path);
        }
        return;
    }
    if app.session.is_over() {
        enter_debrief(app);
        return;
    }
    // `help` works in every mode, shadow included, and costs no time.
    if let Some(verb) = help::parse_help(text) {
        let pane = match verb {
            help::Ask::All => help::commands_page(app.theme),
            help::Ask::Verb(v) => help::verb_page(&app.session, app.board.view(), v, app.theme),
        };
        app.result = Some(pane);
        return;
    }
    if app.session.mode() == Mode::Shadow {
        submit_prediction(app, text);
        return;
    }
    if text.is_empty() {
        return;
    }
    // `wait N --through` waits it all out, news or not (the terminal UI's own flag: the
    // grammar's `wait` is time passing, and this only says whether to stop early).
    let (text, through) = match text.strip_suffix("--through") {
        Some(rest) if rest.trim_start().starts_with("wait ") => (rest.trim_end(), true),
        _ => (text, false),
    };
    // `paths ID --to TARGET`: the engine computes the blast radius, the pane shows the
    // route to the target.
    let (text, to) = results::split_paths_to(text);
    let command = match Command::parse(&text) {
        Ok(c) => c,
        Err(e) => {
            app.set_status(parse_error(&text, &e), Tone::Danger);
            return;
        }
    };
    if let Input::Advance(ticks) = input_for(app.session.mode(), command.clone(), None) {
        if through {
            advance(app, ticks);
        } else {
            wait_for_news(app, ticks);
        }
        return;
    }
    // The engine's own checks first: a trainee is never asked for a confidence or a
    // rollback plan for a command that would then be refused.
    if let Err(r) = app.session.check(&command) {
        app.set_status(format!("refused: {r}"), Tone::Danger);
        return;
    }
    app.result_to = to;
    // What the command needs in this mode is the engine's answer, not the screen's.
    let needs = app.session.requirements(&command);
    let needs_signoff = needs.signoff;
    let asks_confidence = needs.confidence.asked();
    let assessment = needs.assessment;
    if needs_signoff || asks_confidence {
        app.modals.push(Modal::Confirm(Confirm {
            command,
            assessment,
            asks_confidence,
            confidence: DEFAULT_CONFIDENCE,
            needs_signoff,
            rollback: String::new(),
            field: if asks_confidence {
                ConfirmField::Confidence
            } else {
                ConfirmField::Rollback
            },
        }));
        return;
    }
    apply(app, Input::command(command.clone()), Some(&command));
}

/// A parse error as the status line says it: the grammar's message, "did you mean" for a
/// misspelt verb or flag, and the verb's usage line when the verb is right but the rest is
/// not.
fn parse_error(text: &str, e: &drillhall_engine::command::CommandError) -> String {
    let hint = e
        .suggestion
        .as_ref()
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    let verb = text.split_whitespace().next().unwrap_or_default();
    let usage = drillhall_engine::command::help(verb)
        .map(|h| format!(" — {} (help {verb})", h.usage()))
        .unwrap_or_default();
    format!("`{text}`: {}{hint}{usage}", e.message)
}

/// The path of a `save PATH` line (empty for a bare `save`), or `None` for any other line.
fn save_path(text: &str) -> Option<&str> {
    let rest = text.strip_prefix("save")?;
    if rest.is_empty() {
        return Some("");
    }
    rest.starts_with(char::is_whitespace).then(|| rest.trim())
}

fn submit_prediction(app: &mut App, text: &str) {
    let Some((number, at)) = app.board.view().shadow().and_then(|p| p.next) else {
        app.set_status(
            "the expert's response is over: Esc then q, e ends the drill and opens the debrief",
            Tone::Dim,
        );
        return;
    };
    if !text.is_empty() {
        let command = match Command::parse(text) {
            Ok(c) => c,
            Err(e) => {
                app.set_status(format!("`{text}`: {}", e.message), Tone::Danger);
                return;
            }
        };
        let input = input_for(Mode::Shadow, command, None);
        let advances = matches!(input, Input::Advance(_));
        if !apply(app, input, None) || advances {
            return;
        }
    }
    let now = app.board.view().tick();
    if at > now {
        apply(app, Input::Advance(at - now), None);
    }
    // Say what the expert did and what the prediction scored.
    let mut said = Vec::new();
    for e in app.board.view().events().iter().rev() {
        match &e.kind {
            EventKind::ExpertStep { step: k, text, .. } if *k == number => {
                said.push(format!("expert step {k}: {text}"));
                break;
            }
            EventKind::PredictionScored {
                step: k, points, ..
            } if *k == number => {
                said.push(format!("your prediction: {points}/2"));
            }
            _ => {}
        }
    }
    said.reverse();
    if !said.is_empty() {
        app.set_status(said.join(" · "), Tone::Accent);
    }
}

/// Applies an input, records it, refreshes the board and reports the outcome. Returns
/// whether the session took it.
fn apply(app: &mut App, input: Input, command: Option<&Command>) -> bool {
    let label = match &input {
        Input::Advance(n) => format!("waited {n}m"),
        Input::Command { command, .. } => command.to_string(),
        Input::Hint => "hint".to_owned(),
        Input::Predict(c) => format!("predicted {c}"),
        Input::Decide {
            request, approve, ..
        } => format!(
            "{} sign-off #{request}",
            if *approve { "approved" } else { "rejected" }
        ),
    };
    match app.session.apply(input) {
        Ok(ids) => {
            app.feed_scroll = 0;
            app.record();
            app.refresh_board();
            if let Some(c) = command
                && let Some((id, _)) = c.references().first()
            {
                app.board.select_id(id);
            }
            let summary = summarise(app, &ids);
            let clock = format_clock(app.session.tick());
            app.set_status(format!("{clock} {label}{summary}"), Tone::Good);
            let to = app.result_to.take();
            if command.is_some()
                && let Some(pane) = ids.iter().find_map(|&i| {
                    results::pane(&app.session.event(i).kind, to.as_deref(), app.theme)
                })
            {
                app.result = Some(pane);
            }
            if app.session.is_over() {
                enter_debrief(app);
            }
            true
        }
        Err(Rejection::DrillOver { .. }) => {
            enter_debrief(app);
            false
        }
        Err(r) => {
            app.result_to = None;
            app.set_status(format!("refused: {r}"), Tone::Danger);
            false
        }
    }
}

fn advance(app: &mut App, ticks: u64) {
    apply(app, Input::Advance(ticks), None);
}

/// Whether an event is news a wait stops for: a new high or critical alert, an outage, or a
/// sign-off answer — what the trainee would want to act on at once.
fn news(kind: &EventKind) -> Option<String> {
    let said = || format!("{} {}", kind.name(), kind.describe());
    match kind {
        EventKind::Alert { severity, .. } if *severity >= Severity::High => Some(said()),
        EventKind::WorkloadDown { .. }
        | EventKind::SignoffApproved { .. }
        | EventKind::SignoffRejected { .. } => Some(said()),
        _ => None,
    }
}

/// Lets up to `ticks` pass, stopping at the first tick with news for the trainee (said on
/// the status line with the time left). The stop is found on a copy of the session, so
/// the session itself takes one advance, journaled as any other.
fn wait_for_news(app: &mut App, ticks: u64) {
    let now = app.session.tick();
    let mut probe = app.session.clone();
    let stop = probe.apply(Input::Advance(ticks)).ok().and_then(|ids| {
        ids.iter().map(|&i| probe.event(i)).find_map(|e| {
            (e.kind.visible_to_trainee() && e.tick > now && e.tick < now + ticks)
                .then(|| news(&e.kind).map(|why| (e.tick, why)))
                .flatten()
        })
    });
    match stop {
        Some((at, why)) => {
            if apply(app, Input::Advance(at - now), None) && !app.session.is_over() {
                let left = now + ticks - at;
                app.set_status(
                    format!(
                        "{} wait stopped, {} left (`wait {}` goes on): {why}",
                        format_clock(at),
                        format_duration(left),
                        format_duration(left)
                    ),
                    Tone::Warn,
                );
            }
        }
        None => advance(app, ticks),
    }
}

/// The next tick the trainee knows something is due: a grace window's end, a visible
/// credential's expiry, the expert's next step in shadow mode. Hidden timers (when an
/// inject fires, when the reviewer answers) are not the trainee's to know.
fn next_known(app: &App) -> Option<u64> {
    let view = app.board.view();
    let now = view.tick();
    let estate = view.estate();
    let graces = view.grace_windows().iter().map(|g| g.ends_at);
    let expiries = view.nodes().filter_map(|n| estate.node(n).expires);
    let shadow = view.shadow().and_then(|p| p.next).map(|(_, at)| at);
    graces
        .chain(expiries)
        .chain(shadow)
        .filter(|&t| t > now)
        .min()
}

fn summarise(app: &App, ids: &[EventId]) -> String {
    let shown: Vec<String> = ids
        .iter()
        .map(|&i| app.session.event(i))
        .filter(|e| {
            e.kind.visible_to_trainee() && !matches!(e.kind, EventKind::CommandExecuted { .. })
        })
        .map(|e| {
            let d = e.kind.describe();
            if d.is_empty() {
                e.kind.name().to_owned()
            } else {
                format!("{} {d}", e.kind.name())
            }
        })
        .collect();
    match shown.len() {
        0 => String::new(),
        1 | 2 => format!(" → {}", shown.join(" · ")),
        n => format!(" → {} · {} (+{} more)", shown[0], shown[1], n - 2),
    }
}

fn end_drill(app: &mut App) {
    let mut ended_at = None;
    if !app.session.is_over() {
        ended_at = Some(app.session.tick());
        app.session.finish();
        app.record();
        app.refresh_board();
    }
    enter_debrief(app);
    if let Some(d) = &mut app.debrief {
        d.ended_at = ended_at;
    }
}

fn enter_debrief(app: &mut App) {
    app.finish_journal();
    app.debrief = Some(Debrief::of(&app.session, &app.pauses));
    app.screen = Screen::Debrief;
    app.modals.clear();
    app.debrief_scroll = 0;
}
