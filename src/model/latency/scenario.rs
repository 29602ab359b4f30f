//! The scenario builder: turns `LatencyOptions` into the components of one option's added latency and
//! the probabilities of the per-request events, in request order: the client's network, the
//! authorizer, the front door (edge hop, REST stage cache, gateway), then the Lambda backend (invoke,
//! handler, cold start). Also the cold-start rate (given, derived from traffic, or AWS's figure).
//! Combinations that cannot exist are usage errors.

use super::data::{arch_key, Basis, LatencyData};
use super::sim::LogNormal;
use super::{
    Authorizer, ColdStartRate, Component, Endpoint, Events, Given, LatencyOptions, Scenario, When,
    HANDLER,
};
use crate::error::{Error, Field, Result};
use crate::model::api::ApiKind;

/// A component with the data file's figures for `key`.
fn component(data: &LatencyData, key: &str, when: When) -> Component {
    let f = data.component(key);
    Component {
        key: key.to_string(),
        name: f.title.clone(),
        dist: LogNormal::from_p50_p99(f.p50_ms, f.p99_ms),
        times: 1.0,
        when,
        basis: f.basis,
        confidence: f.confidence.clone(),
        sources: f.sources.clone(),
        note: None,
        measured_by: None,
    }
}

/// A component with percentiles the user gave.
fn given(key: &str, name: &str, g: Given, when: When) -> Component {
    Component {
        key: key.to_string(),
        name: name.to_string(),
        dist: LogNormal::from_p50_p99(g.p50, g.p99),
        times: 1.0,
        when,
        basis: Basis::UserInput,
        confidence: "-".into(),
        sources: vec![],
        note: None,
        measured_by: None,
    }
}

/// The gateway's overhead as measured on the API itself (CloudWatch), in place of the data file's.
fn measured_gateway(api: ApiKind, key: &str, m: &super::Measured, when: When) -> Component {
    Component {
        key: key.to_string(),
        name: format!("{} gateway overhead (this API, measured)", api.title()),
        dist: LogNormal::from_p50_p99(m.overhead.p50, m.overhead.p99),
        times: 1.0,
        when,
        basis: Basis::Measured,
        confidence: "this API".into(),
        sources: vec!["CloudWatch AWS/ApiGateway Latency - IntegrationLatency".into()],
        note: Some(
            "p50 and p99 of Latency minus those of IntegrationLatency: a difference of percentiles, not the percentile of the difference (an approximation)"
                .into(),
        ),
        measured_by: Some(m.source.clone()),
    }
}

/// A share between 0 and 1, or a usage error naming `field`.
fn check_rate(field: Field, v: f64) -> Result<f64> {
    if !(0.0..=1.0).contains(&v) || !v.is_finite() {
        return Err(Error::invalid(
            field,
            v.to_string(),
            "a share between 0 and 1 (or 0% to 100%)",
        ));
    }
    Ok(v)
}

/// Builds the components of one option. Combinations that cannot exist (an edge-optimized HTTP API, a
/// JWT authorizer on a Function URL) are usage errors naming the option and what it supports.
pub fn scenario(data: &LatencyData, o: &LatencyOptions) -> Result<Scenario> {
    check_endpoint(o)?;
    check_authorizer(o)?;
    let mut b = Builder {
        data,
        o,
        components: Vec::new(),
        notes: Vec::new(),
    };
    b.client_network();
    // Authorization runs before the cache and the integration.
    let authorizer_cache_hit = b.authorizer()?;
    let cache_hit = if o.api == ApiKind::Rest {
        check_rate(Field::CacheHit, o.cache_hit)?
    } else {
        0.0
    };
    let integration = b.front_door(cache_hit);
    let cold = b.backend(integration)?;
    b.streaming();
    Ok(Scenario {
        api: o.api,
        components: b.components,
        events: Events {
            cache_hit,
            cold_start: cold.as_ref().map(|c| c.rate).unwrap_or(0.0),
            authorizer_cache_hit,
        },
        cold_start: cold,
        notes: b.notes,
    })
}

/// Only REST APIs have edge-optimized endpoints.
fn check_endpoint(o: &LatencyOptions) -> Result<()> {
    if o.endpoint == Endpoint::Edge && o.api != ApiKind::Rest {
        return Err(Error::invalid(
            Field::Endpoint,
            "edge",
            format!(
                "regional for the {} (only REST APIs have edge-optimized endpoints)",
                o.api.title()
            ),
        ));
    }
    Ok(())
}

