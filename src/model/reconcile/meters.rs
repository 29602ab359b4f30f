//! What a bill's usage type is: its region (from AWS's region billing code, the usage type's prefix)
//! and the meter of the catalog it is rated on.
//!
//! The billing codes are `data/region-billing-codes.csv` (AWS's "AWS Region billing codes" page, with
//! the codes that page could not confirm marked), embedded at compile time. The meters a bill's usage
//! types map to are [`SUFFIXES`]: one table, read by the rater and written into the emitted SQL, so the
//! two classify every line the same way.

use crate::model::catalog::{EdgeGeography, RegionPrices};
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
    /// CloudWatch Logs ingestion (GB), standard and Infrequent Access log classes.
    LogsIngestStandard,
    LogsIngestIa,
    /// CloudWatch Logs storage (GB-months).
    LogsStorage,
    /// Interface VPC endpoint hours (per endpoint per AZ) and GB processed.
    VpceHours,
    VpceBytes,
    /// AWS WAF web ACLs and rules (per month) and requests inspected.
    WafWebAcl,
    WafRules,
    WafRequests,
    /// X-Ray traces recorded and retrieved.
    XrayRecorded,
    XrayRetrieved,
    /// Cognito user pool monthly active users.
    CognitoMau,
    /// CloudFront HTTPS and HTTP requests and egress to viewers, in an edge geography (the row's
    /// "region" is the geography: `United States`, `EU`).
    CloudFrontHttps,
    CloudFrontHttp,
    CloudFrontEgress,
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
            BillMeter::LogsIngestStandard => "logs:ingest-standard".into(),
            BillMeter::LogsIngestIa => "logs:ingest-infrequent-access".into(),
            BillMeter::LogsStorage => "logs:storage".into(),
            BillMeter::VpceHours => "vpc-endpoint:hours".into(),
            BillMeter::VpceBytes => "vpc-endpoint:gb-processed".into(),
            BillMeter::WafWebAcl => "waf:web-acls".into(),
            BillMeter::WafRules => "waf:rules".into(),
            BillMeter::WafRequests => "waf:requests".into(),
            BillMeter::XrayRecorded => "xray:traces-recorded".into(),
            BillMeter::XrayRetrieved => "xray:traces-retrieved".into(),
            BillMeter::CognitoMau => "cognito:monthly-active-users".into(),
            BillMeter::CloudFrontHttps => "cloudfront:https-requests".into(),
            BillMeter::CloudFrontHttp => "cloudfront:http-requests".into(),
            BillMeter::CloudFrontEgress => "cloudfront:data-transfer-out".into(),
        }
    }

    /// Whether the meter is paid around the gateway (logs, endpoints, WAF, X-Ray, Cognito,
    /// CloudFront): rated on the model's prices like the gateway's own, and said to be around it.
    pub fn around(&self) -> bool {
        !matches!(
            self,
            BillMeter::RestRequests
                | BillMeter::HttpRequests
                | BillMeter::WsMessages
                | BillMeter::WsMinutes
                | BillMeter::CacheHours(_)
                | BillMeter::DataTransferOut
                | BillMeter::LambdaRequests(_)
                | BillMeter::LambdaGbSeconds(_)
                | BillMeter::AlbHours
                | BillMeter::AlbLcuHours
        )
    }

    /// Whether the meter is CloudFront's, priced per edge geography rather than per region.
    pub fn edge(&self) -> bool {
        matches!(
            self,
            BillMeter::CloudFrontHttps | BillMeter::CloudFrontHttp | BillMeter::CloudFrontEgress
        )
    }

    /// The catalog table of a CloudFront meter in an edge geography.
    pub fn edge_table<'a>(&self, g: &'a EdgeGeography) -> Option<&'a TierTable> {
        match self {
            BillMeter::CloudFrontHttps => Some(&g.https_requests),
            BillMeter::CloudFrontHttp => Some(&g.http_requests),
            BillMeter::CloudFrontEgress => Some(&g.egress),
            _ => None,
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
            _ => self.around_table(r),
        }
    }
}

