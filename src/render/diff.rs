//! `prices diff`: the price changes between two catalogs and, with a workload, what they do to each
//! option's month. Text for table and Markdown, JSON (exact decimal strings) and CSV (one row per
//! change). No arithmetic here beyond formatting: deltas come from the model.

use rust_decimal::Decimal;
use serde::Serialize;

use super::csv::Text;
use super::{fmt, Format};
use crate::error::{Error, Result};
use crate::model::price_diff::{CostChange, PriceChange};

/// What `prices diff` shows.
pub struct DiffReport<'a> {
    pub old: &'a str,
    pub new: &'a str,
    pub changes: &'a [PriceChange],
    /// Empty without a workload.
    pub costs: &'a [CostChange],
}

fn bound(b: Option<Option<Decimal>>) -> String {
    match b {
        None => "-".into(),
        Some(None) => "unbounded".into(),
        Some(Some(v)) => fmt::quantity(v),
    }
}

fn price(p: Option<Decimal>) -> String {
    p.map_or("(none)".into(), |p| crate::money::exact(p).to_string())
}

/// One change in words: "eu-west-1 HTTP API requests tier 1: 1.11 -> 1.20 USD per 1M requests".
pub fn change_line(c: &PriceChange) -> String {
    let mut s = format!("{} {}", c.region, c.meter);
    if let Some(t) = c.tier {
        s.push_str(&format!(" tier {t}"));
    }
    s.push_str(&format!(
        ": {} -> {} USD per {} ({})",
        price(c.old_price),
        price(c.new_price),
        c.unit,
        c.status()
    ));
    if c.old_up_to != c.new_up_to && c.old_up_to.is_some() && c.new_up_to.is_some() {
        s.push_str(&format!(
            "; upper bound {} -> {}",
            bound(c.old_up_to),
            bound(c.new_up_to)
        ));
    }
    s
}

fn total(q: &std::result::Result<crate::model::cost::Quote, String>) -> String {
    match q {
        Ok(q) => fmt::money(q.total),
        Err(e) => format!("not priced ({e})"),
    }
}

pub fn render(format: Format, r: &DiffReport) -> Result<String> {
    if let Some(w) = super::markup::writer(format) {
        return Ok(text(r, w));
    }
    match format {
        Format::Json => json(r),
        _ => csv(r),
    }
}

/// The one markup layout: the changes under a line that counts them, then what they do to the
/// workload's month.
fn text(r: &DiffReport, mut w: Box<dyn super::markup::Markup>) -> String {
    let changes: Vec<String> = r.changes.iter().map(change_line).collect();
    w.bullets(
        &format!(
            "{} prices differ between {} and {}",
            r.changes.len(),
            r.old,
            r.new
        ),
        &changes,
    );
    if !r.costs.is_empty() {
        let costs: Vec<String> = r
            .costs
            .iter()
            .map(|c| {
                let delta = c
                    .delta()
                    .map(|d| {
                        let sign = if d.is_sign_negative() { "-" } else { "+" };
                        format!("{sign}{}", fmt::money(d.abs()))
                    })
                    .unwrap_or_else(|| "-".into());
                format!(
                    "{} {}: {} -> {} ({delta})",
                    c.region,
                    c.api.short(),
                    total(&c.old),
                    total(&c.new)
                )
            })
            .collect();
        w.bullets(
            "What the changes do to the workload's month (totals to the cent):",
            &costs,
        );
    }
    w.finish()
}

/// `prices diff --format json`. Its keys are in alphabetical order, as they have always been written
/// (the order of these fields).
#[derive(Serialize)]
struct DiffJson<'a> {
    changes: Vec<ChangeJson<'a>>,
    equal: bool,
    new: &'a str,
    old: &'a str,
    schema_version: u32,
    workload_costs: Vec<CostJson<'a>>,
}

/// One price change: prices and bounds as exact decimal strings, `null` where a side has none.
#[derive(Serialize)]
struct ChangeJson<'a> {
    meter: &'a str,
    new_price: Option<String>,
    new_up_to: Option<String>,
    old_price: Option<String>,
    old_up_to: Option<String>,
    price_per: &'a str,
    region: &'a str,
    status: &'static str,
    tier: Option<usize>,
}

