//! Walking the causal chain: from any event back to the trainee input and the executed
//! command behind it.
//!
//! Every event names its cause ([`Cause`]); following causes upward ends at a trainee input,
//! an inject or the clock. A command's effects share the cause of its `command-executed`
//! event (the input, the sign-off approval, or the shadow-mode expert step that ran it), so
//! the command behind an effect is the nearest earlier `command-executed` event with the same
//! cause as some event on the chain.

use drillhall_estate::Ticks;
use drillhall_scenario::command::Command;
use serde::Serialize;

use drillhall_engine::{Cause, Event, EventId, EventKind};
use drillhall_engine::{Input, Session};

/// The trainee command that led to a deduction or a consequence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CommandRef {
    /// The trainee input at the root of the chain (0-based, as in the journal).
    pub input: u32,
    /// When the trainee gave the input.
    pub given: Ticks,
    /// The command that ran (for a sign-off request, the command that was approved).
    pub text: String,
    /// When it ran.
    pub executed: Ticks,
    /// Its `command-executed` event.
    pub event: EventId,
}

/// The causal index of a finished session.
pub(crate) struct Trace<'a> {
    pub session: &'a Session,
    /// For each event, the trainee input at the root of its causal chain.
    root: Vec<Option<u32>>,
    /// Every `command-executed` event, in order.
    executed: Vec<EventId>,
}

impl<'a> Trace<'a> {
    /// Indexes a session's event log (one pass).
    pub fn new(session: &'a Session) -> Trace<'a> {
        let events = session.events();
        let mut root: Vec<Option<u32>> = Vec::with_capacity(events.len());
        let mut executed = Vec::new();
        for e in events {
            let r = match &e.cause {
                Cause::Input(i) => Some(*i),
                // Causes always point backwards, so the parent's root is known.
                Cause::Event(p) => root.get(p.index()).copied().flatten(),
                Cause::Inject(_) | Cause::Clock => None,
            };
            root.push(r);
            if matches!(e.kind, EventKind::CommandExecuted { .. }) {
                executed.push(e.id);
            }
        }
        Trace {
            session,
            root,
            executed,
        }
    }

    /// The events of the session.
    pub fn events(&self) -> &'a [Event] {
        self.session.events()
    }

    /// One event.
    pub fn event(&self, id: EventId) -> &'a Event {
        &self.session.events()[id.index()]
    }

    /// The trainee input at the root of an event's causal chain, if the chain starts at one.
    pub fn root_input(&self, id: EventId) -> Option<u32> {
        self.root[id.index()]
    }

    /// An event and its causes, nearest first, up to the first that is not an event.
    pub fn chain(&self, id: EventId) -> Vec<EventId> {
        let mut out = vec![id];
        let mut current = id;
        while let Cause::Event(p) = self.event(current).cause {
            out.push(p);
            current = p;
        }
        out
    }

    /// The `command-executed` event whose effects include `id` (or `id` itself).
    pub fn executed_behind(&self, id: EventId) -> Option<EventId> {
        let mut current = Some(id);
        while let Some(a) = current {
            let ev = self.event(a);
            if matches!(ev.kind, EventKind::CommandExecuted { .. }) {
                return Some(a);
            }
            if let Some(&c) = self
                .executed
                .iter()
                .rev()
                .find(|&&c| c < a && self.event(c).cause == ev.cause)
            {
                return Some(c);
            }
            current = match ev.cause {
                Cause::Event(p) => Some(p),
                _ => None,
            };
        }
        None
    }

    /// The trainee command behind an event: the executed command on its causal chain, when
    /// the chain starts at a trainee input.
    pub fn command_behind(&self, id: EventId) -> Option<CommandRef> {
        let input = self.root_input(id)?;
        let c = self.executed_behind(id)?;
        let EventKind::CommandExecuted { text, .. } = &self.event(c).kind else {
            unreachable!("executed_behind returns command-executed events")
        };
        let given = self
            .session
            .inputs()
            .get(input as usize)
            .map_or(self.event(c).tick, |r| r.tick);
        Some(CommandRef {
            input,
            given,
            text: text.clone(),
            executed: self.event(c).tick,
            event: c,
        })
    }

    /// The events whose causal chain starts at a trainee input, in order.
    pub fn caused_by_input(&self, input: u32) -> impl Iterator<Item = &'a Event> + '_ {
        self.events()
            .iter()
            .filter(move |e| self.root[e.id.index()] == Some(input))
    }
}

/// The command an input asks for: the command itself, or the one a sign-off request names.
pub(crate) fn effective(command: &Command) -> &Command {
    match command {
        Command::RequestSignoff { action, .. } => effective(action),
        c => c,
    }
}

/// What identifies "the same action" across two responses: the verb and the ids it names
/// (a `rotate` with a different grace is still the same rotation).
pub(crate) fn action_key(command: &Command) -> (String, Vec<String>) {
    let c = effective(command);
    (
        c.verb().to_owned(),
        c.references()
            .into_iter()
            .map(|(id, _)| id.to_owned())
            .collect(),
    )
}

/// The command of an input, if it is one.
pub(crate) fn input_command(input: &Input) -> Option<(&Command, Option<u8>)> {
    match input {
        Input::Command {
            command,
            confidence,
        } => Some((command, *confidence)),
        _ => None,
    }
}
