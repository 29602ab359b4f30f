//! Why a row differs, where the bill's own data can say: free-tier usage billed at zero, tiers that
//! AWS counts over all the payer's linked accounts, a period older than the catalog's prices, one
//! discount rate on every differing meter; what is left is named as unexplained with both rates.
//! Discount and Savings Plans lines (listed apart) are summed against the rated usage.

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};

pub use super::rows::{Explanation, Kind};
use super::rows::{Reconciliation, Row};
use super::{AccountLevel, BillMeter, Charge};
use crate::error::Result;
use crate::model::catalog::Catalog;
use crate::model::numbers::group;

/// A row matches when billed and model are less than half a cent apart (an invoice's resolution;
/// a bill's lines carry up to 10 decimals, so sums of hourly lines drift by far less).
pub const MATCH_TOLERANCE: Decimal = Decimal::from_parts(5, 0, 0, false, 3);

/// Ratios billed / model within this of each other are one uniform rate (0.01 percentage point).
const RATIO_TOLERANCE: Decimal = Decimal::from_parts(1, 0, 0, false, 4);

/// Whether a row's billed and model amounts match.
pub fn matches(d: Decimal) -> bool {
    d.abs() < MATCH_TOLERANCE
}

fn usd(d: Decimal) -> String {
    let c = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let s = group(c.abs());
    let s = match s.split_once('.') {
        Some((i, f)) => format!("{i}.{f:0<2}"),
        None => format!("{s}.00"),
    };
    if c.is_sign_negative() && !c.is_zero() {
        format!("-${s}")
    } else {
        format!("${s}")
    }
}

fn unit(m: &BillMeter) -> &'static str {
    match m {
        BillMeter::RestRequests | BillMeter::HttpRequests | BillMeter::LambdaRequests(_) => {
            "requests"
        }
        BillMeter::WsMessages => "messages",
        BillMeter::WsMinutes => "minutes",
        BillMeter::CacheHours(_) | BillMeter::AlbHours => "hours",
        BillMeter::DataTransferOut => "GB",
        BillMeter::LambdaGbSeconds(_) => "GB-seconds",
        BillMeter::AlbLcuHours => "LCU-hours",
        BillMeter::LogsIngestStandard
        | BillMeter::LogsIngestIa
        | BillMeter::VpceBytes
        | BillMeter::CloudFrontEgress => "GB",
        BillMeter::LogsStorage => "GB-months",
        BillMeter::VpceHours => "endpoint-hours",
        BillMeter::WafWebAcl => "web ACL-months",
        BillMeter::WafRules => "rule-months",
        BillMeter::WafRequests | BillMeter::CloudFrontHttps | BillMeter::CloudFrontHttp => {
            "requests"
        }
        BillMeter::XrayRecorded | BillMeter::XrayRetrieved => "traces",
        BillMeter::CognitoMau => "monthly active users",
    }
}

/// A rate as money: at least two decimals (`$1.20`), more where the rate has them (`$0.0000166667`).
fn rate_usd(d: Decimal) -> String {
    let r = d.round_dp(10).normalize();
    let s = group(r.abs());
    let s = match s.split_once('.') {
        Some((i, f)) => format!("{i}.{f:0<2}"),
        None => format!("{s}.00"),
    };
    if r.is_sign_negative() && !r.is_zero() {
        format!("-${s}")
    } else {
        format!("${s}")
    }
}

/// Every explanation of the reconciliation's differences.
pub fn explain(r: &Reconciliation, catalog: &Catalog) -> Result<Vec<Explanation>> {
    let mut out = Vec::new();
    let mut open: Vec<usize> = (0..r.rows.len())
        .filter(|&i| !matches(r.rows[i].difference))
        .collect();
    free_tier(r, catalog, &mut open, &mut out)?;
    if r.accounts == AccountLevel::Linked {
        linked_tiers(r, catalog, &mut open, &mut out)?;
    }
    price_date(r, &mut open, &mut out);
    uniform(r, &mut open, &mut out);
    for i in open {
        out.push(unexplained(&r.rows[i], i));
    }
    discount_lines(r, &mut out);
    Ok(out)
}

fn table<'a>(catalog: &'a Catalog, row: &Row) -> Option<&'a crate::model::tiers::TierTable> {
    let region = catalog.regions.get(&row.region)?;
    row.meter.table(region).ok()
}

