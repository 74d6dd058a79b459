//! Journals: a session's inputs as JSON Lines, written as they happen, and replayed.
//!
//! ```text
//! {"type":"header","format":"drillhall-journal/2","scenario":"leaked-ci-deploy-token","scenario_sha256":"…","seed":7,"mode":"reviewed","engine":"0.1.0"}
//! {"type":"input","index":0,"tick":0,"advance":12}
//! {"type":"input","index":1,"tick":12,"command":"declare-incident sev2","data":{"verb":"declare-incident","severity":"sev2"}}
//! {"type":"input","index":2,"tick":13,"command":"request-signoff \"rotate tok-deploy --grace 5m\" --rollback \"…\"","data":{"verb":"request-signoff","action":{"verb":"rotate","credential":"tok-deploy","grace":5},"rollback":"…"},"confidence":85}
//! {"type":"end","tick":240,"digest":"…","events":97,"objectives":{"contain":"met"},"score":92,"event_hashes":["1f0c…",…]}
//! ```
//!
//! Every line is written and flushed at once, so a crash loses nothing but the line being
//! written. An input line that carries a command (`command`, or `predict` in shadow mode)
//! stores it twice: as the text people read and as data (`data`: the verb and its fields,
//! as [`Command`] serialises). Reading takes the data when it is there, so a command whose
//! text would not parse back (a journal edited by hand, a grammar that changed) still
//! replays as it was given; the text alone is read only in journals without `data`.
//!
//! The end line carries the digest of the session ([`Session::digest`]: the header's
//! scenario, hash, seed, mode, engine version and reviewer setting, then the event log),
//! the objectives' states, the score when the recorder computed one
//! ([`JournalWriter::set_score`]) and, to name the first differing event when a replay
//! diverges, the first 8 hex digits of the SHA-256 of every event's canonical line
//! (`event_hashes`, one per event, in order). None of it is trusted: [`replay`] recomputes
//! every field and fails on the first that differs. Input lines may also carry `hint`,
//! `predict`, `decide`/`approve`/`reason`, and `rejected: true` for a scripted command that
//! was refused and recorded as `command-rejected`. An end line written after SIGTERM,
//! SIGHUP or SIGINT carries `interrupted: true`.
//!
//! ## Pauses
//!
//! A real-time drill the trainee paused (F4 in the TUI) has a line for each pause, written
//! when the clock runs again: `{"type":"pause","tick":42,"seconds":95}`, the drill tick it
//! was paused at and the wall-clock seconds it stayed paused. Wall time is the front end's
//! to measure; the engine never reads a clock. A pause is not an input: [`replay`] skips
//! it and the digest does not cover it, so a journal replays to the same digest with its
//! pause lines or without them. The reader keeps them ([`Journal::pauses`]) for the
//! debrief, and a resumed journal keeps them as it appends.
//!
//! ## Journals of other engines
//!
//! A journal records the engine that wrote it. One written by another engine version, or in
//! format `drillhall-journal/1` (engine 0.1: positional dice, and a digest of the event log
//! alone), cannot reproduce its digest here: its draws and its digest are another engine's.
//! [`replay`] still reads it and re-runs every input under this engine, refused commands
//! recorded and the run going on as a script's would, and reports it as re-run
//! ([`ReplayOutcome::rerun`]) rather than verified. Writing the re-run session with a
//! [`JournalWriter`] moves a golden session to this engine.

// The journal reader takes text from files: no indexing that can panic on it.
#![cfg_attr(not(test), warn(clippy::indexing_slicing))]

use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use drillhall_estate::Ticks;
use drillhall_scenario::Drill;
use drillhall_scenario::command::Command;
use drillhall_scenario::drill::Mode;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::ENGINE_VERSION;
use crate::event::Event;
use crate::session::{Input, InputRecord, Session, SessionOptions};

/// The journal format this engine writes.
pub const FORMAT: &str = "drillhall-journal/2";

