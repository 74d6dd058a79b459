//! Every structural problem in a file, from its outline and the format's schema.
//!
//! The typed reader (serde-saphyr) stops at the first value of the wrong shape, so a file with
//! five misspelt keys would be fixed one run at a time. When the typed read fails, the loader
//! walks the outline against the schema derived from the same types and reports every key that
//! is not a field, every required field that is missing, every word that is not one of its
//! enumeration, every value of the wrong shape and every scalar its type's own parser refuses
//! (a duration, a chance, a range, a rate), each located. The walk follows the schema, so it
//! cannot accept what the typed reader refuses without also missing it in the editor schema.

use serde::Deserialize;
use serde::de::value::{Error as ValueError, StrDeserializer};
use serde_json::Value;

use super::cached;
use crate::Diagnostic;
use crate::command::closest;
use crate::load::{in_phrase, word_list};
use crate::outline::{Body, Node, Seg};
use crate::values::{Chance, Duration, LastUsedSpec, Loc, Rate, SeedRange, TickRange};

/// The most problems one walk reports: a generated file with a systematic fault would
/// otherwise print a million lines that all say the same thing.
pub(crate) const MAX_PROBLEMS: usize = 200;

/// The structural problems of a document, in document order (at most [`MAX_PROBLEMS`]).
pub(crate) fn problems(file: &str, root: &Node) -> Vec<Diagnostic> {
    let mut walk = Walk {
        file,
        root,
        schema: cached(),
        out: Vec::new(),
    };
    let mut path = Vec::new();
    walk.node(root, walk.schema, None, &mut path);
    walk.out
}

struct Walk<'a> {
    file: &'a str,
    root: &'a Node,
    schema: &'static Value,
    out: Vec<Diagnostic>,
}

/// What a schema accepts, after following references and optional wrappers. One flag per
/// JSON type the schema names: a set of types, not a state machine.
#[derive(Default)]
#[allow(clippy::struct_excessive_bools)]
struct Accepts {
    object: Option<&'static Value>,
    array: Option<&'static Value>,
    string: bool,
    integer: Option<(Option<i128>, Option<i128>)>,
    number: bool,
    boolean: bool,
    null: bool,
    /// The enumerated words, if the value is one of them.
    words: Vec<&'static str>,
    /// The named scalar type (`Duration`, `Chance`), whose own parser checks the text.
    named: Option<&'static str>,
    /// Nothing is known about the value: anything goes.
    any: bool,
}

