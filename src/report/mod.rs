//! The evaluation report (自评报告 + 自评表): one JSON model built from events, rendered to
//! Markdown, HTML, xlsx, PDF and docx, sealed with a BLAKE3 digest that `verify-report` can
//! recompute.

pub mod charts;
pub mod check;
pub mod diff;
pub mod docx;
pub mod escape;
pub mod form;
pub mod form_html;
pub mod form_md;
pub mod html;
pub mod integrity;
#[cfg(test)]
mod linear_tests;
pub mod markdown;
pub mod model;
pub mod money_text;
pub mod paper;
pub mod pdf;
pub mod schema;
pub mod signing_text;
#[cfg(test)]
pub(crate) mod test_sample;
pub mod xlsx;
pub mod xlsx_audit;
pub mod xlsx_check;

pub use integrity::{seal, Audience, Integrity};
pub use model::{build, Report};

/// Output formats; all render from the same model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Markdown,
    Html,
    /// An Excel workbook (`xlsx::render`); binary.
    Xlsx,
    /// A PDF set in a CJK font (`render_pdf`); binary.
    Pdf,
    /// A Word document (`docx::render`); binary.
    Docx,
}

impl Format {
    pub fn parse(text: &str) -> Option<Format> {
        match text {
            "json" => Some(Format::Json),
            "md" | "markdown" => Some(Format::Markdown),
            "html" => Some(Format::Html),
            "xlsx" => Some(Format::Xlsx),
            "pdf" => Some(Format::Pdf),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Xlsx => "xlsx",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }

    /// Whether the format is binary (written to a file, never to a terminal).
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Xlsx | Format::Pdf | Format::Docx)
    }
}

/// Renders a sealed report as text (JSON, Markdown, HTML). A binary format gives None: use
/// `render_bytes`.
pub fn render_text(report: &Report, format: Format) -> Option<String> {
    match format {
        Format::Json => Some(escape::json_pretty(report) + "\n"),
        Format::Markdown => Some(markdown::render(report)),
        Format::Html => Some(html::render(report)),
        Format::Xlsx | Format::Pdf | Format::Docx => None,
    }
}

/// Renders a sealed report as text; panics on a binary format (use `render_bytes`).
pub fn render(report: &Report, format: Format) -> String {
    render_text(report, format).expect("invariant: render is called with a text format")
}

/// Why a report could not be rendered (only binary formats can fail).
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Xlsx(#[from] xlsx::XlsxWriteError),
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    /// A PDF needs a font, which the caller finds (`render_pdf`).
    #[error("PDF 须指定字体 — a PDF is rendered with render_pdf and a font")]
    NoFont,
}

/// Renders a sealed report in any format but PDF (`render_pdf`), as the bytes of the file.
pub fn render_bytes(report: &Report, format: Format) -> Result<Vec<u8>, RenderError> {
    match format {
        Format::Xlsx => Ok(xlsx::render(report)?),
        Format::Docx => Ok(docx::render(report, &paper::document(report))),
        Format::Pdf => Err(RenderError::NoFont),
        text => Ok(render(report, text).into_bytes()),
    }
}

/// Renders a sealed report as PDF, set in `face` (found by the caller: the core reads no
/// files).
pub fn render_pdf(report: &Report, face: &pdf::font::Face) -> Result<Vec<u8>, RenderError> {
    Ok(pdf::render(report, &paper::document(report), face)?)
}
