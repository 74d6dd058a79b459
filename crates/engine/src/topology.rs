//! The one place the session changes the estate's topology, and the trainee's snapshot of it
//! that those changes patch.
//!
//! The supervision gate and `paths` search the estate as the trainee sees it: a CSR
//! [`Snapshot`] in which nodes that are disabled, or hidden and not yet found, are switched
//! off. Building that snapshot costs O(V+E) — tens of milliseconds on a million nodes — so it
//! is built once, on first use, and then patched in O(1) by every change below: enabling or
//! disabling a node, revealing one, enabling an edge or changing its kind. Only a node or an
//! edge added to the estate (a persistence credential, an issued token) drops it, to be
//! rebuilt on next use. Checkpoints share it until one of them patches it, as they share the
//! estate. In debug builds every read compares the patched snapshot with a fresh build.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use drillhall_estate::{EdgeId, EdgeKind, Estate, NodeId, Searcher, Sensitivity, Snapshot};

use crate::Session;

/// The trainee's snapshot, built on first use (see the [module docs](self)), and the last
/// sensitive-reach count taken on it: the front end asks for a command's requirements as it is
/// typed, and the engine weighs it again when it runs, so one search answers them all until
/// the snapshot changes.
#[derive(Debug, Default)]
pub(crate) struct ViewSnapshot {
    snap: OnceLock<Arc<Snapshot>>,
    /// Bumped by every change to the snapshot (and by dropping it).
    version: u64,
    /// `version + 1` of the memo below (0: none).
    memo_version: AtomicU64,
    /// `(node << 32) | count` of the last sensitive-reach count.
    memo: AtomicU64,
}

impl Clone for ViewSnapshot {
    fn clone(&self) -> Self {
        ViewSnapshot {
            snap: self.snap.clone(),
            version: self.version,
            memo_version: AtomicU64::new(self.memo_version.load(Ordering::Relaxed)),
            memo: AtomicU64::new(self.memo.load(Ordering::Relaxed)),
        }
    }
}

impl Session {
    /// The estate as the trainee can see it, as a snapshot for searches: current, patched
    /// rather than rebuilt since it was first built.
    pub(crate) fn view_snapshot(&self) -> &Snapshot {
        let snap = self
            .view_snapshot
            .snap
            .get_or_init(|| Arc::new(self.build_view_snapshot()));
        debug_assert!(
            **snap == self.build_view_snapshot(),
            "the patched view snapshot drifted from the estate"
        );
        snap
    }

    fn build_view_snapshot(&self) -> Snapshot {
        let mut snap = Snapshot::build(&self.estate);
        for n in self.estate.node_ids() {
            if !self.visible(n) {
                snap.set_node_enabled(n, false);
            }
        }
        snap
    }

    /// Re-reads one node's state into the snapshot, if it has been built: enabled and
    /// visible.
    fn patch_node(&mut self, n: NodeId) {
        let on = self.estate.is_enabled(n) && self.visible(n);
        self.view_snapshot.version += 1;
        if let Some(snap) = self.view_snapshot.snap.get_mut() {
            let snap = Arc::make_mut(snap);
            snap.set_node_enabled(n, on);
            snap.mark_current(&self.estate);
        }
    }

    /// Re-reads one edge's state into the snapshot, if it has been built: enabled and
    /// traversable.
    fn patch_edge(&mut self, e: EdgeId) {
        let edge = *self.estate.edge(e);
        self.view_snapshot.version += 1;
        if let Some(snap) = self.view_snapshot.snap.get_mut() {
            let snap = Arc::make_mut(snap);
            snap.set_edge_enabled(e, edge.enabled);
            snap.set_edge_traversable(e, edge.kind.traversable());
            snap.mark_current(&self.estate);
        }
    }

    /// Restricted and crown-jewel resources the trainee can see `n` reaching: a count-only
    /// search on the view snapshot, remembered until the snapshot changes.
    pub(crate) fn sensitive_reach(&self, n: NodeId) -> u32 {
        let memo = &self.view_snapshot;
        if memo.memo_version.load(Ordering::Relaxed) == memo.version + 1 {
            let packed = memo.memo.load(Ordering::Relaxed);
            if packed >> 32 == u64::from(n.0) {
                return packed as u32;
            }
        }
        let count =
            Searcher::new().sensitive_count(self.view_snapshot(), n, Sensitivity::Restricted)
                as u32;
        memo.memo
            .store((u64::from(n.0) << 32) | u64::from(count), Ordering::Relaxed);
        memo.memo_version.store(memo.version + 1, Ordering::Relaxed);
        count
    }

