//! Whether an indicator's actual value meets its target: [`crate::value::judge`] applied to
//! one indicator of a project, shared by projections (`met`), scoring and findings.

use rust_decimal::Decimal;

use super::state::Indicator;
use crate::event::Tier;
use crate::value::{check_comparable, judge, Actual, Judgement, ReadContext, Target, Verdict};

/// The indicator's current target judged against its actual, under `ctx` (see
/// `scoring::read_context`, the one place a row's context is built).
#[must_use]
pub fn judge_indicator(ind: &Indicator, ctx: &ReadContext) -> Judgement {
    judge(
        &ind.target,
        ind.stated_comparator,
        ind.actual.as_deref(),
        ctx,
    )
}

/// Met, not met, or not decidable (no actual yet, a row that cannot be scored, or a tier
/// not yet assessed where a tier decides).
#[must_use]
pub fn is_met(verdict: &Verdict, tier: Option<Tier>) -> Option<bool> {
    match verdict {
        Verdict::Met { .. } => Some(true),
        Verdict::Unmet { .. } => Some(false),
        Verdict::NeedsTier => tier.map(|t| t == Tier::Achieved),
        Verdict::Pending | Verdict::Unscorable { .. } => None,
    }
}

/// The actual as a number on the target's written scale (`3000000` against `≥500万` is 300),
/// for charts that divide it by the written target. None when either side has no number or
/// the two cannot be compared (different units, a percentage against a count).
#[must_use]
pub fn actual_number(target: &Target, actual: &Actual) -> Option<Decimal> {
    let tq = target.quantity()?.ok()?;
    let aq = actual.quantity()?;
    check_comparable(&tq, &aq).ok()?;
    aq.value()?.checked_div(tq.scale.factor())
}
