//! The `drillhall` binary: argument parsing, file I/O, rendering and exit codes.
//!
//! The libraries do the work; this crate reads files, calls them and prints. Each
//! subcommand is one module with an `Args` struct (its flags, with their `--help` text) and
//! a `run` function returning `Result<Outcome, CliError>`. `main` is the one place that
//! turns those into text on stderr and an exit code (see [`outcome`]): 0 success, 1 a check
//! failed, 2 bad input or usage. Adding a subcommand is a module and one [`Command`]
//! variant.
// Byte-slicing user text panics on a character boundary: every slice of a string is by
// `get`, by a boundary the code found, or allowed with the reason at the site.
#![warn(clippy::string_slice)]

mod calibrate;
mod check;
mod completions;
mod generate;
mod graph;
mod input;
mod list;
mod man;
mod new;
mod outcome;
mod output;
mod paths;
mod play;
mod replay;
mod replay_junit;
mod report;
mod run;
mod sarif;
mod schema;
mod style;
mod validate;
mod version;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::style::{ColorWhen, Styles};

const EXAMPLES: &str = "\
Examples:
  drillhall validate scenarios/*.yaml
  drillhall paths scenarios/leaked-ci-deploy-token.yaml --from tok-deploy
  drillhall paths scenarios/leaked-ci-deploy-token.yaml --from tok-deploy --to prod-db
  drillhall graph scenarios/leaked-ci-deploy-token.yaml --format mermaid
  drillhall generate --nodes 100000 --seed 7 --out big.yaml
  drillhall run scenarios/leaked-ci-deploy-token.yaml --seed 7 --expert --record drill.jsonl
  drillhall replay drill.jsonl

Exit codes: 0 success, 1 a check failed, 2 bad input or usage.";

/// Deterministic drill simulator for non-human identity security: service accounts,
/// tokens, CI secrets, signing keys and AI-agent credentials.
#[derive(Debug, Parser)]
#[command(name = "drillhall", version, long_version = version::long(), after_help = EXAMPLES)]
struct Cli {
    /// When to colour the output: `auto` colours a terminal unless `NO_COLOR` is set.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    color: ColorWhen,
    #[command(subcommand)]
    command: Command,
}

/// The subcommands, one module each.
#[derive(Debug, Subcommand)]
enum Command {
    Validate(validate::Args),
    Paths(paths::Args),
    Graph(graph::Args),
    Schema(schema::Args),
    Generate(generate::Args),
    Play(play::Args),
    Run(run::Args),
    Replay(replay::Args),
    Report(report::Args),
    Check(check::Args),
    Calibrate(calibrate::Args),
    New(new::Args),
    List(list::Args),
    Completions(completions::Args),
    Man(man::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        // Usage errors exit 2 (clap's convention and ours); `--help` and `--version` exit 0.
        Err(e) => return outcome::report_usage(&e),
    };
    let styles = Styles::detect(cli.color);
    outcome::use_styles(styles);
    let result = match &cli.command {
        Command::Validate(args) => validate::run(args, styles),
        Command::Paths(args) => paths::run(args, styles),
        Command::Graph(args) => graph::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Play(args) => play::run(args, styles),
        Command::Run(args) => run::run(args, styles),
        Command::Replay(args) => replay::run(args, styles),
        Command::Report(args) => report::run(args, styles),
        Command::Check(args) => check::run(args, styles),
        Command::Calibrate(args) => calibrate::run(args, styles),
        Command::New(args) => new::run(args),
        Command::List(args) => list::run(args, styles),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
    };
    outcome::report(result, styles)
}
