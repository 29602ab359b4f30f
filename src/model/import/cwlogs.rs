//! CloudWatch's metered-unit map (`.../meteredUnitMaps/cloudwatch/USD/current/cloudwatch.json`): the
//! CloudWatch Logs prices API Gateway's access and execution logs pay: "Logs Collected Data Ingestion"
//! (Standard class, USD per GB), "IA Custom ingested Logs from 0 upto Inf" (Infrequent Access class,
//! USD per GB) and "Stored Data" (USD per GB-month), with rate codes.

use super::edit::{as_quoted, cite, set_price, set_text, At, Edit};
use super::metered::{all_or_none, Location, Service};

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

impl Service for CloudWatchLogs {
    const NAME: &'static str = "CloudWatch metered unit map";
    const SERVICE: &'static str = "cloudwatch";
    const PREFIX: &'static str = PREFIX;
    const TITLE: &'static str = "Amazon CloudWatch";
    const DETAIL: &'static str = ": Logs ingestion (Standard, Infrequent Access) and storage";

    fn location(&self, at: &Location, cat: &mut Edit) -> Result<bool> {
        let (origin, loc, entries, code, source_id) =
            (at.origin, at.loc, at.entries, at.code, at.source_id);
        let Some(found) = all_or_none(origin, loc, entries, &LABELS)? else {
            return Ok(false);
        };
        let (slot, changes) = cat.slot(&["alternatives", code, "cloudwatch_logs"]);
        for (i, (price_key, rate_key, meter, unit)) in FIELDS.iter().enumerate() {
            let price = as_quoted(origin, loc, LABELS[i], found[i].0)?;
            let at = At {
                region: code,
                meter,
                unit,
            };
            set_price(slot, price_key, price, changes, &at);
            set_text(slot, rate_key, Some(&found[i].1));
        }
        cite(slot, source_id, PREFIX, &[]);
        Ok(true)
    }
}
