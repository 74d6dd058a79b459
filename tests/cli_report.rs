//! `drillhall report`: the debrief of a recorded drill, and its refusal to debrief a journal
//! against a different version of the scenario.

use std::path::{Path, PathBuf};

use drillhall_engine::journal::JournalWriter;
use drillhall_engine::script::{Script, run_script};
use drillhall_scenario::drill::Mode;
use drillhall_scenario::{Drill, Scenario};

const BUNDLED: &str = "scenarios/leaked-ci-deploy-token.yaml";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cli_report")
        .join(name);
    std::fs::create_dir_all(&dir).expect("the scratch directory can be made");
    dir
}

/// Records a journal of a known-bad response of the bundled scenario on seed 7.
fn record(dir: &Path, response: &str) -> PathBuf {
    record_with_score(dir, response, None)
}

/// Records a shadow-mode journal of the bundled scenario on seed 7 in which the trainee
/// predicts the expert's next step with each step of a known-bad response.
fn record_shadow(dir: &Path, response: &str) -> PathBuf {
    let scenario = Drill::from_text(
        BUNDLED,
        &std::fs::read_to_string(root().join(BUNDLED)).unwrap(),
    )
    .expect("the bundled scenario loads");
    let script = Script::known_bad(&scenario, response).expect("the response exists");
    let mut writer = JournalWriter::new(Vec::new());
    run_script(&scenario, 7, Mode::Shadow, &script, Some(&mut writer)).expect("the response runs");
    let path = dir.join(format!("{response}-shadow.jsonl"));
    std::fs::write(&path, writer.into_inner()).expect("the journal is written");
    path
}

