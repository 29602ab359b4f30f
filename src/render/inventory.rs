//! `inventory`: the APIs found in templates and plans, as a table, JSON or Markdown. Formats only what
//! the readers found and the model judged.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::markup::Markup;
use super::Format;
use crate::error::{Error, Result};
use crate::model::inventory::{Blocker, Evidence, FoundApi, Unresolved, Verdict};

/// One API with what the model says about it.
pub struct Judged<'a> {
    pub api: &'a FoundApi,
    /// Features in use that HTTP APIs lack (REST APIs only).
    pub blockers: Vec<Blocker>,
    /// Blockers the unresolved parts of the template could add.
    pub possible: Vec<Blocker>,
    pub verdict: Option<Verdict>,
}

/// Everything `inventory` prints.
pub struct InventoryReport<'a> {
    pub files: &'a [String],
    pub apis: Vec<Judged<'a>>,
    /// The date `data/features.json` was read.
    pub features_read_on: &'a str,
    /// Files that could not be read, with why (the run exits 1 after the report).
    pub failed: &'a [(String, String)],
    /// Whether to summarise the fleet (a directory walked, or several files).
    pub fleet: bool,
}

/// The fleet in numbers: files, APIs by kind, REST APIs by verdict.
pub struct Summary {
    pub files: usize,
    pub failed: usize,
    pub kinds: Vec<(&'static str, usize)>,
    pub verdicts: Vec<(&'static str, usize)>,
}

impl Summary {
    pub fn of(r: &InventoryReport) -> Summary {
        let count = |k: &str| r.apis.iter().filter(|j| j.api.kind.name() == k).count();
        let verdict = |v: Verdict| r.apis.iter().filter(|j| j.verdict == Some(v)).count();
        Summary {
            files: r.files.len(),
            failed: r.failed.len(),
            kinds: ["rest", "http", "websocket"]
                .into_iter()
                .map(|k| (k, count(k)))
                .collect(),
            verdicts: [
                Verdict::MovesAsIs,
                Verdict::MovesWithWorkarounds,
                Verdict::Stays,
                Verdict::Undecided,
            ]
            .into_iter()
            .map(|v| (v.text(), verdict(v)))
            .collect(),
        }
    }

    /// `12 APIs in 9 files (1 file not read): 7 REST, 4 HTTP, 1 WebSocket. REST: 3 move as is, ...`
    pub fn line(&self) -> String {
        let total: usize = self.kinds.iter().map(|(_, n)| n).sum();
        let failed = if self.failed > 0 {
            format!(" ({} not read)", plural(self.failed, "file"))
        } else {
            String::new()
        };
        let kinds: Vec<String> = self
            .kinds
            .iter()
            .map(|(k, n)| format!("{n} {}", kind_title(k)))
            .collect();
        let verdicts: Vec<String> = self
            .verdicts
            .iter()
            .map(|(v, n)| format!("{n} {}", verdict_plural(v)))
            .collect();
        format!(
            "Fleet: {} in {}{failed}: {}. REST APIs: {}.",
            plural(total, "API"),
            plural(self.files, "file"),
            kinds.join(", "),
            verdicts.join(", ")
        )
    }

    fn json(&self) -> SummaryJson {
        SummaryJson {
            apis: self.kinds.iter().map(|(_, n)| n).sum(),
            by_kind: self
                .kinds
                .iter()
                .map(|(k, n)| (k.to_string(), *n))
                .collect(),
            files: self.files,
            files_not_read: self.failed,
            rest_by_verdict: self
                .verdicts
                .iter()
                .map(|(v, n)| (v.replace(' ', "-"), *n))
                .collect(),
        }
    }
}

/// The fleet in the JSON, keys in alphabetical order (maps sorted by key).
#[derive(Serialize)]
struct SummaryJson {
    apis: usize,
    by_kind: BTreeMap<String, usize>,
    files: usize,
    files_not_read: usize,
    rest_by_verdict: BTreeMap<String, usize>,
}

fn plural(n: usize, what: &str) -> String {
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

fn kind_title(k: &str) -> &'static str {
    match k {
        "rest" => "REST",
        "http" => "HTTP",
        _ => "WebSocket",
    }
}

/// "moves as is" -> "move as is" (the count is of APIs).
fn verdict_plural(v: &str) -> String {
    v.replacen("moves", "move", 1)
}

/// The report in `format` (table, JSON or Markdown; CSV is refused).
pub fn inventory(format: Format, r: &InventoryReport) -> Result<String> {
    if let Some(w) = super::markup::writer(format) {
        return Ok(escape_lines(&text(r, w)));
    }
    match format {
        Format::Json => json_text(r),
        _ => Err(Error::usage(
            "--format",
            "csv",
            "table, json or markdown (an inventory is not a set of line items)",
        )),
    }
}

/// Human-readable text with every control character and bidirectional override escaped, line by
/// line (names, logical ids and Terraform addresses come from the templates: an OSC or CSI sequence
/// in one must not reach the terminal raw). The same escape as messages on stderr.
pub fn escape_lines(text: &str) -> String {
    text.split('\n')
        .map(crate::output::escape_controls)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The endpoint as printed: `edge`, `regional`, `private` or `unknown`.
pub fn endpoint(a: &FoundApi) -> &'static str {
    a.endpoint.map_or("unknown", |e| e.name())
}

pub fn verdict_text(j: &Judged) -> &'static str {
    j.verdict.map_or("-", Verdict::text)
}

fn list(items: &[&str]) -> String {
    if items.is_empty() {
        "-".into()
    } else {
        items.join(", ")
    }
}

fn cache(a: &FoundApi) -> String {
    a.cache_gb
        .map_or("-".into(), |g| format!("{} GB", g.normalize()))
}

/// `WAF (waf): CloudFront with AWS WAF in front of the API`, or `stays on REST` when none moves it.
pub fn blocker_line(b: &Blocker) -> String {
    let how = match (&b.workaround, b.can_move) {
        (Some(w), true) => format!("workaround: {w}"),
        (Some(w), false) => format!("no workaround on HTTP ({w})"),
        (None, _) => "no workaround on HTTP".to_string(),
    };
    format!("{} ({}): {how}", b.title, b.feature)
}

/// One API as its JSON object (the `inventory` schema). Its keys are in alphabetical order, the order
/// the document has always had (serde writes a struct's fields in their declared order).
#[derive(Serialize)]
pub struct ApiJson<'a> {
    blockers: Vec<BlockerJson<'a>>,
    cache_gb: Option<String>,
    endpoint: Option<&'static str>,
    evidence: &'a Evidence,
    features: Vec<&'a str>,
    format: &'static str,
    http_blockers: Vec<&'a str>,
    id: &'a str,
    kind: &'static str,
    name: Option<&'a str>,
    notes: &'a [String],
    possible_blockers: Vec<BlockerJson<'a>>,
    region: Option<&'a str>,
    source: &'a str,
    stages: &'a [String],
    unresolved: &'a [Unresolved],
    verdict: Option<Verdict>,
}

