//! Terraform plans (`terraform show -json PLAN`, format_version 1.x): the APIs in
//! `planned_values.root_module` and its `child_modules` at any depth, tied to their stages, usage
//! plans, WAF associations... by the references in `configuration` (a new plan knows no ids yet) or
//! by equal ids (a plan of existing resources); the region from the `aws` provider's configuration.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::cfn;
use super::cfn_features::{Rule, Test};
use super::eval::Ctx;
use super::resource::{self, Res};
use super::sink::Sink;
use super::{Value, MAX_DEPTH};
use crate::model::api::ApiKind;
use crate::model::inventory::{EndpointType, FoundApi};

const LAMBDA_TYPES: &[&str] = &["TOKEN", "REQUEST"];

#[rustfmt::skip]
const RULES: &[Rule] = &[
    ("aws_api_gateway_rest_api", &["policy"], Test::Present, "resource-policies"),
    ("aws_api_gateway_rest_api_policy", &[], Test::Present, "resource-policies"),
    ("aws_api_gateway_stage", &["xray_tracing_enabled"], Test::True, "xray"),
    ("aws_api_gateway_stage", &["canary_settings"], Test::Present, "canary-deployments"),
    ("aws_api_gateway_stage", &["client_certificate_id"], Test::Present, "backend-certificates"),
    ("aws_api_gateway_stage", &["access_log_settings", "*", "destination_arn"], Test::Contains(":firehose:"), "firehose-access-logs"),
    ("aws_api_gateway_deployment", &["canary_settings"], Test::Present, "canary-deployments"),
    ("aws_api_gateway_method_settings", &["settings", "*", "caching_enabled"], Test::True, "caching"),
    ("aws_api_gateway_method_settings", &["settings", "*", "logging_level"], Test::OneOf(&["INFO", "ERROR"]), "execution-logs"),
    ("aws_api_gateway_usage_plan", &[], Test::Present, "per-client-throttling"),
    ("aws_api_gateway_usage_plan_key", &[], Test::Present, "api-keys"),
    ("aws_api_gateway_api_key", &[], Test::Present, "api-keys"),
    ("aws_api_gateway_request_validator", &[], Test::Present, "request-validation"),
    ("aws_api_gateway_method", &["api_key_required"], Test::True, "api-keys"),
    ("aws_api_gateway_method", &["authorization"], Test::OneOf(&["AWS_IAM"]), "iam-auth"),
    ("aws_api_gateway_method", &["authorization"], Test::OneOf(&["CUSTOM"]), "lambda-authorizer"),
    ("aws_api_gateway_method", &["authorization"], Test::OneOf(&["COGNITO_USER_POOLS"]), "cognito-authorizer"),
    ("aws_api_gateway_method", &["request_validator_id"], Test::Present, "request-validation"),
    ("aws_api_gateway_integration", &["request_templates"], Test::Present, "request-transformation"),
    ("aws_api_gateway_integration", &["request_parameters"], Test::Present, "parameter-mapping"),
    ("aws_api_gateway_integration", &["type"], Test::OneOf(&["MOCK"]), "mock-integration"),
    ("aws_api_gateway_integration", &["response_transfer_mode"], Test::OneOf(&["STREAM"]), "response-streaming"),
    ("aws_api_gateway_integration_response", &["response_templates"], Test::Present, "request-transformation"),
    ("aws_api_gateway_authorizer", &["type"], Test::OneOf(LAMBDA_TYPES), "lambda-authorizer"),
    ("aws_api_gateway_authorizer", &["type"], Test::OneOf(&["COGNITO_USER_POOLS"]), "cognito-authorizer"),
    ("aws_api_gateway_gateway_response", &[], Test::Present, "custom-gateway-responses"),
    ("aws_api_gateway_client_certificate", &[], Test::Present, "backend-certificates"),
    ("aws_api_gateway_domain_name", &[], Test::Present, "custom-domains"),
    ("aws_api_gateway_domain_name", &["mutual_tls_authentication"], Test::Present, "mutual-tls"),
    ("aws_api_gateway_domain_name", &["domain_name"], Test::StartsWith("*."), "wildcard-custom-domains"),
    ("aws_api_gateway_domain_name", &["endpoint_configuration", "*", "types", "*"], Test::OneOf(&["EDGE"]), "edge-optimized"),
    ("aws_api_gateway_base_path_mapping", &[], Test::Present, "custom-domains"),
    ("aws_wafv2_web_acl_association", &[], Test::Present, "waf"),
    ("aws_wafregional_web_acl_association", &[], Test::Present, "waf"),
    ("aws_apigatewayv2_stage", &["auto_deploy"], Test::True, "automatic-deployments"),
    ("aws_apigatewayv2_authorizer", &["authorizer_type"], Test::OneOf(&["JWT"]), "jwt-authorizer"),
    ("aws_apigatewayv2_authorizer", &["authorizer_type"], Test::OneOf(&["REQUEST"]), "lambda-authorizer"),
    ("aws_apigatewayv2_route", &["authorization_type"], Test::OneOf(&["AWS_IAM"]), "iam-auth"),
    ("aws_apigatewayv2_route", &["api_key_required"], Test::True, "api-keys"),
    ("aws_apigatewayv2_integration", &["request_templates"], Test::Present, "request-transformation"),
    ("aws_apigatewayv2_integration", &["request_parameters"], Test::Present, "parameter-mapping"),
    ("aws_apigatewayv2_integration", &["integration_type"], Test::OneOf(&["MOCK"]), "mock-integration"),
    ("aws_apigatewayv2_domain_name", &[], Test::Present, "custom-domains"),
    ("aws_apigatewayv2_domain_name", &["mutual_tls_authentication"], Test::Present, "mutual-tls"),
    ("aws_apigatewayv2_api_mapping", &[], Test::Present, "custom-domains"),
];

