//! Turning the raw file (`raw.rs`) into the validated model (`mod.rs`): every catalog rule and its error.
//!
//! `parse` refuses a text over `MAX_CATALOG_BYTES`, reads the JSON (a schema error names the top-level
//! key, `raw::locate_schema_error`), then for a full load checks that no object repeats a key
//! (`json::check_structure`; serde_json would keep the last silently). `build` checks it section by
//! section in this order, stopping at the first error:
//! - `check_header`: `schema_version` is 1, `currency` is USD;
//! - `check_region_codes`: at most `MAX_REGIONS` regions, codes of 1 to 64 characters;
//! - `build_metering`: the size-based metering rules exist, their sizes 1 KB to 1 GB, at most
//!   `MAX_TIERS` cache sizes, each positive;
//! - `build_legacy_free_tier`: the legacy 12-month free tier, each allowance 0 to 10^25 a month;
//! - `check_alternatives_regions`: ALB / Lambda prices only for regions the catalog lists;
//! - `build_region`, per region (only the requested ones for a partial catalog): the region's schema,
//!   then REST and HTTP tiers (`Ctx::tiered`), WebSocket (`build_websocket`), REST cache sizes
//!   (`build_cache`: a number of GB AWS sells), data transfer out (`build_data_transfer_out`), and the
//!   region's alternatives (in `build/alternatives.rs`: `build_alb`, LCU dimensions 0.001 to 10^9;
//!   `build_lambda`, free allowances 0 to 10^25);
//! - `build_sources`: each cited source parses, summarised in one line (`summary.rs`; the embedded
//!   catalog's are summarised by the crate's `build.rs`, which shares that file);
//! - then, without errors: the provenance (`provenance`, from the newest AWS metered unit map cited,
//!   `primary_source`) and the catalog-wide LCU definition for regions that do not repeat it
//!   (`share_lcu`).
//!
//! Every tier list obeys `Ctx::table`: 1 to `MAX_TIERS` tiers, prices 0 to `MAX_PRICE` with at most
//! `MAX_PRICE_DECIMALS` decimals, bounds above 0, at most `MAX_TIER_BOUND` and strictly ascending, last
//! tier unbounded. The bounds and their reasons are in `bounds.rs`. Errors name the origin, the region,
//! the API kind and the tier (`Ctx::err`).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::value::RawValue;

use super::bounds::{
    allowance, cache_sizes, check_region_codes, check_tier, check_tier_count, size_kb, Ctx,
    MAX_CATALOG_BYTES, MAX_TIERS,
};
use super::json::{check_structure, Structure};
use super::raw::{
    locate_schema_error, RawAlternatives, RawCache, RawCatalog, RawDto, RawFreeTier, RawMetering,
    RawMinutes, RawRegion, RawTiered, RawWebSocket,
};
use super::{CacheRate, Catalog, LegacyFreeTier, Metering, Provenance, RegionPrices, Source};
use crate::error::shorten;
use crate::error::{Error, Result};
use crate::model::meter::Meter;
use crate::model::tiers::{Tier, TierTable};

// `#[path]`: the same files when the crate's `build.rs` compiles this one through `#[path]` (then
// read as a `mod.rs`, whose submodules would be its siblings).
#[path = "build/alternatives.rs"]
mod alternatives;
#[path = "build/around.rs"]
pub(super) mod around;
#[path = "build/cloudfront.rs"]
mod cloudfront;

use alternatives::{
    build_alb, build_lambda, build_waf, catalog_lcu, check_alternatives_regions,
    parse_alternatives, share_lcu,
};

