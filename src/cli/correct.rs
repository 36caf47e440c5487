//! `jixiao correct SEQ`: the replacement built from the event as it stands (the original, or
//! its latest correction) and the flags given, by the field names of the command that recorded
//! it (`--amount`, `--purpose`, `--target`, …); or given whole as JSON (`--data`, for experts).
//! The change is shown before and after (`更正 #12 支出：金额 1.08万元 → 1.8万元`), and a
//! correction that changes nothing is refused naming the seq.
//!
//! `--effective` corrects the event's effective date: it is stored as `effective`
//! (`YYYY-MM-DD`) in the `event.corrected` data, which the ledger reads as the replacement's
//! date. The correction's own envelope is dated the day it is recorded.

use serde_json::{json, Map, Value};

use super::dates::{day_option, day_text, year_option};
use super::echo::type_label;
use super::plausible::{Figure, Typed};
use super::record_args::{CorrectArgs, CorrectFields};
use super::Failure;
use crate::event::{EventData, Hash32};
use crate::i18n::Msg;
use crate::ledger::Ledger;
use crate::money::{show_pair, Yuan};

/// A correction ready to append: its project, its `event.corrected` data, the figures typed
/// without a unit, and the change to show.
pub struct Correction {
    pub project: String,
    pub data: Value,
    pub typed: Vec<Typed>,
    pub change: Msg,
}

/// The event as it stands: its type, data (canonical JSON object) and effective date.
struct Current {
    kind: &'static str,
    project: String,
    data: Value,
    effective: String,
}

/// Builds the correction of `a.seq`.
///
/// # Errors
/// Exit 2: the seq does not exist, a flag the event's type has no field for, a bad date or
/// year, replacement data that does not fit the type (naming the field), or no change.
pub fn build(a: &CorrectArgs, ledger: &Ledger) -> Result<Correction, Failure> {
    let current = current(a.seq, ledger)?;
    let (edits, typed) = edits(&a.fields)?;
    let replacement = match &a.data {
        Some(text) => expert_data(text)?,
        None => apply(&current, &edits, a.seq)?,
    };
    let effective = day_text("--effective", a.effective.as_deref())?;
    if a.data.is_none() && edits.is_empty() && effective.is_none() {
        return Err(Failure::input(
            Msg::new("correct-nothing").arg("seq", a.seq),
        ));
    }
    if current.kind.starts_with("event.") {
        // A correction or reversal is not corrected: the ledger refuses it, naming the rule.
        return Ok(Correction {
            project: current.project,
            data: json!({
                "target_seq": a.seq,
                "reason": a.reason,
                "replacement": {"type": current.kind, "data": replacement},
            }),
            typed,
            change: Msg::raw(""),
        });
    }
    let typed_new = EventData::parse(current.kind, &replacement.to_string()).map_err(|e| {
        Failure::input(
            Msg::new("field-error")
                .arg("field", e.path.replacen("data", "data.replacement.data", 1))
                .arg_msg("message", Msg::from(e.message)),
        )
    })?;
    let new_data = canonical_data(&typed_new);
    let new_effective = effective.clone().unwrap_or(current.effective.clone());
    let changes = differences(&current.data, &new_data, &current.effective, &new_effective);
    if changes.is_empty() {
        return Err(Failure::input(
            Msg::new("correct-identical")
                .arg("seq", a.seq)
                .arg_msg("type", type_label(current.kind)),
        ));
    }
    let mut data = json!({
        "target_seq": a.seq,
        "reason": a.reason,
        "replacement": {"type": current.kind, "data": new_data},
    });
    if let Some(day) = effective {
        data["effective"] = Value::String(day);
    }
    let change = Msg::new("correct-change")
        .arg("seq", a.seq)
        .arg_msg("type", type_label(current.kind))
        .arg_list("changes", changes);
    Ok(Correction {
        project: current.project,
        data,
        typed,
        change,
    })
}

/// The target as it stands now: its latest correction's replacement (and date), or itself.
fn current(seq: u64, ledger: &Ledger) -> Result<Current, Failure> {
    let target = super::record::target_event(seq, ledger)?;
    let project = target.env.project.to_string();
    let mut data = canonical_data(&target.env.data);
    let mut effective = target.env.effective.to_string();
    for s in ledger.project_events(&project)? {
        let EventData::EventCorrected(c) = &s.env.data else {
            continue;
        };
        if c.target_seq != seq {
            continue;
        }
        data = c.replacement.data.clone();
        if let Some(day) = stored_effective(&s.env, &s.hash) {
            effective = day;
        }
    }
    Ok(Current {
        kind: target.env.type_name(),
        project,
        data,
        effective,
    })
}

