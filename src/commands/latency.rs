//! `latency`: added latency percentiles per option and per component (also the data of the latency
//! chart).

use crate::cli::latency::{latency_options, resolve_latency, samples, LatencyScenario};
use crate::cli::load;
use crate::cli::{Global, LatencyArgs, LatencyCmdArgs, TrafficArgs};
use crate::error::Result;
use crate::model::api::ApiKind;
use crate::model::latency;
use crate::model::limits;
use crate::render;
use crate::report::LatencyReport;

pub fn run(g: &Global, a: &LatencyCmdArgs) -> Result<String> {
    render::renderer(g.format).latency(&results(g, &a.api, &a.latency, &a.traffic)?)
}

/// Runs the latency model for each option: the workload from flags and profile, the latency flags
/// filled from the profile's `[latency]` section.
pub fn results(
    g: &Global,
    apis: &[ApiKind],
    latency_args: &LatencyArgs,
    traffic: &TrafficArgs,
) -> Result<LatencyReport> {
    refuse_pricing_flags(traffic)?;
    report(&resolve_latency(g, traffic)?, apis, latency_args)
}

/// The latency report of a resolved scenario.
pub fn report(
    s: &LatencyScenario,
    apis: &[ApiKind],
    latency_args: &LatencyArgs,
) -> Result<LatencyReport> {
    let largs = latency_args.with_profile(s.profile.as_ref())?;
    let data = load::latency_data(largs.latency_data.as_deref())?;
    let mut results = Vec::new();
    // Each option once (`api_list`), so the work is bounded by `--samples` x five options. An error
    // about a value the profile gave names its key, not a flag never typed.
    let blamed = |e| s.blame(&largs, e);
    for api in s.api_list(apis)? {
        let o = latency_options(api, &largs, &s.traffic).map_err(blamed)?;
        if let Some(h) = o.handler {
            if let Some(w) = limits::check_timeout(api, h.p99, "handler p99").map_err(blamed)? {
                crate::output::eprint_line(&format!("warning: {w}"));
            }
        }
        let n = samples(latency_args).map_err(blamed)?;
        results.push(latency::estimate(&data, &o, n, latency_args.seed).map_err(blamed)?);
    }
    Ok(LatencyReport { results, data })
}

/// The flags that only price what surrounds the gateway: typed on `latency` (or `chart latency`) they
/// would change nothing, so they are refused rather than ignored.
fn refuse_pricing_flags(t: &TrafficArgs) -> Result<()> {
    let a = &t.around;
    let given = [
        (a.discount.is_some(), "--discount"),
        (
            a.authorizer_duration_ms.is_some(),
            "--authorizer-duration-ms",
        ),
        (a.authorizer_memory_mb.is_some(), "--authorizer-memory-mb"),
        (a.monthly_active_users.is_some(), "--monthly-active-users"),
        (a.access_log_bytes.is_some(), "--access-log-bytes"),
        (a.execution_log_bytes.is_some(), "--execution-log-bytes"),
        (a.log_class.is_some(), "--log-class"),
        (a.log_retention_months.is_some(), "--log-retention-months"),
        (a.xray_sampling.is_some(), "--xray-sampling"),
        (a.azs.is_some(), "--azs"),
        (t.waf, "--waf"),
        (t.init_ms.is_some(), "--init-ms"),
        (t.waf_rules.is_some(), "--waf-rules"),
    ];
    match given.iter().find(|(g, _)| *g) {
        Some((_, flag)) => Err(crate::error::Error::needs(
            *flag,
            "does not apply to latency: it only changes what a month costs (quote, compare, project price it)",
        )),
        None => Ok(()),
    }
}
