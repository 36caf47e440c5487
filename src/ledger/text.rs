//! The rule on the characters of recorded text: no control character other than newline and
//! tab, in any string of an event (its data at every depth, a correction's replacement, the
//! actor and the project). A control character in recorded text can erase or rewrite what a
//! terminal shows around it, so it is refused when the event is judged, before anything is
//! written. Checked on the event's canonical bytes in one pass; only an event that fails is
//! parsed again, to name the field.

use serde_json::Value;

/// The rule's name, as rejections quote it.
pub const RULE: &str = super::rule_ids::TEXT_NO_CONTROL;

/// Whether `c` is refused in recorded text: Unicode's control characters (Cc: U+0000–U+001F,
/// U+007F–U+009F) except newline and tab.
pub fn is_refused(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// `Err((field, message))` for the first string of a canonical envelope that holds a refused
/// character. JCS writes U+0000–U+001F escaped (only `\n` and `\t` are allowed among those
/// escapes; `\u` is written for control characters only) and U+007F–U+009F as they are.
pub fn check_canonical(bytes: &[u8]) -> Result<(), (String, String)> {
    if !has_refused(bytes) {
        return Ok(());
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|e| ("line".into(), e.to_string()))?;
    match first_refused(&value, String::new()) {
        Some((field, text)) => Err((field, message(&text))),
        // Unreachable for canonical bytes; refuse rather than let it through.
        None => Err(("line".into(), message(&String::from_utf8_lossy(bytes)))),
    }
}

fn has_refused(bytes: &[u8]) -> bool {
    let mut i = 0;
    while let Some(k) = memchr::memchr3(b'\\', 0x7f, 0xc2, &bytes[i..]) {
        let at = i + k;
        match bytes[at] {
            b'\\' => match bytes.get(at + 1) {
                Some(b'n' | b't' | b'"' | b'\\' | b'/') => i = at + 2,
                _ => return true,
            },
            0x7f => return true,
            // 0xC2 only ever leads a two-byte sequence; 0x80–0x9F after it is U+0080–U+009F.
            _ if matches!(bytes.get(at + 1), Some(0x80..=0x9f)) => return true,
            _ => i = at + 1,
        }
    }
    false
}

/// The path (`data.purpose`, `data.basis[1]`) and text of the first string with a refused
/// character, in document order.
fn first_refused(value: &Value, path: String) -> Option<(String, String)> {
    let join = |key: &str| match path.is_empty() {
        true => key.to_string(),
        false => format!("{path}.{key}"),
    };
    match value {
        Value::String(s) if s.chars().any(is_refused) => Some((path, s.clone())),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            let inner = join(k);
            match k.chars().any(is_refused) {
                true => Some((inner, k.clone())),
                false => first_refused(v, inner),
            }
        }),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| first_refused(v, format!("{path}[{i}]"))),
        _ => None,
    }
}

/// Characters shown on either side of the first refused one.
const CONTEXT_CHARS: usize = 30;

/// Chinese first, then the rule, the character and the value escaped (clipped around it).
pub fn message(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = chars.iter().position(|&c| is_refused(c)).unwrap_or(0);
    let from = at.saturating_sub(CONTEXT_CHARS);
    let to = (at + CONTEXT_CHARS + 1).min(chars.len());
    let clip: String = chars[from..to].iter().collect();
    let (lead, tail) = (
        if from > 0 { "…" } else { "" },
        if to < chars.len() { "…" } else { "" },
    );
    format!(
        "文本含控制字符 U+{:04X}，只允许换行和制表符 (rule {RULE}: no control characters other than newline and tab): value {lead}{clip:?}{tail}",
        chars.get(at).map_or(0, |&c| c as u32)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_scan_agrees_with_the_characters() {
        for c in (0u32..0x300).filter_map(char::from_u32) {
            let value = serde_json::json!({"data": {"purpose": format!("a{c}b")}});
            let bytes = crate::event::canonical::to_jcs(&value).unwrap();
            let refused = check_canonical(&bytes).is_err();
            assert_eq!(refused, is_refused(c), "U+{:04X}", c as u32);
            if refused {
                let (field, message) = check_canonical(&bytes).unwrap_err();
                assert_eq!(field, "data.purpose");
                assert!(message.contains(RULE), "{message}");
            }
        }
    }

    #[test]
    fn the_field_is_named_at_any_depth_and_the_value_escaped() {
        let value = serde_json::json!({"data": {"basis": ["ok", "清\u{1b}[2K"]}});
        let bytes = crate::event::canonical::to_jcs(&value).unwrap();
        let (field, message) = check_canonical(&bytes).unwrap_err();
        assert_eq!(field, "data.basis[1]");
        assert!(message.contains("U+001B"), "{message}");
        assert!(message.contains(r#""清\u{1b}[2K""#), "{message}");
        assert!(!message.contains('\u{1b}'), "escaped: {message}");
    }
}
