//! Issue 4 scoring (`cz-2020-10`) on hand-made cases, through the library and the CLI, and
//! the audit findings and score of the built-in sample.

use std::collections::BTreeMap;

use jixiao::event::Grade;
use jixiao::findings::audit;
use jixiao::scoring::{grade_for, score, show};
use rust_decimal::Decimal;
use serde_json::{json, Value};

use crate::{dec, jixiao, line, register, state_of, text_at, Sample, DEMO_NOW, SAMPLE};

const P: &str = "eval-cases";

fn indicator(id: &str, level1: &str, level2: &str, target: &str, weight: Option<&str>) -> Value {
    let mut data = json!({"id": id, "level1": level1, "level2": level2, "name": format!("指标 {id}"), "target": target});
    if let Some(w) = weight {
        data["weight"] = json!(w);
    }
    line(P, "2023-01-01", "indicator.defined", data)
}

fn measure(id: &str, actual: &str) -> Value {
    line(
        P,
        "2023-12-31",
        "indicator.measured",
        json!({"id": id, "actual": actual}),
    )
}

fn assess(id: &str, tier: &str, score_ratio: Option<&str>) -> Value {
    let mut data = json!({"id": id, "tier": tier});
    if let Some(r) = score_ratio {
        data["score_ratio"] = json!(r);
    }
    line(P, "2024-01-15", "indicator.assessed", data)
}

fn money(kind: &str, amount: &str) -> Value {
    let mut data = json!({"amount": amount});
    if kind == "funds.disbursed" {
        data["purpose"] = json!("测试支出");
    }
    line(P, "2023-06-01", kind, data)
}

/// One project with a case per rule; the weights add up to 50 / 30 / 10.
fn cases() -> Vec<Value> {
    vec![
        register(P, "测试局"),
        money("budget.allocated", "310.2万"),
        money("funds.arrived", "200万"),
        money("funds.disbursed", "154.74万"),
        indicator("ge-unmet", "产出指标", "数量指标", "≥10", Some("10")),
        indicator("le-unmet", "产出指标", "质量指标", "≤10%", Some("10")),
        indicator("eq-unmet", "产出指标", "质量指标", "=100%", Some("10")),
        indicator("eq-met", "产出指标", "数量指标", "=4", Some("5")),
        indicator(
            "deadline-met",
            "产出指标",
            "时效指标",
            "2023年底",
            Some("10"),
        ),
        indicator(
            "deadline-unmet",
            "产出指标",
            "时效指标",
            "2023年底",
            Some("5"),
        ),
        indicator("q-full", "效益指标", "社会效益指标", "进一步提高", None),
        indicator("q-partial", "效益指标", "社会效益指标", "逐步提升", None),
        indicator("q-not", "效益指标", "可持续影响指标", "明显改善", None),
        indicator("sat", "满意度指标", "服务对象满意度指标", "≥90%", None),
        measure("ge-unmet", "8"),
        measure("le-unmet", "20%"),
        measure("eq-unmet", "80%"),
        measure("eq-met", "4"),
        measure("deadline-met", "2023年11月30日"),
        measure("deadline-unmet", "2024年3月31日"),
        measure("sat", "95%"),
        assess("q-full", "达成", None),
        assess("q-partial", "部分达成", Some("0.7")),
        assess("q-not", "未达成", Some("0.3")),
    ]
}

