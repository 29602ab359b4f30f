//! CloudWatch's metered-unit map (`.../meteredUnitMaps/cloudwatch/USD/current/cloudwatch.json`): the
//! CloudWatch Logs prices API Gateway's access and execution logs pay: "Logs Collected Data Ingestion"
//! (Standard class, USD per GB), "IA Custom ingested Logs from 0 upto Inf" (Infrequent Access class,
//! USD per GB) and "Stored Data" (USD per GB-month), with rate codes.

use serde_json::{json, Value};

use super::edit::{as_quoted, cite, set_price, set_text, At, Edit};
use super::metered::{self, all_or_none};
use super::{FileReport, Kind};
use crate::error::Result;

pub struct CloudWatchLogs;

const PREFIX: &str = "SRC-CW-METER-";

const LABELS: [&str; 3] = [
    "Logs Collected Data Ingestion",
    "IA Custom ingested Logs from 0 upto Inf",
    "Stored Data",
];

const FIELDS: [(&str, &str, &str, &str); 3] = [
    (
        "ingest_standard_usd_per_gb",
        "ingest_standard_aws_rate_code",
        "logs ingestion standard",
        "USD per GB",
    ),
    (
        "ingest_infrequent_access_usd_per_gb",
        "ingest_infrequent_access_aws_rate_code",
        "logs ingestion infrequent access",
        "USD per GB",
    ),
    (
        "storage_usd_per_gb_month",
        "storage_aws_rate_code",
        "logs storage",
        "USD per GB-month",
    ),
];

impl Kind for CloudWatchLogs {
    fn name(&self) -> &'static str {
        "CloudWatch metered unit map"
    }

    fn detect(&self, file: &Value) -> bool {
        metered::is_service(file, "cloudwatch")
    }

    fn apply(&self, file: &Value, origin: &str, cat: &mut Edit) -> Result<FileReport> {
        let map = metered::read(file, origin)?;
        let source_id = format!("{PREFIX}{}", map.date());
        let mut report = map.report(self.name(), source_id.clone());
        for (code, loc, entries) in map.known_locations(cat, &mut report)? {
            let Some(found) = all_or_none(origin, loc, entries, &LABELS)? else {
                continue;
            };
            let (slot, changes) = cat.slot(&["alternatives", &code, "cloudwatch_logs"]);
            for (i, (price_key, rate_key, meter, unit)) in FIELDS.iter().enumerate() {
                let price = as_quoted(origin, loc, LABELS[i], found[i].0)?;
                let at = At {
                    region: &code,
                    meter,
                    unit,
                };
                set_price(slot, price_key, price, changes, &at);
                set_text(slot, rate_key, Some(&found[i].1));
            }
            cite(slot, &source_id, PREFIX, &[]);
            report.regions.push(code);
        }
        cat.add_source(
            &source_id,
            json!({
                "kind": "AWS-published file (primary), imported with `apigw-cost prices import`",
                "what": format!("AWS metered unit map for Amazon CloudWatch, manifest.hawkFilePublicationDate {}: Logs ingestion (Standard, Infrequent Access) and storage", map.published),
                "origin_url": "https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/cloudwatch/USD/current/cloudwatch.json",
                "local_copy": origin,
            }),
        );
        Ok(report)
    }
}
