//! Loading a scenario: parse (serde-saphyr, under budgets), validate, build the estate.
//!
//! Generated estates of 1k, 10k and 100k nodes, and one of about 10 MB (the size the design
//! promises to load and validate within half a second), all from
//! [`drillhall_scenario::synth::generate`]: the synthetic estates' shape (25% workloads, 40%
//! identities, 30% credentials, 5% resources; grants, `can_assume`, `stores`, `runs`), one
//! flow mapping per line as the bundled scenarios are written, from a fixed seed so every run
//! measures the same bytes.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use drillhall_scenario::Scenario;
use drillhall_scenario::synth::generate;

/// The smallest generated scenario of at least `bytes` bytes.
fn scenario_of_size(bytes: usize) -> String {
    let sample = generate(10_000, 1).len();
    let mut nodes = bytes * 10_000 / sample + 1;
    loop {
        let text = generate(nodes, 1);
        if text.len() >= bytes {
            return text;
        }
        nodes += nodes / 50 + 1;
    }
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("scenario_load");
    let cases = [
        ("1k_nodes".to_owned(), generate(1_000, 1)),
        ("10k_nodes".to_owned(), generate(10_000, 1)),
        ("100k_nodes".to_owned(), generate(100_000, 1)),
        ("10MB".to_owned(), scenario_of_size(10_000_000)),
    ];
    for (name, text) in &cases {
        // A benchmark of the error path would measure nothing useful: check first.
        if let Err(e) = Scenario::from_text("bench.yaml", text) {
            panic!("the generated {name} scenario must load:\n{e}");
        }
        if text.len() > 1_000_000 {
            group.sample_size(10);
            group.measurement_time(Duration::from_secs(20));
        }
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), text, |b, text| {
            b.iter(|| Scenario::from_text("bench.yaml", black_box(text)).map(|s| s.duration()));
        });
    }
    group.finish();
}

criterion_group!(benches, load);
criterion_main!(benches);
