//! Fund sources (资金来源) and exact figures (issue 10, items 6 and 7): import lines in, the
//! money block's rows per fund out; amounts that differ by 0.01元 shown so the difference is
//! visible; `fund` names and aliases through the CLI, unknown names refused with nothing
//! written.

use jixiao::fund::Fund;
use jixiao::money::Yuan;
use serde_json::{json, Value};

use crate::{head_seq, jixiao, line, register, state_of, DEMO_NOW};

const P: &str = "funds-test";

fn y(text: &str) -> Yuan {
    Yuan::parse(text).expect("amount literal")
}

fn event(kind: &str, data: Value) -> Value {
    line(P, "2023-01-01", kind, data)
}

/// A money block row as (年初预算数, 全年预算数, 到位, 全年执行数), written as amounts.
type Row = [&'static str; 4];

struct Case {
    what: &'static str,
    lines: Vec<Value>,
    /// 年度资金总额, 当年财政拨款, 上年结转, 其他资金.
    rows: [Row; 4],
}

fn cases() -> Vec<Case> {
    let alloc = |data: Value| event("budget.allocated", data);
    let adjust = |data: Value| event("budget.adjusted", data);
    vec![
        Case {
            what: "935万 年初预算 + 50万 上年结转 (fund): 年初预算数 985万",
            lines: vec![
                alloc(json!({"amount": "935万", "source": "年初预算"})),
                alloc(json!({"amount": "50万", "fund": "上年结转"})),
            ],
            rows: [
                ["985万", "985万", "0", "0"],
                ["935万", "935万", "0", "0"],
                ["50万", "50万", "0", "0"],
                ["0", "0", "0", "0"],
            ],
        },
        Case {
            what: "an old event: source 上年结转 without fund is carry-over",
            lines: vec![
                alloc(json!({"amount": "935万", "source": "年初预算"})),
                alloc(json!({"amount": "50万", "source": "上年结转"})),
            ],
            rows: [
                ["985万", "985万", "0", "0"],
                ["935万", "935万", "0", "0"],
                ["50万", "50万", "0", "0"],
                ["0", "0", "0", "0"],
            ],
        },
        Case {
            what: "本年财政拨款 as source and as fund alias: 当年财政拨款, counted in 年初预算数",
            lines: vec![
                alloc(json!({"amount": "100万", "source": "本年财政拨款"})),
                alloc(json!({"amount": "20万", "fund": "本年财政拨款"})),
                alloc(json!({"amount": "5万", "fund": "其他"})),
            ],
            rows: [
                ["125万", "125万", "0", "0"],
                ["120万", "120万", "0", "0"],
                ["0", "0", "0", "0"],
                ["5万", "5万", "0", "0"],
            ],
        },
        Case {
            what: "追加 is not 年初预算数",
            lines: vec![
                alloc(json!({"amount": "100万"})),
                alloc(json!({"amount": "30万", "source": "追加预算"})),
            ],
            rows: [
                ["100万", "130万", "0", "0"],
                ["100万", "130万", "0", "0"],
                ["0", "0", "0", "0"],
                ["0", "0", "0", "0"],
            ],
        },
        Case {
            what: "a fund-specific adjustment sets that fund's total only",
            lines: vec![
                alloc(json!({"amount": "935万", "source": "年初预算"})),
                alloc(json!({"amount": "50万", "fund": "结转资金"})),
                adjust(json!({"amount": "30万", "fund": "上年结转", "reason": "收回结转"})),
            ],
            rows: [
                ["985万", "965万", "0", "0"],
                ["935万", "935万", "0", "0"],
                ["50万", "30万", "0", "0"],
                ["0", "0", "0", "0"],
            ],
        },
        Case {
            what: "a whole adjustment: the difference goes to 当年财政拨款",
            lines: vec![
                alloc(json!({"amount": "935万", "source": "年初预算"})),
                alloc(json!({"amount": "50万", "fund": "上年结转"})),
                adjust(json!({"amount": "600万", "reason": "市财政调整"})),
            ],
            rows: [
                ["985万", "600万", "0", "0"],
                ["935万", "550万", "0", "0"],
                ["50万", "50万", "0", "0"],
                ["0", "0", "0", "0"],
            ],
        },
        Case {
            what: "arrivals and spending by fund",
            lines: vec![
                alloc(json!({"amount": "100万"})),
                alloc(json!({"amount": "50万", "fund": "上年结转"})),
                event(
                    "funds.arrived",
                    json!({"amount": "80万", "source": "市级财政拨款"}),
                ),
                event(
                    "funds.arrived",
                    json!({"amount": "50万", "fund": "上年结转资金"}),
                ),
                event("funds.disbursed", json!({"amount": "60万", "purpose": "a"})),
                event(
                    "funds.disbursed",
                    json!({"amount": "40万", "purpose": "b", "fund": "上年结转"}),
                ),
            ],
            rows: [
                ["150万", "150万", "130万", "100万"],
                ["100万", "100万", "80万", "60万"],
                ["50万", "50万", "50万", "40万"],
                ["0", "0", "0", "0"],
            ],
        },
    ]
}

#[test]
fn each_case_gives_its_money_block_rows_by_fund() {
    for case in cases() {
        let mut lines = vec![register(P, "测试局")];
        lines.extend(case.lines.iter().cloned());
        let state = state_of(P, &lines);
        let m = &state.money;
        for ((label, row), want) in m.by_fund.rows().into_iter().zip(case.rows) {
            let got = [row.initial_budget, row.budget, row.arrived, row.spent];
            assert_eq!(got, want.map(y), "{}: row {label}", case.what);
            let ratio = jixiao::projection::state::ratio(row.spent, row.budget);
            assert_eq!(row.execution_ratio, ratio, "{}: {label} 执行率", case.what);
        }
        // The whole's figures, which execution is scored on, are the total row's.
        let total = &m.by_fund.total;
        assert_eq!(
            (m.initial_budget, m.budget, m.arrived, m.spent),
            (
                total.initial_budget,
                total.budget,
                total.arrived,
                total.spent
            ),
            "{}",
            case.what
        );
    }
}

#[test]
fn aliases_are_stored_normalised_and_carried_into_the_report() {
    let lines = vec![
        register(P, "测试局"),
        event(
            "budget.allocated",
            json!({"amount": "10万", "fund": "市级财政拨款"}),
        ),
        event(
            "budget.allocated",
            json!({"amount": "2万", "fund": "结转资金"}),
        ),
    ];
    let state = state_of(P, &lines);
    let funds: Vec<Fund> = state.money.allocations.iter().map(|a| a.fund).collect();
    assert_eq!(funds, [Fund::Current, Fund::CarryOver]);
    let data: Vec<String> = lines[1..]
        .iter()
        .map(|l| {
            let parsed = jixiao::event::ImportLine::parse(&l.to_string()).unwrap();
            let mut bytes = Vec::new();
            parsed.data.write_data(&mut bytes);
            String::from_utf8(bytes).unwrap()
        })
        .collect();
    assert!(data[0].contains(r#""fund":"当年财政拨款""#), "{}", data[0]);
    assert!(data[1].contains(r#""fund":"上年结转""#), "{}", data[1]);
}

/// The append rules judge the whole: a fund's own adjustment changes the whole by its
/// difference (130万 here), so it cannot leave arrived funds above the budget.
#[test]
fn a_fund_adjustment_is_judged_by_the_total_it_leaves() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = crate::ledger_with(
        dir.path(),
        &[
            register(P, "测试局"),
            event("budget.allocated", json!({"amount": "100万"})),
            event(
                "budget.allocated",
                json!({"amount": "50万", "fund": "上年结转"}),
            ),
            event("funds.arrived", json!({"amount": "140万"})),
        ],
    );
    let head = ledger.head().map(|h| h.seq);
    let cut = |amount: &str| {
        event(
            "budget.adjusted",
            json!({"amount": amount, "fund": "上年结转", "reason": "收回"}),
        )
    };
    let err = crate::append_lines(&mut ledger, &[cut("30万")]).unwrap_err();
    assert!(err.to_string().contains("arrived-within-budget"), "{err}");
    assert_eq!(ledger.head().map(|h| h.seq), head, "nothing written");
    crate::append_lines(&mut ledger, &[cut("40万")]).expect("140万 arrived of 140万");
}

/// A CLI ledger with one registered project.
fn cli_ledger() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger");
    jixiao(&ledger, DEMO_NOW, &["init"]).ok();
    let args = [
        "project",
        "register",
        P,
        "--name",
        "资金来源测试",
        "--department",
        "测试局",
        "--year",
        "2023",
        "--effective",
        "2023-01-01",
    ];
    jixiao(&ledger, DEMO_NOW, &args).ok();
    (dir, ledger)
}

#[test]
fn the_cli_takes_fund_aliases_and_refuses_unknown_funds_writing_nothing() {
    let (_dir, ledger) = cli_ledger();
    let run = |args: &[&str]| jixiao(&ledger, DEMO_NOW, args);
    let accepted: [(&[&str], &str); 4] = [
        (
            &["budget", "allocate", P, "50万", "--fund", "结转资金"],
            "上年结转",
        ),
        (
            &["budget", "allocate", P, "935万", "--fund", "本年财政拨款"],
            "当年财政拨款",
        ),
        (
            &["funds", "arrive", P, "50万", "--fund", "上年结转资金"],
            "上年结转",
        ),
        (
            &["spend", P, "1万", "--purpose", "p", "--fund", "其他"],
            "其他资金",
        ),
    ];
    for (args, stored) in accepted {
        run(args).ok();
        let shown = run(&["show", &head_seq(&ledger).to_string()]).ok();
        assert!(
            shown.contains(&format!("\"fund\": \"{stored}\"")),
            "{args:?}: {shown}"
        );
    }
    let head = head_seq(&ledger);
    let refused: [&[&str]; 4] = [
        &["budget", "allocate", P, "1万", "--fund", "自筹资金"],
        &[
            "budget",
            "adjust",
            P,
            "1万",
            "--reason",
            "r",
            "--fund",
            "上年结余",
        ],
        &["funds", "arrive", P, "1万", "--fund", "自筹资金"],
        &[
            "spend",
            P,
            "1万",
            "--purpose",
            "p",
            "--fund",
            "上年结转财政拨款",
        ],
    ];
    for args in refused {
        let err = run(args).fails(2);
        let value = args.last().unwrap();
        for part in ["data.fund", value, "当年财政拨款", "上年结转", "其他资金"] {
            assert!(err.contains(part), "{args:?}: {part} missing in {err}");
        }
        assert_eq!(head_seq(&ledger), head, "{args:?}: nothing written");
    }
    let file = ledger.with_file_name("bad.jsonl");
    let bad = event("funds.arrived", json!({"amount": "1万", "fund": "自筹"}));
    std::fs::write(&file, format!("{bad}\n")).unwrap();
    let err = run(&["import", file.to_str().unwrap()]).fails(2);
    assert!(err.contains("line 1") && err.contains("自筹"), "{err}");
    assert_eq!(head_seq(&ledger), head, "import: nothing written");
}

#[test]
fn amounts_that_differ_by_a_fen_are_shown_exactly_and_none_is_shown_as_zero() {
    let (_dir, ledger) = cli_ledger();
    let run = |args: &[&str]| jixiao(&ledger, DEMO_NOW, args);
    let file = ledger.with_file_name("lines.jsonl");
    let lines = [
        event("budget.allocated", json!({"amount": "500000.02"})),
        event("funds.arrived", json!({"amount": "500000.02"})),
        event(
            "funds.disbursed",
            json!({"amount": "50万", "purpose": "主体"}),
        ),
        event(
            "funds.disbursed",
            json!({"amount": "0.01", "purpose": "尾差"}),
        ),
        event(
            "evaluation.claimed",
            json!({"score": "100", "grade": "优", "spent": "50万"}),
        ),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(&file, text).unwrap();
    run(&["import", file.to_str().unwrap()]).ok();

    let findings = run(&["audit", P, "--json"]).json();
    let claim = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "CLAIM-SPENT")
        .unwrap_or_else(|| panic!("no CLAIM-SPENT finding in {findings:#}"));
    let message = claim["message"].as_str().unwrap();
    assert!(
        message.contains("500,000.00元") && message.contains("500,000.01元"),
        "{message}"
    );

    let log = run(&["log", "--project", P]).ok();
    assert!(log.contains("支出 0.01元 尾差"), "{log}");
    assert!(!log.contains(" 0万元"), "{log}");

    // Side by side in `state` and the report's money block: 500,000.01元 spent against
    // 500,000.02元 budgeted would both print as 50 万元.
    let state = run(&["state", P]).ok();
    assert!(
        state.contains("500,000.01元") && state.contains("500,000.02元"),
        "{state}"
    );
    let md = run(&["report", P, "--format", "md"]).ok();
    let total_row = "| 年度资金总额 | 500,000.02元 | 500,000.02元 | 500,000.01元 |";
    assert!(md.contains(total_row), "{md}");
}

#[test]
fn the_sample_keeps_its_figures_and_its_money_block() {
    let s = crate::Sample::demo();
    let state = s.run(&["state", crate::SAMPLE, "--json"]).json();
    for (pointer, want) in [
        ("/money/by_fund/total/initial_budget", "3410000.00"),
        ("/money/by_fund/total/budget", "1013500.00"),
        ("/money/by_fund/total/spent", "1013500.00"),
        ("/money/by_fund/current/initial_budget", "3410000.00"),
        ("/money/by_fund/carry_over/budget", "0.00"),
        ("/money/by_fund/other/spent", "0.00"),
    ] {
        assert_eq!(crate::text_at(&state, pointer), want, "{pointer}");
    }
    let md = s.run(&["report", crate::SAMPLE, "--format", "md"]).ok();
    for row in [
        // Issue 13: the 自评表 prints amounts in 万元 with two decimals, 执行率 with two.
        "| 年度资金总额 | 341.00 | 101.35 | 101.35 | 10 | 100.00% | 10 |",
        "| 其中：当年财政拨款 | 341.00 | 101.35 | 101.35 | — | 100.00% | — |",
        "| 上年结转资金 | 0.00 | 0.00 | 0.00 | — | — | — |",
        "| 其他资金 | 0.00 | 0.00 | 0.00 | — | — | — |",
    ] {
        assert!(md.contains(row), "{row} missing");
    }
}
