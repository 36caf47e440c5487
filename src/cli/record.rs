//! Recording commands: each builds one import line from its arguments and appends it
//! through the same path as `jixiao import`, so both are judged by the same rules; then says
//! what it recorded (`echo`). Dates are read as people write them (`dates`), and a figure
//! typed without a unit that looks like a forgotten 万 is refused (`plausible`).

pub use super::record_args::*;
use serde_json::{json, Map, Value};

use super::dates::{day_option, day_text, year_option};
use super::echo::{print_recorded, Recorded};
use super::plausible::{self, Figure, Typed};
use super::{Context, Failure};
use crate::event::{EventData, ImportLine, Stored};
use crate::i18n::Msg;
use crate::ids::ProjectId;
use crate::ledger::{AppendError, Ledger};
use crate::projection::View;
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

/// An event's effective date, and whether it is today's because no `--effective` was given.
#[derive(Debug, Clone, Copy)]
struct When {
    day: Day,
    today: bool,
}

impl When {
    fn given(day: Day) -> When {
        When { day, today: false }
    }
}

/// One event to append, as a command built it.
struct Built {
    kind: &'static str,
    project: String,
    data: Value,
    effective: When,
    /// Figures typed for amounts, for the plausibility check.
    typed: Vec<Typed>,
    confirm: bool,
    /// For a correction: the change, shown before the echo.
    change: Option<Msg>,
}

impl Built {
    fn new(kind: &'static str, project: String, data: Value, effective: When) -> Built {
        Built {
            kind,
            project,
            data,
            effective,
            typed: Vec::new(),
            confirm: false,
            change: None,
        }
    }

    /// The amount typed for `option`, checked for a forgotten 万 unless `confirm`.
    fn amount(mut self, option: &'static str, text: Option<&str>, figure: Figure) -> Built {
        if let Some(t) = text {
            self.typed.push(Typed {
                option,
                text: t.to_string(),
                figure,
            });
        }
        self
    }

    fn confirmed(mut self, c: &Confirm) -> Built {
        self.confirm = c.confirm;
        self
    }
}

pub fn run(cmd: RecordCommand, ctx: &Context) -> Result<(), Failure> {
    let mut ledger = ctx.open_to_write()?;
    let built = build(cmd, &ledger, ctx)?;
    // Ids are stored NFC (`ids::admit_id`): the state and the echo name the stored project.
    let project = ProjectId::new(&crate::ids::query_form(&built.project))
        .map_err(|e| field_failure("project", e.to_string()))?;
    let data = EventData::parse(built.kind, &built.data.to_string())
        .map_err(|e| field_failure(&e.path, e.message))?;
    let state = match built.kind {
        "project.registered" => None,
        _ => ledger.project_state(project.as_str(), &View::default())?,
    };
    plausible::check(
        state.as_ref(),
        project.as_str(),
        &built.typed,
        built.confirm,
    )?;
    let mut line = ImportLine {
        actor: None,
        data: data.clone(),
        effective: built.effective.day,
        project: project.clone(),
        id: None,
        signed: None,
    };
    if let Some(signer) = super::sign::signer(ctx, &ledger)? {
        line = signer
            .sign(line)
            .map_err(|e| field_failure(&e.field, e.message))?;
    }
    let now = ctx.now;
    let appended =
        super::append::append_inputs(&mut ledger, [(1, Ok(line))], &ctx.actor, &mut |_| now)
            .map_err(single_line)?;
    if let Some(change) = &built.change {
        println!("{}", ctx.say(change));
    }
    // The ledger judged the date against the project's period (`ledger::outside_period`);
    // a date that is today's only because none was given says how to correct it.
    let notices = &appended.notices;
    if let Some((a, _)) = appended.range {
        let note = notices
            .outside_period
            .first()
            .map(|o| match built.effective.today {
                true => super::notices::dated_today_note(o),
                false => super::notices::outside_period_note(o, false),
            });
        let recorded = Recorded {
            seq: a.seq,
            hash: &a.hash,
            project: project.as_str(),
            effective: built.effective.day,
            data: &data,
        };
        print_recorded(ctx, &recorded, note);
    }
    Ok(())
}

fn field_failure(field: &str, message: String) -> Failure {
    Failure::input(
        Msg::new("field-error")
            .arg("field", field)
            .arg_msg("message", Msg::from(message)),
    )
}

/// `--effective` as written, else today (+08:00).
fn effective(common: &Common, ctx: &Context) -> Result<When, Failure> {
    match &common.effective {
        Some(text) => day_option("--effective", text).map(When::given),
        None => Ok(When {
            day: Day(today_cst(ctx.now)),
            today: true,
        }),
    }
}

