//! Audit findings in the users' language. The library writes each finding's message in
//! Chinese (`findings::audit`; the JSON report keeps that text), and the command line shows it
//! in the language asked for: the Chinese is read back through the templates of its code
//! (`findings.ftl`, zh-CN: the very words `findings.rs` writes, with the figures as
//! arguments) and rendered again, in English from `findings.ftl` (en). As for the library's
//! English errors (`translate`), a reading is kept only when it renders back to the very same
//! Chinese; a message no template reads is shown as it is.
//!
//! Nested text the library writes in Chinese only (why a row cannot be scored, a fund's name,
//! 一级/二级 names) stays Chinese inside the English sentence.

use std::sync::OnceLock;

use super::translate::{literal_len, matches, parse_templates, Template};
use super::{Lang, Msg, SOURCES};

/// Every finding code the library emits (`findings.rs`; the weight codes come from
/// `scoring::weights` through it).
pub const CODES: &[&str] = &[
    "CLAIM-MISSING",
    "CLAIM-MATCHES",
    "CLAIM-SCORE",
    "CLAIM-SPENT",
    "CLAIM-EXECUTION",
    "PROJECT-WITHDRAWN",
    "SPENT-OUTSIDE-PERIOD",
    "SPENT-ABOVE-ARRIVED",
    "SPENT-ABOVE-BUDGET",
    "FUNDS-SHORT",
    "ARRIVED-ABOVE-BUDGET",
    "BUDGET-CUT",
    "BUDGET-ADJUSTED",
    "TARGET-LOWERED",
    "TARGET-ADJUSTED",
    "GOAL-WITHDRAWN",
    "GOAL-ADJUSTED",
    "MEASUREMENT-MISSING",
    "ASSESSMENT-MISSING",
    "TARGET-FAR-EXCEEDED",
    "INDICATOR-UNSCORABLE",
    "ACTUAL-RESTATES-TARGET",
    "WEIGHTS-NOT-100",
    "WEIGHTS-MISMATCH",
    "BACKDATED",
    "RECORDED-AFTER-CLAIM",
    "UNSIGNED-EVENT",
    "WRONG-ROLE",
];

/// The Chinese templates, the most specific first.
fn templates() -> &'static [Template] {
    static CELL: OnceLock<Vec<Template>> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut all: Vec<Template> = parse_templates(SOURCES[0].1[4])
            .into_iter()
            .filter(|t| t.key.starts_with("finding-"))
            .collect();
        all.sort_by_key(|t| std::cmp::Reverse(literal_len(t)));
        all
    })
}

/// The message family of a code: `finding-funds-short`; codes written alike share one
/// (`BUDGET-CUT` is written as `BUDGET-ADJUSTED`, `TARGET-LOWERED` as `TARGET-ADJUSTED`).
fn family(code: &str) -> String {
    let code = match code {
        "BUDGET-CUT" => "BUDGET-ADJUSTED",
        "TARGET-LOWERED" => "TARGET-ADJUSTED",
        other => other,
    };
    format!("finding-{}", code.to_ascii_lowercase())
}

/// A finding's Chinese message as a message with its figures as arguments, read through the
/// templates of `code` (a family and its `--variants`); `raw` when none reads it exactly.
#[must_use]
pub fn message(code: &str, chinese: &str) -> Msg {
    let family = family(code);
    let ours = templates().iter().filter(|t| {
        t.key == family
            || t.key
                .strip_prefix(family.as_str())
                .is_some_and(|rest| rest.starts_with("--"))
    });
    for t in ours {
        let mut captured = Vec::new();
        if !matches(&t.segs, chinese, &mut captured) {
            continue;
        }
        let msg = captured
            .into_iter()
            .fold(Msg::new(t.key), |m, (name, value)| m.arg(name, value));
        if msg.render(Lang::Zh) == chinese {
            return msg;
        }
    }
    Msg::raw(chinese)
}

