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
            self.http_units(w)?
        } else {
            (w.requests, None)
        };
        let free = legacy.map(|l| match kind {
            ApiKind::Rest => l.rest_requests,
            _ => l.http_requests,
        });
        b.tiered(
            &component::requests(kind),
            table,
            billable,
            basis,
            free,
            legacy_sources(self.catalog),
        )?;
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
            return Err(Error::invalid(
                Field::Cache,
                w.cache.as_ref().map(|c| c.size_gb.to_string()).unwrap_or_default(),
                format!("{}s have no cache (only REST APIs offer a stage cache); drop the cache or price a REST API", kind.title()),
            ));
        }
        self.data_transfer(b, w, kind, allowance)?;
        self.backend(b, w, kind, allowance)?;
        Ok(w.requests)
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
