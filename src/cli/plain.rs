//! Start-up: `quote` and `compare` command lines in their plain forms read without clap. Building
//! clap's command and parsing with it was a quarter of a quote's instructions (322k of 1.24M) and
//! most of its heap. A command line here is a run of `--flag VALUE` / `--flag=VALUE` words (and
//! `-o FILE`) whose flags are in the tables below, each value read by the parser clap is given for it
//! (`args.rs`). Anything else is left to clap ([`read`] returns `None`): every error (a value a parser
//! refuses, a flag given twice, two flags that exclude each other, a flag without its value),
//! `--help`, `--version`, a value starting with `-`, an empty value, a flag not in the tables
//! (`--seed`, `--draws`, `--customers`, `--connections`, `--streaming` ...), a word that is not
//! UTF-8. A test reads every flag here with many values both ways and compares the parsed `Cli`.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::ValueEnum;

use super::args::*;
use super::choices::FormatArg;
use crate::model::api::ApiKind;
use crate::model::inputs;
use crate::model::latency::{Authorizer, Endpoint};
use crate::model::numbers;
use crate::model::uncertainty::parse as range;
use crate::model::workload::Arch;

/// Reads one value into its field; `None` when the parser refuses it (clap then says why).
type Set<T> = fn(&mut T, &str) -> Option<()>;

/// One flag: its long name (without dashes), its visible alias, clap's id, whether it takes a value.
struct Flag<T> {
    long: &'static str,
    alias: &'static str,
    id: &'static str,
    value: bool,
    set: Set<T>,
}

/// A value of one of an enum's names, spaces around it ignored (`choice` in `args.rs`).
fn pick<E: ValueEnum>(v: &str) -> Result<E, String> {
    E::from_str(v.trim(), false)
}

/// A path: clap refuses an empty one (and [`read`] leaves empty values to clap).
fn path(v: &str) -> Result<PathBuf, String> {
    Ok(PathBuf::from(v))
}

/// `--flag VALUE` setting `Option` field `$f` with `$parse`.
macro_rules! opt {
    ($T:ty, $long:expr, $id:literal, $($f:ident).+ = $parse:expr) => {
        Flag::<$T> {
            long: $long,
            alias: "",
            id: $id,
            value: true,
            set: |a: &mut $T, v: &str| {
                a.$($f).+ = Some(($parse)(v).ok()?);
                Some(())
            },
        }
    };
}

/// `--flag A,B` appending each item to `Vec` field `$f`.
macro_rules! list {
    ($T:ty, $long:expr, $alias:literal, $id:literal, $($f:ident).+ = $parse:expr) => {
        Flag::<$T> {
            long: $long,
            alias: $alias,
            id: $id,
            value: true,
            set: |a: &mut $T, v: &str| {
                for item in v.split(',') {
                    a.$($f).+.push(($parse)(item).ok()?);
                }
                Some(())
            },
        }
    };
}

