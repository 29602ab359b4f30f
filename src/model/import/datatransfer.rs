//! The data-transfer map, internet egress in four tiers ("DataTransfer External Outbound Next 10 TB",
//! "Next 40 TB", "Next 100 TB", "Greater than 150 TB"), tier bounds in GB as the file writes them, in
//! either of two shapes:
//! - **as AWS publishes it** (`.../meteredUnitMaps/datatransfer/USD/current/datatransfer.json`, over
//!   4 MiB): a metered-unit map whose entries carry their range, `regions.<Location>.<label> =
//!   {"rateCode", "price", "StartingRange", "EndingRange"}` (with every entry repeated under its opaque
//!   `RegionlessRateCode` key, and some 290 other labels: inter-region, Wavelength, ...; all ignored);
//! - **flattened** (`{label: {"<Location> (StartingRange: A, EndingRange: B)": price}}`, as the
//!   aws-price-watcher project stores it): no rate codes and no manifest, so the publication date is taken
//!   from the file's name (`...-YYYY-MM-DD.json`).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

use super::edit::{as_quoted, set_tiers, At, Edit, NewTier, Priced, TierFields};
use super::metered;
use super::{bad, is_date, FileReport, Kind};
use crate::error::shorten;
use crate::error::Result;

pub struct DataTransfer;

/// The data-transfer map as AWS publishes it.
pub struct DataTransferMap;

const PREFIX: &str = "SRC-DT-PROCESSED-";
const MAP_PREFIX: &str = "SRC-DT-METER-";
const ORIGIN_URL: &str =
    "https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/datatransfer/USD/current/datatransfer.json";

/// One location's tiers as read: (start GB, end GB or None, price, rate code).
type Tiers = Vec<(Decimal, Option<Decimal>, Decimal, Option<String>)>;

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
        let mut by_location: BTreeMap<String, Tiers> = BTreeMap::new();
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
                    .and_then(metered::parse_price)
                    .ok_or_else(|| {
                        bad(
                            origin,
                            format!(
                                "{label} / {}: not a price string (at most {} decimals, not negative)",
                                shorten(key),
                                metered::MAX_PRICE_DECIMALS
                            ),
                        )
                    })?;
                let price = as_quoted(origin, &loc, label, price)?;
                by_location
                    .entry(loc)
                    .or_default()
                    .push((start, end, price, None));
            }
        }
        let report = FileReport {
            origin: origin.to_string(),
            kind: self.name(),
            published: date.clone(),
            source_id: source_id.clone(),
            regions: Vec::new(),
            unknown_locations: Vec::new(),
        };
        let report = set_egress(origin, by_location, cat, report)?;
        cat.add_source(
            &source_id,
            json!({
                "kind": "AWS-published file, flattened by a third party (primary data), imported with `apigw-cost prices import`",
                "what": format!("AWS data-transfer metered unit map ({date}), flattened: internet egress tiers"),
                "origin_url": ORIGIN_URL,
                "local_copy": origin,
            }),
        );
        Ok(report)
    }
}

impl Kind for DataTransferMap {
    fn name(&self) -> &'static str {
        "data-transfer metered unit map"
    }

    fn detect(&self, file: &Value) -> bool {
        metered::is_service(file, "datatransfer")
    }

    fn apply(&self, file: &Value, origin: &str, cat: &mut Edit) -> Result<FileReport> {
        let map = metered::read(file, origin)?;
        let source_id = format!("{MAP_PREFIX}{}", map.date());
        let mut by_location: BTreeMap<String, Tiers> = BTreeMap::new();
        for (loc, v) in map.locations {
            let entries = map.entries(loc, v)?;
            let tiers = map_tiers(origin, loc, entries)?;
            if !tiers.is_empty() {
                by_location.insert(loc.clone(), tiers);
            }
        }
        let report = map.report(self.name(), source_id.clone());
        let report = set_egress(origin, by_location, cat, report)?;
        cat.add_source(
            &source_id,
            json!({
                "kind": "AWS-published file (primary), imported with `apigw-cost prices import`",
                "what": format!("AWS metered unit map for data transfer, manifest.hawkFilePublicationDate {}: internet egress tiers (DataTransfer External Outbound), with rate codes", map.published),
                "origin_url": ORIGIN_URL,
                "local_copy": origin,
            }),
        );
        Ok(report)
    }
}

