//! The cost model: one option (an API kind or an alternative) × one month of a workload → a `Quote` of
//! explained line items whose total is exactly their sum.
//!
//! Every meter of the bill is its own line per tier: gateway requests (HTTP metered in 512 KB increments),
//! WebSocket messages (32 KB increments) and connection minutes, REST cache hours, data transfer out,
//! the Lambda backend (requests and GB-seconds; cache hits do not invoke it), and for the alternatives an
//! Application Load Balancer (hours and LCU-hours) or a Lambda Function URL (backend only).
//! No rounding happens here: amounts are exact decimals. Quantities derived by division (GB from KB,
//! LCU-hours) carry 28 significant digits.

mod alb;
mod around;
mod authorizer;
mod cognito;
pub mod component;
mod discount;
mod edge;
mod flat_plan;
mod gateway;
mod lambda;
mod logs;
mod private;
mod transfer;
pub mod units;
mod websocket;
mod xray;

pub use alb::alb_lcu_hours;
pub use edge::{default_geography, price_http_cloudfront_waf, CLOUDFRONT_WAF_REGION};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::api::ApiKind;
use crate::model::catalog::{Catalog, RegionPrices};
use crate::model::free_tier::allowances::Free;
use crate::model::free_tier::{Allowance, FreeTier};
use crate::model::limits;
use crate::model::meter::Meter;
use crate::model::numbers::group;
use crate::model::tiers::TierTable;
use crate::model::workload::Workload;

/// Where a line sits in its meter's tier table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TierRef {
    /// 1-based tier number.
    pub number: usize,
    /// Number of tiers of the meter.
    pub of: usize,
    /// Lower bound (exclusive), units a month.
    pub from: Decimal,
    /// Upper bound (inclusive); `None` = unbounded.
    pub to: Option<Decimal>,
}

/// One meter × one tier in one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LineItem {
    /// What is billed, in words ("HTTP API requests", "REST API cache 0.5 GB").
    pub component: String,
    pub meter: Meter,
    pub tier: Option<TierRef>,
    /// Billable units in this tier.
    pub quantity: Decimal,
    /// USD per single unit, at full precision.
    pub unit_price: Decimal,
    /// The price per `price_per` units as the catalog quotes it (USD 1.00 per 1M requests).
    pub price: Decimal,
    pub price_per: Decimal,
    /// quantity × unit_price, exact.
    pub amount: Decimal,
    /// How the quantity was derived, when it is not simply the input ("100,000,000 requests x 2 units ...").
    pub basis: Option<String>,
    /// The catalog's source ids for the price.
    pub sources: Vec<String>,
    pub rate_code: Option<String>,
    /// True for free-tier lines (units at no charge) and credits.
    pub free: bool,
}

/// The monthly cost of one option, line by line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    pub region: String,
    pub api: ApiKind,
    /// API requests (or, for WebSocket, messages) the quote serves: the denominator of the effective price.
    pub requests: Decimal,
    pub lines: Vec<LineItem>,
    /// Exactly the sum of `lines`.
    pub total: Decimal,
    /// Free-tier credit drawn this month (positive number; the line carries it as a negative amount).
    pub credit_used: Decimal,
    /// Things the reader must know (a meter the catalog does not price here, an assumption).
    pub warnings: Vec<String>,
    /// What the workload asked for that this option is priced without (it has no such thing): "the
    /// authorizer", "access logs", "X-Ray tracing", ... A comparison whose options differ here is not
    /// like-for-like and says so.
    pub not_priced: Vec<&'static str>,
}

impl Quote {
    /// Total cost per million requests, exact to 28 digits (`None` when there are no requests).
    pub fn effective_per_million(&self) -> Option<Decimal> {
        if self.requests.is_zero() {
            return None;
        }
        self.total
            .checked_mul(Decimal::from(1_000_000))
            .and_then(|t| t.checked_div(self.requests))
    }

    /// The period's bill: its exact total rounded to the cent, half away from zero, as AWS bills a
    /// month. Sums over periods (a projection's total, a saving) are sums of these.
    pub fn billed(&self) -> Decimal {
        crate::money::to_cents(self.total)
    }

    /// Each line's cents, by largest remainder within the period, so they sum to [`Quote::billed`].
    /// Every output shows a line with these cents.
    pub fn line_cents(&self) -> Vec<Decimal> {
        crate::money::allocate_cents(&self.lines.iter().map(|l| l.amount).collect::<Vec<_>>())
    }

    /// The total before any free-tier credit.
    pub fn total_before_credit(&self) -> Decimal {
        self.total + self.credit_used
    }
}

/// Everything needed to price options in one region.
pub struct Pricer<'a> {
    pub catalog: &'a Catalog,
    pub region: &'a RegionPrices,
}

