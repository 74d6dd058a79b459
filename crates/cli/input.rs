//! Reading scenario files: the binary is the only part of drillhall that touches the disk.

use std::path::Path;

use drillhall_scenario::Scenario;

use crate::outcome::CliError;

/// Reads and loads a scenario; the file is named as the user wrote it in every message.
pub fn scenario(path: &Path) -> Result<Scenario, CliError> {
    let bytes = std::fs::read(path).map_err(|e| CliError::read(path, e))?;
    Ok(Scenario::from_bytes(&path.display().to_string(), &bytes)?)
}
