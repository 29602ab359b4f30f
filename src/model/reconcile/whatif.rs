//! What the bill would have been, and the traffic it shows: the REST requests re-rated as HTTP API
//! requests (`--as http`; features are not checked here, `review` does that), and one traffic profile
//! per account x region x API kind (`--profiles-out`).

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::{Decimal, RoundingStrategy};

pub use super::rows::AsHttpRow;
use super::rows::Row;
use super::BillMeter;
use crate::error::Result;
use crate::model::catalog::Catalog;

/// The REST request rows re-rated as HTTP API requests, at up to 512 KB each (one billing unit: the
/// bill does not say the sizes), like for like: AWS counts the REST tiers over a payer's linked
/// accounts (one account's 300M can be billed at the second tier because another's came first), so
/// the HTTP tiers are counted over the same pool, each period x payer x region, and its cost shared
/// by the accounts in proportion to their requests (the shares add up to the pool's cost exactly).
pub fn as_http(rows: &[Row], catalog: &Catalog) -> Result<Vec<AsHttpRow>> {
    type Pool<'a> = (&'a str, &'a str, &'a str);
    let rest: Vec<&Row> = rows
        .iter()
        .filter(|r| r.meter == BillMeter::RestRequests)
        .collect();
    let mut pools: BTreeMap<Pool, (Decimal, usize)> = BTreeMap::new();
    for r in &rest {
        let e = pools
            .entry((r.period.as_str(), r.payer.as_str(), r.region.as_str()))
            .or_default();
        e.0 += r.usage;
        e.1 += 1;
    }
    let mut priced: BTreeMap<Pool, (Option<Decimal>, Decimal, Decimal, usize)> = BTreeMap::new();
    for (k, (usage, n)) in &pools {
        let http = catalog.regions.get(k.2).and_then(|p| p.http.as_ref());
        let cost = match http {
            Some(t) => Some(
                t.price(Decimal::ZERO, *usage)?
                    .iter()
                    .map(|u| u.amount)
                    .sum::<Decimal>(),
            ),
            None => None,
        };
        priced.insert(*k, (cost, *usage, Decimal::ZERO, *n));
    }
    let mut out = Vec::new();
    for r in rest {
        let e = priced
            .get_mut(&(r.period.as_str(), r.payer.as_str(), r.region.as_str()))
            .expect("every row's pool was priced");
        let http_model = e.0.map(|cost| {
            e.3 -= 1;
            let share = match (e.3, e.1.is_zero()) {
                // The last account of the pool takes what is left: the shares add up exactly.
                (0, _) => cost - e.2,
                (_, true) => Decimal::ZERO,
                _ => cost * r.usage / e.1,
            };
            e.2 += share;
            share
        });
        let cache_billed = rows
            .iter()
            .filter(|c| {
                matches!(c.meter, BillMeter::CacheHours(_))
                    && c.period == r.period
                    && c.account == r.account
                    && c.region == r.region
            })
            .map(|c| c.billed)
            .sum();
        out.push(AsHttpRow {
            period: r.period.clone(),
            account: r.account.clone(),
            region: r.region.clone(),
            requests: r.usage,
            rest_billed: r.billed,
            saving: http_model.map(|m| r.billed - m),
            http_model,
            cache_billed,
        });
    }
    Ok(out)
}

/// The traffic of one account x region x API kind, a monthly average over the periods it appears in.
#[derive(Debug, Clone, PartialEq)]
pub struct TrafficProfile {
    pub account: String,
    pub region: String,
    /// `rest`, `http` or `websocket`.
    pub api: &'static str,
    /// The periods averaged (`YYYY-MM`).
    pub periods: Vec<String>,
    /// Requests (REST, HTTP) or messages (WebSocket) a month, rounded up to a whole unit.
    pub requests: Decimal,
    /// WebSocket connection minutes a month.
    pub connection_minutes: Option<Decimal>,
    /// REST cache sizes billed (GB, as the bill writes them) and their hours a month.
    pub cache: Vec<(String, Decimal)>,
}

/// One profile per account x region x API kind that the bill's rows show usage of.
pub fn profiles(rows: &[Row]) -> Vec<TrafficProfile> {
    type Key = (String, String, &'static str);
    let mut sums: BTreeMap<Key, (BTreeSet<String>, Decimal, Decimal)> = BTreeMap::new();
    let mut caches: BTreeMap<(String, String), BTreeMap<String, Decimal>> = BTreeMap::new();
    for r in rows {
        let api = match &r.meter {
            BillMeter::RestRequests => "rest",
            BillMeter::HttpRequests => "http",
            BillMeter::WsMessages | BillMeter::WsMinutes => "websocket",
            BillMeter::CacheHours(size) => {
                *caches
                    .entry((r.account.clone(), r.region.clone()))
                    .or_default()
                    .entry(size.clone())
                    .or_default() += r.usage;
                continue;
            }
            _ => continue,
        };
        let e = sums
            .entry((r.account.clone(), r.region.clone(), api))
            .or_default();
        e.0.insert(r.period.clone());
        match r.meter {
            BillMeter::WsMinutes => e.2 += r.usage,
            _ => e.1 += r.usage,
        }
    }
    let up = |d: Decimal| d.round_dp_with_strategy(0, RoundingStrategy::ToPositiveInfinity);
    sums.into_iter()
        .map(|((account, region, api), (periods, units, minutes))| {
            let n = Decimal::from(periods.len().max(1));
            let cache = if api == "rest" {
                caches
                    .get(&(account.clone(), region.clone()))
                    .map(|m| {
                        m.iter()
                            .map(|(s, h)| (s.clone(), (*h / n).round_dp(2)))
                            .collect()
                    })
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
            TrafficProfile {
                account,
                region,
                api,
                requests: up(units / n),
                connection_minutes: (api == "websocket").then(|| up(minutes / n)),
                periods: periods.into_iter().collect(),
                cache,
            }
        })
        .collect()
}
