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
