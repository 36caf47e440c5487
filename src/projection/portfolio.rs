//! The finance bureau's view: one row per project with its money figures, and totals.

use rust_decimal::Decimal;
use serde::Serialize;

use super::state::{ratio, ProjectState};
use crate::money::Yuan;

#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq)]
pub struct Row {
    pub project: String,
    pub name: String,
    pub department: String,
    pub year: u32,
    pub initial_budget: Yuan,
    pub budget: Yuan,
    pub arrived: Yuan,
    pub spent: Yuan,
    pub execution_ratio: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq)]
pub struct Portfolio {
    pub rows: Vec<Row>,
    pub totals: Row,
    /// Projects withdrawn as registered in error (已撤销登记): neither rows nor totals.
    pub withdrawn: Vec<String>,
}

/// Rows sorted by department, then project id; totals over the rows shown. Withdrawn
/// projects are left out of both, and listed apart.
pub fn portfolio(states: &[ProjectState]) -> Portfolio {
    let (withdrawn, standing): (Vec<&ProjectState>, Vec<&ProjectState>) =
        states.iter().partition(|s| s.project.withdrawn.is_some());
    let withdrawn = withdrawn.iter().map(|s| s.project.id.clone()).collect();
    let mut rows: Vec<Row> = standing.into_iter().map(row).collect();
    rows.sort_by(|a, b| (&a.department, &a.project).cmp(&(&b.department, &b.project)));
    let sum = |f: fn(&Row) -> Yuan| rows.iter().map(f).sum::<Yuan>();
    let (initial, budget, arrived, spent) = (
        sum(|r| r.initial_budget),
        sum(|r| r.budget),
        sum(|r| r.arrived),
        sum(|r| r.spent),
    );
    let totals = Row {
        project: format!("合计 ({} 个项目)", rows.len()),
        name: String::new(),
        department: String::new(),
        year: 0,
        initial_budget: initial,
        budget,
        arrived,
        spent,
        execution_ratio: ratio(spent, budget),
    };
    Portfolio {
        rows,
        totals,
        withdrawn,
    }
}

fn row(s: &ProjectState) -> Row {
    Row {
        project: s.project.id.clone(),
        name: s.project.name.clone(),
        department: s.project.department.clone(),
        year: s.project.year,
        initial_budget: s.money.initial_budget,
        budget: s.money.budget,
        arrived: s.money.arrived,
        spent: s.money.spent,
        execution_ratio: s.money.execution_ratio,
    }
}
