//! Reading a profile file: TOML or JSON into entries that keep each key's line and each number exactly
//! as written, then into a [`Profile`] key by key, with a message naming the key, its line, the value
//! and what was expected for anything else. Only the two levels a profile has are read; anything nested
//! deeper is a value of the wrong type.

use std::collections::BTreeMap;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::MAX_EXPONENT;
use super::{BackendSection, CacheSection, LatencySection, Profile, Value, WebSocketSection};
use crate::error::shorten;
use crate::model::inputs;

/// Reads `text` (JSON when `is_json`) into a profile and the line of every key set.
pub(super) fn read(
    text: &str,
    is_json: bool,
) -> std::result::Result<(Profile, BTreeMap<String, usize>), String> {
    let lines = LineIndex::new(text);
    let entries = if is_json {
        json_entries(text, &lines)
    } else {
        toml_entries(text, &lines)
    }?;
    let mut key_lines = BTreeMap::new();
    for e in &entries {
        e.record(&mut key_lines);
    }
    Ok((build(entries)?, key_lines))
}

/// Line numbers of byte offsets.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// The 1-based line of byte `offset`.
    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|s| *s <= offset)
    }
}

/// A value as written, two levels deep at most.
#[derive(Debug)]
enum Node {
    Text(String),
    /// A number exactly as written (TOML's underscores and radix resolved; an exponent kept).
    Number(String),
    Bool(bool),
    Table(Vec<Entry>),
    List(Vec<Entry>),
    /// JSON `null`: the key is taken as not set.
    Null,
    /// A value no key takes (a date), or a table or array nested deeper than any key.
    Other(&'static str),
}

impl Node {
    fn kind(&self) -> &'static str {
        match self {
            Node::Text(_) => "a string",
            Node::Number(_) => "a number",
            Node::Bool(_) => "a boolean",
            Node::Table(_) => "a table",
            Node::List(_) => "an array",
            Node::Null => "null",
            Node::Other(k) => k,
        }
    }
}

/// One key of the file (or one element of an array): its dotted path, line and value.
#[derive(Debug)]
struct Entry {
    key: String,
    line: usize,
    /// The value's source text, shortened, for messages.
    raw: String,
    node: Node,
}

impl Entry {
    fn record(&self, lines: &mut BTreeMap<String, usize>) {
        lines.entry(self.key.clone()).or_insert(self.line);
        if let Node::Table(children) = &self.node {
            for c in children {
                c.record(lines);
            }
        }
    }

    /// `key (line N): invalid value '...' (a table): expected ...`.
    fn wrong(&self, expected: &str) -> String {
        format!(
            "key `{}` (line {}): invalid value '{}' ({}): expected {expected}",
            self.key,
            self.line,
            self.raw,
            self.node.kind()
        )
    }

    fn string(&self, expected: &str) -> std::result::Result<String, String> {
        match &self.node {
            Node::Text(s) => Ok(s.clone()),
            _ => Err(self.wrong(expected)),
        }
    }

    fn strings(&self, expected: &str) -> std::result::Result<Vec<String>, String> {
        match &self.node {
            Node::List(items) => items.iter().map(|i| i.string(expected)).collect(),
            _ => Err(self.wrong(expected)),
        }
    }

    fn value(&self) -> std::result::Result<Value, String> {
        match &self.node {
            Node::Text(s) => Ok(Value::Text(s.clone())),
            Node::Number(n) => {
                let exact = plain_decimal(n).map_err(|e| {
                    format!(
                        "key `{}` (line {}): invalid value '{}': {e}",
                        self.key, self.line, self.raw
                    )
                })?;
                // An integer only when it reads back the same (`-0` and `+5` stay as written).
                Ok(match exact.parse::<i64>() {
                    Ok(i) if i.to_string() == exact => Value::Int(i),
                    _ => Value::Number(exact),
                })
            }
            Node::Table(children) => self.range(children),
            _ => Err(self.wrong("a number, or a string such as \"600M\", \"1.5KB\" or \"20%\"")),
        }
    }

