//! Golden vectors (tests/golden/vectors.jsonl, made by an independent JCS + BLAKE3): the
//! canonical bytes and hashes jixiao produces must match them exactly. And the hand-written
//! canonical encoder must equal the generic JCS writer for the built-in sample and for
//! generated events.

use std::collections::BTreeSet;

use chrono::{DateTime, TimeZone, Utc};
use jixiao::event::canonical::to_jcs;
use jixiao::event::envelope::{export_line, parse_envelope};
use jixiao::event::hash::{event_hash, from_hex, to_hex};
use jixiao::event::{Envelope, EventData, ImportLine, TYPE_NAMES, ZERO_HASH};
use jixiao::ledger::Ledger;
use proptest::prelude::*;
use serde_json::{json, Value};

use crate::support::repo_file;

fn vectors() -> Vec<Value> {
    let text = std::fs::read_to_string(repo_file("tests/golden/vectors.jsonl")).expect("vectors");
    text.lines()
        .map(|l| serde_json::from_str(l).expect("vector line is JSON"))
        .collect()
}

#[test]
fn vectors_reproduce_canonical_bytes_and_hashes() {
    let mut prev = ZERO_HASH;
    for (i, v) in vectors().iter().enumerate() {
        let what = v["what"].as_str().unwrap_or("?");
        let canonical = v["canonical"].as_str().expect("canonical").as_bytes();
        let hash = v["hash"].as_str().expect("hash");
        let event = &v["event"];

        let generic = to_jcs(event).expect("vector event is JCS-encodable");
        assert_eq!(
            String::from_utf8_lossy(&generic),
            String::from_utf8_lossy(canonical),
            "to_jcs differs on vector {i} ({what})"
        );
        let text = serde_json::to_string(event).expect("json");
        let (env, quoted) = parse_envelope(&text).unwrap_or_else(|e| panic!("vector {i}: {e}"));
        assert_eq!(quoted, None);
        assert_eq!(
            String::from_utf8_lossy(&env.canonical_bytes()),
            String::from_utf8_lossy(canonical),
            "Envelope::canonical_bytes differs on vector {i} ({what})"
        );
        assert_eq!(to_hex(&event_hash(canonical)), hash, "hash of vector {i}");

        assert_eq!(env.seq, i as u64 + 1, "vectors form a chain from seq 1");
        assert_eq!(env.prev, prev, "prev of vector {i}");
        prev = from_hex(hash).expect("hex");

        // The export line is the JCS form of the envelope with its hash.
        let mut with_hash = event.clone();
        with_hash["hash"] = json!(hash);
        assert_eq!(
            export_line(canonical, &prev),
            to_jcs(&with_hash).expect("jcs")
        );
    }
}

#[test]
fn vectors_cover_every_type_and_the_hard_characters() {
    let all = vectors();
    let signed = std::fs::read_to_string(repo_file("tests/golden/signed_vectors.jsonl")).unwrap();
    let signed: Vec<Value> = signed
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let types: BTreeSet<&str> = all
        .iter()
        .chain(&signed)
        .map(|v| v["event"]["type"].as_str().expect("type"))
        .collect();
    let expected: BTreeSet<&str> = TYPE_NAMES.iter().copied().collect();
    assert_eq!(types, expected);
    let canon: String = all
        .iter()
        .map(|v| v["canonical"].as_str().expect("canonical"))
        .collect();
    for needle in [
        "\\u0001",
        "\\u001f",
        "\\\"",
        "\\\\",
        "\\n",
        "\\t",
        "\\r",
        "\\b",
        "\\f",
        "\u{7f}",
        "😀",
        "\u{2028}",
        "知识产权",
    ] {
        assert!(canon.contains(needle), "no vector has {needle:?}");
    }
}

fn fixed_clock(_: &ImportLine) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 3, 0, 0).unwrap()
}

/// Numbered import lines of a JSONL text (blank lines skipped).
pub fn inputs(text: &str) -> Vec<jixiao::ledger::Input> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, ImportLine::parse(l)))
        .collect()
}

