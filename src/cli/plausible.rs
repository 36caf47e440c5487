//! Amounts typed without a unit that are implausible as 元: the clerk who types `budget
//! allocate P 200` on a project of millions meant 200万. Refused (exit 2, nothing written)
//! with a hint, unless `--confirm` is given. An amount written with a unit (`元`, `万`, `万元`,
//! `亿`) is never questioned; this is a check of what was typed at the command line, not a
//! rule of the ledger (import lines are data and are not questioned).
//!
//! The rule. A figure `x` typed without a unit is questioned when
//! - the project has a budget: for its 全年预算数 or its 年初预算数 `R` (after corrections),
//!   `x` read as 万 fits it (0.1·R ≤ x万 ≤ 10·R) while `x` in 元 is under a thousandth of it
//!   (x元 < R/1000): 200 on a 300万 project, not 200 on a 5,000元 one nor 80,000 on 300万;
//! - the project has no budget yet and the figure is a budget (`budget allocate`, `budget
//!   adjust`): it is under 1万元 (10,000元), and no 项目支出 budget is that small: the first
//!   allocation is the one that tells the scale, so it is the one that must not lose its 万.
//!
//! Zero is never questioned (`budget adjust P 0` cancels a project).

use rust_decimal::Decimal;

use super::Failure;
use crate::i18n::names::amount_words;
use crate::i18n::Msg;
use crate::money::Yuan;
use crate::projection::ProjectState;

/// Whether `text` names its unit (元, 万, 亿): then it is never questioned.
#[must_use]
pub fn has_unit(text: &str) -> bool {
    text.contains(['元', '万', '亿'])
}

/// What a bare figure stands for, which says what it is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// A budget (`budget allocate|adjust`, `correct --amount`): a first one under 1万元 is
    /// questioned too.
    Budget,
    /// Money arrived or spent (`funds arrive`, `spend`): compared with the budget.
    Money,
    /// The 全年执行数 a claim states (`claim --spent`, `correct --spent`): compared with the
    /// spending and arrivals the ledger holds first, then with the budget.
    Spent,
}

/// A figure of the project a bare figure is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference {
    /// 全年预算数.
    Budget,
    /// 年初预算数.
    Initial,
    /// 支出记录合计 (the ledger's 全年执行数).
    Spent,
    /// 到位资金.
    Arrived,
}

/// Why a bare figure is questioned: the reference it was compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doubt {
    /// Under a thousandth of this figure of the project, which it fits as 万.
    Against { reference: Reference, amount: Yuan },
    /// A first budget under 1万元.
    NoBudget,
}

/// The rule on one bare figure `x` (in 元) against the project's figures `refs`, in order
/// (zero when the project has none); `figure` says whether a first budget is questioned.
#[must_use]
pub fn doubt(x: Yuan, refs: &[(Reference, Yuan)], figure: Figure) -> Option<Doubt> {
    let x = x.decimal();
    if x.is_zero() {
        return None;
    }
    let as_wan = x * Decimal::from(10_000);
    let fits = |r: Yuan| {
        let r = r.decimal();
        !r.is_zero()
            && as_wan * Decimal::from(10) >= r
            && as_wan <= r * Decimal::from(10)
            && x * Decimal::from(1000) < r
    };
    if let Some(&(reference, amount)) = refs.iter().find(|(_, r)| fits(*r)) {
        return Some(Doubt::Against { reference, amount });
    }
    let no_budget = refs
        .iter()
        .filter(|(r, _)| matches!(r, Reference::Budget | Reference::Initial))
        .all(|(_, y)| y.is_zero());
    let first_budget = no_budget && figure == Figure::Budget;
    (first_budget && x < Decimal::from(10_000)).then_some(Doubt::NoBudget)
}

/// The project's figures a bare `figure` is compared with, in order.
fn references(state: Option<&ProjectState>, figure: Figure) -> Vec<(Reference, Yuan)> {
    let Some(m) = state.map(|s| &s.money) else {
        return Vec::new();
    };
    let budget = [
        (Reference::Budget, m.budget),
        (Reference::Initial, m.initial_budget),
    ];
    match figure {
        Figure::Spent => [(Reference::Spent, m.spent), (Reference::Arrived, m.arrived)]
            .into_iter()
            .chain(budget)
            .collect(),
        Figure::Budget | Figure::Money => budget.to_vec(),
    }
}

/// A figure typed for an option (`AMOUNT`, `--amount`, `--spent`), as typed.
#[derive(Debug, Clone)]
pub struct Typed {
    pub option: &'static str,
    pub text: String,
    pub figure: Figure,
}

