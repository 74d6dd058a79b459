//! Synthetic estates of any size, for benchmarks and the CLI's `generate` command.
//!
//! [`estate`] builds the same *shape* as the project's peer-comparison generator
//! (`shared/peers/gen_estate.py`), so timings on both sides are on like graphs:
//!
//! - nodes in blocks, in this order: 25% workloads, 30% credentials, 40% identities,
//!   5% resources (node ids follow the blocks);
//! - workload `holds` credential, 1–3 each;
//! - credential `authenticates` identity, one each, 2% of them to a few *hub* roles
//!   (`max(5, identities / 10000)` of them);
//! - identity `grants` resource, Poisson(3.5) each, skewed towards a few popular resources
//!   (Zipf-like, exponent ≈ 1.3), and each hub grants `admin` on 2% of all resources
//!   (at least 10, at most 2000);
//! - identity `can-assume` identity, Poisson(1.5) each, 10% of them to hubs;
//! - resource `stores` credential, Poisson(4) each;
//! - resource `runs` workload: 30% of resources are compute and run Poisson(6) workloads;
//! - parallel edges are dropped (the first kept) and the edge order is shuffled.
//!
//! The average out-degree is about 3 and the `stores`/`runs` back edges tie most of the
//! estate into one mutually reachable cluster: a credential typically reaches about 60% of
//! the nodes. 1% of resources (at least 10) are crown jewels, the targets of
//! [`path_pairs`].
//!
//! The graph is not the Python one edge for edge: the random streams differ. The generator
//! uses a self-contained `SplitMix64` stream and integer-only sampling (no floating point,
//! no `rand`), so the same `(n, seed)` gives the same estate on every platform and with every
//! version of every dependency.

use std::collections::BTreeSet;

use crate::graph::{Estate, NodeId, Policy};
use crate::model::{
    CredentialKind, Criticality, EdgeKind, Env, IdentityKind, LastUsed, Node, NodeClass, NodeKind,
    Permission, ResourceKind, Rotation, Sensitivity, Team, Ticks, WorkloadKind,
};

/// One simulated day in ticks.
const DAY: Ticks = 24 * 60;

