//! Typed reports: what each command computes from a resolved scenario, before any rendering. Amounts
//! are the model's (each month already billed to the cent); a renderer only lays them out
//! ([`crate::render::Renderer`]). `review` computes each report once and renders it in every format it
//! needs.

use crate::model::api::ApiKind;
use crate::model::breakeven::BreakEven;
use crate::model::catalog::{Catalog, Provenance};
use crate::model::compare::RegionComparison;
use crate::model::cost::Quote;
use crate::model::features::{Features, Gap};
use crate::model::free_tier::FreeTier;
use crate::model::latency::{LatencyData, LatencyResult};
use crate::model::projection::Projection;

/// `quote`: one option's monthly bill with its context.
pub struct QuoteReport {
    pub quote: Quote,
    pub provenance: Provenance,
    pub free_tier: FreeTier,
}

/// `compare`: options side by side in one or more regions.
pub struct CompareReport {
    pub regions: Vec<RegionComparison>,
    pub provenance: Provenance,
    pub free_tier: FreeTier,
    /// With `compare --months N`: the same options projected over N months (first region).
    pub horizon: Option<Projection>,
    /// Added latency and feature gaps of each option (same order as the options).
    pub fit: Vec<OptionFit>,
    /// The features asked for with `--needs`.
    pub needs: Vec<String>,
}

/// What an option adds in latency and lacks in features, next to its cost.
pub struct OptionFit {
    pub api: ApiKind,
    /// The simulated latency, or why it could not be estimated for this option.
    pub latency: std::result::Result<LatencyResult, String>,
    pub gaps: Vec<Gap>,
}

impl CompareReport {
    pub fn fit_of(&self, api: ApiKind) -> Option<&OptionFit> {
        self.fit.iter().find(|f| f.api == api)
    }
}

/// `latency`: the simulated added latency of one or more options.
pub struct LatencyReport {
    pub results: Vec<LatencyResult>,
    pub data: LatencyData,
}

/// `features`: the whole feature matrix.
pub struct FeaturesReport {
    pub features: Features,
}

/// `project`: a month-by-month projection of several options.
pub struct ProjectReport {
    pub projection: Projection,
    pub provenance: Provenance,
    pub free_tier: FreeTier,
}

/// `breakeven`: where two options cost the same.
pub struct BreakevenReport {
    pub breakeven: BreakEven,
    pub provenance: Provenance,
    pub free_tier: FreeTier,
}

/// The catalog (`prices list`, `prices show`, `prices sources`).
pub struct PricesReport<'a> {
    pub catalog: &'a Catalog,
    /// `Some(region)` for `prices show`, `None` for the list.
    pub region: Option<&'a str>,
    /// `prices sources`: every source id with its title.
    pub sources: bool,
}
