//! The latency model: how much time each option adds to a request, per component and end to end.
//!
//! Each component (gateway overhead, authorizer, Lambda invoke, cold start, client round trip, handler)
//! is a log-normal fitted to its p50 and p99 (`data/latency.json`). Components that happen only
//! sometimes (a cache hit, a cold start, an authorizer cache miss) are drawn as events per request, and
//! the parts are summed by Monte Carlo: sums of log-normals have no closed form, and percentiles do not
//! add. The same seed gives the same result.

pub mod data;
pub mod sim;

use serde::Serialize;

use crate::error::{Error, Field, Result};
use crate::model::api::ApiKind;
pub use data::{Basis, LatencyData};
use sim::{LogNormal, Rng};

/// Where the API's endpoint terminates client connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Endpoint {
    /// In the API's Region (HTTP APIs are Regional only).
    #[default]
    Regional,
    /// At a CloudFront point of presence (REST APIs only), then on to the Region.
    Edge,
}

/// How requests are authorized before the integration runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Authorizer {
    #[default]
    None,
    /// IAM (SigV4) authorization.
    Iam,
    /// A JWT authorizer validated inside the gateway.
    Jwt,
    /// A Lambda authorizer with caching off (every request invokes it).
    Lambda,
    /// A Lambda authorizer with a result cache (TTL): hits skip the invoke.
    LambdaCached,
}

impl Authorizer {
    pub fn name(self) -> &'static str {
        match self {
            Authorizer::None => "none",
            Authorizer::Iam => "iam",
            Authorizer::Jwt => "jwt",
            Authorizer::Lambda => "lambda",
            Authorizer::LambdaCached => "lambda-cached",
        }
    }
}

/// Percentiles in milliseconds as the user gave them (`--handler-ms 20,80`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Given {
    pub p50: f64,
    pub p99: f64,
}

impl Given {
    /// Parses `P50` or `P50,P99` (milliseconds, positive, p99 >= p50).
    pub fn parse(s: &str) -> std::result::Result<Given, String> {
        let num = |t: &str| -> std::result::Result<f64, String> {
            let v: f64 = t
                .trim()
                .trim_end_matches("ms")
                .trim()
                .parse()
                .map_err(|_| format!("'{t}' is not a number of milliseconds"))?;
            if !v.is_finite() || v <= 0.0 {
                return Err(format!("'{t}' must be a positive number of milliseconds"));
            }
            Ok(v)
        };
        let (p50, p99) = match s.split_once(',') {
            Some((a, b)) => (num(a)?, num(b)?),
            None => {
                let v = num(s)?;
                (v, v)
            }
        };
        if p99 < p50 {
            return Err(format!(
                "P50,P99 in milliseconds with p99 >= p50 (got p50 {p50}, p99 {p99})"
            ));
        }
        Ok(Given { p50, p99 })
    }
}

/// Everything a latency estimate depends on.
#[derive(Debug, Clone, PartialEq)]
pub struct LatencyOptions {
    pub api: ApiKind,
    pub endpoint: Endpoint,
    pub authorizer: Authorizer,
    /// Lambda authorizer cache: share of requests answered from it (overrides the TTL estimate).
    pub authorizer_hit_rate: Option<f64>,
    /// Lambda authorizer cache TTL, seconds (300 by default, 3,600 at most).
    pub authorizer_ttl_s: f64,
    /// Distinct identities (tokens) active per TTL window, for the cache-hit estimate.
    pub identities: Option<f64>,
    /// A Lambda function behind the front door.
    pub lambda: bool,
    /// Runtime name for cold starts (`nodejs22.x`, `python3.13`, `go`, `rust`, ...).
    pub runtime: String,
    /// `x86_64` or `arm64`.
    pub arch: String,
    /// Handler time, if known.
    pub handler: Option<Given>,
    /// Share of invocations that start a new execution environment (given).
    pub cold_start_rate: Option<f64>,
    /// Average requests per second (from the monthly volume), when known.
    pub requests_per_second: Option<f64>,
    /// Lambda environments kept busy (at least; raises the derived environment count).
    pub concurrency: Option<f64>,
    /// Share of REST requests served by the stage cache (0 when there is no cache).
    pub cache_hit: f64,
    /// Round trip from the client to where the connection terminates (Region, or PoP for edge).
    pub client_rtt: Option<Given>,
    /// Each request opens a new connection: TCP + TLS 1.3 set-up, two more round trips.
    pub new_connections: bool,
}

