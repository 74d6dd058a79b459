//! Behaviour of the analyses on small hand-made estates with known answers, and a
//! cross-check of the fast searches against a plain reference on synthetic estates.

// Graph tests read best with graph names: e (estate), s and t (source, target), u and v.
#![allow(clippy::many_single_char_names)]

use drillhall_estate::{
    Condensation, CondensedSearcher, CredentialKind, Criticality, EdgeId, EdgeKind, Estate,
    IdentityKind, Node, NodeClass, NodeId, NodeKind, OrphanReason, Permission, ResourceKind,
    Rotation, Searcher, Sensitivity, Snapshot, StaleReason, Team, TreeLine, WorkloadKind,
    attack_paths, blast_radius, dependents, orphaned_identities, over_privileged_grants,
    stale_credentials, synthetic,
};

const DAY: u64 = 24 * 60;

fn workload(id: &str, criticality: Criticality) -> Node {
    let mut n = Node::new(id, NodeKind::Workload(WorkloadKind::Service));
    n.criticality = criticality;
    n
}

fn credential(id: &str) -> Node {
    Node::new(id, NodeKind::Credential(CredentialKind::ApiToken))
}

fn identity(id: &str, owner: Option<&str>) -> Node {
    let mut n = Node::new(id, NodeKind::Identity(IdentityKind::ServiceAccount));
    n.owner = owner.map(str::to_owned);
    n
}

fn resource(id: &str, kind: ResourceKind, sensitivity: Sensitivity) -> Node {
    let mut n = Node::new(id, NodeKind::Resource(kind));
    n.sensitivity = sensitivity;
    n
}

fn grants(permission: Permission, used: bool) -> EdgeKind {
    EdgeKind::Grants { permission, used }
}

/// A small payments estate:
///
/// ```text
/// api --holds--> api-token --authenticates--> svc-api <--can-assume--> svc-reports
/// svc-api --grants:read--> bucket            svc-api --grants:none--> payments-db
/// svc-reports --grants:read (unused)--> vault --stores--> deploy-key
/// ci --holds--> deploy-key --authenticates--> deployer --grants:admin--> payments-db
/// deployer --controls--> api ; cluster --runs--> ci
/// ```
fn payments() -> Estate {
    let mut e = Estate::new();
    e.add_team(Team {
        id: "payments".into(),
        members: vec!["ana".into()],
    });
    e.add_node(workload("api", Criticality::High)).unwrap();
    let mut ci = workload("ci", Criticality::Critical);
    ci.hidden = true;
    e.add_node(ci).unwrap();
    let mut token = credential("api-token");
    token.age = Some(200 * DAY);
    e.add_node(token).unwrap();
    let mut key = credential("deploy-key");
    key.age = Some(40 * DAY);
    key.max_age = Some(30 * DAY);
    e.add_node(key).unwrap();
    e.add_node(identity("svc-api", Some("payments"))).unwrap();
    e.add_node(identity("svc-reports", Some("reporting")))
        .unwrap();
    e.add_node(identity("deployer", None)).unwrap();
    e.add_node(resource(
        "payments-db",
        ResourceKind::Database,
        Sensitivity::CrownJewel,
    ))
    .unwrap();
    e.add_node(resource(
        "bucket",
        ResourceKind::Bucket,
        Sensitivity::Internal,
    ))
    .unwrap();
    e.add_node(resource(
        "vault",
        ResourceKind::SecretStore,
        Sensitivity::Restricted,
    ))
    .unwrap();
    e.add_node(resource(
        "cluster",
        ResourceKind::Cluster,
        Sensitivity::Internal,
    ))
    .unwrap();
    for (from, to, kind) in [
        ("api", "api-token", EdgeKind::Holds),
        ("api-token", "svc-api", EdgeKind::Authenticates),
        ("svc-api", "svc-reports", EdgeKind::CanAssume),
        ("svc-reports", "svc-api", EdgeKind::CanAssume),
        ("svc-api", "bucket", grants(Permission::Read, true)),
        ("svc-api", "payments-db", grants(Permission::None, false)),
        ("svc-reports", "vault", grants(Permission::Read, false)),
        ("vault", "deploy-key", EdgeKind::Stores),
        ("ci", "deploy-key", EdgeKind::Holds),
        ("deploy-key", "deployer", EdgeKind::Authenticates),
        ("deployer", "payments-db", grants(Permission::Admin, true)),
        ("deployer", "api", EdgeKind::Controls),
        ("cluster", "ci", EdgeKind::Runs),
    ] {
        e.connect(from, to, kind).unwrap();
    }
    e
}

