//! The report model: every figure computed from events under one view, with the keys of
//! DESIGN.md ("JSON report shape").

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::form::Form;
use super::integrity::Integrity;
use crate::event::hash::to_hex;
use crate::event::{Stored, Tier};
use crate::findings::{audit_signed, Finding};
use crate::money::{Yuan, ROUND_HALF_UP};
use crate::projection::signatures::{signing, SigningSummary};
use crate::projection::state::{Goal, Money, ProjectInfo, TargetChange};
use crate::projection::{fold, View};
use crate::scoring::{score, Policy};
use crate::value::Comparator;

/// Scores and ratios in the JSON keep this many decimals (四舍五入).
pub const REPORT_DECIMALS: u32 = 10;

#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq)]
pub struct Report {
    pub project: ProjectInfo,
    pub money: ReportMoney,
    pub goals: Vec<Goal>,
    pub indicators: Vec<ReportIndicator>,
    pub total_score: Decimal,
    pub grade: &'static str,
    pub claimed: Option<ReportClaim>,
    pub findings: Vec<Finding>,
    /// Who signed the project's events the report rests on, and whether the ledger required
    /// it (`projection::signatures`).
    pub signatures: SigningSummary,
    pub narrative: BTreeMap<String, String>,
    pub filled_on: Option<NaiveDate>,
    /// The 自评表 as printed (`Form::from_report`), so the JSON carries the form and the
    /// digest covers it.
    pub form: Form,
    pub integrity: Integrity,
}

/// The report's money: the project's as folded (`state --json` prints the same keys), and
/// the 预算执行率 row's points as scored.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq)]
pub struct ReportMoney {
    /// Budgets, arrivals, spending, ratios and the money block by fund, keys inline.
    #[serde(flatten)]
    pub figures: Money,
    pub execution_weight: Decimal,
    pub execution_score: Decimal,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq)]
pub struct ReportIndicator {
    pub id: String,
    pub level1: String,
    pub level2: String,
    pub name: String,
    pub target: String,
    pub original_target: String,
    pub target_history: Vec<TargetChange>,
    pub actual: Option<String>,
    pub note: Option<String>,
    pub comparator: Comparator,
    pub unit: Option<String>,
    pub weight: Decimal,
    pub score: Decimal,
    /// 分值 as printed (2 decimals, apportioned so the column adds up to the 总分 row's 分值).
    pub weight_shown: Decimal,
    /// 得分 as printed (2 decimals, 四舍五入; a full score prints its `weight_shown`).
    pub score_shown: Decimal,
    pub met: Option<bool>,
    pub why: String,
    pub tier: Option<Tier>,
    pub deviation: Option<String>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq)]
pub struct ReportClaim {
    pub score: String,
    pub grade: &'static str,
    pub spent: Option<Yuan>,
    pub execution_ratio: Option<String>,
    pub seq: u64,
    /// 填报人 / 联系电话 / 单位负责人 as the claim states them (absent when not stated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filled_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_head: Option<String>,
}

/// What a report is built from: the project, the view, and the head it stops at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    pub project: String,
    pub view: View,
    pub head_seq: u64,
}

fn fix(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(REPORT_DECIMALS, ROUND_HALF_UP)
        .normalize()
}

/// Builds the (unsealed) report from the project's events up to `params.head_seq` that the
/// view knows (the events it rests on; the last is `integrity.project_head_*`), and the
/// `_ledger` stream's events up to the head (`ledger_events`: actors, revocations, settings;
/// empty for a ledger that never had any), which the `signatures` block and the signing
/// findings are judged against. None if the project is not registered in the view.
pub fn build(
    params: &Params,
    events: &[Stored],
    ledger_events: &[Stored],
    integrity: Integrity,
) -> Option<Report> {
    let events: Vec<Stored> = events
        .iter()
        .filter(|s| s.env.seq <= params.head_seq && params.view.knows(s))
        .cloned()
        .collect();
    let state = fold(&params.project, &events, &params.view)?;
    let last = events.last()?;
    let card = score(&state);
    let signed = signing(&events, ledger_events, params.head_seq);
    let findings = audit_signed(&state, &card, &events, &signed);
    let money = ReportMoney {
        figures: state.money.clone(),
        execution_weight: fix(card.execution_weight),
        execution_score: fix(card.execution_score),
    };
    let indicators = state
        .indicators
        .iter()
        .zip(&card.lines)
        .map(|(i, l)| ReportIndicator {
            id: i.id.clone(),
            level1: i.level1.clone(),
            level2: i.level2.clone(),
            name: i.name.clone(),
            target: i.target.clone(),
            original_target: i.original_target.clone(),
            target_history: i.target_history.clone(),
            actual: i.actual.clone(),
            note: i.note.clone(),
            comparator: i.comparator,
            unit: i.unit.clone(),
            weight: fix(l.weight),
            score: fix(l.score),
            weight_shown: l.weight_shown,
            score_shown: l.score_shown,
            met: i.met,
            why: l.why.clone(),
            tier: i.tier,
            deviation: i.deviation.clone(),
        });
    let claimed = state.claimed.as_ref().map(|c| ReportClaim {
        score: c.score.to_string(),
        grade: c.grade.as_str(),
        spent: c.spent,
        execution_ratio: c.execution_ratio.map(|r| r.to_string()),
        seq: c.seq,
        filled_by: c.filled_by.clone(),
        phone: c.phone.clone(),
        unit_head: c.unit_head.clone(),
    });
    let mut report = Report {
        project: state.project.clone(),
        money,
        goals: state.goals.clone(),
        indicators: indicators.collect(),
        total_score: fix(card.total),
        grade: card.grade.as_str(),
        claimed,
        findings,
        signatures: signed.summary,
        narrative: state.narrative.clone(),
        filled_on: state
            .claimed
            .as_ref()
            .map(|c| c.filled_on.unwrap_or(c.effective)),
        integrity: Integrity {
            policy: card.policy.id.clone(),
            policy_params: card.policy.clone(),
            project_head_seq: last.env.seq,
            project_head_hash: to_hex(&last.hash),
            ..integrity
        },
        form: Form::empty(),
    };
    report.form = Form::from_report(&report);
    Some(report)
}

impl Report {
    /// The indicators by id (the first with an id, as a search in order would find it), so
    /// that a renderer walking the form's rows looks each up once.
    #[must_use]
    pub fn indicators_by_id(&self) -> std::collections::HashMap<&str, &ReportIndicator> {
        self.indicators
            .iter()
            .rev()
            .map(|i| (i.id.as_str(), i))
            .collect()
    }
}

/// The policy quoted in a report, for callers that need it apart.
pub fn policy_of(report: &Report) -> &Policy {
    &report.integrity.policy_params
}
