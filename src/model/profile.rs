//! Traffic profiles: a workload described once in a TOML (or JSON) file, asked many questions.
//!
//! Every key is optional; command-line flags override the file. Numbers may be written as numbers or as
//! the strings the CLI accepts (`"600M"`, `"1.5B"`, `"600KB"`, `"20%"`). An unknown key or a bad value is
//! an error naming the file, the key (with its line in TOML files) and what was expected.

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::error::{Error, Result};

/// A number or a string to be parsed by the CLI's number rules.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum Value {
    Int(i64),
    Float(f64),
    Text(String),
}

impl Value {
    /// The value as the text a user would type (floats written with their shortest representation).
    pub fn text(&self) -> String {
        match self {
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Text(s) => s.clone(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CacheSection {
    pub size_gb: Option<Value>,
    pub hit_rate: Option<Value>,
}

#[derive(Debug, Clone, Deserialize, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct WebSocketSection {
    pub messages: Option<Value>,
    pub message_size: Option<Value>,
    pub connection_minutes: Option<Value>,
    pub connections: Option<Value>,
    pub connection_duration_minutes: Option<Value>,
}

#[derive(Debug, Clone, Deserialize, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct BackendSection {
    /// Only `lambda` is modelled.
    pub kind: Option<String>,
    pub duration_ms: Option<Value>,
    pub memory_mb: Option<Value>,
    pub arch: Option<String>,
}

/// What the latency model needs beyond the traffic (`[latency]`); the CLI's flags of the same names.
#[derive(Debug, Clone, Deserialize, Default, PartialEq)]
#[serde(deny_unknown_fields)]
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
}

/// A profile file as written.
#[derive(Debug, Clone, Deserialize, Default, PartialEq)]
#[serde(deny_unknown_fields)]
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
}

/// A profile with where it came from, so later value errors can name file, key and line.
#[derive(Debug, Clone)]
pub struct LoadedProfile {
    pub path: String,
    pub text: String,
    pub profile: Profile,
}

impl LoadedProfile {
    /// Parses TOML, or JSON when the text starts with `{` (or the file ends in `.json`).
    pub fn parse(path: &str, text: &str) -> Result<LoadedProfile> {
        let is_json = path.ends_with(".json") || text.trim_start().starts_with('{');
        let profile: Profile = if is_json {
            serde_json::from_str(text).map_err(|e| Error::File {
                path: path.to_string(),
                message: format!("line {}: {}", e.line(), clean_serde(&e.to_string())),
            })?
        } else {
            toml::from_str(text).map_err(|e| {
                let line = e
                    .span()
                    .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
                Error::File {
                    path: path.to_string(),
                    message: match line {
                        Some(l) => format!("line {l}: {}", e.message()),
                        None => e.message().to_string(),
                    },
                }
            })?
        };
        Ok(LoadedProfile {
            path: path.to_string(),
            text: text.to_string(),
            profile,
        })
    }

    /// The 1-based line where `key` is set (last path segment), if it can be found.
    pub fn line_of(&self, key: &str) -> Option<usize> {
        let leaf = key.rsplit('.').next().unwrap_or(key);
        self.text
            .lines()
            .position(|l| {
                let t = l.trim_start().trim_start_matches('"');
                t.starts_with(leaf)
                    && t[leaf.len()..]
                        .trim_start()
                        .trim_start_matches('"')
                        .trim_start()
                        .starts_with(['=', ':'])
            })
            .map(|i| i + 1)
    }

    /// An error for a bad value: file, key, line, value and what was expected.
    pub fn bad_value(&self, key: &str, value: &str, expected: &str) -> Error {
        let at = self
            .line_of(key)
            .map(|l| format!(" (line {l})"))
            .unwrap_or_default();
        Error::File {
            path: self.path.clone(),
            message: format!("key `{key}`{at}: invalid value '{value}': {expected}"),
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
}

fn clean_serde(s: &str) -> String {
    s.split(" at line ").next().unwrap_or(s).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_the_key_and_line() {
        let e = LoadedProfile::parse("p.toml", "requests = \"10M\"\nrequets_per_customer = 5\n")
            .unwrap_err()
            .to_string();
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
}
