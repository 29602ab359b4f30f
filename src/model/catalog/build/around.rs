//! The services priced around the gateway, in each region's `alternatives` entry: `cloudwatch_logs`
//! (ingestion Standard and Infrequent Access, USD per GB; storage, USD per GB-month), `xray` (traces
//! recorded and retrieved, USD per 1M traces; retrieval may be absent), `vpc_endpoint` (interface
//! endpoint per AZ-hour, data processed in GB tiers) and `cognito` (user pool MAU tiers). Written by
//! `prices import` from AWS's metered-unit maps; validated with the gateway's tier rules (`Ctx`).

use rust_decimal::Decimal;

use super::super::raw::{RawAlternatives, RawCognito, RawVpce};
use super::super::{AroundPrices, LogsPrices, VpcePrices, XrayPrices};
use super::{single_tier, Ctx};
use crate::error::Result;
use crate::model::meter::Meter;
use crate::model::tiers::{Tier, TierTable};

/// The around-the-gateway prices of one region's `alternatives` entry.
pub(super) fn build(cx: &Ctx, code: &str, a: RawAlternatives) -> Result<AroundPrices> {
    let flat = |kind: &str, meter: Meter, price: Decimal, rate: Option<String>, src: &[String]| {
        cx.table(code, kind, meter, single_tier(price, rate), src.to_vec())
    };
    let logs = match a.cloudwatch_logs {
        Some(l) => Some(LogsPrices {
            ingest_standard: flat(
                "cloudwatch logs ingestion (standard)",
                Meter::LogsIngested,
                l.ingest_standard_usd_per_gb,
                l.ingest_standard_aws_rate_code,
                &l.sources,
            )?,
            ingest_infrequent_access: flat(
                "cloudwatch logs ingestion (infrequent access)",
                Meter::LogsIngested,
                l.ingest_infrequent_access_usd_per_gb,
                l.ingest_infrequent_access_aws_rate_code,
                &l.sources,
            )?,
            storage: flat(
                "cloudwatch logs storage",
                Meter::LogsStored,
                l.storage_usd_per_gb_month,
                l.storage_aws_rate_code,
                &l.sources,
            )?,
        }),
        None => None,
    };
    let xray = match a.xray {
        Some(x) => Some(XrayPrices {
            recorded: flat(
                "x-ray traces recorded",
                Meter::XrayTracesRecorded,
                x.traces_recorded_usd_per_million,
                x.traces_recorded_aws_rate_code,
                &x.sources,
            )?,
            retrieved: x
                .traces_retrieved_usd_per_million
                .map(|p| {
                    flat(
                        "x-ray traces retrieved",
                        Meter::XrayTracesRetrieved,
                        p,
                        x.traces_retrieved_aws_rate_code.clone(),
                        &x.sources,
                    )
                })
                .transpose()?,
        }),
        None => None,
    };
    let vpce = a.vpc_endpoint.map(|v| vpce(cx, code, v)).transpose()?;
    let cognito = a.cognito.map(|c| cognito(cx, code, c)).transpose()?;
    Ok(AroundPrices {
        logs,
        xray,
        vpce,
        cognito,
    })
}

/// A VPC endpoint's hourly price and its tiered data processing.
fn vpce(cx: &Ctx, code: &str, v: RawVpce) -> Result<VpcePrices> {
    let tiers = v
        .data_processed_tiers
        .into_iter()
        .map(|t| Tier {
            up_to: t.up_to_gb,
            price: t.usd_per_gb,
            rate_code: t.aws_rate_code,
        })
        .collect();
    Ok(VpcePrices {
        hours: cx.table(
            code,
            "vpc endpoint hours",
            Meter::VpceHours,
            single_tier(v.usd_per_endpoint_az_hour, v.hours_aws_rate_code),
            v.sources.clone(),
        )?,
        data_processed: cx.table(
            code,
            "vpc endpoint data processed",
            Meter::VpceDataProcessed,
            tiers,
            v.sources,
        )?,
    })
}

/// Cognito user pools' tiered monthly active users.
fn cognito(cx: &Ctx, code: &str, c: RawCognito) -> Result<TierTable> {
    let tiers = c
        .user_pool_mau_tiers
        .into_iter()
        .map(|t| Tier {
            up_to: t.up_to_mau,
            price: t.usd_per_mau,
            rate_code: t.aws_rate_code,
        })
        .collect();
    cx.table(code, "cognito mau", Meter::CognitoMau, tiers, c.sources)
}
