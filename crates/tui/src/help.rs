//! The help pages: `help` (every command, one line each), `help VERB` (its syntax, flags,
//! time cost, how its tier is decided, and an example on this estate with what the engine
//! says about it now), and the `?` overlay (keys, commands and the legend of marks).
//!
//! The words are the grammar's ([`drillhall_engine::command::HELP`]); the example's time
//! cost, tier and requirements are the engine's answers ([`cost`], [`Session::assess`],
//! [`Session::requirements`]) asked on the example, so the page cannot drift from the rules.

use drillhall_engine::command::{self, VerbHelp};
use drillhall_engine::format_duration;
use drillhall_engine::{Command, ConfidenceNeed, Session, TraineeView, VERBS, cost};
use ratatui::text::{Line, Span};

use crate::command_line::{HELP_WORD, candidates};
use crate::pane::Pane;
use crate::theme::{Theme, Tone};

fn kv(theme: Theme, key: &str, value: impl Into<String>) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{key:<10}"), theme.tone(Tone::Title)),
        Span::raw(value.into()),
    ])
}

/// `help`: every command with its synopsis and what it does.
pub(crate) fn commands_page(theme: Theme) -> Pane {
    let mut lines = vec![
        Line::styled(
            "help VERB for one command in full (help rotate) · Tab completes · ? keys",
            theme.tone(Tone::Accent),
        ),
        Line::raw(""),
    ];
    lines.extend(command_lines(theme));
    Pane::new(" Commands ", lines)
}

/// One line per verb: `rotate CREDENTIAL [--grace DURATION]  Issue a new version …`.
pub(crate) fn command_lines(theme: Theme) -> Vec<Line<'static>> {
    command::HELP
        .iter()
        .map(|h| {
            Line::from(vec![
                Span::styled(h.verb.to_owned(), theme.key()),
                Span::raw(format!(" {}", h.synopsis)),
                Span::styled(format!("  {}", h.summary), theme.tone(Tone::Plain)),
            ])
        })
        .collect()
}

/// `help VERB`, or a page that says the verb is unknown and suggests the closest.
pub(crate) fn verb_page(session: &Session, view: &TraineeView, verb: &str, theme: Theme) -> Pane {
    let Some(h) = command::help(verb) else {
        let mut lines = vec![Line::styled(
            format!("`{verb}` is not a command."),
            theme.tone(Tone::Danger),
        )];
        if let Some(s) = command::closest(verb, VERBS.iter().map(|(v, _)| *v)) {
            lines.push(Line::raw(format!("Did you mean `{s}`? (help {s})")));
        }
        lines.push(Line::raw(""));
        lines.extend(command_lines(theme));
        return Pane::new(" help ", lines);
    };
    let mut lines = vec![
        Line::from(vec![
            Span::styled(h.verb.to_owned(), theme.key()),
            Span::raw(format!(" {}", h.synopsis)),
        ]),
        Line::raw(h.summary.to_owned()),
        Line::raw(""),
    ];
    if !h.flags.is_empty() {
        lines.push(Line::styled("flags", theme.tone(Tone::Title)));
        for (flag, what) in h.flags {
            lines.push(Line::from(vec![
                Span::styled(format!("  {flag}"), theme.key()),
                Span::raw(format!("  {what}")),
            ]));
        }
    }
    let example = example(view, h);
    let parsed = Command::parse(&example).ok();
    match &parsed {
        Some(c) => lines.push(kv(
            theme,
            "time",
            format!(
                "{} of drill time (paths 2m, logs 5m, the rest 1m)",
                format_duration(cost(c))
            ),
        )),
        None => lines.push(kv(theme, "time", "1m of drill time")),
    }
    lines.push(kv(theme, "tier", h.tier));
    lines.push(kv(theme, "mode", mode_rule(session)));
    lines.push(Line::raw(""));
    lines.push(kv(theme, "example", example.clone()));
    if let Some(c) = &parsed
        && !matches!(c, Command::Wait { .. })
    {
        match session.check(c) {
            Ok(()) => {
                let needs = session.requirements(c);
                let mut asks = Vec::new();
                if needs.signoff {
                    asks.push("needs a sign-off".to_owned());
                }
                match needs.confidence {
                    ConfidenceNeed::Required => asks.push("asks your confidence".to_owned()),
                    ConfidenceNeed::Optional => {
                        asks.push("takes a confidence if you give one".to_owned());
                    }
                    ConfidenceNeed::NotAsked => {}
                }
                let asks = if asks.is_empty() {
                    "runs at once".to_owned()
                } else {
                    asks.join(", ")
                };
                lines.push(kv(
                    theme,
                    "now",
                    format!(
                        "{} tier ({}): {asks}",
                        needs.assessment.tier, needs.assessment.reason.summary
                    ),
                ));
            }
            Err(r) => lines.push(kv(theme, "now", format!("would be refused: {r}"))),
        }
    }
    Pane::new(format!(" help {} ", h.verb), lines)
}

