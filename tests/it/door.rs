//! Issue 11, the front door: what a budget officer types, and what jixiao answers. Each case
//! runs in Chinese (the default: no `--lang`, no `JIXIAO_LANG`, locale `C`) and in English
//! (`--lang en`): the exit code, the words of the message (field, value, rule), and, for a
//! refusal, that nothing was written (the export is byte-identical).

use serde_json::Value;

use crate::support::{export_lines, line, Jx};

/// The language a case runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    /// The default: no `--lang`, no `JIXIAO_LANG`, a locale that says nothing (`C`).
    Default,
    En,
}

/// Runs `args` on `jx` in `lang`; returns (exit code, stdout, stderr).
fn run(jx: &Jx, lang: Lang, args: &[&str]) -> (i32, String, String) {
    let mut cmd = jx.cmd();
    cmd.env_remove("JIXIAO_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C");
    if lang == Lang::En {
        cmd.args(["--lang", "en"]);
    }
    let out = cmd.args(args).output().expect("run jixiao");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code().unwrap_or(-1), text(&out.stdout), stderr)
}

/// A 2024 project `p`: budget 300万, 100万 arrived, one disbursement of 1.08万元 (seq 4).
fn project_2024() -> Jx {
    let jx = Jx::new();
    let mut lines = line(
        "project.registered",
        "p",
        "2024-01-01",
        serde_json::json!({"name": "知识产权促进", "department": "市监局", "year": 2024}),
    );
    lines += &line(
        "budget.allocated",
        "p",
        "2024-01-05",
        serde_json::json!({"amount": "300万"}),
    );
    lines += &line(
        "funds.arrived",
        "p",
        "2024-02-01",
        serde_json::json!({"amount": "100万"}),
    );
    lines += &line(
        "funds.disbursed",
        "p",
        "2024-04-26",
        serde_json::json!({"amount": "1.08万元", "purpose": "宣传周"}),
    );
    jx.import(&lines);
    jx
}

/// A refusal: its arguments, and what the message says in each language.
struct Refused {
    what: &'static str,
    args: &'static [&'static str],
    zh: &'static [&'static str],
    en: &'static [&'static str],
}

fn refused(what: &'static str, args: &'static [&'static str]) -> Refused {
    Refused {
        what,
        args,
        zh: &[],
        en: &[],
    }
}

impl Refused {
    fn says(mut self, zh: &'static [&'static str], en: &'static [&'static str]) -> Refused {
        (self.zh, self.en) = (zh, en);
        self
    }
}

/// Every case is refused with exit 2 in both languages, its message naming what it must,
/// and the ledger is byte-identical afterwards.
fn assert_refused(jx: &Jx, cases: &[Refused]) {
    let before = jx.export();
    for case in cases {
        for (lang, needles) in [(Lang::Default, case.zh), (Lang::En, case.en)] {
            let (code, _, stderr) = run(jx, lang, case.args);
            assert_eq!(code, 2, "{} ({lang:?}): {stderr}", case.what);
            for n in needles {
                assert!(
                    stderr.contains(n),
                    "{} ({lang:?}) lacks {n:?}:\n{stderr}",
                    case.what
                );
            }
            if lang == Lang::Default {
                assert!(
                    stderr.starts_with("错误："),
                    "{}: not in Chinese:\n{stderr}",
                    case.what
                );
            }
        }
    }
    assert!(
        jx.export() == before,
        "a refused command wrote to the ledger"
    );
}

