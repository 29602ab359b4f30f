//! The APIs a template declares, the features they use, and what blocks a move from REST to HTTP.
//!
//! Pure: the readers in `crate::inventory` fill [`FoundApi`] from CloudFormation, SAM or a Terraform
//! plan; this module judges it against `data/features.json`. A feature is an HTTP blocker when the
//! HTTP column marks it `no`; the verdict is "moves as is" (no blocker), "moves with workarounds" (every
//! blocker has a workaround on HTTP), "stays" (one has none: the feature's workaround is to keep the
//! routes on REST, or there is none) or "undecided" (the known features would move, but a feature the
//! template leaves unresolved, under a condition or parameter without a default, could block it).

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::api::ApiKind;
pub use crate::model::evidence::Evidence;
use crate::model::features::{Feature, Features, Support};

/// The most items listed per API: evidence per feature, stages, unresolved values. A template with
/// thousands of methods lists the first ones and says more were left out; what is judged (the
/// features in use, those unresolved) is kept whole.
pub const MAX_LISTED: usize = 50;

/// The line that stands for the items left out of a list.
pub const MORE: &str = "... more, not listed";

/// How an API is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EndpointType {
    Edge,
    Regional,
    Private,
}

impl EndpointType {
    pub fn name(self) -> &'static str {
        match self {
            EndpointType::Edge => "edge",
            EndpointType::Regional => "regional",
            EndpointType::Private => "private",
        }
    }
}

/// Something the template does not settle from its own text: a condition or parameter without a
/// default, a deploy-time value. Reported, never guessed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unresolved {
    /// The feature it would show, when it would show one.
    pub feature: Option<String>,
    /// The property or value (`Stage ProdStage: CacheClusterEnabled`).
    pub what: String,
    /// Why it is not known (`condition IsProd depends on parameter Env, which has no default`).
    pub why: String,
}

/// One API found in a template or plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FoundApi {
    pub name: Option<String>,
    /// The logical id (CloudFormation, SAM) or resource address (Terraform).
    pub id: String,
    pub kind: ApiKind,
    /// The file it was read from and how (`cloudformation`, `sam`, `terraform-plan`).
    pub source: String,
    pub format: &'static str,
    pub region: Option<String>,
    /// `None`: not known (an unresolved value), with the reason in `unresolved`.
    pub endpoint: Option<EndpointType>,
    pub stages: Vec<String>,
    /// The largest stage cache, GB, when a stage has its cache enabled.
    pub cache_gb: Option<Decimal>,
    /// Feature id -> the resources (and properties) that show it.
    pub evidence: Evidence,
    pub unresolved: Vec<Unresolved>,
    /// What a reviewer should know that is neither a feature nor a blocker (a CORS preflight method
    /// an HTTP API answers itself), with where it was seen.
    pub notes: Vec<String>,
    /// The features of `unresolved`, kept whole when the list is cut at [`MAX_LISTED`].
    #[serde(skip)]
    pub unresolved_features: BTreeSet<String>,
}

impl FoundApi {
    pub fn new(id: &str, kind: ApiKind, source: &str, format: &'static str) -> FoundApi {
        FoundApi {
            name: None,
            id: id.to_string(),
            kind,
            source: source.to_string(),
            format,
            region: None,
            endpoint: None,
            stages: Vec::new(),
            cache_gb: None,
            evidence: Evidence::new(),
            unresolved: Vec::new(),
            notes: Vec::new(),
            unresolved_features: BTreeSet::new(),
        }
    }

    /// Records a note (once; the first [`MAX_LISTED`] kept).
    pub fn note(&mut self, text: impl Into<String>) {
        let text = text.into();
        if self.notes.len() < MAX_LISTED {
            if !self.notes.contains(&text) {
                self.notes.push(text);
            }
        } else if self.notes.len() == MAX_LISTED {
            self.notes.push(MORE.to_string());
        }
    }

    /// Records that `feature` is used, shown by `by` (once per distinct piece of evidence).
    pub fn uses(&mut self, feature: &str, by: impl Into<String>) {
        let by = by.into();
        let list = self.evidence.list_mut(feature);
        if list.len() < MAX_LISTED {
            if !list.contains(&by) {
                list.push(by);
            }
        } else if list.len() == MAX_LISTED {
            list.push(MORE.to_string());
        }
    }