/// The format engine 0.1 wrote: commands as text only, a digest of the event log alone.
pub const FORMAT_V1: &str = "drillhall-journal/1";

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_false(b: &bool) -> bool {
    !*b
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_true(b: &bool) -> bool {
    *b
}

fn yes() -> bool {
    true
}

/// One line of a journal, as JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
enum Line {
    Header {
        format: String,
        scenario: String,
        scenario_sha256: String,
        seed: u64,
        mode: Mode,
        engine: String,
        /// Absent (true) unless an instructor answered sign-offs by hand.
        #[serde(default = "yes", skip_serializing_if = "is_true")]
        simulated_reviewer: bool,
    },
    Input {
        index: u32,
        tick: Ticks,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        command: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        predict: Option<String>,
        /// The command of `command` or `predict`, as data: what reading uses.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        data: Option<Command>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        confidence: Option<u8>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        advance: Option<Ticks>,
        #[serde(default, skip_serializing_if = "is_false")]
        hint: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        decide: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        approve: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        #[serde(default, skip_serializing_if = "is_false")]
        rejected: bool,
    },
    /// The clock was paused at drill tick `tick` for `seconds` of wall-clock time.
    Pause { tick: Ticks, seconds: u64 },
    End {
        tick: Ticks,
        digest: String,
        events: usize,
        objectives: IndexMap<String, String>,
        /// The score out of 100, when the recorder computed one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        score: Option<u32>,
        event_hashes: Vec<String>,
        /// Present (true) when the session was cut short by a signal.
        #[serde(default, skip_serializing_if = "is_false")]
        interrupted: bool,
    },
}

fn input_line(r: &InputRecord) -> Line {
    let (mut command, mut predict, mut data, mut confidence) = (None, None, None, None);
    let (mut advance, mut hint) = (None, false);
    let (mut decide, mut approve, mut reason) = (None, None, None);
    match &r.input {
        Input::Command {
            command: c,
            confidence: k,
        } => {
            command = Some(c.to_string());
            data = Some(c.clone());
            confidence = *k;
        }
        Input::Advance(n) => advance = Some(*n),
        Input::Hint => hint = true,
        Input::Predict(c) => {
            predict = Some(c.to_string());
            data = Some(c.clone());
        }
        Input::Decide {
            request,
            approve: a,
            reason: why,
        } => {
            decide = Some(*request);
            approve = Some(*a);
            reason = Some(why.clone());
        }
    }
    Line::Input {
        index: r.index,
        tick: r.tick,
        command,
        predict,
        data,
        confidence,
        advance,
        hint,
        decide,
        approve,
        reason,
        rejected: r.rejected.is_some(),
    }
}

/// The session's setup as the digest covers it: one canonical JSON line, fields in a fixed
/// order (the journal header's, without its format).
#[derive(Serialize)]
struct DigestHeader<'a> {
    scenario: &'a str,
    scenario_sha256: &'a str,
    seed: u64,
    mode: Mode,
    engine: &'a str,
    simulated_reviewer: bool,
}

/// The first line [`Session::digest`] hashes, before the event log.
pub(crate) fn digest_header(session: &Session) -> String {
    serde_json::to_string(&DigestHeader {
        scenario: session.scenario_id(),
        scenario_sha256: session.scenario_sha256(),
        seed: session.seed(),
        mode: session.mode(),
        engine: ENGINE_VERSION,
        simulated_reviewer: session.options().simulated_reviewer,
    })
    .expect("a header of strings, numbers and a mode serialises")
}

/// Something that records a session's inputs as they happen (a [`JournalWriter`]).
pub trait JournalSink {
    /// Writes the header (the first time) and every input not written yet.
    fn record(&mut self, session: &Session) -> io::Result<()>;
    /// Writes what is left and the end line.
    fn finish(&mut self, session: &Session) -> io::Result<()>;
    /// Marks the end line, written by [`JournalSink::finish`], as that of a session cut
    /// short (a signal); a sink that has no end line ignores it.
    fn mark_interrupted(&mut self) {}
    /// Writes every input not written yet, then a pause line: the trainee paused the
    /// real-time clock at `pause.tick` for `pause.seconds` (module doc, *Pauses*).
    fn pause(&mut self, session: &Session, pause: Pause) -> io::Result<()>;
}

