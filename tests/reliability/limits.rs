//! Named limits (src/limits.rs and the value types): each is enforced with an error that
//! names it, the input just inside it is accepted, and a refusal writes nothing.

use std::ffi::OsStr;

use serde_json::json;

use jixiao::event::{ImportLine, LineError};
use jixiao::ids::{MAX_ACTOR_CHARS, MAX_ID_CHARS};
use jixiao::ledger::{AppendError, Ledger};
use jixiao::limits::{
    MAX_BATCH_EVENTS, MAX_EVENT_BYTES, MAX_FIELD_CHARS, MAX_GOALS_PER_PROJECT,
    MAX_INDICATORS_PER_PROJECT, MAX_JSON_DEPTH, MAX_LINE_BYTES, MAX_SECTIONS_PER_PROJECT,
    MAX_TEXT_BYTES,
};
use jixiao::store::{BLOCK_MAX_BYTES, BLOCK_MAX_EVENTS};
use jixiao::value::MAX_VALUE_CHARS;

use crate::support::{line, Run, TestLedger, BASE_EVENTS};

/// sled 0.34.7 writes a log item above segment_size / 4 - 20 bytes (its default segment is
/// 512 KiB) to a separate blob file. That applies to a whole tree node, not to one value:
/// leaves split only above 16 entries, so several blocks together can still be a blob.
const SLED_BLOB_THRESHOLD_BYTES: usize = 512 * 1024 / 4 - 20;

fn narrative(text: &str) -> String {
    line(
        "narrative.recorded",
        "p1",
        "2023-12-31",
        json!({"section": "background", "text": text}),
    )
}

fn spend_with_purpose(purpose: &str) -> String {
    line(
        "funds.disbursed",
        "p1",
        "2023-06-01",
        json!({"amount": "1", "purpose": purpose}),
    )
}

/// Imports one line into the base ledger: Ok(run) if accepted, else the run, asserting
/// that a refusal left the head where it was.
fn import_one(ledger: &TestLedger, text: &str) -> Run {
    let before = ledger.head();
    let run = ledger.import_text(&format!("{text}\n"));
    run.assert_orderly("import");
    if run.code != Some(0) {
        assert_eq!(run.code, Some(2), "{}", run.stderr);
        assert_eq!(ledger.head(), before, "a refused import moved the head");
    }
    run
}

fn assert_refused(run: &Run, names: &[&str]) {
    assert_eq!(run.code, Some(2), "expected a refusal: {}", run.stdout);
    for n in names {
        assert!(run.stderr.contains(n), "{n:?} not in: {}", run.stderr);
    }
}

#[test]
fn the_limits_fit_inside_each_other() {
    // An event, with its block record header, fits in a block; one block alone stays inline.
    const { assert!(MAX_EVENT_BYTES + 36 <= BLOCK_MAX_BYTES) };
    const { assert!(BLOCK_MAX_BYTES < SLED_BLOB_THRESHOLD_BYTES) };
    // The longest text fits in an event with room for the envelope.
    const { assert!(MAX_TEXT_BYTES + 4_096 <= MAX_EVENT_BYTES) };
    const { assert!(MAX_EVENT_BYTES < MAX_LINE_BYTES) };
    const { assert!(BLOCK_MAX_EVENTS > 0 && MAX_BATCH_EVENTS > 0) };
}

#[test]
fn line_length_is_limited() {
    let ledger = TestLedger::with_base();
    // A valid line padded with JSON whitespace to exactly the limit is read.
    let text = narrative("边界");
    let padded = format!("{}{}", " ".repeat(MAX_LINE_BYTES - text.len()), text);
    assert_eq!(padded.len(), MAX_LINE_BYTES);
    import_one(&ledger, &padded).assert_ok("a line of exactly MAX_LINE_BYTES");
    let over = format!(" {padded}");
    let run = import_one(&ledger, &over);
    assert_refused(&run, &["line 1", "field line", "MAX_LINE_BYTES"]);
}

#[test]
fn event_size_is_limited() {
    let ledger = TestLedger::with_base();
    let register = |contents: usize, basis: usize| {
        line(
            "project.registered",
            "p-big",
            "2023-01-01",
            json!({"name": "大项目", "department": "某局", "year": 2023,
                   "contents": "a".repeat(contents),
                   "basis": vec!["b".repeat(MAX_FIELD_CHARS); basis]}),
        )
    };
    // Each text within its own limit, but together above MAX_EVENT_BYTES.
    let run = import_one(&ledger, &register(MAX_TEXT_BYTES, 5));
    assert_refused(&run, &["line 1", "field data", "MAX_EVENT_BYTES"]);
    import_one(&ledger, &register(MAX_TEXT_BYTES, 2)).assert_ok("an event below the limit");
}

