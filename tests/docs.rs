//! The documentation cannot rot: every whole-scenario example in docs/scenario-format.md
//! validates and passes `drillhall check`, every field and word of the format and every
//! command of the grammar is described there, and every `drillhall` command in docs/ci.md
//! (and its example composite action) uses flags the binary has.

use std::path::{Path, PathBuf};

use drillhall_scenario::Scenario;
use drillhall_scenario::command::VERBS;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn doc(name: &str) -> String {
    std::fs::read_to_string(root().join("docs").join(name))
        .unwrap_or_else(|e| panic!("docs/{name} is readable: {e}"))
}

/// The fenced blocks of a language, with the line each starts on.
fn blocks(text: &str, lang: &str) -> Vec<(usize, String)> {
    let fence = format!("```{lang}");
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        match &mut current {
            None if line.trim_end() == fence => current = Some((i + 2, String::new())),
            Some(_) if line.trim_end() == "```" => out.extend(current.take()),
            Some((_, body)) => {
                body.push_str(line);
                body.push('\n');
            }
            None => {}
        }
    }
    out
}

/// The YAML examples that are whole scenarios.
fn scenario_examples() -> Vec<(usize, String)> {
    blocks(&doc("scenario-format.md"), "yaml")
        .into_iter()
        .filter(|(_, b)| b.starts_with("apiVersion"))
        .collect()
}

#[test]
fn every_whole_scenario_example_in_the_format_reference_validates() {
    let examples = scenario_examples();
    assert!(examples.len() >= 3, "the reference has worked examples");
    for (line, text) in &examples {
        let name = format!("docs/scenario-format.md (example at line {line})");
        if let Err(e) = Scenario::from_text(&name, text) {
            panic!("{e}");
        }
    }
}

#[test]
fn the_worked_examples_pass_check() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("docs-examples");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (i, (_, text)) in scenario_examples().iter().enumerate() {
        std::fs::write(dir.join(format!("example-{i}.yaml")), text).unwrap();
    }
    let out = assert_cmd::cargo::cargo_bin_cmd!("drillhall")
        .current_dir(&dir)
        .args(["--color=never", "check", "."])
        .output()
        .expect("drillhall runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
}

/// Every property name and every enumerated word in the JSON Schema of the format.
fn format_words() -> (Vec<String>, Vec<String>) {
    fn walk(v: &serde_json::Value, fields: &mut Vec<String>, words: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::Object(props)) = map.get("properties") {
                    fields.extend(props.keys().cloned());
                }
                if let Some(serde_json::Value::Array(e)) = map.get("enum") {
                    words.extend(e.iter().filter_map(|x| x.as_str().map(str::to_owned)));
                }
                if let Some(serde_json::Value::String(c)) = map.get("const") {
                    words.push(c.clone());
                }
                for child in map.values() {
                    walk(child, fields, words);
                }
            }
            serde_json::Value::Array(items) => {
                for child in items {
                    walk(child, fields, words);
                }
            }
            _ => {}
        }
    }
    let schema = serde_json::to_value(drillhall_scenario::json_schema()).unwrap();
    let (mut fields, mut words) = (Vec::new(), Vec::new());
    walk(&schema, &mut fields, &mut words);
    fields.sort();
    fields.dedup();
    words.sort();
    words.dedup();
    (fields, words)
}

