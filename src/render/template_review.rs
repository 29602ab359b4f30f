//! `review --template`: the review pack of a template's REST APIs (review.md and review.json). Each
//! API's cost now, as HTTP, the workarounds its blockers need (priced where the catalog can), the
//! saving per month and year, and the verdict. Formats what `commands::review_template` computed.

use rust_decimal::Decimal;
use serde_json::{json, Value};

use super::inventory::{api_json, blocker_line, md, Judged};
use super::review_prose::for_template;
use super::{fmt, ROUNDING_RULE};
use crate::model::api::ApiKind;
use crate::model::cost::Quote;
use crate::model::inventory::{Blocker, FoundApi, Verdict, FRONTED_BY_CLOUDFRONT};
use crate::money::to_cents;

/// CloudFront (with WAF when the API uses it) in front of the HTTP API: the workaround of caching,
/// edge-optimized and WAF, priced once.
pub struct Fronting {
    /// What it is: the CloudFront option, with a web ACL when WAF is needed (its title is what the
    /// review shows).
    pub api: ApiKind,
    /// What it adds to the HTTP API's bill, to the cent (its bill less the plain HTTP API's), or why it
    /// is not priced.
    pub billed: Result<Decimal, String>,
    /// The whole option, line by line (the HTTP API behind CloudFront, CloudFront, WAF).
    pub quote: Option<Quote>,
}

/// One REST API's cost now and as HTTP.
pub struct ApiCost {
    pub region: String,
    /// Where the region came from (`the template`, `--region`, `the profile`, `the default`).
    pub region_from: String,
    /// Where the traffic came from.
    pub traffic_from: String,
    pub now: Quote,
    pub http: Quote,
    /// The blockers the move works around (each with its workaround).
    pub workarounds: Vec<Blocker>,
    /// CloudFront (+ WAF) in front, when a workaround needs it.
    pub fronting: Option<Fronting>,
    /// The totals to the cent, and the saving: now - HTTP - priced workarounds (a year: 12 months).
    pub now_billed: Decimal,
    pub http_billed: Decimal,
    pub workarounds_billed: Decimal,
    pub saving_month: Decimal,
    pub saving_year: Decimal,
    pub notes: Vec<String>,
}

pub struct ApiReview<'a> {
    pub judged: Judged<'a>,
    /// The cost, or why it is not priced (no traffic for this API, a region without HTTP prices).
    pub cost: Result<ApiCost, String>,
}

pub struct TemplateReview<'a> {
    pub template: String,
    pub usage: Option<String>,
    pub apis: Vec<ApiReview<'a>>,
    /// HTTP and WebSocket APIs of the template: nothing to move.
    pub others: Vec<&'a FoundApi>,
    /// The catalog's source line.
    pub catalog: String,
    pub features_read_on: String,
    /// The saving of the APIs that move, summed from the shown savings.
    pub total_month: Decimal,
    pub total_year: Decimal,
}

/// Where the region came from when `--region` was typed (the Inputs table calls it a flag).
pub const REGION_GIVEN: &str = "given on the command line";

fn verdict_of(r: &ApiReview) -> Verdict {
    r.judged.verdict.unwrap_or(Verdict::Stays)
}

/// Whether the API's saving counts: it moves (as is or with workarounds).
pub fn moves(v: Verdict) -> bool {
    matches!(v, Verdict::MovesAsIs | Verdict::MovesWithWorkarounds)
}

fn why(r: &ApiReview) -> String {
    let j = &r.judged;
    match verdict_of(r) {
        Verdict::MovesAsIs => "it uses no feature HTTP APIs lack".into(),
        Verdict::MovesWithWorkarounds => format!(
            "HTTP APIs lack {}, each with a workaround",
            names(&j.blockers)
        ),
        Verdict::Stays => format!(
            "HTTP APIs lack {}, without a workaround on HTTP",
            names(
                &j.blockers
                    .iter()
                    .filter(|b| !b.can_move)
                    .cloned()
                    .collect::<Vec<_>>()
            )
        ),
        Verdict::Undecided => format!(
            "the template leaves {} unresolved; it would block the move",
            names(&j.possible)
        ),
    }
}

fn names(b: &[Blocker]) -> String {
    b.iter()
        .map(|b| format!("`{}`", b.feature))
        .collect::<Vec<_>>()
        .join(", ")
}

