//! The catalog being rebuilt by an import: its JSON, the region codes by AWS location name, and the
//! helpers every kind of file uses to set a price (keeping the catalog's own text of a price that did
//! not change, so that importing the files a catalog was built from gives it back exactly) and to list
//! what changed.

use std::fmt;

use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

use crate::error::{Error, Result};
use crate::model::catalog::{Catalog, MAX_PRICE};

/// One price that changed, appeared (`old` = None) or disappeared (`new` = None).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// A region code, or `cloudfront` for CloudFront's edge geographies.
    pub region: String,
    /// The meter as the catalog names it ("http", "lambda duration x86", "egress United States").
    pub meter: String,
    /// 1-based tier, for tiered meters.
    pub tier: Option<usize>,
    /// What changed: the price, or a tier's upper bound.
    pub what: What,
    pub old: Option<Decimal>,
    pub new: Option<Decimal>,
    /// The unit of the values ("USD per 1M", "USD per GB", "GB").
    pub unit: &'static str,
}

/// Which value of a tier changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Price,
    /// The tier's upper bound (`None` = unbounded).
    Bound,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |v: Option<Decimal>| match (v, self.what) {
            (Some(v), What::Price) => crate::money::exact(v).to_string(),
            (Some(v), What::Bound) => v.to_string(),
            (None, What::Bound) => "unbounded".into(),
            (None, What::Price) => "(none)".into(),
        };
        write!(f, "{} {}", self.region, self.meter)?;
        if let Some(t) = self.tier {
            write!(f, " tier {t}")?;
        }
        if self.what == What::Bound {
            write!(f, " upper bound")?;
        }
        write!(
            f,
            ": {} -> {} {}",
            show(self.old),
            show(self.new),
            self.unit
        )
    }
}

/// A price (or bound) to write: its value and the AWS rate code it came with.
#[derive(Debug, Clone, PartialEq)]
pub struct Priced {
    pub value: Decimal,
    pub rate_code: Option<String>,
}

/// One tier to write: upper bound (None = unbounded), price, rate code.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTier {
    pub up_to: Option<Decimal>,
    pub price: Priced,
}

/// How a tier list is written in the catalog (the field names differ by section).
pub struct TierFields {
    pub bound: &'static str,
    pub price: &'static str,
    pub rate_code: &'static str,
    /// A per-tier `sources` list (data transfer out cites per tier).
    pub per_tier_sources: bool,
}

/// Where a price sits, for the change list.
pub struct At<'a> {
    pub region: &'a str,
    pub meter: &'a str,
    pub unit: &'static str,
}

/// The catalog being edited.
#[derive(Clone)]
pub struct Edit {
    pub(super) doc: Value,
    /// (AWS location display name, region code) of every catalog region.
    by_location: Vec<(String, String)>,
    pub(super) changes: Vec<Change>,
    /// Source entries to add when absent: (id, entry).
    sources: Vec<(String, Value)>,
}

