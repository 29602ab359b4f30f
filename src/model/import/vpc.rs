//! VPC's metered-unit map (`.../meteredUnitMaps/vpc/USD/current/vpc.json`): an interface VPC endpoint
//! per Availability Zone per hour ("Hourly charge for VPC Endpoints per Hrs") and the data it processes,
//! in GB tiers written in the labels ("Charge for per GB data processed by VPC Endpoints per GB from 0
//! to 1048576", ...). Local Zones and Wavelength locations are not catalog regions: listed as unknown.

use super::bad;
use super::edit::{as_quoted, cite, set_price, set_text, set_tiers, At, Edit, TierFields};
use super::labelled::{self, Family};
use super::metered::{entry, Location, Service};
use crate::error::Result;

pub struct Vpc;

const PREFIX: &str = "SRC-VPC-METER-";
const HOURS: &str = "Hourly charge for VPC Endpoints per Hrs";
const DATA: Family = Family {
    prefix: "Charge for per GB data processed by VPC Endpoints per GB from ",
    sep: " to ",
    suffix: "",
};
const GB_TIERS: TierFields = TierFields {
    bound: "up_to_gb",
    price: "usd_per_gb",
    rate_code: "aws_rate_code",
    per_tier_sources: false,
};

impl Service for Vpc {
    const NAME: &'static str = "VPC metered unit map";
    const SERVICE: &'static str = "vpc";
    const PREFIX: &'static str = PREFIX;
    const TITLE: &'static str = "Amazon VPC";
    const DETAIL: &'static str =
        ": interface VPC endpoint hours (per AZ) and data processed (GB tiers)";

    fn location(&self, at: &Location, cat: &mut Edit) -> Result<bool> {
        let (origin, loc, entries, code, source_id) =
            (at.origin, at.loc, at.entries, at.code, at.source_id);
        let hours = entry(origin, loc, entries, HOURS)?;
        let tiers = labelled::tiers(origin, loc, entries, &DATA)?;
        let (hours, tiers) = match (hours, tiers) {
            (None, None) => return Ok(false),
            (Some(h), Some(t)) => (h, t),
            _ => {
                return Err(bad(
                    origin,
                    format!("{loc}: an interface endpoint's hourly price without its data-processing tiers, or the reverse"),
                ))
            }
        };
        let (slot, changes) = cat.slot(&["alternatives", code, "vpc_endpoint"]);
        let price = as_quoted(origin, loc, HOURS, hours.0)?;
        let at = At {
            region: code,
            meter: "vpc endpoint hours",
            unit: "USD per endpoint-hour",
        };
        set_price(slot, "usd_per_endpoint_az_hour", price, changes, &at);
        set_text(slot, "hours_aws_rate_code", Some(&hours.1));
        let at = At {
            region: code,
            meter: "vpc endpoint data processed",
            unit: "USD per GB",
        };
        set_tiers(
            slot,
            "data_processed_tiers",
            &tiers,
            &GB_TIERS,
            source_id,
            changes,
            &at,
        );
        cite(slot, source_id, PREFIX, &[]);
        Ok(true)
    }
}
