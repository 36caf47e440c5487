//! The report as an Excel workbook (rust_xlsxwriter): sheet 自评表 laid out as the template
//! (`Form`: merged cells, borders, column widths, A4 portrait fitted to the page width, the
//! title row repeated on every page, the footer line in the page footer), sheet 支出明细 with
//! every disbursement, and for audit copies 评分过程 and 审计发现. Figures are numbers with a
//! number format that prints what the form prints; the integrity record is in the custom
//! document properties (`jixiao.*`), which `verify-report` reads back.
//!
//! Numbers leave as `f64` here and only here: Excel stores nothing else. Every figure has at
//! most 6 decimals and 15 significant digits, so the `f64` prints back as the same decimal.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format as Style, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

use unicode_width::UnicodeWidthStr;

use super::escape::cell;
use super::form::{Figure, FigureKind, Form, INDICATOR_COLUMNS, MONEY_COLUMNS};
use super::integrity::Audience;
use super::model::Report;

/// The name of the sheet holding the 自评表.
pub const FORM_SHEET: &str = "自评表";
/// The name of the sheet holding the disbursements.
pub const SPENDING_SHEET: &str = "支出明细";
/// The prefix of the custom document properties holding the integrity record.
pub const PROPERTY_PREFIX: &str = "jixiao.";

/// The styles of the workbook.
struct Styles {
    title: Style,
    label: Style,
    text: Style,
    group: Style,
    plain: Style,
}

impl Styles {
    fn new() -> Styles {
        let base = Style::new()
            .set_font_name("宋体")
            .set_font_size(10)
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        Styles {
            title: Style::new()
                .set_font_name("黑体")
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            label: base.clone().set_bold().set_align(FormatAlign::Center),
            group: base.clone().set_align(FormatAlign::Center),
            text: base.clone().set_align(FormatAlign::Left),
            plain: Style::new().set_font_name("宋体").set_font_size(10),
        }
    }

    /// A figure's style: right-aligned, with the number format that prints its `text`.
    fn figure(&self, f: &Figure) -> Style {
        let zeros = "0".repeat(f.decimals as usize);
        let format = match f.kind {
            FigureKind::Amount => format!("#,##0.{zeros}"),
            FigureKind::Ratio => format!("0.{zeros}%"),
            FigureKind::Points => "General".to_string(),
            FigureKind::Empty => "@".to_string(),
        };
        self.text
            .clone()
            .set_align(FormatAlign::Right)
            .set_num_format(format)
    }
}

/// Why a workbook could not be written (a limit of the format, e.g. a sheet too large).
#[derive(Debug, thiserror::Error)]
#[error("无法写出 xlsx — cannot write the xlsx: {0}")]
pub struct XlsxWriteError(#[from] XlsxError);

/// The workbook of a sealed report, as bytes.
pub fn render(r: &Report) -> Result<Vec<u8>, XlsxWriteError> {
    let mut wb = Workbook::new();
    let styles = Styles::new();
    form_sheet(wb.add_worksheet(), &r.form, &styles)?;
    spending_sheet(wb.add_worksheet(), r, &styles)?;
    if r.integrity.audience == Audience::Audit {
        super::xlsx_audit::computation_sheet(wb.add_worksheet(), r, &styles.label, &styles.text)?;
        super::xlsx_audit::findings_sheet(wb.add_worksheet(), r, &styles.label, &styles.text)?;
    }
    wb.set_properties(&properties(r)?);
    Ok(wb.save_to_buffer()?)
}

/// (name, value) of every integrity property, in the order they are written.
pub fn integrity_properties(r: &Report) -> Vec<(String, String)> {
    let i = &r.integrity;
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    [
        ("project", r.project.id.clone()),
        ("audience", i.audience.as_str().to_string()),
        ("ledger_id", i.ledger_id.clone()),
        ("head_seq", i.head_seq.to_string()),
        ("head_hash", i.head_hash.clone()),
        ("as_of", opt(&i.as_of)),
        ("known_at", opt(&i.known_at)),
        ("policy", i.policy.clone()),
        ("generator", i.generator.clone()),
        ("digest", i.digest.clone()),
    ]
    .into_iter()
    .map(|(k, v)| (format!("{PROPERTY_PREFIX}{k}"), v))
    .collect()
}

fn properties(r: &Report) -> Result<DocProperties, XlsxError> {
    // A fixed creation date (the filing date, else the year's end), so the bytes depend on
    // the report alone.
    let day = r.filled_on.unwrap_or_else(|| {
        chrono::NaiveDate::from_ymd_opt(r.project.year as i32, 12, 31).unwrap_or_default()
    });
    let created = ExcelDateTime::parse_from_str(&format!("{day}T00:00:00Z"))?;
    let mut props = DocProperties::new()
        .set_title(cell(&r.form.title))
        .set_subject(cell(&r.project.name))
        .set_author(cell(&r.form.header.implementing_unit))
        .set_creation_datetime(&created);
    for (name, value) in integrity_properties(r) {
        props = props.set_custom_property(name, value.as_str());
    }
    Ok(props)
}

/// A worksheet being filled, with its column widths, so each row can be given the height
/// its wrapped text needs: spreadsheets do not grow a row for text in merged cells, and
/// LibreOffice grows none on opening, so without this a long goal would overlap its
/// neighbours. Dereferences to the worksheet.
pub(super) struct Grid<'a> {
    ws: &'a mut Worksheet,
    widths: Vec<f64>,
    lines: std::collections::BTreeMap<u32, usize>,
}

