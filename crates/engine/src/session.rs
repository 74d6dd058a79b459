//! The session: one scenario, one seed, a clock, and the inputs that drive it.
//!
//! A [`Session`] is a pure state machine. Inputs are trainee commands (at the current tick)
//! and `advance(n)`; everything else is scheduled on a timer queue keyed by `(tick, seq)`,
//! so time passing costs nothing until something is due: a quiet tick is O(1) in the size of
//! the estate. Every change is an [`Event`] with its [`Cause`].

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use drillhall_estate::{Edge, EdgeId, Estate, NodeId, Ticks};
use drillhall_scenario::command::Command;
use drillhall_scenario::drill::Mode;
use drillhall_scenario::format_clock;
use petgraph::Direction;
use petgraph::stable_graph::NodeIndex;
use petgraph::visit::EdgeRef;
use sha2::{Digest, Sha256};

use crate::adversary::Adversary;
use crate::dice::DiceSet;
use crate::event::{Cause, Event, EventId, EventKind, Tier};
use crate::objectives::ObjectiveState;
use crate::rules::{Drill, ExpertStep, InjectWhat};
use crate::state::{Action, CredState, FRESH_CRED, FRESH_WORK, Signoff, Timer, WorkState};

/// How a session is set up beyond its scenario and seed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionOptions {
    /// The supervision mode; `None` takes the scenario's `supervision.mode`.
    pub mode: Option<Mode>,
    /// Whether the simulated reviewer answers sign-off requests. Turn it off when an
    /// instructor answers them by hand ([`Session::decide`]).
    pub simulated_reviewer: bool,
}

impl Default for SessionOptions {
    fn default() -> Self {
        SessionOptions {
            mode: None,
            simulated_reviewer: true,
        }
    }
}

/// One input to a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A trainee command at the current tick, with the stated confidence (50..=100).
    Command {
        command: Command,
        confidence: Option<u8>,
    },
    /// Let this many ticks pass.
    Advance(Ticks),
    /// Guided mode: show the next available hint (its penalty is recorded).
    Hint,
    /// Shadow mode: predict the expert's next step.
    Predict(Command),
    /// An instructor's answer to a sign-off request.
    Decide {
        request: u32,
        approve: bool,
        reason: String,
    },
}

impl Input {
    /// A command input without a stated confidence.
    pub fn command(command: Command) -> Input {
        Input::Command {
            command,
            confidence: None,
        }
    }
}

/// An input the session took, as the journal records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputRecord {
    /// 0-based, in order; what [`Cause::Input`] refers to.
    pub index: u32,
    /// The tick when it was given.
    pub tick: Ticks,
    pub input: Input,
    /// For scripted commands that were refused and recorded as `command-rejected`.
    pub rejected: Option<String>,
}

fn did_you_mean(s: Option<&String>) -> String {
    s.map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default()
}

/// Why an input was refused. A refused input changes nothing.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Rejection {
    #[error("the drill is over: it ended at {}", format_clock(*.tick))]
    DrillOver { tick: Ticks },
    #[error("no such id in your inventory: `{id}`{}", did_you_mean(.suggestion.as_ref()))]
    UnknownId {
        id: String,
        suggestion: Option<String>,
    },
    #[error("no such team: `{id}`{}", did_you_mean(.suggestion.as_ref()))]
    UnknownTeam {
        id: String,
        suggestion: Option<String>,
    },
    #[error("`{verb}` needs {expected}, but `{id}` is {found}")]
    WrongClass {
        id: String,
        verb: &'static str,
        expected: String,
        found: String,
    },
    #[error("`{id}` already exists: pick a new id")]
    AlreadyExists { id: String },
    #[error("`{credential}` is already revoked")]
    AlreadyRevoked { credential: String },
    #[error("{0}")]
    Conflict(String),
    #[error(
        "`{command}` is a {tier}-tier command ({reason}); in {mode} mode it needs a sign-off first: {request}"
    )]
    NeedsSignoff {
        command: String,
        tier: Tier,
        reason: String,
        mode: Mode,
        /// The exact line to use instead.
        request: String,
    },
    #[error("`{command}` is a high-tier command: state your confidence (50–100%) with it")]
    ConfidenceMissing { command: String },
    #[error("confidence must be between 50 and 100%, not {value}%")]
    ConfidenceOutOfRange { value: u8 },
    #[error("no action #{action}: actions so far are #1..#{count}")]
    NoSuchAction { action: u32, count: u32 },
    #[error("action #{action} (`{text}`) cannot be rolled back: {why}")]
    NotReversible {
        action: u32,
        text: String,
        why: String,
    },
    #[error("in shadow mode the expert acts: predict its next step instead")]
    ShadowMode,
    #[error("{0}")]
    WrongMode(String),
    #[error("no hint available now{}", .next.map(|t| format!(" (the next one at {})", format_clock(t))).unwrap_or_default())]
    NoHint { next: Option<Ticks> },
    #[error("no sign-off request #{request} is waiting for an answer")]
    NoSuchRequest { request: u32 },
    #[error("advance needs at least one tick")]
    ZeroAdvance,
}

