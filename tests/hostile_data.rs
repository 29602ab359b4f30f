//! Hostile data files (issue 17): price catalogs, latency data, AWS metered unit maps and profiles that
//! are empty, binary, truncated, deeply nested, huge, of the wrong type or shape, or valid JSON holding
//! values the model cannot price. Each must end in an error that names the file and the region, kind,
//! tier or key at fault, with exit code 1 (2 for a bad flag), never a panic (exit 101), a hang or a
//! destroyed output file. Hostile files are built by changing one thing in the embedded data.
mod common;
use common::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The time any case may take (a debug build, two shared cores): a hang or a bomb fails the case.
const LIMIT: Duration = Duration::from_secs(60);

fn prices() -> Value {
    serde_json::from_str(&std::fs::read_to_string("data/prices.json").unwrap()).unwrap()
}

fn latency() -> Value {
    serde_json::from_str(&std::fs::read_to_string("data/latency.json").unwrap()).unwrap()
}

const MAP: &str = "tests/fixtures/aws-meteredUnitMaps-apigateway-USD-published-2025-10-20.json";

fn price_map() -> Value {
    serde_json::from_str(&std::fs::read_to_string(MAP).unwrap()).unwrap()
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// What a run printed and how it ended.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run_with(args: &[&str], stdin: Option<Vec<u8>>) -> Run {
    let mut cmd = bin();
    cmd.args(args).timeout(LIMIT);
    if let Some(input) = stdin {
        cmd.write_stdin(input);
    }
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn run(args: &[&str]) -> Run {
    run_with(args, None)
}

/// The run ended with `code` (not killed by the time limit, not a panic) and stderr holds every needle.
fn expect(case: &str, r: &Run, code: i32, needles: &[&str]) {
    assert!(
        r.code.is_some(),
        "{case}: did not finish within {LIMIT:?} (killed)"
    );
    assert_ne!(r.code, Some(101), "{case}: panicked:\n{}", r.stderr);
    assert!(
        !r.stderr.contains("panicked"),
        "{case}: panicked:\n{}",
        r.stderr
    );
    assert_eq!(
        r.code,
        Some(code),
        "{case}: exit code\nstdout: {}\nstderr: {}",
        r.stdout,
        r.stderr
    );
    for n in needles {
        assert!(
            r.stderr.contains(n),
            "{case}: stderr lacks {n:?}:\n{}",
            r.stderr
        );
    }
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

// ---------------------------------------------------------------------------------------------------
// Price catalogs that parse but hold values the model cannot price.

/// (case, change to the embedded catalog, what stderr must name).
type CatalogCase = (&'static str, fn(&mut Value), &'static [&'static str]);

fn lcu(c: &mut Value) -> &mut Value {
    &mut c["alternatives"]["us-east-1"]["application_load_balancer"]["lcu_dimensions"]
}

fn rest_tiers(c: &mut Value) -> &mut Value {
    &mut c["regions"]["us-east-1"]["rest"]["tiers"]
}

const CATALOG_VALUES: &[CatalogCase] = &[
    (
        "ALB LCU dimension 1e-28",
        |c| lcu(c)["new_connections_per_second"] = json!("0.0000000000000000000000000001"),
        &[
            "us-east-1 / alb lcu_dimensions",
            "new_connections_per_second",
            "0.001",
        ],
    ),
    (
        "ALB LCU dimension 7.9e28",
        |c| lcu(c)["active_connections_per_minute"] = json!("79000000000000000000000000000"),
        &[
            "us-east-1 / alb lcu_dimensions",
            "active_connections_per_minute",
            "79000000000000000000000000000",
        ],
    ),
    (
        "ALB LCU dimension zero",
        |c| lcu(c)["processed_gb_per_hour_lambda_targets"] = json!("0"),
        &[
            "us-east-1 / alb lcu_dimensions",
            "processed_gb_per_hour_lambda_targets",
        ],
    ),
    (
        "ALB LCU dimension negative",
        |c| lcu(c)["rule_evaluations_per_second"] = json!("-1000"),
        &[
            "us-east-1 / alb lcu_dimensions",
            "rule_evaluations_per_second",
            "-1000",
        ],
    ),
    (
        "price 7.9e25 per 1M requests",
        |c| rest_tiers(c)[0]["usd_per_million"] = json!("79000000000000000000000000"),
        &[
            "us-east-1 / rest tier 1",
            "price 79000000000000000000000000",
            "largest supported price",
        ],
    ),
    (
        "price \"1e999\"",
        |c| rest_tiers(c)[0]["usd_per_million"] = json!("1e999"),
        &["us-east-1 / region", "1e999"],
    ),
    (
        "price \"NaN\"",
        |c| rest_tiers(c)[1]["usd_per_million"] = json!("NaN"),
        &["us-east-1 / region", "NaN"],
    ),
    (
        "price \"-inf\"",
        |c| rest_tiers(c)[1]["usd_per_million"] = json!("-inf"),
        &["us-east-1 / region", "-inf"],
    ),
    (
        "negative price",
        |c| rest_tiers(c)[2]["usd_per_million"] = json!("-0.01"),
        &["us-east-1 / rest tier 3", "negative"],
    ),
    (
        "price as a JSON number 1e300",
        |c| rest_tiers(c)[0]["usd_per_million"] = json!(1e300),
        &["us-east-1 / region"],
    ),
    (
        "huge cache price",
        |c| {
            c["regions"]["eu-west-1"]["rest_cache"]["by_size_gb"]["0.5"]["usd_per_hour"] =
                json!("5000")
        },
        &["eu-west-1 / rest cache 0.5 GB", "5000"],
    ),
    (
        "huge Lambda GB-second price",
        |c| {
            c["alternatives"]["us-east-1"]["lambda"]["duration_x86_usd_per_gb_second"][0]["usd"] =
                json!("1000000")
        },
        &["us-east-1 / lambda duration x86 tier 1", "1000000"],
    ),
    (
        "zero-length tier list",
        |c| *rest_tiers(c) = json!([]),
        &["us-east-1 / rest", "has no tiers"],
    ),
    (
        "tier bound of 0",
        |c| rest_tiers(c)[0]["up_to"] = json!("0"),
        &["us-east-1 / rest tier 1", "up_to 0"],
    ),
    (
        "negative tier bound",
        |c| rest_tiers(c)[0]["up_to"] = json!("-5"),
        &["us-east-1 / rest tier 1", "up_to -5"],
    ),
    (
        "unsorted tiers",
        |c| rest_tiers(c)[1]["up_to"] = json!("1000"),
        &["us-east-1 / rest tier 2", "must ascend"],
    ),
    (
        "tier bound 7e28",
        |c| {
            rest_tiers(c)[2]["up_to"] = json!("70000000000000000000000000000");
        },
        &["us-east-1 / rest tier 3", "10^15"],
    ),
    (
        "tier bound 10^25 with a price of 22 decimals (overflowed batch's integer tiers)",
        |c| {
            c["regions"]["us-east-1"]["http"]["tiers"] = json!([
                {"up_to": "10000000000000000000000000", "usd_per_million": "0.9"},
                {"up_to": null, "usd_per_million": "0.3333333333333333333333"}
            ]);
        },
        &[
            "us-east-1 / http tier 1",
            "up_to 10000000000000000000000000",
        ],
    ),
    (
        "price with 22 decimal places",
        |c| rest_tiers(c)[3]["usd_per_million"] = json!("0.3333333333333333333333"),
        &["us-east-1 / rest tier 4", "decimal places"],
    ),
    (
        "65 tiers",
        |c| {
            let mut tiers: Vec<Value> = (1..=64)
                .map(|i| json!({"up_to": (i * 1000).to_string(), "usd_per_million": "1"}))
                .collect();
            tiers.push(json!({"up_to": null, "usd_per_million": "1"}));
            c["regions"]["us-east-1"]["http"]["tiers"] = Value::Array(tiers);
        },
        &["us-east-1 / http", "65 tiers", "at most 64"],
    ),
    (
        "negative legacy free allowance",
        |c| c["free_tier"]["legacy_12_month"]["per_month"]["rest_api_calls"] = json!("-1000000000"),
        &["free_tier.legacy_12_month", "rest_api_calls", "-1000000000"],
    ),
    (
        "legacy free allowance above 10^25",
        |c| {
            c["free_tier"]["legacy_12_month"]["per_month"]["websocket_messages"] =
                json!("79000000000000000000000000000")
        },
        &["free_tier.legacy_12_month", "websocket_messages"],
    ),
    (
        "negative Lambda always-free requests",
        |c| {
            c["alternatives"]["us-east-1"]["lambda"]["always_free_per_month"]["requests"] =
                json!("-1")
        },
        &["us-east-1 / lambda", "always_free_per_month.requests"],
    ),
    (
        "HTTP metering increment of 1e-7 KB",
        |c| c["metering"]["http"]["size_increment_kb"] = json!("0.0000001"),
        &["(catalog) / http", "size_increment_kb", "0.0000001"],
    ),
    (
        "WebSocket message limit of 10^20 KB",
        |c| {
            c["metering"]["websocket"]["messages"]["max_message_kb"] =
                json!("100000000000000000000")
        },
        &["(catalog) / websocket", "max_message_kb"],
    ),
    (
        "negative cache size",
        |c| {
            c["metering"]["rest_cache"]["sizes_gb"] = json!(["-1", "0.5"]);
        },
        &["metering.rest_cache.sizes_gb", "'-1'"],
    ),
    (
        "currency EUR",
        |c| c["currency"] = json!("EUR"),
        &["(catalog) / currency", "'EUR'", "USD"],
    ),
    (
        "empty region code",
        |c| {
            let r = c["regions"]["us-east-1"].clone();
            c["regions"][""] = r;
        },
        &["regions", "1 to 64 characters"],
    ),
    (
        "1,001 regions",
        |c| {
            for i in 0..1001 {
                c["regions"][format!("xx-test-{i}")] = json!({"location": "Test"});
            }
        },
        &["(catalog) / regions", "at most 1000"],
    ),
    (
        "regions of the wrong type",
        |c| c["regions"] = json!(["us-east-1"]),
        &["not a price catalog", "regions: invalid type: sequence"],
    ),
    (
        "schema_version as a string",
        |c| c["schema_version"] = json!("1"),
        &["not a price catalog", "schema_version: invalid type"],
    ),
    (
        "tiers of the wrong type",
        |c| *rest_tiers(c) = json!({"up_to": null}),
        &["us-east-1 / region", "does not match the schema"],
    ),
    (
        "a required field renamed (typo)",
        |c| {
            let t = rest_tiers(c)[0].as_object_mut().unwrap();
            let p = t.remove("usd_per_million").unwrap();
            t.insert("usd_per_milion".into(), p);
        },
        &["us-east-1 / region", "usd_per_million"],
    ),
];

#[test]
fn catalogs_with_values_the_model_cannot_price_are_rejected_naming_region_kind_and_tier() {
    let dir = tempfile::tempdir().unwrap();
    for (i, (case, change, needles)) in CATALOG_VALUES.iter().enumerate() {
        let mut c = prices();
        change(&mut c);
        let f = write(dir.path(), &format!("catalog-{i}.json"), c.to_string());
        let r = run(&["prices", "validate", s(&f)]);
        expect(case, &r, 1, needles);
        assert!(
            r.stderr.contains(s(&f)),
            "{case}: names the file:\n{}",
            r.stderr
        );
        assert!(r.stdout.is_empty(), "{case}: no 'valid' line: {}", r.stdout);
    }
}

#[test]
fn quoting_with_a_bad_catalog_is_an_error_not_a_panic_or_a_wrong_bill() {
    let dir = tempfile::tempdir().unwrap();
    // (case, change, quote arguments, what stderr must name)
    type QuoteCase = (
        &'static str,
        fn(&mut Value),
        &'static [&'static str],
        &'static [&'static str],
    );
    let cases: [QuoteCase; 4] = [
        (
            "ALB with LCU dimension 1e-28",
            |c| lcu(c)["new_connections_per_second"] = json!("0.0000000000000000000000000001"),
            &["--api", "alb", "--requests", "1M"],
            &["alb lcu_dimensions"],
        ),
        (
            "ALB with LCU dimension 7.9e28",
            |c| lcu(c)["new_connections_per_second"] = json!("79000000000000000000000000000"),
            &["--api", "alb", "--requests", "1M"],
            &["alb lcu_dimensions"],
        ),
        (
            "huge price blamed on the price, not the volume",
            |c| rest_tiers(c)[0]["usd_per_million"] = json!("79000000000000000000000000"),
            &["--api", "rest", "--requests", "1M"],
            &[
                "us-east-1 / rest tier 1",
                "price 79000000000000000000000000",
            ],
        ),
        (
            "negative free allowance never bills extra requests",
            |c| {
                c["free_tier"]["legacy_12_month"]["per_month"]["rest_api_calls"] =
                    json!("-1000000000")
            },
            &["--api", "rest", "--requests", "1M", "--free-tier", "legacy"],
            &["rest_api_calls"],
        ),
    ];
    for (i, (case, change, args, needles)) in cases.into_iter().enumerate() {
        let mut c = prices();
        change(&mut c);
        let f = write(dir.path(), &format!("q-{i}.json"), c.to_string());
        let mut a = vec!["quote", "--prices", s(&f)];
        a.extend_from_slice(args);
        let r = run(&a);
        expect(case, &r, 1, needles);
        assert!(
            r.stderr.contains(s(&f)),
            "{case}: names the file:\n{}",
            r.stderr
        );
        assert!(
            !r.stderr.contains("largest supported volume"),
            "{case}: blames the volume:\n{}",
            r.stderr
        );
    }
}

#[test]
fn batch_rating_with_a_catalog_its_integer_tiers_cannot_hold_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    // A bound of 10^25 times a unit price of 28 decimal places overflowed batch's u128 tiers (a panic).
    let mut c = prices();
    c["regions"]["us-east-1"]["http"]["tiers"] = json!([
        {"up_to": "10000000000000000000000000", "usd_per_million": "0.3333333333333333333333"},
        {"up_to": null, "usd_per_million": "0.9"}
    ]);
    let f = write(dir.path(), "c.json", c.to_string());
    let rows = write(
        dir.path(),
        "rows.csv",
        "id,api,region,requests\n1,http,us-east-1,1000\n",
    );
    for accounts in ["separate", "shared"] {
        let r = run(&["batch", s(&rows), "--prices", s(&f), "--accounts", accounts]);
        expect(accounts, &r, 1, &[s(&f), "us-east-1 / http tier 1"]);
    }
}

#[test]
fn a_key_written_twice_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let c = prices();
    let text = c.to_string();
    // serde_json writes keys sorted: a second "us-east-1" first in `regions` (with other prices) would
    // silently lose to the original.
    let mut first = c["regions"]["us-east-1"].clone();
    first["rest"]["tiers"][0]["usd_per_million"] = json!("0.01");
    let dup_region = text.replacen(
        "\"regions\":{",
        &format!("\"regions\":{{\"us-east-1\":{first},"),
        1,
    );
    let dup_alt = text.replacen(
        "\"alternatives\":{",
        &format!(
            "\"alternatives\":{{\"us-east-1\":{},",
            c["alternatives"]["us-east-1"]
        ),
        1,
    );
    let dup_tier_key = text.replacen(
        "\"usd_per_million\":\"3.50\"",
        "\"usd_per_million\":\"3.50\",\"usd_per_million\":\"0.01\"",
        1,
    );
    let dup_field = text.replacen("{", "{\"currency\":\"USD\",", 1);
    let dup_top = text.replacen("{", "{\"conventions\":1,", 1);
    for (case, text, needles) in [
        (
            "duplicate region",
            dup_region,
            &["us-east-1 / regions", "duplicate key 'us-east-1'"][..],
        ),
        (
            "duplicate alternatives region",
            dup_alt,
            &["us-east-1 / alternatives", "duplicate key 'us-east-1'"],
        ),
        (
            "duplicate key in a tier",
            dup_tier_key,
            &["/ rest.tiers[0]: duplicate key 'usd_per_million'"],
        ),
        (
            "duplicate field",
            dup_field,
            &["duplicate field `currency`"],
        ),
        (
            "duplicate top-level key",
            dup_top,
            &["(catalog) / (top level)", "duplicate key 'conventions'"],
        ),
    ] {
        assert_ne!(text, c.to_string(), "{case}: the text changed");
        let f = write(dir.path(), "dup.json", &text);
        let r = run(&["prices", "validate", s(&f)]);
        expect(case, &r, 1, needles);
        assert!(r.stderr.contains(s(&f)), "{case}:\n{}", r.stderr);
    }
}

