//! Reading scenario files: the binary is the only part of drillhall that touches the disk.

use std::path::Path;

use drillhall_scenario::Scenario;
use drillhall_scenario::format::Mode;

use crate::outcome::CliError;

/// Reads and loads a scenario; the file is named as the user wrote it in every message.
pub fn scenario(path: &Path) -> Result<Scenario, CliError> {
    let bytes = std::fs::read(path).map_err(|e| CliError::read(path, e))?;
    Ok(Scenario::from_owned_bytes(
        &path.display().to_string(),
        bytes,
    )?)
}

/// Parses a supervision mode flag (`--mode reviewed`), listing the modes when it is not one.
pub fn mode(s: &str) -> Result<Mode, String> {
    Mode::parse(s).ok_or_else(|| {
        let all: Vec<&str> = Mode::ALL.iter().map(|m| m.as_str()).collect();
        format!("expected one of {}", all.join(", "))
    })
}
