//! The catalog's `cloudfront` section: per edge geography, HTTPS and HTTP request prices, internet
//! egress tiers and transfer to the origin, validated with the same tier rules as every table (`Ctx`).
//! An edge geography is named where a region code would be in errors ("cloudfront EU / egress tier 2").

use super::super::raw::{RawCloudFront, RawDto};
use super::super::EdgeGeography;
use super::{build_data_transfer_out, single_tier, Ctx};
use crate::error::Result;
use crate::model::meter::Meter;

pub(super) fn build(
    cx: &Ctx,
    text: Option<&serde_json::value::RawValue>,
) -> Result<Vec<EdgeGeography>> {
    let Some(text) = text else {
        return Ok(Vec::new());
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
    Ok(out)
}
