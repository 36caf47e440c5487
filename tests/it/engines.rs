//! The business rules on every storage engine: each case appends import lines, batch by
//! batch, to a ledger on sled (a temp directory) and to one in memory. Both must accept or
//! refuse each batch alike — a refusal naming the rule and the figures, and writing nothing —
//! and both must end at the same head, event for event (the same clock stamps both).

use serde_json::json;

use crate::support::{funded, line};
use jixiao::event::hash::to_hex;
use jixiao::event::ImportLine;
use jixiao::ledger::{AppendError, Ledger};

/// The engines a ledger can live on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sled,
    Memory,
}

pub const ENGINES: [Engine; 2] = [Engine::Sled, Engine::Memory];

/// A new, empty ledger on `engine` (sled's in `dir`).
pub fn ledger_on(engine: Engine, dir: &std::path::Path) -> Ledger {
    match engine {
        Engine::Sled => Ledger::init(&dir.join("ledger"), "jx-engines").expect("init"),
        Engine::Memory => Ledger::in_memory("jx-engines"),
    }
}

/// One batch of a case: import lines, and the needles its refusal must name (None: accepted).
struct Step {
    lines: String,
    refused: Option<&'static [&'static str]>,
}

fn ok(lines: String) -> Step {
    Step {
        lines,
        refused: None,
    }
}

fn no(lines: String, needles: &'static [&'static str]) -> Step {
    Step {
        lines,
        refused: Some(needles),
    }
}

const P: &str = "p";
const D: &str = "2023-03-01";

fn spend(amount: &str) -> String {
    line(
        "funds.disbursed",
        P,
        D,
        json!({"amount": amount, "purpose": "宣传"}),
    )
}

fn correct(target: u64, kind: &str, data: serde_json::Value) -> String {
    line(
        "event.corrected",
        P,
        D,
        json!({"target_seq": target, "reason": "更正", "replacement": {"type": kind, "data": data}}),
    )
}

fn reverse(target: u64) -> String {
    line(
        "event.reversed",
        P,
        D,
        json!({"target_seq": target, "reason": "撤销"}),
    )
}

fn indicator(id: &str) -> String {
    line(
        "indicator.defined",
        P,
        D,
        json!({"id": id, "level1": "产出指标", "level2": "数量指标", "name": "贯标企业数", "target": "≥10", "unit": "家"}),
    )
}

