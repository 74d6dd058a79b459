//! The application state: which screen is up, the session behind it, the selection, the
//! command line, the feed filter, the stack of dialogs, and where the journal goes.
//!
//! [`App`] is plain data plus the session; [`update`](crate::update) changes it in
//! response to key events and [`view`](crate::view) draws it. Nothing here touches a
//! terminal or a file: journals are opened through a [`Recorder`] the binary supplies.

use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;
use std::sync::Arc;

use drillhall_engine::Command;
use drillhall_engine::Drill;
use drillhall_engine::Severity;
use drillhall_engine::Ticks;
use drillhall_engine::journal::{Journal, JournalSink, JournalWriter, Pause};
use drillhall_engine::{Assessment, Session};

use crate::board::Board;
use crate::command_line::CommandLine;
use crate::debrief::Debrief;
use crate::pane::Pane;
use crate::replay::ReplayState;
use crate::theme::{Theme, Tone};

/// Which screen is up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// Title, summary, objectives, mode and keys, before the clock starts.
    Briefing,
    /// The drill itself (in shadow mode, the expert plays and the trainee predicts).
    Drill,
    /// The after-action report.
    Debrief,
    /// A recorded session, scrubbed tick by tick.
    Replay,
}

/// Where typed keys go on the drill screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    /// Keys edit the command line (the default: the drill is driven by commands).
    Command,
    /// Keys move through the estate list and pick commands for the selected node.
    Navigate,
    /// `/` in the estate list: keys type a search of the ids, each key selecting the first
    /// match; Tab the next; Enter or Esc back to the list.
    Search,
}

/// The field of the confirmation dialog that has the keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfirmField {
    Confidence,
    Rollback,
}

/// The confirmation of a gated command: its tier and why, a confidence, and in supervised
/// modes a sign-off request with a rollback plan.
#[derive(Clone, Debug)]
pub struct Confirm {
    /// The command as typed (a `request-signoff` or the action itself).
    pub command: Command,
    /// The assessment of the action being decided (inside a `request-signoff`, its action).
    pub assessment: Assessment,
    /// Whether a confidence is asked (high tier).
    pub asks_confidence: bool,
    /// The stated confidence, 50..=100.
    pub confidence: u8,
    /// Whether the command must go through a sign-off request, with a rollback plan typed here.
    pub needs_signoff: bool,
    /// The rollback plan being typed.
    pub rollback: String,
    pub field: ConfirmField,
}

/// The instructor's queue of sign-off requests.
#[derive(Clone, Debug, Default)]
pub struct Review {
    /// Index into the pending requests.
    pub selected: usize,
    /// While answering: approve or reject, and the reason being typed.
    pub answer: Option<(bool, String)>,
}

/// The commands valid for the selected node, to pick from.
#[derive(Clone, Debug)]
pub struct ActionMenu {
    pub node: String,
    pub commands: Vec<String>,
    pub selected: usize,
}

/// A dialog over the current screen; the top of the stack has the keys.
#[derive(Clone, Debug)]
pub enum Modal {
    /// The keys of the current screen, the commands, and the legend of status marks.
    Help(Pane),
    Confirm(Confirm),
    Review(Review),
    Actions(ActionMenu),
    /// Guided mode: a hint is available at this penalty; show it?
    Hint {
        hint: u32,
        penalty: u32,
    },
    /// End of a session: quit, end the drill, or carry on.
    Quit,
    /// The access-review table of every visible node (`t` in the estate list).
    Table(crate::table::Table),
}

/// Which feed entries are shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FeedFilter {
    /// Only alerts and tickets at or above this severity.
    pub min_severity: Option<Severity>,
    /// Only entries about the selected node.
    pub selected_only: bool,
}

impl FeedFilter {
    /// The next severity threshold: all → low → medium → high → critical → all.
    pub fn cycle_severity(&mut self) {
        self.min_severity = match self.min_severity {
            None => Some(Severity::Low),
            Some(Severity::Info | Severity::Low) => Some(Severity::Medium),
            Some(Severity::Medium) => Some(Severity::High),
            Some(Severity::High) => Some(Severity::Critical),
            Some(Severity::Critical) => None,
        };
    }
}