/// A blocker in the JSON, its keys in alphabetical order.
#[derive(Serialize)]
struct BlockerJson<'a> {
    can_move: bool,
    feature: &'a str,
    title: &'a str,
    workaround: Option<&'a str>,
}

impl<'a> BlockerJson<'a> {
    fn of(b: &'a Blocker) -> BlockerJson<'a> {
        BlockerJson {
            can_move: b.can_move,
            feature: &b.feature,
            title: &b.title,
            workaround: b.workaround.as_deref(),
        }
    }
}

impl<'a> ApiJson<'a> {
    pub fn of(j: &'a Judged) -> ApiJson<'a> {
        let a = j.api;
        ApiJson {
            blockers: j.blockers.iter().map(BlockerJson::of).collect(),
            cache_gb: a.cache_gb.map(|g| g.normalize().to_string()),
            endpoint: a.endpoint.map(|e| e.name()),
            evidence: &a.evidence,
            features: a.features(),
            format: a.format,
            http_blockers: j.blockers.iter().map(|b| b.feature.as_str()).collect(),
            id: &a.id,
            kind: a.kind.name(),
            name: a.name.as_deref(),
            notes: &a.notes,
            possible_blockers: j.possible.iter().map(BlockerJson::of).collect(),
            region: a.region.as_deref(),
            source: &a.source,
            stages: &a.stages,
            unresolved: &a.unresolved,
            verdict: j.verdict,
        }
    }
}

/// One API as a JSON value (the template review adds its cost to it). Every key is a string, so the
/// conversion cannot fail; were it to, the API would be `null` rather than a panic.
pub fn api_json(j: &Judged) -> Value {
    serde_json::to_value(ApiJson::of(j)).unwrap_or(Value::Null)
}

/// What a reader of the JSON must know: nothing found, or values the templates leave unresolved.
fn warnings(r: &InventoryReport) -> Vec<String> {
    let failed = r
        .failed
        .iter()
        .map(|(path, why)| format!("{path}: not read: {why}"));
    if r.apis.is_empty() {
        return failed
            .chain([nothing_found(r).trim_end().to_string()])
            .collect();
    }
    failed.chain(r.apis
        .iter()
        .filter(|j| !j.api.unresolved.is_empty())
        .map(|j| {
            format!(
                "{}: {} value(s) the template leaves unresolved (not guessed), see its `unresolved`",
                j.api.id,
                j.api.unresolved.len()
            )
        }))
        .collect()
}

/// The JSON report, written API by API: the document is the same as `serde_json::to_string_pretty`
/// of the whole, but only one API's JSON tree exists at a time (360,000 APIs built as one tree took
/// 3.9 GB; streamed, the text itself is what remains).
fn json_text(r: &InventoryReport) -> Result<String> {
    let err = |e: serde_json::Error| Error::Other(e.to_string());
    let outer = serde_json::to_string_pretty(&json_report(r)).map_err(err)?;
    // `apis` sorts first among the keys: its placeholder is the first `"apis": []`.
    let (head, tail) = outer
        .split_once("\"apis\": []")
        .ok_or_else(|| Error::Other("the inventory JSON has no apis key".into()))?;
    let mut out = String::with_capacity(outer.len() + r.apis.len() * 1024);
    out.push_str(head);
    out.push_str("\"apis\": [");
    for (i, j) in r.apis.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        let one = serde_json::to_string_pretty(&ApiJson::of(j)).map_err(err)?;
        for (k, line) in one.split('\n').enumerate() {
            if k > 0 {
                out.push('\n');
            }
            out.push_str("    ");
            out.push_str(line);
        }
    }
    if !r.apis.is_empty() {
        out.push_str("\n  ");
    }
    out.push(']');
    out.push_str(tail);
    out.push('\n');
    Ok(out)
}

/// The inventory document around its APIs, keys in alphabetical order (as it has always been
/// written). `apis` is left empty: [`json_text`] writes the APIs into it one by one.
#[derive(Serialize)]
struct ReportJson<'a> {
    apis: [(); 0],
    features: FeaturesJson<'a>,
    files: &'a [String],
    files_not_read: Vec<NotRead<'a>>,
    schema_version: u32,
    summary: SummaryJson,
    warnings: Vec<String>,
}

