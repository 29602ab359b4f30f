//! The latency figures (`data/latency.json`, compiled in; `--latency-data FILE` overrides): per component
//! p50/p90/p99 in milliseconds with confidence, basis and sources, and Lambda Init Durations by runtime.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::shorten;
use crate::error::{Error, Field, Result};
use crate::model::catalog::json::{check_structure, Structure};
use crate::model::workload::Arch;

/// `data/latency.json`, compiled in.
pub const EMBEDDED: &str = include_str!("../../../data/latency.json");

/// The largest latency data file read, in bytes (1 MiB; `data/latency.json` is about 28 KB). Checked
/// before reading (`cli::load`) and again on the text (`LatencyData::parse`).
pub const MAX_LATENCY_DATA_BYTES: u64 = 1024 * 1024;

/// The smallest percentile a component may have, ms (1 microsecond; the smallest real one is 0.5 ms).
/// Below it the log-normal's spread is all noise.
pub const MIN_MS: f64 = 0.001;

/// The largest percentile a component may have, ms: one hour (the largest real one is 710 ms; API
/// Gateway's integration timeouts are 30 s by default, Lambda's is 15 minutes).
pub const MAX_MS: f64 = 3_600_000.0;

/// The widest spread of a component, p99 / p50 (the widest real one is 10). The log-normal's sigma is
/// ln(spread) / 2.33, so draws stay finite and the chart's axis sane: at 1,000 even a draw 8 standard
/// deviations out is about 10^10 x p50.
pub const MAX_SPREAD: f64 = 1_000.0;

/// The most components, and the most runtimes per architecture, a data file may define (13 and about
/// 40 real ones).
pub const MAX_ENTRIES: usize = 1_000;

/// The longest idle lifetime of a Lambda environment, minutes: one day (the measured one is 10).
pub const MAX_IDLE_LIFETIME_MINUTES: f64 = 1_440.0;

/// The data file's names of the architectures, both required.
pub const ARCH_KEYS: [&str; 2] = ["x86_64", "arm64"];

/// A number of milliseconds as a message quotes it: as written when it is of a sane size, else in
/// scientific notation (`1e-300`, not 300 zeros).
fn number_text(v: f64) -> String {
    if v == 0.0 || (1e-6..1e12).contains(&v.abs()) {
        v.to_string()
    } else {
        format!("{v:e}")
    }
}

/// Checks one component's percentiles (ms): each within `MIN_MS..=MAX_MS`, not falling, and p99 at most
/// `MAX_SPREAD` x p50. Returns the problem in words.
pub fn check_percentiles(p50: f64, p90: f64, p99: f64) -> std::result::Result<(), String> {
    for (name, v) in [("p50", p50), ("p90", p90), ("p99", p99)] {
        if !(MIN_MS..=MAX_MS).contains(&v) {
            return Err(format!(
                "{name} {} ms must be a number from {MIN_MS} to {MAX_MS} ms (one hour)",
                number_text(v)
            ));
        }
    }
    if !(p50 <= p90 && p90 <= p99) {
        return Err(format!(
            "percentiles must not fall: p50 {p50} <= p90 {p90} <= p99 {p99} ms"
        ));
    }
    if p99 > p50 * MAX_SPREAD {
        return Err(format!(
            "p99 {p99} ms is more than {MAX_SPREAD} x p50 {p50} ms: too wide a spread to simulate"
        ));
    }
    Ok(())
}

/// What a figure rests on. The output says which figures are measured, which are claims and which are
/// assumptions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// An independent or AWS measurement.
    Measured,
    /// An AWS statement (an upper bound or best case, not a distribution).
    OfficialClaim,
    /// An engineering estimate: no measurement was found.
    Assumption,
    /// A value the user gave (`--handler-ms`, `--client-rtt-ms`, `--cold-start-rate`).
    UserInput,
    /// Computed by the model from other inputs (a cold-start rate from traffic).
    Derived,
}

