//! What an append accepted but the user must hear of, in the users' language: events dated
//! outside their project's period (noted after what was recorded), and import lines skipped
//! because their project already holds their key. Printed on stdout with the rest of the
//! command's report (`Context::say`).

use super::Context;
use crate::i18n::Msg;
use crate::ledger::{Notices, OutsidePeriod};

/// The note on one event dated outside its project's period (`note-outside-period`, as the
/// echo of a recording command shows it; with the input line for an import).
pub fn outside_period_note(o: &OutsidePeriod, line: bool) -> Msg {
    let msg = match line {
        true => Msg::new("note-outside-period-line")
            .arg("line", o.line)
            .arg("seq", o.seq),
        false => Msg::new("note-outside-period"),
    };
    msg.arg("effective", o.effective)
        .arg("project", &o.project)
        .arg("start", o.period.start)
        .arg("end", o.period.end)
}

/// The note on an event dated today because no `--effective` was given, today being outside
/// its project's period: the date it took, and the command that corrects it
/// (`note-dated-today`).
pub fn dated_today_note(o: &OutsidePeriod) -> Msg {
    Msg::new("note-dated-today")
        .arg("today", o.effective)
        .arg("project", &o.project)
        .arg("start", o.period.start)
        .arg("end", o.period.end)
        .arg("seq", o.seq)
}

/// One note per imported event dated outside its project's period (the first
/// `NOTICE_EXAMPLES`, then how many more).
pub fn note_outside_period(n: &Notices, ctx: &Context) {
    for o in &n.outside_period {
        println!("{}", ctx.say(&outside_period_note(o, true)));
    }
    let more = n.outside_period_count - n.outside_period.len() as u64;
    if more > 0 {
        let msg = Msg::new("note-outside-period-more").arg("count", more);
        println!("{}", ctx.say(&msg));
    }
}

/// `已跳过 N 行：导入键已存在（第 3 行 bank-0001 → 序号 12，…）`, or nothing.
pub fn report_skipped(n: &Notices, ctx: &Context) {
    if n.skipped_count == 0 {
        return;
    }
    let mut examples: Vec<Msg> = n
        .skipped
        .iter()
        .map(|s| {
            Msg::new("notice-skipped-example")
                .arg("line", s.line)
                .arg("key", &s.key)
                .arg("seq", s.seq)
        })
        .collect();
    let more = n.skipped_count - n.skipped.len() as u64;
    if more > 0 {
        examples.push(Msg::new("notice-skipped-more").arg("count", more));
    }
    let msg = Msg::new("notice-skipped")
        .arg("count", n.skipped_count)
        .arg_list("examples", examples);
    println!("{}", ctx.say(&msg));
}
