//! Cognito user pool MAUs (issue 29): the Lite feature plan's tiers by TOTAL MAU in every region.
//!
//! AWS's Cognito metered-unit map (2025-11-19) writes the commercial tiers as "User Pool MAU 0 upto 50000 /
//! 50000 upto 950000 / 950000 upto 9950000 / 9950000 upto Inf": bounds counted after a 50,000-MAU
//! allowance (the same rate codes are "MAU Frist 50000", "MAU Next 900000", "MAU Next 9000000", "MAU
//! Greater than 10000000"). GovCloud, without the allowance, writes the same prices at 100,000 /
//! 1,000,000 / 10,000,000. By total MAU, everywhere: up to 100,000 at $0.0055, 100,000-1M at $0.0046,
//! 1M-10M at $0.00325, above 10M at $0.0025.
mod common;
use common::*;
use predicates::prelude::*;

/// The month's bill (to the cent) of the Cognito cost alone: an HTTP API with no requests, so nothing
/// else is billed (the total is checked to be the sum of the lines, their cents adding up).
fn cognito(region: &str, mau: &str, free_tier: &str) -> rust_decimal::Decimal {
    let args = [
        "--api",
        "http",
        "--requests",
        "0",
        "--region",
        region,
        "--authorizer",
        "cognito",
        "--monthly-active-users",
        mau,
        "--free-tier",
        free_tier,
    ];
    quote_total(&args);
    let mut a = vec!["quote"];
    a.extend_from_slice(&args);
    money(&json(&a)["total"])
}

#[test]
fn mau_tiers_by_total_mau_in_three_regions_and_govcloud() {
    // Every region prices the four tiers at 0.0055 / 0.0046 / 0.00325 / 0.0025 USD per MAU (AWS's file:
    // us-east-1 QJC3UE86XSTPJMMZ, eu-west-1 KPWUACHJQEQQ5SAB, ap-northeast-1, GovCloud VGNXX5HUKA537TRR),
    // so the figures are the same in each:
    //   50,001 MAU     = 50,001 x 0.0055 = 275.0055                                   -> $275.01
    //   100,000 MAU    = 100,000 x 0.0055                                              = $550.00
    //   1,000,000 MAU  = 550 + 900,000 x 0.0046 (4,140)                                = $4,690.00
    //   12,345,678 MAU = 550 + 4,140 + 9,000,000 x 0.00325 (29,250)
    //                    + 2,345,678 x 0.0025 (5,864.195) = 39,804.195                 -> $39,804.20
    for region in ["us-east-1", "eu-west-1", "ap-northeast-1", "us-gov-west-1"] {
        for (mau, total) in [
            ("50001", "275.01"),
            ("100000", "550.00"),
            ("1000000", "4690.00"),
            ("12345678", "39804.20"),
        ] {
            assert_eq!(cognito(region, mau, "none"), d(total), "{region} {mau}");
        }
    }
}

#[test]
fn the_lines_name_the_lite_plan_and_the_tier_bounds() {
    let j = json(&[
        "quote",
        "--api",
        "http",
        "--requests",
        "0",
        "--authorizer",
        "cognito",
        "--monthly-active-users",
        "12345678",
    ]);
    let lines: Vec<_> = j["lines"].as_array().unwrap().iter().collect();
    assert_eq!(lines.len(), 4, "{j}");
    for (l, (to, qty, amount)) in lines.iter().zip([
        (Some("100000"), "100000", "550"),
        (Some("1000000"), "900000", "4140"),
        (Some("10000000"), "9000000", "29250"),
        (None, "2345678", "5864.195"),
    ]) {
        assert_eq!(l["component"], "Cognito user pool MAUs (Lite plan)");
        match to {
            Some(t) => assert_eq!(money(&l["tier_to"]), d(t), "{l}"),
            None => assert!(l["tier_to"].is_null(), "{l}"),
        }
        assert_eq!(money(&l["quantity"]), d(qty), "{l}");
        assert_eq!(money(&l["amount_exact"]), d(amount), "{l}");
    }
    let text = j.to_string();
    assert!(text.contains("Lite feature plan"), "{text}");
    assert!(text.contains("free MAUs not applied"), "{text}");
}