/// Issue 11, input 1: `budget allocate P 200` on a project of millions, and the figures near it.
#[test]
fn a_bare_figure_that_looks_like_a_forgotten_wan_is_refused() {
    let jx = project_2024();
    assert_refused(
        &jx,
        &[
            refused("200 on a 300万 budget", &["budget", "allocate", "p", "200"]).says(
                &[
                    "<AMOUNT> 200",
                    "200.00元",
                    "全年预算数 300万元",
                    "是否应为 200万？若确为 200元，请加 --confirm",
                ],
                &["<AMOUNT> 200", "Did you mean 200万?", "add --confirm"],
            ),
            refused("35.6 arriving on 300万", &["funds", "arrive", "p", "35.6"])
                .says(&["是否应为 35.6万？"], &["Did you mean 35.6万?"]),
            refused(
                "a correction to 300 of the 300万 allocation",
                &["correct", "2", "--amount", "300", "--reason", "录入错误"],
            )
            .says(&["--amount 300", "是否应为 300万？"], &["--amount 300"]),
            refused(
                "a claim of 101 spent",
                &[
                    "claim", "p", "--score", "90", "--grade", "优", "--spent", "101",
                ],
            )
            .says(&["--spent 101", "是否应为 101万？"], &["--spent 101"]),
        ],
    );
    // Written with a unit, or confirmed, the same figures are recorded as typed.
    for args in [
        &[
            "budget",
            "allocate",
            "p",
            "200元",
            "--effective",
            "2024-03-01",
        ][..],
        &[
            "budget",
            "allocate",
            "p",
            "200",
            "--confirm",
            "--effective",
            "2024-03-01",
        ],
        &[
            "budget",
            "allocate",
            "p",
            "0.02万",
            "--effective",
            "2024-03-01",
        ],
        &[
            "spend",
            "p",
            "80000",
            "--purpose",
            "培训",
            "--effective",
            "2024-03-01",
        ],
    ] {
        let (code, out, err) = run(&jx, Lang::Default, args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(out.contains("已记录"), "{out}");
    }
}

/// A first allocation has no budget to compare with: under 1万元 without a unit, it is the
/// 万 that was forgotten.
#[test]
fn a_first_budget_under_one_wan_without_a_unit_is_refused() {
    let jx = Jx::new();
    let register = [
        "project",
        "register",
        "q",
        "--name",
        "新项目",
        "--department",
        "市监局",
        "--year",
        "2024",
    ];
    assert_eq!(run(&jx, Lang::Default, &register).0, 0);
    assert_refused(
        &jx,
        &[
            refused("first allocation 200", &["budget", "allocate", "q", "200"]).says(
                &["项目 q 尚无预算", "是否应为 200万？"],
                &["has no budget yet", "Did you mean 200万?"],
            ),
        ],
    );
    let (code, out, _) = run(&jx, Lang::Default, &["budget", "allocate", "q", "200万"]);
    assert_eq!(code, 0);
    assert!(out.contains("预算下达 200万元（2,000,000.00元）"), "{out}");
}

/// Issue 11, input 1 and item 2: every recording command says what it recorded, in words
/// and figures, then its seq and hash.
#[test]
fn a_recording_command_echoes_what_it_recorded() {
    let jx = project_2024();
    let (code, out, err) = run(
        &jx,
        Lang::Default,
        &[
            "spend",
            "p",
            "1.08万元",
            "--purpose",
            "宣传费用",
            "--effective",
            "2024-4-26",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "已记录 #5 支出 1.08万元（10,800.00元） 用途：宣传费用 生效 2024-04-26 项目 p"
    );
    let hash = lines[1]
        .strip_prefix("序号 5  哈希 ")
        .expect("the seq and hash");
    assert!(
        hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
        "{hash}"
    );
    let (_, out, _) = run(
        &jx,
        Lang::En,
        &[
            "budget",
            "adjust",
            "p",
            "101.35万",
            "--reason",
            "压减",
            "--effective",
            "2024-06-01",
        ],
    );
    assert!(
        out.starts_with("recorded #6 budget adjustment 101.35万元 (1,013,500.00元) (reason: 压减) effective 2024-06-01 project p"),
        "{out}"
    );
    assert!(
        out.lines().last().unwrap().starts_with("seq 6  hash "),
        "{out}"
    );
    // A date outside the project's year is recorded, and said.
    let (_, out, _) = run(
        &jx,
        Lang::Default,
        &[
            "spend",
            "p",
            "1万",
            "--purpose",
            "x",
            "--effective",
            "2030-01-01",
        ],
    );
    assert!(
        out.contains(
            "注意：生效日期 2030-01-01 不在项目 p 的实施周期（2024-01-01 至 2024-12-31）内"
        ),
        "{out}"
    );
}

/// Issue 11, input 2: `--year 24` is refused; without `--effective` a registration takes the
/// period's start, else 1 January of its year, never the day it is typed.
#[test]
fn a_registration_is_dated_by_its_year_not_by_today() {
    let jx = Jx::new();
    let base = [
        "project",
        "register",
        "p",
        "--name",
        "n",
        "--department",
        "d",
    ];
    let with = |extra: &[&'static str]| -> Vec<&'static str> {
        base.iter().chain(extra).copied().collect()
    };
    let year_24: &'static [&'static str] = with(&["--year", "24"]).leak();
    let year_1999: &'static [&'static str] = with(&["--year", "1999"]).leak();
    let bad_start: &'static [&'static str] =
        with(&["--year", "2024", "--period-start", "2024-02-30"]).leak();
    let reversed: &'static [&'static str] = with(&[
        "--year",
        "2024",
        "--period-start",
        "2024-12-31",
        "--period-end",
        "2024-01-01",
    ])
    .leak();
    assert_refused(
        &jx,
        &[
            refused("--year 24", year_24).says(
                &["--year 24", "年度应为四位数", "是否应为 2024？"],
                &["--year 24", "did you mean 2024?"],
            ),
            refused("--year 1999", year_1999)
                .says(&["--year 1999", "2000 至 2100"], &["between 2000 and 2100"]),
            refused("a period start not on the calendar", bad_start).says(
                &["--period-start 2024-02-30", "无法识别的日期"],
                &["not a date"],
            ),
            refused("a period that ends before it starts", reversed)
                .says(&["早于开始日期"], &["before it starts"]),
        ],
    );
    let cases: &[(&[&str], &str, &str)] = &[
        (&["p1", "--year", "2024"], "2024-01-01", ""),
        (
            &["p2", "--year", "2024", "--period-start", "2024/3/1"],
            "2024-03-01",
            "2024-03-01",
        ),
        (
            &["p3", "--year", "2024", "--effective", "2024年2月1日"],
            "2024-02-01",
            "",
        ),
    ];
    for (extra, effective, start) in cases {
        let mut args = vec!["project", "register"];
        args.push(extra[0]);
        args.extend(["--name", "n", "--department", "d"]);
        args.extend(&extra[1..]);
        let (code, _, err) = run(&jx, Lang::Default, &args);
        assert_eq!(code, 0, "{err}");
        let last: Value = serde_json::from_str(export_lines(&jx.export()).last().unwrap()).unwrap();
        assert_eq!(last["effective"], *effective, "{extra:?}");
        if !start.is_empty() {
            assert_eq!(last["data"]["period_start"], *start);
        }
    }
    let (code, out, _) = run(
        &jx,
        Lang::Default,
        &["state", "p1", "--as-of", "2024年6月30日"],
    );
    assert_eq!(code, 0, "the project exists as of a day of its year: {out}");
}

