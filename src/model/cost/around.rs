//! Everything around the gateway, in the order it is added to a month: the authorizer, CloudWatch
//! Logs, X-Ray, interface VPC endpoints (`authorizer.rs`, `logs.rs`, `xray.rs`, `private.rs`,
//! `cognito.rs`). The discount (`discount.rs`) comes after, over all of them.

use super::{Builder, Pricer};
use crate::error::Result;
use crate::model::api::ApiKind;
use crate::model::free_tier::Allowance;
use crate::model::workload::Workload;

impl Pricer<'_> {
    pub(super) fn around(
        &self,
        b: &mut Builder,
        kind: ApiKind,
        w: &Workload,
        allowance: &Allowance,
    ) -> Result<()> {
        if w.around.is_empty() {
            return Ok(());
        }
        self.authorizer(b, kind, w, allowance)?;
        self.logs(b, kind, w, allowance)?;
        self.xray(b, kind, w, allowance)?;
        self.private_endpoint(b, kind, w)
    }
}
