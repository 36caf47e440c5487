//! The envelope around every event, its canonical bytes (what is stored and hashed), and
//! the parsing of import lines and stored/exported envelopes.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::canonical::write_string;
use super::hash::{from_hex, to_hex, Hash32};
use super::{DataError, EventData};
use crate::ids::ProjectId;
use crate::limits::MAX_JSON_DEPTH;
use crate::time::{format_instant, parse_instant, Day};

/// One stored event. `hash` is not a field: it is derived from the canonical bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct Envelope {
    pub seq: u64,
    pub recorded_at: DateTime<Utc>,
    pub effective: Day,
    pub actor: String,
    pub project: ProjectId,
    pub data: EventData,
    pub prev: Hash32,
}

impl Envelope {
    /// JCS bytes of the envelope without `hash`. Written by hand in key order because this
    /// is the hot path of every import; `tests/` proves it equals the generic JCS writer.
    pub fn canonical_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(320);
        out.extend_from_slice(b"{\"actor\":");
        write_string(&self.actor, &mut out);
        out.extend_from_slice(b",\"data\":");
        self.data.write_data(&mut out);
        out.extend_from_slice(b",\"effective\":\"");
        out.extend_from_slice(self.effective.to_string().as_bytes());
        out.extend_from_slice(b"\",\"prev\":\"");
        out.extend_from_slice(to_hex(&self.prev).as_bytes());
        out.extend_from_slice(b"\",\"project\":");
        write_string(self.project.as_str(), &mut out);
        out.extend_from_slice(b",\"recorded_at\":\"");
        out.extend_from_slice(format_instant(self.recorded_at).as_bytes());
        out.extend_from_slice(b"\",\"seq\":");
        out.extend_from_slice(self.seq.to_string().as_bytes());
        out.extend_from_slice(b",\"type\":\"");
        out.extend_from_slice(self.data.type_name().as_bytes());
        out.extend_from_slice(b"\"}");
        out
    }

    pub fn type_name(&self) -> &'static str {
        self.data.type_name()
    }
}

/// The export line: the canonical envelope with `"hash"` in its JCS place (after
/// `effective`, before `prev`). The last `,"prev":"` is the envelope's own: `data` comes
/// earlier, and the members after it hold no objects.
pub fn export_line(canonical: &[u8], hash: &Hash32) -> Vec<u8> {
    let marker = b",\"prev\":\"";
    let at = canonical
        .windows(marker.len())
        .rposition(|w| w == marker)
        .expect("invariant: canonical envelope has a prev member");
    let mut out = Vec::with_capacity(canonical.len() + 76);
    out.extend_from_slice(&canonical[..at]);
    out.extend_from_slice(b",\"hash\":\"");
    out.extend_from_slice(to_hex(hash).as_bytes());
    out.push(b'"');
    out.extend_from_slice(&canonical[at..]);
    out
}

/// Why a line (import or export) or a stored record could not be read, with the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("field {field}: {message}")]
pub struct LineError {
    pub field: String,
    pub message: String,
}

impl From<DataError> for LineError {
    fn from(e: DataError) -> LineError {
        LineError {
            field: e.path,
            message: e.message,
        }
    }
}

/// An input line for `jixiao import`: the ledger adds seq, recorded_at, prev and hash.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportLine {
    pub actor: Option<String>,
    pub data: EventData,
    pub effective: Day,
    pub project: ProjectId,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImport<'a> {
    #[serde(default)]
    actor: Option<String>,
    #[serde(borrow)]
    data: &'a RawValue,
    effective: Day,
    project: ProjectId,
    #[serde(rename = "type")]
    kind: String,
}

impl ImportLine {
    pub fn parse(line: &str) -> Result<ImportLine, LineError> {
        check_shape(line)?;
        let raw: RawImport = parse_with_path(line)?;
        let data = EventData::parse(&raw.kind, raw.data.get())?;
        Ok(ImportLine {
            actor: raw.actor,
            data,
            effective: raw.effective,
            project: raw.project,
        })
    }
}

/// The only members whose value is a JSON array (`project.registered`'s `basis`).
pub const LIST_FIELDS: &[&str] = &["basis"];

/// Checks the shape of an input line before serde sees it, in one pass over the bytes:
/// no nesting deeper than `MAX_JSON_DEPTH` (serde_json skips a raw `data` value without
/// any depth limit), and no array except as the value of a `LIST_FIELDS` member (serde's
/// derived structs would otherwise accept `[...]` as their fields by position).
pub fn check_shape(text: &str) -> Result<(), LineError> {
    let shape = |message: String| LineError {
        field: "line".into(),
        message,
    };
    let bytes = text.as_bytes();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    // The last string that ended, and whether a `:` followed it: the current member's key.
    let (mut string_start, mut last_string, mut key) = (0usize, (0usize, 0usize), None);
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => {
                    in_string = false;
                    last_string = (string_start, i);
                }
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => {
                in_string = true;
                string_start = i + 1;
                key = None;
            }
            b':' => key = Some(last_string),
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_JSON_DEPTH {
                    return Err(shape(format!(
                        "JSON nests deeper than {MAX_JSON_DEPTH} levels (MAX_JSON_DEPTH)"
                    )));
                }
                let member = key.map(|(from, to)| &text[from..to]);
                if b == b'[' && !member.is_some_and(|m| LIST_FIELDS.contains(&m)) {
                    return Err(shape(format!(
                        "a JSON array{} where an object or a value is expected (arrays only for {})",
                        member.map(|m| format!(" as {m:?}")).unwrap_or_default(),
                        LIST_FIELDS.join(", ")
                    )));
                }
                key = None;
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            b',' => key = None,
            _ => {}
        }
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStored<'a> {
    actor: String,
    #[serde(borrow)]
    data: &'a RawValue,
    effective: Day,
    #[serde(default)]
    hash: Option<String>,
    prev: String,
    project: ProjectId,
    recorded_at: String,
    seq: u64,
    #[serde(rename = "type")]
    kind: String,
}

