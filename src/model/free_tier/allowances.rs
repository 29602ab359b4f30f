//! The always-free allowances around the gateway that AWS documents on its pricing pages but does not
//! carry in its price files (`data/free-allowances.json`, each with its page and the date it was read):
//! CloudWatch Logs (5 GB), X-Ray (100,000 traces recorded, 1M retrieved or scanned), CloudFront (1 TB
//! out, 10M requests) and Cognito's free MAUs per feature plan (Lite: 10,000). The cost model applies
//! them only when a free tier is chosen ([`super::Allowance::always_free`]).

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rust_decimal::Decimal;
use serde::Deserialize;

/// `data/free-allowances.json`, compiled in.
pub const EMBEDDED: &str = include_str!("../../../data/free-allowances.json");

/// One allowance of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Free {
    /// CloudWatch Logs: GB a month (the tool takes it off ingestion).
    CloudWatchLogsGb,
    /// X-Ray traces recorded a month.
    XrayRecorded,
    /// X-Ray traces retrieved or scanned a month.
    XrayRetrieved,
    /// CloudFront data transfer out to the internet, GB a month.
    CloudFrontEgressGb,
    /// CloudFront HTTP or HTTPS requests a month.
    CloudFrontRequests,
    /// Cognito user pool MAUs a month on the Lite feature plan.
    CognitoLiteMau,
}

impl Free {
    fn key(self) -> &'static str {
        match self {
            Free::CloudWatchLogsGb => "cloudwatch_logs_gb",
            Free::XrayRecorded => "xray_traces_recorded",
            Free::XrayRetrieved => "xray_traces_retrieved",
            Free::CloudFrontEgressGb => "cloudfront_egress_gb",
            Free::CloudFrontRequests => "cloudfront_requests",
            Free::CognitoLiteMau => "cognito_lite_mau",
        }
    }

    /// Every allowance, in the file's order.
    pub const ALL: [Free; 6] = [
        Free::CloudWatchLogsGb,
        Free::XrayRecorded,
        Free::XrayRetrieved,
        Free::CloudFrontEgressGb,
        Free::CloudFrontRequests,
        Free::CognitoLiteMau,
    ];

    /// The free quantity a month.
    pub fn quantity(self) -> Decimal {
        raw().allowances[self.key()].quantity
    }

    /// The source id (`SRC-AWS-FREE-...`).
    pub fn source(self) -> String {
        raw().allowances[self.key()].source.clone()
    }

    /// Where the figure comes from, in words: "aws.amazon.com/xray/pricing/, read 2026-12-06".
    pub fn cited(self) -> String {
        let id = self.source();
        match raw().sources.get(&id) {
            Some(s) => format!("{id}: {}, read {}", s.url, s.read),
            None => id,
        }
    }
}

#[derive(Deserialize)]
struct Raw {
    allowances: BTreeMap<String, RawAllowance>,
    sources: BTreeMap<String, RawSource>,
}

#[derive(Deserialize)]
struct RawAllowance {
    quantity: Decimal,
    source: String,
}

#[derive(Deserialize)]
struct RawSource {
    url: String,
    read: String,
}

fn raw() -> &'static Raw {
    static RAW: OnceLock<Raw> = OnceLock::new();
    // The file is compiled in and covered by the tests below: a parse failure is a build defect.
    RAW.get_or_init(|| serde_json::from_str(EMBEDDED).expect("data/free-allowances.json parses"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_allowance_has_a_quantity_and_a_dated_aws_page() {
        for f in Free::ALL {
            assert!(f.quantity() > Decimal::ZERO, "{f:?}");
            let s = &raw().sources[&f.source()];
            assert!(s.url.starts_with("https://aws.amazon.com/"), "{f:?}");
            assert_eq!(s.read.len(), 10, "{f:?}");
        }
    }

    #[test]
    fn the_documented_figures() {
        let d = |n: i64| Decimal::from(n);
        assert_eq!(Free::CloudWatchLogsGb.quantity(), d(5));
        assert_eq!(Free::XrayRecorded.quantity(), d(100_000));
        assert_eq!(Free::XrayRetrieved.quantity(), d(1_000_000));
        assert_eq!(Free::CloudFrontEgressGb.quantity(), d(1024));
        assert_eq!(Free::CloudFrontRequests.quantity(), d(10_000_000));
        assert_eq!(Free::CognitoLiteMau.quantity(), d(10_000));
        assert!(Free::XrayRecorded.cited().contains("xray/pricing"));
    }
}
