//! The bash completion script in a real bash: registered with `complete -p`, and completing flags
//! after a subcommand (`apigw-cost quote --reg<TAB>`).
mod common;
use common::*;

/// What bash completes for `words` (the last one being completed), with the generated script sourced.
fn complete(words: &[&str]) -> Vec<String> {
    let script = bin().args(["completions", "bash"]).output().unwrap().stdout;
    // One directory per call: the tests run in parallel and each removes its own.
    let dir = std::env::temp_dir().join(format!(
        "apigw-bash-{}-{}",
        std::process::id(),
        words.join("_").replace(['-', ' '], "")
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("apigw-cost.bash");
    std::fs::write(&path, script).unwrap();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let cword = words.len() - 1;
    let prev = if cword > 0 { words[cword - 1] } else { "" };
    let program = format!(
        "source '{}'\n\
         complete -p apigw-cost || exit 3\n\
         COMP_WORDS=({})\n\
         COMP_CWORD={cword}\n\
         COMP_LINE='{}'\n\
         COMP_POINT=${{#COMP_LINE}}\n\
         _apigw__cost apigw-cost '{}' '{prev}'\n\
         printf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        path.display(),
        quoted.join(" "),
        words.join(" "),
        words[cword],
    );
    let out = std::process::Command::new("bash")
        .arg("--norc")
        .arg("-c")
        .arg(program)
        .output()
        .expect("bash runs");
    let _ = std::fs::remove_dir_all(&dir);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "bash failed: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    text.lines()
        .filter(|l| !l.starts_with("complete "))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_flag_completes_after_a_subcommand() {
    let got = complete(&["apigw-cost", "quote", "--reg"]);
    assert_eq!(got, vec!["--region"], "{got:?}");
    let got = complete(&["apigw-cost", "compare", "--cache-h"]);
    assert_eq!(got, vec!["--cache-hit"], "{got:?}");
}

#[test]
fn subcommands_complete_at_the_top() {
    let got = complete(&["apigw-cost", "rec"]);
    assert_eq!(got, vec!["reconcile"], "{got:?}");
}

#[test]
fn a_nested_subcommand_completes() {
    let got = complete(&["apigw-cost", "prices", "sh"]);
    assert_eq!(got, vec!["show"], "{got:?}");
}
