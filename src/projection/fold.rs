//! How events fold into a project's state: one step per event (`Folding::take`), with the
//! goals and indicators indexed by id so that a step costs the same whatever the project
//! holds, and the figures derived once every event is in. Pure; the types are in `state.rs`.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::indicator::{is_met, judge_indicator};
use super::state::ratio;
use super::state::{
    Adjustment, Claim, Disbursement, Goal, GoalStatus, Indicator, Money, Movement, ProjectInfo,
    ProjectState, ScoringSettings, TargetChange, Withdrawal,
};
use super::{select, Applied, View};
use crate::event::{indicator_comparator, stated_comparator, EventData, Stored};
use crate::fund::{is_supplementary, Fund};
use crate::ids::ItemId;
use crate::money::{Balance, Yuan};
use crate::time::format_instant;
use crate::value::Comparator;

/// Folds a project's events under a view. None if the registration is not visible.
pub fn fold(project: &str, events: &[Stored], view: &View) -> Option<ProjectState> {
    let mut folding = Folding::new(project);
    for a in select(events, view) {
        folding.take(a);
    }
    folding.state.seqs = events
        .iter()
        .filter(|s| view.knows(s))
        .map(|s| s.env.seq)
        .collect();
    folding.finish()
}

/// A project's state while it is being folded: its goals and indicators indexed by id (the
/// first with an id, as `find` on the state would meet it), and whether it is registered.
pub(super) struct Folding {
    pub(super) state: ProjectState,
    goals: HashMap<String, usize>,
    indicators: HashMap<String, usize>,
    registered: bool,
}

impl Folding {
    pub(super) fn new(project: &str) -> Folding {
        Folding {
            state: ProjectState::empty(project),
            goals: HashMap::new(),
            indicators: HashMap::new(),
            registered: false,
        }
    }

    /// Folds one event in, taking its data: strings move into the state, not copied. One
    /// step costs the same whatever the project already holds (goals and indicators are
    /// found through the indexes).
    pub(super) fn take(&mut self, a: Applied) {
        #[cfg(test)]
        steps::count();
        let at = At {
            seq: a.seq,
            effective: a.effective,
            recorded_at: a.recorded_at,
            corrected_by: a.corrected_by,
        };
        match a.data.into_owned() {
            // The ledger-level stream (`_ledger`) is no project's: nothing to fold.
            EventData::ActorRegistered(_)
            | EventData::ActorRevoked(_)
            | EventData::LedgerConfigured(_) => {}
            EventData::ProjectRegistered(d) => {
                self.registered = true;
                self.state.project = ProjectInfo {
                    id: std::mem::take(&mut self.state.project.id),
                    name: d.name,
                    department: d.department,
                    year: d.year,
                    unit: d.unit,
                    competent_department: d.competent_department,
                    fund_nature: d.fund_nature,
                    period_start: d.period_start.map(|p| p.to_string()),
                    period_end: d.period_end.map(|p| p.to_string()),
                    basis: d.basis.unwrap_or_default(),
                    contents: d.contents,
                    seq: at.seq,
                    withdrawn: None,
                }
            }
            EventData::ProjectWithdrawn(d) => {
                self.state.project.withdrawn = Some(Withdrawal {
                    seq: at.seq,
                    effective: at.effective,
                    reason: d.reason,
                })
            }
            data @ (EventData::BudgetAllocated(_)
            | EventData::BudgetAdjusted(_)
            | EventData::FundsArrived(_)
            | EventData::FundsDisbursed(_)) => self.state.money.take(&at, data),
            data @ (EventData::GoalSet(_)
            | EventData::GoalAdjusted(_)
            | EventData::GoalWithdrawn(_)
            | EventData::GoalAssessed(_)) => self.take_goal(&at, data),
            data @ (EventData::IndicatorDefined(_)
            | EventData::IndicatorTargetAdjusted(_)
            | EventData::IndicatorMeasured(_)
            | EventData::IndicatorAssessed(_)) => self.take_indicator(&at, data),
            EventData::NarrativeRecorded(d) => {
                self.state
                    .narrative
                    .insert(crate::sections::key_of(&d.section), d.text);
            }
            EventData::ScoringConfigured(d) => {
                self.state.scoring = ScoringSettings {
                    policy: d.policy,
                    weights: d.weights,
                    level2_weights: d.level2_weights.unwrap_or_default(),
                    seq: Some(at.seq),
                }
            }
            EventData::EvaluationClaimed(d) => {
                self.state.claimed = Some(Claim {
                    score: d.score,
                    grade: d.grade,
                    spent: d.spent,
                    execution_ratio: d.execution_ratio,
                    seq: at.seq,
                    effective: at.effective,
                    recorded_at: at.recorded_at,
                    filled_by: d.filled_by,
                    phone: d.phone,
                    unit_head: d.unit_head,
                    filled_on: d.filled_on.map(|d| d.0),
                })
            }
            EventData::EventCorrected(_) | EventData::EventReversed(_) => {}
        }
    }

