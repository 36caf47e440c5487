//! Scoring policies as versioned data: one JSON file per policy in `policies/`, compiled into
//! the binary and listed by `jixiao policy list|show`. Pure: no file is read at run time.
//!
//! A policy says how many points each part carries (预算执行率, 产出, 效益, 满意度, 成本), what a
//! target written without a comparator means, how an unmet `≤` target scores, how row scores
//! are rounded, and the grade bands (DESIGN.md, "Scoring policies"; DOMAIN.md, "Local policies").

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::levels::Part;
use crate::projection::state::ScoringSettings;

/// The policy a project is scored under unless `scoring.configured` names another.
pub const DEFAULT_POLICY: &str = "cz-2020-10";

/// Every shipped policy's file, in the order `policy list` prints them.
const POLICY_FILES: [&str; 5] = [
    include_str!("policies/cz-2020-10.json"),
    include_str!("policies/cz-2020-10-exact.json"),
    include_str!("policies/cz-2020-10-whole.json"),
    include_str!("policies/sichuan-10-90.json"),
    include_str!("policies/hubei-20-40-30-10.json"),
];

/// What a target written without a comparator (`95%`, `8家`) means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum BareTargetRule {
    /// A floor (`≥`): a rate target of 95% is met by 100% (the default).
    Floor,
    /// Exactly the value (`=`).
    Exact,
}

/// How each row's score is rounded before the rows are added up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RowRounding {
    /// Exact scores; only the printed total is rounded (四舍五入, 2 decimals).
    Exact,
    /// Each row rounded to whole points, 四舍五入 (8.62 → 9).
    Whole,
}

/// The parameters of a policy as applied to one project; quoted in every report's integrity
/// block so a score can be reproduced. Weights are points (分).
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    pub id: String,
    /// What the policy is, in words (Chinese).
    pub title: String,
    /// The document or form the policy follows.
    pub source: String,
    /// Points per part: `execution`, `output`, `benefit`, `satisfaction`, `cost`.
    pub weights: BTreeMap<String, Decimal>,
    /// Points per 二级 (normalised name → points) configured for the project; empty by default.
    #[serde(default)]
    pub level2_weights: BTreeMap<String, Decimal>,
    pub bare_target: BareTargetRule,
    /// How an unmet `≤` target scores: `target_over_actual` (target / actual × 分值).
    pub le_unmet: String,
    pub row_rounding: RowRounding,
    /// A `≥` actual at or above this multiple of its target is a finding (target too low).
    pub far_over_ratio: Decimal,
    /// Lower bounds (inclusive) of 优 / 良 / 中, applied to the total rounded to 2 decimals.
    pub grade_bands: BTreeMap<String, Decimal>,
}

/// Every shipped policy, parsed once.
///
/// # Panics
/// Never for the shipped files: a test parses each (a broken file is a programmer error).
#[must_use]
pub fn shipped() -> &'static [Policy] {
    static POLICIES: std::sync::OnceLock<Vec<Policy>> = std::sync::OnceLock::new();
    POLICIES.get_or_init(|| {
        POLICY_FILES
            .iter()
            .map(|text| serde_json::from_str(text).expect("invariant: shipped policy files parse"))
            .collect()
    })
}

/// The shipped policy of that id.
#[must_use]
pub fn named(id: &str) -> Option<Policy> {
    shipped().iter().find(|p| p.id == id).cloned()
}

/// The ids of the shipped policies, for messages (`cz-2020-10, sichuan-10-90, …`).
#[must_use]
pub fn known_ids() -> Vec<String> {
    shipped().iter().map(|p| p.id.clone()).collect()
}

/// What a bare target means under the policy of that id (the default policy's rule when the
/// id is unknown, which the append rules refuse).
#[must_use]
pub fn bare_rule(id: Option<&str>) -> BareTargetRule {
    let id = id.unwrap_or(DEFAULT_POLICY);
    shipped()
        .iter()
        .find(|p| p.id == id)
        .map_or(BareTargetRule::Floor, |p| p.bare_target)
}

impl Policy {
    /// The project's policy: the one `scoring.configured` names (the default otherwise), with
    /// the parts the configuration names overriding the policy's points. Parts it leaves
    /// unnamed keep the policy's points.
    #[must_use]
    pub fn new(settings: &ScoringSettings) -> Policy {
        let id = settings.policy.as_deref().unwrap_or(DEFAULT_POLICY);
        let mut policy = named(id)
            .or_else(|| named(DEFAULT_POLICY))
            .expect("invariant: the default policy ships");
        if let Some(w) = &settings.weights {
            for (part, v) in [
                (Part::Execution, w.execution),
                (Part::Output, w.output),
                (Part::Benefit, w.benefit),
                (Part::Satisfaction, w.satisfaction),
                (Part::Cost, w.cost),
            ] {
                if let Some(v) = v {
                    policy.weights.insert(part.key().to_string(), v.0);
                }
            }
        }
        policy.level2_weights = settings
            .level2_weights
            .iter()
            .map(|(k, v)| (crate::levels::level2_key(k), v.0))
            .collect();
        policy
    }

    /// The points a part carries (0 when the policy does not name it).
    #[must_use]
    pub fn weight(&self, part: Part) -> Decimal {
        self.weights.get(part.key()).copied().unwrap_or_default()
    }

    /// The sum of every part's points (100 in every shipped policy).
    #[must_use]
    pub fn total_weight(&self) -> Decimal {
        Part::ALL.iter().map(|p| self.weight(*p)).sum()
    }

    /// A row score as the policy keeps it: exact, or whole points (四舍五入).
    #[must_use]
    pub fn round_row(&self, score: Decimal) -> Decimal {
        match self.row_rounding {
            RowRounding::Exact => score,
            RowRounding::Whole => score.round_dp_with_strategy(0, crate::money::ROUND_HALF_UP),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_policy_parses_and_adds_up_to_100() {
        let policies = shipped();
        assert_eq!(policies.len(), POLICY_FILES.len());
        for p in policies {
            assert_eq!(p.total_weight(), Decimal::from(100), "{}", p.id);
            assert_eq!(named(&p.id).as_ref(), Some(p));
        }
        assert!(named(DEFAULT_POLICY).is_some());
    }

    #[test]
    fn a_partial_configuration_keeps_the_other_parts() {
        let settings = ScoringSettings {
            weights: Some(crate::event::Weights {
                output: Some(crate::number::Num(Decimal::from(90))),
                ..Default::default()
            }),
            ..Default::default()
        };
        let p = Policy::new(&settings);
        assert_eq!(p.weight(Part::Output), Decimal::from(90));
        assert_eq!(p.weight(Part::Benefit), Decimal::from(30));
        assert_eq!(p.total_weight(), Decimal::from(140));
    }
}
