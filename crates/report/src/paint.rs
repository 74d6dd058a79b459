//! The few tones drillhall's terminal output uses, painted with `anstyle`.
//!
//! One place decides what a tone looks like, for the debrief and for every other command's
//! output (the binary's `--color` handling calls [`paint`] too). Colour is never the only
//! signal: every coloured word is also a word or a glyph (`✗`, `−5`, `⚠ unused`).

use anstyle::{AnsiColor, Style};

/// What a coloured span means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Headings.
    Strong,
    /// Success (`ok`, a met objective).
    Good,
    /// Something to look at (`⚠ unused`, a decision that cost points).
    Warn,
    /// Points lost, a failed objective.
    Bad,
    /// An error, or the most sensitive things.
    Error,
    /// Secondary detail (edge words, hops, why).
    Faint,
}

impl Tone {
    /// The tone's style.
    pub fn style(self) -> Style {
        match self {
            Tone::Strong => Style::new().bold(),
            Tone::Good => AnsiColor::Green.on_default(),
            Tone::Warn => AnsiColor::Yellow.on_default(),
            Tone::Bad => AnsiColor::Red.on_default(),
            Tone::Error => AnsiColor::Red.on_default().bold(),
            Tone::Faint => Style::new().dimmed(),
        }
    }
}

/// `text` in the tone, or unchanged when `color` is off. A trailing newline stays outside the
/// colour, so the reset ends the line it coloured.
pub fn paint(color: bool, tone: Tone, text: &str) -> String {
    if !color {
        return text.to_owned();
    }
    let style = tone.style();
    let body = text.trim_end_matches('\n');
    let newlines = text.get(body.len()..).unwrap_or("");
    format!("{style}{body}{style:#}{newlines}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_is_added_only_when_asked_for() {
        assert_eq!(paint(false, Tone::Bad, "−5"), "−5");
        assert_eq!(paint(true, Tone::Bad, "−5"), "\x1b[31m−5\x1b[0m");
        assert_eq!(paint(true, Tone::Faint, "why\n"), "\x1b[2mwhy\x1b[0m\n");
        assert_eq!(paint(true, Tone::Strong, "SCORE"), "\x1b[1mSCORE\x1b[0m");
    }

    #[test]
    fn an_error_is_bold_red() {
        let e = paint(true, Tone::Error, "✗");
        assert!(e.starts_with("\x1b[1m") && e.contains("\x1b[31m") && e.ends_with("✗\x1b[0m"));
    }
}
