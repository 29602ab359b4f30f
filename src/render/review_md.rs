//! The review pack's `review.md`: what an architecture review board reads first (the summary: the
//! recommendation, its monthly and yearly cost, the saving, what keeps each cheaper option out, the
//! risks), then every input with where it came from, the limits, what is not included, the detailed
//! sections (each printed by the command shown under it), the charts, a glossary and a footer with the
//! version, the catalog's dates and the generation date. `review_html` renders the same text as HTML.

use crate::model::review::Decision;
use crate::render::{fmt, review_prose};

/// Everything the report shows, computed by the model and the other commands.
pub struct Pack {
    pub title: String,
    pub description: Option<String>,
    /// The profile's file name.
    pub profile_file: String,
    /// Where the profile says its inputs come from.
    pub inputs_from: Option<String>,
    pub summary: Summary,
    pub inputs: Vec<Input>,
    pub limits: Vec<Limit>,
    pub not_included: Vec<String>,
    pub sections: Vec<Section>,
    pub charts: Vec<Chart>,
    /// (file, what it holds).
    pub files: Vec<(String, String)>,
    pub footer: Footer,
}

/// The decision and what it rests on.
pub struct Summary {
    pub decision: Decision,
    /// The features the workload needs: (id, title).
    pub needs: Vec<(String, String)>,
    /// What the costs are for: region, volume, growth and free tier, in words.
    pub basis: String,
    /// Months summed in the yearly figure (12).
    pub months: u32,
    pub risks: Vec<String>,
}

/// One input of the review, its value and where it came from (the profile's key, a flag, a default).
pub struct Input {
    pub name: String,
    pub value: String,
    pub from: String,
}

/// A limit the workload is checked against.
pub struct Limit {
    pub option: String,
    pub limit: String,
    /// The workload's figure (at its peak where the limit is a rate).
    pub workload: String,
    pub quota: String,
    pub status: String,
    pub source: String,
}

/// A detailed section: its heading, the command that prints it, its text or why it is missing.
pub struct Section {
    pub title: String,
    pub command: String,
    pub body: std::result::Result<String, String>,
}

/// A chart of the pack (drawn as `name.svg` and `name.png`) or why it was not drawn.
pub struct Chart {
    pub name: String,
    pub caption: String,
    pub drawn: std::result::Result<(), String>,
}

/// What made the pack and when.
pub struct Footer {
    pub version: String,
    /// The price catalog's source and dates.
    pub catalog: String,
    /// The latency figures' source and date.
    pub latency: String,
    /// YYYY-MM-DD (`--date`, else today).
    pub generated: String,
}

/// The confidence labels of the latency figures.
pub const CONFIDENCE: [(&str, &str); 5] = [
    ("H", "high: AWS documentation or quotas, or a large, reproducible dataset run continuously (lambda-perf)"),
    ("M", "medium: an independent measurement with a stated method but a limited scope"),
    ("L-M", "between low and medium: a small measurement (such as n = 10), extrapolated to the tail"),
    ("L", "low: a small sample, an unclear method, a confounded measurement, or an engineering assumption"),
    ("-", "not applicable: a value you gave (the handler time)"),
];

/// The basis labels of the latency figures.
pub const BASIS: [(&str, &str); 5] = [
    ("measured", "an independent or AWS measurement"),
    (
        "official claim",
        "an AWS statement, usually an upper bound or a best case rather than a distribution",
    ),
    (
        "assumption",
        "an engineering estimate: no measurement was found",
    ),
    ("user input", "a value you gave (profile or flag)"),
    (
        "derived",
        "computed by the model from other inputs (a cold-start rate from the traffic)",
    ),
];

/// The feature-fit labels.
pub const FIT: [(&str, &str); 4] = [
    ("yes / ok", "supported"),
    (
        "no / ✗ lacks",
        "not supported: the workaround says what to do instead",
    ),
    (
        "partial",
        "supported with a restriction (see the feature's note)",
    ),
    ("?", "not confirmed against a stored AWS page"),
];