impl BillMeter {
    /// The table of a meter around the gateway in a region.
    fn around_table<'a>(&self, r: &'a RegionPrices) -> Result<&'a TierTable, String> {
        let a = &r.around;
        let found = match self {
            BillMeter::LogsIngestStandard => a.logs.as_ref().map(|l| &l.ingest_standard),
            BillMeter::LogsIngestIa => a.logs.as_ref().map(|l| &l.ingest_infrequent_access),
            BillMeter::LogsStorage => a.logs.as_ref().map(|l| &l.storage),
            BillMeter::VpceHours => a.vpce.as_ref().map(|v| &v.hours),
            BillMeter::VpceBytes => a.vpce.as_ref().map(|v| &v.data_processed),
            BillMeter::WafWebAcl => r.waf.as_ref().map(|w| &w.web_acl),
            BillMeter::WafRules => r.waf.as_ref().map(|w| &w.rules),
            BillMeter::WafRequests => r.waf.as_ref().map(|w| &w.requests),
            BillMeter::XrayRecorded => a.xray.as_ref().map(|x| &x.recorded),
            BillMeter::XrayRetrieved => a.xray.as_ref().and_then(|x| x.retrieved.as_ref()),
            BillMeter::CognitoMau => a.cognito.as_ref(),
            _ => None,
        };
        found.ok_or_else(|| format!("the catalog has no {} prices for {}", self.name(), r.code))
    }
}

/// One usage-type suffix the rater knows: the text after the billing code and its dash, the meter,
/// and the product codes (any of them; none listed: any product) or operation a line must also have
/// (where the suffix alone is ambiguous: `Request` is Lambda's with product `AWSLambda` and WAF's with
/// `awswaf`; `LoadBalancerUsage` is an ALB's only with operation `LoadBalancing:Application`; S3's or
/// SQS's `DataTransfer-Out-Bytes` is not the gateway's egress). A line without a product code matches
/// the first suffix listed.
pub struct Suffix {
    pub suffix: &'static str,
    pub meter: fn() -> BillMeter,
    pub products: &'static [&'static str],
    pub operation: Option<&'static str>,
}

/// The products whose usage the model prices (an unknown usage type of one of them is named as such).
pub const MODEL_PRODUCTS: &[&str] = &[
    "AmazonApiGateway",
    "AWSLambda",
    "AWSELB",
    "AWSDataTransfer",
    "AmazonCloudWatch",
    "AmazonVPC",
    "awswaf",
    "AWSXRay",
    "AmazonCognito",
    "AmazonCloudFront",
];

/// The products whose `DataTransfer-Out-Bytes` is the gateway's (or its Lambda's) egress: API
/// Gateway's own lines and AWS's data-transfer product, which carries the egress of every service on
/// some bills. Any other product's egress (S3, SQS, CloudShell) is listed by product, not rated.
pub const EGRESS_PRODUCTS: &[&str] = &["AmazonApiGateway", "AWSDataTransfer", "AWSLambda"];

const fn sfx(
    suffix: &'static str,
    meter: fn() -> BillMeter,
    products: &'static [&'static str],
) -> Suffix {
    Suffix {
        suffix,
        meter,
        products,
        operation: None,
    }
}

