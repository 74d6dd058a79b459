//! Reading estate items written one flow mapping a line, without the YAML parser.
//!
//! Generated and imported estates write every item of the long lists the same way:
//!
//! ```yaml
//!     - { id: cred-000001, kind: access-key, authenticates: id-267871, age: 69d }
//! ```
//!
//! A general YAML parser spends most of a million-node load on such lines. This module reads
//! a piece of a list (see the `parallel` module) when *every* line of it has exactly that
//! shape, in a strict subset of YAML whose meaning is certain: `- { key: value, … }` with
//! single spaces as shown, keys the record knows (each at most once), values that are plain
//! words of lowercase letters, digits and hyphens, or flow lists of them (`[a, b]`, `[]`).
//! A word stands for a string only when YAML reads it as one (it holds a letter other than
//! `e`, and is none of YAML's `null`, `true`, `false`, `yes`, `no`, `on`, `off`, `y`, `n`);
//! typed fields go through the same `Deserialize` as the YAML parse, from the word's text.
//! Anything else (a nested mapping such as `needs`, a quoted value, a second line, a word the
//! field refuses, a missing field) makes [`read`] return `None`, and the piece is parsed by
//! serde-saphyr as before, so results and errors are the parser's whenever this is unsure.
//!
//! Locations are those the parser gives: line numbers count from the piece's first line,
//! columns are 1-based characters (the lines are ASCII), a scalar is located at its first
//! character and a grant at its `{`.

use serde::Deserialize;
use serde::de::value::{Error as ValueError, StrDeserializer};

use crate::format::{CredentialSpec, GrantSpec, IdentitySpec, ResourceSpec, WorkloadSpec};
use crate::values::{At, Duration, Id, IdList, LastUsedSpec, Loc};

/// A value as written: one word, or a flow list of words, each with its column.
enum Value<'t> {
    Word(&'t str, u32),
    List(Vec<(&'t str, u32)>),
}

/// One item line: its `{` column and its `key: value` pairs.
pub(crate) struct Item<'t> {
    line: u32,
    open: u32,
    pairs: Vec<(&'t str, Value<'t>)>,
}

/// Whether a byte may appear in a word.
fn word_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_'
}

/// Reads one word starting at `at`; returns it and the position after it.
fn word(line: &[u8], at: usize) -> Option<(usize, usize)> {
    if !line
        .get(at)
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        return None;
    }
    let end = at
        + line
            .get(at..)?
            .iter()
            .take_while(|&&b| word_byte(b))
            .count();
    (end > at).then_some((at, end))
}

/// Parses `- { k: v, k: [a, b] }` at exactly `indent` spaces; `None` for anything else.
fn item(text: &str, indent: usize, line_no: u32) -> Option<Item<'_>> {
    let line = text.strip_suffix('\r').unwrap_or(text);
    let b = line.as_bytes();
    if !line.is_ascii() || b.len() < indent + 6 {
        return None;
    }
    let (lead, rest) = b.split_at_checked(indent)?;
    if lead.iter().any(|&c| c != b' ') {
        return None;
    }
    if !rest.starts_with(b"- { ") || !rest.ends_with(b" }") {
        return None;
    }
    let open = (indent + 3) as u32; // 1-based column of `{`
    let end = b.len() - 2;
    let mut at = indent + 4;
    let mut pairs = Vec::with_capacity(8);
    loop {
        let (ks, ke) = word(b, at)?;
        if !b.get(ke..)?.starts_with(b": ") {
            return None;
        }
        at = ke + 2;
        let value = if b.get(at) == Some(&b'[') {
            at += 1;
            let mut items = Vec::new();
            if b.get(at) == Some(&b']') {
                at += 1;
            } else {
                loop {
                    let (ws, we) = word(b, at)?;
                    items.push((line.get(ws..we)?, ws as u32 + 1));
                    at = we;
                    match b.get(at) {
                        Some(b']') => {
                            at += 1;
                            break;
                        }
                        Some(b',') if b.get(at + 1) == Some(&b' ') => at += 2,
                        _ => return None,
                    }
                }
            }
            Value::List(items)
        } else {
            let (ws, we) = word(b, at)?;
            at = we;
            Value::Word(line.get(ws..we)?, ws as u32 + 1)
        };
        pairs.push((line.get(ks..ke)?, value));
        if at == end {
            break;
        }
        if !b.get(at..)?.starts_with(b", ") {
            return None;
        }
        at += 2;
    }
    Some(Item {
        line: line_no,
        open,
        pairs,
    })
}

