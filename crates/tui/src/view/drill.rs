//! The drill screen: header (title, clock, mode, pending sign-offs), the estate list with
//! status marks, the selected node's detail with its blast radius as a tree, the event
//! feed, the outcome of the last input, and the command line. In shadow mode the detail
//! pane gives way to the expert's steps and the trainee's predictions.

use drillhall_engine::Mode;
use drillhall_engine::{EdgeKind, LastUsed, NodeClass, NodeId};
use drillhall_engine::{EventKind, TraineeView};
use drillhall_engine::{format_clock, format_duration};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Wrap};

use crate::app::{App, FeedFilter, Focus};
use crate::board::{Board, Row, scroll_offset};
use crate::theme::{Theme, Tone};
use crate::view::{WIDE, feed, fit, keys_line, para, truncate};

/// The panes of the session part of a screen (drill and replay share them).
pub(crate) struct Panes {
    pub list: Rect,
    pub detail: Rect,
    pub feed: Rect,
}

/// Splits the body into list, detail and feed by width.
pub(crate) fn panes(body: Rect) -> Panes {
    if body.width >= WIDE {
        // The feed takes what the list and the detail leave: 52 columns at 120, more
        // beyond, so alerts and log lines are readable at every wide size.
        let [list, detail, feed] = Layout::horizontal([
            Constraint::Length(30),
            Constraint::Percentage(32),
            Constraint::Fill(1),
        ])
        .areas(body);
        Panes { list, detail, feed }
    } else {
        let [top, feed] =
            Layout::vertical([Constraint::Percentage(55), Constraint::Fill(1)]).areas(body);
        let [list, detail] =
            Layout::horizontal([Constraint::Length(30), Constraint::Fill(1)]).areas(top);
        Panes { list, detail, feed }
    }
}

pub(crate) fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    // A journal fault has a row of its own, so no later status message hides it.
    let fault_rows = u16::from(app.journal_fault().is_some());
    let [header, body, fault, status, command, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(fault_rows),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    if let Some(text) = app.journal_fault() {
        frame.render_widget(
            para(Line::styled(
                truncate(text, usize::from(fault.width)),
                theme
                    .tone(Tone::Danger)
                    .add_modifier(ratatui::style::Modifier::BOLD),
            )),
            fault,
        );
    }
    draw_header(app, frame, header);
    let p = panes(body);
    let view = app.board().view();
    let navigating = matches!(app.focus(), Focus::Navigate | Focus::Search);
    draw_list(frame, p.list, app.board(), theme, navigating);
    if view.mode() == Mode::Shadow {
        draw_shadow(frame, p.detail, view, theme);
    } else {
        // The live status under the detail: as many rows as it has, at most half the pane.
        let status_lines = super::status::lines(view, app.drill(), theme);
        let inner = usize::from(p.detail.width.saturating_sub(2)).max(1);
        let rows: usize = status_lines
            .iter()
            .map(|l| l.width().max(1).div_ceil(inner))
            .sum();
        // Inside the detail's box, under a rule: one row more than its lines.
        let rows = (rows as u16 + 1).min(p.detail.height / 2);
        draw_detail(frame, p.detail, app.board(), theme, rows);
        let inside = Block::bordered().inner(p.detail);
        let live = Rect {
            y: inside.bottom().saturating_sub(rows),
            height: rows.min(inside.height),
            ..inside
        };
        frame.render_widget(ratatui::widgets::Clear, live);
        frame.render_widget(
            para(status_lines)
                .block(
                    Block::new()
                        .borders(ratatui::widgets::Borders::TOP)
                        .title(" Status "),
                )
                .wrap(Wrap { trim: false }),
            live,
        );
    }
    draw_feed(
        frame,
        p.feed,
        app.board(),
        app.filter,
        app.feed_scroll,
        theme,
    );
    if let Some(st) = app.status() {
        frame.render_widget(
            para(Line::styled(
                truncate(&st.text, usize::from(status.width)),
                theme.tone(st.tone),
            )),
            status,
        );
    }
    draw_command_line(app, frame, command);
    draw_footer(app, frame, footer);
    if let Some(pane) = app.result() {
        super::modal::draw_pane(pane, theme, frame, body);
    }
    if app.modals().is_empty() {
        draw_completions(app, frame, body);
    }
}