impl Walk<'_> {
    fn error(&mut self, loc: Loc, message: String, help: Option<String>) {
        if self.out.len() < MAX_PROBLEMS {
            self.out.push(Diagnostic {
                file: self.file.to_owned(),
                loc,
                message,
                help,
            });
        }
    }

    fn full(&self) -> bool {
        self.out.len() >= MAX_PROBLEMS
    }

    /// Collects what a schema accepts, through `$ref`, `anyOf`, `oneOf` and `type` lists.
    fn accepts(&self, s: &'static Value, named: Option<&'static str>, a: &mut Accepts, depth: u8) {
        if depth > 16 {
            a.any = true;
            return;
        }
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            let name = r.strip_prefix("#/$defs/");
            match name.and_then(|n| self.schema.get("$defs")?.get(n)) {
                Some(def) => self.accepts(def, name, a, depth + 1),
                None => a.any = true,
            }
            return;
        }
        let alts = s
            .get("anyOf")
            .or_else(|| s.get("oneOf"))
            .and_then(Value::as_array);
        if let Some(alts) = alts {
            for alt in alts {
                if let Some(c) = alt.get("const").and_then(Value::as_str) {
                    a.words.push(c);
                    a.string = true;
                } else {
                    self.accepts(alt, named, a, depth + 1);
                }
            }
            if named.is_some() && a.named.is_none() && is_scalar_type(named) {
                a.named = named;
            }
            return;
        }
        if let Some(words) = s.get("enum").and_then(Value::as_array) {
            a.words.extend(words.iter().filter_map(Value::as_str));
            a.string = true;
            return;
        }
        if s.get("const").and_then(Value::as_str).is_some() {
            // A fixed value (`apiVersion`, `kind`): validation words its own message.
            a.string = true;
            return;
        }
        let types: Vec<&str> = match s.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => {
                a.any = true;
                return;
            }
        };
        for t in types {
            match t {
                "object" => a.object = Some(s),
                "array" => a.array = Some(s),
                "string" => a.string = true,
                "integer" => {
                    let bound = |k: &str| s.get(k).and_then(Value::as_i64).map(i128::from);
                    let (lo, hi) = (bound("minimum"), bound("maximum"));
                    a.integer = Some(match a.integer {
                        // Two integer alternatives: the wider bounds.
                        Some((l, h)) => (l.min(lo), h.zip(hi).map(|(x, y)| x.max(y))),
                        None => (lo, hi),
                    });
                }
                "number" => a.number = true,
                "boolean" => a.boolean = true,
                "null" => a.null = true,
                _ => a.any = true,
            }
        }
        if is_scalar_type(named) && a.named.is_none() {
            a.named = named;
        }
    }

    fn node(&mut self, node: &Node, s: &'static Value, key: Option<&str>, path: &mut Vec<Seg>) {
        if self.full() {
            return;
        }
        let mut a = Accepts::default();
        self.accepts(s, None, &mut a, 0);
        if a.any {
            return;
        }
        match &node.body {
            Body::Map(_) => match a.object {
                Some(obj) => self.record(node, obj, path),
                None => self.wrong_shape(node, &a, key, path, "a mapping"),
            },
            Body::Seq(items) => match a.array.and_then(|arr| arr.get("items")) {
                Some(item_schema) => {
                    for (i, item) in items.iter().enumerate() {
                        path.push(Seg::Index(i));
                        self.node(item, item_schema, None, path);
                        path.pop();
                    }
                }
                None if a.array.is_some() => {}
                None => self.wrong_shape(node, &a, key, path, "a list"),
            },
            Body::Scalar(text) => self.scalar(node, text, &a, key, path),
        }
    }

    /// A mapping the schema says is a record: unknown keys, missing fields, then each value.
    fn record(&mut self, node: &Node, obj: &'static Value, path: &mut Vec<Seg>) {
        let props = obj.get("properties").and_then(Value::as_object);
        let extra = obj.get("additionalProperties");
        let fields: Vec<&'static str> = props
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        if let Some(required) = obj.get("required").and_then(Value::as_array) {
            for field in required.iter().filter_map(Value::as_str) {
                if node.entry(field).is_none() {
                    self.missing(node, field, path);
                }
            }
        }
        for e in node.entries() {
            if self.full() {
                return;
            }
            let schema = props.and_then(|p| p.get(&e.key));
            let schema = match (schema, extra) {
                (Some(s), _) => s,
                (None, Some(x)) if x.is_object() => x,
                (None, Some(Value::Bool(false))) => {
                    let help = match closest(&e.key, fields.iter().copied()) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("the fields here are {}", word_list(&fields)),
                    };
                    let place = in_phrase(self.root, path);
                    self.error(
                        e.key_loc,
                        format!("unknown field `{}` {place}", e.key),
                        Some(help),
                    );
                    continue;
                }
                _ => continue,
            };
            path.push(Seg::Key(e.key.clone()));
            self.node(&e.value, schema, Some(&e.key), path);
            path.pop();
        }
    }

    fn missing(&mut self, node: &Node, field: &str, path: &[Seg]) {
        let mut field_path = path.to_vec();
        field_path.push(Seg::Key(field.to_owned()));
        let words = super::enum_words(&field_path);
        let help = match (words.is_empty(), super::field_description(&field_path)) {
            (false, _) => format!("add `{field}:`, one of {}", word_list(&words)),
            (true, Some(what)) => format!("add `{field}: …`: {what}"),
            (true, None) => format!("add `{field}: …`"),
        };
        let (at, message) = if path.is_empty() {
            (
                Loc::new(1, 1),
                format!(
                    "the scenario has no `{field}`: every scenario needs `apiVersion`, `kind`, `metadata` and `estate`"
                ),
            )
        } else {
            (
                node.loc,
                format!("missing field `{field}` {}", in_phrase(self.root, path)),
            )
        };
        self.error(at, message, Some(help));
    }

    /// "`holds` in workload `api` " for the value of a key, or "this value ".
    fn field_words(&self, key: Option<&str>, path: &[Seg]) -> String {
        match (key, path.split_last()) {
            (Some(k), Some((_, parent))) => format!("`{k}` {} ", in_phrase(self.root, parent)),
            _ => format!(
                "{} ",
                in_phrase(self.root, path).replacen("in ", "the item in ", 1)
            ),
        }
    }

    fn wrong_shape(
        &mut self,
        node: &Node,
        a: &Accepts,
        key: Option<&str>,
        path: &[Seg],
        found: &str,
    ) {
        let field = self.field_words(key, path);
        let expected = expected_words(a);
        let help = match key {
            Some(k) => format!("write {expected} after `{k}:`"),
            None => format!("write {expected} here"),
        };
        self.error(
            node.loc,
            format!("{field}expects {expected}, found {found}"),
            Some(help),
        );
    }

    fn scalar(&mut self, node: &Node, text: &str, a: &Accepts, key: Option<&str>, path: &[Seg]) {
        // An empty value (`key:`) is left to the typed reader, which knows each field's default.
        if text.is_empty() {
            return;
        }
        let int = text.parse::<i128>().ok();
        if !a.words.is_empty() {
            if a.words.contains(&text) {
                return;
            }
            let what = match key {
                Some(k) => format!("`{k}`"),
                None => "word".into(),
            };
            let place = match path.split_last() {
                Some((_, parent)) if key.is_some() => in_phrase(self.root, parent),
                _ => in_phrase(self.root, path),
            };
            let help = match closest(text, a.words.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("use one of {}", word_list(&a.words)),
            };
            self.error(
                node.loc,
                format!("`{text}` is not a valid {what} {place}"),
                Some(help),
            );
            return;
        }
        if let Some(name) = a.named {
            if let Err(e) = parse_named(name, text) {
                let field = self.field_words(key, path);
                self.error(node.loc, format!("{field}is invalid: {e}"), None);
            }
            return;
        }
        if let (Some((lo, hi)), Some(v)) = (a.integer, int) {
            let below = lo.is_some_and(|lo| v < lo);
            let above = hi.is_some_and(|hi| v > hi);
            if below || above {
                let field = self.field_words(key, path);
                let range = match (lo, hi) {
                    (Some(lo), Some(hi)) => format!("from {lo} to {hi}"),
                    (Some(lo), None) => format!("at least {lo}"),
                    (None, Some(hi)) => format!("at most {hi}"),
                    (None, None) => String::new(),
                };
                self.error(node.loc, format!("{field}is {v}; it must be {range}"), None);
            }
            return;
        }
        let is_bool = matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off"
        );
        let ok = a.string
            || (a.boolean && is_bool)
            || (a.number && text.parse::<f64>().is_ok())
            || (a.integer.is_some() && int.is_some());
        if !ok {
            let field = self.field_words(key, path);
            let expected = expected_words(a);
            let help = if a.array.is_some() {
                format!("write it as a list: `[{}]`", shorten(text))
            } else {
                match key {
                    Some(k) => format!("write {expected} after `{k}:`"),
                    None => format!("write {expected} here"),
                }
            };
            self.error(
                node.loc,
                format!("{field}expects {expected}, found `{}`", shorten(text)),
                Some(help),
            );
        }
    }
}