/// The principal type of this crate: a deterministic drill in progress.
///
/// Cloning a session is a checkpoint: the clone continues independently (counterfactuals,
/// "what if I had…" branches). The scenario-derived rules are shared, and so is the estate
/// graph until one of the branches changes it, so a checkpoint costs in proportion to what
/// happened in the drill, not to the size of the estate.
#[derive(Clone, Debug)]
pub struct Session {
    pub(crate) rules: Arc<Drill>,
    pub(crate) seed: u64,
    pub(crate) mode: Mode,
    pub(crate) options: SessionOptions,
    /// The true estate, shared with checkpoints until one of them changes it.
    pub(crate) estate: Arc<Estate>,
    pub(crate) tick: Ticks,
    pub(crate) ended: bool,
    pub(crate) dice: DiceSet,
    pub(crate) events: Vec<Event>,
    /// How many events of the log the subsystems have reacted to (the queue is the rest:
    /// [`crate::reactions`]).
    pub(crate) reacted: usize,
    pub(crate) inputs: Vec<InputRecord>,
    pub(crate) timers: BTreeMap<(Ticks, u64), Timer>,
    pub(crate) timer_seq: u64,
    pub(crate) creds: BTreeMap<NodeId, CredState>,
    pub(crate) works: BTreeMap<NodeId, WorkState>,
    /// Identities disabled by the trainee, with the event.
    pub(crate) disabled: BTreeMap<NodeId, EventId>,
    /// Credential version each holder runs with (absent: version 1).
    pub(crate) hold_version: BTreeMap<EdgeId, u32>,
    /// The last event that changed an edge (scope-down, removal, grant).
    pub(crate) edge_changed_by: BTreeMap<EdgeId, EventId>,
    /// Hidden nodes the trainee has found.
    pub(crate) revealed: BTreeSet<NodeId>,
    /// The estate as the trainee sees it, for searches ([`crate::topology`]).
    pub(crate) view_snapshot: crate::topology::ViewSnapshot,
    pub(crate) adversary: Adversary,
    pub(crate) actions: Vec<Action>,
    pub(crate) signoffs: Vec<Signoff>,
    pub(crate) objectives: Vec<ObjectiveState>,
    pub(crate) incident: Option<EventId>,
    pub(crate) notified: BTreeMap<String, EventId>,
    pub(crate) break_glass: BTreeMap<NodeId, (Ticks, EventId)>,
    pub(crate) hints_shown: u32,
    /// Shadow mode: expert steps played, and steps already predicted.
    pub(crate) expert_played: usize,
    pub(crate) predicted: BTreeSet<u32>,
}

impl Session {
    /// A session of `drill` with `seed`, in `mode`.
    pub fn new(drill: &Arc<Drill>, seed: u64, mode: Mode) -> Session {
        Session::with_options(
            drill,
            seed,
            &SessionOptions {
                mode: Some(mode),
                simulated_reviewer: true,
            },
        )
    }

    /// A session in the drill's own supervision mode.
    pub fn with_default_mode(drill: &Arc<Drill>, seed: u64) -> Session {
        Session::with_options(drill, seed, &SessionOptions::default())
    }

