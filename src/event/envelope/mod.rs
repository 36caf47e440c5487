//! The envelope around every event, its canonical bytes (what is stored and hashed), and
//! the parsing of import lines and stored/exported envelopes.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::value::RawValue;

mod bytes;
pub use bytes::{export_line, write_day, write_instant, write_u64};

use super::canonical::write_string;
use super::hash::{from_hex, hex_bytes, Hash32};
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
    /// The import line's idempotency key (`id`), if it had one: a re-run of the same line
    /// finds it and is skipped. Absent from the bytes when None, so events without a key
    /// hash as they always did.
    pub id: Option<String>,
    /// Format 2 (`"v":2`): the hash of the previous event of the same project (64 zeros for
    /// its first). None in a format-1 ledger, whose envelopes keep their bytes and hashes.
    pub project_prev: Option<Hash32>,
    /// The signer's `signed_at` and signature over the statement (`crate::event::statement`).
    pub signed: Option<Signed>,
}

/// A signature carried by an import line or an envelope: `signed_at` (the signer's clock,
/// RFC 3339 UTC with milliseconds) and `sig`, the Ed25519 signature (base64 in JSON) of the
/// statement bytes (`crate::event::statement::statement_bytes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signed {
    pub signed_at: DateTime<Utc>,
    pub sig: [u8; 64],
}

impl Signed {
    /// Reads `signed_at` (canonical form only) and `sig` (canonical base64 of 64 bytes).
    pub fn parse(signed_at: &str, sig: &str) -> Result<Signed, LineError> {
        let at = parse_instant(signed_at)
            .ok()
            .filter(|t| format_instant(*t) == signed_at)
            .ok_or_else(|| LineError {
                field: "signed_at".into(),
                message: format!(
                    "{signed_at:?} is not an instant in the form 2026-11-26T03:00:00.000Z (RFC 3339, UTC, milliseconds)"
                ),
            })?;
        let bytes = super::ed25519::from_b64(sig)
            .filter(|b| super::ed25519::b64(b) == sig)
            .and_then(|b| <[u8; 64]>::try_from(b).ok())
            .ok_or_else(|| LineError {
                field: "sig".into(),
                message: format!("{sig:?} is not a base64 Ed25519 signature (64 bytes)"),
            })?;
        Ok(Signed {
            signed_at: at,
            sig: bytes,
        })
    }

    /// The signature in base64, as JSON carries it.
    pub fn sig_b64(&self) -> String {
        super::ed25519::b64(&self.sig)
    }
}

/// Reads the optional signature members of a line: both or neither.
fn signed_of(signed_at: Option<&str>, sig: Option<&str>) -> Result<Option<Signed>, LineError> {
    match (signed_at, sig) {
        (None, None) => Ok(None),
        (Some(at), Some(sig)) => Signed::parse(at, sig).map(Some),
        (Some(_), None) => Err(LineError {
            field: "sig".into(),
            message: "signed_at without sig: a signed line carries both".into(),
        }),
        (None, Some(_)) => Err(LineError {
            field: "signed_at".into(),
            message: "sig without signed_at: a signed line carries both".into(),
        }),
    }
}

/// Reads the format-2 members: `v` (only 2) and `project_prev`, both or neither.
fn v2_of(v: Option<u64>, project_prev: Option<&str>) -> Result<Option<Hash32>, LineError> {
    let bad = |field: &str, message: String| LineError {
        field: field.into(),
        message,
    };
    match (v, project_prev) {
        (None, None) => Ok(None),
        (Some(2), Some(p)) => from_hex(p)
            .map(Some)
            .ok_or_else(|| bad("project_prev", format!("{p:?} is not valid"))),
        (Some(2), None) => Err(bad("project_prev", "missing in a format-2 envelope".into())),
        (Some(v), _) => Err(bad("v", format!("{v} is not a known envelope format (2)"))),
        (None, Some(_)) => Err(bad("v", "project_prev without \"v\":2".into())),
    }
}

