//! The 自评报告's sections 一 to 七 as blocks, in the seed's order and words (the same sentences
//! the Markdown report prints, from `markdown` and `money_text`).

use super::grid::{Cell, Grid};
use super::Block;
use crate::projection::state::GoalStatus;
use crate::report::markdown::{
    basis_text, changes_list, implementation_sentence, input_sentence, result_sentence, text,
};
use crate::report::model::Report;
use crate::report::money_text::funds_paragraphs;

/// Sections 一 to 七 with the title block.
pub fn blocks(r: &Report) -> Vec<Block> {
    let p = &r.project;
    let filled = r
        .filled_on
        .map(|d| d.format("%Y 年 %-m 月 %-d 日").to_string())
        .unwrap_or_else(|| "—".into());
    let mut o = vec![
        Block::Title("项目支出绩效自评报告".into()),
        Block::Meta(vec![
            format!("项目名称：{}", p.name),
            format!("评价年度：{}", p.year),
            format!("预算部门：{}", p.department),
            format!("填报日期：{filled}"),
        ]),
    ];
    basic(r, &mut o);
    work(r, &mut o);
    o.push(Block::Heading(1, "三、绩效自评结果".into()));
    o.push(Block::Para(result_sentence(r)));
    funds(r, &mut o);
    lessons(r, &mut o);
    o.push(Block::Heading(1, "六、改进意见".into()));
    paras(&mut o, &text(r, "improvements"));
    o.push(Block::Heading(1, "七、绩效自评结果拟应用和公开情况".into()));
    paras(&mut o, &text(r, "publication"));
    o
}

/// One paragraph per line of a recorded text.
fn paras(o: &mut Vec<Block>, text: &str) {
    o.extend(
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| Block::Para(l.to_string())),
    );
}

fn basic(r: &Report, o: &mut Vec<Block>) {
    let p = &r.project;
    o.push(Block::Heading(1, "一、基本情况".into()));
    o.push(Block::Heading(2, "（一）项目概况".into()));
    o.push(Block::Heading(3, "1. 项目背景".into()));
    paras(o, &text(r, "background"));
    o.push(Block::Heading(3, "2. 项目实施依据".into()));
    paras(o, &basis_text(r));
    let contents = r
        .narrative
        .get("contents")
        .cloned()
        .or(p.contents.clone())
        .unwrap_or_else(|| "（未记录）".into());
    o.push(Block::Heading(3, "3. 项目主要内容".into()));
    paras(o, &contents);
    o.push(Block::Heading(3, "4. 项目实施情况".into()));
    o.push(Block::Para(implementation_sentence(r)));
    o.push(Block::Heading(3, "5. 项目预期投入".into()));
    o.push(Block::Para(input_sentence(r)));
    o.push(Block::Heading(
        2,
        "（二）评价年度项目绩效目标设定情况".into(),
    ));
    o.push(Block::Para("年度项目绩效总体目标：".into()));
    let active = r.goals.iter().filter(|g| g.status != GoalStatus::Withdrawn);
    for (n, g) in active.enumerate() {
        o.push(Block::Para(format!("{}. {}；", n + 1, g.text)));
    }
}

fn work(r: &Report, o: &mut Vec<Block>) {
    o.push(Block::Heading(1, "二、绩效自评工作开展情况".into()));
    for (head, key) in [
        ("（一）自评对象、范围", "scope"),
        ("（二）评价指标体系和标准、评价方法", "method"),
        ("（三）自评工作组织", "organisation"),
    ] {
        o.push(Block::Heading(2, head.into()));
        paras(o, &text(r, key));
    }
}

fn funds(r: &Report, o: &mut Vec<Block>) {
    let (arrived, spent) = funds_paragraphs(&r.money.figures);
    o.push(Block::Heading(1, "四、项目资金使用绩效".into()));
    o.push(Block::Heading(2, "（一）资金投入情况".into()));
    o.push(Block::Heading(3, "1. 资金到位情况".into()));
    o.push(Block::Para(arrived));
    o.push(Block::Heading(3, "2. 资金执行情况".into()));
    o.push(Block::Para(spent));
    o.push(Block::Heading(3, "3. 资金管理情况".into()));
    paras(o, &text(r, "management"));
    o.push(Block::Heading(2, "（二）绩效目标完成情况".into()));
    o.push(Block::Heading(3, "1. 总体目标完成情况".into()));
    paras(o, &text(r, "goal_completion"));
    o.push(Block::Heading(
        3,
        "2. 产出指标、效益指标和满意度指标完成情况".into(),
    ));
    o.push(Block::Table(completion_table(r)));
}

/// 一级 | 二级 | 三级 | 预期值 | 实现值, grouped as the 自评表 groups them (merged cells).
fn completion_table(r: &Report) -> Grid {
    let mut g = Grid::new(&[12, 14, 30, 18, 26]);
    let heads = ["一级指标", "二级指标", "三级指标", "预期值", "实现值"];
    g.row(true, heads.iter().map(|h| Cell::head(*h)).collect());
    for group in &r.form.indicators {
        let mut first1 = true;
        for l2 in &group.level2 {
            for (k, row) in l2.rows.iter().enumerate() {
                let mut cells = Vec::new();
                if first1 {
                    cells.push(Cell::new(&group.name).center().span(1, group.rows_span));
                    first1 = false;
                }
                if k == 0 {
                    cells.push(Cell::new(&l2.name).center().span(1, l2.rows_span));
                }
                cells.extend([
                    Cell::new(&row.name),
                    Cell::new(&row.target).center(),
                    Cell::new(&row.actual),
                ]);
                g.row(false, cells);
            }
        }
    }
    g
}

fn lessons(r: &Report, o: &mut Vec<Block>) {
    o.push(Block::Heading(
        1,
        "五、主要经验、存在的问题和偏离绩效目标的原因分析".into(),
    ));
    o.push(Block::Heading(2, "（一）主要经验".into()));
    paras(o, &text(r, "experience"));
    o.push(Block::Heading(
        2,
        "（二）绩效目标未能按年初预算批复完成原因".into(),
    ));
    paras(o, &text(r, "deviation"));
    let changes = changes_list(r);
    if !changes.is_empty() {
        o.push(Block::Para("账本记录的调整：".into()));
        o.extend(changes.into_iter().map(|c| Block::Plain(format!("· {c}"))));
    }
}
