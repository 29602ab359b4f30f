//! Issue 17, numbers slice: no number, size, profile or cost input can panic, hang, blow up memory or
//! leave a file behind. Every case runs the binary in a fresh directory (holding only its input files)
//! with `-o out.txt` where the command writes a report, and checks the exit code, that stderr names the
//! input and is short (long values are quoted shortened), that nothing panicked (no exit 101, no
//! "panicked"), that the directory holds nothing new, and that the run finished within its time bound.

mod common;
use common::*;

use std::path::Path;
use std::time::Duration;

/// Every case must finish within this (debug build, two cores shared with other builds).
const TIME_BOUND: Duration = Duration::from_secs(30);
/// stderr of a failing case stays short even when the value was 100 KB long.
const MAX_STDERR: usize = 2_000;

/// A hostile command line: its arguments, the exit code it must give and what stderr must contain.
struct Case<'a> {
    args: Vec<String>,
    code: i32,
    needles: Vec<&'a str>,
    /// Input files to create first (name, contents).
    files: Vec<(&'a str, Vec<u8>)>,
}

fn case<'a>(args: &[&str], code: i32, needles: &[&'a str]) -> Case<'a> {
    Case {
        args: args.iter().map(|s| s.to_string()).collect(),
        code,
        needles: needles.to_vec(),
        files: vec![],
    }
}

/// A profile case: `p.toml` (or the given name) holding `text`, and `args` run against it.
fn profile<'a>(
    name: &'a str,
    text: &str,
    args: &[&str],
    code: i32,
    needles: &[&'a str],
) -> Case<'a> {
    let mut c = case(args, code, needles);
    c.files.push((name, text.as_bytes().to_vec()));
    c.args.extend(["--profile".to_string(), name.to_string()]);
    c
}

