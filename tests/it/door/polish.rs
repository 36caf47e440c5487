//! Issue 11, what a fresh user found walking through it from a clean clone: identifiers
//! leaking into Chinese messages, one style of amounts, and the echo of corrections. Chinese
//! is asked for explicitly (`--lang zh`); English with `--lang en`.

use super::{project_2024, run, Lang};
use crate::support::Jx;

/// Runs `args` in Chinese asked for explicitly (`--lang zh`).
fn zh(jx: &Jx, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["--lang", "zh"];
    all.extend_from_slice(args);
    run(jx, Lang::Default, &all)
}

/// A case: arguments, what the Chinese and the English message say.
type Case<'a> = (&'a [&'a str], &'a [&'a str], &'a [&'a str]);

/// Asserts each refusal in both languages: exit 2, the needles, and no identifier or
/// half-width amount bracket in the Chinese.
fn assert_says(jx: &Jx, cases: &[Case<'_>]) {
    let before = jx.export();
    for (args, zh_needles, en_needles) in cases {
        let (code, _, err) = zh(jx, args);
        assert_eq!(code, 2, "{args:?}: {err}");
        for n in *zh_needles {
            assert!(err.contains(n), "{args:?} (zh) lacks {n:?}:\n{err}");
        }
        for leak in ["funds.disbursed", "元 (", "seq "] {
            assert!(!err.contains(leak), "{args:?} (zh) has {leak:?}:\n{err}");
        }
        let (code, _, err) = run(jx, Lang::En, args);
        assert_eq!(code, 2, "{args:?}: {err}");
        for n in *en_needles {
            assert!(err.contains(n), "{args:?} (en) lacks {n:?}:\n{err}");
        }
    }
    assert!(
        jx.export() == before,
        "a refused command wrote to the ledger"
    );
}

/// A broken rule is named in words beside its id (Chinese: 「name」（id）; English: id (name)),
/// an event type by its label, and amounts as the echo writes them.
#[test]
fn rules_event_types_and_amounts_are_named_in_the_users_words() {
    let jx = project_2024();
    let voucher = [
        "spend",
        "p",
        "1万",
        "--purpose",
        "培训",
        "--voucher",
        "记-0007",
        "--effective",
        "2024-05-01",
    ];
    assert_eq!(zh(&jx, &voucher).0, 0);
    let early: &[&str] = &[
        "spend",
        "p",
        "1万",
        "--purpose",
        "x",
        "--effective",
        "2024-01-15",
    ];
    let cases: &[Case<'_>] = &[
        (
            early,
            &[
                "违反规则「支出不超过截至当日的到位资金」（spending-within-arrived-by-date）",
                "记录这笔支出 1万元（10,000.00元）后",
                "到位资金只有 0万元（0.00元）",
            ],
            &[
                "rule spending-within-arrived-by-date (spending within funds arrived by each date)",
                "this funds.disbursed of 1万元 (10,000.00元)",
            ],
        ),
        (
            &voucher,
            &["违反规则「凭证号在项目内唯一」（voucher-unique）", "序号 5"],
            &["rule voucher-unique (a voucher number is recorded once per project)"],
        ),
        (
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
            ],
            &["违反规则「项目只登记一次」（project-registered-once）"],
            &["rule project-registered-once (a project is registered once)"],
        ),
        (
            &["spend", "p", "500万", "--purpose", "x"],
            &[
                "违反规则「支出不超过到位资金」（spending-within-arrived）",
                "支出将为 502.08万元（5,020,800.00元）",
            ],
            &["spending would be 502.08万元 (5,020,800.00元)"],
        ),
        (
            &["correct", "4", "--amount", "200万", "--reason", "录入错误"],
            &["更正序号 4 后", "超出 101万元（1,010,000.00元）"],
            &["the correction of seq 4"],
        ),
    ];
    assert_says(&jx, cases);
}

/// Table: a correction or reversal in, its echo out in both languages: the type by its
/// label, the seq as `#N`, full-width brackets in Chinese.
#[test]
fn corrections_and_reversals_echo_the_type_in_words() {
    let jx = project_2024();
    let cases: &[(&[&str], &str, Lang)] = &[
        (
            &["correct", "4", "--amount", "1.8万", "--reason", "录入错误"],
            "已记录 #5 更正 #4 → 支出（理由：录入错误） 生效",
            Lang::Default,
        ),
        (
            &[
                "correct",
                "4",
                "--effective",
                "2024-4-27",
                "--reason",
                "日期有误",
            ],
            "recorded #6 correction of #4 → disbursement, effective date now 2024-04-27 (reason: 日期有误) effective",
            Lang::En,
        ),
        (
            &["reverse", "4", "--reason", "重复录入"],
            "已记录 #7 冲销 #4（理由：重复录入） 生效",
            Lang::Default,
        ),
    ];
    for (args, echo, lang) in cases {
        let (code, out, err) = match lang {
            Lang::Default => zh(&jx, args),
            Lang::En => run(&jx, Lang::En, args),
        };
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(out.contains(echo), "{args:?}:\n{out}");
        assert!(!out.contains("funds.disbursed"), "{out}");
    }
    let (_, log, _) = zh(&jx, &["log"]);
    assert!(log.contains("更正 #4 → 支出"), "{log}");
    assert!(log.contains("冲销 #4"), "{log}");
}

/// `state` speaks one language: Chinese headers and words in Chinese, English in English.
#[test]
fn state_speaks_one_language() {
    let jx = project_2024();
    let cases: &[(Lang, &[&str], &[&str])] = &[
        (
            Lang::Default,
            &[
                "结余（到位 − 支出）",
                "全年执行数（执行率）",
                "资金来源",
                "其中：当年财政拨款",
                "一级指标",
            ],
            &[
                "balance",
                "initial budget",
                "arrived",
                "spent",
                "item",
                "fund",
            ],
        ),
        (
            Lang::En,
            &[
                "balance (arrived − spent)",
                "spent (execution rate)",
                "of which 当年财政拨款",
                "level 1",
            ],
            &[
                "结余",
                "年初预算数",
                "全年执行数",
                "资金来源",
                "年度资金总额",
                "一级",
            ],
        ),
    ];
    for (lang, has, lacks) in cases {
        let (code, out, err) = match lang {
            Lang::Default => zh(&jx, &["state", "p"]),
            Lang::En => run(&jx, Lang::En, &["state", "p"]),
        };
        assert_eq!(code, 0, "{err}");
        for n in *has {
            assert!(out.contains(n), "{lang:?} lacks {n:?}:\n{out}");
        }
        for n in *lacks {
            assert!(!out.contains(n), "{lang:?} has {n:?}:\n{out}");
        }
    }
}

/// An import names the seqs it recorded as people write a range (`序号 5–6`), one seq alone.
#[test]
fn an_import_names_its_seqs_as_a_range() {
    let jx = project_2024();
    let line = |purpose: &str| {
        crate::support::line(
            "funds.disbursed",
            "p",
            "2024-05-01",
            serde_json::json!({"amount": "100元", "purpose": purpose}),
        )
    };
    let path = jx.dir.path().join("in.jsonl");
    let cases: &[(String, Lang, &str)] = &[
        (
            line("a") + &line("b"),
            Lang::Default,
            "已导入 2 个事件：序号 5–6  账本头 ",
        ),
        (
            line("c") + &line("d"),
            Lang::En,
            "imported 2 events: seq 7–8  head ",
        ),
        (line("e"), Lang::Default, "已导入 1 个事件：序号 9  账本头 "),
        (line("f"), Lang::En, "imported 1 event: seq 10  head "),
    ];
    for (lines, lang, says) in cases {
        std::fs::write(&path, lines).unwrap();
        let args = ["import", path.to_str().unwrap()];
        let (code, out, err) = match lang {
            Lang::Default => zh(&jx, &args),
            Lang::En => run(&jx, Lang::En, &args),
        };
        assert_eq!(code, 0, "{err}");
        assert!(out.starts_with(says), "{out}");
        assert!(!out.contains("..="), "{out}");
    }
}

/// `claim`: `--filled-on` is read as people write dates; a bare `--spent` that looks like a
/// forgotten 万 against what the ledger holds is questioned; the echo shows the 全年执行数
/// and the 预算执行率 the claim states.
#[test]
fn a_claim_reads_dates_as_written_and_questions_a_bare_spent() {
    let jx = project_2024();
    let claim = |extra: &[&'static str]| -> &'static [&'static str] {
        let mut args = vec!["claim", "p", "--score", "90", "--grade", "优"];
        args.extend_from_slice(extra);
        args.leak()
    };
    let cases: &[Case<'_>] = &[
        (
            claim(&["--spent", "1.08"]),
            &[
                "--spent 1.08 没有单位，将按 1.08元 记录",
                "不到项目 p 支出记录合计 1.08万元（10,800.00元）的千分之一",
                "是否应为 1.08万？",
            ],
            &["--spent 1.08", "recorded spending 1.08万元 (10,800.00元)"],
        ),
        (
            claim(&["--spent", "95"]),
            &["到位资金 100万元（1,000,000.00元）", "是否应为 95万？"],
            &["funds arrived 100万元 (1,000,000.00元)"],
        ),
        (
            claim(&["--filled-on", "2025/13/10"]),
            &["--filled-on 2025/13/10", "无法识别的日期"],
            &["--filled-on 2025/13/10", "not a date"],
        ),
    ];
    assert_says(&jx, cases);
    // (填报日期 as written, 全年执行数, the echo's words for it)
    let written: &[(&str, &str, &str)] = &[
        ("2025/1/10", "10800元", "1.08万元（10,800.00元）"),
        ("2025-1-10", "10900元", "1.09万元（10,900.00元）"),
        ("2025年1月10日", "1.1万", "1.1万元（11,000.00元）"),
        ("2025.01.10", "11,100", "1.11万元（11,100.00元）"),
    ];
    for (date, spent, words) in written {
        let args = [
            "claim",
            "p",
            "--score",
            "90",
            "--grade",
            "优",
            "--spent",
            spent,
            "--execution-ratio",
            "0.0036",
            "--filled-on",
            date,
            "--effective",
            "2025-01-10",
        ];
        let (code, out, err) = zh(&jx, &args);
        assert_eq!(code, 0, "{date}: {err}");
        let echo = format!("自评结果 90分 优 全年执行数：{words} 预算执行率：0.36%");
        assert!(out.contains(&echo), "{out}");
        let last: serde_json::Value =
            serde_json::from_str(crate::support::export_lines(&jx.export()).last().unwrap())
                .unwrap();
        assert_eq!(last["data"]["filled_on"], "2025-01-10", "{date}");
    }
    let (code, out, _) = run(&jx, Lang::En, claim(&["--spent", "1.08", "--confirm"]));
    assert_eq!(code, 0);
    assert!(
        out.contains("claimed evaluation 90 points 优 spent: 0.0001万元 (1.08元)"),
        "{out}"
    );
}

/// A recording without `--effective` is dated today (DESIGN); when today lies outside the
/// project's period the note says the date was not given and how to correct it, and the
/// command it gives does.
#[test]
fn a_date_taken_from_today_says_how_to_correct_it() {
    let jx = project_2024();
    let cases: &[(&[&str], Lang, &str)] = &[
        (
            &["goal", "set", "p", "g1", "宣传周活动"],
            Lang::Default,
            "注意：未给 --effective，按今天 2026-11-26 记录；该日期不在项目 p 的实施周期（2024-01-01 至 2024-12-31）内，如需更正：jixiao correct 5 --effective 日期 --reason 原因",
        ),
        (
            &["goal", "set", "p", "g2", "培训"],
            Lang::En,
            "note: no --effective given, so recorded as of today, 2026-11-26, which is outside project p's period (2024-01-01 to 2024-12-31); to correct it: jixiao correct 6 --effective DATE --reason WHY",
        ),
        (
            &["goal", "set", "p", "g3", "x", "--effective", "2026-11-26"],
            Lang::Default,
            "注意：生效日期 2026-11-26 不在项目 p 的实施周期（2024-01-01 至 2024-12-31）内",
        ),
    ];
    for (args, lang, note) in cases {
        let (code, out, err) = match lang {
            Lang::Default => zh(&jx, args),
            Lang::En => run(&jx, Lang::En, args),
        };
        assert_eq!(code, 0, "{err}");
        assert!(out.lines().any(|l| l == *note), "{args:?}:\n{out}");
    }
    let hint = [
        "correct",
        "5",
        "--effective",
        "2024-06-01",
        "--reason",
        "日期有误",
    ];
    let (code, out, err) = zh(&jx, &hint);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("生效日期 2026-11-26 → 2024-06-01"), "{out}");
    let (_, state, _) = run(
        &jx,
        Lang::En,
        &["state", "p", "--as-of", "2024-06-30", "--json"],
    );
    assert!(state.contains("宣传周活动"), "{state}");
}
