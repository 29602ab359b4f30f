//! Lambda cold starts billed since 2025-08-01 (issue 29): the INIT phase of on-demand ZIP functions is
//! billed at the GB-second rate, priced as its own line: invocations x cold-start share x Init Duration x
//! memory. Worked by hand from the catalog's us-east-1 Lambda prices: requests $0.20 per million, x86
//! $0.0000166667 and arm $0.0000133334 per GB-second (first tier); REST $3.50 per million, HTTP $1.00.
mod common;
use common::*;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

const PROFILE: &str = r#"name = "cold starts"
api = "rest"
requests = "10M"

[backend]
duration_ms = 100
memory_mb = 512
init_ms = 250

[latency]
cold_start_rate = "1%"
"#;

#[test]
fn a_profiles_cold_starts_in_gb_seconds() {
    // 10M invocations x 1% = 100,000 cold starts x 250 ms x 512/1,024 GB / 1,000
    // = 12,500 GB-seconds x $0.0000166667 = $0.20833375.
    // The rest: REST 10M x $3.50/M = $35.00; Lambda 10M x $0.20/M = $2.00;
    // 10M x 100 ms x 0.5 GB / 1,000 = 500,000 GB-s x $0.0000166667 = $8.33335.
    // Total 35 + 2 + 8.33335 + 0.20833375 = $45.54168375 -> $45.54.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("cold.toml");
    std::fs::write(&p, PROFILE).unwrap();
    let j = quote(&["--profile", p.to_str().unwrap()]);
    let c = line(&j, "Lambda cold starts, INIT (x86)");
    assert_eq!(money(&c["quantity"]), d("12500"));
    assert_eq!(money(&c["amount_exact"]), d("0.20833375"));
    let basis = c["basis"].as_str().unwrap();
    assert!(
        basis.contains(
            "10,000,000 invocations x 1% cold starts (given) = 100,000 cold starts x 250 ms"
        ),
        "{basis}"
    );
    assert!(
        c["sources"]
            .to_string()
            .contains("SRC-AWS-LAMBDA-INIT-BILLING-2025"),
        "{}",
        c["sources"]
    );
    assert_eq!(money(&j["total_exact"]), d("45.54168375"));
    assert_eq!(money(&j["total"]), d("45.54"));
    let w = j["warnings"].to_string();
    assert!(
        w.contains("2025-08-01")
            && w.contains("SnapStart")
            && w.contains("provisioned concurrency"),
        "{w}"
    );
    // Flags override the profile: 2% and 500 ms double each: 4 x 12,500 = 50,000 GB-s = $0.833335.
    let j = quote(&[
        "--profile",
        p.to_str().unwrap(),
        "--cold-start-rate",
        "2%",
        "--init-ms",
        "500",
    ]);
    let c = line(&j, "Lambda cold starts, INIT (x86)");
    assert_eq!(money(&c["amount_exact"]), d("0.833335"));
}

