//! What a bill's usage type is: its region (from AWS's region billing code, the usage type's prefix)
//! and the meter of the catalog it is rated on.
//!
//! The billing codes are `data/region-billing-codes.csv` (AWS's "AWS Region billing codes" page, with
//! the codes that page could not confirm marked), embedded at compile time. The meters a bill's usage
//! types map to are [`SUFFIXES`]: one table, read by the rater and written into the emitted SQL, so the
//! two classify every line the same way.

use crate::model::catalog::RegionPrices;
use crate::model::tiers::TierTable;

/// `data/region-billing-codes.csv`, compiled in.
pub const BILLING_CODES_CSV: &str = include_str!("../../../data/region-billing-codes.csv");

/// The region AWS bills a usage type without a known prefix in ("USE1 (or no prefix)").
pub const NO_PREFIX_REGION: &str = "us-east-1";

/// A billing code and its region (`EU`, `eu-west-1`) and whether an AWS page confirmed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillingCode {
    pub code: String,
    pub region: String,
    pub confirmed: bool,
}

/// Every billing code of the embedded table.
pub fn billing_codes() -> Vec<BillingCode> {
    BILLING_CODES_CSV
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("code,") && !l.trim().is_empty())
        .filter_map(|l| {
            let mut it = l.split(',');
            Some(BillingCode {
                code: it.next()?.to_string(),
                region: it.next()?.to_string(),
                confirmed: it.next()? == "yes",
            })
        })
        .collect()
}

/// The region of a billing code (`EU` -> `eu-west-1`).
pub fn region_of_code(code: &str) -> Option<&'static str> {
    BILLING_CODES_CSV
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("code,"))
        .find_map(|l| {
            let mut it = l.split(',');
            (it.next()? == code).then(|| it.next()).flatten()
        })
}

/// The billing code a usage type starts with, its region and whether AWS's page confirmed it.
pub fn prefix_of(usage_type: &str) -> Option<BillingCode> {
    let (code, _) = usage_type.split_once('-')?;
    billing_codes().into_iter().find(|c| c.code == code)
}

/// The architecture a Lambda GB-second usage type bills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LambdaArch {
    X86,
    Arm,
}

/// A meter of the catalog a bill's usage is rated on.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BillMeter {
    RestRequests,
    HttpRequests,
    WsMessages,
    WsMinutes,
    /// REST cache hours of one size, as the usage type writes it (`0.5`, `6.1`).
    CacheHours(String),
    DataTransferOut,
    LambdaRequests(LambdaArch),
    LambdaGbSeconds(LambdaArch),
    AlbHours,
    AlbLcuHours,
}

impl BillMeter {
    /// The meter's name in every output: `rest:requests`, `rest:cache-hours:0.5GB`, `lambda:gb-seconds:arm`.
    pub fn name(&self) -> String {
        match self {
            BillMeter::RestRequests => "rest:requests".into(),
            BillMeter::HttpRequests => "http:requests".into(),
            BillMeter::WsMessages => "websocket:messages".into(),
            BillMeter::WsMinutes => "websocket:connection-minutes".into(),
            BillMeter::CacheHours(s) => format!("rest:cache-hours:{s}GB"),
            BillMeter::DataTransferOut => "data-transfer-out".into(),
            BillMeter::LambdaRequests(LambdaArch::X86) => "lambda:requests:x86".into(),
            BillMeter::LambdaRequests(LambdaArch::Arm) => "lambda:requests:arm".into(),
            BillMeter::LambdaGbSeconds(LambdaArch::X86) => "lambda:gb-seconds:x86".into(),
            BillMeter::LambdaGbSeconds(LambdaArch::Arm) => "lambda:gb-seconds:arm".into(),
            BillMeter::AlbHours => "alb:hours".into(),
            BillMeter::AlbLcuHours => "alb:lcu-hours".into(),
        }
    }

