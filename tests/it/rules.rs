//! Every append-time business rule (src/ledger/rules.rs and the field checks before it):
//! valid input, invalid input and input that becomes invalid. Each rejection must exit 2,
//! name the rule or field and the amounts or value, and leave the ledger byte-identical.

use serde_json::json;

use crate::support::{funded, line, Jx};

const P: &str = "p";
const E: &str = "--effective=2023-03-01";

/// Project `p` with a budget of 100万 of which 60万 arrived (seqs 1, 2, 3).
fn project() -> Jx {
    let jx = Jx::new();
    jx.import(&funded(P, "100万", "60万"));
    jx
}

/// The seq of `seq N  hash H`, the last line a recording command prints.
fn seq_of(out: &str) -> String {
    let last = out.trim_end().lines().last().unwrap_or_default();
    let seq = last
        .split_whitespace()
        .nth(1)
        .unwrap_or_else(|| panic!("no seq in {out:?}"));
    assert!(last.starts_with("seq "), "{out}");
    seq.to_string()
}

#[test]
fn unknown_project() {
    let jx = project();
    jx.run(&["spend", P, "1", "--purpose", "办公", E]).ok();
    jx.reject(
        &["spend", "q", "1", "--purpose", "办公", E],
        &["rule unknown-project", "\"q\"", "project"],
    );
    // Order matters within one import: the registration must come first.
    let register_q = line(
        "project.registered",
        "q",
        "2023-01-01",
        json!({"name": "Q", "department": "D", "year": 2023}),
    );
    let goal_q = line(
        "goal.set",
        "q",
        "2023-01-01",
        json!({"id": "g1", "text": "目标"}),
    );
    jx.reject_import(
        &(goal_q.clone() + &register_q),
        &["line 1", "rule unknown-project", "\"q\""],
    );
    jx.import(&(register_q + &goal_q));
}

#[test]
fn project_registered_once() {
    let jx = Jx::new();
    let register = [
        "project",
        "register",
        P,
        "--name",
        "知识产权促进专项工作经费",
        "--department",
        "湛江市市场监督管理局",
        "--year",
        "2023",
        "--effective=2023-01-01",
    ];
    jx.run(&register).ok();
    jx.reject(&register, &["rule project-registered-once", "project p"]);
}

#[test]
fn disbursement_within_arrived_funds() {
    let jx = project();
    jx.run(&["spend", P, "30万", "--purpose", "宣传", E]).ok();
    jx.run(&["spend", P, "30万", "--purpose", "评审", E]).ok();
    // Arrived 60万, spent 60万: one more 分 is too much.
    jx.reject(
        &["spend", P, "0.01", "--purpose", "多一分", E],
        &[
            "rule spending-within-arrived",
            "field data.amount",
            "project p",
            "600,000.01元",
            "600,000.00元",
            "over by 0.01元",
        ],
    );
    jx.reject_import(
        &line(
            "funds.disbursed",
            P,
            "2023-03-01",
            json!({"amount": "1万", "purpose": "导入"}),
        ),
        &[
            "line 1",
            "rule spending-within-arrived",
            "61万元 (610,000.00元)",
            "60万元 (600,000.00元)",
        ],
    );
    // More funds arrive: the same disbursement now fits.
    jx.run(&["funds", "arrive", P, "1万", E]).ok();
    jx.run(&["spend", P, "1万", "--purpose", "导入", E]).ok();
}

#[test]
fn correction_raising_a_disbursement_above_arrivals() {
    let jx = project();
    let seq = seq_of(&jx.run(&["spend", P, "30万", "--purpose", "宣传", E]).ok());
    jx.reject(
        &[
            "correct",
            &seq,
            "--data",
            r#"{"amount":"60.01万","purpose":"宣传"}"#,
            "--reason",
            "金额有误",
        ],
        &[
            "rule spending-within-arrived",
            "field data.replacement",
            &format!("the correction of seq {seq}"),
            "600,100.00元",
            "600,000.00元",
        ],
    );
    jx.run(&[
        "correct",
        &seq,
        "--data",
        r#"{"amount":"60万","purpose":"宣传"}"#,
        "--reason",
        "金额有误",
    ])
    .ok();
    // Now fully spent: a second disbursement of any size breaks the rule.
    jx.reject(
        &["spend", P, "0.01", "--purpose", "x", E],
        &["rule spending-within-arrived"],
    );
}