/// What the session's mode asks of gated commands.
fn mode_rule(session: &Session) -> String {
    use drillhall_engine::Mode;
    match session.mode() {
        Mode::Reviewed => {
            "reviewed: medium and high tiers need a sign-off; high asks your confidence".into()
        }
        Mode::Guided => "guided: high tier needs a sign-off and asks your confidence".into(),
        Mode::Independent => {
            "independent: nothing needs a sign-off; high tier takes a confidence".into()
        }
        Mode::Shadow => "shadow: the expert acts; you predict its next step".into(),
    }
}

/// An example of `h` on this estate: each id slot filled with the first id completion
/// offers there (so `remove-grant` names a grant that exists), a new id where one is
/// needed, and one optional group when the synopsis has only one.
pub(crate) fn example(view: &TraineeView, h: &VerbHelp) -> String {
    let optional = h.synopsis.matches('[').count();
    let tokens: Vec<&str> = h.synopsis.split_whitespace().collect();
    let mut words: Vec<String> = vec![h.verb.to_owned()];
    for t in tokens {
        let is_optional = t.starts_with('[') || t.ends_with(']');
        if is_optional && optional > 1 {
            continue;
        }
        let t = t.trim_matches(|c| c == '[' || c == ']');
        if t.starts_with("--") {
            words.push(t.to_owned());
            continue;
        }
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let offered = candidates(view, &refs, false);
        let word = match t {
            "DURATION" if h.verb == "wait" => "30m".to_owned(),
            "DURATION" => "15m".to_owned(),
            "SINCE" => "2h".to_owned(),
            "#ACTION" => "#1".to_owned(),
            "PERMISSION" => "read".to_owned(),
            "ID" if h.verb == "create-identity" => "sa-new".to_owned(),
            "CREDENTIAL" if h.verb == "issue" => "tok-new".to_owned(),
            "IDENTITY" if h.verb == "issue" => "sa-new".to_owned(),
            "KIND" if h.verb == "issue" => "api-token".to_owned(),
            "KIND" => "service-account".to_owned(),
            "\"COMMAND\"" => format!(
                "\"revoke {}\"",
                candidates(view, &["revoke"], false)
                    .first()
                    .map_or("CREDENTIAL", String::as_str)
            ),
            "\"PLAN\"" => "\"re-issue it from the vault and redeploy\"".to_owned(),
            "\"TEXT\"" => "\"why I chose this\"".to_owned(),
            _ => offered
                .into_iter()
                .next()
                .unwrap_or_else(|| t.to_lowercase()),
        };
        words.push(word);
    }
    words.join(" ")
}

/// What a `help` line asks for.
pub(crate) enum Ask<'a> {
    /// `help`: every command.
    All,
    /// `help VERB`.
    Verb(&'a str),
}

/// The `help` line typed on the command line, or `None` for any other line.
pub(crate) fn parse_help(text: &str) -> Option<Ask<'_>> {
    let mut words = text.split_whitespace();
    if words.next()? != HELP_WORD {
        return None;
    }
    Some(words.next().map_or(Ask::All, Ask::Verb))
}
