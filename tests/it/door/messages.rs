//! Issue 11 at the front door: corrections by fields, messages in both languages, and where
//! the language comes from.

use serde_json::Value;

use super::{assert_refused, project_2024, refused, run, Lang};
use crate::support::export_lines;

/// Issue 11, input 5: `correct` takes the fields by the recording command's flags, shows the
/// change, and refuses a correction that changes nothing.
#[test]
fn corrections_by_the_recording_commands_flags() {
    let jx = project_2024();
    let (code, out, err) = run(
        &jx,
        Lang::Default,
        &[
            "correct",
            "4",
            "--amount",
            "1.8万",
            "--purpose",
            "宣传周活动",
            "--reason",
            "录入错误",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("更正 #4 支出：金额 1.08万元 → 1.8万元；用途 宣传周 → 宣传周活动"),
        "{out}"
    );
    let last: Value = serde_json::from_str(export_lines(&jx.export()).last().unwrap()).unwrap();
    assert_eq!(
        last["data"]["replacement"]["data"],
        serde_json::json!({"amount": "18000.00", "purpose": "宣传周活动"})
    );
    assert_refused(
        &jx,
        &[
            refused(
                "the same correction again",
                &["correct", "4", "--amount", "1.8万", "--reason", "再次更正"],
            )
            .says(
                &["更正 #4（支出）", "与现状相同"],
                &["correct #4", "identical"],
            ),
            refused(
                "the amount as it already is, written another way",
                &[
                    "correct",
                    "4",
                    "--amount",
                    "18,000.00",
                    "--reason",
                    "再次更正",
                ],
            )
            .says(&["与现状相同"], &["identical"]),
            refused("nothing to correct", &["correct", "4", "--reason", "x"])
                .says(&["#4", "没有要更正的内容"], &["nothing to correct"]),
            refused(
                "a flag the type has no field for",
                &["correct", "4", "--target", "≥8", "--reason", "x"],
            )
            .says(
                &["--target", "#4 是 funds.disbursed", "--amount", "--purpose"],
                &["--target", "no such field"],
            ),
            refused(
                "a correction of a seq that does not exist",
                &["correct", "99", "--amount", "1万", "--reason", "x"],
            )
            .says(
                &["target_seq", "序号 99 不存在"],
                &["seq 99 does not exist"],
            ),
            refused(
                "a replacement that breaks a rule",
                &["correct", "4", "--amount", "500万", "--reason", "x"],
            )
            .says(
                &[
                    "spending-within-arrived",
                    "data.replacement",
                    "到位资金只有",
                ],
                &["spending-within-arrived", "has arrived"],
            ),
            refused(
                "--data together with a field flag",
                &[
                    "correct", "4", "--data", "{}", "--amount", "1万", "--reason", "x",
                ],
            )
            .says(&["--data", "不能与"], &["--data"]),
        ],
    );
}

/// Issue 11, input 7: messages name the field, the value and the rule in Chinese, and in
/// English with `--lang en` (serde's words translated, clap's words too).
#[test]
fn messages_in_chinese_by_default_and_in_english_on_request() {
    let jx = project_2024();
    assert_refused(
        &jx,
        &[
            refused("an unknown option", &["spend", "p", "1万", "--xyz"]).says(
                &["未知选项 --xyz", "用法"],
                &["unexpected argument '--xyz'"],
            ),
            refused("a missing argument", &["spend", "p", "--purpose", "x"])
                .says(&["缺少参数", "<AMOUNT>"], &["<AMOUNT>"]),
            refused("an unknown command", &["spnd"])
                .says(&["未知命令 spnd", "spend"], &["unrecognized subcommand"]),
            refused(
                "spending above the funds arrived",
                &["spend", "p", "500万", "--purpose", "x"],
            )
            .says(
                &[
                    "字段 data.amount",
                    "违反规则「支出不超过到位资金」（spending-within-arrived）",
                    "到位资金只有 100万元（1,000,000.00元）",
                ],
                &[
                    "field data.amount",
                    "rule spending-within-arrived (spending within funds arrived)",
                    "only 100万元 (1,000,000.00元) has arrived",
                ],
            ),
            refused(
                "three decimals in 元",
                &["spend", "p", "1.001", "--purpose", "x"],
            )
            .says(
                &["data.amount", "\"1.001\"", "小数多于两位"],
                &["\"1.001\" has more than two decimals"],
            ),
            refused(
                "an unknown project",
                &["spend", "nobody", "1万", "--purpose", "x"],
            )
            .says(
                &["unknown-project", "\"nobody\"", "尚未登记"],
                &["is not registered"],
            ),
            refused(
                "a tier that is not one",
                &["indicator", "assess", "p", "q1", "部分"],
            )
            .says(
                &["data.tier", "「部分」不是可用的取值", "部分达成"],
                &["unknown variant `部分`"],
            ),
            refused("an id with a space", &["goal", "set", "p", "g 1", "目标"]).says(
                &["data.id", "\"g 1\"", "不得含空白"],
                &["must not contain whitespace"],
            ),
        ],
    );
    let import_cases: &[(&str, &[&str], &[&str])] = &[
        (
            r#"{"type":"funds.disbursed","project":"p","effective":"2024-05-01","data":{"amount":"1万"}}"#,
            &["第 1 行", "data", "缺少字段 purpose"],
            &["line 1", "missing field `purpose`"],
        ),
        (
            r#"{"type":"funds.disbursed","project":"p","effective":"2024-05-01","data":{"amount":"1万","purpose":"x","colour":"红"}}"#,
            &["data.colour", "未知字段 colour", "purpose"],
            &["unknown field `colour`"],
        ),
        (
            r#"{"type":"project.registered","project":"r","effective":"2024-01-01","data":{"name":"n","department":"d","year":"2024"}}"#,
            &["data.year", "类型不对", "字符串 \"2024\"", "非负整数"],
            &["invalid type: string \"2024\""],
        ),
    ];
    let before = jx.export();
    for (text, zh, en) in import_cases {
        for (lang, needles) in [(Lang::Default, zh), (Lang::En, en)] {
            let mut cmd = jx.cmd();
            cmd.env_remove("JIXIAO_LANG").env("LANG", "C");
            if lang == Lang::En {
                cmd.args(["--lang", "en"]);
            }
            let mut child = cmd
                .args(["import", "-"])
                .stdin(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(text.as_bytes())
                .unwrap();
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{stderr}");
            for n in *needles {
                assert!(stderr.contains(n), "{lang:?} lacks {n:?}: {stderr}");
            }
        }
    }
    assert!(jx.export() == before);
}

/// The language: `--lang`, else `JIXIAO_LANG`, else the locale (`en…` is English), else
/// Chinese; `--help` and clap's own words follow it.
#[test]
fn the_language_follows_the_option_the_variable_and_the_locale() {
    let jx = project_2024();
    let verify = |env: &[(&str, &str)], args: &[&str]| -> String {
        let mut cmd = jx.cmd();
        cmd.env_remove("JIXIAO_LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.args(args).arg("verify").output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(verify(&[], &[]).starts_with("完好：已校验 4 个事件"));
    assert!(verify(&[("LANG", "en_US.UTF-8")], &[]).starts_with("ok: 4 events verified"));
    assert!(verify(&[("JIXIAO_LANG", "en")], &[]).starts_with("ok: 4 events"));
    assert!(verify(&[("JIXIAO_LANG", "en")], &["--lang", "zh"]).starts_with("完好"));
    assert!(verify(&[("LANG", "zh_CN.UTF-8")], &[]).starts_with("完好"));
    let (code, help, _) = run(&jx, Lang::Default, &["spend", "--help"]);
    assert_eq!(code, 0);
    for needle in ["用法：", "参数", "选项", "用途", "显示帮助", "--confirm"] {
        assert!(help.contains(needle), "{needle}:\n{help}");
    }
    assert!(
        !help.contains("Usage") && !help.contains("Print help"),
        "{help}"
    );
    let (_, help, _) = run(&jx, Lang::Default, &["help", "correct"]);
    assert!(help.contains("更正") && help.contains("--amount"), "{help}");
    let (_, help, _) = run(&jx, Lang::En, &["spend", "--help"]);
    assert!(help.contains("Usage") && help.contains("purpose"), "{help}");
}

/// `correct SEQ --effective DATE` corrects the event's effective date: stored as `effective`
/// in the `event.corrected` data (the field the ledger side reads, issue 11, i11-rules), and
/// the state `--as-of` follows it.
#[test]
fn an_effective_date_is_corrected_by_an_event() {
    let jx = project_2024();
    let (code, out, err) = run(
        &jx,
        Lang::Default,
        &[
            "correct",
            "4",
            "--effective",
            "2024/6/1",
            "--reason",
            "日期录错",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("更正 #4 支出：生效日期 2024-04-26 → 2024-06-01"),
        "{out}"
    );
    let last: Value = serde_json::from_str(export_lines(&jx.export()).last().unwrap()).unwrap();
    assert_eq!(last["data"]["effective"], "2024-06-01");
    let (_, state, _) = run(
        &jx,
        Lang::En,
        &["state", "p", "--as-of", "2024-05-31", "--json"],
    );
    let state: Value = serde_json::from_str(&state).unwrap();
    assert_eq!(state["money"]["spent"], "0.00", "moved to June");
    assert_refused(
        &jx,
        &[refused(
            "the same date again",
            &["correct", "4", "--effective", "2024-06-01", "--reason", "x"],
        )
        .says(&["与现状相同"], &["identical"])],
    );
}
