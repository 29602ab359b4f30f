//! API kinds and the alternatives they are compared with.

use serde::Serialize;

/// An option a quote can price: an API Gateway kind or an alternative front door.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApiKind {
    /// API Gateway REST API.
    Rest,
    /// API Gateway HTTP API.
    Http,
    /// API Gateway WebSocket API.
    #[serde(rename = "websocket")]
    WebSocket,
    /// Application Load Balancer in front of the backend.
    Alb,
    /// Lambda Function URL (no gateway charge).
    FunctionUrl,
    /// The usual workaround for what an HTTP API cannot take (AWS WAF, caching, an edge-optimized
    /// endpoint): CloudFront in front of the HTTP API, with a WAF web ACL on CloudFront. Added by
    /// `compare --needs waf|caching|edge-optimized`; not one of `ALL` (not a `--api` value).
    #[serde(rename = "http+cloudfront+waf")]
    HttpCloudFrontWaf,
    /// The same workaround without a web ACL: CloudFront in front of the HTTP API, for a workload
    /// that needs caching or an edge-optimized endpoint but not AWS WAF (`--needs caching` without
    /// `--needs waf` or `--waf`). Not one of `ALL`.
    #[serde(rename = "http+cloudfront")]
    HttpCloudFront,
}

impl ApiKind {
    pub const ALL: [ApiKind; 5] = [
        ApiKind::Rest,
        ApiKind::Http,
        ApiKind::WebSocket,
        ApiKind::Alb,
        ApiKind::FunctionUrl,
    ];

    /// The CLI and JSON name (`rest`, `http`, `websocket`, `alb`, `function-url`).
    pub fn name(self) -> &'static str {
        match self {
            ApiKind::Rest => "rest",
            ApiKind::Http => "http",
            ApiKind::WebSocket => "websocket",
            ApiKind::Alb => "alb",
            ApiKind::FunctionUrl => "function-url",
            ApiKind::HttpCloudFrontWaf => "http+cloudfront+waf",
            ApiKind::HttpCloudFront => "http+cloudfront",
        }
    }

    /// The human name used in tables and messages.
    pub fn title(self) -> &'static str {
        match self {
            ApiKind::Rest => "REST API",
            ApiKind::Http => "HTTP API",
            ApiKind::WebSocket => "WebSocket API",
            ApiKind::Alb => "Application Load Balancer",
            ApiKind::FunctionUrl => "Lambda Function URL",
            ApiKind::HttpCloudFrontWaf => "HTTP API + CloudFront + WAF",
            ApiKind::HttpCloudFront => "HTTP API + CloudFront",
        }
    }

    /// Short label for compact tables ("REST", "HTTP", "ALB").
    pub fn short(self) -> &'static str {
        match self {
            ApiKind::Rest => "REST",
            ApiKind::Http => "HTTP",
            ApiKind::WebSocket => "WebSocket",
            ApiKind::Alb => "ALB",
            ApiKind::FunctionUrl => "Function URL",
            ApiKind::HttpCloudFrontWaf => "HTTP+CloudFront+WAF",
            ApiKind::HttpCloudFront => "HTTP+CloudFront",
        }
    }

    pub fn parse(s: &str) -> Option<ApiKind> {
        ApiKind::ALL
            .into_iter()
            .find(|k| k.name() == s.trim().to_ascii_lowercase())
    }

    /// True for the CloudFront workaround in front of an HTTP API, with or without a web ACL.
    pub fn is_cloudfront(self) -> bool {
        matches!(self, ApiKind::HttpCloudFrontWaf | ApiKind::HttpCloudFront)
    }

    /// The CloudFront workaround for a workload: with a web ACL when it has WAF, else without.
    pub fn cloudfront(waf: bool) -> ApiKind {
        if waf {
            ApiKind::HttpCloudFrontWaf
        } else {
            ApiKind::HttpCloudFront
        }
    }

    /// True for the API Gateway kinds (those with a gateway request charge).
    pub fn is_gateway(self) -> bool {
        matches!(self, ApiKind::Rest | ApiKind::Http | ApiKind::WebSocket)
    }
}

impl std::fmt::Display for ApiKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}
