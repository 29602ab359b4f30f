//! JSON: the schemas of design.md. Money is an exact decimal string; totals also rounded to cents.

use rust_decimal::Decimal;
use serde::Serialize;

use super::{
    BreakevenReport, CompareReport, FeaturesReport, LatencyReport, PricesReport, ProjectReport,
    QuoteReport, Renderer,
};
use crate::error::{Error, Result};
use crate::model::api::ApiKind;
use crate::model::catalog::Provenance;
use crate::model::cost::{LineItem, Quote};
use crate::model::features::Gap;
use crate::model::free_tier::FreeTier;
use crate::model::latency::{LatencyResult, Percentiles};
use crate::model::projection::Projection;
use crate::model::tiers::TierTable;
use crate::money::exact;

pub struct Json;

#[derive(Serialize)]
pub struct CatalogJson<'a> {
    pub source: &'a str,
    pub published: &'a str,
    pub origin: &'a str,
}

impl<'a> From<&'a Provenance> for CatalogJson<'a> {
    fn from(p: &'a Provenance) -> Self {
        CatalogJson {
            source: &p.source,
            published: &p.published,
            origin: &p.origin,
        }
    }
}

#[derive(Serialize)]
pub struct LineJson<'a> {
    pub component: &'a str,
    pub meter: &'static str,
    /// 1-based tier number, null for single-tier meters.
    pub tier: Option<usize>,
    pub tier_from: Option<Decimal>,
    pub tier_to: Option<Decimal>,
    pub quantity: Decimal,
    pub unit: &'static str,
    /// USD per single unit, full precision.
    pub unit_price: Decimal,
    /// USD per `price_per` units, as the catalog quotes it.
    pub price: Decimal,
    pub price_per: Decimal,
    /// What `price` is quoted per: `per 1M requests`, `per hour`, `per GB`.
    pub price_unit: String,
    /// To the cent: the line's cents in its month's bill (largest remainder within the month).
    pub amount: Decimal,
    /// Exact.
    pub amount_exact: Decimal,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<&'a str>,
    pub sources: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_code: Option<&'a str>,
}

/// The lines of a quote with their cents.
pub fn lines(q: &Quote) -> Vec<LineJson<'_>> {
    q.lines
        .iter()
        .zip(q.line_cents())
        .map(|(l, c)| line(l, c))
        .collect()
}

pub fn line(l: &LineItem, cents: Decimal) -> LineJson<'_> {
    LineJson {
        component: &l.component,
        meter: l.meter.name(),
        tier: l.tier.as_ref().filter(|t| t.of > 1).map(|t| t.number),
        tier_from: l.tier.as_ref().filter(|t| t.of > 1).map(|t| t.from),
        tier_to: l.tier.as_ref().filter(|t| t.of > 1).and_then(|t| t.to),
        quantity: l.quantity.normalize(),
        unit: l.meter.unit(),
        unit_price: l.unit_price.normalize(),
        price: l.price,
        price_per: l.price_per,
        price_unit: l.meter.price_unit(),
        amount: cents,
        amount_exact: exact(l.amount),
        basis: l.basis.as_deref(),
        sources: &l.sources,
        rate_code: l.rate_code.as_deref(),
    }
}

#[derive(Serialize)]
struct QuoteJson<'a> {
    region: &'a str,
    api: &'static str,
    period: &'static str,
    currency: &'static str,
    free_tier: String,
    requests: Decimal,
    lines: Vec<LineJson<'a>>,
    /// Rounded to cents (half away from zero).
    total: Decimal,
    total_exact: Decimal,
    /// What the reader must know: the quote's warnings and "not included" notes.
    warnings: &'a [String],
    /// Which free-tier allowances applied.
    free_tier_applied: String,
    /// Every source the lines cite (`sources` of a line starts with its id), with its title.
    sources: SourcesJson,
    catalog: CatalogJson<'a>,
}

/// Source ids with their titles, once per document.
type SourcesJson = std::collections::BTreeMap<String, String>;

fn sources_json<'a>(quotes: impl IntoIterator<Item = &'a Quote>, p: &Provenance) -> SourcesJson {
    super::cited_sources(quotes, p).into_iter().collect()
}

fn quote_json<'a>(q: &'a Quote, p: &'a Provenance, free: &FreeTier) -> QuoteJson<'a> {
    QuoteJson {
        region: &q.region,
        api: q.api.name(),
        period: "month",
        currency: "USD",
        free_tier: free.label(),
        requests: q.requests,
        lines: lines(q),
        total: q.billed(),
        total_exact: exact(q.total),
        warnings: &q.warnings,
        free_tier_applied: free.applied(),
        sources: sources_json([q], p),
        catalog: p.into(),
    }
}