impl Ctx<'_> {
    /// Checks a tier list: 1 to `MAX_TIERS` tiers, prices 0 to `MAX_PRICE`, bounds positive, at most
    /// `MAX_TIER_BOUND` and strictly ascending, last unbounded.
    pub(super) fn table(
        &self,
        region: &str,
        kind: &str,
        meter: Meter,
        tiers: Vec<Tier>,
        sources: Vec<String>,
    ) -> Result<TierTable> {
        if tiers.is_empty() {
            return Err(self.err(region, kind, None, "has no tiers"));
        }
        check_tier_count(self, region, kind, tiers.len())?;
        let mut previous = Decimal::ZERO;
        let last = tiers.len() - 1;
        for (i, t) in tiers.iter().enumerate() {
            if t.price.is_sign_negative() {
                return Err(self.err(
                    region,
                    kind,
                    Some(i),
                    format!("price {} is negative", t.price),
                ));
            }
            check_tier(self, region, kind, meter, i, t)?;
            match t.up_to {
                Some(u) if i == last => {
                    return Err(self.err(
                        region,
                        kind,
                        Some(i),
                        format!("the last tier must be unbounded (up_to null), found up_to {u}"),
                    ))
                }
                Some(u) if u <= previous => {
                    return Err(self.err(
                        region,
                        kind,
                        Some(i),
                        format!("tier bounds must ascend: up_to {u} is not above the previous bound {previous}"),
                    ))
                }
                Some(u) => previous = u,
                None if i != last => {
                    return Err(self.err(region, kind, Some(i), "only the last tier may be unbounded (up_to null)"))
                }
                None => {}
            }
        }
        Ok(TierTable {
            meter,
            tiers,
            sources,
        })
    }

    fn tiered(&self, region: &str, kind: &str, meter: Meter, raw: RawTiered) -> Result<TierTable> {
        let tiers = raw
            .tiers
            .into_iter()
            .map(|t| Tier {
                up_to: t.up_to,
                price: t.usd_per_million,
                rate_code: t.aws_rate_code,
            })
            .collect();
        self.table(region, kind, meter, tiers, raw.sources)
    }
}

/// A flat price: one unbounded tier.
pub(super) fn single_tier(price: Decimal, rate_code: Option<String>) -> Vec<Tier> {
    vec![Tier {
        up_to: None,
        price,
        rate_code,
    }]
}

/// Parses and validates a catalog; `only` keeps just those regions (a partial catalog). `summaries`:
/// the sources already summarised (the embedded catalog's, by `build.rs`), with whether each is AWS's
/// own, in place of a `sources` section, which is then not read.
pub(super) fn parse(
    text: &str,
    origin: &str,
    only: Option<&[&str]>,
    summaries: Option<&[(&str, &str, bool)]>,
) -> Result<Catalog> {
    let file_err = |message: String| Error::File {
        path: origin.to_string(),
        message,
    };
    if text.len() as u64 > MAX_CATALOG_BYTES {
        return Err(file_err(format!(
            "{} bytes is larger than the largest supported catalog ({MAX_CATALOG_BYTES} bytes)",
            text.len()
        )));
    }
    let raw: RawCatalog = serde_json::from_str(text).map_err(|e| {
        let message = match locate_schema_error(text) {
            Some(at) => format!("{at} (line {}, column {})", e.line(), e.column()),
            None => e.to_string(),
        };
        file_err(format!(
            "not a price catalog in the data/prices.json schema: {message}"
        ))
    })?;
    // serde_json keeps the last of two equal keys silently; a full load checks the whole file for them
    // (the fast-start partial load reads only the embedded catalog, checked by the tests).
    if only.is_none() {
        check_structure(text).map_err(|s| structure_error(&Ctx { origin }, s))?;
    }
    build(raw, origin, only, summaries)
}

/// A key written twice (or nesting too deep), named by region and kind where it is inside one.
fn structure_error(cx: &Ctx, s: Structure) -> Error {
    let d = match s {
        Structure::Duplicate(d) => d,
        Structure::Invalid(m) => {
            return Error::File {
                path: cx.origin.to_string(),
                message: format!("not a price catalog in the data/prices.json schema: {m}"),
            }
        }
    };
    let problem = format!(
        "duplicate key '{}' (JSON keeps only the last one; remove or rename one)",
        shorten(&d.key)
    );
    let path = &d.path;
    // Inside `regions` or `alternatives`: named by region, then the path within it.
    let section = match path.first().map(String::as_str) {
        Some(s @ ("regions" | "alternatives")) => s,
        _ => return cx.err("(catalog)", &d.at(), None, problem),
    };
    if path.len() == 1 {
        return cx.err(&shorten(&d.key), section, None, problem);
    }
    let within = super::json::dotted(&path[2..]);
    let kind = match (section, path.len()) {
        ("regions", 2) => "region".to_string(),
        ("regions", _) => within,
        (_, 2) => "alternatives".to_string(),
        _ => format!("alternatives {within}"),
    };
    cx.err(&shorten(&path[1]), &kind, None, problem)
}

