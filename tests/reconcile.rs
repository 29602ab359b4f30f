//! `reconcile` end to end on the bills of `tests/fixtures/bills/` (written by `make_bills.py` there,
//! which lists every line). Figures are worked out by hand from the catalog's prices (data/prices.json,
//! AWS metered unit map 2025-10-20):
//!
//! Account A (222222222222), October 2026:
//! - us-east-1 REST 400,000,000: 333M x $3.50/M = 1,165.50 + 67M x $2.80/M = 187.60 = 1,353.10 (billed the same)
//! - eu-west-1 (`EU-` prefix, no region column) HTTP 350,000,000: 300M x $1.11/M = 333.00 + 50M x $1.00/M = 50.00 = 383.00
//! - us-east-1 REST cache 0.5 GB: 744 h x $0.020 = 14.88
//! - us-east-1 data transfer out 1,000 GB x $0.09 = 90.00
//! - Lambda requests 5,000,000: model 5M x $0.20/M = 1.00; billed 0.80 (1M free at $0): difference -0.20
//! - Lambda GB-s 500,000: model 500,000 x $0.0000166667 = 8.33335; billed 1.66667 (400,000 free): -6.66668
//!
//! Account B (333333333333):
//! - us-east-1 REST 300,000,000: model 300M x $3.50/M = 1,050.00; billed 840.00 (the payer's 700M
//!   counted together: 333M x 3.50 + 367M x 2.80 = 2,193.10 = 1,353.10 + 840.00): -210.00
//! - ap-northeast-1 WebSocket 2M messages x $1.26/M = 2.52, 10M minutes x $0.315/M = 3.15
//! - us-west-2 HTTP 10,000,000 billed 12.00 at $1.20/M, model 10M x $1.00/M = 10.00: +2.00 (mispriced)
//!
//! Billed 2,701.11667, model 2,915.98335, difference -214.86668. Unmatched: CloudWatch $10.00.
//! Other lines: tax 45.00, EDP -67.655, credit -25.00 = -47.655. Bill total 2,663.46167.

mod common;
use std::path::{Path, PathBuf};

use common::*;
use predicates::prelude::*;
use rust_decimal::Decimal;
use serde_json::Value;

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bills")
        .join(name)
        .display()
        .to_string()
}

fn rec(files: &[&str], extra: &[&str]) -> Value {
    let mut args = vec!["reconcile".to_string()];
    args.extend(files.iter().map(|f| fixture(f)));
    args.extend(extra.iter().map(|s| s.to_string()));
    let refs: Vec<&str> = args.iter().map(|s| s.as_str()).collect();
    json(&refs)
}

/// The rows as (account, region, meter, usage, billed, model, difference).
fn rows(v: &Value) -> Vec<(String, String, String, Decimal, Decimal, Decimal, Decimal)> {
    v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            assert_eq!(r["period"], "2026-10");
            (
                r["account"].as_str().unwrap().to_string(),
                r["region"].as_str().unwrap().to_string(),
                r["meter"].as_str().unwrap().to_string(),
                money(&r["usage"]),
                money(&r["billed"]),
                money(&r["model"]),
                money(&r["difference"]),
            )
        })
        .collect()
}

const A: &str = "222222222222";
const B: &str = "333333333333";

fn expected_rows() -> Vec<(
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
)> {
    // account, region, meter, usage, billed, model (difference = billed - model)
    vec![
        (A, "eu-west-1", "http:requests", "350000000", "383", "383"),
        (
            A,
            "us-east-1",
            "rest:requests",
            "400000000",
            "1353.1",
            "1353.1",
        ),
        (
            A,
            "us-east-1",
            "rest:cache-hours:0.5GB",
            "744",
            "14.88",
            "14.88",
        ),
        (A, "us-east-1", "data-transfer-out", "1000", "90", "90"),
        (A, "us-east-1", "lambda:requests:x86", "5000000", "0.8", "1"),
        (
            A,
            "us-east-1",
            "lambda:gb-seconds:x86",
            "500000",
            "1.66667",
            "8.33335",
        ),
        (
            B,
            "ap-northeast-1",
            "websocket:messages",
            "2000000",
            "2.52",
            "2.52",
        ),
        (
            B,
            "ap-northeast-1",
            "websocket:connection-minutes",
            "10000000",
            "3.15",
            "3.15",
        ),
        (B, "us-east-1", "rest:requests", "300000000", "840", "1050"),
        (B, "us-west-2", "http:requests", "10000000", "12", "10"),
    ]
}