#[test]
fn reversing_an_arrival_that_spending_depends_on() {
    let jx = project();
    let spend = seq_of(&jx.run(&["spend", P, "10万", "--purpose", "宣传", E]).ok());
    // seq 3 is the arrival of 60万.
    jx.reject(
        &["reverse", "3", "--reason", "退回", E],
        &[
            "rule spending-within-arrived",
            "field data.target_seq",
            "the reversal of seq 3",
            "100,000.00元",
            "0.00元",
        ],
    );
    jx.run(&["reverse", &spend, "--reason", "作废", E]).ok();
    jx.run(&["reverse", "3", "--reason", "退回", E]).ok();
}

#[test]
fn arrived_funds_within_the_current_budget() {
    let jx = project();
    jx.run(&["funds", "arrive", P, "40万", E]).ok();
    jx.reject(
        &["funds", "arrive", P, "0.01", E],
        &[
            "rule arrived-within-budget",
            "field data.amount",
            "1,000,000.01元",
            "100万元 (1,000,000.00元)",
            "over by 0.01元",
        ],
    );
    // A budget cut below what has arrived becomes invalid...
    jx.reject(
        &["budget", "adjust", P, "99.99万", "--reason", "压减", E],
        &[
            "rule arrived-within-budget",
            "this budget.adjusted",
            "999,900.00元",
            "1,000,000.00元",
        ],
    );
    // ...and so does reversing or correcting the allocation (seq 2) the arrivals rest on.
    jx.reject(
        &["reverse", "2", "--reason", "撤销", E],
        &["rule arrived-within-budget", "the reversal of seq 2"],
    );
    jx.reject(
        &[
            "correct",
            "2",
            "--data",
            r#"{"amount":"90万"}"#,
            "--reason",
            "更正",
        ],
        &[
            "rule arrived-within-budget",
            "the correction of seq 2",
            "900,000.00元",
        ],
    );
    jx.run(&["budget", "adjust", P, "100万", "--reason", "确认", E])
        .ok();
    jx.run(&["budget", "adjust", P, "120万", "--reason", "追加", E])
        .ok();
    jx.run(&["funds", "arrive", P, "0.01", E]).ok();
}

#[test]
fn indicator_defined_once() {
    let jx = project();
    let define = [
        "indicator",
        "define",
        P,
        "i1",
        "--level1",
        "产出指标",
        "--level2",
        "数量指标",
        "--name",
        "贯标企业数",
        "--target",
        "≥10",
        "--unit",
        "家",
        E,
    ];
    jx.run(&define).ok();
    jx.reject(
        &define,
        &[
            "rule indicator-unique",
            "field data.id",
            "indicator i1",
            "project p",
        ],
    );
}

#[test]
fn indicator_must_be_defined_before_use() {
    let jx = project();
    let uses: [&[&str]; 3] = [
        &["indicator", "measure", P, "i9", "796", E],
        &["indicator", "assess", P, "i9", "达成", E],
        &[
            "indicator",
            "adjust-target",
            P,
            "i9",
            "≥8",
            "--reason",
            "压减",
            E,
        ],
    ];
    for args in uses {
        jx.reject(
            args,
            &[
                "rule indicator-defined",
                "field data.id",
                "indicator i9",
                "project p",
            ],
        );
    }
    jx.run(&[
        "indicator",
        "define",
        P,
        "i9",
        "--level1",
        "效益指标",
        "--level2",
        "社会效益指标",
        "--name",
        "意识",
        "--target",
        "进一步提高",
        E,
    ])
    .ok();
    for args in uses {
        jx.run(args).ok();
    }
}

