//! The 自评表 (项目支出绩效自评表（YYYY年度）) as one ruled grid: header, money block, goals,
//! indicators grouped by 一级 then 二级 with merged cells, the 总分 row, the signature block.

use super::grid::{Cell, Grid};
use super::Block;
use crate::projection::state::GoalStatus;
use crate::report::markdown::text;
use crate::report::model::{Report, ReportIndicator};
use crate::report::money_text::{money_rows, MONEY_HEADS};
use crate::scoring::show;

/// Columns: 绩效指标 | 一级 | 二级 | 三级 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因…
const WIDTHS: [u32; 9] = [8, 9, 10, 16, 12, 13, 7, 7, 18];

/// The form's title and its grid.
pub fn blocks(r: &Report) -> Vec<Block> {
    let mut g = Grid::new(&WIDTHS);
    header(r, &mut g);
    money(r, &mut g);
    goals(r, &mut g);
    indicators(r, &mut g);
    vec![
        Block::Title(format!("项目支出绩效自评表（{}年度）", r.project.year)),
        Block::Plain("金额单位：万元".into()),
        Block::Table(g),
    ]
}

fn header(r: &Report, g: &mut Grid) {
    let p = &r.project;
    g.row(
        false,
        vec![
            Cell::head("项目名称").span(2, 1),
            Cell::new(&p.name).span(7, 1),
        ],
    );
    let competent = p.competent_department.as_deref().unwrap_or(&p.department);
    let unit = p.unit.as_deref().unwrap_or(&p.department);
    g.row(
        false,
        vec![
            Cell::head("主管部门").span(2, 1),
            Cell::new(competent).span(3, 1),
            Cell::head("实施单位"),
            Cell::new(unit).span(3, 1),
        ],
    );
}

fn money(r: &Report, g: &mut Grid) {
    let rows = money_rows(&r.money);
    let mut head = vec![
        Cell::head("项目资金（万元）").span(1, rows.len() + 1),
        Cell::new("").span(2, 1),
    ];
    head.extend(MONEY_HEADS.iter().map(|h| Cell::head(*h)));
    g.row(true, head);
    for (label, cells) in rows {
        let mut row = vec![Cell::new(label).span(2, 1)];
        row.extend(cells.iter().map(|c| Cell::new(c).right()));
        g.row(false, row);
    }
}

fn goals(r: &Report, g: &mut Grid) {
    let active: Vec<String> = r
        .goals
        .iter()
        .filter(|g| g.status != GoalStatus::Withdrawn)
        .enumerate()
        .map(|(n, g)| format!("{}. {}", n + 1, g.text))
        .collect();
    g.row(
        true,
        vec![
            Cell::head("年度总体目标").span(2, 2),
            Cell::head("预期目标").span(3, 1),
            Cell::head("实际完成情况").span(4, 1),
        ],
    );
    g.row(
        false,
        vec![
            Cell::new(active.join("\n")).span(3, 1),
            Cell::new(text(r, "goal_completion")).span(4, 1),
        ],
    );
}

fn indicators(r: &Report, g: &mut Grid) {
    let n = r.indicators.len();
    let heads = [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ];
    let mut head = vec![Cell::head("绩效指标").span(1, n + 1)];
    head.extend(heads.iter().map(|h| Cell::head(*h)));
    g.row(true, head);
    let mut i = 0;
    while i < n {
        let level1 = &r.indicators[i].level1;
        let end1 = run_end(&r.indicators, i, |x| &x.level1 == level1);
        let mut j = i;
        while j < end1 {
            let level2 = &r.indicators[j].level2;
            let end2 = run_end(&r.indicators[..end1], j, |x| &x.level2 == level2);
            for k in j..end2 {
                let mut row = Vec::new();
                if k == i {
                    row.push(Cell::new(level1).center().span(1, end1 - i));
                }
                if k == j {
                    row.push(Cell::new(level2).center().span(1, end2 - j));
                }
                row.extend(indicator_cells(&r.indicators[k]));
                g.row(false, row);
            }
            j = end2;
        }
        i = end1;
    }
    g.row(
        false,
        vec![
            Cell::head("总分").span(6, 1),
            Cell::new(show(total_weight(r))).right(),
            Cell::new(show(r.total_score)).right(),
            Cell::new(format!("等级：{}", r.grade)).center(),
        ],
    );
}

/// The end of the run of rows from `start` that satisfy `same`.
fn run_end(
    rows: &[ReportIndicator],
    start: usize,
    same: impl Fn(&ReportIndicator) -> bool,
) -> usize {
    start + rows[start..].iter().take_while(|x| same(x)).count()
}

fn indicator_cells(i: &ReportIndicator) -> Vec<Cell> {
    let deviation = match (&i.deviation, i.met) {
        (Some(d), _) => d.clone(),
        (None, Some(true)) => "无".into(),
        (None, _) => i.why.clone(),
    };
    vec![
        Cell::new(&i.name),
        Cell::new(&i.target).center(),
        Cell::new(i.actual.as_deref().unwrap_or("—")).center(),
        Cell::new(i.weight_shown.to_string()).right(),
        Cell::new(i.score_shown.to_string()).right(),
        Cell::new(deviation),
    ]
}

/// The 总分 row's 分值: the execution weight and every indicator's printed weight.
fn total_weight(r: &Report) -> rust_decimal::Decimal {
    r.money.execution_weight
        + r.indicators
            .iter()
            .map(|i| i.weight_shown)
            .sum::<rust_decimal::Decimal>()
}