fn assert_the_fixture_bill(v: &Value, what: &str) {
    let got = rows(v);
    let want = expected_rows();
    assert_eq!(got.len(), want.len(), "{what}: {got:#?}");
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(
            (g.0.as_str(), g.1.as_str(), g.2.as_str()),
            (w.0, w.1, w.2),
            "{what}"
        );
        assert_eq!(g.3, d(w.3), "{what}: usage of {}", w.2);
        assert_eq!(g.4, d(w.4), "{what}: billed of {}", w.2);
        assert_eq!(g.5, d(w.5), "{what}: model of {}", w.2);
        assert_eq!(g.6, d(w.4) - d(w.5), "{what}: difference of {}", w.2);
    }
    assert_eq!(money(&v["billed_total_exact"]), d("2701.11667"), "{what}");
    assert_eq!(money(&v["model_total_exact"]), d("2915.98335"), "{what}");
    assert_eq!(
        money(&v["difference_total_exact"]),
        d("-214.86668"),
        "{what}"
    );
    // To the cent: 2,701.12 - 2,915.98 = -214.86.
    assert_eq!(v["billed_total"], "2701.12", "{what}");
    assert_eq!(v["model_total"], "2915.98", "{what}");
    assert_eq!(v["difference_total"], "-214.86", "{what}");
    assert_eq!(money(&v["non_usage_total"]), d("-47.655"), "{what}");
    assert_eq!(money(&v["unmatched_total"]), d("10"), "{what}");
    assert_eq!(money(&v["bill_total"]), d("2663.46167"), "{what}");
    let kinds: Vec<(String, Decimal)> = v["non_usage"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["kind"].as_str().unwrap().to_string(), money(&l["amount"])))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("discount".to_string(), d("-67.655")),
            ("tax".to_string(), d("45")),
            ("credit".to_string(), d("-25")),
        ],
        "{what}"
    );
    let u = &v["unmatched"][0];
    assert_eq!(u["usage_type"], "USE1-CW:Requests", "{what}");
    assert_eq!(u["region"], "us-east-1", "{what}");
    assert_eq!(money(&u["cost"]), d("10"), "{what}");
    let ex: Vec<(&str, Vec<u64>)> = v["explanations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().unwrap(),
                e["rows"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|r| r.as_u64().unwrap())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        ex,
        vec![
            ("free-tier", vec![4]),
            ("free-tier", vec![5]),
            ("linked-account-tiers", vec![1, 8]),
            ("unexplained", vec![9]),
            ("discount-lines", vec![]),
        ],
        "{what}"
    );
}

#[test]
fn a_cur2_csv_bill_is_reconciled_meter_by_meter() {
    let v = rec(&["cur2.csv"], &[]);
    assert_the_fixture_bill(&v, "cur2.csv");
    assert_eq!(v["accounts"], "linked");
    assert_eq!(v["files"][0]["layout"], "CUR 2.0");
    assert_eq!(v["files"][0]["rows"], 20);
    // The EDP discount is 5% of A's REST usage: 1,353.10 x 0.05 = 67.655; the explanation says its
    // share of all usage billed (2,701.11667 + 10 = 2,711.11667): 67.655 / 2,711.11667 = 2.50%.
    let text = v["explanations"][4]["text"].as_str().unwrap();
    assert!(text.contains("-$67.66") && text.contains("2.5%"), "{text}");
    let text = v["explanations"][2]["text"].as_str().unwrap();
    assert!(
        text.contains("700,000,000") && text.contains("$2,193.10"),
        "{text}"
    );
}

