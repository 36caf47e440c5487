//! Comparing two quantities once they are on one scale: whether their units and dimensions
//! agree, whether a bound is met, and the share of the weight an unmet bound earns.

use rust_decimal::Decimal;

use super::{Comparator, Quantity};

/// Whether two quantities can be compared as numbers: the same unit (or none named on one
/// side: it is then the other's), and not a percentage against a count.
///
/// # Errors
/// Why not, in Chinese, naming both sides: different units (家 against 个), a percentage
/// against a unit (`95%` against `8家`), or a percentage against a bare number above 1
/// (`≥90%` against `95`: 95% or 9500%? the row needs `%` written, or the indicator's unit).
pub fn check_comparable(target: &Quantity, actual: &Quantity) -> Result<(), String> {
    if let (Some(t), Some(a)) = (&target.unit, &actual.unit) {
        if t != a {
            return Err(format!("单位不一致：预期值以「{t}」计，实现值以「{a}」计"));
        }
    }
    if target.scale.is_fraction() == actual.scale.is_fraction() {
        return Ok(());
    }
    let (fraction, other, other_side) = if target.scale.is_fraction() {
        (target, actual, "实现值")
    } else {
        (actual, target, "预期值")
    };
    let percent = format!(
        "{}{}",
        fraction.written.normalize(),
        fraction.scale.symbol()
    );
    if let Some(unit) = &other.unit {
        return Err(format!(
            "量纲不一致：一方是百分比 {percent}，{other_side}以「{unit}」计"
        ));
    }
    if other.scale != super::Scale::One {
        return Err(format!(
            "量纲不一致：一方是百分比 {percent}，{other_side}带数量单位「{}」",
            other.scale.symbol()
        ));
    }
    if other.written > Decimal::ONE {
        let n = other.written.normalize();
        return Err(format!(
            "量纲不明：一方是百分比 {percent}，{other_side} {n} 未写 %（是 {n}% 还是 {}%？），请写明 % 或在指标上注明单位",
            n * Decimal::ONE_HUNDRED
        ));
    }
    Ok(())
}

/// Whether `got` meets the bound `want` (both in base units).
#[must_use]
pub fn meets(comparator: Comparator, got: Decimal, want: Decimal) -> bool {
    match comparator {
        Comparator::Ge => got >= want,
        Comparator::Gt => got > want,
        Comparator::Le => got <= want,
        Comparator::Lt => got < want,
        Comparator::Eq => got == want,
        Comparator::Deadline | Comparator::Qualitative => false,
    }
}

/// The share of the weight an unmet bound earns, in [0, 1) (DOMAIN.md, "Scoring, worked"):
/// `ge`/`gt` actual ÷ target, `le`/`lt` target ÷ actual, `eq` smaller ÷ larger.
///
/// A strict bound is measured against the nearest value that meets it *as written*: one
/// `step` (the last decimal place written on either side, in base units) above a `gt`
/// target or below an `lt` one. So `>10` with 10 earns 10 ÷ 11, and `<5%` with 5% earns
/// 4% ÷ 5% = 0.8: an unmet strict bound never earns full points, and writing both sides on
/// another scale with the same precision (`0.0010万`, `500%`) earns the same share.
#[must_use]
pub fn unmet_share(comparator: Comparator, got: Decimal, want: Decimal, step: Decimal) -> Decimal {
    let share = |a: Decimal, b: Decimal| {
        if b <= Decimal::ZERO {
            Decimal::ZERO
        } else {
            (a / b).clamp(Decimal::ZERO, Decimal::ONE)
        }
    };
    match comparator {
        Comparator::Ge => share(got, want),
        Comparator::Gt => share(got, want + step),
        Comparator::Le => share(want, got),
        Comparator::Lt => share(want - step, got),
        Comparator::Eq => share(got.min(want), got.max(want)),
        Comparator::Deadline | Comparator::Qualitative => Decimal::ZERO,
    }
}

/// Whether an actual written as a bound (`≥300米`) says the target (`≥266米`) was met: its
/// range lies inside the target's.
#[must_use]
pub fn bound_implies(
    actual: Comparator,
    actual_value: Decimal,
    target: Comparator,
    want: Decimal,
) -> bool {
    use Comparator::{Eq, Ge, Gt, Le, Lt};
    match (target, actual) {
        (Ge, Ge | Gt | Eq) => actual_value >= want,
        (Gt, Gt) => actual_value >= want,
        (Gt, Ge | Eq) => actual_value > want,
        (Le, Le | Lt | Eq) => actual_value <= want,
        (Lt, Lt) => actual_value <= want,
        (Lt, Le | Eq) => actual_value < want,
        (Eq, Eq) => actual_value == want,
        _ => false,
    }
}
