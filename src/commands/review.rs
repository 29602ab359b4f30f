//! `review PROFILE --out DIR`: an architecture-review pack in one directory. A Markdown report (cost,
//! latency and feature fit, break-even, projection, added latency), the finance CSVs and the charts.
//!
//! Every part is produced by the same command a user would type (listed at the end of the report), so
//! the pack holds no figure the CLI does not also print. The directory is built beside its destination
//! and renamed into place when complete: a failed review leaves nothing behind.

use std::path::{Path, PathBuf};

use crate::cli::resolve::{resolve, Purpose, Scenario};
use crate::cli::{
    load, BreakevenArgs, ChartArgs, CompareArgs, Global, HorizonArgs, LatencyArgs, LatencyCmdArgs,
    ProjectArgs, ReviewArgs, TrafficArgs,
};
use crate::error::{Error, Result};
use crate::model::api::ApiKind;
use crate::model::breakeven::{OptionSpec, Variable};
use crate::model::compare;
use crate::model::features::Features;
use crate::model::numbers;
use crate::model::projection;
use crate::model::review::{self, Candidate};
use crate::money::to_cents;
use crate::output;
use crate::render::chart_data::ChartKind;
use crate::render::fmt;
use crate::render::{review_facts, review_html, review_md, Format};

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

/// What every part of the review shares: the global options, the profile and the options reviewed.
struct Review<'a> {
    g: &'a Global,
    profile: PathBuf,
    /// The options as typed in the printed commands (the flags', else the profile's, else rest,http).
    apis: Vec<String>,
    /// The `--apis` flags given to the review (empty: each part takes the profile's, as typed).
    flags: Vec<ApiKind>,
    /// The global options given to the review, as they are printed in each part's command.
    globals: String,
    /// `--start`: the projection's first calendar month.
    start: Option<crate::model::calendar::CalendarMonth>,
}