/// The line under the panes: the outcome of the last input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub tone: Tone,
}

/// A journal opened for a session.
pub struct Opened {
    pub sink: Box<dyn JournalSink>,
    /// How to name it to the trainee (the path).
    pub label: String,
}

impl std::fmt::Debug for Opened {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Opened")
            .field("label", &self.label)
            .finish_non_exhaustive()
    }
}

/// Opens journals: one for the session being played, and one for each branch taken from
/// the replay viewer. The binary writes files; tests keep them in memory.
pub trait Recorder {
    /// A journal for `session`; `branch_at` is the tick a replay was branched at.
    fn open(&mut self, session: &Session, branch_at: Option<Ticks>) -> io::Result<Opened>;

    /// A new journal at `path` (the `save PATH` command: the trainee moves the recording
    /// elsewhere after a write fault). The app writes the whole session into it.
    fn save_as(&mut self, _session: &Session, path: &str) -> io::Result<Opened> {
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            format!("this recorder cannot save to {path}"),
        ))
    }
}

/// A shared in-memory buffer journals can be written to (tests, benchmarks).
#[derive(Clone, Debug, Default)]
pub struct SharedBuffer(pub Rc<RefCell<Vec<u8>>>);

impl SharedBuffer {
    /// What was written, as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.borrow()).into_owned()
    }
}

impl Write for SharedBuffer {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A recorder that keeps every journal in memory, labelled `memory:N`.
#[derive(Clone, Debug, Default)]
pub struct MemoryRecorder {
    /// The journals opened so far, in order.
    pub journals: Rc<RefCell<Vec<SharedBuffer>>>,
}

impl Recorder for MemoryRecorder {
    fn open(&mut self, _session: &Session, _branch_at: Option<Ticks>) -> io::Result<Opened> {
        let buffer = SharedBuffer::default();
        let mut journals = self.journals.borrow_mut();
        journals.push(buffer.clone());
        Ok(Opened {
            sink: Box::new(JournalWriter::new(buffer)),
            label: format!("memory:{}", journals.len()),
        })
    }

    fn save_as(&mut self, _session: &Session, path: &str) -> io::Result<Opened> {
        let buffer = SharedBuffer::default();
        self.journals.borrow_mut().push(buffer.clone());
        Ok(Opened {
            sink: Box::new(JournalWriter::new(buffer)),
            label: path.to_owned(),
        })
    }
}

/// How the app is set up beyond its session.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// `NO_COLOR`: no colour styles at all.
    pub no_color: bool,
    /// Colours for a light terminal background.
    pub light: bool,
}

impl Options {
    fn theme(self) -> Theme {
        let t = Theme::new(self.no_color);
        if self.light { t.light() } else { t }
    }
}

/// The wall clock pauses are measured with: time since the app started.
fn wall_clock() -> Box<dyn Fn() -> std::time::Duration> {
    let start = std::time::Instant::now();
    Box::new(move || start.elapsed())
}

