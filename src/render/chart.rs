//! Drawing charts as SVG or PNG with plotters. This module draws what `chart_data` gives it (series of
//! plotting coordinates, guides, markers, bars, labels already formatted from exact amounts): it does no
//! cost arithmetic. Only layout happens here (where a label goes so it does not overlap another).
//!
//! Text is drawn with the embedded DejaVu Sans (registered once as "sans-serif" through plotters'
//! `ab_glyph` feature), so no system font library is involved and the output is byte-deterministic.

use std::path::Path;
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::error::{Error, Field, Result};
use crate::render::chart_data::{Axis, BarPanel, Chart, Colour, LinePanel, Panel, Scale, Ticks};

/// The image format, chosen from the output file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Svg,
    Png,
}

impl ImageFormat {
    /// `.svg` or `.png` (any case); anything else is a usage error naming the value.
    pub fn from_path(path: &Path) -> Result<ImageFormat> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(|e| e.to_ascii_lowercase());
        match ext.as_deref() {
            Some("svg") => Ok(ImageFormat::Svg),
            Some("png") => Ok(ImageFormat::Png),
            _ => Err(Error::invalid(
                Field::Output,
                path.display().to_string(),
                "a file name ending in .svg or .png (the chart's format is taken from the extension)",
            )),
        }
    }
}

const FONT: &str = "sans-serif";

fn ensure_font() -> Result<()> {
    static LOADED: OnceLock<bool> = OnceLock::new();
    let ok = *LOADED.get_or_init(|| {
        plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular()).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(Error::Other(
            "the embedded DejaVu Sans font could not be loaded".into(),
        ))
    }
}

fn de<E: std::fmt::Debug>(e: E) -> Error {
    Error::Other(format!("drawing the chart: {e:?}"))
}

fn rgb(c: Colour) -> RGBColor {
    RGBColor(c.0, c.1, c.2)
}

/// Money on an axis: `$0`, `$3.50`, `$950`, `$1.2k`, `$49.8k`, `$1.5M`, `-$300`.
pub fn money_axis(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let a = v.abs();
    if a < 0.005 {
        return "$0".into();
    }
    let sign = if v < 0.0 { "-" } else { "" };
    format!("{sign}${}", scaled(a, true))
}

/// A count on an axis: `1M`, `300M`, `1.5B`, `100B`, `500k`, `950`.
pub fn count_axis(v: f64) -> String {
    if !v.is_finite() {
        return String::new();
    }
    let sign = if v < 0.0 { "-" } else { "" };
    format!("{sign}{}", scaled(v.abs(), false))
}

/// `a` with a k/M/B suffix and at most one decimal; below 1,000 whole (or cents under 10 for money).
fn scaled(a: f64, money: bool) -> String {
    if a < 999.5 {
        if money && a < 10.0 && (a - a.round()).abs() >= 0.005 {
            return format!("{a:.2}");
        }
        return format!("{a:.0}");
    }
    for (div, suffix) in [(1e9, "B"), (1e6, "M"), (1e3, "k")] {
        let x = (a / div * 10.0).round() / 10.0;
        if x >= 1.0 {
            let s = format!("{x:.1}");
            return format!("{}{suffix}", s.strip_suffix(".0").unwrap_or(&s));
        }
    }
    format!("{a:.0}")
}

/// A tick label of an axis.
pub fn tick(t: Ticks, v: f64) -> String {
    match t {
        Ticks::Money | Ticks::PricePerMillion => money_axis(v),
        Ticks::Count => count_axis(v),
        Ticks::Month if (v - v.round()).abs() < 1e-6 => format!("{}", v.round() as i64),
        Ticks::Month => String::new(),
        Ticks::Millis => format!("{v:.0} ms"),
    }
}

/// Renders a chart to SVG text or PNG bytes of `width` x `height` pixels.
pub fn render(chart: &Chart, format: ImageFormat, width: u32, height: u32) -> Result<Vec<u8>> {
    ensure_font()?;
    match format {
        ImageFormat::Svg => {
            let mut s = String::new();
            {
                let root = SVGBackend::with_string(&mut s, (width, height)).into_drawing_area();
                draw(&root, chart)?;
                root.present().map_err(de)?;
            }
            Ok(xml_chars(s).into_bytes())
        }
        // One drawing, two encodings: the PNG is the SVG rasterised (see `render::raster`).
        ImageFormat::Png => {
            let svg = render(chart, ImageFormat::Svg, width, height)?;
            crate::render::raster::png(&String::from_utf8_lossy(&svg), width, height)
        }
    }
}

