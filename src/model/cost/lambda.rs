//! AWS Lambda: the backend behind any option (requests and GB-seconds; REST cache hits do not invoke
//! it), and a Lambda Function URL, which costs only its function and data transfer out.

use rust_decimal::Decimal;

use super::{component, Builder, Pricer};
use crate::error::{Error, Field, Result};
use rust_decimal::RoundingStrategy;

use crate::model::api::ApiKind;
use crate::model::free_tier::Allowance;
use crate::model::numbers::group;
use crate::model::workload::{Arch, Workload};

impl Pricer<'_> {
    /// The lines of a Function URL month; returns the requests served.
    pub(super) fn function_url(
        &self,
        b: &mut Builder,
        w: &Workload,
        allowance: &Allowance,
    ) -> Result<Decimal> {
        let kind = ApiKind::FunctionUrl;
        if w.cache.is_some() {
            return Err(Error::not_applicable(
                Field::Cache,
                "a Lambda Function URL has no cache (only REST APIs offer a stage cache)",
            ));
        }
        if w.backend.is_none() {
            return Err(Error::missing(
                Field::Backend,
                "a Function URL costs only its Lambda function",
                &[Field::DurationMs, Field::MemoryMb],
            ));
        }
        self.data_transfer(b, w, kind, allowance)?;
        self.backend(b, w, kind, allowance)?;
        Ok(w.requests)
    }

    /// The Lambda backend's lines, if the workload has one.
    pub(super) fn backend(
        &self,
        b: &mut Builder,
        w: &Workload,
        kind: ApiKind,
        allowance: &Allowance,
    ) -> Result<()> {
        let Some(be) = &w.backend else {
            return Ok(());
        };
        crate::model::limits::check_lambda(be.memory_mb, be.duration_ms)?;
        let lambda = self
            .region
            .lambda
            .as_ref()
            .ok_or_else(|| self.missing("Lambda (the backend)", ApiKind::FunctionUrl))?;
        let hit = match (&w.cache, kind) {
            (Some(c), ApiKind::Rest) => c.hit_rate,
            _ => Decimal::ZERO,
        };
        // hit is a share in [0, 1], so this never exceeds the requests; checked all the same.
        let invocations = w
            .requests
            .checked_mul(Decimal::ONE - hit)
            .ok_or_else(|| Error::overflow("Lambda invocations"))?
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
        let requests = match be.arch {
            Arch::X86 => &lambda.requests,
            Arch::Arm => &lambda.requests_arm,
        };
        b.tiered(
            component::LAMBDA_REQUESTS,
            requests,
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
            .ok_or_else(|| {
                Error::overflow(format!(
                    "Lambda GB-seconds ({} invocations x {} ms x {} MB)",
                    group(invocations),
                    group(be.duration_ms),
                    group(be.memory_mb)
                ))
            })?;
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
            &component::lambda_duration(be.arch),
            table,
            gbs,
            Some(basis),
            free_gbs,
            lambda_free_src.clone(),
        )?;
        self.cold_starts(b, w, gbs, invocations, table, free_gbs)
    }

    /// The backend's cold starts: INIT GB-seconds after the invocations' own (the same meter, tiers
    /// and free allowance), a line even when there are none, and what would change them.
    fn cold_starts(
        &self,
        b: &mut Builder,
        w: &Workload,
        gbs: Decimal,
        invocations: Decimal,
        table: &crate::model::tiers::TierTable,
        free_gbs: Option<Decimal>,
    ) -> Result<()> {
        let (Some(cs), Some(be)) = (&w.cold_starts, &w.backend) else {
            return Ok(());
        };
        let lambda_free_src = vec!["SRC-APIEVANGELIST-LAMBDA".to_string()];
        let free_left = free_gbs.map(|f| (f - gbs).max(Decimal::ZERO));
        let (init_gbs, basis) = init_gb_seconds(invocations, cs, be.memory_mb)?;
        let basis_zero = basis.clone();
        let first = b.lines.len();
        b.tiered_after(
            gbs,
            &component::lambda_init(be.arch),
            table,
            init_gbs,
            Some(basis),
            free_left,
            lambda_free_src,
        )?;
        if b.lines.len() == first {
            // No cold start at this volume: the line says so rather than vanish.
            let tier = table.tiers.first();
            let price = tier.map(|t| t.price).unwrap_or_default();
            b.lines.push(super::LineItem {
                component: component::lambda_init(be.arch),
                meter: table.meter,
                tier: None,
                quantity: Decimal::ZERO,
                unit_price: price / table.meter.price_per(),
                price,
                price_per: table.meter.price_per(),
                amount: Decimal::ZERO,
                basis: Some(basis_zero),
                sources: table.sources.clone(),
                rate_code: tier.and_then(|t| t.rate_code.clone()),
                free: false,
            });
        }
        for l in &mut b.lines[first..] {
            l.sources.push(INIT_BILLING_SOURCE.into());
        }
        b.warnings.push(format!(
            "cold starts billed since 2025-08-01 ({INIT_BILLING_SOURCE}): the INIT phase of on-demand ZIP functions on managed runtimes, at the GB-second rate; SnapStart would bill its snapshot cache and restores instead, and provisioned concurrency its configured GB-seconds (its environments start ahead of requests): neither is priced here"
        ));
        Ok(())
    }
}

/// The source of INIT billing (data/prices.json `sources`).
pub const INIT_BILLING_SOURCE: &str = "SRC-AWS-LAMBDA-INIT-BILLING-2025";

/// GB-seconds of cold starts: invocations x share x Init Duration x memory, and how.
fn init_gb_seconds(
    invocations: Decimal,
    cs: &crate::model::workload::ColdStarts,
    memory_mb: Decimal,
) -> Result<(Decimal, String)> {
    let overflow = || Error::overflow("Lambda cold-start GB-seconds");
    let cold = invocations.checked_mul(cs.rate).ok_or_else(overflow)?;
    let gbs = cold
        .checked_mul(cs.init_ms)
        .and_then(|v| v.checked_mul(memory_mb / Decimal::from(1024)))
        .map(|v| v / Decimal::from(1000))
        .ok_or_else(overflow)?;
    let basis = format!(
        "{} invocations x {}% cold starts ({}) = {} cold starts x {} ms Init Duration ({}) x {} MB / 1,024 = {} GB-seconds",
        group(invocations),
        (cs.rate * Decimal::ONE_HUNDRED).normalize(),
        cs.rate_how,
        group(cold.round_dp(2)),
        cs.init_ms.normalize(),
        cs.init_how,
        memory_mb.normalize(),
        group(gbs.round_dp(3)),
    );
    Ok((gbs, basis))
}
