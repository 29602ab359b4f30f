//! `forecast --history FILE --months N [-o profile.toml]`: monthly volumes ahead with 80% intervals,
//! from a `date,requests` CSV or CloudWatch's results; the report on stdout (in `--format`), the profile
//! written atomically to `-o` (the mean month as a range, for compare, project and review).

use std::path::Path;

use crate::cli::forecast::ForecastArgs;
use crate::cli::Global;
use crate::error::{Error, Result};
use crate::model::cloudwatch::assemble::{assemble, Queries};
use crate::model::cloudwatch::Stat;
use crate::model::forecast::{self, history, history::Daily};
use crate::output;
use crate::render::forecast::{profile, render, ForecastReport};

/// The largest history file read: 64 MiB (as CloudWatch's results files).
pub const MAX_FILE_BYTES: u64 = crate::cloudwatch::MAX_FILE_BYTES;

pub fn run(g: &Global, a: &ForecastArgs, inputs: &[&Path]) -> Result<()> {
    let dest = match g.output.as_deref() {
        Some(p) if p.as_os_str() != "-" => {
            let d = output::destination(p, output::OUTPUT_FLAG)?;
            crate::io::refuse_inputs(&d, output::OUTPUT_FLAG, inputs)?;
            Some(d)
        }
        _ => None,
    };
    let (daily, source) = read(&a.history)?;
    let fc = forecast::forecast(&daily, a.months).map_err(|e| bad(&a.history, e))?;
    let bt = match a.holdout {
        Some(k) => Some(
            forecast::backtest(&daily, k)
                .map_err(|e| Error::usage("--holdout", k.to_string(), e))?,
        ),
        None => None,
    };
    let report = ForecastReport {
        source: &source,
        granularity: &daily.granularity,
        notes: &daily.notes,
        forecast: &fc,
        backtest: bt.as_ref(),
    };
    let text = render(g.format, &report)?;
    // The profile first: a report on stdout never announces a profile that was not written.
    if let Some(d) = &dest {
        output::write_to(d, profile(&report, &g.region)?.as_bytes())?;
    }
    output::to_stdout(crate::render::for_reader(g.format, text).as_bytes())
}

fn bad(files: &[std::path::PathBuf], e: String) -> Error {
    Error::File {
        path: files
            .first()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        message: e,
    }
}

/// The history as days: a CSV (one file), or CloudWatch results (one file per page).
fn read(files: &[std::path::PathBuf]) -> Result<(Daily, String)> {
    if files.len() > crate::cloudwatch::MAX_FILES {
        return Err(Error::usage(
            "--history",
            format!("{} files", files.len()),
            format!("at most {} files", crate::cloudwatch::MAX_FILES),
        ));
    }
    let source = files
        .iter()
        .map(|p| output::shorten_path(p))
        .collect::<Vec<_>>()
        .join(", ");
    let first = crate::io::read_text_at_most(&files[0], MAX_FILE_BYTES, "history file")?;
    if !first
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
    {
        if files.len() > 1 {
            return Err(Error::usage(
                "--history",
                source,
                "one CSV file (several files are the pages of CloudWatch results)",
            ));
        }
        let d = history::from_csv(&first).map_err(|e| bad(files, e))?;
        return Ok((d, source));
    }
    let mut pages = Vec::with_capacity(files.len());
    for (k, f) in files.iter().enumerate() {
        let text = match k {
            0 => first.clone(),
            _ => crate::io::read_text_at_most(f, MAX_FILE_BYTES, "history file")?,
        };
        let page = crate::cloudwatch::parse_results(&text, &f.display().to_string(), None)
            .map_err(|e| bad(std::slice::from_ref(f), e))?;
        pages.push(page);
    }
    let assembled = assemble(&pages, &Queries::default()).map_err(|e| bad(files, e))?;
    let volumes: Vec<_> = assembled
        .series
        .iter()
        .filter(|s| {
            s.key.stat == Stat::Sum
                && matches!(
                    s.key.metric,
                    crate::model::cloudwatch::Metric::Count
                        | crate::model::cloudwatch::Metric::MessageCount
                )
        })
        .collect();
    let series = match volumes.as_slice() {
        [one] => *one,
        [] => {
            return Err(bad(
                files,
                "no Count (Sum) or MessageCount (Sum) series in the results".into(),
            ))
        }
        many => {
            let names: Vec<String> = many.iter().map(|s| s.key.describe()).collect();
            return Err(bad(
                files,
                format!(
                    "one API's volume to forecast, found {}: {}",
                    many.len(),
                    names.join("; ")
                ),
            ));
        }
    };
    let d =
        history::by_day(series.points.clone(), Some(series.period)).map_err(|e| bad(files, e))?;
    Ok((d, format!("{source}: {}", series.key.describe())))
}
