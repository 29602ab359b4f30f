//! The command line: argument parsing (clap) and dispatch, in one place. Everything else is the model
//! (no I/O) and the renderers (no arithmetic).

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};
use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::model::api::ApiKind;
use crate::model::breakeven;
use crate::model::catalog::Catalog;
use crate::model::compare;
use crate::model::cost::{Pricer, Quote};
use crate::model::features::Features;
use crate::model::free_tier::FreeTier;
use crate::model::latency::{self, Authorizer, Endpoint, Given, LatencyData, LatencyOptions};
use crate::model::limits;
use crate::model::numbers;
use crate::model::profile::LoadedProfile;
use crate::model::projection;
use crate::model::workload::{AlbAssumptions, Arch, CacheConfig, LambdaBackend, Workload};
use crate::output;
use crate::render::{
    self, BreakevenReport, CompareReport, Format, PricesReport, ProjectReport, QuoteReport,
};

#[derive(Parser, Debug)]
#[command(
    name = "apigw-cost",
    version,
    about = "What Amazon API Gateway will cost and how fast it will be: exact, tiered, explained line by line.",
    after_help = "Numbers accept _ and , separators and k/M/B suffixes (600M, 1.5B, 300_000_000); sizes accept KB/MB.\n\
                  Exit codes: 0 success, 1 runtime failure (I/O, a region or API kind without prices), 2 usage error."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Args, Debug, Clone)]
pub struct Global {
    /// AWS region code.
    #[arg(long, global = true, default_value = "us-east-1", value_name = "CODE")]
    pub region: String,
    /// Price catalog to use instead of the embedded data/prices.json (same schema).
    #[arg(long, global = true, value_name = "FILE")]
    pub prices: Option<PathBuf>,
    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Free tier: none (default), legacy (12-month allowance, accounts before 2025-07-15) or credits:AMOUNT.
    #[arg(long, global = true, value_name = "none|legacy|credits:AMOUNT", value_parser = FreeTier::parse, default_value = "none")]
    pub free_tier: FreeTier,
    /// Age of the account in months at the first priced month (for the free tier).
    #[arg(long, global = true, value_name = "N", default_value_t = 0)]
    pub account_age_months: u32,
    /// Write the output to FILE (atomically) instead of stdout.
    #[arg(short = 'o', long = "output", global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Whether --region / --free-tier / --account-age-months were typed (a profile fills them otherwise).
    #[arg(skip)]
    pub explicit: Explicit,
}

/// Which global options were given on the command line (flags override a profile; defaults do not).
#[derive(Debug, Clone, Default)]
pub struct Explicit {
    pub region: bool,
    pub format: bool,
    pub free_tier: bool,
    pub account_age_months: bool,
}

#[derive(Subcommand, Debug)]
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
}

#[derive(Args, Debug)]
pub struct ChartArgs {
    /// The chart: cost-vs-requests, effective-price, projection, latency or regions.
    #[arg(value_enum)]
    pub kind: crate::render::chart_data::ChartKind,
    /// Options to draw, comma-separated (default: the profile's `apis`, else rest,http).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub apis: Vec<ApiKind>,
    /// For `regions`: the option to price in every region (default: the profile's `api`, else the first
    /// of --apis).
    #[arg(long, value_enum)]
    pub api: Option<ApiKind>,
    /// Image width in pixels.
    #[arg(long, default_value_t = 1200, value_parser = clap::value_parser!(u32).range(800..=4000))]
    pub width: u32,
    /// Image height in pixels.
    #[arg(long, default_value_t = 700, value_parser = clap::value_parser!(u32).range(450..=4000))]
    pub height: u32,
    #[command(flatten)]
    pub horizon: HorizonArgs,
    /// For `latency`: the latency model's inputs (as for the `latency` command).
    #[command(flatten)]
    pub latency: LatencyArgs,
    #[command(flatten)]
    pub traffic: TrafficArgs,
}

/// `review PROFILE --out DIR`.
#[derive(Args, Debug)]
pub struct ReviewArgs {
    /// The traffic profile to review (TOML or JSON, see data/profiles/).
    pub profile: PathBuf,
    /// The directory to create (it must not exist, or be empty); written whole or not at all.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Options to review, comma-separated (default: the profile's `apis`, else rest,http).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub apis: Vec<ApiKind>,
}

#[derive(Args, Debug)]
pub struct LatencyCmdArgs {
    /// The options to estimate, comma-separated (rest, http, websocket, alb, function-url).
    #[arg(long, value_enum, value_delimiter = ',', required = true)]
    pub api: Vec<ApiKind>,
    #[command(flatten)]
    pub latency: LatencyArgs,
    #[command(flatten)]
    pub traffic: TrafficArgs,
}

/// What the latency model needs beyond the traffic (shared by `latency` and `compare`).
#[derive(Args, Debug, Clone)]
pub struct LatencyArgs {
    /// Authorizer on every request: none (default), iam, jwt, lambda (uncached) or lambda-cached.
    #[arg(long, value_enum)]
    pub authorizer: Option<Authorizer>,
    /// lambda-cached: share of requests answered from the authorizer cache (90%, 0.9).
    #[arg(long, value_parser = fraction, allow_negative_numbers = true, value_name = "RATE")]
    pub authorizer_hit_rate: Option<Decimal>,
    /// lambda-cached: the cache TTL in seconds (AWS default 300, maximum 3,600).
    #[arg(long, value_name = "SECONDS")]
    pub authorizer_ttl: Option<u32>,
    /// lambda-cached: distinct identities (tokens) per TTL window, to estimate the hit share from traffic.
    #[arg(long, value_parser = count, allow_negative_numbers = true, value_name = "N")]
    pub identities: Option<Decimal>,
    /// Endpoint type: regional (default), or edge (REST only: CloudFront PoP, then the Region).
    #[arg(long, value_enum)]
    pub endpoint: Option<Endpoint>,
    /// Lambda runtime for cold starts (default nodejs22.x; python3.13, java21, go, rust, ...).
    #[arg(long, value_name = "RUNTIME")]
    pub runtime: Option<String>,
    /// Handler time in ms, P50 or P50,P99 (default: --duration-ms as a constant, else excluded).
    #[arg(long, value_parser = Given::parse, value_name = "P50[,P99]")]
    pub handler_ms: Option<Given>,
    /// Share of invocations that are cold starts (default: derived from the volume, else 1%).
    #[arg(long, value_parser = fraction, allow_negative_numbers = true, value_name = "RATE")]
    pub cold_start_rate: Option<Decimal>,
    /// Lambda environments kept busy (raises the environment count used to derive the cold-start rate).
    #[arg(long, value_parser = count, allow_negative_numbers = true, value_name = "N")]
    pub concurrency: Option<Decimal>,
    /// Client round trip to the endpoint in ms, P50 or P50,P99 (default: client network excluded).
    #[arg(long, value_parser = Given::parse, value_name = "P50[,P99]")]
    pub client_rtt_ms: Option<Given>,
    /// Every request opens a new connection (TCP + TLS 1.3: two more round trips; needs --client-rtt-ms).
    #[arg(long, requires = "client_rtt_ms")]
    pub new_connections: bool,
    /// Monte Carlo samples per option.
    #[arg(long, value_parser = count, value_name = "N", default_value = "200k")]
    pub samples: Decimal,
    /// Random seed: the same seed gives the same output.
    #[arg(long, value_name = "N", default_value_t = 42)]
    pub seed: u64,
    /// Latency figures to use instead of the embedded data/latency.json (same schema).
    #[arg(long, value_name = "FILE")]
    pub latency_data: Option<PathBuf>,
}

