//! Renderers of a debrief: the terminal (colour optional) and Markdown.
//!
//! Colour is never the only signal: met and failed objectives carry ✓ and ✗, lost points a
//! minus sign. The caller decides colour (the binary turns it off for `NO_COLOR`, pipes and
//! `--color never`).

use drillhall_scenario::format_clock;

use super::{CalibrationStatus, Debrief, Decision, ObjectiveResult, ParStep, Score};

/// ANSI styles used by the terminal renderer.
#[derive(Clone, Copy)]
enum Tone {
    Strong,
    Good,
    Bad,
    Warn,
    Faint,
}

fn paint(color: bool, tone: Tone, text: &str) -> String {
    if !color {
        return text.to_owned();
    }
    let code = match tone {
        Tone::Strong => "1",
        Tone::Good => "32",
        Tone::Bad => "31",
        Tone::Warn => "33",
        Tone::Faint => "2",
    };
    // A line's newline stays outside the colour, so the reset ends the line it coloured.
    let body = text.trim_end_matches('\n');
    let newlines = &text[body.len()..];
    format!("\x1b[{code}m{body}\x1b[0m{newlines}")
}

fn events_list(events: &[crate::event::EventId]) -> String {
    events
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn objective_mark(o: &ObjectiveResult) -> &'static str {
    match o.state {
        "met" => "✓",
        "failed" => "✗",
        _ => "…",
    }
}

fn objective_when(o: &ObjectiveResult) -> String {
    match o.tick {
        Some(t) => format!("{} at {}", o.state, format_clock(t)),
        None => o.state.to_owned(),
    }
}

fn decision_label(d: &Decision) -> String {
    let mut s = format!("`{}`", d.command);
    let mut tags = Vec::new();
    if let Some(t) = d.tier {
        tags.push(t.to_string());
    }
    if let Some(c) = d.confidence {
        tags.push(format!("{c}%"));
    }
    if !tags.is_empty() {
        s.push_str(&format!(" ({})", tags.join(", ")));
    }
    s
}

/// Rows of the side-by-side timeline: at each tick, the trainee's decisions and the expert's
/// steps, paired in order.
fn side_by_side<'a>(
    decisions: &'a [Decision],
    steps: &'a [ParStep],
) -> Vec<(u64, Option<&'a Decision>, Option<&'a ParStep>)> {
    let mut ticks: Vec<u64> = decisions
        .iter()
        .map(|d| d.tick)
        .chain(steps.iter().map(|s| s.tick))
        .collect();
    ticks.sort_unstable();
    ticks.dedup();
    let mut rows = Vec::new();
    for t in ticks {
        let mine: Vec<&Decision> = decisions.iter().filter(|d| d.tick == t).collect();
        let theirs: Vec<&ParStep> = steps.iter().filter(|s| s.tick == t).collect();
        for i in 0..mine.len().max(theirs.len()) {
            rows.push((t, mine.get(i).copied(), theirs.get(i).copied()));
        }
    }
    rows
}

/// The score in one or two lines, for the end of `drillhall run`.
pub fn render_summary(score: &Score, objectives: &[ObjectiveResult], color: bool) -> String {
    let dims: Vec<String> = score
        .dimensions
        .iter()
        .map(|d| format!("{} {}", d.dimension.as_str(), d.value))
        .collect();
    let mut s = format!(
        "{} {} / 100 — {}\n",
        paint(color, Tone::Strong, "score"),
        paint(color, Tone::Strong, &score.display()),
        dims.join(" · ")
    );
    let objs: Vec<String> = objectives
        .iter()
        .map(|o| {
            let tone = if o.state == "met" {
                Tone::Good
            } else {
                Tone::Bad
            };
            paint(color, tone, &format!("{} {}", objective_mark(o), o.id))
        })
        .collect();
    if !objs.is_empty() {
        s.push_str(&format!("objectives: {}\n", objs.join(" · ")));
    }
    s
}

