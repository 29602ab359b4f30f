//! Every input of a review and where it came from: the profile (its key and line, the value as written
//! there), a flag typed on the command line, or the tool's default. The review pack's inputs table.

use super::args::{Global, LatencyArgs};
use super::resolve::Scenario;
use crate::model::api::ApiKind;

/// One input: its name, its value as given (or the default's), and where it came from.
pub struct InputRow {
    pub name: String,
    pub value: String,
    pub from: String,
}

/// The value of `key` as written on its line of the profile (`requests = "300M"` gives `300M`).
fn as_written(s: &Scenario, key: &str) -> Option<(String, usize)> {
    let lp = s.profile.as_ref()?;
    let line = lp.line_of(key)?;
    let text = lp.text.lines().nth(line.checked_sub(1)?)?;
    let value = match text.split_once('=') {
        Some((_, v)) => v,
        None => text.split_once(':').map(|(_, v)| v)?,
    };
    let value = value.split(" #").next().unwrap_or(value);
    let v = value.trim().trim_end_matches(',').trim().trim_matches('"');
    Some((v.to_string(), line))
}

fn row(name: &str, value: impl Into<String>, from: impl Into<String>) -> InputRow {
    InputRow {
        name: name.to_string(),
        value: value.into(),
        from: from.into(),
    }
}

/// Where a profile key's value came from: `profile (line N)`.
fn from_profile(line: usize) -> String {
    format!("profile, line {line}")
}

/// The inputs of a review: the scenario's (profile and flags), the options, the latency model's.
pub fn inputs(g: &Global, s: &Scenario, apis: &[ApiKind], largs: &LatencyArgs) -> Vec<InputRow> {
    let mut rows = Vec::new();
    let global = |typed: bool, key: &str, value: String, default: &str| -> InputRow {
        match (typed, as_written(s, key)) {
            (true, _) => row(key, value, "flag"),
            (false, Some((_, line))) => row(key, value, from_profile(line)),
            (false, None) => row(key, value, default),
        }
    };
    rows.push(global(
        g.explicit.region,
        "region",
        s.region.clone(),
        "default",
    ));
    let names: Vec<&str> = apis.iter().map(|a| a.name()).collect();
    let apis_from = match (&s.profile, as_written(s, "apis"), as_written(s, "api")) {
        (_, Some((_, l)), _) | (_, None, Some((_, l))) => from_profile(l),
        _ => "default".to_string(),
    };
    rows.push(row("apis (options reviewed)", names.join(", "), apis_from));
    // Every value the profile gives, as written there, in the file's order.
    if let Some(lp) = &s.profile {
        let mut keys: Vec<(&String, &usize)> = lp.lines.iter().collect();
        keys.sort_by_key(|(_, line)| **line);
        const ELSEWHERE: [&str; 8] = [
            "name",
            "description",
            "source",
            "region",
            "api",
            "apis",
            "free_tier",
            "account_age_months",
        ];
        for (key, _) in keys {
            if ELSEWHERE.contains(&key.as_str()) {
                continue;
            }
            if let Some((v, line)) = as_written(s, key) {
                rows.push(row(key, v, from_profile(line)));
            }
        }
    }
    let given = |flag: &str| s.origin_key(flag).is_some();
    if !given("--peak-factor") {
        rows.push(row(
            "peak_factor",
            "1 (the peak is the monthly average)",
            "default",
        ));
    }
    if !given("--request-size") && !apis.iter().all(|a| *a == ApiKind::WebSocket) {
        rows.push(row(
            "request_size",
            "not given: no payload metering or limit check",
            "default",
        ));
    }
    if !given("--response-size") {
        rows.push(row(
            "response_size",
            "not given: data transfer out is not priced",
            "default",
        ));
    }
    if s.workload.backend.is_some() && !given("--arch") {
        rows.push(row("backend.arch", "x86", "default"));
    }
    for (key, default) in [("needs", "none"), ("growth", "none"), ("months", "12")] {
        if as_written(s, key).is_none() {
            rows.push(row(key, default, "default"));
        }
    }
    rows.push(global(
        g.explicit.free_tier,
        "free_tier",
        s.free_tier.label(),
        "default (no free tier)",
    ));
    rows.push(row(
        "latency samples, seed",
        format!("{}, {}", largs.samples, largs.seed),
        "default",
    ));
    rows.push(row(
        "price catalog",
        g.prices
            .as_ref()
            .map_or("embedded data/prices.json".to_string(), |p| {
                p.display().to_string()
            }),
        if g.prices.is_some() {
            "flag"
        } else {
            "default"
        },
    ));
    rows
}
