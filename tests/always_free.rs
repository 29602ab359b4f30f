//! Issue 29: the always-free allowances AWS documents on its pricing pages but does not carry in its price
//! files (data/free-allowances.json, each with its page and the date read): CloudWatch Logs 5 GB, X-Ray
//! 100,000 traces recorded and 1M retrieved, CloudFront 1 TB out and 10M requests, Cognito Lite 10,000
//! MAUs (tests/cognito.rs). Applied only with a free tier (`--free-tier always`), said on the free line
//! (which allowance, its source) and in the free-tier line; never with the default `none`.
mod common;
use common::*;
use rust_decimal::Decimal;
use serde_json::Value;

/// The month's bill (to the cent) and the JSON of a quote, its lines checked to add up.
fn quote(args: &[&str]) -> (Decimal, Value) {
    quote_total(args);
    let mut a = vec!["quote"];
    a.extend_from_slice(args);
    let j = json(&a);
    (money(&j["total"]), j)
}

/// The free lines of a quote or option: (component, quantity, sources).
fn free_lines(lines: &Value) -> Vec<(String, Decimal, Vec<String>)> {
    lines
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["component"].as_str().unwrap().ends_with("(free tier)"))
        .map(|l| {
            (
                l["component"].as_str().unwrap().to_string(),
                money(&l["quantity"]),
                l["sources"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

#[test]
fn cloudwatch_logs_first_5_gb_of_ingestion() {
    // HTTP 100M with 1 KB access-log lines: 100M x 1,024 B / 2^30 = 95.367431640625 GB.
    // always: (95.367431640625 - 5) x $0.50 = 45.1837158203125 + $100.00 = 145.18...; none: $147.68.
    let a = [
        "--api",
        "http",
        "--requests",
        "100M",
        "--access-log-bytes",
        "1024",
    ];
    let (always, j) = quote(&[&a[..], &["--free-tier", "always"]].concat());
    assert_eq!(always, d("145.18"));
    assert_eq!(
        free_lines(&j["lines"]),
        vec![(
            "CloudWatch Logs ingestion: access logs (Standard) (free tier)".to_string(),
            d("5"),
            vec!["SRC-AWS-FREE-CLOUDWATCH".to_string()]
        )]
    );
    let s = j.to_string();
    assert!(
        s.contains("https://aws.amazon.com/cloudwatch/pricing/, read 2026-12-06"),
        "{s}"
    );
    assert!(s.contains("CloudWatch Logs 5 GB"), "{s}");
    let (none, j) = quote(&a);
    assert_eq!(none, d("147.68"));
    assert!(free_lines(&j["lines"]).is_empty());
}

#[test]
fn the_5_gb_is_shared_by_access_and_execution_logs() {
    // REST 10M: access 256 B -> 2.384185791015625 GB, all free; the other 2.615814208984375 GB come
    // off the execution logs' 10M x 2,048 B = 19.073486328125 GB: 16.457672119140625 x $0.50 =
    // 8.2288360595703125; + REST 10M x $3.50/1M = $35 -> 43.2288360595703125 = $43.23.
    let (total, j) = quote(&[
        "--api",
        "rest",
        "--requests",
        "10M",
        "--access-log-bytes",
        "256",
        "--execution-log-bytes",
        "2048",
        "--free-tier",
        "always",
    ]);
    assert_eq!(money(&j["total_exact"]), d("43.2288360595703125"));
    assert_eq!(total, d("43.23"));
    let free: Decimal = free_lines(&j["lines"]).iter().map(|f| f.1).sum();
    assert_eq!(free, d("5"));
}

#[test]
fn x_ray_first_100000_traces_recorded_and_the_retrieved_note() {
    // 100M REST x 5% = 5M traces: (5,000,000 - 100,000) x $5/1M = $24.50 + $350 = $374.50; none $375.
    let a = [
        "--api",
        "rest",
        "--requests",
        "100M",
        "--xray-sampling",
        "5%",
    ];
    let (always, j) = quote(&[&a[..], &["--free-tier", "always"]].concat());
    assert_eq!(always, d("374.50"));
    assert_eq!(
        free_lines(&j["lines"]),
        vec![(
            "X-Ray traces recorded (free tier)".to_string(),
            d("100000"),
            vec!["SRC-AWS-FREE-XRAY".to_string()]
        )]
    );
    let s = j.to_string();
    assert!(s.contains("the first 1,000,000 a month are free"), "{s}");
    let (none, j) = quote(&a);
    assert_eq!(none, d("375.00"));
    assert!(!j
        .to_string()
        .contains("the first 1,000,000 a month are free"));
}

#[test]
fn cloudfront_first_10m_requests_and_1_tb_out() {
    // HTTP API + CloudFront + WAF, 20M requests of 100 KB responses, United States edge:
    //   CloudFront HTTPS requests: (20M - 10M free) x $1.00/1M              = $10.00
    //   CloudFront out: 20M x 100 KB / 1,048,576 = 1,907.3486328125 GB; - 1,024 GB free =
    //                   883.3486328125 x $0.085                           = 75.0846337890625
    //   HTTP API 20M x $1.00/1M = $20.00; WAF web ACL $5.00 + 20M x $0.60/1M = $12.00
    //   total 122.0846337890625                                            -> $122.08
    let j = json(&[
        "compare",
        "--needs",
        "waf",
        "--requests",
        "20M",
        "--response-size",
        "100KB",
        "--free-tier",
        "always",
    ]);
    let o = j["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["api"] == "http+cloudfront+waf")
        .unwrap();
    assert_eq!(money(&o["total_exact"]), d("122.0846337890625"));
    assert_eq!(
        free_lines(&o["lines"]),
        vec![
            (
                "CloudFront HTTPS requests (free tier)".to_string(),
                d("10000000"),
                vec!["SRC-AWS-FREE-CLOUDFRONT".to_string()]
            ),
            (
                "CloudFront data transfer out (internet) (free tier)".to_string(),
                d("1024"),
                vec!["SRC-AWS-FREE-CLOUDFRONT".to_string()]
            ),
        ]
    );
    assert!(o
        .to_string()
        .contains("always-free 10M requests and 1 TB out a month applied"));
    // Without a free tier: 20M x $1 = $20 + 1,907.3486328125 x $0.085 = 162.1246337890625, + $37.
    let j = json(&[
        "compare",
        "--needs",
        "waf",
        "--requests",
        "20M",
        "--response-size",
        "100KB",
    ]);
    let o = j["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["api"] == "http+cloudfront+waf")
        .unwrap();
    assert_eq!(money(&o["total_exact"]), d("219.1246337890625"));
    assert!(free_lines(&o["lines"]).is_empty());
}

#[test]
fn every_allowance_is_said_in_the_free_tier_line() {
    let j = json(&[
        "quote",
        "--api",
        "http",
        "--requests",
        "1M",
        "--free-tier",
        "always",
    ]);
    let applied = j["free_tier_applied"].as_str().unwrap();
    for said in [
        "CloudWatch Logs 5 GB",
        "X-Ray 100,000 traces recorded and 1M retrieved",
        "CloudFront 1 TB out and 10M requests",
        "Cognito Lite 10,000 MAUs",
    ] {
        assert!(applied.contains(said), "{said} in {applied}");
    }
    let none = json(&["quote", "--api", "http", "--requests", "1M"]);
    assert!(!none["free_tier_applied"]
        .as_str()
        .unwrap()
        .contains("CloudWatch"));
}