/// The most rows the completion menu takes.
const MENU_ROWS: usize = 12;

/// Tab's candidates as a menu in columns at the bottom of the body, the current one
/// marked; when they do not fit, the page holding the current one, with where it is.
fn draw_completions(app: &App, frame: &mut Frame, body: Rect) {
    let line = app.command_line();
    let candidates = line.candidates();
    if candidates.is_empty() || body.height < 4 || body.width < 12 {
        return;
    }
    let theme = app.theme();
    let inner_width = usize::from(body.width - 2);
    let cell = candidates
        .iter()
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(1)
        .min(inner_width.saturating_sub(1))
        + 2;
    let cols = (inner_width / cell).max(1);
    let needed = candidates.len().div_ceil(cols);
    let rows = needed
        .min(MENU_ROWS)
        .min(usize::from(body.height) - 2)
        .max(1);
    let per_page = rows * cols;
    let current = line.current_candidate().unwrap_or(0);
    let page = current / per_page;
    let pages = candidates.len().div_ceil(per_page);
    let shown = &candidates[page * per_page..candidates.len().min((page + 1) * per_page)];
    let mut lines = Vec::with_capacity(rows);
    for r in 0..rows {
        let mut spans = Vec::new();
        for c in 0..cols {
            // Column-major, as shells list completions.
            let k = c * rows + r;
            let Some(word) = shown.get(k) else { continue };
            let text = format!(" {:<w$}", truncate(word, cell - 2), w = cell - 1);
            let style = if page * per_page + k == current {
                theme.selected()
            } else {
                theme.tone(Tone::Plain)
            };
            spans.push(Span::styled(text, style));
        }
        lines.push(Line::from(spans));
    }
    let mut title = format!(" Tab: {} candidates ", candidates.len());
    if pages > 1 {
        title = format!(
            " Tab: {} candidates · page {}/{pages} ",
            candidates.len(),
            page + 1
        );
    }
    let height = rows as u16 + 2;
    let area = Rect {
        x: body.x,
        y: body.bottom() - height,
        width: body.width,
        height,
    };
    frame.render_widget(ratatui::widgets::Clear, area);
    frame.render_widget(
        para(lines).block(
            Block::bordered()
                .title(truncate(&title, inner_width))
                .border_style(theme.focused_border()),
        ),
        area,
    );
}

fn draw_header(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let s = app.board().view();
    let pending = s.pending_signoffs().len();
    let mut right = vec![
        Span::styled(format_clock(s.tick()), theme.tone(Tone::Accent)),
        Span::styled(
            format!(" of {}", format_duration(s.end_tick())),
            theme.tone(Tone::Dim),
        ),
        Span::raw(" · "),
        Span::raw(s.mode().as_str()),
    ];
    match (app.pace(), app.is_paused()) {
        (crate::Pace::RealTime(_), true) => {
            right.push(Span::raw(" · "));
            right.push(Span::styled("⏸ paused", theme.tone(Tone::Warn)));
        }
        (crate::Pace::RealTime(d), false) => {
            right.push(Span::raw(" · "));
            right.push(Span::styled(
                format!("▶ 1m per {}", crate::pace_word(d)),
                theme.tone(Tone::Accent),
            ));
        }
        (crate::Pace::TurnBased, _) => {}
    }
    let down = super::status::down(s).len();
    if down > 0 {
        right.push(Span::raw(" · "));
        right.push(Span::styled(
            format!("▼ {down} down"),
            theme
                .tone(Tone::Danger)
                .add_modifier(ratatui::style::Modifier::BOLD),
        ));
    }
    if pending > 0 {
        right.push(Span::raw(" · "));
        right.push(Span::styled(
            format!(
                "⧖ {pending} sign-off{} pending",
                if pending == 1 { "" } else { "s" }
            ),
            theme.tone(Tone::Warn),
        ));
    }
    if s.is_over() {
        right.push(Span::styled(" · over", theme.tone(Tone::Dim)));
    }
    let right = fit(Line::from(right), usize::from(area.width).saturating_sub(2));
    let room = usize::from(area.width).saturating_sub(right.width() + 2);
    let title = truncate(&app.drill().info.title, room);
    let [l, r] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(right.width() as u16 + 1),
    ])
    .areas(area);
    frame.render_widget(
        para(Line::styled(format!(" {title}"), theme.tone(Tone::Title))),
        l,
    );
    frame.render_widget(para(right), r);
}

