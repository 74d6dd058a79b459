//! The editor schema, checked with a standard JSON Schema validator (the `jsonschema` crate)
//! the way an editor's YAML language server uses it: the file read as YAML, turned into JSON,
//! validated against `drillhall schema`.
//!
//! The two must agree with `validate`: every library scenario (and every `drillhall new`
//! skeleton) is valid, and every broken fixture is classified here by why `validate`
//! rejects it:
//! - **structural** faults (an unknown or missing field, a value of the wrong form, a field
//!   that does not apply to the inject's kind, an objective with two conditions) are what a
//!   schema can say: the validator must reject the file for the same reason class;
//! - **semantic** faults (a dangling or wrong-class reference, a duplicate id, a step out
//!   of order, a range that ends before it starts) need the whole file to judge: the
//!   validator must accept the file, which shows the fault is beyond a schema;
//! - **reader** faults (not UTF-8, a tab, a cut-off file, a duplicate key, hostile nesting
//!   or aliases) stop the YAML reader before there is a document to validate.

mod cli_support;

use std::path::Path;

use cli_support::{drillhall, root};
use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

/// Why a file is invalid, in the classes a schema and `validate` can both name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reason {
    /// A key the record does not have.
    UnknownField,
    /// A field the record (or the inject's kind) needs is absent, or a list that needs an
    /// item is empty.
    MissingField,
    /// A field that does not apply to the inject's kind.
    NotForKind,
    /// A value of the wrong type or form: a pattern, a word, a range.
    BadValue,
    /// An objective with other than exactly one condition.
    Conditions,
    /// Beyond a schema: the file is structurally valid.
    Semantic,
    /// The YAML reader stops before there is a document.
    Reader,
}

/// Every broken fixture and why it is broken.
const FIXTURES: &[(&str, Reason)] = &[
    ("alert-inject-with-via.yaml", Reason::NotForKind),
    ("alias-bomb.yaml", Reason::Reader),
    ("bad-chance.yaml", Reason::BadValue),
    ("bad-duration.yaml", Reason::BadValue),
    ("bad-range.yaml", Reason::Semantic),
    ("create-existing-identity.yaml", Reason::Semantic),
    ("deeply-nested-lists.yaml", Reason::Reader),
    ("difficulty-out-of-range.yaml", Reason::BadValue),
    ("duplicate-id.yaml", Reason::Semantic),
    ("duplicate-yaml-key.yaml", Reason::Reader),
    ("empty.yaml", Reason::BadValue),
    ("expect-unknown-known-bad.yaml", Reason::Semantic),
    ("expert-steps-out-of-order.yaml", Reason::Semantic),
    ("expert-unknown-id.yaml", Reason::Semantic),
    ("expert-unknown-verb.yaml", Reason::Semantic),
    ("five-structural-errors.yaml", Reason::UnknownField),
    ("grant-objective-without-grant.yaml", Reason::Semantic),
    ("id-not-kebab-case.yaml", Reason::BadValue),
    ("identity-assumes-itself.yaml", Reason::Semantic),
    ("inject-after-end.yaml", Reason::Semantic),
    ("missing-required-field.yaml", Reason::MissingField),
    ("misspelt-nested-key.yaml", Reason::UnknownField),
    ("misspelt-top-level-key.yaml", Reason::UnknownField),
    ("no-objectives.yaml", Reason::MissingField),
    ("noise-without-rate.yaml", Reason::MissingField),
    ("non-utf8.yaml", Reason::Reader),
    ("objective-two-conditions.yaml", Reason::Conditions),
    ("objective-unknown-node.yaml", Reason::Semantic),
    ("reference-to-wrong-kind.yaml", Reason::Semantic),
    ("schedule-every-zero.yaml", Reason::Semantic),
    ("several-faults.yaml", Reason::Semantic),
    ("tab-indentation.yaml", Reason::Reader),
    ("truncated-file.yaml", Reason::Reader),
    ("unknown-enum-word.yaml", Reason::BadValue),
    ("unknown-id-near-miss.yaml", Reason::Semantic),
    ("wrong-api-version.yaml", Reason::BadValue),
    ("wrong-type.yaml", Reason::BadValue),
];

