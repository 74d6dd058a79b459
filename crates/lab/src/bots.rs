//! Bots: responses that play a scenario the way a kind of trainee would, each a [`Policy`]
//! that sees nothing but the [`TraineeView`].
//!
//! | bot | plays |
//! |---|---|
//! | `do-nothing` | nothing: the drill runs to its end |
//! | `panic` | at the first alert, revokes every credential and disables every identity in the blast radius of what the alert names, at once, 95% sure |
//! | `revoke-leaked-only` | revokes each credential an alert names, nothing else |
//! | `rotate-without-redeploy` | rotates each credential an alert names with the offered grace, and redeploys nothing |
//! | `random-valid` | up to [`RANDOM_ACTIONS`] commands drawn from what the view offers on random visible nodes, at random moments (keyed by the seed) |
//! | `planner` | a generic competent responder: declares, reads the logs of what leaked, rotates with grace, waits for the new version, redeploys every holder it found, ends the sessions of the identity and of what it can assume, scopes down unused grants, notifies owners |
//! | `expert` | the scenario's expert response |
//! | `expert-minus-K` | the expert without its step K (1-based) |
//! | `expert-first-J` | only the expert's first J steps: a partly-right response |
//! | `expert-delayed-K` | the expert with step K (and whatever was due while it waited) [`DELAY`] ticks late |
//!
//! What "an alert names" means is what the trainee sees: the nodes alerts point to and the
//! subjects of tickets. In reviewed and guided mode every change goes through
//! `request-signoff` with a rollback plan (the view does not say a command's tier, so a bot
//! asks whenever a reviewer might be needed), and states a confidence.

use std::collections::VecDeque;

use drillhall_engine::DEFAULT_OFFERED_GRACE;
use drillhall_engine::{
    Command, EdgeKind, EventKind, IncidentSeverity, Input, Mode, NodeClass, NodeId, Permission,
    Policy, ScriptPolicy, Sensitivity, Ticks, TraineeView, input_for,
};
use drillhall_scenario::Drill;
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

/// Ticks an `expert-delayed-K` bot holds its step back.
pub const DELAY: Ticks = 15;
/// Commands a `random-valid` bot gives at most.
pub const RANDOM_ACTIONS: usize = 10;
/// How long a bot waits for a sign-off it asked for before going on without it.
const SIGNOFF_PATIENCE: Ticks = 30;

/// One kind of bot (see the module doc).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bot {
    DoNothing,
    Panic,
    RevokeLeakedOnly,
    RotateWithoutRedeploy,
    RandomValid,
    Planner,
    Expert,
    /// Without the expert's step at this 0-based index.
    ExpertMinus(usize),
    /// With the expert's step at this 0-based index delayed by [`DELAY`].
    ExpertDelayed(usize),
    /// Only the expert's first this many steps: a partly-right response.
    ExpertFirst(usize),
}

/// The bots with no parameter, in the order reports list them.
pub const SIMPLE: [Bot; 7] = [
    Bot::Expert,
    Bot::Planner,
    Bot::DoNothing,
    Bot::Panic,
    Bot::RevokeLeakedOnly,
    Bot::RotateWithoutRedeploy,
    Bot::RandomValid,
];

/// The words `--bots` takes: each simple bot's name, `expert-minus` / `expert-delayed` for
/// every step of the expert, and `expert-first` for every partial prefix of it.
pub const WORDS: [&str; 10] = [
    "expert",
    "planner",
    "do-nothing",
    "panic",
    "revoke-leaked-only",
    "rotate-without-redeploy",
    "random-valid",
    "expert-minus",
    "expert-delayed",
    "expert-first",
];