/// `batch INPUT.csv|- -o OUT.csv`: see the README's "Batch rating".
#[derive(Args, Debug)]
pub struct BatchArgs {
    /// Input CSV (`-` for stdin): columns id, api, region, requests, and optionally request_size_kb,
    /// response_size_kb, messages, message_size_kb, connection_minutes, cache_gb, cache_hit, duration_ms,
    /// memory_mb, arch (an empty cell takes the flag's default; an empty region takes --region).
    pub input: PathBuf,
    /// separate: each row is its own account; shared: rows share one account per region and API kind,
    /// whose bill is allocated to the rows by usage, to the cent (stdin is spooled to a temporary file).
    #[arg(long, value_enum, default_value_t = crate::batch::Accounts::Separate)]
    pub accounts: crate::batch::Accounts,
    /// One row per input row: id, the input cells, total (exact) and billed (to the cent).
    #[arg(long)]
    pub summary: bool,
    /// fail: stop at the first bad row (naming row, column and value); skip: leave it out and go on.
    #[arg(long, value_enum, default_value_t = crate::batch::OnError::Fail)]
    pub on_error: crate::batch::OnError,
    /// With --on-error skip: write the rejected rows and their reasons to FILE (CSV, atomically).
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// No progress bar on stderr (it is only drawn when stderr is a terminal anyway).
    #[arg(long)]
    pub no_progress: bool,
    /// Default request payload for rows without request_size_kb.
    #[arg(long, value_parser = size, value_name = "SIZE")]
    pub request_size: Option<Decimal>,
    /// Default response payload (data transfer out).
    #[arg(long, value_parser = size, value_name = "SIZE")]
    pub response_size: Option<Decimal>,
    /// Default WebSocket messages a month.
    #[arg(long, value_parser = count, value_name = "N")]
    pub messages: Option<Decimal>,
    /// Default WebSocket message size.
    #[arg(long, value_parser = size, value_name = "SIZE")]
    pub message_size: Option<Decimal>,
    /// Default WebSocket connection minutes a month.
    #[arg(long, value_parser = count, value_name = "M")]
    pub connection_minutes: Option<Decimal>,
    /// Default REST cache size, GB.
    #[arg(long, value_parser = positive, value_name = "GB")]
    pub cache: Option<Decimal>,
    /// Default REST cache hit rate.
    #[arg(long, value_parser = fraction, value_name = "RATE")]
    pub cache_hit: Option<Decimal>,
    /// Default Lambda duration per invocation, ms (with --memory-mb: a Lambda backend).
    #[arg(long, value_parser = positive, value_name = "MS")]
    pub duration_ms: Option<Decimal>,
    /// Default Lambda memory, MB.
    #[arg(long, value_parser = positive, value_name = "MB")]
    pub memory_mb: Option<Decimal>,
    /// Default Lambda architecture.
    #[arg(long, value_enum)]
    pub arch: Option<Arch>,
}

impl BatchArgs {
    /// The batch run these flags describe.
    pub fn options(&self, g: &Global) -> crate::batch::Options {
        crate::batch::Options {
            input: self.input.clone(),
            output: g.output.clone(),
            accounts: self.accounts,
            summary: self.summary,
            on_error: self.on_error,
            rejects: self.rejects.clone(),
            defaults: crate::batch::Defaults {
                region: g.region.clone(),
                request_size_kb: self.request_size,
                response_size_kb: self.response_size,
                messages: self.messages,
                message_size_kb: self.message_size,
                connection_minutes: self.connection_minutes,
                cache_gb: self.cache,
                cache_hit: self.cache_hit,
                duration_ms: self.duration_ms,
                memory_mb: self.memory_mb,
                arch: self.arch,
            },
            free_tier: g.free_tier.clone().at_age(g.account_age_months),
            progress: !self.no_progress,
        }
    }
}

#[derive(Args, Debug)]
pub struct BreakevenArgs {
    /// The variable to move along.
    #[arg(long, value_enum)]
    pub vary: breakeven::Variable,
    /// The two options: rest, http, websocket, alb, function-url or rest+cache (e.g. rest,http).
    #[arg(long, value_name = "A,B")]
    pub between: String,
    /// Start of the range, in the variable's unit (default: 1 request, 1 KB, 0%, 128 MB, 1 ms, 0 months).
    #[arg(long, value_parser = amount, value_name = "X")]
    pub from: Option<Decimal>,
    /// End of the range (default: 100B requests, 10,240 KB, 100%, 10,240 MB, 30,000 ms, 120 months).
    #[arg(long, value_parser = amount, value_name = "X")]
    pub to: Option<Decimal>,
    /// For --vary months: the one-time cost (USD) of moving from the first option to the second.
    #[arg(long, value_parser = amount, value_name = "USD")]
    pub migration_cost: Option<Decimal>,
    /// For --vary months: compound monthly growth of the volume.
    #[arg(long, value_parser = rate, allow_hyphen_values = true, value_name = "RATE")]
    pub growth: Option<Decimal>,
    #[command(flatten)]
    pub traffic: TrafficArgs,
}

#[derive(Args, Debug)]
pub struct ProjectArgs {
    /// Options to project, comma-separated (default: the profile's, else rest,http).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub apis: Vec<ApiKind>,
    #[command(flatten)]
    pub horizon: HorizonArgs,
    /// A file of monthly request volumes (one per line, or a CSV with a `requests` column) instead of --growth.
    #[arg(long, value_name = "FILE", conflicts_with = "growth")]
    pub volumes: Option<PathBuf>,
    #[command(flatten)]
    pub traffic: TrafficArgs,
}

/// How far ahead and how fast traffic grows.
#[derive(Args, Debug, Default, Clone)]
pub struct HorizonArgs {
    /// Months to project (default: the profile's, else 12).
    #[arg(long, value_name = "N")]
    pub months: Option<u32>,
    /// Compound monthly growth of the volume (15%, 0.15; default 0).
    #[arg(long, value_parser = rate, allow_hyphen_values = true, value_name = "RATE")]
    pub growth: Option<Decimal>,
}

#[derive(Args, Debug)]
pub struct QuoteArgs {
    /// The option to price (default: the profile's `api`).
    #[arg(long, value_enum)]
    pub api: Option<ApiKind>,
    #[command(flatten)]
    pub traffic: TrafficArgs,
}

