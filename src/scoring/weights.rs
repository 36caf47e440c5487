//! Each row's 分值 under a policy (its own weight, a share of its 二级's points, or a share of
//! what its 一级 has left), the problems when the parts do not add up, and display rounding
//! that keeps a printed column adding up to its printed total. Pure.

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::Policy;
use crate::levels::{level2_key, part_of, Part};
use crate::money::ROUND_HALF_UP;
use crate::projection::state::ProjectState;

/// Weights of parts that do not add up. `critical` when the project's points as a whole are
/// not 100 (the total would be out of 100 on a wrong base); otherwise a part or a 二级 whose
/// rows' 分值 differ from its points.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq)]
pub struct WeightProblem {
    /// `total`, a part key (`output`), or `level2:数量指标`.
    pub scope: String,
    pub expected: Decimal,
    pub assigned: Decimal,
    pub critical: bool,
    pub message: String,
}

/// Every row's 分值 (in `state.indicators` order) and the problems found.
pub(super) fn allocate(
    state: &ProjectState,
    policy: &Policy,
) -> (Vec<Decimal>, Vec<WeightProblem>) {
    let mut out = vec![Decimal::ZERO; state.indicators.len()];
    let mut problems = Vec::new();
    for part in Part::INDICATOR_PARTS {
        let members: Vec<usize> = (0..state.indicators.len())
            .filter(|&i| {
                let ind = &state.indicators[i];
                part_of(&ind.level1, &ind.level2) == part
            })
            .collect();
        allocate_part(state, policy, part, &members, &mut out, &mut problems);
    }
    let total = policy.weight(Part::Execution) + out.iter().copied().sum::<Decimal>();
    if round4(total) != Decimal::from(100) {
        problems.push(WeightProblem {
            scope: "total".into(),
            expected: Decimal::from(100),
            assigned: round4(total),
            critical: true,
            message: format!(
                "各部分分值合计 {} 分（预算执行率 {} + 各三级指标 {}），不等于 100 分：总分不是百分制，不能据此定级",
                round4(total),
                policy.weight(Part::Execution).normalize(),
                round4(total - policy.weight(Part::Execution))
            ),
        });
    }
    (out, problems)
}

/// One 一级 part: 二级 with configured points share them; the other rows share what is left.
fn allocate_part(
    state: &ProjectState,
    policy: &Policy,
    part: Part,
    members: &[usize],
    out: &mut [Decimal],
    problems: &mut Vec<WeightProblem>,
) {
    let expected = policy.weight(part);
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for &i in members {
        groups
            .entry(level2_key(&state.indicators[i].level2))
            .or_default()
            .push(i);
    }
    let own = |i: usize| state.indicators[i].weight.map(|w| w.0);
    let mut left = expected;
    let mut open = Vec::new();
    for (key, rows) in &groups {
        match policy.level2_weights.get(key) {
            Some(&points) => {
                share(rows, points, &own, out);
                left -= points;
                let assigned: Decimal = rows.iter().map(|&i| out[i]).sum();
                if round4(assigned) != round4(points) {
                    problems.push(mismatch(format!("level2:{key}"), key, points, assigned));
                }
            }
            None => {
                left -= rows.iter().filter_map(|&i| own(i)).sum::<Decimal>();
                open.extend(rows.iter().copied().filter(|&i| own(i).is_none()));
                rows.iter()
                    .for_each(|&i| out[i] = own(i).unwrap_or_default());
            }
        }
    }
    spread(&open, left.max(Decimal::ZERO), out);
    let assigned: Decimal = members.iter().map(|&i| out[i]).sum();
    if members.is_empty() && expected > Decimal::ZERO {
        problems.push(WeightProblem {
            scope: part.key().into(),
            expected,
            assigned,
            critical: false,
            message: format!(
                "{name}分值 {} 分，但没有{name}：这部分分数无法取得",
                expected.normalize(),
                name = part.name()
            ),
        });
    } else if !members.is_empty() && expected.is_zero() && assigned.is_zero() {
        problems.push(WeightProblem {
            scope: part.key().into(),
            expected,
            assigned,
            critical: false,
            message: format!(
                "评分规则 {} 的{name}分值为 0 分：其 {} 个三级指标不计分",
                policy.id,
                members.len(),
                name = part.name()
            ),
        });
    } else if !members.is_empty() && round4(assigned) != round4(expected) {
        problems.push(mismatch(part.key().into(), part.name(), expected, assigned));
    }
}