/// Headings of an embedded report move one level down, under the section's own.
fn demote(text: &str) -> String {
    text.lines()
        .map(|l| match l.starts_with('#') {
            true => format!("#{l}"),
            false => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `| a | b |` with pipes in cells escaped.
fn row(cells: &[&str]) -> String {
    let cells: Vec<String> = cells.iter().map(|c| c.replace('|', "\\|")).collect();
    format!("| {} |\n", cells.join(" | "))
}

/// The whole `review.md`.
pub fn render(p: &Pack) -> String {
    let mut out = format!("# Architecture review: {}\n\n", p.title);
    if let Some(d) = &p.description {
        out.push_str(&format!("{}.\n\n", d.trim_end_matches('.')));
    }
    out.push_str(&format!("Profile: `{}`", p.profile_file));
    if let Some(s) = &p.inputs_from {
        out.push_str(&format!(" · inputs from: {s}"));
    }
    out.push_str(&format!(
        " · generated {} by apigw-cost {}\n\n",
        p.footer.generated, p.footer.version
    ));
    summary(&mut out, &p.summary);
    let mut n = 1;
    let mut heading = |out: &mut String, title: &str| {
        n += 1;
        out.push_str(&format!("## {n}. {title}\n\n"));
    };
    heading(&mut out, "Inputs");
    inputs(&mut out, &p.inputs);
    heading(&mut out, "Limits");
    limits(&mut out, &p.limits);
    heading(&mut out, "Not included");
    for item in &p.not_included {
        out.push_str(&format!("- {item}\n"));
    }
    out.push('\n');
    for s in &p.sections {
        heading(&mut out, &s.title);
        match &s.body {
            Ok(b) => out.push_str(&demote(&review_prose::for_board(b.trim_end()))),
            Err(e) => out.push_str(&format!(
                "Not available for this profile: {}",
                review_prose::for_board(e)
            )),
        }
        // The one place a section names flags: the command that prints it.
        out.push_str(&format!("\n\nReproduce with: `{}`\n\n", s.command));
    }
    heading(&mut out, "Charts");
    charts(&mut out, &p.charts);
    heading(&mut out, "Glossary");
    glossary(&mut out);
    out.push_str("## Files\n\n");
    for (f, what) in &p.files {
        out.push_str(&format!("- [`{f}`]({f}): {what}\n"));
    }
    out.push_str(&format!(
        "\n---\n\nGenerated by apigw-cost {} on {}. {} {}\n",
        p.footer.version, p.footer.generated, p.footer.catalog, p.footer.latency
    ));
    // Valid CommonMark (footnotes as lists, lists set apart, `<` escaped) with one Sources appendix.
    crate::render::commonmark::tidy(&out)
}

/// Section 1: the decision first.
fn summary(out: &mut String, s: &Summary) {
    out.push_str("## 1. Summary\n\n");
    let d = &s.decision;
    let needs = match s.needs.is_empty() {
        true => "no feature listed as needed".to_string(),
        false => s
            .needs
            .iter()
            .map(|(id, _)| id.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    };
    let months = s.months;
    match &d.pick {
        Some(p) => {
            out.push_str(&format!(
                "**Recommendation: {}.** The cheapest option reviewed that has every feature this workload needs ({needs}): **{} a month, {} over the first {months} months**.\n\n",
                p.api.title(),
                fmt::money(p.monthly),
                fmt::money(p.yearly)
            ));
        }
        None => out.push_str(&format!(
            "**No recommendation: no option reviewed has every feature this workload needs ({needs}).** Each option's gaps and their workarounds are listed below.\n\n"
        )),
    }
    out.push_str(&format!("Costs are for {}.\n\n", s.basis));
    out.push_str(&format!(
        "| Option | Monthly | First {months} months | Against the recommendation | Lacks |\n|---|--:|--:|---|---|\n"
    ));
    if let Some(p) = &d.pick {
        out.push_str(&row(&[
            &format!("**{}** (recommended)", p.api.title()),
            &fmt::money(p.monthly),
            &fmt::money(p.yearly),
            "-",
            "-",
        ]));
    }
    for o in &d.others {
        let against = match (d.pick.is_some(), o.monthly_saving.is_sign_negative()) {
            (false, _) => "-".to_string(),
            (true, true) => format!(
                "{} a month less ({} over {months} months)",
                fmt::money(-o.monthly_saving),
                fmt::money(-o.yearly_saving)
            ),
            (true, false) => format!(
                "{} a month more ({} over {months} months)",
                fmt::money(o.monthly_saving),
                fmt::money(o.yearly_saving)
            ),
        };
        let lacks: Vec<&str> = o.gaps.iter().map(|g| g.feature.as_str()).collect();
        out.push_str(&row(&[
            o.api.title(),
            &fmt::money(o.monthly),
            &fmt::money(o.yearly),
            &against,
            &match lacks.is_empty() {
                true => "-".to_string(),
                false => lacks.join(", "),
            },
        ]));
    }
    out.push('\n');
    saving(out, d, months);
    blockers(out, d);
    out.push_str("**Risks**\n\n");
    match s.risks.is_empty() {
        true => out.push_str("- None found at the profile's volume and peak.\n"),
        false => {
            for r in &s.risks {
                out.push_str(&format!("- {r}\n"));
            }
        }
    }
    out.push('\n');
}

/// What the recommendation saves against each dearer option.
fn saving(out: &mut String, d: &Decision, months: u32) {
    let Some(p) = &d.pick else {
        return;
    };
    let dearer: Vec<String> = d
        .others
        .iter()
        .filter(|o| o.monthly_saving > rust_decimal::Decimal::ZERO)
        .map(|o| {
            format!(
                "{} a month ({} over {months} months) against {}",
                fmt::money(o.monthly_saving),
                fmt::money(o.yearly_saving),
                o.api.title()
            )
        })
        .collect();
    if !dearer.is_empty() {
        out.push_str(&format!(
            "**Saving:** {} saves {}.\n\n",
            p.api.title(),
            dearer.join("; ")
        ));
    }
}

/// Why each cheaper option (or, without a pick, every option) is left out, with the workarounds.
fn blockers(out: &mut String, d: &Decision) {
    let left_out: Vec<_> = d
        .others
        .iter()
        .filter(|o| (o.cheaper || d.pick.is_none()) && !o.gaps.is_empty())
        .collect();
    if left_out.is_empty() {
        return;
    }
    let priced = d.pick.as_ref().is_some_and(|p| p.api.is_cloudfront())
        || d.others.iter().any(|o| o.api.is_cloudfront());
    let note = match priced {
        true => "the CloudFront workaround is priced above as its own option; other workarounds' own costs are not included",
        false => "a workaround's own cost is not included in these figures",
    };
    out.push_str(&match d.pick {
        Some(_) => format!("**Cheaper options left out** ({note})\n\n"),
        None => format!("**What each option lacks** ({note})\n\n"),
    });
    for o in left_out {
        out.push_str(&format!(
            "- {} ({} a month) lacks:\n",
            o.api.title(),
            fmt::money(o.monthly)
        ));
        for g in &o.gaps {
            let support = match g.support.name() {
                "no" => String::new(),
                other => format!(" (support: {other})"),
            };
            out.push_str(&format!(
                "  - {} (`{}`){support}. Workaround: {}.\n",
                g.title,
                g.feature,
                g.workaround
                    .as_deref()
                    .unwrap_or("none known")
                    .trim_end_matches('.')
            ));
        }
    }
    out.push('\n');
}

fn inputs(out: &mut String, inputs: &[Input]) {
    out.push_str("Every value the figures rest on, and where it came from: the profile (its key), a flag typed on the command line, or the tool's default.\n\n| Input | Value | From |\n|---|---|---|\n");
    for i in inputs {
        let value = review_prose::input_value(&i.name, &i.value);
        out.push_str(&row(&[&i.name, &value, &i.from]));
    }
    out.push('\n');
}

fn limits(out: &mut String, limits: &[Limit]) {
    out.push_str("The service limits this workload is checked against, whether or not it reaches them.\n\n| Option | Limit | This workload | Quota | Status | Source |\n|---|---|---|---|---|---|\n");
    for l in limits {
        out.push_str(&row(&[
            &l.option,
            &l.limit,
            &l.workload,
            &l.quota,
            &l.status,
            &l.source,
        ]));
    }
    out.push('\n');
}

fn charts(out: &mut String, charts: &[Chart]) {
    for c in charts {
        match &c.drawn {
            Ok(()) => out.push_str(&format!(
                "![{caption}]({n}.svg)\n\n{caption}: [`{n}.svg`]({n}.svg), [`{n}.png`]({n}.png).\n\n",
                caption = c.caption,
                n = c.name
            )),
            Err(e) => out.push_str(&format!(
                "{}: not drawn for this profile ({e}).\n\n",
                c.caption
            )),
        }
    }
}

fn glossary(out: &mut String) {
    out.push_str("Confidence of a latency figure:\n\n| Label | Meaning |\n|---|---|\n");
    for (l, m) in CONFIDENCE {
        out.push_str(&row(&[l, m]));
    }
    out.push_str("\nBasis of a latency figure:\n\n| Label | Meaning |\n|---|---|\n");
    for (l, m) in BASIS {
        out.push_str(&row(&[l, m]));
    }
    out.push_str("\nFeature fit:\n\n| Label | Meaning |\n|---|---|\n");
    for (l, m) in FIT {
        out.push_str(&row(&[l, m]));
    }
    out.push_str(&format!("\nMoney: exact amounts, rounded for the bill. {} p50 / p99: the median and the 99th percentile of the added latency.\n\n", super::ROUNDING_RULE));
}
