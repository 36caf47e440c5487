//! The import lines that record a form read by `read`: the project, its budget per fund
//! (年初预算数 as `budget.allocated`, a different 全年预算数 as `budget.adjusted`), funds arrived
//! and spent (the form gives 全年执行数 only, so arrivals are recorded equal to it), goals and
//! their 实际完成情况, indicators with their 分值 when they are not the policy's equal split,
//! measurements and tiers, and the unit's claim with the signature block.
//!
//! Dates: the form states a year, not days. Definitions and 年初预算 take effect on 1 January,
//! adjustments and money on 31 December, measurements and the claim on 填报日期 (else 31
//! December) — the lines say so in `source` / `reason` / `purpose`.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

use super::{FilledForm, FormError, IndicatorLine, MoneyLine};
use crate::fund::Fund;
use crate::levels::{part_of, Part};
use crate::money::Yuan;
use crate::report::form::NOT_RECORDED;
use crate::scoring::{grade_for, Policy};
use crate::value::{parse_target, Comparator};

/// What a line's text says about where it came from.
const SOURCE: &str = "据自评表导入";

/// The import lines (JSON objects, one per event) recording `form` as project `project`.
pub fn lines(form: &FilledForm, project: &str) -> Result<Vec<Value>, FormError> {
    let year = form.year.ok_or_else(|| FormError {
        cell: form.sheet.clone(),
        field: "年度".into(),
        message: "标题中找不到年度（应为 项目支出绩效自评表（YYYY年度））— no year in the title"
            .into(),
    })?;
    let day = |m, d| NaiveDate::from_ymd_opt(year as i32, m, d).expect("invariant: a real day");
    let (start, end) = (day(1, 1), day(12, 31));
    let filed = form.filled_on.unwrap_or(end);
    let mut out = Lines {
        project,
        lines: Vec::new(),
    };
    out.push(start, "project.registered", registration(form, year)?);
    money(form, &mut out, start, end)?;
    scoring(form, &mut out, start);
    for (n, g) in form.goals.iter().enumerate() {
        let id = format!("g{}", n + 1);
        out.push(start, "goal.set", json!({"id": id, "text": g.expected}));
        let achieved = g.achieved.as_deref();
        let Some(a) = achieved.filter(|a| !a.is_empty() && *a != NOT_RECORDED) else {
            continue;
        };
        match a.strip_prefix("已撤销：") {
            Some(reason) => out.push(end, "goal.withdrawn", json!({"id": id, "reason": reason})),
            None => out.push(filed, "goal.assessed", json!({"id": id, "achieved": a})),
        }
    }
    indicators(form, &mut out, start, filed);
    claim(form, &mut out, filed);
    Ok(out.lines)
}

struct Lines<'a> {
    project: &'a str,
    lines: Vec<Value>,
}

impl Lines<'_> {
    fn push(&mut self, effective: NaiveDate, kind: &str, data: Value) {
        self.lines.push(json!({"type": kind, "project": self.project, "effective": effective.to_string(), "data": data}));
    }
}

fn registration(form: &FilledForm, year: u32) -> Result<Value, FormError> {
    let missing = |field: &str| FormError {
        cell: form.sheet.clone(),
        field: field.into(),
        message: "表中没有此项 — the form does not give it".into(),
    };
    let name = form
        .project_name
        .clone()
        .ok_or_else(|| missing("项目名称"))?;
    let department = form
        .competent_department
        .clone()
        .or(form.implementing_unit.clone())
        .ok_or_else(|| missing("主管部门"))?;
    let mut data = json!({"name": name, "department": department, "year": year});
    if let Some(u) = &form.implementing_unit {
        data["unit"] = json!(u);
    }
    if let Some(c) = &form.competent_department {
        data["competent_department"] = json!(c);
    }
    Ok(data)
}

