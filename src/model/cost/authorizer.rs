//! The authorizer's own bill: a Lambda authorizer is a Lambda function invoked on every authorizer
//! cache miss (requests + GB-seconds, x86, tiered and free-tier-shared with the backend function of the
//! same account); IAM and JWT authorizers cost nothing beyond the requests; a Cognito user pool bills
//! per monthly active user (`cognito.rs`).

use rust_decimal::{Decimal, RoundingStrategy};

use super::{Builder, Pricer};
use crate::error::{Error, Result};
use crate::model::api::ApiKind;
use crate::model::around::{AuthorizerCache, AuthorizerUse};
use crate::model::free_tier::Allowance;
use crate::model::meter::Meter;
use crate::model::numbers::group;
use crate::model::workload::{Arch, Workload};

pub const AUTHORIZER_REQUESTS: &str = "Lambda authorizer requests";
pub const AUTHORIZER_DURATION: &str = "Lambda authorizer duration (x86)";

/// Requests that reach the API Gateway (and so its authorizer) on `kind`: all of them, except those
/// CloudFront answers from its cache in the CloudFront workaround.
pub(super) fn gateway_requests(kind: ApiKind, w: &Workload) -> Result<Decimal> {
    if !kind.is_cloudfront() {
        return Ok(w.requests);
    }
    Ok(w.requests
        .checked_mul(Decimal::ONE - w.edge.cacheable_share)
        .ok_or_else(|| Error::overflow("requests reaching the HTTP API"))?
        .round_dp_with_strategy(0, RoundingStrategy::ToPositiveInfinity))
}

/// Whether the option authorizes each request with an API Gateway authorizer.
pub(super) fn has_gateway_authorizer(kind: ApiKind) -> bool {
    matches!(
        kind,
        ApiKind::Rest | ApiKind::Http | ApiKind::HttpCloudFrontWaf | ApiKind::HttpCloudFront
    )
}

impl Pricer<'_> {
    /// The authorizer's lines (or notes), if the workload has one.
    pub(super) fn authorizer(
        &self,
        b: &mut Builder,
        kind: ApiKind,
        w: &Workload,
        allowance: &Allowance,
    ) -> Result<()> {
        let Some(a) = &w.around.authorizer else {
            return Ok(());
        };
        if !has_gateway_authorizer(kind) {
            b.not_priced.push("the authorizer");
            b.warnings.push(format!(
                "the authorizer is not priced on the {} (it has no per-request API Gateway authorizer)",
                kind.title()
            ));
            return Ok(());
        }
        let requests = gateway_requests(kind, w)?;
        match a {
            AuthorizerUse::Iam | AuthorizerUse::Jwt => {
                let name = if *a == AuthorizerUse::Iam {
                    "IAM"
                } else {
                    "JWT"
                };
                b.warnings.push(format!(
                    "{name} authorizer: no charge beyond the {} requests (checked inside the gateway)",
                    kind.title()
                ));
                Ok(())
            }
            AuthorizerUse::Cognito {
                monthly_active_users,
            } => self.cognito(b, kind, *monthly_active_users, allowance),
            AuthorizerUse::Lambda {
                cache,
                duration_ms,
                memory_mb,
            } => {
                let (Some(d), Some(m)) = (duration_ms, memory_mb) else {
                    b.warnings.push(
                        "Lambda authorizer invocations not included: give --authorizer-duration-ms \
                         and --authorizer-memory-mb (profile: authorizer_duration_ms, authorizer_memory_mb)"
                            .into(),
                    );
                    return Ok(());
                };
                let Some((invocations, how)) = invocations(requests, cache, w.month)? else {
                    b.warnings.push(
                        "Lambda authorizer invocations not included: a cached authorizer needs \
                         --authorizer-hit-rate or --identities (with --authorizer-ttl)"
                            .into(),
                    );
                    return Ok(());
                };
                self.lambda_authorizer(b, invocations, how, *d, *m, allowance)
            }
        }
    }

    fn lambda_authorizer(
        &self,
        b: &mut Builder,
        invocations: Decimal,
        how: String,
        duration_ms: Decimal,
        memory_mb: Decimal,
        allowance: &Allowance,
    ) -> Result<()> {
        crate::model::limits::check_lambda(memory_mb, duration_ms).map_err(|e| match e {
            Error::Invalid {
                field,
                value,
                expected,
            } => {
                let flag = if field == crate::error::Field::MemoryMb {
                    "--authorizer-memory-mb"
                } else {
                    "--authorizer-duration-ms"
                };
                Error::usage(flag, value, expected)
            }
            e => e,
        })?;
        let lambda = self
            .region
            .lambda
            .as_ref()
            .ok_or_else(|| self.missing("Lambda (the authorizer)", ApiKind::FunctionUrl))?;
        // The account's Lambda usage so far this month (the backend function): tiers and the
        // always-free allowance are the account's, so the authorizer comes after it.
        let used = |meter: Meter, x86_only: bool| -> Decimal {
            b.lines
                .iter()
                .filter(|l| l.meter == meter)
                .filter(|l| !x86_only || l.component.contains(Arch::X86.name()))
                .map(|l| l.quantity)
                .sum()
        };
        let req_before = used(Meter::LambdaRequests, false);
        let gbs_before_all = used(Meter::LambdaGbSeconds, false);
        let gbs_before_x86 = used(Meter::LambdaGbSeconds, true);
        let (free_req, free_gbs) = if allowance.always_free {
            (
                Some((lambda.free_requests - req_before).max(Decimal::ZERO)),
                Some((lambda.free_gb_seconds - gbs_before_all).max(Decimal::ZERO)),
            )
        } else {
            (None, None)
        };
        let free_src = vec!["SRC-APIEVANGELIST-LAMBDA".to_string()];
        b.tiered_after(
            req_before,
            AUTHORIZER_REQUESTS,
            &lambda.requests,
            invocations,
            Some(how),
            free_req,
            free_src.clone(),
        )?;
        let gbs = invocations
            .checked_mul(duration_ms)
            .and_then(|v| v.checked_mul(memory_mb / Decimal::from(1024)))
            .map(|v| v / Decimal::from(1000))
            .ok_or_else(|| Error::overflow("Lambda authorizer GB-seconds"))?;
        let basis = format!(
            "{} invocations x {} ms x {} MB / 1,024 = {} GB-seconds (x86)",
            group(invocations),
            duration_ms.normalize(),
            memory_mb.normalize(),
            group(gbs.round_dp(3))
        );
        b.tiered_after(
            gbs_before_x86,
            AUTHORIZER_DURATION,
            &lambda.gb_seconds_x86,
            gbs,
            Some(basis),
            free_gbs,
            free_src,
        )
    }
}