/// A pause of a real-time drill: the drill tick the clock was paused at and the wall-clock
/// seconds it stayed paused. Not an input: replay skips it (module doc, *Pauses*).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub tick: Ticks,
    pub seconds: u64,
}

/// Writes a journal line by line to any `io::Write`, flushing after each line.
#[derive(Debug)]
pub struct JournalWriter<W: Write> {
    out: W,
    header_written: bool,
    inputs_written: usize,
    finished: bool,
    score: Option<u32>,
    interrupted: bool,
}

impl<W: Write> JournalWriter<W> {
    /// A writer; nothing is written until the first [`JournalSink::record`].
    pub fn new(out: W) -> JournalWriter<W> {
        JournalWriter {
            out,
            header_written: false,
            inputs_written: 0,
            finished: false,
            score: None,
            interrupted: false,
        }
    }

    /// A writer that goes on with a journal already holding `session`'s header and every
    /// input so far (a journal reopened to resume its session): the next
    /// [`JournalSink::record`] appends only the inputs given from now on.
    pub fn resuming(out: W, session: &Session) -> JournalWriter<W> {
        JournalWriter {
            header_written: true,
            inputs_written: session.inputs().len(),
            ..JournalWriter::new(out)
        }
    }

    /// Records a score (out of 100) in the end line, written by [`JournalSink::finish`].
    pub fn set_score(&mut self, points: u32) {
        self.score = Some(points);
    }

    /// The underlying writer.
    pub fn into_inner(self) -> W {
        self.out
    }

    /// The underlying writer, borrowed.
    pub fn get_ref(&self) -> &W {
        &self.out
    }

    fn write_line(&mut self, line: &Line) -> io::Result<()> {
        let mut text = serde_json::to_string(line).map_err(io::Error::other)?;
        text.push('\n');
        self.out.write_all(text.as_bytes())?;
        self.out.flush()
    }
}

impl<W: Write> JournalSink for JournalWriter<W> {
    fn record(&mut self, session: &Session) -> io::Result<()> {
        if !self.header_written {
            let header = Line::Header {
                format: FORMAT.to_owned(),
                scenario: session.scenario_id().to_owned(),
                scenario_sha256: session.scenario_sha256().to_owned(),
                seed: session.seed(),
                mode: session.mode(),
                engine: ENGINE_VERSION.to_owned(),
                simulated_reviewer: session.options().simulated_reviewer,
            };
            self.write_line(&header)?;
            self.header_written = true;
        }
        let inputs = session.inputs();
        while let Some(input) = inputs.get(self.inputs_written) {
            let line = input_line(input);
            self.write_line(&line)?;
            self.inputs_written += 1;
        }
        Ok(())
    }

    fn finish(&mut self, session: &Session) -> io::Result<()> {
        self.record(session)?;
        if self.finished {
            return Ok(());
        }
        let end = Line::End {
            tick: session.tick(),
            digest: session.digest(),
            events: session.events().len(),
            objectives: session
                .objectives()
                .into_iter()
                .map(|o| (o.id, o.state.word().to_owned()))
                .collect(),
            score: self.score,
            event_hashes: session.event_hashes(),
            interrupted: self.interrupted,
        };
        self.write_line(&end)?;
        self.finished = true;
        Ok(())
    }

    fn mark_interrupted(&mut self) {
        self.interrupted = true;
    }

    fn pause(&mut self, session: &Session, pause: Pause) -> io::Result<()> {
        self.record(session)?;
        self.write_line(&Line::Pause {
            tick: pause.tick,
            seconds: pause.seconds,
        })
    }
}

/// The header of a journal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    pub format: String,
    pub scenario: String,
    pub scenario_sha256: String,
    pub seed: u64,
    pub mode: Mode,
    pub engine: String,
    pub simulated_reviewer: bool,
}

/// One recorded input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JournalInput {
    /// 1-based line number in the journal.
    pub line: usize,
    pub index: u32,
    pub tick: Ticks,
    pub input: Input,
    /// A scripted command that was refused and recorded as `command-rejected`.
    pub rejected: bool,
}

