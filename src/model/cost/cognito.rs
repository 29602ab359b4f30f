//! Amazon Cognito user pools behind a Cognito authorizer: billed per monthly active user, tiered.

use rust_decimal::Decimal;

use super::{Builder, Pricer};
use crate::error::Result;
use crate::model::api::ApiKind;

impl Pricer<'_> {
    /// The Cognito user pool's MAU lines.
    pub(super) fn cognito(
        &self,
        b: &mut Builder,
        kind: ApiKind,
        mau: Option<Decimal>,
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
        let basis = format!(
            "{} monthly active users on the user pool's MAU tiers (the MAU free tier is not in AWS's file, not applied)",
            crate::model::numbers::group(mau)
        );
        b.tiered(
            "Cognito user pool MAUs",
            table,
            mau,
            Some(basis),
            None,
            vec![],
        )
    }
}
