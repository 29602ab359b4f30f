//! `review --template FILE --out DIR`: a review pack for every REST API of a template or plan. Each is
//! priced now (REST, with the stage cache the template gives) and as an HTTP API, with the workarounds
//! its blockers need, the saving per month and year, and a verdict. Traffic comes from the flags, a
//! profile (`--profile`) or Infracost's usage file (`--usage`, per API by address or logical id).

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use super::inventory::{judged, read_all};
use crate::cli::load::{self, read_text_at_most};
use crate::cli::resolve::{resolve, Purpose, Scenario};
use crate::cli::ChartArgs;
use crate::cli::{Global, ReviewArgs, TemplateReviewArgs, TrafficArgs};
use crate::error::{Error, Result};
use crate::inventory::parse_document;
use crate::inventory::usage::UsageFile;
use crate::model::api::ApiKind;
use crate::model::catalog::Catalog;
use crate::model::cost::{price_http_cloudfront_waf, Pricer, Quote, CLOUDFRONT_WAF_REGION};
use crate::model::features::Features;
use crate::model::inventory::{needs_front, Blocker, FoundApi};
use crate::model::workload::{WafUse, Workload};
use crate::money::to_cents;
use crate::output;
use crate::render::chart::ImageFormat;
use crate::render::chart_data;
use crate::render::review_template_page as page;
use crate::render::template_review::{self, moves, ApiCost, ApiReview, Fronting, TemplateReview};

/// The largest usage file read.
pub const MAX_USAGE_BYTES: u64 = 1024 * 1024;

/// A profile review takes its traffic from the profile: the traffic flags belong to `--template`.
pub fn no_traffic_flags<'a>(t: &TemplateReviewArgs, profile: &'a Path) -> Result<&'a Path> {
    if format!("{:?}", t.traffic) != format!("{:?}", TrafficArgs::default()) {
        return Err(Error::usage(
            "review",
            profile.display().to_string(),
            "traffic flags (--requests, --profile, ...) with --template FILE; a profile review takes its traffic from PROFILE",
        ));
    }
    Ok(profile)
}

pub fn run(g: &Global, a: &ReviewArgs, template: &Path) -> Result<()> {
    if a.start.is_some() {
        return Err(Error::usage(
            "--start",
            "",
            "no --start with --template: the review prices one 730-hour month per API",
        ));
    }
    if !a.apis.is_empty() {
        return Err(Error::usage(
            "--apis",
            a.apis
                .iter()
                .map(|k| k.name())
                .collect::<Vec<_>>()
                .join(","),
            "no --apis with --template: each REST API of the template is reviewed against HTTP",
        ));
    }
    let out = &out_path(g, a)?;
    let dest = crate::io::out_dir(out)?;
    let apis = read_all(&[template])?;
    let name = template.display().to_string();
    if !apis.iter().any(|x| x.kind == ApiKind::Rest) {
        // As `inventory` does: a clear statement and exit 0 (nothing is wrong; no pack is written).
        output::eprint_line(&format!(
            "review: no REST API in {name} ({} HTTP or WebSocket): nothing to move to HTTP, no pack written",
            apis.len()
        ));
        return Ok(());
    }
    let usage = match &a.template.usage {
        Some(p) => Some((p, usage_file(p)?)),
        None => None,
    };
    let t = &a.template.traffic;
    if !t.volume_given() && t.profile.is_none() && usage.is_none() {
        return Err(Error::usage(
            "--template",
            name,
            "traffic for the APIs: --requests (or --rps, --customers), --profile FILE or --usage infracost-usage.yml",
        ));
    }
    let features = Features::embedded()?;
    let mut reviews = Vec::new();
    let mut catalog_line = String::new();
    for api in apis.iter().filter(|x| x.kind == ApiKind::Rest) {
        let j = judged(api, &features);
        let cost = match price(
            g,
            t,
            usage.as_ref().map(|(p, u)| (p.as_path(), u)),
            api,
            &j.blockers,
        )? {
            Ok((c, line)) => {
                catalog_line = line;
                Ok(c)
            }
            Err(why) => Err(why),
        };
        reviews.push(ApiReview { judged: j, cost });
    }
    let (total_month, total_year) = totals(&reviews);
    let review = TemplateReview {
        template: name,
        usage: usage.map(|(p, _)| p.display().to_string()),
        apis: reviews,
        others: apis.iter().filter(|x| x.kind != ApiKind::Rest).collect(),
        catalog: catalog_line,
        features_read_on: features.read_on.clone(),
        total_month,
        total_year,
    };
    write_pack(out, &dest, &review, page_of(g, a, &review))
}