fn build(
    raw: RawCatalog,
    origin: &str,
    only: Option<&[&str]>,
    summaries: Option<&[(&str, &str, bool)]>,
) -> Result<Catalog> {
    let cx = Ctx { origin };
    check_header(&cx, &raw)?;
    check_region_codes(&cx, &raw.regions)?;
    let metering = build_metering(&cx, raw.metering)?;
    let legacy_free_tier = build_legacy_free_tier(&cx, raw.free_tier)?;
    let mut alternatives = raw.alternatives;
    check_alternatives_regions(&cx, &alternatives, &raw.regions)?;
    // A full load checks every entry; a partial one only those of the regions it loads.
    if only.is_none() {
        for (code, text) in &alternatives {
            parse_alternatives(&cx, code, text)?;
        }
    }
    let global_lcu = catalog_lcu(&cx, &alternatives)?;
    let mut regions = BTreeMap::new();
    for (code, text) in raw.regions {
        if let Some(only) = only {
            if !only.contains(&code.as_str()) {
                continue;
            }
        }
        let alternatives = alternatives
            .remove(&code)
            .map(|a| parse_alternatives(&cx, &code, &a))
            .transpose()?;
        let region = build_region(&cx, &metering, code.clone(), &text, alternatives)?;
        regions.insert(code, region);
    }
    // Every output names the sources its prices cite (their titles once), so even a partial
    // (fast-start) catalog has them: the embedded catalog's summarised at build time.
    let (primary, sources) = match summaries {
        Some(done) => (
            primary_source(done.iter().map(|(id, _, _)| *id)),
            done.iter()
                .map(|(id, summary, aws_own)| {
                    let source = Source {
                        id: id.to_string(),
                        summary: summary.to_string(),
                        aws_own: *aws_own,
                    };
                    (id.to_string(), source)
                })
                .collect(),
        ),
        None => (
            primary_source(raw.sources.keys().map(String::as_str)),
            build_sources(&cx, &raw.sources)?,
        ),
    };
    share_lcu(&mut regions, global_lcu);
    // CloudFront is not a region: a partial load reads it only when asked (`catalog::CLOUDFRONT`).
    let wanted = only.is_none_or(|o| o.contains(&super::CLOUDFRONT));
    let (cloudfront, cloudfront_plans) = match wanted {
        true => cloudfront::build(&cx, raw.cloudfront.as_deref())?,
        false => (Vec::new(), None),
    };
    let mut provenance = provenance(origin, primary, raw.generated_on);
    provenance.sources = sources
        .iter()
        .map(|(id, s)| (id.clone(), s.summary.clone()))
        .collect();
    provenance.aws_own = sources
        .values()
        .filter(|s| s.aws_own)
        .map(|s| s.id.clone())
        .collect();
    Ok(Catalog {
        complete: only.is_none(),
        provenance,
        currency: raw.currency,
        metering,
        legacy_free_tier,
        regions,
        sources,
        cloudfront,
        cloudfront_plans,
    })
}

/// `schema_version` 1 and `currency` USD are the only ones this build understands.
fn check_header(cx: &Ctx, raw: &RawCatalog) -> Result<()> {
    if raw.schema_version != 1 {
        return Err(cx.err(
            "(catalog)",
            "schema_version",
            None,
            format!(
                "unsupported schema_version {}, expected 1",
                raw.schema_version
            ),
        ));
    }
    if raw.currency != "USD" {
        return Err(cx.err(
            "(catalog)",
            "currency",
            None,
            format!(
                "unsupported currency '{}', expected USD",
                shorten(&raw.currency)
            ),
        ));
    }
    Ok(())
}

