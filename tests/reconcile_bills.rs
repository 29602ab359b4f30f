//! `reconcile` on bills as AWS writes them (issue 26) and on damaged ones (issue 33): legacy CUR
//! Parquet with ConvertedType or INT96 timestamps, a bill given twice, an unclosed quote, impossible
//! billing periods. Fixtures: tests/fixtures/bills/make_bills.py (the figures are tests/reconcile.rs's).

mod common;
use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bills")
        .join(name)
        .display()
        .to_string()
}

fn fails(args: &[&str], expect: &[&str]) {
    let out = bin().args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
    assert!(out.stdout.is_empty(), "{args:?}: output on error");
    for e in expect {
        assert!(err.contains(e), "{args:?}: missing {e:?} in {err}");
    }
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn totals(v: &Value) -> (String, String, String) {
    (
        v["billed_total"].to_string(),
        v["model_total"].to_string(),
        v["bill_total"].to_string(),
    )
}

#[test]
fn legacy_cur_parquet_with_converted_type_or_int96_timestamps_is_read_and_named() {
    let csv = json(&["reconcile", &fixture("cur2.csv")]);
    for f in ["legacy.parquet", "legacy-int96.parquet"] {
        let v = json(&["reconcile", &fixture(f)]);
        assert_eq!(totals(&v), totals(&csv), "{f}");
        assert_eq!(v["rows"], csv["rows"], "{f}");
        assert_eq!(
            v["files"][0]["layout"], "legacy CUR (Athena column names)",
            "{v}"
        );
        assert_eq!(v["files"][0]["rows"], 20);
    }
    // The CUR 2.0 Parquet (with its resource_tags column) keeps its name.
    let v = json(&["reconcile", &fixture("cur2.parquet")]);
    assert_eq!(v["files"][0]["layout"], "CUR 2.0");
    // Exact: billed 2,701.11667 as in tests/reconcile.rs.
    assert_eq!(money(&v["billed_total_exact"]), d("2701.11667"));
}

#[test]
fn a_bill_given_twice_is_refused_never_doubled() {
    let dir = tempfile::tempdir().unwrap();
    let cur2 = std::fs::read_to_string(fixture("cur2.csv")).unwrap();
    let out = dir.path().join("out.json");
    let o = out.to_str().unwrap();
    // The same path twice; the same file through a link; a copy.
    fails(
        &[
            "reconcile",
            &fixture("cur2.csv"),
            &fixture("cur2.csv"),
            "-o",
            o,
        ],
        &["is the same file as", "would count twice"],
    );
    let link = dir.path().join("link.csv");
    std::os::unix::fs::symlink(fixture("cur2.csv"), &link).unwrap();
    fails(
        &[
            "reconcile",
            &fixture("cur2.csv"),
            link.to_str().unwrap(),
            "-o",
            o,
        ],
        &["link.csv: is the same file as"],
    );
    let copy = write(dir.path(), "copy.csv", &cur2);
    fails(
        &[
            "reconcile",
            &fixture("cur2.csv"),
            copy.to_str().unwrap(),
            "-o",
            o,
        ],
        &["copy.csv: has the same bytes as"],
    );
    // Two deliveries of one month: other bytes (gzip, Parquet, another order), the same line items.
    fails(
        &[
            "reconcile",
            &fixture("cur2.csv.gz"),
            &fixture("cur2.parquet"),
            "-o",
            o,
        ],
        &[
            "cur2.parquet: row 1: line item 'id000'",
            "already read at row 1 of",
            "cur2.csv.gz",
            "given twice",
        ],
    );
    // One file holding its lines twice.
    let mut lines: Vec<&str> = cur2.lines().collect();
    let body: Vec<&str> = lines[1..].to_vec();
    lines.extend(body.iter().rev());
    let twice = write(dir.path(), "twice.csv", &(lines.join("\n") + "\n"));
    fails(
        &["reconcile", twice.to_str().unwrap(), "-o", o],
        &[
            "twice.csv: row 21 (line 22): line item 'id019'",
            "row 20 of this file",
        ],
    );
    assert!(!out.exists());
    // The same id in another hour (identity_time_interval) is another line: summed, not refused.
    let hourly = "identity_line_item_id,identity_time_interval,bill_billing_period_start_date,line_item_usage_account_id,line_item_line_item_type,line_item_product_code,line_item_usage_type,line_item_usage_amount,line_item_unblended_cost,resource_tags\n\
        x1,2026-10-01T00:00:00Z/2026-10-01T01:00:00Z,2026-10-01T00:00:00Z,222222222222,Usage,AmazonApiGateway,USE1-ApiGatewayRequest,1000000,3.5,{}\n\
        x1,2026-10-01T01:00:00Z/2026-10-01T02:00:00Z,2026-10-01T00:00:00Z,222222222222,Usage,AmazonApiGateway,USE1-ApiGatewayRequest,1000000,3.5,{}\n";
    let h = write(dir.path(), "hourly.csv", hourly);
    let v = json(&["reconcile", h.to_str().unwrap()]);
    assert_eq!(money(&v["billed_total"]), d("7"));
    assert_eq!(money(&v["model_total"]), d("7"));
    let again = write(
        dir.path(),
        "again.csv",
        &hourly.replace("x1,2026-10-01T01", "x2,2026-10-01T01"),
    );
    fails(
        &["reconcile", h.to_str().unwrap(), again.to_str().unwrap()],
        &["again.csv: row 1 (line 2): line item 'x1' for the interval 2026-10-01T00:00:00Z/2026-10-01T01:00:00Z was already read at row 1 of"],
    );
}

#[test]
fn an_unclosed_quote_is_an_error_naming_its_line_not_a_smaller_total() {
    let dir = tempfile::tempdir().unwrap();
    let cur2 = std::fs::read_to_string(fixture("cur2.csv")).unwrap();
    // Quote every description; then leave the fourth line's open: it swallows the lines after it.
    let mut out = Vec::new();
    for (i, l) in cur2.lines().enumerate() {
        let mut f: Vec<String> = l.split(',').map(|s| s.to_string()).collect();
        if i > 0 && f.len() == 19 {
            f[15] = format!("\"{}\"", f[15]);
            if i == 4 {
                f[15].pop();
            }
        }
        out.push(f.join(","));
    }
    let p = write(dir.path(), "open.csv", &(out.join("\n") + "\n"));
    fails(
        &["reconcile", p.to_str().unwrap()],
        &[
            "open.csv: row 4",
            "runs across lines: an unclosed quote",
            "'$1.11 per million requests",
        ],
    );
    // A description that legitimately spans two lines is read.
    let two = cur2.replacen(
        "Tax for product code AmazonApiGateway",
        "\"Tax for product\ncode AmazonApiGateway\"",
        1,
    );
    let p = write(dir.path(), "two.csv", &two);
    let v = json(&["reconcile", p.to_str().unwrap()]);
    assert_eq!(money(&v["bill_total"]), d("2663.46167"));
    // A line with a field too many or too few.
    let short = cur2.replacen(",USD,", ",", 1);
    let p = write(dir.path(), "short.csv", &short);
    fails(
        &["reconcile", p.to_str().unwrap()],
        &["short.csv: row 1 (line 2) has 18 fields (the header has 19)"],
    );
}

#[test]
fn impossible_billing_periods_name_file_line_and_value() {
    let dir = tempfile::tempdir().unwrap();
    let cur2 = std::fs::read_to_string(fixture("cur2.csv")).unwrap();
    for (bad, value) in [
        ("2026-13-01T00:00:00Z", "'2026-13-01T00:00:00Z'"),
        ("2026-00-01T00:00:00Z", "'2026-00-01T00:00:00Z'"),
        ("2026-10-99T00:00:00Z", "'2026-10-99T00:00:00Z'"),
        ("2026-02-30T00:00:00Z", "'2026-02-30T00:00:00Z'"),
    ] {
        // The third line's period only.
        let text: Vec<String> = cur2
            .lines()
            .enumerate()
            .map(|(i, l)| {
                if i == 3 {
                    l.replacen("2026-10-01T00:00:00Z", bad, 1)
                } else {
                    l.to_string()
                }
            })
            .collect();
        let p = write(dir.path(), "period.csv", &(text.join("\n") + "\n"));
        fails(
            &["reconcile", p.to_str().unwrap()],
            &[
                "period.csv: row 3 (line 4), column bill_billing_period_start_date",
                value,
                "month 01-12",
            ],
        );
    }
}

/// Issue 33: a bill account carrying a newline and a TOML key cannot add that key to a profile:
/// the profile, read back by `quote --profile`, prices the bill's traffic without any discount.
#[test]
fn a_hostile_account_cannot_inject_keys_into_a_written_profile() {
    let dir = tempfile::tempdir().unwrap();
    let evil = "222222222222\ndiscount = \"99%\"\n#";
    let header = "identity_line_item_id,bill_billing_period_start_date,line_item_usage_account_id,line_item_line_item_type,line_item_product_code,line_item_usage_type,line_item_usage_amount,line_item_unblended_cost,product_region_code,resource_tags";
    let bill = format!(
        "{header}\nx1,2026-10-01T00:00:00Z,\"{}\",Usage,AmazonApiGateway,USE1-ApiGatewayRequest,10000000,35,us-east-1,{{}}\n",
        evil.replace('"', "\"\"")
    );
    let p = write(dir.path(), "evil.csv", &bill);
    let out = dir.path().join("profiles");
    bin()
        .args(["reconcile", p.to_str().unwrap(), "--profiles-out"])
        .arg(&out)
        .arg("-o")
        .arg(dir.path().join("r.json"))
        .assert()
        .success();
    let files: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let text = std::fs::read_to_string(&files[0]).unwrap();
    let t: toml::Table = toml::from_str(&text).unwrap();
    assert!(t.get("discount").is_none(), "{text}");
    assert!(text.lines().all(|l| !l.starts_with("discount")), "{text}");
    assert_eq!(
        t["name"].as_str().unwrap(),
        "222222222222 discount = \"99%\" # us-east-1 rest (from the bill)"
    );
    // Read back by the real consumer: 10M REST requests in us-east-1 = 10 x $3.50 = $35.00, no discount.
    let total = quote_total(&["--profile", files[0].to_str().unwrap(), "--api", "rest"]);
    assert_eq!(total, d("35"));
}

#[test]
fn profiles_out_is_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let header = "bill_billing_period_start_date,line_item_usage_account_id,line_item_line_item_type,line_item_product_code,line_item_usage_type,line_item_usage_amount,line_item_unblended_cost,resource_tags";
    let mut bill = String::from(header);
    for i in 0..1001 {
        bill.push_str(&format!(
            "\n2026-10-01,{:012},Usage,AmazonApiGateway,USE1-ApiGatewayRequest,1000,0.0035,{{}}",
            i
        ));
    }
    bill.push('\n');
    let p = write(dir.path(), "many.csv", &bill);
    let out = dir.path().join("profiles");
    let o = bin()
        .args(["reconcile", p.to_str().unwrap(), "--profiles-out"])
        .arg(&out)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("at most 1000 profiles a run, and the bill gives 1001"),
        "{err}"
    );
    assert!(!out.exists() || std::fs::read_dir(&out).unwrap().next().is_none());
}

