//! The echo of an event that is not about money, in the command line's language: in Chinese
//! the ledger's own one-line description (`event::describe`, as `log` and `history` print
//! it), in English the same fields in English words (`goal set g1: …`, `indicator assessed
//! i1: achieved`), so that no Chinese word with an English message is left in English output.
//! The Chinese message of each id is `{ $zh }`; the English one composes the other arguments.

use crate::event::describe::describe;
use crate::event::{EventData, Tier};
use crate::i18n::Msg;

/// The echo of `data` after its type `label`, for the events `echo::what` does not word
/// itself (money, corrections, reversals, claims: those fall back to the description).
#[must_use]
pub fn described(data: &EventData, label: Msg) -> Msg {
    use EventData as E;
    let m = match data {
        E::ProjectRegistered(d) => Msg::new("echo-text-project-registered")
            .arg("name", &d.name)
            .arg("department", &d.department)
            .arg("year", d.year),
        E::ProjectWithdrawn(d) => Msg::new("echo-text-reason").arg("reason", &d.reason),
        E::GoalSet(d) => Msg::new("echo-text-item")
            .arg("id", &d.id)
            .arg("text", &d.text),
        E::GoalAdjusted(d) => Msg::new("echo-text-item-reason")
            .arg("id", &d.id)
            .arg("text", &d.text)
            .arg("reason", &d.reason),
        E::GoalWithdrawn(d) => Msg::new("echo-text-id-reason")
            .arg("id", &d.id)
            .arg("reason", &d.reason),
        E::GoalAssessed(d) => Msg::new("echo-text-item")
            .arg("id", &d.id)
            .arg("text", &d.achieved),
        E::IndicatorDefined(d) => Msg::new("echo-text-indicator-defined")
            .arg("id", &d.id)
            .arg("path", format!("{}/{}/{}", d.level1, d.level2, d.name))
            .arg("target", &d.target),
        E::IndicatorTargetAdjusted(d) => Msg::new("echo-text-target-adjusted")
            .arg("id", &d.id)
            .arg("target", &d.target)
            .arg("reason", &d.reason),
        E::IndicatorMeasured(d) => Msg::new("echo-text-measured")
            .arg("id", &d.id)
            .arg("actual", &d.actual),
        E::IndicatorAssessed(d) => Msg::new("echo-text-assessed")
            .arg("id", &d.id)
            .arg_msg("tier", tier(d.tier)),
        E::NarrativeRecorded(d) => Msg::new("echo-text-narrative")
            .arg("section", &d.section)
            .arg("chars", d.text.chars().count()),
        E::ScoringConfigured(d) => {
            Msg::new("echo-text-scoring").arg("policy", d.policy.as_deref().unwrap_or("cz-2020-10"))
        }
        E::ActorRegistered(d) => Msg::new("echo-text-actor-registered")
            .arg("id", &d.id)
            .arg("role", d.role.as_str())
            .arg("department", d.department.as_deref().unwrap_or("—")),
        E::ActorRevoked(d) => Msg::new("echo-text-id-reason")
            .arg("id", &d.id)
            .arg("reason", &d.reason),
        E::LedgerConfigured(d) => Msg::new("echo-text-ledger-configured").arg("roles", &d.roles),
        _ => {
            return Msg::new("echo-event")
                .arg_msg("type", label)
                .arg("text", describe(data))
        }
    };
    m.arg_msg("type", label).arg("zh", describe(data))
}

fn tier(t: Tier) -> Msg {
    match t {
        Tier::Achieved => Msg::new("tier-achieved"),
        Tier::Partial => Msg::new("tier-partial"),
        Tier::NotAchieved => Msg::new("tier-not-achieved"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::names::type_label;
    use crate::i18n::Lang;

    /// Every non-money event type: Chinese is the ledger's description; English has no Han
    /// character but those of the data itself.
    #[test]
    fn each_non_money_echo_is_the_description_in_chinese_and_english_words_in_english() {
        let data = |kind: &str, json: serde_json::Value| {
            EventData::parse(kind, &json.to_string()).unwrap()
        };
        let key = crate::trust::keys::SigningKey::from_seed("a", [1; 32])
            .unwrap()
            .note_key()
            .encode();
        let cases = [
            data(
                "project.registered",
                serde_json::json!({"name": "P", "department": "D", "year": 2024}),
            ),
            data("project.withdrawn", serde_json::json!({"reason": "r"})),
            data("goal.set", serde_json::json!({"id": "g1", "text": "t"})),
            data(
                "goal.adjusted",
                serde_json::json!({"id": "g1", "text": "t", "reason": "r"}),
            ),
            data(
                "goal.withdrawn",
                serde_json::json!({"id": "g1", "reason": "r"}),
            ),
            data(
                "goal.assessed",
                serde_json::json!({"id": "g1", "achieved": "a"}),
            ),
            data(
                "indicator.defined",
                serde_json::json!({"id": "i1", "level1": "产出指标", "level2": "数量指标", "name": "n", "target": "≥8"}),
            ),
            data(
                "indicator.target_adjusted",
                serde_json::json!({"id": "i1", "target": "≥9", "reason": "r"}),
            ),
            data(
                "indicator.measured",
                serde_json::json!({"id": "i1", "actual": "9"}),
            ),
            data(
                "indicator.assessed",
                serde_json::json!({"id": "i1", "tier": "部分达成"}),
            ),
            data(
                "narrative.recorded",
                serde_json::json!({"section": "background", "text": "abc"}),
            ),
            data(
                "scoring.configured",
                serde_json::json!({"policy": "sichuan-10-90"}),
            ),
            data(
                "actor.registered",
                serde_json::json!({"id": "a", "role": "clerk", "key": key}),
            ),
            data(
                "actor.revoked",
                serde_json::json!({"id": "a", "reason": "r"}),
            ),
            data(
                "ledger.configured",
                serde_json::json!({"signatures": "required", "roles": "roles-2026"}),
            ),
        ];
        for d in cases {
            let m = described(&d, type_label(d.type_name()));
            assert_eq!(m.render(Lang::Zh), describe(&d), "{}", d.type_name());
            let en = m.render(Lang::English);
            let han: String = en
                .chars()
                .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
                .collect();
            assert!(
                han.is_empty() || han == "产出指标数量指标",
                "{}: {en}",
                d.type_name()
            );
        }
    }
}