impl Debrief {
    /// The debrief for a terminal; `color` adds ANSI colour (pass false for `NO_COLOR`).
    pub fn render_text(&self, color: bool) -> String {
        let h = |t: &str| paint(color, Tone::Strong, t);
        let mut s = String::new();
        s.push_str(&format!(
            "{}\n",
            h(&format!("Debrief — {}", self.scenario.title))
        ));
        s.push_str(&paint(
            color,
            Tone::Faint,
            &format!(
                "{} · seed {} · {} mode · ends {} · digest {}\n",
                self.scenario.id,
                self.seed,
                self.mode,
                format_clock(self.end_tick),
                short(&self.digest)
            ),
        ));
        s.push('\n');
        s.push_str(&format!(
            "{} {} / 100   (par {})\n",
            h("SCORE"),
            h(&self.score.display()),
            self.par.score.display()
        ));
        for d in &self.score.dimensions {
            s.push_str(&format!(
                "  {:<16} {:>3}/100  ×{}\n",
                d.dimension.as_str(),
                d.value,
                d.weight
            ));
        }
        s.push('\n');
        s.push_str(&format!(
            "{} (dimension points × weight; the total is {} minus their sum)\n",
            h("POINTS LOST"),
            self.score.max
        ));
        if self.score.lines.is_empty() {
            s.push_str("  none\n");
        }
        for l in &self.score.lines {
            let cap = l
                .capped_from
                .map(|c| {
                    format!(
                        " (capped from −{c}: {} had {} left)",
                        l.dimension.as_str(),
                        l.points
                    )
                })
                .unwrap_or_default();
            s.push_str(&format!(
                "  {} {} ×{} = {}  {}  {}{}  [{}]\n",
                paint(color, Tone::Bad, &format!("−{}", l.points)),
                l.dimension.as_str(),
                self.score.dimension(l.dimension).weight,
                paint(color, Tone::Bad, &format!("−{}", l.weighted)),
                format_clock(l.tick),
                l.text,
                cap,
                events_list(&l.events)
            ));
        }
        let lost: u64 = self.score.lines.iter().map(|l| l.weighted).sum();
        s.push_str(&format!(
            "  {} − {lost} = {} → {} / 100\n",
            self.score.max,
            self.score.total,
            self.score.display()
        ));
        for l in &self.score.uncharged {
            s.push_str(&paint(
                color,
                Tone::Faint,
                &format!(
                    "  (not charged: {} — {})\n",
                    l.text,
                    uncharged_why(&self.score, l)
                ),
            ));
        }
        s.push('\n');
        s.push_str(&format!("{}\n", h("OBJECTIVES")));
        for o in &self.objectives {
            let tone = if o.state == "met" {
                Tone::Good
            } else {
                Tone::Bad
            };
            s.push_str(&format!(
                "  {} {:<18} {:<18} {}{}  [{}]\n",
                paint(color, tone, objective_mark(o)),
                o.id,
                objective_when(o),
                o.text,
                o.reason
                    .as_ref()
                    .map(|r| format!(" — {r}"))
                    .unwrap_or_default(),
                o.csf
            ));
        }
        s.push('\n');
        s.push_str(&format!(
            "{} (par: {} / 100, {} of {} objectives)\n",
            h("YOUR DECISIONS AND THE EXPERT'S"),
            self.par.score.display(),
            self.par.objectives_met,
            self.par.objectives_total
        ));
        for (t, mine, theirs) in side_by_side(&self.decisions, &self.par.steps) {
            if let Some(d) = mine {
                s.push_str(&format!(
                    "  {:<8} you     {} — {}\n",
                    format_clock(t),
                    decision_label(d),
                    d.outcome.describe()
                ));
                for c in d.consequences.iter().take(6) {
                    s.push_str(&paint(
                        color,
                        Tone::Faint,
                        &format!(
                            "  {:<8}         → {} {} {}\n",
                            "",
                            format_clock(c.tick),
                            c.kind,
                            c.text
                        ),
                    ));
                }
            }
            if let Some(p) = theirs {
                s.push_str(&format!(
                    "  {:<8} expert  `{}`{}\n",
                    if mine.is_some() {
                        String::new()
                    } else {
                        format_clock(t)
                    },
                    p.command,
                    if p.done_by_trainee {
                        ""
                    } else {
                        "  (you did not)"
                    }
                ));
                if let Some(why) = &p.why {
                    s.push_str(&paint(
                        color,
                        Tone::Faint,
                        &format!("  {:<8}         why: {why}\n", ""),
                    ));
                }
            }
        }
        s.push('\n');
        s.push_str(&format!("{}\n", h("WHAT IF")));
        if self.counterfactuals.is_empty() {
            s.push_str("  no medium- or high-tier decision to re-run, and nothing the expert did that you did not\n");
        }
        for c in &self.counterfactuals {
            let tone = if c.delta > 0 { Tone::Warn } else { Tone::Good };
            s.push_str(&format!("  • {}\n", paint(color, tone, &c.sentence)));
        }
        s.push('\n');
        s.push_str(&format!("{}\n", h("CALIBRATION")));
        s.push_str(&format!("  {}\n", self.calibration.sentence));
        for d in &self.calibration.decisions {
            s.push_str(&format!(
                "  {:<8} `{}`  {}  {}\n",
                format_clock(d.tick),
                d.action,
                d.confidence
                    .map_or_else(|| "no confidence stated".to_owned(), |c| format!("{c}%")),
                match d.helped {
                    Some(true) => paint(color, Tone::Good, "helped"),
                    Some(false) => paint(color, Tone::Bad, "made things worse"),
                    None => "outcome unknown".to_owned(),
                }
            ));
        }
        s.push('\n');
        s.push_str(&format!("{}\n", h("NIST CSF 2.0")));
        for t in &self.csf {
            s.push_str(&format!(
                "  {:<6} {:<56} decisions {:>2}  objectives {}/{}  weighted points lost {}\n",
                t.category.code(),
                t.name,
                t.decisions,
                t.objectives_met,
                t.objectives_total,
                t.points_lost
            ));
        }
        s
    }

