//! The printed report as format-neutral blocks (title, headings, paragraphs, ruled tables with
//! merged cells) and the per-page footer, laid out by the PDF and docx writers alike. It
//! words the model's figures; it must not compute figures of its own.

pub mod audit;
pub mod grid;
pub mod narrative;
pub mod qr;
pub mod table;

pub use grid::{Align, Cell, Grid};

use super::form::Footer;
use super::integrity::Audience;
use super::model::Report;

/// One block of the printed document, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The document's title, centred (项目支出绩效自评报告).
    Title(String),
    /// Lines under the title, left-aligned without indent (项目名称：…).
    Meta(Vec<String>),
    /// A section heading: level 1 (一、…), 2 (（一）…) or 3 (1. …).
    Heading(u8, String),
    /// A body paragraph, first line indented by two characters.
    Para(String),
    /// A line set apart without indent (金额单位：万元, a list item).
    Plain(String),
    /// A ruled table.
    Table(Grid),
    /// Starts a new page (the 自评表 begins on a page of its own).
    PageBreak,
}

/// The printed document: blocks, then what every page's footer carries.
#[derive(Debug, Clone, PartialEq)]
pub struct Doc {
    pub title: String,
    pub blocks: Vec<Block>,
    pub footer: Footer,
}

/// The footer line of page `page` (1-based) of `pages`:
/// `账本 <ledger id>　账本头 seq <n>　摘要 <digest>　第 p 页 共 n 页`.
pub fn footer_line(f: &Footer, page: usize, pages: usize) -> String {
    format!(
        "账本 {}　账本头 seq {}　摘要 {}　第 {page} 页 共 {pages} 页",
        f.ledger_id, f.head_seq, f.digest
    )
}

/// The QR code's payload: `jixiao|<ledger id>|<head seq>|<digest>`.
pub fn qr_payload(f: &Footer) -> String {
    format!("jixiao|{}|{}|{}", f.ledger_id, f.head_seq, f.digest)
}

/// The document for the report's audience: the 自评报告 (sections 一 to 七), then the 自评表
/// on a new page; an audit copy adds how each score was reached, the findings and the
/// integrity section.
pub fn document(r: &Report) -> Doc {
    let mut blocks = narrative::blocks(r);
    blocks.push(Block::PageBreak);
    blocks.extend(table::blocks(&r.form));
    if r.integrity.audience == Audience::Audit {
        blocks.push(Block::PageBreak);
        blocks.extend(audit::blocks(r));
    }
    Doc {
        title: format!("{}绩效自评报告", r.project.name),
        blocks,
        footer: r.form.footer.clone(),
    }
}

/// The integrity record a PDF or docx carries in its metadata: where the report came from
/// (ledger, head, view), its digest, how it was rendered (format, and for PDF the font), so
/// `verify-report` can rebuild it and render it again.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Record {
    pub project: String,
    pub ledger_id: String,
    pub head_seq: u64,
    pub head_hash: String,
    pub as_of: Option<String>,
    pub known_at: Option<String>,
    pub policy: String,
    pub generator: String,
    pub digest: String,
    /// Who the copy is for (the rendering differs).
    pub audience: Audience,
    /// `pdf` or `docx`.
    pub format: String,
    /// The face a PDF is set in: PostScript name and fingerprint (see `pdf::font::Face`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub font: Option<FontRecord>,
}

/// The font a PDF was set in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FontRecord {
    pub name: String,
    pub fingerprint: String,
}

impl Record {
    pub fn of(r: &Report, format: &str, face: Option<&super::pdf::font::Face>) -> Record {
        let i = &r.integrity;
        Record {
            project: r.project.id.clone(),
            ledger_id: i.ledger_id.clone(),
            head_seq: i.head_seq,
            head_hash: i.head_hash.clone(),
            as_of: i.as_of.clone(),
            known_at: i.known_at.clone(),
            policy: i.policy.clone(),
            generator: i.generator.clone(),
            digest: i.digest.clone(),
            audience: i.audience,
            format: format.to_string(),
            font: face.map(|f| FontRecord {
                name: f.name.clone(),
                fingerprint: f.fingerprint.clone(),
            }),
        }
    }

    /// One line of JSON (keys in declaration order).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("invariant: a record serializes")
    }
}
