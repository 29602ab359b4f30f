//! A detail of a chart at full resolution: the region around a label (found by its text) of an SVG
//! chart written by `apigw-cost chart`, rasterised with the same resvg path as the chart's PNG at
//! `ZOOM` times. reports/ uses it for the crops a reader opens to check the text and the lines.
//!
//!   cargo run --release --example crop -- IN.svg "LABEL TEXT" WIDTH HEIGHT ZOOM OUT.png
//!
//! The region is WIDTH x HEIGHT chart pixels centred on the label's box.
use apigw_cost::render::raster;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 6 {
        eprintln!("usage: crop IN.svg \"LABEL TEXT\" WIDTH HEIGHT ZOOM OUT.png");
        std::process::exit(2);
    }
    let num = |s: &str, what: &str| -> f64 {
        s.parse().unwrap_or_else(|_| {
            eprintln!("crop: {what} must be a number, got '{s}'");
            std::process::exit(2)
        })
    };
    let svg = std::fs::read_to_string(&args[0]).unwrap_or_else(|e| {
        eprintln!("crop: {}: {e}", args[0]);
        std::process::exit(1)
    });
    let (w, h, zoom) = (
        num(&args[2], "WIDTH"),
        num(&args[3], "HEIGHT"),
        num(&args[4], "ZOOM"),
    );
    let (cx, cy) = centre(&svg, &args[1]).unwrap_or_else(|| {
        eprintln!("crop: no text '{}' in {}", args[1], args[0]);
        std::process::exit(1)
    });
    let (x0, y0) = (cx - w / 2.0, cy - h / 2.0);
    let (pw, ph) = ((w * zoom).round() as u32, (h * zoom).round() as u32);
    // The root element's size and viewBox become the region's.
    let head_end = svg.find('>').unwrap_or(0);
    let mut head = svg[..head_end].to_string();
    for attr in ["width", "height", "viewBox"] {
        if let Some(at) = head.find(&format!(" {attr}=\"")) {
            let start = at + attr.len() + 3;
            let end = start + head[start..].find('"').unwrap_or(0);
            let value = match attr {
                "width" => pw.to_string(),
                "height" => ph.to_string(),
                _ => format!("{x0} {y0} {w} {h}"),
            };
            head.replace_range(start..end, &value);
        }
    }
    let cropped = head + &svg[head_end..];
    let png = raster::png(&cropped, pw, ph).unwrap_or_else(|e| {
        eprintln!("crop: {e}");
        std::process::exit(1)
    });
    std::fs::write(&args[5], png).unwrap_or_else(|e| {
        eprintln!("crop: {}: {e}", args[5]);
        std::process::exit(1)
    });
}

/// The centre of the first text element whose text contains `needle` (its x and baseline).
fn centre(svg: &str, needle: &str) -> Option<(f64, f64)> {
    let at = svg.find(needle)?;
    let open = svg[..at].rfind("<text")?;
    let tag = &svg[open..at];
    let attr = |name: &str| -> Option<f64> {
        let i = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        tag[i..].split('"').next()?.parse().ok()
    };
    Some((attr("x")? + 120.0, attr("y")?))
}
