//! One resource of a CloudFormation or SAM template and what it says about its API: name, endpoint,
//! stages and cache ([`describe`]), and the features its properties show ([`apply_rules`], from the
//! tables of `cfn_features`). `cfn` and `sam` tie resources to APIs and call these; `terraform` applies
//! its own table through [`apply`].

use rust_decimal::Decimal;

use super::cfn_features::{Rule, Test, RULES};
use super::eval::{Ctx, Ev};
use super::sink::{passes, Sink};
use super::{include, Value};
use crate::model::inventory::EndpointType;

/// One resource of the template.
pub struct Res<'a> {
    pub id: &'a str,
    pub ty: &'a str,
    pub props: &'a Value,
    /// `Err(why)`: created only under a condition that cannot be resolved.
    pub exists: Result<(), String>,
    pub refs: Vec<String>,
}

/// Name, endpoint, stages and cache: what a resource says about its API beyond features.
pub(super) fn describe(r: &Res, props: &Value, ctx: &Ctx, s: &mut Sink) {
    let at = |p: &str| format!("{} {}: {p}", r.ty, r.id);
    match r.ty {
        "AWS::ApiGateway::RestApi"
        | "AWS::ApiGatewayV2::Api"
        | "AWS::Serverless::Api"
        | "AWS::Serverless::HttpApi"
        | "AWS::Serverless::WebSocketApi" => {
            if let Some(n) = props.get("Name") {
                // Resolved, or the text of a `Fn::Sub` as written; otherwise none (the logical id
                // stands for it), never `{Ref: ...}`.
                s.api.name = ctx.text(n).ok().or_else(|| raw_text(n));
            }
            for body in ["Body", "DefinitionBody"] {
                match props.get(body) {
                    Some(b) if include::is_include(b) => include::include(b, &at(body), ctx, s),
                    Some(b) => super::openapi::definition(b, &at(body), s),
                    None => {}
                }
            }
            for uri in ["DefinitionUri", "BodyS3Location"] {
                if let Some(u) = props.get(uri) {
                    include::uri(u, &at(uri), ctx, s);
                }
            }
            if r.ty == "AWS::Serverless::Api" && props.get("Cors").is_some() {
                s.api
                    .note(format!("{} ({})", super::openapi::CORS_NOTE, at("Cors")));
            }
            if r.ty == "AWS::ApiGateway::RestApi" || r.ty == "AWS::Serverless::Api" {
                endpoint(props, &at("EndpointConfiguration"), ctx, s);
            } else {
                s.api.endpoint = Some(EndpointType::Regional);
            }
            if r.ty.starts_with("AWS::Serverless::") {
                let default = match r.ty {
                    "AWS::Serverless::HttpApi" => Some("$default"),
                    "AWS::Serverless::WebSocketApi" => Some("default"),
                    _ => None,
                };
                stage(props.get("StageName"), default, &at("StageName"), ctx, s);
                cache(props, &at("CacheClusterEnabled"), ctx, s);
            }
        }
        "AWS::ApiGateway::Stage" | "AWS::ApiGatewayV2::Stage" => {
            stage(props.get("StageName"), None, &at("StageName"), ctx, s);
            cache(props, &at("CacheClusterEnabled"), ctx, s);
            method_caching(props, &at("MethodSettings"), ctx, s);
        }
        "AWS::ApiGateway::Deployment" => {
            stage(props.get("StageName"), None, &at("StageName"), ctx, s);
            if let Some(d) = props.get("StageDescription") {
                cache(d, &at("StageDescription.CacheClusterEnabled"), ctx, s);
                method_caching(d, &at("StageDescription.MethodSettings"), ctx, s);
            }
        }
        _ => {}
    }
}

/// The text of a value that cannot be resolved, as written (`${AWS::StackName}-api`).
fn raw_text(v: &Value) -> Option<String> {
    match v.get("Fn::Sub") {
        Some(Value::Str(s)) => Some(s.clone()),
        Some(Value::Seq(s)) => s.first().and_then(Value::as_str).map(str::to_string),
        _ => None,
    }
}