fn id(e: &Estate, name: &str) -> NodeId {
    e.find(name).unwrap()
}

fn names(e: &Estate, nodes: &[NodeId]) -> Vec<String> {
    nodes.iter().map(|&v| e.node(v).id.clone()).collect()
}

#[test]
fn a_token_reaches_the_database_through_a_can_assume_cycle_and_a_stored_key() {
    let e = payments();
    let blast = blast_radius(&e, id(&e, "api-token"));
    let path = blast.path_to(id(&e, "payments-db"));
    assert_eq!(
        names(&e, &path),
        [
            "api-token",
            "svc-api",
            "svc-reports",
            "vault",
            "deploy-key",
            "deployer",
            "payments-db"
        ]
    );
    assert_eq!(blast.get(id(&e, "payments-db")).unwrap().hops, 6);
    // The cycle back to svc-api and the controls edge back to the start's holder are seen once.
    assert_eq!(blast.get(id(&e, "api")).unwrap().hops, 6);
    assert!(blast.get(id(&e, "api-token")).is_none());
    assert!(blast.contains(id(&e, "api-token")));
    assert_eq!(
        blast.path_to(id(&e, "api-token")),
        vec![id(&e, "api-token")]
    );
    // Nothing runs the cluster, and nothing reaches `ci` but the cluster.
    assert!(!blast.contains(id(&e, "cluster")));
    assert!(!blast.contains(id(&e, "ci")));
    assert!(blast.path_to(id(&e, "ci")).is_empty());
    assert_eq!(blast.len(), 8);
    let edges = blast.edges_to(id(&e, "payments-db"));
    assert_eq!(edges.len(), 6);
    assert_eq!(e.endpoints(edges[5]).1, id(&e, "payments-db"));
}

#[test]
fn blast_radius_ranks_by_sensitivity_then_criticality_then_hops_then_declaration() {
    let e = payments();
    let blast = blast_radius(&e, id(&e, "api-token"));
    let ranked: Vec<NodeId> = blast.reached().iter().map(|r| r.node).collect();
    assert_eq!(
        names(&e, &ranked),
        [
            "payments-db", // crown jewel
            "vault",       // restricted
            "bucket",      // internal
            "api",         // high-criticality workload
            "svc-api",     // hops 1
            "svc-reports", // hops 2
            "deploy-key",  // hops 4, declared before deployer
            "deployer",    // hops 5
        ]
    );
}

#[test]
fn the_blast_tree_prints_each_node_under_its_cheapest_parent() {
    let e = payments();
    let blast = blast_radius(&e, id(&e, "api-token"));
    let tree = blast.tree();
    assert_eq!(tree.root(), id(&e, "api-token"));
    assert_eq!(
        names(&e, tree.children(id(&e, "svc-api"))),
        ["bucket", "svc-reports"]
    );
    let lines: Vec<String> = tree
        .preorder()
        .into_iter()
        .map(|(depth, v)| format!("{}{}", "  ".repeat(depth as usize), e.node(v).id))
        .collect();
    assert_eq!(
        lines.join("\n"),
        "api-token\n  svc-api\n    bucket\n    svc-reports\n      vault\n        deploy-key\n          deployer\n            payments-db\n            api"
    );
}

