//! The command line: every recording command once, the reading commands, and `demo`.

use serde_json::Value;

use crate::support::{export_lines, Jx};

const E: &str = "--effective=2023-03-01";

/// Asserts that the last line is `seq N  hash <64 hex>` (after the echo of what was recorded)
/// and returns N.
#[track_caller]
fn assert_recorded(out: &str, expected_seq: u64) -> u64 {
    assert!(
        out.contains(&format!("recorded #{expected_seq} ")),
        "no echo: {out:?}"
    );
    let line = out.trim_end().lines().last().unwrap_or_default();
    let (seq, hash) = line
        .strip_prefix("seq ")
        .and_then(|rest| rest.split_once("  hash "))
        .unwrap_or_else(|| panic!("not `seq N  hash H`: {line:?}"));
    assert_eq!(seq.parse::<u64>().unwrap(), expected_seq, "{line}");
    assert!(
        hash.len() == 64
            && hash
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()),
        "{line}"
    );
    expected_seq
}

#[test]
fn every_recording_command_prints_its_seq_and_hash() {
    let jx = Jx::new();
    let commands: Vec<Vec<&str>> = vec![
        vec![
            "project",
            "register",
            "p",
            "--name",
            "知识产权促进专项工作经费",
            "--department",
            "湛江市市场监督管理局",
            "--year",
            "2023",
            "--unit",
            "湛江市市场监督管理局",
            "--competent-department",
            "湛江市市场监督管理局",
            "--fund-nature",
            "政府性基金预算",
            "--period-start",
            "2023-01-01",
            "--period-end",
            "2023-12-31",
            "--basis",
            "国知办发运字〔2019〕34号",
            "--basis",
            "湛市监规字〔2020〕2号",
            "--contents",
            "知识产权促进",
            E,
        ],
        vec![
            "budget",
            "allocate",
            "p",
            "341万",
            "--source",
            "年初预算",
            "--doc",
            "湛财预〔2023〕1号",
            E,
        ],
        vec![
            "budget",
            "adjust",
            "p",
            "101.35万",
            "--reason",
            "压减",
            "--authority",
            "湛江市财政局",
            "--doc",
            "文",
            E,
        ],
        vec![
            "funds",
            "arrive",
            "p",
            "101.35万元",
            "--source",
            "市级财政",
            "--doc",
            "到位通知",
            E,
        ],
        vec![
            "spend",
            "p",
            "1.08万元",
            "--purpose",
            "知识产权宣传周仪式宣传费用",
            "--category",
            "宣传费",
            "--payee",
            "某公司",
            "--voucher",
            "记-1",
            E,
        ],
        vec!["goal", "set", "p", "g1", "新增“贯标”企业 10 家以上", E],
        vec![
            "goal",
            "adjust",
            "p",
            "g1",
            "新增“贯标”企业 8 家以上",
            "--reason",
            "预算压减",
            E,
        ],
        vec!["goal", "set", "p", "g2", "探索知识产权证券化", E],
        vec!["goal", "withdraw", "p", "g2", "--reason", "资金不足", E],
        vec![
            "indicator",
            "define",
            "p",
            "i1",
            "--level1",
            "产出指标",
            "--level2",
            "数量指标",
            "--name",
            "贯标企业数",
            "--target",
            "≥10",
            "--comparator",
            "ge",
            "--unit",
            "家",
            "--weight",
            "10",
            E,
        ],
        vec![
            "indicator",
            "adjust-target",
            "p",
            "i1",
            "≥8",
            "--reason",
            "预算由341万元调整为101.35万元",
            E,
        ],
        vec![
            "indicator",
            "measure",
            "p",
            "i1",
            "12",
            "--note",
            "证书 12 份",
            E,
        ],
        vec![
            "indicator",
            "define",
            "p",
            "q1",
            "--level1",
            "满意度指标",
            "--level2",
            "服务对象满意度指标",
            "--name",
            "满意度",
            "--target",
            "进一步提高",
            E,
        ],
        vec![
            "indicator",
            "assess",
            "p",
            "q1",
            "部分达成",
            "--score-ratio",
            "0.75",
            "--deviation",
            "覆盖面不足",
            E,
        ],
        vec![
            "narrative",
            "p",
            "background",
            "一、项目基本情况\n（一）项目背景",
            E,
        ],
        vec![
            "scoring",
            "p",
            "--policy",
            "cz-2020-10",
            "--execution",
            "10",
            "--output",
            "50",
            "--benefit",
            "30",
            "--satisfaction",
            "10",
            E,
        ],
        vec![
            "claim",
            "p",
            "--score",
            "100",
            "--grade",
            "优",
            "--spent",
            "1.08万",
            "--execution-ratio",
            "0.0107",
            E,
        ],
        vec![
            "correct",
            "5",
            "--data",
            r#"{"amount":"1.35万元","purpose":"专利转化后补助资助款"}"#,
            "--reason",
            "录入错误",
        ],
        vec!["reverse", "12", "--reason", "重复录入", E],
        vec![
            "goal",
            "assess",
            "p",
            "g1",
            "--achieved",
            "新增“贯标”企业 8 家",
            E,
        ],
        vec![
            "project",
            "register",
            "q",
            "--name",
            "登记有误的项目",
            "--department",
            "湛江市市场监督管理局",
            "--year",
            "2023",
            E,
        ],
        vec!["project", "withdraw", "q", "--reason", "重复登记", E],
    ];
    for (i, args) in commands.iter().enumerate() {
        assert_recorded(&jx.run(args).ok(), i as u64 + 1);
    }
    // Each command wrote the type it names, and the export verifies.
    let export = jx.export();
    let types: Vec<String> = export_lines(&export)
        .iter()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["type"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    // The ledger-level types are recorded by init --signed and actor register|revoke
    // (tests/it/signing.rs).
    let project_types = jixiao::event::TYPE_NAMES
        .iter()
        .filter(|t| !t.starts_with("actor.") && !t.starts_with("ledger."));
    for t in project_types {
        assert!(types.iter().any(|x| x == t), "no {t} recorded");
    }
    let first: Value = serde_json::from_str(&export_lines(&export)[0]).unwrap();
    assert_eq!(first["actor"], "tester");
    assert_eq!(first["effective"], "2023-03-01");
    assert_eq!(
        first["recorded_at"], "2026-11-26T03:00:00.000Z",
        "the injected clock"
    );
    assert!(jx
        .head()
        .contains(&format!("{} events verified", commands.len())));
}

#[test]
fn effective_defaults_to_today_in_china() {
    let jx = Jx::new();
    let register = [
        "project",
        "register",
        "p",
        "--name",
        "n",
        "--department",
        "d",
        "--year",
        "2026",
    ];
    jx.run(&register).ok();
    // 2026-11-26T03:00Z is 11:00 on the 26th in +08:00; 20:00Z would be the 27th.
    jx.cmd()
        .env("JIXIAO_NOW", "2026-11-26T20:00:00Z")
        .args(["goal", "set", "p", "g1", "目标"])
        .output()
        .unwrap();
    let lines = export_lines(&jx.export());
    let registered: Value = serde_json::from_str(&lines[0]).unwrap();
    assert_eq!(
        registered["effective"], "2026-01-01",
        "a registration takes 1 January of its year, never today"
    );
    let line: Value = serde_json::from_str(&lines[1]).unwrap();
    assert_eq!(line["effective"], "2026-11-27");
    assert_eq!(line["recorded_at"], "2026-11-26T20:00:00.000Z");
}

#[test]
fn log_show_and_filters() {
    let jx = Jx::new();
    jx.import(&crate::support::funded("p", "10万", "10万"));
    jx.import(&crate::support::funded("q", "20万", "0"));
    jx.run(&["spend", "p", "1万", "--purpose", "宣传", E]).ok();

    let all = jx.run(&["log"]).ok();
    assert_eq!(all.lines().count(), 6, "{all}");
    assert!(all.contains("支出 1万元 宣传"), "{all}");
    let p = jx.run(&["log", "--project", "p"]).ok();
    assert_eq!(p.lines().count(), 4, "{p}");
    assert!(!p.contains(" q "), "{p}");
    let spent = jx
        .run(&["log", "--project", "p", "--type", "funds.disbursed"])
        .ok();
    assert_eq!(spent.lines().count(), 1, "{spent}");
    let json = jx
        .run(&[
            "log",
            "--project",
            "p",
            "--type",
            "funds.disbursed",
            "--json",
        ])
        .ok();
    let export = export_lines(&jx.export());
    assert_eq!(json.trim_end(), export[5], "--json prints the export line");
    let allocated = jx
        .run(&["log", "--type", "budget.allocated", "--json"])
        .ok();
    assert_eq!(
        allocated.lines().collect::<Vec<_>>(),
        vec![export[1].as_str(), export[4].as_str()]
    );
    jx.run(&["log", "--type", "funds.spent"])
        .fails(2, &["funds.spent", "funds.disbursed"]);
    assert_eq!(jx.run(&["log", "--project", "nobody"]).ok(), "");

    let show = jx.run(&["show", "6"]).ok();
    let (json_part, note) = show.rsplit_once("\n# ").expect("a description line");
    let shown: Value = serde_json::from_str(json_part).unwrap();
    assert_eq!(shown, serde_json::from_str::<Value>(&export[5]).unwrap());
    assert!(note.contains("支出 1万元 宣传"), "{note}");
    jx.run(&["show", "7"])
        .fails(2, &["seq 7 does not exist", "head is 6"]);
    jx.run(&["show", "0"]).fails(2, &["seq 0"]);
}

#[test]
fn export_to_a_file_equals_stdout() {
    let jx = Jx::new();
    jx.import(&crate::support::funded("p", "10万", "10万"));
    let path = jx.dir.path().join("out.jsonl");
    let out = jx.run(&["export", "--out", path.to_str().unwrap()]);
    assert!(out.stderr.contains("exported 3 events"), "{}", out.stderr);
    assert_eq!(std::fs::read(&path).unwrap(), jx.export());
    jx.run(&["verify", "--export", path.to_str().unwrap()]).ok();
}

#[test]
fn demo_twice_into_the_same_ledger_then_verify() {
    let jx = Jx::uninit().in_chinese();
    let first = jx.run(&["demo"]).ok();
    assert!(first.contains("已记录示例的 65 个事件"), "{first}");
    let head = jx.head();
    // A ledger that holds events, the sample's or any other: refused, naming it and its head.
    let path = jx.path().display().to_string();
    let out = jx.reject(
        &["demo"],
        &[
            &path,
            "已有 65 个事件",
            "账本头序号 65",
            "demo 只写入新的或空的账本",
        ],
    );
    assert!(
        out.stderr.contains("state zj-scjg-2023-ip"),
        "{}",
        out.stderr
    );
    assert_eq!(jx.head(), head, "the second demo appends nothing");
    let verified = jx.run(&["--lang", "en", "verify"]).ok();
    assert!(
        verified.starts_with("ok: 65 events verified, head seq 65 "),
        "{verified}"
    );
}

#[test]
fn demo_refuses_another_bureaus_ledger_but_fills_an_empty_one() {
    let jx = Jx::new();
    jx.run(&["demo"]).ok(); // initialised and empty: the sample goes in
    let other = Jx::new().in_chinese();
    other.import(&crate::support::funded("p", "10万", "10万"));
    let path = other.path().display().to_string();
    let out = other.reject(&["demo"], &[&path, "已有 3 个事件", "账本头序号 3 "]);
    assert!(!out.stderr.contains("zj-scjg-2023-ip"), "{}", out.stderr);
    // Without --ledger it takes a fresh directory each time, so it can always run again.
    let tmp = tempfile::tempdir().unwrap();
    for _ in 0..2 {
        let out = crate::support::command()
            .env("TMPDIR", tmp.path())
            .arg("demo")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{stdout}");
        assert!(stdout.contains("recorded 65 events"), "{stdout}");
    }
}

#[test]
fn commands_on_a_missing_ledger_say_how_to_create_one() {
    let jx = Jx::uninit();
    for args in [
        &["log"][..],
        &["verify"],
        &["spend", "p", "1", "--purpose", "x"],
    ] {
        jx.run(args).fails(2, &["no ledger", "jixiao init"]);
    }
    jx.run(&["init"]).ok();
    jx.run(&["init"]).fails(2, &["already exists"]);
    jx.cmd()
        .env("JIXIAO_NOW", "yesterday")
        .arg("log")
        .output()
        .map(|o| assert_eq!(o.status.code(), Some(2)))
        .unwrap();
}
