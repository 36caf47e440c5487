//! Issue 13 item 5 as data: `projects --format csv|xlsx` (one row per project, figures equal
//! to the projections'), and `state`, `history`, `log` as CSV (UTF-8 with a BOM), each row
//! checked against what the library computes from the same events.

use jixiao::export::csv::{parse, BOM};
use jixiao::findings::{audit, Severity};
use jixiao::projection::View;
use jixiao::report::xlsx_check::{read_sheets, Value as Cell};
use jixiao::scoring::{score, show};

use crate::{Sample, SAMPLE};

fn csv(s: &Sample, args: &[&str]) -> Vec<Vec<String>> {
    let text = s.run(args).ok();
    assert!(text.starts_with(BOM), "{args:?}: UTF-8 with a BOM");
    assert!(text.ends_with("\r\n"), "{args:?}: CRLF");
    parse(&text)
}

#[test]
fn projects_as_csv_and_xlsx_give_the_projections_figures() {
    let s = Sample::demo();
    let rows = csv(&s, &["projects", "--format", "csv"]);
    let ledger = jixiao::ledger::Ledger::open(&s.ledger).unwrap();
    let view = View::default();
    let state = ledger.project_state(SAMPLE, &view).unwrap().unwrap();
    let card = score(&state);
    let events = ledger.project_events_in(SAMPLE, &view).unwrap();
    let critical = audit(&state, &card, &events)
        .iter()
        .filter(|f| f.severity == Severity::Critical)
        .count();
    drop(ledger);
    let m = &state.money;
    let claimed = state.claimed.as_ref().unwrap();
    let expected = [
        SAMPLE.to_string(),
        state.project.name.clone(),
        state.project.department.clone(),
        state.project.year.to_string(),
        m.initial_budget.canonical(),
        m.budget.canonical(),
        m.arrived.canonical(),
        m.spent.canonical(),
        "100.00%".to_string(),
        show(card.total),
        card.grade.as_str().to_string(),
        show(claimed.score.0),
        claimed.grade.as_str().to_string(),
        critical.to_string(),
    ];
    assert_eq!(rows[0].len(), expected.len(), "heads");
    assert_eq!(rows[1], expected);
    assert_eq!(rows[2][0], "合计 (1 个项目)");
    assert_eq!(rows[2][7], m.spent.canonical());
    let out = s.file("projects.xlsx");
    s.run(&[
        "projects",
        "--format",
        "xlsx",
        "--out",
        out.to_str().unwrap(),
    ])
    .ok();
    let sheet = &read_sheets(&std::fs::read(&out).unwrap()).unwrap()[0];
    assert_eq!(sheet.get(1, 0), Some(&Cell::Text(SAMPLE.into())));
    assert_eq!(
        sheet.get(1, 4),
        Some(&Cell::Number(3_410_000.0)),
        "年初预算数 in 元, a number"
    );
    assert_eq!(
        sheet.get(1, 8),
        Some(&Cell::Number(1.0)),
        "执行率 a fraction"
    );
    s.run(&["projects", "--format", "xlsx"]).fails(2);
}

#[test]
fn state_history_and_log_as_csv_have_one_row_per_thing() {
    let s = Sample::demo();
    let ledger = jixiao::ledger::Ledger::open(&s.ledger).unwrap();
    let state = ledger
        .project_state(SAMPLE, &View::default())
        .unwrap()
        .unwrap();
    let events = ledger.project_events(SAMPLE).unwrap();
    drop(ledger);
    let rows = csv(&s, &["state", SAMPLE, "--format", "csv"]);
    let count = |kind: &str| rows.iter().filter(|r| r[0] == kind).count();
    assert_eq!(count("资金"), 4);
    assert_eq!(count("支出"), state.money.disbursements.len());
    assert_eq!(count("目标"), state.goals.len());
    assert_eq!(count("指标"), state.indicators.len());
    let spent: Vec<String> = rows
        .iter()
        .filter(|r| r[0] == "支出")
        .map(|r| r[9].clone())
        .collect();
    let want: Vec<String> = state
        .money
        .disbursements
        .iter()
        .map(|d| d.amount.canonical())
        .collect();
    assert_eq!(spent, want);
    let history = csv(&s, &["history", SAMPLE, "--format", "csv"]);
    assert_eq!(history.len(), 1 + events.len());
    assert_eq!(history[1][3], events[0].env.seq.to_string());
    let log = csv(&s, &["log", "--format", "csv", "--type", "funds.disbursed"]);
    assert_eq!(log.len(), 1 + state.money.disbursements.len());
    assert!(log[1..].iter().all(|r| r[4] == "funds.disbursed"));
    s.run(&["log", "--format", "xlsx"]).fails(2);
}