#[derive(Serialize)]
struct OptionJson<'a> {
    api: &'static str,
    region: &'a str,
    total: Decimal,
    total_exact: Decimal,
    /// Total per million requests, rounded to 6 decimals.
    effective_per_million: Option<Decimal>,
    lines: Vec<LineJson<'a>>,
    /// Added latency (ms) of the option, `null` when it could not be estimated (see warnings).
    latency_ms: Option<Percentiles>,
    /// Needed features (`--needs`) the option does not fully support.
    unsupported: Vec<&'a str>,
    /// The same gaps with support level and workaround.
    feature_gaps: Vec<&'a Gap>,
    warnings: Vec<String>,
}

/// Each option's saving against the dearest in a region.
fn savings_json(
    rc: &crate::model::compare::RegionComparison,
) -> std::collections::BTreeMap<&'static str, SavingJson> {
    rc.savings
        .iter()
        .map(|s| {
            (
                s.api.name(),
                SavingJson {
                    versus: rc.dearest.name(),
                    amount: s.amount,
                    percent: s.percent.map(|p| p.round_dp(2)),
                    not_priced: s.not_priced.clone(),
                },
            )
        })
        .collect()
}

#[derive(Serialize)]
struct SavingJson {
    versus: &'static str,
    /// `null` for an option priced on a narrower scope (`not_priced` says what it lacks): its bill is
    /// not like-for-like with the dearest's, so no saving is given.
    amount: Option<Decimal>,
    /// Percentage of the dearest option's total, rounded to 2 decimals.
    percent: Option<Decimal>,
    /// What was asked for but not priced on this option; only on an option priced on a narrower scope.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    not_priced: Vec<&'static str>,
}

#[derive(Serialize)]
struct RegionJson<'a> {
    region: &'a str,
    cheapest: &'static str,
    dearest: &'static str,
    savings: std::collections::BTreeMap<&'static str, SavingJson>,
}

#[derive(Serialize)]
struct CompareJson<'a> {
    currency: &'static str,
    free_tier: String,
    options: Vec<OptionJson<'a>>,
    /// Cheapest option of the first region.
    cheapest: &'static str,
    /// Savings of every option against the dearest, in the first region.
    savings: std::collections::BTreeMap<&'static str, SavingJson>,
    regions: Vec<RegionJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    horizon: Option<HorizonJson>,
    /// The headline of the first region: the cheapest option that meets `--needs`.
    headline: Option<String>,
    /// Every note of every region: warnings, what a cheaper option lacks, the free tier applied.
    warnings: Vec<String>,
    free_tier_applied: String,
    sources: SourcesJson,
    catalog: CatalogJson<'a>,
}

#[derive(Serialize)]
struct HorizonJson {
    months: usize,
    /// Each option's bill over the horizon: the sum of its months' bills, each to the cent.
    totals: std::collections::BTreeMap<&'static str, Decimal>,
    /// Each option's exact cost over the horizon.
    totals_exact: std::collections::BTreeMap<&'static str, Decimal>,
    /// Saving of each option against the dearest over the horizon: the difference of `totals`.
    savings: std::collections::BTreeMap<&'static str, Decimal>,
    dearest: Option<&'static str>,
}

fn horizon_json(p: &Projection) -> HorizonJson {
    let dear = p.extremes().map(|(_, d)| d);
    HorizonJson {
        months: p.options.first().map(|o| o.months.len()).unwrap_or(0),
        totals: p.options.iter().map(|o| (o.api.name(), o.total)).collect(),
        totals_exact: p
            .options
            .iter()
            .map(|o| (o.api.name(), exact(o.total_exact)))
            .collect(),
        savings: p
            .options
            .iter()
            .filter_map(|o| {
                let d = dear?;
                p.cumulative_saving(o.api, d)
                    .and_then(|v| v.last().copied())
                    .map(|s| (o.api.name(), s))
            })
            .collect(),
        dearest: dear.map(|d| d.name()),
    }
}

#[derive(Serialize)]
struct MonthJson {
    month: u32,
    /// The calendar month (`2026-02`, with `--start`), a volumes file's label, else the number.
    period: String,
    requests: Decimal,
    /// The month's bill to the cent.
    total: Decimal,
    total_exact: Decimal,
    /// What the free tier (units and credit) took off this month's bill: the difference of the bills without and with it, to the cent.
    free_tier_credit: Decimal,
    /// The sum of the bills to the end of this month.
    cumulative: Decimal,
    credit_left: Decimal,
}

