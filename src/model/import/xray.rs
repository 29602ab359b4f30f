//! X-Ray's metered-unit map (`.../meteredUnitMaps/xray/USD/current/xray.json`): "Traces Stored"
//! (traces recorded) and "Traces Retrieved", USD per trace, written per 1M traces. Some regions have
//! no retrieval price (eu-west-3 in the 2025-08-28 file): the catalog then has none, never a zero.

use super::edit::{cite, per_million, set_price, set_text, At, Edit};
use super::metered::{entry, Location, Service};

use crate::error::Result;

pub struct Xray;

const PREFIX: &str = "SRC-XRAY-METER-";
const RECORDED: &str = "Traces Stored";
const RETRIEVED: &str = "Traces Retrieved";

impl Service for Xray {
    const NAME: &'static str = "X-Ray metered unit map";
    const SERVICE: &'static str = "xray";
    const PREFIX: &'static str = PREFIX;
    const TITLE: &'static str = "AWS X-Ray";
    const DETAIL: &'static str = ": traces stored (recorded) and retrieved, USD per trace";

    fn location(&self, at: &Location, cat: &mut Edit) -> Result<bool> {
        let (origin, loc, entries, code, source_id) =
            (at.origin, at.loc, at.entries, at.code, at.source_id);
        let Some(recorded) = entry(origin, loc, entries, RECORDED)? else {
            return Ok(false);
        };
        let retrieved = entry(origin, loc, entries, RETRIEVED)?;
        let (slot, changes) = cat.slot(&["alternatives", code, "xray"]);
        let at = |meter| At {
            region: code,
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
        cite(slot, source_id, PREFIX, &[]);
        Ok(true)
    }
}
