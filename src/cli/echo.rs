//! What a recording command says it recorded: the event in words and numbers (`已记录 #66
//! 支出 1.08万元（10,800.00元）用途：… 生效 2023-04-26 项目 P`), the note the ledger gave
//! when the date falls outside the project's period (`cli::notices`), and last its seq and
//! hash. Amounts print through `money`.

use super::Context;
use crate::event::hash::to_hex;
use crate::event::{EventData, Hash32};
pub use crate::i18n::names::{amount_words, type_label};
use crate::i18n::Msg;
use crate::time::Day;

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
            .arg_msg(
                "source",
                d.source
                    .as_deref()
                    .map_or_else(|| Msg::new("echo-source-initial"), Msg::raw),
            ),
        E::BudgetAdjusted(d) => {
            let m = match &d.authority {
                Some(a) => Msg::new("echo-adjusted-authority").arg("authority", a),
                None => Msg::new("echo-adjusted"),
            };
            m.arg_msg("type", label)
                .arg_msg("amount", amount_words(d.amount))
                .arg("reason", &d.reason)
        }
        E::FundsArrived(d) => Msg::new("echo-arrived")
            .arg_msg("type", label)
            .arg_msg("amount", amount_words(d.amount)),
        E::FundsDisbursed(d) => Msg::new("echo-disbursed")
            .arg_msg("type", label)
            .arg_msg("amount", amount_words(d.amount))
            .arg("purpose", &d.purpose),
        E::EventCorrected(d) => {
            let m = match d.effective {
                Some(day) => Msg::new("echo-corrected-redated").arg("effective", day),
                None => Msg::new("echo-corrected"),
            };
            m.arg_msg("type", label)
                .arg("seq", d.target_seq)
                .arg_msg("target", type_label(&d.replacement.kind))
                .arg("reason", &d.reason)
        }
        E::EventReversed(d) => Msg::new("echo-reversed")
            .arg_msg("type", label)
            .arg("seq", d.target_seq)
            .arg("reason", &d.reason),
        E::EvaluationClaimed(d) => claimed(label, d),
        other => super::echo_text::described(other, label),
    }
}

/// The claim with the 全年执行数 and 预算执行率 it states, when it states them.
fn claimed(label: Msg, d: &crate::event::EvaluationClaimed) -> Msg {
    let mut m = Msg::new("echo-claimed")
        .arg_msg("type", label)
        .arg("score", d.score)
        .arg("grade", d.grade.as_str());
    if let Some(spent) = d.spent {
        m = Msg::new("echo-claim-spent")
            .arg_msg("claim", m)
            .arg_msg("amount", amount_words(spent));
    }
    if let Some(ratio) = d.execution_ratio {
        m = Msg::new("echo-claim-ratio")
            .arg_msg("claim", m)
            .arg("ratio", crate::projection::state::percent(Some(ratio.0)));
    }
    m
}
