//! `forecast`'s report (table, Markdown, JSON, CSV) and the profile it writes (through the one profile
//! writer, `profile_toml`). Volumes are whole requests; growth and the residual figures to a tenth of a
//! percent or three decimals.

use rust_decimal::Decimal;
use serde_json::{json, Value as Json};

use super::markup::Markup;
use super::profile_toml::ProfileDoc;
use super::{fmt, Format};
use crate::error::{Error, Result};
use crate::model::forecast::{Forecast, Month};

/// What a forecast report shows.
pub struct ForecastReport<'a> {
    /// The history file(s) as named on the command line.
    pub source: &'a str,
    pub granularity: &'a str,
    pub notes: &'a [String],
    pub forecast: &'a Forecast,
    pub backtest: Option<&'a Forecast>,
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// The sentences of the report: the history, what was fitted and why not, the trend, the method.
pub fn sentences(r: &ForecastReport) -> Vec<String> {
    let f = r.forecast;
    let mut out = vec![format!(
        "History: {} ({}), {} to {}, {} days with data{}.",
        r.source,
        r.granularity,
        f.from,
        f.to,
        fmt::quantity(Decimal::from(f.days as u64)),
        match f.missing {
            0 => String::new(),
            m => format!(", {m} without"),
        }
    )];
    out.extend(r.notes.iter().map(|n| format!("{n}.")));
    for c in &f.components {
        out.push(format!(
            "{} {}: {}.",
            if c.fitted { "Fitted" } else { "Not fitted" },
            c.name,
            c.why.trim_start_matches("not fitted: ")
        ));
    }
    out.push(format!(
        "Trend: {} a month (80% interval {} to {}). Residual sd {:.3} in ln requests a day, lag-one \
         autocorrelation {:.2}.",
        pct(f.growth[1]),
        pct(f.growth[0]),
        pct(f.growth[2]),
        f.sigma,
        f.rho
    ));
    out.push(
        "Method: ordinary least squares on ln(daily requests + 1); each month's total log-normal with \
         the coefficients' and the daily noise's variance; p10 and p90 bound the 80% prediction \
         interval (README: forecast)."
            .into(),
    );
    out
}

fn month_row(m: &Month) -> Vec<String> {
    let mut r = vec![
        m.label.clone(),
        fmt::quantity(m.p10),
        fmt::quantity(m.p50),
        fmt::quantity(m.p90),
    ];
    if let Some(a) = m.actual {
        r.push(fmt::quantity(a));
        r.push(
            if m.inside() == Some(true) {
                "yes"
            } else {
                "no"
            }
            .into(),
        );
    }
    r
}

/// (title, header, rows) of each table.
fn tables(r: &ForecastReport) -> Vec<super::markup::Captioned> {
    let h = |extra: bool| {
        let mut v: Vec<String> = ["Month", "p10", "p50", "p90"].map(String::from).to_vec();
        if extra {
            v.extend(["Actual".into(), "Inside".into()]);
        }
        v
    };
    let f = r.forecast;
    let mut rows: Vec<Vec<String>> = f.months.iter().map(month_row).collect();
    rows.push(vec![
        format!("mean month of {}", f.months.len()),
        fmt::quantity(f.mean_month[0]),
        fmt::quantity(f.mean_month[1]),
        fmt::quantity(f.mean_month[2]),
    ]);
    let mut out = vec![("Requests a month".to_string(), h(false), rows)];
    if let Some(b) = r.backtest {
        out.push((
            backtest_title(b),
            h(true),
            b.months.iter().map(month_row).collect(),
        ));
    }
    out
}

fn backtest_title(b: &Forecast) -> String {
    let inside = b.months.iter().filter(|m| m.inside() == Some(true)).count();
    format!(
        "Back-test: fitted to {}, the next {} months held out: {inside} of {} inside the 80% interval",
        b.to,
        b.months.len(),
        b.months.len()
    )
}

/// The report's one layout for the markup family: a heading, each table under its caption with the
/// figures aligned right, then the sentences.
fn text(r: &ForecastReport, w: Box<dyn Markup>) -> String {
    let heading = "Forecast of requests a month (80% intervals)";
    super::markup::captioned_tables(w, heading, tables(r), &sentences(r))
}

fn months_json(f: &Forecast) -> Json {
    Json::Array(
        f.months
            .iter()
            .map(|m| {
                let mut v = json!({
                    "month": m.label, "days": m.days,
                    "p10": m.p10.to_string(), "p50": m.p50.to_string(), "p90": m.p90.to_string(),
                });
                if let Some(a) = m.actual {
                    v["actual"] = json!(a.to_string());
                    v["inside"] = json!(m.inside());
                }
                v
            })
            .collect(),
    )
}

