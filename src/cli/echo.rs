//! What a recording command says it recorded: the event in words and numbers (`已记录 #66
//! 支出 1.08万元（10,800.00元）用途：… 生效 2023-04-26 项目 P`), the note the ledger gave
//! when the date falls outside the project's period (`cli::notices`), and last its seq and
//! hash. Amounts print through `money`.

use super::Context;
use crate::event::describe::describe;
use crate::event::hash::to_hex;
use crate::event::{EventData, Hash32};
use crate::i18n::Msg;
use crate::money::Yuan;
use crate::time::Day;

/// An amount in words and exact figures: `1.08万元（10,800.00元）`; an amount 万元 would show
/// as 0 is given once, in 元 (`0.01元`).
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

/// Prints the echo of one appended event (stdout), the note on its date if any, and last
/// its seq and hash (`seq N  hash H` in English, as scripts read it).
pub fn print_recorded(ctx: &Context, recorded: &Recorded<'_>, note: Option<Msg>) {
    let msg = Msg::new("recorded")
        .arg("seq", recorded.seq)
        .arg_msg("what", what(recorded.data))
        .arg("effective", recorded.effective)
        .arg("project", recorded.project);
    println!("{}", ctx.say(&msg));
    if let Some(note) = note {
        println!("{}", ctx.say(&note));
    }
    let hash = Msg::new("recorded-hash")
        .arg("seq", recorded.seq)
        .arg("hash", to_hex(recorded.hash));
    println!("{}", ctx.say(&hash));
}

/// One appended event as the echo names it.
pub struct Recorded<'a> {
    pub seq: u64,
    pub hash: &'a Hash32,
    pub project: &'a str,
    pub effective: Day,
    pub data: &'a EventData,
}

/// The event in words: the money events with their amounts in words and figures, the others
/// as the ledger's one-line description, after their type.
#[must_use]
pub fn what(data: &EventData) -> Msg {
    use EventData as E;
    let label = type_label(data.type_name());
    match data {
        E::BudgetAllocated(d) => Msg::new("echo-allocated")
            .arg_msg("type", label)
            .arg_msg("amount", amount_words(d.amount))
            .arg("source", d.source.as_deref().unwrap_or("年初预算")),
        E::BudgetAdjusted(d) => Msg::new("echo-adjusted")
            .arg_msg("type", label)
            .arg_msg("amount", amount_words(d.amount))
            .arg("reason", &d.reason),
        E::FundsArrived(d) => Msg::new("echo-arrived")
            .arg_msg("type", label)
            .arg_msg("amount", amount_words(d.amount)),
        E::FundsDisbursed(d) => Msg::new("echo-disbursed")
            .arg_msg("type", label)
            .arg_msg("amount", amount_words(d.amount))
            .arg("purpose", &d.purpose),
        other => Msg::new("echo-event")
            .arg_msg("type", label)
            .arg("text", describe(other)),
    }
}

/// An event type's name in the users' words (`funds.disbursed` → 支出).
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
        }
    }

    /// Table: amount in, its words and figures out.
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
        }
    }
}
