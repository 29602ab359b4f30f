//! `breakeven`: where two options cost the same along one variable.

use crate::cli::load;
use crate::cli::resolve::{resolve, Purpose};
use crate::cli::{BreakevenArgs, Global};
use crate::error::Result;
use crate::model::breakeven::{self, Variable};
use crate::render::{self, BreakevenReport};

pub fn run(g: &Global, a: &BreakevenArgs) -> Result<String> {
    let (oa, ob) = a.between;
    // Along requests the search sets the volume: none need be given.
    let purpose = match a.vary {
        Variable::Requests => Purpose::Sweep,
        _ => Purpose::Price,
    };
    let s = resolve(g, &a.traffic.with_access(&a.access), purpose)?;
    let catalog = load::catalog_for(g.prices.as_deref(), &[s.region.as_str()])?;
    let growth = s.growth_or(a.growth)?;
    let be = breakeven::search(&breakeven::Query {
        catalog: &catalog,
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
    render::renderer(g.format).breakeven(&BreakevenReport {
        breakeven: &be,
        provenance: &catalog.provenance,
        free_tier: &s.free_tier,
    })
}
