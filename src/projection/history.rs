//! A project's timeline: one line per change, described against the state before it, with
//! corrections and reversals shown against what they correct. One pass over the events:
//! what a description needs of the state before each event (the budget by fund, each
//! indicator's target, the corrections known so far) is kept up to date as the pass goes.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::fold::Folding;
use super::{Amendments, View};
use crate::event::describe::describe;
use crate::event::{typed_replacement, EventData, Stored};
use crate::fund::Fund;
use crate::money::{show_pair, Yuan};

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

/// Every event of the project (ascending by seq), each described as the ledger read it then:
/// linear in the project's events, plus, after a correction or reversal of a budget or
/// indicator event, one re-fold of those events alone when a description next needs them.
pub fn timeline(project: &str, events: &[Stored]) -> Vec<Entry> {
    let mut before = Before::new(project, events);
    events
        .iter()
        .map(|s| {
            let entry = Entry {
                seq: s.env.seq,
                effective: s.env.effective.0,
                recorded_at: s.env.recorded_at,
                actor: s.env.actor.clone(),
                kind: s.env.type_name(),
                description: before.describe(s),
                target_seq: s.env.data.target_seq(),
            };
            before.take(s);
            entry
        })
        .collect()
}

/// What the ledger knew before the event being described: the events taken so far under
/// the corrections and reversals among them.
struct Before<'a> {
    events: &'a [Stored],
    amendments: Amendments,
    /// The budget events taken so far, folded (a state of them alone: its money block).
    budget: Folding,
    budget_events: Vec<&'a Stored>,
    /// Each indicator's current target (the first definition of an id, as the state has it).
    targets: HashMap<String, String>,
    indicator_events: Vec<&'a Stored>,
    /// A correction or reversal changed a budget (indicator) event: re-fold before use.
    budget_stale: bool,
    targets_stale: bool,
    registered: bool,
}

impl<'a> Before<'a> {
    fn new(project: &str, events: &'a [Stored]) -> Before<'a> {
        Before {
            events,
            amendments: Amendments::default(),
            budget: Folding::new(project),
            budget_events: Vec::new(),
            targets: HashMap::new(),
            indicator_events: Vec::new(),
            budget_stale: false,
            targets_stale: false,
            registered: false,
        }
    }

    /// The stored event at `seq` (the events ascend by seq).
    fn at(&self, seq: u64) -> Option<&'a Stored> {
        let i = self.events.binary_search_by_key(&seq, |e| e.env.seq).ok()?;
        Some(&self.events[i])
    }

    /// Takes `s` in after it was described.
    fn take(&mut self, s: &'a Stored) {
        let view = View::default();
        self.amendments.take(s, &view);
        match &s.env.data {
            EventData::EventCorrected(_) | EventData::EventReversed(_) => {
                let target = s.env.data.target_seq().and_then(|t| self.at(t));
                match target.map(|t| &t.env.data) {
                    Some(EventData::BudgetAllocated(_) | EventData::BudgetAdjusted(_)) => {
                        self.budget_stale = true
                    }
                    Some(
                        EventData::IndicatorDefined(_) | EventData::IndicatorTargetAdjusted(_),
                    ) => self.targets_stale = true,
                    _ => {}
                }
            }
            EventData::ProjectRegistered(_) => self.registered = true,
            EventData::BudgetAllocated(_) | EventData::BudgetAdjusted(_) => {
                self.budget_events.push(s);
                if let Some(a) = self.amendments.apply(s, &view) {
                    self.budget.take(a);
                }
            }
            EventData::IndicatorDefined(_) | EventData::IndicatorTargetAdjusted(_) => {
                self.indicator_events.push(s);
                if let Some(a) = self.amendments.apply(s, &view) {
                    take_target(&mut self.targets, &a.data);
                }
            }
            _ => {}
        }
    }

    /// The whole's (or a fund's) 全年预算数 before this event.
    fn budget_of(&mut self, fund: Option<Fund>) -> Yuan {
        if !self.registered {
            return Yuan::ZERO;
        }
        if self.budget_stale {
            let view = View::default();
            self.budget = Folding::new(&self.budget.state.project.id);
            for s in &self.budget_events {
                if let Some(a) = self.amendments.apply(s, &view) {
                    self.budget.take(a);
                }
            }
            self.budget_stale = false;
        }
        let money = &self.budget.state.money;
        match fund {
            Some(f) => money.by_fund.row(f).budget,
            None => money.budget,
        }
    }

    /// The indicator's target before this event ("" if it has none).
    fn target_of(&mut self, id: &str) -> String {
        if self.targets_stale {
            let view = View::default();
            self.targets.clear();
            for s in &self.indicator_events {
                if let Some(a) = self.amendments.apply(s, &view) {
                    take_target(&mut self.targets, &a.data);
                }
            }
            self.targets_stale = false;
        }
        match self.registered {
            true => self.targets.get(id).cloned().unwrap_or_default(),
            false => String::new(),
        }
    }

    /// The original event at `seq`, described; `seq N` if the project has none.
    fn original(&self, seq: u64) -> String {
        self.at(seq)
            .map(|e| describe(&e.env.data))
            .unwrap_or_else(|| format!("seq {seq}"))
    }

    /// The date `target` had before this event: its own, or the last correction's that gave one.
    fn effective_of(&self, target: u64) -> String {
        self.at(target)
            .map(|e| self.amendments.effective(e).to_string())
            .unwrap_or_default()
    }

    fn describe(&mut self, s: &Stored) -> String {
        match &s.env.data {
            EventData::BudgetAdjusted(d) => {
                let (from, to) = show_pair(self.budget_of(d.fund), d.amount);
                let by = d
                    .authority
                    .as_deref()
                    .map(|a| format!("{a}: "))
                    .unwrap_or_default();
                let what = d.fund.map(Fund::label).unwrap_or_default();
                format!("{what}全年预算 {from} → {to} ({by}{})", d.reason)
            }
            EventData::IndicatorTargetAdjusted(d) => format!(
                "指标 {} 预期值 {} → {} (理由: {})",
                d.id,
                self.target_of(d.id.as_str()),
                d.target,
                d.reason
            ),
            EventData::EventCorrected(c) => {
                let now = typed_replacement(c)
                    .map(|r| describe(&r))
                    .unwrap_or_else(|e| e.to_string());
                let redated = c
                    .effective
                    .map(|d| format!("，生效日期 {} → {d}", self.effective_of(c.target_seq)))
                    .unwrap_or_default();
                format!(
                    "更正 seq {}{redated}: 「{}」 → 「{}」 (理由: {})",
                    c.target_seq,
                    self.original(c.target_seq),
                    now,
                    c.reason
                )
            }
            EventData::EventReversed(r) => format!(
                "撤销 seq {}: 「{}」 (理由: {})",
                r.target_seq,
                self.original(r.target_seq),
                r.reason
            ),
            other => describe(other),
        }
    }
}

/// An indicator's definition sets its target (the first definition of an id counts); an
/// adjustment replaces it.
fn take_target(targets: &mut HashMap<String, String>, data: &EventData) {
    match data {
        EventData::IndicatorDefined(d) => {
            targets
                .entry(d.id.to_string())
                .or_insert_with(|| d.target.clone());
        }
        EventData::IndicatorTargetAdjusted(d) => {
            if let Some(t) = targets.get_mut(d.id.as_str()) {
                t.clone_from(&d.target);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;
