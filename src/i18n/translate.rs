//! English library text read back into messages: the library's errors print themselves in
//! English (their `Display`, and serde's wording inside them), and the command line shows
//! them in the users' language. Each English message of `main.ftl` and `rules.ftl` is also a
//! template: text that matches it (`amount "abc" is negative; …`) becomes that message with
//! the parts it captured as arguments, rendered again in any language. Text no template
//! matches is shown as it is (`raw`).
//!
//! A match is kept only when the message it gives renders back to the very same English, so a
//! value that happens to contain a template's words cannot be misread. An argument named
//! `message`, `why` or `what` is itself translated (a rule's message inside "line 3: field data.amount: …").

use std::sync::OnceLock;

use fluent_syntax::ast::{Entry, Expression, InlineExpression, PatternElement};

use super::{Arg, Lang, Msg, SOURCES};

/// A piece of an English template: literal text, or a named argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Seg {
    Lit(String),
    Var(&'static str),
}

#[derive(Debug)]
pub(super) struct Template {
    pub(super) key: &'static str,
    pub(super) segs: Vec<Seg>,
}

/// The English sources whose messages are templates: library errors and serde (`main`), and
/// the business rules (`rules`). Help texts and command-line wording are never read back.
fn template_sources() -> [&'static str; 2] {
    let english = SOURCES[1].1;
    [english[0], english[2]]
}

fn templates() -> &'static [Template] {
    static CELL: OnceLock<Vec<Template>> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut all: Vec<Template> = template_sources()
            .into_iter()
            .flat_map(parse_templates)
            .filter(|t| {
                t.segs
                    .iter()
                    .any(|s| matches!(s, Seg::Lit(l) if l.trim().len() > 1))
            })
            .collect();
        // The most specific first: "rule X: …" must not be read as the shorter "field X: …".
        all.sort_by_key(|t| std::cmp::Reverse(literal_len(t)));
        all
    })
}

pub(super) fn literal_len(t: &Template) -> usize {
    t.segs
        .iter()
        .map(|s| match s {
            Seg::Lit(l) => l.len(),
            Seg::Var(_) => 0,
        })
        .sum()
}

pub(super) fn parse_templates(source: &'static str) -> Vec<Template> {
    let resource = match fluent_syntax::parser::parse(source) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    resource
        .body
        .into_iter()
        .filter_map(|entry| match entry {
            Entry::Message(m) => {
                let pattern = m.value?;
                let mut segs: Vec<Seg> = Vec::new();
                for element in pattern.elements {
                    let seg = match element {
                        PatternElement::TextElement { value } => Seg::Lit(value.to_string()),
                        PatternElement::Placeable {
                            expression: Expression::Inline(inline),
                        } => match inline {
                            InlineExpression::VariableReference { id } => Seg::Var(id.name),
                            InlineExpression::StringLiteral { value } => {
                                Seg::Lit(value.to_string())
                            }
                            _ => return None,
                        },
                        PatternElement::Placeable { .. } => return None,
                    };
                    match (segs.last_mut(), seg) {
                        (Some(Seg::Lit(prev)), Seg::Lit(next)) => prev.push_str(&next),
                        (_, seg) => segs.push(seg),
                    }
                }
                Some(Template {
                    key: m.id.name,
                    segs,
                })
            }
            _ => None,
        })
        .collect()
}

/// Arguments that are library text themselves, translated in turn.
const NESTED: &[&str] = &["message", "why", "what"];

/// English library text as a message: the first template it matches exactly, else `raw`.
#[must_use]
pub fn from_english(text: &str) -> Msg {
    enrich(read(text))
}

/// The message whose English is exactly `text` (nested arguments read in turn), before any
/// argument is named in the users' words; `raw` when no template reads it.
fn read(text: &str) -> Msg {
    for t in templates() {
        let mut captured = Vec::new();
        if !matches(&t.segs, text, &mut captured) {
            continue;
        }
        let msg = captured
            .into_iter()
            .fold(Msg::new(t.key), |m, (name, value)| match name {
                _ if NESTED.contains(&name) => m.arg_msg(name, read(&value)),
                _ => m.arg(name, value),
            });
        if msg.render(Lang::English) == text {
            return msg;
        }
    }
    Msg::raw(text)
}

