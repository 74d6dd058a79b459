//! The estate as the drill screen lists it: nodes grouped by class, sorted by kind, each
//! with status marks; the selection; and the detail of the selected node (its blast radius
//! as a tree, computed once per change rather than once per frame).
//!
//! A [`Board`] owns the trainee's [`TraineeView`] and is rebuilt from a fresh one after
//! every input. The view holds only what the trainee knows (hidden holders appear once
//! revealed), and the blast radius is the estate's analysis run on the view's own estate,
//! so nothing the board shows can come from the truth.
//! Drawing reads only the rows on screen, so a frame costs the same for ten nodes or ten
//! thousand.

use drillhall_engine::{NodeClass, NodeId, TraineeView};

use crate::theme::Tone;

/// One row of the estate list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row {
    /// A class heading with the number of nodes under it.
    Group { class: NodeClass, count: usize },
    /// A node.
    Node(NodeId),
}

/// A status mark: a glyph, the tone that colours it, and the word the detail pane uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub glyph: &'static str,
    pub tone: Tone,
    pub word: &'static str,
}

/// Every mark, in the order they are drawn; the help overlay lists them as the legend.
pub const LEGEND: &[Mark] = &[
    Mark {
        glyph: "!",
        tone: Tone::Hostile,
        word: "named by an alert (compromised or leaked)",
    },
    Mark {
        glyph: "✗",
        tone: Tone::Danger,
        word: "revoked or expired",
    },
    Mark {
        glyph: "▼",
        tone: Tone::Danger,
        word: "down",
    },
    Mark {
        glyph: "⊘",
        tone: Tone::Warn,
        word: "disabled or quarantined",
    },
    Mark {
        glyph: "↻",
        tone: Tone::Good,
        word: "rotated",
    },
    Mark {
        glyph: "⚑",
        tone: Tone::Hostile,
        word: "break-glass open",
    },
    Mark {
        glyph: "⚠",
        tone: Tone::Warn,
        word: "over-privileged (an unused grant)",
    },
    Mark {
        glyph: "⌛",
        tone: Tone::Stale,
        word: "stale (older than policy)",
    },
    Mark {
        glyph: "∅",
        tone: Tone::Dim,
        word: "orphaned (no owner)",
    },
    Mark {
        glyph: "?",
        tone: Tone::Accent,
        word: "hidden, revealed by investigation",
    },
];

/// The estate list, its selection and the selected node's detail, over one view.
#[derive(Clone, Debug)]
pub struct Board {
    view: TraineeView,
    rows: Vec<Row>,
    /// Index into `rows` of the selected node row.
    selected: Option<usize>,
    /// The selected node's blast radius over the visible estate, depth-first.
    tree: Vec<(u32, NodeId)>,
}

impl Board {
    /// A board over a view, with the first node selected.
    pub fn new(view: TraineeView) -> Board {
        let mut board = Board {
            view,
            rows: Vec::new(),
            selected: None,
            tree: Vec::new(),
        };
        board.layout(None);
        board
    }

    /// The view the board shows.
    pub fn view(&self) -> &TraineeView {
        &self.view
    }

    /// Takes a newer view (nodes revealed or provisioned since), keeping the selected node,
    /// and recomputes its detail.
    pub fn refresh(&mut self, view: TraineeView) {
        // Node ids are the view's own: carry the selection over by scenario id.
        let keep = self.selected_node().map(|n| self.view.node(n).id.clone());
        self.view = view;
        let keep = keep.and_then(|id| self.view.find(&id));
        self.layout(keep);
    }

    fn layout(&mut self, keep: Option<NodeId>) {
        let view = &self.view;
        let mut by_class: [Vec<NodeId>; 4] = Default::default();
        for n in view.nodes() {
            let i = class_index(view.node(n).class());
            by_class[i].push(n);
        }
        self.rows.clear();
        for (i, nodes) in by_class.iter_mut().enumerate() {
            if nodes.is_empty() {
                continue;
            }
            // Stable: declaration order within a kind.
            nodes.sort_by_key(|&n| view.node(n).kind);
            self.rows.push(Row::Group {
                class: NodeClass::ALL[i],
                count: nodes.len(),
            });
            self.rows.extend(nodes.iter().map(|&n| Row::Node(n)));
        }
        self.selected = keep
            .and_then(|k| self.rows.iter().position(|r| *r == Row::Node(k)))
            .or_else(|| self.rows.iter().position(|r| matches!(r, Row::Node(_))));
        self.compute_tree();
    }

    fn compute_tree(&mut self) {
        self.tree = match self.selected_node() {
            Some(n) => self.view.blast_tree(n),
            None => Vec::new(),
        };
    }

    /// The rows, group headings included.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// The index of the selected row.
    pub fn selected_row(&self) -> Option<usize> {
        self.selected
    }

