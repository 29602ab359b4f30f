//! `sensitivity`: each workload input alone across its span (a range's p10 to p90, a point's +-20%),
//! the bills and the saving at both ends, sorted by swing; and where the cheapest option changes along
//! each input, from the break-even engine.

use crate::cli::load;
use crate::cli::ranges::ranges;
use crate::cli::resolve::{resolve, Purpose, Scenario};
use crate::cli::{Global, SensitivityArgs};
use crate::error::Result;
use crate::model::catalog::Catalog;
use crate::model::uncertainty::sensitivity::{self, Sensitivity, Setup};
use crate::render::sensitivity::{render, SensitivityReport};

pub fn run(g: &Global, a: &SensitivityArgs) -> Result<String> {
    let s = resolve(g, &a.traffic.with_access(&a.access), Purpose::Price)?;
    let catalog = load::catalog_for(g.prices.as_deref(), &[s.region.as_str()])?;
    let analysis = analyse(g, &s, &catalog, &s.api_list(&a.apis)?, a.share)?;
    render(
        g.format,
        &SensitivityReport {
            region: &s.region,
            analysis: &analysis,
            published: &catalog.provenance.published,
            prices_line: crate::render::provenance_line(&catalog.provenance),
        },
    )
}

/// The analysis of a resolved scenario (review calls it too).
pub fn analyse(
    g: &Global,
    s: &Scenario,
    catalog: &Catalog,
    apis: &[crate::model::api::ApiKind],
    share: rust_decimal::Decimal,
) -> Result<Sensitivity> {
    let ranges = ranges(g, s)?;
    sensitivity::analyse(&Setup {
        catalog,
        region: &s.region,
        apis,
        base: &s.workload,
        free_tier: &s.free_tier,
        ranges: &ranges,
        share,
    })
    .map_err(|e| s.blame(e))
}
