//! Golden debriefs of the bundled scenario on seed 7 under three responses: the expert's, a
//! panicked "revoke everything flagged at once", and doing nothing. Markdown for the
//! instructor, JSON for machines; both are pinned so a change to scoring shows up as a diff.

mod common;

use common::bundled;
use drillhall_debrief::Debrief;
use drillhall_engine::script::{Script, run_script};

fn debrief(response: &str) -> Debrief {
    let scenario = bundled();
    let script = match response {
        "expert" => Script::expert(&scenario),
        name => Script::known_bad(&scenario, name).expect("the bundled scenario has this response"),
    };
    let session =
        run_script(&scenario, 7, scenario.mode, &script, None).expect("the response runs");
    Debrief::new(&scenario, &session).expect("a finished session of this scenario is scored")
}

#[test]
fn the_expert_debrief_on_seed_7_is_golden() {
    let d = debrief("expert");
    insta::assert_snapshot!("expert_markdown", drillhall_report::markdown(&d));
    insta::assert_snapshot!("expert_json", drillhall_report::json(&d));
}

#[test]
fn the_panic_revoke_debrief_on_seed_7_is_golden() {
    let d = debrief("panic-revoke");
    insta::assert_snapshot!("panic_revoke_markdown", drillhall_report::markdown(&d));
    insta::assert_snapshot!("panic_revoke_json", drillhall_report::json(&d));
}

#[test]
fn the_do_nothing_debrief_on_seed_7_is_golden() {
    let d = debrief("do-nothing");
    insta::assert_snapshot!("do_nothing_markdown", drillhall_report::markdown(&d));
    insta::assert_snapshot!("do_nothing_json", drillhall_report::json(&d));
}

#[test]
fn the_terminal_debrief_is_plain_without_colour_and_coloured_with_it() {
    let d = debrief("panic-revoke");
    let plain = drillhall_report::text(&d, false);
    assert!(!plain.contains('\x1b'), "no escape codes without colour");
    assert!(plain.contains(&format!("SCORE {} / 100", d.score.display())));
    let coloured = drillhall_report::text(&d, true);
    assert!(coloured.contains("\x1b[31m"), "lost points are red");
    // Colour is never the only signal: the words are the same once the codes are gone.
    let stripped = anstream::adapter::strip_str(&coloured).to_string();
    assert_eq!(stripped, plain);
}

#[test]
fn the_run_summary_gives_the_score_its_dimensions_and_every_objective() {
    let d = debrief("panic-revoke");
    let summary = drillhall_report::summary(&d.score, &d.objectives, false);
    let first = summary.lines().next().unwrap();
    assert!(first.starts_with(&format!("score {} / 100 — ", d.score.display())));
    for dim in &d.score.dimensions {
        assert!(first.contains(&format!("{} {}", dim.dimension.as_str(), dim.value)));
    }
    for o in &d.objectives {
        let mark = if o.state == "met" { "✓" } else { "✗" };
        assert!(summary.contains(&format!("{mark} {}", o.id)), "{summary}");
    }
}

#[test]
fn pauses_show_in_text_markdown_and_json_and_not_at_all_when_never_paused() {
    use drillhall_engine::journal::Pause;
    let plain = debrief("expert");
    assert!(!drillhall_report::text(&plain, false).contains("PAUSES"));
    assert!(!drillhall_report::markdown(&plain).contains("## Pauses"));
    assert!(!drillhall_report::json(&plain).contains("\"pauses\""));
    let d = plain.with_pauses(&[
        Pause {
            tick: 12,
            seconds: 95,
        },
        Pause {
            tick: 40,
            seconds: 7,
        },
    ]);
    let sentence = "The clock was paused 2 times for 1m42s in all, at T+0:12 (1m35s), T+0:40 (7s).";
    assert_eq!(d.pauses.sentence, sentence);
    let text = drillhall_report::text(&d, false);
    assert!(text.contains("PAUSES") && text.contains(sentence), "{text}");
    let md = drillhall_report::markdown(&d);
    assert!(md.contains("## Pauses") && md.contains(sentence), "{md}");
    let json: serde_json::Value = serde_json::from_str(&drillhall_report::json(&d)).unwrap();
    assert_eq!(json["pauses"]["count"], 2);
    assert_eq!(json["pauses"]["total_seconds"], 102);
    assert_eq!(
        json["pauses"]["at"],
        serde_json::json!([{"tick": 12, "seconds": 95}, {"tick": 40, "seconds": 7}])
    );
}