/// A stored record or an export line, typed. The quoted hash, if any, is returned apart.
pub fn parse_envelope(text: &str) -> Result<(Envelope, Option<Hash32>), LineError> {
    let raw: RawStored = parse_with_path(text)?;
    let bad = |field: &str, value: &str| LineError {
        field: field.into(),
        message: format!("{value:?} is not valid"),
    };
    let prev = from_hex(&raw.prev).ok_or_else(|| bad("prev", &raw.prev))?;
    let recorded_at =
        parse_instant(&raw.recorded_at).map_err(|_| bad("recorded_at", &raw.recorded_at))?;
    let hash = match &raw.hash {
        Some(h) => Some(from_hex(h).ok_or_else(|| bad("hash", h))?),
        None => None,
    };
    let data = EventData::parse(&raw.kind, raw.data.get())?;
    let env = Envelope {
        seq: raw.seq,
        recorded_at,
        effective: raw.effective,
        actor: raw.actor,
        project: raw.project,
        data,
        prev,
    };
    Ok((env, hash))
}

fn parse_with_path<'a, T: Deserialize<'a>>(text: &'a str) -> Result<T, LineError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." || path == "?" {
            "line".to_string()
        } else {
            path
        };
        LineError {
            field,
            message: trim_position(&e.into_inner().to_string()),
        }
    })?;
    de.end().map_err(|e| LineError {
        field: "line".into(),
        message: trim_position(&e.to_string()),
    })?;
    Ok(value)
}

fn trim_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Every free-text field of an event, named, so limits can be enforced uniformly.
fn opt<'a>(name: &'static str, v: &'a Option<String>, out: &mut Vec<(&'static str, &'a str)>) {
    if let Some(s) = v {
        out.push((name, s.as_str()));
    }
}

pub(crate) fn texts_of(data: &EventData) -> Vec<(&'static str, &str)> {
    use EventData as E;
    let mut out: Vec<(&'static str, &str)> = Vec::new();
    match data {
        E::ProjectRegistered(d) => {
            out.extend([
                ("data.name", d.name.as_str()),
                ("data.department", d.department.as_str()),
            ]);
            for (name, v) in [
                ("data.unit", &d.unit),
                ("data.competent_department", &d.competent_department),
                ("data.fund_nature", &d.fund_nature),
                ("data.contents", &d.contents),
            ] {
                opt(name, v, &mut out);
            }
            for b in d.basis.iter().flatten() {
                out.push(("data.basis", b.as_str()));
            }
        }
        E::BudgetAllocated(d) => [("data.doc", &d.doc), ("data.source", &d.source)]
            .into_iter()
            .for_each(|(n, v)| opt(n, v, &mut out)),
        E::BudgetAdjusted(d) => {
            out.push(("data.reason", d.reason.as_str()));
            [("data.authority", &d.authority), ("data.doc", &d.doc)]
                .into_iter()
                .for_each(|(n, v)| opt(n, v, &mut out));
        }
        E::FundsArrived(d) => [("data.doc", &d.doc), ("data.source", &d.source)]
            .into_iter()
            .for_each(|(n, v)| opt(n, v, &mut out)),
        E::FundsDisbursed(d) => {
            out.push(("data.purpose", d.purpose.as_str()));
            [
                ("data.category", &d.category),
                ("data.payee", &d.payee),
                ("data.voucher", &d.voucher),
            ]
            .into_iter()
            .for_each(|(n, v)| opt(n, v, &mut out));
        }
        E::GoalSet(d) => out.push(("data.text", d.text.as_str())),
        E::GoalAdjusted(d) => out.extend([
            ("data.text", d.text.as_str()),
            ("data.reason", d.reason.as_str()),
        ]),
        E::GoalWithdrawn(d) => out.push(("data.reason", d.reason.as_str())),
        E::IndicatorDefined(d) => {
            out.extend([
                ("data.level1", d.level1.as_str()),
                ("data.level2", d.level2.as_str()),
                ("data.name", d.name.as_str()),
                ("data.target", d.target.as_str()),
            ]);
            opt("data.unit", &d.unit, &mut out);
        }
        E::IndicatorTargetAdjusted(d) => out.extend([
            ("data.target", d.target.as_str()),
            ("data.reason", d.reason.as_str()),
        ]),
        E::IndicatorMeasured(d) => {
            out.push(("data.actual", d.actual.as_str()));
            opt("data.note", &d.note, &mut out);
        }
        E::IndicatorAssessed(d) => opt("data.deviation", &d.deviation, &mut out),
        E::NarrativeRecorded(d) => out.extend([
            ("data.section", d.section.as_str()),
            ("data.text", d.text.as_str()),
        ]),
        E::ScoringConfigured(d) => opt("data.policy", &d.policy, &mut out),
        E::EvaluationClaimed(_) => {}
        E::EventCorrected(d) => out.push(("data.reason", d.reason.as_str())),
        E::EventReversed(d) => out.push(("data.reason", d.reason.as_str())),
    }
    out
}
