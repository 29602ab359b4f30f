//! Amazon Cognito user pools behind a Cognito authorizer: billed per monthly active user on the Lite
//! feature plan's tiers (by total MAU: 100,000 / 1,000,000 / 10,000,000). With a free tier chosen, the
//! plan's free MAUs (Lite: 10,000, data/free-allowances.json) come off the lowest tier first.

use rust_decimal::Decimal;

use super::{Builder, Pricer};
use crate::error::Result;
use crate::model::api::ApiKind;
use crate::model::free_tier::allowances::Free;
use crate::model::free_tier::Allowance;

impl Pricer<'_> {
    /// The Cognito user pool's MAU lines.
    pub(super) fn cognito(
        &self,
        b: &mut Builder,
        kind: ApiKind,
        mau: Option<Decimal>,
        allowance: &Allowance,
    ) -> Result<()> {
        let Some(mau) = mau else {
            b.warnings.push(
                "Cognito user pool not included: give --monthly-active-users (profile: monthly_active_users)"
                    .into(),
            );
            return Ok(());
        };
        let table =
            self.region
                .around
                .cognito
                .as_ref()
                .ok_or_else(|| crate::error::Error::NotPriced {
                    what: format!("Cognito user pools (the {}'s authorizer)", kind.title()),
                    region: self.region.code.clone(),
                    available: self.catalog.regions_with(|r| r.around.cognito.is_some()),
                })?;
        let free = allowance.always_free.then_some(Free::CognitoLiteMau);
        let basis = format!(
            "{} monthly active users on the Lite feature plan's MAU tiers, by total MAU; {}",
            crate::model::numbers::group(mau),
            match free {
                Some(f) => format!(
                    "the plan's {} free MAUs applied (always-free)",
                    crate::model::numbers::group(f.quantity())
                ),
                None =>
                    "the plan's free MAUs not applied (--free-tier always to apply them)".into(),
            }
        );
        b.tiered_allowance(
            "Cognito user pool MAUs (Lite plan)",
            table,
            mau,
            Some(basis),
            free.map(|f| (f, f.quantity())),
        )
    }
}