    /// The catalog table that prices this meter in a region, or what the catalog lacks.
    pub fn table<'a>(&self, r: &'a RegionPrices) -> Result<&'a TierTable, String> {
        let missing = |what: &str| Err(format!("the catalog has no {what} prices for {}", r.code));
        match self {
            BillMeter::RestRequests => r.rest.as_ref().map_or_else(|| missing("REST API"), Ok),
            BillMeter::HttpRequests => r.http.as_ref().map_or_else(|| missing("HTTP API"), Ok),
            BillMeter::WsMessages => r
                .ws_messages
                .as_ref()
                .map_or_else(|| missing("WebSocket message"), Ok),
            BillMeter::WsMinutes => r
                .ws_minutes
                .as_ref()
                .map_or_else(|| missing("WebSocket connection-minute"), Ok),
            BillMeter::CacheHours(size) => {
                let Ok(gb) = size.parse::<rust_decimal::Decimal>() else {
                    return missing(&format!("{size} GB cache"));
                };
                r.cache_rate(gb)
                    .map(|c| &c.table)
                    .map_or_else(|| missing(&format!("{size} GB cache")), Ok)
            }
            BillMeter::DataTransferOut => r
                .data_transfer_out
                .as_ref()
                .map_or_else(|| missing("internet data transfer out"), Ok),
            BillMeter::LambdaRequests(arch) => r
                .lambda
                .as_ref()
                .map(|l| match arch {
                    LambdaArch::X86 => &l.requests,
                    LambdaArch::Arm => &l.requests_arm,
                })
                .map_or_else(|| missing("Lambda"), Ok),
            BillMeter::LambdaGbSeconds(arch) => r
                .lambda
                .as_ref()
                .map(|l| match arch {
                    LambdaArch::X86 => &l.gb_seconds_x86,
                    LambdaArch::Arm => &l.gb_seconds_arm,
                })
                .map_or_else(|| missing("Lambda"), Ok),
            BillMeter::AlbHours => r
                .alb
                .as_ref()
                .map(|a| &a.hours)
                .map_or_else(|| missing("Application Load Balancer"), Ok),
            BillMeter::AlbLcuHours => r
                .alb
                .as_ref()
                .map(|a| &a.lcu_hours)
                .map_or_else(|| missing("Application Load Balancer"), Ok),
        }
    }
}

/// One usage-type suffix the rater knows: the text after the billing code and its dash, the meter,
/// and the product code or operation a line must also have (where the suffix alone is ambiguous:
/// `Request` is Lambda's only with product `AWSLambda`; `LoadBalancerUsage` is an ALB's only with
/// operation `LoadBalancing:Application`).
pub struct Suffix {
    pub suffix: &'static str,
    pub meter: fn() -> BillMeter,
    pub product: Option<&'static str>,
    pub operation: Option<&'static str>,
}

/// The usage types the rater knows (the REST cache's `ApiGatewayCacheUsage:<size>GB` is matched by
/// [`classify`] apart, for every size).
pub const SUFFIXES: &[Suffix] = &[
    Suffix {
        suffix: "ApiGatewayRequest",
        meter: || BillMeter::RestRequests,
        product: None,
        operation: None,
    },
    Suffix {
        suffix: "ApiGatewayHttpRequest",
        meter: || BillMeter::HttpRequests,
        product: None,
        operation: None,
    },
    Suffix {
        suffix: "ApiGatewayMessage",
        meter: || BillMeter::WsMessages,
        product: None,
        operation: None,
    },
    Suffix {
        suffix: "ApiGatewayMinute",
        meter: || BillMeter::WsMinutes,
        product: None,
        operation: None,
    },
    Suffix {
        suffix: "DataTransfer-Out-Bytes",
        meter: || BillMeter::DataTransferOut,
        product: None,
        operation: None,
    },
    Suffix {
        suffix: "Request",
        meter: || BillMeter::LambdaRequests(LambdaArch::X86),
        product: Some("AWSLambda"),
        operation: None,
    },
    Suffix {
        suffix: "Request-ARM",
        meter: || BillMeter::LambdaRequests(LambdaArch::Arm),
        product: Some("AWSLambda"),
        operation: None,
    },
    Suffix {
        suffix: "Lambda-GB-Second",
        meter: || BillMeter::LambdaGbSeconds(LambdaArch::X86),
        product: Some("AWSLambda"),
        operation: None,
    },
    Suffix {
        suffix: "Lambda-GB-Second-ARM",
        meter: || BillMeter::LambdaGbSeconds(LambdaArch::Arm),
        product: Some("AWSLambda"),
        operation: None,
    },
    Suffix {
        suffix: "LoadBalancerUsage",
        meter: || BillMeter::AlbHours,
        product: None,
        operation: Some("LoadBalancing:Application"),
    },
    Suffix {
        suffix: "LCUUsage",
        meter: || BillMeter::AlbLcuHours,
        product: None,
        operation: Some("LoadBalancing:Application"),
    },
];