/// The internet-egress tiers of one location of the published map: all four labels, or none.
fn map_tiers(origin: &str, loc: &str, entries: &Map<String, Value>) -> Result<Tiers> {
    let Some(found) = metered::all_or_none(origin, loc, entries, &LABELS)? else {
        return Ok(Vec::new());
    };
    let mut tiers = Vec::with_capacity(LABELS.len());
    for (label, (price, rate)) in LABELS.iter().zip(found) {
        let e = &entries[*label];
        let range = |key: &str| -> Result<Option<Decimal>> {
            let text = e.get(key).and_then(Value::as_str).ok_or_else(|| {
                bad(
                    origin,
                    format!(
                        "{} / {label}: no \"{key}\" string (the tier's range in GB)",
                        shorten(loc)
                    ),
                )
            })?;
            match text {
                "Inf" => Ok(None),
                t => metered::parse_price(t).map(Some).ok_or_else(|| {
                    bad(
                        origin,
                        format!(
                            "{} / {label}: {key} '{}' is not a number of GB or Inf",
                            shorten(loc),
                            shorten(t)
                        ),
                    )
                }),
            }
        };
        let start = range("StartingRange")?.ok_or_else(|| {
            bad(
                origin,
                format!("{} / {label}: StartingRange is Inf", shorten(loc)),
            )
        })?;
        let end = range("EndingRange")?;
        let price = as_quoted(origin, loc, label, price)?;
        tiers.push((start, end, price, Some(rate).filter(|r| !r.is_empty())));
    }
    Ok(tiers)
}

/// Writes each known location's egress tiers (checked contiguous) and lists the others as unknown.
fn set_egress(
    origin: &str,
    by_location: BTreeMap<String, Tiers>,
    cat: &mut Edit,
    mut report: FileReport,
) -> Result<FileReport> {
    for (loc, mut tiers) in by_location {
        let Some(code) = cat.code_of(&loc) else {
            report.unknown_locations.push(loc);
            continue;
        };
        tiers.sort_by_key(|t| t.0);
        check_contiguous(origin, &loc, &tiers)?;
        let new: Vec<NewTier> = tiers
            .iter()
            .map(|(_, end, price, rate)| NewTier {
                up_to: *end,
                price: Priced {
                    value: *price,
                    rate_code: rate.clone(),
                },
            })
            .collect();
        let (slot, changes) = cat.slot(&["regions", &code, "data_transfer_out_internet"]);
        let at = At {
            region: &code,
            meter: "data transfer out",
            unit: "USD per GB",
        };
        let source = report.source_id.clone();
        set_tiers(slot, "tiers", &new, &EGRESS_TIERS, &source, changes, &at);
        report.regions.push(code);
    }
    Ok(report)
}

/// The tiers of a location, ascending: the first starts at 0, each starts where the previous ended,
/// only the last is unbounded, four of them (one per label).
fn check_contiguous(origin: &str, loc: &str, tiers: &Tiers) -> Result<()> {
    let mut expect = Some(Decimal::ZERO);
    for (start, end, _, _) in tiers {
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

/// The last `YYYY-MM-DD` in a file name that is a real date and stands alone (no digit right before or
/// after it: `dt-99999-08-28.json` holds no date, not 9999-08-28).
fn date_in_name(origin: &str) -> Option<String> {
    let name = origin.rsplit(['/', '\\']).next().unwrap_or(origin);
    let b = name.as_bytes();
    (0..name.len().saturating_sub(9))
        .rev()
        .filter(|&i| name.is_char_boundary(i) && name.is_char_boundary(i + 10))
        .filter(|&i| i == 0 || !b[i - 1].is_ascii_digit())
        .filter(|&i| b.get(i + 10).is_none_or(|c| !c.is_ascii_digit()))
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
        assert_eq!(date_in_name("dt-99999-08-28.json"), None);
        assert_eq!(date_in_name("dt-2025-08-280.json"), None);
        assert_eq!(date_in_name("dt-2025-13-28.json"), None);
    }
}
