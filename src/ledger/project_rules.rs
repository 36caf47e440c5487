//! Append-time rules on a project as a whole: its standing (withdrawn or not), its period,
//! voucher numbers unique within it, spending dated before its funds arrived, and how many
//! indicators, goals and narrative sections it may hold (`limits`). The facts
//! they read live in `rules::Facts`; messages are Chinese first (`src/i18n/*/rules.ftl`).

use chrono::NaiveDate;

use super::dated::Shortfall;
use super::rule_ids;
use super::rules::{exact, typed_replacement, violation, Facts, Stamp, Violation};
use crate::event::EventData;
use crate::i18n::Msg;
use crate::limits::{MAX_GOALS_PER_PROJECT, MAX_INDICATORS_PER_PROJECT, MAX_SECTIONS_PER_PROJECT};
use crate::money::Yuan;

pub use crate::event::Period;

/// Event types that belong to the evaluation after the period (实现值, 评定, report text,
/// scoring settings, the claim): outside the period only when dated before it starts.
fn evaluation_phase(type_name: &str) -> bool {
    matches!(
        type_name,
        "indicator.measured"
            | "indicator.assessed"
            | "narrative.recorded"
            | "scoring.configured"
            | "evaluation.claimed"
    )
}

/// The period an event's effective date falls outside of, if it does: the event's own date
/// (a correction's: the date it gives its target). Corrections without a date, reversals and
/// withdrawals are dated when they are made, which may be any time: never outside.
pub fn outside_period(facts: &Facts, effective: NaiveDate, data: &EventData) -> Option<Period> {
    let (day, kind) = match data {
        EventData::EventCorrected(c) => (c.effective?.0, c.replacement.kind.as_str()),
        EventData::EventReversed(_) | EventData::ProjectWithdrawn(_) => return None,
        other => (effective, other.type_name()),
    };
    let period = facts.period()?;
    let outside = match evaluation_phase(kind) {
        true => day < period.start,
        false => !period.contains(day),
    };
    outside.then_some(period)
}

/// A withdrawn project takes nothing but corrections and reversals of its own events (a
/// reversal of the withdrawal reinstates it); a withdrawal needs no money to have moved.
pub(super) fn check_standing(
    facts: &Facts,
    project: &str,
    data: &EventData,
) -> Result<(), Violation> {
    if let Some(seq) = facts.withdrawn {
        if !matches!(
            data,
            EventData::EventCorrected(_) | EventData::EventReversed(_)
        ) {
            let date = facts.fact(seq).map(|f| f.effective.to_string());
            let message = Msg::new("rule-project-withdrawn")
                .arg("project", project)
                .arg("seq", seq)
                .arg("date", date.unwrap_or_default())
                .arg("type", data.type_name());
            return Err(violation(rule_ids::PROJECT_WITHDRAWN, "project", message));
        }
    }
    if let EventData::ProjectWithdrawn(_) = data {
        let t = facts.totals();
        if !t.arrived.is_zero() || !t.spent.is_zero() {
            let message = Msg::new("rule-withdraw-without-money")
                .arg("project", project)
                .arg("arrived", exact(t.arrived))
                .arg("spent", exact(t.spent));
            return Err(violation(rule_ids::WITHDRAW_WITHOUT_MONEY, "type", message));
        }
    }
    Ok(())
}

/// The voucher number as compared: trimmed (`记-202304-031`).
fn voucher_key(voucher: &str) -> &str {
    voucher.trim()
}

/// A voucher number is unique within a project: a disbursement (or the replacement of
/// `target`) may not carry the voucher of another standing disbursement.
pub(super) fn check_voucher(
    facts: &Facts,
    project: &str,
    data: &EventData,
    target: Option<u64>,
) -> Result<(), Violation> {
    let EventData::FundsDisbursed(d) = data else {
        return Ok(());
    };
    let Some(voucher) = d.voucher.as_deref().map(voucher_key) else {
        return Ok(());
    };
    match facts.vouchers.get(voucher) {
        Some(&seq) if Some(seq) != target => {
            let message = Msg::new("rule-voucher-unique")
                .arg("project", project)
                .arg("voucher", voucher)
                .arg("seq", seq);
            Err(violation(rule_ids::VOUCHER_UNIQUE, "data.voucher", message))
        }
        _ => Ok(()),
    }
}

