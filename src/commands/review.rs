//! `review PROFILE --out DIR`: an architecture-review pack in one directory. A Markdown report (cost,
//! latency and feature fit, break-even, projection, added latency), the finance CSVs and the charts.
//!
//! Every part is the report of the command a user would type (printed with the section), computed by
//! that command's `report` function from the one scenario the review resolves (the profile read once,
//! also from standard input with `review -`; the catalog loaded once), so the pack holds no figure the
//! CLI does not also print. Each report is computed once and rendered in each format the pack holds. The directory is built beside its destination
//! and renamed into place when complete: a failed review leaves nothing behind.

use std::path::{Path, PathBuf};

use crate::cli::latency::{resolve_latency_loaded, LatencyScenario};
use crate::cli::resolve::{resolve_loaded, Purpose, Scenario};
use crate::cli::{
    load, BreakevenArgs, ChartArgs, CompareArgs, Global, HorizonArgs, LatencyArgs, ProjectArgs,
    ReviewArgs, TrafficArgs,
};
use crate::error::{Error, Result};
use crate::model::api::ApiKind;
use crate::model::breakeven::{OptionSpec, Variable};
use crate::model::catalog::Catalog;
use crate::model::features::Features;
use crate::model::numbers;
use crate::model::profile::LoadedProfile;
use crate::model::projection;
use crate::model::review::{self, Candidate};
use crate::money::to_cents;
use crate::output;
use crate::render::chart::{self, ImageFormat};
use crate::render::chart_data::{self, Chart, ChartKind};
use crate::render::fmt;
use crate::render::{review_facts, review_html, review_md, Format};
use crate::report::{BreakevenReport, CompareReport, LatencyReport, ProjectReport};

/// A file of the pack and what it holds.
type FileEntry = (&'static str, &'static str);

/// The charts of a review, each drawn as SVG (for documents) and PNG (for slides).
const CHARTS: [(ChartKind, &str); 4] = [
    (
        ChartKind::CostVsRequests,
        "Monthly cost against monthly requests",
    ),
    (
        ChartKind::EffectivePrice,
        "Price per million requests against volume",
    ),
    (
        ChartKind::Projection,
        "Month-by-month cost and cumulative saving",
    ),
    (ChartKind::Latency, "Added latency percentiles per option"),
];

/// What every part of the review shares: the global options, the profile (read once), the scenario
/// resolved once from it, the catalog loaded once, and the options reviewed. Each part's report is
/// computed once from these and rendered in every format the pack holds; the command printed for a
/// part is made from the same values.
struct Review<'a> {
    g: &'a Global,
    /// The profile's path as given (`-`: standard input, read once).
    profile: PathBuf,
    /// The options as typed in the printed commands (the flags', else the profile's, else rest,http).
    apis: Vec<String>,
    /// The `--apis` flags given to the review (empty: each part takes the profile's, as typed).
    flags: Vec<ApiKind>,
    /// The global options given to the review, as they are printed in each part's command.
    globals: String,
    /// `--start`: the projection's first calendar month.
    start: Option<crate::model::calendar::CalendarMonth>,
    /// Flags and profile merged, once, for the priced parts and for the latency model.
    scenario: Scenario,
    latency_scenario: LatencyScenario,
    /// The comparison's plan (options, needs, the workaround) and the catalog that holds its regions.
    plan: super::compare::Plan,
    catalog: Catalog,
    /// The profile as read.
    lp: LoadedProfile,
    /// The options the region does not price, each in a sentence ("Not included").
    unpriced: Vec<String>,
}

