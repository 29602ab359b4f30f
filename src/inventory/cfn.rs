//! CloudFormation (and SAM, through `sam`): the APIs a template declares and what each uses.
//!
//! Resources are tied to an API by what they refer to (`Ref`, `Fn::GetAtt`, `${Name}` in `Fn::Sub`):
//! a stage names its API, a WAF association names a stage, a usage plan key names a usage plan. A
//! resource under a condition that resolves false is left out; under one that cannot be resolved, what
//! it shows is reported as unresolved with the reason.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::cfn_features::{Rule, Test, RULES};
use super::eval::{refs, Ctx, Ev};
use super::{include, sam, Value};
use crate::model::api::ApiKind;
use crate::model::inventory::{EndpointType, FoundApi};

/// How many links a resource may be from its API (WAF association -> stage -> API is two; usage plan
/// key -> usage plan -> API is two). Bounds the linking work on large templates.
const LINK_ROUNDS: usize = 4;

/// Resources that join two others (a key to a plan, a domain to an API): the API key or domain they
/// name is tied to their API too. Only those types: a usage plan naming two APIs' stages must not tie
/// one API's stage to the other.
const JOINS: [&str; 7] = [
    "AWS::ApiGateway::UsagePlanKey",
    "AWS::ApiGateway::BasePathMapping",
    "AWS::ApiGateway::BasePathMappingV2",
    "AWS::ApiGatewayV2::ApiMapping",
    "aws_api_gateway_usage_plan_key",
    "aws_api_gateway_base_path_mapping",
    "aws_apigatewayv2_api_mapping",
];
const JOINED: [&str; 6] = [
    "AWS::ApiGateway::ApiKey",
    "AWS::ApiGateway::DomainName",
    "AWS::ApiGatewayV2::DomainName",
    "aws_api_gateway_api_key",
    "aws_api_gateway_domain_name",
    "aws_apigatewayv2_domain_name",
];

/// One resource of the template.
pub struct Res<'a> {
    pub id: &'a str,
    pub ty: &'a str,
    pub props: &'a Value,
    /// `Err(why)`: created only under a condition that cannot be resolved.
    pub exists: Result<(), String>,
    pub refs: Vec<String>,
}

/// Where findings go: the API, and whether the resource showing them surely exists.
pub struct Sink<'x> {
    pub api: &'x mut FoundApi,
    pub exists: &'x Result<(), String>,
}

impl Sink<'_> {
    /// `feature` is used (or, under an unresolved condition, may be), shown by `by`.
    pub fn uses(&mut self, feature: &str, by: String) {
        match self.exists {
            Ok(()) => self.api.uses(feature, by),
            Err(why) => self.api.unresolved(Some(feature), by, why.clone()),
        }
    }
}

static NULL: Value = Value::Null;

/// Every API of a CloudFormation or SAM template.
pub fn read(path: &str, doc: &Value) -> Result<Vec<FoundApi>, String> {
    let ctx = Ctx::new(doc)?;
    let res = resources(doc, &ctx)?;
    let is_sam = sam::is_sam(doc, &res);
    let format = if is_sam { "sam" } else { "cloudformation" };
    let mut apis: Vec<FoundApi> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for r in &res {
        let kind = match r.ty {
            "AWS::ApiGateway::RestApi" | "AWS::Serverless::Api" => ApiKind::Rest,
            "AWS::Serverless::HttpApi" => ApiKind::Http,
            "AWS::Serverless::WebSocketApi" => ApiKind::WebSocket,
            "AWS::ApiGatewayV2::Api" => v2_kind(r, &ctx)?,
            _ => continue,
        };
        let mut api = FoundApi::new(r.id, kind, path, format);
        if let Err(why) = &r.exists {
            api.unresolved(None, format!("{} {} exists", r.ty, r.id), why.clone());
        }
        index.insert(r.id.to_string(), apis.len());
        apis.push(api);
    }
    let globals = sam::Globals::of(doc);
    let implicit = if is_sam {
        sam::implicit_apis(path, &res, &mut apis, &mut index)
    } else {
        Vec::new()
    };
    let owners = link(&res, &index);
    for r in &res {
        for &i in owners.get(r.id).map(Vec::as_slice).unwrap_or(&[]) {
            let props = globals.merged(r.ty, r.props);
            let props = props.as_ref().unwrap_or(r.props);
            let mut sink = Sink {
                api: &mut apis[i],
                exists: &r.exists,
            };
            if preflight_method(r, &ctx) {
                sink.api
                    .note(format!("{} ({} {})", super::openapi::CORS_NOTE, r.ty, r.id));
                continue;
            }
            describe(r, props, &ctx, &mut sink);
            apply_rules(r.ty, r.id, props, &ctx, &mut sink);
        }
    }
    if is_sam {
        sam::events(&res, &ctx, &mut apis, &index);
        sam::implicit_properties(&globals, &ctx, &mut apis, &implicit);
    }
    Ok(apis)
}

