//! Issue 29: an ALB's request body limit is Lambda's only, and a volume derived from a rate follows the
//! calendar month's hours under `--start`.
mod common;
use common::*;
use predicates::prelude::*;

/// The month's bill (to the cent) of a quote, its lines checked to add up.
fn billed(args: &[&str]) -> rust_decimal::Decimal {
    quote_total(args);
    let mut a = vec!["quote"];
    a.extend_from_slice(args);
    money(&json(&a)["total"])
}

#[test]
fn an_alb_takes_2_mb_bodies_without_a_lambda_target() {
    // 1M requests of 2 MB (2,048 KB) in us-east-1 on an ALB with instance/IP targets:
    //   hours:     730 h x $0.0225                                          = $16.425
    //   LCU-hours: the largest dimension is processed bytes:
    //              1M x 2,048 KB / 1,048,576 KB per GB = 1,953.125 GB at 1 GB per LCU-hour
    //              (new connections 1M / 90,000 = 11.11, active 1M / 180,000 = 5.56, rules 0)
    //              1,953.125 x $0.008                                       = $15.625
    //   total 16.425 + 15.625                                               = $32.05
    let a = ["--api", "alb", "--requests", "1M", "--request-size", "2048"];
    assert_eq!(quote_total(&a), d("32.05"));
    assert_eq!(billed(&a), d("32.05"));
    // With a Lambda target the 1 MB limit is Lambda's, and still refused.
    bin()
        .args([
            "quote",
            "--api",
            "alb",
            "--requests",
            "1M",
            "--request-size",
            "2048",
            "--duration-ms",
            "10",
            "--memory-mb",
            "128",
        ])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("ALB-to-Lambda target payload limit of 1 MB")
                .and(predicate::str::contains("ALB-LAMBDA-DOC")),
        );
}

#[test]
fn a_rate_in_february_2026_bills_672_hours() {
    // 100 req/s in 2026-02 (28 days x 24 = 672 h): 100 x 3,600 x 672 = 241,920,000 requests x
    // $3.50/1M = $846.72 (730 hours would be 262,800,000 = $919.80).
    let a = ["--api", "rest", "--rps", "100", "--start", "2026-02"];
    assert_eq!(quote_total(&a), d("846.72"));
    let j = json(&[
        "quote", "--api", "rest", "--rps", "100", "--start", "2026-02",
    ]);
    assert_eq!(money(&j["requests"]), d("241920000"));
    assert!(j.to_string().contains("672 hours"), "{j}");
    // Without --start: the 730-hour month.
    assert_eq!(quote_total(&["--api", "rest", "--rps", "100"]), d("919.80"));
    // A monthly volume is not a rate: --requests keeps its count whatever the month.
    assert_eq!(
        quote_total(&[
            "--api",
            "rest",
            "--requests",
            "262.8M",
            "--start",
            "2026-02"
        ]),
        d("919.80")
    );
}

#[test]
fn a_projection_from_a_rate_bills_each_months_hours() {
    // project --rps 100 --start 2026-02 --months 2, REST: February 241,920,000 requests = $846.72,
    // March (744 h) 100 x 3,600 x 744 = 267,840,000 x $3.50/1M = $937.44; cumulative $1,784.16.
    let j = json(&[
        "project", "--apis", "rest", "--rps", "100", "--start", "2026-02", "--months", "2",
    ]);
    let s = j.to_string();
    for figure in ["846.72", "937.44", "1784.16", "241920000", "267840000"] {
        assert!(s.contains(figure), "{figure} in {s}");
    }
    // compare --months takes the same path (the projection).
    let c = json(&[
        "compare",
        "--apis",
        "rest,http",
        "--rps",
        "100",
        "--start",
        "2026-02",
        "--months",
        "2",
    ])
    .to_string();
    assert!(c.contains("1784.16"), "{c}");
}

#[test]
fn identities_miss_once_per_ttl_window_of_the_calendar_month() {
    // A cached Lambda authorizer, 100 identities, 300 s TTL, in 2026-02: 672 x 3,600 = 2,419,200 s /
    // 300 = 8,064 windows x 100 = 806,400 invocations (730 h: 876,000).
    let j = json(&[
        "quote",
        "--api",
        "rest",
        "--rps",
        "100",
        "--start",
        "2026-02",
        "--authorizer",
        "lambda-cached",
        "--identities",
        "100",
        "--authorizer-duration-ms",
        "20",
        "--authorizer-memory-mb",
        "128",
    ]);
    let s = j.to_string();
    assert!(s.contains("2,419,200 s / 300 s TTL"), "{s}");
    assert!(s.contains("806,400"), "{s}");
}
