//! The decision an architecture review reads first: of the options reviewed, the cheapest that has
//! every feature the workload needs, what it costs a month and a year, what it saves against each other
//! option, and what keeps each cheaper option out. Pure: the costs are billed amounts (to the cent)
//! computed elsewhere, so every saving is the difference of two figures shown beside it.

use rust_decimal::Decimal;

use crate::model::api::ApiKind;
use crate::model::features::Gap;

/// One option as the summary compares it.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub api: ApiKind,
    /// The first month's bill, to the cent.
    pub monthly: Decimal,
    /// The first twelve months' bills (growth and free tier applied), each to the cent, summed.
    pub yearly: Decimal,
    /// The needed features it lacks (or only partly has).
    pub gaps: Vec<Gap>,
}

/// Another option against the recommendation: the saving (positive: the recommendation is cheaper).
#[derive(Debug, Clone, PartialEq)]
pub struct Versus {
    pub api: ApiKind,
    pub monthly: Decimal,
    pub yearly: Decimal,
    /// Its monthly bill minus the recommendation's.
    pub monthly_saving: Decimal,
    /// Its yearly bill minus the recommendation's.
    pub yearly_saving: Decimal,
    /// It costs less than the recommendation: its gaps are what keeps it out.
    pub cheaper: bool,
    pub gaps: Vec<Gap>,
}

/// The outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    /// The cheapest option meeting every need; `None` when no option meets them all.
    pub pick: Option<Candidate>,
    /// Every other option, cheapest first.
    pub others: Vec<Versus>,
}

/// The cheapest candidate without a gap (ties: the first given), and every other one against it.
/// Without a pick, the others are compared with the cheapest candidate (savings against it).
pub fn decide(candidates: &[Candidate]) -> Decision {
    let mut sorted: Vec<&Candidate> = candidates.iter().collect();
    // Stable: equal costs keep the order given.
    sorted.sort_by(|a, b| a.monthly.cmp(&b.monthly).then(a.yearly.cmp(&b.yearly)));
    let pick = sorted
        .iter()
        .find(|c| c.gaps.is_empty())
        .map(|c| (*c).clone());
    let base = pick.as_ref().or(sorted.first().copied());
    let others = sorted
        .iter()
        .filter(|c| Some(c.api) != pick.as_ref().map(|p| p.api))
        .map(|c| {
            let (bm, by) = base.map(|b| (b.monthly, b.yearly)).unwrap_or_default();
            Versus {
                api: c.api,
                monthly: c.monthly,
                yearly: c.yearly,
                monthly_saving: c.monthly - bm,
                yearly_saving: c.yearly - by,
                cheaper: c.monthly < bm || (c.monthly == bm && c.yearly < by),
                gaps: c.gaps.clone(),
            }
        })
        .collect();
    Decision { pick, others }
}

/// The peak rate against a limit: the peak units per second (monthly units / seconds in a month x
/// peak factor) and its share of `limit` per second, both exact.
pub fn peak_share(monthly_units: Decimal, peak_factor: Decimal, limit: u32) -> (Decimal, Decimal) {
    let seconds = Decimal::from(crate::model::numbers::SECONDS_PER_MONTH);
    let peak = (monthly_units / seconds)
        .checked_mul(peak_factor)
        .unwrap_or(Decimal::MAX);
    let share = match limit {
        0 => Decimal::MAX,
        l => peak / Decimal::from(l),
    };
    (peak, share)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::features::Support;

    fn gap(id: &str) -> Gap {
        Gap {
            feature: id.into(),
            title: id.into(),
            support: Support::No,
            workaround: Some("do it yourself".into()),
            note: None,
        }
    }

    fn c(api: ApiKind, monthly: i64, gaps: Vec<Gap>) -> Candidate {
        Candidate {
            api,
            monthly: Decimal::from(monthly),
            yearly: Decimal::from(monthly * 12),
            gaps,
        }
    }

    #[test]
    fn the_cheapest_option_meeting_the_needs_is_picked() {
        // REST $1,200 meets the needs; HTTP $450 lacks api-keys: REST is picked, HTTP is cheaper by
        // $750 a month ($9,000 a year) and kept out by its gap.
        let d = decide(&[
            c(ApiKind::Rest, 1200, vec![]),
            c(ApiKind::Http, 450, vec![gap("api-keys")]),
        ]);
        assert_eq!(d.pick.as_ref().map(|p| p.api), Some(ApiKind::Rest));
        let http = &d.others[0];
        assert!(http.cheaper);
        assert_eq!(http.monthly_saving, Decimal::from(-750));
        assert_eq!(http.yearly_saving, Decimal::from(-9000));
    }

    #[test]
    fn without_needs_the_cheapest_wins_and_the_others_show_what_it_saves() {
        let d = decide(&[c(ApiKind::Rest, 350, vec![]), c(ApiKind::Http, 100, vec![])]);
        assert_eq!(d.pick.as_ref().map(|p| p.api), Some(ApiKind::Http));
        assert_eq!(d.others[0].api, ApiKind::Rest);
        assert!(!d.others[0].cheaper);
        assert_eq!(d.others[0].monthly_saving, Decimal::from(250));
    }

    #[test]
    fn no_pick_when_every_option_lacks_a_need() {
        let d = decide(&[
            c(ApiKind::Http, 100, vec![gap("caching")]),
            c(ApiKind::Alb, 30, vec![gap("caching")]),
        ]);
        assert!(d.pick.is_none());
        assert_eq!(d.others.len(), 2);
        assert_eq!(d.others[0].api, ApiKind::Alb);
    }

    #[test]
    fn the_peak_is_the_average_rate_times_the_factor() {
        // 300M a month / 2,628,000 s = 114.155... req/s; x 4 = 456.62 req/s = 4.57% of 10,000.
        let (peak, share) = peak_share(Decimal::from(300_000_000), Decimal::from(4), 10_000);
        assert_eq!(peak.round_dp(2), "456.62".parse::<Decimal>().unwrap());
        assert_eq!(
            (share * Decimal::from(100)).round_dp(2),
            "4.57".parse::<Decimal>().unwrap()
        );
    }
}
