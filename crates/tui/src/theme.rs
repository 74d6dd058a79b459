//! Colours and text styles, in one place so that `NO_COLOR` can switch every colour off.
//!
//! Status is always shown by a glyph as well as a colour, so a screen without colour loses
//! nothing. With colour off the theme keeps only modifiers (bold, reversed) that every
//! terminal renders without colour: the selection stays visible.

use ratatui::style::{Color, Modifier, Style};

/// The styles the views draw with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    /// Whether colours are used at all (`NO_COLOR` unset).
    pub color: bool,
    /// Colours chosen for a light background (`--theme light`).
    pub light: bool,
}

/// What a piece of text means, which picks its style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tone {
    /// Ordinary text.
    Plain,
    /// Secondary text: kinds, ticks, hints.
    Dim,
    /// Titles and headings.
    Title,
    /// Something broken or dangerous: revoked, down, rejected, high tier.
    Danger,
    /// A warning: over-privileged, medium tier, pending sign-offs.
    Warn,
    /// Attacker-related or compromised.
    Hostile,
    /// Good news: approved, met, healthy.
    Good,
    /// Informational accent: revealed, the clock, the expert.
    Accent,
    /// Stale or ageing.
    Stale,
}

impl Theme {
    /// A theme with colour unless `no_color`.
    pub fn new(no_color: bool) -> Theme {
        Theme {
            color: !no_color,
            light: false,
        }
    }

    /// The theme for a light terminal background.
    #[must_use]
    pub fn light(self) -> Theme {
        Theme {
            light: true,
            ..self
        }
    }

    /// The theme `NO_COLOR` asks for: colour unless the variable is set to anything
    /// non-empty (<https://no-color.org>).
    pub fn from_env_value(no_color: Option<&str>) -> Theme {
        Theme::new(no_color.is_some_and(|v| !v.is_empty()))
    }

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    /// The style of a tone.
    ///
    /// Every colour reads on its background: on a dark one no palette grey (colour 8) and
    /// no dark red (colour 1), which many terminals draw too dark to read; on a light one
    /// no yellow or cyan, which vanish on white.
    pub fn tone(self, tone: Tone) -> Style {
        let c = if self.light {
            match tone {
                Tone::Plain | Tone::Title => None,
                Tone::Dim => Some(Color::Indexed(242)),
                Tone::Danger => Some(Color::Indexed(160)),
                Tone::Warn => Some(Color::Indexed(130)),
                Tone::Hostile => Some(Color::Indexed(127)),
                Tone::Good => Some(Color::Indexed(28)),
                Tone::Accent => Some(Color::Indexed(25)),
                Tone::Stale => Some(Color::Indexed(61)),
            }
        } else {
            match tone {
                Tone::Plain | Tone::Title => None,
                Tone::Dim => Some(Color::Indexed(246)),
                Tone::Danger => Some(Color::LightRed),
                Tone::Warn => Some(Color::Yellow),
                Tone::Hostile => Some(Color::LightMagenta),
                Tone::Good => Some(Color::Green),
                Tone::Accent => Some(Color::Cyan),
                Tone::Stale => Some(Color::LightBlue),
            }
        };
        let style = c.map_or_else(Style::new, |c| self.fg(c));
        if tone == Tone::Title {
            style.add_modifier(Modifier::BOLD)
        } else {
            style
        }
    }

    /// The selected row of a list.
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// A feed line about the selected node.
    pub fn highlighted(self) -> Style {
        if self.color {
            Style::new().bg(Color::Indexed(236))
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    /// The border of the focused pane.
    pub fn focused_border(self) -> Style {
        if self.color {
            Style::new().fg(Color::Cyan)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    /// A key name in the footer and help.
    pub fn key(self) -> Style {
        self.tone(Tone::Accent).add_modifier(Modifier::BOLD)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_keeps_modifiers_but_drops_every_colour() {
        let t = Theme::new(true);
        for tone in [
            Tone::Plain,
            Tone::Dim,
            Tone::Title,
            Tone::Danger,
            Tone::Warn,
            Tone::Hostile,
            Tone::Good,
            Tone::Accent,
            Tone::Stale,
        ] {
            let s = t.tone(tone);
            assert_eq!((s.fg, s.bg), (None, None), "{tone:?}");
        }
        assert_eq!(t.highlighted().bg, None);
        assert!(t.selected().add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn no_tone_is_palette_grey_or_dark_red_and_the_light_theme_avoids_yellow_and_cyan() {
        let all = [
            Tone::Plain,
            Tone::Dim,
            Tone::Title,
            Tone::Danger,
            Tone::Warn,
            Tone::Hostile,
            Tone::Good,
            Tone::Accent,
            Tone::Stale,
        ];
        let dark = Theme::new(false);
        for tone in all {
            let fg = dark.tone(tone).fg;
            assert!(
                !matches!(
                    fg,
                    Some(Color::DarkGray | Color::Red | Color::Indexed(8 | 1))
                ),
                "{tone:?} is {fg:?}"
            );
        }
        let light = dark.light();
        for tone in all {
            let fg = light.tone(tone).fg;
            assert!(
                !matches!(fg, Some(Color::Yellow | Color::Cyan | Color::White)),
                "{tone:?} is {fg:?} on a light background"
            );
        }
    }

    #[test]
    fn an_empty_no_color_variable_does_not_turn_colour_off() {
        assert!(Theme::from_env_value(None).color);
        assert!(Theme::from_env_value(Some("")).color);
        assert!(!Theme::from_env_value(Some("1")).color);
    }
}
