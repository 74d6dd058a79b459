//! Loading a scenario: parse (serde-saphyr, under budgets), validate, build the estate.
//!
//! Generated estates of 1k, 10k and 100k nodes, and one of about 10 MB (the size the design
//! promises to load and validate within half a second). The generator below writes the
//! shape of the synthetic estates (25% workloads, 40% identities, 30% credentials, 5%
//! resources; grants, `can_assume`, `stores`), one flow mapping per line as the bundled
//! scenarios are written, from a fixed seed so every run measures the same bytes.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use drillhall_scenario::Scenario;

/// `SplitMix64`: a tiny, fully specified stream, so the bytes never change with a dependency.
struct Stream(u64);

impl Stream {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`, `n > 0`.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.below(words.len())]
    }
}

/// A valid scenario with `nodes` nodes in the synthetic estates' proportions.
fn scenario_text(nodes: usize, seed: u64) -> String {
    let nodes = nodes.max(100);
    let workloads = nodes / 4;
    let identities = nodes * 2 / 5;
    let credentials = nodes * 3 / 10;
    let resources = nodes - workloads - identities - credentials;
    let teams = (nodes / 500).max(2);
    let mut r = Stream(seed);
    let mut s = String::with_capacity(nodes * 200);
    s.push_str(
        "apiVersion: drillhall/v1\nkind: Scenario\nmetadata:\n  id: bench-estate\n  title: \"A generated estate\"\n  duration: 8h\n  difficulty: 3\nestate:\n  policy: { max_credential_age: 90d }\n  teams:\n",
    );
    for t in 0..teams {
        writeln!(s, "    - {{ id: team-{t}, members: [lead-{t}] }}").expect("writing to a String");
    }
    s.push_str("  workloads:\n");
    for w in 0..workloads {
        let kind = r.pick(&["service", "ci-pipeline", "job", "function", "ai-agent"]);
        let crit = r.pick(&["low", "medium", "high", "critical"]);
        write!(
            s,
            "    - {{ id: wl-{w}, kind: {kind}, env: prod, criticality: {crit}, owner: team-{}, runs_as: id-{}, holds: [",
            r.below(teams),
            r.below(identities)
        )
        .expect("writing to a String");
        for h in 0..=r.below(3) {
            if h > 0 {
                s.push_str(", ");
            }
            write!(s, "cred-{}", r.below(credentials)).expect("writing to a String");
        }
        s.push_str("] }\n");
    }
    s.push_str("  identities:\n");
    for i in 0..identities {
        let kind = r.pick(&[
            "service-account",
            "role",
            "oauth-app",
            "github-app",
            "bot-user",
        ]);
        write!(
            s,
            "    - {{ id: id-{i}, kind: {kind}, owner: team-{}, last_used: {}d",
            r.below(teams),
            r.below(400)
        )
        .expect("writing to a String");
        if r.below(2) == 0 {
            let mut other = r.below(identities);
            if other == i {
                other = (i + 1) % identities;
            }
            write!(s, ", can_assume: [id-{other}]").expect("writing to a String");
        }
        s.push_str(" }\n");
    }
    s.push_str("  credentials:\n");
    for c in 0..credentials {
        let kind = r.pick(&[
            "api-token",
            "access-key",
            "client-secret",
            "private-key",
            "pat",
        ]);
        let rotation = r.pick(&["manual", "managed", "none"]);
        writeln!(
            s,
            "    - {{ id: cred-{c}, kind: {kind}, authenticates: id-{}, age: {}d, rotation: {rotation} }}",
            r.below(identities),
            r.below(700)
        )
        .expect("writing to a String");
    }
    s.push_str("  resources:\n");
    for x in 0..resources {
        let kind = r.pick(&["database", "bucket", "cluster", "repo", "secret-store"]);
        let sens = r.pick(&[
            "public",
            "internal",
            "confidential",
            "restricted",
            "crown-jewel",
        ]);
        writeln!(
            s,
            "    - {{ id: res-{x}, kind: {kind}, sensitivity: {sens}, owner: team-{}, stores: [cred-{}, cred-{}] }}",
            r.below(teams),
            r.below(credentials),
            r.below(credentials)
        )
        .expect("writing to a String");
    }
    s.push_str("  grants:\n");
    for i in 0..identities {
        // Distinct resources per identity: one grant per pair.
        let first = r.below(resources);
        for k in 0..=r.below(3).min(resources - 1) {
            let perm = r.pick(&["read", "write", "admin"]);
            let used = r.below(4) != 0;
            writeln!(
                s,
                "    - {{ identity: id-{i}, resource: res-{}, permission: {perm}, used: {used} }}",
                (first + k) % resources
            )
            .expect("writing to a String");
        }
    }
    s.push_str(
        "injects:\n  - { id: leak, at: 0m, kind: credential-leak, credential: cred-0, via: public-repo }\n\
         adversary:\n  discovers_leak: 20m..90m\n  goals: [res-0]\n\
         objectives:\n  - { id: contain, text: \"Kill the leaked credential\", credential_invalid: cred-0, before_adversary_reaches: res-0 }\n\
         expert:\n  - { at: 10m, do: \"revoke cred-0\" }\n",
    );
    s
}

/// The smallest generated scenario of at least `bytes` bytes.
fn scenario_of_size(bytes: usize) -> String {
    let sample = scenario_text(10_000, 1).len();
    let nodes = bytes * 10_000 / sample + 1;
    let text = scenario_text(nodes, 1);
    if text.len() >= bytes {
        text
    } else {
        scenario_text(nodes + nodes / 20, 1)
    }
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("scenario_load");
    let cases = [
        ("1k_nodes".to_owned(), scenario_text(1_000, 1)),
        ("10k_nodes".to_owned(), scenario_text(10_000, 1)),
        ("100k_nodes".to_owned(), scenario_text(100_000, 1)),
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
