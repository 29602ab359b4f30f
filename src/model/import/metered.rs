//! What every AWS metered-unit map shares: a `manifest` (service, currency, publication date) and
//! `regions`, an object of locations (display names, "EU (Ireland)") each holding its price entries by
//! AWS's usage description, `{"rateCode": "<SKU>.<term>.<rate>", "price": "0.0000010000"}`.

use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

use super::edit::Edit;
use super::{bad, json_type, FileReport, Kind};
use crate::error::shorten;
use crate::error::Result;

/// The currency of the catalog: a map in any other currency is refused, never converted.
const CURRENCY: &str = "USD";

/// A metered-unit map, checked: its service, publication date and locations.
pub struct MeteredMap<'a> {
    pub origin: &'a str,
    pub published: String,
    pub locations: &'a Map<String, Value>,
}

/// A location the catalog knows: its region code, its name in the map and its price entries.
pub type Known<'a> = (String, &'a String, &'a Map<String, Value>);

/// Whether `v` is a metered-unit map of `service` (`manifest.serviceId`).
pub fn is_service(v: &Value, service: &str) -> bool {
    v.pointer("/manifest/serviceId").and_then(Value::as_str) == Some(service)
        && v.get("regions").is_some()
}

/// Reads the manifest and the locations of a map already recognised by `is_service`.
pub fn read<'a>(v: &'a Value, origin: &'a str) -> Result<MeteredMap<'a>> {
    let published = v
        .pointer("/manifest/hawkFilePublicationDate")
        .and_then(Value::as_str)
        .ok_or_else(|| {
            bad(
                origin,
                "not an AWS metered unit map: no manifest.hawkFilePublicationDate",
            )
        })?
        .to_string();
    if let Some(problem) = super::dates::date_problem(&published) {
        return Err(bad(
            origin,
            format!(
                "manifest.hawkFilePublicationDate '{}' {problem}",
                shorten(&published)
            ),
        ));
    }
    match v.pointer("/manifest/currencyCode").and_then(Value::as_str) {
        Some(CURRENCY) => {}
        other => {
            return Err(bad(
                origin,
                format!(
                    "manifest.currencyCode is {}, expected {CURRENCY}: the catalog is in {CURRENCY} and prices are never converted (use AWS's .../USD/... file)",
                    other.map_or("missing".into(), |c| format!("'{}'", shorten(c)))
                ),
            ))
        }
    }
    let locations = v
        .get("regions")
        .and_then(Value::as_object)
        .ok_or_else(|| bad(origin, "no \"regions\" object"))?;
    Ok(MeteredMap {
        origin,
        published,
        locations,
    })
}

impl<'a> MeteredMap<'a> {
    /// The entries of one location, which must be an object.
    pub fn entries(&self, loc: &str, v: &'a Value) -> Result<&'a Map<String, Value>> {
        v.as_object().ok_or_else(|| {
            bad(
                self.origin,
                format!(
                    "regions.{}: expected an object of price entries, found {}",
                    shorten(loc),
                    json_type(v)
                ),
            )
        })
    }

    /// The locations the catalog knows, each with its region code and its entries; the others are
    /// listed in the report's unknown locations. Every location's entries must be an object.
    pub fn known_locations(&self, cat: &Edit, report: &mut FileReport) -> Result<Vec<Known<'a>>> {
        let mut known = Vec::new();
        for (loc, v) in self.locations {
            let entries = self.entries(loc, v)?;
            match cat.code_of(loc) {
                Some(code) => known.push((code, loc, entries)),
                None => report.unknown_locations.push(loc.clone()),
            }
        }
        Ok(known)
    }

    /// A report for this file, before regions are added.
    pub fn report(&self, kind: &'static str, source_id: String) -> FileReport {
        FileReport {
            origin: self.origin.to_string(),
            kind,
            published: self.published.clone(),
            source_id,
            regions: Vec::new(),
            unknown_locations: Vec::new(),
        }
    }

    /// The publication date, YYYY-MM-DD.
    pub fn date(&self) -> &str {
        &self.published[..10]
    }
}

/// What one service's metered-unit map prices, location by location: the hook of the one importer
/// of metered-unit maps ([`Metered`]), which reads the manifest, matches the locations to catalog
/// regions, reports the regions priced and cites the file. Eight services (API Gateway, Lambda, ELB,
/// WAF, CloudWatch Logs, X-Ray, VPC, Cognito) are one implementation of this each.
pub trait Service: Sync {
    /// The kind's name in messages ("WAF metered unit map").
    const NAME: &'static str;
    /// `manifest.serviceId`, also the map's name in AWS's URL.
    const SERVICE: &'static str;
    /// The source id's prefix (the id is the prefix and the publication date); older ids with it are
    /// replaced where the file cites itself.
    const PREFIX: &'static str;
    /// The service as the source's description names it ("AWS WAF").
    const TITLE: &'static str;
    /// What the description adds after the date (": traces stored ..."), or "".
    const DETAIL: &'static str;

    /// Checks the base catalog before any location (Lambda's GB-second tier bounds are the catalog's).
    fn check(&self, _cat: &Edit, _origin: &str) -> Result<()> {
        Ok(())
    }

    /// Prices one location the catalog knows (citing the file where it sets prices); false when the
    /// location has none of this map's prices (it is left alone, not reported).
    fn location(&self, at: &Location, cat: &mut Edit) -> Result<bool>;
}