/// The principal type of this crate: everything the screens show and the keys change.
pub struct App {
    pub(crate) session: Session,
    pub(crate) board: Board,
    pub(crate) screen: Screen,
    pub(crate) focus: Focus,
    pub(crate) line: CommandLine,
    pub(crate) modals: Vec<Modal>,
    pub(crate) filter: FeedFilter,
    pub(crate) status: Option<Status>,
    pub(crate) theme: Theme,
    pub(crate) recorder: Box<dyn Recorder>,
    pub(crate) journal: Option<Opened>,
    /// The last journal write that failed, shown until a write succeeds again.
    pub(crate) journal_fault: Option<String>,
    /// A signal cut the session short.
    pub(crate) interrupted: bool,
    pub(crate) replay: Option<ReplayState>,
    pub(crate) debrief: Option<Debrief>,
    /// Scroll position of the debrief.
    pub(crate) debrief_scroll: u16,
    /// The largest useful debrief scroll at the last frame's size: scrolling stops there.
    pub(crate) debrief_max: std::cell::Cell<u16>,
    /// The result pane over the panes: `help`, `help VERB`, an investigation's full result
    /// or a feed entry in full. The command line keeps the keys; PgUp/PgDn scroll it.
    pub(crate) result: Option<Pane>,
    /// How the clock moves, as `run` was told.
    pub(crate) pace: crate::Pace,
    /// Real time: the wall clock when the trainee paused the clock (F4), while paused.
    pub(crate) paused_since: Option<std::time::Duration>,
    /// The pauses taken so far (a resumed journal's included), for the journal and debrief.
    pub(crate) pauses: Vec<Pause>,
    /// Wall-clock time since some fixed moment: pauses are measured with it. The TUI is the
    /// edge where wall time may be read; the engine never sees it.
    pub(crate) wall: Box<dyn Fn() -> std::time::Duration>,
    /// The search typed after `/`, and how many ids match it.
    pub(crate) search: (String, usize),
    /// How many feed entries back from the newest the feed is scrolled (0: live).
    pub(crate) feed_scroll: usize,
    /// `paths ID --to TARGET`: the target the next `paths` result pane narrows to.
    pub(crate) result_to: Option<String>,
    pub(crate) quit: bool,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("screen", &self.screen)
            .field("tick", &self.session.tick())
            .field("focus", &self.focus)
            .field("modals", &self.modals.len())
            .finish_non_exhaustive()
    }
}

