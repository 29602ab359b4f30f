//! The SVG document a chart is written into: coordinates in f64 written with two decimals (sub-pixel
//! precision, no float noise), text escaped for XML, and a class on each kind of element (`series`,
//! `label`, `title`, `tick-x`, `tick-y`) so a test can find the series lines and the label boxes.

use crate::render::chart_data::Colour;

/// An axis-aligned box in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

impl Rect {
    pub fn new(x0: f64, y0: f64, x1: f64, y1: f64) -> Rect {
        Rect { x0, y0, x1, y1 }
    }

    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    pub fn inside(&self, o: &Rect) -> bool {
        self.x0 >= o.x0 && self.x1 <= o.x1 && self.y0 >= o.y0 && self.y1 <= o.y1
    }

    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    pub fn height(&self) -> f64 {
        self.y1 - self.y0
    }

    /// Whether the segment from `a` to `b` passes through this box (or ends inside it).
    pub fn hit_by(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        // Liang-Barsky clipping: the segment meets the box if some parameter range survives.
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let mut t0 = 0f64;
        let mut t1 = 1f64;
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
                    t0 = t0.max(r);
                } else {
                    t1 = t1.min(r);
                }
                if t0 > t1 {
                    return false;
                }
            }
        }
        true
    }
}

/// A number for an SVG attribute: at most two decimals, no trailing zeros, never `-0`.
pub fn num(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    let s = format!("{r:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

pub fn hex(c: Colour) -> String {
    format!("#{:02x}{:02x}{:02x}", c.0, c.1, c.2)
}

/// Text for XML: the five special characters as entities and, as U+FFFD, the characters XML 1.0
/// forbids (C0 controls other than tab, newline and carriage return) and those a name from a template
/// or bill could use to mislead a reader of the SVG or the page it is inlined in (C1 controls such as
/// 0x9B, and the bidirectional overrides and isolates).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\0'..='\u{8}'
            | '\u{b}'
            | '\u{c}'
            | '\u{e}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{fffe}'
            | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// How a text is anchored at its x.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// A stroke: colour, width and dash pattern (empty for solid).
#[derive(Debug, Clone, PartialEq)]
pub struct Stroke {
    pub colour: Colour,
    pub width: f64,
    pub dash: Vec<f64>,
}

impl Stroke {
    pub fn solid(colour: Colour, width: f64) -> Stroke {
        Stroke {
            colour,
            width,
            dash: Vec::new(),
        }
    }

    fn attrs(&self) -> String {
        let mut s = format!(
            r#" stroke="{}" stroke-width="{}""#,
            hex(self.colour),
            num(self.width)
        );
        if !self.dash.is_empty() {
            let d: Vec<String> = self.dash.iter().map(|v| num(*v)).collect();
            s.push_str(&format!(r#" stroke-dasharray="{}""#, d.join(" ")));
        }
        s
    }
}

/// An SVG document being written.
pub struct Doc {
    out: String,
}

impl Doc {
    pub fn new(width: u32, height: u32) -> Doc {
        let mut out = String::with_capacity(64 * 1024);
        out.push_str(&format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="DejaVu Sans, sans-serif">"#
        ));
        out.push('\n');
        out.push_str(&format!(
            r##"<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>"##
        ));
        out.push('\n');
        Doc { out }
    }

    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }

    /// Starts a group clipped to `r` (the plotting area): lines never run over the axes.
    pub fn clip_start(&mut self, id: &str, r: &Rect) {
        self.out.push_str(&format!(
            r#"<clipPath id="{id}"><rect x="{}" y="{}" width="{}" height="{}"/></clipPath><g clip-path="url(#{id})">"#,
            num(r.x0),
            num(r.y0),
            num(r.width()),
            num(r.height())
        ));
        self.out.push('\n');
    }

    /// Starts a group of elements with a class (each panel is one: a test reads its ticks apart).
    pub fn group_start(&mut self, class: &str) {
        self.out.push_str(&format!("<g{}>\n", class_attr(class)));
    }

    pub fn group_end(&mut self) {
        self.out.push_str("</g>\n");
    }

    pub fn rect(&mut self, r: &Rect, fill: Option<Colour>, stroke: Option<&Stroke>, class: &str) {
        let fill = fill.map(hex).unwrap_or_else(|| "none".into());
        let stroke = stroke.map(Stroke::attrs).unwrap_or_default();
        let class = class_attr(class);
        self.out.push_str(&format!(
            r#"<rect{class} x="{}" y="{}" width="{}" height="{}" fill="{fill}"{stroke}/>"#,
            num(r.x0),
            num(r.y0),
            num(r.width().max(0.0)),
            num(r.height().max(0.0))
        ));
        self.out.push('\n');
    }

    pub fn line(&mut self, a: (f64, f64), b: (f64, f64), stroke: &Stroke, class: &str) {
        self.out.push_str(&format!(
            r#"<line{} x1="{}" y1="{}" x2="{}" y2="{}"{}/>"#,
            class_attr(class),
            num(a.0),
            num(a.1),
            num(b.0),
            num(b.1),
            stroke.attrs()
        ));
        self.out.push('\n');
    }

    pub fn polyline(&mut self, points: &[(f64, f64)], stroke: &Stroke, class: &str, name: &str) {
        let pts: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{},{}", num(*x), num(*y)))
            .collect();
        self.out.push_str(&format!(
            r#"<polyline{} data-name="{}" points="{}" fill="none"{} stroke-linejoin="round" stroke-linecap="round"/>"#,
            class_attr(class),
            escape(name),
            pts.join(" "),
            stroke.attrs()
        ));
        self.out.push('\n');
    }

    pub fn circle(&mut self, c: (f64, f64), r: f64, fill: Colour) {
        self.out.push_str(&format!(
            r##"<circle class="marker" cx="{}" cy="{}" r="{}" fill="{}" stroke="#ffffff" stroke-width="1"/>"##,
            num(c.0),
            num(c.1),
            num(r),
            hex(fill)
        ));
        self.out.push('\n');
    }

    /// Text with its baseline at `y`.
    #[allow(clippy::too_many_arguments)]
    pub fn text(
        &mut self,
        at: (f64, f64),
        size: f64,
        anchor: Anchor,
        fill: Colour,
        text: &str,
        class: &str,
        rotate: bool,
    ) {
        let anchor = match anchor {
            Anchor::Start => "",
            Anchor::Middle => r#" text-anchor="middle""#,
            Anchor::End => r#" text-anchor="end""#,
        };
        let rot = if rotate {
            format!(r#" transform="rotate(-90 {} {})""#, num(at.0), num(at.1))
        } else {
            String::new()
        };
        self.out.push_str(&format!(
            r#"<text{} x="{}" y="{}" font-size="{}" fill="{}"{anchor}{rot}>{}</text>"#,
            class_attr(class),
            num(at.0),
            num(at.1),
            num(size),
            hex(fill),
            escape(text)
        ));
        self.out.push('\n');
    }
}

fn class_attr(class: &str) -> String {
    if class.is_empty() {
        String::new()
    } else {
        format!(r#" class="{class}""#)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_two_decimals_without_noise() {
        assert_eq!(num(98.0), "98");
        assert_eq!(num(98.456), "98.46");
        assert_eq!(num(0.1 + 0.2), "0.3");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(-3.5), "-3.5");
    }

    #[test]
    fn segments_and_boxes() {
        let r = Rect::new(10.0, 10.0, 20.0, 20.0);
        assert!(r.hit_by((0.0, 15.0), (30.0, 15.0)));
        assert!(r.hit_by((12.0, 12.0), (13.0, 13.0)));
        assert!(!r.hit_by((0.0, 0.0), (30.0, 5.0)));
        assert!(!r.hit_by((0.0, 25.0), (25.0, 40.0)));
        assert!(r.hit_by((0.0, 0.0), (30.0, 30.0)));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("<a & b>\u{1}"), "&lt;a &amp; b&gt;\u{fffd}");
        assert_eq!(escape("a\u{9b}31m\u{202e}b"), "a\u{fffd}31m\u{fffd}b");
    }
}
