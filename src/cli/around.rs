//! What is paid around the gateway, from flags and profile: the authorizer's cost inputs, CloudWatch
//! Logs, X-Ray, a private endpoint and a discount become one [`Around`] of the workload. The authorizer
//! and endpoint are the latency flags' (`--authorizer`, `--endpoint`, ... and the profile's
//! `[latency]` keys); the rest are top-level profile keys named as their flags.

use rust_decimal::Decimal;

use super::args::AroundArgs;
use super::resolve::{fill, fill_input, Origins};
use super::values::variant;
use crate::error::{Error, Result};
use crate::model::around::{Around, AuthorizerCache, AuthorizerUse, LogUse};
use crate::model::inputs;
use crate::model::latency::{Authorizer, Endpoint};
use crate::model::profile::LoadedProfile;

/// The authorizer a profile names (by the registry's names and words).
pub(super) fn authorizer(lp: &LoadedProfile, v: &str) -> Result<Authorizer> {
    Ok(variant(lp.choice(&inputs::AUTHORIZER, v)?))
}

/// The endpoint a profile names (by the registry's names and words).
pub(super) fn endpoint(lp: &LoadedProfile, v: &str) -> Result<Endpoint> {
    Ok(variant(lp.choice(&inputs::ENDPOINT, v)?))
}

/// The most Availability Zones an interface endpoint is priced in (us-east-1 has six).
pub const MAX_AZS: u32 = 6;
/// The longest log retention priced, months (10 years; CloudWatch's longest is 120 months).
pub const MAX_RETENTION_MONTHS: u32 = 120;
/// The largest log line per request priced, bytes (CloudWatch Logs' largest event is 1 MB).
pub const MAX_LOG_BYTES: u32 = 1_048_576;

impl super::args::TrafficArgs {
    /// The traffic flags with the command's authorizer and endpoint flags.
    pub fn with_access(&self, access: &super::args::AccessArgs) -> super::args::TrafficArgs {
        let mut t = self.clone();
        t.around.access = access.clone();
        t
    }
}

impl super::args::AccessArgs {
    /// The same inputs as the latency flags give them (compare, chart).
    pub fn of_latency(l: &super::args::LatencyArgs) -> Self {
        Self {
            authorizer: l.authorizer,
            authorizer_hit_rate: l.authorizer_hit_rate,
            authorizer_ttl: l.authorizer_ttl,
            identities: l.identities,
            endpoint: l.endpoint,
            cold_start_rate: l.cold_start_rate,
            runtime: l.runtime.clone(),
        }
    }
}

impl AroundArgs {
    /// Fills every input the user did not give from the profile, recording where each came from.
    pub(super) fn fill(&mut self, lp: &LoadedProfile, o: &mut Origins) -> Result<()> {
        let a = &lp.profile.around;
        use crate::model::inputs::Input;
        #[rustfmt::skip]
        let slots: [(&mut Option<Decimal>, Input, &Option<crate::model::profile::Value>); 9] = [
            (&mut self.authorizer_duration_ms, inputs::AUTHORIZER_DURATION_MS, &a.authorizer_duration_ms),
            (&mut self.authorizer_memory_mb, inputs::AUTHORIZER_MEMORY_MB, &a.authorizer_memory_mb),
            (&mut self.monthly_active_users, inputs::MONTHLY_ACTIVE_USERS, &a.monthly_active_users),
            (&mut self.access_log_bytes, inputs::ACCESS_LOG_BYTES, &a.access_log_bytes),
            (&mut self.execution_log_bytes, inputs::EXECUTION_LOG_BYTES, &a.execution_log_bytes),
            (&mut self.log_retention_months, inputs::LOG_RETENTION_MONTHS, &a.log_retention_months),
            (&mut self.xray_sampling, inputs::XRAY_SAMPLING, &a.xray_sampling),
            (&mut self.azs, inputs::AZS, &a.azs),
            (&mut self.discount, inputs::DISCOUNT, &a.discount),
        ];
        for (slot, input, value) in slots {
            fill(o, slot, lp, input.names(), value, input.parse)?;
        }
        if self.log_class.is_none() {
            if let Some(v) = &a.log_class {
                self.log_class = Some(variant(lp.choice(&inputs::LOG_CLASS, v)?));
            }
        }
        self.fill_access(lp, o)
    }