#[test]
fn each_rule_scores_its_hand_made_case() {
    let state = state_of(P, &cases());
    let card = score(&state);
    let by_id: BTreeMap<&str, (Decimal, Decimal)> = card
        .lines
        .iter()
        .map(|l| (l.id.as_str(), (l.weight, l.score)))
        .collect();
    let expect = [
        ("ge-unmet", "10", "8"),      // 8 of ≥10 → 0.8 × 10
        ("le-unmet", "10", "5"),      // 20% against ≤10% → 10/20 × 10
        ("eq-unmet", "10", "8"),      // 80% against =100% → proportional
        ("eq-met", "5", "5"),         // met → full
        ("deadline-met", "10", "10"), // done 2023-11-30, due 2023年底
        ("deadline-unmet", "5", "0"), // done 2024-03-31: late
        ("q-full", "10", "10"),       // 达成 defaults to full (equal split of 30)
        ("q-partial", "10", "7"),     // 部分达成 at 0.7
        ("q-not", "10", "3"),         // 未达成 at 0.3
        ("sat", "10", "10"),          // the only 满意度 indicator takes all 10
    ];
    for (id, weight, points) in expect {
        let (w, s) = by_id[id];
        assert_eq!((w, s), (dec(weight), dec(points)), "{id}: weight, score");
    }
    assert!(
        card.weight_problems.is_empty(),
        "{:?}",
        card.weight_problems
    );
    let met: BTreeMap<&str, Option<bool>> = state
        .indicators
        .iter()
        .map(|i| (i.id.as_str(), i.met))
        .collect();
    assert_eq!(met["ge-unmet"], Some(false));
    assert_eq!(met["deadline-met"], Some(true));
    assert_eq!(met["deadline-unmet"], Some(false));
    assert_eq!(met["q-full"], Some(true));
    assert_eq!(met["q-partial"], Some(false));

    // 预算执行率 below 100%: 154.74 of 310.2 → 4.99 of 10 as printed.
    assert_eq!(card.execution_weight, dec("10"));
    assert_eq!(show(card.execution_score), "4.99");
    // Total: 4.988… + 36 + 20 + 10 = 70.99 → 中.
    assert_eq!(show(card.total), "70.99");
    assert_eq!(card.grade, Grade::Fair);
}

#[test]
fn the_reasons_say_which_rule_was_applied() {
    let card = score(&state_of(P, &cases()));
    let why: BTreeMap<&str, &str> = card
        .lines
        .iter()
        .map(|l| (l.id.as_str(), l.why.as_str()))
        .collect();
    assert!(why["ge-unmet"].contains("0.8"), "{}", why["ge-unmet"]);
    assert!(why["le-unmet"].contains("0.5"), "{}", why["le-unmet"]);
    assert!(
        why["q-partial"].contains("部分达成"),
        "{}",
        why["q-partial"]
    );
}

#[test]
fn an_unmeasured_indicator_scores_zero_and_is_a_finding() {
    let lines = vec![
        register(P, "测试局"),
        indicator("ge", "产出指标", "数量指标", "≥10", None),
    ];
    let dir = tempfile::tempdir().unwrap();
    let ledger = crate::ledger_with(dir.path(), &lines);
    let view = jixiao::projection::View::default();
    let events = ledger.project_events_in(P, &view).unwrap();
    let state = jixiao::projection::fold(P, &events, &view).unwrap();
    let card = score(&state);
    assert_eq!(card.lines[0].score, Decimal::ZERO);
    let codes: Vec<&str> = audit(&state, &card, &events)
        .iter()
        .map(|f| f.code)
        .collect();
    assert!(codes.contains(&"MEASUREMENT-MISSING"), "{codes:?}");
}

#[test]
fn grade_bands_have_inclusive_lower_bounds() {
    for (total, grade) in [
        ("0", Grade::Poor),
        ("59.99", Grade::Poor),
        ("60", Grade::Fair),
        ("79.99", Grade::Fair),
        ("80", Grade::Good),
        ("89.99", Grade::Good),
        ("89.994", Grade::Good),
        // The grade is read off the total as printed (2 decimals, 四舍五入).
        ("89.995", Grade::Excellent),
        ("90", Grade::Excellent),
        ("100", Grade::Excellent),
    ] {
        assert_eq!(grade_for(dec(total)), grade, "{total}");
    }
}

