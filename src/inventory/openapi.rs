//! An OpenAPI definition (`Body`, `DefinitionBody`, Terraform's `body`, an included file): the API
//! Gateway extensions it uses, the API keys its security schemes require, and CORS preflight methods.
//!
//! API keys: a scheme of `type: apiKey` in `securityDefinitions` (Swagger 2) or
//! `components.securitySchemes` (OpenAPI 3) that is not a Lambda authorizer
//! (`x-amazon-apigateway-authorizer`), named by a `security` requirement of the document or of an
//! operation. That is how SAM's generated template, CDK's `SpecRestApi` and imported APIs declare keys.
//!
//! CORS preflight: an `options` operation with a `mock` integration answering `Access-Control-Allow-*`
//! headers is what SAM's `Cors`, Serverless Framework's `cors: true` and hand-written templates add; an
//! HTTP API answers preflight itself (`CorsConfiguration`), so it is a note, not a blocker.

use std::borrow::Cow;

use super::cfn_features::OPENAPI;
use super::sink::{passes, Sink};
use super::{Value, MAX_DEPTH};

/// The note a CORS preflight method gives.
pub const CORS_NOTE: &str =
    "CORS preflight (OPTIONS, mock integration): on HTTP use the HTTP API's CorsConfiguration";

/// Reads a definition; `at` names where it is (`AWS::ApiGateway::RestApi Api: Body`).
pub fn definition(v: &Value, at: &str, s: &mut Sink) {
    let mut path = Vec::new();
    walk(v, at, &mut path, s);
    security(v, at, s);
}

fn join(at: &str, path: &[Cow<str>]) -> String {
    let mut out = at.to_string();
    for p in path {
        // `Body.paths...`, or after an included file's name `file: paths...`.
        out.push_str(if out.ends_with(':') { " " } else { "." });
        out.push_str(p);
    }
    out
}

fn walk<'v>(v: &'v Value, at: &str, path: &mut Vec<Cow<'v, str>>, s: &mut Sink) {
    if path.len() > MAX_DEPTH {
        return;
    }
    match v {
        Value::Map(m) => {
            for (k, x) in m {
                path.push(Cow::Borrowed(k));
                if k.eq_ignore_ascii_case("options") && preflight(x) {
                    s.api
                        .note(format!("{CORS_NOTE} ({})", join(at, path).trim_start()));
                    path.pop();
                    continue;
                }
                for (key, inner, feature) in OPENAPI {
                    if k != key {
                        continue;
                    }
                    let shows = match inner {
                        None => !x.is_empty(),
                        Some((p, test)) => x.get(p).is_some_and(|y| passes(y, *test)),
                    };
                    if shows {
                        let detail = match inner {
                            Some((p, _)) => {
                                format!(".{p} = {}", x.get(p).map_or(String::new(), Value::brief))
                            }
                            None => String::new(),
                        };
                        s.uses(feature, format!("{}{detail}", join(at, path)));
                    }
                }
                walk(x, at, path, s);
                path.pop();
            }
        }
        Value::Seq(items) => {
            for (i, x) in items.iter().enumerate() {
                path.push(Cow::Owned(i.to_string()));
                walk(x, at, path, s);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Whether an `options` operation is a CORS preflight: a mock integration that answers
/// `Access-Control-Allow-*` headers.
pub fn preflight(op: &Value) -> bool {
    let mock = op
        .get("x-amazon-apigateway-integration")
        .and_then(|i| i.get("type"))
        .and_then(Value::as_str)
        .is_some_and(|t| t.eq_ignore_ascii_case("mock"));
    mock && mentions(op, "access-control-allow", 0)
}

/// Whether a key or text anywhere in `v` contains `needle` (lower case), ignoring case.
pub fn mentions(v: &Value, needle: &str, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let has = |t: &str| t.to_ascii_lowercase().contains(needle);
    match v {
        Value::Str(t) => has(t),
        Value::Map(m) => m
            .iter()
            .any(|(k, x)| has(k) || mentions(x, needle, depth + 1)),
        Value::Seq(items) => items.iter().any(|x| mentions(x, needle, depth + 1)),
        _ => false,
    }
}

/// The API-key schemes of a definition and the `security` requirements naming them.
fn security(doc: &Value, at: &str, s: &mut Sink) {
    let (schemes, where_) = match (
        doc.get("securityDefinitions"),
        doc.get("components").and_then(|c| c.get("securitySchemes")),
    ) {
        (Some(d), _) => (d, "securityDefinitions"),
        (None, Some(c)) => (c, "components.securitySchemes"),
        (None, None) => return,
    };
    let keys: Vec<&str> = schemes
        .as_map()
        .unwrap_or(&[])
        .iter()
        .filter(|(_, x)| {
            x.get("type")
                .and_then(Value::as_str)
                .is_some_and(|t| t.eq_ignore_ascii_case("apiKey"))
                && x.get("x-amazon-apigateway-authorizer").is_none()
        })
        .map(|(k, _)| k.as_str())
        .collect();
    if keys.is_empty() {
        return;
    }
    let mut check = |req: Option<&Value>, place: String| {
        for r in req.and_then(Value::as_seq).unwrap_or(&[]) {
            for (name, _) in r.as_map().unwrap_or(&[]) {
                if keys.contains(&name.as_str()) {
                    s.uses(
                        "api-keys",
                        format!("{at}.{place}: {name} ({where_}.{name} is type apiKey)"),
                    );
                }
            }
        }
    };
    check(doc.get("security"), "security".to_string());
    for (p, item) in doc.get("paths").and_then(Value::as_map).unwrap_or(&[]) {
        for (method, op) in item.as_map().unwrap_or(&[]) {
            check(op.get("security"), format!("paths.{p}.{method}.security"));
        }
    }
}