/// The SVG stays well-formed XML whatever text a chart carries: the characters XML 1.0 forbids (C0
/// controls other than tab, newline and carriage return) become U+FFFD. Charts of valid inputs have
/// none, so their bytes do not change.
fn xml_chars(svg: String) -> String {
    let forbidden = |c: char| matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if !svg.contains(forbidden) {
        return svg;
    }
    svg.chars()
        .map(|c| if forbidden(c) { '\u{fffd}' } else { c })
        .collect()
}

const TITLE_SIZE: u32 = 26;
const SUBTITLE_SIZE: u32 = 16;
const LABEL_SIZE: u32 = 16;
const NOTE_SIZE: u32 = 15;

fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, chart: &Chart) -> Result<()> {
    root.fill(&WHITE).map_err(de)?;
    let (_, h) = root.dim_in_pixel();
    root.draw(&Text::new(
        chart.title.clone(),
        (20, 14),
        (FONT, TITLE_SIZE).into_font().color(&BLACK),
    ))
    .map_err(de)?;
    root.draw(&Text::new(
        chart.subtitle.clone(),
        (20, 50),
        (FONT, SUBTITLE_SIZE)
            .into_font()
            .color(&RGBColor(70, 70, 70)),
    ))
    .map_err(de)?;
    let notes_h = 22 * chart.notes.len() as u32;
    for (k, n) in chart.notes.iter().enumerate() {
        root.draw(&Text::new(
            n.clone(),
            (20, (h - notes_h + 22 * k as u32) as i32),
            (FONT, NOTE_SIZE).into_font().color(&RGBColor(70, 70, 70)),
        ))
        .map_err(de)?;
    }
    let body = root.margin(80, 6 + notes_h, 10, 10);
    let areas = match chart.panels.len() {
        2 => {
            let (_, bh) = body.dim_in_pixel();
            let (a, b) = body.split_vertically(bh * 58 / 100);
            vec![a, b]
        }
        n => body.split_evenly((n.max(1), 1)),
    };
    for (area, panel) in areas.iter().zip(&chart.panels) {
        match panel {
            Panel::Lines(p) => line_panel(area, p)?,
            Panel::Bars(p) => bar_panel(area, p)?,
        }
    }
    Ok(())
}

