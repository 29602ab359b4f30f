//! Drawing charts as SVG or PNG. This module draws what `chart_data` gives it (series of plotting
//! coordinates, guides, markers, bars, labels already formatted from exact amounts): it does no cost
//! arithmetic. The SVG is written by `render::draw` (sub-pixel coordinates, text measured with the
//! embedded DejaVu Sans, labels placed clear of the series); the PNG is that SVG rasterised by resvg
//! (`render::raster`), so both encodings show one drawing.

use std::path::Path;

use crate::error::{Error, Field, Result};
use crate::render::chart_data::Chart;

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

/// Renders a chart to SVG text or PNG bytes of `width` x `height` pixels.
pub fn render(chart: &Chart, format: ImageFormat, width: u32, height: u32) -> Result<Vec<u8>> {
    render_scaled(chart, format, width, height, 1.0)
}

/// As [`render`], with fonts and strokes `scale` times their size (`--scale`, for slides).
pub fn render_scaled(
    chart: &Chart,
    format: ImageFormat,
    width: u32,
    height: u32,
    scale: f64,
) -> Result<Vec<u8>> {
    let svg = crate::render::draw::svg(chart, width, height, scale);
    match format {
        ImageFormat::Svg => Ok(svg.into_bytes()),
        // One drawing, two encodings: the PNG is the SVG rasterised (see `render::raster`).
        ImageFormat::Png => crate::render::raster::png(&svg, width, height),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
