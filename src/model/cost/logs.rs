//! CloudWatch Logs for API Gateway's logs: access logs (REST and HTTP) and execution logs (REST),
//! ingested per GB in the log group's class (Standard or Infrequent Access) and, with a retention,
//! stored per GB-month. Storage is priced on the ingested bytes kept `retention` months (the steady
//! state of a month's logs kept that long): an upper bound, as CloudWatch stores them compressed. The
//! CloudWatch Logs always-free 5 GB (not in AWS's file; data/free-allowances.json) comes off ingestion,
//! access logs first, only when a free tier is chosen.

use rust_decimal::Decimal;

use super::{Builder, Pricer};
use crate::error::{Error, Result};
use crate::model::api::ApiKind;
use crate::model::around::{LogClass, LogUse};
use crate::model::free_tier::allowances::Free;
use crate::model::free_tier::Allowance;
use crate::model::numbers::group;
use crate::model::workload::Workload;

/// Bytes in a GB as CloudWatch bills them (2^30).
const BYTES_PER_GB: u64 = 1 << 30;

impl Pricer<'_> {
    /// The log lines of a month.
    pub(super) fn logs(
        &self,
        b: &mut Builder,
        kind: ApiKind,
        w: &Workload,
        allowance: &Allowance,
    ) -> Result<()> {
        let Some(l) = &w.around.logs else {
            return Ok(());
        };
        if !matches!(
            kind,
            ApiKind::Rest | ApiKind::Http | ApiKind::HttpCloudFrontWaf | ApiKind::HttpCloudFront
        ) {
            b.not_priced.push("the logs");
            b.warnings
                .extend(w.dropped(kind, crate::error::Field::AccessLogBytes));
            b.warnings
                .extend(w.dropped(kind, crate::error::Field::ExecutionLogBytes));
            return Ok(());
        }
        let requests = super::authorizer::gateway_requests(kind, w)?;
        let mut kinds = Vec::new();
        if let Some(bytes) = l.access_bytes {
            kinds.push(("access logs", bytes));
        }
        match (l.execution_bytes, kind) {
            (Some(bytes), ApiKind::Rest) => kinds.push(("execution logs", bytes)),
            (Some(_), _) => {
                b.not_priced.push("execution logs");
                b.warnings
                    .extend(w.dropped(kind, crate::error::Field::ExecutionLogBytes));
            }
            (None, _) => {}
        }
        // The 5 GB is the account's: what the first log group does not use is left for the next.
        let mut free = allowance
            .always_free
            .then(|| Free::CloudWatchLogsGb.quantity());
        for (what, bytes) in kinds {
            let used = self.log_group(b, l, what, requests, bytes, free)?;
            free = free.map(|f| (f - used).max(Decimal::ZERO));
        }
        Ok(())
    }

    /// One log group's lines; returns the free GB it used.
    fn log_group(
        &self,
        b: &mut Builder,
        l: &LogUse,
        what: &str,
        requests: Decimal,
        bytes: Decimal,
        free_gb: Option<Decimal>,
    ) -> Result<Decimal> {
        let prices = self
            .region
            .around
            .logs
            .as_ref()
            .ok_or_else(|| Error::NotPriced {
                what: "CloudWatch Logs (ingestion and storage)".into(),
                region: self.region.code.clone(),
                available: self.catalog.regions_with(|r| r.around.logs.is_some()),
            })?;
        let total = requests
            .checked_mul(bytes)
            .ok_or_else(|| Error::overflow(format!("{what} bytes")))?;
        let gb = total / Decimal::from(BYTES_PER_GB);
        let (table, class) = match l.class {
            LogClass::Standard => (&prices.ingest_standard, "Standard"),
            LogClass::InfrequentAccess => (&prices.ingest_infrequent_access, "Infrequent Access"),
        };
        let basis = format!(
            "{} requests x {} bytes = {} GB (1 GB = 1,073,741,824 bytes), {class} log class",
            group(requests),
            group(bytes),
            group(gb.round_dp(6))
        );
        b.tiered_allowance(
            &format!("CloudWatch Logs ingestion: {what} ({class})"),
            table,
            gb,
            Some(basis),
            free_gb.map(|f| (Free::CloudWatchLogsGb, f)),
        )?;
        let used = free_gb.map_or(Decimal::ZERO, |f| f.min(gb));
        let Some(months) = l.retention_months.filter(|m| !m.is_zero()) else {
            return Ok(used);
        };
        let gb_months = gb
            .checked_mul(months)
            .ok_or_else(|| Error::overflow(format!("{what} GB-months")))?;
        let basis = format!(
            "{} GB a month kept {} months = {} GB-months stored (an upper bound: AWS stores logs compressed)",
            group(gb.round_dp(6)),
            months.normalize(),
            group(gb_months.round_dp(6))
        );
        b.tiered(
            &format!("CloudWatch Logs storage: {what}"),
            &prices.storage,
            gb_months,
            Some(basis),
            None,
            vec![],
        )?;
        Ok(used)
    }
}
