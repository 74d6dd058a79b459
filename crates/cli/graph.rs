//! `drillhall graph SCENARIO --format dot|mermaid|edgelist`: the estate for other tools.

use std::path::PathBuf;

use drillhall_estate::export;

use crate::input;
use crate::outcome::{self, CliError, Outcome};

const EXAMPLES: &str = "\
Examples:
  drillhall graph scenarios/leaked-ci-deploy-token.yaml | dot -Tsvg > estate.svg
  drillhall graph scenarios/leaked-ci-deploy-token.yaml --format mermaid
  drillhall graph scenarios/leaked-ci-deploy-token.yaml --format edgelist";

/// Print the scenario's estate as a Graphviz, Mermaid or edge-list graph.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The scenario file.
    #[arg(value_name = "SCENARIO")]
    scenario: PathBuf,
    /// The output format.
    #[arg(long, value_enum, default_value_t = Format::Dot)]
    format: Format,
}

/// Graph formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Graphviz DOT: unused grants red and dashed, hidden nodes grey.
    Dot,
    /// A Mermaid flowchart, for Markdown that renders it.
    Mermaid,
    /// One `from to kind` line per edge, for other graph tools.
    #[value(alias = "edge-list")]
    Edgelist,
}

/// Exports the estate in the chosen format.
pub fn run(args: &Args) -> Result<Outcome, CliError> {
    let scenario = input::scenario(&args.scenario)?;
    let estate = scenario.initial_estate();
    let text = match args.format {
        Format::Dot => export::to_dot(estate),
        Format::Mermaid => export::to_mermaid(estate),
        Format::Edgelist => export::to_edge_list(estate),
    };
    outcome::print(&text)?;
    Ok(Outcome::Success)
}
