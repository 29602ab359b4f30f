//! `forecast`'s command line (beside `args.rs`, which only names the subcommand).

use std::path::PathBuf;

use clap::Args;

use super::parsers::Short;

/// `forecast --history FILE... --months N [--holdout K] [-o profile.toml]`.
#[derive(Args, Debug, Clone)]
pub struct ForecastArgs {
    /// The volume history: a CSV with `date` and `requests` columns (one row a day, or an hour or
    /// finer, summed by UTC day), or the CloudWatch results `import cloudwatch` reads (every page of
    /// `aws cloudwatch get-metric-data` output, one file each; the API's Count, or MessageCount).
    #[arg(long, value_name = "FILE", required = true, num_args = 1..)]
    pub history: Vec<PathBuf>,
    /// Calendar months to forecast, from the first that begins after the history, 1 to 120.
    #[arg(long, value_name = "N", default_value_t = 12, value_parser = Short(crate::model::inputs::forecast_months))]
    pub months: u32,
    /// A back-test first: fit the history without its last K whole calendar months, forecast them and
    /// say how many fell inside their 80% interval (1 to 24).
    #[arg(long, value_name = "K", value_parser = Short(clap::value_parser!(u32).range(1..=24)))]
    pub holdout: Option<u32>,
}