impl LatencyOptions {
    /// The defaults for an option: Regional, no authorizer, no backend, no client network.
    pub fn new(api: ApiKind) -> LatencyOptions {
        LatencyOptions {
            api,
            endpoint: Endpoint::Regional,
            authorizer: Authorizer::None,
            authorizer_hit_rate: None,
            authorizer_ttl_s: 300.0,
            identities: None,
            lambda: false,
            runtime: "nodejs22.x".into(),
            arch: "x86_64".into(),
            handler: None,
            cold_start_rate: None,
            requests_per_second: None,
            concurrency: None,
            cache_hit: 0.0,
            client_rtt: None,
            new_connections: false,
        }
    }
}

/// When a component adds its time to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum When {
    Always,
    /// Served from the REST cache.
    CacheHit,
    /// Not served from the cache (the integration runs).
    CacheMiss,
    /// A cache miss that also starts a new Lambda environment.
    ColdStart,
    /// The Lambda authorizer's cache did not have the identity.
    AuthMiss,
    AuthHit,
}

/// One part of the added latency.
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    pub key: String,
    pub name: String,
    pub dist: LogNormal,
    /// How many times the drawn value counts (2 for TCP + TLS set-up round trips).
    pub times: f64,
    pub when: When,
    pub basis: Basis,
    pub confidence: String,
    pub sources: Vec<String>,
    pub note: Option<String>,
}

/// The probabilities of the per-request events.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Events {
    pub cache_hit: f64,
    /// Per invocation (cache misses).
    pub cold_start: f64,
    pub authorizer_cache_hit: f64,
}

/// A cold-start rate and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColdStartRate {
    pub rate: f64,
    pub basis: Basis,
    pub how: String,
}

/// The components of one option and the event probabilities.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub api: ApiKind,
    pub components: Vec<Component>,
    pub events: Events,
    pub cold_start: Option<ColdStartRate>,
    /// What the estimate leaves out or assumes, in words.
    pub notes: Vec<String>,
}

/// End-to-end percentiles, ms.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Percentiles {
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub p999_ms: f64,
    pub mean_ms: f64,
}

/// One component in the result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentResult {
    pub key: String,
    pub name: String,
    /// The component's own percentiles when it occurs (the fitted log-normal × times).
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Share of requests it occurs in.
    pub probability: f64,
    /// Its mean contribution per request, ms.
    pub mean_ms: f64,
    /// Its share of the end-to-end mean (shares sum to 1).
    pub share: f64,
    pub basis: Basis,
    pub confidence: String,
    pub sources: Vec<String>,
    pub note: Option<String>,
}

