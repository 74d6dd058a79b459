//! The schema editors use: the derived schema with the reference's words on every field and
//! the rules a flat record cannot say.
//!
//! The derived schema ([`super::cached`]) says which fields each record has and what each
//! value looks like. An editor also needs what the reference says about a field (its
//! meaning, type and default, shown on hover), an example of it (from the reference's
//! worked examples), and the rules that depend on a value: an inject's fields depend on its
//! `kind` (the reference's inject table), and an objective has exactly one condition (the
//! reference's condition table). All of it is read from docs/scenario-format.md
//! ([`super::reference`]), so the hover text is the reference's text.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde_json::{Map, Value, json};

use super::reference::{self, Row};
use super::{cached, resolve};

/// A JSON Schema dialect the editor schema is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Draft {
    /// Draft 2020-12, the current one.
    Draft2020_12,
    /// Draft-07, what the YAML language server (VS Code, Neovim, Helix, …) understands.
    Draft07,
}

impl Draft {
    /// Every dialect, by the word `drillhall schema --draft` takes.
    pub const ALL: [Draft; 2] = [Draft::Draft2020_12, Draft::Draft07];

    /// The word for the dialect: `2020-12` or `07`.
    pub fn as_str(self) -> &'static str {
        match self {
            Draft::Draft2020_12 => "2020-12",
            Draft::Draft07 => "07",
        }
    }

    /// The dialect a word names (`2020-12`, `07`, `7`, `draft-07`).
    pub fn parse(word: &str) -> Option<Draft> {
        match word
            .trim_start_matches("draft-")
            .trim_start_matches("draft")
        {
            "2020-12" => Some(Draft::Draft2020_12),
            "07" | "7" => Some(Draft::Draft07),
            _ => None,
        }
    }

    /// The meta-schema a document of this dialect names in `$schema`.
    pub fn meta_schema(self) -> &'static str {
        match self {
            Draft::Draft2020_12 => "https://json-schema.org/draft/2020-12/schema",
            Draft::Draft07 => "http://json-schema.org/draft-07/schema#",
        }
    }
}

/// Which table of the reference describes which record (`""` is the file itself).
const RECORD_TABLES: &[(&str, &str)] = &[
    ("", "The file"),
    ("Metadata", "metadata"),
    ("Supervision", "supervision"),
    ("EstateSpec", "estate"),
    ("PolicySpec", "policy"),
    ("TeamSpec", "teams"),
    ("WorkloadSpec", "workloads"),
    ("ScheduleSpec", "schedule"),
    ("NeedSpec", "needs"),
    ("IdentitySpec", "identities"),
    ("CredentialSpec", "credentials"),
    ("ResourceSpec", "resources"),
    ("GrantSpec", "grants"),
    ("InjectSpec", "injects"),
    ("AdversarySpec", "adversary"),
    ("DetectionSpec", "detections"),
    ("ObjectiveSpec", "objectives"),
    ("MaxOutageSpec", "max_outage"),
    ("GrantAtMostSpec", "grant_at_most"),
    ("ScoringSpec", "scoring"),
    ("StepSpec", "Steps"),
    ("HintSpec", "Hints"),
    ("ExpectSpec", "Expect"),
    ("MinScore", "expect.expert"),
    ("KnownBadBound", "expect.known_bad.NAME"),
    ("DimensionBounds", "expect.known_bad.NAME.dimensions"),
    ("BotBound", "expect.bots.NAME"),
    ("MaxScore", "expect.luck_share"),
];

/// The editor schema in a dialect.
pub(crate) fn schema(draft: Draft) -> Value {
    let mut s = enriched().clone();
    if draft == Draft::Draft07 {
        to_draft07(&mut s);
    }
    if let Some(obj) = s.as_object_mut() {
        obj.insert("$schema".into(), Value::String(draft.meta_schema().into()));
    }
    s
}