#[test]
fn long_text_is_limited_in_bytes() {
    let ledger = TestLedger::with_base();
    import_one(&ledger, &narrative(&"a".repeat(MAX_TEXT_BYTES))).assert_ok("text at the limit");
    let run = import_one(&ledger, &narrative(&"a".repeat(MAX_TEXT_BYTES + 1)));
    assert_refused(&run, &["line 1", "field data.text", "MAX_TEXT_BYTES"]);
    // The same limit through a recording command, in bytes: 13,334 汉字 are 40,002 bytes.
    let run = ledger.run([
        "narrative",
        "p1",
        "background",
        &"汉".repeat(MAX_TEXT_BYTES / 3 + 1),
    ]);
    assert_refused(&run, &["field data.text", "MAX_TEXT_BYTES"]);
}

#[test]
fn other_text_fields_are_limited_in_characters() {
    let ledger = TestLedger::with_base();
    import_one(&ledger, &spend_with_purpose(&"资".repeat(MAX_FIELD_CHARS)))
        .assert_ok("purpose at the limit");
    let run = import_one(
        &ledger,
        &spend_with_purpose(&"资".repeat(MAX_FIELD_CHARS + 1)),
    );
    assert_refused(&run, &["line 1", "field data.purpose", "MAX_FIELD_CHARS"]);
    // A correction's replacement is held to the same limits.
    let correction = line(
        "event.corrected",
        "p1",
        "2023-06-01",
        json!({"target_seq": 4, "reason": "更正",
               "replacement": {"type": "funds.disbursed",
                               "data": {"amount": "1", "purpose": "资".repeat(MAX_FIELD_CHARS + 1)}}}),
    );
    let run = import_one(&ledger, &correction);
    assert_refused(
        &run,
        &[
            "line 1",
            "field data.replacement.data.purpose",
            "MAX_FIELD_CHARS",
        ],
    );
}

#[test]
fn ids_actors_and_values_are_limited() {
    let ledger = TestLedger::with_base();
    let register = |id: &str| {
        line(
            "project.registered",
            id,
            "2023-01-01",
            json!({"name": "n", "department": "d", "year": 2023}),
        )
    };
    import_one(&ledger, &register(&"p".repeat(MAX_ID_CHARS))).assert_ok("id at the limit");
    let long_id = "q".repeat(MAX_ID_CHARS + 1);
    let run = import_one(&ledger, &register(&long_id));
    assert_refused(&run, &["line 1", "field project", "too long"]);

    let actor = |a: &str| {
        json!({"type": "goal.set", "project": "p1", "effective": "2023-01-01", "actor": a,
               "data": {"id": "g-actor", "text": "t"}})
        .to_string()
    };
    let run = import_one(&ledger, &actor(&"a".repeat(MAX_ACTOR_CHARS + 1)));
    assert_refused(&run, &["line 1", "field actor", "too long"]);
    import_one(&ledger, &actor(&"a".repeat(MAX_ACTOR_CHARS))).assert_ok("actor at the limit");

    let define = |target: &str| {
        line(
            "indicator.defined",
            "p1",
            "2023-01-01",
            json!({"id": "i-long", "level1": "产出指标", "level2": "数量指标", "name": "n", "target": target}),
        )
    };
    let run = import_one(
        &ledger,
        &define(&format!("≥{}", "1".repeat(MAX_VALUE_CHARS))),
    );
    assert_refused(&run, &["line 1", "field data.target", "longer than 200"]);
}

#[test]
fn json_depth_is_limited() {
    use jixiao::event::envelope::check_shape;
    let nested = |depth: usize| format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
    assert!(check_shape(&nested(MAX_JSON_DEPTH)).is_ok());
    let err = check_shape(&nested(MAX_JSON_DEPTH + 1)).unwrap_err();
    assert!(err.message.contains("MAX_JSON_DEPTH"), "{err}");
    // Through the parser: the depth error comes before serde sees the line.
    let Err(LineError { field, message }) = ImportLine::parse(&nested(10_000)) else {
        panic!("accepted a nesting bomb");
    };
    assert_eq!(field, "line");
    assert!(message.contains("MAX_JSON_DEPTH"), "{message}");
}

