//! PNG by rasterising a chart's own SVG with resvg (tiny-skia): one drawing, two encodings. The text is
//! laid out by usvg (rustybuzz shaping, so kerning and sub-pixel glyph positions) from the embedded
//! DejaVu Sans loaded into a font database of its own: no system font is looked up, so a fresh machine
//! draws the same pixels as this one.

use std::sync::{Arc, OnceLock};

use crate::error::{Error, Result};

/// The family every chart names (`font-family`); mapped to the embedded DejaVu Sans.
pub const FAMILY: &str = "DejaVu Sans";

fn fonts() -> Arc<resvg::usvg::fontdb::Database> {
    static DB: OnceLock<Arc<resvg::usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = resvg::usvg::fontdb::Database::new();
        db.load_font_data(dejavu::sans::regular().to_vec());
        db.set_sans_serif_family(FAMILY);
        db.set_serif_family(FAMILY);
        db.set_monospace_family(FAMILY);
        Arc::new(db)
    })
    .clone()
}

fn re<E: std::fmt::Display>(e: E) -> Error {
    Error::Other(format!("rasterising the chart: {e}"))
}

/// The SVG document `svg` drawn to a PNG of `width` x `height` pixels (the SVG is scaled to fit).
pub fn png(svg: &str, width: u32, height: u32) -> Result<Vec<u8>> {
    let opt = resvg::usvg::Options {
        font_family: FAMILY.into(),
        fontdb: fonts(),
        ..Default::default()
    };
    let tree = resvg::usvg::Tree::from_str(svg, &opt).map_err(re)?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| re(format!("an image of {width} x {height} pixels")))?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    let size = tree.size();
    let t = resvg::tiny_skia::Transform::from_scale(
        width as f32 / size.width(),
        height as f32 / size.height(),
    );
    resvg::render(&tree, t, &mut pixmap.as_mut());
    // Opaque RGB: the chart has a white background, so the alpha channel carries nothing.
    let rgb: Vec<u8> = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue()]
        })
        .collect();
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, width, height);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        // Charts are mostly flat colour: per-row adaptive filtering makes them about ten times smaller
        // than the default filter (the best deflate level gained nothing and cost 2x).
        enc.set_compression(png::Compression::Default);
        enc.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
        let mut w = enc.write_header().map_err(re)?;
        w.write_image_data(&rgb).map_err(re)?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_drawn_with_the_embedded_font() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40"><text x="4" y="28" font-family="sans-serif" font-size="24">REST</text></svg>"#;
        let bytes = png(svg, 120, 40).unwrap();
        assert_eq!(&bytes[1..4], b"PNG");
        // Some pixel is dark: the glyphs were found (with no font, usvg drops the text).
        let dec = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut r = dec.read_info().unwrap();
        let mut buf = vec![0; r.output_buffer_size()];
        r.next_frame(&mut buf).unwrap();
        assert!(buf.iter().any(|&b| b < 60));
    }
}