/// Rows keep their own 分值; rows without one share what `points` has left, equally.
fn share(
    rows: &[usize],
    points: Decimal,
    own: &dyn Fn(usize) -> Option<Decimal>,
    out: &mut [Decimal],
) {
    let explicit: Decimal = rows.iter().filter_map(|&i| own(i)).sum();
    let open: Vec<usize> = rows.iter().copied().filter(|&i| own(i).is_none()).collect();
    rows.iter()
        .for_each(|&i| out[i] = own(i).unwrap_or_default());
    spread(&open, (points - explicit).max(Decimal::ZERO), out);
}

fn spread(open: &[usize], points: Decimal, out: &mut [Decimal]) {
    if open.is_empty() {
        return;
    }
    let each = points / Decimal::from(open.len());
    open.iter().for_each(|&i| out[i] = each);
}

fn mismatch(scope: String, name: &str, expected: Decimal, assigned: Decimal) -> WeightProblem {
    WeightProblem {
        scope,
        expected,
        assigned,
        critical: false,
        message: format!(
            "{name}各三级指标分值合计 {} 分，与其分值 {} 分不符",
            round4(assigned),
            expected.normalize()
        ),
    }
}

fn round4(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(4, ROUND_HALF_UP).normalize()
}

/// Rounds each value to `decimals` places so that the rounded values add up to their exact
/// sum rounded the same way (largest remainder: the values cut furthest by rounding down get
/// the last unit, earlier rows first on ties). Values are non-negative points: 9 rows of
/// 50/9 print as 5.56 ×5 and 5.55 ×4, adding up to 50.
#[must_use]
pub fn apportion(values: &[Decimal], decimals: u32) -> Vec<Decimal> {
    let unit = Decimal::new(1, decimals);
    let total = values
        .iter()
        .copied()
        .sum::<Decimal>()
        .round_dp_with_strategy(decimals, ROUND_HALF_UP);
    let mut shown: Vec<Decimal> = values
        .iter()
        .map(|v| v.round_dp_with_strategy(decimals, RoundingStrategy::ToZero))
        .collect();
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| {
        (values[b] - shown[b])
            .cmp(&(values[a] - shown[a]))
            .then(a.cmp(&b))
    });
    let mut missing = total - shown.iter().copied().sum::<Decimal>();
    for i in order {
        if missing < unit {
            break;
        }
        shown[i] += unit;
        missing -= unit;
    }
    shown.iter().map(Decimal::normalize).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn apportioned_columns_add_up_to_their_rounded_total() {
        let ninth = Decimal::from(50) / Decimal::from(9);
        let mut values = vec![Decimal::from(10)];
        values.extend(std::iter::repeat_n(ninth, 9));
        values.extend(std::iter::repeat_n(d("7.5"), 4));
        values.push(Decimal::from(10));
        let shown = apportion(&values, 2);
        assert_eq!(shown.iter().copied().sum::<Decimal>(), Decimal::from(100));
        assert_eq!(shown[1], d("5.56"));
        assert_eq!(shown[9], d("5.55"));
        for (rows, want) in [
            (vec!["1.005", "2.004"], vec!["1.01", "2"]),
            (
                vec!["0.333", "0.333", "0.334"],
                vec!["0.33", "0.33", "0.34"],
            ),
        ] {
            let v: Vec<Decimal> = rows.iter().map(|s| d(s)).collect();
            let w: Vec<Decimal> = want.iter().map(|s| d(s)).collect();
            assert_eq!(apportion(&v, 2), w, "{rows:?}");
        }
    }
}
