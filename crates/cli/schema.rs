//! `drillhall schema`: the JSON Schema of the scenario format, for editors.

use crate::outcome::{self, CliError, Outcome};

const EXAMPLES: &str = "\
Examples:
  drillhall schema > drillhall.schema.json

Point an editor at it, e.g. with the YAML language server's modeline at the top of a scenario:
  # yaml-language-server: $schema=./drillhall.schema.json";

/// Print the JSON Schema of the scenario format.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {}

/// Prints the schema.
pub fn run(_args: &Args) -> Result<Outcome, CliError> {
    let mut text = serde_json::to_string_pretty(&drillhall_scenario::json_schema())
        .expect("invariant: a JSON value always serializes");
    text.push('\n');
    outcome::print_data(&text)?;
    Ok(Outcome::Success)
}
