//! A line panel: the legend strip, the axes with their ticks and grid, the dashed guides, the series as
//! polylines with sub-pixel coordinates, and the markers with their labels placed clear of the lines.

use super::doc::{Anchor, Doc, Rect, Stroke};
use super::place::{self, Obstacles, Want};
use super::ticks::{self, Map};
use super::{text, Style, GREY, INK, SOFT};
use crate::render::chart_data::{Colour, LinePanel, Scale};

/// Grid and axis colours.
const GRID: Colour = Colour(226, 226, 226);
const MINOR: Colour = Colour(243, 243, 243);
const AXIS: Colour = Colour(90, 90, 90);

/// The dash pattern of series `k` (in units of the stroke scale): the first three solid, the rest
/// dashed, dotted and dash-dotted so a fourth option is told apart without its colour.
pub fn dash_of(k: usize) -> Vec<f64> {
    match k {
        0..=2 => vec![],
        3 => vec![9.0, 5.0],
        4 => vec![2.0, 4.0],
        5 => vec![12.0, 4.0, 3.0, 4.0],
        _ => vec![6.0, 3.0],
    }
}

/// A label box placed: its box, text, colour and the dot it belongs to (none for a guide's label).
type Drawn = (Rect, String, Colour, Option<(f64, f64)>);

/// One line panel drawn into `area`.
pub fn draw(doc: &mut Doc, area: Rect, p: &LinePanel, st: &Style, id: &str, dashes: &[Vec<f64>]) {
    let s = st.scale;
    let legend_h = legend(doc, area, p, st, dashes);
    let label = st.label;
    // Room under the plot for the x tick labels and the axis title; beside it for the y labels.
    let bottom = text::line_height(label) * 2.0 + 14.0 * s;
    let top = area.y0 + legend_h + 6.0 * s;
    let plot_h = (area.y1 - bottom - top).max(20.0);
    let yt = ticks::ticks(&p.y, plot_h, label, false);
    let y_w = yt
        .iter()
        .map(|t| text::width(&t.1, label))
        .fold(0.0, f64::max);
    let left = area.x0 + text::line_height(label) + 14.0 * s + y_w;
    let right = area.x1 - 24.0 * s;
    let plot = Rect::new(left, top, right.max(left + 20.0), top + plot_h);
    let xt = ticks::ticks(&p.x, plot.width(), label, true);
    let xm = Map::new(&p.x, plot.x0, plot.x1);
    let ym = Map::new(&p.y, plot.y1, plot.y0);
    grid(doc, &plot, p, &xm, &ym, &xt, &yt);
    axis_labels(doc, &plot, area, p, st, (&xm, &xt), (&ym, &yt));
    // Guides under the series; their labels placed first, at the top.
    let gstroke = |c| Stroke {
        colour: c,
        width: 1.6 * s,
        dash: vec![6.0 * s, 5.0 * s],
    };
    doc.clip_start(&format!("{id}-clip"), &plot);
    for g in &p.guides {
        let x = xm.px(g.x);
        doc.line((x, plot.y0), (x, plot.y1), &gstroke(g.colour), "guide");
    }
    let lines: Vec<Vec<(f64, f64)>> = p
        .series
        .iter()
        .map(|se| {
            se.points
                .iter()
                .map(|(x, y)| (xm.px(*x), ym.px(*y)))
                .collect()
        })
        .collect();
    for (k, (se, pts)) in p.series.iter().zip(&lines).enumerate() {
        let dash = dashes.get(k).cloned().unwrap_or_else(|| dash_of(k));
        let stroke = Stroke {
            colour: se.colour,
            width: 2.6 * s,
            dash: dash.iter().map(|d| d * s).collect(),
        };
        doc.polyline(pts, &stroke, "series", &se.name);
    }
    doc.group_end();
    labels(doc, &plot, p, st, (&xm, &ym), lines);
}