impl<'a> Grid<'a> {
    /// Sets the column widths (in characters) and starts recording row heights.
    pub(super) fn new(ws: &'a mut Worksheet, widths: &[f64]) -> Result<Grid<'a>, XlsxError> {
        for (col, width) in widths.iter().enumerate() {
            ws.set_column_width(col as u16, *width)?;
        }
        Ok(Grid {
            ws,
            widths: widths.to_vec(),
            lines: Default::default(),
        })
    }

    /// Notes that `text` in columns `c0..=c1` of `row` needs its lines.
    fn fit(&mut self, row: u32, (c0, c1): (u16, u16), text: &str) {
        let width: f64 = self
            .widths
            .iter()
            .skip(c0 as usize)
            .take((c1 - c0 + 1) as usize)
            .sum();
        let room = (width - 1.0).max(1.0);
        let lines: usize = text
            .split('\n')
            .map(|l| {
                ((UnicodeWidthStr::width(l) as f64 * 0.95) / room)
                    .ceil()
                    .max(1.0) as usize
            })
            .sum();
        let at = self.lines.entry(row).or_insert(1);
        *at = (*at).max(lines);
    }

    /// Gives every row that needs more than one line its height (10pt text: 13.5pt a line).
    pub(super) fn finish(self) -> Result<(), XlsxError> {
        for (row, lines) in self.lines {
            if lines > 1 {
                self.ws.set_row_height(row, 13.5 * lines as f64 + 3.0)?;
            }
        }
        Ok(())
    }
}

impl std::ops::Deref for Grid<'_> {
    type Target = Worksheet;
    fn deref(&self) -> &Worksheet {
        self.ws
    }
}

impl std::ops::DerefMut for Grid<'_> {
    fn deref_mut(&mut self) -> &mut Worksheet {
        self.ws
    }
}

/// Writes `text` into the cells `(r0, c0)..=(r1, c1)`, merged when more than one, and notes
/// the lines it needs when it spans one row.
pub(super) fn put(
    ws: &mut Grid,
    (r0, c0, r1, c1): (u32, u16, u32, u16),
    text: &str,
    style: &Style,
) -> Result<(), XlsxError> {
    let text = cell(text);
    if r0 == r1 {
        ws.fit(r0, (c0, c1), &text);
    }
    if r0 == r1 && c0 == c1 {
        ws.write_string_with_format(r0, c0, text, style)?;
    } else {
        ws.merge_range(r0, c0, r1, c1, &text, style)?;
    }
    Ok(())
}