/// The page's parts a profile review has too: version and date, the inputs, what is not included.
fn page_of(g: &Global, a: &ReviewArgs, r: &TemplateReview) -> page::Page {
    let mut inputs = page::api_inputs(r);
    let from = |typed: bool| if typed { "flag" } else { "default" }.to_string();
    if let Some(u) = &r.usage {
        inputs.push(page::Input {
            name: "usage file".into(),
            value: u.clone(),
            from: "flag".into(),
        });
    }
    if let Some(p) = &a.template.traffic.profile {
        inputs.push(page::Input {
            name: "profile".into(),
            value: p.display().to_string(),
            from: "flag".into(),
        });
    }
    inputs.push(page::Input {
        name: "free_tier".into(),
        value: g.free_tier.label(),
        from: from(g.explicit.free_tier),
    });
    inputs.push(page::Input {
        name: "price catalog".into(),
        value: g
            .prices
            .as_ref()
            .map_or("embedded data/prices.json".into(), |p| {
                p.display().to_string()
            }),
        from: from(g.prices.is_some()),
    });
    let unpriced: Vec<(String, String)> = r
        .apis
        .iter()
        .filter_map(|x| {
            x.cost
                .as_ref()
                .err()
                .map(|e| (x.judged.api.id.clone(), e.clone()))
        })
        .collect();
    let generated = a.date.clone().unwrap_or_else(today);
    page::Page {
        version: env!("CARGO_PKG_VERSION").to_string(),
        generated: generated.clone(),
        inputs,
        not_included: page::not_included(&g.free_tier.label(), &unpriced),
        chart: (CHART.into(), Err("not drawn yet".into())),
        files: Vec::new(),
        typed: typed(&out_path(g, a).unwrap_or_default(), &generated),
    }
}

/// The command as typed after `apigw-cost`, for the page's "Reproduce with" line: the pack's directory
/// by its own name (not where it was written) and the date pinned, so that it prints the same page.
fn typed(out: &Path, generated: &str) -> Vec<String> {
    let dir = out.file_name().map_or_else(
        || out.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut args = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned());
    let (mut typed, mut dated) = (Vec::new(), false);
    while let Some(a) = args.next() {
        if ["--out", "-o", "--output"].contains(&a.as_str()) {
            args.next();
        } else if !(a.starts_with("--out=") || a.starts_with("--output=")) {
            dated |= a == "--date" || a.starts_with("--date=");
            typed.push(a);
        }
    }
    typed.extend(["--out".to_string(), dir]);
    if !dated {
        typed.extend(["--date".to_string(), generated.to_string()]);
    }
    typed
}

/// The chart's file name (`.svg` and `.png`).
const CHART: &str = "moves";