/// `SplitMix64` (Steele, Lea & Flood, 2014): tiny, fast and fully specified.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (multiply-shift; the bias is below 2⁻³² for our sizes). `n > 0`.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }

    /// True with probability `permille / 1000`.
    fn chance(&mut self, permille: u64) -> bool {
        self.next() % 1000 < permille
    }

    /// Poisson sample by Knuth's product of uniforms in 32-bit fixed point; `exp_neg_lambda`
    /// is `round(e^-λ · 2³²)`.
    fn poisson(&mut self, exp_neg_lambda: u64) -> usize {
        let mut p: u64 = 1 << 32;
        let mut k = 0;
        loop {
            p = (p * (self.next() >> 32)) >> 32;
            if p <= exp_neg_lambda {
                return k;
            }
            k += 1;
        }
    }

    /// A heavy-tailed rank `0, 1, 2, …` with `P(rank >= r)` roughly `r^-0.3`, the tail of a
    /// Zipf(1.3) draw minus one: pick an octave with probability decaying by `2^-0.3 ≈ 0.812`
    /// per octave, then a uniform value inside it.
    fn zipf_like(&mut self) -> usize {
        let mut octave = 0;
        while octave < 40 && self.chance(812) {
            octave += 1;
        }
        let low = 1usize << octave;
        low + self.below(low) - 1
    }

    /// `k` distinct values from `0..n`, in draw order (Floyd's algorithm would not keep draw
    /// order; rejection is fine because `k` is small next to `n`).
    fn distinct(&mut self, n: usize, k: usize) -> Vec<usize> {
        let k = k.min(n);
        let mut seen = BTreeSet::new();
        let mut out = Vec::with_capacity(k);
        while out.len() < k {
            let v = self.below(n);
            if seen.insert(v) {
                out.push(v);
            }
        }
        out
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// `round(e^-λ · 2³²)` for the Poisson means used below.
const EXP_NEG_1_5: u64 = 958_336_741;
const EXP_NEG_3_5: u64 = 129_696_774;
const EXP_NEG_4: u64 = 78_665_070;
const EXP_NEG_6: u64 = 10_646_160;

/// How many of each class [`estate`] makes for `n` nodes: `(workloads, credentials,
/// identities, resources)`.
pub fn class_sizes(n: usize) -> (usize, usize, usize, usize) {
    let workloads = n / 4;
    let credentials = n * 3 / 10;
    let identities = n * 2 / 5;
    (
        workloads,
        credentials,
        identities,
        n - workloads - credentials - identities,
    )
}

/// A deterministic synthetic estate of `n` nodes (see the module docs for its shape).
///
/// Node ids are `wl-…`, `cred-…`, `id-…` and `res-…` numbered within each class, owned by
/// `team-…` teams; about 3% of identities have no owner and 1% belong to a team that no
/// longer exists, credentials are up to 400 days old, and 2% of workloads and credentials
/// are hidden. The same `(n, seed)` always gives the same estate.
pub fn estate(n: usize, seed: u64) -> Estate {
    let mut rng = SplitMix64(seed ^ 0x6472_696C_6C68_616C); // "drillhal"
    let (nw, nc, ni, nr) = class_sizes(n);
    let (w0, c0, i0, r0) = (0, nw, nw + nc, nw + nc + ni);

    let mut est = Estate::new();
    est.set_policy(Policy::default());
    let team_count = (n / 2000).clamp(1, 64);
    let teams: Vec<String> = (0..team_count).map(|t| format!("team-{t:02}")).collect();
    for t in &teams {
        est.add_team(Team {
            id: t.clone(),
            members: vec![format!("{t}-lead")],
        });
    }

    let hubs: Vec<usize> = if ni == 0 {
        Vec::new()
    } else {
        rng.distinct(ni, (ni / 10_000).max(5))
            .into_iter()
            .map(|i| i0 + i)
            .collect()
    };
    let mut sorted_hubs = hubs.clone();
    sorted_hubs.sort_unstable();
    let jewels: BTreeSet<usize> = if nr == 0 {
        BTreeSet::new()
    } else {
        rng.distinct(nr, (nr / 100).max(10)).into_iter().collect()
    };
    let compute: Vec<bool> = (0..nr).map(|_| rng.chance(300)).collect();

    add_nodes(
        &mut est,
        &mut rng,
        (nw, nc, ni, nr),
        &teams,
        &sorted_hubs,
        &jewels,
        &compute,
    );

    // Edges as (from, to, kind), in generation order; deduplicated and shuffled below.
    let mut edges: Vec<(u32, u32, EdgeKind)> = Vec::with_capacity(n * 4);
    let mut push = |a: usize, b: usize, kind: EdgeKind| edges.push((a as u32, b as u32, kind));
    if nc > 0 {
        for w in w0..w0 + nw {
            for _ in 0..=rng.below(3) {
                push(w, c0 + rng.below(nc), EdgeKind::Holds);
            }
        }
    }
    if ni > 0 {
        for c in c0..c0 + nc {
            let to = if rng.chance(20) {
                rng.pick(&hubs)
            } else {
                i0 + rng.below(ni)
            };
            push(c, to, EdgeKind::Authenticates);
        }
    }
    if nr > 0 {
        // Popular resources are a random subset, so the skew does not follow node ids.
        let mut popularity: Vec<usize> = (0..nr).collect();
        shuffle(&mut rng, &mut popularity);
        for i in i0..i0 + ni {
            for _ in 0..rng.poisson(EXP_NEG_3_5) {
                let r = r0 + popularity[rng.zipf_like() % nr];
                let grant = random_grant(&mut rng);
                push(i, r, grant);
            }
        }
        let fan = (nr / 50).clamp(10, 2000);
        for &h in &hubs {
            for r in rng.distinct(nr, fan) {
                let used = rng.chance(500);
                let grant = EdgeKind::Grants {
                    permission: Permission::Admin,
                    used,
                };
                push(h, r0 + r, grant);
            }
        }
    }
    if ni > 1 {
        for i in i0..i0 + ni {
            for _ in 0..rng.poisson(EXP_NEG_1_5) {
                let to = if rng.chance(100) {
                    rng.pick(&hubs)
                } else {
                    i0 + rng.below(ni)
                };
                if to != i {
                    push(i, to, EdgeKind::CanAssume);
                }
            }
        }
    }
    for (k, r) in (r0..r0 + nr).enumerate() {
        if nc > 0 {
            for _ in 0..rng.poisson(EXP_NEG_4) {
                push(r, c0 + rng.below(nc), EdgeKind::Stores);
            }
        }
        if nw > 0 && compute[k] {
            for _ in 0..rng.poisson(EXP_NEG_6) {
                push(r, w0 + rng.below(nw), EdgeKind::Runs);
            }
        }
    }

    // Drop parallel edges, keeping the first, then shuffle the insertion order.
    let mut order: Vec<u32> = (0..edges.len() as u32).collect();
    order.sort_unstable_by_key(|&e| {
        let (a, b, _) = edges[e as usize];
        (a, b, e)
    });
    order.dedup_by_key(|e| {
        let (a, b, _) = edges[*e as usize];
        (a, b)
    });
    order.sort_unstable();
    shuffle(&mut rng, &mut order);
    for e in order {
        let (a, b, kind) = edges[e as usize];
        est.add_edge(NodeId(a), NodeId(b), kind)
            .expect("invariant: the generator joins the classes each edge kind joins");
    }
    est
}

/// Fisher–Yates shuffle.
fn shuffle<T>(rng: &mut SplitMix64, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        items.swap(i, rng.below(i + 1));
    }
}

