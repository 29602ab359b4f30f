//! Flags + profile -> one resolved [`Scenario`]: the workload, region, free tier and peak factor a
//! command prices. Whether a volume was given is decided here, once ([`TrafficArgs::volume_given`] after
//! the merge), and what a command does without one is named by its [`Purpose`]. The latency model reads
//! the same merged flags through `cli::latency`.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::args::{Backend, Global, HorizonArgs, TrafficArgs, MAX_MONTHS};
use super::load;
use crate::error::{Error, Field, Result};
use crate::model::api::ApiKind;
use crate::model::free_tier::FreeTier;
use crate::model::inputs;
use crate::model::limits;
use crate::model::numbers;
use crate::model::profile::{LoadedProfile, Value};
use crate::model::workload::{
    AlbAssumptions, Arch, CacheConfig, EdgeAssumptions, LambdaBackend, WafUse, Workload,
};

/// What a command needs the traffic for, which decides what it may leave out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A priced month: every part that is priced must be given (a volume, a backend's memory and
    /// duration, a cache's size).
    Price,
    /// A sweep along the volume (cost charts, break-even by requests): the volume is the sweep's to set,
    /// so without one the workload gets a base of one request a month.
    Sweep,
}

/// Everything a command needs once flags and profile are merged.
#[derive(Clone)]
pub struct Scenario {
    pub workload: Workload,
    pub region: String,
    pub free_tier: FreeTier,
    pub profile: Option<LoadedProfile>,
    /// Peak rate over the monthly average (`--peak-factor` or the profile's; 1 by default).
    pub peak_factor: Decimal,
    /// A monthly volume was given (requests, rps or customers, by flag or profile).
    pub volume_given: bool,
    /// The inputs the profile gave, as (flag, profile key): an error about one names the key.
    pub origins: Origins,
}

/// Inputs a profile gave because their flag was not typed: (the flag, the profile key).
pub type Origins = Vec<(&'static str, &'static str)>;

pub use super::blame::blame;

/// Flags and profile merged, before a workload is built from them.
pub(super) struct Merged {
    /// The flags, each filled from the profile where the flag was not given.
    pub traffic: TrafficArgs,
    pub region: String,
    pub free_tier: FreeTier,
    pub profile: Option<LoadedProfile>,
}

/// Merges flags, the profile and the global options into one scenario for `purpose`.
pub fn resolve(g: &Global, traffic: &TrafficArgs, purpose: Purpose) -> Result<Scenario> {
    resolve_loaded(g, traffic, None, purpose)
}

/// [`resolve`] with the profile already read (`review` reads it once, also from standard input):
/// `loaded` stands in for `traffic.profile`'s file.
pub fn resolve_loaded(
    g: &Global,
    traffic: &TrafficArgs,
    loaded: Option<&LoadedProfile>,
    purpose: Purpose,
) -> Result<Scenario> {
    let Merged {
        traffic: mut t,
        region,
        free_tier,
        profile,
    } = merge(g, traffic, loaded)?;
    let volume_given = t.volume_given();
    if purpose == Purpose::Sweep && !volume_given {
        t.requests = Some(Decimal::ONE);
    }
    let mut workload = t
        .workload()
        .map_err(|e| blame(profile.as_ref(), &t.origins, e))?;
    workload.around = t
        .around
        .around(profile.as_ref())
        .map_err(|e| blame(profile.as_ref(), &t.origins, e))?;
    let given = super::cold::ColdInputs {
        rate: t.around.access.cold_start_rate,
        init_ms: t.init_ms,
        runtime: t.around.access.runtime.as_deref(),
    };
    workload.cold_starts = super::cold::cold_starts(given, &workload, volume_given)
        .map_err(|e| blame(profile.as_ref(), &t.origins, e))?;
    Ok(Scenario {
        workload,
        region,
        free_tier,
        profile,
        peak_factor: t.peak_factor.unwrap_or(Decimal::ONE),
        volume_given,
        origins: t.origins,
    })
}

