//! `import cloudwatch`: print the GetMetricData query for the APIs named (`--print-query`), or read
//! its results (every page) and derive per API stage the traffic of a 730-hour month, the peak factor,
//! the cache hit rate, the bytes per request, WebSocket messages and connections and the measured
//! gateway overhead; `--profiles-out DIR` writes one traffic profile per API stage.

use std::path::{Path, PathBuf};

use crate::cli::import::{CloudwatchArgs, ImportCommand};
use crate::cli::Global;
use crate::cloudwatch::{read_queries, read_results, StatisticsOf};
use crate::error::{Error, Result};
use crate::model::cloudwatch::profile::{file_name, plan, Extras};
use crate::model::cloudwatch::{
    assemble, build_queries, derive, ApiTraffic, Options, QueryRequest, Range,
};
use crate::output;
use crate::render::cloudwatch::{report, CloudWatchReport};
use crate::render::cloudwatch_profile::{profile_toml, query_json};
use crate::render::Format;

pub fn run(g: &Global, c: &ImportCommand) -> Result<String> {
    let ImportCommand::Cloudwatch(a) = c;
    if a.print_query {
        print_query(a)
    } else {
        import(g, a)
    }
}

/// `--start-time` and `--end-time` together, or neither.
fn flag_range(a: &CloudwatchArgs) -> Result<Option<Range>> {
    match (a.start, a.end) {
        (Some(start), Some(end)) => Ok(Some(Range { start, end })),
        (None, None) => Ok(None),
        (Some(_), None) => Err(Error::needs(
            "--start-time",
            "needs --end-time as well: the end of the range, such as 2026-11-08T00:00:00Z",
        )),
        (None, Some(_)) => Err(Error::needs(
            "--end-time",
            "needs --start-time as well: the start of the range, such as 2026-11-01T00:00:00Z",
        )),
    }
}

fn print_query(a: &CloudwatchArgs) -> Result<String> {
    let apis = a.apis()?;
    if apis.is_empty() {
        return Err(Error::needs(
            "--print-query",
            "needs the APIs to ask for: --rest-api NAME, --http-api ID or --websocket-api ID (repeatable), with --stage",
        ));
    }
    let Some(range) = flag_range(a)? else {
        return Err(Error::needs(
            "--print-query",
            "needs the range to ask for, such as --start-time 2026-11-01T00:00:00Z --end-time 2026-11-08T00:00:00Z",
        ));
    };
    check_names(&apis)?;
    let req = QueryRequest {
        apis,
        range,
        period: a.period,
    };
    let queries = build_queries(&req).map_err(|e| {
        Error::usage(
            "--start-time/--end-time/--period",
            crate::model::cloudwatch::time::format(range.start),
            e,
        )
    })?;
    // What was asked for, by name, on stderr (stdout is the request file AWS's CLI reads as is).
    let named: Vec<String> = req
        .apis
        .iter()
        .map(|a| {
            format!(
                "{} '{}' (stage '{}')",
                a.kind.title(),
                crate::error::shorten(&a.name),
                crate::error::shorten(&a.stage)
            )
        })
        .collect();
    let time = crate::model::cloudwatch::time::format;
    output::eprint_line(&format!(
        "note: {} CloudWatch queries for {}, {} to {}: run `aws cloudwatch get-metric-data --cli-input-json file://QUERY.json > RESULT.json`, then `apigw-cost import cloudwatch RESULT.json`",
        queries.len(),
        crate::error::and_list(&named.iter().map(String::as_str).collect::<Vec<_>>()),
        time(range.start),
        time(range.end)
    ));
    Ok(query_json(&queries, &req))
}

/// Each API name and stage typed for `--print-query` checked before the range, the error naming the
/// flag that gave the value (`--rest-api`, `--http-api`, `--websocket-api` or `--stage`), not the range.
fn check_names(apis: &[crate::model::cloudwatch::ApiRef]) -> Result<()> {
    use crate::model::api::ApiKind;
    use crate::model::cloudwatch::query::check_api;
    for api in apis {
        let stage_only = crate::model::cloudwatch::ApiRef {
            name: "n".into(),
            ..api.clone()
        };
        let (flag, value) = if check_api(&stage_only).is_err() {
            ("--stage", &api.stage)
        } else {
            let flag = match api.kind {
                ApiKind::Rest => "--rest-api",
                ApiKind::Http => "--http-api",
                _ => "--websocket-api",
            };
            (flag, &api.name)
        };
        if let Err(e) = check_api(api) {
            return Err(match value.is_empty() {
                true => Error::usage(flag, "", format!("is empty: {e}")),
                false => Error::usage(flag, output::shorten(value), e),
            });
        }
    }
    Ok(())
}

