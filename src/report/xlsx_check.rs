//! Reading a workbook back (calamine for cells and merges, zip for the custom document
//! properties) and checking an xlsx report against the ledger: the integrity record it
//! carries is rebuilt at the quoted head, rendered again, and every sheet's cells and merges
//! compared, naming the first cell that differs (`自评表!F12: 文件 5.56，账本 5.55`).

use std::collections::BTreeMap;
use std::io::{Cursor, Read as _};

use calamine::{Data, Reader, Xlsx};

use super::check::{from_source_for, known_at_past_head, CheckError, Source, Verified};
use super::integrity::Audience;
use super::xlsx::{self, PROPERTY_PREFIX};
use crate::projection::View;
use crate::time::{parse_date, KnownAt};

/// A non-empty cell's value as the file stores it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Text(t) => write!(f, "{t:?}"),
            Value::Number(n) => write!(f, "{n}"),
        }
    }
}

/// One sheet: its non-empty cells by (row, column), 0-based, and its merged ranges
/// `(first row, first column, last row, last column)`, sorted.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sheet {
    pub name: String,
    pub cells: BTreeMap<(u32, u32), Value>,
    pub merges: Vec<(u32, u32, u32, u32)>,
}

impl Sheet {
    /// The value at (row, col), if any.
    pub fn get(&self, row: u32, col: u32) -> Option<&Value> {
        self.cells.get(&(row, col))
    }

    /// The merged range that holds (row, col), if any.
    pub fn merge_at(&self, row: u32, col: u32) -> Option<(u32, u32, u32, u32)> {
        self.merges
            .iter()
            .copied()
            .find(|&(r0, c0, r1, c1)| (r0..=r1).contains(&row) && (c0..=c1).contains(&col))
    }
}

/// A cell's address as Excel writes it: `F12` for (11, 5).
pub fn a1(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        c = (c - 1) / 26;
    }
    letters.iter().rev().collect::<String>() + &(row + 1).to_string()
}

/// Every sheet of an xlsx file, in order. Errors name what could not be read.
pub fn read_sheets(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let names = wb.sheet_names();
    let mut out = Vec::new();
    for name in names {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| format!("{name}: {e}"))?;
        let mut cells = BTreeMap::new();
        for (row, col, v) in range.used_cells() {
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let value = match v {
                Data::String(s) => Value::Text(s.clone()),
                Data::Float(f) => Value::Number(*f),
                Data::Int(i) => Value::Number(*i as f64),
                Data::Bool(b) => Value::Text(b.to_string()),
                Data::Empty => continue,
                other => Value::Text(other.to_string()),
            };
            if value != Value::Text(String::new()) {
                cells.insert((r0 + row as u32, c0 + col as u32), value);
            }
        }
        let mut merges: Vec<(u32, u32, u32, u32)> = match wb.worksheet_merge_cells(&name) {
            Some(m) => m.map_err(|e| format!("{name}: {e}"))?,
            None => Vec::new(),
        }
        .iter()
        .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
        .collect();
        merges.sort_unstable();
        out.push(Sheet {
            name,
            cells,
            merges,
        });
    }
    Ok(out)
}

/// The custom document properties (name → text) of an xlsx file (`docProps/custom.xml`);
/// empty when it has none.
pub fn read_properties(bytes: &[u8]) -> Result<BTreeMap<String, String>, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut xml = String::new();
    match zip.by_name("docProps/custom.xml") {
        Ok(mut f) => f.read_to_string(&mut xml).map_err(|e| e.to_string())?,
        Err(_) => return Ok(BTreeMap::new()),
    };
    let mut out = BTreeMap::new();
    for part in xml.split("<property ").skip(1) {
        let Some(name) = attribute(part, "name") else {
            continue;
        };
        let value = part
            .find('>')
            .and_then(|at| {
                let inner = &part[at + 1..];
                let start = inner.find('>')? + 1;
                let end = inner[start..].find("</")? + start;
                Some(unescape_xml(&inner[start..end]))
            })
            .unwrap_or_default();
        out.insert(name, value);
    }
    Ok(out)
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let key = format!("{name}=\"");
    let start = tag.find(&key)? + key.len();
    let end = tag[start..].find('"')? + start;
    Some(unescape_xml(&tag[start..end]))
}

