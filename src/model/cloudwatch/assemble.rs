//! Results as read (pages of GetMetricData output, GetMetricStatistics datapoints) put together into
//! one series per API stage, metric and statistic, checked on the way: a result must say which series
//! it is (its Label, or its query with `--queries`), its status must be `Complete` (or `PartialData`
//! completed by a later page), timestamps and values must pair up, and pages may repeat a timestamp
//! only with the same value. Anything else is an error naming the file and the Id; what can be read
//! safely but deserves a look is a warning.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::query::parse_label;
use super::{time, ApiRef, Metric, Range, Series, SeriesKey, Stat, MAX_DATAPOINTS, MAX_SERIES};
use crate::error::shorten;

/// A result's `StatusCode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Complete,
    PartialData,
    InternalError,
    Forbidden,
}

impl Status {
    pub fn parse(s: &str) -> Option<Status> {
        match s {
            "Complete" => Some(Status::Complete),
            "PartialData" => Some(Status::PartialData),
            "InternalError" => Some(Status::InternalError),
            "Forbidden" => Some(Status::Forbidden),
            _ => None,
        }
    }
}

/// One `MetricDataResults[]` entry (or one statistic of a GetMetricStatistics file, whose series is
/// known from the command line: `known`).
#[derive(Debug, Clone)]
pub struct RawResult {
    pub id: String,
    pub label: Option<String>,
    pub status: Status,
    pub timestamps: Vec<i64>,
    pub values: Vec<Decimal>,
    /// The result's own `Messages`, as `Code: Value`.
    pub messages: Vec<String>,
    /// The series and period, when the input says so itself (GetMetricStatistics with `--rest-api`...).
    pub known: Option<(SeriesKey, i64)>,
}

/// One file of results.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// The file's name, for messages.
    pub origin: String,
    /// The page ends with a `NextToken` (more pages follow).
    pub next_token: bool,
    /// GetMetricData output (pages and NextTokens apply), as opposed to GetMetricStatistics.
    pub metric_data: bool,
    pub results: Vec<RawResult>,
    /// The call's own `Messages`.
    pub messages: Vec<String>,
}

/// A query from a `--queries` file: the series it asks for, or why it is not read.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryDef {
    pub id: String,
    pub series: Result<(SeriesKey, i64), String>,
    /// The queries file, for messages.
    pub origin: String,
}

/// The queries files: every query by Id, and the range they asked for.
#[derive(Debug, Clone, Default)]
pub struct Queries {
    pub defs: BTreeMap<String, QueryDef>,
    pub range: Option<Range>,
}

/// What the assembly gives: the series, and the warnings to show.
#[derive(Debug, Clone, Default)]
pub struct Assembled {
    pub series: Vec<Series>,
    pub warnings: Vec<String>,
}

/// Which series a result is: its `known` identity, its query, else its Label.
fn identify(
    page: &Page,
    r: &RawResult,
    queries: &Queries,
) -> Result<Option<(SeriesKey, i64)>, String> {
    if let Some(k) = &r.known {
        return Ok(Some(k.clone()));
    }
    let at = format!("{}: result Id '{}'", page.origin, shorten(&r.id));
    if let Some(q) = queries.defs.get(&r.id) {
        return match &q.series {
            Ok(s) => Ok(Some(s.clone())),
            Err(_) => Ok(None),
        };
    }
    if !queries.defs.is_empty() {
        return Err(format!(
            "{at} is not among the queries given with --queries (a results file from other queries?)"
        ));
    }
    let label = r.label.as_deref().unwrap_or("");
    match parse_label(label) {
        Some((api, metric, stat, period)) => Ok(Some((SeriesKey { api, metric, stat }, period))),
        None => Err(format!(
            "{at} (Label '{}') cannot be understood without its query: the Label is not one \
             `import cloudwatch --print-query` writes; pass the queries file it was run with \
             (--queries Q.json)",
            shorten(label)
        )),
    }
}

/// What is known of one series while pages are read.
struct Building {
    period: i64,
    origin: String,
    points: Vec<(i64, Decimal)>,
    complete: bool,
    partial: Option<String>,
}