/// The end line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct End {
    pub line: usize,
    pub tick: Ticks,
    pub digest: String,
    pub events: usize,
    pub objectives: IndexMap<String, String>,
    /// The score out of 100, when recorded.
    pub score: Option<u32>,
    pub event_hashes: Vec<String>,
    /// The session was cut short by a signal.
    pub interrupted: bool,
}

/// A parsed journal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Journal {
    pub header: Header,
    pub inputs: Vec<JournalInput>,
    /// The pauses of a real-time drill, in the order written (replay skips them).
    pub pauses: Vec<Pause>,
    /// Absent when the session never finished (a crash, or a journal cut short).
    pub end: Option<End>,
}

/// The journal's last line was cut off; everything before it was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TruncationWarning {
    /// The line that was cut (1-based).
    pub line: usize,
    /// Bytes ignored.
    pub bytes: usize,
}

impl fmt::Display for TruncationWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the journal ends in the middle of line {} ({} bytes ignored): replaying the inputs before it",
            self.line, self.bytes
        )
    }
}

/// A journal that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JournalError {
    #[error("the journal is empty")]
    Empty,
    #[error("line {line}: {message}")]
    Malformed { line: usize, message: String },
}

fn malformed(line: usize, message: impl Into<String>) -> JournalError {
    JournalError::Malformed {
        line,
        message: message.into(),
    }
}

impl Journal {
    /// Parses a journal. A journal cut off mid-line parses up to its last whole line, with
    /// a warning; a malformed line is an error naming the line and what was wrong.
    pub fn parse(text: &str) -> Result<(Journal, Option<TruncationWarning>), JournalError> {
        let mut lines: Vec<(usize, &str)> = text
            .split_inclusive('\n')
            .enumerate()
            .map(|(i, l)| (i + 1, l))
            .collect();
        let mut warning = None;
        if let Some(&(n, last)) = lines.last()
            && !last.ends_with('\n')
        {
            // A whole line that only lacks its newline is fine; a cut one is dropped.
            if serde_json::from_str::<Line>(last).is_err() {
                lines.pop();
                warning = Some(TruncationWarning {
                    line: n,
                    bytes: last.len(),
                });
            }
        }
        let mut header = None;
        let mut inputs = Vec::new();
        let mut pauses = Vec::new();
        let mut end = None;
        for (n, raw) in lines {
            let l = raw.trim_end_matches(['\n', '\r']);
            if l.trim().is_empty() {
                continue;
            }
            let line: Line = serde_json::from_str(l).map_err(|e| malformed(n, e.to_string()))?;
            if end.is_some() {
                return Err(malformed(n, "nothing may follow the end line"));
            }
            match line {
                Line::Header {
                    format,
                    scenario,
                    scenario_sha256,
                    seed,
                    mode,
                    engine,
                    simulated_reviewer,
                } => {
                    if header.is_some() || n != 1 {
                        return Err(malformed(n, "the header must be the first line, once"));
                    }
                    if format != FORMAT && format != FORMAT_V1 {
                        return Err(malformed(
                            n,
                            format!(
                                "unknown journal format `{format}` (this engine reads `{FORMAT}` and `{FORMAT_V1}`)"
                            ),
                        ));
                    }
                    header = Some(Header {
                        format,
                        scenario,
                        scenario_sha256,
                        seed,
                        mode,
                        engine,
                        simulated_reviewer,
                    });
                }
                Line::Input {
                    index,
                    tick,
                    command,
                    predict,
                    data,
                    confidence,
                    advance,
                    hint,
                    decide,
                    approve,
                    reason,
                    rejected,
                } => {
                    if header.is_none() {
                        return Err(malformed(n, "an input before the header"));
                    }
                    if index as usize != inputs.len() {
                        return Err(malformed(
                            n,
                            format!("input index {index}, expected {}", inputs.len()),
                        ));
                    }
                    if data.is_some() && command.is_none() && predict.is_none() {
                        return Err(malformed(
                            n,
                            "`data` needs the `command` or `predict` it is the data of",
                        ));
                    }
                    // The data when it is there; the text only in journals without it.
                    let mut data = data;
                    let mut parse = |text: &str| match data.take() {
                        Some(c) => Ok(c),
                        None => Command::parse(text).map_err(|e| {
                            malformed(n, format!("invalid command `{text}`: {}", e.message))
                        }),
                    };
                    let kinds = usize::from(command.is_some())
                        + usize::from(advance.is_some())
                        + usize::from(hint)
                        + usize::from(predict.is_some())
                        + usize::from(decide.is_some());
                    if kinds != 1 {
                        return Err(malformed(
                            n,
                            "an input line needs exactly one of `command`, `advance`, `hint`, `predict`, `decide`",
                        ));
                    }
                    let input = if let Some(c) = command {
                        Input::Command {
                            command: parse(&c)?,
                            confidence,
                        }
                    } else if let Some(a) = advance {
                        Input::Advance(a)
                    } else if hint {
                        Input::Hint
                    } else if let Some(p) = predict {
                        Input::Predict(parse(&p)?)
                    } else {
                        Input::Decide {
                            request: decide.unwrap_or_default(),
                            approve: approve
                                .ok_or_else(|| malformed(n, "`decide` needs `approve`"))?,
                            reason: reason.unwrap_or_default(),
                        }
                    };
                    inputs.push(JournalInput {
                        line: n,
                        index,
                        tick,
                        input,
                        rejected,
                    });
                }
                Line::Pause { tick, seconds } => {
                    if header.is_none() {
                        return Err(malformed(n, "a pause before the header"));
                    }
                    pauses.push(Pause { tick, seconds });
                }
                Line::End {
                    tick,
                    digest,
                    events,
                    objectives,
                    score,
                    event_hashes,
                    interrupted,
                } => {
                    if header.is_none() {
                        return Err(malformed(n, "the end line before the header"));
                    }
                    if event_hashes.len() != events {
                        return Err(malformed(
                            n,
                            format!("{events} events but {} event hashes", event_hashes.len()),
                        ));
                    }
                    end = Some(End {
                        line: n,
                        tick,
                        digest,
                        events,
                        objectives,
                        score,
                        event_hashes,
                        interrupted,
                    });
                }
            }
        }
        let header = header.ok_or(JournalError::Empty)?;
        Ok((
            Journal {
                header,
                inputs,
                pauses,
                end,
            },
            warning,
        ))
    }
}

