//! The broken-scenario corpus: every file in `tests/broken/` carries one deliberate fault (one
//! carries several), and loading it must produce the report an instructor needs: where the
//! problem is, what is wrong, what to write instead. The snapshots under `tests/snapshots/`
//! are those reports, so they are the expected messages and locations.
//!
//! Every load must also end quickly and without a panic, hostile files included (an alias
//! bomb, 10,000 nested lists, a 1 MiB line). The bundled scenarios must load clean.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use drillhall_scenario::Scenario;

/// How long one broken file may take to load (debug build, shared machine: generous).
const QUICK: Duration = Duration::from_secs(5);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Loads bytes the way the CLI does and returns the rendered report.
fn report_for(name: &str, bytes: &[u8], limit: Duration) -> String {
    let started = Instant::now();
    let result = Scenario::from_bytes(name, bytes);
    let took = started.elapsed();
    assert!(took < limit, "{name} took {took:?} to load");
    match result {
        Ok(s) => panic!(
            "{name} loaded as scenario `{}` without a diagnostic",
            s.id()
        ),
        Err(e) => {
            assert!(
                !e.diagnostics.is_empty(),
                "{name}: an error with no diagnostics"
            );
            e.to_string()
        }
    }
}

fn report(file: &str) -> String {
    let name = format!("tests/broken/{file}");
    let bytes = std::fs::read(root().join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    report_for(&name, &bytes, QUICK)
}

macro_rules! corpus {
    ($($test:ident => $file:literal;)+) => {
        $(
            #[test]
            fn $test() {
                let snapshot = $file.trim_end_matches(".yaml");
                insta::assert_snapshot!(snapshot, report($file));
            }
        )+

        /// Every file the tests above load.
        const CORPUS: &[&str] = &[$($file),+];
    };
}

corpus! {
    a_misspelt_top_level_key_is_named_with_the_key_it_should_be => "misspelt-top-level-key.yaml";
    a_misspelt_nested_key_names_its_record_and_the_key_it_should_be => "misspelt-nested-key.yaml";
    a_reference_with_a_near_miss_suggests_the_id_that_exists => "unknown-id-near-miss.yaml";
    a_reference_to_the_wrong_kind_of_node_says_what_it_should_name => "reference-to-wrong-kind.yaml";
    a_duplicate_id_points_at_the_second_and_names_the_first => "duplicate-id.yaml";
    a_duplicate_yaml_key_points_at_the_second_and_names_the_first => "duplicate-yaml-key.yaml";
    a_duration_in_words_shows_how_durations_are_written => "bad-duration.yaml";
    a_chance_written_as_a_fraction_shows_how_chances_are_written => "bad-chance.yaml";
    a_range_that_ends_before_it_starts_is_refused => "bad-range.yaml";
    a_tab_in_the_indentation_is_pointed_at => "tab-indentation.yaml";
    a_file_cut_short_mid_mapping_says_so => "truncated-file.yaml";
    an_alias_bomb_stops_at_the_alias_budget => "alias-bomb.yaml";
    ten_thousand_nested_lists_stop_at_the_depth_budget => "deeply-nested-lists.yaml";
    bytes_that_are_not_utf8_are_located => "non-utf8.yaml";
    an_empty_file_says_how_a_scenario_starts => "empty.yaml";
    another_api_version_is_refused => "wrong-api-version.yaml";
    an_inject_after_the_end_of_the_drill_is_refused => "inject-after-end.yaml";
    an_alert_inject_with_via_is_told_where_via_belongs => "alert-inject-with-via.yaml";
    an_objective_naming_an_unknown_node_suggests_the_one_that_exists => "objective-unknown-node.yaml";
    a_scenario_without_objectives_is_refused => "no-objectives.yaml";
    an_expert_step_with_a_misspelt_verb_points_into_the_command => "expert-unknown-verb.yaml";
    an_expert_step_naming_an_unknown_id_points_at_the_id => "expert-unknown-id.yaml";
    expect_naming_a_known_bad_response_that_does_not_exist_suggests_one => "expect-unknown-known-bad.yaml";
    an_unknown_kind_word_suggests_the_closest_kind => "unknown-enum-word.yaml";
    a_missing_required_field_names_the_record_and_what_the_field_means => "missing-required-field.yaml";
    a_list_where_a_number_belongs_is_refused => "wrong-type.yaml";
    a_difficulty_outside_one_to_five_is_refused => "difficulty-out-of-range.yaml";
    an_identity_assuming_itself_is_refused_while_other_cycles_are_allowed => "identity-assumes-itself.yaml";
    an_objective_with_two_conditions_is_refused => "objective-two-conditions.yaml";
    expert_steps_out_of_time_order_are_refused => "expert-steps-out-of-order.yaml";
    an_id_that_is_not_kebab_case_gets_its_kebab_spelling => "id-not-kebab-case.yaml";
    a_noise_inject_without_a_rate_is_refused => "noise-without-rate.yaml";
    a_schedule_of_every_zero_minutes_is_refused => "schedule-every-zero.yaml";
    an_expert_step_creating_an_id_that_exists_is_refused => "create-existing-identity.yaml";
    a_grant_objective_on_a_grant_that_never_exists_is_refused => "grant-objective-without-grant.yaml";
    several_faults_in_one_file_are_all_reported_in_file_order => "several-faults.yaml";
    five_structural_faults_are_all_reported_not_only_the_first => "five-structural-errors.yaml";
}

#[test]
fn every_file_in_the_corpus_has_a_test() {
    let mut on_disk: Vec<String> = std::fs::read_dir(root().join("tests/broken"))
        .expect("tests/broken exists")
        .map(|e| {
            e.expect("a readable directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    on_disk.sort();
    let mut tested: Vec<String> = CORPUS.iter().map(|f| (*f).to_owned()).collect();
    tested.sort();
    assert_eq!(on_disk, tested);
    assert!(CORPUS.len() >= 24, "the corpus covers at least 24 faults");
}

#[test]
fn several_faults_are_reported_together_not_one_at_a_time() {
    let name = "tests/broken/several-faults.yaml";
    let bytes = std::fs::read(root().join(name)).expect("the corpus file exists");
    let e = Scenario::from_bytes(name, &bytes).expect_err("the file has faults");
    assert_eq!(e.diagnostics.len(), 6, "{e}");
    let lines: Vec<u32> = e.diagnostics.iter().map(|d| d.loc.line).collect();
    assert!(
        lines.is_sorted(),
        "diagnostics come in file order: {lines:?}"
    );
}

#[test]
fn a_file_with_five_structural_errors_gets_five_located_messages() {
    let name = "tests/broken/five-structural-errors.yaml";
    let bytes = std::fs::read(root().join(name)).expect("the corpus file exists");
    let e = Scenario::from_bytes(name, &bytes).expect_err("the file has faults");
    let found: Vec<(u32, &str)> = e
        .diagnostics
        .iter()
        .map(|d| (d.loc.line, d.message.as_str()))
        .collect();
    assert_eq!(e.diagnostics.len(), 5, "{e}");
    // Each fault at its own line, in file order, each with a column and a message that names it.
    let expected: [(u32, &str); 5] = [
        (10, "dificulty"),
        (15, "service-acount"),
        (17, "authenticates"),
        (21, "soon"),
        (23, "text"),
    ];
    for ((line, message), (want_line, word)) in found.iter().zip(expected) {
        assert_eq!(*line, want_line, "{e}");
        assert!(message.contains(word), "`{word}` in {message:?}");
    }
    assert!(e.diagnostics.iter().all(|d| d.loc.col > 0), "{e}");
    // What to do: every structural message carries help, or says what the value expects.
    for d in &e.diagnostics {
        assert!(
            d.help.is_some() || d.message.contains("expects") || d.message.contains("expected"),
            "{d:?}"
        );
    }
}

/// A whole scenario on one line of about 1 MiB, with its fault at the far end: the teams list
/// is long, and the workload's owner is not one of them.
fn one_mebibyte_line() -> String {
    let mut line = String::from("estate: { teams: [");
    let mut n = 0;
    while line.len() < 1024 * 1024 {
        line.push_str(&format!("{{ id: team-{n} }}, "));
        n += 1;
    }
    line.push_str("{ id: last }], workloads: [{ id: api, kind: service, owner: team-x }] }");
    format!(
        "apiVersion: drillhall/v1\nkind: Scenario\nmetadata: {{ id: long-line, title: one long line, duration: 4h }}\n{line}\nobjectives: [{{ id: declared, text: declare it, incident_declared: true }}]\n"
    )
}

#[test]
fn a_one_mebibyte_line_is_diagnosed_quickly_with_a_readable_snippet() {
    let text = one_mebibyte_line();
    assert!(text.len() > 1024 * 1024);
    let report = report_for("long-line.yaml", text.as_bytes(), Duration::from_secs(20));
    insta::assert_snapshot!("one-mebibyte-line", report);
}

#[test]
fn a_one_mebibyte_line_cut_short_is_an_error_not_a_hang() {
    let text = one_mebibyte_line();
    let cut = &text[..text.len() / 2];
    let report = report_for(
        "cut-long-line.yaml",
        cut.as_bytes(),
        Duration::from_secs(20),
    );
    assert!(report.contains("never closed"), "{report}");
    // The snippet shows a window around the problem, never the whole mebibyte.
    assert!(report.lines().all(|l| l.chars().count() < 400), "{report}");
}

fn bundled() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("scenarios"))
        .expect("scenarios/ exists")
        .map(|e| e.expect("a readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_bundled_scenario_loads_without_a_diagnostic() {
    let files = bundled();
    assert!(!files.is_empty(), "scenarios/ holds the library");
    for path in files {
        let name = path
            .strip_prefix(root())
            .unwrap_or(Path::new("?"))
            .display()
            .to_string();
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        if let Err(e) = Scenario::from_bytes(&name, &bytes) {
            panic!("{name} must load clean:\n{e}");
        }
    }
}
