//! The state of one project: budget, funds, spending, goals, indicators, narrative and the
//! unit's claim, folded from the events a view can see.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;

use super::funds::ByFund;
use super::indicator::{is_met, judge_indicator};
use super::{select, Applied, View};
use crate::event::{
    indicator_comparator, stated_comparator, EventData, Grade, Period, Stored, Tier, Weights,
};
use crate::fund::{is_supplementary, Fund};
use crate::money::{Balance, Yuan, ROUND_HALF_UP};
use crate::number::Num;
use crate::time::format_instant;
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

/// Folds a project's events under a view. None if the registration is not visible.
pub fn fold(project: &str, events: &[Stored], view: &View) -> Option<ProjectState> {
    let mut state = ProjectState::empty(project);
    let mut registered = false;
    for a in select(events, view) {
        registered |= matches!(a.data.as_ref(), EventData::ProjectRegistered(_));
        state.take(a);
    }
    state.seqs = events
        .iter()
        .filter(|s| view.knows(s))
        .map(|s| s.env.seq)
        .collect();
    state.finish();
    registered.then_some(state)
}

impl ProjectState {
    pub(super) fn empty(project: &str) -> ProjectState {
        ProjectState {
            project: ProjectInfo {
                id: project.to_string(),
                ..Default::default()
            },
            money: Money::default(),
            goals: Vec::new(),
            indicators: Vec::new(),
            narrative: BTreeMap::new(),
            scoring: ScoringSettings::default(),
            claimed: None,
            seqs: Vec::new(),
        }
    }

    /// Folds one event in, taking its data: strings move into the state, not copied.
    pub(super) fn take(&mut self, a: Applied) {
        let at = At {
            seq: a.seq,
            effective: a.effective,
            recorded_at: a.recorded_at,
            corrected_by: a.corrected_by,
        };
        match a.data.into_owned() {
            EventData::ProjectRegistered(d) => {
                self.project = ProjectInfo {
                    id: std::mem::take(&mut self.project.id),
                    name: d.name,
                    department: d.department,
                    year: d.year,
                    unit: d.unit,
                    competent_department: d.competent_department,
                    fund_nature: d.fund_nature,
                    period_start: d.period_start.map(|p| p.to_string()),
                    period_end: d.period_end.map(|p| p.to_string()),
                    basis: d.basis.unwrap_or_default(),
                    contents: d.contents,
                    seq: at.seq,
                    withdrawn: None,
                }
            }
            EventData::ProjectWithdrawn(d) => {
                self.project.withdrawn = Some(Withdrawal {
                    seq: at.seq,
                    effective: at.effective,
                    reason: d.reason,
                })
            }
            data @ (EventData::BudgetAllocated(_)
            | EventData::BudgetAdjusted(_)
            | EventData::FundsArrived(_)
            | EventData::FundsDisbursed(_)) => self.money.take(&at, data),
            data @ (EventData::GoalSet(_)
            | EventData::GoalAdjusted(_)
            | EventData::GoalWithdrawn(_)
            | EventData::GoalAssessed(_)) => self.take_goal(&at, data),
            data @ (EventData::IndicatorDefined(_)
            | EventData::IndicatorTargetAdjusted(_)
            | EventData::IndicatorMeasured(_)
            | EventData::IndicatorAssessed(_)) => self.take_indicator(&at, data),
            EventData::NarrativeRecorded(d) => {
                self.narrative
                    .insert(crate::sections::key_of(&d.section), d.text);
            }
            EventData::ScoringConfigured(d) => {
                self.scoring = ScoringSettings {
                    policy: d.policy,
                    weights: d.weights,
                    level2_weights: d.level2_weights.unwrap_or_default(),
                    seq: Some(at.seq),
                }
            }
            EventData::EvaluationClaimed(d) => {
                self.claimed = Some(Claim {
                    score: d.score,
                    grade: d.grade,
                    spent: d.spent,
                    execution_ratio: d.execution_ratio,
                    seq: at.seq,
                    effective: at.effective,
                    recorded_at: at.recorded_at,
                    filled_by: d.filled_by,
                    phone: d.phone,
                    unit_head: d.unit_head,
                    filled_on: d.filled_on.map(|d| d.0),
                })
            }
            EventData::EventCorrected(_) | EventData::EventReversed(_) => {}
        }
    }

