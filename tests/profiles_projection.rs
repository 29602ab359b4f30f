//! Profiles, the free tier over time, projections and the finance CSV (issue 5), end to end.
mod common;
use common::*;
use predicates::prelude::*;
use rust_decimal::Decimal;

#[test]
fn legacy_free_tier_single_months() {
    // 10M HTTP, 1M free from tier 1: 9M x $1.00 = $9.00
    assert_eq!(
        quote_total(&[
            "--api",
            "http",
            "--requests",
            "10M",
            "--free-tier",
            "legacy"
        ]),
        d("9.00")
    );
    // 500k is inside the free 1M
    assert_eq!(
        quote_total(&[
            "--api",
            "http",
            "--requests",
            "500k",
            "--free-tier",
            "legacy"
        ]),
        d("0.00")
    );
    // 100M REST: 99M x $3.50 = $346.50
    assert_eq!(
        quote_total(&[
            "--api",
            "rest",
            "--requests",
            "100M",
            "--free-tier",
            "legacy"
        ]),
        d("346.50")
    );
    // the free units are their own line
    let j = json(&[
        "quote",
        "--api",
        "http",
        "--requests",
        "10M",
        "--free-tier",
        "legacy",
    ]);
    assert_eq!(j["lines"][0]["component"], "HTTP API requests (free tier)");
    assert_eq!(j["lines"][0]["quantity"], "1000000");
    assert_eq!(j["lines"][0]["amount"], "0.00");
    // a 12-month-old account has no allowance left
    assert_eq!(
        quote_total(&[
            "--api",
            "http",
            "--requests",
            "10M",
            "--free-tier",
            "legacy",
            "--account-age-months",
            "12"
        ]),
        d("10.00")
    );
}

#[test]
fn fourteen_month_projection_with_the_legacy_tier() {
    let j = json(&[
        "project",
        "--apis",
        "http",
        "--requests",
        "10M",
        "--months",
        "14",
        "--free-tier",
        "legacy",
    ]);
    let months = j["months"].as_array().unwrap();
    assert_eq!(months.len(), 14);
    assert_eq!(money(&months[11]["total"]), d("9.00"));
    assert_eq!(money(&months[11]["free_tier_credit"]), d("1.00"));
    assert_eq!(money(&months[12]["total"]), d("10.00"));
    assert_eq!(money(&months[12]["free_tier_credit"]), d("0"));
    // 12 x $9 + 2 x $10
    assert_eq!(money(&j["total"]), d("128.00"));
    assert_eq!(money(&months[13]["cumulative"]), d("128.00"));
}