fn json_value(r: &ForecastReport) -> Json {
    let f = r.forecast;
    let mut v = json!({
        "schema_version": super::json::SCHEMA_VERSION,
        "history": { "source": r.source, "granularity": r.granularity, "from": f.from, "to": f.to,
                     "days": f.days, "days_missing": f.missing, "notes": r.notes },
        "components": f.components.iter().map(|c| json!({ "name": c.name, "fitted": c.fitted, "why": c.why })).collect::<Vec<_>>(),
        "monthly_growth": { "p10": round(f.growth[0]), "p50": round(f.growth[1]), "p90": round(f.growth[2]) },
        "residual_sd": round(f.sigma),
        "autocorrelation": round(f.rho),
        "months": months_json(f),
        "mean_month": { "p10": f.mean_month[0].to_string(), "p50": f.mean_month[1].to_string(), "p90": f.mean_month[2].to_string() },
    });
    if let Some(b) = r.backtest {
        v["backtest"] = json!({
            "fitted_to": b.to,
            "months": months_json(b),
            "inside": b.months.iter().filter(|m| m.inside() == Some(true)).count(),
        });
    }
    v
}

fn round(x: f64) -> String {
    format!("{x:.6}")
}

fn csv(r: &ForecastReport) -> Result<String> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut add = |kind: &str, f: &Forecast| {
        for m in &f.months {
            rows.push(vec![
                kind.into(),
                m.label.clone(),
                m.p10.to_string(),
                m.p50.to_string(),
                m.p90.to_string(),
                m.actual.map(|a| a.to_string()).unwrap_or_default(),
            ]);
        }
    };
    add("forecast", r.forecast);
    if let Some(b) = r.backtest {
        add("backtest", b);
    }
    let f = r.forecast;
    rows.push(vec![
        "mean month".into(),
        String::new(),
        f.mean_month[0].to_string(),
        f.mean_month[1].to_string(),
        f.mean_month[2].to_string(),
        String::new(),
    ]);
    super::csv::write_rows(&["row", "month", "p10", "p50", "p90", "actual"], rows)
}

/// The report in `format`.
pub fn render(format: Format, r: &ForecastReport) -> Result<String> {
    if let Some(w) = super::markup::writer(format) {
        return Ok(text(r, w));
    }
    Ok(match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&json_value(r))
                .map_err(|e| Error::Other(format!("cannot serialize JSON: {e}")))?;
            s.push('\n');
            s
        }
        _ => csv(r)?,
    })
}

/// The profile: the mean month over the forecast as a range (`requests = { p10, p50, p90 }`), the
/// months, the region; every month's own forecast and what was fitted in comments.
pub fn profile(r: &ForecastReport, region: &str) -> Result<String> {
    let f = r.forecast;
    let mut d = ProfileDoc::new();
    d.comment(&format!(
        "Written by apigw-cost forecast from {} ({} to {}, {} days).",
        r.source, f.from, f.to, f.days
    ));
    for c in &f.components {
        d.comment(&format!("{}: {}", c.name, c.why));
    }
    d.comment(&format!(
        "requests: the mean month over the {} months forecast, as its 80% interval (a log-normal through p10, p50, p90); months = {}: `project --profile` totals them, `compare --profile` prices the mean month.",
        f.months.len(),
        f.months.len()
    ));
    d.comment("Each month's own forecast (p10 / p50 / p90 requests):");
    for m in &f.months {
        d.comment(&format!(
            "  {}  {} / {} / {}",
            m.label,
            fmt::quantity(m.p10),
            fmt::quantity(m.p50),
            fmt::quantity(m.p90)
        ));
    }
    d.comment(&format!(
        "The trend's monthly growth, {} (80% interval {} to {}), is in those months: growth is not set.",
        pct(f.growth[1]),
        pct(f.growth[0]),
        pct(f.growth[2])
    ));
    d.key("region", region);
    let [a, b, c] = f.mean_month;
    if !(a > Decimal::ZERO && a < b && b < c) {
        return Err(Error::Other(format!(
            "the forecast's mean month ({a} / {b} / {c} requests) is not a range a profile can hold (0 < p10 < p50 < p90)"
        )));
    }
    d.inline(
        "requests",
        &[
            ("p10", a.to_string()),
            ("p50", b.to_string()),
            ("p90", c.to_string()),
        ],
    );
    d.key("months", i64::from(f.months.len() as u32));
    d.finish()
}
