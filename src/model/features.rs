//! Feature fit: which option supports which feature (`data/features.json`, with sources), and which
//! needed features an option lacks, with the known workaround.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Field, Result};
use crate::model::api::ApiKind;

/// `data/features.json`, compiled in.
pub const EMBEDDED: &str = include_str!("../../data/features.json");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Support {
    Yes,
    No,
    /// Supported with a restriction (see the feature's note).
    Partial,
    /// Not confirmed in the stored references.
    Unknown,
}

impl Support {
    pub fn name(self) -> &'static str {
        match self {
            Support::Yes => "yes",
            Support::No => "no",
            Support::Partial => "partial",
            Support::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Feature {
    pub id: String,
    pub title: String,
    pub group: String,
    /// API kind name → support.
    pub support: BTreeMap<String, Support>,
    pub workaround: Option<String>,
    pub sources: Vec<String>,
    pub note: Option<String>,
    /// When AWS launched it, for features new since 2025 ("2025-06", or "?" when the date was not
    /// confirmed in a stored source).
    #[serde(default)]
    pub since: Option<String>,
    /// Other names `--needs` accepts for it (`streaming` for `response-streaming`).
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl Feature {
    pub fn support_of(&self, kind: ApiKind) -> Support {
        // HTTP API + CloudFront + WAF: what CloudFront and WAF add, else what the HTTP API has.
        if kind.is_cloudfront() {
            return match self.id.as_str() {
                "waf" | "caching" | "edge-optimized" => Support::Yes,
                // CloudFront's own viewer security policies (TLS 1.2/1.3), not API Gateway's set.
                "enhanced-tls-policies" => Support::Partial,
                _ => self.support_of(ApiKind::Http),
            };
        }
        self.support
            .get(kind.name())
            .copied()
            .unwrap_or(Support::Unknown)
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Features {
    pub read_on: String,
    pub meaning: String,
    pub confirmation: String,
    pub features: Vec<Feature>,
    pub sources: BTreeMap<String, serde_json::Value>,
}

/// A needed feature an option lacks (or only partly has, or may lack).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gap {
    pub feature: String,
    pub title: String,
    pub support: Support,
    pub workaround: Option<String>,
    pub note: Option<String>,
}

impl Features {
    pub fn embedded() -> Result<Features> {
        let f: Features = serde_json::from_str(EMBEDDED).map_err(|e| Error::File {
            path: "embedded data/features.json".into(),
            message: e.to_string(),
        })?;
        Ok(f)
    }

    pub fn get(&self, id: &str) -> Option<&Feature> {
        self.features.iter().find(|f| f.id == id)
    }

    /// The feature an id or an alias names.
    pub fn named(&self, name: &str) -> Option<&Feature> {
        self.get(name).or_else(|| {
            self.features
                .iter()
                .find(|f| f.aliases.iter().any(|a| a == name))
        })
    }

    /// Checks `--needs` names against the matrix: an unknown name is a usage error listing the known ones.
    pub fn parse_needs(&self, needs: &[String]) -> Result<Vec<String>> {
        needs
            .iter()
            .map(|n| n.trim().to_ascii_lowercase())
            .filter(|n| !n.is_empty())
            .map(|n| {
                if let Some(f) = self.named(&n) {
                    Ok(f.id.clone())
                } else {
                    Err(Error::invalid(
                        Field::Needs,
                        n,
                        format!(
                            "feature names from `apigw-cost features`: {}",
                            self.features
                                .iter()
                                .map(|f| f.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ))
                }
            })
            .collect()
    }

    /// The needed features `kind` does not fully support, in the order given.
    pub fn gaps(&self, kind: ApiKind, needs: &[String]) -> Vec<Gap> {
        needs
            .iter()
            .filter_map(|id| self.get(id))
            .filter(|f| f.support_of(kind) != Support::Yes)
            .map(|f| Gap {
                feature: f.id.clone(),
                title: f.title.clone(),
                support: f.support_of(kind),
                workaround: f.workaround.clone(),
                note: f.note.clone(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_lacks_api_keys_and_caching_rest_has_them() {
        let f = Features::embedded().unwrap();
        let needs = f
            .parse_needs(&["api-keys".into(), "caching".into(), "jwt-authorizer".into()])
            .unwrap();
        let http = f.gaps(ApiKind::Http, &needs);
        assert_eq!(
            http.iter().map(|g| g.feature.as_str()).collect::<Vec<_>>(),
            ["api-keys", "caching"]
        );
        assert!(http[0].workaround.as_deref().unwrap().contains("REST"));
        assert!(f.gaps(ApiKind::Rest, &needs).is_empty());
    }

    #[test]
    fn every_feature_names_every_kind_and_known_sources() {
        let f = Features::embedded().unwrap();
        for feat in &f.features {
            for k in ApiKind::ALL {
                assert!(feat.support.contains_key(k.name()), "{} {}", feat.id, k);
            }
            assert!(!feat.sources.is_empty(), "{}", feat.id);
            for s in &feat.sources {
                assert!(f.sources.contains_key(s), "{} cites unknown {s}", feat.id);
            }
        }
    }

    #[test]
    fn an_unknown_need_lists_the_known_ones() {
        let f = Features::embedded().unwrap();
        let e = f.parse_needs(&["teleport".into()]).unwrap_err().to_string();
        assert!(e.contains("--needs") && e.contains("api-keys"), "{e}");
    }
}
