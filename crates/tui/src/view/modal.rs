//! Dialogs: the keys and legend, a gated command's confirmation (tier, why, confidence,
//! sign-off with rollback plan), the instructor's review queue, the commands for a node,
//! the hint offer and leaving.

use drillhall_engine::Tier;
use drillhall_engine::format_clock;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Wrap};

use crate::app::{App, Confirm, ConfirmField, Modal, Review, Screen};
use crate::board::LEGEND;
use crate::pane::Pane;
use crate::table::{Column, Table};
use crate::theme::{Theme, Tone};
use crate::view::{centered, fit, keys_line, para, truncate};

pub(crate) fn draw(app: &App, modal: &Modal, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let (title, lines, width) = match modal {
        Modal::Table(table) => {
            let area = Rect {
                y: area.y + 1,
                height: area.height.saturating_sub(4),
                ..area
            };
            draw_table(app, table, frame, area);
            return;
        }
        Modal::Help(pane) => {
            let rect = centered(area, area.width.saturating_sub(2).min(110), area.height);
            draw_pane(pane, theme, frame, rect);
            return;
        }
        Modal::Confirm(c) => (confirm_title(c), confirm_lines(c, theme), 76),
        Modal::Review(r) => (" Review queue ".to_owned(), review_lines(app, r, theme), 76),
        Modal::Actions(menu) => {
            let mut lines: Vec<Line> = menu
                .commands
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let l = Line::raw(format!(" {c} "));
                    if i == menu.selected {
                        l.patch_style(theme.selected())
                    } else {
                        l
                    }
                })
                .collect();
            lines.push(Line::raw(""));
            lines.push(keys_line(
                theme,
                &[
                    ("↑↓", "choose"),
                    ("Enter", "edit and run"),
                    ("Esc", "close"),
                ],
            ));
            (format!(" Commands for {} ", menu.node), lines, 60)
        }
        Modal::Hint { hint, penalty } => (
            " Hint ".to_owned(),
            vec![
                Line::raw(format!("Hint {hint} is available.")),
                Line::styled(
                    format!("Taking it costs {penalty} points of your score."),
                    theme.tone(Tone::Warn),
                ),
                Line::raw(""),
                keys_line(theme, &[("y", "show it"), ("n", "not now")]),
            ],
            50,
        ),
        Modal::Quit => (
            " Leave the drill? ".to_owned(),
            vec![
                Line::raw("The journal already holds every input so far."),
                Line::raw(""),
                keys_line(theme, &[("y", "quit now")]),
                keys_line(theme, &[("e", "end the drill here and see the debrief")]),
                keys_line(theme, &[("n", "carry on")]),
            ],
            56,
        ),
    };
    // The dialog as a page: wrapped to the width it gets, cut to the height there is. When
    // it does not fit, its end (the field being typed in, the keys) stays in sight and the
    // title says there is more above; below the stated minimum it says so instead.
    let rect = centered(area, width, area.height);
    let inner = (
        usize::from(rect.width.saturating_sub(2)),
        usize::from(rect.height.saturating_sub(2)),
    );
    let mut page = Pane::new(title, lines);
    let (_, _, total) = page.rows(inner.0, inner.1);
    let rect = centered(
        area,
        width,
        (total + 2).min(usize::from(area.height)) as u16,
    );
    frame.render_widget(Clear, rect);
    if area.width < MIN_DIALOG.0 || area.height < MIN_DIALOG.1 {
        frame.render_widget(
            para(Line::styled(
                format!(
                    "terminal too small for this dialog: at least {}x{} (Esc cancels)",
                    MIN_DIALOG.0, MIN_DIALOG.1
                ),
                theme.tone(Tone::Warn),
            ))
            .wrap(Wrap { trim: false }),
            rect,
        );
        return;
    }
    let cut = total > inner.1;
    if cut {
        page.scroll_edge(true);
    }
    let (rows, _, _) = page.rows(inner.0, usize::from(rect.height.saturating_sub(2)));
    let mut block = Block::bordered()
        .title(truncate(&page.title, inner.0))
        .border_style(theme.focused_border());
    if cut {
        block = block.title_bottom(
            Line::styled(
                " ↑ more above: a larger terminal shows it all ",
                theme.tone(Tone::Warn),
            )
            .right_aligned(),
        );
    }
    frame.render_widget(para(rows).block(block), rect);
}

