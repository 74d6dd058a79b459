//! Journals: a session's inputs as JSON Lines, written as they happen, and replayed.
//!
//! ```text
//! {"type":"header","format":"drillhall-journal/1","scenario":"leaked-ci-deploy-token","scenario_sha256":"…","seed":7,"mode":"reviewed","engine":"0.1.0"}
//! {"type":"input","index":0,"tick":0,"advance":12}
//! {"type":"input","index":1,"tick":12,"command":"declare-incident sev2"}
//! {"type":"input","index":2,"tick":13,"command":"request-signoff \"rotate tok-deploy --grace 5m\" --rollback \"…\"","confidence":85}
//! {"type":"end","tick":240,"digest":"…","events":97,"objectives":{"contain":"met"},"score":92,"event_hashes":["1f0c…",…]}
//! ```
//!
//! Every line is written and flushed at once, so a crash loses nothing but the line being
//! written. The end line carries the digest of the event log, the objectives' states, the
//! score when the recorder computed one ([`JournalWriter::set_score`]) and, to name the first
//! differing event when a replay diverges, the first 8 hex digits of the SHA-256 of every
//! event's canonical line (`event_hashes`, one per event, in order). Input lines may also
//! carry `hint`, `predict`, `decide`/`approve`/`reason`, and `rejected: true` for a
//! scripted command that was refused and recorded as `command-rejected`. An end line written
//! after SIGTERM, SIGHUP or SIGINT carries `interrupted: true`.

use std::fmt;
use std::io::{self, Write};

use drillhall_estate::Ticks;
use drillhall_scenario::Scenario;
use drillhall_scenario::command::Command;
use drillhall_scenario::format::Mode;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::ENGINE_VERSION;
use crate::event::Event;
use crate::rules::sha256_hex;
use crate::session::{Input, InputRecord, Session, SessionOptions};

/// The journal format this engine writes.
pub const FORMAT: &str = "drillhall-journal/1";

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
        confidence: Option<u8>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        advance: Option<Ticks>,
        #[serde(default, skip_serializing_if = "is_false")]
        hint: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        predict: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        decide: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        approve: Option<bool>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        #[serde(default, skip_serializing_if = "is_false")]
        rejected: bool,
    },
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
    let mut line = Line::Input {
        index: r.index,
        tick: r.tick,
        command: None,
        confidence: None,
        advance: None,
        hint: false,
        predict: None,
        decide: None,
        approve: None,
        reason: None,
        rejected: r.rejected.is_some(),
    };
    let Line::Input {
        command,
        confidence,
        advance,
        hint,
        predict,
        decide,
        approve,
        reason,
        ..
    } = &mut line
    else {
        unreachable!("built as an input line above")
    };
    match &r.input {
        Input::Command {
            command: c,
            confidence: k,
        } => {
            *command = Some(c.to_string());
            *confidence = *k;
        }
        Input::Advance(n) => *advance = Some(*n),
        Input::Hint => *hint = true,
        Input::Predict(c) => *predict = Some(c.to_string()),
        Input::Decide {
            request,
            approve: a,
            reason: why,
        } => {
            *decide = Some(*request);
            *approve = Some(*a);
            *reason = Some(why.clone());
        }
    }
    line
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
        while self.inputs_written < inputs.len() {
            let line = input_line(&inputs[self.inputs_written]);
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
                    if format != FORMAT {
                        return Err(malformed(
                            n,
                            format!(
                                "unknown journal format `{format}` (this engine reads `{FORMAT}`)"
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
                    confidence,
                    advance,
                    hint,
                    predict,
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
                    let parse = |text: &str| {
                        Command::parse(text).map_err(|e| {
                            malformed(n, format!("invalid command `{text}`: {}", e.message))
                        })
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
    /// True when the journal had an end line and the replay matched it.
    pub verified: bool,
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

/// Re-runs a journal against a scenario and checks it reproduces the recorded digest.
/// `scenario_bytes` are the bytes the scenario was read from (their hash must match the
/// journal's header).
pub fn replay(
    scenario: &Scenario,
    scenario_bytes: &[u8],
    journal: &Journal,
) -> Result<ReplayOutcome, ReplayError> {
    let actual = sha256_hex(scenario_bytes);
    if actual != journal.header.scenario_sha256 {
        return Err(ReplayError::ScenarioChanged {
            expected: journal.header.scenario_sha256.clone(),
            actual,
        });
    }
    let mut session = Session::with_options(
        scenario,
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
        if ji.rejected {
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
    let digest = session.digest();
    if let Some(end) = &journal.end
        && end.digest != digest
    {
        let d = divergence(
            &session,
            journal,
            None,
            format!(
                "the event log differs from the recorded one (digest {} recorded, {} replayed)",
                end.digest, digest
            ),
        );
        return Err(ReplayError::Diverged(d));
    }
    Ok(ReplayOutcome {
        session,
        digest,
        verified: journal.end.is_some(),
    })
}