#[test]
fn the_same_bill_in_every_layout_and_encoding_gives_the_same_reconciliation() {
    for f in [
        "cur2.csv",
        "legacy.csv",
        "focus.csv",
        "cur2.csv.gz",
        "cur2.parquet",
        "focus.parquet",
    ] {
        assert_the_fixture_bill(&rec(&[f], &[]), f);
    }
    // One file per account, read together.
    assert_the_fixture_bill(
        &rec(&["cur2-account-a.csv", "cur2-account-b.csv"], &[]),
        "two files",
    );
    let layouts: Vec<Value> = ["legacy.csv", "focus.parquet", "cur2.csv.gz"]
        .iter()
        .map(|f| rec(&[f], &[])["files"][0].clone())
        .collect();
    assert_eq!(layouts[0]["layout"], "legacy CUR");
    assert_eq!(layouts[1]["layout"], "FOCUS 1.0");
    assert_eq!(layouts[1]["encoding"], "Parquet");
    assert_eq!(layouts[2]["encoding"], "gzipped CSV");
}

#[test]
fn focus_1_2_is_named_by_its_invoice_id_column_and_read_as_focus_1_0() {
    // FOCUS 1.2 adds InvoiceId (and the pricing-currency columns) to 1.0's: the same bill with that
    // column is named "FOCUS 1.2" and gives the same rows; without it, "FOCUS 1.0".
    let dir = tempfile::tempdir().unwrap();
    let src = std::fs::read_to_string(fixture("focus.csv")).unwrap();
    let mut lines = src.lines();
    let mut out = format!("{},InvoiceId,PricingCurrency\n", lines.next().unwrap());
    for l in lines.filter(|l| !l.is_empty()) {
        out.push_str(&format!("{l},EUINAB26-000001,USD\n"));
    }
    let f12 = dir.path().join("focus12.csv");
    std::fs::write(&f12, out).unwrap();
    let v = json(&["reconcile", f12.to_str().unwrap()]);
    assert_eq!(v["files"][0]["layout"], "FOCUS 1.2");
    assert_the_fixture_bill(&v, "FOCUS 1.2");
    assert_eq!(rec(&["focus.csv"], &[])["files"][0]["layout"], "FOCUS 1.0");
}

#[test]
fn payer_level_tiers_reconcile_the_cross_account_rest_row() {
    let v = rec(&["cur2.csv"], &["--accounts", "payer"]);
    assert_eq!(v["accounts"], "payer");
    let r = rows(&v);
    let rest = r
        .iter()
        .find(|x| x.1 == "us-east-1" && x.2 == "rest:requests")
        .unwrap();
    // 700M for payer 111111111111: 333M x 3.50 + 367M x 2.80 = 1,165.50 + 1,027.60 = 2,193.10, as billed.
    assert_eq!(rest.0, "111111111111");
    assert_eq!(
        (rest.3, rest.4, rest.5),
        (d("700000000"), d("2193.1"), d("2193.1"))
    );
    // Left: the free tier (-0.20, -6.66668) and the mispriced HTTP line (+2.00).
    assert_eq!(money(&v["difference_total_exact"]), d("-4.86668"));
}

