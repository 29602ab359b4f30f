//! The command line's shape: clap structs and value parsers only. What the flags mean is decided in
//! `resolve` (flags + profile -> one scenario); what each command does lives in `commands/`.

use std::path::PathBuf;

use clap::builder::TypedValueParser;
use clap::{Args, Parser, Subcommand};
use rust_decimal::Decimal;

use crate::model::api::ApiKind;
use crate::model::breakeven;
use crate::model::free_tier::FreeTier;
use crate::model::inputs;
use crate::model::latency::{Authorizer, Endpoint, Given};
use crate::model::numbers;
use crate::model::workload::Arch;
use crate::render::Format;

use super::choices::{AccountsArg, ChartArg, FormatArg, OnErrorArg};

use super::parsers::review_date;
pub use super::parsers::{region_code, Short, Trim, VERSION};
pub use super::prices_args::{PricesUpdateArgs, PRICE_SERVICES};
pub use super::reconcile_args::{ReconcileAccounts, ReconcileArgs, ReconcileAs};

#[derive(Parser, Debug)]
#[command(
    name = "apigw-cost",
    version = VERSION,
    about = "What Amazon API Gateway will cost and how fast it will be: exact, tiered, explained line by line.",
    after_help = concat!("Numbers accept _ and , separators and k/M/B suffixes (600M, 1.5B, 300_000_000); sizes accept KB/MB.\n\
                  Rates: 7% or 0.07 (a bare number above 1, or 1 alone, is refused as ambiguous).\n\
                  Exit codes: 0 success, 1 runtime failure (I/O, a region or API kind without prices), 2 usage error.\n\
                  Rounding: ", crate::rounding_rule!())
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone)]
pub struct Global {
    #[arg(long = inputs::REGION.flag, help = inputs::REGION.help, global = true, default_value = "us-east-1", value_name = inputs::REGION.unit, value_parser = inputs::REGION.parse)]
    pub region: String,
    /// Price catalog to use instead of the embedded data/prices.json (same schema).
    #[arg(long, global = true, value_name = "FILE")]
    pub prices: Option<PathBuf>,
    /// Output format.
    #[arg(long, global = true, value_parser = choice::<FormatArg>().map(Format::from), default_value = "table")]
    pub format: Format,
    #[arg(long = inputs::FREE_TIER.flag, help = inputs::FREE_TIER.help, global = true, value_name = inputs::FREE_TIER.unit, value_parser = Short(inputs::FREE_TIER.parse), default_value = "none")]
    pub free_tier: FreeTier,
    #[arg(long = inputs::ACCOUNT_AGE_MONTHS.flag, help = inputs::ACCOUNT_AGE_MONTHS.help, global = true, value_name = inputs::ACCOUNT_AGE_MONTHS.unit, default_value_t = 0, value_parser = Short(inputs::ACCOUNT_AGE_MONTHS.parse))]
    pub account_age_months: u32,
    /// Write the output to FILE (atomically) instead of stdout.
    #[arg(short = 'o', long = "output", global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Whether --region / --free-tier / --account-age-months were typed (a profile fills them otherwise).
    #[arg(skip)]
    pub explicit: Explicit,
    /// Every flag typed with its value as typed (`--cache-hit`, `50%`), so that errors quote it so.
    #[arg(skip)]
    pub typed: Vec<(String, String)>,
    /// A warning for each old spelling typed (`renamed`): it still works for one release.
    #[arg(skip)]
    pub renamed: Vec<String>,
}

/// Which global options were given on the command line (flags override a profile; defaults do not).
#[derive(Debug, Clone, Default)]
pub struct Explicit {
    pub region: bool,
    pub format: bool,
    pub free_tier: bool,
    pub account_age_months: bool,
}

/// `defer`: a subcommand's arguments are added only when clap builds it, so a command line builds the
/// one it calls (`lazy`); `lazy::args_of` adds the same arguments by name and must list every variant.
#[derive(Subcommand, Debug)]
#[command(defer = true)]
pub enum Command {
    /// Monthly cost of one option, line by line.
    Quote(QuoteArgs),
    /// Options side by side: cost, effective price per million, savings against the dearest.
    Compare(CompareArgs),
    /// Month-by-month cost with growth and the free tier over time, per option, with cumulative totals.
    Project(ProjectArgs),
    /// Where two options cost the same along one variable (requests, request-size, cache-hit, memory,
    /// duration, or months for a migration's payback).
    Breakeven(BreakevenArgs),
    /// Added latency percentiles (p50/p90/p99/p99.9) per option, per component, with cold starts and
    /// authorizers, by Monte Carlo over figures with sources.
    Latency(LatencyCmdArgs),
    /// Which option supports which feature (API keys, caching, WAF, ...), with workarounds and sources.
    Features,
    /// The price catalog: regions, tiers, sources.
    #[command(subcommand)]
    Prices(PricesCommand),
    /// A comparative chart as SVG or PNG (-o FILE.svg|FILE.png; the format is taken from the extension).
    Chart(ChartArgs),
    /// An architecture-review pack for a profile: a Markdown report (cost, latency, feature fit,
    /// break-even, projection), the finance CSVs and the charts, written to a new directory.
    Review(ReviewArgs),
    /// Rates one workload per CSV row, streaming: the finance CSV line items per row (or --summary).
    Batch(BatchArgs),
    /// Shell completions on stdout: bash, zsh, fish, powershell or elvish (see the README to install).
    Completions(CompletionsArgs),
    /// The manual page (roff) on stdout: `apigw-cost man > apigw-cost.1`.
    Man,
    /// The APIs of CloudFormation/SAM templates and Terraform plans: kind, endpoint, stages, cache,
    /// the features each uses, and what blocks a move from REST to HTTP.
    Inventory(InventoryArgs),
    /// The model against what AWS billed: a CUR 2.0, legacy CUR or FOCUS bill (CSV, gzip or Parquet)
    /// re-rated meter by meter, with the differences explained where the data allows.
    Reconcile(ReconcileArgs),
    /// Traffic read from elsewhere: `import cloudwatch` (real volume, peak, cache hits and measured
    /// gateway overhead from CloudWatch metrics, as traffic profiles).
    #[command(subcommand)]
    Import(super::import::ImportCommand),
    /// Which input moves the monthly bill and the saving most (each from its p10 to its p90, or +-20%
    /// for a point), sorted, and the values at which the cheapest option changes (exact, from the
    /// break-even engine).
    Sensitivity(SensitivityArgs),
    /// Monthly request volumes ahead with 80% intervals from a daily or hourly history (a `date,requests`
    /// CSV or CloudWatch results): trend, weekly and yearly cycles where the history is long enough;
    /// -o writes a profile whose requests are the forecast's range.
    Forecast(super::forecast::ForecastArgs),
}

