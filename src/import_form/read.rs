//! Reading a filled 自评表 or 绩效目标表 from a sheet's cells: labels are found wherever they
//! are (spaces, colons and asterisks ignored; 本年财政拨款 / 财政拨款, 年度指标值 / 指标值,
//! 实际完成值 / 实际值 and the other variants below), a label's value is the next filled cell
//! to its right, blank rows are skipped and a merged 一级 / 二级 cell covers the rows below it.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{FilledForm, FormError, GoalLine, IndicatorLine, MoneyLine};
use crate::fund::Fund;
use crate::money::Yuan;
use crate::report::escape::uncell;
use crate::report::xlsx_check::{a1, Sheet, Value};

/// Label variants, normalised (no spaces, colons or asterisks).
const INITIAL: &[&str] = &["年初预算数", "年初预算", "年初预算金额"];
const BUDGET: &[&str] = &["全年预算数", "调整后预算数", "全年预算", "调整后预算"];
const SPENT: &[&str] = &[
    "全年执行数",
    "执行数",
    "实际执行数",
    "全年实际执行数",
    "实际支出数",
];
const WEIGHT: &[&str] = &["分值", "权重", "指标分值"];
const SCORE: &[&str] = &["得分", "自评得分", "评分"];
const LEVEL1: &[&str] = &["一级指标"];
const LEVEL2: &[&str] = &["二级指标"];
const LEVEL3: &[&str] = &["三级指标", "指标内容", "指标名称"];
const TARGET: &[&str] = &[
    "年度指标值",
    "指标值",
    "预期值",
    "年度目标值",
    "目标值",
    "年度指标值（A）",
];
const ACTUAL: &[&str] = &[
    "实际完成值",
    "实际值",
    "实现值",
    "全年实际值",
    "实际完成值（B）",
    "完成值",
];
const DEVIATION: &[&str] = &[
    "偏差原因分析及改进措施",
    "偏差原因分析",
    "偏差原因",
    "偏差原因及改进措施",
];
const EXPECTED: &[&str] = &["预期目标", "年度目标", "总体目标"];
const ACHIEVED: &[&str] = &["实际完成情况", "完成情况"];
const TOTAL: &[&str] = &["总分", "合计", "总计", "总分值"];

/// A label with spaces (also U+3000), colons and asterisks removed.
pub fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '：' | ':' | '*' | '＊'))
        .collect()
}

/// What a cell holds as text: trimmed, the `'` jixiao adds before formula-like text removed,
/// numbers as their shortest decimal; None when empty.
pub fn text(sheet: &Sheet, row: u32, col: u32) -> Option<String> {
    let s = match sheet.get(row, col)? {
        Value::Text(t) => uncell(t.trim()).to_string(),
        Value::Number(n) => format!("{n}"),
    };
    (!s.is_empty()).then_some(s)
}

fn is(sheet: &Sheet, row: u32, col: u32, labels: &[&str]) -> bool {
    text(sheet, row, col).is_some_and(|t| labels.contains(&norm(&t).as_str()))
}

/// The first cell (row-major) holding one of `labels`.
fn find(sheet: &Sheet, labels: &[&str]) -> Option<(u32, u32)> {
    sheet
        .cells
        .keys()
        .copied()
        .find(|&(r, c)| is(sheet, r, c, labels))
}

/// The column of the first of `labels` in `row`.
fn column(sheet: &Sheet, row: u32, labels: &[&str]) -> Option<u32> {
    sheet
        .cells
        .range((row, 0)..(row + 1, 0))
        .map(|(&(_, c), _)| c)
        .find(|&c| is(sheet, row, c, labels))
}

/// The next filled cell to the right of (row, col) that is not a label itself.
fn right_of(sheet: &Sheet, row: u32, col: u32) -> Option<(String, u32)> {
    let end = sheet.merge_at(row, col).map_or(col, |m| m.3);
    sheet
        .cells
        .range((row, end + 1)..(row + 1, 0))
        .filter_map(|(&(_, c), _)| text(sheet, row, c).map(|t| (t, c)))
        .next()
}

fn at(sheet: &Sheet, row: u32, col: u32) -> String {
    format!("{}!{}", sheet.name, a1(row, col))
}

fn error(sheet: &Sheet, row: u32, col: u32, field: &str, message: String) -> FormError {
    FormError {
        cell: at(sheet, row, col),
        field: field.to_string(),
        message,
    }
}

