//! The latency model: how much time each option adds to a request, per component and end to end.
//!
//! Each component (gateway overhead, authorizer, Lambda invoke, cold start, client round trip, handler)
//! is a log-normal fitted to its p50 and p99 (`data/latency.json`). Components that happen only
//! sometimes (a cache hit, a cold start, an authorizer cache miss) are drawn as events per request, and
//! the parts are summed by Monte Carlo: sums of log-normals have no closed form, and percentiles do not
//! add. The same seed gives the same result.
//!
//! This module holds the options (`LatencyOptions`), the scenario and result types and the Monte Carlo
//! driver (`simulate`, `estimate`). The scenario builder (options to components and event
//! probabilities, and the cold-start rate) is in `scenario`, the data file in `data`, the log-normal
//! and the random generator in `sim`.

pub mod data;
pub mod grid;
mod scenario;
pub mod sim;

use serde::Serialize;

use crate::error::{Error, Field, Result};
use crate::model::api::ApiKind;
use crate::model::workload::Arch;
pub use data::{Basis, LatencyData};
pub use scenario::{cold_start_rate, scenario};
use sim::{LogNormal, Rng};

/// The key of the Lambda handler's component (the time the user gave for it).
pub const HANDLER: &str = "lambda.handler";

/// Where the API's endpoint terminates client connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Endpoint {
    /// In the API's Region (HTTP APIs are Regional only).
    #[default]
    Regional,
    /// At a CloudFront point of presence (REST APIs only), then on to the Region.
    Edge,
    /// A private REST API, reached from a VPC through interface VPC endpoints (`--azs N`); its latency
    /// is modelled as a regional endpoint's.
    Private,
}

impl Endpoint {
    /// The CLI's and the profile's name (`regional`, `edge`, `private`).
    pub fn name(self) -> &'static str {
        match self {
            Endpoint::Regional => "regional",
            Endpoint::Edge => "edge",
            Endpoint::Private => "private",
        }
    }
}

/// How requests are authorized before the integration runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
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
    /// A Cognito user pool: its tokens are JWTs checked inside the gateway (latency as `jwt`), billed
    /// per monthly active user.
    Cognito,
}

impl Authorizer {
    pub fn name(self) -> &'static str {
        match self {
            Authorizer::None => "none",
            Authorizer::Iam => "iam",
            Authorizer::Jwt => "jwt",
            Authorizer::Lambda => "lambda",
            Authorizer::LambdaCached => "lambda-cached",
            Authorizer::Cognito => "cognito",
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
    /// Parses `P50` or `P50,P99` (milliseconds, positive, p99 >= p50), within the bounds the data
    /// file's figures keep (`data::MIN_MS` to `data::MAX_MS`, p99 at most `data::MAX_SPREAD` x p50).
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
            if !(data::MIN_MS..=data::MAX_MS).contains(&v) {
                return Err(format!(
                    "'{t}' must be {} to {} milliseconds (one hour)",
                    data::MIN_MS,
                    data::MAX_MS
                ));
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
        if p99 > p50 * data::MAX_SPREAD {
            return Err(format!(
                "P50,P99 in milliseconds with p99 at most {} x p50 (got p50 {p50}, p99 {p99})",
                data::MAX_SPREAD
            ));
        }
        Ok(Given { p50, p99 })
    }
}

/// A gateway overhead measured on the API itself (from CloudWatch: `Latency - IntegrationLatency`
/// percentiles), used instead of the data file's figure for that option.
#[derive(Debug, Clone, PartialEq)]
pub struct Measured {
    pub overhead: Given,
    /// Where and when it was measured: `CloudWatch, 2026-11-01 to 2026-11-08`.
    pub source: String,
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
    /// The Lambda architecture (its cold starts are `x86_64` or `arm64` in the data).
    pub arch: Arch,
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
    /// The gateway's own overhead as measured on this API (replaces the data file's figure).
    pub gateway_overhead: Option<Measured>,
    /// `--streaming`: the share of responses streamed and the response size in KB, when given.
    pub streaming: Option<(f64, Option<f64>)>,
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
            arch: Arch::X86,
            handler: None,
            cold_start_rate: None,
            requests_per_second: None,
            concurrency: None,
            cache_hit: 0.0,
            client_rtt: None,
            new_connections: false,
            gateway_overhead: None,
            streaming: None,
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
    /// Measured on this API, not in the data file: where and when (`CloudWatch, 2026-11-01 to ...`).
    pub measured_by: Option<String>,
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
    /// Measured on this API: where and when (see [`Component::measured_by`]).
    pub measured_by: Option<String>,
}

impl ComponentResult {
    /// The basis as shown: `measured`, or `measured (CloudWatch, 2026-11-01 to 2026-11-08)` for a
    /// figure measured on the API itself.
    pub fn basis_label(&self) -> String {
        match &self.measured_by {
            Some(m) => format!("{} ({m})", self.basis.name()),
            None => self.basis.name().to_string(),
        }
    }
}

/// How the end-to-end percentiles were computed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Monte Carlo with `samples` draws from `seed`.
    MonteCarlo,
    /// Numerical convolution on a grid of `cells` cells (0: closed forms only), the two resolutions
    /// within `difference_ms` of each other (see `grid`).
    Grid { cells: usize, difference_ms: f64 },
}

