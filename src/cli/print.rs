//! The printable formats of `report` (pdf, docx) and `verify-report` on them: render the
//! sealed report to bytes, write them whole or not at all, and check a file by its kind.

use std::io::{IsTerminal, Write as _};
use std::path::Path;

use super::font::find_face;
use super::Failure;
use crate::ledger::Ledger;
use crate::report::check::{CheckError, Verified};
use crate::report::paper::document;
use crate::report::{docx, pdf, Report};

/// A format written as bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Binary {
    Pdf,
    Docx,
}

impl Binary {
    pub fn parse(text: &str) -> Option<Binary> {
        match text {
            "pdf" => Some(Binary::Pdf),
            "docx" => Some(Binary::Docx),
            _ => None,
        }
    }
}

/// Renders the report; the font is found first, so a missing font writes nothing.
pub fn render(report: &Report, format: Binary) -> Result<Vec<u8>, Failure> {
    let doc = document(report);
    match format {
        Binary::Pdf => {
            let face = find_face()?;
            pdf::render(report, &doc, &face).map_err(|e| Failure::input(e.to_string()))
        }
        Binary::Docx => Ok(docx::render(report, &doc)),
    }
}

/// Writes the bytes to `out` (through a temporary file renamed into place), or to standard
/// output when it is not a terminal.
pub fn write(bytes: &[u8], out: Option<&Path>, report: &Report) -> Result<(), Failure> {
    match out {
        Some(path) => {
            let tmp = path.with_extension("jixiao-partial");
            std::fs::write(&tmp, bytes)
                .and_then(|()| std::fs::rename(&tmp, path))
                .map_err(|e| {
                    let _ = std::fs::remove_file(&tmp);
                    Failure::input(format!("无法写入 {} (cannot write): {e}", path.display()))
                })?;
            println!(
                "wrote {} (digest {}, head seq {})",
                path.display(),
                report.integrity.digest,
                report.integrity.head_seq
            );
            Ok(())
        }
        None if std::io::stdout().is_terminal() => Err(Failure::input(
            "PDF/docx 是二进制文件，请用 --out FILE 指定输出文件 (binary output: give --out FILE or redirect stdout)",
        )),
        None => std::io::stdout()
            .write_all(bytes)
            .map_err(|e| Failure::input(format!("cannot write to stdout: {e}"))),
    }
}

/// The kind of a report file by its first bytes: Some for PDF and docx (a zip package).
pub fn kind_of(bytes: &[u8]) -> Option<Binary> {
    if bytes.starts_with(b"%PDF-") {
        Some(Binary::Pdf)
    } else if bytes.starts_with(b"PK\x03\x04") && docx::read::is_docx(bytes) {
        Some(Binary::Docx)
    } else {
        None
    }
}

/// Checks a PDF or docx report against the ledger.
pub fn verify(ledger: &Ledger, bytes: &[u8], kind: Binary) -> Result<Verified, CheckError> {
    match kind {
        Binary::Pdf => {
            pdf::verify::verify(ledger, bytes, &mut || find_face().map_err(|f| f.message))
        }
        Binary::Docx => docx::verify::verify(ledger, bytes),
    }
}
