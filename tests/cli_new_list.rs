//! `drillhall new` writes skeletons that validate (and pass `check`) as they are, for every
//! task family; `drillhall list` prints the library as a text, Markdown or JSON table.

mod cli_support;

use std::path::PathBuf;

use cli_support::{drillhall_in, empty_scratch, root};
use drillhall_scenario::drill::Task;

fn scratch(name: &str) -> PathBuf {
    empty_scratch("cli_new_list", name)
}

/// The ids of the library, sorted by file name as `list` and `check` read them.
fn library_ids() -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("scenarios"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn new_then_validate_exits_0_for_every_task_and_the_skeletons_pass_check() {
    let dir = scratch("skeletons");
    for task in Task::ALL {
        let id = format!("my-{task}");
        let new = drillhall_in(&dir, &["new", &id, "--task", task.as_str()]);
        assert_eq!(new.code, 0, "{}", new.stderr);
        let (modeline, rest) = new.stdout.split_once('\n').unwrap();
        assert_eq!(
            modeline, "# yaml-language-server: $schema=./drillhall.schema.json",
            "editors find the schema beside the file"
        );
        assert!(
            rest.lines()
                .nth(1)
                .is_some_and(|l| l.starts_with(&format!("# {id}: "))),
            "a commented skeleton"
        );
        let file = format!("{id}.yaml");
        std::fs::write(dir.join(&file), &new.stdout).unwrap();
        let validate = drillhall_in(&dir, &["validate", &file]);
        assert_eq!(validate.code, 0, "{task}: {}", validate.stderr);
        assert!(validate.stdout.starts_with(&format!("ok {file} ({id}, ")));
    }
    let check = drillhall_in(&dir, &["check", "."]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert!(
        check.stdout.contains("check passed: 15 passed, 0 failed"),
        "{}",
        check.stdout
    );
}

#[test]
fn new_without_a_task_writes_an_incident_triage_drill() {
    let dir = scratch("default-task");
    let run = drillhall_in(&dir, &["new", "x"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("  id: x\n"), "{}", run.stdout);
    assert!(
        run.stdout.contains("tasks: [incident-triage]"),
        "{}",
        run.stdout
    );
}

#[test]
fn new_refuses_an_id_that_is_not_kebab_case_and_an_unknown_task() {
    let dir = scratch("bad-new");
    let id = drillhall_in(&dir, &["new", "My_Drill"]);
    assert_eq!(id.code, 2);
    assert!(
        id.stderr.contains("`My_Drill` is not a scenario id"),
        "{}",
        id.stderr
    );
    assert!(id.stdout.is_empty());
    let task = drillhall_in(&dir, &["new", "x", "--task", "triage"]);
    assert_eq!(task.code, 2);
    assert!(
        task.stderr.contains("expected one of secret-rotation"),
        "{}",
        task.stderr
    );
}

#[test]
fn list_prints_one_aligned_row_per_scenario_with_its_tasks_modes_difficulty_and_duration() {
    let run = drillhall_in(&root(), &["list"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let ids = library_ids();
    assert_eq!(
        lines.len(),
        ids.len() + 2,
        "header, rows, count:\n{}",
        run.stdout
    );
    assert!(lines[0].starts_with("ID "), "{}", lines[0]);
    for h in ["TITLE", "TASKS", "FAILURE MODES", "DIFFICULTY", "DURATION"] {
        assert!(lines[0].contains(h), "{}", lines[0]);
    }
    let title_col = lines[0].find("TITLE").unwrap();
    for (row, id) in lines[1..=ids.len()].iter().zip(&ids) {
        assert!(row.starts_with(&format!("{id} ")), "{row}");
        assert_eq!(
            row.find(|c: char| c.is_uppercase()),
            Some(title_col),
            "titles line up: {row}"
        );
    }
    assert_eq!(lines.last().unwrap(), &format!("{} scenarios", ids.len()));
    let bundled = lines
        .iter()
        .find(|l| l.starts_with("leaked-ci-deploy-token "))
        .unwrap();
    for cell in [
        "CI deploy token pushed to a public fork",
        "incident-triage, secret-rotation",
        "credential-leakage, over-privilege, revocation-breaks-dependents",
        "  2  ",
        "4h",
    ] {
        assert!(bundled.contains(cell), "{bundled}");
    }
}

#[test]
fn list_as_markdown_is_a_table_of_the_library() {
    let run = drillhall_in(&root(), &["list", "scenarios", "--format", "md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn list_as_json_gives_every_field_in_machine_form() {
    let run = drillhall_in(&root(), &["list", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).expect("JSON");
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, library_ids());
    for r in &rows {
        let d = r["difficulty"].as_u64().unwrap();
        assert!((1..=5).contains(&d), "{r}");
        assert!(r["minutes"].as_u64().unwrap() > 0);
        assert!(!r["tasks"].as_array().unwrap().is_empty(), "{r}");
        assert!(r["file"].as_str().unwrap().starts_with("scenarios/"));
    }
    let bundled = rows
        .iter()
        .find(|r| r["id"] == "leaked-ci-deploy-token")
        .unwrap();
    assert_eq!(bundled["duration"], "4h");
    assert_eq!(bundled["minutes"], 240);
}

#[test]
fn list_reports_an_invalid_file_lists_the_rest_and_exits_2() {
    let dir = scratch("list-invalid");
    std::fs::copy(
        root().join("scenarios/onboard-etl-pipeline.yaml"),
        dir.join("a.yaml"),
    )
    .unwrap();
    std::fs::write(
        dir.join("b.yaml"),
        "apiVersion: drillhall/v1\nkind: Scenario\n",
    )
    .unwrap();
    let run = drillhall_in(&dir, &["list", "."]);
    assert_eq!(run.code, 2);
    assert!(
        run.stdout.contains("onboard-etl-pipeline "),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("b.yaml"), "{}", run.stderr);
    assert!(
        run.stderr.contains("1 of 2 scenarios invalid"),
        "{}",
        run.stderr
    );
}
