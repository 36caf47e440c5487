//! Recording commands: each builds one import line from its arguments and appends it
//! through the same path as `jixiao import`, so both are judged by the same rules.

pub use super::record_args::*;
use serde_json::{json, Map, Value};

use super::{Context, Failure};
use crate::event::hash::to_hex;
use crate::event::{EventData, ImportLine};
use crate::ids::ProjectId;
use crate::ledger::{AppendError, Ledger};
use crate::time::{today_cst, Day};

/// Builds a JSON object from the fields that were given.
fn fields(pairs: &[(&str, Option<Value>)]) -> Value {
    let map: Map<String, Value> = pairs
        .iter()
        .filter_map(|(k, v)| v.clone().map(|v| (k.to_string(), v)))
        .collect();
    Value::Object(map)
}

fn s(v: &str) -> Option<Value> {
    Some(Value::String(v.to_string()))
}

fn o(v: &Option<String>) -> Option<Value> {
    v.as_ref().map(|x| Value::String(x.clone()))
}

pub fn run(cmd: RecordCommand, ctx: &Context) -> Result<(), Failure> {
    let mut ledger = ctx.open()?;
    let (kind, project, data, common) = build(cmd, &ledger)?;
    append_one(&mut ledger, kind, &project, data, &common, ctx)
}

