//! The per-indicator rules of `cz-2020-10` and the grade bands.

use rust_decimal::Decimal;

use crate::event::{Grade, Tier};
use crate::money::ROUND_HALF_UP;
use crate::projection::indicator::judge_indicator;
use crate::projection::state::{Indicator, ProjectState};
use crate::value::{BareTarget, Judgement, ReadContext, Verdict};

/// The one place a row's reading context is built: the project's year (for `12月底前`), the
/// indicator's `unit` field, and what a bare target means ([`bare_target`]).
#[must_use]
pub fn read_context(state: &ProjectState, ind: &Indicator) -> ReadContext {
    ReadContext {
        year: i32::try_from(state.project.year).ok().filter(|y| *y > 0),
        unit: ind.unit.clone(),
        bare: bare_target(state),
    }
}

/// What a bare target (`95%`) means for this project: its policy says (a floor under
/// `cz-2020-10`; exact under `cz-2020-10-exact`).
#[must_use]
pub fn bare_target(state: &ProjectState) -> BareTarget {
    match super::policy::bare_rule(state.scoring.policy.as_deref()) {
        super::BareTargetRule::Floor => BareTarget::Floor,
        super::BareTargetRule::Exact => BareTarget::Exact,
    }
}

/// Score and the reason for it, for one indicator of the given weight, with how its target
/// and actual were read. An unscorable row scores 0 (and is a critical finding).
#[must_use]
pub fn indicator_score(
    ind: &Indicator,
    weight: Decimal,
    ctx: &ReadContext,
) -> (Decimal, String, Judgement) {
    let j = judge_indicator(ind, ctx);
    let actual = ind.actual.as_deref().unwrap_or("—");
    let (score, why) = match &j.verdict {
        Verdict::Pending => (Decimal::ZERO, "无实现值 (no measurement): 0".into()),
        Verdict::Met { restated: false } => {
            (weight, format!("达成 {actual} 对 {}: 满分", ind.target))
        }
        Verdict::Met { restated: true } => (
            weight,
            format!(
                "实现值照抄预期值 ({actual} 对 {}), 按达成计: 满分",
                ind.target
            ),
        ),
        Verdict::Unmet { share } if j.comparator == crate::value::Comparator::Deadline => (
            share * weight,
            format!("未按期完成 ({actual} 对 {}): 0", ind.target),
        ),
        Verdict::Unmet { share } => (
            share * weight,
            format!(
                "未达成 {actual} 对 {}: {} × 分值",
                ind.target,
                share.round_dp_with_strategy(4, ROUND_HALF_UP).normalize()
            ),
        ),
        Verdict::NeedsTier => tier_score(ind.tier, ind.score_ratio.map(|r| r.0), weight),
        Verdict::Unscorable { reason } => (Decimal::ZERO, format!("无法评分 ({reason}): 0")),
    };
    (score, why, j)
}

fn tier_score(tier: Option<Tier>, ratio: Option<Decimal>, weight: Decimal) -> (Decimal, String) {
    let Some(tier) = tier else {
        return (Decimal::ZERO, "未评定 (no tier assessed): 0".into());
    };
    let (lo, hi) = tier.band();
    let r = ratio
        .unwrap_or(if tier == Tier::Achieved {
            Decimal::ONE
        } else {
            lo
        })
        .clamp(lo, hi);
    (
        r * weight,
        format!("{}: {} × 分值", tier.name(), r.normalize()),
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
