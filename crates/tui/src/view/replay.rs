//! The replay viewer: the recorded session at the cursor (the same panes as the drill),
//! a scrub bar over the drill's clock with the trainee's decisions on it, and the keys to
//! move and to branch.

use drillhall_engine::format_clock;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};

use crate::app::App;
use crate::theme::Tone;
use crate::view::drill::{draw_detail, draw_feed, draw_list, panes};
use crate::view::{keys_line, para, truncate, truncate_start};

pub(crate) fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let Some(state) = app.replay_state() else {
        return;
    };
    let [header, body, bar, decisions, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let taken = state.inputs_before(state.cursor());
    let verified = if state.verified() {
        Span::styled(" ✓ digest", theme.tone(Tone::Good))
    } else {
        Span::styled(" (unfinished journal)", theme.tone(Tone::Warn))
    };
    let head = Line::from(vec![
        Span::styled(" REPLAY ", theme.tone(Tone::Title)),
        // The journal's name is its end (the file name): a long path is cut at its start.
        Span::raw(truncate_start(state.label(), usize::from(area.width) / 2)),
        verified,
        Span::raw(" · "),
        Span::styled(format_clock(state.cursor()), theme.tone(Tone::Accent)),
        Span::styled(
            format!(" of {}", format_clock(state.last())),
            theme.tone(Tone::Dim),
        ),
        Span::raw(format!(" · input {taken}/{}", state.journal().inputs.len())),
    ]);
    frame.render_widget(para(head), header);
    let p = panes(body);
    draw_list(frame, p.list, app.board(), theme, true);
    draw_detail(frame, p.detail, app.board(), theme, 0);
    draw_feed(
        frame,
        p.feed,
        app.board(),
        app.filter,
        app.feed_scroll,
        theme,
    );

    // The scrub bar: the clock from 0 to the last tick, decisions as ◆, the cursor as ●.
    let width = usize::from(bar.width).saturating_sub(2).max(1);
    let last = state.last().max(1);
    let col = |t: u64| -> usize { ((t.min(last) as usize) * (width - 1)) / last as usize };
    let mut cells: Vec<char> = vec!['─'; width];
    let all = state.decisions();
    for d in &all {
        cells[col(d.tick)] = '◆';
    }
    let cursor_col = col(state.cursor());
    let (before, after): (String, String) = (
        cells[..cursor_col].iter().collect(),
        cells[cursor_col + 1..].iter().collect(),
    );
    frame.render_widget(
        para(Line::from(vec![
            Span::raw(" "),
            Span::styled(before, theme.tone(Tone::Accent)),
            Span::styled("●", theme.key()),
            Span::styled(after, theme.tone(Tone::Dim)),
        ])),
        bar,
    );
    let prev = all.iter().rev().find(|d| d.tick < state.cursor());
    let next = all.iter().find(|d| d.tick >= state.cursor());
    // The previous and the next decision share the line, the next one first.
    let half = usize::from(decisions.width) / 2;
    let mut spans = Vec::new();
    if let Some(d) = next {
        spans.push(Span::styled(
            truncate(
                &format!(" ▶ next: {} {}", format_clock(d.tick), d.text),
                half,
            ),
            theme.tone(Tone::Accent),
        ));
    }
    if let Some(d) = prev {
        spans.push(Span::styled(
            truncate(&format!("  ◀ {} {}", format_clock(d.tick), d.text), half),
            theme.tone(Tone::Dim),
        ));
    }
    frame.render_widget(para(Line::from(spans)), decisions);
    frame.render_widget(
        para(keys_line(
            theme,
            &[
                ("←→", "minute"),
                ("n/p", "decision"),
                ("b", "branch here"),
                ("↑↓", "select"),
                ("q", "quit"),
                ("?", "keys"),
            ],
        )),
        footer,
    );
}
