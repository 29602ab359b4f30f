//! AWS X-Ray tracing of a REST API: the sampled requests are traces recorded (USD per 1M). HTTP APIs
//! cannot be traced with X-Ray (a feature gap, said in a note). Traces retrieved or scanned depend on how
//! traces are read and are not included (the note gives the region's price, or says AWS publishes none).
//! The always-free 100,000 traces recorded (not in AWS's file; data/free-allowances.json) apply only
//! when a free tier is chosen; the note says the first 1M retrieved or scanned are free too.

use rust_decimal::{Decimal, RoundingStrategy};

use super::{Builder, Pricer};
use crate::error::{Error, Result};
use crate::model::api::ApiKind;
use crate::model::free_tier::allowances::Free;
use crate::model::free_tier::Allowance;
use crate::model::numbers::group;
use crate::model::workload::Workload;

impl Pricer<'_> {
    /// The X-Ray line of a month.
    pub(super) fn xray(
        &self,
        b: &mut Builder,
        kind: ApiKind,
        w: &Workload,
        allowance: &Allowance,
    ) -> Result<()> {
        let Some(rate) = w.around.xray_sampling else {
            return Ok(());
        };
        if kind != ApiKind::Rest {
            b.not_priced.push("X-Ray tracing");
            b.warnings
                .extend(w.dropped(kind, crate::error::Field::XraySampling));
            return Ok(());
        }
        let prices = self
            .region
            .around
            .xray
            .as_ref()
            .ok_or_else(|| Error::NotPriced {
                what: "X-Ray traces".into(),
                region: self.region.code.clone(),
                available: self.catalog.regions_with(|r| r.around.xray.is_some()),
            })?;
        let traces = w
            .requests
            .checked_mul(rate)
            .ok_or_else(|| Error::overflow("X-Ray traces"))?
            .round_dp_with_strategy(0, RoundingStrategy::ToPositiveInfinity);
        let basis = format!(
            "{} requests x {}% sampled = {} traces recorded",
            group(w.requests),
            (rate * Decimal::from(100)).normalize(),
            group(traces)
        );
        let free = allowance.always_free;
        b.tiered_allowance(
            "X-Ray traces recorded",
            &prices.recorded,
            traces,
            Some(basis),
            free.then(|| (Free::XrayRecorded, Free::XrayRecorded.quantity())),
        )?;
        let retrieved_free = if free {
            format!(
                "; the first {} a month are free with the always-free allowance ({})",
                group(Free::XrayRetrieved.quantity()),
                Free::XrayRetrieved.cited()
            )
        } else {
            String::new()
        };
        b.warnings.push(match &prices.retrieved {
            Some(t) => format!(
                "X-Ray traces retrieved or scanned are not included (they depend on how often traces are read: ${:.2} per 1M traces in {}{retrieved_free})",
                t.tiers.first().map(|t| t.price).unwrap_or_default(),
                self.region.code
            ),
            None => format!(
                "X-Ray traces retrieved are not included, and AWS publishes no price for them in {}",
                self.region.code
            ),
        });
        Ok(())
    }
}
