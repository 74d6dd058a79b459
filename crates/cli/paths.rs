//! `drillhall paths SCENARIO --from ID [--to ID]`: what a foothold reaches, and how.
//!
//! Without `--to`, the blast radius of the node: every node an attacker holding it can
//! reach, as a tree of cheapest paths, then the reached resources ranked by sensitivity.
//! With `--to`, every shortest attack path between the two nodes, up to a cap. Unused grants
//! on the way are flagged: they are the privilege that widens a blast radius for nothing.

use std::path::PathBuf;

use drillhall_estate::{
    AttackPaths, BlastRadius, EdgeId, EdgeKind, Estate, NodeClass, NodeId, attack_paths,
    blast_radius,
};
use serde::Serialize;

use crate::input;
use crate::outcome::{self, CliError, Outcome};
use crate::style::{Style, Styles, Tone};

const EXAMPLES: &str = "\
Examples:
  drillhall paths scenarios/leaked-ci-deploy-token.yaml --from tok-deploy
  drillhall paths scenarios/leaked-ci-deploy-token.yaml --from tok-deploy --to prod-db
  drillhall paths scenarios/leaked-ci-deploy-token.yaml --from tok-deploy --json

Edges read \"whoever controls the source can obtain or act as the target\"; `grants:admin`
is a grant with its permission, and `⚠ unused` marks a grant the estate never exercises.";

/// Show what a node reaches (its blast radius), or the shortest attack paths to a target.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The scenario file.
    #[arg(value_name = "SCENARIO")]
    scenario: PathBuf,
    /// Where the attacker starts: a credential, identity, workload or resource id.
    #[arg(long, value_name = "ID")]
    from: String,
    /// What the attacker wants; prints the shortest attack paths instead of the blast radius.
    #[arg(long, value_name = "ID")]
    to: Option<String>,
    /// With `--to`: print at most this many shortest paths.
    #[arg(long, value_name = "N", default_value_t = 10)]
    max_paths: usize,
    /// Without `--to`: print at most this many nodes of the tree and of the resource ranking
    /// (`--json` always lists everything).
    #[arg(long, value_name = "N", default_value_t = 200)]
    max_nodes: usize,
    /// Print the result as JSON on stdout.
    #[arg(long)]
    json: bool,
}

/// Runs the analysis and prints it.
pub fn run(args: &Args, styles: Styles) -> Result<Outcome, CliError> {
    let scenario = input::scenario(&args.scenario)?;
    let estate = scenario.initial_estate();
    let file = args.scenario.display().to_string();
    let from = lookup(estate, &args.from, &file)?;
    let to = args
        .to
        .as_deref()
        .map(|id| lookup(estate, id, &file))
        .transpose()?;
    let text = match to {
        None => {
            let radius = blast_radius(estate, from);
            if args.json {
                json(&blast_json(scenario.id(), estate, &radius))
            } else {
                blast_text(scenario.id(), estate, &radius, args.max_nodes, styles.out)
            }
        }
        Some(to) => {
            let paths = attack_paths(estate, from, to, args.max_paths);
            if args.json {
                json(&paths_json(scenario.id(), estate, &paths))
            } else {
                paths_text(estate, &paths, args.max_paths, styles.out)
            }
        }
    };
    outcome::print(&text)?;
    Ok(Outcome::Success)
}

/// The node with this id, or an error with the closest id the scenario declares.
fn lookup(estate: &Estate, id: &str, file: &str) -> Result<NodeId, CliError> {
    estate.find(id).ok_or_else(|| CliError::UnknownId {
        id: id.to_owned(),
        scenario: file.to_owned(),
        suggestion: drillhall_scenario::command::closest(
            id,
            estate.node_ids().map(|v| estate.node(v).id.as_str()),
        )
        .map(str::to_owned),
    })
}

fn json(value: &impl Serialize) -> String {
    let mut text =
        serde_json::to_string_pretty(value).expect("invariant: the report is plain data");
    text.push('\n');
    text
}

/// `id (kind, sensitivity)` for resources, `id (kind, criticality)` for workloads, `id (kind)`
/// otherwise; hidden nodes say so.
fn label(estate: &Estate, v: NodeId, style: Style) -> String {
    let node = estate.node(v);
    let mut attrs = vec![node.kind.as_str().to_owned()];
    match node.class() {
        NodeClass::Resource => {
            let word = node.sensitivity.as_str();
            let tone = if node.sensitivity >= drillhall_estate::Sensitivity::Restricted {
                Tone::Error
            } else {
                Tone::Strong
            };
            attrs.push(style.paint(word, tone));
        }
        NodeClass::Workload => attrs.push(node.criticality.as_str().to_owned()),
        NodeClass::Identity | NodeClass::Credential => {}
    }
    if node.hidden {
        attrs.push("hidden".to_owned());
    }
    format!("{} ({})", node.id, attrs.join(", "))
}

/// The edge as it is printed: its kind word, with the permission for grants.
fn edge_word(kind: EdgeKind) -> String {
    match kind {
        EdgeKind::Grants { permission, .. } => format!("grants:{permission}"),
        other => other.as_str().to_owned(),
    }
}

