//! The sample's report: snapshot tests of the Markdown and JSON renderings, and
//! `verify-report` on untouched files, edited files and a ledger that has grown.
//!
//! Snapshots live in `tests/eval/snapshots/`. The ledger id is random per ledger, and the
//! head hash and digest are placeholders too, so a snapshot shows only what the events say.
//! Refresh after an intended change with `JIXIAO_UPDATE_SNAPSHOTS=1 cargo test --test eval`
//! and review the diff.

use std::path::{Path, PathBuf};

use jixiao::report::integrity::digest_of;
use serde_json::Value;

use crate::{text_at, Sample, SAMPLE};

fn snapshot_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/eval/snapshots")
        .join(name)
}

/// Replaces what depends on the ledger instance (id, and so digest) and on the chain (head
/// hash, the project's last hash) or the build (version) with placeholders.
fn redact(text: &str, integrity: &Value) -> String {
    let mut out = text.to_string();
    for (key, placeholder) in [
        ("ledger_id", "<LEDGER-ID>"),
        ("head_hash", "<HEAD-HASH>"),
        ("digest", "<DIGEST>"),
        ("generator", "<GENERATOR>"),
    ] {
        let value = text_at(integrity, &format!("/{key}"));
        assert!(out.contains(value), "the report quotes its {key}");
        out = out.replace(value, placeholder);
    }
    // The project's last event is often the head itself, already replaced.
    let project_head = text_at(integrity, "/project_head_hash");
    out.replace(project_head, "<PROJECT-HEAD-HASH>")
}

pub fn check_snapshot(name: &str, actual: &str) {
    let path = snapshot_path(name);
    if std::env::var_os("JIXIAO_UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let refresh = "if the change is intended, refresh with\n    \
                   JIXIAO_UPDATE_SNAPSHOTS=1 cargo test --test eval\nand review the diff";
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read snapshot {}: {e}\n{refresh}", path.display()));
    if expected == actual {
        return;
    }
    let (n, (want, got)) = expected
        .lines()
        .chain(std::iter::repeat("<end of file>"))
        .zip(actual.lines().chain(std::iter::repeat("<end of file>")))
        .enumerate()
        .find(|(_, (a, b))| a != b)
        .expect("texts differ, so some line differs");
    panic!(
        "{name} differs from {} at line {}:\n  snapshot: {want}\n  actual:   {got}\n{refresh}",
        path.display(),
        n + 1
    );
}

#[test]
fn sample_reports_match_their_snapshots() {
    let s = Sample::demo();
    let json_text = s.run(&["report", SAMPLE, "--format", "json"]).ok();
    let report: Value = serde_json::from_str(&json_text).unwrap();
    let integrity = &report["integrity"];
    assert_eq!(integrity["head_seq"], 65);
    assert_eq!(integrity["policy"], "cz-2020-10");
    assert!(integrity["as_of"].is_null() && integrity["known_at"].is_null());
    let md_text = s.run(&["report", SAMPLE, "--format", "md"]).ok();

    // The demo wrote the same reports beside the ledger.
    for (ext, text) in [("json", &json_text), ("md", &md_text)] {
        let written = std::fs::read_to_string(s.demo_report(ext)).unwrap();
        assert_eq!(&written, text, "demo's {ext} report");
    }
    check_snapshot("sample.json", &redact(&json_text, integrity));
    check_snapshot("sample.md", &redact(&md_text, integrity));
}

#[test]
fn the_sample_report_carries_the_seed_figures() {
    let s = Sample::demo();
    let r = s.run(&["report", SAMPLE, "--format", "json"]).json();
    assert_eq!(text_at(&r, "/money/initial_budget"), "3410000.00");
    assert_eq!(text_at(&r, "/money/budget"), "1013500.00");
    assert_eq!(text_at(&r, "/money/spent"), "1013500.00");
    assert_eq!(text_at(&r, "/money/execution_ratio"), "1");
    assert_eq!(text_at(&r, "/money/execution_score"), "10");
    assert_eq!(text_at(&r, "/total_score"), "100");
    assert_eq!(text_at(&r, "/grade"), "优");
    assert_eq!(text_at(&r, "/claimed/score"), "100");
    assert_eq!(text_at(&r, "/claimed/grade"), "优");
    let md = s.run(&["report", SAMPLE, "--format", "md"]).ok();
    for needle in [
        // Issue 13: the 自评表 as the template lays it out (amounts with two decimals, 一级 and
        // 二级 on their group's first row only, the 总分 row inside the table).
        "| 年度资金总额 | 341.00 | 101.35 | 101.35 | 10 | 100.00% | 10 |",
        "| 总分 |  |  |  |  | 100 | 100 | 等级：优 |",
        "| 效益指标 | 经济效益指标 | 专利质押融资贷款数额（亿） | ≥6 | 54.26 | 7.5 | 7.5 | 无 |",
        "|  |  | 商标质押融资贷款数额（亿） | ≥1 | 10.19 | 7.5 | 7.5 | 无 |",
    ] {
        assert!(md.contains(needle), "{needle}");
    }
    for heading in [
        "## 一、",
        "## 二、",
        "## 三、",
        "## 四、",
        "## 五、",
        "## 六、",
        "## 七、",
    ] {
        assert!(md.contains(heading), "{heading}");
    }
}

/// Writes `text` to a file in the sample's temp dir and runs verify-report on it.
fn verify(s: &Sample, name: &str, text: &str) -> crate::Run {
    let path = s.file(name);
    std::fs::write(&path, text).unwrap();
    s.run(&["verify-report", path.to_str().unwrap()])
}

/// Replaces the first occurrence of `from`, which must be there.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{from:?} is not in the report");
    text.replacen(from, to, 1)
}

