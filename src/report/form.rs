//! The official 自评表 (项目支出绩效自评表（YYYY年度）) as a format-neutral layout model, built
//! from a sealed `Report`: header, money block, goals, the indicator table grouped by 一级 then
//! 二级 with row spans, the 总分 row, the signature block and the footer line that ties a
//! printed page to the ledger. Every renderer (Markdown, HTML, xlsx, PDF, docx) lays this out;
//! none of them computes a figure of its own. Layout source: DOMAIN.md "The official 自评表".

use rust_decimal::Decimal;
use serde::Serialize;

use super::model::{Report, ReportIndicator};
use crate::levels::{form_order, level2_key, Level1, Level2};
use crate::money::{show_all, Shown, Yuan, ROUND_HALF_UP};
use crate::projection::state::GoalStatus;
use crate::scoring::show;

/// The money block's column heads, after the row label (万元 for the three amounts).
pub const MONEY_COLUMNS: [&str; 6] = [
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "分值",
    "执行率",
    "得分",
];

/// The indicator table's column heads.
pub const INDICATOR_COLUMNS: [&str; 8] = [
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
];

/// What a printed cell holds when the ledger has nothing for it.
pub const NOT_RECORDED: &str = "（未记录）";

/// The 自评表 of one project, every cell as printed plus the numbers behind the figures.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema, Default)]
pub struct Form {
    /// `项目支出绩效自评表（2023年度）`.
    pub title: String,
    pub header: Header,
    pub money: MoneyBlock,
    /// 年度总体目标, one row per goal in the order they were set: (预期目标, 实际完成情况).
    pub goals: Vec<GoalRow>,
    /// 绩效指标, grouped by 一级 (产出, 效益, 满意度, 成本, then names no form uses) and, within
    /// each, by 二级 in the form's order; rows keep the order they were defined in.
    pub indicators: Vec<Level1Group>,
    /// The last row of the indicator table: 总分 | 分值合计 | 得分 (and the 等级).
    pub total: TotalRow,
    /// 填报人 / 联系电话 / 单位负责人 / 填报日期, when the unit recorded any of them.
    pub signature: Option<Signature>,
    /// What ties a printed page to the ledger (ledger id, head seq, report digest). Not in
    /// the JSON report (it quotes `integrity` instead): the digest covers the form.
    #[serde(skip)]
    pub footer: Footer,
}

/// 项目名称, 主管部门, 实施单位 (the unit, or the department when no unit was recorded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, Default)]
pub struct Header {
    pub project_name: String,
    pub competent_department: String,
    pub implementing_unit: String,
}

/// A figure as printed and the number behind it, for spreadsheets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, Default)]
pub struct Figure {
    /// As printed: amounts in 万元 with at least two decimals (`341.00`, `13.1726`), or
    /// `500,000.01元` where 万元 would print two different amounts of the row alike; 执行率
    /// with two decimals (`100.00%`); points as `scoring::show` (`5.56`, `10`); `—`.
    pub text: String,
    /// The number: 万元 (exact) for amounts, a fraction (1 = 100%) for 执行率, points for 分值 and
    /// 得分; None where the cell prints `—`.
    pub value: Option<Decimal>,
    /// Decimals a spreadsheet should show so it prints what `text` says (2 to 4 for an amount
    /// in 万元, 6 for one printed in exact 元, i.e. 万元 to the fen; 2 for a percentage).
    pub decimals: u32,
    pub kind: FigureKind,
}

/// What a `Figure`'s number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum FigureKind {
    /// 万元.
    Amount,
    /// A fraction printed as a percentage.
    Ratio,
    /// 分值 / 得分 points.
    Points,
    /// Nothing to print (`—`).
    #[default]
    Empty,
}

/// 项目资金（万元）: 年度资金总额, 其中：当年财政拨款, 上年结转资金, 其他资金.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, Default)]
pub struct MoneyBlock {
    /// `项目资金（万元）`.
    pub caption: String,
    pub rows: Vec<MoneyRow>,
}

/// One row of the money block: its label and the six cells of `MONEY_COLUMNS`. 分值 and 得分
/// are printed on 年度资金总额 only (execution is scored on the total); the fund rows print `—`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct MoneyRow {
    pub label: String,
    pub initial_budget: Figure,
    pub budget: Figure,
    pub spent: Figure,
    pub weight: Figure,
    pub execution_ratio: Figure,
    pub score: Figure,
}

impl MoneyRow {
    /// The six cells in `MONEY_COLUMNS` order.
    pub fn cells(&self) -> [&Figure; 6] {
        [
            &self.initial_budget,
            &self.budget,
            &self.spent,
            &self.weight,
            &self.execution_ratio,
            &self.score,
        ]
    }
}