/// Draws one line panel; the axis types differ by scale, hence the macro.
macro_rules! lines {
    ($area:expr, $p:expr, $xr:expr, $yr:expr) => {{
        let p: &LinePanel = $p;
        // The legend (and the panel's caption) in a strip above the plot, where no data can hide it.
        let whole = $area;
        let strip_h = legend_height(whole, p)?;
        let (strip, rest) = whole.split_vertically(strip_h);
        legend(&strip, p)?;
        let area = &rest;
        let mut b = ChartBuilder::on(area);
        b.margin_right(40)
            .margin_top(8)
            .x_label_area_size(52)
            .y_label_area_size(88);
        let mut c = b.build_cartesian_2d($xr, $yr).map_err(de)?;
        let (xt, yt) = (p.x.ticks, p.y.ticks);
        let xf = move |v: &f64| tick(xt, *v);
        let yf = move |v: &f64| tick(yt, *v);
        c.configure_mesh()
            .x_desc(p.x.label.as_str())
            .y_desc(p.y.label.as_str())
            .x_labels(x_label_count(&p.x))
            .y_labels(8)
            .x_label_formatter(&xf)
            .y_label_formatter(&yf)
            .label_style((FONT, LABEL_SIZE))
            .axis_desc_style((FONT, LABEL_SIZE))
            .bold_line_style(RGBColor(215, 215, 215))
            .light_line_style(RGBColor(246, 246, 246))
            .draw()
            .map_err(de)?;
        // Guides (tier boundaries, the marked volume): dashed verticals, each label right of its line
        // (left at the right edge) in the first row at the top where it overlaps no other label.
        let mut guides: Vec<_> = p.guides.iter().collect();
        guides.sort_by(|a, b| a.x.total_cmp(&b.x));
        let gfont = (FONT, 15).into_font();
        let right_edge = c.plotting_area().get_base_pixel().0
            + c.plotting_area().dim_in_pixel().0 as i32;
        let mut taken: Vec<(i32, i32, i32)> = Vec::new();
        // Each guide label's box in absolute pixels: the markers' labels keep clear of them.
        let mut guide_boxes: Vec<(i32, i32, i32, i32)> = Vec::new();
        for g in &guides {
            c.draw_series(DashedLineSeries::new(
                vec![(g.x, p.y.min), (g.x, p.y.max)],
                6,
                5,
                rgb(g.colour).stroke_width(2),
            ))
            .map_err(de)?;
        }
        for (k, g) in guides.iter().enumerate() {
            let colour = rgb(g.colour);
            let (tw, th) = area
                .estimate_text_size(&g.label, &gfont.color(&BLACK))
                .map_err(de)?;
            let (tw, th) = (tw as i32, th as i32);
            let px = c.backend_coord(&(g.x, p.y.max)).0;
            let dx = if px + tw + 12 > right_edge { -(tw + 6) } else { 6 };
            let (x0, x1) = (px + dx - 6, px + dx + tw + 6);
            let row = (0..4)
                .find(|r| {
                    !taken
                        .iter()
                        .any(|&(tr, a, b)| tr == *r && a < x1 && x0 < b)
                })
                .unwrap_or(k as i32 % 4);
            taken.push((row, x0, x1));
            let dy = 6 + 22 * row;
            let top = c.backend_coord(&(g.x, p.y.max)).1;
            guide_boxes.push((px + dx - 3, top + dy - 2, px + dx + tw + 3, top + dy + th + 4));
            c.draw_series(std::iter::once(
                EmptyElement::at((g.x, p.y.max))
                    + Rectangle::new(
                        [(dx - 3, dy - 2), (dx + tw + 3, dy + th + 4)],
                        WHITE.mix(0.95).filled(),
                    )
                    + Text::new(g.label.clone(), (dx, dy), gfont.color(&colour)),
            ))
            .map_err(de)?;
        }
        for s in &p.series {
            let colour = rgb(s.colour);
            c.draw_series(LineSeries::new(
                s.points.iter().copied(),
                colour.stroke_width(3),
            ))
            .map_err(de)?;
        }
        // Markers: a dot, and the label on a white box beside it (to the left in the right half).
        let (pw, ph) = c.plotting_area().dim_in_pixel();
        let (x0, y0) = c.plotting_area().get_base_pixel();
        let (pw, ph) = (pw as i32, ph as i32);
        let font = (FONT, 15).into_font().color(&BLACK);
        // Boxes already on the plot (absolute pixels): labels, and every marker's dot.
        let mut placed: Vec<(i32, i32, i32, i32)> = p
            .markers
            .iter()
            .map(|m| {
                let (px, py) = c.backend_coord(&(m.x, m.y));
                (px - 8, py - 8, px + 8, py + 8)
            })
            .chain(guide_boxes.iter().copied())
            .collect();
        for m in &p.markers {
            let (px, py) = c.backend_coord(&(m.x, m.y));
            let (tw, th) = area.estimate_text_size(&m.label, &font).map_err(de)?;
            let (tw, th) = (tw as i32, th as i32);
            let right_half = px - x0 > pw / 2;
            let (near, far) = if right_half {
                (-(tw + 14), 12)
            } else {
                (12, -(tw + 14))
            };
            // Beside the point: above, below, then further away, on its side of the plot first; the
            // first place that covers no label or dot already there.
            let rect = |dx: i32, dy: i32| (px + dx - 6, py + dy - 5, px + dx + tw + 6, py + dy + th + 7);
            let free = |r: (i32, i32, i32, i32), placed: &[(i32, i32, i32, i32)]| {
                r.0 >= x0
                    && r.2 <= x0 + pw
                    && r.1 >= y0
                    && r.3 <= y0 + ph
                    && !placed
                    .iter()
                    .any(|q| r.0 < q.2 && q.0 < r.2 && r.1 < q.3 && q.1 < r.3)
            };
            let mut candidates = Vec::new();
            for step in 0..6 {
                let up = -(th + 16) - step * (th + 12);
                let down = 12 + step * (th + 12);
                for dx in [near, far] {
                    candidates.push((dx, up));
                    candidates.push((dx, down));
                }
            }
            let (dx, dy) = candidates
                .iter()
                .copied()
                .find(|&(dx, dy)| free(rect(dx, dy), &placed))
                .unwrap_or((near, -(th + 16)));
            placed.push(rect(dx, dy));
            c.draw_series(std::iter::once(
                EmptyElement::at((m.x, m.y))
                    // A leader from the dot to the nearer end of its label.
                    + PathElement::new(
                        vec![
                            (0, 0),
                            (if dx > 0 { dx - 5 } else { dx + tw + 5 }, dy + th / 2),
                        ],
                        RGBColor(90, 90, 90).stroke_width(1),
                    )
                    + Circle::new((0, 0), 6, BLACK.filled())
                    + Rectangle::new(
                        [(dx - 5, dy - 4), (dx + tw + 5, dy + th + 6)],
                        WHITE.mix(0.92).filled(),
                    )
                    + Rectangle::new(
                        [(dx - 5, dy - 4), (dx + tw + 5, dy + th + 6)],
                        RGBColor(120, 120, 120).stroke_width(1),
                    )
                    + Text::new(m.label.clone(), (dx, dy), font.clone()),
            ))
            .map_err(de)?;
        }
    }};
}

