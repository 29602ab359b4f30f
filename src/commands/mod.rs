//! One module per subcommand: `run(&Global, &Args)` computes with the model and renders. Report commands
//! return their text (written to stdout or `-o` by [`run`]); `chart`, `batch` and `review` write files.
//! `review` calls the other commands with typed arguments.

pub mod batch;
pub mod breakeven;
pub mod chart;
pub mod compare;
pub mod features;
pub mod latency;
pub mod prices;
pub mod project;
pub mod quote;
pub mod review;

use crate::cli::{self, Cli, Command, Global};
use crate::error::{Error, Result};
use crate::output;

/// Entry point: parses `std::env::args`, runs, reports errors; returns the exit code.
pub fn main() -> i32 {
    let cli = match cli::parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    match run(&cli) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    }
}

/// Runs a parsed command line.
pub fn run(cli: &Cli) -> Result<()> {
    let g = &cli.global;
    match &cli.command {
        Command::Chart(a) => chart::run(g, a),
        Command::Review(a) => review::run(g, a),
        Command::Batch(a) => batch::run(g, a),
        command => output::emit(&report(g, command)?, g.output.as_deref()),
    }
}

/// The text of a report command (everything but `chart`, `batch` and `review`, which write files).
pub fn report(g: &Global, command: &Command) -> Result<String> {
    match command {
        Command::Quote(a) => quote::run(g, a),
        Command::Compare(a) => compare::run(g, a),
        Command::Project(a) => project::run(g, a),
        Command::Breakeven(a) => breakeven::run(g, a),
        Command::Latency(a) => latency::run(g, a),
        Command::Features => features::run(g),
        Command::Prices(p) => prices::run(g, p),
        Command::Chart(_) | Command::Batch(_) | Command::Review(_) => Err(Error::Other(
            "chart, batch and review write files, not a text report".into(),
        )),
    }
}