    fn take_goal(&mut self, at: &At, data: EventData) {
        let goals = &mut self.state.goals;
        let found = |index: &HashMap<String, usize>, id: &ItemId| index.get(id.as_str()).copied();
        match data {
            EventData::GoalSet(d) => {
                let id = d.id.to_string();
                self.goals.entry(id.clone()).or_insert(goals.len());
                goals.push(Goal {
                    id,
                    original_text: d.text.clone(),
                    text: d.text,
                    status: GoalStatus::Active,
                    reason: None,
                    changed_on: None,
                    achieved: None,
                    seqs: vec![at.seq],
                })
            }
            EventData::GoalAdjusted(d) => {
                if let Some(i) = found(&self.goals, &d.id) {
                    let g = &mut goals[i];
                    (g.text, g.status, g.reason, g.changed_on) = (
                        d.text,
                        GoalStatus::Adjusted,
                        Some(d.reason),
                        Some(at.effective),
                    );
                    g.seqs.push(at.seq);
                }
            }
            EventData::GoalWithdrawn(d) => {
                if let Some(i) = found(&self.goals, &d.id) {
                    let g = &mut goals[i];
                    (g.status, g.reason, g.changed_on) =
                        (GoalStatus::Withdrawn, Some(d.reason), Some(at.effective));
                    g.seqs.push(at.seq);
                }
            }
            EventData::GoalAssessed(d) => {
                if let Some(i) = found(&self.goals, &d.id) {
                    let g = &mut goals[i];
                    g.achieved = Some(d.achieved);
                    g.seqs.push(at.seq);
                }
            }
            _ => {}
        }
    }

    fn take_indicator(&mut self, at: &At, data: EventData) {
        if let EventData::IndicatorDefined(d) = data {
            let comparator = indicator_comparator(&d).unwrap_or(Comparator::Qualitative);
            let stated_comparator = stated_comparator(&d);
            let indicators = &mut self.state.indicators;
            self.indicators
                .entry(d.id.to_string())
                .or_insert(indicators.len());
            indicators.push(Indicator {
                id: d.id.to_string(),
                level1: d.level1,
                level2: d.level2,
                name: d.name,
                original_target: d.target.clone(),
                target: d.target,
                target_history: Vec::new(),
                comparator,
                stated_comparator,
                unit: d.unit,
                weight: d.weight,
                actual: None,
                note: None,
                tier: None,
                score_ratio: None,
                deviation: None,
                met: None,
                defined_seq: at.seq,
                measured_seq: None,
                assessed_seq: None,
            });
            return;
        }
        let id = match &data {
            EventData::IndicatorTargetAdjusted(d) => d.id.as_str(),
            EventData::IndicatorMeasured(d) => d.id.as_str(),
            EventData::IndicatorAssessed(d) => d.id.as_str(),
            _ => return,
        };
        let Some(&i) = self.indicators.get(id) else {
            return;
        };
        let ind = &mut self.state.indicators[i];
        match data {
            EventData::IndicatorTargetAdjusted(d) => {
                let from = std::mem::replace(&mut ind.target, d.target.clone());
                ind.target_history.push(TargetChange {
                    seq: at.seq,
                    effective: at.effective,
                    recorded_at: format_instant(at.recorded_at),
                    from,
                    to: d.target,
                    reason: d.reason,
                });
            }
            EventData::IndicatorMeasured(d) => {
                (ind.actual, ind.note, ind.measured_seq) = (Some(d.actual), d.note, Some(at.seq))
            }
            EventData::IndicatorAssessed(d) => {
                (ind.tier, ind.score_ratio, ind.deviation, ind.assessed_seq) =
                    (Some(d.tier), d.score_ratio, d.deviation, Some(at.seq))
            }
            _ => {}
        }
    }

    /// The state with its derived figures, computed once every event is in; None if the
    /// project's registration was not among the events taken.
    pub(super) fn finish(self) -> Option<ProjectState> {
        let mut state = self.state;
        state.derive();
        self.registered.then_some(state)
    }
}

