//! The per-indicator rules of `cz-2020-10` and the grade bands.

use rust_decimal::Decimal;

use crate::event::{Grade, Tier};
use crate::ledger::tier_band;
use crate::money::ROUND_HALF_UP;
use crate::projection::indicator::actual_number;
use crate::projection::state::Indicator;
use crate::value::{parse_actual, parse_target_with, Comparator};

/// Score and the reason for it, for one indicator of the given weight.
pub fn indicator_score(ind: &Indicator, weight: Decimal) -> (Decimal, String) {
    if ind.comparator == Comparator::Qualitative {
        return tier_score(ind.tier, ind.score_ratio.map(|r| r.0), weight);
    }
    let Some(actual_text) = ind.actual.as_deref() else {
        return (Decimal::ZERO, "无实现值 (no measurement): 0".into());
    };
    if ind.met == Some(true) {
        return (
            weight,
            format!("达成 {actual_text} 对 {}: 满分", ind.target),
        );
    }
    let Ok(target) = parse_target_with(&ind.target, ind.comparator) else {
        return (Decimal::ZERO, format!("预期值 {} 无法解析: 0", ind.target));
    };
    let actual = parse_actual(actual_text);
    let (Some(want), Some(got)) = (target.value, actual_number(&target, &actual)) else {
        return match ind.tier {
            Some(_) => tier_score(ind.tier, ind.score_ratio.map(|r| r.0), weight),
            None if ind.comparator == Comparator::Deadline => (
                Decimal::ZERO,
                format!("未按期完成 ({actual_text} 对 {}): 0", ind.target),
            ),
            None => (
                Decimal::ZERO,
                format!("实现值 {actual_text} 无法与 {} 比较: 0", ind.target),
            ),
        };
    };
    let share = unmet_share(ind.comparator, got, want);
    (
        share * weight,
        format!(
            "未达成 {got} 对 {}: {} × 分值",
            ind.target,
            share.round_dp_with_strategy(4, ROUND_HALF_UP).normalize()
        ),
    )
}

/// The share of the weight an unmet quantitative target earns.
fn unmet_share(comparator: Comparator, got: Decimal, want: Decimal) -> Decimal {
    let safe_div = |a: Decimal, b: Decimal| {
        if b.is_zero() {
            Decimal::ZERO
        } else {
            (a / b).min(Decimal::ONE).max(Decimal::ZERO)
        }
    };
    match comparator {
        Comparator::Ge | Comparator::Gt => safe_div(got, want),
        Comparator::Le | Comparator::Lt => safe_div(want, got),
        Comparator::Eq => safe_div(got.min(want), got.max(want)),
        Comparator::Deadline | Comparator::Qualitative => Decimal::ZERO,
    }
}

fn tier_score(tier: Option<Tier>, ratio: Option<Decimal>, weight: Decimal) -> (Decimal, String) {
    let Some(tier) = tier else {
        return (Decimal::ZERO, "未评定 (no tier assessed): 0".into());
    };
    let (lo, hi) = tier_band(tier);
    let r = ratio
        .unwrap_or(if tier == Tier::Achieved {
            Decimal::ONE
        } else {
            lo
        })
        .clamp(lo, hi);
    (
        r * weight,
        format!(
            "{}: {} × 分值",
            crate::ledger::tier_name(tier),
            r.normalize()
        ),
    )
}

/// 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差; on the total as printed (2 decimals, 四舍五入).
pub fn grade_for(total: Decimal) -> Grade {
    let shown = total.round_dp_with_strategy(2, ROUND_HALF_UP);
    if shown >= Decimal::from(90) {
        Grade::Excellent
    } else if shown >= Decimal::from(80) {
        Grade::Good
    } else if shown >= Decimal::from(60) {
        Grade::Fair
    } else {
        Grade::Poor
    }
}
