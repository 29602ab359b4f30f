//! `reconcile FILE...`: the bill's usage re-rated with the catalog against what AWS billed (see
//! `crate::bill` for the reading, `model::reconcile` for the rating, `render::reconcile` for the
//! output); `--emit-sql` prints the same rating as SQL instead; `--profiles-out DIR` writes the
//! bill's traffic as profiles.

use std::path::Path;

use rust_decimal::Decimal;

use crate::bill::{self, sql};
use crate::cli::{load, Global, ReconcileAccounts, ReconcileArgs, ReconcileAs};
use crate::error::{Error, Result};
use crate::model::reconcile::rate::Options;
use crate::model::reconcile::whatif::{profiles, TrafficProfile};
use crate::model::reconcile::{self, AccountLevel, Aggregator};
use crate::output;
use crate::render::profile_toml::{decimal, strings, ProfileDoc};
use crate::render::reconcile::{render, BillFile, ReconcileReport};

pub fn run(g: &Global, a: &ReconcileArgs) -> Result<String> {
    let accounts = match a.accounts {
        ReconcileAccounts::Separate => AccountLevel::Linked,
        ReconcileAccounts::Shared => AccountLevel::Payer,
    };
    if g.explicit.region {
        return Err(Error::usage(
            "--region",
            g.region.clone(),
            "no region for reconcile: each line's region is the bill's (its region column, else its usage type's prefix)",
        ));
    }
    if g.explicit.free_tier || g.explicit.account_age_months {
        return Err(Error::needs(
            if g.explicit.free_tier {
                "--free-tier"
            } else {
                "--account-age-months"
            },
            "does not apply to reconcile: the bill shows free usage as lines billed at $0, and the explanations say so per meter",
        ));
    }
    let catalog = load::catalog(g.prices.as_deref())?;
    if let Some(d) = a.emit_sql {
        return emit_sql(d, a, &catalog, accounts);
    }
    if let Some(dir) = &a.profiles_out {
        check_dir(dir)?;
        output::catch_signals();
    }
    let mut agg = Aggregator::new();
    let files = bill::read_all(&a.files, &mut agg, !a.no_progress)?;
    let currency = agg
        .currency
        .as_ref()
        .map_or("USD".to_string(), |(c, _)| c.clone());
    let lines = agg.lines;
    let rec = reconcile::reconcile(
        agg.into_groups(),
        &catalog,
        &currency,
        lines,
        Options {
            accounts,
            as_http: a.as_api == Some(ReconcileAs::Http),
        },
    )?;
    let shown: Vec<BillFile> = files
        .iter()
        .map(|f| BillFile {
            path: f.path.clone(),
            layout: f.schema.layout.name().into(),
            encoding: f.encoding.name().into(),
            rows: f.rows,
        })
        .collect();
    let text = render(
        g.format,
        &ReconcileReport {
            rec: &rec,
            files: &shown,
            provenance: &catalog.provenance,
        },
    )?;
    if let Some(dir) = &a.profiles_out {
        write_profiles(dir, &profiles(&rec.rows), &a.files)?;
    }
    Ok(text)
}

fn emit_sql(
    d: sql::Dialect,
    a: &ReconcileArgs,
    catalog: &crate::model::catalog::Catalog,
    accounts: AccountLevel,
) -> Result<String> {
    if a.profiles_out.is_some() || a.as_api.is_some() {
        return Err(Error::usage(
            "--emit-sql",
            format!("{d:?}").to_lowercase(),
            "the SQL gives the reconciliation rows only: leave out --profiles-out and --as",
        ));
    }
    let mut first: Option<(bill::Encoding, bill::Schema)> = None;
    for p in &a.files {
        let (enc, schema) = bill::sniff(p)?;
        if let Some((e0, s0)) = &first {
            let same_text = matches!(
                (e0, enc),
                (bill::Encoding::Parquet, bill::Encoding::Parquet)
                    | (
                        bill::Encoding::Csv | bill::Encoding::Gzip,
                        bill::Encoding::Csv | bill::Encoding::Gzip
                    )
            );
            if *s0 != schema || !same_text || (*e0 != enc && d == sql::Dialect::Duckdb) {
                return Err(bill::file_error(
                    &p.display().to_string(),
                    "has another layout or encoding than the first file: --emit-sql reads files of one layout, columns and encoding",
                ));
            }
        } else {
            first = Some((enc, schema));
        }
    }
    let Some((encoding, schema)) = first else {
        return Err(Error::usage("FILE", "", "at least one bill file"));
    };
    let paths: Vec<String> = a.files.iter().map(|p| p.display().to_string()).collect();
    sql::emit(
        d,
        catalog,
        &sql::Source {
            schema: &schema,
            encoding,
            paths: &paths,
            table: a.sql_table.as_deref(),
        },
        accounts,
    )
}