#[derive(Args, Debug)]
pub struct CompareArgs {
    /// Options to compare, comma-separated.
    /// (default: the profile's `apis`, else rest,http)
    #[arg(long, value_enum, value_delimiter = ',')]
    pub apis: Vec<ApiKind>,
    /// Regions side by side, comma-separated (default: --region).
    #[arg(long, value_delimiter = ',', value_name = "CODE,...")]
    pub regions: Vec<String>,
    /// Also compare the cumulative cost over --months (with --growth): the saving of each option.
    #[command(flatten)]
    pub horizon: HorizonArgs,
    /// Features the workload needs, comma-separated (see `apigw-cost features`): options lacking one
    /// are marked, still priced.
    #[arg(long, value_delimiter = ',', value_name = "FEATURE,...")]
    pub needs: Vec<String>,
    #[command(flatten)]
    pub latency: LatencyArgs,
    #[command(flatten)]
    pub traffic: TrafficArgs,
}

#[derive(Subcommand, Debug)]
pub enum PricesCommand {
    /// Every region with the API kinds it prices and first-tier prices.
    List,
    /// Every tier of every meter of one region (--region), with sources.
    Show,
    /// Check a catalog file (default: the embedded one) against every rule: tiers ascending, last tier
    /// unbounded, prices non-negative, cache sizes known.
    Validate {
        /// The catalog to check.
        file: Option<PathBuf>,
    },
    /// Build a catalog from AWS's API Gateway metered unit map (the JSON behind the AWS pricing page),
    /// on top of the embedded catalog (or --prices): prints every price that changed on stderr.
    Import {
        /// The AWS file (`-` for stdin).
        file: PathBuf,
    },
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
fn peak(s: &str) -> std::result::Result<Decimal, String> {
    numbers::parse_peak_factor(s)
}
fn size(s: &str) -> std::result::Result<Decimal, String> {
    numbers::parse_size_kb(s)
}
fn fraction(s: &str) -> std::result::Result<Decimal, String> {
    numbers::parse_fraction(s)
}
fn rate(s: &str) -> std::result::Result<Decimal, String> {
    numbers::parse_rate(s)
}

/// The traffic of a workload, as flags.
#[derive(Args, Debug, Default, Clone)]
pub struct TrafficArgs {
    /// A traffic profile (TOML or JSON, see data/profiles/); flags override its values.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// Customers (with --requests-per-customer) instead of --requests.
    #[arg(long, value_parser = count, allow_negative_numbers = true, value_name = "N", requires = "requests_per_customer", group = "volume")]
    pub customers: Option<Decimal>,
    /// Requests a month per customer.
    #[arg(long, value_parser = count, allow_negative_numbers = true, value_name = "N", requires = "customers")]
    pub requests_per_customer: Option<Decimal>,
    /// API requests a month (600M, 1.5B, 300_000_000).
    #[arg(long, value_parser = count, allow_negative_numbers = true, value_name = "N", group = "volume")]
    pub requests: Option<Decimal>,
    /// Steady requests per second instead of --requests (x 3,600 x 730 hours).
    #[arg(long, value_parser = amount, allow_negative_numbers = true, value_name = "R", group = "volume")]
    pub rps: Option<Decimal>,
    /// Average request payload (KB, or with a unit: 600KB, 1.5MB). HTTP APIs meter it in 512 KB increments.
    #[arg(long, value_parser = size, allow_negative_numbers = true, value_name = "SIZE")]
    pub request_size: Option<Decimal>,
    /// Average response payload; priced as data transferred out to the internet.
    #[arg(long, value_parser = size, allow_negative_numbers = true, value_name = "SIZE")]
    pub response_size: Option<Decimal>,
    /// WebSocket messages a month (sent and received).
    #[arg(long, value_parser = count, allow_negative_numbers = true, value_name = "N")]
    pub messages: Option<Decimal>,
    /// Average WebSocket message size (32 KB increments, 128 KB max).
    #[arg(long, value_parser = size, allow_negative_numbers = true, value_name = "SIZE")]
    pub message_size: Option<Decimal>,
    /// WebSocket connection minutes a month.
    #[arg(long, value_parser = count, allow_negative_numbers = true, value_name = "M", conflicts_with = "connections")]
    pub connection_minutes: Option<Decimal>,
    /// WebSocket connections a month (with --connection-duration).
    #[arg(long, value_parser = count, allow_negative_numbers = true, value_name = "C", requires = "connection_duration")]
    pub connections: Option<Decimal>,
    /// Average connected time per WebSocket connection, minutes.
    #[arg(long, value_parser = positive, allow_negative_numbers = true, value_name = "MINUTES")]
    pub connection_duration: Option<Decimal>,
    /// REST API cache size in GB (0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237).
    #[arg(long, value_parser = positive, allow_negative_numbers = true, value_name = "GB")]
    pub cache: Option<Decimal>,
    /// Share of requests served from the REST cache (80%, 0.8); hits do not invoke the backend.
    #[arg(long, value_parser = fraction, allow_negative_numbers = true, value_name = "RATE")]
    pub cache_hit: Option<Decimal>,
    /// Backend to price behind the API (lambda).
    #[arg(long, value_name = "lambda", value_parser = ["lambda"])]
    pub backend: Option<String>,
    /// Average Lambda duration per invocation, ms.
    #[arg(long, value_parser = positive, allow_negative_numbers = true, value_name = "MS")]
    pub duration_ms: Option<Decimal>,
    /// Lambda memory, MB.
    #[arg(long, value_parser = positive, allow_negative_numbers = true, value_name = "MB")]
    pub memory_mb: Option<Decimal>,
    /// Lambda architecture.
    #[arg(long, value_enum)]
    pub arch: Option<Arch>,
    /// ALB: requests per new client connection (default 1: a new connection per request).
    #[arg(long, value_parser = positive, allow_negative_numbers = true, value_name = "N")]
    pub requests_per_connection: Option<Decimal>,
    /// ALB: listener rule evaluations per request beyond the 10 free ones (default 0).
    #[arg(long, value_parser = amount, allow_negative_numbers = true, value_name = "N")]
    pub rule_evaluations: Option<Decimal>,
    /// Peak rate as a multiple of the monthly average (1 to 1,000), checked against the account throttle
    /// (default 1).
    #[arg(long, value_parser = peak, allow_negative_numbers = true, value_name = "F")]
    pub peak_factor: Option<Decimal>,
}

impl TrafficArgs {
    /// Resolves the flags into a workload (checking the combinations clap cannot).
    pub fn workload(&self) -> Result<Workload> {
        let requests = match (self.requests, self.rps) {
            (Some(r), _) => r,
            (None, None) if self.customers.is_some() => {
                let (c, r) = (
                    self.customers.unwrap_or_default(),
                    self.requests_per_customer.unwrap_or_default(),
                );
                c.checked_mul(r)
                    .ok_or_else(|| Error::overflow("customers x requests per customer"))?
            }
            (None, Some(rps)) => numbers::requests_from_rps(rps).ok_or_else(|| {
                Error::usage("--rps", rps.to_string(), "a rate small enough to price")
            })?,
            (None, None) => {
                if self.messages.is_some() {
                    Decimal::ZERO
                } else {
                    return Err(Error::usage(
                        "--requests",
                        "(missing)",
                        "a monthly volume: --requests N (e.g. 100M) or --rps R",
                    ));
                }
            }
        };
        if let Some(d) = self.connection_duration {
            limits::check_connection_duration(d)?;
        }
        let connection_minutes = match (
            self.connection_minutes,
            self.connections,
            self.connection_duration,
        ) {
            (Some(m), _, _) => Some(m),
            (None, Some(c), Some(d)) => Some(
                c.checked_mul(d)
                    .ok_or_else(|| Error::overflow("connection minutes"))?,
            ),
            _ => None,
        };
        let cache = match (self.cache, self.cache_hit) {
            (Some(gb), hit) => Some(CacheConfig {
                size_gb: gb,
                hit_rate: hit.unwrap_or(Decimal::ZERO),
            }),
            (None, Some(h)) => {
                return Err(Error::usage(
                    "--cache-hit",
                    h.to_string(),
                    "a cache to hit: give --cache GB as well",
                ))
            }
            (None, None) => None,
        };
        let backend = match &self.backend {
            Some(_) => Some(LambdaBackend {
                duration_ms: self.duration_ms.ok_or_else(|| {
                    Error::usage(
                        "--duration-ms",
                        "(missing)",
                        "the average Lambda duration in ms for --backend lambda",
                    )
                })?,
                memory_mb: self.memory_mb.ok_or_else(|| {
                    Error::usage(
                        "--memory-mb",
                        "(missing)",
                        "the Lambda memory in MB for --backend lambda",
                    )
                })?,
                arch: self.arch.unwrap_or_default(),
            }),
            None => {
                if self.duration_ms.is_some() || self.memory_mb.is_some() {
                    return Err(Error::usage(
                        "--duration-ms/--memory-mb",
                        "(set)",
                        "--backend lambda as well (they describe the Lambda backend)",
                    ));
                }
                None
            }
        };
        let mut alb = AlbAssumptions::default();
        if let Some(n) = self.requests_per_connection {
            alb.requests_per_connection = n;
        }
        if let Some(n) = self.rule_evaluations {
            alb.rule_evaluations_per_request = n;
        }
        Ok(Workload {
            requests,
            request_size_kb: self.request_size,
            response_size_kb: self.response_size,
            messages: self.messages,
            message_size_kb: self.message_size,
            connection_minutes,
            cache,
            backend,
            alb,
        })
    }
}

impl TrafficArgs {
    /// Fills every flag the user did not give from the profile (flags override the file).
    pub fn apply_profile(&mut self, lp: &LoadedProfile) -> Result<()> {
        let p = &lp.profile;
        if self.peak_factor.is_none() {
            self.peak_factor = lp.num("peak_factor", &p.peak_factor, numbers::parse_peak_factor)?;
        }
        let volume_given =
            self.requests.is_some() || self.rps.is_some() || self.customers.is_some();
        if !volume_given {
            self.requests = lp.num("requests", &p.requests, numbers::parse_count)?;
            self.rps = lp.num("rps", &p.rps, numbers::parse_amount)?;
            self.customers = lp.num("customers", &p.customers, numbers::parse_count)?;
            self.requests_per_customer = lp.num(
                "requests_per_customer",
                &p.requests_per_customer,
                numbers::parse_count,
            )?;
            if self.customers.is_some() != self.requests_per_customer.is_some() {
                return Err(lp.bad_value(
                    if self.customers.is_some() {
                        "requests_per_customer"
                    } else {
                        "customers"
                    },
                    "(missing)",
                    "customers and requests_per_customer go together",
                ));
            }
        }
        fill(
            &mut self.request_size,
            lp.num("request_size", &p.request_size, numbers::parse_size_kb)?,
        );
        fill(
            &mut self.response_size,
            lp.num("response_size", &p.response_size, numbers::parse_size_kb)?,
        );
        if let Some(c) = &p.cache {
            fill(
                &mut self.cache,
                lp.num("cache.size_gb", &c.size_gb, numbers::parse_positive)?,
            );
            fill(
                &mut self.cache_hit,
                lp.num("cache.hit_rate", &c.hit_rate, numbers::parse_fraction)?,
            );
        }
        if let Some(ws) = &p.websocket {
            fill(
                &mut self.messages,
                lp.num("websocket.messages", &ws.messages, numbers::parse_count)?,
            );
            fill(
                &mut self.message_size,
                lp.num(
                    "websocket.message_size",
                    &ws.message_size,
                    numbers::parse_size_kb,
                )?,
            );
            if self.connections.is_none() {
                fill(
                    &mut self.connection_minutes,
                    lp.num(
                        "websocket.connection_minutes",
                        &ws.connection_minutes,
                        numbers::parse_count,
                    )?,
                );
            }
            if self.connection_minutes.is_none() {
                fill(
                    &mut self.connections,
                    lp.num(
                        "websocket.connections",
                        &ws.connections,
                        numbers::parse_count,
                    )?,
                );
                fill(
                    &mut self.connection_duration,
                    lp.num(
                        "websocket.connection_duration_minutes",
                        &ws.connection_duration_minutes,
                        numbers::parse_positive,
                    )?,
                );
            }
        }
        if let Some(b) = &p.backend {
            if self.backend.is_none() {
                match b.kind.as_deref() {
                    None | Some("lambda") => self.backend = Some("lambda".into()),
                    Some(other) => {
                        return Err(lp.bad_value(
                            "backend.kind",
                            other,
                            "lambda (the only backend modelled)",
                        ))
                    }
                }
            }
            fill(
                &mut self.duration_ms,
                lp.num(
                    "backend.duration_ms",
                    &b.duration_ms,
                    numbers::parse_positive,
                )?,
            );
            fill(
                &mut self.memory_mb,
                lp.num("backend.memory_mb", &b.memory_mb, numbers::parse_positive)?,
            );
            if self.arch.is_none() {
                self.arch = match b.arch.as_deref() {
                    None => None,
                    Some("x86" | "x86_64") => Some(Arch::X86),
                    Some("arm" | "arm64") => Some(Arch::Arm),
                    Some(other) => return Err(lp.bad_value("backend.arch", other, "x86 or arm")),
                };
            }
        }
        Ok(())
    }
}

fn fill<T>(slot: &mut Option<T>, from_profile: Option<T>) {
    if slot.is_none() {
        *slot = from_profile;
    }
}

/// Reads a profile file (`-` = stdin).
pub fn load_profile(path: &Path) -> Result<LoadedProfile> {
    let text = if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin())
    } else {
        std::fs::read_to_string(path)
    }
    .map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    LoadedProfile::parse(&path.display().to_string(), &text)
}

