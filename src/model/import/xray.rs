//! X-Ray's metered-unit map (`.../meteredUnitMaps/xray/USD/current/xray.json`): "Traces Stored"
//! (traces recorded) and "Traces Retrieved", USD per trace, written per 1M traces. Some regions have
//! no retrieval price (eu-west-3 in the 2025-08-28 file): the catalog then has none, never a zero.

use serde_json::{json, Value};

use super::edit::{cite, per_million, set_price, set_text, At, Edit};
use super::metered::{self, entry};
use super::{FileReport, Kind};
use crate::error::Result;

pub struct Xray;

const PREFIX: &str = "SRC-XRAY-METER-";
const RECORDED: &str = "Traces Stored";
const RETRIEVED: &str = "Traces Retrieved";

impl Kind for Xray {
    fn name(&self) -> &'static str {
        "X-Ray metered unit map"
    }

    fn detect(&self, file: &Value) -> bool {
        metered::is_service(file, "xray")
    }

    fn apply(&self, file: &Value, origin: &str, cat: &mut Edit) -> Result<FileReport> {
        let map = metered::read(file, origin)?;
        let source_id = format!("{PREFIX}{}", map.date());
        let mut report = map.report(self.name(), source_id.clone());
        for (code, loc, entries) in map.known_locations(cat, &mut report)? {
            let Some(recorded) = entry(origin, loc, entries, RECORDED)? else {
                continue;
            };
            let retrieved = entry(origin, loc, entries, RETRIEVED)?;
            let (slot, changes) = cat.slot(&["alternatives", &code, "xray"]);
            let at = |meter| At {
                region: &code,
                meter,
                unit: "USD per 1M traces",
            };
            let price = per_million(origin, loc, RECORDED, recorded.0)?;
            set_price(
                slot,
                "traces_recorded_usd_per_million",
                price,
                changes,
                &at("x-ray traces recorded"),
            );
            set_text(slot, "traces_recorded_aws_rate_code", Some(&recorded.1));
            match retrieved {
                Some((p, rate)) => {
                    let price = per_million(origin, loc, RETRIEVED, p)?;
                    set_price(
                        slot,
                        "traces_retrieved_usd_per_million",
                        price,
                        changes,
                        &at("x-ray traces retrieved"),
                    );
                    set_text(slot, "traces_retrieved_aws_rate_code", Some(&rate));
                }
                None => {
                    slot.remove("traces_retrieved_usd_per_million");
                    slot.remove("traces_retrieved_aws_rate_code");
                }
            }
            cite(slot, &source_id, PREFIX, &[]);
            report.regions.push(code);
        }
        cat.add_source(
            &source_id,
            json!({
                "kind": "AWS-published file (primary), imported with `apigw-cost prices import`",
                "what": format!("AWS metered unit map for AWS X-Ray, manifest.hawkFilePublicationDate {}: traces stored (recorded) and retrieved, USD per trace", map.published),
                "origin_url": "https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/xray/USD/current/xray.json",
                "local_copy": origin,
            }),
        );
        Ok(report)
    }
}
