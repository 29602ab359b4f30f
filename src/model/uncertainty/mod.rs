//! Decisions under uncertainty: ranges on workload inputs instead of points, seeded draws priced by the
//! exact tiered engine, the bands and odds they give, and which input moves the answer most.
//!
//! - [`dist`]: the three shapes of a range and their quantile functions;
//! - [`parse`]: `80M..120M`, `100M~20%`, `p10=60M,p50=100M,p90=180M`, wrapping each input's point parser;
//! - [`draws`]: stratified (Latin hypercube) seeded draws, one column per input;
//! - [`bands`]: every draw priced for every option (the same draw prices REST and HTTP), quantiles,
//!   means, savings and the probability that each option is the cheapest;
//! - [`sensitivity`]: each input from its p10 to its p90 (or +-20%), and where the answer flips.
//!
//! No I/O and no formatting. Money stays `Decimal`: only the inputs are drawn.

pub mod bands;
pub mod dist;
pub mod draws;
pub mod parse;
pub mod sensitivity;

use rust_decimal::Decimal;

use crate::error::{Error, Result};
use crate::model::numbers;
use crate::model::workload::Workload;

pub use dist::Dist;

/// A workload input that may be given as a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Input {
    Requests,
    Growth,
    RequestSize,
    ResponseSize,
    CacheHit,
    Messages,
    DurationMs,
}

impl Input {
    pub const ALL: [Input; 7] = [
        Input::Requests,
        Input::Growth,
        Input::RequestSize,
        Input::ResponseSize,
        Input::CacheHit,
        Input::Messages,
        Input::DurationMs,
    ];

    /// The command-line flag.
    pub fn flag(self) -> &'static str {
        match self {
            Input::Requests => "--requests",
            Input::Growth => "--growth",
            Input::RequestSize => "--request-size",
            Input::ResponseSize => "--response-size",
            Input::CacheHit => "--cache-hit",
            Input::Messages => "--messages",
            Input::DurationMs => "--duration-ms",
        }
    }

    /// The profile key (dotted within its table).
    pub fn key(self) -> &'static str {
        match self {
            Input::Requests => "requests",
            Input::Growth => "growth",
            Input::RequestSize => "request_size",
            Input::ResponseSize => "response_size",
            Input::CacheHit => "cache.hit_rate",
            Input::Messages => "websocket.messages",
            Input::DurationMs => "backend.duration_ms",
        }
    }

    /// The input's name in reports.
    pub fn name(self) -> &'static str {
        match self {
            Input::Requests => "requests",
            Input::Growth => "growth",
            Input::RequestSize => "request size",
            Input::ResponseSize => "response size",
            Input::CacheHit => "cache hit rate",
            Input::Messages => "messages",
            Input::DurationMs => "Lambda duration",
        }
    }

    /// The point parser the range's ends are read with.
    pub fn point_parser(self) -> fn(&str) -> std::result::Result<Decimal, String> {
        use crate::model::inputs;
        match self {
            Input::Requests => inputs::REQUESTS.parse,
            Input::Messages => inputs::MESSAGES.parse,
            Input::Growth => inputs::GROWTH.parse,
            Input::RequestSize => inputs::REQUEST_SIZE.parse,
            Input::ResponseSize => inputs::RESPONSE_SIZE.parse,
            Input::CacheHit => inputs::CACHE_HIT.parse,
            Input::DurationMs => inputs::DURATION_MS.parse,
        }
    }

    /// A drawn value made one the engine takes: volumes whole, sizes to the byte (1/1024 KB is not a
    /// terminating decimal: to 0.001 KB), rates to 0.01 percentage points of a percent, durations to
    /// the microsecond; and within the input's bounds (a normal's tail below zero is zero, a hit rate
    /// at most 100%, a volume shrinking at most 99% a month, a duration at least 1 microsecond).
    pub fn settle(self, v: Decimal) -> Decimal {
        use rust_decimal::RoundingStrategy::MidpointAwayFromZero as Away;
        let r = |dp: u32| v.round_dp_with_strategy(dp, Away);
        match self {
            Input::Requests | Input::Messages => r(0).clamp(Decimal::ZERO, numbers::MAX_UNITS),
            Input::RequestSize | Input::ResponseSize => {
                r(3).clamp(Decimal::ZERO, Decimal::from(numbers::MAX_SIZE_KB))
            }
            Input::CacheHit => r(4).clamp(Decimal::ZERO, Decimal::ONE),
            Input::Growth => r(6).max(Decimal::new(-99, 2)),
            Input::DurationMs => r(3).clamp(Decimal::new(1, 3), Decimal::from(900_000)),
        }
    }

    /// A value of this input as a person reads it: `100M`, `12.5 KB`, `80%`, `120 ms`.
    pub fn show(self, v: Decimal) -> String {
        match self {
            Input::Requests | Input::Messages => compact(v),
            Input::Growth | Input::CacheHit => {
                format!("{}%", (v * Decimal::ONE_HUNDRED).round_dp(2).normalize())
            }
            Input::RequestSize | Input::ResponseSize => format!("{} KB", v.round_dp(3).normalize()),
            Input::DurationMs => format!("{} ms", v.round_dp(3).normalize()),
        }
    }
}