/// A figure: its number with a format that prints what the form prints, or `—`.
fn figure(ws: &mut Grid, row: u32, col: u16, f: &Figure, s: &Styles) -> Result<(), XlsxError> {
    match f.value {
        Some(v) => ws.write_number_with_format(row, col, number(v), &s.figure(f))?,
        None => ws.write_string_with_format(row, col, cell(&f.text), &s.figure(f))?,
    };
    Ok(())
}

/// A decimal as Excel stores it.
pub fn number(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::NAN)
}

/// Column widths of 自评表 (A–H), in characters.
const FORM_WIDTHS: [f64; 8] = [11.0, 16.0, 26.0, 13.0, 20.0, 8.0, 8.0, 26.0];

fn form_sheet(ws: &mut Worksheet, f: &Form, s: &Styles) -> Result<(), XlsxError> {
    ws.set_name(FORM_SHEET)?;
    let mut grid = Grid::new(ws, &FORM_WIDTHS)?;
    let ws = &mut grid;
    ws.set_paper_size(9)
        .set_portrait()
        .set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_repeat_rows(0, 0)?;
    ws.set_footer(format!(
        "&L&8{}&R&8第 &P 页 共 &N 页",
        f.footer.line().replace('&', "&&")
    ));
    ws.set_row_height(0, 30)?;
    put(ws, (0, 0, 0, 7), &f.title, &s.title)?;
    let h = &f.header;
    put(ws, (1, 0, 1, 1), "项目名称", &s.label)?;
    put(ws, (1, 2, 1, 7), &h.project_name, &s.text)?;
    put(ws, (2, 0, 2, 1), "主管部门", &s.label)?;
    put(ws, (2, 2, 2, 3), &h.competent_department, &s.text)?;
    put(ws, (2, 4, 2, 4), "实施单位", &s.label)?;
    put(ws, (2, 5, 2, 7), &h.implementing_unit, &s.text)?;
    let mut row = money_block(ws, f, 3, s)?;
    row = goals_block(ws, f, row, s)?;
    row = indicator_block(ws, f, row, s)?;
    if let Some(sig) = &f.signature {
        let v = |x: &Option<String>| x.clone().unwrap_or_default();
        let line = format!(
            "填报人：{}　　联系电话：{}　　单位负责人：{}　　填报日期：{}",
            v(&sig.filled_by),
            v(&sig.phone),
            v(&sig.unit_head),
            v(&sig.filled_on)
        );
        put(ws, (row + 1, 0, row + 1, 7), &line, &s.plain)?;
    }
    grid.finish()
}

/// The money block from `top`; returns the next free row.
fn money_block(ws: &mut Grid, f: &Form, top: u32, s: &Styles) -> Result<u32, XlsxError> {
    let last = top + f.money.rows.len() as u32;
    put(ws, (top, 0, last, 0), &f.money.caption, &s.label)?;
    put(ws, (top, 1, top, 1), "", &s.label)?;
    for (k, head) in MONEY_COLUMNS.iter().enumerate() {
        put(ws, (top, 2 + k as u16, top, 2 + k as u16), head, &s.label)?;
    }
    for (n, r) in f.money.rows.iter().enumerate() {
        let row = top + 1 + n as u32;
        put(ws, (row, 1, row, 1), &r.label, &s.text)?;
        for (k, c) in r.cells().iter().enumerate() {
            figure(ws, row, 2 + k as u16, c, s)?;
        }
    }
    Ok(last + 1)
}

fn goals_block(ws: &mut Grid, f: &Form, top: u32, s: &Styles) -> Result<u32, XlsxError> {
    let last = top + f.goals.len() as u32;
    put(ws, (top, 0, last, 0), "年度总体目标", &s.label)?;
    put(ws, (top, 1, top, 3), "预期目标", &s.label)?;
    put(ws, (top, 4, top, 7), "实际完成情况", &s.label)?;
    for (n, g) in f.goals.iter().enumerate() {
        let row = top + 1 + n as u32;
        put(
            ws,
            (row, 1, row, 3),
            &format!("{}. {}", n + 1, g.expected),
            &s.text,
        )?;
        put(ws, (row, 4, row, 7), &g.achieved, &s.text)?;
    }
    Ok(last + 1)
}