/// The `effective` a stored correction carries in its data, read from its export line (so
/// that it is found whether or not this build's `EventCorrected` names the field).
fn stored_effective(env: &crate::event::Envelope, hash: &Hash32) -> Option<String> {
    let line = crate::event::envelope::export_line(&env.canonical_bytes(), hash);
    let value: Value = serde_json::from_slice(&line).ok()?;
    value["data"]["effective"].as_str().map(str::to_string)
}

fn canonical_data(data: &EventData) -> Value {
    let mut bytes = Vec::new();
    data.write_data(&mut bytes);
    serde_json::from_slice(&bytes).expect("invariant: canonical data is JSON")
}

fn expert_data(text: &str) -> Result<Value, Failure> {
    crate::event::envelope::check_shape(text).map_err(|e| {
        Failure::input(
            Msg::new("field-error")
                .arg("field", "data.replacement.data")
                .arg_msg("message", Msg::from(e.message)),
        )
    })?;
    serde_json::from_str(text).map_err(|e| {
        Failure::input(
            Msg::new("correct-data-not-json")
                .arg("field", "data.replacement.data")
                .arg_msg("message", Msg::from(e.to_string())),
        )
    })
}

/// One flag given: the option, the data field it sets and the value.
type Edit = (&'static str, &'static str, Value);

/// The flags given, as data fields (dates and the year normalised), and the figures typed.
fn edits(f: &CorrectFields) -> Result<(Vec<Edit>, Vec<Typed>), Failure> {
    let text = |v: &Option<String>| v.as_ref().map(|t| Value::String(t.clone()));
    let mut out: Vec<Edit> = [
        ("--amount", "amount", text(&f.amount)),
        ("--purpose", "purpose", text(&f.purpose)),
        ("--category", "category", text(&f.category)),
        ("--payee", "payee", text(&f.payee)),
        ("--voucher", "voucher", text(&f.voucher)),
        ("--source", "source", text(&f.source)),
        ("--doc", "doc", text(&f.doc)),
        ("--fund", "fund", text(&f.fund)),
        ("--authority", "authority", text(&f.authority)),
        ("--text", "text", text(&f.text)),
        ("--name", "name", text(&f.name)),
        ("--department", "department", text(&f.department)),
        ("--unit", "unit", text(&f.unit)),
        (
            "--competent-department",
            "competent_department",
            text(&f.competent_department),
        ),
        ("--fund-nature", "fund_nature", text(&f.fund_nature)),
        ("--contents", "contents", text(&f.contents)),
        ("--level1", "level1", text(&f.level1)),
        ("--level2", "level2", text(&f.level2)),
        ("--target", "target", text(&f.target)),
        ("--comparator", "comparator", text(&f.comparator)),
        ("--weight", "weight", text(&f.weight)),
        ("--actual", "actual", text(&f.actual)),
        ("--note", "note", text(&f.note)),
        ("--tier", "tier", text(&f.tier)),
        ("--score-ratio", "score_ratio", text(&f.score_ratio)),
        ("--deviation", "deviation", text(&f.deviation)),
        ("--section", "section", text(&f.section)),
        ("--policy", "policy", text(&f.policy)),
        ("--score", "score", text(&f.score)),
        ("--grade", "grade", text(&f.grade)),
        ("--spent", "spent", text(&f.spent)),
        (
            "--execution-ratio",
            "execution_ratio",
            text(&f.execution_ratio),
        ),
    ]
    .into_iter()
    .filter_map(|(flag, field, v)| v.map(|v| (flag, field, v)))
    .collect();
    if let Some(y) = &f.year {
        out.push(("--year", "year", json!(year_option("--year", y)?)));
    }
    for (flag, field, v) in [
        ("--period-start", "period_start", &f.period_start),
        ("--period-end", "period_end", &f.period_end),
    ] {
        if let Some(t) = v {
            out.push((flag, field, json!(day_option(flag, t)?.to_string())));
        }
    }
    if !f.basis.is_empty() {
        out.push(("--basis", "basis", json!(f.basis)));
    }
    let typed = [
        ("--amount", &f.amount, Figure::Budget),
        ("--spent", &f.spent, Figure::Spent),
    ]
    .into_iter()
    .filter_map(|(option, v, figure)| {
        v.clone().map(|text| Typed {
            option,
            text,
            figure,
        })
    })
    .collect();
    Ok((out, typed))
}