#[test]
fn as_http_prices_the_rest_requests_on_http_tiers() {
    let v = rec(&["cur2.csv"], &["--as", "http"]);
    let a = v["as_http"]["rows"].as_array().unwrap();
    assert_eq!(a.len(), 2);
    // Like for like (issue 28): the REST tiers were billed over payer 111111111111's two accounts
    // (B's 300M all at $2.80, after A's 400M), so the HTTP tiers are counted over the same 700M:
    // 300M x $1.00 + 400M x $0.90 = $660.00 (not 390.00 + 300.00 = 690.00 account by account),
    // shared by requests: A 400/700 of it, B the rest.
    assert_eq!(a[0]["account"], A);
    let (a0, a1) = (money(&a[0]["http_model"]), money(&a[1]["http_model"]));
    assert_eq!(a0 + a1, d("660"));
    assert_eq!(a0, d("660") * d("400000000") / d("700000000"));
    assert_eq!(a0.round_dp(2), d("377.14"));
    assert_eq!(money(&a[0]["saving"]), d("1353.1") - a0);
    assert_eq!(money(&a[0]["rest_cache_billed"]), d("14.88"));
    assert_eq!(money(&a[1]["saving"]), d("840") - a1);
    assert!(v["as_http"]["note"].as_str().unwrap().contains("review"));
    // The table says features are not checked.
    bin()
        .args(["reconcile", &fixture("cur2.csv"), "--as", "http"])
        .assert()
        .success()
        .stdout(
            // 1,353.10 - 377.14 and 840.00 - 282.86 (the $660.00 to the cent by largest remainder).
            predicate::str::contains("Features are NOT checked")
                .and(predicate::str::contains("$975.96"))
                .and(predicate::str::contains("$557.14"))
                .and(predicate::str::contains("$660.00"))
                .and(predicate::str::contains("$1,533.10")),
        );
}

#[test]
fn profiles_from_the_bill_feed_quote() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("profiles");
    bin()
        .args(["reconcile", &fixture("cur2.csv"), "--profiles-out"])
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("5 traffic profiles"));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        vec![
            "222222222222-eu-west-1-http.toml",
            "222222222222-us-east-1-rest.toml",
            "333333333333-ap-northeast-1-websocket.toml",
            "333333333333-us-east-1-rest.toml",
            "333333333333-us-west-2-http.toml",
        ]
    );
    // A's REST profile: 400,000,000 requests in us-east-1, quoted: 1,353.10 (as the model rated it).
    let p = out.join("222222222222-us-east-1-rest.toml");
    assert!(std::fs::read_to_string(&p)
        .unwrap()
        .contains("0.5 GB REST cache"));
    assert_eq!(
        quote_total(&["--profile", p.to_str().unwrap()]),
        d("1353.1")
    );
    // B's WebSocket: 2M messages x 1.26/M + 10M minutes x 0.315/M = 2.52 + 3.15 = 5.67.
    let ws = out.join("333333333333-ap-northeast-1-websocket.toml");
    assert_eq!(quote_total(&["--profile", ws.to_str().unwrap()]), d("5.67"));
}

#[test]
fn the_table_shows_cents_that_add_up() {
    let out = bin()
        .args(["reconcile", &fixture("cur2.csv")])
        .output()
        .unwrap();
    assert!(out.status.success());
    let t = String::from_utf8(out.stdout).unwrap();
    for s in [
        "$2,701.12 ┆ $2,915.98 ┆   -$214.86",
        "$1.67 ┆     $8.33 ┆     -$6.66",
        "see [4]",
        "Bill total $2,663.46: rated usage $2,701.12 + unmatched usage $10.00 + other lines -$47.66",
    ] {
        assert!(t.contains(s), "missing {s:?} in\n{t}");
    }
}

#[test]
fn csv_and_markdown_carry_the_same_rows() {
    let out = bin()
        .args(["reconcile", &fixture("focus.csv"), "--format", "csv"])
        .output()
        .unwrap();
    let t = String::from_utf8(out.stdout).unwrap();
    assert!(
        t.starts_with("row_type,period,account,region,meter,usage,billed,model,difference,note\n")
    );
    assert!(t.contains("meter,2026-10,333333333333,us-west-2,http:requests,10000000,12.00,10.00,2.00,unexplained\n"), "{t}");
    assert!(
        t.contains("total,,,,,,2701.11667,2915.98335,-214.86668,\n"),
        "{t}"
    );
    assert!(t.contains("non-usage,2026-10,222222222222,,discount:Credit,,-67.655,,,Enterprise Program Discount\n"), "{t}");
    let md = bin()
        .args([
            "reconcile",
            &fixture("cur2.parquet"),
            "--format",
            "markdown",
        ])
        .output()
        .unwrap();
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.contains("| 2026-10 | 333333333333 | us-east-1 | rest:requests | 300,000,000 | $840.00 | $1,050.00 | -$210.00 | see [3] |"), "{md}");
}

