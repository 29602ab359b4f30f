//! Data transfer out to the internet: responses x size, on the region's egress tiers (a region without
//! egress prices gets a warning that it is not included, never a zero).

use rust_decimal::Decimal;

use super::{component, Builder, Pricer};
use crate::error::{Error, Result};
use crate::model::api::ApiKind;
use crate::model::free_tier::{Allowance, ALWAYS_FREE_EGRESS_GB};
use crate::model::numbers::group;
use crate::model::workload::Workload;

impl Pricer<'_> {
    /// The data-transfer-out line of a month.
    pub(super) fn data_transfer(
        &self,
        b: &mut Builder,
        w: &Workload,
        kind: ApiKind,
        allowance: &Allowance,
    ) -> Result<()> {
        let Some(size) = w.response_size_kb else {
            return Ok(());
        };
        if size.is_zero() || w.requests.is_zero() {
            return Ok(());
        }
        if kind == ApiKind::Rest && w.around.private_azs.is_some() {
            b.warnings.push(
                "private REST API: its responses stay in the VPC, no internet egress (data processed by the VPC endpoint instead)"
                    .into(),
            );
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
        let kb = w.requests.checked_mul(size).ok_or_else(|| {
            Error::overflow(format!(
                "data transfer out ({} responses x {} KB)",
                group(w.requests),
                group(size)
            ))
        })?;
        let gb = kb / Decimal::from(1024 * 1024);
        let free = allowance
            .always_free
            .then(|| Decimal::from(ALWAYS_FREE_EGRESS_GB));
        let basis = format!(
            "{} responses x {} KB = {} GB (1 GB = 1,048,576 KB); internet egress tiers, {}",
            group(w.requests),
            size.normalize(),
            group(gb.round_dp(6)),
            if free.is_some() {
                "the first 100 GB a month free (the account's always-free allowance, counted for this option alone)"
            } else {
                "the always-free 100 GB/month allowance not applied (--free-tier always to apply it)"
            }
        );
        b.tiered(
            component::DATA_TRANSFER_OUT,
            table,
            gb,
            Some(basis),
            free,
            table.sources.clone(),
        )
    }
}