/// The usage types the rater knows (the REST cache's `ApiGatewayCacheUsage:<size>GB` is matched by
/// [`classify`] apart, for every size).
pub const SUFFIXES: &[Suffix] = &[
    Suffix {
        suffix: "ApiGatewayRequest",
        meter: || BillMeter::RestRequests,
        products: &[],
        operation: None,
    },
    Suffix {
        suffix: "ApiGatewayHttpRequest",
        meter: || BillMeter::HttpRequests,
        products: &[],
        operation: None,
    },
    Suffix {
        suffix: "ApiGatewayMessage",
        meter: || BillMeter::WsMessages,
        products: &[],
        operation: None,
    },
    Suffix {
        suffix: "ApiGatewayMinute",
        meter: || BillMeter::WsMinutes,
        products: &[],
        operation: None,
    },
    Suffix {
        suffix: "DataTransfer-Out-Bytes",
        meter: || BillMeter::DataTransferOut,
        products: EGRESS_PRODUCTS,
        operation: None,
    },
    Suffix {
        suffix: "Request",
        meter: || BillMeter::LambdaRequests(LambdaArch::X86),
        products: &["AWSLambda"],
        operation: None,
    },
    Suffix {
        suffix: "Request-ARM",
        meter: || BillMeter::LambdaRequests(LambdaArch::Arm),
        products: &["AWSLambda"],
        operation: None,
    },
    Suffix {
        suffix: "Lambda-GB-Second",
        meter: || BillMeter::LambdaGbSeconds(LambdaArch::X86),
        products: &["AWSLambda"],
        operation: None,
    },
    Suffix {
        suffix: "Lambda-GB-Second-ARM",
        meter: || BillMeter::LambdaGbSeconds(LambdaArch::Arm),
        products: &["AWSLambda"],
        operation: None,
    },
    Suffix {
        suffix: "LoadBalancerUsage",
        meter: || BillMeter::AlbHours,
        products: &[],
        operation: Some("LoadBalancing:Application"),
    },
    Suffix {
        suffix: "LCUUsage",
        meter: || BillMeter::AlbLcuHours,
        products: &[],
        operation: Some("LoadBalancing:Application"),
    },
    // Around the gateway. The usage types are those AWS's pages and public bills show; the ones
    // marked (*) could not be confirmed on an AWS page available here and are matched with their
    // product code only.
    sfx(
        "DataProcessing-Bytes",
        || BillMeter::LogsIngestStandard,
        &["AmazonCloudWatch"],
    ),
    sfx(
        "DataProcessingIA-Bytes",
        || BillMeter::LogsIngestIa,
        &["AmazonCloudWatch"],
    ), // (*)
    sfx(
        "TimedStorage-ByteHrs",
        || BillMeter::LogsStorage,
        &["AmazonCloudWatch"],
    ),
    sfx("VpcEndpoint-Hours", || BillMeter::VpceHours, &["AmazonVPC"]),
    sfx("VpcEndpoint-Bytes", || BillMeter::VpceBytes, &["AmazonVPC"]),
    sfx(
        "VpceEndpoint-Hours",
        || BillMeter::VpceHours,
        &["AmazonVPC"],
    ), // (*)
    sfx(
        "VpceEndpoint-Bytes",
        || BillMeter::VpceBytes,
        &["AmazonVPC"],
    ), // (*)
    sfx("WebACL", || BillMeter::WafWebAcl, &["awswaf"]),
    sfx("Rule", || BillMeter::WafRules, &["awswaf"]),
    sfx("Request", || BillMeter::WafRequests, &["awswaf"]),
    sfx(
        "XRay-TracesStored",
        || BillMeter::XrayRecorded,
        &["AWSXRay"],
    ), // (*)
    sfx(
        "XRay-TracesRetrieved",
        || BillMeter::XrayRetrieved,
        &["AWSXRay"],
    ), // (*)
    sfx(
        "CognitoUserPoolsMAU",
        || BillMeter::CognitoMau,
        &["AmazonCognito"],
    ), // (*)
];

/// CloudFront's usage types after its edge-geography code (`US-Requests-Tier2-HTTPS`), product
/// `AmazonCloudFront`.
pub const EDGE_SUFFIXES: &[Suffix] = &[
    sfx(
        "Requests-Tier2-HTTPS",
        || BillMeter::CloudFrontHttps,
        &["AmazonCloudFront"],
    ),
    sfx(
        "Requests-Tier1",
        || BillMeter::CloudFrontHttp,
        &["AmazonCloudFront"],
    ),
    sfx(
        "DataTransfer-Out-Bytes",
        || BillMeter::CloudFrontEgress,
        &["AmazonCloudFront"],
    ),
];

/// CloudFront's edge-geography codes (the usage type's prefix) and the catalog's geography names.
pub const EDGE_CODES: &[(&str, &str)] = &[
    ("US", "United States"),
    ("CA", "Canada"),
    ("EU", "EU"),
    ("ME", "Middle East"),
    ("ZA", "South Africa"),
    ("SA", "South America"),
    ("JP", "Japan"),
    ("AU", "Australia"),
    ("AP", "Asia Pacific"),
    ("IN", "India"),
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
    if product == "AmazonCloudFront" {
        let (code, rest) = usage_type.split_once('-')?;
        let (_, geography) = EDGE_CODES.iter().find(|(c, _)| *c == code)?;
        let meter = EDGE_SUFFIXES.iter().find(|s| s.suffix == rest)?;
        return Some((geography.to_string(), (meter.meter)()));
    }
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
                && (s.products.is_empty() || product.is_empty() || s.products.contains(&product))
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