/// Whether YAML reads a plain word as a string (and not a number, a bool or null).
fn is_string_word(w: &str) -> bool {
    const KEYWORDS: [&str; 9] = ["null", "true", "false", "yes", "no", "on", "off", "y", "n"];
    w.bytes().any(|b| b.is_ascii_lowercase() && b != b'e') && !KEYWORDS.contains(&w)
}

/// The fields of one item, each taken at most once.
struct Fields<'i, 't> {
    item: &'i Item<'t>,
    taken: u32,
}

impl<'t> Fields<'_, 't> {
    fn new<'i>(item: &'i Item<'t>, known: &[&str]) -> Option<Fields<'i, 't>> {
        // Every key known and none repeated: the record refuses both.
        let mut seen = 0u32;
        for (k, _) in &item.pairs {
            let i = known.iter().position(|f| f == k)?;
            if seen & (1 << i) != 0 {
                return None;
            }
            seen |= 1 << i;
        }
        Some(Fields { item, taken: 0 })
    }

    fn get(&mut self, key: &str) -> Option<&Value<'t>> {
        let (_, value) = self.item.pairs.iter().find(|(k, _)| *k == key)?;
        self.taken += 1;
        Some(value)
    }

    fn loc(&self, col: u32) -> Loc {
        Loc::new(self.item.line, col)
    }

    /// A required string.
    fn id(&mut self, key: &str) -> Option<Id> {
        match self.get(key)? {
            &Value::Word(w, col) if is_string_word(w) => Some(At::new(w.to_owned(), self.loc(col))),
            _ => None,
        }
    }

    /// An optional string: `Some(None)` when absent, `None` when unreadable here.
    // The outer `None` gives up on the line (`?` all the way out), the inner is the field's.
    #[allow(clippy::option_option)]
    fn opt_id(&mut self, key: &str) -> Option<Option<Id>> {
        if self.item.pairs.iter().all(|(k, _)| *k != key) {
            return Some(None);
        }
        self.id(key).map(Some)
    }

    /// One id or a list of ids; empty when absent.
    fn ids(&mut self, key: &str) -> Option<IdList> {
        let line = self.item.line;
        let at = |w: &str, col: u32| {
            is_string_word(w).then(|| At::new(w.to_owned(), Loc::new(line, col)))
        };
        match self.get(key) {
            None => Some(IdList::default()),
            Some(&Value::Word(w, col)) => Some(IdList(vec![at(w, col)?])),
            Some(Value::List(items)) => items
                .iter()
                .map(|&(w, col)| at(w, col))
                .collect::<Option<Vec<_>>>()
                .map(IdList),
        }
    }

    /// A typed word, read by the type's own `Deserialize` from its text: `Some(None)` when
    /// absent, `None` when unreadable here (the parser then explains it).
    #[allow(clippy::option_option)] // as for `opt_id`
    fn typed<T: for<'de> Deserialize<'de>>(&mut self, key: &str) -> Option<Option<T>> {
        match self.get(key) {
            None => Some(None),
            Some(&Value::Word(w, _)) if is_string_word(w) => {
                T::deserialize(StrDeserializer::<ValueError>::new(w))
                    .ok()
                    .map(Some)
            }
            Some(_) => None,
        }
    }

    fn required<T: for<'de> Deserialize<'de>>(&mut self, key: &str) -> Option<T> {
        self.typed(key)?
    }

    /// A bool, `default` when absent.
    fn flag(&mut self, key: &str, default: bool) -> Option<bool> {
        match self.get(key) {
            None => Some(default),
            Some(Value::Word("true", _)) => Some(true),
            Some(Value::Word("false", _)) => Some(false),
            Some(_) => None,
        }
    }

    /// Whether every key present was read.
    fn all_taken(&self) -> bool {
        self.taken as usize == self.item.pairs.len()
    }
}