impl Edit {
    pub fn new(base_text: &str, base_origin: &str) -> Result<Edit> {
        // A valid base has the shape the edits rely on (objects where they index).
        Catalog::from_json(base_text, base_origin)?;
        let doc: Value = serde_json::from_str(base_text).map_err(|e| Error::File {
            path: base_origin.to_string(),
            message: e.to_string(),
        })?;
        let by_location = doc
            .get("regions")
            .and_then(Value::as_object)
            .map(|r| {
                r.iter()
                    .filter_map(|(code, v)| {
                        v.get("location")
                            .and_then(Value::as_str)
                            .map(|l| (l.to_string(), code.clone()))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(Edit {
            doc,
            by_location,
            changes: Vec::new(),
            sources: Vec::new(),
        })
    }

    /// The catalog region of an AWS location display name ("EU (Ireland)" -> eu-west-1).
    pub fn code_of(&self, location: &str) -> Option<String> {
        self.by_location
            .iter()
            .find(|(l, _)| l == location)
            .map(|(_, c)| c.clone())
    }

    /// Every source id the catalog's prices cite (the first word of each string in a `sources` list,
    /// the top-level `sources` table aside), with the sources this import added.
    pub fn cited_ids(&self) -> Vec<String> {
        fn walk(v: &Value, in_sources: bool, out: &mut Vec<String>) {
            match v {
                Value::String(s) if in_sources => {
                    if let Some(id) = s.split_whitespace().next() {
                        out.push(id.to_string());
                    }
                }
                Value::Array(a) => a.iter().for_each(|x| walk(x, in_sources, out)),
                Value::Object(m) => {
                    for (k, x) in m {
                        walk(x, k == "sources", out);
                    }
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        if let Value::Object(top) = &self.doc {
            for (k, v) in top.iter().filter(|(k, _)| k.as_str() != "sources") {
                walk(v, k == "sources", &mut out);
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// Whether the catalog lists a region code.
    pub fn has_region(&self, code: &str) -> bool {
        self.by_location.iter().any(|(_, c)| c == code)
    }

    /// The object at `path` (created, as objects, where missing), with the change list beside it.
    pub fn slot(&mut self, path: &[&str]) -> (&mut Map<String, Value>, &mut Vec<Change>) {
        let mut v = &mut self.doc;
        for key in path {
            if !v.is_object() {
                *v = json!({});
            }
            v = v
                .as_object_mut()
                .expect("made an object above")
                .entry(key.to_string())
                .or_insert_with(|| json!({}));
        }
        if !v.is_object() {
            *v = json!({});
        }
        (
            v.as_object_mut().expect("made an object above"),
            &mut self.changes,
        )
    }

    /// A value of the base catalog, read-only.
    pub fn get(&self, pointer: &str) -> Option<&Value> {
        self.doc.pointer(pointer)
    }

    /// Cites `id` in the catalog's `sources` (an entry already there is kept as written).
    pub fn add_source(&mut self, id: &str, entry: Value) {
        self.sources.push((id.to_string(), entry));
    }

    /// The catalog text and the change list; `newest` (the newest file date) becomes `generated_on`
    /// when anything changed.
    pub fn finish(mut self, newest: Option<&str>) -> Result<(String, Vec<Change>)> {
        for (id, entry) in std::mem::take(&mut self.sources) {
            let (sources, _) = self.slot(&["sources"]);
            sources.entry(id).or_insert(entry);
        }
        if let (Some(date), false) = (newest, self.changes.is_empty()) {
            self.doc["generated_on"] = json!(date);
        }
        let text = serde_json::to_string_pretty(&self.doc)
            .map_err(|e| Error::Other(e.to_string()))?
            + "\n";
        Ok((text, self.changes))
    }
}

fn decimal_of(v: Option<&Value>) -> Option<Decimal> {
    v.and_then(Value::as_str).and_then(|s| s.parse().ok())
}

/// A price checked against the catalog's bound, as text.
fn text(value: Decimal) -> String {
    value.normalize().to_string()
}

/// Sets `obj[key]` to a price, keeping the old text when the value is the same; records a change.
pub fn set_price(
    obj: &mut Map<String, Value>,
    key: &str,
    new: Decimal,
    changes: &mut Vec<Change>,
    at: &At,
) {
    let old = decimal_of(obj.get(key));
    if old != Some(new) {
        changes.push(Change {
            region: at.region.to_string(),
            meter: at.meter.to_string(),
            tier: None,
            what: What::Price,
            old,
            new: Some(new),
            unit: at.unit,
        });
        obj.insert(key.to_string(), json!(text(new)));
    }
}

/// Sets a string field (a rate code) when the file gives one.
pub fn set_text(obj: &mut Map<String, Value>, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        obj.insert(key.to_string(), json!(v));
    }
}

/// Replaces the tier list `obj[key]`, keeping each old tier's text where its values are the same;
/// records every price and bound that changed, and tiers that appeared or disappeared.
pub fn set_tiers(
    obj: &mut Map<String, Value>,
    key: &str,
    tiers: &[NewTier],
    f: &TierFields,
    source: &str,
    changes: &mut Vec<Change>,
    at: &At,
) {
    let old: Vec<Value> = obj
        .get(key)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut out = Vec::new();
    let change = |tier: usize, what, old, new| Change {
        region: at.region.to_string(),
        meter: at.meter.to_string(),
        tier: Some(tier + 1),
        what,
        old,
        new,
        unit: match what {
            What::Price => at.unit,
            What::Bound => "units",
        },
    };
    for (i, t) in tiers.iter().enumerate() {
        let o = old.get(i).and_then(Value::as_object);
        let mut tier = o.cloned().unwrap_or_default();
        let old_price = o.and_then(|o| decimal_of(o.get(f.price)));
        let old_bound = o.map(|o| decimal_of(o.get(f.bound)));
        if old_price != Some(t.price.value) {
            changes.push(change(i, What::Price, old_price, Some(t.price.value)));
            // A changed price drops what the old tier said about it (its per-unit text, notes).
            tier.retain(|k, _| k == f.bound);
            tier.insert(f.price.into(), json!(text(t.price.value)));
        }
        if old_bound != Some(t.up_to) {
            if o.is_some() {
                changes.push(change(i, What::Bound, old_bound.flatten(), t.up_to));
            }
            tier.insert(f.bound.into(), json!(t.up_to.map(text)));
        }
        if let Some(rc) = &t.price.rate_code {
            tier.insert(f.rate_code.into(), json!(rc));
        }
        if f.per_tier_sources {
            tier.insert("sources".into(), json!([source]));
        }
        out.push(Value::Object(tier));
    }
    for (i, o) in old.iter().enumerate().skip(tiers.len()) {
        changes.push(change(i, What::Price, decimal_of(o.get(f.price)), None));
    }
    obj.insert(key.to_string(), Value::Array(out));
}

/// Cites `id` in `obj.sources`: replaces the ids of older files of the same kind (`prefix`), keeps the
/// rest; a new entry cites `id` and then `extra`.
pub fn cite(obj: &mut Map<String, Value>, id: &str, prefix: &str, extra: &[String]) {
    let mut list: Vec<Value> = match obj.get("sources").and_then(Value::as_array) {
        Some(old) => {
            let mut kept: Vec<Value> = Vec::new();
            let mut placed = false;
            for s in old {
                let is_kind = s.as_str().is_some_and(|s| s.starts_with(prefix));
                if is_kind {
                    if !placed {
                        kept.push(json!(id));
                        placed = true;
                    }
                } else {
                    kept.push(s.clone());
                }
            }
            if !placed {
                kept.insert(0, json!(id));
            }
            kept
        }
        None => std::iter::once(json!(id))
            .chain(extra.iter().map(|s| json!(s)))
            .collect(),
    };
    list.dedup();
    obj.insert("sources".into(), Value::Array(list));
}

/// A per-unit price as USD per 1M units, within the catalog's bound (named by location and entry).
pub fn per_million(origin: &str, loc: &str, key: &str, price: Decimal) -> Result<Decimal> {
    price
        .checked_mul(Decimal::from(1_000_000))
        .filter(|p| *p <= MAX_PRICE)
        .map(|p| p.normalize())
        .ok_or_else(|| {
            super::bad(
                origin,
                format!(
                    "{} / {key}: price {price} USD per unit is {} USD per 1M, above the largest supported price, {MAX_PRICE} per 1M",
                    crate::error::shorten(loc),
                    price.checked_mul(Decimal::from(1_000_000)).map_or("over 7.9 x 10^28".into(), |p| p.normalize().to_string())
                ),
            )
        })
}

/// A price used as quoted (per hour, per GB, per month), within the catalog's bound.
pub fn as_quoted(origin: &str, loc: &str, key: &str, price: Decimal) -> Result<Decimal> {
    if price > MAX_PRICE {
        return Err(super::bad(
            origin,
            format!(
                "{} / {key}: price {price} USD is above the largest supported price, {MAX_PRICE}",
                crate::error::shorten(loc)
            ),
        ));
    }
    Ok(price.normalize())
}
