//! Exports of an estate for other tools: Graphviz DOT, Mermaid and a plain edge list.
//!
//! Every export lists nodes in declaration order and edges in insertion order, so the same
//! estate always gives the same bytes (they are golden-tested). Each format has a `write_*`
//! function onto any [`fmt::Write`] and a `to_*` convenience returning a `String`.

use std::collections::BTreeSet;
use std::fmt::{self, Write};

use crate::graph::Estate;
use crate::model::{EdgeKind, NodeClass, Permission};

/// Graphviz shape for a class of node.
fn dot_shape(class: NodeClass) -> &'static str {
    match class {
        NodeClass::Workload => "box",
        NodeClass::Identity => "ellipse",
        NodeClass::Credential => "note",
        NodeClass::Resource => "cylinder",
    }
}

/// Graphviz cluster title for a class of node.
fn dot_cluster_label(class: NodeClass) -> &'static str {
    match class {
        NodeClass::Workload => "workloads",
        NodeClass::Identity => "identities",
        NodeClass::Credential => "credentials",
        NodeClass::Resource => "resources",
    }
}

/// Whether an edge is an unused grant above `none`: over-privilege, drawn in red.
fn over_privileged(kind: EdgeKind) -> bool {
    matches!(kind, EdgeKind::Grants { permission, used: false } if permission > Permission::None)
}

/// Quotes a string for DOT (`"` and `\` escaped).
fn dot_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// The label of an edge in exports: its kind word, with the permission for grants
/// (`grants:admin`).
fn edge_word(kind: EdgeKind) -> String {
    match kind {
        EdgeKind::Grants { permission, .. } => format!("grants:{permission}"),
        other => other.as_str().to_owned(),
    }
}

/// Writes the estate as a Graphviz digraph: one cluster per class (workloads, identities,
/// credentials, resources) with a shape per class, nodes labelled `id\nkind`; disabled nodes
/// dashed, hidden nodes grey and labelled `(hidden)`; grants labelled with their permission,
/// unused grants above `none` (over-privilege) red and dashed, grants at `none` grey;
/// disabled edges grey and dotted.
pub fn write_dot(estate: &Estate, out: &mut impl Write) -> fmt::Result {
    writeln!(out, "digraph estate {{")?;
    writeln!(out, "  rankdir=LR;")?;
    writeln!(out, "  node [fontname=\"Helvetica\", fontsize=10];")?;
    writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=9];")?;
    for &class in NodeClass::ALL {
        let mut members = estate.nodes_of(class).peekable();
        if members.peek().is_none() {
            continue;
        }
        writeln!(out, "  subgraph cluster_{class} {{")?;
        writeln!(out, "    label=\"{}\";", dot_cluster_label(class))?;
        writeln!(out, "    node [shape={}];", dot_shape(class))?;
        for v in members {
            let node = estate.node(v);
            let mut label = format!("{}\n{}", node.id, node.kind.as_str());
            let mut attrs = Vec::new();
            if node.hidden {
                label.push_str("\n(hidden)");
                attrs.push("color=grey50, fontcolor=grey50".to_owned());
            }
            if !estate.is_enabled(v) {
                attrs.push("style=dashed".to_owned());
            }
            let label = dot_quote(&label).replace('\n', "\\n");
            write!(out, "    {} [label={label}", dot_quote(&node.id))?;
            for a in attrs {
                write!(out, ", {a}")?;
            }
            writeln!(out, "];")?;
        }
        writeln!(out, "  }}")?;
    }
    for e in estate.edge_ids() {
        let (a, b) = estate.endpoints(e);
        let edge = estate.edge(e);
        let label = match edge.kind {
            EdgeKind::Grants { permission, .. } => permission.as_str(),
            other => other.as_str(),
        };
        let mut attrs = vec![format!("label={}", dot_quote(label))];
        if over_privileged(edge.kind) {
            attrs.push("color=red, fontcolor=red, style=dashed".to_owned());
        } else if !edge.kind.traversable() {
            attrs.push("color=grey50, fontcolor=grey50".to_owned());
        }
        if !edge.enabled {
            attrs.push("color=grey50, style=dotted".to_owned());
        }
        writeln!(
            out,
            "  {} -> {} [{}];",
            dot_quote(&estate.node(a).id),
            dot_quote(&estate.node(b).id),
            attrs.join(", ")
        )?;
    }
    writeln!(out, "}}")
}

/// The estate as Graphviz DOT (see [`write_dot`]).
pub fn to_dot(estate: &Estate) -> String {
    let mut s = String::new();
    write_dot(estate, &mut s).expect("invariant: writing to a String cannot fail");
    s
}

