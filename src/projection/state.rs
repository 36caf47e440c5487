//! The state of one project: budget, funds, spending, goals, indicators, narrative and the
//! unit's claim, as the events a view can see fold into it (`fold.rs`), and the ratios.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;

use super::funds::ByFund;
use crate::event::{Grade, Period, Tier, Weights};
use crate::fund::Fund;
use crate::money::{Balance, Yuan, ROUND_HALF_UP};
use crate::number::Num;
use crate::value::Comparator;

/// Ratios keep ten decimals (四舍五入); reports round again only when they print.
pub const RATIO_DECIMALS: u32 = 10;

#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq)]
pub struct ProjectState {
    pub project: ProjectInfo,
    pub money: Money,
    pub goals: Vec<Goal>,
    pub indicators: Vec<Indicator>,
    pub narrative: BTreeMap<String, String>,
    pub scoring: ScoringSettings,
    pub claimed: Option<Claim>,
    /// The seqs this state rests on (known under the view), ascending.
    pub seqs: Vec<u64>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq, Default)]
pub struct ProjectInfo {
    pub id: String,
    pub name: String,
    pub department: String,
    pub year: u32,
    pub unit: Option<String>,
    pub competent_department: Option<String>,
    pub fund_nature: Option<String>,
    pub period_start: Option<String>,
    pub period_end: Option<String>,
    pub basis: Vec<String>,
    pub contents: Option<String>,
    pub seq: u64,
    /// 已撤销登记: the standing `project.withdrawn`, if any. A withdrawn project keeps its
    /// state and history but is left out of portfolios and their totals.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<Withdrawal>,
}

impl ProjectInfo {
    /// The project's period: `period_start..=period_end`, each defaulting to its year's
    /// first and last day (as the append rules read it, `event::Period`).
    pub fn period(&self) -> Option<Period> {
        let year = i32::try_from(self.year).ok()?;
        let day = |text: &Option<String>, month, d| match text {
            Some(t) => crate::time::parse_date(t).ok(),
            None => NaiveDate::from_ymd_opt(year, month, d),
        };
        Some(Period {
            start: day(&self.period_start, 1, 1)?,
            end: day(&self.period_end, 12, 31)?,
        })
    }
}

/// A project withdrawn as registered in error.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq)]
pub struct Withdrawal {
    pub seq: u64,
    pub effective: NaiveDate,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq, Default)]
pub struct Money {
    /// 年初预算数 of the whole (see `Money::allocate`).
    pub initial_budget: Yuan,
    /// 全年预算数 of the whole, after adjustments.
    pub budget: Yuan,
    pub arrived: Yuan,
    pub spent: Yuan,
    /// 结余 = arrived − spent, negative when more was spent than had arrived by the view's
    /// date (possible in ledgers recorded before spending was held to its own date).
    pub balance: Balance,
    pub arrival_ratio: Option<Decimal>,
    pub execution_ratio: Option<Decimal>,
    pub execution_ratio_initial: Option<Decimal>,
    pub allocations: Vec<Movement>,
    pub adjustments: Vec<Adjustment>,
    pub arrivals: Vec<Movement>,
    pub disbursements: Vec<Disbursement>,
    pub by_category: BTreeMap<String, Yuan>,
    /// The official money block: 年度资金总额 and one row per fund source.
    pub by_fund: ByFund,
}

/// A budget allocation or an arrival of funds.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq)]
pub struct Movement {
    pub seq: u64,
    pub effective: NaiveDate,
    pub amount: Yuan,
    /// The fund it counts under: its `fund`, or inferred from `source` (`Fund::resolve`).
    pub fund: Fund,
    pub source: Option<String>,
    pub doc: Option<String>,
    pub corrected_by: Option<u64>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq)]