/// Draws the access-review table: the rows on screen only, the sort column marked.
fn draw_table(app: &App, table: &Table, frame: &mut Frame, rect: Rect) {
    let theme = app.theme();
    let view = app.board().view();
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(format!(
            " Access review · {} nodes · sorted by {} {} ",
            table.order.len(),
            table.sort.heading(),
            if table.descending { "▼" } else { "▲" }
        ))
        .title_bottom(fit(
            keys_line(
                theme,
                &[
                    ("←→", "sort by"),
                    ("r", "reverse"),
                    ("↑↓", "select"),
                    ("Enter", "show in the estate"),
                    ("Esc", "close"),
                ],
            ),
            usize::from(rect.width.saturating_sub(2)),
        ))
        .border_style(theme.focused_border());
    let inner = block.inner(rect);
    let width = usize::from(inner.width);
    let body = usize::from(inner.height).saturating_sub(1);
    // The id takes what the other columns leave; the marks stand right after it, so they
    // are on screen at every width.
    let rest = [14usize, 9, 9, 5, 6, 11];
    let id_width = width
        .saturating_sub(rest.iter().sum::<usize>() + rest.len() + 4)
        .max(12);
    let cell = |text: &str, w: usize| format!("{:<w$} ", truncate(text, w));
    let marker = |c: Column| {
        if c == table.sort {
            if table.descending { "▼" } else { "▲" }
        } else {
            ""
        }
    };
    let mut head = cell(&format!("id{}", marker(Column::Id)), id_width);
    head.push_str("    ");
    for (c, w) in Column::ALL[1..].iter().zip(rest) {
        head.push_str(&cell(&format!("{}{}", c.heading(), marker(*c)), w));
    }
    let mut lines = vec![Line::styled(
        truncate(&head, width),
        theme.tone(Tone::Title),
    )];
    let offset = crate::board::scroll_offset(table.order.len(), Some(table.selected), body);
    for (i, &n) in table.order.iter().enumerate().skip(offset).take(body) {
        let node = view.node(n);
        let last = match node.last_used {
            drillhall_engine::LastUsed::Unknown => "?".to_owned(),
            drillhall_engine::LastUsed::Never => "never".to_owned(),
            drillhall_engine::LastUsed::Ago(t) => drillhall_engine::format_duration(t),
        };
        let age = node
            .age
            .map(drillhall_engine::format_duration)
            .unwrap_or_default();
        let grants = if node.class() == drillhall_engine::NodeClass::Identity {
            crate::table::grants(view, n).to_string()
        } else {
            String::new()
        };
        let rating = match node.class() {
            drillhall_engine::NodeClass::Resource => node.sensitivity.as_str(),
            drillhall_engine::NodeClass::Workload => node.criticality.as_str(),
            _ => "",
        };
        let status = view.status(n);
        let over = if status.over_privileged { "⚠" } else { " " };
        let stale = if view.is_stale(n) { "⌛" } else { "  " };
        let mut text = String::new();
        for (value, w) in [
            node.kind.as_str(),
            node.owner.as_deref().unwrap_or("—"),
            &last,
            &age,
            &grants,
            rating,
        ]
        .iter()
        .zip(rest)
        {
            text.push_str(&cell(value, w));
        }
        let line = Line::from(vec![
            Span::raw(cell(&node.id, id_width)),
            Span::styled(over, theme.tone(Tone::Warn)),
            Span::styled(stale, theme.tone(Tone::Stale)),
            Span::raw(" "),
            Span::raw(text),
        ]);
        let line = fit(line, width);
        lines.push(if i == table.selected {
            line.patch_style(theme.selected())
        } else {
            line
        });
    }
    frame.render_widget(para(lines).block(block), rect);
}

/// The smallest screen a dialog is drawn in: its field and keys need this much.
pub const MIN_DIALOG: (u16, u16) = (40, 8);

/// The smallest box a page is drawn in; below it the screen says the terminal is too small
/// rather than showing a page cut where nothing says so.
pub const MIN_PANE: (u16, u16) = (40, 8);

/// Draws a scrollable page filling `rect`, with where it is in the border.
pub(crate) fn draw_pane(pane: &Pane, theme: Theme, frame: &mut Frame, rect: Rect) {
    frame.render_widget(Clear, rect);
    let block = Block::bordered()
        .title(truncate(
            &pane.title,
            usize::from(rect.width.saturating_sub(2)),
        ))
        .border_style(theme.focused_border());
    let inner = block.inner(rect);
    if inner.width < MIN_PANE.0 - 2 || inner.height < MIN_PANE.1 - 2 {
        frame.render_widget(
            para(Line::styled(
                format!(
                    "terminal too small for this page: at least {}x{} (Esc closes)",
                    MIN_PANE.0, MIN_PANE.1
                ),
                theme.tone(Tone::Warn),
            ))
            .block(block)
            .wrap(Wrap { trim: false }),
            rect,
        );
        return;
    }
    let body = usize::from(inner.height);
    let (rows, scroll, total) = pane.rows(usize::from(inner.width), body);
    let last = (scroll + rows.len()).min(total);
    let position = if total > body {
        format!(
            " {}–{} of {total} · ↑↓ PgUp PgDn Home End · Esc close ",
            scroll + 1,
            last
        )
    } else {
        " Esc close ".to_owned()
    };
    let block = block.title_bottom(
        Line::styled(
            truncate(&position, usize::from(inner.width)),
            theme.tone(Tone::Accent),
        )
        .right_aligned(),
    );
    frame.render_widget(para(rows).block(block), rect);
}