impl Basis {
    pub fn name(self) -> &'static str {
        match self {
            Basis::Measured => "measured",
            Basis::OfficialClaim => "official claim",
            Basis::Assumption => "assumption",
            Basis::UserInput => "user input",
            Basis::Derived => "derived",
        }
    }
}

/// One component's percentiles as the data file gives them.
#[derive(Debug, Clone, Deserialize)]
pub struct Figure {
    pub title: String,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub confidence: String,
    pub basis: Basis,
    #[serde(default)]
    pub sources: Vec<String>,
    #[serde(default)]
    pub notes: String,
}

/// Init Duration percentiles of one runtime.
#[derive(Debug, Clone, Deserialize)]
pub struct RuntimeFigure {
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub n: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ColdStartInit {
    pub title: String,
    pub basis: Basis,
    pub confidence: String,
    pub sources: Vec<String>,
    pub period: String,
    #[serde(default)]
    pub notes: String,
    /// arch (`x86_64`, `arm64`) → runtime → figures.
    pub runtimes: BTreeMap<String, BTreeMap<String, RuntimeFigure>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ColdStartRate {
    pub steady_production: String,
    pub steady_sources: Vec<String>,
    pub idle_lifetime_minutes: f64,
    pub idle_lifetime_confidence: String,
    pub idle_lifetime_sources: Vec<String>,
    pub model: String,
}

/// REST API response streaming as documented: the first MB unthrottled, then a rate.
#[derive(Debug, Clone, Deserialize)]
pub struct Streaming {
    pub unthrottled_first_mb: f64,
    pub throttle_after_mb_per_s: f64,
    pub sources: Vec<String>,
}

/// The data file's name of an architecture (the keys of `cold_start_init.runtimes`), as
/// `LatencyData::runtime` takes it and cold-start names print it.
pub fn arch_key(arch: Arch) -> &'static str {
    match arch {
        Arch::X86 => "x86_64",
        Arch::Arm => "arm64",
    }
}

/// The whole latency data file.
#[derive(Debug, Clone, Deserialize)]
pub struct LatencyData {
    pub read_on: String,
    pub source: String,
    pub components: BTreeMap<String, Figure>,
    pub cold_start_init: ColdStartInit,
    pub cold_start_rate: ColdStartRate,
    /// REST response streaming's throughput (time to first byte, then the body), when the file has it.
    #[serde(default)]
    pub rest_streaming: Option<Streaming>,
    #[serde(default)]
    pub sources: BTreeMap<String, serde_json::Value>,
    /// The file the figures came from (`embedded data/latency.json` or the path), for messages.
    #[serde(skip)]
    pub origin: String,
}

/// The component keys the model uses; a data file must define all of them.
pub const REQUIRED: [&str; 13] = [
    "gateway.http",
    "gateway.rest",
    "gateway.websocket",
    "gateway.alb",
    "gateway.function_url",
    "gateway.edge_hop",
    "gateway.rest_cache_hit",
    "lambda.invoke",
    "lambda.cold_extra",
    "authorizer.iam",
    "authorizer.jwt",
    "authorizer.lambda_uncached",
    "authorizer.lambda_cache_hit",
];

impl LatencyData {
    /// The compiled-in figures. Start-up: the embedded file's structure (no key written twice) is
    /// checked by a test (`the_embedded_file_has_no_key_twice`), not at every run: walking it was a
    /// third of a `compare`'s instructions (1.3M of 4.0M). Its figures are validated as any file's.
    pub fn embedded() -> Result<LatencyData> {
        LatencyData::read(EMBEDDED, "embedded data/latency.json", false)
    }

    /// Parses and validates a latency data file (`origin` names it in errors).
    pub fn parse(text: &str, origin: &str) -> Result<LatencyData> {
        LatencyData::read(text, origin, true)
    }

