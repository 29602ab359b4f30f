//! The command line end to end: errors, exit codes, prices, output files, formats.
mod common;
use common::*;
use predicates::prelude::*;

#[test]
fn bad_numbers_are_usage_errors_naming_flag_and_value() {
    for (value, expect) in [
        ("ten", "expected a number"),
        ("-5", "must not be negative"),
        ("99999999999999999999999999999999", "too many digits"),
        ("0.5", "whole number"),
    ] {
        bin()
            .args(["quote", "--api", "rest", "--requests", value])
            .assert()
            .code(2)
            .stderr(
                predicate::str::contains("--requests")
                    .and(predicate::str::contains(value))
                    .and(predicate::str::contains(expect)),
            );
    }
}

#[test]
fn unknown_region_is_a_usage_error_with_a_suggestion() {
    bin()
        .args([
            "quote",
            "--api",
            "rest",
            "--requests",
            "1M",
            "--region",
            "eu-west-9",
        ])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("unknown region 'eu-west-9'")
                .and(predicate::str::contains("did you mean")),
        );
}

#[test]
fn http_in_ap_east_2_is_a_pricing_gap_not_a_zero() {
    bin()
        .args([
            "quote",
            "--api",
            "http",
            "--requests",
            "1M",
            "--region",
            "ap-east-2",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(
            predicate::str::contains("no price for HTTP API requests in ap-east-2")
                .and(predicate::str::contains("regions price it")),
        );
}

#[test]
fn prices_list_and_show() {
    bin().args(["prices", "list"]).assert().success().stdout(
        predicate::str::contains("36 regions")
            .and(predicate::str::contains("ap-east-2"))
            .and(predicate::str::contains("not priced")),
    );
    bin()
        .args(["prices", "show", "--region", "ap-southeast-2"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("VA3SCD9N9YMS3UQ3.JRTCKXETXF.ZN357FEBCK")
                .and(predicate::str::contains("SRC-AWS-METER-2025-10-20"))
                .and(predicate::str::contains("share one AWS rate code")),
        );
    let j = json(&["prices", "show", "--region", "us-east-1"]);
    assert_eq!(j["regions"][0]["meters"][0]["tiers"][0]["price"], "3.50");
}

#[test]
fn a_bad_catalog_names_region_kind_and_tier() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("data/prices.json").unwrap()).unwrap();
    v["regions"]["eu-west-1"]["http"]["tiers"][1]["up_to"] = serde_json::json!("100");
    std::fs::write(&path, v.to_string()).unwrap();
    bin()
        .args([
            "quote",
            "--api",
            "http",
            "--requests",
            "1M",
            "--prices",
            path.to_str().unwrap(),
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("eu-west-1 / http tier"));
}

#[test]
fn prices_override_changes_the_quote() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.json");
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("data/prices.json").unwrap()).unwrap();
    v["regions"]["us-east-1"]["http"]["tiers"][0]["usd_per_million"] = serde_json::json!("2.00");
    std::fs::write(&path, v.to_string()).unwrap();
    let j = json(&[
        "quote",
        "--api",
        "http",
        "--requests",
        "10M",
        "--prices",
        path.to_str().unwrap(),
    ]);
    assert_eq!(j["total"], "20.00");
    assert_eq!(j["catalog"]["origin"], path.to_str().unwrap());
}

#[test]
fn output_file_is_written_and_a_failure_leaves_none() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("q.csv");
    bin()
        .args([
            "quote",
            "--api",
            "http",
            "--requests",
            "600M",
            "--format",
            "csv",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with(
        "period,region,api,row_type,component,meter,tier,quantity,unit,unit_price,price_unit,amount,amount_exact,currency,source\n"
    ));
    assert!(text.contains(",total,TOTAL,,,,,,,570.00,570.00,USD,\n"));
    let bad = dir.path().join("bad.csv");
    bin()
        .args([
            "quote",
            "--api",
            "http",
            "--requests",
            "1M",
            "--region",
            "ap-east-2",
            "-o",
            bad.to_str().unwrap(),
        ])
        .assert()
        .code(1);
    assert!(!bad.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary files left behind"
    );
}

#[test]
fn markdown_has_a_total_row() {
    bin()
        .args([
            "quote",
            "--api",
            "http",
            "--requests",
            "600M",
            "--format",
            "markdown",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("| Total |  |  |  | $570.00 |"));
}

#[test]
fn closed_pipe_exits_quietly() {
    use std::process::{Command, Stdio};
    let bin_path = assert_cmd::cargo::cargo_bin!("apigw-cost");
    let mut child = Command::new(bin_path)
        .args(["prices", "show", "--region", "us-east-1", "--format", "csv"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{:?}", out);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn compare_with_a_rest_cache_prices_the_other_options_without_it() {
    let profile = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/profiles/rest-high-volume-cache.toml"
    );
    let j = common::json(&["compare", "--profile", profile]);
    let http = &j["options"][1];
    assert_eq!(http["api"], "http");
    // eu-west-1 HTTP: 300M x $1.11/M + 1.7B x $1.00/M = $333.00 + $1,700.00; no cache line.
    assert_eq!(common::money(&http["total"]).to_string(), "2033.00");
    assert!(http["warnings"][0]
        .as_str()
        .unwrap()
        .contains("no stage cache"));
    assert!(j["options"][0]["lines"]
        .to_string()
        .contains("REST API cache 6.1 GB"));
}

#[test]
fn a_negative_growth_is_accepted_with_or_without_equals() {
    for args in [
        vec![
            "project",
            "--apis",
            "http",
            "--requests",
            "10M",
            "--months",
            "3",
            "--growth",
            "-5%",
        ],
        vec![
            "project",
            "--apis",
            "http",
            "--requests",
            "10M",
            "--months",
            "3",
            "--growth=-5%",
        ],
    ] {
        let j = common::json(&args);
        // 10M, 9.5M, 9.025M at $1.00/M: each month billed to the cent, $10.00 + $9.50 + $9.03
        // (9.025 half away from zero) = $28.53; exactly 28.525.
        assert_eq!(common::money(&j["total"]), common::d("28.53"));
        assert_eq!(common::money(&j["total_exact"]), common::d("28.525"));
    }
}

#[cfg(unix)]
#[test]
fn output_files_are_readable_like_any_other_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.json");
    common::bin()
        .args(["quote", "--api", "http", "--requests", "1M", "-o"])
        .arg(&path)
        .assert()
        .success();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644);
}
