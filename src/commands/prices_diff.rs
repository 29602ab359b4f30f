//! `prices diff OLD NEW [workload flags]`: what changed between two catalogs and, with a workload, what it
//! does to each option's month. Exit 0 when the prices are equal, 1 when they differ (like `diff`).

use std::path::Path;

use crate::cli::resolve::{resolve, Purpose};
use crate::cli::{load, Global, PricesDiffArgs};
use crate::error::Result;
use crate::model::api::ApiKind;
use crate::model::catalog::{Catalog, EMBEDDED_ORIGIN};
use crate::model::price_diff;
use crate::render::diff::{render, DiffReport};

/// `embedded` names the built-in catalog; anything else is a file (`-` = stdin).
fn catalog(path: &Path) -> Result<(Catalog, String)> {
    if path.as_os_str() == "embedded" {
        return Ok((Catalog::embedded()?, EMBEDDED_ORIGIN.to_string()));
    }
    Ok((load::catalog(Some(path))?, path.display().to_string()))
}

/// The report and whether the catalogs differ.
pub fn run(g: &Global, a: &PricesDiffArgs) -> Result<(String, bool)> {
    let (old, old_name) = catalog(&a.old)?;
    let (new, new_name) = catalog(&a.new)?;
    let changes = price_diff::diff(&old, &new);
    let t = &a.traffic;
    let workload = t.requests.is_some()
        || t.rps.is_some()
        || t.customers.is_some()
        || t.messages.is_some()
        || t.profile.is_some();
    let costs = if workload {
        let s = resolve(g, &a.traffic, Purpose::Price)?;
        let mut apis = s.api_list(&a.apis)?;
        if a.apis.is_empty() {
            if s.workload.messages.is_some() && !apis.contains(&ApiKind::WebSocket) {
                apis.push(ApiKind::WebSocket);
            }
            if s.workload.backend.is_some() && !apis.contains(&ApiKind::FunctionUrl) {
                apis.push(ApiKind::FunctionUrl);
            }
        }
        price_diff::cost_changes(&old, &new, &changes, &apis, &s.workload, &s.free_tier)?
    } else {
        Vec::new()
    };
    let text = render(
        g.format,
        &DiffReport {
            old: &old_name,
            new: &new_name,
            changes: &changes,
            costs: &costs,
        },
    )?;
    Ok((text, !changes.is_empty()))
}
