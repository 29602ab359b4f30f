//! AWS's JSON shapes, as the AWS CLI prints them:
//! - GetMetricData output: `{ "MetricDataResults": [ { "Id", "Label", "Timestamps": [...], "Values":
//!   [...], "StatusCode", "Messages" } ], "NextToken"?, "Messages": [...] }`;
//! - GetMetricStatistics output: `{ "Label": METRIC, "Datapoints": [ { "Timestamp", "Sum", "Average",
//!   "ExtendedStatistics": { "p99": ... }, "Unit" } ] }`;
//! - GetMetricData input: `{ "MetricDataQueries": [ { "Id", "Label", "MetricStat": { "Metric": {
//!   "Namespace", "MetricName", "Dimensions": [ { "Name", "Value" } ] }, "Period", "Stat" },
//!   "ReturnData" } ], "StartTime", "EndTime", "ScanBy"? }`.
//!
//! Numbers are read exactly as written (`100000.0`, `1e-05`) into decimals; timestamps as ISO 8601
//! strings or whole seconds since 1970.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::StatisticsOf;
use crate::error::shorten;
use crate::model::cloudwatch::assemble::{query_series, Queries, QueryDef};
use crate::model::cloudwatch::query::valid_period;
use crate::model::cloudwatch::{
    time, Metric, Page, Range, RawResult, SeriesKey, Stat, Status, MAX_SERIES,
};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct MetricDataOutput<'a> {
    #[serde(borrow)]
    metric_data_results: Vec<ResultJson<'a>>,
    #[serde(default)]
    next_token: Option<String>,
    #[serde(default)]
    messages: Vec<MessageJson>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ResultJson<'a> {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    label: Option<String>,
    #[serde(default, borrow)]
    timestamps: Vec<&'a RawValue>,
    #[serde(default, borrow)]
    values: Vec<&'a RawValue>,
    #[serde(default)]
    status_code: Option<String>,
    #[serde(default)]
    messages: Vec<MessageJson>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct MessageJson {
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    value: Option<String>,
}

