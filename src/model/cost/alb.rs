//! Application Load Balancer: hours and LCU-hours (the largest LCU dimension), then data transfer out
//! and the backend.

use rust_decimal::Decimal;

use super::{component, Builder, Pricer};
use crate::error::{Error, Field, Result};
use crate::model::api::ApiKind;
use crate::model::free_tier::Allowance;
use crate::model::numbers::group;
use crate::model::workload::Workload;

impl Pricer<'_> {
    /// The lines of an ALB month; returns the requests served.
    pub(super) fn alb(
        &self,
        b: &mut Builder,
        w: &Workload,
        allowance: &Allowance,
    ) -> Result<Decimal> {
        let kind = ApiKind::Alb;
        let r = self.region;
        let alb = r
            .alb
            .as_ref()
            .ok_or_else(|| self.missing("Application Load Balancer", kind))?;
        let lcu = alb
            .lcu
            .as_ref()
            .ok_or_else(|| self.missing("ALB LCU dimensions", kind))?;
        if w.cache.is_some() {
            return Err(Error::not_applicable(
                Field::Cache,
                "an Application Load Balancer has no cache (only REST APIs offer a stage cache)",
            ));
        }
        let hours = crate::model::calendar::month_hours(w.month);
        b.tiered(
            component::ALB_HOURS,
            &alb.hours,
            hours,
            Some(crate::model::calendar::hours_basis(w.month)),
            None,
            vec![],
        )?;
        let (lcu_hours, basis) = alb_lcu_hours(w, lcu)?;
        b.tiered(
            component::ALB_LCU_HOURS,
            &alb.lcu_hours,
            lcu_hours,
            Some(basis),
            None,
            vec![],
        )?;
        self.data_transfer(b, w, kind, allowance)?;
        self.backend(b, w, kind, allowance)?;
        Ok(w.requests)
    }
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
    // Every quotient below divides a volume by a catalog rate; the products are checked, so a volume
    // or size too large to price is an overflow error naming what overflowed, never a panic.
    let per_conn = w.alb.requests_per_connection.max(Decimal::ONE);
    let connections = lcu_div(w.requests, per_conn, "new connections")?;
    let new_conn = lcu_div(
        connections,
        lcu_per_hour(lcu.new_connections_per_second, 3600, "new connections")?,
        "new connections",
    )?;
    let active = lcu_div(
        connections,
        lcu_per_hour(lcu.active_connections_per_minute, 60, "active connections")?,
        "active connections",
    )?;
    let bytes_kb = w
        .request_size_kb
        .unwrap_or(Decimal::ZERO)
        .checked_add(w.response_size_kb.unwrap_or(Decimal::ZERO))
        .ok_or_else(|| Error::overflow("ALB request + response size"))?;
    let gb = w.requests.checked_mul(bytes_kb).ok_or_else(|| {
        Error::overflow(format!(
            "ALB processed bytes ({} requests x {} KB)",
            group(w.requests),
            group(bytes_kb)
        ))
    })? / Decimal::from(1024 * 1024);
    let (per_lcu_gb, target) = if w.backend.is_some() {
        (lcu.processed_gb_per_hour_lambda_targets, "Lambda target")
    } else {
        (
            lcu.processed_gb_per_hour_instance_targets,
            "instance/IP target",
        )
    };
    let processed = lcu_div(gb, per_lcu_gb, "processed bytes")?;
    let evaluations = w
        .requests
        .checked_mul(w.alb.rule_evaluations_per_request)
        .ok_or_else(|| {
            Error::overflow(format!(
                "ALB rule evaluations ({} requests x {} rule evaluations per request)",
                group(w.requests),
                group(w.alb.rule_evaluations_per_request)
            ))
        })?;
    let rules = lcu_div(
        evaluations,
        lcu_per_hour(lcu.rule_evaluations_per_second, 3600, "rule evaluations")?,
        "rule evaluations",
    )?;
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
    let rps = w.requests / (crate::model::calendar::month_hours(w.month) * Decimal::from(3600));
    let basis = format!(
        "largest LCU dimension: {name} ({} LCU-hours); {} req/s average, {} {} per new connection, {} GB processed ({} at {} GB per LCU-hour); others: new connections {}, active connections {}, processed bytes {}, rule evaluations {}",
        max.round_dp(4).normalize(),
        rps.round_dp(2).normalize(),
        per_conn.normalize(),
        if per_conn == Decimal::ONE { "request" } else { "requests" },
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

/// A catalog's LCU capacity per second (or minute) as per hour, checked to be above zero.
fn lcu_per_hour(rate: Decimal, seconds: u32, what: &str) -> Result<Decimal> {
    match rate.checked_mul(Decimal::from(seconds)) {
        Some(r) if r > Decimal::ZERO => Ok(r),
        Some(_) => Err(Error::Other(format!(
            "the price catalog's ALB LCU dimension for {what} must be above zero"
        ))),
        None => Err(Error::overflow(format!(
            "ALB LCU capacity per hour ({what})"
        ))),
    }
}

/// A volume over a catalog's LCU capacity, the capacity checked to be above zero.
fn lcu_div(n: Decimal, d: Decimal, what: &str) -> Result<Decimal> {
    if d <= Decimal::ZERO {
        return Err(Error::Other(format!(
            "the price catalog's ALB LCU capacity for {what} must be above zero"
        )));
    }
    n.checked_div(d)
        .ok_or_else(|| Error::overflow(format!("ALB {what}")))
}
