//! `drillhall schema [--draft 2020-12|07] [--out FILE]`: the JSON Schema of the scenario
//! format, for editors.
//!
//! The schema carries the format reference's description and an example on every field,
//! and the rules that depend on a value (an inject's fields on its `kind`, an objective's
//! single condition), so an editor flags what `validate` would flag about the shape of a
//! file. Draft-07 is what the YAML language server reads; `drillhall new` writes a modeline
//! that points at [`FILE_NAME`] beside the scenario.

use std::path::PathBuf;

use drillhall_scenario::{Draft, json_schema_for};

use crate::outcome::{self, CliError, Outcome};

/// The file name `drillhall new`'s modeline points at: write the schema there with
/// `drillhall schema --draft 07 --out DIR/drillhall.schema.json`.
pub const FILE_NAME: &str = "drillhall.schema.json";

const EXAMPLES: &str = "\
Examples:
  drillhall schema --draft 07 --out scenarios/drillhall.schema.json
  drillhall schema > drillhall.schema.json

`drillhall new` starts a scenario with the YAML language server's modeline, which finds the
schema beside it:
  # yaml-language-server: $schema=./drillhall.schema.json
Editor set-up (VS Code, Neovim): docs/editors.md.";

/// Print (or write) the JSON Schema of the scenario format.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The JSON Schema dialect: `2020-12`, or `07` for the YAML language server.
    #[arg(long, value_name = "DRAFT", value_parser = parse_draft, default_value = "2020-12")]
    draft: Draft,
    /// Write the schema to this file instead of standard output.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    out: Option<PathBuf>,
}

fn parse_draft(s: &str) -> Result<Draft, String> {
    Draft::parse(s).ok_or_else(|| {
        let all: Vec<&str> = Draft::ALL.iter().map(|d| d.as_str()).collect();
        format!("expected one of {}", all.join(", "))
    })
}

/// The schema as a document, ending in a newline.
pub fn text(draft: Draft) -> String {
    let mut text = serde_json::to_string_pretty(&json_schema_for(draft))
        .expect("invariant: a JSON value always serializes");
    text.push('\n');
    text
}

/// Prints or writes the schema.
pub fn run(args: &Args) -> Result<Outcome, CliError> {
    let text = text(args.draft);
    match &args.out {
        Some(path) => {
            std::fs::write(path, text).map_err(|e| CliError::Write {
                path: path.clone(),
                source: e,
            })?;
            outcome::eprint(&format!(
                "wrote {} (JSON Schema draft {})\n",
                path.display(),
                args.draft.as_str()
            ));
        }
        None => outcome::print_data(&text)?,
    }
    Ok(Outcome::Success)
}
