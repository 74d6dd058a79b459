//! Structure-aware fuzzing of what drillhall reads from people: the scenario loader, the
//! action-file parser, the journal reader (and the replay behind it) and the TUI's key
//! handling. Each case starts
//! from a real input (the bundled scenario, a recorded expert journal, a fresh drill) and
//! mutates it the way hostile or careless files do: deleted and repeated lines, values
//! swapped for extremes, escape sequences, non-ASCII whitespace, truncation. The property
//! is always the same: no panic, and an error rather than a result when the input is bad.
//!
//! Bounded for `cargo test` (a few seconds each). The long mode runs each target for
//! `DRILLHALL_FUZZ_SECONDS` seconds, the targets side by side: an hour is
//! `DRILLHALL_FUZZ_SECONDS=3600 cargo test --release --test fuzz -- --nocapture`, which prints
//! each target's case count at the end.

mod cli_support;

use std::time::{Duration, Instant};

use cli_support::{BUNDLED, drillhall, empty_scratch, root};
use drillhall_engine::Session;
use drillhall_engine::journal::{Journal, replay};
use drillhall_scenario::Drill;
use drillhall_scenario::script::{CONFIDENCE_RANGE, Script, plain_line};
use drillhall_tui::ratatui::Terminal;
use drillhall_tui::ratatui::backend::TestBackend;
use drillhall_tui::ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use drillhall_tui::{App, MemoryRecorder, Msg, Options, update, view};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};

/// Cases per run in the bounded mode.
const CASES: u32 = 256;

/// Runs `test` on values of `strategy`: `CASES` cases, or in the long mode, runs of cases
/// with fresh seeds until `DRILLHALL_FUZZ_SECONDS` have passed. A failure panics with the
/// shrunk input.
fn fuzz<S: Strategy>(name: &str, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let long = std::env::var("DRILLHALL_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map(Duration::from_secs);
    let deadline = long.map(|d| Instant::now() + d);
    let mut cases = 0u64;
    loop {
        let mut runner = if deadline.is_some() {
            TestRunner::new(Config {
                cases: 256,
                failure_persistence: None,
                ..Config::default()
            })
        } else {
            // The bounded mode is the same every run.
            TestRunner::new_with_rng(
                Config {
                    cases: CASES,
                    failure_persistence: None,
                    ..Config::default()
                },
                proptest::test_runner::TestRng::deterministic_rng(
                    proptest::test_runner::RngAlgorithm::ChaCha,
                ),
            )
        };
        match runner.run(&strategy, &test) {
            Ok(()) => {}
            Err(TestError::Fail(why, input)) => {
                panic!("{name}: {why}\nminimal input: {input:#?}")
            }
            Err(TestError::Abort(why)) => panic!("{name}: aborted: {why}"),
        }
        cases += u64::from(runner.config().cases);
        if deadline.is_none_or(|d| Instant::now() >= d) {
            break;
        }
    }
    if long.is_some() {
        eprintln!("{name}: {cases} cases, no failure");
    }
}

/// Values that break careless code: extremes, wrong types, YAML specials, escapes, text
/// that is not ASCII.
fn hostile_value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("-1".to_owned()),
        Just("0".to_owned()),
        Just("4294967296".to_owned()),
        Just("18446744073709551616".to_owned()),
        Just("99999999999999999999999".to_owned()),
        Just("1e309".to_owned()),
        Just("-0.0".to_owned()),
        Just("~".to_owned()),
        Just("null".to_owned()),
        Just("[]".to_owned()),
        Just("{}".to_owned()),
        Just("[1, [2, [3]]]".to_owned()),
        Just("*nowhere".to_owned()),
        Just("&a x".to_owned()),
        Just("!!binary aGVsbG8=".to_owned()),
        Just("9999999d".to_owned()),
        Just("0m".to_owned()),
        Just("1..0".to_owned()),
        Just("0..18446744073709551615".to_owned()),
        Just("\"\\u001b[2J\\u001b]0;owned\\u0007\"".to_owned()),
        Just("\"\\u009b31m\"".to_owned()),
        Just("é\u{a0}𝔘\u{301}漢\u{202e}".to_owned()),
        Just("tok-deploy".to_owned()),
        Just("prod-db".to_owned()),
        Just("x".repeat(5000)),
        "[a-z0-9-]{0,12}",
        any::<String>(),
        any::<i64>().prop_map(|n| n.to_string()),
    ]
}