/// The Markdown is the report's one layout written by `render::markup::Markdown`: a `#` title, the
/// money columns ruled `--:` as every Markdown table of the tool, and a blank line between a table
/// and the paragraph under it (a line right under a pipe table is read as one more row).
#[test]
fn the_markdown_report_is_the_shared_markup_layout() {
    let out = bin()
        .args([
            "reconcile",
            &fixture("cur2.csv"),
            "--as",
            "http",
            "--format",
            "markdown",
        ])
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.starts_with("# Reconciliation: the model against the bill\n\nBill: "),
        "{md}"
    );
    assert!(
        md.contains("| Period | Account | Region | Meter | Usage | Billed | Model | Difference | Check |\n|---|---|---|---|--:|--:|--:|--:|---|\n"),
        "{md}"
    );
    assert!(!md.contains("---:"), "{md}");
    assert!(
        md.contains(
            "| Total |  |  |  | $2,193.10 | $660.00 | $1,533.10 |\n\nRequests only, each counted"
        ),
        "{md}"
    );
    assert!(
        md.contains("\n\n## Why the bill and the model differ\n\n[1] "),
        "{md}"
    );
}

fn fails(args: &[&str], code: i32, expect: &[&str]) {
    let out = bin().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    for e in expect {
        assert!(err.contains(e), "{args:?}: missing {e:?} in {err}");
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn bad_bills_are_clear_errors_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    let o = out.to_str().unwrap();
    let cur2 = std::fs::read_to_string(fixture("cur2.csv")).unwrap();
    // A CSV that is not a bill.
    let p = write(dir.path(), "customers.csv", b"name,requests\nacme,600M\n");
    fails(
        &["reconcile", p.to_str().unwrap(), "-o", o],
        1,
        &[
            "customers.csv",
            "not a bill",
            "line_item_usage_type",
            "name, requests",
        ],
    );
    // A Parquet file with the wrong schema: a bill's Parquet missing its cost column is refused by name.
    let p = write(dir.path(), "empty.csv", b"");
    fails(
        &["reconcile", p.to_str().unwrap()],
        1,
        &["empty.csv", "is empty"],
    );
    // Mixed currencies across files.
    let eur = cur2.replace(",USD,", ",EUR,").replace("\nid0", "\neur");
    let p = write(dir.path(), "eur.csv", eur.as_bytes());
    fails(
        &[
            "reconcile",
            &fixture("cur2.csv"),
            p.to_str().unwrap(),
            "-o",
            o,
        ],
        1,
        &[
            "eur.csv",
            "row 1",
            "currency 'EUR'",
            "cur2.csv bills in USD",
        ],
    );
    // A bill in one currency other than the catalog's.
    fails(
        &["reconcile", p.to_str().unwrap()],
        1,
        &["in EUR", "catalog prices in USD"],
    );
    // A corrupt gzip: the fixture cut in half.
    let gz = std::fs::read(fixture("cur2.csv.gz")).unwrap();
    let p = write(dir.path(), "cut.csv.gz", &gz[..gz.len() / 2]);
    fails(
        &["reconcile", p.to_str().unwrap(), "-o", o],
        1,
        &["cut.csv.gz", "corrupt or truncated gzip"],
    );
    // A bad amount names its row, column and value.
    let bad = cur2.replacen(",1165.5,", ",lots,", 1);
    let p = write(dir.path(), "bad.csv", bad.as_bytes());
    fails(
        &["reconcile", p.to_str().unwrap(), "-o", o],
        1,
        &[
            "bad.csv",
            "row 1 (line 2), column line_item_unblended_cost, value 'lots'",
            "expected a number",
        ],
    );
    // A bad period.
    let bad = cur2.replacen("2026-10-01T00:00:00Z", "Oct 2026", 1);
    let p = write(dir.path(), "period.csv", bad.as_bytes());
    fails(
        &["reconcile", p.to_str().unwrap()],
        1,
        &["row 1 (line 2), column bill_billing_period_start_date, value 'Oct 2026'"],
    );
    // A column named twice.
    let p = write(
        dir.path(),
        "twice.csv",
        b"line_item_usage_type,line_item_usage_type\nx,y\n",
    );
    fails(
        &["reconcile", p.to_str().unwrap()],
        1,
        &["twice.csv", "appears 2 times"],
    );
    // A Parquet file that is damaged.
    let pq = std::fs::read(fixture("cur2.parquet")).unwrap();
    let mut broken = pq.clone();
    let n = broken.len();
    broken[n - 8] ^= 0x55;
    let p = write(dir.path(), "broken.parquet", &broken);
    fails(
        &["reconcile", p.to_str().unwrap(), "-o", o],
        1,
        &["broken.parquet", "Parquet"],
    );
    assert!(!out.exists(), "no output file after an error");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        8,
        "no temporary file left"
    );
}