/// Refuses the first bare figure of `typed` the rule questions, naming the option, the value,
/// the reference and the hint; `confirm` records them as typed.
///
/// # Errors
/// Exit 2 with `是否应为 200万？若确为 200元，请加 --confirm`.
pub fn check(
    state: Option<&ProjectState>,
    project: &str,
    typed: &[Typed],
    confirm: bool,
) -> Result<(), Failure> {
    if confirm {
        return Ok(());
    }
    for t in typed.iter().filter(|t| !has_unit(&t.text)) {
        let Ok(x) = Yuan::parse(&t.text) else {
            continue;
        };
        let Some(d) = doubt(x, &references(state, t.figure), t.figure) else {
            continue;
        };
        let reason = match d {
            Doubt::Against { reference, amount } => match reference {
                Reference::Budget => Msg::new("implausible-budget"),
                Reference::Initial => Msg::new("implausible-initial"),
                Reference::Spent => Msg::new("implausible-spent"),
                Reference::Arrived => Msg::new("implausible-arrived"),
            }
            .arg("project", project)
            .arg_msg("reference", amount_words(amount)),
            Doubt::NoBudget => Msg::new("implausible-no-budget").arg("project", project),
        };
        return Err(Failure::input(
            Msg::new("implausible-amount")
                .arg("option", t.option)
                .arg("value", t.text.trim())
                .arg("yuan", x.show_yuan())
                .arg_msg("reason", reason),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Table: typed figure, what it stands for, the project's 全年预算数, 年初预算数,
    /// 支出记录合计 and 到位资金 → questioned?
    #[test]
    fn the_rule_on_bare_figures() {
        use Figure::{Budget as B, Money as M, Spent as S};
        let y = |s: &str| Yuan::parse(s).unwrap();
        let cases: &[(&str, Figure, [&str; 4], bool)] = &[
            ("200", M, ["300万", "300万", "0", "0"], true),
            ("200", B, ["101.35万", "341万", "0", "0"], true),
            ("35.6", M, ["101.35万", "341万", "0", "0"], true),
            ("200", B, ["0", "0", "0", "0"], true),
            ("9999.99", B, ["0", "0", "0", "0"], true),
            ("10000", B, ["0", "0", "0", "0"], false),
            ("200", M, ["0", "0", "0", "0"], false),
            ("80000", M, ["300万", "300万", "0", "0"], false),
            ("200", M, ["5000", "5000", "0", "0"], false),
            ("3000", M, ["3000万", "3000万", "0", "0"], true),
            ("0", B, ["300万", "300万", "0", "0"], false),
            ("2", M, ["300万", "300万", "0", "0"], false),
            ("3000", B, ["300万", "300万", "0", "0"], false),
            // A claim's 全年执行数: 4.35 meant as 4.35万 on a 300万 project that spent 3.6万.
            ("4.35", S, ["300万", "300万", "3.6万", "4万"], true),
            ("4.35", M, ["300万", "300万", "3.6万", "4万"], false),
            ("4.35", S, ["300万", "300万", "0", "4万"], true),
            ("43500", S, ["300万", "300万", "3.6万", "4万"], false),
            (
                "101.35",
                S,
                ["101.35万", "341万", "101.35万", "101.35万"],
                true,
            ),
            ("200", S, ["0", "0", "0", "0"], false),
        ];
        for (x, figure, [budget, initial, spent, arrived], questioned) in cases {
            let refs: Vec<(Reference, Yuan)> = [
                (Reference::Spent, y(spent)),
                (Reference::Arrived, y(arrived)),
                (Reference::Budget, y(budget)),
                (Reference::Initial, y(initial)),
            ]
            .into_iter()
            .filter(|(r, _)| *figure == S || matches!(r, Reference::Budget | Reference::Initial))
            .collect();
            let got = doubt(y(x), &refs, *figure).is_some();
            assert_eq!(
                got, *questioned,
                "{x} ({figure:?}) on {budget}/{initial}/{spent}/{arrived}"
            );
        }
    }

    #[test]
    fn figures_with_a_unit_are_never_questioned() {
        let typed = |text: &str| Typed {
            option: "AMOUNT",
            text: text.into(),
            figure: Figure::Budget,
        };
        assert!(check(None, "p", &[typed("200元")], false).is_ok());
        assert!(check(None, "p", &[typed("0.02万")], false).is_ok());
        let refused = check(None, "p", &[typed("200")], false).unwrap_err();
        let zh = refused.msg.render(crate::i18n::Lang::Zh);
        assert!(
            zh.contains("是否应为 200万？若确为 200元，请加 --confirm"),
            "{zh}"
        );
        assert!(check(None, "p", &[typed("200")], true).is_ok());
    }
}
