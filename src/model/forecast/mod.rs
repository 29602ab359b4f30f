//! `forecast`: monthly request volumes ahead, with 80% prediction intervals, from a daily history.
//!
//! **Model.** For each day d with data, ln(requests_d + 1) = b0 + b1 t_d + [weekday effects] +
//! [yearly cycle] + e_d, fitted by ordinary least squares ([`ols`]): t in years from the history's last
//! day; the weekday effects six 0/1 indicators (Monday .. Saturday against Sunday), fitted when the
//! history has at least 21 days (three of each weekday); the yearly cycle three sine/cosine pairs of
//! the day of the year (periods of a year, half a year, a third), fitted when the history spans two
//! years (with less, a yearly swing cannot be told apart from the trend). The trend is a constant
//! monthly growth rate (linear in the logarithm).
//!
//! **A month's volume.** With mu_d the fitted log volume of each day of the month and S = sum exp(mu_d),
//! the month's total T is taken as log-normal: ln T ~ N(ln C, v) with C = S exp(sigma^2 / 2) (the daily
//! noise's mean) and v = v_coef + v_noise, where v_coef = sigma^2 x'(X'X)^-1 x (1 + rho)/(1 - rho)
//! for x the month's regressors weighted by exp(mu_d) / S (the coefficients' uncertainty, widened for
//! residuals correlated from day to day, rho their lag-one autocorrelation, at least 0), and v_noise =
//! (exp(sigma^2) - 1) sum w_d^2 f(rho, n) (the daily noise summed over the month, f the variance factor of
//! a mean of n AR(1) terms). The p10 and p90 are C exp(-+ t sqrt(v)), t the 90th percentile of Student's
//! t with n - p degrees of freedom. Assumptions: the trend and cycles go on as fitted; the residuals are
//! normal in the log and at most AR(1)-correlated; no level shift or outage is foreseen.

pub mod history;
pub mod ols;

use rust_decimal::prelude::FromPrimitive;
use rust_decimal::Decimal;

use crate::model::calendar::{civil_from_days, days_from_civil};
use history::{day_name, Daily};

/// The most months forecast: ten years.
pub const MAX_MONTHS: u32 = 120;
/// The fewest days with data for the weekday effects (three of each weekday).
pub const WEEKLY_DAYS: usize = 21;
/// The shortest span, in days, for the yearly cycle (two years).
pub const YEARLY_SPAN: i64 = 730;
/// Sine/cosine pairs of the yearly cycle.
const HARMONICS: usize = 3;
const YEAR: f64 = 365.25;
/// The 90th percentile of the standard normal.
const Z90: f64 = 1.281_551_565_545;

/// One part of the model and whether it was fitted.
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    pub name: &'static str,
    pub fitted: bool,
    pub why: String,
}

/// One month ahead: its volume's p10, p50 and p90 (whole requests), and for a back-test the actual.
#[derive(Debug, Clone, PartialEq)]
pub struct Month {
    /// `2026-12`.
    pub label: String,
    pub days: u32,
    pub p10: Decimal,
    pub p50: Decimal,
    pub p90: Decimal,
    pub actual: Option<Decimal>,
}

impl Month {
    /// For a back-test: the actual volume fell inside the 80% interval.
    pub fn inside(&self) -> Option<bool> {
        self.actual.map(|a| self.p10 <= a && a <= self.p90)
    }
}

/// A forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    /// First and last day fitted, days with data, days without.
    pub from: String,
    pub to: String,
    pub days: usize,
    pub missing: i64,
    pub components: Vec<Component>,
    /// Residual standard deviation (in ln requests) and lag-one autocorrelation used.
    pub sigma: f64,
    pub rho: f64,
    /// The trend as monthly growth: p10, p50, p90.
    pub growth: [f64; 3],
    pub months: Vec<Month>,
    /// The mean month over the forecast months: p10, p50, p90 (whole requests).
    pub mean_month: [Decimal; 3],
}

/// The design row of day `d` (`end` the last day fitted).
fn row(d: i64, end: i64, weekly: bool, yearly: bool) -> Vec<f64> {
    let mut r = vec![1.0, (d - end) as f64 / YEAR];
    if weekly {
        // 1970-01-01 was a Thursday: Monday = 0.
        let wd = (d + 3).rem_euclid(7);
        r.extend((0..6).map(|k| if wd == k { 1.0 } else { 0.0 }));
    }
    if yearly {
        let a = 2.0 * std::f64::consts::PI * d as f64 / YEAR;
        for k in 1..=HARMONICS {
            let kf = k as f64;
            r.push((kf * a).sin());
            r.push((kf * a).cos());
        }
    }
    r
}

/// Student's t 90th percentile for `df` degrees of freedom (Cornish-Fisher expansion about the normal;
/// within 0.1% from 10 degrees of freedom).
fn t90(df: f64) -> f64 {
    let z = Z90;
    z + (z.powi(3) + z) / (4.0 * df)
        + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * df * df)
}

