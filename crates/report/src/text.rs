//! The terminal debrief and the short score summary.

use drillhall_debrief::{Debrief, ObjectiveResult, Score};
use drillhall_engine::format_clock;

use crate::markdown::{
    decision_label, events_list, objective_mark, objective_when, short, side_by_side, uncharged_why,
};
use crate::paint::{Tone, paint};

/// The score in one or two lines, for the end of `drillhall run`.
pub fn summary(score: &Score, objectives: &[ObjectiveResult], color: bool) -> String {
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

/// The debrief for a terminal; `color` adds ANSI colour (pass false for `NO_COLOR`).
pub fn text(debrief: &Debrief, color: bool) -> String {
    let h = |t: &str| paint(color, Tone::Strong, t);
    let mut s = String::new();
    s.push_str(&format!(
        "{}\n",
        h(&format!("Debrief — {}", debrief.scenario.title))
    ));
    s.push_str(&paint(
        color,
        Tone::Faint,
        &format!(
            "{} · seed {} · {} mode · ends {} · digest {}\n",
            debrief.scenario.id,
            debrief.seed,
            debrief.mode,
            format_clock(debrief.end_tick),
            short(&debrief.digest)
        ),
    ));
    s.push('\n');
    s.push_str(&format!(
        "{} {} / 100   (par {})\n",
        h("SCORE"),
        h(&debrief.score.display()),
        debrief.par.score.display()
    ));
    for d in &debrief.score.dimensions {
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
        debrief.score.max
    ));
    if debrief.score.lines.is_empty() {
        s.push_str("  none\n");
    }
    for l in &debrief.score.lines {
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
            debrief.score.dimension(l.dimension).weight,
            paint(color, Tone::Bad, &format!("−{}", l.weighted)),
            format_clock(l.tick),
            l.text,
            cap,
            events_list(&l.events)
        ));
    }
    let lost: u64 = debrief.score.lines.iter().map(|l| l.weighted).sum();
    s.push_str(&format!(
        "  {} − {lost} = {} → {} / 100\n",
        debrief.score.max,
        debrief.score.total,
        debrief.score.display()
    ));
    for l in &debrief.score.uncharged {
        s.push_str(&paint(
            color,
            Tone::Faint,
            &format!(
                "  (not charged: {} — {})\n",
                l.text,
                uncharged_why(&debrief.score, l)
            ),
        ));
    }
    s.push('\n');
    s.push_str(&format!("{}\n", h("OBJECTIVES")));
    for o in &debrief.objectives {
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
        debrief.par.score.display(),
        debrief.par.objectives_met,
        debrief.par.objectives_total
    ));
    for (t, mine, theirs) in side_by_side(&debrief.decisions, &debrief.par.steps) {
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
    if debrief.counterfactuals.is_empty() {
        s.push_str("  no medium- or high-tier decision to re-run, and nothing the expert did that you did not\n");
    }
    for c in &debrief.counterfactuals {
        let tone = if c.delta > 0 { Tone::Warn } else { Tone::Good };
        s.push_str(&format!("  • {}\n", paint(color, tone, &c.sentence)));
    }
    s.push('\n');
    s.push_str(&format!("{}\n", h("CALIBRATION")));
    s.push_str(&format!("  {}\n", debrief.calibration.sentence));
    for d in &debrief.calibration.decisions {
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
    if !debrief.pauses.is_empty() {
        s.push('\n');
        s.push_str(&format!("{}\n", h("PAUSES")));
        s.push_str(&format!("  {}\n", debrief.pauses.sentence));
    }
    if let Some(p) = &debrief.predictions {
        s.push('\n');
        s.push_str(&format!(
            "{} {} of {} points\n",
            h("PREDICTIONS"),
            p.points,
            p.max
        ));
        for step in &p.steps {
            s.push_str(&format!(
                "  {:<8} step {}  `{}` vs the expert's `{}`  {}\n",
                format_clock(step.tick),
                step.step,
                step.predicted,
                step.expected,
                points_word(step.points)
            ));
        }
    }
    s.push('\n');
    s.push_str(&format!("{}\n", h("NIST CSF 2.0")));
    for t in &debrief.csf {
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

/// `2 points`, `1 point`.
pub(crate) fn points_word(points: u32) -> String {
    if points == 1 {
        "1 point".to_owned()
    } else {
        format!("{points} points")
    }
}
