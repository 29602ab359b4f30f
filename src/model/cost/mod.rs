//! The cost model: one option (an API kind or an alternative) × one month of a workload → a `Quote` of
//! explained line items whose total is exactly their sum.
//!
//! Every meter of the bill is its own line per tier: gateway requests (HTTP metered in 512 KB increments),
//! WebSocket messages (32 KB increments) and connection minutes, REST cache hours, data transfer out,
//! the Lambda backend (requests and GB-seconds; cache hits do not invoke it), and for the alternatives an
//! Application Load Balancer (hours and LCU-hours) or a Lambda Function URL (backend only).
//! No rounding happens here: amounts are exact decimals. Quantities derived by division (GB from KB,
//! LCU-hours) carry 28 significant digits.

pub mod units;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::error::{Error, Field, Result};
use crate::model::api::ApiKind;
use crate::model::catalog::{Catalog, RegionPrices};
use crate::model::free_tier::{Allowance, FreeTier};
use crate::model::limits;
use crate::model::meter::Meter;
use crate::model::numbers::{group, HOURS_PER_MONTH, SECONDS_PER_MONTH};
use crate::model::tiers::TierTable;
use crate::model::workload::{Arch, Workload};

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
        let r = self.region;
        let legacy = if allowance.legacy_units {
            self.catalog.legacy_free_tier.as_ref()
        } else {
            None
        };
        if let Some(size) = w.request_size_kb {
            limits::check_payload(kind, size)?;
        }
        let mut served = w.requests;
        match kind {
            ApiKind::Rest | ApiKind::Http => {
                let table = match kind {
                    ApiKind::Rest => r.rest.as_ref(),
                    _ => r.http.as_ref(),
                }
                .ok_or_else(|| self.missing(&format!("{} requests", kind.title()), kind))?;
                let (billable, basis) = if kind == ApiKind::Http {
                    self.http_units(w)?
                } else {
                    (w.requests, None)
                };
                let free = legacy.map(|l| match kind {
                    ApiKind::Rest => l.rest_requests,
                    _ => l.http_requests,
                });
                b.tiered(
                    &format!("{} requests", kind.title()),
                    table,
                    billable,
                    basis,
                    free,
                    legacy_sources(self.catalog),
                )?;
                if kind == ApiKind::Rest {
                    if let Some(cache) = &w.cache {
                        let rate = r.cache_rate(cache.size_gb).ok_or_else(|| {
                            Error::invalid(
                                Field::Cache,
                                cache.size_gb.to_string(),
                                format!(
                                    "one of the cache sizes AWS sells: {} GB",
                                    self.catalog.metering.cache_sizes_gb.join(", ")
                                ),
                            )
                        })?;
                        let hours = Decimal::from(HOURS_PER_MONTH);
                        b.tiered(
                            &format!("REST API cache {} GB", rate.label),
                            &rate.table,
                            hours,
                            Some(format!("{} GB cache provisioned {} hours (730-hour month); not eligible for the free tier", rate.label, HOURS_PER_MONTH)),
                            None,
                            vec![],
                        )?;
                    }
                } else if w.cache.is_some() {
                    return Err(Error::invalid(
                        Field::Cache,
                        w.cache.as_ref().map(|c| c.size_gb.to_string()).unwrap_or_default(),
                        format!("{}s have no cache (only REST APIs offer a stage cache); drop --cache or price a REST API", kind.title()),
                    ));
                }
                self.data_transfer(&mut b, w, kind)?;
                self.backend(&mut b, w, kind, allowance)?;
            }
            ApiKind::WebSocket => {
                let messages = r
                    .ws_messages
                    .as_ref()
                    .ok_or_else(|| self.missing("WebSocket messages", kind))?;
                let minutes = r
                    .ws_minutes
                    .as_ref()
                    .ok_or_else(|| self.missing("WebSocket connection minutes", kind))?;
                let count = w.messages.ok_or_else(|| {
                    Error::invalid(Field::Messages, "(missing)", "a WebSocket API is priced on messages: give --messages N (and --connection-minutes M or --connections C)")
                })?;
                let (billable, basis) = self.ws_units(count, w.message_size_kb)?;
                served = count;
                let l = legacy;
                b.tiered(
                    "WebSocket messages",
                    messages,
                    billable,
                    basis,
                    l.map(|l| l.ws_messages),
                    legacy_sources(self.catalog),
                )?;
                let mins = w.connection_minutes.unwrap_or(Decimal::ZERO);
                b.tiered(
                    "WebSocket connection minutes",
                    minutes,
                    mins,
                    None,
                    l.map(|l| l.ws_connection_minutes),
                    legacy_sources(self.catalog),
                )?;
                if w.cache.is_some() {
                    return Err(Error::invalid(
                        Field::Cache,
                        "(set)",
                        "WebSocket APIs have no cache (only REST APIs offer a stage cache)",
                    ));
                }
                if w.backend.is_some() {
                    b.warnings.push("the Lambda backend is not priced for the WebSocket option: how many messages invoke it depends on the routes (only received messages do)".into());
                }
            }
            ApiKind::Alb => {
                let alb = r
                    .alb
                    .as_ref()
                    .ok_or_else(|| self.missing("Application Load Balancer", kind))?;
                let lcu = alb
                    .lcu
                    .as_ref()
                    .ok_or_else(|| self.missing("ALB LCU dimensions", kind))?;
                if w.cache.is_some() {
                    return Err(Error::invalid(Field::Cache, "(set)", "an Application Load Balancer has no cache (only REST APIs offer a stage cache)"));
                }
                let hours = Decimal::from(HOURS_PER_MONTH);
                b.tiered(
                    "Application Load Balancer hours",
                    &alb.hours,
                    hours,
                    Some(format!("{HOURS_PER_MONTH} hours (730-hour month)")),
                    None,
                    vec![],
                )?;
                let (lcu_hours, basis) = alb_lcu_hours(w, lcu)?;
                b.tiered(
                    "Application Load Balancer LCU-hours",
                    &alb.lcu_hours,
                    lcu_hours,
                    Some(basis),
                    None,
                    vec![],
                )?;
                self.data_transfer(&mut b, w, kind)?;
                self.backend(&mut b, w, kind, allowance)?;
            }
            ApiKind::FunctionUrl => {
                if w.cache.is_some() {
                    return Err(Error::invalid(
                        Field::Cache,
                        "(set)",
                        "a Lambda Function URL has no cache (only REST APIs offer a stage cache)",
                    ));
                }
                if w.backend.is_none() {
                    return Err(Error::invalid(
                        Field::Backend,
                        "(missing)",
                        "a Function URL costs only its Lambda function: give --backend lambda --duration-ms D --memory-mb M",
                    ));
                }
                self.data_transfer(&mut b, w, kind)?;
                self.backend(&mut b, w, kind, allowance)?;
            }
        }
        // The credit is applied last, to the month's bill.
        let before: Decimal = b.lines.iter().map(|l| l.amount).sum();
        let credit_used = allowance.credit.min(before).max(Decimal::ZERO);
        if credit_used > Decimal::ZERO {
            b.lines.push(LineItem {
                component: "Free Tier credit".into(),
                meter: Meter::Requests,
                tier: None,
                quantity: Decimal::ONE,
                unit_price: -credit_used,
                price: -credit_used,
                price_per: Decimal::ONE,
                amount: -credit_used,
                basis: Some(format!(
                    "{} of credit available this month",
                    allowance.credit
                )),
                sources: vec![
                    "SRC-AWS-PRICING-PAGE".into(),
                    "SRC-AWS-AGENT-TOOLKIT-FREETIER".into(),
                ],
                rate_code: None,
                free: true,
            });
        }
        let total = b.lines.iter().map(|l| l.amount).sum();
        Ok(Quote {
            region: r.code.clone(),
            api: kind,
            requests: served,
            lines: b.lines,
            total,
            credit_used,
            warnings: b.warnings,
        })
    }

    /// Billable HTTP API requests: requests × ceil(size / 512 KB), at least one unit per request.
    fn http_units(&self, w: &Workload) -> Result<(Decimal, Option<String>)> {
        let inc = self.catalog.metering.http_increment_kb;
        match w.request_size_kb {
            None => Ok((w.requests, None)),
            Some(size) => {
                let units = units::http_units_per_request(&self.catalog.metering, Some(size));
                let billable = w
                    .requests
                    .checked_mul(units)
                    .ok_or_else(|| Error::overflow("HTTP API billable requests"))?;
                let basis = format!(
                    "{} requests x {} unit{} ({} KB, {} KB increments)",
                    group(w.requests),
                    units,
                    if units == Decimal::ONE { "" } else { "s" },
                    size.normalize(),
                    inc
                );
                Ok((billable, Some(basis)))
            }
        }
    }

    /// Billable WebSocket messages: messages × ceil(size / 32 KB); above 128 KB is an error.
    fn ws_units(
        &self,
        messages: Decimal,
        size_kb: Option<Decimal>,
    ) -> Result<(Decimal, Option<String>)> {
        let m = &self.catalog.metering;
        match size_kb {
            None => Ok((messages, None)),
            Some(size) => {
                let units = units::ws_units_per_message(m, Some(size)).map_err(|e| {
                    Error::limit(Field::MessageSize, format!(
                        "--message-size {} KB exceeds the WebSocket message limit of {} KB (AWS-QUOTAS-WS; larger payloads must be split or sent another way)",
                        e.size_kb.normalize(),
                        e.max_kb
                    ))
                })?;
                let billable = messages
                    .checked_mul(units)
                    .ok_or_else(|| Error::overflow("WebSocket billable messages"))?;
                let basis = format!(
                    "{} messages x {} unit{} ({} KB, {} KB increments)",
                    group(messages),
                    units,
                    if units == Decimal::ONE { "" } else { "s" },
                    size.normalize(),
                    m.ws_increment_kb
                );
                Ok((billable, Some(basis)))
            }
        }
    }

    fn data_transfer(&self, b: &mut Builder, w: &Workload, kind: ApiKind) -> Result<()> {
        let Some(size) = w.response_size_kb else {
            return Ok(());
        };
        if size.is_zero() || w.requests.is_zero() {
            return Ok(());
        }
        let Some(table) = self.region.data_transfer_out.as_ref() else {
            b.warnings.push(format!(
                "data transfer out is NOT included: the catalog has no internet egress prices for {} (the {} KB responses are not priced)",
                self.region.code,
                size.normalize()
            ));
            return Ok(());
        };
        let kb = w
            .requests
            .checked_mul(size)
            .ok_or_else(|| Error::overflow("data transfer out"))?;
        let gb = kb / Decimal::from(1024 * 1024);
        let basis = format!(
            "{} responses x {} KB = {} GB (1 GB = 1,048,576 KB); internet egress tiers, the global 100 GB/month free allowance is not applied",
            group(w.requests),
            size.normalize(),
            group(gb.round_dp(6))
        );
        let _ = kind;
        b.tiered(
            "Data transfer out (internet)",
            table,
            gb,
            Some(basis),
            None,
            vec![],
        )
    }

    fn backend(
        &self,
        b: &mut Builder,
        w: &Workload,
        kind: ApiKind,
        allowance: &Allowance,
    ) -> Result<()> {
        let Some(be) = &w.backend else {
            return Ok(());
        };
        let lambda = self
            .region
            .lambda
            .as_ref()
            .ok_or_else(|| self.missing("Lambda (the backend)", ApiKind::FunctionUrl))?;
        let hit = match (&w.cache, kind) {
            (Some(c), ApiKind::Rest) => c.hit_rate,
            _ => Decimal::ZERO,
        };
        let invocations = (w.requests * (Decimal::ONE - hit))
            .round_dp_with_strategy(0, RoundingStrategy::ToPositiveInfinity);
        let inv_basis = if hit.is_zero() {
            format!("one invocation per request ({})", group(w.requests))
        } else {
            format!(
                "{} requests x (1 - {}% cache hits) = {} invocations (cache hits do not invoke the backend)",
                group(w.requests),
                (hit * Decimal::from(100)).normalize(),
                group(invocations)
            )
        };
        let (free_req, free_gbs) = if allowance.always_free {
            (Some(lambda.free_requests), Some(lambda.free_gb_seconds))
        } else {
            (None, None)
        };
        let lambda_free_src = vec!["SRC-APIEVANGELIST-LAMBDA".to_string()];
        b.tiered(
            "Lambda requests",
            &lambda.requests,
            invocations,
            Some(inv_basis),
            free_req,
            lambda_free_src.clone(),
        )?;
        let gb = be.memory_mb / Decimal::from(1024);
        let gbs = invocations
            .checked_mul(be.duration_ms)
            .and_then(|v| v.checked_mul(gb))
            .map(|v| v / Decimal::from(1000))
            .ok_or_else(|| Error::overflow("Lambda GB-seconds"))?;
        let table = match be.arch {
            Arch::X86 => &lambda.gb_seconds_x86,
            Arch::Arm => &lambda.gb_seconds_arm,
        };
        let basis = format!(
            "{} invocations x {} ms x {} MB / 1,024 = {} GB-seconds ({})",
            group(invocations),
            be.duration_ms.normalize(),
            be.memory_mb.normalize(),
            group(gbs.round_dp(3)),
            be.arch.name()
        );
        b.tiered(
            &format!("Lambda duration ({})", be.arch.name()),
            table,
            gbs,
            Some(basis),
            free_gbs,
            lambda_free_src,
        )
    }
}