/// The variance factor of a mean of `n` AR(1) terms with lag-one correlation `rho`.
fn ar_factor(rho: f64, n: usize) -> f64 {
    let nf = n as f64;
    1.0 + 2.0
        * (1..n)
            .map(|k| (1.0 - k as f64 / nf) * rho.powi(k as i32))
            .sum::<f64>()
}

/// The fitted model.
struct Model {
    end: i64,
    weekly: bool,
    yearly: bool,
    fit: ols::Fit,
    rho: f64,
    t: f64,
}

impl Model {
    /// The total over `days`: (C, v), ln T ~ N(ln C, v).
    fn total(&self, days: &[i64]) -> (f64, f64) {
        let rows: Vec<Vec<f64>> = days
            .iter()
            .map(|d| row(*d, self.end, self.weekly, self.yearly))
            .collect();
        let mus: Vec<f64> = rows.iter().map(|r| ols::dot(r, &self.fit.beta)).collect();
        let top = mus.iter().cloned().fold(f64::MIN, f64::max);
        let e: Vec<f64> = mus.iter().map(|m| (m - top).exp()).collect();
        let sum: f64 = e.iter().sum();
        let w: Vec<f64> = e.iter().map(|x| x / sum).collect();
        let p = self.fit.beta.len();
        let xbar: Vec<f64> = (0..p)
            .map(|j| rows.iter().zip(&w).map(|(r, wi)| r[j] * wi).sum())
            .collect();
        let s2 = self.fit.sigma2;
        let v_coef = s2 * ols::quad(&self.fit.xtx_inv, &xbar) * (1.0 + self.rho) / (1.0 - self.rho);
        let v_noise = (s2.exp() - 1.0)
            * w.iter().map(|x| x * x).sum::<f64>()
            * ar_factor(self.rho, days.len());
        let ln_c = top + sum.ln() + s2 / 2.0;
        (ln_c, v_coef + v_noise)
    }

    fn band(&self, days: &[i64]) -> [Decimal; 3] {
        let (ln_c, v) = self.total(days);
        let h = self.t * v.sqrt();
        [ln_c - h, ln_c, ln_c + h].map(|l| whole((l.exp() - days.len() as f64).max(0.0)))
    }
}

fn whole(x: f64) -> Decimal {
    Decimal::from_f64(x.round()).unwrap_or(Decimal::MAX)
}

/// Fits the model to `h`.
fn fit(h: &Daily) -> Result<(Model, Vec<Component>), String> {
    let values = h.values();
    let span = h.last() - h.first() + 1;
    let weekly = values.len() >= WEEKLY_DAYS;
    let yearly = span >= YEARLY_SPAN;
    let components = vec![
        Component {
            name: "trend",
            fitted: true,
            why: format!("a constant monthly growth rate, from {} days", values.len()),
        },
        Component {
            name: "weekly",
            fitted: weekly,
            why: match weekly {
                true => "day-of-week effects (six indicators against Sunday)".into(),
                false => format!(
                    "not fitted: {} days of history; a weekly cycle needs at least {WEEKLY_DAYS} (three of each weekday)",
                    values.len()
                ),
            },
        },
        Component {
            name: "yearly",
            fitted: yearly,
            why: match yearly {
                true => format!("{HARMONICS} sine/cosine pairs of the day of the year"),
                false => format!(
                    "not fitted: the history spans {span} days; a yearly cycle needs two years ({YEARLY_SPAN} days) to be told apart from the trend"
                ),
            },
        },
    ];
    let end = h.last();
    let x: Vec<Vec<f64>> = values
        .iter()
        .map(|(d, _)| row(*d, end, weekly, yearly))
        .collect();
    let y: Vec<f64> = values.iter().map(|(_, v)| (v + 1.0).ln()).collect();
    let f = ols::fit(&x, &y).map_err(|e| format!("the history cannot be fitted: {e}"))?;
    // Lag-one autocorrelation over consecutive days, at least 0 (a negative one would narrow).
    let (mut num, mut den) = (0.0, 0.0);
    for k in 0..values.len() {
        den += f.residuals[k] * f.residuals[k];
        if k > 0 && values[k].0 == values[k - 1].0 + 1 {
            num += f.residuals[k] * f.residuals[k - 1];
        }
    }
    let rho = if den > 0.0 {
        (num / den).clamp(0.0, 0.95)
    } else {
        0.0
    };
    let df = (values.len() - f.beta.len()) as f64;
    Ok((
        Model {
            end,
            weekly,
            yearly,
            fit: f,
            rho,
            t: t90(df),
        },
        components,
    ))
}