/// Draws the chart of each priced API's bill now and moved into `dir` (SVG and PNG, both or neither).
fn draw_chart(r: &TemplateReview, dir: &Path) -> std::result::Result<(), String> {
    let moves: Vec<chart_data::template::Move> = r
        .apis
        .iter()
        .filter_map(|x| {
            let c = x.cost.as_ref().ok()?;
            Some(chart_data::template::Move {
                name: x.judged.api.name.clone().unwrap_or(x.judged.api.id.clone()),
                now: c.now_billed,
                after: c.http_billed + c.workarounds_billed,
                becomes: match &c.fronting {
                    Some(f) => f.api,
                    None => ApiKind::Http,
                },
            })
        })
        .collect();
    let data = chart_data::template::template(&r.template, &moves)
        .ok_or("no REST API of the template is priced")?;
    for (ext, format) in [("svg", ImageFormat::Svg), ("png", ImageFormat::Png)] {
        let file = dir.join(format!("{CHART}.{ext}"));
        let written = crate::render::chart::render_scaled(
            &data,
            format,
            ChartArgs::DEFAULT_WIDTH,
            ChartArgs::DEFAULT_HEIGHT,
            ChartArgs::REVIEW_SCALE,
        )
        .and_then(|b| std::fs::write(&file, b).map_err(Error::Io));
        if let Err(e) = written {
            let _ = std::fs::remove_file(dir.join(format!("{CHART}.svg")));
            return Err(e.to_string());
        }
    }
    Ok(())
}

fn usage_file(p: &Path) -> Result<UsageFile> {
    let path = p.display().to_string();
    let text = read_text_at_most(p, MAX_USAGE_BYTES, "usage file")?;
    let doc = parse_document(&path, &text)?;
    UsageFile::parse(&doc).map_err(|message| Error::File { path, message })
}

/// The saving of the APIs that move, summed from their shown (cent) savings.
fn totals(reviews: &[ApiReview]) -> (Decimal, Decimal) {
    reviews
        .iter()
        .filter(|r| r.judged.verdict.is_some_and(moves))
        .filter_map(|r| r.cost.as_ref().ok())
        .fold((Decimal::ZERO, Decimal::ZERO), |(m, y), c| {
            (m + c.saving_month, y + c.saving_year)
        })
}

/// One API's traffic: the flags, then its usage-file entry, then the profile (inside `resolve`).
fn traffic(
    t: &TrafficArgs,
    usage: Option<(&Path, &UsageFile)>,
    api: &FoundApi,
) -> (TrafficArgs, String) {
    let mut t = t.clone();
    let mut from = match &t.profile {
        Some(p) => format!("profile {}", p.display()),
        None => "flags".to_string(),
    };
    if let Some((path, u)) = usage {
        if let Some((entry, key)) = u.lookup(&api.id, ApiKind::Rest) {
            if !t.volume_given() {
                t.requests = entry.monthly_requests;
                from = format!("usage file {}: {key}", path.display());
            }
            if t.request_size.is_none() {
                t.request_size = entry.request_size_kb;
            }
        }
    }
    if t.cache.is_none() {
        t.cache = api.cache_gb;
    }
    (t, from)
}

type Priced = std::result::Result<(ApiCost, String), String>;

