//! Outputs that cannot lie (issue 12, inputs 1, 2, 3 and 6), through the binary:
//! `verify-report` refuses a duplicated or unknown key anywhere; a project id or a narrative
//! cannot inject markup into the HTML or Markdown report nor end its integrity marker, and a
//! file where that was done by hand fails; `--out` never writes inside the ledger directory;
//! recorded control characters reach the terminal as code points. Every case checks the exit
//! code, the message, and that nothing was written (the export is byte-identical).

use std::path::PathBuf;

use jixiao::report::integrity::digest_of;
use serde_json::{json, Value};

use crate::support::{funded, line, Jx, Out};

/// Closes the integrity comment and injects a script, if written raw.
const HOSTILE_ID: &str = "x--><script>alert(1)</script><!--";

/// A ledger with project `p` funded, one disbursement, one goal and an improvements narrative.
fn ledger_with(p: &str, improvements: &str) -> Jx {
    let jx = Jx::new();
    let mut lines = funded(p, "100万", "50万");
    lines += &line(
        "funds.disbursed",
        p,
        "2023-03-01",
        json!({"amount": "10万", "purpose": "专利资助"}),
    );
    lines += &line(
        "goal.set",
        p,
        "2023-01-01",
        json!({"id": "g1", "text": "新增贯标企业 8 家以上"}),
    );
    lines += &line(
        "narrative.recorded",
        p,
        "2023-12-31",
        json!({"section": "improvements", "text": improvements}),
    );
    jx.import(&lines);
    jx
}

/// `report P --format F --out FILE` beside the ledger: the file's path and text.
fn report(jx: &Jx, p: &str, format: &str) -> (PathBuf, String) {
    let path = jx.dir.path().join(format!("report.{format}"));
    let out = path.to_str().unwrap();
    jx.run(&[
        "report", p, "--format", format, "--for", "audit", "--out", out,
    ])
    .ok();
    let text = std::fs::read_to_string(&path).unwrap();
    (path, text)
}

/// `verify-report` on `text` written beside the ledger; asserts the ledger is unchanged.
fn verify_text(jx: &Jx, name: &str, text: &str) -> Out {
    let path = jx.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    let before = jx.export();
    let out = jx.run(&["verify-report", path.to_str().unwrap()]);
    assert!(jx.export() == before, "verify-report changed the ledger");
    out
}

/// `text` with `member` inserted right after the first `anchor`.
fn insert_after(text: &str, anchor: &str, member: &str) -> String {
    let at = text
        .find(anchor)
        .unwrap_or_else(|| panic!("{anchor:?} not in the report"));
    let at = at + anchor.len();
    format!("{}{member}{}", &text[..at], &text[at..])
}

/// The integrity marker's JSON text.
fn marker_of(text: &str) -> &str {
    let start = text.find("<!-- jixiao-integrity ").expect("a marker") + 22;
    let end = text[start..].find(" -->").expect("the marker's end") + start;
    &text[start..end]
}

#[test]
fn verify_report_refuses_a_duplicated_key_anywhere_naming_key_and_path() {
    let jx = ledger_with("p1", "改进意见。");
    let (_, text) = report(&jx, "p1", "json");
    verify_text(&jx, "as-made.json", &text).ok();
    // (anchor, a member inserted after it, the message names)
    let cases = [
        (
            "{",
            "\n  \"total_score\": \"59\",\n  \"grade\": \"差\",",
            "重复的键 \"total_score\"（位置 total_score",
        ),
        (
            "\"integrity\": {",
            "\n    \"ledger_id\": \"jx-forged\",",
            "duplicate key \"ledger_id\" at integrity.ledger_id (line",
        ),
        (
            "\"money\": {",
            "\n    \"spent\": \"0.00\",",
            "duplicate key \"spent\" at money.spent (line",
        ),
    ];
    for (anchor, member, names) in cases {
        let forged = insert_after(&text, anchor, member);
        // serde_json reads it, keeping the last value; a reader keeping the first would not.
        serde_json::from_str::<Value>(&forged).expect("lenient JSON reads it");
        verify_text(&jx, "forged.json", &forged)
            .fails(1, &["报告文件不是 jixiao 写出的样子", names]);
    }
}

