//! `man`: the manual page in roff: `apigw-cost man > apigw-cost.1` (`cli::man`).

use crate::cli;
use crate::error::Result;

/// `man`: the tool and its global options, then a section per command with its synopsis, what it
/// does and its options.
pub fn run() -> Result<String> {
    cli::man::page()
}
