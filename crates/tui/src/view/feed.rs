//! The event feed: what the trainee has seen, newest first, one line per event (a `logs`
//! result also lists its audit entries), filtered by severity and by node, with the
//! selected node's entries highlighted. Only as many events are read as fit on screen.

use drillhall_engine::Severity;
use drillhall_engine::format_clock;
use drillhall_engine::{Event, EventKind, LogEntry};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

use crate::app::FeedFilter;
use crate::theme::{Theme, Tone};
use crate::view::{para, truncate};

/// Whether an event is about the node with this id.
#[allow(clippy::match_same_arms)] // one arm per field shape reads as a table
pub fn mentions(kind: &EventKind, id: &str) -> bool {
    let is = |s: &String| s == id;
    let opt = |s: &Option<String>| s.as_deref() == Some(id);
    match kind {
        EventKind::CredentialLeaked { credential, .. }
        | EventKind::CredentialRevoked { credential }
        | EventKind::CredentialRotated { credential, .. }
        | EventKind::OldVersionExpired { credential, .. }
        | EventKind::CredentialExpired { credential } => is(credential),
        EventKind::CredentialDelivered {
            credential,
            workload,
            ..
        }
        | EventKind::CredentialAttached {
            credential,
            workload,
        }
        | EventKind::CredentialDetached {
            credential,
            workload,
        } => is(credential) || is(workload),
        EventKind::CredentialIssued {
            credential,
            identity,
            store,
            ..
        } => is(credential) || is(identity) || opt(store),
        EventKind::Alert { points_to, .. } => points_to.iter().any(is),
        EventKind::NoiseAlert { node, .. } => is(node),
        EventKind::TicketOpened { subjects, .. } => subjects.iter().any(is),
        EventKind::WorkloadCompromised { workload }
        | EventKind::WorkloadDown { workload, .. }
        | EventKind::WorkloadUp { workload, .. }
        | EventKind::WorkloadRedeployed { workload, .. }
        | EventKind::WorkloadQuarantined { workload }
        | EventKind::WorkloadRestored { workload } => is(workload),
        EventKind::HiddenHolderRevealed {
            workload,
            credential,
        } => is(workload) || opt(credential),
        EventKind::NodeRevealed { node }
        | EventKind::AdversaryLostAccess { node }
        | EventKind::Inspected { node, .. }
        | EventKind::PathsShown { node, .. }
        | EventKind::OwnersShown { node, .. } => is(node),
        EventKind::LogsRead { node, entries, .. } => {
            is(node)
                || entries.iter().any(|e| {
                    opt(&e.identity) || opt(&e.credential) || opt(&e.workload) || opt(&e.target)
                })
        }
        EventKind::IdentityDisabled { identity }
        | EventKind::IdentityEnabled { identity }
        | EventKind::SessionsRevoked { identity, .. }
        | EventKind::IdentityCreated { identity, .. }
        | EventKind::BreakGlassOpened { identity }
        | EventKind::BreakGlassClosed { identity, .. }
        | EventKind::SessionExpired { identity }
        | EventKind::AdversarySessionOpened { identity, .. } => is(identity),
        EventKind::GrantScopedDown {
            identity, resource, ..
        }
        | EventKind::GrantRemoved {
            identity, resource, ..
        }
        | EventKind::GrantAdded {
            identity, resource, ..
        } => is(identity) || is(resource),
        EventKind::PersistenceCreated {
            credential,
            identity,
            store,
        } => is(credential) || is(identity) || is(store),
        EventKind::PersistenceFound { credential, .. } => is(credential),
        EventKind::Exfiltration { resource, .. }
        | EventKind::ExfiltrationStopped { resource, .. } => is(resource),
        EventKind::Audit {
            identity,
            credential,
            target,
            ..
        } => opt(identity) || opt(credential) || opt(target),
        EventKind::AdversaryDiscoveredLeak { credential, .. } => is(credential),
        EventKind::AdversaryMoved { from, to, .. } => is(from) || is(to),
        EventKind::SignoffRequested { command, .. }
        | EventKind::CommandExecuted { text: command, .. }
        | EventKind::CommandRejected { text: command, .. }
        | EventKind::RolledBack { text: command, .. }
        | EventKind::ExpertStep { text: command, .. } => command
            .split_whitespace()
            .any(|w| w.trim_matches('"') == id),
        EventKind::OwnerNotified { team } => is(team),
        _ => false,
    }
}

