//! Injects: what the scenario does to the estate at its ticks, and benign noise.

use std::sync::Arc;

use drillhall_estate::{NodeId, Ticks};
use drillhall_scenario::drill::{LeakVia, Severity};

use crate::Session;
use crate::dice::{Roll, Stream, Subject};
use crate::event::{Cause, EventKind};
use crate::rules::InjectWhat;
use crate::state::Timer;

/// Benign alerts: a source, a severity and a message with `{id}` for the node named, and
/// `{a}`, `{b}` for small numbers that make them look like the real thing.
const NOISE: &[(&str, Severity, &str)] = &[
    (
        "anomaly-detector",
        Severity::Low,
        "new user agent for {id} (deploy of v2.{a}.{b})",
    ),
    (
        "cloud-audit",
        Severity::Low,
        "{id} active outside business hours (nightly batch window)",
    ),
    (
        "iam-analyzer",
        Severity::Info,
        "{id} called a rarely used API (scheduled compliance scan)",
    ),
    (
        "siem",
        Severity::Low,
        "{id} seen from a new region (failover test in eu-central-1)",
    ),
    (
        "cloud-audit",
        Severity::Low,
        "spike in API calls by {id} (load test, change CHG-{a}{b})",
    ),
    (
        "secret-scanner",
        Severity::Info,
        "possible secret in a {id} build log (test fixture, already redacted)",
    ),
];

/// Ticks to the next benign alert of a noise inject: uniform in `1..=2m−1` where `m` is the
/// mean gap `per / count`, so the rate is right on average.
fn gap(what: &InjectWhat, roll: &mut Roll<'_>) -> Ticks {
    let InjectWhat::Noise { count, per, .. } = *what else {
        return 1;
    };
    let mean = (per / count.max(1)).max(1);
    roll.between(1, (2 * mean).saturating_sub(1).max(1))
}

impl Session {
    /// An inject fires.
    pub(crate) fn fire_inject(&mut self, index: usize) {
        let rules = Arc::clone(&self.rules);
        let inject = &rules.injects[index];
        let cause = Cause::Inject(inject.id.clone());
        match &inject.what {
            InjectWhat::Leak { credentials, via } => {
                let mut leaked = Vec::new();
                for &c in credentials {
                    leaked.push(self.leak(c, self.cred(c).version, *via, cause.clone()));
                }
                if !leaked.is_empty() {
                    let (lo, hi) = rules.adversary.discovers;
                    let delay = self
                        .dice
                        .roll(
                            self.tick,
                            Stream::Adversary,
                            &Subject::Discovery { inject: &inject.id },
                        )
                        .between(lo, hi);
                    self.schedule(self.tick.saturating_add(delay), Timer::Discovery(leaked));
                }
            }
            InjectWhat::Compromise {
                workload,
                dumps_secrets,
            } => {
                let w = *workload;
                let e = self.emit(
                    cause.clone(),
                    EventKind::WorkloadCompromised {
                        workload: self.name(w),
                    },
                );
                self.adversary_controls(w, e);
                if *dumps_secrets {
                    for (edge, c) in self.estate.out_edges(w) {
                        let ek = self.estate.edge(edge);
                        if !ek.enabled || ek.kind != drillhall_estate::EdgeKind::Holds {
                            continue;
                        }
                        let v = self.held_version(edge);
                        let (_, _, leak) = self.leak(c, v, LeakVia::CiLogs, Cause::Event(e));
                        self.adversary_takes_leak(c, v, leak);
                    }
                }
            }
            InjectWhat::SessionTheft { identity, ttl } => {
                self.adversary_steals_session(*identity, *ttl, cause);
            }
            InjectWhat::Alert {
                source,
                severity,
                message,
                points_to,
            } => {
                self.emit(
                    cause,
                    EventKind::Alert {
                        source: source.clone(),
                        severity: *severity,
                        message: message.clone(),
                        points_to: points_to.clone(),
                        detection: false,
                    },
                );
            }
            InjectWhat::Ticket {
                task,
                severity,
                subjects,
                message,
            } => {
                self.emit(
                    cause,
                    EventKind::TicketOpened {
                        ticket: inject.id.clone(),
                        task: *task,
                        severity: *severity,
                        subjects: subjects.clone(),
                        message: message.clone(),
                    },
                );
            }
            InjectWhat::Noise { .. } => {}
        }
    }

    fn leak(
        &mut self,
        c: NodeId,
        version: u32,
        via: LeakVia,
        cause: Cause,
    ) -> (NodeId, u32, crate::EventId) {
        let cs = self.cred_mut(c);
        cs.exposed = cs.exposed.max(version);
        let e = self.emit(
            cause,
            EventKind::CredentialLeaked {
                credential: self.name(c),
                version,
                via: via.as_str().to_owned(),
            },
        );
        (c, version, e)
    }

    /// Ticks to the first benign alert of a noise inject (attempt 0 of its roll).
    pub(crate) fn noise_gap(&mut self, index: usize) -> Ticks {
        let rules = Arc::clone(&self.rules);
        let inject = &rules.injects[index];
        let mut roll = self.dice.roll(
            self.tick,
            Stream::Noise,
            &Subject::Noise { inject: &inject.id },
        );
        gap(&inject.what, &mut roll)
    }

    /// A benign alert of a noise inject, and the next one scheduled.
    pub(crate) fn fire_noise(&mut self, index: usize) {
        let rules = Arc::clone(&self.rules);
        let inject = &rules.injects[index];
        let InjectWhat::Noise { until, .. } = inject.what else {
            return;
        };
        if self.tick > until || rules.noise_candidates.is_empty() {
            return;
        }
        let mut roll = self.dice.roll(
            self.tick,
            Stream::Noise,
            &Subject::Noise { inject: &inject.id },
        );
        let node = *roll.pick(&rules.noise_candidates);
        let &(source, severity, template) = roll.pick(NOISE);
        let a = roll.between(1, 9);
        let b = roll.between(0, 9);
        let next = self.tick.saturating_add(gap(&inject.what, &mut roll));
        let name = self.name(node);
        let message = template
            .replace("{id}", &name)
            .replace("{a}", &a.to_string())
            .replace("{b}", &b.to_string());
        self.emit(
            Cause::Inject(inject.id.clone()),
            EventKind::NoiseAlert {
                source: source.to_owned(),
                severity,
                message,
                node: name,
            },
        );
        if next <= until {
            self.schedule(next, Timer::Noise(index));
        }
    }
}
