//! A journal that cannot be written: the fault is shown at once and stays, the drill goes on
//! in memory, nothing is written twice, `save PATH` records elsewhere, and a signal closes
//! the journal with an end line that says so.

mod common;

use std::io;

use common::*;
use drillhall_engine::Session;
use drillhall_engine::Ticks;
use drillhall_engine::journal::{Journal, replay};
use drillhall_tui::durable::FaultyFile;
use drillhall_tui::{App, DurableJournal, Opened, Options, Recorder, Screen};
use ratatui::crossterm::event::KeyCode;

/// Opens every journal on one faulty file.
struct FaultyRecorder(FaultyFile);

impl Recorder for FaultyRecorder {
    fn open(&mut self, _session: &Session, _branch_at: Option<Ticks>) -> io::Result<Opened> {
        Ok(Opened {
            sink: Box::new(DurableJournal::new(self.0.clone())),
            label: "drill.jsonl".into(),
        })
    }
}

/// An app past the briefing whose journal file has room for `room` bytes.
fn app_on(room: usize) -> (App, FaultyFile) {
    let file = FaultyFile::with_room(room);
    let sc = scenario();
    let session = Session::with_default_mode(&sc, SEED);
    let mut app = App::new(
        session,
        Box::new(FaultyRecorder(file.clone())),
        Options::default(),
    )
    .expect("the header fits");
    press(&mut app, KeyCode::Enter);
    (app, file)
}

#[test]
fn a_full_disk_is_shown_at_once_stays_visible_and_the_journal_replays_once_room_is_made() {
    // Room for the header and a few bytes of the first input: the disk fills mid-line.
    let header_len = {
        let (_, f) = app_on(usize::MAX);
        f.written.borrow().len()
    };
    let (mut a, file) = app_on(header_len + 10);
    command(&mut a, "logs tok-deploy");
    let fault = a.journal_fault().expect("the failed write is reported");
    assert!(fault.contains("no space left"), "{fault}");
    assert!(screen(&a, 120, 30).contains("could not be written"));

    // The next input's status does not hide the fault, and the drill goes on in memory.
    command(&mut a, "wait 5m");
    assert!(a.journal_fault().is_some());
    let shown = screen(&a, 120, 30);
    assert!(shown.contains("could not be written"), "{shown}");
    assert_eq!(a.session().inputs().len(), 2);

    // Room is made: the next write catches up and the fault row goes.
    *file.room.borrow_mut() = usize::MAX;
    command(&mut a, "wait 5m");
    assert!(a.journal_fault().is_none());

    press(&mut a, KeyCode::Esc);
    press(&mut a, KeyCode::Char('q'));
    press(&mut a, KeyCode::Char('e'));
    assert_eq!(a.screen(), Screen::Debrief);

    let text = file.text();
    let lines: Vec<&str> = text.lines().collect();
    let mut unique = lines.clone();
    unique.dedup();
    assert_eq!(lines, unique, "no line is written twice");
    let (journal, warning) = Journal::parse(&text).expect("the journal parses");
    assert!(warning.is_none(), "every line is whole");
    assert_eq!(journal.inputs.len(), a.session().inputs().len());
    let outcome = replay(&scenario(), &journal).expect("it replays");
    assert!(outcome.verified);
    assert_eq!(outcome.digest, a.session().digest());
}

#[test]
fn save_moves_the_recording_to_a_new_journal_holding_the_whole_session() {
    let (mut a, recorder) = app_with(None, false, false);
    press(&mut a, KeyCode::Enter);
    command(&mut a, "logs tok-deploy");
    command(&mut a, "save elsewhere.jsonl");
    assert_eq!(a.journal_label(), Some("elsewhere.jsonl"));
    assert!(
        a.status()
            .unwrap()
            .text
            .contains("saved to elsewhere.jsonl")
    );
    command(&mut a, "wait 5m");
    let saved = recorder.journals.borrow()[1].text();
    let (journal, _) = Journal::parse(&saved).expect("the saved journal parses");
    assert_eq!(
        journal.inputs.len(),
        2,
        "the input before the save and the one after"
    );
    // `save` is the app's own command, never an input of the drill.
    assert_eq!(a.session().inputs().len(), 2);
}

#[test]
fn a_bare_save_asks_where_and_changes_nothing() {
    let (mut a, recorder) = app_with(None, false, false);
    press(&mut a, KeyCode::Enter);
    command(&mut a, "save   ");
    assert!(a.status().unwrap().text.contains("save where?"));
    assert_eq!(recorder.journals.borrow().len(), 1);
    assert_eq!(a.journal_label(), Some("memory:1"));
}

#[test]
fn a_signal_closes_the_journal_with_an_interrupted_end_line() {
    let (mut a, recorder) = app_with(None, false, false);
    press(&mut a, KeyCode::Enter);
    command(&mut a, "logs tok-deploy");
    a.interrupt();
    assert!(a.should_quit());
    assert!(a.was_interrupted());
    let text = recorder.journals.borrow()[0].text();
    assert!(
        text.lines()
            .last()
            .unwrap()
            .contains("\"interrupted\":true")
    );
    let (journal, _) = Journal::parse(&text).unwrap();
    let end = journal.end.expect("an end line");
    assert!(end.interrupted);
    assert_eq!(journal.inputs.len(), 1);
}