impl<'a> Pricer<'a> {
    pub fn new(catalog: &'a Catalog, region: &str) -> Result<Pricer<'a>> {
        Ok(Pricer {
            catalog,
            region: catalog.region(region)?,
        })
    }

    fn missing(&self, what: &str, kind: ApiKind) -> Error {
        Error::NotPriced {
            what: what.to_string(),
            region: self.region.code.clone(),
            available: self.catalog.availability_hint(kind),
        }
    }

    /// Prices one month of `w` on option `kind` with the month's free-tier allowance.
    pub fn quote(&self, kind: ApiKind, w: &Workload, allowance: &Allowance) -> Result<Quote> {
        let mut b = Builder::default();
        // A volume derived from a steady rate follows the calendar month's hours (`--rps` with
        // `--start`), not the 730-hour month it was given in.
        let in_month;
        let w = match (w.rate_derived, w.month) {
            (true, Some(m)) => {
                in_month = Workload {
                    requests: w.priced_requests(),
                    rate_derived: false,
                    ..w.clone()
                };
                b.warnings.push(format!(
                    "volume from a steady rate over {}'s {} hours: {} requests x {} / 730 = {} requests",
                    m.label(),
                    m.hours(),
                    group(w.requests),
                    m.hours(),
                    group(in_month.requests)
                ));
                &in_month
            }
            _ => w,
        };
        let r = self.region;
        let legacy = if allowance.legacy_units {
            self.catalog.legacy_free_tier.as_ref()
        } else {
            None
        };
        check(kind, w, &mut b)?;
        let served = match kind {
            ApiKind::Rest | ApiKind::Http => self.gateway(&mut b, kind, w, allowance, legacy)?,
            ApiKind::WebSocket => self.websocket(&mut b, w, legacy)?,
            ApiKind::Alb => self.alb(&mut b, w, allowance)?,
            ApiKind::FunctionUrl => self.function_url(&mut b, w, allowance)?,
            ApiKind::HttpCloudFrontWaf | ApiKind::HttpCloudFront => {
                self.http_cloudfront_waf(&mut b, w, allowance, legacy)?
            }
        };
        self.regional_waf(&mut b, kind, w)?;
        self.around(&mut b, kind, w, allowance)?;
        // A negotiated discount comes off every line (one negative line per service), before any
        // free-tier credit.
        discount::apply(&mut b, w.around.discount)?;
        // The credit is applied last, to the month's bill.
        let before = checked_sum(&b.lines)?;
        let credit_used = allowance.credit.min(before).max(Decimal::ZERO);
        if credit_used > Decimal::ZERO {
            // A credit is money: its quantity is the USD drawn, at -1 USD per USD.
            b.lines.push(LineItem {
                component: component::FREE_TIER_CREDIT.into(),
                meter: Meter::Credit,
                tier: None,
                quantity: credit_used,
                unit_price: Decimal::NEGATIVE_ONE,
                price: Decimal::NEGATIVE_ONE,
                price_per: Decimal::ONE,
                amount: -credit_used,
                basis: Some(format!(
                    "{} of credit available this month",
                    crate::money::usd(allowance.credit)
                )),
                sources: vec![
                    "SRC-AWS-PRICING-PAGE".into(),
                    "SRC-AWS-AGENT-TOOLKIT-FREETIER".into(),
                ],
                rate_code: None,
                free: true,
            });
        }
        let total = checked_sum(&b.lines)?;
        Ok(Quote {
            region: r.code.clone(),
            api: kind,
            requests: served,
            lines: b.lines,
            total,
            credit_used,
            warnings: b.warnings,
            not_priced: b.not_priced,
        })
    }
}

/// What a workload may not ask of an option: a payload over its limit, a volume scaled past what can
/// be represented, streaming where it cannot stream (a Function URL's streaming is a note).
fn check(kind: ApiKind, w: &Workload, b: &mut Builder) -> Result<()> {
    if let Some(size) = w.request_size_kb {
        limits::check_payload(kind, size, w.backend.is_some())?;
    }
    // `Workload::with_requests` saturates a scaled volume it cannot represent at Decimal::MAX.
    for (what, v) in [
        ("WebSocket messages", w.messages),
        ("WebSocket connection minutes", w.connection_minutes),
    ] {
        if v == Some(Decimal::MAX) {
            return Err(Error::overflow(format!(
                "{what} scaled to {} requests",
                group(w.requests)
            )));
        }
    }
    if w.streaming.is_some_and(|s| !s.is_zero()) {
        match kind {
            ApiKind::Rest | ApiKind::Http => {}
            ApiKind::FunctionUrl => b.warnings.extend(w.streaming_note(kind)),
            _ => {
                return Err(Error::not_applicable(
                    crate::error::Field::Streaming,
                    format!(
                        "{} cannot stream responses (a REST API can since November 2025, and a Lambda Function URL can)",
                        kind.title()
                    ),
                ))
            }
        }
    }
    Ok(())
}

/// The sum of the lines' amounts, or an overflow error (a catalog's prices could make it exceed
/// Decimal's range; the sum of a `Decimal` iterator would panic).
fn checked_sum(lines: &[LineItem]) -> Result<Decimal> {
    lines.iter().try_fold(Decimal::ZERO, |sum, l| {
        sum.checked_add(l.amount)
            .ok_or_else(|| Error::overflow("the month's total"))
    })
}

fn legacy_sources(c: &Catalog) -> Vec<String> {
    c.legacy_free_tier
        .as_ref()
        .map(|l| l.sources.clone())
        .unwrap_or_default()
}

#[derive(Default)]
struct Builder {
    lines: Vec<LineItem>,
    warnings: Vec<String>,
    not_priced: Vec<&'static str>,
}

impl Builder {
    /// [`Builder::tiered`] with `free` units of one of the always-free allowances AWS documents but does
    /// not carry in its price files (`None`: no free tier chosen): its free line names the allowance and
    /// the page it comes from.
    fn tiered_allowance(
        &mut self,
        component: &str,
        table: &TierTable,
        quantity: Decimal,
        basis: Option<String>,
        free: Option<(Free, Decimal)>,
    ) -> Result<()> {
        let from = self.lines.len();
        let (units, sources) = match free {
            Some((f, units)) => (Some(units), vec![f.source()]),
            None => (None, vec![]),
        };
        self.tiered(component, table, quantity, basis, units, sources)?;
        if let Some((f, _)) = free {
            for l in self.lines[from..].iter_mut().filter(|l| l.free) {
                if let Some(b) = &mut l.basis {
                    b.push_str(&format!(
                        "; the always-free allowance of {} {} a month ({})",
                        group(f.quantity()),
                        table.meter.unit(),
                        f.cited()
                    ));
                }
            }
        }
        Ok(())
    }