/// Reads the first sheet that holds an indicator table (a `三级指标` head).
pub fn read_form(sheets: &[Sheet]) -> Result<FilledForm, FormError> {
    let sheet = sheets.iter().find(|s| find(s, LEVEL3).is_some()).ok_or_else(|| FormError {
        cell: sheets.first().map_or("（空工作簿）".into(), |s| s.name.clone()),
        field: "三级指标".into(),
        message: "找不到指标表（没有“三级指标”列头）：不是自评表或绩效目标表 — no indicator table (no 三级指标 head) in any sheet".into(),
    })?;
    let mut form = FilledForm {
        sheet: sheet.name.clone(),
        ..FilledForm::default()
    };
    read_header(sheet, &mut form);
    let (head_row, _) = find(sheet, LEVEL3).expect("invariant: the sheet was chosen for it");
    read_money(sheet, head_row, &mut form)?;
    read_goals(sheet, head_row, &mut form);
    read_indicators(sheet, head_row, &mut form)?;
    read_signature(sheet, &mut form)?;
    Ok(form)
}

fn read_header(sheet: &Sheet, form: &mut FilledForm) {
    let value = |labels: &[&str]| {
        find(sheet, labels)
            .and_then(|(r, c)| right_of(sheet, r, c))
            .map(|v| v.0)
    };
    form.project_name = value(&["项目名称"]);
    form.competent_department = value(&["主管部门", "主管部门及代码", "主管单位"]);
    form.implementing_unit = value(&["实施单位", "项目实施单位", "预算单位"]);
    form.year = sheet.cells.keys().find_map(|&(r, c)| {
        let t = text(sheet, r, c)?;
        (t.contains("自评表") || t.contains("目标表")).then(|| year_in(&t))?
    });
}

/// The year in `…（2023年度）`: four digits followed by 年.
fn year_in(t: &str) -> Option<u32> {
    let chars: Vec<char> = t.chars().collect();
    chars.windows(5).find_map(|w| {
        let digits: String = w[..4].iter().collect();
        (w[4] == '年' && w[..4].iter().all(char::is_ascii_digit)).then(|| digits.parse().ok())?
    })
}

/// The fund a money row's label names; `Some(None)` for 年度资金总额.
fn money_label(label: &str) -> Option<Option<Fund>> {
    let l = norm(label);
    let l = l.trim_start_matches("其中");
    match l {
        "年度资金总额" | "资金总额" | "合计" | "年度资金合计" => Some(None),
        _ if l.contains("财政拨款") => Some(Some(Fund::Current)),
        _ if l.contains("结转") => Some(Some(Fund::CarryOver)),
        "其他资金" | "其他" | "其他资金来源" => Some(Some(Fund::Other)),
        _ => None,
    }
}

/// An amount in a 万元 column: a number, `341.00`, `341万`, or `500,000.01元`.
fn amount(sheet: &Sheet, row: u32, col: u32, field: &str) -> Result<Option<Yuan>, FormError> {
    let Some(t) = text(sheet, row, col) else {
        return Ok(None);
    };
    if matches!(t.as_str(), "—" | "-" | "/" | "－" | "——") {
        return Ok(None);
    }
    let written = match t.ends_with('元') || t.ends_with('万') {
        true => t.clone(),
        false => format!("{t}万"),
    };
    Yuan::parse(&written).map(Some).map_err(|e| {
        error(
            sheet,
            row,
            col,
            field,
            format!("{t:?} 不是金额（万元）— not an amount in 万元: {e}"),
        )
    })
}

/// Points (分值 / 得分): a number, or text like `10` or `10分`.
fn points(
    sheet: &Sheet,
    row: u32,
    col: Option<u32>,
    field: &str,
) -> Result<Option<Decimal>, FormError> {
    let Some(col) = col else { return Ok(None) };
    let Some(t) = text(sheet, row, col) else {
        return Ok(None);
    };
    if matches!(t.as_str(), "—" | "-" | "/") {
        return Ok(None);
    }
    Decimal::from_str(t.trim_end_matches('分'))
        .map(|d| Some(d.normalize()))
        .map_err(|_| {
            error(
                sheet,
                row,
                col,
                field,
                format!("{t:?} 不是分数 — not a number of points"),
            )
        })
}

