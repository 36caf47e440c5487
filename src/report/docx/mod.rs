//! The report as a Word document (docx-rs): A4, the 自评报告's headings and paragraphs, every
//! table a Word table with merged cells (gridSpan across, vMerge down) and header rows marked
//! to repeat, a footer on every page with the ledger id, head seq, digest, page number and
//! the QR code, and the integrity record as a custom document property.

pub mod read;
pub mod verify;

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, LineSpacing, NumPages, PageMargin, PageNum, Paragraph,
    Pic, Run, RunFonts, SpecialIndentType, Tab, TabValueType, Table, TableCell, TableCellMargins,
    TableLayoutType, TableRow, VAlignType, VMergeType, WidthType,
};

use super::model::Report;
use super::paper::{qr, qr_payload, Align, Block, Cell, Doc, Grid, Record};

/// The custom property that holds the integrity record.
pub const PROPERTY: &str = "jixiao-integrity";

/// A4 in twentieths of a point, and the text width between 20 mm margins.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
const MARGIN: i32 = 1134;
const TEXT_W: usize = (PAGE_W as usize) - 2 * (MARGIN as usize);
/// Fonts: 宋体 for text, 黑体 for headings (Word's and WPS's names; LibreOffice substitutes).
const SONG: &str = "宋体";
const HEI: &str = "黑体";
const LATIN: &str = "Times New Roman";
/// The footer's QR code side, in EMU (15 mm).
const QR_EMU: u32 = 540_000;

/// Renders the document as docx bytes. No clock: the core properties carry the report's
/// filling date (or none), so the same report gives the same text.
pub fn render(report: &Report, doc: &Doc) -> Vec<u8> {
    let record = Record::of(report, "docx", None);
    let mut d = Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(PageMargin {
            top: MARGIN,
            left: MARGIN,
            bottom: MARGIN,
            right: MARGIN,
            header: 567,
            footer: 454,
            gutter: 0,
        })
        .default_fonts(fonts(SONG))
        .default_size(24)
        .custom_property(PROPERTY, record.to_json())
        .footer(footer(doc));
    if let Some(day) = report.filled_on {
        let at = format!("{}T00:00:00Z", day.format("%Y-%m-%d"));
        d = d.created_at(&at).updated_at(&at);
    }
    for block in &doc.blocks {
        d = match block {
            Block::Table(g) => d.add_table(table(g)),
            other => paragraphs(other).into_iter().fold(d, Docx::add_paragraph),
        };
    }
    let mut xml = d.build();
    // docx-rs has no w:tblHeader; header rows are built with w:cantSplit alone, marked here.
    xml.document = String::from_utf8_lossy(&xml.document)
        .replace("<w:cantSplit />", "<w:cantSplit /><w:tblHeader />")
        .into_bytes();
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out)
        .expect("invariant: writing a zip to memory cannot fail");
    out.into_inner()
}

fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii(LATIN)
        .hi_ansi(LATIN)
}

fn run(text: &str, size: usize, font: &str, bold: bool) -> Run {
    let r = Run::new().add_text(text).size(size).fonts(fonts(font));
    if bold {
        r.bold()
    } else {
        r
    }
}

fn spacing(before: u32, after: u32) -> LineSpacing {
    LineSpacing::new().before(before).after(after).line(360)
}

