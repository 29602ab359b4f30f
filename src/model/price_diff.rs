//! What changed between two catalogs (`prices diff OLD NEW`): every tier whose price or upper bound
//! differs, every table that appeared or disappeared, by region and meter; and, for a workload, what
//! the changes do to each option's monthly cost in each region they touch (both catalogs price the same
//! workload; the difference is exact, line by line).

use rust_decimal::Decimal;

use crate::error::Result;
use crate::model::api::ApiKind;
use crate::model::catalog::{Catalog, EdgeGeography, RegionPrices};
use crate::model::cost::component;
use crate::model::cost::{Pricer, Quote};
use crate::model::free_tier::FreeTier;
use crate::model::tiers::TierTable;
use crate::model::workload::Workload;

/// One tier (or table) that differs.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceChange {
    pub region: String,
    /// The meter's display name ("HTTP API requests", "Lambda duration (arm)").
    pub meter: String,
    /// 1-based tier; `None` when a whole region is missing on one side.
    pub tier: Option<usize>,
    /// Price as the catalog quotes it (per 1M requests, per GB, per hour).
    pub old_price: Option<Decimal>,
    pub new_price: Option<Decimal>,
    /// Upper bounds (`None` inside Some = unbounded).
    pub old_up_to: Option<Option<Decimal>>,
    pub new_up_to: Option<Option<Decimal>>,
    /// What the price is per ("1M requests", "GB").
    pub unit: String,
}

impl PriceChange {
    /// "changed", "appeared" or "disappeared".
    pub fn status(&self) -> &'static str {
        match (&self.old_price, &self.new_price) {
            (None, Some(_)) => "appeared",
            (Some(_), None) => "disappeared",
            _ => "changed",
        }
    }
}

/// One option's month in one region under both catalogs.
#[derive(Debug, Clone, PartialEq)]
pub struct CostChange {
    pub region: String,
    pub api: ApiKind,
    /// The old and new quotes, or why a side could not be priced.
    pub old: std::result::Result<Quote, String>,
    pub new: std::result::Result<Quote, String>,
}

impl CostChange {
    /// new total - old total, when both sides priced.
    pub fn delta(&self) -> Option<Decimal> {
        match (&self.old, &self.new) {
            (Ok(o), Ok(n)) => Some(n.total - o.total),
            _ => None,
        }
    }
}

/// Every price that differs, by region (code order), then meter in the catalog's table order.
pub fn diff(old: &Catalog, new: &Catalog) -> Vec<PriceChange> {
    let mut out = Vec::new();
    let mut codes: Vec<&String> = old.regions.keys().chain(new.regions.keys()).collect();
    codes.sort();
    codes.dedup();
    for code in codes {
        let o = old
            .regions
            .get(code)
            .map(RegionPrices::tables)
            .unwrap_or_default();
        let n = new
            .regions
            .get(code)
            .map(RegionPrices::tables)
            .unwrap_or_default();
        let mut names: Vec<&String> = o.iter().map(|(k, _)| k).collect();
        for (k, _) in &n {
            if !names.contains(&k) {
                names.push(k);
            }
        }
        for name in names {
            let ot = o.iter().find(|(k, _)| k == name).map(|(_, t)| *t);
            let nt = n.iter().find(|(k, _)| k == name).map(|(_, t)| *t);
            table_changes(code, name, ot, nt, &mut out);
        }
    }
    // CloudFront, by edge geography ("cloudfront EU"): not a region, so no workload is priced on it.
    let mut geos: Vec<&str> = old
        .cloudfront
        .iter()
        .chain(&new.cloudfront)
        .map(|g| g.name.as_str())
        .collect();
    geos.sort();
    geos.dedup();
    for geo in geos {
        let o = old.cloudfront.iter().find(|g| g.name == geo);
        let n = new.cloudfront.iter().find(|g| g.name == geo);
        let at = format!("cloudfront {geo}");
        for (name, of) in [
            (
                component::CLOUDFRONT_REQUESTS,
                https as fn(&EdgeGeography) -> &TierTable,
            ),
            ("CloudFront HTTP requests", |g| &g.http_requests),
            (component::CLOUDFRONT_EGRESS, |g| &g.egress),
            (component::CLOUDFRONT_TO_ORIGIN, |g| &g.to_origin),
        ] {
            table_changes(&at, name, o.map(of), n.map(of), &mut out);
        }
    }
    out
}

fn https(g: &EdgeGeography) -> &TierTable {
    &g.https_requests
}

fn table_changes(
    region: &str,
    meter: &str,
    old: Option<&TierTable>,
    new: Option<&TierTable>,
    out: &mut Vec<PriceChange>,
) {
    let unit = old
        .or(new)
        .map(|t| {
            let unit = t.meter.unit();
            if t.meter.price_per() == Decimal::from(1_000_000) {
                format!("1M {unit}")
            } else {
                unit.strip_suffix('s').unwrap_or(unit).to_string()
            }
        })
        .unwrap_or_default();
    let count = old
        .map_or(0, |t| t.tiers.len())
        .max(new.map_or(0, |t| t.tiers.len()));
    for i in 0..count {
        let ot = old.and_then(|t| t.tiers.get(i));
        let nt = new.and_then(|t| t.tiers.get(i));
        let (op, np) = (ot.map(|t| t.price), nt.map(|t| t.price));
        let (ob, nb) = (ot.map(|t| t.up_to), nt.map(|t| t.up_to));
        if op != np || ob != nb {
            out.push(PriceChange {
                region: region.to_string(),
                meter: meter.to_string(),
                tier: Some(i + 1),
                old_price: op,
                new_price: np,
                old_up_to: ob,
                new_up_to: nb,
                unit: unit.clone(),
            });
        }
    }
}

/// The workload's month on each option in each region a change touches, under both catalogs.
pub fn cost_changes(
    old: &Catalog,
    new: &Catalog,
    changes: &[PriceChange],
    apis: &[ApiKind],
    w: &Workload,
    free_tier: &FreeTier,
) -> Result<Vec<CostChange>> {
    let mut regions: Vec<&str> = changes
        .iter()
        .map(|c| c.region.as_str())
        .filter(|r| old.regions.contains_key(*r) || new.regions.contains_key(*r))
        .collect();
    regions.dedup();
    let mut out = Vec::new();
    for region in regions {
        for &api in apis {
            let price = |c: &Catalog| -> std::result::Result<Quote, String> {
                let p = Pricer::new(c, region).map_err(|e| e.to_string())?;
                p.quote(api, w, &free_tier.month(0, free_tier.initial_credit()))
                    .map_err(|e| e.to_string())
            };
            out.push(CostChange {
                region: region.to_string(),
                api,
                old: price(old),
                new: price(new),
            });
        }
    }
    Ok(out)
}