/// The authorizers an option supports per request.
fn allowed_authorizers(api: ApiKind) -> &'static [Authorizer] {
    match api {
        ApiKind::Rest | ApiKind::Http | ApiKind::HttpCloudFrontWaf | ApiKind::HttpCloudFront => &[
            Authorizer::None,
            Authorizer::Iam,
            Authorizer::Jwt,
            Authorizer::Lambda,
            Authorizer::LambdaCached,
            Authorizer::Cognito,
        ],
        // WebSocket authorizers run on $connect only; ALB authenticates in listener rules.
        ApiKind::WebSocket | ApiKind::Alb => &[Authorizer::None],
        ApiKind::FunctionUrl => &[Authorizer::None, Authorizer::Iam],
    }
}

/// The authorizer must be one the option supports; the error says which and why.
fn check_authorizer(o: &LatencyOptions) -> Result<()> {
    let api = o.api;
    let allowed = allowed_authorizers(api);
    if allowed.contains(&o.authorizer) {
        return Ok(());
    }
    let why = match api {
        ApiKind::WebSocket => "WebSocket authorizers run once on $connect, not per message",
        ApiKind::Alb => {
            "an ALB authenticates with listener rules (OIDC, Cognito), not modelled here"
        }
        _ => "Function URLs support IAM auth or none",
    };
    Err(Error::invalid(
        Field::Authorizer,
        o.authorizer.name(),
        format!(
            "one of {} for the {} ({why})",
            allowed
                .iter()
                .map(|a| a.name())
                .collect::<Vec<_>>()
                .join(", "),
            api.title()
        ),
    ))
}

/// The components and notes of one option as they are added, in request order.
struct Builder<'a> {
    data: &'a LatencyData,
    o: &'a LatencyOptions,
    components: Vec<Component>,
    notes: Vec<String>,
}

