//! Action scripts: a response as a list of timed commands, read from a file.
//!
//! A [`Script`] comes from a scenario's `expert` or `known_bad` steps (see
//! [`Drill`](crate::Drill)), or from an action file in one of two forms: a YAML list of
//! steps exactly like `expert:`
//!
//! ```yaml
//! - { at: 13m, do: "logs tok-deploy" }
//! - { at: 15m, do: "request-signoff \"rotate tok-deploy --grace 5m\" --rollback \"…\"", confidence: 80 }
//! ```
//!
//! or plain text, one step a line, `#` starting a comment line, and a stated confidence
//! either after the time or at the end of the line after `@`:
//!
//! ```text
//! 13m logs tok-deploy
//! 15m 80% request-signoff "rotate tok-deploy --grace 5m" --rollback "keep the old one for 5m"
//! 19m rotate tok-deploy --grace 5m @90%
//! ```
//!
//! [`plain_line`] writes a step in that form, so a journal's inputs read back as the same
//! steps. Action files are read under the same size, depth and alias budgets as scenarios
//! ([`Limits`]), and their problems are located and explained the same way: the line, a caret
//! and help, "did you mean" for a misspelt verb and (with [`Script::parse_for`]) for an id
//! the drill does not have.

use std::collections::BTreeSet;
use std::fmt;

use drillhall_estate::Ticks;

use crate::command::{Command, RefKind, closest};
use crate::drill::{Step, steps};
use crate::format::StepSpec;
use crate::load::{self, Limits};
use crate::values::{At, Loc};
use crate::{Diagnostic, Drill, format_duration, parse_duration};

/// The range of a stated confidence, in percent.
pub const CONFIDENCE_RANGE: std::ops::RangeInclusive<u8> = 50..=100;

/// A named list of steps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Script {
    pub name: String,
    pub steps: Vec<Step>,
}

/// A script that cannot be read, located, with the line it is on and what to do.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ScriptError {
    pub file: String,
    /// 1-based; 0 when the problem is the file as a whole.
    pub line: u32,
    pub col: u32,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to write instead ("did you mean `rotate`?"), when there is something to say.
    pub help: Option<String>,
    /// The source line and a caret under the problem, as a scenario's report shows them.
    pub snippet: String,
}

impl ScriptError {
    /// An error at a location of `text`, with the snippet rendered from it.
    fn at(name: &str, text: &str, loc: Loc, message: String, help: Option<String>) -> Self {
        let d = Diagnostic {
            file: name.to_owned(),
            loc,
            message: message.clone(),
            help: None,
        };
        let report = crate::render(Some(text), std::slice::from_ref(&d));
        let snippet = report
            .split_once('\n')
            .map(|(_, rest)| rest.to_owned())
            .unwrap_or_default();
        ScriptError {
            file: name.to_owned(),
            line: loc.line,
            col: loc.col,
            message,
            help,
            snippet,
        }
    }
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.col, self.message
            )?;
        } else {
            write!(f, "{}: {}", self.file, self.message)?;
        }
        if !self.snippet.is_empty() {
            write!(f, "\n{}", self.snippet)?;
        }
        if let Some(h) = &self.help {
            write!(f, "\n  = help: {h}")?;
        }
        Ok(())
    }
}

/// A step in the plain-text form: `19m rotate tok-deploy --grace 5m @90%`. What
/// [`Script::parse`] reads back as the same tick, command and confidence.
pub fn plain_line(at: Ticks, command: &str, confidence: Option<u8>) -> String {
    match confidence {
        Some(c) => format!("{} {command} @{c}%", format_duration(at)),
        None => format!("{} {command}", format_duration(at)),
    }
}

impl Script {
    /// The drill's expert response.
    pub fn expert(drill: &Drill) -> Script {
        Script {
            name: "expert".to_owned(),
            steps: drill.expert.clone(),
        }
    }

