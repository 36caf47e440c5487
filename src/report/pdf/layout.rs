//! Page layout: blocks flowed onto A4 pages as drawing operations (text lines, cell borders,
//! the footer's QR code). Pure geometry in points, y measured down from the page's top edge;
//! `draw` turns the pages into PDF. No page is left empty.

use super::font::Metrics;
use super::table::{lead_height, place_table};
use super::text::wrap;
use crate::report::form::Footer;
use crate::report::paper::{footer_line, qr_payload, Block, Doc};

/// A4 in points.
pub const PAGE_W: f32 = 595.276;
pub const PAGE_H: f32 = 841.89;
/// Left and right margins (20 mm).
pub const MARGIN_X: f32 = 56.7;
/// Top margin (20 mm).
pub const TOP: f32 = 56.7;
/// The footer's QR code: side length and its distance from the bottom edge.
pub const QR_PT: f32 = 42.0;
pub const QR_BOTTOM: f32 = 22.0;
/// Where body content must end: above the footer.
pub const BOTTOM: f32 = PAGE_H - QR_BOTTOM - QR_PT - 10.0;
/// The width body content may use.
pub const BODY_W: f32 = PAGE_W - 2.0 * MARGIN_X;
/// The largest and smallest footer text sizes; the line is set as large as fits.
const FOOTER_PT: (f32, f32) = (7.0, 4.5);

/// One drawing operation.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// A line of text; `y` is its baseline.
    Text {
        x: f32,
        y: f32,
        size: f32,
        text: String,
        strong: bool,
    },
    /// A stroked rectangle (a table cell's border).
    Rect { x: f32, y: f32, w: f32, h: f32 },
    /// The footer's QR code, `side` points square, top-left at (x, y).
    Qr {
        x: f32,
        y: f32,
        side: f32,
        payload: String,
    },
}

/// One page's operations, in drawing order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub ops: Vec<Op>,
}

/// How a kind of text block is set.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub size: f32,
    /// Line height as a multiple of the size.
    pub leading: f32,
    pub indent_em: f32,
    pub before: f32,
    pub after: f32,
    pub strong: bool,
    pub centered: bool,
}

impl Style {
    const fn new(size: f32, leading: f32, indent_em: f32, before: f32, after: f32) -> Style {
        Style {
            size,
            leading,
            indent_em,
            before,
            after,
            strong: false,
            centered: false,
        }
    }
    pub fn line_h(&self) -> f32 {
        self.size * self.leading
    }
}

const TITLE: Style = Style {
    strong: true,
    centered: true,
    ..Style::new(18.0, 1.5, 0.0, 0.0, 12.0)
};
const META: Style = Style::new(12.0, 1.7, 4.0, 0.0, 0.0);
const H1: Style = Style {
    strong: true,
    ..Style::new(14.0, 1.5, 0.0, 10.0, 4.0)
};
const H2: Style = Style {
    strong: true,
    ..Style::new(12.0, 1.5, 0.0, 6.0, 2.0)
};
const H3: Style = Style {
    strong: true,
    ..Style::new(11.0, 1.6, 0.0, 4.0, 0.0)
};
const PARA: Style = Style::new(11.0, 1.6, 2.0, 0.0, 2.0);
const PLAIN: Style = Style::new(10.5, 1.6, 0.0, 0.0, 0.0);

/// The pages being filled and the current position on the last one.
pub struct Flow<'a> {
    pub m: &'a Metrics<'a>,
    pub pages: Vec<Page>,
    pub y: f32,
}