#[test]
fn ten_percent_growth() {
    let j = json(&[
        "project",
        "--apis",
        "http",
        "--requests",
        "100M",
        "--growth",
        "10%",
        "--months",
        "3",
    ]);
    let totals: Vec<Decimal> = j["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| money(&m["total"]))
        .collect();
    assert_eq!(totals, vec![d("100.00"), d("110.00"), d("121.00")]);
}

#[test]
fn credits_are_drawn_down_and_shown_as_a_line() {
    // $25 credit, 10M HTTP = $10/month: $0, $0, $5, $10
    let j = json(&[
        "project",
        "--apis",
        "http",
        "--requests",
        "10M",
        "--months",
        "4",
        "--free-tier",
        "credits:25",
    ]);
    let totals: Vec<Decimal> = j["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| money(&m["total"]))
        .collect();
    assert_eq!(totals, vec![d("0.00"), d("0.00"), d("5.00"), d("10.00")]);
    let csv = bin()
        .args([
            "project",
            "--apis",
            "http",
            "--requests",
            "10M",
            "--months",
            "4",
            "--free-tier",
            "credits:25",
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(csv.stdout).unwrap();
    assert!(text.contains("Free Tier credit"), "{text}");
    assert!(
        text.contains(",-10.00,USD,") || text.contains(",-10,USD,"),
        "{text}"
    );
}

#[test]
fn compare_over_months_gives_the_cumulative_saving() {
    // 100M a month for 12 months: REST 12 x 350 = 4,200 ; HTTP 12 x 100 = 1,200 ; saving 3,000
    let j = json(&["compare", "--requests", "100M", "--months", "12"]);
    assert_eq!(money(&j["horizon"]["totals"]["rest"]), d("4200"));
    assert_eq!(money(&j["horizon"]["savings"]["http"]), d("3000"));
    bin()
        .args(["compare", "--requests", "100M", "--months", "12"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Over 12 months: REST $4,200.00, HTTP $1,200.00; HTTP saves $3,000.00 against REST.",
        ));
}

#[test]
fn csv_periods_add_up_and_match_json() {
    let args = [
        "project",
        "--apis",
        "rest,http",
        "--requests",
        "250M",
        "--growth",
        "35%",
        "--months",
        "6",
        "--free-tier",
        "legacy",
        "--request-size",
        "700KB",
    ];
    let out = bin().args(args).args(["--format", "csv"]).output().unwrap();
    assert!(out.status.success());
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = rdr.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (period, api, row_type, amount, amount_exact) = (
        col("period"),
        col("api"),
        col("row_type"),
        col("amount"),
        col("amount_exact"),
    );
    type Sums = std::collections::BTreeMap<(String, String), Decimal>;
    let (mut sums, mut exact_sums, mut totals, mut exact_totals) =
        (Sums::new(), Sums::new(), Sums::new(), Sums::new());
    for r in rdr.records() {
        let r = r.unwrap();
        let key = (r[api].to_string(), r[period].to_string());
        match &r[row_type] {
            "total" => {
                totals.insert(key.clone(), r[amount].parse().unwrap());
                exact_totals.insert(key, r[amount_exact].parse().unwrap());
            }
            "line" | "credit" => {
                *sums.entry(key.clone()).or_default() += r[amount].parse::<Decimal>().unwrap();
                *exact_sums.entry(key).or_default() += r[amount_exact].parse::<Decimal>().unwrap();
            }
            other => assert_eq!(other, "note"),
        }
    }
    assert_eq!(totals.len(), 12);
    assert_eq!(sums, totals, "each period's cents sum to its total row");
    assert_eq!(exact_sums, exact_totals, "and exactly");
    let j = json(&args);
    for o in j["options"].as_array().unwrap() {
        let mut billed = Decimal::ZERO;
        for m in o["months"].as_array().unwrap() {
            let key = (
                o["api"].as_str().unwrap().to_string(),
                m["month"].to_string(),
            );
            assert_eq!(exact_totals[&key], money(&m["total_exact"]));
            assert_eq!(totals[&key], money(&m["total"]));
            billed += money(&m["total"]);
        }
        // The horizon's total is the sum of the months' bills.
        assert_eq!(money(&o["total"]), billed);
    }
}

#[test]
fn example_profiles() {
    // seed guide: 100 x 100,000 = 10M HTTP = $10.00 ; 2,000 x 300,000 = 600M = $570.00
    assert_eq!(
        quote_total(&["--profile", "data/profiles/seed-100-customers.toml"]),
        d("10.00")
    );
    assert_eq!(
        quote_total(&["--profile", "data/profiles/seed-2000-customers.toml"]),
        d("570.00")
    );
    // eu-west-1 REST 2B: 333M x 3.50 + 667M x 3.19 + 1B x 2.71 = 1,165.50 + 2,127.73 + 2,710 ; cache 6.1 GB
    // $0.200/h x 730 = 146.00 ; total 6,149.23
    assert_eq!(
        quote_total(&["--profile", "data/profiles/rest-high-volume-cache.toml"]),
        d("6149.23")
    );
    // 300M messages of 4 KB (1 unit) x $1.00/M = 300 ; 1.5M connections x 30 min = 45M min x $0.25/M = 11.25
    assert_eq!(
        quote_total(&["--profile", "data/profiles/websocket-chat.toml"]),
        d("311.25")
    );
    // start-up month 1: 5M HTTP with 1M free = $4.00 ; egress 5M x 8 KB = 38.14697265625 GB, inside
    // the always-free 100 GB (the legacy tier includes it) ; Lambda arm 5M invocations - 1M free = 4M x
    // 0.20/M = 0.80 ; 5M x 80 ms x 0.5 GB = 200,000 GB-s, inside the 400,000 free. Total 4.80
    assert_eq!(
        quote_total(&["--profile", "data/profiles/startup-growth.toml"]),
        d("4.80")
    );
    // its projection grows 20% a month: month 2 has 6M requests
    let j = json(&["project", "--profile", "data/profiles/startup-growth.toml"]);
    assert_eq!(j["months"][1]["requests"], "6000000");
    assert_eq!(j["months"].as_array().unwrap().len(), 12);
}

#[test]
fn flags_override_the_profile() {
    // the seed profile is HTTP 10M in us-east-1; --requests and --region win
    assert_eq!(
        quote_total(&[
            "--profile",
            "data/profiles/seed-100-customers.toml",
            "--requests",
            "100M",
            "--region",
            "eu-west-1"
        ]),
        d("111.00")
    );
    assert_eq!(
        quote_total(&[
            "--profile",
            "data/profiles/seed-100-customers.toml",
            "--api",
            "rest"
        ]),
        d("35.00")
    );
}

#[test]
fn bad_profiles_name_file_key_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.toml");
    std::fs::write(
        &p,
        "api = \"http\"\nrequests = \"10M\"\nrequest_sise = \"10KB\"\n",
    )
    .unwrap();
    bin()
        .args(["quote", "--profile", p.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("bad.toml")
                .and(predicate::str::contains("line 3"))
                .and(predicate::str::contains("request_sise")),
        );
    std::fs::write(&p, "api = \"http\"\nrequests = \"lots\"\n").unwrap();
    bin()
        .args(["quote", "--profile", p.to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("key `requests` (line 2)")
                .and(predicate::str::contains("'lots'")),
        );
}

#[test]
fn volumes_from_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("v.csv");
    std::fs::write(&p, "month,requests\n1,100M\n2,300M\n3,400M\n").unwrap();
    // HTTP: 100, 300, 300 + 100 x 0.90 = 390
    let j = json(&[
        "project",
        "--apis",
        "http",
        "--volumes",
        p.to_str().unwrap(),
    ]);
    let totals: Vec<Decimal> = j["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| money(&m["total"]))
        .collect();
    assert_eq!(totals, vec![d("100.00"), d("300.00"), d("390.00")]);
}
