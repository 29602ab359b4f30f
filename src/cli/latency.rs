//! The latency model's inputs from the command line: the traffic as latency reads it
//! ([`LatencyTraffic`]: no memory, cache size or volume is needed), and the latency flags filled from the
//! profile's `[latency]` section.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::args::{Global, LatencyArgs, TrafficArgs};
use super::resolve::{self, merge};
use crate::error::{Error, Result};
use crate::model::api::ApiKind;
use crate::model::inputs;
use crate::model::latency::{Given, LatencyOptions};
use crate::model::numbers;
use crate::model::profile::LoadedProfile;
use crate::model::workload::{Arch, Workload};

/// What the latency model reads of the traffic.
#[derive(Debug, Clone, Default)]
pub struct LatencyTraffic {
    /// Requests a month, when a volume was given (the cold-start rate is then derived from it).
    pub requests: Option<Decimal>,
    /// WebSocket messages a month.
    pub messages: Option<Decimal>,
    /// A Lambda backend: its architecture, and its duration when given (the handler's time).
    pub lambda: Option<(Arch, Option<Decimal>)>,
    /// Share of requests answered from the REST cache, when there is one.
    pub cache_hit: Option<Decimal>,
    /// `--streaming`: the share streamed and the response size (KB), when given.
    pub streaming: Option<(Decimal, Option<Decimal>)>,
}

impl LatencyTraffic {
    /// The latency inputs of a priced workload (its volume is known).
    pub fn of(w: &Workload) -> LatencyTraffic {
        LatencyTraffic {
            requests: Some(w.requests),
            messages: w.messages,
            lambda: w.backend.as_ref().map(|b| (b.arch, Some(b.duration_ms))),
            cache_hit: w.cache.as_ref().map(|c| c.hit_rate),
            streaming: w.streaming.map(|s| (s, w.response_size_kb)),
        }
    }
}

impl TrafficArgs {
    /// The traffic as the latency model reads it. A backend's memory and a cache's size are not needed;
    /// the checks a priced workload makes of what latency does read still apply (a volume too large, a
    /// WebSocket connection longer than the limit, a duration without a backend).
    pub fn latency_traffic(&self) -> Result<LatencyTraffic> {
        let requests = match self.volume_given() {
            true => Some(self.monthly_requests()?),
            false => None,
        };
        self.connection_minutes()?;
        if self.backend.is_none() {
            self.lambda_backend()?;
        }
        Ok(LatencyTraffic {
            requests,
            messages: self.messages,
            lambda: self
                .backend
                .map(|_| (self.arch.unwrap_or_default(), self.duration_ms)),
            cache_hit: (self.cache.is_some() || self.cache_hit.is_some())
                .then(|| self.cache_hit.unwrap_or(Decimal::ZERO)),
            streaming: self.streaming.map(|s| (s, self.response_size)),
        })
    }
}

/// Flags and profile merged for the latency model.
pub struct LatencyScenario {
    pub traffic: LatencyTraffic,
    pub profile: Option<LoadedProfile>,
    /// The traffic inputs the profile gave, as (flag, profile key).
    pub origins: resolve::Origins,
}

impl LatencyScenario {
    /// An error about an input the profile gave (the traffic's, or the `[latency]` section's as
    /// recorded in `largs.origins`) re-worded to name the profile's key and line: see
    /// [`resolve::blame`].
    pub fn blame(&self, largs: &LatencyArgs, e: Error) -> Error {
        let origins: resolve::Origins =
            self.origins.iter().chain(&largs.origins).copied().collect();
        resolve::blame(self.profile.as_ref(), &origins, e)
    }

    /// The options to estimate: the flags', else the profile's `apis`, else REST and HTTP.
    pub fn api_list(&self, flags: &[ApiKind]) -> Result<Vec<ApiKind>> {
        resolve::api_list(self.profile.as_ref(), flags)
    }
}

/// Merges flags and profile (as for a priced command) into what the latency model reads.
pub fn resolve_latency(g: &Global, traffic: &TrafficArgs) -> Result<LatencyScenario> {
    resolve_latency_loaded(g, traffic, None)
}

/// [`resolve_latency`] with the profile already read (`loaded` stands in for `traffic.profile`'s file).
pub fn resolve_latency_loaded(
    g: &Global,
    traffic: &TrafficArgs,
    loaded: Option<&LoadedProfile>,
) -> Result<LatencyScenario> {
    let m = merge(g, traffic, loaded)?;
    let traffic = m
        .traffic
        .latency_traffic()
        .map_err(|e| resolve::blame(m.profile.as_ref(), &m.traffic.origins, e))?;
    Ok(LatencyScenario {
        traffic,
        profile: m.profile,
        origins: m.traffic.origins,
    })
}

