//! `verify-report` on a PDF: read the integrity record from the Keywords, rebuild the report
//! from the ledger at the quoted head and view, render it again in the same font, and compare
//! — byte for byte, and where the bytes differ, text line by text line, naming the first
//! page and line that differ.

use super::extract::pages_text;
use super::font::Face;
use super::read::PdfFile;
use super::{render, KEYWORDS_PREFIX};
use crate::report::check::{rebuild, CheckError, Source, Verified};
use crate::report::paper::{document, Record};

/// Checks PDF bytes against the ledger. `face` is asked for only once the file is known to
/// be a jixiao PDF; the record's font must be that face (else the file cannot be re-rendered
/// here: an input error naming both).
pub fn verify(
    source: &dyn Source,
    bytes: &[u8],
    face: &mut dyn FnMut() -> Result<Face, String>,
) -> Result<Verified, CheckError> {
    let unreadable = |m: String| CheckError::Unreadable(m);
    let file = PdfFile::parse(bytes).map_err(|e| unreadable(e.to_string()))?;
    let record = record_of(&file)?;
    let (report, mut problems) = rebuild(source, &record)?;
    let face = face().map_err(unreadable)?;
    if let Some(f) = &record.font {
        if f.fingerprint != face.fingerprint {
            return Err(unreadable(format!(
                "该 PDF 以字体 {}（指纹 {}）排版，本机找到的是 {}（指纹 {}，{}），无法重新排版核对 \
                 (the PDF was set in another font): 请用 JIXIAO_FONT 指向同一字体文件后再核验",
                f.name, f.fingerprint, face.name, face.fingerprint, face.file.path
            )));
        }
    }
    let expected =
        render(&report, &document(&report), &face).map_err(|e| unreadable(e.to_string()))?;
    if expected != bytes {
        problems.extend(first_difference(&file, bytes, &expected)?);
    }
    if problems.is_empty() {
        Ok(Verified {
            digest: report.integrity.digest,
            project: record.project,
            head_seq: record.head_seq,
        })
    } else {
        Err(CheckError::Mismatch(problems))
    }
}

/// The integrity record in the Keywords entry.
pub fn record_of(file: &PdfFile) -> Result<Record, CheckError> {
    let keywords = file.keywords().ok_or_else(|| {
        CheckError::Unreadable(
            "PDF 的 Keywords 中没有 jixiao 完整性记录：不是 jixiao 生成的报告 (no integrity record)"
                .into(),
        )
    })?;
    let json = keywords.strip_prefix(KEYWORDS_PREFIX).ok_or_else(|| {
        CheckError::Unreadable(format!(
            "PDF 的 Keywords 不以「{KEYWORDS_PREFIX}」开头：不是 jixiao 生成的报告 (no integrity record)"
        ))
    })?;
    let record: Record = serde_json::from_str(json).map_err(|e| {
        CheckError::Unreadable(format!("PDF 的完整性记录无法读取 (integrity record): {e}"))
    })?;
    if record.format != "pdf" {
        return Err(CheckError::Unreadable(format!(
            "完整性记录的 format 为 {:?}，不是 pdf",
            record.format
        )));
    }
    Ok(record)
}

/// Where a file differs from the re-rendered report: the first differing text line (page and
/// line), else the page count, else the first differing byte (drawing, metadata or fonts).
fn first_difference(
    file: &PdfFile,
    bytes: &[u8],
    expected: &[u8],
) -> Result<Vec<String>, CheckError> {
    let ours = PdfFile::parse(expected).map_err(|e| CheckError::Unreadable(e.to_string()))?;
    let want = pages_text(&ours).map_err(|e| CheckError::Unreadable(e.to_string()))?;
    let got = match pages_text(file) {
        Ok(got) => got,
        Err(e) => {
            return Ok(vec![format!(
                "文件的页面内容无法读取，与按账本重算的 PDF 不同 (the pages cannot be read): {e}"
            )])
        }
    };
    let blank = String::from("（无）");
    for (p, (g, w)) in got.iter().zip(&want).enumerate() {
        for n in 0..g.len().max(w.len()) {
            let (a, b) = (g.get(n).unwrap_or(&blank), w.get(n).unwrap_or(&blank));
            if a != b {
                return Ok(vec![format!(
                    "第 {} 页第 {} 行 (page {}, line {}): 文件为「{}」，按账本重算为「{}」",
                    p + 1,
                    n + 1,
                    p + 1,
                    n + 1,
                    clip(a),
                    clip(b)
                )]);
            }
        }
    }
    if got.len() != want.len() {
        return Ok(vec![format!(
            "文件有 {} 页，按账本重算的报告有 {} 页 (page count)",
            got.len(),
            want.len()
        )]);
    }
    let at = bytes
        .iter()
        .zip(expected)
        .position(|(a, b)| a != b)
        .unwrap_or(bytes.len().min(expected.len()));
    Ok(vec![format!(
        "文字相同，但文件自第 {at} 字节起与按账本重算的 PDF 不同（图形、元数据或字体被改动）(the text matches; bytes differ from offset {at})"
    )])
}

fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(80).collect();
    if s.chars().count() > 80 {
        out.push('…');
    }
    out
}