impl<'a> Review<'a> {
    /// Reads the profile once and resolves everything the parts share.
    fn new(
        g: &'a Global,
        a: &ReviewArgs,
        path: &Path,
        lp: LoadedProfile,
        apis: Vec<String>,
    ) -> Result<Review<'a>> {
        let traffic = TrafficArgs {
            profile: Some(path.to_path_buf()),
            ..TrafficArgs::default()
        };
        let scenario = resolve_loaded(g, &traffic, Some(&lp), Purpose::Price)?;
        let mut plan = super::compare::plan(&scenario, &compare_args(&a.apis))?;
        let catalog = load::catalog_for(g.prices.as_deref(), &plan.catalog_regions())?;
        let latency_scenario = resolve_latency_loaded(g, &traffic, Some(&lp))?;
        // What the region prices is reviewed; the rest is named under "Not included".
        let (priced, unpriced) = super::review_priced::split(
            &catalog,
            &scenario.region,
            &plan.apis,
            &plan.workload,
            &scenario.free_tier,
        )?;
        let (mut apis, mut flags) = (apis, a.apis.clone());
        if !unpriced.is_empty() {
            plan.apis = priced;
            flags = crate::cli::resolve::api_list(Some(&lp), &a.apis)?;
            flags.retain(|k| plan.apis.contains(k));
            apis = flags.iter().map(|k| k.name().to_string()).collect();
        }
        Ok(Review {
            g,
            profile: path.to_path_buf(),
            apis,
            flags,
            globals: globals(g),
            start: a.start,
            scenario,
            latency_scenario,
            plan,
            catalog,
            lp,
            unpriced,
        })
    }

    /// The profile as typed in the printed commands.
    fn profile_arg(&self) -> String {
        self.profile.display().to_string()
    }

    /// The horizon of the projection and its chart: the profile's, from `--start` when given.
    fn horizon(&self) -> HorizonArgs {
        HorizonArgs {
            start: self.start,
            ..HorizonArgs::default()
        }
    }

    /// The command line a user types for a part (`args` after `apigw-cost`).
    fn typed(&self, args: &[&str], format: Format) -> String {
        let f = match format {
            Format::Markdown => " --format markdown",
            Format::Csv => " --format csv",
            _ => "",
        };
        format!("apigw-cost {}{}{f}", args.join(" "), self.globals)
    }

    fn compare(&self) -> Result<CompareReport> {
        let a = compare_args(&self.flags);
        super::compare::report(&self.scenario, &self.plan, &self.catalog, &a)
    }

    fn breakeven(&self, between: &str) -> Result<BreakevenReport> {
        let a = BreakevenArgs {
            vary: Variable::Requests,
            between: OptionSpec::parse_pair(between)
                .map_err(|e| Error::usage("--between", between, e))?,
            from: None,
            to: None,
            migration_cost: None,
            growth: None,
            access: Default::default(),
            traffic: TrafficArgs::default(),
        };
        super::breakeven::report(&self.scenario, &self.catalog, &a)
    }

    fn project_args(&self) -> ProjectArgs {
        ProjectArgs {
            apis: self.flags.clone(),
            horizon: self.horizon(),
            volumes: None,
            access: Default::default(),
            uncertainty: Default::default(),
            traffic: TrafficArgs::default(),
        }
    }

    fn project(&self) -> Result<ProjectReport> {
        let a = self.project_args();
        let volumes = super::project::Given::compounded(&self.scenario, &a)?;
        super::project::report(&self.scenario, &self.catalog, &a, volumes)
    }

    fn latency(&self) -> Result<LatencyReport> {
        super::latency::report(&self.latency_scenario, &self.flags, &LatencyArgs::default())
    }

    /// A chart's data: the latency chart from the latency report, the others priced.
    fn chart(
        &self,
        kind: ChartKind,
        latency: &Result<LatencyReport>,
    ) -> std::result::Result<Chart, String> {
        if kind == ChartKind::Latency {
            return match latency {
                Ok(l) => chart_data::latency(&l.results).map_err(|e| e.to_string()),
                Err(e) => Err(e.to_string()),
            };
        }
        let a = ChartArgs {
            kind,
            apis: self.flags.clone(),
            width: ChartArgs::DEFAULT_WIDTH,
            height: ChartArgs::DEFAULT_HEIGHT,
            log_y: false,
            // Text at least 8 pt when the page prints the chart across an A4 column (see review_html).
            scale: ChartArgs::REVIEW_SCALE,
            horizon: self.horizon(),
            latency: LatencyArgs::default(),
            traffic: TrafficArgs::default(),
        };
        super::chart::priced(&self.scenario, &self.catalog, &a).map_err(|e| e.to_string())
    }
}

/// The comparison a review makes: the review's options, in the review's region, no `--needs` flag
/// (the profile's `needs`).
fn compare_args(apis: &[ApiKind]) -> CompareArgs {
    CompareArgs {
        apis: apis.to_vec(),
        regions: vec![],
        horizon: HorizonArgs::default(),
        needs: vec![],
        latency: LatencyArgs::default(),
        uncertainty: Default::default(),
        traffic: TrafficArgs::default(),
    }
}

/// A report in Markdown or CSV.
fn text<R>(
    report: &R,
    format: Format,
    render: impl Fn(&dyn crate::render::Renderer, &R) -> Result<String>,
) -> Result<String> {
    render(crate::render::renderer(format).as_ref(), report)
}