#[test]
fn goals_set_once_adjusted_and_withdrawn_while_active() {
    let jx = project();
    jx.reject(
        &["goal", "adjust", P, "g1", "新目标", "--reason", "r", E],
        &["rule goal-defined", "goal g1"],
    );
    jx.reject(
        &["goal", "withdraw", P, "g1", "--reason", "r", E],
        &["rule goal-defined", "goal g1"],
    );
    jx.run(&["goal", "set", P, "g1", "探索知识产权证券化", E])
        .ok();
    jx.reject(
        &["goal", "set", P, "g1", "again", E],
        &["rule goal-unique", "goal g1", "project p"],
    );
    jx.run(&[
        "goal",
        "adjust",
        P,
        "g1",
        "探索知识产权证券化（缩减）",
        "--reason",
        "预算压减",
        E,
    ])
    .ok();
    jx.run(&["goal", "withdraw", P, "g1", "--reason", "资金不足", E])
        .ok();
    jx.reject(
        &["goal", "adjust", P, "g1", "x", "--reason", "r", E],
        &["rule goal-active", "goal g1", "withdrawn"],
    );
    jx.reject(
        &["goal", "withdraw", P, "g1", "--reason", "r", E],
        &["rule goal-active", "goal g1", "withdrawn"],
    );
}

#[test]
fn corrections_need_an_existing_event_of_the_same_project() {
    let jx = project();
    jx.import(&funded("q", "10万", "0")); // seqs 4, 5
                                          // The CLI resolves the target first.
    jx.reject(
        &["correct", "99", "--data", "{}", "--reason", "r"],
        &["field target_seq", "seq 99 does not exist"],
    );
    jx.reject(
        &["reverse", "99", "--reason", "r", E],
        &["field target_seq", "seq 99 does not exist"],
    );
    // An import names its own project: seq 99 does not exist, seq 5 belongs to q.
    let corr = |target: u64, kind: &str, data: serde_json::Value| {
        line(
            "event.corrected",
            P,
            "2023-03-01",
            json!({"target_seq": target, "reason": "更正", "replacement": {"type": kind, "data": data}}),
        )
    };
    jx.reject_import(
        &corr(99, "budget.allocated", json!({"amount": "1万"})),
        &[
            "line 1",
            "rule target-exists",
            "field data.target_seq",
            "seq 99",
            "project p",
        ],
    );
    jx.reject_import(
        &corr(5, "budget.allocated", json!({"amount": "1万"})),
        &["rule target-exists", "seq 5 is not an event of project p"],
    );
    let rev = line(
        "event.reversed",
        P,
        "2023-03-01",
        json!({"target_seq": 5, "reason": "r"}),
    );
    jx.reject_import(
        &rev,
        &["rule target-exists", "seq 5 is not an event of project p"],
    );
    // Type mismatch: seq 2 is a budget.allocated.
    jx.reject_import(
        &corr(2, "funds.arrived", json!({"amount": "1万"})),
        &[
            "rule replacement-type",
            "field data.replacement.type",
            "\"funds.arrived\"",
            "budget.allocated",
        ],
    );
    jx.import(&corr(2, "budget.allocated", json!({"amount": "110万"})));
}