#[derive(Serialize)]
struct FeaturesJson<'a> {
    read_on: &'a str,
    source: &'static str,
}

#[derive(Serialize)]
struct NotRead<'a> {
    error: &'a str,
    file: &'a str,
}

fn json_report<'a>(r: &'a InventoryReport) -> ReportJson<'a> {
    ReportJson {
        apis: [],
        features: FeaturesJson {
            read_on: r.features_read_on,
            source: "data/features.json",
        },
        files: r.files,
        files_not_read: r
            .failed
            .iter()
            .map(|(file, error)| NotRead { error, file })
            .collect(),
        schema_version: 1,
        summary: Summary::of(r).json(),
        warnings: warnings(r),
    }
}

fn nothing_found(r: &InventoryReport) -> String {
    format!(
        "No API Gateway API (REST, HTTP or WebSocket) found in {}.\n",
        r.files.join(", ")
    )
}

/// The most rows in one drawn table: a fleet of thousands of APIs is drawn as consecutive tables of
/// this many rows (each with its header), so that drawing never holds every row's cells at once.
pub const TABLE_ROWS: usize = 500;

/// The one markup layout (table, Markdown): the APIs in tables of [`TABLE_ROWS`], what each API's
/// blockers need and what its template leaves unresolved, the fleet, where it was read from. Each
/// feature's evidence is in the JSON (`--format json`) and the template review.
fn text(r: &InventoryReport, mut w: Box<dyn Markup>) -> String {
    w.title("API inventory");
    if r.apis.is_empty() {
        w.paragraph(nothing_found(r).trim_end());
        return w.finish();
    }
    for block in r.apis.chunks(TABLE_ROWS) {
        let rows: Vec<Vec<String>> = block.iter().map(row).collect();
        w.table(&HEADER, &rows, &[]);
    }
    for j in &r.apis {
        let items = notes(j);
        if !items.is_empty() {
            w.bullets(&format!("{} ({}):", j.api.id, j.api.kind.name()), &items);
        }
    }
    if r.fleet {
        w.paragraph(&Summary::of(r).line());
    }
    w.paragraph(footer(r).trim_end());
    w.finish()
}

