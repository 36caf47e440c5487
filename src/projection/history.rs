//! A project's timeline: one line per change, described against the state before it, with
//! corrections and reversals shown against what they correct.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::state::fold;
use super::View;
use crate::event::describe::describe;
use crate::event::EventData;
use crate::event::{typed_replacement, Stored};
use crate::fund::Fund;
use crate::money::{show_pair, Yuan};
use crate::time::KnownAt;

#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq)]
pub struct Entry {
    pub seq: u64,
    pub effective: NaiveDate,
    pub recorded_at: DateTime<Utc>,
    pub actor: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub description: String,
    /// For corrections and reversals: the seq they act on.
    pub target_seq: Option<u64>,
}

/// Every event of the project in recording order, each described as the ledger read it then.
pub fn timeline(project: &str, events: &[Stored]) -> Vec<Entry> {
    events
        .iter()
        .map(|s| {
            let before = View {
                as_of: None,
                known_at: Some(KnownAt::Seq(s.env.seq - 1)),
            };
            let prior = fold(project, events, &before);
            Entry {
                seq: s.env.seq,
                effective: s.env.effective.0,
                recorded_at: s.env.recorded_at,
                actor: s.env.actor.clone(),
                kind: s.env.type_name(),
                description: describe_in_context(s, prior.as_ref(), events),
                target_seq: s.env.data.target_seq(),
            }
        })
        .collect()
}

fn describe_in_context(
    s: &Stored,
    prior: Option<&super::ProjectState>,
    events: &[Stored],
) -> String {
    let data = &s.env.data;
    // The date `target` had before this event: its own, or the last correction's that gave one.
    let effective_of = |target: u64| {
        let own = events
            .iter()
            .find(|e| e.env.seq == target)
            .map(|e| e.env.effective.0);
        let redated = events
            .iter()
            .take_while(|e| e.env.seq < s.env.seq)
            .filter_map(|e| match &e.env.data {
                EventData::EventCorrected(c) if c.target_seq == target => c.effective,
                _ => None,
            })
            .last();
        redated
            .map(|d| d.0)
            .or(own)
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    let original = |seq: u64| {
        events
            .iter()
            .find(|e| e.env.seq == seq)
            .map(|e| describe(&e.env.data))
            .unwrap_or_else(|| format!("seq {seq}"))
    };
    match data {
        EventData::BudgetAdjusted(d) => {
            let from = prior.map_or(Yuan::ZERO, |p| match d.fund {
                Some(f) => p.money.by_fund.row(f).budget,
                None => p.money.budget,
            });
            let (from, to) = show_pair(from, d.amount);
            let by = d
                .authority
                .as_deref()
                .map(|a| format!("{a}: "))
                .unwrap_or_default();
            let what = d.fund.map(Fund::label).unwrap_or_default();
            format!("{what}全年预算 {from} → {to} ({by}{})", d.reason)
        }
        EventData::IndicatorTargetAdjusted(d) => {
            let from = prior
                .and_then(|p| p.indicators.iter().find(|i| i.id == d.id.as_str()))
                .map(|i| i.target.clone())
                .unwrap_or_default();
            format!(
                "指标 {} 预期值 {from} → {} (理由: {})",
                d.id, d.target, d.reason
            )
        }
        EventData::EventCorrected(c) => {
            let now = typed_replacement(c)
                .map(|r| describe(&r))
                .unwrap_or_else(|e| e.to_string());
            let redated = c
                .effective
                .map(|d| format!("，生效日期 {} → {d}", effective_of(c.target_seq)))
                .unwrap_or_default();
            format!(
                "更正 seq {}{redated}: 「{}」 → 「{}」 (理由: {})",
                c.target_seq,
                original(c.target_seq),
                now,
                c.reason
            )
        }
        EventData::EventReversed(r) => format!(
            "撤销 seq {}: 「{}」 (理由: {})",
            r.target_seq,
            original(r.target_seq),
            r.reason
        ),
        other => describe(other),
    }
}
