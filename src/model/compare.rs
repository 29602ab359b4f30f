//! Comparison: options side by side in one or more regions, with savings against the dearest.

use rust_decimal::Decimal;

use crate::error::Result;
use crate::model::api::ApiKind;
use crate::model::catalog::Catalog;
use crate::model::cost::{Pricer, Quote};
use crate::model::free_tier::FreeTier;
use crate::model::workload::Workload;

/// How much one option saves against the dearest option of the same region priced on the same scope.
#[derive(Debug, Clone, PartialEq)]
pub struct Saving {
    pub api: ApiKind,
    /// dearest bill − this bill, both to the cent (zero for the dearest itself): the difference of the
    /// totals shown. `None` for an option priced on another scope than the region's reference (see
    /// [`Saving::not_priced`]): its bill is not like-for-like, so no saving is given.
    pub amount: Option<Decimal>,
    /// amount / dearest bill × 100, exact to 28 digits; `None` when the dearest costs nothing or no
    /// saving is given.
    pub percent: Option<Decimal>,
    /// What was asked for but not priced on this option (an authorizer, logs, tracing, a private
    /// endpoint it has none of), when that differs from the reference scope; empty otherwise.
    pub not_priced: Vec<&'static str>,
}

/// The options of one region.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionComparison {
    pub region: String,
    pub quotes: Vec<Quote>,
    pub savings: Vec<Saving>,
    /// The cheapest and the dearest of the options priced on the reference scope.
    pub cheapest: ApiKind,
    pub dearest: ApiKind,
}

impl RegionComparison {
    /// Whether `api` is priced on the region's reference scope (like-for-like with the dearest).
    pub fn like_for_like(&self, api: ApiKind) -> bool {
        self.savings
            .iter()
            .find(|s| s.api == api)
            .is_some_and(|s| s.amount.is_some())
    }
}

/// Prices every option in every region (one month, the free tier's first month).
pub fn compare(
    catalog: &Catalog,
    regions: &[String],
    apis: &[ApiKind],
    w: &Workload,
    free_tier: &FreeTier,
) -> Result<Vec<RegionComparison>> {
    let allowance = free_tier.month(0, free_tier.initial_credit());
    regions
        .iter()
        .map(|region| {
            let pricer = Pricer::new(catalog, region)?;
            let quotes = apis
                .iter()
                .map(|k| {
                    let mut q = pricer.quote(*k, &w.for_option(*k), &allowance)?;
                    q.warnings.extend(w.cache_note(*k));
                    q.warnings.extend(w.waf_note(*k));
                    if let Some(note) = w.streaming_note(*k) {
                        q.warnings.push(note);
                        q.not_priced.push("response streaming");
                    }
                    Ok(q)
                })
                .collect::<Result<Vec<_>>>()?;
            Ok(rank(region, quotes))
        })
        .collect()
}

/// The reference scope of a region's quotes: what the first option with the fewest unpriced asks leaves
/// unpriced. Options with exactly that set are like-for-like; the others are priced on another scope.
fn reference_scope(quotes: &[Quote]) -> Vec<&'static str> {
    let mut reference = quotes
        .iter()
        .min_by_key(|q| q.not_priced.len())
        .map(|q| q.not_priced.clone())
        .unwrap_or_default();
    reference.sort_unstable();
    reference
}