const LEGEND_ROW: u32 = 26;
const LEGEND_LEFT: i32 = 96;

/// Lays the caption and the legend entries out left to right, wrapping; returns each entry's position
/// and the rows used.
fn legend_layout<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    p: &LinePanel,
) -> Result<(Vec<(i32, i32)>, u32)> {
    let (w, _) = area.dim_in_pixel();
    let font = (FONT, LABEL_SIZE).into_font().color(&BLACK);
    let mut x = LEGEND_LEFT;
    if !p.caption.is_empty() {
        let cap = (FONT, 18).into_font().color(&BLACK);
        x += area.estimate_text_size(&p.caption, &cap).map_err(de)?.0 as i32 + 28;
    }
    let mut row = 0;
    let mut out = Vec::new();
    for s in &p.series {
        let tw = area.estimate_text_size(&s.name, &font).map_err(de)?.0 as i32;
        let entry = 34 + tw + 26;
        if x + entry > w as i32 - 20 && x > LEGEND_LEFT {
            row += 1;
            x = LEGEND_LEFT;
        }
        out.push((x, 6 + (row * LEGEND_ROW) as i32));
        x += entry;
    }
    Ok((out, row + 1))
}

fn legend_height<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, p: &LinePanel) -> Result<u32> {
    Ok(legend_layout(area, p)?.1 * LEGEND_ROW + 8)
}

/// The caption, then one entry per series: a thick line in its colour and its name.
fn legend<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, p: &LinePanel) -> Result<()> {
    let (pos, _) = legend_layout(area, p)?;
    if !p.caption.is_empty() {
        area.draw(&Text::new(
            p.caption.clone(),
            (LEGEND_LEFT, 4),
            (FONT, 18).into_font().color(&BLACK),
        ))
        .map_err(de)?;
    }
    for (s, (x, y)) in p.series.iter().zip(pos) {
        let colour = rgb(s.colour);
        area.draw(&PathElement::new(
            vec![(x, y + 9), (x + 26, y + 9)],
            colour.stroke_width(5),
        ))
        .map_err(de)?;
        area.draw(&Text::new(
            s.name.clone(),
            (x + 34, y),
            (FONT, LABEL_SIZE).into_font().color(&BLACK),
        ))
        .map_err(de)?;
    }
    Ok(())
}

fn x_label_count(a: &Axis) -> usize {
    match (a.scale, a.ticks) {
        // One label per power of ten.
        (Scale::Log, _) => ((a.max / a.min).log10().round() as usize) + 1,
        (_, Ticks::Month) => (a.max - a.min).round() as usize + 1,
        _ => 10,
    }
}

fn line_panel<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, p: &LinePanel) -> Result<()> {
    let (x, y) = (&p.x, &p.y);
    match (x.scale, y.scale) {
        (Scale::Log, Scale::Log) => lines!(
            area,
            p,
            (x.min..x.max).log_scale(),
            (y.min..y.max).log_scale()
        ),
        (Scale::Log, Scale::Linear) => lines!(area, p, (x.min..x.max).log_scale(), y.min..y.max),
        (Scale::Linear, Scale::Log) => lines!(area, p, x.min..x.max, (y.min..y.max).log_scale()),
        (Scale::Linear, Scale::Linear) => lines!(area, p, x.min..x.max, y.min..y.max),
    }
    Ok(())
}