// `completions SHELL` (no doc comment: the subcommand's about is the variant's).
#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum, value_parser = choice::<clap_complete::Shell>())]
    pub shell: clap_complete::Shell,
}

#[derive(Args, Debug)]
pub struct ChartArgs {
    /// The chart: cost-vs-requests, effective-price, projection, latency, regions or tornado.
    #[arg(value_parser = choice::<ChartArg>().map(crate::render::chart_data::ChartKind::from))]
    pub kind: crate::render::chart_data::ChartKind,
    #[arg(long = inputs::APIS.flag, help = apis_help("for `regions`, the one option to price in every region"), visible_alias = "api", value_enum, value_parser = choice::<ApiKind>(), value_delimiter = ',')]
    pub apis: Vec<ApiKind>,
    /// Image width in pixels.
    #[arg(long, default_value_t = ChartArgs::DEFAULT_WIDTH, value_parser = Short(clap::value_parser!(u32).range(800..=4000)))]
    pub width: u32,
    /// Image height in pixels.
    #[arg(long, default_value_t = ChartArgs::DEFAULT_HEIGHT, value_parser = Short(clap::value_parser!(u32).range(450..=4000)))]
    pub height: u32,
    /// Costs on a log y axis (chosen by itself when they span more than two decades).
    #[arg(long)]
    pub log_y: bool,
    /// Fonts and strokes this many times their size: 1.5 for slides (0.5 to 4).
    #[arg(long, default_value_t = 1.0, value_parser = chart_scale, value_name = "FACTOR")]
    pub scale: f64,
    #[command(flatten)]
    pub horizon: HorizonArgs,
    /// For `latency`: the latency model's inputs (as for the `latency` command).
    #[command(flatten)]
    pub latency: LatencyArgs,
    #[command(flatten)]
    pub traffic: TrafficArgs,
}

/// `--scale`: a factor from 0.5 to 4.
fn chart_scale(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if (0.5..=4.0).contains(&v) => Ok(v),
        _ => Err(format!(
            "expected a factor from 0.5 to 4 (1.5 for slides), got '{}'",
            s.trim()
        )),
    }
}

impl ChartArgs {
    /// Image width in pixels unless `--width` is given.
    pub const DEFAULT_WIDTH: u32 = 1200;
    /// Image height in pixels unless `--height` is given.
    pub const DEFAULT_HEIGHT: u32 = 700;
    /// The review pack's charts: printed 182 mm wide (A4 less margins) a 1200 px chart shrinks to
    /// 57%; at 1.4 times the size its smallest text (13.5 px) prints at 8.1 pt.
    pub const REVIEW_SCALE: f64 = 1.4;
}

/// `review PROFILE --out DIR`, or `review --template FILE --out DIR` with traffic.
#[derive(Args, Debug)]
pub struct ReviewArgs {
    /// The traffic profile to review (TOML or JSON, see data/profiles/); not with --template.
    #[arg(
        id = "review_profile",
        value_name = "PROFILE",
        required_unless_present = "template"
    )]
    pub profile: Option<PathBuf>,
    /// The directory to create (it must not exist, or be empty); written whole or not at all.
    /// `-o DIR` means the same.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[arg(long = inputs::APIS.flag, help = inputs::APIS.help, visible_alias = "api", value_enum, value_parser = choice::<ApiKind>(), value_delimiter = ',')]
    pub apis: Vec<ApiKind>,
    /// The date printed in the pack's footer, YYYY-MM-DD (default: today, UTC): pin it to make a pack
    /// reproducible.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = Short(review_date))]
    pub date: Option<String>,
    /// The projection's first calendar month (YYYY-MM): months labelled and billed with their real hours.
    #[arg(long, value_parser = Short(crate::model::calendar::CalendarMonth::parse), value_name = "YYYY-MM")]
    pub start: Option<crate::model::calendar::CalendarMonth>,
    #[command(flatten)]
    pub template: TemplateReviewArgs,
}

/// `review --template FILE`: every REST API of a template or plan, with its traffic.
#[derive(Args, Debug, Default)]
pub struct TemplateReviewArgs {
    /// Review every REST API of a CloudFormation/SAM template or Terraform plan (`terraform show
    /// -json`): its cost now, as HTTP, the blockers and a verdict. Traffic: the flags, --profile or
    /// --usage.
    #[arg(long, value_name = "FILE", conflicts_with = "review_profile")]
    pub template: Option<PathBuf>,
    /// With --template: Infracost's usage file (resource_usage by address or logical id:
    /// monthly_requests, request_size_kb, ...); flags override it.
    #[arg(long, value_name = "FILE", requires = "template")]
    pub usage: Option<PathBuf>,
    #[command(flatten)]
    pub traffic: TrafficArgs,
}