/// The latency model's inputs for one option, from the latency flags and the traffic (backend, cache,
/// volume).
pub fn latency_options(
    api: ApiKind,
    a: &LatencyArgs,
    t: &LatencyTraffic,
) -> Result<LatencyOptions> {
    let mut o = LatencyOptions::new(api);
    o.endpoint = a.endpoint.unwrap_or_default();
    o.authorizer = a.authorizer.unwrap_or_default();
    o.authorizer_hit_rate = a.authorizer_hit_rate.map(f64_of);
    o.authorizer_ttl_s = f64::from(a.authorizer_ttl.unwrap_or(300));
    o.identities = a.identities.map(f64_of);
    if let Some(r) = &a.runtime {
        o.runtime = r.clone();
    }
    o.cold_start_rate = a.cold_start_rate.map(f64_of);
    o.concurrency = a.concurrency.map(f64_of);
    o.client_rtt = a.client_rtt_ms;
    o.new_connections = a.new_connections;
    o.gateway_overhead = a
        .measured
        .as_ref()
        .filter(|(kind, _)| *kind == api)
        .map(|(_, m)| m.clone());
    if let Some(requests) = t.requests.filter(|r| !r.is_zero()) {
        let units = if api == ApiKind::WebSocket {
            t.messages.unwrap_or(requests)
        } else {
            requests
        };
        o.requests_per_second = Some(f64_of(units) / f64::from(numbers::SECONDS_PER_MONTH));
    }
    if let Some(hit) = t.cache_hit {
        o.cache_hit = f64_of(hit);
    }
    o.streaming = t.streaming.map(|(s, kb)| (f64_of(s), kb.map(f64_of)));
    if let Some((arch, duration)) = t.lambda {
        o.lambda = true;
        o.arch = arch;
        let from_duration = duration.map(f64_of).map(|d| Given { p50: d, p99: d });
        o.handler = a.handler_ms.or(from_duration);
    } else if a.handler_ms.is_some() {
        return Err(Error::missing(
            crate::error::Field::HandlerMs,
            "--handler-ms is the time of a Lambda function's handler",
            &[crate::error::Field::Backend],
        ));
    }
    Ok(o)
}

/// The most Monte Carlo samples per option: each is kept (8 bytes) until its percentiles are taken, so
/// 10M is about 80 MB per option at a time; 200k (the default) already gives stable p99.9 figures.
pub const MAX_SAMPLES: usize = 10_000_000;

/// Monte Carlo samples per option, 1 to [`MAX_SAMPLES`].
pub fn samples(a: &LatencyArgs) -> Result<usize> {
    match a.samples.to_usize() {
        Some(n) if (1..=MAX_SAMPLES).contains(&n) => Ok(n),
        _ => Err(Error::usage(
            "--samples",
            a.samples.to_string(),
            "1 to 10M samples (each is kept in memory until its percentiles are taken)",
        )),
    }
}

/// Latency is not money: the simulation and its display work in floats.
fn f64_of(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::MAX)
}

impl LatencyArgs {
    /// Fills every latency flag the user did not give from the profile's `[latency]` section.
    pub fn with_profile(&self, profile: Option<&LoadedProfile>) -> Result<LatencyArgs> {
        let mut a = self.clone();
        let Some(lp) = profile else {
            return Ok(a);
        };
        let Some(l) = &lp.profile.latency else {
            return Ok(a);
        };
        if a.authorizer.is_none() {
            if let Some(v) = &l.authorizer {
                a.authorizer = Some(super::around::authorizer(lp, v)?);
            }
        }
        if a.endpoint.is_none() {
            if let Some(v) = &l.endpoint {
                a.endpoint = Some(super::around::endpoint(lp, v)?);
            }
        }
        if a.runtime.is_none() {
            if let Some(r) = &l.runtime {
                a.runtime = Some(lp.typed(&inputs::RUNTIME, r)?);
            }
        }
        if a.authorizer_ttl.is_none() {
            a.authorizer_ttl = l.authorizer_ttl;
        }
        let num = |slot: &mut Option<Decimal>, input: &inputs::Input, v| -> Result<()> {
            if slot.is_none() {
                *slot = lp.num(input.key.unwrap_or(input.flag), v, input.parse)?;
            }
            Ok(())
        };
        num(
            &mut a.authorizer_hit_rate,
            &inputs::AUTHORIZER_HIT_RATE,
            &l.authorizer_hit_rate,
        )?;
        num(&mut a.identities, &inputs::IDENTITIES, &l.identities)?;
        num(
            &mut a.cold_start_rate,
            &inputs::COLD_START_RATE,
            &l.cold_start_rate,
        )?;
        num(&mut a.concurrency, &inputs::CONCURRENCY, &l.concurrency)?;
        let given = |spec: &inputs::Spec<Given>,
                     v: &Option<crate::model::profile::Value>|
         -> Result<Option<Given>> {
            match v {
                None => Ok(None),
                Some(v) => lp.typed(spec, &v.text()).map(Some),
            }
        };
        if a.handler_ms.is_none() {
            a.handler_ms = given(&inputs::HANDLER_MS, &l.handler_ms)?;
        }
        if a.client_rtt_ms.is_none() {
            a.client_rtt_ms = given(&inputs::CLIENT_RTT_MS, &l.client_rtt_ms)?;
        }
        if !a.new_connections {
            a.new_connections = l.new_connections.unwrap_or(false);
        }
        if a.new_connections && a.client_rtt_ms.is_none() {
            return Err(lp.bad_value(
                inputs::NEW_CONNECTIONS.key.unwrap_or_default(),
                "true",
                &format!(
                    "a client round trip as well ({})",
                    inputs::CLIENT_RTT_MS.key.unwrap_or_default()
                ),
            ));
        }
        a.measured = measured(lp, l)?;
        a.origins = filled_by_profile(self, &a);
        Ok(a)
    }
}

