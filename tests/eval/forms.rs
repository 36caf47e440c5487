//! Issue 10 items 7–9 as data: level names real forms use, weight tables that do not add up
//! to 100, per-二级 分值 and the shipped policies. Each case is import lines in, the expected
//! row 分值, total, grade and finding codes out.

use jixiao::findings::audit;
use jixiao::scoring::{score, show};
use serde_json::{json, Value};

use crate::{dec, jixiao, line, register, DEMO_NOW};

const P: &str = "forms";

/// An indicator row: (id, 一级, 二级, target, own 分值), measured at `actual`.
type Row<'a> = (&'a str, &'a str, &'a str, &'a str, Option<&'a str>, &'a str);

fn project(rows: &[Row], scoring: Option<Value>) -> Vec<Value> {
    let mut lines = vec![
        register(P, "测试局"),
        line(
            P,
            "2023-01-01",
            "budget.allocated",
            json!({"amount": "100万"}),
        ),
        line(P, "2023-02-01", "funds.arrived", json!({"amount": "100万"})),
        line(
            P,
            "2023-06-01",
            "funds.disbursed",
            json!({"amount": "100万", "purpose": "测试"}),
        ),
    ];
    if let Some(data) = scoring {
        lines.push(line(P, "2023-01-01", "scoring.configured", data));
    }
    for (id, l1, l2, target, weight, _) in rows {
        let mut data = json!({"id": id, "level1": l1, "level2": l2, "name": format!("指标 {id}"), "target": target});
        if let Some(w) = weight {
            data["weight"] = json!(w);
        }
        lines.push(line(P, "2023-01-01", "indicator.defined", data));
    }
    for (id, _, _, _, _, actual) in rows {
        lines.push(line(
            P,
            "2023-12-31",
            "indicator.measured",
            json!({"id": id, "actual": actual}),
        ));
    }
    lines
}

struct Case<'a> {
    name: &'a str,
    scoring: Option<Value>,
    rows: Vec<Row<'a>>,
    /// Expected 分值 per row, in row order (exact, as `tidy` keeps them).
    weights: Vec<&'a str>,
    total: &'a str,
    grade: &'a str,
    /// Finding codes that must be present, and ones that must not.
    present: Vec<&'a str>,
    absent: Vec<&'a str>,
}

fn all_met<'a>(parts: &[(&'a str, &'a str, usize)]) -> Vec<Row<'a>> {
    let ids = ["r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8"];
    let mut rows = Vec::new();
    let mut n = 0;
    for (l1, l2, count) in parts {
        for _ in 0..*count {
            rows.push((ids[n], *l1, *l2, "≥1", None, "1"));
            n += 1;
        }
    }
    rows
}

