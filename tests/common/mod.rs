//! Helpers shared by the end-to-end tests: run the binary, read JSON money as exact decimals.
#![allow(dead_code)]

use assert_cmd::Command;
use rust_decimal::Decimal;

pub fn bin() -> Command {
    assert_cmd::cargo::cargo_bin_cmd!("apigw-cost")
}

pub fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

/// Runs the binary with `args` and `--format json`, expecting success; returns the parsed JSON.
pub fn json(args: &[&str]) -> serde_json::Value {
    let out = bin()
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{:?} failed: {}",
        args,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A JSON money string as an exact decimal.
pub fn money(v: &serde_json::Value) -> Decimal {
    v.as_str()
        .unwrap_or_else(|| panic!("money must be a JSON string, got {v}"))
        .parse()
        .unwrap()
}

/// The exact total of a `quote --format json`.
pub fn quote_total(args: &[&str]) -> Decimal {
    let mut a = vec!["quote"];
    a.extend_from_slice(args);
    let j = json(&a);
    let total = money(&j["total_exact"]);
    let lines = j["lines"].as_array().unwrap();
    let sum: Decimal = lines.iter().map(|l| money(&l["amount_exact"])).sum();
    assert_eq!(
        total, sum,
        "total must equal the sum of its lines for {args:?}"
    );
    // The lines' cents add up to the bill shown.
    let cents: Decimal = lines.iter().map(|l| money(&l["amount"])).sum();
    assert_eq!(cents, money(&j["total"]), "cents of {args:?}");
    assert_eq!(
        money(&j["total"]),
        total.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    );
    total
}

/// `data/prices.json` edited by `edit`, written into `dir`: a catalog with a gap (or a change) the
/// embedded one does not have. Returns the file's path.
pub fn edited_catalog(
    dir: &std::path::Path,
    edit: impl FnOnce(&mut serde_json::Value),
) -> std::path::PathBuf {
    let mut c: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("data/prices.json").unwrap()).unwrap();
    edit(&mut c);
    let path = dir.join("edited-prices.json");
    std::fs::write(&path, c.to_string()).unwrap();
    path
}

/// The JSON line of `component` (exactly one).
pub fn line<'a>(j: &'a serde_json::Value, component: &str) -> &'a serde_json::Value {
    let found: Vec<_> = j["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["component"] == component)
        .collect();
    assert_eq!(found.len(), 1, "{component} in {j}");
    found[0]
}

/// `quote ARGS` as JSON, after checking that its total is the sum of its lines.
pub fn quote(args: &[&str]) -> serde_json::Value {
    let mut a = vec!["quote"];
    a.extend_from_slice(args);
    quote_total(args); // total = sum of lines, cents add up
    json(&a)
}
