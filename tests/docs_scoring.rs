//! docs/scoring.md cannot rot: every rule the scorer writes a line for has a section with its
//! points and a worked example, the figures it quotes are the scorer's constants, and the
//! calibration example is what the debrief of that response really says.

use std::path::PathBuf;
use std::sync::Arc;

use drillhall_debrief::Debrief;
use drillhall_debrief::dimensions::{
    BREAK_GLASS_POINTS, CONTROL_POINTS, EXPOSED_OWNER_POINTS, EXPOSURE_MINUTES_PER_POINT,
    NO_CONFIDENCE_POINTS, NO_INCIDENT_POINTS, NO_SIGNOFF_POINTS, ORPHAN_POINTS,
    OUTAGE_OWNER_POINTS, PERSISTENCE_POINTS, REFUSED_POINTS, STALE_POINTS, unused_grant_points,
};
use drillhall_engine::Permission;
use drillhall_engine::script::{Script, run_script};
use drillhall_scenario::drill::Mode;
use drillhall_scenario::{Drill, Scenario};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn doc() -> String {
    std::fs::read_to_string(root().join("docs/scoring.md")).expect("docs/scoring.md is readable")
}

/// The text of the section headed by the rule's kind.
fn section(text: &str, kind: &str) -> String {
    let head = format!("### `{kind}`");
    let start = text
        .find(&head)
        .unwrap_or_else(|| panic!("docs/scoring.md has a section for `{kind}`"));
    let rest = &text[start + head.len()..];
    let end = rest.find("\n#").unwrap_or(rest.len());
    rest[..end].to_owned()
}

/// The rule kinds the scorer writes lines for, read from its source.
fn kinds() -> Vec<String> {
    let src = std::fs::read_to_string(root().join("crates/debrief/src/dimensions.rs")).unwrap();
    let mut out: Vec<String> = src
        .match_indices("f.line(")
        .filter_map(|(i, _)| {
            let rest = &src[i..];
            let q = rest.find('"')?;
            let tail = &rest[q + 1..];
            Some(tail[..tail.find('"')?].to_owned())
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

#[test]
fn every_rule_has_a_section_with_a_worked_example() {
    let text = doc();
    let kinds = kinds();
    assert!(
        kinds.len() >= 15,
        "the scorer's rules were found: {kinds:?}"
    );
    for k in &kinds {
        let s = section(&text, k);
        assert!(s.contains("Example:"), "`{k}` has a worked example");
        assert!(s.contains("**"), "`{k}` states its points in bold");
    }
}

#[test]
fn the_points_quoted_are_the_scorers_constants() {
    let text = doc();
    let has = |kind: &str, points: u32| {
        let s = section(&text, kind);
        assert!(
            s.contains(&format!("**{points} points")),
            "`{kind}` costs {points}: {s}"
        );
    };
    has("persistence", PERSISTENCE_POINTS);
    has("attacker-in-control", CONTROL_POINTS);
    has("no-incident", NO_INCIDENT_POINTS);
    has("no-signoff", NO_SIGNOFF_POINTS);
    has("no-confidence", NO_CONFIDENCE_POINTS);
    has("signoff-refused", REFUSED_POINTS);
    has("break-glass-open", BREAK_GLASS_POINTS);
    has("stale-credential", STALE_POINTS);
    has("orphaned-identity", ORPHAN_POINTS);
    let owners = section(&text, "owner-not-notified");
    assert!(owners.contains(&format!("**{EXPOSED_OWNER_POINTS} points**")));
    assert!(owners.contains(&format!("**{OUTAGE_OWNER_POINTS} points**")));
    let exposure = section(&text, "exposure");
    assert!(exposure.contains(&format!(
        "1 point per started {EXPOSURE_MINUTES_PER_POINT} minutes"
    )));
    let grants = section(&text, "unused-grant");
    assert!(grants.contains(&format!(
        "admin {}, write {}, read {}",
        unused_grant_points(Permission::Admin),
        unused_grant_points(Permission::Write),
        unused_grant_points(Permission::Read)
    )));
}

#[test]
fn the_calibration_example_is_what_the_debrief_says() {
    let path = root().join("scenarios/leaked-ci-deploy-token.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let scenario = Scenario::from_text("leaked-ci-deploy-token.yaml", &text).unwrap();
    let drill = Arc::new(Drill::compile(&scenario));
    let script = Script::known_bad(&drill, "panic-revoke").unwrap();
    let session = run_script(&drill, 7, Mode::Reviewed, &script, None).unwrap();
    let c = Debrief::new(&drill, &session).unwrap().calibration;
    let doc = doc();
    assert_eq!(c.decisions[0].confidence, Some(95));
    assert!(doc.contains("95% sure"));
    let (marks, max) = (c.marks.unwrap(), c.marks_max.unwrap());
    assert!(
        doc.contains(&format!("marks {marks} of {max}")),
        "marks {marks} of {max}"
    );
    assert_eq!(c.confident_errors, 1);
    let brier = c.brier_permille.unwrap();
    assert!(doc.contains(&format!("so {brier}‰")), "Brier {brier}‰");
}

#[test]
fn the_exposure_example_is_the_experts_line_on_seed_7() {
    let path = root().join("scenarios/leaked-ci-deploy-token.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let scenario = Scenario::from_text("leaked-ci-deploy-token.yaml", &text).unwrap();
    let drill = Arc::new(Drill::compile(&scenario));
    let session = run_script(&drill, 7, Mode::Reviewed, &Script::expert(&drill), None).unwrap();
    let score = drillhall_debrief::score(&drill, &session).unwrap();
    let line = score.lines.iter().find(|l| l.kind == "exposure").unwrap();
    assert_eq!(line.points, 8);
    assert_eq!(line.weighted, 320);
    assert!(
        line.text.contains("stayed valid for 22 min"),
        "{}",
        line.text
    );
    assert!(section(&doc(), "exposure").contains("⌈22 ÷ 3⌉ = 8 points"));
}

#[test]
fn scoring_from_counts_exposure_only_from_when_scoring_starts() {
    let path = root().join("scenarios/leaked-ci-deploy-token.yaml");
    let text = std::fs::read_to_string(&path).unwrap().replace(
        "scoring: { containment: 40, collateral: 25, governance: 20, least_privilege: 15 }",
        "scoring: { containment: 40, collateral: 25, governance: 20, least_privilege: 15, from: 10m }",
    );
    assert!(text.contains("from: 10m"));
    let scenario = Scenario::from_text("leaked-ci-deploy-token.yaml", &text).unwrap();
    let drill = Arc::new(Drill::compile(&scenario));
    assert_eq!(drill.scoring_from, 10);
    let session = run_script(&drill, 7, Mode::Reviewed, &Script::expert(&drill), None).unwrap();
    let score = drillhall_debrief::score(&drill, &session).unwrap();
    let line = score.lines.iter().find(|l| l.kind == "exposure").unwrap();
    assert_eq!(line.points, 4, "{}", line.text);
    assert!(doc().contains("⌈12 ÷ 3⌉ = 4 points instead of 8"));
}
