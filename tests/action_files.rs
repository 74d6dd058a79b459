//! Action files: the plain-text form with a stated confidence (`19m rotate tok-x --grace 5m
//! @90%`), its round trip through a journal, and messages of the same quality as a
//! scenario's: located, with the line and a caret, no parser internals, "did you mean" for a
//! misspelt verb and for an id the drill does not have.

mod cli_support;

use std::sync::Arc;

use cli_support::{BUNDLED, drillhall, root, scratch};
use drillhall_engine::Input;
use drillhall_engine::journal::{Journal, JournalWriter};
use drillhall_engine::script::run_script;
use drillhall_scenario::Drill;
use drillhall_scenario::drill::Mode;
use drillhall_scenario::script::{Script, plain_line};

fn drill() -> Arc<Drill> {
    let text = std::fs::read_to_string(root().join(BUNDLED)).expect("the bundled scenario");
    Drill::from_text(BUNDLED, &text).expect("the bundled scenario loads")
}

/// What a step means: its tick, its command as data and its confidence.
fn meaning(s: &Script) -> Vec<(u64, String, Option<u8>)> {
    s.steps
        .iter()
        .map(|st| (st.at, format!("{:?}", st.command), st.confidence))
        .collect()
}

#[test]
fn a_confidence_stated_at_the_end_of_a_plain_line_is_read() {
    let s = Script::parse(
        "a.txt",
        "13m logs tok-deploy\n19m rotate tok-deploy --grace 5m @90%\n20m note \"done @90%\"\n",
    )
    .expect("the plain form with `@90%` parses");
    assert_eq!(s.steps[1].confidence, Some(90));
    assert_eq!(s.steps[1].text, "rotate tok-deploy --grace 5m");
    assert_eq!(s.steps[0].confidence, None);
    // Inside quoted text, `@90%` is part of the note.
    assert_eq!(s.steps[2].confidence, None);
    assert_eq!(s.steps[2].text, "note \"done @90%\"");
}

#[test]
fn a_confidence_out_of_range_or_stated_twice_is_located() {
    let e = Script::parse("a.txt", "19m rotate tok-deploy @40%\n").expect_err("below 50%");
    assert_eq!((e.line, e.col), (1, 23), "{e}");
    assert!(e.message.contains("50% to 100%"), "{e}");
    let e = Script::parse("a.txt", "19m 80% rotate tok-deploy @90%\n").expect_err("twice");
    assert!(e.message.contains("twice"), "{e}");
    let e = Script::parse("a.txt", "19m rotate tok-deploy @9o%\n").expect_err("not a number");
    assert_eq!(e.col, 23, "{e}");
    // A word after `@` that is no number is the command's own (a note naming a person).
    let s = Script::parse("a.txt", "19m note \"ask\" @alice\n").expect("a note");
    assert_eq!(s.steps[0].confidence, None);
    let yaml = "- { at: 13m, do: \"logs tok-deploy\", confidence: 300 }\n";
    let e = Script::parse("a.yaml", yaml).expect_err("300 is no confidence");
    assert!(!e.to_string().contains("u8"), "no parser words: {e}");
    assert!(e.to_string().contains("whole number"), "{e}");
    let yaml = "- { at: 13m, do: \"logs tok-deploy\", confidence: 120 }\n";
    let e = Script::parse("a.yaml", yaml).expect_err("120 is out of range");
    assert_eq!(e.line, 1);
    assert!(e.message.contains("50 to 100"), "{e}");
}

#[test]
fn plain_lines_with_confidence_round_trip_through_a_journal() {
    let drill = drill();
    let text = "13m logs tok-deploy\n15m rotate tok-deploy --grace 20m @90%\n16m redeploy ci-deployer\n17m 75% redeploy release-bot\n";
    let script = Script::parse("a.txt", text).expect("the action file parses");
    let mut writer = JournalWriter::new(Vec::new());
    let first =
        run_script(&drill, 1, Mode::Independent, &script, Some(&mut writer)).expect("the run ends");
    let journal_text = String::from_utf8(writer.into_inner()).expect("a journal is UTF-8");
    let (journal, _) = Journal::parse(&journal_text).expect("the journal reads back");
    let mut lines = String::new();
    for i in &journal.inputs {
        if let Input::Command {
            command,
            confidence,
        } = &i.input
        {
            lines.push_str(&plain_line(i.tick, &command.to_string(), *confidence));
            lines.push('\n');
        }
    }
    assert!(lines.contains("@90%"), "{lines}");
    let again = Script::parse("again.txt", &lines).expect("the journal's text form parses");
    // The same commands and confidences; the ticks are those the session ran them at (a step
    // whose time has passed runs when the previous one finishes).
    let what = |s: &Script| -> Vec<(String, Option<u8>)> {
        meaning(s).into_iter().map(|(_, c, k)| (c, k)).collect()
    };
    assert_eq!(what(&again), what(&script), "{lines}");
    let second = run_script(&drill, 1, Mode::Independent, &again, None).expect("the run ends");
    assert_eq!(
        second.digest(),
        first.digest(),
        "the text form replays the same session"
    );
}

