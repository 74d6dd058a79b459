//! `drillhall check --sarif FILE`: a SARIF 2.1.0 log that code-scanning UIs read, with
//! every property the specification requires, and each failure at the right line.

mod cli_support;

use std::path::PathBuf;

use cli_support::{drillhall_in, empty_scratch, root};
use serde_json::Value;

/// A scratch library with the given scenario files.
fn library(name: &str, files: &[(&str, String)]) -> PathBuf {
    let dir = empty_scratch("cli_sarif", name);
    std::fs::create_dir_all(dir.join("drills")).unwrap();
    for (file, text) in files {
        std::fs::write(dir.join("drills").join(file), text).unwrap();
    }
    dir
}

fn bundled(name: &str) -> String {
    std::fs::read_to_string(root().join("scenarios").join(name)).expect("a bundled scenario")
}

/// Runs `check drills --sarif out.sarif` in a library and returns the exit code and the log.
fn sarif_of(dir: &std::path::Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", "drills", "--sarif", "out.sarif"];
    args.extend_from_slice(extra);
    let run = drillhall_in(dir, &args);
    let text = std::fs::read_to_string(dir.join("out.sarif"))
        .unwrap_or_else(|e| panic!("--sarif wrote no file ({e}): {}", run.stderr));
    (
        run.code,
        serde_json::from_str(&text).expect("the log is JSON"),
    )
}

/// The properties SARIF 2.1.0 requires of a log (§3.13), a run (§3.14), a tool and its
/// driver (§3.18, §3.19), a reporting descriptor (§3.49), a result (§3.27), a location
/// (§3.28), a physical location (§3.29), an artifact location (§3.4) and a region (§3.30),
/// and the constraints between them (a `ruleIndex` names the rule whose id is the
/// `ruleId`; rule ids are unique). Returns every violation.
fn violations(log: &Value) -> Vec<String> {
    let mut v = Vec::new();
    let mut need = |ok: bool, what: &str| {
        if !ok {
            v.push(what.to_owned());
        }
    };
    need(
        log["version"] == "2.1.0",
        "log.version is \"2.1.0\" (§3.13.2)",
    );
    let Some(runs) = log["runs"].as_array() else {
        need(false, "log.runs is an array (§3.13.4)");
        return v;
    };
    for run in runs {
        let driver = &run["tool"]["driver"];
        need(run["tool"].is_object(), "run.tool (§3.14.6)");
        need(driver.is_object(), "tool.driver (§3.18.2)");
        need(
            driver["name"].as_str().is_some_and(|n| !n.is_empty()),
            "driver.name (§3.19.8)",
        );
        let rules = driver["rules"].as_array().cloned().unwrap_or_default();
        let mut ids: Vec<&str> = Vec::new();
        for rule in &rules {
            let id = rule["id"].as_str();
            need(id.is_some(), "reportingDescriptor.id (§3.49.3)");
            if let Some(id) = id {
                need(!ids.contains(&id), "rule ids are unique (§3.49.3)");
                ids.push(id);
            }
        }
        for result in run["results"].as_array().map_or(&[][..], Vec::as_slice) {
            need(
                result["message"]["text"]
                    .as_str()
                    .is_some_and(|t| !t.is_empty()),
                "result.message.text (§3.27.11, §3.11.8)",
            );
            let rule_id = result["ruleId"].as_str();
            need(rule_id.is_some(), "result.ruleId (§3.27.5)");
            if let Some(i) = result["ruleIndex"].as_u64() {
                let named = rules
                    .get(usize::try_from(i).unwrap())
                    .and_then(|r| r["id"].as_str());
                need(
                    named == rule_id,
                    "ruleIndex names the rule of ruleId (§3.27.7)",
                );
            }
            if let Some(level) = result["level"].as_str() {
                need(
                    ["none", "note", "warning", "error"].contains(&level),
                    "result.level is a SARIF level (§3.27.10)",
                );
            }
            let locations = result["locations"]
                .as_array()
                .map_or(&[][..], Vec::as_slice);
            need(!locations.is_empty(), "result.locations (§3.27.12)");
            for loc in locations {
                let phys = &loc["physicalLocation"];
                let uri = phys["artifactLocation"]["uri"].as_str();
                need(
                    uri.is_some(),
                    "physicalLocation.artifactLocation.uri (§3.29.3, §3.4.3)",
                );
                need(
                    uri.is_some_and(|u| !u.contains('\\') && !u.contains(' ')),
                    "artifactLocation.uri is a URI reference (§3.4.3)",
                );
                let region = &phys["region"];
                need(
                    region["startLine"].as_u64().is_some_and(|l| l >= 1),
                    "region.startLine ≥ 1 (§3.30.5)",
                );
                need(
                    region["startColumn"].as_u64().is_some_and(|c| c >= 1),
                    "region.startColumn ≥ 1 (§3.30.6)",
                );
            }
        }
    }
    v
}

