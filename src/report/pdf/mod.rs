//! The report as PDF, written by jixiao itself with krilla: A4 pages, CJK text in an
//! embedded subset of one system font, ruled tables with merged cells, a footer line and QR
//! code on every page, and the integrity record in the document's Keywords. The same report
//! and font give the same bytes (no clock, no random ids), which `verify-report` relies on.

pub mod extract;
pub mod font;
pub mod layout;
pub mod read;
pub mod syntax;
mod table;
pub mod text;
pub mod verify;

use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::{Document, SerializeSettings};

use self::font::{Face, Metrics};
use self::layout::{lay_out, Op, Page, PAGE_H, PAGE_W};
use super::model::Report;
use super::paper::{qr, Doc, Record};

/// The prefix of the Keywords entry that holds the integrity record.
pub const KEYWORDS_PREFIX: &str = "jixiao-integrity ";

/// Why a PDF could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("字体 {font} 无法嵌入 PDF (krilla: {detail})")]
    Font { font: String, detail: String },
}

/// Renders the report's document as PDF bytes, set in `face`.
pub fn render(report: &Report, doc: &Doc, face: &Face) -> Result<Vec<u8>, PdfError> {
    let metrics = Metrics::new(face);
    let pages = lay_out(&metrics, doc);
    let record = Record::of(report, "pdf", Some(face));
    let font =
        Font::new(face.file.bytes.clone().into(), face.index).ok_or_else(|| PdfError::Font {
            font: face.file.path.clone(),
            detail: "the face cannot be read".into(),
        })?;
    let settings = SerializeSettings {
        enable_tagging: false,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    let mut meta = Metadata::new()
        .title(doc.title.clone())
        .creator(report.integrity.generator.clone())
        .producer(report.integrity.generator.clone())
        .language("zh-CN".into())
        .keywords(vec![format!("{KEYWORDS_PREFIX}{}", record.to_json())]);
    if let Some(day) = report.filled_on {
        use chrono::Datelike;
        meta = meta.creation_date(
            DateTime::new(day.year().clamp(0, 9999) as u16)
                .month(day.month() as u8)
                .day(day.day() as u8),
        );
    }
    document.set_metadata(meta);
    for page in &pages {
        draw_page(&mut document, page, &metrics, &font);
    }
    document.finish().map_err(|e| PdfError::Font {
        font: face.file.path.clone(),
        detail: format!("{e:?}"),
    })
}

fn draw_page(document: &mut Document, page: &Page, m: &Metrics, font: &Font) {
    let settings = PageSettings::from_wh(PAGE_W, PAGE_H).expect("invariant: A4 is a valid size");
    let mut p = document.start_page_with(settings);
    let mut s = p.surface();
    for op in &page.ops {
        match op {
            Op::Text {
                x,
                y,
                size,
                text,
                strong,
            } => {
                let glyphs: Vec<KrillaGlyph> = text
                    .char_indices()
                    .map(|(i, c)| {
                        let (gid, advance) = m.glyph(c);
                        KrillaGlyph::new(
                            GlyphId::new(gid),
                            advance,
                            0.0,
                            0.0,
                            0.0,
                            i..i + c.len_utf8(),
                            None,
                        )
                    })
                    .collect();
                s.set_fill(Some(Fill::default()));
                s.set_stroke(strong.then(|| Stroke {
                    width: size * 0.035,
                    ..Stroke::default()
                }));
                s.draw_glyphs(
                    Point::from_xy(*x, *y),
                    &glyphs,
                    font.clone(),
                    text,
                    *size,
                    false,
                );
            }
            Op::Rect { x, y, w, h } => {
                let mut pb = PathBuilder::new();
                if let Some(r) = Rect::from_xywh(*x, *y, *w, *h) {
                    pb.push_rect(r);
                }
                if let Some(path) = pb.finish() {
                    s.set_fill(None);
                    s.set_stroke(Some(Stroke {
                        width: 0.6,
                        ..Stroke::default()
                    }));
                    s.draw_path(&path);
                }
            }
            Op::Qr {
                x,
                y,
                side,
                payload,
            } => draw_qr(&mut s, *x, *y, *side, payload),
        }
    }
    s.finish();
    p.finish();
}

/// The QR code as filled squares, runs of dark modules merged per row.
fn draw_qr(s: &mut krilla::surface::Surface, x: f32, y: f32, side: f32, payload: &str) {
    let Some((n, dark)) = qr::modules(payload) else {
        return;
    };
    let module = side / n as f32;
    let mut pb = PathBuilder::new();
    for row in 0..n {
        let mut col = 0;
        while col < n {
            if !dark[row * n + col] {
                col += 1;
                continue;
            }
            let start = col;
            while col < n && dark[row * n + col] {
                col += 1;
            }
            let r = Rect::from_xywh(
                x + start as f32 * module,
                y + row as f32 * module,
                (col - start) as f32 * module,
                module,
            );
            if let Some(r) = r {
                pb.push_rect(r);
            }
        }
    }
    if let Some(path) = pb.finish() {
        s.set_stroke(None);
        s.set_fill(Some(Fill::default()));
        s.draw_path(&path);
    }
}
