//! `import-form`: a filled 自评表 (or 绩效目标表) from Excel back into import lines. `read`
//! finds the template's parts in a sheet's cells (header, money block, goals, indicator
//! table, 总分, signature), tolerant of merged cells, blank spacer rows and the label
//! variants real files use; `lines` turns what was read into the import lines that record it
//! (`project.registered`, budgets, funds, goals, indicators, measurements, the claim). Pure:
//! cells in, JSON lines out; the CLI appends them through the normal import path.

pub mod lines;
pub mod read;

use rust_decimal::Decimal;

use crate::fund::Fund;
use crate::money::Yuan;

/// A problem with the form, naming the cell, the field, the value and the rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{cell} {field}：{message}")]
pub struct FormError {
    /// `自评表!D5`, or the sheet alone when no cell is to blame.
    pub cell: String,
    pub field: String,
    pub message: String,
}

/// One row of the money block as read: its fund (None: 年度资金总额) and its three amounts
/// (None where the cell is empty or `—`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoneyLine {
    pub fund: Option<Fund>,
    pub initial_budget: Option<Yuan>,
    pub budget: Option<Yuan>,
    pub spent: Option<Yuan>,
    /// The row's label cell (`自评表!B5`), for messages.
    pub at: String,
}

/// One goal: 预期目标 and, on a 自评表, 实际完成情况.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalLine {
    pub expected: String,
    pub achieved: Option<String>,
}

/// One indicator row as read (一级 / 二级 carried down from the row above when merged).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorLine {
    pub level1: String,
    pub level2: String,
    pub name: String,
    pub target: String,
    pub actual: Option<String>,
    pub weight: Option<Decimal>,
    pub score: Option<Decimal>,
    pub deviation: Option<String>,
    /// The row's 三级指标 cell, for messages.
    pub at: String,
}

/// Everything read from a filled form.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FilledForm {
    pub sheet: String,
    /// The year of the title (`项目支出绩效自评表（2023年度）`).
    pub year: Option<u32>,
    pub project_name: Option<String>,
    pub competent_department: Option<String>,
    pub implementing_unit: Option<String>,
    pub money: Vec<MoneyLine>,
    /// 分值 of 年度资金总额 (预算执行率's points).
    pub execution_weight: Option<Decimal>,
    pub goals: Vec<GoalLine>,
    pub indicators: Vec<IndicatorLine>,
    /// 总分 row: 得分 as the unit gives it, and its 等级 when written.
    pub total_score: Option<Decimal>,
    pub grade: Option<String>,
    pub filled_by: Option<String>,
    pub phone: Option<String>,
    pub unit_head: Option<String>,
    pub filled_on: Option<chrono::NaiveDate>,
}