#[test]
fn catalog_files_that_are_not_catalogs_are_rejected_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let real = std::fs::read("data/prices.json").unwrap();
    let mut binary: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    binary[0] = 0xff;
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let mut c = prices();
    c["conventions"] =
        serde_json::from_str::<Value>(&format!("{}1{}", "[".repeat(100), "]".repeat(100))).unwrap();
    let deep_inside = c.to_string().replacen(
        "\"conventions\":",
        &format!("\"x\":{deep},\"conventions\":"),
        1,
    );
    let cases: [(&str, Vec<u8>, &[&str]); 7] = [
        ("empty", vec![], &["not a price catalog", "EOF"]),
        (
            "whitespace only",
            b"   \n\t ".to_vec(),
            &["not a price catalog"],
        ),
        ("binary", binary, &["not UTF-8"]),
        (
            "truncated",
            real[..real.len() / 2].to_vec(),
            &["not a price catalog"],
        ),
        (
            "10,000 levels of nesting",
            deep.into_bytes(),
            &["not a price catalog"],
        ),
        (
            "10,000 levels inside an unknown field",
            deep_inside.into_bytes(),
            &["not a price catalog", "recursion limit"],
        ),
        (
            "a JSON string",
            b"\"prices\"".to_vec(),
            &["not a price catalog"],
        ),
    ];
    for (i, (case, bytes, needles)) in cases.into_iter().enumerate() {
        let f = write(dir.path(), &format!("bad-{i}.json"), bytes);
        let r = run(&["prices", "validate", s(&f)]);
        expect(case, &r, 1, needles);
        assert!(
            r.stderr.contains(s(&f)),
            "{case}: names the file:\n{}",
            r.stderr
        );
    }
}

