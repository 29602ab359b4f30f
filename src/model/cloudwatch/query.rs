//! The GetMetricData input `--print-query` writes, and the Ids and Labels the importer understands.
//!
//! Each query asks for one metric's statistic of one API stage with `MetricStat` (no math
//! expressions). Its **Label** says everything the importer needs, so a results file can be read
//! without its queries: `apigw-cost KIND STAGE METRIC STAT PERIOD NAME` (the name last, so it may hold
//! spaces; stage names cannot). Its **Id** is `KIND-LETTER + 8 hex digits of the API and stage + _metric_stat`
//! (`r1a2b3c4d_count_sum`), so queries printed for different APIs never share an Id.
//! Counts are asked per `period`; latency percentiles over the whole range at once (one value each:
//! a percentile of a week cannot be rebuilt from hourly percentiles).

use super::{check_range, dimension_of, time, ApiRef, Metric, Range, Stat, NAMESPACE};
use crate::model::api::ApiKind;

/// The most queries one GetMetricData call accepts (AWS's limit).
pub const MAX_QUERIES: usize = 500;

/// The longest API name or stage accepted (CloudWatch's limit on a dimension value).
pub const MAX_DIMENSION_CHARS: usize = 1024;

/// The first word of every Label the importer writes.
pub const LABEL_TAG: &str = "apigw-cost";

/// What to ask for.
#[derive(Debug, Clone)]
pub struct QueryRequest {
    pub apis: Vec<ApiRef>,
    pub range: Range,
    /// Seconds per count datapoint (3,600 by default).
    pub period: i64,
}

/// One `MetricDataQuery`.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub id: String,
    pub label: String,
    pub api: ApiRef,
    pub metric: Metric,
    pub stat: Stat,
    pub period: i64,
}

/// The metrics and statistics asked for an API of `kind`.
pub fn wanted(kind: ApiKind) -> Vec<(Metric, Stat)> {
    let counts: &[Metric] = match kind {
        ApiKind::Rest => &[Metric::Count, Metric::CacheHitCount, Metric::CacheMissCount],
        ApiKind::Http => &[Metric::Count, Metric::DataProcessed],
        _ => &[Metric::MessageCount, Metric::ConnectCount],
    };
    let times: &[Metric] = match kind {
        ApiKind::Rest | ApiKind::Http => &[Metric::Latency, Metric::IntegrationLatency],
        _ => &[Metric::IntegrationLatency],
    };
    let mut out: Vec<(Metric, Stat)> = counts.iter().map(|m| (*m, Stat::Sum)).collect();
    for m in times {
        out.extend(Stat::PERCENTILES.iter().map(|s| (*m, *s)));
    }
    out
}