fn enriched() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let raw = cached();
        let tables = reference::tables();
        let examples = examples(raw);
        let mut s = raw.clone();
        let mut required_by_record = Vec::new();
        for (def, fields) in records_mut(&mut s) {
            let mut required = Vec::new();
            let rows = RECORD_TABLES
                .iter()
                .find(|(d, _)| *d == def)
                .and_then(|(_, table)| tables.get(*table));
            for (field, prop) in fields.iter_mut() {
                let Some(prop) = prop.as_object_mut() else {
                    continue;
                };
                if let Some(row) = rows.and_then(|rows| rows.iter().find(|r| &r.field == field)) {
                    let own = prop.get("description").and_then(Value::as_str);
                    let text = describe(row, own);
                    prop.insert("description".into(), Value::String(text));
                }
                if let Some(row) = rows.and_then(|rows| rows.iter().find(|r| &r.field == field))
                    && let Some(default) = row.cell("default")
                    && default.starts_with("required")
                {
                    required.push(field.clone());
                    if default.contains("at least one") {
                        prop.insert("minItems".into(), json!(1));
                    }
                }
                if let Some(example) = examples.get(&(def.clone(), field.clone())) {
                    prop.insert("examples".into(), Value::Array(vec![example.clone()]));
                }
            }
            required_by_record.push((def, required));
        }
        // What the reference calls required is required (`objectives`: at least one).
        for (def, fields) in required_by_record {
            let pointer = if def.is_empty() {
                String::new()
            } else {
                format!("/$defs/{def}")
            };
            let Some(record) = s.pointer_mut(&pointer).and_then(Value::as_object_mut) else {
                continue;
            };
            let list = record
                .entry("required")
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Some(list) = list.as_array_mut() {
                for f in fields {
                    if !list.iter().any(|v| v == f.as_str()) {
                        list.push(Value::String(f));
                    }
                }
            }
        }
        if let Some(rows) = tables.get("injects") {
            inject_rules(&mut s, rows);
        }
        if let Some(rows) = tables.get("objectives") {
            objective_rules(&mut s, rows);
        }
        s
    })
}

/// Every record of a schema (the file itself as `""`, then each definition with
/// properties), with its properties to edit.
fn records_mut(s: &mut Value) -> Vec<(String, &mut Map<String, Value>)> {
    let Some(root) = s.as_object_mut() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut defs = None;
    for (k, v) in root.iter_mut() {
        match k.as_str() {
            "properties" => {
                if let Some(p) = v.as_object_mut() {
                    out.push((String::new(), p));
                }
            }
            "$defs" => defs = v.as_object_mut(),
            _ => {}
        }
    }
    for (name, def) in defs.into_iter().flat_map(|d| d.iter_mut()) {
        if let Some(p) = def.get_mut("properties").and_then(Value::as_object_mut) {
            out.push((name.clone(), p));
        }
    }
    out
}

/// A field's hover text: the reference's meaning (or the type's doc comment when the
/// reference leaves it to the table's other columns), then its other columns.
fn describe(row: &Row, own: Option<&str>) -> String {
    let main = row
        .cell("meaning")
        .or_else(|| row.cell("met when"))
        .map(str::to_owned)
        .or_else(|| own.map(|d| d.split("\n\n").next().unwrap_or(d).replace('\n', " ")));
    let mut parts = Vec::new();
    if let Some(m) = main {
        parts.push(sentence(&m));
    }
    for (header, cell) in &row.cells {
        if cell.is_empty() || header == "meaning" || header == "met when" {
            continue;
        }
        parts.push(match (header.as_str(), cell.as_str()) {
            ("default", "required") => "Required.".to_owned(),
            ("default", d) => format!("Default: {}.", d.trim_end_matches('.')),
            (h, c) => sentence(&format!("{h}: {c}")),
        });
    }
    parts.join(" ")
}

/// A phrase as a sentence: capitalised, ending with a full stop.
fn sentence(phrase: &str) -> String {
    let phrase = phrase.trim().trim_end_matches('.');
    let mut c = phrase.chars();
    match c.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), c.as_str()),
        None => String::new(),
    }
}

/// The first value each field of each record has in the reference's worked examples, keyed
/// by (record, field); lists shortened to their first item.
fn examples(raw: &Value) -> BTreeMap<(String, String), Value> {
    let mut out = BTreeMap::new();
    for text in reference::scenario_examples() {
        // The examples are checked to be valid scenarios (tests/docs.rs); one the YAML
        // reader cannot turn into JSON simply contributes nothing.
        let Ok(doc) = serde_saphyr::from_str::<Value>(text) else {
            continue;
        };
        collect(raw, raw, &doc, &mut out);
    }
    out
}

fn collect(
    root: &Value,
    schema: &Value,
    value: &Value,
    out: &mut BTreeMap<(String, String), Value>,
) {
    match value {
        Value::Object(map) => {
            let record = resolve(root, schema, "properties");
            let name = record_name(root, record);
            for (k, v) in map {
                if let Some(prop) = record.get("properties").and_then(|p| p.get(k)) {
                    if let Some(name) = &name {
                        out.entry((name.clone(), k.clone()))
                            .or_insert_with(|| shorten(v));
                    }
                    collect(root, prop, v, out);
                } else if let Some(extra) =
                    record.get("additionalProperties").filter(|a| a.is_object())
                {
                    collect(root, extra, v, out);
                }
            }
        }
        Value::Array(items) => {
            if let Some(item) = resolve(root, schema, "items").get("items") {
                for v in items {
                    collect(root, item, v, out);
                }
            }
        }
        _ => {}
    }
}

