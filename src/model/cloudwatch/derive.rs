//! What the series say about each API stage. Per API and stage:
//!
//! - **volume** (`Count`, or `MessageCount` for WebSocket): the sum over the periods that have a
//!   datapoint, scaled to a 730-hour month: `sum x 2,628,000 s / (periods x period)`, rounded to a whole
//!   request (half away from zero). Periods of the range without a datapoint are *missing*: they are
//!   listed in a warning and left out of the hours covered (CloudWatch writes no datapoint for a period
//!   without traffic, nor for data it lost: the warning gives both readings).
//! - **peak factor**: the busiest period's count over the average per period (`max x periods / sum`).
//! - **cache hit** (REST): `CacheHitCount / (CacheHitCount + CacheMissCount)`.
//! - **bytes processed per request** (HTTP): `DataProcessed / Count`.
//! - **connections** (WebSocket): `ConnectCount` scaled like the volume.
//! - **latency**: `Latency` and `IntegrationLatency` percentiles, and the gateway overhead
//!   `Latency pN - IntegrationLatency pN`: a difference of percentiles, not the percentile of the
//!   difference (an approximation, said wherever it is shown).

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};

use super::{time, ApiRef, Metric, Range, Series, Stat};
use crate::model::api::ApiKind;
use crate::model::numbers::{MAX_UNITS, SECONDS_PER_MONTH};

/// Missing periods listed by timestamp at most (the rest are counted).
pub const MAX_LISTED: usize = 10;

/// The largest latency accepted, ms: one hour (API Gateway's integrations time out far sooner).
pub const MAX_LATENCY_MS: Decimal = Decimal::from_parts(3_600_000, 0, 0, false, 0);

/// What the derivation is told besides the series.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The range the queries asked for (`--queries`, or `--start`/`--end`); else it is taken from the
    /// first and last datapoints.
    pub range: Option<Range>,
}

/// p50, p90 and p99 in ms, each when known.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Pct {
    pub p50: Option<Decimal>,
    pub p90: Option<Decimal>,
    pub p99: Option<Decimal>,
}

impl Pct {
    pub fn get(&self, s: Stat) -> Option<Decimal> {
        match s {
            Stat::P50 => self.p50,
            Stat::P90 => self.p90,
            Stat::P99 => self.p99,
            Stat::Sum => None,
        }
    }

    fn set(&mut self, s: Stat, v: Option<Decimal>) {
        match s {
            Stat::P50 => self.p50 = v,
            Stat::P90 => self.p90 = v,
            Stat::P99 => self.p99 = v,
            Stat::Sum => {}
        }
    }

    pub fn is_empty(&self) -> bool {
        self.p50.is_none() && self.p90.is_none() && self.p99.is_none()
    }
}

/// Measured latency of an API stage, ms.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Latency {
    /// `Latency`: from the request received to the response returned.
    pub latency: Pct,
    /// `IntegrationLatency`: the backend's share.
    pub integration: Pct,
    /// `Latency - IntegrationLatency`, percentile by percentile (an approximation).
    pub overhead: Pct,
    /// A percentile came from several periods (their request-weighted mean: an approximation).
    pub averaged: bool,
}

/// The busiest period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Peak {
    pub at: i64,
    pub value: Decimal,
    /// `value x periods / sum`, exact (not rounded).
    pub factor: Decimal,
}

/// REST cache counts over the periods read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cache {
    pub hits: Decimal,
    pub misses: Decimal,
    /// `hits / (hits + misses)`; `None` when both are 0.
    pub hit_rate: Option<Decimal>,
}