#[test]
fn corrections_and_reversals_cannot_target_corrections_reversed_events_or_registrations() {
    let jx = project();
    let spend = seq_of(&jx.run(&["spend", P, "1万", "--purpose", "宣传", E]).ok());
    let corr = seq_of(
        &jx.run(&[
            "correct",
            &spend,
            "--data",
            r#"{"amount":"2万","purpose":"宣传"}"#,
            "--reason",
            "r",
        ])
        .ok(),
    );
    // The CLI copies the target's type, so correcting a correction is refused as a replacement type.
    jx.reject(
        &["correct", &corr, "--data", "{}", "--reason", "r"],
        &[
            "field data.replacement.type",
            "cannot replace with a correction or reversal",
        ],
    );
    let spend_n: u64 = spend.parse().unwrap();
    let corr_n: u64 = corr.parse().unwrap();
    jx.reject_import(
        &line(
            "event.corrected",
            P,
            "2023-03-01",
            json!({"target_seq": corr_n, "reason": "r", "replacement": {"type": "funds.disbursed", "data": {"amount": "1", "purpose": "x"}}}),
        ),
        &["rule target-not-correction", &format!("seq {corr_n} is itself a event.corrected")],
    );
    jx.reject(
        &["reverse", &corr, "--reason", "r", E],
        &["rule target-not-correction"],
    );
    let rev = seq_of(&jx.run(&["reverse", &spend, "--reason", "作废", E]).ok());
    jx.reject(
        &["reverse", &spend, "--reason", "again", E],
        &["rule target-not-reversed", &format!("seq {spend_n}")],
    );
    jx.reject(
        &[
            "correct",
            &spend,
            "--data",
            r#"{"amount":"1","purpose":"x"}"#,
            "--reason",
            "r",
        ],
        &["rule target-not-reversed", "already reversed"],
    );
    jx.reject(
        &["reverse", &rev, "--reason", "r", E],
        &["rule target-not-correction", "event.reversed"],
    );
    // The registration (seq 1) is corrected, never reversed.
    jx.reject(
        &["reverse", "1", "--reason", "r", E],
        &["rule registration-kept", "seq 1 registers project p"],
    );
    jx.run(&[
        "correct",
        "1",
        "--data",
        r#"{"name":"更正后的名称","department":"D","year":2023}"#,
        "--reason",
        "r",
    ])
    .ok();
}

#[test]
fn qualitative_tiers_and_their_bands() {
    let jx = project();
    jx.run(&[
        "indicator",
        "define",
        P,
        "q1",
        "--level1",
        "效益指标",
        "--level2",
        "社会效益指标",
        "--name",
        "意识",
        "--target",
        "进一步提高",
        E,
    ])
    .ok();
    jx.run(&["indicator", "assess", P, "q1", "达成", E]).ok();
    jx.run(&[
        "indicator",
        "assess",
        P,
        "q1",
        "部分达成",
        "--score-ratio",
        "0.7",
        E,
    ])
    .ok();
    jx.run(&[
        "indicator",
        "assess",
        P,
        "q1",
        "未达成",
        "--score-ratio",
        "0.3",
        E,
    ])
    .ok();
    jx.reject(
        &["indicator", "assess", P, "q1", "部分达成", E],
        &[
            "rule tier-score",
            "field data.score_ratio",
            "部分达成",
            "0.60–0.80",
        ],
    );
    jx.reject(
        &[
            "indicator",
            "assess",
            P,
            "q1",
            "部分达成",
            "--score-ratio",
            "0.9",
            E,
        ],
        &["rule tier-band", "score_ratio 0.9", "0.60–0.80"],
    );
    jx.reject(
        &[
            "indicator",
            "assess",
            P,
            "q1",
            "达成",
            "--score-ratio",
            "0.5",
            E,
        ],
        &["rule tier-band", "score_ratio 0.5", "0.80–1"],
    );
    jx.reject(
        &["indicator", "assess", P, "q1", "优秀", E],
        &["field data.tier", "优秀"],
    );
}

#[test]
fn scoring_policy_must_be_known() {
    let jx = project();
    jx.run(&[
        "scoring",
        P,
        "--policy",
        "cz-2020-10",
        "--execution",
        "10",
        "--output",
        "90",
        E,
    ])
    .ok();
    jx.reject(
        &["scoring", P, "--policy", "sc-2099", E],
        &[
            "rule known-policy",
            "field data.policy",
            "sc-2099",
            "cz-2020-10",
        ],
    );
    jx.reject(
        &["scoring", P, "--output", "九十", E],
        &["field data.weights.output", "九十"],
    );
}