    /// Adds the lines of `quantity` units on `table`, free units carved out of the lowest tiers first.
    fn tiered(
        &mut self,
        component: &str,
        table: &TierTable,
        quantity: Decimal,
        basis: Option<String>,
        free_units: Option<Decimal>,
        free_sources: Vec<String>,
    ) -> Result<()> {
        self.tiered_after(
            Decimal::ZERO,
            component,
            table,
            quantity,
            basis,
            free_units,
            free_sources,
        )
    }

    /// [`Builder::tiered`] for units that come after `already` units of the same meter this month
    /// (tiers count the account's usage: a Lambda authorizer after the backend function).
    #[allow(clippy::too_many_arguments)]
    fn tiered_after(
        &mut self,
        already: Decimal,
        component: &str,
        table: &TierTable,
        quantity: Decimal,
        basis: Option<String>,
        free_units: Option<Decimal>,
        free_sources: Vec<String>,
    ) -> Result<()> {
        let mut free_left = free_units.unwrap_or(Decimal::ZERO);
        let uses = table.price(already, quantity)?;
        let price_per = table.meter.price_per();
        for u in uses {
            let tier = Some(TierRef {
                number: u.index + 1,
                of: u.of,
                from: u.from,
                to: u.to,
            });
            let unit_price = u.price / price_per;
            let free_here = free_left.min(u.quantity);
            if free_here > Decimal::ZERO {
                free_left -= free_here;
                self.lines.push(LineItem {
                    component: format!("{component} (free tier)"),
                    meter: table.meter,
                    tier: tier.clone(),
                    quantity: free_here,
                    unit_price: Decimal::ZERO,
                    price: Decimal::ZERO,
                    price_per,
                    amount: Decimal::ZERO,
                    basis: Some(format!(
                        "{} {} free this month, from the lowest tier",
                        group(free_units.unwrap_or_default()),
                        table.meter.unit()
                    )),
                    sources: free_sources.clone(),
                    rate_code: None,
                    free: true,
                });
            }
            let paid = u.quantity - free_here;
            if paid > Decimal::ZERO || free_here.is_zero() {
                let amount = paid
                    .checked_mul(unit_price)
                    .ok_or_else(|| Error::overflow(component.to_string()))?;
                self.lines.push(LineItem {
                    component: component.to_string(),
                    meter: table.meter,
                    tier,
                    quantity: paid,
                    unit_price,
                    price: u.price,
                    price_per,
                    amount,
                    basis: basis.clone(),
                    sources: table.sources.clone(),
                    rate_code: u.rate_code,
                    free: false,
                });
            }
        }
        Ok(())
    }
}

/// Prices `kind` for one month with the free tier's first-month allowance.
pub fn quote_month(
    catalog: &Catalog,
    region: &str,
    kind: ApiKind,
    w: &Workload,
    free_tier: &FreeTier,
) -> Result<Quote> {
    let pricer = Pricer::new(catalog, region)?;
    pricer.quote(kind, w, &free_tier.month(0, free_tier.initial_credit()))
}