impl Bot {
    /// `panic`, `expert-minus-3` (1-based step).
    pub fn name(self) -> String {
        match self {
            Bot::DoNothing => "do-nothing".into(),
            Bot::Panic => "panic".into(),
            Bot::RevokeLeakedOnly => "revoke-leaked-only".into(),
            Bot::RotateWithoutRedeploy => "rotate-without-redeploy".into(),
            Bot::RandomValid => "random-valid".into(),
            Bot::Planner => "planner".into(),
            Bot::Expert => "expert".into(),
            Bot::ExpertMinus(k) => format!("expert-minus-{}", k + 1),
            Bot::ExpertDelayed(k) => format!("expert-delayed-{}", k + 1),
            Bot::ExpertFirst(j) => format!("expert-first-{j}"),
        }
    }

    /// The bot with this name (`expert-minus-3` included).
    pub fn parse(name: &str) -> Option<Bot> {
        let step = |rest: &str| {
            rest.parse::<usize>()
                .ok()
                .filter(|&k| k >= 1)
                .map(|k| k - 1)
        };
        if let Some(rest) = name.strip_prefix("expert-minus-") {
            return step(rest).map(Bot::ExpertMinus);
        }
        if let Some(rest) = name.strip_prefix("expert-delayed-") {
            return step(rest).map(Bot::ExpertDelayed);
        }
        if let Some(rest) = name.strip_prefix("expert-first-") {
            return step(rest).map(|j| Bot::ExpertFirst(j + 1));
        }
        SIMPLE.into_iter().find(|b| b.name() == name)
    }

    /// The bots a list of `--bots` words means on a drill (`expert-minus` expands to one bot
    /// per expert step); `None` names the unknown word.
    pub fn expand(words: &[String], drill: &Drill) -> Result<Vec<Bot>, String> {
        let mut out = Vec::new();
        for w in words {
            let more: Vec<Bot> = match w.as_str() {
                "expert-minus" => (0..drill.expert.len()).map(Bot::ExpertMinus).collect(),
                "expert-delayed" => (0..drill.expert.len()).map(Bot::ExpertDelayed).collect(),
                "expert-first" => (1..drill.expert.len()).map(Bot::ExpertFirst).collect(),
                other => vec![Bot::parse(other).ok_or_else(|| other.to_owned())?],
            };
            for b in more {
                if !out.contains(&b) {
                    out.push(b);
                }
            }
        }
        Ok(out)
    }

    /// Every bot for a drill: the simple ones, then each expert step dropped and delayed.
    pub fn all(drill: &Drill) -> Vec<Bot> {
        let words: Vec<String> = WORDS.iter().map(|w| (*w).to_owned()).collect();
        Bot::expand(&words, drill).expect("invariant: every word of WORDS names bots")
    }

    /// Whether this bot needs the scenario's expert (it has nothing to play without one).
    pub fn needs_expert(self) -> bool {
        matches!(
            self,
            Bot::Expert | Bot::ExpertMinus(_) | Bot::ExpertDelayed(_) | Bot::ExpertFirst(_)
        )
    }

    /// A fresh policy playing this bot on a drill, keyed by the seed where it draws.
    pub fn policy(self, drill: &Drill, seed: u64) -> Box<dyn Policy + Send> {
        match self {
            Bot::DoNothing => Box::new(DoNothing),
            Bot::Panic => Box::new(Reactive::new(Reaction::Panic)),
            Bot::RevokeLeakedOnly => Box::new(Reactive::new(Reaction::RevokeNamed)),
            Bot::RotateWithoutRedeploy => Box::new(Reactive::new(Reaction::RotateNamed)),
            Bot::Planner => Box::new(Reactive::new(Reaction::Plan)),
            Bot::RandomValid => Box::new(RandomValid::new(seed)),
            Bot::Expert => Box::new(ScriptPolicy::owned(drill.expert.clone())),
            Bot::ExpertMinus(k) => {
                let mut steps = drill.expert.clone();
                if k < steps.len() {
                    steps.remove(k);
                }
                Box::new(ScriptPolicy::owned(steps))
            }
            Bot::ExpertFirst(j) => Box::new(ScriptPolicy::owned(
                drill.expert.iter().take(j).cloned().collect(),
            )),
            Bot::ExpertDelayed(k) => {
                let mut steps = drill.expert.clone();
                if let Some(s) = steps.get_mut(k) {
                    s.at += DELAY;
                }
                // Stable: steps due at the same tick keep the expert's order.
                steps.sort_by_key(|s| s.at);
                Box::new(ScriptPolicy::owned(steps))
            }
        }
    }
}

