//! The catalog's `cloudfront` section: per edge geography, HTTPS and HTTP request prices, internet
//! egress tiers and transfer to the origin, validated with the same tier rules as every table (`Ctx`).
//! An edge geography is named where a region code would be in errors ("cloudfront EU / egress tier 2").

use rust_decimal::Decimal;

use super::super::raw::{RawCloudFront, RawDto, RawFlatPlans};
use super::super::{EdgeGeography, FlatPlan, FlatPlans};
use super::{build_data_transfer_out, single_tier, Ctx};
use crate::error::Result;
use crate::model::meter::Meter;

pub(super) fn build(
    cx: &Ctx,
    text: Option<&serde_json::value::RawValue>,
) -> Result<(Vec<EdgeGeography>, Option<FlatPlans>)> {
    let Some(text) = text else {
        return Ok((Vec::new(), None));
    };
    let raw: RawCloudFront = serde_json::from_str(text.get()).map_err(|e| {
        cx.err(
            "cloudfront",
            "cloudfront",
            None,
            format!("does not match the schema: {e}"),
        )
    })?;
    let mut out = Vec::new();
    for (name, g) in raw.edge_geographies {
        let at = format!("cloudfront {}", crate::error::shorten(&name));
        let table = |kind: &str, meter, price, rate| {
            cx.table(
                &at,
                kind,
                meter,
                single_tier(price, rate),
                raw.sources.clone(),
            )
        };
        let mut egress = build_data_transfer_out(
            cx,
            &at,
            RawDto {
                tiers: g.egress_tiers,
            },
        )?;
        egress.meter = Meter::CloudFrontDataTransferOut;
        egress.sources = raw.sources.clone();
        out.push(EdgeGeography {
            https_requests: table(
                "https requests",
                Meter::CloudFrontRequests,
                g.https_requests_usd_per_million,
                g.https_requests_aws_rate_code,
            )?,
            http_requests: table(
                "http requests",
                Meter::CloudFrontRequests,
                g.http_requests_usd_per_million,
                g.http_requests_aws_rate_code,
            )?,
            to_origin: table(
                "to origin",
                Meter::CloudFrontToOrigin,
                g.to_origin_usd_per_gb,
                g.to_origin_aws_rate_code,
            )?,
            egress,
            name,
        });
    }
    let plans = match raw.flat_rate_plans {
        Some(p) => Some(flat_plans(cx, p)?),
        None => None,
    };
    Ok((out, plans))
}

/// The flat-rate plans: each price and allowance at least zero (an allowance of at most 10^25).
fn flat_plans(cx: &Ctx, p: RawFlatPlans) -> Result<FlatPlans> {
    let mut plans = Vec::new();
    for r in p.plans {
        let at = format!(
            "cloudfront flat_rate_plans {}",
            crate::error::shorten(&r.name)
        );
        for (what, v) in [
            ("usd_per_month", r.usd_per_month),
            ("requests", r.requests),
            ("data_transfer_gb", r.data_transfer_gb),
        ] {
            if v < Decimal::ZERO || v > crate::model::numbers::MAX_UNITS {
                return Err(cx.err(&at, what, None, format!("must be 0 to 10^25, found {v}")));
            }
        }
        plans.push(FlatPlan {
            name: r.name,
            usd_per_month: r.usd_per_month,
            requests: r.requests,
            transfer_gb: r.data_transfer_gb,
        });
    }
    Ok(FlatPlans {
        plans,
        leaves_out: p.leaves_out,
        confidence: p.confidence,
        sources: p.sources,
    })
}