/// A text block as paragraphs (a page break is an empty paragraph's break).
fn paragraphs(block: &Block) -> Vec<Paragraph> {
    match block {
        Block::Title(t) => vec![Paragraph::new()
            .add_run(run(t, 36, HEI, true))
            .align(AlignmentType::Center)
            .line_spacing(spacing(0, 240))],
        Block::Meta(lines) => lines
            .iter()
            .map(|l| {
                Paragraph::new().add_run(run(l, 24, SONG, false)).indent(
                    Some(960),
                    None,
                    None,
                    None,
                )
            })
            .collect(),
        Block::Heading(level, t) => {
            let (size, before) = match level {
                1 => (30, 240),
                2 => (26, 120),
                _ => (24, 60),
            };
            vec![Paragraph::new()
                .add_run(run(t, size, HEI, true))
                .keep_next(true)
                .line_spacing(spacing(before, 60))]
        }
        Block::Para(t) => vec![Paragraph::new()
            .add_run(run(t, 24, SONG, false))
            .indent(None, Some(SpecialIndentType::FirstLine(480)), None, None)
            .line_spacing(spacing(0, 0))],
        Block::Plain(t) => vec![Paragraph::new().add_run(run(t, 21, SONG, false))],
        Block::PageBreak => vec![Paragraph::new().add_run(Run::new().add_break(BreakType::Page))],
        Block::Table(_) => vec![],
    }
}

/// A grid as a Word table: a cell where it starts, a vMerge continuation where a cell from
/// above covers the column, widths in twips from the grid's relative widths.
fn table(g: &Grid) -> Table {
    let total: u32 = g.widths.iter().sum();
    let widths: Vec<usize> = g
        .widths
        .iter()
        .map(|w| TEXT_W * *w as usize / total.max(1) as usize)
        .collect();
    let span_w = |col: usize, span: usize| widths[col..col + span].iter().sum::<usize>();
    let rows = g.rows.iter().enumerate().map(|(r, row)| {
        let mut cells = Vec::new();
        let mut col = 0;
        while col < widths.len() {
            if let Some(c) = row.cells.iter().find(|c| c.col == col) {
                cells.push(cell(c, span_w(col, c.col_span), c.row_span > 1));
                col += c.col_span;
            } else if let Some((_, above)) = g.spanning_into(r, col) {
                cells.push(
                    TableCell::new()
                        .add_paragraph(Paragraph::new())
                        .grid_span(above.col_span)
                        .vertical_merge(VMergeType::Continue)
                        .width(span_w(above.col, above.col_span), WidthType::Dxa),
                );
                col = above.col + above.col_span;
            } else {
                col += 1;
            }
        }
        let tr = TableRow::new(cells);
        // Word repeats header rows only at a table's top.
        if row.header && g.rows[..r].iter().all(|x| x.header) {
            tr.cant_split()
        } else {
            tr
        }
    });
    Table::new(rows.collect())
        .set_grid(widths.clone())
        .width(TEXT_W, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .margins(TableCellMargins::new().margin(40, 80, 40, 80))
}

fn cell(c: &Cell, width: usize, merged_down: bool) -> TableCell {
    let align = match c.align {
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
    };
    let mut tc = TableCell::new()
        .width(width, WidthType::Dxa)
        .vertical_align(VAlignType::Center);
    for line in c.text.split('\n') {
        tc = tc.add_paragraph(
            Paragraph::new()
                .add_run(run(line, 20, SONG, c.strong))
                .align(align),
        );
    }
    if c.col_span > 1 {
        tc = tc.grid_span(c.col_span);
    }
    if merged_down {
        tc = tc.vertical_merge(VMergeType::Restart);
    }
    tc
}

/// The footer: the integrity line with the page number, the QR code at the right margin.
fn footer(doc: &Doc) -> Footer {
    let f = &doc.footer;
    let text = format!(
        "账本 {}　账本头 seq {}　摘要 {}　",
        f.ledger_id, f.head_seq, f.digest
    );
    let small = |t: &str| run(t, 12, SONG, false);
    let mut p = Paragraph::new()
        .add_run(small(&text))
        .add_run(small("第 "))
        .add_page_num(PageNum::new())
        .add_run(small(" 页 共 "))
        .add_num_pages(NumPages::new())
        .add_run(small(" 页"))
        .add_tab(Tab::new().val(TabValueType::Right).pos(TEXT_W));
    if let Some((png, side)) = qr::png(&qr_payload(f)) {
        let pic = Pic::new_with_dimensions(png, side, side).size(QR_EMU, QR_EMU);
        p = p.add_run(Run::new().add_tab().add_image(pic));
    }
    Footer::new().add_paragraph(p)
}
