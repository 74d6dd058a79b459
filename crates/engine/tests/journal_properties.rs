//! Properties of the command text and of journals, for arbitrary strings where a trainee
//! types free text (notes, rollback plans) or ids.

mod common;

use common::bundled;
use drillhall_engine::journal::{Journal, JournalSink, JournalWriter, replay};
use drillhall_engine::{Input, Session, SessionOptions};
use drillhall_scenario::command::Command;
use drillhall_scenario::drill::Mode;
use proptest::prelude::*;

/// Free text as people type it, and worse: flags, quotes, backslashes, blanks, any char.
fn free_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "(--|-|\"|'|\\\\| |\t|\n|#|[a-z]){0,12}",
        "--[a-z-]{0,10}( [a-z\"]{0,5}){0,3}",
    ]
}

/// The commands that carry free text or ids, built from the strings.
fn commands(text: &str, plan: &str, id: &str) -> Vec<Command> {
    let action = |c: Command| Command::RequestSignoff {
        action: Box::new(c),
        rollback: plan.to_owned(),
    };
    vec![
        Command::Note {
            text: text.to_owned(),
        },
        Command::Inspect { id: id.to_owned() },
        Command::Logs {
            id: id.to_owned(),
            since: Some(30),
        },
        Command::Revoke {
            credential: id.to_owned(),
        },
        Command::Rotate {
            credential: id.to_owned(),
            grace: 5,
        },
        Command::CreateIdentity {
            id: id.to_owned(),
            kind: drillhall_estate::IdentityKind::ServiceAccount,
            owner: text.to_owned(),
        },
        Command::Issue {
            credential: id.to_owned(),
            kind: drillhall_estate::CredentialKind::ApiToken,
            identity: text.to_owned(),
            store: Some(plan.to_owned()),
            ttl: Some(60),
        },
        Command::ScopeDown {
            identity: id.to_owned(),
            resource: plan.to_owned(),
            permission: drillhall_estate::Permission::Read,
        },
        Command::Notify {
            team: text.to_owned(),
        },
        action(Command::Revoke {
            credential: id.to_owned(),
        }),
        action(Command::Note {
            text: text.to_owned(),
        }),
    ]
}

/// Writes a session's journal, with the end line.
fn journal_of(s: &Session) -> String {
    let mut w = JournalWriter::new(Vec::new());
    w.finish(s).unwrap();
    String::from_utf8(w.into_inner()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn command_text_round_trips_for_any_note_rollback_plan_and_id(
        text in free_text(),
        plan in free_text(),
        id in free_text(),
    ) {
        for c in commands(&text, &plan, &id) {
            let line = c.to_string();
            prop_assert_eq!(Command::parse(&line), Ok(c), "{}", line);
        }
    }

    #[test]
    fn a_journal_written_read_and_replayed_gives_the_same_digest(
        text in free_text(),
        plan in free_text(),
        id in free_text(),
        seed in 1u64..100,
        reviewed in any::<bool>(),
    ) {
        let scenario = bundled();
        let mode = if reviewed { Mode::Reviewed } else { Mode::Independent };
        let mut s = Session::with_options(
            &scenario,
            seed,
            &SessionOptions { mode: Some(mode), simulated_reviewer: true },
        );
        for c in commands(&text, &plan, &id) {
            // Refused commands (unknown ids, sign-offs needed) are recorded too.
            s.apply_or_record(Input::command(c)).unwrap();
            s.advance(1).unwrap();
        }
        s.finish();
        let written = journal_of(&s);
        let (journal, warning) = Journal::parse(&written).unwrap();
        prop_assert!(warning.is_none());
        let out = replay(&scenario, &journal).unwrap();
        prop_assert!(out.verified);
        prop_assert_eq!(&out.digest, &s.digest());

        // The text form alone (a journal without its data) replays the same way.
        let text_only: String = written
            .lines()
            .map(|l| {
                let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
                if let Some(o) = v.as_object_mut() {
                    o.remove("data");
                }
                v.to_string() + "\n"
            })
            .collect();
        let (journal, _) = Journal::parse(&text_only).unwrap();
        let out = replay(&scenario, &journal).unwrap();
        prop_assert!(out.verified);
        prop_assert_eq!(out.digest, s.digest());
    }
}

#[test]
fn a_note_and_a_rollback_plan_that_start_with_dashes_replay() {
    let scenario = bundled();
    let mut s = Session::new(&scenario, 7, Mode::Reviewed);
    s.command("note \"--force was not used\"", None).unwrap();
    let c = Command::parse(
        "request-signoff \"rotate tok-deploy --grace 5m\" --rollback \"--grace keeps v1 alive for 5m\"",
    )
    .unwrap();
    let Command::RequestSignoff { rollback, .. } = &c else {
        panic!("{c:?}")
    };
    assert_eq!(rollback, "--grace keeps v1 alive for 5m");
    s.apply(Input::Command {
        command: c,
        confidence: Some(80),
    })
    .unwrap();
    s.finish();
    let (journal, _) = Journal::parse(&journal_of(&s)).unwrap();
    let out = replay(&scenario, &journal).unwrap();
    assert!(out.verified);
    assert_eq!(out.digest, s.digest());
}
