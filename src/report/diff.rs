//! Where a JSON report differs from the one recomputed from events: each field that differs,
//! named by its JSON pointer (RFC 6901: `/money/spent`, `/findings/2/seqs`), with the value the
//! report quotes and the recomputed one, in key order (so the first is the first in JCS
//! order). Used by `verify-report` (every difference) and `verify-bundle` (the first). Pure.

use serde_json::Value;

use crate::i18n::{Lang, Msg};

/// Quoted values longer than this many characters are shown cut, with `…`.
pub const SHOWN_CHARS: usize = 80;

/// One difference between a quoted report and the recomputed one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDiff {
    /// The JSON pointer of the field (`""` for the whole report).
    pub pointer: String,
    pub kind: DiffKind,
}

/// What differs at a pointer; values as compact JSON, cut at `SHOWN_CHARS`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffKind {
    /// Both have the field, with other values (an array of another length counts whole).
    Differs { quoted: String, recomputed: String },
    /// Only the quoted report has the key.
    Unknown { quoted: String },
    /// Only the recomputed report has the key.
    Missing { recomputed: String },
}

impl FieldDiff {
    /// The difference as a message (`report-field-differs`, `report-key-unknown`,
    /// `report-key-missing`): the pointer, then the quoted and recomputed values.
    #[must_use]
    pub fn msg(&self) -> Msg {
        let pointer = self.pointer.as_str();
        match &self.kind {
            DiffKind::Differs { quoted, recomputed } => Msg::new("report-field-differs")
                .arg("pointer", pointer)
                .arg("quoted", quoted)
                .arg("recomputed", recomputed),
            DiffKind::Unknown { quoted } => Msg::new("report-key-unknown")
                .arg("pointer", pointer)
                .arg("quoted", quoted),
            DiffKind::Missing { recomputed } => Msg::new("report-key-missing")
                .arg("pointer", pointer)
                .arg("recomputed", recomputed),
        }
    }

    /// The message in Chinese, then in English (`… — …`), as `verify-report` lists them.
    #[must_use]
    pub fn both_languages(&self) -> String {
        let m = self.msg();
        format!("{} — {}", m.render(Lang::Zh), m.render(Lang::English))
    }
}

/// Every difference between `quoted` and `recomputed`, objects compared key by key in key
/// order, arrays of one length element by element.
#[must_use]
pub fn differences(quoted: &Value, recomputed: &Value) -> Vec<FieldDiff> {
    let mut out = Vec::new();
    walk("", quoted, recomputed, &mut out);
    out
}

/// An object key as a pointer segment (RFC 6901: `~` → `~0`, `/` → `~1`).
fn segment(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn walk(pointer: &str, a: &Value, b: &Value, out: &mut Vec<FieldDiff>) {
    let diff = |kind| FieldDiff {
        pointer: pointer.to_string(),
        kind,
    };
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                let at = format!("{pointer}/{}", segment(k));
                let kind = match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => {
                        walk(&at, p, q, out);
                        continue;
                    }
                    (Some(p), None) => DiffKind::Unknown { quoted: short(p) },
                    (None, q) => DiffKind::Missing {
                        recomputed: q.map(short).unwrap_or_default(),
                    },
                };
                out.push(FieldDiff { pointer: at, kind });
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                walk(&format!("{pointer}/{i}"), p, q, out);
            }
        }
        _ if a != b => out.push(diff(DiffKind::Differs {
            quoted: short(a),
            recomputed: short(b),
        })),
        _ => {}
    }
}

/// A value as compact JSON, cut at `SHOWN_CHARS` characters.
fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > SHOWN_CHARS {
        format!("{}…", s.chars().take(SHOWN_CHARS).collect::<String>())
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Table: two reports in, the differences out (pointer, quoted, recomputed).
    #[test]
    fn differences_are_named_by_pointer_in_key_order() {
        let base = json!({"money": {"spent": "1.00", "budget": "2.00"}, "a/b": {"~": 1},
                          "findings": [{"seqs": [1, 2]}], "integrity": {"digest": "d"}});
        type Edit = fn(&mut Value);
        type Want = Vec<(&'static str, &'static str, &'static str)>;
        let cases: [(&str, Edit, Want); 6] = [
            ("equal", |_| {}, vec![]),
            (
                "a figure",
                |v| v["money"]["spent"] = json!("9.00"),
                vec![("/money/spent", "\"9.00\"", "\"1.00\"")],
            ),
            (
                "two figures, key order",
                |v| {
                    v["money"]["spent"] = json!("9.00");
                    v["money"]["budget"] = json!("8.00");
                },
                vec![
                    ("/money/budget", "\"8.00\"", "\"2.00\""),
                    ("/money/spent", "\"9.00\"", "\"1.00\""),
                ],
            ),
            (
                "inside an array, escaped keys",
                |v| {
                    v["findings"][0]["seqs"][1] = json!(3);
                    v["a/b"]["~"] = json!(2);
                },
                vec![("/a~1b/~0", "2", "1"), ("/findings/0/seqs/1", "3", "2")],
            ),
            (
                "an array of another length counts whole",
                |v| v["findings"][0]["seqs"] = json!([1]),
                vec![("/findings/0/seqs", "[1]", "[1,2]")],
            ),
            (
                "a key added and one removed",
                |v| {
                    let m = v["money"].as_object_mut().unwrap();
                    m.remove("budget");
                    m.insert("extra".into(), json!(true));
                },
                vec![
                    ("/money/budget", "", "\"2.00\""),
                    ("/money/extra", "true", ""),
                ],
            ),
        ];
        for (name, edit, want) in cases {
            let mut quoted = base.clone();
            edit(&mut quoted);
            let got: Vec<(String, String, String)> = differences(&quoted, &base)
                .into_iter()
                .map(|d| match d.kind {
                    DiffKind::Differs { quoted, recomputed } => (d.pointer, quoted, recomputed),
                    DiffKind::Unknown { quoted } => (d.pointer, quoted, String::new()),
                    DiffKind::Missing { recomputed } => (d.pointer, String::new(), recomputed),
                })
                .collect();
            let want: Vec<(String, String, String)> = want
                .into_iter()
                .map(|(p, q, r)| (p.into(), q.into(), r.into()))
                .collect();
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn a_difference_reads_chinese_first_then_english() {
        let d = FieldDiff {
            pointer: "/money/spent".into(),
            kind: DiffKind::Differs {
                quoted: "\"9.00\"".into(),
                recomputed: "\"1.00\"".into(),
            },
        };
        assert_eq!(
            d.both_languages(),
            "字段 /money/spent：报告中为 \"9.00\"，重算为 \"1.00\" — /money/spent: the report says \"9.00\", recomputed \"1.00\""
        );
    }
}