/// Everything a pricing command needs once flags and profile are merged.
pub struct Resolved {
    pub workload: Workload,
    pub region: String,
    pub free_tier: FreeTier,
    pub profile: Option<LoadedProfile>,
    /// Peak rate over the monthly average (`--peak-factor` or the profile's; 1 by default).
    pub peak_factor: Decimal,
}

impl Resolved {
    fn api_list(&self, flags: &[ApiKind]) -> Result<Vec<ApiKind>> {
        if !flags.is_empty() {
            let mut v = flags.to_vec();
            v.dedup();
            return Ok(v);
        }
        match self
            .profile
            .as_ref()
            .and_then(|p| p.profile.apis.clone().map(|a| (p, a)))
        {
            Some((lp, names)) => names
                .iter()
                .map(|n| {
                    ApiKind::parse(n).ok_or_else(|| {
                        lp.bad_value("apis", n, "rest, http, websocket, alb or function-url")
                    })
                })
                .collect(),
            None => Ok(vec![ApiKind::Rest, ApiKind::Http]),
        }
    }

    fn api(&self, flag: Option<ApiKind>) -> Result<ApiKind> {
        if let Some(a) = flag {
            return Ok(a);
        }
        match self
            .profile
            .as_ref()
            .and_then(|p| p.profile.api.clone().map(|a| (p, a)))
        {
            Some((lp, name)) => ApiKind::parse(&name).ok_or_else(|| {
                lp.bad_value("api", &name, "rest, http, websocket, alb or function-url")
            }),
            None => Err(Error::usage(
                "--api",
                "(missing)",
                "the option to price: --api rest|http|websocket|alb|function-url",
            )),
        }
    }

