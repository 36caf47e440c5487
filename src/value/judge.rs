//! Judging an actual against its target: the one function projections (`met`), scoring and
//! findings use, with what the caller knows that the text does not ([`ReadContext`]).
//!
//! Both sides are brought to base units before any comparison (`≥500万` against `3000000`
//! is 3000000 of 5000000; `≥0.9` against `80%` is 0.8 of 0.9). When they cannot be (units
//! that differ, a percentage against a count, text where a number is needed, exponent
//! notation), the verdict is [`Verdict::Unscorable`] with the reason, never a silent 0 or a
//! silent full score.

use rust_decimal::Decimal;
use serde::Serialize;

use super::compare::{bound_implies, check_comparable, meets, unmet_share};
use super::date::{scan_date, DateScan};
use super::quantity::context_quantity;
use super::read::normalise;
use super::{parse_actual, parse_target, parse_target_with, Comparator, Quantity, Target};

/// What a bare target (`95%`, `8家`, `100`) means; a policy decides (DESIGN.md, "Scoring
/// policies").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum BareTarget {
    /// A floor: `95%` is `≥95%` (财预〔2020〕10号 practice: rates and counts are minimums).
    #[default]
    Floor,
    /// Exact: `95%` is `=95%`.
    Exact,
}

/// What the caller knows that the text does not.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReadContext {
    /// The project's year, for a date without one (`12月底前`).
    pub year: Option<i32>,
    /// The indicator's `unit` field (`亿`, `万元`, `%`, `家`): the scale and unit of a side
    /// whose text names none.
    pub unit: Option<String>,
    pub bare: BareTarget,
}

/// The outcome of judging one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Verdict {
    /// No actual yet.
    Pending,
    /// Met; `restated` when the actual is written as the target is (`≥266米` against
    /// `≥266米`): read as met, and worth a finding.
    Met { restated: bool },
    /// Not met: the fraction of the weight earned, 0 ≤ share < 1.
    Unmet { share: Decimal },
    /// Qualitative, or a deadline whose actual is prose: an assessed tier decides.
    NeedsTier,
    /// Cannot be compared; the reason (Chinese) names both texts and why.
    Unscorable { reason: String },
}

/// A verdict and how each side was read (`≥ 5000000（500 × 万）`, `0.8（80%）`,
/// `截止 2022-12-31`), so a reviewer sees why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Judgement {
    pub verdict: Verdict,
    /// The comparator applied (a bare target's is the context's: `ge` or `eq`).
    pub comparator: Comparator,
    pub target_read: String,
    pub actual_read: Option<String>,
    /// Target and actual in base units, when they were compared as numbers.
    #[serde(skip)]
    pub values: Option<(Decimal, Decimal)>,
}

impl Judgement {
    fn new(comparator: Comparator, target_read: String) -> Judgement {
        Judgement {
            verdict: Verdict::Pending,
            comparator,
            target_read,
            actual_read: None,
            values: None,
        }
    }

    fn with(mut self, verdict: Verdict, actual_read: Option<String>) -> Judgement {
        self.verdict = verdict;
        self.actual_read = actual_read;
        self
    }
}

/// Judges `actual` (None: not measured yet) against `target`. `comparator` is the one the
/// indicator states (its event's field, or its definition's text); None reads it from the
/// text, and a bare text then means what `ctx.bare` says.
#[must_use]
pub fn judge(
    target: &str,
    comparator: Option<Comparator>,
    actual: Option<&str>,
    ctx: &ReadContext,
) -> Judgement {
    let parsed = match comparator {
        Some(c) => parse_target_with(target, c),
        None => parse_target(target),
    };
    let t = match parsed {
        Ok(t) => t,
        Err(e) => {
            let shown = comparator.unwrap_or(Comparator::Qualitative);
            let reason = format!("预期值「{}」无法读取（{e}）", target.trim());
            return Judgement::new(shown, "无法读取".into())
                .with(unscorable(reason), actual.map(str::to_string));
        }
    };
    let bare = comparator.is_none() && t.bare;
    let effective = match (bare, ctx.bare) {
        (true, BareTarget::Floor) => Comparator::Ge,
        (true, BareTarget::Exact) => Comparator::Eq,
        (false, _) => t.comparator,
    };
    match effective {
        Comparator::Qualitative => Judgement::new(effective, format!("定性：{}", target.trim()))
            .with(
                Verdict::NeedsTier,
                actual.map(|a| format!("文字：{}", a.trim())),
            ),
        Comparator::Deadline => judge_deadline(target, &t, actual, ctx),
        _ => judge_quantity(target, &t, effective, bare, actual, ctx),
    }
}

fn unscorable(reason: String) -> Verdict {
    Verdict::Unscorable { reason }
}