fn build(cmd: RecordCommand, ledger: &Ledger, ctx: &Context) -> Result<Built, Failure> {
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
            let year = year_option("--year", &year)?;
            let period_start = day_text("--period-start", period_start.as_deref())?;
            let period_end = day_text("--period-end", period_end.as_deref())?;
            check_period(period_start.as_deref(), period_end.as_deref())?;
            let effective = registration_date(&common, period_start.as_deref(), year)?;
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
            Built::new("project.registered", project, data, When::given(effective))
        }
        R::Project(ProjectCmd::Withdraw {
            project,
            reason,
            common,
        }) => Built::new(
            "project.withdrawn",
            project,
            fields(&[("reason", s(&reason))]),
            effective(&common, ctx)?,
        ),
        R::Budget(BudgetCmd::Allocate {
            project,
            amount,
            source,
            doc,
            fund,
            confirm,
            common,
        }) => Built::new(
            "budget.allocated",
            project,
            fields(&[
                ("amount", s(&amount)),
                ("source", o(&source)),
                ("doc", o(&doc)),
                ("fund", o(&fund)),
            ]),
            effective(&common, ctx)?,
        )
        .amount("<AMOUNT>", Some(&amount), Figure::Budget)
        .confirmed(&confirm),
        R::Budget(BudgetCmd::Adjust {
            project,
            amount,
            reason,
            authority,
            doc,
            fund,
            confirm,
            common,
        }) => Built::new(
            "budget.adjusted",
            project,
            fields(&[
                ("amount", s(&amount)),
                ("reason", s(&reason)),
                ("authority", o(&authority)),
                ("doc", o(&doc)),
                ("fund", o(&fund)),
            ]),
            effective(&common, ctx)?,
        )
        .amount("<AMOUNT>", Some(&amount), Figure::Budget)
        .confirmed(&confirm),
        R::Funds(FundsCmd::Arrive {
            project,
            amount,
            source,
            doc,
            fund,
            confirm,
            common,
        }) => Built::new(
            "funds.arrived",
            project,
            fields(&[
                ("amount", s(&amount)),
                ("source", o(&source)),
                ("doc", o(&doc)),
                ("fund", o(&fund)),
            ]),
            effective(&common, ctx)?,
        )
        .amount("<AMOUNT>", Some(&amount), Figure::Money)
        .confirmed(&confirm),
        R::Spend(a) => Built::new(
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
            effective(&a.common, ctx)?,
        )
        .amount("<AMOUNT>", Some(&a.amount), Figure::Money)
        .confirmed(&a.confirm),
        R::Goal(cmd) => build_goal(cmd, ctx)?,
        R::Indicator(cmd) => build_indicator(cmd, ctx)?,
        R::Narrative(a) => Built::new(
            "narrative.recorded",
            a.project,
            fields(&[("section", s(&a.section)), ("text", s(&a.text))]),
            effective(&a.common, ctx)?,
        ),
        R::Scoring(a) => build_scoring(a, ctx)?,
        R::Claim(a) => {
            let filled_on = day_text("--filled-on", a.filled_on.as_deref())?;
            claim(a, filled_on, ctx)?
        }
        R::Correct(a) => {
            let c = super::correct::build(&a, ledger)?;
            let mut built = Built::new(
                "event.corrected",
                c.project,
                c.data,
                When::given(Day(today_cst(ctx.now))),
            )
            .confirmed(&a.confirm);
            built.typed = c.typed;
            built.change = Some(c.change);
            built
        }
        R::Reverse(a) => Built::new(
            "event.reversed",
            project_of(a.seq, ledger)?,
            fields(&[("target_seq", Some(json!(a.seq))), ("reason", s(&a.reason))]),
            effective(&a.common, ctx)?,
        ),
    })
}

/// A registration is dated by `--effective`, else the period's start, else 1 January of the
/// year: never the day it happens to be typed (years later, the project would not exist
/// `--as-of` any day of its own year).
fn registration_date(common: &Common, start: Option<&str>, year: u32) -> Result<Day, Failure> {
    if let Some(text) = &common.effective {
        return day_option("--effective", text);
    }
    if let Some(start) = start {
        return day_option("--period-start", start);
    }
    day_option("--year", &format!("{year}-01-01"))
}