/// The `metering` section: HTTP and WebSocket rules are required, their sizes positive.
fn build_metering(cx: &Ctx, metering: Option<RawMetering>) -> Result<Metering> {
    match metering {
        Some(RawMetering {
            http: Some(http),
            rest_streaming,
            websocket: Some(ws),
            rest_cache,
        }) => Ok(Metering {
            http_increment_kb: size_kb(cx, "http", "metering.size_increment_kb", http.size_increment_kb)?,
            http_sources: http.sources,
            rest_stream_increment_mb: match &rest_streaming {
                Some(r) => Some(stream_increment_mb(cx, r.increment_mb)?),
                None => None,
            },
            rest_stream_sources: rest_streaming.map(|r| r.sources).unwrap_or_default(),
            ws_increment_kb: size_kb(cx, "websocket", "metering.size_increment_kb", ws.messages.size_increment_kb)?,
            ws_max_message_kb: size_kb(cx, "websocket", "metering.max_message_kb", ws.messages.max_message_kb)?,
            ws_sources: ws.sources,
            cache_sizes_gb: cache_sizes(cx, rest_cache.map(|c| c.sizes_gb).unwrap_or_default())?,
        }),
        _ => Err(cx.err(
            "(catalog)",
            "metering",
            None,
            "missing the metering rules (metering.http.size_increment_kb, metering.websocket.messages)",
        )),
    }
}

/// `metering.rest_streaming.increment_mb`: 1 to 1,024 MB.
fn stream_increment_mb(cx: &Ctx, v: Decimal) -> Result<Decimal> {
    if v < Decimal::ONE || v > Decimal::from(1024) {
        return Err(cx.err(
            "(catalog)",
            "rest",
            None,
            format!("metering.rest_streaming.increment_mb must be 1 to 1,024 MB, found {v}"),
        ));
    }
    Ok(v)
}

/// The `free_tier.legacy_12_month` section, when present: each allowance 0 to 10^25 a month.
fn build_legacy_free_tier(
    cx: &Ctx,
    free_tier: Option<RawFreeTier>,
) -> Result<Option<LegacyFreeTier>> {
    let Some(l) = free_tier.and_then(|f| f.legacy_12_month) else {
        return Ok(None);
    };
    let p = l.per_month;
    let a = |field: &str, v: Decimal| {
        allowance(
            cx,
            "(catalog)",
            "free_tier.legacy_12_month",
            &format!("per_month.{field}"),
            v,
        )
    };
    Ok(Some(LegacyFreeTier {
        rest_requests: a("rest_api_calls", p.rest_api_calls)?,
        http_requests: a("http_api_calls", p.http_api_calls)?,
        ws_messages: a("websocket_messages", p.websocket_messages)?,
        ws_connection_minutes: a(
            "websocket_connection_minutes",
            p.websocket_connection_minutes,
        )?,
        sources: l.sources,
    }))
}

/// One entry of `regions`, with its entry of `alternatives` (if any), validated kind by kind.
fn build_region(
    cx: &Ctx,
    metering: &Metering,
    code: String,
    text: &RawValue,
    alternatives: Option<RawAlternatives>,
) -> Result<RegionPrices> {
    let r: RawRegion = serde_json::from_str(text.get()).map_err(|e| {
        cx.err(
            &code,
            "region",
            None,
            format!("does not match the schema: {e}"),
        )
    })?;
    let rest = r
        .rest
        .map(|t| cx.tiered(&code, "rest", Meter::Requests, t))
        .transpose()?;
    let http = r
        .http
        .map(|t| cx.tiered(&code, "http", Meter::Requests, t))
        .transpose()?;
    let (ws_messages, ws_minutes) = match r.websocket {
        Some(ws) => build_websocket(cx, &code, ws)?,
        None => (None, None),
    };
    let cache = match r.rest_cache {
        Some(c) => build_cache(cx, &code, metering, c)?,
        None => Vec::new(),
    };
    let data_transfer_out = r
        .data_transfer_out_internet
        .map(|d| build_data_transfer_out(cx, &code, d))
        .transpose()?;
    let (alb, lambda, waf, around) = match alternatives {
        Some(mut a) => (
            a.application_load_balancer
                .take()
                .map(|a| build_alb(cx, &code, a))
                .transpose()?,
            a.lambda
                .take()
                .map(|l| build_lambda(cx, &code, l))
                .transpose()?,
            a.waf.take().map(|w| build_waf(cx, &code, w)).transpose()?,
            around::build(cx, &code, a)?,
        ),
        None => (None, None, None, Default::default()),
    };
    Ok(RegionPrices {
        code,
        location: r.location,
        partition: r.partition.unwrap_or_else(|| "aws".into()),
        flags: r.flags,
        rest,
        http,
        ws_messages,
        ws_minutes,
        cache,
        data_transfer_out,
        alb,
        lambda,
        waf,
        around,
    })
}

