//! The Markdown debrief, and the layout helpers the terminal debrief shares.

use drillhall_debrief::{
    CalibrationStatus, Debrief, Decision, Deduction, ObjectiveResult, ParStep, Score,
};
use drillhall_engine::{EventId, format_clock};

/// The debrief as Markdown, for an instructor to attach to a ticket.
pub fn markdown(debrief: &Debrief) -> String {
    let mut s = String::new();
    s.push_str(&format!("# Debrief: {}\n\n", debrief.scenario.title));
    s.push_str(&format!(
            "Scenario `{}` (sha256 `{}`), seed {}, {} mode, engine {}. The drill ended at {}; event-log digest `{}`.\n\n",
            debrief.scenario.id,
            short(&debrief.scenario.sha256),
            debrief.seed,
            debrief.mode,
            debrief.engine,
            format_clock(debrief.end_tick),
            short(&debrief.digest)
        ));
    s.push_str(&format!(
        "## Score: {} / 100 (par {})\n\n",
        debrief.score.display(),
        debrief.par.score.display()
    ));
    s.push_str("| dimension | weight | score | par |\n|---|---:|---:|---:|\n");
    for d in &debrief.score.dimensions {
        s.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            d.dimension.as_str(),
            d.weight,
            d.value,
            debrief.par.score.dimension(d.dimension).value
        ));
    }
    s.push_str(&format!(
            "\nEach dimension starts at 100 and every line below takes points off one of them; a dimension \
             never goes below 0 (the line that empties it is cut to what was left, and says so). A line costs \
             the total its points × the dimension's weight. The total is 100 × Σ weights = {} minus those \
             weighted points: here {} − {} = {}, which is {} / 100 (the total ÷ {}).\n\n",
            debrief.score.max,
            debrief.score.max,
            debrief.score.max - debrief.score.total,
            debrief.score.total,
            debrief.score.display(),
            debrief.score.weight_sum
        ));
    s.push_str("## Points lost\n\n");
    if debrief.score.lines.is_empty() {
        s.push_str("None.\n\n");
    } else {
        s.push_str(
                "| # | dimension | points | weighted | when | what happened | events |\n|---:|---|---:|---:|---|---|---|\n",
            );
        for (i, l) in debrief.score.lines.iter().enumerate() {
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
            debrief.score.max - debrief.score.total,
            debrief.score.max,
            debrief.score.max - debrief.score.total,
            debrief.score.total
        ));
    }
    if !debrief.score.uncharged.is_empty() {
        s.push_str("Not charged:\n\n");
        for l in &debrief.score.uncharged {
            s.push_str(&format!(
                "- {} at {}: {} ({})\n",
                l.dimension.as_str(),
                format_clock(l.tick),
                l.text,
                uncharged_why(&debrief.score, l)
            ));
        }
        s.push('\n');
    }
    s.push_str("## Objectives\n\n| objective | result | when | CSF 2.0 |\n|---|---|---|---|\n");
    for o in &debrief.objectives {
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
            debrief.par.score.display(),
            debrief.par.objectives_met,
            debrief.par.objectives_total
        ));
    s.push_str("| time | you | what followed | expert | why |\n|---|---|---|---|---|\n");
    for (t, mine, theirs) in side_by_side(&debrief.decisions, &debrief.par.steps) {
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
    if debrief.counterfactuals.is_empty() {
        s.push_str("No medium- or high-tier decision to re-run, and nothing the expert did that you did not.\n");
    }
    for c in &debrief.counterfactuals {
        s.push_str(&format!("- {}\n", c.sentence));
    }
    s.push_str("\n## Calibration\n\n");
    s.push_str(&format!("{}\n", debrief.calibration.sentence));
    if debrief.calibration.status != CalibrationStatus::NoHighTierDecisions {
        s.push_str("\n| when | high-tier decision | confidence | outcome |\n|---|---|---:|---|\n");
        for d in &debrief.calibration.decisions {
            s.push_str(&format!(
                "| {} | `{}` | {} | {} |\n",
                format_clock(d.tick),
                cell(&d.action),
                d.confidence
                    .map_or_else(|| "not stated".to_owned(), |c| format!("{c}%")),
                match (d.helped, d.delta) {
                    (Some(true), Some(x)) => format!("helped (+{x} weighted points)"),
                    (Some(false), Some(x)) => format!("made things worse ({x} weighted points)"),
                    _ => "unknown".to_owned(),
                }
            ));
        }
    }
    if !debrief.pauses.is_empty() {
        s.push_str("\n## Pauses\n\n");
        s.push_str(&format!("{}\n", debrief.pauses.sentence));
    }
    if let Some(p) = &debrief.predictions {
        s.push_str(&format!(
                "\n## Predictions\n\nYour predictions of the expert's next step earned {} of {} points (the exact command 2, the same verb 1).\n",
                p.points, p.max
            ));
        if !p.steps.is_empty() {
            s.push_str("\n| when | step | you predicted | the expert | points |\n|---|---:|---|---|---:|\n");
            for step in &p.steps {
                s.push_str(&format!(
                    "| {} | {} | `{}` | `{}` | {} |\n",
                    format_clock(step.tick),
                    step.step,
                    cell(&step.predicted),
                    cell(&step.expected),
                    step.points
                ));
            }
        }
    }
    s.push_str("\n## NIST CSF 2.0\n\n| category | decisions | objectives met | weighted points lost |\n|---|---:|---:|---:|\n");
    for t in &debrief.csf {
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
    if let Some(lessons) = &debrief.lessons {
        s.push_str("\n---\n\n");
        s.push_str(lessons.trim_end());
        s.push('\n');
    }
    s
}
pub(crate) fn events_list(events: &[EventId]) -> String {
    events
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

pub(crate) fn objective_mark(o: &ObjectiveResult) -> &'static str {
    match o.state {
        "met" => "✓",
        "failed" => "✗",
        _ => "…",
    }
}

pub(crate) fn objective_when(o: &ObjectiveResult) -> String {
    match o.tick {
        Some(t) => format!("{} at {}", o.state, format_clock(t)),
        None => o.state.to_owned(),
    }
}

pub(crate) fn decision_label(d: &Decision) -> String {
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
pub(crate) fn side_by_side<'a>(
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

/// Why a line cost nothing.
pub(crate) fn uncharged_why(score: &Score, l: &Deduction) -> String {
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
pub(crate) fn short(hex: &str) -> &str {
    hex.get(..12).unwrap_or(hex)
}

/// Text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_cells_escape_pipes_and_newlines() {
        assert_eq!(cell("a | b\nc"), "a \\| b c");
    }
}
