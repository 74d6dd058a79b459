//! `drillhall schema`: the JSON Schema editors use.

mod cli_support;

use cli_support::drillhall;

#[test]
fn the_schema_is_valid_json_describing_the_scenario_envelope() {
    let run = drillhall(&["schema"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is JSON");
    assert!(
        schema["$schema"]
            .as_str()
            .is_some_and(|s| s.contains("json-schema.org")),
        "a JSON Schema document: {}",
        &run.stdout[..run.stdout.len().min(300)]
    );
    for key in ["apiVersion", "kind", "metadata", "estate"] {
        assert!(
            schema["properties"].get(key).is_some(),
            "the schema describes `{key}`"
        );
    }
}

#[test]
fn the_schema_takes_no_arguments() {
    let run = drillhall(&["schema", "extra"]);
    assert_eq!(run.code, 2);
}

#[test]
fn draft_07_names_its_meta_schema_and_keeps_definitions_under_definitions() {
    let run = drillhall(&["schema", "--draft", "07"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is JSON");
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    assert!(schema["definitions"]["InjectSpec"]["allOf"].is_array());
    assert!(
        !run.stdout.contains("#/$defs/"),
        "every $ref points into definitions"
    );
}

#[test]
fn an_unknown_draft_is_a_usage_error_naming_the_drafts() {
    let run = drillhall(&["schema", "--draft", "04"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("2020-12, 07"), "{}", run.stderr);
}

#[test]
fn schema_out_to_an_unwritable_place_exits_2() {
    let run = drillhall(&["schema", "--out", "no-such-dir/x/drillhall.schema.json"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("no-such-dir/x/drillhall.schema.json"),
        "{}",
        run.stderr
    );
}
