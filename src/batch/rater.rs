//! Rating one row: the per-region state (which API kinds the catalog prices there, the fast path's
//! integer tier tables and line-item templates, cached by region code) and a row's pricing errors as
//! row errors that name a column.

use super::fast::FastTiers;
use super::items::ItemTemplates;
use super::row::{self, Columns, Defaults, Row, RowError};
use super::Options;
use crate::error::{Error, Field};
use crate::model::api::ApiKind;
use crate::model::catalog::Catalog;
use crate::model::cost::{Pricer, Quote};
use crate::model::free_tier::{Allowance, FreeTier};
use crate::model::workload::Workload;

/// What the rater knows of one region met in the input.
struct RegionEntry {
    /// A cheap fingerprint of `code` (length and a few bytes) checked before comparing it.
    tag: u64,
    code: Vec<u8>,
    name: String,
    priced: [bool; 5],
    fast: [Option<FastTiers>; 2],
    /// The finance CSV text of a requests-only quote's lines, for the fast line-item path.
    items: [Option<ItemTemplates>; 2],
}

/// Parses rows into what to price, with a cache of the regions met so far.
pub(super) struct Rater<'c> {
    pub(super) catalog: &'c Catalog,
    pub(super) cols: Columns,
    defaults: Defaults,
    regions: Vec<RegionEntry>,
    last: usize,
    pub(super) allowance: Allowance,
    defaults_set: bool,
    /// Requests-only rows may take the integer fast path (no free tier to apply).
    pub(super) fast_ok: bool,
}

/// Length and four bytes of a region code (`us-east-1` and `us-west-2` differ in them).
#[inline]
fn region_tag(code: &[u8]) -> u64 {
    let n = code.len();
    if n == 0 {
        return 0;
    }
    let at = |i: usize| u64::from(code[i.min(n - 1)]);
    n as u64 | at(0) << 16 | at(3) << 24 | at(n / 2) << 32 | at(n - 1) << 40
}

#[inline]
fn kind_index(k: ApiKind) -> usize {
    match k {
        ApiKind::Rest => 0,
        // The CloudFront workaround is no batch option (not an `--api` value).
        ApiKind::Http | ApiKind::HttpCloudFrontWaf | ApiKind::HttpCloudFront => 1,
        ApiKind::WebSocket => 2,
        ApiKind::Alb => 3,
        ApiKind::FunctionUrl => 4,
    }
}

impl<'c> Rater<'c> {
    pub(super) fn new(catalog: &'c Catalog, cols: Columns, opts: &Options) -> Rater<'c> {
        Rater {
            catalog,
            cols,
            defaults: opts.defaults.clone(),
            defaults_set: opts.defaults.any(),
            regions: Vec::new(),
            last: 0,
            allowance: opts.free_tier.month(0, opts.free_tier.initial_credit()),
            // `always` frees only Lambda and egress, which a requests-only REST/HTTP row has none of.
            fast_ok: matches!(opts.free_tier, FreeTier::None | FreeTier::Always),
        }
    }

    /// Parses a record; checks the region exists and prices the row's API kind.
    pub(super) fn parse<'r>(
        &mut self,
        rec: &'r csv::ByteRecord,
    ) -> std::result::Result<(Row<'r>, usize), RowError> {
        let row = row::parse(rec, &self.cols, &self.defaults, self.defaults_set)?;
        let region = self.region(row.region)?;
        if !self.regions[region].priced[kind_index(row.kind)] {
            let name = &self.regions[region].name;
            return Err(RowError::new(
                "api",
                row.kind.name(),
                format!(
                    "expected an option the catalog prices in {name}: no price for {} there{}",
                    row.kind.title(),
                    self.catalog.availability_hint(row.kind)
                ),
            ));
        }
        Ok((row, region))
    }

    /// The index of a region (cached: rows of one region tend to come together).
    #[inline]
    fn region(&mut self, cell: &[u8]) -> std::result::Result<usize, RowError> {
        let key: &[u8] = if cell.is_empty() {
            self.defaults.region.as_bytes()
        } else {
            cell
        };
        let tag = region_tag(key);
        if let Some(e) = self.regions.get(self.last) {
            if e.tag == tag && e.code == key {
                return Ok(self.last);
            }
        }
        if let Some(i) = self
            .regions
            .iter()
            .position(|e| e.tag == tag && e.code == key)
        {
            self.last = i;
            return Ok(i);
        }
        self.add_region(key.to_vec(), tag)
    }

