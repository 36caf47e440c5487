//! Rules on dates: spending may not precede the funds it uses (judged at its own effective
//! date, not only in total); an event dated outside its project's period is recorded with a
//! Chinese warning, and spending so dated is an audit finding; a correction can give an
//! event another effective date. Refusals exit 2 naming rule, amounts and dates, and write
//! nothing.

use serde_json::json;

use crate::support::{assert_chinese, line, registered, Jx};

const P: &str = "p";

/// Project p, 2024 (period the calendar year), budget 100万, 35.6万 arrived on 2024-06-01.
fn project() -> Jx {
    let jx = Jx::new().in_chinese();
    let mut lines = registered(P, 2024, "2024-01-01");
    lines += &line(
        "budget.allocated",
        P,
        "2024-01-01",
        json!({"amount": "100万"}),
    );
    lines += &line(
        "funds.arrived",
        P,
        "2024-06-01",
        json!({"amount": "35.6万"}),
    );
    jx.import(&lines);
    jx
}

fn spend(amount: &'static str, on: &'static str) -> Vec<String> {
    ["spend", P, amount, "--purpose", "宣传", "--effective", on]
        .map(String::from)
        .to_vec()
}

#[test]
fn spending_is_held_to_the_funds_arrived_by_its_own_date() {
    let jx = project();
    // (arguments, accepted, needles of the refusal: rule, field, both amounts, both dates)
    let cases: Vec<(Vec<String>, bool, Vec<&str>)> = vec![
        (
            spend("1万", "2024-05-09"),
            false,
            vec![
                "spending-within-arrived-by-date",
                "data.amount",
                "生效 2024-05-09",
                "截至 2024-05-09 累计支出将为 1万元（10,000.00元）",
                "到位资金只有 0万元（0.00元）",
                "到位资金到 2024-06-01 才足够",
            ],
        ),
        (
            spend("35.6万", "2023-05-09"),
            false,
            vec![
                "spending-within-arrived-by-date",
                "2023-05-09",
                "2024-06-01",
            ],
        ),
        (
            spend("36万", "2024-07-01"),
            false,
            vec!["spending-within-arrived", "360,000.00元", "356,000.00元"],
        ),
        (spend("20万", "2024-06-01"), true, vec![]),
        // Nothing has arrived by 05-31, so even 1元 dated then is refused; 15.6万 dated
        // 06-15 is within the 06-01 arrival.
        (
            spend("1", "2024-05-31"),
            false,
            vec![
                "spending-within-arrived-by-date",
                "2024-05-31",
                "2024-06-01",
            ],
        ),
        (spend("15.6万", "2024-06-15"), true, vec![]),
    ];
    for (args, accepted, needles) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        if accepted {
            jx.run(&args).ok();
        } else {
            let out = jx.reject(&args, &needles);
            assert_chinese(&out.stderr);
        }
    }
    // A second arrival on 09-01 does not cover spending dated 08-01.
    jx.run(&["funds", "arrive", P, "10万", "--effective", "2024-09-01"])
        .ok();
    jx.reject(
        &spend("5万", "2024-08-01")
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        &[
            "spending-within-arrived-by-date",
            "截至 2024-08-01 累计支出将为 40.6万元（406,000.00元）",
            "到位资金只有 35.6万元（356,000.00元）",
            "到位资金到 2024-09-01 才足够",
        ],
    );
    jx.run(&[
        "spend",
        P,
        "5万",
        "--purpose",
        "宣传",
        "--effective",
        "2024-09-01",
    ])
    .ok();
}

#[test]
fn corrections_and_reversals_are_held_to_the_same_dates() {
    let jx = project(); // seqs 1..3, the arrival is seq 3
    jx.run(
        &spend("10万", "2024-06-10")
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    )
    .ok(); // seq 4
    let redate = |target: u64, kind: &str, data: serde_json::Value, on: &str| {
        line(
            "event.corrected",
            P,
            "2024-07-01",
            json!({"target_seq": target, "effective": on, "reason": "日期有误",
                   "replacement": {"type": kind, "data": data}}),
        )
    };
    // Moving the arrival after the spending, or the spending before the arrival: refused.
    jx.reject_import(
        &redate(
            3,
            "funds.arrived",
            json!({"amount": "35.6万"}),
            "2024-06-20",
        ),
        &[
            "第 1 行",
            "spending-within-arrived-by-date",
            "data.replacement",
            "更正序号 3",
            "2024-06-20",
            "截至 2024-06-10 累计支出将为 10万元（100,000.00元）",
        ],
    );
    jx.reject_import(
        &redate(
            4,
            "funds.disbursed",
            json!({"amount": "10万", "purpose": "宣传"}),
            "2024-05-01",
        ),
        &[
            "spending-within-arrived-by-date",
            "更正序号 4",
            "2024-05-01",
            "2024-06-01",
        ],
    );
    // Within the funds' dates, fine.
    jx.import(&redate(
        4,
        "funds.disbursed",
        json!({"amount": "10万", "purpose": "宣传"}),
        "2024-06-02",
    ));
    let state = jx
        .run(&["state", P, "--as-of", "2024-06-01", "--json"])
        .ok();
    let v: serde_json::Value = serde_json::from_str(&state).unwrap();
    assert_eq!(
        v["money"]["spent"], "0.00",
        "the spending now takes effect on 06-02"
    );
    let v: serde_json::Value = serde_json::from_str(
        &jx.run(&["state", P, "--as-of", "2024-06-02", "--json"])
            .ok(),
    )
    .unwrap();
    assert_eq!(v["money"]["spent"], "100000.00");
    assert_eq!(v["money"]["balance"], "256000.00");
}