/// Writes the pack.
pub fn run(g: &Global, a: &ReviewArgs) -> Result<()> {
    let profile_path = match (&a.template.template, &a.profile) {
        (Some(template), _) => return super::review_template::run(g, a, template),
        (None, Some(p)) => super::review_template::no_traffic_flags(&a.template, p)?,
        (None, None) => {
            return Err(Error::missing(
                crate::error::Field::Output,
                "a review reads a traffic profile (PROFILE) or a template (--template FILE)",
                &[],
            ))
        }
    };
    // The profile is read once (from standard input with `review -`).
    let lp = load::profile(profile_path)?;
    let apis: Vec<String> = crate::cli::resolve::api_list(Some(&lp), &a.apis)?
        .iter()
        .map(|k| k.name().to_string())
        .collect();
    let out = &super::review_template::out_path(g, a)?;
    let dest = crate::io::out_dir(out)?;
    let werr = |source: std::io::Error| Error::Write {
        path: out.clone(),
        source,
    };
    let tmp = crate::io::pack_dir(&dest).map_err(werr)?;
    let dir = tmp.path();
    let review = Review::new(g, a, profile_path, lp, apis)?;
    let profile = review.profile_arg();

    // Each report once: the comparison and the latency feed the summary, the sections and the charts.
    let compared = review.compare()?;
    let latency = review.latency();
    let assessment = assess(&review, &compared, &latency)?;
    let (mut sections, files) =
        sections(&review, &compared, &latency, dir).map_err(|e| match e {
            Error::Io(source) => werr(source),
            other => other,
        })?;
    let mut charts = charts(&review, &latency, dir);
    // With a range on any input: how sure the recommendation is, after the cost section.
    let pick = assessment.summary.decision.pick.as_ref().map(|p| p.api);
    if let Some((body, tornado)) = sure(&review, pick)? {
        let apis_csv = review.apis.join(",");
        let args = ["sensitivity", "--profile", &profile, "--apis", &apis_csv];
        sections.insert(
            1,
            review_md::Section {
                title: "How sure is this".into(),
                command: review.typed(&args, Format::Markdown),
                body: Ok(body),
            },
        );
        charts.push(review_md::Chart {
            name: ChartKind::Tornado.name().into(),
            caption: "What moves the saving most, each input across its span".into(),
            drawn: draw(&tornado, ChartKind::Tornado, dir).map_err(|e| e.to_string()),
        });
    }
    let pack = pack(&review.lp, &profile, assessment, sections, files, charts, a)?;
    let report = crate::render::for_reader(Format::Markdown, review_md::render(&pack));
    let svg = |name: &str| std::fs::read_to_string(dir.join(format!("{name}.svg"))).ok();
    let html = review_html::render(
        &format!("Architecture review: {}", pack.title),
        &report,
        &svg,
    );
    std::fs::write(dir.join("review.md"), &report).map_err(werr)?;
    std::fs::write(dir.join("review.html"), html).map_err(werr)?;

    // Complete: move into place. The rename replaces an empty directory atomically and fails on one
    // that is not empty (if files appeared there meanwhile): a review never overwrites.
    tmp.rename_to(&dest).map_err(werr)?;
    output::eprint_line(&format!(
        "review: wrote {} (review.md, review.html, {} CSV, {} charts)",
        out.display(),
        pack.files
            .iter()
            .filter(|(f, _)| f.ends_with(".csv"))
            .count(),
        pack.charts.iter().filter(|c| c.drawn.is_ok()).count() * 2
    ));
    Ok(())
}

/// "How sure is this" (`review_sure`), when any input of the profile is a range.
fn sure(r: &Review, pick: Option<ApiKind>) -> Result<Option<(String, Chart)>> {
    let s = Scenario {
        workload: r.plan.workload.clone(),
        ..r.scenario.clone()
    };
    let features = Features::embedded()?;
    super::review_sure::section(&super::review_sure::Sure {
        g: r.g,
        s: &s,
        catalog: &r.catalog,
        apis: &r.plan.apis,
        pick,
        eligible: r
            .plan
            .apis
            .iter()
            .copied()
            .filter(|a| features.gaps(*a, &r.plan.needs).is_empty())
            .collect(),
    })
}

