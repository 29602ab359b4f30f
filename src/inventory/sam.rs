//! SAM: `Globals` merged into `AWS::Serverless::Api` / `HttpApi`, the implicit `ServerlessRestApi` and
//! `ServerlessHttpApi` that function events of type `Api` / `HttpApi` create when they name no API,
//! and what those events add (API keys, IAM auth, request validation).

use std::collections::HashMap;

use super::eval::Ctx;
use super::resource::{self, Res};
use super::sink::Sink;
use super::Value;
use crate::model::api::ApiKind;
use crate::model::inventory::FoundApi;

/// SAM's transform.
const TRANSFORM: &str = "AWS::Serverless-2016-10-31";
/// The logical ids SAM gives the APIs it creates for events that name none.
pub const IMPLICIT_REST: &str = "ServerlessRestApi";
pub const IMPLICIT_HTTP: &str = "ServerlessHttpApi";

/// Whether a template is SAM: it declares the transform or uses a serverless resource type.
pub fn is_sam(doc: &Value, res: &[Res]) -> bool {
    let transform = match doc.get("Transform") {
        Some(Value::Str(t)) => t == TRANSFORM,
        Some(Value::Seq(list)) => list.iter().any(|t| t.as_str() == Some(TRANSFORM)),
        _ => false,
    };
    transform || res.iter().any(|r| r.ty.starts_with("AWS::Serverless::"))
}

/// The template's `Globals` section.
pub struct Globals<'a> {
    api: Option<&'a Value>,
    http: Option<&'a Value>,
    ws: Option<&'a Value>,
}

impl<'a> Globals<'a> {
    pub fn of(doc: &'a Value) -> Globals<'a> {
        let g = doc.get("Globals");
        Globals {
            api: g.and_then(|g| g.get("Api")),
            http: g.and_then(|g| g.get("HttpApi")),
            ws: g.and_then(|g| g.get("WebSocketApi")),
        }
    }

    /// A serverless API's properties with the globals under them (the resource's own values win;
    /// mappings merge key by key, as SAM merges them). `None` when nothing applies.
    pub fn merged(&self, ty: &str, props: &Value) -> Option<Value> {
        let g = match ty {
            "AWS::Serverless::Api" => self.api?,
            "AWS::Serverless::HttpApi" => self.http?,
            "AWS::Serverless::WebSocketApi" => self.ws?,
            _ => return None,
        };
        Some(merge(g, props))
    }
}

fn merge(global: &Value, own: &Value) -> Value {
    match (global, own) {
        (Value::Map(g), Value::Map(o)) => {
            let mut out: Vec<(String, Value)> = Vec::with_capacity(g.len() + o.len());
            for (k, v) in g {
                match own.get(k) {
                    Some(ov) => out.push((k.clone(), merge(v, ov))),
                    None => out.push((k.clone(), v.clone())),
                }
            }
            for (k, v) in o {
                if global.get(k).is_none() {
                    out.push((k.clone(), v.clone()));
                }
            }
            Value::Map(out)
        }
        (g, Value::Null) => g.clone(),
        (_, o) => o.clone(),
    }
}

/// One function event that reaches an API.
struct Event<'a> {
    function: &'a Res<'a>,
    name: &'a str,
    kind: ApiKind,
    props: &'a Value,
}

