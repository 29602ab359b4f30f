//! Every chart kind drawn to SVG and PNG in the shapes people ask for (four options, a small image, a
//! 60-month projection with calendar months, a volume outside the default range, a region without an
//! HTTP price, slides at --scale 1.5), and checked from the SVG: series polylines carry sub-pixel
//! fractions, no label box crosses a series polyline or another label box, titles fit the image, and
//! the tick labels of one axis are distinct. The PNG is the same drawing rasterised: the right size,
//! and not blank.
mod common;
use common::*;
use std::collections::HashSet;
use std::path::Path;

use apigw_cost::render::draw::text;

type Pt = (f64, f64);

#[derive(Debug, Clone, Copy)]
struct Box4 {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Box4 {
    fn overlaps(&self, o: &Box4) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    /// Whether the segment a-b crosses the box (Liang-Barsky).
    fn hit_by(&self, a: Pt, b: Pt) -> bool {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let (mut t0, mut t1) = (0f64, 1f64);
        for (p, q) in [
            (-dx, a.0 - self.x0),
            (dx, self.x1 - a.0),
            (-dy, a.1 - self.y0),
            (dy, self.y1 - a.1),
        ] {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    t0 = t0.max(r)
                } else {
                    t1 = t1.min(r)
                }
                if t0 > t1 {
                    return false;
                }
            }
        }
        true
    }
}

fn chart(dir: &Path, name: &str, args: &[&str]) -> (String, Vec<u8>) {
    let mut out = Vec::new();
    for ext in ["svg", "png"] {
        let path = dir.join(format!("{name}.{ext}"));
        let run = bin()
            .arg("chart")
            .args(args)
            .arg("-o")
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "chart {args:?}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        out.push(std::fs::read(&path).unwrap());
    }
    (String::from_utf8(out[0].clone()).unwrap(), out[1].clone())
}

fn num(n: &roxmltree::Node, a: &str) -> f64 {
    n.attribute(a).and_then(|v| v.parse().ok()).unwrap_or(0.0)
}

/// Checks one SVG; returns its text nodes.
fn check_svg(name: &str, svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{name}: {e}"));
    let root = doc.root_element();
    let width = num(&root, "width");
    let class = |n: &roxmltree::Node, c: &str| n.attribute("class") == Some(c);
    // Series polylines: sub-pixel coordinates.
    let series: Vec<Vec<Pt>> = doc
        .descendants()
        .filter(|n| class(n, "series"))
        .map(|n| {
            n.attribute("points")
                .unwrap()
                .split(' ')
                .map(|p| {
                    let (x, y) = p.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect()
        })
        .collect();
    for (k, s) in series.iter().enumerate() {
        let raw: Vec<String> = s.iter().map(|p| format!("{},{}", p.0, p.1)).collect();
        if s.len() > 2 {
            assert!(
                raw.iter().any(|p| p.contains('.')),
                "{name}: series {k} drawn on whole pixels: {raw:?}"
            );
        }
    }
    // Label boxes: clear of each other and of every series segment.
    let labels: Vec<Box4> = doc
        .descendants()
        .filter(|n| class(n, "label"))
        .map(|n| {
            let (x, y) = (num(&n, "x"), num(&n, "y"));
            Box4 {
                x0: x,
                y0: y,
                x1: x + num(&n, "width"),
                y1: y + num(&n, "height"),
            }
        })
        .collect();
    for (i, a) in labels.iter().enumerate() {
        for b in &labels[i + 1..] {
            assert!(
                !a.overlaps(b),
                "{name}: label boxes {a:?} and {b:?} overlap"
            );
        }
        for (k, s) in series.iter().enumerate() {
            for w in s.windows(2) {
                assert!(
                    !a.hit_by(w[0], w[1]),
                    "{name}: label box {a:?} crosses series {k} at {:?}-{:?}",
                    w[0],
                    w[1]
                );
            }
        }
    }
    // Titles fit the width.
    for t in doc.descendants().filter(|n| class(n, "title")) {
        let w = text::width(t.text().unwrap_or(""), num(&t, "font-size"));
        assert!(
            num(&t, "x") + w <= width,
            "{name}: title {:?} is {w} px wide from x {}, image {width}",
            t.text(),
            num(&t, "x")
        );
    }
    // Tick labels distinct on each axis of each panel.
    for panel in doc.descendants().filter(|n| class(n, "panel")) {
        for axis in ["tick-x", "tick-y"] {
            let ticks: Vec<&str> = panel
                .descendants()
                .filter(|n| class(n, axis))
                .filter_map(|n| n.text())
                .collect();
            let set: HashSet<&&str> = ticks.iter().collect();
            assert_eq!(
                set.len(),
                ticks.len(),
                "{name}: {axis} labels repeat: {ticks:?}"
            );
            assert!(
                !ticks.iter().any(|t| t.ends_with(".0")),
                "{name}: {ticks:?}"
            );
        }
    }
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(str::to_string))
        .collect()
}

fn check_png(name: &str, png: &[u8], size: (u32, u32)) {
    let dec = png::Decoder::new(std::io::Cursor::new(png));
    let mut r = dec.read_info().unwrap();
    let mut buf = vec![0; r.output_buffer_size()];
    let info = r.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), size, "{name}");
    let dark = buf.chunks(3).filter(|p| p.iter().all(|c| *c < 100)).count();
    assert!(dark > 500, "{name}: {dark} dark pixels: no text drawn?");
}

