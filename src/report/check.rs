//! Building a report from the ledger and checking a report file against it: the file's own
//! digest, the ledger's hash at the quoted head, and a full recomputation.

use serde_json::Value;

use super::integrity::{digest_of, Integrity, GENERATOR};
use super::model::{build, Params, Report};
use super::paper::Record;
use super::{render, seal, Format};
use crate::event::hash::to_hex;
use crate::ledger::{Ledger, ReadError};
use crate::projection::{project_events, View};
use crate::time::{format_date, parse_date, KnownAt};

/// Builds and seals the report of `project` under `view`, at `head_seq` (default: the head).
pub fn from_ledger(
    ledger: &Ledger,
    project: &str,
    view: &View,
    head_seq: Option<u64>,
) -> Result<Option<Report>, CheckError> {
    let head = ledger.head().map_or(0, |h| h.seq);
    let head_seq = head_seq.unwrap_or(head);
    if head_seq > head || (head_seq == 0 && head > 0) {
        return Err(CheckError::Mismatch(vec![format!(
            "integrity.head_seq: {head_seq} is not an event of this ledger (head is {head})"
        )]));
    }
    let head_hash = ledger
        .get(head_seq)?
        .map(|s| to_hex(&s.hash))
        .unwrap_or_else(|| to_hex(&crate::event::ZERO_HASH));
    let events = project_events(ledger, project, view)?;
    let integrity = Integrity {
        ledger_id: ledger.ledger_id().to_string(),
        head_seq,
        head_hash,
        as_of: view.as_of.map(format_date),
        known_at: view.known_at.map(KnownAt::render),
        policy: String::new(),
        policy_params: crate::scoring::Policy::new(&Default::default()),
        generator: GENERATOR.to_string(),
        digest: String::new(),
    };
    let params = Params {
        project: project.to_string(),
        view: *view,
        head_seq,
    };
    Ok(build(&params, &events, integrity).map(seal))
}

#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    #[error("{0}")]
    Unreadable(String),
    #[error("the report does not match the ledger:\n  {}", .0.join("\n  "))]
    Mismatch(Vec<String>),
    #[error(transparent)]
    Read(#[from] ReadError),
}

/// What a report file says about where it came from.
struct Quoted {
    project: String,
    head_seq: u64,
    head_hash: String,
    as_of: Option<String>,
    known_at: Option<String>,
    digest: String,
    format: Format,
}

/// A report file that matched the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub digest: String,
    pub project: String,
    pub head_seq: u64,
}

/// Checks a report file (JSON, or Markdown/HTML with the integrity marker) against the ledger.
pub fn verify_report(ledger: &Ledger, text: &str) -> Result<Verified, CheckError> {
    let (quoted, json) = read_quoted(text)?;
    let mut problems = Vec::new();
    if let Some(value) = &json {
        let recomputed = digest_of(value).map_err(CheckError::Unreadable)?;
        if recomputed != quoted.digest {
            problems.push(format!("integrity.digest: the file's content hashes to {recomputed}, not the quoted {} (the file was edited)", quoted.digest));
        }
    }
    let view = view_of(quoted.as_of.as_deref(), quoted.known_at.as_deref())?;
    let report =
        from_ledger(ledger, &quoted.project, &view, Some(quoted.head_seq))?.ok_or_else(|| {
            CheckError::Mismatch(vec![format!(
                "project {} is not in the ledger",
                quoted.project
            )])
        })?;
    if report.integrity.head_hash != quoted.head_hash {
        problems.push(format!("integrity.head_hash: the ledger's seq {} has hash {}, the report quotes {} (history no longer matches)", quoted.head_seq, report.integrity.head_hash, quoted.head_hash));
    }
    match &json {
        Some(value) => diff_values(
            "",
            value,
            &serde_json::to_value(&report).expect("invariant: report serializes"),
            &mut problems,
        ),
        None => diff_lines(text, &render(&report, quoted.format), &mut problems),
    }
    if problems.is_empty() {
        Ok(Verified {
            digest: report.integrity.digest,
            project: quoted.project,
            head_seq: quoted.head_seq,
        })
    } else {
        Err(CheckError::Mismatch(problems))
    }
}

/// The view a report quotes (`as_of`, `known_at` as the integrity block writes them).
fn view_of(as_of: Option<&str>, known_at: Option<&str>) -> Result<View, CheckError> {
    Ok(View {
        as_of: as_of
            .map(parse_date)
            .transpose()
            .map_err(|e| CheckError::Unreadable(e.to_string()))?,
        known_at: known_at
            .map(KnownAt::parse)
            .transpose()
            .map_err(|e| CheckError::Unreadable(e.to_string()))?,
    })
}