/// Draws the estate list: only the rows on screen are formatted.
pub(crate) fn draw_list(frame: &mut Frame, area: Rect, board: &Board, theme: Theme, focused: bool) {
    let rows = board.rows();
    let nodes = rows.iter().filter(|r| matches!(r, Row::Node(_))).count();
    let mut block = Block::bordered().title(format!(" Estate ({nodes}) "));
    if focused {
        block = block.border_style(theme.focused_border());
    }
    let inner = block.inner(area);
    let height = usize::from(inner.height);
    let width = usize::from(inner.width);
    let offset = scroll_offset(rows.len(), board.selected_row(), height);
    let estate = board.view().estate();
    let mut lines = Vec::with_capacity(height);
    for (i, row) in rows.iter().enumerate().skip(offset).take(height) {
        match *row {
            Row::Group { class, count } => {
                let word = match class {
                    NodeClass::Workload => "WORKLOADS",
                    NodeClass::Identity => "IDENTITIES",
                    NodeClass::Credential => "CREDENTIALS",
                    NodeClass::Resource => "RESOURCES",
                };
                lines.push(Line::from(vec![
                    Span::styled(word, theme.tone(Tone::Title)),
                    Span::styled(format!(" {count}"), theme.tone(Tone::Dim)),
                ]));
            }
            Row::Node(n) => {
                let node = estate.node(n);
                let marks = board.marks(n);
                let selected = board.selected_row() == Some(i);
                // The selection is marked by a glyph as well as by reversed video.
                let mut spans = vec![Span::raw(if selected { "▸" } else { " " })];
                let mut used = 1;
                for m in marks.iter().take(2) {
                    let sp = Span::styled(m.glyph, theme.tone(m.tone));
                    used += sp.width();
                    spans.push(sp);
                }
                // Glyph column: 1 space + up to 3 cells of marks + 1 space.
                let pad = 5usize.saturating_sub(used);
                spans.push(Span::raw(" ".repeat(pad)));
                let room = width.saturating_sub(used + pad);
                let id = truncate(&node.id, room);
                let kind = node.kind.as_str();
                let id_len = id.chars().count();
                spans.push(Span::raw(id));
                if room > id_len + 2 {
                    spans.push(Span::styled(
                        format!(" {}", truncate(kind, room - id_len - 1)),
                        theme.tone(Tone::Dim),
                    ));
                }
                let mut line = Line::from(spans);
                if selected {
                    let fill = width.saturating_sub(line.width());
                    line.push_span(Span::raw(" ".repeat(fill)));
                    line = line.patch_style(theme.selected());
                }
                lines.push(line);
            }
        }
    }
    frame.render_widget(para(lines).block(block), area);
}

fn ago(t: u64) -> String {
    format!("{} ago", format_duration(t))
}