#[test]
fn verify_report_accepts_the_json_report_and_names_an_edited_field() {
    let s = Sample::demo();
    let text = std::fs::read_to_string(s.demo_report("json")).unwrap();
    let out = verify(&s, "as-made.json", &text).ok();
    assert!(out.starts_with("ok: "), "{out}");

    // One digit of 全年预算数.
    let err = verify(
        &s,
        "edited.json",
        &edit(
            &text,
            "\"budget\": \"1013500.00\"",
            "\"budget\": \"1013600.00\"",
        ),
    )
    .fails(1);
    assert!(
        err.contains("/money/budget: the report says \"1013600.00\", recomputed \"1013500.00\""),
        "{err}"
    );
    assert!(err.contains("integrity.digest"), "{err}");

    // An edit with the digest recomputed to match is still caught by the recomputation.
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["total_score"] = Value::String("99".into());
    v["integrity"]["digest"] = Value::String(digest_of(&v).unwrap());
    let err = verify(
        &s,
        "resealed.json",
        &serde_json::to_string_pretty(&v).unwrap(),
    )
    .fails(1);
    assert!(
        err.contains("/total_score: the report says \"99\""),
        "{err}"
    );
    assert!(
        !err.contains("the file was edited"),
        "its own digest matches: {err}"
    );
}

#[test]
fn verify_report_accepts_the_markdown_report_and_catches_an_edited_figure() {
    let s = Sample::demo();
    let text = std::fs::read_to_string(s.demo_report("md")).unwrap();
    verify(&s, "as-made.md", &text).ok();
    let err = verify(
        &s,
        "edited.md",
        &edit(
            &text,
            "| 341.00 | 101.35 | 101.35 | 10 | 100.00% | 10 |",
            "| 341.00 | 101.35 | 101.36 | 10 | 100.00% | 10 |",
        ),
    )
    .fails(1);
    assert!(err.contains("101.36"), "{err}");
    let err = verify(
        &s,
        "edited-total.md",
        &edit(
            &text,
            "| 总分 |  |  |  |  | 100 | 100 |",
            "| 总分 |  |  |  |  | 100 | 99 |",
        ),
    )
    .fails(1);
    assert!(err.contains("line "), "{err}");
}

#[test]
fn verify_report_still_matches_after_the_ledger_grows() {
    let s = Sample::demo();
    let later = "2025-05-01T10:00:00+08:00";
    for args in [
        &[
            "project",
            "register",
            "zj-test-2024-c",
            "--name",
            "另一个项目",
            "--department",
            "湛江市测试局",
            "--year",
            "2024",
        ][..],
        &[
            "narrative",
            "zj-test-2024-c",
            "background",
            "另一个项目的背景。",
        ],
        // Even new events of the reported project: the report quotes its head.
        &["narrative", SAMPLE, "improvements", "补充的改进意见。"],
        &[
            "correct",
            "28",
            "--data",
            r#"{"amount":"2万元","purpose":"第二十二届中国专利优秀奖"}"#,
            "--reason",
            "金额更正",
        ],
    ] {
        s.run_at(later, args).ok();
    }
    assert_eq!(s.head_seq(), 69);
    for ext in ["json", "md", "html"] {
        let path = s.demo_report(ext);
        let out = s.run(&["verify-report", path.to_str().unwrap()]).ok();
        assert!(out.starts_with("ok: "), "{ext}: {out}");
    }
    // A report made now rests on the new head and reflects the correction.
    let now = s.run(&["report", SAMPLE, "--format", "json"]).json();
    assert_eq!(now["integrity"]["head_seq"], 69);
    assert_eq!(text_at(&now, "/money/spent"), "733500.00");
    let out = verify(&s, "now.json", &serde_json::to_string_pretty(&now).unwrap()).ok();
    assert!(out.starts_with("ok: "), "{out}");
}

#[test]
fn verify_report_rejects_a_report_from_another_ledger() {
    let a = Sample::demo();
    let b = Sample::demo();
    let text = std::fs::read_to_string(a.demo_report("json")).unwrap();
    let err = verify(&b, "from-a.json", &text).fails(1);
    assert!(err.contains("字段 /integrity/ledger_id"), "{err}");
}

#[test]
fn a_report_as_of_a_date_is_verified_with_its_view() {
    let s = Sample::demo();
    let out_path = s.file("as-of.json");
    let out = out_path.to_str().unwrap();
    s.run(&[
        "report",
        SAMPLE,
        "--format",
        "json",
        "--as-of",
        "2023-12-14",
        "--known-at",
        "seq:60",
        "--out",
        out,
    ])
    .ok();
    let r: Value = serde_json::from_str(&std::fs::read_to_string(&out_path).unwrap()).unwrap();
    assert_eq!(text_at(&r, "/integrity/as_of"), "2023-12-14");
    assert_eq!(text_at(&r, "/integrity/known_at"), "seq:60");
    assert_eq!(text_at(&r, "/money/budget"), "3410000.00");
    s.run(&["verify-report", out]).ok();
}