/// The current data with the edits applied; a flag whose field the type lacks is refused,
/// naming the flags the type takes.
fn apply(current: &Current, edits: &[Edit], seq: u64) -> Result<Value, Failure> {
    let fields = type_fields(current.kind);
    let mut data = current.data.as_object().cloned().unwrap_or_else(Map::new);
    for (flag, field, value) in edits {
        if !fields.iter().any(|f| f == field) {
            let flags: Vec<String> = fields
                .iter()
                .filter(|f| *f != "id")
                .map(|f| format!("--{}", f.replace('_', "-")))
                .collect();
            return Err(Failure::input(
                Msg::new("correct-flag-not-for-type")
                    .arg("flag", flag)
                    .arg("seq", seq)
                    .arg("kind", current.kind)
                    .arg_msg("type", type_label(current.kind))
                    .arg("flags", flags.join("、")),
            ));
        }
        data.insert((*field).to_string(), value.clone());
    }
    Ok(Value::Object(data))
}

/// The data fields of an event type, from its JSON Schema.
fn type_fields(kind: &str) -> Vec<String> {
    crate::event::EventData::data_schemas()
        .into_iter()
        .find(|(name, _)| *name == kind)
        .and_then(|(_, schema)| {
            schema
                .as_value()
                .get("properties")
                .and_then(Value::as_object)
                .map(|p| p.keys().cloned().collect())
        })
        .unwrap_or_default()
}

/// Each field that differs, before and after (`金额 1.08万元 → 1.8万元`), and the date.
fn differences(before: &Value, after: &Value, was: &str, now: &str) -> Vec<Msg> {
    let empty = Map::new();
    let (b, a) = (
        before.as_object().unwrap_or(&empty),
        after.as_object().unwrap_or(&empty),
    );
    let mut keys: Vec<&String> = b.keys().chain(a.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut out: Vec<Msg> = keys
        .into_iter()
        .filter(|k| b.get(*k) != a.get(*k))
        .map(|k| change(k, b.get(k), a.get(k)))
        .collect();
    if was != now {
        out.push(
            Msg::new("correct-field-change")
                .arg_msg("field", field_label("effective"))
                .arg("before", was)
                .arg("after", now),
        );
    }
    out
}

fn change(field: &str, before: Option<&Value>, after: Option<&Value>) -> Msg {
    let amount = |v: Option<&Value>| v.and_then(Value::as_str).and_then(|t| Yuan::parse(t).ok());
    let (was, now) = match (field, amount(before), amount(after)) {
        ("amount" | "spent", Some(x), Some(y)) => {
            let (x, y) = show_pair(x, y);
            (Msg::raw(x), Msg::raw(y))
        }
        _ => (shown(before), shown(after)),
    };
    Msg::new("correct-field-change")
        .arg_msg("field", field_label(field))
        .arg_msg("before", was)
        .arg_msg("after", now)
}

fn shown(v: Option<&Value>) -> Msg {
    match v {
        None | Some(Value::Null) => Msg::new("correct-absent"),
        Some(Value::String(s)) => Msg::raw(s),
        Some(other) => Msg::raw(other),
    }
}

/// A data field's name in the users' words (`amount` → 金额).
#[must_use]
pub fn field_label(field: &str) -> Msg {
    match field {
        "amount" => Msg::new("field-amount"),
        "purpose" => Msg::new("field-purpose"),
        "category" => Msg::new("field-category"),
        "payee" => Msg::new("field-payee"),
        "voucher" => Msg::new("field-voucher"),
        "source" => Msg::new("field-source"),
        "doc" => Msg::new("field-doc"),
        "fund" => Msg::new("field-fund"),
        "authority" => Msg::new("field-authority"),
        "reason" => Msg::new("field-reason"),
        "text" => Msg::new("field-text"),
        "name" => Msg::new("field-name"),
        "department" => Msg::new("field-department"),
        "year" => Msg::new("field-year"),
        "period_start" => Msg::new("field-period-start"),
        "period_end" => Msg::new("field-period-end"),
        "target" => Msg::new("field-target"),
        "actual" => Msg::new("field-actual"),
        "weight" => Msg::new("field-weight"),
        "tier" => Msg::new("field-tier"),
        "score" => Msg::new("field-score"),
        "grade" => Msg::new("field-grade"),
        "spent" => Msg::new("field-spent"),
        "effective" => Msg::new("field-effective"),
        other => Msg::raw(other),
    }
}
