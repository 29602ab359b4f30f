//! Issue 33 (output paths): no output replaces an input, and a directory of outputs is written whole.
//!
//! - An output path that is one of the command's inputs (the same file through `./`, a symbolic link or
//!   a hard link) is a usage error (exit 2) naming the flag and the input, and the input is unchanged:
//!   `reconcile bill.csv -o bill.csv`, `inventory t.yaml -o t.yaml`, `import cloudwatch r.json -o
//!   r.json`, `prices import aws.json -o aws.json`, and every other command's `--profile`, `--prices`,
//!   `--volumes` and positional files.
//! - `reconcile --profiles-out DIR` and `import cloudwatch --out DIR`: two outputs with one file name
//!   (accounts `acct/x` and `acct_x`; two 65-character ids sharing 64) are an error naming both and
//!   nothing is written; a write that fails (a file-size limit standing in for a full disk) leaves the
//!   directory as it was, with no temporary left; files already in the directory are kept.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use common::bin;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

/// Copies a fixture into `dir` under `name`; returns the copy's path.
fn copy(rel: &str, dir: &Path, name: &str) -> PathBuf {
    let to = dir.join(name);
    fs::copy(fixture(rel), &to).unwrap();
    to
}

/// The names in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Runs the binary in `dir`; asserts exit 2, nothing on stdout, stderr naming `flag` and `input`, and
/// `input` byte for byte as it was.
fn refused(dir: &Path, args: &[&str], flag: &str, input: &Path) {
    let before = fs::read(input).unwrap();
    let out = bin().current_dir(dir).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(out.stdout.is_empty(), "{args:?}");
    assert!(stderr.contains(flag), "{args:?}: {stderr}");
    assert!(
        stderr.contains("a file other than the input"),
        "{args:?}: {stderr}"
    );
    assert_eq!(
        fs::read(input).unwrap(),
        before,
        "{args:?} changed its input"
    );
    assert!(
        !listing(dir)
            .iter()
            .any(|n| n.starts_with(".tmp") || n.starts_with(".apigw-cost")),
        "{args:?} left a temporary: {:?}",
        listing(dir)
    );
}

#[test]
fn reconcile_refuses_to_write_over_its_bill_by_any_path() {
    let d = tempfile::tempdir().unwrap();
    let bill = copy("bills/cur2.csv", d.path(), "bill.csv");
    std::os::unix::fs::symlink("bill.csv", d.path().join("link.csv")).unwrap();
    fs::hard_link(&bill, d.path().join("hard.csv")).unwrap();
    for (input, output) in [
        ("bill.csv", "bill.csv"),
        ("bill.csv", "./bill.csv"),
        ("bill.csv", "link.csv"),
        ("link.csv", "bill.csv"),
        ("bill.csv", "hard.csv"),
        (
            "bill.csv",
            &*d.path().join("bill.csv").display().to_string(),
        ),
    ] {
        refused(
            d.path(),
            &["reconcile", input, "-o", output],
            "-o/--output",
            &bill,
        );
        refused(
            d.path(),
            &["reconcile", input, "--format", "csv", "--output", output],
            "-o/--output",
            &bill,
        );
    }
    // The second of two bills, too.
    let other = copy("bills/focus.csv", d.path(), "focus.csv");
    refused(
        d.path(),
        &["reconcile", "bill.csv", "focus.csv", "-o", "focus.csv"],
        "-o/--output",
        &other,
    );
}

#[test]
fn inventory_import_and_prices_import_refuse_their_inputs() {
    let d = tempfile::tempdir().unwrap();
    let t = d.path().join("t.yaml");
    fs::copy(root().join("examples/templates/orders-platform.yaml"), &t).unwrap();
    refused(
        d.path(),
        &["inventory", "t.yaml", "-o", "t.yaml"],
        "-o/--output",
        &t,
    );
    std::os::unix::fs::symlink("t.yaml", d.path().join("t.md")).unwrap();
    refused(
        d.path(),
        &["inventory", "t.yaml", "-o", "t.md"],
        "-o/--output",
        &t,
    );

    let r = copy("cloudwatch/websocket-day.json", d.path(), "r.json");
    refused(
        d.path(),
        &["import", "cloudwatch", "r.json", "-o", "r.json"],
        "-o/--output",
        &r,
    );
    let q = copy("cloudwatch/http-day-queries.json", d.path(), "q.json");
    copy("cloudwatch/http-day-missing.json", d.path(), "h.json");
    refused(
        d.path(),
        &[
            "import",
            "cloudwatch",
            "h.json",
            "--queries",
            "q.json",
            "-o",
            "q.json",
        ],
        "-o/--output",
        &q,
    );

    let aws = copy(
        "aws-meteredUnitMaps-xray-USD-published-2025-08-28.json",
        d.path(),
        "aws.json",
    );
    refused(
        d.path(),
        &["prices", "import", "aws.json", "-o", "aws.json"],
        "-o/--output",
        &aws,
    );
    let cat = d.path().join("catalog.json");
    fs::copy(root().join("data/prices.json"), &cat).unwrap();
    refused(
        d.path(),
        &[
            "prices",
            "import",
            "aws.json",
            "--prices",
            "catalog.json",
            "-o",
            "catalog.json",
        ],
        "-o/--output",
        &cat,
    );
    refused(
        d.path(),
        &["prices", "validate", "catalog.json", "-o", "catalog.json"],
        "-o/--output",
        &cat,
    );
    refused(
        d.path(),
        &[
            "prices",
            "diff",
            "embedded",
            "catalog.json",
            "-o",
            "catalog.json",
        ],
        "-o/--output",
        &cat,
    );
}

