//! Issue 26: every meter the model prices is rated from a bill, in two regions, and the same rows come
//! from the emitted DuckDB SQL; other products' usage (S3, SQS, CloudShell egress) is not rated but
//! listed, one row per product. Fixture: tests/fixtures/bills/meters.csv (make_bills.py), each line
//! billed at the catalog's price (data/prices.json):
//!
//! us-east-1 / eu-west-1 (account 222222222222, October 2026):
//! - CloudWatch Logs ingestion, standard: 100 GB x $0.50 = 50.00 / x $0.57 = 57.00
//! - CloudWatch Logs ingestion, Infrequent Access: 100 GB x $0.25 = 25.00 / x $0.285 = 28.50
//! - CloudWatch Logs storage: 200 GB-months x $0.03 = 6.00 (both)
//! - VPC endpoint hours: 1,488 (2 AZs x 744 h) x $0.01 = 14.88 / x $0.011 = 16.368
//! - VPC endpoint data: 500 GB x $0.01 = 5.00 (both)
//! - WAF: 1 web ACL x $5 = 5.00; 10 rules x $1 = 10.00; 10M requests x $0.60/M = 6.00 (both)
//! - X-Ray: 2M traces recorded x $5/M = 10.00; 1M retrieved x $0.50/M = 0.50 (both)
//! - Cognito (Lite, by total MAU, no free tier): 60,000 MAUs x $0.0055 = 330.00 (first tier to 100,000) (both)
//! - ALB: 744 h x $0.0225 = 16.74 / x $0.0252 = 18.7488; 1,000 LCU-hours x $0.008 = 8.00 (both)
//! - Lambda arm: 2M requests x $0.20/M = 0.40; 1M GB-s x $0.0000133334 = 13.3334 (both)
//!
//! CloudFront: United States 1M HTTPS x $1.00/M = 1.00, 1M HTTP x $0.75/M = 0.75, 1,000 GB x $0.085 =
//! 85.00; EU 1M HTTPS x $1.20/M = 1.20, 1M HTTP x $0.90/M = 0.90, 1,000 GB x $0.085 = 85.00.
//!
//! Not rated: AmazonS3 (egress 100 GB $9.00 + requests $5.00 = $14.00, 2 usage types),
//! AWSQueueService ($0.90), AWSCloudShell ($0.09).

mod common;
use std::path::Path;

use common::*;
use rust_decimal::Decimal;
use serde_json::Value;

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bills")
        .join(name)
        .display()
        .to_string()
}

fn expected() -> Vec<(&'static str, &'static str, &'static str, &'static str)> {
    // region, meter, usage, model (= billed)
    let mut v = Vec::new();
    for (region, logs, ia, vpce_h, alb_h) in [
        ("us-east-1", "50", "25", "14.88", "16.74"),
        ("eu-west-1", "57", "28.5", "16.368", "18.7488"),
    ] {
        v.extend([
            (region, "logs:ingest-standard", "100", logs),
            (region, "logs:ingest-infrequent-access", "100", ia),
            (region, "logs:storage", "200", "6"),
            (region, "vpc-endpoint:hours", "1488", vpce_h),
            (region, "vpc-endpoint:gb-processed", "500", "5"),
            (region, "waf:web-acls", "1", "5"),
            (region, "waf:rules", "10", "10"),
            (region, "waf:requests", "10000000", "6"),
            (region, "xray:traces-recorded", "2000000", "10"),
            (region, "xray:traces-retrieved", "1000000", "0.5"),
            (region, "cognito:monthly-active-users", "60000", "330"),
            (region, "alb:hours", "744", alb_h),
            (region, "alb:lcu-hours", "1000", "8"),
            (region, "lambda:requests:arm", "2000000", "0.4"),
            (region, "lambda:gb-seconds:arm", "1000000", "13.3334"),
        ]);
    }
    for (geo, https, http) in [("United States", "1", "0.75"), ("EU", "1.2", "0.9")] {
        v.extend([
            (geo, "cloudfront:https-requests", "1000000", https),
            (geo, "cloudfront:http-requests", "1000000", http),
            (geo, "cloudfront:data-transfer-out", "1000", "85"),
        ]);
    }
    v
}

