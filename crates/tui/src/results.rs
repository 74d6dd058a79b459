//! Investigation results in full: the event a `paths`, `logs`, `inspect` or `owners`
//! command produced, as a [`Pane`] the trainee scrolls — the blast radius as a tree (or,
//! with `paths ID --to TARGET`, the route to one node), every log entry whole, every
//! attribute, the owning team and its members. Everything shown is in the event; nothing is
//! computed here beyond ordering the tree.

use drillhall_engine::format_clock;
use drillhall_engine::{EventKind, LogEntry, PathEntry};
use ratatui::text::{Line, Span};

use crate::pane::Pane;
use crate::theme::{Theme, Tone};

/// The pane for an investigation result, or `None` for any other event. `to` narrows a
/// `paths` result to the route to one node.
pub(crate) fn pane(kind: &EventKind, to: Option<&str>, theme: Theme) -> Option<Pane> {
    match kind {
        EventKind::PathsShown { node, reached } => Some(paths(node, reached, to, theme)),
        EventKind::LogsRead {
            node,
            since,
            entries,
        } => {
            let mut lines = vec![Line::styled(
                format!(
                    "{} entr{} touching {node} in the last {}",
                    entries.len(),
                    if entries.len() == 1 { "y" } else { "ies" },
                    drillhall_engine::format_duration(*since)
                ),
                theme.tone(Tone::Title),
            )];
            for e in entries {
                lines.push(entry_line(e, theme));
            }
            Some(Pane::new(format!(" logs {node} "), lines))
        }
        EventKind::Inspected { node, attributes } => {
            let width = attributes
                .iter()
                .map(|a| a.name.chars().count())
                .max()
                .unwrap_or(0);
            let mut lines = vec![Line::styled(node.clone(), theme.tone(Tone::Title))];
            for a in attributes {
                lines.push(Line::from(vec![
                    Span::styled(format!("{:<width$}  ", a.name), theme.tone(Tone::Title)),
                    Span::raw(a.value.clone()),
                ]));
            }
            Some(Pane::new(format!(" inspect {node} "), lines))
        }
        EventKind::OwnersShown {
            node,
            owner,
            members,
        } => {
            let mut lines = vec![Line::from(vec![
                Span::styled(format!("{node} is owned by "), theme.tone(Tone::Plain)),
                Span::styled(
                    owner.clone().unwrap_or_else(|| "no team (orphaned)".into()),
                    theme.tone(Tone::Title),
                ),
            ])];
            if members.is_empty() {
                lines.push(Line::raw("no members recorded"));
            } else {
                lines.push(Line::raw("members:"));
                for m in members {
                    lines.push(Line::raw(format!("  {m}")));
                }
            }
            Some(Pane::new(format!(" owners {node} "), lines))
        }
        _ => None,
    }
}

/// A log entry as `(when, the rest)`: the feed joins them, the result pane colours `when`.
pub(crate) fn entry_parts(e: &LogEntry) -> (String, String) {
    let when = if e.tick < 0 {
        let t = e.tick.unsigned_abs();
        format!("T-{}:{:02}", t / 60, t % 60)
    } else {
        format_clock(e.tick.unsigned_abs())
    };
    let mut s = format!(" ×{} {}", e.count, e.action);
    for (word, v) in [
        ("as", &e.identity),
        ("with", &e.credential),
        ("from", &e.workload),
        ("on", &e.target),
    ] {
        if let Some(v) = v {
            s.push_str(&format!(" {word} {v}"));
        }
    }
    s.push_str(&format!(
        ": {} · {} {} ({})",
        e.outcome, e.source_ip, e.location, e.user_agent
    ));
    (when, s)
}

fn entry_line(e: &LogEntry, theme: Theme) -> Line<'static> {
    let (when, s) = entry_parts(e);
    Line::from(vec![
        Span::styled(when, theme.tone(Tone::Accent)),
        Span::raw(s),
    ])
}

/// The route of an entry, as the ids along it.
fn route(entry: &PathEntry) -> Vec<&str> {
    entry.path.split(" → ").collect()
}

