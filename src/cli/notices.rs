//! What an append accepted but the user must hear of, in Chinese: events dated outside their
//! project's period (warnings, on stderr) and import lines skipped because their key is
//! already in the ledger (a result, on stdout).

use crate::i18n::Msg;
use crate::ledger::Notices;

/// One warning per event dated outside its project's period (the first `NOTICE_EXAMPLES`,
/// then a count); `lines` names the input line, for imports.
pub fn warn_outside_period(n: &Notices, lines: bool) {
    for o in &n.outside_period {
        let key = if lines {
            "notice-outside-period-line"
        } else {
            "notice-outside-period"
        };
        let msg = Msg::new(key)
            .arg("seq", o.seq)
            .arg("line", o.line)
            .arg("date", o.effective)
            .arg("project", &o.project)
            .arg("start", o.period.start)
            .arg("end", o.period.end);
        eprintln!("{msg}");
    }
    let more = n.outside_period_count - n.outside_period.len() as u64;
    if more > 0 {
        eprintln!(
            "{}",
            Msg::new("notice-outside-period-more").arg("count", more)
        );
    }
}

/// `已跳过 N 行：导入键已存在（第 3 行 bank-0001 → seq 12，…）`, or nothing.
pub fn report_skipped(n: &Notices) {
    if n.skipped_count == 0 {
        return;
    }
    let examples: Vec<String> = n
        .skipped
        .iter()
        .map(|s| {
            Msg::new("notice-skipped-example")
                .arg("line", s.line)
                .arg("key", &s.key)
                .arg("seq", s.seq)
                .to_string()
        })
        .collect();
    let more = n.skipped_count - n.skipped.len() as u64;
    let mut list = examples.join("，");
    if more > 0 {
        list.push_str(
            &Msg::new("notice-skipped-more")
                .arg("count", more)
                .to_string(),
        );
    }
    println!(
        "{}",
        Msg::new("notice-skipped")
            .arg("count", n.skipped_count)
            .arg("examples", list)
    );
}