/// The API priced as REST now and as HTTP, or why it cannot be (a runtime error of the catalog or
/// the inputs stops the review; an API without traffic is reported as not priced).
fn price(
    g: &Global,
    t: &TrafficArgs,
    usage: Option<(&Path, &UsageFile)>,
    api: &FoundApi,
    blockers: &[Blocker],
) -> Result<Priced> {
    let (traffic, traffic_from) = traffic(t, usage, api);
    let mut g = g.clone();
    let from_template = !g.explicit.region && api.region.is_some();
    if let (Some(r), true) = (&api.region, from_template) {
        g.region = r.clone();
        g.explicit.region = true;
    }
    let s = resolve(&g, &traffic, Purpose::Sweep)?;
    let region_from = region_from(&g, &s, from_template);
    if !s.volume_given {
        return Ok(Err(format!(
            "no traffic for {}: no --requests and no usage-file entry for it",
            api.id
        )));
    }
    // Deployed today: a WAF web ACL on the REST API when the template associates one (--waf-rules
    // for its rules); the move needs CloudFront (+ WAF) in front when caching, edge or WAF block it.
    let workarounds: Vec<Blocker> = blockers.iter().filter(|b| b.can_move).cloned().collect();
    let (front, _) = needs_front(&workarounds);
    let mut w = s.workload.clone();
    if api.evidence.contains_key("waf") && w.waf.is_none() {
        w.waf = Some(WafUse {
            rules: Decimal::ZERO,
        });
    }
    let mut regions = vec![s.region.as_str()];
    if front && s.region != CLOUDFRONT_WAF_REGION {
        regions.push(CLOUDFRONT_WAF_REGION);
    }
    if front {
        // CloudFront is priced by edge geography: a partial catalog loads it only when asked.
        regions.push(crate::model::catalog::CLOUDFRONT);
    }
    let catalog = load::catalog_for(g.prices.as_deref(), &regions)?;
    let (now, http, fronted) = match options(&catalog, &s, &w, front).map_err(|e| s.blame(e)) {
        Ok(q) => q,
        Err(e @ Error::NotPriced { .. }) => return Ok(Err(e.to_string())),
        Err(e) => return Err(e),
    };
    let http_billed = to_cents(http.total);
    let fronting = fronted.map(|q| match q {
        Ok(q) => Fronting {
            api: q.api,
            billed: Ok(to_cents(q.total) - http_billed),
            quote: Some(q),
        },
        Err(why) => Fronting {
            api: ApiKind::cloudfront(w.waf.is_some()),
            billed: Err(why),
            quote: None,
        },
    });
    let now_billed = to_cents(now.total);
    let workarounds_billed = match &fronting {
        Some(Fronting { billed: Ok(b), .. }) => *b,
        _ => Decimal::ZERO,
    };
    let saving_month = now_billed - http_billed - workarounds_billed;
    let notes = notes(&w, &s);
    let cost = ApiCost {
        region: s.region.clone(),
        region_from,
        traffic_from,
        now,
        http,
        workarounds,
        fronting,
        now_billed,
        http_billed,
        workarounds_billed,
        saving_month,
        saving_year: saving_month * Decimal::from(12),
        notes,
    };
    Ok(Ok((
        cost,
        crate::render::provenance_line(&catalog.provenance),
    )))
}

/// Where the region priced came from, in words.
fn region_from(g: &Global, s: &Scenario, from_template: bool) -> String {
    if from_template {
        "from the template"
    } else if g.explicit.region {
        template_review::REGION_GIVEN
    } else if s
        .profile
        .as_ref()
        .is_some_and(|p| p.profile.region.is_some())
    {
        "the profile's; the template names none"
    } else {
        "the tool's default; the template names none"
    }
    .to_string()
}

/// What the REST API's price holds that the template implies: its WAF, its cache.
fn notes(w: &Workload, s: &Scenario) -> Vec<String> {
    let mut notes = Vec::new();
    if w.waf.is_some() && s.workload.waf.is_none() {
        notes.push(
            "WAF on the REST API today is priced: one regional web ACL, every request inspected; no rules priced (the template does not say how many).".to_string(),
        );
    }
    if let Some(c) = &s.workload.cache {
        notes.push(format!(
            "The REST stage cache ({} GB) is priced; HTTP APIs have none. Cache hit rate {}: hits spare the backend only.",
            c.size_gb.normalize(),
            crate::render::fmt::percent(c.hit_rate)
        ));
    }
    notes
}

/// The API now, as an HTTP API, and behind CloudFront + WAF (or why that has no price).
type Options = (Quote, Quote, Option<std::result::Result<Quote, String>>);

