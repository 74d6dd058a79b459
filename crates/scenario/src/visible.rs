//! Text from files made safe to show: control characters and escape sequences made visible.
//!
//! A scenario or a journal is written by someone else, and its free text (titles, alert
//! messages, notes, ids in error snippets) reaches a terminal. [`visible`] is the one
//! neutralising function every text output uses: each control character other than a line
//! break or a Tab, and each bidirectional override, is shown as its Rust escape (`\u{1b}`),
//! so `ESC [2J` cannot clear an analyst's screen and `U+202E` cannot reorder a line. JSON
//! output keeps the text exactly (serde escapes what JSON needs).

use std::borrow::Cow;
use std::fmt::Write;

/// Whether a character is neutralised: C0 and C1 controls (but line breaks and Tabs), DEL,
/// and the bidirectional embeddings, overrides and isolates.
pub fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every unsafe character shown as `\u{…}`; borrowed when there is none.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_visible(&mut out, c);
    }
    Cow::Owned(out)
}

fn push_visible(out: &mut String, c: char) {
    if is_unsafe(c) {
        let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
    } else {
        out.push(c);
    }
}

/// Like [`visible`], but keeps the Select Graphic Rendition sequences drillhall paints its
/// own output with ([`PAINTS`]: bold, faint, red, green, yellow, reset). Everything else an
/// escape could do (move the cursor, clear the screen, hide text, set a title, hyperlinks)
/// is shown, not done.
pub fn visible_keeping_colour(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c == '\u{1b}'
            && let Some(len) = sgr_len(rest)
            && let Some((sgr, tail)) = rest.split_at_checked(len)
        {
            out.push_str(sgr);
            rest = tail;
            continue;
        }
        push_visible(&mut out, c);
        rest = rest.get(c.len_utf8()..).unwrap_or_default();
    }
    Cow::Owned(out)
}

/// The SGR parameters drillhall's renderers use.
pub const PAINTS: [&str; 7] = ["0", "1", "2", "31", "32", "33", "1;31"];

/// The length of one of drillhall's own SGR sequences at the start of `s`, if there is one.
fn sgr_len(s: &str) -> Option<usize> {
    let body = s.strip_prefix("\u{1b}[")?;
    let (params, _) = body.split_once('m')?;
    PAINTS.contains(&params).then_some(2 + params.len() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_controls_are_shown_and_plain_text_is_borrowed() {
        assert!(matches!(visible("plain\ttext\n"), Cow::Borrowed(_)));
        assert_eq!(visible("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(visible("\u{9b}31m\r\u{7f}"), "\\u{9b}31m\\u{d}\\u{7f}");
        assert_eq!(visible("abc\u{202e}def"), "abc\\u{202e}def");
        assert_eq!(visible("é漢\u{301}"), "é漢\u{301}");
    }

    #[test]
    fn colour_sequences_are_kept_only_when_asked_and_nothing_else_is() {
        let painted = "\u{1b}[1;31mbad\u{1b}[0m \u{1b}]0;title\u{7}\u{1b}[2J\u{1b}[8m";
        assert_eq!(
            visible_keeping_colour(painted),
            "\u{1b}[1;31mbad\u{1b}[0m \\u{1b}]0;title\\u{7}\\u{1b}[2J\\u{1b}[8m"
        );
        assert_eq!(visible_keeping_colour("\u{1b}["), "\\u{1b}[");
        assert!(!visible(painted).contains('\u{1b}'));
    }
}