/// A CORS preflight method: `OPTIONS` with a `MOCK` integration answering `Access-Control-Allow-*`
/// headers (what Serverless Framework's `cors: true` and hand-written templates declare).
fn preflight_method(r: &Res, ctx: &Ctx) -> bool {
    if r.ty != "AWS::ApiGateway::Method" {
        return false;
    }
    let text = |path: &[&str]| match ctx.at(r.props, path) {
        Ok(Some(v)) => v.as_str().map(str::to_ascii_uppercase),
        _ => None,
    };
    text(&["HttpMethod"]).as_deref() == Some("OPTIONS")
        && text(&["Integration", "Type"]).as_deref() == Some("MOCK")
        && super::openapi::mentions(r.props, "access-control-allow", 0)
}

/// The resources, with whether each exists (its `Condition`) and what it refers to.
fn resources<'a>(doc: &'a Value, ctx: &Ctx) -> Result<Vec<Res<'a>>, String> {
    let mut out = Vec::new();
    for (id, r) in doc.get("Resources").and_then(Value::as_map).unwrap_or(&[]) {
        if id.starts_with("Fn::ForEach::") {
            return Err(format!(
                "{}: Fn::ForEach (the AWS::LanguageExtensions transform) is not expanded here: \
                 give the processed template (CloudFormation's GetTemplate with TemplateStage Processed)",
                crate::error::shorten(id)
            ));
        }
        let ty = r
            .get("Type")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("resource {} has no Type", crate::error::shorten(id)))?;
        let exists = match r.get("Condition").and_then(Value::as_str) {
            None => Ok(()),
            Some(c) => match ctx.condition(c) {
                Ok(true) => Ok(()),
                Ok(false) => continue,
                Err(why) => Err(format!("created only if {why}")),
            },
        };
        let props = r.get("Properties").unwrap_or(&NULL);
        let mut rs = Vec::new();
        refs(props, &mut rs);
        out.push(Res {
            id,
            ty,
            props,
            exists,
            refs: rs,
        });
    }
    Ok(out)
}

fn v2_kind(r: &Res, ctx: &Ctx) -> Result<ApiKind, String> {
    match r.props.get("ProtocolType").map(|p| ctx.text(p)) {
        Some(Ok(p)) if p.eq_ignore_ascii_case("HTTP") => Ok(ApiKind::Http),
        Some(Ok(p)) if p.eq_ignore_ascii_case("WEBSOCKET") => Ok(ApiKind::WebSocket),
        // An API imported from an OpenAPI Body without ProtocolType is an HTTP API.
        None if r.props.get("Body").is_some() || r.props.get("BodyS3Location").is_some() => {
            Ok(ApiKind::Http)
        }
        Some(Ok(p)) => Err(format!(
            "resource {}: ProtocolType '{}': expected HTTP or WEBSOCKET",
            r.id,
            crate::error::shorten(&p)
        )),
        Some(Err(why)) => Err(format!(
            "resource {}: ProtocolType cannot be resolved ({why}): the API's kind is unknown",
            r.id
        )),
        None => Err(format!(
            "resource {}: no ProtocolType (HTTP or WEBSOCKET)",
            r.id
        )),
    }
}

/// Which APIs each resource belongs to: an API to itself; another resource to the APIs of what it
/// refers to, followed up to [`LINK_ROUNDS`] links; what a join refers to, to the join's APIs.
pub(super) fn link(res: &[Res], index: &HashMap<String, usize>) -> HashMap<String, Vec<usize>> {
    let mut owners: HashMap<String, Vec<usize>> =
        index.iter().map(|(k, &i)| (k.clone(), vec![i])).collect();
    let types: HashMap<&str, &str> = res.iter().map(|r| (r.id, r.ty)).collect();
    for _ in 0..LINK_ROUNDS {
        let mut changed = false;
        for r in res.iter().filter(|r| !index.contains_key(r.id)) {
            let mut found: Vec<usize> = r
                .refs
                .iter()
                .filter(|n| n.as_str() != r.id)
                .filter_map(|n| owners.get(n))
                .flatten()
                .copied()
                .collect();
            found.sort_unstable();
            found.dedup();
            let entry = owners.entry(r.id.to_string()).or_default();
            for i in found {
                if !entry.contains(&i) {
                    entry.push(i);
                    changed = true;
                }
            }
        }
        for r in res.iter().filter(|r| JOINS.contains(&r.ty)) {
            let apis = owners.get(r.id).cloned().unwrap_or_default();
            let joined = |n: &&String| types.get(n.as_str()).is_some_and(|t| JOINED.contains(t));
            for n in r.refs.iter().filter(joined) {
                let entry = owners.entry(n.clone()).or_default();
                for i in &apis {
                    if !entry.contains(i) {
                        entry.push(*i);
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
    owners
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

pub(super) fn passes(v: &Value, test: Test) -> bool {
    match test {
        Test::Present => !v.is_empty(),
        Test::True => v.truthy() == Some(true),
        Test::OneOf(list) => v
            .as_str()
            .is_some_and(|t| list.iter().any(|x| x.eq_ignore_ascii_case(t))),
        Test::Contains(part) => v
            .as_str()
            .is_some_and(|t| t.to_ascii_lowercase().contains(&part.to_ascii_lowercase())),
        Test::StartsWith(p) => v.as_str().is_some_and(|t| t.starts_with(p)),
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
