//! Issue 10, "What goes wrong today" 1–6, as data: each row is one indicator (target, actual,
//! the indicator's unit) recorded in its own project of a real ledger in a temp dir, and the
//! verdict, the row score for a weight of 10 and the finding it must raise. Every figure is
//! computed from the recorded events, through the library and the CLI.

use jixiao::findings::audit;
use jixiao::projection::{fold, View};
use jixiao::scoring::{score, tidy};
use jixiao::value::Verdict;
use rust_decimal::Decimal;
use serde_json::{json, Value};

use crate::{dec, jixiao, ledger_with, line, text_at, DEMO_NOW};

/// The weight every row is defined with.
const WEIGHT: &str = "10";
/// Findings about how a row was read; a row that expects none of them must raise none.
const READING_CODES: [&str; 3] = [
    "INDICATOR-UNSCORABLE",
    "ACTUAL-RESTATES-TARGET",
    "ASSESSMENT-MISSING",
];

struct Row {
    /// Which item of the issue the row is.
    item: u8,
    year: u32,
    target: &'static str,
    actual: &'static str,
    unit: Option<&'static str>,
    /// `kind` of the verdict (`met`, `unmet`, `unscorable`, `needs_tier`).
    verdict: &'static str,
    /// Points for a weight of 10; `a/b` is a fraction.
    points: &'static str,
    finding: Option<&'static str>,
}

const fn row(
    item: u8,
    target: &'static str,
    actual: &'static str,
    verdict: &'static str,
    points: &'static str,
    finding: Option<&'static str>,
) -> Row {
    Row {
        item,
        year: 2023,
        target,
        actual,
        unit: None,
        verdict,
        points,
        finding,
    }
}

const UNSCORABLE: Option<&str> = Some("INDICATOR-UNSCORABLE");

fn rows() -> Vec<Row> {
    let in_year = |year, r: Row| Row { year, ..r };
    let with_unit = |unit, r: Row| Row {
        unit: Some(unit),
        ..r
    };
    vec![
        // 1. Scales and units are applied before comparing; 1e3 is not 1.
        row(1, "≥500万", "3000000", "unmet", "6", None),
        row(1, "≥0.9", "80%", "unmet", "80/9", None),
        row(1, "≥1000", "1e3", "unscorable", "0", UNSCORABLE),
        row(1, "≥1000", "1.2千", "met", "10", None),
        row(1, "≥1500", "1.2千", "unmet", "8", None),
        with_unit("亿", row(1, "≥6", "54.26", "met", "10", None)),
        row(1, "≥500万元", "520万", "met", "10", None),
        row(1, "≥50家", "52个", "unscorable", "0", UNSCORABLE),
        row(1, "≥5000元", "3人", "unscorable", "0", UNSCORABLE),
        row(1, "≥90%", "95", "unscorable", "0", UNSCORABLE),
        row(1, "≥8", "全部完成", "unscorable", "0", UNSCORABLE),
        // 2. An unmet strict bound earns less than full points.
        row(2, ">10", "10", "unmet", "100/11", None),
        row(2, "<5%", "5%", "unmet", "8", None),
        // 3. An actual that repeats its target is met, and the audit says so.
        row(
            3,
            "≥266米",
            "≥266米",
            "met",
            "10",
            Some("ACTUAL-RESTATES-TARGET"),
        ),
        row(3, "≥266米", "≥200米", "unscorable", "0", UNSCORABLE),
        // 4. Small forms are comparators, not prose.
        row(4, "﹦100%", "100%", "met", "10", None),
        row(4, "﹦100%", "90%", "unmet", "9", None),
        row(4, "﹤5%", "4%", "met", "10", None),
        row(4, "﹥10", "11", "met", "10", None),
        // 5. Deadlines in every phrasing; a month means its last day; no year → the project's.
        in_year(
            2022,
            row(
                5,
                "完成时间为2022年12月30日",
                "2022年12月20日",
                "met",
                "10",
                None,
            ),
        ),
        in_year(
            2022,
            row(
                5,
                "完成时间为2022年12月30日",
                "2022年12月31日",
                "unmet",
                "0",
                None,
            ),
        ),
        in_year(
            2022,
            row(5, "完成时间2022年12月", "2022年12月31日", "met", "10", None),
        ),
        in_year(
            2022,
            row(5, "完成时间2022年12月", "2023年1月10日", "unmet", "0", None),
        ),
        in_year(
            2022,
            row(5, "12月底之前完成", "2022年12月28日", "met", "10", None),
        ),
        in_year(
            2022,
            row(5, "12月底之前完成", "12月28日", "met", "10", None),
        ),
        in_year(
            2021,
            row(5, "12月底之前完成", "2022年12月28日", "unmet", "0", None),
        ),
        in_year(
            2022,
            row(
                5,
                "12月底之前完成",
                "已完成",
                "needs_tier",
                "0",
                Some("ASSESSMENT-MISSING"),
            ),
        ),
        in_year(2022, row(5, "2022.12", "2022.12", "met", "10", None)),
        // 6. A bare rate target is a floor.
        row(6, "95%", "100%", "met", "10", None),
        row(6, "95%", "90%", "unmet", "180/19", None),
        row(6, "8家", "10家", "met", "10", None),
    ]
}