fn read_money(sheet: &Sheet, stop: u32, form: &mut FilledForm) -> Result<(), FormError> {
    let Some((head, init_col)) = find(sheet, INITIAL) else {
        return Ok(());
    };
    let col = |labels| column(sheet, head, labels);
    let (budget_col, spent_col, weight_col) = (col(BUDGET), col(SPENT), col(WEIGHT));
    let end = [find(sheet, EXPECTED).map(|p| p.0), Some(stop)]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(stop);
    for row in head + 1..end {
        let label = sheet
            .cells
            .range((row, 0)..(row, init_col))
            .filter_map(|(&(_, c), _)| text(sheet, row, c).map(|t| (t, c)))
            .find_map(|(t, c)| money_label(&t).map(|f| (f, c)));
        let Some((fund, label_col)) = label else {
            continue;
        };
        let get = |c: Option<u32>, field: &str| match c {
            Some(c) => amount(sheet, row, c, field),
            None => Ok(None),
        };
        if fund.is_none() {
            form.execution_weight = points(sheet, row, weight_col, "分值")?;
        }
        form.money.push(MoneyLine {
            fund,
            initial_budget: get(Some(init_col), "年初预算数")?,
            budget: get(budget_col, "全年预算数")?,
            spent: get(spent_col, "全年执行数")?,
            at: at(sheet, row, label_col),
        });
    }
    Ok(())
}

/// Strips a goal's numbering: `1. `, `1、`, `（1）`, `1)`.
fn unnumbered(s: &str) -> String {
    let t = s.trim();
    let t = t.trim_start_matches(['（', '(']);
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return s.trim().to_string();
    }
    let rest = &t[digits..];
    match rest.strip_prefix(['.', '、', '．', ')', '）']) {
        Some(r) => r.trim().to_string(),
        None => s.trim().to_string(),
    }
}

/// A cell holding several numbered goals, one per line, split; else the cell as one.
fn split_numbered(s: &str) -> Vec<String> {
    let lines: Vec<&str> = s.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let numbered = lines.len() > 1 && lines.iter().all(|l| unnumbered(l) != *l);
    match numbered {
        true => lines.into_iter().map(unnumbered).collect(),
        false => vec![unnumbered(s)],
    }
}

fn read_goals(sheet: &Sheet, stop: u32, form: &mut FilledForm) {
    let Some((head, exp_col)) = find(sheet, EXPECTED) else {
        // A one-cell 年度总体目标 (绩效目标表): the goals numbered in the cell to its right.
        if let Some((r, c)) = find(sheet, &["年度总体目标", "年度绩效目标", "总体目标"])
        {
            if let Some((t, _)) = right_of(sheet, r, c) {
                form.goals = split_numbered(&t)
                    .into_iter()
                    .map(|expected| GoalLine {
                        expected,
                        achieved: None,
                    })
                    .collect();
            }
        }
        return;
    };
    let ach_col = column(sheet, head, ACHIEVED);
    for row in head + 1..stop {
        let cell = |c: u32| text(sheet, row, c);
        let Some(expected) = cell(exp_col) else {
            continue;
        };
        let achieved = ach_col.and_then(cell);
        let goals = split_numbered(&expected);
        let done = achieved.as_deref().map(split_numbered);
        match done {
            Some(d) if d.len() == goals.len() && goals.len() > 1 => {
                form.goals
                    .extend(goals.into_iter().zip(d).map(|(e, a)| GoalLine {
                        expected: e,
                        achieved: Some(a),
                    }));
            }
            _ if goals.len() > 1 => form.goals.extend(goals.into_iter().map(|e| GoalLine {
                expected: e,
                achieved: None,
            })),
            _ => form.goals.push(GoalLine {
                expected: goals.into_iter().next().unwrap_or_default(),
                achieved,
            }),
        }
    }
}