    fn months(&self, h: &HorizonArgs) -> Option<u32> {
        h.months
            .or_else(|| self.profile.as_ref().and_then(|p| p.profile.months))
    }

    fn growth(&self, h: &HorizonArgs) -> Result<Decimal> {
        if let Some(g) = h.growth {
            return Ok(g);
        }
        match &self.profile {
            Some(lp) => Ok(lp
                .num("growth", &lp.profile.growth, numbers::parse_rate)?
                .unwrap_or(Decimal::ZERO)),
            None => Ok(Decimal::ZERO),
        }
    }
}

/// Merges flags, the profile and the global options into one workload, region and free tier.
pub fn resolve(g: &Global, traffic: &TrafficArgs) -> Result<Resolved> {
    let mut t = traffic.clone();
    let profile = match &t.profile {
        Some(path) => Some(load_profile(path)?),
        None => None,
    };
    let mut region = g.region.clone();
    let mut free_tier = g.free_tier.clone();
    let mut age = g.account_age_months;
    if let Some(lp) = &profile {
        t.apply_profile(lp)?;
        let p = &lp.profile;
        if !g.explicit.region {
            if let Some(r) = &p.region {
                region = r.clone();
            }
        }
        if !g.explicit.free_tier {
            if let Some(f) = &p.free_tier {
                free_tier = FreeTier::parse(f).map_err(|e| lp.bad_value("free_tier", f, &e))?;
            }
        }
        if !g.explicit.account_age_months {
            if let Some(a) = p.account_age_months {
                age = a;
            }
        }
    }
    Ok(Resolved {
        workload: t.workload()?,
        region,
        free_tier: free_tier.at_age(age),
        profile,
        peak_factor: t.peak_factor.unwrap_or(Decimal::ONE),
    })
}

/// Reads monthly volumes: one number per line (blank lines and `#` comments skipped), or a CSV whose
/// header has a `requests` column.
pub fn read_volumes(path: &Path) -> Result<Vec<Decimal>> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let name = path.display().to_string();
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .peekable();
    let mut column = None;
    if let Some((_, first)) = lines.peek() {
        if first.chars().any(|c| c.is_ascii_alphabetic()) && numbers::parse_count(first).is_err() {
            let cols: Vec<&str> = first.split(',').map(str::trim).collect();
            column = Some(
                cols.iter()
                    .position(|c| c.eq_ignore_ascii_case("requests"))
                    .ok_or_else(|| Error::File {
                        path: name.clone(),
                        message: format!(
                            "line 1: expected a `requests` column in the header, found {}",
                            cols.join(", ")
                        ),
                    })?,
            );
            lines.next();
        }
    }
    let mut out = Vec::new();
    for (i, line) in lines {
        let cell = match column {
            Some(c) => line.split(',').nth(c).unwrap_or("").trim(),
            None => line.trim(),
        };
        out.push(numbers::parse_count(cell).map_err(|e| Error::File {
            path: name.clone(),
            message: format!("line {}: invalid requests '{cell}': {e}", i + 1),
        })?);
    }
    if out.is_empty() {
        return Err(Error::File {
            path: name,
            message:
                "no monthly volumes found (one number per line, or a CSV with a `requests` column)"
                    .into(),
        });
    }
    Ok(out)
}

impl LatencyArgs {
    /// Fills every latency flag the user did not give from the profile's `[latency]` section.
    pub fn with_profile(&self, profile: Option<&LoadedProfile>) -> Result<LatencyArgs> {
        let mut a = self.clone();
        let Some(lp) = profile else {
            return Ok(a);
        };
        let Some(l) = &lp.profile.latency else {
            return Ok(a);
        };
        use clap::ValueEnum;
        if a.authorizer.is_none() {
            if let Some(v) = &l.authorizer {
                a.authorizer = Some(Authorizer::from_str(v, true).map_err(|_| {
                    lp.bad_value(
                        "latency.authorizer",
                        v,
                        "none, iam, jwt, lambda or lambda-cached",
                    )
                })?);
            }
        }
        if a.endpoint.is_none() {
            if let Some(v) = &l.endpoint {
                a.endpoint = Some(
                    Endpoint::from_str(v, true)
                        .map_err(|_| lp.bad_value("latency.endpoint", v, "regional or edge"))?,
                );
            }
        }
        if a.runtime.is_none() {
            a.runtime = l.runtime.clone();
        }
        if a.authorizer_ttl.is_none() {
            a.authorizer_ttl = l.authorizer_ttl;
        }
        if a.authorizer_hit_rate.is_none() {
            a.authorizer_hit_rate = lp.num(
                "latency.authorizer_hit_rate",
                &l.authorizer_hit_rate,
                numbers::parse_fraction,
            )?;
        }
        if a.identities.is_none() {
            a.identities = lp.num("latency.identities", &l.identities, numbers::parse_count)?;
        }
        if a.cold_start_rate.is_none() {
            a.cold_start_rate = lp.num(
                "latency.cold_start_rate",
                &l.cold_start_rate,
                numbers::parse_fraction,
            )?;
        }
        if a.concurrency.is_none() {
            a.concurrency = lp.num("latency.concurrency", &l.concurrency, numbers::parse_count)?;
        }
        let given =
            |key: &str, v: &Option<crate::model::profile::Value>| -> Result<Option<Given>> {
                match v {
                    None => Ok(None),
                    Some(v) => Given::parse(&v.text())
                        .map(Some)
                        .map_err(|e| lp.bad_value(key, &v.text(), &e)),
                }
            };
        if a.handler_ms.is_none() {
            a.handler_ms = given("latency.handler_ms", &l.handler_ms)?;
        }
        if a.client_rtt_ms.is_none() {
            a.client_rtt_ms = given("latency.client_rtt_ms", &l.client_rtt_ms)?;
        }
        if !a.new_connections {
            a.new_connections = l.new_connections.unwrap_or(false);
        }
        if a.new_connections && a.client_rtt_ms.is_none() {
            return Err(lp.bad_value(
                "latency.new_connections",
                "true",
                "a client round trip as well (latency.client_rtt_ms)",
            ));
        }
        Ok(a)
    }
}

