//! Hostile inputs for ranges, horizons, volumes, free-tier months and batch rows (issue 17): none may
//! panic, hang, blow up memory or leave a file behind. Each case runs the binary end to end in a fresh
//! directory (with its own `TMPDIR`) and checks the exit code, that stderr names the input, that
//! nothing panicked (no "panicked", never exit 101), that nothing is left behind, and a time bound;
//! the memory bombs also run under an address-space limit (`prlimit --as`) where it is available.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use common::*;

/// An input file a case writes into its directory before running.
enum Content {
    Text(&'static str),
    Bytes(Vec<u8>),
}

/// What a case expects.
struct Expect<'a> {
    code: i32,
    /// Each must appear in stderr (the input named, the value, what was expected).
    stderr: &'a [&'a str],
}

const fn fails<'a>(code: i32, stderr: &'a [&'a str]) -> Expect<'a> {
    Expect { code, stderr }
}

const OK: Expect<'static> = Expect {
    code: 0,
    stderr: &[],
};

/// Address-space limit for the memory bombs: 768 MiB. The old behaviour (tens of GB for a billion
/// months, 4.8 GB for a million-line volumes file, 1 GB for a line of commas) fails under it.
const MEMORY_LIMIT: u64 = 768 << 20;

/// The time bound of an ordinary case (debug build, two shared cores).
const QUICK: Duration = Duration::from_secs(20);

/// A fresh directory for one case, with the files it reads and an empty `tmp/` used as `TMPDIR`.
struct Dir {
    _root: tempfile::TempDir,
    path: PathBuf,
}

impl Dir {
    fn new(files: Vec<(&str, Content)>) -> Dir {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().to_path_buf();
        std::fs::create_dir(path.join("tmp")).unwrap();
        for (name, content) in files {
            let bytes = match content {
                Content::Text(t) => t.as_bytes().to_vec(),
                Content::Bytes(b) => b,
            };
            std::fs::write(path.join(name), bytes).unwrap();
        }
        Dir { _root: root, path }
    }

