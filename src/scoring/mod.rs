//! Scoring policies: pure functions of a project's state. `cz-2020-10` is the 财预〔2020〕10号
//! 单位自评 form: 预算执行率 10, 产出 50, 效益 30, 满意度 10.

mod rules;

pub use rules::{bare_target, grade_for, indicator_score, read_context};

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::event::Grade;
use crate::money::ROUND_HALF_UP;
use crate::projection::state::{ratio, ProjectState, ScoringSettings};
use crate::value::Judgement;

pub const DEFAULT_POLICY: &str = "cz-2020-10";

/// The parameters of a policy as applied to one project; quoted in every report.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq)]
pub struct Policy {
    pub id: String,
    /// Points per part: execution, output, benefit, satisfaction, cost.
    pub weights: BTreeMap<String, Decimal>,
    /// How an unmet `le` target scores: target / actual × weight.
    pub le_unmet: &'static str,
    /// A `ge` actual at or above this multiple of its target is a finding (target too low).
    pub far_over_ratio: Decimal,
    /// Lower bounds (inclusive) of 优 / 良 / 中, applied to the total rounded to 2 decimals.
    pub grade_bands: BTreeMap<String, Decimal>,
}

impl Policy {
    /// The policy configured for the project (`scoring.configured`), defaults otherwise.
    pub fn for_state(state: &ProjectState) -> Policy {
        Policy::new(&state.scoring)
    }

    pub fn new(settings: &ScoringSettings) -> Policy {
        let mut weights: BTreeMap<String, Decimal> = [
            ("execution", 10),
            ("output", 50),
            ("benefit", 30),
            ("satisfaction", 10),
            ("cost", 0),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), Decimal::from(v)))
        .collect();
        if let Some(w) = &settings.weights {
            // A configured weight table is complete: parts it does not name carry no points.
            weights.values_mut().for_each(|v| *v = Decimal::ZERO);
            for (k, v) in [
                ("execution", w.execution),
                ("output", w.output),
                ("benefit", w.benefit),
                ("satisfaction", w.satisfaction),
                ("cost", w.cost),
            ] {
                if let Some(v) = v {
                    weights.insert(k.to_string(), v.0);
                }
            }
        }
        let grade_bands = [("优", 90), ("良", 80), ("中", 60)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), Decimal::from(v)))
            .collect();
        Policy {
            id: settings
                .policy
                .clone()
                .unwrap_or_else(|| DEFAULT_POLICY.to_string()),
            weights,
            le_unmet: "target_over_actual",
            far_over_ratio: Decimal::new(13, 1),
            grade_bands,
        }
    }

    fn weight(&self, part: &str) -> Decimal {
        self.weights.get(part).copied().unwrap_or_default()
    }
}

/// The 一级 an indicator belongs to, as a policy part.
pub fn part_of(level1: &str) -> &'static str {
    match level1 {
        "产出指标" => "output",
        "效益指标" => "benefit",
        "满意度指标" => "satisfaction",
        _ => "cost",
    }
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq)]
pub struct Line {
    pub id: String,
    pub weight: Decimal,
    pub score: Decimal,
    pub why: String,
    /// How the target and actual were read, and the verdict (`value::judge`).
    pub reading: Judgement,
}

/// 一级 weights that do not add up: explicit weights above the part, or a part left empty.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq)]
pub struct WeightProblem {
    pub part: String,
    pub expected: Decimal,
    pub assigned: Decimal,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq)]
pub struct Scorecard {
    pub policy: Policy,
    pub execution_ratio: Option<Decimal>,
    pub execution_weight: Decimal,
    pub execution_score: Decimal,
    pub lines: Vec<Line>,
    pub total: Decimal,
    pub grade: Grade,
    pub weight_problems: Vec<WeightProblem>,
}

