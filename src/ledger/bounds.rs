//! Bounds that no 自评表 contains: the 总分 is out of 100 points (财预〔2020〕10号), so neither a
//! weight (分值) nor a claimed score (自评得分) can exceed 100. A figure above that is a typo
//! (`1000` for `100`), and scoring it would print a 总分 of 1000 优.

use super::{rule_ids, Violation};
use crate::event::EventData;
use crate::i18n::Msg;
use crate::number::Num;

/// The most points any weight or score can have.
pub const MAX_POINTS: u32 = 100;

/// Refuses a weight or a claimed score above `MAX_POINTS`, naming the field and the rule.
pub fn check_points(data: &EventData) -> Result<(), Violation> {
    match data {
        EventData::IndicatorDefined(d) => {
            at_most(rule_ids::WEIGHT_AT_MOST_100, "data.weight", d.weight)
        }
        EventData::ScoringConfigured(d) => {
            d.level2_weights.iter().flatten().try_for_each(|(_, v)| {
                at_most(
                    rule_ids::WEIGHT_AT_MOST_100,
                    "data.level2_weights",
                    Some(*v),
                )
            })?;
            let Some(w) = &d.weights else {
                return Ok(());
            };
            [
                ("data.weights.execution", w.execution),
                ("data.weights.output", w.output),
                ("data.weights.benefit", w.benefit),
                ("data.weights.satisfaction", w.satisfaction),
                ("data.weights.cost", w.cost),
            ]
            .into_iter()
            .try_for_each(|(field, v)| at_most(rule_ids::WEIGHT_AT_MOST_100, field, v))
        }
        EventData::EvaluationClaimed(d) => {
            at_most(rule_ids::SCORE_AT_MOST_100, "data.score", Some(d.score))
        }
        _ => Ok(()),
    }
}

fn at_most(rule: &'static str, field: &'static str, value: Option<Num>) -> Result<(), Violation> {
    match value {
        Some(v) if v.0 > MAX_POINTS.into() => Err(super::rules::violation(
            rule,
            field,
            Msg::new("rule-points-at-most")
                .arg("field", field)
                .arg("value", v)
                .arg("max", MAX_POINTS),
        )),
        _ => Ok(()),
    }
}
