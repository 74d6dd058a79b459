//! A journal that survives write faults: whole lines, retried, never repeated.
//!
//! The principal type is a [`DurableJournal`]: a [`JournalSink`] over any `io::Write` (a
//! file). The engine's [`JournalWriter`] serialises lines into an in-memory outbox, and the
//! outbox is drained to the file after every input. A write that fails (a full disk, a
//! revoked permission) keeps the bytes not yet acknowledged by the file at the front of the
//! outbox and reports the error; the next input retries from exactly there. So a line is
//! never written twice, and once the fault clears the file holds every input in order and
//! replays. The session itself lives in memory throughout.

use std::cell::RefCell;
use std::io::{self, Write};
use std::rc::Rc;

use drillhall_engine::Session;
use drillhall_engine::journal::{JournalSink, JournalWriter, Pause};

/// Lines serialised but not yet acknowledged by the file, oldest first.
#[derive(Clone, Debug, Default)]
struct Outbox(Rc<RefCell<Vec<u8>>>);

impl Write for Outbox {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        // Lines leave the outbox in `DurableJournal::drain`, where a failure can be retried.
        Ok(())
    }
}

/// A journal sink that writes whole lines to `out` and retries what the file did not take.
#[derive(Debug)]
pub struct DurableJournal<W: Write> {
    lines: JournalWriter<Outbox>,
    outbox: Outbox,
    out: W,
}

impl<W: Write> DurableJournal<W> {
    /// A journal written to `out`; nothing is written until the first record.
    pub fn new(out: W) -> DurableJournal<W> {
        let outbox = Outbox::default();
        DurableJournal {
            lines: JournalWriter::new(outbox.clone()),
            outbox,
            out,
        }
    }

    /// A journal going on in `out`, which already holds `session`'s header and inputs (a
    /// journal reopened to resume): only inputs given from now on are written.
    pub fn resuming(out: W, session: &Session) -> DurableJournal<W> {
        let outbox = Outbox::default();
        DurableJournal {
            lines: JournalWriter::resuming(outbox.clone(), session),
            outbox,
            out,
        }
    }

    /// Bytes serialised but not yet written (non-zero while a fault lasts).
    pub fn pending(&self) -> usize {
        self.outbox.0.borrow().len()
    }

    /// The file, borrowed.
    pub fn get_ref(&self) -> &W {
        &self.out
    }

    /// Records a score in the end line.
    pub fn set_score(&mut self, points: u32) {
        self.lines.set_score(points);
    }

    /// Writes the outbox to the file, dropping from it only the bytes the file took.
    fn drain(&mut self) -> io::Result<()> {
        let mut pending = self.outbox.0.borrow_mut();
        while !pending.is_empty() {
            match self.out.write(&pending) {
                Ok(0) => {
                    return Err(io::Error::new(
                        io::ErrorKind::WriteZero,
                        "the journal file accepts no more bytes",
                    ));
                }
                Ok(n) => {
                    let taken = n.min(pending.len());
                    pending.drain(..taken);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        self.out.flush()
    }
}

impl<W: Write> JournalSink for DurableJournal<W> {
    fn record(&mut self, session: &Session) -> io::Result<()> {
        self.lines.record(session)?;
        self.drain()
    }

    fn finish(&mut self, session: &Session) -> io::Result<()> {
        self.lines.finish(session)?;
        self.drain()
    }

    fn mark_interrupted(&mut self) {
        self.lines.mark_interrupted();
    }

    fn pause(&mut self, session: &Session, pause: Pause) -> io::Result<()> {
        self.lines.pause(session, pause)?;
        self.drain()
    }
}

/// A writer for tests that takes `capacity` bytes, then fails until given more room.
#[derive(Clone, Debug, Default)]
pub struct FaultyFile {
    /// Everything the file has accepted.
    pub written: Rc<RefCell<Vec<u8>>>,
    /// How many more bytes it accepts before failing with "no space left".
    pub room: Rc<RefCell<usize>>,
}

impl FaultyFile {
    /// A file with room for `bytes` bytes.
    pub fn with_room(bytes: usize) -> FaultyFile {
        let f = FaultyFile::default();
        *f.room.borrow_mut() = bytes;
        f
    }

    /// What it holds, as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.written.borrow()).into_owned()
    }
}

impl Write for FaultyFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut room = self.room.borrow_mut();
        if *room == 0 {
            return Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "no space left on device",
            ));
        }
        let n = buf.len().min(*room);
        *room -= n;
        self.written
            .borrow_mut()
            .extend_from_slice(buf.get(..n).unwrap_or_default());
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