/// One change to a text made of lines.
#[derive(Clone, Debug)]
enum Edit {
    Delete(usize),
    Repeat(usize),
    Swap(usize, usize),
    /// Replaces what follows the line's first `:` (a YAML or JSON value).
    Value(usize, String),
    Insert(usize, String),
    Indent(usize),
    Dedent(usize),
    /// Cuts the whole text at a fraction (per mille) of its length.
    Truncate(u16),
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    let edit = prop_oneof![
        1 => any::<usize>().prop_map(Edit::Delete),
        1 => any::<usize>().prop_map(Edit::Repeat),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Edit::Swap(a, b)),
        4 => (any::<usize>(), hostile_value()).prop_map(|(i, v)| Edit::Value(i, v)),
        1 => (any::<usize>(), hostile_value()).prop_map(|(i, v)| Edit::Insert(i, v)),
        1 => any::<usize>().prop_map(Edit::Indent),
        1 => any::<usize>().prop_map(Edit::Dedent),
        1 => (0u16..1000).prop_map(Edit::Truncate),
    ];
    proptest::collection::vec(edit, 1..6)
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for e in edits {
        if lines.is_empty() {
            break;
        }
        let at = |i: usize| i % lines.len();
        match e {
            Edit::Delete(i) => {
                let i = at(*i);
                lines.remove(i);
            }
            Edit::Repeat(i) => {
                let i = at(*i);
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            Edit::Swap(a, b) => {
                let (a, b) = (at(*a), at(*b));
                lines.swap(a, b);
            }
            Edit::Value(i, v) => {
                let i = at(*i);
                if let Some((key, _)) = lines[i].split_once(':') {
                    lines[i] = format!("{key}: {v}");
                } else {
                    lines[i].clone_from(v);
                }
            }
            Edit::Insert(i, v) => {
                let i = at(*i);
                lines.insert(i, v.clone());
            }
            Edit::Indent(i) => {
                let i = at(*i);
                lines[i].insert_str(0, "  ");
            }
            Edit::Dedent(i) => {
                let i = at(*i);
                let trimmed = lines[i].trim_start().len();
                let cut = lines[i].len() - trimmed;
                lines[i].drain(..cut);
            }
            Edit::Truncate(per_mille) => {
                let joined = lines.join("\n");
                let mut cut = joined.len() * usize::from(*per_mille) / 1000;
                while !joined.is_char_boundary(cut) {
                    cut -= 1;
                }
                lines = joined[..cut].lines().map(str::to_owned).collect();
            }
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

fn bundled_text() -> String {
    std::fs::read_to_string(root().join(BUNDLED)).expect("the bundled scenario reads")
}

#[test]
fn the_scenario_loader_never_panics_on_a_mutated_scenario() {
    let base = bundled_text();
    fuzz("scenario loader", edits(), |e| {
        let text = apply(&base, &e);
        // Loading either succeeds or reports located problems; a panic fails the case.
        if let Ok(s) = Drill::from_text("fuzz.yaml", &text) {
            // What loads must also start a session and run to the end.
            let mut session = Session::with_default_mode(&s, 1);
            session.finish();
        }
        Ok(())
    });
}

#[test]
fn the_journal_reader_and_replay_never_panic_on_a_mutated_journal() {
    let dir = empty_scratch("fuzz", "journal");
    let path = dir.join("drill.jsonl").display().to_string();
    let r = drillhall(&[
        "run", BUNDLED, "--seed", "7", "--expert", "--record", &path, "--quiet",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let base = std::fs::read_to_string(&path).unwrap();
    let bytes = std::fs::read(root().join(BUNDLED)).unwrap();
    let scenario = Drill::from_bytes("s.yaml", &bytes).unwrap();
    fuzz("journal reader", edits(), |e| {
        let text = apply(&base, &e);
        if let Ok((journal, _)) = Journal::parse(&text) {
            let _ = replay(&scenario, &journal);
        }
        Ok(())
    });
}

/// An action file in both forms, with steps of every shape the grammar has.
const PLAIN_ACTIONS: &str = "# the careful response\n12m declare-incident sev2\n13m logs tok-deploy\n15m rotate tok-deploy --grace 20m @90%\n16m 80% request-signoff \"rotate tok-deploy --grace 5m\" --rollback \"old version lives 5m\"\n17m redeploy ci-deployer\n18m note \"asked @alice\" @75%\n20m scope-down sa-deployer prod-db none\n";
const YAML_ACTIONS: &str = "- { at: 12m, do: \"declare-incident sev2\" }\n- { at: 13m, do: \"logs tok-deploy\", why: \"find consumers\" }\n- { at: 15m, do: \"rotate tok-deploy --grace 20m\", confidence: 90 }\n- at: 16m\n  do: \"redeploy ci-deployer\"\n";

/// What a step means, for comparing two readings of it.
fn step_meaning(s: &Script) -> Vec<(String, Option<u8>)> {
    s.steps
        .iter()
        .map(|st| (format!("{:?}", st.command), st.confidence))
        .collect()
}

#[test]
fn the_action_file_parser_never_panics_and_what_it_reads_round_trips() {
    let bytes = std::fs::read(root().join(BUNDLED)).unwrap();
    let drill = Drill::from_bytes("s.yaml", &bytes).unwrap();
    let words = proptest::collection::vec((any::<usize>(), hostile_value()), 0..3);
    fuzz(
        "action-file parser",
        (any::<bool>(), edits(), words),
        |(yaml, e, words)| {
            let base = if yaml { YAML_ACTIONS } else { PLAIN_ACTIONS };
            let mut text = apply(base, &e);
            // Hostile words at the end of lines: where a stated confidence goes.
            let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
            for (i, w) in &words {
                let n = lines.len().max(1);
                if let Some(l) = lines.get_mut(i % n) {
                    l.push(' ');
                    l.push_str(w);
                }
            }
            if !words.is_empty() {
                text = lines.join("\n");
            }
            let parsed = Script::parse("fuzz.txt", &text);
            let checked = Script::parse_for("fuzz.txt", &text, &drill);
            match (&parsed, &checked) {
                (Err(e), _) | (Ok(_), Err(e)) => {
                    prop_assert!(!e.message.is_empty());
                    prop_assert!(!e.to_string().contains("budget breached"), "{e}");
                }
                (Ok(s), Ok(_)) => {
                    for st in &s.steps {
                        prop_assert!(st.confidence.is_none_or(|c| CONFIDENCE_RANGE.contains(&c)));
                    }
                    if !yaml {
                        // The plain form writes back as what it read.
                        let again: String = s
                            .steps
                            .iter()
                            .map(|st| plain_line(st.at, &st.text, st.confidence) + "\n")
                            .collect();
                        let back = Script::parse("again.txt", &again);
                        prop_assert!(back.is_ok(), "{again}: {back:?}");
                        let back = back.map_err(|e| TestCaseError::fail(e.to_string()))?;
                        prop_assert_eq!(step_meaning(&back), step_meaning(s), "{}", again);
                    }
                }
            }
            Ok(())
        },
    );
}

/// A key a trainee (or a paste) can send.
fn key() -> impl Strategy<Value = KeyEvent> {
    let code = prop_oneof![
        8 => prop_oneof![
            proptest::char::range('a', 'z'),
            Just(' '),
            Just('-'),
            Just('"'),
            Just('\u{a0}'),
            Just('\u{3000}'),
            Just('\u{2028}'),
            Just('\t'),
            Just('漢'),
            Just('\u{301}'),
            Just('👩'),
            Just('\u{200d}'),
            Just('\u{1b}'),
            any::<char>(),
        ]
        .prop_map(KeyCode::Char),
        3 => Just(KeyCode::Enter),
        2 => Just(KeyCode::Tab),
        1 => Just(KeyCode::BackTab),
        2 => Just(KeyCode::Backspace),
        1 => Just(KeyCode::Delete),
        1 => Just(KeyCode::Left),
        1 => Just(KeyCode::Right),
        1 => Just(KeyCode::Up),
        1 => Just(KeyCode::Down),
        1 => Just(KeyCode::Home),
        1 => Just(KeyCode::End),
        1 => Just(KeyCode::PageUp),
        1 => Just(KeyCode::PageDown),
        2 => Just(KeyCode::Esc),
        1 => (1u8..13).prop_map(KeyCode::F),
    ];
    let modifiers = prop_oneof![
        8 => Just(KeyModifiers::NONE),
        1 => Just(KeyModifiers::CONTROL),
        1 => Just(KeyModifiers::ALT),
        1 => Just(KeyModifiers::SHIFT),
    ];
    (code, modifiers).prop_map(|(c, m)| KeyEvent::new(c, m))
}

/// Keys, with now and then a long paste (typed text of thousands of characters).
fn keys() -> impl Strategy<Value = Vec<Vec<KeyEvent>>> {
    let burst = prop_oneof![
        9 => proptest::collection::vec(key(), 1..40),
        1 => (any::<char>(), 1000usize..6000).prop_map(|(c, n)| {
            vec![KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE); n]
        }),
    ];
    proptest::collection::vec(burst, 1..6)
}

#[test]
fn the_tui_never_panics_on_any_keys_and_draws_every_state() {
    let bytes = std::fs::read(root().join(BUNDLED)).unwrap();
    let scenario = Drill::from_bytes("s.yaml", &bytes).unwrap();
    fuzz("tui keys", keys(), |bursts| {
        let session = Session::with_default_mode(&scenario, 3);
        let mut app = App::new(
            session,
            Box::new(MemoryRecorder::default()),
            Options::default(),
        )
        .expect("memory journals open");
        let mut wide = Terminal::new(TestBackend::new(100, 30)).unwrap();
        let mut tiny = Terminal::new(TestBackend::new(12, 4)).unwrap();
        for burst in bursts {
            for k in burst {
                let _ = update(&mut app, Msg::Key(k));
                if app.should_quit() {
                    return Ok(());
                }
            }
            wide.draw(|f| view(&app, f)).unwrap();
            tiny.draw(|f| view(&app, f)).unwrap();
        }
        Ok(())
    });
}