/// The `?` page: keys of the current screen, then on the drill screen every command.
pub(crate) fn keys_page(app: &App) -> Pane {
    let theme = app.theme();
    let mut lines = help_lines(app, theme);
    if app.screen() == Screen::Drill {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "Commands (help VERB on the command line for one in full)",
            theme.tone(Tone::Title),
        ));
        lines.extend(crate::help::command_lines(theme));
    }
    Pane::new(" Keys and commands ", lines)
}

fn help_lines(app: &App, theme: Theme) -> Vec<Line<'static>> {
    let keys: &[(&str, &str)] = match app.screen() {
        Screen::Briefing => &[("Enter", "start the drill"), ("q", "quit")],
        Screen::Drill => &[
            (
                "Enter",
                "run the command line (high-tier commands ask first)",
            ),
            (
                "help [VERB]",
                "on the command line: every command, or one in full",
            ),
            ("Tab", "complete verbs, ids, teams; again to cycle"),
            ("↑ ↓", "command history"),
            ("Esc", "browse the estate (: or i to type again)"),
            ("↑↓ j k", "browsing: select a node; Enter its commands"),
            ("/", "browsing: search the estate by id; Tab the next match"),
            ("t", "browsing: the access-review table, sortable (← →)"),
            ("f / F", "feed: cycle severity / only the selected node"),
            ("PgUp PgDn", "scroll the feed back (or the result pane)"),
            ("Home End", "on an empty line: oldest / newest feed entry"),
            ("Enter", "on an empty line: the marked feed entry in full"),
            ("w / n", "wait a minute / to the next timer you know of"),
            (
                "wait 10m",
                "let time pass; stops for news (--through: the whole time)",
            ),
            ("F2", "review queue (instructor at this keyboard)"),
            ("F3", "hint (guided mode, at a cost)"),
            (
                "q / Ctrl-C",
                "leave: quit, or end the drill for the debrief",
            ),
        ],
        Screen::Debrief => &[("↑↓ PgUp PgDn", "scroll"), ("q", "quit")],
        Screen::Replay => &[
            ("← →", "one minute back / forward"),
            ("PgUp PgDn", "ten minutes"),
            ("n / p", "next / previous decision"),
            ("Home End", "start / end"),
            ("↑↓", "select a node"),
            ("b", "branch: play on from here as a new session"),
            ("q", "quit"),
        ],
    };
    let mut out: Vec<Line> = keys
        .iter()
        .map(|(k, what)| {
            Line::from(vec![
                Span::styled(format!("{k:<14}"), theme.key()),
                Span::raw((*what).to_owned()),
            ])
        })
        .collect();
    if matches!(app.screen(), Screen::Drill | Screen::Replay) {
        out.push(Line::raw(""));
        let mut spans = Vec::new();
        for m in LEGEND {
            spans.push(Span::styled(m.glyph, theme.tone(m.tone)));
            spans.push(Span::raw(format!(" {}  ", short(m.word))));
        }
        out.push(Line::from(spans));
    }
    out
}

fn short(word: &str) -> &str {
    word.split(" (").next().unwrap_or(word)
}

fn confirm_title(c: &Confirm) -> String {
    if c.needs_signoff {
        format!(" Sign-off needed · {} tier ", c.assessment.tier)
    } else {
        format!(" Confirm · {} tier ", c.assessment.tier)
    }
}