#[test]
fn show_rounds_half_away_from_zero_to_two_decimals() {
    for (value, shown) in [
        ("4.988394584139264990328820116", "4.99"),
        ("5.555555555555555555555555556", "5.56"),
        ("0.125", "0.13"),
        ("7.50", "7.5"),
        ("100.0000000000000000000000004", "100"),
    ] {
        assert_eq!(show(dec(value)), shown, "{value}");
    }
}

#[test]
fn a_target_far_exceeded_is_a_finding_from_130_percent_not_a_lower_score() {
    let lines = vec![
        register(P, "测试局"),
        indicator("at-130", "产出指标", "数量指标", "≥10", Some("25")),
        indicator("below-130", "产出指标", "数量指标", "≥100", Some("25")),
        measure("at-130", "13"),
        measure("below-130", "129.99"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let ledger = crate::ledger_with(dir.path(), &lines);
    let view = jixiao::projection::View::default();
    let events = ledger.project_events_in(P, &view).unwrap();
    let state = jixiao::projection::fold(P, &events, &view).unwrap();
    let card = score(&state);
    assert_eq!(
        card.lines[0].score,
        dec("25"),
        "far over is still full marks"
    );
    let far: Vec<_> = audit(&state, &card, &events)
        .into_iter()
        .filter(|f| f.code == "TARGET-FAR-EXCEEDED")
        .collect();
    assert_eq!(far.len(), 1, "{far:?}");
    assert!(far[0].message.contains("13"), "{}", far[0].message);
    assert_eq!(far[0].seqs, vec![2, 4]);
}

/// A ledger (CLI) with one registered project, for rules decided at append.
fn cli_project() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger");
    jixiao(&ledger, DEMO_NOW, &["init"]).ok();
    jixiao(
        &ledger,
        DEMO_NOW,
        &[
            "project",
            "register",
            P,
            "--name",
            "评分测试",
            "--department",
            "测试局",
            "--year",
            "2023",
            "--effective",
            "2023-01-01",
        ],
    )
    .ok();
    (dir, ledger)
}

#[test]
fn a_tier_score_outside_its_band_is_rejected_at_append() {
    let (_dir, ledger) = cli_project();
    let run = |args: &[&str]| jixiao(&ledger, DEMO_NOW, args);
    run(&[
        "indicator",
        "define",
        P,
        "q",
        "--level1",
        "效益指标",
        "--level2",
        "社会效益指标",
        "--name",
        "定性指标",
        "--target",
        "进一步提高",
    ])
    .ok();
    let head = crate::head_seq(&ledger);
    for (tier, ratio) in [
        ("部分达成", Some("0.85")),
        ("部分达成", Some("0.59")),
        ("未达成", Some("0.61")),
        ("达成", Some("0.79")),
        ("达成", Some("1.01")),
        ("部分达成", None), // other tiers need an explicit score
        ("未达成", None),
    ] {
        let mut args = vec!["indicator", "assess", P, "q", tier];
        if let Some(r) = ratio {
            args.extend(["--score-ratio", r]);
        }
        let err = run(&args).fails(2);
        assert!(err.contains("score_ratio"), "{tier} {ratio:?}: {err}");
        assert_eq!(crate::head_seq(&ledger), head, "nothing written");
    }
    // The band edges are inside the band.
    for (tier, ratio) in [("部分达成", "0.6"), ("部分达成", "0.8"), ("未达成", "0")] {
        run(&["indicator", "assess", P, "q", tier, "--score-ratio", ratio]).ok();
    }
    let s = run(&["score", P, "--json"]).json();
    // The last assessment (未达成 at 0) is the one scored.
    assert_eq!(crate::decimal_at(&s, "/lines/0/score"), Decimal::ZERO);
}

#[test]
fn weights_that_do_not_add_up_are_a_finding_not_a_crash() {
    let (_dir, ledger) = cli_project();
    let run = |args: &[&str]| jixiao(&ledger, DEMO_NOW, args);
    for (id, weight) in [("a", "30"), ("b", "30")] {
        run(&[
            "indicator",
            "define",
            P,
            id,
            "--level1",
            "产出指标",
            "--level2",
            "数量指标",
            "--name",
            id,
            "--target",
            "≥1",
            "--weight",
            weight,
        ])
        .ok();
        run(&["indicator", "measure", P, id, "1"]).ok();
    }
    let findings = run(&["audit", P, "--json"]).json();
    let mismatches: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "WEIGHTS-MISMATCH")
        .map(|f| text_at(f, "/message"))
        .collect();
    // 产出 60 against 50; 效益 and 满意度 have no indicators at all.
    assert_eq!(mismatches.len(), 3, "{mismatches:?}");
    // And the whole is 10 + 60 = 70 points, not 100: critical, with the figures.
    let whole: Vec<&str> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "WEIGHTS-NOT-100" && f["severity"] == "critical")
        .map(|f| text_at(f, "/message"))
        .collect();
    assert_eq!(whole.len(), 1, "{findings:#}");
    assert!(whole[0].contains("合计 70 分"), "{whole:?}");
    assert!(mismatches
        .iter()
        .any(|m| m.contains("产出指标") && m.contains("60")));
    let card = run(&["score", P, "--json"]).json();
    assert_eq!(card["weight_problems"].as_array().unwrap().len(), 4);
    let text = run(&["score", P]).ok();
    assert!(text.contains("warning: "), "{text}");
    assert!(text.contains("critical: 各部分分值合计 70 分"), "{text}");
    let zh = run(&["--lang", "zh", "score", P]).ok();
    assert!(zh.contains("严重：各部分分值合计 70 分"), "{zh}");
    // The report still renders.
    run(&["report", P, "--format", "json"]).json();
}