/// The added latency of one option.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LatencyResult {
    pub api: ApiKind,
    pub method: Method,
    /// Monte Carlo samples and seed (as asked; unused by `Method::Grid`).
    pub samples: usize,
    pub seed: u64,
    pub end_to_end: Percentiles,
    pub components: Vec<ComponentResult>,
    pub events: Events,
    pub cold_start: Option<ColdStartRate>,
    pub notes: Vec<String>,
    /// With a handler time given: the same estimate without the handler, the overhead of the gateway
    /// and the platform alone (the handler is the user's own time, reported apart).
    pub without_handler: Option<Percentiles>,
}

impl LatencyResult {
    /// The Lambda handler's own p99 in milliseconds, when the estimate includes the handler (a Lambda
    /// backend with a handler time).
    pub fn handler_p99_ms(&self) -> Option<f64> {
        self.components
            .iter()
            .find(|c| c.key == HANDLER)
            .map(|c| c.p99_ms)
    }
}

/// Draws `samples` requests and reports percentiles end to end and each component's share.
pub fn simulate(s: &Scenario, samples: usize, seed: u64) -> Result<LatencyResult> {
    if samples == 0 {
        return Err(Error::invalid(Field::Samples, "0", "at least 1 sample"));
    }
    let (mut totals, sums) = draw(s, samples, seed);
    let n = samples as f64;
    let mean = totals.iter().sum::<f64>() / n;
    let [p50, p90, p99, p999] = quantiles(&mut totals, [0.50, 0.90, 0.99, 0.999]);
    // The data's bounds keep every draw finite; should a component still overflow, say so rather than
    // print `inf ms` or `NaN%`.
    if let Some(c) = s
        .components
        .iter()
        .zip(&sums)
        .find(|(c, sum)| !sum.is_finite() || !c.dist.p99().is_finite())
        .map(|(c, _)| c)
    {
        return Err(Error::Other(format!(
            "the latency of {} ({}) is too large to simulate: its figures must stay within {} to {} ms",
            c.name,
            c.key,
            data::MIN_MS,
            data::MAX_MS
        )));
    }
    if ![p50, p90, p99, p999, mean].iter().all(|v| v.is_finite()) {
        return Err(Error::Other(
            "the simulated latency is not a finite number of milliseconds".into(),
        ));
    }
    let end_to_end = Percentiles {
        p50_ms: p50,
        p90_ms: p90,
        p99_ms: p99,
        p999_ms: p999,
        mean_ms: mean,
    };
    let means: Vec<f64> = sums.iter().map(|sum| sum / n).collect();
    Ok(result(
        s,
        Method::MonteCarlo,
        samples,
        seed,
        end_to_end,
        &means,
    ))
}

/// The share of requests a component occurs in.
fn probability(e: Events, w: When) -> f64 {
    match w {
        When::Always => 1.0,
        When::CacheHit => e.cache_hit,
        When::CacheMiss => 1.0 - e.cache_hit,
        When::ColdStart => (1.0 - e.cache_hit) * e.cold_start,
        When::AuthMiss => 1.0 - e.authorizer_cache_hit,
        When::AuthHit => e.authorizer_cache_hit,
    }
}

