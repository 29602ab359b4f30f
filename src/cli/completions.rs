//! The completion scripts for bash, zsh, fish, PowerShell or Elvish (clap_complete), generated from the
//! same command definition the parser uses (`completions SHELL` prints one). Here in the CLI: only
//! `cli/` knows clap.

pub use clap_complete::Shell;

use crate::cli;

/// The binary's name, as the scripts complete it.
const BIN: &str = "apigw-cost";

/// The completion script clap_complete writes for the whole command line.
pub fn script(shell: Shell) -> String {
    let mut cmd = cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, BIN, &mut out);
    let script = String::from_utf8_lossy(&out).into_owned();
    match shell {
        Shell::Bash => bash_fixed(&script),
        _ => script,
    }
}

/// clap_complete's bash script for a hyphenated binary name sets `cmd` to `apigw__cost__subcmd__quote`
/// after a subcommand but labels the cases that complete it `apigw__subcmd__cost__subcmd__quote` (the
/// hyphen mangled twice), so nothing completes after a subcommand. The labels are renamed to the names
/// `cmd` takes.
fn bash_fixed(script: &str) -> String {
    let cmd_name = BIN.replace('-', "__");
    let mangled = BIN.replace('-', "__subcmd__");
    script.replace(
        &format!("{mangled}__subcmd__"),
        &format!("{cmd_name}__subcmd__"),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_case_label_is_a_name_cmd_takes() {
        let script = super::script(super::Shell::Bash);
        assert!(!script.contains("apigw__subcmd__cost"));
        assert!(script.contains("        apigw__cost__subcmd__quote)"));
        assert!(script.contains("cmd=\"apigw__cost__subcmd__quote\""));
    }
}
