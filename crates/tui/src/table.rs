//! The access-review table: every node the trainee can see, one row each, sortable by
//! owner, kind, last use, age, grants and sensitivity, with the over-privileged and stale
//! marks — for estates of hundreds of nodes, where a list by class is not enough.
//!
//! A [`Table`] holds the order only (node ids of the view, sorted once per sort change);
//! the rows on screen are formatted when drawn, so a 10 000-node table costs a frame what
//! a short one does.

use drillhall_engine::{EdgeKind, LastUsed, NodeClass, NodeId, TraineeView};

/// What the table is sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Id,
    Kind,
    Owner,
    LastUsed,
    Age,
    Grants,
    Rating,
}

impl Column {
    /// Every column, in the order they are drawn and `s` cycles through.
    pub const ALL: [Column; 7] = [
        Column::Id,
        Column::Kind,
        Column::Owner,
        Column::LastUsed,
        Column::Age,
        Column::Grants,
        Column::Rating,
    ];

    /// The column's heading.
    pub fn heading(self) -> &'static str {
        match self {
            Column::Id => "id",
            Column::Kind => "kind",
            Column::Owner => "owner",
            Column::LastUsed => "last used",
            Column::Age => "age",
            Column::Grants => "grants",
            Column::Rating => "sensitivity",
        }
    }
}

/// The table's order and selection.
#[derive(Clone, Debug)]
pub struct Table {
    pub sort: Column,
    /// Largest first (the default for last used, age, grants and sensitivity: the rows a
    /// review looks at first).
    pub descending: bool,
    /// The view's nodes in table order.
    pub order: Vec<NodeId>,
    /// Index into `order`.
    pub selected: usize,
}

/// Live grants an identity holds.
pub(crate) fn grants(view: &TraineeView, n: NodeId) -> usize {
    let estate = view.estate();
    estate
        .out_edges(n)
        .into_iter()
        .filter(|&(e, _)| {
            let edge = estate.edge(e);
            edge.enabled && matches!(edge.kind, EdgeKind::Grants { .. })
        })
        .count()
}

/// Minutes since last use, for sorting: never used counts as the oldest, no record as
/// unknown (after every known value).
fn idle(last: LastUsed) -> (u8, u64) {
    match last {
        LastUsed::Ago(t) => (1, t),
        LastUsed::Never => (2, 0),
        LastUsed::Unknown => (0, 0),
    }
}

/// A resource's sensitivity or a workload's criticality, as a weight.
pub(crate) fn rating(view: &TraineeView, n: NodeId) -> u64 {
    let node = view.node(n);
    match node.class() {
        NodeClass::Resource => node.sensitivity.weight(),
        NodeClass::Workload => node.criticality.weight(),
        _ => 0,
    }
}

impl Table {
    /// A table of `view`, sorted by `sort`.
    pub fn new(view: &TraineeView, sort: Column) -> Table {
        let mut t = Table {
            sort,
            descending: !matches!(sort, Column::Id | Column::Kind | Column::Owner),
            order: view.nodes().collect(),
            selected: 0,
        };
        t.resort(view);
        t
    }

    /// Sorts again (after the sort column or direction changed), ties by id; keeps the
    /// selected node selected.
    pub fn resort(&mut self, view: &TraineeView) {
        let keep = self.order.get(self.selected).copied();
        let id = |n: NodeId| view.node(n).id.as_str();
        match self.sort {
            Column::Id => self.order.sort_by(|&a, &b| id(a).cmp(id(b))),
            Column::Kind => self.order.sort_by(|&a, &b| {
                (view.node(a).class(), view.node(a).kind.as_str(), id(a)).cmp(&(
                    view.node(b).class(),
                    view.node(b).kind.as_str(),
                    id(b),
                ))
            }),
            Column::Owner => self.order.sort_by(|&a, &b| {
                (view.node(a).owner.as_deref(), id(a)).cmp(&(view.node(b).owner.as_deref(), id(b)))
            }),
            Column::LastUsed => self
                .order
                .sort_by_key(|&n| (idle(view.node(n).last_used), view.node(n).id.clone())),
            Column::Age => self
                .order
                .sort_by_key(|&n| (view.node(n).age, view.node(n).id.clone())),
            Column::Grants => self
                .order
                .sort_by_key(|&n| (grants(view, n), view.node(n).id.clone())),
            Column::Rating => self
                .order
                .sort_by_key(|&n| (rating(view, n), view.node(n).id.clone())),
        }
        if self.descending {
            self.order.reverse();
        }
        self.selected = keep
            .and_then(|k| self.order.iter().position(|&n| n == k))
            .unwrap_or(0);
    }

    /// Sorts by the next (`forward`) or previous column.
    pub fn cycle(&mut self, view: &TraineeView, forward: bool) {
        let i = Column::ALL
            .iter()
            .position(|&c| c == self.sort)
            .unwrap_or(0);
        let n = Column::ALL.len();
        let next = if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        };
        self.sort = Column::ALL[next];
        self.descending = !matches!(self.sort, Column::Id | Column::Kind | Column::Owner);
        self.resort(view);
    }

    /// Moves the selection by `delta` rows, clamped.
    pub fn move_by(&mut self, delta: isize) {
        self.selected = self
            .selected
            .saturating_add_signed(delta)
            .min(self.order.len().saturating_sub(1));
    }
}