fn cases() -> Vec<Case<'static>> {
    vec![
        Case {
            name: "older forms: 效果指标 holds 效益 and 满意度 二级; names without 指标",
            scoring: None,
            rows: all_met(&[
                ("产出", "数量", 1),
                ("效果指标", "经济效益", 1),
                ("效果指标", "服务对象满意度", 1),
            ]),
            weights: vec!["50", "30", "10"],
            total: "100",
            grade: "优",
            present: vec![],
            absent: vec!["WEIGHTS-NOT-100", "WEIGHTS-MISMATCH"],
        },
        Case {
            name: "环境效益 / 社会效益 under 效益指标, 服务对象满意度 without 指标",
            scoring: None,
            rows: all_met(&[
                ("产出指标", "数量指标", 2),
                ("效益指标", "环境效益", 1),
                ("效益指标", "社会效益", 1),
                ("满意度指标", "服务对象满意度", 1),
            ]),
            weights: vec!["25", "25", "15", "15", "10"],
            total: "100",
            grade: "优",
            present: vec![],
            absent: vec!["WEIGHTS-NOT-100"],
        },
        Case {
            name: "a table adding up to 110 is scored as written, with a critical finding",
            scoring: Some(json!({"weights": {"output": "70", "benefit": "20"}})),
            rows: all_met(&[
                ("产出指标", "数量指标", 1),
                ("效益指标", "经济效益指标", 1),
                ("满意度指标", "服务对象满意度指标", 1),
            ]),
            weights: vec!["70", "20", "10"],
            total: "110",
            grade: "优",
            present: vec!["WEIGHTS-NOT-100"],
            absent: vec![],
        },
        Case {
            name: "--output 90 alone keeps the other parts' points: 140, critical",
            scoring: Some(json!({"weights": {"output": "90"}})),
            rows: all_met(&[
                ("产出指标", "数量指标", 1),
                ("效益指标", "经济效益指标", 1),
                ("满意度指标", "服务对象满意度指标", 1),
            ]),
            weights: vec!["90", "30", "10"],
            total: "140",
            grade: "优",
            present: vec!["WEIGHTS-NOT-100"],
            absent: vec![],
        },
        Case {
            name: "Sichuan-style policy: 效益 rows carry no points, and a finding says so",
            scoring: Some(json!({"policy": "sichuan-10-90"})),
            rows: all_met(&[("产出指标", "数量指标", 1), ("效益指标", "社会效益指标", 1)]),
            weights: vec!["90", "0"],
            total: "100",
            grade: "优",
            present: vec!["WEIGHTS-MISMATCH"],
            absent: vec!["WEIGHTS-NOT-100"],
        },
        Case {
            name: "Sichuan-style policy: 执行率 10 + 产出 90",
            scoring: Some(json!({"policy": "sichuan-10-90"})),
            rows: all_met(&[("产出指标", "数量指标", 2), ("产出指标", "时效指标", 1)]),
            weights: vec!["30", "30", "30"],
            total: "100",
            grade: "优",
            present: vec![],
            absent: vec!["WEIGHTS-NOT-100", "WEIGHTS-MISMATCH"],
        },
        Case {
            name: "Hubei-style with 分值 per 二级, one row giving its own",
            scoring: Some(
                json!({"policy": "hubei-20-40-30-10", "level2_weights": {"数量指标": "20", "质量": "20"}}),
            ),
            rows: vec![
                ("q1", "产出指标", "数量指标", "≥1", Some("10"), "1"),
                ("q2", "产出指标", "数量指标", "≥1", None, "1"),
                ("q3", "产出指标", "数量指标", "≥1", None, "1"),
                ("k1", "产出指标", "质量指标", "≥1", None, "1"),
                ("k2", "产出指标", "质量指标", "≥1", None, "1"),
                ("b1", "效益指标", "社会效益指标", "≥1", None, "1"),
                ("b2", "效益指标", "经济效益指标", "≥1", None, "1"),
                ("s1", "满意度指标", "服务对象满意度指标", "≥1", None, "1"),
            ],
            weights: vec!["10", "5", "5", "10", "10", "15", "15", "10"],
            total: "100",
            grade: "优",
            present: vec![],
            absent: vec!["WEIGHTS-NOT-100", "WEIGHTS-MISMATCH"],
        },
        Case {
            name: "a 二级's rows giving more than its 分值 is a mismatch, and so is the whole",
            scoring: Some(json!({"level2_weights": {"数量指标": "20"}})),
            rows: vec![
                ("q1", "产出指标", "数量指标", "≥1", Some("15"), "1"),
                ("q2", "产出指标", "数量指标", "≥1", Some("15"), "1"),
                ("k1", "产出指标", "质量指标", "≥1", None, "1"),
                ("b1", "效益指标", "社会效益指标", "≥1", None, "1"),
                ("s1", "满意度指标", "服务对象满意度指标", "≥1", None, "1"),
            ],
            weights: vec!["15", "15", "30", "30", "10"],
            total: "110",
            grade: "优",
            present: vec!["WEIGHTS-MISMATCH", "WEIGHTS-NOT-100"],
            absent: vec![],
        },
        Case {
            name: "whole-point rounding: 6 of ≥8 on 10 points is 7.5, kept as 8",
            scoring: Some(json!({"policy": "cz-2020-10-whole", "weights": {"output": "50"}})),
            rows: vec![
                ("o1", "产出指标", "数量指标", "≥8", Some("10"), "6"),
                ("o2", "产出指标", "数量指标", "≥1", Some("40"), "1"),
                ("b1", "效益指标", "社会效益指标", "≥1", None, "1"),
                ("s1", "满意度指标", "服务对象满意度指标", "≥1", None, "1"),
            ],
            weights: vec!["10", "40", "30", "10"],
            total: "98",
            grade: "优",
            present: vec![],
            absent: vec!["WEIGHTS-NOT-100"],
        },
        Case {
            name: "a bare rate target is a floor by default: 95% is met by 100%",
            scoring: None,
            rows: vec![
                ("o1", "产出指标", "质量指标", "95%", None, "100%"),
                ("b1", "效益指标", "社会效益指标", "≥1", None, "1"),
                ("s1", "满意度指标", "服务对象满意度指标", "≥1", None, "1"),
            ],
            weights: vec!["50", "30", "10"],
            total: "100",
            grade: "优",
            present: vec![],
            absent: vec!["WEIGHTS-NOT-100"],
        },
        Case {
            name: "a policy whose bare targets are exact: 100% against 95% earns 95/100",
            scoring: Some(json!({"policy": "cz-2020-10-exact"})),
            rows: vec![
                ("o1", "产出指标", "质量指标", "95%", None, "100%"),
                ("b1", "效益指标", "社会效益指标", "≥1", None, "1"),
                ("s1", "满意度指标", "服务对象满意度指标", "≥1", None, "1"),
            ],
            weights: vec!["50", "30", "10"],
            total: "97.5",
            grade: "优",
            present: vec![],
            absent: vec!["WEIGHTS-NOT-100"],
        },
    ]
}