/// The fund rows to record: the form's fund rows when it has any (their sums checked
/// against 年度资金总额), else 年度资金总额 as 当年财政拨款.
fn fund_rows(form: &FilledForm) -> Result<Vec<(Fund, [Yuan; 3])>, FormError> {
    let figures =
        |m: &MoneyLine| [m.initial_budget, m.budget, m.spent].map(|a| a.unwrap_or_default());
    let funds: Vec<(Fund, [Yuan; 3])> = form
        .money
        .iter()
        .filter_map(|m| Some((m.fund?, figures(m))))
        .collect();
    let total = form.money.iter().find(|m| m.fund.is_none());
    let Some(total) = total else { return Ok(funds) };
    if funds.is_empty() {
        return Ok(vec![(Fund::Current, figures(total))]);
    }
    let names = ["年初预算数", "全年预算数", "全年执行数"];
    for (k, name) in names.iter().enumerate() {
        let sum: Yuan = funds.iter().map(|(_, f)| f[k]).sum();
        if sum != figures(total)[k] {
            return Err(FormError {
                cell: total.at.clone(),
                field: format!("年度资金总额 {name}"),
                message: format!(
                    "{} 万元，但各资金来源之和为 {} 万元：总额应等于各行之和 — the total is not the sum of the fund rows",
                    figures(total)[k].wan(),
                    sum.wan()
                ),
            });
        }
    }
    Ok(funds)
}