/// Loads the embedded latency figures or `--latency-data FILE`.
pub fn load_latency_data(path: Option<&Path>) -> Result<LatencyData> {
    match path {
        None => LatencyData::embedded(),
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|source| Error::Read {
                path: p.to_path_buf(),
                source,
            })?;
            LatencyData::parse(&text, &p.display().to_string())
        }
    }
}

fn samples(a: &LatencyArgs) -> Result<usize> {
    use rust_decimal::prelude::ToPrimitive;
    match a.samples.to_usize() {
        Some(n) if (1..=100_000_000).contains(&n) => Ok(n),
        _ => Err(Error::usage(
            "--samples",
            a.samples.to_string(),
            "1 to 100M samples",
        )),
    }
}

fn f64_of(d: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    // Display and simulation only: latency is not money.
    d.to_f64().unwrap_or(f64::MAX)
}

/// The latency model's inputs for one option, from the flags and the workload (backend, cache, volume).
pub fn latency_options(
    api: ApiKind,
    a: &LatencyArgs,
    w: &Workload,
    volume_known: bool,
) -> Result<LatencyOptions> {
    let mut o = LatencyOptions::new(api);
    o.endpoint = a.endpoint.unwrap_or_default();
    o.authorizer = a.authorizer.unwrap_or_default();
    o.authorizer_hit_rate = a.authorizer_hit_rate.map(f64_of);
    o.authorizer_ttl_s = f64::from(a.authorizer_ttl.unwrap_or(300));
    o.identities = a.identities.map(f64_of);
    if let Some(r) = &a.runtime {
        o.runtime = r.clone();
    }
    o.cold_start_rate = a.cold_start_rate.map(f64_of);
    o.concurrency = a.concurrency.map(f64_of);
    o.client_rtt = a.client_rtt_ms;
    o.new_connections = a.new_connections;
    if volume_known && !w.requests.is_zero() {
        let units = if api == ApiKind::WebSocket {
            w.messages.unwrap_or(w.requests)
        } else {
            w.requests
        };
        o.requests_per_second =
            Some(f64_of(units) / f64::from(crate::model::numbers::SECONDS_PER_MONTH));
    }
    if let Some(c) = &w.cache {
        o.cache_hit = f64_of(c.hit_rate);
    }
    if let Some(b) = &w.backend {
        o.lambda = true;
        o.arch = b.arch;
        let d = f64_of(b.duration_ms);
        o.handler = Some(a.handler_ms.unwrap_or(Given { p50: d, p99: d }));
    } else if a.handler_ms.is_some() {
        return Err(Error::usage(
            "--handler-ms",
            "(set)",
            "--backend lambda as well (the handler is the Lambda function's)",
        ));
    }
    Ok(o)
}

/// Soft limits as warnings on the quote; hard limits (a handler slower than a fixed timeout) as errors.
fn limit_checks(q: &mut Quote, res: &Resolved, handler_p99_ms: Option<f64>) -> Result<()> {
    let peak = res.peak_factor;
    q.warnings
        .extend(limits::warnings(q.api, &res.region, &res.workload, peak));
    let handler =
        handler_p99_ms.or_else(|| res.workload.backend.as_ref().map(|b| f64_of(b.duration_ms)));
    if let Some(h) = handler {
        if let Some(w) = limits::check_timeout(q.api, h, "Lambda duration")? {
            q.warnings.push(w);
        }
    }
    Ok(())
}

/// Loads the embedded catalog or `--prices FILE`.
pub fn load_catalog(path: Option<&Path>) -> Result<Catalog> {
    match path {
        None => Catalog::embedded(),
        Some(p) => {
            let text = if p.as_os_str() == "-" {
                std::io::read_to_string(std::io::stdin()).map_err(|source| Error::Read {
                    path: p.to_path_buf(),
                    source,
                })?
            } else {
                std::fs::read_to_string(p).map_err(|source| Error::Read {
                    path: p.to_path_buf(),
                    source,
                })?
            };
            Catalog::from_json(&text, &p.display().to_string())
        }
    }
}

/// Runs the latency model for each option (the `latency` command and the latency chart): the workload
/// from flags and profile, the latency flags filled from the profile's `[latency]` section.
pub fn latency_results(
    g: &Global,
    apis: &[ApiKind],
    latency: &LatencyArgs,
    traffic: &TrafficArgs,
) -> Result<(Vec<latency::LatencyResult>, LatencyData)> {
    let mut traffic = traffic.clone();
    let volume_known = traffic.requests.is_some()
        || traffic.rps.is_some()
        || traffic.customers.is_some()
        || traffic.profile.is_some();
    if !volume_known {
        traffic.requests = Some(Decimal::ZERO);
    }
    // Latency needs neither the memory nor the cache size: fill them so the workload builds.
    if traffic.backend.is_some() && traffic.memory_mb.is_none() {
        traffic.memory_mb = Some(Decimal::from(128));
    }
    let handler_from_duration = traffic.duration_ms.is_some();
    if traffic.backend.is_some() && traffic.duration_ms.is_none() {
        traffic.duration_ms = Some(Decimal::ONE);
    }
    if traffic.cache_hit.is_some() && traffic.cache.is_none() {
        traffic.cache = Some(Decimal::new(5, 1));
    }
    let res = resolve(g, &traffic)?;
    let largs = latency.with_profile(res.profile.as_ref())?;
    let data = load_latency_data(largs.latency_data.as_deref())?;
    let handler_from_duration = handler_from_duration
        || res
            .profile
            .as_ref()
            .and_then(|p| p.profile.backend.as_ref())
            .is_some_and(|b| b.duration_ms.is_some());
    let apis = res.api_list(apis)?;
    let mut results = Vec::new();
    for api in &apis {
        let mut o = latency_options(*api, &largs, &res.workload, volume_known)?;
        if !handler_from_duration && largs.handler_ms.is_none() {
            o.handler = None;
        }
        if let Some(h) = o.handler {
            if let Some(w) = limits::check_timeout(*api, h.p99, "handler p99")? {
                eprintln!("warning: {w}");
            }
        }
        results.push(latency::estimate(
            &data,
            &o,
            samples(latency)?,
            latency.seed,
        )?);
    }
    Ok((results, data))
}