fn money_or(c: &Result<ApiCost, String>, f: impl Fn(&ApiCost) -> Decimal) -> String {
    match c {
        Ok(c) => fmt::money(f(c)),
        Err(_) => "not priced".into(),
    }
}

/// review.md.
pub fn markdown(r: &TemplateReview) -> String {
    let mut out = format!(
        "# Architecture review: the REST APIs of `{}`\n\nCould each REST API move to an HTTP API, and what would it save? The features each uses are read from the template; a blocker is a feature HTTP APIs lack (data/features.json, read {}).\n\n",
        md(&r.template),
        r.features_read_on
    );
    if let Some(u) = &r.usage {
        out.push_str(&format!("Traffic from the Infracost usage file `{}` where it names an API; flags and profile otherwise.\n\n", md(u)));
    }
    out.push_str("## Summary\n\n| REST API | Verdict | Now (REST) a month | As HTTP a month | Workarounds a month | Saving a month | Saving a year |\n|---|---|--:|--:|--:|--:|--:|\n");
    for a in &r.apis {
        let j = &a.judged;
        let v = verdict_of(a);
        let saving = |f: fn(&ApiCost) -> Decimal| match (&a.cost, moves(v)) {
            (Ok(c), true) => fmt::money(f(c)),
            (Ok(_), false) => "-".to_string(),
            (Err(_), _) => "not priced".to_string(),
        };
        out.push_str(&format!(
            "| {} (`{}`) | {} | {} | {} | {} | {} | {} |\n",
            md(j.api.name.as_deref().unwrap_or(&j.api.id)),
            md(&j.api.id),
            v.text(),
            money_or(&a.cost, |c| c.now_billed),
            money_or(&a.cost, |c| c.http_billed),
            workarounds_cell(&a.cost),
            saving(|c| c.saving_month),
            saving(|c| c.saving_year),
        ));
    }
    out.push_str(&format!(
        "| **APIs that move** | | | | | **{}** | **{}** |\n\n",
        fmt::money(r.total_month),
        fmt::money(r.total_year)
    ));
    out.push_str("A saving is the REST bill less the HTTP bill less the priced workarounds, to the cent; a year is 12 such months (no growth). An API that stays, or whose move is undecided, saves nothing here.\n\n");
    if !r.others.is_empty() {
        out.push_str("Already HTTP or WebSocket (nothing to move): ");
        out.push_str(
            &r.others
                .iter()
                .map(|a| format!("`{}` ({})", md(&a.id), a.kind.name()))
                .collect::<Vec<_>>()
                .join(", "),
        );
        out.push_str(".\n\n");
    }
    for (i, a) in r.apis.iter().enumerate() {
        out.push_str(&api_section(i + 1, a));
    }
    out.push_str(&format!(
        "---\n\n{}\nRounding: {}{}\n\n`apigw-cost inventory {}` lists the same APIs with the resource behind each feature.\n",
        r.catalog,
        ROUNDING_RULE[..1].to_lowercase(),
        &ROUNDING_RULE[1..],
        r.template
    ));
    out
}

fn workarounds_cell(c: &Result<ApiCost, String>) -> String {
    match c {
        Err(_) => "not priced".into(),
        Ok(c) => match &c.fronting {
            None => "-".into(),
            Some(Fronting { billed: Err(_), .. }) => "not priced".into(),
            Some(Fronting { billed: Ok(_), .. }) => fmt::money(c.workarounds_billed),
        },
    }
}

/// How a blocker's workaround is paid for.
fn workaround_cost(b: &Blocker, c: &ApiCost) -> String {
    match &c.fronting {
        Some(f) if FRONTED_BY_CLOUDFRONT.contains(&b.feature.as_str()) => match &f.billed {
            Ok(_) => format!("in {}", f.api.title()),
            Err(_) => format!("{}: not priced", f.api.title()),
        },
        _ => "work in the functions or the pipeline: no service bill modelled".into(),
    }
}

