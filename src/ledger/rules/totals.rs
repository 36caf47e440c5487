//! The money side of a project's facts: what each event amounts to and when it takes
//! effect, the running totals, and their replay when a correction or a reversal changes
//! the past (totals, and money by effective date for the rule on dates).

use chrono::NaiveDate;

use super::super::dated::Dated;
use super::super::project_rules;
use super::{typed_replacement, Facts, Stamp, Violation};
use crate::event::EventData;
use crate::fund::{Fund, PerFund};
use crate::money::Yuan;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MoneyKind {
    Allocated(Fund),
    /// `None`: the whole budget was adjusted.
    Adjusted(Option<Fund>),
    Arrived,
    Disbursed,
}

/// What a later event may refer to: its type, its amount where it has one, and the date it
/// takes effect (its envelope's, or the one a correction gave it).
#[derive(Debug, Clone)]
pub(in crate::ledger) struct Fact {
    pub(in crate::ledger) type_name: &'static str,
    pub(super) money: Option<(MoneyKind, Yuan)>,
    pub(in crate::ledger) effective: NaiveDate,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    /// 全年预算数 of the whole (the sum of `budget_by_fund`).
    pub budget: Yuan,
    pub arrived: Yuan,
    pub spent: Yuan,
    /// 全年预算数 per fund, which a per-fund or whole adjustment needs to set the whole.
    pub budget_by_fund: PerFund,
}

impl Totals {
    /// The totals after one more money event, in seq order.
    pub(super) fn plus(self, money: Option<(MoneyKind, Yuan)>) -> Totals {
        let mut t = self;
        match money {
            Some((MoneyKind::Allocated(fund), a)) => {
                t.budget_by_fund.add(fund, a);
                t.budget = t.budget_by_fund.total();
            }
            Some((MoneyKind::Adjusted(fund), a)) => {
                t.budget_by_fund.adjust(fund, a);
                t.budget = t.budget_by_fund.total();
            }
            Some((MoneyKind::Arrived, a)) => t.arrived = t.arrived + a,
            Some((MoneyKind::Disbursed, a)) => t.spent = t.spent + a,
            None => {}
        }
        t
    }
}

impl Facts {
    pub(in crate::ledger) fn fact(&self, seq: u64) -> Option<&Fact> {
        let at = self.events.binary_search_by_key(&seq, |(s, _)| *s).ok()?;
        Some(&self.events[at].1)
    }

    /// The fact as it reads now: its latest correction's, or its own.
    pub(in crate::ledger) fn current(&self, seq: u64) -> Option<&Fact> {
        self.corrected.get(&seq).or_else(|| self.fact(seq))
    }

    /// What a correction makes of its target: the replacement's money, dated by the
    /// correction's `effective` or else the date the target has now.
    pub(super) fn corrected_fact(
        &self,
        c: &crate::event::EventCorrected,
        replacement: &EventData,
    ) -> Fact {
        let kept = self
            .current(c.target_seq)
            .map_or(NaiveDate::MIN, |f| f.effective);
        fact_of(replacement, c.effective.map_or(kept, |d| d.0))
    }

    /// 全年预算数, arrivals and spending after corrections and reversals, in seq order.
    pub fn totals(&self) -> Totals {
        self.running
    }

    /// The totals once `data` is taken in, and the money by date when it changes other than
    /// by a plain addition (which `add_dated` makes in place, without a copy). A new event comes last in seq order, so it only adds to the
    /// running totals; a correction or a reversal changes an earlier event, and the totals
    /// are replayed in seq order with that change.
    pub(super) fn totals_with(&self, at: Stamp, data: &EventData) -> (Totals, Option<Dated>) {
        let replayed = match data {
            EventData::EventReversed(r) => self.replayed(r.target_seq, None),
            EventData::EventCorrected(c) => match typed_replacement(c) {
                Ok(replacement) => {
                    self.replayed(c.target_seq, Some(self.corrected_fact(c, &replacement)))
                }
                Err(_) => return (self.running, None),
            },
            other => return (self.running.plus(fact_of(other, at.effective).money), None),
        };
        (replayed.0, Some(replayed.1))
    }

    /// Adds a new event's arrival or disbursement to the money by date.
    pub(super) fn add_dated(&mut self, at: Stamp, data: &EventData) {
        match data {
            EventData::FundsArrived(d) => self.dated.arrive(at.effective, d.amount),
            EventData::FundsDisbursed(d) => self.dated.spend(at.effective, d.amount),
            _ => {}
        }
    }

    /// The totals and the money by date over every event, with `target` reversed (`None`)
    /// or read as `replacement`.
    fn replayed(&self, target: u64, replacement: Option<Fact>) -> (Totals, Dated) {
        let mut t = Totals::default();
        let mut dated = Dated::default();
        for (seq, fact) in &self.events {
            let fact = if *seq == target {
                match &replacement {
                    Some(r) => r,
                    None => continue,
                }
            } else if self.reversed.contains(seq) {
                continue;
            } else {
                self.corrected.get(seq).unwrap_or(fact)
            };
            t = t.plus(fact.money);
            match fact.money {
                Some((MoneyKind::Arrived, a)) => dated.arrive(fact.effective, a),
                Some((MoneyKind::Disbursed, a)) => dated.spend(fact.effective, a),
                _ => {}
            }
        }
        (t, dated)
    }

    /// Spending never runs ahead of the funds arrived by its own date: a disbursement dated
    /// before the last recorded date, or a correction or reversal, must leave no date at
    /// which more was spent than had arrived (dates already so in an older ledger excepted).
    pub(super) fn check_dated(
        &self,
        project: &str,
        at: Stamp,
        data: &EventData,
        after: Option<&Dated>,
    ) -> Result<(), Violation> {
        let shortfall = match data {
            EventData::FundsDisbursed(d) => self.dated.shortfall_with(at.effective, d.amount),
            EventData::EventCorrected(_) | EventData::EventReversed(_) => {
                after.and_then(|a| a.first_new_shortfall(&self.dated))
            }
            _ => None,
        };
        match shortfall {
            None => Ok(()),
            Some(s) => Err(project_rules::shortfall_violation(project, at, data, s)),
        }
    }
}

pub(super) fn fact_of(data: &EventData, effective: NaiveDate) -> Fact {
    let money = match data {
        EventData::BudgetAllocated(d) => Some((
            MoneyKind::Allocated(Fund::resolve(d.fund, d.source.as_deref())),
            d.amount,
        )),
        EventData::BudgetAdjusted(d) => Some((MoneyKind::Adjusted(d.fund), d.amount)),
        EventData::FundsArrived(d) => Some((MoneyKind::Arrived, d.amount)),
        EventData::FundsDisbursed(d) => Some((MoneyKind::Disbursed, d.amount)),
        _ => None,
    };
    Fact {
        type_name: data.type_name(),
        money,
        effective,
    }
}