#[test]
fn every_chart_kind_in_svg_and_png_keeps_labels_off_lines_and_fits() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &[&str], (u32, u32))] = &[
        (
            "cost-3",
            &[
                "cost-vs-requests",
                "--apis",
                "rest,http,alb",
                "--requests",
                "100M",
            ],
            (1200, 700),
        ),
        (
            "cost-4",
            &[
                "cost-vs-requests",
                "--apis",
                "rest,http,alb,function-url",
                "--duration-ms",
                "100",
                "--memory-mb",
                "512",
            ],
            (1200, 700),
        ),
        (
            "cost-small",
            &[
                "cost-vs-requests",
                "--apis",
                "rest,http,alb",
                "--width",
                "800",
                "--height",
                "450",
            ],
            (800, 450),
        ),
        (
            "cost-500k",
            &["cost-vs-requests", "--requests", "500k"],
            (1200, 700),
        ),
        (
            "cost-ap-east-2",
            &["cost-vs-requests", "--region", "ap-east-2"],
            (1200, 700),
        ),
        (
            "price-4",
            &[
                "effective-price",
                "--apis",
                "rest,http,alb,function-url",
                "--duration-ms",
                "100",
                "--memory-mb",
                "512",
            ],
            (1200, 700),
        ),
        (
            "price-mark",
            &[
                "effective-price",
                "--requests",
                "100M",
                "--apis",
                "rest,http,alb",
            ],
            (1200, 700),
        ),
        (
            "projection-60",
            &[
                "projection",
                "--requests",
                "10M",
                "--growth",
                "6%",
                "--months",
                "60",
                "--start",
                "2027-01",
                "--apis",
                "rest,http,alb",
            ],
            (1200, 700),
        ),
        (
            "projection-120",
            &[
                "projection",
                "--requests",
                "5M",
                "--growth",
                "10%",
                "--months",
                "120",
            ],
            (1200, 700),
        ),
        (
            "projection-1",
            &["projection", "--requests", "1", "--months", "12"],
            (1200, 700),
        ),
        (
            "projection-log",
            &[
                "projection",
                "--requests",
                "10M",
                "--growth",
                "15%",
                "--months",
                "24",
                "--log-y",
            ],
            (1200, 700),
        ),
        (
            "projection-slides",
            &[
                "projection",
                "--requests",
                "10M",
                "--months",
                "24",
                "--scale",
                "1.5",
            ],
            (1200, 700),
        ),
        (
            "regions",
            &[
                "regions",
                "--profile",
                "data/profiles/seed-2000-customers.toml",
                "--api",
                "http",
            ],
            (1200, 700),
        ),
        (
            "regions-small",
            &["regions", "--requests", "1", "--api", "rest"],
            (800, 450),
        ),
        (
            "tornado",
            &[
                "tornado",
                "--requests",
                "100M~20%",
                "--cache",
                "0.5",
                "--cache-hit",
                "60%..90%",
                "--backend",
                "lambda",
                "--duration-ms",
                "100..400",
                "--memory-mb",
                "1024",
            ],
            (1200, 700),
        ),
        (
            "tornado-small",
            &[
                "tornado",
                "--requests",
                "20M..2B",
                "--growth",
                "0%..10%",
                "--width",
                "800",
                "--height",
                "450",
            ],
            (800, 450),
        ),
        (
            "latency",
            &[
                "latency",
                "--apis",
                "rest,http",
                "--backend",
                "lambda",
                "--duration-ms",
                "50",
                "--memory-mb",
                "512",
                "--requests",
                "600M",
            ],
            (1200, 700),
        ),
    ];
    for (name, args, size) in cases {
        let mut args = args.to_vec();
        let (w, h) = (size.0.to_string(), size.1.to_string());
        if *size != (1200, 700) && !args.contains(&"--width") {
            args.extend(["--width", &w, "--height", &h]);
        }
        let (svg, png) = chart(dir.path(), name, &args);
        check_svg(name, &svg);
        check_png(name, &png, *size);
    }
}

