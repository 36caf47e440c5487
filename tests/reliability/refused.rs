//! Issue 12, the inputs that must not enter (its list, items 1, 4, 6 and 8): a clock from
//! the future, `--known-at` past the head, malformed grouped amounts, weights and scores
//! above 100, control characters in any recorded string, duplicate JSON keys at any depth.
//! Each is refused with exit 2 and a message naming the field, the value and the rule, and
//! leaves the ledger as it was: the same head file, the same export, the same files.

use chrono::{TimeZone, Utc};
use jixiao::event::ImportLine;
use jixiao::ledger::Ledger;
use jixiao::store::{HEAD_FILE, JOURNAL_FILE};
use serde_json::json;

use crate::support::{jixiao_command, line, Run, TestLedger, BASE_EVENTS, NOW};

/// One refused input: the arguments (an import file's text when `import` is given), the
/// clock if not `NOW`, and what the message must contain.
struct Refused {
    name: &'static str,
    args: Vec<String>,
    import: Option<String>,
    now: Option<&'static str>,
    expect: Vec<&'static str>,
}

fn cmd(name: &'static str, args: &[&str], expect: &[&'static str]) -> Refused {
    Refused {
        name,
        args: args.iter().map(|s| s.to_string()).collect(),
        import: None,
        now: None,
        expect: expect.to_vec(),
    }
}

fn import(name: &'static str, text: String, expect: &[&'static str]) -> Refused {
    Refused {
        import: Some(text),
        ..cmd(name, &[], expect)
    }
}

fn at(now: &'static str, r: Refused) -> Refused {
    Refused {
        now: Some(now),
        ..r
    }
}

