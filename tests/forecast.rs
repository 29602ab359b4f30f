//! `forecast` (issue 30): a back-test on synthetic series with a known trend and weekly cycle puts
//! 70-90% of the held-out months inside their 80% intervals; a history too short for a cycle says so;
//! the profile written reads back as a range that compare prices; bad and oversized histories are
//! refused naming what is wrong.
mod common;
use common::*;
use predicates::prelude::*;
use rust_decimal::Decimal;

use apigw_cost::model::calendar::days_from_civil;
use apigw_cost::model::forecast::{backtest, history};

/// xorshift64* and Box-Muller: a seeded standard normal stream.
struct Normal(u64);
impl Normal {
    fn uniform(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        ((self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    fn next(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

/// 2025: 3M requests a day growing 3% a month, weekends 30% lower, Mondays 5% higher, daily noise
/// with sd 0.15 in the logarithm.
fn synthetic(seed: u64) -> Vec<(i64, Decimal)> {
    let mut n = Normal(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let start = days_from_civil(2025, 1, 1);
    (0..365)
        .map(|k| {
            let day = start + k;
            let wd = (day + 3).rem_euclid(7); // Monday = 0
            let weekly = match wd {
                5 | 6 => 0.7f64.ln(),
                0 => 1.05f64.ln(),
                _ => 0.0,
            };
            let trend = 12.0 * 1.03f64.ln() * k as f64 / 365.25;
            let y = (3e6f64.ln() + trend + weekly + 0.15 * n.next())
                .exp()
                .round();
            (day * 86_400, Decimal::from(y as u64))
        })
        .collect()
}

#[test]
fn the_80_percent_interval_holds_70_to_90_percent_of_held_out_months() {
    // 200 series fitted on January to June, July to December held out: 1,200 months.
    let (mut inside, mut total) = (0, 0);
    for seed in 1..=200u64 {
        let daily = history::by_day(synthetic(seed), None).unwrap();
        let bt = backtest(&daily, 6).unwrap();
        assert_eq!(bt.months.first().unwrap().label, "2025-07");
        assert!(bt.components.iter().any(|c| c.name == "weekly" && c.fitted));
        for m in &bt.months {
            total += 1;
            inside += usize::from(m.inside() == Some(true));
        }
    }
    let coverage = inside as f64 / total as f64;
    println!("coverage of the 80% interval: {inside} of {total} = {coverage:.3}");
    assert!((0.70..=0.90).contains(&coverage), "{inside} of {total}");
}

fn write_csv(dir: &std::path::Path, name: &str, rows: &[(i64, Decimal)]) -> std::path::PathBuf {
    let mut s = String::from("date,requests\n");
    for (at, v) in rows {
        let (y, m, d) = apigw_cost::model::calendar::civil_from_days(at.div_euclid(86_400));
        s.push_str(&format!("{y:04}-{m:02}-{d:02},{v}\n"));
    }
    let p = dir.join(name);
    std::fs::write(&p, s).unwrap();
    p
}

#[test]
fn a_history_too_short_for_the_cycles_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let rows = synthetic(7);
    let short = write_csv(dir.path(), "short.csv", &rows[..18]);
    let v = {
        let out = bin()
            .args(["forecast", "--history"])
            .arg(&short)
            .args(["--months", "3", "--format", "json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let comp = |name: &str| {
        v["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(comp("trend")["fitted"], true);
    assert_eq!(comp("weekly")["fitted"], false);
    assert!(comp("weekly")["why"]
        .as_str()
        .unwrap()
        .contains("18 days of history"));
    assert_eq!(comp("yearly")["fitted"], false);
    assert!(comp("yearly")["why"]
        .as_str()
        .unwrap()
        .contains("two years"));
    // The table says it too.
    bin()
        .args(["forecast", "--history"])
        .arg(&short)
        .args(["--months", "3"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Not fitted weekly: 18 days of history",
        ));
}

#[test]
fn the_profile_is_a_range_that_compare_and_project_price() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write_csv(dir.path(), "h.csv", &synthetic(3));
    let prof = dir.path().join("f.toml");
    bin()
        .args(["forecast", "--history"])
        .arg(&csv)
        .args(["--months", "12", "-o"])
        .arg(&prof)
        .assert()
        .success()
        .stdout(predicate::str::contains("mean month of 12"));
    let text = std::fs::read_to_string(&prof).unwrap();
    let t: toml::Table = toml::from_str(&text).unwrap();
    let p10: Decimal = t["requests"]["p10"].as_str().unwrap().parse().unwrap();
    let p90: Decimal = t["requests"]["p90"].as_str().unwrap().parse().unwrap();
    assert!(p10 < p90, "{text}");
    assert_eq!(t["months"].as_integer(), Some(12));
    assert!(text.contains("# Each month's own forecast"), "{text}");
    let v = json(&[
        "compare",
        "--profile",
        prof.to_str().unwrap(),
        "--draws",
        "500",
    ]);
    assert_eq!(v["uncertainty"]["ranges"][0]["shape"], "log-normal");
    let v = json(&[
        "project",
        "--profile",
        prof.to_str().unwrap(),
        "--draws",
        "500",
    ]);
    assert_eq!(v["uncertainty"]["months"].as_array().unwrap().len(), 12);
}

#[test]
fn a_back_test_is_reported_month_by_month() {
    let dir = tempfile::tempdir().unwrap();
    let csv = write_csv(dir.path(), "h.csv", &synthetic(11));
    let out = bin()
        .args(["forecast", "--history"])
        .arg(&csv)
        .args(["--months", "2", "--holdout", "4", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let b = &v["backtest"];
    assert_eq!(b["fitted_to"], "2025-08-31");
    assert_eq!(b["months"].as_array().unwrap().len(), 4);
    assert_eq!(b["months"][0]["month"], "2025-09");
    assert!(b["months"][0]["actual"].as_str().is_some());
}

#[test]
fn bad_and_oversized_histories_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.csv");
    std::fs::write(&p, "date,requests\n2026-01-01,10\n2026-01-02,-4\n").unwrap();
    bin()
        .args(["forecast", "--history"])
        .arg(&p)
        .assert()
        .code(predicate::ne(0))
        .stderr(predicate::str::contains("line 3, column requests"));
    // Eleven years of days: more than the ten a forecast is fitted on.
    let start = days_from_civil(2010, 1, 1);
    let rows: Vec<(i64, Decimal)> = (0..(11 * 365))
        .map(|k| ((start + k) * 86_400, Decimal::from(100)))
        .collect();
    let long = write_csv(dir.path(), "long.csv", &rows);
    bin()
        .args(["forecast", "--history"])
        .arg(&long)
        .assert()
        .code(predicate::ne(0))
        .stderr(predicate::str::contains("at most 3660 days"));
    // A week of CloudWatch results (hourly Count): read, but too short to forecast from.
    bin()
        .args([
            "forecast",
            "--history",
            "tests/fixtures/cloudwatch/rest-week-page1.json",
            "tests/fixtures/cloudwatch/rest-week-page2.json",
        ])
        .assert()
        .code(predicate::ne(0))
        .stderr(predicate::str::contains("at least 14 whole days"));
    bin()
        .args(["forecast", "--history"])
        .arg(&long)
        .args(["--months", "121"])
        .assert()
        .code(2);
}

/// Table and Markdown are one layout (`render::markup`): the heading, each table under its caption
/// with the figures aligned right (`--:` in Markdown, as the terminal's table aligns them), then the
/// sentences (bullets in Markdown, lines on a terminal).
#[test]
fn the_markdown_and_the_table_are_one_layout() {
    let history =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/history/orders-daily.csv");
    let run = |format: &str| {
        let out = bin()
            .args(["forecast", "--history"])
            .arg(&history)
            .args(["--months", "3", "--format", format])
            .env_remove("COLUMNS")
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let md = run("markdown");
    assert!(
        md.starts_with("## Forecast of requests a month (80% intervals)\n\n**Requests a month**\n\n| Month | p10 | p50 | p90 |\n|---|--:|--:|--:|\n| 2026-12 | "),
        "{md}"
    );
    assert!(md.contains(" |\n\n- History: "), "{md}");
    let table = run("table");
    assert!(
        table.starts_with("Forecast of requests a month (80% intervals)\nRequests a month\n┌"),
        "{table}"
    );
    assert!(table.contains("┘\nHistory: "), "{table}");
}