impl MessageJson {
    fn text(&self) -> String {
        format!(
            "{}: {}",
            self.code.as_deref().unwrap_or("(no code)"),
            self.value.as_deref().unwrap_or("")
        )
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct StatisticsOutput<'a> {
    #[serde(default)]
    label: Option<String>,
    #[serde(borrow)]
    datapoints: Vec<DatapointJson<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DatapointJson<'a> {
    #[serde(borrow)]
    timestamp: &'a RawValue,
    #[serde(default, borrow)]
    sum: Option<&'a RawValue>,
    #[serde(default, borrow)]
    extended_statistics: BTreeMap<String, &'a RawValue>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct QueriesInput {
    metric_data_queries: Vec<QueryJson>,
    #[serde(default)]
    start_time: Option<serde_json::Value>,
    #[serde(default)]
    end_time: Option<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct QueryJson {
    id: String,
    #[serde(default)]
    metric_stat: Option<MetricStatJson>,
    #[serde(default)]
    expression: Option<String>,
    #[serde(default)]
    return_data: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct MetricStatJson {
    metric: MetricJson,
    period: i64,
    stat: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct MetricJson {
    #[serde(default)]
    namespace: Option<String>,
    #[serde(default)]
    metric_name: Option<String>,
    #[serde(default)]
    dimensions: Vec<DimensionJson>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DimensionJson {
    name: String,
    value: String,
}

/// The top-level keys of a JSON object, borrowed.
fn top(text: &str) -> Result<BTreeMap<String, &RawValue>, String> {
    serde_json::from_str(text).map_err(|e| format!("not a JSON object: {e}"))
}

/// A JSON number exactly as written (`100000.0`, `1e-05`).
fn number(raw: &RawValue) -> Result<Decimal, String> {
    let s = raw.get().trim();
    let parsed = if s.contains(['e', 'E']) {
        Decimal::from_scientific(s)
    } else {
        s.parse::<Decimal>()
    };
    parsed.map_err(|_| format!("'{}' is not a number (0 to 10^18)", shorten(s)))
}

/// A timestamp: an ISO 8601 string, or whole seconds since 1970.
fn timestamp(raw: &RawValue) -> Result<i64, String> {
    let s = raw.get().trim();
    if let Ok(text) = serde_json::from_str::<String>(s) {
        return time::parse(&text).map_err(|e| format!("timestamp '{}': {e}", shorten(&text)));
    }
    match s.parse::<i64>() {
        Ok(v) if (time::MIN_SECONDS..=time::MAX_SECONDS).contains(&v) => Ok(v),
        _ => Err(format!(
            "timestamp {}: expected an ISO 8601 string such as \"2026-11-01T00:00:00Z\" or whole seconds since 1970",
            shorten(s)
        )),
    }
}

/// A results file: GetMetricData output or GetMetricStatistics output.
pub fn results(text: &str, origin: &str, stats: Option<&StatisticsOf>) -> Result<Page, String> {
    let keys = top(text)?;
    if keys.contains_key("MetricDataResults") {
        return metric_data(text, origin);
    }
    if keys.contains_key("Datapoints") {
        return statistics(text, origin, stats);
    }
    if keys.contains_key("MetricDataQueries") {
        return Err(
            "a queries file (GetMetricData input), not results: pass it with --queries, and the output of `aws cloudwatch get-metric-data --cli-input-json file://IT` as results".into(),
        );
    }
    Err("neither get-metric-data output (MetricDataResults) nor get-metric-statistics output (Datapoints)".into())
}

fn metric_data(text: &str, origin: &str) -> Result<Page, String> {
    let out: MetricDataOutput =
        serde_json::from_str(text).map_err(|e| format!("not get-metric-data output: {e}"))?;
    if out.metric_data_results.len() > MAX_SERIES {
        return Err(format!(
            "{} results: at most {MAX_SERIES} are read",
            out.metric_data_results.len()
        ));
    }
    let mut results = Vec::with_capacity(out.metric_data_results.len());
    for (i, r) in out.metric_data_results.iter().enumerate() {
        let id = r.id.clone().unwrap_or_default();
        let at = |m: String| format!("MetricDataResults[{i}] (Id '{}'): {m}", shorten(&id));
        let status = match r.status_code.as_deref() {
            Some(s) => Status::parse(s).ok_or_else(|| {
                at(format!(
                    "StatusCode '{}': expected Complete, PartialData, InternalError or Forbidden",
                    shorten(s)
                ))
            })?,
            None => return Err(at("no StatusCode (AWS always sends one)".into())),
        };
        let timestamps = r
            .timestamps
            .iter()
            .enumerate()
            .map(|(j, t)| timestamp(t).map_err(|m| at(format!("Timestamps[{j}]: {m}"))))
            .collect::<Result<Vec<_>, _>>()?;
        let values = r
            .values
            .iter()
            .enumerate()
            .map(|(j, v)| number(v).map_err(|m| at(format!("Values[{j}]: {m}"))))
            .collect::<Result<Vec<_>, _>>()?;
        results.push(RawResult {
            id,
            label: r.label.clone(),
            status,
            timestamps,
            values,
            messages: r.messages.iter().map(MessageJson::text).collect(),
            known: None,
        });
    }
    Ok(Page {
        origin: origin.to_string(),
        next_token: out.next_token.as_deref().is_some_and(|t| !t.is_empty()),
        metric_data: true,
        results,
        messages: out.messages.iter().map(MessageJson::text).collect(),
    })
}

fn statistics(text: &str, origin: &str, stats: Option<&StatisticsOf>) -> Result<Page, String> {
    let out: StatisticsOutput =
        serde_json::from_str(text).map_err(|e| format!("not get-metric-statistics output: {e}"))?;
    let label = out.label.clone().unwrap_or_default();
    let metric = Metric::from_name(&label).ok_or_else(|| {
        format!(
            "get-metric-statistics output of '{}': expected one of the metrics read ({})",
            shorten(&label),
            Metric::ALL.map(Metric::name).join(", ")
        )
    })?;
    let Some(of) = stats else {
        return Err(format!(
            "get-metric-statistics output of {label} does not say which API it is: give --rest-api NAME (or --http-api ID, --websocket-api ID) and --stage"
        ));
    };
    if !metric.kinds().contains(&of.api.kind) {
        return Err(format!(
            "a {} does not publish {label}",
            of.api.kind.title()
        ));
    }
    let stats_read: &[Stat] = if metric.is_volume() {
        &[Stat::Sum]
    } else {
        &Stat::PERCENTILES
    };
    let mut results = Vec::new();
    for stat in stats_read {
        let (mut ts, mut vs) = (Vec::new(), Vec::new());
        for (j, d) in out.datapoints.iter().enumerate() {
            let at = |m: String| format!("Datapoints[{j}]: {m}");
            let raw = match stat {
                Stat::Sum => d.sum,
                s => d.extended_statistics.get(s.name()).copied(),
            };
            let Some(raw) = raw else {
                if *stat == Stat::Sum {
                    return Err(at(format!(
                        "no Sum: run get-metric-statistics for {label} with --statistics Sum"
                    )));
                }
                continue;
            };
            ts.push(timestamp(d.timestamp).map_err(at)?);
            vs.push(number(raw).map_err(at)?);
        }
        if !metric.is_volume() && ts.is_empty() {
            continue;
        }
        // GetMetricStatistics returns datapoints in no particular order: sort before the checks.
        let mut pairs: Vec<(i64, Decimal)> = ts.into_iter().zip(vs).collect();
        pairs.sort_by_key(|p| p.0);
        results.push(RawResult {
            id: format!("{label} {}", stat.name()),
            label: Some(label.clone()),
            status: Status::Complete,
            timestamps: pairs.iter().map(|p| p.0).collect(),
            values: pairs.iter().map(|p| p.1).collect(),
            messages: Vec::new(),
            known: Some((
                SeriesKey {
                    api: of.api.clone(),
                    metric,
                    stat: *stat,
                },
                of.period,
            )),
        });
    }
    if results.is_empty() {
        return Err(format!(
            "no p50, p90 or p99 in ExtendedStatistics: run get-metric-statistics for {label} with --extended-statistics p50 p90 p99"
        ));
    }
    Ok(Page {
        origin: origin.to_string(),
        next_token: false,
        metric_data: false,
        results,
        messages: Vec::new(),
    })
}

/// A queries file, added to `q`: each `MetricStat` query by Id, and the range.
pub fn queries(text: &str, origin: &str, q: &mut Queries) -> Result<(), String> {
    let input: QueriesInput = serde_json::from_str(text)
        .map_err(|e| format!("not GetMetricData input (MetricDataQueries): {e}"))?;
    if input.metric_data_queries.len() + q.defs.len() > MAX_SERIES {
        return Err(format!("more than {MAX_SERIES} queries in all"));
    }
    let when = |v: &Option<serde_json::Value>, key: &str| -> Result<i64, String> {
        match v {
            Some(serde_json::Value::String(s)) => {
                time::parse(s).map_err(|e| format!("{key} '{}': {e}", shorten(s)))
            }
            Some(serde_json::Value::Number(n)) => n
                .as_i64()
                .filter(|s| (time::MIN_SECONDS..=time::MAX_SECONDS).contains(s))
                .ok_or_else(|| format!("{key} {n}: expected whole seconds since 1970")),
            _ => Err(format!(
                "no {key}: GetMetricData input needs StartTime and EndTime"
            )),
        }
    };
    let range = Range {
        start: when(&input.start_time, "StartTime")?,
        end: when(&input.end_time, "EndTime")?,
    };
    if range.end <= range.start {
        return Err("EndTime must be after StartTime".into());
    }
    match q.range {
        Some(r) if r != range => {
            return Err(format!(
                "StartTime/EndTime {} differ from another queries file's {}: import one range at a time",
                range.describe(),
                r.describe()
            ))
        }
        _ => q.range = Some(range),
    }
    for (i, qj) in input.metric_data_queries.iter().enumerate() {
        let series = match (&qj.metric_stat, &qj.expression) {
            _ if qj.return_data == Some(false) => Err("ReturnData is false".to_string()),
            (Some(ms), _) => {
                let dims: Vec<(String, String)> = ms
                    .metric
                    .dimensions
                    .iter()
                    .map(|d| (d.name.clone(), d.value.clone()))
                    .collect();
                query_series(
                    ms.metric.namespace.as_deref().unwrap_or(""),
                    ms.metric.metric_name.as_deref().unwrap_or(""),
                    &dims,
                    &ms.stat,
                    ms.period,
                )
            }
            (None, Some(_)) => Err("a math expression (only MetricStat queries are read)".into()),
            (None, None) => Err("no MetricStat".into()),
        };
        if let Ok((_, p)) = &series {
            if !valid_period(*p) {
                return Err(format!(
                    "MetricDataQueries[{i}]: Period {p}: expected a multiple of 60 seconds, at most 455 days"
                ));
            }
        }
        let def = QueryDef {
            id: qj.id.clone(),
            series,
            origin: origin.to_string(),
        };
        if let Some(old) = q.defs.get(&def.id) {
            if old.series != def.series {
                return Err(format!(
                    "MetricDataQueries[{i}]: Id '{}' is also in {} for another metric: Ids must be unique",
                    shorten(&def.id),
                    old.origin
                ));
            }
            continue;
        }
        q.defs.insert(def.id.clone(), def);
    }
    Ok(())
}