/// The lines of the detail pane for a node.
/// At most about `room` lines: a blast radius of thousands of nodes is cut to what fits, so
/// a frame costs the same at any estate size.
fn detail_lines(board: &Board, n: NodeId, theme: Theme, room: usize) -> Vec<Line<'static>> {
    let estate = board.view().estate();
    let node = estate.node(n);
    let mut out = vec![Line::from(vec![
        Span::styled(node.id.clone(), theme.tone(Tone::Title)),
        Span::styled(
            format!("  {}/{}", node.class(), node.kind.as_str()),
            theme.tone(Tone::Dim),
        ),
    ])];
    let mut attrs: Vec<(&str, String)> = Vec::new();
    match &node.owner {
        Some(o) => attrs.push(("owner", o.clone())),
        None if node.class() == NodeClass::Identity => {
            attrs.push(("owner", "none (orphaned)".into()));
        }
        None => {}
    }
    if let Some(env) = node.env {
        attrs.push(("env", env.as_str().into()));
    }
    match node.class() {
        NodeClass::Workload => {
            attrs.push(("criticality", node.criticality.as_str().into()));
            if node.internet_facing {
                attrs.push(("exposure", "internet-facing".into()));
            }
        }
        NodeClass::Resource => attrs.push(("sensitivity", node.sensitivity.as_str().into())),
        NodeClass::Credential => {
            if let Some(age) = node.age {
                let stale = if board.is_stale(n) {
                    " (past policy)"
                } else {
                    ""
                };
                attrs.push(("age", format!("{}{stale}", format_duration(age))));
            }
            attrs.push(("rotation", node.rotation.as_str().into()));
            if let Some(t) = node.expires {
                attrs.push(("expires", format_clock(t)));
            }
        }
        NodeClass::Identity => {}
    }
    match node.last_used {
        LastUsed::Unknown => {}
        LastUsed::Never => attrs.push(("last used", "never".into())),
        LastUsed::Ago(t) => attrs.push(("last used", ago(t))),
    }
    let marks = board.marks(n);
    if !marks.is_empty() {
        let words: Vec<&str> = marks
            .iter()
            .map(|m| m.word.split(" (").next().unwrap_or(m.word))
            .collect();
        attrs.push(("status", words.join("; ")));
    }
    for (k, v) in attrs {
        out.push(Line::from(vec![
            Span::styled(format!("{k:<12}"), theme.tone(Tone::Dim)),
            Span::raw(v),
        ]));
    }
    let mut edges: Vec<Line> = Vec::new();
    let out_edges = estate.out_edges(n);
    let in_edges = estate.in_edges(n);
    let all = out_edges
        .iter()
        .map(|&(e, m)| ("→", e, m))
        .chain(in_edges.iter().map(|&(e, m)| ("←", e, m)));
    let mut more = 0;
    for (arrow, e, m) in all {
        if out.len() + edges.len() + 1 >= room {
            more += 1;
            continue;
        }
        edges.push(edge_line(arrow, *estate.edge(e), &estate.node(m).id, theme));
    }
    if !edges.is_empty() {
        out.push(Line::styled("edges", theme.tone(Tone::Dim)));
        out.extend(edges);
    }
    if more > 0 {
        out.push(Line::styled(
            format!(" … {more} more edges"),
            theme.tone(Tone::Dim),
        ));
    }
    let tree = board.tree();
    if tree.len() > 1 {
        out.push(Line::styled(
            format!("blast radius ({} reached)", tree.len() - 1),
            theme.tone(Tone::Dim),
        ));
        let fits = room.saturating_sub(out.len() + 1);
        for &(depth, m) in tree[1..].iter().take(fits) {
            let reached = estate.node(m);
            let rating = match reached.class() {
                NodeClass::Resource => Some((
                    reached.sensitivity.as_str(),
                    reached.sensitivity.weight() >= 20,
                )),
                NodeClass::Workload => Some((
                    reached.criticality.as_str(),
                    reached.criticality.weight() >= 10,
                )),
                _ => None,
            };
            let mut spans = vec![
                Span::styled(
                    format!("{}└ ", "  ".repeat(depth.saturating_sub(1) as usize)),
                    theme.tone(Tone::Dim),
                ),
                Span::raw(reached.id.clone()),
            ];
            if let Some((word, hot)) = rating {
                spans.push(Span::styled(
                    format!(" {word}"),
                    theme.tone(if hot { Tone::Danger } else { Tone::Dim }),
                ));
            }
            out.push(Line::from(spans));
        }
        if tree.len() - 1 > fits {
            out.push(Line::styled(
                format!(" … {} more", tree.len() - 1 - fits),
                theme.tone(Tone::Dim),
            ));
        }
    }
    out
}

fn edge_line(
    arrow: &str,
    edge: drillhall_engine::Edge,
    other: &str,
    theme: Theme,
) -> Line<'static> {
    let word = match edge.kind {
        EdgeKind::Grants { permission, used } => {
            format!("grants {permission}{}", if used { "" } else { " (unused)" })
        }
        k => k.as_str().to_owned(),
    };
    let tone = if !edge.enabled {
        Tone::Dim
    } else if matches!(edge.kind, EdgeKind::Grants { used: false, .. }) {
        Tone::Warn
    } else {
        Tone::Plain
    };
    let off = if edge.enabled { "" } else { " (off)" };
    Line::from(vec![
        Span::styled(format!(" {arrow} "), theme.tone(Tone::Dim)),
        Span::styled(format!("{word} {other}{off}"), theme.tone(tone)),
    ])
}

