//! The `drillhall` binary.
fn main() {}