/// Everything derived for one API stage.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiTraffic {
    pub api: ApiRef,
    /// Seconds per count datapoint.
    pub period: i64,
    /// The range read: asked for, or from the first to the last datapoint.
    pub range: Range,
    pub range_given: bool,
    /// Periods with a datapoint, and the periods of the range.
    pub periods: usize,
    pub expected: usize,
    /// The first [`MAX_LISTED`] missing periods (their start).
    pub missing: Vec<i64>,
    pub missing_count: usize,
    /// Hours covered: `periods x period / 3,600`.
    pub hours: Decimal,
    /// `Count` (REST, HTTP) or `MessageCount` (WebSocket).
    pub volume_metric: Metric,
    /// The volume in the periods read, and in a 730-hour month (whole).
    pub total: Decimal,
    pub monthly: Decimal,
    /// The same month if the missing periods had no traffic (scaled over the whole range).
    pub monthly_if_idle: Decimal,
    pub peak: Option<Peak>,
    pub cache: Option<Cache>,
    /// HTTP: `DataProcessed` in the periods read, and bytes per request.
    pub data_processed: Option<Decimal>,
    pub bytes_per_request: Option<Decimal>,
    /// WebSocket: `ConnectCount` in the periods read and in a 730-hour month.
    pub connect_total: Option<Decimal>,
    pub connections: Option<Decimal>,
    pub latency: Latency,
}

impl ApiTraffic {
    /// `DataProcessed / Count` in KB (1 KB = 1,024 bytes).
    pub fn request_size_kb(&self) -> Option<Decimal> {
        self.bytes_per_request.map(|b| b / Decimal::from(1024))
    }

    /// The peak factor rounded to 2 decimals (half away from zero), as shown and written.
    pub fn peak_factor(&self) -> Option<Decimal> {
        self.peak.map(|p| {
            p.factor
                .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        })
    }
}

/// The derivation's result.
#[derive(Debug, Clone, Default)]
pub struct Imported {
    pub apis: Vec<ApiTraffic>,
    pub warnings: Vec<String>,
}

/// Derives every API stage's figures from its series (see the module's documentation).
pub fn derive(series: &[Series], opts: &Options) -> Result<Imported, String> {
    let mut by_api: BTreeMap<&ApiRef, Vec<&Series>> = BTreeMap::new();
    for s in series {
        by_api.entry(&s.key.api).or_default().push(s);
    }
    let mut out = Imported::default();
    if by_api.is_empty() {
        return Err("no series of API Gateway metrics in the results: nothing to import".into());
    }
    for (api, list) in by_api {
        let t = one_api(api, &list, opts, &mut out.warnings)?;
        out.apis.push(t);
    }
    Ok(out)
}

fn find<'a>(list: &[&'a Series], m: Metric, s: Stat) -> Option<&'a Series> {
    list.iter()
        .copied()
        .find(|x| x.key.metric == m && x.key.stat == s)
}

fn sum(s: &Series) -> Result<Decimal, String> {
    s.points.iter().try_fold(Decimal::ZERO, |a, (_, v)| {
        a.checked_add(*v)
            .ok_or_else(|| format!("{}: the sum overflows", s.key.describe()))
    })
}

/// `total` over `covered` seconds, scaled to 730 hours and rounded to a whole unit.
fn monthly(total: Decimal, covered: i64, what: &str) -> Result<Decimal, String> {
    let month = Decimal::from(SECONDS_PER_MONTH);
    let secs = Decimal::from(covered);
    let v = match total.checked_mul(month) {
        Some(x) => x / secs,
        None => (total / secs)
            .checked_mul(month)
            .ok_or_else(|| format!("{what}: too large a volume"))?,
    };
    let v = v.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    if v > MAX_UNITS {
        return Err(format!(
            "{what}: {v} a month is more than the 10^25 the cost model prices"
        ));
    }
    Ok(v)
}

