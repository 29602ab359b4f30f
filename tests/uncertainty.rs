//! Ranges on workload inputs, end to end (issue 30): compare and project with a range show the bands in
//! every format, the same seed gives the same output, a profile's range is read, a point command
//! refuses a typed range.
mod common;
use common::*;
use predicates::prelude::*;

fn option<'a>(bands: &'a serde_json::Value, api: &str) -> &'a serde_json::Value {
    bands["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["api"] == api)
        .unwrap_or_else(|| panic!("no {api} in {bands}"))
}

#[test]
fn compare_across_the_333m_tier_gives_the_hand_worked_quantiles() {
    let v = json(&["compare", "--requests", "200M..500M"]);
    // The point report prices the median, 350M: $1,165.50 + 17M x $2.80 = $1,213.10.
    let u = &v["uncertainty"];
    assert_eq!(u["draws"], 10_000);
    assert_eq!(u["ranges"][0]["shape"], "uniform");
    assert_eq!(u["ranges"][0]["p10"], "230000000");
    let rest = option(&u["month"], "rest");
    // p10 230M x $3.50 = $805.00; p90 470M = $1,165.50 + 137M x $2.80 = $1,549.10.
    assert_eq!(money(&rest["bill"]["p10"]), d("805.00"));
    assert_eq!(money(&rest["bill"]["p50"]), d("1213.10"));
    assert_eq!(money(&rest["bill"]["p90"]), d("1549.10"));
    let http = option(&u["month"], "http");
    assert_eq!(money(&http["bill"]["p50"]), d("345.00"));
    // HTTP is cheaper at every volume in the range.
    assert_eq!(http["probability_cheapest"], "1");
    assert_eq!(rest["probability_cheapest"], "0");
    assert_eq!(money(&http["saving_vs_baseline"]["p10"]), d("575.00"));
    assert!(rest["saving_vs_baseline"].is_null());
}

#[test]
fn the_same_seed_gives_the_same_output_and_another_seed_another() {
    let args = [
        "compare",
        "--requests",
        "100M~30%",
        "--request-size",
        "p10=100KB,p50=400KB,p90=900KB",
        "--draws",
        "2000",
    ];
    let run = |seed: &str| {
        bin()
            .args(args)
            .args(["--range-seed", seed, "--format", "json"])
            .output()
            .unwrap()
            .stdout
    };
    assert_eq!(run("7"), run("7"));
    // Two inputs: the seed pairs their strata differently, so the bills' bands move.
    assert_ne!(run("7"), run("8"));
}

#[test]
fn a_payload_range_across_512kb_moves_the_http_odds() {
    // HTTP meters requests in 512 KB steps: above 512 KB each request counts twice (2 x 50M = 100M).
    // REST at 50M is $175.00; HTTP $50.00 below 512 KB, $100.00 above: HTTP cheaper in every draw.
    let v = json(&[
        "compare",
        "--requests",
        "50M",
        "--request-size",
        "256KB..768KB",
    ]);
    let http = option(&v["uncertainty"]["month"], "http");
    assert_eq!(money(&http["bill"]["p10"]), d("50.00"));
    assert_eq!(money(&http["bill"]["p90"]), d("100.00"));
    assert_eq!(http["probability_cheapest"], "1");
}

#[test]
fn a_profile_range_is_read_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.toml");
    std::fs::write(
        &p,
        "region = \"us-east-1\"\napis = [\"rest\", \"http\"]\nrequests = { p10 = \"60M\", p50 = \"100M\", p90 = \"180M\" }\n",
    )
    .unwrap();
    let v = json(&["compare", "--profile", p.to_str().unwrap()]);
    let r = &v["uncertainty"]["ranges"][0];
    assert_eq!(r["shape"], "log-normal");
    assert_eq!(r["from"], "profile, line 3");
    assert_eq!(r["text"], "p10=60M,p50=100M,p90=180M");
    // The point report prices the median: 100M REST = $350.00.
    let rest = option(&v["uncertainty"]["month"], "rest");
    // The median draw of the log-normal is 100M (the stratum midpoints straddle it): $350.00.
    assert_eq!(money(&rest["bill"]["p50"]), d("350.00"));
    // A flag overrides the profile's range with a point: no bands.
    let v = json(&[
        "compare",
        "--profile",
        p.to_str().unwrap(),
        "--requests",
        "1M",
    ]);
    assert!(v.get("uncertainty").is_none());
}