/// Issue 11, input 7: dates as people write them, stored as `YYYY-MM-DD`.
#[test]
fn dates_as_people_write_them() {
    let jx = project_2024();
    let written = [
        "2024/05/09",
        "2024-5-9",
        "2024/5/9",
        "2024年5月9日",
        "2024.05.09",
    ];
    for (i, date) in written.iter().enumerate() {
        let amount = format!("{}元", 100 + i);
        let (code, out, err) = run(
            &jx,
            Lang::Default,
            &["spend", "p", &amount, "--purpose", "x", "--effective", date],
        );
        assert_eq!(code, 0, "{date}: {err}");
        assert!(out.contains("生效 2024-05-09"), "{out}");
        let last: Value = serde_json::from_str(export_lines(&jx.export()).last().unwrap()).unwrap();
        assert_eq!(last["effective"], "2024-05-09", "{date}");
    }
    assert_refused(
        &jx,
        &[
            refused(
                "a month 13",
                &[
                    "spend",
                    "p",
                    "1万",
                    "--purpose",
                    "x",
                    "--effective",
                    "2024-13-01",
                ],
            )
            .says(
                &[
                    "--effective 2024-13-01",
                    "无法识别的日期",
                    "2024/5/9",
                    "2024年5月9日",
                ],
                &["--effective 2024-13-01", "not a date", "2024年5月9日"],
            ),
            refused(
                "an --as-of in words",
                &["state", "p", "--as-of", "五月九日"],
            )
            .says(
                &["--as-of 五月九日", "无法识别的日期"],
                &["--as-of 五月九日"],
            ),
        ],
    );
}

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
                    "违反规则 spending-within-arrived",
                    "到位资金只有 1000000.00元",
                ],
                &[
                    "field data.amount",
                    "rule spending-within-arrived",
                    "has arrived",
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