#[test]
fn indicator_levels_must_be_in_the_lists() {
    let jx = project();
    let define = |l1: &'static str, l2: &'static str| {
        vec![
            "indicator",
            "define",
            P,
            "i1",
            "--level1",
            l1,
            "--level2",
            l2,
            "--name",
            "n",
            "--target",
            "≥8",
            E,
        ]
    };
    jx.reject(
        &define("结果指标", "数量指标"),
        &[
            "rule indicator-level1",
            "field data.level1",
            "「结果指标」",
            "产出指标",
            "效果指标",
        ],
    );
    jx.reject(
        &define("产出指标", "好指标"),
        &[
            "rule indicator-level2",
            "field data.level2",
            "「好指标」",
            "数量指标",
        ],
    );
    // A real 二级 under the wrong 一级 names the 二级 that 一级 allows.
    jx.reject(
        &define("产出指标", "服务对象满意度指标"),
        &[
            "rule indicator-level2",
            "不属于一级指标「产出指标」",
            "数量指标、质量指标、时效指标、成本指标",
        ],
    );
    jx.run(&define("产出指标", "数量指标")).ok();
}

#[test]
fn targets_must_have_a_readable_form() {
    let jx = project();
    let define = |id: &'static str, target: &'static str| {
        vec![
            "indicator",
            "define",
            P,
            id,
            "--level1",
            "产出指标",
            "--level2",
            "数量指标",
            "--name",
            "n",
            "--target",
            target,
            E,
        ]
    };
    for bad in ["≥", "≥abc", "2023年2月30日"] {
        jx.reject(
            &define("bad", bad),
            &["rule target-form", "field data.target", bad],
        );
    }
    for (id, good) in [
        ("a", "≥8"),
        ("b", "≤10%"),
        ("c", "=100%"),
        ("d", "2023年底"),
        ("e", "进一步提高"),
    ] {
        jx.run(&define(id, good)).ok();
    }
    // Re-targeting keeps the comparator and needs a readable number.
    jx.reject(
        &[
            "indicator",
            "adjust-target",
            P,
            "a",
            "≥",
            "--reason",
            "r",
            E,
        ],
        &["rule target-form", "field data.target"],
    );
    jx.run(&[
        "indicator",
        "adjust-target",
        P,
        "a",
        "≥6",
        "--reason",
        "预算压减",
        E,
    ])
    .ok();
}

#[test]
fn amounts_with_more_than_two_decimals_in_yuan() {
    let jx = project();
    jx.run(&["spend", P, "1.01", "--purpose", "x", E]).ok();
    jx.run(&["spend", P, "1.000001万", "--purpose", "x", E])
        .ok(); // 10000.01 元
    for bad in ["1.001", "1.0000001万", "0.00000000001亿"] {
        jx.reject(
            &["spend", P, bad, "--purpose", "x", E],
            &[
                "field data.amount",
                &format!("{bad:?}"),
                "more than two decimals",
            ],
        );
    }
    jx.reject_import(
        &line(
            "budget.allocated",
            P,
            "2023-03-01",
            json!({"amount": "3,410,000.005"}),
        ),
        &["line 1", "field data.amount", "\"3,410,000.005\""],
    );
}

#[test]
fn effective_dates_in_a_sane_range() {
    let jx = project();
    // Spending may not precede its funds: one 元 arrives on the first day of the range.
    jx.run(&["funds", "arrive", P, "2", "--effective", "2000-01-01"])
        .ok();
    jx.run(&[
        "spend",
        P,
        "1",
        "--purpose",
        "x",
        "--effective",
        "2000-01-01",
    ])
    .ok();
    jx.run(&[
        "spend",
        P,
        "1",
        "--purpose",
        "x",
        "--effective",
        "2100-12-31",
    ])
    .ok();
    for bad in [
        "1999-12-31",
        "2101-01-01",
        "2023-02-30",
        "2023-2-3",
        "99999-01-01",
    ] {
        // The command line reads dates as people write them (2023-2-3 is 3 February);
        // an import line's date is strict YYYY-MM-DD.
        if bad != "2023-2-3" {
            jx.reject(
                &["spend", P, "1", "--purpose", "x", "--effective", bad],
                &[&format!("--effective {bad}")],
            );
        }
        jx.reject_import(
            &line(
                "funds.disbursed",
                P,
                bad,
                json!({"amount": "1", "purpose": "x"}),
            ),
            &["line 1", "effective", &format!("{bad:?}")],
        );
    }
    // Dates inside the data are held to the same range.
    jx.reject_import(
        &line(
            "project.registered",
            "q",
            "2023-01-01",
            json!({"name": "Q", "department": "D", "year": 2023, "period_end": "2023-13-01"}),
        ),
        &["line 1", "data.period_end", "\"2023-13-01\""],
    );
}