/// How a replay differs from its journal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Divergence {
    /// The journal line of the input that could not be replayed as recorded, if any.
    pub input_line: Option<usize>,
    /// The first event (0-based) whose hash differs from the recorded one.
    pub first_differing_event: Option<usize>,
    /// The recorded hash of that event, when the journal has one.
    pub expected_hash: Option<String>,
    /// The replayed event at that position, when the replay has one.
    pub actual: Option<Event>,
    pub expected_events: Option<usize>,
    pub actual_events: usize,
    pub expected_digest: Option<String>,
    pub actual_digest: String,
    /// What went wrong, in one sentence.
    pub detail: String,
}

impl fmt::Display for Divergence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.detail)?;
        if let Some(i) = self.first_differing_event {
            write!(f, "; first differing event: #{i}")?;
            if let Some(h) = &self.expected_hash {
                write!(f, " (recorded {h})")?;
            }
            match &self.actual {
                Some(e) => write!(f, ", replay has: {e}")?,
                None => write!(f, ", the replay has no event there")?,
            }
        }
        Ok(())
    }
}

/// Why a journal could not be replayed as recorded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReplayError {
    #[error(
        "the scenario changed since the journal was recorded (sha256 {expected} in the journal, {actual} now)"
    )]
    ScenarioChanged { expected: String, actual: String },
    #[error("the replay diverged: {0}")]
    Diverged(Box<Divergence>),
}

/// A successful replay.
#[derive(Clone, Debug)]
pub struct ReplayOutcome {
    /// The session as replayed.
    pub session: Session,
    pub digest: String,
    /// True when the journal had an end line and the replay matched every field of it.
    pub verified: bool,
    /// Set when another engine recorded the journal: its inputs were re-run under this one
    /// and its end line could not be compared.
    pub rerun: Option<Rerun>,
}