type Built = (&'static str, String, Value, Common);

fn build(cmd: RecordCommand, ledger: &Ledger) -> Result<Built, Failure> {
    use RecordCommand as R;
    Ok(match cmd {
        R::Project(ProjectCmd::Register {
            project,
            name,
            department,
            year,
            unit,
            competent_department,
            fund_nature,
            period_start,
            period_end,
            basis,
            contents,
            common,
        }) => {
            let basis = (!basis.is_empty()).then(|| json!(basis));
            let data = fields(&[
                ("name", s(&name)),
                ("department", s(&department)),
                ("year", Some(json!(year))),
                ("unit", o(&unit)),
                ("competent_department", o(&competent_department)),
                ("fund_nature", o(&fund_nature)),
                ("period_start", o(&period_start)),
                ("period_end", o(&period_end)),
                ("basis", basis),
                ("contents", o(&contents)),
            ]);
            ("project.registered", project, data, common)
        }
        R::Budget(BudgetCmd::Allocate {
            project,
            amount,
            source,
            doc,
            fund,
            common,
        }) => (
            "budget.allocated",
            project,
            fields(&[
                ("amount", s(&amount)),
                ("source", o(&source)),
                ("doc", o(&doc)),
                ("fund", o(&fund)),
            ]),
            common,
        ),
        R::Budget(BudgetCmd::Adjust {
            project,
            amount,
            reason,
            authority,
            doc,
            fund,
            common,
        }) => (
            "budget.adjusted",
            project,
            fields(&[
                ("amount", s(&amount)),
                ("reason", s(&reason)),
                ("authority", o(&authority)),
                ("doc", o(&doc)),
                ("fund", o(&fund)),
            ]),
            common,
        ),
        R::Funds(FundsCmd::Arrive {
            project,
            amount,
            source,
            doc,
            fund,
            common,
        }) => (
            "funds.arrived",
            project,
            fields(&[
                ("amount", s(&amount)),
                ("source", o(&source)),
                ("doc", o(&doc)),
                ("fund", o(&fund)),
            ]),
            common,
        ),
        R::Spend(a) => (
            "funds.disbursed",
            a.project,
            fields(&[
                ("amount", s(&a.amount)),
                ("purpose", s(&a.purpose)),
                ("category", o(&a.category)),
                ("payee", o(&a.payee)),
                ("voucher", o(&a.voucher)),
                ("fund", o(&a.fund)),
            ]),
            a.common,
        ),
        R::Goal(GoalCmd::Set {
            project,
            id,
            text,
            common,
        }) => (
            "goal.set",
            project,
            fields(&[("id", s(&id)), ("text", s(&text))]),
            common,
        ),
        R::Goal(GoalCmd::Adjust {
            project,
            id,
            text,
            reason,
            common,
        }) => (
            "goal.adjusted",
            project,
            fields(&[("id", s(&id)), ("text", s(&text)), ("reason", s(&reason))]),
            common,
        ),
        R::Goal(GoalCmd::Withdraw {
            project,
            id,
            reason,
            common,
        }) => (
            "goal.withdrawn",
            project,
            fields(&[("id", s(&id)), ("reason", s(&reason))]),
            common,
        ),
        R::Goal(GoalCmd::Assess {
            project,
            id,
            achieved,
            common,
        }) => (
            "goal.assessed",
            project,
            fields(&[("id", s(&id)), ("achieved", s(&achieved))]),
            common,
        ),
        R::Indicator(cmd) => build_indicator(cmd),
        R::Narrative(a) => (
            "narrative.recorded",
            a.project,
            fields(&[("section", s(&a.section)), ("text", s(&a.text))]),
            a.common,
        ),
        R::Scoring(a) => {
            let weights = fields(&[
                ("execution", o(&a.execution)),
                ("output", o(&a.output)),
                ("benefit", o(&a.benefit)),
                ("satisfaction", o(&a.satisfaction)),
                ("cost", o(&a.cost)),
            ]);
            let weights = (weights.as_object().is_some_and(|m| !m.is_empty())).then_some(weights);
            let level2 = level2_weights(&a.level2)?;
            (
                "scoring.configured",
                a.project,
                fields(&[
                    ("level2_weights", level2),
                    ("policy", o(&a.policy)),
                    ("weights", weights),
                ]),
                a.common,
            )
        }
        R::Claim(a) => (
            "evaluation.claimed",
            a.project,
            fields(&[
                ("score", s(&a.score)),
                ("grade", s(&a.grade)),
                ("spent", o(&a.spent)),
                ("execution_ratio", o(&a.execution_ratio)),
                ("filled_by", o(&a.filled_by)),
                ("phone", o(&a.phone)),
                ("unit_head", o(&a.unit_head)),
                ("filled_on", o(&a.filled_on)),
            ]),
            a.common,
        ),
        R::Correct(a) => build_correction(a, ledger)?,
        R::Reverse(a) => {
            let project = project_of(a.seq, ledger)?;
            (
                "event.reversed",
                project,
                fields(&[("target_seq", Some(json!(a.seq))), ("reason", s(&a.reason))]),
                a.common,
            )
        }
    })
}

fn build_indicator(cmd: IndicatorCmd) -> Built {
    match cmd {
        IndicatorCmd::Define {
            project,
            id,
            level1,
            level2,
            name,
            target,
            comparator,
            unit,
            weight,
            common,
        } => {
            let data = fields(&[
                ("id", s(&id)),
                ("level1", s(&level1)),
                ("level2", s(&level2)),
                ("name", s(&name)),
                ("target", s(&target)),
                ("comparator", o(&comparator)),
                ("unit", o(&unit)),
                ("weight", o(&weight)),
            ]);
            ("indicator.defined", project, data, common)
        }
        IndicatorCmd::AdjustTarget {
            project,
            id,
            target,
            reason,
            common,
        } => (
            "indicator.target_adjusted",
            project,
            fields(&[
                ("id", s(&id)),
                ("target", s(&target)),
                ("reason", s(&reason)),
            ]),
            common,
        ),
        IndicatorCmd::Measure {
            project,
            id,
            actual,
            note,
            common,
        } => (
            "indicator.measured",
            project,
            fields(&[("id", s(&id)), ("actual", s(&actual)), ("note", o(&note))]),
            common,
        ),
        IndicatorCmd::Assess {
            project,
            id,
            tier,
            score_ratio,
            deviation,
            common,
        } => (
            "indicator.assessed",
            project,
            fields(&[
                ("id", s(&id)),
                ("tier", s(&tier)),
                ("score_ratio", o(&score_ratio)),
                ("deviation", o(&deviation)),
            ]),
            common,
        ),
    }
}

fn build_correction(a: CorrectArgs, ledger: &Ledger) -> Result<Built, Failure> {
    let target = ledger.get(a.seq)?.ok_or_else(|| {
        Failure::input(format!(
            "field target_seq: seq {} does not exist (head is {})",
            a.seq,
            ledger.head().map_or(0, |h| h.seq)
        ))
    })?;
    crate::event::envelope::check_shape(&a.data)
        .map_err(|e| Failure::input(format!("field data.replacement.data: {}", e.message)))?;
    let data: Value = serde_json::from_str(&a.data)
        .map_err(|e| Failure::input(format!("field data.replacement.data: not JSON: {e}")))?;
    let replacement = json!({"type": target.env.type_name(), "data": data});
    let built = fields(&[
        ("target_seq", Some(json!(a.seq))),
        ("reason", s(&a.reason)),
        ("replacement", Some(replacement)),
    ]);
    Ok((
        "event.corrected",
        target.env.project.to_string(),
        built,
        a.common,
    ))
}

fn project_of(seq: u64, ledger: &Ledger) -> Result<String, Failure> {
    let target = ledger
        .get(seq)?
        .ok_or_else(|| Failure::input(format!("field target_seq: seq {seq} does not exist")))?;
    Ok(target.env.project.to_string())
}

fn append_one(
    ledger: &mut Ledger,
    kind: &str,
    project: &str,
    data: Value,
    common: &Common,
    ctx: &Context,
) -> Result<(), Failure> {
    let effective = match &common.effective {
        Some(text) => {
            Day::parse(text).map_err(|e| Failure::input(format!("field effective: {e}")))?
        }
        None => Day(today_cst(ctx.now)),
    };
    let project =
        ProjectId::new(project).map_err(|e| Failure::input(format!("field project: {e}")))?;
    let data =
        EventData::parse(kind, &data.to_string()).map_err(|e| Failure::input(e.to_string()))?;
    let line = ImportLine {
        actor: None,
        data,
        effective,
        project,
    };
    let now = ctx.now;
    let appended = ledger
        .append([(1, Ok(line))], &ctx.actor, &mut |_| now)
        .map_err(single_line)?;
    for a in appended {
        println!("seq {}  hash {}", a.seq, to_hex(&a.hash));
    }
    Ok(())
}

/// A one-event command has no line numbers; keep the field and the message.
fn single_line(e: AppendError) -> Failure {
    match e {
        AppendError::Rejected { field, message, .. } => {
            Failure::input(format!("field {field}: {message}"))
        }
        other => other.into(),
    }
}

/// `--level2 数量指标=20` pairs as the `level2_weights` object; the points stay text so the
/// event parser judges them like every other 分值.
fn level2_weights(pairs: &[String]) -> Result<Option<Value>, Failure> {
    let mut map = Map::new();
    for pair in pairs {
        let (name, points) = pair.split_once(['=', '＝']).ok_or_else(|| {
            Failure::input(format!(
                "--level2 {pair:?}: 应写作 二级名称=分值（如 --level2 数量指标=20）"
            ))
        })?;
        map.insert(
            name.trim().to_string(),
            Value::String(points.trim().to_string()),
        );
    }
    Ok((!map.is_empty()).then_some(Value::Object(map)))
}