/// One goal: 预期目标 (its current text) and 实际完成情况 (as the unit recorded it; a withdrawn
/// goal without one says so and why; else `（未记录）`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct GoalRow {
    pub id: String,
    pub expected: String,
    pub achieved: String,
}

/// A 一级 and its rows; `rows_span` is the number of indicator rows it covers (the merged
/// cell's height).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Level1Group {
    pub name: String,
    pub rows_span: usize,
    pub level2: Vec<Level2Group>,
}

/// A 二级 within a 一级 and its rows; `rows_span` = `rows.len()`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Level2Group {
    pub name: String,
    pub rows_span: usize,
    pub rows: Vec<IndicatorRow>,
}

/// One 三级 row: 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct IndicatorRow {
    /// The indicator's id in the ledger (not printed).
    pub id: String,
    pub name: String,
    pub target: String,
    /// The actual as recorded, or the qualitative tier (`达成`) when only that was recorded,
    /// or `—`.
    pub actual: String,
    pub weight: Figure,
    pub score: Figure,
    /// As recorded; `无` for a met row without one; `（未记录）` otherwise.
    pub deviation: String,
}

/// 总分 | 分值合计 (预算执行率 plus every row, 100 when the parts add up) | 得分, and the 等级.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema, Default)]
pub struct TotalRow {
    pub label: String,
    pub weight: Figure,
    pub score: Figure,
    pub grade: String,
}

/// The block under the table; a field the unit did not record is None.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default, schemars::JsonSchema)]
pub struct Signature {
    pub filled_by: Option<String>,
    pub phone: Option<String>,
    pub unit_head: Option<String>,
    /// 填报日期 as the form writes it (`2024年7月22日`).
    pub filled_on: Option<String>,
}

/// The line printed at the foot of every page, so paper can be checked against the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default, schemars::JsonSchema)]
pub struct Footer {
    pub ledger_id: String,
    pub head_seq: u64,
    /// The report's BLAKE3 digest (hex).
    pub digest: String,
}

impl Footer {
    /// The footer of a sealed report.
    pub fn of(r: &Report) -> Footer {
        Footer {
            ledger_id: r.integrity.ledger_id.clone(),
            head_seq: r.integrity.head_seq,
            digest: r.integrity.digest.clone(),
        }
    }

    /// `账本 <ledger id> · seq <head> · 摘要 <digest> · jixiao verify-report`, for people.
    pub fn line(&self) -> String {
        format!(
            "账本 {} · seq {} · 摘要 {} · 核验：jixiao verify-report",
            self.ledger_id, self.head_seq, self.digest
        )
    }

    /// `jixiao:<ledger id>:<head seq>:<digest>`, for a QR code or a machine.
    pub fn code(&self) -> String {
        format!(
            "jixiao:{}:{}:{}",
            self.ledger_id, self.head_seq, self.digest
        )
    }
}

impl Form {
    /// A form with nothing in it (a placeholder while a report is assembled).
    pub fn empty() -> Form {
        Form::default()
    }

    /// Lays out the 自评表 of a sealed report. Pure: every figure comes from the report.
    pub fn from_report(r: &Report) -> Form {
        let p = &r.project;
        Form {
            title: format!("项目支出绩效自评表（{}年度）", p.year),
            header: Header {
                project_name: p.name.clone(),
                competent_department: p
                    .competent_department
                    .clone()
                    .unwrap_or_else(|| p.department.clone()),
                implementing_unit: p.unit.clone().unwrap_or_else(|| p.department.clone()),
            },
            money: money_block(r),
            goals: goal_rows(r),
            indicators: group_indicators(&r.indicators),
            total: total_row(r),
            signature: signature(r),
            footer: Footer::of(r),
        }
    }

    /// Every indicator row, in printed order.
    pub fn rows(&self) -> impl Iterator<Item = &IndicatorRow> {
        self.indicators
            .iter()
            .flat_map(|g| g.level2.iter().flat_map(|l| l.rows.iter()))
    }
}

fn empty() -> Figure {
    Figure {
        text: "—".into(),
        value: None,
        decimals: 0,
        kind: FigureKind::Empty,
    }
}

/// Points (分值 / 得分) as printed: 2 decimals, 四舍五入, trailing zeros trimmed.
pub fn points(d: Decimal) -> Figure {
    Figure {
        text: show(d),
        value: Some(d.round_dp_with_strategy(2, ROUND_HALF_UP)),
        decimals: 2,
        kind: FigureKind::Points,
    }
}

fn ratio(r: Option<Decimal>) -> Figure {
    match r {
        None => empty(),
        Some(r) => Figure {
            text: format!(
                "{:.2}%",
                (r * Decimal::from(100)).round_dp_with_strategy(2, ROUND_HALF_UP)
            ),
            value: Some(r.round_dp_with_strategy(4, ROUND_HALF_UP)),
            decimals: 2,
            kind: FigureKind::Ratio,
        },
    }
}