/// One option's month under both catalogs, and the difference when both priced it.
#[derive(Serialize)]
struct CostJson<'a> {
    api: &'static str,
    delta_exact: Option<String>,
    new: Side<'a>,
    old: Side<'a>,
    region: &'a str,
}

/// A side's month: `{"total_exact": "..."}`, or `{"error": "..."}` when it could not be priced.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum Side<'a> {
    TotalExact(String),
    Error(&'a str),
}

impl<'a> Side<'a> {
    fn of(q: &'a std::result::Result<crate::model::cost::Quote, String>) -> Side<'a> {
        match q {
            Ok(q) => Side::TotalExact(q.total.to_string()),
            Err(e) => Side::Error(e),
        }
    }
}

/// A price as the catalog quotes it, trailing zeros dropped (`3.5`).
fn exact_price(p: Option<Decimal>) -> Option<String> {
    p.map(|p| p.normalize().to_string())
}

/// An upper bound, `None` when unbounded or absent.
fn exact_bound(b: Option<Option<Decimal>>) -> Option<String> {
    b.flatten().map(|v| v.to_string())
}

fn json(r: &DiffReport) -> Result<String> {
    let doc = DiffJson {
        changes: r
            .changes
            .iter()
            .map(|c| ChangeJson {
                meter: &c.meter,
                new_price: exact_price(c.new_price),
                new_up_to: exact_bound(c.new_up_to),
                old_price: exact_price(c.old_price),
                old_up_to: exact_bound(c.old_up_to),
                price_per: &c.unit,
                region: &c.region,
                status: c.status(),
                tier: c.tier,
            })
            .collect(),
        equal: r.changes.is_empty(),
        new: r.new,
        old: r.old,
        schema_version: super::json::SCHEMA_VERSION,
        workload_costs: r
            .costs
            .iter()
            .map(|c| CostJson {
                api: c.api.name(),
                delta_exact: c.delta().map(|d| d.to_string()),
                new: Side::of(&c.new),
                old: Side::of(&c.old),
                region: &c.region,
            })
            .collect(),
    };
    serde_json::to_string_pretty(&doc)
        .map(|s| s + "\n")
        .map_err(|e| Error::Other(e.to_string()))
}

/// `prices diff --format csv`: one row per change (every cell escaped as the finance CSV's are).
#[derive(Serialize)]
struct ChangeRow {
    region: Text,
    meter: Text,
    tier: Option<usize>,
    status: &'static str,
    old_price: Option<String>,
    new_price: Option<String>,
    price_per: Text,
    old_up_to: Option<String>,
    new_up_to: Option<String>,
}

/// The CSV's header: [`ChangeRow`]'s fields, written alone when the catalogs are equal.
const CSV_HEADER: [&str; 9] = [
    "region",
    "meter",
    "tier",
    "status",
    "old_price",
    "new_price",
    "price_per",
    "old_up_to",
    "new_up_to",
];

fn csv(r: &DiffReport) -> Result<String> {
    if r.changes.is_empty() {
        return super::csv::write_rows(&CSV_HEADER, std::iter::empty::<[&str; 0]>());
    }
    super::csv::write_serialized(r.changes.iter().map(|c| ChangeRow {
        region: c.region.as_str().into(),
        meter: c.meter.as_str().into(),
        tier: c.tier,
        status: c.status(),
        old_price: exact_price(c.old_price),
        new_price: exact_price(c.new_price),
        price_per: c.unit.as_str().into(),
        old_up_to: exact_bound(c.old_up_to),
        new_up_to: exact_bound(c.new_up_to),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The header written for equal catalogs is the one the rows' field names give.
    #[test]
    fn the_header_alone_is_the_rows_field_names() {
        let row = ChangeRow {
            region: "r".into(),
            meter: "m".into(),
            tier: Some(1),
            status: "changed",
            old_price: Some("1".into()),
            new_price: None,
            price_per: "GB".into(),
            old_up_to: None,
            new_up_to: None,
        };
        let text = crate::render::csv::write_serialized([row]).unwrap();
        assert_eq!(
            text,
            format!("{}\nr,m,1,changed,1,,GB,,\n", CSV_HEADER.join(","))
        );
    }
}
