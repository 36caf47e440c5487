//! Building a sealed report from a `Source` of events (the ledger implements it, in
//! `ledger/views.rs`) and checking a report file against it: the file's own digest, the
//! ledger's hash at the quoted head, and a full recomputation. Files are read strictly: a key
//! given twice anywhere, a key the recomputed report does not have, a marker that is not the
//! one jixiao writes, or any byte of a Markdown/HTML file that differs from the recomputed
//! rendering is a failure naming what is wrong. No storage is named here.

use serde_json::Value;

use super::integrity::{digest_of, Audience, Integrity};
use super::markdown::{MARKER_KEYS, MARKER_START};
use super::model::{build, Params, Report};
use super::paper::Record;
use super::{render, seal, Format};
use crate::event::hash::to_hex;
use crate::event::strict_json::{self, StrictJsonError};
use crate::event::{Hash32, Stored, LEDGER_STREAM};
use crate::projection::View;
use crate::time::{parse_date, KnownAt};

/// Why a source could not be read (the ledger's `ReadError`, boxed so the report does not
/// name storage); shown as it is.
pub type SourceError = Box<dyn std::error::Error + Send + Sync>;

/// What a report is built from and checked against: a ledger's id, head and events. The
/// ledger implements it (`ledger/views.rs`); tests may hold events in memory.
pub trait Source {
    /// The ledger id every report quotes.
    fn ledger_id(&self) -> &str;
    /// False for a source that holds no ledger id of its own (an export file: its id is
    /// made up from its first event), which then takes the id a checked report quotes.
    fn ledger_id_known(&self) -> bool {
        true
    }
    /// The head's seq; 0 for an empty ledger.
    fn head_seq(&self) -> u64;
    /// The stored hash of event `seq`; None if there is none.
    fn hash_at(&self, seq: u64) -> Result<Option<Hash32>, SourceError>;
    /// The project's events the view can see, ascending by seq (more may be given: the
    /// builder applies the view and the head again). `_ledger` gives the ledger-level stream
    /// (actors, revocations, settings), read whole.
    fn events_in(&self, project: &str, view: &View) -> Result<Vec<Stored>, SourceError>;
}

/// Builds and seals the audit report of `project` under `view`, at `head_seq` (default: the
/// head); `from_source_for` chooses the audience.
pub fn from_source(
    source: &dyn Source,
    project: &str,
    view: &View,
    head_seq: Option<u64>,
) -> Result<Option<Report>, CheckError> {
    from_source_for(source, project, view, head_seq, Audience::Audit)
}

/// Builds and seals the report of `project` for `audience` under `view`, at `head_seq`
/// (default: the head): reads the head's hash, the project's events and the `_ledger`
/// stream's (the actors its signatures are judged against) from `source`, then builds
/// (`model::build`, pure) and seals. None if the project is not registered in the view.
pub fn from_source_for(
    source: &dyn Source,
    project: &str,
    view: &View,
    head_seq: Option<u64>,
    audience: Audience,
) -> Result<Option<Report>, CheckError> {
    let head = source.head_seq();
    let head_seq = head_seq.unwrap_or(head);
    if head_seq > head || (head_seq == 0 && head > 0) {
        return Err(CheckError::Mismatch(vec![format!(
            "integrity.head_seq: {head_seq} is not an event of this ledger (head is {head})"
        )]));
    }
    let head_hash = source
        .hash_at(head_seq)
        .map_err(CheckError::Source)?
        .map(|h| to_hex(&h))
        .unwrap_or_else(|| to_hex(&crate::event::ZERO_HASH));
    let events = source
        .events_in(project, view)
        .map_err(CheckError::Source)?;
    let mut ledger_events = source
        .events_in(LEDGER_STREAM, &View::default())
        .map_err(CheckError::Source)?;
    ledger_events.retain(|s| s.env.seq <= head_seq);
    let integrity = Integrity::unsealed(
        source.ledger_id().to_string(),
        audience,
        (head_seq, head_hash),
        view,
    );
    let params = Params {
        project: project.to_string(),
        view: *view,
        head_seq,
    };
    Ok(build(&params, &events, &ledger_events, integrity).map(seal))
}

