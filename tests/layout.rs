//! The layout's rules, checked: data flows one way (commands -> cli -> model; render -> model), one file
//! per subcommand, no source file over 800 lines, no function outside tests over 120 lines.

use std::path::{Path, PathBuf};

use clap::CommandFactory;

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn src() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(&root).unwrap().display().to_string();
            (rel, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

/// The code before a file's `#[cfg(test)]` module.
fn non_test(text: &str) -> &str {
    text.split("#[cfg(test)]").next().unwrap_or(text)
}

#[test]
fn dependencies_flow_one_way() {
    // module -> the crate modules it must never name
    let rules: [(&str, &[&str]); 8] = [
        (
            "model/",
            &["cli", "commands", "render", "batch", "output", "bill"],
        ),
        ("bill/", &["cli", "commands", "render", "batch"]),
        // Template readers: input formats only, below the CLI and beside the model.
        (
            "inventory/",
            &["cli", "commands", "render", "batch", "output"],
        ),
        ("render/", &["cli", "commands", "batch"]),
        ("batch/", &["cli", "commands"]),
        ("cloudwatch/", &["commands", "render", "batch"]),
        ("cli/", &["commands"]),
        ("money.rs", &["model", "render", "cli", "commands", "batch"]),
    ];
    let mut broken = Vec::new();
    for (path, text) in src() {
        for (prefix, banned) in rules {
            if !path.starts_with(prefix) {
                continue;
            }
            for b in banned {
                if non_test(&text).contains(&format!("crate::{b}::")) {
                    broken.push(format!("{path} uses crate::{b}"));
                }
            }
        }
    }
    assert!(broken.is_empty(), "layering broken: {broken:#?}");
}

#[test]
fn one_file_per_subcommand() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands");
    let cmd = apigw_cost::cli::Cli::command();
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|c| c.get_name().replace('-', "_"))
        .collect();
    assert!(names.len() >= 10, "{names:?}");
    for n in names {
        assert!(
            root.join(format!("{n}.rs")).is_file(),
            "no src/commands/{n}.rs"
        );
    }
}

#[test]
fn no_source_file_over_800_lines() {
    let long: Vec<String> = src()
        .into_iter()
        .filter(|(_, t)| t.lines().count() > 800)
        .map(|(p, t)| format!("{p}: {} lines", t.lines().count()))
        .collect();
    assert!(long.is_empty(), "{long:#?}");
}

/// Functions from their `fn` line to the closing brace at the same indentation.
fn function_lengths(text: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = non_test(text).lines().collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start();
        let indent = &l[..l.len() - t.len()];
        let t = t
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub(super) ")
            .trim_start_matches("pub ")
            .trim_start_matches("const ");
        let Some(rest) = t.strip_prefix("fn ") else {
            continue;
        };
        if l.trim_end().ends_with(';') {
            continue;
        }
        let close = format!("{indent}}}");
        if let Some(end) = lines[i + 1..].iter().position(|x| *x == close) {
            let name = rest.split(['(', '<']).next().unwrap_or(rest).to_string();
            out.push((name, end + 2));
        }
    }
    out
}

#[test]
fn no_function_over_120_lines() {
    let mut long = Vec::new();
    for (path, text) in src() {
        for (name, n) in function_lengths(&text) {
            if n > 120 {
                long.push(format!("{path}: fn {name}: {n} lines"));
            }
        }
    }
    assert!(long.is_empty(), "{long:#?}");
}

#[test]
fn the_length_check_measures_functions() {
    let text = "fn a() {\n    x();\n}\n\nimpl T {\n    pub fn b(&self) {\n        y();\n        z();\n    }\n}\n";
    assert_eq!(
        function_lengths(text),
        vec![("a".to_string(), 3), ("b".to_string(), 4)]
    );
}