fn results(log: &Value) -> Vec<Value> {
    log["runs"][0]["results"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn at(result: &Value) -> (String, u64, u64) {
    let phys = &result["locations"][0]["physicalLocation"];
    (
        phys["artifactLocation"]["uri"].as_str().unwrap().to_owned(),
        phys["region"]["startLine"].as_u64().unwrap(),
        phys["region"]["startColumn"].as_u64().unwrap(),
    )
}

#[test]
fn a_passing_library_writes_a_log_with_a_run_and_no_results() {
    let dir = library(
        "passing",
        &[(
            "leaked-ci-deploy-token.yaml",
            bundled("leaked-ci-deploy-token.yaml"),
        )],
    );
    let (code, log) = sarif_of(&dir, &["--seeds", "1..2"]);
    assert_eq!(code, 0);
    assert_eq!(violations(&log), Vec::<String>::new());
    assert_eq!(log["runs"].as_array().map(Vec::len), Some(1));
    assert_eq!(log["runs"][0]["tool"]["driver"]["name"], "drillhall");
    assert!(results(&log).is_empty());
}

#[test]
fn the_specification_check_catches_a_log_that_lacks_what_it_requires() {
    let broken = serde_json::json!({
        "version": "2.0.0",
        "runs": [{ "tool": { "driver": {} }, "results": [
            { "ruleId": "X", "ruleIndex": 0, "message": {}, "locations": [
                { "physicalLocation": { "artifactLocation": { "uri": "a b.yaml" }, "region": { "startLine": 0 } } }
            ] }
        ] }]
    });
    let v = violations(&broken);
    for expected in [
        "log.version",
        "driver.name",
        "message.text",
        "ruleIndex",
        "URI reference",
        "startLine",
        "startColumn",
    ] {
        assert!(
            v.iter().any(|x| x.contains(expected)),
            "{expected} not caught: {v:#?}"
        );
    }
}

#[test]
fn an_invalid_scenario_is_a_result_at_the_line_and_column_of_its_diagnostic() {
    let text =
        std::fs::read_to_string(root().join("tests/broken/misspelt-nested-key.yaml")).unwrap();
    let dir = library("invalid", &[("misspelt.yaml", text)]);
    let (code, log) = sarif_of(&dir, &[]);
    assert_eq!(code, 1);
    assert_eq!(violations(&log), Vec::<String>::new());
    let results = results(&log);
    assert_eq!(results.len(), 1, "{results:#?}");
    assert_eq!(results[0]["ruleId"], "DH001");
    // The snapshot of this fixture: misspelt-nested-key.yaml:8:3: unknown field `dificulty`.
    assert_eq!(at(&results[0]), ("drills/misspelt.yaml".to_owned(), 8, 3));
    let message = results[0]["message"]["text"].as_str().unwrap();
    assert!(message.contains("dificulty"), "{message}");
}

#[test]
fn a_missed_objective_is_a_result_at_the_line_of_the_objective() {
    let original = bundled("leaked-ci-deploy-token.yaml");
    let step = "  - { at: 12m, do: \"declare-incident sev2\", why: \"A live credential in a public repo is an incident: say so first, so owners are pulled in.\" }\n";
    assert!(
        original.contains(step),
        "the bundled expert declares the incident"
    );
    // Without the declaration the `declared` objective fails.
    let text = original.replacen(
        step,
        "  - { at: 12m, do: \"note \\\"no incident\\\"\" }\n",
        1,
    );
    let dir = library("expert", &[("leaked-ci-deploy-token.yaml", text.clone())]);
    let (code, log) = sarif_of(&dir, &["--seeds", "1"]);
    assert_eq!(code, 1);
    assert_eq!(violations(&log), Vec::<String>::new());
    let results = results(&log);
    let objective = results
        .iter()
        .find(|r| {
            r["message"]["text"]
                .as_str()
                .unwrap()
                .contains("objective `")
        })
        .unwrap_or_else(|| panic!("a missed objective: {results:#?}"));
    assert_eq!(objective["ruleId"], "DH002");
    let id = objective["message"]["text"]
        .as_str()
        .unwrap()
        .split("objective `")
        .nth(1)
        .and_then(|r| r.split('`').next())
        .unwrap()
        .to_owned();
    let (uri, line, _) = at(objective);
    assert_eq!(uri, "drills/leaked-ci-deploy-token.yaml");
    let objective_line = text
        .lines()
        .position(|l| l.contains(&format!("{{ id: {id},")))
        .expect("the objective is in the file")
        + 1;
    assert_eq!(
        line, objective_line as u64,
        "the result is on objective `{id}`'s line"
    );
}

#[test]
fn a_known_bad_response_out_of_bounds_is_a_result_at_its_first_step() {
    let original = bundled("leaked-ci-deploy-token.yaml");
    let text = original.replacen("panic-revoke: { max: 60 }", "panic-revoke: { max: 1 }", 1);
    assert_ne!(
        text, original,
        "the bundled scenario bounds a known-bad response"
    );
    let dir = library(
        "known-bad",
        &[("leaked-ci-deploy-token.yaml", text.clone())],
    );
    let (code, log) = sarif_of(&dir, &["--seeds", "1"]);
    assert_eq!(code, 1);
    assert_eq!(violations(&log), Vec::<String>::new());
    let results = results(&log);
    let r = results
        .iter()
        .find(|r| r["ruleId"] == "DH003")
        .unwrap_or_else(|| panic!("a known-bad result: {results:#?}"));
    let (_, line, _) = at(r);
    let known_bad = text
        .lines()
        .position(|l| l.starts_with("known_bad:"))
        .unwrap()
        + 1;
    assert!(
        line as usize > known_bad + 1,
        "line {line} is a step under known_bad (line {known_bad})"
    );
    let step_line = text.lines().nth(line as usize - 1).unwrap();
    assert!(step_line.trim_start().starts_with("- { at:"), "{step_line}");
}

#[test]
fn an_unwritable_sarif_file_is_bad_input() {
    let dir = library(
        "unwritable",
        &[(
            "leaked-ci-deploy-token.yaml",
            bundled("leaked-ci-deploy-token.yaml"),
        )],
    );
    let run = drillhall_in(
        &dir,
        &[
            "check",
            "drills",
            "--seeds",
            "1",
            "--sarif",
            "no/such/dir.sarif",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("no/such/dir.sarif"), "{}", run.stderr);
}
