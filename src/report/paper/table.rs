//! The 自评表 (`Form`) as one ruled grid, as the template lays it out: 项目名称, 主管部门 |
//! 实施单位, the money block under 项目资金（万元）, 年度总体目标 as 预期目标 | 实际完成情况, the
//! indicator table under 绩效指标 with 一级 and 二级 as merged cells, the 总分 row inside the
//! table; then the signature block. Cells print the form's text; nothing is computed here.

use super::grid::{Cell, Grid};
use super::Block;
use crate::report::form::{Form, Level1Group, Signature, INDICATOR_COLUMNS, MONEY_COLUMNS};

/// Columns: 绩效指标 | 一级 | 二级 | 三级 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因…
const WIDTHS: [u32; 9] = [8, 9, 10, 16, 12, 13, 7, 7, 18];

/// The form's title, its unit line, its grid and the signature block.
pub fn blocks(f: &Form) -> Vec<Block> {
    let mut g = Grid::new(&WIDTHS);
    header(f, &mut g);
    money(f, &mut g);
    goals(f, &mut g);
    indicators(f, &mut g);
    let mut out = vec![
        Block::Title(f.title.clone()),
        Block::Plain("金额单位：万元".into()),
        Block::Table(g),
    ];
    out.extend(
        f.signature
            .as_ref()
            .map(|s| Block::Plain(signature_line(s))),
    );
    out
}

fn header(f: &Form, g: &mut Grid) {
    let h = &f.header;
    g.row(
        false,
        vec![
            Cell::head("项目名称").span(2, 1),
            Cell::new(&h.project_name).span(7, 1),
        ],
    );
    g.row(
        false,
        vec![
            Cell::head("主管部门").span(2, 1),
            Cell::new(&h.competent_department).span(3, 1),
            Cell::head("实施单位"),
            Cell::new(&h.implementing_unit).span(3, 1),
        ],
    );
}

fn money(f: &Form, g: &mut Grid) {
    let rows = &f.money.rows;
    let mut head = vec![
        Cell::head(&f.money.caption).span(1, rows.len() + 1),
        Cell::new("").span(2, 1),
    ];
    head.extend(MONEY_COLUMNS.iter().map(|h| Cell::head(*h)));
    g.row(true, head);
    for r in rows {
        let mut row = vec![Cell::new(&r.label).span(2, 1)];
        row.extend(r.cells().iter().map(|c| Cell::new(&c.text).right()));
        g.row(false, row);
    }
}

fn goals(f: &Form, g: &mut Grid) {
    let n = f.goals.len().max(1);
    g.row(
        true,
        vec![
            Cell::head("年度总体目标").span(2, n + 1),
            Cell::head("预期目标").span(3, 1),
            Cell::head("实际完成情况").span(4, 1),
        ],
    );
    if f.goals.is_empty() {
        g.row(
            false,
            vec![
                Cell::new("（未记录）").span(3, 1),
                Cell::new("（未记录）").span(4, 1),
            ],
        );
    }
    for (k, goal) in f.goals.iter().enumerate() {
        g.row(
            false,
            vec![
                Cell::new(format!("{}. {}", k + 1, goal.expected)).span(3, 1),
                Cell::new(&goal.achieved).span(4, 1),
            ],
        );
    }
}

fn indicators(f: &Form, g: &mut Grid) {
    let n: usize = f.indicators.iter().map(|l| l.rows_span).sum();
    let mut head = vec![Cell::head("绩效指标").span(1, n + 1)];
    head.extend(INDICATOR_COLUMNS.iter().map(|h| Cell::head(*h)));
    g.row(true, head);
    for group in &f.indicators {
        level1(group, g);
    }
    let t = &f.total;
    g.row(
        false,
        vec![
            Cell::head(&t.label).span(6, 1),
            Cell::new(&t.weight.text).right().strong(),
            Cell::new(&t.score.text).right().strong(),
            Cell::new(format!("等级：{}", t.grade)).center().strong(),
        ],
    );
}

fn level1(group: &Level1Group, g: &mut Grid) {
    let mut first1 = true;
    for l2 in &group.level2 {
        for (k, r) in l2.rows.iter().enumerate() {
            let mut row = Vec::new();
            if first1 {
                row.push(Cell::new(&group.name).center().span(1, group.rows_span));
                first1 = false;
            }
            if k == 0 {
                row.push(Cell::new(&l2.name).center().span(1, l2.rows_span));
            }
            row.extend([
                Cell::new(&r.name),
                Cell::new(&r.target).center(),
                Cell::new(&r.actual).center(),
                Cell::new(&r.weight.text).right(),
                Cell::new(&r.score.text).right(),
                Cell::new(&r.deviation),
            ]);
            g.row(false, row);
        }
    }
}

/// 填报人：…　联系电话：…　单位负责人：…　填报日期：…, a blank to fill by hand where the
/// ledger has nothing.
fn signature_line(s: &Signature) -> String {
    let v = |o: &Option<String>| o.clone().unwrap_or_else(|| "＿＿＿＿".into());
    format!(
        "填报人：{}　联系电话：{}　单位负责人：{}　填报日期：{}",
        v(&s.filled_by),
        v(&s.phone),
        v(&s.unit_head),
        v(&s.filled_on)
    )
}