/// A record read from one item line.
pub(crate) trait FromLine: Sized {
    fn from_item(item: &Item<'_>) -> Option<Self>;
}

impl FromLine for WorkloadSpec {
    fn from_item(item: &Item<'_>) -> Option<Self> {
        let known = [
            "id",
            "kind",
            "env",
            "criticality",
            "owner",
            "internet_facing",
            "runs_as",
            "holds",
            "hidden",
        ];
        let mut f = Fields::new(item, &known)?;
        let spec = WorkloadSpec {
            id: f.id("id")?,
            kind: f.required("kind")?,
            env: f.typed("env")?,
            criticality: f
                .typed("criticality")?
                .unwrap_or(drillhall_estate::Criticality::Low),
            owner: f.opt_id("owner")?,
            internet_facing: f.flag("internet_facing", false)?,
            runs_as: f.opt_id("runs_as")?,
            holds: f.ids("holds")?,
            hidden: f.flag("hidden", false)?,
            needs: Vec::new(),
            schedule: None,
        };
        f.all_taken().then_some(spec)
    }
}

impl FromLine for IdentitySpec {
    fn from_item(item: &Item<'_>) -> Option<Self> {
        let known = [
            "id",
            "kind",
            "owner",
            "env",
            "can_assume",
            "controls",
            "last_used",
            "hidden",
        ];
        let mut f = Fields::new(item, &known)?;
        let spec = IdentitySpec {
            id: f.id("id")?,
            kind: f.required("kind")?,
            owner: f.opt_id("owner")?,
            env: f.typed("env")?,
            can_assume: f.ids("can_assume")?,
            controls: f.ids("controls")?,
            last_used: f.typed::<LastUsedSpec>("last_used")?,
            hidden: f.flag("hidden", false)?,
        };
        f.all_taken().then_some(spec)
    }
}

impl FromLine for CredentialSpec {
    fn from_item(item: &Item<'_>) -> Option<Self> {
        let known = [
            "id",
            "kind",
            "authenticates",
            "age",
            "expires",
            "rotation",
            "max_age",
            "last_used",
            "hidden",
        ];
        let mut f = Fields::new(item, &known)?;
        let spec = CredentialSpec {
            id: f.id("id")?,
            kind: f.required("kind")?,
            authenticates: f.id("authenticates")?,
            age: f.typed::<Duration>("age")?,
            expires: f.typed::<Duration>("expires")?,
            rotation: f
                .typed("rotation")?
                .unwrap_or(drillhall_estate::Rotation::Manual),
            max_age: f.typed::<Duration>("max_age")?,
            last_used: f.typed::<LastUsedSpec>("last_used")?,
            hidden: f.flag("hidden", false)?,
        };
        f.all_taken().then_some(spec)
    }
}

impl FromLine for ResourceSpec {
    fn from_item(item: &Item<'_>) -> Option<Self> {
        let known = [
            "id",
            "kind",
            "sensitivity",
            "owner",
            "env",
            "stores",
            "runs",
        ];
        let mut f = Fields::new(item, &known)?;
        let spec = ResourceSpec {
            id: f.id("id")?,
            kind: f.required("kind")?,
            sensitivity: f
                .typed("sensitivity")?
                .unwrap_or(drillhall_estate::Sensitivity::Internal),
            owner: f.opt_id("owner")?,
            env: f.typed("env")?,
            stores: f.ids("stores")?,
            runs: f.ids("runs")?,
        };
        f.all_taken().then_some(spec)
    }
}

impl FromLine for At<GrantSpec> {
    fn from_item(item: &Item<'_>) -> Option<Self> {
        let known = ["identity", "resource", "permission", "used", "last_used"];
        let mut f = Fields::new(item, &known)?;
        let spec = GrantSpec {
            identity: f.id("identity")?,
            resource: f.id("resource")?,
            permission: f.required("permission")?,
            used: f.flag("used", true)?,
            last_used: f.typed::<LastUsedSpec>("last_used")?,
        };
        let loc = f.loc(item.open);
        f.all_taken().then_some(At::new(spec, loc))
    }
}

/// Reads a piece of a list whose first line is line `lines_before + 1` of the file: every
/// line must be an item at the indentation of the first, or `None`.
pub(crate) fn read<T: FromLine>(piece: &str, lines_before: usize) -> Option<Vec<T>> {
    let first = piece.lines().next()?;
    let indent = first.len() - first.trim_start_matches(' ').len();
    let mut out = Vec::with_capacity(piece.len() / 64);
    for (i, line) in piece.split('\n').enumerate() {
        if line.is_empty() {
            // The piece's final newline, or a blank line, which YAML skips too.
            continue;
        }
        let line_no = u32::try_from(lines_before + i + 1).ok()?;
        out.push(T::from_item(&item(line, indent, line_no)?)?);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credentials(text: &str) -> Option<Vec<CredentialSpec>> {
        read(text, 9)
    }

    #[test]
    fn an_item_line_reads_with_the_parsers_values_and_locations() {
        let line = "    - { id: cred-7, kind: access-key, authenticates: id-2, age: 69d, last_used: never }\n";
        let got = credentials(line).expect("the line has the generated shape");
        let want: Vec<CredentialSpec> =
            serde_saphyr::from_str(&format!("{}{line}", "\n".repeat(9))).expect("valid YAML");
        assert_eq!(
            serde_json::to_value(&got).expect("serialises"),
            serde_json::to_value(&want).expect("serialises")
        );
        assert_eq!(got[0].id.loc, want[0].id.loc);
        assert_eq!(got[0].authenticates.loc, want[0].authenticates.loc);
        assert_eq!(got[0].id.loc, Loc::new(10, 13));
    }

    #[test]
    fn a_grant_is_located_at_its_brace_as_the_parser_locates_it() {
        let line = "    - { identity: id-1, resource: res-2, permission: none, used: false }\n";
        let got: Vec<At<GrantSpec>> = read(line, 0).expect("the line has the generated shape");
        let want: Vec<At<GrantSpec>> = serde_saphyr::from_str(line).expect("valid YAML");
        assert_eq!(got[0].loc, want[0].loc);
        assert_eq!(got[0].value.resource.loc, want[0].value.resource.loc);
        assert!(!got[0].value.used);
    }

    #[test]
    fn anything_outside_the_strict_shape_is_left_to_the_parser() {
        let base = "    - { id: cred-7, kind: access-key, authenticates: id-2 }";
        assert!(credentials(base).is_some());
        for odd in [
            "    - { id: cred-7, kind: access-key, authenticates: id-2 } # a comment",
            "    - { id: \"cred-7\", kind: access-key, authenticates: id-2 }",
            "    - { id: cred-7, kind: access-key, authenticates: yes }",
            "    - { id: cred-7, kind: access-key, authenticates: 12 }",
            "    - { id: cred-7, kind: access-key, authenticates: id-2, id: cred-8 }",
            "    - { id: cred-7, kind: access-key, authenticates: id-2, colour: red }",
            "    - { id: cred-7, kind: acess-key, authenticates: id-2 }",
            "    - { id: cred-7, kind: access-key }",
            "    - {id: cred-7, kind: access-key, authenticates: id-2}",
            "    - { id: cred-7, kind: access-key, authenticates: id-2, hidden: yes }",
            "      - { id: cred-7, kind: access-key, authenticates: id-2 }",
        ] {
            assert!(credentials(&format!("{base}\n{odd}\n")).is_none(), "{odd}");
        }
        let needs = "    - { id: wl-1, kind: job, needs: [{ resource: r, permission: read }] }";
        assert!(read::<WorkloadSpec>(needs, 0).is_none());
    }
}
