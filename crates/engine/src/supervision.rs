//! Supervision: risk tiers, sign-offs, the simulated reviewer, hints and shadow mode.
//!
//! Every command gets a tier from what it touches, as the trainee can see it: the
//! criticality of the workloads it affects, how many depend on the target (known hidden
//! holders included once revealed), how many restricted or crown-jewel resources are
//! reachable through it, and whether it can be undone.
//!
//! | command | tier |
//! |---|---|
//! | investigate, govern, `note` | low |
//! | `redeploy`, `restore`, `end-break-glass` | low |
//! | `revoke`, `rotate`, `disable` with dependents or sensitive reach | high (else medium) |
//! | `quarantine` of a high or critical workload | high (else medium) |
//! | `break-glass` | high |
//! | `revoke-sessions`, `scope-down`, `remove-grant`, `rollback`, provisioning | medium |
//!
//! Modes: **independent** gates nothing; **guided** runs low and medium commands and asks a
//! sign-off for high ones, and offers hints; **reviewed** asks a sign-off for medium and
//! high; **shadow** lets the expert act while the trainee predicts its steps. High-tier
//! decisions carry a stated confidence (50–100%), required in guided and reviewed modes.
//!
//! The simulated reviewer answers after a delay drawn from `supervision.reviewer_delay`
//! (reviewer stream). It rejects a high-tier request whose rollback plan is empty or
//! trivial (under 10 characters) and approves the rest; an approved command executes at
//! the approval's tick, caused by the approval.

use drillhall_estate::{Criticality, NodeClass, NodeId, Ticks};
use drillhall_scenario::command::Command;
use drillhall_scenario::drill::Mode;

use crate::Session;
use crate::dice::{Stream, Subject};
use crate::event::{Cause, EventId, EventKind, Tier};
use crate::rules::ExpertStep;
use crate::session::Rejection;
use crate::state::{Signoff, Timer};

/// Rollback plans shorter than this are "trivial" to the simulated reviewer.
pub const MIN_ROLLBACK_PLAN: usize = 10;

/// Why a command got its tier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TierReason {
    /// Highest criticality among the workloads the command affects.
    pub criticality: Option<Criticality>,
    /// Workloads depending on the target, as far as the trainee knows.
    pub dependents: u32,
    /// Restricted or crown-jewel resources reachable through the target.
    pub sensitive_reach: u32,
    /// Whether `rollback` can undo it.
    pub reversible: bool,
    /// One line for messages: "2 dependents, reaches 1 restricted/crown-jewel resource".
    pub summary: String,
}

/// A command's tier and the reason for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assessment {
    pub tier: Tier,
    pub reason: TierReason,
}

/// Whether a decision's confidence is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfidenceNeed {
    /// Not a high-tier decision: no confidence is asked.
    NotAsked,
    /// A high-tier decision in a mode that does not gate it: a confidence may be stated
    /// (calibration scores it) but the command runs without one.
    Optional,
    /// A high-tier decision in guided or reviewed mode: refused without a confidence.
    Required,
}

impl ConfidenceNeed {
    /// Whether a front end should ask for a confidence.
    pub fn asked(self) -> bool {
        self != ConfidenceNeed::NotAsked
    }
}

/// What a command needs before it runs in this session's mode: the engine's answer to a
/// front end, so that no front end re-derives the supervision rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirements {
    /// The tier and reason of the decision: for `request-signoff`, of the action it asks
    /// about.
    pub assessment: Assessment,
    /// The command must first go through `request-signoff` with a rollback plan.
    pub signoff: bool,
    /// Whether a confidence (50–100%) goes with it.
    pub confidence: ConfidenceNeed,
}

/// A sign-off request waiting for an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingSignoff {
    pub request: u32,
    pub command: String,
    pub rollback: String,
    pub tier: Tier,
    pub confidence: Option<u8>,
    pub requested_at: Ticks,
}

/// The next hint, before it is taken: its penalty is shown first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HintPreview {
    /// 1-based.
    pub hint: u32,
    pub penalty: u32,
    /// Available from this tick.
    pub after: Ticks,
}

impl Session {
    /// Workloads affected by acting on a node, as the trainee can see them.
    fn known_dependents(&self, n: NodeId) -> Vec<NodeId> {
        let deps = match self.class_of(n) {
            NodeClass::Credential => self.holders(n).into_iter().map(|(_, w)| w).collect(),
            NodeClass::Identity => self.workloads_of_identity(n),
            NodeClass::Workload => vec![n],
            NodeClass::Resource => Vec::new(),
        };
        deps.into_iter().filter(|&w| self.visible(w)).collect()
    }