fn one_api(
    api: &ApiRef,
    list: &[&Series],
    opts: &Options,
    warnings: &mut Vec<String>,
) -> Result<ApiTraffic, String> {
    let volume_metric = if api.kind == ApiKind::WebSocket {
        Metric::MessageCount
    } else {
        Metric::Count
    };
    let primary = find(list, volume_metric, Stat::Sum).ok_or_else(|| {
        format!(
            "{}: no {} (Sum) among the results, so no volume can be derived (read: {})",
            api.describe(),
            volume_metric.name(),
            list.iter()
                .map(|s| format!("{} {}", s.key.metric.name(), s.key.stat.name()))
                .collect::<Vec<_>>()
                .join(", ")
        )
    })?;
    if primary.points.is_empty() {
        return Err(format!(
            "{}: {} has no datapoints: CloudWatch returns none for an API name, id or stage that does not exist (check the spelling: REST metrics are by the API's name, HTTP and WebSocket by its id) or an API without traffic in the range",
            primary.origin,
            volume_metric.name()
        ));
    }
    let period = primary.period;
    let anchor = primary.points[0].0;
    check_periods(list, primary, anchor, warnings)?;
    let (range, range_given) = match opts.range {
        Some(r) => (r, true),
        None => {
            let first = primary.points[0].0;
            let last = primary.points[primary.points.len() - 1].0;
            (
                Range {
                    start: first,
                    end: last + period,
                },
                false,
            )
        }
    };
    super::check_range(range, period).map_err(|e| format!("{}: {e}", primary.origin))?;
    let grid = Grid::new(primary, range)?;
    let periods = primary.points.len();
    let covered = period * periods as i64;
    let total = sum(primary)?;
    let what = api.describe();
    let month = monthly(total, covered, &what)?;
    let idle = monthly(total, (grid.expected as i64) * period, &what)?;
    let peak = peak_of(primary, total, periods);
    let t = ApiTraffic {
        api: api.clone(),
        period,
        range,
        range_given,
        periods,
        expected: grid.expected,
        missing: grid.missing,
        missing_count: grid.missing_count,
        hours: Decimal::from(covered) / Decimal::from(3600),
        volume_metric,
        total,
        monthly: month,
        monthly_if_idle: idle,
        peak,
        cache: cache_of(api, list, warnings)?,
        data_processed: find(list, Metric::DataProcessed, Stat::Sum)
            .map(sum)
            .transpose()?,
        bytes_per_request: None,
        connect_total: find(list, Metric::ConnectCount, Stat::Sum)
            .map(sum)
            .transpose()?,
        connections: None,
        latency: latency_of(api, list, primary, warnings)?,
    };
    finish(t, covered, warnings)
}

/// Bytes per request, connections a month, and the warnings every API gets.
fn finish(
    mut t: ApiTraffic,
    covered: i64,
    warnings: &mut Vec<String>,
) -> Result<ApiTraffic, String> {
    let what = t.api.describe();
    if let Some(dp) = t.data_processed {
        if t.total.is_zero() {
            warnings.push(format!(
                "{what}: DataProcessed without requests: no size per request derived"
            ));
        } else {
            t.bytes_per_request = Some(dp / t.total);
        }
    }
    if let Some(c) = t.connect_total {
        t.connections = Some(monthly(c, covered, &what)?);
    }
    if t.missing_count > 0 {
        let listed: Vec<String> = t.missing.iter().map(|m| time::format(*m)).collect();
        let more = t.missing_count - t.missing.len();
        warnings.push(format!(
            "{what}: {} of {} periods of {} s have no {} datapoint ({}{}): left out of the hours covered; if the API had no traffic then, the month is {} rather than {}",
            t.missing_count,
            t.expected,
            crate::model::numbers::group(Decimal::from(t.period)),
            t.volume_metric.name(),
            listed.join(", "),
            if more > 0 { format!(" and {more} more") } else { String::new() },
            crate::model::numbers::group(t.monthly_if_idle),
            crate::model::numbers::group(t.monthly)
        ));
    }
    if !t.range_given {
        warnings.push(format!(
            "{what}: the range is taken from the first and last datapoints ({}): periods missing before or after them cannot be seen (give --queries Q.json, or --start and --end)",
            t.range.describe()
        ));
    }
    if t.total.is_zero() {
        warnings.push(format!(
            "{what}: {} is 0 in every period read: no peak factor",
            t.volume_metric.name()
        ));
    }
    Ok(t)
}

