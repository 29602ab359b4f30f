//! Rating: the bill's usage summed per period x account x region x meter, priced on the catalog's
//! cumulative tiers (each group a fresh month: tiers count from zero), against what AWS billed.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::explain;
use super::meters::{classify, prefix_of, region_of_code, BillMeter, NO_PREFIX_REGION};
pub use super::rows::{Listed, Reconciliation, Row, Unmatched};
use super::whatif;
use super::{AccountLevel, Charge, GroupKey, Sums};
use crate::error::{Error, Result};
use crate::model::catalog::Catalog;

/// How to reconcile.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub accounts: AccountLevel,
    /// Re-rate REST requests as HTTP API requests (`--as http`).
    pub as_http: bool,
}

type RowKey = (String, String, String, String, BillMeter);

/// Rates the bill's groups (from [`super::Aggregator::into_groups`]) on the catalog.
pub fn reconcile(
    groups: Vec<(GroupKey, Sums)>,
    catalog: &Catalog,
    currency: &str,
    lines: u64,
    opts: Options,
) -> Result<Reconciliation> {
    if currency != catalog.currency {
        return Err(Error::Other(format!(
            "the bill is in {currency} but the catalog prices in {}: a reconciliation needs a bill in the catalog's currency",
            catalog.currency
        )));
    }
    let mut meters: BTreeMap<RowKey, Sums> = BTreeMap::new();
    let mut listed = Vec::new();
    let mut unmatched = Vec::new();
    let mut unknown = Unknown::default();
    let mut warnings = std::collections::BTreeSet::new();
    for (k, s) in groups {
        if k.charge != Charge::Usage {
            listed.push(Listed {
                period: k.period.to_string(),
                account: k.account.to_string(),
                charge: k.charge,
                line_type: k.line_type.to_string(),
                product: k.product.to_string(),
                usage_type: k.usage_type.to_string(),
                description: k.description.to_string(),
                amount: s.cost,
                lines: s.lines,
            });
            continue;
        }
        match classify(&k.usage_type, &k.product, &k.operation, &k.region) {
            Some((region, meter)) => {
                if let Some(w) = region_warning(&k).filter(|_| !meter.edge()) {
                    warnings.insert(w);
                }
                let account = match opts.accounts {
                    AccountLevel::Linked => k.account.to_string(),
                    AccountLevel::Payer => k.payer.to_string(),
                };
                let e = meters
                    .entry((
                        k.period.to_string(),
                        account,
                        k.payer.to_string(),
                        region,
                        meter,
                    ))
                    .or_default();
                e.usage += s.usage;
                e.cost += s.cost;
                e.free_usage += s.free_usage;
                e.lines += s.lines;
            }
            None => unknown.add(&k, &s),
        }
    }
    unmatched.extend(unknown.rows());
    let rows = rate_rows(meters, catalog, &mut unmatched)?;
    let sum = |v: &mut dyn Iterator<Item = Decimal>| v.sum::<Decimal>();
    let billed_total = sum(&mut rows.iter().map(|r| r.billed));
    let model_total = sum(&mut rows.iter().map(|r| r.model));
    let non_usage_total = sum(&mut listed.iter().map(|l| l.amount));
    let unmatched_total = sum(&mut unmatched.iter().map(|u| u.cost));
    let as_http = if opts.as_http {
        Some(whatif::as_http(&rows, catalog)?)
    } else {
        None
    };
    let mut r = Reconciliation {
        accounts: opts.accounts,
        currency: currency.to_string(),
        catalog_published: catalog.provenance.published.clone(),
        rows,
        billed_total,
        model_total,
        difference_total: billed_total - model_total,
        non_usage: listed,
        non_usage_total,
        unmatched,
        unmatched_total,
        bill_total: billed_total + unmatched_total + non_usage_total,
        lines,
        explanations: Vec::new(),
        warnings: warnings.into_iter().take(MAX_WARNINGS).collect(),
        as_http,
    };
    r.explanations = explain::explain(&r, catalog)?;
    Ok(r)
}