/// Whether the edge is a grant the estate never exercises.
fn unused_grant(kind: EdgeKind) -> bool {
    matches!(kind, EdgeKind::Grants { used: false, .. })
}

/// `-[grants:admin ⚠ unused]->`.
fn arrow(estate: &Estate, e: EdgeId, style: Style) -> String {
    let kind = estate.edge(e).kind;
    let mut word = edge_word(kind);
    if unused_grant(kind) {
        word.push(' ');
        word.push_str(&style.paint("⚠ unused", Tone::Warn));
    }
    format!("-[{word}]->")
}

/// `a -[x]-> b -[y]-> c`.
fn path_line(estate: &Estate, nodes: &[NodeId], edges: &[EdgeId], style: Style) -> String {
    let mut line = estate.node(nodes[0]).id.clone();
    for (e, v) in edges.iter().zip(&nodes[1..]) {
        line.push(' ');
        line.push_str(&arrow(estate, *e, style));
        line.push(' ');
        line.push_str(&estate.node(*v).id);
    }
    line
}

/// The blast radius as a tree, the ranked resources and the unused grants on the way.
fn blast_text(
    scenario: &str,
    estate: &Estate,
    radius: &BlastRadius,
    max_nodes: usize,
    style: Style,
) -> String {
    let start = radius.start();
    let resources: Vec<_> = radius
        .reached()
        .iter()
        .filter(|r| estate.node(r.node).class() == NodeClass::Resource)
        .collect();
    let mut out = format!(
        "{} of {} in {scenario}: {} node{} reachable, {} resource{}\n\n",
        style.paint("Blast radius", Tone::Strong),
        estate.node(start).id,
        radius.len(),
        plural(radius.len()),
        resources.len(),
        plural(resources.len()),
    );

    // The tree: each node under the one its cheapest path came from, walked only as far as
    // it is printed. `open[d]` says whether the ancestor at depth d still has siblings below,
    // which decides `│` or blank.
    let tree = radius.tree();
    let mut open: Vec<bool> = Vec::new();
    let mut shown = 0;
    for line in tree.walk().take(max_nodes.saturating_add(1)) {
        shown += 1;
        let (depth, v) = (line.depth as usize, line.node);
        if depth == 0 {
            out.push_str(&label(estate, v, style));
            out.push('\n');
            continue;
        }
        open.truncate(depth - 1);
        for &more in &open {
            out.push_str(if more { "│  " } else { "   " });
        }
        out.push_str(if line.last { "└─ " } else { "├─ " });
        let reached = radius
            .get(v)
            .expect("invariant: tree nodes below the root were reached");
        let kind = estate.edge(reached.via).kind;
        out.push_str(&style.paint(&edge_word(kind), Tone::Faint));
        out.push_str(" → ");
        out.push_str(&label(estate, v, style));
        if unused_grant(kind) {
            out.push_str("  ");
            out.push_str(&style.paint("⚠ unused", Tone::Warn));
        }
        out.push('\n');
        open.push(!line.last);
    }
    if shown < tree.len() {
        let more = tree.len() - shown;
        out.push_str(&format!(
            "… {more} more node{} (raise --max-nodes)\n",
            plural(more)
        ));
    }

    if !resources.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            style.paint("Resources reached, most sensitive first:", Tone::Strong)
        ));
        let width = resources
            .iter()
            .take(max_nodes)
            .map(|r| estate.node(r.node).id.len())
            .max()
            .unwrap_or(0)
            .max("RESOURCE".len());
        out.push_str(&format!(
            "  {:<12} {:>4}  {:<width$}  PATH\n",
            "SENSITIVITY", "HOPS", "RESOURCE"
        ));
        for r in resources.iter().take(max_nodes) {
            let node = estate.node(r.node);
            let path = path_line(
                estate,
                &radius.path_to(r.node),
                &radius.edges_to(r.node),
                style,
            );
            out.push_str(&format!(
                "  {:<12} {:>4}  {:<width$}  {path}\n",
                node.sensitivity.as_str(),
                r.hops,
                node.id
            ));
        }
        if resources.len() > max_nodes {
            out.push_str(&format!(
                "  … {} more (raise --max-nodes)\n",
                resources.len() - max_nodes
            ));
        }
    }

    let unused: Vec<EdgeId> = radius
        .reached()
        .iter()
        .map(|r| r.via)
        .filter(|&e| unused_grant(estate.edge(e).kind))
        .collect();
    if !unused.is_empty() {
        out.push_str(&format!(
            "\n{} {} unused grant{} on these paths widen{} the blast radius for nothing:\n",
            style.paint("⚠", Tone::Warn),
            unused.len(),
            plural(unused.len()),
            if unused.len() == 1 { "s" } else { "" },
        ));
        for e in unused.iter().take(max_nodes) {
            let (a, b) = estate.endpoints(*e);
            out.push_str(&format!(
                "  {} -[{}]-> {}\n",
                estate.node(a).id,
                edge_word(estate.edge(*e).kind),
                estate.node(b).id
            ));
        }
        if unused.len() > max_nodes {
            out.push_str(&format!("  … {} more\n", unused.len() - max_nodes));
        }
    }
    out
}

