//! What `drillhall --version` says: the binary's version, and the versions of what it reads
//! and writes, so a bug report or a CI log pins all of them.

use std::sync::OnceLock;

/// `drillhall 0.1.0` is clap's first line; this is the rest, one version a line.
pub fn long() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        format!(
            "{}\nengine {}\nscenario format {}\njournal format {}",
            env!("CARGO_PKG_VERSION"),
            drillhall_engine::ENGINE_VERSION,
            drillhall_scenario::format_version(),
            drillhall_engine::journal::FORMAT,
        )
    })
}
