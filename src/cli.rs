//! The command line: argument parsing (clap) and dispatch, in one place. Everything else is the model
//! (no I/O) and the renderers (no arithmetic).

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};
use rust_decimal::Decimal;

use crate::api::ApiKind;
use crate::catalog::Catalog;
use crate::compare;
use crate::cost::{Pricer, Quote};
use crate::error::{Error, Result};
use crate::free_tier::FreeTier;
use crate::numbers;
use crate::output;
use crate::render::{self, CompareReport, Format, PricesReport, QuoteReport};
use crate::workload::{AlbAssumptions, Arch, CacheConfig, LambdaBackend, Workload};

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
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Monthly cost of one option, line by line.
    Quote(QuoteArgs),
    /// Options side by side: cost, effective price per million, savings against the dearest.
    Compare(CompareArgs),
    /// The price catalog: regions, tiers, sources.
    #[command(subcommand)]
    Prices(PricesCommand),
}

#[derive(Args, Debug)]
pub struct QuoteArgs {
    /// The option to price.
    #[arg(long, value_enum)]
    pub api: ApiKind,
    #[command(flatten)]
    pub traffic: TrafficArgs,
}

#[derive(Args, Debug)]
pub struct CompareArgs {
    /// Options to compare, comma-separated.
    #[arg(long, value_enum, value_delimiter = ',', default_values_t = vec![ApiKind::Rest, ApiKind::Http])]
    pub apis: Vec<ApiKind>,
    /// Regions side by side, comma-separated (default: --region).
    #[arg(long, value_delimiter = ',', value_name = "CODE,...")]
    pub regions: Vec<String>,
    #[command(flatten)]
    pub traffic: TrafficArgs,
}

#[derive(Subcommand, Debug)]
pub enum PricesCommand {
    /// Every region with the API kinds it prices and first-tier prices.
    List,
    /// Every tier of every meter of one region (--region), with sources.
    Show,
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
fn size(s: &str) -> std::result::Result<Decimal, String> {
    numbers::parse_size_kb(s)
}
fn fraction(s: &str) -> std::result::Result<Decimal, String> {
    numbers::parse_fraction(s)
}

/// The traffic of a workload, as flags.
#[derive(Args, Debug, Default, Clone)]
pub struct TrafficArgs {
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
}

impl TrafficArgs {
    /// Resolves the flags into a workload (checking the combinations clap cannot).
    pub fn workload(&self) -> Result<Workload> {
        let requests = match (self.requests, self.rps) {
            (Some(r), _) => r,
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

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let g = &cli.global;
    let free_tier = g.free_tier.clone().at_age(g.account_age_months);
    // A quote or comparison parses only the regions it prices (fast start); the rest load everything.
    let wanted: Option<Vec<&str>> = match &cli.command {
        Command::Quote(_) => Some(vec![g.region.as_str()]),
        Command::Compare(a) if a.regions.is_empty() => Some(vec![g.region.as_str()]),
        Command::Compare(a) => Some(a.regions.iter().map(|s| s.trim()).collect()),
        _ => None,
    };
    let catalog = match (&g.prices, wanted) {
        (None, Some(regions)) => Catalog::embedded_regions(&regions)?,
        (path, _) => load_catalog(path.as_deref())?,
    };
    let r = render::renderer(g.format);
    let text = match &cli.command {
        Command::Quote(a) => {
            let w = a.traffic.workload()?;
            let pricer = Pricer::new(&catalog, &g.region)?;
            let quote: Quote =
                pricer.quote(a.api, &w, &free_tier.month(0, free_tier.initial_credit()))?;
            r.quote(&QuoteReport {
                quote: &quote,
                provenance: &catalog.provenance,
                free_tier: &free_tier,
            })?
        }
        Command::Compare(a) => {
            let w = a.traffic.workload()?;
            let regions = if a.regions.is_empty() {
                vec![g.region.clone()]
            } else {
                a.regions.iter().map(|s| s.trim().to_string()).collect()
            };
            let mut apis = a.apis.clone();
            apis.dedup();
            let cmp = compare::compare(&catalog, &regions, &apis, &w, &free_tier)?;
            r.compare(&CompareReport {
                regions: &cmp,
                provenance: &catalog.provenance,
                free_tier: &free_tier,
            })?
        }
        Command::Prices(p) => {
            let region = match p {
                PricesCommand::List => None,
                PricesCommand::Show => Some(g.region.as_str()),
            };
            r.prices(&PricesReport {
                catalog: &catalog,
                region,
            })?
        }
    };
    output::emit(&text, g.output.as_deref())
}

/// Entry point: parses `std::env::args`, runs, reports errors; returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
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