/// Mermaid node ids: a class prefix and the id with every character outside `[A-Za-z0-9_]`
/// replaced by `_` (the prefix keeps ids clear of Mermaid keywords such as `end`); on a
/// collision after sanitising, the node index is appended.
fn mermaid_ids(estate: &Estate) -> Vec<String> {
    let mut taken = BTreeSet::new();
    estate
        .node_ids()
        .map(|v| {
            let node = estate.node(v);
            let prefix = match node.class() {
                NodeClass::Workload => "wl_",
                NodeClass::Identity => "id_",
                NodeClass::Credential => "cr_",
                NodeClass::Resource => "rs_",
            };
            let mut id = String::from(prefix);
            id.extend(node.id.chars().map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' {
                    c
                } else {
                    '_'
                }
            }));
            if !taken.insert(id.clone()) {
                id = format!("{id}_{}", v.index());
                taken.insert(id.clone());
            }
            id
        })
        .collect()
}

/// Escapes label text for Mermaid (inside `"…"`).
fn mermaid_text(s: &str) -> String {
    s.replace('"', "#quot;")
}

/// Writes the estate as a Mermaid `flowchart LR`: a shape per class (workload rectangle,
/// identity stadium, credential parallelogram, resource cylinder), labels `id<br/>kind`,
/// disabled nodes dashed, hidden nodes grey; edges labelled like the edge list, disabled
/// edges dotted, unused grants above `none` red and dashed.
pub fn write_mermaid(estate: &Estate, out: &mut impl Write) -> fmt::Result {
    let ids = mermaid_ids(estate);
    writeln!(out, "flowchart LR")?;
    for v in estate.node_ids() {
        let node = estate.node(v);
        let mut label = format!("{}<br/>{}", mermaid_text(&node.id), node.kind.as_str());
        if node.hidden {
            label.push_str("<br/>(hidden)");
        }
        let (open, close) = match node.class() {
            NodeClass::Workload => ("[", "]"),
            NodeClass::Identity => ("([", "])"),
            NodeClass::Credential => ("[/", "/]"),
            NodeClass::Resource => ("[(", ")]"),
        };
        writeln!(out, "  {}{open}\"{label}\"{close}", ids[v.index()])?;
    }
    let mut unused = Vec::new();
    for (i, e) in estate.edge_ids().enumerate() {
        let (a, b) = estate.endpoints(e);
        let edge = estate.edge(e);
        let arrow = if edge.enabled { "-->" } else { "-.->" };
        writeln!(
            out,
            "  {} {arrow}|{}| {}",
            ids[a.index()],
            edge_word(edge.kind),
            ids[b.index()]
        )?;
        if over_privileged(edge.kind) {
            unused.push(i.to_string());
        }
    }
    let disabled: Vec<&str> = estate
        .node_ids()
        .filter(|&v| !estate.is_enabled(v))
        .map(|v| ids[v.index()].as_str())
        .collect();
    let hidden: Vec<&str> = estate
        .node_ids()
        .filter(|&v| estate.node(v).hidden)
        .map(|v| ids[v.index()].as_str())
        .collect();
    if !disabled.is_empty() {
        writeln!(out, "  classDef disabled stroke-dasharray: 5 5")?;
        writeln!(out, "  class {} disabled", disabled.join(","))?;
    }
    if !hidden.is_empty() {
        writeln!(out, "  classDef hidden fill:#eee,stroke:#999,color:#999")?;
        writeln!(out, "  class {} hidden", hidden.join(","))?;
    }
    if !unused.is_empty() {
        writeln!(
            out,
            "  linkStyle {} stroke:red,stroke-dasharray:5 5",
            unused.join(",")
        )?;
    }
    Ok(())
}

/// The estate as a Mermaid flowchart (see [`write_mermaid`]).
pub fn to_mermaid(estate: &Estate) -> String {
    let mut s = String::new();
    write_mermaid(estate, &mut s).expect("invariant: writing to a String cannot fail");
    s
}

/// Writes one line per edge, `from to kind`, in insertion order, for other graph tools;
/// grants carry their permission (`grants:admin`). Every edge is listed, disabled ones and
/// grants at `none` included: the list is the model, not what an attacker can traverse.
/// Fields are separated by single spaces, which scenario ids (kebab-case) never contain.
pub fn write_edge_list(estate: &Estate, out: &mut impl Write) -> fmt::Result {
    for e in estate.edge_ids() {
        let (a, b) = estate.endpoints(e);
        writeln!(
            out,
            "{} {} {}",
            estate.node(a).id,
            estate.node(b).id,
            edge_word(estate.edge(e).kind)
        )?;
    }
    Ok(())
}

/// The estate as an edge list (see [`write_edge_list`]).
pub fn to_edge_list(estate: &Estate) -> String {
    let mut s = String::new();
    write_edge_list(estate, &mut s).expect("invariant: writing to a String cannot fail");
    s
}
