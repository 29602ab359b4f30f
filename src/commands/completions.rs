//! `completions SHELL`: a completion script for bash, zsh, fish, PowerShell or Elvish (clap_complete),
//! generated from the same command definition the parser uses.

use crate::cli;

/// `completions SHELL`: the completion script clap_complete writes for the whole command line.
pub fn run(shell: clap_complete::Shell) -> String {
    let mut cmd = cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "apigw-cost", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}