fn confirm_lines(c: &Confirm, theme: Theme) -> Vec<Line<'static>> {
    let r = &c.assessment.reason;
    let tier_tone = match c.assessment.tier {
        Tier::High => Tone::Danger,
        Tier::Medium => Tone::Warn,
        Tier::Low => Tone::Good,
    };
    let row = |k: &str, v: String, tone: Tone| {
        Line::from(vec![
            Span::styled(format!("{k:<13}"), theme.tone(Tone::Dim)),
            Span::styled(v, theme.tone(tone)),
        ])
    };
    let crit = r
        .criticality
        .map_or_else(|| "none affected".to_owned(), |k| k.as_str().to_owned());
    let mut out = vec![
        Line::styled(c.command.to_string(), theme.tone(Tone::Title)),
        Line::from(vec![
            Span::styled(format!("{:<13}", "tier"), theme.tone(Tone::Dim)),
            Span::styled(c.assessment.tier.to_string(), theme.tone(tier_tone)),
            Span::styled("  criticality ", theme.tone(Tone::Dim)),
            Span::raw(crit),
            Span::styled("  dependents ", theme.tone(Tone::Dim)),
            Span::raw(r.dependents.to_string()),
            Span::styled("  reversible ", theme.tone(Tone::Dim)),
            Span::styled(
                if r.reversible { "yes" } else { "no" },
                theme.tone(if r.reversible {
                    Tone::Good
                } else {
                    Tone::Danger
                }),
            ),
        ]),
        row("why", r.summary.clone(), Tone::Plain),
    ];
    let focus = |f: ConfirmField| {
        if c.field == f {
            theme.selected()
        } else {
            theme.tone(Tone::Plain)
        }
    };
    if c.asks_confidence {
        let filled = usize::from((c.confidence - 50) / 5);
        let bar: String = "■".repeat(filled) + &"□".repeat(10 - filled);
        out.push(Line::from(vec![
            Span::styled(format!("{:<13}", "confidence"), theme.tone(Tone::Dim)),
            Span::styled(
                format!("◀ {}% ▶", c.confidence),
                focus(ConfirmField::Confidence),
            ),
            Span::styled(format!(" {bar}"), theme.tone(Tone::Accent)),
        ]));
        out.push(Line::styled(
            "how sure you are (50–100%, ←/→ by 5); the debrief compares it with the outcome",
            theme.tone(Tone::Dim),
        ));
    }
    if c.needs_signoff {
        out.push(Line::raw(
            "It goes to the reviewer as a sign-off request and runs when approved.",
        ));
        out.push(Line::from(vec![
            Span::styled(format!("{:<14}", "rollback plan"), theme.tone(Tone::Dim)),
            Span::styled(
                if c.field == ConfirmField::Rollback {
                    format!("{}▏", c.rollback)
                } else if c.rollback.is_empty() {
                    "(type the plan)".to_owned()
                } else {
                    c.rollback.clone()
                },
                focus(ConfirmField::Rollback),
            ),
        ]));
        if c.assessment.tier == Tier::High
            && c.rollback.trim().chars().count() < drillhall_engine::MIN_ROLLBACK_PLAN
        {
            out.push(Line::styled(
                "A high-tier request without a real rollback plan will be rejected.",
                theme.tone(Tone::Warn),
            ));
        }
    }
    let mut keys = vec![("Enter", "submit"), ("Esc", "cancel")];
    if c.asks_confidence && c.needs_signoff {
        keys.push(("Tab", "next field"));
    }
    out.push(keys_line(theme, &keys));
    out
}

fn review_lines(app: &App, r: &Review, theme: Theme) -> Vec<Line<'static>> {
    let pending = app.board().view().pending_signoffs();
    let mut out = Vec::new();
    if pending.is_empty() {
        out.push(Line::styled(
            "No sign-off request is waiting.",
            theme.tone(Tone::Dim),
        ));
    }
    for (i, p) in pending.iter().enumerate() {
        let conf = p.confidence.map(|c| format!(", {c}%")).unwrap_or_default();
        let head = Line::from(vec![
            Span::raw(format!("#{} {} ", p.request, format_clock(p.requested_at))),
            Span::styled(p.command.clone(), theme.tone(Tone::Title)),
            Span::styled(format!(" ({}{conf})", p.tier), theme.tone(Tone::Dim)),
        ]);
        out.push(if i == r.selected {
            head.patch_style(theme.selected())
        } else {
            head
        });
        let plan = if p.rollback.trim().is_empty() {
            "(no rollback plan)".to_owned()
        } else {
            p.rollback.clone()
        };
        out.push(Line::styled(
            format!("   rollback: {plan}"),
            theme.tone(Tone::Dim),
        ));
    }
    out.push(Line::raw(""));
    match &r.answer {
        Some((approve, reason)) => {
            out.push(Line::from(vec![
                Span::styled(
                    if *approve {
                        "approve, reason: "
                    } else {
                        "reject, reason: "
                    },
                    theme.tone(if *approve { Tone::Good } else { Tone::Danger }),
                ),
                Span::raw(format!("{reason}▏")),
            ]));
            out.push(keys_line(theme, &[("Enter", "send"), ("Esc", "back")]));
        }
        None => out.push(keys_line(
            theme,
            &[
                ("↑↓", "choose"),
                ("a", "approve"),
                ("r", "reject"),
                ("Esc", "close"),
            ],
        )),
    }
    out
}