struct DoNothing;

impl Policy for DoNothing {
    fn next_input(&mut self, _view: &TraineeView) -> Option<Input> {
        None
    }
}

/// Whether a command changes the estate (and so may need a reviewer).
fn changes_estate(c: &Command) -> bool {
    !matches!(
        c,
        Command::Inspect { .. }
            | Command::Logs { .. }
            | Command::Paths { .. }
            | Command::Owners { .. }
            | Command::Wait { .. }
            | Command::DeclareIncident { .. }
            | Command::Notify { .. }
            | Command::Note { .. }
            | Command::RequestSignoff { .. }
    )
}

/// A command as this bot gives it in the view's mode: a change in a supervised mode goes
/// through a sign-off request with a rollback plan; a change states `confidence`.
fn give(view: &TraineeView, command: Command, confidence: u8) -> Input {
    if !changes_estate(&command) {
        return input_for(view.mode(), command, None);
    }
    let supervised = matches!(view.mode(), Mode::Reviewed | Mode::Guided);
    let command = if supervised {
        let rollback = format!("undo `{command}` and restore what it changed");
        Command::RequestSignoff {
            action: Box::new(command),
            rollback,
        }
    } else {
        command
    };
    input_for(view.mode(), command, Some(confidence))
}

/// What the alerts and tickets the trainee has seen name, in the order they named them.
fn named(view: &TraineeView) -> Vec<NodeId> {
    let mut out: Vec<NodeId> = Vec::new();
    for e in view.feed() {
        let ids: &[String] = match &e.kind {
            EventKind::Alert { points_to, .. } => points_to,
            EventKind::TicketOpened { subjects, .. } => subjects,
            _ => continue,
        };
        for id in ids {
            if let Some(n) = view.find(id)
                && !out.contains(&n)
            {
                out.push(n);
            }
        }
    }
    out
}

/// Whether an alert (not only a ticket) has reached the trainee: an incident.
fn alerted(view: &TraineeView) -> bool {
    view.feed()
        .any(|e| matches!(e.kind, EventKind::Alert { .. }))
}

/// The workloads that hold a credential, as far as the view shows.
fn holders(view: &TraineeView, credential: NodeId) -> Vec<NodeId> {
    view.estate()
        .in_edges(credential)
        .into_iter()
        .filter(|&(e, _)| view.estate().edge(e).kind == EdgeKind::Holds)
        .map(|(_, w)| w)
        .collect()
}

/// The identity a credential authenticates.
fn identity_of(view: &TraineeView, credential: NodeId) -> Option<NodeId> {
    view.estate()
        .out_edges(credential)
        .into_iter()
        .find(|&(e, _)| view.estate().edge(e).kind == EdgeKind::Authenticates)
        .map(|(_, i)| i)
}

/// The identities an identity can assume.
fn assumable(view: &TraineeView, identity: NodeId) -> Vec<NodeId> {
    view.estate()
        .out_edges(identity)
        .into_iter()
        .filter(|&(e, _)| view.estate().edge(e).kind == EdgeKind::CanAssume)
        .map(|(_, i)| i)
        .collect()
}

fn id(view: &TraineeView, n: NodeId) -> String {
    view.node(n).id.clone()
}

/// The bots that wait for the first alert or ticket and then react to what it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reaction {
    Panic,
    RevokeNamed,
    RotateNamed,
    Plan,
}

/// One thing a reacting bot means to do next.
#[derive(Clone, Debug)]
enum Intent {
    /// Give this command (wrapped by [`give`]).
    Give(Command, u8),
    /// Wait until no sign-off is pending, or until the tick.
    AwaitSignoffs(Ticks),
    /// The planner's second phase: act on what the investigation found.
    Respond(Vec<NodeId>),
}