#[test]
fn unknown_fields_are_ignored_and_the_catalog_stays_valid() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = prices();
    c["x-extra"] = json!({"anything": [1, 2, 3]});
    c["regions"]["us-east-1"]["rest"]["tiers"][0]["note"] = json!("kept out of the model");
    let f = write(dir.path(), "extra.json", c.to_string());
    let r = run(&["prices", "validate", s(&f)]);
    expect("unknown fields", &r, 0, &[]);
    assert!(r.stdout.contains("valid: 36 regions"), "{}", r.stdout);
}

#[test]
fn a_20_mb_catalog_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    // Valid JSON all the way: 20 MB of padding in an unknown field.
    let mut c = prices();
    c["padding"] = json!("x".repeat(20 * 1024 * 1024));
    let text = c.to_string();
    let f = write(dir.path(), "huge.json", &text);
    for (case, args) in [
        ("prices validate", vec!["prices", "validate", s(&f)]),
        (
            "quote --prices",
            vec![
                "quote",
                "--prices",
                s(&f),
                "--api",
                "http",
                "--requests",
                "1M",
            ],
        ),
        (
            "prices import --prices",
            vec!["prices", "import", MAP, "--prices", s(&f)],
        ),
    ] {
        let r = run(&args);
        expect(case, &r, 1, &[s(&f), "too large", "4194304 bytes"]);
    }
    // The same on stdin: read at most one byte more than the bound.
    let r = run_with(&["prices", "validate", "-"], Some(text.into_bytes()));
    expect(
        "catalog on stdin",
        &r,
        1,
        &["-: too large", "more than 4194304 bytes"],
    );
    // An endless device is cut off, not read to the end.
    if Path::new("/dev/zero").exists() {
        let r = run(&["prices", "validate", "/dev/zero"]);
        expect("/dev/zero", &r, 1, &["/dev/zero: too large"]);
    }
}