#[test]
fn a_volume_outside_the_default_range_widens_it() {
    let dir = tempfile::tempdir().unwrap();
    let (svg, _) = chart(
        dir.path(),
        "wide",
        &["cost-vs-requests", "--requests", "500k"],
    );
    let texts = check_svg("wide", &svg);
    assert!(texts.iter().any(|t| t == "100k"), "{texts:?}");
    assert!(
        texts.iter().any(|t| t.contains("500,000 a month")),
        "{texts:?}"
    );
}

#[test]
fn a_region_without_an_http_price_draws_rest_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (svg, _) = chart(
        dir.path(),
        "east2",
        &["cost-vs-requests", "--region", "ap-east-2"],
    );
    let texts = check_svg("east2", &svg);
    assert!(texts.iter().any(|t| t == "REST API"), "{texts:?}");
    assert!(
        texts
            .iter()
            .any(|t| t.contains("HTTP API") && t.contains("not priced")),
        "{texts:?}"
    );
}

#[test]
fn a_tie_is_no_difference_and_has_no_saving_panel() {
    let dir = tempfile::tempdir().unwrap();
    let (svg, _) = chart(
        dir.path(),
        "tie",
        &["projection", "--requests", "1", "--months", "12"],
    );
    let texts = check_svg("tie", &svg);
    assert!(!texts.iter().any(|t| t.contains("saves")), "{texts:?}");
    assert!(
        texts.iter().any(|t| t.contains("No difference")),
        "{texts:?}"
    );
}

#[test]
fn long_projections_name_calendar_months_and_mark_crossings() {
    let dir = tempfile::tempdir().unwrap();
    let (svg, _) = chart(
        dir.path(),
        "p60",
        &[
            "projection",
            "--requests",
            "2M",
            "--growth",
            "8%",
            "--months",
            "60",
            "--start",
            "2027-01",
            "--apis",
            "http,alb",
        ],
    );
    let texts = check_svg("p60", &svg);
    // Ticks every 6 months of the 60 (not 60 labels), named by calendar month, on both panels.
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let ticks: Vec<&str> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("tick-x"))
        .filter_map(|n| n.text())
        .collect();
    let half_years: Vec<String> = (2027..=2031)
        .flat_map(|y| [format!("Jan {y}"), format!("Jul {y}")])
        .collect();
    assert_eq!(ticks.len(), 2 * half_years.len(), "{ticks:?}");
    assert_eq!(ticks[..half_years.len()], half_years[..], "{ticks:?}");
    // The month ALB becomes cheaper, the month its saving pays back, and the negative saving's tick.
    for expected in [
        "ALB cheaper than HTTP from Jun 2029",
        "ALB ahead from Oct 2030",
        "-$500",
    ] {
        assert!(texts.iter().any(|t| t == expected), "{expected}: {texts:?}");
    }
}