    /// A range written as a table, as the text a flag takes: `{ p10 = "60M", p50 = "100M", p90 =
    /// "180M" }` is `p10=60M,p50=100M,p90=180M`; `{ low = "80M", high = "120M" }` is `80M..120M`;
    /// `{ mean = "100M", sd = "20%" }` is `100M~20%`. Whether the key takes a range is the parser's to say.
    fn range(&self, children: &[Entry]) -> std::result::Result<Value, String> {
        const SHAPES: &str = "a range table: { p10 = \"60M\", p50 = \"100M\", p90 = \"180M\" }, \
                              { low = \"80M\", high = \"120M\" } or { mean = \"100M\", sd = \"20%\" }";
        let mut keys: Vec<&str> = children.iter().map(Entry::leaf).collect();
        keys.sort_unstable();
        let get = |k: &str| -> std::result::Result<String, String> {
            let e = children.iter().find(|c| c.leaf() == k);
            match e.map(|c| &c.node) {
                Some(Node::Text(t)) => Ok(t.clone()),
                Some(Node::Number(n)) => Ok(n.clone()),
                _ => Err(self.wrong(SHAPES)),
            }
        };
        let text = match keys.as_slice() {
            ["p10", "p50", "p90"] => format!(
                "p10={},p50={},p90={}",
                get("p10")?,
                get("p50")?,
                get("p90")?
            ),
            ["high", "low"] => format!("{}..{}", get("low")?, get("high")?),
            ["mean", "sd"] => format!("{}~{}", get("mean")?, get("sd")?),
            _ => return Err(self.wrong(SHAPES)),
        };
        Ok(Value::Text(text))
    }

    fn whole(&self, what: &str) -> std::result::Result<u32, String> {
        match &self.node {
            Node::Number(n) => n.parse::<u32>().map_err(|_| {
                format!(
                    "key `{}` (line {}): invalid value '{}': expected {what}, a whole number from 0 to 4,294,967,295",
                    self.key, self.line, self.raw
                )
            }),
            _ => Err(self.wrong(&format!("{what}, a whole number"))),
        }
    }

    /// Months to project: a whole number from 1 to [`MAX_MONTHS`] (`months = 0` names this key and
    /// line, not the `--months` flag it stands for).
    fn months(&self) -> std::result::Result<u32, String> {
        use crate::model::projection::MAX_MONTHS;
        let expected = format!("a number of months from 1 to {MAX_MONTHS}");
        let m = self.whole(&expected)?;
        if m == 0 || m > MAX_MONTHS {
            return Err(format!(
                "key `{}` (line {}): invalid value '{}': expected {expected}",
                self.key, self.line, self.raw
            ));
        }
        Ok(m)
    }

    fn boolean(&self) -> std::result::Result<bool, String> {
        match &self.node {
            Node::Bool(b) => Ok(*b),
            _ => Err(self.wrong("true or false")),
        }
    }

    fn table(&self, keys: &[&str]) -> std::result::Result<&[Entry], String> {
        match &self.node {
            Node::Table(children) => Ok(children),
            _ => Err(self.wrong(&format!(
                "a table ([{}] with {})",
                self.key,
                keys.join(", ")
            ))),
        }
    }

    /// The last segment of the key.
    fn leaf(&self) -> &str {
        self.key.rsplit('.').next().unwrap_or(&self.key)
    }

    fn unknown(&self, keys: &[&str]) -> String {
        let leaf = self.leaf();
        // A near miss (at most two edits) is most likely a typo of that key.
        let hint = keys
            .iter()
            .map(|k| (edits(leaf, k), k))
            .filter(|(d, _)| *d <= 2)
            .min()
            .map(|(_, k)| format!("did you mean `{k}`? "))
            .unwrap_or_default();
        format!(
            "key `{}` (line {}): unknown key; {hint}expected one of {}",
            shorten(&self.key),
            self.line,
            keys.join(", ")
        )
    }
}

