//! Finance-grade outputs (issue 14): every row rated or rejected, cents that add up in every command,
//! the finance CSV for spreadsheets, warnings in every format, calendar months, the always-free
//! allowances. Figures worked by hand from the us-east-1 tables (HTTP $1.00/M to 300M; REST $3.50/M
//! first 333M; ALB $0.0225/hour + $0.008/LCU-hour; Lambda $0.20/M requests, $0.0000166667/GB-s x86;
//! REST cache 0.5 GB $0.020/hour; internet egress $0.09/GB first 10 TB).
mod common;
use common::*;
use predicates::prelude::*;

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

/// A shared account once billed an ALB row of a requests-only input $0.00 without a word (the fast
/// path's rows carry no workload, and the kind was only checked on rows that had one).
#[test]
fn a_shared_account_rejects_an_alb_row_instead_of_billing_it_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "f.csv",
        "id,api,region,requests\nu1,alb,,10M\nu2,http,,1M\n",
    );
    bin()
        .args(["batch", &input, "--accounts", "shared", "--summary"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "row 1 (line 2), column api, value 'alb'",
        ));
    let rejects = dir.path().join("rejects.csv");
    let out = bin()
        .args(["batch", &input, "--accounts", "shared", "--summary"])
        .args(["--on-error", "skip", "--rejects"])
        .arg(&rejects)
        .output()
        .unwrap();
    assert!(out.status.success());
    // u2: 1M HTTP requests x $1.00/M = $1.00, the only row rated.
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "id,api,region,requests,total,billed\nu2,http,,1M,1.00,1.00\n"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("2 rows read, 1 rated, 1 rejected"),
        "{stderr}"
    );
    let r = std::fs::read_to_string(&rejects).unwrap();
    assert!(r.contains("1,2,api,alb,"), "{r}");
    // function-url is refused the same way.
    let input = write(
        dir.path(),
        "g.csv",
        "id,api,region,requests\nu1,function-url,,1M\n",
    );
    bin()
        .args(["batch", &input, "--accounts", "shared", "--summary"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("value 'function-url'"));
}

type Rows = Vec<std::collections::BTreeMap<String, String>>;

