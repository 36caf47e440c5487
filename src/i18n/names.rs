//! Names in the users' words for what the library writes as identifiers: event types
//! (`funds.disbursed` → 支出), rule ids (`voucher-unique` → 凭证号在项目内唯一), and amounts
//! in words and figures (`1.08万元（10,800.00元）`). Messages in `cli.ftl`.

use super::Msg;
use crate::money::Yuan;

/// An event type's name in the users' words (`funds.disbursed` → 支出 / disbursement); an
/// unknown type as it is.
#[must_use]
pub fn type_label(kind: &str) -> Msg {
    match kind {
        "project.registered" => Msg::new("type-project-registered"),
        "project.withdrawn" => Msg::new("type-project-withdrawn"),
        "budget.allocated" => Msg::new("type-budget-allocated"),
        "budget.adjusted" => Msg::new("type-budget-adjusted"),
        "funds.arrived" => Msg::new("type-funds-arrived"),
        "funds.disbursed" => Msg::new("type-funds-disbursed"),
        "goal.set" => Msg::new("type-goal-set"),
        "goal.adjusted" => Msg::new("type-goal-adjusted"),
        "goal.withdrawn" => Msg::new("type-goal-withdrawn"),
        "goal.assessed" => Msg::new("type-goal-assessed"),
        "indicator.defined" => Msg::new("type-indicator-defined"),
        "indicator.target_adjusted" => Msg::new("type-indicator-target-adjusted"),
        "indicator.measured" => Msg::new("type-indicator-measured"),
        "indicator.assessed" => Msg::new("type-indicator-assessed"),
        "narrative.recorded" => Msg::new("type-narrative-recorded"),
        "scoring.configured" => Msg::new("type-scoring-configured"),
        "evaluation.claimed" => Msg::new("type-evaluation-claimed"),
        "event.corrected" => Msg::new("type-event-corrected"),
        "event.reversed" => Msg::new("type-event-reversed"),
        "actor.registered" => Msg::new("type-actor-registered"),
        "actor.revoked" => Msg::new("type-actor-revoked"),
        "ledger.configured" => Msg::new("type-ledger-configured"),
        other => Msg::raw(other),
    }
}

/// An event type inside a library message: its label in Chinese (支出), the type itself in
/// English (`funds.disbursed`, as the library wrote it), so that English text stays what the
/// library printed and Chinese text has no identifiers in it.
#[must_use]
pub fn type_in_text(kind: &str) -> Option<Msg> {
    let label = type_label(kind);
    (label.key != super::RAW).then(|| {
        Msg::new("type-in-text")
            .arg_msg("label", label)
            .arg("name", kind)
    })
}

/// A rule's name in the users' words, for every id of `ledger::rule_ids::ALL` (written out
/// here: messages sit below the ledger; a test holds the two lists together); None for an id
/// no rule emits.
#[must_use]
pub fn rule_name(id: &str) -> Option<Msg> {
    let key = match id {
        "project-registered-once" => "rule-name-project-registered-once",
        "unknown-project" => "rule-name-unknown-project",
        "replacement-ids" => "rule-name-replacement-ids",
        "indicator-defined" => "rule-name-indicator-defined",
        "indicator-unique" => "rule-name-indicator-unique",
        "goal-unique" => "rule-name-goal-unique",
        "goal-defined" => "rule-name-goal-defined",
        "goal-active" => "rule-name-goal-active",
        "target-form" => "rule-name-target-form",
        "target-exists" => "rule-name-target-exists",
        "target-not-correction" => "rule-name-target-not-correction",
        "target-not-reversed" => "rule-name-target-not-reversed",
        "replacement-type" => "rule-name-replacement-type",
        "registration-kept" => "rule-name-registration-kept",
        "spending-within-arrived" => "rule-name-spending-within-arrived",
        "spending-within-arrived-by-date" => "rule-name-spending-within-arrived-by-date",
        "arrived-within-budget" => "rule-name-arrived-within-budget",
        "amount-positive" => "rule-name-amount-positive",
        "known-policy" => "rule-name-known-policy",
        "level2-weight-name" => "rule-name-level2-weight-name",
        "tier-score" => "rule-name-tier-score",
        "tier-band" => "rule-name-tier-band",
        "project-withdrawn" => "rule-name-project-withdrawn",
        "withdraw-without-money" => "rule-name-withdraw-without-money",
        "voucher-unique" => "rule-name-voucher-unique",
        "weight-at-most-100" => "rule-name-weight-at-most-100",
        "score-at-most-100" => "rule-name-score-at-most-100",
        "import-key-unique" => "rule-name-import-key-unique",
        "narrative-section" => "rule-name-narrative-section",
        "indicators-per-project" => "rule-name-indicators-per-project",
        "goals-per-project" => "rule-name-goals-per-project",
        "sections-per-project" => "rule-name-sections-per-project",
        "text-no-control" => "rule-name-text-no-control",
        "no-duplicate-keys" => "rule-name-no-duplicate-keys",
        "recorded-in-order" => "rule-name-recorded-in-order",
        "signature-required" => "rule-name-signature-required",
        "signer-registered" => "rule-name-signer-registered",
        "signer-not-revoked" => "rule-name-signer-not-revoked",
        "signer-role" => "rule-name-signer-role",
        "signature-valid" => "rule-name-signature-valid",
        "statement-once" => "rule-name-statement-once",
        "ledger-stream" => "rule-name-ledger-stream",
        "actor-unique" => "rule-name-actor-unique",
        "actor-known" => "rule-name-actor-known",
        "actor-key" => "rule-name-actor-key",
        "roles-known" => "rule-name-roles-known",
        "signatures-need-format-2" => "rule-name-signatures-need-format-2",
        _ => return None,
    };
    Some(Msg {
        key,
        args: Vec::new(),
    })
}