#[test]
fn every_field_and_word_of_the_format_is_described_in_the_reference() {
    let text = doc("scenario-format.md");
    let (fields, words) = format_words();
    assert!(fields.len() > 60, "the schema was walked: {fields:?}");
    let missing: Vec<&String> = fields
        .iter()
        .chain(&words)
        .filter(|w| !text.contains(&format!("`{w}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/scenario-format.md does not mention these in backticks: {missing:?}"
    );
}

#[test]
fn every_command_of_the_grammar_is_in_the_reference_with_its_synopsis() {
    let text = doc("scenario-format.md");
    for (verb, synopsis) in VERBS {
        let row = format!("| `{verb} {synopsis}` |");
        let bare = format!("| `{verb}` |");
        assert!(
            text.contains(&row) || (synopsis.is_empty() && text.contains(&bare)),
            "the command table has a row for `{verb} {synopsis}`"
        );
    }
}

#[test]
fn every_drillhall_command_in_the_ci_guide_uses_real_flags() {
    let text = doc("ci.md");
    // The example composite action runs the same commands.
    let action = doc("github-action/action.yml");
    let mut commands = Vec::new();
    for (_, block) in blocks(&text, "sh")
        .into_iter()
        .chain(blocks(&text, "yaml"))
        .chain([(0, action)])
    {
        let joined = block.replace("\\\n", " ");
        for line in joined.lines() {
            let line = line
                .trim()
                .trim_start_matches("- ")
                .trim_start_matches("run: ");
            if let Some(rest) = line.strip_prefix("drillhall ") {
                commands.push(rest.to_owned());
            }
        }
    }
    assert!(commands.len() >= 4, "{commands:?}");
    for command in &commands {
        let mut words = command.split_whitespace();
        let sub = words.next().unwrap();
        let help = assert_cmd::cargo::cargo_bin_cmd!("drillhall")
            .args([sub, "--help"])
            .output()
            .expect("drillhall runs");
        assert_eq!(help.status.code(), Some(0), "`drillhall {sub}` exists");
        let help = String::from_utf8_lossy(&help.stdout);
        for flag in words.filter(|w| w.starts_with("--")) {
            assert!(
                help.contains(flag),
                "`drillhall {sub}` has {flag} ({command})"
            );
        }
    }
}

#[test]
fn every_default_the_drill_applies_is_the_one_the_reference_states() {
    let text = doc("scenario-format.md");
    for (field, value) in drillhall_scenario::drill::defaults::table() {
        let row = format!("| `{field}` |");
        let rows: Vec<&str> = text.lines().filter(|l| l.starts_with(&row)).collect();
        assert!(
            !rows.is_empty(),
            "docs/scenario-format.md has no row for `{field}`"
        );
        assert!(
            rows.iter().any(|r| r.contains(&value)),
            "the row of `{field}` should state its default {value}: {rows:?}"
        );
    }
}

#[test]
fn every_bound_of_the_format_is_documented_with_its_value() {
    use drillhall_scenario::command::MAX_COMMAND_DURATION;
    use drillhall_scenario::format_duration;
    let text = doc("scenario-format.md");
    let section = text
        .split("### Bounds")
        .nth(1)
        .expect("docs/scenario-format.md has a `### Bounds` section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let year = format_duration(MAX_COMMAND_DURATION);
    let rows = [
        (
            "| `metadata.duration` |",
            format_duration(drillhall_scenario::MAX_DURATION_TICKS),
        ),
        ("| `metadata.difficulty` |", "5".to_owned()),
        (
            "| `schedule.every`, `schedule.first` |",
            format_duration(drillhall_scenario::MAX_SCHEDULE_TICKS),
        ),
        (
            "| noise `rate` |",
            format!("{}/h", drillhall_scenario::MAX_NOISE_PER_HOUR),
        ),
        (
            "| noise `until` |",
            format_duration(drillhall_scenario::MAX_SCHEDULE_TICKS),
        ),
        ("| a duration inside a command", year),
        ("| a step's `confidence` |", "100".to_owned()),
        (
            "| a hint's `penalty` |",
            drillhall_scenario::MAX_HINT_PENALTY.to_string(),
        ),
        (
            "| one `scoring` weight |",
            drillhall_scenario::MAX_SCORING_WEIGHT.to_string(),
        ),
        (
            "| the sum of the `scoring` weights |",
            drillhall_scenario::MAX_SCORING_SUM.to_string(),
        ),
        (
            "| `expect.seeds` |",
            format!("{} seeds", drillhall_scenario::MAX_EXPECT_SEEDS),
        ),
    ];
    for (start, value) in rows {
        let row = section
            .lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("the bounds table has a row `{start}`"));
        let largest = row.split('|').nth(2).unwrap_or("").trim();
        let largest = largest.trim_matches('`');
        assert_eq!(largest, value, "{row}");
    }
}