/// Why an app could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot open the journal: {0}")]
    Journal(#[from] io::Error),
    #[error("cannot replay the journal: {0}")]
    Replay(#[from] drillhall_engine::journal::ReplayError),
}

impl App {
    /// An app that plays `session` (fresh, at tick 0) from the briefing, recording it to a
    /// journal opened by `recorder`.
    pub fn new(
        session: Session,
        mut recorder: Box<dyn Recorder>,
        options: Options,
    ) -> Result<App, StartError> {
        let mut opened = recorder.open(&session, None)?;
        opened.sink.record(&session)?;
        Ok(App::on(
            session,
            Screen::Briefing,
            opened,
            recorder,
            options,
        ))
    }

    /// An app on `screen`, recording into `journal`, with nothing else open yet.
    fn on(
        session: Session,
        screen: Screen,
        journal: Opened,
        recorder: Box<dyn Recorder>,
        options: Options,
    ) -> App {
        let board = Board::new(session.view());
        App {
            session,
            board,
            screen,
            focus: Focus::Command,
            line: CommandLine::default(),
            modals: Vec::new(),
            filter: FeedFilter::default(),
            status: None,
            theme: options.theme(),
            recorder,
            journal: Some(journal),
            journal_fault: None,
            interrupted: false,
            replay: None,
            debrief: None,
            debrief_scroll: 0,
            debrief_max: std::cell::Cell::new(u16::MAX),
            result_to: None,
            result: None,
            feed_scroll: 0,
            search: (String::new(), 0),
            pace: crate::Pace::TurnBased,
            paused_since: None,
            pauses: Vec::new(),
            wall: wall_clock(),
            quit: false,
        }
    }

    /// An app that goes on with `session` (replayed from an unfinished journal) on the drill
    /// screen, recording into `journal`, which already holds every input so far.
    pub fn resume(
        session: Session,
        journal: Opened,
        recorder: Box<dyn Recorder>,
        options: Options,
    ) -> App {
        let mut app = App::on(session, Screen::Drill, journal, recorder, options);
        let inputs = app.session.inputs().len();
        let label = app.journal_label().unwrap_or_default().to_owned();
        app.set_status(
            format!(
                "resumed at {} with all {inputs} input(s) kept; recording goes on into {label}",
                drillhall_engine::format_clock(app.session.tick())
            ),
            Tone::Accent,
        );
        app
    }

    /// An app that opens the replay viewer on a recorded journal (`label` names it). The
    /// drill must be the one it was recorded on.
    pub fn replay(
        drill: &Arc<Drill>,
        journal: Journal,
        label: &str,
        recorder: Box<dyn Recorder>,
        options: Options,
    ) -> Result<App, StartError> {
        let state = ReplayState::new(drill, journal, label)?;
        let session = state.session_at(0);
        let board = Board::new(session.view());
        Ok(App {
            session,
            board,
            screen: Screen::Replay,
            focus: Focus::Navigate,
            line: CommandLine::default(),
            modals: Vec::new(),
            filter: FeedFilter::default(),
            status: None,
            theme: options.theme(),
            recorder,
            journal: None,
            journal_fault: None,
            interrupted: false,
            replay: Some(state),
            debrief: None,
            debrief_scroll: 0,
            debrief_max: std::cell::Cell::new(u16::MAX),
            result_to: None,
            result: None,
            feed_scroll: 0,
            search: (String::new(), 0),
            pace: crate::Pace::TurnBased,
            paused_since: None,
            pauses: Vec::new(),
            wall: wall_clock(),
            quit: false,
        })
    }

    /// The screen that is up.
    pub fn screen(&self) -> Screen {
        self.screen
    }

    /// The session being played (in the replay viewer: the state at the cursor).
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Rebuilds the board from a fresh view of the session: after every input.
    pub(crate) fn refresh_board(&mut self) {
        self.board.refresh(self.session.view());
    }

    /// The drill being played.
    pub fn drill(&self) -> &Drill {
        self.session.drill()
    }

    /// Where keys go on the drill screen.
    pub fn focus(&self) -> Focus {
        self.focus
    }

    /// The dialogs open, bottom first.
    pub fn modals(&self) -> &[Modal] {
        &self.modals
    }

    /// The outcome of the last input, as shown under the panes.
    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref()
    }

    /// The command line.
    pub fn command_line(&self) -> &CommandLine {
        &self.line
    }

    /// The result pane, when one is open over the panes.
    pub fn result(&self) -> Option<&Pane> {
        self.result.as_ref()
    }

    /// How the clock moves.
    pub fn pace(&self) -> crate::Pace {
        self.pace
    }

    /// Sets how the clock moves (the event loop does, and tests of real time).
    pub fn set_pace(&mut self, pace: crate::Pace) {
        self.pace = pace;
    }

    /// Whether the trainee paused a real-time clock.
    pub fn is_paused(&self) -> bool {
        self.paused_since.is_some()
    }

    /// The pauses taken so far, a resumed journal's first.
    pub fn pauses(&self) -> &[Pause] {
        &self.pauses
    }

    /// Keeps the pauses a resumed journal recorded, so the debrief shows them all.
    pub fn keep_pauses(&mut self, pauses: Vec<Pause>) {
        self.pauses = pauses;
    }

    /// Measures pauses with `clock` instead of the wall clock (tests).
    pub fn set_wall_clock(&mut self, clock: impl Fn() -> std::time::Duration + 'static) {
        self.wall = Box::new(clock);
    }

    /// F4: pauses a running clock, or runs a paused one again and records the pause, which
    /// it returns.
    pub(crate) fn toggle_pause(&mut self) -> Option<Pause> {
        if self.is_paused() {
            return self.end_pause();
        }
        self.paused_since = Some((self.wall)());
        None
    }

    /// Ends a pause in progress: it goes into the journal and the list. Returns it.
    pub(crate) fn end_pause(&mut self) -> Option<Pause> {
        let since = self.paused_since.take()?;
        let pause = Pause {
            tick: self.session.tick(),
            seconds: (self.wall)().saturating_sub(since).as_secs(),
        };
        self.pauses.push(pause);
        if let Some(j) = &mut self.journal
            && let Err(e) = j.sink.pause(&self.session, pause)
        {
            self.journal_fault = Some(format!(
                "the journal {} could not be written: {e} — the drill goes on in memory; `save PATH` records it elsewhere",
                j.label
            ));
        }
        Some(pause)
    }

    /// The `/` search of the estate list and how many ids match it.
    pub fn search(&self) -> (&str, usize) {
        (&self.search.0, self.search.1)
    }

    /// How far back the feed is scrolled, in entries (0: the newest is at the top).
    pub fn feed_scroll(&self) -> usize {
        self.feed_scroll
    }

    /// The estate list and selection.
    pub fn board(&self) -> &Board {
        &self.board
    }

    /// How far the debrief is scrolled, in rows.
    pub fn debrief_scroll(&self) -> u16 {
        self.debrief_scroll
    }

    /// The debrief, once the drill is over.
    pub fn debrief(&self) -> Option<&Debrief> {
        self.debrief.as_ref()
    }

    /// The replay viewer's state, on the replay screen.
    pub fn replay_state(&self) -> Option<&ReplayState> {
        self.replay.as_ref()
    }

    /// The label (path) of the journal the session is recorded to.
    pub fn journal_label(&self) -> Option<&str> {
        self.journal.as_ref().map(|j| j.label.as_str())
    }

    /// The last journal write that failed, while it has not been written since: the
    /// session goes on in memory and `save PATH` records it elsewhere.
    pub fn journal_fault(&self) -> Option<&str> {
        self.journal_fault.as_deref()
    }

    /// Whether a signal cut the session short ([`App::interrupt`]).
    pub fn was_interrupted(&self) -> bool {
        self.interrupted
    }

    /// A signal arrived: the journal is closed with an end line that says so, and the app
    /// quits.
    pub fn interrupt(&mut self) {
        self.interrupted = true;
        if let Some(j) = &mut self.journal {
            j.sink.mark_interrupted();
        }
        self.finish_journal();
        self.quit = true;
    }

    /// Moves the recording to a new journal at `path` and writes the whole session into
    /// it; the old journal is left as it is.
    pub(crate) fn save_as(&mut self, path: &str) {
        if self.journal.is_none() {
            self.set_status("nothing is being recorded here", Tone::Warn);
            return;
        }
        let opened = self
            .recorder
            .save_as(&self.session, path)
            .and_then(|mut opened| {
                opened.sink.record(&self.session)?;
                // Every input is written first, so earlier pauses follow them here.
                for p in &self.pauses {
                    opened.sink.pause(&self.session, *p)?;
                }
                Ok(opened)
            });
        match opened {
            Ok(opened) => {
                self.set_status(
                    format!("session saved to {}; recording goes on there", opened.label),
                    Tone::Good,
                );
                self.journal = Some(opened);
                self.journal_fault = None;
            }
            Err(e) => self.set_status(format!("cannot save to {path}: {e}"), Tone::Danger),
        }
    }

    /// Whether the app has been asked to quit.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    /// The theme.
    pub fn theme(&self) -> Theme {
        self.theme
    }

    /// Writes inputs not yet in the journal; on failure the status says so and the drill
    /// goes on (the session itself is intact).
    pub(crate) fn record(&mut self) {
        let Some(j) = &mut self.journal else { return };
        match j.sink.record(&self.session) {
            Err(e) => {
                self.journal_fault = Some(format!(
                    "the journal {} could not be written: {e} — the drill goes on in memory; `save PATH` records it elsewhere",
                    j.label
                ));
            }
            Ok(()) => {
                if self.journal_fault.take().is_some() {
                    let text = format!("the journal {} is written again", j.label);
                    self.set_status(text, Tone::Good);
                }
            }
        }
    }

    /// Writes the journal's end line (after the pause in progress, if any).
    pub(crate) fn finish_journal(&mut self) {
        self.end_pause();
        let Some(j) = &mut self.journal else { return };
        match j.sink.finish(&self.session) {
            Err(e) => {
                self.journal_fault = Some(format!(
                    "the journal {} could not be finished: {e} — `save PATH` records it elsewhere",
                    j.label
                ));
            }
            Ok(()) => self.journal_fault = None,
        }
    }

    pub(crate) fn set_status(&mut self, text: impl Into<String>, tone: Tone) {
        self.status = Some(Status {
            text: text.into(),
            tone,
        });
    }
}