/// One planned resource.
struct Planned<'a> {
    /// The address without instance keys (`module.api.aws_api_gateway_stage.prod`).
    base: String,
    address: &'a str,
    ty: &'a str,
    values: &'a Value,
}

static NULL: Value = Value::Null;

/// Every API of a plan.
pub fn read(path: &str, doc: &Value) -> Result<Vec<FoundApi>, String> {
    let version = doc
        .get("format_version")
        .and_then(Value::as_str)
        .unwrap_or("");
    let old = version.split('.').next() == Some("0");
    if version.split('.').next() != Some("1") && !old {
        return Err(format!(
            "format_version '{}' is not supported: expected a plan of format 0.x or 1.x (`terraform show -json PLAN`)",
            crate::error::shorten(version)
        ));
    }
    let mut planned = Vec::new();
    if let Some(root) = doc.get("planned_values").and_then(|p| p.get("root_module")) {
        collect(root, &mut planned, 0)?;
    }
    let config_refs = config_references(doc)?;
    let region = region(doc);
    let mut apis = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    for p in &planned {
        let kind = match p.ty {
            "aws_api_gateway_rest_api" => ApiKind::Rest,
            "aws_apigatewayv2_api" => match p.values.get("protocol_type").and_then(Value::as_str) {
                Some(t) if t.eq_ignore_ascii_case("WEBSOCKET") => ApiKind::WebSocket,
                _ => ApiKind::Http,
            },
            _ => continue,
        };
        let mut api = FoundApi::new(p.address, kind, path, "terraform-plan");
        match &region {
            Ok(r) => api.region = Some(r.clone()),
            Err(why) => api.unresolved(None, "region", why.clone()),
        }
        if let Some(id) = p
            .values
            .get("id")
            .and_then(Value::as_str)
            .filter(|i| !i.is_empty())
        {
            ids.insert(id.to_string(), apis.len());
        }
        index.insert(p.address.to_string(), apis.len());
        index.entry(p.base.clone()).or_insert(apis.len());
        apis.push(api);
    }
    let res: Vec<Res> = planned
        .iter()
        .map(|p| {
            let mut refs: Vec<String> = config_refs.get(&p.base).cloned().unwrap_or_default();
            id_refs(p.values, &ids, &apis, &mut refs, 0);
            Res {
                id: if index.contains_key(p.address) {
                    p.address
                } else {
                    p.base.as_str()
                },
                ty: p.ty,
                props: p.values,
                exists: Ok(()),
                refs,
            }
        })
        .collect();
    let owners = cfn::link(&res, &index);
    let ctx = Ctx::plain();
    for (r, p) in res.iter().zip(&planned) {
        for &i in owners.get(r.id).map(Vec::as_slice).unwrap_or(&[]) {
            let mut sink = Sink {
                api: &mut apis[i],
                exists: &r.exists,
            };
            describe(p, &mut sink);
            resource::apply(RULES, p.ty, p.address, p.values, &ctx, &mut sink);
        }
    }
    if old {
        // Terraform 0.12-0.15 wrote format 0.1 (0.2 from 0.15.4): the same shape as 1.x for what is
        // read here (planned_values, configuration, provider_config).
        for a in &mut apis {
            a.note(format!(
                "read from a plan of format_version {} (Terraform 0.12-0.15): read as format 1.x, whose shape it shares",
                crate::error::shorten(version)
            ));
        }
    }
    Ok(apis)
}