/// The shortest attack paths, numbered.
fn paths_text(estate: &Estate, paths: &AttackPaths, max_paths: usize, style: Style) -> String {
    let (from, to) = (&estate.node(paths.from).id, &estate.node(paths.to).id);
    let Some(hops) = paths.hops else {
        return format!("{to} is not reachable from {from}.\n");
    };
    let mut out = format!(
        "{} from {from} to {to}: {hops} hop{}, {}{} path{}\n\n",
        style.paint("Shortest attack paths", Tone::Strong),
        plural(hops as usize),
        if paths.truncated { "more than " } else { "" },
        paths.paths.len(),
        plural(paths.paths.len()),
    );
    for (i, path) in paths.paths.iter().enumerate() {
        out.push_str(&format!(
            "  {}. {}\n",
            i + 1,
            path_line(estate, &path.nodes, &path.edges, style)
        ));
    }
    if paths.truncated {
        out.push_str(&format!(
            "  … more shortest paths exist (raise --max-paths, now {max_paths})\n"
        ));
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A node in JSON output.
#[derive(Debug, Serialize)]
struct JsonNode<'a> {
    id: &'a str,
    class: &'static str,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    sensitivity: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    criticality: Option<&'static str>,
    hidden: bool,
}

impl<'a> JsonNode<'a> {
    fn new(estate: &'a Estate, v: NodeId) -> Self {
        let node = estate.node(v);
        JsonNode {
            id: &node.id,
            class: node.class().as_str(),
            kind: node.kind.as_str(),
            sensitivity: (node.class() == NodeClass::Resource).then(|| node.sensitivity.as_str()),
            criticality: (node.class() == NodeClass::Workload).then(|| node.criticality.as_str()),
            hidden: node.hidden,
        }
    }
}

/// An edge in JSON output.
#[derive(Debug, Serialize)]
struct JsonEdge<'a> {
    from: &'a str,
    to: &'a str,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    permission: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    used: Option<bool>,
}

impl<'a> JsonEdge<'a> {
    fn new(estate: &'a Estate, e: EdgeId) -> Self {
        let (a, b) = estate.endpoints(e);
        let kind = estate.edge(e).kind;
        let (permission, used) = match kind {
            EdgeKind::Grants { permission, used } => (Some(permission.as_str()), Some(used)),
            _ => (None, None),
        };
        JsonEdge {
            from: &estate.node(a).id,
            to: &estate.node(b).id,
            kind: kind.as_str(),
            permission,
            used,
        }
    }
}

/// One reached node in JSON output, with its cheapest path.
#[derive(Debug, Serialize)]
struct JsonReached<'a> {
    #[serde(flatten)]
    node: JsonNode<'a>,
    hops: u32,
    path: Vec<&'a str>,
    edges: Vec<JsonEdge<'a>>,
}

#[derive(Debug, Serialize)]
struct JsonBlast<'a> {
    scenario: &'a str,
    from: JsonNode<'a>,
    reached: Vec<JsonReached<'a>>,
}

fn blast_json<'a>(scenario: &'a str, estate: &'a Estate, radius: &BlastRadius) -> JsonBlast<'a> {
    JsonBlast {
        scenario,
        from: JsonNode::new(estate, radius.start()),
        reached: radius
            .reached()
            .iter()
            .map(|r| JsonReached {
                node: JsonNode::new(estate, r.node),
                hops: r.hops,
                path: radius
                    .path_to(r.node)
                    .into_iter()
                    .map(|v| estate.node(v).id.as_str())
                    .collect(),
                edges: radius
                    .edges_to(r.node)
                    .into_iter()
                    .map(|e| JsonEdge::new(estate, e))
                    .collect(),
            })
            .collect(),
    }
}

#[derive(Debug, Serialize)]
struct JsonPath<'a> {
    nodes: Vec<&'a str>,
    edges: Vec<JsonEdge<'a>>,
}

#[derive(Debug, Serialize)]
struct JsonPaths<'a> {
    scenario: &'a str,
    from: JsonNode<'a>,
    to: JsonNode<'a>,
    /// Length of the shortest paths; null when the target is unreachable.
    hops: Option<u32>,
    /// Whether more shortest paths exist than `--max-paths` let through.
    truncated: bool,
    paths: Vec<JsonPath<'a>>,
}

fn paths_json<'a>(scenario: &'a str, estate: &'a Estate, paths: &AttackPaths) -> JsonPaths<'a> {
    JsonPaths {
        scenario,
        from: JsonNode::new(estate, paths.from),
        to: JsonNode::new(estate, paths.to),
        hops: paths.hops,
        truncated: paths.truncated,
        paths: paths
            .paths
            .iter()
            .map(|p| JsonPath {
                nodes: p
                    .nodes
                    .iter()
                    .map(|&v| estate.node(v).id.as_str())
                    .collect(),
                edges: p.edges.iter().map(|&e| JsonEdge::new(estate, e)).collect(),
            })
            .collect(),
    }
}