/// A grant of an ordinary identity: 2% at `none`, 55% read, 30% write, 13% admin; a quarter
/// of them unused.
fn random_grant(rng: &mut SplitMix64) -> EdgeKind {
    let roll = rng.below(1000);
    let permission = match roll {
        0..20 => Permission::None,
        20..570 => Permission::Read,
        570..870 => Permission::Write,
        _ => Permission::Admin,
    };
    EdgeKind::Grants {
        permission,
        used: !rng.chance(250),
    }
}

/// Adds the nodes of every class in block order, with plausible attributes.
#[allow(clippy::too_many_arguments)]
fn add_nodes(
    est: &mut Estate,
    rng: &mut SplitMix64,
    (nw, nc, ni, nr): (usize, usize, usize, usize),
    teams: &[String],
    hubs: &[usize],
    jewels: &BTreeSet<usize>,
    compute: &[bool],
) {
    const ENVS: [Env; 4] = [Env::Prod, Env::Prod, Env::Staging, Env::Dev];
    const STORAGE: [ResourceKind; 8] = [
        ResourceKind::Database,
        ResourceKind::Bucket,
        ResourceKind::Repo,
        ResourceKind::SecretStore,
        ResourceKind::SaasTenant,
        ResourceKind::CiSystem,
        ResourceKind::Queue,
        ResourceKind::LogStore,
    ];
    let width = (nw.max(nc).max(ni).max(nr).max(1)).ilog10() as usize + 1;
    let owner = |rng: &mut SplitMix64| Some(teams[rng.below(teams.len())].clone());
    let add = |est: &mut Estate, node: Node| {
        est.add_node(node)
            .expect("invariant: generated ids are unique and the estate is small enough");
    };

    for i in 0..nw {
        let mut node = Node::new(
            format!("wl-{i:0width$}"),
            NodeKind::Workload(rng.pick(WorkloadKind::ALL)),
        );
        node.owner = owner(rng);
        node.env = Some(rng.pick(&ENVS));
        node.criticality = match rng.below(10) {
            0..4 => Criticality::Low,
            4..7 => Criticality::Medium,
            7..9 => Criticality::High,
            _ => Criticality::Critical,
        };
        node.internet_facing = rng.chance(50);
        node.hidden = rng.chance(20);
        add(est, node);
    }
    for i in 0..nc {
        let mut node = Node::new(
            format!("cred-{i:0width$}"),
            NodeKind::Credential(rng.pick(CredentialKind::ALL)),
        );
        node.owner = owner(rng);
        node.age = Some(rng.below(400) as Ticks * DAY);
        node.rotation = match rng.below(10) {
            0..6 => Rotation::Manual,
            6..9 => Rotation::Managed,
            _ => Rotation::None,
        };
        if rng.chance(100) {
            node.max_age = Some(30 * DAY);
        }
        node.last_used = match rng.below(10) {
            0 => LastUsed::Never,
            1 => LastUsed::Unknown,
            _ => LastUsed::Ago(rng.below(60) as Ticks * DAY),
        };
        node.hidden = rng.chance(20);
        add(est, node);
    }
    let i0 = nw + nc;
    for i in 0..ni {
        let hub = hubs.binary_search(&(i0 + i)).is_ok();
        let kind = if hub {
            IdentityKind::Role
        } else {
            rng.pick(&IdentityKind::ALL[..6])
        };
        let mut node = Node::new(format!("id-{i:0width$}"), NodeKind::Identity(kind));
        node.owner = match rng.below(100) {
            0..3 => None,
            3 => Some("team-disbanded".to_owned()),
            _ => owner(rng),
        };
        node.env = Some(rng.pick(&ENVS));
        node.last_used = match rng.below(10) {
            0 => LastUsed::Never,
            _ => LastUsed::Ago(rng.below(90) as Ticks * DAY),
        };
        add(est, node);
    }
    for (i, &compute) in compute.iter().enumerate() {
        let kind = if compute {
            ResourceKind::Cluster
        } else {
            rng.pick(&STORAGE)
        };
        let mut node = Node::new(format!("res-{i:0width$}"), NodeKind::Resource(kind));
        node.owner = owner(rng);
        node.env = Some(rng.pick(&ENVS));
        node.sensitivity = if jewels.contains(&i) {
            Sensitivity::CrownJewel
        } else {
            match rng.below(100) {
                0..20 => Sensitivity::Public,
                20..60 => Sensitivity::Internal,
                60..85 => Sensitivity::Confidential,
                _ => Sensitivity::Restricted,
            }
        };
        add(est, node);
    }
}