fn stage(v: Option<&Value>, default: Option<&str>, at: &str, ctx: &Ctx, s: &mut Sink) {
    match v.map(|v| ctx.text(v)) {
        Some(Ok(name)) => s.api.add_stage(&name),
        Some(Err(why)) => s.api.unresolved(None, at.to_string(), why),
        None => {
            if let Some(d) = default {
                s.api.add_stage(d);
            }
        }
    }
}

/// A REST endpoint: `EndpointConfiguration` as `{Types: [..]}` (CloudFormation) or a string or
/// `{Type: ..}` (SAM); absent, AWS's default, EDGE.
fn endpoint(props: &Value, at: &str, ctx: &Ctx, s: &mut Sink) {
    let text = match ctx.at(props, &["EndpointConfiguration"]) {
        Ok(None) => Ok("EDGE (AWS's default: no EndpointConfiguration)".to_string()),
        Err(why) => Err(why),
        Ok(Some(conf)) => {
            let first = match (ctx.at(&conf, &["Types"]), ctx.at(&conf, &["Type"])) {
                (Ok(Some(types)), _) => match types.as_seq().and_then(|t| t.first()) {
                    Some(t) => ctx.text(t),
                    None => Err(format!("EndpointConfiguration.Types is {}", types.brief())),
                },
                (Err(why), _) | (_, Err(why)) => Err(why),
                (Ok(None), Ok(Some(t))) => ctx.text(&t),
                (Ok(None), Ok(None)) => ctx.text(&conf),
            };
            first.map_err(|e| format!("EndpointConfiguration: {e}"))
        }
    };
    match text {
        Ok(t) => {
            let up = t.to_ascii_uppercase();
            let (e, feature) = if up.starts_with("PRIVATE") {
                (EndpointType::Private, Some("private-endpoint"))
            } else if up.starts_with("REGIONAL") {
                (EndpointType::Regional, None)
            } else {
                (EndpointType::Edge, Some("edge-optimized"))
            };
            s.api.endpoint = Some(e);
            if let Some(f) = feature {
                s.uses(f, format!("{at} = {t}"));
            }
        }
        Err(why) => {
            s.api.endpoint = None;
            s.api
                .unresolved(Some("edge-optimized"), at.to_string(), why.clone());
            s.api
                .unresolved(Some("private-endpoint"), at.to_string(), why);
        }
    }
}

/// A stage cache: `CacheClusterEnabled` with `CacheClusterSize` (AWS's default 0.5 GB).
fn cache(props: &Value, at: &str, ctx: &Ctx, s: &mut Sink) {
    let Some(enabled) = props.get("CacheClusterEnabled") else {
        return;
    };
    match ctx.boolean(enabled) {
        Ok(false) => {}
        Ok(true) => {
            let size = match props.get("CacheClusterSize").map(|v| ctx.text(v)) {
                None => Ok("0.5".to_string()),
                Some(r) => r,
            };
            match size.map(|t| (t.parse::<Decimal>(), t)) {
                Ok((Ok(gb), _)) => {
                    if s.exists.is_ok() {
                        s.api.add_cache(gb);
                    }
                    s.uses(
                        "caching",
                        format!("{at} = true, CacheClusterSize = {gb} GB"),
                    );
                }
                Ok((Err(_), t)) => s.api.unresolved(
                    Some("caching"),
                    at.to_string(),
                    format!(
                        "CacheClusterSize '{}' is not a size in GB",
                        crate::error::shorten(&t)
                    ),
                ),
                Err(why) => {
                    s.uses("caching", format!("{at} = true"));
                    s.api
                        .unresolved(None, format!("{at}: CacheClusterSize"), why);
                }
            }
        }
        Err(why) => s.api.unresolved(Some("caching"), at.to_string(), why),
    }
}