fn read_csv(text: &str) -> Rows {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let h = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            h.iter()
                .zip(rec.iter())
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Runs the binary, expecting success; stdout.
fn run(args: &[&str]) -> String {
    let out = bin().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn csv_of(args: &[&str]) -> Rows {
    let mut a = args.to_vec();
    a.extend(["--format", "csv"]);
    read_csv(&run(&a))
}

/// SUMIFS(amount, row_type, "line") + SUMIFS(amount, row_type, "credit") per (api, period) equals the
/// total row's amount, and the same exactly with `amount_exact`.
fn assert_sumifs(rows: &Rows) {
    use std::collections::BTreeMap;
    let mut sums: BTreeMap<
        (String, String, String),
        (rust_decimal::Decimal, rust_decimal::Decimal),
    > = BTreeMap::new();
    let mut totals = BTreeMap::new();
    for r in rows {
        let key = (r["region"].clone(), r["api"].clone(), r["period"].clone());
        match r["row_type"].as_str() {
            "line" | "credit" => {
                let e = sums.entry(key).or_default();
                e.0 += d(&r["amount"]);
                e.1 += d(&r["amount_exact"]);
            }
            "total" => {
                totals.insert(key, (d(&r["amount"]), d(&r["amount_exact"])));
            }
            "note" => {
                assert!(r["amount"].is_empty() && r["amount_exact"].is_empty());
            }
            other => panic!("unknown row_type {other}"),
        }
    }
    assert!(!totals.is_empty());
    assert_eq!(sums, totals);
}

#[test]
fn the_finance_csv_has_row_types_cents_exact_amounts_and_prices_as_aws_quotes_them() {
    let rows = csv_of(&["quote", "--api", "rest", "--requests", "400M"]);
    // 333M x $3.50/M = $1,165.50 ; 67M x $2.80/M = $187.60 ; total $1,353.10.
    let r = &rows[1];
    assert_eq!(r["row_type"], "line");
    assert_eq!(r["quantity"], "67000000");
    assert_eq!(r["unit_price"], "2.80");
    assert_eq!(r["price_unit"], "per 1M requests");
    assert_eq!(r["amount"], "187.60");
    assert_eq!(r["source"], "SRC-AWS-METER-2025-10-20");
    let t = &rows[2];
    assert_eq!(
        (t["row_type"].as_str(), t["component"].as_str()),
        ("total", "TOTAL")
    );
    assert_eq!(
        (t["amount"].as_str(), t["amount_exact"].as_str()),
        ("1353.10", "1353.10")
    );
    assert_sumifs(&rows);
    // The free tier applied is said, as a note.
    assert!(rows
        .iter()
        .any(|r| r["row_type"] == "note" && r["component"].starts_with("free tier: none")));
}

#[test]
fn lines_are_rounded_by_largest_remainder_so_sumifs_equals_the_total() {
    // ALB, 10M requests, no backend: hours 730 x $0.0225 = 16.425 ; LCU-hours 10M / 90,000 per
    // LCU-hour (25 new connections/s x 3,600) = 111.11... x $0.008 = 0.888... ; total 17.3138... ->
    // $17.31. Floors 16.42 + 0.88 = 17.30; the one missing cent goes to the larger remainder (LCU
    // 0.00888... > hours 0.005): 16.42 + 0.89.
    let rows = csv_of(&["quote", "--api", "alb", "--requests", "10M"]);
    let amounts: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| r["row_type"] != "note")
        .map(|r| (r["amount"].as_str(), r["amount_exact"].as_str()))
        .collect();
    assert_eq!(amounts[0], ("16.42", "16.425"));
    assert_eq!(amounts[1].0, "0.89");
    assert_eq!(amounts[2], ("17.31", "17.313888888888888888888888889"));
    assert_sumifs(&rows);
    // Each row cites its own price's source: ALB rows never the API Gateway price map.
    for r in rows.iter().filter(|r| r["row_type"] == "line") {
        assert_eq!(
            r["source"],
            "SRC-ELB-METER-2025-11-03 SRC-APIEVANGELIST-ELB"
        );
    }
}

#[test]
fn rows_cite_their_own_sources_and_titles_are_listed_once() {
    // ALB + Lambda + egress: each row its own source.
    let args = [
        "quote",
        "--api",
        "alb",
        "--requests",
        "10M",
        "--backend",
        "lambda",
        "--duration-ms",
        "100",
        "--memory-mb",
        "512",
        "--response-size",
        "4KB",
    ];
    let rows = csv_of(&args);
    let source = |component: &str| {
        rows.iter()
            .find(|r| r["component"].starts_with(component))
            .map(|r| r["source"].clone())
            .unwrap()
    };
    assert_eq!(
        source("Application Load Balancer hours"),
        "SRC-ELB-METER-2025-11-03 SRC-APIEVANGELIST-ELB"
    );
    assert!(source("Lambda requests").contains("SRC-AWS-METER-LAMBDA-2025-10-30"));
    assert!(source("Data transfer out").contains("SRC-DT-PROCESSED-2025-08-28"));
    let j = json(&args);
    let sources = j["sources"].as_object().unwrap();
    // JSON and Markdown trace each line to AWS's own files; the CSV's source column above keeps the
    // third-party copy that corroborates them (finance reconciles against every source).
    assert!(
        sources.contains_key("SRC-ELB-METER-2025-11-03"),
        "{sources:?}"
    );
    assert!(
        !sources.contains_key("SRC-APIEVANGELIST-ELB"),
        "a third-party copy is not cited beside AWS's file"
    );
    assert!(
        !sources.contains_key("SRC-AWS-METER-2025-10-20"),
        "no API Gateway price is used"
    );
    let md = run(&[&args[..], &["--format", "markdown"]].concat());
    // Markdown is the table's layout: its Prices line names the sources (titles: prices sources).
    let prices = md.lines().find(|l| l.contains("Prices: ")).unwrap();
    assert_eq!(
        prices.matches("SRC-ELB-METER-2025-11-03").count(),
        1,
        "{md}"
    );
    assert!(!md.contains("SRC-APIEVANGELIST-ELB"), "{md}");
    let listing = run(&["prices", "sources", "--format", "csv"]);
    assert!(listing.starts_with("id,source\n"));
    assert!(listing.contains("\nSRC-INFRACOST-GOLDEN-DT,"));
}

#[test]
fn a_credit_is_money_with_its_own_row_type() {
    // HTTP 10M = $10.00 ; credits:4 draws $4.00: total $6.00.
    let rows = csv_of(&[
        "quote",
        "--api",
        "http",
        "--requests",
        "10M",
        "--free-tier",
        "credits:4",
    ]);
    let c = rows.iter().find(|r| r["row_type"] == "credit").unwrap();
    assert_eq!(c["component"], "Free Tier credit");
    assert_eq!((c["quantity"].as_str(), c["unit"].as_str()), ("4", "USD"));
    assert_eq!(
        (c["unit_price"].as_str(), c["price_unit"].as_str()),
        ("-1.00", "per USD")
    );
    assert_eq!(
        (c["amount"].as_str(), c["amount_exact"].as_str()),
        ("-4.00", "-4.00")
    );
    assert_sumifs(&rows);
    let table = run(&[
        "quote",
        "--api",
        "http",
        "--requests",
        "10M",
        "--free-tier",
        "credits:4",
    ]);
    let line = table
        .lines()
        .find(|l| l.contains("Free Tier credit"))
        .unwrap();
    assert!(
        line.contains("$4.00 of credit") && line.contains("-$4.00"),
        "{line}"
    );
    assert!(!line.contains("requests"), "{line}");
    assert!(table.contains("$6.00"));
}

#[test]
fn warnings_reach_every_format() {
    // A catalog without egress prices for ap-east-2 (the embedded one has them in every region): the
    // 10 KB responses are not priced, and every format says so.
    let dir = tempfile::tempdir().unwrap();
    let cat = edited_catalog(dir.path(), |c| {
        c["regions"]["ap-east-2"]
            .as_object_mut()
            .unwrap()
            .remove("data_transfer_out_internet");
    });
    let args = [
        "--prices",
        cat.to_str().unwrap(),
        "compare",
        "--region",
        "ap-east-2",
        "--response-size",
        "10KB",
        "--apis",
        "rest",
        "--requests",
        "1M",
    ];
    let rows = csv_of(&args);
    let notes: Vec<&str> = rows
        .iter()
        .filter(|r| r["row_type"] == "note")
        .map(|r| r["component"].as_str())
        .collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("data transfer out is NOT included")),
        "{notes:?}"
    );
    let j = json(&args);
    let w = j["warnings"].as_array().unwrap();
    assert!(
        w.iter()
            .any(|w| w.as_str().unwrap().contains("NOT included")),
        "{w:?}"
    );
    let md = run(&[&args[..], &["--format", "markdown"]].concat());
    assert!(
        md.contains("- warning: REST: data transfer out is NOT included"),
        "{md}"
    );
    // The throttle at the peak: 10B a month = 3,805 req/s on average, x3 = 11,416 > 10,000 req/s.
    let rows = csv_of(&[
        "quote",
        "--api",
        "http",
        "--requests",
        "10B",
        "--peak-factor",
        "3",
    ]);
    assert!(
        rows.iter()
            .any(|r| r["row_type"] == "note" && r["component"].contains("10,000")),
        "{rows:?}"
    );
    // REST's 29 s timeout against a 40 s Lambda duration.
    let rows = csv_of(&[
        "quote",
        "--api",
        "rest",
        "--requests",
        "1M",
        "--backend",
        "lambda",
        "--duration-ms",
        "40000",
        "--memory-mb",
        "128",
    ]);
    assert!(
        rows.iter()
            .any(|r| r["row_type"] == "note" && r["component"].contains("29")),
        "{rows:?}"
    );
}