/// `count` deterministic `(credential, crown-jewel resource)` pairs of a synthetic estate,
/// the attack-path queries of the benchmarks. Empty if the estate has no credentials or no
/// crown jewels.
pub fn path_pairs(estate: &Estate, count: usize, seed: u64) -> Vec<(NodeId, NodeId)> {
    let credentials: Vec<NodeId> = estate.nodes_of(NodeClass::Credential).collect();
    let jewels: Vec<NodeId> = estate
        .nodes_of(NodeClass::Resource)
        .filter(|&r| estate.node(r).sensitivity == Sensitivity::CrownJewel)
        .collect();
    if credentials.is_empty() || jewels.is_empty() {
        return Vec::new();
    }
    let mut rng = SplitMix64(seed);
    (0..count)
        .map(|_| (rng.pick(&credentials), rng.pick(&jewels)))
        .collect()
}

/// `count` distinct deterministic credentials of an estate (all of them if it has fewer),
/// the blast-radius sources of the benchmarks.
pub fn credentials(estate: &Estate, count: usize, seed: u64) -> Vec<NodeId> {
    let all: Vec<NodeId> = estate.nodes_of(NodeClass::Credential).collect();
    let mut rng = SplitMix64(seed);
    rng.distinct(all.len(), count)
        .into_iter()
        .map(|i| all[i])
        .collect()
}