/// The prefix of the REST cache's usage types; the size and `GB` follow.
pub const CACHE_SUFFIX: &str = "ApiGatewayCacheUsage:";

/// The region and meter of a usage line, or `None` when the rater does not know the usage type.
/// `region_column` is the bill's region column (empty when the file has none or leaves it blank): it
/// wins over the prefix. The region is `None` when neither names one (an unknown prefix with no
/// column is taken as us-east-1, AWS's "no prefix").
pub fn classify(
    usage_type: &str,
    product: &str,
    operation: &str,
    region_column: &str,
) -> Option<(String, BillMeter)> {
    let (region, suffix) = match usage_type.split_once('-') {
        Some((code, rest)) => match region_of_code(code) {
            Some(r) => (r, rest),
            None => (NO_PREFIX_REGION, usage_type),
        },
        None => (NO_PREFIX_REGION, usage_type),
    };
    let meter = meter_of(suffix, product, operation)?;
    let region = if region_column.is_empty() {
        region
    } else {
        region_column
    };
    Some((region.to_string(), meter))
}

fn meter_of(suffix: &str, product: &str, operation: &str) -> Option<BillMeter> {
    if let Some(size) = suffix
        .strip_prefix(CACHE_SUFFIX)
        .and_then(|s| s.strip_suffix("GB"))
    {
        let ok = !size.is_empty() && size.chars().all(|c| c.is_ascii_digit() || c == '.');
        return ok.then(|| BillMeter::CacheHours(size.to_string()));
    }
    SUFFIXES
        .iter()
        .find(|s| {
            s.suffix == suffix
                && s.product.is_none_or(|p| product.is_empty() || p == product)
                && s.operation.is_none_or(|o| o == operation)
        })
        .map(|s| (s.meter)())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_name_their_region_and_the_column_wins() {
        let c = |u: &str, col: &str| classify(u, "AmazonApiGateway", "", col);
        assert_eq!(
            c("EU-ApiGatewayRequest", ""),
            Some(("eu-west-1".into(), BillMeter::RestRequests))
        );
        assert_eq!(
            c("APN1-ApiGatewayHttpRequest", ""),
            Some(("ap-northeast-1".into(), BillMeter::HttpRequests))
        );
        assert_eq!(
            c("USE1-ApiGatewayRequest", "us-west-2"),
            Some(("us-west-2".into(), BillMeter::RestRequests))
        );
        assert_eq!(
            c("USW2-ApiGatewayCacheUsage:0.5GB", ""),
            Some(("us-west-2".into(), BillMeter::CacheHours("0.5".into())))
        );
        assert_eq!(c("USE1-ApiGatewayFoo", ""), None);
        assert_eq!(c("USE1-ApiGatewayCacheUsage:GB", ""), None);
    }

    #[test]
    fn lambda_and_alb_need_their_product_or_operation() {
        assert_eq!(
            classify("Request", "AWSLambda", "Invoke", ""),
            Some((
                "us-east-1".into(),
                BillMeter::LambdaRequests(LambdaArch::X86)
            ))
        );
        assert_eq!(classify("USE1-Request", "AmazonS3", "", ""), None);
        assert_eq!(
            classify("EUC1-LCUUsage", "AWSELB", "LoadBalancing:Application", ""),
            Some(("eu-central-1".into(), BillMeter::AlbLcuHours))
        );
        assert_eq!(
            classify("EUC1-LCUUsage", "AWSELB", "LoadBalancing:Network", ""),
            None
        );
    }

    #[test]
    fn the_table_has_every_region_once() {
        let codes = billing_codes();
        assert_eq!(codes.len(), 36);
        let mut regions: Vec<_> = codes.iter().map(|c| c.region.clone()).collect();
        regions.sort();
        regions.dedup();
        assert_eq!(regions.len(), 36);
        assert_eq!(region_of_code("EU"), Some("eu-west-1"));
        assert_eq!(region_of_code("region"), None);
    }
}
