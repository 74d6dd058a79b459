//! `drillhall graph`: the estate exported as DOT, Mermaid and an edge list.

mod cli_support;

use cli_support::{BUNDLED, drillhall};

fn graph(format: &str) -> String {
    let run = drillhall(&["graph", BUNDLED, "--format", format]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

#[test]
fn dot_export_of_the_bundled_scenario() {
    let dot = graph("dot");
    assert!(dot.starts_with("digraph estate {"), "{dot}");
    insta::assert_snapshot!(dot);
}

#[test]
fn mermaid_export_of_the_bundled_scenario() {
    insta::assert_snapshot!(graph("mermaid"));
}

#[test]
fn edge_list_export_of_the_bundled_scenario() {
    let list = graph("edgelist");
    assert!(
        list.contains("sa-deployer prod-db grants:admin\n"),
        "{list}"
    );
    insta::assert_snapshot!(list);
}

#[test]
fn dot_is_the_default_format() {
    let run = drillhall(&["graph", BUNDLED]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, graph("dot"));
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    let run = drillhall(&["graph", BUNDLED, "--format", "svg"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("invalid value 'svg'"), "{}", run.stderr);
}
