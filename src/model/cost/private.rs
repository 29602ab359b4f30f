//! A private REST API, reached from a VPC through one interface VPC endpoint (AWS PrivateLink) in N
//! Availability Zones: an hourly charge per endpoint per AZ (730 hours, or the calendar month's) and
//! the data the endpoint processes (requests and responses, GB, tiered). Private traffic pays no
//! internet egress (`transfer.rs` leaves it out). HTTP APIs cannot be private: said in a note.

use rust_decimal::Decimal;

use super::{Builder, Pricer};
use crate::error::{Error, Result};
use crate::model::api::ApiKind;
use crate::model::numbers::group;
use crate::model::workload::Workload;

impl Pricer<'_> {
    /// The interface endpoint's lines.
    pub(super) fn private_endpoint(
        &self,
        b: &mut Builder,
        kind: ApiKind,
        w: &Workload,
    ) -> Result<()> {
        let Some(azs) = w.around.private_azs else {
            return Ok(());
        };
        if kind != ApiKind::Rest {
            b.not_priced.push("the private endpoint");
            b.warnings
                .extend(w.dropped(kind, crate::error::Field::Endpoint));
            return Ok(());
        }
        let prices = self
            .region
            .around
            .vpce
            .as_ref()
            .ok_or_else(|| Error::NotPriced {
                what: "interface VPC endpoints".into(),
                region: self.region.code.clone(),
                available: self.catalog.regions_with(|r| r.around.vpce.is_some()),
            })?;
        let month_hours = crate::model::calendar::month_hours(w.month);
        let hours = azs * month_hours;
        let basis = format!(
            "one interface endpoint in {} Availability Zones x {} hours",
            azs.normalize(),
            group(month_hours)
        );
        b.tiered(
            "Interface VPC endpoint hours",
            &prices.hours,
            hours,
            Some(basis),
            None,
            vec![],
        )?;
        let req = w.request_size_kb.unwrap_or_default();
        let resp = w.response_size_kb.unwrap_or_default();
        if req.is_zero() && resp.is_zero() {
            b.warnings.push(
                "interface VPC endpoint data processed not included: give --request-size and/or --response-size"
                    .into(),
            );
            return Ok(());
        }
        let kb = w
            .requests
            .checked_mul(req + resp)
            .ok_or_else(|| Error::overflow("VPC endpoint data processed"))?;
        let gb = kb / Decimal::from(1024 * 1024);
        let basis = format!(
            "{} requests x ({} KB request + {} KB response) = {} GB (1 GB = 1,048,576 KB)",
            group(w.requests),
            req.normalize(),
            resp.normalize(),
            group(gb.round_dp(6))
        );
        b.tiered(
            "Interface VPC endpoint data processed",
            &prices.data_processed,
            gb,
            Some(basis),
            None,
            vec![],
        )
    }
}
