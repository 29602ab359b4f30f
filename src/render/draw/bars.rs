//! A bar panel: one horizontal bar per row, its name left of it and its exact figure right of its end;
//! the value axis leaves room for the longest figure so none runs off the image.

use super::doc::{Anchor, Doc, Rect, Stroke};
use super::ticks::{self, Map};
use super::{text, Style, GREY, INK};
use crate::render::chart_data::{BarPanel, Colour};

const GRID: Colour = Colour(226, 226, 226);
const AXIS: Colour = Colour(90, 90, 90);

pub fn draw(doc: &mut Doc, area: Rect, p: &BarPanel, st: &Style) {
    let s = st.scale;
    let n = p.bars.len().max(1);
    let bottom = text::line_height(st.label) * 2.0 + 14.0 * s;
    let mut top = area.y0 + 4.0 * s;
    if !p.caption.is_empty() {
        let cap = st.label * 1.12;
        doc.text(
            (area.x0 + 12.0 * s, top + text::ascent(cap)),
            cap,
            Anchor::Start,
            INK,
            &p.caption,
            "caption",
            false,
        );
        top += text::line_height(cap) + 6.0 * s;
    }
    let rows_h = (area.y1 - bottom - top).max(10.0);
    // Row labels as large as the label size, smaller when many bars share a short chart.
    let size = (rows_h * 0.8 / n as f64).clamp(9.0 * s.min(1.0), st.label);
    let name_w = p
        .bars
        .iter()
        .map(|b| text::width(&b.label, size))
        .fold(0.0, f64::max);
    let value_w = p
        .bars
        .iter()
        .map(|b| text::width(&b.value_label, size))
        .fold(0.0, f64::max);
    let left = area.x0 + 12.0 * s + name_w + 12.0 * s;
    let right = area.x1 - 16.0 * s - value_w - 8.0 * s;
    let plot = Rect::new(left, top, right.max(left + 40.0), top + rows_h);
    let xm = Map::new(&p.value_axis, plot.x0, plot.x1);
    let xt = ticks::ticks(&p.value_axis, plot.width(), st.label, true);
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
        &text::fit(&p.value_axis.label, st.label, plot.width()),
        "axis-title",
        false,
    );
    let row = rows_h / n as f64;
    let thick = (row * 0.7).min(34.0 * s);
    for (k, b) in p.bars.iter().enumerate() {
        let mid = plot.y0 + row * (k as f64 + 0.5);
        let x0 = xm.px(p.value_axis.min.max(0.0).min(p.value_axis.max));
        let x1 = xm.px(b.value);
        let r = Rect::new(x0.min(x1), mid - thick / 2.0, x0.max(x1), mid + thick / 2.0);
        doc.rect(&r, Some(b.colour), None, "bar");
        let baseline = mid + text::ascent(size) / 2.0 - 1.0;
        doc.text(
            (r.x1 + 6.0 * s, baseline),
            size,
            Anchor::Start,
            INK,
            &b.value_label,
            "bar-value",
            false,
        );
        doc.text(
            (plot.x0 - 10.0 * s, baseline),
            size,
            Anchor::End,
            INK,
            &b.label,
            "bar-name",
            false,
        );
    }
}