/// Runs every case; collects all failures into one readable report.
fn run_all(cases: Vec<Case>) {
    let mut failures = Vec::new();
    let n = cases.len();
    for c in cases {
        if let Err(why) = run(&c) {
            failures.push(format!("apigw-cost {}\n    {why}", shown(&c.args)));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {n} hostile cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The command line for a failure message, long arguments shortened.
fn shown(args: &[String]) -> String {
    args.iter()
        .map(|a| {
            if a.len() > 60 {
                format!("'{}...'({} bytes)", &a[..40], a.len())
            } else {
                format!("'{a}'")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn run(c: &Case) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in &c.files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let before = listing(dir.path());
    let mut args = c.args.clone();
    let reports = ["quote", "compare", "project", "latency", "breakeven"];
    if reports.contains(&args[0].as_str()) {
        args.extend(["-o".to_string(), "out.txt".to_string()]);
    }
    let started = std::time::Instant::now();
    let out = bin()
        .args(&args)
        .current_dir(dir.path())
        .timeout(TIME_BOUND)
        .output()
        .map_err(|e| format!("did not run: {e}"))?;
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let code = out.status.code();
    let mut why = Vec::new();
    if code.is_none() || took >= TIME_BOUND {
        why.push(format!("killed or timed out after {took:?}"));
    }
    if code == Some(101) || stderr.contains("panicked") {
        why.push("panicked".to_string());
    }
    if code != Some(c.code) {
        why.push(format!("exit code {code:?}, expected {}", c.code));
    }
    for n in &c.needles {
        if !stderr.contains(n) {
            why.push(format!("stderr lacks {n:?}"));
        }
    }
    if c.code != 0 && stderr.len() > MAX_STDERR {
        why.push(format!("stderr is {} bytes long", stderr.len()));
    }
    let after = listing(dir.path());
    if c.code != 0 && after != before {
        why.push(format!("left behind: {after:?} (before: {before:?})"));
    }
    if why.is_empty() {
        Ok(())
    } else {
        let shown_err: String = stderr.chars().take(600).collect();
        Err(format!("{}\n    stderr: {shown_err}", why.join("; ")))
    }
}

const HUGE: &str = "79228162514264337593543950335";
const E25: &str = "10000000000000000000000000";

#[test]
fn overflowing_sizes_and_products_are_errors_naming_the_input() {
    run_all(vec![
        case(
            &[
                "quote",
                "--api",
                "http",
                "--requests",
                "1M",
                "--request-size",
                &format!("{HUGE}MB"),
            ],
            2,
            &["--request-size", "too large"],
        ),
        case(
            &[
                "quote",
                "--api",
                "http",
                "--requests",
                "1M",
                "--response-size",
                &format!("{HUGE}MB"),
            ],
            2,
            &["--response-size", "too large"],
        ),
        case(
            &[
                "quote",
                "--api",
                "websocket",
                "--messages",
                "1M",
                "--message-size",
                &format!("{HUGE}MB"),
            ],
            2,
            &["--message-size", "too large"],
        ),
        case(
            &[
                "quote",
                "--api",
                "http",
                "--requests",
                "1M",
                "--response-size",
                "1025GB",
            ],
            2,
            &["--response-size", "at most 1 TB"],
        ),
        case(
            &[
                "quote",
                "--api",
                "alb",
                "--requests",
                "1M",
                "--rule-evaluations",
                HUGE,
            ],
            1,
            &["rule evaluations", "too large to price"],
        ),
        case(
            &[
                "quote",
                "--api",
                "alb",
                "--requests",
                E25,
                "--rule-evaluations",
                "1000000",
            ],
            1,
            &["ALB rule evaluations", "requests x 1,000,000"],
        ),
        case(
            &[
                "quote",
                "--api",
                "alb",
                "--requests",
                E25,
                "--response-size",
                "1GB",
            ],
            1,
            &["ALB processed bytes"],
        ),
        case(
            &[
                "quote",
                "--api",
                "http",
                "--requests",
                E25,
                "--response-size",
                "1GB",
            ],
            1,
            &["data transfer out", "responses x 1,048,576 KB"],
        ),
        // 10^25 requests of 20 units each are still exact.
        case(
            &[
                "quote",
                "--api",
                "http",
                "--requests",
                E25,
                "--request-size",
                "10MB",
            ],
            0,
            &[],
        ),
        case(
            &[
                "quote",
                "--api",
                "rest",
                "--requests",
                E25,
                "--backend",
                "lambda",
                // Lambda's largest settings (900,000 ms, 10,240 MB; beyond them is a usage error):
                // 10^25 invocations x 900,000 ms overflows a decimal.
                "--duration-ms",
                "900000",
                "--memory-mb",
                "10240",
            ],
            1,
            &["Lambda GB-seconds"],
        ),
        case(
            &[
                "compare",
                "--requests",
                "1",
                "--messages",
                E25,
                "--apis",
                "websocket",
                "--months",
                "12",
                "--growth",
                "1000%",
            ],
            2,
            &["--messages", "overflows"],
        ),
        case(&["quote", "--api", "http", "--rps", HUGE], 2, &["--rps"]),
        case(
            &["quote", "--api", "http", "--rps", "4000000000000000000"],
            2,
            &["--rps", "at most 3,805,175,038,051,750,380 requests/s"],
        ),
        case(
            &[
                "quote",
                "--api",
                "http",
                "--customers",
                "10000000000000",
                "--requests-per-customer",
                "10000000000000",
            ],
            2,
            &["--customers", "10^25"],
        ),
        case(
            &[
                "quote",
                "--api",
                "http",
                "--customers",
                E25,
                "--requests-per-customer",
                E25,
            ],
            2,
            &["--customers", "10^25"],
        ),
        case(
            &[
                "quote",
                "--api",
                "http",
                "--requests",
                "10000000000000000000000001",
            ],
            2,
            &["--requests", "more than 10^25"],
        ),
        case(
            &[
                "quote",
                "--api",
                "websocket",
                "--messages",
                "1M",
                "--connections",
                E25,
                "--connection-duration",
                "120",
            ],
            0,
            &[],
        ),
    ]);
}

#[test]
fn numbers_are_never_rounded_or_wrapped() {
    run_all(vec![
        case(
            &[
                "quote",
                "--api",
                "http",
                "--requests",
                "1.0000000000000000000000000000000001",
            ],
            2,
            &["--requests", "too many digits", "rounded"],
        ),
        case(
            &[
                "quote",
                "--api",
                "http",
                "--requests",
                "0.00000000000000000000000000001M",
            ],
            2,
            &["--requests", "whole number"],
        ),
        case(
            &["quote", "--api", "http", "--requests", "1.5"],
            2,
            &["--requests", "whole number"],
        ),
        case(
            &[
                "quote",
                "--api",
                "rest",
                "--requests",
                "1M",
                "--cache",
                "0.5",
                "--cache-hit",
                "33.33333333333333333333333333333%",
            ],
            2,
            &["--cache-hit", "too many digits"],
        ),
        case(
            &[
                "project",
                "--apis",
                "http",
                "--requests",
                "1M",
                "--free-tier",
                "legacy",
                "--account-age-months",
                "4294967295",
            ],
            2,
            &["--account-age-months", "from 0 to 1200"],
        ),
        case(
            &[
                "project",
                "--apis",
                "http",
                "--requests",
                "1M",
                "--months",
                "4294967295",
            ],
            2,
            &["--months", "from 1 to 1200"],
        ),
        case(
            &["compare", "--requests", "1M", "--months", "4294967295"],
            2,
            &["--months"],
        ),
        case(
            &[
                "latency",
                "--api",
                "http",
                "--authorizer",
                "lambda-cached",
                "--identities",
                "5",
                "--requests",
                "1M",
                "--authorizer-ttl",
                "4294967296",
            ],
            2,
            &["--authorizer-ttl"],
        ),
        case(
            &["latency", "--api", "http", "--samples", "0"],
            2,
            &["--samples"],
        ),
        case(
            &["latency", "--api", "http", "--samples", "100000001"],
            2,
            &["--samples"],
        ),
        case(
            &["latency", "--api", "http", "--seed", "18446744073709551616"],
            2,
            &["--seed"],
        ),
    ]);
}

#[test]
fn junk_numbers_are_usage_errors_quoting_the_value() {
    let mut cases = Vec::new();
    for junk in [
        "1e",
        "",
        " ",
        "1M1",
        "NaN",
        "nan",
        "inf",
        "-inf",
        "-0",
        "1_000__000",
        "_1000",
        "1000_",
        "1,5",
        "1,0000",
        "1.000,5",
        "1..5",
        "١٢٣",
        "１２３",
        "1e999999999",
        "0x10",
        "1 000",
        "+-1",
        "M",
        "1kk",
        "1.5.",
        "½",
        "1\u{200b}0",
    ] {
        // `--requests=VALUE`: clap would read a separate "-inf" as a flag of its own.
        let arg = format!("--requests={junk}");
        cases.push(case(&["quote", "--api", "http", &arg], 2, &["--requests"]));
    }
    for flag in [
        "--request-size",
        "--response-size",
        "--cache",
        "--cache-hit",
        "--duration-ms",
        "--peak-factor",
        "--rps",
    ] {
        // Scientific notation is read where it is a whole power of ten (1e3); a negative power is not.
        let mut args = vec!["quote", "--api", "rest", "--requests", "1M", flag, "1e-3"];
        if flag == "--cache-hit" {
            args.extend(["--cache", "0.5"]);
        }
        cases.push(case(&args, 2, &[flag, "'1e-3'"]));
    }
    run_all(cases);
}

#[test]
fn negative_and_out_of_range_values() {
    let q = |extra: &[&str]| {
        let mut a = vec!["quote", "--api", "rest", "--requests", "1M"];
        a.extend_from_slice(extra);
        a.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let mut cases = Vec::new();
    for (extra, code, needles) in [
        (
            vec!["--request-size", "-5"],
            2,
            vec!["--request-size", "negative"],
        ),
        (
            vec!["--response-size=-1KB"],
            2,
            vec!["--response-size", "negative"],
        ),
        (
            vec!["--request-size", "-0"],
            2,
            vec!["--request-size", "negative"],
        ),
        (vec!["--peak-factor", "0"], 2, vec!["--peak-factor"]),
        (
            vec!["--peak-factor", "0.9999"],
            2,
            vec!["--peak-factor", "from 1"],
        ),
        (
            vec!["--peak-factor", "1000.0000000000000000001"],
            2,
            vec!["--peak-factor", "1,000"],
        ),
        (
            vec!["--peak-factor", "-1"],
            2,
            vec!["--peak-factor", "negative"],
        ),
        (vec!["--peak-factor", "1"], 0, vec![]),
        (vec!["--peak-factor", "1000"], 0, vec![]),
        (
            vec!["--cache", "0.5", "--cache-hit", "101%"],
            2,
            vec!["--cache-hit", "101%"],
        ),
        (
            vec!["--cache", "0.5", "--cache-hit=-1%"],
            2,
            vec!["--cache-hit"],
        ),
        (vec!["--cache", "0.5", "--cache-hit", "100%"], 0, vec![]),
        (vec!["--cache", "0"], 2, vec!["--cache", "above zero"]),
        (
            vec![
                "--backend",
                "lambda",
                "--duration-ms",
                "0",
                "--memory-mb",
                "128",
            ],
            2,
            vec!["--duration-ms"],
        ),
    ] {
        let args = q(&extra);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        cases.push(case(&args, code, &needles));
    }
    run_all(cases);
}

#[test]
fn a_long_argument_is_quoted_shortened() {
    // Linux caps one argument at 128 KB (MAX_ARG_STRLEN), so 100 KB is the largest a flag can carry;
    // a 10 MB value is tested through a profile below.
    let digits = "9".repeat(100_000);
    let junk = "x".repeat(100_000);
    let mut cases = Vec::new();
    for (flag, value) in [
        ("--requests", &digits),
        ("--requests", &junk),
        ("--request-size", &digits),
        ("--rps", &digits),
        ("--peak-factor", &junk),
    ] {
        cases.push(case(
            &["quote", "--api", "http", flag, value],
            2,
            &[flag, "(100000 characters)"],
        ));
    }
    cases.push(case(
        &["latency", "--api", &junk],
        2,
        &["--api", "(100000 characters)", "rest, http"],
    ));
    cases.push(case(
        &["project", "--requests", "1M", "--months", &digits],
        2,
        &["--months", "(100000 characters)"],
    ));
    cases.push(case(
        &["latency", "--api", "http", "--cold-start-rate", &digits],
        2,
        &["--cold-start-rate", "(100000 characters)"],
    ));
    run_all(cases);
}

#[test]
fn compare_and_latency_refuse_a_cached_authorizer_without_a_hit_rate_alike() {
    let stderr = |args: &[&str]| {
        let out = bin().args(args).timeout(TIME_BOUND).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        String::from_utf8(out.stderr).unwrap()
    };
    let latency = stderr(&[
        "latency",
        "--api",
        "rest,http",
        "--authorizer",
        "lambda-cached",
    ]);
    let compare = stderr(&[
        "compare",
        "--requests",
        "1M",
        "--authorizer",
        "lambda-cached",
    ]);
    assert!(latency.contains("--authorizer-hit-rate"), "{latency}");
    assert_eq!(latency, compare);
    // What only one option lacks stays in that option's latency column: the comparison is still made.
    let ok = bin()
        .args(["compare", "--requests", "1M", "--endpoint", "edge"])
        .timeout(TIME_BOUND)
        .assert()
        .success();
    let out = String::from_utf8_lossy(&ok.get_output().stdout).into_owned();
    assert!(out.contains("HTTP latency not estimated"), "{out}");
}

/// A value of the wrong type for `key` (dotted: in a section), as TOML.
fn wrong_type(key: &str, value: &str) -> String {
    match key.split_once('.') {
        Some((section, leaf)) => format!("# hostile\n\n[{section}]\n{leaf} = {value}\n"),
        None => format!("# hostile\n\n{key} = {value}\n"),
    }
}

#[test]
fn every_profile_key_with_a_wrong_type_is_named_with_its_line() {
    let keys = [
        "name",
        "description",
        "source",
        "region",
        "api",
        "apis",
        "requests",
        "rps",
        "customers",
        "requests_per_customer",
        "request_size",
        "response_size",
        "growth",
        "months",
        "free_tier",
        "account_age_months",
        "peak_factor",
        "needs",
        "cache",
        "latency",
        "websocket",
        "backend",
        "cache.size_gb",
        "cache.hit_rate",
        "websocket.messages",
        "websocket.message_size",
        "websocket.connection_minutes",
        "websocket.connections",
        "websocket.connection_duration_minutes",
        "backend.kind",
        "backend.duration_ms",
        "backend.memory_mb",
        "backend.arch",
        "latency.authorizer",
        "latency.authorizer_hit_rate",
        "latency.authorizer_ttl",
        "latency.identities",
        "latency.endpoint",
        "latency.runtime",
        "latency.handler_ms",
        "latency.cold_start_rate",
        "latency.concurrency",
        "latency.client_rtt_ms",
        "latency.new_connections",
    ];
    let mut cases = Vec::new();
    let texts: Vec<(String, String)> = keys
        .iter()
        .map(|k| {
            // A table fits no leaf; a date fits no key at all (sections included).
            let value = if k.contains('.') {
                "{ a = 1 }"
            } else {
                "1979-05-27"
            };
            let line = if k.contains('.') { "line 4" } else { "line 3" };
            (wrong_type(k, value), format!("`{k}` ({line})"))
        })
        .collect();
    for (text, needle) in &texts {
        cases.push(profile(
            "p.toml",
            text,
            &["quote", "--api", "http"],
            1,
            &["p.toml", needle, "expected"],
        ));
    }
    run_all(cases);
}

#[test]
fn profile_values_are_blamed_on_their_keys_not_on_flags() {
    let cache = "api = \"rest\"\nrequests = \"10M\"\n\n[cache]\nsize_gb = 0.7\n";
    run_all(vec![
        profile("p.toml", cache, &["quote"], 1, &["p.toml", "`cache.size_gb` (line 5)", "'0.7'", "cache sizes AWS sells"]),
        profile("p.toml", cache, &["compare"], 1, &["`cache.size_gb` (line 5)"]),
        profile("p.toml", "api = \"http\"\nrequests = \"10M\"\nrequest_size = \"20MB\"\n", &["quote"], 1, &["`request_size` (line 3)", "payload limit"]),
        profile("p.toml", "api = \"http\"\nrequests = \"10M\"\n[backend]\nduration_ms = 40000\nmemory_mb = 128\n", &["quote"], 1, &["`backend.duration_ms` (line 4)", "integration timeout"]),
        profile("p.toml", "api = \"http\"\nrequests = \"10M\"\n[backend]\nmemory_mb = 128\n", &["quote"], 1, &["`backend.duration_ms` (not set in [backend], line 3)"]),
        profile("p.toml", "api = \"http\"\nrequests = \"10M\"\n[cache]\nhit_rate = 0.5\n", &["quote"], 1, &["`cache.hit_rate` (line 4)", "cache.size_gb"]),
        profile("p.toml", "api = \"websocket\"\n[websocket]\nmessages = \"1M\"\nconnections = 5\nconnection_duration_minutes = 500\n", &["quote"], 1, &["`websocket.connection_duration_minutes` (line 5)", "2 h"]),
        profile("p.toml", "apis = [\"http\"]\nrequests = \"10M\"\n[latency]\nauthorizer = \"lambda-cached\"\n", &["compare"], 1, &["`latency.authorizer` (line 4)", "a cache-hit share"]),
        profile("p.toml", "apis = [\"rest\"]\nrequests = \"10M\"\n[latency]\nauthorizer = \"lambda-cached\"\nidentities = 5\nauthorizer_ttl = 5000\n", &["compare"], 1, &["`latency.authorizer_ttl` (line 6)", "3,600"]),
        profile("p.toml", "apis = [\"http\"]\nrequests = \"10M\"\ngrowth = \"-200%\"\n", &["compare", "--months", "3"], 1, &["`growth` (line 3)"]),
        profile("p.toml", "api = \"http\"\nrps = \"4000000000000000000\"\n", &["quote"], 1, &["`rps` (line 2)", "at most"]),
        profile("p.toml", "api = \"http\"\ncustomers = \"10T\"\nrequests_per_customer = \"10T\"\n", &["quote"], 1, &["`customers` (line 2)", "10^25"]),
        profile("p.toml", "api = \"http\"\ncustomers = 5\n", &["quote"], 1, &["`customers` (line 2)", "requests_per_customer is missing"]),
        // Flags override the file, and an error about a flag names the flag.
        profile("p.toml", cache, &["quote", "--cache", "0.8"], 2, &["--cache", "'0.8'"]),
    ]);
}

#[test]
fn profile_files_that_are_not_profiles() {
    let q = &["quote", "--api", "http"][..];
    let big = format!("description = \"{}\"\n", "x".repeat(10 << 20));
    let long_number = format!("requests = \"{}\"\n", "9".repeat(500_000));
    let deep_toml = format!(
        "requests = {}1{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let deep_json = format!(
        "{{\"requests\": {}1{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let deep_inline = format!(
        "requests = {}1{}\n",
        "{ a = ".repeat(50_000),
        " }".repeat(50_000)
    );
    let mut binary = vec![0u8, 159, 146, 150, 255, 254];
    binary.extend((0..4096u32).map(|i| (i * 7919 % 256) as u8));
    let mut cases = vec![
        profile("p.toml", &big, q, 1, &["p.toml", "too large", "profile"]),
        profile("p.toml", &long_number, q, 1, &["`requests` (line 1)", "(500000 characters)", "at most 64"]),
        profile("p.toml", &deep_toml, q, 1, &["p.toml", "line 1"]),
        profile("p.json", &deep_json, q, 1, &["`requests` (line 1)", "(an array)"]),
        profile("p.toml", &deep_inline, q, 1, &["p.toml", "line 1"]),
        profile("p.toml", "", q, 2, &["a monthly volume is needed", "--requests N"]),
        profile("p.json", "", q, 1, &["p.json", "line 1"]),
        profile("p.json", "[1, 2]", q, 1, &["p.json", "a JSON object"]),
        profile("p.json", "{\"requests\": 1,\n\"rps\": {\"a\": 1}}", q, 1, &["`rps` (line 2)", "(a table)"]),
        profile("p.toml", "requests = 1\nrequests = 2\n", q, 1, &["line 2", "duplicate key `requests`"]),
        profile("p.toml", "[cache]\nsize_gb = 0.5\n[cache]\nhit_rate = 1\n", q, 1, &["line 3", "duplicate key `cache`"]),
        profile("p.json", "{\"requests\": 1,\n \"requests\": 2}", q, 1, &["line 2", "duplicate key `requests`"]),
        profile("p.toml", "description = \"\"\"\nrequests = 5\n\"\"\"\ncache.size_gb = \"lots\"\n", &["quote", "--api", "rest", "--requests", "1M"], 1, &["`cache.size_gb` (line 4)", "'lots'"]),
        profile("p.toml", "requests = \"1M\"\nrps = 5\n", q, 1, &["`requests` (line 1)", "`rps` (line 2)"]),
        profile("p.toml", "customers = 5\nrequests_per_customer = 5\nrequests = 5\n", q, 1, &["`requests` (line 3)", "`customers` (line 1)"]),
        profile("p.toml", "[websocket]\nmessages = 5\nconnection_minutes = 5\nconnections = 5\nconnection_duration_minutes = 3\n", q, 1, &["`websocket.connection_minutes` (line 3)", "`websocket.connections` (line 4)"]),
        profile("p.toml", "requests = 1.0000000000000000000000000000000001\n", q, 1, &["`requests` (line 1)", "too many digits"]),
        profile("p.toml", "requests = 1e999999999\n", q, 1, &["`requests` (line 1)", "exponent"]),
        profile("p.toml", "requests = nan\n", q, 1, &["`requests` (line 1)", "'nan'"]),
        profile("p.toml", "requests = -inf\n", q, 1, &["`requests` (line 1)"]),
        profile("p.toml", "requests = -5\n", q, 1, &["`requests` (line 1)", "negative"]),
        profile("p.json", "{\"requests\": -0}", q, 1, &["`requests` (line 1)", "negative"]),
        profile("p.json", "{\"requests\": 1.0000000000000000000000000000000001}", q, 1, &["`requests` (line 1)", "too many digits"]),
        profile("p.json", "{\"requests\": 18446744073709551616000000000}", q, 1, &["`requests` (line 1)", "10^25"]),
        profile("p.toml", "requests = \"1M\"\nmonths = 4294967295\n", &["project", "--apis", "http"], 1, &["`months` (line 2)", "1200"]),
        profile("p.toml", "requests = \"1M\"\nfree_tier = \"legacy\"\naccount_age_months = 4294967295\n", &["project", "--apis", "http"], 1, &["`account_age_months` (line 3)"]),
        profile("p.toml", "requests = \"1M\"\nmonths = 99999999999999999999\n", &["project", "--apis", "http"], 1, &["p.toml", "line 2"]),
        profile("p.toml", "requets_per_customer = 5\n", q, 1, &["`requets_per_customer` (line 1)", "did you mean `requests_per_customer`"]),
        profile("p.toml", "[cache]\nsize = 0.5\n", q, 1, &["`cache.size` (line 2)", "size_gb"]),
        profile("p.toml", &format!("{} = 1\n", "k".repeat(100_000)), q, 1, &["unknown key", "(100000 characters)"]),
    ];
    let mut bin_case = case(q, 1, &["p.toml", "UTF-8"]);
    bin_case.files.push(("p.toml", binary));
    bin_case.args.extend(["--profile".into(), "p.toml".into()]);
    cases.push(bin_case);
    run_all(cases);
}

#[test]
fn valid_edges_still_price() {
    let total = |args: &[&str]| quote_total(args);
    // The largest volume priced, exactly: 300M at $1.00/M, the rest at $0.90/M.
    assert_eq!(
        total(&["--api", "http", "--requests", E25]),
        d("9000000000000000030.00")
    );
    assert_eq!(
        total(&["--api", "http", "--requests", "0.000001T"]),
        d("1.00")
    );
    assert_eq!(
        total(&["--api", "http", "--requests", "1,000,000.000"]),
        d("1.00")
    );
    assert_eq!(
        total(&["--api", "http", "--requests", "+1_000_000"]),
        d("1.00")
    );
    assert_eq!(
        total(&[
            "--api",
            "http",
            "--requests",
            "1M",
            "--request-size",
            "2048B"
        ]),
        d("1.00")
    );
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.toml");
    std::fs::write(&p, "api = \"http\"\nrequests = 1.5e6\n[cache]\n").unwrap();
    let p = p.to_str().unwrap();
    // An empty [cache] table on an HTTP API: no size given, so no cache.
    assert_eq!(total(&["--profile", p]), d("1.50"));
}

/// A value the profile gave is blamed on its key and line in every command that prices it, never on a
/// flag the user did not type.
#[test]
fn every_command_names_the_profile_key_not_a_flag() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("c.toml");
    std::fs::write(&cache, "requests = \"1M\"\n[cache]\nsize_gb = 0.7\n").unwrap();
    let ttl = dir.path().join("l.toml");
    std::fs::write(
        &ttl,
        "requests = \"1M\"\n[latency]\nauthorizer_ttl = 5000\n",
    )
    .unwrap();
    let growth = dir.path().join("g.toml");
    std::fs::write(
        &growth,
        "requests = \"1M\"\ngrowth = \"1000%\"\nmonths = 1200\n",
    )
    .unwrap();
    let g = growth.to_str().unwrap();
    let svg = dir.path().join("x.svg");
    let (c, l, x) = (
        cache.to_str().unwrap(),
        ttl.to_str().unwrap(),
        svg.to_str().unwrap(),
    );
    let mut cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (
            vec!["quote", "--api", "rest", "--profile", c],
            "cache.size_gb",
            "line 3",
        ),
        (vec!["compare", "--profile", c], "cache.size_gb", "line 3"),
        (vec!["project", "--profile", c], "cache.size_gb", "line 3"),
        (
            vec!["chart", "cost-vs-requests", "-o", x, "--profile", c],
            "cache.size_gb",
            "line 3",
        ),
        (
            vec![
                "breakeven",
                "--vary",
                "cache-hit",
                "--between",
                "rest,rest+cache",
                "--profile",
                c,
            ],
            "cache.size_gb",
            "line 3",
        ),
        (
            vec![
                "latency",
                "--api",
                "rest",
                "--authorizer",
                "lambda-cached",
                "--identities",
                "100",
                "--profile",
                l,
            ],
            "latency.authorizer_ttl",
            "line 3",
        ),
    ];
    for args in [
        vec!["project", "--profile", g],
        vec!["compare", "--months", "1200", "--profile", g],
        vec!["chart", "projection", "-o", x, "--profile", g],
    ] {
        cases.push((args, "growth", "line 2"));
    }
    for (args, key, line) in cases {
        let out = bin().args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(key) && err.contains(line), "{args:?}: {err}");
        assert!(!err.contains("for --"), "{args:?} blames a flag: {err}");
    }
    assert!(!svg.exists(), "a failed chart leaves no file");
}