/// The profile's `[latency] gateway_overhead_ms` (p50,p99 ms, measured on the profile's own `api`)
/// with its `gateway_overhead_source`.
fn measured(
    lp: &LoadedProfile,
    l: &crate::model::profile::LatencySection,
) -> Result<Option<(ApiKind, crate::model::latency::Measured)>> {
    let Some(v) = &l.gateway_overhead_ms else {
        if l.gateway_overhead_source.is_some() {
            return Err(lp.bad_key(
                "latency.gateway_overhead_source",
                "set without latency.gateway_overhead_ms",
            ));
        }
        return Ok(None);
    };
    let key = "latency.gateway_overhead_ms";
    let overhead = Given::parse(&v.text()).map_err(|e| lp.bad_value(key, &v.text(), &e))?;
    use clap::ValueEnum;
    let api = lp
        .profile
        .api
        .as_deref()
        .and_then(|a| ApiKind::from_str(a, true).ok())
        .filter(|k| matches!(k, ApiKind::Rest | ApiKind::Http | ApiKind::WebSocket))
        .ok_or_else(|| {
            lp.bad_key(
                key,
                "the profile's `api` (rest, http or websocket) must say which API was measured",
            )
        })?;
    let source = match &l.gateway_overhead_source {
        Some(s)
            if !s.is_empty() && s.chars().count() <= 200 && !s.chars().any(char::is_control) =>
        {
            s.clone()
        }
        Some(s) => {
            return Err(lp.bad_value(
                "latency.gateway_overhead_source",
                s,
                "1 to 200 characters saying where it was measured",
            ))
        }
        None => "given in the profile".into(),
    };
    Ok(Some((
        api,
        crate::model::latency::Measured { overhead, source },
    )))
}

/// The latency inputs the profile's `[latency]` section filled in (the flag was not given and
/// `merged` has a value), as (flag, profile key).
fn filled_by_profile(flags: &LatencyArgs, merged: &LatencyArgs) -> resolve::Origins {
    let filled = [
        (
            flags.authorizer.is_none() && merged.authorizer.is_some(),
            inputs::AUTHORIZER.names(),
        ),
        (
            flags.endpoint.is_none() && merged.endpoint.is_some(),
            inputs::ENDPOINT.names(),
        ),
        (
            flags.runtime.is_none() && merged.runtime.is_some(),
            inputs::RUNTIME.names(),
        ),
        (
            flags.authorizer_ttl.is_none() && merged.authorizer_ttl.is_some(),
            inputs::AUTHORIZER_TTL.names(),
        ),
        (
            flags.authorizer_hit_rate.is_none() && merged.authorizer_hit_rate.is_some(),
            inputs::AUTHORIZER_HIT_RATE.names(),
        ),
        (
            flags.identities.is_none() && merged.identities.is_some(),
            inputs::IDENTITIES.names(),
        ),
        (
            flags.cold_start_rate.is_none() && merged.cold_start_rate.is_some(),
            inputs::COLD_START_RATE.names(),
        ),
        (
            flags.concurrency.is_none() && merged.concurrency.is_some(),
            inputs::CONCURRENCY.names(),
        ),
        (
            flags.handler_ms.is_none() && merged.handler_ms.is_some(),
            inputs::HANDLER_MS.names(),
        ),
        (
            flags.client_rtt_ms.is_none() && merged.client_rtt_ms.is_some(),
            inputs::CLIENT_RTT_MS.names(),
        ),
    ];
    filled
        .iter()
        .filter(|f| f.0)
        .map(|&(_, names)| names)
        .collect()
}
