//! The scanner against the generic JCS writer: it accepts every canonical encoding, and
//! whatever it accepts re-encodes to itself.

use proptest::prelude::*;
use serde_json::Value;

use super::*;
use crate::event::canonical::to_jcs;

/// The scanner's claim, checked the slow way: parse, re-encode, compare.
fn truly_canonical(bytes: &[u8]) -> bool {
    serde_json::from_slice::<Value>(bytes)
        .ok()
        .and_then(|v| to_jcs(&v).ok())
        .is_some_and(|jcs| jcs == bytes)
}

#[test]
fn the_golden_vectors_are_canonical_envelopes() {
    let text = include_str!("../../../tests/golden/vectors.jsonl");
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let canonical = v["canonical"].as_str().unwrap().as_bytes();
        let top = envelope(canonical).expect("a canonical envelope");
        let event = &v["event"];
        assert_eq!(top.seq, event["seq"].as_u64().unwrap());
        assert_eq!(top.prev, event["prev"].as_str().unwrap());
        assert_eq!(top.project, event["project"].as_str().unwrap());
        assert_eq!(top.effective, event["effective"].as_str().unwrap());
        assert_eq!(top.kind, event["type"].as_str().unwrap());
    }
}

#[test]
fn near_misses_are_refused() {
    for bad in [
        &br#"{"a":1,"a":2}"#[..],
        br#"{"b":1,"a":2}"#,
        br#"{"a": 1}"#,
        br#"{"a":"\u0041"}"#,
        br#"{"a":"\/"}"#,
        br#"{"a":"\u0008"}"#,
        br#"{"a":"\u001F"}"#,
        b"{\"a\":\"\x01\"}",
        br#"{"a":1.0}"#,
        br#"{"a":-0}"#,
        br#"{"a":01}"#,
        br#"{"a":1e3}"#,
        br#"{"a":9007199254740992}"#,
        br#"{"a":tru}"#,
        br#"{"a":1}x"#,
        br#"{"a":1"#,
        b"{\"a\":\"\xff\"}",
    ] {
        assert!(!is_canonical(bad), "{}", String::from_utf8_lossy(bad));
        assert!(!truly_canonical(bad), "{bad:?}");
    }
    assert!(is_canonical(
        br#"{"a":"\u001f\b\"\\","b":[true,false,null,-3,0]}"#
    ));
    let deep = "[".repeat(40) + &"]".repeat(40);
    assert!(!is_canonical(deep.as_bytes()), "nesting is bounded");
}

#[test]
fn an_envelope_needs_plain_members() {
    let ok = br#"{"effective":"2023-01-01","prev":"00","project":"p","seq":1,"type":"t"}"#;
    assert!(envelope(ok).is_some());
    let escaped = br#"{"effective":"2023-01-01","prev":"00","project":"p\"","seq":1,"type":"t"}"#;
    assert!(envelope(escaped).is_none());
    let no_seq = br#"{"effective":"2023-01-01","prev":"00","project":"p","type":"t"}"#;
    assert!(envelope(no_seq).is_none());
    let negative = br#"{"effective":"2023-01-01","prev":"00","project":"p","seq":-1,"type":"t"}"#;
    assert!(envelope(negative).is_none());
}

fn json_value() -> impl Strategy<Value = Value> {
    let text = prop_oneof![
        "[a-z]{0,6}",
        "\\PC{0,8}",
        proptest::collection::vec(0u32..0x30, 0..6)
            .prop_map(|cs| cs.into_iter().filter_map(char::from_u32).collect()),
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-(1i64 << 53) + 1..(1i64 << 53)).prop_map(Value::from),
        text.clone().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 40, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            proptest::collection::btree_map("[a-z_]{1,8}", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #[test]
    fn every_jcs_encoding_is_accepted(v in json_value()) {
        let jcs = to_jcs(&v).unwrap();
        prop_assert!(is_canonical(&jcs), "{}", String::from_utf8_lossy(&jcs));
    }

    /// Mutations of canonical bytes: whatever the scanner still accepts must really be
    /// canonical (it may refuse more, never accept more).
    #[test]
    fn accepted_means_canonical(v in json_value(), at in any::<prop::sample::Index>(),
                                byte in prop_oneof![Just(b' '), Just(b'\\'), Just(b'"'),
                                    Just(b'0'), Just(b'.'), Just(b'u'), Just(b'-'), any::<u8>()],
                                insert in any::<bool>()) {
        let mut bytes = to_jcs(&v).unwrap();
        let i = at.index(bytes.len() + 1);
        if insert || i == bytes.len() {
            bytes.insert(i.min(bytes.len()), byte);
        } else {
            bytes[i] = byte;
        }
        if is_canonical(&bytes) {
            prop_assert!(truly_canonical(&bytes), "{}", String::from_utf8_lossy(&bytes));
        }
    }
}
