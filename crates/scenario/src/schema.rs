//! The JSON Schema of the format, for editors (`drillhall schema`), and the loader's map of
//! which fields each record has.
//!
//! The schema is derived from the format types with schemars, so it cannot drift from what
//! the loader accepts; titles and descriptions come from the types' doc comments. The loader
//! walks the same schema to word its messages: which record a missing field belongs to,
//! which words a `kind` accepts.

pub(crate) mod conform;
mod editor;
mod reference;

use std::sync::OnceLock;

use serde_json::Value;

use crate::format::ScenarioFile;
use crate::outline::Seg;

/// The JSON Schema (draft 2020-12) of scenario format v1, as editors use it: with the
/// reference's descriptions and examples on every field and the kind-conditional rules of
/// injects and objectives (see [`editor`]).
pub fn json_schema() -> Value {
    editor::schema(Draft::Draft2020_12)
}

/// The editor schema in a dialect: draft 2020-12, or draft-07 for the YAML language server
/// and the editors built on it.
pub fn json_schema_for(draft: Draft) -> Value {
    editor::schema(draft)
}

pub use editor::Draft;

/// The format's `apiVersion` (`drillhall/v1`), as the schema's envelope fixes it.
pub fn format_version() -> &'static str {
    cached()
        .pointer("/properties/apiVersion/const")
        .and_then(Value::as_str)
        .expect("invariant: the envelope fixes `apiVersion` with a `const`")
}

/// The schema as derived from the format types, which the loader walks to word its messages.
fn cached() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let mut v = serde_json::to_value(schemars::schema_for!(ScenarioFile))
            .expect("a schemars schema is plain JSON and always serialises");
        if let Some(obj) = v.as_object_mut() {
            obj.insert(
                "$id".into(),
                Value::String("https://drillhall.invalid/schema/scenario-v1.json".into()),
            );
        }
        v
    })
}

/// Follows `$ref`s and optional (`anyOf` with `null`) wrappers to the schema that describes a
/// value, preferring the alternative that has what `want` asks for.
pub(crate) fn resolve<'a>(root: &'a Value, mut s: &'a Value, want: &str) -> &'a Value {
    for _ in 0..16 {
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            let Some(name) = r.strip_prefix("#/$defs/") else {
                return s;
            };
            match root.get("$defs").and_then(|d| d.get(name)) {
                Some(t) => s = t,
                None => return s,
            }
            continue;
        }
        let alts = s
            .get("anyOf")
            .or_else(|| s.get("oneOf"))
            .and_then(Value::as_array);
        if let Some(alts) = alts {
            let pick = alts
                .iter()
                .find(|a| resolve(root, a, want).get(want).is_some())
                .or_else(|| alts.iter().find(|a| a.get("type") != Some(&"null".into())));
            match pick {
                Some(p) => s = p,
                None => return s,
            }
            continue;
        }
        return s;
    }
    s
}

/// The schema of the value at a path in a scenario file, if the path exists in the format.
fn at_path(path: &[Seg]) -> Option<&'static Value> {
    let root = cached();
    let mut s = root;
    for seg in path {
        s = match seg {
            Seg::Key(k) => {
                let obj = resolve(root, s, "properties");
                match obj.get("properties").and_then(|p| p.get(k.as_str())) {
                    Some(p) => p,
                    None => obj.get("additionalProperties").filter(|a| a.is_object())?,
                }
            }
            Seg::Index(_) => resolve(root, s, "items").get("items")?,
        };
    }
    Some(resolve(root, s, "properties"))
}