fn bar_panel<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, p: &BarPanel) -> Result<()> {
    let n = p.bars.len();
    // Bar labels as large as 15 px, smaller when many bars share a short chart.
    let rows_h = area.dim_in_pixel().1.saturating_sub(56);
    let size = (rows_h * 85 / 100 / n.max(1) as u32).clamp(9, 15);
    let label_font = (FONT, size).into_text_style(area);
    let mut label_w = 0;
    for b in &p.bars {
        label_w = label_w.max(
            area.estimate_text_size(&b.label, &label_font)
                .map_err(de)?
                .0,
        );
    }
    // Rows on a plain numeric axis: row k (from the top) spans [n-1-k, n-k]; the names are drawn beside
    // the rows rather than as axis ticks, so one bar or forty place the same way.
    let rows = n.max(1) as f64;
    let mut c = ChartBuilder::on(area)
        .margin_right(30)
        .margin_top(6)
        .x_label_area_size(50)
        .y_label_area_size(label_w + 24)
        .build_cartesian_2d(p.value_axis.min..p.value_axis.max, 0f64..rows)
        .map_err(de)?;
    let xt = p.value_axis.ticks;
    let xf = move |v: &f64| tick(xt, *v);
    let no_label = |_: &f64| String::new();
    c.configure_mesh()
        .disable_y_mesh()
        .x_desc(p.value_axis.label.as_str())
        .x_labels(8)
        .y_labels(0)
        .x_label_formatter(&xf)
        .y_label_formatter(&no_label)
        .x_label_style((FONT, 15))
        .axis_desc_style((FONT, LABEL_SIZE))
        .bold_line_style(RGBColor(215, 215, 215))
        .light_line_style(RGBColor(246, 246, 246))
        .draw()
        .map_err(de)?;
    // Bars at most 34 px thick, however few there are.
    let seg_h = c.plotting_area().dim_in_pixel().1 / n.max(1) as u32;
    let gap = seg_h.saturating_sub(34).div_ceil(2).max(2);
    let (ax, ay) = area.get_base_pixel();
    for (k, b) in p.bars.iter().enumerate() {
        let y0 = (n - 1 - k) as f64;
        let mut r = Rectangle::new([(0.0, y0), (b.value, y0 + 1.0)], rgb(b.colour).filled());
        r.set_margin(gap, gap, 0, 0);
        c.draw_series(std::iter::once(r)).map_err(de)?;
        c.draw_series(std::iter::once(
            EmptyElement::at((b.value, y0 + 0.5))
                + Text::new(
                    b.value_label.clone(),
                    (6, 0),
                    (FONT, size.min(14))
                        .into_font()
                        .color(&BLACK)
                        .pos(Pos::new(HPos::Left, VPos::Center)),
                ),
        ))
        .map_err(de)?;
        let (px, py) = c.backend_coord(&(p.value_axis.min, y0 + 0.5));
        area.draw(&Text::new(
            b.label.clone(),
            (px - ax - 10, py - ay),
            (FONT, size)
                .into_font()
                .color(&BLACK)
                .pos(Pos::new(HPos::Right, VPos::Center)),
        ))
        .map_err(de)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_axis_labels() {
        let cases = [
            (0.0, "$0"),
            (950.0, "$950"),
            (1234.0, "$1.2k"),
            (49_763.1, "$49.8k"),
            (1_500_000.0, "$1.5M"),
            (999_960.0, "$1M"),
            (999.7, "$1k"),
            (150_000.0, "$150k"),
            (3.5, "$3.50"),
            (5.0, "$5"),
            (0.1, "$0.10"),
            (-300.0, "-$300"),
            (-1200.0, "-$1.2k"),
            (2.0e9, "$2B"),
            (-0.001, "$0"),
        ];
        for (v, want) in cases {
            assert_eq!(money_axis(v), want, "{v}");
        }
    }

    #[test]
    fn count_axis_labels() {
        assert_eq!(count_axis(1e6), "1M");
        assert_eq!(count_axis(3e8), "300M");
        assert_eq!(count_axis(1e11), "100B");
        assert_eq!(count_axis(1.5e9), "1.5B");
        assert_eq!(count_axis(500.0), "500");
    }

    #[test]
    fn ticks_never_print_float_noise() {
        assert_eq!(tick(Ticks::Month, 12.0), "12");
        assert_eq!(tick(Ticks::Month, 2.5), "");
        assert_eq!(tick(Ticks::PricePerMillion, 3.5), "$3.50");
        assert_eq!(tick(Ticks::PricePerMillion, 16.0), "$16");
        assert_eq!(tick(Ticks::PricePerMillion, 0.1), "$0.10");
    }

    #[test]
    fn format_from_extension() {
        assert_eq!(
            ImageFormat::from_path(Path::new("a/b.SVG")).unwrap(),
            ImageFormat::Svg
        );
        assert_eq!(
            ImageFormat::from_path(Path::new("c.png")).unwrap(),
            ImageFormat::Png
        );
        let e = ImageFormat::from_path(Path::new("c.jpg")).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("c.jpg"));
    }
}