    fn take_goal(&mut self, at: &At, data: EventData) {
        let find = |goals: &mut Vec<Goal>, id: &str| goals.iter_mut().position(|g| g.id == id);
        match data {
            EventData::GoalSet(d) => self.goals.push(Goal {
                id: d.id.to_string(),
                original_text: d.text.clone(),
                text: d.text,
                status: GoalStatus::Active,
                reason: None,
                changed_on: None,
                achieved: None,
                seqs: vec![at.seq],
            }),
            EventData::GoalAdjusted(d) => {
                if let Some(i) = find(&mut self.goals, d.id.as_str()) {
                    let g = &mut self.goals[i];
                    (g.text, g.status, g.reason, g.changed_on) = (
                        d.text,
                        GoalStatus::Adjusted,
                        Some(d.reason),
                        Some(at.effective),
                    );
                    g.seqs.push(at.seq);
                }
            }
            EventData::GoalWithdrawn(d) => {
                if let Some(i) = find(&mut self.goals, d.id.as_str()) {
                    let g = &mut self.goals[i];
                    (g.status, g.reason, g.changed_on) =
                        (GoalStatus::Withdrawn, Some(d.reason), Some(at.effective));
                    g.seqs.push(at.seq);
                }
            }
            EventData::GoalAssessed(d) => {
                if let Some(i) = find(&mut self.goals, d.id.as_str()) {
                    let g = &mut self.goals[i];
                    g.achieved = Some(d.achieved);
                    g.seqs.push(at.seq);
                }
            }
            _ => {}
        }
    }

    fn take_indicator(&mut self, at: &At, data: EventData) {
        if let EventData::IndicatorDefined(d) = data {
            let comparator = indicator_comparator(&d).unwrap_or(Comparator::Qualitative);
            let stated_comparator = stated_comparator(&d);
            self.indicators.push(Indicator {
                id: d.id.to_string(),
                level1: d.level1,
                level2: d.level2,
                name: d.name,
                original_target: d.target.clone(),
                target: d.target,
                target_history: Vec::new(),
                comparator,
                stated_comparator,
                unit: d.unit,
                weight: d.weight,
                actual: None,
                note: None,
                tier: None,
                score_ratio: None,
                deviation: None,
                met: None,
                defined_seq: at.seq,
                measured_seq: None,
                assessed_seq: None,
            });
            return;
        }
        let id = match &data {
            EventData::IndicatorTargetAdjusted(d) => d.id.as_str(),
            EventData::IndicatorMeasured(d) => d.id.as_str(),
            EventData::IndicatorAssessed(d) => d.id.as_str(),
            _ => return,
        };
        let Some(ind) = self.indicators.iter_mut().find(|i| i.id == id) else {
            return;
        };
        match data {
            EventData::IndicatorTargetAdjusted(d) => {
                let from = std::mem::replace(&mut ind.target, d.target.clone());
                ind.target_history.push(TargetChange {
                    seq: at.seq,
                    effective: at.effective,
                    recorded_at: format_instant(at.recorded_at),
                    from,
                    to: d.target,
                    reason: d.reason,
                });
            }
            EventData::IndicatorMeasured(d) => {
                (ind.actual, ind.note, ind.measured_seq) = (Some(d.actual), d.note, Some(at.seq))
            }
            EventData::IndicatorAssessed(d) => {
                (ind.tier, ind.score_ratio, ind.deviation, ind.assessed_seq) =
                    (Some(d.tier), d.score_ratio, d.deviation, Some(at.seq))
            }
            _ => {}
        }
    }

