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
use crate::i18n::Msg;
use crate::money::Yuan;
use crate::projection::ProjectState;

/// Whether `text` names its unit (元, 万, 亿): then it is never questioned.
#[must_use]
pub fn has_unit(text: &str) -> bool {
    text.contains(['元', '万', '亿'])
}

/// Why a bare figure is questioned: the reference it was compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doubt {
    /// Under a thousandth of this budget figure (全年预算数 or 年初预算数), which it fits as 万.
    Budget { initial: bool, reference: Yuan },
    /// A first budget under 1万元.
    NoBudget,
}

/// The rule on one bare figure `x` (in 元): `budget` and `initial` are the project's
/// 全年预算数 and 年初预算数 (zero when none); `is_budget` when `x` is itself a budget.
#[must_use]
pub fn doubt(x: Yuan, budget: Yuan, initial: Yuan, is_budget: bool) -> Option<Doubt> {
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
    if fits(budget) {
        return Some(Doubt::Budget {
            initial: false,
            reference: budget,
        });
    }
    if fits(initial) {
        return Some(Doubt::Budget {
            initial: true,
            reference: initial,
        });
    }
    let no_budget = budget.is_zero() && initial.is_zero();
    (no_budget && is_budget && x < Decimal::from(10_000)).then_some(Doubt::NoBudget)
}

/// A figure typed for an option (`AMOUNT`, `--amount`, `--spent`), as typed.
#[derive(Debug, Clone)]
pub struct Typed {
    pub option: &'static str,
    pub text: String,
    pub is_budget: bool,
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
    let (budget, initial) = state.map_or((Yuan::ZERO, Yuan::ZERO), |s| {
        (s.money.budget, s.money.initial_budget)
    });
    for t in typed.iter().filter(|t| !has_unit(&t.text)) {
        let Ok(x) = Yuan::parse(&t.text) else {
            continue;
        };
        let Some(d) = doubt(x, budget, initial, t.is_budget) else {
            continue;
        };
        let reason = match d {
            Doubt::Budget { initial, reference } => match initial {
                true => Msg::new("implausible-initial"),
                false => Msg::new("implausible-budget"),
            }
            .arg("project", project)
            .arg("reference", reference.show_wan()),
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

    /// Table: typed figure, 全年预算数, 年初预算数, is a budget → questioned?
    #[test]
    fn the_rule_on_bare_figures() {
        let y = |s: &str| Yuan::parse(s).unwrap();
        let cases: &[(&str, &str, &str, bool, bool)] = &[
            ("200", "300万", "300万", false, true),
            ("200", "101.35万", "341万", true, true),
            ("35.6", "101.35万", "341万", false, true),
            ("200", "0", "0", true, true),
            ("9999.99", "0", "0", true, true),
            ("10000", "0", "0", true, false),
            ("200", "0", "0", false, false),
            ("80000", "300万", "300万", false, false),
            ("200", "5000", "5000", false, false),
            ("3000", "3000万", "3000万", false, true),
            ("0", "300万", "300万", true, false),
            ("2", "300万", "300万", false, false),
            ("3000", "300万", "300万", true, false),
        ];
        for (x, budget, initial, is_budget, questioned) in cases {
            let got = doubt(y(x), y(budget), y(initial), *is_budget).is_some();
            assert_eq!(got, *questioned, "{x} on {budget}/{initial}");
        }
    }

    #[test]
    fn figures_with_a_unit_are_never_questioned() {
        let typed = |text: &str| Typed {
            option: "AMOUNT",
            text: text.into(),
            is_budget: true,
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