/// Why a report file was not verified.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// Not a report jixiao can read (exit 2): no marker, not JSON, a quoted field missing.
    #[error("{0}")]
    Unreadable(String),
    /// Not as jixiao writes a report (exit 1): a duplicated key, an unknown key in the
    /// integrity marker, more than one marker.
    #[error("报告文件不是 jixiao 写出的样子 — the report file is not as jixiao writes it: {0}")]
    Malformed(String),
    /// The file differs from the report the ledger gives (exit 1), one line per difference.
    #[error("报告与账本不符 — the report does not match the ledger:\n  {}", .0.join("\n  "))]
    Mismatch(Vec<String>),
    /// The source could not be read (a damaged ledger: exit 1).
    #[error(transparent)]
    Source(SourceError),
}

/// What a report file says about where it came from.
struct Quoted {
    project: String,
    head_seq: u64,
    head_hash: String,
    as_of: Option<String>,
    known_at: Option<String>,
    digest: String,
    audience: Audience,
    format: Format,
    ledger_id: Option<String>,
}

/// A report file that matched the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub digest: String,
    pub project: String,
    pub head_seq: u64,
}

/// Checks a report file of any format against the ledger (`source`): an xlsx workbook (by its zip
/// signature) through `xlsx_check`, else text (JSON, Markdown, HTML) through `verify_report`.
pub fn verify_report_file(source: &dyn Source, bytes: &[u8]) -> Result<Verified, CheckError> {
    verify_report_file_with(source, bytes, &mut || {
        Err(
            "核验 PDF 须有中文字体 — verifying a PDF needs its font (verify_report_file_with)"
                .into(),
        )
    })
}

/// `verify_report_file`, with PDF (by `%PDF-`) and docx (a zip holding word/document.xml)
/// too; `face` gives the font a PDF is rendered again in, asked for only for a PDF.
pub fn verify_report_file_with(
    source: &dyn Source,
    bytes: &[u8],
    face: &mut dyn FnMut() -> Result<super::pdf::font::Face, String>,
) -> Result<Verified, CheckError> {
    if bytes.starts_with(b"%PDF-") {
        return super::pdf::verify::verify(source, bytes, face);
    }
    if super::docx::read::is_docx(bytes) {
        return super::docx::verify::verify(source, bytes);
    }
    if super::xlsx_check::is_zip(bytes) {
        return super::xlsx_check::verify_xlsx(source, bytes);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        CheckError::Unreadable(format!(
            "报告文件不是 UTF-8 文本，也不是 xlsx — the file is neither UTF-8 text nor an xlsx: {e}"
        ))
    })?;
    verify_report(source, text)
}

