//! The chart drawn as SVG, written here rather than through a plotting library: coordinates keep their
//! sub-pixel fractions (a straight cost line on log axes is straight, a strictly falling price has no
//! bumps), every text is measured with the embedded font before it is placed, and the layout knows the
//! series polylines so no label box is put across one. The PNG is this SVG rasterised
//! (`render::raster`): one drawing, two encodings.
//!
//! Sizes (fonts, strokes, margins) scale with the image (a 2400 x 1400 chart is the 1200 x 700 one
//! drawn twice as large) and with `--scale` (larger text for slides).

mod bars;
pub mod doc;
mod lines;
mod place;
pub mod text;
pub mod ticks;
mod tornado;

use doc::{Anchor, Doc, Rect};

use crate::render::chart_data::{Chart, Colour, LinePanel, Panel};

/// Text colours: ink, secondary text, leaders and label borders.
const INK: Colour = Colour(25, 25, 25);
const GREY: Colour = Colour(80, 80, 80);
const SOFT: Colour = Colour(120, 120, 120);

/// Sizes in pixels for one chart.
pub struct Style {
    pub scale: f64,
    pub title: f64,
    pub subtitle: f64,
    pub label: f64,
    pub small: f64,
    pub note: f64,
}

impl Style {
    /// The sizes for an image of `width` x `height` at `scale` (1 = the default 1200 x 700 look).
    pub fn new(width: u32, height: u32, scale: f64) -> Style {
        let area = f64::from(width) * f64::from(height);
        let fit = (area / (1200.0 * 700.0)).sqrt().clamp(0.8, 3.5);
        let s = fit * scale;
        Style {
            scale: s,
            title: 24.0 * s,
            subtitle: 14.5 * s,
            label: 14.5 * s,
            small: 13.5 * s,
            note: 13.5 * s,
        }
    }
}

/// The SVG of a chart of `width` x `height` pixels.
pub fn svg(chart: &Chart, width: u32, height: u32, scale: f64) -> String {
    let st = Style::new(width, height, scale);
    let s = st.scale;
    let (w, h) = (f64::from(width), f64::from(height));
    let mut doc = Doc::new(width, height);
    let margin = 18.0 * s;
    let max_w = w - 2.0 * margin;
    // Title and subtitle, wrapped to the width.
    let mut y = 10.0 * s;
    for line in text::wrap(&chart.title, st.title, max_w) {
        y += text::line_height(st.title);
        doc.text(
            (margin, y - text::descent(st.title)),
            st.title,
            Anchor::Start,
            INK,
            &line,
            "title",
            false,
        );
    }
    y += 4.0 * s;
    for line in text::wrap(&chart.subtitle, st.subtitle, max_w) {
        y += text::line_height(st.subtitle);
        doc.text(
            (margin, y - text::descent(st.subtitle)),
            st.subtitle,
            Anchor::Start,
            GREY,
            &line,
            "subtitle",
            false,
        );
    }
    y += 8.0 * s;
    // Notes at the foot (the drawing's own notes first, then any about lines that coincide).
    let (dashes, coincide) = styles(chart);
    let notes: Vec<String> = chart
        .notes
        .iter()
        .cloned()
        .chain(coincide)
        .flat_map(|n| text::wrap(&n, st.note, max_w))
        .collect();
    let note_h = notes.len() as f64 * text::line_height(st.note);
    let mut ny = h - 8.0 * s - note_h;
    for n in &notes {
        ny += text::line_height(st.note);
        doc.text(
            (margin, ny - text::descent(st.note)),
            st.note,
            Anchor::Start,
            GREY,
            n,
            "note",
            false,
        );
    }
    let body = Rect::new(margin * 0.5, y, w - margin * 0.5, h - 14.0 * s - note_h);
    for (k, (area, panel)) in split(body, chart.panels.len(), s)
        .into_iter()
        .zip(&chart.panels)
        .enumerate()
    {
        doc.group_start("panel");
        match panel {
            Panel::Lines(p) => lines::draw(&mut doc, area, p, &st, &format!("p{k}"), &dashes[k]),
            Panel::Bars(p) => bars::draw(&mut doc, area, p, &st),
            Panel::Tornado(p) => tornado::draw(&mut doc, area, p, &st),
        }
        doc.group_end();
    }
    doc.finish()
}

/// The panels' areas, top to bottom: two panels share 58/42, others evenly.
fn split(body: Rect, n: usize, s: f64) -> Vec<Rect> {
    let gap = 12.0 * s;
    match n {
        0 => vec![],
        2 => {
            let mid = body.y0 + body.height() * 0.58;
            vec![
                Rect::new(body.x0, body.y0, body.x1, mid - gap / 2.0),
                Rect::new(body.x0, mid + gap / 2.0, body.x1, body.y1),
            ]
        }
        n => {
            let each = body.height() / n as f64;
            (0..n)
                .map(|k| {
                    let y0 = body.y0 + each * k as f64;
                    Rect::new(
                        body.x0,
                        y0,
                        body.x1,
                        y0 + each - if k + 1 < n { gap } else { 0.0 },
                    )
                })
                .collect()
        }
    }
}

/// Each line panel's dash patterns (the first three series solid, then dashed) and a note for every
/// pair of series drawn on top of each other: the later one is dashed so the earlier shows through.
fn styles(chart: &Chart) -> (Vec<Vec<Vec<f64>>>, Vec<String>) {
    let mut notes = Vec::new();
    let dashes = chart
        .panels
        .iter()
        .map(|panel| {
            let Panel::Lines(p) = panel else {
                return Vec::new();
            };
            let mut d: Vec<Vec<f64>> = (0..p.series.len()).map(lines::dash_of).collect();
            for (a, b) in coinciding(p) {
                if d[b].is_empty() {
                    d[b] = vec![10.0, 7.0];
                }
                notes.push(format!(
                    "{} and {} coincide on this chart (the same value at every point drawn); {} is dashed on top.",
                    p.series[a].name, p.series[b].name, p.series[b].name
                ));
            }
            d
        })
        .collect();
    (dashes, notes)
}

/// Pairs of series whose points agree to 0.5% of the axis at every x (drawn, they would be one line).
fn coinciding(p: &LinePanel) -> Vec<(usize, usize)> {
    let span = |a: f64, b: f64| {
        if p.y.scale == crate::render::chart_data::Scale::Log && a > 0.0 && b > 0.0 {
            ((a / b).ln() / (p.y.max / p.y.min).ln()).abs()
        } else {
            ((a - b) / (p.y.max - p.y.min)).abs()
        }
    };
    let mut out = Vec::new();
    for a in 0..p.series.len() {
        for b in a + 1..p.series.len() {
            let (pa, pb) = (&p.series[a].points, &p.series[b].points);
            let same = pa.len() == pb.len()
                && pa.len() > 1
                && pa.iter().zip(pb).all(|(u, v)| {
                    (u.0 - v.0).abs() < 1e-9 * u.0.abs().max(1.0) && span(u.1, v.1) < 0.005
                });
            if same {
                out.push((a, b));
            }
        }
    }
    out
}
