//! Issue 13 item 6 as data: filled forms laid out as real files are (label variants, blank
//! spacer rows, merged 一级 cells, goals numbered in one cell) in, import lines out; bad cells
//! in, an error naming the cell, field and value out, and nothing written.

use rust_xlsxwriter::{Format, Workbook};
use serde_json::Value;

use crate::{jixiao, DEMO_NOW};

/// A cell: (row, col, text); numbers are written as numbers when `text` parses as one.
type Put<'a> = (u32, u16, &'a str);

/// A hand-made form in the template's layout with the variants real files use.
fn form(money: [&str; 4], total_score: &str) -> Vec<Put<'static>> {
    let money: [&'static str; 4] = money.map(|m| &*Box::leak(m.to_string().into_boxed_str()));
    let score: &'static str = Box::leak(total_score.to_string().into_boxed_str());
    vec![
        (0, 0, "项目支出绩效自评表（2022年度）"),
        (1, 0, "项目名称"),
        (1, 2, "乡村道路养护"),
        (2, 0, "主管部门 ："),
        (2, 2, "某县交通运输局"),
        (2, 4, "实施单位"),
        (2, 5, "某县公路事务中心"),
        (3, 0, "项目资金（万元）"),
        (3, 2, "年初预算数"),
        (3, 3, "全年预算数"),
        (3, 4, "全年执行数"),
        (3, 5, "分值"),
        (3, 6, "执行率"),
        (3, 7, "得分"),
        (4, 1, "年度资金总额"),
        (4, 2, money[0]),
        (4, 3, money[1]),
        (4, 4, money[2]),
        (4, 5, "10"),
        (5, 1, "其中：本年财政拨款"),
        (5, 2, money[0]),
        (5, 3, money[1]),
        (5, 4, money[3]),
        // row 6 left blank: a spacer
        (7, 1, "结转资金"),
        (8, 1, "其他"),
        (9, 0, "年度总体目标"),
        (9, 1, "预期目标"),
        (9, 4, "实际完成情况"),
        (10, 1, "1. 养护道路 20 公里\n2. 群众满意"),
        (10, 4, "1. 养护 18 公里\n2. 满意度 96%"),
        (11, 0, "一级指标"),
        (11, 1, "二级指标"),
        (11, 2, "三级指标"),
        (11, 3, "指标值"),
        (11, 4, "实际值"),
        (11, 5, "分值"),
        (11, 6, "得分"),
        (11, 7, "偏差原因分析"),
        (12, 0, "产出指标"),
        (12, 1, "数量指标"),
        (12, 2, "养护里程（公里）"),
        (12, 3, "≥20"),
        (12, 4, "18"),
        (12, 5, "50"),
        (12, 6, "45"),
        (12, 7, "雨季延误"),
        // row 13 is covered by the merged 产出 / 数量 cells above
        (13, 2, "养护道路条数"),
        (13, 3, "≥5"),
        (13, 4, "6"),
        (14, 0, "满意度指标"),
        (14, 1, "服务对象满意度指标"),
        (14, 2, "群众满意度"),
        (14, 3, "≥90%"),
        (14, 4, "96%"),
        (14, 5, "10"),
        (14, 6, "10"),
        (15, 0, "总分"),
        (15, 5, "100"),
        (15, 6, score),
        (
            17,
            0,
            "填报人：张三　联系电话：0759-0000000　单位负责人：李四　填报日期：2023年3月1日",
        ),
    ]
}

fn write_xlsx(path: &std::path::Path, cells: &[Put]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Sheet1").unwrap();
    ws.merge_range(12, 0, 13, 0, "产出指标", &Format::new())
        .unwrap();
    ws.merge_range(12, 1, 13, 1, "数量指标", &Format::new())
        .unwrap();
    for &(r, c, text) in cells {
        if (12..=13).contains(&r) && c < 2 {
            continue;
        }
        match text.parse::<f64>() {
            Ok(n) => ws.write_number(r, c, n).unwrap(),
            Err(_) => ws.write_string(r, c, text).unwrap(),
        };
    }
    wb.save(path).unwrap();
}

/// Runs `import-form --dry-run` on `cells` and returns the lines (or the failed run).
fn dry_run(cells: &[Put]) -> Result<Vec<Value>, crate::Run> {
    let dir = tempfile::tempdir().unwrap();
    let (file, ledger) = (dir.path().join("form.xlsx"), dir.path().join("ledger"));
    write_xlsx(&file, cells);
    let run = jixiao(
        &ledger,
        DEMO_NOW,
        &[
            "import-form",
            file.to_str().unwrap(),
            "--project",
            "road",
            "--dry-run",
        ],
    );
    match run.code {
        0 => Ok(run
            .stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()),
        _ => Err(run),
    }
}