/// The columns of the API table.
const HEADER: [&str; 9] = [
    "API",
    "Kind",
    "Region",
    "Endpoint",
    "Stages",
    "Cache",
    "Features",
    "HTTP blockers",
    "Verdict",
];

/// One API's row.
fn row(j: &Judged) -> Vec<String> {
    let a = j.api;
    let name = match &a.name {
        Some(n) if *n != a.id => format!("{n}\n{}", a.id),
        _ => a.id.clone(),
    };
    let blockers: Vec<&str> = j.blockers.iter().map(|b| b.feature.as_str()).collect();
    vec![
        name,
        a.kind.name().to_string(),
        a.region.as_deref().unwrap_or("-").to_string(),
        endpoint(a).to_string(),
        list(&a.stages.iter().map(String::as_str).collect::<Vec<_>>()),
        cache(a),
        list(&a.features()),
        list(&blockers),
        verdict_text(j).to_string(),
    ]
}

/// What an API's blockers need, its notes, and what the template leaves unresolved.
fn notes(j: &Judged) -> Vec<String> {
    let a = j.api;
    let mut out: Vec<String> = a.notes.iter().map(|n| format!("note: {n}")).collect();
    for b in &j.blockers {
        out.push(format!("blocks HTTP: {}", blocker_line(b)));
    }
    for b in &j.possible {
        out.push(format!("may block HTTP: {}", blocker_line(b)));
    }
    for u in &a.unresolved {
        let f = u
            .feature
            .as_deref()
            .map(|f| format!(" [{f}]"))
            .unwrap_or_default();
        out.push(format!("unresolved{f}: {}: {}", u.what, u.why));
    }
    out
}

fn footer(r: &InventoryReport) -> String {
    format!(
        "Read from {}. Features as ids of data/features.json (read {}); `--format json` lists the \
         resource behind each. A blocker is a feature the HTTP column marks unsupported.\n",
        r.files.join(", "),
        r.features_read_on
    )
}

/// Text from a template, safe in a Markdown table cell.
pub fn md(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}