/// The result from the end-to-end percentiles and each component's mean contribution per request.
fn result(
    s: &Scenario,
    method: Method,
    samples: usize,
    seed: u64,
    end_to_end: Percentiles,
    means: &[f64],
) -> LatencyResult {
    let mean = end_to_end.mean_ms;
    let components = s
        .components
        .iter()
        .zip(means)
        .map(|(c, m)| ComponentResult {
            key: c.key.clone(),
            name: c.name.clone(),
            p50_ms: c.dist.p50() * c.times,
            p99_ms: c.dist.p99() * c.times,
            probability: probability(s.events, c.when),
            mean_ms: *m,
            share: if mean > 0.0 { m / mean } else { 0.0 },
            basis: c.basis,
            confidence: c.confidence.clone(),
            sources: c.sources.clone(),
            note: c.note.clone(),
            measured_by: c.measured_by.clone(),
        })
        .collect();
    LatencyResult {
        api: s.api,
        method,
        samples,
        seed,
        end_to_end,
        components,
        events: s.events,
        cold_start: s.cold_start.clone(),
        notes: s.notes.clone(),
        without_handler: None,
    }
}

/// The added latency without sampling (`grid`): exact means, percentiles by numerical convolution.
/// Falls back to the Monte Carlo of `samples` draws from `seed` when the grid cannot resolve the
/// scenario within its tolerance or a figure is not finite.
pub fn evaluate(s: &Scenario, samples: usize, seed: u64) -> Result<LatencyResult> {
    let means: Vec<f64> = s
        .components
        .iter()
        .map(|c| probability(s.events, c.when) * c.dist.mean() * c.times)
        .collect();
    let mean: f64 = means.iter().sum();
    let finite = means.iter().all(|m| m.is_finite())
        && s.components.iter().all(|c| c.dist.p99().is_finite());
    match grid::percentiles(s) {
        Some(g) if finite && g.p.iter().all(|v| v.is_finite()) => {
            let [p50, p90, p99, p999] = g.p;
            let end_to_end = Percentiles {
                p50_ms: p50,
                p90_ms: p90,
                p99_ms: p99,
                p999_ms: p999,
                mean_ms: mean,
            };
            let method = Method::Grid {
                cells: g.cells,
                difference_ms: g.difference_ms,
            };
            Ok(result(s, method, samples, seed, end_to_end, &means))
        }
        _ => simulate(s, samples, seed),
    }
}

/// Draws `samples` requests in fixed-size chunks spread over the available threads; returns each
/// request's total and each component's sum over all requests.
fn draw(s: &Scenario, samples: usize, seed: u64) -> (Vec<f64>, Vec<f64>) {
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
    (totals, sums)
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
    let s = scenario(data, o)?;
    let mut r = simulate(&s, samples, seed)?;
    if s.components.iter().any(|c| c.key == HANDLER) {
        let mut overhead = s.clone();
        overhead.components.retain(|c| c.key != HANDLER);
        r.without_handler = Some(simulate(&overhead, samples, seed)?.end_to_end);
    }
    Ok(r)
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
    fn the_handler_p99_is_found_by_its_key() {
        let mut o = LatencyOptions::new(ApiKind::Http);
        let r = estimate(&data(), &o, 1_000, 1).unwrap();
        assert_eq!(r.handler_p99_ms(), None);
        o.lambda = true;
        o.handler = Some(Given {
            p50: 20.0,
            p99: 80.0,
        });
        let r = estimate(&data(), &o, 1_000, 1).unwrap();
        let p99 = r.handler_p99_ms().unwrap();
        assert!((p99 - 80.0).abs() < 1e-6, "{p99}");
    }

    #[test]
    fn given_percentiles_stay_within_the_data_bounds() {
        assert!(Given::parse("20,80").is_ok());
        for bad in [
            "1e-300,1e300",
            "0.0001",
            "4000000",
            "1,5000",
            "nan",
            "inf",
            "-1",
        ] {
            assert!(Given::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_component_that_overflows_is_an_error_not_inf() {
        let mut s = scenario(&data(), &LatencyOptions::new(ApiKind::Http)).unwrap();
        s.components[0].dist = LogNormal::from_p50_p99(1e-300, 1e300);
        let e = simulate(&s, 10_000, 1).unwrap_err().to_string();
        assert!(e.contains("gateway.http") && e.contains("too large"), "{e}");
    }
}
