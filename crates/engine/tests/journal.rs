//! Journals: written line by line during a run, replayed to the same digest, and loud
//! about truncation, edits and changed scenarios. Action files: YAML and plain text.

mod common;

use common::{bundled, bundled_text};
use drillhall_engine::journal::{
    Journal, JournalError, JournalSink, JournalWriter, Pause, ReplayError, replay,
};
use drillhall_engine::script::{Script, run_script};
use drillhall_engine::{EventKind, Input, Session};
use drillhall_scenario::command::Command;
use drillhall_scenario::drill::Mode;
use sha2::{Digest, Sha256};

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
    assert_eq!(header["format"], "drillhall-journal/2");
    assert_eq!(header["scenario"], "leaked-ci-deploy-token");
    assert_eq!(header["seed"], 7);
    assert_eq!(header["mode"], "reviewed");
    assert_eq!(header["engine"], drillhall_engine::ENGINE_VERSION);
    let second: serde_json::Value = serde_json::from_str(text.lines().nth(1).unwrap()).unwrap();
    assert_eq!(
        second,
        serde_json::json!({"type":"input","index":0,"tick":0,"advance":12})
    );
    let signoff: serde_json::Value = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v["confidence"] == 85)
        .expect("the expert's confident sign-off request");
    assert_eq!(
        signoff["command"],
        r#"request-signoff "rotate tok-deploy --grace 5m" --rollback "the old version stays valid for 5m while every holder is redeployed""#
    );
    assert_eq!(
        signoff["data"],
        serde_json::json!({
            "verb": "request-signoff",
            "action": {"verb": "rotate", "credential": "tok-deploy", "grace": 5},
            "rollback": "the old version stays valid for 5m while every holder is redeployed"
        }),
        "the command is stored as data beside its text"
    );
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
        r#""command":"redeploy release-bot","data":{"verb":"redeploy","workload":"release-bot"}"#,
        r#""command":"note \"skip the bot\"","data":{"verb":"note","text":"skip the bot"}"#,
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
        r#""command":"redeploy release-bot","data":{"verb":"redeploy","workload":"release-bot"}"#,
        r#""command":"redeploy release-bott","data":{"verb":"redeploy","workload":"release-bott"}"#,
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
    let points = drillhall_debrief::score(&scenario, &s).unwrap().points;
    w.set_score(points);
    w.finish(&s).unwrap();
    let text = String::from_utf8(w.into_inner()).unwrap();
    assert!(text.contains(&format!(r#""score":{points}"#)));
    assert!(text.contains(r#""hint":true"#));
    assert!(text.contains(r#""decide":1,"approve":false,"reason":"rotate instead""#));
    assert!(text.contains(r#""rejected":true"#));
    assert!(text.contains(r#""simulated_reviewer":false"#));
    let (journal, _) = Journal::parse(&text).unwrap();
    assert_eq!(journal.end.as_ref().and_then(|e| e.score), Some(points));
    let out = replay(&scenario, &journal).unwrap();
    assert!(out.verified);
    assert_eq!(out.digest, s.digest());
}

#[test]
fn the_data_beside_a_command_is_what_replays_not_its_text() {
    let (s, text) = expert_journal(7);
    // A text that no longer parses (or says something else) changes nothing: the data rules.
    let edited = text.replace(
        r#""command":"redeploy release-bot","#,
        r#""command":"redeploy --surely not a command","#,
    );
    assert_ne!(edited, text);
    let (journal, _) = Journal::parse(&edited).unwrap();
    let out = replay(&bundled(), &journal).unwrap();
    assert!(out.verified);
    assert_eq!(out.digest, s.digest());
    // Without the data, the text is read, and a text that does not parse is an error.
    let bare = edited.replace(
        r#","data":{"verb":"redeploy","workload":"release-bot"}"#,
        "",
    );
    let err = Journal::parse(&bare).unwrap_err();
    assert!(
        err.to_string()
            .contains("invalid command `redeploy --surely"),
        "{err}"
    );
}

/// The end line of a journal, edited by `edit`, then the replay's error.
fn replay_with_end(edit: impl Fn(&mut serde_json::Value)) -> String {
    let scenario = bundled();
    let mut w = JournalWriter::new(Vec::new());
    let mut s = run_script(
        &scenario,
        7,
        Mode::Reviewed,
        &Script::expert(&scenario),
        None,
    )
    .unwrap();
    s.finish();
    w.set_score(drillhall_debrief::score(&scenario, &s).unwrap().points);
    w.finish(&s).unwrap();
    let text = String::from_utf8(w.into_inner()).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let mut end: serde_json::Value = serde_json::from_str(lines.last().unwrap()).unwrap();
    edit(&mut end);
    *lines.last_mut().unwrap() = end.to_string();
    let (journal, _) = Journal::parse(&(lines.join("\n") + "\n")).unwrap();
    drillhall_engine::journal::replay_scored(&scenario, &journal, Some(&drillhall_debrief::points))
        .map_or_else(|e| e.to_string(), |_| String::new())
}

#[test]
fn every_recorded_field_of_the_end_line_is_checked_on_replay() {
    assert_eq!(
        replay_with_end(|_| {}),
        "",
        "the untouched journal verifies"
    );
    let err = replay_with_end(|end| end["score"] = serde_json::json!(12));
    assert!(
        err.contains("records a score of 12, but the replay scores"),
        "{err}"
    );
    let err = replay_with_end(|end| end["tick"] = serde_json::json!(100));
    assert!(
        err.contains("records tick 100, but the replay is at tick 240"),
        "{err}"
    );
    let err = replay_with_end(|end| end["objectives"]["contain"] = serde_json::json!("failed"));
    assert!(
        err.contains("records objective `contain` as failed, but the replay has it met"),
        "{err}"
    );
    let err = replay_with_end(|end| {
        end["event_hashes"][4] = serde_json::json!("00000000");
    });
    assert!(err.contains("first differing event: #4"), "{err}");
    let err = replay_with_end(|end| end["digest"] = serde_json::json!("0".repeat(64)));
    assert!(err.contains("digest 0000"), "{err}");
}

#[test]
fn the_digest_covers_the_mode_the_engine_and_the_reviewer_setting() {
    let scenario = bundled();
    let digest = |mode: Mode, simulated_reviewer: bool| {
        let s = Session::with_options(
            &scenario,
            7,
            &drillhall_engine::SessionOptions {
                mode: Some(mode),
                simulated_reviewer,
            },
        );
        (s.events().to_vec(), s.digest())
    };
    let (events, reviewed) = digest(Mode::Reviewed, true);
    let (same_events, independent) = digest(Mode::Independent, true);
    assert_eq!(
        events, same_events,
        "nothing has happened yet to tell them apart"
    );
    assert_ne!(reviewed, independent);
    let (_, by_hand) = digest(Mode::Reviewed, false);
    assert_ne!(reviewed, by_hand);
    // The digest is exactly the header line the module doc describes, then the events.
    let (s, text) = expert_journal(7);
    let mut h = Sha256::new();
    h.update(format!(
        r#"{{"scenario":"leaked-ci-deploy-token","scenario_sha256":"{}","seed":7,"mode":"reviewed","engine":"{}","simulated_reviewer":true}}"#,
        s.scenario_sha256(),
        drillhall_engine::ENGINE_VERSION
    ));
    h.update(b"\n");
    for e in s.events() {
        h.update(e.canonical_json());
        h.update(b"\n");
    }
    let expected = h.finalize().iter().fold(String::new(), |mut hex, b| {
        use std::fmt::Write;
        write!(hex, "{b:02x}").unwrap();
        hex
    });
    assert_eq!(s.digest(), expected);
    // A journal whose header claims another mode does not verify.
    let edited = text.replacen(r#""mode":"reviewed""#, r#""mode":"independent""#, 1);
    let (journal, _) = Journal::parse(&edited).unwrap();
    assert!(replay(&scenario, &journal).is_err());
    // One that claims another engine is re-run, not verified: its digest is that engine's.
    let edited = text.replacen(
        &format!(r#""engine":"{}""#, drillhall_engine::ENGINE_VERSION),
        r#""engine":"9.9.9""#,
        1,
    );
    let (journal, _) = Journal::parse(&edited).unwrap();
    let out = replay(&scenario, &journal).unwrap();
    assert!(!out.verified);
    assert_eq!(out.rerun.map(|r| r.engine).as_deref(), Some("9.9.9"));
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
    assert!(err.to_string().contains("did you mean `rotate`"), "{err}");
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

/// A journal recorded by engine 0.1 (kept in tests/journals/ with the scenario it was
/// played on), and that scenario.
fn v01_fixture(
    name: &str,
    scenario: &str,
) -> (Journal, std::sync::Arc<drillhall_scenario::Drill>, String) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/journals");
    let text = std::fs::read_to_string(format!("{dir}/{name}")).unwrap();
    let (journal, warning) = Journal::parse(&text).expect("a 0.1 journal still parses");
    assert!(warning.is_none());
    let yaml = std::fs::read_to_string(format!("{dir}/{scenario}")).unwrap();
    let sc = drillhall_scenario::Drill::from_text(scenario, &yaml).unwrap();
    (journal, sc, yaml)
}

#[test]
fn journals_recorded_by_engine_0_1_are_re_run_and_reported_as_such() {
    for (name, scenario) in [
        (
            "v0.1-leaked-ci-deploy-token-expert-seed-7.jsonl",
            "leaked-ci-deploy-token.yaml",
        ),
        (
            "v0.1-ci-action-secrets-dump-trainee-seed-5.jsonl",
            "ci-action-secrets-dump.yaml",
        ),
    ] {
        let (journal, sc, _yaml) = v01_fixture(name, scenario);
        assert_eq!(journal.header.format, "drillhall-journal/1");
        assert_eq!(journal.header.engine, "0.1.0");
        let recorded = journal.end.clone().expect("the fixture has an end line");
        let out = replay(&sc, &journal)
            .unwrap_or_else(|e| panic!("{name} re-runs under this engine: {e}"));
        // Re-run, not verified: its digest is another engine's.
        assert!(!out.verified, "{name}");
        let rerun = out.rerun.clone().expect("reported as re-run");
        assert_eq!(rerun.format, "drillhall-journal/1");
        assert_eq!(
            rerun.recorded_digest.as_deref(),
            Some(recorded.digest.as_str())
        );
        assert!(
            rerun
                .to_string()
                .starts_with("recorded by engine 0.1.0 (drillhall-journal/1); re-run under engine"),
            "{rerun}"
        );
        assert_ne!(out.digest, recorded.digest);
        // Every input was re-run, at its tick, to the end of the drill.
        assert_eq!(out.session.inputs().len(), journal.inputs.len(), "{name}");
        for (ji, r) in journal.inputs.iter().zip(out.session.inputs()) {
            assert_eq!((ji.tick, &ji.input), (r.tick, &r.input), "{name}");
        }
        assert!(out.session.is_over(), "{name}");

        // Written again, it is a journal of this engine that verifies.
        let mut w = JournalWriter::new(Vec::new());
        w.finish(&out.session).unwrap();
        let (moved, _) = Journal::parse(&String::from_utf8(w.into_inner()).unwrap()).unwrap();
        assert!(moved.recorded_elsewhere().is_none());
        let again = replay(&sc, &moved).unwrap();
        assert!(again.verified);
        assert_eq!(again.digest, out.digest);
    }
}

#[test]
fn a_resumed_journal_appends_only_new_inputs_and_the_whole_replays_as_one_session() {
    let scenario = bundled();
    // A session cut short after two inputs: no end line.
    let mut s = Session::new(&scenario, 3, Mode::Reviewed);
    let mut first = JournalWriter::new(Vec::new());
    s.apply(Input::Advance(12)).unwrap();
    s.command("logs tok-deploy", None).unwrap();
    first.record(&s).unwrap();
    let cut = String::from_utf8(first.into_inner()).unwrap();
    let (journal, _) = Journal::parse(&cut).unwrap();
    assert!(journal.end.is_none());
    // Resumed: replayed to where it stopped, then played on into the same file.
    let mut resumed = replay(&scenario, &journal).unwrap().session;
    let mut more = JournalWriter::resuming(Vec::new(), &resumed);
    resumed.apply(Input::Advance(5)).unwrap();
    resumed.command("declare-incident sev2", None).unwrap();
    more.finish(&resumed).unwrap();
    let tail = String::from_utf8(more.into_inner()).unwrap();
    assert!(
        !tail.contains("\"type\":\"header\""),
        "no second header:\n{tail}"
    );
    assert_eq!(
        tail.lines().count(),
        3,
        "two inputs and the end line:\n{tail}"
    );
    let whole = format!("{cut}{tail}");
    let (journal, warning) = Journal::parse(&whole).unwrap();
    assert!(warning.is_none());
    assert_eq!(journal.inputs.len(), 4, "every input kept");
    let outcome = replay(&scenario, &journal).expect("the resumed journal replays");
    assert!(outcome.verified);
    assert_eq!(outcome.digest, resumed.digest());
}

/// A session with two pauses written between its inputs, and the same session without them.
fn paused_and_plain_journals() -> (String, String, Session) {
    let scenario = bundled();
    let mut s = Session::new(&scenario, 5, Mode::Reviewed);
    let (mut paused, mut plain) = (
        JournalWriter::new(Vec::new()),
        JournalWriter::new(Vec::new()),
    );
    s.apply(Input::Advance(12)).unwrap();
    paused
        .pause(
            &s,
            Pause {
                tick: 12,
                seconds: 95,
            },
        )
        .unwrap();
    // `logs` costs five minutes: the second pause is at 12 + 5 + 3.
    s.command("logs tok-deploy", None).unwrap();
    s.apply(Input::Advance(3)).unwrap();
    paused
        .pause(
            &s,
            Pause {
                tick: s.tick(),
                seconds: 7,
            },
        )
        .unwrap();
    s.command("declare-incident sev2", None).unwrap();
    s.finish();
    paused.finish(&s).unwrap();
    plain.finish(&s).unwrap();
    (
        String::from_utf8(paused.into_inner()).unwrap(),
        String::from_utf8(plain.into_inner()).unwrap(),
        s,
    )
}

#[test]
fn pause_lines_are_written_after_the_inputs_before_them_and_read_back_in_order() {
    let (paused, _, s) = paused_and_plain_journals();
    let lines: Vec<serde_json::Value> = paused
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kinds: Vec<&str> = lines.iter().map(|l| l["type"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        // `finish` runs the clock to the drill's end: one more input.
        [
            "header", "input", "pause", "input", "input", "pause", "input", "input", "end"
        ],
        "{paused}"
    );
    assert_eq!(
        lines[2],
        serde_json::json!({"type":"pause","tick":12,"seconds":95})
    );
    let (journal, warning) = Journal::parse(&paused).unwrap();
    assert!(warning.is_none());
    assert_eq!(journal.inputs.len(), s.inputs().len());
    assert_eq!(
        journal.pauses,
        [
            Pause {
                tick: 12,
                seconds: 95
            },
            Pause {
                tick: 20,
                seconds: 7
            }
        ]
    );
}

#[test]
fn a_journal_with_pause_lines_replays_to_the_same_digest_as_without_them() {
    let (paused, plain, s) = paused_and_plain_journals();
    assert_ne!(paused, plain);
    let scenario = bundled();
    let with = replay(&scenario, &Journal::parse(&paused).unwrap().0).unwrap();
    let without = replay(&scenario, &Journal::parse(&plain).unwrap().0).unwrap();
    assert!(with.verified && without.verified);
    assert_eq!(with.digest, without.digest);
    assert_eq!(with.digest, s.digest());
    assert!(Journal::parse(&plain).unwrap().0.pauses.is_empty());
}

#[test]
fn a_malformed_pause_line_is_an_error_naming_its_line() {
    let (paused, _, _) = paused_and_plain_journals();
    let broken = paused.replacen("\"seconds\":95", "\"seconds\":-1", 1);
    match Journal::parse(&broken) {
        Err(JournalError::Malformed { line, .. }) => assert_eq!(line, 3),
        other => panic!("expected a malformed line 3, got {other:?}"),
    }
    let before_header = "{\"type\":\"pause\",\"tick\":0,\"seconds\":1}\n";
    assert!(matches!(
        Journal::parse(before_header),
        Err(JournalError::Malformed { line: 1, .. })
    ));
}