    /// The selected node.
    pub fn selected_node(&self) -> Option<NodeId> {
        match self.selected.map(|i| self.rows[i]) {
            Some(Row::Node(n)) => Some(n),
            _ => None,
        }
    }

    /// The selected node's blast radius (the node itself first, at depth 0).
    pub fn tree(&self) -> &[(u32, NodeId)] {
        &self.tree
    }

    /// Moves the selection by `delta` node rows (group headings are skipped), clamped.
    pub fn move_selection(&mut self, delta: isize) {
        let Some(cur) = self.selected else {
            return;
        };
        let mut i = cur;
        let mut left = delta.unsigned_abs();
        while left > 0 {
            let next = if delta > 0 {
                (i + 1..self.rows.len()).find(|&j| matches!(self.rows[j], Row::Node(_)))
            } else {
                (0..i).rev().find(|&j| matches!(self.rows[j], Row::Node(_)))
            };
            match next {
                Some(j) => i = j,
                None => break,
            }
            left -= 1;
        }
        if i != cur {
            self.selected = Some(i);
            self.compute_tree();
        }
    }

    /// Selects the first or the last node.
    pub fn select_edge(&mut self, last: bool) {
        let found = if last {
            self.rows.iter().rposition(|r| matches!(r, Row::Node(_)))
        } else {
            self.rows.iter().position(|r| matches!(r, Row::Node(_)))
        };
        if found.is_some() && found != self.selected {
            self.selected = found;
            self.compute_tree();
        }
    }

    /// Selects a node by id, if the trainee can see it.
    pub fn select_id(&mut self, id: &str) -> bool {
        let Some(n) = self.view.find(id) else {
            return false;
        };
        match self.rows.iter().position(|r| *r == Row::Node(n)) {
            Some(i) => {
                self.selected = Some(i);
                self.compute_tree();
                true
            }
            None => false,
        }
    }

    /// Selects the next node, in list order after the selection (wrapping), whose id
    /// contains `query` (ASCII case ignored); `from_selection` includes the selected node
    /// itself. Returns how many nodes match, 0 leaving the selection where it was.
    pub fn search(&mut self, query: &str, from_selection: bool) -> usize {
        if query.is_empty() {
            return 0;
        }
        let q = query.to_ascii_lowercase();
        let estate = self.view.estate();
        let hits: Vec<usize> = self
            .rows
            .iter()
            .enumerate()
            .filter_map(|(i, r)| match *r {
                Row::Node(n) if estate.node(n).id.to_ascii_lowercase().contains(&q) => Some(i),
                _ => None,
            })
            .collect();
        let here = self.selected_row().unwrap_or(0);
        let next = hits
            .iter()
            .copied()
            .find(|&i| if from_selection { i >= here } else { i > here })
            .or_else(|| hits.first().copied());
        if let Some(row) = next {
            self.selected = Some(row);
            self.compute_tree();
        }
        hits.len()
    }

    /// The status marks of a node, in legend order.
    pub fn marks(&self, n: NodeId) -> Vec<Mark> {
        let view = &self.view;
        let status = view.status(n);
        let on = [
            status.flagged,
            status.revoked || status.expired,
            status.down,
            status.disabled || status.quarantined,
            status.rotated_to.is_some() && !status.revoked,
            status.break_glass,
            status.over_privileged,
            view.is_stale(n) && status.rotated_to.is_none() && !status.revoked,
            view.is_orphaned(n),
            view.is_revealed(n),
        ];
        on.iter()
            .zip(LEGEND)
            .filter(|(on, _)| **on)
            .map(|(_, m)| *m)
            .collect()
    }

    /// Whether a node's credential is past the rotation policy.
    pub fn is_stale(&self, n: NodeId) -> bool {
        self.view.is_stale(n)
    }
}

fn class_index(c: NodeClass) -> usize {
    match c {
        NodeClass::Workload => 0,
        NodeClass::Identity => 1,
        NodeClass::Credential => 2,
        NodeClass::Resource => 3,
    }
}

/// The first row to draw so that the selected row stays on screen, centred when it can be.
pub fn scroll_offset(rows: usize, selected: Option<usize>, height: usize) -> usize {
    if rows <= height || height == 0 {
        return 0;
    }
    let sel = selected.unwrap_or(0);
    sel.saturating_sub(height / 2).min(rows - height)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scroll_offset_keeps_the_selection_visible_and_the_list_full() {
        assert_eq!(scroll_offset(5, Some(4), 10), 0);
        assert_eq!(scroll_offset(100, Some(0), 10), 0);
        assert_eq!(scroll_offset(100, Some(50), 10), 45);
        assert_eq!(scroll_offset(100, Some(99), 10), 90);
        for sel in 0..100 {
            let off = scroll_offset(100, Some(sel), 7);
            assert!(off <= sel && sel < off + 7, "{sel} not in {off}..+7");
        }
    }
}