/// Puts the pages together: see the module's documentation.
pub fn assemble(pages: &[Page], queries: &Queries) -> Result<Assembled, String> {
    let mut warnings = Vec::new();
    let mut series: BTreeMap<SeriesKey, Building> = BTreeMap::new();
    let mut seen_ids: BTreeMap<String, ()> = BTreeMap::new();
    let mut datapoints = 0usize;
    for page in pages {
        for m in &page.messages {
            warnings.push(format!(
                "{}: CloudWatch says: {}",
                page.origin,
                shorten_msg(m)
            ));
        }
        if page.results.is_empty() {
            return Err(format!(
                "{}: no results in the file (MetricDataResults or Datapoints is empty): nothing was measured",
                page.origin
            ));
        }
        for r in &page.results {
            seen_ids.insert(r.id.clone(), ());
            let Some((key, period)) = identify(page, r, queries)? else {
                continue;
            };
            let at = format!(
                "{}: {} (Id '{}')",
                page.origin,
                key.describe(),
                shorten(&r.id)
            );
            check_result(&at, r, &mut warnings)?;
            datapoints += r.values.len();
            if datapoints > MAX_DATAPOINTS {
                return Err(format!(
                    "{}: more than {MAX_DATAPOINTS} datapoints in all: ask for a longer --period or a shorter range",
                    page.origin
                ));
            }
            let b = series.entry(key.clone()).or_insert_with(|| Building {
                period,
                origin: at.clone(),
                points: Vec::new(),
                complete: false,
                partial: None,
            });
            if b.period != period {
                return Err(format!(
                    "mismatched periods: {} is {} s in {} and {period} s in {}: read one period per series",
                    key.describe(),
                    b.period,
                    b.origin,
                    page.origin
                ));
            }
            b.points
                .extend(r.timestamps.iter().copied().zip(r.values.iter().copied()));
            match r.status {
                Status::Complete => b.complete = true,
                _ => b.partial = Some(page.origin.clone()),
            }
            if series.len() > MAX_SERIES {
                return Err(format!(
                    "more than {MAX_SERIES} series: import fewer APIs at a time"
                ));
            }
        }
    }
    unread(pages, queries, &seen_ids, &mut warnings);
    let mut out = Vec::new();
    for (key, b) in series {
        if let (false, Some(file)) = (b.complete, &b.partial) {
            return Err(format!(
                "{}: StatusCode PartialData and no later page completes it: {file} ends with a NextToken that was not followed (run get-metric-data again with --next-token and pass every page)",
                key.describe()
            ));
        }
        let points = dedupe(&key, b.points, &mut warnings)?;
        out.push(Series {
            key,
            period: b.period,
            points,
            origin: b.origin,
        });
    }
    Ok(Assembled {
        series: out,
        warnings,
    })
}

