//! CloudWatch metrics of API Gateway as traffic: what to ask for (`query`), how the series AWS returns
//! are checked and put together (`assemble`), and what they say about an API stage (`derive`): its
//! volume in a 730-hour month, its peak factor, cache hit rate, bytes processed per request, WebSocket
//! messages and connections, and its measured gateway overhead. Pure: the files are read in
//! `crate::cloudwatch`, the results formatted in `render::cloudwatch`.

pub mod assemble;
pub mod derive;
pub mod profile;
pub mod query;
pub mod time;

use rust_decimal::Decimal;

use crate::model::api::ApiKind;

pub use assemble::{assemble, Page, QueryDef, RawResult, Status};
pub use derive::{derive, ApiTraffic, Imported, Latency, Options};
pub use query::{build_queries, Query, QueryRequest};

/// The CloudWatch namespace of API Gateway's metrics.
pub const NAMESPACE: &str = "AWS/ApiGateway";

/// The most series (result Ids) read in all: 500 queries per GetMetricData call, ten calls' worth.
pub const MAX_SERIES: usize = 5_000;

/// The most datapoints read in all files together (24 bytes each once read: about 48 MB): a year of
/// hourly values is 8,760 per series.
pub const MAX_DATAPOINTS: usize = 2_000_000;

/// The largest datapoint value accepted (a count, bytes or milliseconds in one period): 10^18.
pub const MAX_VALUE: Decimal = Decimal::from_parts(2_808_348_672, 232_830_643, 0, false, 0);

/// The longest range a query may cover: 455 days (CloudWatch keeps hourly data 15 months).
pub const MAX_RANGE_SECONDS: i64 = 455 * 86_400;

/// An API stage whose metrics are read: its kind, its `ApiName` (REST) or `ApiId` (HTTP, WebSocket),
/// and its `Stage`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ApiRef {
    pub kind: ApiKind,
    pub name: String,
    pub stage: String,
}

impl ApiRef {
    /// The dimension that names the API: `ApiName` for REST APIs, `ApiId` for HTTP and WebSocket.
    pub fn dimension(&self) -> &'static str {
        dimension_of(self.kind)
    }

    /// `REST API 'orders' stage prod`, for messages.
    pub fn describe(&self) -> String {
        let what = if self.kind == ApiKind::Rest {
            "REST API"
        } else {
            self.kind.title()
        };
        format!(
            "{what} '{}' stage '{}'",
            crate::error::shorten(&self.name),
            crate::error::shorten(&self.stage)
        )
    }
}

/// The dimension naming an API of `kind`.
pub fn dimension_of(kind: ApiKind) -> &'static str {
    if kind == ApiKind::Rest {
        "ApiName"
    } else {
        "ApiId"
    }
}

/// The metrics read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Metric {
    Count,
    CacheHitCount,
    CacheMissCount,
    DataProcessed,
    MessageCount,
    ConnectCount,
    Latency,
    IntegrationLatency,
}

impl Metric {
    pub const ALL: [Metric; 8] = [
        Metric::Count,
        Metric::CacheHitCount,
        Metric::CacheMissCount,
        Metric::DataProcessed,
        Metric::MessageCount,
        Metric::ConnectCount,
        Metric::Latency,
        Metric::IntegrationLatency,
    ];