impl Builder<'_> {
    /// Streamed responses: the percentiles are the time to first byte; the body follows at the
    /// documented rate. Options that cannot stream say so.
    fn streaming(&mut self) {
        let Some((share, size_kb)) = self.o.streaming.filter(|(s, _)| *s > 0.0) else {
            return;
        };
        let pct = share * 100.0;
        match self.o.api {
            ApiKind::Rest => {}
            ApiKind::FunctionUrl => {
                self.notes.push(format!(
                    "streamed responses ({pct}%): a Function URL streams through Lambda (LAMBDA-URL-STREAM-DOC); the percentiles are the time to first byte"
                ));
                return;
            }
            k => {
                self.notes.push(format!(
                    "{} cannot stream responses: the whole response is buffered before its first byte (the {pct}% asked to stream are not)",
                    k.title()
                ));
                return;
            }
        }
        let Some(st) = &self.data.rest_streaming else {
            self.notes.push(format!(
                "streamed responses ({pct}%): the percentiles are the time to first byte"
            ));
            return;
        };
        let body = match size_kb.map(|kb| kb / 1024.0) {
            Some(mb) if mb > st.unthrottled_first_mb && st.throttle_after_mb_per_s > 0.0 => {
                let s = (mb - st.unthrottled_first_mb) / st.throttle_after_mb_per_s;
                format!(
                    "; a {mb:.1} MB stream then takes at least {s:.1} s more (the first {} MB unthrottled, then {} MB/s)",
                    st.unthrottled_first_mb, st.throttle_after_mb_per_s
                )
            }
            _ => format!(
                "; the body follows (the first {} MB unthrottled, then {} MB/s)",
                st.unthrottled_first_mb, st.throttle_after_mb_per_s
            ),
        };
        self.notes.push(format!(
            "streamed responses ({pct}%): the percentiles are the time to first byte, not the whole response{body} ({})",
            st.sources.join(", ")
        ));
    }

    fn push(&mut self, key: &str, when: When) {
        self.components.push(component(self.data, key, when));
    }

    /// The client's round trip to where the connection terminates and, for new connections, the TCP +
    /// TLS set-up; a note when no round trip is given.
    fn client_network(&mut self) {
        let o = self.o;
        let Some(rtt) = o.client_rtt else {
            self.notes.push(
                "client network and TLS set-up excluded (give --client-rtt-ms to include them)"
                    .into(),
            );
            return;
        };
        let to = if o.endpoint == Endpoint::Edge {
            "the CloudFront PoP"
        } else {
            "the Region"
        };
        self.components.push(given(
            "client.rtt",
            &format!("Client round trip to {to}"),
            rtt,
            When::Always,
        ));
        if o.new_connections {
            let mut c = given(
                "client.connect",
                &format!("Connection set-up to {to} (TCP + TLS 1.3: 2 round trips)"),
                rtt,
                When::Always,
            );
            c.times = 2.0;
            c.note = Some("connection_model in the latency reference: (1 TCP + 1 TLS 1.3) round trips; 0 with keep-alive".into());
            self.components.push(c);
        }
    }

    /// The authorizer's components; returns the share of requests its cache answers (0 without a
    /// Lambda authorizer cache).
    fn authorizer(&mut self) -> Result<f64> {
        match self.o.authorizer {
            Authorizer::None => {}
            Authorizer::Iam => self.push("authorizer.iam", When::Always),
            Authorizer::Jwt | Authorizer::Cognito => {
                let mut c = component(self.data, "authorizer.jwt", When::Always);
                c.note = Some("a signing-key cache miss (about hourly per issuer) can add up to the 1,500 ms JWKS timeout; not sampled".into());
                self.components.push(c);
            }
            Authorizer::Lambda => self.push("authorizer.lambda_uncached", When::Always),
            Authorizer::LambdaCached => {
                let hit = self.authorizer_cache_hit()?;
                self.push("authorizer.lambda_uncached", When::AuthMiss);
                self.push("authorizer.lambda_cache_hit", When::AuthHit);
                return Ok(hit);
            }
        }
        Ok(0.0)
    }

    /// The Lambda authorizer cache's hit share: given, or estimated from the identities active per TTL
    /// window at the request rate (with a note showing the arithmetic).
    fn authorizer_cache_hit(&mut self) -> Result<f64> {
        let o = self.o;
        match (o.authorizer_hit_rate, o.identities, o.requests_per_second) {
            (Some(h), _, _) => check_rate(Field::AuthorizerHitRate, h),
            (None, Some(ids), Some(rps)) => {
                if !(1.0..=3600.0).contains(&o.authorizer_ttl_s) {
                    return Err(Error::invalid(
                        Field::AuthorizerTtl,
                        o.authorizer_ttl_s.to_string(),
                        "1 to 3,600 seconds (AWS's maximum; 0 disables the cache: use --authorizer lambda)",
                    ));
                }
                let per_window = rps * o.authorizer_ttl_s;
                let h = if per_window > 0.0 {
                    (1.0 - ids / per_window).max(0.0)
                } else {
                    0.0
                };
                self.notes.push(format!(
                    "authorizer cache hits {:.1}% = 1 - {ids} identities / ({rps:.2} req/s x {} s TTL)",
                    h * 100.0,
                    o.authorizer_ttl_s
                ));
                Ok(h)
            }
            _ => Err(Error::invalid(
                Field::Authorizer,
                "lambda-cached",
                "a cache-hit share: --authorizer-hit-rate RATE, or --identities N with a volume (--requests or --rps) and --authorizer-ttl (default 300 s)",
            )),
        }
    }

    /// The front door: the edge hop, the REST stage cache and the gateway itself. Returns when the
    /// integration runs (on cache misses when there is a cache, else always).
    fn front_door(&mut self, cache_hit: f64) -> When {
        let gateway = match self.o.api {
            ApiKind::Rest => "gateway.rest",
            ApiKind::Http => "gateway.http",
            ApiKind::WebSocket => "gateway.websocket",
            ApiKind::Alb => "gateway.alb",
            ApiKind::FunctionUrl => "gateway.function_url",
            ApiKind::HttpCloudFrontWaf | ApiKind::HttpCloudFront => "gateway.http",
        };
        // CloudFront in front of an HTTP API adds the same edge hop as an edge-optimized endpoint.
        if self.o.endpoint == Endpoint::Edge || self.o.api.is_cloudfront() {
            self.push("gateway.edge_hop", When::Always);
        }
        let integration = if cache_hit > 0.0 {
            self.push("gateway.rest_cache_hit", When::CacheHit);
            When::CacheMiss
        } else {
            When::Always
        };
        match &self.o.gateway_overhead {
            Some(m) => self
                .components
                .push(measured_gateway(self.o.api, gateway, m, integration)),
            None => self.push(gateway, integration),
        }
        integration
    }

    /// The Lambda backend (invoke, handler, cold start) when there is one; returns its cold-start rate.
    fn backend(&mut self, integration: When) -> Result<Option<ColdStartRate>> {
        let o = self.o;
        if !o.lambda {
            if o.api == ApiKind::FunctionUrl || o.api == ApiKind::Alb {
                self.notes.push(
                    "the Lambda function's own invoke and handler time excluded (add --backend lambda)"
                        .into(),
                );
            }
            return Ok(None);
        }
        self.push("lambda.invoke", integration);
        match o.handler {
            Some(h) => self
                .components
                .push(given(HANDLER, "Lambda handler", h, integration)),
            None => self.notes.push(
                "handler time excluded (give --handler-ms P50[,P99] or --duration-ms)".into(),
            ),
        }
        let init = self.cold_init()?;
        self.components.push(init);
        self.push("lambda.cold_extra", When::ColdStart);
        Ok(Some(cold_start_rate(self.data, o)?))
    }

    /// The Init Duration of the runtime on the architecture (a minimal function's, measured).
    fn cold_init(&self) -> Result<Component> {
        let (data, o) = (self.data, self.o);
        let arch = arch_key(o.arch);
        let (rt_name, rt) = data.runtime(arch, &o.runtime)?;
        let init = &data.cold_start_init;
        Ok(Component {
            key: "lambda.cold_init".into(),
            name: format!("Cold start: Init Duration ({rt_name}, {arch})"),
            dist: LogNormal::from_p50_p99(rt.p50_ms, rt.p99_ms),
            times: 1.0,
            when: When::ColdStart,
            basis: init.basis,
            confidence: init.confidence.clone(),
            sources: init.sources.clone(),
            note: Some(format!(
                "minimal function, n = {}, {}; real functions with dependencies start 2-10x slower",
                rt.n, init.period
            )),
            measured_by: None,
        })
    }
}