    /// Switches a node on or off in the estate.
    pub(crate) fn set_node_enabled(&mut self, n: NodeId, enabled: bool) {
        self.estate_mut().set_enabled(n, enabled);
        self.patch_node(n);
    }

    /// Enables or disables an edge.
    pub(crate) fn set_edge_enabled(&mut self, e: EdgeId, enabled: bool) {
        self.estate_mut().set_edge_enabled(e, enabled);
        self.patch_edge(e);
    }

    /// Changes an edge's kind (a grant's permission) and whether it is enabled.
    pub(crate) fn set_edge(&mut self, e: EdgeId, kind: EdgeKind, enabled: bool) {
        self.estate_mut().set_edge_kind(e, kind);
        self.estate_mut().set_edge_enabled(e, enabled);
        self.patch_edge(e);
    }

    /// The trainee has found a hidden node.
    pub(crate) fn reveal(&mut self, n: NodeId) {
        self.revealed.insert(n);
        self.patch_node(n);
    }

    /// The estate, to add nodes or edges to: the snapshot is dropped, to be rebuilt on next
    /// use, because added rows do not fit a compressed one.
    pub(crate) fn estate_to_grow(&mut self) -> &mut Estate {
        let version = self.view_snapshot.version + 1;
        self.view_snapshot = ViewSnapshot {
            version,
            ..ViewSnapshot::default()
        };
        self.estate_mut()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use drillhall_scenario::Drill;
    use drillhall_scenario::command::Command;
    use drillhall_scenario::drill::Mode;

    use crate::{Input, Session};

    const BUNDLED: &str = include_str!("../../../scenarios/leaked-ci-deploy-token.yaml");

    fn command(s: &mut Session, text: &str) {
        let command = Command::parse(text).expect("the command parses");
        s.apply(Input::Command {
            command,
            confidence: Some(80),
        })
        .expect("the drill is running");
    }

    fn built(s: &Session) -> *const drillhall_estate::Snapshot {
        Arc::as_ptr(s.view_snapshot.snap.get().expect("the snapshot was built"))
    }

    #[test]
    fn gated_commands_patch_the_trainees_snapshot_instead_of_rebuilding_it() {
        let drill = Drill::from_text("bundled.yaml", BUNDLED).expect("the bundled scenario loads");
        let mut s = Session::new(&drill, 7, Mode::Independent);
        s.advance(13).expect("the drill is running");
        let tok = s.estate.find("tok-deploy").expect("tok-deploy exists");
        let release_bot = s.estate.find("release-bot").expect("release-bot exists");
        let revoke = Command::parse("revoke tok-deploy").expect("parses");
        assert!(s.requirements(&revoke).assessment.reason.sensitive_reach > 0);
        let first = built(&s);
        assert!(!s.view_snapshot().is_node_enabled(release_bot), "hidden");

        // Finding the hidden holder, then revoking, then scoping down: all patches.
        command(&mut s, "logs tok-deploy");
        command(&mut s, "revoke tok-deploy");
        command(&mut s, "scope-down sa-deployer prod-db none");
        assert_eq!(built(&s), first, "the snapshot was patched, not rebuilt");
        let snap = s.view_snapshot();
        assert!(snap.is_node_enabled(release_bot), "found by `logs`");
        assert!(!snap.is_node_enabled(tok), "revoked");
        assert_eq!(*snap, s.build_view_snapshot(), "patched equals rebuilt");
        assert_eq!(s.requirements(&revoke).assessment.reason.sensitive_reach, 0);

        // A checkpoint shares the snapshot until one side changes it.
        let mut other = s.checkpoint();
        assert_eq!(built(&other), first);
        command(&mut other, "disable sa-checkout");
        assert_ne!(built(&other), first, "copied on write");
        assert_eq!(built(&s), first, "the original is untouched");
        assert_eq!(*other.view_snapshot(), other.build_view_snapshot());
    }
}