/// Rebuilds the report a PDF or docx integrity record quotes, with what the record gets
/// wrong about it (digest, head hash, ledger id).
pub fn rebuild(ledger: &Ledger, record: &Record) -> Result<(Report, Vec<String>), CheckError> {
    let view = view_of(record.as_of.as_deref(), record.known_at.as_deref())?;
    let report =
        from_ledger(ledger, &record.project, &view, Some(record.head_seq))?.ok_or_else(|| {
            CheckError::Mismatch(vec![format!(
                "project {} is not in the ledger",
                record.project
            )])
        })?;
    let i = &report.integrity;
    let mut problems = Vec::new();
    if i.ledger_id != record.ledger_id {
        problems.push(format!(
            "integrity.ledger_id: the file quotes ledger {}, this is ledger {} (another ledger)",
            record.ledger_id, i.ledger_id
        ));
    }
    if i.head_hash != record.head_hash {
        problems.push(format!("integrity.head_hash: the ledger's seq {} has hash {}, the report quotes {} (history no longer matches)", record.head_seq, i.head_hash, record.head_hash));
    }
    if i.digest != record.digest {
        problems.push(format!(
            "integrity.digest: the ledger gives digest {}, the file quotes {} (the figures differ)",
            i.digest, record.digest
        ));
    }
    Ok((report, problems))
}

fn read_quoted(text: &str) -> Result<(Quoted, Option<Value>), CheckError> {
    let unreadable = |m: &str| CheckError::Unreadable(m.to_string());
    let (value, format) = match serde_json::from_str::<Value>(text) {
        Ok(v) => (
            v.get("integrity")
                .cloned()
                .ok_or_else(|| unreadable("the JSON has no integrity block"))?,
            Format::Json,
        ),
        Err(_) => {
            let start = text.find("<!-- jixiao-integrity ").ok_or_else(|| {
                unreadable("no jixiao-integrity marker found: not a jixiao report")
            })? + "<!-- jixiao-integrity ".len();
            let end = text[start..]
                .find(" -->")
                .ok_or_else(|| unreadable("the integrity marker is cut off"))?
                + start;
            let v: Value = serde_json::from_str(&text[start..end])
                .map_err(|e| CheckError::Unreadable(format!("integrity marker: {e}")))?;
            let format = if text.trim_start().starts_with("<!doctype html") {
                Format::Html
            } else {
                Format::Markdown
            };
            (v, format)
        }
    };
    let s = |k: &str| value.get(k).and_then(Value::as_str).map(str::to_string);
    let project = match format {
        Format::Json => serde_json::from_str::<Value>(text).ok().and_then(|v| {
            v.pointer("/project/id")
                .and_then(Value::as_str)
                .map(str::to_string)
        }),
        _ => s("project"),
    };
    let quoted = Quoted {
        project: project.ok_or_else(|| unreadable("the report names no project"))?,
        head_seq: value
            .get("head_seq")
            .and_then(Value::as_u64)
            .ok_or_else(|| unreadable("integrity.head_seq is missing"))?,
        head_hash: s("head_hash").ok_or_else(|| unreadable("integrity.head_hash is missing"))?,
        as_of: s("as_of"),
        known_at: s("known_at"),
        digest: s("digest").ok_or_else(|| unreadable("integrity.digest is missing"))?,
        format,
    };
    let json = (format == Format::Json)
        .then(|| serde_json::from_str(text).expect("invariant: parsed above"));
    Ok((quoted, json))
}

/// Paths where two JSON values differ, with both values.
fn diff_values(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                let null = Value::Null;
                diff_values(
                    &format!("{path}.{k}"),
                    x.get(k).unwrap_or(&null),
                    y.get(k).unwrap_or(&null),
                    out,
                );
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                diff_values(&format!("{path}[{i}]"), p, q, out);
            }
        }
        _ if a != b => out.push(format!(
            "{}: the file says {}, the ledger gives {}",
            path.trim_start_matches('.'),
            short(a),
            short(b)
        )),
        _ => {}
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(80).collect::<String>())
    } else {
        s
    }
}

fn diff_lines(file: &str, expected: &str, out: &mut Vec<String>) {
    for (n, (a, b)) in file.lines().zip(expected.lines()).enumerate() {
        if a != b {
            out.push(format!(
                "line {}: the file says {:?}, the ledger gives {:?}",
                n + 1,
                clip(a),
                clip(b)
            ));
            if out.len() >= 10 {
                return;
            }
        }
    }
    if file.lines().count() != expected.lines().count() {
        out.push(format!(
            "the file has {} lines, the recomputed report {}",
            file.lines().count(),
            expected.lines().count()
        ));
    }
}

fn clip(s: &str) -> String {
    s.chars().take(60).collect()
}