/// Builds the chart data for `chart KIND` from the model (no drawing).
pub fn chart_data(g: &Global, a: &ChartArgs) -> Result<crate::render::chart_data::Chart> {
    use crate::render::chart_data::{self as cd, ChartKind};
    if a.kind == ChartKind::Latency {
        let (results, _) = latency_results(g, &a.apis, &a.latency, &a.traffic)?;
        return cd::latency(&results);
    }
    let mut traffic = a.traffic.clone();
    let volume_given = |t: &TrafficArgs| {
        t.requests.is_some()
            || t.rps.is_some()
            || t.customers.is_some()
            || t.messages.is_some()
            || t.profile.is_some()
    };
    let sweep = matches!(
        a.kind,
        ChartKind::CostVsRequests | ChartKind::EffectivePrice
    );
    let mark_volume = volume_given(&traffic);
    if sweep && !mark_volume {
        // The chart sweeps the volume; any base will do.
        traffic.requests = Some(Decimal::ONE);
    }
    let res = resolve(g, &traffic)?;
    let mut apis = res.api_list(&a.apis)?;
    if a.kind == ChartKind::Regions {
        let api = match a.api {
            Some(api) => api,
            None if !a.apis.is_empty() => apis[0],
            None => res.api(None).unwrap_or(apis[0]),
        };
        let catalog = match &g.prices {
            None => Catalog::embedded()?,
            Some(p) => load_catalog(Some(p))?,
        };
        // The profile's region must exist (a typo is an error, not a silently missing marker).
        catalog.region(&res.region)?;
        apis = vec![api];
        let inputs = cd::Inputs {
            catalog: &catalog,
            region: &res.region,
            apis: &apis,
            workload: &res.workload,
            free_tier: &res.free_tier,
            mark: None,
        };
        return cd::regions(&inputs, api);
    }
    let catalog = catalog_for(g, &[res.region.as_str()])?;
    let inputs = cd::Inputs {
        catalog: &catalog,
        region: &res.region,
        apis: &apis,
        workload: &res.workload,
        free_tier: &res.free_tier,
        mark: (mark_volume && res.workload.requests > Decimal::ZERO)
            .then_some(res.workload.requests),
    };
    match a.kind {
        ChartKind::CostVsRequests => cd::cost_vs_requests(&inputs),
        ChartKind::EffectivePrice => cd::effective_price(&inputs),
        ChartKind::Projection => {
            let months = res.months(&a.horizon).unwrap_or(12);
            if months == 0 {
                return Err(Error::usage("--months", "0", "at least one month"));
            }
            let growth = res.growth(&a.horizon)?;
            let volumes = projection::compound_volumes(res.workload.requests, growth, months)?;
            cd::projection(&inputs, &volumes, growth)
        }
        ChartKind::Latency | ChartKind::Regions => unreachable!("handled above"),
    }
}

/// `chart KIND -o FILE`: the format from the extension (checked first), then the data, then the drawing,
/// written atomically.
fn run_chart(g: &Global, a: &ChartArgs) -> Result<()> {
    let path = g.output.as_deref().ok_or_else(|| {
        Error::usage(
            "-o/--output",
            "(missing)",
            "the chart file to write: -o FILE.svg or -o FILE.png",
        )
    })?;
    let format = render::chart::ImageFormat::from_path(path)?;
    let chart = chart_data(g, a)?;
    let bytes = render::chart::render(&chart, format, a.width, a.height)?;
    output::write_atomic(path, &bytes)
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let g = &cli.global;
    match &cli.command {
        Command::Chart(a) => return run_chart(g, a),
        Command::Review(a) => return crate::commands::review::run(g, a),
        Command::Batch(a) => {
            if g.explicit.format && g.format != Format::Csv {
                return Err(Error::usage(
                    "--format",
                    format!("{:?}", g.format).to_lowercase(),
                    "csv: batch writes the finance CSV (line items, or --summary totals)",
                ));
            }
            let catalog = load_catalog(g.prices.as_deref())?;
            crate::batch::run(&catalog, &a.options(g))?;
            return Ok(());
        }
        _ => {}
    }
    let text = report(&cli)?;
    output::emit(&text, g.output.as_deref())
}

