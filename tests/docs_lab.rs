//! docs/calibrate.md cannot rot: it names every bot, every invariant with its severity and
//! threshold, every flag `drillhall calibrate` has (and no flag it lacks), and the report's
//! format word.

mod cli_support;

use cli_support::{drillhall, root};
use drillhall_lab::bots::{self, Bot, DELAY, RANDOM_ACTIONS, SIMPLE};
use drillhall_lab::check::points_text;
use drillhall_lab::invariants::{LUCK_WARNING, MARGIN, NAMES, TOLERANCE};

fn doc() -> String {
    std::fs::read_to_string(root().join("docs/calibrate.md"))
        .expect("docs/calibrate.md is readable")
}

/// The table row that starts with a bar and the word in backticks.
fn row<'a>(text: &'a str, word: &str) -> Option<&'a str> {
    let start = format!("| `{word}`");
    text.lines().find(|l| l.starts_with(&start))
}

#[test]
fn every_bot_has_a_row() {
    let text = doc();
    for b in SIMPLE {
        assert!(
            row(&text, &b.name()).is_some(),
            "bot `{}` is described",
            b.name()
        );
    }
    for prefix in ["expert-minus-K", "expert-delayed-K", "expert-first-J"] {
        assert!(row(&text, prefix).is_some(), "`{prefix}` is described");
    }
    for w in bots::WORDS {
        assert!(text.contains(&format!("`{w}`")), "the word `{w}` is named");
    }
    assert!(
        text.contains(&format!("step K {DELAY} minutes late")),
        "the delay is {DELAY}"
    );
    assert!(text.contains(&format!("up to {RANDOM_ACTIONS} commands")));
    assert_eq!(Bot::parse("expert-minus-3"), Some(Bot::ExpertMinus(2)));
}

#[test]
fn every_invariant_has_a_row_with_its_threshold() {
    let text = doc();
    for name in NAMES {
        let r = row(&text, name).unwrap_or_else(|| panic!("invariant `{name}` has a row"));
        let severity = if matches!(name, "worthless-step" | "luck") {
            "| warning |"
        } else {
            "| error |"
        };
        assert!(r.contains(severity), "{r}");
    }
    let points = |h: u64| format!("{} points", points_text(h));
    assert!(
        row(&text, "steps-add-up")
            .unwrap()
            .contains(&points(TOLERANCE))
    );
    assert!(
        row(&text, "do-nothing-below")
            .unwrap()
            .contains(&points(MARGIN))
    );
    assert!(row(&text, "panic-below").unwrap().contains(&points(MARGIN)));
    assert!(
        row(&text, "luck")
            .unwrap()
            .contains(&format!("{LUCK_WARNING}‰"))
    );
}

#[test]
fn the_flags_in_the_doc_are_the_flags_of_the_command() {
    let text = doc();
    let help = drillhall(&["calibrate", "--help"]);
    assert_eq!(help.code, 0);
    let flags_of = |s: &str| -> Vec<String> {
        let mut v: Vec<String> = s
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .filter(|w| w.starts_with("--") && w.len() > 2 && !w.starts_with("---"))
            .map(str::to_owned)
            .collect();
        v.sort();
        v.dedup();
        v
    };
    // `check`'s own flag is named where the doc points to it, not as calibrate's.
    let calibrate_text: String = text
        .lines()
        .filter(|l| !l.contains("drillhall check"))
        .collect::<Vec<_>>()
        .join("\n");
    let documented = flags_of(&calibrate_text);
    let offered: Vec<String> = flags_of(&help.stdout)
        .into_iter()
        .filter(|f| f != "--help" && f != "--color")
        .collect();
    for f in &offered {
        assert!(documented.contains(f), "`{f}` is documented");
    }
    for f in &documented {
        assert!(
            offered.contains(f),
            "`{f}` in the doc is a flag of calibrate"
        );
    }
    assert!(text.contains("drillhall-calibrate/1"));
}