fn define_with_weight(weight: &str) -> Vec<String> {
    [
        "indicator",
        "define",
        "p1",
        "i2",
        "--level1",
        "产出指标",
        "--level2",
        "数量指标",
        "--name",
        "n",
        "--target",
        "≥1",
        "--weight",
        weight,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn narrative(text: &str) -> String {
    line(
        "narrative.recorded",
        "p1",
        "2023-12-31",
        json!({"section": "background", "text": text}),
    )
}

fn cases() -> Vec<Refused> {
    let mut v = vec![
        // 4: time bounds.
        at(
            "2099-01-01T00:00:00Z",
            cmd("a clock far in the future", &["spend", "p1", "1", "--purpose", "x"], &["JIXIAO_NOW", "2099-01-01T00:00:00.000Z", "超前一天以上", "wall clock"]),
        ),
        at(
            "2099-01-01T00:00:00Z",
            cmd("a read command with a future clock", &["log"], &["2099-01-01T00:00:00.000Z", "超前一天以上"]),
        ),
        cmd("--known-at past the head", &["state", "p1", "--known-at", "seq:999999"], &["seq:999999", "超出账本头", "head seq 6"]),
        cmd("--known-at in the future", &["state", "p1", "--known-at", "2099-01-01"], &["2099-01-01T15:59:59.999Z", "未来", "head seq 6"]),
        cmd("a report --known-at past the head", &["report", "p1", "--format", "json", "--known-at", "seq:7"], &["seq:7", "head seq 6"]),
        cmd("projects --known-at in the future", &["projects", "--known-at", "2024-03-02T02:00:00Z"], &["未来", "head seq 6"]),
        // 4: grouped digits that are no amount.
        cmd("spend 0,100", &["spend", "p1", "0,100", "--purpose", "x"], &["field data.amount", "\"0,100\""]),
        cmd("spend 00,100", &["spend", "p1", "00,100", "--purpose", "x"], &["field data.amount", "\"00,100\""]),
        cmd("spend 1,00", &["spend", "p1", "1,00", "--purpose", "x"], &["field data.amount", "\"1,00\""]),
        cmd("spend ,100", &["spend", "p1", ",100", "--purpose", "x"], &["field data.amount", "\",100\""]),
        cmd("spend 0100", &["spend", "p1", "0100", "--purpose", "x"], &["field data.amount", "\"0100\""]),
        // 8: bounds no form contains.
        Refused {
            args: define_with_weight("1000"),
            ..cmd("an indicator weight of 1000", &[], &["field data.weight", "weight-at-most-100", "1000"])
        },
        cmd("a 一级 weight of 1000", &["scoring", "p1", "--output", "1000"], &["field data.weights.output", "weight-at-most-100", "1000"]),
        cmd("a 二级 weight of 500", &["scoring", "p1", "--level2", "数量指标=500"], &["field data.level2_weights", "weight-at-most-100", "500"]),
        cmd("a claimed score of 1000", &["claim", "p1", "--score", "1000", "--grade", "优"], &["field data.score", "score-at-most-100", "1000"]),
        cmd("a claimed score of 100.5", &["claim", "p1", "--score", "100.5", "--grade", "优"], &["field data.score", "score-at-most-100", "100.5"]),
        // 6: control characters, in every string.
        cmd("ESC sequences in a purpose", &["spend", "p1", "1", "--purpose", "付款\u{1b}[3A\u{1b}[2K"], &["field data.purpose", "text-no-control", "U+001B", r#""付款\u{1b}[3A\u{1b}[2K""#]),
        cmd("BEL in a narrative", &["narrative", "p1", "background", "背景\u{7}"], &["field data.text", "text-no-control", "U+0007"]),
        cmd("a carriage return in a reason", &["budget", "adjust", "p1", "90万", "--reason", "调整\r覆盖"], &["field data.reason", "U+000D"]),
        cmd("DEL in a goal", &["goal", "set", "p1", "g2", "目标\u{7f}"], &["field data.text", "U+007F"]),
        cmd("a C1 control in a payee", &["spend", "p1", "1", "--purpose", "x", "--payee", "某公司\u{85}"], &["field data.payee", "U+0085"]),
        import("NUL in a narrative", narrative("背景\u{0}隐藏"), &["line 1", "field data.text", "U+0000"]),
        import(
            "ESC in a basis document, at depth",
            line("project.registered", "p2", "2023-01-01", json!({"name": "n", "department": "d", "year": 2023, "basis": ["ok", "文件\u{1b}]0;title\u{7}"]})),
            &["line 1", "field data.basis[1]", "U+001B"],
        ),
        cmd("ESC in a correction's replacement", &["correct", "4", "--data", r#"{"amount":"10万","purpose":"专利\u001b[2K资助"}"#, "--reason", "r"], &["field data.replacement.data.purpose", "U+001B"]),
        import(
            "ESC in the actor",
            json!({"type": "goal.set", "project": "p1", "effective": "2023-01-01", "actor": "clerk\u{1b}[2K", "data": {"id": "g3", "text": "t"}}).to_string(),
            &["line 1", "field actor", "control characters: U+001B"],
        ),
        import(
            "ESC in the project id",
            line("goal.set", "p1\u{1b}[2K", "2023-01-01", json!({"id": "g3", "text": "t"})),
            &["line 1", "field project", "control characters: U+001B"],
        ),
        at(
            NOW,
            Refused {
                args: vec!["--actor".into(), "clerk\u{7}".into(), "goal".into(), "set".into(), "p1".into(), "g3".into(), "t".into()],
                ..cmd("BEL in --actor", &[], &["field actor", "control characters: U+0007"])
            },
        ),
    ];
    v.extend(duplicate_keys());
    v
}

/// 1: a key twice in one object, at every depth, in import lines and corrections.
fn duplicate_keys() -> Vec<Refused> {
    let head = r#"{"type":"funds.disbursed","project":"p1","effective":"2023-06-01","#;
    vec![
        import("a duplicate amount in data", format!(r#"{head}"data":{{"amount":"1","purpose":"x","amount":"9999万"}}}}"#), &["line 1", "field data.amount", "no-duplicate-keys"]),
        import("a duplicate written with an escape", format!(r#"{head}"data":{{"amount":"1","purpose":"x","\u0061mount":"2"}}}}"#), &["line 1", "field data.amount", "no-duplicate-keys"]),
        import(
            "a duplicate inside a correction's replacement data",
            r#"{"type":"event.corrected","project":"p1","effective":"2023-06-01","data":{"target_seq":4,"reason":"r","replacement":{"type":"funds.disbursed","data":{"amount":"1","purpose":"x","amount":"2"}}}}"#.to_string(),
            &["line 1", "field data.replacement.data.amount", "no-duplicate-keys"],
        ),
        import(
            "a duplicate 一级 weight",
            r#"{"type":"scoring.configured","project":"p1","effective":"2023-06-01","data":{"weights":{"output":"10","output":"50"}}}"#.to_string(),
            &["line 1", "field data.weights.output", "no-duplicate-keys"],
        ),
        cmd("a duplicate in correct --data", &["correct", "4", "--data", r#"{"amount":"1","purpose":"x","amount":"2"}"#, "--reason", "r"], &["field data.replacement.data", "\"amount\"", "no-duplicate-keys"]),
    ]
}

/// What a refused command must leave as it was: jixiao's own files (the head file and the
/// journal, byte for byte) and every event (the export). sled's files change on any open
/// (sled writes a snapshot each time), so they are compared through the export.
fn trace(ledger: &TestLedger) -> (Vec<Vec<u8>>, Vec<u8>) {
    let own = [HEAD_FILE, JOURNAL_FILE]
        .iter()
        .map(|f| std::fs::read(ledger.path.join(f)).expect("jixiao's file"))
        .collect();
    (own, ledger.export())
}

fn run(ledger: &TestLedger, case: &Refused, n: usize) -> Run {
    let mut c = jixiao_command(&ledger.path);
    if let Some(now) = case.now {
        c.env("JIXIAO_NOW", now);
    }
    match &case.import {
        Some(text) => {
            let file = ledger.dir().join(format!("refused-{n}.jsonl"));
            std::fs::write(&file, text).expect("write import file");
            c.arg("import").arg(file);
        }
        None => {
            c.args(&case.args);
        }
    }
    Run::from_output(c.output().expect("the jixiao binary runs"))
}

#[test]
fn each_refused_input_exits_2_naming_field_value_and_rule_and_writes_nothing() {
    let ledger = TestLedger::with_base();
    let before = trace(&ledger);
    let mut failures = Vec::new();
    for (n, case) in cases().iter().enumerate() {
        let out = run(&ledger, case, n);
        out.assert_orderly(case.name);
        let message = out.stderr.trim();
        let missing: Vec<_> = case
            .expect
            .iter()
            .filter(|e| !message.contains(*e))
            .collect();
        if out.code != Some(2) || !missing.is_empty() {
            failures.push(format!(
                "{}: exit {:?}, missing {missing:?} in: {message}",
                case.name, out.code
            ));
        }
        if message.contains('\u{1b}') || message.contains('\u{7}') {
            failures.push(format!(
                "{}: the message prints a control character raw",
                case.name
            ));
        }
        assert!(
            trace(&ledger) == before,
            "{}: the ledger's files or export changed",
            case.name
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(ledger.head().0, BASE_EVENTS);
}

#[test]
fn newline_and_tab_stay_allowed_and_an_earlier_known_at_is_answered() {
    let ledger = TestLedger::with_base();
    ledger.ok(["narrative", "p1", "background", "第一段\n\t第二段"]);
    ledger.ok(["spend", "p1", "1,000", "--purpose", "x"]);
    ledger.ok(["state", "p1", "--known-at", "seq:8"]);
    // Between the last recorded event and the clock: answered, nothing was recorded since.
    ledger.ok(["state", "p1", "--known-at", "2024-03-01T02:00:00Z"]);
    ledger.ok(["claim", "p1", "--score", "100", "--grade", "优"]);
}

/// A reading far in the future stored by a wrong clock (here through the library, which has
/// no wall clock; the CLI refuses such a reading). Later appends are not stamped with it:
/// they are refused naming both instants and the seq, and `verify` names that seq.
#[test]
fn a_stored_far_future_reading_is_flagged_and_does_not_freeze_later_appends() {
    let ledger = TestLedger::with_base();
    {
        let mut l = Ledger::open(&ledger.path).expect("open");
        let text = line(
            "goal.set",
            "p1",
            "2023-01-01",
            json!({"id": "g9", "text": "未来"}),
        );
        let input = ImportLine::parse(&text).map_err(|e| panic!("{}", e.message));
        let future = Utc.with_ymd_and_hms(2099, 1, 1, 0, 0, 0).unwrap();
        l.append([(1, input)], "clerk", &mut |_| future)
            .expect("append");
    }
    let seq = BASE_EVENTS + 1;
    let before = trace(&ledger);
    let out = ledger.run(["spend", "p1", "1", "--purpose", "x"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    let seq_text = format!("seq {seq}");
    for part in [
        "2024-03-01T02:00:00.000Z",
        "2099-01-01T00:00:00.000Z",
        &seq_text,
        "recorded-in-order",
    ] {
        assert!(
            out.stderr.contains(part),
            "missing {part:?}: {}",
            out.stderr
        );
    }
    assert!(
        trace(&ledger) == before,
        "the refused append wrote something"
    );
    let verify = ledger.run(["verify"]);
    assert_eq!(verify.code, Some(1), "{}", verify.stdout);
    assert!(
        verify.stderr.contains(&format!("at seq {seq}")),
        "{}",
        verify.stderr
    );
    assert!(
        verify.stderr.contains("记录时间在未来"),
        "{}",
        verify.stderr
    );
}

/// Within a day behind the last event (two machines' clocks), `recorded_at` keeps to the
/// last event's instant: it never goes backwards.
#[test]
fn a_clock_a_little_behind_keeps_recorded_at_in_order() {
    let ledger = TestLedger::with_base();
    let mut c = jixiao_command(&ledger.path);
    c.env("JIXIAO_NOW", "2024-03-01T01:00:00Z")
        .args(["goal", "set", "p1", "g2", "t"]);
    Run::from_output(c.output().unwrap()).assert_ok("an hour behind");
    let shown = ledger.ok(["show", (BASE_EVENTS + 1).to_string().as_str()]);
    assert!(
        shown
            .stdout
            .contains("\"recorded_at\": \"2024-03-01T02:00:00.000Z\""),
        "{}",
        shown.stdout
    );
    ledger.ok(["verify"]);
}