#[test]
fn a_bad_profile_range_names_the_key_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.toml");
    std::fs::write(&p, "requests = { low = \"9M\", high = \"1M\" }\n").unwrap();
    bin()
        .args(["compare", "--profile", p.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains("requests").and(predicate::str::contains("line 1")));
    std::fs::write(&p, "requests = { p10 = \"9M\", top = \"1M\" }\n").unwrap();
    bin()
        .args(["compare", "--profile", p.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains("a range table"));
}

#[test]
fn project_shows_each_month_and_the_cumulative_band() {
    let v = json(&[
        "project",
        "--requests",
        "100M",
        "--growth",
        "0%..10%",
        "--months",
        "3",
        "--apis",
        "http",
        "--draws",
        "1000",
    ]);
    let u = &v["uncertainty"];
    let months = u["months"].as_array().unwrap();
    assert_eq!(months.len(), 3);
    // Month 1 does not depend on growth: $100.00 in every draw.
    let m1 = option(&months[0], "http");
    assert_eq!(money(&m1["bill"]["p10"]), d("100.00"));
    assert_eq!(money(&m1["bill"]["p90"]), d("100.00"));
    // Month 2 is 100M x (1 + g), g uniform 0..10%: p10 = $101.00, p90 = $109.00.
    let m2 = option(&months[1], "http");
    assert_eq!(money(&m2["bill"]["p10"]), d("101.00"));
    assert_eq!(money(&m2["bill"]["p90"]), d("109.00"));
    let cum = option(&u["cumulative"], "http");
    assert!(money(&cum["bill"]["p10"]) < money(&cum["bill"]["p90"]));
}

#[test]
fn the_finance_csv_carries_quantile_rows_beside_the_lines() {
    let out = bin()
        .args([
            "compare",
            "--requests",
            "80M..120M",
            "--format",
            "csv",
            "--draws",
            "1000",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().filter(|l| l.starts_with("period,")).count(), 1);
    // HTTP 80M..120M at $1.00/M: p10 84M = $84.00.
    assert!(
        text.contains("1,us-east-1,http,quantile,bill p10,,,,,,,84.00,84"),
        "{text}"
    );
    assert!(text.contains("http,quantile,probability cheapest,,,1,probability"));
    // The point rows are the median's: 100M HTTP = $100.00.
    assert!(text.contains("1,us-east-1,http,total,TOTAL"));
}

#[test]
fn table_and_markdown_show_how_sure_this_is() {
    bin()
        .args(["compare", "--requests", "80M..120M", "--draws", "500"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("How sure is this")
                .and(predicate::str::contains("Cheapest in"))
                .and(predicate::str::contains(
                    "requests 80M..120M (uniform, flag; p10 84M",
                )),
        );
    bin()
        .args([
            "project",
            "--requests",
            "80M..120M",
            "--months",
            "2",
            "--format",
            "markdown",
            "--draws",
            "500",
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("## How sure is this")
                .and(predicate::str::contains("Cumulative over 2 months")),
        );
}

#[test]
fn a_point_command_refuses_a_typed_range() {
    bin()
        .args(["quote", "--api", "http", "--requests", "80M..120M"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`quote` prices one point"));
    bin()
        .args(["compare", "--requests", "80M..120M", "--draws", "5"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--draws"));
}

#[test]
fn compare_regions_draws_every_region() {
    let v = json(&[
        "compare",
        "--regions",
        "us-east-1,eu-west-1",
        "--requests",
        "80M..120M",
        "--draws",
        "1000",
    ]);
    let by = v["uncertainty"]["by_region"].as_array().unwrap();
    assert_eq!(by.len(), 2);
    assert_eq!(by[0]["region"], "us-east-1");
    assert_eq!(by[1]["region"], "eu-west-1");
    // The median draw is 100M, the point each region's report prices: the bands' p50 is its total.
    for (k, region) in ["us-east-1", "eu-west-1"].iter().enumerate() {
        let rest = v["options"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["region"] == *region && o["api"] == "rest")
            .unwrap();
        let p50 = money(&option(&by[k]["month"], "rest")["bill"]["p50"]);
        assert_eq!(p50, money(&rest["total"]), "{region}");
    }
    // The first region's bands stay where one region puts them.
    assert_eq!(v["uncertainty"]["month"], by[0]["month"]);
    let out = bin()
        .args([
            "compare",
            "--regions",
            "us-east-1,eu-west-1",
            "--requests",
            "80M..120M",
        ])
        .args(["--draws", "500", "--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("1,eu-west-1,http,quantile,bill p10"),
        "{text}"
    );
    bin()
        .args([
            "compare",
            "--regions",
            "us-east-1,eu-west-1",
            "--requests",
            "80M..120M",
        ])
        .args(["--draws", "500"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("How sure is this (us-east-1)")
                .and(predicate::str::contains("How sure is this (eu-west-1)")),
        );
}
