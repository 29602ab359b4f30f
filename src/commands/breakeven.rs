//! `breakeven`: where two options cost the same along one variable.

use crate::cli::load;
use crate::cli::resolve::{resolve, Purpose, Scenario};
use crate::cli::{BreakevenArgs, Global};
use crate::error::Result;
use crate::model::breakeven::{self, Variable};
use crate::model::catalog::Catalog;
use crate::render;
use crate::report::BreakevenReport;

pub fn run(g: &Global, a: &BreakevenArgs) -> Result<String> {
    let s = resolve(g, &a.traffic.with_access(&a.access), purpose(a))?;
    let catalog = load::catalog_for(g.prices.as_deref(), &[s.region.as_str()])?;
    render::renderer(g.format).breakeven(&report(&s, &catalog, a)?)
}

/// Along requests the search sets the volume: none need be given.
pub fn purpose(a: &BreakevenArgs) -> Purpose {
    match a.vary {
        Variable::Requests => Purpose::Sweep,
        _ => Purpose::Price,
    }
}

/// The break-even search of a resolved scenario.
pub fn report(s: &Scenario, catalog: &Catalog, a: &BreakevenArgs) -> Result<BreakevenReport> {
    let (oa, ob) = a.between;
    let growth = s.growth_or(a.growth)?;
    let be = breakeven::search(&breakeven::Query {
        catalog,
        region: &s.region,
        a: oa,
        b: ob,
        variable: a.vary,
        workload: &s.workload,
        free_tier: &s.free_tier,
        from: a.from,
        to: a.to,
        migration_cost: a.migration_cost,
        growth,
    })
    .map_err(|e| s.blame_horizon(a.growth, e))?;
    Ok(BreakevenReport {
        breakeven: be,
        provenance: catalog.provenance.clone(),
        free_tier: s.free_tier.clone(),
    })
}