/// The authorizer's invocations this month and how they were derived, or `None` when a cached
/// authorizer has neither a hit rate nor identities.
/// Identities miss once per TTL window of the month priced (`month`: a calendar month's own seconds,
/// else 730 hours' 2,628,000).
pub fn invocations(
    requests: Decimal,
    cache: &AuthorizerCache,
    month: Option<crate::model::calendar::CalendarMonth>,
) -> Result<Option<(Decimal, String)>> {
    let up = |v: Decimal| v.round_dp_with_strategy(0, RoundingStrategy::ToPositiveInfinity);
    Ok(match cache {
        AuthorizerCache::Off => Some((
            requests,
            format!(
                "one invocation per request ({}; no authorizer cache)",
                group(requests)
            ),
        )),
        AuthorizerCache::HitRate(h) => {
            let n = up(requests
                .checked_mul(Decimal::ONE - h)
                .ok_or_else(|| Error::overflow("authorizer invocations"))?);
            Some((
                n,
                format!(
                    "{} requests x (1 - {}% authorizer cache hits) = {} invocations",
                    group(requests),
                    (h * Decimal::from(100)).normalize(),
                    group(n)
                ),
            ))
        }
        AuthorizerCache::Identities { identities, ttl_s } => {
            let seconds = crate::model::calendar::month_hours(month) * Decimal::from(3600);
            let windows = seconds / ttl_s;
            let misses = up(identities
                .checked_mul(windows)
                .ok_or_else(|| Error::overflow("authorizer invocations"))?);
            let n = misses.min(requests);
            Some((
                n,
                format!(
                    "{} identities x ({} s / {} s TTL) = {} cache misses{}",
                    group(*identities),
                    group(seconds),
                    ttl_s.normalize(),
                    group(misses),
                    if misses > requests {
                        format!(", at most one per request ({})", group(requests))
                    } else {
                        String::new()
                    }
                ),
            ))
        }
        AuthorizerCache::Unknown => None,
    })
}