#[test]
fn per_project_weights_come_from_a_scoring_event() {
    let (_dir, ledger) = cli_project();
    let run = |args: &[&str]| jixiao(&ledger, DEMO_NOW, args);
    for id in ["a", "b"] {
        run(&[
            "indicator",
            "define",
            P,
            id,
            "--level1",
            "产出指标",
            "--level2",
            "数量指标",
            "--name",
            id,
            "--target",
            "≥10",
        ])
        .ok();
    }
    run(&["indicator", "measure", P, "a", "10"]).ok();
    run(&["indicator", "measure", P, "b", "5"]).ok();
    run(&["budget", "allocate", P, "100万"]).ok();
    run(&["funds", "arrive", P, "100万"]).ok();
    run(&["spend", P, "100万", "--purpose", "全部支出"]).ok();
    let before = run(&["score", P, "--json"]).json();
    assert_eq!(crate::decimal_at(&before, "/lines/0/weight"), dec("25"));

    // A Sichuan-style form: 预算执行率 10, 产出 90, nothing else.
    run(&[
        "scoring",
        P,
        "--execution",
        "10",
        "--output",
        "90",
        "--benefit",
        "0",
        "--satisfaction",
        "0",
    ])
    .ok();
    let card = run(&["score", P, "--json"]).json();
    assert_eq!(
        crate::decimal_at(&card, "/policy/weights/output"),
        dec("90")
    );
    assert_eq!(crate::decimal_at(&card, "/lines/0/weight"), dec("45"));
    assert_eq!(
        crate::decimal_at(&card, "/lines/1/score"),
        dec("22.5"),
        "5 of ≥10"
    );
    assert_eq!(show(crate::decimal_at(&card, "/total")), "77.5");
    assert_eq!(card["grade"], "中");
    assert_eq!(card["weight_problems"], json!([]));
    let text = run(&["score", P]).ok();
    assert!(text.contains("产出指标 90"), "{text}");
    // The report quotes the weights, so the score is reproducible from the ledger.
    let report = run(&["report", P, "--format", "json"]).json();
    assert_eq!(
        text_at(&report, "/integrity/policy_params/weights/output"),
        "90"
    );
    assert_eq!(text_at(&report, "/total_score"), "77.5");
}