#[test]
fn the_free_maus_apply_only_with_a_free_tier() {
    // --free-tier always: Lite's 10,000 free MAUs come off the first tier:
    // (100,000 - 10,000) x 0.0055 = $495.00; 12,345,678: 39,804.195 - 10,000 x 0.0055 (55) = 39,749.195
    // -> $39,749.20. GovCloud the same.
    assert_eq!(cognito("us-east-1", "100000", "always"), d("495.00"));
    assert_eq!(cognito("us-gov-west-1", "100000", "always"), d("495.00"));
    assert_eq!(cognito("eu-west-1", "12345678", "always"), d("39749.20"));
    // Below the allowance nothing is billed; without a free tier (the default) all of it is.
    assert_eq!(cognito("us-east-1", "10000", "always"), d("0.00"));
    assert_eq!(cognito("us-east-1", "10000", "none"), d("55.00"));
    // The free line says which allowance and where it comes from; the free-tier line lists it.
    bin()
        .args([
            "quote",
            "--api",
            "http",
            "--requests",
            "0",
            "--authorizer",
            "cognito",
            "--monthly-active-users",
            "100k",
            "--free-tier",
            "always",
        ])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Cognito user pool MAUs (Lite plan) (free tier)")
                .and(predicate::str::contains(
                    "https://aws.amazon.com/cognito/pricing/",
                ))
                .and(predicate::str::contains("Cognito Lite 10,000 MAUs")),
        );
}

#[test]
fn a_re_import_of_aws_file_gives_total_mau_bounds() {
    // Take every Cognito table out of the catalog: the file puts them back with bounds by total MAU,
    // commercial (label + 50,000) and GovCloud (as written) alike.
    let dir = tempfile::tempdir().unwrap();
    let bare = edited_catalog(dir.path(), |c| {
        for (_, r) in c["alternatives"].as_object_mut().unwrap() {
            r.as_object_mut().unwrap().remove("cognito");
        }
    });
    let out = dir.path().join("rebuilt.json");
    bin()
        .args([
            "prices",
            "import",
            "--prices",
            bare.to_str().unwrap(),
            "tests/fixtures/aws-meteredUnitMaps-cognito-USD-published-2025-11-19-SUBSET.json",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success()
        .stderr(predicate::str::contains("imported 34 regions"));
    let rebuilt: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    for region in [
        "us-east-1",
        "eu-west-1",
        "sa-east-1",
        "us-gov-west-1",
        "us-gov-east-1",
    ] {
        let tiers = rebuilt["alternatives"][region]["cognito"]["user_pool_mau_tiers"]
            .as_array()
            .unwrap_or_else(|| panic!("{region}"));
        let bounds: Vec<_> = tiers.iter().map(|t| t["up_to_mau"].clone()).collect();
        assert_eq!(
            bounds,
            vec![
                serde_json::json!("100000"),
                serde_json::json!("1000000"),
                serde_json::json!("10000000"),
                serde_json::Value::Null
            ],
            "{region}"
        );
    }
    // And priced from the rebuilt catalog: 100,000 MAU in us-east-1 = 100,000 x 0.0055 = $550.
    let total = quote_total(&[
        "--prices",
        out.to_str().unwrap(),
        "--api",
        "http",
        "--requests",
        "0",
        "--authorizer",
        "cognito",
        "--monthly-active-users",
        "100k",
    ]);
    assert_eq!(total, d("550"));
}

#[test]
fn a_greater_than_label_below_its_tier_is_refused() {
    // "MAU Greater than 900000" on the rate code of the "9950000 upto Inf" tier cannot be an allowance.
    let dir = tempfile::tempdir().unwrap();
    let mut v: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            "tests/fixtures/aws-meteredUnitMaps-cognito-USD-published-2025-11-19-SUBSET.json",
        )
        .unwrap(),
    )
    .unwrap();
    let loc = v["regions"]["US East (N. Virginia)"]
        .as_object_mut()
        .unwrap();
    let e = loc
        .remove("MAU Greater than 10000000 per Requests")
        .unwrap();
    loc.insert("MAU Greater than 900000 per Requests".into(), e);
    let bad = dir.path().join("cognito.json");
    std::fs::write(&bad, v.to_string()).unwrap();
    bin()
        .args(["prices", "import", bad.to_str().unwrap(), "-o", "/dev/null"])
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("US East (N. Virginia)")
                .and(predicate::str::contains("MAU Greater than 900000")),
        );
}