fn money(
    form: &FilledForm,
    out: &mut Lines,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<(), FormError> {
    let rows = fund_rows(form)?;
    let positive = |a: Yuan| !a.is_zero();
    for (fund, [initial, _, _]) in &rows {
        if positive(*initial) {
            let data = json!({"amount": initial.canonical(), "fund": fund.label(), "source": "年初预算", "doc": SOURCE});
            out.push(start, "budget.allocated", data);
        }
    }
    for (fund, [initial, budget, _]) in &rows {
        if initial.is_zero() && positive(*budget) {
            let data = json!({"amount": budget.canonical(), "fund": fund.label(), "source": "追加", "doc": SOURCE});
            out.push(end, "budget.allocated", data);
        } else if budget != initial {
            let reason = format!("{SOURCE}：全年预算数与年初预算数不同");
            out.push(
                end,
                "budget.adjusted",
                json!({"amount": budget.canonical(), "fund": fund.label(), "reason": reason}),
            );
        }
    }
    for (fund, [_, _, spent]) in rows.iter().filter(|r| positive(r.1[2])) {
        let source = format!("{SOURCE}：自评表不载到位数，按全年执行数记录");
        out.push(
            end,
            "funds.arrived",
            json!({"amount": spent.canonical(), "fund": fund.label(), "source": source}),
        );
        let purpose = format!("全年执行数（{SOURCE}）");
        out.push(
            end,
            "funds.disbursed",
            json!({"amount": spent.canonical(), "fund": fund.label(), "purpose": purpose}),
        );
    }
    Ok(())
}

/// The rows of each scoring part, with the part's points as the form gives them.
fn parts(form: &FilledForm) -> Vec<(Part, Vec<&IndicatorLine>, Decimal)> {
    Part::INDICATOR_PARTS
        .into_iter()
        .map(|p| {
            let rows: Vec<&IndicatorLine> = form
                .indicators
                .iter()
                .filter(|i| part_of(&i.level1, &i.level2) == p)
                .collect();
            let sum = rows.iter().filter_map(|i| i.weight).sum();
            (p, rows, sum)
        })
        .collect()
}

/// Whether a part's printed 分值 are the policy's equal split of `points` (each printed row
/// within 0.01 of it: `apportion` moves a row by at most that).
fn equal_split(rows: &[&IndicatorLine], points: Decimal) -> bool {
    let share = points / Decimal::from(rows.len().max(1));
    let tolerance = Decimal::new(1, 2);
    rows.iter()
        .all(|i| i.weight.is_none_or(|w| (w - share).abs() <= tolerance))
}

/// `scoring.configured` when the form's points per part are not the default policy's: each
/// part's points are the sum of its rows' 分值 (within the rounding of two decimals).
fn scoring(form: &FilledForm, out: &mut Lines, start: NaiveDate) {
    let policy = Policy::new(&Default::default());
    let tolerance = |rows: usize| Decimal::new(1, 2) * Decimal::from(rows.max(1));
    let execution = form
        .execution_weight
        .unwrap_or(policy.weight(Part::Execution));
    let mut differs = execution != policy.weight(Part::Execution);
    let mut weights = Map::new();
    weights.insert("execution".into(), json!(execution.normalize().to_string()));
    for (part, rows, sum) in parts(form) {
        let default = policy.weight(part);
        let given = rows.iter().any(|i| i.weight.is_some());
        let points = match given && (sum - default).abs() > tolerance(rows.len()) {
            true => sum.round_dp(2),
            false => default,
        };
        differs |= points != default;
        weights.insert(part.key().into(), json!(points.normalize().to_string()));
    }
    if differs {
        out.push(start, "scoring.configured", json!({"weights": weights}));
    }
}

/// The part's points under the lines written so far (the configured ones, else the default).
fn part_points(out: &Lines, part: Part) -> Decimal {
    let configured = out.lines.iter().find(|l| l["type"] == "scoring.configured");
    configured
        .and_then(|l| l["data"]["weights"][part.key()].as_str())
        .and_then(|w| w.parse().ok())
        .unwrap_or_else(|| Policy::new(&Default::default()).weight(part))
}

fn indicators(form: &FilledForm, out: &mut Lines, start: NaiveDate, filed: NaiveDate) {
    let own_weights: Vec<(Part, bool)> = parts(form)
        .into_iter()
        .map(|(p, rows, _)| (p, !equal_split(&rows, part_points(out, p))))
        .collect();
    let mut measured = Vec::new();
    for (n, i) in form.indicators.iter().enumerate() {
        let id = format!("i{}", n + 1);
        let part = part_of(&i.level1, &i.level2);
        let mut data = json!({"id": id, "level1": i.level1, "level2": i.level2, "name": i.name, "target": i.target});
        if own_weights.contains(&(part, true)) {
            if let Some(w) = i.weight {
                data["weight"] = json!(w.normalize().to_string());
            }
        }
        out.push(start, "indicator.defined", data);
        measured.extend(measurement(i, &id));
    }
    for (kind, data) in measured {
        out.push(filed, kind, data);
    }
}

const TIERS: [&str; 3] = ["达成", "部分达成", "未达成"];

/// `indicator.measured` and / or `indicator.assessed` for one row.
fn measurement(i: &IndicatorLine, id: &str) -> Vec<(&'static str, Value)> {
    let mut out = Vec::new();
    let actual = i.actual.as_deref();
    if let Some(a) = actual.filter(|a| !TIERS.contains(a)) {
        out.push(("indicator.measured", json!({"id": id, "actual": a})));
    }
    let deviation = i
        .deviation
        .as_deref()
        .filter(|d| !matches!(*d, "无" | "—" | "") && *d != NOT_RECORDED);
    let qualitative =
        parse_target(&i.target).is_ok_and(|t| t.comparator == Comparator::Qualitative);
    let tier_written = actual.filter(|a| TIERS.contains(a));
    if tier_written.is_some() || qualitative || deviation.is_some() {
        let ratio = match (i.score, i.weight) {
            (Some(s), Some(w)) if !w.is_zero() => Some((s / w).round_dp(10).normalize()),
            _ => None,
        };
        let tier = tier_written.unwrap_or(match ratio {
            Some(r) if r < Decimal::new(6, 1) => "未达成",
            Some(r) if r < Decimal::new(8, 1) => "部分达成",
            _ => "达成",
        });
        let mut data = json!({"id": id, "tier": tier});
        if let Some(r) = ratio.filter(|r| *r != Decimal::ONE) {
            data["score_ratio"] = json!(r.to_string());
        }
        if let Some(d) = deviation {
            data["deviation"] = json!(d);
        }
        out.push(("indicator.assessed", data));
    }
    out
}

fn claim(form: &FilledForm, out: &mut Lines, filed: NaiveDate) {
    let Some(score) = form.total_score else {
        return;
    };
    let grade = form
        .grade
        .clone()
        .unwrap_or_else(|| grade_for(score).as_str().to_string());
    let mut data = json!({"score": score.normalize().to_string(), "grade": grade});
    for (key, value) in [
        ("filled_by", &form.filled_by),
        ("phone", &form.phone),
        ("unit_head", &form.unit_head),
    ] {
        if let Some(v) = value {
            data[key] = json!(v);
        }
    }
    if let Some(d) = form.filled_on {
        data["filled_on"] = json!(d.to_string());
    }
    out.push(filed, "evaluation.claimed", data);
}