#[test]
fn free_text_must_not_be_blank_or_too_long() {
    let jx = project();
    jx.reject(
        &["spend", P, "1", "--purpose", "  ", E],
        &["field data.purpose", "must not be empty"],
    );
    let long = "长".repeat(2001);
    jx.reject(
        &["spend", P, "1", "--purpose", &long, E],
        &["field data.purpose", "2001 characters", "MAX_FIELD_CHARS"],
    );
    jx.run(&["spend", P, "1", "--purpose", &"长".repeat(2000), E])
        .ok();
}

// ---- the running totals behind the money rules ----

mod totals {
    use std::collections::{BTreeMap, BTreeSet};

    use jixiao::event::EventData;
    use jixiao::ledger::Facts;
    use jixiao::money::Yuan;
    use proptest::prelude::*;
    use serde_json::json;

    #[derive(Debug, Clone)]
    enum Step {
        Money(&'static str, u64),
        Correct(usize, u64),
        Reverse(usize),
    }

    fn step() -> impl Strategy<Value = Step> {
        let kind = prop::sample::select(vec![
            "budget.allocated",
            "budget.adjusted",
            "funds.arrived",
            "funds.disbursed",
        ]);
        prop_oneof![
            4 => (kind, 1u64..2_000).prop_map(|(k, a)| Step::Money(k, a)),
            1 => (any::<usize>(), 1u64..2_000).prop_map(|(i, a)| Step::Correct(i, a)),
            1 => any::<usize>().prop_map(Step::Reverse),
        ]
    }

    fn money(kind: &str, amount: u64) -> EventData {
        let data = match kind {
            "funds.disbursed" => json!({"amount": amount.to_string(), "purpose": "x"}),
            "budget.adjusted" => json!({"amount": amount.to_string(), "reason": "r"}),
            _ => json!({"amount": amount.to_string()}),
        };
        EventData::parse(kind, &data.to_string()).unwrap()
    }

    /// Every step on one day: the rule on dates reduces to the totals this oracle checks.
    fn at(seq: u64) -> jixiao::ledger::Stamp {
        jixiao::ledger::Stamp {
            seq,
            effective: "2023-03-01".parse().unwrap(),
        }
    }