#[test]
fn verify_report_refuses_an_unknown_key_anywhere_even_resealed() {
    let jx = ledger_with("p1", "改进意见。");
    let (_, text) = report(&jx, "p1", "json");
    let report: Value = serde_json::from_str(&text).unwrap();
    // (where a key is added, with a value a lenient check reads as absent, and the path)
    let cases: [(&str, &str, Value, &str); 3] = [
        ("", "approved_by", json!("财政局"), "/approved_by"),
        (
            "/integrity",
            "signature",
            Value::Null,
            "/integrity/signature",
        ),
        (
            "/money/allocations/0",
            "note",
            Value::Null,
            "/money/allocations/0/note",
        ),
    ];
    for (pointer, key, value, path) in cases {
        let mut forged = report.clone();
        let object = forged
            .pointer_mut(pointer)
            .and_then(Value::as_object_mut)
            .unwrap();
        object.insert(key.to_string(), value.clone());
        forged["integrity"]["digest"] = Value::String(digest_of(&forged).unwrap());
        let forged = serde_json::to_string_pretty(&forged).unwrap();
        let names = format!("unknown key at {path} (the report has {value}):");
        let zh = format!("未知的键 {path}（报告中为 {value}）");
        verify_text(&jx, "unknown.json", &forged).fails(1, &[&zh, &names]);
    }
}

#[test]
fn verify_report_refuses_a_forged_integrity_marker() {
    let jx = ledger_with("p1", "改进意见。");
    let (_, text) = report(&jx, "p1", "md");
    let marker = marker_of(&text).to_string();
    let second = format!("{}\n<!-- jixiao-integrity {marker} -->\n", text.trim_end());
    let cases = [
        (
            insert_after(&text, "<!-- jixiao-integrity {", "\"head_seq\":1,"),
            "duplicate key \"head_seq\" at head_seq",
        ),
        (
            insert_after(&text, "<!-- jixiao-integrity {", "\"signed\":true,"),
            "unknown key \"signed\" at integrity marker.signed",
        ),
        (second, "the file holds 2 integrity markers"),
    ];
    for (forged, names) in cases {
        verify_text(&jx, "forged.md", &forged).fails(1, &[names]);
    }
}

#[test]
fn a_project_id_cannot_end_the_integrity_comment_nor_inject_a_script() {
    // Such an id is refused at the door (issue 11: no markup characters in ids), naming the
    // first one by its code point; the marker's escaping of any value an older ledger may
    // hold is `report::escape`'s unit test.
    let jx = Jx::new();
    jx.reject_import(
        &funded(HOSTILE_ID, "100万", "50万"),
        &["line 1", "field project", "U+003E"],
    );
    // The same text recorded as narrative reaches the reports inert.
    let jx = ledger_with("p1", HOSTILE_ID);
    for format in ["html", "md"] {
        let (path, text) = report(&jx, "p1", format);
        assert!(!text.contains("<script"), "{format}: a live script");
        assert_eq!(
            text.matches("<!--").count(),
            1,
            "{format}: only the marker opens a comment"
        );
        assert_eq!(
            text.matches("-->").count(),
            1,
            "{format}: only the marker closes one"
        );
        let marker: Value = serde_json::from_str(marker_of(&text)).expect("the marker is JSON");
        assert_eq!(marker["project"], "p1", "{format}: the marker keeps the id");
        jx.run(&["verify-report", path.to_str().unwrap()]).ok();

        // The same file with a script added.
        let script = text.replacen('\n', "\n<script>alert(1)</script>\n", 1);
        let name = format!("forged.{format}");
        verify_text(&jx, &name, &script).fails(1, &["报告与账本不符", "line "]);
    }
}

#[test]
fn narrative_ending_in_a_comment_opener_cannot_hide_the_rest_of_the_markdown() {
    let jx = ledger_with("p1", "改进意见如下。<!-- ");
    let (path, md) = report(&jx, "p1", "md");
    assert!(md.contains("改进意见如下。&lt;!--"), "the opener is text");
    assert_eq!(
        md.matches("<!--").count(),
        1,
        "only the marker opens a comment"
    );
    let after = &md[md.find("改进意见如下").unwrap()..];
    for part in [
        "## 附：项目支出绩效自评表",
        "## 审计发现",
        "<!-- jixiao-integrity ",
    ] {
        assert!(after.contains(part), "{part} follows the narrative");
    }
    jx.run(&["verify-report", path.to_str().unwrap()]).ok();
    let forged = md.replacen("&lt;!--", "<!--", 1);
    verify_text(&jx, "forged.md", &forged).fails(1, &["报告与账本不符", "line "]);
    // A byte the line comparison cannot see is still a difference.
    let crlf = md.replacen('\n', "\r\n", 1);
    verify_text(&jx, "crlf.md", &crlf).fails(1, &["line 1"]);
}