struct Reactive {
    reaction: Reaction,
    started: bool,
    queue: VecDeque<Intent>,
}

impl Reactive {
    fn new(reaction: Reaction) -> Reactive {
        Reactive {
            reaction,
            started: false,
            queue: VecDeque::new(),
        }
    }

    fn start(&mut self, view: &TraineeView, named: &[NodeId]) {
        let creds: Vec<NodeId> = named
            .iter()
            .copied()
            .filter(|&n| view.node(n).class() == NodeClass::Credential)
            .collect();
        match self.reaction {
            Reaction::Panic => {
                let mut seen: Vec<NodeId> = Vec::new();
                for &n in named {
                    for (_, m) in view.blast_tree(n) {
                        if !seen.contains(&m) {
                            seen.push(m);
                        }
                    }
                }
                for m in seen {
                    let status = view.status(m);
                    let command = match view.node(m).class() {
                        NodeClass::Credential if !status.revoked && !status.expired => {
                            Command::Revoke {
                                credential: id(view, m),
                            }
                        }
                        NodeClass::Identity if !status.disabled => Command::Disable {
                            identity: id(view, m),
                        },
                        _ => continue,
                    };
                    self.queue.push_back(Intent::Give(command, 95));
                }
            }
            Reaction::RevokeNamed => {
                for c in creds {
                    self.queue.push_back(Intent::Give(
                        Command::Revoke {
                            credential: id(view, c),
                        },
                        80,
                    ));
                }
            }
            Reaction::RotateNamed => {
                for c in creds {
                    self.queue.push_back(Intent::Give(
                        Command::Rotate {
                            credential: id(view, c),
                            grace: DEFAULT_OFFERED_GRACE,
                        },
                        80,
                    ));
                }
            }
            Reaction::Plan => {
                if alerted(view) {
                    self.queue.push_back(Intent::Give(
                        Command::DeclareIncident {
                            severity: IncidentSeverity::Sev2,
                        },
                        80,
                    ));
                }
                // Investigate first: the logs show holders the inventory does not list.
                for &c in &creds {
                    self.queue.push_back(Intent::Give(
                        Command::Logs {
                            id: id(view, c),
                            since: None,
                        },
                        80,
                    ));
                }
                self.queue.push_back(Intent::Respond(named.to_vec()));
            }
        }
    }

    /// The planner's response once the investigation is in, read from the view then.
    fn respond(&mut self, view: &TraineeView, named: &[NodeId]) {
        let tick = view.tick();
        let mut later: Vec<Intent> = Vec::new();
        let mut identities: Vec<NodeId> = Vec::new();
        let add_identity = |i: NodeId, list: &mut Vec<NodeId>| {
            if !list.contains(&i) {
                list.push(i);
            }
        };
        for &n in named {
            match view.node(n).class() {
                NodeClass::Credential => {
                    let status = view.status(n);
                    if status.revoked || status.expired {
                        continue;
                    }
                    let found = holders(view, n);
                    // Grace enough to redeploy every holder after the reviewer answers.
                    let grace = DEFAULT_OFFERED_GRACE + 2 * found.len() as Ticks;
                    self.queue.push_back(Intent::Give(
                        Command::Rotate {
                            credential: id(view, n),
                            grace,
                        },
                        85,
                    ));
                    self.queue
                        .push_back(Intent::AwaitSignoffs(tick + SIGNOFF_PATIENCE));
                    for w in found {
                        self.queue.push_back(Intent::Give(
                            Command::Redeploy {
                                workload: id(view, w),
                            },
                            85,
                        ));
                    }
                    if let Some(i) = identity_of(view, n) {
                        add_identity(i, &mut identities);
                    }
                }
                NodeClass::Identity => add_identity(n, &mut identities),
                NodeClass::Workload | NodeClass::Resource => {}
            }
        }
        let mut session_ends: Vec<NodeId> = Vec::new();
        for &i in &identities {
            for j in std::iter::once(i).chain(assumable(view, i)) {
                if !session_ends.contains(&j) {
                    session_ends.push(j);
                }
            }
        }
        if alerted(view) {
            for &i in &session_ends {
                later.push(Intent::Give(
                    Command::RevokeSessions {
                        identity: id(view, i),
                    },
                    85,
                ));
            }
        }
        // Unused grants of the identities involved only widen the blast radius.
        for &i in &identities {
            for (e, r) in view.estate().out_edges(i) {
                let edge = view.estate().edge(e);
                if let EdgeKind::Grants {
                    permission,
                    used: false,
                } = edge.kind
                    && edge.enabled
                    && permission > Permission::None
                {
                    later.push(Intent::Give(
                        Command::ScopeDown {
                            identity: id(view, i),
                            resource: id(view, r),
                            permission: Permission::None,
                        },
                        85,
                    ));
                }
            }
        }
        // Owners of what was named and of sensitive data within its reach.
        let mut teams: Vec<String> = Vec::new();
        for &n in named {
            for (_, m) in view.blast_tree(n) {
                let node = view.node(m);
                let sensitive = node.class() == NodeClass::Resource
                    && node.sensitivity >= Sensitivity::Restricted;
                if (m == n || sensitive)
                    && let Some(t) = &node.owner
                    && !teams.contains(t)
                {
                    teams.push(t.clone());
                }
            }
        }
        if alerted(view) {
            for team in teams {
                later.push(Intent::Give(Command::Notify { team }, 85));
            }
        }
        self.queue.extend(later);
    }
}