/// The caption and one entry per series (a line sample in its style, its name), wrapped to the width;
/// returns the height used.
fn legend(doc: &mut Doc, area: Rect, p: &LinePanel, st: &Style, dashes: &[Vec<f64>]) -> f64 {
    let s = st.scale;
    let size = st.label;
    let row = text::line_height(size) + 8.0 * s;
    let x0 = area.x0 + 12.0 * s;
    let mut x = x0;
    let mut y = area.y0 + 4.0 * s;
    if !p.caption.is_empty() {
        let cap = size * 1.12;
        doc.text(
            (x, y + text::ascent(cap) + 2.0 * s),
            cap,
            Anchor::Start,
            INK,
            &p.caption,
            "caption",
            false,
        );
        x += text::width(&p.caption, cap) + 24.0 * s;
    }
    for (k, se) in p.series.iter().enumerate() {
        let w = text::width(&se.name, size);
        let entry = 34.0 * s + w + 24.0 * s;
        if x + entry > area.x1 - 8.0 * s && x > x0 {
            x = x0;
            y += row;
        }
        let mid = y + text::ascent(size) / 2.0 + 3.0 * s;
        let dash = dashes.get(k).cloned().unwrap_or_else(|| dash_of(k));
        let stroke = Stroke {
            colour: se.colour,
            width: 4.0 * s,
            dash: dash.iter().map(|d| d * s).collect(),
        };
        doc.line((x, mid), (x + 28.0 * s, mid), &stroke, "legend");
        doc.text(
            (x + 34.0 * s, y + text::ascent(size) + 2.0 * s),
            size,
            Anchor::Start,
            INK,
            &se.name,
            "legend",
            false,
        );
        x += entry;
    }
    if p.caption.is_empty() && p.series.is_empty() {
        return 0.0;
    }
    y + row - area.y0
}

fn grid(
    doc: &mut Doc,
    plot: &Rect,
    p: &LinePanel,
    xm: &Map,
    ym: &Map,
    xt: &[ticks::Tick],
    yt: &[ticks::Tick],
) {
    let thin = Stroke::solid(MINOR, 1.0);
    // Minor lines at 2..9 of each decade on a log axis.
    for (axis, m, vertical) in [(&p.x, xm, true), (&p.y, ym, false)] {
        if axis.scale != Scale::Log || !m.log {
            continue;
        }
        let (lo, hi) = (m.min.log10().floor() as i32, m.max.log10().ceil() as i32);
        for e in lo..hi {
            for k in 2..10 {
                let v = f64::from(k) * 10f64.powi(e);
                if v <= m.min || v >= m.max {
                    continue;
                }
                let at = m.px(v);
                match vertical {
                    true => doc.line((at, plot.y0), (at, plot.y1), &thin, ""),
                    false => doc.line((plot.x0, at), (plot.x1, at), &thin, ""),
                }
            }
        }
    }
    let major = Stroke::solid(GRID, 1.0);
    for (v, _) in xt {
        let x = xm.px(*v);
        doc.line((x, plot.y0), (x, plot.y1), &major, "");
    }
    for (v, _) in yt {
        let y = ym.px(*v);
        doc.line((plot.x0, y), (plot.x1, y), &major, "");
    }
    // A zero line, darker, when zero is inside a linear y range (savings that turn negative).
    if !ym.log && ym.min < 0.0 && ym.max > 0.0 {
        let y = ym.px(0.0);
        doc.line(
            (plot.x0, y),
            (plot.x1, y),
            &Stroke::solid(AXIS, 1.2),
            "zero",
        );
    }
    let axis = Stroke::solid(AXIS, 1.2);
    doc.line((plot.x0, plot.y1), (plot.x1, plot.y1), &axis, "axis");
    doc.line((plot.x0, plot.y0), (plot.x0, plot.y1), &axis, "axis");
}

/// Tick labels under and left of the plot, and the axis titles.
fn axis_labels(
    doc: &mut Doc,
    plot: &Rect,
    area: Rect,
    p: &LinePanel,
    st: &Style,
    (xm, xt): (&Map, &[ticks::Tick]),
    (ym, yt): (&Map, &[ticks::Tick]),
) {
    let size = st.label;
    let s = st.scale;
    let base = plot.y1 + 6.0 * s + text::ascent(size);
    for (v, l) in xt {
        // The outermost labels are kept inside the panel, and right of the y axis's labels.
        let w = text::width(l, size);
        let x = xm
            .px(*v)
            .clamp(plot.x0 - 2.0 * s + w / 2.0, area.x1 - w / 2.0);
        doc.text((x, base), size, Anchor::Middle, INK, l, "tick-x", false);
    }
    for (v, l) in yt {
        let y = ym.px(*v) + text::ascent(size) / 2.0;
        doc.text(
            (plot.x0 - 8.0 * s, y),
            size,
            Anchor::End,
            INK,
            l,
            "tick-y",
            false,
        );
    }
    let title_y = base + text::line_height(size) + 4.0 * s;
    let xl = text::fit(&p.x.label, size, plot.width());
    doc.text(
        ((plot.x0 + plot.x1) / 2.0, title_y),
        size,
        Anchor::Middle,
        GREY,
        &xl,
        "axis-title",
        false,
    );
    let yl = text::fit(&p.y.label, size, plot.height());
    let x = area.x0 + text::ascent(size) + 2.0 * s;
    let y = (plot.y0 + plot.y1) / 2.0;
    doc.text((x, y), size, Anchor::Middle, GREY, &yl, "axis-title", true);
}

