//! Colour on the terminal: whether to use it. The tones and how they look are
//! `drillhall-report`'s ([`drillhall_report::Tone`]), shared with the debrief.
//!
//! `--color auto` (the default) colours a stream only when it is a terminal and `NO_COLOR`
//! is unset or empty (<https://no-color.org>); `always` and `never` override both. Colour is
//! never the only signal: every coloured word is also a word or a glyph (`⚠ unused`).

use std::io::IsTerminal;

/// The `--color` choice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// Colour a terminal, unless `NO_COLOR` is set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

pub use drillhall_report::Tone;

/// Whether one stream is coloured.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    color: bool,
}

impl Style {
    /// Whether this stream is coloured (renderers of other crates take a plain flag).
    pub fn is_coloured(self) -> bool {
        self.color
    }

    /// `text` in the tone, or unchanged when colour is off (one painter for every command:
    /// [`drillhall_report::paint`]).
    pub fn paint(self, text: &str, tone: Tone) -> String {
        drillhall_report::paint(self.color, tone, text)
    }
}

/// The styles of stdout and stderr, which may differ (`drillhall … 2>log`).
#[derive(Clone, Copy, Debug)]
pub struct Styles {
    pub out: Style,
    pub err: Style,
}

impl Styles {
    /// Decides colour per stream from the choice, `NO_COLOR` and whether it is a terminal.
    pub fn detect(when: ColorWhen) -> Styles {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let decide = |is_terminal: bool| Style {
            color: match when {
                ColorWhen::Always => true,
                ColorWhen::Never => false,
                ColorWhen::Auto => is_terminal && !no_color,
            },
        };
        Styles {
            out: decide(std::io::stdout().is_terminal()),
            err: decide(std::io::stderr().is_terminal()),
        }
    }
}