/// The report's parts put together (the files list names every file of the pack).
fn pack(
    lp: &crate::model::profile::LoadedProfile,
    path: &str,
    assessment: Assessment,
    sections: Vec<review_md::Section>,
    files: Vec<FileEntry>,
    charts: Vec<review_md::Chart>,
    a: &ReviewArgs,
) -> Result<review_md::Pack> {
    let p = &lp.profile;
    let file_name = Path::new(path)
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_else(|| path.to_string());
    let mut all: Vec<(String, String)> = vec![
        ("review.md".into(), "this report, in Markdown".into()),
        (
            "review.html".into(),
            "the same report as one self-contained web page (charts inline, prints to PDF)".into(),
        ),
    ];
    all.extend(files.iter().map(|(f, w)| (f.to_string(), w.to_string())));
    for c in charts.iter().filter(|c| c.drawn.is_ok()) {
        all.push((format!("{}.svg", c.name), format!("{} (SVG)", c.caption)));
        all.push((format!("{}.png", c.name), format!("{} (PNG)", c.caption)));
    }
    Ok(review_md::Pack {
        title: p.name.clone().unwrap_or(file_name.clone()),
        description: p.description.clone(),
        profile_file: file_name,
        inputs_from: p.source.clone(),
        summary: assessment.summary,
        inputs: assessment.inputs,
        limits: assessment.limits,
        not_included: assessment.not_included,
        sections,
        charts,
        files: all,
        footer: review_md::Footer {
            version: env!("CARGO_PKG_VERSION").to_string(),
            catalog: assessment.catalog,
            latency: assessment.latency_data,
            generated: match &a.date {
                Some(d) => d.clone(),
                None => super::review_template::today(),
            },
        },
    })
}

/// What the summary, the inputs, the limits and the "not included" list rest on: the same model the
/// commands use, on the same profile.
struct Assessment {
    summary: review_md::Summary,
    inputs: Vec<review_md::Input>,
    limits: Vec<review_md::Limit>,
    not_included: Vec<String>,
    /// The price catalog's source and dates, for the footer.
    catalog: String,
    /// The latency figures' source and date, for the footer.
    latency_data: String,
}

/// Months summed in the summary's yearly figure.
const YEAR: u32 = 12;

fn assess(
    r: &Review,
    compared: &CompareReport,
    latency: &Result<LatencyReport>,
) -> Result<Assessment> {
    let g = r.g;
    // The scenario as compare prices it: with the workaround's WAF when a need adds it.
    let s = &Scenario {
        workload: r.plan.workload.clone(),
        ..r.scenario.clone()
    };
    let features = Features::embedded()?;
    let needs = &r.plan.needs;
    // The options as compare prices them: the workaround of what HTTP lacks is an option with its price.
    let apis = r.plan.apis.clone();
    let listed = s.api_list(&r.flags)?;
    let catalog = &r.catalog;
    let cmp = &compared.regions;
    let (candidates, growth) = candidates(r, s, compared, &features, &apis)?;
    let decision = review::decide(&candidates);
    let largs = LatencyArgs::default().with_profile(s.profile.as_ref())?;
    let empty = Vec::new();
    let (results, latency_data) = match latency {
        Ok(l) => {
            let footer = format!(
                "Latency figures: {} ({}, read {}).",
                l.data.origin, l.data.source, l.data.read_on
            );
            (&l.results, footer)
        }
        Err(e) => (&empty, format!("Latency not estimated: {e}.")),
    };
    let pick = decision.pick.as_ref().map(|p| p.api);
    let quotes = cmp.first().map(|c| c.quotes.as_slice()).unwrap_or_default();
    let facts = review_facts::Facts {
        region: &s.region,
        workload: &s.workload,
        peak_factor: s.peak_factor,
        peak_given: s.origin_key("--peak-factor").is_some(),
        free_tier: &s.free_tier,
        apis: &apis,
        latency: results,
        metering: &catalog.metering,
        quotes,
        lambda_authorizer: matches!(
            largs.authorizer,
            Some(
                crate::model::latency::Authorizer::Lambda
                    | crate::model::latency::Authorizer::LambdaCached
            )
        ),
        connections: connections(s)?,
    };
    let (limits, limit_risks) = review_facts::limits(&facts);
    let summary = review_md::Summary {
        needs: needs
            .iter()
            .map(|n| {
                (
                    n.clone(),
                    features.get(n).map(|f| f.title.clone()).unwrap_or_default(),
                )
            })
            .collect(),
        basis: basis(s, quotes, growth),
        months: YEAR,
        risks: review_facts::risks(&facts, pick.or(apis.first().copied()), limit_risks),
        decision,
    };
    let inputs = crate::cli::inputs::inputs(g, s, &listed, &largs)
        .into_iter()
        .map(|i| review_md::Input {
            name: i.name,
            value: i.value,
            from: i.from,
        })
        .collect();
    let p = &catalog.provenance;
    Ok(Assessment {
        summary,
        inputs,
        limits,
        not_included: r
            .unpriced
            .iter()
            .cloned()
            .chain(review_facts::not_included(&facts))
            .collect(),
        catalog: crate::render::provenance_line(p),
        latency_data,
    })
}

