//! WebSocket APIs: messages (in 32 KB units up to the 128 KB limit, see `units`) and connection
//! minutes. The Lambda backend is not priced here: which messages invoke it depends on the routes.

use rust_decimal::Decimal;

use super::{component, Builder, Pricer};
use super::{legacy_sources, units};
use crate::error::{Error, Field, Result};
use crate::model::api::ApiKind;
use crate::model::catalog::LegacyFreeTier;
use crate::model::numbers::group;
use crate::model::workload::Workload;

impl Pricer<'_> {
    /// The lines of a WebSocket API month; returns the messages served.
    pub(super) fn websocket(
        &self,
        b: &mut Builder,
        w: &Workload,
        legacy: Option<&LegacyFreeTier>,
    ) -> Result<Decimal> {
        let kind = ApiKind::WebSocket;
        let r = self.region;
        let minutes = r
            .ws_minutes
            .as_ref()
            .ok_or_else(|| self.missing(component::WS_CONNECTION_MINUTES, kind))?;
        let count = w.messages.ok_or_else(|| {
            Error::invalid(Field::Messages, "(missing)", "a WebSocket API is priced on messages: give --messages N (and --connection-minutes M or --connections C)")
        })?;
        let (billable, basis) = self.ws_units(count, w.message_size_kb)?;
        // A region may price connection minutes but no messages (ap-southeast-6 in AWS's 2025-10-20
        // file): a month without messages is priced on what exists; one with messages is a gap.
        match r.ws_messages.as_ref() {
            Some(messages) => b.tiered(
                component::WS_MESSAGES,
                messages,
                billable,
                basis,
                legacy.map(|l| l.ws_messages),
                legacy_sources(self.catalog),
            )?,
            None if billable.is_zero() => b.warnings.push(format!(
                "the catalog has no WebSocket message price for {}: this month has no messages, so only connection minutes are billed",
                r.code
            )),
            None => return Err(self.missing(component::WS_MESSAGES, kind)),
        }
        let mins = w.connection_minutes.unwrap_or(Decimal::ZERO);
        b.tiered(
            component::WS_CONNECTION_MINUTES,
            minutes,
            mins,
            None,
            legacy.map(|l| l.ws_connection_minutes),
            legacy_sources(self.catalog),
        )?;
        if w.cache.is_some() {
            return Err(Error::invalid(
                Field::Cache,
                "(set)",
                "WebSocket APIs have no cache (only REST APIs offer a stage cache)",
            ));
        }
        if w.backend.is_some() {
            b.warnings.push("the Lambda backend is not priced for the WebSocket option: how many messages invoke it depends on the routes (only received messages do)".into());
        }
        Ok(count)
    }

    /// Billable WebSocket messages: messages × ceil(size / 32 KB); above 128 KB is an error.
    fn ws_units(
        &self,
        messages: Decimal,
        size_kb: Option<Decimal>,
    ) -> Result<(Decimal, Option<String>)> {
        let m = &self.catalog.metering;
        match size_kb {
            None => Ok((messages, None)),
            Some(size) => {
                let units = units::ws_units_per_message(m, Some(size)).map_err(|e| {
                    Error::limit(Field::MessageSize, format!(
                        "--message-size {} KB exceeds the WebSocket message limit of {} KB (AWS-QUOTAS-WS; larger payloads must be split or sent another way)",
                        e.size_kb.normalize(),
                        e.max_kb
                    ))
                })?;
                let billable = messages.checked_mul(units).ok_or_else(|| {
                    Error::overflow(format!(
                        "WebSocket billable messages ({} messages x {units} units)",
                        group(messages)
                    ))
                })?;
                let basis = format!(
                    "{} messages x {} unit{} ({} KB, {} KB increments)",
                    group(messages),
                    units,
                    if units == Decimal::ONE { "" } else { "s" },
                    size.normalize(),
                    m.ws_increment_kb
                );
                Ok((billable, Some(basis)))
            }
        }
    }
}