/// An amount in words and exact figures, the one style of every message: `1.08万元（10,800.00元）`
/// (`1.08万元 (10,800.00元)` in English); an amount 万元 would show as 0 is given once, in 元
/// (`0.01元`).
#[must_use]
pub fn amount_words(y: Yuan) -> Msg {
    let shown = y.show_wan();
    match shown.unit {
        "万元" => Msg::new("amount-words")
            .arg("wan", shown)
            .arg("yuan", y.show_yuan()),
        _ => Msg::raw(shown),
    }
}

/// `amount_words` read back from its English form (`1.08万元 (10,800.00元)`), for amounts
/// inside library messages; None for other text.
#[must_use]
pub fn amount_words_from_english(text: &str) -> Option<Msg> {
    let (wan, yuan) = text.strip_suffix(')')?.split_once(" (")?;
    let figure = |t: &str, unit: &str| {
        t.strip_suffix(unit).is_some_and(|f| {
            !f.is_empty() && f.chars().all(|c| c.is_ascii_digit() || ",.−-".contains(c))
        })
    };
    (figure(wan, "万元") && figure(yuan, "元"))
        .then(|| Msg::new("amount-words").arg("wan", wan).arg("yuan", yuan))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn every_event_type_has_a_label_in_both_languages() {
        for kind in crate::event::TYPE_NAMES {
            let m = type_label(kind);
            assert_ne!(m.key, crate::i18n::RAW, "{kind}");
            assert_ne!(m.render(Lang::Zh), m.key);
            assert_ne!(m.render(Lang::English), m.key);
            let t = type_in_text(kind).expect("a known type");
            assert_eq!(t.render(Lang::English), *kind);
            assert_eq!(t.render(Lang::Zh), m.render(Lang::Zh));
        }
        assert!(type_in_text("funds.spent").is_none());
    }

    /// Every rule id the ledger emits has a name in both languages, and no two rules share
    /// one.
    #[test]
    fn every_rule_id_has_a_name_in_both_languages() {
        let mut names = Vec::new();
        for id in crate::ledger::rule_ids::ALL {
            let m = rule_name(id).unwrap_or_else(|| panic!("no name for rule {id}"));
            for lang in [Lang::Zh, Lang::English] {
                let text = m.render(lang);
                assert!(text != m.key && !text.is_empty(), "{id} ({lang:?})");
                names.push(text);
            }
        }
        let count = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), count, "two rules share a name");
        let mut ids = crate::ledger::rule_ids::ALL.to_vec();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), crate::ledger::rule_ids::ALL.len(), "an id twice");
        assert!(rule_name("no-such-rule").is_none());
    }

    /// Table: amount in, its words and figures out; and back from the English.
    #[test]
    fn amounts_in_words_and_figures() {
        let cases = [
            (
                "1.08万",
                "1.08万元（10,800.00元）",
                "1.08万元 (10,800.00元)",
            ),
            ("200", "0.02万元（200.00元）", "0.02万元 (200.00元)"),
            ("0.01", "0.01元", "0.01元"),
            ("0", "0万元（0.00元）", "0万元 (0.00元)"),
        ];
        for (amount, zh, en) in cases {
            let m = amount_words(Yuan::parse(amount).unwrap());
            assert_eq!(
                (
                    m.render(Lang::Zh).as_str(),
                    m.render(Lang::English).as_str()
                ),
                (zh, en)
            );
            if let Some(back) = amount_words_from_english(en) {
                assert_eq!(back.render(Lang::Zh), zh);
            }
        }
        assert!(amount_words_from_english("宣传周 (第二期)").is_none());
        assert!(amount_words_from_english("1万元").is_none());
    }
}