    /// A region met for the first time: what the catalog prices there, and the fast path's tables.
    fn add_region(&mut self, key: Vec<u8>, tag: u64) -> std::result::Result<usize, RowError> {
        if key.len() > row::MAX_CELL_BYTES {
            // Not a code: refused before it is compared with every known region.
            return Err(RowError::new(
                "region",
                key.as_slice(),
                "expected a region code the catalog knows, such as us-east-1",
            ));
        }
        // Region codes in any case (`EU-WEST-1`), as on the command line.
        let text = String::from_utf8_lossy(&key).trim().to_ascii_lowercase();
        let prices = self.catalog.region(&text).map_err(|e| match e {
            Error::UnknownRegion { hint, .. } => RowError::new(
                "region",
                text.clone(),
                format!("expected a region code the catalog knows{hint}"),
            ),
            other => RowError::new("region", text.clone(), other.to_string()),
        })?;
        let mut priced = [false; 5];
        for k in ApiKind::ALL {
            priced[kind_index(k)] = prices.prices(k);
        }
        let fast = [
            prices.rest.as_ref().and_then(FastTiers::new),
            prices.http.as_ref().and_then(FastTiers::new),
        ];
        let items = [ApiKind::Rest, ApiKind::Http].map(|k| {
            fast[kind_index(k)]
                .as_ref()
                .and_then(|ft| ItemTemplates::new(self.catalog, &text, k, ft))
        });
        self.regions.push(RegionEntry {
            tag,
            code: key,
            name: text,
            priced,
            fast,
            items,
        });
        self.last = self.regions.len() - 1;
        Ok(self.last)
    }

    /// The catalog's code of a region index from `parse`.
    #[inline]
    pub(super) fn region_name(&self, region: usize) -> &str {
        &self.regions[region].name
    }

    #[inline]
    pub(super) fn fast(&self, region: usize, kind: ApiKind) -> Option<&FastTiers> {
        match kind {
            ApiKind::Rest => self.regions[region].fast[0].as_ref(),
            ApiKind::Http => self.regions[region].fast[1].as_ref(),
            _ => None,
        }
    }

    #[inline]
    pub(super) fn items(&self, region: usize, kind: ApiKind) -> Option<&ItemTemplates> {
        match kind {
            ApiKind::Rest => self.regions[region].items[0].as_ref(),
            ApiKind::Http => self.regions[region].items[1].as_ref(),
            _ => None,
        }
    }

    /// Prices a row as its own account with the whole cost model.
    pub(super) fn quote(&self, region: usize, row: &Row) -> std::result::Result<Quote, RowError> {
        let pricer = Pricer::new(self.catalog, &self.regions[region].name).map_err(|e| {
            RowError::new("region", self.regions[region].name.clone(), e.to_string())
        })?;
        let w = match &row.workload {
            Some(w) => (**w).clone(),
            None => Workload::requests(row::requests_decimal(row.requests)),
        };
        pricer
            .quote(row.kind, &w, &self.allowance)
            .map_err(row_error)
    }
}

/// A pricing error of one row, as a row error naming the column.
fn row_error(e: Error) -> RowError {
    match e {
        Error::Invalid {
            field,
            value,
            expected,
        } => RowError::new(field.column(), value, format!("expected {expected}")),
        Error::Limit { field, message } => RowError::new(field.column(), "", message),
        Error::Missing { field, why, give } => RowError::new(
            field.column(),
            "",
            format!("{why}: give {}", Field::columns(&give)),
        ),
        Error::NotApplicable { field, why } => RowError::new(field.column(), "", why),
        Error::NotPriced { .. } => RowError::new("api", "", e.to_string()),
        Error::Overflow { .. } => RowError::new("requests", "", e.to_string()),
        other => RowError::new("(row)", "", other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_tags_tell_the_usual_codes_apart() {
        let codes = [
            "us-east-1",
            "us-east-2",
            "us-west-1",
            "us-west-2",
            "eu-west-1",
            "eu-west-2",
        ];
        for a in codes {
            for b in codes {
                assert_eq!(
                    region_tag(a.as_bytes()) == region_tag(b.as_bytes()),
                    a == b,
                    "{a} {b}"
                );
            }
        }
    }
}