#[test]
fn displayed_cents_add_up_in_every_command() {
    // REST 100M: 350 + Lambda 100M x $0.20/M = 20 + 5,000,000 GB-s x $0.0000166667 = 83.3335:
    // 453.3335 -> $453.33. ALB: 16.425 + 1,111.11 LCU-h x $0.008 = 8.888... + 20 + 83.3335 =
    // 128.6473... -> $128.65. The saving is the difference of the bills shown: $324.68.
    let args = [
        "compare",
        "--requests",
        "100M",
        "--apis",
        "rest,http,alb",
        "--backend",
        "lambda",
        "--duration-ms",
        "100",
        "--memory-mb",
        "512",
    ];
    let table = run(&args);
    assert!(table.contains("saves $324.68 (72%)"), "{table}");
    assert!(table.contains("ALB saves $324.68 (72%) against the REST API."));
    let j = json(&args);
    assert_eq!(money(&j["savings"]["alb"]["amount"]), d("324.68"));
    // The ALB-hours line shows the same cents in compare and quote, in every format.
    let quote = [
        "quote",
        "--api",
        "alb",
        "--requests",
        "100M",
        "--backend",
        "lambda",
        "--duration-ms",
        "100",
        "--memory-mb",
        "512",
    ];
    let alb_hours = |rows: &Rows| {
        rows.iter()
            .find(|r| r["component"] == "Application Load Balancer hours")
            .map(|r| r["amount"].clone())
            .unwrap()
    };
    assert_eq!(alb_hours(&csv_of(&quote)), "16.43");
    assert_eq!(alb_hours(&csv_of(&args)), "16.43");
    let qj = json(&quote);
    assert_eq!(money(&qj["lines"][0]["amount"]), d("16.43"));
    assert_eq!(money(&qj["lines"][0]["amount_exact"]), d("16.425"));
    let cj = j["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["api"] == "alb")
        .unwrap();
    assert_eq!(money(&cj["lines"][0]["amount"]), d("16.43"));
    for text in [
        run(&quote),
        run(&[&quote[..], &["--format", "markdown"]].concat()),
    ] {
        let line = text
            .lines()
            .find(|l| l.contains("Application Load Balancer hours"))
            .unwrap();
        assert!(line.contains("$16.43"), "{line}");
    }
}

#[test]
fn a_projection_total_is_the_sum_of_its_months_bills() {
    // The partner review: REST 300M a month x 12. Each month 300M x $3.50/M = 1,050 + Lambda 300M x
    // $0.20/M = 60 + 6,750,000 GB-s x $0.0000133334 (arm) = 90.00045, + the cached Lambda authorizer
    // (17,520,000 invocations x $0.20/M = 3.504 + 43,800 GB-s x $0.0000166667 = 0.73000146) =
    // $1,204.23445146 -> billed $1,204.23; twelve bills $14,450.76 (exactly 14,450.81341752, which
    // would round to 14,450.81).
    let j = json(&[
        "project",
        "--profile",
        "data/profiles/partner-api-review.toml",
        "--apis",
        "rest",
    ]);
    assert_eq!(money(&j["months"][0]["total"]), d("1204.23"));
    assert_eq!(money(&j["months"][0]["total_exact"]), d("1204.23445146"));
    assert_eq!(money(&j["total"]), d("14450.76"));
    assert_eq!(money(&j["total_exact"]), d("14450.81341752"));
    let md = run(&[
        "project",
        "--profile",
        "data/profiles/partner-api-review.toml",
        "--apis",
        "rest",
        "--format",
        "markdown",
    ]);
    assert!(md.contains("| Total |  | $14,450.76 |  |"), "{md}");
    assert!(!md.contains("14,450.81"));
    let rows = csv_of(&[
        "project",
        "--profile",
        "data/profiles/partner-api-review.toml",
        "--apis",
        "rest",
    ]);
    assert_sumifs(&rows);
    let totals: rust_decimal::Decimal = rows
        .iter()
        .filter(|r| r["row_type"] == "total")
        .map(|r| d(&r["amount"]))
        .sum();
    assert_eq!(totals, d("14450.76"));
}

#[test]
fn output_files_take_their_format_from_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    for (name, starts) in [
        ("q.csv", "period,region,api,row_type,"),
        ("q.json", "{"),
        ("q.md", "## HTTP API in us-east-1"),
        ("q.markdown", "## HTTP API in us-east-1"),
    ] {
        let p = dir.path().join(name);
        bin()
            .args(["quote", "--api", "http", "--requests", "600M", "-o"])
            .arg(&p)
            .assert()
            .success();
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.starts_with(starts), "{name}: {text}");
    }
    // A --format that agrees is fine; one that contradicts the extension is a usage error.
    let p = dir.path().join("agree.json");
    bin()
        .args([
            "quote",
            "--api",
            "http",
            "--requests",
            "1M",
            "--format",
            "json",
            "-o",
        ])
        .arg(&p)
        .assert()
        .success();
    let p = dir.path().join("quote.csv");
    bin()
        .args([
            "quote",
            "--api",
            "http",
            "--requests",
            "1M",
            "--format",
            "json",
            "-o",
        ])
        .arg(&p)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--format").and(predicate::str::contains("csv")));
    assert!(!p.exists());
}