pub struct Adjustment {
    pub seq: u64,
    pub effective: NaiveDate,
    pub recorded_at: String,
    /// The fund adjusted; None: the whole budget. `from` and `to` are that fund's (or the
    /// whole's) 全年预算数 before and after.
    pub fund: Option<Fund>,
    pub from: Yuan,
    pub to: Yuan,
    pub authority: Option<String>,
    pub reason: String,
    pub doc: Option<String>,
    pub corrected_by: Option<u64>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq)]
pub struct Disbursement {
    pub seq: u64,
    pub effective: NaiveDate,
    pub amount: Yuan,
    /// The fund spent from (当年财政拨款 unless the event says otherwise).
    pub fund: Fund,
    pub purpose: String,
    pub category: Option<String>,
    pub payee: Option<String>,
    pub voucher: Option<String>,
    pub corrected_by: Option<u64>,
}

#[derive(Debug, Clone, Copy, Serialize, schemars::JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum GoalStatus {
    Active,
    Adjusted,
    Withdrawn,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq)]
pub struct Goal {
    pub id: String,
    pub text: String,
    pub status: GoalStatus,
    pub original_text: String,
    pub reason: Option<String>,
    pub changed_on: Option<NaiveDate>,
    /// 实际完成情况 as last stated (`goal.assessed`); absent when never stated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub achieved: Option<String>,
    pub seqs: Vec<u64>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq)]
pub struct TargetChange {
    pub seq: u64,
    pub effective: NaiveDate,
    pub recorded_at: String,
    pub from: String,
    pub to: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq)]
pub struct Indicator {
    pub id: String,
    pub level1: String,
    pub level2: String,
    pub name: String,
    pub target: String,
    pub original_target: String,
    pub target_history: Vec<TargetChange>,
    /// The comparator applied: the one stated, or what a bare target means under the scoring
    /// policy (see `stated_comparator`).
    pub comparator: Comparator,
    /// The comparator the definition states, in its event's `comparator` field or its text
    /// (`≥`, `以上`); None for a bare target (`95%`), whose meaning the scoring policy decides
    /// (`value::BareTarget`), and for a definition whose text cannot be read.
    pub stated_comparator: Option<Comparator>,
    pub unit: Option<String>,
    pub weight: Option<Num>,
    pub actual: Option<String>,
    pub note: Option<String>,
    pub tier: Option<Tier>,
    pub score_ratio: Option<Num>,
    pub deviation: Option<String>,
    pub met: Option<bool>,
    pub defined_seq: u64,
    pub measured_seq: Option<u64>,
    pub assessed_seq: Option<u64>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq, Default)]
pub struct ScoringSettings {
    pub policy: Option<String>,
    pub weights: Option<Weights>,
    /// 分值 per 二级 as configured (二级 name as written → points).
    pub level2_weights: BTreeMap<String, Num>,
    pub seq: Option<u64>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq)]
pub struct Claim {
    pub score: Num,
    pub grade: Grade,
    pub spent: Option<Yuan>,
    pub execution_ratio: Option<Num>,
    pub seq: u64,
    pub effective: NaiveDate,
    pub recorded_at: DateTime<Utc>,
    /// 填报人 / 联系电话 / 单位负责人 / 填报日期 as the claim states them (absent: not stated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filled_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_head: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filled_on: Option<NaiveDate>,
}

/// `part / whole`, None when the whole is zero.
pub fn ratio(part: Yuan, whole: Yuan) -> Option<Decimal> {
    if whole.is_zero() {
        return None;
    }
    Some(
        (part.decimal() / whole.decimal())
            .round_dp_with_strategy(RATIO_DECIMALS, ROUND_HALF_UP)
            .normalize(),
    )
}

/// A ratio as a percentage with two decimals (四舍五入): 0.2972140 → "29.72%".
pub fn percent(r: Option<Decimal>) -> String {
    match r {
        None => "—".into(),
        Some(r) => format!(
            "{}%",
            (r * Decimal::from(100))
                .round_dp_with_strategy(2, ROUND_HALF_UP)
                .normalize()
        ),
    }
}