fn free_tier(
    r: &Reconciliation,
    catalog: &Catalog,
    open: &mut Vec<usize>,
    out: &mut Vec<Explanation>,
) -> Result<()> {
    let mut explained = Vec::new();
    for &i in open.iter() {
        let row = &r.rows[i];
        if row.free_usage.is_zero() {
            continue;
        }
        let Some(t) = table(catalog, row) else {
            continue;
        };
        let paid = row.usage - row.free_usage;
        let model: Decimal = t
            .price(row.free_usage, paid)?
            .iter()
            .map(|u| u.amount)
            .sum();
        if matches(row.billed - model) {
            explained.push(i);
            out.push(Explanation {
                kind: Kind::FreeTier,
                rows: vec![i],
                text: format!(
                    "{} {} of {} were billed at $0.00 (free tier): the model on the other {} from the lowest tier up gives {}, as the bill does.",
                    group(row.free_usage),
                    unit(&row.meter),
                    row.meter.name(),
                    group(paid),
                    usd(model)
                ),
            });
        }
    }
    open.retain(|i| !explained.contains(i));
    Ok(())
}

fn linked_tiers(
    r: &Reconciliation,
    catalog: &Catalog,
    open: &mut Vec<usize>,
    out: &mut Vec<Explanation>,
) -> Result<()> {
    let mut groups: BTreeMap<(&str, &str, &str, &BillMeter), Vec<usize>> = BTreeMap::new();
    for (i, row) in r.rows.iter().enumerate() {
        groups
            .entry((&row.period, &row.payer, &row.region, &row.meter))
            .or_default()
            .push(i);
    }
    for ((period, payer, _, meter), members) in groups {
        if members.len() < 2 || !members.iter().any(|i| open.contains(i)) {
            continue;
        }
        let Some(t) = table(catalog, &r.rows[members[0]]) else {
            continue;
        };
        let usage: Decimal = members.iter().map(|&i| r.rows[i].usage).sum();
        let billed: Decimal = members.iter().map(|&i| r.rows[i].billed).sum();
        let model: Decimal = t
            .price(Decimal::ZERO, usage)?
            .iter()
            .map(|u| u.amount)
            .sum();
        if !matches(billed - model) {
            continue;
        }
        open.retain(|i| !members.contains(i));
        out.push(Explanation {
            kind: Kind::LinkedAccountTiers,
            rows: members.clone(),
            text: format!(
                "tiers count over payer {payer}'s {} linked accounts in {period}: their {} {} of {} rated together give {}, the {} billed (`--accounts shared` rates at that level).",
                members.len(),
                group(usage),
                unit(meter),
                meter.name(),
                usd(model),
                usd(billed)
            ),
        });
    }
    Ok(())
}

fn price_date(r: &Reconciliation, open: &mut Vec<usize>, out: &mut Vec<Explanation>) {
    let published = r.catalog_published.get(..7).unwrap_or("");
    let mut by_period: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for &i in open.iter() {
        let p = r.rows[i].period.as_str();
        if !published.is_empty() && p <= published {
            by_period.entry(p).or_default().push(i);
        }
    }
    for (period, rows) in by_period {
        open.retain(|i| !rows.contains(i));
        let diff: Decimal = rows.iter().map(|&i| r.rows[i].difference).sum();
        let when = if period == published {
            format!(
                "the catalog's prices were published on {}, inside the bill's period {period}: usage before that day may have been billed at the prices it replaced",
                r.catalog_published
            )
        } else {
            format!(
                "the bill's period {period} is older than the catalog's prices (published {}): a price change between them would show here",
                r.catalog_published
            )
        };
        out.push(Explanation {
            kind: Kind::PriceDate,
            text: format!(
                "{when} ({} rows, {} in all); rate that period with a catalog of its date (--prices).",
                rows.len(),
                usd(diff)
            ),
            rows,
        });
    }
}

