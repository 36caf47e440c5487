//! An export table as an xlsx workbook: one sheet, the heads bold and repeated on every printed
//! page, borders, A4 landscape fitted to the page width, amounts as numbers in 元
//! (`#,##0.00`), ratios as percentages (`0.00%`), points and counts as numbers.

use rust_xlsxwriter::{Format as Style, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::{Cell, Table};
use crate::report::escape;
use crate::report::xlsx::{number, XlsxWriteError};

/// The workbook of one table, as bytes.
pub fn render(t: &Table) -> Result<Vec<u8>, XlsxWriteError> {
    let mut wb = Workbook::new();
    sheet(wb.add_worksheet(), t)?;
    Ok(wb.save_to_buffer()?)
}

fn sheet(ws: &mut Worksheet, t: &Table) -> Result<(), XlsxError> {
    let base = Style::new()
        .set_font_name("宋体")
        .set_font_size(10)
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter);
    let head = base
        .clone()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center);
    let right = base.clone().set_align(FormatAlign::Right);
    let styles = [
        right.clone().set_num_format("#,##0.00"),
        right.clone().set_num_format("0.00%"),
        right.clone().set_num_format("General"),
        right.set_num_format("0"),
    ];
    ws.set_name(&t.name)?;
    ws.set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    ws.set_freeze_panes(1, 0)?;
    for (k, h) in t.heads.iter().enumerate() {
        ws.write_string_with_format(0, k as u16, *h, &head)?;
        let width = if h.contains("名称") || *h == "说明" || *h == "变化" {
            36.0
        } else {
            14.0
        };
        ws.set_column_width(k as u16, width)?;
    }
    for (n, row) in t.rows.iter().enumerate() {
        let r = 1 + n as u32;
        for (k, c) in row.iter().enumerate() {
            let col = k as u16;
            match c {
                Cell::Yuan(y) => {
                    ws.write_number_with_format(r, col, number(y.decimal()), &styles[0])?
                }
                Cell::Ratio(Some(x)) => {
                    ws.write_number_with_format(r, col, number(*x), &styles[1])?
                }
                Cell::Points(Some(p)) => {
                    let p = p.round_dp_with_strategy(2, crate::money::ROUND_HALF_UP);
                    ws.write_number_with_format(r, col, number(p), &styles[2])?
                }
                Cell::Int(i) => ws.write_number_with_format(r, col, *i as f64, &styles[3])?,
                Cell::Text(s) => ws.write_string_with_format(r, col, escape::cell(s), &base)?,
                Cell::Ratio(None) | Cell::Points(None) | Cell::Empty => {
                    ws.write_blank(r, col, &base)?
                }
            };
        }
    }
    Ok(())
}