    /// Derived figures, computed once every event is in.
    pub(super) fn finish(&mut self) {
        let m = &mut self.money;
        m.by_fund.finish();
        m.balance = Balance::of(m.arrived, m.spent);
        m.arrival_ratio = ratio(m.arrived, m.budget);
        m.execution_ratio = ratio(m.spent, m.budget);
        m.execution_ratio_initial = ratio(m.spent, m.initial_budget);
        let contexts: Vec<_> = (self.indicators.iter())
            .map(|ind| crate::scoring::read_context(self, ind))
            .collect();
        for (ind, ctx) in self.indicators.iter_mut().zip(contexts) {
            let judgement = judge_indicator(ind, &ctx);
            ind.met = is_met(&judgement.verdict, ind.tier);
            ind.comparator = judgement.comparator;
        }
    }
}

/// Where an event sits, for what a fold records beside its data.
pub(super) struct At {
    seq: u64,
    effective: NaiveDate,
    recorded_at: DateTime<Utc>,
    corrected_by: Option<u64>,
}

impl Money {
    fn take(&mut self, at: &At, data: EventData) {
        let movement = |amount: Yuan, fund: Option<Fund>, source: Option<String>, doc| Movement {
            seq: at.seq,
            effective: at.effective,
            amount,
            fund: Fund::resolve(fund, source.as_deref()),
            source,
            doc,
            corrected_by: at.corrected_by,
        };
        match data {
            EventData::BudgetAllocated(d) => {
                let m = movement(d.amount, d.fund, d.source, d.doc);
                self.allocate(&m);
                self.allocations.push(m);
            }
            EventData::BudgetAdjusted(d) => {
                let from = match d.fund {
                    Some(f) => self.by_fund.row(f).budget,
                    None => self.budget,
                };
                self.adjustments.push(Adjustment {
                    seq: at.seq,
                    effective: at.effective,
                    recorded_at: format_instant(at.recorded_at),
                    fund: d.fund,
                    from,
                    to: d.amount,
                    authority: d.authority,
                    reason: d.reason,
                    doc: d.doc,
                    corrected_by: at.corrected_by,
                });
                self.by_fund.adjust(d.fund, d.amount);
                self.budget = self.by_fund.budget();
            }
            EventData::FundsArrived(d) => {
                let m = movement(d.amount, d.fund, d.source, d.doc);
                self.arrived = self.arrived + d.amount;
                self.by_fund.arrive(m.fund, d.amount);
                self.arrivals.push(m);
            }
            EventData::FundsDisbursed(d) => {
                let fund = d.fund.unwrap_or(Fund::Current);
                self.spent = self.spent + d.amount;
                self.by_fund.spend(fund, d.amount);
                let category = d.category.as_deref().unwrap_or("未分类");
                match self.by_category.get_mut(category) {
                    Some(sum) => *sum = *sum + d.amount,
                    None => {
                        self.by_category.insert(category.to_string(), d.amount);
                    }
                }
                self.disbursements.push(Disbursement {
                    seq: at.seq,
                    effective: at.effective,
                    amount: d.amount,
                    fund,
                    purpose: d.purpose,
                    category: d.category,
                    payee: d.payee,
                    voucher: d.voucher,
                    corrected_by: at.corrected_by,
                });
            }
            _ => {}
        }
    }
}

impl Money {
    /// An allocation adds to its fund's 全年预算数 and, unless its `source` marks money added
    /// during the year (追加, 追加预算, 调增: `fund::is_supplementary`), to 年初预算数 — whatever
    /// its fund, as the official form counts everything budgeted at the start of the year,
    /// carry-over included (DOMAIN.md "Fund sources": 935万 年初预算 + 50万 上年结转 = 985万).
    fn allocate(&mut self, m: &Movement) {
        let initial = !is_supplementary(m.source.as_deref());
        if initial {
            self.initial_budget = self.initial_budget + m.amount;
        }
        self.by_fund.allocate(m.fund, m.amount, initial);
        self.budget = self.by_fund.budget();
    }
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
