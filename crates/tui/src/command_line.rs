//! The command line: an editable buffer with history and completion of verbs, ids, teams
//! and words.
//!
//! Completion is driven by the grammar's own synopsis table
//! ([`VERBS`](drillhall_engine::VERBS)): the word under the cursor is the verb,
//! a positional argument (`CREDENTIAL`, `WORKLOAD`, `TEAM`, `PERMISSION`…) or a flag's value,
//! and only ids of the right class that the trainee can see are offered. The first Tab
//! completes the longest common prefix; further Tabs cycle through the candidates.

use drillhall_engine::TraineeView;
use drillhall_engine::{CredentialKind, EdgeKind, IdentityKind, NodeClass, Permission};
use drillhall_engine::{IncidentSeverity, VERBS};

/// The command line's state.
/// The longest command line, in characters: far more than any command needs.
pub const MAX_CHARS: usize = 4096;

#[derive(Clone, Debug, Default)]
pub struct CommandLine {
    buffer: String,
    /// Cursor position, in characters.
    cursor: usize,
    history: Vec<String>,
    /// While browsing history: the entry shown, and the line being typed before.
    browsing: Option<(usize, String)>,
    cycle: Option<Cycle>,
}

/// Tab cycling through candidates for the word that starts at `start`.
#[derive(Clone, Debug)]
struct Cycle {
    start: usize,
    candidates: Vec<String>,
    next: usize,
}

impl CommandLine {
    /// The text typed so far.
    pub fn text(&self) -> &str {
        &self.buffer
    }

    /// The cursor, in characters from the start.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Previous lines, oldest first.
    pub fn history(&self) -> &[String] {
        &self.history
    }

    /// The candidates being cycled through by Tab, if any.
    pub fn candidates(&self) -> &[String] {
        self.cycle.as_ref().map_or(&[], |c| c.candidates.as_slice())
    }

    /// The candidate Tab put on the line last, as an index into [`CommandLine::candidates`].
    pub fn current_candidate(&self) -> Option<usize> {
        self.cycle
            .as_ref()
            .filter(|c| !c.candidates.is_empty())
            .map(|c| (c.next + c.candidates.len() - 1) % c.candidates.len())
    }

    /// Replaces the text and puts the cursor at its end.
    pub fn set(&mut self, text: &str) {
        text.clone_into(&mut self.buffer);
        self.cursor = self.buffer.chars().count();
        self.browsing = None;
        self.cycle = None;
    }

    /// Empties the line, returning what it held, and records it in the history.
    pub fn take(&mut self) -> String {
        let text = std::mem::take(&mut self.buffer);
        self.cursor = 0;
        self.browsing = None;
        self.cycle = None;
        let trimmed = text.trim();
        if !trimmed.is_empty() && self.history.last().map(String::as_str) != Some(trimmed) {
            self.history.push(trimmed.to_owned());
        }
        text
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.buffer
            .char_indices()
            .nth(chars)
            .map_or(self.buffer.len(), |(i, _)| i)
    }

    fn edited(&mut self) {
        self.browsing = None;
        self.cycle = None;
    }

    /// Inserts a character at the cursor; a line already [`MAX_CHARS`] long takes no more
    /// (a paste of any length costs at most that much).
    pub fn insert(&mut self, c: char) {
        if self.buffer.len() >= MAX_CHARS * 4 || self.buffer.chars().count() >= MAX_CHARS {
            return;
        }
        let at = self.byte_at(self.cursor);
        self.buffer.insert(at, c);
        self.cursor += 1;
        self.edited();
    }

    /// Deletes the character before the cursor.
    pub fn backspace(&mut self) {
        if self.cursor == 0 {
            return;
        }
        let at = self.byte_at(self.cursor - 1);
        self.buffer.remove(at);
        self.cursor -= 1;
        self.edited();
    }

    /// Deletes the character under the cursor.
    pub fn delete(&mut self) {
        if self.cursor < self.buffer.chars().count() {
            let at = self.byte_at(self.cursor);
            self.buffer.remove(at);
            self.edited();
        }
    }

