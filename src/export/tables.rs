//! The export tables: the finance bureau's portfolio (with computed and claimed 总分 / 等级
//! and the number of critical findings), a project's state (money block, disbursements, goals
//! and indicators in one filterable table), its history and the event log.

use super::{Cell, Table};
use crate::event::describe::describe;
use crate::event::Envelope;
use crate::findings::{Finding, Severity};
use crate::projection::history::Entry;
use crate::projection::portfolio::portfolio;
use crate::projection::state::{GoalStatus, ProjectState};
use crate::scoring::Scorecard;
use crate::time::display_instant;

/// One project as the portfolio shows it: its state, its scorecard and its findings.
pub struct Scored<'a> {
    pub state: &'a ProjectState,
    pub card: &'a Scorecard,
    pub findings: &'a [Finding],
}

/// The portfolio: one row per project (sorted by department, then id) and a 合计 row.
pub fn portfolio_table(items: &[Scored]) -> Table {
    let states: Vec<ProjectState> = items.iter().map(|s| s.state.clone()).collect();
    let p = portfolio(&states);
    let by_id: std::collections::HashMap<&str, &Scored> = items
        .iter()
        .map(|s| (s.state.project.id.as_str(), s))
        .collect();
    let mut rows = Vec::new();
    for r in &p.rows {
        let s = by_id.get(r.project.as_str());
        let claimed = s.and_then(|s| s.state.claimed.as_ref());
        let critical = s.map_or(0, |s| {
            s.findings
                .iter()
                .filter(|f| f.severity == Severity::Critical)
                .count()
        });
        rows.push(vec![
            Cell::text(&r.project),
            Cell::text(&r.name),
            Cell::text(&r.department),
            Cell::Int(u64::from(r.year)),
            Cell::Yuan(r.initial_budget),
            Cell::Yuan(r.budget),
            Cell::Yuan(r.arrived),
            Cell::Yuan(r.spent),
            Cell::Ratio(r.execution_ratio),
            Cell::Points(s.map(|s| s.card.total)),
            Cell::opt(s.map(|s| s.card.grade.as_str())),
            Cell::Points(claimed.map(|c| c.score.0)),
            Cell::opt(claimed.map(|c| c.grade.as_str())),
            Cell::Int(critical as u64),
        ]);
    }
    let t = &p.totals;
    let mut total = vec![
        Cell::text(&t.project),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
    ];
    total.extend([
        Cell::Yuan(t.initial_budget),
        Cell::Yuan(t.budget),
        Cell::Yuan(t.arrived),
        Cell::Yuan(t.spent),
        Cell::Ratio(t.execution_ratio),
    ]);
    total.extend([
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
    ]);
    rows.push(total);
    Table {
        name: "项目一览".into(),
        heads: vec![
            "项目编号",
            "项目名称",
            "预算部门",
            "年度",
            "年初预算数（元）",
            "全年预算数（元）",
            "资金到位（元）",
            "全年执行数（元）",
            "执行率",
            "计算总分",
            "计算等级",
            "自评总分",
            "自评等级",
            "严重问题数",
        ],
        rows,
    }
}

/// A project's state as one table a spreadsheet can filter by 类别: the money block (资金),
/// each disbursement (支出), goal (目标) and indicator (指标).
pub fn state_table(s: &ProjectState) -> Table {
    let blank = || vec![Cell::Empty; 13];
    let mut rows = Vec::new();
    for (label, r) in s.money.by_fund.rows() {
        let mut row = blank();
        row[0] = Cell::text("资金");
        row[2] = Cell::text(label);
        row[6] = Cell::Yuan(r.initial_budget);
        row[7] = Cell::Yuan(r.budget);
        row[8] = Cell::Yuan(r.arrived);
        row[9] = Cell::Yuan(r.spent);
        row[10] = Cell::Ratio(r.execution_ratio);
        rows.push(row);
    }
    for d in &s.money.disbursements {
        let mut row = blank();
        row[0] = Cell::text("支出");
        row[1] = Cell::text(d.effective.to_string());
        row[2] = Cell::text(&d.purpose);
        row[5] = Cell::text(d.fund.label());
        row[9] = Cell::Yuan(d.amount);
        row[12] = Cell::Int(d.seq);
        rows.push(row);
    }
    for g in &s.goals {
        let mut row = blank();
        row[0] = Cell::text("目标");
        row[1] = Cell::text(&g.id);
        row[2] = Cell::text(&g.text);
        row[5] = Cell::opt(g.achieved.as_deref());
        row[11] = Cell::text(match g.status {
            GoalStatus::Active => "有效",
            GoalStatus::Adjusted => "已调整",
            GoalStatus::Withdrawn => "已撤销",
        });
        row[12] = Cell::Int(g.seqs.first().copied().unwrap_or_default());
        rows.push(row);
    }
    for i in &s.indicators {
        let mut row = blank();
        row[0] = Cell::text("指标");
        row[1] = Cell::text(&i.id);
        row[2] = Cell::text(&i.name);
        row[3] = Cell::text(format!("{}/{}", i.level1, i.level2));
        row[4] = Cell::text(&i.target);
        row[5] = Cell::opt(i.actual.as_deref().or(i.tier.map(|t| t.name())));
        row[11] = Cell::text(match i.met {
            Some(true) => "达成",
            Some(false) => "未达成",
            None => "",
        });
        row[12] = Cell::Int(i.defined_seq);
        rows.push(row);
    }
    Table {
        name: "项目状态".into(),
        heads: vec![
            "类别",
            "编号/日期",
            "名称",
            "一级/二级指标",
            "年度指标值",
            "实际完成值/资金来源",
            "年初预算数（元）",
            "全年预算数（元）",
            "资金到位（元）",
            "全年执行数（元）",
            "执行率",
            "状态",
            "seq",
        ],
        rows,
    }
}

/// A project's timeline: one row per event in recording order.
pub fn history_table(entries: &[Entry]) -> Table {
    let rows = entries
        .iter()
        .map(|e| {
            vec![
                Cell::text(e.effective.to_string()),
                Cell::text(display_instant(e.recorded_at)),
                Cell::text(&e.actor),
                Cell::Int(e.seq),
                Cell::text(e.kind),
                Cell::text(&e.description),
                e.target_seq.map_or(Cell::Empty, Cell::Int),
            ]
        })
        .collect();
    Table {
        name: "项目时间线".into(),
        heads: vec![
            "生效日期",
            "记录时间（北京时间）",
            "记录人",
            "seq",
            "类型",
            "变化",
            "针对 seq",
        ],
        rows,
    }
}

/// One row of the event log.
pub fn log_row(e: &Envelope) -> Vec<Cell> {
    vec![
        Cell::Int(e.seq),
        Cell::text(display_instant(e.recorded_at)),
        Cell::text(e.effective.to_string()),
        Cell::text(e.project.as_str()),
        Cell::text(e.type_name()),
        Cell::text(&e.actor),
        Cell::text(describe(&e.data)),
    ]
}

/// The event log's heads, for `log_row`.
pub const LOG_HEADS: [&str; 7] = [
    "seq",
    "记录时间（北京时间）",
    "生效日期",
    "项目",
    "类型",
    "记录人",
    "说明",
];