#[test]
fn a_grant_at_none_gives_no_access() {
    let mut e = payments();
    // Without the long way round, svc-api's `none` grant is the only edge to the database.
    let stores = e
        .find_edge(id(&e, "vault"), id(&e, "deploy-key"), |_| true)
        .unwrap();
    e.set_edge_enabled(stores, false);
    let blast = blast_radius(&e, id(&e, "api-token"));
    assert!(!blast.contains(id(&e, "payments-db")));
    let paths = attack_paths(&e, id(&e, "api-token"), id(&e, "payments-db"), 5);
    assert_eq!(paths.hops, None);
    assert!(paths.paths.is_empty() && !paths.truncated);
}

#[test]
fn a_disabled_credential_cuts_the_path_to_the_database() {
    let mut e = payments();
    let before = attack_paths(&e, id(&e, "api-token"), id(&e, "payments-db"), 5);
    assert_eq!(before.hops, Some(6));
    e.set_enabled(id(&e, "deploy-key"), false);
    let blast = blast_radius(&e, id(&e, "api-token"));
    assert!(!blast.contains(id(&e, "payments-db")));
    assert!(!blast.contains(id(&e, "deploy-key")));
    assert!(blast.contains(id(&e, "vault")));
    let mut searcher = Searcher::new();
    let snap = Snapshot::build(&e);
    assert_eq!(
        searcher.shortest_path_len(&snap, id(&e, "api-token"), id(&e, "payments-db")),
        None
    );
    // A disabled start reaches nothing, and a disabled target is out of reach.
    assert_eq!(searcher.reach_count(&snap, id(&e, "deploy-key")), 0);
    assert!(blast_radius(&e, id(&e, "deploy-key")).is_empty());
    assert_eq!(
        searcher.shortest_path_len(&snap, id(&e, "vault"), id(&e, "deploy-key")),
        None
    );
}

#[test]
fn a_revoked_grant_cuts_the_path_to_the_database() {
    let mut e = payments();
    let admin = e
        .find_edge(id(&e, "deployer"), id(&e, "payments-db"), |_| true)
        .unwrap();
    e.set_edge_enabled(admin, false);
    assert!(!blast_radius(&e, id(&e, "api-token")).contains(id(&e, "payments-db")));
    assert_eq!(
        attack_paths(&e, id(&e, "api-token"), id(&e, "payments-db"), 5).hops,
        None
    );
}

#[test]
fn a_node_is_zero_hops_from_itself() {
    let e = payments();
    let db = id(&e, "payments-db");
    let paths = attack_paths(&e, db, db, 5);
    assert_eq!(paths.hops, Some(0));
    assert_eq!(paths.paths.len(), 1);
    assert_eq!(paths.paths[0].nodes, vec![db]);
    assert!(paths.paths[0].edges.is_empty());
}

/// `s` reaches `t` through `width` parallel middles per layer over `layers` layers; middles
/// are declared in reverse so that declaration order and insertion order disagree.
fn lattice(width: usize, layers: usize) -> Estate {
    let mut e = Estate::new();
    e.add_node(identity("s", None)).unwrap();
    for l in 0..layers {
        for m in (0..width).rev() {
            e.add_node(identity(&format!("m{l}-{m}"), None)).unwrap();
        }
    }
    e.add_node(identity("t", None)).unwrap();
    let layer = |l: usize| -> Vec<String> { (0..width).map(|m| format!("m{l}-{m}")).collect() };
    for m in layer(0) {
        e.connect("s", &m, EdgeKind::CanAssume).unwrap();
    }
    for l in 1..layers {
        for a in layer(l - 1) {
            for b in layer(l) {
                e.connect(&a, &b, EdgeKind::CanAssume).unwrap();
            }
        }
    }
    for m in layer(layers - 1) {
        e.connect(&m, "t", EdgeKind::CanAssume).unwrap();
    }
    e
}

