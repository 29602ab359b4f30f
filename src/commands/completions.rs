//! `completions SHELL`: a completion script for bash, zsh, fish, PowerShell or Elvish, generated from
//! the same command definition the parser uses (`cli::completions`).

use crate::cli;

/// `completions SHELL`: the script for the whole command line.
pub fn run(shell: cli::completions::Shell) -> String {
    cli::completions::script(shell)
}