    /// The authorizer and endpoint from the profile's `[latency]` section.
    fn fill_access(&mut self, lp: &LoadedProfile, o: &mut Origins) -> Result<()> {
        let Some(l) = &lp.profile.latency else {
            return Ok(());
        };
        let x = &mut self.access;
        if x.authorizer.is_none() {
            if let Some(v) = &l.authorizer {
                x.authorizer = Some(authorizer(lp, v)?);
                o.push(inputs::AUTHORIZER.names());
            }
        }
        if x.endpoint.is_none() {
            if let Some(v) = &l.endpoint {
                x.endpoint = Some(endpoint(lp, v)?);
                o.push(inputs::ENDPOINT.names());
            }
        }
        if x.authorizer_ttl.is_none() && l.authorizer_ttl.is_some() {
            x.authorizer_ttl = l.authorizer_ttl;
            o.push(inputs::AUTHORIZER_TTL.names());
        }
        if x.runtime.is_none() {
            if let Some(r) = &l.runtime {
                x.runtime = Some(lp.typed(&inputs::RUNTIME, r)?);
                o.push(inputs::RUNTIME.names());
            }
        }
        fill_input(
            o,
            &mut x.cold_start_rate,
            lp,
            &inputs::COLD_START_RATE,
            &l.cold_start_rate,
        )?;
        fill_input(
            o,
            &mut x.authorizer_hit_rate,
            lp,
            &inputs::AUTHORIZER_HIT_RATE,
            &l.authorizer_hit_rate,
        )?;
        fill_input(o, &mut x.identities, lp, &inputs::IDENTITIES, &l.identities)
    }

    /// The inputs as the cost model reads them, checked against their bounds.
    pub fn around(&self, _profile: Option<&LoadedProfile>) -> Result<Around> {
        let x = &self.access;
        let authorizer = match x.authorizer {
            None | Some(Authorizer::None) => None,
            Some(Authorizer::Iam) => Some(AuthorizerUse::Iam),
            Some(Authorizer::Jwt) => Some(AuthorizerUse::Jwt),
            Some(Authorizer::Cognito) => Some(AuthorizerUse::Cognito {
                monthly_active_users: self.monthly_active_users,
            }),
            Some(Authorizer::Lambda) => Some(AuthorizerUse::Lambda {
                cache: AuthorizerCache::Off,
                duration_ms: self.authorizer_duration_ms,
                memory_mb: self.authorizer_memory_mb,
            }),
            Some(Authorizer::LambdaCached) => Some(AuthorizerUse::Lambda {
                cache: self.cache()?,
                duration_ms: self.authorizer_duration_ms,
                memory_mb: self.authorizer_memory_mb,
            }),
        };
        let lambda = matches!(
            x.authorizer,
            Some(Authorizer::Lambda | Authorizer::LambdaCached)
        );
        for (given, flag) in [
            (
                self.authorizer_duration_ms.is_some(),
                inputs::AUTHORIZER_DURATION_MS.dashed,
            ),
            (
                self.authorizer_memory_mb.is_some(),
                inputs::AUTHORIZER_MEMORY_MB.dashed,
            ),
        ] {
            if given && !lambda {
                return Err(Error::needs(
                    flag,
                    "needs --authorizer lambda or lambda-cached as well (it prices the authorizer function)",
                ));
            }
        }
        if self.monthly_active_users.is_some() && x.authorizer != Some(Authorizer::Cognito) {
            return Err(Error::needs(
                inputs::MONTHLY_ACTIVE_USERS.dashed,
                "needs --authorizer cognito as well (Cognito user pools bill per monthly active user)",
            ));
        }
        Ok(Around {
            authorizer,
            logs: self.logs()?,
            xray_sampling: self.xray_sampling,
            private_azs: self.private_azs()?,
            discount: self.discount,
        })
    }

