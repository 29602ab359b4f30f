//! `batch INPUT.csv|- -o OUT.csv`: one workload per CSV row, streaming (see `crate::batch`).

use crate::batch::{self, Defaults, Options};
use crate::cli::{load, BatchArgs, Global};
use crate::error::{Error, Result};
use crate::render::Format;

pub fn run(g: &Global, a: &BatchArgs) -> Result<()> {
    if g.explicit.format && g.format != Format::Csv {
        return Err(Error::usage(
            "--format",
            format!("{:?}", g.format).to_lowercase(),
            "csv: batch writes the finance CSV (line items, or --summary totals)",
        ));
    }
    let catalog = load::catalog(g.prices.as_deref())?;
    batch::run(&catalog, &options(g, a))?;
    Ok(())
}

/// The batch run these flags describe.
pub fn options(g: &Global, a: &BatchArgs) -> Options {
    Options {
        input: a.input.clone(),
        output: g.output.clone(),
        accounts: a.accounts,
        summary: a.summary,
        on_error: a.on_error,
        rejects: a.rejects.clone(),
        defaults: Defaults {
            region: g.region.clone(),
            request_size_kb: a.request_size,
            response_size_kb: a.response_size,
            messages: a.messages,
            message_size_kb: a.message_size,
            connection_minutes: a.connection_minutes,
            cache_gb: a.cache,
            cache_hit: a.cache_hit,
            duration_ms: a.duration_ms,
            memory_mb: a.memory_mb,
            arch: a.arch,
        },
        free_tier: g.free_tier.clone().at_age(g.account_age_months),
        progress: !a.no_progress,
        threads: usize::from(a.threads),
    }
}