#[test]
fn a_marked_volume_and_sub_cent_costs_are_written_in_significant_figures() {
    let dir = tempfile::tempdir().unwrap();
    let (svg, _) = chart(
        dir.path(),
        "tiny",
        &["regions", "--requests", "1000", "--api", "http"],
    );
    let texts = check_svg("tiny", &svg);
    assert!(!texts.iter().any(|t| t == "$0.00"), "{texts:?}");
    assert!(texts.iter().any(|t| t == "$0.001"), "{texts:?}");
}

/// The SVG's own size, from its root element.
fn svg_size(svg: &str) -> (u32, u32) {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let root = doc.root_element();
    (num(&root, "width") as u32, num(&root, "height") as u32)
}

/// The charts the review packs draw (at the review's scale): a profile's four, a ranged profile's
/// tornado and the template review's bars pass the same checks as the `chart` command's.
#[test]
fn the_review_packs_charts_pass_the_same_checks() {
    let dir = tempfile::tempdir().unwrap();
    let packs: [(&str, &[&str], &[&str]); 3] = [
        (
            "profile",
            &["data/profiles/partner-api-review.toml"],
            &[
                "cost-vs-requests",
                "effective-price",
                "projection",
                "latency",
            ],
        ),
        (
            "ranges",
            &["examples/profiles/orders-uncertain.toml"],
            &["tornado"],
        ),
        (
            "template",
            &[
                "--template",
                "examples/templates/orders-platform.yaml",
                "--usage",
                "examples/templates/orders-platform.usage.yml",
            ],
            &["moves"],
        ),
    ];
    for (name, args, charts) in packs {
        let out = dir.path().join(name);
        let run = bin()
            .arg("review")
            .args(args)
            .args(["--date", "2026-12-01", "--out"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        for chart in charts {
            let svg = std::fs::read_to_string(out.join(format!("{chart}.svg"))).unwrap();
            let png = std::fs::read(out.join(format!("{chart}.png"))).unwrap();
            let label = format!("{name}/{chart}");
            check_svg(&label, &svg);
            check_png(&label, &png, svg_size(&svg));
        }
    }
}

/// The y axis of a projection turns logarithmic when the monthly costs span more than two decades
/// (10% a month for 120 months: the last month 84,281 times the first), stays linear under that (REST and HTTP at 15% for 24 months: 87 times) unless
/// `--log-y` asks for it.
#[test]
fn a_log_axis_past_two_decades_or_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let log = "Monthly cost, USD (log scale)";
    let growth = |months: &str, pct: &str, extra: &[&str]| {
        let mut args = vec![
            "projection",
            "--requests",
            "5M",
            "--growth",
            pct,
            "--months",
            months,
        ];
        args.extend(extra);
        let name = format!("p{months}-{}", extra.len());
        check_svg(&name, &chart(dir.path(), &name, &args).0)
    };
    let long = growth("120", "10%", &[]);
    assert!(long.iter().any(|t| t == log), "{long:?}");
    let short = growth("24", "15%", &[]);
    assert!(!short.iter().any(|t| t.contains("log scale")), "{short:?}");
    assert!(short.iter().any(|t| t == "Monthly cost, USD"), "{short:?}");
    let asked = growth("24", "15%", &["--log-y"]);
    assert!(asked.iter().any(|t| t == log), "{asked:?}");
}

/// `--scale 1.5` (slides) sets every text 1.5 times as large as the same chart at the default scale.
#[test]
fn scale_enlarges_text_for_slides() {
    let dir = tempfile::tempdir().unwrap();
    let sizes = |name: &str, extra: &[&str]| -> Vec<f64> {
        let mut args = vec!["projection", "--requests", "10M", "--months", "24"];
        args.extend(extra);
        let svg = chart(dir.path(), name, &args).0;
        check_svg(name, &svg);
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let mut sizes: Vec<f64> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|n| num(&n, "font-size"))
            .collect();
        sizes.sort_by(f64::total_cmp);
        sizes.dedup();
        sizes
    };
    let plain = sizes("plain", &[]);
    let slides = sizes("slides", &["--scale", "1.5"]);
    assert_eq!(plain.len(), slides.len(), "{plain:?} {slides:?}");
    for (p, s) in plain.iter().zip(&slides) {
        assert!((s / p - 1.5).abs() < 0.02, "{plain:?} {slides:?}");
    }
}
