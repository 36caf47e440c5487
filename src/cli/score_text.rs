//! `score`'s and `policy show`'s words in the command line's language (Chinese by default,
//! English with `--lang en` or an English locale), as `state` speaks: a scoring policy's
//! parameters, the score table's column names, the 预算执行率 row, the total and the labels of
//! the weight problems. The data (policy titles and sources, part names such as 产出指标,
//! grades 优/良/中/差, the library's reasons) stay as written.

use rust_decimal::Decimal;

use crate::i18n::{Lang, Msg};
use crate::levels::Part;
use crate::scoring::{BareTargetRule, Policy, RowRounding};

/// One line per parameter of `p`.
#[must_use]
pub fn policy_lines(p: &Policy) -> Vec<Msg> {
    // `预算执行率 10，产出指标 50` in Chinese, `预算执行率 10, 产出指标 50` in English.
    let weights = |m: Msg, pairs: Vec<(String, Decimal)>| -> Msg {
        let shown: Vec<String> = pairs
            .into_iter()
            .map(|(k, v)| format!("{k} {}", v.normalize()))
            .collect();
        m.arg("weights", shown.join("，"))
            .arg("weights_en", shown.join(", "))
    };
    let parts = Part::ALL
        .iter()
        .map(|part| (part.name().to_string(), p.weight(*part)))
        .collect();
    let bare = match p.bare_target {
        BareTargetRule::Floor => Msg::new("score-bare-floor"),
        BareTargetRule::Exact => Msg::new("score-bare-exact"),
    };
    let rounding = match p.row_rounding {
        RowRounding::Exact => Msg::new("score-rounding-exact"),
        RowRounding::Whole => Msg::new("score-rounding-whole"),
    };
    let mut bands: Vec<(&String, &Decimal)> = p.grade_bands.iter().collect();
    bands.sort_by(|a, b| b.1.cmp(a.1));
    let bands: Vec<String> = bands
        .into_iter()
        .map(|(g, v)| format!("{g}≥{}", v.normalize()))
        .collect();
    let mut lines = vec![
        Msg::new("score-policy-title")
            .arg("id", &p.id)
            .arg("title", &p.title),
        Msg::new("score-policy-source").arg("source", &p.source),
        weights(Msg::new("score-policy-weights"), parts),
        Msg::new("score-policy-bare").arg_msg("rule", bare),
        Msg::new("score-policy-le-unmet").arg("rule", &p.le_unmet),
        Msg::new("score-policy-rounding").arg_msg("rule", rounding),
        Msg::new("score-policy-far-over").arg("ratio", p.far_over_ratio.normalize()),
        Msg::new("score-policy-grades").arg("bands", bands.join(" ")),
    ];
    if !p.level2_weights.is_empty() {
        let l2 = p
            .level2_weights
            .iter()
            .map(|(k, v)| (k.clone(), *v))
            .collect();
        lines.push(weights(Msg::new("score-policy-level2"), l2));
    }
    lines
}

/// The score table's column names.
#[must_use]
pub fn columns(lang: Lang) -> Vec<String> {
    [
        Msg::new("score-col-indicator"),
        Msg::new("score-col-weight"),
        Msg::new("score-col-target"),
        Msg::new("score-col-actual"),
        Msg::new("score-col-target-read"),
        Msg::new("score-col-actual-read"),
        Msg::new("score-col-score"),
        Msg::new("score-col-why"),
    ]
    .iter()
    .map(|m| m.render(lang))
    .collect()
}

/// The label of a weight problem's line: `严重：…` when critical, else `注意：…`.
#[must_use]
pub fn problem(critical: bool, message: &str) -> Msg {
    match critical {
        true => Msg::new("score-critical"),
        false => Msg::new("score-warning"),
    }
    .arg("message", message)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every shipped policy's lines in both languages: Chinese labels in Chinese, English
    /// labels in English, the policy's own words (id, source) in both.
    #[test]
    fn a_policys_lines_speak_the_language_asked_for() {
        for p in crate::scoring::shipped() {
            let zh: Vec<String> = policy_lines(p).iter().map(|m| m.render(Lang::Zh)).collect();
            let en: Vec<String> = policy_lines(p)
                .iter()
                .map(|m| m.render(Lang::English))
                .collect();
            assert_eq!(zh.len(), en.len());
            for (label_zh, label_en) in [("依据：", "source: "), ("分值：", "weights: ")] {
                assert!(zh.iter().any(|l| l.starts_with(label_zh)), "{zh:?}");
                assert!(en.iter().any(|l| l.starts_with(label_en)), "{en:?}");
                assert!(!zh.iter().any(|l| l.contains(label_en)), "{zh:?}");
            }
            assert!(zh[0].contains(&p.id) && en[0].contains(&p.id));
        }
        assert_eq!(columns(Lang::Zh)[0], "指标");
        assert_eq!(columns(Lang::English)[0], "indicator");
    }
}