#[derive(Serialize)]
struct ProjectionOptionJson {
    api: &'static str,
    months: Vec<MonthJson>,
    /// The sum of the months' bills.
    total: Decimal,
    total_exact: Decimal,
}

#[derive(Serialize)]
struct ProjectJson<'a> {
    region: &'a str,
    currency: &'static str,
    free_tier: String,
    /// The first option's months (design.md schema); every option is under `options`.
    months: Vec<MonthJson>,
    /// The first option's bill over the horizon: the sum of its months' bills, to the cent.
    total: Decimal,
    total_exact: Decimal,
    options: Vec<ProjectionOptionJson>,
    horizon: HorizonJson,
    warnings: Vec<String>,
    free_tier_applied: String,
    sources: SourcesJson,
    catalog: CatalogJson<'a>,
}

fn months_json(o: &crate::model::projection::OptionProjection) -> Vec<MonthJson> {
    o.months
        .iter()
        .map(|m| MonthJson {
            month: m.month,
            period: m.label.clone(),
            requests: m.requests,
            total: m.quote.billed(),
            total_exact: exact(m.quote.total),
            free_tier_credit: exact(m.free_tier_effect),
            cumulative: exact(m.cumulative),
            credit_left: exact(m.credit_left),
        })
        .collect()
}

/// The version of the JSON documents' shape, first in every JSON output: it changes when a field is
/// removed, renamed or changes meaning (new fields may appear without it changing).
pub const SCHEMA_VERSION: u32 = 1;

/// A JSON document with its `schema_version` first.
#[derive(Serialize)]
struct Versioned<'a, T: Serialize> {
    schema_version: u32,
    #[serde(flatten)]
    doc: &'a T,
}

fn versioned<T: Serialize>(doc: &T) -> Versioned<'_, T> {
    Versioned {
        schema_version: SCHEMA_VERSION,
        doc,
    }
}

/// A JSON document (an object) as printed, with its `schema_version`.
fn document<T: Serialize>(doc: &T) -> Result<String> {
    to_string(&versioned(doc))
}

fn to_string<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string_pretty(v)
        .map(|mut s| {
            s.push('\n');
            s
        })
        .map_err(|e| Error::Other(format!("cannot serialize JSON: {e}")))
}

impl Renderer for Json {
    fn quote(&self, r: &QuoteReport) -> Result<String> {
        document(&quote_json(&r.quote, &r.provenance, &r.free_tier))
    }

    fn compare(&self, r: &CompareReport) -> Result<String> {
        let regions: Vec<RegionJson> = r
            .regions
            .iter()
            .map(|rc| RegionJson {
                region: &rc.region,
                cheapest: rc.cheapest.name(),
                dearest: rc.dearest.name(),
                savings: savings_json(rc),
            })
            .collect();
        let options = r
            .regions
            .iter()
            .flat_map(|rc| rc.quotes.iter())
            .map(|q| OptionJson {
                api: q.api.name(),
                region: &q.region,
                total: q.billed(),
                total_exact: exact(q.total),
                effective_per_million: q.effective_per_million().map(|v| v.round_dp(6).normalize()),
                lines: lines(q),
                latency_ms: r
                    .fit_of(q.api)
                    .and_then(|f| f.latency.as_ref().ok())
                    .map(|l| l.end_to_end),
                unsupported: r
                    .fit_of(q.api)
                    .map(|f| f.gaps.iter().map(|g| g.feature.as_str()).collect())
                    .unwrap_or_default(),
                feature_gaps: r
                    .fit_of(q.api)
                    .map(|f| f.gaps.iter().collect())
                    .unwrap_or_default(),
                warnings: {
                    let mut w = q.warnings.clone();
                    if let Some(Err(e)) = r.fit_of(q.api).map(|f| &f.latency) {
                        w.push(format!("latency not estimated: {e}"));
                    }
                    w
                },
            })
            .collect();
        let first = regions.first();
        let mut warnings = Vec::new();
        for rc in &r.regions {
            let prefix = if r.regions.len() > 1 {
                format!("{}: ", rc.region)
            } else {
                String::new()
            };
            let mut notes = super::compare_notes(r, rc, true);
            notes.extend(super::headline(r, rc).and_then(|h| h.lacking));
            warnings.extend(notes.into_iter().map(|n| format!("{prefix}{n}")));
        }
        let headline = r
            .regions
            .first()
            .and_then(|rc| super::headline(r, rc))
            .map(|h| h.sentence);
        let out = CompareJson {
            currency: "USD",
            free_tier: r.free_tier.label(),
            options,
            cheapest: first.map(|f| f.cheapest).unwrap_or("rest"),
            savings: r.regions.first().map(savings_json).unwrap_or_default(),
            regions,
            horizon: r.horizon.as_ref().map(horizon_json),
            headline,
            warnings,
            free_tier_applied: r.free_tier.applied(),
            sources: sources_json(r.regions.iter().flat_map(|rc| &rc.quotes), &r.provenance),
            catalog: (&r.provenance).into(),
        };
        document(&out)
    }

