//! The services priced around the gateway in the catalog's `alternatives` section: an Application Load
//! Balancer (hours and LCU-hours, with the LCU dimensions, one definition shared by every region that
//! does not repeat it) and Lambda (requests and GB-seconds by architecture, with the always-free
//! allowance). Validated with the same rules as the gateway's tables (`Ctx`).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::value::RawValue;

use super::super::bounds::{allowance, lcu_dimension};
use super::super::raw::{RawAlb, RawAlternatives, RawGbSecondTier, RawLambda, RawLcu, RawWaf};
use super::super::{AlbPrices, LambdaPrices, LcuDimensions, RegionPrices, WafPrices};
use super::{single_tier, Ctx};
use crate::error::Result;
use crate::model::meter::Meter;
use crate::model::tiers::Tier;

pub(super) fn lcu_dimensions(l: &RawLcu) -> LcuDimensions {
    LcuDimensions {
        new_connections_per_second: l.new_connections_per_second,
        active_connections_per_minute: l.active_connections_per_minute,
        processed_gb_per_hour_instance_targets: l.processed_gb_per_hour_ec2_ip_container_targets,
        processed_gb_per_hour_lambda_targets: l.processed_gb_per_hour_lambda_targets,
        rule_evaluations_per_second: l.rule_evaluations_per_second,
    }
}

/// One region's `alternatives` entry, read against the schema (an error names the region).
pub(in crate::model::catalog) fn parse_alternatives(
    cx: &Ctx,
    code: &str,
    text: &RawValue,
) -> Result<RawAlternatives> {
    serde_json::from_str(text.get()).map_err(|e| {
        let s = e.to_string();
        let s = s
            .rfind(" at line ")
            .map_or(s.as_str(), |i| &s[..i])
            .to_string();
        cx.err(
            &crate::error::shorten(code),
            "alternatives",
            None,
            format!("does not match the schema: {s}"),
        )
    })
}

/// The first LCU definition in the `alternatives` section (an LCU is the same in every region). Only
/// entries whose text names `lcu_dimensions` are parsed, so a partial load stays cheap.
pub(super) fn catalog_lcu(
    cx: &Ctx,
    alternatives: &BTreeMap<String, Box<RawValue>>,
) -> Result<Option<LcuDimensions>> {
    for (code, text) in alternatives {
        if !text.get().contains("\"lcu_dimensions\"") {
            continue;
        }
        let a = parse_alternatives(cx, code, text)?;
        if let Some(l) = a
            .application_load_balancer
            .as_ref()
            .and_then(|alb| alb.lcu_dimensions.as_ref())
        {
            return Ok(Some(lcu_dimensions(l)));
        }
    }
    Ok(None)
}

/// Alternatives may only be priced for regions the catalog lists.
pub(super) fn check_alternatives_regions(
    cx: &Ctx,
    alternatives: &BTreeMap<String, Box<RawValue>>,
    regions: &BTreeMap<String, Box<RawValue>>,
) -> Result<()> {
    if let Some(code) = alternatives.keys().find(|k| !regions.contains_key(*k)) {
        return Err(cx.err(
            code,
            "alternatives",
            None,
            "prices alternatives for a region the catalog does not list",
        ));
    }
    Ok(())
}

/// An LCU is defined once for all regions (AWS ELB pricing page); a region that prices ALB hours and
/// LCU-hours without repeating the dimensions uses the catalog's definition.
pub(super) fn share_lcu(
    regions: &mut BTreeMap<String, RegionPrices>,
    global_lcu: Option<LcuDimensions>,
) {
    let shared_lcu = match &global_lcu {
        Some(l) => Some(l.clone()),
        None => regions
            .values()
            .find_map(|r: &RegionPrices| r.alb.as_ref().and_then(|a| a.lcu.clone())),
    };
    for r in regions.values_mut() {
        if let Some(a) = r.alb.as_mut() {
            if a.lcu.is_none() {
                a.lcu = shared_lcu.clone();
            }
        }
    }
}

