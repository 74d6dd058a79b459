//! The drillhall terminal UI: briefing, drill, debrief and the replay viewer, on ratatui.
//!
//! The principal type in this crate is an [`App`]: the state of one session on screen
//! (the [`Session`](drillhall_engine::Session), the selection, the command line, the feed
//! filter, the dialogs). It follows the Elm shape that ratatui's own apps use:
//!
//! - state: [`App`] ([`app`]), with the estate list in [`board`] and the command line in
//!   [`command_line`];
//! - update: [`update()`] turns a [`Msg`] (a key press, a resize, a real-time tick) into a
//!   change of state and an [`Effect`];
//! - view: [`view()`] draws the state into a frame and changes nothing.
//!
//! Tests drive the app with key events alone and draw it on a `TestBackend`. [`run`] is the
//! small loop that connects the three to a real terminal, which it restores on every way
//! out, a panic included (`ratatui::init` installs the hook), and SIGTERM, SIGHUP and SIGINT
//! too: they close the journal with an end line marked `interrupted`.

pub mod app;
pub mod board;
pub mod command_line;
pub mod debrief;
pub mod durable;
mod help;
pub mod pane;
pub mod replay;
mod results;
pub mod table;
pub mod theme;
mod update;
mod view;

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self, Event};

/// The ratatui this crate draws with, for tests and benchmarks that draw frames.
pub use ratatui;

pub use app::{
    App, Focus, MemoryRecorder, Modal, Opened, Options, Recorder, Screen, SharedBuffer, StartError,
};
pub use durable::DurableJournal;
pub use pane::Pane;
pub use update::{DEFAULT_CONFIDENCE, Effect, Msg, commands_for, update};
pub use view::{WIDE, mentions, view};

/// The example `help VERB` shows on the app's estate, for a verb of the grammar.
pub fn help_example(app: &App, verb: &str) -> Option<String> {
    drillhall_engine::command::help(verb).map(|h| help::example(app.board().view(), h))
}

/// How the clock moves while the app runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Pace {
    /// Time moves only on commands and `wait` (the default).
    #[default]
    TurnBased,
    /// One tick passes every this long of wall-clock time, as well.
    RealTime(Duration),
}

/// A wall-clock period as the briefing and header say it: `2s`, `0.5s`.
pub fn pace_word(d: Duration) -> String {
    let ms = d.as_millis();
    if ms.is_multiple_of(1000) {
        format!("{}s", ms / 1000)
    } else {
        let s = format!("{}.{:03}", ms / 1000, ms % 1000);
        format!("{}s", s.trim_end_matches('0'))
    }
}

/// Runs the app on the terminal until it quits: draw, read an event, update. The terminal
/// is restored on every exit path, errors and panics included.
pub fn run(app: &mut App, pace: Pace) -> io::Result<()> {
    app.set_pace(pace);
    // `try_init` installs the panic hook that restores the terminal before it does anything
    // else; if it fails half-way (raw mode on, no alternate screen) the restore undoes it.
    let mut terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            let _ = ratatui::try_restore();
            return Err(e);
        }
    };
    let signalled = Arc::new(AtomicBool::new(false));
    let hooks = match watch_signals(&signalled) {
        Ok(hooks) => hooks,
        Err(e) => {
            let _ = ratatui::try_restore();
            return Err(e);
        }
    };
    let result = event_loop(&mut terminal, app, pace, &signalled);
    for id in hooks {
        signal_hook::low_level::unregister(id);
    }
    let restored = ratatui::try_restore();
    result.and(restored)
}

/// How often the loop looks for a signal while it waits for a key.
const SIGNAL_POLL: Duration = Duration::from_millis(100);

/// Sets `flag` on SIGTERM, SIGHUP or SIGINT (raw mode turns Ctrl-C into a key, so SIGINT
/// comes from `kill`); the event loop sees it within [`SIGNAL_POLL`].
#[cfg(unix)]
fn watch_signals(flag: &Arc<AtomicBool>) -> io::Result<Vec<signal_hook::SigId>> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    [SIGTERM, SIGHUP, SIGINT]
        .into_iter()
        .map(|sig| signal_hook::flag::register(sig, Arc::clone(flag)))
        .collect()
}

#[cfg(not(unix))]
fn watch_signals(flag: &Arc<AtomicBool>) -> io::Result<Vec<signal_hook::SigId>> {
    use signal_hook::consts::{SIGINT, SIGTERM};
    [SIGTERM, SIGINT]
        .into_iter()
        .map(|sig| signal_hook::flag::register(sig, Arc::clone(flag)))
        .collect()
}

/// The next event, or `None` when `within` passed first; a signal ends the wait early.
///
/// A terminal that hangs up (its window closed, its tmux server killed) sends SIGHUP, which
/// sets `signalled`. Crossterm's default reader would never let the loop see it: on a hung-up
/// terminal every read returns end-of-file and its read loop spins on them forever, at full
/// CPU and deaf to every signal. The `use-dev-tty` reader this crate turns on returns at its
/// timeout instead, and a standard input that is no longer a terminal counts as a signal.
fn next_event(within: Option<Duration>, signalled: &AtomicBool) -> io::Result<Option<Event>> {
    use std::io::IsTerminal as _;
    let deadline = within.map(|d| Instant::now() + d);
    loop {
        if !io::stdin().is_terminal() {
            signalled.store(true, Ordering::Relaxed);
        }
        if signalled.load(Ordering::Relaxed) {
            return Ok(None);
        }
        let wait = deadline.map_or(SIGNAL_POLL, |d| {
            d.saturating_duration_since(Instant::now()).min(SIGNAL_POLL)
        });
        if event::poll(wait)? {
            return event::read().map(Some);
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            return Ok(None);
        }
    }
}

fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
    pace: Pace,
    signalled: &AtomicBool,
) -> io::Result<()> {
    let mut next_tick = match pace {
        Pace::TurnBased => None,
        Pace::RealTime(d) => Some(Instant::now() + d),
    };
    loop {
        terminal.draw(|frame| view(app, frame))?;
        let within = next_tick.map(|due| due.saturating_duration_since(Instant::now()));
        let event = next_event(within, signalled)?;
        if signalled.load(Ordering::Relaxed) {
            app.interrupt();
            return Ok(());
        }
        let msg = match (event, pace) {
            (Some(e), _) => translate(&e),
            (None, Pace::RealTime(period)) => {
                next_tick = Some(Instant::now() + period);
                Some(Msg::Tick)
            }
            (None, Pace::TurnBased) => None,
        };
        if let Some(msg) = msg
            && update(app, msg) == Effect::Quit
        {
            return Ok(());
        }
    }
}

fn translate(e: &Event) -> Option<Msg> {
    match e {
        Event::Key(k) => Some(Msg::Key(*k)),
        Event::Resize(width, height) => Some(Msg::Resize {
            width: *width,
            height: *height,
        }),
        _ => None,
    }
}
