//! RFC 8785 (JCS) canonical JSON for the subset events use: objects, arrays, strings,
//! integers below 2^53, booleans and null. Floats are refused rather than canonicalised,
//! because an event never carries one.

use serde_json::Value;

/// Integers in events must survive every JSON implementation (IEEE double).
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CanonicalError {
    #[error("number {0} is not an integer below 2^53; decimals must be strings")]
    Number(String),
}

/// The JCS bytes of a JSON value.
pub fn to_jcs(value: &Value) -> Result<Vec<u8>, CanonicalError> {
    let mut out = Vec::with_capacity(256);
    write_value(value, &mut out)?;
    Ok(out)
}

fn write_value(value: &Value, out: &mut Vec<u8>) -> Result<(), CanonicalError> {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Number(n) => write_number(n, out)?,
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_value(item, out)?;
            }
            out.push(b']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            // JCS orders keys by their UTF-16 code units, which differs from UTF-8 byte order
            // only above the BMP; sorting by UTF-16 keeps us exact either way.
            keys.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
            out.push(b'{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_string(key, out);
                out.push(b':');
                write_value(&map[key], out)?;
            }
            out.push(b'}');
        }
    }
    Ok(())
}

fn write_number(n: &serde_json::Number, out: &mut Vec<u8>) -> Result<(), CanonicalError> {
    let text = if let Some(u) = n.as_u64().filter(|u| *u <= MAX_SAFE_INTEGER) {
        u.to_string()
    } else if let Some(i) = n.as_i64().filter(|i| i.unsigned_abs() <= MAX_SAFE_INTEGER) {
        i.to_string()
    } else {
        return Err(CanonicalError::Number(n.to_string()));
    };
    out.extend_from_slice(text.as_bytes());
    Ok(())
}

/// JCS string escaping (ECMAScript JSON.stringify): only `"`, `\` and control characters,
/// the short forms where they exist, lowercase `\u00xx` otherwise.
pub fn write_string(s: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    for c in s.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\u{8}' => out.extend_from_slice(b"\\b"),
            '\u{c}' => out.extend_from_slice(b"\\f"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            c if (c as u32) < 0x20 => {
                out.extend_from_slice(format!("\\u{:04x}", c as u32).as_bytes())
            }
            c => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_and_escapes() {
        let v: Value =
            serde_json::from_str(r#"{"b":1,"a":"x\u0001\n\"é","c":[true,null]}"#).unwrap();
        assert_eq!(
            String::from_utf8(to_jcs(&v).unwrap()).unwrap(),
            "{\"a\":\"x\\u0001\\n\\\"é\",\"b\":1,\"c\":[true,null]}"
        );
    }

    #[test]
    fn utf16_key_order() {
        // U+FF61 sorts after U+1F600 in UTF-8 but before it in UTF-16.
        let v: Value = serde_json::from_str("{\"\u{1F600}\":1,\"\u{FF61}\":2}").unwrap();
        let s = String::from_utf8(to_jcs(&v).unwrap()).unwrap();
        assert!(s.find('\u{1F600}').unwrap() < s.find('\u{FF61}').unwrap());
    }

    #[test]
    fn floats_refused() {
        let v: Value = serde_json::from_str(r#"{"a":1.5}"#).unwrap();
        assert!(to_jcs(&v).is_err());
    }
}
