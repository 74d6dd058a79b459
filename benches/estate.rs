//! Benchmarks of the estate analyses on synthetic estates of 10k, 100k and 1M nodes.
//!
//! The estates come from `drillhall_estate::synthetic::estate`, the same shape as the peer
//! comparison's `gen_estate.py`, so the medians compare with the peers' table. Targets on the
//! 2-core reference machine: blast radius of one credential ≤ 2.7 ms at 100k and ≤ 80 ms at
//! 1M; 100 attack-path queries ≤ 0.2 s at 1M.

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkGroup, Criterion, criterion_group, criterion_main, measurement::WallTime,
};
use drillhall_estate::{
    Condensation, CondensedSearcher, Estate, NodeId, Searcher, Sensitivity, Snapshot, synthetic,
};

const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];
const SEED: u64 = 42;

/// Keeps the 1M cases to a few seconds each.
fn tune(group: &mut BenchmarkGroup<'_, WallTime>, n: usize) {
    if n >= 1_000_000 {
        group.sample_size(10);
        group.warm_up_time(Duration::from_secs(1));
        group.measurement_time(Duration::from_secs(4));
    } else if n >= 100_000 {
        group.sample_size(30);
        group.measurement_time(Duration::from_secs(3));
    }
}

fn estates() -> Vec<(usize, Estate, Snapshot)> {
    SIZES
        .iter()
        .map(|&n| {
            let estate = synthetic::estate(n, SEED);
            let snap = Snapshot::build(&estate);
            (n, estate, snap)
        })
        .collect()
}

/// The first of a few sampled credentials whose blast radius is the large cluster (a
/// credential whose identity grants nothing reaches almost nothing, which measures nothing).
fn busy_credential(estate: &Estate, snap: &Snapshot) -> NodeId {
    let mut searcher = Searcher::new();
    let candidates = synthetic::credentials(estate, 20, SEED);
    candidates
        .iter()
        .copied()
        .find(|&c| searcher.reach_count(snap, c) * 4 > estate.node_count())
        .unwrap_or(candidates[0])
}

fn analyses(c: &mut Criterion) {
    for (n, estate, snap) in estates() {
        let start = busy_credential(&estate, &snap);
        let pairs = synthetic::path_pairs(&estate, 100, SEED);
        let mut searcher = Searcher::new();
        let reach = searcher.reach_count(&snap, start);
        let lens: Vec<Option<u32>> = pairs
            .iter()
            .map(|&(s, t)| searcher.shortest_path_len(&snap, s, t))
            .collect();
        eprintln!(
            "n={n}: {} edges; credential {} reaches {reach} nodes ({}%); {} of 100 pairs connected, path lengths sum {}",
            estate.edge_count(),
            estate.node(start).id,
            reach * 100 / n,
            lens.iter().flatten().count(),
            lens.iter().flatten().sum::<u32>(),
        );

        let mut group = c.benchmark_group(format!("estate/{n}"));
        tune(&mut group, n);
        group.bench_function("blast_radius_count", |b| {
            b.iter(|| searcher.reach_count(&snap, black_box(start)));
        });
        group.bench_function("blast_radius_full", |b| {
            b.iter(|| searcher.blast_radius(&snap, black_box(start)).len());
        });
        group.bench_function("condensation_build", |b| {
            b.iter(|| Condensation::build(black_box(&snap)).component_count());
        });
        let cond = Condensation::build(&snap);
        let mut condensed = CondensedSearcher::new();
        assert_eq!(condensed.reach_count(&cond, start), reach);
        group.bench_function("reach_count_condensed", |b| {
            b.iter(|| condensed.reach_count(&cond, black_box(start)));
        });
        group.bench_function("sensitive_resources_condensed", |b| {
            b.iter(|| {
                condensed
                    .sensitive_resources(&cond, black_box(start), Sensitivity::Restricted)
                    .len()
            });
        });
        group.bench_function("shortest_path_len_100_pairs", |b| {
            b.iter(|| {
                pairs
                    .iter()
                    .map(|&(s, t)| searcher.shortest_path_len(&snap, s, t).unwrap_or(0))
                    .sum::<u32>()
            });
        });
        group.bench_function("attack_paths_100_pairs_cap_10", |b| {
            b.iter(|| {
                pairs
                    .iter()
                    .map(|&(s, t)| searcher.attack_paths(&snap, s, t, 10).paths.len())
                    .sum::<usize>()
            });
        });
        if n >= 1_000_000 {
            group.bench_function("snapshot_build", |b| {
                b.iter(|| Snapshot::build(black_box(&estate)).edge_count());
            });
        }
        group.finish();
    }
}

criterion_group!(benches, analyses);
criterion_main!(benches);