/// Loads the profile (if any) and fills from it every flag and global option not given.
/// A profile already read (`loaded`) is used instead of reading `traffic.profile` again.
pub(super) fn merge(
    g: &Global,
    traffic: &TrafficArgs,
    loaded: Option<&LoadedProfile>,
) -> Result<Merged> {
    let mut t = traffic.clone();
    let profile = match (loaded, &t.profile) {
        (Some(lp), _) => Some(lp.clone()),
        (None, Some(path)) => Some(load::profile(path)?),
        (None, None) => None,
    };
    let mut region = g.region.clone();
    let mut free_tier = g.free_tier.clone();
    let mut age = g.account_age_months;
    if let Some(lp) = &profile {
        t.apply_profile(lp)?;
        let p = &lp.profile;
        if !g.explicit.region {
            if let Some(r) = &p.region {
                region = lp.typed(&inputs::REGION, r)?;
            }
        }
        if !g.explicit.free_tier {
            if let Some(f) = &p.free_tier {
                free_tier = lp.typed(&inputs::FREE_TIER, f)?;
            }
        }
        if !g.explicit.account_age_months {
            if let Some(a) = p.account_age_months {
                age = a;
            }
        }
        if let Some(a) = p.account_age_months {
            lp.typed(&inputs::ACCOUNT_AGE_MONTHS, &a.to_string())?;
        }
        if let Some(m) = p.months.filter(|m| *m > MAX_MONTHS) {
            return Err(lp.bad_value(
                "months",
                &m.to_string(),
                &format!("1 to {MAX_MONTHS} months"),
            ));
        }
    }
    Ok(Merged {
        traffic: t,
        region,
        free_tier: free_tier.at_age(age),
        profile,
    })
}

/// The options to price: the flags', else the profile's `apis`, else its `api`, else REST and HTTP;
/// each once, in the order first given (`--apis rest,http,rest` prices REST and HTTP).
pub fn api_list(profile: Option<&LoadedProfile>, flags: &[ApiKind]) -> Result<Vec<ApiKind>> {
    let listed: Vec<ApiKind> = if !flags.is_empty() {
        flags.to_vec()
    } else {
        match profile.and_then(|p| p.profile.apis.clone().map(|a| (p, a))) {
            Some((lp, names)) => names
                .iter()
                .map(|n| lp.api(&inputs::APIS, n))
                .collect::<Result<_>>()?,
            None => match profile.and_then(|p| p.profile.api.clone().map(|a| (p, a))) {
                Some((lp, name)) => vec![lp.api(&inputs::API, &name)?],
                None => vec![ApiKind::Rest, ApiKind::Http],
            },
        }
    };
    let mut once = Vec::with_capacity(listed.len());
    for api in listed {
        if !once.contains(&api) {
            once.push(api);
        }
    }
    Ok(once)
}

impl Scenario {
    /// [`blame`] with this scenario's profile and origins.
    pub fn blame(&self, e: Error) -> Error {
        blame(self.profile.as_ref(), &self.origins, e)
    }

    /// [`Scenario::blame`] for a horizon's errors: without `--growth` (`growth_flag`), a growth that
    /// fails came from the profile, and is named by its key.
    pub fn blame_horizon(&self, growth_flag: Option<Decimal>, e: Error) -> Error {
        let mut origins = self.origins.clone();
        if growth_flag.is_none() {
            origins.push(inputs::GROWTH.names());
        }
        blame(self.profile.as_ref(), &origins, e)
    }