/// (year, month) of a day, and the days of that month.
fn month_days(y: i64, m: i64) -> Vec<i64> {
    let first = days_from_civil(y, m, 1);
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    (first..days_from_civil(ny, nm, 1)).collect()
}

/// The first calendar month that begins after `day`.
fn next_month(day: i64) -> (i64, i64) {
    let (y, m, _) = civil_from_days(day + 1);
    let (_, _, d1) = civil_from_days(day + 1);
    if d1 == 1 {
        (y, m)
    } else if m == 12 {
        (y + 1, 1)
    } else {
        (y, m + 1)
    }
}

/// `months` calendar months from the first that begins after the history.
pub fn forecast(h: &Daily, months: u32) -> Result<Forecast, String> {
    if months == 0 || months > MAX_MONTHS {
        return Err(format!("1 to {MAX_MONTHS} months, got {months}"));
    }
    let (model, components) = fit(h)?;
    let (mut y, mut m) = next_month(h.last());
    let mut out = Vec::new();
    let mut all = Vec::new();
    for _ in 0..months {
        let days = month_days(y, m);
        let [p10, p50, p90] = model.band(&days);
        out.push(Month {
            label: format!("{y:04}-{m:02}"),
            days: days.len() as u32,
            p10,
            p50,
            p90,
            actual: None,
        });
        all.extend(days);
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    let n = Decimal::from(months);
    let total = model.band(&all);
    let mean_month = total.map(|t| (t / n).round());
    let b = model.fit.beta[1];
    let se =
        (model.fit.sigma2 * model.fit.xtx_inv[1][1] * (1.0 + model.rho) / (1.0 - model.rho)).sqrt();
    let g = |x: f64| (x / 12.0).exp() - 1.0;
    Ok(Forecast {
        from: day_name(h.first()),
        to: day_name(h.last()),
        days: h.days.len(),
        missing: h.missing(),
        components,
        sigma: model.fit.sigma2.sqrt(),
        rho: model.rho,
        growth: [g(b - model.t * se), g(b), g(b + model.t * se)],
        months: out,
        mean_month,
    })
}

/// A back-test: the history without its last `holdout` whole calendar months is fitted, those months
/// are forecast and compared with what happened.
pub fn backtest(h: &Daily, holdout: u32) -> Result<Forecast, String> {
    // The last whole calendar month of the history: its last day is the history's, or before it.
    let (ly, lm, ld) = civil_from_days(h.last());
    let last_whole = if civil_from_days(h.last() + 1).2 == 1 {
        (ly, lm)
    } else if lm == 1 {
        (ly - 1, 12)
    } else {
        (ly, lm - 1)
    };
    let _ = ld;
    let mut first = last_whole;
    for _ in 1..holdout {
        first = if first.1 == 1 {
            (first.0 - 1, 12)
        } else {
            (first.0, first.1 - 1)
        };
    }
    let cut = days_from_civil(first.0, first.1, 1);
    let fit_part = Daily {
        days: h.days.iter().filter(|d| d.0 < cut).cloned().collect(),
        granularity: h.granularity.clone(),
        notes: Vec::new(),
    };
    if fit_part.days.len() < history::MIN_DAYS {
        return Err(format!(
            "a back-test of {holdout} months leaves {} days to fit, fewer than {}",
            fit_part.days.len(),
            history::MIN_DAYS
        ));
    }
    let mut f = forecast(&fit_part, holdout)?;
    for mo in &mut f.months {
        let (y, m) = (
            mo.label[..4].parse().unwrap_or(0),
            mo.label[5..].parse().unwrap_or(0),
        );
        let days = month_days(y, m);
        let have: Vec<&(i64, Decimal)> = h.days.iter().filter(|d| days.contains(&d.0)).collect();
        if have.len() != days.len() {
            return Err(format!(
                "a back-test needs every day of the months held out: {} has {} of {} days",
                mo.label,
                have.len(),
                days.len()
            ));
        }
        mo.actual = Some(have.iter().map(|d| d.1).sum());
    }
    Ok(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_and_ar_factors() {
        assert!((t90(1e9) - Z90).abs() < 1e-6);
        // t(0.9, 30) = 1.3104.
        assert!((t90(30.0) - 1.3104).abs() < 1e-3);
        assert!((ar_factor(0.0, 30) - 1.0).abs() < 1e-12);
        // rho 0.5, n 2: 1 + 2 (1/2)(0.5) = 1.5.
        assert!((ar_factor(0.5, 2) - 1.5).abs() < 1e-12);
    }

    #[test]
    fn months_follow_the_history() {
        assert_eq!(next_month(days_from_civil(2026, 11, 30)), (2026, 12));
        assert_eq!(next_month(days_from_civil(2026, 11, 20)), (2026, 12));
        assert_eq!(next_month(days_from_civil(2026, 12, 31)), (2027, 1));
        assert_eq!(month_days(2028, 2).len(), 29);
    }
}
