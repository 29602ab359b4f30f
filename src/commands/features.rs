//! `features`: which option supports which feature, with workarounds and sources.

use crate::cli::Global;
use crate::error::Result;
use crate::model::features::Features;
use crate::render::{self, FeaturesReport};

pub fn run(g: &Global) -> Result<String> {
    let f = Features::embedded()?;
    render::renderer(g.format).features(&FeaturesReport { features: f })
}