/// The traffic flags (`TrafficArgs` and its `AroundArgs`), for a command with a `traffic` field.
macro_rules! traffic {
    ($T:ty) => {
        [
            opt!($T, "profile", "profile", traffic.profile = path),
            opt!(
                $T,
                "requests",
                "requests",
                traffic.requests = range::requests
            ),
            opt!($T, inputs::RPS.flag, "rps", traffic.rps = inputs::RPS.parse),
            opt!(
                $T,
                "request-size",
                "request_size",
                traffic.request_size = range::size
            ),
            opt!(
                $T,
                "response-size",
                "response_size",
                traffic.response_size = range::size
            ),
            opt!(
                $T,
                "messages",
                "messages",
                traffic.messages = range::messages
            ),
            opt!(
                $T,
                inputs::MESSAGE_SIZE.flag,
                "message_size",
                traffic.message_size = inputs::MESSAGE_SIZE.parse
            ),
            opt!(
                $T,
                inputs::CONNECTION_MINUTES.flag,
                "connection_minutes",
                traffic.connection_minutes = inputs::CONNECTION_MINUTES.parse
            ),
            opt!(
                $T,
                inputs::CACHE.flag,
                "cache",
                traffic.cache = inputs::CACHE.parse
            ),
            opt!(
                $T,
                "cache-hit",
                "cache_hit",
                traffic.cache_hit = range::cache_hit
            ),
            opt!(
                $T,
                inputs::BACKEND.flag,
                "backend",
                traffic.backend = pick::<Backend>
            ),
            opt!(
                $T,
                "duration-ms",
                "duration_ms",
                traffic.duration_ms = range::duration_ms
            ),
            opt!(
                $T,
                inputs::MEMORY_MB.flag,
                "memory_mb",
                traffic.memory_mb = inputs::MEMORY_MB.parse
            ),
            opt!(
                $T,
                inputs::INIT_MS.flag,
                "init_ms",
                traffic.init_ms = inputs::INIT_MS.parse
            ),
            opt!($T, inputs::ARCH.flag, "arch", traffic.arch = pick::<Arch>),
            opt!(
                $T,
                "requests-per-connection",
                "requests_per_connection",
                traffic.requests_per_connection = numbers::parse_positive
            ),
            opt!(
                $T,
                "rule-evaluations",
                "rule_evaluations",
                traffic.rule_evaluations = numbers::parse_amount
            ),
            opt!(
                $T,
                inputs::PEAK_FACTOR.flag,
                "peak_factor",
                traffic.peak_factor = inputs::PEAK_FACTOR.parse
            ),
            Flag::<$T> {
                long: "waf",
                alias: "",
                id: "waf",
                value: false,
                set: |a: &mut $T, _| {
                    a.traffic.waf = true;
                    Some(())
                },
            },
            opt!(
                $T,
                "waf-rules",
                "waf_rules",
                traffic.waf_rules = numbers::parse_count
            ),
            opt!(
                $T,
                "edge-geography",
                "edge_geography",
                traffic.edge_geography = |v: &str| Ok::<_, String>(v.to_string())
            ),
            opt!(
                $T,
                inputs::CACHEABLE_SHARE.flag,
                "cacheable_share",
                traffic.cacheable_share = inputs::CACHEABLE_SHARE.parse
            ),
            opt!(
                $T,
                inputs::AUTHORIZER_DURATION_MS.flag,
                "authorizer_duration_ms",
                traffic.around.authorizer_duration_ms = inputs::AUTHORIZER_DURATION_MS.parse
            ),
            opt!(
                $T,
                inputs::AUTHORIZER_MEMORY_MB.flag,
                "authorizer_memory_mb",
                traffic.around.authorizer_memory_mb = inputs::AUTHORIZER_MEMORY_MB.parse
            ),
            opt!(
                $T,
                inputs::MONTHLY_ACTIVE_USERS.flag,
                "monthly_active_users",
                traffic.around.monthly_active_users = inputs::MONTHLY_ACTIVE_USERS.parse
            ),
            opt!(
                $T,
                inputs::ACCESS_LOG_BYTES.flag,
                "access_log_bytes",
                traffic.around.access_log_bytes = inputs::ACCESS_LOG_BYTES.parse
            ),
            opt!(
                $T,
                inputs::EXECUTION_LOG_BYTES.flag,
                "execution_log_bytes",
                traffic.around.execution_log_bytes = inputs::EXECUTION_LOG_BYTES.parse
            ),
            opt!(
                $T,
                inputs::LOG_CLASS.flag,
                "log_class",
                traffic.around.log_class = pick::<crate::model::around::LogClass>
            ),
            opt!(
                $T,
                inputs::LOG_RETENTION_MONTHS.flag,
                "log_retention_months",
                traffic.around.log_retention_months = inputs::LOG_RETENTION_MONTHS.parse
            ),
            opt!(
                $T,
                inputs::XRAY_SAMPLING.flag,
                "xray_sampling",
                traffic.around.xray_sampling = inputs::XRAY_SAMPLING.parse
            ),
            opt!(
                $T,
                inputs::AZS.flag,
                "azs",
                traffic.around.azs = inputs::AZS.parse
            ),
            opt!(
                $T,
                inputs::DISCOUNT.flag,
                "discount",
                traffic.around.discount = inputs::DISCOUNT.parse
            ),
        ]
    };
}

