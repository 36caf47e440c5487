//! Property tests of escaping (issue 12): any string, put into every text field of the
//! sample's report (ids, names, narrative, goals, indicators but their targets and actuals,
//! purposes, findings, the integrity block), renders to HTML and Markdown with exactly the structure the same report
//! has with inert text of the same shape — no tag opened, no comment started or ended, no
//! Markdown block, cell, code span or link made — with no character a terminal acts on, and
//! with an integrity marker that parses back to the values put in. A terminal table of any
//! cells holds no such character and one line per row.

use std::sync::OnceLock;

use chrono::Duration;
use jixiao::cli::table::{Align, Table};
use jixiao::event::ImportLine;
use jixiao::ledger::Ledger;
use jixiao::projection::View;
use jixiao::report::check::from_source;
use jixiao::report::escape::is_hidden;
use jixiao::report::{render, Format, Report};
use jixiao::time::cst_instant;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use serde_json::Value;

use crate::SAMPLE;

/// The demo's sample report, built once through the library with the demo's clock.
fn sample_report() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(|| {
        let lines = include_str!("../../src/demo/sample.jsonl");
        let dir = tempfile::tempdir().expect("temp dir");
        let mut ledger = Ledger::init(&dir.path().join("ledger"), "jx-escaping").expect("init");
        let inputs = lines
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty());
        let inputs = inputs.map(|(n, l)| (n + 1, ImportLine::parse(l)));
        let mut minute = 0;
        let mut clock = |line: &ImportLine| {
            minute += 1;
            cst_instant(line.effective.0, Duration::minutes(9 * 60 + minute))
        };
        ledger
            .append(inputs, "test", &mut clock)
            .expect("the sample appends");
        let report = from_source(&ledger, SAMPLE, &View::default(), None);
        report.expect("builds").expect("registered")
    })
}

/// The sample report with `s` in every text field a renderer writes.
fn with_text(s: &str) -> Report {
    let mut r = sample_report().clone();
    let t = || s.to_string();
    (r.project.id, r.project.name, r.project.department) = (t(), t(), t());
    r.project.contents = Some(t());
    r.project.basis = vec![t()];
    r.narrative.values_mut().for_each(|v| *v = t());
    for g in &mut r.goals {
        (g.text, g.original_text, g.reason) = (t(), t(), Some(t()));
    }
    // Targets and actuals stay: the completion chart reads figures from them.
    for i in &mut r.indicators {
        (i.level1, i.level2, i.name, i.why) = (t(), t(), t(), t());
        i.deviation = i.deviation.as_ref().map(|_| t());
        i.note = i.note.as_ref().map(|_| t());
    }
    r.money
        .figures
        .disbursements
        .iter_mut()
        .for_each(|d| d.purpose = t());
    for a in &mut r.money.figures.adjustments {
        (a.reason, a.authority) = (t(), Some(t()));
    }
    r.findings.iter_mut().for_each(|f| f.message = t());
    let i = &mut r.integrity;
    (i.ledger_id, i.as_of, i.known_at, i.generator) = (t(), Some(t()), Some(t()), t());
    r
}

/// Text of the same shape with nothing in it a format acts on: line breaks, blanks and
/// controls kept, ASCII letters, digits and `-_.:+/=` as `x`, anything else as `中`.
fn inert(s: &str) -> String {
    let map = |c: char| match c {
        c if c.is_whitespace() || c.is_control() => c,
        c if c.is_ascii_alphanumeric() || "-_.:+/=".contains(c) => 'x',
        _ => '中',
    };
    s.chars().map(map).collect()
}

/// Tag and comment openings in HTML, in order: `<p`, `</td`, `<!--`, …
fn tags(html: &str) -> Vec<&str> {
    let starts = html.match_indices('<').map(|(at, _)| at);
    let name = |at: usize| {
        let rest = &html[at + 1..];
        let len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || "/!-".contains(c)));
        &html[at..at + 1 + len.unwrap_or(rest.len())]
    };
    starts.map(name).collect()
}

/// Count of `c` in `line` not escaped by a backslash (an odd run of them before it).
fn unescaped(line: &str, c: char) -> usize {
    let mut backslashes = 0;
    let mut n = 0;
    for ch in line.chars() {
        if ch == c && backslashes % 2 == 0 {
            n += 1;
        }
        backslashes = if ch == '\\' { backslashes + 1 } else { 0 };
    }
    n
}