    fn reason_for(&self, target: Option<NodeId>, reversible: bool, with_reach: bool) -> TierReason {
        let word = if reversible {
            "reversible"
        } else {
            "not reversible"
        };
        if target.is_none() {
            return TierReason {
                criticality: None,
                dependents: 0,
                sensitive_reach: 0,
                reversible,
                summary: word.to_owned(),
            };
        }
        let (deps, reach) = match target {
            Some(n) => (
                self.known_dependents(n),
                if with_reach {
                    self.sensitive_reach(n)
                } else {
                    0
                },
            ),
            None => (Vec::new(), 0),
        };
        let criticality = deps.iter().map(|&w| self.estate.node(w).criticality).max();
        let mut parts = Vec::new();
        if !deps.is_empty() {
            let names: Vec<String> = deps.iter().map(|&w| self.name(w)).collect();
            parts.push(format!(
                "{} dependent(s): {}{}",
                deps.len(),
                names.join(", "),
                criticality
                    .map(|c| format!(", up to {c} criticality"))
                    .unwrap_or_default()
            ));
        }
        if reach > 0 {
            parts.push(format!(
                "reaches {reach} restricted/crown-jewel resource(s)"
            ));
        }
        parts.push(word.to_owned());
        TierReason {
            criticality,
            dependents: deps.len() as u32,
            sensitive_reach: reach,
            reversible,
            summary: parts.join("; "),
        }
    }

    /// The tier of a command now, and why.
    #[allow(clippy::match_same_arms)] // one arm per verb family reads as the tier table
    pub fn assess(&self, command: &Command) -> Assessment {
        let find = |id: &str| self.estate.find(id);
        let (tier, reason) = match command {
            Command::Inspect { .. }
            | Command::Logs { .. }
            | Command::Paths { .. }
            | Command::Owners { .. }
            | Command::Wait { .. }
            | Command::DeclareIncident { .. }
            | Command::Notify { .. }
            | Command::RequestSignoff { .. }
            | Command::Note { .. } => (Tier::Low, self.reason_for(None, true, false)),
            Command::Revoke { credential } | Command::Rotate { credential, .. } => {
                let r = self.reason_for(find(credential), false, true);
                let high = r.dependents > 0 || r.sensitive_reach > 0;
                (if high { Tier::High } else { Tier::Medium }, r)
            }
            Command::Disable { identity } => {
                let r = self.reason_for(find(identity), true, true);
                let high = r.dependents > 0 || r.sensitive_reach > 0;
                (if high { Tier::High } else { Tier::Medium }, r)
            }
            Command::RevokeSessions { identity } => {
                (Tier::Medium, self.reason_for(find(identity), false, false))
            }
            Command::Quarantine { workload } => {
                let r = self.reason_for(find(workload), true, false);
                let high = r.criticality.is_some_and(|c| c >= Criticality::High);
                (if high { Tier::High } else { Tier::Medium }, r)
            }
            Command::ScopeDown { identity, .. } | Command::RemoveGrant { identity, .. } => {
                (Tier::Medium, self.reason_for(find(identity), true, false))
            }
            Command::Redeploy { workload } | Command::Restore { workload } => {
                (Tier::Low, self.reason_for(find(workload), false, false))
            }
            Command::Rollback { .. } => (Tier::Medium, self.reason_for(None, false, false)),
            Command::BreakGlass { identity } => {
                let mut r = self.reason_for(find(identity), true, true);
                r.summary = format!("emergency admin access; {}", r.summary);
                (Tier::High, r)
            }
            Command::EndBreakGlass { .. } => (Tier::Low, self.reason_for(None, false, false)),
            Command::CreateIdentity { .. } | Command::Issue { .. } => {
                (Tier::Medium, self.reason_for(None, false, false))
            }
            Command::Grant { identity, .. } => {
                (Tier::Medium, self.reason_for(find(identity), true, false))
            }
            Command::Attach { workload, .. } | Command::Detach { workload, .. } => {
                (Tier::Medium, self.reason_for(find(workload), false, false))
            }
        };
        Assessment { tier, reason }
    }