/// The authorizer and endpoint flags, into `$at` (`access` for quote, `latency` for compare).
macro_rules! access {
    ($T:ty, $at:ident) => {
        [
            opt!(
                $T,
                inputs::AUTHORIZER.flag,
                "authorizer",
                $at.authorizer = pick::<Authorizer>
            ),
            opt!(
                $T,
                inputs::AUTHORIZER_HIT_RATE.flag,
                "authorizer_hit_rate",
                $at.authorizer_hit_rate = inputs::AUTHORIZER_HIT_RATE.parse
            ),
            opt!(
                $T,
                inputs::AUTHORIZER_TTL.flag,
                "authorizer_ttl",
                $at.authorizer_ttl = inputs::AUTHORIZER_TTL.parse
            ),
            opt!(
                $T,
                inputs::IDENTITIES.flag,
                "identities",
                $at.identities = inputs::IDENTITIES.parse
            ),
            opt!(
                $T,
                inputs::ENDPOINT.flag,
                "endpoint",
                $at.endpoint = pick::<Endpoint>
            ),
            opt!(
                $T,
                inputs::COLD_START_RATE.flag,
                "cold_start_rate",
                $at.cold_start_rate = inputs::COLD_START_RATE.parse
            ),
            opt!(
                $T,
                inputs::RUNTIME.flag,
                "runtime",
                $at.runtime = inputs::RUNTIME.parse
            ),
        ]
    };
}

static QUOTE: [Flag<QuoteArgs>; 2] = [
    list!(
        QuoteArgs,
        inputs::API.flag,
        "apis",
        "api",
        api = pick::<ApiKind>
    ),
    opt!(
        QuoteArgs,
        "start",
        "start",
        start = crate::model::calendar::CalendarMonth::parse
    ),
];
static QUOTE_ACCESS: [Flag<QuoteArgs>; 7] = access!(QuoteArgs, access);
static QUOTE_TRAFFIC: [Flag<QuoteArgs>; 32] = traffic!(QuoteArgs);

static COMPARE: [Flag<CompareArgs>; 12] = [
    list!(
        CompareArgs,
        inputs::APIS.flag,
        "api",
        "apis",
        apis = pick::<ApiKind>
    ),
    list!(CompareArgs, "regions", "", "regions", regions = region_code),
    list!(
        CompareArgs,
        inputs::NEEDS.flag,
        "",
        "needs",
        needs = inputs::NEEDS.parse
    ),
    opt!(
        CompareArgs,
        inputs::MONTHS.flag,
        "months",
        horizon.months = inputs::MONTHS.parse
    ),
    opt!(
        CompareArgs,
        "growth",
        "growth",
        horizon.growth = range::growth
    ),
    opt!(
        CompareArgs,
        "start",
        "start",
        horizon.start = crate::model::calendar::CalendarMonth::parse
    ),
    opt!(
        CompareArgs,
        inputs::HANDLER_MS.flag,
        "handler_ms",
        latency.handler_ms = inputs::HANDLER_MS.parse
    ),
    opt!(
        CompareArgs,
        inputs::CONCURRENCY.flag,
        "concurrency",
        latency.concurrency = inputs::CONCURRENCY.parse
    ),
    opt!(
        CompareArgs,
        inputs::CLIENT_RTT_MS.flag,
        "client_rtt_ms",
        latency.client_rtt_ms = inputs::CLIENT_RTT_MS.parse
    ),
    Flag::<CompareArgs> {
        long: inputs::NEW_CONNECTIONS.flag,
        alias: "",
        id: "new_connections",
        value: false,
        set: |a: &mut CompareArgs, _| {
            a.latency.new_connections = true;
            Some(())
        },
    },
    Flag::<CompareArgs> {
        long: "samples",
        alias: "",
        id: "samples",
        value: true,
        set: |a: &mut CompareArgs, v: &str| {
            a.latency.samples = numbers::parse_count(v).ok()?;
            Some(())
        },
    },
    opt!(
        CompareArgs,
        "latency-data",
        "latency_data",
        latency.latency_data = path
    ),
    // Not read here (left to clap): --seed, --draws, --range-seed (clap's integer parsers).
];
static COMPARE_ACCESS: [Flag<CompareArgs>; 7] = access!(CompareArgs, latency);
static COMPARE_TRAFFIC: [Flag<CompareArgs>; 32] = traffic!(CompareArgs);

/// The global options (`Global`), each read as clap reads it.
static GLOBAL: [Flag<Global>; 6] = [
    Flag {
        long: inputs::REGION.flag,
        alias: "",
        id: "region",
        value: true,
        set: |g, v| {
            g.region = (inputs::REGION.parse)(v).ok()?;
            Some(())
        },
    },
    opt!(Global, "prices", "prices", prices = path),
    Flag {
        long: "format",
        alias: "",
        id: "format",
        value: true,
        set: |g, v| {
            g.format = pick::<FormatArg>(v).ok()?.into();
            Some(())
        },
    },
    Flag {
        long: inputs::FREE_TIER.flag,
        alias: "",
        id: "free_tier",
        value: true,
        set: |g, v| {
            g.free_tier = (inputs::FREE_TIER.parse)(v).ok()?;
            Some(())
        },
    },
    Flag {
        long: inputs::ACCOUNT_AGE_MONTHS.flag,
        alias: "",
        id: "account_age_months",
        value: true,
        set: |g, v| {
            g.account_age_months = (inputs::ACCOUNT_AGE_MONTHS.parse)(v).ok()?;
            Some(())
        },
    },
    opt!(Global, "output", "output", output = path),
];