fn points(text: &str) -> Decimal {
    match text.split_once('/') {
        Some((a, b)) => dec(a) / dec(b),
        None => dec(text),
    }
}

fn project_id(n: usize) -> String {
    format!("reading-{n:02}")
}

fn lines_for(n: usize, r: &Row) -> Vec<Value> {
    let p = project_id(n);
    let mut indicator = json!({
        "id": "row", "level1": "产出指标", "level2": "数量指标",
        "name": format!("第{}项 {}", r.item, r.target), "target": r.target, "weight": WEIGHT,
    });
    if let Some(u) = r.unit {
        indicator["unit"] = json!(u);
    }
    let start = format!("{}-01-01", r.year);
    vec![
        line(
            &p,
            &start,
            "project.registered",
            json!({"name": format!("{p} 读数测试"), "department": "测试局", "year": r.year}),
        ),
        line(&p, &start, "indicator.defined", indicator),
        line(
            &p,
            &format!("{}-12-31", r.year),
            "indicator.measured",
            json!({"id": "row", "actual": r.actual}),
        ),
    ]
}

fn verdict_kind(v: &Verdict) -> &'static str {
    match v {
        Verdict::Pending => "pending",
        Verdict::Met { .. } => "met",
        Verdict::Unmet { .. } => "unmet",
        Verdict::NeedsTier => "needs_tier",
        Verdict::Unscorable { .. } => "unscorable",
    }
}

#[test]
fn each_input_of_issue_10_reads_scores_and_finds_as_the_rules_say() {
    let rows = rows();
    let all: Vec<Value> = rows
        .iter()
        .enumerate()
        .flat_map(|(n, r)| lines_for(n, r))
        .collect();
    let dir = tempfile::tempdir().expect("temp dir");
    let ledger = ledger_with(dir.path(), &all);
    let view = View::default();
    for (n, r) in rows.iter().enumerate() {
        let case = format!("item {}: {} / {}", r.item, r.target, r.actual);
        let events = ledger
            .project_events_in(&project_id(n), &view)
            .expect("reads");
        let state = fold(&project_id(n), &events, &view).expect("registered");
        let card = score(&state);
        let l = &card.lines[0];
        assert_eq!(verdict_kind(&l.reading.verdict), r.verdict, "{case}: {l:?}");
        assert_eq!(l.score, tidy(points(r.points)), "{case}: {l:?}");
        let codes: Vec<&str> = audit(&state, &card, &events)
            .iter()
            .map(|f| f.code)
            .filter(|c| READING_CODES.contains(c))
            .collect();
        let want: Vec<&str> = r.finding.into_iter().collect();
        assert_eq!(codes, want, "{case}: {l:?}");
    }
}