/// The class of `validate`'s message, for the structural classes.
fn validate_reason(message: &str) -> Option<Reason> {
    let has = |s: &str| message.contains(s);
    if has("unknown field") {
        Some(Reason::UnknownField)
    } else if has("missing field") || has("and needs `") || has("has no objectives") {
        Some(Reason::MissingField)
    } else if has("does not apply to") {
        Some(Reason::NotForKind)
    } else if has("conditions (") || has("sets no condition") {
        Some(Reason::Conditions)
    } else if has("invalid `")
        || has("is not a valid")
        || has("is not kebab-case")
        || has("out of range")
        || has("expects a single value")
        || has("unsupported `apiVersion`")
        || has("the file is empty")
    {
        Some(Reason::BadValue)
    } else {
        None
    }
}

/// The class of a validator error.
fn schema_reason(e: &jsonschema::ValidationError) -> Reason {
    let at = e.instance_path().to_string();
    let path = e.schema_path().to_string();
    match e.kind() {
        ValidationErrorKind::AdditionalProperties { .. } => Reason::UnknownField,
        ValidationErrorKind::Required { .. } | ValidationErrorKind::MinItems { .. } => {
            Reason::MissingField
        }
        ValidationErrorKind::FalseSchema => Reason::NotForKind,
        ValidationErrorKind::Constant { .. } if path.contains("/then/") => Reason::NotForKind,
        ValidationErrorKind::OneOfNotValid { .. }
        | ValidationErrorKind::OneOfMultipleValid { .. }
            if is_objective(&at) =>
        {
            Reason::Conditions
        }
        _ => Reason::BadValue,
    }
}

/// Whether an instance path is an objective itself (`/objectives/3`).
fn is_objective(at: &str) -> bool {
    at.strip_prefix("/objectives/")
        .is_some_and(|i| i.chars().all(|c| c.is_ascii_digit()))
}

/// The file as the YAML language server sees it: YAML read into JSON, or the reader's error.
fn as_json(bytes: &[u8]) -> Result<Value, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
    if text.contains('\t') && text.lines().any(|l| l.starts_with('\t')) {
        return Err("a tab in the indentation".into());
    }
    serde_saphyr::from_str::<Value>(text).map_err(|e| e.to_string())
}

