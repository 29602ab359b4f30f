//! `inventory`: the APIs found in templates and plans, as a table, JSON or Markdown. Formats only what
//! the readers found and the model judged.

use comfy_table::{presets::UTF8_FULL_CONDENSED, Cell, ContentArrangement, Table as Grid};
use serde_json::{json, Value};

use super::Format;
use crate::error::{Error, Result};
use crate::model::inventory::{Blocker, FoundApi, Verdict};

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
}

/// The report in `format` (table, JSON or Markdown; CSV is refused).
pub fn inventory(format: Format, r: &InventoryReport) -> Result<String> {
    match format {
        Format::Table => Ok(escape_lines(&table(r))),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&json_report(r))
                .map_err(|e| Error::Other(e.to_string()))?;
            s.push('\n');
            Ok(s)
        }
        Format::Markdown => Ok(escape_lines(&markdown(r))),
        Format::Csv => Err(Error::usage(
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

/// One API as its JSON object (the `inventory` schema).
pub fn api_json(j: &Judged) -> Value {
    let a = j.api;
    json!({
        "name": a.name,
        "id": a.id,
        "kind": a.kind.name(),
        "region": a.region,
        "endpoint": a.endpoint.map(|e| e.name()),
        "stages": a.stages,
        "cache_gb": a.cache_gb.map(|g| g.normalize().to_string()),
        "features": a.features(),
        "http_blockers": j.blockers.iter().map(|b| b.feature.as_str()).collect::<Vec<_>>(),
        "evidence": a.evidence,
        "blockers": j.blockers,
        "possible_blockers": j.possible,
        "verdict": j.verdict,
        "unresolved": a.unresolved,
        "notes": a.notes,
        "source": a.source,
        "format": a.format,
    })
}

/// What a reader of the JSON must know: nothing found, or values the templates leave unresolved.
fn warnings(r: &InventoryReport) -> Vec<String> {
    if r.apis.is_empty() {
        return vec![nothing_found(r).trim_end().to_string()];
    }
    r.apis
        .iter()
        .filter(|j| !j.api.unresolved.is_empty())
        .map(|j| {
            format!(
                "{}: {} value(s) the template leaves unresolved (not guessed), see its `unresolved`",
                j.api.id,
                j.api.unresolved.len()
            )
        })
        .collect()
}

fn json_report(r: &InventoryReport) -> Value {
    json!({
        "schema_version": 1,
        "warnings": warnings(r),
        "files": r.files,
        "apis": r.apis.iter().map(api_json).collect::<Vec<_>>(),
        "features": { "source": "data/features.json", "read_on": r.features_read_on },
    })
}

fn nothing_found(r: &InventoryReport) -> String {
    format!(
        "No API Gateway API (REST, HTTP or WebSocket) found in {}.\n",
        r.files.join(", ")
    )
}

fn table(r: &InventoryReport) -> String {
    if r.apis.is_empty() {
        return nothing_found(r);
    }
    let mut t = Grid::new();
    t.load_style(UTF8_FULL_CONDENSED);
    t.set_content_arrangement(ContentArrangement::Dynamic);
    t.set_header(
        [
            "API",
            "Kind",
            "Region",
            "Endpoint",
            "Stages",
            "Cache",
            "Features",
            "HTTP blockers",
            "Verdict",
        ]
        .iter()
        .map(Cell::new),
    );
    for j in &r.apis {
        let a = j.api;
        let name = match &a.name {
            Some(n) if *n != a.id => format!("{n}\n{}", a.id),
            _ => a.id.clone(),
        };
        let blockers: Vec<&str> = j.blockers.iter().map(|b| b.feature.as_str()).collect();
        t.add_row(vec![
            Cell::new(name),
            Cell::new(a.kind.name()),
            Cell::new(a.region.as_deref().unwrap_or("-")),
            Cell::new(endpoint(a)),
            Cell::new(list(
                &a.stages.iter().map(String::as_str).collect::<Vec<_>>(),
            )),
            Cell::new(cache(a)),
            Cell::new(list(&a.features())),
            Cell::new(list(&blockers)),
            Cell::new(verdict_text(j)),
        ]);
    }
    let mut out = t.to_string();
    out.push('\n');
    for j in &r.apis {
        out.push_str(&notes(j));
    }
    out.push_str(&footer(r));
    out
}

/// What each API's blockers need, and what the template leaves unresolved.
fn notes(j: &Judged) -> String {
    let mut out = String::new();
    let a = j.api;
    if !j.blockers.is_empty() || !a.unresolved.is_empty() || !a.notes.is_empty() {
        out.push_str(&format!("{} ({}):\n", a.id, a.kind.name()));
    }
    for n in &a.notes {
        out.push_str(&format!("  note: {n}\n"));
    }
    for b in &j.blockers {
        out.push_str(&format!("  blocks HTTP: {}\n", blocker_line(b)));
    }
    for b in &j.possible {
        out.push_str(&format!("  may block HTTP: {}\n", blocker_line(b)));
    }
    for u in &a.unresolved {
        let f = u
            .feature
            .as_deref()
            .map(|f| format!(" [{f}]"))
            .unwrap_or_default();
        out.push_str(&format!("  unresolved{f}: {}: {}\n", u.what, u.why));
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

fn markdown(r: &InventoryReport) -> String {
    let mut out = String::from("# API inventory\n\n");
    if r.apis.is_empty() {
        out.push_str(&nothing_found(r));
        return out;
    }
    out.push_str("| API | Kind | Region | Endpoint | Stages | Cache | HTTP blockers | Verdict |\n");
    out.push_str("|---|---|---|---|---|--:|---|---|\n");
    for j in &r.apis {
        let a = j.api;
        let blockers: Vec<&str> = j.blockers.iter().map(|b| b.feature.as_str()).collect();
        out.push_str(&format!(
            "| {} (`{}`) | {} | {} | {} | {} | {} | {} | {} |\n",
            md(a.name.as_deref().unwrap_or(&a.id)),
            md(&a.id),
            a.kind.name(),
            md(a.region.as_deref().unwrap_or("-")),
            endpoint(a),
            md(&list(
                &a.stages.iter().map(String::as_str).collect::<Vec<_>>()
            )),
            cache(a),
            list(&blockers),
            verdict_text(j)
        ));
    }
    for j in &r.apis {
        out.push('\n');
        out.push_str(&api_markdown(j, "##"));
    }
    out.push('\n');
    out.push_str(&footer(r));
    out
}

/// One API's features with their evidence, its blockers and what is unresolved.
pub fn api_markdown(j: &Judged, heading: &str) -> String {
    let a = j.api;
    let mut out = format!(
        "{heading} {} (`{}`, {} API)\n\nRead from `{}` ({}); region: {}.\n\n",
        md(a.name.as_deref().unwrap_or(&a.id)),
        md(&a.id),
        a.kind.name(),
        md(&a.source),
        a.format,
        a.region.as_deref().unwrap_or("not in the template")
    );
    if a.evidence.is_empty() {
        out.push_str("No feature of data/features.json found.\n");
    } else {
        out.push_str("| Feature | Shown by |\n|---|---|\n");
        for (f, by) in &a.evidence {
            out.push_str(&format!("| `{f}` | {} |\n", md(&by.join("; "))));
        }
    }
    if !j.blockers.is_empty() {
        out.push_str("\nBlocks a move to HTTP:\n");
        for b in &j.blockers {
            out.push_str(&format!("- {}\n", md(&blocker_line(b))));
        }
    }
    if !j.possible.is_empty() {
        out.push_str("\nMay block a move to HTTP (unresolved in the template):\n");
        for b in &j.possible {
            out.push_str(&format!("- {}\n", md(&blocker_line(b))));
        }
    }
    if !a.notes.is_empty() {
        out.push_str("\nNotes:\n");
        for n in &a.notes {
            out.push_str(&format!("- {}\n", md(n)));
        }
    }
    if !a.unresolved.is_empty() {
        out.push_str("\nUnresolved (not guessed):\n");
        for u in &a.unresolved {
            let f = u
                .feature
                .as_deref()
                .map(|f| format!(" (`{f}`)"))
                .unwrap_or_default();
            out.push_str(&format!("- {}{f}: {}\n", md(&u.what), md(&u.why)));
        }
    }
    out
}

/// Text from a template, safe in a Markdown table cell.
pub fn md(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}