#[test]
fn report_commands_refuse_to_write_over_their_profile_volumes_or_catalog() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path().join("p.toml");
    fs::copy(root().join("data/profiles/seed-100-customers.toml"), &p).unwrap();
    for cmd in ["quote", "compare", "project", "latency"] {
        let mut args = vec![cmd, "--profile", "p.toml", "-o", "p.toml"];
        if cmd == "quote" {
            args.extend(["--api", "http"]);
        }
        refused(d.path(), &args, "-o/--output", &p);
    }
    refused(
        d.path(),
        &[
            "breakeven",
            "--profile",
            "p.toml",
            "--vary",
            "requests",
            "--between",
            "rest,http",
            "-o",
            "p.toml",
        ],
        "-o/--output",
        &p,
    );
    let v = d.path().join("v.csv");
    fs::write(&v, "requests\n1000000\n2000000\n").unwrap();
    refused(
        d.path(),
        &["project", "--volumes", "v.csv", "-o", "v.csv"],
        "-o/--output",
        &v,
    );
    let cat = d.path().join("prices.json");
    fs::copy(root().join("data/prices.json"), &cat).unwrap();
    refused(
        d.path(),
        &[
            "compare",
            "--requests",
            "1M",
            "--prices",
            "prices.json",
            "-o",
            "prices.json",
        ],
        "-o/--output",
        &cat,
    );
    // A chart's image over its profile (named .svg to pass the extension check).
    let svg = d.path().join("p.svg");
    fs::copy(&p, &svg).unwrap();
    refused(
        d.path(),
        &[
            "chart",
            "cost-vs-requests",
            "--profile",
            "p.svg",
            "-o",
            "p.svg",
        ],
        "-o/--output",
        &svg,
    );
    // Standard input is no file: `-` with -o of any name is fine.
    let out = bin()
        .current_dir(d.path())
        .args(["quote", "--profile", "-", "--api", "http", "-o", "q.txt"])
        .write_stdin(fs::read(&p).unwrap())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}

/// A copy of the CUR 2.0 fixture with its two usage accounts renamed.
fn bill_with_accounts(dir: &Path, a: &str, b: &str) -> PathBuf {
    let text = fs::read_to_string(fixture("bills/cur2.csv")).unwrap();
    let text = text
        .replace(",222222222222,", &format!(",{a},"))
        .replace(",333333333333,", &format!(",{b},"));
    let p = dir.join("bill.csv");
    fs::write(&p, text).unwrap();
    p
}

fn reconcile_profiles(dir: &Path, out: &str) -> std::process::Output {
    bin()
        .current_dir(dir)
        .args(["reconcile", "bill.csv", "--profiles-out", out])
        .output()
        .unwrap()
}

#[test]
fn two_accounts_that_would_share_a_profile_file_are_an_error_and_nothing_is_written() {
    let long = "a".repeat(64);
    for (a, b) in [
        ("acct/x", "acct_x"),
        ("acct x", "acct:x"),
        (&*format!("{long}1"), &*format!("{long}2")),
    ] {
        let d = tempfile::tempdir().unwrap();
        bill_with_accounts(d.path(), a, b);
        let out = reconcile_profiles(d.path(), "profiles");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{a} {b}: {stderr}");
        assert!(out.stdout.is_empty());
        assert!(
            stderr.contains("--profiles-out") && stderr.contains("would both be written"),
            "{stderr}"
        );
        assert_eq!(listing(d.path()), vec!["bill.csv"], "{a} {b}");
    }
    // Into an existing directory: its files are kept, none added.
    let d = tempfile::tempdir().unwrap();
    bill_with_accounts(d.path(), "acct/x", "acct_x");
    fs::create_dir(d.path().join("profiles")).unwrap();
    fs::write(d.path().join("profiles/keep.toml"), "requests = 1\n").unwrap();
    assert_eq!(
        reconcile_profiles(d.path(), "profiles").status.code(),
        Some(2)
    );
    assert_eq!(listing(&d.path().join("profiles")), vec!["keep.toml"]);
}

