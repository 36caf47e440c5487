//! Whether an indicator's actual value meets its target: the comparison rules of
//! DESIGN.md ("Scoring"), shared by projections, scoring and findings.

use rust_decimal::Decimal;

use crate::event::Tier;
use crate::value::{parse_actual, Actual, Comparator, Target};

/// Met, not met, or not decidable (no actual yet, or text where a number is needed).
pub fn is_met(target: &Target, actual: Option<&str>, tier: Option<Tier>) -> Option<bool> {
    if target.comparator == Comparator::Qualitative {
        return tier.map(|t| t == Tier::Achieved);
    }
    let actual = parse_actual(actual?);
    if target.comparator == Comparator::Deadline {
        return deadline_met(target, &actual).or(tier.map(|t| t == Tier::Achieved));
    }
    let (want, got) = (target.value?, actual_number(target, &actual)?);
    Some(compare(target.comparator, got, want))
}

pub fn compare(comparator: Comparator, got: Decimal, want: Decimal) -> bool {
    match comparator {
        Comparator::Ge => got >= want,
        Comparator::Gt => got > want,
        Comparator::Le => got <= want,
        Comparator::Lt => got < want,
        Comparator::Eq => got == want,
        Comparator::Deadline | Comparator::Qualitative => false,
    }
}

/// The actual as a number in the target's unit; an absent unit on either side is taken to
/// be the same unit (people write `54.26` against `≥6` with 亿 in the indicator's name).
pub fn actual_number(target: &Target, actual: &Actual) -> Option<Decimal> {
    let n = actual.number?;
    match (target.unit.as_deref(), actual.unit.as_deref()) {
        (Some(t), Some(a)) if t != a => None,
        _ => Some(n),
    }
}

fn deadline_met(target: &Target, actual: &Actual) -> Option<bool> {
    Some(actual.date? <= target.deadline?)
}
