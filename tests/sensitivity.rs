//! `sensitivity` and `chart tornado` (issue 30): each input across its span priced exactly, sorted by
//! swing; the flip points are the break-even engine's own figures; the tornado renders to SVG and PNG
//! with every text inside the image and no two texts on top of each other.
mod common;
use common::*;
use predicates::prelude::*;

use apigw_cost::render::draw::text;

fn input<'a>(v: &'a serde_json::Value, key: &str) -> &'a serde_json::Value {
    v["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["input"] == key)
        .unwrap_or_else(|| panic!("no {key} in {v}"))
}

#[test]
fn a_point_volume_moves_twenty_percent_and_ranges_move_p10_to_p90() {
    let v = json(&[
        "sensitivity",
        "--requests",
        "100M",
        "--response-size",
        "10KB..30KB",
    ]);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["recommended"], "http");
    let r = input(&v, "requests");
    // 100M +-20% = 80M .. 120M. REST $3.50/M: $280.00 .. $420.00; HTTP $1.00/M: $80.00 .. $120.00; the
    // saving REST - HTTP $200.00 .. $300.00 (the response's egress is the same on both: it cancels).
    assert_eq!(
        (r["low"].as_str(), r["high"].as_str()),
        (Some("80000000"), Some("120000000"))
    );
    assert_eq!(r["spread"], "point +-20%");
    let http = &r["options"][1];
    assert_eq!(money(&http["saving_vs_baseline"]["low"]), d("200.00"));
    assert_eq!(money(&http["saving_vs_baseline"]["high"]), d("300.00"));
    assert_eq!(money(&r["swing"]), d("100.00"));
    // The response size 10..30 KB uniform: p10 12 KB, p90 28 KB. It moves both bills alike (egress),
    // so the saving does not move: it sorts below requests.
    let s = input(&v, "response_size");
    assert_eq!(s["spread"], "p10..p90");
    assert_eq!(
        (s["low"].as_str(), s["high"].as_str()),
        (Some("12"), Some("28"))
    );
    assert_eq!(money(&s["swing"]), d("0.00"));
    assert_eq!(v["inputs"][0]["input"], "requests");
    assert_eq!(v["inputs"][0]["rank"], 1);
    assert!(s["flip_note"]
        .as_str()
        .unwrap()
        .contains("does not move along"));
}

#[test]
fn the_flip_point_is_breakevens_figure_exactly() {
    // README: ALB cheaper from 18,027,440 requests/month against HTTP.
    let be = json(&["breakeven", "--vary", "requests", "--between", "alb,http"]);
    let at = be["points"][0]["at"].as_str().unwrap().to_string();
    assert_eq!(at, "18027440");
    let v = json(&["sensitivity", "--apis", "alb,http", "--requests", "100M"]);
    assert_eq!(v["recommended"], "alb");
    let r = input(&v, "requests");
    // 100M is above the crossing: the flip is below the median, outside 80M .. 120M.
    assert!(r["flip_above"].is_null());
    assert_eq!(r["flip_below"]["at"].as_str().unwrap(), at);
    assert_eq!(r["flip_below"]["within_span"], false);
    assert_eq!(r["flip_below"]["cheaper_below"], "http");
    assert_eq!(r["flip_below"]["cheaper_above"], "alb");
    // Along the cache hit rate (the break-even variable in percent, the flip as a share): REST with a
    // 0.5 GB cache in front of a 1,000 ms, 1,024 MB Lambda against HTTP, which invokes it every time.
    let w = [
        "--requests",
        "100M",
        "--cache",
        "0.5",
        "--backend",
        "lambda",
        "--duration-ms",
        "1000",
        "--memory-mb",
        "1024",
    ];
    let mut args = vec![
        "breakeven",
        "--vary",
        "cache-hit",
        "--between",
        "rest+cache,http",
    ];
    args.extend(w);
    let be = json(&args);
    let pct = be["points"][0]["at"].as_str().unwrap().to_string();
    let mut args = vec!["sensitivity", "--apis", "rest,http", "--cache-hit", "50%"];
    args.extend(w);
    let v = json(&args);
    assert_eq!(v["recommended"], "rest");
    let c = input(&v, "cache.hit_rate");
    assert_eq!(c["flip_below"]["variable_at"].as_str().unwrap(), pct);
    let share: rust_decimal::Decimal = c["flip_below"]["at"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        share * d("100"),
        pct.parse::<rust_decimal::Decimal>().unwrap()
    );
}

#[test]
fn a_range_that_crosses_the_break_even_says_the_flip_is_inside() {
    // ALB vs HTTP around the 18,027,440 crossing: 10M..30M has it inside its p10..p90 (12M..28M).
    let v = json(&[
        "sensitivity",
        "--apis",
        "alb,http",
        "--requests",
        "10M..30M",
    ]);
    let r = input(&v, "requests");
    let flip = if r["flip_above"].is_null() {
        &r["flip_below"]
    } else {
        &r["flip_above"]
    };
    assert_eq!(flip["at"], "18027440");
    assert_eq!(flip["within_span"], true);
}

