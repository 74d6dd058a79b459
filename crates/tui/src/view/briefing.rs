//! The briefing: what the drill is about, what counts as success, how supervised it is,
//! and the keys, before the clock starts.

use drillhall_engine::Mode;
use drillhall_engine::format_duration;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Wrap};

use crate::app::App;
use crate::theme::Tone;
use crate::view::{keys_line, para};

/// What a supervision mode means for the trainee, in one sentence.
pub(crate) fn mode_text(mode: Mode, simulated_reviewer: bool) -> String {
    let reviewer = if simulated_reviewer {
        "a simulated reviewer answers after a few minutes"
    } else {
        "the instructor answers at this keyboard (F2)"
    };
    match mode {
        Mode::Shadow => {
            "shadow: the expert responds; before each of its steps you say what you would do, and your predictions are scored".into()
        }
        Mode::Guided => format!(
            "guided: low and medium commands run at once, high-tier ones need a sign-off ({reviewer}); hints are available (F3) at a stated cost"
        ),
        Mode::Reviewed => format!(
            "reviewed: medium and high-tier commands need a sign-off with a rollback plan; {reviewer}"
        ),
        Mode::Independent => {
            "independent: nothing is gated, but procedure (sign-offs, rollback plans, notes) is still scored".into()
        }
    }
}

pub(crate) fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let info = &app.drill().info;
    let s = app.session();
    let [main, footer] = Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(area);
    let difficulty = info.difficulty;
    let stars: String = (1..=5)
        .map(|i| if i <= difficulty { '★' } else { '☆' })
        .collect();
    let mut lines = vec![
        Line::styled(info.title.clone(), theme.tone(Tone::Title)),
        Line::from(vec![
            Span::styled(format!("{} · ", info.id), theme.tone(Tone::Dim)),
            Span::styled(stars, theme.tone(Tone::Warn)),
            Span::styled(
                format!(
                    " · {} simulated · seed {}",
                    format_duration(s.end_tick()),
                    s.seed()
                ),
                theme.tone(Tone::Dim),
            ),
        ]),
        Line::raw(""),
        Line::raw(info.summary.clone()),
        Line::raw(""),
        Line::styled("Objectives", theme.tone(Tone::Title)),
    ];
    for o in s.objectives() {
        lines.push(Line::from(vec![
            Span::styled("  ◦ ", theme.tone(Tone::Accent)),
            Span::raw(o.text),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled("Mode  ", theme.tone(Tone::Title)),
        Span::raw(mode_text(s.mode(), s.options().simulated_reviewer)),
    ]));
    lines.push(Line::from(vec![
        Span::styled("Time  ", theme.tone(Tone::Title)),
        Span::raw(match app.pace() {
            crate::Pace::TurnBased => "turn-based: the clock moves when a command costs time (logs 5m, paths 2m, others 1m) or you `wait`".to_owned(),
            crate::Pace::RealTime(d) => format!(
                "real time: one drill minute every {} as well as on commands; the clock runs while dialogs are open (F4 pauses)",
                crate::pace_word(d)
            ),
        }),
    ]));
    if let Some(label) = app.journal_label() {
        lines.push(Line::from(vec![
            Span::styled("Journal  ", theme.tone(Tone::Title)),
            Span::raw(label.to_owned()),
        ]));
    }
    frame.render_widget(
        para(lines)
            .block(Block::bordered().title(" Briefing "))
            .wrap(Wrap { trim: false }),
        main,
    );
    frame.render_widget(
        para(keys_line(
            theme,
            &[("Enter", "start the drill"), ("?", "keys"), ("q", "quit")],
        )),
        footer,
    );
}