/// Takes in what these rules keep: the period, the standing withdrawal, the vouchers.
pub(super) fn take(facts: &mut Facts, at: Stamp, data: &EventData) {
    match data {
        EventData::ProjectRegistered(r) => facts.period = Period::of(r),
        EventData::ProjectWithdrawn(_) => facts.withdrawn = Some(at.seq),
        EventData::FundsDisbursed(d) => {
            if let Some(v) = d.voucher.as_deref() {
                facts.vouchers.insert(voucher_key(v).to_string(), at.seq);
            }
        }
        EventData::EventReversed(r) => {
            if facts.withdrawn == Some(r.target_seq) {
                facts.withdrawn = None;
            }
            facts.vouchers.retain(|_, seq| *seq != r.target_seq);
        }
        EventData::EventCorrected(c) => match typed_replacement(c) {
            Ok(EventData::ProjectRegistered(r)) => facts.period = Period::of(&r),
            Ok(EventData::FundsDisbursed(d)) => {
                facts.vouchers.retain(|_, seq| *seq != c.target_seq);
                if let Some(v) = d.voucher.as_deref() {
                    facts
                        .vouchers
                        .insert(voucher_key(v).to_string(), c.target_seq);
                }
            }
            _ => {}
        },
        _ => {}
    }
}

/// The refusal of spending dated before its funds: what was recorded and its date, the date
/// at which spending would run ahead, both amounts, and when the funds suffice.
pub(super) fn shortfall_violation(
    project: &str,
    at: Stamp,
    data: &EventData,
    s: Shortfall,
) -> Violation {
    let (what, date, field) = match data {
        EventData::FundsDisbursed(d) => (
            Msg::new("rule-what-amount")
                .arg("type", data.type_name())
                .arg("amount", exact(d.amount)),
            at.effective,
            "data.amount",
        ),
        EventData::EventCorrected(c) => (
            Msg::new("rule-what-correction").arg("seq", c.target_seq),
            c.effective.map_or(at.effective, |d| d.0),
            "data.replacement",
        ),
        other => (
            Msg::new("rule-what-reversal").arg("seq", other.target_seq().unwrap_or_default()),
            at.effective,
            "data.target_seq",
        ),
    };
    let over = Yuan::from_decimal(s.spent - s.arrived).unwrap_or_default();
    let message = match s.covered_on {
        Some(d) => Msg::new("rule-spending-by-date").arg("covered_on", d),
        None => Msg::new("rule-spending-by-date-never"),
    };
    let message = message
        .arg("project", project)
        .arg_msg("what", what)
        .arg("date", date)
        .arg("on", s.on)
        .arg("spent", exact(s.spent))
        .arg("arrived", exact(s.arrived))
        .arg("over", exact(over));
    violation(rule_ids::SPENDING_WITHIN_ARRIVED_BY_DATE, field, message)
}

/// A new indicator, goal or narrative section beyond its per-project limit is refused, naming
/// the limit and the value (`MAX_INDICATORS_PER_PROJECT`, `MAX_GOALS_PER_PROJECT`,
/// `MAX_SECTIONS_PER_PROJECT`). Ids already held and sections already written pass: only
/// something new counts.
pub(super) fn check_counts(
    facts: &Facts,
    project: &str,
    data: &EventData,
) -> Result<(), Violation> {
    let (rule, field, msg) = match data {
        EventData::IndicatorDefined(d)
            if facts.indicator_count() >= MAX_INDICATORS_PER_PROJECT
                && !facts.has_indicator(&d.id) =>
        {
            let msg = Msg::new("rule-max-indicators").arg("id", &d.id);
            (
                rule_ids::INDICATORS_PER_PROJECT,
                "data.id",
                msg.arg("limit", MAX_INDICATORS_PER_PROJECT),
            )
        }
        EventData::GoalSet(d)
            if facts.goal_count() >= MAX_GOALS_PER_PROJECT && !facts.has_goal(&d.id) =>
        {
            let msg = Msg::new("rule-max-goals").arg("id", &d.id);
            (
                rule_ids::GOALS_PER_PROJECT,
                "data.id",
                msg.arg("limit", MAX_GOALS_PER_PROJECT),
            )
        }
        EventData::NarrativeRecorded(d)
            if facts.sections.len() >= MAX_SECTIONS_PER_PROJECT
                && !facts
                    .sections
                    .contains(&crate::sections::key_of(&d.section)) =>
        {
            let msg = Msg::new("rule-max-sections").arg("section", format!("{:?}", d.section));
            (
                rule_ids::SECTIONS_PER_PROJECT,
                "data.section",
                msg.arg("limit", MAX_SECTIONS_PER_PROJECT),
            )
        }
        _ => return Ok(()),
    };
    Err(violation(rule, field, msg.arg("project", project)))
}
