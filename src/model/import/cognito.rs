//! Cognito's metered-unit map (`.../meteredUnitMaps/cognito/USD/current/cognito.json`): user pool
//! monthly active users in tiers written in the labels ("User Pool MAU 0 upto 50000 per Requests",
//! GovCloud "... 0 upto 100000 ..."), USD per MAU. The MAU free tier is not in the file and is not
//! applied. Regions the file does not price (ap-east-2, ap-southeast-6 in 2025-11-19) get no entry.

use serde_json::{json, Value};

use super::edit::{cite, set_tiers, At, Edit, TierFields};
use super::labelled::{self, Family};
use super::metered;
use super::{FileReport, Kind};
use crate::error::Result;

pub struct Cognito;

const PREFIX: &str = "SRC-COGNITO-METER-";
const MAU: Family = Family {
    prefix: "User Pool MAU ",
    sep: " upto ",
    suffix: " per Requests",
};
const MAU_TIERS: TierFields = TierFields {
    bound: "up_to_mau",
    price: "usd_per_mau",
    rate_code: "aws_rate_code",
    per_tier_sources: false,
};

impl Kind for Cognito {
    fn name(&self) -> &'static str {
        "Cognito metered unit map"
    }

    fn detect(&self, file: &Value) -> bool {
        metered::is_service(file, "cognito")
    }

    fn apply(&self, file: &Value, origin: &str, cat: &mut Edit) -> Result<FileReport> {
        let map = metered::read(file, origin)?;
        let source_id = format!("{PREFIX}{}", map.date());
        let mut report = map.report(self.name(), source_id.clone());
        for (code, loc, entries) in map.known_locations(cat, &mut report)? {
            let Some(tiers) = labelled::tiers(origin, loc, entries, &MAU)? else {
                continue;
            };
            let (slot, changes) = cat.slot(&["alternatives", &code, "cognito"]);
            let at = At {
                region: &code,
                meter: "cognito user pool mau",
                unit: "USD per MAU",
            };
            set_tiers(
                slot,
                "user_pool_mau_tiers",
                &tiers,
                &MAU_TIERS,
                &source_id,
                changes,
                &at,
            );
            cite(slot, &source_id, PREFIX, &[]);
            report.regions.push(code);
        }
        cat.add_source(
            &source_id,
            json!({
                "kind": "AWS-published file (primary), imported with `apigw-cost prices import`",
                "what": format!("AWS metered unit map for Amazon Cognito, manifest.hawkFilePublicationDate {}: user pool MAU tiers (bounds as written in the labels; the MAU free tier is not in the file)", map.published),
                "origin_url": "https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/cognito/USD/current/cognito.json",
                "local_copy": origin,
            }),
        );
        Ok(report)
    }
}