/// Scores a project under its policy. Weight problems are reported, never fatal.
pub fn score(state: &ProjectState) -> Scorecard {
    let policy = Policy::for_state(state);
    let (weights, weight_problems) = allocate_weights(state, &policy);
    let execution_ratio = ratio(state.money.spent, state.money.budget);
    let execution_weight = policy.weight("execution");
    let execution_score =
        execution_ratio.map_or(Decimal::ZERO, |r| r.min(Decimal::ONE) * execution_weight);
    let scored: Vec<(Decimal, Decimal, String, Judgement)> = state
        .indicators
        .iter()
        .zip(weights)
        .map(|(ind, weight)| {
            let (score, why, reading) = indicator_score(ind, weight, &read_context(state, ind));
            (weight, score, why, reading)
        })
        .collect();
    // The total sums the exact scores; only what is shown is tidied.
    let total = tidy(execution_score + scored.iter().map(|(_, s, _, _)| *s).sum::<Decimal>());
    let lines = state
        .indicators
        .iter()
        .zip(scored)
        .map(|(ind, (weight, score, why, reading))| Line {
            id: ind.id.clone(),
            weight: tidy(weight),
            score: tidy(score),
            why,
            reading,
        })
        .collect();
    let grade = grade_for(total);
    Scorecard {
        policy,
        execution_ratio,
        execution_weight,
        execution_score: tidy(execution_score),
        lines,
        total,
        grade,
        weight_problems,
    }
}

/// Each indicator's 分值: its own weight, or an equal split of what its 一级 has left.
fn allocate_weights(state: &ProjectState, policy: &Policy) -> (Vec<Decimal>, Vec<WeightProblem>) {
    let mut problems = Vec::new();
    let mut out = vec![Decimal::ZERO; state.indicators.len()];
    for part in ["output", "benefit", "satisfaction", "cost"] {
        let members: Vec<usize> = (0..state.indicators.len())
            .filter(|&i| part_of(&state.indicators[i].level1) == part)
            .collect();
        let expected = policy.weight(part);
        let explicit: Decimal = members
            .iter()
            .filter_map(|&i| state.indicators[i].weight.map(|w| w.0))
            .sum();
        let open: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| state.indicators[i].weight.is_none())
            .collect();
        let share = if open.is_empty() {
            Decimal::ZERO
        } else {
            ((expected - explicit).max(Decimal::ZERO)) / Decimal::from(open.len())
        };
        for &i in &members {
            out[i] = state.indicators[i].weight.map_or(share, |w| w.0);
        }
        let assigned: Decimal = members.iter().map(|&i| out[i]).sum();
        if let Some(message) = weight_message(part, expected, assigned, members.len()) {
            problems.push(WeightProblem {
                part: part.to_string(),
                expected,
                assigned,
                message,
            });
        }
    }
    (out, problems)
}

fn weight_message(
    part: &str,
    expected: Decimal,
    assigned: Decimal,
    members: usize,
) -> Option<String> {
    let name = part_name(part);
    if members == 0 && expected > Decimal::ZERO {
        return Some(format!(
            "{name}分值 {expected} 分，但没有{name}：这部分分数无法取得"
        ));
    }
    let round = |d: Decimal| d.round_dp_with_strategy(4, ROUND_HALF_UP).normalize();
    (members > 0 && round(assigned) != round(expected)).then(|| {
        format!(
            "{name}各三级指标分值合计 {} 分，与一级分值 {expected} 分不符",
            round(assigned)
        )
    })
}

pub fn part_name(part: &str) -> &'static str {
    match part {
        "execution" => "预算执行率",
        "output" => "产出指标",
        "benefit" => "效益指标",
        "satisfaction" => "满意度指标",
        _ => "成本指标",
    }
}

/// Scores keep ten decimals (四舍五入) and no trailing zeros: exact enough for any sum of
/// equal splits, and readable in JSON.
pub fn tidy(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(10, ROUND_HALF_UP).normalize()
}

/// A score as the forms print it: two decimals, 四舍五入, trailing zeros trimmed.
pub fn show(d: Decimal) -> String {
    d.round_dp_with_strategy(2, ROUND_HALF_UP)
        .normalize()
        .to_string()
}