#[test]
fn a_parquet_file_that_is_no_bill_says_what_it_expected() {
    // The CUR 2.0 Parquet with its usage-type column renamed in place (same length: the footer stays valid).
    let dir = tempfile::tempdir().unwrap();
    let pq = std::fs::read(fixture("cur2.parquet")).unwrap();
    // Rename the usage-type column in place (same length, so the footer stays valid).
    let from = b"line_item_usage_type";
    let to = b"line_item_usage_typo";
    let mut renamed = pq.clone();
    let mut i = 0;
    while i + from.len() <= renamed.len() {
        if &renamed[i..i + from.len()] == from {
            renamed[i..i + from.len()].copy_from_slice(to);
        }
        i += 1;
    }
    let p = write(dir.path(), "other.parquet", &renamed);
    fails(
        &["reconcile", p.to_str().unwrap()],
        1,
        &["other.parquet", "a Parquet file that is not a bill"],
    );
}

#[test]
fn usage_errors_exit_2() {
    fails(&["reconcile"], 2, &["FILE"]);
    fails(
        &["reconcile", &fixture("cur2.csv"), "--region", "eu-west-1"],
        2,
        &["--region", "the bill's"],
    );
    fails(
        &["reconcile", &fixture("cur2.csv"), "--free-tier", "legacy"],
        2,
        &["--free-tier", "billed at $0"],
    );
    fails(
        &["reconcile", &fixture("cur2.csv"), "--as", "rest"],
        2,
        &["--as"],
    );
    fails(
        &[
            "reconcile",
            &fixture("cur2.csv"),
            "--emit-sql",
            "duckdb",
            "--as",
            "http",
        ],
        2,
        &["--emit-sql"],
    );
    fails(
        &["reconcile", &fixture("cur2.csv"), "--accounts", "both"],
        2,
        &["--accounts"],
    );
}

/// The emitted DuckDB SQL, run by Python's duckdb (installed by the script if missing) on the fixture,
/// gives the rows `reconcile` gives, to the last decimal.
#[test]
fn the_duckdb_sql_gives_the_same_rows() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reconcile_duckdb.py");
    for f in ["cur2.csv", "focus.parquet", "legacy.csv"] {
        let dir = tempfile::tempdir().unwrap();
        let sql = dir.path().join("q.sql");
        bin()
            .args(["reconcile", &fixture(f), "--emit-sql", "duckdb", "-o"])
            .arg(&sql)
            .assert()
            .success();
        let out = std::process::Command::new("python3")
            .arg(&script)
            .arg(&sql)
            .output()
            .expect("python3 runs the DuckDB script");
        assert!(
            out.status.success(),
            "{f}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let duck: Vec<Vec<String>> = String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| l.split(',').map(|s| s.to_string()).collect())
            .collect();
        let v = rec(&[f], &[]);
        let mut ours: Vec<Vec<String>> = rows(&v)
            .into_iter()
            .map(|r| {
                vec![
                    "2026-10".to_string(),
                    r.0,
                    r.1,
                    r.2,
                    r.3.normalize().to_string(),
                    r.4.normalize().to_string(),
                    r.5.normalize().to_string(),
                    r.6.normalize().to_string(),
                ]
            })
            .collect();
        ours.sort();
        assert_eq!(duck.len(), 10, "{f}: {duck:?}");
        assert_eq!(duck, ours, "{f}: DuckDB's rows differ from reconcile's");
    }
}