/// Each meter's usage priced on the catalog's tiers; a region or meter the catalog lacks goes to
/// `unmatched` with its cost.
fn rate_rows(
    meters: BTreeMap<RowKey, Sums>,
    catalog: &Catalog,
    unmatched: &mut Vec<Unmatched>,
) -> Result<Vec<Row>> {
    let mut rows = Vec::new();
    for ((period, account, payer, region, meter), s) in meters {
        let priced = if meter.edge() {
            catalog
                .cloudfront
                .iter()
                .find(|g| g.name == region)
                .and_then(|g| meter.edge_table(g))
                .ok_or_else(|| format!("the catalog has no CloudFront prices for {region}"))
        } else {
            catalog
                .regions
                .get(&region)
                .ok_or_else(|| format!("the catalog has no prices for region {region}"))
                .and_then(|r| meter.table(r))
        };
        let table = match priced {
            Ok(t) => t,
            Err(reason) => {
                unmatched.push(Unmatched {
                    period,
                    account,
                    region,
                    product: String::new(),
                    usage_type: meter.name(),
                    usage: Some(s.usage),
                    cost: s.cost,
                    lines: s.lines,
                    reason: format!("{reason}: listed with its cost, not rated"),
                });
                continue;
            }
        };
        let tiers = table.price(Decimal::ZERO, s.usage)?;
        let model: Decimal = tiers.iter().map(|t| t.amount).sum();
        rows.push(Row {
            period,
            account,
            payer,
            region,
            meter,
            usage: s.usage,
            free_usage: s.free_usage,
            billed: s.cost,
            model,
            difference: s.cost - model,
            lines: s.lines,
            tiers,
        });
    }
    Ok(rows)
}

/// The most warnings a reconciliation lists (each names one usage type).
pub const MAX_WARNINGS: usize = 20;

/// A warning about how a usage line's region was found, if there is something to say.
fn region_warning(k: &GroupKey) -> Option<String> {
    let code = prefix_of(&k.usage_type)?;
    if !k.region.is_empty() && *k.region != *code.region {
        return Some(format!(
            "{}: its prefix {} is {} but the region column says {}; the column was used",
            k.usage_type, code.code, code.region, k.region
        ));
    }
    (k.region.is_empty() && !code.confirmed).then(|| {
        format!(
            "{}: the billing code {} was taken as {} (data/region-billing-codes.csv), which no AWS page available here confirmed; a region column would settle it",
            k.usage_type, code.code, code.region
        )
    })
}

/// Usage the model does not know, summed by period and product: one row per product (a bill of a
/// hundred services lists a hundred rows at most, not one per usage type and operation).
/// Why a row of several usage types has no usage.
const MIXED: &str =
    " (usage left blank: usage types may count different units, GB, requests or hours, which have no one sum)";

#[derive(Default)]
struct Unknown {
    by_product: BTreeMap<(String, String), UnknownSums>,
}

#[derive(Default)]
struct UnknownSums {
    accounts: std::collections::BTreeSet<String>,
    regions: std::collections::BTreeSet<String>,
    usage_types: std::collections::BTreeSet<String>,
    usage: Decimal,
    cost: Decimal,
    lines: u64,
}

impl Unknown {
    fn add(&mut self, k: &GroupKey, s: &Sums) {
        let region = if !k.region.is_empty() {
            k.region.to_string()
        } else {
            k.usage_type
                .split_once('-')
                .and_then(|(code, _)| region_of_code(code))
                .unwrap_or(NO_PREFIX_REGION)
                .to_string()
        };
        let e = self
            .by_product
            .entry((k.period.to_string(), k.product.to_string()))
            .or_default();
        e.accounts.insert(k.account.to_string());
        e.regions.insert(region);
        e.usage_types.insert(k.usage_type.to_string());
        e.usage += s.usage;
        e.cost += s.cost;
        e.lines += s.lines;
    }

    fn rows(self) -> Vec<Unmatched> {
        let one = |set: &std::collections::BTreeSet<String>, what: &str| match set.len() {
            1 => set.iter().next().cloned().unwrap_or_default(),
            n => format!("{n} {what}"),
        };
        self.by_product
            .into_iter()
            .map(|((period, product), u)| {
                let types = u.usage_types.len();
                let reason = if crate::model::reconcile::meters::MODEL_PRODUCTS
                    .contains(&product.as_str())
                {
                    if types == 1 {
                        "a usage type the model does not know: listed with its cost, not rated"
                            .to_string()
                    } else {
                        format!("{types} usage types the model does not know: listed with their cost, not rated{MIXED}")
                    }
                } else {
                    format!(
                        "a product the model does not price ({}): {}, not rated",
                        if product.is_empty() {
                            "no product code"
                        } else {
                            product.as_str()
                        },
                        if types == 1 {
                            "its usage listed with its cost".to_string()
                        } else {
                            format!("{types} usage types listed with their cost{MIXED}")
                        }
                    )
                };
                Unmatched {
                    period,
                    account: one(&u.accounts, "accounts"),
                    region: one(&u.regions, "regions"),
                    product,
                    usage_type: one(&u.usage_types, "usage types"),
                    // Usage of several usage types (GB, requests, hours) has no one sum.
                    usage: (types == 1).then_some(u.usage),
                    cost: u.cost,
                    lines: u.lines,
                    reason,
                }
            })
            .collect()
    }
}