/// `--profiles-out DIR` must be a directory or a path that can become one.
fn check_dir(dir: &Path) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::usage(
            "--profiles-out",
            dir.display().to_string(),
            "a directory (it is created if missing)",
        ));
    }
    Ok(())
}

/// A file name part made of safe characters only.
fn safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(64)
        .collect()
}

/// The TOML of a profile, through the one profile writer (`render::profile_toml`): the bill's
/// account and region reach it as serialized values and cleaned comment text only.
pub fn profile_toml(p: &TrafficProfile) -> Result<String> {
    let mut d = ProfileDoc::new();
    d.comment(&format!(
        "Traffic of account {} in {} ({} API) from the bill: the monthly average of {}.",
        p.account,
        p.region,
        p.api,
        p.periods.join(", ")
    ));
    d.comment("Written by `apigw-cost reconcile --profiles-out`; use it with compare, project and review.");
    // The name is a label: control characters in a bill's account become spaces (the value is one
    // line of TOML, never a multi-line string).
    let name: String = format!("{} {} {} (from the bill)", p.account, p.region, p.api)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    d.key("name", name);
    d.key("region", p.region.as_str());
    d.key("api", p.api);
    match p.api {
        "websocket" => {
            d.key("apis", strings(&["websocket"]));
            d.blank();
            d.section("websocket");
            d.key("messages", decimal(p.requests));
            d.key(
                "connection_minutes",
                decimal(p.connection_minutes.unwrap_or(Decimal::ZERO)),
            );
        }
        _ => {
            d.key("apis", strings(&["rest", "http"]));
            d.key("requests", decimal(p.requests));
            for (size, hours) in &p.cache {
                d.comment(&format!(
                    "The bill has {} hours a month of a {size} GB REST cache; add [cache] size_gb = {size} and its hit_rate to price it.",
                    hours.normalize()
                ));
            }
        }
    }
    d.finish()
}

/// The most profiles one `--profiles-out` writes: 1,000 (each is a file written and synced; a bill of
/// 60,000 accounts would write 60,000). Beyond it the run is refused before anything is written.
pub const MAX_PROFILES: usize = 1000;

/// One profile per account x region x API kind, written as a whole into `dir` (`io::write_dir`): two
/// that would share a file name are an error, never one written over the other.
fn write_profiles(dir: &Path, list: &[TrafficProfile], bills: &[std::path::PathBuf]) -> Result<()> {
    if list.len() > MAX_PROFILES {
        return Err(Error::usage(
            "--profiles-out",
            dir.display().to_string(),
            format!(
                "at most {MAX_PROFILES} profiles a run, and the bill gives {} (account x region x API kind): use --accounts shared, or reconcile fewer accounts at a time",
                list.len()
            ),
        ));
    }
    let files = list
        .iter()
        .map(|p| {
            Ok(crate::io::DirFile {
                name: format!("{}-{}-{}.toml", safe(&p.account), safe(&p.region), p.api),
                bytes: profile_toml(p)?.into_bytes(),
                from: format!("account {} ({} {})", p.account, p.region, p.api),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let inputs: Vec<&Path> = bills.iter().map(|p| p.as_path()).collect();
    crate::io::write_dir(dir, &files, "--profiles-out", &inputs)?;
    output::eprint_line(&format!(
        "reconcile: {} traffic profiles written to {}",
        list.len(),
        dir.display()
    ));
    Ok(())
}