/// Matches `text` against `segs`, trying every place a literal could start after an
/// argument (backtracking), and collects what each argument covered.
pub(super) fn matches(segs: &[Seg], text: &str, out: &mut Vec<(&'static str, String)>) -> bool {
    match segs.split_first() {
        None => text.is_empty(),
        Some((Seg::Lit(l), rest)) => text
            .strip_prefix(l.as_str())
            .is_some_and(|after| matches(rest, after, out)),
        Some((Seg::Var(name), [])) => {
            out.push((name, text.to_string()));
            !text.is_empty()
        }
        Some((Seg::Var(name), rest)) => {
            let Some(Seg::Lit(next)) = rest.first() else {
                return false;
            };
            let mut from = text.chars().next().map_or(1, char::len_utf8);
            while let Some(at) = text.get(from..).and_then(|t| t.find(next.as_str())) {
                let end = from + at;
                let mark = out.len();
                out.push((name, text[..end].to_string()));
                if matches(rest, &text[end..], out) {
                    return true;
                }
                out.truncate(mark);
                from = end + text[end..].chars().next().map_or(1, char::len_utf8);
            }
            false
        }
    }
}

/// Arguments that name an event type (`funds.disbursed`): shown by its label in Chinese.
const TYPE_ARGS: &[&str] = &["type", "given", "kind"];

/// Arguments that are amounts as the rules write them (`4.35万元 (43,500.00元)`): shown with
/// full-width brackets in Chinese.
const AMOUNT_ARGS: &[&str] = &["amount", "spent", "arrived", "over", "budget"];

/// Identifiers in the users' words: a rule's name beside its id (`违反规则「凭证号在项目内唯一」
/// （voucher-unique）`, `rule voucher-unique (a voucher number is recorded once per project)`),
/// an event type's label in Chinese, an amount in the echo's style. English text keeps the
/// library's identifiers; only the rule gains its name.
fn name_identifiers(mut msg: Msg) -> Msg {
    for (name, value) in &mut msg.args {
        let Arg::Text(text) = value else { continue };
        let named = match name {
            _ if TYPE_ARGS.contains(name) => super::names::type_in_text(text),
            _ if AMOUNT_ARGS.contains(name) => super::names::amount_words_from_english(text),
            _ => None,
        };
        if let Some(m) = named {
            *value = Arg::Msg(m);
        }
    }
    let rule = msg.text_arg("rule").and_then(super::names::rule_name);
    match (msg.key, rule) {
        ("rule-violation", Some(rule)) => {
            let mut named = Msg::new("rule-violation-named");
            named.args = msg.args;
            named.arg_msg("name", rule)
        }
        _ => msg,
    }
}

/// Arguments a Chinese text needs beyond what the English captured: serde's names of JSON
/// kinds (`integer`, `map`, `a string`) in Chinese; identifiers named (`name_identifiers`).
fn enrich(mut msg: Msg) -> Msg {
    for (_, value) in &mut msg.args {
        if let Arg::Msg(nested) = value {
            *nested = enrich(std::mem::replace(nested, Msg::new(super::RAW)));
        }
    }
    let msg = name_identifiers(msg);
    let kinds = ["found", "expected"];
    let extra: Vec<(&'static str, String)> = msg
        .args
        .iter()
        .filter_map(|(name, value)| match (kinds.contains(name), value) {
            (true, Arg::Text(t)) => Some((zh_name(name), json_kind_zh(t))),
            _ => None,
        })
        .collect();
    extra
        .into_iter()
        .fold(msg, |m, (name, value)| m.arg(name, value))
}

fn zh_name(name: &str) -> &'static str {
    match name {
        "found" => "found_zh",
        _ => "expected_zh",
    }
}

/// serde's description of a JSON value or of what a field wants, in Chinese words.
fn json_kind_zh(text: &str) -> String {
    const WORDS: &[(&str, &str)] = &[
        ("a borrowed string", "字符串"),
        ("a string", "字符串"),
        ("string", "字符串"),
        ("integer", "整数"),
        ("floating point", "小数"),
        ("boolean", "布尔值"),
        ("map", "对象"),
        ("sequence", "数组"),
        ("a sequence", "数组"),
        ("unit value", "空值"),
        ("null", "空值 null"),
        ("u64", "非负整数"),
        ("u32", "非负整数"),
        ("struct ", "对象 "),
        ("adjacently tagged enum EventData", "事件 {type, data}"),
        ("unit variant", "取值"),
    ];
    for (en, zh) in WORDS {
        if text == *en {
            return (*zh).to_string();
        }
        if let Some(rest) = text.strip_prefix(en) {
            if rest.starts_with(' ') || en.ends_with(' ') {
                return format!("{zh}{rest}");
            }
        }
    }
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_parses_and_has_text() {
        assert!(templates().len() > 10, "{}", templates().len());
    }

    /// Table: English text in, the message key and its Chinese out.
    #[test]
    fn english_library_text_reads_back_as_messages() {
        let cases: &[(&str, &str, &str)] = &[
            (
                "unknown variant `部分`, expected one of `达成`, `部分达成`, `未达成`",
                "serde-unknown-variant",
                "「部分」不是可用的取值",
            ),
            ("missing field `purpose`", "serde-missing-field", "缺少字段 purpose"),
            (
                "invalid type: integer `5`, expected a string",
                "serde-invalid-type",
                "应为字符串",
            ),
            (
                "amount \"abc\" is not a number of 元 (expected e.g. 3410000, 3,410,000.00, 341万, 1.08万元)",
                "amount-garbage",
                "金额 \"abc\" 不是",
            ),
            (
                "line 3: field data.amount: amount \"-5\" is negative; amounts are recorded as positive figures",
                "rejected-line",
                "第 3 行",
            ),
            ("no template has these words", "raw", "no template has these words"),
        ];
        for (english, key, zh) in cases {
            let m = from_english(english);
            assert_eq!(m.key, *key, "{english}");
            assert_eq!(m.render(Lang::English), *english);
            let chinese = m.render(Lang::Zh);
            assert!(chinese.contains(zh), "{chinese}");
        }
    }

    #[test]
    fn a_value_containing_template_words_is_not_misread() {
        let text = "missing field `a` missing field `b`";
        let m = from_english(text);
        assert_eq!(m.render(Lang::English), text);
    }

    /// Every template reads back as itself: filled with sample values, rendered in English,
    /// and read again, it gives the same message (no template shadows another).
    #[test]
    fn every_template_reads_back_as_itself() {
        for t in templates() {
            let msg = t
                .segs
                .iter()
                .enumerate()
                .fold(Msg::new(t.key), |m, (i, s)| match s {
                    Seg::Var(name) => m.arg(name, format!("v{i}")),
                    Seg::Lit(_) => m,
                });
            let english = msg.render(Lang::English);
            assert_eq!(from_english(&english).key, t.key, "{english}");
        }
    }

    /// The library's own errors, one per variant, and serde's words on real event data: each
    /// reads back as a message (not `raw`) whose English is the error's text.
    #[test]
    fn library_errors_read_back_as_messages() {
        use crate::event::EventData;
        use crate::ids::{check_id, ItemId, ProjectId};
        use crate::ledger::LogError;
        use crate::money::Yuan;
        use crate::number::Num;
        use crate::time::{parse_date, parse_instant};
        use crate::value::{Comparator, ValueError};
        let mut texts: Vec<String> = Vec::new();
        for bad in ["", "abc", "-5", "1.001", &"1".repeat(41), "2万亿"] {
            texts.push(Yuan::parse(bad).unwrap_err().to_string());
        }
        texts.push(Yuan::parse_positive("0").unwrap_err().to_string());
        for bad in ["2023-02-30", "1999-01-01"] {
            texts.push(parse_date(bad).unwrap_err().to_string());
        }
        texts.push(parse_instant("yesterday").unwrap_err().to_string());
        texts.push(ProjectId::new("").unwrap_err().to_string());
        texts.push(ItemId::new("a b").unwrap_err().to_string());
        texts.push(ItemId::new(&"x".repeat(65)).unwrap_err().to_string());
        texts.push(check_id("actor", "\u{7}", 10).unwrap_err().to_string());
        texts.push(Num::parse("x").unwrap_err().to_string());
        let input = "≥x".to_string();
        for e in [
            ValueError::Empty {
                input: input.clone(),
            },
            ValueError::TooLong {
                input: input.clone(),
            },
            ValueError::MissingNumber {
                input: input.clone(),
            },
            ValueError::SignedNumber {
                input: input.clone(),
            },
            ValueError::MalformedNumber {
                input: input.clone(),
            },
            ValueError::TooManyDigits {
                input: input.clone(),
            },
            ValueError::InvalidDate {
                input: input.clone(),
            },
            ValueError::NotADate {
                input: input.clone(),
            },
            ValueError::ComparatorMismatch {
                input: input.clone(),
                given: Comparator::Ge,
                found: Comparator::Le,
            },
            ValueError::ConflictingBounds {
                input,
                prefix: Comparator::Ge,
                suffix: Comparator::Le,
            },
        ] {
            texts.push(e.to_string());
        }
        for (kind, data) in [
            ("indicator.assessed", r#"{"id":"q","tier":"部分"}"#),
            ("funds.disbursed", r#"{"amount":"1"}"#),
            (
                "funds.disbursed",
                r#"{"amount":"1","purpose":"p","colour":"red"}"#,
            ),
            (
                "project.registered",
                r#"{"name":"n","department":"d","year":"2024"}"#,
            ),
            ("goal.set", r#"{"id":"g","text":"t""#),
            ("budget.allocated", r#"{"amount":"abc"}"#),
            ("budget.allocated", r#"{"amount":"1","fund":"x"}"#),
        ] {
            let e = EventData::parse(kind, data).unwrap_err();
            texts.push(e.to_string());
        }
        texts.push(
            EventData::parse("funds.spent", "{}")
                .unwrap_err()
                .to_string(),
        );
        let path = std::path::PathBuf::from("/media/ledger");
        let head = crate::ledger::Head {
            seq: 3,
            hash: [7; 32],
        };
        for e in [
            LogError::ReadOnly(path.clone()),
            LogError::Unverified {
                path,
                seq: 28,
                what: "line 28 is not UTF-8".into(),
            },
            LogError::Conflict {
                expected_head: None,
                found_head: Some(head),
            },
        ] {
            texts.push(e.to_string());
        }
        for text in &texts {
            let m = from_english(text);
            assert_ne!(m.key, super::super::RAW, "no template reads {text:?}");
            assert_eq!(&m.render(Lang::English), text);
            assert_ne!(&m.render(Lang::Zh), text, "{text}");
        }
    }
}
