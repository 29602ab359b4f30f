//! Migration payback (`breakeven --vary months`): the month where the cumulative saving of moving
//! from one option to another pays back the one-time migration cost, interpolated within that month.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use super::{diff, BreakEven, Costs, Crossing, Query, Variable};
use crate::error::{Error, Field, Result};
use crate::model::projection;
use crate::money::usd;

/// Migration payback: staying on a costs its monthly bills; moving to b costs the migration plus b's
/// bills. The crossing is the month (fractional) where the cumulative saving pays the migration back.
pub(super) fn payback(q: &Query, from: Decimal, to: Decimal) -> Result<BreakEven> {
    let migration = q.migration_cost.ok_or_else(|| {
        Error::missing(
            Field::MigrationCost,
            "a payback in months needs the one-time cost of migrating, in USD",
            &[Field::MigrationCost],
        )
    })?;
    // `to` is at most MAX_MONTHS (check_range), so it fits.
    let months = to
        .ceil()
        .to_u32()
        .unwrap_or(120)
        .clamp(1, projection::MAX_MONTHS);
    let volumes = projection::compound_volumes(q.workload.requests, q.growth, months)?;
    let wa = q.a.workload(q.workload);
    let wb = q.b.workload(q.workload);
    let pa = projection::project(q.catalog, q.region, &[q.a.api], &wa, &volumes, q.free_tier)?;
    let pb = projection::project(q.catalog, q.region, &[q.b.api], &wb, &volumes, q.free_tier)?;
    let (ma, mb) = (&pa.options[0].months, &pb.options[0].months);
    // Staying and moving, cumulatively, after each month (month 0: nothing billed yet).
    let costs: Vec<Costs> = (0..=months as usize)
        .map(|m| {
            let (stay, moved) = match m {
                0 => (Decimal::ZERO, Decimal::ZERO),
                m => (ma[m - 1].cumulative, mb[m - 1].cumulative),
            };
            Some(Costs {
                cost_a: stay,
                cost_b: migration.checked_add(moved)?,
            })
        })
        .collect::<Option<_>>()
        .ok_or_else(|| {
            Error::invalid(
                Field::MigrationCost,
                migration.to_string(),
                "an amount that can be added to the cumulative bills exactly (a decimal holds at \
                 most about 7.9 x 10^28 USD)",
            )
        })?;
    let costs = |m: usize| costs[m];
    let points: Vec<Crossing> = first_crossing(q, months, &costs).into_iter().collect();
    let at_from = costs(0);
    let at_to = costs(months as usize);
    let none_because = if points.is_empty() {
        let first_saving = diff(&costs(1)) - diff(&costs(0));
        Some(if first_saving <= Decimal::ZERO {
            format!(
                "moving from {} to {} saves nothing a month (month 1: {} vs {}), so the migration never pays back",
                q.a.title(),
                q.b.title(),
                usd(ma[0].quote.total),
                usd(mb[0].quote.total)
            )
        } else {
            format!(
                "the cumulative saving after {months} months ({}) has not reached the migration cost ({})",
                usd((at_to.cost_a - at_to.cost_b)
                    .checked_add(migration)
                    .unwrap_or_default()),
                usd(migration)
            )
        })
    } else {
        None
    };
    Ok(BreakEven {
        variable: Variable::Months,
        region: q.region.to_string(),
        a: q.a,
        b: q.b,
        from,
        to: Decimal::from(months),
        points,
        at_from,
        at_to,
        none_because,
        migration_cost: Some(migration),
        notes: Vec::new(),
    })
}

/// The month (fractional) where moving has become cheaper than staying, if it does.
fn first_crossing(q: &Query, months: u32, costs: &impl Fn(usize) -> Costs) -> Option<Crossing> {
    for m in 1..=months as usize {
        let (before, after) = (costs(m - 1), costs(m));
        if diff(&before) < Decimal::ZERO && diff(&after) >= Decimal::ZERO {
            // Linear within the month: the saving accrues evenly.
            let gap = -diff(&before);
            let month_saving = diff(&after) - diff(&before);
            let at = Decimal::from(m as u32 - 1) + gap / month_saving;
            let at = at.round_dp_with_strategy(2, RoundingStrategy::ToPositiveInfinity);
            return Some(Crossing {
                at,
                cost_a: after.cost_a,
                cost_b: after.cost_b,
                below: before,
                cheaper_below: q.a.name(),
                cheaper_above: q.b.name(),
            });
        }
    }
    None
}