/// One location of a map, matched to a catalog region.
pub struct Location<'a> {
    /// The file, as named.
    pub origin: &'a str,
    /// The location as the map names it ("EU (Ireland)").
    pub loc: &'a str,
    pub entries: &'a Map<String, Value>,
    /// The catalog's region code.
    pub code: &'a str,
    /// The id the prices set cite.
    pub source_id: &'a str,
}

/// The importer of a service's metered-unit map: the skeleton every map shares, around the service's
/// hook.
pub struct Metered<S>(pub S);

impl<S: Service> Kind for Metered<S> {
    fn name(&self) -> &'static str {
        S::NAME
    }

    fn detect(&self, file: &Value) -> bool {
        is_service(file, S::SERVICE)
    }

    fn apply(&self, file: &Value, origin: &str, cat: &mut Edit) -> Result<FileReport> {
        let map = read(file, origin)?;
        let source_id = format!("{}{}", S::PREFIX, map.date());
        let mut report = map.report(S::NAME, source_id.clone());
        self.0.check(cat, origin)?;
        for (code, loc, entries) in map.known_locations(cat, &mut report)? {
            let at = Location {
                origin,
                loc,
                entries,
                code: &code,
                source_id: &source_id,
            };
            if self.0.location(&at, cat)? {
                report.regions.push(code);
            }
        }
        cat.add_source(
            &source_id,
            json!({
                "kind": "AWS-published file (primary), imported with `apigw-cost prices import`",
                "what": format!("AWS metered unit map for {}, manifest.hawkFilePublicationDate {}{}", S::TITLE, map.published, S::DETAIL),
                "origin_url": format!("https://b0.p.awsstatic.com/pricing/2.0/meteredUnitMaps/{0}/USD/current/{0}.json", S::SERVICE),
                "local_copy": origin,
            }),
        );
        Ok(report)
    }
}

/// The most decimals a price in an AWS file may have (AWS writes 10): more could not be held exactly.
pub const MAX_PRICE_DECIMALS: usize = 20;

/// A non-negative decimal written plainly (`0.0000035000`, `10240`): ASCII digits with at most one
/// point and at most `MAX_PRICE_DECIMALS` decimals, held exactly (a text with more significant digits
/// than a decimal holds is refused: `0.000...0001` with 40 digits would otherwise round to $0). None
/// otherwise. Bounds on the value are the catalog's.
pub fn parse_price(text: &str) -> Option<Decimal> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let ok = !int.is_empty()
        && digits(int)
        && digits(frac)
        && (!text.contains('.') || !frac.is_empty())
        && frac.len() <= MAX_PRICE_DECIMALS;
    if !ok {
        return None;
    }
    // rust_decimal rounds what it cannot hold (28-29 significant digits): the scale says so.
    let d: Decimal = text.parse().ok()?;
    (d.scale() as usize == frac.len()).then_some(d)
}

/// (price as the file gives it, rate code) of an entry, or None when the location lacks it.
pub fn entry(
    origin: &str,
    loc: &str,
    entries: &Map<String, Value>,
    key: &str,
) -> Result<Option<(Decimal, String)>> {
    let Some(e) = entries.get(key) else {
        return Ok(None);
    };
    let price = e.get("price").and_then(Value::as_str).ok_or_else(|| {
        bad(
            origin,
            format!("{} / {key}: no \"price\" string", shorten(loc)),
        )
    })?;
    let price: Decimal = parse_price(price).ok_or_else(|| {
        bad(
            origin,
            format!(
                "{} / {key}: price '{}' is not a non-negative decimal of at most {MAX_PRICE_DECIMALS} decimals that can be held exactly",
                shorten(loc),
                shorten(price)
            ),
        )
    })?;
    let rate = e
        .get("rateCode")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    Ok(Some((price, rate)))
}

/// The entries `keys` of a location: all of them, or None when it has none of them; some but not all
/// is an error naming the first missing.
pub fn all_or_none(
    origin: &str,
    loc: &str,
    entries: &Map<String, Value>,
    keys: &[&str],
) -> Result<Option<Vec<(Decimal, String)>>> {
    let found: Vec<Option<(Decimal, String)>> = keys
        .iter()
        .map(|k| entry(origin, loc, entries, k))
        .collect::<Result<_>>()?;
    if found.iter().all(Option::is_none) {
        return Ok(None);
    }
    if let Some(i) = found.iter().position(Option::is_none) {
        return Err(bad(
            origin,
            format!(
                "{}: has some prices of this meter but not \"{}\"",
                shorten(loc),
                keys[i]
            ),
        ));
    }
    Ok(Some(found.into_iter().flatten().collect()))
}

#[cfg(test)]
mod tests {
    use super::parse_price;
    use rust_decimal::Decimal;

    #[test]
    fn prices_are_held_exactly_or_refused() {
        assert_eq!(parse_price("0.0000035000"), Some(Decimal::new(35, 7)));
        assert_eq!(parse_price("10240"), Some(Decimal::from(10240)));
        assert_eq!(
            parse_price("0.0000000000000000000000000000000000000001"),
            None
        );
        assert!(parse_price("1234567890123456789012345678.5").is_some()); // 29 digits: held
        assert_eq!(parse_price("12345678901234567890123456789.5"), None);
        assert_eq!(parse_price("1234567890.12345678901234567890"), None);
        assert!(parse_price("79000000000000000000000000000").is_some());
        assert_eq!(parse_price("790000000000000000000000000000"), None);
        for bad in [
            "", ".", "1.", ".5", "-0.1", "+1", "1e3", "1.2.3", " 1", "0x10", "١",
        ] {
            assert_eq!(parse_price(bad), None, "{bad}");
        }
    }
}