/// An amount as the 万元 column prints it, at least two decimals (`341.00`), with its exact
/// 万元 value; in 元 with its unit when `show_all` chose 元 for the row.
fn amount(yuan: Yuan, shown: &Shown) -> Figure {
    let (text, decimals) = match shown.unit {
        "万元" => {
            let places = shown.figure.split_once('.').map_or(0, |(_, f)| f.len());
            let decimals = places.max(2);
            let mut text = shown.figure.clone();
            if places == 0 {
                text.push('.');
            }
            text.extend(std::iter::repeat_n('0', decimals - places));
            (text, decimals as u32)
        }
        _ => (shown.cell(), 6),
    };
    Figure {
        text,
        value: Some(yuan.decimal() / Decimal::from(10_000)),
        decimals,
        kind: FigureKind::Amount,
    }
}

fn money_block(r: &Report) -> MoneyBlock {
    let m = &r.money.figures;
    let rows = m
        .by_fund
        .rows()
        .into_iter()
        .enumerate()
        .map(|(i, (label, row))| {
            let amounts = [row.initial_budget, row.budget, row.spent];
            let shown = show_all(&amounts);
            let (weight, score) = match i {
                0 => (
                    points(r.money.execution_weight),
                    points(r.money.execution_score),
                ),
                _ => (empty(), empty()),
            };
            MoneyRow {
                label: label.to_string(),
                initial_budget: amount(amounts[0], &shown[0]),
                budget: amount(amounts[1], &shown[1]),
                spent: amount(amounts[2], &shown[2]),
                weight,
                execution_ratio: ratio(row.execution_ratio),
                score,
            }
        })
        .collect();
    MoneyBlock {
        caption: "项目资金（万元）".into(),
        rows,
    }
}

fn goal_rows(r: &Report) -> Vec<GoalRow> {
    r.goals
        .iter()
        .map(|g| {
            let achieved = match (&g.achieved, g.status) {
                (Some(a), _) => a.clone(),
                (None, GoalStatus::Withdrawn) => {
                    format!("已撤销：{}", g.reason.as_deref().unwrap_or(NOT_RECORDED))
                }
                (None, _) => NOT_RECORDED.into(),
            };
            GoalRow {
                id: g.id.clone(),
                expected: g.text.clone(),
                achieved,
            }
        })
        .collect()
}

/// The key a 一级 groups under: its standard name when a form uses it, else as written.
fn level1_key(level1: &str) -> String {
    Level1::read(level1).map_or_else(|| level1.trim().to_string(), |l| l.name().to_string())
}

/// Where a 二级 sits inside its 一级: the form's order (数量, 质量, 时效, 成本, 经济效益 …), names
/// no form uses last.
fn level2_rank(level2: &str) -> usize {
    Level2::read(level2).map_or(usize::MAX, Level2::rank)
}

/// Groups rows by 一级 (form order, then first appearance) and 二级 (form order, then first
/// appearance); rows keep their order.
pub fn group_indicators(indicators: &[ReportIndicator]) -> Vec<Level1Group> {
    let mut groups: Vec<(usize, String, Level1Group)> = Vec::new();
    for i in indicators {
        let key = level1_key(&i.level1);
        let at = match groups.iter().position(|(_, k, _)| *k == key) {
            Some(at) => at,
            None => {
                let order = form_order(&i.level1, &i.level2);
                groups.push((
                    order,
                    key,
                    Level1Group {
                        name: i.level1.clone(),
                        rows_span: 0,
                        level2: Vec::new(),
                    },
                ));
                groups.len() - 1
            }
        };
        let group = &mut groups[at].2;
        group.rows_span += 1;
        let key2 = level2_key(&i.level2);
        let l2 = match group
            .level2
            .iter()
            .position(|l| level2_key(&l.name) == key2)
        {
            Some(at) => at,
            None => {
                group.level2.push(Level2Group {
                    name: i.level2.clone(),
                    rows_span: 0,
                    rows: Vec::new(),
                });
                group.level2.len() - 1
            }
        };
        let l2 = &mut group.level2[l2];
        l2.rows_span += 1;
        l2.rows.push(indicator_row(i));
    }
    groups.sort_by_key(|(order, _, _)| *order);
    groups
        .into_iter()
        .map(|(_, _, mut g)| {
            g.level2.sort_by_key(|l| level2_rank(&l.name));
            g
        })
        .collect()
}