/// [`record`], with a score written into the end line as the recorder computed it.
fn record_with_score(dir: &Path, response: &str, score: Option<u32>) -> PathBuf {
    let text = std::fs::read_to_string(root().join(BUNDLED)).expect("the bundled scenario");
    let scenario = std::sync::Arc::new(Drill::compile(
        &Scenario::from_text(BUNDLED, &text).expect("it loads"),
    ));
    let script = Script::known_bad(&scenario, response).expect("the response exists");
    let mut writer = JournalWriter::new(Vec::new());
    if let Some(points) = score {
        writer.set_score(points);
    }
    run_script(&scenario, 7, scenario.mode, &script, Some(&mut writer)).expect("the response runs");
    let path = dir.join(format!("{response}.jsonl"));
    std::fs::write(&path, writer.into_inner()).expect("the journal is written");
    path
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn drillhall(args: &[&str]) -> Run {
    let output = assert_cmd::cargo::cargo_bin_cmd!("drillhall")
        .current_dir(root())
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .expect("the binary runs");
    Run {
        code: output.status.code().expect("an exit code"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8"),
    }
}

#[test]
fn a_journal_recorded_against_another_version_of_the_scenario_is_refused_with_exit_2() {
    let dir = scratch("changed");
    let journal = record(&dir, "panic-revoke");
    let changed = dir.join("leaked-ci-deploy-token.yaml");
    let original = std::fs::read_to_string(root().join(BUNDLED)).unwrap();
    std::fs::write(&changed, original.replace("duration: 4h", "duration: 5h")).unwrap();
    let run = drillhall(&[
        "report",
        journal.to_str().unwrap(),
        "--scenario",
        changed.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2, "stderr: {}", run.stderr);
    assert!(run.stdout.is_empty());
    let header = std::fs::read_to_string(&journal).unwrap();
    let recorded = header
        .split("\"scenario_sha256\":\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the header records the scenario's hash");
    assert!(
        run.stderr.contains(&format!(
            "journal was recorded against a different version of leaked-ci-deploy-token (sha256 {recorded}), this file is {}",
            changed.display()
        )),
        "{}",
        run.stderr
    );
}

#[test]
fn report_prints_the_debrief_of_a_journal_in_each_format() {
    let dir = scratch("formats");
    let journal = record(&dir, "panic-revoke");
    let j = journal.to_str().unwrap();

    let text = drillhall(&["report", j]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout
            .starts_with("Debrief — CI deploy token pushed to a public fork")
    );
    assert!(
        !text.stdout.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
    assert!(
        text.stdout
            .contains("`revoke tok-deploy` at T+0:19 took ci-deployer")
    );

    let md = dir.join("debrief.md");
    let _ = std::fs::remove_file(&md);
    let run = drillhall(&["report", j, "--format", "md", "--out", md.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "--out writes the file, not stdout");
    let markdown = std::fs::read_to_string(&md).unwrap();
    assert!(markdown.starts_with("# Debrief: CI deploy token pushed to a public fork"));
    assert!(markdown.contains("## What if"));

    let json = drillhall(&["report", j, "--format", "json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("valid JSON");
    assert_eq!(v["format"], "drillhall-debrief/2");
    assert!(
        v["predictions"].is_null(),
        "nobody predicts outside shadow mode"
    );
    let lost: u64 = v["score"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["weighted"].as_u64().unwrap())
        .sum();
    assert_eq!(
        v["score"]["max"].as_u64().unwrap() - lost,
        v["score"]["total"].as_u64().unwrap()
    );
}

#[test]
fn report_finds_the_scenario_by_the_id_in_the_journal() {
    let dir = scratch("default");
    let journal = record(&dir, "do-nothing");
    // Run from the repository root: scenarios/<id>.yaml is the bundled file.
    let run = drillhall(&["report", journal.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["scenario"]["id"], "leaked-ci-deploy-token");
    assert_eq!(v["calibration"]["status"], "no-high-tier-decisions");
}

#[test]
fn a_file_that_is_not_a_journal_is_refused_with_the_line_that_is_wrong() {
    let dir = scratch("garbage");
    let path = dir.join("notes.jsonl");
    std::fs::write(&path, "this is not a journal\n").unwrap();
    let run = drillhall(&["report", path.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("line 1"), "{}", run.stderr);
}

#[test]
fn a_recorded_score_that_the_replay_does_not_give_is_refused() {
    let dir = scratch("rescored");
    let journal = record_with_score(&dir, "panic-revoke", Some(99));
    let run = drillhall(&["report", journal.to_str().unwrap(), "--format", "json"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("the end line records a score of 99, but the replay scores 51"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_shadow_mode_prediction_score_appears_in_report_json() {
    let dir = scratch("shadow");
    let journal = record_shadow(&dir, "panic-revoke");
    let j = journal.to_str().unwrap();

    let json = drillhall(&["report", j, "--format", "json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("valid JSON");
    assert_eq!(v["mode"], "shadow");
    let p = &v["predictions"];
    let steps = p["steps"].as_array().expect("the predictions are listed");
    assert!(!steps.is_empty(), "the trainee predicted: {p}");
    // The total is the sum of the engine's prediction-scored events, out of 2 per expert step.
    let sum: u64 = steps.iter().map(|s| s["points"].as_u64().unwrap()).sum();
    assert_eq!(p["points"].as_u64(), Some(sum));
    let expert_steps = v["par"]["steps"].as_array().unwrap().len() as u64;
    assert_eq!(p["max"].as_u64(), Some(2 * expert_steps));
    // panic-revoke's first move is the expert's first verb at best: not every point is earned.
    assert!(sum < 2 * expert_steps, "{p}");

    let text = drillhall(&["report", j]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout
            .contains(&format!("PREDICTIONS {sum} of {} points", 2 * expert_steps)),
        "{}",
        text.stdout
    );
    let md = drillhall(&["report", j, "--format", "md"]);
    assert!(md.stdout.contains("## Predictions"), "{}", md.stdout);
}

#[test]
fn report_shows_the_pauses_a_journal_recorded_in_text_markdown_and_json() {
    let dir = scratch("pauses");
    let journal = record(&dir, "panic-revoke");
    let text = std::fs::read_to_string(&journal).unwrap();
    // A pause line after the header and first input, as the TUI writes one.
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(2, r#"{"type":"pause","tick":0,"seconds":95}"#);
    let paused = dir.join("paused.jsonl");
    std::fs::write(&paused, format!("{}\n", lines.join("\n"))).unwrap();
    let p = paused.to_str().unwrap();
    let out = drillhall(&["report", p]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("PAUSES"), "{}", out.stdout);
    assert!(
        out.stdout.contains("paused 1 time for 1m35s"),
        "{}",
        out.stdout
    );
    let md = drillhall(&["report", p, "--format", "md"]);
    assert!(md.stdout.contains("## Pauses"), "{}", md.stdout);
    let json = drillhall(&["report", p, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["pauses"]["total_seconds"], 95);
    let plain = drillhall(&["report", journal.to_str().unwrap(), "--format", "json"]);
    let w: serde_json::Value = serde_json::from_str(&plain.stdout).unwrap();
    assert_eq!(v["digest"], w["digest"], "the pause changes no digest");
}
