//! `prices update`'s arguments (a clap struct only) and the services it downloads.

use clap::Args;

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
