//! The 自评表 (`Form`) in HTML as the template lays it out: one bordered table of eight
//! columns holding the header, the money block, the goals (预期目标 | 实际完成情况), the
//! indicator table with 一级 and 二级 merged by `rowspan`, and the 总分 row; then the
//! signature block. Every value goes through `escape::html`.

use std::fmt::Write as _;

use super::escape::html as esc;
use super::form::{Figure, Form, INDICATOR_COLUMNS, MONEY_COLUMNS};

/// CSS for the form (added to the report's style sheet).
pub const FORM_STYLE: &str = r#"table.form { table-layout: fixed; }
table.form caption { caption-side: top; font: 700 14pt/1.6 var(--sans); margin-bottom: .2em; }
table.form .label { background: #eef1f5; font-family: var(--sans); font-weight: 600; text-align: center; vertical-align: middle; }
table.form .group { text-align: center; vertical-align: middle; font-family: var(--sans); }
table.form tr.total td { font-weight: 700; }
.signature { text-indent: 0; font-family: var(--sans); display: flex; gap: 2.5em; flex-wrap: wrap; }
"#;

/// The 自评表 as one `<table class="form">` and the signature block after it.
pub fn render(f: &Form) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "<table class=\"form\">\n<caption>{}</caption>\n<colgroup><col style=\"width:10%\"><col style=\"width:11%\"><col style=\"width:17%\"><col style=\"width:12%\"><col style=\"width:14%\"><col style=\"width:8%\"><col style=\"width:8%\"><col style=\"width:20%\"></colgroup>\n<tbody>", esc(&f.title));
    header(f, &mut o);
    money(f, &mut o);
    goals(f, &mut o);
    indicators(f, &mut o);
    let _ = writeln!(o, "</tbody>\n</table>");
    signature(f, &mut o);
    o
}

fn label(text: &str, span: usize) -> String {
    match span {
        1 => format!("<td class=\"label\">{}</td>", esc(text)),
        n => format!("<td class=\"label\" colspan=\"{n}\">{}</td>", esc(text)),
    }
}

fn text(text: &str, span: usize) -> String {
    match span {
        1 => format!("<td>{}</td>", esc(text)),
        n => format!("<td colspan=\"{n}\">{}</td>", esc(text)),
    }
}

fn num(f: &Figure, span: usize) -> String {
    match span {
        1 => format!("<td class=\"num\">{}</td>", esc(&f.text)),
        n => format!("<td class=\"num\" colspan=\"{n}\">{}</td>", esc(&f.text)),
    }
}

fn header(f: &Form, o: &mut String) {
    let h = &f.header;
    let _ = writeln!(
        o,
        "<tr>{}{}</tr>",
        label("项目名称", 2),
        text(&h.project_name, 6)
    );
    let _ = writeln!(
        o,
        "<tr>{}{}{}{}</tr>",
        label("主管部门", 2),
        text(&h.competent_department, 2),
        label("实施单位", 1),
        text(&h.implementing_unit, 3)
    );
}

/// The money block: the caption cell spans the block's rows; the label takes one column and
/// the six figures the other six (全年执行数 is not wider than the rest).
fn money(f: &Form, o: &mut String) {
    let rows = f.money.rows.len() + 1;
    let heads: String = MONEY_COLUMNS.iter().map(|h| label(h, 1)).collect();
    let _ = writeln!(
        o,
        "<tr><td class=\"label\" rowspan=\"{rows}\">{}</td>{}{heads}</tr>",
        esc(&f.money.caption),
        label("", 1)
    );
    for r in &f.money.rows {
        let cells: String = r.cells().iter().map(|c| num(c, 1)).collect();
        let _ = writeln!(o, "<tr>{}{cells}</tr>", label(&r.label, 1));
    }
}

fn goals(f: &Form, o: &mut String) {
    let rows = f.goals.len() + 1;
    let _ = writeln!(
        o,
        "<tr><td class=\"label\" rowspan=\"{rows}\">年度总体目标</td>{}{}</tr>",
        label("预期目标", 3),
        label("实际完成情况", 4)
    );
    for (n, g) in f.goals.iter().enumerate() {
        let expected = format!("{}. {}", n + 1, g.expected);
        let _ = writeln!(o, "<tr>{}{}</tr>", text(&expected, 3), text(&g.achieved, 4));
    }
}

fn indicators(f: &Form, o: &mut String) {
    let heads: String = INDICATOR_COLUMNS.iter().map(|h| label(h, 1)).collect();
    let _ = writeln!(o, "<tr>{heads}</tr>");
    for g in &f.indicators {
        for (a, l2) in g.level2.iter().enumerate() {
            for (b, r) in l2.rows.iter().enumerate() {
                let mut cells = String::new();
                if a == 0 && b == 0 {
                    let _ = write!(
                        cells,
                        "<td class=\"group\" rowspan=\"{}\">{}</td>",
                        g.rows_span,
                        esc(&g.name)
                    );
                }
                if b == 0 {
                    let _ = write!(
                        cells,
                        "<td class=\"group\" rowspan=\"{}\">{}</td>",
                        l2.rows_span,
                        esc(&l2.name)
                    );
                }
                let row = [
                    text(&r.name, 1),
                    text(&r.target, 1),
                    text(&r.actual, 1),
                    num(&r.weight, 1),
                    num(&r.score, 1),
                    text(&r.deviation, 1),
                ];
                let _ = writeln!(o, "<tr>{cells}{}</tr>", row.concat());
            }
        }
    }
    let t = &f.total;
    let grade = format!("等级：{}", t.grade);
    let _ = writeln!(
        o,
        "<tr class=\"total\">{}{}{}{}</tr>",
        label(&t.label, 5),
        num(&t.weight, 1),
        num(&t.score, 1),
        text(&grade, 1)
    );
}

fn signature(f: &Form, o: &mut String) {
    let Some(s) = &f.signature else { return };
    let v = |x: &Option<String>| esc(x.as_deref().unwrap_or(""));
    let _ = writeln!(
        o,
        "<p class=\"signature\"><span>填报人：{}</span><span>联系电话：{}</span><span>单位负责人：{}</span><span>填报日期：{}</span></p>",
        v(&s.filled_by),
        v(&s.phone),
        v(&s.unit_head),
        v(&s.filled_on)
    );
}
