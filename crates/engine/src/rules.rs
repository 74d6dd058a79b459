//! The drill's rules as the engine reads them: the [`Drill`] that drillhall-scenario compiled
//! once, shared (behind an `Arc`) by every session and checkpoint played on it.

pub(crate) use drillhall_scenario::drill::{AdversaryRules, Condition, InjectWhat, NodeRef};
pub use drillhall_scenario::drill::{Drill, Step as ExpertStep, skill_profile};

/// Lowercase hex of bytes.
pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}
