//! Bad input, clear errors, nothing written. Every case runs against the same ledger (the
//! base project p1), so a case that left a trace would also break the ones after it; after
//! each, the head and the full export must be byte-identical to before.
//!
//! Accepted on purpose, consistently (see src/cli/import.rs): a UTF-8 BOM at the start of
//! the file, CRLF line ends, blank lines. A file with no events is an error.

use serde_json::json;

use crate::support::{base_lines, line, Run, TestLedger, BASE_EVENTS};

enum Input {
    /// An import file: two good lines, then whatever the case adds.
    Import(Vec<u8>),
    /// A recording command's arguments.
    Args(Vec<String>),
}

struct Case {
    name: &'static str,
    input: Input,
    /// Substrings the error must contain: the line, the field, the offending value.
    expect: Vec<&'static str>,
}

fn good_prefix() -> String {
    [
        line(
            "narrative.recorded",
            "p1",
            "2023-12-31",
            json!({"section": "background", "text": "项目背景（此行有效，但不得写入）"}),
        ),
        line(
            "narrative.recorded",
            "p1",
            "2023-12-31",
            json!({"section": "method", "text": "评价方法"}),
        ),
    ]
    .join("\n")
        + "\n"
}

/// Two good lines, then `bad` as line 3.
fn import_line3(bad: &str) -> Input {
    Input::Import(format!("{}{bad}\n", good_prefix()).into_bytes())
}

fn spend_line(amount: serde_json::Value) -> String {
    line(
        "funds.disbursed",
        "p1",
        "2023-06-01",
        json!({"amount": amount, "purpose": "专利资助"}),
    )
}

fn args(a: &[&str]) -> Input {
    Input::Args(a.iter().map(|s| s.to_string()).collect())
}

fn case(name: &'static str, input: Input, expect: &[&'static str]) -> Case {
    Case {
        name,
        input,
        expect: expect.to_vec(),
    }
}