    /// The profile key that gave the input of `flag`, if the profile gave it.
    pub fn origin_key(&self, flag: &str) -> Option<&'static str> {
        self.origins
            .iter()
            .find(|(f, _)| *f == flag)
            .map(|(_, k)| *k)
    }

    /// The options to price: the flags', else the profile's `apis`, else REST and HTTP.
    pub fn api_list(&self, flags: &[ApiKind]) -> Result<Vec<ApiKind>> {
        api_list(self.profile.as_ref(), flags)
    }

    /// The one option to price: the flag's (`--api`, or `--apis` with one item: `one` says why a list
    /// is refused), else the profile's `api`, else its `apis` when it lists one.
    pub fn api(&self, flags: &[ApiKind], one: &str) -> Result<ApiKind> {
        match flags {
            [a] => return Ok(*a),
            [_, _, ..] => {
                let names: Vec<&str> = flags.iter().map(|k| k.name()).collect();
                return Err(Error::usage(
                    "--api",
                    names.join(","),
                    format!("one option: {one}"),
                ));
            }
            [] => {}
        }
        let lp = self.profile.as_ref();
        if let Some((lp, name)) = lp.and_then(|p| p.profile.api.clone().map(|a| (p, a))) {
            return lp.api(&inputs::API, &name);
        }
        if let Some(lp) = lp.filter(|p| p.profile.apis.as_ref().is_some_and(|a| a.len() == 1)) {
            return Ok(api_list(Some(lp), &[])?[0]);
        }
        Err(Error::missing(
            Field::Apis,
            "the option to price is needed",
            &[Field::Apis],
        ))
    }

    /// Months ahead: the flag's, else the profile's (None: neither gave one).
    pub fn months(&self, h: &HorizonArgs) -> Option<u32> {
        h.months
            .or_else(|| self.profile.as_ref().and_then(|p| p.profile.months))
    }

    /// Months ahead, at least one (12 unless given).
    pub fn months_at_least_one(&self, h: &HorizonArgs) -> Result<u32> {
        let months = self.months(h).unwrap_or(12);
        if months == 0 {
            return Err(Error::usage(
                inputs::MONTHS.dashed,
                "0",
                "at least one month",
            ));
        }
        Ok(months)
    }

    /// Compound monthly growth: the flag's, else the profile's, else none.
    pub fn growth(&self, h: &HorizonArgs) -> Result<Decimal> {
        self.growth_or(h.growth)
    }

    /// Compound monthly growth: `flag`, else the profile's, else none.
    pub fn growth_or(&self, flag: Option<Decimal>) -> Result<Decimal> {
        if let Some(g) = flag {
            return Ok(g);
        }
        match &self.profile {
            Some(lp) => Ok(lp
                .num(
                    "growth",
                    &lp.profile.growth,
                    crate::model::uncertainty::parse::growth,
                )?
                .unwrap_or(Decimal::ZERO)),
            None => Ok(Decimal::ZERO),
        }
    }

    /// The monthly volume to mark on a chart: the one given, when it is more than zero.
    pub fn marked_volume(&self) -> Option<Decimal> {
        (self.volume_given && self.workload.requests > Decimal::ZERO)
            .then_some(self.workload.requests)
    }

    /// Soft limits (the account throttle at the peak) as warnings on a quote; a handler slower than a
    /// fixed integration timeout as an error. The handler's p99 is the latency model's, else the
    /// backend's duration.
    pub fn check_limits(
        &self,
        q: &mut crate::model::cost::Quote,
        handler_p99_ms: Option<f64>,
    ) -> Result<()> {
        q.warnings.extend(limits::warnings(
            q.api,
            &self.region,
            &self.workload,
            self.peak_factor,
        ));
        q.warnings.extend(limits::credit_warning(&self.free_tier));
        let handler = handler_p99_ms.or_else(|| {
            self.workload
                .backend
                .as_ref()
                .map(|b| b.duration_ms.to_f64().unwrap_or(f64::MAX))
        });
        if let Some(h) = handler {
            // The duration is the backend's (a profile's `backend.duration_ms`, maybe) unless the
            // latency model gave the handler's p99.
            let from_profile = self
                .origin_key(inputs::DURATION_MS.dashed)
                .filter(|_| handler_p99_ms.is_none());
            let checked =
                limits::check_timeout(q.api, h, "Lambda duration").map_err(|e| {
                    match (e, from_profile, self.profile.as_ref()) {
                        (Error::Limit { message, .. }, Some(key), Some(lp)) => {
                            lp.bad_key(key, &message)
                        }
                        (e, ..) => e,
                    }
                })?;
            if let Some(w) = checked {
                q.warnings.push(w);
            }
        }
        Ok(())
    }
}

impl TrafficArgs {
    /// A monthly volume is given (requests, rps, or customers with requests per customer): the one
    /// definition of "a volume was given".
    pub fn volume_given(&self) -> bool {
        self.requests.is_some() || self.rps.is_some() || self.customers.is_some()
    }

