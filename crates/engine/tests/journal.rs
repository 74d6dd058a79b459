//! Journals: written line by line during a run, replayed to the same digest, and loud
//! about truncation, edits and changed scenarios. Action files: YAML and plain text.

mod common;

use common::{bundled, bundled_text};
use drillhall_engine::journal::{
    Journal, JournalError, JournalSink, JournalWriter, ReplayError, replay,
};
use drillhall_engine::script::{Script, run_script};
use drillhall_engine::{EventKind, Input, Session};
use drillhall_scenario::command::Command;
use drillhall_scenario::format::Mode;

fn expert_journal(seed: u64) -> (Session, String) {
    let scenario = bundled();
    let mut writer = JournalWriter::new(Vec::new());
    let s = run_script(
        &scenario,
        seed,
        Mode::Reviewed,
        &Script::expert(&scenario),
        Some(&mut writer),
    )
    .unwrap();
    (s, String::from_utf8(writer.into_inner()).unwrap())
}

#[test]
fn a_journal_written_during_a_run_replays_to_the_same_digest() {
    let (s, text) = expert_journal(7);
    let first = text.lines().next().unwrap();
    let header: serde_json::Value = serde_json::from_str(first).unwrap();
    assert_eq!(header["type"], "header");
    assert_eq!(header["format"], "drillhall-journal/1");
    assert_eq!(header["scenario"], "leaked-ci-deploy-token");
    assert_eq!(header["seed"], 7);
    assert_eq!(header["mode"], "reviewed");
    assert_eq!(header["engine"], drillhall_engine::ENGINE_VERSION);
    let second: serde_json::Value = serde_json::from_str(text.lines().nth(1).unwrap()).unwrap();
    assert_eq!(
        second,
        serde_json::json!({"type":"input","index":0,"tick":0,"advance":12})
    );
    assert!(text.contains(r#""command":"request-signoff \"rotate tok-deploy --grace 5m\" --rollback \"the old version stays valid for 5m while every holder is redeployed\"","confidence":85}"#));
    let end: serde_json::Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(end["type"], "end");
    assert_eq!(end["digest"], s.digest());
    assert_eq!(end["objectives"]["contain"], "met");

    let (journal, warning) = Journal::parse(&text).unwrap();
    assert!(warning.is_none());
    let out = replay(&bundled(), &journal).unwrap();
    assert!(out.verified);
    assert_eq!(out.digest, s.digest());
    assert_eq!(out.session.events(), s.events());
}

#[test]
fn a_journal_is_flushed_line_by_line_as_the_session_goes() {
    let scenario = bundled();
    let mut s = Session::new(&scenario, 3, Mode::Independent);
    let mut w = JournalWriter::new(Vec::new());
    w.record(&s).unwrap();
    assert_eq!(
        String::from_utf8_lossy(w.get_ref()).lines().count(),
        1,
        "the header at once"
    );
    s.command("logs tok-deploy", None).unwrap();
    w.record(&s).unwrap();
    assert_eq!(
        String::from_utf8_lossy(w.get_ref()).lines().count(),
        2,
        "each input at once"
    );
    // A session that crashed before its end line still replays.
    let text = String::from_utf8(w.get_ref().clone()).unwrap();
    let (journal, _) = Journal::parse(&text).unwrap();
    let out = replay(&scenario, &journal).unwrap();
    assert!(!out.verified, "nothing to verify against");
    assert_eq!(out.digest, s.digest());
}

#[test]
fn a_journal_cut_mid_line_replays_with_a_warning() {
    let (s, text) = expert_journal(5);
    let lines: Vec<&str> = text.lines().collect();
    // Keep the header and four inputs, and half of the fifth input line.
    let keep = lines[..5].join("\n") + "\n";
    let cut = format!("{keep}{}", &lines[5][..lines[5].len() / 2]);
    let (journal, warning) = Journal::parse(&cut).unwrap();
    let warning = warning.expect("the cut is noticed");
    assert_eq!(warning.line, 6);
    assert!(
        warning.to_string().contains("middle of line 6"),
        "{warning}"
    );
    assert_eq!(journal.inputs.len(), 4);
    assert!(journal.end.is_none());
    let out = replay(&bundled(), &journal).unwrap();
    assert!(!out.verified);
    assert!(out.session.events().len() < s.events().len());
    assert_eq!(
        &s.events()[..out.session.events().len()],
        out.session.events(),
        "a prefix of the full run"
    );
}

#[test]
fn an_edited_journal_line_diverges_and_names_the_first_differing_event() {
    let (s, text) = expert_journal(7);
    let edited = text.replace(
        r#""command":"redeploy release-bot""#,
        r#""command":"note \"skip the bot\"""#,
    );
    assert_ne!(edited, text);
    let (journal, _) = Journal::parse(&edited).unwrap();
    let err = replay(&bundled(), &journal).unwrap_err();
    let ReplayError::Diverged(d) = &err else {
        panic!("expected a divergence, got {err}")
    };
    let original = s
        .events()
        .iter()
        .position(|e| matches!(&e.kind, EventKind::CommandExecuted { text, .. } if text == "redeploy release-bot"))
        .unwrap();
    assert_eq!(d.first_differing_event, Some(original));
    let actual = d.actual.as_ref().expect("the replay has an event there");
    assert!(
        matches!(&actual.kind, EventKind::CommandExecuted { text, .. } if text.starts_with("note"))
    );
    assert_eq!(
        d.expected_hash.as_deref(),
        Some(s.event_hashes()[original].as_str())
    );
    assert!(
        err.to_string()
            .contains(&format!("first differing event: #{original}")),
        "{err}"
    );
}

#[test]
fn an_edited_command_that_is_refused_in_replay_names_its_line() {
    let (_, text) = expert_journal(7);
    let edited = text.replace(
        r#""command":"redeploy release-bot""#,
        r#""command":"redeploy release-bott""#,
    );
    let line = edited
        .lines()
        .position(|l| l.contains("release-bott"))
        .unwrap()
        + 1;
    let (journal, _) = Journal::parse(&edited).unwrap();
    let err = replay(&bundled(), &journal).unwrap_err();
    let ReplayError::Diverged(d) = &err else {
        panic!("expected a divergence, got {err}")
    };
    assert_eq!(d.input_line, Some(line));
    assert!(
        err.to_string()
            .contains(&format!("line {line} was rejected")),
        "{err}"
    );
    assert!(
        err.to_string().contains("did you mean `release-bot`"),
        "{err}"
    );
}

#[test]
fn a_changed_scenario_is_refused() {
    let (_, text) = expert_journal(7);
    let (journal, _) = Journal::parse(&text).unwrap();
    let changed = bundled_text().replace("duration: 4h", "duration: 5h");
    let scenario = drillhall_scenario::Drill::from_text("x.yaml", &changed).unwrap();
    let err = replay(&scenario, &journal).unwrap_err();
    assert!(matches!(err, ReplayError::ScenarioChanged { .. }), "{err}");
    assert!(err.to_string().contains("scenario changed"));
}

#[test]
fn a_malformed_line_is_an_error_naming_the_line() {
    let (_, text) = expert_journal(7);
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines[2] = r#"{"type":"input","index":1,"tick":12,"command":"rotat tok-deploy"}"#.into();
    let broken = lines.join("\n") + "\n";
    let err = Journal::parse(&broken).unwrap_err();
    let JournalError::Malformed { line, message } = &err else {
        panic!("{err}")
    };
    assert_eq!(*line, 3);
    assert!(message.contains("unknown command `rotat`"), "{message}");
    lines[2] = r#"{"type":"input","index":1,"tick":12,"advance":1,"surprise":true}"#.into();
    let err = Journal::parse(&(lines.join("\n") + "\n")).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("line 3: unknown field `surprise`"),
        "{err}"
    );
    lines[2] = r#"{"type":"input","index":5,"tick":12,"advance":1}"#.into();
    let err = Journal::parse(&(lines.join("\n") + "\n")).unwrap_err();
    assert_eq!(err.to_string(), "line 3: input index 5, expected 1");
    assert_eq!(Journal::parse("").unwrap_err(), JournalError::Empty);
}

#[test]
fn every_input_kind_round_trips_through_the_journal() {
    let scenario = bundled();
    let options = drillhall_engine::SessionOptions {
        mode: Some(Mode::Guided),
        simulated_reviewer: false,
    };
    let mut s = Session::with_options(&scenario, 9, &options);
    let mut w = JournalWriter::new(Vec::new());
    s.advance(30).unwrap();
    s.hint().unwrap();
    s.apply(Input::Command {
        command: Command::parse(
            r#"request-signoff "revoke tok-deploy" --rollback "reissue and redeploy both holders""#,
        )
        .unwrap(),
        confidence: Some(75),
    })
    .unwrap();
    s.decide(1, false, "rotate instead".into()).unwrap();
    s.apply_or_record(Input::command(Command::parse("revoke tok-deploy").unwrap()))
        .unwrap();
    s.finish();
    w.set_score(42);
    w.finish(&s).unwrap();
    let text = String::from_utf8(w.into_inner()).unwrap();
    assert!(text.contains(r#""score":42"#));
    assert!(text.contains(r#""hint":true"#));
    assert!(text.contains(r#""decide":1,"approve":false,"reason":"rotate instead""#));
    assert!(text.contains(r#""rejected":true"#));
    assert!(text.contains(r#""simulated_reviewer":false"#));
    let (journal, _) = Journal::parse(&text).unwrap();
    assert_eq!(journal.end.as_ref().and_then(|e| e.score), Some(42));
    let out = replay(&scenario, &journal).unwrap();
    assert!(out.verified);
    assert_eq!(out.digest, s.digest());
}

#[test]
fn action_files_read_as_plain_text_or_yaml() {
    let plain = "# the careful response\n12m declare-incident sev2\n13m 85% request-signoff \"rotate tok-deploy --grace 5m\" --rollback \"old version lives 5m\"\n\n  14m logs tok-deploy\n";
    let script = Script::parse("actions.txt", plain).unwrap();
    assert_eq!(script.steps.len(), 3);
    assert_eq!(script.steps[1].at, 13);
    assert_eq!(script.steps[1].confidence, Some(85));
    assert_eq!(script.steps[2].loc.line, 5);
    let yaml = "- { at: 12m, do: \"declare-incident sev2\" }\n- { at: 13m, do: \"logs tok-deploy\", confidence: 60 }\n";
    let script = Script::parse("actions.yaml", yaml).unwrap();
    assert_eq!(script.steps.len(), 2);
    assert_eq!(script.steps[1].confidence, Some(60));

    let err = Script::parse(
        "a.txt",
        "12m declare-incident sev2\nsoon revoke tok-deploy\n",
    )
    .unwrap_err();
    assert_eq!((err.line, err.col), (2, 1));
    assert!(
        err.to_string()
            .starts_with("a.txt:2:1: expected the step's time"),
        "{err}"
    );
    let err = Script::parse("a.txt", "12m rotat tok-deploy\n").unwrap_err();
    assert_eq!((err.line, err.col), (1, 5));
    assert!(err.message.contains("did you mean `rotate`"), "{err}");
    let err = Script::parse("a.yaml", "- { at: 12m, do: \"revoke\" }\n").unwrap_err();
    assert_eq!(err.line, 1);
    assert!(err.message.contains("needs a credential"), "{err}");
    let err = Script::parse("a.yaml", "- { at: 12m, does: \"revoke\" }\n").unwrap_err();
    assert!(err.message.contains("does"), "{err}");
}

#[test]
fn a_scripted_mistake_is_recorded_and_the_run_goes_on() {
    let scenario = bundled();
    let script = Script::parse(
        "mistakes.txt",
        "13m revoke tok-deploy\n14m logs tok-deploy\n",
    )
    .unwrap();
    let s = run_script(&scenario, 1, Mode::Reviewed, &script, None).unwrap();
    let rejected = common::of_kind(&s, "command-rejected");
    assert_eq!(rejected.len(), 1);
    assert!(
        matches!(&rejected[0].kind, EventKind::CommandRejected { reason, .. } if reason.contains("sign-off"))
    );
    assert_eq!(
        common::of_kind(&s, "logs-read").len(),
        1,
        "the next step still runs"
    );
}
