//! `drillhall generate --nodes N`: a valid synthetic scenario of any size, for scale tests.

use std::path::PathBuf;

use drillhall_scenario::synth;

use crate::outcome::{self, CliError, Outcome};

const EXAMPLES: &str = "\
Examples:
  drillhall generate --nodes 1000 > small.yaml
  drillhall generate --nodes 1000000 --seed 7 --out big.yaml && drillhall validate big.yaml

The estate is about 25% workloads, 30% credentials, 40% identities and 5% resources, with a
few hub roles; one credential leaks and the attacker goes for a crown jewel it reaches. The
same --nodes and --seed always give the same bytes.";

/// Write a synthetic scenario of N nodes (deterministic per seed).
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// How many nodes the estate has (at least 10, at most 2,000,000).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(synth::MIN_NODES as u64..=MAX_NODES))]
    nodes: u64,
    /// The seed of the estate's shape.
    #[arg(long, value_name = "S", default_value_t = 1)]
    seed: u64,
    /// Write the scenario to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Replace the output file if it exists (without it, an existing file is refused).
    #[arg(long, requires = "out")]
    force: bool,
}

/// The largest estate `generate` writes: about 400 MB of YAML, within what `validate` reads.
const MAX_NODES: u64 = 2_000_000;

/// Generates the scenario and writes it.
pub fn run(args: &Args) -> Result<Outcome, CliError> {
    if let Some(path) = &args.out {
        crate::output::refuse_existing(path, args.force)?;
    }
    let nodes = usize::try_from(args.nodes).unwrap_or(usize::MAX);
    let text = synth::generate(nodes, args.seed);
    match &args.out {
        None => outcome::print_data(&text)?,
        Some(path) => crate::output::write(path, text.as_bytes(), args.force)?,
    }
    Ok(Outcome::Success)
}