fn api_events<'a>(res: &'a [Res<'a>]) -> Vec<Event<'a>> {
    let mut out = Vec::new();
    // Functions, and state machines (their `Api` events start an execution through the API).
    let sources = ["AWS::Serverless::Function", "AWS::Serverless::StateMachine"];
    for r in res.iter().filter(|r| sources.contains(&r.ty)) {
        for (name, e) in r.props.get("Events").and_then(Value::as_map).unwrap_or(&[]) {
            let kind = match e.get("Type").and_then(Value::as_str) {
                Some("Api") => ApiKind::Rest,
                Some("HttpApi") => ApiKind::Http,
                _ => continue,
            };
            static NULL: Value = Value::Null;
            out.push(Event {
                function: r,
                name,
                kind,
                props: e.get("Properties").unwrap_or(&NULL),
            });
        }
    }
    out
}

/// The API an event reaches: the one its `RestApiId` / `ApiId` names, else SAM's implicit one.
fn target(e: &Event) -> Option<String> {
    let key = if e.kind == ApiKind::Rest {
        "RestApiId"
    } else {
        "ApiId"
    };
    match e.props.get(key) {
        None => Some(
            if e.kind == ApiKind::Rest {
                IMPLICIT_REST
            } else {
                IMPLICIT_HTTP
            }
            .to_string(),
        ),
        // A plain logical id (`RestApiId: HtmlApi`) is accepted by SAM as well as `!Ref HtmlApi`.
        Some(Value::Str(id)) => Some(id.clone()),
        Some(v) => {
            let mut r = Vec::new();
            super::eval::refs(v, &mut r);
            r.into_iter().next()
        }
    }
}

/// Adds the implicit APIs that function events create (unless the template declares one by that id);
/// returns their indices.
pub fn implicit_apis(
    path: &str,
    res: &[Res],
    apis: &mut Vec<FoundApi>,
    index: &mut HashMap<String, usize>,
) -> Vec<usize> {
    let mut created = Vec::new();
    for e in api_events(res) {
        let Some(id) = target(&e) else { continue };
        if id != IMPLICIT_REST && id != IMPLICIT_HTTP {
            continue;
        }
        let i = match index.get(&id) {
            Some(&i) => i,
            None => {
                let mut api = FoundApi::new(&id, e.kind, path, "sam");
                api.add_stage(if e.kind == ApiKind::Rest {
                    "Prod"
                } else {
                    "$default"
                });
                index.insert(id.clone(), apis.len());
                created.push(apis.len());
                apis.push(api);
                apis.len() - 1
            }
        };
        if let Err(why) = &e.function.exists {
            apis[i].unresolved(
                None,
                format!("{id} exists (event {} of {})", e.name, e.function.id),
                why.clone(),
            );
        }
    }
    created
}

/// The `Globals` of the implicit APIs: their endpoint, cache, tracing, auth, ...
pub fn implicit_properties(
    globals: &Globals,
    ctx: &Ctx,
    apis: &mut [FoundApi],
    implicit: &[usize],
) {
    static NULL: Value = Value::Null;
    for &i in implicit {
        let api = &mut apis[i];
        let ty = if api.kind == ApiKind::Rest {
            "AWS::Serverless::Api"
        } else {
            "AWS::Serverless::HttpApi"
        };
        let props = globals.merged(ty, &NULL).unwrap_or(Value::Null);
        let exists = Ok(());
        let r = Res {
            id: if ty == "AWS::Serverless::Api" {
                IMPLICIT_REST
            } else {
                IMPLICIT_HTTP
            },
            ty,
            props: &props,
            exists: Ok(()),
            refs: Vec::new(),
        };
        let mut sink = Sink {
            api,
            exists: &exists,
        };
        resource::describe(&r, &props, ctx, &mut sink);
        resource::apply_rules(ty, r.id, &props, ctx, &mut sink);
        let id = sink.api.id.clone();
        sink.api.name.get_or_insert(id);
    }
}

/// A property path of an event, the feature it shows, and the test.
type EventCheck = (
    &'static [&'static str],
    &'static str,
    fn(&Value, &Ctx) -> bool,
);

/// What function events add to the API they reach.
pub fn events(res: &[Res], ctx: &Ctx, apis: &mut [FoundApi], index: &HashMap<String, usize>) {
    for e in api_events(res) {
        let Some(&i) = target(&e).and_then(|id| index.get(&id)) else {
            continue;
        };
        let mut sink = Sink {
            api: &mut apis[i],
            exists: &e.function.exists,
        };
        let at = |p: &str| format!("{} {} event {}: {p}", e.function.ty, e.function.id, e.name);
        let checks: [EventCheck; 6] = [
            (&["Auth", "ResourcePolicy"], "resource-policies", |v, _| {
                !v.is_empty()
            }),
            (&["ResponseTransferMode"], "response-streaming", |v, c| {
                c.text(v).is_ok_and(|t| t.eq_ignore_ascii_case("STREAM"))
            }),
            (&["Auth", "ApiKeyRequired"], "api-keys", |v, c| {
                c.boolean(v) == Ok(true)
            }),
            (&["Auth", "Authorizer"], "iam-auth", |v, c| {
                c.text(v).is_ok_and(|t| t == "AWS_IAM")
            }),
            (
                &["RequestModel", "ValidateBody"],
                "request-validation",
                |v, c| c.boolean(v) == Ok(true),
            ),
            (
                &["RequestModel", "ValidateParameters"],
                "request-validation",
                |v, c| c.boolean(v) == Ok(true),
            ),
        ];
        for (path, feature, shows) in checks {
            if e.kind != ApiKind::Rest && feature != "iam-auth" {
                continue;
            }
            match ctx.at(e.props, path) {
                Ok(Some(v)) if shows(&v, ctx) => sink.uses(feature, at(&path.join("."))),
                Ok(_) => {}
                Err(why) => sink.api.unresolved(Some(feature), at(&path.join(".")), why),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::yaml;

    #[test]
    fn globals_merge_under_the_resource() {
        let g = yaml::parse("Auth: {ApiKeyRequired: true}\nTracingEnabled: true\n").unwrap();
        let own =
            yaml::parse("Auth: {DefaultAuthorizer: AWS_IAM}\nTracingEnabled: false\n").unwrap();
        let m = merge(&g, &own);
        assert_eq!(m.get("TracingEnabled"), Some(&Value::Bool(false)));
        let auth = m.get("Auth").unwrap();
        assert!(auth.get("ApiKeyRequired").is_some() && auth.get("DefaultAuthorizer").is_some());
    }
}
