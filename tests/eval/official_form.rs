//! Issue 13: the official 自评表 in xlsx (a golden cell grid of the seed's project, read back
//! with calamine), verify-report on xlsx (untouched, an edited figure, an edited integrity
//! property), the round trip report → xlsx → import-form → the same form, a fresh project
//! with all three fund sources, and the two audiences.

use std::io::{Cursor, Read as _, Write as _};
use std::path::Path;

use jixiao::report::check::from_source_for;
use jixiao::report::form::Form;
use jixiao::report::xlsx_check::{a1, read_properties, read_sheets, Sheet, Value as Cell};
use jixiao::report::Audience;
use serde_json::{json, Value};

use crate::report::check_snapshot;
use crate::{jixiao, ledger_with, line, Run, Sample, DEMO_NOW, SAMPLE};

/// The cells and merges of every sheet as text, one line each, for a golden file.
fn grid(sheets: &[Sheet]) -> String {
    let mut out = String::new();
    for s in sheets {
        out.push_str(&format!("[{}]\n", s.name));
        for &(r0, c0, r1, c1) in &s.merges {
            out.push_str(&format!("merge {}:{}\n", a1(r0, c0), a1(r1, c1)));
        }
        for (&(r, c), v) in &s.cells {
            out.push_str(&format!("{} {v}\n", a1(r, c)));
        }
    }
    out
}

fn report_xlsx(s: &Sample, name: &str, audience: &str) -> std::path::PathBuf {
    let path = s.file(name);
    let out = path.to_str().unwrap();
    s.run(&[
        "report", SAMPLE, "--format", "xlsx", "--for", audience, "--out", out,
    ])
    .ok();
    path
}

#[test]
fn the_seed_form_as_xlsx_matches_its_golden_grid() {
    let s = Sample::demo();
    let bytes = std::fs::read(report_xlsx(&s, "seed.xlsx", "submission")).unwrap();
    let sheets = read_sheets(&bytes).unwrap();
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["自评表", "支出明细"]);
    check_snapshot("sample.xlsx.txt", &grid(&sheets));
    let props = read_properties(&bytes).unwrap();
    assert_eq!(props["jixiao.project"], SAMPLE);
    assert_eq!(props["jixiao.audience"], "submission");
    assert_eq!(props["jixiao.head_seq"], "65");
    assert_eq!(props["jixiao.digest"].len(), 64);
    let audit = std::fs::read(report_xlsx(&s, "seed-audit.xlsx", "audit")).unwrap();
    let names: Vec<String> = read_sheets(&audit)
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(names, ["自评表", "支出明细", "评分过程", "审计发现"]);
}

/// The figures of the form are numbers, the 一级 cells merged over their rows.
#[test]
fn figures_are_numbers_and_level1_cells_span_their_rows() {
    let s = Sample::demo();
    let bytes = std::fs::read(report_xlsx(&s, "seed.xlsx", "submission")).unwrap();
    let sheet = &read_sheets(&bytes).unwrap()[0];
    let find = |text: &str| {
        let want = Cell::Text(text.into());
        *sheet
            .cells
            .iter()
            .find(|(_, v)| **v == want)
            .unwrap_or_else(|| panic!("{text}"))
            .0
    };
    let (total_row, _) = find("年度资金总额");
    let numbers: Vec<&Cell> = (2..8).filter_map(|c| sheet.get(total_row, c)).collect();
    assert_eq!(
        numbers,
        [
            &Cell::Number(341.0),
            &Cell::Number(101.35),
            &Cell::Number(101.35),
            &Cell::Number(10.0),
            &Cell::Number(1.0),
            &Cell::Number(10.0)
        ]
    );
    let (r, c) = find("产出指标");
    assert_eq!(sheet.merge_at(r, c), Some((r, c, r + 8, c)), "9 产出 rows");
    let (r, c) = find("总分");
    assert_eq!(sheet.get(r, c + 5), Some(&Cell::Number(100.0)));
    assert_eq!(sheet.get(r, c + 6), Some(&Cell::Number(100.0)));
}