/// A journal recorded by another engine, re-run under this one (module doc).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rerun {
    /// The journal's format (`drillhall-journal/1` for engine 0.1).
    pub format: String,
    /// The engine version that recorded it.
    pub engine: String,
    /// The digest its end line recorded, if it has one: another engine's, not comparable.
    pub recorded_digest: Option<String>,
}

impl fmt::Display for Rerun {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "recorded by engine {} ({}); re-run under engine {ENGINE_VERSION} ({FORMAT}), whose draws and digest differ, so its recorded end line was not compared",
            self.engine, self.format
        )
    }
}

impl Journal {
    /// Whether another engine recorded this journal (another version, or format 1): its
    /// digest cannot be reproduced here, and [`replay`] re-runs it instead.
    pub fn recorded_elsewhere(&self) -> Option<Rerun> {
        (self.header.format != FORMAT || self.header.engine != ENGINE_VERSION).then(|| Rerun {
            format: self.header.format.clone(),
            engine: self.header.engine.clone(),
            recorded_digest: self.end.as_ref().map(|e| e.digest.clone()),
        })
    }
}

fn divergence(
    session: &Session,
    journal: &Journal,
    input_line: Option<usize>,
    detail: String,
) -> Box<Divergence> {
    let actual_hashes = session.event_hashes();
    let (first, expected_hash) = match &journal.end {
        Some(end) => {
            let first = end
                .event_hashes
                .iter()
                .zip(&actual_hashes)
                .position(|(a, b)| a != b)
                .or_else(|| {
                    (end.event_hashes.len() != actual_hashes.len())
                        .then(|| end.event_hashes.len().min(actual_hashes.len()))
                });
            (first, first.and_then(|i| end.event_hashes.get(i).cloned()))
        }
        None => (None, None),
    };
    Box::new(Divergence {
        input_line,
        first_differing_event: first,
        expected_hash,
        actual: first.and_then(|i| session.events().get(i).cloned()),
        expected_events: journal.end.as_ref().map(|e| e.events),
        actual_events: session.events().len(),
        expected_digest: journal.end.as_ref().map(|e| e.digest.clone()),
        actual_digest: session.digest(),
        detail,
    })
}

/// Re-runs a journal against a drill and checks it reproduces every field of its end line
/// (digest, event count and hashes, final tick, objectives, and the score when one is
/// recorded). The drill's SHA-256 (of the scenario's bytes) must match the journal's
/// header. A journal another engine recorded is re-run and reported as such
/// ([`ReplayOutcome::rerun`]), not compared.
///
/// The engine does not score (drillhall-debrief does): a recorded score is checked only by
/// [`replay_scored`], which is handed the scoring function.
pub fn replay(drill: &Arc<Drill>, journal: &Journal) -> Result<ReplayOutcome, ReplayError> {
    replay_scored(drill, journal, None)
}

/// The points a finished session scores, or why it cannot be scored.
pub type Scorer<'a> = &'a dyn Fn(&Drill, &Session) -> Result<u32, String>;

/// [`replay`], also checking the end line's recorded score with `scorer`.
pub fn replay_scored(
    drill: &Arc<Drill>,
    journal: &Journal,
    scorer: Option<Scorer<'_>>,
) -> Result<ReplayOutcome, ReplayError> {
    let rerun = journal.recorded_elsewhere();
    let session = run_inputs(drill, journal, rerun.is_some())?;
    let digest = session.digest();
    if rerun.is_none()
        && let Some(end) = &journal.end
    {
        verify_end(drill, &session, journal, end, scorer)?;
    }
    Ok(ReplayOutcome {
        verified: rerun.is_none() && journal.end.is_some(),
        session,
        digest,
        rerun,
    })
}