fn cases() -> Vec<Case> {
    let mut v = vec![
        // Malformed lines.
        case(
            "malformed JSON",
            import_line3(r#"{"type":"funds.arrived","project":"p1","#),
            &["line 3", "field line", "EOF while parsing"],
        ),
        case(
            "trailing garbage after the object",
            import_line3(&(spend_line(json!("1")) + " x")),
            &["line 3", "field line", "trailing characters"],
        ),
        case(
            "a JSON array instead of an object",
            import_line3("[1,2,3]"),
            &["line 3", "field line", "a JSON array"],
        ),
        case(
            "data as an array of its fields by position",
            import_line3(
                r#"{"type":"funds.arrived","project":"p1","effective":"2023-06-01","data":["1",null,null]}"#,
            ),
            &["line 3", "field line", "a JSON array as \"data\""],
        ),
        case(
            "a list where the catalogue has a string",
            import_line3(&line(
                "funds.disbursed",
                "p1",
                "2023-06-01",
                json!({"amount": "1", "purpose": ["a", "b"]}),
            )),
            &["line 3", "field line", "a JSON array as \"purpose\""],
        ),
        case(
            "duplicate key",
            import_line3(
                r#"{"type":"funds.arrived","type":"funds.arrived","project":"p1","effective":"2023-06-01","data":{"amount":"1"}}"#,
            ),
            &["line 3", "field type", "重复的键", "no-duplicate-keys"],
        ),
        case(
            "lone surrogate escape",
            import_line3(
                r#"{"type":"narrative.recorded","project":"p1","effective":"2023-06-01","data":{"section":"x","text":"\ud800"}}"#,
            ),
            &["line 3", "field data.text", "escape"],
        ),
        case(
            "old Mac line ends (CR only) make one long line",
            Input::Import(
                format!(
                    "{}\r{}\r",
                    spend_line(json!("1")),
                    spend_line(json!("2"))
                )
                .into_bytes(),
            ),
            &["line 1", "field line", "trailing characters"],
        ),
        case(
            "a BOM that is not at the start of the file",
            import_line3(&format!("\u{feff}{}", spend_line(json!("1")))),
            &["line 3", "field line", "expected value"],
        ),
        case(
            "a raw control character inside a string",
            import_line3("{\"type\":\"narrative.recorded\",\"project\":\"p1\",\"effective\":\"2023-06-01\",\"data\":{\"section\":\"x\",\"text\":\"a\u{1}b\"}}"),
            &["line 3", "control character"],
        ),
        // Amounts.
        case(
            "a JSON float where an amount string is required",
            import_line3(&spend_line(json!(1.5))),
            &["line 3", "field data.amount", "1.5", "expected a string"],
        ),
        case(
            "a JSON integer where an amount string is required",
            import_line3(&spend_line(json!(100))),
            &["line 3", "field data.amount", "100", "expected a string"],
        ),
        case(
            "null amount",
            import_line3(&spend_line(json!(null))),
            &["line 3", "field data.amount", "null"],
        ),
        case(
            "negative amount",
            import_line3(&spend_line(json!("-5"))),
            &["line 3", "field data.amount", "\"-5\"", "negative"],
        ),
        case(
            "zero amount",
            import_line3(&spend_line(json!("0"))),
            &["line 3", "field data.amount", "\"0.00\"", "greater than zero"],
        ),
        case(
            "zero in 万元",
            import_line3(&line(
                "funds.arrived",
                "p1",
                "2023-06-01",
                json!({"amount": "0.00万元"}),
            )),
            &["line 3", "field data.amount", "greater than zero"],
        ),
        case(
            "3 decimals in 元",
            import_line3(&spend_line(json!("1.005"))),
            &["line 3", "field data.amount", "\"1.005\"", "more than two decimals"],
        ),
        case(
            "more than 2 decimals after converting 万 to 元",
            import_line3(&spend_line(json!("1.0000001万"))),
            &["line 3", "field data.amount", "\"1.0000001万\"", "more than two decimals"],
        ),
        case(
            "an amount beyond any sane budget",
            import_line3(&spend_line(json!("2万亿"))),
            &["line 3", "field data.amount", "\"2万亿\""],
        ),
        case(
            "an amount of 30 digits",
            import_line3(&spend_line(json!("123456789012345678901234567890"))),
            &["line 3", "field data.amount", "123456789012345678901234567890"],
        ),
        case(
            "an amount in exponent form",
            import_line3(&spend_line(json!("1e5"))),
            &["line 3", "field data.amount", "\"1e5\""],
        ),
        case(
            "misplaced thousands separators",
            import_line3(&spend_line(json!("1,0000"))),
            &["line 3", "field data.amount", "\"1,0000\""],
        ),
        // Types, projects, fields.
        case(
            "unknown type",
            import_line3(&line("funds.stolen", "p1", "2023-06-01", json!({"amount": "1"}))),
            &["line 3", "field type", "funds.stolen"],
        ),
        case(
            "unknown project",
            import_line3(&line(
                "funds.arrived",
                "nope",
                "2023-06-01",
                json!({"amount": "1"}),
            )),
            &["line 3", "field project", "nope", "not registered"],
        ),
        case(
            "project id with a space",
            import_line3(&line(
                "funds.arrived",
                "p 1",
                "2023-06-01",
                json!({"amount": "1"}),
            )),
            &["line 3", "field project", "\"p 1\"", "U+0020"],
        ),
        case(
            "unknown field in the envelope",
            import_line3(
                r#"{"type":"funds.arrived","project":"p1","effective":"2023-06-01","data":{"amount":"1"},"seq":7}"#,
            ),
            &["line 3", "unknown field `seq`"],
        ),
        case(
            "unknown field in data",
            import_line3(&line(
                "funds.arrived",
                "p1",
                "2023-06-01",
                json!({"amount": "1", "amout": "2"}),
            )),
            &["line 3", "field data", "unknown field `amout`"],
        ),
        case(
            "missing effective",
            import_line3(r#"{"type":"funds.arrived","project":"p1","data":{"amount":"1"}}"#),
            &["line 3", "missing field `effective`"],
        ),
        case(
            "missing data field",
            import_line3(&line(
                "funds.disbursed",
                "p1",
                "2023-06-01",
                json!({"amount": "1"}),
            )),
            &["line 3", "field data", "missing field `purpose`"],
        ),
        case(
            "wrong field type: year as a string",
            import_line3(&line(
                "project.registered",
                "p2",
                "2023-01-01",
                json!({"name": "n", "department": "d", "year": "2023"}),
            )),
            &["line 3", "field data.year", "\"2023\""],
        ),
        case(
            "wrong field type: project as a number",
            import_line3(r#"{"type":"funds.arrived","project":5,"effective":"2023-06-01","data":{"amount":"1"}}"#),
            &["line 3", "field project", "5"],
        ),
        case(
            "empty purpose",
            import_line3(&spend_line_with_purpose("")),
            &["line 3", "field data.purpose", "must not be empty"],
        ),
        // Business rules.
        case(
            "project registered twice",
            import_line3(&line(
                "project.registered",
                "p1",
                "2023-01-01",
                json!({"name": "n", "department": "d", "year": 2023}),
            )),
            &["line 3", "field project", "p1", "already registered"],
        ),
        case(
            "duplicate indicator id",
            import_line3(&line(
                "indicator.defined",
                "p1",
                "2023-01-01",
                json!({"id": "i1", "level1": "产出指标", "level2": "数量指标", "name": "重复", "target": "≥1"}),
            )),
            &["line 3", "field data.id", "i1", "already defined"],
        ),
        case(
            "measurement of an undefined indicator",
            import_line3(&line(
                "indicator.measured",
                "p1",
                "2023-12-31",
                json!({"id": "i9", "actual": "5"}),
            )),
            &["line 3", "field data.id", "i9", "not defined"],
        ),
        case(
            "overspending",
            import_line3(&spend_line(json!("40.01万"))),
            &["line 3", "field data.amount", "40.01万元", "spending would be"],
        ),
        case(
            "overspending by one fen",
            import_line3(&spend_line(json!("400000.01"))),
            &["line 3", "field data.amount", "500,000.01元", "over by 0.01"],
        ),
        case(
            "funds arrived above the budget",
            import_line3(&line(
                "funds.arrived",
                "p1",
                "2023-06-01",
                json!({"amount": "50.01万元"}),
            )),
            &["line 3", "field data.amount", "50.01万元", "budget"],
        ),
        case(
            "correction of a missing seq",
            import_line3(&line(
                "event.corrected",
                "p1",
                "2023-06-01",
                json!({"target_seq": 999, "reason": "r", "replacement": {"type": "funds.arrived", "data": {"amount": "1"}}}),
            )),
            &["line 3", "field data.target_seq", "999"],
        ),
        case(
            "reversal of a missing seq",
            import_line3(&line(
                "event.reversed",
                "p1",
                "2023-06-01",
                json!({"target_seq": 999, "reason": "r"}),
            )),
            &["line 3", "field data.target_seq", "999"],
        ),
        case(
            "a negative target_seq",
            import_line3(&line(
                "event.reversed",
                "p1",
                "2023-06-01",
                json!({"target_seq": -1, "reason": "r"}),
            )),
            &["line 3", "field data.target_seq", "-1"],
        ),
        case(
            "a target_seq beyond u64",
            import_line3(
                r#"{"type":"event.reversed","project":"p1","effective":"2023-06-01","data":{"target_seq":99999999999999999999999,"reason":"r"}}"#,
            ),
            &["line 3", "field data.target_seq"],
        ),
        case(
            "a correction whose replacement overspends",
            import_line3(&line(
                "event.corrected",
                "p1",
                "2023-06-01",
                json!({"target_seq": 4, "reason": "r", "replacement": {"type": "funds.disbursed", "data": {"amount": "60万", "purpose": "p"}}}),
            )),
            &["line 3", "field data.replacement", "spending would be"],
        ),
        case(
            "a correction whose replacement has a float",
            import_line3(&line(
                "event.corrected",
                "p1",
                "2023-06-01",
                json!({"target_seq": 4, "reason": "r", "replacement": {"type": "funds.disbursed", "data": {"amount": 1.5, "purpose": "p"}}}),
            )),
            &["line 3", "field data.replacement.data.amount", "1.5"],
        ),
        // Dates.
        case(
            "2023-02-30",
            import_line3(&line(
                "funds.arrived",
                "p1",
                "2023-02-30",
                json!({"amount": "1"}),
            )),
            &["line 3", "field effective", "2023-02-30"],
        ),
        case(
            "a year like 99999",
            import_line3(&line(
                "funds.arrived",
                "p1",
                "99999-01-01",
                json!({"amount": "1"}),
            )),
            &["line 3", "field effective", "99999-01-01"],
        ),
        case(
            "a year before 2000",
            import_line3(&line(
                "funds.arrived",
                "p1",
                "1999-12-31",
                json!({"amount": "1"}),
            )),
            &["line 3", "field effective", "1999-12-31", "outside"],
        ),
        case(
            "a date with a time",
            import_line3(&line(
                "funds.arrived",
                "p1",
                "2023-06-01T00:00:00Z",
                json!({"amount": "1"}),
            )),
            &["line 3", "field effective", "2023-06-01T00:00:00Z"],
        ),
        // Files without events, and oversize input.
        case(
            "empty file",
            Input::Import(Vec::new()),
            &["no events"],
        ),
        case(
            "blank lines only",
            Input::Import(b"\n\n   \n\t\n\r\n".to_vec()),
            &["no events"],
        ),
        case(
            "a BOM and nothing else",
            Input::Import(b"\xEF\xBB\xBF\n".to_vec()),
            &["no events"],
        ),
        case(
            "a 10 MB line",
            import_line3(&format!(
                r#"{{"type":"narrative.recorded","project":"p1","effective":"2023-06-01","data":{{"section":"x","text":"{}"}}}}"#,
                "长".repeat(10 * 1024 * 1024 / 3)
            )),
            &["line 3", "field line", "MAX_LINE_BYTES"],
        ),
        case(
            "a nesting bomb of arrays in data",
            import_line3(&format!(
                r#"{{"type":"narrative.recorded","project":"p1","effective":"2023-06-01","data":{}{}}}"#,
                "[".repeat(30_000),
                "]".repeat(30_000)
            )),
            &["line 3", "field line", "a JSON array"],
        ),
        case(
            "a nesting bomb of objects in data",
            import_line3(&format!(
                r#"{{"type":"narrative.recorded","project":"p1","effective":"2023-06-01","data":{}1{}}}"#,
                "{\"a\":".repeat(10_000),
                "}".repeat(10_000)
            )),
            &["line 3", "field line", "MAX_JSON_DEPTH"],
        ),
        case(
            "a nesting bomb of objects in a correction",
            import_line3(&format!(
                r#"{{"type":"event.corrected","project":"p1","effective":"2023-06-01","data":{{"target_seq":4,"reason":"r","replacement":{{"type":"funds.disbursed","data":{}1{}}}}}}}"#,
                "{\"a\":".repeat(200),
                "}".repeat(200)
            )),
            &["line 3", "field line", "MAX_JSON_DEPTH"],
        ),
    ];
    v.extend(record_cases());
    v.push(invalid_utf8_case());
    v
}

fn spend_line_with_purpose(purpose: &str) -> String {
    line(
        "funds.disbursed",
        "p1",
        "2023-06-01",
        json!({"amount": "1", "purpose": purpose}),
    )
}

fn invalid_utf8_case() -> Case {
    let mut bytes = good_prefix().into_bytes();
    bytes.extend_from_slice(
        b"{\"type\":\"narrative.recorded\",\"project\":\"p1\",\"effective\":\"2023-06-01\",\"data\":{\"section\":\"x\",\"text\":\"\xC3\x28\"}}\n",
    );
    case(
        "invalid UTF-8 inside a string",
        Input::Import(bytes),
        // The first byte that is not UTF-8 (0xC3 followed by `(`) is the line's 100th.
        &["line 3", "field line", "not valid UTF-8 at byte 100"],
    )
}

/// Recording commands: one event each, no line numbers; the field and value are named.
fn record_cases() -> Vec<Case> {
    vec![
        case(
            "spend: 3 decimals",
            args(&["spend", "p1", "1.005", "--purpose", "x"]),
            &["field data.amount", "\"1.005\""],
        ),
        case(
            "spend: zero",
            args(&["spend", "p1", "0", "--purpose", "x"]),
            &["field data.amount", "greater than zero"],
        ),
        case(
            "spend: fullwidth minus",
            args(&["spend", "p1", "－5", "--purpose", "x"]),
            &["field data.amount", "\"－5\"", "negative"],
        ),
        case(
            "spend: beyond any budget",
            args(&["spend", "p1", "99999亿", "--purpose", "x"]),
            &["field data.amount", "\"99999亿\""],
        ),
        case(
            "spend: overspending",
            args(&["spend", "p1", "40.01万元", "--purpose", "x"]),
            &["field data.amount", "40.01万元", "spending would be"],
        ),
        case(
            "spend: unknown project",
            args(&["spend", "nope", "1", "--purpose", "x"]),
            &["field project", "nope"],
        ),
        case(
            "funds arrive: above the budget",
            args(&["funds", "arrive", "p1", "1亿"]),
            &["field data.amount", "10000万元", "budget"],
        ),
        case(
            "budget allocate: garbage amount",
            args(&["budget", "allocate", "p1", "三百万"]),
            &["field data.amount", "\"三百万\""],
        ),
        case(
            "indicator define: duplicate id",
            args(&[
                "indicator",
                "define",
                "p1",
                "i1",
                "--level1",
                "产出指标",
                "--level2",
                "数量指标",
                "--name",
                "n",
                "--target",
                "≥1",
            ]),
            &["field data.id", "i1", "already defined"],
        ),
        case(
            "indicator define: unknown level1",
            args(&[
                "indicator",
                "define",
                "p1",
                "i2",
                "--level1",
                "结果指标",
                "--level2",
                "数量指标",
                "--name",
                "n",
                "--target",
                "≥1",
            ]),
            &["field data.level1", "结果指标"],
        ),
        case(
            "indicator measure: undefined indicator",
            args(&["indicator", "measure", "p1", "i9", "5"]),
            &["field data.id", "i9", "not defined"],
        ),
        case(
            "indicator assess: unknown tier",
            args(&["indicator", "assess", "p1", "i1", "优秀"]),
            &["field data.tier", "优秀"],
        ),
        case(
            "correct: missing seq",
            args(&["correct", "999", "--data", "{}", "--reason", "r"]),
            &["field target_seq", "999"],
        ),
        case(
            "correct: a float in the replacement",
            args(&[
                "correct",
                "4",
                "--data",
                r#"{"amount":1.5,"purpose":"p"}"#,
                "--reason",
                "r",
            ]),
            &["field data.replacement.data.amount", "1.5"],
        ),
        case(
            "correct: replacement data is not JSON",
            args(&["correct", "4", "--data", "{amount:", "--reason", "r"]),
            &["field data.replacement.data", "not JSON"],
        ),
        case(
            "reverse: missing seq",
            args(&["reverse", "999", "--reason", "r"]),
            &["field target_seq", "999"],
        ),
        case(
            "reverse: the registration",
            args(&["reverse", "1", "--reason", "r"]),
            &["field data.target_seq", "registers project p1"],
        ),
        case(
            "--effective 2023-02-30",
            args(&[
                "spend",
                "p1",
                "1",
                "--purpose",
                "x",
                "--effective",
                "2023-02-30",
            ]),
            &["--effective 2023-02-30", "not a date"],
        ),
        case(
            "--effective 99999-01-01",
            args(&[
                "spend",
                "p1",
                "1",
                "--purpose",
                "x",
                "--effective",
                "99999-01-01",
            ]),
            &["--effective 99999-01-01", "not a date"],
        ),
        case(
            "claim: score is not a number",
            args(&["claim", "p1", "--score", "九十", "--grade", "优"]),
            &["field data.score", "九十"],
        ),
        case(
            "claim: unknown grade",
            args(&["claim", "p1", "--score", "90", "--grade", "A"]),
            &["field data.grade", "A"],
        ),
        case(
            "project register: twice",
            args(&[
                "project",
                "register",
                "p1",
                "--name",
                "n",
                "--department",
                "d",
                "--year",
                "2023",
            ]),
            &["field project", "p1", "already registered"],
        ),
    ]
}

/// What must not change: the head (seq and hash of the last exported line, which `verify`
/// at the end of each test ties to the stored head) and every exported byte.
fn snapshot(ledger: &TestLedger) -> ((u64, String), Vec<u8>) {
    let export = ledger.export();
    let last = export
        .split(|&b| b == b'\n')
        .rfind(|l| !l.is_empty())
        .unwrap_or_default();
    let value: serde_json::Value = serde_json::from_slice(last).expect("export line is JSON");
    let head = (
        value["seq"].as_u64().expect("seq"),
        value["hash"].as_str().expect("hash").to_string(),
    );
    (head, export)
}

fn run_case(ledger: &TestLedger, case: &Case, n: usize) -> Run {
    match &case.input {
        Input::Import(bytes) => ledger.import_bytes(&format!("case-{n}.jsonl"), bytes),
        Input::Args(a) => ledger.run(a),
    }
}

#[test]
fn bad_input_is_rejected_clearly_and_leaves_no_trace() {
    let ledger = TestLedger::with_base();
    let cases = cases();
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let before = snapshot(&ledger);
    assert_eq!(before.0 .0, BASE_EVENTS);
    let mut failures = Vec::new();
    for (n, case) in cases.iter().enumerate() {
        let run = run_case(&ledger, case, n);
        run.assert_orderly(case.name);
        let message = run.stderr.trim();
        let missing: Vec<_> = case
            .expect
            .iter()
            .filter(|e| !message.contains(*e))
            .collect();
        if run.code != Some(2) || !missing.is_empty() || !message.starts_with("error: ") {
            failures.push(format!(
                "{}: exit {:?}, missing {missing:?} in: {message}",
                case.name, run.code
            ));
        }
        let after = snapshot(&ledger);
        assert_eq!(after.0, before.0, "{}: the head moved", case.name);
        assert!(after.1 == before.1, "{}: the export changed", case.name);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(ledger.head(), before.0, "verify disagrees with the export");
}

/// The accepted variations import exactly what the plain file imports.
#[test]
fn bom_crlf_and_blank_lines_are_accepted_and_change_nothing() {
    let plain = base_lines();
    let mut variant = b"\xEF\xBB\xBF\r\n\n".to_vec();
    for l in plain.lines() {
        variant.extend_from_slice(l.as_bytes());
        variant.extend_from_slice(b"\r\n   \n");
    }
    let a = TestLedger::new();
    a.import_text(&plain).assert_ok("plain import");
    let b = TestLedger::new();
    b.import_bytes("variant.jsonl", &variant)
        .assert_ok("BOM, CRLF and blank lines");
    assert_eq!(a.export(), b.export());
}

/// Line numbers count every physical line, blank ones included, so they match an editor's.
#[test]
fn line_numbers_count_blank_lines() {
    let ledger = TestLedger::with_base();
    let before = ledger.export();
    let text = format!(
        "\n\n{}\n\n{}\n",
        good_prefix().trim_end(),
        spend_line(json!("-1"))
    );
    let run = ledger.import_text(&text);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr.contains("line 6: field data.amount"),
        "{}",
        run.stderr
    );
    assert!(ledger.export() == before);
}

/// A bad line after the first store chunk (`IMPORT_CHUNK_EVENTS`) was written: the chunk is
/// removed again, the head and the export are unchanged.
#[test]
fn a_bad_line_after_a_written_chunk_leaves_no_trace() {
    let ledger = TestLedger::with_base();
    let before = snapshot(&ledger);
    let mut text = String::with_capacity(52_000 * 120);
    let good = line(
        "narrative.recorded",
        "p1",
        "2023-12-31",
        json!({"section": "note", "text": "大批量"}),
    );
    for _ in 0..jixiao::limits::IMPORT_CHUNK_EVENTS + 10 {
        text.push_str(&good);
        text.push('\n');
    }
    text.push_str(&spend_line(json!("1.001")));
    text.push('\n');
    let run = ledger.import_text(&text);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    let bad_line = jixiao::limits::IMPORT_CHUNK_EVENTS + 11;
    assert!(
        run.stderr
            .contains(&format!("line {bad_line}: field data.amount")),
        "{}",
        run.stderr
    );
    let after = snapshot(&ledger);
    assert_eq!(after.0, before.0);
    assert!(after.1 == before.1, "the export changed");
    assert_eq!(ledger.head(), before.0);
}

/// A rejected correction must not undo an earlier correction of the same event (the rules
/// keep per-project facts; a failed append restores them exactly).
#[test]
fn a_rejected_second_correction_keeps_the_first() {
    let ledger = TestLedger::with_base();
    // seq 4 is the 10万 disbursement; 50万 arrived. Correct it down to 1万.
    ledger.ok([
        "correct",
        "4",
        "--data",
        r#"{"amount":"1万","purpose":"更正"}"#,
        "--reason",
        "录入错误",
    ]);
    // A second correction to 60万 overspends and is rejected.
    let run = ledger.run([
        "correct",
        "4",
        "--data",
        r#"{"amount":"60万","purpose":"再更正"}"#,
        "--reason",
        "r",
    ]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    // 49万 more is within the arrived 50万 only if the first correction (1万) still holds.
    ledger.ok(["spend", "p1", "49万", "--purpose", "余额"]);
    ledger.ok(["verify"]);
}