    /// Resolves the flags into a workload (checking the combinations clap cannot).
    pub fn workload(&self) -> Result<Workload> {
        let requests = self.monthly_requests()?;
        let connection_minutes = self.connection_minutes()?;
        let cache = self.cache_config()?;
        let backend = self.lambda_backend()?;
        let mut alb = AlbAssumptions::default();
        if let Some(n) = self.requests_per_connection {
            alb.requests_per_connection = n;
        }
        if let Some(n) = self.rule_evaluations {
            alb.rule_evaluations_per_request = n;
        }
        Ok(Workload {
            requests,
            request_size_kb: self.request_size,
            response_size_kb: self.response_size,
            streaming: self.streaming,
            messages: self.messages,
            message_size_kb: self.message_size,
            connection_minutes,
            cache,
            backend,
            cold_starts: None,
            alb,
            waf: self.waf_use()?,
            edge: EdgeAssumptions {
                geography: self.edge_geography.clone(),
                cacheable_share: self.cacheable_share.unwrap_or_default(),
            },
            month: None,
            rate_derived: self.requests.is_none() && self.rps.is_some(),
            around: Default::default(),
        })
    }

    /// Monthly requests: given, from rps or customers, zero for a messages-only (WebSocket) workload.
    pub(super) fn monthly_requests(&self) -> Result<Decimal> {
        Ok(match (self.requests, self.rps) {
            (Some(r), _) => r,
            (None, None) if self.customers.is_some() => {
                let (c, r) = (
                    self.customers.unwrap_or_default(),
                    self.requests_per_customer.unwrap_or_default(),
                );
                c.checked_mul(r)
                    .filter(|v| *v <= numbers::MAX_UNITS)
                    .ok_or_else(|| {
                        Error::usage(
                        inputs::CUSTOMERS.dashed,
                        format!("{c} x {r}"),
                        "customers x requests per customer must be at most 10^25 requests a month",
                    )
                    })?
            }
            (None, Some(rps)) => numbers::requests_from_rps(rps).ok_or_else(|| {
                Error::usage(
                    inputs::RPS.dashed,
                    crate::error::shorten(&rps.to_string()),
                    format!(
                        "a steady rate of at most {} requests/s (10^25 requests a month)",
                        numbers::group(
                            (numbers::MAX_UNITS / Decimal::from(numbers::SECONDS_PER_MONTH))
                                .trunc()
                        )
                    ),
                )
            })?,
            (None, None) => {
                if self.messages.is_some() {
                    Decimal::ZERO
                } else {
                    return Err(Error::missing(
                        Field::Requests,
                        "a monthly volume is needed",
                        &[Field::Requests],
                    ));
                }
            }
        })
    }

    /// WebSocket connection minutes: given, or connections x their duration (within the connection limit).
    pub(super) fn connection_minutes(&self) -> Result<Option<Decimal>> {
        if let Some(d) = self.connection_duration {
            limits::check_connection_duration(d)?;
        }
        Ok(
            match (
                self.connection_minutes,
                self.connections,
                self.connection_duration,
            ) {
                (Some(m), _, _) => Some(m),
                (None, Some(c), Some(d)) => Some(
                    c.checked_mul(d)
                        .ok_or_else(|| Error::overflow("connection minutes"))?,
                ),
                _ => None,
            },
        )
    }

    /// The REST stage cache: its size, with the hit rate (0 unless given).
    fn cache_config(&self) -> Result<Option<CacheConfig>> {
        Ok(match (self.cache, self.cache_hit) {
            (Some(gb), hit) => Some(CacheConfig {
                size_gb: gb,
                hit_rate: hit.unwrap_or(Decimal::ZERO),
            }),
            (None, Some(h)) => {
                let _ = h;
                return Err(Error::missing(
                    Field::CacheHit,
                    "a cache hit rate needs a cache to hit",
                    &[Field::Cache],
                ));
            }
            (None, None) => None,
        })
    }

    /// The Lambda backend: its duration and memory are both needed.
    /// `--waf` with `--waf-rules N` (rules without `--waf` is a usage error).
    fn waf_use(&self) -> Result<Option<WafUse>> {
        match (self.waf, self.waf_rules) {
            (true, rules) => Ok(Some(WafUse {
                rules: rules.unwrap_or_default(),
            })),
            (false, Some(_)) => Err(Error::needs(
                "--waf-rules",
                "needs --waf as well (the rules belong to the WAF web ACL)",
            )),
            (false, None) => Ok(None),
        }
    }

