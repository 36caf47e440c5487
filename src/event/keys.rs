//! Duplicate keys in input JSON, found during `check_shape`'s one pass over a line: JSON
//! leaves a repeated key's meaning to the reader (serde keeps the last for a map or a raw
//! value, refuses it for a struct; other readers keep the first), so an import line or a
//! correction that names a key twice, at any depth, is refused before it is typed.
//!
//! `strict_json` does the same for whole documents (the report verifier) by building the
//! value; import lines are checked here instead, inside the one byte pass `check_shape`
//! already makes, so a bulk import pays no second parse.

use super::LineError;
use crate::limits::MAX_JSON_DEPTH;

/// One open object or array: the member that holds it, its element count, and where its
/// keys start in `Frames::keys`.
#[derive(Clone, Copy, Default)]
struct Frame {
    member: Option<(usize, usize)>,
    index: usize,
    object: bool,
    keys_from: usize,
}

/// The open containers of a line and the keys of every open object, as byte ranges of the
/// line (the raw key, between its quotes), each with its text when it has escapes (None:
/// the raw bytes are the key).
pub(super) struct Frames<'t> {
    text: &'t str,
    frames: [Frame; MAX_JSON_DEPTH + 1],
    depth: usize,
    keys: Vec<(usize, usize, Option<String>)>,
}

impl<'t> Frames<'t> {
    pub(super) fn new(text: &'t str) -> Frames<'t> {
        Frames {
            text,
            frames: [Frame::default(); MAX_JSON_DEPTH + 1],
            depth: 0,
            keys: Vec::new(),
        }
    }

    /// A `{` or `[` opened as the value of `member` (None in an array or at the top).
    /// The caller has checked the depth against `MAX_JSON_DEPTH`.
    pub(super) fn open(&mut self, object: bool, member: Option<(usize, usize)>) {
        self.depth = (self.depth + 1).min(MAX_JSON_DEPTH);
        self.frames[self.depth] = Frame {
            member,
            index: 0,
            object,
            keys_from: self.keys.len(),
        };
    }

    pub(super) fn close(&mut self) {
        let from = self.frames[self.depth].keys_from;
        self.keys.truncate(from);
        self.depth = self.depth.saturating_sub(1);
    }

    /// A `,` at this level: the next element of an array.
    pub(super) fn next_element(&mut self) {
        self.frames[self.depth].index += 1;
    }

    /// A key of the innermost object; Err if that object already has it.
    pub(super) fn key(&mut self, key: (usize, usize)) -> Result<(), LineError> {
        let frame = self.frames[self.depth];
        if !frame.object {
            return Ok(());
        }
        // Each key is unescaped once, when it is met; most have no escape at all.
        let this = self.unescaped(key);
        let text = self.text;
        let repeated = self.keys[frame.keys_from..]
            .iter()
            .any(|(from, to, escaped)| escaped.as_deref().unwrap_or(&text[*from..*to]) == this);
        if repeated {
            return Err(self.duplicate(&this));
        }
        let escaped = match this {
            std::borrow::Cow::Owned(text) => Some(text),
            std::borrow::Cow::Borrowed(_) => None,
        };
        self.keys.push((key.0, key.1, escaped));
        Ok(())
    }

    fn unescaped(&self, (from, to): (usize, usize)) -> std::borrow::Cow<'t, str> {
        let raw = &self.text[from..to];
        if !raw.contains('\\') {
            return raw.into();
        }
        // The quotes around the key are in the line; a bad escape is left to serde to name.
        serde_json::from_str::<String>(&self.text[from - 1..to + 1]).map_or(raw.into(), Into::into)
    }

    /// The path of the repeated key (`data.replacement.data.amount`, `data.basis[1].x`).
    fn duplicate(&self, key: &str) -> LineError {
        let mut path = String::new();
        for frame in &self.frames[1..=self.depth] {
            if let Some(member) = frame.member {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(&self.unescaped(member));
            }
            if !frame.object {
                path.push_str(&format!("[{}]", frame.index));
            }
        }
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
        LineError {
            field: path.clone(),
            message: format!(
                "重复的键 {key:?}：同一对象中一个键只能出现一次 (rule no-duplicate-keys: key {path:?} appears twice in one JSON object; readers disagree on which one counts)"
            ),
        }
    }
}