impl Policy for Reactive {
    fn next_input(&mut self, view: &TraineeView) -> Option<Input> {
        if !self.started {
            let named = named(view);
            if named.is_empty() {
                // Nothing seen yet: let a minute pass and look again.
                return (view.tick() < view.end_tick()).then_some(Input::Advance(1));
            }
            self.started = true;
            self.start(view, &named);
        }
        loop {
            match self.queue.pop_front()? {
                Intent::Give(command, confidence) => return Some(give(view, command, confidence)),
                Intent::AwaitSignoffs(until) => {
                    if !view.pending_signoffs().is_empty() && view.tick() < until {
                        self.queue.push_front(Intent::AwaitSignoffs(until));
                        return Some(Input::Advance(1));
                    }
                }
                Intent::Respond(named) => self.respond(view, &named),
            }
        }
    }
}

/// Random commands from what the view offers, keyed by the seed alone (so the same seed
/// plays the same bot).
struct RandomValid {
    rng: ChaCha8Rng,
    given: usize,
}

impl RandomValid {
    fn new(seed: u64) -> RandomValid {
        // A key of its own: the bot's draws never share a stream with the session's dice.
        let mut key = [0u8; 32];
        key[..8].copy_from_slice(&seed.to_le_bytes());
        key[8..20].copy_from_slice(b"random-valid");
        RandomValid {
            rng: ChaCha8Rng::from_seed(key),
            given: 0,
        }
    }

    /// Uniform in `0..n` (n > 0), by the multiply-high method the dice document.
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.rng.next_u64()) * u128::from(n)) >> 64) as u64
    }
}

impl Policy for RandomValid {
    fn next_input(&mut self, view: &TraineeView) -> Option<Input> {
        if self.given >= RANDOM_ACTIONS {
            return None;
        }
        // Half the time let a few minutes pass, so actions spread over the drill.
        if self.below(2) == 0 {
            let left = view.end_tick().saturating_sub(view.tick());
            if left == 0 {
                return None;
            }
            return Some(Input::Advance(1 + self.below(left.min(15))));
        }
        let count = view.nodes().len() as u64;
        if count == 0 {
            return None;
        }
        let n = view.nodes().nth(self.below(count) as usize)?;
        let offered = view.available_commands(n);
        let command = offered[self.below(offered.len() as u64) as usize].clone();
        let confidence = 50 + self.below(51) as u8;
        self.given += 1;
        Some(give(view, command, confidence))
    }
}