#[test]
fn table_markdown_and_csv() {
    bin()
        .args(["sensitivity", "--requests", "100M", "--share", "10%"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Sensitivity of the monthly bill")
                .and(predicate::str::contains("90M .. 110M"))
                .and(predicate::str::contains("$315.00 → $385.00")),
        );
    bin()
        .args(["sensitivity", "--requests", "100M", "--format", "markdown"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "## Sensitivity of the monthly bill",
        ));
    let out = bin()
        .args(["sensitivity", "--requests", "100M", "--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("rank,input,spread,low,base,high,api,"),
        "{text}"
    );
    // 80M REST $280.00, 100M $350.00, 120M $420.00, swing $140.00.
    assert!(text.contains("1,requests,point +-20%,80000000,100000000,120000000,rest,280.00,350.00,420.00,140.00,,,,"), "{text}");
    bin()
        .args(["sensitivity", "--requests", "100M", "--share", "100%"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("below 100%"));
}

/// Every text of an SVG as a box: (class, text, x0, y0, x1, y1), from its anchor and measured width.
fn text_boxes(svg: &str) -> Vec<(String, String, [f64; 4])> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let num = |n: &roxmltree::Node, a: &str| n.attribute(a).unwrap_or("0").parse::<f64>().unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            let t = n.text().unwrap_or("").to_string();
            let size = num(&n, "font-size");
            let w = text::width(&t, size);
            let x = num(&n, "x");
            let x0 = match n.attribute("text-anchor") {
                Some("middle") => x - w / 2.0,
                Some("end") => x - w,
                _ => x,
            };
            let y = num(&n, "y");
            let class = n.attribute("class").unwrap_or("").to_string();
            (
                class,
                t,
                [x0, y - text::ascent(size), x0 + w, y + text::descent(size)],
            )
        })
        .collect()
}

#[test]
fn the_tornado_renders_with_no_text_on_another_and_inside_the_image() {
    let dir = tempfile::tempdir().unwrap();
    for (name, args, size) in [
        (
            "two",
            vec![
                "--requests",
                "p10=60M,p50=100M,p90=180M",
                "--request-size",
                "100KB..900KB",
            ],
            (1200u32, 700u32),
        ),
        (
            "lambda-small",
            vec![
                "--apis",
                "rest,http",
                "--requests",
                "100M",
                "--cache",
                "0.5",
                "--cache-hit",
                "60%..90%",
                "--backend",
                "lambda",
                "--duration-ms",
                "50..200",
                "--memory-mb",
                "512",
                "--response-size",
                "4KB",
                "--width",
                "800",
                "--height",
                "450",
            ],
            (800, 450),
        ),
        (
            "alb",
            vec!["--apis", "alb,http", "--requests", "10M..30M"],
            (1200, 700),
        ),
    ] {
        let svg_path = dir.path().join(format!("{name}.svg"));
        let png_path = dir.path().join(format!("{name}.png"));
        for p in [&svg_path, &png_path] {
            let out = bin()
                .args(["chart", "tornado"])
                .args(&args)
                .arg("-o")
                .arg(p)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{name}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let svg = std::fs::read_to_string(&svg_path).unwrap();
        let boxes = text_boxes(&svg);
        assert!(
            boxes
                .iter()
                .any(|b| b.0 == "bar-name" && b.1.starts_with("requests")),
            "{name}"
        );
        assert!(boxes
            .iter()
            .any(|b| b.0 == "guide-label" && b.1.starts_with("at the medians")));
        for (i, a) in boxes.iter().enumerate() {
            let r = a.2;
            if a.0 != "note" && a.0 != "title" && a.0 != "subtitle" {
                assert!(
                    r[0] >= 0.0 && r[2] <= f64::from(size.0),
                    "{name}: {a:?} outside the image"
                );
            }
            for b in &boxes[i + 1..] {
                let s = b.2;
                let overlap = r[0] < s[2] && s[0] < r[2] && r[1] < s[3] && s[1] < r[3];
                assert!(!overlap, "{name}: {a:?} and {b:?} overlap");
            }
        }
        let png = std::fs::read(&png_path).unwrap();
        assert_eq!(&png[..4], b"\x89PNG");
        let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        assert_eq!((be(&png[16..20]), be(&png[20..24])), size);
    }
}

#[test]
fn the_tornado_names_a_flip_inside_the_span_and_draws_the_zero_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("t.svg");
    bin()
        .args([
            "chart",
            "tornado",
            "--apis",
            "alb,http",
            "--requests",
            "10M..30M",
            "-o",
        ])
        .arg(&p)
        .assert()
        .success();
    let svg = std::fs::read_to_string(&p).unwrap();
    assert!(svg.contains("no saving"), "{svg}");
    assert!(svg.contains("18,027,440 requests"), "{svg}");
}
