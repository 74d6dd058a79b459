//! Bounded time: no duration, count or weight a caller gives the engine can overflow,
//! wrap or panic. The command grammar refuses durations past a year, but commands also
//! arrive as data (structural journals, bots), so the engine itself must hold whatever
//! it is handed.

mod common;

use common::bundled;
use drillhall_engine::{Command, CredentialKind, Input, Mode, Session};
use proptest::prelude::*;

fn huge() -> impl Strategy<Value = u64> {
    prop_oneof![
        Just(u64::MAX),
        Just(u64::MAX - 1),
        Just(1 << 63),
        any::<u64>(),
        0..600u64
    ]
}

fn command(kind: u8, d: u64) -> Command {
    match kind % 5 {
        0 => Command::Wait { ticks: d },
        1 => Command::Rotate {
            credential: "tok-deploy".into(),
            grace: d,
        },
        2 => Command::Logs {
            id: "tok-deploy".into(),
            since: Some(d),
        },
        3 => Command::Issue {
            credential: "tok-new".into(),
            kind: CredentialKind::ApiToken,
            identity: "sa-deployer".into(),
            store: None,
            ttl: Some(d),
        },
        _ => Command::Wait { ticks: d.max(1) },
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn huge_durations_in_commands_and_advances_never_panic(
        steps in proptest::collection::vec((any::<u8>(), huge(), huge()), 1..6),
    ) {
        let drill = bundled();
        let mut s = Session::new(&drill, 1, Mode::Independent);
        for (kind, d, advance) in steps {
            if s.is_over() {
                break;
            }
            let _ = s.apply(Input::Command { command: command(kind, d), confidence: Some(90) });
            if !s.is_over() {
                let _ = s.apply(Input::Advance(advance.max(1)));
            }
        }
        s.finish();
        prop_assert!(s.is_over());
        prop_assert!(s.tick() <= s.end_tick());
    }
}
