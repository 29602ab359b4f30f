//! `review PROFILE --out DIR`: an architecture-review pack in one directory. A Markdown report (cost,
//! latency and feature fit, break-even, projection, added latency), the finance CSVs and the charts.
//!
//! Every part is produced by the same command a user would type (listed at the end of the report), so
//! the pack holds no figure the CLI does not also print. The directory is built beside its destination
//! and renamed into place when complete: a failed review leaves nothing behind.

use std::path::Path;

use clap::Parser;

use crate::cli::{self, Cli, Global, ReviewArgs};
use crate::error::{Error, Result};
use crate::render::Format;

/// One part of the report: its heading, the command that makes it, and its text or why it is missing.
struct Section {
    title: &'static str,
    command: String,
    body: std::result::Result<String, String>,
}

/// Writes the pack.
pub fn run(g: &Global, a: &ReviewArgs) -> Result<()> {
    let lp = cli::load_profile(&a.profile)?;
    let profile = a.profile.display().to_string();
    let apis: Vec<String> = if !a.apis.is_empty() {
        a.apis.iter().map(|k| k.name().to_string()).collect()
    } else {
        lp.profile
            .apis
            .clone()
            .unwrap_or_else(|| vec!["rest".into(), "http".into()])
    };
    let apis_csv = apis.join(",");

    let out = &a.out;
    if out.exists() {
        let empty = out.is_dir()
            && std::fs::read_dir(out)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
        if !empty {
            return Err(Error::usage(
                "--out",
                out.display().to_string(),
                "a directory that does not exist yet, or is empty (a review never overwrites files)",
            ));
        }
    }
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let werr = |source: std::io::Error| Error::Write {
        path: out.clone(),
        source,
    };
    std::fs::create_dir_all(&parent).map_err(werr)?;
    let tmp = tempfile::Builder::new()
        .prefix(".apigw-cost-review-")
        .tempdir_in(&parent)
        .map_err(werr)?;
    let dir = tmp.path();

    // A sub-command of this binary, with the review's global options (catalog, free tier, region).
    let parse = |args: &[&str]| -> Result<Cli> {
        let mut argv = vec!["apigw-cost"];
        argv.extend_from_slice(args);
        Cli::try_parse_from(&argv)
            .map_err(|e| Error::Other(format!("review: cannot run {}: {e}", args.join(" "))))
    };
    let text = |args: &[&str], format: Format| -> Result<String> {
        let mut c = parse(args)?;
        c.global = Global {
            format,
            output: None,
            ..g.clone()
        };
        cli::report(&c)
    };
    // The global options given to the review apply to every part: the printed commands carry them.
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
    let typed = |args: &[&str], format: Format| {
        let f = match format {
            Format::Markdown => " --format markdown",
            Format::Csv => " --format csv",
            _ => "",
        };
        format!("apigw-cost {}{globals}{f}", args.join(" "))
    };

    // 1. Cost, latency and feature fit (required: the review is about this).
    let compare_args = ["compare", "--profile", &profile, "--apis", &apis_csv];
    let compare_md = text(&compare_args, Format::Markdown)?;
    let compare_csv = text(&compare_args, Format::Csv)?;
    let mut sections = vec![Section {
        title: "Cost, added latency and feature fit",
        command: typed(&compare_args, Format::Markdown),
        body: Ok(compare_md),
    }];
    let mut files = vec![("costs.csv", "finance CSV of the comparison, line by line")];
    std::fs::write(dir.join("costs.csv"), compare_csv).map_err(werr)?;

    // 2. Where the first two options cost the same.
    if apis.len() >= 2 {
        let between = format!("{},{}", apis[0], apis[1]);
        let args = [
            "breakeven",
            "--profile",
            &profile,
            "--vary",
            "requests",
            "--between",
            &between,
        ];
        sections.push(Section {
            title: "Break-even by monthly requests",
            command: typed(&args, Format::Markdown),
            body: text(&args, Format::Markdown).map_err(|e| e.to_string()),
        });
    }

    // 3. Month by month, with growth and the free tier.
    let project_args = ["project", "--profile", &profile, "--apis", &apis_csv];
    let projection = text(&project_args, Format::Markdown).map_err(|e| e.to_string());
    if projection.is_ok() {
        if let Ok(csv) = text(&project_args, Format::Csv) {
            std::fs::write(dir.join("projection.csv"), csv).map_err(werr)?;
            files.push((
                "projection.csv",
                "finance CSV of the projection, a total row per month",
            ));
        }
    }
    sections.push(Section {
        title: "Projection",
        command: typed(&project_args, Format::Markdown),
        body: projection,
    });

    // 4. Added latency per component.
    let latency_args = ["latency", "--profile", &profile, "--api", &apis_csv];
    sections.push(Section {
        title: "Added latency by component",
        command: typed(&latency_args, Format::Markdown),
        body: text(&latency_args, Format::Markdown).map_err(|e| e.to_string()),
    });

    // 5. Charts, each as SVG (for documents) and PNG (for slides).
    let mut charts: Vec<(&str, &str, std::result::Result<(), String>)> = Vec::new();
    for (kind, caption) in [
        ("cost-vs-requests", "Monthly cost against monthly requests"),
        (
            "effective-price",
            "Price per million requests against volume",
        ),
        ("projection", "Month-by-month cost and cumulative saving"),
        ("latency", "Added latency percentiles per option"),
    ] {
        let mut result = Ok(());
        for ext in ["svg", "png"] {
            let file = dir.join(format!("{kind}.{ext}"));
            let file_s = file.display().to_string();
            let args = [
                "chart",
                kind,
                "--profile",
                &profile,
                "--apis",
                &apis_csv,
                "-o",
                &file_s,
            ];
            let r = parse(&args).and_then(|mut c| {
                c.global = Global {
                    output: Some(file.clone()),
                    ..g.clone()
                };
                cli::run(c)
            });
            if let Err(e) = r {
                result = Err(e.to_string());
                let _ = std::fs::remove_file(&file);
                break;
            }
        }
        charts.push((kind, caption, result));
    }

    let report = markdown(&lp, &profile, &sections, &files, &charts);
    std::fs::write(dir.join("review.md"), report).map_err(werr)?;

    // Complete: move into place.
    let built = tmp.keep();
    if out.exists() {
        std::fs::remove_dir(out).map_err(werr)?;
    }
    std::fs::rename(&built, out).map_err(|source| {
        let _ = std::fs::remove_dir_all(&built);
        werr(source)
    })?;
    eprintln!(
        "review: wrote {} (review.md, {} CSV, {} charts)",
        out.display(),
        files.len(),
        charts.iter().filter(|c| c.2.is_ok()).count() * 2
    );
    Ok(())
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
    charts: &[(&str, &str, std::result::Result<(), String>)],
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
