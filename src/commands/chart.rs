//! `chart KIND -o FILE.svg|FILE.png`: a comparative chart. The format comes from the extension and the
//! path is checked (`output::destination`) first, then the data from the model, then the drawing,
//! written atomically (in place into a device or FIFO).

use crate::cli::load;
use crate::cli::resolve::{resolve, Purpose, Scenario};
use crate::cli::{ChartArgs, Global};
use crate::error::{Error, Result};
use crate::model::catalog::Catalog;
use crate::model::projection;
use crate::output;
use crate::render::chart::{self, ImageFormat};
use crate::render::chart_data::{self as cd, Chart, ChartKind};

/// `inputs`: the files the chart reads (its `--profile`, `--prices`), which `-o` must not name.
pub fn run(g: &Global, a: &ChartArgs, inputs: &[&std::path::Path]) -> Result<()> {
    let path = g.output.as_deref().ok_or_else(|| {
        Error::missing(
            crate::error::Field::Output,
            "a chart is written to a file: give -o FILE.svg or -o FILE.png",
            &[],
        )
    })?;
    let format = ImageFormat::from_path(path)?;
    // What is at the path is checked before the chart is computed (a directory fails at once).
    let dest = output::destination(path, output::OUTPUT_FLAG)?;
    crate::io::refuse_inputs(&dest, output::OUTPUT_FLAG, inputs)?;
    let mut chart = data(g, a)?;
    if a.log_y {
        chart = chart.with_log_y();
    }
    let bytes = chart::render_scaled(&chart, format, a.width, a.height, a.scale)?;
    output::write_to(&dest, &bytes)
}

/// The chart's data from the model (no drawing).
pub fn data(g: &Global, a: &ChartArgs) -> Result<Chart> {
    if a.kind == ChartKind::Latency {
        let report = super::latency::results(g, &a.apis, &a.latency, &a.traffic)?;
        return cd::latency(&report.results);
    }
    let purpose = match a.kind {
        ChartKind::CostVsRequests | ChartKind::EffectivePrice => Purpose::Sweep,
        _ => Purpose::Price,
    };
    let traffic = a
        .traffic
        .with_access(&crate::cli::AccessArgs::of_latency(&a.latency));
    let s = resolve(g, &traffic, purpose)?;
    chart_of(g, a, &s).map_err(|e| s.blame_horizon(a.horizon.growth, e))
}

/// The data of a cost chart (not `regions`, not `latency`) of a resolved scenario, priced with
/// `catalog` (which holds the scenario's region).
pub fn priced(s: &Scenario, catalog: &Catalog, a: &ChartArgs) -> Result<Chart> {
    cost_chart(a, s, catalog).map_err(|e| s.blame_horizon(a.horizon.growth, e))
}

/// The chart of a resolved scenario (errors name flags; the caller names a profile's keys instead).
fn chart_of(g: &Global, a: &ChartArgs, s: &Scenario) -> Result<Chart> {
    let apis = s.api_list(&a.apis)?;
    if a.kind == ChartKind::Regions {
        let api = match a.apis.is_empty() {
            false => s.api(
                &a.apis,
                "the regions chart draws one option in every region",
            )?,
            true => s.api(&[], "").unwrap_or(apis[0]),
        };
        let catalog = load::catalog(g.prices.as_deref())?;
        // The profile's region must exist (a typo is an error, not a silently missing marker).
        catalog.region(&s.region)?;
        let inputs = cd::Inputs {
            catalog: &catalog,
            region: &s.region,
            apis: &[api],
            workload: &s.workload,
            free_tier: &s.free_tier,
            mark: None,
        };
        return cd::regions(&inputs, api);
    }
    let catalog = load::catalog_for(g.prices.as_deref(), &[s.region.as_str()])?;
    if a.kind == ChartKind::Tornado {
        let analysis = super::sensitivity::analyse(
            g,
            s,
            &catalog,
            &apis,
            crate::model::uncertainty::sensitivity::DEFAULT_SHARE,
        )?;
        return cd::tornado(&inputs_of(s, &catalog, &apis, &s.workload), &analysis);
    }
    cost_chart(a, s, &catalog)
}

fn inputs_of<'a>(
    s: &'a Scenario,
    catalog: &'a Catalog,
    apis: &'a [crate::model::api::ApiKind],
    workload: &'a crate::model::workload::Workload,
) -> cd::Inputs<'a> {
    cd::Inputs {
        catalog,
        region: &s.region,
        apis,
        workload,
        free_tier: &s.free_tier,
        mark: s.marked_volume(),
    }
}

/// A chart along the volume or the months, in the scenario's region.
fn cost_chart(a: &ChartArgs, s: &Scenario, catalog: &Catalog) -> Result<Chart> {
    let apis = s.api_list(&a.apis)?;
    // --start: calendar months (their real hours) for the projection.
    let mut workload = s.workload.clone();
    workload.month = a.horizon.start;
    let inputs = inputs_of(s, catalog, &apis, &workload);
    match a.kind {
        ChartKind::CostVsRequests => cd::cost_vs_requests(&inputs),
        ChartKind::EffectivePrice => cd::effective_price(&inputs),
        ChartKind::Projection => {
            let months = s.months_at_least_one(&a.horizon)?;
            let growth = s.growth(&a.horizon)?;
            let volumes = projection::compound_volumes(s.workload.requests, growth, months)?;
            cd::projection(&inputs, &volumes, growth)
        }
        // Drawn from the latency model and the whole catalog (`data`), not along one region's volume.
        ChartKind::Latency | ChartKind::Regions | ChartKind::Tornado => Err(Error::usage(
            "KIND",
            a.kind.name(),
            "cost-vs-requests, effective-price or projection",
        )),
    }
}