fn legacy_sources(c: &Catalog) -> Vec<String> {
    c.legacy_free_tier
        .as_ref()
        .map(|l| l.sources.clone())
        .unwrap_or_default()
}

/// ALB LCU-hours for a month of uniform traffic: the largest of the LCU dimensions.
///
/// Monthly totals divided by what one LCU carries in an hour give LCU-hours directly:
/// new connections / (25 per second x 3,600), active connections (each short connection counted in the
/// minute it is open) / (3,000 per minute x 60), processed GB / (0.4 GB for Lambda targets or 1 GB for
/// instance targets), rule evaluations / (1,000 per second x 3,600).
pub fn alb_lcu_hours(
    w: &Workload,
    lcu: &crate::model::catalog::LcuDimensions,
) -> Result<(Decimal, String)> {
    let per_conn = w.alb.requests_per_connection.max(Decimal::ONE);
    let connections = w.requests / per_conn;
    let new_conn = connections / (lcu.new_connections_per_second * Decimal::from(3600));
    let active = connections / (lcu.active_connections_per_minute * Decimal::from(60));
    let bytes_kb =
        w.request_size_kb.unwrap_or(Decimal::ZERO) + w.response_size_kb.unwrap_or(Decimal::ZERO);
    let gb = w
        .requests
        .checked_mul(bytes_kb)
        .ok_or_else(|| Error::overflow("ALB processed bytes"))?
        / Decimal::from(1024 * 1024);
    let (per_lcu_gb, target) = if w.backend.is_some() {
        (lcu.processed_gb_per_hour_lambda_targets, "Lambda target")
    } else {
        (
            lcu.processed_gb_per_hour_instance_targets,
            "instance/IP target",
        )
    };
    let processed = gb / per_lcu_gb;
    let rules = w.requests * w.alb.rule_evaluations_per_request
        / (lcu.rule_evaluations_per_second * Decimal::from(3600));
    let dims = [
        ("new connections", new_conn),
        ("active connections", active),
        ("processed bytes", processed),
        ("rule evaluations", rules),
    ];
    let (name, max) = dims
        .iter()
        .copied()
        .fold(("new connections", Decimal::ZERO), |acc, d| {
            if d.1 > acc.1 {
                d
            } else {
                acc
            }
        });
    // Capacity is billed for every hour the ALB runs; uniform traffic spreads evenly over the month.
    let rps = w.requests / Decimal::from(SECONDS_PER_MONTH);
    let basis = format!(
        "largest LCU dimension: {name} ({} LCU-hours); {} req/s average, {} requests per new connection, {} GB processed ({} at {} GB per LCU-hour); others: new connections {}, active connections {}, processed bytes {}, rule evaluations {}",
        max.round_dp(4).normalize(),
        rps.round_dp(2).normalize(),
        per_conn.normalize(),
        gb.round_dp(3).normalize(),
        target,
        per_lcu_gb.normalize(),
        new_conn.round_dp(4).normalize(),
        active.round_dp(4).normalize(),
        processed.round_dp(4).normalize(),
        rules.round_dp(4).normalize()
    );
    Ok((max, basis))
}

#[derive(Default)]
struct Builder {
    lines: Vec<LineItem>,
    warnings: Vec<String>,
}

impl Builder {
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
        let mut free_left = free_units.unwrap_or(Decimal::ZERO);
        let uses = table.price(Decimal::ZERO, quantity)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn group_inserts_thousands_separators() {
        assert_eq!(group(d("1234567")), "1,234,567");
        assert_eq!(group(d("100")), "100");
        assert_eq!(group(d("1234.5")), "1,234.5");
    }
}
