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
/// bill does not say the sizes).
pub fn as_http(rows: &[Row], catalog: &Catalog) -> Result<Vec<AsHttpRow>> {
    let mut out = Vec::new();
    for r in rows.iter().filter(|r| r.meter == BillMeter::RestRequests) {
        let http = catalog.regions.get(&r.region).and_then(|p| p.http.as_ref());
        let http_model = match http {
            Some(t) => Some(
                t.price(Decimal::ZERO, r.usage)?
                    .iter()
                    .map(|u| u.amount)
                    .sum::<Decimal>(),
            ),
            None => None,
        };
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