// ---------------------------------------------------------------------------------------------------
// Latency data.

type LatencyCase = (&'static str, fn(&mut Value), &'static [&'static str]);

fn http(l: &mut Value) -> &mut Value {
    &mut l["components"]["gateway.http"]
}

const LATENCY_VALUES: &[LatencyCase] = &[
    (
        "p50 1e-300, p99 1e300",
        |l| {
            http(l)["p50_ms"] = json!(1e-300);
            http(l)["p90_ms"] = json!(1.0);
            http(l)["p99_ms"] = json!(1e300);
        },
        &["components.gateway.http", "p50 1e-300 ms", "0.001"],
    ),
    (
        "p50, p90, p99 of 1e200..1e305 (was `inf ms`, `NaN%`)",
        |l| {
            http(l)["p50_ms"] = json!(1e200);
            http(l)["p90_ms"] = json!(1e300);
            http(l)["p99_ms"] = json!(1e305);
        },
        &["components.gateway.http", "p50 1e200 ms", "one hour"],
    ),
    (
        "negative p50",
        |l| http(l)["p50_ms"] = json!(-4),
        &["components.gateway.http", "p50 -4 ms"],
    ),
    (
        "zero p50",
        |l| http(l)["p50_ms"] = json!(0),
        &["components.gateway.http", "p50 0 ms"],
    ),
    (
        "p50 as the string \"NaN\"",
        |l| http(l)["p50_ms"] = json!("NaN"),
        &["not a latency data file", "invalid type"],
    ),
    (
        "p99 below p50",
        |l| http(l)["p99_ms"] = json!(3),
        &["components.gateway.http", "must not fall"],
    ),
    (
        "p99 more than 1,000 x p50",
        |l| {
            http(l)["p50_ms"] = json!(0.001);
            http(l)["p90_ms"] = json!(0.002);
            http(l)["p99_ms"] = json!(10);
        },
        &["components.gateway.http", "spread"],
    ),
    (
        "p99 above one hour",
        |l| http(l)["p99_ms"] = json!(3_600_001),
        &["components.gateway.http", "p99 3600001 ms"],
    ),
    (
        "a required component missing",
        |l| {
            l["components"]
                .as_object_mut()
                .unwrap()
                .remove("gateway.rest");
        },
        &["components.gateway.rest", "missing"],
    ),
    (
        "a runtime's Init Duration falling",
        |l| l["cold_start_init"]["runtimes"]["arm64"]["nodejs22.x"]["p99_ms"] = json!(1),
        &["cold_start_init.runtimes.arm64.nodejs22.x", "must not fall"],
    ),
    (
        "no runtimes at all (was blamed on --arch)",
        |l| l["cold_start_init"]["runtimes"] = json!({}),
        &["cold_start_init.runtimes.x86_64", "missing or empty"],
    ),
    (
        "no arm64 runtimes",
        |l| {
            l["cold_start_init"]["runtimes"]
                .as_object_mut()
                .unwrap()
                .remove("arm64");
        },
        &["cold_start_init.runtimes.arm64", "missing or empty"],
    ),
    (
        "idle lifetime zero",
        |l| l["cold_start_rate"]["idle_lifetime_minutes"] = json!(0),
        &["cold_start_rate.idle_lifetime_minutes"],
    ),
    (
        "idle lifetime 1e300 minutes",
        |l| l["cold_start_rate"]["idle_lifetime_minutes"] = json!(1e300),
        &["cold_start_rate.idle_lifetime_minutes", "1e300"],
    ),
    (
        "components of the wrong type",
        |l| l["components"] = json!([1, 2, 3]),
        &["not a latency data file"],
    ),
    (
        "1,001 components",
        |l| {
            let f = l["components"]["gateway.http"].clone();
            for i in 0..1001 {
                l["components"][format!("extra.{i}")] = f.clone();
            }
        },
        &["components", "at most 1000"],
    ),
];

#[test]
fn latency_data_the_model_cannot_simulate_is_rejected_naming_file_and_key() {
    let dir = tempfile::tempdir().unwrap();
    for (i, (case, change, needles)) in LATENCY_VALUES.iter().enumerate() {
        let mut l = latency();
        change(&mut l);
        let f = write(dir.path(), &format!("lat-{i}.json"), l.to_string());
        let r = run(&[
            "latency",
            "--latency-data",
            s(&f),
            "--api",
            "http",
            "--backend",
            "lambda",
            "--samples",
            "10k",
        ]);
        expect(case, &r, 1, needles);
        assert!(
            r.stderr.contains(s(&f)),
            "{case}: names the file:\n{}",
            r.stderr
        );
        assert!(
            !r.stderr.contains("--arch"),
            "{case}: blames a flag:\n{}",
            r.stderr
        );
    }
}

#[test]
fn the_latency_chart_of_extreme_data_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.svg");
    // Refused: the data that made the chart loop forever.
    let mut l = latency();
    http(&mut l)["p50_ms"] = json!(1e-300);
    http(&mut l)["p90_ms"] = json!(1.0);
    http(&mut l)["p99_ms"] = json!(1e300);
    let f = write(dir.path(), "bomb.json", l.to_string());
    let r = run(&[
        "chart",
        "latency",
        "--latency-data",
        s(&f),
        "--api",
        "http",
        "-o",
        s(&out),
    ]);
    expect(
        "chart of 1e-300..1e300",
        &r,
        1,
        &[s(&f), "components.gateway.http"],
    );
    assert!(!out.exists(), "no chart is written");
    // Extreme but within the bounds: every component from 0.001 ms to an hour at the widest spread.
    let mut l = latency();
    for (i, (_, f)) in l["components"]
        .as_object_mut()
        .unwrap()
        .iter_mut()
        .enumerate()
    {
        let p50 = if i % 2 == 0 { 0.001 } else { 3_600.0 };
        f["p50_ms"] = json!(p50);
        f["p90_ms"] = json!(p50 * 10.0);
        f["p99_ms"] = json!(p50 * 1000.0);
    }
    let f = write(dir.path(), "extreme.json", l.to_string());
    let common = [
        "--latency-data",
        s(&f),
        "--backend",
        "lambda",
        "--samples",
        "20k",
    ];
    let mut args = vec!["chart", "latency", "--apis", "rest,http", "-o", s(&out)];
    args.extend_from_slice(&common);
    let r = run(&args);
    expect("chart of extreme but valid data", &r, 0, &[]);
    assert!(std::fs::metadata(&out).unwrap().len() > 0);
    let mut args = vec!["latency", "--api", "rest,http", "--format", "json"];
    args.extend_from_slice(&common);
    let r = run(&args);
    expect("latency of extreme but valid data", &r, 0, &[]);
    // NaN and infinity would print as JSON null: every figure is a finite number.
    let j: Value = serde_json::from_str(&r.stdout).unwrap();
    for option in j.as_array().unwrap() {
        for (k, v) in option["end_to_end"].as_object().unwrap() {
            assert!(
                v.as_f64().is_some_and(f64::is_finite),
                "end_to_end.{k} = {v}"
            );
        }
        for c in option["components"].as_array().unwrap() {
            for k in ["p50_ms", "p99_ms", "mean_ms", "share", "probability"] {
                assert!(
                    c[k].as_f64().is_some_and(f64::is_finite),
                    "{}.{k} = {}",
                    c["key"],
                    c[k]
                );
            }
        }
    }
}

#[test]
fn latency_files_that_are_not_latency_data_are_rejected_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let text = latency().to_string();
    let dup = text.replacen(
        "\"components\":{",
        "\"components\":{\"gateway.http\":{\"title\":\"x\",\"p50_ms\":1,\"p90_ms\":1,\"p99_ms\":1,\"confidence\":\"L\",\"basis\":\"assumption\"},",
        1,
    );
    let mut huge = latency();
    huge["sources"]["HUGE"] = Value::Array((0..300_000).map(|i| json!(i)).collect());
    let cases: [(&str, Vec<u8>, &[&str]); 6] = [
        ("empty", vec![], &["not a latency data file"]),
        ("binary", vec![0xfe, 0xff, 0, 1, 2], &["not UTF-8"]),
        (
            "truncated",
            text.as_bytes()[..text.len() / 3].to_vec(),
            &["not a latency data file"],
        ),
        (
            "10,000 levels of nesting",
            format!("{}{}", "{\"a\":".repeat(10_000), "}".repeat(10_000)).into_bytes(),
            &["not a latency data file"],
        ),
        (
            "duplicate component",
            dup.into_bytes(),
            &["components: duplicate key 'gateway.http'"],
        ),
        (
            "a huge array (over 1 MiB)",
            huge.to_string().into_bytes(),
            &["too large", "1048576 bytes"],
        ),
    ];
    for (i, (case, bytes, needles)) in cases.into_iter().enumerate() {
        let f = write(dir.path(), &format!("l-{i}.json"), bytes);
        let r = run(&[
            "latency",
            "--latency-data",
            s(&f),
            "--api",
            "http",
            "--samples",
            "1k",
        ]);
        expect(case, &r, 1, needles);
        assert!(
            r.stderr.contains(s(&f)),
            "{case}: names the file:\n{}",
            r.stderr
        );
    }
}