    /// The Lambda backend, the only backend modelled: `--backend lambda`, or implied by its duration
    /// or memory (each needs the other).
    pub(super) fn lambda_backend(&self) -> Result<Option<LambdaBackend>> {
        if self.backend.is_none() && self.duration_ms.is_none() && self.memory_mb.is_none() {
            return Ok(None);
        }
        Ok(Some(LambdaBackend {
            duration_ms: self.duration_ms.ok_or_else(|| {
                Error::missing(
                    Field::DurationMs,
                    "the Lambda backend is priced on its average duration in ms",
                    &[Field::DurationMs],
                )
            })?,
            memory_mb: self.memory_mb.ok_or_else(|| {
                Error::missing(
                    Field::MemoryMb,
                    "the Lambda backend is priced on its memory in MB",
                    &[Field::MemoryMb],
                )
            })?,
            arch: self.arch.unwrap_or_default(),
        }))
    }
}

impl TrafficArgs {
    /// Fills every flag the user did not give from the profile (flags override the file), recording
    /// each input the profile gave in `origins`.
    pub fn apply_profile(&mut self, lp: &LoadedProfile) -> Result<()> {
        let p = &lp.profile;
        let volume_given = self.volume_given();
        let o = &mut self.origins;
        fill_input(
            o,
            &mut self.peak_factor,
            lp,
            &inputs::PEAK_FACTOR,
            &p.peak_factor,
        )?;
        if !volume_given {
            fill(
                o,
                &mut self.requests,
                lp,
                inputs::REQUESTS.names(),
                &p.requests,
                crate::model::uncertainty::parse::requests,
            )?;
            fill(
                o,
                &mut self.rps,
                lp,
                inputs::RPS.names(),
                &p.rps,
                inputs::RPS.parse,
            )?;
            fill(
                o,
                &mut self.customers,
                lp,
                inputs::CUSTOMERS.names(),
                &p.customers,
                inputs::CUSTOMERS.parse,
            )?;
            fill(
                o,
                &mut self.requests_per_customer,
                lp,
                inputs::REQUESTS_PER_CUSTOMER.names(),
                &p.requests_per_customer,
                inputs::REQUESTS_PER_CUSTOMER.parse,
            )?;
            if self.customers.is_some() != self.requests_per_customer.is_some() {
                let (given, missing) = if self.customers.is_some() {
                    ("customers", "requests_per_customer")
                } else {
                    ("requests_per_customer", "customers")
                };
                return Err(lp.bad_key(
                    given,
                    &format!(
                        "{missing} is missing: customers and requests_per_customer go together"
                    ),
                ));
            }
        }
        self.fill_payload(lp)?;
        if let Some(ws) = &p.websocket {
            self.fill_websocket(lp, ws)?;
        }
        if let Some(b) = &p.backend {
            self.fill_backend(lp, b)?;
        }
        self.around.fill(lp, &mut self.origins)?;
        Ok(())
    }

    /// Payload sizes and the REST cache from the profile.
    fn fill_payload(&mut self, lp: &LoadedProfile) -> Result<()> {
        let p = &lp.profile;
        let o = &mut self.origins;
        fill(
            o,
            &mut self.request_size,
            lp,
            inputs::REQUEST_SIZE.names(),
            &p.request_size,
            crate::model::uncertainty::parse::size,
        )?;
        fill(
            o,
            &mut self.response_size,
            lp,
            inputs::RESPONSE_SIZE.names(),
            &p.response_size,
            crate::model::uncertainty::parse::size,
        )?;
        let streaming = inputs::STREAMING;
        fill(
            o,
            &mut self.streaming,
            lp,
            streaming.names(),
            &p.streaming,
            streaming.parse,
        )?;
        if let Some(c) = &p.cache {
            fill(
                o,
                &mut self.cache,
                lp,
                inputs::CACHE.names(),
                &c.size_gb,
                inputs::CACHE.parse,
            )?;
            fill(
                o,
                &mut self.cache_hit,
                lp,
                inputs::CACHE_HIT.names(),
                &c.hit_rate,
                crate::model::uncertainty::parse::cache_hit,
            )?;
        }
        Ok(())
    }

