//! Traffic profiles: a workload described once in a TOML (or JSON) file, asked many questions.
//!
//! Every key is optional; command-line flags override the file. Numbers may be written as numbers or as
//! the strings the CLI accepts (`"600M"`, `"1.5B"`, `"600KB"`, `"20%"`). An unknown key, a duplicate
//! key, a value of the wrong type or a bad value is an error naming the file, the key (with its line) and
//! what was expected.
//!
//! The file is read into a tree that keeps where each key is and each number exactly as written (a TOML
//! or JSON float would round `1.0000000000000000000000000000000001` to 1), then into a [`Profile`] key by
//! key. Only the two levels a profile has are read; anything nested deeper is a value of the wrong type.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::error::shorten;
use crate::error::{Error, Result};

mod file;

/// The largest profile accepted, in bytes (1 MiB): a profile is a few dozen lines; a larger file is not
/// one, and is refused before it is parsed.
pub const MAX_PROFILE_BYTES: usize = 1 << 20;

/// The largest exponent accepted in a number written with one (`1.5e9`): beyond it no count, size or
/// rate can be priced, so the digits are not expanded.
pub const MAX_EXPONENT: i64 = 60;

/// A number, or a string to be parsed by the CLI's number rules.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// An integer that fits in 64 bits.
    Int(i64),
    /// Any other number, exactly as written (an exponent expanded: `1.5e3` is `"1500"`).
    Number(String),
    Text(String),
}