    fn cache(&self) -> Result<AuthorizerCache> {
        let x = &self.access;
        Ok(match (x.authorizer_hit_rate, x.identities) {
            (Some(h), _) => AuthorizerCache::HitRate(h),
            (None, Some(ids)) => {
                let ttl = x.authorizer_ttl.unwrap_or(300);
                if !(1..=3600).contains(&ttl) {
                    return Err(Error::usage(
                        inputs::AUTHORIZER_TTL.dashed,
                        ttl.to_string(),
                        "1 to 3,600 seconds (AWS's maximum; 0 disables the cache: use --authorizer lambda)",
                    ));
                }
                AuthorizerCache::Identities {
                    identities: ids,
                    ttl_s: Decimal::from(ttl),
                }
            }
            (None, None) => AuthorizerCache::Unknown,
        })
    }

    fn logs(&self) -> Result<Option<LogUse>> {
        for (v, flag) in [
            (self.access_log_bytes, inputs::ACCESS_LOG_BYTES.dashed),
            (self.execution_log_bytes, inputs::EXECUTION_LOG_BYTES.dashed),
        ] {
            if v.is_some_and(|b| b > Decimal::from(MAX_LOG_BYTES)) {
                return Err(Error::usage(
                    flag,
                    v.unwrap_or_default().to_string(),
                    "at most 1,048,576 bytes a request (CloudWatch Logs' largest log event is 1 MB)",
                ));
            }
        }
        if let Some(m) = self.log_retention_months {
            if m > Decimal::from(MAX_RETENTION_MONTHS) {
                return Err(Error::usage(
                    inputs::LOG_RETENTION_MONTHS.dashed,
                    m.to_string(),
                    "0 to 120 months (CloudWatch Logs' longest retention setting is 10 years)",
                ));
            }
        }
        if self.access_log_bytes.is_none() && self.execution_log_bytes.is_none() {
            if let Some(flag) = [
                (self.log_class.is_some(), inputs::LOG_CLASS.dashed),
                (
                    self.log_retention_months.is_some(),
                    inputs::LOG_RETENTION_MONTHS.dashed,
                ),
            ]
            .iter()
            .find_map(|(given, f)| given.then_some(*f))
            {
                return Err(Error::needs(
                    flag,
                    "needs --access-log-bytes or --execution-log-bytes as well (the logs it applies to)",
                ));
            }
            return Ok(None);
        }
        Ok(Some(LogUse {
            access_bytes: self.access_log_bytes,
            execution_bytes: self.execution_log_bytes,
            class: self.log_class.unwrap_or_default(),
            retention_months: self.log_retention_months,
        }))
    }

    fn private_azs(&self) -> Result<Option<Decimal>> {
        let private = self.access.endpoint == Some(Endpoint::Private);
        match (private, self.azs) {
            (false, Some(_)) => Err(Error::needs(
                inputs::AZS.dashed,
                "needs --endpoint private as well (the interface VPC endpoint's Availability Zones)",
            )),
            (false, None) => Ok(None),
            (true, None) => Err(Error::needs(
                "--endpoint private",
                "needs --azs N as well (the interface VPC endpoint's Availability Zones, 1 to 6)",
            )),
            (true, Some(n))
                if n < Decimal::ONE || n > Decimal::from(MAX_AZS) || !n.fract().is_zero() =>
            {
                Err(Error::usage(
                    inputs::AZS.dashed,
                    n.to_string(),
                    "1 to 6 Availability Zones",
                ))
            }
            (true, Some(n)) => Ok(Some(n)),
        }
    }
}