impl Envelope {
    /// JCS bytes of the envelope without `hash`. Written by hand in key order because this
    /// is the hot path of every import; `tests/` proves it equals the generic JCS writer.
    pub fn canonical_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(512);
        self.write_canonical(&mut out);
        out
    }

    /// Appends the canonical bytes to `out` (no allocation beyond `out`'s growth).
    pub fn write_canonical(&self, out: &mut Vec<u8>) {
        self.write_canonical_with(out, None);
    }

    /// `write_canonical`, with the canonical bytes of `data` when they are already known
    /// (`data_bytes`: exactly what `self.data.write_data` writes; the import's parse workers
    /// write them, off the appending thread).
    pub fn write_canonical_with(&self, out: &mut Vec<u8>, data_bytes: Option<&[u8]>) {
        out.extend_from_slice(b"{\"actor\":");
        write_string(&self.actor, out);
        out.extend_from_slice(b",\"data\":");
        match data_bytes {
            Some(bytes) => out.extend_from_slice(bytes),
            None => self.data.write_data(out),
        }
        out.extend_from_slice(b",\"effective\":\"");
        write_day(self.effective, out);
        out.push(b'"');
        if let Some(id) = &self.id {
            out.extend_from_slice(b",\"id\":");
            write_string(id, out);
        }
        out.extend_from_slice(b",\"prev\":\"");
        out.extend_from_slice(&hex_bytes(&self.prev));
        out.extend_from_slice(b"\",\"project\":");
        write_string(self.project.as_str(), out);
        if let Some(p) = &self.project_prev {
            out.extend_from_slice(b",\"project_prev\":\"");
            out.extend_from_slice(&hex_bytes(p));
            out.push(b'"');
        }
        out.extend_from_slice(b",\"recorded_at\":\"");
        write_instant(self.recorded_at, out);
        out.extend_from_slice(b"\",\"seq\":");
        write_u64(self.seq, out);
        if let Some(signed) = &self.signed {
            out.extend_from_slice(b",\"sig\":\"");
            out.extend_from_slice(signed.sig_b64().as_bytes());
            out.extend_from_slice(b"\",\"signed_at\":\"");
            write_instant(signed.signed_at, out);
            out.push(b'"');
        }
        out.extend_from_slice(b",\"type\":\"");
        out.extend_from_slice(self.data.type_name().as_bytes());
        out.push(b'"');
        if self.project_prev.is_some() {
            out.extend_from_slice(b",\"v\":2");
        }
        out.push(b'}');
    }

    pub fn type_name(&self) -> &'static str {
        self.data.type_name()
    }
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
    /// An idempotency key: a line whose key its project already holds is skipped.
    pub id: Option<String>,
    /// A signature made before the line arrived (`signed_at`, `sig`), or by `--key`.
    pub signed: Option<Signed>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImport<'a> {
    #[serde(default)]
    actor: Option<String>,
    #[serde(borrow)]
    data: &'a RawValue,
    effective: Day,
    #[serde(default)]
    id: Option<String>,
    project: ProjectId,
    #[serde(default, borrow)]
    sig: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    signed_at: Option<Cow<'a, str>>,
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
}

impl ImportLine {
    pub fn parse(line: &str) -> Result<ImportLine, LineError> {
        check_shape(line)?;
        if let Some(mut f) = super::onepass::parse(line, super::onepass::Shape::Import) {
            if let Some(data) = f.take_data() {
                let signed = signed_of(f.signed_at.as_deref(), f.sig.as_deref())?;
                return Ok(ImportLine {
                    actor: f.actor.flatten(),
                    data,
                    effective: f.effective.expect("invariant: checked by onepass"),
                    project: f.project.expect("invariant: checked by onepass"),
                    id: f.id,
                    signed,
                });
            }
        }
        let raw: RawImport = parse_with_path(line)?;
        let data = EventData::parse(&raw.kind, raw.data.get())?;
        let signed = signed_of(raw.signed_at.as_deref(), raw.sig.as_deref())?;
        Ok(ImportLine {
            actor: raw.actor,
            data,
            effective: raw.effective,
            project: raw.project,
            id: raw.id,
            signed,
        })
    }
}

/// The only members whose value is a JSON array (`project.registered`'s `basis`).
pub const LIST_FIELDS: &[&str] = &["basis"];