fn import(g: &Global, a: &CloudwatchArgs) -> Result<String> {
    if g.format == Format::Csv {
        return Err(Error::usage(
            "--format",
            "csv",
            "table, json or markdown (import cloudwatch has no line items to put in a finance CSV)",
        ));
    }
    let apis = a.apis()?;
    if a.period % 60 != 0 {
        return Err(Error::usage(
            "--period",
            a.period.to_string(),
            "a multiple of 60 seconds (CloudWatch periods are whole minutes)",
        ));
    }
    let stats = match apis.as_slice() {
        [one] => Some(StatisticsOf {
            api: one.clone(),
            period: a.period,
        }),
        _ => None,
    };
    let out_dir = a.out.as_deref().map(check_out_dir).transpose()?;
    if out_dir.is_some() && g.explicit.region {
        // The region goes into every profile written: one the catalog (embedded, or --prices) does
        // not price is refused now, as every command reading the profile would refuse it.
        let r = g.region.as_str();
        crate::cli::load::catalog_for(g.prices.as_deref(), &[r])?.region(r)?;
    }
    let queries = read_queries(&a.queries)?;
    let range = match (queries.range, flag_range(a)?) {
        (Some(q), Some(f)) if q != f => {
            return Err(Error::usage(
                "--start-time/--end-time",
                f.describe(),
                format!(
                    "the range of the queries file ({}), or leave them out",
                    q.describe()
                ),
            ))
        }
        (q, f) => q.or(f),
    };
    let pages = read_results(&a.results, stats.as_ref())?;
    let asm = assemble(&pages, &queries).map_err(Error::Other)?;
    let imported = derive(&asm.series, &Options { range }).map_err(Error::Other)?;
    let mut warnings = asm.warnings;
    warnings.extend(imported.warnings);
    let extras = Extras {
        region: g.region.clone(),
        region_given: g.explicit.region,
        cache_size: a.cache_size,
        connection_duration: a.connection_duration,
    };
    let profiles = match &out_dir {
        Some(dir) => write_profiles(dir, &imported.apis, &extras, &mut warnings, a)?,
        None => vec![None; imported.apis.len()],
    };
    for w in &warnings {
        output::eprint_line(&format!("warning: {w}"));
    }
    report(
        g.format,
        &CloudWatchReport {
            apis: &imported.apis,
            profiles: &profiles,
            warnings: &warnings,
        },
    )
}

/// `--out DIR`: an existing directory, or a path whose parent exists (it is created when the profiles
/// are written). Checked before any input is read.
fn check_out_dir(dir: &Path) -> Result<PathBuf> {
    if dir.is_dir() {
        return Ok(dir.to_path_buf());
    }
    if dir.exists() {
        return Err(Error::usage(
            "--profiles-out",
            dir.display().to_string(),
            "a directory to write the profiles into (this is a file)",
        ));
    }
    Ok(dir.to_path_buf())
}

/// One profile per API stage, written as a whole into `dir` (`io::write_dir`); names must not collide.
fn write_profiles(
    dir: &Path,
    apis: &[ApiTraffic],
    x: &Extras,
    warnings: &mut Vec<String>,
    a: &CloudwatchArgs,
) -> Result<Vec<Option<String>>> {
    let mut files = Vec::new();
    for t in apis {
        let p = plan(t, x);
        warnings.extend(p.left_out.iter().cloned());
        files.push(crate::io::DirFile {
            name: file_name(t),
            bytes: profile_toml(t, &p, &x.region, x.region_given)?.into_bytes(),
            from: format!(
                "{} {} stage {}",
                t.api.kind.short(),
                t.api.name,
                t.api.stage
            ),
        });
    }
    let inputs: Vec<&Path> = a
        .results
        .iter()
        .chain(&a.queries)
        .map(|p| p.as_path())
        .collect();
    crate::io::write_dir(dir, &files, "--profiles-out", &inputs)?;
    Ok(files
        .iter()
        .map(|f| Some(dir.join(&f.name).display().to_string()))
        .collect())
}