#[test]
fn fast_encoder_equals_generic_jcs_on_the_sample() {
    let dir = tempfile::tempdir().unwrap();
    let mut ledger = Ledger::init(&dir.path().join("l"), "golden-test").unwrap();
    let sample = std::fs::read_to_string(repo_file("src/demo/sample.jsonl")).unwrap();
    let appended = ledger
        .append(inputs(&sample), "tester", &mut fixed_clock)
        .expect("the sample imports");
    assert!(
        appended.len() >= 60,
        "the sample has {} events",
        appended.len()
    );
    let mut types = BTreeSet::new();
    for stored in ledger.events() {
        let stored = stored.expect("readable");
        let fast = stored.env.canonical_bytes();
        let value: Value = serde_json::from_slice(&fast).expect("canonical bytes are JSON");
        assert_eq!(
            String::from_utf8_lossy(&fast),
            String::from_utf8_lossy(&to_jcs(&value).unwrap()),
            "seq {}",
            stored.env.seq
        );
        assert_eq!(event_hash(&fast), stored.hash);
        types.insert(stored.env.type_name());
    }
    assert!(types.len() >= 10, "the sample uses {types:?}");
}

// ---- generated events ----

/// Text with the characters that trip JSON encoders.
fn text() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        '"',
        '\\',
        '/',
        '\n',
        '\r',
        '\t',
        '\u{0}',
        '\u{1}',
        '\u{8}',
        '\u{c}',
        '\u{1f}',
        '\u{7f}',
        '\u{80}',
        '\u{2028}',
        '\u{2029}',
        '\u{feff}',
        '中',
        '〔',
        '😀',
        '\u{10ffff}',
        'é',
    ]);
    prop::collection::vec(prop_oneof![any::<char>(), special], 1..12)
        .prop_map(|cs| cs.into_iter().collect::<String>())
        .prop_filter("rules refuse blank text", |s| !s.trim().is_empty())
}

fn id() -> impl Strategy<Value = String> {
    "[a-z0-9中文_./-]{1,12}"
}

fn amount() -> impl Strategy<Value = String> {
    (0u64..100_000_000_000_000).prop_map(|cents| format!("{}.{:02}", cents / 100, cents % 100))
}

fn num() -> impl Strategy<Value = String> {
    (0u64..1_000_000, 0u32..4).prop_map(|(n, scale)| {
        rust_decimal::Decimal::new(n as i64, scale)
            .normalize()
            .to_string()
    })
}

fn opt<S: Strategy<Value = String>>(s: S) -> impl Strategy<Value = Option<String>> {
    prop::option::of(s)
}

