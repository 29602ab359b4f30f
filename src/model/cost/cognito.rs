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
        let _ = (kind, mau);
        Err(self.missing("Cognito user pool MAUs", kind))
    }
}