    /// Deletes the word before the cursor.
    pub fn delete_word(&mut self) {
        let chars: Vec<char> = self.buffer.chars().collect();
        let mut i = self.cursor;
        while i > 0 && chars[i - 1] == ' ' {
            i -= 1;
        }
        while i > 0 && chars[i - 1] != ' ' {
            i -= 1;
        }
        let (a, b) = (self.byte_at(i), self.byte_at(self.cursor));
        self.buffer.replace_range(a..b, "");
        self.cursor = i;
        self.edited();
    }

    /// Moves the cursor by `delta` characters, clamped.
    pub fn move_cursor(&mut self, delta: isize) {
        let len = self.buffer.chars().count();
        self.cursor = self.cursor.saturating_add_signed(delta).min(len);
    }

    /// Moves the cursor to the start or the end.
    pub fn home_end(&mut self, end: bool) {
        self.cursor = if end { self.buffer.chars().count() } else { 0 };
    }

    /// Shows an older (`back`) or newer history entry.
    pub fn browse(&mut self, back: bool) {
        if self.history.is_empty() {
            return;
        }
        let (pos, typed) = match self.browsing.take() {
            Some(b) => b,
            None if back => (self.history.len(), self.buffer.clone()),
            None => return,
        };
        let pos = if back { pos.saturating_sub(1) } else { pos + 1 };
        if pos >= self.history.len() {
            self.buffer = typed;
            self.browsing = None;
        } else {
            self.buffer = self.history[pos].clone();
            self.browsing = Some((pos, typed));
        }
        self.cursor = self.buffer.chars().count();
        self.cycle = None;
    }

    /// Completes the word before the cursor (Tab).
    pub fn complete(&mut self, view: &TraineeView) {
        if let Some(c) = &mut self.cycle
            && !c.candidates.is_empty()
        {
            let word = c.candidates[c.next].clone();
            c.next = (c.next + 1) % c.candidates.len();
            let start = c.start;
            self.replace_word(start, &word);
            return;
        }
        let before: String = self.buffer.chars().take(self.cursor).collect();
        // Words are split on any whitespace (a Tab, U+00A0), as `split_whitespace` does, so
        // the word being typed and the words before it always agree.
        let start = before
            .char_indices()
            .rfind(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, _)| {
                before.get(..i).map_or(0, |b| b.chars().count()) + 1
            });
        let prefix: String = before.chars().skip(start).collect();
        let words: Vec<&str> = before.split_whitespace().collect();
        let completed = if prefix.is_empty() {
            words.len()
        } else {
            words.len().saturating_sub(1)
        };
        let candidates: Vec<String> = candidates(
            view,
            words.get(..completed).unwrap_or_default(),
            prefix.starts_with('-'),
        )
        .into_iter()
        .filter(|c| c.starts_with(&prefix))
        .collect();
        match candidates.len() {
            0 => {}
            1 => {
                let word = format!("{} ", candidates[0]);
                self.replace_word(start, &word);
            }
            _ => {
                let common = common_prefix(&candidates);
                if common.chars().count() > prefix.chars().count() {
                    self.replace_word(start, &common);
                } else {
                    self.cycle = Some(Cycle {
                        start,
                        candidates,
                        next: 0,
                    });
                    self.complete(view);
                }
            }
        }
    }

    fn replace_word(&mut self, start: usize, word: &str) {
        // A Tab cycle started before the cursor moved (Home, then Tab) replaces nothing
        // behind the cursor rather than a range that runs backwards.
        let start = start.min(self.cursor);
        let (a, b) = (self.byte_at(start), self.byte_at(self.cursor));
        self.buffer.replace_range(a..b, word);
        self.cursor = start + word.chars().count();
        self.browsing = None;
    }
}

fn common_prefix(words: &[String]) -> String {
    let first = &words[0];
    let mut len = first.len();
    for w in &words[1..] {
        len = first
            .bytes()
            .zip(w.bytes())
            .take(len)
            .take_while(|(a, b)| a == b)
            .count();
    }
    while !first.is_char_boundary(len) {
        len -= 1;
    }
    first[..len].to_owned()
}

