//! The evaluation report (自评报告 + 自评表): one JSON model built from events, rendered to
//! Markdown and HTML, sealed with a BLAKE3 digest that `verify-report` can recompute.

pub mod charts;
pub mod check;
pub mod docx;
pub mod html;
pub mod integrity;
pub mod markdown;
pub mod model;
pub mod money_text;
pub mod paper;
pub mod pdf;
pub mod schema;

pub use integrity::{seal, Integrity};
pub use model::{build, Report};

/// Output formats; all render from the same model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Markdown,
    Html,
}

impl Format {
    pub fn parse(text: &str) -> Option<Format> {
        match text {
            "json" => Some(Format::Json),
            "md" | "markdown" => Some(Format::Markdown),
            "html" => Some(Format::Html),
            _ => None,
        }
    }
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Markdown => "md",
            Format::Html => "html",
        }
    }
}

/// Renders a sealed report.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Json => {
            serde_json::to_string_pretty(report).expect("invariant: report serializes") + "\n"
        }
        Format::Markdown => markdown::render(report),
        Format::Html => html::render(report),
    }
}