fn indicator_block(ws: &mut Grid, f: &Form, top: u32, s: &Styles) -> Result<u32, XlsxError> {
    for (k, head) in INDICATOR_COLUMNS.iter().enumerate() {
        put(ws, (top, k as u16, top, k as u16), head, &s.label)?;
    }
    let mut row = top + 1;
    for g in &f.indicators {
        put(
            ws,
            (row, 0, row + g.rows_span as u32 - 1, 0),
            &g.name,
            &s.group,
        )?;
        for l2 in &g.level2 {
            put(
                ws,
                (row, 1, row + l2.rows_span as u32 - 1, 1),
                &l2.name,
                &s.group,
            )?;
            for r in &l2.rows {
                for (k, text) in [&r.name, &r.target, &r.actual].into_iter().enumerate() {
                    put(ws, (row, 2 + k as u16, row, 2 + k as u16), text, &s.text)?;
                }
                figure(ws, row, 5, &r.weight, s)?;
                figure(ws, row, 6, &r.score, s)?;
                put(ws, (row, 7, row, 7), &r.deviation, &s.text)?;
                row += 1;
            }
        }
    }
    let t = &f.total;
    put(ws, (row, 0, row, 4), &t.label, &s.label)?;
    figure(ws, row, 5, &t.weight, s)?;
    figure(ws, row, 6, &t.score, s)?;
    put(ws, (row, 7, row, 7), &format!("等级：{}", t.grade), &s.text)?;
    Ok(row + 1)
}

/// 支出明细: one row per disbursement, amounts in 元, and a 合计 row.
fn spending_sheet(ws: &mut Worksheet, r: &Report, s: &Styles) -> Result<(), XlsxError> {
    ws.set_name(SPENDING_SHEET)?;
    let heads = [
        "序号",
        "日期",
        "用途",
        "金额（元）",
        "资金来源",
        "支出类别",
        "收款方",
        "凭证号",
        "seq",
    ];
    let widths = [6.0, 12.0, 30.0, 14.0, 14.0, 12.0, 18.0, 14.0, 6.0];
    let mut grid = Grid::new(ws, &widths)?;
    let ws = &mut grid;
    for (k, h) in heads.iter().enumerate() {
        put(ws, (0, k as u16, 0, k as u16), h, &s.label)?;
    }
    ws.set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    let yuan = s
        .text
        .clone()
        .set_align(FormatAlign::Right)
        .set_num_format("#,##0.00");
    let count = s
        .text
        .clone()
        .set_align(FormatAlign::Right)
        .set_num_format("0");
    for (n, d) in r.money.figures.disbursements.iter().enumerate() {
        let row = 1 + n as u32;
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        ws.write_number_with_format(row, 0, (n + 1) as f64, &count)?;
        put(ws, (row, 1, row, 1), &d.effective.to_string(), &s.text)?;
        put(ws, (row, 2, row, 2), &d.purpose, &s.text)?;
        ws.write_number_with_format(row, 3, number(d.amount.decimal()), &yuan)?;
        put(ws, (row, 4, row, 4), d.fund.label(), &s.text)?;
        put(ws, (row, 5, row, 5), &opt(&d.category), &s.text)?;
        put(ws, (row, 6, row, 6), &opt(&d.payee), &s.text)?;
        put(ws, (row, 7, row, 7), &opt(&d.voucher), &s.text)?;
        ws.write_number_with_format(row, 8, d.seq as f64, &count)?;
    }
    let row = 1 + r.money.figures.disbursements.len() as u32;
    put(ws, (row, 0, row, 2), "合计", &s.label)?;
    ws.write_number_with_format(row, 3, number(r.money.figures.spent.decimal()), &yuan)?;
    for col in 4..=8 {
        put(ws, (row, col, row, col), "", &s.text)?;
    }
    grid.finish()
}
