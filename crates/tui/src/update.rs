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
use drillhall_engine::format_clock;
use drillhall_engine::{EventId, EventKind, Input, Rejection, input_for};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::app::{ActionMenu, App, Confirm, ConfirmField, Focus, Modal, Review, Screen};
use crate::debrief::Debrief;
use crate::theme::Tone;

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
        Msg::Tick => {
            if app.screen == Screen::Drill && app.modals.is_empty() {
                apply(app, Input::Advance(1), None);
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
        },
        Screen::Debrief => on_debrief_key(app, key),
        Screen::Replay => on_replay_key(app, key),
    }
}

fn toggle_help(app: &mut App) {
    if matches!(app.modals.last(), Some(Modal::Help)) {
        app.modals.pop();
    } else {
        app.modals.push(Modal::Help);
    }
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
        // the two keys it was.
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
        KeyCode::Home => app.line.home_end(false),
        KeyCode::End => app.line.home_end(true),
        KeyCode::Up => app.line.browse(true),
        KeyCode::Down => app.line.browse(false),
        KeyCode::Tab => app.line.complete(app.board.view()),
        KeyCode::PageUp => move_selection(app, -5),
        KeyCode::PageDown => move_selection(app, 5),
        KeyCode::Esc => app.focus = Focus::Navigate,
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
        KeyCode::Char('w') => advance(app, 1),
        KeyCode::Char('n') => {
            let now = app.session.tick();
            match app.session.next_scheduled() {
                Some(t) if t > now => advance(app, t - now),
                _ => advance(app, 1),
            }
        }
        KeyCode::Char('r') | KeyCode::F(2) => open_review(app),
        KeyCode::Char('h') | KeyCode::F(3) => open_hint(app),
        KeyCode::Char('q' | 'E') => app.modals.push(Modal::Quit),
        KeyCode::Char('?') => toggle_help(app),
        _ => {}
    }
}

fn on_debrief_key(app: &mut App, key: KeyEvent) {
    match key.code {
        KeyCode::Up | KeyCode::Char('k') => {
            app.debrief_scroll = app.debrief_scroll.saturating_sub(1);
        }
        KeyCode::Down | KeyCode::Char('j') => {
            app.debrief_scroll = app.debrief_scroll.saturating_add(1);
        }
        KeyCode::PageUp => app.debrief_scroll = app.debrief_scroll.saturating_sub(10),
        KeyCode::PageDown | KeyCode::Char(' ') => {
            app.debrief_scroll = app.debrief_scroll.saturating_add(10);
        }
        KeyCode::Home | KeyCode::Char('g') => app.debrief_scroll = 0,
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
            app.set_status(
                format!(
                    "branched from {from} at {}: a new live session, recorded to {label}",
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

fn move_selection(app: &mut App, delta: isize) {
    app.board.move_selection(delta);
}

// ------------------------------------------------------------------ dialogs

fn on_modal_key(app: &mut App, key: KeyEvent) {
    let Some(top) = app.modals.last_mut() else {
        return;
    };
    match top {
        Modal::Help => {
            if matches!(
                key.code,
                KeyCode::Esc | KeyCode::Char('?' | 'q') | KeyCode::Enter
            ) {
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
    if app.session.mode() == Mode::Shadow {
        submit_prediction(app, text);
        return;
    }
    if text.is_empty() {
        return;
    }
    let command = match Command::parse(text) {
        Ok(c) => c,
        Err(e) => {
            let hint = e
                .suggestion
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            app.set_status(format!("`{text}`: {}{hint}", e.message), Tone::Danger);
            return;
        }
    };
    if let Input::Advance(ticks) = input_for(app.session.mode(), command.clone(), None) {
        advance(app, ticks);
        return;
    }
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
            app.set_status(format!("refused: {r}"), Tone::Danger);
            false
        }
    }
}

fn advance(app: &mut App, ticks: u64) {
    apply(app, Input::Advance(ticks), None);
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
    if !app.session.is_over() {
        app.session.finish();
        app.record();
        app.refresh_board();
    }
    enter_debrief(app);
}

fn enter_debrief(app: &mut App) {
    app.finish_journal();
    app.debrief = Some(Debrief::of(&app.session));
    app.screen = Screen::Debrief;
    app.modals.clear();
    app.debrief_scroll = 0;
}
