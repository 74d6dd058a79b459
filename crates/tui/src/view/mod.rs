//! View: drawing only. Every function here reads the [`App`] and writes a frame; none
//! changes anything, so a frame can be drawn to a `TestBackend` and compared as text.
//!
//! Layout follows the width: under 120 columns the estate list and the detail share the
//! top and the feed runs full width below (80×24 is the design size); from 120 columns
//! list, detail and feed stand side by side.

mod briefing;
mod debrief;
mod drill;
pub(crate) mod feed;
mod modal;
mod replay;
mod status;

use drillhall_engine::visible::{is_unsafe, visible};
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::Paragraph;

use crate::app::{App, Screen};
use crate::theme::{Theme, Tone};

pub use feed::mentions;
pub(crate) use modal::keys_page;

/// Width from which the drill screen shows three panes side by side.
pub const WIDE: u16 = 120;

/// Draws the app.
pub fn view(app: &App, frame: &mut Frame) {
    let area = frame.area();
    match app.screen() {
        Screen::Briefing => briefing::draw(app, frame, area),
        Screen::Drill => drill::draw(app, frame, area),
        Screen::Debrief => debrief::draw(app, frame, area),
        Screen::Replay => replay::draw(app, frame, area),
    }
    for m in app.modals() {
        modal::draw(app, m, frame, area);
    }
}

/// A paragraph of `text` with every control character and escape sequence from a file shown
/// visibly (`\u{1b}`): every paragraph on every screen is made here, so text from a
/// scenario or a journal never reaches the terminal as an escape (ratatui would drop the
/// control character and print the rest of the sequence).
pub(crate) fn para<'a>(text: impl Into<Text<'a>>) -> Paragraph<'a> {
    let mut text = text.into();
    for line in &mut text.lines {
        for span in &mut line.spans {
            if span.content.chars().any(is_unsafe) {
                span.content = visible(&span.content).into_owned().into();
            }
        }
    }
    Paragraph::new(text)
}

/// A rectangle of at most `width`×`height` centred in `area`.
pub(crate) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [row] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [cell] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    cell
}

/// A footer of `key description` pairs.
pub(crate) fn keys_line(theme: Theme, keys: &[(&str, &str)]) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, (k, what)) in keys.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.tone(Tone::Dim)));
        }
        spans.push(Span::styled((*k).to_owned(), theme.key()));
        spans.push(Span::raw(format!(" {what}")));
    }
    Line::from(spans)
}

/// Cuts a styled line to `width` cells, ending it with `…` when cut (footers and headers
/// never end mid-word without saying so).
pub(crate) fn fit(line: Line<'static>, width: usize) -> Line<'static> {
    if line.width() <= width {
        return line;
    }
    let mut out = Line::default();
    let mut used = 0;
    for span in line.spans {
        let room = width.saturating_sub(1 + used);
        if room == 0 {
            break;
        }
        let w = span.width();
        if w <= room {
            used += w;
            out.spans.push(span);
        } else {
            let text: String = span.content.chars().take(room).collect();
            out.spans.push(Span::styled(text, span.style));
            break;
        }
    }
    out.spans.push(Span::raw("…"));
    out
}

/// Cuts text to `width` characters from its start, with `…` first when cut: for paths,
/// whose file name is the part that names them.
pub(crate) fn truncate_start(text: &str, width: usize) -> String {
    let n = text.chars().count();
    if n <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut s = String::from("…");
    s.extend(text.chars().skip(n - (width - 1)));
    s
}

/// Cuts text to `width` characters, with `…` when cut.
pub(crate) fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    if width == 0 {
        return String::new();
    }
    let mut s: String = text.chars().take(width - 1).collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_cut_from_its_start_keeps_its_file_name() {
        assert_eq!(
            truncate_start("/very/long/dir/drillhall-x-7-branch-0h12.jsonl", 32),
            "…drillhall-x-7-branch-0h12.jsonl"
        );
        assert_eq!(truncate_start("short.jsonl", 30), "short.jsonl");
    }

    #[test]
    fn a_cut_line_ends_with_an_ellipsis_within_the_width() {
        let line = Line::from(vec![Span::raw("Enter run"), Span::raw(" · Tab complete")]);
        let cut = fit(line.clone(), 12);
        assert_eq!(cut.to_string(), "Enter run ·…");
        assert_eq!(cut.width(), 12);
        assert_eq!(fit(line, 40).to_string(), "Enter run · Tab complete");
    }
}
