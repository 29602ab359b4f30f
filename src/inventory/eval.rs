//! CloudFormation's intrinsic functions, evaluated as far as the template itself settles them:
//! parameters from their defaults, conditions, mappings, `Fn::If`, `Fn::Sub`, `Fn::Join`, ... What only
//! a deployment knows (a parameter without a default, `AWS::Region`, `Fn::GetAtt`, `Fn::ImportValue`)
//! is [`Ev::Unknown`] with the reason, never guessed.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use super::Value;

/// The intrinsic functions CloudFormation defines (long form). Any other `Fn::` key is an error.
const KNOWN: [&str; 19] = [
    "Fn::Base64",
    "Fn::Cidr",
    "Fn::FindInMap",
    "Fn::GetAtt",
    "Fn::GetAZs",
    "Fn::ImportValue",
    "Fn::Join",
    "Fn::Select",
    "Fn::Split",
    "Fn::Sub",
    "Fn::Transform",
    "Fn::If",
    "Fn::Equals",
    "Fn::Not",
    "Fn::And",
    "Fn::Or",
    "Fn::Length",
    "Fn::ToJsonString",
    "Fn::ForEach",
];

/// An evaluated value.
#[derive(Debug, Clone, PartialEq)]
pub enum Ev {
    Known(Value),
    /// Not settled by the template, with the reason.
    Unknown(String),
    /// `AWS::NoValue`: the property is absent.
    NoValue,
}

/// What intrinsics read: parameters (with their defaults), mappings and conditions.
pub struct Ctx<'a> {
    params: HashMap<&'a str, Option<&'a Value>>,
    mappings: Option<&'a Value>,
    conditions: HashMap<&'a str, &'a Value>,
    memo: RefCell<HashMap<String, Result<bool, String>>>,
    /// How many conditions are being evaluated inside one another now.
    depth: Cell<usize>,
    /// Logical id -> resource type.
    resources: HashMap<&'a str, &'a str>,
    /// No intrinsics (a Terraform plan's values): every value is itself.
    plain: bool,
}

impl<'a> Ctx<'a> {
    pub fn new(doc: &'a Value) -> Result<Ctx<'a>, String> {
        check_document(doc)?;
        let mut params = HashMap::new();
        for (name, p) in doc.get("Parameters").and_then(Value::as_map).unwrap_or(&[]) {
            params.insert(name.as_str(), p.get("Default"));
        }
        let conditions = doc
            .get("Conditions")
            .and_then(Value::as_map)
            .unwrap_or(&[])
            .iter()
            .map(|(k, v)| (k.as_str(), v))
            .collect();
        let resources = doc
            .get("Resources")
            .and_then(Value::as_map)
            .unwrap_or(&[])
            .iter()
            .map(|(k, r)| {
                (
                    k.as_str(),
                    r.get("Type").and_then(Value::as_str).unwrap_or(""),
                )
            })
            .collect();
        Ok(Ctx {
            params,
            mappings: doc.get("Mappings"),
            conditions,
            memo: RefCell::new(HashMap::new()),
            depth: Cell::new(0),
            resources,
            plain: false,
        })
        .inspect(|ctx| {
            // Each condition after those it names: a chain of 20,000 `!Not [!Condition ..]` is then
            // evaluated one link at a time, never 20,000 calls deep.
            for name in ctx.condition_order() {
                let _ = ctx.condition(name);
            }
        })
    }

    /// The declared conditions, each after the conditions it refers to (a depth-first walk with its
    /// own stack; a cycle is cut where it closes and reported when evaluated).
    fn condition_order(&self) -> Vec<&'a str> {
        let mut state: HashMap<&str, bool> = HashMap::new(); // false: open, true: done
        let mut out = Vec::with_capacity(self.conditions.len());
        for (&start, _) in self.conditions.iter() {
            if state.contains_key(start) {
                continue;
            }
            state.insert(start, false);
            let mut stack = vec![(start, condition_refs(self.conditions[start]), 0)];
            while let Some((name, deps, i)) = stack.last_mut() {
                if let Some(d) = deps.get(*i).copied() {
                    *i += 1;
                    if let Some((&d, expr)) = self.conditions.get_key_value(d) {
                        match state.get(d) {
                            None => {
                                state.insert(d, false);
                                stack.push((d, condition_refs(expr), 0));
                            }
                            // A cycle closes here: the condition is unknown, settled now so that
                            // evaluating the others never walks the cycle.
                            Some(false) => {
                                self.memo.borrow_mut().insert(
                                    d.to_string(),
                                    Err(format!("condition {d} refers to itself (a cycle)")),
                                );
                            }
                            Some(true) => {}
                        }
                    }
                } else {
                    let name = *name;
                    state.insert(name, true);
                    out.push(name);
                    stack.pop();
                }
            }
        }
        out
    }