fn uniform(r: &Reconciliation, open: &mut Vec<usize>, out: &mut Vec<Explanation>) {
    let priced: Vec<usize> = open
        .iter()
        .copied()
        .filter(|&i| r.rows[i].model > Decimal::ZERO)
        .collect();
    if priced.len() < 2 {
        return;
    }
    // Ratios of amounts of at most 10^27 (a bill's bounds): a quotient too large for a Decimal means
    // the amounts are nothing like a discount.
    let Some(ratios) = priced
        .iter()
        .map(|&i| r.rows[i].billed.checked_div(r.rows[i].model))
        .collect::<Option<Vec<Decimal>>>()
    else {
        return;
    };
    let lo = ratios.iter().copied().min().unwrap_or_default();
    let hi = ratios.iter().copied().max().unwrap_or_default();
    if hi - lo > RATIO_TOLERANCE {
        return;
    }
    let ratio = lo + (hi - lo) / Decimal::TWO;
    let Some(pct) = (Decimal::ONE - ratio).checked_mul(Decimal::ONE_HUNDRED) else {
        return;
    };
    let pct = pct.round_dp(2);
    open.retain(|i| !priced.contains(i));
    let what = if pct >= Decimal::ZERO {
        format!("a uniform discount of {}%", pct.normalize())
    } else {
        format!("a uniform surcharge of {}%", (-pct).normalize())
    };
    out.push(Explanation {
        kind: Kind::UniformDiscount,
        text: format!(
            "on all {} differing meters the bill is the model x {}: {what} (private pricing or a negotiated rate applied to the rate itself).",
            priced.len(),
            ratio.round_dp(4).normalize()
        ),
        rows: priced,
    });
}

fn unexplained(row: &Row, i: usize) -> Explanation {
    let per = match row.meter {
        BillMeter::RestRequests
        | BillMeter::HttpRequests
        | BillMeter::WsMessages
        | BillMeter::WsMinutes
        | BillMeter::LambdaRequests(_)
        | BillMeter::WafRequests
        | BillMeter::XrayRecorded
        | BillMeter::XrayRetrieved => Decimal::from(1_000_000u32),
        BillMeter::CloudFrontHttps | BillMeter::CloudFrontHttp => Decimal::from(10_000u32),
        _ => Decimal::ONE,
    };
    let per_name = if per == Decimal::ONE {
        unit(&row.meter).trim_end_matches('s').to_string()
    } else if per == Decimal::from(10_000u32) {
        format!("10,000 {}", unit(&row.meter))
    } else {
        format!("1M {}", unit(&row.meter))
    };
    let rate = |amount: Decimal| {
        if row.usage.is_zero() {
            "-".to_string()
        } else {
            match amount
                .checked_div(row.usage)
                .and_then(|q| q.checked_mul(per))
            {
                Some(rate) => rate_usd(rate.round_dp(6)),
                None => "-".to_string(),
            }
        }
    };
    Explanation {
        kind: Kind::Unexplained,
        rows: vec![i],
        text: format!(
            "{} {} / {} / {}: billed {} for {} {} ({} per {per_name}), the catalog gives {} ({} per {per_name}): no explanation in the bill's data; check this meter's line items and the catalog's date.",
            row.period,
            row.account,
            row.region,
            row.meter.name(),
            usd(row.billed),
            group(row.usage),
            unit(&row.meter),
            rate(row.billed),
            usd(row.model),
            rate(row.model)
        ),
    }
}

fn discount_lines(r: &Reconciliation, out: &mut Vec<Explanation>) {
    for (charge, what) in [
        (
            Charge::Discount,
            "discount lines (EDP, private pricing, bundled)",
        ),
        (Charge::SavingsPlanNegation, "Savings Plans negations"),
    ] {
        let amount: Decimal = r
            .non_usage
            .iter()
            .filter(|l| l.charge == charge)
            .map(|l| l.amount)
            .sum();
        if amount.is_zero() {
            continue;
        }
        let base = r.billed_total + r.unmatched_total;
        let share = if base.is_zero() {
            String::new()
        } else {
            format!(
                ", {}% of the usage billed ({})",
                (-amount)
                    .checked_div(base)
                    .and_then(|q| q.checked_mul(Decimal::ONE_HUNDRED))
                    .unwrap_or_default()
                    .round_dp(2)
                    .normalize(),
                usd(base)
            )
        };
        out.push(Explanation {
            kind: Kind::DiscountLines,
            rows: Vec::new(),
            text: format!(
                "{what} total {}{share}: listed apart, not rated; the meters above compare on-demand usage.",
                usd(amount)
            ),
        });
    }
}
