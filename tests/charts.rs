//! `apigw-cost chart`: SVG is well-formed XML carrying the series names and break-even labels, PNG has
//! the PNG signature and the requested size, every kind renders from an example profile, a bad extension
//! is a usage error, and the output is byte-deterministic.
mod common;
use common::*;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

const PNG_SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

fn render(dir: &Path, name: &str, args: &[&str]) -> Vec<u8> {
    let path: PathBuf = dir.join(name);
    let out = bin()
        .arg("chart")
        .args(args)
        .arg("-o")
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "chart {args:?} -o {name} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(&path).unwrap()
}

/// Every text node of an SVG, trimmed (the SVG must parse as XML).
fn svg_texts(bytes: &[u8]) -> Vec<String> {
    let text = std::str::from_utf8(bytes).expect("SVG is UTF-8");
    let doc = roxmltree::Document::parse(text).expect("SVG is well-formed XML");
    assert_eq!(doc.root_element().tag_name().name(), "svg");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(|t| t.trim().to_string()))
        .collect()
}

/// (width, height) from the IHDR chunk, after checking the signature.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(bytes[..8], PNG_SIGNATURE, "PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR", "IHDR is the first chunk");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

#[test]
fn cost_vs_requests_svg_has_series_tiers_and_break_even_labels() {
    let dir = tempfile::tempdir().unwrap();
    let svg = render(
        dir.path(),
        "cost.svg",
        &["cost-vs-requests", "--apis", "rest,http,alb"],
    );
    let texts = svg_texts(&svg);
    let has = |s: &str| texts.iter().any(|t| t.contains(s));
    for name in ["REST API", "HTTP API", "Application Load Balancer"] {
        assert!(has(name), "series name {name} missing: {texts:?}");
    }
    // The exact crossings of breakeven::search (README: ALB cheaper from 18,027,440 requests/month).
    assert!(
        has("HTTP = ALB at 18,027,440 requests: $18.03"),
        "{texts:?}"
    );
    assert!(has("REST = ALB at 4,815,147 requests"), "{texts:?}");
    for tier in ["HTTP 300M", "REST 333M", "REST 1B", "REST 20B"] {
        assert!(has(tier), "tier boundary {tier} missing: {texts:?}");
    }
    assert!(has("us-east-1"), "the title names the region");
    // Money axes as money, never a float.
    assert!(texts.iter().any(|t| t == "$10k"), "{texts:?}");
    assert!(!texts.iter().any(|t| t.ends_with(".0")), "{texts:?}");
}

#[test]
fn png_has_the_signature_and_requested_dimensions() {
    let dir = tempfile::tempdir().unwrap();
    let png = render(dir.path(), "default.png", &["cost-vs-requests"]);
    assert_eq!(png_size(&png), (1200, 700));
    let png = render(
        dir.path(),
        "small.PNG",
        &["effective-price", "--width", "800", "--height", "450"],
    );
    assert_eq!(png_size(&png), (800, 450));
}

#[test]
fn every_kind_renders_from_an_example_profile() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("cost-vs-requests", "seed-2000-customers", "HTTP $570.00"),
        ("cost-vs-requests", "seed-100-customers", "HTTP $10.00"),
        (
            "cost-vs-requests",
            "rest-high-volume-cache",
            "REST API with 6.1 GB cache",
        ),
        ("effective-price", "startup-growth", "HTTP API"),
        (
            "projection",
            "startup-growth",
            "HTTP saves against REST, cumulative",
        ),
        (
            "projection",
            "seed-100-customers",
            "12-month projection in us-east-1",
        ),
        ("regions", "seed-2000-customers", "$570.00"),
        ("regions", "rest-high-volume-cache", "eu-west-1"),
        (
            "regions",
            "websocket-chat",
            "WebSocket API monthly cost by region",
        ),
        (
            "projection",
            "startup-growth",
            "Free tier (legacy) included in the monthly costs",
        ),
        ("latency", "partner-api-review", "REST API p99.9"),
    ];
    for (kind, profile, expect) in cases {
        let p = format!("data/profiles/{profile}.toml");
        let svg = render(
            dir.path(),
            &format!("{kind}-{profile}.svg"),
            &[kind, "--profile", &p],
        );
        let texts = svg_texts(&svg);
        assert!(
            texts.iter().any(|t| t.contains(expect)),
            "{kind} from {profile}: no text containing {expect:?} in {texts:?}"
        );
        let png = render(
            dir.path(),
            &format!("{kind}-{profile}.png"),
            &[kind, "--profile", &p],
        );
        assert_eq!(png_size(&png), (1200, 700), "{kind} from {profile}");
    }
}