/// A copy of an xlsx with one part's text changed by `edit`.
fn edited(bytes: &[u8], part: &str, edit: impl Fn(&str) -> String) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for k in 0..zip.len() {
        let mut f = zip.by_index(k).unwrap();
        let name = f.name().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == part {
            let text = String::from_utf8(data).unwrap();
            let changed = edit(&text);
            assert_ne!(changed, text, "the edit changed {part}");
            data = changed.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

/// The address of the first indicator row's 得分 (column G, the row after the 三级指标 head).
fn first_score_cell(bytes: &[u8]) -> String {
    let sheet = &read_sheets(bytes).unwrap()[0];
    let (row, _) = *sheet
        .cells
        .iter()
        .find(|(_, v)| **v == Cell::Text("三级指标".into()))
        .unwrap()
        .0;
    a1(row + 1, 6)
}

#[test]
fn verify_report_accepts_an_untouched_xlsx_and_names_an_edited_cell_or_property() {
    let s = Sample::demo();
    let path = report_xlsx(&s, "seed.xlsx", "submission");
    let out = s.run(&["verify-report", path.to_str().unwrap()]).ok();
    assert!(out.starts_with("ok: "), "{out}");
    let bytes = std::fs::read(&path).unwrap();
    let cell = first_score_cell(&bytes);
    let figure = edited(&bytes, "xl/worksheets/sheet1.xml", |xml| {
        let at = xml
            .find(&format!("<c r=\"{cell}\""))
            .expect("the cell is written");
        let v = xml[at..].find("<v>").unwrap() + at + 3;
        let end = xml[v..].find("</v>").unwrap() + v;
        format!("{}5.57{}", &xml[..v], &xml[end..])
    });
    let property = edited(&bytes, "docProps/custom.xml", |xml| {
        xml.replacen(">submission<", ">audit<", 1)
    });
    for (name, bytes, expected) in [
        (
            "figure.xlsx",
            figure,
            format!("自评表!{cell}: 文件 5.57，账本 5.56"),
        ),
        ("audience.xlsx", property, "jixiao.digest".to_string()),
    ] {
        let path = s.file(name);
        std::fs::write(&path, bytes).unwrap();
        let err = s.run(&["verify-report", path.to_str().unwrap()]).fails(1);
        assert!(err.contains(&expected), "{name}: {err}");
    }
}

fn run(ledger: &Path, args: &[&str]) -> Run {
    jixiao(ledger, DEMO_NOW, args)
}

/// The form of `project` as the ledger gives it, as JSON, without the ledger's ids of goals
/// and indicators (an import numbers them anew).
fn form_json(ledger: &Path, project: &str) -> Value {
    let report = run(ledger, &["report", project, "--format", "json"]).json();
    let mut form = report["form"].clone();
    strip_ids(&mut form);
    form
}

fn strip_ids(v: &mut Value) {
    match v {
        Value::Object(o) => {
            o.remove("id");
            o.values_mut().for_each(strip_ids);
        }
        Value::Array(a) => a.iter_mut().for_each(strip_ids),
        _ => {}
    }
}

/// report → xlsx → import-form into a fresh ledger → the same form (header, money block,
/// goals, every indicator row and 总分) and the same computed score.
fn round_trip(ledger: &Path, project: &str, dir: &Path) {
    let xlsx = dir.join(format!("{project}.xlsx"));
    run(
        ledger,
        &[
            "report",
            project,
            "--format",
            "xlsx",
            "--out",
            xlsx.to_str().unwrap(),
        ],
    )
    .ok();
    let fresh = dir.join(format!("{project}-fresh"));
    run(&fresh, &["init"]).ok();
    let dry = run(
        &fresh,
        &[
            "import-form",
            xlsx.to_str().unwrap(),
            "--project",
            "copy",
            "--dry-run",
        ],
    )
    .ok();
    assert_eq!(crate::head_seq(&fresh), 0, "--dry-run writes nothing");
    let out = run(
        &fresh,
        &["import-form", xlsx.to_str().unwrap(), "--project", "copy"],
    )
    .ok();
    assert!(
        out.contains(&format!("imported {} events", dry.lines().count())),
        "{out}"
    );
    assert_eq!(form_json(&fresh, "copy"), form_json(ledger, project));
    let score = |l: &Path, p: &str| run(l, &["score", p, "--json"]).json()["total"].clone();
    assert_eq!(score(&fresh, "copy"), score(ledger, project));
}

#[test]
fn the_seed_goes_round_trip_through_excel() {
    let s = Sample::demo();
    round_trip(&s.ledger, SAMPLE, s.ledger.parent().unwrap());
}

const P: &str = "three-funds";

/// A project with all three fund sources, indicators defined out of the form's order, own
/// 分值, a goal's 实际完成情况 and the signature block.
fn three_funds() -> Vec<Value> {
    let l = |d: &str, k: &str, data: Value| line(P, d, k, data);
    vec![
        l(
            "2023-01-01",
            "project.registered",
            json!({"name": "三来源测试项目", "department": "测试局", "unit": "测试中心", "competent_department": "测试局", "year": 2023}),
        ),
        l(
            "2023-01-01",
            "budget.allocated",
            json!({"amount": "200万", "source": "年初预算"}),
        ),
        l(
            "2023-01-01",
            "budget.allocated",
            json!({"amount": "50万", "fund": "上年结转"}),
        ),
        l(
            "2023-01-01",
            "budget.allocated",
            json!({"amount": "30万", "fund": "其他资金"}),
        ),
        l(
            "2023-06-30",
            "budget.adjusted",
            json!({"amount": "180万", "fund": "当年财政拨款", "reason": "压减"}),
        ),
        l("2023-03-01", "funds.arrived", json!({"amount": "180万"})),
        l(
            "2023-03-01",
            "funds.arrived",
            json!({"amount": "50万", "fund": "上年结转"}),
        ),
        l(
            "2023-03-01",
            "funds.arrived",
            json!({"amount": "30万", "fund": "其他资金"}),
        ),
        l(
            "2023-09-01",
            "funds.disbursed",
            json!({"amount": "170万", "purpose": "采购"}),
        ),
        l(
            "2023-09-01",
            "funds.disbursed",
            json!({"amount": "50万", "fund": "上年结转", "purpose": "续建"}),
        ),
        l(
            "2023-09-01",
            "funds.disbursed",
            json!({"amount": "20.5万", "fund": "其他资金", "purpose": "培训"}),
        ),
        l(
            "2023-01-01",
            "goal.set",
            json!({"id": "g1", "text": "完成设备采购"}),
        ),
        l(
            "2023-01-01",
            "indicator.defined",
            json!({"id": "s", "level1": "满意度指标", "level2": "服务对象满意度指标", "name": "满意度", "target": "≥90%", "weight": "10"}),
        ),
        l(
            "2023-01-01",
            "indicator.defined",
            json!({"id": "q", "level1": "产出指标", "level2": "质量指标", "name": "验收合格率", "target": "=100%", "weight": "20"}),
        ),
        l(
            "2023-01-01",
            "indicator.defined",
            json!({"id": "n", "level1": "产出指标", "level2": "数量指标", "name": "采购台数", "target": "≥10", "weight": "30"}),
        ),
        l(
            "2023-01-01",
            "indicator.defined",
            json!({"id": "b", "level1": "效益指标", "level2": "社会效益指标", "name": "服务能力", "target": "进一步提高", "weight": "30"}),
        ),
        l(
            "2024-01-10",
            "indicator.measured",
            json!({"id": "s", "actual": "95%"}),
        ),
        l(
            "2024-01-10",
            "indicator.measured",
            json!({"id": "q", "actual": "100%"}),
        ),
        l(
            "2024-01-10",
            "indicator.measured",
            json!({"id": "n", "actual": "8"}),
        ),
        l(
            "2024-01-10",
            "indicator.assessed",
            json!({"id": "b", "tier": "部分达成", "score_ratio": "0.7", "deviation": "部分设备延期到货"}),
        ),
        l(
            "2024-01-10",
            "goal.assessed",
            json!({"id": "g1", "achieved": "采购 8 台，2 台延至次年"}),
        ),
        l(
            "2024-01-15",
            "evaluation.claimed",
            json!({"score": "90", "grade": "优", "filled_by": "李四", "phone": "0759-1234567", "unit_head": "王五"}),
        ),
    ]
}

#[test]
fn a_project_with_three_fund_sources_lays_out_and_goes_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = ledger_with(dir.path(), &three_funds());
    let report = from_source_for(&ledger, P, &Default::default(), None, Audience::Submission)
        .unwrap()
        .unwrap();
    let state = ledger
        .project_state(P, &Default::default())
        .unwrap()
        .unwrap();
    drop(ledger);
    let form = Form::from_report(&report);
    let by_fund = &state.money.by_fund;
    for (row, (label, fund)) in form.money.rows.iter().zip(by_fund.rows()) {
        assert_eq!(row.label, label);
        let wan = |y: jixiao::money::Yuan| Some(y.decimal() / rust_decimal::Decimal::from(10_000));
        assert_eq!(
            [row.initial_budget.value, row.budget.value, row.spent.value],
            [wan(fund.initial_budget), wan(fund.budget), wan(fund.spent)],
            "{label}"
        );
    }
    let groups: Vec<(&str, usize)> = form
        .indicators
        .iter()
        .map(|g| (g.name.as_str(), g.rows_span))
        .collect();
    assert_eq!(
        groups,
        [("产出指标", 2), ("效益指标", 1), ("满意度指标", 1)]
    );
    assert_eq!(
        form.indicators[0].level2[0].name, "数量指标",
        "数量 before 质量"
    );
    assert_eq!(form.goals[0].achieved, "采购 8 台，2 台延至次年");
    let sig = form.signature.as_ref().unwrap();
    assert_eq!(
        (sig.filled_by.as_deref(), sig.unit_head.as_deref()),
        (Some("李四"), Some("王五"))
    );
    round_trip(&dir.path().join("ledger"), P, dir.path());
}

#[test]
fn submission_and_audit_copies_differ_as_documented_and_both_verify() {
    let s = Sample::demo();
    let submission = s.run(&["report", SAMPLE]).ok();
    let audit = s.run(&["report", SAMPLE, "--for", "audit"]).ok();
    for heading in ["## 审计发现", "## 评分过程", "## 完整性"] {
        assert!(
            !submission.contains(heading) && audit.contains(heading),
            "{heading}"
        );
    }
    let marker = submission
        .lines()
        .find(|l| l.starts_with("<!-- jixiao-integrity"))
        .unwrap();
    let digest: Value =
        serde_json::from_str(&marker["<!-- jixiao-integrity ".len()..marker.len() - 4]).unwrap();
    let footer = format!("· 摘要 {} ·", digest["digest"].as_str().unwrap());
    assert!(
        submission.contains(&footer),
        "the footer line quotes the digest"
    );
    for (name, text) in [("s.md", &submission), ("a.md", &audit)] {
        std::fs::write(s.file(name), text).unwrap();
        s.run(&["verify-report", s.file(name).to_str().unwrap()])
            .ok();
    }
    let relabelled =
        submission.replacen("\"audience\":\"submission\"", "\"audience\":\"audit\"", 1);
    std::fs::write(s.file("relabelled.md"), relabelled).unwrap();
    s.run(&["verify-report", s.file("relabelled.md").to_str().unwrap()])
        .fails(1);
    for format in ["html", "json"] {
        let path = s.file(&format!("s.{format}"));
        s.run(&[
            "report",
            SAMPLE,
            "--format",
            format,
            "--out",
            path.to_str().unwrap(),
        ])
        .ok();
        s.run(&["verify-report", path.to_str().unwrap()]).ok();
    }
}
