//! `drillhall validate`: exit codes, located errors, summaries and JSON diagnostics.

mod cli_support;

use cli_support::{BUNDLED, drillhall, files_in, scratch};

#[test]
fn every_bundled_scenario_validates_and_exits_zero() {
    let scenarios = files_in("scenarios", "yaml");
    assert!(!scenarios.is_empty(), "the scenario library is not empty");
    let mut args = vec!["validate"];
    args.extend(scenarios.iter().map(String::as_str));
    let run = drillhall(&args);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    for file in &scenarios {
        assert!(
            run.stdout.contains(&format!("ok {file} (")),
            "`ok {file}` in:\n{}",
            run.stdout
        );
    }
    assert!(
        run.stdout.contains(
            "ok scenarios/leaked-ci-deploy-token.yaml (leaked-ci-deploy-token, 12 nodes)"
        ),
        "{}",
        run.stdout
    );
}

/// The bundled scenario with one key misspelt on line `line`.
fn misspelt_copy(name: &str) -> (String, usize) {
    let text = std::fs::read_to_string(cli_support::root().join(BUNDLED)).expect("bundled");
    let line = text
        .lines()
        .position(|l| l.contains("discovers_leak:"))
        .expect("the bundled scenario has an adversary")
        + 1;
    let broken = text.replace("discovers_leak:", "discovers_leek:");
    let path = scratch("validate").join(name);
    std::fs::write(&path, broken).expect("scratch file written");
    (path.display().to_string(), line)
}

#[test]
fn a_broken_scenario_exits_two_with_the_located_problem_on_stderr() {
    let (file, line) = misspelt_copy("misspelt-key.yaml");
    let run = drillhall(&["validate", &file]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(&format!("{file}:{line}:")),
        "`{file}:{line}:` in:\n{}",
        run.stderr
    );
    assert!(run.stderr.contains("error:"), "{}", run.stderr);
    assert!(run.stderr.contains("discovers_leek"), "{}", run.stderr);
    assert!(run.stdout.is_empty(), "nothing valid, nothing on stdout");
}

#[test]
fn validating_several_files_reports_each_and_a_one_line_summary() {
    let (broken, _) = misspelt_copy("one-of-three.yaml");
    let run = drillhall(&["validate", BUNDLED, &broken, "no-such-file.yaml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout.contains(&format!("ok {BUNDLED} (")),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains(&format!("{broken}:")), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("cannot read `no-such-file.yaml`: No such file or directory"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.lines().last(),
        Some("2 of 3 scenarios invalid"),
        "{}",
        run.stderr
    );
}

#[test]
fn json_lists_every_diagnostic_with_file_line_col_message_and_help() {
    let (broken, line) = misspelt_copy("for-json.yaml");
    let run = drillhall(&["validate", "--json", BUNDLED, &broken]);
    assert_eq!(run.code, 2);
    let list: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is JSON");
    let list = list.as_array().expect("a list of diagnostics");
    assert!(!list.is_empty());
    let first = &list[0];
    assert_eq!(first["file"], broken.as_str());
    assert_eq!(first["line"], line);
    assert!(first["col"].as_u64().is_some_and(|c| c > 0), "{first}");
    assert!(
        first["message"]
            .as_str()
            .is_some_and(|m| m.contains("discovers_leek")),
        "{first}"
    );
    assert!(
        first.get("help").is_some(),
        "help is present (null or text)"
    );
    assert!(
        list.iter().all(|d| d["file"] == broken.as_str()),
        "the valid file contributes nothing"
    );
}

#[test]
fn json_for_valid_files_is_an_empty_list_and_exit_zero() {
    let run = drillhall(&["validate", "--json", BUNDLED]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout.trim(), "[]");
}

#[test]
fn every_file_of_the_broken_corpus_exits_two_without_panicking() {
    let corpus = files_in("tests/broken", "yaml");
    assert!(
        !corpus.is_empty(),
        "tests/broken/ holds the broken-scenario corpus"
    );
    for file in &corpus {
        let run = drillhall(&["validate", file]);
        assert_eq!(run.code, 2, "{file}: stderr:\n{}", run.stderr);
        assert!(
            !run.stderr.contains("panicked"),
            "{file} panicked:\n{}",
            run.stderr
        );
        assert!(
            run.stderr.contains(&format!("{file}:")),
            "{file}: the report names the file:\n{}",
            run.stderr
        );
    }
}

#[test]
fn binary_garbage_is_reported_not_panicked_on() {
    let path = scratch("validate").join("garbage.yaml");
    std::fs::write(&path, [0xff, 0xfe, b'{', b':', 0x00, b'\n', 0x80]).expect("written");
    let file = path.display().to_string();
    let run = drillhall(&["validate", &file]);
    assert_eq!(run.code, 2);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("{file}:")), "{}", run.stderr);
}

#[test]
fn a_directory_given_as_a_scenario_is_a_read_error_naming_it() {
    let run = drillhall(&["validate", "scenarios"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot read `scenarios`"),
        "{}",
        run.stderr
    );
}

#[test]
fn five_structural_errors_are_five_located_entries_and_an_empty_file_is_located_at_one_one() {
    let file = "tests/broken/five-structural-errors.yaml";
    let run = drillhall(&["validate", "--json", file, "tests/broken/empty.yaml"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let list: serde_json::Value = serde_json::from_str(&run.stdout).expect("stdout is JSON");
    let list = list.as_array().expect("a list of diagnostics");
    let five: Vec<&serde_json::Value> = list.iter().filter(|d| d["file"] == file).collect();
    assert_eq!(five.len(), 5, "{list:#?}");
    let lines: Vec<u64> = five.iter().filter_map(|d| d["line"].as_u64()).collect();
    assert_eq!(lines, [10, 15, 17, 21, 23], "{list:#?}");
    assert!(
        five.iter()
            .all(|d| d["col"].as_u64().is_some_and(|c| c > 0))
    );
    let empty: Vec<&serde_json::Value> = list
        .iter()
        .filter(|d| d["file"] == "tests/broken/empty.yaml")
        .collect();
    assert_eq!(empty.len(), 1, "{list:#?}");
    assert_eq!(
        (empty[0]["line"].as_u64(), empty[0]["col"].as_u64()),
        (Some(1), Some(1))
    );
    // The text report shows each of the five with its caret.
    let text = drillhall(&["validate", file]);
    assert_eq!(
        text.stderr.matches(": error: ").count(),
        5,
        "{}",
        text.stderr
    );
    assert_eq!(text.stderr.matches('^').count(), 5, "{}", text.stderr);
}