fn unescape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail.find(';').unwrap_or(0);
        let entity = &tail[1..end.max(1)];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match (c, end) {
            (Some(c), e) if e > 0 => {
                out.push(c);
                rest = &tail[end + 1..];
            }
            _ => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether the bytes are a zip archive (an xlsx, docx …).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Checks an xlsx report against the ledger.
pub fn verify_xlsx(source: &dyn Source, bytes: &[u8]) -> Result<Verified, CheckError> {
    let props = read_properties(bytes).map_err(CheckError::Unreadable)?;
    let get = |k: &str| props.get(&format!("{PROPERTY_PREFIX}{k}")).cloned();
    let need = |k: &str| {
        get(k).ok_or_else(|| {
            CheckError::Unreadable(format!(
                "工作簿没有 jixiao 完整性属性 {PROPERTY_PREFIX}{k}：不是 jixiao 写出的报告 — the workbook has no integrity property {PROPERTY_PREFIX}{k}: not a jixiao report"
            ))
        })
    };
    let project = need("project")?;
    let head_seq: u64 = need("head_seq")?.parse().map_err(|_| {
        CheckError::Unreadable(format!("{PROPERTY_PREFIX}head_seq is not a number"))
    })?;
    let audience = Audience::parse(&need("audience")?).ok_or_else(|| {
        CheckError::Unreadable(format!(
            "{PROPERTY_PREFIX}audience is not submission or audit"
        ))
    })?;
    let unreadable = |e: String| CheckError::Unreadable(e);
    let non_empty = |k: &str| get(k).filter(|v| !v.is_empty());
    let view = View {
        as_of: non_empty("as_of")
            .as_deref()
            .map(parse_date)
            .transpose()
            .map_err(|e| unreadable(e.to_string()))?,
        known_at: non_empty("known_at")
            .as_deref()
            .map(KnownAt::parse)
            .transpose()
            .map_err(|e| unreadable(e.to_string()))?,
    };
    let mut problems: Vec<String> = known_at_past_head(&view, head_seq).into_iter().collect();
    let report =
        from_source_for(source, &project, &view, Some(head_seq), audience)?.ok_or_else(|| {
            CheckError::Mismatch(vec![format!("project {project} is not in the ledger")])
        })?;
    for (name, want) in xlsx::integrity_properties(&report) {
        let have = props.get(&name).cloned().unwrap_or_default();
        if have != want {
            problems.push(format!("{name}: 文件 {have:?}，账本 {want:?} — the file says {have:?}, the ledger gives {want:?}"));
        }
    }
    let expected = xlsx::render(&report).map_err(|e| CheckError::Unreadable(e.to_string()))?;
    let (have, want) = (
        read_sheets(bytes).map_err(unreadable)?,
        read_sheets(&expected).map_err(unreadable)?,
    );
    diff_sheets(&have, &want, &mut problems);
    match problems.is_empty() {
        true => Ok(Verified {
            digest: report.integrity.digest,
            project,
            head_seq,
        }),
        false => Err(CheckError::Mismatch(problems)),
    }
}

/// Differences between the file's sheets and the recomputed ones, first cell first (up to
/// ten per sheet).
pub fn diff_sheets(have: &[Sheet], want: &[Sheet], out: &mut Vec<String>) {
    let names = |s: &[Sheet]| s.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
    if names(have) != names(want) {
        out.push(format!(
            "工作表：文件 {:?}，账本 {:?} — sheets differ",
            names(have),
            names(want)
        ));
    }
    for (h, w) in have.iter().zip(want) {
        let keys: std::collections::BTreeSet<&(u32, u32)> =
            h.cells.keys().chain(w.cells.keys()).collect();
        let mut n = 0;
        for &(row, col) in keys {
            let (a, b) = (h.get(row, col), w.get(row, col));
            if a != b && n < 10 {
                let show = |v: Option<&Value>| v.map_or("（空）".to_string(), Value::to_string);
                out.push(format!(
                    "{}!{}: 文件 {}，账本 {}",
                    h.name,
                    a1(row, col),
                    show(a),
                    show(b)
                ));
                n += 1;
            }
        }
        if h.merges != w.merges {
            out.push(format!(
                "{}: 合并单元格与账本生成的不同 — merged cells differ from the recomputed sheet",
                h.name
            ));
        }
    }
}