/// The message in `lang`: the library's Chinese as it is, or read back and rendered.
#[must_use]
pub fn render(code: &str, chinese: &str, lang: Lang) -> String {
    match lang {
        Lang::Zh => chinese.to_string(),
        Lang::English => message(code, chinese).render(Lang::English),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::translate::Seg;

    /// Every code has a family, and every template reads back as itself: filled with sample
    /// values and rendered in Chinese, it gives the same message, whose English differs.
    #[test]
    fn every_code_has_templates_that_read_back_as_themselves() {
        for code in CODES {
            let family = family(code);
            assert!(
                templates().iter().any(|t| t.key == family),
                "no template {family} for {code}"
            );
        }
        for t in templates() {
            let msg = t
                .segs
                .iter()
                .enumerate()
                .fold(Msg::new(t.key), |m, (i, s)| match s {
                    Seg::Var(name) => m.arg(name, format!("v{i}")),
                    Seg::Lit(_) => m,
                });
            let chinese = msg.render(Lang::Zh);
            let code = t
                .key
                .trim_start_matches("finding-")
                .split("--")
                .next()
                .unwrap_or_default()
                .to_ascii_uppercase();
            let back = message(&code, &chinese);
            assert_eq!(back.key, t.key, "{chinese}");
            assert_ne!(back.render(Lang::English), chinese);
        }
    }

    /// Every finding code written in `findings/` and `scoring/weights.rs` is in `CODES`.
    #[test]
    fn every_code_the_library_writes_is_known() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut written = Vec::new();
        for file in [
            "findings/mod.rs",
            "findings/signing.rs",
            "scoring/weights.rs",
        ] {
            let text = std::fs::read_to_string(root.join(file)).expect("a source file");
            for piece in text.split('"').skip(1).step_by(2) {
                let code = piece.len() > 3
                    && piece
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
                if code {
                    written.push(piece.to_string());
                }
            }
        }
        assert!(written.len() > 20, "{written:?}");
        for code in &written {
            assert!(CODES.contains(&code.as_str()), "{code} is not in CODES");
        }
    }

    /// Table: a finding's Chinese in, its English out.
    #[test]
    fn findings_in_english() {
        let cases = [
            (
                "FUNDS-SHORT",
                "到位资金 4万元 低于全年预算数 5万元 (到位率 80%)",
                "funds arrived 4万元 fall short of the current budget (全年预算数) 5万元 (arrival rate 80%)",
            ),
            (
                "BUDGET-CUT",
                "全年预算由 341万元 调整为 101.35万元 (未注明调整机关，2023-06-01生效，理由: 压减)；按调整前预算计算的执行率为 29.72%",
                "the current budget was adjusted from 341万元 to 101.35万元 (no authority given, effective 2023-06-01, reason: 压减); the execution rate against the budget before adjustments is 29.72%",
            ),
            (
                "WEIGHTS-MISMATCH",
                "产出指标分值 50 分，但没有产出指标：这部分分数无法取得",
                "产出指标 has 50 points but the project has no 产出指标: those points cannot be earned",
            ),
            (
                "WRONG-ROLE",
                "序号 5 的 budget.adjusted 由 zj-scjg/ip-office（经办）签名，而角色规则 roles-2026 只允许财政记录此类型",
                "seq 5 (budget.adjusted) was signed by zj-scjg/ip-office (经办), but role policy roles-2026 lets only 财政 record that type",
            ),
            (
                "WRONG-ROLE",
                "序号 9 的 funds.disbursed 由 old-clerk 签名，而该签名者已于序号 7 注销",
                "seq 9 (funds.disbursed) was signed by old-clerk, who was revoked at seq 7",
            ),
            (
                "UNSIGNED-EVENT",
                "账本自序号 6 起要求签名，本项目有 2 个事件没有签名，其中 2 个记录于要求签名之前",
                "the ledger requires signatures since seq 6, but 2 events of the project carry no signature, 2 of them recorded before that",
            ),
            ("CLAIM-MISSING", "没有模板的文字", "没有模板的文字"),
        ];
        for (code, chinese, english) in cases {
            assert_eq!(render(code, chinese, Lang::English), english);
            assert_eq!(render(code, chinese, Lang::Zh), chinese);
        }
    }
}