fn api_section(n: usize, a: &ApiReview) -> String {
    let j = &a.judged;
    let v = verdict_of(a);
    let mut out = format!(
        "## {n}. {} (`{}`)\n\n**Verdict: {}**: {}.\n\n",
        md(j.api.name.as_deref().unwrap_or(&j.api.id)),
        md(&j.api.id),
        v.text(),
        why(a)
    );
    match &a.cost {
        Err(e) => out.push_str(&format!("Not priced: {}.\n\n", md(e))),
        Ok(c) => {
            out.push_str(&format!(
                "{} requests a month ({}), region {} ({}).\n\n",
                fmt::quantity(c.now.requests),
                md(&c.traffic_from),
                c.region,
                c.region_from
            ));
            out.push_str(&format!(
                "### Now: REST API, {}\n\n{}\n",
                fmt::money(c.now_billed),
                for_template(&quote_table(&c.now))
            ));
            out.push_str(&format!(
                "### As an HTTP API: {}\n\n{}\n",
                fmt::money(c.http_billed),
                for_template(&quote_table(&c.http))
            ));
            for w in c
                .now
                .warnings
                .iter()
                .chain(&c.http.warnings)
                .chain(&c.notes)
            {
                out.push_str(&format!("> {}\n\n", md(&for_template(w))));
            }
            if !c.workarounds.is_empty() {
                out.push_str("### Workarounds the move needs\n\n| Blocker | Workaround | Paid as |\n|---|---|---|\n");
                for b in &c.workarounds {
                    out.push_str(&format!(
                        "| {} (`{}`) | {} | {} |\n",
                        md(&b.title),
                        b.feature,
                        md(b.workaround.as_deref().unwrap_or("none")),
                        md(&workaround_cost(b, c))
                    ));
                }
                out.push('\n');
            }
            if let Some(f) = &c.fronting {
                fronting(f, c, &mut out);
            }
            if moves(v) {
                out.push_str(&format!(
                    "**Saving: {} a month, {} a year** ({} REST - {} HTTP - {} workarounds).\n\n",
                    fmt::money(c.saving_month),
                    fmt::money(c.saving_year),
                    fmt::money(c.now_billed),
                    fmt::money(c.http_billed),
                    fmt::money(c.workarounds_billed),
                ));
            }
        }
    }
    let stays: Vec<&Blocker> = j.blockers.iter().filter(|b| !b.can_move).collect();
    if !stays.is_empty() {
        out.push_str("Keeps it on REST:\n");
        for b in stays {
            out.push_str(&format!("- {}\n", md(&blocker_line(b))));
        }
        out.push('\n');
    }
    out.push_str(&api_markdown(j, "###").replacen("### ", "### What the template shows: ", 1));
    out.push('\n');
    out
}

/// The CloudFront option in front of the HTTP API (with a WAF web ACL when WAF is needed): its
/// quote and what it adds. The words name what is priced: no WAF is mentioned when none is.
fn fronting(f: &Fronting, c: &ApiCost, out: &mut String) {
    let waf = f.api == ApiKind::HttpCloudFrontWaf;
    if let Some(q) = &f.quote {
        out.push_str(&format!(
            "### As {}: {}\n\nWhat the move deploys for {}: the HTTP API behind a CloudFront distribution{}.\n\n{}\n",
            f.api.title(),
            fmt::money(to_cents(q.total)),
            fronted_needs(&c.workarounds),
            if waf { " with an AWS WAF web ACL on it" } else { "" },
            for_template(&quote_table(q))
        ));
        for w in &q.warnings {
            out.push_str(&format!("> {}\n\n", md(&for_template(w))));
        }
    }
    match &f.billed {
        Ok(b) => out.push_str(&format!(
            "{} {} a month to the HTTP API ({} - {}).\n\n",
            if waf {
                "CloudFront and WAF add"
            } else {
                "CloudFront adds"
            },
            fmt::money(*b),
            fmt::money(*b + c.http_billed),
            fmt::money(c.http_billed)
        )),
        Err(why) => out.push_str(&format!(
            "{}: not priced ({}); the saving below leaves it out.\n\n",
            f.api.title(),
            md(why)
        )),
    }
}

