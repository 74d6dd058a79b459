//! The result pane: a scrollable page of text over the drill screen, for what does not fit
//! a line: `help` and `help VERB`, and the full result of `paths` (a tree), `logs` (every
//! entry, whole), `inspect` and `owners`.
//!
//! A [`Pane`] holds its lines already styled; long lines are wrapped to the width they are
//! drawn at, and only the rows on screen are built, so a 10 000-node tree costs a frame no
//! more than a short one. The last draw tells the pane how far it can scroll, so scrolling
//! stops at the end.

use std::cell::Cell;

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

/// A page of lines with a scroll position, in rows.
#[derive(Clone, Debug)]
pub struct Pane {
    /// Shown in the border.
    pub title: String,
    pub lines: Vec<Line<'static>>,
    /// First row shown.
    pub scroll: usize,
    /// The largest useful scroll at the last draw's size (the rows after the last page).
    max_scroll: Cell<usize>,
    /// Rows on a page at the last draw.
    page: Cell<usize>,
}

impl Pane {
    /// A pane at its top.
    pub fn new(title: impl Into<String>, lines: Vec<Line<'static>>) -> Pane {
        Pane {
            title: title.into(),
            max_scroll: Cell::new(lines.len()),
            lines,
            scroll: 0,
            page: Cell::new(10),
        }
    }

    /// The text of every line, for tests and search.
    pub fn text(&self) -> String {
        self.lines
            .iter()
            .map(|l| {
                l.spans
                    .iter()
                    .map(|s| s.content.as_ref())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Scrolls by `delta` rows, stopping at the top and at the end.
    pub fn scroll_by(&mut self, delta: isize) {
        self.scroll = self
            .scroll
            .saturating_add_signed(delta)
            .min(self.max_scroll.get());
    }

    /// Scrolls by `pages` pages.
    pub fn scroll_pages(&mut self, pages: isize) {
        let page = self.page.get().max(1).cast_signed();
        self.scroll_by(pages.saturating_mul(page));
    }

    /// To the top or the end.
    pub fn scroll_edge(&mut self, end: bool) {
        self.scroll = if end { self.max_scroll.get() } else { 0 };
    }

    /// Whether the last draw showed the last row.
    pub fn at_end(&self) -> bool {
        self.scroll >= self.max_scroll.get()
    }

    /// The rows to draw in a `width`×`height` box, from the scroll position; records how
    /// far the pane can scroll at this size. Lines wider than `width` wrap.
    pub(crate) fn rows(&self, width: usize, height: usize) -> (Vec<Line<'static>>, usize, usize) {
        let width = width.max(1);
        let heights: Vec<usize> = self
            .lines
            .iter()
            .map(|l| {
                if l.width() <= width {
                    1
                } else {
                    wrap(l, width).len()
                }
            })
            .collect();
        let total: usize = heights.iter().sum();
        let max = total.saturating_sub(height);
        self.max_scroll.set(max);
        self.page.set(height.saturating_sub(1).max(1));
        let scroll = self.scroll.min(max);
        let mut out = Vec::with_capacity(height);
        let mut row = 0;
        for (line, h) in self.lines.iter().zip(&heights) {
            if row + h <= scroll {
                row += h;
                continue;
            }
            for (i, piece) in wrap(line, width).into_iter().enumerate() {
                if row + i >= scroll && out.len() < height {
                    out.push(piece);
                }
            }
            row += h;
            if out.len() >= height {
                break;
            }
        }
        (out, scroll, total)
    }
}

/// Cuts a line into rows of at most `width` cells, breaking after a space where the row
/// has one and inside a word only where it does not.
fn wrap(line: &Line<'static>, width: usize) -> Vec<Line<'static>> {
    if line.width() <= width {
        return vec![line.clone()];
    }
    // Every character with its style and cell width.
    let cells: Vec<(char, ratatui::style::Style, usize)> = line
        .spans
        .iter()
        .flat_map(|s| {
            s.content
                .chars()
                .map(move |c| (c, s.style, c.width().unwrap_or(0)))
        })
        .collect();
    let mut breaks = Vec::new();
    let (mut start, mut used, mut space) = (0, 0, None);
    for (i, &(c, _, w)) in cells.iter().enumerate() {
        if used + w > width && i > start {
            let at = space.filter(|&s| s > start).unwrap_or(i);
            breaks.push((start, at));
            start = at;
            used = cells[start..=i].iter().map(|x| x.2).sum();
            space = None;
        } else {
            used += w;
        }
        if c == ' ' {
            space = Some(i + 1);
        }
    }
    breaks.push((start, cells.len()));
    breaks
        .into_iter()
        .map(|(a, b)| {
            let mut spans: Vec<Span<'static>> = Vec::new();
            for &(c, style, _) in &cells[a..b] {
                match spans.last_mut() {
                    Some(last) if last.style == style => last.content.to_mut().push(c),
                    _ => spans.push(Span::styled(c.to_string(), style)),
                }
            }
            Line::from(spans)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pane(n: usize) -> Pane {
        Pane::new(
            "t",
            (0..n).map(|i| Line::raw(format!("line {i}"))).collect(),
        )
    }

    #[test]
    fn scrolling_stops_at_the_end_the_last_draw_measured() {
        let mut p = pane(30);
        let _ = p.rows(20, 10);
        p.scroll_pages(10);
        assert_eq!(
            p.scroll, 20,
            "30 rows, 10 on screen: the last page starts at 20"
        );
        assert!(p.at_end());
        let (rows, _, total) = p.rows(20, 10);
        assert_eq!(total, 30);
        assert_eq!(rows.last().map(Line::to_string).as_deref(), Some("line 29"));
        p.scroll_by(-100);
        assert_eq!(p.scroll, 0);
    }

    #[test]
    fn words_wrap_at_spaces_and_wide_glyphs_count_two_cells() {
        let p = Pane::new(
            "t",
            vec![Line::raw("alpha beta gamma"), Line::raw("⌛⌛⌛⌛")],
        );
        let (rows, _, total) = p.rows(11, 10);
        let text: Vec<String> = rows.iter().map(Line::to_string).collect();
        assert_eq!(text, ["alpha beta ", "gamma", "⌛⌛⌛⌛"]);
        assert_eq!(total, 3);
        let (rows, _, _) = p.rows(5, 10);
        let text: Vec<String> = rows.iter().map(Line::to_string).collect();
        assert_eq!(
            text[text.len() - 2..],
            ["⌛⌛".to_owned(), "⌛⌛".to_owned()]
        );
    }

    #[test]
    fn a_long_line_wraps_whole_instead_of_being_cut() {
        let p = Pane::new("t", vec![Line::raw("a".repeat(25)), Line::raw("end")]);
        let (rows, _, total) = p.rows(10, 10);
        assert_eq!(total, 4);
        let text: Vec<String> = rows.iter().map(Line::to_string).collect();
        assert_eq!(
            text,
            ["a".repeat(10), "a".repeat(10), "a".repeat(5), "end".into()]
        );
    }
}
