//! `import cloudwatch` end to end: the query it prints, the figures it derives from results written to
//! AWS's documented shapes (`tests/fixtures/cloudwatch/`, see `make_fixtures.py` there), the profiles it
//! writes and what the rest of the tool makes of them, and every kind of bad input.

mod common;

use std::path::{Path, PathBuf};

use common::{bin, d, money};
use predicates::prelude::*;
use serde_json::{json, Value};

fn fx(name: &str) -> String {
    format!(
        "{}/tests/fixtures/cloudwatch/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// `import cloudwatch ARGS... --format json`, expecting success: the JSON and the stderr.
fn import(args: &[&str]) -> (Value, String) {
    let out = bin()
        .args(["import", "cloudwatch"])
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{args:?} failed: {stderr}");
    (serde_json::from_slice(&out.stdout).unwrap(), stderr)
}

/// `import cloudwatch ARGS...`, expecting exit `code`: the stderr.
fn import_fails(args: &[&str], code: i32) -> String {
    let out = bin()
        .args(["import", "cloudwatch"])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(code), "{args:?}: {out:?}");
    assert!(out.stdout.is_empty(), "{args:?} printed a report");
    String::from_utf8_lossy(&out.stderr).to_string()
}

fn warnings(j: &Value) -> Vec<String> {
    j["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect()
}

fn ms(v: &Value) -> f64 {
    v.as_f64()
        .unwrap_or_else(|| panic!("not a number of ms: {v}"))
}

/// The worked example: 7 days (2026-11-01 to 2026-11-08, 168 hours) of 100,000 requests an hour, one
/// hour (2026-11-03 14:00) at 400,000, read from two pages, newest first, with the queries file.
///   in the range: 167 x 100,000 + 400,000 = 17,100,000 requests
///   a month:      17,100,000 x 730 / 168 = 74,303,571.43 -> 74,303,571
///   average:      17,100,000 / 168 = 101,785.71 an hour; peak factor 400,000 / 101,785.71 = 3.9298 -> 3.93
///   cache:        hits 60% of each hour: 10,260,000 / 17,100,000 = 0.6
///   overhead:     Latency 25.5 / 60.2 / 180.75 - IntegrationLatency 20.25 / 52 / 150.5 = 5.25 / 8.2 / 30.25 ms
#[test]
fn a_week_of_rest_traffic_with_a_peak_hour_from_two_pages() {
    let (j, _) = import(&[
        &fx("rest-week-page1.json"),
        &fx("rest-week-page2.json"),
        "--queries",
        &fx("rest-week-queries.json"),
    ]);
    let a = &j["apis"][0];
    assert_eq!(j["apis"].as_array().unwrap().len(), 1);
    assert_eq!(a["kind"], "rest");
    assert_eq!(a["name"], "orders");
    assert_eq!(a["stage"], "prod");
    assert_eq!(a["period_s"], 3600);
    assert_eq!(a["periods"], 168);
    assert_eq!(a["periods_expected"], 168);
    assert_eq!(a["periods_missing"], 0);
    assert_eq!(a["hours"], "168");
    assert_eq!(a["range"]["start"], "2026-11-01T00:00:00Z");
    assert_eq!(a["range"]["end"], "2026-11-08T00:00:00Z");
    assert_eq!(a["range"]["given"], true);
    assert_eq!(a["volume_in_range"], "17100000");
    assert_eq!(a["requests"], "74303571");
    assert_eq!(a["peak_factor"], "3.93");
    assert_eq!(a["peak"]["at"], "2026-11-03T14:00:00Z");
    assert_eq!(a["peak"]["value"], "400000");
    // 400,000 x 168 / 17,100,000 = 3.929824561403508771929824561...
    assert!(a["peak"]["factor_exact"]
        .as_str()
        .unwrap()
        .starts_with("3.92982456140350877192982456"));
    assert_eq!(a["cache_hit"], "0.6");
    assert_eq!(a["cache_hits"], "10260000");
    assert_eq!(a["cache_misses"], "6840000");
    assert_eq!(a["request_size_kb"], Value::Null);
    let l = &a["latency"];
    for (k, v) in [
        ("latency_p50_ms", 25.5),
        ("latency_p90_ms", 60.2),
        ("latency_p99_ms", 180.75),
        ("integration_p50_ms", 20.25),
        ("integration_p90_ms", 52.0),
        ("integration_p99_ms", 150.5),
        ("overhead_p50_ms", 5.25),
        ("overhead_p90_ms", 8.2),
        ("overhead_p99_ms", 30.25),
    ] {
        assert_eq!(ms(&l[k]), v, "{k}");
    }
    assert!(l["approximation"]
        .as_str()
        .unwrap()
        .contains("not the percentile of the difference"));
    // With the queries' range there is nothing missing to report; the cache's effect on the overhead is.
    let w = warnings(&j);
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(w[0].contains("Latency counts cache hits"), "{w:#?}");
}

#[test]
fn pages_in_any_order_and_without_the_queries_give_the_same_figures() {
    let (with, _) = import(&[
        &fx("rest-week-page2.json"),
        &fx("rest-week-page1.json"),
        "--queries",
        &fx("rest-week-queries.json"),
    ]);
    // The Labels --print-query writes say API, stage, metric, statistic and period: no queries needed,
    // but then the range is the data's own, and a warning says periods outside it cannot be seen.
    let (without, stderr) = import(&[&fx("rest-week-page1.json"), &fx("rest-week-page2.json")]);
    for k in ["requests", "peak_factor", "cache_hit", "periods", "latency"] {
        assert_eq!(with["apis"][0][k], without["apis"][0][k], "{k}");
    }
    assert_eq!(without["apis"][0]["range"]["given"], false);
    assert!(stderr.contains("warning: ") && stderr.contains("first and last datapoints"));
    // The table says the same.
    bin()
        .args(["import", "cloudwatch"])
        .args([fx("rest-week-page1.json"), fx("rest-week-page2.json")])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("74,303,571")
                .and(predicate::str::contains("3.93"))
                .and(predicate::str::contains("5.25 / 8.2 / 30.25 ms"))
                .and(predicate::str::contains(
                    "not the percentile of the difference",
                )),
        );
}

/// HTTP API, 2026-11-01, 1,000 requests an hour of 2,048 bytes processed each, 03:00 and 04:00 missing:
///   covered: 22 hours, 22,000 requests -> 22,000 x 730 / 22 = 730,000 a month
///   if the two hours had no traffic: 22,000 x 730 / 24 = 669,166.67 -> 669,167
///   DataProcessed / Count = 45,056,000 / 22,000 = 2,048 bytes = 2 KB
///   overhead: 12 - 9 = 3 ms (p50), 20 - 16.5 = 3.5 (p90), 45 - 38 = 7 (p99)
#[test]
fn missing_hours_are_listed_and_left_out_with_both_readings() {
    let (j, _) = import(&[
        &fx("http-day-missing.json"),
        "--queries",
        &fx("http-day-queries.json"),
    ]);
    let a = &j["apis"][0];
    assert_eq!(a["kind"], "http");
    assert_eq!(a["id"], "a1b2c3d4e5");
    assert_eq!(a["stage"], "$default");
    assert_eq!(a["periods"], 22);
    assert_eq!(a["periods_expected"], 24);
    assert_eq!(a["periods_missing"], 2);
    assert_eq!(
        a["missing"],
        json!(["2026-11-01T03:00:00Z", "2026-11-01T04:00:00Z"])
    );
    assert_eq!(a["hours"], "22");
    assert_eq!(a["requests"], "730000");
    assert_eq!(a["monthly_if_missing_were_idle"], "669167");
    assert_eq!(a["bytes_per_request"], "2048");
    assert_eq!(a["request_size_kb"], "2");
    assert_eq!(a["data_processed_bytes"], "45056000");
    assert_eq!(a["peak_factor"], "1");
    assert_eq!(ms(&a["latency"]["overhead_p50_ms"]), 3.0);
    assert_eq!(ms(&a["latency"]["overhead_p90_ms"]), 3.5);
    assert_eq!(ms(&a["latency"]["overhead_p99_ms"]), 7.0);
    let w = warnings(&j);
    assert!(
        w.iter().any(|x| x.contains("2 of 24 periods of 3,600 s")
            && x.contains("2026-11-01T03:00:00Z, 2026-11-01T04:00:00Z")
            && x.contains("669,167 rather than 730,000")),
        "{w:#?}"
    );
    // The profile: 730,000 HTTP requests of 2 KB (1 unit each) x $1.00/M = $0.73 in us-east-1.
    let dir = tempfile::tempdir().unwrap();
    let (j, _) = import(&[
        &fx("http-day-missing.json"),
        "--queries",
        &fx("http-day-queries.json"),
        "--out",
        dir.path().to_str().unwrap(),
    ]);
    let p = j["apis"][0]["profile"].as_str().unwrap().to_string();
    assert!(p.ends_with("http-a1b2c3d4e5-_default.toml"), "{p}");
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains("request_size = 2\n") && text.contains("gateway_overhead_ms = \"3,7\""));
    let q = common::json(&["quote", "--profile", &p]);
    assert_eq!(q["api"], "http");
    assert_eq!(money(&q["total_exact"]), d("0.73"));
}