/// The edit distance between `a` and `b` (Levenshtein), for typo hints; long keys are not compared.
fn edits(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len() > 64 {
        return usize::MAX;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (diag + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// A number written with an exponent (`1.5e9`, TOML or JSON) as plain digits, exactly; other numbers
/// as they are. `inf` and `nan` are left for the number parser to refuse.
pub(super) fn plain_decimal(n: &str) -> std::result::Result<String, String> {
    let Some((mantissa, exp)) = n.split_once(['e', 'E']) else {
        return Ok(n.to_string());
    };
    let exp: i64 = exp
        .parse()
        .ok()
        .filter(|e: &i64| e.abs() <= MAX_EXPONENT)
        .ok_or_else(|| {
            format!("the exponent is out of range (at most {MAX_EXPONENT} either way)")
        })?;
    let (sign, m) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa.trim_start_matches('+')),
    };
    let (int, frac) = m.split_once('.').unwrap_or((m, ""));
    let digits = format!("{int}{frac}");
    // The decimal point sits after `point` digits.
    let point = int.len() as i64 + exp;
    let text = if point <= 0 {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    } else if point as usize >= digits.len() {
        format!("{digits}{}", "0".repeat(point as usize - digits.len()))
    } else {
        format!(
            "{}.{}",
            &digits[..point as usize],
            &digits[point as usize..]
        )
    };
    Ok(format!("{sign}{text}"))
}

/// The keys of a profile and of its sections.
const TOP_KEYS: &[&str] = &[
    "name",
    "description",
    "source",
    "region",
    "api",
    "apis",
    "requests",
    "rps",
    "customers",
    "requests_per_customer",
    "request_size",
    "response_size",
    "streaming",
    "growth",
    "months",
    "free_tier",
    "account_age_months",
    "peak_factor",
    "needs",
    "authorizer_duration_ms",
    "authorizer_memory_mb",
    "monthly_active_users",
    "access_log_bytes",
    "execution_log_bytes",
    "log_class",
    "log_retention_months",
    "xray_sampling",
    "azs",
    "discount",
    "authorizer",
    "authorizer_hit_rate",
    "authorizer_ttl",
    "identities",
    "endpoint",
    "cache",
    "latency",
    "websocket",
    "backend",
];
const CACHE_KEYS: &[&str] = &["size_gb", "hit_rate"];
const WEBSOCKET_KEYS: &[&str] = &[
    "messages",
    "message_size",
    "connection_minutes",
    "connections",
    "connection_duration_minutes",
];
const BACKEND_KEYS: &[&str] = &["kind", "duration_ms", "memory_mb", "arch", "init_ms"];
const LATENCY_KEYS: &[&str] = &[
    "authorizer",
    "authorizer_hit_rate",
    "authorizer_ttl",
    "identities",
    "endpoint",
    "runtime",
    "handler_ms",
    "cold_start_rate",
    "concurrency",
    "client_rtt_ms",
    "new_connections",
    "gateway_overhead_ms",
    "gateway_overhead_source",
];

/// Every key a profile takes, dotted in its table (`cache.size_gb`), tables themselves left out.
pub(super) fn keys() -> Vec<String> {
    let tables = [
        ("cache", CACHE_KEYS),
        ("websocket", WEBSOCKET_KEYS),
        ("backend", BACKEND_KEYS),
        ("latency", LATENCY_KEYS),
    ];
    let top = TOP_KEYS
        .iter()
        .filter(|k| !tables.iter().any(|(t, _)| t == *k))
        .map(|k| k.to_string());
    let nested = tables
        .iter()
        .flat_map(|(t, keys)| keys.iter().map(move |k| format!("{t}.{k}")));
    top.chain(nested).collect()
}

/// A profile from the file's top-level entries.
fn build(entries: Vec<Entry>) -> std::result::Result<Profile, String> {
    let mut p = Profile::default();
    let text = |e: &Entry| e.string("a string").map(Some);
    let val = |e: &Entry| e.value().map(Some);
    // The authorizer's and the endpoint's keys at the top level (super::MOVED_TO_TOP), read as
    // [latency] reads them once every key is known.
    let mut top = Vec::new();
    for e in entries.iter().filter(|e| !matches!(e.node, Node::Null)) {
        match e.leaf() {
            k if super::MOVED_TO_TOP.contains(&k) => top.push(e),
            "name" => p.name = text(e)?,
            "description" => p.description = text(e)?,
            "source" => p.source = text(e)?,
            "region" => p.region = Some(e.string("a region code such as \"us-east-1\"")?),
            "api" => p.api = Some(e.string(&inputs::API.expected())?),
            "apis" => p.apis = Some(e.strings("an array of options such as [\"rest\", \"http\"]")?),
            "requests" => p.requests = val(e)?,
            "rps" => p.rps = val(e)?,
            "customers" => p.customers = val(e)?,
            "requests_per_customer" => p.requests_per_customer = val(e)?,
            "request_size" => p.request_size = val(e)?,
            "response_size" => p.response_size = val(e)?,
            "streaming" => p.streaming = val(e)?,
            "growth" => p.growth = val(e)?,
            "months" => p.months = Some(e.months()?),
            "free_tier" => p.free_tier = Some(e.string(inputs::FREE_TIER.unit)?),
            "account_age_months" => {
                p.account_age_months = Some(e.whole("the account's age in months")?)
            }
            "peak_factor" => p.peak_factor = val(e)?,
            "needs" => p.needs = Some(e.strings("an array of features such as [\"api-keys\"]")?),
            "cache" => p.cache = Some(cache(e.table(CACHE_KEYS)?)?),
            "latency" => p.latency = Some(latency(e.table(LATENCY_KEYS)?)?),
            "websocket" => p.websocket = Some(websocket(e.table(WEBSOCKET_KEYS)?)?),
            "backend" => p.backend = Some(backend(e.table(BACKEND_KEYS)?)?),
            "log_class" => p.around.log_class = Some(e.string(&inputs::LOG_CLASS.expected())?),
            "authorizer_duration_ms" => p.around.authorizer_duration_ms = val(e)?,
            "authorizer_memory_mb" => p.around.authorizer_memory_mb = val(e)?,
            "monthly_active_users" => p.around.monthly_active_users = val(e)?,
            "access_log_bytes" => p.around.access_log_bytes = val(e)?,
            "execution_log_bytes" => p.around.execution_log_bytes = val(e)?,
            "log_retention_months" => p.around.log_retention_months = val(e)?,
            "xray_sampling" => p.around.xray_sampling = val(e)?,
            "azs" => p.around.azs = val(e)?,
            "discount" => p.around.discount = val(e)?,
            _ => return Err(e.unknown(TOP_KEYS)),
        }
    }
    if !top.is_empty() {
        let l = p.latency.get_or_insert_with(LatencySection::default);
        for e in top {
            latency_entry(l, e)?;
        }
    }
    Ok(p)
}

fn cache(entries: &[Entry]) -> std::result::Result<CacheSection, String> {
    let mut c = CacheSection::default();
    for e in entries.iter().filter(|e| !matches!(e.node, Node::Null)) {
        match e.leaf() {
            "size_gb" => c.size_gb = Some(e.value()?),
            "hit_rate" => c.hit_rate = Some(e.value()?),
            _ => return Err(e.unknown(CACHE_KEYS)),
        }
    }
    Ok(c)
}

fn websocket(entries: &[Entry]) -> std::result::Result<WebSocketSection, String> {
    let mut w = WebSocketSection::default();
    for e in entries.iter().filter(|e| !matches!(e.node, Node::Null)) {
        let v = Some(match e.leaf() {
            k if WEBSOCKET_KEYS.contains(&k) => e.value()?,
            _ => return Err(e.unknown(WEBSOCKET_KEYS)),
        });
        match e.leaf() {
            "messages" => w.messages = v,
            "message_size" => w.message_size = v,
            "connection_minutes" => w.connection_minutes = v,
            "connections" => w.connections = v,
            _ => w.connection_duration_minutes = v,
        }
    }
    Ok(w)
}

fn backend(entries: &[Entry]) -> std::result::Result<BackendSection, String> {
    let mut b = BackendSection::default();
    for e in entries.iter().filter(|e| !matches!(e.node, Node::Null)) {
        match e.leaf() {
            "kind" => b.kind = Some(e.string(&inputs::BACKEND.expected())?),
            "duration_ms" => b.duration_ms = Some(e.value()?),
            "memory_mb" => b.memory_mb = Some(e.value()?),
            "init_ms" => b.init_ms = Some(e.value()?),
            "arch" => b.arch = Some(e.string(&inputs::ARCH.expected())?),
            _ => return Err(e.unknown(BACKEND_KEYS)),
        }
    }
    Ok(b)
}

fn latency(entries: &[Entry]) -> std::result::Result<LatencySection, String> {
    let mut l = LatencySection::default();
    for e in entries.iter().filter(|e| !matches!(e.node, Node::Null)) {
        if !latency_entry(&mut l, e)? {
            return Err(e.unknown(LATENCY_KEYS));
        }
    }
    Ok(l)
}

/// Reads one key of `[latency]` into `l`; false for a key it does not have.
fn latency_entry(l: &mut LatencySection, e: &Entry) -> std::result::Result<bool, String> {
    {
        match e.leaf() {
            "authorizer" => l.authorizer = Some(e.string(&inputs::AUTHORIZER.expected())?),
            "authorizer_hit_rate" => l.authorizer_hit_rate = Some(e.value()?),
            "authorizer_ttl" => l.authorizer_ttl = Some(e.whole("a TTL in seconds")?),
            "identities" => l.identities = Some(e.value()?),
            "endpoint" => l.endpoint = Some(e.string(&inputs::ENDPOINT.expected())?),
            "runtime" => l.runtime = Some(e.string("a runtime such as \"python3.13\"")?),
            "handler_ms" => l.handler_ms = Some(e.value()?),
            "cold_start_rate" => l.cold_start_rate = Some(e.value()?),
            "concurrency" => l.concurrency = Some(e.value()?),
            "client_rtt_ms" => l.client_rtt_ms = Some(e.value()?),
            "new_connections" => l.new_connections = Some(e.boolean()?),
            "gateway_overhead_ms" => l.gateway_overhead_ms = Some(e.value()?),
            "gateway_overhead_source" => l.gateway_overhead_source = Some(e.string(
                "where the overhead was measured, such as \"CloudWatch, 2026-11-01 to 2026-11-08\"",
            )?),
            _ => return Ok(false),
        }
    }
    Ok(true)
}

/// The entries of a TOML profile, or the parser's error with its line (a duplicate key named).
fn toml_entries(text: &str, lines: &LineIndex) -> std::result::Result<Vec<Entry>, String> {
    use toml::de::{DeTable, DeValue};
    let doc = DeTable::parse(text).map_err(|e| {
        let Some(span) = e.span() else {
            return e.message().to_string();
        };
        let line = lines.line(span.start);
        let what = text.get(span.clone()).unwrap_or_default();
        if e.message().starts_with("duplicate key") {
            format!(
                "line {line}: duplicate key `{}`: each key (and each [table]) may be set once",
                shorten(what)
            )
        } else {
            format!("line {line}: {}", e.message())
        }
    })?;
    fn node(
        v: &toml::Spanned<DeValue<'_>>,
        key: &str,
        depth: usize,
        text: &str,
        lines: &LineIndex,
    ) -> Node {
        match v.get_ref() {
            DeValue::String(s) => Node::Text(s.to_string()),
            DeValue::Integer(i) if i.radix() == 10 => Node::Number(i.as_str().to_string()),
            DeValue::Integer(i) => Node::Number(
                i128::from_str_radix(i.as_str(), i.radix())
                    .map(|n| n.to_string())
                    .unwrap_or_else(|_| i.to_string()),
            ),
            DeValue::Float(f) => Node::Number(f.as_str().to_string()),
            DeValue::Boolean(b) => Node::Bool(*b),
            DeValue::Datetime(_) => Node::Other("a date"),
            DeValue::Array(_) if depth >= 2 => Node::Other("an array"),
            // A table inside a section is a range (`[cache] hit_rate = { low = ..., high = ... }`).
            DeValue::Table(_) if depth >= 3 => Node::Other("a table"),
            DeValue::Array(items) => Node::List(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| Entry {
                        key: format!("{key}[{i}]"),
                        line: lines.line(item.span().start),
                        raw: shorten(text.get(item.span()).unwrap_or_default()),
                        node: node(item, key, depth + 1, text, lines),
                    })
                    .collect(),
            ),
            DeValue::Table(t) => Node::Table(entries(t, key, depth + 1, text, lines)),
        }
    }
    fn entries(
        t: &DeTable<'_>,
        prefix: &str,
        depth: usize,
        text: &str,
        lines: &LineIndex,
    ) -> Vec<Entry> {
        t.iter()
            .map(|(k, v)| {
                let key = match prefix {
                    "" => k.get_ref().to_string(),
                    p => format!("{p}.{}", k.get_ref()),
                };
                Entry {
                    line: lines.line(k.span().start),
                    raw: shorten(text.get(v.span()).unwrap_or_default()),
                    node: node(v, &key, depth, text, lines),
                    key,
                }
            })
            .collect()
    }
    Ok(entries(doc.get_ref(), "", 1, text, lines))
}