    /// One of the drill's known-bad responses, by name.
    pub fn known_bad(drill: &Drill, name: &str) -> Option<Script> {
        drill.known_bad.get(name).map(|steps| Script {
            name: name.to_owned(),
            steps: steps.clone(),
        })
    }

    /// Reads an action file, YAML or plain text (YAML when its first step line starts
    /// with `-` or `[`).
    pub fn parse(name: &str, text: &str) -> Result<Script, ScriptError> {
        let first = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with('#'));
        match first {
            Some(l) if l.starts_with('-') || l.starts_with('[') => Script::from_yaml(name, text),
            _ => Script::from_plain(name, text),
        }
    }

    /// [`Script::parse`], then every id a command names is checked against the drill: one
    /// that is neither in the estate, a team, nor created by an earlier step is an error at
    /// the id, with "did you mean" among the ids the trainee can see.
    pub fn parse_for(name: &str, text: &str, drill: &Drill) -> Result<Script, ScriptError> {
        let script = Script::parse(name, text)?;
        check_ids(name, text, &script, drill)?;
        Ok(script)
    }

    /// Reads a YAML list of steps, exactly like `expert:`.
    pub fn from_yaml(name: &str, text: &str) -> Result<Script, ScriptError> {
        let limits = Limits::default();
        if text.len() > limits.max_input_bytes {
            let d = load::too_large(name, text.len(), &limits);
            return Err(ScriptError::at(name, "", Loc::default(), d.message, d.help));
        }
        let specs: Vec<At<StepSpec>> = load::read_as(name, text, &limits)
            .map_err(|d| ScriptError::at(name, text, d.loc, d.message, d.help))?;
        for (n, s) in specs.iter().enumerate() {
            if let Some(c) = &s.confidence
                && !CONFIDENCE_RANGE.contains(&c.value)
            {
                return Err(confidence_out_of_range(name, text, c.loc, c.value));
            }
            if let Err(e) = Command::parse(&s.command.value) {
                let loc = command_loc(text, s.command.loc, e.offset);
                return Err(ScriptError::at(
                    name,
                    text,
                    loc,
                    format!("invalid command in step #{}: {}", n + 1, e.message),
                    e.suggestion.map(|s| format!("did you mean `{s}`?")),
                ));
            }
        }
        Ok(Script {
            name: name.to_owned(),
            steps: steps(&specs),
        })
    }

    /// Reads plain text: `13m [80%] COMMAND [@80%]`, `#` comment lines.
    pub fn from_plain(name: &str, text: &str) -> Result<Script, ScriptError> {
        let mut out = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = u32::try_from(i + 1).unwrap_or(u32::MAX);
            let step = plain_step(raw).map_err(|(col, message, help)| {
                let col = u32::try_from(col + 1).unwrap_or(u32::MAX);
                ScriptError::at(name, text, Loc::new(line, col), message, help)
            })?;
            let Some(p) = step else { continue };
            out.push(Step {
                index: u32::try_from(out.len()).unwrap_or(u32::MAX),
                at: p.at,
                command: p.command,
                text: p.text,
                why: None,
                confidence: p.confidence,
                loc: Loc::new(line, u32::try_from(p.col + 1).unwrap_or(u32::MAX)),
            });
        }
        Ok(Script {
            name: name.to_owned(),
            steps: out,
        })
    }
}

/// One plain-text step, before it is numbered.
struct PlainStep {
    at: Ticks,
    command: Command,
    text: String,
    confidence: Option<u8>,
    /// 0-based character column of the command.
    col: usize,
}

/// A problem on a plain-text line: 0-based character column, message, help.
type LineError = (usize, String, Option<String>);