/// The record a resolved schema is: `""` for the file, a definition's name, or none.
fn record_name(root: &Value, record: &Value) -> Option<String> {
    if std::ptr::eq(root, record) {
        return Some(String::new());
    }
    root.get("$defs")?
        .as_object()?
        .iter()
        .find(|(_, d)| std::ptr::eq(*d, record))
        .map(|(n, _)| n.clone())
}

/// An example short enough to read on hover: lists keep their first item.
fn shorten(v: &Value) -> Value {
    match v {
        Value::Array(items) => Value::Array(items.iter().take(1).map(shorten).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), shorten(v))).collect())
        }
        other => other.clone(),
    }
}

/// The inject kinds a cell of the reference's inject table names: "all", "all but" some
/// kinds, or the kinds in backticks.
fn kinds_in(cell: Option<&str>, all: &[String]) -> Vec<String> {
    let Some(cell) = cell else {
        return Vec::new();
    };
    let named = reference::backticked(cell);
    if cell.starts_with("all but") {
        all.iter().filter(|k| !named.contains(k)).cloned().collect()
    } else if cell == "all" {
        all.to_vec()
    } else {
        all.iter().filter(|k| named.contains(k)).cloned().collect()
    }
}

/// An inject's fields depend on its kind: for each kind, the fields it requires and the
/// fields that do not apply to it, as the reference's inject table says.
fn inject_rules(s: &mut Value, rows: &[Row]) {
    let raw = cached();
    let Some(inject) = raw.get("$defs").and_then(|d| d.get("InjectSpec")) else {
        return;
    };
    let all: Vec<String> = inject
        .get("properties")
        .and_then(|p| p.get("kind"))
        .map(|k| resolve(raw, k, "enum"))
        .and_then(|k| k.get("enum"))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let mut rules = Vec::new();
    for kind in &all {
        let mut required = Vec::new();
        let mut forbidden = Map::new();
        for row in rows {
            if row.field == "id" || row.field == "kind" {
                continue;
            }
            let applies = kinds_in(row.cell("applies to"), &all).contains(kind);
            if !applies {
                let is_flag = inject
                    .get("properties")
                    .and_then(|p| p.get(&row.field))
                    .and_then(|p| p.get("type"))
                    == Some(&json!("boolean"));
                // A flag that does not apply may still be written as `false`.
                let deny = if is_flag {
                    json!({ "const": false })
                } else {
                    Value::Bool(false)
                };
                forbidden.insert(row.field.clone(), deny);
            } else if kinds_in(row.cell("required for"), &all).contains(kind) {
                required.push(Value::String(row.field.clone()));
            }
        }
        rules.push(json!({
            "if": { "properties": { "kind": { "const": kind } }, "required": ["kind"] },
            "then": { "required": required, "properties": forbidden },
        }));
    }
    if let Some(def) = s
        .pointer_mut("/$defs/InjectSpec")
        .and_then(Value::as_object_mut)
    {
        def.insert("allOf".into(), Value::Array(rules));
    }
}

/// An objective has exactly one of the conditions of the reference's condition table.
fn objective_rules(s: &mut Value, rows: &[Row]) {
    let conditions: Vec<Value> = rows
        .iter()
        .filter(|r| r.cell("met when").is_some())
        .map(|r| json!({ "required": [r.field] }))
        .collect();
    if conditions.is_empty() {
        return;
    }
    if let Some(def) = s
        .pointer_mut("/$defs/ObjectiveSpec")
        .and_then(Value::as_object_mut)
    {
        def.insert("oneOf".into(), Value::Array(conditions));
    }
}

/// Rewrites a 2020-12 schema as draft-07: definitions under `definitions`, and a `$ref`
/// with siblings (which draft-07 ignores) wrapped in `allOf`.
fn to_draft07(s: &mut Value) {
    if let Some(obj) = s.as_object_mut()
        && let Some(defs) = obj.remove("$defs")
    {
        obj.insert("definitions".into(), defs);
    }
    rewrite_refs(s);
}

