//! Elastic Load Balancing's metered-unit map (`.../meteredUnitMaps/elb/USD/current/elb.json`): the
//! Application Load Balancer's hourly and LCU-hour prices with their rate codes. (The LCU dimensions
//! are not in the map: the catalog keeps its own, from AWS's ELB page.)

use super::edit::{as_quoted, cite, set_price, set_text, At, Edit};
use super::metered::{all_or_none, Location, Service};

use crate::error::Result;

pub struct Elb;

const PREFIX: &str = "SRC-ELB-METER-";

/// (AWS label, catalog price field, rate-code field, meter name).
const ALB: [(&str, &str, &str, &str); 2] = [
    (
        "Application Load Balancer Hours",
        "usd_per_alb_hour",
        "hours_aws_rate_code",
        "alb hours",
    ),
    (
        "Application Load Balancer LCU Hours",
        "usd_per_lcu_hour",
        "lcu_hours_aws_rate_code",
        "alb lcu-hours",
    ),
];

impl Service for Elb {
    const NAME: &'static str = "Elastic Load Balancing metered unit map";
    const SERVICE: &'static str = "elb";
    const PREFIX: &'static str = PREFIX;
    const TITLE: &'static str = "Elastic Load Balancing";
    const DETAIL: &'static str = "";

    fn location(&self, at: &Location, cat: &mut Edit) -> Result<bool> {
        let (origin, loc, entries, code, source_id) =
            (at.origin, at.loc, at.entries, at.code, at.source_id);
        let labels: Vec<&str> = ALB.iter().map(|a| a.0).collect();
        let Some(found) = all_or_none(origin, loc, entries, &labels)? else {
            return Ok(false);
        };
        let (slot, changes) = cat.slot(&["alternatives", code, "application_load_balancer"]);
        for ((label, price_key, rate_key, meter), (price, rate)) in ALB.iter().zip(found) {
            let at = At {
                region: code,
                meter,
                unit: "USD per hour",
            };
            set_price(
                slot,
                price_key,
                as_quoted(origin, loc, label, price)?,
                changes,
                &at,
            );
            set_text(slot, rate_key, Some(&rate));
        }
        cite(slot, source_id, PREFIX, &[]);
        Ok(true)
    }
}
