//! Service limits a workload is checked against (`data/limits.json`, with sources).

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::api::ApiKind;
use crate::error::{Error, Result};

/// `data/limits.json`, compiled in.
pub const EMBEDDED: &str = include_str!("../data/limits.json");

#[derive(Deserialize)]
struct RawLimits {
    payload_limits_mb: RawPayload,
}
#[derive(Deserialize)]
struct RawPayload {
    rest: Decimal,
    http: Decimal,
    sources: std::collections::BTreeMap<String, String>,
}

/// The largest request payload of an API kind, in KB, with the source id of the quota page.
pub fn max_payload_kb(kind: ApiKind) -> Option<(Decimal, String)> {
    let raw: RawLimits = serde_json::from_str(EMBEDDED).ok()?;
    let p = raw.payload_limits_mb;
    let (mb, key) = match kind {
        ApiKind::Rest => (p.rest, "rest"),
        ApiKind::Http => (p.http, "http"),
        _ => return None,
    };
    Some((
        mb * Decimal::from(1024),
        p.sources.get(key).cloned().unwrap_or_default(),
    ))
}

/// A request payload above the kind's hard limit is an error naming the limit and its source.
pub fn check_payload(kind: ApiKind, request_size_kb: Decimal) -> Result<()> {
    if let Some((max_kb, source)) = max_payload_kb(kind) {
        if request_size_kb > max_kb {
            return Err(Error::Limit(format!(
                "--request-size {request_size_kb} KB exceeds the {} payload limit of {} MB ({} KB) [{source}]; \
                 larger uploads usually go straight to S3 with a pre-signed URL",
                kind.title(),
                max_kb / Decimal::from(1024),
                max_kb
            )));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_megabytes_for_rest_and_http() {
        assert_eq!(
            max_payload_kb(ApiKind::Http).unwrap().0,
            Decimal::from(10240)
        );
        assert_eq!(
            max_payload_kb(ApiKind::Rest).unwrap().0,
            Decimal::from(10240)
        );
        assert!(check_payload(ApiKind::Http, Decimal::from(10240)).is_ok());
        let e = check_payload(ApiKind::Http, Decimal::from(10241))
            .unwrap_err()
            .to_string();
        assert!(e.contains("10 MB") && e.contains("AWS-QUOTAS-HTTP"), "{e}");
    }
}