/// A region's `websocket` section: message tiers, then the connection-minute price.
fn build_websocket(
    cx: &Ctx,
    code: &str,
    ws: RawWebSocket,
) -> Result<(Option<TierTable>, Option<TierTable>)> {
    let messages = ws
        .messages
        .map(|t| cx.tiered(code, "websocket messages", Meter::Messages, t))
        .transpose()?;
    let minutes = ws
        .connection_minutes
        .map(|m| build_ws_minutes(cx, code, m))
        .transpose()?;
    Ok((messages, minutes))
}

fn build_ws_minutes(cx: &Ctx, code: &str, m: RawMinutes) -> Result<TierTable> {
    cx.table(
        code,
        "websocket connection minutes",
        Meter::ConnectionMinutes,
        single_tier(m.usd_per_million_minutes, m.aws_rate_code),
        m.sources,
    )
}

/// A region's `rest_cache` section: each size a number of GB AWS sells (per `metering.rest_cache`),
/// sorted by size.
fn build_cache(cx: &Ctx, code: &str, metering: &Metering, c: RawCache) -> Result<Vec<CacheRate>> {
    if c.by_size_gb.len() > MAX_TIERS {
        return Err(cx.err(
            code,
            "rest cache",
            None,
            format!(
                "prices {} cache sizes; at most {MAX_TIERS} are supported",
                c.by_size_gb.len()
            ),
        ));
    }
    let mut cache = Vec::new();
    for (label, rate) in c.by_size_gb {
        let size_gb: Decimal = label
            .parse()
            .ok()
            .filter(|s: &Decimal| *s > Decimal::ZERO)
            .ok_or_else(|| {
                cx.err(
                    code,
                    "rest cache",
                    None,
                    format!(
                        "cache size '{}' is not a positive number of GB",
                        shorten(&label)
                    ),
                )
            })?;
        if !metering.cache_sizes_gb.is_empty() && !metering.cache_sizes_gb.contains(&label) {
            return Err(cx.err(
                code,
                "rest cache",
                None,
                format!(
                    "unknown cache size {label} GB; AWS sells {} GB",
                    metering.cache_sizes_gb.join(", ")
                ),
            ));
        }
        let table = cx.table(
            code,
            &format!("rest cache {label} GB"),
            Meter::CacheHours,
            single_tier(rate.usd_per_hour, rate.aws_rate_code),
            c.sources.clone(),
        )?;
        cache.push(CacheRate {
            size_gb,
            label,
            table,
        });
    }
    cache.sort_by_key(|c| c.size_gb);
    Ok(cache)
}

/// A region's `data_transfer_out_internet` tiers; the table cites each tier's sources once.
pub(super) fn build_data_transfer_out(cx: &Ctx, code: &str, d: RawDto) -> Result<TierTable> {
    let mut sources: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let tiers = d
        .tiers
        .into_iter()
        .map(|t| {
            for s in t.sources {
                if seen.insert(s.clone()) {
                    sources.push(s);
                }
            }
            Tier {
                up_to: t.up_to_gb,
                price: t.usd_per_gb,
                rate_code: t.aws_rate_code,
            }
        })
        .collect();
    cx.table(
        code,
        "data transfer out",
        Meter::DataTransferOut,
        tiers,
        sources,
    )
}