    pub fn unresolved(
        &mut self,
        feature: Option<&str>,
        what: impl Into<String>,
        why: impl Into<String>,
    ) {
        if let Some(f) = feature {
            self.unresolved_features.insert(f.to_string());
        }
        let u = Unresolved {
            feature: feature.map(str::to_string),
            what: what.into(),
            why: why.into(),
        };
        if self.unresolved.len() < MAX_LISTED {
            if !self.unresolved.contains(&u) {
                self.unresolved.push(u);
            }
        } else if self.unresolved.len() == MAX_LISTED {
            self.unresolved.push(Unresolved {
                feature: None,
                what: MORE.to_string(),
                why: "more values the template leaves unresolved".to_string(),
            });
        }
    }

    pub fn add_stage(&mut self, stage: &str) {
        if self.stages.len() < MAX_LISTED {
            if !self.stages.iter().any(|s| s == stage) {
                self.stages.push(stage.to_string());
            }
        } else if self.stages.len() == MAX_LISTED {
            self.stages.push(MORE.to_string());
        }
    }

    /// A stage cache of `gb`: the API's cache size is its largest.
    pub fn add_cache(&mut self, gb: Decimal) {
        if self.cache_gb.is_none_or(|c| gb > c) {
            self.cache_gb = Some(gb);
        }
    }

    /// The feature ids in use, sorted.
    pub fn features(&self) -> Vec<&str> {
        self.evidence.keys().map(String::as_str).collect()
    }
}

/// A feature in use that HTTP APIs lack.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Blocker {
    pub feature: String,
    pub title: String,
    pub workaround: Option<String>,
    /// Whether the API can move with the workaround (false: the workaround is to stay on REST, or none).
    pub can_move: bool,
}

/// What a REST API's move to HTTP comes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    MovesAsIs,
    MovesWithWorkarounds,
    Stays,
    Undecided,
}

impl Verdict {
    pub fn text(self) -> &'static str {
        match self {
            Verdict::MovesAsIs => "moves as is",
            Verdict::MovesWithWorkarounds => "moves with workarounds",
            Verdict::Stays => "stays",
            Verdict::Undecided => "undecided",
        }
    }
}

/// Whether a feature's workaround lets the API move: not when there is none (`None`) or when it is to
/// keep the routes on a REST API.
pub fn workaround_moves(f: &Feature) -> bool {
    match f.workaround.as_deref().map(str::trim) {
        None | Some("") | Some("None") => false,
        Some(w) => !w.to_ascii_lowercase().starts_with("keep "),
    }
}

fn blocker(f: &Feature) -> Blocker {
    Blocker {
        feature: f.id.clone(),
        title: f.title.clone(),
        workaround: f.workaround.clone().filter(|w| w.trim() != "None"),
        can_move: workaround_moves(f),
    }
}

/// The features a REST API uses that the HTTP column marks unsupported (none for other kinds).
pub fn http_blockers(api: &FoundApi, features: &Features) -> Vec<Blocker> {
    if api.kind != ApiKind::Rest {
        return Vec::new();
    }
    api.features()
        .into_iter()
        .filter_map(|id| features.get(id))
        .filter(|f| f.support_of(ApiKind::Http) == Support::No)
        .map(blocker)
        .collect()
}

/// Blockers the unresolved parts of the template could add (features not already in use).
pub fn possible_blockers(api: &FoundApi, features: &Features) -> Vec<Blocker> {
    if api.kind != ApiKind::Rest {
        return Vec::new();
    }
    api.unresolved_features
        .iter()
        .filter(|id| !api.evidence.contains_key(id))
        .filter_map(|id| features.get(id))
        .filter(|f| f.support_of(ApiKind::Http) == Support::No)
        .map(blocker)
        .collect()
}

/// Blockers whose workaround is CloudFront in front of the HTTP API (with AWS WAF on it for `waf`):
/// one distribution serves them all, so the move is priced with it once.
pub const FRONTED_BY_CLOUDFRONT: [&str; 3] = ["caching", "edge-optimized", "waf"];

/// Whether the move needs CloudFront in front, and WAF on it: `(cloudfront, waf)`.
pub fn needs_front(blockers: &[Blocker]) -> (bool, bool) {
    let front = blockers
        .iter()
        .any(|b| FRONTED_BY_CLOUDFRONT.contains(&b.feature.as_str()));
    (front, blockers.iter().any(|b| b.feature == "waf"))
}

/// The verdict for a REST API (`None` for HTTP and WebSocket APIs: nothing to move).
pub fn verdict(api: &FoundApi, features: &Features) -> Option<Verdict> {
    if api.kind != ApiKind::Rest {
        return None;
    }
    let known = rank(&http_blockers(api, features));
    let worst = rank(&possible_blockers(api, features));
    Some(if worst > known {
        Verdict::Undecided
    } else {
        known
    })
}