#[test]
fn calendar_months_bill_their_real_hours() {
    // REST 1M requests + 0.5 GB cache from February 2026: 1M x $3.50/M = 3.50 + 672 h x $0.020 = 13.44
    // -> $16.94; March 744 h x $0.020 = 14.88 -> $18.38; $35.32 in all.
    let args = [
        "project",
        "--apis",
        "rest",
        "--requests",
        "1M",
        "--cache",
        "0.5",
        "--start",
        "2026-02",
        "--months",
        "2",
    ];
    let j = json(&args);
    let months: Vec<(String, rust_decimal::Decimal)> = j["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["period"].as_str().unwrap().to_string(),
                money(&m["total"]),
            )
        })
        .collect();
    assert_eq!(
        months,
        vec![
            ("2026-02".to_string(), d("16.94")),
            ("2026-03".to_string(), d("18.38"))
        ]
    );
    assert_eq!(money(&j["total"]), d("35.32"));
    let rows = csv_of(&args);
    let cache: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| r["meter"] == "cache-hours")
        .map(|r| (r["period"].as_str(), r["quantity"].as_str()))
        .collect();
    assert_eq!(cache, vec![("2026-02", "672"), ("2026-03", "744")]);
    // Without --start: numbered 730-hour months, 3.50 + 14.60 = $18.10 each.
    let j = json(&[
        "project",
        "--apis",
        "rest",
        "--requests",
        "1M",
        "--cache",
        "0.5",
        "--months",
        "2",
    ]);
    assert_eq!(j["months"][1]["period"], "2");
    assert_eq!(money(&j["months"][1]["total"]), d("18.10"));
    // ALB hours in compare --months from February: 672 x $0.0225 = $15.12 ; the horizon's totals.
    let j = json(&[
        "compare",
        "--apis",
        "alb",
        "--requests",
        "0",
        "--months",
        "1",
        "--start",
        "2026-02",
    ]);
    assert_eq!(money(&j["horizon"]["totals"]["alb"]), d("15.12"));
    // compare --months from February, REST and ALB at 10M: REST 3 x $35.00 = $105.00; ALB hours
    // 672 / 744 / 720 x $0.0225 = 15.12 / 16.74 / 16.20, LCU-hours 10M / 90,000 x $0.008 = 0.8889:
    // bills $16.01 + $17.63 + $17.09 = $50.73; the saving is the difference, $54.27.
    let t = run(&[
        "compare",
        "--apis",
        "rest,alb",
        "--requests",
        "10M",
        "--months",
        "3",
        "--start",
        "2026-02",
    ]);
    assert!(
        t.contains(
            "Over 3 months from 2026-02: REST $105.00, ALB $50.73; ALB saves $54.27 against REST."
        ),
        "{t}"
    );
    // A volumes file's month labels: calendar months when they are, labels otherwise.
    let dir = tempfile::tempdir().unwrap();
    let v = write(
        dir.path(),
        "v.csv",
        "month,requests\n2026-02,1M\n2026-03,1M\n",
    );
    let j = json(&[
        "project",
        "--apis",
        "rest",
        "--cache",
        "0.5",
        "--volumes",
        &v,
    ]);
    assert_eq!(j["months"][0]["period"], "2026-02");
    assert_eq!(money(&j["total"]), d("35.32"));
    let v = write(dir.path(), "w.csv", "month,requests\nQ1-a,1M\nQ1-b,1M\n");
    let rows = csv_of(&[
        "project",
        "--apis",
        "rest",
        "--cache",
        "0.5",
        "--volumes",
        &v,
    ]);
    assert!(rows
        .iter()
        .any(|r| r["period"] == "Q1-b" && r["row_type"] == "total" && r["amount"] == "18.10"));
    // A --start that contradicts the file's months, and a bad month, are usage errors.
    let v = write(dir.path(), "x.csv", "month,requests\n2026-02,1M\n");
    bin()
        .args([
            "project",
            "--apis",
            "rest",
            "--volumes",
            &v,
            "--start",
            "2026-05",
        ])
        .assert()
        .code(2);
    bin()
        .args(["project", "--requests", "1M", "--start", "2026-13"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("YYYY-MM"));
    // A horizon past 9999-12 and an overlong month label are errors naming what is wrong.
    bin()
        .args([
            "project",
            "--requests",
            "1M",
            "--start",
            "9999-06",
            "--months",
            "12",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("9999-12"));
    let long = "x".repeat(65);
    let v = write(dir.path(), "y.csv", &format!("month,requests\n{long},1M\n"));
    bin()
        .args(["project", "--apis", "rest", "--volumes", &v])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("line 2: invalid month"));
}