#[test]
fn the_default_init_duration_is_the_runtimes_median() {
    // arm64, nodejs22.x: median Init Duration 128.7 ms (data/latency.json, LAMBDA-PERF-2026).
    // 1M x 2% = 20,000 cold starts x 128.7 ms x 1 GB / 1,000 = 2,574 GB-s x $0.0000133334
    // = $0.0343201716.
    let j = quote(&[
        "--api",
        "http",
        "--requests",
        "1M",
        "--backend",
        "lambda",
        "--duration-ms",
        "100",
        "--memory-mb",
        "1024",
        "--arch",
        "arm",
        "--cold-start-rate",
        "2%",
    ]);
    let c = line(&j, "Lambda cold starts, INIT (arm)");
    assert_eq!(money(&c["quantity"]), d("2574"));
    assert_eq!(money(&c["amount_exact"]), d("0.0343201716"));
    assert!(c["basis"].as_str().unwrap().contains("128.7 ms"), "{c}");
    // python3.13 on x86: its own median (data/latency.json) replaces nodejs22.x's.
    let j = quote(&[
        "--api",
        "http",
        "--requests",
        "1M",
        "--backend",
        "lambda",
        "--duration-ms",
        "100",
        "--memory-mb",
        "1024",
        "--cold-start-rate",
        "2%",
        "--runtime",
        "python3.13",
    ]);
    let basis = line(&j, "Lambda cold starts, INIT (x86)")["basis"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(basis.contains("python3.13"), "{basis}");
}

#[test]
fn cold_starts_share_the_free_allowance_after_the_invocations() {
    // --free-tier always: 400,000 GB-seconds a month. The invocations use 3M x 100 ms x 1 GB / 1,000
    // = 300,000 first; the cold starts, 3M x 10% x 500 ms x 1 GB / 1,000 = 150,000, get the
    // 100,000 left: 50,000 paid x $0.0000166667 = $0.833335.
    let j = json(&[
        "quote",
        "--api",
        "http",
        "--requests",
        "3M",
        "--backend",
        "lambda",
        "--duration-ms",
        "100",
        "--memory-mb",
        "1024",
        "--cold-start-rate",
        "10%",
        "--init-ms",
        "500",
        "--free-tier",
        "always",
    ]);
    let free = line(&j, "Lambda cold starts, INIT (x86) (free tier)");
    assert_eq!(money(&free["quantity"]), d("100000"));
    let paid = line(&j, "Lambda cold starts, INIT (x86)");
    assert_eq!(money(&paid["quantity"]), d("50000"));
    assert_eq!(money(&paid["amount_exact"]), d("0.833335"));
}

#[test]
fn without_cold_starts_the_line_says_so() {
    // At a steady 100M a month the latency model's share is 0: a line of 0 GB-seconds, never hidden.
    let j = quote(&[
        "--api",
        "rest",
        "--requests",
        "100M",
        "--backend",
        "lambda",
        "--duration-ms",
        "100",
        "--memory-mb",
        "512",
    ]);
    let c = line(&j, "Lambda cold starts, INIT (x86)");
    assert_eq!(money(&c["quantity"]), d("0"));
    assert!(
        c["basis"].as_str().unwrap().contains("--cold-start-rate"),
        "{c}"
    );
}

#[test]
fn init_ms_needs_a_backend_and_is_not_a_latency_input() {
    bin()
        .args([
            "quote",
            "--api",
            "rest",
            "--requests",
            "1M",
            "--init-ms",
            "200",
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains("--init-ms").and(contains("--backend")));
    bin()
        .args([
            "quote",
            "--api",
            "rest",
            "--requests",
            "1M",
            "--backend",
            "lambda",
        ])
        .args([
            "--duration-ms",
            "100",
            "--memory-mb",
            "128",
            "--init-ms",
            "0",
        ])
        .assert()
        .code(2)
        .stderr(contains("--init-ms"));
    bin()
        .args(["latency", "--api", "rest", "--init-ms", "200"])
        .assert()
        .code(2)
        .stderr(contains("--init-ms"));
    bin()
        .args([
            "quote",
            "--api",
            "rest",
            "--requests",
            "1M",
            "--backend",
            "lambda",
        ])
        .args(["--duration-ms", "100", "--memory-mb", "128"])
        .args(["--cold-start-rate", "3"])
        .assert()
        .code(2)
        .stderr(contains("3%").and(contains("0.03")));
}

#[test]
fn compare_prices_the_given_share_on_every_option() {
    // --cold-start-rate 1% on compare: the latency model and the price read the same share.
    // 10M x 1% x 141.1 ms (nodejs22.x x86 median) x 0.5 GB / 1,000 = 7,055 GB-s x $0.0000166667
    // = $0.1175835685 on both options.
    let j = json(&[
        "compare",
        "--requests",
        "10M",
        "--backend",
        "lambda",
        "--duration-ms",
        "100",
        "--memory-mb",
        "512",
        "--cold-start-rate",
        "1%",
    ]);
    let text = j.to_string();
    assert_eq!(text.matches("0.1175835685").count(), 2, "{text}");
}