    fn project(&self, r: &ProjectReport) -> Result<String> {
        let p = &r.projection;
        let options: Vec<ProjectionOptionJson> = p
            .options
            .iter()
            .map(|o| ProjectionOptionJson {
                api: o.api.name(),
                months: months_json(o),
                total: o.total,
                total_exact: exact(o.total_exact),
            })
            .collect();
        let out = ProjectJson {
            region: &p.region,
            currency: "USD",
            free_tier: r.free_tier.label(),
            months: p.options.first().map(months_json).unwrap_or_default(),
            total: p.options.first().map(|o| o.total).unwrap_or_default(),
            total_exact: p
                .options
                .first()
                .map(|o| exact(o.total_exact))
                .unwrap_or_default(),
            options,
            horizon: horizon_json(p),
            warnings: super::project_notes(r)
                .into_iter()
                .filter(|n| *n != r.free_tier.applied())
                .collect(),
            free_tier_applied: r.free_tier.applied(),
            sources: sources_json(
                p.options
                    .iter()
                    .flat_map(|o| o.months.iter().map(|m| &m.quote)),
                &r.provenance,
            ),
            catalog: (&r.provenance).into(),
        };
        document(&out)
    }

    fn breakeven(&self, r: &BreakevenReport) -> Result<String> {
        let b = &r.breakeven;
        let money = |c: &crate::model::breakeven::Costs| serde_json::json!({"cost_a": exact(c.cost_a), "cost_b": exact(c.cost_b)});
        let points: Vec<serde_json::Value> = b
            .points
            .iter()
            .map(|c| {
                serde_json::json!({
                    "at": c.at.normalize(),
                    "cost_a": exact(c.cost_a),
                    "cost_b": exact(c.cost_b),
                    "below": money(&c.below),
                    "cheaper_below": c.cheaper_below,
                    "cheaper_above": c.cheaper_above,
                })
            })
            .collect();
        let mut out = serde_json::json!({
            "variable": b.variable.name(),
            "unit": b.variable.unit(),
            "region": b.region,
            "between": [b.a.name(), b.b.name()],
            "from": b.from.normalize(),
            "to": b.to.normalize(),
            "free_tier": r.free_tier.label(),
            "free_tier_applied": r.free_tier.applied(),
            "warnings": b.notes,
            "points": points,
            "at_from": money(&b.at_from),
            "at_to": money(&b.at_to),
            "catalog": CatalogJson::from(&r.provenance),
        });
        if let Some(why) = &b.none_because {
            out["none_because"] = serde_json::json!(why);
        }
        if let Some(m) = b.migration_cost {
            out["migration_cost"] = serde_json::json!(exact(m));
        }
        document(&out)
    }

    fn latency(&self, r: &LatencyReport) -> Result<String> {
        let docs: Vec<LatencyJson> = r.results.iter().map(|res| latency_json(res, r)).collect();
        match docs.as_slice() {
            [one] => document(one),
            // Several options: an array as before, each document with its schema_version.
            many => to_string(&many.iter().map(versioned).collect::<Vec<_>>()),
        }
    }