/// Each option's monthly and first-year cost and what it lacks of the needs (and the growth the year
/// was projected with).
fn candidates(
    r: &Review,
    s: &Scenario,
    compared: &CompareReport,
    features: &Features,
    apis: &[ApiKind],
) -> Result<(Vec<Candidate>, rust_decimal::Decimal)> {
    let (catalog, needs, cmp) = (&r.catalog, &r.plan.needs, &compared.regions);
    let growth = s.growth_or(None)?;
    let volumes = projection::compound_volumes(s.workload.requests, growth, YEAR)
        .map_err(|e| s.blame_horizon(None, e))?;
    let year = projection::project(
        catalog,
        &s.region,
        apis,
        &r.plan.workload,
        &volumes,
        &s.free_tier,
    )
    .map_err(|e| s.blame_horizon(None, e))?;
    let candidates: Vec<Candidate> = apis
        .iter()
        .filter_map(|api| {
            let q = cmp.first()?.quotes.iter().find(|q| q.api == *api)?;
            let o = year.options.iter().find(|o| o.api == *api)?;
            Some(Candidate {
                api: *api,
                monthly: to_cents(q.total),
                yearly: o.months.iter().map(|m| to_cents(m.quote.total)).sum(),
                gaps: features.gaps(*api, needs),
            })
        })
        .collect();
    Ok((candidates, growth))
}

/// WebSocket connections a month and their average minutes, when the profile gives both.
fn connections(s: &Scenario) -> Result<Option<(rust_decimal::Decimal, rust_decimal::Decimal)>> {
    let Some(lp) = s.profile.as_ref() else {
        return Ok(None);
    };
    let Some(ws) = &lp.profile.websocket else {
        return Ok(None);
    };
    let c = lp.num(
        "websocket.connections",
        &ws.connections,
        numbers::parse_count,
    )?;
    let m = lp.num(
        "websocket.connection_duration_minutes",
        &ws.connection_duration_minutes,
        numbers::parse_positive,
    )?;
    Ok(c.zip(m))
}

/// What the summary's costs are for, in words.
fn basis(
    s: &Scenario,
    quotes: &[crate::model::cost::Quote],
    growth: rust_decimal::Decimal,
) -> String {
    let growth = match growth.is_zero() {
        true => "no growth".to_string(),
        false => format!(
            "{}% growth a month",
            (growth * rust_decimal::Decimal::from(100)).normalize()
        ),
    };
    format!(
        "{}, {} a month, {growth}, free tier: {}; a year is the sum of the first {YEAR} monthly bills, each to the cent",
        s.region,
        fmt::volume(quotes),
        s.free_tier.label()
    )
}

/// The global options given to the review apply to every part: the printed commands carry them.
fn globals(g: &Global) -> String {
    let mut globals = String::new();
    if let Some(p) = &g.prices {
        globals.push_str(&format!(" --prices {}", p.display()));
    }
    if g.explicit.region {
        globals.push_str(&format!(" --region {}", g.region));
    }
    if g.explicit.free_tier {
        globals.push_str(&format!(" --free-tier {}", g.free_tier.label()));
    }
    if g.explicit.account_age_months {
        globals.push_str(&format!(" --account-age-months {}", g.account_age_months));
    }
    globals
}