    /// CloudWatch's name of the metric.
    pub fn name(self) -> &'static str {
        match self {
            Metric::Count => "Count",
            Metric::CacheHitCount => "CacheHitCount",
            Metric::CacheMissCount => "CacheMissCount",
            Metric::DataProcessed => "DataProcessed",
            Metric::MessageCount => "MessageCount",
            Metric::ConnectCount => "ConnectCount",
            Metric::Latency => "Latency",
            Metric::IntegrationLatency => "IntegrationLatency",
        }
    }

    pub fn from_name(s: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.name() == s)
    }

    /// A count or an amount per period (summed), as opposed to a time (percentiles).
    pub fn is_volume(self) -> bool {
        !matches!(self, Metric::Latency | Metric::IntegrationLatency)
    }

    /// The API kinds that publish the metric.
    pub fn kinds(self) -> &'static [ApiKind] {
        match self {
            Metric::Count | Metric::Latency => &[ApiKind::Rest, ApiKind::Http],
            Metric::CacheHitCount | Metric::CacheMissCount => &[ApiKind::Rest],
            Metric::DataProcessed => &[ApiKind::Http],
            Metric::MessageCount | Metric::ConnectCount => &[ApiKind::WebSocket],
            Metric::IntegrationLatency => &[ApiKind::Rest, ApiKind::Http, ApiKind::WebSocket],
        }
    }
}

/// The statistics read: `Sum` of the counts, percentiles of the latencies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stat {
    Sum,
    P50,
    P90,
    P99,
}

impl Stat {
    pub const PERCENTILES: [Stat; 3] = [Stat::P50, Stat::P90, Stat::P99];

    /// CloudWatch's name of the statistic.
    pub fn name(self) -> &'static str {
        match self {
            Stat::Sum => "Sum",
            Stat::P50 => "p50",
            Stat::P90 => "p90",
            Stat::P99 => "p99",
        }
    }

    /// `Sum`, `p50`, `p90`, `p99` (also `p50.0`, `P99`: CloudWatch accepts both spellings).
    pub fn from_name(s: &str) -> Option<Stat> {
        let l = s.trim().to_ascii_lowercase();
        let l = l.strip_suffix(".0").unwrap_or(&l);
        match l {
            "sum" => Some(Stat::Sum),
            "p50" => Some(Stat::P50),
            "p90" => Some(Stat::P90),
            "p99" => Some(Stat::P99),
            _ => None,
        }
    }
}

/// One series: a metric's statistic for one API stage.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SeriesKey {
    pub api: ApiRef,
    pub metric: Metric,
    pub stat: Stat,
}

impl SeriesKey {
    /// `Count (Sum) of REST API 'orders' stage 'prod'`.
    pub fn describe(&self) -> String {
        format!(
            "{} ({}) of {}",
            self.metric.name(),
            self.stat.name(),
            self.api.describe()
        )
    }
}

/// A series as read: sorted by time, one value per timestamp.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub key: SeriesKey,
    /// Seconds per datapoint.
    pub period: i64,
    /// (seconds since 1970, value), ascending.
    pub points: Vec<(i64, Decimal)>,
    /// Where it was read (`r.json: Id r1a2b3c4d_count_sum`), for messages.
    pub origin: String,
}

/// The time range asked for: `[start, end)`, seconds since 1970.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub start: i64,
    pub end: i64,
}

impl Range {
    /// `2026-11-01 to 2026-11-08`, for labels and comments.
    pub fn describe(&self) -> String {
        format!("{} to {}", time::short(self.start), time::short(self.end))
    }
}

/// Checks a range and a period: the range is non-empty, at most [`MAX_RANGE_SECONDS`] and whole
/// minutes; the period whole minutes, from 60 s to the range. The problem in words.
pub fn check_range(range: Range, period: i64) -> Result<(), String> {
    if range.end <= range.start {
        return Err(format!(
            "the end ({}) must be after the start ({})",
            time::format(range.end),
            time::format(range.start)
        ));
    }
    let len = range.end - range.start;
    if len > MAX_RANGE_SECONDS {
        return Err(format!(
            "{} days is longer than the 455 days CloudWatch keeps hourly data (15 months)",
            len / 86_400
        ));
    }
    if range.start % 60 != 0 || range.end % 60 != 0 {
        return Err("the start and end must be whole minutes (CloudWatch periods are)".into());
    }
    if period < 60 || period % 60 != 0 || period > len {
        return Err(format!(
            "a period of {period} s: expected a multiple of 60 s, at most the range ({len} s)"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
