//! Which global options each command reads. The global options (`--region`, `--prices`, `--format`,
//! `--free-tier`, `--account-age-months`, `-o`) are declared once for the whole tool; a command that
//! does not read one refuses it when it is typed (a usage error, never silently ignored) and leaves it
//! out of its `--help`.

use clap::parser::ValueSource;
use clap::ArgMatches;

/// The global options, by clap id, with the flag as typed.
const GLOBALS: [(&str, &str); 6] = [
    ("region", "--region"),
    ("prices", "--prices"),
    ("format", "--format"),
    ("free_tier", "--free-tier"),
    ("account_age_months", "--account-age-months"),
    ("output", "-o/--output"),
];

const PRICED: &[&str] = &[
    "region",
    "prices",
    "format",
    "free_tier",
    "account_age_months",
    "output",
];
const FILES: &[&str] = &[
    "region",
    "prices",
    "free_tier",
    "account_age_months",
    "output",
];

/// The global options `path` (a command, `prices show` for a nested one) reads.
pub fn reads(path: &str) -> &'static [&'static str] {
    match path {
        "quote" | "compare" | "project" | "breakeven" | "sensitivity" => PRICED,
        // The region's throttle is checked against the peak rate.
        "latency" => &["region", "format", "output"],
        "features" => &["format", "output"],
        "prices list" | "prices sources" => &["prices", "format", "output"],
        "prices show" => &["region", "prices", "format", "output"],
        "prices validate" | "prices import" => &["prices", "output"],
        // Its diff is a report in any format; -o is the new catalog.
        "prices update" => &["prices", "format", "output"],
        // Its two catalogs are its arguments.
        "prices diff" => &[
            "region",
            "format",
            "free_tier",
            "account_age_months",
            "output",
        ],
        // chart: the format is the -o extension; review: -o is the pack's directory; batch: always CSV
        // (`--format csv` is still accepted there, see `accepts`).
        "chart" | "review" | "batch" => FILES,
        "completions" | "man" => &["output"],
        // Templates name their own regions; an inventory prices nothing.
        "inventory" => &["format", "output"],
        // A bill names its own regions and months.
        "reconcile" => &["prices", "format", "output"],
        // The region of the APIs measured; no price, no free tier.
        "import cloudwatch" => &["region", "format", "output"],
        // -o is the profile written; the region is the profile's.
        "forecast" => &["region", "format", "output"],
        _ => PRICED,
    }
}

/// Whether `path` accepts the global option `id` when typed (what it reads, and batch's `--format csv`
/// for the command lines written before batch's format was fixed).
fn accepts(path: &str, id: &str, m: &ArgMatches) -> bool {
    reads(path).contains(&id)
        || (path == "batch"
            && id == "format"
            && m.get_raw("format")
                .and_then(|mut v| v.next())
                .is_some_and(|v| v.to_str().is_some_and(|s| s.trim() == "csv")))
}

/// Why a command does not read a global option, in plain words.
fn why_not(path: &str, id: &str) -> &'static str {
    match (path, id) {
        ("chart", "format") => "the image format is taken from the -o extension (.svg or .png)",
        ("review", "format") => {
            "a review pack is always review.md, review.html, CSV files and SVG/PNG charts"
        }
        ("batch", "format") => {
            "batch always writes the finance CSV (--format csv is its one format)"
        }
        ("prices import", "format") => "it writes a price catalog, which is JSON",
        ("reconcile", "region") => {
            "each line's region is the bill's (its region column, else its usage type's prefix)"
        }
        ("reconcile", "free_tier" | "account_age_months") => {
            "the bill shows free usage as lines billed at $0, and the explanations say so per meter"
        }
        (_, "format") => "its output has one format",
        (_, "region") => "its output is the same in every region",
        (_, "prices") => "it reads no price",
        (_, "free_tier" | "account_age_months") => "it prices nothing",
        (_, "output") => "it writes no output file",
        _ => "it does not read it",
    }
}

/// The command path of the matched subcommand (`quote`, `prices show`) and its matches.
fn path_of(m: &ArgMatches) -> Option<(String, &ArgMatches)> {
    let (name, sm) = m.subcommand()?;
    Some(match sm.subcommand() {
        Some((sub, ssm)) => (format!("{name} {sub}"), ssm),
        None => (name.to_string(), sm),
    })
}

/// A usage error for the first global option typed that the command does not read.
pub fn check(cmd: &clap::Command, m: &ArgMatches) -> Result<(), clap::Error> {
    let Some((path, sm)) = path_of(m) else {
        return Ok(());
    };
    for (id, flag) in GLOBALS {
        let typed = [m, sm]
            .iter()
            .any(|x| x.value_source(id) == Some(ValueSource::CommandLine));
        if typed && !accepts(&path, id, sm) {
            let msg = format!(
                "{flag} does not apply to `apigw-cost {path}`: {}\n",
                why_not(&path, id)
            );
            return Err(
                clap::Error::raw(clap::error::ErrorKind::ArgumentConflict, msg).with_cmd(cmd),
            );
        }
    }
    Ok(())
}

/// The command with each subcommand's help showing only the global options it reads. clap copies a
/// global option into every subcommand that has no argument of that id when it builds the command; a
/// subcommand that does not read one is given a hidden copy first, so parsing is unchanged (the value
/// still reaches the global options, and `check` refuses it) and its help leaves it out. `only`: the
/// one subcommand built for this command line (`lazy`; the others are never built), or `None` for all.
pub fn hide_unread(cmd: clap::Command, only: Option<&str>) -> clap::Command {
    let globals: Vec<clap::Arg> = cmd
        .get_arguments()
        .filter(|a| GLOBALS.iter().any(|(id, _)| a.get_id() == id))
        .cloned()
        .collect();
    cmd.mut_subcommands(|sc| {
        let name = sc.get_name().to_string();
        if only.is_some_and(|o| o != name) {
            return sc;
        }
        if sc.get_subcommands().next().is_none() {
            return hide_in(sc, &name, &globals);
        }
        sc.mut_subcommands(|ssc| {
            let path = format!("{name} {}", ssc.get_name());
            hide_in(ssc, &path, &globals)
        })
    })
}

fn hide_in(mut sc: clap::Command, path: &str, globals: &[clap::Arg]) -> clap::Command {
    for a in globals {
        if !reads(path).contains(&a.get_id().as_str()) {
            sc = sc.arg(a.clone().hide(true));
        } else if let Some(f) = super::help::format_for(a, path) {
            sc = sc.arg(f);
        }
    }
    sc
}
