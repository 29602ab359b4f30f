//! `compare`: options side by side (by region), with latency and feature fit, and optionally the
//! cumulative cost over a horizon.

use crate::cli::latency::{latency_options, samples, LatencyTraffic};
use crate::cli::load;
use crate::cli::resolve::{blame, resolve, Purpose, Scenario};
use crate::cli::{CompareArgs, Global, LatencyArgs};
use crate::error::Result;
use crate::model::api::ApiKind;
use crate::model::catalog::Catalog;
use crate::model::compare;
use crate::model::features::Features;
use crate::model::latency;
use crate::model::projection::{self, Projection};
use crate::render;
use crate::report::{CompareReport, OptionFit};

pub fn run(g: &Global, a: &CompareArgs) -> Result<String> {
    let s = resolve(g, &traffic(a), Purpose::Price)?;
    // Start-up: the plan (with the features file) and the catalog are read once and left to the
    // process's exit, as quote's catalog: freeing them cost more than pricing the comparison.
    let plan = std::mem::ManuallyDrop::new(plan(&s, a)?);
    let catalog = std::mem::ManuallyDrop::new(load::catalog_for(
        g.prices.as_deref(),
        &plan.catalog_regions(),
    )?);
    let text = render::renderer(g.format).compare(&report(&s, &plan, &catalog, a)?)?;
    // With a range on any input: the bands of each region's month, the same draws in each (the
    // scenario as priced, with the workaround's WAF when a need adds it).
    let s = Scenario {
        workload: plan.workload.clone(),
        ..s
    };
    let over = super::uncertain::Over {
        catalog: &catalog,
        region: &plan.regions[0],
        apis: &plan.apis,
        growth: s.growth(&a.horizon)?,
    };
    super::uncertain::month(g, &s, &a.uncertainty, (&over, &plan.regions[1..]), text)
}

/// The traffic flags with the latency flags' authorizer and endpoint (they are priced too).
pub fn traffic(a: &CompareArgs) -> crate::cli::TrafficArgs {
    a.traffic
        .with_access(&crate::cli::AccessArgs::of_latency(&a.latency))
}

/// What a comparison prices, decided before the catalog is read: the regions, the features needed,
/// the options (with the workaround of what HTTP lacks, when one is needed) and the workload.
pub struct Plan {
    pub regions: Vec<String>,
    pub needs: Vec<String>,
    pub apis: Vec<ApiKind>,
    pub workload: crate::model::workload::Workload,
    workaround: bool,
    features: Features,
    /// The note that REST is priced with a cache because a need asks for caching.
    cache_note: Option<String>,
}

impl Plan {
    /// The regions the catalog must hold: those compared, and the workaround's.
    pub fn catalog_regions(&self) -> Vec<&str> {
        let mut codes: Vec<&str> = self.regions.iter().map(String::as_str).collect();
        if self.workaround {
            codes.extend(compare::WORKAROUND_REGIONS);
        }
        codes
    }
}

/// The feature `--streaming` needs (data/features.json).
pub const STREAMING_FEATURE: &str = "response-streaming";

/// The plan of a comparison of a resolved scenario.
pub fn plan(s: &Scenario, a: &CompareArgs) -> Result<Plan> {
    let regions: Vec<String> = if a.regions.is_empty() {
        vec![s.region.clone()]
    } else {
        a.regions.iter().map(|r| r.trim().to_string()).collect()
    };
    let features = Features::embedded()?;
    let needs = match (
        &a.needs,
        s.profile.as_ref().and_then(|p| p.profile.needs.as_ref()),
    ) {
        (given, Some(from_profile)) if given.is_empty() => features.parse_needs(from_profile)?,
        (given, _) => features.parse_needs(given)?,
    };
    let mut needs = needs;
    let streams = s.workload.streaming.is_some_and(|v| !v.is_zero());
    if streams && !needs.iter().any(|n| n == STREAMING_FEATURE) {
        // Streamed responses are a need: the fit says which options cannot stream.
        needs.push(STREAMING_FEATURE.to_string());
    }
    let mut apis = s.api_list(&a.apis)?;
    let mut workload = s.workload.clone();
    let cache_note = compare::add_cache_for_needs(&needs, &mut workload);
    let workaround = compare::add_workaround(&needs, &mut workload, &mut apis);
    Ok(Plan {
        regions,
        needs,
        apis,
        workload,
        workaround,
        features,
        cache_note,
    })
}

