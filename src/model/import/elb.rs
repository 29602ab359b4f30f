//! Elastic Load Balancing's metered-unit map (`.../meteredUnitMaps/elb/USD/current/elb.json`): the
//! Application Load Balancer's hourly and LCU-hour prices with their rate codes. (The LCU dimensions
//! are not in the map: the catalog keeps its own, from AWS's ELB page.)

use serde_json::{json, Value};

use super::edit::{as_quoted, cite, set_price, set_text, At, Edit};
use super::metered::{self, all_or_none};
use super::{FileReport, Kind};
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

impl Kind for Elb {
    fn name(&self) -> &'static str {
        "Elastic Load Balancing metered unit map"
    }

    fn detect(&self, file: &Value) -> bool {
        metered::is_service(file, "elb")
    }

    fn apply(&self, file: &Value, origin: &str, cat: &mut Edit) -> Result<FileReport> {
        let map = metered::read(file, origin)?;
        let source_id = format!("{PREFIX}{}", map.date());
        let mut report = map.report(self.name(), source_id.clone());
        let labels: Vec<&str> = ALB.iter().map(|a| a.0).collect();
        for (code, loc, entries) in map.known_locations(cat, &mut report)? {
            let Some(found) = all_or_none(origin, loc, entries, &labels)? else {
                continue;
            };
            let (slot, changes) = cat.slot(&["alternatives", &code, "application_load_balancer"]);
            for ((label, price_key, rate_key, meter), (price, rate)) in ALB.iter().zip(found) {
                let at = At {
                    region: &code,
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
            cite(slot, &source_id, PREFIX, &[]);
            report.regions.push(code);
        }
        cat.add_source(
            &source_id,
            json!({
                "kind": "AWS-published file (primary), imported with `apigw-cost prices import`",
                "what": format!("AWS metered unit map for Elastic Load Balancing, manifest.hawkFilePublicationDate {}", map.published),
                "origin_url": "https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/elb/USD/current/elb.json",
                "local_copy": origin,
            }),
        );
        Ok(report)
    }
}