/// Every case: its name and its batches, each starting from project `p` funded 100万 of
/// which 60万 arrived (seqs 1–3) unless it says otherwise.
fn cases() -> Vec<(&'static str, Vec<Step>)> {
    [
        spending_cases(),
        arrival_cases(),
        item_cases(),
        correction_cases(),
        withdrawal_cases(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Projects and spending: registration once, spending within what has arrived (by date too).
fn spending_cases() -> Vec<(&'static str, Vec<Step>)> {
    vec![
        (
            "unknown-project",
            vec![no(
                line("goal.set", "q", D, json!({"id": "g1", "text": "目标"})),
                &["line 1", "rule unknown-project", "\"q\""],
            )],
        ),
        (
            "project-registered-once",
            vec![no(
                funded(P, "1万", "0"),
                &["rule project-registered-once", "project p"],
            )],
        ),
        (
            "spending-within-arrived",
            vec![
                ok(spend("60万")),
                no(
                    spend("0.01"),
                    &[
                        "rule spending-within-arrived",
                        "field data.amount",
                        "600,000.01元",
                        "600,000.00元",
                    ],
                ),
                ok(line("funds.arrived", P, D, json!({"amount": "1万"})) + &spend("1万")),
            ],
        ),
        (
            "spending-by-date",
            vec![no(
                line(
                    "funds.disbursed",
                    P,
                    "2023-01-15",
                    json!({"amount": "1万", "purpose": "早"}),
                ),
                &["spending-within-arrived-by-date", "2023-02-01"],
            )],
        ),
    ]
}

/// Arrivals within the budget, and what a reversal or correction may not take away.
fn arrival_cases() -> Vec<(&'static str, Vec<Step>)> {
    vec![
        (
            "arrived-within-budget",
            vec![
                ok(line("funds.arrived", P, D, json!({"amount": "40万"}))),
                no(
                    line("funds.arrived", P, D, json!({"amount": "0.01"})),
                    &["rule arrived-within-budget", "1,000,000.01元"],
                ),
                no(
                    line(
                        "budget.adjusted",
                        P,
                        D,
                        json!({"amount": "99.99万", "reason": "压减"}),
                    ),
                    &["rule arrived-within-budget", "999,900.00元"],
                ),
                no(
                    reverse(2),
                    &["rule arrived-within-budget", "the reversal of seq 2"],
                ),
                no(
                    correct(2, "budget.allocated", json!({"amount": "50万"})),
                    &["rule arrived-within-budget", "the correction of seq 2"],
                ),
            ],
        ),
        (
            "reversal-of-needed-arrival",
            vec![
                ok(spend("10万")),
                no(
                    reverse(3),
                    &[
                        "rule spending-within-arrived",
                        "the reversal of seq 3",
                        "100,000.00元",
                    ],
                ),
                ok(reverse(4) + &reverse(3)),
            ],
        ),
    ]
}

/// Indicators and goals: defined once, before use, active.
fn item_cases() -> Vec<(&'static str, Vec<Step>)> {
    let goal = |kind: &str, data: serde_json::Value| line(kind, P, D, data);
    vec![
        (
            "indicators",
            vec![
                no(
                    line(
                        "indicator.measured",
                        P,
                        D,
                        json!({"id": "i9", "actual": "796"}),
                    ),
                    &["rule indicator-defined", "indicator i9"],
                ),
                ok(indicator("i1")),
                no(
                    indicator("i1"),
                    &["rule indicator-unique", "indicator i1", "project p"],
                ),
                ok(line(
                    "indicator.measured",
                    P,
                    D,
                    json!({"id": "i1", "actual": "12"}),
                )),
            ],
        ),
        (
            "goals",
            vec![
                no(
                    goal(
                        "goal.adjusted",
                        json!({"id": "g1", "text": "新", "reason": "r"}),
                    ),
                    &["rule goal-defined", "goal g1"],
                ),
                ok(goal(
                    "goal.set",
                    json!({"id": "g1", "text": "探索知识产权证券化"}),
                )),
                no(
                    goal("goal.set", json!({"id": "g1", "text": "again"})),
                    &["rule goal-unique", "goal g1"],
                ),
                ok(goal(
                    "goal.withdrawn",
                    json!({"id": "g1", "reason": "资金不足"}),
                )),
                no(
                    goal(
                        "goal.adjusted",
                        json!({"id": "g1", "text": "x", "reason": "r"}),
                    ),
                    &["rule goal-active", "withdrawn"],
                ),
            ],
        ),
    ]
}

/// Corrections and reversals of existing events; vouchers and import keys.
fn correction_cases() -> Vec<(&'static str, Vec<Step>)> {
    vec![
        (
            "targets-of-corrections",
            vec![
                ok(funded("q", "10万", "0")),
                no(
                    correct(99, "budget.allocated", json!({"amount": "1万"})),
                    &["rule target-exists", "seq 99"],
                ),
                no(
                    correct(5, "budget.allocated", json!({"amount": "1万"})),
                    &["rule target-exists", "seq 5 is not an event of project p"],
                ),
                no(
                    correct(2, "funds.arrived", json!({"amount": "1万"})),
                    &["rule replacement-type", "budget.allocated"],
                ),
                no(reverse(1), &["rule registration-kept"]),
                ok(correct(2, "budget.allocated", json!({"amount": "110万"}))),
            ],
        ),
        (
            "vouchers-and-keys",
            vec![
                ok(line(
                    "funds.disbursed",
                    P,
                    D,
                    json!({"amount": "1", "purpose": "a", "voucher": "记-001"}),
                )),
                no(
                    line(
                        "funds.disbursed",
                        P,
                        D,
                        json!({"amount": "2", "purpose": "b", "voucher": "记-001"}),
                    ),
                    &["voucher-unique", "记-001"],
                ),
                ok(keyed("k-1", "1")),
                ok(keyed("k-1", "1")),
                no(keyed("k-1", "2"), &["import-key-unique", "k-1"]),
            ],
        ),
    ]
}

/// Withdrawal, amounts and narrative names.
fn withdrawal_cases() -> Vec<(&'static str, Vec<Step>)> {
    vec![
        (
            "withdrawal",
            vec![
                no(
                    line("project.withdrawn", P, D, json!({"reason": "错误登记"})),
                    &["withdraw-without-money"],
                ),
                ok(reverse(3) + &reverse(2)),
                ok(line(
                    "project.withdrawn",
                    P,
                    D,
                    json!({"reason": "错误登记"}),
                )),
                no(
                    line("goal.set", P, D, json!({"id": "g1", "text": "x"})),
                    &["project-withdrawn"],
                ),
            ],
        ),
        (
            "amounts-and-names",
            vec![
                no(spend("1.001"), &["field data.amount"]),
                no(
                    line(
                        "narrative.recorded",
                        P,
                        D,
                        json!({"section": "backgroud", "text": "x"}),
                    ),
                    &["narrative-section", "background"],
                ),
                ok(line(
                    "narrative.recorded",
                    P,
                    D,
                    json!({"section": "项目背景", "text": "背景"}),
                )),
            ],
        ),
    ]
}

/// A disbursement with import key `key`.
fn keyed(key: &str, amount: &str) -> String {
    let v = json!({"type": "funds.disbursed", "project": P, "effective": D, "id": key,
        "data": {"amount": amount, "purpose": "导入"}});
    v.to_string() + "\n"
}

/// Appends `lines` as one batch, the clock a minute per event from `*minute`.
fn append(ledger: &mut Ledger, lines: &str, minute: &mut i64) -> Result<(), AppendError> {
    let inputs: Vec<_> = lines
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, ImportLine::parse(l)))
        .collect();
    let start: chrono::DateTime<chrono::Utc> = "2024-01-01T00:00:00Z".parse().unwrap();
    let mut clock = |_: &ImportLine| {
        *minute += 1;
        start + chrono::Duration::minutes(*minute)
    };
    ledger.append(inputs, "tester", &mut clock).map(|_| ())
}

/// Every stored record as bytes, in order (what a refused batch must leave unchanged).
fn stored(ledger: &Ledger) -> Vec<u8> {
    let mut out = Vec::new();
    for block in ledger.raw_blocks(1).expect("blocks") {
        out.extend_from_slice(&block.expect("block").bytes);
    }
    out
}

/// Runs one case on one engine: the outcome of each batch, and the head it ends at.
fn run(engine: Engine, name: &str, steps: &[Step]) -> (Vec<String>, Option<String>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut ledger = ledger_on(engine, dir.path());
    let mut minute = 0;
    if name != "unknown-project" {
        append(&mut ledger, &funded(P, "100万", "60万"), &mut minute).expect("base");
    }
    let mut outcomes = Vec::new();
    for (k, step) in steps.iter().enumerate() {
        let before = (ledger.head(), stored(&ledger));
        let result = append(&mut ledger, &step.lines, &mut minute);
        let at = format!("{name} on {engine:?}, batch {}", k + 1);
        match (step.refused, result) {
            (None, Ok(())) => outcomes.push("accepted".into()),
            (Some(needles), Err(e @ AppendError::Rejected { .. })) => {
                let text = e.to_string();
                for n in needles {
                    assert!(text.contains(n), "{at}: {n:?} missing in {text}");
                }
                assert_eq!(
                    (ledger.head(), stored(&ledger)),
                    before,
                    "{at}: a refused batch changed the ledger"
                );
                outcomes.push(text);
            }
            (expected, got) => panic!("{at}: expected refusal {expected:?}, got {got:?}"),
        }
    }
    let head = ledger
        .head()
        .map(|h| format!("{} {}", h.seq, to_hex(&h.hash)));
    (outcomes, head)
}

#[test]
fn every_rule_judges_alike_on_sled_and_in_memory() {
    for (name, steps) in cases() {
        let [on_sled, in_memory] = ENGINES.map(|engine| run(engine, name, &steps));
        assert_eq!(on_sled, in_memory, "{name}: the engines differ");
    }
}

#[test]
fn a_batch_refused_after_chunks_were_written_ahead_leaves_nothing_on_either_engine() {
    // More events than one import chunk: the first chunks are written ahead of the head,
    // and the refusal of the last line must take them away again.
    let events = jixiao::limits::IMPORT_CHUNK_EVENTS + 10;
    let mut lines = String::new();
    for k in 0..events {
        lines += &line(
            "narrative.recorded",
            P,
            D,
            json!({"section": "implementation", "text": format!("第 {k} 条")}),
        );
    }
    lines += &spend("1000万");
    for engine in ENGINES {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut ledger = ledger_on(engine, dir.path());
        let mut minute = 0;
        append(&mut ledger, &funded(P, "100万", "60万"), &mut minute).expect("base");
        let before = (ledger.head(), stored(&ledger));
        let refused = append(&mut ledger, &lines, &mut minute).expect_err("refused");
        assert!(
            refused.to_string().contains("rule spending-within-arrived"),
            "{engine:?}: {refused}"
        );
        assert_eq!((ledger.head(), stored(&ledger)), before, "{engine:?}");
        assert_eq!(ledger.project_seqs(P).unwrap(), vec![1, 2, 3], "{engine:?}");
        let verdict = jixiao::ledger::verify::verify_ledger(&ledger).unwrap();
        assert_eq!((verdict.events, verdict.problem), (3, None), "{engine:?}");
    }
}