/// `MethodSettings` with `CachingEnabled`: caching, even when the stage's own flag says nothing.
fn method_caching(props: &Value, at: &str, ctx: &Ctx, s: &mut Sink) {
    let Ok(Some(list)) = ctx.at(props, &["MethodSettings"]) else {
        return;
    };
    let on = list.as_seq().unwrap_or(&[]).iter().any(
        |m| matches!(ctx.at(m, &["CachingEnabled"]), Ok(Some(c)) if ctx.boolean(&c) == Ok(true)),
    );
    if on {
        s.uses("caching", format!("{at}: CachingEnabled = true"));
    }
}

/// Applies the rules of [`RULES`] for a resource type to its properties.
pub fn apply_rules(ty: &str, id: &str, props: &Value, ctx: &Ctx, s: &mut Sink) {
    apply(RULES, ty, &format!("{ty} {id}"), props, ctx, s)
}

/// Applies a table of rules to a resource's properties; `label` names the resource in the evidence.
pub(super) fn apply(rules: &[Rule], ty: &str, label: &str, props: &Value, ctx: &Ctx, s: &mut Sink) {
    for (rule_ty, path, test, feature) in rules {
        if *rule_ty != ty {
            continue;
        }
        if path.is_empty() {
            s.uses(feature, label.to_string());
            continue;
        }
        let mut found = Vec::new();
        walk(props, path, String::new(), ctx, &mut found);
        for (p, ev, deploy) in found {
            let at = format!("{label}: {p}");
            match (ev, deploy) {
                (Ev::Known(v), _) if passes(&v, *test) => {
                    s.uses(feature, format!("{at} = {}", v.brief()))
                }
                (Ev::Known(_) | Ev::NoValue, _) => {}
                // Known only at deploy time, but there: enough for "present", and for a test its
                // text already passes (or an ARN whose service is known fails).
                (Ev::Unknown(why), Some(text)) => {
                    if matches!(test, Test::Present) || passes(&Value::Str(text.clone()), *test) {
                        s.uses(feature, format!("{at} = {}", cut(&text)));
                    } else if !text.starts_with("arn:aws:") {
                        s.api.unresolved(Some(feature), at, why);
                    }
                }
                (Ev::Unknown(why), None) => s.api.unresolved(Some(feature), at, why),
            }
        }
    }
}

/// Text from a template as evidence: whole up to 120 characters.
fn cut(text: &str) -> String {
    match text.char_indices().nth(120) {
        Some((i, _)) => format!("{}...", &text[..i]),
        None => text.to_string(),
    }
}

/// What a walk finds at a path: where, the value, and its deploy-time text when the value surely
/// exists but is known only at deploy time.
type Found = (String, Ev, Option<String>);

/// The values at `path` (each step resolved with `Ctx::shallow`), with the path walked.
fn walk(v: &Value, path: &[&str], at: String, ctx: &Ctx, out: &mut Vec<Found>) {
    let node = match ctx.shallow(v) {
        Ok(Some(n)) => n,
        Ok(None) => return,
        Err(why) => {
            let deploy = if path.is_empty() {
                ctx.deploy_time(v)
            } else {
                None
            };
            out.push((at, Ev::Unknown(why), deploy));
            return;
        }
    };
    let Some((first, rest)) = path.split_first() else {
        out.push((at, Ev::Known(node.into_owned()), None));
        return;
    };
    let join = |k: &str| {
        if at.is_empty() {
            k.to_string()
        } else {
            format!("{at}.{k}")
        }
    };
    if *first == "*" {
        match node.as_ref() {
            Value::Seq(items) => {
                for (i, x) in items.iter().enumerate() {
                    walk(x, rest, join(&i.to_string()), ctx, out);
                }
            }
            Value::Map(m) => {
                for (k, x) in m {
                    walk(x, rest, join(k), ctx, out);
                }
            }
            _ => {}
        }
    } else if let Some(x) = node.get(first) {
        walk(x, rest, join(first), ctx, out);
    }
}