/// The managed resources of a module and its child modules, depth first.
fn collect<'a>(module: &'a Value, out: &mut Vec<Planned<'a>>, depth: usize) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(format!("modules nested more than {MAX_DEPTH} levels deep"));
    }
    for r in module
        .get("resources")
        .and_then(Value::as_seq)
        .unwrap_or(&[])
    {
        if r.get("mode").and_then(Value::as_str) == Some("data") {
            continue;
        }
        let (Some(address), Some(ty)) = (
            r.get("address").and_then(Value::as_str),
            r.get("type").and_then(Value::as_str),
        ) else {
            return Err(format!(
                "a planned resource without address or type: {}",
                r.brief()
            ));
        };
        out.push(Planned {
            base: strip_keys(address),
            address,
            ty,
            values: r.get("values").unwrap_or(&NULL),
        });
    }
    for child in module
        .get("child_modules")
        .and_then(Value::as_seq)
        .unwrap_or(&[])
    {
        collect(child, out, depth + 1)?;
    }
    Ok(())
}

/// An address without its instance keys: `module.a["x"].aws_b.c[0]` -> `module.a.aws_b.c`.
fn strip_keys(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    let mut depth = 0usize;
    let mut quoted = false;
    for c in address.chars() {
        match c {
            '"' if depth > 0 => quoted = !quoted,
            '[' if !quoted => depth += 1,
            ']' if !quoted && depth > 0 => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Each configured resource's references to other resources, by address without instance keys,
/// resolved from the module it is in (`module.api.` + `aws_api_gateway_rest_api.this`); a module's
/// input variable (`var.rest_api_id`) stands for what its caller passed in.
fn config_references(doc: &Value) -> Result<HashMap<String, Vec<String>>, String> {
    let mut c = Config::default();
    if let Some(root) = doc.get("configuration").and_then(|c| c.get("root_module")) {
        c.module(root, "", &HashMap::new(), 0)?;
    }
    Ok(c.resources)
}

type Refs = HashMap<String, Vec<String>>;

/// What the configuration says: each resource's references, and each module output's
/// (`module.api.rest_api_id` -> `module.api.aws_api_gateway_rest_api.this`), so that a stage in one
/// module is tied to the API another module creates.
#[derive(Default)]
struct Config {
    resources: Refs,
    outputs: Refs,
}

impl Config {
    fn module(&mut self, m: &Value, prefix: &str, vars: &Refs, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err(format!("modules nested more than {MAX_DEPTH} levels deep"));
        }
        // Child modules first (in the order their inputs need: a module fed `module.api.id` after
        // `api`), so that this module's resources can name their outputs.
        let calls = m.get("module_calls").and_then(Value::as_map).unwrap_or(&[]);
        for &i in &call_order(calls) {
            let (name, call) = &calls[i];
            let mut inputs = HashMap::new();
            for (var, expr) in call
                .get("expressions")
                .and_then(Value::as_map)
                .unwrap_or(&[])
            {
                let mut refs = Vec::new();
                self.references(expr, prefix, vars, &mut refs, 0);
                inputs.insert(var.clone(), refs);
            }
            if let Some(child) = call.get("module") {
                let child_prefix = format!("{prefix}module.{name}.");
                self.module(child, &child_prefix, &inputs, depth + 1)?;
            }
        }
        for r in m.get("resources").and_then(Value::as_seq).unwrap_or(&[]) {
            let Some(address) = r.get("address").and_then(Value::as_str) else {
                continue;
            };
            let mut refs = Vec::new();
            self.references(
                r.get("expressions").unwrap_or(&NULL),
                prefix,
                vars,
                &mut refs,
                0,
            );
            self.resources.insert(format!("{prefix}{address}"), refs);
        }
        for (name, o) in m.get("outputs").and_then(Value::as_map).unwrap_or(&[]) {
            let mut refs = Vec::new();
            self.references(
                o.get("expression").unwrap_or(&NULL),
                prefix,
                vars,
                &mut refs,
                0,
            );
            self.outputs.insert(format!("{prefix}{name}"), refs);
        }
        Ok(())
    }

    /// The resource addresses in an expression tree's `references` lists (`aws_x.y.id` -> `aws_x.y`;
    /// `var.v` -> what the module's caller passed as `v`; `module.m.o` -> what output `o` of module
    /// `m` refers to).
    fn references(
        &self,
        v: &Value,
        prefix: &str,
        vars: &Refs,
        out: &mut Vec<String>,
        depth: usize,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        match v {
            Value::Map(m) => {
                for (k, x) in m {
                    if k != "references" {
                        self.references(x, prefix, vars, out, depth + 1);
                        continue;
                    }
                    for r in x.as_seq().unwrap_or(&[]).iter().filter_map(Value::as_str) {
                        let parts: Vec<&str> = r.split('.').collect();
                        if parts.len() >= 2 && parts[0].starts_with("aws_") {
                            out.push(format!("{prefix}{}.{}", parts[0], strip_keys(parts[1])));
                        } else if parts.len() >= 2 && parts[0] == "var" {
                            out.extend(vars.get(parts[1]).into_iter().flatten().cloned());
                        } else if parts.len() >= 3 && parts[0] == "module" {
                            let key = format!(
                                "{prefix}module.{}.{}",
                                strip_keys(parts[1]),
                                strip_keys(parts[2])
                            );
                            out.extend(self.outputs.get(&key).into_iter().flatten().cloned());
                        }
                    }
                }
            }
            Value::Seq(s) => s
                .iter()
                .for_each(|x| self.references(x, prefix, vars, out, depth + 1)),
            _ => {}
        }
    }
}

/// The module calls of one module, each after the siblings its inputs name (`module.api...`); a cycle
/// (which Terraform refuses) keeps file order.
fn call_order(calls: &[(String, Value)]) -> Vec<usize> {
    let needs: Vec<Vec<usize>> = calls
        .iter()
        .map(|(_, call)| {
            let mut names = Vec::new();
            module_names(call.get("expressions").unwrap_or(&NULL), &mut names, 0);
            calls
                .iter()
                .enumerate()
                .filter(|(_, (n, _))| names.contains(&n.as_str()))
                .map(|(i, _)| i)
                .collect()
        })
        .collect();
    let mut done = vec![false; calls.len()];
    let mut order = Vec::with_capacity(calls.len());
    while order.len() < calls.len() {
        let next = (0..calls.len())
            .find(|&i| !done[i] && needs[i].iter().all(|&j| done[j] || j == i))
            .or_else(|| (0..calls.len()).find(|&i| !done[i]));
        let Some(i) = next else { break };
        done[i] = true;
        order.push(i);
    }
    order
}

/// The module names an expression's references name (`module.api.id` -> `api`).
fn module_names<'v>(v: &'v Value, out: &mut Vec<&'v str>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match v {
        Value::Map(m) => {
            for (k, x) in m {
                if k == "references" {
                    for r in x.as_seq().unwrap_or(&[]).iter().filter_map(Value::as_str) {
                        if let Some(rest) = r.strip_prefix("module.") {
                            out.push(rest.split(['.', '[']).next().unwrap_or(rest));
                        }
                    }
                } else {
                    module_names(x, out, depth + 1);
                }
            }
        }
        Value::Seq(s) => s.iter().for_each(|x| module_names(x, out, depth + 1)),
        _ => {}
    }
}