fn paths(node: &str, reached: &[PathEntry], to: Option<&str>, theme: Theme) -> Pane {
    if let Some(target) = to {
        let mut lines = Vec::new();
        match reached.iter().find(|e| e.node == target) {
            Some(e) => {
                lines.push(Line::styled(
                    format!("{node} reaches {target} in {} hop(s):", e.hops),
                    theme.tone(Tone::Title),
                ));
                for (depth, id) in route(e).into_iter().enumerate() {
                    let info = reached.iter().find(|r| r.node == id);
                    lines.push(tree_line(depth, id, info, theme));
                }
            }
            None => lines.push(Line::styled(
                format!("{target} is not reachable from {node} in what you can see"),
                theme.tone(Tone::Warn),
            )),
        }
        return Pane::new(format!(" paths {node} --to {target} "), lines);
    }
    // Depth-first order of the routes: each node right under the node it is reached from.
    let mut order: Vec<&PathEntry> = reached.iter().collect();
    order.sort_by(|a, b| route(a).cmp(&route(b)));
    let mut lines = vec![Line::styled(
        format!("{node} reaches {} node(s):", reached.len()),
        theme.tone(Tone::Title),
    )];
    lines.push(Line::raw(node.to_owned()));
    for e in order {
        lines.push(tree_line(e.hops as usize, &e.node, Some(e), theme));
    }
    Pane::new(format!(" paths {node} "), lines)
}

fn tree_line(depth: usize, id: &str, info: Option<&PathEntry>, theme: Theme) -> Line<'static> {
    let mut spans = vec![
        Span::styled(
            if depth == 0 {
                String::new()
            } else {
                format!("{}└ ", "  ".repeat(depth - 1))
            },
            theme.tone(Tone::Dim),
        ),
        Span::raw(id.to_owned()),
    ];
    if let Some(e) = info {
        spans.push(Span::styled(format!("  {}", e.kind), theme.tone(Tone::Dim)));
        if let Some(r) = &e.rating {
            let hot = matches!(
                r.as_str(),
                "crown-jewel" | "restricted" | "critical" | "high"
            );
            spans.push(Span::styled(
                format!("  {r}"),
                theme.tone(if hot { Tone::Danger } else { Tone::Plain }),
            ));
        }
    }
    Line::from(spans)
}

/// Splits `paths ID --to TARGET` into the command the engine runs (`paths ID`) and the
/// target the pane narrows to; any other line is returned as it is.
pub(crate) fn split_paths_to(text: &str) -> (String, Option<String>) {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.first() != Some(&"paths") {
        return (text.to_owned(), None);
    }
    let Some(i) = words.iter().position(|w| *w == "--to") else {
        return (text.to_owned(), None);
    };
    let Some(target) = words.get(i + 1) else {
        return (text.to_owned(), None);
    };
    let mut rest: Vec<&str> = words[..i].to_vec();
    rest.extend_from_slice(&words[i + 2..]);
    (rest.join(" "), Some((*target).to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_to_is_split_off_for_the_pane_and_other_lines_are_left_alone() {
        assert_eq!(
            split_paths_to("paths tok-deploy --to prod-db"),
            ("paths tok-deploy".into(), Some("prod-db".into()))
        );
        assert_eq!(
            split_paths_to("paths tok-deploy --to"),
            ("paths tok-deploy --to".into(), None)
        );
        assert_eq!(split_paths_to("note --to x"), ("note --to x".into(), None));
    }

    fn entry(node: &str, path: &str) -> PathEntry {
        PathEntry {
            node: node.into(),
            kind: "resource/database".into(),
            hops: path.matches('→').count() as u32,
            path: path.into(),
            rating: None,
        }
    }

    #[test]
    fn the_tree_puts_each_node_under_the_node_it_is_reached_from_and_to_shows_one_route() {
        let reached = [
            entry("prod-db", "tok → sa → prod-db"),
            entry("sa", "tok → sa"),
            entry("role", "tok → sa → role"),
            entry("bucket", "tok → sa → role → bucket"),
        ];
        let p = paths("tok", &reached, None, Theme::new(true));
        let text = p.text();
        assert_eq!(
            text,
            "tok reaches 4 node(s):\ntok\n└ sa  resource/database\n  └ prod-db  resource/database\n  └ role  resource/database\n    └ bucket  resource/database"
        );
        let p = paths("tok", &reached, Some("bucket"), Theme::new(true));
        assert!(
            p.text()
                .starts_with("tok reaches bucket in 3 hop(s):\ntok\n└ sa"),
            "{}",
            p.text()
        );
        let p = paths("tok", &reached, Some("nowhere"), Theme::new(true));
        assert!(p.text().contains("not reachable"), "{}", p.text());
    }
}