fn rewrite_refs(v: &mut Value) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref") {
                if let Some(name) = r.strip_prefix("#/$defs/") {
                    *r = format!("#/definitions/{name}");
                }
                if map.len() > 1 {
                    let r = map.remove("$ref").expect("invariant: just matched `$ref`");
                    map.insert("allOf".into(), json!([{ "$ref": r }]));
                }
            }
            for child in map.values_mut() {
                rewrite_refs(child);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every property of every record, with its schema.
    fn properties(s: &Value) -> Vec<(String, String, Value)> {
        let mut s = s.clone();
        records_mut(&mut s)
            .into_iter()
            .flat_map(|(def, props)| {
                props
                    .iter()
                    .map(|(k, v)| (def.clone(), k.clone(), v.clone()))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn every_field_has_a_description_and_an_example() {
        let s = schema(Draft::Draft2020_12);
        let props = properties(&s);
        assert!(props.len() > 60, "{}", props.len());
        let undescribed: Vec<String> = props
            .iter()
            .filter(|(_, _, p)| {
                p.get("description")
                    .and_then(Value::as_str)
                    .is_none_or(str::is_empty)
            })
            .map(|(d, f, _)| format!("{d}.{f}"))
            .collect();
        assert!(undescribed.is_empty(), "no description: {undescribed:?}");
        let unexampled: Vec<String> = props
            .iter()
            .filter(|(_, _, p)| {
                p.get("examples")
                    .and_then(Value::as_array)
                    .is_none_or(Vec::is_empty)
            })
            .map(|(d, f, _)| format!("{d}.{f}"))
            .collect();
        assert!(
            unexampled.is_empty(),
            "no example in the reference: {unexampled:?}"
        );
    }

    #[test]
    fn descriptions_are_the_reference_rows() {
        let s = schema(Draft::Draft2020_12);
        let d = s
            .pointer("/$defs/CredentialSpec/properties/authenticates/description")
            .and_then(Value::as_str)
            .expect("a description");
        assert_eq!(
            d,
            "Using the credential is acting as this identity. Type: identity id. Required."
        );
        let via = s
            .pointer("/$defs/InjectSpec/properties/via/description")
            .and_then(Value::as_str)
            .expect("a description");
        assert!(via.contains("Applies to: `credential-leak`."), "{via}");
    }

    #[test]
    fn examples_come_from_the_worked_examples() {
        let s = schema(Draft::Draft2020_12);
        assert_eq!(
            s.pointer("/$defs/Metadata/properties/duration/examples"),
            Some(&json!(["2h"]))
        );
        assert_eq!(
            s.pointer("/$defs/AdversarySpec/properties/goals/examples"),
            Some(&json!([["prod-db"]]))
        );
    }

    #[test]
    fn injects_carry_one_rule_per_kind() {
        let s = schema(Draft::Draft2020_12);
        let rules = s
            .pointer("/$defs/InjectSpec/allOf")
            .and_then(Value::as_array)
            .expect("inject rules");
        assert_eq!(rules.len(), 6);
        let leak = rules
            .iter()
            .find(|r| r.pointer("/if/properties/kind/const") == Some(&json!("credential-leak")))
            .expect("a credential-leak rule");
        assert_eq!(
            leak.pointer("/then/required"),
            Some(&json!(["at", "credential"]))
        );
        assert_eq!(
            leak.pointer("/then/properties/workload"),
            Some(&json!(false))
        );
        assert_eq!(
            leak.pointer("/then/properties/dumps_secrets"),
            Some(&json!({ "const": false }))
        );
        assert_eq!(leak.pointer("/then/properties/via"), None);
        let noise = rules
            .iter()
            .find(|r| r.pointer("/if/properties/kind/const") == Some(&json!("noise")))
            .expect("a noise rule");
        assert_eq!(noise.pointer("/then/required"), Some(&json!(["rate"])));
        assert_eq!(noise.pointer("/then/properties/at"), Some(&json!(false)));
    }

    /// Asserts no `$ref` has siblings and every `$ref` points into `definitions`.
    fn no_ref_with_siblings(v: &Value) {
        match v {
            Value::Object(map) => {
                if let Some(r) = map.get("$ref") {
                    assert_eq!(map.len(), 1, "a $ref with siblings: {v}");
                    assert!(
                        r.as_str().is_some_and(|r| r.starts_with("#/definitions/")),
                        "{r}"
                    );
                }
                map.values().for_each(no_ref_with_siblings);
            }
            Value::Array(items) => items.iter().for_each(no_ref_with_siblings),
            _ => {}
        }
    }

    #[test]
    fn draft_07_has_definitions_and_no_ref_with_siblings() {
        let s = schema(Draft::Draft07);
        assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
        assert!(s.get("$defs").is_none() && s.get("definitions").is_some());
        no_ref_with_siblings(&s);
    }

    #[test]
    fn draft_words_parse() {
        for d in Draft::ALL {
            assert_eq!(Draft::parse(d.as_str()), Some(d));
        }
        assert_eq!(Draft::parse("draft-07"), Some(Draft::Draft07));
        assert_eq!(Draft::parse("04"), None);
    }
}
