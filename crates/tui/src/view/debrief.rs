//! The debrief screen: the score by dimension and every point lost, the objectives,
//! the trainee's decisions with their consequences beside the expert's response (par),
//! the counterfactual re-runs, and calibration. Two columns from 120 wide, one below.

use drillhall_debrief::{self as score, DecisionOutcome, format_hundredths};
use drillhall_engine::format_clock;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Wrap};

use crate::app::App;
use crate::debrief::Debrief;
use crate::pane::Pane;
use crate::theme::{Theme, Tone};
use crate::view::{WIDE, keys_line, para};

fn heading(text: &str, theme: Theme) -> Line<'static> {
    Line::styled(text.to_owned(), theme.tone(Tone::Title))
}

/// Score, dimensions, the lines that lost points, objectives, calibration.
fn outcome_lines(
    d: &score::Debrief,
    ended_at: Option<drillhall_engine::Ticks>,
    theme: Theme,
) -> Vec<Line<'static>> {
    let s = &d.score;
    let mut out = vec![Line::from(vec![
        Span::styled("Score ", theme.tone(Tone::Title)),
        Span::styled(
            format!("{} / 100", s.display()),
            theme
                .tone(Tone::Accent)
                .add_modifier(ratatui::style::Modifier::BOLD),
        ),
        Span::styled(
            format!(
                "   {} of {} objectives · par {} ({} of {})",
                d.objectives.iter().filter(|o| o.state == "met").count(),
                d.objectives.len(),
                d.par.score.display(),
                d.par.objectives_met,
                d.par.objectives_total
            ),
            theme.tone(Tone::Dim),
        ),
    ])];
    for dim in &s.dimensions {
        let filled = (dim.value / 10) as usize;
        let tone = match dim.value {
            90.. => Tone::Good,
            60..=89 => Tone::Warn,
            _ => Tone::Danger,
        };
        out.push(Line::from(vec![
            Span::raw(format!(" {:<16}", dim.dimension.as_str())),
            Span::styled(format!("{:>3} ", dim.value), theme.tone(tone)),
            Span::styled("█".repeat(filled), theme.tone(tone)),
            Span::styled("░".repeat(10 - filled), theme.tone(Tone::Dim)),
            Span::styled(format!(" ×{}", dim.weight), theme.tone(Tone::Dim)),
        ]));
    }
    if let Some(p) = &d.predictions {
        out.push(Line::from(vec![
            Span::raw(" shadow predictions "),
            Span::styled(
                format!("{} of {} points", p.points, p.max),
                theme.tone(Tone::Accent),
            ),
        ]));
    }
    out.push(Line::raw(""));
    out.push(heading("Points lost", theme));
    if s.lines.is_empty() {
        out.push(Line::styled(" none", theme.tone(Tone::Good)));
    }
    for l in &s.lines {
        out.push(Line::from(vec![
            Span::styled(format!(" −{:<3}", l.points), theme.tone(Tone::Danger)),
            Span::styled(format!("{} ", l.dimension.as_str()), theme.tone(Tone::Dim)),
            Span::styled(format!("{} ", format_clock(l.tick)), theme.tone(Tone::Dim)),
            Span::raw(l.text.clone()),
        ]));
    }
    out.push(Line::raw(""));
    out.push(heading("Objectives", theme));
    for o in &d.objectives {
        let (glyph, tone) = match o.state {
            "met" => ("✓", Tone::Good),
            "failed" => ("✗", Tone::Danger),
            _ => ("·", Tone::Dim),
        };
        let when = match (o.tick, ended_at) {
            (Some(t), Some(end)) if t > end => format!(
                " at {}, after you ended at {} (the drill ran on without you)",
                format_clock(t),
                format_clock(end)
            ),
            (Some(t), _) => format!(" at {}", format_clock(t)),
            (None, _) => String::new(),
        };
        out.push(Line::from(vec![
            Span::styled(format!(" {glyph} "), theme.tone(tone)),
            Span::raw(o.text.clone()),
            Span::styled(when, theme.tone(Tone::Dim)),
        ]));
        if let Some(r) = &o.reason {
            out.push(Line::styled(format!("     {r}"), theme.tone(Tone::Dim)));
        }
    }
    out.push(Line::raw(""));
    out.push(heading("Calibration", theme));
    out.push(Line::raw(format!(" {}", d.calibration.sentence)));
    for c in &d.calibration.decisions {
        let conf = c
            .confidence
            .map_or_else(|| "  —".to_owned(), |v| format!("{v:>3}%"));
        let (word, tone) = match c.helped {
            Some(true) => ("helped", Tone::Good),
            Some(false) => ("made it worse", Tone::Danger),
            None => ("outcome unknown", Tone::Dim),
        };
        out.push(Line::from(vec![
            Span::raw(format!(" {conf} {} ", c.action)),
            Span::styled(format!("→ {word}"), theme.tone(tone)),
        ]));
    }
    if !d.pauses.is_empty() {
        out.push(Line::raw(""));
        out.push(heading("Pauses", theme));
        out.push(Line::raw(format!(" {}", d.pauses.sentence)));
    }
    out
}