    /// The oracle: budget, arrived and spent recomputed from scratch, in seq order.
    fn oracle(accepted: &[(u64, EventData)]) -> (Yuan, Yuan, Yuan) {
        let mut facts: BTreeMap<u64, EventData> = BTreeMap::new();
        let mut reversed = BTreeSet::new();
        for (seq, data) in accepted {
            match data {
                EventData::EventReversed(r) => {
                    reversed.insert(r.target_seq);
                }
                EventData::EventCorrected(c) => {
                    let replacement = jixiao::ledger::typed_replacement(c).unwrap();
                    facts.insert(c.target_seq, replacement);
                }
                other => {
                    facts.insert(*seq, other.clone());
                }
            }
        }
        let (mut budget, mut arrived, mut spent) = (Yuan::ZERO, Yuan::ZERO, Yuan::ZERO);
        for (seq, data) in facts {
            if reversed.contains(&seq) {
                continue;
            }
            match data {
                EventData::BudgetAllocated(d) => budget = budget + d.amount,
                EventData::BudgetAdjusted(d) => budget = d.amount,
                EventData::FundsArrived(d) => arrived = arrived + d.amount,
                EventData::FundsDisbursed(d) => spent = spent + d.amount,
                _ => {}
            }
        }
        (budget, arrived, spent)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        /// Appending through the rules, replaying the accepted events, and recomputing from
        /// scratch agree on the totals; and no accepted history breaks a money rule.
        #[test]
        fn running_totals_equal_a_full_replay(steps in prop::collection::vec(step(), 1..60)) {
            let mut facts = Facts::default();
            let register = EventData::parse("project.registered", r#"{"name":"n","department":"d","year":2023}"#).unwrap();
            facts.apply("p", at(1), &register).unwrap();
            let mut accepted: Vec<(u64, EventData)> = vec![(1, register)];
            let mut money_seqs: Vec<(u64, &'static str)> = Vec::new();
            for step in steps {
                let seq = accepted.last().unwrap().0 + 1;
                let data = match step {
                    Step::Money(kind, amount) => money(kind, amount),
                    Step::Correct(_, _) | Step::Reverse(_) if money_seqs.is_empty() => continue,
                    Step::Correct(i, amount) => {
                        let (target, kind) = money_seqs[i % money_seqs.len()];
                        let replacement = serde_json::to_value(money(kind, amount)).unwrap();
                        let c = json!({"target_seq": target, "reason": "r", "replacement": replacement});
                        EventData::parse("event.corrected", &c.to_string()).unwrap()
                    }
                    Step::Reverse(i) => {
                        let (target, _) = money_seqs[i % money_seqs.len()];
                        EventData::parse("event.reversed", &json!({"target_seq": target, "reason": "r"}).to_string()).unwrap()
                    }
                };
                if facts.apply("p", at(seq), &data).is_ok() {
                    if let EventData::BudgetAllocated(_) | EventData::BudgetAdjusted(_) | EventData::FundsArrived(_) | EventData::FundsDisbursed(_) = &data {
                        money_seqs.push((seq, data.type_name()));
                    }
                    accepted.push((seq, data));
                }
                let t = facts.totals();
                prop_assert_eq!((t.budget, t.arrived, t.spent), oracle(&accepted));
                prop_assert!(t.spent <= t.arrived && t.arrived <= t.budget, "{:?}", t);
            }
            let mut replayed = Facts::default();
            for (seq, data) in &accepted {
                replayed.replay(at(*seq), data);
            }
            prop_assert_eq!(replayed.totals(), facts.totals());
        }
    }
}

#[test]
fn a_replacement_is_judged_like_the_event_it_replaces() {
    let jx = project();
    let define = [
        "indicator",
        "define",
        P,
        "i1",
        "--level1",
        "产出指标",
        "--level2",
        "数量指标",
        "--name",
        "次数",
        "--target",
        "≥8",
        E,
    ];
    let defined = seq_of(&jx.run(&define).ok());
    let measured = seq_of(&jx.run(&["indicator", "measure", P, "i1", "5", E]).ok());
    // Valid: a corrected target in the same form.
    let good = json!({"id": "i1", "level1": "产出指标", "level2": "数量指标", "name": "次数", "target": "≥6"}).to_string();
    jx.run(&["correct", &defined, "--data", &good, "--reason", "录入错误"])
        .ok();
    // Invalid: a measurement moved to an indicator the project does not have.
    let undefined = json!({"id": "i9", "actual": "5"}).to_string();
    jx.reject(
        &["correct", &measured, "--data", &undefined, "--reason", "x"],
        &["data.replacement", "indicator i9"],
    );
    // Invalid: a level the form does not know, slipped in through a correction.
    let bad_level =
        json!({"id": "i1", "level1": "产出指标", "level2": "服务对象满意度指标", "name": "次数", "target": "≥8"})
            .to_string();
    jx.reject(
        &["correct", &defined, "--data", &bad_level, "--reason", "x"],
        &["data.replacement", "「服务对象满意度指标」"],
    );
}
