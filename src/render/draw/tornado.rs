//! A tornado panel: one row per input, its name left of it; from the base value (a vertical line named
//! above the rows) one bar to the figure at the input's low end and one to its high end, each end's
//! exact figure outside it. The value axis is linear and is widened by the labels' own measured widths,
//! so no figure runs off the image or over a row name; the zero line is drawn and named when it is on
//! the axis (where a saving changes sign, the cheaper option changes).

use super::doc::{Anchor, Doc, Rect, Stroke};
use super::ticks::{self, Map};
use super::{text, Style, GREY, INK};
use crate::render::chart_data::{Axis, Colour, TornadoPanel, TornadoRow};

const GRID: Colour = Colour(226, 226, 226);
const AXIS: Colour = Colour(90, 90, 90);

/// Where a row's two figures go: (text, the value it sits at, to the left of it).
fn labels(r: &TornadoRow, base: f64) -> Vec<(String, f64, bool)> {
    let low_left = r.low < base || (r.low == base && r.high > base);
    let high_left = r.high < base || (r.high == base && r.low > base);
    if low_left == high_left {
        // Both ends on one side: one label, outside the farther end.
        let (far, left) = if low_left {
            (r.low.min(r.high), true)
        } else {
            (r.low.max(r.high), false)
        };
        return vec![(format!("{} / {}", r.low_label, r.high_label), far, left)];
    }
    vec![
        (r.low_label.clone(), r.low, low_left),
        (r.high_label.clone(), r.high, high_left),
    ]
}

pub fn draw(doc: &mut Doc, area: Rect, p: &TornadoPanel, st: &Style) {
    let s = st.scale;
    let n = p.rows.len().max(1);
    let lh = text::line_height(st.label);
    // Header: the legend, then the base line's name, then the zero line's.
    let mut top = area.y0 + 4.0 * s;
    legend(
        doc,
        (area.x0 + 12.0 * s, top + text::ascent(st.label)),
        p,
        st,
    );
    top += lh + 4.0 * s;
    let base_row = top + text::ascent(st.label);
    top += lh + 2.0 * s;
    let zero_row = top + text::ascent(st.label);
    let has_zero = p.zero_label.is_some() && p.value_axis.min < 0.0 && p.value_axis.max > 0.0;
    if has_zero {
        top += lh + 2.0 * s;
    }
    let bottom = lh * 2.0 + 14.0 * s;
    let rows_h = (area.y1 - bottom - top).max(10.0);
    let size = (rows_h * 0.6 / n as f64).clamp(9.0 * s.min(1.0), st.label);
    let name_w = p
        .rows
        .iter()
        .map(|r| text::width(&r.label, size))
        .fold(0.0, f64::max);
    let gap = 6.0 * s;
    let (mut pad_l, mut pad_r) = (0f64, 0f64);
    for r in &p.rows {
        for (t, _, left) in labels(r, p.base) {
            let w = text::width(&t, size) + gap * 2.0;
            if left {
                pad_l = pad_l.max(w);
            } else {
                pad_r = pad_r.max(w);
            }
        }
    }
    let left = area.x0 + 12.0 * s + name_w + 14.0 * s;
    let right = area.x1 - 16.0 * s;
    let plot = Rect::new(left, top, right.max(left + 80.0), top + rows_h);
    // The data's own range between the label pads, the axis widened to the whole plot.
    let (d0, d1) = (
        plot.x0 + pad_l,
        (plot.x1 - pad_r).max(plot.x0 + pad_l + 20.0),
    );
    let (lo, hi) = (p.value_axis.min, p.value_axis.max);
    let per_px = (hi - lo) / (d1 - d0);
    let axis = Axis {
        min: lo - pad_l * per_px,
        max: hi + pad_r * per_px,
        ..p.value_axis.clone()
    };
    let xm = Map::new(&axis, plot.x0, plot.x1);
    draw_axis(doc, &plot, &axis, &xm, st);
    let rows = Rows {
        plot: &plot,
        xm: &xm,
        height: rows_h / n as f64,
        size,
        gap,
    };
    draw_rows(doc, p, &rows, s);
    let named = |doc: &mut Doc, v: f64, y: f64, label: &str, stroke: &Stroke| {
        let x = xm.px(v);
        doc.line((x, y + 3.0 * s), (x, plot.y1), stroke, "guide");
        let w = text::width(label, st.label);
        let cx = x.clamp(plot.x0 + w / 2.0, plot.x1 - w / 2.0);
        doc.text(
            (cx, y),
            st.label,
            Anchor::Middle,
            INK,
            label,
            "guide-label",
            false,
        );
    };
    named(
        doc,
        p.base,
        base_row,
        &p.base_label,
        &Stroke::solid(INK, 1.6 * s),
    );
    if let (true, Some(z)) = (has_zero, &p.zero_label) {
        let mut dashed = Stroke::solid(GREY, 1.2 * s);
        dashed.dash = vec![6.0 * s, 4.0 * s];
        named(doc, 0.0, zero_row, z, &dashed);
    }
}

