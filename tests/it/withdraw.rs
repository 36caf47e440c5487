//! `project withdraw`: a registration recorded in error stops being stuck. The withdrawn
//! project keeps its history (state, history, log), leaves `projects` and its totals, takes
//! no further events but corrections and reversals of its own, and comes back when the
//! withdrawal is reversed. Every refusal exits 2 in Chinese naming the rule, and writes nothing.

use serde_json::{json, Value};

use crate::support::{assert_chinese, funded, line, Jx};

const E: &str = "--effective=2024-03-01";

/// `p` registered in error (2024, dated the day it was typed), with an allocation of 50万;
/// `q` a real project of 100万 with 60万 arrived. Returns the ledger and p's withdrawal seq.
fn withdrawn() -> (Jx, usize) {
    let jx = Jx::new().in_chinese();
    jx.import(&funded("q", "100万", "60万"));
    jx.run(&[
        "project",
        "register",
        "p",
        "--name",
        "重复登记的项目",
        "--department",
        "湛江市市场监督管理局",
        "--year",
        "2024",
    ])
    .ok();
    jx.run(&["budget", "allocate", "p", "50万", E]).ok();
    jx.run(&[
        "project",
        "withdraw",
        "p",
        "--reason",
        "登记有误（重复登记）",
    ])
    .ok();
    let seq = jx.len();
    (jx, seq)
}

fn portfolio(jx: &Jx, extra: &[&str]) -> Value {
    let mut args = vec!["projects", "--json"];
    args.extend_from_slice(extra);
    serde_json::from_str(&jx.run(&args).ok()).unwrap()
}

#[test]
fn a_withdrawn_project_keeps_its_history_and_leaves_the_portfolio() {
    let (jx, seq) = withdrawn();
    let p = portfolio(&jx, &[]);
    let rows: Vec<&str> = p["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["project"].as_str().unwrap())
        .collect();
    assert_eq!(rows, ["q"]);
    assert_eq!(
        p["totals"]["budget"], "1000000.00",
        "p's 50万 is not in the total"
    );
    assert_eq!(p["withdrawn"], json!(["p"]));
    let table = jx.run(&["projects"]).ok();
    assert!(table.contains("已撤销登记、未计入合计: p"), "{table}");
    // Its history stays, marked.
    let state = jx.run(&["--lang", "zh", "state", "p"]).ok();
    assert!(
        state.contains(&format!("已撤销登记：序号 {seq}，")),
        "{state}"
    );
    assert!(state.contains("登记有误（重复登记）"), "{state}");
    let json: Value = serde_json::from_str(&jx.run(&["state", "p", "--json"]).ok()).unwrap();
    assert_eq!(json["project"]["withdrawn"]["seq"], seq);
    assert_eq!(json["money"]["budget"], "500000.00");
    let history = jx.run(&["history", "p"]).ok();
    assert!(
        history.contains("已撤销登记 (理由: 登记有误（重复登记）)"),
        "{history}"
    );
    let log = jx.run(&["log", "--project", "p"]).ok();
    assert!(log.contains("project.withdrawn"), "{log}");
    let audit = jx.run(&["audit", "p"]).ok();
    assert!(audit.contains("PROJECT-WITHDRAWN"), "{audit}");
    // Before the withdrawal was recorded, the portfolio had it.
    let before = portfolio(&jx, &["--known-at", &format!("seq:{}", seq - 1)]);
    assert_eq!(before["rows"].as_array().unwrap().len(), 2);
    assert_eq!(before["withdrawn"], json!([]));
}

#[test]
fn a_withdrawn_project_takes_no_new_events() {
    let (jx, seq) = withdrawn();
    let refused: [&[&str]; 7] = [
        &["budget", "allocate", "p", "1万", E],
        &["funds", "arrive", "p", "1万", E],
        &["spend", "p", "1", "--purpose", "办公", E],
        &["goal", "set", "p", "g1", "目标", E],
        &["narrative", "p", "background", "背景", E],
        &["project", "withdraw", "p", "--reason", "再撤一次", E],
        &[
            "project",
            "register",
            "p",
            "--name",
            "n",
            "--department",
            "d",
            "--year",
            "2024",
            E,
        ],
    ];
    let seq_text = format!("序号 {seq}");
    for args in refused {
        let out = jx.reject(
            args,
            &["project-withdrawn", "project", "p", "已撤销登记", &seq_text],
        );
        assert_chinese(&out.stderr);
    }
}

#[test]
fn its_own_events_stay_correctable_and_a_reversed_withdrawal_reinstates_it() {
    let (jx, seq) = withdrawn();
    let allocation = (seq - 1).to_string();
    jx.run(&[
        "correct",
        &allocation,
        "--data",
        r#"{"amount":"40万"}"#,
        "--reason",
        "金额有误",
        E,
    ])
    .ok();
    jx.run(&["reverse", &allocation, "--reason", "作废", E])
        .ok();
    jx.run(&["reverse", &seq.to_string(), "--reason", "撤销有误", E])
        .ok();
    let p = portfolio(&jx, &[]);
    assert_eq!(p["rows"].as_array().unwrap().len(), 2, "{p}");
    assert_eq!(p["withdrawn"], json!([]));
    jx.run(&["budget", "allocate", "p", "1万", E]).ok();
    assert!(!jx
        .run(&["--lang", "zh", "state", "p"])
        .ok()
        .contains("已撤销登记"));
}

#[test]
fn a_project_with_funds_arrived_or_spent_is_not_withdrawn() {
    let jx = Jx::new().in_chinese();
    jx.import(&funded("q", "100万", "60万"));
    let out = jx.reject(
        &["project", "withdraw", "q", "--reason", "r", E],
        &[
            "withdraw-without-money",
            "q",
            "60万元",
            "0万元",
            "jixiao reverse",
        ],
    );
    assert_chinese(&out.stderr);
    // By import too, and a withdrawal of an unregistered project names that rule.
    jx.reject_import(
        &line(
            "project.withdrawn",
            "q",
            "2024-03-01",
            json!({"reason": "r"}),
        ),
        &["第 1 行", "withdraw-without-money"],
    );
    jx.reject(
        &["project", "withdraw", "nope", "--reason", "r", E],
        &["unknown-project", "nope"],
    );
    // Once the arrival (seq 3) is reversed, the withdrawal goes through.
    jx.run(&["reverse", "3", "--reason", "到账记错项目", E])
        .ok();
    jx.run(&["project", "withdraw", "q", "--reason", "登记有误", E])
        .ok();
}