#[test]
fn the_sample_audit_finds_what_an_auditor_would_raise() {
    let s = Sample::demo();
    let findings = s.run(&["audit", SAMPLE, "--json"]).json();
    let findings = findings.as_array().unwrap();
    let with = |code: &str, needles: &[&str]| -> Vec<&Value> {
        findings
            .iter()
            .filter(|f| f["code"] == code)
            .filter(|f| needles.iter().all(|n| text_at(f, "/message").contains(n)))
            .collect()
    };
    let seqs = |f: &Value| -> Vec<u64> {
        f["seqs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_u64().unwrap())
            .collect()
    };

    let patent = with("TARGET-FAR-EXCEEDED", &["专利质押融资", "54.26", "≥6"]);
    assert_eq!(patent.len(), 1, "{findings:#?}");
    assert_eq!(seqs(patent[0]), [20, 46]);
    let trademark = with("TARGET-FAR-EXCEEDED", &["商标质押融资", "10.19", "≥1"]);
    assert_eq!(trademark.len(), 1, "{findings:#?}");
    assert_eq!(seqs(trademark[0]), [21, 47]);

    let lowered = with("TARGET-LOWERED", &["贯标", "≥10", "≥8"]);
    assert_eq!(lowered.len(), 1, "{findings:#?}");
    assert_eq!(
        seqs(lowered[0]),
        [11, 34, 35],
        "definition, the cut, the change"
    );

    let withdrawn = with("GOAL-WITHDRAWN", &["证券化"]);
    assert_eq!(withdrawn.len(), 1, "{findings:#?}");
    assert_eq!(seqs(withdrawn[0]), [10, 36]);

    let claim = with("CLAIM-MATCHES", &["100", "优"]);
    assert_eq!(claim.len(), 1, "{findings:#?}");
    assert_eq!(seqs(claim[0]), [65]);
    for absent in [
        "CLAIM-SCORE",
        "CLAIM-SPENT",
        "CLAIM-EXECUTION",
        "WEIGHTS-MISMATCH",
    ] {
        assert!(with(absent, &[]).is_empty(), "{absent}: {findings:#?}");
    }
    assert!(
        findings.iter().all(|f| f["severity"] != "critical"),
        "{findings:#?}"
    );
}

#[test]
fn the_sample_scores_100_excellent_with_full_execution() {
    let s = Sample::demo();
    let card = s.run(&["score", SAMPLE, "--json"]).json();
    assert_eq!(crate::decimal_at(&card, "/execution_ratio"), dec("1"));
    assert_eq!(crate::decimal_at(&card, "/execution_score"), dec("10"));
    assert_eq!(show(crate::decimal_at(&card, "/total")), "100");
    assert_eq!(card["grade"], "优");
    assert_eq!(card["lines"].as_array().unwrap().len(), 14);
    let text = s.run(&["score", SAMPLE]).ok();
    assert!(
        text.contains("total 100 (weights add up to 100), grade 优"),
        "{text}"
    );
    assert!(text.contains("cz-2020-10"), "{text}");
    let zh = s.run(&["--lang", "zh", "score", SAMPLE]).ok();
    assert!(zh.contains("总分 100（分值合计 100）　等级 优"), "{zh}");
    assert!(zh.lines().any(|l| l.starts_with("预算执行率")), "{zh}");
    let exec = text
        .lines()
        .find(|l| l.starts_with("execution rate"))
        .unwrap();
    assert!(exec.contains("min(101.35/101.35, 1) × 10"), "{exec}");

    // As of the day before the cut the same rules give 29.72% of 10 points.
    let card = s
        .run(&["score", SAMPLE, "--as-of", "2023-12-14", "--json"])
        .json();
    assert_eq!(show(crate::decimal_at(&card, "/execution_score")), "2.97");
}