#[test]
fn ties_between_equally_short_paths_go_to_the_lowest_node_ids() {
    let e = lattice(3, 2);
    let (s, t) = (id(&e, "s"), id(&e, "t"));
    // m0-2 is declared first (lowest id) but its edges were inserted last.
    let blast = blast_radius(&e, s);
    assert_eq!(names(&e, &blast.path_to(t)), ["s", "m0-2", "m1-2", "t"]);
    let paths = attack_paths(&e, s, t, 100);
    assert_eq!(paths.hops, Some(3));
    assert_eq!(paths.paths.len(), 9);
    assert!(!paths.truncated);
    let seqs: Vec<Vec<NodeId>> = paths.paths.iter().map(|p| p.nodes.clone()).collect();
    let mut sorted = seqs.clone();
    sorted.sort();
    assert_eq!(seqs, sorted);
    assert_eq!(seqs[0], blast.path_to(t));
    assert_eq!(names(&e, &seqs[1]), ["s", "m0-2", "m1-1", "t"]);
}

#[test]
fn the_cap_on_attack_paths_keeps_the_first_ones_and_says_more_exist() {
    let e = lattice(3, 2);
    let (s, t) = (id(&e, "s"), id(&e, "t"));
    let all = attack_paths(&e, s, t, 100);
    let capped = attack_paths(&e, s, t, 4);
    assert_eq!(capped.paths, all.paths[..4]);
    assert!(capped.truncated);
    let exact = attack_paths(&e, s, t, 9);
    assert_eq!(exact.paths.len(), 9);
    assert!(!exact.truncated);
    let none = attack_paths(&e, s, t, 0);
    assert!(none.paths.is_empty() && none.truncated);
    assert_eq!(none.hops, Some(3));
}

#[test]
fn parallel_edges_give_one_path_through_the_lowest_live_edge() {
    let mut e = Estate::new();
    e.add_node(identity("a", None)).unwrap();
    e.add_node(resource(
        "db",
        ResourceKind::Database,
        Sensitivity::Restricted,
    ))
    .unwrap();
    let none = e
        .connect("a", "db", grants(Permission::None, true))
        .unwrap();
    let read = e
        .connect("a", "db", grants(Permission::Read, true))
        .unwrap();
    let admin = e
        .connect("a", "db", grants(Permission::Admin, true))
        .unwrap();
    let paths = attack_paths(&e, id(&e, "a"), id(&e, "db"), 10);
    assert_eq!(paths.paths.len(), 1);
    assert_eq!(paths.paths[0].edges, vec![read]);
    assert_eq!(blast_radius(&e, id(&e, "a")).reached()[0].via, read);
    e.set_edge_enabled(read, false);
    assert_eq!(
        attack_paths(&e, id(&e, "a"), id(&e, "db"), 10).paths[0].edges,
        vec![admin]
    );
    assert_ne!(none, admin);
}

#[test]
fn unused_grants_above_none_are_over_privileged() {
    let mut e = payments();
    let found = over_privileged_grants(&e);
    assert_eq!(found.len(), 1, "the `none` grant is not over-privilege");
    let g = found[0];
    assert_eq!(
        (g.identity, g.resource, g.permission),
        (id(&e, "svc-reports"), id(&e, "vault"), Permission::Read)
    );
    assert_eq!(e.endpoints(g.edge), (g.identity, g.resource));
    e.set_edge_enabled(g.edge, false);
    assert!(
        over_privileged_grants(&e).is_empty(),
        "a revoked grant is fixed"
    );
}

#[test]
fn identities_without_an_owner_or_with_an_unknown_team_are_orphaned() {
    let mut e = payments();
    let found = orphaned_identities(&e);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].identity, id(&e, "svc-reports"));
    assert_eq!(
        found[0].reason,
        OrphanReason::UnknownTeam("reporting".into())
    );
    assert_eq!(found[1].identity, id(&e, "deployer"));
    assert_eq!(found[1].reason, OrphanReason::NoOwner);
    e.set_enabled(id(&e, "deployer"), false);
    assert_eq!(orphaned_identities(&e).len(), 1);
}

