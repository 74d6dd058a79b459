//! SARIF 2.1.0 output of `drillhall check --sarif FILE`, for code-scanning UIs.
//!
//! One result per failure of a case, each with a stable rule id (one rule per kind of check)
//! and the file, line and column to annotate: a diagnostic's own location for an invalid
//! scenario, the objective that was not met, the expert step that was refused, the first
//! step of a response that scored out of bounds, the journal of a session that diverged.
//! The log is written with `serde_json` from the handful of properties the specification
//! (OASIS SARIF 2.1.0, §3) requires or code-scanning services read.

use std::path::{Component, Path};

use serde_json::{Value, json};

use crate::outcome::CliError;

/// A kind of check whose failures are results, with its stable id.
pub struct Rule {
    pub id: &'static str,
    /// The check it reports (`validate`, `expert`, `known_bad/…`, `session`).
    pub check: &'static str,
    pub name: &'static str,
    pub summary: &'static str,
}

/// The rules, in `ruleIndex` order. Ids are stable: code-scanning services track alerts by
/// them.
pub const RULES: [Rule; 4] = [
    Rule {
        id: "DH001",
        check: "validate",
        name: "InvalidScenario",
        summary: "The scenario file does not load: a diagnostic of `drillhall validate`.",
    },
    Rule {
        id: "DH002",
        check: "expert",
        name: "ExpertResponseFails",
        summary: "The expert response has a refused step, misses an objective or scores below `expect.expert.min` on a seed.",
    },
    Rule {
        id: "DH003",
        check: "known_bad",
        name: "KnownBadResponseNotCaught",
        summary: "A known-bad response scores above its `expect.known_bad` ceiling, or not below the expert, on a seed.",
    },
    Rule {
        id: "DH004",
        check: "session",
        name: "GoldenSessionDiverges",
        summary: "A golden session no longer replays to the digest it recorded.",
    },
];

/// The rule of a check (`known_bad/NAME` is `known_bad`).
pub fn rule_index(check: &str) -> usize {
    let family = check.split('/').next().unwrap_or(check);
    RULES.iter().position(|r| r.check == family).unwrap_or(0)
}

/// One failure, located.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The check that failed (`validate`, `expert`, `known_bad/NAME`, `session`).
    pub check: String,
    pub message: String,
    /// The file as `check` was given it (relative paths stay relative).
    pub file: String,
    /// 1-based.
    pub line: u32,
    /// 1-based, in characters.
    pub column: u32,
}

/// A path as a SARIF artifact URI: relative paths as relative references with `/`
/// separators (resolved against the checkout by code-scanning services), absolute ones as
/// `file://` URIs.
pub fn uri(path: &str) -> String {
    let p = Path::new(path);
    let parts: Vec<String> = p
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(encode(&s.to_string_lossy())),
            Component::ParentDir => Some("..".to_owned()),
            _ => None,
        })
        .collect();
    let joined = parts.join("/");
    if p.is_absolute() {
        format!("file:///{joined}")
    } else {
        joined
    }
}

/// Percent-encodes what a URI path segment cannot hold as it is.
fn encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for b in segment.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The SARIF log of a check run.
pub fn log(findings: &[Finding]) -> Value {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "defaultConfiguration": { "level": "error" },
            })
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let index = rule_index(&f.check);
            json!({
                "ruleId": RULES[index].id,
                "ruleIndex": index,
                "level": "error",
                "message": { "text": f.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&f.file) },
                        "region": { "startLine": f.line.max(1), "startColumn": f.column.max(1) },
                    },
                }],
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "drillhall",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://example.invalid/drillhall",
                    "rules": rules,
                },
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

/// Writes the log.
pub fn write(path: &Path, findings: &[Finding]) -> Result<(), CliError> {
    let mut text = serde_json::to_string_pretty(&log(findings))
        .expect("invariant: a JSON value always serializes");
    text.push('\n');
    std::fs::write(path, text).map_err(|e| CliError::Write {
        path: path.to_owned(),
        source: e,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_references_or_file_uris() {
        assert_eq!(uri("scenarios/a.yaml"), "scenarios/a.yaml");
        assert_eq!(uri("./drills/my drill.yaml"), "drills/my%20drill.yaml");
        assert_eq!(uri("/tmp/x.yaml"), "file:///tmp/x.yaml");
    }

    #[test]
    fn every_check_has_a_rule_and_rule_ids_are_unique() {
        assert_eq!(RULES[rule_index("known_bad/panic-revoke")].id, "DH003");
        assert_eq!(RULES[rule_index("session")].id, "DH004");
        let mut ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        ids.dedup();
        assert_eq!(ids.len(), RULES.len());
    }
}