#[test]
fn level_names_weight_tables_and_policies_score_as_the_rules_say() {
    for case in cases() {
        let lines = project(&case.rows, case.scoring.clone());
        let dir = tempfile::tempdir().unwrap();
        let ledger = crate::ledger_with(dir.path(), &lines);
        let view = jixiao::projection::View::default();
        let events = ledger.project_events_in(P, &view).unwrap();
        let state = jixiao::projection::fold(P, &events, &view).unwrap();
        let card = score(&state);
        let weights: Vec<String> = card.lines.iter().map(|l| l.weight.to_string()).collect();
        assert_eq!(weights, case.weights, "{}", case.name);
        assert_eq!(show(card.total), case.total, "{}", case.name);
        assert_eq!(card.grade.as_str(), case.grade, "{}", case.name);
        let shown: rust_decimal::Decimal = card.lines.iter().map(|l| l.weight_shown).sum();
        assert_eq!(
            shown + card.execution_weight,
            card.weight_total.round_dp(2),
            "{}: the printed 分值 column adds up to the 总分 row",
            case.name
        );
        let codes: Vec<&str> = audit(&state, &card, &events)
            .iter()
            .map(|f| f.code)
            .collect();
        for code in &case.present {
            assert!(
                codes.contains(code),
                "{}: {code} missing from {codes:?}",
                case.name
            );
        }
        for code in &case.absent {
            assert!(
                !codes.contains(code),
                "{}: {code} unexpected in {codes:?}",
                case.name
            );
        }
        if card.weight_total > dec("100") {
            assert!(
                codes.contains(&"WEIGHTS-NOT-100"),
                "{}: above 100 without a finding",
                case.name
            );
        }
    }
}