#[test]
fn without_the_queries_missing_hours_at_either_end_need_start_and_end() {
    // The range given by --start/--end: 2 missing inside, and 2026-11-02 00:00-02:00 (2 more) at the end.
    let (j, _) = import(&[
        &fx("http-day-missing.json"),
        "--start",
        "2026-11-01T00:00:00Z",
        "--end",
        "2026-11-02T02:00:00Z",
    ]);
    assert_eq!(j["apis"][0]["periods_expected"], 26);
    assert_eq!(j["apis"][0]["periods_missing"], 4);
    // A range that disagrees with the queries file is refused.
    let e = import_fails(
        &[
            &fx("http-day-missing.json"),
            "--queries",
            &fx("http-day-queries.json"),
            "--start",
            "2026-11-01T00:00:00Z",
            "--end",
            "2026-11-03T00:00:00Z",
        ],
        2,
    );
    assert!(
        e.contains("--start-time/--end-time") && e.contains("2026-11-01 to 2026-11-02"),
        "{e}"
    );
}

/// WebSocket, 2026-11-01: 36,000 messages and 1,200 $connect calls an hour for 24 hours:
///   messages:    864,000 x 730 / 24 = 26,280,000 a month; connections 28,800 x 730 / 24 = 876,000
///   profile with --connection-duration 30: 876,000 x 30 = 26,280,000 connection minutes
///   quote (us-east-1): 26.28M messages x $1.00/M = $26.28; 26.28M minutes x $0.25/M = $6.57; $32.85
#[test]
fn websocket_messages_and_connections_and_the_minutes_cloudwatch_lacks() {
    let (j, _) = import(&[&fx("websocket-day.json")]);
    let a = &j["apis"][0];
    assert_eq!(a["kind"], "websocket");
    assert_eq!(a["messages"], "26280000");
    assert_eq!(a["requests"], Value::Null);
    assert_eq!(a["connections"], "876000");
    assert_eq!(ms(&a["latency"]["integration_p99_ms"]), 120.0);
    assert_eq!(a["latency"]["overhead_p50_ms"], Value::Null);
    assert!(warnings(&j)
        .iter()
        .any(|w| w.contains("publish no Latency metric")));

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("profiles");
    // Without --connection-duration the profile leaves the connections out, and says why.
    let (j, _) = import(&[&fx("websocket-day.json"), "--out", out.to_str().unwrap()]);
    assert!(warnings(&j)
        .iter()
        .any(|w| w.contains("connection minutes are not in CloudWatch")
            && w.contains("--connection-duration")));
    let (_, _) = import(&[
        &fx("websocket-day.json"),
        "--out",
        out.to_str().unwrap(),
        "--connection-duration",
        "30",
    ]);
    let p = out.join("websocket-w9x8y7-prod.toml");
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains("messages = 26280000\n"), "{text}");
    assert!(text.contains("connections = 876000\nconnection_duration_minutes = 30\n"));
    let q = common::json(&["quote", "--profile", p.to_str().unwrap()]);
    assert_eq!(money(&q["total"]), d("32.85"));
}

