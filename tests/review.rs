//! `review PROFILE --out DIR`: the architecture-review pack end to end.

mod common;

use common::bin;
use predicates::prelude::*;

fn profile(name: &str) -> String {
    format!("{}/data/profiles/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn a_review_pack_holds_the_report_the_csvs_and_every_chart() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pack");
    bin()
        .args(["review", &profile("partner-api-review.toml"), "--out"])
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("8 charts"));
    let md = std::fs::read_to_string(out.join("review.md")).unwrap();
    for expected in [
        "# Architecture review: partner API review",
        "## 1. Summary",
        "## 2. Inputs",
        "## 3. Limits",
        "## 4. Not included",
        "## 5. Cost, added latency and feature fit",
        "### us-east-1: 300,000,000 requests a month, free tier: none",
        // $1,200.00 / $450.00 of gateway and backend + $4.23 of the cached Lambda authorizer.
        "| REST API | $1,204.23 |",
        "| HTTP API | $454.23 |",
        "Lambda authorizer requests",
        "✗ lacks api-keys, request-validation",
        "## 6. Break-even by monthly requests",
        "No crossing: HTTP is cheaper everywhere",
        "## 7. Projection",
        "## 8. Added latency by component",
        "official claim",
        "## 9. Charts",
        "![Monthly cost against monthly requests](cost-vs-requests.svg)",
        "## 10. Glossary",
        "`apigw-cost compare --profile",
    ] {
        assert!(md.contains(expected), "review.md lacks {expected:?}");
    }
    let costs = std::fs::read_to_string(out.join("costs.csv")).unwrap();
    assert!(costs.starts_with(
        "period,region,api,row_type,component,meter,tier,quantity,unit,unit_price,price_unit,amount,amount_exact,currency,source\n"
    ));
    assert!(costs.contains("1204.23445146"));
    for kind in [
        "cost-vs-requests",
        "effective-price",
        "projection",
        "latency",
    ] {
        let png = std::fs::read(out.join(format!("{kind}.png"))).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{kind}");
        let svg = std::fs::read_to_string(out.join(format!("{kind}.svg"))).unwrap();
        assert!(svg.starts_with("<svg"), "{kind}");
    }
    // Nothing else is left beside the pack (the build directory was renamed into place).
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["pack"]);
}

#[test]
fn parts_a_profile_cannot_have_are_named_and_the_rest_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ws");
    bin()
        .args(["review", &profile("websocket-chat.toml"), "--out"])
        .arg(&out)
        .assert()
        .success();
    let md = std::fs::read_to_string(out.join("review.md")).unwrap();
    assert!(md.contains("not drawn for this profile"), "{md}");
    assert!(md.contains("priced per message"));
    assert!(out.join("projection.png").exists());
}

#[test]
fn a_review_never_overwrites_and_a_failed_one_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("taken");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    bin()
        .args(["review", &profile("seed-100-customers.toml"), "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--out").and(predicate::str::contains("empty")));
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );

    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "requests = \"lots\"\n").unwrap();
    let fresh = dir.path().join("fresh");
    bin()
        .args(["review", bad.to_str().unwrap(), "--out"])
        .arg(&fresh)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("requests").and(predicate::str::contains("lots")));
    assert!(!fresh.exists());
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(
        left.iter().all(|n| !n.starts_with(".apigw-cost-review")),
        "{left:?}"
    );
}

#[test]
fn the_printed_commands_carry_the_reviews_global_options() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r");
    bin()
        .args([
            "review",
            &profile("startup-growth.toml"),
            "--free-tier",
            "none",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success();
    let md = std::fs::read_to_string(out.join("review.md")).unwrap();
    assert!(md.contains("free tier: none"));
    assert!(
        md.contains("--apis rest,http --free-tier none --format markdown`"),
        "{md}"
    );
}