/// The simulated added latency of one option.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LatencyResult {
    pub api: ApiKind,
    pub samples: usize,
    pub seed: u64,
    pub end_to_end: Percentiles,
    pub components: Vec<ComponentResult>,
    pub events: Events,
    pub cold_start: Option<ColdStartRate>,
    pub notes: Vec<String>,
}

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
    }
}

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
    }
}

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
    let api = o.api;
    let mut comps = Vec::new();
    let mut notes = Vec::new();

    if o.endpoint == Endpoint::Edge && api != ApiKind::Rest {
        return Err(Error::invalid(
            Field::Endpoint,
            "edge",
            format!(
                "regional for the {} (only REST APIs have edge-optimized endpoints)",
                api.title()
            ),
        ));
    }
    let allowed: &[Authorizer] = match api {
        ApiKind::Rest | ApiKind::Http => &[
            Authorizer::None,
            Authorizer::Iam,
            Authorizer::Jwt,
            Authorizer::Lambda,
            Authorizer::LambdaCached,
        ],
        // WebSocket authorizers run on $connect only; ALB authenticates in listener rules.
        ApiKind::WebSocket | ApiKind::Alb => &[Authorizer::None],
        ApiKind::FunctionUrl => &[Authorizer::None, Authorizer::Iam],
    };
    if !allowed.contains(&o.authorizer) {
        let why = match api {
            ApiKind::WebSocket => "WebSocket authorizers run once on $connect, not per message",
            ApiKind::Alb => {
                "an ALB authenticates with listener rules (OIDC, Cognito), not modelled here"
            }
            _ => "Function URLs support IAM auth or none",
        };
        return Err(Error::invalid(
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
        ));
    }

    // The client's network, when given.
    if let Some(rtt) = o.client_rtt {
        let to = if o.endpoint == Endpoint::Edge {
            "the CloudFront PoP"
        } else {
            "the Region"
        };
        comps.push(given(
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
            comps.push(c);
        }
    } else {
        notes.push(
            "client network and TLS set-up excluded (give --client-rtt-ms to include them)".into(),
        );
    }

    // Authorization runs before the cache and the integration.
    let mut auth_hit = 0.0;
    match o.authorizer {
        Authorizer::None => {}
        Authorizer::Iam => comps.push(component(data, "authorizer.iam", When::Always)),
        Authorizer::Jwt => {
            let mut c = component(data, "authorizer.jwt", When::Always);
            c.note = Some("a signing-key cache miss (about hourly per issuer) can add up to the 1,500 ms JWKS timeout; not sampled".into());
            comps.push(c);
        }
        Authorizer::Lambda => {
            comps.push(component(data, "authorizer.lambda_uncached", When::Always))
        }
        Authorizer::LambdaCached => {
            auth_hit = match (o.authorizer_hit_rate, o.identities, o.requests_per_second) {
                (Some(h), _, _) => check_rate(Field::AuthorizerHitRate, h)?,
                (None, Some(ids), Some(rps)) => {
                    if !(1.0..=3600.0).contains(&o.authorizer_ttl_s) {
                        return Err(Error::invalid(
                            Field::AuthorizerTtl,
                            o.authorizer_ttl_s.to_string(),
                            "1 to 3,600 seconds (AWS's maximum; 0 disables the cache: use --authorizer lambda)",
                        ));
                    }
                    let per_window = rps * o.authorizer_ttl_s;
                    let h = if per_window > 0.0 { (1.0 - ids / per_window).max(0.0) } else { 0.0 };
                    notes.push(format!(
                        "authorizer cache hits {:.1}% = 1 - {ids} identities / ({rps:.2} req/s x {} s TTL)",
                        h * 100.0,
                        o.authorizer_ttl_s
                    ));
                    h
                }
                _ => {
                    return Err(Error::invalid(
                        Field::Authorizer,
                        "lambda-cached",
                        "a cache-hit share: --authorizer-hit-rate RATE, or --identities N with a volume (--requests or --rps) and --authorizer-ttl (default 300 s)",
                    ))
                }
            };
            comps.push(component(
                data,
                "authorizer.lambda_uncached",
                When::AuthMiss,
            ));
            comps.push(component(
                data,
                "authorizer.lambda_cache_hit",
                When::AuthHit,
            ));
        }
    }

    // The front door.
    let cache_hit = if api == ApiKind::Rest {
        check_rate(Field::CacheHit, o.cache_hit)?
    } else {
        0.0
    };
    let gateway = match api {
        ApiKind::Rest => "gateway.rest",
        ApiKind::Http => "gateway.http",
        ApiKind::WebSocket => "gateway.websocket",
        ApiKind::Alb => "gateway.alb",
        ApiKind::FunctionUrl => "gateway.function_url",
    };
    if o.endpoint == Endpoint::Edge {
        comps.push(component(data, "gateway.edge_hop", When::Always));
    }
    let integration = if cache_hit > 0.0 {
        comps.push(component(data, "gateway.rest_cache_hit", When::CacheHit));
        When::CacheMiss
    } else {
        When::Always
    };
    comps.push(component(data, gateway, integration));

    // The backend.
    let mut cold = None;
    if o.lambda {
        comps.push(component(data, "lambda.invoke", integration));
        match o.handler {
            Some(h) => comps.push(given("lambda.handler", "Lambda handler", h, integration)),
            None => notes.push(
                "handler time excluded (give --handler-ms P50[,P99] or --duration-ms)".into(),
            ),
        }
        let (rt_name, rt) = data.runtime(&o.arch, &o.runtime)?;
        let init = &data.cold_start_init;
        comps.push(Component {
            key: "lambda.cold_init".into(),
            name: format!("Cold start: Init Duration ({rt_name}, {})", o.arch),
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
        });
        comps.push(component(data, "lambda.cold_extra", When::ColdStart));
        cold = Some(cold_start_rate(data, o)?);
    } else if api == ApiKind::FunctionUrl || api == ApiKind::Alb {
        notes.push(
            "the Lambda function's own invoke and handler time excluded (add --backend lambda)"
                .into(),
        );
    }

    Ok(Scenario {
        api,
        components: comps,
        events: Events {
            cache_hit,
            cold_start: cold.as_ref().map(|c| c.rate).unwrap_or(0.0),
            authorizer_cache_hit: auth_hit,
        },
        cold_start: cold,
        notes,
    })
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
                    "exp(-({rps:.4} req/s / {envs} environments) x {idle_s} s idle lifetime) [{}]; steady production is {} [{}]",
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

/// Draws `samples` requests and reports percentiles end to end and each component's share.
pub fn simulate(s: &Scenario, samples: usize, seed: u64) -> Result<LatencyResult> {
    if samples == 0 {
        return Err(Error::invalid(Field::Samples, "0", "at least 1 sample"));
    }
    // Fixed-size chunks, each with its own generator seeded from (seed, chunk): the result is the same
    // whatever the number of threads that run them.
    let mut totals = vec![0.0f64; samples];
    let chunks: Vec<&mut [f64]> = totals.chunks_mut(CHUNK).collect();
    let n_chunks = chunks.len();
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, n_chunks);
    let mut sums_per_chunk: Vec<Vec<f64>> = vec![Vec::new(); n_chunks];
    {
        let mut work: Vec<(usize, &mut [f64], &mut Vec<f64>)> = chunks
            .into_iter()
            .zip(sums_per_chunk.iter_mut())
            .enumerate()
            .map(|(i, (c, s))| (i, c, s))
            .collect();
        let per_thread = n_chunks.div_ceil(threads);
        std::thread::scope(|scope| {
            let mut rest = work.as_mut_slice();
            while !rest.is_empty() {
                let take = per_thread.min(rest.len());
                let (mine, others) = rest.split_at_mut(take);
                rest = others;
                scope.spawn(move || {
                    for (i, out, sums) in mine.iter_mut() {
                        **sums = run_chunk(s, seed, *i as u64, out);
                    }
                });
            }
        });
    }
    let mut sums = vec![0.0f64; s.components.len()];
    for chunk in &sums_per_chunk {
        for (t, v) in sums.iter_mut().zip(chunk) {
            *t += v;
        }
    }
    let n = samples as f64;
    let mean = totals.iter().sum::<f64>() / n;
    let [p50, p90, p99, p999] = quantiles(&mut totals, [0.50, 0.90, 0.99, 0.999]);
    let end_to_end = Percentiles {
        p50_ms: p50,
        p90_ms: p90,
        p99_ms: p99,
        p999_ms: p999,
        mean_ms: mean,
    };
    let e = s.events;
    let probability = |w: When| match w {
        When::Always => 1.0,
        When::CacheHit => e.cache_hit,
        When::CacheMiss => 1.0 - e.cache_hit,
        When::ColdStart => (1.0 - e.cache_hit) * e.cold_start,
        When::AuthMiss => 1.0 - e.authorizer_cache_hit,
        When::AuthHit => e.authorizer_cache_hit,
    };
    let components = s
        .components
        .iter()
        .zip(&sums)
        .map(|(c, sum)| ComponentResult {
            key: c.key.clone(),
            name: c.name.clone(),
            p50_ms: c.dist.p50() * c.times,
            p99_ms: c.dist.p99() * c.times,
            probability: probability(c.when),
            mean_ms: sum / n,
            share: if mean > 0.0 { sum / n / mean } else { 0.0 },
            basis: c.basis,
            confidence: c.confidence.clone(),
            sources: c.sources.clone(),
            note: c.note.clone(),
        })
        .collect();
    Ok(LatencyResult {
        api: s.api,
        samples,
        seed,
        end_to_end,
        components,
        events: s.events,
        cold_start: s.cold_start.clone(),
        notes: s.notes.clone(),
    })
}