impl Value {
    /// The value as the text a user would type.
    pub fn text(&self) -> String {
        match self {
            Value::Int(i) => i.to_string(),
            Value::Number(s) | Value::Text(s) => s.clone(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct CacheSection {
    pub size_gb: Option<Value>,
    pub hit_rate: Option<Value>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct WebSocketSection {
    pub messages: Option<Value>,
    pub message_size: Option<Value>,
    pub connection_minutes: Option<Value>,
    pub connections: Option<Value>,
    pub connection_duration_minutes: Option<Value>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct BackendSection {
    /// Only `lambda` is modelled.
    pub kind: Option<String>,
    pub duration_ms: Option<Value>,
    pub memory_mb: Option<Value>,
    pub arch: Option<String>,
    /// Init Duration of a cold start, ms (`--init-ms`).
    pub init_ms: Option<Value>,
}

/// What the latency model needs beyond the traffic (`[latency]`); the CLI's flags of the same names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LatencySection {
    /// none, iam, jwt, lambda, lambda-cached.
    pub authorizer: Option<String>,
    pub authorizer_hit_rate: Option<Value>,
    pub authorizer_ttl: Option<u32>,
    pub identities: Option<Value>,
    /// regional or edge.
    pub endpoint: Option<String>,
    pub runtime: Option<String>,
    /// `"20,80"` (p50,p99) or a number (constant).
    pub handler_ms: Option<Value>,
    pub cold_start_rate: Option<Value>,
    pub concurrency: Option<Value>,
    pub client_rtt_ms: Option<Value>,
    pub new_connections: Option<bool>,
    /// The profile's own API's gateway overhead as measured (`"12.5,40"`, p50,p99 ms), with where it
    /// was measured (`gateway_overhead_source`): written by `import cloudwatch`.
    pub gateway_overhead_ms: Option<Value>,
    pub gateway_overhead_source: Option<String>,
}

/// A profile file as written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    pub name: Option<String>,
    pub description: Option<String>,
    /// Where the figures come from (e.g. the seed guide).
    pub source: Option<String>,
    pub region: Option<String>,
    /// The option `quote` prices.
    pub api: Option<String>,
    /// The options `compare` and `project` show.
    pub apis: Option<Vec<String>>,
    pub requests: Option<Value>,
    pub rps: Option<Value>,
    pub customers: Option<Value>,
    pub requests_per_customer: Option<Value>,
    pub request_size: Option<Value>,
    pub response_size: Option<Value>,
    /// The share of REST responses streamed (`"100%"`, `"30%"`, `0.3`).
    pub streaming: Option<Value>,
    /// Compound monthly growth (`"20%"`, `0.2`).
    pub growth: Option<Value>,
    pub months: Option<u32>,
    pub free_tier: Option<String>,
    pub account_age_months: Option<u32>,
    pub peak_factor: Option<Value>,
    /// Features the workload needs (`compare --needs`).
    pub needs: Option<Vec<String>>,
    pub cache: Option<CacheSection>,
    pub latency: Option<LatencySection>,
    pub websocket: Option<WebSocketSection>,
    pub backend: Option<BackendSection>,
    /// What is paid around the gateway (top-level keys named as the flags: `access_log_bytes`, ...).
    pub around: AroundSection,
}

/// The top-level keys of what is paid around the gateway; the CLI's flags of the same names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AroundSection {
    pub authorizer_duration_ms: Option<Value>,
    pub authorizer_memory_mb: Option<Value>,
    pub monthly_active_users: Option<Value>,
    pub access_log_bytes: Option<Value>,
    pub execution_log_bytes: Option<Value>,
    /// standard or infrequent-access.
    pub log_class: Option<String>,
    pub log_retention_months: Option<Value>,
    pub xray_sampling: Option<Value>,
    pub azs: Option<Value>,
    pub discount: Option<Value>,
}

/// The keys of the authorizer and the endpoint, priced inputs named as their flags: written at the
/// top level beside `azs` and `authorizer_duration_ms` (one place for what is paid around the
/// gateway). `[latency]` still takes them for one release, with a warning ([`LoadedProfile::renamed`]).
pub const MOVED_TO_TOP: &[&str] = &[
    "authorizer",
    "authorizer_hit_rate",
    "authorizer_ttl",
    "identities",
    "endpoint",
];

/// Every key a profile takes, dotted in its table (`cache.size_gb`); the tables themselves are not
/// listed. `tests/inputs.rs` checks each is an input of the registry or one of [`NOT_INPUTS`].
pub fn keys() -> Vec<String> {
    file::keys()
}

/// The keys that are not inputs of a command: what the profile says about itself, and the
/// measured overhead `import cloudwatch` writes (read with the profile's `api`).
pub const NOT_INPUTS: &[&str] = &[
    "name",
    "description",
    "source",
    "latency.gateway_overhead_ms",
    "latency.gateway_overhead_source",
];

/// A profile with where it came from, so later value errors can name file, key and line.
#[derive(Debug, Clone)]
pub struct LoadedProfile {
    pub path: String,
    pub text: String,
    pub profile: Profile,
    /// The line of every key set (dotted: `cache.size_gb`).
    pub lines: BTreeMap<String, usize>,
}

impl LoadedProfile {
    /// Parses TOML, or JSON when the text starts with `{` (or the file ends in `.json`).
    pub fn parse(path: &str, text: &str) -> Result<LoadedProfile> {
        let file_error = |message: String| Error::File {
            path: path.to_string(),
            message,
        };
        if text.len() > MAX_PROFILE_BYTES {
            return Err(file_error(format!(
                "{} bytes is too large for a profile (at most {MAX_PROFILE_BYTES} bytes: a profile is a few dozen keys)",
                text.len()
            )));
        }
        let is_json = path.ends_with(".json") || text.trim_start().starts_with("{");
        let (profile, key_lines) = file::read(text, is_json).map_err(file_error)?;
        let lp = LoadedProfile {
            path: path.to_string(),
            text: text.to_string(),
            profile,
            lines: key_lines,
        };
        lp.check_exclusive()?;
        Ok(lp)
    }

    /// The 1-based line where `key` (dotted: `cache.size_gb`) is set, if it is.
    pub fn line_of(&self, key: &str) -> Option<usize> {
        self.lines.get(&self.written(key)).copied()
    }

    /// A key of [`MOVED_TO_TOP`] as the file writes it (`endpoint`, or `latency.endpoint` at its old
    /// place), whichever of the two names it is asked by; any other key as it is.
    pub fn written(&self, key: &str) -> String {
        let leaf = key.strip_prefix("latency.").unwrap_or(key);
        if !MOVED_TO_TOP.contains(&leaf) {
            return key.to_string();
        }
        let old = format!("latency.{leaf}");
        match (self.lines.contains_key(leaf), self.lines.contains_key(&old)) {
            (true, _) => leaf.to_string(),
            (false, true) => old,
            (false, false) => key.to_string(),
        }
    }

    /// A warning for each key written at its old place (`[latency] endpoint`), naming the new one.
    pub fn renamed(&self) -> Vec<String> {
        MOVED_TO_TOP
            .iter()
            .filter_map(|k| {
                let line = self.lines.get(&format!("latency.{k}"))?;
                Some(format!(
                    "{}: `{k}` under [latency] (line {line}) is now a top-level key, `{k} = ...` beside `azs` and `authorizer_duration_ms`, named as --{} (the old place works until the next release)",
                    self.path,
                    k.replace('_', "-")
                ))
            })
            .collect()
    }

    /// `key (line N)`, for messages.
    /// A key missing from a section is named with the section's line.
    pub fn key_at(&self, key: &str) -> String {
        let key = &self.written(key);
        if let Some(l) = self.line_of(key) {
            return format!("key `{key}` (line {l})");
        }
        let section = key
            .rsplit_once('.')
            .and_then(|(parent, _)| Some((parent, self.line_of(parent)?)));
        match section {
            Some((parent, l)) => format!("key `{key}` (not set in [{parent}], line {l})"),
            None => format!("key `{key}`"),
        }
    }

    /// An error for a bad value: file, key, line, value and what was expected.
    pub fn bad_value(&self, key: &str, value: &str, expected: &str) -> Error {
        Error::File {
            path: self.path.clone(),
            message: format!(
                "{}: invalid value '{}': {expected}",
                self.key_at(key),
                shorten(value)
            ),
        }
    }

    /// An error about `key` that is not about one value (a value missing, a limit exceeded).
    pub fn bad_key(&self, key: &str, message: &str) -> Error {
        Error::File {
            path: self.path.clone(),
            message: format!("{}: {message}", self.key_at(key)),
        }
    }

    /// Parses an optional value with one of the `numbers` parsers, naming the key on error.
    pub fn num(
        &self,
        key: &str,
        v: &Option<Value>,
        parse: fn(&str) -> std::result::Result<Decimal, String>,
    ) -> Result<Option<Decimal>> {
        match v {
            None => Ok(None),
            Some(v) => parse(&v.text())
                .map(Some)
                .map_err(|e| self.bad_value(key, &v.text(), &e)),
        }
    }

    /// The profile's text for the registry's input `spec`, read by its parser, naming its key on error.
    pub fn typed<T>(&self, spec: &crate::model::inputs::Spec<T>, text: &str) -> Result<T> {
        (spec.parse)(text).map_err(|e| self.bad_value(spec.key.unwrap_or(spec.flag), text, &e))
    }

    /// The name the profile's text for the registry's choice `c` stands for, naming its key on error.
    pub fn choice(&self, c: &crate::model::inputs::Choice, text: &str) -> Result<&'static str> {
        c.parse(text)
            .map_err(|e| self.bad_value(c.key.unwrap_or(c.flag), text, &e))
    }

    /// An option named in the profile (`api`, an item of `apis`).
    pub fn api(
        &self,
        c: &crate::model::inputs::Choice,
        text: &str,
    ) -> Result<crate::model::api::ApiKind> {
        let name = self.choice(c, text)?;
        crate::model::api::ApiKind::parse(name)
            .ok_or_else(|| self.bad_value(c.key.unwrap_or(c.flag), text, &c.expected()))
    }

    /// Keys that say the same thing two ways: one would be silently dropped, so both are refused.
    fn check_exclusive(&self) -> Result<()> {
        for k in MOVED_TO_TOP {
            let old = format!("latency.{k}");
            if let (Some(a), Some(b)) = (self.lines.get(*k), self.lines.get(&old)) {
                return Err(Error::File {
                    path: self.path.clone(),
                    message: format!(
                        "key `{k}` (line {a}) and key `{old}` (line {b}) both set the {}: keep the top-level `{k}`",
                        k.replace('_', " ")
                    ),
                });
            }
        }
        let p = &self.profile;
        let volume = [
            ("requests", p.requests.is_some()),
            ("rps", p.rps.is_some()),
            ("customers", p.customers.is_some()),
        ];
        self.one_of(
            &volume,
            "set the monthly volume: give one of requests, rps, or customers with requests_per_customer",
        )?;
        if let Some(ws) = &p.websocket {
            let minutes = [
                (
                    "websocket.connection_minutes",
                    ws.connection_minutes.is_some(),
                ),
                ("websocket.connections", ws.connections.is_some()),
            ];
            self.one_of(
                &minutes,
                "set the connection minutes: give connection_minutes, or connections with connection_duration_minutes",
            )?;
        }
        Ok(())
    }

    /// At most one of `keys` may be set.
    fn one_of(&self, keys: &[(&str, bool)], what: &str) -> Result<()> {
        let set: Vec<String> = keys
            .iter()
            .filter(|(_, on)| *on)
            .map(|(k, _)| self.key_at(k))
            .collect();
        if set.len() > 1 {
            return Err(Error::File {
                path: self.path.clone(),
                message: format!("{} both {what}", set.join(" and ")),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::file::plain_decimal;
    use super::*;

    fn err(path: &str, text: &str) -> String {
        LoadedProfile::parse(path, text).unwrap_err().to_string()
    }

    #[test]
    fn unknown_key_names_the_key_and_line() {
        let e = err("p.toml", "requests = \"10M\"\nrequets_per_customer = 5\n");
        assert!(
            e.contains("p.toml") && e.contains("line 2") && e.contains("requets_per_customer"),
            "{e}"
        );
    }

    #[test]
    fn bad_value_names_key_and_line() {
        let p = LoadedProfile::parse(
            "p.toml",
            "region = \"us-east-1\"\n\n[cache]\nsize_gb = 0.5\nhit_rate = \"lots\"\n",
        )
        .unwrap();
        let e = p
            .num(
                "cache.hit_rate",
                &p.profile.cache.as_ref().unwrap().hit_rate,
                crate::model::numbers::parse_fraction,
            )
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("cache.hit_rate") && e.contains("line 5") && e.contains("lots"),
            "{e}"
        );
    }

    #[test]
    fn json_is_accepted() {
        let p = LoadedProfile::parse(
            "p.json",
            r#"{"requests": "600M", "apis": ["rest", "http"]}"#,
        )
        .unwrap();
        assert_eq!(p.profile.requests, Some(Value::Text("600M".into())));
        assert!(LoadedProfile::parse("p.json", r#"{"requestz": 1}"#).is_err());
    }

    #[test]
    fn numbers_are_kept_exactly_as_written() {
        let p = LoadedProfile::parse(
            "p.toml",
            "requests = 1.0000000000000000000000000000000001\nrequest_size = 1.5e3\n[cache]\nsize_gb = 0.5\nhit_rate = 7\n",
        )
        .unwrap();
        let v = |o: &Option<Value>| o.as_ref().unwrap().text();
        assert_eq!(
            v(&p.profile.requests),
            "1.0000000000000000000000000000000001"
        );
        assert_eq!(v(&p.profile.request_size), "1500");
        assert_eq!(
            p.profile.cache.as_ref().unwrap().hit_rate,
            Some(Value::Int(7))
        );
        let j = LoadedProfile::parse(
            "p.json",
            r#"{"requests": 18446744073709551616, "rps": null}"#,
        )
        .unwrap();
        assert_eq!(v(&j.profile.requests), "18446744073709551616");
        assert_eq!(plain_decimal("-2.5E-3").unwrap(), "-0.0025");
        assert_eq!(plain_decimal("25e1").unwrap(), "250");
        assert!(plain_decimal("1e999999999").is_err());
    }

    #[test]
    fn wrong_types_name_key_line_value_and_expectation() {
        for (text, key, line, expect) in [
            (
                "requests = true\n",
                "`requests`",
                "line 1",
                "a number, or a string",
            ),
            (
                "\n[cache]\nsize_gb = { a = 1 }\n",
                "`cache.size_gb`",
                "line 3",
                "(a table)",
            ),
            ("cache = 5\n", "`cache`", "line 1", "a table ([cache]"),
            (
                "apis = \"rest\"\n",
                "`apis`",
                "line 1",
                "an array of options",
            ),
            ("apis = [1]\n", "`apis[0]`", "line 1", "an array of options"),
            ("months = -1\n", "`months`", "line 1", "whole number"),
            ("months = 1.5\n", "`months`", "line 1", "whole number"),
            (
                "months = 0\n",
                "`months`",
                "line 1",
                "invalid value '0': expected a number of months from 1 to 1200",
            ),
            (
                "months = 1201\n",
                "`months`",
                "line 1",
                "invalid value '1201': expected a number of months from 1 to 1200",
            ),
            ("region = 1979-05-27\n", "`region`", "line 1", "(a date)"),
            (
                "[latency]\nnew_connections = \"yes\"\n",
                "`latency.new_connections`",
                "line 2",
                "true or false",
            ),
            (
                "requests = [[[[1]]]]\n",
                "`requests`",
                "line 1",
                "(an array)",
            ),
        ] {
            let e = err("p.toml", text);
            assert!(
                e.contains("p.toml") && e.contains(key) && e.contains(line) && e.contains(expect),
                "{text:?}: {e}"
            );
        }
    }

    #[test]
    fn duplicates_and_lines_after_multiline_strings() {
        let e = err("p.toml", "requests = 1\nrequests = 2\n");
        assert!(
            e.contains("line 2") && e.contains("duplicate key `requests`"),
            "{e}"
        );
        let e = err("p.json", "{\"rps\": 1,\n \"rps\": 2}");
        assert!(
            e.contains("line 2") && e.contains("duplicate key `rps`"),
            "{e}"
        );
        let p = LoadedProfile::parse(
            "p.toml",
            "description = \"\"\"\nrequests = 5\n\"\"\"\ncache.size_gb = 0.5\nrequests = \"1M\"\n",
        )
        .unwrap();
        assert_eq!(p.line_of("cache.size_gb"), Some(4));
        assert_eq!(p.line_of("requests"), Some(5));
    }

    #[test]
    fn both_ways_of_giving_a_volume_is_an_error_naming_both_keys() {
        let e = err("p.toml", "requests = \"1M\"\nrps = 5\n");
        assert!(
            e.contains("`requests` (line 1)") && e.contains("`rps` (line 2)"),
            "{e}"
        );
        let e = err(
            "p.toml",
            "customers = 5\nrequests_per_customer = 5\nrequests = 5\n",
        );
        assert!(e.contains("`requests`") && e.contains("`customers`"), "{e}");
        let e = err(
            "p.toml",
            "[websocket]\nconnection_minutes = 5\nconnections = 5\nconnection_duration_minutes = 3\n",
        );
        assert!(e.contains("websocket.connections"), "{e}");
    }

    #[test]
    fn huge_and_odd_files() {
        let big = format!("description = \"{}\"\n", "x".repeat(MAX_PROFILE_BYTES));
        assert!(err("p.toml", &big).contains("too large for a profile"));
        assert!(err("p.json", "").contains("line 1"));
        assert!(err("p.json", "[1, 2]").contains("a JSON object"));
        let deep = format!(
            "{{\"requests\": {}1{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert!(err("p.json", &deep).contains("(an array)"));
        let deep = format!("a = {}1{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(err("p.toml", &deep).contains("line 1"));
        assert_eq!(
            LoadedProfile::parse("p.toml", "").unwrap().profile,
            Profile::default()
        );
    }
}