impl ProjectState {
    /// Ratios, the money block's totals and each indicator's `met`, from the folded figures.
    fn derive(&mut self) {
        let m = &mut self.money;
        m.by_fund.finish();
        m.balance = Balance::of(m.arrived, m.spent);
        m.arrival_ratio = ratio(m.arrived, m.budget);
        m.execution_ratio = ratio(m.spent, m.budget);
        m.execution_ratio_initial = ratio(m.spent, m.initial_budget);
        let contexts: Vec<_> = (self.indicators.iter())
            .map(|ind| crate::scoring::read_context(self, ind))
            .collect();
        for (ind, ctx) in self.indicators.iter_mut().zip(contexts) {
            let judgement = judge_indicator(ind, &ctx);
            ind.met = is_met(&judgement.verdict, ind.tier);
            ind.comparator = judgement.comparator;
        }
    }
}

impl ProjectState {
    fn empty(project: &str) -> ProjectState {
        ProjectState {
            project: ProjectInfo {
                id: project.to_string(),
                ..Default::default()
            },
            money: Money::default(),
            goals: Vec::new(),
            indicators: Vec::new(),
            narrative: std::collections::BTreeMap::new(),
            scoring: ScoringSettings::default(),
            claimed: None,
            seqs: Vec::new(),
        }
    }
}

/// Where an event sits, for what a fold records beside its data.
pub(super) struct At {
    seq: u64,
    effective: NaiveDate,
    recorded_at: DateTime<Utc>,
    corrected_by: Option<u64>,
}

impl Money {
    fn take(&mut self, at: &At, data: EventData) {
        let movement = |amount: Yuan, fund: Option<Fund>, source: Option<String>, doc| Movement {
            seq: at.seq,
            effective: at.effective,
            amount,
            fund: Fund::resolve(fund, source.as_deref()),
            source,
            doc,
            corrected_by: at.corrected_by,
        };
        match data {
            EventData::BudgetAllocated(d) => {
                let m = movement(d.amount, d.fund, d.source, d.doc);
                self.allocate(&m);
                self.allocations.push(m);
            }
            EventData::BudgetAdjusted(d) => {
                let from = match d.fund {
                    Some(f) => self.by_fund.row(f).budget,
                    None => self.budget,
                };
                self.adjustments.push(Adjustment {
                    seq: at.seq,
                    effective: at.effective,
                    recorded_at: format_instant(at.recorded_at),
                    fund: d.fund,
                    from,
                    to: d.amount,
                    authority: d.authority,
                    reason: d.reason,
                    doc: d.doc,
                    corrected_by: at.corrected_by,
                });
                self.by_fund.adjust(d.fund, d.amount);
                self.budget = self.by_fund.budget();
            }
            EventData::FundsArrived(d) => {
                let m = movement(d.amount, d.fund, d.source, d.doc);
                self.arrived = self.arrived + d.amount;
                self.by_fund.arrive(m.fund, d.amount);
                self.arrivals.push(m);
            }
            EventData::FundsDisbursed(d) => {
                let fund = d.fund.unwrap_or(Fund::Current);
                self.spent = self.spent + d.amount;
                self.by_fund.spend(fund, d.amount);
                let category = d.category.as_deref().unwrap_or("未分类");
                match self.by_category.get_mut(category) {
                    Some(sum) => *sum = *sum + d.amount,
                    None => {
                        self.by_category.insert(category.to_string(), d.amount);
                    }
                }
                self.disbursements.push(Disbursement {
                    seq: at.seq,
                    effective: at.effective,
                    amount: d.amount,
                    fund,
                    purpose: d.purpose,
                    category: d.category,
                    payee: d.payee,
                    voucher: d.voucher,
                    corrected_by: at.corrected_by,
                });
            }
            _ => {}
        }
    }
}

impl Money {
    /// An allocation adds to its fund's 全年预算数 and, unless its `source` marks money added
    /// during the year (追加, 追加预算, 调增: `fund::is_supplementary`), to 年初预算数 — whatever
    /// its fund, as the official form counts everything budgeted at the start of the year,
    /// carry-over included (DOMAIN.md "Fund sources": 935万 年初预算 + 50万 上年结转 = 985万).
    fn allocate(&mut self, m: &Movement) {
        let initial = !is_supplementary(m.source.as_deref());
        if initial {
            self.initial_budget = self.initial_budget + m.amount;
        }
        self.by_fund.allocate(m.fund, m.amount, initial);
        self.budget = self.by_fund.budget();
    }
}

/// Fold steps taken on this thread (tests only): what proves a read linear in its events.
#[cfg(test)]
pub(crate) mod steps {
    use std::cell::Cell;

    thread_local!(static STEPS: Cell<u64> = const { Cell::new(0) });

    pub(crate) fn count() {
        STEPS.with(|s| s.set(s.get() + 1));
    }

    /// The steps `f` took.
    pub(crate) fn of<T>(f: impl FnOnce() -> T) -> (T, u64) {
        let before = STEPS.with(Cell::get);
        let out = f();
        (out, STEPS.with(Cell::get) - before)
    }
}