/// One month of the API now (REST), as an HTTP API, and as HTTP API + CloudFront + WAF when the move
/// needs CloudFront in front.
fn options(catalog: &Catalog, s: &Scenario, w: &Workload, front: bool) -> Result<Options> {
    let pricer = Pricer::new(catalog, &s.region)?;
    let allowance = s.free_tier.month(0, s.free_tier.initial_credit());
    let mut now = pricer.quote(ApiKind::Rest, &w.for_option(ApiKind::Rest), &allowance)?;
    s.check_limits(&mut now, None)?;
    let mut http = pricer.quote(ApiKind::Http, &w.for_option(ApiKind::Http), &allowance)?;
    s.check_limits(&mut http, None)?;
    // A gap in the catalog (no WAF prices where the web ACL lives) leaves the workaround unpriced,
    // said as such; the API itself is still priced.
    let fronted = if front {
        let option = ApiKind::cloudfront(w.waf.is_some());
        match price_http_cloudfront_waf(catalog, &s.region, &w.for_option(option), &s.free_tier) {
            Ok(mut q) => {
                s.check_limits(&mut q, None)?;
                Some(Ok(q))
            }
            Err(e @ Error::NotPriced { .. }) => Some(Err(e.to_string())),
            Err(e) => return Err(e),
        }
    } else {
        None
    };
    Ok((now, http, fronted))
}

/// Writes review.md, review.html, review.json and the chart into a new directory, renamed into place
/// when complete.
fn write_pack(
    out: &Path,
    dest: &Path,
    review: &TemplateReview,
    mut page: page::Page,
) -> Result<()> {
    let werr = |source: std::io::Error| Error::Write {
        path: out.to_path_buf(),
        source,
    };
    let tmp = crate::io::pack_dir(dest).map_err(werr)?;
    let dir = tmp.path();
    let json = serde_json::to_string_pretty(&template_review::json(review))
        .map_err(|e| Error::Other(e.to_string()))?;
    let drawn = draw_chart(review, dir);
    let mut files = vec![
        (
            "review.md".to_string(),
            "this report, in Markdown".to_string(),
        ),
        (
            "review.html".into(),
            "the same report as one self-contained web page (the chart inline, prints to PDF)"
                .into(),
        ),
        (
            "review.json".into(),
            "the same figures as JSON, exact amounts beside the cents".into(),
        ),
    ];
    if drawn.is_ok() {
        for ext in ["svg", "png"] {
            files.push((
                format!("{CHART}.{ext}"),
                format!("{} ({})", page::CHART_CAPTION, ext.to_uppercase()),
            ));
        }
    }
    page.chart = (CHART.into(), drawn);
    page.files = files;
    // The same page as a profile's review: CommonMark-tidy Markdown (control characters from template
    // names escaped first) and its HTML rendering with the chart inline.
    let md = crate::render::commonmark::tidy(&crate::render::inventory::escape_lines(
        &page::markdown(review, &page),
    ));
    std::fs::write(dir.join("review.md"), &md).map_err(werr)?;
    let title = format!("Architecture review: the REST APIs of {}", review.template);
    let svg = |name: &str| std::fs::read_to_string(dir.join(format!("{name}.svg"))).ok();
    std::fs::write(
        dir.join("review.html"),
        crate::render::review_html::render(&title, &md, &svg),
    )
    .map_err(werr)?;
    std::fs::write(tmp.path().join("review.json"), json + "\n").map_err(werr)?;
    tmp.rename_to(dest).map_err(werr)?;
    output::eprint_line(&format!(
        "review: wrote {} (review.md, review.html, review.json: {} REST API{})",
        out.display(),
        review.apis.len(),
        if review.apis.len() == 1 { "" } else { "s" }
    ));
    Ok(())
}

/// The pack's directory: `--out DIR`, or `-o DIR` (the same meaning; both given, they must agree).
pub(super) fn out_path(g: &Global, a: &ReviewArgs) -> Result<PathBuf> {
    match (&a.out, &g.output) {
        (Some(out), Some(o)) if out != o => Err(Error::usage(
            "-o/--output",
            o.display().to_string(),
            format!(
                "the same directory as --out ({}): both name the review's directory",
                out.display()
            ),
        )),
        (Some(out), _) | (None, Some(out)) => Ok(out.clone()),
        (None, None) => Err(Error::missing(
            crate::error::Field::Output,
            "a review is written to a new directory: give --out DIR (or -o DIR)",
            &[],
        )),
    }
}

/// Today's date (UTC) as YYYY-MM-DD, from the system clock.
pub(super) fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    crate::model::calendar::iso_date((secs / 86_400) as i64)
}