/// The guide labels (at the top, beside their lines) and the marker labels (beside their dots, in
/// columns by x), each on an opaque box placed clear of the series, the other labels and the dots.
fn labels(
    doc: &mut Doc,
    plot: &Rect,
    p: &LinePanel,
    st: &Style,
    (xm, ym): (&Map, &Map),
    lines: Vec<Vec<(f64, f64)>>,
) {
    let s = st.scale;
    let size = st.small;
    let (padx, pady) = (5.0 * s, 3.0 * s);
    let box_h = text::line_height(size) + 2.0 * pady;
    let dots: Vec<(f64, f64)> = p.markers.iter().map(|m| (xm.px(m.x), ym.px(m.y))).collect();
    let r = 5.0 * s;
    let mut o = Obstacles {
        area: Rect::new(plot.x0 + 2.0, plot.y0 + 2.0, plot.x1 - 2.0, plot.y1 - 2.0),
        boxes: dots
            .iter()
            .map(|(x, y)| Rect::new(x - r - 2.0, y - r - 2.0, x + r + 2.0, y + r + 2.0))
            .collect(),
        lines,
        soft: p
            .guides
            .iter()
            .map(|g| vec![(xm.px(g.x), plot.y0), (xm.px(g.x), plot.y1)])
            .collect(),
    };
    let pad = 2.0 * s;
    let mut drawn: Vec<Drawn> = Vec::new();
    let mut guides: Vec<_> = p.guides.iter().collect();
    guides.sort_by(|a, b| a.x.total_cmp(&b.x));
    for g in guides {
        let x = xm.px(g.x);
        let w = text::width(&g.label, size) + 2.0 * padx;
        let mut cands = Vec::new();
        let rows = ((plot.height() - 8.0 * s) / (box_h + 3.0 * s)).max(1.0) as usize;
        for k in 0..rows {
            let y0 = plot.y0 + 5.0 * s + k as f64 * (box_h + 3.0 * s);
            for (a, b) in [
                (x + 4.0 * s, x + 4.0 * s + w),
                (x - 4.0 * s - w, x - 4.0 * s),
            ] {
                cands.push(Rect::new(a, y0, b, y0 + box_h));
            }
        }
        if let Some(r) = o.best(&cands, pad) {
            o.boxes.push(r);
            drawn.push((r, g.label.clone(), g.colour, None));
        }
    }
    // Markers grouped by x (within a pixel), each group a column in the order of its dots.
    let mut order: Vec<usize> = (0..p.markers.len()).collect();
    order.sort_by(|a, b| dots[*a].0.total_cmp(&dots[*b].0));
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for k in order {
        match groups.last_mut() {
            Some(g) if (dots[g[0]].0 - dots[k].0).abs() < 1.0 => g.push(k),
            _ => groups.push(vec![k]),
        }
    }
    for g in groups {
        let wants: Vec<Want> = g
            .iter()
            .map(|&k| Want {
                at: dots[k],
                w: text::width(&p.markers[k].label, size) + 2.0 * padx,
                h: box_h,
            })
            .collect();
        let boxes = place::column(&o, &wants, 7.0 * s, pad);
        for (&k, r) in g.iter().zip(boxes) {
            o.boxes.push(r);
            drawn.push((r, p.markers[k].label.clone(), INK, Some(dots[k])));
        }
    }
    // Leaders, then boxes and text, then the dots on top.
    paint(doc, &drawn, s, size, (padx, pady));
    for (x, y) in dots {
        doc.circle((x, y), r, INK);
    }
}

/// The labels' leaders to their dots, then their boxes and text.
fn paint(doc: &mut Doc, drawn: &[Drawn], s: f64, size: f64, (padx, pady): (f64, f64)) {
    for (r, _, _, dot) in drawn {
        if let Some((x, y)) = dot {
            let ex = if r.x0 >= *x { r.x0 } else { r.x1 };
            let ey = y.clamp(r.y0 + 2.0, r.y1 - 2.0);
            doc.line((*x, *y), (ex, ey), &Stroke::solid(SOFT, 1.0 * s), "leader");
        }
    }
    for (r, label, colour, dot) in drawn {
        let border = match dot {
            Some(_) => Stroke::solid(SOFT, 1.0 * s),
            None => Stroke::solid(*colour, 1.0 * s),
        };
        doc.rect(r, Some(Colour(255, 255, 255)), Some(&border), "label");
        let base = r.y0 + pady + text::ascent(size) + (text::line_height(size) - size) / 2.0;
        doc.text(
            (r.x0 + padx, base),
            size,
            Anchor::Start,
            *colour,
            label,
            "label-text",
            false,
        );
    }
}
