//! The `prices` subcommands' arguments (clap structs only): list, show, sources, validate, import,
//! update, diff.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::args::{choice, TrafficArgs};
use crate::model::api::ApiKind;

#[derive(Subcommand, Debug)]
pub enum PricesCommand {
    /// Every region with the API kinds it prices and first-tier prices.
    List,
    /// Every tier of every meter of one region (--region), with sources.
    Show,
    /// Every source the catalog cites: the short id the finance CSV's `source` column gives, and its title.
    Sources,
    /// Check a catalog file (default: the embedded one) against every rule: tiers ascending, last tier
    /// unbounded, prices non-negative, cache sizes known.
    Validate {
        /// The catalog to check.
        file: Option<PathBuf>,
    },
    /// Build a catalog from AWS's own price files (metered-unit maps for API Gateway, Lambda, ELB, WAF,
    /// CloudFront; the flattened data-transfer map; the API Gateway offer file), each kind detected from
    /// its content, on top of the embedded catalog (or --prices): prints every price that changed on
    /// stderr, the catalog on stdout (or -o).
    Import {
        /// The AWS files (`-` for stdin), at most 16.
        #[arg(required = true, num_args = 1..)]
        files: Vec<PathBuf>,
        /// Import a file even when it is older than the prices the catalog holds for its service (by
        /// publication date); without it such a file is skipped with a warning and the newer prices kept.
        #[arg(long)]
        allow_older: bool,
    },
    /// Download AWS's current metered-unit maps (HTTPS, BASE/<service>/USD/current/<service>.json),
    /// import them on top of the embedded catalog (or --prices) and print `prices diff` against it (exit
    /// 0 when the prices are equal, 1 when they differ or a download fails); -o writes the new catalog.
    Update(Box<PricesUpdateArgs>),
    /// Every price that changed, appeared or disappeared between two catalogs, by region and meter; with
    /// workload flags (--requests ...), what each change does to its monthly cost. Exit 0 when the
    /// prices are equal, 1 when they differ.
    Diff(Box<PricesDiffArgs>),
}

/// The services `prices update` downloads, by the name AWS's price endpoint uses.
pub const PRICE_SERVICES: [&str; 10] = [
    "apigateway",
    "lambda",
    "elb",
    "waf",
    "cloudfront",
    "datatransfer",
    "cloudwatch",
    "xray",
    "vpc",
    "cognito",
];

/// `prices update [--services ...] [--from URL]`.
#[derive(Args, Debug)]
pub struct PricesUpdateArgs {
    /// The services to download (default: all of them).
    #[arg(long, value_delimiter = ',', value_name = "SERVICE,...", value_parser = clap::builder::PossibleValuesParser::new(PRICE_SERVICES))]
    pub services: Vec<String>,
    /// Where the metered-unit maps are: an https:// base URL (plain http:// only to 127.0.0.1,
    /// localhost or [::1]); each file is BASE/<service>/USD/current/<service>.json.
    #[arg(
        long,
        value_name = "URL",
        default_value = "https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps"
    )]
    pub from: String,
    /// Seconds one download may take, connecting included (1 to 600).
    #[arg(long, value_name = "SECONDS", default_value_t = crate::io::fetch::DEFAULT_TIMEOUT_SECS, value_parser = clap::value_parser!(u64).range(1..=crate::io::fetch::MAX_TIMEOUT_SECS))]
    pub timeout: u64,
    /// Import a file even when it is older than the prices the catalog holds for its service.
    #[arg(long)]
    pub allow_older: bool,
}

/// `prices diff OLD NEW [workload flags]`.
#[derive(Args, Debug)]
pub struct PricesDiffArgs {
    /// The old catalog (a file in the data/prices.json schema; `embedded` for the built-in one).
    pub old: PathBuf,
    /// The new catalog.
    pub new: PathBuf,
    /// Options whose monthly cost to compare when a workload is given (default: rest,http, and those the
    /// workload implies: websocket with --messages, function-url with --backend).
    #[arg(long, visible_alias = "api", value_enum, value_parser = choice::<ApiKind>(), value_delimiter = ',')]
    pub apis: Vec<ApiKind>,
    #[command(flatten)]
    pub traffic: TrafficArgs,
}