#[test]
fn credentials_past_their_own_limit_or_the_policy_are_stale() {
    let mut e = payments();
    let mut fresh_unrotated = credential("forever-key");
    fresh_unrotated.age = Some(100 * DAY);
    fresh_unrotated.max_age = Some(365 * DAY);
    fresh_unrotated.rotation = Rotation::None;
    e.add_node(fresh_unrotated).unwrap();
    let mut young = credential("young-key");
    young.age = Some(10 * DAY);
    young.rotation = Rotation::None;
    e.add_node(young).unwrap();
    e.add_node(credential("unknown-age")).unwrap();

    let found = stale_credentials(&e);
    let summary: Vec<(String, u64, u64, StaleReason, bool)> = found
        .iter()
        .map(|s| {
            (
                e.node(s.credential).id.clone(),
                s.age / DAY,
                s.limit / DAY,
                s.reason,
                s.no_rotation,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("api-token".into(), 200, 90, StaleReason::PastPolicy, false),
            (
                "deploy-key".into(),
                40,
                30,
                StaleReason::PastOwnMaxAge,
                false
            ),
            ("forever-key".into(), 100, 90, StaleReason::NoRotation, true),
        ]
    );
}

#[test]
fn a_credential_is_depended_on_by_the_workloads_that_hold_it_hidden_ones_included() {
    let mut e = payments();
    let key = id(&e, "deploy-key");
    let mut shadow = workload("shadow-job", Criticality::Low);
    shadow.hidden = false;
    e.add_node(shadow).unwrap();
    e.connect("shadow-job", "deploy-key", EdgeKind::Holds)
        .unwrap();
    e.connect("shadow-job", "deploy-key", EdgeKind::Holds)
        .unwrap();
    let deps = dependents(&e, key);
    assert_eq!(
        names(&e, &deps.iter().map(|d| d.workload).collect::<Vec<_>>()),
        ["ci", "shadow-job"]
    );
    assert!(deps[0].hidden && deps[0].enabled);
    assert!(!deps[1].hidden);
    // The vault stores the key but does not break without it.
    assert!(deps.iter().all(|d| d.workload != id(&e, "vault")));
    let first_hold = e.find_edge(id(&e, "shadow-job"), key, |_| true).unwrap();
    assert_eq!(deps[1].via, first_hold);
    e.set_edge_enabled(first_hold, false);
    assert_ne!(dependents(&e, key)[1].via, first_hold);
    e.set_enabled(id(&e, "ci"), false);
    assert!(!dependents(&e, key)[0].enabled);
    assert!(
        dependents(&e, id(&e, "api-token"))
            .iter()
            .all(|d| !d.hidden)
    );
}

// --- Cross-checks against a plain reference on synthetic estates -------------------------

/// Plain BFS distances on the estate itself (forward or backward).
fn reference_dist(e: &Estate, from: NodeId, forward: bool) -> Vec<Option<u32>> {
    let mut dist = vec![None; e.node_count()];
    if !e.is_enabled(from) {
        return dist;
    }
    dist[from.index()] = Some(0);
    let mut queue = std::collections::VecDeque::from([from]);
    while let Some(u) = queue.pop_front() {
        let next = if forward {
            e.out_edges(u)
        } else {
            e.in_edges(u)
        };
        for (edge, v) in next {
            let ed = e.edge(edge);
            if ed.enabled && ed.kind.traversable() && e.is_enabled(v) && dist[v.index()].is_none() {
                dist[v.index()] = Some(dist[u.index()].unwrap() + 1);
                queue.push_back(v);
            }
        }
    }
    dist
}

/// Every shortest path as node sequences, sorted.
fn reference_paths(e: &Estate, s: NodeId, t: NodeId) -> Vec<Vec<NodeId>> {
    let ds = reference_dist(e, s, true);
    let dt = reference_dist(e, t, false);
    let Some(total) = ds[t.index()] else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut stack = vec![vec![s]];
    while let Some(path) = stack.pop() {
        let u = *path.last().unwrap();
        if u == t {
            out.push(path);
            continue;
        }
        let k = path.len() as u32;
        for (edge, v) in e.out_edges(u) {
            let ed = e.edge(edge);
            if ed.enabled
                && ed.kind.traversable()
                && ds[v.index()] == Some(k)
                && dt[v.index()] == Some(total - k)
            {
                let mut p = path.clone();
                p.push(v);
                stack.push(p);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

fn check_against_reference(e: &Estate, snap: &Snapshot, searcher: &mut Searcher, seed: u64) {
    let starts = synthetic::credentials(e, 6, seed);
    check_condensation(e, snap, searcher, &starts);
    let targets: Vec<NodeId> = e.node_ids().step_by(7).collect();
    for &s in &starts {
        let ds = reference_dist(e, s, true);
        let blast = searcher.blast_radius(snap, s);
        let reach = ds.iter().flatten().count().saturating_sub(1);
        assert_eq!(blast.len(), reach);
        assert_eq!(searcher.reach_count(snap, s), reach);
        for r in blast.reached() {
            assert_eq!(Some(r.hops), ds[r.node.index()]);
            assert_eq!(e.endpoints(r.via), (r.parent, r.node));
        }
        for &t in &targets {
            let want = reference_paths(e, s, t);
            let len = searcher.shortest_path_len(snap, s, t);
            assert_eq!(len, ds[t.index()], "distance {s:?} -> {t:?}");
            let got = searcher.attack_paths(snap, s, t, 50);
            let seqs: Vec<Vec<NodeId>> = got.paths.iter().map(|p| p.nodes.clone()).collect();
            let cap = want.len().min(50);
            assert_eq!(seqs, want[..cap], "paths {s:?} -> {t:?}");
            assert_eq!(got.truncated, want.len() > 50);
            for p in &got.paths {
                for (i, &edge) in p.edges.iter().enumerate() {
                    assert_eq!(e.endpoints(edge), (p.nodes[i], p.nodes[i + 1]));
                    assert!(snap.is_edge_live(edge));
                }
            }
            if let Some(first) = want.first()
                && s != t
            {
                assert_eq!(&blast.path_to(t), first, "cheapest path is the first");
            }
        }
    }
}

/// The condensation's counts against the reference distances and the blast radius, from
/// every start given and from every 5th node (identities, workloads and resources included).
fn check_condensation(e: &Estate, snap: &Snapshot, searcher: &mut Searcher, starts: &[NodeId]) {
    let cond = Condensation::build(snap);
    assert!(cond.is_current(snap));
    let mut cs = CondensedSearcher::new();
    let more: Vec<NodeId> = e.node_ids().step_by(5).collect();
    for &s in starts.iter().chain(&more) {
        let reach = reference_dist(e, s, true)
            .iter()
            .flatten()
            .count()
            .saturating_sub(1);
        assert_eq!(cs.reach_count(&cond, s), reach, "reach of {s:?}");
        let blast = searcher.blast_radius(snap, s);
        for min in [
            Sensitivity::Public,
            Sensitivity::Restricted,
            Sensitivity::CrownJewel,
        ] {
            // The blast radius ranks resources by sensitivity, then hops: re-sort by id.
            let mut want: Vec<(std::cmp::Reverse<Sensitivity>, NodeId)> = blast
                .reached()
                .iter()
                .map(|r| e.node(r.node))
                .zip(blast.reached())
                .filter(|(n, _)| n.class() == NodeClass::Resource && n.sensitivity >= min)
                .map(|(n, r)| (std::cmp::Reverse(n.sensitivity), r.node))
                .collect();
            want.sort();
            let want: Vec<NodeId> = want.into_iter().map(|(_, v)| v).collect();
            assert_eq!(cs.sensitive_resources(&cond, s, min), want, "{s:?} {min:?}");
            assert_eq!(cs.sensitive_count(&cond, s, min), want.len());
            assert_eq!(
                searcher.sensitive_count(snap, s, min),
                want.len(),
                "{s:?} {min:?}"
            );
        }
    }
}

#[test]
fn the_condensation_of_a_can_assume_cycle_counts_like_a_search() {
    let e = payments();
    let snap = Snapshot::build(&e);
    let cond = Condensation::build(&snap);
    // api holds the token of svc-api, which reaches the vault through svc-reports, whose
    // deploy key lets deployer control api again: one component of those seven.
    assert_eq!(cond.largest_component(), 7);
    let cycle = cond.component_of(id(&e, "api"));
    for v in [
        "api-token",
        "svc-api",
        "svc-reports",
        "vault",
        "deploy-key",
        "deployer",
    ] {
        assert_eq!(cond.component_of(id(&e, v)), cycle, "{v}");
    }
    assert_ne!(cond.component_of(id(&e, "payments-db")), cycle);
    let mut cs = CondensedSearcher::new();
    let start = id(&e, "api-token");
    assert_eq!(cs.reach_count(&cond, start), blast_radius(&e, start).len());
    assert_eq!(
        names(
            &e,
            &cs.sensitive_resources(&cond, start, Sensitivity::Restricted)
        ),
        ["payments-db", "vault"]
    );
    check_condensation(&e, &snap, &mut Searcher::new(), &[start]);
}

#[test]
fn walking_a_blast_tree_yields_the_preorder_lazily_with_last_child_marks() {
    let e = synthetic::estate(3_000, 5);
    let start = synthetic::credentials(&e, 1, 5)[0];
    let blast = blast_radius(&e, start);
    let tree = blast.tree();
    assert_eq!(tree.len(), blast.len() + 1);
    let all = tree.preorder();
    assert_eq!(all.len(), tree.len());
    let first: Vec<TreeLine> = tree.walk().take(25).collect();
    for (line, &(depth, node)) in first.iter().zip(&all) {
        assert_eq!((line.depth, line.node), (depth, node));
        if line.depth > 0 {
            let parent = blast
                .get(line.node)
                .expect("a tree node was reached")
                .parent;
            let siblings = tree.children(parent);
            assert_eq!(line.last, siblings.last() == Some(&line.node));
        }
    }
    // Every reached node appears once, under its parent.
    let mut seen: Vec<NodeId> = all.iter().map(|&(_, v)| v).collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), all.len());
}

#[test]
fn fast_searches_agree_with_a_plain_reference_on_synthetic_estates() {
    let mut searcher = Searcher::new();
    for seed in 0..6 {
        let mut e = synthetic::estate(120 + seed as usize * 40, seed);
        let snap = Snapshot::build(&e);
        check_against_reference(&e, &snap, &mut searcher, seed);
        // Disable a few nodes and edges and check again on a fresh snapshot.
        let nodes: Vec<NodeId> = e.node_ids().skip(3).step_by(11).collect();
        for v in nodes {
            e.set_enabled(v, false);
        }
        let edges: Vec<EdgeId> = e.edge_ids().step_by(9).collect();
        for x in edges {
            e.set_edge_enabled(x, false);
        }
        check_against_reference(&e, &Snapshot::build(&e), &mut searcher, seed + 100);
    }
}

#[test]
fn patching_a_snapshot_answers_like_a_fresh_rebuild() {
    let mut e = synthetic::estate(5_000, 7);
    let mut patched = Snapshot::build(&e);
    let mut searcher = Searcher::new();
    let starts = synthetic::credentials(&e, 5, 3);
    let pairs = synthetic::path_pairs(&e, 20, 3);
    let before: Vec<usize> = starts
        .iter()
        .map(|&s| searcher.reach_count(&patched, s))
        .collect();

    // Revoke every 13th credential and every 17th edge, as the engine would.
    let creds: Vec<NodeId> = synthetic::credentials(&e, 100, 9);
    for &c in &creds {
        e.set_enabled(c, false);
        patched.set_node_enabled(c, false);
    }
    let edges: Vec<EdgeId> = e.edge_ids().step_by(17).collect();
    for &x in &edges {
        e.set_edge_enabled(x, false);
        patched.set_edge_enabled(x, false);
    }
    patched.mark_current(&e);
    let fresh = Snapshot::build(&e);
    assert_eq!(patched, fresh);
    let mut other = Searcher::new();
    for &s in &starts {
        assert_eq!(
            searcher.blast_radius(&patched, s),
            other.blast_radius(&fresh, s)
        );
    }
    for &(s, t) in &pairs {
        assert_eq!(
            searcher.attack_paths(&patched, s, t, 20),
            other.attack_paths(&fresh, s, t, 20)
        );
    }
    let after: Vec<usize> = starts
        .iter()
        .map(|&s| searcher.reach_count(&patched, s))
        .collect();
    assert!(after.iter().zip(&before).all(|(a, b)| a <= b));
    // The count-only search (which turns bottom-up on the giant component, reading the
    // reverse rows' blocked flags) agrees with the ranked search on the rebuilt snapshot.
    for (&s, &count) in starts.iter().zip(&after) {
        assert_eq!(count, other.blast_radius(&fresh, s).len(), "reach of {s:?}");
    }
    assert!(
        after.iter().any(|&c| c > 1_000),
        "the starts reach the giant component"
    );

    // Re-enabling through the patch path restores the original answers.
    for &c in &creds {
        patched.set_node_enabled(c, true);
    }
    for &x in &edges {
        patched.set_edge_enabled(x, true);
    }
    let restored: Vec<usize> = starts
        .iter()
        .map(|&s| searcher.reach_count(&patched, s))
        .collect();
    assert_eq!(restored, before);
}

#[test]
fn the_synthetic_estate_is_deterministic_and_shaped_like_the_peers_generator() {
    let a = synthetic::estate(20_000, 42);
    let b = synthetic::estate(20_000, 42);
    let c = synthetic::estate(20_000, 43);
    let edges = |e: &Estate| -> Vec<(NodeId, NodeId, EdgeKind)> {
        e.edge_ids()
            .map(|x| {
                let (f, t) = e.endpoints(x);
                (f, t, e.edge(x).kind)
            })
            .collect()
    };
    assert_eq!(edges(&a), edges(&b));
    assert_ne!(edges(&a), edges(&c));
    assert_eq!(synthetic::class_sizes(20_000), (5_000, 6_000, 8_000, 1_000));
    assert_eq!(a.node(NodeId(0)).id, "wl-0000");
    assert_eq!(a.node(NodeId(5_000)).id, "cred-0000");
    let degree = a.edge_count() * 100 / a.node_count();
    assert!(
        (250..=350).contains(&degree),
        "average out-degree {degree}/100"
    );
    let snap = Snapshot::build(&a);
    let mut searcher = Searcher::new();
    let reaches: Vec<usize> = synthetic::credentials(&a, 20, 1)
        .iter()
        .map(|&s| searcher.reach_count(&snap, s) * 100 / a.node_count())
        .collect();
    let big = reaches.iter().filter(|&&r| (50..=75).contains(&r)).count();
    assert!(
        big >= 14,
        "most credentials reach the large cluster: {reaches:?}"
    );
    assert_eq!(synthetic::path_pairs(&a, 100, 1).len(), 100);
    for n in 0..64 {
        assert_eq!(
            synthetic::estate(n, 1).node_count(),
            n,
            "tiny estates build too"
        );
    }
}