/// A JSON object's members in order, each value as its source text.
struct JsonMembers<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for JsonMembers<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Members<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for Members<'a> {
            type Value = JsonMembers<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object of profile keys")
            }
            fn visit_map<M: MapAccess<'de>>(
                self,
                mut m: M,
            ) -> std::result::Result<Self::Value, M::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, &'de RawValue>()? {
                    out.push((k, v));
                }
                Ok(JsonMembers(out))
            }
        }
        d.deserialize_map(Members(std::marker::PhantomData))
    }
}

/// The entries of a JSON profile, or the parser's error with its line (a duplicate key named).
fn json_entries(text: &str, lines: &LineIndex) -> std::result::Result<Vec<Entry>, String> {
    let syntax =
        |e: serde_json::Error| format!("line {}: {}", e.line(), clean_serde(&e.to_string()));
    let offset =
        |raw: &RawValue| (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    fn node(
        raw: &RawValue,
        key: &str,
        depth: usize,
        ctx: &Ctx<'_>,
    ) -> std::result::Result<Node, String> {
        let s = raw.get();
        Ok(match s.as_bytes().first() {
            Some(b'{') if depth >= 3 => Node::Other("an object"),
            Some(b'[') if depth >= 2 => Node::Other("an array"),
            Some(b'{') => {
                let m: JsonMembers = serde_json::from_str(s).map_err(|e| (ctx.syntax)(e))?;
                Node::Table(members(m, key, depth + 1, ctx)?)
            }
            Some(b'[') => {
                let items: Vec<&RawValue> = serde_json::from_str(s).map_err(|e| (ctx.syntax)(e))?;
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.into_iter().enumerate() {
                    out.push(Entry {
                        key: format!("{key}[{i}]"),
                        line: ctx.lines.line((ctx.offset)(item)),
                        raw: shorten(item.get()),
                        node: node(item, key, depth + 1, ctx)?,
                    });
                }
                Node::List(out)
            }
            Some(b'"') => Node::Text(serde_json::from_str(s).map_err(|e| (ctx.syntax)(e))?),
            Some(b't') => Node::Bool(true),
            Some(b'f') => Node::Bool(false),
            Some(b'n') => Node::Null,
            _ => Node::Number(s.to_string()),
        })
    }
    fn members(
        m: JsonMembers<'_>,
        prefix: &str,
        depth: usize,
        ctx: &Ctx<'_>,
    ) -> std::result::Result<Vec<Entry>, String> {
        let mut out: Vec<Entry> = Vec::with_capacity(m.0.len());
        for (k, raw) in m.0 {
            let key = match prefix {
                "" => k,
                p => format!("{p}.{k}"),
            };
            let line = ctx.lines.line((ctx.offset)(raw));
            if out.iter().any(|e| e.key == key) {
                return Err(format!(
                    "line {line}: duplicate key `{}`: each key may be set once",
                    shorten(&key)
                ));
            }
            out.push(Entry {
                line,
                raw: shorten(raw.get()),
                node: node(raw, &key, depth, ctx)?,
                key,
            });
        }
        Ok(out)
    }
    struct Ctx<'c> {
        lines: &'c LineIndex,
        syntax: &'c dyn Fn(serde_json::Error) -> String,
        offset: &'c dyn Fn(&RawValue) -> usize,
    }
    let ctx = Ctx {
        lines,
        syntax: &syntax,
        offset: &offset,
    };
    let top: JsonMembers = serde_json::from_str(text).map_err(syntax)?;
    members(top, "", 1, &ctx)
}

fn clean_serde(s: &str) -> String {
    s.split(" at line ").next().unwrap_or(s).to_string()
}
