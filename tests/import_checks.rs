//! `prices import`'s checks on AWS's files (issues 29 and 33): publication dates that are real calendar
//! dates and not in the future, a date in a file name that stands alone, prices held exactly, a file
//! older than the catalog's prices of its service skipped unless `--allow-older`; and AWS's data-transfer
//! map in the shape AWS publishes it (over 4 MiB, not flattened).
mod common;
use common::*;
use predicates::prelude::*;

use serde_json::{json, Value};
use std::path::{Path, PathBuf};

const ELB: &str = "tests/fixtures/aws-meteredUnitMaps-elb-USD-published-2025-11-03.json";
const DT_FLAT: &str = "tests/fixtures/datatransfer-external-outbound-subset-2025-08-28.json";
const DT_MAP: &str = "tests/fixtures/datatransfer-map-SHAPE-2025-08-28.json";

fn elb() -> Value {
    serde_json::from_str(&std::fs::read_to_string(ELB).unwrap()).unwrap()
}

fn write(dir: &Path, name: &str, v: &Value) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, v.to_string()).unwrap();
    p
}

/// Runs `prices import FILE [extra]` and returns (exit code, stdout, stderr).
fn import(file: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = bin()
        .args(["prices", "import"])
        .arg(file)
        .args(extra)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn publication_dates_must_be_real_dates_and_not_in_the_future() {
    let dir = tempfile::tempdir().unwrap();
    for (date, problem) in [
        ("2025-13-45T16:22:14Z", "month 13 is not 01 to 12"),
        ("2025-00-10T00:00:00Z", "month 00 is not 01 to 12"),
        (
            "2025-02-29T00:00:00Z",
            "day 29 is not in 2025-02 (01 to 28)",
        ),
        (
            "2025-04-31T00:00:00Z",
            "day 31 is not in 2025-04 (01 to 30)",
        ),
        ("2025-11-00T00:00:00Z", "day 00 is not in 2025-11"),
        ("1999-11-03T00:00:00Z", "year 1999 is before 2000"),
        (
            "99999-11-03T00:00:00Z",
            "does not start with a date (YYYY-MM-DD)",
        ),
        (
            "2099-11-03T00:00:00Z",
            "publication date 2099-11-03 is after today",
        ),
    ] {
        let mut v = elb();
        v["manifest"]["hawkFilePublicationDate"] = json!(date);
        let f = write(dir.path(), "elb.json", &v);
        let (code, out, err) = import(&f, &[]);
        assert_eq!(code, 1, "{date}: {err}");
        assert!(out.is_empty(), "{date}: no catalog");
        assert!(
            err.contains(f.to_str().unwrap()),
            "{date} names the file: {err}"
        );
        assert!(err.contains(problem), "{date}: {problem}:\n{err}");
        assert!(
            !err.contains("imported"),
            "{date}: nothing imported:\n{err}"
        );
    }
    // A leap day is a date (2024-02-29): the file imports.
    let mut v = elb();
    v["manifest"]["hawkFilePublicationDate"] = json!("2025-11-03T16:22:14Z");
    let (code, _, err) = import(&write(dir.path(), "elb.json", &v), &[]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn an_offer_file_date_is_checked_too() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string("tests/fixtures/offer_file_shape_us-east-1.RECONSTRUCTED.json")
            .unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["publicationDate"] = json!("2026-02-30T00:00:00Z");
    let (code, _, err) = import(&write(dir.path(), "offer.json", &v), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("publicationDate '2026-02-30T00:00:00Z' day 30 is not in 2026-02"),
        "{err}"
    );
}

#[test]
fn a_date_in_a_file_name_stands_alone() {
    let dir = tempfile::tempdir().unwrap();
    for name in [
        "datatransfer-99999-08-28.json", // was read as 9999-08-28
        "datatransfer-2025-08-281.json",
        "datatransfer-2025-13-28.json",
    ] {
        let f = dir.path().join(name);
        std::fs::copy(DT_FLAT, &f).unwrap();
        let (code, _, err) = import(&f, &[]);
        assert_eq!(code, 1, "{name}: {err}");
        assert!(err.contains("carries no publication date"), "{name}: {err}");
        assert!(
            !err.contains("SRC-DT-PROCESSED-9999"),
            "{name}: no year 9999 read: {err}"
        );
    }
}

#[test]
fn a_price_that_cannot_be_held_exactly_is_an_error_not_zero() {
    let dir = tempfile::tempdir().unwrap();
    let forty = "0.0000000000000000000000000000000000000001"; // 40 decimals: rounds to 0 as a decimal
    let mut v = elb();
    v["regions"]["US East (N. Virginia)"]["Application Load Balancer Hours"]["price"] =
        json!(forty);
    let (code, out, err) = import(&write(dir.path(), "elb.json", &v), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty());
    assert!(
        err.contains(
            "US East (N. Virginia) / Application Load Balancer Hours: price '0.0000000000"
        ),
        "{err}"
    );
    assert!(
        err.contains("at most 20 decimals that can be held exactly"),
        "{err}"
    );
    // The same in the flattened data-transfer map.
    let mut flat: Value = serde_json::from_str(&std::fs::read_to_string(DT_FLAT).unwrap()).unwrap();
    let tier = flat["DataTransfer External Outbound Next 10 TB"]
        .as_object_mut()
        .unwrap();
    let key = tier.keys().next().unwrap().clone();
    tier[&key] = json!(forty);
    let (code, _, err) = import(&write(dir.path(), "dt-2025-08-28.json", &flat), &[]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("not a price string (at most 20 decimals"),
        "{err}"
    );
}

#[test]
fn an_older_file_keeps_the_newer_catalog_prices_unless_allow_older() {
    let dir = tempfile::tempdir().unwrap();
    // The catalog's ALB prices cite SRC-ELB-METER-2025-11-03; this file is of 2024-06-01, with us-east-1's
    // ALB hour at $0.0300.
    let mut v = elb();
    v["manifest"]["hawkFilePublicationDate"] = json!("2024-06-01T00:00:00Z");
    v["regions"]["US East (N. Virginia)"]["Application Load Balancer Hours"]["price"] =
        json!("0.0300000000");
    let f = write(dir.path(), "old-elb.json", &v);
    let (code, out, err) = import(&f, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains(&format!(
        "warning: {} (Elastic Load Balancing metered unit map) was published 2024-06-01, before the prices the catalog holds for that service (SRC-ELB-METER-2025-11-03, 2025-11-03); not imported: the catalog keeps the newer prices (--allow-older to import it)",
        f.display()
    )), "{err}");
    assert!(err.contains("0 prices changed"), "{err}");
    assert!(
        !out.contains("SRC-ELB-METER-2024-06-01"),
        "the older file is not cited"
    );
    let (code, out, err) = import(&f, &["--allow-older"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("imported all the same (--allow-older)"),
        "{err}"
    );
    assert!(
        err.contains("us-east-1 alb hours: 0.0225 -> 0.03 USD per hour"),
        "{err}"
    );
    assert!(out.contains("SRC-ELB-METER-2024-06-01"));
    // A file of the same date as the catalog's is not older: it imports without a warning.
    let (code, _, err) = import(Path::new(ELB), &[]);
    assert_eq!(code, 0);
    assert!(!err.contains("warning"), "{err}");
}

#[test]
fn the_data_transfer_map_as_aws_publishes_it_imports() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cat.json");
    bin()
        .args(["prices", "import", DT_MAP, "-o", out.to_str().unwrap()])
        .assert()
        .success()
        .stderr(
            predicate::str::contains(format!("imported 36 regions from {DT_MAP} (data-transfer metered unit map, published 2025-08-28T00:00:00Z, cited as SRC-DT-METER-2025-08-28)"))
                // The same prices as the flattened copy the catalog was built from.
                .and(predicate::str::contains("0 prices changed")),
        );
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let tiers = &v["regions"]["eu-west-1"]["data_transfer_out_internet"]["tiers"];
    assert_eq!(tiers[0]["usd_per_gb"], "0.09");
    assert_eq!(tiers[0]["up_to_gb"], "10240");
    assert_eq!(tiers[3]["up_to_gb"], Value::Null);
    assert_eq!(tiers[0]["sources"], json!(["SRC-DT-METER-2025-08-28"]));
    assert!(tiers[0]["aws_rate_code"]
        .as_str()
        .unwrap()
        .starts_with("FIXTURE"));
    // Priced from it: 1M REST requests in eu-west-1 at $3.50/M = $3.50, and 1M responses x 1,024 KB =
    // 1,024,000,000 KB / 1,048,576 = 976.5625 GB out at $0.09 = $87.890625: $91.390625 exact.
    let total = quote_total(&[
        "--api",
        "rest",
        "--requests",
        "1M",
        "--response-size",
        "1024KB",
        "--region",
        "eu-west-1",
        "--prices",
        out.to_str().unwrap(),
    ]);
    assert_eq!(total, d("91.390625"));
}

/// The data-transfer map padded as AWS's own is (some 290 labels in 100 locations): `extra` labels of
/// filler per location.
fn padded_map(extra: usize) -> Value {
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(DT_MAP).unwrap()).unwrap();
    for (_, entries) in v["regions"].as_object_mut().unwrap() {
        let entries = entries.as_object_mut().unwrap();
        for i in 0..extra {
            entries.insert(
                format!("DataTransfer InterRegion Outbound to Somewhere {i}"),
                json!({"rateCode": format!("FIXTURE{i:09}.JRTCKXETXF.FIXTURE8"), "price": "0.0200000000",
                       "StartingRange": "0", "EndingRange": "Inf", "RegionlessRateCode": format!("FIXTURE-r-{i}")}),
            );
        }
    }
    v
}

#[test]
fn a_data_transfer_map_over_4_mib_imports_and_one_over_32_mib_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    // 103 locations x 300 filler labels x ~170 bytes: about 5 MiB, as AWS's own file is over 4 MiB.
    let big = write(dir.path(), "datatransfer.json", &padded_map(300));
    let size = std::fs::metadata(&big).unwrap().len();
    assert!(size > 4 * 1024 * 1024 && size < 32 * 1024 * 1024, "{size}");
    let (code, _, err) = import(&big, &[]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("imported 36 regions") && err.contains("0 prices changed"),
        "{err}"
    );
    // Over the 32 MiB bound: refused by its size before it is read.
    let mut huge = padded_map(0);
    huge["sets"]["padding"] = json!("x".repeat(32 * 1024 * 1024));
    let f = write(dir.path(), "huge.json", &huge);
    let (code, _, err) = import(&f, &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("too large") && err.contains("33554432 bytes"),
        "{err}"
    );
}

#[test]
fn a_tier_of_the_published_map_without_its_range_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(DT_MAP).unwrap()).unwrap();
    let e = &mut v["regions"]["EU (Ireland)"]["DataTransfer External Outbound Next 40 TB"];
    e.as_object_mut().unwrap().remove("EndingRange");
    let (code, _, err) = import(&write(dir.path(), "dt.json", &v), &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "EU (Ireland) / DataTransfer External Outbound Next 40 TB: no \"EndingRange\" string"
        ),
        "{err}"
    );
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(DT_MAP).unwrap()).unwrap();
    v["regions"]["EU (Ireland)"]["DataTransfer External Outbound Next 40 TB"]["StartingRange"] =
        json!("12000");
    let (code, _, err) = import(&write(dir.path(), "dt.json", &v), &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains("EU (Ireland): the egress tiers are not contiguous"),
        "{err}"
    );
}