/// The words that can come after `words` (already complete) on the command line.
/// `flag_wanted`: the word being typed starts with `-`.
pub fn candidates(view: &TraineeView, words: &[&str], flag_wanted: bool) -> Vec<String> {
    let verbs = || VERBS.iter().map(|(v, _)| (*v).to_owned());
    let Some((&verb, args)) = words.split_first() else {
        return verbs()
            .chain(std::iter::once(HELP_WORD.to_owned()))
            .collect();
    };
    if verb == HELP_WORD {
        return if args.is_empty() {
            verbs().collect()
        } else {
            Vec::new()
        };
    }
    let Some((_, synopsis)) = VERBS.iter().find(|(v, _)| *v == verb) else {
        return Vec::new();
    };
    let (positional, flags) = synopsis_slots(synopsis);
    // Which slot the next word fills: a flag's value, a flag, or the next positional.
    if let Some(last) = args.last()
        && let Some((_, value)) = flags.iter().find(|(f, _)| f == last)
    {
        return slot_words(view, value);
    }
    let mut filled = 0;
    let mut i = 0;
    while i < args.len() {
        if flags.iter().any(|(f, _)| *f == args[i]) {
            i += 2;
        } else {
            filled += 1;
            i += 1;
        }
    }
    let unused_flags = flags
        .iter()
        .filter(|(f, _)| !args.contains(&f.as_str()))
        .map(|(f, _)| f.clone());
    // The positional arguments first; the flags once they are given (or asked for by `-`).
    match positional.get(filled) {
        Some(_) if !flag_wanted && names_new_id(verb, filled) => Vec::new(),
        Some(slot) if !flag_wanted => match context_words(view, verb, filled, args) {
            Some(words) => words,
            None => slot_words(view, slot),
        },
        _ => unused_flags.collect(),
    }
}

/// The app's own word for the help pages (`help`, `help VERB`): not a drill command.
pub const HELP_WORD: &str = "help";

/// Whether positional argument `index` of `verb` is a new id (the grammar's
/// [`RefKind::NewNode`](drillhall_engine::command::RefKind)): existing ids are no
/// candidates for it, as they would be refused.
fn names_new_id(verb: &str, index: usize) -> bool {
    matches!((verb, index), ("create-identity" | "issue", 0))
}

/// Candidates that depend on the arguments before: after `remove-grant sa-x` or
/// `scope-down sa-x` only the resources sa-x holds a live grant on, after `detach tok-x`
/// only the workloads holding tok-x. `None` where the slot's class is all there is to it.
fn context_words(
    view: &TraineeView,
    verb: &str,
    index: usize,
    args: &[&str],
) -> Option<Vec<String>> {
    let estate = view.estate();
    let first = args.first().and_then(|id| estate.find(id));
    match (verb, index) {
        ("remove-grant" | "scope-down", 1) => {
            let identity = first?;
            Some(
                estate
                    .out_edges(identity)
                    .into_iter()
                    .filter(|&(e, _)| {
                        let edge = estate.edge(e);
                        edge.enabled && matches!(edge.kind, EdgeKind::Grants { .. })
                    })
                    .map(|(_, r)| estate.node(r).id.clone())
                    .collect(),
            )
        }
        ("detach", 1) => {
            let credential = first?;
            Some(
                estate
                    .in_edges(credential)
                    .into_iter()
                    .filter(|&(e, _)| {
                        let edge = estate.edge(e);
                        edge.enabled && edge.kind == EdgeKind::Holds
                    })
                    .map(|(_, w)| estate.node(w).id.clone())
                    .collect(),
            )
        }
        _ => None,
    }
}