/// The flag `name` (typed without its dashes) in `tables`.
fn find<'t, T>(tables: &[&'t [Flag<T>]], name: &str) -> Option<&'t Flag<T>> {
    tables
        .iter()
        .flat_map(|t| t.iter())
        .find(|f| f.long == name || (!f.alias.is_empty() && f.alias == name))
}

/// The command line `args` (argv, the program's name first) as clap would parse it, or `None` for
/// anything this does not read (clap reads it then, errors and help included).
pub fn read(args: &[OsString]) -> Option<Cli> {
    let words: Vec<&str> = args
        .iter()
        .skip(1)
        .map(|a| a.to_str())
        .collect::<Option<_>>()?;
    let mut global = defaults()?;
    let mut typed = Typed::default();
    // Before the subcommand only the global options.
    let mut before = Words::new(&words);
    let at = loop {
        if let Some(at) = before.at_word(words.len()) {
            break at;
        }
        let (name, value) = before.next(|n| find(&[&GLOBAL], n).map(|f| f.value))??;
        typed.set(&mut global, find(&[&GLOBAL], name)?, value)?;
    };
    let rest = &words[at + 1..];
    let command = match words[at] {
        "quote" => {
            let mut q = QuoteArgs {
                api: Vec::new(),
                start: None,
                access: AccessArgs::default(),
                traffic: TrafficArgs::default(),
            };
            typed.run(
                rest,
                &mut global,
                &mut q,
                &[&QUOTE, &QUOTE_ACCESS, &QUOTE_TRAFFIC],
            )?;
            consistent(&q.traffic)?;
            Command::Quote(q)
        }
        "compare" => {
            let mut c = CompareArgs {
                apis: Vec::new(),
                regions: Vec::new(),
                horizon: HorizonArgs::default(),
                needs: Vec::new(),
                latency: LatencyArgs::default(),
                uncertainty: Default::default(),
                traffic: TrafficArgs::default(),
            };
            typed.run(
                rest,
                &mut global,
                &mut c,
                &[&COMPARE, &COMPARE_ACCESS, &COMPARE_TRAFFIC],
            )?;
            consistent(&c.traffic)?;
            // `--new-connections` requires `--client-rtt-ms`.
            (!c.latency.new_connections || c.latency.client_rtt_ms.is_some()).then_some(())?;
            Command::Compare(c)
        }
        _ => return None,
    };
    global.typed = typed.list();
    global.explicit = Explicit {
        region: typed.has("region"),
        format: typed.has("format"),
        free_tier: typed.has("free_tier"),
        account_age_months: typed.has("account_age_months"),
    };
    let path = words[at];
    let owned: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    global.renamed = super::renamed::warnings(path, &owned);
    Some(Cli { global, command })
}

/// Clap's relations between the traffic flags read here: `--requests` and `--rps` exclude each other
/// (group `volume`), `--waf-rules` requires `--waf`.
fn consistent(t: &TrafficArgs) -> Option<()> {
    let both = t.requests.is_some() && t.rps.is_some();
    let rules = t.waf_rules.is_some() && !t.waf;
    (!both && !rules).then_some(())
}

/// The global options' defaults, read by their parsers as clap reads its default values.
fn defaults() -> Option<Global> {
    Some(Global {
        region: (inputs::REGION.parse)("us-east-1").ok()?,
        prices: None,
        format: pick::<FormatArg>("table").ok()?.into(),
        free_tier: (inputs::FREE_TIER.parse)("none").ok()?,
        account_age_months: (inputs::ACCOUNT_AGE_MONTHS.parse)("0").ok()?,
        output: None,
        explicit: Explicit::default(),
        typed: Vec::new(),
        renamed: Vec::new(),
    })
}

/// A run of `--flag VALUE`, `--flag=VALUE`, `--switch` and `-o FILE` words.
struct Words<'a> {
    words: &'a [&'a str],
}