/// Issue 26: explanations are whole sentences and their rates are money ("$1.20", not "$1.2").
#[test]
fn explanations_are_sentences_with_money() {
    let v = json(&["reconcile", &fixture("cur2.csv")]);
    let texts: Vec<&str> = v["explanations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts.len(), 5, "{texts:?}");
    for t in &texts {
        assert!(t.ends_with('.'), "{t}");
    }
    assert!(
        texts[0].ends_with("gives $0.80, as the bill does."),
        "{}",
        texts[0]
    );
    assert!(
        texts[3]
            .contains("($1.20 per 1M requests), the catalog gives $10.00 ($1.00 per 1M requests)"),
        "{}",
        texts[3]
    );
}

#[test]
fn errors_after_a_multi_line_field_name_the_physical_line() {
    let dir = tempfile::tempdir().unwrap();
    let head = "identity_line_item_id,bill_billing_period_start_date,line_item_usage_account_id,line_item_line_item_type,line_item_product_code,line_item_usage_type,line_item_usage_amount,line_item_unblended_cost,line_item_line_item_description\n";
    let line = |id: &str, amount: &str, desc: &str| {
        format!("{id},2026-10-01T00:00:00Z,222222222222,Usage,AmazonApiGateway,USE1-ApiGatewayRequest,{amount},3.5,{desc}\n")
    };
    // Row 1 spans lines 2-4 (a description over three lines), row 2 spans lines 5-6; row 3 is line 7.
    let text = head.to_string()
        + &line("a1", "1000000", "\"first\nsecond\nthird\"")
        + &line("a2", "1000000", "\"one\ntwo\"")
        + &line("a3", "lots", "plain");
    let p = write(dir.path(), "multi.csv", &text);
    fails(
        &["reconcile", p.to_str().unwrap()],
        &["multi.csv: row 3 (line 7), column line_item_usage_amount, value 'lots'"],
    );
    // The same with CRLF line ends, a CRLF inside the quoted field too: still line 7.
    let p = write(dir.path(), "crlf.csv", &text.replace('\n', "\r\n"));
    fails(
        &["reconcile", p.to_str().unwrap()],
        &["crlf.csv: row 3 (line 7), column line_item_usage_amount, value 'lots'"],
    );
    // A repeated line item after them names both physical lines' rows: row 3 (line 7) and row 1.
    let again = text.replace("a3,", "a1,").replace("lots", "1000000");
    let p = write(dir.path(), "again.csv", &again);
    fails(
        &["reconcile", p.to_str().unwrap()],
        &[
            "again.csv: row 3 (line 7): line item 'a1'",
            "row 1 of this file",
        ],
    );
    // Without the bad row the two multi-line rows are read: 2M REST requests, billed 3.5 + 3.5.
    let ok = head.to_string()
        + &line("a1", "1000000", "\"first\nsecond\nthird\"")
        + &line("a2", "1000000", "\"one\ntwo\"");
    let p = write(dir.path(), "ok.csv", &ok);
    let v = json(&["reconcile", p.to_str().unwrap()]);
    assert_eq!(money(&v["billed_total"]), d("7"));
    assert_eq!(money(&v["model_total"]), d("7"));
}