/// A plan of existing resources names its API by id (`rest_api_id = "a1b2c3"`, or inside an ARN).
fn id_refs(
    v: &Value,
    ids: &HashMap<String, usize>,
    apis: &[FoundApi],
    out: &mut Vec<String>,
    depth: usize,
) {
    if ids.is_empty() || depth > MAX_DEPTH {
        return;
    }
    match v {
        Value::Str(s) => {
            // The id itself, or the id after `/restapis/` or `/apis/` in an ARN: looked up, not
            // searched for, so the work is one lookup per string however many APIs there are.
            let in_arn = ["/restapis/", "/apis/"].iter().filter_map(|p| {
                s.find(p)
                    .map(|at| &s[at + p.len()..])
                    .map(|rest| rest.split('/').next().unwrap_or(rest))
            });
            for candidate in std::iter::once(s.as_str()).chain(in_arn) {
                if let Some(&i) = ids.get(candidate) {
                    out.push(apis[i].id.clone());
                }
            }
        }
        Value::Map(m) => m
            .iter()
            .filter(|(k, _)| k != "id" && k != "arn")
            .for_each(|(_, x)| id_refs(x, ids, apis, out, depth + 1)),
        Value::Seq(s) => s.iter().for_each(|x| id_refs(x, ids, apis, out, depth + 1)),
        _ => {}
    }
}

