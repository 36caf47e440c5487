//! The 自评表 (`Form`) in Markdown, as close to the template as pipe tables allow: the header
//! and money block as tables, goals as 预期目标 | 实际完成情况, the indicator table with 一级 and
//! 二级 printed only on their group's first row (Markdown cannot merge cells), the 总分 row
//! inside the table, then the signature block. Every cell goes through `escape::md_inline`.

use std::fmt::Write as _;

use super::escape::md_inline;
use super::form::{Form, INDICATOR_COLUMNS, MONEY_COLUMNS};

/// The whole 自评表, starting with its title as a level-3 heading (the report puts it under
/// `## 附：项目支出绩效自评表`).
pub fn render(f: &Form) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "### {}\n", md_inline(&f.title));
    header(f, &mut o);
    money(f, &mut o);
    goals(f, &mut o);
    indicators(f, &mut o);
    signature(f, &mut o);
    o
}

fn row(cells: &[String]) -> String {
    format!("| {} |", cells.join(" | "))
}

fn header(f: &Form, o: &mut String) {
    let h = &f.header;
    let _ = writeln!(
        o,
        "| 项目名称 | {} |\n|---|---|",
        md_inline(&h.project_name)
    );
    let _ = writeln!(o, "| 主管部门 | {} |", md_inline(&h.competent_department));
    let _ = writeln!(o, "| 实施单位 | {} |\n", md_inline(&h.implementing_unit));
}

fn money(f: &Form, o: &mut String) {
    let mut heads = vec![md_inline(&f.money.caption)];
    heads.extend(MONEY_COLUMNS.iter().map(|h| h.to_string()));
    let _ = writeln!(o, "{}\n|---|---:|---:|---:|---:|---:|---:|", row(&heads));
    for r in &f.money.rows {
        let mut cells = vec![md_inline(&r.label)];
        cells.extend(r.cells().iter().map(|c| md_inline(&c.text)));
        let _ = writeln!(o, "{}", row(&cells));
    }
    o.push('\n');
}

fn goals(f: &Form, o: &mut String) {
    let _ = writeln!(
        o,
        "**年度总体目标**\n\n| 预期目标 | 实际完成情况 |\n|---|---|"
    );
    for (n, g) in f.goals.iter().enumerate() {
        let expected = format!("{}. {}", n + 1, md_inline(&g.expected));
        let _ = writeln!(o, "{}", row(&[expected, md_inline(&g.achieved)]));
    }
    o.push('\n');
}

fn indicators(f: &Form, o: &mut String) {
    let heads: Vec<String> = INDICATOR_COLUMNS.iter().map(|h| h.to_string()).collect();
    let _ = writeln!(o, "**绩效指标**\n\n{}", row(&heads));
    let _ = writeln!(o, "|---|---|---|---|---|---:|---:|---|");
    for g in &f.indicators {
        for (a, l2) in g.level2.iter().enumerate() {
            for (b, r) in l2.rows.iter().enumerate() {
                let first = |yes: bool, s: &str| if yes { md_inline(s) } else { String::new() };
                let cells = [
                    first(a == 0 && b == 0, &g.name),
                    first(b == 0, &l2.name),
                    md_inline(&r.name),
                    md_inline(&r.target),
                    md_inline(&r.actual),
                    md_inline(&r.weight.text),
                    md_inline(&r.score.text),
                    md_inline(&r.deviation),
                ];
                let _ = writeln!(o, "{}", row(&cells));
            }
        }
    }
    let t = &f.total;
    let total = [
        md_inline(&t.label),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        md_inline(&t.weight.text),
        md_inline(&t.score.text),
        format!("等级：{}", md_inline(&t.grade)),
    ];
    let _ = writeln!(o, "{}\n", row(&total));
}

fn signature(f: &Form, o: &mut String) {
    let Some(s) = &f.signature else { return };
    let blank = |v: &Option<String>| v.as_deref().map(md_inline).unwrap_or_default();
    let _ = writeln!(
        o,
        "填报人：{}　联系电话：{}　单位负责人：{}　填报日期：{}\n",
        blank(&s.filled_by),
        blank(&s.phone),
        blank(&s.unit_head),
        blank(&s.filled_on)
    );
}
