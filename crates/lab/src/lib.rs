//! The drillhall lab: the instrument that measures scenarios by playing them.
//!
//! The principal type in this crate is a [`check::Case`]: one check of one scenario (its
//! expert on every seed, a known-bad response, a golden session), as data with every failure
//! and the seed it happened on. `drillhall check` is [`check::check_scenario`] and
//! [`check::check_session`] over a directory, rendered by the command line as lines, `JUnit`
//! and SARIF.
//!
//! Nothing here renders or reads files: the binary does that.

pub mod bots;
pub mod calibrate;
pub mod check;
pub mod invariants;