impl Review<'_> {
    /// The traffic of every part: the profile.
    fn traffic(&self) -> TrafficArgs {
        TrafficArgs {
            profile: Some(self.profile.clone()),
            ..TrafficArgs::default()
        }
    }

    /// The horizon of the projection and its chart: the profile's, from `--start` when given.
    fn horizon(&self) -> HorizonArgs {
        HorizonArgs {
            start: self.start,
            ..HorizonArgs::default()
        }
    }

    /// The review's global options with another format and no output file.
    fn global(&self, format: Format, output: Option<PathBuf>) -> Global {
        Global {
            format,
            output,
            explicit: crate::cli::Explicit {
                format: false,
                ..self.g.explicit.clone()
            },
            ..self.g.clone()
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

    fn compare(&self, format: Format) -> Result<String> {
        let a = CompareArgs {
            apis: self.flags.clone(),
            regions: vec![],
            horizon: HorizonArgs::default(),
            needs: vec![],
            latency: LatencyArgs::default(),
            uncertainty: Default::default(),
            traffic: self.traffic(),
        };
        super::compare::run(&self.global(format, None), &a)
    }

    fn breakeven(&self, between: &str) -> Result<String> {
        let a = BreakevenArgs {
            vary: Variable::Requests,
            between: OptionSpec::parse_pair(between)
                .map_err(|e| Error::usage("--between", between, e))?,
            from: None,
            to: None,
            migration_cost: None,
            growth: None,
            access: Default::default(),
            traffic: self.traffic(),
        };
        super::breakeven::run(&self.global(Format::Markdown, None), &a)
    }

    fn project(&self, format: Format) -> Result<String> {
        let a = ProjectArgs {
            apis: self.flags.clone(),
            horizon: self.horizon(),
            volumes: None,
            access: Default::default(),
            uncertainty: Default::default(),
            traffic: self.traffic(),
        };
        super::project::run(&self.global(format, None), &a)
    }

    fn latency(&self) -> Result<String> {
        let a = LatencyCmdArgs {
            api: self.flags.clone(),
            latency: LatencyArgs::default(),
            traffic: self.traffic(),
        };
        super::latency::run(&self.global(Format::Markdown, None), &a)
    }

    fn chart(&self, kind: ChartKind, file: &Path) -> Result<()> {
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
            traffic: self.traffic(),
        };
        super::chart::run(&self.global(self.g.format, Some(file.to_path_buf())), &a)
    }
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
    let lp = load::profile(profile_path)?;
    let profile = profile_path.display().to_string();
    let apis: Vec<String> = crate::cli::resolve::api_list(Some(&lp), &a.apis)?
        .iter()
        .map(|k| k.name().to_string())
        .collect();
    let review = Review {
        g,
        profile: profile_path.to_path_buf(),
        apis,
        flags: a.apis.clone(),
        globals: globals(g),
        start: a.start,
    };
    let out = &out_path(g, a)?;
    let dest = out_dir(out)?;
    let werr = |source: std::io::Error| Error::Write {
        path: out.clone(),
        source,
    };
    let tmp = pack_dir(&dest).map_err(werr)?;
    let dir = tmp.path();

    let assessment = assess(&review)?;
    let (sections, files) = sections(&review, &profile, dir).map_err(|e| match e {
        Error::Io(source) => werr(source),
        other => other,
    })?;
    let charts = charts(&review, dir);
    let pack = pack(&lp, &profile, assessment, sections, files, charts, a)?;
    let report = review_md::render(&pack);
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

/// A new temporary directory beside `dest` (its parent created first) for a pack being written;
/// `rename_to(dest)` puts it in place when complete. Registered: a signal removes it
/// (output::catch_signals), as does any error (dropped).
pub(super) fn pack_dir(dest: &Path) -> std::io::Result<output::TempDir> {
    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)?;
    output::temp_dir_in(&parent, ".apigw-cost-review-")
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
                None => today(),
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

fn assess(r: &Review) -> Result<Assessment> {
    let g = &r.global(Format::Markdown, None);
    let traffic = r.traffic();
    let mut s = resolve(g, &traffic, Purpose::Price)?;
    let features = Features::embedded()?;
    let needs = match s.profile.as_ref().and_then(|p| p.profile.needs.as_ref()) {
        Some(n) => features.parse_needs(n)?,
        None => Vec::new(),
    };
    // The options as compare prices them: the workaround of what HTTP lacks is an option with its price.
    let mut apis = s.api_list(&r.flags)?;
    let listed = apis.clone();
    let mut region_codes = vec![s.region.as_str()];
    if compare::add_workaround(&needs, &mut s.workload, &mut apis) {
        region_codes.extend(compare::WORKAROUND_REGIONS);
    }
    let catalog = load::catalog_for(g.prices.as_deref(), &region_codes)?;
    let regions = std::slice::from_ref(&s.region);
    let cmp = compare::compare(&catalog, regions, &apis, &s.workload, &s.free_tier)
        .map_err(|e| s.blame(e))?;
    let growth = s.growth_or(None)?;
    let volumes = projection::compound_volumes(s.workload.requests, growth, YEAR)
        .map_err(|e| s.blame_horizon(None, e))?;
    let year = projection::project(
        &catalog,
        &s.region,
        &apis,
        &s.workload,
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
                gaps: features.gaps(*api, &needs),
            })
        })
        .collect();
    let decision = review::decide(&candidates);
    let largs = LatencyArgs::default().with_profile(s.profile.as_ref())?;
    let latency = super::latency::results(g, &r.flags, &LatencyArgs::default(), &traffic);
    let (results, latency_data) = match latency {
        Ok((results, data)) => {
            let footer = format!(
                "Latency figures: {} ({}, read {}).",
                data.origin, data.source, data.read_on
            );
            (results, footer)
        }
        Err(e) => (Vec::new(), format!("Latency not estimated: {e}.")),
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
        latency: &results,
        metering: &catalog.metering,
        quotes,
        lambda_authorizer: matches!(
            largs.authorizer,
            Some(
                crate::model::latency::Authorizer::Lambda
                    | crate::model::latency::Authorizer::LambdaCached
            )
        ),
        connections: connections(&s)?,
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
        basis: basis(&s, quotes, growth),
        months: YEAR,
        risks: review_facts::risks(&facts, pick.or(apis.first().copied()), limit_risks),
        decision,
    };
    let inputs = crate::cli::inputs::inputs(g, &s, &listed, &largs)
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
        not_included: review_facts::not_included(&facts),
        catalog: format!(
            "Prices: {}, published {}; catalog {}, compiled {}.",
            p.source, p.published, p.origin, p.generated_on
        ),
        latency_data,
    })
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

