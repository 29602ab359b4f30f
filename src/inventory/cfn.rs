//! CloudFormation (and SAM, through `sam`): the APIs a template declares and what each uses.
//!
//! Resources are tied to an API by what they refer to (`Ref`, `Fn::GetAtt`, `${Name}` in `Fn::Sub`):
//! a stage names its API, a WAF association names a stage, a usage plan key names a usage plan. A
//! resource under a condition that resolves false is left out; under one that cannot be resolved, what
//! it shows is reported as unresolved with the reason.

use std::collections::HashMap;

use super::eval::{refs, Ctx};
use super::resource::{apply_rules, describe, Res};
use super::sink::Sink;
use super::{sam, Value};
use crate::model::api::ApiKind;
use crate::model::inventory::FoundApi;

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