    /// The names in the directory (and in its `tmp/`), sorted.
    fn listing(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.path)
            .unwrap()
            .chain(std::fs::read_dir(self.path.join("tmp")).unwrap())
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

/// The binary, under `prlimit --as=limit` when asked and available.
fn command(dir: &Path, memory_limit: Option<u64>) -> Command {
    let exe = env!("CARGO_BIN_EXE_apigw-cost");
    let prlimit = memory_limit.filter(|_| {
        std::process::Command::new("prlimit")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let mut cmd = match prlimit {
        Some(bytes) => {
            let mut c = Command::new("prlimit");
            c.arg(format!("--as={bytes}")).arg("--").arg(exe);
            c
        }
        None => bin(),
    };
    cmd.current_dir(dir)
        .env("TMPDIR", dir.join("tmp"))
        .env("RUST_BACKTRACE", "0");
    cmd
}

/// Runs one case and checks it; returns stdout and stderr. A failed run must leave the directory as
/// it was; a successful one may add only `created`.
fn check_case(
    name: &str,
    args: &[&str],
    dir: &Dir,
    expect: &Expect,
    created: &[&str],
    limits: (Duration, Option<u64>),
    stdin: Option<&str>,
) -> (String, String) {
    let before = dir.listing();
    let mut cmd = command(&dir.path, limits.1);
    cmd.args(args).timeout(limits.0);
    if let Some(s) = stdin {
        cmd.write_stdin(s.to_string());
    }
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out.status.code();
    assert!(
        code.is_some(),
        "{name}: killed by a signal or timed out after {:?} (stderr: {})",
        limits.0,
        short(&stderr)
    );
    assert_ne!(code, Some(101), "{name}: panicked: {}", short(&stderr));
    assert!(
        !stderr.contains("panicked"),
        "{name}: panicked: {}",
        short(&stderr)
    );
    assert_eq!(
        code,
        Some(expect.code),
        "{name}: exit code (stderr: {})",
        short(&stderr)
    );
    for s in expect.stderr {
        assert!(
            stderr.contains(s),
            "{name}: stderr must contain {s:?}: {}",
            short(&stderr)
        );
    }
    let mut after = dir.listing();
    if expect.code == 0 {
        after.retain(|n| !created.contains(&n.as_str()));
    }
    assert_eq!(after, before, "{name}: left files behind");
    (stdout, stderr)
}

fn short(s: &str) -> String {
    s.chars().take(600).collect()
}

/// A table row: a name, the arguments, the expectation.
type Row = (&'static str, &'static [&'static str], Expect<'static>);

fn table(rows: &[Row], files: fn() -> Vec<(&'static str, Content)>) -> usize {
    for (name, args, expect) in rows {
        let dir = Dir::new(files());
        check_case(name, args, &dir, expect, &[], (QUICK, None), None);
    }
    rows.len()
}

fn no_files() -> Vec<(&'static str, Content)> {
    Vec::new()
}

// ---------------------------------------------------------------------------------------------
// Break-even ranges
// ---------------------------------------------------------------------------------------------

const LAMBDA: [&str; 6] = [
    "--backend",
    "lambda",
    "--duration-ms",
    "100",
    "--memory-mb",
    "512",
];

#[test]
fn break_even_ranges_are_bounded_and_checked() {
    let rows: &[Row] = &[
        // Large but valid: used to overflow the search's interpolation and panic.
        (
            "requests to 3 x 10^17",
            &[
                "breakeven",
                "--vary",
                "requests",
                "--between",
                "rest,http",
                "--to",
                "300000000000000000",
            ],
            OK,
        ),
        (
            "requests to 10^25, ALB against HTTP",
            &[
                "breakeven",
                "--vary",
                "requests",
                "--between",
                "alb,http",
                "--to",
                "10000000000000000000000000",
            ],
            OK,
        ),
        (
            "requests past 10^25",
            &[
                "breakeven",
                "--vary",
                "requests",
                "--between",
                "rest,http",
                "--to",
                "10000000000000000000000001",
            ],
            fails(2, &["--to", "10000000000000000000000001", "10^25"]),
        ),
        (
            "requests to Decimal::MAX",
            &[
                "breakeven",
                "--vary",
                "requests",
                "--between",
                "rest,http",
                "--to",
                "79228162514264337593543950335",
            ],
            fails(2, &["--to", "at most"]),
        ),
        (
            "from above to",
            &[
                "breakeven",
                "--vary",
                "requests",
                "--between",
                "rest,http",
                "--from",
                "5",
                "--to",
                "3",
            ],
            fails(2, &["--from/--to", "5..3"]),
        ),
        (
            "from equal to",
            &[
                "breakeven",
                "--vary",
                "requests",
                "--between",
                "rest,http",
                "--from",
                "7",
                "--to",
                "7",
            ],
            fails(2, &["--from/--to"]),
        ),
        (
            "negative from",
            &[
                "breakeven",
                "--vary",
                "requests",
                "--between",
                "rest,http",
                "--from",
                "-5",
            ],
            fails(2, &["--from", "-5", "negative"]),
        ),
        (
            "NaN to",
            &[
                "breakeven",
                "--vary",
                "requests",
                "--between",
                "rest,http",
                "--to",
                "NaN",
            ],
            fails(2, &["--to", "NaN"]),
        ),
        (
            "infinite to",
            &[
                "breakeven",
                "--vary",
                "requests",
                "--between",
                "rest,http",
                "--to",
                "inf",
            ],
            fails(2, &["--to", "inf"]),
        ),
        (
            "exponent to",
            &[
                "breakeven",
                "--vary",
                "requests",
                "--between",
                "rest,http",
                "--to",
                "1e-16",
            ],
            fails(2, &["--to", "1e-16"]),
        ),
        (
            "cache hit above 100%",
            &[
                "breakeven",
                "--vary",
                "cache-hit",
                "--between",
                "rest,rest+cache",
                "--requests",
                "100M",
                "--cache",
                "0.5",
                "--to",
                "150",
            ],
            fails(2, &["--to", "150", "100"]),
        ),
        (
            "cache hit range entirely above 100%",
            &[
                "breakeven",
                "--vary",
                "cache-hit",
                "--between",
                "rest,rest+cache",
                "--requests",
                "100M",
                "--cache",
                "0.5",
                "--from",
                "101",
                "--to",
                "150",
            ],
            fails(2, &["--to", "150"]),
        ),
        (
            "negative cache hit",
            &[
                "breakeven",
                "--vary",
                "cache-hit",
                "--between",
                "rest,rest+cache",
                "--requests",
                "100M",
                "--cache",
                "0.5",
                "--from",
                "-5",
            ],
            fails(2, &["--from", "-5", "negative"]),
        ),
        (
            "request size past every payload limit",
            &[
                "breakeven",
                "--vary",
                "request-size",
                "--between",
                "rest,http",
                "--requests",
                "10M",
                "--to",
                "100000000000000000000",
            ],
            fails(2, &["--to", "10,240 KB"]),
        ),
        (
            // The ALB's 1 MB is Lambda's: with a Lambda target (issue 29).
            "request size past the ALB-to-Lambda limit",
            &[
                "breakeven",
                "--vary",
                "request-size",
                "--between",
                "alb,http",
                "--requests",
                "10M",
                "--duration-ms",
                "10",
                "--memory-mb",
                "128",
                "--to",
                "2000",
            ],
            fails(2, &["--to", "2000", "1,024 KB"]),
        ),
        (
            "messages that overflow when scaled with the requests",
            &[
                "breakeven",
                "--vary",
                "requests",
                "--between",
                "websocket,http",
                "--messages",
                "10000000000000000000000000",
            ],
            fails(2, &["--messages", "10000000000000000000000000"]),
        ),
        (
            "the heaviest Lambda up to 10^25 requests",
            &[
                "breakeven",
                "--vary",
                "requests",
                "--between",
                "function-url,http",
                "--to",
                "10000000000000000000000000",
                "--backend",
                "lambda",
                "--duration-ms",
                "900000",
                "--memory-mb",
                "10240",
            ],
            fails(2, &["--to", "overflows"]),
        ),
    ];
    assert_eq!(table(rows, no_files), 17);
}

#[test]
fn break_even_along_lambda_memory_and_duration_stays_in_lambdas_limits() {
    let cases: &[(&str, &[&str], Expect)] = &[
        (
            "memory to 10^16",
            &["--vary", "memory", "--to", "10000000000000000"],
            fails(2, &["--to", "10000000000000000", "10,240 MB"]),
        ),
        (
            "memory from 1 MB",
            &["--vary", "memory", "--from", "1", "--to", "100"],
            fails(2, &["--from", "'1'", "128 MB"]),
        ),
        (
            "memory from 0",
            &["--vary", "memory", "--from", "0"],
            fails(2, &["--from", "128"]),
        ),
        (
            "memory over all of Lambda's range",
            &["--vary", "memory", "--from", "128", "--to", "10240"],
            OK,
        ),
        (
            "duration past 15 minutes",
            &["--vary", "duration", "--to", "1000000"],
            fails(2, &["--to", "1000000", "900,000 ms"]),
        ),
        (
            "duration to 10^20",
            &["--vary", "duration", "--to", "100000000000000000000"],
            fails(2, &["--to", "900,000"]),
        ),
        (
            "duration from 0",
            &["--vary", "duration", "--from", "0"],
            fails(2, &["--from", "1 ms"]),
        ),
        (
            "duration over all of Lambda's range",
            &["--vary", "duration", "--to", "900000"],
            OK,
        ),
    ];
    for (name, vary, expect) in cases {
        let mut args = vec![
            "breakeven",
            "--between",
            "http,function-url",
            "--requests",
            "1M",
        ];
        args.extend_from_slice(&LAMBDA);
        args.extend_from_slice(vary);
        let dir = Dir::new(Vec::new());
        check_case(name, &args, &dir, expect, &[], (QUICK, None), None);
    }
}

#[test]
fn migration_payback_is_bounded_and_checked() {
    let base = [
        "breakeven",
        "--vary",
        "months",
        "--between",
        "rest,http",
        "--requests",
        "100M",
    ];
    let cases: &[(&str, &[&str], Expect)] = &[
        (
            "migration cost of Decimal::MAX",
            &["--migration-cost", "79228162514264337593543950335"],
            fails(2, &["--migration-cost", "79228162514264337593543950335"]),
        ),
        (
            "a horizon of 5,000 months",
            &["--migration-cost", "5000", "--to", "5000"],
            fails(2, &["--to", "5000", "1,200 months"]),
        ),
        (
            "a horizon of 10^17 months",
            &["--migration-cost", "5000", "--to", "100000000000000000"],
            fails(2, &["--to", "1,200"]),
        ),
        (
            "the longest horizon",
            &["--migration-cost", "5000000", "--to", "1200"],
            OK,
        ),
        (
            "traffic that stops",
            &["--migration-cost", "5000", "--growth", "-100%"],
            OK,
        ),
        (
            "growth below -100%",
            &["--migration-cost", "5000", "--growth", "-200%"],
            fails(2, &["--growth", "-200%", "-100%"]),
        ),
        (
            "growth of a billion percent",
            &["--migration-cost", "5000", "--growth", "1000000000%"],
            fails(2, &["--growth", "1000000000%", "month 4"]),
        ),
        (
            "no migration cost",
            &[],
            fails(2, &["--migration-cost USD", "one-time cost of migrating"]),
        ),
    ];
    for (name, extra, expect) in cases {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        let dir = Dir::new(Vec::new());
        check_case(name, &args, &dir, expect, &[], (QUICK, None), None);
    }
}

// ---------------------------------------------------------------------------------------------
// Horizons: --months, a profile's months, growth
// ---------------------------------------------------------------------------------------------

#[test]
fn a_billion_months_is_refused_before_anything_is_allocated() {
    // Each used to allocate tens of GB and abort: now an error naming --months, in bounded memory.
    let rows: &[(&str, &[&str])] = &[
        (
            "project",
            &["project", "--requests", "1M", "--months", "1000000000"],
        ),
        (
            "project, a million months",
            &["project", "--requests", "1M", "--months", "1000000"],
        ),
        (
            "project, one month too many",
            &["project", "--requests", "1M", "--months", "1201"],
        ),
        (
            "compare",
            &["compare", "--requests", "1M", "--months", "1000000000"],
        ),
        (
            "compare with growth",
            &[
                "compare",
                "--requests",
                "1M",
                "--months",
                "4294967295",
                "--growth",
                "5%",
            ],
        ),
        (
            "chart projection",
            &[
                "chart",
                "projection",
                "-o",
                "growth.svg",
                "--requests",
                "1M",
                "--months",
                "1000000000",
            ],
        ),
    ];
    for (name, args) in rows {
        let dir = Dir::new(Vec::new());
        check_case(
            name,
            args,
            &dir,
            &fails(2, &["--months", "1200"]),
            &[],
            (Duration::from_secs(10), Some(MEMORY_LIMIT)),
            None,
        );
    }
}

#[test]
fn the_longest_horizon_is_priced() {
    let dir = Dir::new(Vec::new());
    let (out, _) = check_case(
        "1,200 months",
        &[
            "project",
            "--apis",
            "http",
            "--requests",
            "1M",
            "--months",
            "1200",
            "--format",
            "json",
            "-o",
            "p.json",
        ],
        &dir,
        &OK,
        &["p.json"],
        (Duration::from_secs(60), Some(MEMORY_LIMIT)),
        None,
    );
    assert!(out.is_empty());
    let j: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path.join("p.json")).unwrap()).unwrap();
    let months = j["options"][0]["months"].as_array().unwrap();
    assert_eq!(months.len(), 1200);
}

const BIG_MONTHS_PROFILE: &str = "requests = \"1M\"\nmonths = 1000000000\n";

#[test]
fn a_profile_with_a_billion_months_is_an_error_and_its_review_cleans_up() {
    let files = || vec![("p.toml", Content::Text(BIG_MONTHS_PROFILE))];
    let dir = Dir::new(files());
    check_case(
        "project --profile",
        &["project", "--profile", "p.toml"],
        &dir,
        // A profile's value is a file error (exit 1) naming the key and its line.
        &fails(1, &["1000000000", "months", "line 2", "1200"]),
        &[],
        (Duration::from_secs(10), Some(MEMORY_LIMIT)),
        None,
    );
    check_case(
        "chart projection --profile",
        &["chart", "projection", "-o", "x.png", "--profile", "p.toml"],
        &dir,
        &fails(1, &["months"]),
        &[],
        (Duration::from_secs(10), Some(MEMORY_LIMIT)),
        None,
    );
    // The review used to abort out of memory and leave its temporary pack beside --out. Now the
    // profile is refused as it is loaded: no pack, and nothing left behind.
    check_case(
        "review",
        &["review", "p.toml", "--out", "pack"],
        &dir,
        &fails(1, &["p.toml", "months", "line 2"]),
        &[],
        (Duration::from_secs(120), Some(MEMORY_LIMIT)),
        None,
    );
    assert!(!dir.path.join("pack").exists());
}

#[test]
fn growth_that_outruns_exact_pricing_names_the_growth() {
    let rows: &[Row] = &[
        (
            "1000% for 1,200 months",
            &[
                "project",
                "--requests",
                "1M",
                "--growth",
                "1000%",
                "--months",
                "1200",
            ],
            fails(2, &["--growth", "1000%", "month 20"]),
        ),
        (
            "15% for 1,200 months",
            &[
                "project",
                "--requests",
                "1M",
                "--growth",
                "15%",
                "--months",
                "1200",
            ],
            fails(2, &["--growth", "15%", "month 315"]),
        ),
        (
            "a billion percent",
            &[
                "project",
                "--requests",
                "1M",
                "--growth",
                "1000000000%",
                "--months",
                "24",
            ],
            fails(2, &["--growth", "1000000000%"]),
        ),
        (
            "shrinking 50% a month for 1,200 months",
            &[
                "project",
                "--apis",
                "http",
                "--requests",
                "100M",
                "--growth",
                "-50%",
                "--months",
                "1200",
            ],
            OK,
        ),
        (
            "traffic that stops",
            &[
                "project",
                "--apis",
                "http",
                "--requests",
                "100M",
                "--growth",
                "-100%",
                "--months",
                "1200",
            ],
            OK,
        ),
        (
            "below -100%",
            &["project", "--requests", "100M", "--growth", "-150%"],
            fails(2, &["--growth", "-150%"]),
        ),
        (
            "nothing grows from nothing",
            &[
                "project",
                "--apis",
                "http",
                "--requests",
                "0",
                "--growth",
                "1000%",
                "--months",
                "1200",
            ],
            OK,
        ),
        (
            "WebSocket messages scaled past a decimal",
            &[
                "project",
                "--apis",
                "websocket",
                "--requests",
                "1",
                "--messages",
                "10000000000000000000000000",
                "--growth",
                "1000%",
                "--months",
                "20",
            ],
            fails(2, &["--messages", "10000000000000000000000000"]),
        ),
        (
            "compare: growth over months",
            &[
                "compare",
                "--requests",
                "1M",
                "--growth",
                "1000%",
                "--months",
                "1200",
            ],
            fails(2, &["--growth", "1000%"]),
        ),
    ];
    assert_eq!(table(rows, no_files), 9);
}

// ---------------------------------------------------------------------------------------------
// Free-tier months
// ---------------------------------------------------------------------------------------------

#[test]
fn an_account_age_near_u32_max_never_wraps_into_free_months() {
    // The age is bounded at the flag (1,200 months), so it can never wrap into a first year.
    let dir = Dir::new(Vec::new());
    check_case(
        "age 4294967295",
        &[
            "--account-age-months",
            "4294967295",
            "--free-tier",
            "legacy",
            "project",
            "--apis",
            "http",
            "--requests",
            "10M",
            "--months",
            "3",
        ],
        &dir,
        &fails(2, &["--account-age-months", "4294967295"]),
        &[],
        (QUICK, None),
        None,
    );
    // The oldest account accepted pays full price every month, with either free-tier choice.
    for tier in ["legacy", "credits:100"] {
        let dir = Dir::new(Vec::new());
        let (out, _) = check_case(
            &format!("age 1200, {tier}"),
            &[
                "--account-age-months",
                "1200",
                "--free-tier",
                tier,
                "project",
                "--apis",
                "http",
                "--requests",
                "10M",
                "--months",
                "3",
                "--format",
                "json",
            ],
            &dir,
            &OK,
            &[],
            (QUICK, None),
            None,
        );
        let j: serde_json::Value = serde_json::from_str(&out).unwrap();
        let months = j["options"][0]["months"].as_array().unwrap();
        assert_eq!(months.len(), 3);
        for m in months {
            // Full price every month: $10.00, nothing free (a wrap would give month 0 again).
            assert_eq!(money(&m["total"]), d("10.00"), "{tier}: {m}");
            assert_eq!(money(&m["free_tier_credit"]), d("0"), "{tier}: {m}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// --volumes files
// ---------------------------------------------------------------------------------------------

fn lines(n: usize) -> Content {
    let mut s = String::new();
    for i in 1..=n {
        s.push_str(&format!("{i}\n"));
    }
    Content::Bytes(s.into_bytes())
}

#[test]
fn volumes_files_are_bounded_and_their_errors_name_the_line() {
    let cases: Vec<(&str, Content, Expect)> = vec![
        (
            "a million lines",
            lines(1_000_000),
            fails(1, &["v.txt", "1048576 bytes"]),
        ),
        (
            "50 MB",
            Content::Bytes(vec![b'1'; 50 << 20]),
            fails(1, &["v.txt", "52428800 bytes"]),
        ),
        (
            "1,201 lines",
            lines(1201),
            fails(1, &["v.txt", "line 1201", "1200"]),
        ),
        (
            "junk on line 2",
            Content::Text("1M\nabc\n"),
            fails(1, &["v.txt", "line 2", "'abc'"]),
        ),
        (
            "a negative volume",
            Content::Text("1M\n-5\n"),
            fails(1, &["v.txt", "line 2", "-5", "negative"]),
        ),
        (
            "a fraction of a request",
            Content::Text("# comment\n0.5\n"),
            fails(1, &["v.txt", "line 2", "whole number"]),
        ),
        (
            "a volume past 10^25",
            Content::Text("99999999999999999999999999\n"),
            fails(1, &["v.txt", "line 1", "too large"]),
        ),
        (
            "invalid UTF-8",
            Content::Bytes(b"1M\n2M\n\xff\xfe\n".to_vec()),
            fails(1, &["v.txt", "line 3", "UTF-8"]),
        ),
        (
            "NUL bytes",
            Content::Bytes(b"1M\n\x00\x00\n".to_vec()),
            fails(1, &["v.txt", "line 2"]),
        ),
        (
            "empty",
            Content::Text(""),
            fails(1, &["v.txt", "no monthly volumes"]),
        ),
        (
            "only comments",
            Content::Text("# nothing\n\n# here\n"),
            fails(1, &["v.txt", "no monthly volumes"]),
        ),
        (
            "a header without requests",
            Content::Text("month,volume\n1,2\n"),
            fails(1, &["v.txt", "line 1", "requests"]),
        ),
        (
            "CSV with a short row",
            Content::Text("month,requests\n1,1M\n2\n"),
            fails(1, &["v.txt", "line 3"]),
        ),
        (
            "CRLF and a BOM-less CSV",
            Content::Text("month,requests\r\n1,1M\r\n2,2M\r\n"),
            OK,
        ),
        ("the longest file", lines(1200), OK),
    ];
    let n = cases.len();
    for (name, content, expect) in cases {
        let dir = Dir::new(vec![("v.txt", content)]);
        check_case(
            name,
            &["project", "--apis", "http", "--volumes", "v.txt"],
            &dir,
            &expect,
            &[],
            (QUICK, Some(MEMORY_LIMIT)),
            None,
        );
    }
    assert_eq!(n, 15);
}

#[test]
fn a_long_junk_line_is_quoted_short() {
    let dir = Dir::new(vec![("v.txt", Content::Bytes(vec![b'7'; 500_000]))]);
    let (_, stderr) = check_case(
        "a 500 KB line",
        &["project", "--volumes", "v.txt"],
        &dir,
        &fails(1, &["v.txt", "line 1", "500000 characters"]),
        &[],
        (QUICK, None),
        None,
    );
    assert!(stderr.len() < 1000, "{} bytes of stderr", stderr.len());
}

#[test]
fn a_directory_or_a_missing_file_as_volumes() {
    let dir = Dir::new(Vec::new());
    std::fs::create_dir(dir.path.join("d")).unwrap();
    check_case(
        "a directory",
        &["project", "--volumes", "d"],
        &dir,
        &fails(1, &["d"]),
        &[],
        (QUICK, None),
        None,
    );
    check_case(
        "missing",
        &["project", "--volumes", "nope.txt"],
        &dir,
        &fails(1, &["nope.txt"]),
        &[],
        (QUICK, None),
        None,
    );
}

/// Makes a FIFO at `path` and writes `data` (then `endless` more, until the reader goes) from a thread.
fn fifo(path: &Path, data: Vec<u8>, endless: bool) -> bool {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        return false;
    }
    let p = path.to_path_buf();
    std::thread::spawn(move || {
        use std::io::Write;
        let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(&p) else {
            return;
        };
        if f.write_all(&data).is_err() {
            return;
        }
        let chunk = b"100000\n".repeat(4096);
        while endless && f.write_all(&chunk).is_ok() {}
    });
    true
}

#[test]
fn a_fifo_as_volumes_is_read_up_to_the_bound() {
    // An endless writer: the read stops at the bound.
    let dir = Dir::new(Vec::new());
    if !fifo(&dir.path.join("endless"), Vec::new(), true) {
        eprintln!("mkfifo unavailable: FIFO cases skipped");
        return;
    }
    check_case(
        "an endless FIFO",
        &["project", "--volumes", "endless"],
        &dir,
        &fails(1, &["endless", "more than 1048576 bytes"]),
        &[],
        (Duration::from_secs(20), Some(MEMORY_LIMIT)),
        None,
    );
    // A FIFO with a few volumes then the end: read like a file.
    let dir = Dir::new(Vec::new());
    assert!(fifo(&dir.path.join("few"), b"1M\n2M\n3M\n".to_vec(), false));
    let (out, _) = check_case(
        "a short FIFO",
        &[
            "project",
            "--apis",
            "http",
            "--volumes",
            "few",
            "--format",
            "json",
        ],
        &dir,
        &OK,
        &[],
        (Duration::from_secs(20), None),
        None,
    );
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(j["options"][0]["months"].as_array().unwrap().len(), 3);
}

// ---------------------------------------------------------------------------------------------
// Batch rows
// ---------------------------------------------------------------------------------------------

const MAX: &str = "79228162514264337593543950335";

/// Runs `batch in.csv` with `extra` on `input` and checks it.
fn batch_case(name: &str, input: Vec<u8>, extra: &[&str], expect: Expect) -> (String, String, Dir) {
    let dir = Dir::new(vec![("in.csv", Content::Bytes(input))]);
    let mut args = vec!["batch", "in.csv"];
    args.extend_from_slice(extra);
    let created: Vec<&str> = ["out.csv", "rejects.csv"]
        .into_iter()
        .filter(|f| extra.contains(f))
        .collect();
    let (out, err) = check_case(
        name,
        &args,
        &dir,
        &expect,
        &created,
        (Duration::from_secs(60), Some(MEMORY_LIMIT)),
        None,
    );
    (out, err, dir)
}

#[test]
fn a_huge_size_cell_is_a_bad_row_never_a_panic() {
    for (column, cell) in [
        ("request_size_kb", format!("{MAX}MB")),
        ("request_size_kb", format!("{MAX}GB")),
        ("response_size_kb", format!("{MAX}MB")),
        ("message_size_kb", format!("{MAX}MB")),
        ("request_size_kb", MAX.to_string()),
    ] {
        let input = format!(
            "id,api,region,requests,{column}\na,http,us-east-1,1000,{cell}\nb,http,us-east-1,1M,\n"
        );
        for mode in ["separate", "shared"] {
            let name = format!("{column} = {cell}, {mode}");
            // Skipped: the good row is rated, the bad one rejected with its column and value.
            let (out, err, dir) = batch_case(
                &name,
                input.clone().into_bytes(),
                &[
                    "--accounts",
                    mode,
                    "--summary",
                    "--on-error",
                    "skip",
                    "--rejects",
                    "rejects.csv",
                ],
                fails(0, &["2 rows read, 1 rated, 1 rejected"]),
            );
            assert!(
                out.contains("b,http,us-east-1,1M,,1.00,1.00"),
                "{name}: {out}"
            );
            let rejects = std::fs::read_to_string(dir.path.join("rejects.csv")).unwrap();
            assert!(
                rejects.contains(&format!("1,2,{column},")),
                "{name}: {rejects}"
            );
            drop(err);
            // Failing: the error names row, line, column and value.
            batch_case(
                &name,
                input.clone().into_bytes(),
                &["--accounts", mode, "-o", "out.csv"],
                fails(1, &["in.csv", "row 1 (line 2)", column, MAX]),
            );
        }
    }
}

#[test]
fn a_100_mb_cell_makes_a_short_message() {
    let mut input = b"id,api,region,requests\na,http,us-east-1,".to_vec();
    input.extend(std::iter::repeat_n(b'9', 100 << 20));
    input.extend_from_slice(b"\nb,http,us-east-1,5\n");
    let (_, err, _) = batch_case(
        "100 MB requests cell, failing",
        input.clone(),
        &["-o", "out.csv"],
        fails(1, &["row 1 (line 2), column requests", "(104857600 bytes)"]),
    );
    assert!(err.len() < 1000, "{} bytes of stderr", err.len());
    let (_, err, dir) = batch_case(
        "100 MB requests cell, skipped",
        input,
        &[
            "--on-error",
            "skip",
            "--rejects",
            "rejects.csv",
            "-o",
            "out.csv",
        ],
        fails(0, &["2 rows read, 1 rated, 1 rejected"]),
    );
    assert!(err.len() < 1000, "{} bytes of stderr", err.len());
    let rejects = std::fs::read(dir.path.join("rejects.csv")).unwrap();
    // The value column is short; the row's own cells follow in full (they are the input).
    let head = String::from_utf8_lossy(&rejects[..400]);
    assert!(head.contains("... (104857600 bytes)"), "{head}");
}

#[test]
fn a_100_mb_api_or_region_cell_is_a_named_bad_row() {
    for (column, prefix, suffix) in [
        ("api", "a,", ",us-east-1,5\n"),
        ("region", "a,http,", ",5\n"),
        ("request_size_kb", "a,http,us-east-1,5,", "\n"),
    ] {
        let header: &[u8] = if column == "request_size_kb" {
            b"id,api,region,requests,request_size_kb\n"
        } else {
            b"id,api,region,requests\n"
        };
        let mut input = header.to_vec();
        input.extend_from_slice(prefix.as_bytes());
        input.extend(std::iter::repeat_n(b'x', 20 << 20));
        input.extend_from_slice(suffix.as_bytes());
        let (_, err, _) = batch_case(
            column,
            input,
            &["-o", "out.csv"],
            fails(1, &[&format!("column {column}"), "(20971520 bytes)"]),
        );
        assert!(err.len() < 1000, "{column}: {} bytes of stderr", err.len());
    }
}

#[test]
fn malformed_csv_is_a_clear_row_or_file_error_or_accepted() {
    let h = "id,api,region,requests\n";
    let cases: Vec<(&str, Vec<u8>, Expect, Option<&str>)> = vec![
        (
            "an empty file",
            Vec::new(),
            fails(1, &["in.csv", "empty"]),
            None,
        ),
        (
            "blank lines only",
            b"\n\n\n".to_vec(),
            fails(1, &["in.csv", "empty"]),
            None,
        ),
        (
            "a header only",
            h.as_bytes().to_vec(),
            fails(0, &["0 rows read"]),
            None,
        ),
        (
            "a header without a newline",
            b"id,api,region,requests".to_vec(),
            fails(0, &["0 rows read"]),
            None,
        ),
        (
            "a duplicate column",
            b"id,api,region,requests,requests\na,http,,1000,5\n".to_vec(),
            fails(1, &["in.csv", "column requests appears twice"]),
            None,
        ),
        (
            "a column and its alias",
            b"id,api,region,requests,request_size,request_size_kb\na,http,,1000,5,600\n".to_vec(),
            fails(1, &["in.csv", "request_size_kb", "request_size"]),
            None,
        ),
        (
            "an echoed column twice",
            b"id,api,region,requests,note,note\na,http,,1000,x,y\n".to_vec(),
            fails(1, &["in.csv", "column note appears twice"]),
            None,
        ),
        (
            "2,000 columns",
            format!("{}{}\n", h.trim_end(), ",x".repeat(2000)).into_bytes(),
            fails(1, &["in.csv", "2004 columns", "1000"]),
            None,
        ),
        (
            "too many fields",
            format!("{h}a,http,us-east-1,1000,5\n").into_bytes(),
            fails(1, &["row 1 (line 2), column (row)", "expected 4 fields"]),
            None,
        ),
        (
            "too few fields",
            format!("{h}a,http\n").into_bytes(),
            fails(1, &["row 1 (line 2), column (row)", "'2 fields'"]),
            None,
        ),
        (
            "NUL bytes in the API",
            format!("{h}a,ht\0tp,us-east-1,5\n").into_bytes(),
            fails(1, &["column api"]),
            None,
        ),
        (
            "NUL bytes in the id",
            format!("{h}a\0b,http,us-east-1,5\n").into_bytes(),
            fails(0, &["1 rated"]),
            None,
        ),
        (
            "invalid UTF-8 in the region",
            [h.as_bytes(), b"a,http,\xff\xfe,5\n"].concat(),
            fails(1, &["column region"]),
            None,
        ),
        (
            "invalid UTF-8 in the requests",
            [h.as_bytes(), b"a,http,us-east-1,1\xff\n"].concat(),
            fails(1, &["column requests", "UTF-8"]),
            None,
        ),
        (
            "CRLF line ends",
            b"id,api,region,requests\r\na,http,us-east-1,1M\r\n".to_vec(),
            fails(0, &["1 rated"]),
            Some("a,http,us-east-1,1M,1.00,1.00"),
        ),
        (
            "a byte-order mark",
            b"\xef\xbb\xbfid,api,region,requests\na,http,us-east-1,1M\n".to_vec(),
            fails(0, &["1 rated"]),
            Some("a,http,us-east-1,1M,1.00,1.00"),
        ),
        (
            "a quoted id across lines",
            format!("{h}\"a\nb\",http,us-east-1,1M\nc,http,us-east-1,ten\n").into_bytes(),
            fails(1, &["row 2 (line 4), column requests, value 'ten'"]),
            None,
        ),
        (
            "an unterminated quote",
            format!("{h}a,http,us-east-1,1M\n\"b,http,us-east-1,5\n").into_bytes(),
            fails(1, &["row 2 (line 3), column (row)"]),
            None,
        ),
        (
            "requests past Decimal::MAX",
            format!("{h}a,http,us-east-1,{MAX}\n").into_bytes(),
            fails(1, &["column requests", MAX]),
            None,
        ),
    ];
    assert_eq!(cases.len(), 19);
    for (name, input, expect, stdout) in cases {
        let (out, _, _) = batch_case(name, input, &["--summary"], expect);
        if let Some(s) = stdout {
            assert!(out.contains(s), "{name}: {out}");
        }
    }
}

#[test]
fn an_endless_line_is_refused_in_bounded_memory() {
    // 200 MB without a line break, and a row of 2M commas: the csv reader would keep all of it
    // (8 bytes per field: a line of commas took a gigabyte).
    let mut long_header = b"id,api,region,requests".to_vec();
    long_header.extend(std::iter::repeat_n(b'x', 200 << 20));
    let mut commas = b"id,api,region,requests\na,http,us-east-1,5,".to_vec();
    commas.extend(std::iter::repeat_n(b',', 2 << 20));
    commas.extend_from_slice(b"\nb,http,us-east-1,5\n");
    for (name, input, expect) in [
        (
            "a 200 MB header",
            long_header,
            fails(1, &["in.csv", "header", "128 MiB"]),
        ),
        (
            "a row of 2M commas",
            commas,
            fails(1, &["in.csv", "row 1", "1048576 commas"]),
        ),
    ] {
        for mode in ["separate", "shared"] {
            batch_case(
                &format!("{name}, {mode}"),
                input.clone(),
                &["--accounts", mode, "-o", "out.csv", "--on-error", "skip"],
                fails(expect.code, expect.stderr),
            );
        }
    }
}

#[test]
fn stdin_rows_are_checked_like_a_file() {
    // Shared accounts spool stdin to an unnamed temporary file: nothing may be left in TMPDIR.
    let dir = Dir::new(Vec::new());
    let input = format!("id,api,region,requests,request_size_kb\na,http,us-east-1,5,{MAX}MB\nb,http,us-east-1,1M,1\n");
    check_case(
        "stdin, shared, a bad size",
        &["batch", "-", "--accounts", "shared", "--summary"],
        &dir,
        &fails(1, &["stdin", "row 1 (line 2), column request_size_kb"]),
        &[],
        (QUICK, None),
        Some(&input),
    );
    let (out, _) = check_case(
        "stdin, shared, skipped",
        &[
            "batch",
            "-",
            "--accounts",
            "shared",
            "--summary",
            "--on-error",
            "skip",
        ],
        &dir,
        &fails(0, &["1 rejected"]),
        &[],
        (QUICK, None),
        Some(&input),
    );
    assert!(out.contains("b,http,us-east-1,1M,1,1.00,1.00"), "{out}");
}

#[test]
fn a_shared_volume_beyond_a_decimal_stays_an_overflow_error() {
    let row = "a,http,us-east-1,10000000000000000000000000\n";
    let input = format!("id,api,region,requests\n{}", row.repeat(9));
    batch_case(
        "nine rows of 10^25 in one shared account",
        input.into_bytes(),
        &["--accounts", "shared", "-o", "out.csv"],
        fails(1, &["too large to price exactly"]),
    );
}

// ---------------------------------------------------------------------------------------------
// Latency: repeated options
// ---------------------------------------------------------------------------------------------

#[test]
fn a_repeated_option_is_simulated_once() {
    let apis = ["rest", "http"].repeat(50).join(",");
    let dir = Dir::new(Vec::new());
    let (out, _) = check_case(
        "--api rest,http x 50",
        &[
            "latency",
            "--api",
            &apis,
            "--samples",
            "1M",
            "--format",
            "json",
        ],
        &dir,
        &OK,
        &[],
        (Duration::from_secs(30), Some(MEMORY_LIMIT)),
        None,
    );
    let j: serde_json::Value = serde_json::from_str(&out).unwrap();
    let n = j
        .as_array()
        .or_else(|| j["results"].as_array())
        .map(Vec::len);
    assert_eq!(n, Some(2), "{}", short(&out));
}
