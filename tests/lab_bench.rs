//! The calibrate budget: the whole library, seeds 1..1000, every bot, in at most 60 s on
//! two cores. Ignored by default (it is a measurement, run it in release):
//!
//! ```text
//! cargo test --release --test lab_bench -- --ignored --nocapture
//! ```

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use drillhall_lab::calibrate::{Counter, Report, Shard, sample};
use drillhall_scenario::values::SeedRange;
use drillhall_scenario::{Drill, Scenario};

#[test]
#[ignore = "a measurement: run in release with --ignored"]
fn calibrate_on_the_whole_library_for_1000_seeds_fits_in_a_minute() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    let drills: Vec<Arc<Drill>> = files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            let s = Scenario::from_text(&f.display().to_string(), &text).unwrap();
            Arc::new(Drill::compile(&s))
        })
        .collect();
    let counter = Counter::default();
    let start = Instant::now();
    let samples = sample(
        &drills,
        None,
        SeedRange {
            first: 1,
            last: 1000,
        },
        Shard::ALL,
        &|| counter.tick(),
    )
    .unwrap();
    let played = start.elapsed();
    let report = Report::new(&samples);
    let total = start.elapsed();
    let sessions = report.sessions as u128;
    println!(
        "{sessions} sessions in {:.1} s ({} sessions/s); report {} ms",
        played.as_secs_f64(),
        sessions * 1000 / played.as_millis().max(1),
        total.saturating_sub(played).as_millis()
    );
    assert!(total.as_secs() <= 60, "took {total:?}");
}
