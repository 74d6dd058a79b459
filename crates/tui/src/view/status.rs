//! The live status panel: what matters most while a response is under way, counted down
//! as the clock moves — each open grace window with the holders still on the old version,
//! each sign-off waiting with when its answer is due, each workload down with its downtime
//! so far, and the incident and who was told. Every fact is the view's or an event's;
//! the panel only counts from the clock.

use drillhall_engine::{Drill, EventKind, TraineeView};
use drillhall_engine::{format_clock, format_duration};
use ratatui::text::{Line, Span};

use crate::theme::{Theme, Tone};

/// Workloads down now, with the tick each went down (from its latest `workload-down`).
pub(crate) fn down(view: &TraineeView) -> Vec<(String, u64, String)> {
    let estate = view.estate();
    let mut out = Vec::new();
    for n in view.nodes() {
        if !view.status(n).down {
            continue;
        }
        let id = &estate.node(n).id;
        let since = view.events().iter().rev().find_map(|e| match &e.kind {
            EventKind::WorkloadDown {
                workload, reason, ..
            } if workload == id => Some((e.tick, reason.clone())),
            _ => None,
        });
        let (since, reason) = since.unwrap_or((view.tick(), String::new()));
        out.push((id.clone(), since, reason));
    }
    out
}

/// The panel's lines, most urgent first.
pub(crate) fn lines(view: &TraineeView, drill: &Drill, theme: Theme) -> Vec<Line<'static>> {
    let now = view.tick();
    let mut out = Vec::new();
    for g in view.grace_windows() {
        let left = g.ends_at.saturating_sub(now);
        let holders = if g.on_old.is_empty() {
            "every holder you know of has moved".to_owned()
        } else {
            format!("still on the old version: {}", g.on_old.join(", "))
        };
        out.push(Line::from(vec![
            Span::styled("↻ ", theme.tone(Tone::Warn)),
            Span::styled(
                format!(
                    "{} v{} dies in {} ({})",
                    g.credential,
                    g.upto,
                    format_duration(left),
                    format_clock(g.ends_at)
                ),
                theme.tone(Tone::Warn),
            ),
            Span::raw(format!(" · {holders}")),
        ]));
    }
    let (lo, hi) = drill.reviewer_delay;
    for p in view.pending_signoffs() {
        let due = if view.simulated_reviewer() {
            format!(
                "answer due {}–{}",
                format_clock(p.requested_at + lo),
                format_clock(p.requested_at + hi)
            )
        } else {
            "waiting for the instructor (F2)".to_owned()
        };
        out.push(Line::from(vec![
            Span::styled(
                format!("⧖ sign-off #{} ", p.request),
                theme.tone(Tone::Warn),
            ),
            Span::raw(format!("{} · {due}", p.command)),
        ]));
    }
    for (id, since, reason) in down(view) {
        let mut text = format!(
            "{id} down {} (since {})",
            format_duration(now.saturating_sub(since)),
            format_clock(since)
        );
        if !reason.is_empty() {
            text.push_str(&format!(": {reason}"));
        }
        out.push(Line::from(vec![
            Span::styled("▼ ", theme.tone(Tone::Danger)),
            Span::styled(text, theme.tone(Tone::Danger)),
        ]));
    }
    let mut incident = None;
    let mut notified: Vec<String> = Vec::new();
    for e in view.events() {
        match &e.kind {
            EventKind::IncidentDeclared { severity } => incident = Some((*severity, e.tick)),
            EventKind::OwnerNotified { team } if !notified.contains(team) => {
                notified.push(team.clone());
            }
            _ => {}
        }
    }
    let incident = match incident {
        Some((sev, at)) => format!("incident {sev} since {}", format_clock(at)),
        None => "no incident declared".to_owned(),
    };
    let notified = if notified.is_empty() {
        "nobody notified".to_owned()
    } else {
        format!("notified: {}", notified.join(", "))
    };
    out.push(Line::styled(
        format!("{incident} · {notified}"),
        theme.tone(Tone::Plain),
    ));
    out
}
