//! Benchmarks of the after-action debrief of the bundled scenario.
//!
//! A debrief scores the session, runs the expert's response on the same seed (par) and
//! re-runs the session once per counterfactual, so it must stay cheap enough to run after
//! every drill. Target on the 2-core reference machine: a typical debrief under 50 ms.
//! Measured: the panic-revoke response (one decision re-run, three expert steps added) and
//! the expert's own response (three decisions re-run), both on seed 7, and the score alone.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use drillhall_debrief::{Debrief, score};
use drillhall_engine::script::{Script, run_script};
use drillhall_scenario::Drill;

const BUNDLED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/scenarios/leaked-ci-deploy-token.yaml"
);

fn debriefs(c: &mut Criterion) {
    let text = std::fs::read_to_string(BUNDLED).expect("the bundled scenario is in scenarios/");
    let scenario =
        Drill::from_text("leaked-ci-deploy-token.yaml", &text).expect("the bundled scenario loads");
    let mode = scenario.mode;
    let responses = [
        (
            "panic-revoke",
            Script::known_bad(&scenario, "panic-revoke").expect("the scenario has panic-revoke"),
        ),
        ("expert", Script::expert(&scenario)),
    ];
    let mut group = c.benchmark_group("debrief");
    for (name, script) in &responses {
        let session = run_script(&scenario, 7, mode, script, None).expect("the response runs");
        let d = Debrief::new(&scenario, &session).expect("the session is scored");
        eprintln!(
            "{name}: score {} with {} counterfactuals",
            d.score.display(),
            d.counterfactuals.len()
        );
        group.bench_function(format!("full debrief, {name}, seed 7"), |b| {
            b.iter(|| Debrief::new(black_box(&scenario), black_box(&session)));
        });
        group.bench_function(format!("score only, {name}, seed 7"), |b| {
            b.iter(|| score(black_box(&scenario), black_box(&session)));
        });
    }
    group.finish();
}

criterion_group!(benches, debriefs);
criterion_main!(benches);
