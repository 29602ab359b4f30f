//! Every command the README shows runs as written, on files of the repository, and says what the README
//! says it says.
//!
//! The README's ```sh blocks are run line by line (a line ending in `\` goes on), from a temporary
//! directory holding links to `data/`, `examples/` and `tests/` (so what a command writes lands there),
//! with this build's `apigw-cost` first on `PATH`. A block after `<!-- not run ... -->` is skipped (it
//! installs into the reader's home directory). Each command must exit 0, and every money figure in its
//! comment (after ` # `, or on the `#` lines just above it) must appear in what it printed or wrote with
//! `-o`. A plain ``` block after `<!-- output of: COMMAND -->` must be, line for line, in that command's
//! output.
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

struct Run {
    line: usize,
    command: String,
    comment: String,
}

struct Shown {
    line: usize,
    command: String,
    text: Vec<String>,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The commands and output blocks of the README.
fn parse(readme: &str) -> (Vec<Run>, Vec<Shown>) {
    let lines: Vec<&str> = readme.lines().collect();
    let (mut runs, mut shown) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < lines.len() {
        let before = if i > 0 { lines[i - 1] } else { "" };
        if lines[i] == "```sh" {
            let start = i;
            i += 1;
            let mut block = Vec::new();
            while lines[i] != "```" {
                block.push((i + 1, lines[i]));
                i += 1;
            }
            if !before.starts_with("<!-- not run") {
                commands(&block, &mut runs);
            }
            assert!(i > start);
        } else if lines[i] == "```" && before.starts_with("<!-- output of: ") {
            let command = before["<!-- output of: ".len()..].trim_end_matches(" -->");
            let start = i + 1;
            i += 1;
            let mut text = Vec::new();
            while lines[i] != "```" {
                text.push(lines[i].to_string());
                i += 1;
            }
            shown.push(Shown {
                line: start,
                command: command.to_string(),
                text,
            });
        } else if lines[i].starts_with("```") {
            // Another block: skip to its end so its lines are not read as fences.
            i += 1;
            while !lines[i].starts_with("```") {
                i += 1;
            }
        }
        i += 1;
    }
    (runs, shown)
}

/// Joins continued lines and keeps the `apigw-cost` command lines, each with its comment.
fn commands(block: &[(usize, &str)], runs: &mut Vec<Run>) {
    let (mut pending, mut current, mut first) = (String::new(), String::new(), 0);
    for &(n, text) in block {
        if current.is_empty() {
            first = n;
        }
        if let Some(head) = text.strip_suffix('\\') {
            current.push_str(head);
            current.push(' ');
            continue;
        }
        current.push_str(text);
        let whole = std::mem::take(&mut current);
        if whole.starts_with('#') {
            pending.push_str(&whole);
            pending.push('\n');
            continue;
        }
        let (command, comment) = match whole.split_once(" # ") {
            Some((c, m)) => (c.trim().to_string(), m.to_string()),
            None => (whole.trim().to_string(), String::new()),
        };
        if command.starts_with("apigw-cost ") || command.contains("| apigw-cost ") {
            runs.push(Run {
                line: first,
                command,
                comment: format!("{pending}{comment}"),
            });
        }
        pending.clear();
    }
}

/// `$1,057.25`-style figures in a comment.
fn money_figures(comment: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes: Vec<char> = comment.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == '$' {
            let mut j = i + 1;
            while j < bytes.len()
                && (bytes[j].is_ascii_digit() || bytes[j] == ',' || bytes[j] == '.')
            {
                j += 1;
            }
            let figure: String = bytes[i..j].iter().collect();
            let figure = figure.trim_end_matches(['.', ',']).to_string();
            if figure.len() > 1 && figure.contains('.') {
                out.push(figure);
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

fn workdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("apigw-cost-readme-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("bin")).unwrap();
    for name in ["data", "examples", "tests"] {
        std::os::unix::fs::symlink(repo().join(name), dir.join(name)).unwrap();
    }
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_apigw-cost"), dir.join("bin/apigw-cost"))
        .unwrap();
    dir
}

fn sh(dir: &Path, command: &str) -> (i32, String) {
    let path = format!(
        "{}:{}",
        dir.join("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(dir)
        .env("PATH", path)
        .env_remove("COLUMNS")
        .output()
        .expect("sh runs");
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), text)
}

/// What a command wrote with `-o FILE`, read back (text files only).
fn written(dir: &Path, command: &str) -> String {
    let words: Vec<&str> = command.split_whitespace().collect();
    let mut text = String::new();
    for pair in words.windows(2) {
        if pair[0] == "-o" {
            if let Ok(s) = std::fs::read_to_string(dir.join(pair[1])) {
                text.push_str(&s);
            }
        }
    }
    text
}

#[test]
fn every_readme_command_runs_on_repository_files_and_prints_its_figures() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let (runs, shown) = parse(&readme);
    assert!(
        runs.len() >= 50,
        "only {} commands found in the README",
        runs.len()
    );
    assert!(
        shown.len() >= 2,
        "the README's sample outputs are not marked"
    );
    let dir = workdir();
    let mut failures = Vec::new();
    let mut commands = BTreeSet::new();
    for run in &runs {
        let (code, mut out) = sh(&dir, &run.command);
        out.push_str(&written(&dir, &run.command));
        if code != 0 {
            failures.push(format!(
                "README line {}: `{}` exited {code}:\n{out}",
                run.line, run.command
            ));
            continue;
        }
        for figure in money_figures(&run.comment) {
            if !out.contains(&figure) {
                failures.push(format!(
                    "README line {}: `{}` does not print {figure} (its comment says it does)",
                    run.line, run.command
                ));
            }
        }
        commands.insert(
            run.command
                .split_whitespace()
                .nth(1)
                .unwrap_or("")
                .to_string(),
        );
    }
    for block in &shown {
        let (code, out) = sh(&dir, &block.command);
        assert_eq!(code, 0, "`{}` failed:\n{out}", block.command);
        let printed: BTreeSet<&str> = out.lines().map(str::trim_end).collect();
        for (k, line) in block.text.iter().enumerate() {
            if !line.trim().is_empty() && !printed.contains(line.trim_end()) {
                failures.push(format!(
                    "README line {}: `{}` no longer prints:\n{line}",
                    block.line + k,
                    block.command
                ));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    for command in [
        "quote",
        "compare",
        "project",
        "breakeven",
        "latency",
        "features",
        "chart",
        "review",
        "inventory",
        "import",
        "batch",
        "reconcile",
        "prices",
    ] {
        assert!(
            commands.contains(command),
            "the README runs no `{command}` command"
        );
    }
}

#[test]
fn money_figures_are_read_from_comments() {
    assert_eq!(
        money_figures("$300.00 + $270.00 = $570.00, by tier; $5 a rule; $1,402.50."),
        vec!["$300.00", "$270.00", "$570.00", "$1,402.50"]
    );
}

#[test]
fn the_readme_names_each_command_in_a_heading_and_has_a_table_of_contents() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    assert!(readme.contains("\n## Contents\n"));
    for heading in [
        "quote",
        "compare",
        "project",
        "breakeven",
        "latency",
        "features",
        "chart",
        "review",
        "import cloudwatch",
        "batch",
        "reconcile",
        "prices",
        "completions and man",
    ] {
        assert!(
            readme.contains(&format!("\n## {heading}\n")),
            "no `## {heading}` heading"
        );
    }
    // User documentation first: the developer material comes last, or lives in docs/.
    let user = readme.find("\n## quote\n").unwrap();
    let dev = readme.find("\n## Tests and reports\n").unwrap();
    assert!(user < dev);
    for doc in ["docs/layout.md", "docs/limits.md", "docs/performance.md"] {
        assert!(repo().join(doc).is_file(), "{doc} is missing");
        assert!(readme.contains(doc), "the README does not point to {doc}");
    }
}