fn indicator_row(i: &ReportIndicator) -> IndicatorRow {
    let actual = match (&i.actual, i.tier) {
        (Some(a), _) => a.clone(),
        (None, Some(t)) => t.name().to_string(),
        (None, None) => "—".into(),
    };
    let deviation = match (&i.deviation, i.met) {
        (Some(d), _) => d.clone(),
        (None, Some(true)) => "无".into(),
        (None, _) => NOT_RECORDED.into(),
    };
    IndicatorRow {
        id: i.id.clone(),
        name: i.name.clone(),
        target: i.target.clone(),
        actual,
        weight: points(i.weight_shown),
        score: points(i.score_shown),
        deviation,
    }
}

fn total_row(r: &Report) -> TotalRow {
    let weight = r.money.execution_weight + r.indicators.iter().map(|i| i.weight).sum::<Decimal>();
    TotalRow {
        label: "总分".into(),
        weight: points(weight),
        score: points(r.total_score),
        grade: r.grade.to_string(),
    }
}

fn signature(r: &Report) -> Option<Signature> {
    let c = r.claimed.as_ref();
    let s = Signature {
        filled_by: c.and_then(|c| c.filled_by.clone()),
        phone: c.and_then(|c| c.phone.clone()),
        unit_head: c.and_then(|c| c.unit_head.clone()),
        filled_on: None,
    };
    let filled_on = r.filled_on.map(|d| d.format("%Y年%-m月%-d日").to_string());
    let any = s.filled_by.is_some() || s.phone.is_some() || s.unit_head.is_some();
    (any || filled_on.is_some()).then_some(Signature {
        filled_by: s.filled_by,
        phone: s.phone,
        unit_head: s.unit_head,
        filled_on,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::test_sample::sample_report;

    fn texts(row: &MoneyRow) -> Vec<&str> {
        row.cells().iter().map(|f| f.text.as_str()).collect()
    }

    #[test]
    fn the_seed_laid_out_as_the_template() {
        let form = Form::from_report(&sample_report());
        assert_eq!(form.title, "项目支出绩效自评表（2023年度）");
        assert_eq!(form.header.project_name, "知识产权促进专项工作经费");
        assert_eq!(form.header.competent_department, "湛江市市场监督管理局");
        assert_eq!(form.header.implementing_unit, "湛江市市场监督管理局");
        let labels: Vec<&str> = form.money.rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "年度资金总额",
                "其中：当年财政拨款",
                "上年结转资金",
                "其他资金"
            ]
        );
        // DOMAIN.md "The seed's figures": 341万 → 101.35万, all spent, 执行率 100%, 10 of 10.
        assert_eq!(
            texts(&form.money.rows[0]),
            ["341.00", "101.35", "101.35", "10", "100.00%", "10"]
        );
        assert_eq!(
            texts(&form.money.rows[2]),
            ["0.00", "0.00", "0.00", "—", "—", "—"]
        );
        let spent = &form.money.rows[0].spent;
        assert_eq!(spent.value, Some(Decimal::new(10135, 2)));
        assert_eq!((spent.kind, spent.decimals), (FigureKind::Amount, 2));
        assert_eq!(form.goals.len(), 8);
        assert!(form.goals[7].achieved.starts_with("已撤销："));
        let groups: Vec<(&str, usize)> = form
            .indicators
            .iter()
            .map(|g| (g.name.as_str(), g.rows_span))
            .collect();
        assert_eq!(
            groups,
            [("产出指标", 9), ("效益指标", 4), ("满意度指标", 1)]
        );
        for g in &form.indicators {
            let sum: usize = g.level2.iter().map(|l| l.rows_span).sum();
            assert_eq!(
                sum, g.rows_span,
                "{}: 二级 spans add up to the 一级's",
                g.name
            );
            assert!(g.level2.iter().all(|l| l.rows_span == l.rows.len()));
        }
        assert_eq!(form.rows().count(), 14);
        assert_eq!(
            (
                form.total.weight.text.as_str(),
                form.total.score.text.as_str()
            ),
            ("100", "100")
        );
        assert_eq!(form.total.grade, "优");
        let sig = form.signature.as_ref().expect("the claim gives 填报日期");
        assert_eq!(sig.filled_on.as_deref(), Some("2024年7月22日"));
        assert!(form.footer.line().contains(&form.footer.digest));
        assert_eq!(form.footer.digest.len(), 64);
    }

    #[test]
    fn rows_group_by_level1_then_level2_whatever_order_they_were_defined_in() {
        let mut report = sample_report();
        let straight = Form::from_report(&report);
        report.indicators.reverse();
        let reversed = Form::from_report(&report);
        let shape = |f: &Form| -> Vec<(String, Vec<(String, usize)>)> {
            f.indicators
                .iter()
                .map(|g| {
                    let l2 = g
                        .level2
                        .iter()
                        .map(|l| (l.name.clone(), l.rows_span))
                        .collect();
                    (g.name.clone(), l2)
                })
                .collect()
        };
        assert_eq!(shape(&straight), shape(&reversed));
        assert_eq!(straight.indicators[0].level2[0].name, "数量指标");
    }
}