/// The period's end may not come before its start.
fn check_period(start: Option<&str>, end: Option<&str>) -> Result<(), Failure> {
    match (start, end) {
        (Some(s), Some(e)) if e < s => Err(Failure::input(
            Msg::new("period-reversed").arg("start", s).arg("end", e),
        )),
        _ => Ok(()),
    }
}

fn build_goal(cmd: GoalCmd, ctx: &Context) -> Result<Built, Failure> {
    Ok(match cmd {
        GoalCmd::Set {
            project,
            id,
            text,
            common,
        } => Built::new(
            "goal.set",
            project,
            fields(&[("id", s(&id)), ("text", s(&text))]),
            effective(&common, ctx)?,
        ),
        GoalCmd::Adjust {
            project,
            id,
            text,
            reason,
            common,
        } => Built::new(
            "goal.adjusted",
            project,
            fields(&[("id", s(&id)), ("text", s(&text)), ("reason", s(&reason))]),
            effective(&common, ctx)?,
        ),
        GoalCmd::Withdraw {
            project,
            id,
            reason,
            common,
        } => Built::new(
            "goal.withdrawn",
            project,
            fields(&[("id", s(&id)), ("reason", s(&reason))]),
            effective(&common, ctx)?,
        ),
        GoalCmd::Assess {
            project,
            id,
            achieved,
            common,
        } => Built::new(
            "goal.assessed",
            project,
            fields(&[("id", s(&id)), ("achieved", s(&achieved))]),
            effective(&common, ctx)?,
        ),
    })
}

fn build_indicator(cmd: IndicatorCmd, ctx: &Context) -> Result<Built, Failure> {
    let (kind, project, data, common) = match cmd {
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
    };
    Ok(Built::new(kind, project, data, effective(&common, ctx)?))
}

/// `claim`: the 自评 score and grade, with the 全年执行数 (questioned when it looks like a
/// forgotten 万 against what the ledger holds) and 填报日期 as people write dates.
fn claim(a: ClaimArgs, filled_on: Option<String>, ctx: &Context) -> Result<Built, Failure> {
    Ok(Built::new(
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
            ("filled_on", o(&filled_on)),
        ]),
        effective(&a.common, ctx)?,
    )
    .amount("--spent", a.spent.as_deref(), Figure::Spent)
    .confirmed(&a.confirm))
}

fn build_scoring(a: ScoringArgs, ctx: &Context) -> Result<Built, Failure> {
    let weights = fields(&[
        ("execution", o(&a.execution)),
        ("output", o(&a.output)),
        ("benefit", o(&a.benefit)),
        ("satisfaction", o(&a.satisfaction)),
        ("cost", o(&a.cost)),
    ]);
    let weights = (weights.as_object().is_some_and(|m| !m.is_empty())).then_some(weights);
    let level2 = level2_weights(&a.level2)?;
    Ok(Built::new(
        "scoring.configured",
        a.project,
        fields(&[
            ("level2_weights", level2),
            ("policy", o(&a.policy)),
            ("weights", weights),
        ]),
        effective(&a.common, ctx)?,
    ))
}

fn project_of(seq: u64, ledger: &Ledger) -> Result<String, Failure> {
    Ok(target_event(seq, ledger)?.env.project.to_string())
}

/// The event a correction or reversal names by `target_seq`; refused (exit 2) naming the
/// seq and the head when the ledger holds no such event.
pub(super) fn target_event(seq: u64, ledger: &Ledger) -> Result<Stored, Failure> {
    let head = ledger.head().map_or(0, |h| h.seq);
    ledger.get(seq)?.ok_or_else(|| {
        Failure::input(
            Msg::new("seq-missing")
                .arg("field", "target_seq")
                .arg("seq", seq)
                .arg("head", head),
        )
    })
}

/// A one-event command has no line numbers; keep the field and the message.
fn single_line(e: AppendError) -> Failure {
    match e {
        AppendError::Rejected { field, message, .. } => field_failure(&field, message),
        other => other.into(),
    }
}

/// `--level2 数量指标=20` pairs as the `level2_weights` object; the points stay text so the
/// event parser judges them like every other 分值.
fn level2_weights(pairs: &[String]) -> Result<Option<Value>, Failure> {
    let mut map = Map::new();
    for pair in pairs {
        let (name, points) = pair.split_once(['=', '＝']).ok_or_else(|| {
            Failure::input(Msg::new("level2-pair").arg("value", format!("{pair:?}")))
        })?;
        map.insert(
            name.trim().to_string(),
            Value::String(points.trim().to_string()),
        );
    }
    Ok((!map.is_empty()).then_some(Value::Object(map)))
}
