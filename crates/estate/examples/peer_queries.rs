//! The peers' blast-radius queries on drillhall's own estate, for ratios beside the peers.
//!
//! `cargo run --release -p drillhall-estate --example peer_queries -- DIR N`, where DIR was
//! written by `../shared/peers/from_edgelist.py` from the edge list of
//! `drillhall generate --nodes N --seed 42` (see `benches/README.md`). Runs the `B` queries of
//! `DIR/queries.txt` (mapped back to drillhall's ids through `DIR/names.txt`) on
//! `synthetic::estate(N, 42)`, the same graph, and prints one JSON line: the medians (ms) of
//! all the queries together, and the checksum the peers print (`reach_sum`). With `DIR` given
//! as `-`, it starts from 100 credentials of its own choosing, for quick runs without peers.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Instant;

use drillhall_estate::{
    Condensation, CondensedSearcher, NodeId, Searcher, Sensitivity, Snapshot, synthetic,
};

const SEED: u64 = 42;

/// Median of `runs` timings of `f`, in milliseconds, and its answer.
fn median_ms(runs: usize, mut f: impl FnMut() -> usize) -> (f64, usize) {
    let mut times = Vec::with_capacity(runs);
    let mut answer = 0;
    for _ in 0..runs {
        let t = Instant::now();
        answer = black_box(f());
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    (times[runs / 2], answer)
}

/// The peers' `B` queries, mapped back to drillhall's ids through `names.txt`.
fn peer_starts(estate: &drillhall_estate::Estate, read: &dyn Fn(&str) -> String) -> Vec<NodeId> {
    let mut by_index = BTreeMap::new();
    for line in read("names.txt").lines() {
        let (i, name) = line.split_once(' ').expect("`index name` lines");
        by_index.insert(i.parse::<u32>().expect("an index"), name.to_owned());
    }
    read("queries.txt")
        .lines()
        .filter_map(|l| l.strip_prefix("B "))
        .map(|i| {
            let name = &by_index[&i.parse::<u32>().expect("an index")];
            estate.find(name).expect("the peers' node is in the estate")
        })
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, dir, n] = args.as_slice() else {
        eprintln!("usage: peer_queries DIR NODES");
        std::process::exit(2);
    };
    let n: usize = n.parse().expect("NODES is a node count");
    let estate = synthetic::estate(n, SEED);
    let read = |f: &str| std::fs::read_to_string(format!("{dir}/{f}")).expect("a peer data file");
    let starts = if dir == "-" {
        synthetic::credentials(&estate, 100, SEED)
    } else {
        peer_starts(&estate, &read)
    };
    let runs = 5;
    let snap = Snapshot::build(&estate);
    let mut searcher = Searcher::new();
    let (bfs, reach_sum) = median_ms(runs, || {
        starts.iter().map(|&s| searcher.reach_count(&snap, s)).sum()
    });
    let (ranked, ranked_sum) = median_ms(runs, || {
        starts
            .iter()
            .map(|&s| searcher.blast_radius(&snap, s).len())
            .sum()
    });
    let (build, _) = median_ms(runs, || Condensation::build(&snap).component_count());
    let cond = Condensation::build(&snap);
    let mut cs = CondensedSearcher::new();
    let (condensed, condensed_sum) = median_ms(runs, || {
        starts.iter().map(|&s| cs.reach_count(&cond, s)).sum()
    });
    let (sensitive, sensitive_sum) = median_ms(runs, || {
        starts
            .iter()
            .map(|&s| {
                cs.sensitive_resources(&cond, s, Sensitivity::Restricted)
                    .len()
            })
            .sum()
    });
    assert_eq!(
        ranked_sum, reach_sum,
        "the ranked answer counts what BFS counts"
    );
    assert_eq!(
        condensed_sum, reach_sum,
        "the condensation counts what BFS counts"
    );
    println!(
        "{{\"tool\":\"drillhall\",\"nodes\":{n},\"n_blast\":{},\"reach_sum\":{reach_sum},\"sensitive_sum\":{sensitive_sum},\"components\":{},\"largest_component\":{},\"bfs_count_ms\":{bfs:.2},\"ranked_ms\":{ranked:.2},\"condensation_build_ms\":{build:.2},\"condensed_count_ms\":{condensed:.3},\"condensed_sensitive_ms\":{sensitive:.3}}}",
        starts.len(),
        cond.component_count(),
        cond.largest_component(),
    );
}