/// Positional slots and `(flag, value slot)` pairs of a synopsis such as
/// `CREDENTIAL --kind KIND --for IDENTITY [--store RESOURCE]`.
fn synopsis_slots(synopsis: &str) -> (Vec<String>, Vec<(String, String)>) {
    let tokens: Vec<String> = synopsis
        .split_whitespace()
        .map(|t| t.trim_matches(|c| c == '[' || c == ']').to_owned())
        .collect();
    let mut positional = Vec::new();
    let mut flags = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i].starts_with("--") {
            let value = tokens.get(i + 1).cloned().unwrap_or_default();
            flags.push((tokens[i].clone(), value));
            i += 2;
        } else {
            positional.push(tokens[i].clone());
            i += 1;
        }
    }
    (positional, flags)
}

fn ids_of(view: &TraineeView, class: Option<NodeClass>) -> Vec<String> {
    view.nodes()
        .filter(|&n| class.is_none_or(|c| view.node(n).class() == c))
        .map(|n| view.node(n).id.clone())
        .collect()
}

fn slot_words(view: &TraineeView, slot: &str) -> Vec<String> {
    let words = |ws: &[&str]| ws.iter().map(|w| (*w).to_owned()).collect();
    match slot {
        "ID" => ids_of(view, None),
        "CREDENTIAL" => ids_of(view, Some(NodeClass::Credential)),
        "IDENTITY" => ids_of(view, Some(NodeClass::Identity)),
        "WORKLOAD" => ids_of(view, Some(NodeClass::Workload)),
        "RESOURCE" => ids_of(view, Some(NodeClass::Resource)),
        "TEAM" => view.estate().teams().iter().map(|t| t.id.clone()).collect(),
        "PERMISSION" => Permission::ALL
            .iter()
            .map(|p| p.as_str().to_owned())
            .collect(),
        "SEV1..SEV4" => IncidentSeverity::ALL
            .iter()
            .map(|s| s.as_str().to_owned())
            .collect(),
        "KIND" => IdentityKind::ALL
            .iter()
            .map(|k| k.as_str())
            .chain(CredentialKind::ALL.iter().map(|k| k.as_str()))
            .map(str::to_owned)
            .collect(),
        "DURATION" | "SINCE" => words(&["5m", "10m", "15m", "30m", "1h"]),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_synopsis_splits_into_positional_slots_and_flags_with_their_values() {
        let (p, f) = synopsis_slots(
            "CREDENTIAL --kind KIND --for IDENTITY [--store RESOURCE] [--ttl DURATION]",
        );
        assert_eq!(p, vec!["CREDENTIAL"]);
        assert_eq!(
            f.iter()
                .map(|(a, b)| format!("{a}={b}"))
                .collect::<Vec<_>>(),
            vec![
                "--kind=KIND",
                "--for=IDENTITY",
                "--store=RESOURCE",
                "--ttl=DURATION"
            ]
        );
    }

    #[test]
    fn the_common_prefix_of_candidates_stops_at_the_first_difference() {
        let w = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(common_prefix(&w(&["revoke", "revoke-sessions"])), "revoke");
        assert_eq!(common_prefix(&w(&["rotate", "restore"])), "r");
    }

    #[test]
    fn history_browses_back_and_returns_to_the_line_being_typed() {
        let mut c = CommandLine::default();
        c.set("logs tok-deploy");
        c.take();
        c.set("inspect prod-db");
        c.take();
        for ch in "no".chars() {
            c.insert(ch);
        }
        c.browse(true);
        assert_eq!(c.text(), "inspect prod-db");
        c.browse(true);
        assert_eq!(c.text(), "logs tok-deploy");
        c.browse(true);
        assert_eq!(c.text(), "logs tok-deploy");
        c.browse(false);
        c.browse(false);
        assert_eq!(c.text(), "no");
    }

    #[test]
    fn editing_in_the_middle_of_a_line_keeps_the_cursor_in_characters() {
        let mut c = CommandLine::default();
        c.set("note \"réseau\"");
        c.move_cursor(-2);
        c.insert('x');
        assert_eq!(c.text(), "note \"réseaxu\"");
        c.backspace();
        c.delete();
        assert_eq!(c.text(), "note \"résea\"");
        c.home_end(true);
        c.delete_word();
        assert_eq!(c.text(), "note ");
    }
}