    /// The WebSocket section of the profile.
    fn fill_websocket(
        &mut self,
        lp: &LoadedProfile,
        ws: &crate::model::profile::WebSocketSection,
    ) -> Result<()> {
        let o = &mut self.origins;
        fill(
            o,
            &mut self.messages,
            lp,
            inputs::MESSAGES.names(),
            &ws.messages,
            crate::model::uncertainty::parse::messages,
        )?;
        fill(
            o,
            &mut self.message_size,
            lp,
            inputs::MESSAGE_SIZE.names(),
            &ws.message_size,
            inputs::MESSAGE_SIZE.parse,
        )?;
        if self.connections.is_none() {
            fill(
                o,
                &mut self.connection_minutes,
                lp,
                inputs::CONNECTION_MINUTES.names(),
                &ws.connection_minutes,
                inputs::CONNECTION_MINUTES.parse,
            )?;
        }
        if self.connection_minutes.is_none() {
            fill_input(
                o,
                &mut self.connections,
                lp,
                &inputs::CONNECTIONS,
                &ws.connections,
            )?;
            fill_input(
                o,
                &mut self.connection_duration,
                lp,
                &inputs::CONNECTION_DURATION,
                &ws.connection_duration_minutes,
            )?;
        }
        Ok(())
    }

    /// The backend section of the profile.
    fn fill_backend(
        &mut self,
        lp: &LoadedProfile,
        b: &crate::model::profile::BackendSection,
    ) -> Result<()> {
        if self.backend.is_none() {
            if let Some(k) = b.kind.as_deref() {
                lp.choice(&inputs::BACKEND, k)?;
            }
            self.backend = Some(Backend::Lambda);
            self.origins.push(inputs::BACKEND.names());
            // A duration or memory that neither a flag nor the section gives is named as the
            // section's key.
            if self.duration_ms.is_none() {
                self.origins.push(inputs::DURATION_MS.names());
            }
            if self.memory_mb.is_none() {
                self.origins.push(inputs::MEMORY_MB.names());
            }
        }
        let o = &mut self.origins;
        fill(
            o,
            &mut self.duration_ms,
            lp,
            inputs::DURATION_MS.names(),
            &b.duration_ms,
            crate::model::uncertainty::parse::duration_ms,
        )?;
        fill(
            o,
            &mut self.memory_mb,
            lp,
            inputs::MEMORY_MB.names(),
            &b.memory_mb,
            inputs::MEMORY_MB.parse,
        )?;
        let init = inputs::INIT_MS;
        fill(
            o,
            &mut self.init_ms,
            lp,
            init.names(),
            &b.init_ms,
            init.parse,
        )?;
        if self.arch.is_none() {
            if let Some(v) = b.arch.as_deref() {
                self.arch = Some(super::values::variant::<Arch>(lp.choice(&inputs::ARCH, v)?));
                self.origins.push(inputs::ARCH.names());
            }
        }
        Ok(())
    }
}

/// [`fill`] for one input of the registry: its flag, key and parser.
pub(super) fn fill_input(
    origins: &mut Origins,
    slot: &mut Option<Decimal>,
    lp: &LoadedProfile,
    input: &inputs::Input,
    value: &Option<Value>,
) -> Result<()> {
    fill(origins, slot, lp, input.names(), value, input.parse)
}

/// Fills `slot` (a flag the user did not give) with the profile's value of `key`, parsed by `parse`
/// (an error names the key), and records that the profile gave the input of `flag`.
pub(super) fn fill(
    origins: &mut Origins,
    slot: &mut Option<Decimal>,
    lp: &LoadedProfile,
    (flag, key): (&'static str, &'static str),
    value: &Option<Value>,
    parse: fn(&str) -> std::result::Result<Decimal, String>,
) -> Result<()> {
    if slot.is_some() {
        return Ok(());
    }
    *slot = lp.num(key, value, parse)?;
    if slot.is_some() && !origins.iter().any(|(f, _)| *f == flag) {
        origins.push((flag, key));
    }
    Ok(())
}