    /// A session with explicit options.
    pub fn with_options(drill: &Arc<Drill>, seed: u64, options: &SessionOptions) -> Session {
        let rules = Arc::clone(drill);
        let mode = options.mode.unwrap_or(rules.mode);
        let mut s = Session {
            seed,
            mode,
            options: SessionOptions {
                mode: Some(mode),
                simulated_reviewer: options.simulated_reviewer,
            },
            estate: Arc::new(rules.estate.clone()),
            tick: 0,
            ended: false,
            dice: DiceSet::new(seed),
            events: Vec::new(),
            reacted: 0,
            inputs: Vec::new(),
            timers: BTreeMap::new(),
            timer_seq: 0,
            creds: BTreeMap::new(),
            works: BTreeMap::new(),
            disabled: BTreeMap::new(),
            hold_version: BTreeMap::new(),
            edge_changed_by: BTreeMap::new(),
            revealed: BTreeSet::new(),
            view_snapshot: crate::topology::ViewSnapshot::default(),
            adversary: Adversary::default(),
            actions: Vec::new(),
            signoffs: Vec::new(),
            objectives: vec![ObjectiveState::Pending; rules.objectives.len()],
            incident: None,
            notified: BTreeMap::new(),
            break_glass: BTreeMap::new(),
            hints_shown: 0,
            expert_played: 0,
            predicted: BTreeSet::new(),
            rules,
        };
        s.schedule_start();
        s.advance_to(0);
        s
    }

    fn schedule_start(&mut self) {
        let rules = Arc::clone(&self.rules);
        let end = rules.duration;
        for (i, inj) in rules.injects.iter().enumerate() {
            if inj.at > end {
                continue;
            }
            match inj.what {
                InjectWhat::Noise { count, .. } => {
                    if count > 0 {
                        let gap = self.noise_gap(i);
                        self.schedule(inj.at.saturating_add(gap), Timer::Noise(i));
                    }
                }
                _ => self.schedule(inj.at, Timer::Inject(i)),
            }
        }
        for (&w, rule) in &rules.workloads {
            if let Some((first, _)) = rule.schedule
                && first <= end
            {
                self.schedule(first, Timer::JobRun(w));
            }
        }
        let expiries: Vec<(NodeId, Ticks)> = self
            .estate
            .node_ids()
            .filter_map(|n| self.estate.node(n).expires.map(|t| (n, t)))
            .collect();
        for (n, t) in expiries {
            if t <= end {
                self.schedule(
                    t,
                    Timer::VersionExpiry {
                        credential: n,
                        upto: 1,
                        cause: None,
                    },
                );
            }
        }
        self.schedule_objective_deadlines();
        if self.mode == Mode::Shadow {
            for (i, step) in rules.expert.iter().enumerate() {
                if step.at <= end {
                    self.schedule(step.at, Timer::ExpertStep(i));
                }
            }
        }
    }

    // ---------------------------------------------------------------- queries

    /// The current tick.
    pub fn tick(&self) -> Ticks {
        self.tick
    }

    /// The tick the drill ends at.
    pub fn end_tick(&self) -> Ticks {
        self.rules.duration
    }