/// The primary source is the newest AWS metered unit map for API Gateway the catalog cites
/// (`SRC-AWS-METER-YYYY-MM-DD`; `prices import` adds one).
fn primary_source<'a>(ids: impl Iterator<Item = &'a str>) -> Option<String> {
    ids.filter(|k| k.len() == "SRC-AWS-METER-".len() + 10 && k.starts_with("SRC-AWS-METER-20"))
        .max()
        .map(str::to_string)
}

/// The `sources` section: each entry must be JSON; it is summarised in one line.
fn build_sources(
    cx: &Ctx,
    raw: &BTreeMap<String, Box<RawValue>>,
) -> Result<BTreeMap<String, Source>> {
    let mut sources: BTreeMap<String, Source> = BTreeMap::new();
    for (id, text) in raw {
        let v: serde_json::Value = serde_json::from_str(text.get())
            .map_err(|e| cx.err("(catalog)", "sources", None, format!("{id}: {e}")))?;
        sources.insert(
            id.clone(),
            Source {
                id: id.clone(),
                summary: super::summary::source_summary(id, &v),
                aws_own: super::summary::aws_own(&v),
            },
        );
    }
    Ok(sources)
}

/// Where the prices came from: the primary AWS file when the catalog cites one, else the catalog itself.
fn provenance(origin: &str, primary: Option<String>, generated_on: String) -> Provenance {
    let (source, published) = if let Some(primary) = primary {
        (
            format!("AWS metered unit map for API Gateway ({primary})"),
            primary["SRC-AWS-METER-".len()..].to_string(),
        )
    } else {
        (format!("price catalog {origin}"), generated_on.clone())
    };
    Provenance {
        origin: origin.to_string(),
        source,
        published,
        generated_on,
        sources: BTreeMap::new(),
        aws_own: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use crate::model::catalog::{Catalog, EMBEDDED};

    fn with_rest_tiers(tiers: &str) -> String {
        let mut v: serde_json::Value = serde_json::from_str(EMBEDDED).unwrap();
        v["regions"]["eu-west-1"]["rest"]["tiers"] = serde_json::from_str(tiers).unwrap();
        v.to_string()
    }

    #[test]
    fn descending_tiers_are_rejected_naming_region_kind_and_tier() {
        let text = with_rest_tiers(
            r#"[{"up_to":"500","usd_per_million":"1"},{"up_to":"400","usd_per_million":"1"},{"up_to":null,"usd_per_million":"1"}]"#,
        );
        let e = Catalog::from_json(&text, "test.json")
            .unwrap_err()
            .to_string();
        assert!(e.contains("eu-west-1 / rest tier 2"), "{e}");
        assert!(e.contains("must ascend"), "{e}");
    }

    #[test]
    fn bounded_last_tier_is_rejected() {
        let text = with_rest_tiers(r#"[{"up_to":"500","usd_per_million":"1"}]"#);
        let e = Catalog::from_json(&text, "test.json")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("eu-west-1 / rest tier 1") && e.contains("unbounded"),
            "{e}"
        );
    }

    #[test]
    fn negative_price_is_rejected() {
        let text = with_rest_tiers(r#"[{"up_to":null,"usd_per_million":"-1"}]"#);
        let e = Catalog::from_json(&text, "test.json")
            .unwrap_err()
            .to_string();
        assert!(e.contains("negative"), "{e}");
    }

    #[test]
    fn unknown_cache_size_is_rejected() {
        let mut v: serde_json::Value = serde_json::from_str(EMBEDDED).unwrap();
        v["regions"]["us-east-1"]["rest_cache"]["by_size_gb"]["3"] =
            serde_json::json!({"usd_per_hour": "0.1"});
        let e = Catalog::from_json(&v.to_string(), "t.json")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("us-east-1 / rest cache") && e.contains("unknown cache size 3 GB"),
            "{e}"
        );
    }
}