/// FNV-1a (32 bits) of the API's kind, name and stage: the Id's stable part.
fn api_hash(api: &ApiRef) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in api
        .kind
        .name()
        .bytes()
        .chain([0])
        .chain(api.name.bytes())
        .chain([0])
        .chain(api.stage.bytes())
    {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// `r1a2b3c4d_count_sum`: starts with a lowercase letter, then letters, digits and `_` (AWS's rule).
pub fn id(api: &ApiRef, metric: Metric, stat: Stat) -> String {
    let letter = match api.kind {
        ApiKind::Rest => 'r',
        ApiKind::Http => 'h',
        _ => 'w',
    };
    format!(
        "{letter}{:08x}_{}_{}",
        api_hash(api),
        metric.name().to_ascii_lowercase(),
        stat.name().to_ascii_lowercase()
    )
}

/// `apigw-cost rest prod Count Sum 3600 orders`.
pub fn label(api: &ApiRef, metric: Metric, stat: Stat, period: i64) -> String {
    format!(
        "{LABEL_TAG} {} {} {} {} {period} {}",
        api.kind.name(),
        api.stage,
        metric.name(),
        stat.name(),
        api.name
    )
}

/// A period CloudWatch can have here: a whole number of minutes, at most [`super::MAX_RANGE_SECONDS`].
pub fn valid_period(p: i64) -> bool {
    (60..=super::MAX_RANGE_SECONDS).contains(&p) && p % 60 == 0
}

/// What a Label written by [`label`] says, or `None` for any other Label.
pub fn parse_label(l: &str) -> Option<(ApiRef, Metric, Stat, i64)> {
    let mut parts = l.splitn(7, ' ');
    if parts.next()? != LABEL_TAG {
        return None;
    }
    let kind = match parts.next()? {
        "rest" => ApiKind::Rest,
        "http" => ApiKind::Http,
        "websocket" => ApiKind::WebSocket,
        _ => return None,
    };
    let stage = parts.next()?.to_string();
    let metric = Metric::from_name(parts.next()?)?;
    let stat = Stat::from_name(parts.next()?)?;
    let period: i64 = parts.next()?.parse().ok()?;
    if !valid_period(period) {
        return None;
    }
    let name = parts.next()?.to_string();
    if name.is_empty() || stage.is_empty() || !metric.kinds().contains(&kind) {
        return None;
    }
    Some((ApiRef { kind, name, stage }, metric, stat, period))
}

/// Checks a name or stage typed for a query: not empty, at most [`MAX_DIMENSION_CHARS`], no control
/// character, and (stages) no space. The problem in words.
pub fn check_api(api: &ApiRef) -> Result<(), String> {
    for (what, v) in [("name", &api.name), ("stage", &api.stage)] {
        if v.is_empty() || v.chars().count() > MAX_DIMENSION_CHARS {
            return Err(format!(
                "the {what} must be 1 to {MAX_DIMENSION_CHARS} characters"
            ));
        }
        if v.chars().any(char::is_control) {
            return Err(format!("the {what} must not hold control characters"));
        }
    }
    if api.stage.contains(char::is_whitespace) {
        return Err("a stage name has no spaces (letters, digits, - and _)".into());
    }
    if api.name.contains("${") {
        return Err("a name with '${' would be read by CloudWatch as a dynamic label".into());
    }
    Ok(())
}

/// The queries for every API asked, in order: counts per `period`, latency percentiles over the range.
pub fn build_queries(r: &QueryRequest) -> Result<Vec<Query>, String> {
    check_range(r.range, r.period)?;
    let whole = r.range.end - r.range.start;
    let mut out: Vec<Query> = Vec::new();
    for api in &r.apis {
        check_api(api).map_err(|e| format!("{}: {e}", api.describe()))?;
        for (metric, stat) in wanted(api.kind) {
            let period = if metric.is_volume() { r.period } else { whole };
            let q = Query {
                id: id(api, metric, stat),
                label: label(api, metric, stat, period),
                api: api.clone(),
                metric,
                stat,
                period,
            };
            if out.iter().any(|o| o.id == q.id) {
                return Err(format!(
                    "{} is asked for twice (or two APIs share the Id {})",
                    api.describe(),
                    q.id
                ));
            }
            out.push(q);
        }
    }
    if out.len() > MAX_QUERIES {
        return Err(format!(
            "{} queries: one GetMetricData call takes at most {MAX_QUERIES}; print the APIs in several queries",
            out.len()
        ));
    }
    Ok(out)
}

/// The dimensions of a query, as (Name, Value).
pub fn dimensions(api: &ApiRef) -> [(&'static str, &str); 2] {
    [(dimension_of(api.kind), &api.name), ("Stage", &api.stage)]
}

/// The namespace and the range's start and end as AWS reads them, for the JSON writer.
pub fn envelope(r: &QueryRequest) -> (&'static str, String, String) {
    (
        NAMESPACE,
        time::format(r.range.start),
        time::format(r.range.end),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(kind: ApiKind, name: &str) -> ApiRef {
        ApiRef {
            kind,
            name: name.into(),
            stage: "prod".into(),
        }
    }

    #[test]
    fn labels_round_trip_with_spaces_in_the_name() {
        let a = api(ApiKind::Rest, "Orders API v2");
        let l = label(&a, Metric::Latency, Stat::P99, 604_800);
        assert_eq!(l, "apigw-cost rest prod Latency p99 604800 Orders API v2");
        assert_eq!(
            parse_label(&l),
            Some((a, Metric::Latency, Stat::P99, 604_800))
        );
        assert_eq!(parse_label("Count"), None);
        // A metric the kind does not publish is not one of ours.
        assert_eq!(
            parse_label("apigw-cost websocket prod Count Sum 3600 x"),
            None
        );
    }

    #[test]
    fn queries_per_kind() {
        let r = QueryRequest {
            apis: vec![
                api(ApiKind::Rest, "orders"),
                api(ApiKind::Http, "a1b2c3"),
                api(ApiKind::WebSocket, "w9"),
            ],
            range: Range {
                start: 1_793_491_200,
                end: 1_793_491_200 + 7 * 86_400,
            },
            period: 3600,
        };
        let q = build_queries(&r).unwrap();
        // REST 3 counts + 6 percentiles, HTTP 2 + 6, WebSocket 2 + 3.
        assert_eq!(q.len(), 9 + 8 + 5);
        assert!(q[0].id.starts_with('r') && q[0].id.ends_with("_count_sum"));
        assert_eq!(q[0].period, 3600);
        assert_eq!(q[3].metric, Metric::Latency);
        assert_eq!(q[3].period, 604_800);
        assert!(q
            .iter()
            .all(|x| x.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')));
        let mut twice = r.clone();
        twice.apis.push(api(ApiKind::Rest, "orders"));
        assert!(build_queries(&twice).unwrap_err().contains("twice"));
        let mut bad = r;
        bad.period = 90;
        assert!(build_queries(&bad).unwrap_err().contains("multiple of 60"));
    }
}
