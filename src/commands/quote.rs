//! `quote`: the monthly cost of one option, line by line.

use std::collections::{BTreeMap, BTreeSet};
use std::mem::ManuallyDrop;

use crate::cli::load;
use crate::cli::resolve::{resolve, Purpose, Scenario};
use crate::cli::{Global, QuoteArgs};
use crate::error::Result;
use crate::model::catalog::{Catalog, Provenance};
use crate::model::cost::{Pricer, Quote};
use crate::render;
use crate::report::QuoteReport;

pub fn run(g: &Global, a: &QuoteArgs) -> Result<String> {
    let s = resolve(g, &a.traffic.with_access(&a.access), Purpose::Price)?;
    // Which option is checked before the catalog is read (a usage error comes first).
    api(&s, a)?;
    // Start-up: the catalog and the report are read once and left to the process's exit (freeing
    // them, every tier and source, cost more than pricing the quote).
    let mut catalog = ManuallyDrop::new(load::catalog_for(
        g.prices.as_deref(),
        &[s.region.as_str()],
    )?);
    let quote = quote(&s, &catalog, a)?;
    // The catalog is not read again: its provenance (every source's title) moves into the report
    // rather than being copied (a copy was 100 allocations of a quote's 600).
    let provenance = std::mem::replace(&mut catalog.provenance, moved_out());
    let report = ManuallyDrop::new(QuoteReport {
        quote,
        provenance,
        free_tier: s.free_tier.clone(),
    });
    render::renderer(g.format).quote(&report)
}

/// What a catalog holds once its provenance has moved into a report (nothing allocated).
fn moved_out() -> Provenance {
    Provenance {
        origin: String::new(),
        source: String::new(),
        published: String::new(),
        generated_on: String::new(),
        sources: BTreeMap::new(),
        aws_own: BTreeSet::new(),
    }
}

/// The quote of a resolved scenario.
pub fn quote(s: &Scenario, catalog: &Catalog, a: &QuoteArgs) -> Result<Quote> {
    let api = api(s, a)?;
    // An input the option cannot have is a usage error here (compare prices the option without it
    // and says so in the same words).
    if let Some((field, why)) = s.workload.not_applicable(api).into_iter().next() {
        return Err(s.blame(crate::error::Error::not_applicable(field, why)));
    }
    let pricer = Pricer::new(catalog, &s.region)?;
    let allowance = s.free_tier.month(0, s.free_tier.initial_credit());
    // --start: the calendar month's hours (and a rate's volume over them).
    let mut workload = s.workload.clone();
    workload.month = a.start;
    // An error about an input the profile gave names its key, not a flag never typed.
    let mut quote = pricer
        .quote(api, &workload, &allowance)
        .map_err(|e| s.blame(e))?;
    s.check_limits(&mut quote, None).map_err(|e| s.blame(e))?;
    Ok(quote)
}

fn api(s: &Scenario, a: &QuoteArgs) -> Result<crate::model::api::ApiKind> {
    s.api(
        &a.api,
        "quote prices one option; compare prices several side by side",
    )
}