#[test]
fn a_misspelt_verb_is_located_in_the_line_with_a_caret_and_a_suggestion() {
    let e = Script::parse("a.txt", "# ünïcode comment\n  12m rotat tok-deploy\n")
        .expect_err("bad verb");
    assert_eq!((e.line, e.col), (2, 7), "{e}");
    assert_eq!(e.help.as_deref(), Some("did you mean `rotate`?"));
    let shown = e.to_string();
    assert!(shown.contains("2 |   12m rotat tok-deploy"), "{shown}");
    assert!(shown.contains("|       ^"), "{shown}");
}

#[test]
fn an_unknown_id_inside_a_command_gets_did_you_mean_against_the_drill() {
    let drill = drill();
    let e = Script::parse_for("a.txt", "13m logs tok-deplot\n", &drill).expect_err("unknown id");
    assert_eq!((e.line, e.col), (1, 10), "{e}");
    assert_eq!(e.help.as_deref(), Some("did you mean `tok-deploy`?"), "{e}");
    let yaml = "- { at: 13m, do: \"rotate tok-deplot --grace 5m\" }\n";
    let e = Script::parse_for("a.yaml", yaml, &drill).expect_err("unknown id");
    assert_eq!((e.line, e.col), (1, 26), "{e}");
    // A node an earlier step creates may be named by later ones; a hidden node exists.
    let ok = "13m logs release-bot\n14m redeploy release-bot\n";
    Script::parse_for("a.txt", ok, &drill).expect("known ids");
    // The suggestion is bounded: a twenty-million-character id answers at once.
    let long = format!("13m logs {}\n", "x".repeat(20_000_000));
    let started = std::time::Instant::now();
    let e = Script::parse_for("a.txt", &long, &drill).expect_err("unknown id");
    // Reading the 20 MB line is linear; the suggestion adds a length check per id. Generous
    // for a debug build on a shared machine: a quadratic search would take hours.
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    assert!(
        e.message.chars().count() < 200,
        "the id is shortened in the message"
    );
}

#[test]
fn no_action_file_message_shows_the_readers_internals() {
    let bomb = "- &a [x, x, x, x, x, x, x, x, x, x]\n- &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n- &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n- &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n- &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n";
    let inputs = [
        bomb.to_owned(),
        "- { at: 13m, do: \"logs tok-deploy\", confidence: -1 }\n".to_owned(),
        "- { at: 13m, do: [logs] }\n".to_owned(),
        "- { at: 13m, do: \"logs tok-deploy\", why: { a: 1 } }\n".to_owned(),
        "- { at: soon, do: \"logs tok-deploy\" }\n".to_owned(),
        "- 13m logs tok-deploy\n".to_owned(),
        format!("- {{ at: 13m, do: \"{}\" }}\n", "y".repeat(300)),
    ];
    for text in &inputs {
        let e = Script::parse("a.yaml", text).expect_err("a broken action file");
        let shown = e.to_string();
        assert!(!e.message.contains("`[0]`"), "steps are named: {shown}");
        for internal in ["budget breached", "ScalarBytes", "invalid u8", "Budget"] {
            assert!(!shown.contains(internal), "`{internal}` in:\n{shown}");
        }
        assert!(e.line > 0, "located: {shown}");
    }
}

#[test]
fn a_yaml_step_that_is_not_a_mapping_is_explained_as_an_action_file_not_a_scenario() {
    let e = Script::parse("a.yaml", "- 13m logs tok-deploy\n").expect_err("not a mapping");
    assert!(e.message.contains("a step of a YAML action file"), "{e}");
    assert!(!e.to_string().contains("scenario"), "{e}");
}

#[test]
fn run_refuses_an_action_file_naming_an_unknown_id_with_exit_two() {
    let dir = scratch("action-files");
    let actions = dir.join("typo.txt");
    std::fs::write(&actions, "13m logs tok-deplot\n").expect("scratch file");
    let run = drillhall(&[
        "run",
        BUNDLED,
        "--actions",
        actions.to_str().expect("UTF-8 path"),
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("typo.txt:1:10:"), "{}", run.stderr);
    assert!(
        run.stderr.contains("did you mean `tok-deploy`?"),
        "{}",
        run.stderr
    );
}
