//! Renderers of a drillhall debrief: terminal text, Markdown and JSON.
//!
//! The principal inputs are a [`drillhall_debrief::Debrief`] (what [`text`], [`markdown`] and
//! [`json`] render) and a [`drillhall_debrief::Score`] with its objectives ([`summary`], the
//! two lines at the end of `drillhall run`). Renderers only lay out what the debrief holds:
//! they never compute a score. Terminal colour goes through [`paint`], the one place a tone
//! becomes an ANSI style; the caller decides whether to colour (the binary turns it off for
//! `NO_COLOR`, pipes and `--color never`).
// Byte-slicing user text panics on a character boundary: every slice of a string is by
// `get`, by a boundary the code found, or allowed with the reason at the site.
#![warn(clippy::string_slice)]

mod markdown;
pub mod paint;
mod text;

pub use markdown::markdown;
pub use paint::{Tone, paint};
pub use text::{summary, text};

use drillhall_debrief::Debrief;

/// The debrief as pretty JSON (the fields are the `Debrief`'s, see `drillhall_debrief`),
/// ending in a newline.
pub fn json(debrief: &Debrief) -> String {
    let mut s = serde_json::to_string_pretty(debrief)
        .expect("a debrief serialises: every field is a plain value");
    s.push('\n');
    s
}
