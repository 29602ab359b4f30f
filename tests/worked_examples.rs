//! Every worked example of design.md (us-east-1, no free tier), reproduced end to end.
mod common;
use common::*;

#[test]
fn seed_guide_customers() {
    // 100 customers x 100,000 = 10M HTTP requests x $1.00/M
    assert_eq!(
        quote_total(&["--api", "http", "--requests", "10M"]),
        d("10.00")
    );
    // 2,000 x 300,000 = 600M: 300M x $1.00/M + 300M x $0.90/M = $300 + $270
    assert_eq!(
        quote_total(&["--api", "http", "--requests", "600_000_000"]),
        d("570.00")
    );
}

#[test]
fn hundred_million_rest_vs_http() {
    assert_eq!(
        quote_total(&["--api", "rest", "--requests", "100M"]),
        d("350.00")
    );
    assert_eq!(
        quote_total(&["--api", "http", "--requests", "100M"]),
        d("100.00")
    );
    let j = json(&["compare", "--requests", "100M"]);
    assert_eq!(j["cheapest"], "http");
    assert_eq!(money(&j["savings"]["http"]["amount"]), d("250.00"));
    // 250 / 350 = 71.43 %
    assert_eq!(money(&j["savings"]["http"]["percent"]), d("71.43"));
}

#[test]
fn compare_table_states_the_saving() {
    bin()
        .args(["compare", "--requests", "100M"])
        .assert()
        .success()
        .stdout(predicates::str::contains("HTTP saves $250.00 (71%)"));
}

#[test]
fn marginal_rates_above_twenty_billion() {
    // The 21st billion: REST tier 4 at $1.51/M, HTTP tier 2 at $0.90/M (40% less).
    let rest = quote_total(&["--api", "rest", "--requests", "21B"])
        - quote_total(&["--api", "rest", "--requests", "20B"]);
    let http = quote_total(&["--api", "http", "--requests", "21B"])
        - quote_total(&["--api", "http", "--requests", "20B"]);
    assert_eq!(rest, d("1510.00"));
    assert_eq!(http, d("900.00"));
}

#[test]
fn billion_and_twenty_one_billion() {
    // HTTP 1B: 300M x 1.00 + 700M x 0.90 = 300 + 630
    assert_eq!(
        quote_total(&["--api", "http", "--requests", "1B"]),
        d("930.00")
    );
    // REST 21B: 333M x 3.50 + 667M x 2.80 + 19B x 2.38 + 1B x 1.51 = 1,165.50 + 1,867.60 + 45,220 + 1,510
    assert_eq!(
        quote_total(&["--api", "rest", "--requests", "21B"]),
        d("49763.10")
    );
}

#[test]
fn rest_cache_sizes() {
    // 730 h x $0.020 and 730 h x $3.80
    assert_eq!(
        quote_total(&["--api", "rest", "--requests", "0", "--cache", "0.5"]),
        d("14.60")
    );
    assert_eq!(
        quote_total(&["--api", "rest", "--requests", "0", "--cache", "237"]),
        d("2774.00")
    );
}

#[test]
fn http_payload_sizes() {
    // 10 KB is one 512 KB unit
    assert_eq!(
        quote_total(&[
            "--api",
            "http",
            "--requests",
            "100M",
            "--request-size",
            "10KB"
        ]),
        d("100.00")
    );
    // 750M x 1 unit: 300 + 450M x 0.90
    assert_eq!(
        quote_total(&[
            "--api",
            "http",
            "--requests",
            "750M",
            "--request-size",
            "1KB"
        ]),
        d("705.00")
    );
}

#[test]
fn rps_is_a_730_hour_month() {
    // 100 rps x 3,600 x 730 = 262,800,000 HTTP requests x $1.00/M = $262.80
    assert_eq!(quote_total(&["--api", "http", "--rps", "100"]), d("262.80"));
}
