//! The drillhall lab: the instrument that measures scenarios by playing them.
//!
//! The principal type in this crate is a [`check::Case`]: one check of one scenario (its
//! expert on every seed, a known-bad response, a golden session), as data with every failure
//! and the seed it happened on. `drillhall check` is [`check::check_scenario`] and
//! [`check::check_session`] over a directory, rendered by the command line as lines, `JUnit`
//! and SARIF.
//!
//! Nothing here renders or reads files: the binary does that.

#![warn(clippy::string_slice)]

pub mod bots;
pub mod calibrate;
pub mod check;
pub mod invariants;

/// The first twelve characters of a digest or sha256, as reports show them (the whole text
/// when it is shorter, never a cut through a character).
pub(crate) fn short_sha(s: &str) -> &str {
    s.get(..12).unwrap_or(s)
}
