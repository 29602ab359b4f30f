//! The "How sure is this" section of `compare` and `project`: when any input is a range, every draw is
//! priced and the bands are appended to the report in its format.

use rust_decimal::Decimal;

use crate::cli::ranges::{ranges, UncertaintyArgs};
use crate::cli::resolve::Scenario;
use crate::cli::Global;
use crate::error::{Error, Result};
use crate::model::api::ApiKind;
use crate::model::catalog::Catalog;
use crate::model::uncertainty::bands::{self, Setup};
use crate::render::uncertainty::{append, append_regions, UncertaintyReport};

/// What the section is drawn over.
#[derive(Clone, Copy)]
pub struct Over<'a> {
    pub catalog: &'a Catalog,
    pub region: &'a str,
    pub apis: &'a [ApiKind],
    pub growth: Decimal,
}

/// `report` with one month's bands appended for each region (`over.region` and `more`, as
/// `compare --regions` lists them; the same draws in each), when any input is a range (else unchanged).
pub fn month(
    g: &Global,
    s: &Scenario,
    u: &UncertaintyArgs,
    (over, more): (&Over, &[String]),
    report: String,
) -> Result<String> {
    let ranges = ranges(g, s)?;
    if ranges.is_empty() {
        return Ok(report);
    }
    let mut regions = vec![over.region];
    regions.extend(
        more.iter()
            .map(String::as_str)
            .filter(|r| *r != over.region),
    );
    let mut months = Vec::with_capacity(regions.len());
    for region in &regions {
        let o = Over { region, ..*over };
        months.push(bands::monthly(&setup(s, u, &o, &ranges)).map_err(|e| s.blame(e))?);
    }
    let reports: Vec<UncertaintyReport> = regions
        .iter()
        .zip(&months)
        .map(|(region, month)| UncertaintyReport {
            region,
            ranges: &ranges,
            draws: u.draws(),
            seed: u.seed(),
            month: Some(month),
            horizon: None,
        })
        .collect();
    append_regions(g.format, report, &reports)
}

/// `report` with each month's and the cumulative bands appended, when any input is a range.
pub fn horizon(
    g: &Global,
    s: &Scenario,
    u: &UncertaintyArgs,
    over: &Over,
    (months, start, from_file): (u32, Option<crate::model::calendar::CalendarMonth>, bool),
    report: String,
) -> Result<String> {
    let ranges = ranges(g, s)?;
    if ranges.is_empty() {
        return Ok(report);
    }
    if from_file {
        return Err(Error::usage(
            "--volumes",
            "a file of volumes",
            "no range on the inputs: the file gives each month's volume (drop --volumes, or give \
             the inputs as points)",
        ));
    }
    let setup = setup(s, u, over, &ranges);
    let h = bands::projected(&setup, months, start).map_err(|e| s.blame(e))?;
    append(
        g.format,
        report,
        &UncertaintyReport {
            region: over.region,
            ranges: &ranges,
            draws: setup.draws,
            seed: setup.seed,
            month: None,
            horizon: Some(&h),
        },
    )
}

fn setup<'a>(
    s: &'a Scenario,
    u: &UncertaintyArgs,
    over: &Over<'a>,
    ranges: &'a [crate::model::uncertainty::Range],
) -> Setup<'a> {
    Setup {
        catalog: over.catalog,
        region: over.region,
        apis: over.apis,
        base: &s.workload,
        growth: over.growth,
        free_tier: &s.free_tier,
        ranges,
        draws: u.draws(),
        seed: u.seed(),
    }
}