/// What the CloudFront distribution is deployed for, in words: the workarounds it serves, in the
/// order of [`FRONTED_BY_CLOUDFRONT`] ("caching, the edge and WAF").
fn fronted_needs(workarounds: &[Blocker]) -> String {
    let words: Vec<&str> = FRONTED_BY_CLOUDFRONT
        .iter()
        .filter(|f| workarounds.iter().any(|b| b.feature == **f))
        .map(|f| match *f {
            "caching" => "caching",
            "edge-optimized" => "the edge",
            _ => "WAF",
        })
        .collect();
    match words.as_slice() {
        [] => "the workarounds".into(),
        [one] => (*one).into(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// review.json.
pub fn json(r: &TemplateReview) -> Value {
    let warnings: Vec<String> = r
        .apis
        .iter()
        .filter_map(|a| match &a.cost {
            Err(why) => Some(format!("{}: not priced: {why}", a.judged.api.id)),
            Ok(c) => match c.fronting.as_ref().map(|f| &f.billed) {
                Some(Err(why)) => Some(format!(
                    "{}: the {} workaround is not priced: {why}",
                    a.judged.api.id,
                    c.fronting.as_ref().map_or("", |f| f.api.title())
                )),
                _ => None,
            },
        })
        .collect();
    json!({
        "schema_version": 1,
        "warnings": warnings,
        "template": r.template,
        "usage": r.usage,
        "apis": r.apis.iter().map(api_review_json).collect::<Vec<_>>(),
        "others": r.others.iter().map(|a| json!({"id": a.id, "kind": a.kind.name()})).collect::<Vec<_>>(),
        "total_saving_month": fmt_cents(r.total_month),
        "total_saving_year": fmt_cents(r.total_year),
        "catalog": r.catalog,
    })
}

fn fmt_cents(d: Decimal) -> String {
    to_cents(d).to_string()
}

fn api_review_json(a: &ApiReview) -> Value {
    let mut v = api_json(&a.judged);
    let cost = match &a.cost {
        Err(e) => json!({ "priced": false, "why": e }),
        Ok(c) => json!({
            "priced": true,
            "region": c.region,
            "region_from": c.region_from,
            "traffic_from": c.traffic_from,
            "requests": c.now.requests,
            "now": { "api": "rest", "total": fmt_cents(c.now_billed), "total_exact": c.now.total, "lines": c.now.lines },
            "http": { "api": "http", "total": fmt_cents(c.http_billed), "total_exact": c.http.total, "lines": c.http.lines },
            "workarounds": c.workarounds.iter().map(|b| json!({
                "feature": b.feature,
                "workaround": b.workaround,
                "paid_as": workaround_cost(b, c),
            })).collect::<Vec<_>>(),
            "fronting": c.fronting.as_ref().map(|f| json!({
                "what": f.api.title(),
                "total": f.billed.as_ref().ok().map(|b| fmt_cents(*b)),
                "not_priced_because": f.billed.as_ref().err(),
                "option": f.quote.as_ref().map(|q| json!({
                    "api": q.api.name(),
                    "total": fmt_cents(q.total),
                    "total_exact": q.total,
                    "lines": q.lines,
                    "warnings": q.warnings,
                })),
            })),
            "workarounds_total": fmt_cents(c.workarounds_billed),
            "saving_month": fmt_cents(c.saving_month),
            "saving_year": fmt_cents(c.saving_year),
            "warnings": c.now.warnings.iter().chain(&c.http.warnings).chain(&c.notes).collect::<Vec<_>>(),
        }),
    };
    if let Value::Object(m) = &mut v {
        m.insert("cost".into(), cost);
    }
    v
}

/// One API's features with their evidence (the resource and property behind each), its blockers and
/// what is unresolved: the template review's account of what the template shows.
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

/// A quote's line items as a Markdown table with a total row and numbered bases (the template page's
/// tables).
fn quote_table(q: &Quote) -> String {
    let cell = |s: &str| s.replace('|', "\\|");
    let mut out = String::from(
        "| Component | Tier | Quantity | Unit price | Amount |\n|---|---|--:|--:|--:|\n",
    );
    let (rows, notes) = super::layout::quote_rows(q);
    for row in &rows[..rows.len() - 1] {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out.push_str(&format!(
        "| **Total** | | | | **{}** |\n",
        fmt::money(q.billed())
    ));
    for (i, n) in notes.iter().enumerate() {
        out.push_str(&format!("\n[{}] {}", i + 1, cell(n)));
    }
    if !notes.is_empty() {
        out.push('\n');
    }
    out
}