#[test]
fn regions_are_sorted_cheapest_first_and_name_the_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let svg = render(
        dir.path(),
        "regions.svg",
        &["regions", "--api", "http", "--requests", "600M"],
    );
    let texts = svg_texts(&svg);
    let money: Vec<rust_decimal::Decimal> = texts
        .iter()
        .filter_map(|t| t.strip_prefix('$'))
        // The bars' exact figures (tick labels such as `$1.5k` are not figures).
        .filter(|t| t.contains('.') && t.ends_with(|c: char| c.is_ascii_digit()))
        .map(|t| t.replace(',', "").parse().unwrap())
        .collect();
    assert!(money.len() > 30, "{texts:?}");
    assert!(money.windows(2).all(|w| w[0] <= w[1]), "{money:?}");
    assert_eq!(money[0], d("570.00"));
    // The note may wrap over two lines of the image.
    let all = texts.join(" ");
    assert!(all.contains("no HTTP API prices in the catalog") && all.contains("ap-east-2"));
}

#[test]
fn output_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let kinds: [&[&str]; 2] = [
        &["cost-vs-requests", "--apis", "rest,http,alb"],
        // The latency model is a seeded Monte Carlo: the same seed draws the same chart.
        &["latency", "--apis", "rest,http", "--samples", "20k"],
    ];
    for args in kinds {
        for ext in ["svg", "png"] {
            let a = render(dir.path(), &format!("a.{ext}"), args);
            let b = render(dir.path(), &format!("b.{ext}"), args);
            assert!(a == b, "two renders of {args:?} as {ext} differ");
        }
    }
}

#[test]
fn a_bad_extension_is_a_usage_error_naming_the_value() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chart.jpg");
    bin()
        .args(["chart", "cost-vs-requests", "-o"])
        .arg(&path)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("chart.jpg").and(predicate::str::contains(".svg or .png")),
        );
    assert!(!path.exists());
    bin()
        .args(["chart", "projection", "--requests", "10M"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("-o FILE.svg"));
    bin()
        .args(["chart", "pie", "-o", "x.svg"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("pie"));
}

#[test]
fn websocket_has_no_per_request_curve() {
    let dir = tempfile::tempdir().unwrap();
    bin()
        .args([
            "chart",
            "cost-vs-requests",
            "--apis",
            "http,websocket",
            "-o",
        ])
        .arg(dir.path().join("ws.svg"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "WebSocket APIs are priced per message",
        ));
}

#[test]
fn the_latency_chart_draws_the_latency_model_percentiles() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "latency",
        "--apis",
        "rest,http",
        "--backend",
        "lambda",
        "--duration-ms",
        "50",
        "--samples",
        "20k",
    ];
    let svg = render(dir.path(), "latency.svg", &args);
    let texts = svg_texts(&svg);
    // The same figures as `apigw-cost latency` with the same inputs and seed.
    let model = json(&[
        "latency",
        "--api",
        "rest,http",
        "--backend",
        "lambda",
        "--duration-ms",
        "50",
        "--samples",
        "20k",
    ]);
    let results = model.as_array().unwrap();
    assert_eq!(results.len(), 2);
    for r in results {
        for p in ["p50_ms", "p90_ms", "p99_ms", "p999_ms"] {
            let v = r["end_to_end"][p].as_f64().unwrap();
            let label = format!("{} ms", apigw_cost::render::ms(v));
            assert!(texts.contains(&label), "{} {p}: {label} missing", r["api"]);
        }
    }
    for name in [
        "REST API p50",
        "REST API p99.9",
        "HTTP API p50",
        "HTTP API p99.9",
    ] {
        assert!(texts.iter().any(|t| t == name), "{name} missing: {texts:?}");
    }
    assert!(texts
        .iter()
        .any(|t| t.contains("20,000 samples per option, seed 42")));
}

#[test]
fn a_regions_chart_of_one_region_names_what_left_the_others_out() {
    // A catalog that prices Lambda in us-east-1 only (of the 33 regions that price HTTP APIs): one bar,
    // and a note naming the 32 left out.
    let dir = tempfile::tempdir().unwrap();
    let cat = edited_catalog(dir.path(), |c| {
        for (code, a) in c["alternatives"].as_object_mut().unwrap() {
            if code != "us-east-1" {
                a.as_object_mut().unwrap().remove("lambda");
            }
        }
    });
    let args = [
        "--prices",
        cat.to_str().unwrap(),
        "regions",
        "--api",
        "http",
        "--requests",
        "10M",
        "--backend",
        "lambda",
        "--duration-ms",
        "50",
        "--memory-mb",
        "512",
    ];
    let texts = svg_texts(&render(dir.path(), "one.svg", &args));
    assert!(
        texts.iter().any(|t| t.contains("1 region, cheapest first")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t == "▶ us-east-1 · US East (N. Virginia)"),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Left out, no price for Lambda") && t.contains("and 26 more")),
        "{texts:?}"
    );
    assert_eq!(png_size(&render(dir.path(), "one.png", &args)), (1200, 700));
}