/// Reads one line of the plain form; `None` for a blank or comment line.
fn plain_step(raw: &str) -> Result<Option<PlainStep>, LineError> {
    // Words of the line with their character columns; quoted text stays in one word only as
    // far as the confidence at the end is concerned, so it is checked for separately.
    let words = words_with_columns(raw);
    let Some(&(at_col, at_text)) = words.first() else {
        return Ok(None);
    };
    if at_text.starts_with('#') {
        return Ok(None);
    }
    let at = parse_duration(at_text).ok_or_else(|| {
        (
            at_col,
            format!(
                "expected the step's time (`13m`, `1h5m`), found `{}`",
                shorten(at_text)
            ),
            Some("a step line is `TIME COMMAND`, such as `13m logs tok-deploy`".to_owned()),
        )
    })?;
    let mut rest = words.get(1..).unwrap_or(&[]);
    let mut confidence = None;
    if let Some(&(col, word)) = rest.first()
        && let Some(p) = word.strip_suffix('%')
        && !word.starts_with('@')
    {
        confidence = Some(confidence_value(col, word, p)?);
        rest = rest.get(1..).unwrap_or(&[]);
    }
    if let Some((&(col, word), before)) = rest.split_last()
        && let Some(p) = word.strip_prefix('@')
        && p.starts_with(|c: char| c.is_ascii_digit())
        && !before.is_empty()
        && quotes_balanced(raw, col)
    {
        let p = p.strip_suffix('%').ok_or_else(|| {
            (
                col,
                format!(
                    "expected a confidence such as `@80%`, found `{}`",
                    shorten(word)
                ),
                Some("write the confidence in percent, with `%`".to_owned()),
            )
        })?;
        if confidence.is_some() {
            return Err((
                col,
                "the step states its confidence twice".to_owned(),
                Some("keep one: after the time (`13m 80% …`) or at the end (`… @80%`)".to_owned()),
            ));
        }
        confidence = Some(confidence_value(col, word, p)?);
        rest = before;
    }
    let (Some(&(col, _)), Some(&(last_col, last))) = (rest.first(), rest.last()) else {
        let end = raw.chars().count();
        return Err((
            end,
            "a step needs a command after its time".to_owned(),
            Some("write the command after the time: `13m logs tok-deploy`".to_owned()),
        ));
    };
    let end_col = last_col + last.chars().count();
    let command_text: String = raw.chars().skip(col).take(end_col - col).collect();
    let command = Command::parse(&command_text).map_err(|e| {
        (
            col + e.offset,
            e.message,
            e.suggestion.map(|s| format!("did you mean `{s}`?")),
        )
    })?;
    Ok(Some(PlainStep {
        at,
        command,
        text: command_text,
        confidence,
        col,
    }))
}

/// A confidence's number, checked against [`CONFIDENCE_RANGE`].
fn confidence_value(col: usize, word: &str, digits: &str) -> Result<u8, LineError> {
    let value: Option<u16> = digits.parse().ok();
    match value {
        Some(v) if (50..=100).contains(&v) => Ok(u8::try_from(v).unwrap_or(100)),
        Some(v) => Err((
            col,
            format!("confidence {v}% is out of range: a stated confidence is 50% to 100%"),
            None,
        )),
        None => Err((
            col,
            format!(
                "expected a confidence such as `80%`, found `{}`",
                shorten(word)
            ),
            Some("write a whole number of percent from 50 to 100".to_owned()),
        )),
    }
}

fn confidence_out_of_range(name: &str, text: &str, loc: Loc, value: u8) -> ScriptError {
    ScriptError::at(
        name,
        text,
        loc,
        format!("confidence {value} is out of range: a stated confidence is 50 to 100 (percent)"),
        None,
    )
}

/// The whitespace-separated words of a line with their 0-based character columns.
fn words_with_columns(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start: Option<(usize, usize)> = None;
    for (col, (byte, c)) in line.char_indices().enumerate() {
        if c.is_whitespace() {
            if let Some((sc, sb)) = start.take() {
                out.push((sc, line.get(sb..byte).unwrap_or("")));
            }
        } else if start.is_none() {
            start = Some((col, byte));
        }
    }
    if let Some((sc, sb)) = start {
        out.push((sc, line.get(sb..).unwrap_or("")));
    }
    out
}