    /// Whether the drill has ended.
    pub fn is_over(&self) -> bool {
        self.ended
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The supervision mode.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// The options the session runs with (the mode resolved).
    pub fn options(&self) -> &SessionOptions {
        &self.options
    }

    /// The drill this session plays.
    pub fn drill(&self) -> &Arc<Drill> {
        &self.rules
    }

    /// The scenario's id.
    pub fn scenario_id(&self) -> &str {
        &self.rules.info.id
    }

    /// Lowercase hex SHA-256 of the scenario's bytes.
    pub fn scenario_sha256(&self) -> &str {
        &self.rules.sha256
    }

    /// The true estate (use [`Session::view`] for what the trainee sees).
    pub fn estate(&self) -> &Estate {
        &self.estate
    }

    /// The event log so far.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// One event.
    pub fn event(&self, id: EventId) -> &Event {
        &self.events[id.index()]
    }

    /// The causal chain of an event, from the event itself back to its root (an input, an
    /// inject or the clock): what the debrief walks to say why something happened.
    pub fn causal_chain(&self, id: EventId) -> Vec<EventId> {
        let mut chain = vec![id];
        let mut cause = &self.events[id.index()].cause;
        while let Cause::Event(e) = cause {
            chain.push(*e);
            cause = &self.events[e.index()].cause;
        }
        chain
    }

    /// The inputs taken so far.
    pub fn inputs(&self) -> &[InputRecord] {
        &self.inputs
    }

    /// The tick of the next scheduled happening, if any (the clock can jump to it).
    pub fn next_scheduled(&self) -> Option<Ticks> {
        self.timers.keys().next().map(|&(t, _)| t)
    }

    /// Lowercase hex SHA-256 of the session's setup (scenario id and hash, seed, mode,
    /// engine version, reviewer setting: one JSON line) and its canonical event log (each
    /// event's JSON, one per line).
    pub fn digest(&self) -> String {
        let mut h = Sha256::new();
        h.update(crate::journal::digest_header(self).as_bytes());
        h.update(b"\n");
        for e in &self.events {
            h.update(e.canonical_json().as_bytes());
            h.update(b"\n");
        }
        crate::rules::hex(&h.finalize())
    }

    /// The first 8 hex digits of the SHA-256 of each event's canonical line; journals record
    /// them so a replay can name the first event that differs.
    pub fn event_hashes(&self) -> Vec<String> {
        self.events.iter().map(short_hash).collect()
    }

    /// A copy of the whole state to branch from later ([`Session::restore`]).
    #[must_use]
    pub fn checkpoint(&self) -> Session {
        self.clone()
    }

    /// Goes back to a checkpoint.
    pub fn restore(&mut self, checkpoint: Session) {
        *self = checkpoint;
    }

    /// The expert response of the scenario, in order.
    pub fn expert_steps(&self) -> &[ExpertStep] {
        &self.rules.expert
    }

    // ---------------------------------------------------------------- inputs

    /// Applies one input. A rejected input changes nothing and says why.
    pub fn apply(&mut self, input: Input) -> Result<Vec<EventId>, Rejection> {
        if self.ended {
            return Err(Rejection::DrillOver {
                tick: self.rules.duration,
            });
        }
        let start = self.events.len();
        let index = self.inputs.len() as u32;
        match &input {
            Input::Advance(n) => {
                if *n == 0 {
                    return Err(Rejection::ZeroAdvance);
                }
                let target = self.tick.saturating_add(*n);
                self.record(input);
                self.advance_to(target);
            }
            Input::Command {
                command,
                confidence,
            } => {
                if self.mode == Mode::Shadow {
                    return Err(Rejection::ShadowMode);
                }
                let assessment = self.prepare(command, *confidence)?;
                let target = self.tick.saturating_add(cost(command));
                // Executing does not move the clock, so the input is recorded at its tick.
                self.execute(command, assessment.tier, *confidence, &Cause::Input(index));
                self.record(input);
                self.advance_to(target);
            }
            Input::Hint => {
                self.check_hint()?;
                self.record(input);
                self.show_hint(index);
            }
            Input::Predict(command) => {
                let step = self.check_prediction()?;
                let command = command.clone();
                self.record(input);
                self.score_prediction(step, &command, index);
            }
            Input::Decide {
                request,
                approve,
                reason,
            } => {
                self.check_decision(*request)?;
                let (request, approve, reason) = (*request, *approve, reason.clone());
                self.record(input);
                self.answer_signoff(request, approve, "instructor", &reason, Cause::Input(index));
            }
        }
        self.react();
        Ok((start..self.events.len())
            .map(|i| EventId(i as u32))
            .collect())
    }

    /// Applies one input the way scripts do: a refused command is recorded as a
    /// `command-rejected` event (and in the journal) and the run goes on. Other refusals
    /// are returned as errors, changing nothing.
    pub fn apply_or_record(&mut self, input: Input) -> Result<Vec<EventId>, Rejection> {
        match self.apply(input.clone()) {
            Ok(v) => Ok(v),
            Err(r @ (Rejection::DrillOver { .. } | Rejection::ShadowMode)) => Err(r),
            Err(r) => {
                let Input::Command { command, .. } = &input else {
                    return Err(r);
                };
                let index = self.inputs.len() as u32;
                let reason = r.to_string();
                let text = command.to_string();
                self.inputs.push(InputRecord {
                    index,
                    tick: self.tick,
                    input,
                    rejected: Some(reason.clone()),
                });
                let e = self.emit(
                    Cause::Input(index),
                    EventKind::CommandRejected { text, reason },
                );
                Ok(vec![e])
            }
        }
    }

    /// Runs a command given as text (parse errors are reported as a conflict).
    pub fn command(
        &mut self,
        text: &str,
        confidence: Option<u8>,
    ) -> Result<Vec<EventId>, Rejection> {
        let command = Command::parse(text).map_err(|e| Rejection::Conflict(e.message))?;
        self.apply(Input::Command {
            command,
            confidence,
        })
    }

    /// Lets `ticks` pass.
    pub fn advance(&mut self, ticks: Ticks) -> Result<Vec<EventId>, Rejection> {
        self.apply(Input::Advance(ticks))
    }

    /// Runs the clock to the end of the drill.
    pub fn finish(&mut self) -> Vec<EventId> {
        if self.ended {
            return Vec::new();
        }
        let left = self.rules.duration - self.tick;
        if left == 0 {
            // Only possible before any input at a zero-length drill.
            let start = self.events.len();
            self.end_drill();
            return (start..self.events.len())
                .map(|i| EventId(i as u32))
                .collect();
        }
        self.advance(left)
            .expect("advancing a running drill by a positive number of ticks is accepted")
    }

    /// Shows the next available hint (guided mode).
    pub fn hint(&mut self) -> Result<Vec<EventId>, Rejection> {
        self.apply(Input::Hint)
    }

    /// Scores a prediction of the expert's next step (shadow mode).
    pub fn predict(&mut self, command: Command) -> Result<Vec<EventId>, Rejection> {
        self.apply(Input::Predict(command))
    }

    /// An instructor's answer to a pending sign-off request.
    pub fn decide(
        &mut self,
        request: u32,
        approve: bool,
        reason: String,
    ) -> Result<Vec<EventId>, Rejection> {
        self.apply(Input::Decide {
            request,
            approve,
            reason,
        })
    }

    fn record(&mut self, input: Input) {
        let index = self.inputs.len() as u32;
        self.inputs.push(InputRecord {
            index,
            tick: self.tick,
            input,
            rejected: None,
        });
    }

    // ---------------------------------------------------------------- machinery

    /// Appends an event.
    pub(crate) fn emit(&mut self, cause: Cause, kind: EventKind) -> EventId {
        let id = EventId(self.events.len() as u32);
        self.events.push(Event {
            id,
            tick: self.tick,
            cause,
            kind,
        });
        id
    }

    /// Schedules a timer (never in the past).
    pub(crate) fn schedule(&mut self, at: Ticks, timer: Timer) {
        /// Orders a timer after every other timer due at its tick.
        const LAST: u64 = 1 << 63;
        let at = at.max(self.tick);
        self.timer_seq += 1;
        // Shadow mode's expert acts as a trainee's input would: after everything else due
        // at its tick, a sign-off answer included (a `redeploy` at the tick the rotation is
        // approved redeploys the new version, as the same script does in reviewed mode).
        let order = if matches!(timer, Timer::ExpertStep(_)) {
            self.timer_seq | LAST
        } else {
            self.timer_seq
        };
        self.timers.insert((at, order), timer);
    }

    /// Runs every timer due up to `target` (clamped to the end), then ends the drill if the
    /// end is reached.
    pub(crate) fn advance_to(&mut self, target: Ticks) {
        let target = target.min(self.rules.duration);
        self.react();
        while let Some(entry) = self.timers.first_entry() {
            let (t, _) = *entry.key();
            if t > target {
                break;
            }
            let timer = entry.remove();
            self.tick = self.tick.max(t);
            self.fire(timer);
            self.react();
        }
        self.tick = self.tick.max(target);
        if self.tick >= self.rules.duration && !self.ended {
            self.end_drill();
            self.react();
        }
    }

    fn fire(&mut self, timer: Timer) {
        match timer {
            Timer::Inject(i) => self.fire_inject(i),
            Timer::Noise(i) => self.fire_noise(i),
            Timer::Discovery(leaked) => self.adversary_discovers(&leaked),
            Timer::AdversaryAttempt => self.adversary_attempt(),
            Timer::SessionExpiry { identity, serial } => self.session_expires(identity, serial),
            Timer::VersionExpiry {
                credential,
                upto,
                cause,
            } => self.versions_expire(credential, upto, cause),
            Timer::Delivery {
                credential,
                edge,
                version,
                cause,
            } => self.deliver(credential, edge, version, cause),
            Timer::JobRun(w) => self.job_runs(w),
            Timer::ReviewerAnswer(r) => self.reviewer_answers(r),
            Timer::Detection {
                detection,
                cause,
                message,
            } => self.detection_fires(detection, cause, message),
            Timer::OutageCheck {
                objective,
                workload,
                serial,
            } => self.outage_check(objective, workload, serial),
            Timer::Deadline(o) => self.objective_deadline(o),
            Timer::ExpertStep(i) => self.play_expert_step(i),
        }
    }

    fn end_drill(&mut self) {
        self.ended = true;
        let e = self.emit(Cause::Clock, EventKind::DrillEnded);
        self.finalise_objectives(e);
    }

    // ---------------------------------------------------------------- state access

    /// A node's outgoing edges straight from the graph, without allocating, in the graph's
    /// own order: only for uses whose result does not depend on the order.
    pub(crate) fn outgoing(&self, n: NodeId) -> impl Iterator<Item = (EdgeId, NodeId, Edge)> + '_ {
        self.estate
            .graph()
            .edges_directed(NodeIndex::new(n.index()), Direction::Outgoing)
            .map(|e| {
                (
                    EdgeId(e.id().index() as u32),
                    NodeId(e.target().index() as u32),
                    *e.weight(),
                )
            })
    }

