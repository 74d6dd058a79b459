//! `drillhall paths`: the blast radius tree, attack paths, unknown ids and JSON.

mod cli_support;

use cli_support::{BUNDLED, drillhall};

#[test]
fn the_leaked_token_reaches_the_crown_jewel_through_the_unused_admin_grant() {
    let run = drillhall(&["paths", BUNDLED, "--from", "tok-deploy"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The acceptance line, whatever the snapshot says: the crown jewel at two hops, through
    // sa-deployer's admin grant, flagged unused.
    assert!(
        run.stdout.contains(
            "tok-deploy -[authenticates]-> sa-deployer -[grants:admin ⚠ unused]-> prod-db"
        ),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn a_resource_with_stored_credentials_has_a_deeper_tree() {
    let run = drillhall(&["paths", BUNDLED, "--from", "ci-vars"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn with_to_it_prints_every_shortest_attack_path() {
    let run = drillhall(&["paths", BUNDLED, "--from", "tok-deploy", "--to", "prod-db"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn an_unreachable_target_is_an_answer_not_an_error() {
    let run = drillhall(&["paths", BUNDLED, "--from", "prod-db", "--to", "tok-deploy"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "tok-deploy is not reachable from prod-db.\n");
}

#[test]
fn a_misspelt_start_exits_two_with_did_you_mean() {
    let run = drillhall(&["paths", BUNDLED, "--from", "tok-deploi"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.trim_end(),
        format!("error: unknown id `tok-deploi` in {BUNDLED} — did you mean `tok-deploy`?")
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn a_misspelt_target_exits_two_with_did_you_mean() {
    let run = drillhall(&["paths", BUNDLED, "--from", "tok-deploy", "--to", "prod-bd"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did you mean `prod-db`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_id_nothing_resembles_gets_no_suggestion() {
    let run = drillhall(&["paths", BUNDLED, "--from", "zzzzzzzzzzzz"]);
    assert_eq!(run.code, 2);
    assert!(!run.stderr.contains("did you mean"), "{}", run.stderr);
}

#[test]
fn a_missing_scenario_file_is_named() {
    let run = drillhall(&["paths", "scenarios/nope.yaml", "--from", "tok-deploy"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("cannot read `scenarios/nope.yaml`: No such file or directory"),
        "{}",
        run.stderr
    );
}

#[test]
fn json_blast_radius_lists_each_reached_node_with_its_cheapest_path() {
    let run = drillhall(&["paths", BUNDLED, "--from", "tok-deploy", "--json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(v["scenario"], "leaked-ci-deploy-token");
    assert_eq!(v["from"]["id"], "tok-deploy");
    let reached = v["reached"].as_array().expect("a list");
    assert_eq!(reached.len(), 4);
    let db = &reached[0];
    assert_eq!(db["id"], "prod-db", "the crown jewel ranks first");
    assert_eq!(db["sensitivity"], "crown-jewel");
    assert_eq!(db["hops"], 2);
    assert_eq!(
        db["path"],
        serde_json::json!(["tok-deploy", "sa-deployer", "prod-db"])
    );
    assert_eq!(
        db["edges"][1],
        serde_json::json!({"from": "sa-deployer", "to": "prod-db", "kind": "grants", "permission": "admin", "used": false})
    );
}

#[test]
fn json_attack_paths_carry_hops_and_truncation() {
    let run = drillhall(&[
        "paths",
        BUNDLED,
        "--from",
        "tok-deploy",
        "--to",
        "prod-db",
        "--json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(v["hops"], 2);
    assert_eq!(v["truncated"], false);
    assert_eq!(
        v["paths"][0]["nodes"],
        serde_json::json!(["tok-deploy", "sa-deployer", "prod-db"])
    );

    let none = drillhall(&[
        "paths",
        BUNDLED,
        "--from",
        "tok-deploy",
        "--to",
        "prod-db",
        "--json",
        "--max-paths",
        "0",
    ]);
    let v: serde_json::Value = serde_json::from_str(&none.stdout).expect("JSON");
    assert_eq!(v["truncated"], true, "a cap of 0 lets no path through");
    assert_eq!(v["paths"], serde_json::json!([]));
}

#[test]
fn max_nodes_caps_the_tree_and_says_how_much_is_left() {
    let run = drillhall(&["paths", BUNDLED, "--from", "tok-deploy", "--max-nodes", "2"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("… 2 more nodes (raise --max-nodes)"),
        "{}",
        run.stdout
    );
}

#[test]
fn colour_is_used_when_asked_and_never_when_no_color_is_set() {
    let coloured = drillhall(&[
        "--color",
        "always",
        "paths",
        BUNDLED,
        "--from",
        "tok-deploy",
    ]);
    assert!(coloured.stdout.contains("\x1b["), "--color always colours");
    let plain = cli_support::drillhall_with(
        &["paths", BUNDLED, "--from", "tok-deploy"],
        &[("NO_COLOR", "1")],
    );
    assert!(!plain.stdout.contains("\x1b["), "NO_COLOR turns colour off");
    let never = drillhall(&["paths", BUNDLED, "--from", "tok-deploy", "--color", "never"]);
    assert!(!never.stdout.contains("\x1b["));
}