/// A region's `application_load_balancer` alternative: hourly and LCU-hour prices, positive LCU sizes.
pub(super) fn build_alb(cx: &Ctx, code: &str, a: RawAlb) -> Result<AlbPrices> {
    let hours = cx.table(
        code,
        "alb hours",
        Meter::AlbHours,
        single_tier(a.usd_per_alb_hour, a.hours_aws_rate_code),
        a.sources.clone(),
    )?;
    let lcu_hours = cx.table(
        code,
        "alb lcu-hours",
        Meter::AlbLcuHours,
        single_tier(a.usd_per_lcu_hour, a.lcu_hours_aws_rate_code),
        a.sources,
    )?;
    let lcu = a.lcu_dimensions.as_ref().map(lcu_dimensions);
    if let Some(l) = &lcu {
        for (name, v) in [
            ("new_connections_per_second", l.new_connections_per_second),
            (
                "active_connections_per_minute",
                l.active_connections_per_minute,
            ),
            (
                "processed_gb_per_hour_ec2_ip_container_targets",
                l.processed_gb_per_hour_instance_targets,
            ),
            (
                "processed_gb_per_hour_lambda_targets",
                l.processed_gb_per_hour_lambda_targets,
            ),
            ("rule_evaluations_per_second", l.rule_evaluations_per_second),
        ] {
            lcu_dimension(cx, code, name, v)?;
        }
    }
    Ok(AlbPrices {
        hours,
        lcu_hours,
        lcu,
    })
}

/// A region's `lambda` alternative: duration tiers (x86, then arm64), the request price, the free tier.
pub(super) fn build_lambda(cx: &Ctx, code: &str, l: RawLambda) -> Result<LambdaPrices> {
    let sources = l.sources;
    let gbs = |kind: &str, t: Vec<RawGbSecondTier>| {
        let tiers = t
            .into_iter()
            .map(|t| Tier {
                up_to: t.up_to_gb_seconds,
                price: t.usd,
                rate_code: t.aws_rate_code,
            })
            .collect();
        cx.table(code, kind, Meter::LambdaGbSeconds, tiers, sources.clone())
    };
    let gb_seconds_x86 = gbs("lambda duration x86", l.duration_x86_usd_per_gb_second)?;
    let gb_seconds_arm = gbs("lambda duration arm64", l.duration_arm64_usd_per_gb_second)?;
    let requests = cx.table(
        code,
        "lambda requests",
        Meter::LambdaRequests,
        single_tier(l.usd_per_million_requests, l.requests_aws_rate_code.clone()),
        sources.clone(),
    )?;
    let requests_arm = cx.table(
        code,
        "lambda requests arm64",
        Meter::LambdaRequests,
        single_tier(
            l.arm64_usd_per_million_requests
                .unwrap_or(l.usd_per_million_requests),
            l.arm64_requests_aws_rate_code.or(l.requests_aws_rate_code),
        ),
        sources.clone(),
    )?;
    let (free_requests, free_gb_seconds) = match l.always_free_per_month {
        Some(f) => (
            allowance(
                cx,
                code,
                "lambda",
                "always_free_per_month.requests",
                f.requests,
            )?,
            allowance(
                cx,
                code,
                "lambda",
                "always_free_per_month.gb_seconds",
                f.gb_seconds,
            )?,
        ),
        None => (Decimal::ZERO, Decimal::ZERO),
    };
    Ok(LambdaPrices {
        requests,
        requests_arm,
        gb_seconds_x86,
        gb_seconds_arm,
        free_requests,
        free_gb_seconds,
    })
}

/// A region's `waf` alternative: web ACL and rule per month, requests per million.
pub(super) fn build_waf(cx: &Ctx, code: &str, w: RawWaf) -> Result<WafPrices> {
    let table = |kind: &str, meter: Meter, price: Decimal, rate: Option<String>| {
        cx.table(
            code,
            kind,
            meter,
            single_tier(price, rate),
            w.sources.clone(),
        )
    };
    Ok(WafPrices {
        web_acl: table(
            "waf web acl",
            Meter::WafWebAcls,
            w.usd_per_web_acl_month,
            w.web_acl_aws_rate_code.clone(),
        )?,
        rules: table(
            "waf rules",
            Meter::WafRules,
            w.usd_per_rule_month,
            w.rule_aws_rate_code.clone(),
        )?,
        requests: table(
            "waf requests",
            Meter::WafRequests,
            w.usd_per_million_requests,
            w.requests_aws_rate_code.clone(),
        )?,
    })
}
