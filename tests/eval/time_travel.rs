//! Issue 3 on the built-in sample: `state` on both time axes, corrections on both axes,
//! `history` and `projects`.

use crate::{dec, decimal_at, round, text_at, Sample, SAMPLE};

/// The line of a rendered table that starts with `label`.
fn row<'a>(out: &'a str, label: &str) -> &'a str {
    out.lines()
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("no line starting with {label:?} in\n{out}"))
}

#[test]
fn before_the_adjustment_the_budget_is_341_wan_and_execution_29_72_percent() {
    let s = Sample::demo();
    let v = s
        .run(&["state", SAMPLE, "--as-of", "2023-12-14", "--json"])
        .json();
    assert_eq!(text_at(&v, "/money/initial_budget"), "3410000.00");
    assert_eq!(text_at(&v, "/money/budget"), "3410000.00");
    assert_eq!(
        text_at(&v, "/money/spent"),
        "1013500.00",
        "all eight disbursements"
    );
    assert_eq!(v["money"]["disbursements"].as_array().unwrap().len(), 8);
    assert_eq!(v["money"]["adjustments"], serde_json::json!([]));
    let ratio = decimal_at(&v, "/money/execution_ratio");
    assert_eq!(round(ratio, 4), dec("0.2972"), "{ratio}");

    let table = s
        .run(&["--lang", "zh", "state", SAMPLE, "--as-of", "2023-12-14"])
        .ok();
    assert!(row(&table, "全年预算数").contains("341"), "{table}");
    assert!(row(&table, "全年执行数").ends_with("29.72%"), "{table}");
}

#[test]
fn after_the_adjustment_the_budget_is_101_35_wan_and_execution_100_percent() {
    let s = Sample::demo();
    let v = s
        .run(&["state", SAMPLE, "--as-of", "2023-12-31", "--json"])
        .json();
    assert_eq!(text_at(&v, "/money/initial_budget"), "3410000.00");
    assert_eq!(text_at(&v, "/money/budget"), "1013500.00");
    assert_eq!(decimal_at(&v, "/money/execution_ratio"), dec("1"));
    let adjustment = &v["money"]["adjustments"][0];
    assert_eq!(text_at(adjustment, "/from"), "3410000.00");
    assert_eq!(text_at(adjustment, "/to"), "1013500.00");
    assert_eq!(text_at(adjustment, "/effective"), "2023-12-15");
    assert_eq!(text_at(adjustment, "/authority"), "湛江市财政局");
    // Against the initial budget the rate stays 29.72%.
    assert_eq!(
        round(decimal_at(&v, "/money/execution_ratio_initial"), 4),
        dec("0.2972")
    );

    let table = s
        .run(&["--lang", "zh", "state", SAMPLE, "--as-of", "2023-12-31"])
        .ok();
    assert!(row(&table, "全年预算数").contains("101.35"), "{table}");
    assert!(row(&table, "全年执行数").ends_with("100%"), "{table}");
}

#[test]
fn known_before_the_adjustment_was_recorded_the_budget_is_341_even_for_a_later_date() {
    let s = Sample::demo();
    let budget = |known_at: &str| {
        let v = s
            .run(&[
                "state",
                SAMPLE,
                "--known-at",
                known_at,
                "--as-of",
                "2024-12-31",
                "--json",
            ])
            .json();
        text_at(&v, "/money/budget").to_string()
    };
    assert_eq!(budget("2023-12-01"), "3410000.00");
    // The adjustment (seq 34) was recorded at 2023-12-15 09:34 +08:00: the boundary is
    // inclusive, on the instant and on the seq axis alike.
    assert_eq!(budget("2023-12-15T09:33:59.999+08:00"), "3410000.00");
    assert_eq!(budget("2023-12-15T09:34:00+08:00"), "1013500.00");
    assert_eq!(budget("2023-12-15T01:34:00Z"), "1013500.00");
    assert_eq!(budget("seq:33"), "3410000.00");
    assert_eq!(budget("seq:34"), "1013500.00");
    assert_eq!(budget("2024-12-31"), "1013500.00");
}