/// The named scalar types whose parser is run on the text.
fn is_scalar_type(name: Option<&str>) -> bool {
    matches!(
        name,
        Some("Duration" | "Chance" | "TickRange" | "SeedRange" | "Rate" | "LastUsed")
    )
}

/// Runs the type's own parser on a scalar, for its message.
fn parse_named(name: &str, text: &str) -> Result<(), String> {
    fn run<'de, T: Deserialize<'de>>(text: &'de str) -> Result<(), String> {
        T::deserialize(StrDeserializer::<ValueError>::new(text))
            .map(drop)
            .map_err(|e| e.to_string())
    }
    match name {
        "Duration" => run::<Duration>(text),
        "Chance" => run::<Chance>(text),
        "TickRange" => run::<TickRange>(text),
        "SeedRange" => run::<SeedRange>(text),
        "Rate" => run::<Rate>(text),
        "LastUsed" => run::<LastUsedSpec>(text),
        _ => Ok(()),
    }
}

/// "a list", "a mapping of keys", "a whole number", "`true` or `false`", joined with "or".
fn expected_words(a: &Accepts) -> String {
    let mut words: Vec<&str> = Vec::new();
    if a.object.is_some() {
        words.push("a mapping of keys (`key: value`)");
    }
    if a.array.is_some() {
        words.push("a list");
    }
    if a.string {
        words.push("text");
    } else {
        if a.integer.is_some() {
            words.push("a whole number");
        }
        if a.number {
            words.push("a number");
        }
        if a.boolean {
            words.push("`true` or `false`");
        }
    }
    match words.split_last() {
        None => "another kind of value".into(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// A scalar as quoted in a message: at most 40 characters.
fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems_of(text: &str) -> Vec<Diagnostic> {
        let root = Node::parse(text, serde_saphyr::Options::default()).expect("YAML");
        problems("t.yaml", &root)
    }

    #[test]
    fn a_valid_bundled_scenario_has_no_structural_problem() {
        let text = include_str!("../../../../scenarios/leaked-ci-deploy-token.yaml");
        assert_eq!(problems_of(text), Vec::new());
    }

    #[test]
    fn a_word_where_a_list_goes_is_told_how_to_write_the_list() {
        let p = problems_of(
            "apiVersion: drillhall/v1\nkind: Scenario\nmetadata: { id: x, title: t, duration: 4h, tasks: secret-rotation }\nestate: {}\n",
        );
        assert_eq!(p.len(), 1, "{p:#?}");
        assert_eq!(p[0].loc, Loc::new(3, 51));
        assert_eq!(
            p[0].help.as_deref(),
            Some("write it as a list: `[secret-rotation]`")
        );
    }

    #[test]
    fn steps_of_known_bad_responses_are_checked_by_their_record() {
        let p = problems_of(
            "apiVersion: drillhall/v1\nkind: Scenario\nmetadata: { id: x, title: t, duration: 4h }\nestate: {}\nknown_bad:\n  panic:\n    - { at: 1m, doo: \"revoke c\" }\n",
        );
        let messages: Vec<&str> = p.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "missing field `do` in step #1 of `known_bad.panic`",
                "unknown field `doo` in step #1 of `known_bad.panic`"
            ],
            "{p:#?}"
        );
    }

    #[test]
    fn a_systematic_fault_is_reported_at_most_max_problems_times() {
        let mut text = String::from(
            "apiVersion: drillhall/v1\nkind: Scenario\nmetadata: { id: x, title: t, duration: 4h }\nestate:\n  teams:\n",
        );
        for i in 0..1000 {
            text.push_str(&format!("    - {{ id: t-{i}, colour: red }}\n"));
        }
        assert_eq!(problems_of(&text).len(), MAX_PROBLEMS);
    }
}