/// Draws the selected node's detail.
/// `reserve`: rows at the bottom of the box left for the status panel.
pub(crate) fn draw_detail(
    frame: &mut Frame,
    area: Rect,
    board: &Board,
    theme: Theme,
    reserve: u16,
) {
    let block = Block::bordered().title(" Detail ");
    let room = block.inner(area).height.saturating_sub(reserve);
    let lines = match board.selected_node() {
        Some(n) => detail_lines(board, n, theme, usize::from(room)),
        None => vec![Line::styled("no node selected", theme.tone(Tone::Dim))],
    };
    frame.render_widget(para(lines).block(block).wrap(Wrap { trim: false }), area);
}

/// Shadow mode: the next expert step to predict, and the steps played with their why and
/// the points each prediction scored.
fn draw_shadow(frame: &mut Frame, area: Rect, view: &TraineeView, theme: Theme) {
    let progress = view.shadow();
    let steps = progress.map_or(0, |p| p.steps);
    let block = Block::bordered().title(" Shadow: the expert's response ");
    let mut lines: Vec<Line> = Vec::new();
    let mut points = 0;
    let mut predicted = 0;
    let mut played: Vec<(u32, String, Option<String>)> = Vec::new();
    let mut scored: std::collections::BTreeMap<u32, (String, u32)> =
        std::collections::BTreeMap::new();
    for e in view.events() {
        match &e.kind {
            EventKind::ExpertStep { step, text, why } => {
                played.push((*step, text.clone(), why.clone()));
            }
            EventKind::PredictionScored {
                step,
                predicted: p,
                points: pts,
                ..
            } => {
                points += pts;
                predicted += 1;
                scored.insert(*step, (p.clone(), *pts));
            }
            _ => {}
        }
    }
    match progress.and_then(|p| p.next) {
        Some((step, at)) => {
            lines.push(Line::from(vec![
                Span::styled(format!("Step {step} of {steps}"), theme.tone(Tone::Title)),
                Span::styled(
                    format!(" plays at {}", format_clock(at)),
                    theme.tone(Tone::Dim),
                ),
            ]));
            let asked = scored.contains_key(&step);
            lines.push(Line::styled(
                if asked {
                    "prediction made: Enter to watch it play"
                } else {
                    "What would you do next? Type it below, Enter to commit."
                },
                theme.tone(Tone::Accent),
            ));
        }
        None => lines.push(Line::styled(
            "The expert's response is over: q, e for the debrief.",
            theme.tone(Tone::Accent),
        )),
    }
    lines.push(Line::styled(
        format!(
            "predictions: {points} of {} points ({predicted} made)",
            2 * steps
        ),
        theme.tone(Tone::Dim),
    ));
    let width = usize::from(area.width.saturating_sub(2));
    for (step, text, why) in played.iter().rev() {
        lines.push(Line::from(vec![
            Span::styled(format!("{step}. "), theme.tone(Tone::Title)),
            Span::raw(truncate(text, width.saturating_sub(4))),
        ]));
        if let Some((p, pts)) = scored.get(step) {
            let tone = match pts {
                2 => Tone::Good,
                1 => Tone::Warn,
                _ => Tone::Danger,
            };
            lines.push(Line::styled(
                truncate(&format!("   you: {p} ({pts}/2)"), width),
                theme.tone(tone),
            ));
        }
        if let Some(w) = why {
            lines.push(Line::styled(format!("   why: {w}"), theme.tone(Tone::Dim)));
        }
    }
    frame.render_widget(para(lines).block(block).wrap(Wrap { trim: false }), area);
}