fn date() -> impl Strategy<Value = String> {
    (2000i32..=2100, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
}

/// `{type, data}` of any catalogue type except corrections, as JSON.
fn plain_data() -> impl Strategy<Value = (&'static str, Value)> {
    prop_oneof![
        (text(), text(), 2000u32..2100, opt(text()), opt(text()), opt(date()), prop::collection::vec(text(), 0..3))
            .prop_map(|(name, dep, year, unit, contents, start, basis)| ("project.registered", strip(json!({
                "name": name, "department": dep, "year": year, "unit": unit, "contents": contents,
                "period_start": start, "basis": if basis.is_empty() { Value::Null } else { json!(basis) }})))),
        (amount(), opt(text()), opt(text())).prop_map(|(a, s, d)| ("budget.allocated", strip(json!({"amount": a, "source": s, "doc": d})))),
        (amount(), text(), opt(text())).prop_map(|(a, r, au)| ("budget.adjusted", strip(json!({"amount": a, "reason": r, "authority": au})))),
        (amount(), opt(text())).prop_map(|(a, s)| ("funds.arrived", strip(json!({"amount": a, "source": s})))),
        (amount(), text(), opt(text()), opt(text()), opt(text())).prop_map(|(a, p, c, pa, v)| ("funds.disbursed", strip(json!({"amount": a, "purpose": p, "category": c, "payee": pa, "voucher": v})))),
        (id(), text()).prop_map(|(i, t)| ("goal.set", json!({"id": i, "text": t}))),
        (id(), text(), text()).prop_map(|(i, t, r)| ("goal.adjusted", json!({"id": i, "text": t, "reason": r}))),
        (id(), text()).prop_map(|(i, r)| ("goal.withdrawn", json!({"id": i, "reason": r}))),
        (id(), text(), text(), text(), text(), opt(text()), opt(num()), prop::sample::select(vec!["ge", "le", "eq", "qualitative"]))
            .prop_map(|(i, l1, l2, n, t, u, w, c)| ("indicator.defined", strip(json!({"id": i, "level1": l1, "level2": l2, "name": n, "target": t, "unit": u, "weight": w, "comparator": c})))),
        (id(), text(), text()).prop_map(|(i, t, r)| ("indicator.target_adjusted", json!({"id": i, "target": t, "reason": r}))),
        (id(), text(), opt(text())).prop_map(|(i, a, n)| ("indicator.measured", strip(json!({"id": i, "actual": a, "note": n})))),
        (id(), prop::sample::select(vec!["达成", "部分达成", "未达成"]), opt(num()), opt(text()))
            .prop_map(|(i, t, r, d)| ("indicator.assessed", strip(json!({"id": i, "tier": t, "score_ratio": r, "deviation": d})))),
        (text(), text()).prop_map(|(s, t)| ("narrative.recorded", json!({"section": s, "text": t}))),
        (opt(text()), opt(num()), opt(num())).prop_map(|(p, e, o)| ("scoring.configured", strip(json!({"policy": p, "weights": strip(json!({"execution": e, "output": o}))})))),
        (num(), prop::sample::select(vec!["优", "良", "中", "差"]), opt(amount()), opt(num()))
            .prop_map(|(s, g, sp, r)| ("evaluation.claimed", strip(json!({"score": s, "grade": g, "spent": sp, "execution_ratio": r})))),
        (0u64..(1 << 53), text()).prop_map(|(t, r)| ("event.reversed", json!({"target_seq": t, "reason": r}))),
    ]
}

/// Drops null members (absent optional fields) from an object.
fn strip(mut v: Value) -> Value {
    if let Value::Object(map) = &mut v {
        map.retain(|_, x| !x.is_null());
    }
    v
}

fn any_data() -> impl Strategy<Value = EventData> {
    (plain_data(), any::<bool>(), 0u64..(1 << 53), text()).prop_map(
        |((kind, data), correct, target, reason)| {
            let (kind, data) = if correct && kind != "event.reversed" {
                let replacement = json!({"type": kind, "data": data});
                let c = json!({"target_seq": target, "reason": reason, "replacement": replacement});
                ("event.corrected", c)
            } else {
                (kind, data)
            };
            EventData::parse(kind, &data.to_string())
                .unwrap_or_else(|e| panic!("generated {kind} {data} does not parse: {e}"))
        },
    )
}

fn any_envelope() -> impl Strategy<Value = Envelope> {
    (
        any_data(),
        1u64..(1 << 53),
        946_684_800_000i64..4_102_444_800_000,
        date(),
        "[a-z0-9中 /_-]{1,20}",
        id(),
        any::<[u8; 32]>(),
        // Import keys, with the characters that would fool a search for where `hash` goes.
        prop::option::of("[a-z0-9中,\"\\\\:_-]{1,20}"),
        // Format 2: project_prev, and a signature (signed_at, 64 signature bytes).
        (
            prop::option::of(any::<[u8; 32]>()),
            prop::option::of((
                0i64..4_102_444_800_000,
                any::<[u8; 32]>(),
                any::<[u8; 32]>(),
            )),
        ),
    )
        .prop_filter("actor is not blank", |t| !t.4.trim().is_empty())
        .prop_map(
            |(data, seq, ms, effective, actor, project, prev, key, (project_prev, signed))| {
                Envelope {
                    seq,
                    recorded_at: Utc.timestamp_millis_opt(ms).unwrap(),
                    effective: jixiao::time::Day::parse(&effective).unwrap(),
                    actor,
                    project: jixiao::ids::ProjectId::new(&project).unwrap(),
                    data,
                    prev,
                    id: key,
                    project_prev,
                    signed: signed.map(|(ms, a, b)| jixiao::event::Signed {
                        signed_at: Utc.timestamp_millis_opt(ms).unwrap(),
                        sig: [a, b].concat().try_into().unwrap(),
                    }),
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn fast_encoder_equals_generic_jcs(env in any_envelope()) {
        let fast = env.canonical_bytes();
        let value: Value = serde_json::from_slice(&fast).expect("canonical bytes are JSON");
        let generic = to_jcs(&value).unwrap();
        prop_assert_eq!(String::from_utf8_lossy(&fast), String::from_utf8_lossy(&generic));
        // Stored bytes read back as the same envelope.
        let (back, quoted) = parse_envelope(std::str::from_utf8(&fast).unwrap()).unwrap();
        prop_assert_eq!(quoted, None);
        prop_assert_eq!(&back, &env);
        // And the export line is the JCS form of the envelope with its hash.
        let hash = event_hash(&fast);
        let mut with_hash = value;
        with_hash["hash"] = json!(to_hex(&hash));
        prop_assert_eq!(export_line(&fast, &hash), to_jcs(&with_hash).unwrap());
    }
}

/// tests/golden/signed_vectors.jsonl (tests/golden/make_signed_vectors.py: rfc8785, blake3
/// and PyCA `cryptography`, no jixiao): format-2 envelopes of a signed ledger. Each encodes
/// to its canonical bytes and hash, its statement is jixiao's, its signature verifies with the
/// signer's verifier key, and the chain of them verifies as an export with every signature
/// and role checked (`verify_export_of` with the ledger id); an event with another ledger id,
/// or with a clerk's signature on the budget cut, is named.
#[test]
fn signed_format_2_vectors_made_without_jixiao_verify() {
    use jixiao::event::statement::Statement;
    use jixiao::ledger::verify::{verify_export_of, Checks};
    let text = std::fs::read_to_string(repo_file("tests/golden/signed_vectors.jsonl")).unwrap();
    let mut export = String::new();
    for (i, l) in text.lines().enumerate() {
        let v: Value = serde_json::from_str(l).unwrap();
        let event = serde_json::to_string(&v["event"]).unwrap();
        let (env, _) = parse_envelope(&event).unwrap_or_else(|e| panic!("vector {i}: {e}"));
        let canonical = v["canonical"].as_str().unwrap().as_bytes();
        assert_eq!(env.canonical_bytes(), canonical, "vector {i}");
        assert_eq!(to_hex(&event_hash(canonical)), v["hash"].as_str().unwrap());
        let signed = env.signed.expect("signed");
        let statement = Statement::of(&env, signed.signed_at).bytes(v["ledger"].as_str().unwrap());
        assert_eq!(
            statement,
            v["statement"].as_str().unwrap().as_bytes(),
            "vector {i}"
        );
        let key = jixiao::trust::keys::VerifierKey::parse(v["key"].as_str().unwrap()).unwrap();
        let sig = ed25519_dalek::Signature::from_bytes(&signed.sig);
        key.verifying_key().verify_strict(&statement, &sig).unwrap();
        let mut with_hash = v["event"].clone();
        with_hash["hash"] = v["hash"].clone();
        export.push_str(std::str::from_utf8(&to_jcs(&with_hash).unwrap()).unwrap());
        export.push('\n');
    }
    let ok = verify_export_of(
        export.as_bytes(),
        &Checks::default(),
        Some("jx-golden-signed"),
    )
    .unwrap();
    assert_eq!((ok.events, ok.problem), (8, None));
    let other = verify_export_of(export.as_bytes(), &Checks::default(), Some("jx-other")).unwrap();
    let problem = other.problem.expect("another ledger id fails");
    assert!(
        problem.seq == 1 && problem.what.contains("signature-valid"),
        "{problem:?}"
    );
}