/// The field names of the record at a path (empty if the path is not a record).
pub(crate) fn record_fields(path: &[Seg]) -> Vec<&'static str> {
    at_path(path)
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
        .map(|p| p.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// What a field means, from its doc comment, as a phrase ("the identity this credential acts
/// as").
pub(crate) fn field_description(path: &[Seg]) -> Option<String> {
    let (last, parent) = path.split_last()?;
    let Seg::Key(k) = last else { return None };
    let d = at_path(parent)?
        .get("properties")?
        .get(k.as_str())?
        .get("description")?
        .as_str()?;
    let d = d.split("\n\n").next().unwrap_or(d).replace('\n', " ");
    let d = d.trim_end_matches('.');
    let mut c = d.chars();
    let first = c.next()?;
    Some(first.to_lowercase().chain(c).collect())
}

/// The words a field accepts, if it is one of the format's enumerations.
pub(crate) fn enum_words(path: &[Seg]) -> Vec<&'static str> {
    let Some(s) = at_path(path) else {
        return Vec::new();
    };
    let root = cached();
    let s = resolve(root, s, "enum");
    if let Some(words) = s.get("enum").and_then(Value::as_array) {
        return words.iter().filter_map(Value::as_str).collect();
    }
    // Unit enums derive as `oneOf` of `const` alternatives when variants carry docs.
    s.get("oneOf")
        .and_then(Value::as_array)
        .map(|alts| {
            alts.iter()
                .filter_map(|a| a.get("const").and_then(Value::as_str))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outline::{Body, Node};

    fn key(k: &str) -> Seg {
        Seg::Key(k.into())
    }

    #[test]
    fn the_schema_requires_the_envelope_and_rejects_unknown_top_level_keys() {
        let s = json_schema();
        let required: Vec<&str> = s["required"]
            .as_array()
            .expect("the top level has required fields")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(
            required,
            ["apiVersion", "kind", "metadata", "estate", "objectives"],
            "the envelope, and what the reference calls required"
        );
        assert_eq!(s["additionalProperties"], Value::Bool(false));
        assert_eq!(s["title"], "drillhall scenario v1");
    }

    #[test]
    fn every_record_of_the_format_denies_unknown_fields() {
        let s = json_schema();
        let defs = s["$defs"].as_object().expect("the schema has definitions");
        for (name, def) in defs {
            if def.get("properties").is_some() {
                assert_eq!(
                    def.get("additionalProperties"),
                    Some(&Value::Bool(false)),
                    "{name} must deny unknown fields"
                );
            }
        }
    }

    #[test]
    fn record_fields_follow_lists_maps_and_optional_records() {
        let w = record_fields(&[key("estate"), key("workloads"), Seg::Index(3)]);
        assert!(w.contains(&"runs_as") && w.contains(&"holds"), "{w:?}");
        let step = record_fields(&[key("known_bad"), key("panic"), Seg::Index(0)]);
        assert!(step.contains(&"do"), "{step:?}");
        let sched = record_fields(&[
            key("estate"),
            key("workloads"),
            Seg::Index(0),
            key("schedule"),
        ]);
        assert_eq!(sched, ["every", "first"]);
        assert!(record_fields(&[key("nowhere")]).is_empty());
    }

    #[test]
    fn enum_words_list_the_kinds_a_record_accepts() {
        let kinds = enum_words(&[
            key("estate"),
            key("credentials"),
            Seg::Index(0),
            key("kind"),
        ]);
        assert!(
            kinds.contains(&"api-token") && kinds.contains(&"signing-key"),
            "{kinds:?}"
        );
        let modes = enum_words(&[key("supervision"), key("mode")]);
        assert_eq!(modes, ["shadow", "guided", "reviewed", "independent"]);
    }

    #[test]
    fn field_descriptions_come_from_the_doc_comments() {
        let d = field_description(&[
            key("estate"),
            key("credentials"),
            Seg::Index(0),
            key("authenticates"),
        ]);
        assert_eq!(d.as_deref(), Some("the identity this credential acts as"));
    }

    /// Checks a document against the schema the way an editor would: every key is a field of
    /// its record, every required field is present, every enumerated word is one the schema
    /// lists. Returns the problems.
    fn conform(node: &Node, path: &mut Vec<Seg>, problems: &mut Vec<String>) {
        match &node.body {
            Body::Map(entries) => {
                let fields = record_fields(path);
                if let Some(required) = at_path(path)
                    .and_then(|s| s.get("required"))
                    .and_then(Value::as_array)
                {
                    for r in required.iter().filter_map(Value::as_str) {
                        if node.entry(r).is_none() {
                            problems.push(format!("{path:?}: missing `{r}`"));
                        }
                    }
                }
                for e in entries {
                    if !fields.is_empty() && !fields.contains(&e.key.as_str()) {
                        problems.push(format!("{path:?}: `{}` is not in the schema", e.key));
                    }
                    path.push(Seg::Key(e.key.clone()));
                    conform(&e.value, path, problems);
                    path.pop();
                }
            }
            Body::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(Seg::Index(i));
                    conform(item, path, problems);
                    path.pop();
                }
            }
            Body::Scalar(text) => {
                let words = enum_words(path);
                if !words.is_empty() && !words.contains(&text.as_str()) {
                    problems.push(format!("{path:?}: `{text}` is not one of {words:?}"));
                }
            }
        }
    }

    #[test]
    fn the_bundled_scenarios_conform_to_the_schema() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scenarios");
        let mut seen = 0;
        for entry in std::fs::read_dir(&dir).expect("scenarios/ exists") {
            let path = entry.expect("a readable directory entry").path();
            if path.extension().is_none_or(|x| x != "yaml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("a bundled scenario is UTF-8");
            let outline = Node::parse(&text, serde_saphyr::Options::default())
                .expect("a bundled scenario is YAML");
            let mut problems = Vec::new();
            conform(&outline, &mut Vec::new(), &mut problems);
            assert!(problems.is_empty(), "{}: {problems:#?}", path.display());
            seen += 1;
        }
        assert!(seen > 0, "at least one bundled scenario");
    }

    #[test]
    fn the_conformance_check_catches_what_the_schema_forbids() {
        let text = "apiVersion: drillhall/v1\nkind: Scenario\nmetadata: { id: x, title: t, duration: 4h, dificulty: 2 }\nestate: { credentials: [{ id: c, kind: api-tokn, authenticates: i }] }\n";
        let outline = Node::parse(text, serde_saphyr::Options::default()).expect("YAML");
        let mut problems = Vec::new();
        conform(&outline, &mut Vec::new(), &mut problems);
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(problems[0].contains("dificulty") && problems[1].contains("api-tokn"));
    }
}