#[test]
fn profiles_out_is_written_whole_and_keeps_other_files() {
    let d = tempfile::tempdir().unwrap();
    bill_with_accounts(d.path(), "222222222222", "333333333333");
    fs::create_dir(d.path().join("profiles")).unwrap();
    fs::write(d.path().join("profiles/keep.toml"), "requests = 1\n").unwrap();
    let out = reconcile_profiles(d.path(), "profiles");
    assert!(out.status.success(), "{out:?}");
    let names = listing(&d.path().join("profiles"));
    assert_eq!(names.len(), 6, "{names:?}");
    assert!(names.contains(&"keep.toml".to_string()));
    assert_eq!(listing(d.path()), vec!["bill.csv", "profiles"]);
    // A new directory is made whole, with the usual permissions (not a temporary directory's 0700).
    let out = reconcile_profiles(d.path(), "new/deeper");
    assert!(out.status.success(), "{out:?}");
    assert_eq!(listing(&d.path().join("new/deeper")).len(), 5);
    use std::os::unix::fs::PermissionsExt;
    let mode = fs::metadata(d.path().join("new/deeper"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o755, 0o755, "{mode:o}");
}

/// Runs `args` with a file-size limit of 0 (every file write fails with EFBIG, SIGXFSZ ignored): the
/// stand-in for a full disk.
fn with_no_disk_space(dir: &Path, args: &[&str]) -> std::process::Output {
    let exe = assert_cmd::cargo::cargo_bin("apigw-cost");
    StdCommand::new("sh")
        .current_dir(dir)
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 0; exec \"$@\"")
        .arg("sh")
        .arg(exe)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_full_disk_leaves_a_directory_output_as_it_was() {
    let d = tempfile::tempdir().unwrap();
    bill_with_accounts(d.path(), "222222222222", "333333333333");
    // A new directory: not made at all.
    let out = with_no_disk_space(
        d.path(),
        &["reconcile", "bill.csv", "--profiles-out", "profiles"],
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(out.stdout.is_empty());
    assert_eq!(listing(d.path()), vec!["bill.csv"]);
    // An existing one: unchanged, no temporary left in it.
    fs::create_dir(d.path().join("profiles")).unwrap();
    fs::write(d.path().join("profiles/keep.toml"), "requests = 1\n").unwrap();
    let out = with_no_disk_space(
        d.path(),
        &["reconcile", "bill.csv", "--profiles-out", "profiles"],
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(listing(&d.path().join("profiles")), vec!["keep.toml"]);
    assert_eq!(
        fs::read_to_string(d.path().join("profiles/keep.toml")).unwrap(),
        "requests = 1\n"
    );

    // import cloudwatch --out DIR alike.
    copy("cloudwatch/websocket-day.json", d.path(), "r.json");
    let out = with_no_disk_space(
        d.path(),
        &["import", "cloudwatch", "r.json", "--out", "imported"],
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(!d.path().join("imported").exists());
    let out = with_no_disk_space(
        d.path(),
        &["import", "cloudwatch", "r.json", "--out", "profiles"],
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(listing(&d.path().join("profiles")), vec!["keep.toml"]);
    // With room, the same import writes its profile.
    let out = bin()
        .current_dir(d.path())
        .args(["import", "cloudwatch", "r.json", "--out", "imported"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(listing(&d.path().join("imported")).len(), 1);
}

#[test]
fn a_directory_output_never_replaces_an_input_in_it() {
    let d = tempfile::tempdir().unwrap();
    bill_with_accounts(d.path(), "222222222222", "333333333333");
    fs::create_dir(d.path().join("profiles")).unwrap();
    // The bill, named as one of the profiles it makes, in the output directory.
    let inside = d.path().join("profiles/222222222222-eu-west-1-http.toml");
    fs::copy(d.path().join("bill.csv"), &inside).unwrap();
    let before = fs::read(&inside).unwrap();
    let out = bin()
        .current_dir(d.path())
        .args([
            "reconcile",
            "profiles/222222222222-eu-west-1-http.toml",
            "--profiles-out",
            "profiles",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("a file other than the input"), "{stderr}");
    assert_eq!(fs::read(&inside).unwrap(), before);
    assert_eq!(listing(&d.path().join("profiles")).len(), 1);
}