#[test]
fn handler_percentiles_outside_the_bounds_are_usage_errors() {
    for (case, v) in [
        ("1e-300 to 25 s", "1e-300,25000"),
        ("an hour and a bit", "3600001"),
        ("a spread of 10,000", "1,10000"),
    ] {
        let r = run(&[
            "latency",
            "--api",
            "rest",
            "--backend",
            "lambda",
            "--handler-ms",
            v,
            "--samples",
            "1k",
        ]);
        expect(case, &r, 2, &["--handler-ms"]);
    }
}

// ---------------------------------------------------------------------------------------------------
// AWS metered unit maps (`prices import`).

type MapCase = (&'static str, fn(&mut Value), &'static [&'static str]);

fn virginia(m: &mut Value) -> &mut Value {
    &mut m["regions"]["US East (N. Virginia)"]
}

const MAP_VALUES: &[MapCase] = &[
    (
        "EUR",
        |m| m["manifest"]["currencyCode"] = json!("EUR"),
        &["manifest.currencyCode is 'EUR'", "expected USD"],
    ),
    (
        "no currency",
        |m| {
            m["manifest"]
                .as_object_mut()
                .unwrap()
                .remove("currencyCode");
        },
        &["manifest.currencyCode is missing"],
    ),
    (
        "price 7.9e28",
        |m| {
            virginia(m)["API Calls Number of up to 333 million"]["price"] =
                json!("79000000000000000000000000000")
        },
        &[
            "US East (N. Virginia) / API Calls Number of up to 333 million",
            "largest supported price",
        ],
    ),
    (
        "price 0.01 per request (10,000 per 1M)",
        |m| virginia(m)["ApiGatewayHttpApi First 300 million"]["price"] = json!("0.01"),
        &[
            "US East (N. Virginia) / ApiGatewayHttpApi First 300 million",
            "10000 USD per 1M",
        ],
    ),
    (
        "negative price",
        |m| virginia(m)["WebSocket Connection Minutes"]["price"] = json!("-0.00000025"),
        &[
            "US East (N. Virginia) / WebSocket Connection Minutes",
            "'-0.00000025'",
        ],
    ),
    (
        "huge cache price",
        |m| virginia(m)["Caching Memory Size 237"]["price"] = json!("1000000"),
        &["US East (N. Virginia) / Caching Memory Size 237", "1000000"],
    ),
    (
        "price as a number",
        |m| virginia(m)["Caching Memory Size 237"]["price"] = json!(3.8),
        &[
            "US East (N. Virginia) / Caching Memory Size 237",
            "no \"price\" string",
        ],
    ),
    (
        "price \"1e999\"",
        |m| virginia(m)["Caching Memory Size 237"]["price"] = json!("1e999"),
        &["Caching Memory Size 237", "'1e999'"],
    ),
    (
        "a region entry of the wrong type (was dropped: \"imported 35 regions\")",
        |m| m["regions"]["EU (Ireland)"] = json!("not an object"),
        &["regions.EU (Ireland)", "expected an object", "a string"],
    ),
    (
        "regions of the wrong shape",
        |m| m["regions"] = json!([]),
        &["no \"regions\" object"],
    ),
    (
        "publication date that is not a date",
        |m| m["manifest"]["hawkFilePublicationDate"] = json!("../../etc"),
        &["hawkFilePublicationDate", "'../../etc'"],
    ),
    (
        "another service",
        |m| m["manifest"]["serviceId"] = json!("AWSLambda"),
        &["not an AWS price file this build reads"],
    ),
    (
        "one tier of a meter missing",
        |m| {
            virginia(m)
                .as_object_mut()
                .unwrap()
                .remove("API Calls Number of Request Next 19 billion");
        },
        &[
            "US East (N. Virginia)",
            "API Calls Number of Request Next 19 billion",
        ],
    ),
];

#[test]
fn metered_unit_maps_the_catalog_cannot_hold_are_rejected_naming_location_and_entry() {
    let dir = tempfile::tempdir().unwrap();
    for (i, (case, change, needles)) in MAP_VALUES.iter().enumerate() {
        let mut m = price_map();
        change(&mut m);
        let f = write(dir.path(), &format!("map-{i}.json"), m.to_string());
        let r = run(&["prices", "import", s(&f)]);
        expect(case, &r, 1, needles);
        assert!(
            r.stderr.contains(s(&f)),
            "{case}: names the file:\n{}",
            r.stderr
        );
        assert!(r.stdout.is_empty(), "{case}: no catalog printed");
        assert!(
            !r.stderr.contains("imported "),
            "{case}: nothing imported:\n{}",
            r.stderr
        );
    }
}

#[test]
fn map_files_that_are_not_maps_are_rejected_and_never_overwrite_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(MAP).unwrap();
    // A location written twice: the second copy, with other prices, would silently win.
    let dup = text.replacen(
        "\"regions\": {",
        "\"regions\": {\n\"US East (N. Virginia)\": {},",
        1,
    );
    assert_ne!(dup, text);
    let mut huge = price_map();
    // The bound is 32 MiB (AWS's data-transfer map as published is over 4 MiB).
    huge["sets"]["padding"] = json!("x".repeat(33 * 1024 * 1024));
    let cases: [(&str, Vec<u8>, &[&str]); 6] = [
        (
            "duplicated location",
            dup.into_bytes(),
            &["regions: 'US East (N. Virginia)' appears twice"],
        ),
        ("empty", vec![], &["not JSON"]),
        ("binary", vec![0x80; 64], &["not UTF-8"]),
        ("truncated", text.as_bytes()[..1000].to_vec(), &["not JSON"]),
        (
            "10,000 levels of nesting",
            "[".repeat(10_000).into_bytes(),
            &["not JSON"],
        ),
        (
            "over 32 MiB",
            huge.to_string().into_bytes(),
            &["too large", "33554432 bytes"],
        ),
    ];
    let out = write(dir.path(), "prices.json", "precious");
    for (i, (case, bytes, needles)) in cases.into_iter().enumerate() {
        let f = write(dir.path(), &format!("m-{i}.json"), bytes);
        let r = run(&["prices", "import", s(&f), "-o", s(&out)]);
        expect(case, &r, 1, needles);
        assert!(
            r.stderr.contains(s(&f)),
            "{case}: names the file:\n{}",
            r.stderr
        );
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "precious", "{case}");
    }
}

