//! The data-transfer map, flattened (`{label: {"<Location> (StartingRange: A, EndingRange: B)": price}}`,
//! as aws-price-watcher stores AWS's `datatransfer` metered-unit map, which is over 4 MiB itself):
//! internet egress in four tiers ("DataTransfer External Outbound Next 10 TB", "Next 40 TB", "Next 100
//! TB", "Greater than 150 TB"), tier bounds in GB as the file writes them. The flattened form keeps no
//! rate codes and no manifest: the publication date is taken from the file's name (`...-YYYY-MM-DD.json`).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::{json, Value};

use super::edit::{as_quoted, set_tiers, At, Edit, NewTier, Priced, TierFields};
use super::{bad, is_date, FileReport, Kind};
use crate::error::shorten;
use crate::error::Result;

pub struct DataTransfer;

const PREFIX: &str = "SRC-DT-PROCESSED-";

const LABELS: [&str; 4] = [
    "DataTransfer External Outbound Next 10 TB",
    "DataTransfer External Outbound Next 40 TB",
    "DataTransfer External Outbound Next 100 TB",
    "DataTransfer External Outbound Greater than 150 TB",
];

const EGRESS_TIERS: TierFields = TierFields {
    bound: "up_to_gb",
    price: "usd_per_gb",
    rate_code: "aws_rate_code",
    per_tier_sources: true,
};

impl Kind for DataTransfer {
    fn name(&self) -> &'static str {
        "flattened data-transfer map"
    }

    fn detect(&self, file: &Value) -> bool {
        file.get(LABELS[0]).is_some_and(Value::is_object) && file.get("manifest").is_none()
    }

    fn apply(&self, file: &Value, origin: &str, cat: &mut Edit) -> Result<FileReport> {
        let date = date_in_name(origin).ok_or_else(|| {
            bad(
                origin,
                "a flattened data-transfer map carries no publication date: name the file with AWS's \
                 date, ...-YYYY-MM-DD.json (e.g. datatransfer-flattened-2025-08-28.json)",
            )
        })?;
        let source_id = format!("{PREFIX}{date}");
        // location -> (start, end, price, label) per tier
        let mut by_location: BTreeMap<String, Vec<(Decimal, Option<Decimal>, Decimal)>> =
            BTreeMap::new();
        for label in LABELS {
            let prices = file.get(label).and_then(Value::as_object).ok_or_else(|| {
                bad(
                    origin,
                    format!("no \"{label}\" object (internet egress tier)"),
                )
            })?;
            for (key, price) in prices {
                let (loc, start, end) = parse_key(key).ok_or_else(|| {
                    bad(
                        origin,
                        format!(
                            "{label}: '{}' is not \"<Location> (StartingRange: A, EndingRange: B)\"",
                            shorten(key)
                        ),
                    )
                })?;
                let price = price
                    .as_str()
                    .and_then(|p| p.parse::<Decimal>().ok())
                    .filter(|p| !p.is_sign_negative() || p.is_zero())
                    .ok_or_else(|| {
                        bad(
                            origin,
                            format!(
                                "{label} / {}: not a non-negative price string",
                                shorten(key)
                            ),
                        )
                    })?;
                let price = as_quoted(origin, &loc, label, price)?;
                by_location
                    .entry(loc)
                    .or_default()
                    .push((start, end, price));
            }
        }
        let mut report = FileReport {
            origin: origin.to_string(),
            kind: self.name(),
            published: date.clone(),
            source_id: source_id.clone(),
            regions: Vec::new(),
            unknown_locations: Vec::new(),
        };
        for (loc, mut tiers) in by_location {
            let Some(code) = cat.code_of(&loc) else {
                report.unknown_locations.push(loc);
                continue;
            };
            tiers.sort_by_key(|t| t.0);
            check_contiguous(origin, &loc, &tiers)?;
            let new: Vec<NewTier> = tiers
                .iter()
                .map(|(_, end, price)| NewTier {
                    up_to: *end,
                    price: Priced {
                        value: *price,
                        rate_code: None,
                    },
                })
                .collect();
            let (slot, changes) = cat.slot(&["regions", &code, "data_transfer_out_internet"]);
            let at = At {
                region: &code,
                meter: "data transfer out",
                unit: "USD per GB",
            };
            set_tiers(slot, "tiers", &new, &EGRESS_TIERS, &source_id, changes, &at);
            report.regions.push(code);
        }
        cat.add_source(
            &source_id,
            json!({
                "kind": "AWS-published file, flattened by a third party (primary data), imported with `apigw-cost prices import`",
                "what": format!("AWS data-transfer metered unit map ({date}), flattened: internet egress tiers"),
                "origin_url": "https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/datatransfer/USD/current/datatransfer.json",
                "local_copy": origin,
            }),
        );
        Ok(report)
    }
}

/// The tiers of a location, ascending: the first starts at 0, each starts where the previous ended,
/// only the last is unbounded, four of them (one per label).
fn check_contiguous(
    origin: &str,
    loc: &str,
    tiers: &[(Decimal, Option<Decimal>, Decimal)],
) -> Result<()> {
    let mut expect = Some(Decimal::ZERO);
    for (start, end, _) in tiers {
        if Some(*start) != expect {
            return Err(bad(
                origin,
                format!(
                    "{}: the egress tiers are not contiguous (a tier starts at {start} GB)",
                    shorten(loc)
                ),
            ));
        }
        expect = *end;
    }
    if tiers.len() != LABELS.len() || expect.is_some() {
        return Err(bad(
            origin,
            format!(
                "{}: expected the {} egress tiers, the last unbounded",
                shorten(loc),
                LABELS.len()
            ),
        ));
    }
    Ok(())
}

/// "<Location> (StartingRange: A, EndingRange: B)" -> (location, A, B; Inf = None).
fn parse_key(key: &str) -> Option<(String, Decimal, Option<Decimal>)> {
    let open = key.rfind(" (StartingRange: ")?;
    let inner = key[open + " (StartingRange: ".len()..].strip_suffix(')')?;
    let (start, end) = inner.split_once(", EndingRange: ")?;
    let start: Decimal = start.parse().ok()?;
    let end = match end {
        "Inf" => None,
        e => Some(e.parse().ok()?),
    };
    Some((key[..open].to_string(), start, end))
}

/// The last `YYYY-MM-DD` in a file name.
fn date_in_name(origin: &str) -> Option<String> {
    let name = origin.rsplit(['/', '\\']).next().unwrap_or(origin);
    (0..name.len().saturating_sub(9))
        .rev()
        .filter(|&i| name.is_char_boundary(i) && name.is_char_boundary(i + 10))
        .map(|i| &name[i..i + 10])
        .find(|s| is_date(s))
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_dates() {
        assert_eq!(
            parse_key("EU (Ireland) (StartingRange: 10240, EndingRange: Inf)"),
            Some(("EU (Ireland)".into(), Decimal::from(10240), None))
        );
        assert_eq!(
            date_in_name("x/datatransfer-flattened-2025-08-28.json").as_deref(),
            Some("2025-08-28")
        );
        assert_eq!(date_in_name("dt.json"), None);
    }
}
