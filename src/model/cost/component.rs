//! The names of what is billed, in one place: quotes' line items, `prices show` and batch's shared
//! accounts all spell a component through these (the CSV's `TOTAL` row is `render::csv::TOTAL`).

use crate::model::api::ApiKind;
use crate::model::workload::Arch;

pub const WS_MESSAGES: &str = "WebSocket messages";
pub const WS_CONNECTION_MINUTES: &str = "WebSocket connection minutes";
pub const DATA_TRANSFER_OUT: &str = "Data transfer out (internet)";
pub const ALB_HOURS: &str = "Application Load Balancer hours";
pub const ALB_LCU_HOURS: &str = "Application Load Balancer LCU-hours";
pub const LAMBDA_REQUESTS: &str = "Lambda requests";
pub const FREE_TIER_CREDIT: &str = "Free Tier credit";
pub const WAF_WEB_ACL: &str = "AWS WAF web ACL";
pub const WAF_RULES: &str = "AWS WAF rules";
pub const WAF_REQUESTS: &str = "AWS WAF requests";
pub const CLOUDFRONT_REQUESTS: &str = "CloudFront HTTPS requests";
pub const CLOUDFRONT_EGRESS: &str = "CloudFront data transfer out (internet)";
pub const CLOUDFRONT_TO_ORIGIN: &str = "CloudFront data transfer to origin";

/// "REST API requests", "HTTP API requests", ...
pub fn requests(kind: ApiKind) -> String {
    format!("{} requests", kind.title())
}

/// "REST API cache 0.5 GB".
pub fn rest_cache(size_label: &str) -> String {
    format!("REST API cache {size_label} GB")
}

/// "Lambda cold starts, INIT (x86)".
pub fn lambda_init(arch: Arch) -> String {
    format!("Lambda cold starts, INIT ({})", arch.name())
}

/// "Lambda duration (x86)".
pub fn lambda_duration(arch: Arch) -> String {
    format!("Lambda duration ({})", arch.name())
}