/// Replays the inputs. `lenient` (a journal of another engine) runs them as a script would:
/// a command refused now is recorded as refused and the run goes on, and one refused then
/// but accepted now simply runs.
fn run_inputs(
    drill: &Arc<Drill>,
    journal: &Journal,
    lenient: bool,
) -> Result<Session, ReplayError> {
    let actual = drill.sha256.clone();
    if actual != journal.header.scenario_sha256 {
        return Err(ReplayError::ScenarioChanged {
            expected: journal.header.scenario_sha256.clone(),
            actual,
        });
    }
    let mut session = Session::with_options(
        drill,
        journal.header.seed,
        &SessionOptions {
            mode: Some(journal.header.mode),
            simulated_reviewer: journal.header.simulated_reviewer,
        },
    );
    for ji in &journal.inputs {
        let at = |s: &Session, what: String| {
            Err(ReplayError::Diverged(divergence(
                s,
                journal,
                Some(ji.line),
                what,
            )))
        };
        if session.tick() != ji.tick {
            return at(
                &session,
                format!(
                    "the input on line {} was given at tick {}, but the replay is at tick {}",
                    ji.line,
                    ji.tick,
                    session.tick()
                ),
            );
        }
        if lenient {
            if let Err(r) = session.apply_or_record(ji.input.clone()) {
                return at(
                    &session,
                    format!("the input on line {} cannot be re-run: {r}", ji.line),
                );
            }
        } else if ji.rejected {
            match session.apply(ji.input.clone()) {
                Ok(_) => {
                    return at(
                        &session,
                        format!(
                            "the command on line {} was refused when recorded but is accepted in the replay",
                            ji.line
                        ),
                    );
                }
                Err(_) => {
                    if let Err(r) = session.apply_or_record(ji.input.clone()) {
                        return at(
                            &session,
                            format!("the input on line {} cannot be replayed: {r}", ji.line),
                        );
                    }
                }
            }
        } else if let Err(r) = session.apply(ji.input.clone()) {
            return at(
                &session,
                format!(
                    "the input on line {} was rejected in the replay: {r}",
                    ji.line
                ),
            );
        }
    }
    Ok(session)
}

/// Every field of the end line against the replayed session: nothing recorded is trusted.
fn verify_end(
    scenario: &Drill,
    session: &Session,
    journal: &Journal,
    end: &End,
    scorer: Option<Scorer<'_>>,
) -> Result<(), ReplayError> {
    let fail = |detail: String| {
        Err(ReplayError::Diverged(divergence(
            session, journal, None, detail,
        )))
    };
    let digest = session.digest();
    if end.digest != digest {
        return fail(format!(
            "the event log differs from the recorded one (digest {} recorded, {digest} replayed)",
            end.digest
        ));
    }
    if end.events != session.events().len() || end.event_hashes != session.event_hashes() {
        return fail(format!(
            "the end line records {} events and their hashes, which the replay's {} events do not match",
            end.events,
            session.events().len()
        ));
    }
    if end.tick != session.tick() {
        return fail(format!(
            "the end line records tick {}, but the replay is at tick {}",
            end.tick,
            session.tick()
        ));
    }
    let objectives: IndexMap<String, String> = session
        .objectives()
        .into_iter()
        .map(|o| (o.id, o.state.word().to_owned()))
        .collect();
    if end.objectives != objectives {
        let what = objectives
            .iter()
            .find(|(id, state)| end.objectives.get(*id) != Some(*state))
            .map_or_else(
                || "records objectives the scenario does not have".to_owned(),
                |(id, state)| {
                    format!(
                        "records objective `{id}` as {}, but the replay has it {state}",
                        end.objectives.get(id).map_or("absent", String::as_str)
                    )
                },
            );
        return fail(format!("the end line {what}"));
    }
    if let (Some(recorded), Some(scorer)) = (end.score, scorer) {
        match scorer(scenario, session) {
            Ok(points) if points == recorded => {}
            Ok(points) => {
                return fail(format!(
                    "the end line records a score of {recorded}, but the replay scores {points}"
                ));
            }
            Err(e) => {
                return fail(format!(
                    "the end line records a score of {recorded}, but the replay cannot be scored: {e}"
                ));
            }
        }
    }
    Ok(())
}