/// Today's date (UTC) as YYYY-MM-DD, from the system clock.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    crate::model::calendar::iso_date((secs / 86_400) as i64)
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

/// The directory a review creates: `out`, or where a symbolic link `out` leads (a dangling link: the
/// path it names). A review never overwrites: it must not exist yet, or be an empty directory.
pub(super) fn out_dir(out: &Path) -> Result<PathBuf> {
    let refuse = || {
        Error::usage(
            "--out",
            out.display().to_string(),
            "a directory that does not exist yet, or is empty (a review never overwrites files)",
        )
    };
    if out.as_os_str().is_empty() {
        return Err(refuse());
    }
    let werr = |source| Error::Write {
        path: out.to_path_buf(),
        source,
    };
    let dest = match std::fs::symlink_metadata(out) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out.to_path_buf()),
        Err(e) => return Err(werr(e)),
        Ok(m) if !m.file_type().is_symlink() => out.to_path_buf(),
        Ok(_) => match std::fs::canonicalize(out) {
            Ok(real) => real,
            // Dangling: the review creates the directory the link names.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => output::follow_links(out)?.0,
            Err(e) => return Err(werr(e)),
        },
    };
    match std::fs::metadata(&dest) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(dest),
        Err(e) => Err(werr(e)),
        Ok(m) if m.is_dir() && is_empty_dir(&dest) => Ok(dest),
        Ok(_) => Err(refuse()),
    }
}

/// Whether `dir` has no entry (one that cannot be read counts as not empty).
fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .map(|mut d| d.next().is_none())
        .unwrap_or(false)
}

/// The report's sections (cost, break-even, projection, latency) and the CSV files written to `dir`.
/// Only the cost comparison is required; a part that cannot be made for this profile says why.
fn sections(
    r: &Review,
    profile: &str,
    dir: &Path,
) -> Result<(Vec<review_md::Section>, Vec<FileEntry>)> {
    let apis_csv = r.apis.join(",");
    // 1. Cost, latency and feature fit (required: the review is about this).
    let compare_args = ["compare", "--profile", profile, "--apis", &apis_csv];
    let compare_md = r.compare(Format::Markdown)?;
    let compare_csv = r.compare(Format::Csv)?;
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
        sections.push(review_md::Section {
            title: "Break-even by monthly requests".into(),
            command: r.typed(&args, Format::Markdown),
            body: r.breakeven(&between).map_err(|e| e.to_string()),
        });
    }

    // 3. Month by month, with growth and the free tier.
    let start = r.start.map(|s| s.label());
    let mut project_args = vec!["project", "--profile", profile, "--apis", &apis_csv];
    if let Some(s) = &start {
        project_args.extend(["--start", s.as_str()]);
    }
    let projection = r.project(Format::Markdown).map_err(|e| e.to_string());
    if projection.is_ok() {
        if let Ok(csv) = r.project(Format::Csv) {
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
    sections.push(review_md::Section {
        title: "Added latency by component".into(),
        command: r.typed(&latency_args, Format::Markdown),
        body: r.latency().map_err(|e| e.to_string()),
    });
    Ok((sections, files))
}

/// Draws each chart as SVG and PNG into `dir`; a chart that cannot be drawn leaves no file and says why.
fn charts(r: &Review, dir: &Path) -> Vec<review_md::Chart> {
    let mut charts = Vec::new();
    let per_message = r.apis.iter().all(|a| a == "websocket");
    for (kind, caption) in CHARTS {
        let mut result = Ok(());
        let per_request = matches!(kind, ChartKind::CostVsRequests | ChartKind::EffectivePrice);
        if per_message && per_request {
            charts.push(review_md::Chart {
                name: kind.name().to_string(),
                caption: caption.to_string(),
                drawn: Err(
                    "a WebSocket API is priced per message and connection minute, not per request"
                        .into(),
                ),
            });
            continue;
        }
        for ext in ["svg", "png"] {
            let file = dir.join(format!("{}.{ext}", kind.name()));
            if let Err(e) = r.chart(kind, &file) {
                result = Err(e.to_string());
                let _ = std::fs::remove_file(&file);
                break;
            }
        }
        charts.push(review_md::Chart {
            name: kind.name().to_string(),
            caption: caption.to_string(),
            drawn: result,
        });
    }
    charts
}