/// The comparison of a plan, priced with `catalog` (which holds [`Plan::catalog_regions`]).
pub fn report(
    s: &Scenario,
    plan: &Plan,
    catalog: &Catalog,
    a: &CompareArgs,
) -> Result<CompareReport> {
    let Plan {
        regions,
        needs,
        apis,
        workload,
        features,
        cache_note,
        ..
    } = plan;
    // The scenario as priced: with the workaround's WAF when a need adds it.
    let s = &Scenario {
        workload: workload.clone(),
        ..s.clone()
    };
    // Errors about inputs the profile gave name its keys, not flags never typed.
    let mut cmp =
        compare::compare(catalog, regions, apis, workload, &s.free_tier).map_err(|e| s.blame(e))?;
    let fit = fit(s, apis, &a.latency, features, needs)?;
    for rc in &mut cmp {
        for q in rc.quotes.iter_mut().filter(|q| q.api == ApiKind::Rest) {
            q.warnings.extend(cache_note.clone());
        }
        for q in &mut rc.quotes {
            let handler = fit
                .iter()
                .find(|f| f.api == q.api)
                .and_then(|f| f.latency.as_ref().ok())
                .and_then(|l| l.handler_p99_ms());
            s.check_limits(q, handler).map_err(|e| s.blame(e))?;
        }
    }
    let horizon = horizon(s, a, catalog, &regions[0], apis)?;
    Ok(CompareReport {
        regions: cmp,
        provenance: catalog.provenance.clone(),
        free_tier: s.free_tier.clone(),
        horizon,
        fit,
        needs: needs.clone(),
    })
}

/// Each option's added latency (or why it cannot be estimated) and the needed features it lacks.
///
/// Bad or incomplete latency inputs fail the command with the error `apigw-cost latency` gives for
/// them (a cached Lambda authorizer without a hit rate, a sample count out of range): they are checked
/// on a REST API, which supports every authorizer and endpoint. What only some options lack (an
/// edge-optimized HTTP API, an authorizer on an ALB) is shown in that option's latency column.
fn fit(
    s: &Scenario,
    apis: &[ApiKind],
    latency_args: &LatencyArgs,
    features: &Features,
    needs: &[String],
) -> Result<Vec<OptionFit>> {
    let largs = latency_args.with_profile(s.profile.as_ref())?;
    let origins: Vec<_> = s.origins.iter().chain(&largs.origins).copied().collect();
    let blamed = |e| blame(s.profile.as_ref(), &origins, e);
    // Start-up: read once per process (compare, review) and left to its exit, as the catalog.
    let data = std::mem::ManuallyDrop::new(load::latency_data(largs.latency_data.as_deref())?);
    let traffic = LatencyTraffic::of(&s.workload);
    let n = samples(&largs).map_err(blamed)?;
    latency_options(ApiKind::Rest, &largs, &traffic)
        .and_then(|o| latency::scenario(&data, &o))
        .map_err(blamed)?;
    Ok(apis
        .iter()
        .map(|api| OptionFit {
            api: *api,
            latency: latency_options(*api, &largs, &traffic)
                .and_then(|o| latency::scenario(&data, &o))
                .and_then(|sc| latency::evaluate(&sc, n, largs.seed))
                .map_err(|e| blamed(e).to_string()),
            gaps: features.gaps(*api, needs),
        })
        .collect())
}

/// The cumulative cost over `--months` (with `--growth`), when either is given on the command line.
fn horizon(
    s: &Scenario,
    a: &CompareArgs,
    catalog: &Catalog,
    region: &str,
    apis: &[ApiKind],
) -> Result<Option<Projection>> {
    match s.months(&a.horizon) {
        Some(months) if a.horizon.months.is_some() || a.horizon.growth.is_some() => {
            let blamed = |e| s.blame_horizon(a.horizon.growth, e);
            let volumes =
                projection::compound_volumes(s.workload.requests, s.growth(&a.horizon)?, months)
                    .map_err(blamed)?;
            let mut base = s.workload.clone();
            base.month = a.horizon.start;
            Ok(Some(
                projection::project(catalog, region, apis, &base, &volumes, &s.free_tier)
                    .map_err(blamed)?,
            ))
        }
        _ => Ok(None),
    }
}
