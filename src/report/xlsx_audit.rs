//! The audit copy's extra sheets in the workbook: 评分过程 (how each score was reached) and
//! 审计发现 (the findings with their seqs). Submission copies have neither.

use rust_xlsxwriter::{Format as Style, FormatAlign, Worksheet, XlsxError};

use super::markdown::rows_in_form_order;
use super::model::Report;
use super::xlsx::{number, put, Grid};
use crate::projection::state::percent;

/// The name of the sheet with the per-row computation.
pub const COMPUTATION_SHEET: &str = "评分过程";
/// The name of the sheet with the findings.
pub const FINDINGS_SHEET: &str = "审计发现";

fn heads<'a>(
    ws: &'a mut Worksheet,
    heads: &[(&str, f64)],
    label: &Style,
) -> Result<Grid<'a>, XlsxError> {
    let widths: Vec<f64> = heads.iter().map(|h| h.1).collect();
    let mut ws = Grid::new(ws, &widths)?;
    for (k, (h, _)) in heads.iter().enumerate() {
        put(&mut ws, (0, k as u16, 0, k as u16), h, label)?;
    }
    ws.set_paper_size(9)
        .set_landscape()
        .set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(ws)
}

/// 指标 | 分值 | 得分 | 计算: 预算执行率 first, then the rows in the form's order, exact.
pub fn computation_sheet(
    ws: &mut Worksheet,
    r: &Report,
    label: &Style,
    text: &Style,
) -> Result<(), XlsxError> {
    ws.set_name(COMPUTATION_SHEET)?;
    let mut grid = heads(
        ws,
        &[
            ("指标", 30.0),
            ("分值", 14.0),
            ("得分", 14.0),
            ("计算", 60.0),
        ],
        label,
    )?;
    let ws = &mut grid;
    let exact = text
        .clone()
        .set_align(FormatAlign::Right)
        .set_num_format("0.##########");
    let m = &r.money.figures;
    let how = format!(
        "执行率 {} → min(执行率, 100%) × {}",
        percent(m.execution_ratio),
        r.money.execution_weight
    );
    let mut rows = vec![(
        "预算执行率",
        r.money.execution_weight,
        r.money.execution_score,
        how,
    )];
    rows.extend(
        rows_in_form_order(r)
            .into_iter()
            .map(|(_, _, i)| (i.name.as_str(), i.weight, i.score, i.why.clone())),
    );
    for (n, (name, weight, score, why)) in rows.iter().enumerate() {
        let row = 1 + n as u32;
        put(ws, (row, 0, row, 0), name, text)?;
        ws.write_number_with_format(row, 1, number(*weight), &exact)?;
        ws.write_number_with_format(row, 2, number(*score), &exact)?;
        put(ws, (row, 3, row, 3), why, text)?;
    }
    let row = 1 + rows.len() as u32;
    put(ws, (row, 0, row, 1), "总分", label)?;
    ws.write_number_with_format(row, 2, number(r.total_score), &exact)?;
    put(ws, (row, 3, row, 3), &format!("等级：{}", r.grade), text)?;
    grid.finish()
}

/// 代码 | 级别 | 说明 | 依据 seq.
pub fn findings_sheet(
    ws: &mut Worksheet,
    r: &Report,
    label: &Style,
    text: &Style,
) -> Result<(), XlsxError> {
    ws.set_name(FINDINGS_SHEET)?;
    let mut grid = heads(
        ws,
        &[
            ("代码", 28.0),
            ("级别", 10.0),
            ("说明", 80.0),
            ("依据 seq", 14.0),
        ],
        label,
    )?;
    let ws = &mut grid;
    for (n, f) in r.findings.iter().enumerate() {
        let row = 1 + n as u32;
        let seqs: Vec<String> = f.seqs.iter().map(u64::to_string).collect();
        put(ws, (row, 0, row, 0), f.code, text)?;
        put(ws, (row, 1, row, 1), &format!("{:?}", f.severity), text)?;
        put(ws, (row, 2, row, 2), &f.message, text)?;
        put(ws, (row, 3, row, 3), &seqs.join(", "), text)?;
    }
    grid.finish()
}