/// The verdict a set of blockers gives, ordered so that a worse one compares greater.
fn rank(blockers: &[Blocker]) -> Verdict {
    if blockers.is_empty() {
        Verdict::MovesAsIs
    } else if blockers.iter().all(|b| b.can_move) {
        Verdict::MovesWithWorkarounds
    } else {
        Verdict::Stays
    }
}

impl PartialOrd for Verdict {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Verdict {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let n = |v: &Verdict| match v {
            Verdict::MovesAsIs => 0,
            Verdict::MovesWithWorkarounds => 1,
            Verdict::Undecided => 2,
            Verdict::Stays => 3,
        };
        n(self).cmp(&n(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rest(features: &[&str]) -> FoundApi {
        let mut a = FoundApi::new("Api", ApiKind::Rest, "t.yaml", "cloudformation");
        for f in features {
            a.uses(f, "Api");
        }
        a
    }

    #[test]
    fn blockers_are_the_features_http_lacks() {
        let f = Features::embedded().unwrap();
        let a = rest(&[
            "api-keys",
            "caching",
            "iam-auth",
            "lambda-authorizer",
            "xray",
        ]);
        let ids: Vec<_> = http_blockers(&a, &f)
            .into_iter()
            .map(|b| b.feature)
            .collect();
        assert_eq!(ids, ["api-keys", "caching", "xray"]);
        assert_eq!(verdict(&a, &f), Some(Verdict::MovesWithWorkarounds));
    }

    #[test]
    fn verdicts() {
        let f = Features::embedded().unwrap();
        assert_eq!(verdict(&rest(&["iam-auth"]), &f), Some(Verdict::MovesAsIs));
        assert_eq!(
            verdict(&rest(&["private-endpoint"]), &f),
            Some(Verdict::Stays)
        );
        assert_eq!(
            verdict(&rest(&["backend-certificates"]), &f),
            Some(Verdict::Stays)
        );
        assert_eq!(
            verdict(&rest(&["waf", "caching"]), &f),
            Some(Verdict::MovesWithWorkarounds)
        );
        let mut u = rest(&["iam-auth"]);
        u.unresolved(
            Some("caching"),
            "Stage: CacheClusterEnabled",
            "condition IsProd",
        );
        assert_eq!(verdict(&u, &f), Some(Verdict::Undecided));
        let mut s = rest(&["private-endpoint"]);
        s.unresolved(
            Some("caching"),
            "Stage: CacheClusterEnabled",
            "condition IsProd",
        );
        assert_eq!(verdict(&s, &f), Some(Verdict::Stays), "already stays");
        let http = FoundApi::new("H", ApiKind::Http, "t", "sam");
        assert_eq!(verdict(&http, &f), None);
    }

    #[test]
    fn every_rest_feature_http_lacks_is_classified() {
        // The classification read from the workaround text, pinned for every blocker in the data.
        let f = Features::embedded().unwrap();
        let stays: Vec<_> = f
            .features
            .iter()
            .filter(|x| x.support_of(ApiKind::Http) == Support::No && !workaround_moves(x))
            .map(|x| x.id.as_str())
            .collect();
        assert_eq!(stays, ["private-endpoint", "backend-certificates"]);
    }

    #[test]
    fn lists_are_cut_but_what_is_judged_is_kept() {
        let mut a = rest(&[]);
        for i in 0..1000 {
            a.uses("api-keys", format!("Method M{i}"));
            a.unresolved(Some("caching"), format!("Stage S{i}"), "unknown");
            a.add_stage(&format!("s{i}"));
        }
        a.unresolved(Some("xray"), "Stage Last", "unknown");
        assert_eq!(a.evidence["api-keys"].len(), MAX_LISTED + 1);
        assert_eq!(a.evidence["api-keys"][MAX_LISTED], MORE);
        assert_eq!(a.stages.len(), MAX_LISTED + 1);
        assert_eq!(a.unresolved.len(), MAX_LISTED + 1);
        let f = Features::embedded().unwrap();
        let possible: Vec<_> = possible_blockers(&a, &f)
            .into_iter()
            .map(|b| b.feature)
            .collect();
        assert_eq!(
            possible,
            ["caching", "xray"],
            "the 1,001st unresolved value still counts"
        );
    }

    #[test]
    fn the_cache_is_the_largest_stage_cache() {
        let mut a = rest(&[]);
        a.add_cache(Decimal::new(5, 1));
        a.add_cache(Decimal::new(61, 1));
        a.add_cache(Decimal::new(16, 1));
        assert_eq!(a.cache_gb, Some(Decimal::new(61, 1)));
    }
}