impl<'a> Flow<'a> {
    fn new(m: &'a Metrics<'a>) -> Flow<'a> {
        Flow {
            m,
            pages: vec![Page::default()],
            y: TOP,
        }
    }

    pub fn room(&self) -> f32 {
        BOTTOM - self.y
    }

    /// Whether nothing has been put on the current page yet.
    pub fn fresh(&self) -> bool {
        self.pages.last().is_none_or(|p| p.ops.is_empty())
    }

    pub fn new_page(&mut self) {
        if !self.fresh() {
            self.pages.push(Page::default());
        }
        self.y = TOP;
    }

    pub fn push(&mut self, op: Op) {
        self.pages
            .last_mut()
            .expect("invariant: a flow has a page")
            .ops
            .push(op);
    }

    /// The baseline of a line box of height `line_h` whose top is `top`, for text of `size`.
    pub fn baseline(&self, top: f32, line_h: f32, size: f32) -> f32 {
        let m = self.m;
        top + (line_h - (m.ascent_em - m.descent_em) * size) / 2.0 + m.ascent_em * size
    }

    fn text_block(&mut self, text: &str, st: Style, keep_next: f32) {
        let lines = wrap(self.m, text, st.size, BODY_W, st.indent_em * st.size);
        let lh = st.line_h();
        if !self.fresh() {
            self.y += st.before;
        }
        // A heading keeps company with what follows; a paragraph leaves no single line behind.
        let first = lh * (if lines.len() >= 2 { 2.0 } else { 1.0 }) + keep_next;
        if first > self.room() {
            self.new_page();
        }
        for (n, line) in lines.iter().enumerate() {
            if lh > self.room() {
                self.new_page();
            }
            let indent = if n == 0 { st.indent_em * st.size } else { 0.0 };
            let x = if st.centered {
                MARGIN_X + (BODY_W - self.m.width_em(line) * st.size) / 2.0
            } else {
                MARGIN_X + indent
            };
            let y = self.baseline(self.y, lh, st.size);
            self.push(Op::Text {
                x,
                y,
                size: st.size,
                text: line.clone(),
                strong: st.strong,
            });
            self.y += lh;
        }
        self.y += st.after;
    }
}

/// Lays the document out on pages, each with its footer line and QR code.
pub fn lay_out(m: &Metrics, doc: &Doc) -> Vec<Page> {
    let mut f = Flow::new(m);
    for (k, block) in doc.blocks.iter().enumerate() {
        // A heading keeps company with the start of what follows it.
        let heading_company = match doc.blocks.get(k + 1) {
            Some(Block::Table(g)) => lead_height(&f, g),
            Some(Block::Plain(_)) => PLAIN.line_h() * 2.0,
            _ => PARA.line_h() * 2.0,
        };
        match block {
            Block::Title(t) => f.text_block(t, TITLE, heading_company),
            Block::Meta(lines) => {
                for l in lines {
                    f.text_block(l, META, 0.0);
                }
                f.y += 16.0;
            }
            Block::Heading(level, t) => {
                let st = match level {
                    1 => H1,
                    2 => H2,
                    _ => H3,
                };
                f.text_block(t, st, heading_company);
            }
            Block::Para(t) => f.text_block(t, PARA, 0.0),
            Block::Plain(t) => f.text_block(t, PLAIN, 0.0),
            Block::Table(g) => place_table(&mut f, g),
            Block::PageBreak => f.new_page(),
        }
    }
    let mut pages = f.pages;
    if pages.len() > 1 && pages.last().is_some_and(|p| p.ops.is_empty()) {
        pages.pop();
    }
    let total = pages.len();
    for (n, page) in pages.iter_mut().enumerate() {
        footer(m, &doc.footer, n + 1, total, page);
    }
    pages
}

/// The footer: one line of text at the left, the QR code at the right, on the same band.
fn footer(m: &Metrics, footer: &Footer, page: usize, pages: usize, out: &mut Page) {
    let text = footer_line(footer, page, pages);
    let avail = BODY_W - QR_PT - 8.0;
    let size = (avail / m.width_em(&text).max(1.0)).clamp(FOOTER_PT.1, FOOTER_PT.0);
    let qr_top = PAGE_H - QR_BOTTOM - QR_PT;
    out.ops.push(Op::Text {
        x: MARGIN_X,
        y: qr_top + QR_PT - 2.0,
        size,
        text,
        strong: false,
    });
    out.ops.push(Op::Qr {
        x: PAGE_W - MARGIN_X - QR_PT,
        y: qr_top,
        side: QR_PT,
        payload: qr_payload(footer),
    });
}