/// Checks a report file (JSON, or Markdown/HTML with the integrity marker) against the ledger.
pub fn verify_report(source: &dyn Source, text: &str) -> Result<Verified, CheckError> {
    let (quoted, json) = read_quoted(text)?;
    let adopted = QuotedId::adopt(source, quoted.ledger_id.as_deref());
    let source = adopted.as_ref().map_or(source, |a| a as &dyn Source);
    let mut problems = Vec::new();
    if let Some(value) = &json {
        let recomputed = digest_of(value).map_err(CheckError::Unreadable)?;
        if recomputed != quoted.digest {
            problems.push(format!("integrity.digest: the file's content hashes to {recomputed}, not the quoted {} (the file was edited)", quoted.digest));
        }
    }
    let view = view_of(quoted.as_of.as_deref(), quoted.known_at.as_deref())?;
    problems.extend(known_at_past_head(&view, quoted.head_seq));
    let head = Some(quoted.head_seq);
    let report = from_source_for(source, &quoted.project, &view, head, quoted.audience)?
        .ok_or_else(|| {
            CheckError::Mismatch(vec![format!(
                "project {} is not in the ledger",
                quoted.project
            )])
        })?;
    if report.integrity.head_hash != quoted.head_hash {
        problems.push(format!("integrity.head_hash: the ledger's seq {} has hash {}, the report quotes {} (history no longer matches)", quoted.head_seq, report.integrity.head_hash, quoted.head_hash));
    }
    match &json {
        Some(value) => {
            let recomputed = serde_json::to_value(&report).expect("invariant: report serializes");
            let found = super::diff::differences(value, &recomputed);
            problems.extend(found.iter().map(super::diff::FieldDiff::both_languages));
        }
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

/// A source without a ledger id of its own (an export file) checked against a report: it
/// takes the id the report quotes, which nothing in the file can contradict; the chain,
/// the head's hash and every figure are still checked.
struct QuotedId<'a> {
    source: &'a dyn Source,
    id: String,
}

impl<'a> QuotedId<'a> {
    fn adopt(source: &'a dyn Source, quoted: Option<&str>) -> Option<QuotedId<'a>> {
        let id = quoted.filter(|_| !source.ledger_id_known())?.to_string();
        Some(QuotedId { source, id })
    }
}

impl Source for QuotedId<'_> {
    fn ledger_id(&self) -> &str {
        &self.id
    }
    fn head_seq(&self) -> u64 {
        self.source.head_seq()
    }
    fn hash_at(&self, seq: u64) -> Result<Option<Hash32>, SourceError> {
        self.source.hash_at(seq)
    }
    fn events_in(&self, project: &str, view: &View) -> Result<Vec<Stored>, SourceError> {
        self.source.events_in(project, view)
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
pub fn rebuild(source: &dyn Source, record: &Record) -> Result<(Report, Vec<String>), CheckError> {
    let adopted = QuotedId::adopt(source, Some(&record.ledger_id));
    let source = adopted.as_ref().map_or(source, |a| a as &dyn Source);
    let view = view_of(record.as_of.as_deref(), record.known_at.as_deref())?;
    let head = Some(record.head_seq);
    let report = from_source_for(source, &record.project, &view, head, record.audience)?
        .ok_or_else(|| {
            CheckError::Mismatch(vec![format!(
                "project {} is not in the ledger",
                record.project
            )])
        })?;
    let i = &report.integrity;
    let mut problems: Vec<String> = known_at_past_head(&view, record.head_seq)
        .into_iter()
        .collect();
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
    let json_report = text.trim_start().starts_with('{');
    let (value, format, json) = match json_report {
        true => {
            let report = strict_json::parse(text).map_err(|e| strict_failure("", e))?;
            let integrity = report
                .get("integrity")
                .cloned()
                .ok_or_else(|| unreadable("the JSON has no integrity block"))?;
            (integrity, Format::Json, Some(report))
        }
        false => {
            let format = if text.trim_start().starts_with("<!doctype html") {
                Format::Html
            } else {
                Format::Markdown
            };
            (read_marker(text)?, format, None)
        }
    };
    let s = |k: &str| value.get(k).and_then(Value::as_str).map(str::to_string);
    let project = match &json {
        Some(report) => report.pointer("/project/id").and_then(Value::as_str),
        None => value.get("project").and_then(Value::as_str),
    };
    let quoted = Quoted {
        project: project
            .map(str::to_string)
            .ok_or_else(|| unreadable("the report names no project"))?,
        head_seq: value
            .get("head_seq")
            .and_then(Value::as_u64)
            .ok_or_else(|| unreadable("integrity.head_seq is missing"))?,
        head_hash: s("head_hash").ok_or_else(|| unreadable("integrity.head_hash is missing"))?,
        as_of: s("as_of"),
        known_at: s("known_at"),
        digest: s("digest").ok_or_else(|| unreadable("integrity.digest is missing"))?,
        audience: quoted_audience(&value)?,
        format,
        ledger_id: s("ledger_id"),
    };
    Ok((quoted, json))
}

/// A quoted `known_at` of `seq:N` past the report's own head: a report can only know what
/// its head holds (a forged `seq:999999` resealed with a fresh digest).
pub(super) fn known_at_past_head(view: &View, head_seq: u64) -> Option<String> {
    match view.known_at {
        Some(KnownAt::Seq(n)) if n > head_seq => Some(format!(
            "integrity.known_at: 引用的 seq:{n} 超出报告的账本头 seq {head_seq} — seq:{n} is past the report's head seq {head_seq}: a report can only know what its head holds"
        )),
        _ => None,
    }
}

/// The audience a report quotes; reports written before audiences existed were audit copies.
fn quoted_audience(integrity: &Value) -> Result<Audience, CheckError> {
    match integrity.get("audience") {
        None => Ok(Audience::Audit),
        Some(v) => v.as_str().and_then(Audience::parse).ok_or_else(|| {
            CheckError::Unreadable(format!(
                "integrity.audience: {v} is not submission or audit"
            ))
        }),
    }
}

/// The integrity marker of a Markdown or HTML report: exactly one, its JSON strict and with
/// exactly the keys jixiao writes.
fn read_marker(text: &str) -> Result<Value, CheckError> {
    let count = text.matches(MARKER_START).count();
    let start = match count {
        0 => {
            return Err(CheckError::Unreadable(
                "no jixiao-integrity marker found: not a jixiao report".into(),
            ))
        }
        1 => text.find(MARKER_START).expect("invariant: counted") + MARKER_START.len(),
        n => {
            return Err(CheckError::Malformed(format!(
                "文件含有 {n} 个完整性标记，jixiao 只写一个 — the file holds {n} integrity markers; jixiao writes one"
            )))
        }
    };
    let end = text[start..]
        .find(" -->")
        .ok_or_else(|| CheckError::Unreadable("the integrity marker is cut off".to_string()))?
        + start;
    let marker = strict_json::parse(&text[start..end])
        .map_err(|e| strict_failure("integrity marker: ", e))?;
    let keys = marker.as_object().map(|o| o.keys().collect::<Vec<_>>());
    for key in keys.unwrap_or_default() {
        if !MARKER_KEYS.contains(&key.as_str()) {
            return Err(CheckError::Malformed(format!("完整性标记中有未知的键 {key:?} — unknown key {key:?} at integrity marker.{key} (the marker holds {})", MARKER_KEYS.join(", "))));
        }
    }
    Ok(marker)
}

/// A duplicated key is a forgery (exit 1); text that is not JSON cannot be read (exit 2).
fn strict_failure(what: &str, e: StrictJsonError) -> CheckError {
    match e {
        StrictJsonError::DuplicateKey { .. } => CheckError::Malformed(format!("{what}{e}")),
        StrictJsonError::Syntax(_) => CheckError::Unreadable(format!("{what}{e}")),
    }
}

/// Where a Markdown or HTML file differs from the recomputed rendering; byte for byte, so a
/// carriage return or a missing final line feed counts too.
fn diff_lines(file: &str, expected: &str, out: &mut Vec<String>) {
    if file == expected {
        return;
    }
    let before = out.len();
    let (lines, wanted) = (file.split('\n'), expected.split('\n'));
    for (n, (a, b)) in lines.zip(wanted).enumerate() {
        if a != b {
            out.push(format!(
                "line {}: the file says {:?}, the ledger gives {:?}",
                n + 1,
                clip(a),
                clip(b)
            ));
            if out.len() >= before + 10 {
                return;
            }
        }
    }
    let (have, want) = (file.split('\n').count(), expected.split('\n').count());
    if have != want {
        out.push(format!(
            "the file has {have} lines, the recomputed report {want}"
        ));
    }
}

fn clip(s: &str) -> String {
    s.chars().take(60).collect()
}