#[test]
fn a_registration_dated_the_day_it_was_typed_can_be_redated() {
    // The clerk dated the 2024 project the day it was typed, 2026-11-26.
    let jx = Jx::new().in_chinese();
    jx.run(&[
        "project",
        "register",
        P,
        "--name",
        "新项目",
        "--department",
        "湛江市市场监督管理局",
        "--year",
        "2024",
        "--effective",
        "2026-11-26",
    ])
    .ok();
    jx.run(&["state", P, "--as-of", "2024-06-30"])
        .fails(2, &[P]);
    jx.import(&line(
        "event.corrected",
        P,
        "2026-11-26",
        json!({"target_seq": 1, "effective": "2024-01-01", "reason": "生效日期录入错误",
               "replacement": {"type": "project.registered",
                               "data": {"name": "新项目", "department": "湛江市市场监督管理局", "year": 2024}}}),
    ));
    let state = jx.run(&["state", P, "--as-of", "2024-06-30"]).ok();
    assert!(state.contains("新项目"), "{state}");
    let history = jx.run(&["history", P]).ok();
    assert!(
        history.contains("生效日期 2026-11-26 → 2024-01-01"),
        "{history}"
    );
    let log = jx.run(&["log", "--project", P]).ok();
    assert!(log.contains("生效日期改为 2024-01-01"), "{log}");
    // The as-of axis moved; the registration's own envelope did not.
    assert!(crate::support::export_lines(&jx.export())[0].contains("\"effective\":\"2026-11-26\""));
    // A correction's date is a calendar date in range, like any other.
    jx.reject_import(
        &line(
            "event.corrected",
            P,
            "2026-11-26",
            json!({"target_seq": 1, "effective": "2024-02-30", "reason": "r",
                   "replacement": {"type": "project.registered",
                                   "data": {"name": "新项目", "department": "d", "year": 2024}}}),
        ),
        &["第 1 行", "data.effective", "2024-02-30"],
    );
}

#[test]
fn an_event_dated_outside_its_period_is_recorded_with_a_warning() {
    let jx = project();
    // (arguments, whether a warning is due): money and plans belong in the period; results,
    // report text and the claim come after it and are flagged only when dated before it.
    let cases: [(&[&str], bool); 7] = [
        (
            &["funds", "arrive", P, "1万", "--effective", "2023-12-15"],
            true,
        ),
        (
            &[
                "spend",
                P,
                "1",
                "--purpose",
                "尾款",
                "--effective",
                "2030-01-01",
            ],
            true,
        ),
        (
            &["goal", "set", P, "g1", "目标", "--effective", "2024-03-01"],
            false,
        ),
        (
            &["goal", "set", P, "g2", "目标", "--effective", "2025-03-01"],
            true,
        ),
        (
            &[
                "narrative",
                P,
                "background",
                "背景",
                "--effective",
                "2025-07-01",
            ],
            false,
        ),
        (
            &[
                "narrative",
                P,
                "method",
                "方法",
                "--effective",
                "2023-06-01",
            ],
            true,
        ),
        (
            &[
                "budget",
                "adjust",
                P,
                "90万",
                "--reason",
                "压减",
                "--effective",
                "2024-12-31",
            ],
            false,
        ),
    ];
    for (args, warned) in cases {
        let out = jx.run(args);
        assert_eq!(out.code, 0, "{args:?}: {out:#?}");
        let on = args.last().unwrap();
        let warning =
            format!("注意：生效日期 {on} 不在项目 p 的实施周期（2024-01-01 至 2024-12-31）内");
        assert_eq!(
            out.stdout.contains(&warning),
            warned,
            "{args:?}: {}",
            out.stdout
        );
    }
    // An import says which line.
    let out = jx.run_stdin(
        &["import", "-"],
        line("funds.arrived", P, "2025-01-10", json!({"amount": "1万"})).as_bytes(),
    );
    assert_eq!(out.code, 0, "{out:#?}");
    let seq = jx.len();
    let note = format!("注意：第 1 行（序号 {seq}）的生效日期 2025-01-10 不在项目 p 的实施周期");
    assert!(out.stdout.contains(&note), "{}", out.stdout);
}

#[test]
fn spending_outside_the_period_is_an_audit_finding_with_its_seqs() {
    let jx = project(); // seqs 1..3
    jx.run(&["funds", "arrive", P, "1万", "--effective", "2023-12-01"])
        .ok(); // seq 4
    let cases = [
        ("2023-12-15", true),
        ("2024-06-01", false),
        ("2025-01-02", true),
    ];
    let mut outside = Vec::new();
    for (on, is_outside) in cases {
        jx.run(&["spend", P, "1000", "--purpose", "支出", "--effective", on])
            .ok();
        if is_outside {
            outside.push(jx.len() as u64);
        }
    }
    let audit: serde_json::Value =
        serde_json::from_str(&jx.run(&["audit", P, "--json"]).ok()).unwrap();
    let finding = audit
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "SPENT-OUTSIDE-PERIOD")
        .unwrap_or_else(|| panic!("no SPENT-OUTSIDE-PERIOD in {audit}"));
    assert_eq!(finding["seqs"], json!(outside));
    let message = finding["message"].as_str().unwrap();
    assert!(
        message.contains("2 笔支出共 0.2万元 的日期（2023-12-15、2025-01-02）"),
        "{message}"
    );
    assert!(message.contains("2024-01-01 至 2024-12-31"), "{message}");
}