fn severity(kind: &EventKind) -> Option<Severity> {
    match kind {
        EventKind::Alert { severity, .. } | EventKind::NoiseAlert { severity, .. } => {
            Some(*severity)
        }
        EventKind::TicketOpened { severity, .. } => *severity,
        _ => None,
    }
}

/// The glyph and tone of an event in the feed.
fn look(kind: &EventKind) -> (&'static str, Tone) {
    match kind {
        EventKind::Alert { severity, .. } => (
            "!",
            if *severity >= Severity::High {
                Tone::Danger
            } else {
                Tone::Warn
            },
        ),
        EventKind::NoiseAlert { .. } => ("·", Tone::Dim),
        EventKind::TicketOpened { .. } => ("✉", Tone::Accent),
        EventKind::WorkloadDown { .. }
        | EventKind::CommandRejected { .. }
        | EventKind::SignoffRejected { .. }
        | EventKind::CredentialRevoked { .. }
        | EventKind::CredentialExpired { .. } => ("✗", Tone::Danger),
        EventKind::WorkloadUp { .. } | EventKind::SignoffApproved { .. } => ("✓", Tone::Good),
        EventKind::HiddenHolderRevealed { .. }
        | EventKind::NodeRevealed { .. }
        | EventKind::PersistenceFound { .. } => ("?", Tone::Accent),
        EventKind::CommandExecuted { .. } => ("›", Tone::Title),
        EventKind::SignoffRequested { .. } => ("⧖", Tone::Warn),
        EventKind::ExpertStep { .. } | EventKind::PredictionScored { .. } => ("★", Tone::Accent),
        EventKind::HintShown { .. } => ("✦", Tone::Warn),
        _ => ("•", Tone::Plain),
    }
}

fn entry_line(e: &LogEntry) -> String {
    let (when, rest) = crate::results::entry_parts(e);
    when + &rest
}

fn lines_of<'a>(
    e: &Event,
    number: Option<u32>,
    width: usize,
    theme: Theme,
    highlighted: bool,
) -> Vec<Line<'a>> {
    let (glyph, tone) = look(&e.kind);
    let what = e.kind.describe();
    let number = number.map(|n| format!("#{n} ")).unwrap_or_default();
    let text = if what.is_empty() {
        format!("{number}{}", e.kind.name())
    } else {
        format!("{number}{} {what}", e.kind.name())
    };
    let clock = format_clock(e.tick);
    let room = width.saturating_sub(clock.chars().count() + 3);
    let mut out = vec![Line::from(vec![
        Span::styled(clock, theme.tone(Tone::Dim)),
        Span::raw(" "),
        Span::styled(glyph, theme.tone(tone)),
        Span::raw(" "),
        Span::styled(truncate(&text, room), theme.tone(tone)),
    ])];
    if let EventKind::LogsRead { entries, .. } = &e.kind {
        for entry in entries {
            out.push(Line::from(Span::styled(
                truncate(&format!("    {}", entry_line(entry)), width),
                theme.tone(Tone::Plain),
            )));
        }
    }
    if let EventKind::HintShown { text, .. } = &e.kind {
        out.push(Line::raw(truncate(&format!("    {text}"), width)));
    }
    if highlighted {
        out = out
            .into_iter()
            .map(|l| l.patch_style(theme.highlighted()))
            .collect();
    }
    out
}

/// Whether the `i`th event stands for itself in the feed. A `command-executed` is folded
/// into the effects that follow it (they carry its number), so each happening is one line;
/// a command with no visible effect keeps its own line.
fn folded(events: &[Event], i: usize) -> bool {
    let e = &events[i];
    matches!(e.kind, EventKind::CommandExecuted { .. })
        && events
            .get(i + 1)
            .is_some_and(|n| n.cause == e.cause && n.kind.visible_to_trainee())
}