    /// The debrief as Markdown, for an instructor to attach to a ticket.
    pub fn render_markdown(&self) -> String {
        let mut s = String::new();
        s.push_str(&format!("# Debrief: {}\n\n", self.scenario.title));
        s.push_str(&format!(
            "Scenario `{}` (sha256 `{}`), seed {}, {} mode, engine {}. The drill ended at {}; event-log digest `{}`.\n\n",
            self.scenario.id,
            short(&self.scenario.sha256),
            self.seed,
            self.mode,
            self.engine,
            format_clock(self.end_tick),
            short(&self.digest)
        ));
        s.push_str(&format!(
            "## Score: {} / 100 (par {})\n\n",
            self.score.display(),
            self.par.score.display()
        ));
        s.push_str("| dimension | weight | score | par |\n|---|---:|---:|---:|\n");
        for d in &self.score.dimensions {
            s.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                d.dimension.as_str(),
                d.weight,
                d.value,
                self.par.score.dimension(d.dimension).value
            ));
        }
        s.push_str(&format!(
            "\nEach dimension starts at 100 and every line below takes points off one of them; a dimension \
             never goes below 0 (the line that empties it is cut to what was left, and says so). A line costs \
             the total its points × the dimension's weight. The total is 100 × Σ weights = {} minus those \
             weighted points: here {} − {} = {}, which is {} / 100 (the total ÷ {}).\n\n",
            self.score.max,
            self.score.max,
            self.score.max - self.score.total,
            self.score.total,
            self.score.display(),
            self.score.weight_sum
        ));
        s.push_str("## Points lost\n\n");
        if self.score.lines.is_empty() {
            s.push_str("None.\n\n");
        } else {
            s.push_str(
                "| # | dimension | points | weighted | when | what happened | events |\n|---:|---|---:|---:|---|---|---|\n",
            );
            for (i, l) in self.score.lines.iter().enumerate() {
                let cap = l
                    .capped_from
                    .map(|c| format!(" *(capped from −{c}: the dimension had {} left)*", l.points))
                    .unwrap_or_default();
                s.push_str(&format!(
                    "| {} | {} | −{} | −{} | {} | {}{} | {} |\n",
                    i + 1,
                    l.dimension.as_str(),
                    l.points,
                    l.weighted,
                    format_clock(l.tick),
                    cell(&l.text),
                    cap,
                    events_list(&l.events)
                ));
            }
            s.push_str(&format!(
                "| | **total** | | **−{}** | | **{} − {} = {}** | |\n\n",
                self.score.max - self.score.total,
                self.score.max,
                self.score.max - self.score.total,
                self.score.total
            ));
        }
        if !self.score.uncharged.is_empty() {
            s.push_str("Not charged:\n\n");
            for l in &self.score.uncharged {
                s.push_str(&format!(
                    "- {} at {}: {} ({})\n",
                    l.dimension.as_str(),
                    format_clock(l.tick),
                    l.text,
                    uncharged_why(&self.score, l)
                ));
            }
            s.push('\n');
        }
        s.push_str("## Objectives\n\n| objective | result | when | CSF 2.0 |\n|---|---|---|---|\n");
        for o in &self.objectives {
            s.push_str(&format!(
                "| `{}` {} | {} {}{} | {} | {} |\n",
                o.id,
                cell(&o.text),
                objective_mark(o),
                o.state,
                o.reason
                    .as_ref()
                    .map(|r| format!(": {}", cell(r)))
                    .unwrap_or_default(),
                o.tick.map(format_clock).unwrap_or_default(),
                o.csf
            ));
        }
        s.push_str(&format!(
            "\n## Your decisions beside the expert's\n\nThe expert's response on the same seed scores {} and meets {} of {} objectives.\n\n",
            self.par.score.display(),
            self.par.objectives_met,
            self.par.objectives_total
        ));
        s.push_str("| time | you | what followed | expert | why |\n|---|---|---|---|---|\n");
        for (t, mine, theirs) in side_by_side(&self.decisions, &self.par.steps) {
            let (you, followed) = match mine {
                Some(d) => {
                    let mut f: Vec<String> = vec![d.outcome.describe()];
                    f.extend(
                        d.consequences
                            .iter()
                            .take(6)
                            .map(|c| format!("{} {} {}", format_clock(c.tick), c.kind, c.text)),
                    );
                    (cell(&decision_label(d)), cell(&f.join("; ")))
                }
                None => (String::new(), String::new()),
            };
            let (expert, why) = match theirs {
                Some(p) => (
                    cell(&format!(
                        "`{}`{}",
                        p.command,
                        if p.done_by_trainee {
                            ""
                        } else {
                            " *(you did not)*"
                        }
                    )),
                    cell(p.why.as_deref().unwrap_or("")),
                ),
                None => (String::new(), String::new()),
            };
            s.push_str(&format!(
                "| {} | {you} | {followed} | {expert} | {why} |\n",
                format_clock(t)
            ));
        }
        s.push_str("\n## What if\n\n");
        if self.counterfactuals.is_empty() {
            s.push_str("No medium- or high-tier decision to re-run, and nothing the expert did that you did not.\n");
        }
        for c in &self.counterfactuals {
            s.push_str(&format!("- {}\n", c.sentence));
        }
        s.push_str("\n## Calibration\n\n");
        s.push_str(&format!("{}\n", self.calibration.sentence));
        if self.calibration.status != CalibrationStatus::NoHighTierDecisions {
            s.push_str(
                "\n| when | high-tier decision | confidence | outcome |\n|---|---|---:|---|\n",
            );
            for d in &self.calibration.decisions {
                s.push_str(&format!(
                    "| {} | `{}` | {} | {} |\n",
                    format_clock(d.tick),
                    cell(&d.action),
                    d.confidence
                        .map_or_else(|| "not stated".to_owned(), |c| format!("{c}%")),
                    match (d.helped, d.delta) {
                        (Some(true), Some(x)) => format!("helped (+{x} weighted points)"),
                        (Some(false), Some(x)) =>
                            format!("made things worse ({x} weighted points)"),
                        _ => "unknown".to_owned(),
                    }
                ));
            }
        }
        s.push_str("\n## NIST CSF 2.0\n\n| category | decisions | objectives met | weighted points lost |\n|---|---:|---:|---:|\n");
        for t in &self.csf {
            s.push_str(&format!(
                "| {} {} | {} | {}/{} | {} |\n",
                t.category.code(),
                t.name,
                t.decisions,
                t.objectives_met,
                t.objectives_total,
                t.points_lost
            ));
        }
        if let Some(lessons) = &self.lessons {
            s.push_str("\n---\n\n");
            s.push_str(lessons.trim_end());
            s.push('\n');
        }
        s
    }
}