/// Samples per generator stream.
const CHUNK: usize = 1 << 16;

/// Draws `out.len()` requests with the stream of chunk `chunk`; returns each component's sum.
fn run_chunk(s: &Scenario, seed: u64, chunk: u64, out: &mut [f64]) -> Vec<f64> {
    let mut rng = Rng::new(seed ^ chunk.wrapping_mul(0xD1B5_4A32_D192_ED03));
    let mut sums = vec![0.0f64; s.components.len()];
    let e = s.events;
    for slot in out.iter_mut() {
        let hit = e.cache_hit > 0.0 && rng.uniform() < e.cache_hit;
        let cold = !hit && e.cold_start > 0.0 && rng.uniform() < e.cold_start;
        let auth_hit = e.authorizer_cache_hit > 0.0 && rng.uniform() < e.authorizer_cache_hit;
        let mut total = 0.0;
        for (c, sum) in s.components.iter().zip(sums.iter_mut()) {
            let on = match c.when {
                When::Always => true,
                When::CacheHit => hit,
                When::CacheMiss => !hit,
                When::ColdStart => cold,
                When::AuthMiss => !auth_hit,
                When::AuthHit => auth_hit,
            };
            if on {
                let v = c.dist.at(rng.normal()) * c.times;
                total += v;
                *sum += v;
            }
        }
        *slot = total;
    }
    sums
}

