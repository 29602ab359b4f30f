//! `quote`: the monthly cost of one option, line by line.

use crate::cli::load;
use crate::cli::resolve::{resolve, Purpose};
use crate::cli::{Global, QuoteArgs};
use crate::error::Result;
use crate::model::cost::Pricer;
use crate::render::{self, QuoteReport};

pub fn run(g: &Global, a: &QuoteArgs) -> Result<String> {
    let s = resolve(g, &a.traffic.with_access(&a.access), Purpose::Price)?;
    let api = s.api(a.api)?;
    let catalog = load::catalog_for(g.prices.as_deref(), &[s.region.as_str()])?;
    let pricer = Pricer::new(&catalog, &s.region)?;
    let allowance = s.free_tier.month(0, s.free_tier.initial_credit());
    // An error about an input the profile gave names its key, not a flag never typed.
    let mut quote = pricer
        .quote(api, &s.workload, &allowance)
        .map_err(|e| s.blame(e))?;
    s.check_limits(&mut quote, None).map_err(|e| s.blame(e))?;
    render::renderer(g.format).quote(&QuoteReport {
        quote: &quote,
        provenance: &catalog.provenance,
        free_tier: &s.free_tier,
    })
}
