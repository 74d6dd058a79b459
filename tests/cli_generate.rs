//! `drillhall generate`: deterministic synthetic scenarios that validate.

mod cli_support;

use cli_support::{drillhall, scratch};

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_other_bytes() {
    let a = drillhall(&["generate", "--nodes", "500", "--seed", "9"]);
    let b = drillhall(&["generate", "--nodes", "500", "--seed", "9"]);
    let c = drillhall(&["generate", "--nodes", "500", "--seed", "10"]);
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert_eq!(a.stdout, b.stdout);
    assert_ne!(a.stdout, c.stdout);
}

#[test]
fn a_generated_scenario_of_ten_thousand_nodes_validates() {
    let path = scratch("generate").join("ten-thousand.yaml");
    let file = path.display().to_string();
    let run = drillhall(&[
        "generate", "--nodes", "10000", "--seed", "3", "--out", &file, "--force",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "--out writes the file, not stdout");
    let run = drillhall(&["validate", &file]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("(synthetic-10000-nodes-seed-3, 10000 nodes)"),
        "{}",
        run.stdout
    );
}

#[test]
fn stdout_and_out_give_the_same_scenario() {
    let path = scratch("generate").join("same.yaml");
    let file = path.display().to_string();
    let to_file = drillhall(&["generate", "--nodes", "200", "--out", &file, "--force"]);
    assert_eq!(to_file.code, 0, "{}", to_file.stderr);
    let to_stdout = drillhall(&["generate", "--nodes", "200"]);
    assert_eq!(
        std::fs::read_to_string(&path).expect("written"),
        to_stdout.stdout
    );
}

#[test]
fn fewer_than_ten_nodes_is_a_usage_error() {
    let run = drillhall(&["generate", "--nodes", "3"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--nodes"), "{}", run.stderr);
}

#[test]
fn an_unwritable_out_file_is_named() {
    let run = drillhall(&["generate", "--nodes", "20", "--out", "no-such-dir/x.yaml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("cannot write `no-such-dir/x.yaml`: No such file or directory"),
        "{}",
        run.stderr
    );
}

/// The acceptance check at full size; about a minute in a debug build, so it runs on
/// request: `cargo test --release --test cli_generate -- --ignored`.
#[test]
#[ignore = "a million nodes: run with --release -- --ignored"]
fn a_generated_scenario_of_a_million_nodes_validates() {
    let path = scratch("generate").join("million.yaml");
    let file = path.display().to_string();
    let run = drillhall(&["generate", "--nodes", "1000000", "--out", &file, "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = drillhall(&["validate", &file]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::remove_file(&path).expect("the big file is removed");
}