/// Several quantiles (ascending) with one selection each on the part above the previous one.
fn quantiles<const N: usize>(samples: &mut [f64], qs: [f64; N]) -> [f64; N] {
    let n = samples.len();
    let mut out = [f64::NAN; N];
    let mut lo = 0;
    for (k, q) in qs.iter().enumerate() {
        // Nearest rank; quantiles are ascending, so the rank never falls below the previous one.
        let rank = (((q * n as f64).ceil() as usize).clamp(1, n) - 1).max(lo);
        out[k] = quantile_at(&mut samples[lo..], rank - lo);
        lo = rank;
    }
    out
}

fn quantile_at(samples: &mut [f64], index: usize) -> f64 {
    let (_, v, _) = samples.select_nth_unstable_by(index, f64::total_cmp);
    *v
}

/// Scenario and simulation in one call.
pub fn estimate(
    data: &LatencyData,
    o: &LatencyOptions,
    samples: usize,
    seed: u64,
) -> Result<LatencyResult> {
    simulate(&scenario(data, o)?, samples, seed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data() -> LatencyData {
        LatencyData::embedded().unwrap()
    }

    #[test]
    fn http_defaults_add_about_ten_ms_at_p99() {
        let r = estimate(&data(), &LatencyOptions::new(ApiKind::Http), 200_000, 1).unwrap();
        assert!(
            (r.end_to_end.p99_ms - 10.0).abs() < 0.3,
            "{:?}",
            r.end_to_end
        );
        assert!(
            (r.end_to_end.p50_ms - 4.0).abs() < 0.1,
            "{:?}",
            r.end_to_end
        );
        let rest = estimate(&data(), &LatencyOptions::new(ApiKind::Rest), 200_000, 1).unwrap();
        assert!(rest.end_to_end.p99_ms > r.end_to_end.p99_ms * 3.0);
    }

    #[test]
    fn shares_sum_to_one() {
        let mut o = LatencyOptions::new(ApiKind::Rest);
        o.authorizer = Authorizer::Lambda;
        o.lambda = true;
        o.handler = Some(Given {
            p50: 20.0,
            p99: 80.0,
        });
        o.cold_start_rate = Some(0.02);
        let r = estimate(&data(), &o, 50_000, 3).unwrap();
        let total: f64 = r.components.iter().map(|c| c.share).sum();
        assert!((total - 1.0).abs() < 1e-9, "{total}");
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