    /// [`parse`](Self::parse), the walk for keys written twice only when `structure` is asked for.
    fn read(text: &str, origin: &str, structure: bool) -> Result<LatencyData> {
        let bad = |message: String| Error::File {
            path: origin.to_string(),
            message,
        };
        if text.len() as u64 > MAX_LATENCY_DATA_BYTES {
            return Err(bad(format!(
                "{} bytes is larger than the largest supported latency data file ({MAX_LATENCY_DATA_BYTES} bytes)",
                text.len()
            )));
        }
        let mut data: LatencyData =
            serde_json::from_str(text).map_err(|e| bad(format!("not a latency data file: {e}")))?;
        let walked = match structure {
            true => check_structure(text),
            false => Ok(()),
        };
        walked.map_err(|s| match s {
            Structure::Duplicate(d) => bad(format!(
                "{}: duplicate key '{}' (JSON keeps only the last one; remove or rename one)",
                d.at(),
                shorten(&d.key)
            )),
            Structure::Invalid(m) => bad(format!("not a latency data file: {m}")),
        })?;
        data.origin = origin.to_string();
        data.validate(origin)?;
        Ok(data)
    }

    fn validate(&self, origin: &str) -> Result<()> {
        let bad = |what: String, problem: String| Error::File {
            path: origin.to_string(),
            message: format!("{what}: {problem}"),
        };
        for key in REQUIRED {
            if !self.components.contains_key(key) {
                return Err(bad(
                    format!("components.{key}"),
                    "missing (every component of the model needs p50/p90/p99)".into(),
                ));
            }
        }
        if self.components.len() > MAX_ENTRIES {
            return Err(bad(
                "components".into(),
                format!(
                    "{} components; at most {MAX_ENTRIES} are supported",
                    self.components.len()
                ),
            ));
        }
        for (key, f) in &self.components {
            check_percentiles(f.p50_ms, f.p90_ms, f.p99_ms)
                .map_err(|p| bad(format!("components.{}", shorten(key)), p))?;
        }
        for arch in ARCH_KEYS {
            if self
                .cold_start_init
                .runtimes
                .get(arch)
                .is_none_or(BTreeMap::is_empty)
            {
                return Err(bad(
                    format!("cold_start_init.runtimes.{arch}"),
                    "missing or empty (the cold-start model needs the Init Duration of runtimes on x86_64 and arm64)".into(),
                ));
            }
        }
        for (arch, runtimes) in &self.cold_start_init.runtimes {
            if runtimes.len() > MAX_ENTRIES {
                return Err(bad(
                    format!("cold_start_init.runtimes.{}", shorten(arch)),
                    format!(
                        "{} runtimes; at most {MAX_ENTRIES} are supported",
                        runtimes.len()
                    ),
                ));
            }
            for (rt, f) in runtimes {
                check_percentiles(f.p50_ms, f.p90_ms, f.p99_ms).map_err(|p| {
                    bad(
                        format!("cold_start_init.runtimes.{}.{}", shorten(arch), shorten(rt)),
                        p,
                    )
                })?;
            }
        }
        let idle = self.cold_start_rate.idle_lifetime_minutes;
        if !(idle > 0.0 && idle <= MAX_IDLE_LIFETIME_MINUTES) {
            return Err(bad(
                "cold_start_rate.idle_lifetime_minutes".into(),
                format!(
                    "{} must be above 0 and at most {MAX_IDLE_LIFETIME_MINUTES} minutes (a day)",
                    number_text(idle)
                ),
            ));
        }
        Ok(())
    }

    /// A component's figures (the keys are checked on load).
    pub fn component(&self, key: &str) -> &Figure {
        &self.components[key]
    }