#[test]
fn a_level2_outside_its_level1_is_refused_naming_the_allowed_ones() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger");
    let run = |args: &[&str]| jixiao(&ledger, DEMO_NOW, args);
    run(&["init"]).ok();
    run(&[
        "project",
        "register",
        P,
        "--name",
        "层级",
        "--department",
        "测试局",
        "--year",
        "2023",
        "--effective",
        "2023-01-01",
    ])
    .ok();
    let head = crate::head_seq(&ledger);
    for (l1, l2, want) in [
        (
            "产出指标",
            "服务对象满意度指标",
            "不属于一级指标「产出指标」",
        ),
        ("结果指标", "数量指标", "一级指标「结果指标」"),
        (
            "效益指标",
            "数量指标",
            "效益指标下可用：经济效益指标、社会效益指标、生态效益指标、可持续影响指标",
        ),
    ] {
        let err = run(&[
            "indicator",
            "define",
            P,
            "x",
            "--level1",
            l1,
            "--level2",
            l2,
            "--name",
            "x",
            "--target",
            "≥1",
        ])
        .fails(2);
        assert!(err.contains(want), "{l1}/{l2}: {err}");
        assert_eq!(
            crate::head_seq(&ledger),
            head,
            "nothing written for {l1}/{l2}"
        );
    }
    let ok = run(&[
        "indicator",
        "define",
        P,
        "y",
        "--level1",
        "效果指标",
        "--level2",
        "服务对象满意度",
        "--name",
        "满意度",
        "--target",
        "≥90%",
    ]);
    ok.ok();
    let state = run(&["state", P, "--json"]).json();
    assert_eq!(
        state["indicators"][0]["level1"], "效果指标",
        "stored as written"
    );
}

#[test]
fn policies_are_listed_shown_and_chosen_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger");
    let run = |args: &[&str]| jixiao(&ledger, DEMO_NOW, args);
    let list = run(&["policy", "list"]).ok();
    for id in [
        "cz-2020-10",
        "cz-2020-10-exact",
        "cz-2020-10-whole",
        "sichuan-10-90",
        "hubei-20-40-30-10",
    ] {
        assert!(list.contains(id), "{list}");
    }
    // score's and policy show's words follow the language (Chinese by default).
    let show = run(&["policy", "show", "hubei-20-40-30-10"]).ok();
    assert!(
        show.contains("weights: 预算执行率 20, 产出指标 40, 效益指标 30, 满意度指标 10"),
        "{show}"
    );
    let show = run(&["--lang", "zh", "policy", "show", "hubei-20-40-30-10"]).ok();
    assert!(
        show.contains("分值：预算执行率 20，产出指标 40，效益指标 30，满意度指标 10"),
        "{show}"
    );
    let err = run(&["--lang", "zh", "policy", "show", "nope"]).fails(2);
    assert!(
        err.contains("评分规则「nope」不存在") && err.contains("sichuan-10-90"),
        "{err}"
    );
    run(&["init"]).ok();
    run(&[
        "project",
        "register",
        P,
        "--name",
        "规则",
        "--department",
        "测试局",
        "--year",
        "2023",
        "--effective",
        "2023-01-01",
    ])
    .ok();
    let head = crate::head_seq(&ledger);
    let err = run(&["--lang", "zh", "scoring", P, "--policy", "nope"]).fails(2);
    assert!(err.contains("评分规则「nope」不存在"), "{err}");
    let err = run(&["scoring", P, "--level2", "好指标=20"]).fails(2);
    assert!(err.contains("好指标"), "{err}");
    assert_eq!(crate::head_seq(&ledger), head);
    run(&[
        "scoring",
        P,
        "--policy",
        "hubei-20-40-30-10",
        "--level2",
        "数量指标=20",
    ])
    .ok();
    let card = run(&["score", P, "--json"]).json();
    assert_eq!(card["policy"]["id"], "hubei-20-40-30-10");
    assert_eq!(card["policy"]["level2_weights"]["数量指标"], "20");
}