/// `inventory FILE...`.
#[derive(Args, Debug)]
pub struct InventoryArgs {
    /// CloudFormation or SAM templates (YAML or JSON) or Terraform plans (`terraform show -json PLAN`);
    /// `-` reads stdin.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

#[derive(Args, Debug)]
pub struct LatencyCmdArgs {
    #[arg(long = inputs::APIS.flag, help = inputs::APIS.help, visible_alias = "api", value_enum, value_parser = choice::<ApiKind>(), value_delimiter = ',')]
    pub api: Vec<ApiKind>,
    #[command(flatten)]
    pub latency: LatencyArgs,
    #[command(flatten)]
    pub traffic: TrafficArgs,
}

/// What the latency model needs beyond the traffic (shared by `latency` and `compare`).
#[derive(Args, Debug, Clone)]
pub struct LatencyArgs {
    #[arg(long = inputs::AUTHORIZER.flag, help = inputs::AUTHORIZER.help, value_enum, value_parser = choice::<Authorizer>())]
    pub authorizer: Option<Authorizer>,
    #[arg(long = inputs::AUTHORIZER_HIT_RATE.flag, help = inputs::AUTHORIZER_HIT_RATE.help, value_parser = Short(inputs::AUTHORIZER_HIT_RATE.parse), allow_negative_numbers = true, value_name = inputs::AUTHORIZER_HIT_RATE.unit)]
    pub authorizer_hit_rate: Option<Decimal>,
    #[arg(long = inputs::AUTHORIZER_TTL.flag, help = inputs::AUTHORIZER_TTL.help, value_name = inputs::AUTHORIZER_TTL.unit, value_parser = Short(inputs::AUTHORIZER_TTL.parse))]
    pub authorizer_ttl: Option<u32>,
    #[arg(long = inputs::IDENTITIES.flag, help = inputs::IDENTITIES.help, value_parser = Short(inputs::IDENTITIES.parse), allow_negative_numbers = true, value_name = inputs::IDENTITIES.unit)]
    pub identities: Option<Decimal>,
    #[arg(long = inputs::ENDPOINT.flag, help = inputs::ENDPOINT.help, value_enum, value_parser = choice::<Endpoint>())]
    pub endpoint: Option<Endpoint>,
    #[arg(long = inputs::RUNTIME.flag, help = inputs::RUNTIME.help, value_name = inputs::RUNTIME.unit, value_parser = inputs::RUNTIME.parse)]
    pub runtime: Option<String>,
    #[arg(long = inputs::HANDLER_MS.flag, help = inputs::HANDLER_MS.help, value_parser = Short(inputs::HANDLER_MS.parse), value_name = inputs::HANDLER_MS.unit)]
    pub handler_ms: Option<Given>,
    #[arg(long = inputs::COLD_START_RATE.flag, help = inputs::COLD_START_RATE.help, value_parser = Short(inputs::COLD_START_RATE.parse), allow_negative_numbers = true, value_name = inputs::COLD_START_RATE.unit)]
    pub cold_start_rate: Option<Decimal>,
    #[arg(long = inputs::CONCURRENCY.flag, help = inputs::CONCURRENCY.help, value_parser = Short(inputs::CONCURRENCY.parse), allow_negative_numbers = true, value_name = inputs::CONCURRENCY.unit)]
    pub concurrency: Option<Decimal>,
    #[arg(long = inputs::CLIENT_RTT_MS.flag, help = inputs::CLIENT_RTT_MS.help, value_parser = Short(inputs::CLIENT_RTT_MS.parse), value_name = inputs::CLIENT_RTT_MS.unit)]
    pub client_rtt_ms: Option<Given>,
    #[arg(long = inputs::NEW_CONNECTIONS.flag, help = inputs::NEW_CONNECTIONS.help, requires = "client_rtt_ms")]
    pub new_connections: bool,
    /// Monte Carlo samples per option.
    #[arg(long, value_parser = Short(count), value_name = "N", default_value = "200k")]
    pub samples: Decimal,
    /// Random seed: the same seed gives the same output.
    #[arg(long, value_name = "N", default_value_t = LatencyArgs::DEFAULT_SEED, value_parser = Short(clap::value_parser!(u64)))]
    pub seed: u64,
    /// Latency figures to use instead of the embedded data/latency.json (same schema).
    #[arg(long, value_name = "FILE")]
    pub latency_data: Option<PathBuf>,
    /// The inputs the profile's `[latency]` filled in (flag, profile key), so that errors name the key.
    #[arg(skip)]
    pub origins: Vec<(&'static str, &'static str)>,
    /// The profile's API's gateway overhead as measured (`[latency] gateway_overhead_ms`).
    #[arg(skip)]
    pub measured: Option<(ApiKind, crate::model::latency::Measured)>,
}

impl LatencyArgs {
    /// Monte Carlo samples per option unless `--samples` is given (the flag's default, "200k").
    pub const DEFAULT_SAMPLES: u32 = 200_000;
    /// The random seed unless `--seed` is given.
    pub const DEFAULT_SEED: u64 = 42;
}

/// No latency flag given: what clap yields for an empty command line (checked by a test).
impl Default for LatencyArgs {
    fn default() -> Self {
        LatencyArgs {
            authorizer: None,
            authorizer_hit_rate: None,
            authorizer_ttl: None,
            identities: None,
            endpoint: None,
            runtime: None,
            handler_ms: None,
            cold_start_rate: None,
            concurrency: None,
            client_rtt_ms: None,
            new_connections: false,
            samples: Decimal::from(LatencyArgs::DEFAULT_SAMPLES),
            seed: LatencyArgs::DEFAULT_SEED,
            latency_data: None,
            origins: Vec::new(),
            measured: None,
        }
    }
}

/// `batch INPUT.csv|- -o OUT.csv`: see the README's "batch" section.
#[derive(Args, Debug)]
pub struct BatchArgs {
    /// Input CSV (`-` for stdin): columns id, api, region, requests, and optionally request_size_kb,
    /// response_size_kb, messages, message_size_kb, connection_minutes, cache_gb, cache_hit, duration_ms,
    /// memory_mb, arch (an empty cell takes the flag's default; an empty region takes --region).
    pub input: PathBuf,
    /// separate: each row is its own account; shared: rows share one account per region and API kind,
    /// whose bill is allocated to the rows by usage, to the cent (stdin is spooled to a temporary file).
    #[arg(long, value_parser = choice::<AccountsArg>().map(crate::batch::Accounts::from), default_value = "separate")]
    pub accounts: crate::batch::Accounts,
    /// One row per input row: id, the input cells, total (exact) and billed (to the cent).
    #[arg(long)]
    pub summary: bool,
    /// fail: stop at the first bad row (naming row, column and value); skip: leave it out and go on.
    #[arg(long, value_parser = choice::<OnErrorArg>().map(crate::batch::OnError::from), default_value = "fail")]
    pub on_error: crate::batch::OnError,
    /// With --on-error skip: write the rejected rows and their reasons to FILE (CSV, atomically).
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// No progress bar on stderr (it is only drawn when stderr is a terminal anyway).
    #[arg(long)]
    pub no_progress: bool,
    /// Threads reading and rating the rows of a file (1-64; the output is the same; with --accounts
    /// shared every pass but the line items' last one, which reads the file again).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=64), value_name = "N")]
    pub threads: u8,
    /// Default request payload for rows without request_size_kb.
    #[arg(long, value_parser = Short(inputs::REQUEST_SIZE.parse), value_name = inputs::REQUEST_SIZE.unit)]
    pub request_size: Option<Decimal>,
    /// Default response payload (data transfer out).
    #[arg(long, value_parser = Short(inputs::RESPONSE_SIZE.parse), value_name = inputs::RESPONSE_SIZE.unit)]
    pub response_size: Option<Decimal>,
    /// Default WebSocket messages a month.
    #[arg(long, value_parser = Short(inputs::MESSAGES.parse), value_name = inputs::MESSAGES.unit)]
    pub messages: Option<Decimal>,
    /// Default WebSocket message size.
    #[arg(long, value_parser = Short(inputs::MESSAGE_SIZE.parse), value_name = inputs::MESSAGE_SIZE.unit)]
    pub message_size: Option<Decimal>,
    /// Default WebSocket connection minutes a month.
    #[arg(long, value_parser = Short(inputs::CONNECTION_MINUTES.parse), value_name = inputs::CONNECTION_MINUTES.unit)]
    pub connection_minutes: Option<Decimal>,
    /// Default REST cache size, GB.
    #[arg(long, value_parser = Short(inputs::CACHE.parse), value_name = inputs::CACHE.unit)]
    pub cache: Option<Decimal>,
    /// Default REST cache hit rate.
    #[arg(long, value_parser = Short(inputs::CACHE_HIT.parse), value_name = inputs::CACHE_HIT.unit)]
    pub cache_hit: Option<Decimal>,
    /// Default Lambda duration per invocation, ms (with --memory-mb: a Lambda backend).
    #[arg(long, value_parser = Short(inputs::DURATION_MS.parse), value_name = inputs::DURATION_MS.unit)]
    pub duration_ms: Option<Decimal>,
    /// Default Lambda memory, MB.
    #[arg(long, value_parser = Short(inputs::MEMORY_MB.parse), value_name = inputs::MEMORY_MB.unit)]
    pub memory_mb: Option<Decimal>,
    #[arg(long = inputs::ARCH.flag, help = "Default Lambda architecture", value_enum, value_parser = choice::<Arch>())]
    pub arch: Option<Arch>,
}

#[derive(Args, Debug)]
pub struct BreakevenArgs {
    /// The variable to move along.
    #[arg(long, value_enum, value_parser = choice::<breakeven::Variable>())]
    pub vary: breakeven::Variable,
    /// The two options: rest, http, websocket, alb, function-url or rest+cache (e.g. rest,http).
    #[arg(long, value_name = "A,B", value_parser = Short(breakeven::OptionSpec::parse_pair))]
    pub between: (breakeven::OptionSpec, breakeven::OptionSpec),
    /// Start of the range, in the variable's unit (default: 1 request, 1 KB, 0%, 128 MB, 1 ms, 0 months).
    #[arg(long, value_parser = Short(amount), allow_negative_numbers = true, value_name = "X")]
    pub from: Option<Decimal>,
    /// End of the range (default: 100B requests, 10,240 KB, 100%, 10,240 MB, 30,000 ms, 120 months).
    #[arg(long, value_parser = Short(amount), allow_negative_numbers = true, value_name = "X")]
    pub to: Option<Decimal>,
    /// For --vary months: the one-time cost (USD) of moving from the first option to the second.
    #[arg(long, value_parser = Short(amount), allow_negative_numbers = true, value_name = "USD")]
    pub migration_cost: Option<Decimal>,
    #[arg(long = inputs::GROWTH.flag, help = inputs::GROWTH.help, value_parser = Short(inputs::GROWTH.parse), allow_hyphen_values = true, value_name = inputs::GROWTH.unit)]
    pub growth: Option<Decimal>,
    #[command(flatten)]
    pub access: AccessArgs,
    #[command(flatten)]
    pub traffic: TrafficArgs,
}

/// `sensitivity`: which input moves the bill and the saving most, and where the answer flips.
#[derive(Args, Debug)]
pub struct SensitivityArgs {
    #[arg(long = inputs::APIS.flag, help = apis_help("savings are against the first"), visible_alias = "api", value_enum, value_parser = choice::<ApiKind>(), value_delimiter = ',')]
    pub apis: Vec<ApiKind>,
    /// How far an input given as a point moves either way (20%, 0.2; above 0%, below 100%); a range
    /// moves from its p10 to its p90.
    #[arg(long, value_name = "RATE", value_parser = Short(crate::model::uncertainty::parse::share), default_value = "20%")]
    pub share: Decimal,
    #[command(flatten)]
    pub access: AccessArgs,
    #[command(flatten)]
    pub traffic: TrafficArgs,
}

#[derive(Args, Debug)]
pub struct ProjectArgs {
    #[arg(long = inputs::APIS.flag, help = inputs::APIS.help, visible_alias = "api", value_enum, value_parser = choice::<ApiKind>(), value_delimiter = ',')]
    pub apis: Vec<ApiKind>,
    #[command(flatten)]
    pub horizon: HorizonArgs,
    /// A file of monthly request volumes (one per line, or a CSV with a `requests` column) instead of --growth.
    #[arg(long, value_name = "FILE", conflicts_with = "growth")]
    pub volumes: Option<PathBuf>,
    #[command(flatten)]
    pub access: AccessArgs,
    #[command(flatten)]
    pub uncertainty: super::uncertainty_args::UncertaintyArgs,
    #[command(flatten)]
    pub traffic: TrafficArgs,
}

/// How far ahead and how fast traffic grows.
#[derive(Args, Debug, Default, Clone)]
pub struct HorizonArgs {
    #[arg(long = inputs::MONTHS.flag, help = inputs::MONTHS.help, value_name = inputs::MONTHS.unit, value_parser = Short(inputs::MONTHS.parse))]
    pub months: Option<u32>,
    /// Compound monthly growth of the volume (15%, 0.15, or a range 2%..8%; default 0).
    #[arg(long, value_parser = Short(crate::model::uncertainty::parse::growth), allow_hyphen_values = true, value_name = "RATE")]
    pub growth: Option<Decimal>,
    /// First calendar month (YYYY-MM): periods are labelled 2026-02, 2026-03, ... and hourly meters
    /// (REST cache, ALB hours) bill each month's real hours (default: numbered 730-hour months).
    #[arg(long, value_parser = Short(crate::model::calendar::CalendarMonth::parse), value_name = "YYYY-MM")]
    pub start: Option<crate::model::calendar::CalendarMonth>,
}

#[derive(Args, Debug)]
pub struct QuoteArgs {
    #[arg(long = inputs::API.flag, help = inputs::API.help, visible_alias = "apis", value_enum, value_parser = choice::<ApiKind>(), value_delimiter = ',')]
    pub api: Vec<ApiKind>,
    /// The calendar month priced (YYYY-MM): hourly meters bill its real hours, and a volume given as
    /// a rate (--rps) is that rate over them (default: a 730-hour month).
    #[arg(long, value_parser = Short(crate::model::calendar::CalendarMonth::parse), value_name = "YYYY-MM")]
    pub start: Option<crate::model::calendar::CalendarMonth>,
    #[command(flatten)]
    pub access: AccessArgs,
    #[command(flatten)]
    pub traffic: TrafficArgs,
}

#[derive(Args, Debug)]
pub struct CompareArgs {
    #[arg(long = inputs::APIS.flag, help = inputs::APIS.help, visible_alias = "api", value_enum, value_parser = choice::<ApiKind>(), value_delimiter = ',')]
    pub apis: Vec<ApiKind>,
    /// Regions side by side, comma-separated (default: --region).
    #[arg(long, value_delimiter = ',', value_name = "CODE,...", value_parser = region_code)]
    pub regions: Vec<String>,
    /// Also compare the cumulative cost over --months (with --growth): the saving of each option.
    #[command(flatten)]
    pub horizon: HorizonArgs,
    #[arg(long = inputs::NEEDS.flag, help = inputs::NEEDS.help, value_delimiter = ',', value_name = inputs::NEEDS.unit, value_parser = inputs::NEEDS.parse)]
    pub needs: Vec<String>,
    #[command(flatten)]
    pub latency: LatencyArgs,
    #[command(flatten)]
    pub uncertainty: super::uncertainty_args::UncertaintyArgs,
    #[command(flatten)]
    pub traffic: TrafficArgs,
}

/// `defer` as for `Command`: `lazy::prices_args_of` adds each one's arguments by name.
#[derive(Subcommand, Debug)]
#[command(defer = true)]
pub enum PricesCommand {
    /// Every region with the API kinds it prices and first-tier prices.
    List,
    /// Every tier of every meter of one region (--region), with sources.
    Show,
    /// Every source the catalog cites: the short id the finance CSV's `source` column gives, and its title.
    Sources,
    /// Check a catalog file (default: the embedded one) against every rule: tiers ascending, last tier
    /// unbounded, prices non-negative, cache sizes known.
    Validate(PricesValidateArgs),
    /// Build a catalog from AWS's own price files (metered-unit maps for API Gateway, Lambda, ELB, WAF,
    /// CloudFront; the flattened data-transfer map; the API Gateway offer file), each kind detected from
    /// its content, on top of the embedded catalog (or --prices): prints every price that changed on
    /// stderr, the catalog on stdout (or -o).
    Import(PricesImportArgs),
    /// Download AWS's current metered-unit maps (HTTPS, BASE/<service>/USD/current/<service>.json),
    /// import them on top of the embedded catalog (or --prices) and print `prices diff` against it (exit
    /// 0 when the prices are equal, 1 when they differ or a download fails); -o writes the new catalog.
    Update(Box<PricesUpdateArgs>),
    /// Every price that changed, appeared or disappeared between two catalogs, by region and meter; with
    /// workload flags (--requests ...), what each change does to its monthly cost. Exit 0 when the
    /// prices are equal, 1 when they differ.
    Diff(Box<PricesDiffArgs>),
}

// `prices validate [FILE]` and `prices import FILE...` (no doc comments: the subcommands' abouts are
// the variants').
#[derive(Args, Debug)]
pub struct PricesValidateArgs {
    /// The catalog to check.
    pub file: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct PricesImportArgs {
    /// The AWS files (`-` for stdin), at most 16.
    #[arg(required = true, num_args = 1..)]
    pub files: Vec<PathBuf>,
    /// Import a file even when it is older than the prices the catalog holds for its service (by
    /// publication date); without it such a file is skipped with a warning and the newer prices kept.
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
    #[arg(long = inputs::APIS.flag, help = apis_help("with a workload, their monthly costs are compared; without --apis, websocket is added with --messages and function-url with --backend"), visible_alias = "api", value_enum, value_parser = choice::<ApiKind>(), value_delimiter = ',')]
    pub apis: Vec<ApiKind>,
    #[command(flatten)]
    pub traffic: TrafficArgs,
}
/// The most months a projection or horizon covers (`--months`, a profile's `months`): the model's bound,
/// 100 years. Each month is priced per option and kept in memory.
pub const MAX_MONTHS: u32 = crate::model::projection::MAX_MONTHS;

/// The oldest account age accepted (`--account-age-months`, a profile's `account_age_months`): 100
/// years. The free tier only looks at the first 12 months; the bound keeps age + month far from `u32`'s
/// limit, where the free tier's month arithmetic would overflow.
pub const MAX_ACCOUNT_AGE_MONTHS: u32 = inputs::MAX_ACCOUNT_AGE_MONTHS;

/// One of an enum's values, with [`Short`] errors (the help still lists the possible values); spaces
/// around it are ignored (`--apis "rest, http"`).
fn choice<E: clap::ValueEnum + Clone + Send + Sync + 'static>(
) -> Trim<Short<clap::builder::EnumValueParser<E>>> {
    Trim(Short(clap::builder::EnumValueParser::new()))
}

fn count(s: &str) -> std::result::Result<Decimal, String> {
    numbers::parse_count(s)
}
fn amount(s: &str) -> std::result::Result<Decimal, String> {
    numbers::parse_amount(s)
}
fn positive(s: &str) -> std::result::Result<Decimal, String> {
    numbers::parse_positive(s)
}

pub use super::values::Backend;

/// `--apis`'s help in the registry, with what one command does with the list.
fn apis_help(this: &str) -> String {
    format!("{}; {this}", inputs::APIS.help)
}

/// The traffic of a workload, as flags.
#[derive(Args, Debug, Default, Clone)]
pub struct TrafficArgs {
    /// A traffic profile (TOML or JSON, see data/profiles/); flags override its values.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    #[arg(long = inputs::CUSTOMERS.flag, help = inputs::CUSTOMERS.help, value_parser = Short(inputs::CUSTOMERS.parse), allow_negative_numbers = true, value_name = inputs::CUSTOMERS.unit, requires = "requests_per_customer", group = "volume")]
    pub customers: Option<Decimal>,
    #[arg(long = inputs::REQUESTS_PER_CUSTOMER.flag, help = inputs::REQUESTS_PER_CUSTOMER.help, value_parser = Short(inputs::REQUESTS_PER_CUSTOMER.parse), allow_negative_numbers = true, value_name = inputs::REQUESTS_PER_CUSTOMER.unit, requires = "customers")]
    pub requests_per_customer: Option<Decimal>,
    /// API requests a month (600M, 1.5B, 300_000_000), or a range: 80M..120M (uniform), 100M~20%
    /// (normal), p10=60M,p50=100M,p90=180M (log-normal); a range is priced by compare, project,
    /// review and sensitivity.
    #[arg(long, value_parser = Short(crate::model::uncertainty::parse::requests), allow_negative_numbers = true, value_name = "N", group = "volume")]
    pub requests: Option<Decimal>,
    #[arg(long = inputs::RPS.flag, help = inputs::RPS.help, value_parser = Short(inputs::RPS.parse), allow_negative_numbers = true, value_name = inputs::RPS.unit, group = "volume")]
    pub rps: Option<Decimal>,
    /// Average request payload (KB, or with a unit: 600KB, 1.5MB; or a range, 1KB..4KB). HTTP APIs
    /// meter it in 512 KB increments.
    #[arg(long, value_parser = Short(crate::model::uncertainty::parse::size), allow_negative_numbers = true, value_name = "SIZE")]
    pub request_size: Option<Decimal>,
    /// Average response payload (or a range); priced as data transferred out to the internet.
    #[arg(long, value_parser = Short(crate::model::uncertainty::parse::size), allow_negative_numbers = true, value_name = "SIZE")]
    pub response_size: Option<Decimal>,
    #[arg(long = inputs::STREAMING.flag, help = inputs::STREAMING.help, value_parser = Short(inputs::STREAMING.parse), allow_negative_numbers = true, value_name = inputs::STREAMING.unit, num_args = 0..=1, default_missing_value = "100%")]
    pub streaming: Option<Decimal>,
    /// WebSocket messages a month (sent and received), or a range.
    #[arg(long, value_parser = Short(crate::model::uncertainty::parse::messages), allow_negative_numbers = true, value_name = "N")]
    pub messages: Option<Decimal>,
    #[arg(long = inputs::MESSAGE_SIZE.flag, help = inputs::MESSAGE_SIZE.help, value_parser = Short(inputs::MESSAGE_SIZE.parse), allow_negative_numbers = true, value_name = inputs::MESSAGE_SIZE.unit)]
    pub message_size: Option<Decimal>,
    #[arg(long = inputs::CONNECTION_MINUTES.flag, help = inputs::CONNECTION_MINUTES.help, value_parser = Short(inputs::CONNECTION_MINUTES.parse), allow_negative_numbers = true, value_name = inputs::CONNECTION_MINUTES.unit, conflicts_with = "connections")]
    pub connection_minutes: Option<Decimal>,
    #[arg(long = inputs::CONNECTIONS.flag, help = inputs::CONNECTIONS.help, value_parser = Short(inputs::CONNECTIONS.parse), allow_negative_numbers = true, value_name = inputs::CONNECTIONS.unit, requires = "connection_duration")]
    pub connections: Option<Decimal>,
    #[arg(long = inputs::CONNECTION_DURATION.flag, help = inputs::CONNECTION_DURATION.help, value_parser = Short(inputs::CONNECTION_DURATION.parse), allow_negative_numbers = true, value_name = inputs::CONNECTION_DURATION.unit)]
    pub connection_duration: Option<Decimal>,
    #[arg(long = inputs::CACHE.flag, help = inputs::CACHE.help, value_parser = Short(inputs::CACHE.parse), allow_negative_numbers = true, value_name = inputs::CACHE.unit)]
    pub cache: Option<Decimal>,
    /// Share of requests served from the REST cache (80%, 0.8, or a range 60%..90%); hits do not
    /// invoke the backend.
    #[arg(long, value_parser = Short(crate::model::uncertainty::parse::cache_hit), allow_negative_numbers = true, value_name = "RATE")]
    pub cache_hit: Option<Decimal>,
    #[arg(long = inputs::BACKEND.flag, help = inputs::BACKEND.help, value_enum, value_parser = choice::<Backend>(), value_name = inputs::BACKEND.unit)]
    pub backend: Option<Backend>,
    /// Average Lambda duration per invocation, ms (or a range, 80..200).
    #[arg(long, value_parser = Short(crate::model::uncertainty::parse::duration_ms), allow_negative_numbers = true, value_name = "MS")]
    pub duration_ms: Option<Decimal>,
    #[arg(long = inputs::MEMORY_MB.flag, help = inputs::MEMORY_MB.help, value_parser = Short(inputs::MEMORY_MB.parse), allow_negative_numbers = true, value_name = inputs::MEMORY_MB.unit)]
    pub memory_mb: Option<Decimal>,
    #[arg(long = inputs::INIT_MS.flag, help = inputs::INIT_MS.help, value_parser = Short(inputs::INIT_MS.parse), allow_negative_numbers = true, value_name = inputs::INIT_MS.unit)]
    pub init_ms: Option<Decimal>,
    #[arg(long = inputs::ARCH.flag, help = inputs::ARCH.help, value_enum, value_parser = choice::<Arch>())]
    pub arch: Option<Arch>,
    /// ALB: requests per new client connection (default 1: a new connection per request).
    #[arg(long, value_parser = Short(positive), allow_negative_numbers = true, value_name = "N")]
    pub requests_per_connection: Option<Decimal>,
    /// ALB: listener rule evaluations per request beyond the 10 free ones (default 0).
    #[arg(long, value_parser = Short(amount), allow_negative_numbers = true, value_name = "N")]
    pub rule_evaluations: Option<Decimal>,
    #[arg(long = inputs::PEAK_FACTOR.flag, help = inputs::PEAK_FACTOR.help, value_parser = Short(inputs::PEAK_FACTOR.parse), allow_negative_numbers = true, value_name = inputs::PEAK_FACTOR.unit)]
    pub peak_factor: Option<Decimal>,
    /// AWS WAF in front of a REST API or an ALB: one web ACL, --waf-rules rules, every request
    /// inspected (HTTP APIs cannot take WAF: see `compare --needs waf`).
    #[arg(long)]
    pub waf: bool,
    /// Rules in the WAF web ACL (each billed per month; default 0).
    #[arg(long, value_parser = Short(count), allow_negative_numbers = true, value_name = "N", requires = "waf")]
    pub waf_rules: Option<Decimal>,
    /// For the HTTP API + CloudFront + WAF workaround: the CloudFront edge geography the viewers are
    /// served from (United States, Canada, EU, Japan, Australia, India, Asia Pacific, South America,
    /// Middle East, South Africa; default: the region's own).
    #[arg(long, value_name = "NAME")]
    pub edge_geography: Option<String>,
    #[arg(long = inputs::CACHEABLE_SHARE.flag, help = inputs::CACHEABLE_SHARE.help, value_parser = Short(inputs::CACHEABLE_SHARE.parse), allow_negative_numbers = true, value_name = inputs::CACHEABLE_SHARE.unit)]
    pub cacheable_share: Option<Decimal>,
    /// What is paid around the gateway: authorizer cost, logs, X-Ray, private endpoints, discount.
    #[command(flatten)]
    pub around: AroundArgs,
    /// The inputs a profile filled in (flag, profile key), so that errors name the key, not the flag.
    #[arg(skip)]
    pub origins: Vec<(&'static str, &'static str)>,
}

/// The authorizer and the endpoint, for the commands without the latency flags (quote, project,
/// breakeven): the same flags as `latency` and `compare`, which read them from [`LatencyArgs`].
#[derive(Args, Debug, Clone, Default)]
pub struct AccessArgs {
    #[arg(long = inputs::AUTHORIZER.flag, help = inputs::AUTHORIZER.help, value_enum, value_parser = choice::<Authorizer>())]
    pub authorizer: Option<Authorizer>,
    #[arg(long = inputs::AUTHORIZER_HIT_RATE.flag, help = inputs::AUTHORIZER_HIT_RATE.help, value_parser = Short(inputs::AUTHORIZER_HIT_RATE.parse), allow_negative_numbers = true, value_name = inputs::AUTHORIZER_HIT_RATE.unit)]
    pub authorizer_hit_rate: Option<Decimal>,
    #[arg(long = inputs::AUTHORIZER_TTL.flag, help = inputs::AUTHORIZER_TTL.help, value_name = inputs::AUTHORIZER_TTL.unit, value_parser = Short(inputs::AUTHORIZER_TTL.parse))]
    pub authorizer_ttl: Option<u32>,
    #[arg(long = inputs::IDENTITIES.flag, help = inputs::IDENTITIES.help, value_parser = Short(inputs::IDENTITIES.parse), allow_negative_numbers = true, value_name = inputs::IDENTITIES.unit)]
    pub identities: Option<Decimal>,
    #[arg(long = inputs::ENDPOINT.flag, help = inputs::ENDPOINT.help, value_enum, value_parser = choice::<Endpoint>())]
    pub endpoint: Option<Endpoint>,
    #[arg(long = inputs::COLD_START_RATE.flag, help = inputs::COLD_START_RATE.help, value_parser = Short(inputs::COLD_START_RATE.parse), allow_negative_numbers = true, value_name = inputs::COLD_START_RATE.unit)]
    pub cold_start_rate: Option<Decimal>,
    #[arg(long = inputs::RUNTIME.flag, help = inputs::RUNTIME.help, value_name = inputs::RUNTIME.unit, value_parser = inputs::RUNTIME.parse)]
    pub runtime: Option<String>,
}

/// What a month pays around the gateway (priced only when given; "not included" otherwise).
#[derive(Args, Debug, Clone, Default)]
pub struct AroundArgs {
    #[arg(long = inputs::AUTHORIZER_DURATION_MS.flag, help = inputs::AUTHORIZER_DURATION_MS.help, value_parser = Short(inputs::AUTHORIZER_DURATION_MS.parse), allow_negative_numbers = true, value_name = inputs::AUTHORIZER_DURATION_MS.unit)]
    pub authorizer_duration_ms: Option<Decimal>,
    #[arg(long = inputs::AUTHORIZER_MEMORY_MB.flag, help = inputs::AUTHORIZER_MEMORY_MB.help, value_parser = Short(inputs::AUTHORIZER_MEMORY_MB.parse), allow_negative_numbers = true, value_name = inputs::AUTHORIZER_MEMORY_MB.unit)]
    pub authorizer_memory_mb: Option<Decimal>,
    #[arg(long = inputs::MONTHLY_ACTIVE_USERS.flag, help = inputs::MONTHLY_ACTIVE_USERS.help, value_parser = Short(inputs::MONTHLY_ACTIVE_USERS.parse), allow_negative_numbers = true, value_name = inputs::MONTHLY_ACTIVE_USERS.unit)]
    pub monthly_active_users: Option<Decimal>,
    #[arg(long = inputs::ACCESS_LOG_BYTES.flag, help = inputs::ACCESS_LOG_BYTES.help, value_parser = Short(inputs::ACCESS_LOG_BYTES.parse), allow_negative_numbers = true, value_name = inputs::ACCESS_LOG_BYTES.unit)]
    pub access_log_bytes: Option<Decimal>,
    #[arg(long = inputs::EXECUTION_LOG_BYTES.flag, help = inputs::EXECUTION_LOG_BYTES.help, value_parser = Short(inputs::EXECUTION_LOG_BYTES.parse), allow_negative_numbers = true, value_name = inputs::EXECUTION_LOG_BYTES.unit)]
    pub execution_log_bytes: Option<Decimal>,
    #[arg(long = inputs::LOG_CLASS.flag, help = inputs::LOG_CLASS.help, value_enum, value_parser = choice::<crate::model::around::LogClass>())]
    pub log_class: Option<crate::model::around::LogClass>,
    #[arg(long = inputs::LOG_RETENTION_MONTHS.flag, help = inputs::LOG_RETENTION_MONTHS.help, value_parser = Short(inputs::LOG_RETENTION_MONTHS.parse), allow_negative_numbers = true, value_name = inputs::LOG_RETENTION_MONTHS.unit)]
    pub log_retention_months: Option<Decimal>,
    #[arg(long = inputs::XRAY_SAMPLING.flag, help = inputs::XRAY_SAMPLING.help, value_parser = Short(inputs::XRAY_SAMPLING.parse), allow_negative_numbers = true, value_name = inputs::XRAY_SAMPLING.unit)]
    pub xray_sampling: Option<Decimal>,
    #[arg(long = inputs::AZS.flag, help = inputs::AZS.help, value_parser = Short(inputs::AZS.parse), allow_negative_numbers = true, value_name = inputs::AZS.unit)]
    pub azs: Option<Decimal>,
    #[arg(long = inputs::DISCOUNT.flag, help = inputs::DISCOUNT.help, value_parser = Short(inputs::DISCOUNT.parse), allow_negative_numbers = true, value_name = inputs::DISCOUNT.unit)]
    pub discount: Option<Decimal>,
    /// The authorizer and endpoint, from the command's own flags (see [`AccessArgs`]).
    #[arg(skip)]
    pub access: AccessArgs,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `review` builds arguments by hand: they must equal what clap gives for the same command line.
    #[test]
    fn hand_built_defaults_equal_clap_defaults() {
        let c = Cli::try_parse_from(["apigw-cost", "chart", "latency", "-o", "x.svg"]).unwrap();
        let Command::Chart(a) = c.command else {
            panic!("parsed as another command")
        };
        let d = LatencyArgs::default();
        assert_eq!(format!("{:?}", a.latency), format!("{d:?}"));
        assert_eq!(a.width, ChartArgs::DEFAULT_WIDTH);
        assert_eq!(a.height, ChartArgs::DEFAULT_HEIGHT);
        assert_eq!(
            format!("{:?}", a.traffic),
            format!("{:?}", TrafficArgs::default())
        );
        assert_eq!(
            format!("{:?}", a.horizon),
            format!("{:?}", HorizonArgs::default())
        );
    }
}