/// Checks the shape of an input line before serde sees it, in one pass over the bytes:
/// no nesting deeper than `MAX_JSON_DEPTH` (serde_json skips a raw `data` value without
/// any depth limit), no array except as the value of a `LIST_FIELDS` member (serde's
/// derived structs would otherwise accept `[...]` as their fields by position), and no key
/// twice in one object, at any depth (`keys`; the field named is the repeated key's path).
pub fn check_shape(text: &str) -> Result<(), LineError> {
    let shape = |message: String| LineError {
        field: "line".into(),
        message,
    };
    let bytes = text.as_bytes();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    // The last string that ended, and whether a `:` followed it: the current member's key.
    let (mut string_start, mut last_string, mut key) = (0usize, (0usize, 0usize), None);
    let mut frames = super::keys::Frames::new(text);
    let mut i = 0;
    while i < bytes.len() {
        if in_string {
            if escaped {
                escaped = false;
                i += 1;
                continue;
            }
            // Jump over the string's plain bytes (most of a line) to its next quote or escape.
            let Some(k) = memchr::memchr2(b'"', b'\\', &bytes[i..]) else {
                break;
            };
            if bytes[i + k] == b'"' {
                in_string = false;
                last_string = (string_start, i + k);
            } else {
                escaped = true;
            }
            i += k + 1;
            continue;
        }
        let b = bytes[i];
        i += 1;
        match b {
            b'"' => {
                in_string = true;
                string_start = i;
                key = None;
            }
            b':' => {
                key = Some(last_string);
                frames.key(last_string)?;
            }
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
                frames.open(b == b'{', key);
                key = None;
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                frames.close();
            }
            b',' => {
                key = None;
                frames.next_element();
            }
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
    #[serde(default, borrow)]
    hash: Option<Cow<'a, str>>,
    #[serde(default)]
    id: Option<String>,
    #[serde(borrow)]
    prev: Cow<'a, str>,
    project: ProjectId,
    #[serde(default, borrow)]
    project_prev: Option<Cow<'a, str>>,
    #[serde(borrow)]
    recorded_at: Cow<'a, str>,
    seq: u64,
    #[serde(default, borrow)]
    sig: Option<Cow<'a, str>>,
    #[serde(default, borrow)]
    signed_at: Option<Cow<'a, str>>,
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(default)]
    v: Option<u64>,
}

/// A stored record or an export line, typed. The quoted hash, if any, is returned apart.
pub fn parse_envelope(text: &str) -> Result<(Envelope, Option<Hash32>), LineError> {
    if let Some(parsed) = parse_envelope_fast(text) {
        return Ok(parsed);
    }
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
    let project_prev = v2_of(raw.v, raw.project_prev.as_deref())?;
    let signed = signed_of(raw.signed_at.as_deref(), raw.sig.as_deref())?;
    let env = Envelope {
        seq: raw.seq,
        recorded_at,
        effective: raw.effective,
        actor: raw.actor,
        project: raw.project,
        data,
        prev,
        id: raw.id,
        project_prev,
        signed,
    };
    Ok((env, hash))
}

/// The one-pass read of a valid envelope; None sends the caller to the path naming the error.
fn parse_envelope_fast(text: &str) -> Option<(Envelope, Option<Hash32>)> {
    let mut f = super::onepass::parse(text, super::onepass::Shape::Stored)?;
    let data = f.take_data()?;
    let hash = match f.hash.flatten() {
        Some(h) => Some(from_hex(&h)?),
        None => None,
    };
    let env = Envelope {
        seq: f.seq?,
        recorded_at: parse_instant(f.recorded_at.as_deref()?).ok()?,
        effective: f.effective?,
        actor: f.actor.flatten()?,
        project: f.project?,
        data,
        prev: from_hex(f.prev.as_deref()?)?,
        id: f.id,
        project_prev: v2_of(f.v, f.project_prev.as_deref()).ok()?,
        signed: signed_of(f.signed_at.as_deref(), f.sig.as_deref()).ok()?,
    };
    Some((env, hash))
}

/// Parses without path tracking first; only input that fails is parsed again, with
/// `serde_path_to_error`, to name the offending field (same Deserialize, same verdict).
fn parse_with_path<'a, T: Deserialize<'a>>(text: &'a str) -> Result<T, LineError> {
    if let Ok(value) = serde_json::from_str(text) {
        return Ok(value);
    }
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
        E::ProjectWithdrawn(d) => out.push(("data.reason", d.reason.as_str())),
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
        E::GoalAssessed(d) => out.push(("data.achieved", d.achieved.as_str())),
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
        E::EvaluationClaimed(d) => [
            ("data.filled_by", &d.filled_by),
            ("data.phone", &d.phone),
            ("data.unit_head", &d.unit_head),
        ]
        .into_iter()
        .for_each(|(n, v)| opt(n, v, &mut out)),
        E::EventCorrected(d) => out.push(("data.reason", d.reason.as_str())),
        E::EventReversed(d) => out.push(("data.reason", d.reason.as_str())),
        E::ActorRegistered(d) => {
            out.extend([("data.id", d.id.as_str()), ("data.key", d.key.as_str())]);
            opt("data.department", &d.department, &mut out);
        }
        E::ActorRevoked(d) => out.extend([
            ("data.id", d.id.as_str()),
            ("data.reason", d.reason.as_str()),
        ]),
        E::LedgerConfigured(d) => out.push(("data.roles", d.roles.as_str())),
    }
    out
}