/// What a Markdown line makes of itself: its block marker and its inline syntax.
fn shape(line: &str) -> (Option<char>, bool, [usize; 5]) {
    let start = line.trim_start_matches(' ');
    let block = start.chars().next().filter(|c| "#-+=>|*_~`<".contains(*c));
    let digits = start.bytes().take_while(u8::is_ascii_digit).count();
    let marker = start[digits..].strip_prefix(['.', ')']);
    let listed = digits > 0 && marker.is_some_and(|m| m.is_empty() || m.starts_with([' ', '\t']));
    let inline = ['|', '`', '*', '[', '<'].map(|c| unescaped(line, c));
    (block, listed, inline)
}

/// The integrity marker's JSON.
fn marker(text: &str) -> Value {
    assert_eq!(text.matches("<!--").count(), 1, "one comment opens");
    assert_eq!(text.matches("-->").count(), 1, "one comment closes");
    let start = text.find("<!-- jixiao-integrity ").expect("marker") + 22;
    let end = text[start..].find(" -->").expect("marker end") + start;
    jixiao::event::strict_json::parse(&text[start..end]).expect("the marker is strict JSON")
}

fn no_hidden(text: &str, what: &str) -> Result<(), TestCaseError> {
    let hidden: Vec<char> = text.chars().filter(|c| is_hidden(*c)).collect();
    prop_assert!(hidden.is_empty(), "{what} carries {hidden:?}");
    Ok(())
}

/// Strings made of what the formats act on, and anything else.
fn hostile() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(vec![
            "<!--",
            "-->",
            "--!>",
            "<script>",
            "</p>",
            "&lt;",
            "&",
            "\"",
            "'",
            "\\",
            "`",
            "``",
            "|",
            "# ",
            "- ",
            "+ ",
            "1. ",
            "2)",
            "> ",
            "=== ",
            "    ",
            "\t",
            "*_~[]()$!",
            "\u{1b}[2K",
            "\r",
            "\n",
            "\r\n",
            "\n\n",
            "\u{7}",
            "\0",
            "\u{85}",
            "\u{202e}",
            "\u{2066}",
            "\u{2028}",
            "jixiao-integrity",
            " -->",
            "元",
        ])
        .prop_map(str::to_string),
        any::<char>().prop_map(String::from),
        "[a-z0-9 ]{0,4}",
    ];
    prop::collection::vec(piece, 0..14).prop_map(|v| v.concat())
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 96,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/eval/proptest-regressions.txt",
        ))),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn no_text_opens_a_tag_or_ends_the_integrity_record_in_html(s in hostile()) {
        let (hostile, plain) = (with_text(&s), with_text(&inert(&s)));
        let html = render(&hostile, Format::Html);
        let expected = render(&plain, Format::Html);
        prop_assert_eq!(tags(&html), tags(&expected));
        no_hidden(&html, "the HTML")?;
        let m = marker(&html);
        prop_assert_eq!(&m["project"], &Value::String(s.clone()));
        prop_assert_eq!(&m["as_of"], &Value::String(s));
    }

    #[test]
    fn no_text_makes_markdown_or_ends_the_integrity_record(s in hostile()) {
        let (hostile, plain) = (with_text(&s), with_text(&inert(&s)));
        let md = render(&hostile, Format::Markdown);
        let expected = render(&plain, Format::Markdown);
        let (lines, want): (Vec<&str>, Vec<&str>) = (md.split('\n').collect(), expected.split('\n').collect());
        prop_assert_eq!(lines.len(), want.len());
        // The marker is an HTML block: nothing in it is Markdown; `marker` checks it below.
        let pairs = lines.iter().zip(&want).filter(|(l, _)| !l.starts_with("<!-- jixiao-integrity "));
        for (line, wanted) in pairs {
            prop_assert_eq!(shape(line), shape(wanted), "{:?} against {:?}", line, wanted);
        }
        no_hidden(&md, "the Markdown")?;
        let m = marker(&md);
        prop_assert_eq!(&m["project"], &Value::String(s.clone()));
        prop_assert_eq!(&m["known_at"], &Value::String(s));
    }

    #[test]
    fn a_terminal_table_keeps_one_line_per_row(rows in prop::collection::vec((hostile(), hostile()), 0..6)) {
        let mut t = Table::new(&["项目 item", "说明 why"], &[Align::Left, Align::Right]);
        for (a, b) in &rows {
            t.row(vec![a.clone(), b.clone()]);
        }
        let text = t.render();
        no_hidden(&text, "the table")?;
        prop_assert!(!text.contains('\t'));
        prop_assert_eq!(text.matches('\n').count(), rows.len() + 2);
    }
}

#[test]
fn the_inert_shape_is_the_sample_itself() {
    // The comparison is only as good as its baseline: the sample renders with one comment.
    let r = sample_report();
    for format in [Format::Html, Format::Markdown] {
        marker(&render(r, format));
    }
    assert_eq!(inert("a<!-- 元\n"), "x中中xx 中\n");
}
