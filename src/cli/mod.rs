//! The command line: its shape (`args`, clap structs only), how flags and a profile become one scenario
//! (`resolve`), and file loading (`load`). What each command does lives in `commands/`.

pub mod args;
pub mod around;
pub mod import;
pub mod latency;
pub mod load;
pub mod resolve;

pub use args::*;

use clap::{parser::ValueSource, CommandFactory, FromArgMatches};

/// Parses `std::env::args`, recording which global options were typed (flags override a profile;
/// defaults do not).
pub fn parse() -> std::result::Result<Cli, clap::Error> {
    let m = Cli::command().try_get_matches()?;
    let mut c = Cli::from_arg_matches(&m)?;
    let typed = |id: &str| {
        let on = |mm: &clap::ArgMatches| mm.value_source(id) == Some(ValueSource::CommandLine);
        on(&m) || m.subcommand().is_some_and(|(_, sm)| on(sm))
    };
    c.global.explicit = Explicit {
        region: typed("region"),
        format: typed("format"),
        free_tier: typed("free_tier"),
        account_age_months: typed("account_age_months"),
    };
    Ok(c)
}