/// Savings and cheapest/dearest of a region's quotes, by their bills to the cent (ties go to the first
/// listed), among the options priced on the reference scope ([`reference_scope`]); an option priced
/// on another scope gets no saving and is neither the cheapest nor the dearest.
pub fn rank(region: &str, quotes: Vec<Quote>) -> RegionComparison {
    let reference = reference_scope(&quotes);
    let like: Vec<bool> = quotes
        .iter()
        .map(|q| {
            let mut mine = q.not_priced.clone();
            mine.sort_unstable();
            mine == reference
        })
        .collect();
    let compared = || {
        quotes
            .iter()
            .zip(&like)
            .filter(|(_, l)| **l)
            .map(|(q, _)| q)
    };
    let dearest = compared()
        .fold(None::<&Quote>, |acc, q| match acc {
            Some(a) if a.billed() >= q.billed() => Some(a),
            _ => Some(q),
        })
        .map(|q| (q.api, q.billed()));
    let cheapest = compared()
        .fold(None::<&Quote>, |acc, q| match acc {
            Some(a) if a.billed() <= q.billed() => Some(a),
            _ => Some(q),
        })
        .map(|q| q.api);
    let (dearest_api, dearest_total) = dearest.unwrap_or((ApiKind::Rest, Decimal::ZERO));
    let savings = quotes
        .iter()
        .zip(&like)
        .map(|(q, like)| {
            if !like {
                return Saving {
                    api: q.api,
                    amount: None,
                    percent: None,
                    not_priced: q.not_priced.clone(),
                };
            }
            // Both bills are non-negative and the dearest is the largest: no overflow.
            let amount = dearest_total - q.billed();
            Saving {
                api: q.api,
                amount: Some(amount),
                percent: percent_of(amount, dearest_total),
                not_priced: Vec::new(),
            }
        })
        .collect();
    RegionComparison {
        region: region.to_string(),
        quotes,
        savings,
        cheapest: cheapest.unwrap_or(ApiKind::Rest),
        dearest: dearest_api,
    }
}

/// `amount` x 100 / `total`, exact to 28 digits; `None` when the total is zero. The product is checked:
/// when it would overflow (totals near Decimal's range, from a catalog's prices) the quotient is taken
/// first, which cannot (the amount is at most the total).
fn percent_of(amount: Decimal, total: Decimal) -> Option<Decimal> {
    if total.is_zero() {
        return None;
    }
    match amount.checked_mul(Decimal::from(100)) {
        Some(a) => a.checked_div(total),
        None => amount
            .checked_div(total)
            .and_then(|f| f.checked_mul(Decimal::from(100))),
    }
}

/// The REST cache size a need for caching is priced with when the workload gives none: the smallest
/// AWS sells.
pub const DEFAULT_CACHE_GB: Decimal = Decimal::from_parts(5, 0, 0, false, 1);

/// A need for caching prices the REST API with its stage cache: the workload's (`--cache`), else
/// [`DEFAULT_CACHE_GB`] with the share `--cacheable-share` gives as its hit rate. Returns the note
/// that says so, when the default was taken.
pub fn add_cache_for_needs(needs: &[String], workload: &mut Workload) -> Option<String> {
    if !needs.iter().any(|n| n == "caching") || workload.cache.is_some() {
        return None;
    }
    let hit_rate = workload.edge.cacheable_share;
    workload.cache = Some(crate::model::workload::CacheConfig {
        size_gb: DEFAULT_CACHE_GB,
        hit_rate,
    });
    Some(format!(
        "caching is needed: the REST API is priced with a {} GB stage cache (the smallest; --cache to choose) answering {}% of requests (--cacheable-share)",
        DEFAULT_CACHE_GB,
        (hit_rate * Decimal::ONE_HUNDRED).normalize()
    ))
}

/// The regions of the catalog the HTTP API + CloudFront + WAF workaround is priced from, beside the
/// API's own: us-east-1 (where CloudFront web ACLs live) and CloudFront's edge geographies.
pub const WORKAROUND_REGIONS: [&str; 2] = [
    crate::model::cost::CLOUDFRONT_WAF_REGION,
    crate::model::catalog::CLOUDFRONT,
];

/// What a workload's needs add to the options compared, so they compare what would really be
/// deployed: a web ACL on every option that can take WAF when `waf` is needed (no rules unless the
/// workload says otherwise), and the usual workaround, HTTP API + CloudFront + WAF, when an HTTP API
/// is compared for a workload that needs WAF, caching or an edge-optimized endpoint. Returns
/// whether the workaround was added (its prices are in [`WORKAROUND_REGIONS`]).
pub fn add_workaround(needs: &[String], workload: &mut Workload, apis: &mut Vec<ApiKind>) -> bool {
    if needs.iter().any(|n| n == "waf") && workload.waf.is_none() {
        workload.waf = Some(crate::model::workload::WafUse {
            rules: Decimal::ZERO,
        });
    }
    let workaround = apis.contains(&ApiKind::Http)
        && (workload.waf.is_some()
            || needs
                .iter()
                .any(|n| matches!(n.as_str(), "waf" | "caching" | "edge-optimized")));
    if workaround && !apis.iter().any(|a| a.is_cloudfront()) {
        apis.push(ApiKind::cloudfront(workload.waf.is_some()));
    }
    workaround
}
