//! `project`: month-by-month cost with growth (or a file of monthly volumes) and the free tier over time.

use crate::cli::load;
use crate::cli::resolve::{resolve, Purpose, Scenario};
use crate::cli::{Global, ProjectArgs};
use crate::error::Result;
use crate::model::catalog::Catalog;
use crate::model::projection;
use crate::render;
use crate::report::ProjectReport;

pub fn run(g: &Global, a: &ProjectArgs) -> Result<String> {
    let given = match &a.volumes {
        Some(path) => Some(load::volumes(path)?),
        None => None,
    };
    let mut traffic = a.traffic.with_access(&a.access);
    if let Some(v) = &given {
        // The file gives the volumes: its first month stands in for a volume flag (over the profile's).
        if !traffic.volume_given() {
            traffic.requests = v.requests.first().copied();
        }
    }
    let s = resolve(g, &traffic, Purpose::Price)?;
    let apis = s.api_list(&a.apis)?;
    let from_file = given.is_some();
    let volumes = Given::of(given, &s, a)?;
    let months = u32::try_from(volumes.volumes.len()).unwrap_or(u32::MAX);
    let start = volumes.start;
    let catalog = load::catalog_for(g.prices.as_deref(), &[s.region.as_str()])?;
    let text = render::renderer(g.format).project(&report(&s, &catalog, a, volumes)?)?;
    // With a range on any input: each month's bands and the cumulative total's.
    let over = super::uncertain::Over {
        catalog: &catalog,
        region: &s.region,
        apis: &apis,
        growth: s.growth(&a.horizon)?,
    };
    super::uncertain::horizon(
        g,
        &s,
        &a.uncertainty,
        &over,
        (months, start, from_file),
        text,
    )
}

/// The months' volumes: a `--volumes` file's (with its labels and first calendar month), else the
/// volume compounded by `--growth` over `--months`.
pub struct Given {
    volumes: Vec<rust_decimal::Decimal>,
    labels: Option<Vec<String>>,
    start: Option<crate::model::calendar::CalendarMonth>,
    /// The volumes are a file's, not derived from the scenario's volume (nor from its rate).
    from_file: bool,
}

impl Given {
    fn of(given: Option<load::Volumes>, s: &Scenario, a: &ProjectArgs) -> Result<Given> {
        // The first calendar month: --start, or the volumes file's `month` labels when they are months.
        let from_file = given.as_ref().and_then(load::Volumes::start);
        let start = match (a.horizon.start, from_file) {
            (Some(s), Some(f)) if s != f => {
                return Err(crate::error::Error::usage(
                    "--start",
                    s.label(),
                    format!(
                        "the first month of the --volumes file ({}), or no --start",
                        f.label()
                    ),
                ))
            }
            (s, f) => s.or(f),
        };
        let labels = given.as_ref().and_then(|v| v.labels.clone());
        let from_file = given.is_some();
        let volumes = match given {
            Some(v) => v.requests,
            None => {
                let months = s.months_at_least_one(&a.horizon)?;
                projection::compound_volumes(s.workload.requests, s.growth(&a.horizon)?, months)
                    .map_err(|e| s.blame_horizon(a.horizon.growth, e))?
            }
        };
        Ok(Given {
            volumes,
            labels,
            start,
            from_file,
        })
    }

    /// The volumes of a resolved scenario without a `--volumes` file.
    pub fn compounded(s: &Scenario, a: &ProjectArgs) -> Result<Given> {
        Given::of(None, s, a)
    }
}

/// The projection of a resolved scenario.
pub fn report(
    s: &Scenario,
    catalog: &Catalog,
    a: &ProjectArgs,
    given: Given,
) -> Result<ProjectReport> {
    let apis = s.api_list(&a.apis)?;
    let mut base = s.workload.clone();
    base.month = given.start;
    // A file's volumes are the months' own: not a rate to spread over each month's hours.
    base.rate_derived &= !given.from_file;
    let mut p = projection::project(
        catalog,
        &s.region,
        &apis,
        &base,
        &given.volumes,
        &s.free_tier,
    )
    .map_err(|e| s.blame_horizon(a.horizon.growth, e))?;
    if let (None, Some(l)) = (given.start, &given.labels) {
        p.relabel(l);
    }
    Ok(ProjectReport {
        projection: p,
        provenance: catalog.provenance.clone(),
        free_tier: s.free_tier.clone(),
    })
}