/// Every count series shares the primary's period and lies on its grid.
fn check_periods(
    list: &[&Series],
    primary: &Series,
    anchor: i64,
    warnings: &mut Vec<String>,
) -> Result<(), String> {
    let period = primary.period;
    for s in list.iter().filter(|s| s.key.metric.is_volume()) {
        if s.period != period {
            return Err(format!(
                "mismatched periods: {} is read per {} s and {} per {period} s: ask for both with the same period",
                s.origin,
                s.period,
                primary.origin
            ));
        }
        for w in s.points.windows(2) {
            if w[1].0 - w[0].0 < period {
                return Err(format!(
                    "mismatched periods: {} has datapoints {} s apart ({} and {}), but its period is {period} s (give the period the query used: --period or --queries)",
                    s.origin,
                    w[1].0 - w[0].0,
                    time::format(w[0].0),
                    time::format(w[1].0)
                ));
            }
        }
        if let Some((t, _)) = s.points.iter().find(|(t, _)| (t - anchor) % period != 0) {
            return Err(format!(
                "mismatched periods: {} has a datapoint at {}, not a whole number of {period} s periods from {}",
                s.origin,
                time::format(*t),
                time::format(anchor)
            ));
        }
        if s.points.is_empty() && s.key.metric != primary.key.metric {
            warnings.push(format!("{}: no datapoints", s.key.describe()));
        }
    }
    Ok(())
}

/// The periods a range holds on the data's grid, and which have no datapoint.
struct Grid {
    expected: usize,
    missing: Vec<i64>,
    missing_count: usize,
}

impl Grid {
    fn new(s: &Series, range: Range) -> Result<Grid, String> {
        let p = s.period;
        let first = s.points[0].0;
        // CloudWatch rounds a start time down (to 5 minutes or an hour for older data): a datapoint may
        // start up to one period before the range.
        if let Some((t, _)) = s
            .points
            .iter()
            .find(|(t, _)| *t <= range.start - p || *t >= range.end)
        {
            return Err(format!(
                "{}: a datapoint at {} lies outside the range asked for ({} to {})",
                s.origin,
                time::format(*t),
                time::format(range.start),
                time::format(range.end)
            ));
        }
        let mut slot = range.start + (first - range.start).rem_euclid(p);
        if first < slot {
            slot = first;
        }
        let (mut expected, mut missing, mut missing_count) = (0usize, Vec::new(), 0usize);
        let mut i = 0;
        while slot < range.end {
            expected += 1;
            while i < s.points.len() && s.points[i].0 < slot {
                i += 1;
            }
            if i >= s.points.len() || s.points[i].0 != slot {
                missing_count += 1;
                if missing.len() < MAX_LISTED {
                    missing.push(slot);
                }
            }
            slot += p;
        }
        Ok(Grid {
            expected,
            missing,
            missing_count,
        })
    }
}

fn peak_of(s: &Series, total: Decimal, periods: usize) -> Option<Peak> {
    if total.is_zero() {
        return None;
    }
    let (at, value) =
        s.points
            .iter()
            .copied()
            .fold(None::<(i64, Decimal)>, |best, p| match best {
                Some(b) if b.1 >= p.1 => Some(b),
                _ => Some(p),
            })?;
    Some(Peak {
        at,
        value,
        factor: value * Decimal::from(periods as u64) / total,
    })
}

fn cache_of(
    api: &ApiRef,
    list: &[&Series],
    warnings: &mut Vec<String>,
) -> Result<Option<Cache>, String> {
    let hits = find(list, Metric::CacheHitCount, Stat::Sum);
    let misses = find(list, Metric::CacheMissCount, Stat::Sum);
    match (hits, misses) {
        (None, None) => Ok(None),
        (Some(h), Some(m)) => {
            let (h, m) = (sum(h)?, sum(m)?);
            let all = h + m;
            if all.is_zero() {
                warnings.push(format!(
                    "{}: CacheHitCount and CacheMissCount are 0: the stage has no cache (or it was off), so no cache hit rate",
                    api.describe()
                ));
            }
            Ok(Some(Cache {
                hits: h,
                misses: m,
                hit_rate: (!all.is_zero()).then(|| h / all),
            }))
        }
        (Some(_), None) | (None, Some(_)) => {
            warnings.push(format!(
                "{}: only one of CacheHitCount and CacheMissCount was read: no cache hit rate",
                api.describe()
            ));
            Ok(None)
        }
    }
}

