//! Meters: the billed quantities, each with its unit and the unit its price is quoted per.

use rust_decimal::Decimal;
use serde::Serialize;

/// One billed quantity of an API kind or of an alternative it is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Meter {
    /// REST and HTTP API calls.
    Requests,
    /// WebSocket messages sent or received.
    Messages,
    /// WebSocket connection minutes.
    ConnectionMinutes,
    /// REST API cache, per hour provisioned.
    CacheHours,
    /// Data transferred out to the internet, in GB.
    DataTransferOut,
    /// Lambda invocations.
    LambdaRequests,
    /// Lambda compute, GB-seconds.
    LambdaGbSeconds,
    /// Application Load Balancer hours.
    AlbHours,
    /// Application Load Balancer capacity units.
    AlbLcuHours,
    /// AWS WAF web ACLs, per month.
    WafWebAcls,
    /// AWS WAF rules, per month.
    WafRules,
    /// Requests AWS WAF inspects.
    WafRequests,
    /// CloudFront HTTPS requests.
    CloudFrontRequests,
    /// CloudFront data transfer out to the internet, GB.
    CloudFrontDataTransferOut,
    /// CloudFront data transfer to the origin (request bodies), GB.
    CloudFrontToOrigin,
    /// A CloudFront flat-rate plan, per month.
    CloudFrontPlan,
    /// A free-tier credit drawn from the bill: money, counted in USD.
    Credit,
    /// CloudWatch Logs ingested (access and execution logs), GB.
    LogsIngested,
    /// CloudWatch Logs stored, GB-months.
    LogsStored,
    /// X-Ray traces recorded.
    XrayTracesRecorded,
    /// X-Ray traces retrieved.
    XrayTracesRetrieved,
    /// Interface VPC endpoint hours (one endpoint per Availability Zone).
    VpceHours,
    /// Data processed by interface VPC endpoints, GB.
    VpceDataProcessed,
    /// Cognito user pool monthly active users.
    CognitoMau,
    /// A negotiated discount taken off one service's lines: money, counted in USD.
    Discount,
}

impl Meter {
    /// The name used in JSON, CSV and the CLI (`connection-minutes`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Meter::Requests => "requests",
            Meter::Messages => "messages",
            Meter::ConnectionMinutes => "connection-minutes",
            Meter::CacheHours => "cache-hours",
            Meter::DataTransferOut => "data-transfer-out",
            Meter::LambdaRequests => "lambda-requests",
            Meter::LambdaGbSeconds => "lambda-gb-seconds",
            Meter::AlbHours => "alb-hours",
            Meter::AlbLcuHours => "alb-lcu-hours",
            Meter::WafWebAcls => "waf-web-acls",
            Meter::WafRules => "waf-rules",
            Meter::WafRequests => "waf-requests",
            Meter::CloudFrontRequests => "cloudfront-requests",
            Meter::CloudFrontDataTransferOut => "cloudfront-data-transfer-out",
            Meter::CloudFrontToOrigin => "cloudfront-to-origin",
            Meter::CloudFrontPlan => "cloudfront-flat-rate-plan",
            Meter::Credit => "credit",
            Meter::LogsIngested => "logs-ingested",
            Meter::LogsStored => "logs-stored",
            Meter::XrayTracesRecorded => "xray-traces-recorded",
            Meter::XrayTracesRetrieved => "xray-traces-retrieved",
            Meter::VpceHours => "vpc-endpoint-hours",
            Meter::VpceDataProcessed => "vpc-endpoint-data-processed",
            Meter::CognitoMau => "cognito-mau",
            Meter::Discount => "discount",
        }
    }

    /// The unit one quantity of this meter counts.
    pub fn unit(self) -> &'static str {
        match self {
            Meter::Requests
            | Meter::LambdaRequests
            | Meter::WafRequests
            | Meter::CloudFrontRequests => "requests",
            Meter::WafWebAcls => "web ACL-months",
            Meter::WafRules => "rule-months",
            Meter::CloudFrontPlan => "plan-months",
            Meter::Messages => "messages",
            Meter::ConnectionMinutes => "minutes",
            Meter::CacheHours | Meter::AlbHours => "hours",
            Meter::DataTransferOut
            | Meter::CloudFrontDataTransferOut
            | Meter::CloudFrontToOrigin => "GB",
            Meter::LambdaGbSeconds => "GB-seconds",
            Meter::AlbLcuHours => "LCU-hours",
            Meter::Credit | Meter::Discount => "USD",
            Meter::LogsIngested | Meter::VpceDataProcessed => "GB",
            Meter::LogsStored => "GB-months",
            Meter::XrayTracesRecorded | Meter::XrayTracesRetrieved => "traces",
            Meter::VpceHours => "endpoint-hours",
            Meter::CognitoMau => "MAUs",
        }
    }

    /// The unit a price is quoted per, as AWS quotes it: `per 1M requests`, `per hour`, `per GB`,
    /// `per GB-second`, `per LCU-hour`, `per USD` (a credit).
    pub fn price_unit(self) -> String {
        let unit = self.unit();
        if self.price_per() == Decimal::from(1_000_000u32) {
            format!("per 1M {unit}")
        } else {
            let singular = match self {
                Meter::CacheHours | Meter::AlbHours => "hour",
                Meter::AlbLcuHours => "LCU-hour",
                Meter::LambdaGbSeconds => "GB-second",
                Meter::LogsStored => "GB-month",
                Meter::VpceHours => "endpoint-hour",
                Meter::CognitoMau => "MAU",
                Meter::CloudFrontPlan => "plan-month",
                _ => unit,
            };
            format!("per {singular}")
        }
    }

    /// How many units the catalog quotes a price for: requests are priced per million.
    pub fn price_per(self) -> Decimal {
        match self {
            Meter::Requests
            | Meter::Messages
            | Meter::ConnectionMinutes
            | Meter::LambdaRequests
            | Meter::WafRequests
            | Meter::CloudFrontRequests
            | Meter::XrayTracesRecorded
            | Meter::XrayTracesRetrieved => Decimal::from(1_000_000u32),
            _ => Decimal::ONE,
        }
    }

    /// The AWS service whose bill the meter is on (a negotiated discount is one line per service).
    pub fn service(self) -> &'static str {
        match self {
            Meter::Requests | Meter::Messages | Meter::ConnectionMinutes | Meter::CacheHours => {
                "Amazon API Gateway"
            }
            Meter::DataTransferOut => "AWS Data Transfer",
            Meter::LambdaRequests | Meter::LambdaGbSeconds => "AWS Lambda",
            Meter::AlbHours | Meter::AlbLcuHours => "Elastic Load Balancing",
            Meter::WafWebAcls | Meter::WafRules | Meter::WafRequests => "AWS WAF",
            Meter::CloudFrontRequests
            | Meter::CloudFrontDataTransferOut
            | Meter::CloudFrontToOrigin
            | Meter::CloudFrontPlan => "Amazon CloudFront",
            Meter::LogsIngested | Meter::LogsStored => "Amazon CloudWatch",
            Meter::XrayTracesRecorded | Meter::XrayTracesRetrieved => "AWS X-Ray",
            Meter::VpceHours | Meter::VpceDataProcessed => "Amazon VPC (PrivateLink)",
            Meter::CognitoMau => "Amazon Cognito",
            Meter::Credit | Meter::Discount => "(bill)",
        }
    }
}
