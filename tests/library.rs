//! The scenario library keeps its promises: every task family is trained at least twice,
//! every failure mode appears at least once, difficulty spans 1 to 5, and every scenario
//! carries what an instructor relies on (an expert whose every step says why, known-bad
//! responses, a self-test in `expect`, a debrief, CSF 2.0 references). The claims are read
//! from the files, so they cannot rot.

use std::collections::BTreeMap;
use std::path::PathBuf;

use std::sync::Arc;

use drillhall_scenario::Drill;
use drillhall_scenario::drill::{FailureMode, Task};

fn library() -> Vec<(PathBuf, Arc<Drill>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("scenarios/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("a scenario file is readable");
            let s = Drill::from_text(&p.display().to_string(), &text)
                .unwrap_or_else(|e| panic!("{} loads:\n{e}", p.display()));
            (p, s)
        })
        .collect()
}

#[test]
fn the_library_has_the_bundled_scenario_and_at_least_ten_more() {
    let lib = library();
    assert!(lib.len() >= 11, "{} scenarios", lib.len());
    assert!(lib.iter().any(|(_, s)| s.id() == "leaked-ci-deploy-token"));
}

#[test]
fn every_task_family_is_trained_by_at_least_two_scenarios() {
    let lib = library();
    let mut by_task: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (_, s) in &lib {
        for t in &s.info.tasks {
            by_task.entry(t.as_str()).or_default().push(s.id());
        }
    }
    for task in Task::ALL {
        let n = by_task.get(task.as_str()).map_or(0, Vec::len);
        assert!(n >= 2, "{task} is trained by {n} scenario(s): {by_task:?}");
    }
}

#[test]
fn every_failure_mode_appears_in_at_least_one_scenario() {
    let lib = library();
    for mode in FailureMode::ALL {
        assert!(
            lib.iter().any(|(_, s)| s.info.failure_modes.contains(mode)),
            "no scenario injects {mode}"
        );
    }
}

#[test]
fn difficulty_spans_one_to_five() {
    let lib = library();
    for d in 1..=5u8 {
        assert!(
            lib.iter().any(|(_, s)| s.info.difficulty == d),
            "no scenario of difficulty {d}"
        );
    }
}

#[test]
fn every_scenario_is_named_after_its_file_and_ids_are_unique() {
    let lib = library();
    for (path, s) in &lib {
        assert_eq!(
            path.file_stem().unwrap().to_string_lossy(),
            s.id(),
            "{} holds scenario {}",
            path.display(),
            s.id()
        );
    }
    let mut ids: Vec<&str> = lib.iter().map(|(_, s)| s.id()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), lib.len());
}

#[test]
fn every_expert_step_says_why() {
    for (_, s) in library() {
        let f = &s;
        assert!(!f.expert.is_empty(), "{} has an expert response", s.id());
        for (i, step) in f.expert.iter().enumerate() {
            let why = step.why.as_deref().unwrap_or("");
            assert!(
                why.split_whitespace().count() >= 4,
                "{} expert step {} (`{}`) says why in a sentence",
                s.id(),
                i + 1,
                step.text
            );
        }
    }
}

#[test]
fn every_scenario_tests_itself_against_its_known_bad_responses() {
    for (_, s) in library() {
        let f = &s;
        assert!(
            !f.known_bad.is_empty(),
            "{} has a known-bad response",
            s.id()
        );
        let expect = f
            .expect
            .as_ref()
            .unwrap_or_else(|| panic!("{} has an expect block", s.id()));
        assert!(
            expect.expert_min.is_some(),
            "{} sets an expert floor",
            s.id()
        );
        for name in f.known_bad.keys() {
            assert!(
                expect.known_bad_max.contains_key(name),
                "{} sets a ceiling for known_bad/{name}",
                s.id()
            );
        }
        let (first, last) = expect.seeds;
        assert!(
            last >= first && last - first + 1 >= 10,
            "{} is checked on at least ten seeds ({first}..{last})",
            s.id()
        );
    }
}

#[test]
fn every_scenario_has_a_debrief_with_csf_references_and_a_summary() {
    for (_, s) in library() {
        let f = &s;
        let debrief = f.info.lessons.as_deref().unwrap_or("");
        assert!(
            debrief.contains("CSF 2.0"),
            "{} debrief cites CSF 2.0",
            s.id()
        );
        assert!(debrief.lines().count() >= 5, "{} debrief teaches", s.id());
        assert!(
            !f.info.frameworks.is_empty()
                && f.info.frameworks.iter().all(|r| r.starts_with("CSF 2.0 ")),
            "{} tags its CSF 2.0 categories: {:?}",
            s.id(),
            f.info.frameworks
        );
        assert!(!f.info.summary.is_empty(), "{} has a summary", s.id());
        assert!(!f.info.tasks.is_empty() && !f.info.failure_modes.is_empty());
    }
}