/// get-metric-statistics output, one file per metric, datapoints in no order, the API from the flags:
///   Count: 23 hours of 500 and 2,000 at 12:00 = 13,500 -> 13,500 x 730 / 24 = 410,625 a month
///   peak factor 2,000 x 24 / 13,500 = 3.5556 -> 3.56; overhead p50 30 - 22 = 8, p99 90 - 70 = 20 ms
#[test]
fn get_metric_statistics_files_with_the_api_named_on_the_command_line() {
    let files = [
        fx("statistics-count.json"),
        fx("statistics-latency.json"),
        fx("statistics-integration.json"),
    ];
    let mut args: Vec<&str> = files.iter().map(String::as_str).collect();
    args.extend(["--rest-api", "orders", "--stage", "prod"]);
    let (j, _) = import(&args);
    let a = &j["apis"][0];
    assert_eq!(a["requests"], "410625");
    assert_eq!(a["peak_factor"], "3.56");
    assert_eq!(a["peak"]["at"], "2026-11-01T12:00:00Z");
    assert_eq!(ms(&a["latency"]["overhead_p50_ms"]), 8.0);
    assert_eq!(ms(&a["latency"]["overhead_p99_ms"]), 20.0);
    assert_eq!(a["latency"]["overhead_p90_ms"], Value::Null);
    // Not sorted by AWS, so no out-of-order warning for them.
    assert!(!warnings(&j).iter().any(|w| w.contains("out of order")));
    let e = import_fails(&[&fx("statistics-count.json")], 1);
    assert!(
        e.contains("statistics-count.json")
            && e.contains("does not say which API")
            && e.contains("--rest-api NAME"),
        "{e}"
    );
    let e = import_fails(
        &[
            &fx("statistics-count.json"),
            "--websocket-api",
            "w1",
            "--stage",
            "prod",
        ],
        1,
    );
    assert!(e.contains("does not publish Count"), "{e}");
}