#[test]
fn words_read_as_people_say_them() {
    let t = run(&["quote", "--api", "http", "--requests", "1"]);
    assert!(t.contains("1 request a month"), "{t}");
    assert!(t.contains(" 1 request ┆"), "{t}");
    let t = run(&[
        "breakeven",
        "--vary",
        "requests",
        "--between",
        "rest,http",
        "--format",
        "markdown",
    ]);
    assert!(
        t.contains("by requests (1 request to 100,000,000,000 requests)"),
        "{t}"
    );
    // The break-even by request size: 1,536 KB + 1 byte, not 1,536.000977 KB.
    let t = run(&[
        "breakeven",
        "--vary",
        "request-size",
        "--between",
        "rest,http",
        "--requests",
        "10M",
    ]);
    assert!(t.contains("1,536 KB + 1 byte (1,572,865 bytes)"), "{t}");
    assert!(!t.contains("1,536.000977"));
    // HTTP = ALB at 18,027,440 requests: the four costs all round to $18.03, so more digits are shown.
    let t = run(&["breakeven", "--vary", "requests", "--between", "alb,http"]);
    let row = t
        .lines()
        .find(|l| l.contains("18,027,440 requests"))
        .unwrap();
    assert!(!row.contains("$18.03 "), "{row}");
    assert!(row.contains("$18.027"), "{row}");
    // No unrounded money in a sentence.
    let t = run(&[
        "breakeven",
        "--vary",
        "memory",
        "--between",
        "http,rest",
        "--requests",
        "10M",
        "--backend",
        "lambda",
        "--duration-ms",
        "100",
        "--memory-mb",
        "512",
    ]);
    assert!(t.contains("HTTP $14.08 vs REST $39.08"), "{t}");
    assert!(!t.contains("14.0833"));
    let dir = tempfile::tempdir().unwrap();
    let input = write(
        dir.path(),
        "one.csv",
        "id,api,region,requests\na,http,,1M\n",
    );
    bin()
        .args(["batch", &input, "--summary"])
        .assert()
        .success()
        .stderr(predicate::str::contains("batch: 1 row read, 1 rated"));
}

