//! `review PROFILE --out DIR`: an architecture-review pack in one directory. A Markdown report (cost,
//! latency and feature fit, break-even, projection, added latency), the finance CSVs and the charts.
//!
//! Every part is produced by the same command a user would type (listed at the end of the report), so
//! the pack holds no figure the CLI does not also print. The directory is built beside its destination
//! and renamed into place when complete: a failed review leaves nothing behind.

use std::path::{Path, PathBuf};

use crate::cli::{
    load, BreakevenArgs, ChartArgs, CompareArgs, Global, HorizonArgs, LatencyArgs, LatencyCmdArgs,
    ProjectArgs, ReviewArgs, TrafficArgs,
};
use crate::error::{Error, Result};
use crate::model::api::ApiKind;
use crate::model::breakeven::{OptionSpec, Variable};
use crate::output;
use crate::render::chart_data::ChartKind;
use crate::render::Format;

/// One part of the report: its heading, the command that makes it, and its text or why it is missing.
struct Section {
    title: &'static str,
    command: String,
    body: std::result::Result<String, String>,
}

/// A file of the pack and what it holds.
type FileEntry = (&'static str, &'static str);

/// A chart of the pack: its kind's name, caption, and whether it was drawn (or why not).
type ChartResult = (&'static str, &'static str, std::result::Result<(), String>);

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
            api: None,
            width: ChartArgs::DEFAULT_WIDTH,
            height: ChartArgs::DEFAULT_HEIGHT,
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
        (None, None) => return Err(Error::usage("PROFILE", "", "a profile, or --template FILE")),
    };
    let lp = load::profile(profile_path)?;
    let profile = profile_path.display().to_string();
    let apis: Vec<String> = if !a.apis.is_empty() {
        a.apis.iter().map(|k| k.name().to_string()).collect()
    } else {
        lp.profile
            .apis
            .clone()
            .unwrap_or_else(|| vec!["rest".into(), "http".into()])
    };
    let review = Review {
        g,
        profile: profile_path.to_path_buf(),
        apis,
        flags: a.apis.clone(),
        globals: globals(g),
        start: a.start,
    };
    let out = &a.out;
    let dest = out_dir(out)?;
    let werr = |source: std::io::Error| Error::Write {
        path: out.clone(),
        source,
    };
    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(werr)?;
    // Registered: a signal removes it (output::catch_signals), as does any error (dropped).
    let tmp = output::temp_dir_in(&parent, ".apigw-cost-review-").map_err(werr)?;
    let dir = tmp.path();

    let (sections, files) = sections(&review, &profile, dir).map_err(|e| match e {
        Error::Io(source) => werr(source),
        other => other,
    })?;
    let charts = charts(&review, dir);
    let report = markdown(&lp, &profile, &sections, &files, &charts);
    std::fs::write(dir.join("review.md"), report).map_err(werr)?;

    // Complete: move into place. The rename replaces an empty directory atomically and fails on one
    // that is not empty (if files appeared there meanwhile): a review never overwrites.
    tmp.rename_to(&dest).map_err(werr)?;
    output::eprint_line(&format!(
        "review: wrote {} (review.md, {} CSV, {} charts)",
        out.display(),
        files.len(),
        charts.iter().filter(|c| c.2.is_ok()).count() * 2
    ));
    Ok(())
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
fn sections(r: &Review, profile: &str, dir: &Path) -> Result<(Vec<Section>, Vec<FileEntry>)> {
    let apis_csv = r.apis.join(",");
    // 1. Cost, latency and feature fit (required: the review is about this).
    let compare_args = ["compare", "--profile", profile, "--apis", &apis_csv];
    let compare_md = r.compare(Format::Markdown)?;
    let compare_csv = r.compare(Format::Csv)?;
    let mut sections = vec![Section {
        title: "Cost, added latency and feature fit",
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
        sections.push(Section {
            title: "Break-even by monthly requests",
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
    sections.push(Section {
        title: "Projection",
        command: r.typed(&project_args, Format::Markdown),
        body: projection,
    });

    // 4. Added latency per component.
    let latency_args = ["latency", "--profile", profile, "--api", &apis_csv];
    sections.push(Section {
        title: "Added latency by component",
        command: r.typed(&latency_args, Format::Markdown),
        body: r.latency().map_err(|e| e.to_string()),
    });
    Ok((sections, files))
}

/// Draws each chart as SVG and PNG into `dir`; a chart that cannot be drawn leaves no file and says why.
fn charts(r: &Review, dir: &Path) -> Vec<ChartResult> {
    let mut charts = Vec::new();
    for (kind, caption) in CHARTS {
        let mut result = Ok(());
        for ext in ["svg", "png"] {
            let file = dir.join(format!("{}.{ext}", kind.name()));
            if let Err(e) = r.chart(kind, &file) {
                result = Err(e.to_string());
                let _ = std::fs::remove_file(&file);
                break;
            }
        }
        charts.push((kind.name(), caption, result));
    }
    charts
}

/// Headings of an embedded report move one level down, under the review's own.
fn demote(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.starts_with('#') {
                format!("#{l}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn markdown(
    lp: &crate::model::profile::LoadedProfile,
    path: &str,
    sections: &[Section],
    files: &[(&str, &str)],
    charts: &[ChartResult],
) -> String {
    let p = &lp.profile;
    let file_name = Path::new(path)
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_else(|| path.to_string());
    let mut out = format!(
        "# Architecture review: {}\n\n",
        p.name.as_deref().unwrap_or(&file_name)
    );
    if let Some(d) = &p.description {
        out.push_str(&format!("{d}.\n\n"));
    }
    out.push_str(&format!("Profile: `{file_name}`"));
    if let Some(s) = &p.source {
        out.push_str(&format!(" · inputs from: {s}"));
    }
    out.push_str("\n\nEvery figure below is printed by the command shown under its section; money is exact and shown to the cent, latency is a seeded Monte Carlo estimate whose components say whether they are measured, an AWS claim or an assumption.\n\n");
    out.push_str("Contents:\n");
    for (i, s) in sections.iter().enumerate() {
        out.push_str(&format!("{}. {}\n", i + 1, s.title));
    }
    out.push_str(&format!("{}. Charts\n\n", sections.len() + 1));
    for (i, s) in sections.iter().enumerate() {
        out.push_str(&format!("## {}. {}\n\n", i + 1, s.title));
        match &s.body {
            Ok(b) => out.push_str(&demote(b.trim_end())),
            Err(e) => out.push_str(&format!("Not available for this profile: {e}")),
        }
        out.push_str(&format!("\n\n`{}`\n\n", s.command));
    }
    out.push_str(&format!("## {}. Charts\n\n", sections.len() + 1));
    for (kind, caption, r) in charts {
        match r {
            Ok(()) => out.push_str(&format!(
                "![{caption}]({kind}.png)\n\n{caption}: [`{kind}.svg`]({kind}.svg), [`{kind}.png`]({kind}.png).\n\n"
            )),
            Err(e) => out.push_str(&format!("{caption}: not drawn for this profile ({e}).\n\n")),
        }
    }
    out.push_str("## Files\n\n");
    for (f, what) in files {
        out.push_str(&format!("- [`{f}`]({f}): {what}\n"));
    }
    out
}