fn read_indicators(sheet: &Sheet, head: u32, form: &mut FilledForm) -> Result<(), FormError> {
    let col = |labels| column(sheet, head, labels);
    let name_col = col(LEVEL3).expect("invariant: the head row holds 三级指标");
    let (l1, l2, target, actual) = (col(LEVEL1), col(LEVEL2), col(TARGET), col(ACTUAL));
    let (weight, score, deviation) = (col(WEIGHT), col(SCORE), col(DEVIATION));
    let last_row = sheet.cells.keys().map(|k| k.0).max().unwrap_or(head);
    let (mut level1, mut level2) = (String::new(), String::new());
    for row in head + 1..=last_row {
        let cell = |c: Option<u32>| c.and_then(|c| text(sheet, row, c));
        let first = sheet
            .cells
            .range((row, 0)..(row + 1, 0))
            .find_map(|(&(_, c), _)| text(sheet, row, c));
        if first
            .as_deref()
            .is_some_and(|f| TOTAL.contains(&norm(f).as_str()))
        {
            form.total_score = points(sheet, row, score, "总分得分")?;
            form.grade = sheet
                .cells
                .range((row, 0)..(row + 1, 0))
                .find_map(|(&(_, c), _)| grade_in(&text(sheet, row, c)?));
            break;
        }
        if let Some(v) = cell(l1) {
            (level1, level2) = (v, String::new());
        }
        if let Some(v) = cell(l2) {
            level2 = v;
        }
        let Some(name) = cell(Some(name_col)) else {
            continue;
        };
        let missing = |what: &str| {
            error(
                sheet,
                row,
                name_col,
                what,
                "指标行缺少此项 — the row has none".into(),
            )
        };
        if level1.is_empty() {
            return Err(missing("一级指标"));
        }
        form.indicators.push(IndicatorLine {
            level1: level1.clone(),
            level2: if level2.is_empty() {
                return Err(missing("二级指标"));
            } else {
                level2.clone()
            },
            name,
            target: cell(target).ok_or_else(|| missing("年度指标值"))?,
            actual: cell(actual).filter(|a| a != "—"),
            weight: points(sheet, row, weight, "分值")?,
            score: points(sheet, row, score, "得分")?,
            deviation: cell(deviation),
            at: at(sheet, row, name_col),
        });
    }
    Ok(())
}

/// `优` in `等级：优`, `优`, `自评等级 优`.
fn grade_in(t: &str) -> Option<String> {
    let n = norm(t);
    let n = n
        .trim_start_matches("自评等级")
        .trim_start_matches("评价等级")
        .trim_start_matches("等级");
    matches!(n, "优" | "良" | "中" | "差").then(|| n.to_string())
}

const SIGNATURE: [&str; 4] = ["填报人", "联系电话", "单位负责人", "填报日期"];

fn read_signature(sheet: &Sheet, form: &mut FilledForm) -> Result<(), FormError> {
    let mut found: [Option<(String, u32, u32)>; 4] = Default::default();
    for &(r, c) in sheet.cells.keys() {
        let Some(t) = text(sheet, r, c) else { continue };
        for (k, label) in SIGNATURE.iter().enumerate() {
            if norm(&t) == *label {
                found[k] = right_of(sheet, r, c).map(|(v, vc)| (v, r, vc));
            } else if let Some(v) = labelled(&t, label) {
                found[k] = Some((v, r, c));
            }
        }
    }
    let [by, phone, head, on] = found;
    (form.filled_by, form.phone, form.unit_head) =
        (by.map(|v| v.0), phone.map(|v| v.0), head.map(|v| v.0));
    if let Some((v, r, c)) = on {
        form.filled_on = Some(date(&v).ok_or_else(|| {
            error(
                sheet,
                r,
                c,
                "填报日期",
                format!("{v:?} 不是日期（如 2024年7月22日 或 2024-07-22）— not a date"),
            )
        })?);
    }
    Ok(())
}

/// The value after `label：` in a cell holding several `label：value` parts.
fn labelled(cell: &str, label: &str) -> Option<String> {
    let at = cell.find(label)?;
    let rest = cell[at + label.len()..].trim_start();
    let rest = rest.strip_prefix(['：', ':'])?;
    let end = SIGNATURE
        .iter()
        .filter_map(|l| rest.find(l))
        .min()
        .unwrap_or(rest.len());
    let v = rest[..end].trim().trim_end_matches(['　', ' ']).trim();
    (!v.is_empty()).then(|| v.to_string())
}

/// `2024年7月22日`, `2024-07-22`, `2024/7/22`, `2024.7.22`, or an Excel date serial.
pub fn date(s: &str) -> Option<NaiveDate> {
    if let Ok(serial) = s.parse::<f64>() {
        let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
        return (serial > 0.0).then(|| base + chrono::Days::new(serial as u64));
    }
    let parts: Vec<u32> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    match parts[..] {
        [y, m, d] => NaiveDate::from_ymd_opt(y as i32, m, d),
        _ => None,
    }
}