impl<'a> Words<'a> {
    fn new(words: &'a [&'a str]) -> Self {
        Words { words }
    }

    /// The index (in a command line of `len` words) of the next word when it is not an option (the
    /// subcommand); `None` when it is one. The end of the words is `None` too, for `next` to see.
    fn at_word(&self, len: usize) -> Option<usize> {
        let w = self.words.first()?;
        (!w.starts_with('-')).then_some(len - self.words.len())
    }

    /// The next flag's name and value (`None` for a switch); `Some(None)` at the end; `None` for a
    /// word not read here. `takes`: whether a flag takes a value (`None`: not a flag read here).
    #[allow(clippy::type_complexity)]
    fn next(
        &mut self,
        takes: impl Fn(&str) -> Option<bool>,
    ) -> Option<Option<(&'a str, Option<&'a str>)>> {
        let Some((first, rest)) = self.words.split_first() else {
            return Some(None);
        };
        let (name, inline) = match first.strip_prefix("--") {
            Some(long) => match long.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (long, None),
            },
            None if *first == "-o" => ("output", None),
            None => return None,
        };
        self.words = rest;
        if !takes(name)? {
            return inline.is_none().then_some(Some((name, None)));
        }
        let value = match inline {
            Some(v) => v,
            None => {
                let (v, rest) = self.words.split_first()?;
                self.words = rest;
                v
            }
        };
        (!value.is_empty() && !value.starts_with('-')).then_some(Some((name, Some(value))))
    }
}

/// The flags typed, in the order `typed_values` lists them from clap's matches: the global options
/// first (those before the subcommand as typed, then those after it in clap's order), then the
/// subcommand's as typed.
#[derive(Default)]
struct Typed {
    global: Vec<(&'static str, String)>,
    after: Vec<(&'static str, String)>,
    sub: Vec<(&'static str, String)>,
    /// Past the subcommand.
    in_sub: bool,
}

/// The order clap's top-level matches give the global options typed after the subcommand: those
/// with a default value (in place of their default), then the others.
const AFTER: [&str; 6] = [
    "region",
    "format",
    "free_tier",
    "account_age_months",
    "prices",
    "output",
];

impl Typed {
    /// Sets a global option; `None` when it was typed before (clap refuses it).
    fn set(&mut self, g: &mut Global, f: &Flag<Global>, value: Option<&str>) -> Option<()> {
        if self.has(f.id) {
            return None;
        }
        (f.set)(g, value?)?;
        let to = match self.in_sub {
            true => &mut self.after,
            false => &mut self.global,
        };
        to.push((f.id, value?.to_string()));
        Some(())
    }

    /// Reads the words after the subcommand into `a` (and the global options among them into `g`).
    fn run<T>(
        &mut self,
        words: &[&str],
        g: &mut Global,
        a: &mut T,
        tables: &[&[Flag<T>]],
    ) -> Option<()> {
        self.in_sub = true;
        let mut words = Words::new(words);
        let takes = |n: &str| match find(&[&GLOBAL], n) {
            Some(f) => Some(f.value),
            None => find(tables, n).map(|f| f.value),
        };
        while let Some((name, value)) = words.next(takes)? {
            if let Some(f) = find(&[&GLOBAL], name) {
                self.set(g, f, value)?;
                continue;
            }
            let f = find(tables, name)?;
            if self.has(f.id) {
                return None;
            }
            (f.set)(a, value.unwrap_or(""))?;
            self.sub.push((f.id, value.unwrap_or("true").to_string()));
        }
        Some(())
    }

    fn has(&self, id: &str) -> bool {
        let all = self.global.iter().chain(&self.after).chain(&self.sub);
        all.clone().any(|(i, _)| *i == id)
    }

    /// `(flag, value)` as `typed_values` gives them.
    fn list(&self) -> Vec<(String, String)> {
        let flag = |id: &str| match id {
            "output" => "-o/--output".to_string(),
            _ => format!("--{}", id.replace('_', "-")),
        };
        let mut after: Vec<&(&str, String)> = self.after.iter().collect();
        after.sort_by_key(|(id, _)| AFTER.iter().position(|a| a == id));
        let globals = self.global.iter().chain(after);
        globals
            .chain(&self.sub)
            .map(|(id, v)| (flag(id), v.clone()))
            .collect()
    }
}

#[cfg(test)]
#[path = "plain_tests.rs"]
mod tests;
