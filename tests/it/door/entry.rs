//! Issue 11 at the front door: bare figures, the echo, registrations and dates.

use serde_json::Value;

use super::{assert_refused, project_2024, refused, run, Lang};
use crate::support::{export_lines, Jx};

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
