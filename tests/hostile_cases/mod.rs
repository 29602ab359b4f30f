//! The table-driven harness of the hostile-input suites of issue 33 (tests/hostile_readers.rs,
//! tests/hostile_formats.rs): one input file, one command, the exit code and what stderr must say.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::common::bin;

pub fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// One hostile input: the file written (name, bytes), the command run on it (`{f}` is the file's path),
/// the exit code expected and the fragments stderr must hold (`{f}` again the file's name).
pub struct Case {
    what: String,
    name: String,
    bytes: Vec<u8>,
    args: Vec<String>,
    code: i32,
    says: Vec<String>,
}

pub fn case(what: &str, name: &str, bytes: Vec<u8>, args: &str, code: i32, says: &[&str]) -> Case {
    Case {
        what: what.to_string(),
        name: name.to_string(),
        bytes,
        args: args.split(' ').map(str::to_string).collect(),
        code,
        says: says.iter().map(|s| s.to_string()).collect(),
    }
}

/// Runs every case in its own directory and reports every one that failed at once.
pub fn run_all(cases: &[Case]) {
    let mut failed = Vec::new();
    for c in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(&c.name);
        std::fs::write(&path, &c.bytes).unwrap();
        let args: Vec<String> = c.args.iter().map(|a| a.replace("{f}", &c.name)).collect();
        let out = bin()
            .current_dir(dir.path())
            .args(&args)
            .timeout(Duration::from_secs(120))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let mut wrong = Vec::new();
        if out.status.code() != Some(c.code) {
            wrong.push(format!("exit {:?}, expected {}", out.status.code(), c.code));
        }
        for s in &c.says {
            let s = s.replace("{f}", &c.name);
            if !stderr.contains(&s) {
                wrong.push(format!("stderr lacks {s:?}"));
            }
        }
        if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
            wrong.push("a panic".into());
        }
        if c.code != 0 && stderr.chars().any(|ch| ch == '\u{1b}' || ch == '\u{9b}') {
            wrong.push("a raw escape on stderr".into());
        }
        if !wrong.is_empty() {
            failed.push(format!(
                "{}: {}\n    stderr: {stderr}",
                c.what,
                wrong.join("; ")
            ));
        }
    }
    assert!(
        failed.is_empty(),
        "{} case(s) failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
}

/// The CUR 2.0 fixture as rows of cells (header first).
pub fn bill_rows() -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(fixture("bills/cur2.csv"))
        .unwrap();
    r.records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect()
}

pub fn bill_bytes(rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.into_inner().unwrap()
}

/// The fixture with `column` of data row `row` (0-based, after the header) set to `value`.
pub fn bill_with(column: &str, row: usize, value: &str) -> Vec<u8> {
    let mut rows = bill_rows();
    let i = rows[0].iter().position(|h| h == column).unwrap();
    rows[row + 1][i] = value.to_string();
    bill_bytes(&rows)
}