#[test]
fn mid_year_state_answers_what_was_spent_by_then() {
    let s = Sample::demo();
    let v = s
        .run(&["state", SAMPLE, "--as-of", "2023-06-30", "--json"])
        .json();
    // 1.08万 + 1.35万 + 30万 by the end of June.
    assert_eq!(text_at(&v, "/money/spent"), "324300.00");
    assert_eq!(text_at(&v, "/money/arrived"), "1013500.00");
    assert_eq!(text_at(&v, "/money/budget"), "3410000.00");
    // No indicator had been measured yet.
    let measured = v["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| !i["actual"].is_null())
        .count();
    assert_eq!(measured, 0);
}

const CORRECTION_NOW: &str = "2025-03-01T10:00:00+08:00";

/// Corrects seq 28 (第二十二届中国专利优秀奖, 30万元) to 2万元, recorded on 2025-03-01.
fn correct_seq_28(s: &Sample) {
    let out = s
        .run_at(
            CORRECTION_NOW,
            &[
                "correct",
                "28",
                "--data",
                r#"{"amount":"2万元","purpose":"第二十二届中国专利优秀奖","category":"奖励"}"#,
                "--reason",
                "凭证金额录入错误",
            ],
        )
        .ok();
    assert!(out.contains("\nseq 66  hash "), "{out}");
}

fn spent(s: &Sample, view: &[&str]) -> String {
    let mut args = vec!["state", SAMPLE, "--json"];
    args.extend_from_slice(view);
    let v = s.run(&args).json();
    text_at(&v, "/money/spent").to_string()
}

#[test]
fn a_later_correction_changes_as_of_views_but_not_earlier_known_at_views() {
    let s = Sample::demo();
    assert_eq!(spent(&s, &["--as-of", "2023-06-30"]), "324300.00");
    correct_seq_28(&s);

    // As of mid-2023, as known now: the corrected amount (1.08 + 1.35 + 2 万).
    assert_eq!(spent(&s, &["--as-of", "2023-06-30"]), "44300.00");
    assert_eq!(spent(&s, &["--as-of", "2023-12-31"]), "733500.00");
    // As the ledger said before the correction was recorded: unchanged.
    for known_at in ["2025-02-28", "2025-03-01T09:59:59+08:00", "seq:65"] {
        assert_eq!(
            spent(&s, &["--as-of", "2023-06-30", "--known-at", known_at]),
            "324300.00",
            "known at {known_at}"
        );
        assert_eq!(
            spent(&s, &["--as-of", "2023-12-31", "--known-at", known_at]),
            "1013500.00",
            "known at {known_at}"
        );
    }
    // Known at the correction itself: corrected.
    assert_eq!(
        spent(&s, &["--as-of", "2023-06-30", "--known-at", "seq:66"]),
        "44300.00"
    );

    // The corrected disbursement says by what; the earlier view does not.
    let now = s
        .run(&["state", SAMPLE, "--as-of", "2023-12-31", "--json"])
        .json();
    let d = &now["money"]["disbursements"][2];
    assert_eq!(
        (d["seq"].as_u64(), d["corrected_by"].as_u64()),
        (Some(28), Some(66))
    );
    assert_eq!(text_at(d, "/amount"), "20000.00");
    let before = s
        .run(&["state", SAMPLE, "--known-at", "seq:65", "--json"])
        .json();
    let d = &before["money"]["disbursements"][2];
    assert!(d["corrected_by"].is_null(), "{d}");
    assert_eq!(text_at(d, "/amount"), "300000.00");
    let ratio = decimal_at(&now, "/money/execution_ratio");
    assert_eq!(round(ratio, 4), dec("0.7237"), "73.35 / 101.35");
}

#[test]
fn a_correction_that_would_overspend_arrived_funds_is_rejected_and_nothing_is_written() {
    let s = Sample::demo();
    // seq 26 is 1.08万; 2万 would make spending 102.27万 against 101.35万 arrived.
    let err = s
        .run_at(
            CORRECTION_NOW,
            &[
                "correct",
                "26",
                "--data",
                r#"{"amount":"2万元","purpose":"知识产权宣传周仪式宣传费用"}"#,
                "--reason",
                "金额更正",
            ],
        )
        .fails(2);
    assert!(err.contains("spending-within-arrived"), "{err}");
    assert_eq!(s.head_seq(), 65);
    // Correcting a seq that does not exist is rejected too.
    let err = s
        .run_at(
            CORRECTION_NOW,
            &["correct", "999", "--data", "{}", "--reason", "无此事件"],
        )
        .fails(2);
    assert!(err.contains("999"), "{err}");
    assert_eq!(s.head_seq(), 65);
}

#[test]
fn history_describes_the_adjustment_and_shows_a_correction_against_what_it_corrects() {
    let s = Sample::demo();
    correct_seq_28(&s);
    let table = s.run(&["history", SAMPLE]).ok();
    assert!(
        table.contains("全年预算 341万元 → 101.35万元 (湛江市财政局: 市财政调整年初预算)"),
        "{table}"
    );
    let adjustment = table
        .lines()
        .find(|l| l.contains("全年预算 341万元"))
        .unwrap();
    for column in ["2023-12-15", "2023-12-15 09:34:00", "zj-czj/budget", " 34 "] {
        assert!(adjustment.contains(column), "{column}: {adjustment}");
    }
    // The correction names what it corrects in the table's language (English here, as
    // the eval harness runs; Chinese by default).
    assert!(
        table.contains("corrects #28: 「支出 30万元 第二十二届中国专利优秀奖」 → 「支出 2万元"),
        "{table}"
    );
    let zh = s.run(&["--lang", "zh", "history", SAMPLE]).ok();
    assert!(
        zh.contains("更正第 28 号事件: 「支出 30万元 第二十二届中国专利优秀奖」 → 「支出 2万元"),
        "{zh}"
    );

    let entries = s.run(&["history", SAMPLE, "--json"]).json();
    let entries = entries.as_array().unwrap();
    assert_eq!(entries.len(), 66, "one entry per event");
    let last = entries.last().unwrap();
    assert_eq!(last["type"], "event.corrected");
    assert_eq!(last["seq"], 66);
    assert_eq!(last["target_seq"], 28);
    assert_eq!(last["actor"], "eval-test");
    let description = text_at(last, "/description");
    assert!(description.contains("凭证金额录入错误"), "{description}");
    // The corrected event keeps its original description: history is never edited.
    let original = &entries[27];
    assert_eq!(original["seq"], 28);
    assert_eq!(
        text_at(original, "/description"),
        "支出 30万元 第二十二届中国专利优秀奖"
    );
}

#[test]
fn projects_lists_every_project_with_totals() {
    let s = Sample::demo();
    let now = "2025-01-10T10:00:00+08:00";
    for args in [
        &[
            "project",
            "register",
            "zj-test-2023-b",
            "--name",
            "测试项目乙",
            "--department",
            "湛江市测试局",
            "--year",
            "2023",
            "--effective",
            "2023-02-01",
        ][..],
        &[
            "budget",
            "allocate",
            "zj-test-2023-b",
            "50万",
            "--effective",
            "2023-02-01",
        ],
        &[
            "funds",
            "arrive",
            "zj-test-2023-b",
            "40万",
            "--effective",
            "2023-03-01",
        ],
        &[
            "spend",
            "zj-test-2023-b",
            "10万",
            "--purpose",
            "测试支出",
            "--effective",
            "2023-04-01",
        ],
    ] {
        s.run_at(now, args).ok();
    }

    let p = s.run(&["projects", "--json"]).json();
    let rows = p["rows"].as_array().unwrap();
    let ids: Vec<&str> = rows.iter().map(|r| text_at(r, "/project")).collect();
    assert_eq!(
        ids,
        ["zj-scjg-2023-ip", "zj-test-2023-b"],
        "sorted by department"
    );
    assert_eq!(text_at(&p, "/totals/initial_budget"), "3910000.00");
    assert_eq!(text_at(&p, "/totals/budget"), "1513500.00");
    assert_eq!(text_at(&p, "/totals/arrived"), "1413500.00");
    assert_eq!(text_at(&p, "/totals/spent"), "1113500.00");
    assert_eq!(
        round(decimal_at(&p, "/totals/execution_ratio"), 4),
        dec("0.7357"),
        "111.35 / 151.35"
    );

    let table = s.run(&["projects"]).ok();
    assert!(table.contains("合计 (2 个项目)"), "{table}");
    let sample_row = row(&table, SAMPLE);
    assert!(sample_row.contains("湛江市市场监督管理局"), "{sample_row}");
    assert!(sample_row.ends_with("100%"), "{sample_row}");

    // The portfolio travels in time too: before the cut, and before project b was registered.
    let p = s
        .run(&["projects", "--as-of", "2023-01-31", "--json"])
        .json();
    assert_eq!(p["rows"].as_array().unwrap().len(), 1);
    assert_eq!(text_at(&p, "/totals/budget"), "3410000.00");
    let p = s.run(&["projects", "--year", "2024", "--json"]).json();
    assert_eq!(p["rows"], serde_json::json!([]));
}