/// The `aws` provider's region: a constant, or a variable's value in the plan.
fn region(doc: &Value) -> Result<String, String> {
    let expr = doc
        .get("configuration")
        .and_then(|c| c.get("provider_config"))
        .and_then(|p| p.get("aws"))
        .and_then(|a| a.get("expressions"))
        .and_then(|e| e.get("region"));
    let Some(expr) = expr else {
        return Err(
            "the aws provider sets no region in the plan (it came from the environment)".into(),
        );
    };
    if let Some(r) = expr.get("constant_value").and_then(Value::as_str) {
        return Ok(r.to_string());
    }
    let var = expr
        .get("references")
        .and_then(Value::as_seq)
        .and_then(|r| {
            r.iter()
                .filter_map(Value::as_str)
                .find_map(|r| r.strip_prefix("var."))
        });
    match var {
        Some(name) => doc
            .get("variables")
            .and_then(|v| v.get(name))
            .and_then(|v| v.get("value"))
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| {
                format!("the aws provider's region is var.{name}, which has no value in the plan")
            }),
        None => Err("the aws provider's region is an expression the plan does not evaluate".into()),
    }
}

/// Name, endpoint, stages and cache.
fn describe(p: &Planned, s: &mut Sink) {
    let v = p.values;
    let at = |k: &str| format!("{}: {k}", p.address);
    match p.ty {
        "aws_api_gateway_rest_api" | "aws_apigatewayv2_api" => {
            if let Some(n) = v.get("name").and_then(Value::as_str) {
                s.api.name = Some(n.to_string());
            }
            if let Some(body) = v
                .get("body")
                .and_then(Value::as_str)
                .filter(|b| !b.is_empty())
            {
                // An OpenAPI definition as JSON (jsonencode) or YAML (file()); anything else is not one.
                if let Ok(doc) = super::parse_document("body", body) {
                    super::openapi::definition(&doc, &at("body"), s);
                }
            }
            if p.ty == "aws_apigatewayv2_api" {
                s.api.endpoint = Some(EndpointType::Regional);
                return;
            }
            let t = v
                .get("endpoint_configuration")
                .and_then(Value::as_seq)
                .and_then(|c| c.first())
                .and_then(|c| c.get("types"))
                .and_then(Value::as_seq)
                .and_then(|t| t.first())
                .and_then(Value::as_str);
            let (e, shown) = match t.map(str::to_ascii_uppercase).as_deref() {
                Some("PRIVATE") => (EndpointType::Private, Some("private-endpoint")),
                Some("REGIONAL") => (EndpointType::Regional, None),
                Some(_) => (EndpointType::Edge, Some("edge-optimized")),
                None => (EndpointType::Edge, Some("edge-optimized")),
            };
            s.api.endpoint = Some(e);
            if let Some(f) = shown {
                let what = t.map_or(
                    "EDGE (AWS's default: no endpoint_configuration)".to_string(),
                    str::to_string,
                );
                s.uses(f, format!("{} = {what}", at("endpoint_configuration")));
            }
        }
        "aws_api_gateway_stage" | "aws_apigatewayv2_stage" | "aws_api_gateway_deployment" => {
            let key = if p.ty == "aws_apigatewayv2_stage" {
                "name"
            } else {
                "stage_name"
            };
            if let Some(n) = v.get(key).and_then(Value::as_str).filter(|n| !n.is_empty()) {
                s.api.add_stage(n);
            }
            if v.get("cache_cluster_enabled").and_then(Value::truthy) == Some(true) {
                let size = v
                    .get("cache_cluster_size")
                    .and_then(Value::as_str)
                    .unwrap_or("0.5");
                match size.parse::<Decimal>() {
                    Ok(gb) => {
                        s.api.add_cache(gb);
                        s.uses(
                            "caching",
                            format!(
                                "{} = true, cache_cluster_size = {gb} GB",
                                at("cache_cluster_enabled")
                            ),
                        );
                    }
                    Err(_) => s.api.unresolved(
                        Some("caching"),
                        at("cache_cluster_size"),
                        format!("'{}' is not a size in GB", crate::error::shorten(size)),
                    ),
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_of_existing_resources_ties_them_by_id() {
        let mut ids = HashMap::new();
        ids.insert("a1b2c3".to_string(), 0);
        let apis = vec![FoundApi::new(
            "aws_api_gateway_rest_api.x",
            ApiKind::Rest,
            "p",
            "terraform-plan",
        )];
        let v = super::super::parse_document(
            "t",
            r#"{"rest_api_id": "a1b2c3", "resource_arn": "arn:aws:apigateway:eu-west-1::/restapis/a1b2c3/stages/live", "other": "zzz"}"#,
        )
        .unwrap();
        let mut out = Vec::new();
        id_refs(&v, &ids, &apis, &mut out, 0);
        assert_eq!(
            out,
            ["aws_api_gateway_rest_api.x", "aws_api_gateway_rest_api.x"]
        );
    }

    #[test]
    fn instance_keys_are_stripped() {
        assert_eq!(
            strip_keys(r#"module.a["x.y"].aws_b.c[0]"#),
            "module.a.aws_b.c"
        );
        assert_eq!(strip_keys("aws_b.c"), "aws_b.c");
    }
}
