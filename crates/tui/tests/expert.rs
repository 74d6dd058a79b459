//! The bundled scenario's expert response, typed into the command line key by key, reaches
//! a debrief whose score is the score of `drillhall run --expert` on the same seed — and
//! records the same journal.

mod common;

use common::*;
use drillhall_debrief as score;
use drillhall_engine::journal::{JournalSink, JournalWriter};
use drillhall_engine::script::{Script, run_script};
use drillhall_tui::Screen;

#[test]
fn the_expert_typed_key_by_key_scores_exactly_what_run_expert_scores() {
    let sc = scenario();
    for seed in [SEED, 1, 23] {
        let (mut app, recorder) = app_with_seed(seed);
        play_expert_by_keys(&mut app);
        assert_eq!(app.screen(), Screen::Debrief);

        let mut journal = JournalWriter::new(Vec::new());
        let headless = run_script(
            &sc,
            seed,
            app.session().mode(),
            &Script::expert(&sc),
            Some(&mut journal as &mut dyn JournalSink),
        )
        .expect("the expert runs headless");
        let expected = score::score(&sc, &headless).expect("a finished session scores");

        let debrief = app.debrief().expect("the debrief is up");
        let got = debrief.report.as_ref().expect("the session scores");
        assert_eq!(got.score, expected, "seed {seed}");
        assert_eq!(debrief.hundredths(), Some(expected.hundredths));
        assert_eq!(app.session().digest(), headless.digest(), "seed {seed}");
        let recorded = recorder.journals.borrow()[0].text();
        let headless_journal = String::from_utf8(journal.into_inner()).expect("journals are UTF-8");
        assert_eq!(
            recorded, headless_journal,
            "seed {seed}: the journals differ"
        );
    }
}