#[test]
fn athena_and_spark_sql_read_the_named_table() {
    let out = bin()
        .args([
            "reconcile",
            &fixture("cur2.csv"),
            "--emit-sql",
            "athena",
            "--sql-table",
            "cur_2026",
        ])
        .output()
        .unwrap();
    let sql = String::from_utf8(out.stdout).unwrap();
    assert!(
        sql.contains("FROM \"cur_2026\"\n") && sql.contains("\"line_item_usage_type\""),
        "{}",
        &sql[..400]
    );
    // Athena's CUR tables hold doubles: amounts go through DOUBLE (a text 3.5E-6 would not cast).
    assert!(sql.contains(
        "CAST(COALESCE(TRY_CAST(\"line_item_unblended_cost\" AS DOUBLE), 0) AS DECIMAL(38,10))"
    ));
    let out = bin()
        .args(["reconcile", &fixture("focus.csv"), "--emit-sql", "spark"])
        .output()
        .unwrap();
    let sql = String::from_utf8(out.stdout).unwrap();
    assert!(
        sql.contains("FROM `focus`\n")
            && sql.contains("`x_UsageType`")
            && sql.contains("SELECT * FROM VALUES")
    );
    // Every region's REST first tier is a price row: us-east-1 $3.50 per 1M = 0.0000035 a request.
    assert!(sql.contains("('us-east-1', 'rest:requests', 0, 333000000, 0.0000035)"));
    assert!(
        sql.contains("('EU-ApiGatewayRequest', 'eu-west-1', 'rest:requests', '', '', '1', '0')")
    );
}

#[test]
fn stdin_takes_a_csv_or_gzip_but_not_parquet() {
    let out = bin()
        .args(["reconcile", "-", "--format", "json"])
        .pipe_stdin(fixture("cur2.csv.gz"))
        .unwrap()
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_the_fixture_bill(&v, "stdin");
    bin()
        .args(["reconcile", "-"])
        .pipe_stdin(fixture("cur2.parquet"))
        .unwrap()
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "stdin: a Parquet bill must be a file",
        ));
}

#[test]
fn an_endless_line_is_an_error_not_a_growing_allocation() {
    // 17 MiB without a line break after a valid header: past the 16 MiB bound.
    let dir = tempfile::tempdir().unwrap();
    let header = std::fs::read_to_string(fixture("cur2.csv")).unwrap();
    let header = header.lines().next().unwrap().to_string();
    let mut bytes = (header + "\n").into_bytes();
    bytes.extend(std::iter::repeat_n(b'x', 17 << 20));
    let p = write(dir.path(), "long.csv", &bytes);
    fails(
        &["reconcile", p.to_str().unwrap()],
        1,
        &["long.csv", "row 1", "longer than 16 MiB"],
    );
}

#[test]
fn a_parquet_page_the_decoder_chokes_on_is_an_error_not_a_panic() {
    // Byte 11,683 of the committed cur2.parquet set to 211 (found by benches/fuzz.rs's `bills` target):
    // the parquet crate panics ("Decoder for dict should have been set"); reconcile contains it.
    let dir = tempfile::tempdir().unwrap();
    let mut b = std::fs::read(fixture("cur2.parquet")).unwrap();
    b[11_683] = 211;
    let p = write(dir.path(), "dict.parquet", &b);
    let out = bin()
        .args(["reconcile", p.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("dict.parquet: a damaged Parquet file: its decoder failed"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}