    fn features(&self, r: &FeaturesReport) -> Result<String> {
        let f = &r.features;
        #[derive(Serialize)]
        struct FeatureJson<'a> {
            id: &'a str,
            title: &'a str,
            group: &'a str,
            support: std::collections::BTreeMap<&'static str, &'static str>,
            workaround: Option<&'a str>,
            note: Option<&'a str>,
            since: Option<&'a str>,
            sources: &'a [String],
        }
        let features: Vec<FeatureJson> = f
            .features
            .iter()
            .map(|x| FeatureJson {
                id: &x.id,
                title: &x.title,
                group: &x.group,
                support: ApiKind::ALL
                    .iter()
                    .map(|k| (k.name(), x.support_of(*k).name()))
                    .collect(),
                workaround: x.workaround.as_deref(),
                note: x.note.as_deref(),
                since: x.since.as_deref(),
                sources: &x.sources,
            })
            .collect();
        document(&serde_json::json!({
            "read_on": f.read_on,
            "meaning": f.meaning,
            "confirmation": f.confirmation,
            "features": features,
            "sources": f.sources,
        }))
    }

    fn prices(&self, r: &PricesReport) -> Result<String> {
        let c = r.catalog;
        if r.sources {
            return document(&serde_json::json!({ "sources": c.provenance.sources }));
        }
        let regions: Vec<serde_json::Value> = match r.region {
            None => c
                .regions
                .values()
                .map(|reg| {
                    let first = |t: &Option<TierTable>| t.as_ref().map(|t| t.tiers[0].price);
                    serde_json::json!({
                        "region": reg.code,
                        "location": reg.location,
                        "apis": ApiKind::ALL.iter().filter(|k| reg.prices(**k)).map(|k| k.name()).collect::<Vec<_>>(),
                        "services": reg.services(),
                        "missing": reg.missing(),
                        "rest_first_tier_per_million": first(&reg.rest),
                        "http_first_tier_per_million": first(&reg.http),
                        "websocket_messages_first_tier_per_million": first(&reg.ws_messages),
                        "flags": reg.flags,
                    })
                })
                .collect(),
            Some(code) => {
                let reg = c.region(code)?;
                let mut meters = Vec::new();
                let mut push = |name: String, t: &TierTable| {
                    meters.push(serde_json::json!({
                        "meter": name,
                        "unit": t.meter.unit(),
                        "price_per": t.meter.price_per(),
                        "tiers": t.tiers.iter().map(|tier| serde_json::json!({
                            "up_to": tier.up_to,
                            "price": tier.price,
                            "rate_code": tier.rate_code,
                        })).collect::<Vec<_>>(),
                        "sources": t.sources,
                    }));
                };
                for (name, t) in super::meter_tables(reg) {
                    push(name, t);
                }
                vec![serde_json::json!({
                    "region": reg.code,
                    "location": reg.location,
                    "partition": reg.partition,
                    "flags": reg.flags,
                    "meters": meters,
                })]
            }
        };
        document(&serde_json::json!({
            "currency": c.currency,
            "regions": regions,
            "cloudfront_edge_geographies": c.cloudfront.iter().map(|g| g.name.as_str()).collect::<Vec<_>>(),
            "catalog": CatalogJson::from(&c.provenance),
        }))
    }
}

#[derive(Serialize)]
struct LatencyComponentJson<'a> {
    key: &'a str,
    name: &'a str,
    p50_ms: f64,
    p99_ms: f64,
    probability: f64,
    mean_ms: f64,
    share: f64,
    basis: crate::model::latency::Basis,
    confidence: &'a str,
    source: String,
    sources: &'a [String],
    note: Option<&'a str>,
    /// Measured on the API itself (from a profile written by `import cloudwatch`): where and when.
    #[serde(skip_serializing_if = "Option::is_none")]
    measured_by: Option<&'a str>,
}

#[derive(Serialize)]
struct LatencyJson<'a> {
    api: &'static str,
    samples: usize,
    seed: u64,
    end_to_end: Percentiles,
    /// With a handler time: the end-to-end figures without it (the gateway and platform's overhead).
    #[serde(skip_serializing_if = "Option::is_none")]
    without_handler: Option<Percentiles>,
    components: Vec<LatencyComponentJson<'a>>,
    cold_start: Option<&'a crate::model::latency::ColdStartRate>,
    notes: &'a [String],
    data: LatencyDataJson<'a>,
}

#[derive(Serialize)]
struct LatencyDataJson<'a> {
    read_on: &'a str,
    source: &'a str,
}

fn latency_json<'a>(res: &'a LatencyResult, r: &'a LatencyReport) -> LatencyJson<'a> {
    LatencyJson {
        api: res.api.name(),
        samples: res.samples,
        seed: res.seed,
        end_to_end: res.end_to_end,
        without_handler: res.without_handler,
        components: res
            .components
            .iter()
            .map(|c| LatencyComponentJson {
                key: &c.key,
                name: &c.name,
                p50_ms: c.p50_ms,
                p99_ms: c.p99_ms,
                probability: c.probability,
                mean_ms: c.mean_ms,
                share: c.share,
                basis: c.basis,
                confidence: &c.confidence,
                source: c.sources.join(", "),
                sources: &c.sources,
                note: c.note.as_deref(),
                measured_by: c.measured_by.as_deref(),
            })
            .collect(),
        cold_start: res.cold_start.as_ref(),
        notes: &res.notes,
        data: LatencyDataJson {
            read_on: &r.data.read_on,
            source: &r.data.source,
        },
    }
}