fn schema(draft: &str) -> Value {
    let run = drillhall(&["schema", "--draft", draft]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("the schema is JSON")
}

fn validators() -> Vec<(&'static str, jsonschema::Validator)> {
    let draft07 = schema("07");
    let draft2020 = schema("2020-12");
    vec![
        (
            "draft-07",
            jsonschema::draft7::new(&draft07).expect("a valid draft-07 schema"),
        ),
        (
            "draft 2020-12",
            jsonschema::draft202012::new(&draft2020).expect("a valid 2020-12 schema"),
        ),
    ]
}

fn yaml_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn both_drafts_are_valid_documents_of_their_meta_schema() {
    let draft07 = schema("07");
    assert_eq!(
        draft07["$schema"],
        "http://json-schema.org/draft-07/schema#"
    );
    assert!(jsonschema::draft7::meta::is_valid(&draft07));
    let draft2020 = schema("2020-12");
    assert_eq!(
        draft2020["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    assert!(jsonschema::draft202012::meta::is_valid(&draft2020));
}

#[test]
fn a_standard_validator_accepts_every_library_scenario() {
    let files = yaml_files(&root().join("scenarios"));
    assert!(files.len() >= 10, "{files:?}");
    for (draft, validator) in validators() {
        for path in &files {
            let doc = as_json(&std::fs::read(path).expect("readable"))
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let errors: Vec<String> = validator
                .iter_errors(&doc)
                .map(|e| format!("{}: {e}", e.instance_path()))
                .collect();
            assert!(
                errors.is_empty(),
                "{draft}: {}: {errors:#?}",
                path.display()
            );
        }
    }
}

#[test]
fn a_standard_validator_accepts_every_new_skeleton_with_its_modeline() {
    let (_, validator) = validators().remove(0);
    for task in [
        "incident-triage",
        "secret-rotation",
        "workload-onboarding",
        "access-review",
        "break-glass-recovery",
    ] {
        let run = drillhall(&["new", "my-drill", "--task", task]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(
            run.stdout
                .starts_with("# yaml-language-server: $schema=./drillhall.schema.json\n"),
            "the skeleton starts with the modeline: {}",
            &run.stdout[..80]
        );
        let doc = as_json(run.stdout.as_bytes()).expect("the skeleton is YAML");
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{task}: {errors:#?}");
    }
}

#[test]
fn the_schema_file_beside_the_library_is_what_schema_out_writes() {
    let dir = cli_support::scratch("schema-out");
    let out = dir.join("drillhall.schema.json");
    let run = drillhall(&[
        "schema",
        "--draft",
        "07",
        "--out",
        out.to_str().expect("UTF-8"),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = std::fs::read_to_string(&out).expect("--out wrote the file");
    let shipped = std::fs::read_to_string(root().join("scenarios/drillhall.schema.json"))
        .expect("scenarios/drillhall.schema.json is shipped for the modelines");
    assert!(
        written == shipped,
        "scenarios/drillhall.schema.json is stale: run `drillhall schema --draft 07 --out scenarios/drillhall.schema.json`"
    );
}

#[test]
fn every_broken_fixture_is_classified() {
    let on_disk: Vec<String> = yaml_files(&root().join("tests/broken"))
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let listed: Vec<String> = FIXTURES.iter().map(|(f, _)| (*f).to_owned()).collect();
    assert_eq!(
        on_disk, listed,
        "FIXTURES lists every file in tests/broken, in order"
    );
}

#[test]
fn a_standard_validator_rejects_each_structural_fixture_for_the_reason_validate_gives() {
    let validators = validators();
    for (file, reason) in FIXTURES {
        let path = root().join("tests/broken").join(file);
        let bytes = std::fs::read(&path).expect("readable");
        let diagnostics = match drillhall_scenario::Scenario::from_bytes(file, &bytes) {
            Ok(_) => panic!("{file}: validate accepts a broken fixture"),
            Err(e) => e.diagnostics,
        };
        let doc = as_json(&bytes);
        match reason {
            Reason::Reader => {
                assert!(doc.is_err(), "{file}: the YAML reader should stop on it");
            }
            Reason::Semantic => {
                let doc = doc.unwrap_or_else(|e| panic!("{file}: {e}"));
                for (draft, v) in &validators {
                    let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
                    assert!(
                        errors.is_empty(),
                        "{file} is semantic, yet the {draft} schema rejects it: {errors:#?}"
                    );
                }
                assert!(
                    diagnostics
                        .iter()
                        .all(|d| validate_reason(&d.message).is_none()
                            || d.message.contains("invalid `discovers_leak`")),
                    "{file}: validate gives a structural reason: {diagnostics:#?}"
                );
            }
            structural => {
                let doc = doc.unwrap_or_else(|e| panic!("{file}: {e}"));
                let first = &diagnostics[0].message;
                assert_eq!(
                    validate_reason(first),
                    Some(*structural),
                    "{file}: validate says {first}"
                );
                for (draft, v) in &validators {
                    let reasons: Vec<(Reason, String)> = v
                        .iter_errors(&doc)
                        .map(|e| (schema_reason(&e), format!("{}: {e}", e.instance_path())))
                        .collect();
                    assert!(
                        reasons.iter().any(|(r, _)| r == structural),
                        "{file}: the {draft} schema should reject it as {structural:?}: {reasons:#?}"
                    );
                }
            }
        }
    }
}

/// Every inject kind with every optional field: the schema and `validate` agree on which
/// fields a kind needs and which it does not take.
#[test]
fn inject_kind_rules_agree_with_validate_for_every_kind_and_field() {
    let (_, validator) = validators().remove(0);
    let base = std::fs::read_to_string(root().join("scenarios/leaked-ci-deploy-token.yaml"))
        .expect("the bundled scenario");
    let kinds = [
        "credential-leak",
        "workload-compromise",
        "session-theft",
        "alert",
        "noise",
        "ticket",
    ];
    // A value of the right form for each optional field, naming nodes the scenario has.
    let fields = [
        ("at", "1m"),
        ("credential", "tok-deploy"),
        ("via", "paste"),
        ("workload", "ci-deployer"),
        ("dumps_secrets", "true"),
        ("identity", "sa-deployer"),
        ("ttl", "30m"),
        ("source", "scanner"),
        ("severity", "high"),
        ("points_to", "tok-deploy"),
        ("message", "\"hello\""),
        ("rate", "2/h"),
        ("until", "1h"),
        ("task", "secret-rotation"),
        ("subjects", "tok-deploy"),
    ];
    let mut checked = 0;
    for kind in kinds {
        // Everything a kind takes: drop one field at a time, and add one it does not take.
        for (field, value) in fields {
            let inject = format!("  - {{ id: probe, kind: {kind}, {field}: {value} }}\n");
            let text = base.replacen("injects:\n", &format!("injects:\n{inject}"), 1);
            let validate_says_misplaced = match drillhall_scenario::Scenario::from_text("p", &text)
            {
                Ok(_) => false,
                Err(e) => e.diagnostics.iter().any(|d| {
                    d.message
                        == format!(
                            "`{field}` does not apply to {} `{kind}` inject",
                            article(kind)
                        )
                }),
            };
            let doc = as_json(text.as_bytes()).expect("YAML");
            let schema_says_misplaced = validator.iter_errors(&doc).any(|e| {
                schema_reason(&e) == Reason::NotForKind
                    && e.instance_path().to_string() == format!("/injects/0/{field}")
            });
            assert_eq!(
                schema_says_misplaced, validate_says_misplaced,
                "`{field}` on a `{kind}` inject: schema {schema_says_misplaced}, validate {validate_says_misplaced}"
            );
            checked += 1;
        }
    }
    for kind in kinds {
        let text = base.replacen(
            "injects:\n",
            &format!("injects:\n  - {{ id: probe, kind: {kind} }}\n"),
            1,
        );
        let mut validate_needs: Vec<String> =
            match drillhall_scenario::Scenario::from_text("p", &text) {
                Ok(_) => Vec::new(),
                Err(e) => e
                    .diagnostics
                    .iter()
                    .filter_map(|d| {
                        d.message
                            .strip_prefix(&format!(
                                "inject `probe` is {} `{kind}` inject and needs `",
                                article(kind)
                            ))
                            .and_then(|rest| rest.strip_suffix('`'))
                            .map(str::to_owned)
                    })
                    .collect(),
            };
        let doc = as_json(text.as_bytes()).expect("YAML");
        let mut schema_needs: Vec<String> = validator
            .iter_errors(&doc)
            .filter(|e| e.instance_path().to_string() == "/injects/0")
            .filter_map(|e| match e.kind() {
                ValidationErrorKind::Required { property } => property.as_str().map(str::to_owned),
                _ => None,
            })
            .collect();
        validate_needs.sort();
        schema_needs.sort();
        assert!(
            !validate_needs.is_empty(),
            "a `{kind}` inject needs something"
        );
        assert_eq!(schema_needs, validate_needs, "what a `{kind}` inject needs");
        checked += 1;
    }
    assert_eq!(checked, kinds.len() * (fields.len() + 1));
    assert!(base.contains("ci-deployer") && base.contains("sa-deployer"));
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
