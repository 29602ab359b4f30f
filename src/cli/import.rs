//! `import cloudwatch`: its clap structs (beside `args.rs`, which only names the subcommand), and the
//! APIs its flags name.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use rust_decimal::Decimal;

use super::parsers::Short;
use crate::error::{Error, Result};
use crate::model::api::ApiKind;
use crate::model::cloudwatch::{time, ApiRef, MAX_RANGE_SECONDS};
use crate::model::inputs;
use crate::model::numbers;

/// Traffic read from elsewhere.
#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// Real traffic from CloudWatch: print the GetMetricData query (--print-query), run it with the
    /// AWS CLI, then import the results: requests a month, peak factor, cache hit rate, payload per
    /// request, WebSocket messages and connections, and the measured gateway overhead; --profiles-out DIR writes
    /// one traffic profile per API and stage.
    #[command(
        override_usage = "apigw-cost import cloudwatch --print-query (--rest-api NAME | --http-api ID | --websocket-api ID) --stage S --start-time T --end-time T > q.json\n       apigw-cost import cloudwatch RESULT.json... [--queries q.json] [--profiles-out DIR] [OPTIONS]"
    )]
    Cloudwatch(CloudwatchArgs),
}

/// `import cloudwatch --print-query ...` and `import cloudwatch RESULT.json... [--queries Q.json]`.
#[derive(Args, Debug, Clone)]
pub struct CloudwatchArgs {
    /// Results: `aws cloudwatch get-metric-data` output (every page, one per file), or
    /// `get-metric-statistics` output (with --rest-api/--http-api/--websocket-api and --stage). `-` is
    /// stdin.
    #[arg(value_name = "RESULT.json", required_unless_present = "print_query")]
    pub results: Vec<PathBuf>,
    /// Print the input of `aws cloudwatch get-metric-data --cli-input-json file://q.json` for the APIs
    /// named (with --stage, --start-time, --end-time) instead of importing.
    #[arg(long, conflicts_with_all = ["results", "queries", "out"])]
    pub print_query: bool,
    /// A REST API by its name (CloudWatch's ApiName dimension); repeat for several.
    #[arg(long = "rest-api", value_name = "NAME")]
    pub rest_api: Vec<String>,
    /// An HTTP API by its id (ApiId); repeat for several.
    #[arg(long = "http-api", value_name = "ID")]
    pub http_api: Vec<String>,
    /// A WebSocket API by its id (ApiId); repeat for several.
    #[arg(long = "websocket-api", value_name = "ID")]
    pub websocket_api: Vec<String>,
    /// The stage of every API named (`prod`, `$default`).
    #[arg(long, value_name = "STAGE")]
    pub stage: Option<String>,
    /// Start of the range (inclusive), UTC: 2026-11-01T00:00:00Z (AWS CLI's name; `--start`, a month
    /// elsewhere, still works for one release). When importing without --queries, the range the
    /// results should cover.
    #[arg(long = "start-time", alias = "start", value_parser = Short(timestamp), value_name = "TIME")]
    pub start: Option<i64>,
    /// End of the range (exclusive), UTC: 2026-11-08T00:00:00Z (`--end` still works for one release).
    #[arg(long = "end-time", alias = "end", value_parser = Short(timestamp), value_name = "TIME")]
    pub end: Option<i64>,
    /// Seconds per datapoint of the counts (a multiple of 60; 3,600 = hourly). Latency percentiles
    /// are asked over the whole range. When importing, the period of get-metric-statistics files.
    #[arg(long, value_name = "SECONDS", default_value_t = 3600, value_parser = Short(clap::value_parser!(i64).range(60..=MAX_RANGE_SECONDS)))]
    pub period: i64,
    /// The queries file the results were run with (repeat for several): Ids are read from it, and the
    /// range it asked for shows missing periods at either end.
    #[arg(long, value_name = "Q.json")]
    pub queries: Vec<PathBuf>,
    /// Write one traffic profile per API and stage into DIR (created if needed), named after them (as
    /// `reconcile --profiles-out`; `--out` still works for one release).
    #[arg(long = "profiles-out", alias = "out", value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[arg(long = inputs::CONNECTION_DURATION.flag, help = connection_duration_help(), value_parser = Short(inputs::CONNECTION_DURATION.parse), value_name = inputs::CONNECTION_DURATION.unit)]
    pub connection_duration: Option<Decimal>,
    /// REST: the stage cache's size in GB, one of 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237
    /// (CloudWatch does not say it); with it the profile gets a [cache] with the measured hit rate.
    #[arg(long, value_parser = Short(cache_size), value_name = "GB")]
    pub cache_size: Option<Decimal>,
}

fn timestamp(s: &str) -> std::result::Result<i64, String> {
    time::parse(s)
}

/// `--connection-duration` as the registry declares it, and what the import does with it.
fn connection_duration_help() -> String {
    format!(
        "{}; CloudWatch has no connection minutes: written to the profile with the connections counted",
        inputs::CONNECTION_DURATION.help
    )
}

/// The cache sizes AWS sells for a REST API stage, GB.
pub const CACHE_SIZES_GB: [&str; 8] = ["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"];

/// A REST stage cache size: one AWS sells (a profile with another would be refused by every command).
fn cache_size(s: &str) -> std::result::Result<Decimal, String> {
    let v = numbers::parse_positive(s)?;
    if CACHE_SIZES_GB
        .iter()
        .any(|c| c.parse::<Decimal>().ok() == Some(v))
    {
        return Ok(v.normalize());
    }
    Err(format!(
        "expected a cache size AWS sells: {} GB, got '{}'",
        CACHE_SIZES_GB.join(", "),
        crate::error::shorten(s)
    ))
}

impl CloudwatchArgs {
    /// The APIs the flags name, each with `--stage` (required with any API flag).
    pub fn apis(&self) -> Result<Vec<ApiRef>> {
        let named: Vec<(ApiKind, &String)> = self
            .rest_api
            .iter()
            .map(|n| (ApiKind::Rest, n))
            .chain(self.http_api.iter().map(|n| (ApiKind::Http, n)))
            .chain(self.websocket_api.iter().map(|n| (ApiKind::WebSocket, n)))
            .collect();
        if named.is_empty() {
            return Ok(Vec::new());
        }
        let Some(stage) = &self.stage else {
            return Err(Error::needs(
                "--stage",
                "is needed: the stage of the APIs named (CloudWatch's Stage dimension), such as prod or $default",
            ));
        };
        Ok(named
            .into_iter()
            .map(|(kind, name)| ApiRef {
                kind,
                name: name.clone(),
                stage: stage.clone(),
            })
            .collect())
    }
}
