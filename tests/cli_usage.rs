//! The command line as a whole: help, version and usage errors.

mod cli_support;

use cli_support::drillhall;

#[test]
fn no_subcommand_is_a_usage_error_exiting_two() {
    let run = drillhall(&[]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("Usage: drillhall"), "{}", run.stderr);
}

#[test]
fn an_unknown_subcommand_exits_two() {
    let run = drillhall(&["frobnicate"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("unrecognized subcommand"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_flag_exits_two() {
    let run = drillhall(&["validate", "--jsno", "x.yaml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--json"),
        "clap suggests the flag:\n{}",
        run.stderr
    );
}

#[test]
fn a_missing_required_argument_exits_two() {
    for args in [
        &["validate"][..],
        &["paths", "scenarios/leaked-ci-deploy-token.yaml"],
        &["generate"],
    ] {
        let run = drillhall(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
    }
}

#[test]
fn a_bad_color_choice_exits_two() {
    let run = drillhall(&["--color", "sometimes", "validate", "x.yaml"]);
    assert_eq!(run.code, 2);
}

#[test]
fn help_lists_the_commands_with_examples_and_exits_zero() {
    let run = drillhall(&["--help"]);
    assert_eq!(run.code, 0);
    for word in [
        "validate",
        "paths",
        "graph",
        "generate",
        "Examples:",
        "Exit codes",
    ] {
        assert!(run.stdout.contains(word), "`{word}` in:\n{}", run.stdout);
    }
}

#[test]
fn every_subcommand_has_help_with_examples() {
    for sub in ["validate", "paths", "graph", "schema", "generate"] {
        let run = drillhall(&[sub, "--help"]);
        assert_eq!(run.code, 0, "{sub}");
        assert!(
            run.stdout.contains("Examples:"),
            "{sub} --help:\n{}",
            run.stdout
        );
    }
}

#[test]
fn version_exits_zero() {
    let run = drillhall(&["--version"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("drillhall "), "{}", run.stdout);
}