    /// The Init Duration of a runtime on an architecture. Accepts the data's names (`nodejs22.x`,
    /// `go (prov.al2023)`) and short forms (`nodejs22`, `python3.13`, `go`, `rust`, `java21`).
    pub fn runtime(&self, arch: &str, name: &str) -> Result<(String, RuntimeFigure)> {
        if !ARCH_KEYS.contains(&arch) {
            return Err(Error::invalid(Field::Arch, arch, "x86_64 or arm64"));
        }
        // Both architectures are checked on load; a file without one is the file's fault, not the flag's.
        let table = self
            .cold_start_init
            .runtimes
            .get(arch)
            .ok_or_else(|| Error::File {
                path: self.origin.clone(),
                message: format!("cold_start_init.runtimes.{arch}: missing"),
            })?;
        let wanted = name.trim().to_ascii_lowercase();
        let candidates = [
            wanted.clone(),
            format!("{wanted}.x"),
            format!("{wanted} (prov.al2023)"),
        ];
        for c in &candidates {
            if let Some(f) = table.get(c) {
                return Ok((c.clone(), f.clone()));
            }
        }
        let known: Vec<&str> = table
            .keys()
            .filter(|k| !k.contains("(prov.al2)") && !k.contains("layer"))
            .map(String::as_str)
            .collect();
        Err(Error::invalid(
            Field::Runtime,
            name,
            format!(
                "a runtime with measured cold starts on {arch}: {}",
                known.join(", ")
            ),
        ))
    }

    /// A source's title and address, for footnotes.
    pub fn source_title(&self, id: &str) -> Option<String> {
        let s = self.sources.get(id)?;
        let title = s.get("title").and_then(|v| v.as_str()).unwrap_or(id);
        let at = s
            .get("url")
            .and_then(|v| v.as_str())
            .map(str::to_string)
            .or_else(|| {
                s.get("repo")
                    .and_then(|v| v.as_str())
                    .map(|r| format!("github.com/{r}"))
            });
        Some(match at {
            Some(u) => format!("{title}, {u}"),
            None => title.to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_loads_and_names_the_http_claim() {
        let d = LatencyData::embedded().unwrap();
        let http = d.component("gateway.http");
        assert_eq!((http.p50_ms, http.p99_ms), (4.0, 10.0));
        assert_eq!(http.basis, Basis::OfficialClaim);
        assert_eq!(d.component("gateway.alb").basis, Basis::Assumption);
        assert_eq!(d.component("gateway.rest").basis, Basis::Measured);
    }

    /// `embedded` leaves out the walk for keys written twice: the embedded file has none, and reads
    /// the same with it.
    #[test]
    fn the_embedded_file_has_no_key_twice() {
        assert!(check_structure(EMBEDDED).is_ok());
        let walked = LatencyData::parse(EMBEDDED, "embedded data/latency.json").unwrap();
        let embedded = LatencyData::embedded().unwrap();
        assert_eq!(format!("{walked:?}"), format!("{embedded:?}"));
    }

    #[test]
    fn runtimes_resolve_short_names() {
        let d = LatencyData::embedded().unwrap();
        let (name, f) = d.runtime("x86_64", "nodejs22").unwrap();
        assert_eq!(name, "nodejs22.x");
        assert_eq!(f.p50_ms, 141.1);
        assert_eq!(d.runtime("arm64", "rust").unwrap().0, "rust (prov.al2023)");
        let e = d.runtime("x86_64", "cobol").unwrap_err().to_string();
        assert!(e.contains("--runtime") && e.contains("nodejs22.x"), "{e}");
    }

    #[test]
    fn architectures_map_to_the_data_keys() {
        let d = LatencyData::embedded().unwrap();
        for arch in [Arch::X86, Arch::Arm] {
            assert!(d.runtime(arch_key(arch), "nodejs22").is_ok(), "{arch:?}");
        }
        assert_eq!(arch_key(Arch::Arm), "arm64");
    }

    #[test]
    fn a_falling_percentile_is_an_error_naming_the_component() {
        let text = EMBEDDED.replacen("\"p90_ms\": 7,", "\"p90_ms\": 70,", 1);
        let e = LatencyData::parse(&text, "x.json").unwrap_err().to_string();
        assert!(
            e.contains("components.gateway.http") && e.contains("must not fall"),
            "{e}"
        );
    }
}