/// The trainee's decisions, the expert's steps, and the counterfactuals.
fn timeline_lines(d: &score::Debrief, theme: Theme) -> Vec<Line<'static>> {
    let mut out = vec![heading("Your decisions", theme)];
    if d.decisions.is_empty() {
        out.push(Line::styled(" none", theme.tone(Tone::Dim)));
    }
    for dec in &d.decisions {
        let conf = dec
            .confidence
            .map(|c| format!(" ({c}%)"))
            .unwrap_or_default();
        let tone = match dec.outcome {
            DecisionOutcome::Executed { .. } => Tone::Plain,
            DecisionOutcome::AwaitingSignoff => Tone::Warn,
            _ => Tone::Danger,
        };
        out.push(Line::from(vec![
            Span::styled(
                format!(" {} ", format_clock(dec.tick)),
                theme.tone(Tone::Dim),
            ),
            Span::styled(format!("{}{conf}", dec.action), theme.tone(tone)),
        ]));
        if !matches!(dec.outcome, DecisionOutcome::Executed { tick } if tick == dec.tick) {
            out.push(Line::styled(
                format!("     {}", dec.outcome.describe()),
                theme.tone(tone),
            ));
        }
        for c in dec.consequences.iter().take(3) {
            let tone = match c.kind {
                "workload-down" | "objective-failed" | "command-rejected" => Tone::Danger,
                "objective-met" | "workload-up" | "hidden-holder-revealed" => Tone::Good,
                _ => Tone::Plain,
            };
            out.push(Line::from(vec![
                Span::styled(
                    format!("     → {} ", format_clock(c.tick)),
                    theme.tone(Tone::Dim),
                ),
                Span::styled(format!("{} {}", c.kind, c.text), theme.tone(tone)),
            ]));
        }
        if dec.consequences.len() > 3 {
            out.push(Line::styled(
                format!("     … {} more", dec.consequences.len() - 3),
                theme.tone(Tone::Dim),
            ));
        }
    }
    out.push(Line::raw(""));
    out.push(heading("The expert's response (par)", theme));
    for p in &d.par.steps {
        let (mark, tone) = if p.done_by_trainee {
            ("✓", Tone::Good)
        } else {
            ("·", Tone::Dim)
        };
        out.push(Line::from(vec![
            Span::styled(format!(" {mark} "), theme.tone(tone)),
            Span::styled(format!("{} ", format_clock(p.tick)), theme.tone(Tone::Dim)),
            Span::raw(p.action.clone()),
        ]));
        if let Some(w) = &p.why {
            out.push(Line::styled(format!("     {w}"), theme.tone(Tone::Dim)));
        }
    }
    out.push(Line::raw(""));
    out.push(heading("What if", theme));
    if d.counterfactuals.is_empty() {
        out.push(Line::styled(
            " no decision to take out",
            theme.tone(Tone::Dim),
        ));
    }
    for c in &d.counterfactuals {
        let tone = match c.delta {
            1.. => Tone::Warn,
            0 => Tone::Dim,
            _ => Tone::Good,
        };
        out.push(Line::from(vec![
            Span::styled(" • ", theme.tone(tone)),
            Span::raw(c.sentence.clone()),
        ]));
    }
    out
}

/// Draws one scrolled column of the debrief; returns how far it can scroll at this size.
fn column(app: &App, frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line<'static>>) -> u16 {
    let block = Block::bordered().title(title.to_owned());
    let inner = block.inner(area);
    let mut page = Pane::new(title, lines);
    page.scroll = usize::from(app.debrief_scroll);
    let (rows, _, total) = page.rows(usize::from(inner.width), usize::from(inner.height));
    frame.render_widget(para(rows).block(block), area);
    u16::try_from(total.saturating_sub(usize::from(inner.height))).unwrap_or(u16::MAX)
}

pub(crate) fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let [header, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let session = app.session();
    let score = app
        .debrief()
        .and_then(Debrief::hundredths)
        .map(|h| format!(" · {} / 100", format_hundredths(h)))
        .unwrap_or_default();
    frame.render_widget(
        para(Line::from(vec![
            Span::styled(
                format!(" Debrief · {}", app.drill().info.title),
                theme.tone(Tone::Title),
            ),
            Span::styled(score, theme.tone(Tone::Accent)),
            Span::styled(
                format!(" · seed {} · {}", session.seed(), session.mode()),
                theme.tone(Tone::Dim),
            ),
        ])),
        header,
    );
    let Some(debrief) = app.debrief() else {
        return;
    };
    match &debrief.report {
        Err(e) => frame.render_widget(
            para(Line::styled(
                format!("this session cannot be scored: {e}"),
                theme.tone(Tone::Danger),
            ))
            .block(Block::bordered())
            .wrap(Wrap { trim: false }),
            body,
        ),
        Ok(d) if area.width >= WIDE => {
            let [left, right] =
                Layout::horizontal([Constraint::Percentage(50), Constraint::Fill(1)]).areas(body);
            let outcome = column(
                app,
                frame,
                left,
                " Outcome ",
                outcome_lines(d, debrief.ended_at, theme),
            );
            let timeline = column(
                app,
                frame,
                right,
                " Timeline beside par ",
                timeline_lines(d, theme),
            );
            app.debrief_max.set(outcome.max(timeline));
        }
        Ok(d) => {
            let mut lines = outcome_lines(d, debrief.ended_at, theme);
            lines.push(Line::raw(""));
            lines.extend(timeline_lines(d, theme));
            let max = column(app, frame, body, "", lines);
            app.debrief_max.set(max);
        }
    }
    let mut keys = vec![("↑↓ PgUp PgDn Home End", "scroll"), ("q", "quit")];
    let label;
    if let Some(j) = app.journal_label() {
        label = format!("recorded to {j}");
        keys.push(("journal", label.as_str()));
    }
    frame.render_widget(para(keys_line(theme, &keys)), footer);
}
