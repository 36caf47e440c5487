//! The report's money wording, shared by Markdown and HTML: the 自评表 money block (年度资金总额
//! and one row per fund source) and the 资金投入 sentences. Figures shown together go through
//! `money::show_all`, so 万元 rounding never hides a difference. Pure text, no markup.

use super::model::{Report, ReportMoney};
use crate::money::{show_all, show_pair, Shown};
use crate::projection::state::Money;
use crate::projection::state::{percent, Adjustment};
use crate::scoring::show;

/// Column heads of the money block, after the row label.
pub const MONEY_HEADS: [&str; 6] = [
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "分值",
    "执行率",
    "得分",
];

/// The money block's rows: a label and six cells (amounts in 万元, or 元 with the unit when
/// 万元 would print two different amounts of the row alike). 分值 and 得分 belong to the
/// 年度资金总额 row, on which execution is scored; the fund rows show — there.
pub fn money_rows(m: &ReportMoney) -> Vec<(&'static str, [String; 6])> {
    m.figures
        .by_fund
        .rows()
        .into_iter()
        .enumerate()
        .map(|(i, (label, row))| {
            let shown = show_all(&[row.initial_budget, row.budget, row.spent]);
            let [initial, budget, spent] = [0, 1, 2].map(|k| shown[k].cell());
            let (weight, score) = match i {
                0 => (show(m.execution_weight), show(m.execution_score)),
                _ => ("—".to_string(), "—".to_string()),
            };
            let ratio = percent(row.execution_ratio);
            (label, [initial, budget, spent, weight, ratio, score])
        })
        .collect()
}

/// What an adjustment set: `预算` for the whole, `上年结转资金预算` for one fund.
fn adjusted_what(a: &Adjustment) -> String {
    format!("{}预算", a.fund.map(|f| f.label()).unwrap_or_default())
}

/// What the 到位 paragraph says was adjusted: `年初预算` for the whole, else the fund's 预算.
fn adjusted_initial(a: &Adjustment) -> String {
    match a.fund {
        None => "年初预算".into(),
        Some(_) => adjusted_what(a),
    }
}

/// "本项目预算为 341 万元，后市财政调整预算为 101.35 万元。" from allocations and adjustments.
pub fn input_sentence(r: &Report) -> String {
    let m = &r.money.figures;
    let mut amounts = vec![m.initial_budget];
    amounts.extend(m.adjustments.iter().map(|a| a.to));
    let shown = show_all(&amounts);
    let mut s = format!("本项目预算为 {}", shown[0].spaced());
    for (a, to) in m.adjustments.iter().zip(&shown[1..]) {
        s.push_str(&format!(
            "，后{}调整{}为 {}",
            a.authority.as_deref().unwrap_or(""),
            adjusted_what(a),
            to.spaced()
        ));
    }
    s + "。"
}

/// The two paragraphs of 资金投入情况: (到位, 执行), with 年初预算数, the last adjustment, 到位
/// and 执行 shown together.
pub fn funds_paragraphs(m: &Money) -> (String, String) {
    let last = m.adjustments.last();
    let mut amounts = vec![m.initial_budget, m.arrived, m.spent, m.budget];
    amounts.extend(last.map(|a| a.to));
    let shown: Vec<Shown> = show_all(&amounts);
    let adjusted = last.map_or(String::new(), |a| {
        format!(
            "，{}调整{}为 {}",
            a.authority.as_deref().unwrap_or(""),
            adjusted_initial(a),
            shown[4].spaced()
        )
    });
    let arrived = format!(
        "本项目年初预算资金 {}{adjusted}，实际到位资金 {}，到位率 {}。",
        shown[0].spaced(),
        shown[1].spaced(),
        percent(m.arrival_ratio)
    );
    let spent = format!(
        "本项目实际支出金额为 {}，预算执行率 {}。",
        shown[2].spaced(),
        percent(m.execution_ratio)
    );
    (arrived, spent)
}

/// "2023-12-15 全年预算由 341 万元调整为 101.35 万元（…，seq 34）".
pub fn adjustment_line(a: &Adjustment) -> String {
    let (from, to) = show_pair(a.from, a.to);
    format!(
        "{} {}全年预算由 {}调整为 {}（{}，seq {}）",
        a.effective,
        a.fund.map(|f| f.label()).unwrap_or_default(),
        from.spaced(),
        to.spaced(),
        a.reason,
        a.seq
    )
}