#[test]
fn out_inside_the_ledger_directory_is_refused_and_writes_nothing() {
    let jx = ledger_with("p1", "改进意见。");
    let ledger = jx.path();
    let head_file = std::fs::read(ledger.join("jixiao-head")).unwrap();
    let outside = jx.dir.path().join("report.md");
    std::fs::write(&outside, "old\n").unwrap();
    let sub = format!("{}/../ledger/new.jsonl", jx.dir.path().join("x").display());
    std::fs::create_dir_all(jx.dir.path().join("x")).unwrap();
    let paths = [
        ledger.join("db").display().to_string(),
        ledger.join("jixiao-head").display().to_string(),
        ledger.join("new.jsonl").display().to_string(),
        sub,
    ];
    for path in &paths {
        for args in [
            vec!["export", "--out", path],
            vec!["report", "p1", "--format", "md", "--out", path],
        ] {
            let out = jx.reject(
                &args,
                &[
                    "output files may not be written inside the ledger directory",
                    path,
                    "inside the ledger directory",
                ],
            );
            assert!(out.stdout.is_empty(), "{args:?}: {}", out.stdout);
        }
    }
    assert_eq!(
        std::fs::read(ledger.join("jixiao-head")).unwrap(),
        head_file
    );
    assert!(!ledger.join("new.jsonl").exists());
    jx.run(&["verify"]).ok();
    // Beside the ledger is fine, and replaces the old file whole.
    jx.run(&["report", "p1", "--out", outside.to_str().unwrap()])
        .ok();
    assert!(std::fs::read_to_string(&outside)
        .unwrap()
        .starts_with("# 项目支出绩效自评报告"));
    let names: Vec<String> = std::fs::read_dir(jx.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("jixiao-tmp"))
        .collect();
    assert!(names.is_empty(), "temporary files left: {names:?}");
}

#[test]
fn recorded_control_characters_reach_the_terminal_as_code_points() {
    // Each text alone: the ledger may refuse it at input (exit 2, nothing written); what it
    // accepts must print inert everywhere.
    for text in [
        "\u{1b}[3A\u{1b}[2K伪造",
        "\u{7}响铃\0",
        "回车\r覆盖",
        "\u{202e}倒序\u{202c}",
        "\u{2066}隔离\u{2069}",
    ] {
        let jx = Jx::new();
        let mut lines = funded("p1", "100万", "50万");
        lines += &line(
            "funds.disbursed",
            "p1",
            "2023-03-01",
            json!({"amount": "1万", "purpose": text}),
        );
        let imported = jx.run_stdin(&["import", "-"], lines.as_bytes());
        if imported.code != 0 {
            imported.fails(2, &[]);
            assert_eq!(jx.len(), 0, "{text:?}: a refused import wrote nothing");
            continue;
        }
        for args in [
            &["log"][..],
            &["log", "--project", "p1"],
            &["history", "p1"],
            &["show", "4"],
            &["state", "p1"],
        ] {
            let out = jx.run(args).ok();
            let raw: Vec<char> = out
                .chars()
                .filter(|c| c.is_control() && *c != '\n')
                .collect();
            let bidi = out.chars().any(|c| {
                ('\u{202a}'..='\u{202e}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c)
            });
            assert!(
                raw.is_empty() && !bidi,
                "{args:?} prints {text:?} raw:\n{out}"
            );
        }
        let log = jx.run(&["log"]).ok();
        assert_eq!(log.lines().count(), 4, "one line per event:\n{log}");
        assert!(log.contains("\\u{"), "the character is shown:\n{log}");
    }
}

#[test]
fn verify_report_refuses_a_known_at_past_the_quoted_head_even_resealed() {
    let jx = ledger_with("p1", "改进意见。");
    let (_, text) = report(&jx, "p1", "json");
    let mut forged: Value = serde_json::from_str(&text).unwrap();
    forged["integrity"]["known_at"] = json!("seq:999999");
    forged["integrity"]["digest"] = Value::String(digest_of(&forged).unwrap());
    let forged = serde_json::to_string_pretty(&forged).unwrap();
    verify_text(&jx, "future.json", &forged).fails(1, &["integrity.known_at", "seq:999999"]);
}