/// The action number of the command an effect follows from, if it is folded into it.
fn action_number(events: &[Event], i: usize) -> Option<u32> {
    let cause = &events[i].cause;
    events[..i]
        .iter()
        .rev()
        .take_while(|p| &p.cause == cause)
        .find_map(|p| match p.kind {
            EventKind::CommandExecuted { number, .. } => Some(number),
            _ => None,
        })
}

/// The events the feed shows, newest first, with their index: what the trainee has seen,
/// through the filter, each happening once.
pub(crate) fn shown<'a>(
    events: &'a [Event],
    filter: FeedFilter,
    selected: Option<&'a str>,
) -> impl Iterator<Item = (usize, &'a Event)> + 'a {
    events.iter().enumerate().rev().filter(move |&(i, e)| {
        if !e.kind.visible_to_trainee() || matches!(e.kind, EventKind::DrillEnded) {
            return false;
        }
        if folded(events, i) {
            return false;
        }
        if let Some(min) = filter.min_severity
            && severity(&e.kind).is_none_or(|s| s < min)
        {
            return false;
        }
        !filter.selected_only || selected.is_some_and(|id| mentions(&e.kind, id))
    })
}

/// One event in full, for the page Enter opens: every word of it, nothing cut.
pub(crate) fn full_lines(events: &[Event], i: usize, theme: Theme) -> Vec<Line<'static>> {
    let e = &events[i];
    let (glyph, tone) = look(&e.kind);
    let number = action_number(events, i)
        .map(|n| format!("#{n} "))
        .unwrap_or_default();
    let mut out = vec![Line::from(vec![
        Span::styled(format_clock(e.tick), theme.tone(Tone::Accent)),
        Span::raw(" "),
        Span::styled(glyph, theme.tone(tone)),
        Span::raw(" "),
        Span::styled(
            format!("{number}{}", e.kind.name()),
            theme.tone(Tone::Title),
        ),
    ])];
    let what = e.kind.describe();
    if !what.is_empty() {
        out.push(Line::raw(what));
    }
    match &e.kind {
        EventKind::Alert { points_to, .. } if !points_to.is_empty() => {
            out.push(Line::raw(format!("points to: {}", points_to.join(", "))));
        }
        EventKind::LogsRead { entries, .. } => {
            for entry in entries {
                out.push(Line::raw(format!("  {}", entry_line(entry))));
            }
        }
        EventKind::HintShown { text, .. } => out.push(Line::raw(text.clone())),
        _ => {}
    }
    out
}

/// Draws the feed (the events the trainee has seen) in `area`, inside `block`: from the
/// newest, or `scroll` entries back with the entry there marked (Enter opens it in full).
#[allow(clippy::too_many_arguments)] // the pane's inputs, each from a different owner
pub(crate) fn draw(
    frame: &mut Frame,
    area: Rect,
    block: Block<'_>,
    events: &[Event],
    filter: FeedFilter,
    selected: Option<&str>,
    scroll: usize,
    theme: Theme,
) {
    let inner = block.inner(area);
    let height = usize::from(inner.height);
    let width = usize::from(inner.width);
    let mut lines: Vec<Line> = Vec::new();
    for (n, (i, e)) in shown(events, filter, selected).skip(scroll).enumerate() {
        if lines.len() >= height {
            break;
        }
        let about = selected.is_some_and(|id| mentions(&e.kind, id));
        let marked = scroll > 0 && n == 0;
        let number = action_number(events, i);
        let mut entry = lines_of(e, number, width, theme, about);
        if marked && let Some(first) = entry.first_mut() {
            *first = std::mem::take(first).patch_style(theme.selected());
        }
        lines.extend(entry);
    }
    lines.truncate(height);
    if lines.is_empty() {
        lines.push(Line::styled(
            "nothing yet: investigate, or wait for the clock",
            theme.tone(Tone::Dim),
        ));
    }
    frame.render_widget(para(lines).block(block), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_mentions_the_ids_it_names_but_not_ids_that_merely_contain_them() {
        let k = EventKind::CommandExecuted {
            number: 1,
            text: "rotate tok-deploy-2 --grace 5m".into(),
            tier: drillhall_engine::Tier::High,
            confidence: None,
        };
        assert!(mentions(&k, "tok-deploy-2"));
        assert!(!mentions(&k, "tok-deploy"));
    }
}
