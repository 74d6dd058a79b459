//! Golden outputs of the DOT, Mermaid and edge-list exports.

use drillhall_estate::export::{to_dot, to_edge_list, to_mermaid};
use drillhall_estate::{
    CredentialKind, EdgeKind, Estate, IdentityKind, Node, NodeKind, Permission, ResourceKind,
    Sensitivity, WorkloadKind,
};

/// Every feature the exports show: all four classes, a hidden workload, a disabled
/// credential, a revoked edge, used, unused and `none` grants, and ids that Mermaid cannot
/// take as they are (`end` is a keyword; `ci-bot` and `ci_bot` collide once sanitised).
fn estate() -> Estate {
    let mut e = Estate::new();
    let mut nodes = vec![
        Node::new("api", NodeKind::Workload(WorkloadKind::Service)),
        Node::new("end", NodeKind::Workload(WorkloadKind::Job)),
        Node::new("api-token", NodeKind::Credential(CredentialKind::ApiToken)),
        Node::new("old \"key\"", NodeKind::Credential(CredentialKind::SshKey)),
        Node::new("ci-bot", NodeKind::Identity(IdentityKind::BotUser)),
        Node::new("ci_bot", NodeKind::Identity(IdentityKind::Role)),
        Node::new("db", NodeKind::Resource(ResourceKind::Database)),
        Node::new("logs", NodeKind::Resource(ResourceKind::LogStore)),
    ];
    nodes[1].hidden = true;
    nodes[6].sensitivity = Sensitivity::CrownJewel;
    for n in nodes {
        e.add_node(n).unwrap();
    }
    let grant = |permission, used| EdgeKind::Grants { permission, used };
    let mut revoked = None;
    for (from, to, kind) in [
        ("api", "api-token", EdgeKind::Holds),
        ("end", "old \"key\"", EdgeKind::Holds),
        ("api-token", "ci-bot", EdgeKind::Authenticates),
        ("old \"key\"", "ci_bot", EdgeKind::Authenticates),
        ("ci-bot", "ci_bot", EdgeKind::CanAssume),
        ("ci-bot", "db", grant(Permission::Read, true)),
        ("ci_bot", "db", grant(Permission::Admin, false)),
        ("ci-bot", "logs", grant(Permission::None, false)),
        ("logs", "old \"key\"", EdgeKind::Stores),
        ("ci_bot", "end", EdgeKind::Controls),
    ] {
        revoked = Some(e.connect(from, to, kind).unwrap());
    }
    e.set_edge_enabled(revoked.unwrap(), false);
    let old = e.find("old \"key\"").unwrap();
    e.set_enabled(old, false);
    e
}

#[test]
fn dot_groups_nodes_by_class_and_marks_unused_grants_and_disabled_things() {
    insta::assert_snapshot!("dot", to_dot(&estate()));
}

#[test]
fn mermaid_sanitises_ids_and_styles_unused_grants() {
    insta::assert_snapshot!("mermaid", to_mermaid(&estate()));
}

#[test]
fn the_edge_list_has_one_line_per_edge_with_grant_permissions() {
    insta::assert_snapshot!("edge_list", to_edge_list(&estate()));
}

#[test]
fn exports_of_an_empty_estate_are_well_formed() {
    let e = Estate::new();
    assert_eq!(
        to_dot(&e),
        "digraph estate {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n}\n"
    );
    assert_eq!(to_mermaid(&e), "flowchart LR\n");
    assert_eq!(to_edge_list(&e), "");
}
