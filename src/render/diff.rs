//! `prices diff`: the price changes between two catalogs and, with a workload, what they do to each
//! option's month. Text for table and Markdown, JSON (exact decimal strings) and CSV (one row per
//! change). No arithmetic here beyond formatting: deltas come from the model.

use rust_decimal::Decimal;

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

fn json(r: &DiffReport) -> Result<String> {
    let changes: Vec<serde_json::Value> = r
        .changes
        .iter()
        .map(|c| {
            serde_json::json!({
                "region": c.region,
                "meter": c.meter,
                "tier": c.tier,
                "status": c.status(),
                "old_price": c.old_price.map(|p| p.normalize().to_string()),
                "new_price": c.new_price.map(|p| p.normalize().to_string()),
                "old_up_to": c.old_up_to.flatten().map(|p| p.to_string()),
                "new_up_to": c.new_up_to.flatten().map(|p| p.to_string()),
                "price_per": c.unit,
            })
        })
        .collect();
    let costs: Vec<serde_json::Value> = r
        .costs
        .iter()
        .map(|c| {
            let side = |q: &std::result::Result<crate::model::cost::Quote, String>| match q {
                Ok(q) => serde_json::json!({ "total_exact": q.total.to_string() }),
                Err(e) => serde_json::json!({ "error": e }),
            };
            serde_json::json!({
                "region": c.region,
                "api": c.api.name(),
                "old": side(&c.old),
                "new": side(&c.new),
                "delta_exact": c.delta().map(|d| d.to_string()),
            })
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({
        "schema_version": super::json::SCHEMA_VERSION,
        "old": r.old,
        "new": r.new,
        "equal": r.changes.is_empty(),
        "changes": changes,
        "workload_costs": costs,
    }))
    .map(|s| s + "\n")
    .map_err(|e| Error::Other(e.to_string()))
}

fn csv(r: &DiffReport) -> Result<String> {
    let rows = r.changes.iter().map(|c| {
        vec![
            c.region.clone(),
            c.meter.clone(),
            c.tier.map(|t| t.to_string()).unwrap_or_default(),
            c.status().to_string(),
            c.old_price
                .map(|p| p.normalize().to_string())
                .unwrap_or_default(),
            c.new_price
                .map(|p| p.normalize().to_string())
                .unwrap_or_default(),
            c.unit.clone(),
            c.old_up_to
                .flatten()
                .map(|p| p.to_string())
                .unwrap_or_default(),
            c.new_up_to
                .flatten()
                .map(|p| p.to_string())
                .unwrap_or_default(),
        ]
    });
    super::csv::write_rows(
        &[
            "region",
            "meter",
            "tier",
            "status",
            "old_price",
            "new_price",
            "price_per",
            "old_up_to",
            "new_up_to",
        ],
        rows,
    )
}