fn judge_deadline(text: &str, t: &Target, actual: Option<&str>, ctx: &ReadContext) -> Judgement {
    let Some(written) = t.deadline else {
        let reason = format!("预期值「{}」读不出日期", text.trim());
        return Judgement::new(Comparator::Deadline, "无法读取".into())
            .with(unscorable(reason), actual.map(str::to_string));
    };
    let Some(due) = written.resolve(ctx.year) else {
        let why = match (written.year, ctx.year) {
            (None, None) => "未写年份，项目年度未知".to_string(),
            (_, year) => format!("不是 {} 年的日期", written.year.or(year).unwrap_or(0)),
        };
        let reason = format!("预期值「{}」{why}，无法确定期限", text.trim());
        return Judgement::new(Comparator::Deadline, format!("截止 {written}"))
            .with(unscorable(reason), actual.map(str::to_string));
    };
    let year_note = if written.year.is_none() {
        "（年份取自项目）"
    } else {
        ""
    };
    let j = Judgement::new(Comparator::Deadline, format!("截止 {due}{year_note}"));
    let Some(text_actual) = actual else {
        return j;
    };
    let found = match scan_date(&normalise(text_actual.trim()), true) {
        DateScan::Date(found) => found,
        DateScan::Invalid | DateScan::NotDate => {
            let read = format!("文字（无日期）：{}", text_actual.trim());
            return j.with(Verdict::NeedsTier, Some(read));
        }
    };
    let Some(done) = found.date.resolve(ctx.year) else {
        let reason = format!(
            "实现值「{}」的日期无法确定（未写年份或不在该年），无法与预期值「{}」比较",
            text_actual.trim(),
            text.trim()
        );
        return j.with(unscorable(reason), Some("无法读取".into()));
    };
    let before = if found.before {
        "之前（照抄预期值的写法）"
    } else {
        ""
    };
    let read = format!("{done}{before}");
    let verdict = if done <= due {
        Verdict::Met {
            restated: found.before,
        }
    } else {
        Verdict::Unmet {
            share: Decimal::ZERO,
        }
    };
    j.with(verdict, Some(read))
}

fn judge_quantity(
    text: &str,
    t: &Target,
    comparator: Comparator,
    bare: bool,
    actual: Option<&str>,
    ctx: &ReadContext,
) -> Judgement {
    let context = context_quantity(ctx.unit.as_deref());
    let tq = match t.quantity() {
        Some(Ok(q)) => q.with_context(context.as_ref()),
        other => {
            let unit = match other {
                Some(Err(unit)) => unit,
                _ => String::new(),
            };
            let reason = format!("预期值「{}」的单位「{unit}」无法读取", text.trim());
            return Judgement::new(comparator, "无法读取".into())
                .with(unscorable(reason), actual.map(str::to_string));
        }
    };
    let note = match (bare, comparator) {
        (false, _) => "",
        (true, Comparator::Eq) => "；未写比较符，按等于",
        (true, _) => "；未写比较符，按下限",
    };
    let j = Judgement::new(comparator, format!("{} {tq}{note}", comparator.symbol()));
    let Some(actual) = actual else {
        return j;
    };
    compare_actual(j, text.trim(), &tq, actual.trim(), context.as_ref())
}

fn compare_actual(
    j: Judgement,
    target: &str,
    tq: &Quantity,
    actual: &str,
    context: Option<&Quantity>,
) -> Judgement {
    let a = parse_actual(actual);
    let cannot = |why: String| unscorable(format!("实现值「{actual}」{why}，预期值「{target}」"));
    if a.exponent {
        let why = "是科学计数法，不是填报时书写数字的方式，无法读取".to_string();
        return j.with(cannot(why), Some("无法读取".into()));
    }
    if let Some(bound) = &a.bound {
        return restated(j, target, tq, bound, actual, context);
    }
    let Some(aq) = a.quantity() else {
        let why = "不是数值，无法与数量指标比较".to_string();
        return j.with(cannot(why), Some("无法读取".into()));
    };
    let aq = aq.with_context(context);
    let read = Some(aq.to_string());
    if let Err(why) = check_comparable(tq, &aq) {
        let reason = format!("预期值「{target}」与实现值「{actual}」{why}");
        return j.with(unscorable(reason), read);
    }
    let (Some(want), Some(got)) = (tq.value(), aq.value()) else {
        return j.with(cannot("数值过大".into()), read);
    };
    let comparator = j.comparator;
    let verdict = if meets(comparator, got, want) {
        Verdict::Met { restated: false }
    } else {
        let step = tq.step().min(aq.step());
        Verdict::Unmet {
            share: unmet_share(comparator, got, want, step).normalize(),
        }
    };
    let mut j = j.with(verdict, read);
    j.values = Some((want, got));
    j
}

/// An actual written as a bound (`≥266米`): met when its range lies inside the target's
/// (it repeats the target, or is stricter), else it says nothing about what was done.
fn restated(
    j: Judgement,
    target: &str,
    tq: &Quantity,
    bound: &Target,
    actual: &str,
    context: Option<&Quantity>,
) -> Judgement {
    let aq = match bound.quantity() {
        Some(Ok(q)) => q.with_context(context),
        _ => {
            let reason = format!("实现值「{actual}」写成期限或无法读取的范围，预期值「{target}」");
            return j.with(unscorable(reason), Some("无法读取".into()));
        }
    };
    let read = format!("{} {aq}（照抄预期值的写法）", bound.comparator.symbol());
    let implied = check_comparable(tq, &aq).is_ok()
        && match (tq.value(), aq.value()) {
            (Some(want), Some(got)) => bound_implies(bound.comparator, got, j.comparator, want),
            _ => false,
        };
    if implied {
        return j.with(Verdict::Met { restated: true }, Some(read));
    }
    let reason =
        format!("实现值「{actual}」是一个范围而不是完成数，不能说明是否达到预期值「{target}」");
    j.with(unscorable(reason), Some(read))
}
