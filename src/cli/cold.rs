//! Billed cold starts (the Lambda INIT phase, billed since 2025-08-01): the share of the backend's
//! invocations that start an execution environment (`--cold-start-rate`, the profile's
//! `latency.cold_start_rate`, else the latency model's estimate from the volume) and their Init Duration
//! (`--init-ms`, `backend.init_ms`, else the runtime's median in data/latency.json).

use rust_decimal::prelude::FromPrimitive;
use rust_decimal::Decimal;

use crate::error::{Error, Field, Result};
use crate::model::api::ApiKind;
use crate::model::latency::data::{arch_key, LatencyData};
use crate::model::latency::{Given, LatencyOptions};
use crate::model::numbers;
use crate::model::workload::{ColdStarts, Workload};

/// The runtime whose Init Duration is the default (data/latency.json `billed_init.default_runtime`).
pub const DEFAULT_RUNTIME: &str = "nodejs22.x";

/// What the flags and the profile gave: `--cold-start-rate`, `--init-ms`, `--runtime`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ColdInputs<'a> {
    pub rate: Option<Decimal>,
    pub init_ms: Option<Decimal>,
    pub runtime: Option<&'a str>,
}

/// The workload's billed cold starts: `None` without a Lambda backend (an `--init-ms` is then an
/// error). Without a volume (a sweep's base of one request) the share is the model's no-volume figure.
pub fn cold_starts(
    given: ColdInputs,
    w: &Workload,
    volume_given: bool,
) -> Result<Option<ColdStarts>> {
    let Some(be) = &w.backend else {
        if given.init_ms.is_some() {
            return Err(Error::missing(
                Field::InitMs,
                "--init-ms is the Init Duration of the Lambda backend's cold starts",
                &[Field::Backend, Field::DurationMs, Field::MemoryMb],
            ));
        }
        return Ok(None);
    };
    let data = LatencyData::embedded()?;
    let runtime = given.runtime.unwrap_or(DEFAULT_RUNTIME);
    let arch = arch_key(be.arch);
    let (rate, rate_how) = match given.rate {
        Some(r) => (r, "given".to_string()),
        None => {
            let mut o = LatencyOptions::new(ApiKind::Rest);
            o.lambda = true;
            o.arch = be.arch;
            let ms = f64_of(be.duration_ms);
            o.handler = Some(Given { p50: ms, p99: ms });
            if volume_given && !w.requests.is_zero() {
                let rps = f64_of(w.requests) / f64::from(numbers::SECONDS_PER_MONTH);
                o.requests_per_second = Some(rps);
            }
            let r = crate::model::latency::cold_start_rate(&data, &o)?;
            // A share to 0.0001%: the model's estimate, not a measurement.
            let rate = Decimal::from_f64(r.rate).unwrap_or_default().round_dp(6);
            let how = if o.requests_per_second.is_some() {
                "the latency model's estimate from the volume, 10 min idle lifetime; AWS says under 1% in steady production: --cold-start-rate to give yours"
            } else {
                "the latency model's figure without a volume; --cold-start-rate to give yours"
            };
            (rate, how.to_string())
        }
    };
    let (init_ms, init_how) = match given.init_ms {
        Some(ms) => (ms, "given".to_string()),
        None => {
            let (name, fig) = data.runtime(arch, runtime)?;
            let ms = Decimal::from_f64(fig.p50_ms)
                .unwrap_or_default()
                .round_dp(1);
            (
                ms,
                format!(
                    "median of a minimal {name} function on {arch}, {}; real functions start 2-10x slower: --init-ms from your REPORT lines",
                    data.cold_start_init.sources.join(", ")
                ),
            )
        }
    };
    Ok(Some(ColdStarts {
        rate,
        rate_how,
        init_ms,
        init_how,
    }))
}

fn f64_of(d: Decimal) -> f64 {
    use rust_decimal::prelude::ToPrimitive;
    d.to_f64().unwrap_or(f64::MAX)
}