#[test]
fn importing_onto_a_bad_base_catalog_names_the_base() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = prices();
    c["sources"] = json!([]);
    let base = write(dir.path(), "base.json", c.to_string());
    let r = run(&["prices", "import", MAP, "--prices", s(&base)]);
    expect(
        "base catalog with sources as an array",
        &r,
        1,
        &[s(&base), "not a price catalog"],
    );
    let mut c = prices();
    c["regions"]["us-east-1"]["rest"] = json!(null);
    c["regions"]["us-east-1"]["websocket"] = json!(null);
    let base = write(dir.path(), "base2.json", c.to_string());
    // Null sections are filled by the import, not a panic.
    let r = run(&["prices", "import", MAP, "--prices", s(&base)]);
    expect(
        "base catalog with null sections",
        &r,
        0,
        &["imported 36 regions"],
    );
}

// ---------------------------------------------------------------------------------------------------
// Profiles: bounded like every file read whole.

#[test]
fn a_huge_or_binary_profile_is_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let huge = write(
        dir.path(),
        "huge.toml",
        format!("requests = \"1M\"\n# {}\n", "x".repeat(2 * 1024 * 1024)),
    );
    let r = run(&["quote", "--profile", s(&huge)]);
    expect(
        "2 MiB profile",
        &r,
        1,
        &[s(&huge), "too large", "1048576 bytes"],
    );
    let binary = write(dir.path(), "bin.toml", [0xc3u8, 0x28, 0xa0, 0xa1]);
    let r = run(&["quote", "--profile", s(&binary)]);
    expect("binary profile", &r, 1, &[s(&binary), "not UTF-8"]);
    let r = run_with(
        &["quote", "--profile", "-"],
        Some(vec![b'#'; 3 * 1024 * 1024]),
    );
    expect("profile on stdin", &r, 1, &["too large"]);
}