fn rows_of(v: &Value) -> Vec<(String, String, Decimal, Decimal, Decimal)> {
    let mut r: Vec<_> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["region"].as_str().unwrap().to_string(),
                r["meter"].as_str().unwrap().to_string(),
                money(&r["usage"]),
                money(&r["billed"]),
                money(&r["model"]),
            )
        })
        .collect();
    r.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    r
}

fn check_rated(v: &Value, what: &str) {
    let rows = rows_of(v);
    let mut want: Vec<_> = expected()
        .into_iter()
        .map(|(r, m, u, x)| (r.to_string(), m.to_string(), d(u), d(x), d(x)))
        .collect();
    want.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    assert_eq!(rows, want, "{what}");
    // Rated usage: the sum of the hand-worked figures, exact.
    let total: Decimal = expected().iter().map(|w| d(w.3)).sum();
    assert_eq!(total, d("1189.5536"));
    assert_eq!(money(&v["model_total_exact"]), total, "{what}");
    assert_eq!(money(&v["billed_total_exact"]), total, "{what}");
}

#[test]
fn every_meter_the_model_prices_is_rated_in_two_regions() {
    let v = json(&["reconcile", &fixture("meters.csv")]);
    check_rated(&v, "meters.csv");
    // Other products: one row per product, never rated, with their costs.
    let un: Vec<(String, String, Decimal)> = v["unmatched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["product"].as_str().unwrap().to_string(),
                u["usage_type"].as_str().unwrap().to_string(),
                money(&u["cost"]),
            )
        })
        .collect();
    assert_eq!(
        un,
        vec![
            (
                "AWSCloudShell".into(),
                "USE1-DataTransfer-Out-Bytes".into(),
                d("0.09")
            ),
            (
                "AWSQueueService".into(),
                "DataTransfer-Out-Bytes".into(),
                d("0.9")
            ),
            ("AmazonS3".into(), "2 usage types".into(), d("14")),
        ],
        "{v}"
    );
    let s3 = &v["unmatched"][2];
    assert!(
        s3["reason"]
            .as_str()
            .unwrap()
            .contains("a product the model does not price (AmazonS3): 2 usage types"),
        "{s3}"
    );
    // One usage type: its usage summed (SQS 10 GB). Two (S3's GB and requests): no one sum, left
    // blank (null) and the reason says why, never a made-up 0.
    assert_eq!(v["unmatched"][1]["usage"], "10", "{v}");
    assert_eq!(s3["usage"], Value::Null, "{s3}");
    assert!(
        s3["reason"]
            .as_str()
            .unwrap()
            .contains("usage left blank: usage types may count different units"),
        "{s3}"
    );
    let table = String::from_utf8(
        bin()
            .args(["reconcile", &fixture("meters.csv")])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let s3_line = table.lines().find(|l| l.contains("2 usage types")).unwrap();
    assert!(!s3_line.contains(" 0 "), "{s3_line}");
    assert_eq!(money(&v["unmatched_total"]), d("14.99"));
    // No data-transfer-out row: S3's, SQS's and CloudShell's egress is not the gateway's.
    assert!(!v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["meter"] == "data-transfer-out"));
}

#[test]
fn focus_1_3_names_are_read_and_focus_without_aws_columns_says_what_is_missing() {
    let v = json(&["reconcile", &fixture("focus13.csv")]);
    check_rated(&v, "focus13.csv");
    assert_eq!(v["files"][0]["layout"], "FOCUS 1.3");
    let out = bin()
        .args(["reconcile", &fixture("focus-no-x.csv")])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "focus-no-x.csv: a FOCUS bill without AWS's columns x_UsageType and x_Operation"
        ),
        "{err}"
    );
}

#[test]
fn the_duckdb_sql_rates_the_same_meters() {
    let dir = tempfile::tempdir().unwrap();
    let sql = dir.path().join("q.sql");
    bin()
        .args([
            "reconcile",
            &fixture("meters.csv"),
            "--emit-sql",
            "duckdb",
            "-o",
        ])
        .arg(&sql)
        .assert()
        .success();
    let out = std::process::Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reconcile_duckdb.py"))
        .arg(&sql)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut duck: Vec<(String, String, Decimal, Decimal, Decimal)> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (
                f[2].to_string(),
                f[3].to_string(),
                d(f[4]),
                d(f[5]),
                d(f[6]),
            )
        })
        .collect();
    duck.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    let v = json(&["reconcile", &fixture("meters.csv")]);
    assert_eq!(duck, rows_of(&v));
}