/// Why a line cost nothing.
fn uncharged_why(score: &Score, l: &super::Deduction) -> String {
    if score.dimension(l.dimension).weight == 0 {
        format!("{} weighs 0 in this scenario", l.dimension.as_str())
    } else {
        format!(
            "{} was already at 0; it would have cost {}",
            l.dimension.as_str(),
            l.capped_from.unwrap_or(l.points)
        )
    }
}

/// The first 12 hex digits of a digest.
fn short(hex: &str) -> &str {
    &hex[..hex.len().min(12)]
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::{Dimension, format_hundredths};

    #[test]
    fn table_cells_escape_pipes_and_newlines() {
        assert_eq!(cell("a | b\nc"), "a \\| b c");
    }

    #[test]
    fn colour_is_added_only_when_asked_for() {
        assert_eq!(paint(false, Tone::Bad, "−5"), "−5");
        assert_eq!(paint(true, Tone::Bad, "−5"), "\x1b[31m−5\x1b[0m");
        assert_eq!(paint(true, Tone::Faint, "why\n"), "\x1b[2mwhy\x1b[0m\n");
        assert_eq!(Dimension::LeastPrivilege.as_str(), "least privilege");
        assert_eq!(format_hundredths(9680), "96.80");
        assert_eq!(format_hundredths(5), "0.05");
    }
}
