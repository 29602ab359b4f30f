//! REST and HTTP API requests (HTTP in 512 KB units, see `units`) and the REST stage cache; both then
//! pay data transfer out and their backend.

use rust_decimal::Decimal;

use super::{component, Builder, Pricer};
use super::{legacy_sources, units};
use crate::error::{Error, Field, Result};
use crate::model::api::ApiKind;
use crate::model::calendar;
use crate::model::catalog::LegacyFreeTier;
use crate::model::free_tier::Allowance;
use crate::model::numbers::group;
use crate::model::workload::Workload;

impl Pricer<'_> {
    /// The lines of a REST or HTTP API month; returns the requests served.
    pub(super) fn gateway(
        &self,
        b: &mut Builder,
        kind: ApiKind,
        w: &Workload,
        allowance: &Allowance,
        legacy: Option<&LegacyFreeTier>,
    ) -> Result<Decimal> {
        let r = self.region;
        let table = match kind {
            ApiKind::Rest => r.rest.as_ref(),
            _ => r.http.as_ref(),
        }
        .ok_or_else(|| self.missing(&component::requests(kind), kind))?;
        let (billable, basis) = if kind == ApiKind::Http {
            if w.streaming.is_some_and(|s| !s.is_zero()) {
                return Err(Error::not_applicable(
                    Field::Streaming,
                    "HTTP APIs cannot stream responses (REST APIs can since November 2025, and a Lambda Function URL can); price --api rest or compare both",
                ));
            }
            self.http_units(w)?
        } else {
            self.rest_units(w)?
        };
        let free = legacy.map(|l| match kind {
            ApiKind::Rest => l.rest_requests,
            _ => l.http_requests,
        });
        let first = b.lines.len();
        b.tiered(
            &component::requests(kind),
            table,
            billable,
            basis,
            free,
            legacy_sources(self.catalog),
        )?;
        if kind == ApiKind::Rest && w.streaming.is_some_and(|s| !s.is_zero()) {
            b.warnings.push(
                "streamed responses metered per 10 MB as AWS's pricing page gives it (SRC-AWS-APIGW-STREAMING-PRICING); the stored references do not confirm the increment"
                    .into(),
            );
            // The streamed lines cite the streaming rule as well as the price.
            for l in &mut b.lines[first..] {
                l.sources
                    .extend(self.catalog.metering.rest_stream_sources.iter().cloned());
            }
        }
        if kind == ApiKind::Rest {
            if let Some(cache) = &w.cache {
                let rate = r.cache_rate(cache.size_gb).ok_or_else(|| {
                    Error::invalid(
                        Field::Cache,
                        cache.size_gb.to_string(),
                        format!(
                            "one of the cache sizes AWS sells: {} GB",
                            self.catalog.metering.cache_sizes_gb.join(", ")
                        ),
                    )
                })?;
                let hours = calendar::month_hours(w.month);
                b.tiered(
                    &component::rest_cache(&rate.label),
                    &rate.table,
                    hours,
                    Some(format!(
                        "{} GB cache provisioned {}; not eligible for the free tier",
                        rate.label,
                        calendar::hours_basis(w.month)
                    )),
                    None,
                    vec![],
                )?;
            }
        } else if w.cache.is_some() {
            return Err(Error::not_applicable(
                Field::Cache,
                format!("{}s have no cache (only REST APIs offer a stage cache); drop the cache or price a REST API", kind.title()),
            ));
        }
        self.data_transfer(b, w, kind, allowance)?;
        self.backend(b, w, kind, allowance)?;
        Ok(w.requests)
    }

    /// Billable REST API requests: one per buffered response; a streamed response is metered as
    /// ceil(size / 10 MB) requests, at least one (the catalog's `metering.rest_streaming`).
    fn rest_units(&self, w: &Workload) -> Result<(Decimal, Option<String>)> {
        let Some(share) = w.streaming.filter(|s| !s.is_zero()) else {
            return Ok((w.requests, None));
        };
        let m = &self.catalog.metering;
        let inc_mb = m.rest_stream_increment_mb.ok_or_else(|| {
            Error::not_applicable(
                Field::Streaming,
                "this price catalog has no metering rule for streamed REST responses (metering.rest_streaming)",
            )
        })?;
        let size = w.response_size_kb.ok_or_else(|| {
            Error::missing(
                Field::Streaming,
                format!("a streamed response is metered by its size (one request per {inc_mb} MB)"),
                &[Field::ResponseSize],
            )
        })?;
        let units = units::increments(size, inc_mb * Decimal::from(1024));
        let overflow = || {
            Error::overflow(format!(
                "REST API billable requests ({} requests, streamed x {units} units of {inc_mb} MB)",
                group(w.requests)
            ))
        };
        let streamed = w
            .requests
            .checked_mul(share)
            .ok_or_else(overflow)?
            .ceil()
            .min(w.requests);
        let buffered = w.requests - streamed;
        let billable = streamed
            .checked_mul(units)
            .and_then(|s| s.checked_add(buffered))
            .ok_or_else(overflow)?;
        let each = format!(
            "{} request{} each ({} KB = {} MB, metered per {inc_mb} MB, at least 1)",
            units,
            if units == Decimal::ONE { "" } else { "s" },
            group(size.normalize()),
            group((size / Decimal::from(1024)).round_dp(3)),
        );
        let basis = if buffered.is_zero() {
            format!(
                "{} streamed responses x {each} = {} requests",
                group(streamed),
                group(billable)
            )
        } else {
            format!(
                "{} buffered + {} streamed ({}%) x {each} = {} requests",
                group(buffered),
                group(streamed),
                (share * Decimal::ONE_HUNDRED).normalize(),
                group(billable)
            )
        };
        Ok((billable, Some(basis)))
    }

    /// Billable HTTP API requests: requests × ceil(size / 512 KB), at least one unit per request.
    fn http_units(&self, w: &Workload) -> Result<(Decimal, Option<String>)> {
        let inc = self.catalog.metering.http_increment_kb;
        match w.request_size_kb {
            None => Ok((w.requests, None)),
            Some(size) => {
                let units = units::http_units_per_request(&self.catalog.metering, Some(size));
                let billable = w.requests.checked_mul(units).ok_or_else(|| {
                    Error::overflow(format!(
                        "HTTP API billable requests ({} requests x {units} units of {inc} KB)",
                        group(w.requests)
                    ))
                })?;
                let basis = format!(
                    "{} requests x {} unit{} ({} KB, {} KB increments)",
                    group(w.requests),
                    units,
                    if units == Decimal::ONE { "" } else { "s" },
                    size.normalize(),
                    inc
                );
                Ok((billable, Some(basis)))
            }
        }
    }
}
