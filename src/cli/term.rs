//! Terminal safety: recorded text reaches the terminal only through [`safe`], so no purpose,
//! narrative or name can move the cursor, erase or overwrite lines, ring the bell, reorder
//! text (bidi overrides) or start a line of its own. Every printer in `cli` uses it: tables
//! escape their cells, `log` and `show` their lines, `run` the error message.

use std::borrow::Cow;

use crate::report::escape::{is_hidden, shown};

/// `text` for one line of terminal output: every hidden character (`report::escape::is_hidden`:
/// ESC, BEL, NUL, CR, other C0 and C1 controls, DEL, bidi marks, overrides and isolates, line
/// separators) and also line feed and tab are written as their code point, `\u{1b}`.
pub fn safe(text: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| is_hidden(c) || c == '\n' || c == '\t';
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match unsafe_char(c) {
            true => out.push_str(&shown(c)),
            false => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Text of several lines (an error message, pretty JSON): each line made [`safe`], the line
/// feeds between them kept.
pub fn safe_lines(text: &str) -> String {
    let lines: Vec<Cow<'_, str>> = text.split('\n').map(safe).collect();
    lines.join("\n")
}

/// Recorded text as an attacker would write it, for the printers' tests.
#[cfg(test)]
pub(crate) mod hostile {
    use crate::event::{EventData, FundsDisbursed, ProjectRegistered, ZERO_HASH};
    use crate::ledger::Stored;
    use crate::report::escape::is_hidden;

    /// Moves the cursor up, erases lines, returns the carriage, rings the bell, reverses
    /// text, starts a new line, clears the screen (C1 CSI) and deletes.
    pub const TEXT: &str =
        "\u{1b}[3A\u{1b}[2K\r伪造\u{7}\0\u{202e}倒序\u{2066}\n第二行\t\u{9b}2J\u{7f}";

    /// Project `p1` registered and one disbursement, `TEXT` in every text field, as a ledger
    /// could hold them from before text fields refused control characters (no rule sees them).
    pub fn events() -> Vec<Stored> {
        let registered = EventData::ProjectRegistered(ProjectRegistered {
            basis: None,
            competent_department: None,
            contents: Some(TEXT.into()),
            department: TEXT.into(),
            fund_nature: None,
            name: TEXT.into(),
            period_end: None,
            period_start: None,
            unit: None,
            year: 2023,
        });
        let amount = crate::money::Yuan::parse("1.08万元").expect("amount");
        let disbursed = EventData::FundsDisbursed(FundsDisbursed {
            amount,
            category: Some(TEXT.into()),
            fund: None,
            payee: Some(TEXT.into()),
            purpose: TEXT.into(),
            voucher: Some(TEXT.into()),
        });
        [registered, disbursed]
            .into_iter()
            .enumerate()
            .map(|(i, data)| Stored {
                env: crate::event::Envelope {
                    seq: i as u64 + 1,
                    recorded_at: "2024-03-01T02:00:00Z".parse().expect("instant"),
                    effective: crate::time::Day::parse("2023-03-01").expect("day"),
                    actor: "会计 甲".into(),
                    project: crate::ids::ProjectId::new("p1").expect("id"),
                    data,
                    prev: ZERO_HASH,
                    id: None,
                    project_prev: None,
                    signed: None,
                },
                hash: ZERO_HASH,
            })
            .collect()
    }

    /// `out` holds no character a terminal acts on, `lines` line feeds, and `TEXT` shown.
    #[track_caller]
    pub fn assert_inert(out: &str, lines: usize) {
        let acted_on: Vec<char> = out
            .chars()
            .filter(|c| is_hidden(*c) || *c == '\t')
            .collect();
        assert!(
            acted_on.is_empty(),
            "{acted_on:?} reach the terminal in\n{out}"
        );
        assert_eq!(out.matches('\n').count(), lines, "line feeds in\n{out}");
        assert!(
            out.contains("\\u{1b}[3A\\u{1b}[2K"),
            "the text is shown:\n{out}"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (recorded text, what the terminal gets)
    const CASES: &[(&str, &str)] = &[
        ("专利资助 1.08万元", "专利资助 1.08万元"),
        ("\u{1b}[3A\u{1b}[2K伪造", "\\u{1b}[3A\\u{1b}[2K伪造"),
        ("a\u{7}b\0c\rd", "a\\u{7}b\\u{0}c\\u{d}d"),
        ("两行\n第二行\t", "两行\\u{a}第二行\\u{9}"),
        ("\u{202e}cod.exe\u{202c}", "\\u{202e}cod.exe\\u{202c}"),
        (
            "\u{2066}x\u{2069}\u{9b}31m\u{7f}",
            "\\u{2066}x\\u{2069}\\u{9b}31m\\u{7f}",
        ),
    ];

    #[test]
    fn recorded_text_cannot_control_the_terminal() {
        for (input, expected) in CASES {
            assert_eq!(safe(input), *expected, "{input:?}");
        }
        assert_eq!(safe_lines("a\u{1b}\nb\r"), "a\\u{1b}\nb\\u{d}");
    }
}