    /// What `command` needs before it runs now, in this session's mode: a sign-off
    /// (reviewed: medium and high tiers; guided: high), a confidence (high-tier decisions),
    /// and the tier and reasons behind both. [`Session::apply`] refuses exactly what this
    /// says is missing.
    pub fn requirements(&self, command: &Command) -> Requirements {
        let own = self.assess(command);
        let signoff = match self.mode {
            Mode::Reviewed => own.tier >= Tier::Medium,
            Mode::Guided => own.tier == Tier::High,
            Mode::Independent | Mode::Shadow => false,
        };
        let assessment = match command {
            Command::RequestSignoff { action, .. } => self.assess(action),
            _ => own,
        };
        let confidence = if assessment.tier != Tier::High {
            ConfidenceNeed::NotAsked
        } else if matches!(self.mode, Mode::Guided | Mode::Reviewed) {
            ConfidenceNeed::Required
        } else {
            ConfidenceNeed::Optional
        };
        Requirements {
            assessment,
            signoff,
            confidence,
        }
    }

    /// The tier of a command now.
    pub fn tier(&self, command: &Command) -> Tier {
        self.assess(command).tier
    }

    // ------------------------------------------------------------ sign-offs

    pub(crate) fn request_signoff(
        &mut self,
        action: &Command,
        rollback: &str,
        confidence: Option<u8>,
        origin: Cause,
    ) {
        let tier = self.assess(action).tier;
        let request = self.signoffs.len() as u32 + 1;
        let e = self.emit(
            origin,
            EventKind::SignoffRequested {
                request,
                command: action.to_string(),
                rollback: rollback.to_owned(),
                tier,
                confidence,
            },
        );
        self.signoffs.push(Signoff {
            command: action.clone(),
            rollback: rollback.to_owned(),
            tier,
            confidence,
            requested_at: self.tick,
            event: e,
            answer: None,
        });
        if self.options.simulated_reviewer {
            let (lo, hi) = self.rules.reviewer_delay;
            let command = action.to_string();
            let delay = self
                .dice
                .roll(
                    self.tick,
                    Stream::Reviewer,
                    &Subject::Review { command: &command },
                )
                .between(lo, hi);
            self.schedule(
                self.tick.saturating_add(delay),
                Timer::ReviewerAnswer(request),
            );
        }
    }

    /// The simulated reviewer's answer.
    pub(crate) fn reviewer_answers(&mut self, request: u32) {
        let s = &self.signoffs[request as usize - 1];
        if s.answer.is_some() {
            return;
        }
        let trivial = s.rollback.trim().chars().count() < MIN_ROLLBACK_PLAN;
        let (approve, reason) = if s.tier == Tier::High && trivial {
            (
                false,
                "a high-tier change needs a rollback plan: say how you would undo it".to_owned(),
            )
        } else {
            (
                true,
                format!("approved with rollback plan: {}", s.rollback.trim()),
            )
        };
        let cause = Cause::Event(s.event);
        self.answer_signoff(request, approve, "reviewer", &reason, cause);
    }

    pub(crate) fn check_decision(&self, request: u32) -> Result<(), Rejection> {
        match request
            .checked_sub(1)
            .and_then(|i| self.signoffs.get(i as usize))
        {
            Some(s) if s.answer.is_none() => Ok(()),
            _ => Err(Rejection::NoSuchRequest { request }),
        }
    }

    /// Records an answer; an approved command executes now, caused by the approval.
    pub(crate) fn answer_signoff(
        &mut self,
        request: u32,
        approve: bool,
        by: &str,
        reason: &str,
        cause: Cause,
    ) {
        let kind = if approve {
            EventKind::SignoffApproved {
                request,
                by: by.to_owned(),
                reason: reason.to_owned(),
            }
        } else {
            EventKind::SignoffRejected {
                request,
                by: by.to_owned(),
                reason: reason.to_owned(),
            }
        };
        let e = self.emit(cause, kind);
        let s = &mut self.signoffs[request as usize - 1];
        s.answer = Some((approve, e));
        if approve {
            let command = s.command.clone();
            let confidence = s.confidence;
            self.execute_approved(&command, confidence, e);
        }
    }

    fn execute_approved(&mut self, command: &Command, confidence: Option<u8>, approval: EventId) {
        match self
            .check_refs(command)
            .and_then(|()| self.check_state(command))
        {
            Ok(()) => {
                let tier = self.assess(command).tier;
                self.execute(command, tier, confidence, &Cause::Event(approval));
            }
            Err(r) => {
                self.emit(
                    Cause::Event(approval),
                    EventKind::CommandRejected {
                        text: command.to_string(),
                        reason: r.to_string(),
                    },
                );
            }
        }
    }

