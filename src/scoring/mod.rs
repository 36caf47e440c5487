//! Scoring: pure functions of a project's state under a policy (`policy.rs`, data in
//! `policies/`). The default, `cz-2020-10`, is the 财预〔2020〕10号 单位自评 form: 预算执行率 10,
//! 产出 50, 效益 30, 满意度 10.

mod policy;
mod rules;
mod weights;

pub use policy::{known_ids, named, shipped, BareTargetRule, Policy, RowRounding, DEFAULT_POLICY};
pub use rules::{bare_target, grade_for, indicator_score, read_context};
pub use weights::{apportion, WeightProblem};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::event::Grade;
use crate::levels::{part_of, Part};
use crate::money::ROUND_HALF_UP;
use crate::projection::state::{ratio, ProjectState};
use crate::value::Judgement;

/// One indicator row's score.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq)]
pub struct Line {
    pub id: String,
    /// The part (一级, normalised) the row counts toward.
    pub part: Part,
    /// 分值, exact (10 decimals, 四舍五入).
    pub weight: Decimal,
    /// 得分, exact (10 decimals), after the policy's row rounding.
    pub score: Decimal,
    /// 分值 as printed: 2 decimals, apportioned so the printed column adds up to the 总分 row.
    pub weight_shown: Decimal,
    /// 得分 as printed: 2 decimals (四舍五入); a row scored in full prints its `weight_shown`.
    pub score_shown: Decimal,
    pub why: String,
    /// How the target and actual were read, and the verdict (`value::judge`).
    pub reading: Judgement,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq)]
pub struct Scorecard {
    pub policy: Policy,
    pub execution_ratio: Option<Decimal>,
    pub execution_weight: Decimal,
    pub execution_score: Decimal,
    pub lines: Vec<Line>,
    /// 预算执行率's points plus every row's 分值 (100 when the parts add up).
    pub weight_total: Decimal,
    pub total: Decimal,
    pub grade: Grade,
    pub weight_problems: Vec<WeightProblem>,
}

/// Scores a project under its policy. Weight problems are reported, never fatal.
#[must_use]
pub fn score(state: &ProjectState) -> Scorecard {
    let policy = Policy::new(&state.scoring);
    let (weights, weight_problems) = weights::allocate(state, &policy);
    let execution_ratio = ratio(state.money.spent, state.money.budget);
    let execution_weight = policy.weight(Part::Execution);
    let execution_score = policy.round_row(
        execution_ratio.map_or(Decimal::ZERO, |r| r.min(Decimal::ONE) * execution_weight),
    );
    let scored: Vec<(Decimal, String, Judgement)> = state
        .indicators
        .iter()
        .zip(&weights)
        .map(|(ind, &weight)| {
            let (score, why, reading) = indicator_score(ind, weight, &read_context(state, ind));
            (policy.round_row(score), why, reading)
        })
        .collect();
    // The total sums the exact scores; only what is shown is tidied.
    let total = tidy(execution_score + scored.iter().map(|(s, _, _)| *s).sum::<Decimal>());
    let weight_total = tidy(execution_weight + weights.iter().copied().sum::<Decimal>());
    let mut column = vec![execution_weight];
    column.extend(weights.iter().copied());
    let shown = apportion(&column, 2);
    let lines = state
        .indicators
        .iter()
        .zip(weights.iter().zip(scored))
        .zip(shown.into_iter().skip(1))
        .map(
            |((ind, (&weight, (score, why, reading))), weight_shown)| Line {
                id: ind.id.clone(),
                part: part_of(&ind.level1, &ind.level2),
                weight: tidy(weight),
                score: tidy(score),
                weight_shown,
                score_shown: if score == weight {
                    weight_shown
                } else {
                    rounded(score)
                },
                why,
                reading,
            },
        )
        .collect();
    Scorecard {
        grade: policy.grade(total),
        policy,
        execution_ratio,
        execution_weight,
        execution_score: tidy(execution_score),
        lines,
        weight_total,
        total,
        weight_problems,
    }
}

impl Policy {
    /// 等级 for a total under this policy's bands: the total as printed (2 decimals, 四舍五入)
    /// against each band's inclusive lower bound; below every band is 差.
    #[must_use]
    pub fn grade(&self, total: Decimal) -> Grade {
        let shown = rounded(total);
        [Grade::Excellent, Grade::Good, Grade::Fair]
            .into_iter()
            .find(|g| {
                self.grade_bands
                    .get(g.as_str())
                    .is_some_and(|lo| shown >= *lo)
            })
            .unwrap_or(Grade::Poor)
    }
}

/// The name of a part key (`output` → 产出指标); `预算执行率` for `execution`.
#[must_use]
pub fn part_name(key: &str) -> &'static str {
    Part::ALL
        .into_iter()
        .find(|p| p.key() == key)
        .map_or("其他", Part::name)
}

/// Scores keep ten decimals (四舍五入) and no trailing zeros: exact enough for any sum of
/// equal splits, and readable in JSON.
#[must_use]
pub fn tidy(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(10, ROUND_HALF_UP).normalize()
}

fn rounded(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, ROUND_HALF_UP).normalize()
}

/// A score as the forms print it: two decimals, 四舍五入, trailing zeros trimmed.
#[must_use]
pub fn show(d: Decimal) -> String {
    rounded(d).to_string()
}