/// Fills results for a printed query the way AWS would: every Id, newest first, Count of 100,000 an
/// hour with 400,000 at 2026-11-03 14:00, cache hits 60%, one latency value per percentile over the
/// range; the first page holds the newest 100 hours of every count (PartialData, with a NextToken),
/// the second the rest.
fn fill(queries: &Value) -> (Value, Value) {
    let start = 1_793_491_200i64; // 2026-11-01T00:00:00Z
    let peak = start + (2 * 24 + 14) * 3600;
    let stamp = |t: i64| {
        let s = (t - start) / 3600;
        format!("2026-11-{:02}T{:02}:00:00+00:00", 1 + s / 24, s % 24)
    };
    let (mut p1, mut p2) = (Vec::new(), Vec::new());
    for q in queries["MetricDataQueries"].as_array().unwrap() {
        let stat = &q["MetricStat"];
        let metric = stat["Metric"]["MetricName"].as_str().unwrap();
        let hours: Vec<i64> = (0..168).rev().map(|h| start + h * 3600).collect();
        let count = |t: i64| if t == peak { 400_000.0 } else { 100_000.0 };
        let (ts, vs): (Vec<i64>, Vec<f64>) = match (metric, stat["Stat"].as_str().unwrap()) {
            ("Count", _) => hours.iter().map(|t| (*t, count(*t))).unzip(),
            ("CacheHitCount", _) => hours.iter().map(|t| (*t, count(*t) * 0.6)).unzip(),
            ("CacheMissCount", _) => hours.iter().map(|t| (*t, count(*t) * 0.4)).unzip(),
            ("Latency", "p50") => (vec![start], vec![25.5]),
            ("Latency", "p90") => (vec![start], vec![60.2]),
            ("Latency", "p99") => (vec![start], vec![180.75]),
            ("IntegrationLatency", "p50") => (vec![start], vec![20.25]),
            ("IntegrationLatency", "p90") => (vec![start], vec![52.0]),
            ("IntegrationLatency", "p99") => (vec![start], vec![150.5]),
            other => panic!("not asked: {other:?}"),
        };
        let split = if ts.len() > 100 { 100 } else { ts.len() };
        let result = |t: &[i64], v: &[f64], status: &str| {
            json!({
                "Id": q["Id"], "Label": q["Label"],
                "Timestamps": t.iter().map(|x| stamp(*x)).collect::<Vec<_>>(),
                "Values": v, "StatusCode": status,
            })
        };
        let more = split < ts.len();
        p1.push(result(
            &ts[..split],
            &vs[..split],
            if more { "PartialData" } else { "Complete" },
        ));
        p2.push(result(&ts[split..], &vs[split..], "Complete"));
    }
    (
        json!({ "MetricDataResults": p1, "NextToken": "next-page", "Messages": [] }),
        json!({ "MetricDataResults": p2, "Messages": [] }),
    )
}