#[test]
fn batch_size_is_limited() {
    // 20M events take too long here; the same check with the limit lowered through the façade.
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ledger");
    let mut ledger = Ledger::init(&path, "jx-limits").expect("init");
    let inputs = |n: usize| {
        let mut v = vec![(
            1,
            ImportLine::parse(&line(
                "project.registered",
                "p1",
                "2023-01-01",
                json!({"name": "n", "department": "d", "year": 2023}),
            )),
        )];
        v.extend((2..=n).map(|i| (i, ImportLine::parse(&narrative("批量")))));
        v
    };
    let now = jixiao::time::parse_instant(crate::support::NOW).expect("instant");
    let mut clock = |_: &ImportLine| now;
    ledger = ledger.with_max_batch_events(10);
    let err = ledger
        .append(inputs(11), "test", &mut clock)
        .expect_err("11 events in a batch of at most 10");
    let AppendError::Rejected {
        line,
        field,
        message,
    } = err
    else {
        panic!("not a rejection: {err}");
    };
    assert_eq!((line, field.as_str()), (11, "line"));
    assert!(message.contains("MAX_BATCH_EVENTS"), "{message}");
    assert_eq!(ledger.head(), None, "a refused batch wrote nothing");
    assert_eq!(
        ledger
            .append(inputs(10), "test", &mut clock)
            .expect("10 fit")
            .len(),
        10
    );
}

#[test]
fn blocks_stay_below_their_limit_with_events_at_theirs() {
    let ledger = TestLedger::with_base();
    let big = narrative(&"满".repeat(MAX_TEXT_BYTES / 3));
    let text = (0..6).map(|_| big.clone()).collect::<Vec<_>>().join("\n");
    ledger
        .import_text(&text)
        .assert_ok("six events of about 40 KB");
    for _ in 0..3 {
        ledger.ok([
            "narrative",
            "p1",
            "background",
            &"满".repeat(MAX_TEXT_BYTES / 3),
        ]);
    }
    assert_eq!(ledger.head().0, BASE_EVENTS + 9);
    let db = sled::Config::new()
        .path(&ledger.path)
        .open()
        .expect("sled opens");
    for item in db.open_tree("blocks").expect("blocks").iter() {
        let (key, value) = item.expect("block");
        assert!(
            value.len() <= BLOCK_MAX_BYTES,
            "block {key:?} is {} bytes",
            value.len()
        );
    }
}

/// How many indicators, goals and narrative sections a project may hold: the project filled
/// to its limit is accepted; one more is refused naming the limit, the line, the field and
/// the value, and writes nothing; an id already held still gets its own rule's message.
#[test]
fn a_projects_indicators_goals_and_sections_are_limited() {
    let indicator = |n: usize| {
        line(
            "indicator.defined",
            "p1",
            "2023-01-01",
            json!({"id": format!("i{n}"), "level1": "产出指标", "level2": "数量指标", "name": "n", "target": "≥1"}),
        )
    };
    let goal = |n: usize| {
        line(
            "goal.set",
            "p1",
            "2023-01-01",
            json!({"id": format!("g{n}"), "text": "t"}),
        )
    };
    let section = |n: usize| {
        line(
            "narrative.recorded",
            "p1",
            "2023-12-31",
            json!({"section": format!("附记{n}"), "text": "t"}),
        )
    };
    // (what, line maker, how many the base holds, limit, field, limit's name, the refused value)
    type Maker<'a> = &'a dyn Fn(usize) -> String;
    let cases: [(&str, Maker, usize, usize, &str, &str, &str); 3] = [
        (
            "indicators",
            &indicator,
            1,
            MAX_INDICATORS_PER_PROJECT,
            "data.id",
            "MAX_INDICATORS_PER_PROJECT",
            "i1001",
        ),
        (
            "goals",
            &goal,
            1,
            MAX_GOALS_PER_PROJECT,
            "data.id",
            "MAX_GOALS_PER_PROJECT",
            "g101",
        ),
        (
            "sections",
            &section,
            0,
            MAX_SECTIONS_PER_PROJECT,
            "data.section",
            "MAX_SECTIONS_PER_PROJECT",
            "附记101",
        ),
    ];
    for (what, make, held, limit, field, name, value) in cases {
        let ledger = TestLedger::with_base();
        let fill: String = (held + 1..=limit).map(|n| make(n) + "\n").collect();
        ledger.import_text(&fill).assert_ok(what);
        let run = import_one(&ledger, &make(limit + 1));
        let field = format!("field {field}");
        assert_refused(&run, &["line 1", &field, name, value, &limit.to_string()]);
        // Chinese by default: the limit's name and the value, in the users' language.
        let file = ledger.dir().join("over.jsonl");
        std::fs::write(&file, make(limit + 1) + "\n").expect("write");
        let zh = ledger.run([
            OsStr::new("--lang"),
            OsStr::new("zh"),
            OsStr::new("import"),
            file.as_os_str(),
        ]);
        assert_refused(&zh, &["第 1 行", name, value, "达到上限"]);
        // Something the project holds already is not new: its own rule answers.
        let again = import_one(&ledger, &make(limit));
        assert_eq!(
            again.code,
            Some(if what == "sections" { 0 } else { 2 }),
            "{what}: {}",
            again.stderr
        );
        assert!(!again.stderr.contains(name), "{what}: {}", again.stderr);
    }
}