    /// Sign-off requests not answered yet, oldest first.
    pub fn pending_signoffs(&self) -> Vec<PendingSignoff> {
        self.signoffs
            .iter()
            .enumerate()
            .filter(|(_, s)| s.answer.is_none())
            .map(|(i, s)| PendingSignoff {
                request: i as u32 + 1,
                command: s.command.to_string(),
                rollback: s.rollback.clone(),
                tier: s.tier,
                confidence: s.confidence,
                requested_at: s.requested_at,
            })
            .collect()
    }

    // ------------------------------------------------------------ hints

    /// The next hint, if one is available now (guided mode), with its penalty.
    pub fn hint_available(&self) -> Option<HintPreview> {
        if self.mode != Mode::Guided {
            return None;
        }
        let h = self.rules.hints.get(self.hints_shown as usize)?;
        (h.after <= self.tick).then_some(HintPreview {
            hint: self.hints_shown + 1,
            penalty: h.penalty,
            after: h.after,
        })
    }

    pub(crate) fn check_hint(&self) -> Result<(), Rejection> {
        if self.mode != Mode::Guided {
            return Err(Rejection::WrongMode(format!(
                "hints are given in guided mode; this session is {}",
                self.mode
            )));
        }
        match self.rules.hints.get(self.hints_shown as usize) {
            None => Err(Rejection::NoHint { next: None }),
            Some(h) if h.after > self.tick => Err(Rejection::NoHint {
                next: Some(h.after),
            }),
            Some(_) => Ok(()),
        }
    }

    pub(crate) fn show_hint(&mut self, input: u32) {
        let h = self.rules.hints[self.hints_shown as usize].clone();
        self.hints_shown += 1;
        self.emit(
            Cause::Input(input),
            EventKind::HintShown {
                hint: self.hints_shown,
                penalty: h.penalty,
                text: h.text,
            },
        );
    }

    // ------------------------------------------------------------ shadow mode

    /// Shadow mode: the next expert step not yet played.
    pub fn expert_next(&self) -> Option<&ExpertStep> {
        self.rules.expert.get(self.expert_played)
    }

    pub(crate) fn check_prediction(&self) -> Result<ExpertStep, Rejection> {
        if self.mode != Mode::Shadow {
            return Err(Rejection::WrongMode(format!(
                "predictions are scored in shadow mode; this session is {}",
                self.mode
            )));
        }
        let step = self
            .expert_next()
            .ok_or_else(|| Rejection::Conflict("the expert has no steps left to predict".into()))?;
        if self.predicted.contains(&step.index) {
            return Err(Rejection::Conflict(format!(
                "you already predicted step {}: wait for it to play",
                step.index + 1
            )));
        }
        Ok(step.clone())
    }

    /// Scores a prediction: the exact command 2 points, the same verb 1, else 0.
    pub(crate) fn score_prediction(&mut self, step: ExpertStep, predicted: &Command, input: u32) {
        // The decision is what is scored: a sign-off request stands for the command it asks
        // about, on either side, so predicting `rotate tok` for the expert's
        // `request-signoff "rotate tok" …` is the right call.
        fn decision(c: &Command) -> &Command {
            match c {
                Command::RequestSignoff { action, .. } => action,
                other => other,
            }
        }
        let (expected, predicted_decision) = (decision(&step.command), decision(predicted));
        let points = if expected == predicted_decision {
            2
        } else {
            u32::from(expected.verb() == predicted_decision.verb())
        };
        self.predicted.insert(step.index);
        self.emit(
            Cause::Input(input),
            EventKind::PredictionScored {
                step: step.index + 1,
                predicted: predicted.to_string(),
                expected: step.text,
                points,
            },
        );
    }

    /// Shadow mode: the expert's step plays at its tick.
    pub(crate) fn play_expert_step(&mut self, index: usize) {
        let step = self.rules.expert[index].clone();
        self.expert_played = self.expert_played.max(index + 1);
        let e = self.emit(
            Cause::Clock,
            EventKind::ExpertStep {
                step: step.index + 1,
                text: step.text.clone(),
                why: step.why.clone(),
            },
        );
        let command = step.command.clone();
        match self
            .check_refs(&command)
            .and_then(|()| self.check_state(&command))
        {
            Ok(()) => {
                let tier = self.assess(&command).tier;
                self.execute(&command, tier, step.confidence, &Cause::Event(e));
            }
            Err(r) => {
                self.emit(
                    Cause::Event(e),
                    EventKind::CommandRejected {
                        text: step.text.clone(),
                        reason: r.to_string(),
                    },
                );
            }
        }
    }
}