/// The report's sections (cost, break-even, projection, latency) and the CSV files written to `dir`.
/// Only the cost comparison is required; a part that cannot be made for this profile says why. Each
/// report is computed once and rendered in Markdown (the section) and CSV (the file).
fn sections(
    r: &Review,
    compared: &CompareReport,
    latency: &Result<LatencyReport>,
    dir: &Path,
) -> Result<(Vec<review_md::Section>, Vec<FileEntry>)> {
    let profile = r.profile_arg();
    let profile = profile.as_str();
    let apis_csv = r.apis.join(",");
    // 1. Cost, latency and feature fit (required: the review is about this).
    let compare_args = ["compare", "--profile", profile, "--apis", &apis_csv];
    let compare_md = text(compared, Format::Markdown, |f, r| f.compare(r))?;
    let compare_csv = text(compared, Format::Csv, |f, r| f.compare(r))?;
    let mut sections = vec![review_md::Section {
        title: "Cost, added latency and feature fit".into(),
        command: r.typed(&compare_args, Format::Markdown),
        body: Ok(compare_md),
    }];
    let mut files = vec![("costs.csv", "finance CSV of the comparison, line by line")];
    std::fs::write(dir.join("costs.csv"), compare_csv)?;

    // 2. Where the first two options cost the same.
    if r.apis.len() >= 2 {
        let between = format!("{},{}", r.apis[0], r.apis[1]);
        let args = [
            "breakeven",
            "--profile",
            profile,
            "--vary",
            "requests",
            "--between",
            &between,
        ];
        let body = r
            .breakeven(&between)
            .and_then(|b| text(&b, Format::Markdown, |f, r| f.breakeven(r)));
        sections.push(review_md::Section {
            title: "Break-even by monthly requests".into(),
            command: r.typed(&args, Format::Markdown),
            body: body.map_err(|e| e.to_string()),
        });
    }

    // 3. Month by month, with growth and the free tier.
    let start = r.start.map(|s| s.label());
    let mut project_args = vec!["project", "--profile", profile, "--apis", &apis_csv];
    if let Some(s) = &start {
        project_args.extend(["--start", s.as_str()]);
    }
    let projected = r.project();
    let projection = match &projected {
        Ok(p) => text(p, Format::Markdown, |f, r| f.project(r)).map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    if let (Ok(p), Ok(_)) = (&projected, &projection) {
        if let Ok(csv) = text(p, Format::Csv, |f, r| f.project(r)) {
            std::fs::write(dir.join("projection.csv"), csv)?;
            files.push((
                "projection.csv",
                "finance CSV of the projection, a total row per month (per option)",
            ));
        }
    }
    sections.push(review_md::Section {
        title: "Projection".into(),
        command: r.typed(&project_args, Format::Markdown),
        body: projection,
    });

    // 4. Added latency per component.
    let latency_args = ["latency", "--profile", profile, "--api", &apis_csv];
    let body = match latency {
        Ok(l) => text(l, Format::Markdown, |f, r| f.latency(r)).map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    sections.push(review_md::Section {
        title: "Added latency by component".into(),
        command: r.typed(&latency_args, Format::Markdown),
        body,
    });
    Ok((sections, files))
}

/// Draws each chart as SVG and PNG into `dir` (its data computed once); a chart that cannot be drawn
/// leaves no file and says why.
fn charts(r: &Review, latency: &Result<LatencyReport>, dir: &Path) -> Vec<review_md::Chart> {
    let mut charts = Vec::new();
    let per_message = r.apis.iter().all(|a| a == "websocket");
    for (kind, caption) in CHARTS {
        let per_request = matches!(kind, ChartKind::CostVsRequests | ChartKind::EffectivePrice);
        let drawn = if per_message && per_request {
            Err(
                "a WebSocket API is priced per message and connection minute, not per request"
                    .into(),
            )
        } else {
            r.chart(kind, latency)
                .and_then(|data| draw(&data, kind, dir).map_err(|e| e.to_string()))
        };
        charts.push(review_md::Chart {
            name: kind.name().to_string(),
            caption: caption.to_string(),
            drawn,
        });
    }
    charts
}

/// Writes one chart's data as SVG and PNG (both or neither).
fn draw(data: &Chart, kind: ChartKind, dir: &Path) -> Result<()> {
    for (ext, format) in [("svg", ImageFormat::Svg), ("png", ImageFormat::Png)] {
        let file = dir.join(format!("{}.{ext}", kind.name()));
        // Drawn 1.4 times larger: chart text at least 8 pt when the page prints it across A4.
        let written = chart::render_scaled(
            data,
            format,
            ChartArgs::DEFAULT_WIDTH,
            ChartArgs::DEFAULT_HEIGHT,
            ChartArgs::REVIEW_SCALE,
        )
        .and_then(|bytes| {
            std::fs::write(&file, bytes).map_err(|source| Error::Write {
                path: file.clone(),
                source,
            })
        });
        if let Err(e) = written {
            let _ = std::fs::remove_file(dir.join(format!("{}.svg", kind.name())));
            let _ = std::fs::remove_file(&file);
            return Err(e);
        }
    }
    Ok(())
}