/// Whether the quotes before a character column are closed (so a word there is not inside
/// quoted text: `note "done @90%"` keeps its `@90%`).
fn quotes_balanced(line: &str, col: usize) -> bool {
    let mut open = false;
    let mut escaped = false;
    for c in line.chars().take(col) {
        match c {
            '\\' if open && !escaped => {
                escaped = true;
                continue;
            }
            '"' if !escaped => open = !open,
            _ => {}
        }
        escaped = false;
    }
    !open
}

/// A word as quoted in a message: at most 40 characters.
fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

/// Where a character offset inside a YAML step's command is in the file: after the opening
/// quote of a quoted scalar.
fn command_loc(text: &str, at: Loc, offset: usize) -> Loc {
    let line = text.lines().nth((at.line as usize).saturating_sub(1));
    let quoted = line
        .and_then(|l| l.chars().nth((at.col as usize).saturating_sub(1)))
        .is_some_and(|c| c == '"' || c == '\'');
    let shift = u32::try_from(offset + usize::from(quoted)).unwrap_or(u32::MAX);
    Loc::new(at.line, at.col.saturating_add(shift))
}

/// The most ids "did you mean" compares an unknown id with: an estate of a million nodes
/// answers in milliseconds.
const MAX_SUGGESTION_CANDIDATES: usize = 100_000;

/// Checks every id the script's commands name against the drill.
fn check_ids(name: &str, text: &str, script: &Script, drill: &Drill) -> Result<(), ScriptError> {
    let estate = &drill.estate;
    let mut created: BTreeSet<&str> = BTreeSet::new();
    for step in &script.steps {
        let mut from = 0;
        for (id, kind) in step.command.references() {
            let offset = char_offset(&step.text, id, from);
            if let Some((_, end)) = offset {
                from = end;
            }
            let known = match kind {
                RefKind::NewNode => {
                    created.insert(id);
                    continue;
                }
                RefKind::Team => estate.teams().iter().any(|t| t.id == id),
                RefKind::AnyNode | RefKind::Node(_) => {
                    estate.find(id).is_some() || created.contains(id)
                }
            };
            if known {
                continue;
            }
            let visible = estate
                .node_ids()
                .map(|n| estate.node(n))
                .filter(|n| !n.hidden)
                .map(|n| n.id.as_str());
            let candidates: Vec<&str> = match kind {
                RefKind::Team => estate.teams().iter().map(|t| t.id.as_str()).collect(),
                _ => visible
                    .chain(created.iter().copied())
                    .take(MAX_SUGGESTION_CANDIDATES)
                    .collect(),
            };
            let what = if kind == RefKind::Team {
                "team"
            } else {
                "node"
            };
            let help =
                closest(id, candidates.iter().copied()).map(|s| format!("did you mean `{s}`?"));
            let col = offset.map_or(0, |(c, _)| c);
            let loc = if step.loc.is_known() {
                command_loc(text, step.loc, col)
            } else {
                step.loc
            };
            return Err(ScriptError::at(
                name,
                text,
                loc,
                format!(
                    "step #{} names `{}`, but the drill has no {what} of that id",
                    step.index + 1,
                    shorten(id)
                ),
                help.or_else(|| {
                    Some(
                        "ids are those of the scenario's estate (`drillhall graph` lists them)"
                            .into(),
                    )
                }),
            ));
        }
    }
    Ok(())
}

/// The character offset of `id` as a whole word in `text`, searching from byte `from`;
/// with the byte where it ends.
fn char_offset(text: &str, id: &str, from: usize) -> Option<(usize, usize)> {
    let tail = text.get(from..)?;
    let mut search = 0;
    while let Some(i) = tail.get(search..)?.find(id) {
        let start = from + search + i;
        let end = start + id.len();
        let before = text.get(..start)?.chars().next_back();
        let after = text.get(end..)?.chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || c == '"');
        if boundary(before) && boundary(after) {
            return Some((text.get(..start)?.chars().count(), end));
        }
        search += i + id.len().max(1);
    }
    None
}