fn write(dir: &Path, name: &str, v: &Value) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_string_pretty(v).unwrap()).unwrap();
    p
}

/// The round trip: --print-query, results filled as AWS would, import --out, then the written profile
/// everywhere a profile goes.
///   quote: REST 74,303,571 requests x $3.50/M = $260.0624985; 0.5 GB cache 730 h x $0.020 = $14.60;
///          total $274.6624985 -> $274.66
#[test]
fn round_trip_from_the_printed_query_to_a_quote_of_the_written_profile() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .args([
            "import",
            "cloudwatch",
            "--print-query",
            "--rest-api",
            "shop api",
        ])
        .args(["--stage", "v1", "--start", "2026-11-01T00:00:00Z"])
        .args(["--end", "2026-11-08T00:00:00Z", "--period", "3600"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let q: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(q["StartTime"], "2026-11-01T00:00:00Z");
    assert_eq!(q["EndTime"], "2026-11-08T00:00:00Z");
    let qs = q["MetricDataQueries"].as_array().unwrap();
    // Count, CacheHitCount, CacheMissCount (Sum, hourly); Latency, IntegrationLatency p50/p90/p99 over
    // the week (604,800 s), all by ApiName and Stage, MetricStat only.
    assert_eq!(qs.len(), 9);
    for x in qs {
        let id = x["Id"].as_str().unwrap();
        assert!(id.starts_with('r') && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        assert!(x.get("Expression").is_none());
        assert_eq!(x["ReturnData"], true);
        let m = &x["MetricStat"]["Metric"];
        assert_eq!(m["Namespace"], "AWS/ApiGateway");
        assert_eq!(
            m["Dimensions"],
            json!([{"Name": "ApiName", "Value": "shop api"}, {"Name": "Stage", "Value": "v1"}])
        );
        let latency = m["MetricName"].as_str().unwrap().contains("Latency");
        let period = x["MetricStat"]["Period"].as_i64().unwrap();
        assert_eq!(period, if latency { 604_800 } else { 3600 });
    }
    let qf = write(dir.path(), "q.json", &q);
    let (p1, p2) = fill(&q);
    let r1 = write(dir.path(), "r1.json", &p1);
    let r2 = write(dir.path(), "r2.json", &p2);
    let profiles = dir.path().join("profiles");
    let (j, _) = import(&[
        r1.to_str().unwrap(),
        r2.to_str().unwrap(),
        "--queries",
        qf.to_str().unwrap(),
        "--out",
        profiles.to_str().unwrap(),
        "--cache-size",
        "0.5",
    ]);
    let written = profiles.join("rest-shop_api-v1.toml");
    assert_eq!(j["apis"][0]["profile"], written.to_str().unwrap());
    let text = std::fs::read_to_string(&written).unwrap();
    for line in [
        "requests = 74303571\n",
        "peak_factor = 3.93\n",
        "size_gb = 0.5\n",
        "hit_rate = 0.6\n",
        "gateway_overhead_ms = \"5.25,30.25\"\n",
        "gateway_overhead_source = \"CloudWatch, 2026-11-01 to 2026-11-08\"\n",
        "# Count (Sum): 17,100,000 in 168 hours covered x 730 / 168",
    ] {
        assert!(text.contains(line), "{line:?} not in\n{text}");
    }
    let p = written.to_str().unwrap();
    let quote = common::json(&["quote", "--profile", p]);
    assert_eq!(money(&quote["total_exact"]), d("274.6624985"));
    assert_eq!(money(&quote["total"]), d("274.66"));
    // REST at $260.06 + cache against HTTP at 74,303,571 x $1.00/M = $74.30 (HTTP has no stage cache).
    let cmp = common::json(&["compare", "--profile", p]);
    let totals: Vec<_> = cmp["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| money(&o["total"]))
        .collect();
    assert!(
        totals.contains(&d("274.66")) && totals.contains(&d("74.30")),
        "{totals:?}"
    );
    bin().args(["project", "--profile", p]).assert().success();
    let review = dir.path().join("review");
    bin()
        .args(["review", p, "--out"])
        .arg(&review)
        .assert()
        .success();
    let md = std::fs::read_to_string(review.join("review.md")).unwrap();
    assert!(md.contains("measured (CloudWatch, 2026-11-01 to 2026-11-08)"));
    // The latency model uses the measured overhead for the REST gateway (its p50 and p99 are the
    // log-normal's, fitted to them), and the data file's figure for the HTTP API.
    let l = common::json(&[
        "latency",
        "--profile",
        p,
        "--api",
        "rest,http",
        "--samples",
        "10k",
    ]);
    let rest = &l[0]["components"];
    let gw = rest
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == "gateway.rest")
        .unwrap();
    assert_eq!(gw["basis"], "measured");
    assert_eq!(gw["measured_by"], "CloudWatch, 2026-11-01 to 2026-11-08");
    assert!((ms(&gw["p50_ms"]) - 5.25).abs() < 1e-9, "{gw}");
    assert!((ms(&gw["p99_ms"]) - 30.25).abs() < 1e-9, "{gw}");
    let http = &l[1]["components"][0];
    assert_eq!(http["key"], "gateway.http");
    assert_eq!(http["basis"], "official_claim");
    assert!(http.get("measured_by").is_none());
    bin()
        .args([
            "latency",
            "--profile",
            p,
            "--api",
            "rest",
            "--samples",
            "10k",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "measured (CloudWatch, 2026-11-01 to 2026-11-08)",
        ));
}

#[test]
fn failed_statuses_empty_results_and_unknown_series_are_errors_naming_file_and_id() {
    for (file, expected) in [
        (
            "forbidden.json",
            vec![
                "StatusCode Forbidden",
                "r00803351_count_sum",
                "may not read",
            ],
        ),
        (
            "internal-error.json",
            vec!["StatusCode InternalError", "run the query again"],
        ),
        (
            "empty.json",
            vec!["no results in the file", "nothing was measured"],
        ),
        (
            "no-datapoints.json",
            vec![
                "Count has no datapoints",
                "check the spelling",
                "by the API's name",
            ],
        ),
        (
            "unknown-labels.json",
            vec![
                "Id 'm1' (Label 'Count') cannot be understood",
                "--queries Q.json",
            ],
        ),
        (
            "mismatched-period.json",
            vec!["mismatched periods", "300 s apart", "its period is 3600 s"],
        ),
    ] {
        let e = import_fails(&[&fx(file)], 1);
        assert!(e.contains(file), "{file}: {e}");
        for x in expected {
            assert!(e.contains(x), "{file}: {x:?} not in {e}");
        }
    }
}

#[test]
fn a_partial_page_whose_next_token_was_not_followed_is_an_error() {
    let e = import_fails(&[&fx("rest-week-page1.json")], 1);
    assert!(
        e.contains("PartialData")
            && e.contains("rest-week-page1.json ends with a NextToken that was not followed")
            && e.contains("--next-token"),
        "{e}"
    );
}

#[test]
fn duplicates_order_and_cloudwatch_messages() {
    // The same page twice: each timestamp counted once, with a warning. 3 hours of 100: 300.
    let (j, _) = import(&[&fx("short.json"), &fx("short.json")]);
    assert_eq!(j["apis"][0]["volume_in_range"], "300");
    // 300 x 730 / 3 = 73,000.
    assert_eq!(j["apis"][0]["requests"], "73000");
    let w = warnings(&j);
    assert!(
        w.iter()
            .any(|x| x.contains("3 duplicated timestamps") && x.contains("counted once")),
        "{w:#?}"
    );
    assert!(
        w.iter()
            .any(|x| x.contains("CloudWatch says: MaxMetricsExceeded")),
        "{w:#?}"
    );
    // The same timestamp with another value: an error.
    let e = import_fails(&[&fx("short.json"), &fx("conflicting-page.json")], 1);
    assert!(
        e.contains("two different values at 2026-11-01T02:00:00Z"),
        "{e}"
    );
    // Neither newest first nor oldest first: sorted, with a warning.
    let (j, _) = import(&[&fx("out-of-order.json")]);
    assert_eq!(j["apis"][0]["requests"], "73000");
    assert!(warnings(&j)
        .iter()
        .any(|x| x.contains("out of order") && x.contains("newest first")));
}

#[test]
fn results_of_other_queries_and_files_of_the_wrong_kind() {
    let e = import_fails(
        &[
            &fx("http-day-missing.json"),
            "--queries",
            &fx("rest-week-queries.json"),
        ],
        1,
    );
    assert!(
        e.contains("is not among the queries given with --queries"),
        "{e}"
    );
    let e = import_fails(&[&fx("rest-week-queries.json")], 1);
    assert!(
        e.contains("a queries file") && e.contains("--queries"),
        "{e}"
    );
    let e = import_fails(&[&fx("make_fixtures.py")], 1);
    assert!(e.contains("not a JSON object"), "{e}");
    // Queries not read are named (a math expression, a metric not used) and their results skipped.
    let dir = tempfile::tempdir().unwrap();
    let mut q: Value =
        serde_json::from_str(&std::fs::read_to_string(fx("rest-week-queries.json")).unwrap())
            .unwrap();
    q["MetricDataQueries"].as_array_mut().unwrap().push(json!({
        "Id": "e1", "Expression": "m1 / m2", "Label": "ratio", "ReturnData": true
    }));
    let qf = write(dir.path(), "q.json", &q);
    let (j, _) = import(&[
        &fx("rest-week-page1.json"),
        &fx("rest-week-page2.json"),
        "--queries",
        qf.to_str().unwrap(),
    ]);
    assert!(warnings(&j)
        .iter()
        .any(|w| w.contains("query 'e1' not read: a math expression")));
}

#[test]
fn usage_errors_exit_2() {
    let pq = ["--print-query", "--rest-api", "orders"];
    let range = [
        "--start",
        "2026-11-01T00:00:00Z",
        "--end",
        "2026-11-08T00:00:00Z",
    ];
    for (extra, expected) in [
        (vec!["--stage", "prod"], "--start-time"),
        (range.to_vec(), "--stage"),
        (
            vec![
                "--stage",
                "prod",
                "--start",
                "2026-11-01",
                "--end",
                "2026-11-01T00:00:00",
            ],
            "no time zone",
        ),
        (
            vec![
                "--stage",
                "prod",
                "--start",
                "2026-11-08T00:00:00Z",
                "--end",
                "2026-11-01T00:00:00Z",
            ],
            "must be after",
        ),
        (
            [vec!["--stage", "prod", "--period", "90"], range.to_vec()].concat(),
            "multiple of 60",
        ),
        (
            vec![
                "--stage",
                "prod",
                "--start",
                "2025-01-01T00:00:00Z",
                "--end",
                "2026-11-01T00:00:00Z",
            ],
            "455 days",
        ),
        (
            [vec!["--stage", "my stage"], range.to_vec()].concat(),
            "no spaces",
        ),
    ] {
        let mut args = pq.to_vec();
        args.extend(extra);
        let e = import_fails(&args, 2);
        assert!(e.contains(expected), "{args:?}: {e}");
    }
    let e = import_fails(&["--print-query", "--stage", "prod"], 2);
    assert!(e.contains("--rest-api NAME"), "{e}");
    let e = import_fails(&[], 2);
    assert!(e.contains("--print-query"), "{e}");
    let e = import_fails(&[&fx("short.json"), "--format", "csv"], 2);
    assert!(e.contains("table, json or markdown"), "{e}");
    let e = import_fails(&[&fx("short.json"), "--out", &fx("short.json")], 2);
    assert!(e.contains("--out") && e.contains("this is a file"), "{e}");
}

#[test]
fn a_profile_overhead_needs_its_api_and_sane_figures() {
    let dir = tempfile::tempdir().unwrap();
    for (text, expected) in [
        (
            "requests = \"1M\"\n[latency]\ngateway_overhead_ms = \"5,30\"\n",
            "the profile's `api`",
        ),
        (
            "api = \"rest\"\nrequests = \"1M\"\n[latency]\ngateway_overhead_ms = \"30,5\"\n",
            "p99 >= p50",
        ),
        (
            "api = \"rest\"\nrequests = \"1M\"\n[latency]\ngateway_overhead_source = \"x\"\n",
            "without latency.gateway_overhead_ms",
        ),
    ] {
        let p = dir.path().join("p.toml");
        std::fs::write(&p, text).unwrap();
        let out = bin()
            .args(["latency", "--api", "rest", "--profile"])
            .arg(&p)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{text}");
        let e = String::from_utf8_lossy(&out.stderr);
        assert!(e.contains("p.toml") && e.contains(expected), "{text}: {e}");
    }
}

#[test]
fn a_cache_without_its_size_is_not_priced_and_the_profile_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (j, _) = import(&[
        &fx("rest-week-page1.json"),
        &fx("rest-week-page2.json"),
        "--out",
        dir.path().to_str().unwrap(),
        "--region",
        "eu-west-1",
    ]);
    assert!(warnings(&j)
        .iter()
        .any(|w| w.contains("cache hit rate 60%") && w.contains("--cache-size GB")));
    let p = dir.path().join("rest-orders-prod.toml");
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(
        !text.contains("\n[cache]\n") && text.contains("region = \"eu-west-1\""),
        "{text}"
    );
    // eu-west-1 REST: 74,303,571 x $3.50/M = $260.0624985 -> $260.06 (no cache line).
    let q = common::json(&["quote", "--profile", p.to_str().unwrap()]);
    assert_eq!(q["region"], "eu-west-1");
    assert_eq!(money(&q["total"]), d("260.06"));
}

/// Mutated results never panic: each is read (exit 0) or refused with a message (exit 1).
#[test]
fn hostile_results_are_refused_not_panicked_on() {
    let base = std::fs::read_to_string(fx("short.json")).unwrap();
    let mut cases: Vec<String> = (1..10)
        .map(|i| base[..base.len() * i / 10].to_string())
        .collect();
    for (from, to) in [
        ("100.0", "1e400"),
        ("100.0", "-5.0"),
        ("100.0", "1e-400"),
        ("100.0", "99999999999999999999999999999999999999"),
        ("100.0", "\"x\""),
        ("100.0", "null"),
        ("\"2026-11-01T00:00:00+00:00\"", "\"2026-13-01T00:00:00Z\""),
        ("\"2026-11-01T00:00:00+00:00\"", "99999999999999999999"),
        ("\"2026-11-01T00:00:00+00:00\"", "-1"),
        ("\"2026-11-01T00:00:00+00:00\"", "\"\""),
        (
            "\"2026-11-01T00:00:00+00:00\"",
            "\"1970-01-01T00:00:00+00:00\"",
        ),
        ("\"Complete\"", "\"Weird\""),
        ("\"Complete\"", "null"),
        ("\"MetricDataResults\"", "\"metricDataResults\""),
        (
            "apigw-cost rest prod Count Sum 3600",
            "apigw-cost rest prod Count Sum -3600",
        ),
        (
            "apigw-cost rest prod Count Sum 3600",
            "apigw-cost rest prod Count Sum 99999999999999999999",
        ),
        (
            "apigw-cost rest prod Count Sum 3600",
            "apigw-cost rest prod Count Sum 7",
        ),
    ] {
        cases.push(base.replacen(from, to, 1));
    }
    cases.push(format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000)));
    cases.push(String::new());
    let dir = tempfile::tempdir().unwrap();
    for (i, c) in cases.iter().enumerate() {
        let p = dir.path().join(format!("c{i}.json"));
        std::fs::write(&p, c).unwrap();
        let out = bin()
            .args(["import", "cloudwatch"])
            .arg(&p)
            .output()
            .unwrap();
        let code = out.status.code();
        assert!(
            code == Some(0) || code == Some(1),
            "case {i}: {code:?} {out:?}"
        );
        if code == Some(1) {
            let e = String::from_utf8_lossy(&out.stderr);
            assert!(
                e.starts_with("error: ") && e.contains(&format!("c{i}.json")),
                "case {i}: {e}"
            );
        }
    }
}

#[test]
fn print_query_names_the_apis_it_asks_for() {
    let out = bin()
        .args([
            "import",
            "cloudwatch",
            "--print-query",
            "--rest-api",
            "orders",
            "--stage",
            "prod",
            "--start-time",
            "2026-11-01T00:00:00Z",
            "--end-time",
            "2026-11-08T00:00:00Z",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("CloudWatch queries for REST API 'orders' (stage 'prod'), 2026-11-01T00:00:00Z to 2026-11-08T00:00:00Z"),
        "{err}"
    );
    // stdout stays the request file AWS's CLI reads as is.
    let q: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(q["MetricDataQueries"].is_array());
}