#[test]
fn the_headline_names_the_cheapest_option_that_meets_the_needs() {
    // REST 100M = $350.00 + its 0.5 GB cache (caching is needed) 730 h x $0.02 = $364.60, HTTP
    // $100.00; HTTP lacks API keys and caching.
    let t = run(&[
        "compare",
        "--requests",
        "100M",
        "--needs",
        "api-keys,caching",
    ]);
    assert!(!t.contains("HTTP saves $250.00 (71%) against"), "{t}");
    assert!(t.contains(
        "REST API is the cheapest option that meets --needs api-keys,caching ($364.60)."
    ));
    assert!(t.contains(
        "HTTP would save $264.60 more ($100.00 vs $364.60) but lacks api-keys, caching."
    ));
    let j = json(&[
        "compare",
        "--requests",
        "100M",
        "--needs",
        "api-keys,caching",
    ]);
    assert!(j["headline"]
        .as_str()
        .unwrap()
        .starts_with("REST API is the cheapest"));
    // Without needs the cheapest wins.
    let t = run(&["compare", "--requests", "100M"]);
    assert!(t.contains("HTTP saves $250.00 (71%) against the REST API."));
}

#[test]
fn always_free_allowances_apply_per_account_and_are_said() {
    // HTTP 10M with 20 KB responses and a 100 ms / 512 MB Lambda:
    // egress 10M x 20 KB = 190.73486328125 GB, 100 free, 90.73486328125 x $0.09 = 8.1661376953125;
    // Lambda 10M - 1M free = 9M x $0.20/M = 1.80; 500,000 GB-s - 400,000 free = 100,000 x
    // $0.0000166667 = 1.66667; HTTP 10.00. Total 21.6328076953125 -> $21.63.
    // Without a free tier: 17.1661376953125 + 2.00 + 8.33335 + 10.00 = 37.4994876953125 -> $37.50.
    let args = [
        "quote",
        "--api",
        "http",
        "--requests",
        "10M",
        "--response-size",
        "20KB",
        "--backend",
        "lambda",
        "--duration-ms",
        "100",
        "--memory-mb",
        "512",
    ];
    let j = json(&[&args[..], &["--free-tier", "always"]].concat());
    assert_eq!(money(&j["total_exact"]), d("21.6328076953125"));
    assert_eq!(money(&j["total"]), d("21.63"));
    assert!(j["free_tier_applied"]
        .as_str()
        .unwrap()
        .contains("100 GB of internet egress"));
    let egress_free = j["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["component"] == "Data transfer out (internet) (free tier)")
        .unwrap();
    assert_eq!(egress_free["quantity"], "100");
    let none = json(&args);
    assert_eq!(money(&none["total_exact"]), d("37.4994876953125"));
    assert!(none["free_tier_applied"]
        .as_str()
        .unwrap()
        .starts_with("free tier: none"));
    // legacy includes them (and its 1M HTTP requests): 21.6328076953125 - 1.00 = 20.6328076953125.
    let legacy = json(&[&args[..], &["--free-tier", "legacy"]].concat());
    assert_eq!(money(&legacy["total_exact"]), d("20.6328076953125"));
    // Per account: each option of a comparison, each month of a projection gets the allowance.
    let p = json(&[
        "project",
        "--apis",
        "http",
        "--requests",
        "10M",
        "--response-size",
        "20KB",
        "--backend",
        "lambda",
        "--duration-ms",
        "100",
        "--memory-mb",
        "512",
        "--months",
        "2",
        "--free-tier",
        "always",
    ]);
    assert_eq!(money(&p["total"]), d("43.26"));
    // Every output says which allowances applied.
    let t = run(&[&args[..], &["--free-tier", "always"]].concat());
    assert!(t.contains("free tier: always (always-free allowances per account per month"));
    let md = run(&[
        &args[..],
        &["--free-tier", "always", "--format", "markdown"],
    ]
    .concat());
    assert!(md.contains("free tier: always"));
    let rows = csv_of(&[&args[..], &["--free-tier", "always"]].concat());
    assert!(rows
        .iter()
        .any(|r| r["row_type"] == "note" && r["component"].starts_with("free tier: always")));
    assert_sumifs(&rows);
    let dir = tempfile::tempdir().unwrap();
    let input = write(dir.path(), "a.csv", "id,api,region,requests\na,http,,1M\n");
    bin()
        .args(["batch", &input, "--summary", "--free-tier", "always"])
        .assert()
        .success()
        .stdout(predicate::str::contains("a,http,,1M,1.00,1.00"))
        .stderr(predicate::str::contains("free tier: always"));
}

#[test]
fn batch_line_items_have_the_same_columns_and_add_up() {
    let dir = tempfile::tempdir().unwrap();
    // a: REST 400M on the fast path: 1,165.50 + 187.60 ; b: HTTP 1 request = 0.000001 -> $0.00 ;
    // c: ALB 10M (full cost model): 16.42 + 0.89 = $17.31.
    let input = write(
        dir.path(),
        "b.csv",
        "id,api,region,requests\na,rest,,400M\nb,http,,1\nc,alb,,10M\n",
    );
    let text = run(&["batch", &input]);
    assert!(text.starts_with(
        "id,period,region,api,row_type,component,meter,tier,quantity,unit,unit_price,price_unit,amount,amount_exact,currency,source\n"
    ));
    let rows = read_csv(&text);
    for id in ["a", "b", "c"] {
        let mine: Rows = rows.iter().filter(|r| r["id"] == id).cloned().collect();
        assert_sumifs(&mine);
    }
    let total = |id: &str| {
        rows.iter()
            .find(|r| r["id"] == id && r["row_type"] == "total")
            .map(|r| (r["amount"].clone(), r["amount_exact"].clone()))
            .unwrap()
    };
    assert_eq!(total("a"), ("1353.10".into(), "1353.10".into()));
    assert_eq!(total("b"), ("0.00".into(), "0.000001".into()));
    assert_eq!(total("c").0, "17.31");
}