    /// A node's incoming edges, like [`Session::outgoing`].
    pub(crate) fn incoming(&self, n: NodeId) -> impl Iterator<Item = (EdgeId, NodeId, Edge)> + '_ {
        self.estate
            .graph()
            .edges_directed(NodeIndex::new(n.index()), Direction::Incoming)
            .map(|e| {
                (
                    EdgeId(e.id().index() as u32),
                    NodeId(e.source().index() as u32),
                    *e.weight(),
                )
            })
    }

    /// The estate, to change (copied first if a checkpoint still shares it).
    pub(crate) fn estate_mut(&mut self) -> &mut Estate {
        Arc::make_mut(&mut self.estate)
    }

    /// A credential's state (the initial state if nothing happened to it).
    pub(crate) fn cred(&self, c: NodeId) -> &CredState {
        self.creds.get(&c).unwrap_or(&FRESH_CRED)
    }

    pub(crate) fn cred_mut(&mut self, c: NodeId) -> &mut CredState {
        self.creds.entry(c).or_insert_with(|| FRESH_CRED.clone())
    }

    /// A workload's state.
    pub(crate) fn work(&self, w: NodeId) -> &WorkState {
        self.works.get(&w).unwrap_or(&FRESH_WORK)
    }

    pub(crate) fn work_mut(&mut self, w: NodeId) -> &mut WorkState {
        self.works.entry(w).or_default()
    }

    /// The node's id text.
    pub(crate) fn name(&self, n: NodeId) -> String {
        self.estate.node(n).id.clone()
    }

    /// The version a holder runs with.
    pub(crate) fn held_version(&self, edge: EdgeId) -> u32 {
        self.hold_version.get(&edge).copied().unwrap_or(1)
    }

    /// Whether the causal chain of an event starts at a trainee input.
    pub(crate) fn caused_by_trainee(&self, cause: &Cause) -> bool {
        let mut c = cause.clone();
        loop {
            match c {
                Cause::Input(_) => return true,
                Cause::Inject(_) | Cause::Clock => return false,
                Cause::Event(e) => c = self.events[e.index()].cause.clone(),
            }
        }
    }
}

/// Ticks a command costs: `logs` 5, `paths` 2, `wait N` N, everything else (`inspect`,
/// `owners`, and every change) 1.
pub fn cost(command: &Command) -> Ticks {
    match command {
        Command::Logs { .. } => 5,
        Command::Paths { .. } => 2,
        Command::Wait { ticks } => *ticks,
        _ => 1,
    }
}

/// First 8 hex digits of the SHA-256 of an event's canonical line.
pub(crate) fn short_hash(e: &Event) -> String {
    let d = Sha256::digest(e.canonical_json().as_bytes());
    crate::rules::hex(&d[..4])
}
