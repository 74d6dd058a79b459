//! Hostile files and faults from the outside: no output overwritten by surprise, every input
//! read within a budget (devices and pipes refused), a journal's scenario name never used as
//! a path, `play` without a terminal leaving nothing behind.

mod cli_support;

use cli_support::{BUNDLED, Run, drillhall, drillhall_in, empty_scratch, root};

/// Records the bundled expert into `dir/drill.jsonl`.
fn recorded(dir: &std::path::Path) -> String {
    let path = dir.join("drill.jsonl").display().to_string();
    let r = drillhall(&[
        "run", BUNDLED, "--seed", "7", "--expert", "--record", &path, "--quiet",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    path
}

fn refused(r: &Run) {
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("pass --force"), "{}", r.stderr);
}

#[test]
fn record_out_and_junit_refuse_an_existing_file_unless_forced() {
    let dir = empty_scratch("faults", "overwrite");
    let journal = recorded(&dir);
    let before = std::fs::read(&journal).unwrap();
    refused(&drillhall(&[
        "run", BUNDLED, "--seed", "8", "--expert", "--record", &journal, "--quiet",
    ]));
    assert_eq!(
        std::fs::read(&journal).unwrap(),
        before,
        "the journal is intact"
    );

    let out = dir.join("debrief.txt");
    std::fs::write(&out, "keep me").unwrap();
    let out = out.display().to_string();
    refused(&drillhall(&["report", &journal, "--out", &out]));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    let forced = drillhall(&["report", &journal, "--out", &out, "--force"]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_ne!(std::fs::read_to_string(&out).unwrap(), "keep me");

    let big = dir.join("big.yaml");
    std::fs::write(&big, "keep me").unwrap();
    refused(&drillhall(&[
        "generate",
        "--nodes",
        "10",
        "--out",
        &big.display().to_string(),
    ]));

    let junit = dir.join("check.xml");
    std::fs::write(&junit, "keep me").unwrap();
    let check = drillhall(&[
        "check",
        "scenarios",
        "--seeds",
        "1..2",
        "--junit",
        &junit.display().to_string(),
    ]);
    assert!(check.stderr.contains("pass --force"), "{}", check.stderr);
    assert_eq!(std::fs::read_to_string(&junit).unwrap(), "keep me");
    // The results are printed all the same, and the exit code is the check's own.
    assert!(check.stdout.contains("check passed"), "{}", check.stdout);
    assert_eq!(check.code, 0);
}

#[test]
fn report_never_writes_over_the_journal_it_reads_even_with_force() {
    let dir = empty_scratch("faults", "self-overwrite");
    let journal = recorded(&dir);
    let before = std::fs::read(&journal).unwrap();
    let r = drillhall(&["report", &journal, "--out", &journal, "--force"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("it is the input"), "{}", r.stderr);
    assert_eq!(std::fs::read(&journal).unwrap(), before);
}

#[test]
fn a_junit_file_that_cannot_be_written_still_prints_every_result_and_keeps_the_exit_code() {
    let dir = empty_scratch("faults", "junit-unwritable");
    let junit = dir.join("no-such-dir").join("check.xml");
    let r = drillhall(&[
        "check",
        "scenarios",
        "--seeds",
        "1..2",
        "--junit",
        &junit.display().to_string(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("check passed"), "{}", r.stdout);
    assert!(r.stderr.contains("cannot write"), "{}", r.stderr);
}

#[test]
fn a_failed_run_leaves_no_journal_and_no_temporary_file() {
    let dir = empty_scratch("faults", "failed-run");
    let actions = dir.join("bad.txt");
    std::fs::write(&actions, "0m no-such-verb x\n").unwrap();
    let journal = dir.join("drill.jsonl");
    let r = drillhall(&[
        "run",
        BUNDLED,
        "--actions",
        &actions.display().to_string(),
        "--record",
        &journal.display().to_string(),
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, vec!["bad.txt".to_owned()]);
}

#[cfg(unix)]
#[test]
fn dev_zero_and_a_fifo_are_refused_as_every_kind_of_input() {
    let dir = empty_scratch("faults", "devices");
    let fifo = dir.join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let fifo = fifo.display().to_string();
    let journal = recorded(&dir);
    for hostile in ["/dev/zero", fifo.as_str()] {
        let runs = [
            drillhall(&["validate", hostile]),
            drillhall(&["run", hostile, "--expert"]),
            drillhall(&["run", BUNDLED, "--actions", hostile]),
            drillhall(&["replay", hostile]),
            drillhall(&["report", hostile]),
            drillhall(&["replay", &journal, "--scenario", hostile]),
            drillhall(&["paths", hostile, "--from", "x"]),
        ];
        for r in runs {
            assert_eq!(r.code, 2, "{hostile}: {}", r.stderr);
            assert!(r.stderr.contains("not a file"), "{hostile}: {}", r.stderr);
        }
    }
}

#[test]
fn a_file_larger_than_its_budget_is_refused_while_reading() {
    let dir = empty_scratch("faults", "large");
    // A sparse 2 GB file: no disk used, and no memory either since the read stops early.
    let big = dir.join("big.jsonl");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(2 * 1024 * 1024 * 1024).unwrap();
    let r = drillhall(&["replay", &big.display().to_string()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("larger than"), "{}", r.stderr);
}

#[test]
fn a_journal_scenario_name_is_never_used_as_a_path_outside_scenarios() {
    let dir = empty_scratch("faults", "traversal");
    let journal = recorded(&dir);
    let text = std::fs::read_to_string(&journal).unwrap().replacen(
        "\"scenario\":\"leaked-ci-deploy-token\"",
        "\"scenario\":\"../scenarios/leaked-ci-deploy-token\"",
        1,
    );
    let evil = dir.join("evil.jsonl");
    std::fs::write(&evil, text).unwrap();
    let r = drillhall(&["replay", &evil.display().to_string()]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("not a scenario id"), "{}", r.stderr);
}

#[test]
fn play_without_a_terminal_fails_at_once_and_leaves_no_journal() {
    let dir = empty_scratch("faults", "no-terminal");
    let scenario = root().join(BUNDLED).display().to_string();
    let r = drillhall_in(&dir, &["play", &scenario]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("needs a terminal"), "{}", r.stderr);
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
}

/// No raw escape or control character (other than line breaks and Tabs) in `bytes`.
fn assert_no_raw_controls(what: &str, bytes: &str) {
    let bad: Vec<char> = bytes
        .chars()
        .filter(|c| drillhall_scenario::visible::is_unsafe(*c))
        .collect();
    assert!(bad.is_empty(), "{what} wrote raw {bad:?}:\n{bytes}");
}

#[test]
fn escape_sequences_from_files_are_shown_visibly_in_every_text_output_and_kept_in_json() {
    let dir = empty_scratch("faults", "escapes");
    let hostile = "tests/hostile/hostile-text.yaml";
    std::fs::copy(root().join(hostile), dir.join("hostile-text.yaml")).unwrap();
    let broken = std::fs::read_to_string(root().join(hostile))
        .unwrap()
        .replacen(
            "difficulty: 2",
            "difficulty: 99 # \u{1b}[2J\u{1b}]0;owned\u{7}",
            1,
        );
    let broken_path = dir.join("broken.yaml").display().to_string();
    std::fs::write(&broken_path, broken).unwrap();
    let journal = dir.join("drill.jsonl").display().to_string();
    let recorded = drillhall(&["run", hostile, "--expert", "--record", &journal, "--quiet"]);
    assert_eq!(recorded.code, 0, "{}", recorded.stderr);
    let library = dir.display().to_string();
    let text_outputs = [
        ("run", drillhall(&["run", hostile, "--expert"])),
        ("validate", drillhall(&["validate", hostile, &broken_path])),
        ("list", drillhall(&["list", &library])),
        ("check", drillhall(&["check", &library, "--seeds", "1..2"])),
        (
            "report",
            drillhall(&["report", &journal, "--scenario", hostile]),
        ),
        (
            "report md",
            drillhall(&["report", &journal, "--scenario", hostile, "--format", "md"]),
        ),
    ];
    for (what, r) in &text_outputs {
        assert_no_raw_controls(what, &r.stdout);
        assert_no_raw_controls(what, &r.stderr);
        let all = format!("{}{}", r.stdout, r.stderr);
        assert!(
            all.contains("\\u{1b}"),
            "{what} does not show the escape:\n{all}"
        );
    }
    // JSON keeps the text exactly: the escape is in the parsed value.
    let json = drillhall(&["run", hostile, "--expert", "--json"]);
    assert_eq!(json.code, 0);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let alert = value["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e.to_string().contains("token pattern"))
        .expect("the alert is in the events")
        .to_string();
    assert!(alert.contains("\\u001b[31m"), "{alert}");
}

#[test]
fn a_scenario_at_the_limits_validates_and_one_past_them_gets_a_located_error_each() {
    let dir = empty_scratch("faults", "bounds");
    let base = std::fs::read_to_string(root().join(BUNDLED)).unwrap();
    let at_limit = base
        .replacen("duration: 4h", "duration: 7d", 1)
        .replacen("seeds: 1..50", "seeds: 1..10000", 1)
        .replacen("penalty: 5,", "penalty: 100,", 1);
    let path = dir.join("at-limit.yaml");
    std::fs::write(&path, at_limit).unwrap();
    let r = drillhall(&["validate", &path.display().to_string()]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    let past = base
        .replacen("duration: 4h", "duration: 8d", 1)
        .replacen("seeds: 1..50", "seeds: 1..10001", 1)
        .replacen("penalty: 5,", "penalty: 101,", 1);
    let path = dir.join("past-limit.yaml");
    std::fs::write(&path, past).unwrap();
    let shown = path.display().to_string();
    let r = drillhall(&["validate", &shown]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    for (line, what) in [
        (13, "longer than the longest drill"),
        (98, "`check` plays at most 10000"),
        (95, "more than a whole score"),
    ] {
        let located = format!("{shown}:{line}:");
        assert!(
            r.stderr
                .lines()
                .any(|l| l.starts_with(&located) && l.contains(what)),
            "no `{what}` at line {line}:\n{}",
            r.stderr
        );
    }
}

#[test]
fn did_you_mean_on_a_huge_unknown_id_answers_at_once() {
    let huge = "tok-deploi".repeat(10_000);
    let started = std::time::Instant::now();
    let r = drillhall(&["paths", BUNDLED, "--from", &huge]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    let head: String = r.stderr.chars().take(200).collect();
    assert!(r.stderr.contains("unknown id"), "{head}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "took {:?}",
        started.elapsed()
    );
    // A near miss still gets its suggestion.
    let r = drillhall(&["paths", BUNDLED, "--from", "tok-deploi"]);
    assert!(
        r.stderr.contains("did you mean `tok-deploy`"),
        "{}",
        r.stderr
    );
}
