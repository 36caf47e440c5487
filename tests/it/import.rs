//! `jixiao import`: all or nothing per file; errors name the line, the field and the value;
//! blank lines, CRLF line ends and a UTF-8 BOM are accepted.

use serde_json::json;

use crate::support::{funded, line, Jx};

fn good_lines() -> Vec<String> {
    let mut lines: Vec<String> = funded("p", "341万", "101.35万")
        .lines()
        .map(|l| l.to_string() + "\n")
        .collect();
    lines.push(line(
        "funds.disbursed",
        "p",
        "2023-05-01",
        json!({"amount": "1.08万元", "purpose": "知识产权宣传周仪式宣传费用"}),
    ));
    lines.push(line(
        "goal.set",
        "p",
        "2023-01-01",
        json!({"id": "g1", "text": "新增“贯标”企业 10 家以上"}),
    ));
    lines
}

#[test]
fn a_bad_third_line_appends_nothing() {
    let jx = Jx::new();
    jx.import(&funded("base", "10万", "0"));
    let before = jx.export();
    let cases: [(serde_json::Value, &[&str]); 5] = [
        (
            json!({"amount": "1.001", "purpose": "x"}),
            &["line 3", "field data.amount", "\"1.001\""],
        ),
        (
            json!({"amount": "abc", "purpose": "x"}),
            &["line 3", "field data.amount", "\"abc\""],
        ),
        (
            json!({"amount": "1", "purpose": "x", "colour": "red"}),
            &["line 3", "colour"],
        ),
        (json!({"amount": "1"}), &["line 3", "purpose"]),
        (
            json!({"amount": "500万", "purpose": "超支"}),
            &["line 3", "rule spending-within-arrived", "5,000,000.00元"],
        ),
    ];
    for (data, needles) in cases {
        let mut lines = good_lines();
        lines.insert(2, line("funds.disbursed", "p", "2023-05-01", data));
        jx.reject_import(&lines.concat(), needles);
        assert_eq!(jx.export(), before);
    }
    // Malformed lines, an unknown type and an unknown envelope member, each on line 3.
    let bad_lines = [
        ("{\"type\":\"funds.disbursed\",", vec!["line 3"]),
        ("[1,2,3]", vec!["line 3"]),
        (
            r#"{"type":"funds.spent","project":"p","effective":"2023-05-01","data":{}}"#,
            vec!["line 3", "field type", "\"funds.spent\""],
        ),
        (
            r#"{"type":"goal.set","project":"p","effective":"2023-05-01","data":{"id":"g9","text":"t"},"seq":5}"#,
            vec!["line 3", "seq"],
        ),
        (
            r#"{"type":"goal.set","project":"p","effective":"2023-05-01","data":{"id":"g9","text":"t"}} trailing"#,
            vec!["line 3"],
        ),
        (
            r#"{"type":"goal.set","project":"has space","effective":"2023-05-01","data":{"id":"g9","text":"t"}}"#,
            vec!["line 3", "project", "\"has space\"", "U+0020"],
        ),
    ];
    for (bad, needles) in bad_lines {
        let mut lines = good_lines();
        lines.insert(2, format!("{bad}\n"));
        let needles: Vec<&str> = needles.into_iter().collect();
        jx.reject_import(&lines.concat(), &needles);
    }
    assert_eq!(jx.export(), before);
}

#[test]
fn invalid_utf8_and_overlong_lines_are_named() {
    let jx = Jx::new();
    let mut bytes = good_lines()[..2].concat().into_bytes();
    bytes.extend_from_slice(b"{\"type\":\"\xff\"}\n");
    let out = jx
        .run_stdin(&["import", "-"], &bytes)
        .fails(2, &["line 3", "UTF-8"]);
    drop(out);
    let mut long = good_lines()[..2].concat();
    long.push_str(&format!("{}\n", "x".repeat(70_000)));
    jx.run_stdin(&["import", "-"], long.as_bytes())
        .fails(2, &["line 3", "MAX_LINE_BYTES"]);
    assert_eq!(jx.len(), 0);
}

#[test]
fn a_good_file_is_appended_whole() {
    let jx = Jx::new();
    let lines = good_lines();
    let path = jx.dir.path().join("in.jsonl");
    std::fs::write(&path, lines.concat()).unwrap();
    let out = jx.run(&["import", path.to_str().unwrap()]).ok();
    assert!(
        out.contains(&format!(
            "imported {} events: seq 1–{}",
            lines.len(),
            lines.len()
        )),
        "{out}"
    );
    assert_eq!(jx.len(), lines.len());
    jx.run(&["verify"]).ok();
    // Amounts are stored canonical whatever form they were written in.
    let export = String::from_utf8(jx.export()).unwrap();
    for canonical in ["\"3410000.00\"", "\"1013500.00\"", "\"10800.00\""] {
        assert!(export.contains(canonical), "{canonical} not in export");
    }
    // A second file continues the chain.
    jx.import(&line(
        "goal.set",
        "p",
        "2023-01-01",
        json!({"id": "g2", "text": "第二个目标"}),
    ));
    assert_eq!(jx.len(), lines.len() + 1);
}

#[test]
fn blank_lines_crlf_and_a_bom_are_accepted() {
    let plain = Jx::new();
    plain.import(&good_lines().concat());
    let messy = Jx::new();
    let mut text = String::from("\u{feff}");
    for l in good_lines() {
        text.push_str(&l.replace('\n', "\r\n"));
        text.push_str("\r\n   \n\t\r\n");
    }
    messy.import(&text);
    assert_eq!(messy.export(), plain.export(), "same events, same bytes");
    // A blank line counts: errors name the line as the file numbers it.
    let mut lines = vec!["\u{feff}\n".to_string(), "\r\n".to_string()];
    lines.extend(good_lines());
    lines[4] = line(
        "funds.disbursed",
        "p",
        "2023-05-01",
        json!({"amount": "1.001", "purpose": "x"}),
    );
    Jx::new().reject_import(&lines.concat(), &["line 5", "\"1.001\""]);
}

#[test]
fn empty_input_is_an_error_and_writes_nothing() {
    let jx = Jx::new();
    jx.run_stdin(&["import", "-"], b"\n\r\n  \n")
        .fails(2, &["no events"]);
    jx.run_stdin(&["import", "-"], b"").fails(2, &["no events"]);
    assert_eq!(jx.len(), 0);
    jx.run(&["import", "/nonexistent/file.jsonl"])
        .fails(2, &["/nonexistent/file.jsonl"]);
}

/// More lines than one store chunk (`IMPORT_CHUNK_EVENTS`), the last one bad: the chunks
/// already written must be rolled back. (About 5 s in a debug build.)
#[test]
fn a_bad_line_after_the_first_chunk_rolls_everything_back() {
    let jx = Jx::new();
    jx.import(&funded("p", "1亿", "1亿"));
    let before = jx.export();
    let n = jixiao::limits::IMPORT_CHUNK_EVENTS + 1;
    let mut text = String::with_capacity(n * 120);
    for i in 0..n {
        text.push_str(&line(
            "funds.disbursed",
            "p",
            "2023-05-01",
            json!({"amount": "1", "purpose": format!("第{i}笔")}),
        ));
    }
    text.push_str(&line(
        "funds.disbursed",
        "p",
        "2023-05-01",
        json!({"amount": "1.001", "purpose": "x"}),
    ));
    jx.reject_import(&text, &[&format!("line {}", n + 1), "\"1.001\""]);
    assert_eq!(jx.export(), before);
    jx.run(&["verify"]).ok();
}