/// The CLI shows how each side was read, and the audit names the row, both texts and why.
#[test]
fn the_cli_shows_the_reading_and_the_audit_the_reason() {
    let rows = [
        row(1, "≥500万", "3000000", "unmet", "6", None),
        row(1, "≥50家", "52个", "unscorable", "0", UNSCORABLE),
    ];
    let all: Vec<Value> = rows
        .iter()
        .enumerate()
        .flat_map(|(n, r)| lines_for(n, r))
        .collect();
    let dir = tempfile::tempdir().expect("temp dir");
    drop(ledger_with(dir.path(), &all));
    let ledger = dir.path().join("ledger");
    let run = |args: &[&str]| jixiao(&ledger, DEMO_NOW, args);

    let text = run(&["score", &project_id(0)]).ok();
    for shown in [
        "target read as",
        "≥ 5000000（500 × 万）",
        "3000000",
        "0.6 × 分值",
    ] {
        assert!(text.contains(shown), "{shown} not in\n{text}");
    }
    let card = run(&["score", &project_id(0), "--json"]).json();
    assert_eq!(text_at(&card, "/lines/0/reading/verdict/kind"), "unmet");
    assert_eq!(text_at(&card, "/lines/0/reading/verdict/share"), "0.6");

    let findings = run(&["audit", &project_id(1), "--json"]).json();
    let unscorable: Vec<&Value> = findings
        .as_array()
        .expect("a list")
        .iter()
        .filter(|f| f["code"] == "INDICATOR-UNSCORABLE")
        .collect();
    assert_eq!(unscorable.len(), 1, "{findings:#}");
    assert_eq!(unscorable[0]["severity"], "critical");
    let message = text_at(unscorable[0], "/message");
    for named in ["row", "第1项 ≥50家", "≥50家", "52个", "单位不一致", "0 分"] {
        assert!(message.contains(named), "{named} not in {message}");
    }
}

/// Append-time validation: every phrasing above is accepted and read as its comparator (not
/// as prose); exponent notation is refused, naming the field and the value, and nothing is
/// written.
#[test]
fn append_reads_every_phrasing_and_refuses_exponent_notation() {
    let dir = tempfile::tempdir().expect("temp dir");
    let ledger = dir.path().join("ledger");
    let run = |args: &[&str]| jixiao(&ledger, DEMO_NOW, args);
    run(&["init"]).ok();
    let p = "reading-append";
    run(&[
        "project",
        "register",
        p,
        "--name",
        "读数",
        "--department",
        "测试局",
        "--year",
        "2022",
        "--effective",
        "2022-01-01",
    ])
    .ok();
    let define = |id: &str, target: &str| {
        run(&[
            "indicator",
            "define",
            p,
            id,
            "--level1",
            "产出指标",
            "--level2",
            "数量指标",
            "--name",
            id,
            "--target",
            target,
            "--effective",
            "2022-01-01",
        ])
    };
    let cases = [
        ("eq-small", "﹦100%", "eq"),
        ("lt-small", "﹤5%", "lt"),
        ("gt-small", "﹥10", "gt"),
        ("done-on", "完成时间为2022年12月30日", "deadline"),
        ("done-month", "完成时间2022年12月", "deadline"),
        ("yearless", "12月底之前完成", "deadline"),
        ("dotted", "2022.12", "deadline"),
        ("bare-rate", "95%", "ge"),
        ("ceiling", "控制在5%以内", "le"),
    ];
    for (id, target, _) in cases {
        define(id, target).ok();
    }
    let state = run(&["state", p, "--json"]).json();
    for (n, (id, target, comparator)) in cases.iter().enumerate() {
        let at = format!("/indicators/{n}");
        assert_eq!(text_at(&state, &format!("{at}/id")), *id);
        assert_eq!(
            text_at(&state, &format!("{at}/comparator")),
            *comparator,
            "{target}"
        );
    }
    let head = crate::head_seq(&ledger);
    let err = define("exponent", "≥1e3").fails(2);
    for named in ["data.target", "≥1e3", "exponent"] {
        assert!(err.contains(named), "{named} not in {err}");
    }
    assert_eq!(crate::head_seq(&ledger), head, "nothing written");
}