/// Draws the feed pane with its filter in the title.
pub(crate) fn draw_feed(
    frame: &mut Frame,
    area: Rect,
    board: &Board,
    filter: FeedFilter,
    scroll: usize,
    theme: Theme,
) {
    let view = board.view();
    let selected = board.selected_node().map(|n| view.node(n).id.as_str());
    let mut title = " Feed".to_owned();
    if let Some(min) = filter.min_severity {
        title.push_str(&format!(" · ≥{min}"));
    }
    if filter.selected_only
        && let Some(id) = selected
    {
        title.push_str(&format!(" · {id}"));
    }
    if scroll > 0 {
        title.push_str(&format!(" · {scroll} newer above (End)"));
    }
    title.push(' ');
    let width = usize::from(area.width.saturating_sub(2));
    feed::draw(
        frame,
        area,
        Block::bordered().title(truncate(&title, width)),
        view.events(),
        filter,
        selected,
        scroll,
        theme,
    );
}

fn draw_command_line(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let prompt = if app.board().view().mode() == Mode::Shadow {
        "predict› "
    } else {
        "› "
    };
    let line = app.command_line();
    match app.focus() {
        Focus::Command => {
            let text = line.text();
            let width = usize::from(area.width).saturating_sub(prompt.chars().count() + 1);
            let cursor = line.cursor();
            // Keep the cursor on screen: scroll the text left when it is long.
            let skip = cursor.saturating_sub(width);
            let shown: String = text.chars().skip(skip).take(width).collect();
            frame.render_widget(
                para(Line::from(vec![
                    Span::styled(prompt, theme.key()),
                    Span::raw(shown),
                ])),
                area,
            );
            if app.modals().is_empty() {
                let x = area.x + (prompt.chars().count() + cursor - skip) as u16;
                frame.set_cursor_position((x.min(area.right().saturating_sub(1)), area.y));
            }
        }
        Focus::Navigate => frame.render_widget(
            para(Line::styled(
                format!(
                    "{prompt}(browsing the estate: Enter for its commands, / to search, : to type)"
                ),
                theme.tone(Tone::Dim),
            )),
            area,
        ),
        Focus::Search => {
            let (query, hits) = app.search();
            let said = match (query.is_empty(), hits) {
                (true, _) => "type part of an id".to_owned(),
                (false, 0) => "no id matches".to_owned(),
                (false, 1) => "1 match".to_owned(),
                (false, n) => format!("{n} matches · Tab next"),
            };
            frame.render_widget(
                para(fit(
                    Line::from(vec![
                        Span::styled("/", theme.key()),
                        Span::raw(query.to_owned()),
                        Span::styled(
                            format!("  ({said} · Enter done)"),
                            theme.tone(if hits == 0 && !query.is_empty() {
                                Tone::Warn
                            } else {
                                Tone::Dim
                            }),
                        ),
                    ]),
                    usize::from(area.width),
                )),
                area,
            );
        }
    }
}

fn draw_footer(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    if !app.command_line().candidates().is_empty() {
        frame.render_widget(
            para(keys_line(
                theme,
                &[
                    ("Tab", "next candidate"),
                    ("type", "narrow"),
                    ("Enter", "run"),
                ],
            )),
            area,
        );
        return;
    }
    let mut keys: Vec<(&str, &str)> = match app.focus() {
        Focus::Command if app.result().is_some() => vec![
            ("PgUp PgDn", "scroll the result"),
            ("Esc", "close it"),
            ("Enter", "run"),
        ],
        Focus::Command => vec![
            ("Enter", "run"),
            ("Tab", "complete"),
            ("↑↓", "history"),
            ("Esc", "browse"),
        ],
        Focus::Search => vec![("Tab", "next match"), ("Enter", "done")],
        Focus::Navigate => vec![
            ("↑↓", "select"),
            ("/", "search"),
            ("t", "table"),
            ("Enter", "commands"),
            ("w/n", "wait"),
            ("q", "quit"),
        ],
    };
    if !app.board().view().simulated_reviewer() {
        keys.push(("F2", "review"));
    }
    if app.board().view().mode() == Mode::Guided {
        keys.push(("F3", "hint"));
    }
    keys.push(("?", "keys"));
    frame.render_widget(
        para(fit(keys_line(theme, &keys), usize::from(area.width))),
        area,
    );
}