fn of_type<'a>(lines: &'a [Value], kind: &str) -> Vec<&'a Value> {
    lines.iter().filter(|l| l["type"] == kind).collect()
}

#[test]
fn a_form_with_the_variants_real_files_use_reads_into_import_lines() {
    let lines = dry_run(&form(["100", "120", "110", "110"], "94")).unwrap();
    let reg = &of_type(&lines, "project.registered")[0]["data"];
    assert_eq!(
        (reg["name"].as_str(), reg["year"].as_u64()),
        (Some("乡村道路养护"), Some(2022))
    );
    assert_eq!(reg["competent_department"], "某县交通运输局");
    assert_eq!(reg["unit"], "某县公路事务中心");
    let alloc = of_type(&lines, "budget.allocated");
    assert_eq!(alloc.len(), 1);
    assert_eq!(
        (
            alloc[0]["data"]["amount"].as_str(),
            alloc[0]["data"]["fund"].as_str()
        ),
        (Some("1000000.00"), Some("当年财政拨款"))
    );
    assert_eq!(
        of_type(&lines, "budget.adjusted")[0]["data"]["amount"],
        "1200000.00"
    );
    assert_eq!(
        of_type(&lines, "funds.disbursed")[0]["data"]["amount"],
        "1100000.00"
    );
    let goals: Vec<&str> = of_type(&lines, "goal.set")
        .iter()
        .map(|l| l["data"]["text"].as_str().unwrap())
        .collect();
    assert_eq!(goals, ["养护道路 20 公里", "群众满意"]);
    assert_eq!(
        of_type(&lines, "goal.assessed")[1]["data"]["achieved"],
        "满意度 96%"
    );
    let defined = of_type(&lines, "indicator.defined");
    let rows: Vec<(&str, &str, &str)> = defined
        .iter()
        .map(|l| {
            (
                l["data"]["level1"].as_str().unwrap(),
                l["data"]["level2"].as_str().unwrap(),
                l["data"]["target"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("产出指标", "数量指标", "≥20"),
            ("产出指标", "数量指标", "≥5"),
            ("满意度指标", "服务对象满意度指标", "≥90%")
        ]
    );
    let assessed = &of_type(&lines, "indicator.assessed")[0]["data"];
    assert_eq!(
        (assessed["id"].as_str(), assessed["deviation"].as_str()),
        (Some("i1"), Some("雨季延误"))
    );
    let claim = &of_type(&lines, "evaluation.claimed")[0];
    assert_eq!(claim["effective"], "2023-03-01");
    assert_eq!(claim["data"]["score"], "94");
    assert_eq!(
        claim["data"]["grade"], "优",
        "no 等级 written: the policy's band for 94"
    );
    assert_eq!(
        (
            claim["data"]["filled_by"].as_str(),
            claim["data"]["unit_head"].as_str()
        ),
        (Some("张三"), Some("李四"))
    );
}

/// (case, money cells [年初 全年 执行 (total) / 执行 (财政拨款)], what the error must name)
const BAD: &[(&str, [&str; 4], &[&str])] = &[
    (
        "an amount that is not one",
        ["100", "abc", "110", "110"],
        &["Sheet1!D5", "全年预算数", "\"abc\""],
    ),
    (
        "more than fen precision",
        ["100.0000001", "120", "110", "110"],
        &["Sheet1!C5", "年初预算数"],
    ),
    (
        "a total that is not the sum of its rows",
        ["100", "120", "110", "109"],
        &["Sheet1!B5", "年度资金总额 全年执行数", "110", "109"],
    ),
];

#[test]
fn bad_cells_are_named_and_nothing_is_written() {
    for (case, money, needles) in BAD {
        let err = dry_run(&form(*money, "94")).expect_err(case).fails(2);
        for needle in *needles {
            assert!(err.contains(needle), "{case}: {needle} in {err}");
        }
    }
    let no_table = [(0, 0, "项目支出绩效自评表（2022年度）"), (1, 0, "项目名称")];
    let err = dry_run(&no_table).expect_err("no indicator table").fails(2);
    assert!(err.contains("三级指标"), "{err}");
}

#[test]
fn a_form_the_rules_refuse_is_appended_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let (file, ledger) = (dir.path().join("form.xlsx"), dir.path().join("ledger"));
    // 全年执行数 above 全年预算数: arrivals (recorded equal to spending) exceed the budget.
    write_xlsx(&file, &form(["100", "120", "130", "130"], "94"));
    jixiao(&ledger, DEMO_NOW, &["init"]).ok();
    let err = jixiao(
        &ledger,
        DEMO_NOW,
        &["import-form", file.to_str().unwrap(), "--project", "road"],
    )
    .fails(2);
    assert!(err.contains("arrived-within-budget"), "{err}");
    assert_eq!(crate::head_seq(&ledger), 0, "all or nothing");
}
