//! Text measured with the embedded DejaVu Sans's own metrics (advance widths and its kerning pairs), so
//! the layout knows how wide a label is before it is drawn, in the SVG and in the PNG rasterised from it.

use std::sync::OnceLock;

/// The font's metrics: advance widths by character and kerning, in font units.
struct Metrics {
    face: ttf_parser::Face<'static>,
    units: f64,
}

fn metrics() -> Option<&'static Metrics> {
    static M: OnceLock<Option<Metrics>> = OnceLock::new();
    M.get_or_init(|| {
        let face = ttf_parser::Face::parse(dejavu::sans::regular(), 0).ok()?;
        let units = f64::from(face.units_per_em());
        Some(Metrics { face, units })
    })
    .as_ref()
}

/// The width in pixels of `text` set in DejaVu Sans at `size` pixels (advances plus kerning; a
/// character the font lacks counts as a wide one).
pub fn width(text: &str, size: f64) -> f64 {
    let Some(m) = metrics() else {
        return text.chars().count() as f64 * size * 0.62;
    };
    let mut total = 0f64;
    let mut prev: Option<ttf_parser::GlyphId> = None;
    for c in text.chars() {
        let g = m.face.glyph_index(c);
        let adv = g
            .and_then(|g| m.face.glyph_hor_advance(g))
            .map(f64::from)
            .unwrap_or(m.units * 0.62);
        total += adv;
        if let (Some(a), Some(b)) = (prev, g) {
            total += f64::from(kern(&m.face, a, b));
        }
        prev = g;
    }
    total * size / m.units
}

fn kern(face: &ttf_parser::Face, a: ttf_parser::GlyphId, b: ttf_parser::GlyphId) -> i16 {
    let Some(k) = face.tables().kern else {
        return 0;
    };
    k.subtables
        .into_iter()
        .filter(|s| s.horizontal && !s.variable)
        .find_map(|s| s.glyphs_kerning(a, b))
        .unwrap_or(0)
}

/// The height of a line of text at `size` pixels (ascender to descender of DejaVu Sans: 1.164 em).
pub fn line_height(size: f64) -> f64 {
    size * 1.17
}

/// How far the top of the tallest glyph sits above the baseline (the cap height and accents: 0.76 em).
pub fn ascent(size: f64) -> f64 {
    size * 0.76
}

/// How far the descenders go below the baseline (0.24 em).
pub fn descent(size: f64) -> f64 {
    size * 0.24
}

/// `text` broken at spaces (and after " · " separators) into lines no wider than `max` pixels at
/// `size`; a word wider than `max` on its own is cut with an ellipsis so nothing runs off the image.
pub fn wrap(text: &str, size: f64, max: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if width(&candidate, size) <= max || line.is_empty() {
            line = candidate;
        } else {
            lines.push(std::mem::take(&mut line));
            line = word.to_string();
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines.into_iter().map(|l| fit(&l, size, max)).collect()
}

/// `text` cut with an ellipsis to fit `max` pixels (unchanged when it fits).
pub fn fit(text: &str, size: f64, max: f64) -> String {
    if width(text, size) <= max {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let s: String = chars.iter().collect::<String>() + "…";
        if width(&s, size) <= max {
            return s;
        }
    }
    String::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_come_from_the_font() {
        // DejaVu Sans: "i" is narrow, "W" wide; width scales with the size.
        assert!(width("i", 20.0) < width("W", 20.0) / 2.0);
        let w = width("HTTP API", 16.0);
        assert!((width("HTTP API", 32.0) - 2.0 * w).abs() < 1e-9);
        assert!(w > 50.0 && w < 90.0, "{w}");
    }

    #[test]
    fn wrapping_keeps_every_line_within_the_width() {
        let t = "free tier: none · request 2 KB · response 8 KB · AWS prices published 2025-10-20";
        let lines = wrap(t, 16.0, 200.0);
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| width(l, 16.0) <= 200.0), "{lines:?}");
        assert_eq!(lines.join(" "), t);
        assert_eq!(wrap("short", 16.0, 200.0), vec!["short"]);
        let cut = wrap("averyveryverylongwordthatcannotfit", 16.0, 80.0);
        assert!(cut[0].ends_with('…') && width(&cut[0], 16.0) <= 80.0);
    }
}