/// Where the rows go: the plot, the value axis' map, each row's height, the figures' size and gap.
struct Rows<'a> {
    plot: &'a Rect,
    xm: &'a Map,
    height: f64,
    size: f64,
    gap: f64,
}

/// Each input's two bars from the base, their figures and its name.
fn draw_rows(doc: &mut Doc, p: &TornadoPanel, rows: &Rows, s: f64) {
    let thick = (rows.height * 0.62).min(30.0 * s);
    for (k, r) in p.rows.iter().enumerate() {
        let mid = rows.plot.y0 + rows.height * (k as f64 + 0.5);
        let xb = rows.xm.px(p.base);
        // The longer part first, so a shorter one on the same side shows on top of it.
        let mut parts = [(r.low, p.low_colour), (r.high, p.high_colour)];
        parts.sort_by(|a, b| (b.0 - p.base).abs().total_cmp(&(a.0 - p.base).abs()));
        for (v, c) in parts {
            let x = rows.xm.px(v);
            let bar = Rect::new(xb.min(x), mid - thick / 2.0, xb.max(x), mid + thick / 2.0);
            doc.rect(&bar, Some(c), None, "bar");
        }
        let baseline = mid + text::ascent(rows.size) / 2.0 - 1.0;
        for (t, v, to_left) in labels(r, p.base) {
            let x = rows.xm.px(v);
            let (at, anchor) = match to_left {
                true => (x - rows.gap, Anchor::End),
                false => (x + rows.gap, Anchor::Start),
            };
            doc.text(
                (at, baseline),
                rows.size,
                anchor,
                INK,
                &t,
                "bar-value",
                false,
            );
        }
        doc.text(
            (rows.plot.x0 - 10.0 * s, baseline),
            rows.size,
            Anchor::End,
            INK,
            &r.label,
            "bar-name",
            false,
        );
    }
}

/// Two swatches and what they mean.
fn legend(doc: &mut Doc, at: (f64, f64), p: &TornadoPanel, st: &Style) {
    let s = st.scale;
    let box_h = text::ascent(st.label);
    let mut x = at.0;
    for (c, t) in [
        (p.low_colour, "input at its low end"),
        (p.high_colour, "input at its high end"),
    ] {
        doc.rect(
            &Rect::new(x, at.1 - box_h, x + box_h * 1.6, at.1),
            Some(c),
            None,
            "legend",
        );
        x += box_h * 1.6 + 6.0 * s;
        doc.text(
            (x, at.1),
            st.label,
            Anchor::Start,
            INK,
            t,
            "legend-label",
            false,
        );
        x += text::width(t, st.label) + 20.0 * s;
    }
}

fn draw_axis(doc: &mut Doc, plot: &Rect, axis: &Axis, xm: &Map, st: &Style) {
    let s = st.scale;
    let xt = ticks::ticks(axis, plot.width(), st.label, true);
    let major = Stroke::solid(GRID, 1.0);
    let base = plot.y1 + 6.0 * s + text::ascent(st.label);
    for (v, l) in &xt {
        let x = xm.px(*v);
        doc.line((x, plot.y0), (x, plot.y1), &major, "");
        doc.text((x, base), st.label, Anchor::Middle, INK, l, "tick-x", false);
    }
    doc.line(
        (plot.x0, plot.y1),
        (plot.x1, plot.y1),
        &Stroke::solid(AXIS, 1.2),
        "axis",
    );
    doc.text(
        (
            (plot.x0 + plot.x1) / 2.0,
            base + text::line_height(st.label) + 4.0 * s,
        ),
        st.label,
        Anchor::Middle,
        GREY,
        &text::fit(&axis.label, st.label, plot.width()),
        "axis-title",
        false,
    );
}