/// The cold-start rate: given, derived from traffic, or AWS's steady-state figure.
pub fn cold_start_rate(data: &LatencyData, o: &LatencyOptions) -> Result<ColdStartRate> {
    if let Some(r) = o.cold_start_rate {
        return Ok(ColdStartRate {
            rate: check_rate(Field::ColdStartRate, r)?,
            basis: Basis::UserInput,
            how: "given".into(),
        });
    }
    let cr = &data.cold_start_rate;
    match o.requests_per_second {
        Some(rps) if rps > 0.0 => {
            let busy_s = (o.handler.map(|h| h.p50).unwrap_or(0.0)
                + data.component("lambda.invoke").p50_ms)
                / 1000.0;
            let envs = (rps * busy_s)
                .ceil()
                .max(o.concurrency.unwrap_or(1.0).ceil())
                .max(1.0);
            let idle_s = cr.idle_lifetime_minutes * 60.0;
            let rate = (-(rps / envs) * idle_s).exp();
            Ok(ColdStartRate {
                rate,
                basis: Basis::Derived,
                how: format!(
                    "exp(-({rps:.4} req/s / {envs} environment{}) x {idle_s} s idle lifetime) [{}]; steady production is {} [{}]; no figure for environments recycled under steady load, so at high volume this tends to zero: give --cold-start-rate when you know better",
                    if envs == 1.0 { "" } else { "s" },
                    cr.idle_lifetime_sources.join(", "),
                    cr.steady_production,
                    cr.steady_sources.join(", ")
                ),
            })
        }
        _ => Ok(ColdStartRate {
            rate: 0.01,
            basis: Basis::Assumption,
            how: format!(
                "1% with no volume given: steady production is {} [{}]; give --cold-start-rate or a volume",
                cr.steady_production,
                cr.steady_sources.join(", ")
            ),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> LatencyData {
        LatencyData::embedded().unwrap()
    }

    #[test]
    fn impossible_combinations_are_usage_errors() {
        let mut o = LatencyOptions::new(ApiKind::Http);
        o.endpoint = Endpoint::Edge;
        let e = scenario(&data(), &o).unwrap_err().to_string();
        assert!(e.contains("--endpoint") && e.contains("only REST"), "{e}");
        let mut o = LatencyOptions::new(ApiKind::FunctionUrl);
        o.authorizer = Authorizer::Jwt;
        let e = scenario(&data(), &o).unwrap_err().to_string();
        assert!(e.contains("--authorizer") && e.contains("none, iam"), "{e}");
        let mut o = LatencyOptions::new(ApiKind::Http);
        o.authorizer = Authorizer::LambdaCached;
        let e = scenario(&data(), &o).unwrap_err().to_string();
        assert!(e.contains("--authorizer-hit-rate"), "{e}");
    }

    #[test]
    fn the_derived_cold_start_rate_falls_as_traffic_grows() {
        let d = data();
        let mut o = LatencyOptions::new(ApiKind::Http);
        o.lambda = true;
        let mut last = 2.0;
        for rps in [0.0001, 0.001, 0.003, 0.01, 1.0] {
            o.requests_per_second = Some(rps);
            let c = cold_start_rate(&d, &o).unwrap();
            assert_eq!(c.basis, Basis::Derived);
            assert!(c.rate < last, "{rps}: {}", c.rate);
            last = c.rate;
        }
        // One request every 10 minutes on average: e^-1 of them find the environment gone.
        o.requests_per_second = Some(1.0 / 600.0);
        let c = cold_start_rate(&d, &o).unwrap();
        assert!((c.rate - (-1.0f64).exp()).abs() < 1e-12, "{}", c.rate);
    }

    #[test]
    fn authorizer_cache_hits_from_identities_and_ttl() {
        let mut o = LatencyOptions::new(ApiKind::Http);
        o.authorizer = Authorizer::LambdaCached;
        o.identities = Some(300.0);
        o.requests_per_second = Some(10.0);
        // 10 req/s x 300 s = 3,000 requests per window, 300 identities: 90% hits.
        let s = scenario(&data(), &o).unwrap();
        assert!((s.events.authorizer_cache_hit - 0.9).abs() < 1e-12);
    }
}
