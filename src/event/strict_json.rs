//! Strict JSON: parsing that refuses a key given twice in one object, at any depth, and names
//! the key and its path. Plain serde_json keeps the last of two equal keys while other readers
//! keep the first, so a file with a duplicate can show two readers two different figures; a
//! file jixiao accepts or verifies must mean one thing. Pure: no IO.
//!
//! Used by `verify-report` (the JSON report and the integrity marker); callers that parse
//! other JSON (import lines, correction data) can call [`check_unique_keys`] on the same text
//! before, or instead of, their own typed parse.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

/// Why strict parsing refused a text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StrictJsonError {
    /// `key` appears twice in the object at `path`'s parent; `path` names the member
    /// (`integrity.ledger_id`, `money.allocations[0].amount`); line and column (1-based)
    /// point at the second occurrence.
    #[error("重复的键 {key:?}（位置 {path}，第 {line} 行第 {column} 列）：同一对象中的键只能出现一次 — duplicate key {key:?} at {path} (line {line}, column {column}): a key may appear only once in an object, or two readers could see two different values")]
    DuplicateKey {
        key: String,
        path: String,
        line: usize,
        column: usize,
    },
    /// Not JSON at all (or trailing text, or nesting past serde_json's limit of 128).
    #[error("不是有效的 JSON — not valid JSON: {0}")]
    Syntax(String),
}

/// Parses `text` as one JSON value, refusing a duplicated key in any object at any depth.
/// Numbers are read as serde_json reads them (u64, i64 or f64).
pub fn parse(text: &str) -> Result<Value, StrictJsonError> {
    run(text, true)
}

/// Checks that no object in `text` (one JSON value) repeats a key, without keeping the value.
pub fn check_unique_keys(text: &str) -> Result<(), StrictJsonError> {
    run(text, false).map(drop)
}

fn run(text: &str, keep: bool) -> Result<Value, StrictJsonError> {
    let found = RefCell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    let node = Node {
        at: &Path::Root,
        keep,
        found: &found,
    };
    let result = node.deserialize(&mut de).and_then(|v| de.end().map(|()| v));
    result.map_err(|e| match found.take() {
        Some((key, path)) => StrictJsonError::DuplicateKey {
            key,
            path,
            line: e.line(),
            column: e.column(),
        },
        None => StrictJsonError::Syntax(e.to_string()),
    })
}

/// Where a value sits, as a chain of parents; rendered only for an error.
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Key(Path::Root, key) if plain(key) => f.write_str(key),
            Path::Key(parent, key) if plain(key) => write!(f, "{parent}.{key}"),
            Path::Key(parent, key) => write!(f, "{parent}[{}]", Value::from(*key)),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

/// Keys written bare in a path; others are quoted (`narrative["a.b"]`).
fn plain(key: &str) -> bool {
    !key.is_empty()
        && !key.chars().any(|c| {
            matches!(c, '.' | '[' | ']' | '"' | '\\') || c.is_whitespace() || c.is_control()
        })
}

/// One value being read: where it is, whether to keep it, and where a duplicate is reported.
struct Node<'p, 'f> {
    at: &'p Path<'p>,
    keep: bool,
    found: &'f RefCell<Option<(String, String)>>,
}

impl<'de> DeserializeSeed<'de> for Node<'_, '_> {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(if self.keep {
            Value::from(v)
        } else {
            Value::Null
        })
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(if self.keep {
            Value::String(v)
        } else {
            Value::Null
        })
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        for i in 0.. {
            let at = Path::Index(self.at, i);
            let Some(item) = seq.next_element_seed(Node { at: &at, ..self })? else {
                break;
            };
            if self.keep {
                items.push(item);
            }
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let (mut object, mut seen) = (Map::new(), BTreeSet::new());
        while let Some(key) = map.next_key::<String>()? {
            let at = Path::Key(self.at, &key);
            let repeated = match self.keep {
                true => object.contains_key(&key),
                false => seen.contains(&key),
            };
            if repeated {
                *self.found.borrow_mut() = Some((key.clone(), at.to_string()));
                return Err(de::Error::custom(format!("duplicate key {key:?}")));
            }
            let value = map.next_value_seed(Node { at: &at, ..self })?;
            match self.keep {
                true => drop(object.insert(key, value)),
                false => drop(seen.insert(key)),
            }
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (input, the duplicated key and its path) — None when the text is accepted.
    const CASES: &[(&str, Option<(&str, &str)>)] = &[
        (r#"{"a":1,"b":2}"#, None),
        (r#"{"a":{"b":1},"c":{"b":2}}"#, None),
        (r#"[{"a":1},{"a":2}]"#, None),
        (
            r#"{"total_score":"59","total_score":"100"}"#,
            Some(("total_score", "total_score")),
        ),
        (
            r#"{"integrity":{"ledger_id":"a","ledger_id":"b"}}"#,
            Some(("ledger_id", "integrity.ledger_id")),
        ),
        (
            r#"{"m":{"xs":[{"k":1},{"k":1,"k":2}]}}"#,
            Some(("k", "m.xs[1].k")),
        ),
        (
            r#"{"narrative":{"a.b":"x","a.b":"y"}}"#,
            Some(("a.b", r#"narrative["a.b"]"#)),
        ),
        // Equal after unescaping is equal: `\u0061` is `a`.
        (r#"{"a":1,"\u0061":2}"#, Some(("a", "a"))),
    ];

    #[test]
    fn duplicate_keys_are_refused_at_any_depth_naming_key_and_path() {
        for (text, expected) in CASES {
            let got = parse(text);
            let checked = check_unique_keys(text);
            match expected {
                None => {
                    let plain: Value = serde_json::from_str(text).unwrap();
                    assert_eq!(got, Ok(plain), "{text}");
                    assert_eq!(checked, Ok(()), "{text}");
                }
                Some((key, path)) => {
                    let Err(StrictJsonError::DuplicateKey {
                        key: k,
                        path: p,
                        line,
                        ..
                    }) = got
                    else {
                        panic!("{text}: {got:?}");
                    };
                    assert_eq!((k.as_str(), p.as_str(), line), (*key, *path, 1), "{text}");
                    assert_eq!(
                        checked.map_err(|e| e.to_string()),
                        Err(parse(text).unwrap_err().to_string())
                    );
                }
            }
        }
    }

    #[test]
    fn syntax_errors_and_trailing_text_are_refused() {
        for text in [
            "",
            "{",
            r#"{"a":1} x"#,
            r#"{"a":1}{"a":2}"#,
            &"[".repeat(200),
        ] {
            assert!(
                matches!(parse(text), Err(StrictJsonError::Syntax(_))),
                "{text}"
            );
        }
    }

    #[test]
    fn the_message_names_key_path_and_position_chinese_first() {
        let e = parse("{\n \"grade\": \"差\",\n \"grade\": \"优\"\n}").unwrap_err();
        let m = e.to_string();
        assert!(m.starts_with("重复的键 \"grade\""), "{m}");
        assert!(m.contains("at grade (line 3"), "{m}");
    }
}