/// The stage served requests from a cache in the periods read.
fn cached(list: &[&Series]) -> bool {
    find(list, Metric::CacheHitCount, Stat::Sum)
        .is_some_and(|s| s.points.iter().any(|(_, v)| !v.is_zero()))
}

/// One percentile from a series: its value, or with several periods their mean weighted by the
/// volume of the same periods (plain mean where no volume matches).
fn percentile(s: &Series, primary: &Series) -> Result<Option<(Decimal, bool)>, String> {
    for (t, v) in &s.points {
        if *v > MAX_LATENCY_MS {
            return Err(format!(
                "{}: {v} ms at {} is more than an hour: not a latency in milliseconds",
                s.key.describe(),
                time::format(*t)
            ));
        }
    }
    match s.points.len() {
        0 => Ok(None),
        1 => Ok(Some((s.points[0].1, false))),
        n => {
            let weight: BTreeMap<i64, Decimal> = primary.points.iter().copied().collect();
            let (mut num, mut den) = (Decimal::ZERO, Decimal::ZERO);
            for (t, v) in &s.points {
                if let Some(w) = weight.get(t) {
                    num += *v * *w;
                    den += *w;
                }
            }
            if den.is_zero() {
                let total: Decimal = s.points.iter().map(|p| p.1).sum();
                return Ok(Some((total / Decimal::from(n as u64), true)));
            }
            Ok(Some((num / den, true)))
        }
    }
}

fn latency_of(
    api: &ApiRef,
    list: &[&Series],
    primary: &Series,
    warnings: &mut Vec<String>,
) -> Result<Latency, String> {
    let mut l = Latency::default();
    for (metric, pct) in [
        (Metric::Latency, &mut l.latency),
        (Metric::IntegrationLatency, &mut l.integration),
    ] {
        for stat in Stat::PERCENTILES {
            if let Some(s) = find(list, metric, stat) {
                let v = percentile(s, primary)?;
                if let Some((_, true)) = v {
                    l.averaged = true;
                    warnings.push(format!(
                        "{}: {} values (one per {} s): a percentile over the whole range is not in them; their mean weighted by {} is used, an approximation (--print-query asks for one value over the range)",
                        s.key.describe(),
                        s.points.len(),
                        s.period,
                        primary.key.metric.name()
                    ));
                }
                pct.set(stat, v.map(|x| x.0));
            }
        }
    }
    for stat in Stat::PERCENTILES {
        if let (Some(a), Some(b)) = (l.latency.get(stat), l.integration.get(stat)) {
            let d = a - b;
            if d > Decimal::ZERO {
                l.overhead.set(stat, Some(d));
            } else {
                warnings.push(format!(
                    "{}: Latency {} {a} ms is not above IntegrationLatency {} {b} ms: no gateway overhead at {} (percentiles of different requests need not differ by the overhead)",
                    api.describe(),
                    stat.name(),
                    stat.name(),
                    stat.name()
                ));
            }
        }
    }
    if !l.overhead.is_empty() && cached(list) {
        warnings.push(format!(
            "{}: the stage has a cache: Latency counts cache hits, which have no IntegrationLatency, so the overhead's percentiles mix hits and misses",
            api.describe()
        ));
    }
    if api.kind == ApiKind::WebSocket && !l.integration.is_empty() {
        warnings.push(format!(
            "{}: WebSocket APIs publish no Latency metric: the gateway's own overhead cannot be measured from CloudWatch (integration latency only)",
            api.describe()
        ));
    }
    Ok(l)
}
