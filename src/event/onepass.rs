//! One-pass parsing of import lines and stored envelopes. When `type` is known before `data`
//! is reached (import lines are usually written type first; a canonical envelope ends with
//! its type), `data` is parsed straight into its type instead of being scanned once as raw
//! JSON and again typed. Any failure gives None, and the caller takes the path that names
//! the offending field: this module decides nothing, it only saves work on valid input.

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, Visitor};
use serde_json::value::RawValue;

use super::EventData;
use crate::ids::ProjectId;
use crate::time::Day;

/// Which members a line may have: an import line's, or a stored envelope's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Import,
    Stored,
}

/// The members read; `data` typed, or raw when `type` came after it.
#[derive(Default)]
pub(crate) struct Fields<'a> {
    pub actor: Option<Option<String>>,
    pub data: Option<EventData>,
    pub raw_data: Option<&'a RawValue>,
    pub effective: Option<Day>,
    pub hash: Option<Option<Cow<'a, str>>>,
    pub id: Option<String>,
    pub prev: Option<Cow<'a, str>>,
    pub project: Option<ProjectId>,
    pub recorded_at: Option<Cow<'a, str>>,
    pub seq: Option<u64>,
    pub kind: Option<Cow<'a, str>>,
    pub project_prev: Option<Cow<'a, str>>,
    pub sig: Option<Cow<'a, str>>,
    pub signed_at: Option<Cow<'a, str>>,
    pub v: Option<u64>,
}

impl Fields<'_> {
    /// `data` typed, parsing the raw form now if it came before `type`.
    pub fn take_data(&mut self) -> Option<EventData> {
        if let Some(data) = self.data.take() {
            return Some(data);
        }
        EventData::parse(self.kind.as_deref()?, self.raw_data?.get()).ok()
    }
}

/// Reads every member once; None on anything unusual (the slow path will say what).
pub(crate) fn parse(text: &str, shape: Shape) -> Option<Fields<'_>> {
    let hint = match shape {
        Shape::Stored => canonical_type(text),
        Shape::Import => None,
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let fields = Seed { shape, hint }.deserialize(&mut de).ok()?;
    de.end().ok()?;
    let complete = fields.kind.is_some()
        && (fields.data.is_some() || fields.raw_data.is_some())
        && fields.effective.is_some()
        && fields.project.is_some()
        && (shape == Shape::Import
            || (fields.actor.as_ref().is_some_and(Option::is_some)
                && fields.prev.is_some()
                && fields.recorded_at.is_some()
                && fields.seq.is_some()));
    complete.then_some(fields)
}

/// The type of a canonical envelope, from its last member (`,"type":"…"}`, or before a
/// format-2 `,"v":2}`), if plain.
fn canonical_type(text: &str) -> Option<&str> {
    const MARKER: &[u8] = b",\"type\":\"";
    let rest = text
        .strip_suffix("\",\"v\":2}")
        .or_else(|| text.strip_suffix("\"}"))?;
    // Type names are short: look only at the tail, backwards, for the marker.
    let tail_from = rest.len().saturating_sub(64);
    let tail = &rest.as_bytes()[tail_from..];
    let at = tail.windows(MARKER.len()).rposition(|w| w == MARKER)? + tail_from;
    let name = rest.get(at + MARKER.len()..)?;
    (!name.contains(['"', '\\'])).then_some(name)
}

struct Seed<'h> {
    shape: Shape,
    hint: Option<&'h str>,
}

impl<'de: 'h, 'h> DeserializeSeed<'de> for Seed<'h> {
    type Value = Fields<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Fields<'de>, D::Error> {
        d.deserialize_map(self)
    }
}

/// `data` of a known type, parsed in place.
struct TypedData<'k>(&'k str);

impl<'de> DeserializeSeed<'de> for TypedData<'_> {
    type Value = EventData;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<EventData, D::Error> {
        EventData::deserialize_typed(self.0, d)
    }
}

fn set<T, E: serde::de::Error>(slot: &mut Option<T>, value: T, key: &str) -> Result<(), E> {
    if slot.is_some() {
        return Err(E::custom(format!("duplicate field `{key}`")));
    }
    *slot = Some(value);
    Ok(())
}

impl<'de: 'h, 'h> Visitor<'de> for Seed<'h> {
    type Value = Fields<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an event object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields<'de>, A::Error> {
        let mut f = Fields::default();
        let stored = self.shape == Shape::Stored;
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            match key.as_ref() {
                "type" => set(&mut f.kind, map.next_value::<Cow<'de, str>>()?, "type")?,
                "data" => {
                    let kind = f.kind.as_deref().or(self.hint);
                    match kind {
                        Some(k) => set(&mut f.data, map.next_value_seed(TypedData(k))?, "data")?,
                        None => set(&mut f.raw_data, map.next_value()?, "data")?,
                    }
                }
                "actor" if stored => set(&mut f.actor, Some(map.next_value()?), "actor")?,
                "actor" => set(&mut f.actor, map.next_value()?, "actor")?,
                "effective" => set(&mut f.effective, map.next_value()?, "effective")?,
                "project" => set(&mut f.project, map.next_value()?, "project")?,
                "id" => set(&mut f.id, map.next_value()?, "id")?,
                "hash" if stored => set(&mut f.hash, map.next_value()?, "hash")?,
                "prev" if stored => set(&mut f.prev, map.next_value()?, "prev")?,
                "recorded_at" if stored => {
                    set(&mut f.recorded_at, map.next_value()?, "recorded_at")?
                }
                "seq" if stored => set(&mut f.seq, map.next_value()?, "seq")?,
                "project_prev" if stored => {
                    set(&mut f.project_prev, map.next_value()?, "project_prev")?
                }
                "v" if stored => set(&mut f.v, map.next_value()?, "v")?,
                "sig" => set(&mut f.sig, map.next_value()?, "sig")?,
                "signed_at" => set(&mut f.signed_at, map.next_value()?, "signed_at")?,
                other => return Err(A::Error::custom(format!("unknown field `{other}`"))),
            }
        }
        // A type read off the end must be the type the object says.
        if f.data.is_some() && f.kind.as_deref() != self.hint.or(f.kind.as_deref()) {
            return Err(A::Error::custom(
                "type differs from the one data was read as",
            ));
        }
        Ok(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hint_from_the_end() {
        assert_eq!(
            canonical_type(r#"{"a":1,"type":"goal.set"}"#),
            Some("goal.set")
        );
        assert_eq!(canonical_type(r#"{"type":"goal.set","a":1}"#), None);
        assert_eq!(canonical_type(r#"{"a":1,"type":"go\"al"}"#), None);
    }

    #[test]
    fn type_after_data_still_parses() {
        let line = r#"{"data":{"id":"g1","text":"x"},"effective":"2023-01-01","project":"p","type":"goal.set"}"#;
        let mut f = parse(line, Shape::Import).unwrap();
        assert!(f.data.is_none() && f.raw_data.is_some());
        assert!(f.take_data().is_some());
        let dup = r#"{"type":"goal.set","type":"goal.set","data":{"id":"g1","text":"x"},"effective":"2023-01-01","project":"p"}"#;
        assert!(parse(dup, Shape::Import).is_none());
        let unknown = r#"{"type":"goal.set","data":{"id":"g1","text":"x"},"effective":"2023-01-01","project":"p","seq":1}"#;
        assert!(parse(unknown, Shape::Import).is_none());
    }
}
