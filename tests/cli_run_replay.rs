//! `drillhall run` and `drillhall replay`: headless drills, journals, and the replay check
//! CI relies on (exit 0 match, 1 divergence naming the event, 2 bad journal or changed
//! scenario).

mod cli_support;

use cli_support::{BUNDLED, drillhall, files_in, scratch};

fn digest_line(stdout: &str) -> String {
    stdout
        .lines()
        .find(|l| l.starts_with("digest "))
        .unwrap_or_else(|| panic!("a digest line in:\n{stdout}"))
        .to_owned()
}

/// Records the bundled expert on seed 7 into a scratch journal and returns its path.
fn recorded(name: &str) -> String {
    let path = scratch("run-replay").join(name);
    let path = path.display().to_string();
    let run = drillhall(&[
        "run", BUNDLED, "--seed", "7", "--expert", "--record", &path, "--quiet", "--force",
    ]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    assert!(run.stderr.contains("journal written to"), "{}", run.stderr);
    path
}

#[test]
fn the_same_seed_and_inputs_give_the_same_digest_in_two_processes() {
    let a = drillhall(&["run", BUNDLED, "--seed", "11", "--expert"]);
    let b = drillhall(&["run", BUNDLED, "--seed", "11", "--expert"]);
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert_eq!(a.stdout, b.stdout, "two processes print the same run");
    let c = drillhall(&["run", BUNDLED, "--seed", "12", "--expert"]);
    assert_ne!(
        digest_line(&a.stdout),
        digest_line(&c.stdout),
        "another seed is another run"
    );
}

#[test]
fn run_prints_the_timeline_and_ends_with_the_score_summary() {
    let run = drillhall(&["run", BUNDLED, "--seed", "7", "--expert"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("T+0:00"), "{}", run.stdout);
    assert!(run.stdout.contains("credential-leaked"), "{}", run.stdout);
    let tail: Vec<&str> = run.stdout.lines().rev().take(3).collect();
    assert!(tail[2].starts_with("score "), "{}", run.stdout);
    assert!(tail[1].starts_with("objectives: "), "{}", run.stdout);
}

#[test]
fn the_expert_of_every_bundled_scenario_meets_every_objective() {
    for scenario in files_in("scenarios", "yaml") {
        let run = drillhall(&["run", &scenario, "--seed", "3", "--expert", "--json"]);
        assert_eq!(run.code, 0, "{scenario}: {}", run.stderr);
        let v: serde_json::Value = serde_json::from_str(&run.stdout).expect("run --json is JSON");
        let objectives = v["objectives"].as_array().expect("objectives");
        assert!(!objectives.is_empty(), "{scenario} has objectives");
        for o in objectives {
            assert_eq!(o["state"], "met", "{scenario}: {o}");
        }
    }
}

#[test]
fn a_recorded_journal_replays_to_its_digest() {
    let journal = recorded("expert.jsonl");
    let run = drillhall(&["replay", &journal]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    assert!(
        run.stdout.contains("matches its recorded digest"),
        "{}",
        run.stdout
    );
    let pinned = digest_line(&run.stdout);
    let digest = pinned.trim_start_matches("digest ");
    let run = drillhall(&["replay", &journal, "--expect-digest", digest]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = drillhall(&["replay", &journal, "--expect-digest", "00ff"]);
    assert_eq!(run.code, 1, "a wrong pinned digest is a failed check");
}

#[test]
fn editing_one_line_of_a_journal_makes_replay_fail_naming_the_event() {
    let journal = recorded("edited.jsonl");
    let text = std::fs::read_to_string(&journal).expect("journal");
    assert!(text.contains("declare-incident sev2"), "{text}");
    let edited = scratch("run-replay").join("edited-sev3.jsonl");
    std::fs::write(
        &edited,
        text.replace("declare-incident sev2", "declare-incident sev3")
            .replace(r#""severity":"sev2""#, r#""severity":"sev3""#),
    )
    .expect("write");
    let run = drillhall(&["replay", &edited.display().to_string()]);
    assert_eq!(
        run.code, 1,
        "stdout:\n{}\nstderr:\n{}",
        run.stdout, run.stderr
    );
    assert!(run.stderr.contains("does not replay"), "{}", run.stderr);
    assert!(
        run.stderr.contains("first differing event: #"),
        "names the event: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains("declare-incident sev3"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_journal_cut_off_mid_line_replays_with_a_warning() {
    let journal = recorded("cut.jsonl");
    let text = std::fs::read_to_string(&journal).expect("journal");
    // Keep the header and the first inputs, then half of the next line: a crash mid-write.
    let lines: Vec<&str> = text.lines().collect();
    let mut cut = lines[..4].join("\n");
    cut.push('\n');
    cut.push_str(&lines[4][..lines[4].len() / 2]);
    let path = scratch("run-replay").join("cut-short.jsonl");
    std::fs::write(&path, cut).expect("write");
    let run = drillhall(&["replay", &path.display().to_string()]);
    assert_eq!(run.code, 0, "stderr:\n{}", run.stderr);
    assert!(run.stderr.contains("warning:"), "{}", run.stderr);
    assert!(run.stdout.contains("no end line"), "{}", run.stdout);
}

#[test]
fn a_malformed_journal_or_a_changed_scenario_is_bad_input() {
    let path = scratch("run-replay").join("garbage.jsonl");
    std::fs::write(&path, "{\"type\":\"header\"\nnot json at all\n").expect("write");
    let run = drillhall(&["replay", &path.display().to_string()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);

    let journal = recorded("changed.jsonl");
    let scenario = std::fs::read_to_string(cli_support::root().join(BUNDLED)).expect("bundled");
    let changed = scratch("run-replay").join("changed.yaml");
    std::fs::write(&changed, scenario.replace("difficulty: 2", "difficulty: 3")).expect("write");
    let run = drillhall(&[
        "replay",
        &journal,
        "--scenario",
        &changed.display().to_string(),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("different version of leaked-ci-deploy-token"),
        "{}",
        run.stderr
    );
}

#[test]
fn run_refuses_what_it_cannot_play() {
    let run = drillhall(&["run", BUNDLED, "--seed", "1"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--expert"), "{}", run.stderr);
    let run = drillhall(&["run", BUNDLED, "--known-bad", "panik-revoke"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("panic-revoke"),
        "lists the names: {}",
        run.stderr
    );
    let actions = scratch("run-replay").join("bad-actions.txt");
    std::fs::write(&actions, "13m rotat tok-deploy\n").expect("write");
    let run = drillhall(&["run", BUNDLED, "--actions", &actions.display().to_string()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("rotat"), "{}", run.stderr);
}

#[test]
fn an_action_file_plays_like_a_trainee() {
    let actions = scratch("run-replay").join("panic.txt");
    std::fs::write(&actions, "# revoke at once\n13m revoke tok-deploy\n").expect("write");
    let run = drillhall(&[
        "run",
        BUNDLED,
        "--seed",
        "7",
        "--mode",
        "independent",
        "--actions",
        &actions.display().to_string(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("workload-down"), "{}", run.stdout);
    assert!(run.stdout.contains("ci-deployer"), "{}", run.stdout);
}

#[test]
fn replay_view_is_offered_and_cannot_be_combined_with_a_pinned_digest() {
    let help = drillhall(&["replay", "--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("--view"), "{}", help.stdout);
    let journal = recorded("view.jsonl");
    let run = drillhall(&["replay", &journal, "--view", "--expect-digest", "00"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

#[test]
fn a_journal_finds_its_scenario_beside_it_from_any_directory_and_nowhere_else() {
    use cli_support::{drillhall_in, empty_scratch, root};
    let dir = empty_scratch("run-replay", "beside");
    let journal = dir.join("drill.jsonl");
    let run = drillhall(&[
        "run",
        BUNDLED,
        "--seed",
        "7",
        "--expert",
        "--record",
        &journal.display().to_string(),
        "--quiet",
        "--force",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let elsewhere = empty_scratch("run-replay", "elsewhere");
    // Not beside the journal and not in ./scenarios: bad input that says where it looked.
    let run = drillhall_in(&elsewhere, &["replay", &journal.display().to_string()]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("beside the journal"), "{}", run.stderr);
    // Beside the journal: found from another directory.
    std::fs::copy(
        root().join(BUNDLED),
        dir.join("leaked-ci-deploy-token.yaml"),
    )
    .expect("copy the scenario");
    let run = drillhall_in(&elsewhere, &["replay", &journal.display().to_string()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("matches its recorded digest"),
        "{}",
        run.stdout
    );
}
