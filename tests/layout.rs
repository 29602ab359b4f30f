//! The layout's rules, checked: data flows one way (commands -> cli -> model; render -> model), one file
//! per subcommand, no source file over 800 lines, no function outside tests over 100 lines.

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
        ("cloudwatch/", &["cli", "commands", "render", "batch"]),
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
fn no_function_over_100_lines() {
    let mut long = Vec::new();
    for (path, text) in src() {
        for (name, n) in function_lengths(&text) {
            if n > 100 {
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

/// The module path of a source file: `model/catalog/mod.rs` -> `model::catalog`.
fn module_of(path: &str) -> String {
    let p = path.trim_end_matches(".rs");
    let p = p.strip_suffix("/mod").unwrap_or(p);
    let p = if p == "lib" || p == "main" { "" } else { p };
    p.replace('/', "::")
}

fn parent_of(m: &str) -> &str {
    m.rsplit_once("::").map_or("", |(p, _)| p)
}

/// Whether module `a` is `b` or inside it.
fn within(a: &str, b: &str) -> bool {
    b.is_empty() || a == b || a.starts_with(&format!("{b}::"))
}

/// The files each file names (`crate::a::b`, `super::c`, `self::d`, resolved to the longest module
/// path that is a file), outside its tests.
fn file_edges(files: &[(String, String)]) -> Vec<(String, String)> {
    let modules: std::collections::BTreeSet<String> =
        files.iter().map(|(p, _)| module_of(p)).collect();
    let mut edges = Vec::new();
    for (path, text) in files {
        let me = module_of(path);
        // Code only: comments (`//`, `///`, `//!`) name modules without using them.
        let code: String = non_test(text)
            .lines()
            .map(|l| l.split("//").next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n");
        let code = code.as_str();
        let bytes = code.as_bytes();
        for (start, base) in [
            ("crate::", ""),
            ("super::", parent_of(&me)),
            ("self::", me.as_str()),
        ] {
            let mut from = 0;
            while let Some(i) = code[from..].find(start) {
                let at = from + i;
                from = at + start.len();
                let before = if at == 0 { b' ' } else { bytes[at - 1] };
                if before.is_ascii_alphanumeric() || before == b'_' || before == b':' {
                    continue;
                }
                let rest: String = code[from..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
                    .collect();
                // `use super::{a, b::{c, d}}` names each path of the group.
                let after = &code[from + rest.len()..];
                let paths = match group_end(after) {
                    Some(end) if rest.is_empty() || rest.ends_with("::") => {
                        expand(&format!("{rest}{}", &after[..end]))
                    }
                    _ => vec![rest],
                };
                for p in paths {
                    if let Some(t) = resolve(&modules, base, &p) {
                        edges.push((me.clone(), t));
                    }
                }
            }
        }
    }
    edges.sort();
    edges.dedup();
    edges
}

/// The longest module path that is a file along `path` from `base` (`super` steps up).
fn resolve(modules: &std::collections::BTreeSet<String>, base: &str, path: &str) -> Option<String> {
    let mut target = base.to_string();
    let mut best = None;
    for seg in path.split("::").filter(|s| !s.is_empty()) {
        if seg == "super" {
            target = parent_of(&target).to_string();
            continue;
        }
        target = if target.is_empty() {
            seg.to_string()
        } else {
            format!("{target}::{seg}")
        };
        if modules.contains(&target) {
            best = Some(target.clone());
        }
    }
    best
}

/// Where a `{...}` group at the start of `text` ends (just past its closing brace).
fn group_end(text: &str) -> Option<usize> {
    if !text.starts_with('{') {
        return None;
    }
    let mut depth = 0;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// The paths of a `use` tree: `a::{b, c::{d, self}}` -> `a::b`, `a::c::d`, `a::c`.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        let path = tree.split(" as ").next().unwrap_or(tree).trim();
        return vec![path.to_string()];
    };
    let head = tree[..open].trim().trim_end_matches("::");
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    let mut out = Vec::new();
    for p in parts.into_iter().flat_map(expand).filter(|p| !p.is_empty()) {
        out.push(match (head.is_empty(), p.as_str()) {
            (true, _) => p,
            (false, "self") => head.to_string(),
            (false, _) => format!("{head}::{p}"),
        });
    }
    out
}

/// The circles between source files: groups of files each reaching the others through what they name.
/// A module and the files inside it (`catalog/mod.rs` and `catalog/raw.rs`) are one idea and are not
/// counted (a parent declares its children; a child may use its parent's types).
fn file_circles(files: &[(String, String)]) -> Vec<Vec<String>> {
    use std::collections::{BTreeMap, BTreeSet};
    let mut next: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (a, b) in file_edges(files) {
        if within(&a, &b) || within(&b, &a) {
            continue;
        }
        next.entry(a).or_default().insert(b);
    }
    let reach = |from: &String| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(x) = todo.pop() {
            for y in next.get(&x).into_iter().flatten() {
                if seen.insert(y.clone()) {
                    todo.push(y.clone());
                }
            }
        }
        seen
    };
    let reached: BTreeMap<&String, BTreeSet<String>> = next.keys().map(|k| (k, reach(k))).collect();
    let mut circles: Vec<Vec<String>> = Vec::new();
    for (a, ra) in &reached {
        if !ra.contains(*a) {
            continue;
        }
        let mut circle: Vec<String> = ra
            .iter()
            .filter(|b| reached.get(b).is_some_and(|rb| rb.contains(*a)))
            .cloned()
            .collect();
        circle.sort();
        if !circles.contains(&circle) {
            circles.push(circle);
        }
    }
    circles
}

/// No two files inside a folder reach each other (issue 31): the file circles the earlier layouts left
/// (`cli::{args, ranges, resolve}`, `inventory::{cfn, include, openapi, sam}`,
/// `model::reconcile::{explain, rate, whatif}`, `model::catalog::{raw, build::around}`) are broken by
/// the types they shared moving to a file below them (`cli/uncertainty_args.rs`, `inventory/sink.rs`
/// and `resource.rs`, `model/reconcile/rows.rs`, the around-the-gateway file format into `raw.rs`).
#[test]
fn no_file_circle() {
    let circles = file_circles(&src());
    assert!(circles.is_empty(), "file circles: {circles:#?}");
}

#[test]
fn the_circle_check_finds_a_circle_between_siblings_but_not_a_parent() {
    let f = |p: &str, t: &str| (p.to_string(), t.to_string());
    let files = vec![
        f("a/mod.rs", "mod b; mod c; use self::b::X;"),
        f("a/b.rs", "use super::c::Y; use super::Z;"),
        f("a/c.rs", "fn f() { crate::a::b::g() }"),
        f("d.rs", "use crate::a::c::Y;"),
    ];
    assert_eq!(
        file_circles(&files),
        vec![vec!["a::b".to_string(), "a::c".to_string()]]
    );
    let files = vec![
        f("a/mod.rs", "use self::b::X;"),
        f("a/b.rs", "use super::Z;"),
    ];
    assert!(file_circles(&files).is_empty());
    // A `use` group names each of its paths; `super::super` steps up twice.
    let files = vec![
        f("a/b.rs", "use super::{c::{self, Y}, Z};"),
        f("a/c.rs", "use super::super::a::b::X;"),
    ];
    assert_eq!(
        file_circles(&files),
        vec![vec!["a::b".to_string(), "a::c".to_string()]]
    );
}

#[test]
fn the_model_knows_neither_clap_nor_io_and_readers_do_not_import_the_cli() {
    let mut broken = Vec::new();
    for (path, text) in src() {
        let code = non_test(&text);
        if path.starts_with("model/") {
            for banned in [
                "clap",
                "std::fs",
                "std::io::stdin",
                "std::io::stdout",
                "println!",
                "eprintln!",
                "print!(",
                "SystemTime",
                "std::env",
            ] {
                if code.contains(banned) {
                    broken.push(format!("{path} names {banned}"));
                }
            }
        }
        for reader in ["cloudwatch/", "bill/", "inventory/"] {
            if path.starts_with(reader) && code.contains("crate::cli") {
                broken.push(format!("{path} imports crate::cli"));
            }
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

/// The code of a file outside its tests, without its comments (a doc comment may name a library).
fn code_only(text: &str) -> String {
    non_test(text)
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// clap (and clap_complete, clap_mangen) is the command line's: `cli/` derives its enums and
/// converts them to the tool's (`cli/choices.rs`), and renders its help, man page and completions;
/// `main.rs` starts it. No other module names it: `render::Format`, the chart kinds, the SQL dialects
/// and batch's choices are plain enums.
#[test]
fn only_the_cli_knows_clap() {
    let users: Vec<String> = src()
        .into_iter()
        .filter(|(path, _)| !path.starts_with("cli/") && path != "main.rs")
        .filter(|(_, text)| code_only(text).contains("clap"))
        .map(|(path, _)| path)
        .collect();
    assert!(users.is_empty(), "clap outside cli/: {users:#?}");
    // The check sees a derive, and not a comment.
    assert!(code_only("#[derive(clap::ValueEnum)]\nenum A {}").contains("clap"));
    assert!(!code_only("/// clap's help\nenum A {}").contains("clap"));
}

/// One layout per report for the markup family: a report's text is its layout written through
/// `render::markup::writer(format)`, so no renderer chooses table or Markdown itself (`render/mod.rs`
/// keeps the older `Renderer` dispatch and the escape of text formats; `markup.rs` is the writers).
#[test]
fn no_report_lays_itself_out_per_markup_format() {
    let mut broken = Vec::new();
    for (path, text) in src() {
        if !path.starts_with("render/") || path == "render/markup.rs" || path == "render/mod.rs" {
            continue;
        }
        let code = code_only(&text);
        for arm in ["Format::Table", "Format::Markdown", "markdown: bool"] {
            if code.contains(arm) {
                broken.push(format!("{path} names {arm}"));
            }
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

/// Every report behind `Renderer` has one text layout: table and Markdown are `render::layout::Text`
/// (the report's layout through the format's markup writer); the other renderers are the data formats.
#[test]
fn table_and_markdown_are_one_renderer_of_the_layouts() {
    let renderers: Vec<String> = src()
        .into_iter()
        .filter(|(_, text)| code_only(text).contains("impl Renderer for"))
        .map(|(path, _)| path)
        .collect();
    assert_eq!(
        renderers,
        ["render/csv.rs", "render/json.rs", "render/layout.rs"],
        "{renderers:#?}"
    );
}

/// Traffic profiles are written by one writer, `render/profile_toml.rs` (every value through the
/// `toml` serializer, read back before it is written): no other file writes a profile's keys with
/// `format!` (`requests = {}`).
#[test]
fn profiles_are_written_through_the_toml_serializer() {
    let mut broken = Vec::new();
    for (path, text) in src() {
        if path == "render/profile_toml.rs" {
            continue;
        }
        let code = code_only(&text);
        for key in [
            "\"requests = {",
            "\"region = {",
            "\"name = {",
            "\"peak_factor = {",
            "[cache]\\n",
        ] {
            if code.contains(key) {
                broken.push(format!("{path} writes {key}"));
            }
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}
