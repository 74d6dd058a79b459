//! The one queue every emitted event goes through.
//!
//! Mutators change only the facts they own and emit an event; they never call another
//! subsystem's re-evaluation by hand. The event log itself is the queue: [`Session::react`]
//! walks every event not yet reacted to, in the order it was emitted, and hands it to the
//! subsystems in this fixed order:
//!
//! 1. **workloads**: holders of a credential that died, workloads of an identity or a grant
//!    that changed, a workload redeployed, quarantined, given or deprived of a credential,
//!    or handed a new version, re-evaluate whether they can run (batch jobs wait for their
//!    next run);
//! 2. **adversary**: after any change of access (a credential, identity, grant, session or
//!    workload), the attacker's foothold is recomputed: lost access, exfiltration opening
//!    and closing;
//! 3. **detections** fire from the attacker's audit trail as it is written (inside the
//!    adversary's own actions) and from exfiltration events here;
//! 4. **supervision**: nothing reacts yet (answers arrive on the reviewer's timer);
//! 5. **objectives**: invalidations, the attacker's reach, declarations, notifications and
//!    outages decide or schedule objectives.
//!
//! Reactions emit events of their own; those join the end of the queue and are reacted to
//! in turn, so a chain (revoke → holder down → outage check scheduled) unfolds in causal
//! order. The queue is drained after every input and after every timer, so every input
//! sees a settled state.

use drillhall_estate::NodeId;

use crate::event::{Cause, EventId, EventKind};
use crate::session::Session;

/// What one event changed, as the subsystems need it.
#[derive(Debug, Default)]
struct Touched {
    /// Workloads to re-evaluate.
    recheck: Vec<NodeId>,
    /// Workloads whose state changed under them (redeployed, quarantined): settle now,
    /// even a batch job.
    settle: Vec<NodeId>,
    /// The attacker's access may have changed.
    access: bool,
    /// A credential or identity died (objectives with deadlines may be met).
    invalidation: bool,
}

impl Session {
    /// Lets every subsystem react to each event not yet reacted to, in order, until the
    /// queue is empty.
    pub(crate) fn react(&mut self) {
        while self.reacted < self.events.len() {
            let e = EventId(self.reacted as u32);
            self.reacted += 1;
            let touched = self.touched_by(e);
            let cause = Cause::Event(e);
            // 1. Workloads.
            for w in &touched.recheck {
                self.recheck(*w, &cause);
            }
            for w in &touched.settle {
                self.settle(*w, &cause);
            }
            // 2. The adversary (and the detections its changes trigger).
            if let EventKind::WorkloadQuarantined { workload } = &self.events[e.index()].kind
                && let Some(w) = self.estate.find(workload)
            {
                self.adversary.workloads.remove(&w);
            }
            if touched.access {
                self.adversary_reassess(&cause);
            }
            // 5. Objectives.
            self.objectives_react(e, touched.invalidation);
        }
    }

    /// The nodes an event names, resolved, and what kind of change it is.
    fn touched_by(&self, e: EventId) -> Touched {
        let find = |id: &str| self.estate.find(id);
        let mut t = Touched::default();
        match &self.events[e.index()].kind {
            EventKind::CredentialRevoked { credential }
            | EventKind::CredentialExpired { credential }
            | EventKind::OldVersionExpired { credential, .. } => {
                if let Some(c) = find(credential) {
                    t.recheck = self.holders(c).into_iter().map(|(_, w)| w).collect();
                }
                t.access = true;
                t.invalidation = true;
            }
            EventKind::IdentityDisabled { identity } => {
                if let Some(i) = find(identity) {
                    t.recheck = self.workloads_of_identity(i);
                }
                t.access = true;
                t.invalidation = true;
            }
            EventKind::IdentityEnabled { identity }
            | EventKind::GrantScopedDown { identity, .. }
            | EventKind::GrantRemoved { identity, .. }
            | EventKind::GrantAdded { identity, .. } => {
                if let Some(i) = find(identity) {
                    t.recheck = self.workloads_of_identity(i);
                }
                t.access = true;
            }
            EventKind::CredentialAttached { workload, .. }
            | EventKind::CredentialDetached { workload, .. } => {
                t.recheck.extend(find(workload));
                t.access = true;
            }
            EventKind::CredentialDelivered { workload, .. } => {
                t.recheck.extend(find(workload));
            }
            EventKind::WorkloadRedeployed { workload, .. }
            | EventKind::WorkloadQuarantined { workload } => {
                t.settle.extend(find(workload));
                t.access = true;
            }
            EventKind::SessionsRevoked { .. } | EventKind::SessionExpired { .. } => {
                t.access = true;
            }
            _ => {}
        }
        t
    }

    /// Objectives decided or scheduled by one event.
    fn objectives_react(&mut self, e: EventId, invalidation: bool) {
        if invalidation {
            self.objectives_on_invalidation(e);
        }
        let reached: Vec<NodeId> = self
            .adversary
            .reached
            .iter()
            .filter(|&(_, &by)| by == e)
            .map(|(&n, _)| n)
            .collect();
        for n in reached {
            self.objectives_on_reach(n, e);
        }
        match &self.events[e.index()].kind {
            EventKind::IncidentDeclared { .. } => self.objectives_on_declare(e),
            EventKind::OwnerNotified { .. } => self.objectives_on_notify(e),
            EventKind::WorkloadDown { workload, .. } => {
                if let Some(w) = self.estate.find(workload) {
                    self.on_workload_down(w);
                }
            }
            _ => {}
        }
    }
}