/// The text of a report command (everything but `chart`, `batch` and `review`, which write files).
pub fn report(cli: &Cli) -> Result<String> {
    let g = &cli.global;
    let text = match &cli.command {
        Command::Chart(_) | Command::Batch(_) | Command::Review(_) => {
            return Err(Error::Other(
                "chart, batch and review write files, not a text report".into(),
            ))
        }
        Command::Quote(a) => {
            let res = resolve(g, &a.traffic)?;
            let api = res.api(a.api)?;
            let catalog = catalog_for(g, &[res.region.as_str()])?;
            let pricer = Pricer::new(&catalog, &res.region)?;
            let mut quote: Quote = pricer.quote(
                api,
                &res.workload,
                &res.free_tier.month(0, res.free_tier.initial_credit()),
            )?;
            limit_checks(&mut quote, &res, None)?;
            render::renderer(g.format).quote(&QuoteReport {
                quote: &quote,
                provenance: &catalog.provenance,
                free_tier: &res.free_tier,
            })?
        }
        Command::Compare(a) => {
            let res = resolve(g, &a.traffic)?;
            let regions: Vec<String> = if a.regions.is_empty() {
                vec![res.region.clone()]
            } else {
                a.regions.iter().map(|s| s.trim().to_string()).collect()
            };
            let apis = res.api_list(&a.apis)?;
            let catalog = catalog_for(g, &regions.iter().map(String::as_str).collect::<Vec<_>>())?;
            let mut cmp =
                compare::compare(&catalog, &regions, &apis, &res.workload, &res.free_tier)?;
            let features = Features::embedded()?;
            let needs = match (
                &a.needs,
                res.profile.as_ref().and_then(|p| p.profile.needs.as_ref()),
            ) {
                (given, Some(from_profile)) if given.is_empty() => {
                    features.parse_needs(from_profile)?
                }
                (given, _) => features.parse_needs(given)?,
            };
            let largs = a.latency.with_profile(res.profile.as_ref())?;
            let data = load_latency_data(largs.latency_data.as_deref())?;
            let fit: Vec<render::OptionFit> = apis
                .iter()
                .map(|api| render::OptionFit {
                    api: *api,
                    latency: latency_options(*api, &largs, &res.workload, true)
                        .and_then(|o| latency::estimate(&data, &o, samples(&largs)?, largs.seed))
                        .map_err(|e| e.to_string()),
                    gaps: features.gaps(*api, &needs),
                })
                .collect();
            for rc in &mut cmp {
                for q in &mut rc.quotes {
                    let handler = fit
                        .iter()
                        .find(|f| f.api == q.api)
                        .and_then(|f| f.latency.as_ref().ok())
                        .and_then(|l| l.components.iter().find(|c| c.key == "lambda.handler"))
                        .map(|c| c.p99_ms);
                    limit_checks(q, &res, handler)?;
                }
            }
            let horizon = match res.months(&a.horizon) {
                Some(months) if a.horizon.months.is_some() || a.horizon.growth.is_some() => {
                    let volumes = projection::compound_volumes(
                        res.workload.requests,
                        res.growth(&a.horizon)?,
                        months,
                    )?;
                    Some(projection::project(
                        &catalog,
                        &regions[0],
                        &apis,
                        &res.workload,
                        &volumes,
                        &res.free_tier,
                    )?)
                }
                _ => None,
            };
            render::renderer(g.format).compare(&CompareReport {
                regions: &cmp,
                provenance: &catalog.provenance,
                free_tier: &res.free_tier,
                horizon: horizon.as_ref(),
                fit: &fit,
                needs: &needs,
            })?
        }
        Command::Latency(a) => {
            let (results, data) = latency_results(g, &a.api, &a.latency, &a.traffic)?;
            render::renderer(g.format).latency(&render::LatencyReport {
                results: &results,
                data: &data,
            })?
        }
        Command::Features => {
            let f = Features::embedded()?;
            render::renderer(g.format).features(&render::FeaturesReport { features: &f })?
        }
        Command::Project(a) => {
            let given = match &a.volumes {
                Some(path) => Some(read_volumes(path)?),
                None => None,
            };
            let mut traffic = a.traffic.clone();
            if let Some(v) = &given {
                // The file gives the volumes; the first month stands in as the base workload's volume.
                if traffic.requests.is_none()
                    && traffic.rps.is_none()
                    && traffic.customers.is_none()
                {
                    traffic.requests = v.first().copied();
                }
            }
            let res = resolve(g, &traffic)?;
            let apis = res.api_list(&a.apis)?;
            let volumes = match given {
                Some(v) => v,
                None => {
                    let months = res.months(&a.horizon).unwrap_or(12);
                    if months == 0 {
                        return Err(Error::usage("--months", "0", "at least one month"));
                    }
                    projection::compound_volumes(
                        res.workload.requests,
                        res.growth(&a.horizon)?,
                        months,
                    )?
                }
            };
            let catalog = catalog_for(g, &[res.region.as_str()])?;
            let p = projection::project(
                &catalog,
                &res.region,
                &apis,
                &res.workload,
                &volumes,
                &res.free_tier,
            )?;
            render::renderer(g.format).project(&ProjectReport {
                projection: &p,
                provenance: &catalog.provenance,
                free_tier: &res.free_tier,
            })?
        }
        Command::Breakeven(a) => {
            let (x, y) = a.between.split_once(',').ok_or_else(|| {
                Error::usage(
                    "--between",
                    a.between.clone(),
                    "two options separated by a comma, e.g. rest,http",
                )
            })?;
            let spec = |s: &str| {
                breakeven::OptionSpec::parse(s)
                    .map_err(|e| Error::usage("--between", a.between.clone(), e))
            };
            let (oa, ob) = (spec(x)?, spec(y)?);
            let mut traffic = a.traffic.clone();
            if a.vary == breakeven::Variable::Requests
                && traffic.requests.is_none()
                && traffic.rps.is_none()
                && traffic.customers.is_none()
            {
                // The search sets the volume; any base will do.
                traffic.requests = Some(Decimal::ONE);
            }
            let res = resolve(g, &traffic)?;
            let catalog = catalog_for(g, &[res.region.as_str()])?;
            let growth = match a.growth {
                Some(gr) => gr,
                None => res.growth(&HorizonArgs::default())?,
            };
            let be = breakeven::search(&breakeven::Query {
                catalog: &catalog,
                region: &res.region,
                a: oa,
                b: ob,
                variable: a.vary,
                workload: &res.workload,
                free_tier: &res.free_tier,
                from: a.from,
                to: a.to,
                migration_cost: a.migration_cost,
                growth,
            })?;
            render::renderer(g.format).breakeven(&BreakevenReport {
                breakeven: &be,
                provenance: &catalog.provenance,
                free_tier: &res.free_tier,
            })?
        }
        Command::Prices(PricesCommand::Import { file }) => {
            let read = |p: &Path| {
                if p.as_os_str() == "-" {
                    std::io::read_to_string(std::io::stdin())
                } else {
                    std::fs::read_to_string(p)
                }
                .map_err(|source| Error::Read {
                    path: p.to_path_buf(),
                    source,
                })
            };
            let base = match &g.prices {
                Some(p) => read(p)?,
                None => crate::model::catalog::EMBEDDED.to_string(),
            };
            let imported = crate::model::import::import_metered_unit_map(
                &base,
                &read(file)?,
                &file.display().to_string(),
            )?;
            eprintln!(
                "imported {} regions from {} (published {}); {} prices changed",
                imported.regions.len(),
                file.display(),
                imported.published,
                imported.changes.len()
            );
            for c in &imported.changes {
                eprintln!("  changed: {c}");
            }
            for l in &imported.unknown_locations {
                eprintln!("  skipped: location '{l}' is not in the base catalog");
            }
            imported.catalog_json
        }
        Command::Prices(PricesCommand::Validate { file }) => {
            let path = file.as_deref().or(g.prices.as_deref());
            let catalog = load_catalog(path)?;
            let tables: usize = catalog
                .regions
                .values()
                .map(|r| render::meter_tables(r).len())
                .sum();
            let tiers: usize = catalog
                .regions
                .values()
                .flat_map(|r| {
                    render::meter_tables(r)
                        .into_iter()
                        .map(|(_, t)| t.tiers.len())
                })
                .sum();
            format!(
                "{}: valid: {} regions, {} price tables, {} tiers; prices from {}, published {}\n",
                catalog.provenance.origin,
                catalog.regions.len(),
                tables,
                tiers,
                catalog.provenance.source,
                catalog.provenance.published
            )
        }
        Command::Prices(p) => {
            let catalog = load_catalog(g.prices.as_deref())?;
            let region = match p {
                PricesCommand::Show => Some(g.region.as_str()),
                _ => None,
            };
            render::renderer(g.format).prices(&PricesReport {
                catalog: &catalog,
                region,
            })?
        }
    };
    Ok(text)
}

/// The catalog for a run that prices `regions`: only those regions of the embedded catalog (fast
/// start), or the whole `--prices FILE`.
pub fn catalog_for(g: &Global, regions: &[&str]) -> Result<Catalog> {
    match &g.prices {
        None => Catalog::embedded_regions(regions),
        Some(path) => load_catalog(Some(path)),
    }
}

/// Entry point: parses `std::env::args`, runs, reports errors; returns the exit code.
pub fn main() -> i32 {
    use clap::{parser::ValueSource, CommandFactory, FromArgMatches};
    let parsed = Cli::command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m).map(|c| (m, c)));
    let cli = match parsed {
        Ok((m, mut c)) => {
            let typed = |id: &str| {
                let on =
                    |mm: &clap::ArgMatches| mm.value_source(id) == Some(ValueSource::CommandLine);
                on(&m) || m.subcommand().is_some_and(|(_, sm)| on(sm))
            };
            c.global.explicit = Explicit {
                region: typed("region"),
                format: typed("format"),
                free_tier: typed("free_tier"),
                account_age_months: typed("account_age_months"),
            };
            c
        }
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    match run(cli) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    }
}