/// What was not read: a last page not fetched, a query not read or without results.
fn unread(
    pages: &[Page],
    queries: &Queries,
    seen_ids: &BTreeMap<String, ()>,
    warnings: &mut Vec<String>,
) {
    let data_pages: Vec<&Page> = pages.iter().filter(|p| p.metric_data).collect();
    if !data_pages.is_empty() && data_pages.iter().all(|p| p.next_token) {
        warnings.push(format!(
            "every results file ends with a NextToken ({}): the last page was not fetched (run get-metric-data again with --next-token and pass that page too)",
            data_pages
                .iter()
                .map(|p| p.origin.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    for q in queries.defs.values() {
        match &q.series {
            Err(why) => warnings.push(format!(
                "{}: query '{}' not read: {why}",
                q.origin,
                shorten(&q.id)
            )),
            Ok((k, _)) if !seen_ids.contains_key(&q.id) => warnings.push(format!(
                "{}: no results for query '{}' ({})",
                q.origin,
                shorten(&q.id),
                k.describe()
            )),
            Ok(_) => {}
        }
    }
}

fn shorten_msg(m: &str) -> String {
    crate::error::shorten_over(m, 200)
}

/// A result's status, its timestamps against its values, their order, and its values' range.
fn check_result(at: &str, r: &RawResult, warnings: &mut Vec<String>) -> Result<(), String> {
    match r.status {
        Status::Forbidden => {
            return Err(format!(
                "{at}: StatusCode Forbidden: these credentials may not read this metric (cloudwatch:GetMetricData on the namespace AWS/ApiGateway is needed)"
            ))
        }
        Status::InternalError => {
            return Err(format!(
                "{at}: StatusCode InternalError: CloudWatch failed to return it; run the query again (with its NextToken, if the page has one)"
            ))
        }
        _ => {}
    }
    for m in &r.messages {
        warnings.push(format!("{at}: CloudWatch says: {}", shorten_msg(m)));
    }
    if r.timestamps.len() != r.values.len() {
        return Err(format!(
            "{at}: {} timestamps but {} values (AWS pairs them one to one)",
            r.timestamps.len(),
            r.values.len()
        ));
    }
    let t = &r.timestamps;
    let descending = t.windows(2).all(|w| w[0] > w[1]);
    let ascending = t.windows(2).all(|w| w[0] < w[1]);
    if !descending && !ascending {
        let i = t
            .windows(3)
            .position(|w| (w[0] < w[1]) != (w[1] < w[2]) || w[0] == w[1] || w[1] == w[2])
            .map_or(1, |i| i + 1);
        warnings.push(format!(
            "{at}: timestamps out of order at position {i} ({}): AWS returns them newest first (or oldest first with ScanBy TimestampAscending); sorted",
            time::format(t[i.min(t.len() - 1)])
        ));
    }
    for (i, v) in r.values.iter().enumerate() {
        if v.is_sign_negative() && !v.is_zero() || *v > super::MAX_VALUE {
            return Err(format!(
                "{at}: value {} at {} (position {i}): expected a number from 0 to 10^18",
                shorten(&v.to_string()),
                time::format(r.timestamps[i])
            ));
        }
    }
    Ok(())
}

/// Sorts a series by time; a timestamp read twice with the same value (a page given twice) is kept
/// once, with a warning; with two different values it is an error.
fn dedupe(
    key: &SeriesKey,
    mut points: Vec<(i64, Decimal)>,
    warnings: &mut Vec<String>,
) -> Result<Vec<(i64, Decimal)>, String> {
    points.sort_by_key(|p| p.0);
    let mut out: Vec<(i64, Decimal)> = Vec::with_capacity(points.len());
    let mut repeated = 0usize;
    for (t, v) in points {
        match out.last() {
            Some(&(lt, lv)) if lt == t => {
                if lv != v {
                    return Err(format!(
                        "{}: two different values at {} ({lv} and {v}): duplicated timestamps from different queries or files",
                        key.describe(),
                        time::format(t)
                    ));
                }
                repeated += 1;
            }
            _ => out.push((t, v)),
        }
    }
    if repeated > 0 {
        warnings.push(format!(
            "{}: {repeated} duplicated timestamps with the same values (the same page given twice?): each counted once",
            key.describe()
        ));
    }
    Ok(out)
}

/// The series of a query read from a `--queries` file: the metric and statistic must be ones the
/// importer reads, its dimensions exactly the API's and `Stage`. The reason in words otherwise.
pub fn query_series(
    namespace: &str,
    metric: &str,
    dims: &[(String, String)],
    stat: &str,
    period: i64,
) -> Result<(SeriesKey, i64), String> {
    if namespace != super::NAMESPACE {
        return Err(format!(
            "namespace '{}' is not {}",
            shorten(namespace),
            super::NAMESPACE
        ));
    }
    let m = Metric::from_name(metric)
        .ok_or_else(|| format!("metric '{}' is not one the importer reads", shorten(metric)))?;
    let s = Stat::from_name(stat)
        .ok_or_else(|| format!("statistic '{}' is not Sum, p50, p90 or p99", shorten(stat)))?;
    if m.is_volume() != (s == Stat::Sum) {
        return Err(format!(
            "{} is read as {}",
            m.name(),
            if m.is_volume() {
                "Sum"
            } else {
                "p50, p90 or p99"
            }
        ));
    }
    let get = |n: &str| dims.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
    let stage = get("Stage");
    let (kind_dim, name) = match (get("ApiName"), get("ApiId")) {
        (Some(n), None) => ("ApiName", n),
        (None, Some(i)) => ("ApiId", i),
        _ => {
            return Err(
                "dimensions must name the API by ApiName (REST) or ApiId (HTTP, WebSocket)".into(),
            )
        }
    };
    let Some(stage) = stage.filter(|_| dims.len() == 2) else {
        return Err(format!(
            "dimensions must be exactly {kind_dim} and Stage (per-method or per-route metrics are not read)"
        ));
    };
    let kinds = m.kinds();
    let kind = if kind_dim == "ApiName" {
        crate::model::api::ApiKind::Rest
    } else if kinds.contains(&crate::model::api::ApiKind::WebSocket) && kinds.len() == 1 {
        crate::model::api::ApiKind::WebSocket
    } else if kinds.contains(&crate::model::api::ApiKind::Http) {
        crate::model::api::ApiKind::Http
    } else {
        return Err(format!(
            "{} by ApiId is ambiguous (HTTP or WebSocket): use the queries --print-query writes",
            m.name()
        ));
    };
    if !kinds.contains(&kind) {
        return Err(format!("a {} does not publish {}", kind.title(), m.name()));
    }
    Ok((
        SeriesKey {
            api: ApiRef { kind, name, stage },
            metric: m,
            stat: s,
        },
        period,
    ))
}

/// `IntegrationLatency` by `ApiId` is published by HTTP and WebSocket APIs alike: a query for it is
/// read as WebSocket when another query of the same API and stage asks for a WebSocket metric, or when
/// its Id is one `--print-query` writes for a WebSocket API (`w` + 8 hex digits).
pub fn settle_kinds(q: &mut Queries) {
    use crate::model::api::ApiKind;
    let ws: Vec<(String, String)> = q
        .defs
        .values()
        .filter_map(|d| d.series.as_ref().ok())
        .filter(|(k, _)| k.api.kind == ApiKind::WebSocket)
        .map(|(k, _)| (k.api.name.clone(), k.api.stage.clone()))
        .collect();
    for d in q.defs.values_mut() {
        let ours = d.id.starts_with('w')
            && d.id.len() > 9
            && d.id[1..9].bytes().all(|b| b.is_ascii_hexdigit());
        if let Ok((k, _)) = &mut d.series {
            let pair = (k.api.name.clone(), k.api.stage.clone());
            if k.metric == Metric::IntegrationLatency
                && k.api.kind == ApiKind::Http
                && (ours || ws.contains(&pair))
            {
                k.api.kind = ApiKind::WebSocket;
            }
        }
    }
}