/// 333000000 -> `333M`, 1500000000 -> `1.5B`, 1234 -> `1,234`.
fn compact(v: Decimal) -> String {
    for (div, suffix) in [(1_000_000_000u64, "B"), (1_000_000, "M"), (1_000, "k")] {
        let dv = Decimal::from(div);
        if v.abs() >= dv {
            return format!("{}{suffix}", (v / dv).round_dp(2).normalize());
        }
    }
    numbers::group(v.round_dp(2))
}

/// One input given as a range: its distribution, the text as given, and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Range {
    pub input: Input,
    pub dist: Dist,
    /// As typed (`80M..120M`) or as the profile wrote it.
    pub text: String,
    /// `flag` or `profile, line N`.
    pub from: String,
}

impl Range {
    /// The range's own p10, p50 and p90 (after the input's rounding and bounds).
    pub fn quantiles(&self) -> [Decimal; 3] {
        [Decimal::new(1, 1), Decimal::new(5, 1), Decimal::new(9, 1)]
            .map(|p| self.input.settle(self.dist.quantile(p)))
    }
}

/// The drawn inputs of one draw, applied to the base workload: the workload to price and the growth
/// (which only a projection reads).
pub struct Sample {
    pub workload: Workload,
    pub growth: Decimal,
}

/// `base` with each drawn value set (requests first: WebSocket counts scale with the volume, then a
/// drawn message count replaces the scaled one).
pub fn apply(base: &Workload, growth: Decimal, values: &[(Input, Decimal)]) -> Result<Sample> {
    let mut w = base.clone();
    let mut g = growth;
    if let Some((_, v)) = values.iter().find(|(i, _)| *i == Input::Requests) {
        w = w.try_with_requests(*v)?;
    }
    for (input, v) in values {
        let v = *v;
        match input {
            Input::Requests => {}
            Input::Growth => g = v,
            Input::RequestSize => w.request_size_kb = Some(v),
            Input::ResponseSize => w.response_size_kb = Some(v),
            Input::CacheHit => match w.cache.as_mut() {
                Some(c) => c.hit_rate = v,
                None => return Err(needs(Input::CacheHit, "a REST cache (--cache GB)")),
            },
            Input::Messages => w.messages = Some(v),
            Input::DurationMs => match w.backend.as_mut() {
                Some(b) => b.duration_ms = v,
                None => return Err(needs(Input::DurationMs, "a Lambda backend")),
            },
        }
    }
    Ok(Sample {
        workload: w,
        growth: g,
    })
}

fn needs(input: Input, what: &str) -> Error {
    Error::usage(
        input.flag(),
        "a range",
        format!("a range on {} only with {what}", input.flag()),
    )
}
