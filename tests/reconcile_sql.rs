//! Issue 33: nothing from the input reaches `reconcile --emit-sql`'s SQL raw. Each case is run through
//! the real consumer: the SQL executed by DuckDB (tests/reconcile_duckdb.py, which installs duckdb)
//! with a `sentinel` table that an injected `DROP TABLE` would remove, and must give reconcile's rows.

mod common;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bills")
        .join(name)
        .display()
        .to_string()
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reconcile_duckdb.py")
}

/// Runs the SQL in DuckDB with the sentinel; returns its rows.
fn run_duckdb(sql: &Path, extra: &[String]) -> Vec<String> {
    let out = Command::new("python3")
        .arg(script())
        .arg(sql)
        .arg("--sentinel")
        .args(extra)
        .output()
        .expect("python3 runs the DuckDB script");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|s| s.to_string())
        .collect()
}

fn emit(args: &[&str], sql: &Path) {
    bin()
        .arg("reconcile")
        .args(args)
        .arg("-o")
        .arg(sql)
        .assert()
        .success();
}

/// The ten rows of the fixture bill, as DuckDB prints them.
fn fixture_rows() -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let sql = dir.path().join("q.sql");
    emit(&[&fixture("cur2.csv"), "--emit-sql", "duckdb"], &sql);
    let rows = run_duckdb(&sql, &[]);
    assert_eq!(rows.len(), 10, "{rows:?}");
    rows
}

#[test]
fn a_catalog_path_or_source_with_a_newline_stays_inside_its_comment() {
    let expected = fixture_rows();
    let dir = tempfile::tempdir().unwrap();
    let catalog =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/prices.json"))
            .unwrap();
    for name in [
        "c\nDROP TABLE sentinel; --.json",
        "c\rDROP TABLE sentinel; --.json",
        "c\u{2028}DROP TABLE sentinel; --.json",
    ] {
        let p = dir.path().join(name);
        std::fs::write(&p, &catalog).unwrap();
        let sql = dir.path().join("q.sql");
        bin()
            .args([
                "reconcile",
                &fixture("cur2.csv"),
                "--emit-sql",
                "duckdb",
                "--prices",
            ])
            .arg(&p)
            .arg("-o")
            .arg(&sql)
            .assert()
            .success();
        let text = std::fs::read_to_string(&sql).unwrap();
        assert!(
            text.lines().all(|l| !l.starts_with("DROP")),
            "{name:?}: {text}"
        );
        assert_eq!(run_duckdb(&sql, &[]), expected, "{name:?}");
    }
}

#[test]
fn sql_table_names_are_checked_and_quoted() {
    let dir = tempfile::tempdir().unwrap();
    let sql = dir.path().join("q.sql");
    for (dialect, bad) in [
        ("athena", "cur; DROP TABLE cur; --"),
        ("spark", "cur; DROP TABLE cur; --"),
        ("duckdb", "cur; DROP TABLE sentinel; --"),
        ("athena", ""),
        ("athena", "a.b.c.d"),
        ("spark", "cur`x"),
        ("athena", "\"cur\""),
        ("athena", "1cur"),
        ("duckdb", "cur\nDROP"),
        ("athena", "cur.."),
    ] {
        let out = bin()
            .args([
                "reconcile",
                &fixture("cur2.csv"),
                "--emit-sql",
                dialect,
                "--sql-table",
                bad,
                "-o",
            ])
            .arg(&sql)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{dialect} {bad:?}: {err}");
        assert!(
            err.contains("--sql-table") && err.contains("letters, digits and underscores"),
            "{err}"
        );
        assert!(!sql.exists());
    }
    // A good name is quoted as an identifier, for each dialect.
    for (dialect, quoted) in [
        ("athena", "FROM \"billing\".\"cur_2026\""),
        ("spark", "FROM `billing`.`cur_2026`"),
        ("duckdb", "FROM \"billing\".\"cur_2026\""),
    ] {
        emit(
            &[
                &fixture("cur2.csv"),
                "--emit-sql",
                dialect,
                "--sql-table",
                "billing.cur_2026",
            ],
            &sql,
        );
        let text = std::fs::read_to_string(&sql).unwrap();
        assert!(text.contains(quoted), "{dialect}: {text}");
    }
}

#[test]
fn duckdb_reads_the_sql_table_when_given_and_gives_the_same_rows() {
    let expected = fixture_rows();
    let dir = tempfile::tempdir().unwrap();
    let sql = dir.path().join("q.sql");
    emit(
        &[
            &fixture("cur2.csv"),
            "--emit-sql",
            "duckdb",
            "--sql-table",
            "my_cur",
        ],
        &sql,
    );
    let text = std::fs::read_to_string(&sql).unwrap();
    assert!(text.contains("FROM \"my_cur\""), "{text}");
    assert!(!text.contains("read_csv"), "{text}");
    let rows = run_duckdb(&sql, &[format!("--table=my_cur={}", fixture("cur2.csv"))]);
    assert_eq!(rows, expected);
}