    /// A context for plain values, where a key such as `Ref` is just a key.
    pub fn plain() -> Ctx<'static> {
        Ctx {
            params: HashMap::new(),
            mappings: None,
            conditions: HashMap::new(),
            memo: RefCell::new(HashMap::new()),
            depth: Cell::new(0),
            resources: HashMap::new(),
            plain: true,
        }
    }

    /// A named condition: true, false, or why it cannot be known.
    pub fn condition(&self, name: &str) -> Result<bool, String> {
        if let Some(r) = self.memo.borrow().get(name) {
            return r.clone();
        }
        let Some(expr) = self.conditions.get(name) else {
            return Err(format!("condition {name} is not declared in Conditions"));
        };
        if self.depth.get() >= MAX_CONDITION_DEPTH {
            // Reached only through a cycle or an undeclared order the walk in `new` did not settle:
            // unknown, said so, and never a stack overflow.
            return Err(format!(
                "condition {name} is reached through more than {MAX_CONDITION_DEPTH} conditions"
            ));
        }
        self.depth.set(self.depth.get() + 1);
        // A cycle (A uses B uses A) is unknown, not an endless loop.
        self.memo.borrow_mut().insert(
            name.to_string(),
            Err(format!("condition {name} refers to itself")),
        );
        let r = match self.eval(expr) {
            Ev::Known(v) => v
                .truthy()
                .ok_or_else(|| format!("condition {name} is {}, not a boolean", v.brief())),
            Ev::Unknown(why) => Err(format!("condition {name}: {why}")),
            Ev::NoValue => Err(format!("condition {name} is AWS::NoValue")),
        };
        self.depth.set(self.depth.get() - 1);
        self.memo.borrow_mut().insert(name.to_string(), r.clone());
        r
    }

    /// A value with only its own intrinsic applied (what is inside a plain mapping or list is left as
    /// written, so an unresolved sibling does not hide a resolved property): `Ok(None)` for
    /// `AWS::NoValue`.
    pub fn shallow<'v>(&self, v: &'v Value) -> Result<Option<Cow<'v, Value>>, String> {
        match v {
            Value::Map(m) if !self.plain && m.len() == 1 && is_intrinsic(&m[0].0) => {
                match self.eval(v) {
                    Ev::Known(x) => Ok(Some(Cow::Owned(x))),
                    Ev::NoValue => Ok(None),
                    Ev::Unknown(why) => Err(why),
                }
            }
            other => Ok(Some(Cow::Borrowed(other))),
        }
    }

    /// The text of a value that surely exists but is known only at deploy time (`Fn::Sub` or
    /// `Fn::Join` over deploy-time parts, `Fn::GetAtt`, `Fn::ImportValue`, a `Ref` to a resource, to a
    /// parameter or to `AWS::Region`): as written; the ARN of a resource of a known type names its
    /// service (`arn:aws:firehose:...`). `None` for what may not exist at all (`Fn::If`).
    pub fn deploy_time(&self, v: &Value) -> Option<String> {
        let Value::Map(m) = v else { return None };
        let [(k, arg)] = m.as_slice() else {
            return None;
        };
        match (k.as_str(), arg) {
            ("Fn::Sub", Value::Str(t)) => Some(t.clone()),
            ("Fn::Sub", Value::Seq(s)) => s.first().and_then(Value::as_str).map(str::to_string),
            ("Fn::GetAtt", Value::Seq(s)) => {
                let id = s.first().and_then(Value::as_str).unwrap_or("");
                let attribute = s.get(1).and_then(Value::as_str).unwrap_or("");
                match self.resources.get(id) {
                    Some(ty) if attribute == "Arn" => {
                        let service = match (*ty, ty.split("::").nth(1).unwrap_or("")) {
                            ("AWS::Serverless::Function", _) => "lambda".to_string(),
                            (_, "KinesisFirehose") => "firehose".to_string(),
                            (_, other) => other.to_ascii_lowercase(),
                        };
                        Some(format!("arn:aws:{service}:(deploy time):{id}"))
                    }
                    _ => Some(v.brief()),
                }
            }
            ("Fn::Join" | "Fn::GetAtt" | "Fn::ImportValue", _) => Some(v.brief()),
            ("Ref", Value::Str(n))
                if (n.starts_with("AWS::") && n != "AWS::NoValue")
                    || self.resources.contains_key(n.as_str())
                    || self.params.contains_key(n.as_str()) =>
            {
                Some(format!("Ref {n}"))
            }
            _ => None,
        }
    }

    /// The value at a path of keys, each step resolved with [`Ctx::shallow`]: `Ok(None)` when a key is
    /// absent or `AWS::NoValue`.
    pub fn at<'v>(&self, v: &'v Value, path: &[&str]) -> Result<Option<Cow<'v, Value>>, String> {
        let Some(mut node) = self.shallow(v)? else {
            return Ok(None);
        };
        for k in path {
            let next = match node {
                Cow::Borrowed(b) => match b.get(k) {
                    Some(x) => self.shallow(x)?,
                    None => return Ok(None),
                },
                Cow::Owned(o) => match o.get(k) {
                    Some(x) => self.shallow(x)?.map(|c| Cow::Owned(c.into_owned())),
                    None => return Ok(None),
                },
            };
            match next {
                Some(n) => node = n,
                None => return Ok(None),
            }
        }
        Ok(Some(node))
    }

    /// Evaluates a value: intrinsics applied, `AWS::NoValue` entries removed.
    pub fn eval(&self, v: &Value) -> Ev {
        if self.plain {
            return Ev::Known(v.clone());
        }
        match v {
            Value::Map(m) if m.len() == 1 && is_intrinsic(&m[0].0) => {
                self.intrinsic(&m[0].0, &m[0].1)
            }
            Value::Map(m) => {
                let mut out = Vec::with_capacity(m.len());
                for (k, x) in m {
                    match self.eval(x) {
                        Ev::Known(x) => out.push((k.clone(), x)),
                        Ev::NoValue => {}
                        Ev::Unknown(why) => return Ev::Unknown(format!("{k}: {why}")),
                    }
                }
                Ev::Known(Value::Map(out))
            }
            Value::Seq(s) => {
                let mut out = Vec::with_capacity(s.len());
                for x in s {
                    match self.eval(x) {
                        Ev::Known(x) => out.push(x),
                        Ev::NoValue => {}
                        Ev::Unknown(why) => return Ev::Unknown(why),
                    }
                }
                Ev::Known(Value::Seq(out))
            }
            other => Ev::Known(other.clone()),
        }
    }

    fn intrinsic(&self, f: &str, arg: &Value) -> Ev {
        let args = arg.as_seq().unwrap_or(&[]);
        match f {
            "Ref" => self.reference(arg),
            "Condition" => match arg.as_str() {
                Some(name) => self.bool_ev(self.condition(name)),
                None => Ev::Unknown(format!("Condition names {}", arg.brief())),
            },
            "Fn::If" => match (args.first().and_then(Value::as_str), args.len()) {
                (Some(c), 3) => match self.condition(c) {
                    Ok(true) => self.eval(&args[1]),
                    Ok(false) => self.eval(&args[2]),
                    Err(why) => Ev::Unknown(why),
                },
                _ => Ev::Unknown("Fn::If takes [condition, value if true, value if false]".into()),
            },
            "Fn::Equals" => match args {
                [a, b] => match (self.text(a), self.text(b)) {
                    (Ok(a), Ok(b)) => Ev::Known(Value::Bool(a == b)),
                    (Err(why), _) | (_, Err(why)) => Ev::Unknown(why),
                },
                _ => Ev::Unknown("Fn::Equals takes two values".into()),
            },
            "Fn::Not" => match args {
                [c] => self.bool_ev(self.boolean(c).map(|b| !b)),
                _ => Ev::Unknown("Fn::Not takes one condition".into()),
            },
            "Fn::And" | "Fn::Or" => self.logic(f == "Fn::And", args),
            "Fn::Sub" => self.sub(arg),
            "Fn::Join" => match args {
                [d, list] => match (self.text(d), self.eval(list)) {
                    (Ok(d), Ev::Known(Value::Seq(items))) => {
                        let parts: Option<Vec<&str>> = items.iter().map(Value::as_str).collect();
                        match parts {
                            Some(p) => Ev::Known(Value::Str(p.join(&d))),
                            None => Ev::Unknown("Fn::Join of a value that is not text".into()),
                        }
                    }
                    (Err(why), _) | (_, Ev::Unknown(why)) => Ev::Unknown(why),
                    _ => Ev::Unknown("Fn::Join takes [delimiter, list]".into()),
                },
                _ => Ev::Unknown("Fn::Join takes [delimiter, list]".into()),
            },
            "Fn::Select" => match args {
                [i, list] => match (self.text(i), self.eval(list)) {
                    (Ok(i), Ev::Known(Value::Seq(items))) => {
                        match i.parse::<usize>().ok().and_then(|i| items.get(i)) {
                            Some(v) => Ev::Known(v.clone()),
                            None => Ev::Unknown(format!("Fn::Select index {i} out of range")),
                        }
                    }
                    (Err(why), _) | (_, Ev::Unknown(why)) => Ev::Unknown(why),
                    _ => Ev::Unknown("Fn::Select takes [index, list]".into()),
                },
                _ => Ev::Unknown("Fn::Select takes [index, list]".into()),
            },
            "Fn::Split" => match args {
                [d, s] => match (self.text(d), self.text(s)) {
                    (Ok(d), Ok(s)) if !d.is_empty() => Ev::Known(Value::Seq(
                        s.split(d.as_str()).map(|x| Value::Str(x.into())).collect(),
                    )),
                    (Err(why), _) | (_, Err(why)) => Ev::Unknown(why),
                    _ => Ev::Unknown("Fn::Split with an empty delimiter".into()),
                },
                _ => Ev::Unknown("Fn::Split takes [delimiter, text]".into()),
            },
            "Fn::FindInMap" => self.find_in_map(args),
            other => Ev::Unknown(format!("{other} is known only when the stack is deployed")),
        }
    }

    fn reference(&self, arg: &Value) -> Ev {
        let Some(name) = arg.as_str() else {
            return Ev::Unknown(format!("Ref to {}", arg.brief()));
        };
        if name == "AWS::NoValue" {
            return Ev::NoValue;
        }
        if name.starts_with("AWS::") {
            return Ev::Unknown(format!("{name} is known only when the stack is deployed"));
        }
        match self.params.get(name) {
            Some(Some(Value::Seq(items))) => Ev::Known(Value::Str(
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(","),
            )),
            Some(Some(Value::Bool(b))) => Ev::Known(Value::Str(b.to_string())),
            Some(Some(d)) => Ev::Known((*d).clone()),
            Some(None) => Ev::Unknown(format!("parameter {name} has no default")),
            None if self.resources.contains_key(name) => {
                Ev::Unknown(format!("the physical id of resource {name}"))
            }
            None => Ev::Unknown(format!(
                "Ref to {name}, which the template does not declare"
            )),
        }
    }

    fn sub(&self, arg: &Value) -> Ev {
        let (template, vars) = match arg {
            Value::Seq(s) if s.len() == 2 => (s[0].as_str(), s[1].as_map()),
            other => (other.as_str(), None),
        };
        let Some(template) = template else {
            return Ev::Unknown("Fn::Sub takes a string or [string, variables]".into());
        };
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(i) = rest.find("${") {
            out.push_str(&rest[..i]);
            let after = &rest[i + 2..];
            if let Some(lit) = after.strip_prefix('!') {
                // `${!Literal}` writes `${Literal}`.
                out.push_str("${");
                rest = lit;
                continue;
            }
            let Some(end) = after.find('}') else {
                out.push_str(&rest[i..]);
                rest = "";
                break;
            };
            let name = &after[..end];
            let var = vars
                .and_then(|m| m.iter().find(|(k, _)| k == name))
                .map(|(_, v)| v);
            let value = match var {
                Some(v) => self.text(v),
                None if name.contains('.') => {
                    Err(format!("{name} is known only when the stack is deployed"))
                }
                None => self.text(&Value::Map(vec![("Ref".into(), Value::Str(name.into()))])),
            };
            match value {
                Ok(t) => out.push_str(&t),
                Err(why) => return Ev::Unknown(why),
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ev::Known(Value::Str(out))
    }

    fn find_in_map(&self, args: &[Value]) -> Ev {
        let [m, a, b] = args else {
            return Ev::Unknown("Fn::FindInMap takes [map, key, key]".into());
        };
        let keys: Result<Vec<String>, String> = [m, a, b].iter().map(|v| self.text(v)).collect();
        match keys {
            Ok(k) => match self
                .mappings
                .and_then(|x| x.get(&k[0]))
                .and_then(|x| x.get(&k[1]))
                .and_then(|x| x.get(&k[2]))
            {
                Some(v) => self.eval(v),
                None => Ev::Unknown(format!("Mappings has no {}.{}.{}", k[0], k[1], k[2])),
            },
            Err(why) => Ev::Unknown(why),
        }
    }

    fn logic(&self, and: bool, args: &[Value]) -> Ev {
        let mut unknown = None;
        for c in args {
            match self.boolean(c) {
                Ok(b) if b != and => return Ev::Known(Value::Bool(b)),
                Ok(_) => {}
                Err(why) => unknown = Some(why),
            }
        }
        match unknown {
            Some(why) => Ev::Unknown(why),
            None => Ev::Known(Value::Bool(and)),
        }
    }

    fn bool_ev(&self, r: Result<bool, String>) -> Ev {
        match r {
            Ok(b) => Ev::Known(Value::Bool(b)),
            Err(why) => Ev::Unknown(why),
        }
    }

    /// A value that must be a boolean (a condition expression).
    pub fn boolean(&self, v: &Value) -> Result<bool, String> {
        match self.eval(v) {
            Ev::Known(x) => x
                .truthy()
                .ok_or_else(|| format!("{} is not a boolean", x.brief())),
            Ev::Unknown(why) => Err(why),
            Ev::NoValue => Err("AWS::NoValue where a boolean was expected".into()),
        }
    }

    /// A value that must be text (a number is its text).
    pub fn text(&self, v: &Value) -> Result<String, String> {
        match self.eval(v) {
            Ev::Known(Value::Str(s)) | Ev::Known(Value::Num(s)) => Ok(s),
            Ev::Known(Value::Bool(b)) => Ok(b.to_string()),
            Ev::Known(x) => Err(format!("{} where text was expected", x.brief())),
            Ev::Unknown(why) => Err(why),
            Ev::NoValue => Err("AWS::NoValue where text was expected".into()),
        }
    }
}

/// How many conditions may be evaluated inside one another (each costs a few stack frames).
const MAX_CONDITION_DEPTH: usize = 64;

/// The condition names an expression refers to (`{Condition: X}`, `Fn::If`'s first argument).
fn condition_refs(v: &Value) -> Vec<&str> {
    fn walk<'v>(v: &'v Value, out: &mut Vec<&'v str>, depth: usize) {
        if depth > super::MAX_DEPTH {
            return;
        }
        match v {
            Value::Map(m) => {
                for (k, x) in m {
                    match (k.as_str(), x) {
                        ("Condition", Value::Str(n)) => out.push(n),
                        ("Fn::If", Value::Seq(s)) => {
                            if let Some(Value::Str(n)) = s.first() {
                                out.push(n);
                            }
                            walk(x, out, depth + 1);
                        }
                        _ => walk(x, out, depth + 1),
                    }
                }
            }
            Value::Seq(s) => s.iter().for_each(|x| walk(x, out, depth + 1)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, &mut out, 0);
    out
}

fn is_intrinsic(k: &str) -> bool {
    k == "Ref" || k == "Condition" || k.starts_with("Fn::")
}

/// The functions a `Rules` section may use besides the condition functions (CDK adds a
/// `CheckBootstrapVersion` rule to every stack it synthesizes).
const RULE_FUNCTIONS: [&str; 6] = [
    "Fn::Contains",
    "Fn::EachMemberEquals",
    "Fn::EachMemberIn",
    "Fn::RefAll",
    "Fn::ValueOf",
    "Fn::ValueOfAll",
];

/// Refuses an intrinsic CloudFormation does not define (`Fn::Frobnicate`), naming where it is
/// (`Resources.Api.Properties.Name`). The top-level `Metadata` is free-form and not checked; `Rules`
/// may also use the rule functions.
fn check_document(doc: &Value) -> Result<(), String> {
    let Value::Map(sections) = doc else {
        return Ok(());
    };
    for (name, v) in sections {
        let rules = match name.as_str() {
            "Metadata" => continue,
            "Rules" => true,
            _ => false,
        };
        check_intrinsics(v, rules, 0).map_err(|(why, mut path)| {
            path.push(name.clone());
            path.reverse();
            format!("{}: {why}", crate::error::shorten(&path.join(".")))
        })?;
    }
    Ok(())
}

/// The error and the path to it, innermost key first.
type Located = (String, Vec<String>);

fn check_intrinsics(v: &Value, rules: bool, depth: usize) -> Result<(), Located> {
    if depth > super::MAX_DEPTH {
        return Err((
            format!("nested more than {} levels deep", super::MAX_DEPTH),
            Vec::new(),
        ));
    }
    match v {
        Value::Map(m) => {
            for (k, x) in m {
                let known = KNOWN
                    .iter()
                    .any(|f| k == f || k.starts_with("Fn::ForEach::"))
                    || (rules && RULE_FUNCTIONS.contains(&k.as_str()));
                if k.starts_with("Fn::") && !known {
                    let rule = if rules {
                        format!(", or in Rules {}", RULE_FUNCTIONS.join(", "))
                    } else {
                        String::new()
                    };
                    return Err((
                        format!(
                            "unknown intrinsic function '{}': expected one of Ref, Condition, {}{rule}",
                            crate::error::shorten(k),
                            KNOWN.join(", ")
                        ),
                        Vec::new(),
                    ));
                }
                check_intrinsics(x, rules, depth + 1).map_err(|(why, mut path)| {
                    path.push(k.clone());
                    (why, path)
                })?;
            }
            Ok(())
        }
        Value::Seq(s) => s.iter().enumerate().try_for_each(|(i, x)| {
            check_intrinsics(x, rules, depth + 1).map_err(|(why, mut path)| {
                path.push(i.to_string());
                (why, path)
            })
        }),
        _ => Ok(()),
    }
}

/// The logical ids a value refers to: `Ref`, `Fn::GetAtt`'s resource, `${Name}` in `Fn::Sub`.
pub fn refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Map(m) if m.len() == 1 => {
            let (k, x) = (&m[0].0, &m[0].1);
            match (k.as_str(), x) {
                ("Ref", Value::Str(n)) => out.push(n.clone()),
                ("Fn::GetAtt", Value::Seq(s)) => {
                    if let Some(n) = s.first().and_then(Value::as_str) {
                        out.push(n.to_string());
                    }
                }
                ("Fn::GetAtt", Value::Str(s)) => {
                    out.push(s.split('.').next().unwrap_or(s).to_string());
                }
                ("Fn::Sub", Value::Str(s)) => sub_refs(s, out),
                ("Fn::Sub", Value::Seq(s)) => {
                    if let Some(t) = s.first().and_then(Value::as_str) {
                        sub_refs(t, out);
                    }
                    s.iter().skip(1).for_each(|x| refs(x, out));
                }
                _ => refs(x, out),
            }
        }
        Value::Map(m) => m.iter().for_each(|(_, x)| refs(x, out)),
        Value::Seq(s) => s.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

fn sub_refs(s: &str, out: &mut Vec<String>) {
    let mut rest = s;
    while let Some(i) = rest.find("${") {
        let after = &rest[i + 2..];
        let Some(end) = after.find('}') else { break };
        let name = &after[..end];
        if !name.starts_with('!') && !name.starts_with("AWS::") {
            out.push(name.split('.').next().unwrap_or(name).to_string());
        }
        rest = &after[end + 1..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::yaml;

    const DOC: &str = "
Parameters:
  Env: {Type: String, Default: prod}
  Size: {Type: String}
Mappings:
  Sizes: {prod: {Cache: '6.1'}}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  Big: !Equals [!Ref Size, large]
  Both: !And [!Condition IsProd, !Condition Big]
  Either: !Or [!Condition IsProd, !Condition Big]
  Loop: !Condition Loop
Resources:
  Api: {Type: AWS::ApiGateway::RestApi}
";

    #[test]
    fn conditions_resolve_from_defaults_and_say_why_not() {
        let doc = yaml::parse(DOC).unwrap();
        let c = Ctx::new(&doc).unwrap();
        assert_eq!(c.condition("IsProd"), Ok(true));
        assert!(c
            .condition("Big")
            .unwrap_err()
            .contains("parameter Size has no default"));
        assert!(c.condition("Both").is_err(), "true and unknown is unknown");
        assert_eq!(c.condition("Either"), Ok(true), "true or unknown is true");
        assert!(c.condition("Loop").unwrap_err().contains("itself"));
    }

    #[test]
    fn a_chain_of_twenty_thousand_conditions_is_evaluated_without_deep_recursion() {
        let mut doc = String::from("Conditions:\n  C0: !Equals [a, a]\n");
        for i in 1..=20_000 {
            doc.push_str(&format!("  C{i}: !Not [!Condition C{}]\n", i - 1));
        }
        doc.push_str("Resources: {}\n");
        let v = yaml::parse(&doc).unwrap();
        // On a small stack (a test thread's 2 MiB would not hold 20,000 nested evaluations).
        let r = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                let c = Ctx::new(&v).unwrap();
                (c.condition("C20000"), c.condition("C19999"))
            })
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(r, (Ok(true), Ok(false)));
    }

    #[test]
    fn a_long_cycle_of_conditions_is_unknown_not_an_overflow() {
        let mut doc = String::from("Conditions:\n");
        for i in 0..5_000 {
            doc.push_str(&format!("  C{i}: !Not [!Condition C{}]\n", (i + 1) % 5_000));
        }
        let v = yaml::parse(&doc).unwrap();
        let r = std::thread::Builder::new()
            .stack_size(1024 * 1024)
            .spawn(move || Ctx::new(&v).unwrap().condition("C0").is_err())
            .unwrap()
            .join()
            .unwrap();
        assert!(r);
    }

    #[test]
    fn values_resolve_through_if_sub_and_find_in_map() {
        let doc = yaml::parse(DOC).unwrap();
        let c = Ctx::new(&doc).unwrap();
        let v = yaml::parse("A: !If [IsProd, !FindInMap [Sizes, !Ref Env, Cache], '0.5']\nB: !Sub '${Env}-api-${!Lit}'\nC: !Sub '${AWS::StackName}-x'\nD: !If [IsProd, !Ref AWS::NoValue, 1]\n").unwrap();
        assert_eq!(
            c.eval(v.get("A").unwrap()),
            Ev::Known(Value::Str("6.1".into()))
        );
        assert_eq!(
            c.eval(v.get("B").unwrap()),
            Ev::Known(Value::Str("prod-api-${Lit}".into()))
        );
        assert!(
            matches!(c.eval(v.get("C").unwrap()), Ev::Unknown(w) if w.contains("AWS::StackName"))
        );
        assert_eq!(c.eval(v.get("D").unwrap()), Ev::NoValue);
    }

    #[test]
    fn an_unknown_intrinsic_is_an_error() {
        let doc =
            yaml::parse("Resources:\n  A:\n    Type: X\n    Properties: {P: {'Fn::Frob': 1}}\n")
                .unwrap();
        let e = Ctx::new(&doc).err().unwrap();
        assert!(
            e.contains("Fn::Frob") && e.starts_with("Resources.A.Properties.P: "),
            "{e}"
        );
    }

    #[test]
    fn refs_are_collected_from_sub_and_get_att() {
        let v = yaml::parse("A: !Sub 'arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${MyApi}/stages/${Stage.Name}'\nB: !GetAtt Fn.Arn\nC: [!Ref X]\n").unwrap();
        let mut out = Vec::new();
        refs(&v, &mut out);
        assert_eq!(out, ["MyApi", "Stage", "Fn", "X"]);
    }
}
