//! Append-time business rules. Each project keeps a small set of facts (money per seq, ids,
//! corrections) so a rule can be checked without replaying the project's text.

use std::collections::{BTreeMap, BTreeSet};

use crate::event::{EventData, Tier};
use crate::fund::{Fund, PerFund};
use crate::ids::ItemId;
use crate::levels::LevelError;
use crate::money::Yuan;
use crate::number::Num;
use crate::value::{parse_retarget, parse_target, parse_target_with, Comparator};

/// A rule violation: the rule's name and a message with the project and amounts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rule {rule}: {message}")]
pub struct Violation {
    pub rule: &'static str,
    pub field: &'static str,
    pub message: String,
}

fn violation(rule: &'static str, field: &'static str, message: String) -> Violation {
    Violation {
        rule,
        field,
        message,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MoneyKind {
    Allocated(Fund),
    /// `None`: the whole budget was adjusted.
    Adjusted(Option<Fund>),
    Arrived,
    Disbursed,
}

/// What a later event may refer to: its type, and its amount or id where it has one.
#[derive(Debug, Clone)]
struct Fact {
    type_name: &'static str,
    money: Option<(MoneyKind, Yuan)>,
}

/// The facts of one project needed to decide appends.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub registered: bool,
    /// Every event of the project, ascending by seq (appends arrive in seq order, so a new
    /// fact is pushed at the end without reading the list, which is rarely in cache).
    events: Vec<(u64, Fact)>,
    reversed: BTreeSet<u64>,
    corrected: BTreeMap<u64, Fact>,
    /// Each indicator's stated comparator (None: a bare or unreadable target), which a new
    /// target must keep.
    indicators: BTreeMap<ItemId, Option<Comparator>>,
    goals: BTreeMap<ItemId, bool>,
    /// The totals after every event taken so far, kept up to date so that an append costs
    /// O(1) (only corrections and reversals, which change the past, replay the facts).
    running: Totals,
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
    fn plus(self, money: Option<(MoneyKind, Yuan)>) -> Totals {
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
    /// Checks `data` against the facts and, if it passes, takes it in.
    pub fn apply(&mut self, project: &str, seq: u64, data: &EventData) -> Result<(), Violation> {
        self.check(project, data)?;
        let after = self.totals_with(data);
        self.check_totals(project, self.running, after, data)?;
        self.take(seq, data);
        self.running = after;
        Ok(())
    }

    fn check(&self, project: &str, data: &EventData) -> Result<(), Violation> {
        if let EventData::ProjectRegistered(_) = data {
            return match self.registered {
                true => Err(violation(
                    "project-registered-once",
                    "project",
                    format!("project {project} is already registered"),
                )),
                false => Ok(()),
            };
        }
        if !self.registered {
            return Err(violation(
                "unknown-project",
                "project",
                format!("project {project:?} is not registered (record project.registered first)"),
            ));
        }
        self.check_ids(project, data)?;
        self.check_content(data)?;
        match data {
            EventData::EventCorrected(c) => {
                self.check_target(project, c.target_seq, Some(&c.replacement.kind))?;
                self.check_replacement(project, c)
            }
            EventData::EventReversed(r) => self.check_target(project, r.target_seq, None),
            _ => Ok(()),
        }
    }

    /// A replacement is judged like the event it replaces: its ids must refer to what the
    /// project has, and its content must pass the same rules. It cannot introduce new ids.
    fn check_replacement(
        &self,
        project: &str,
        c: &crate::event::EventCorrected,
    ) -> Result<(), Violation> {
        let Ok(data) = typed_replacement(c) else {
            return Ok(());
        };
        let unknown = |what: &str, id: &ItemId| {
            violation("replacement-ids", "data.replacement", format!("a correction cannot refer to {what} {id}, which project {project} does not have"))
        };
        let ids = match &data {
            EventData::IndicatorDefined(d) if !self.indicators.contains_key(&d.id) => {
                Err(unknown("indicator", &d.id))
            }
            EventData::GoalSet(crate::event::GoalSet { id, .. })
            | EventData::GoalAdjusted(crate::event::GoalAdjusted { id, .. })
            | EventData::GoalWithdrawn(crate::event::GoalWithdrawn { id, .. })
                if !self.goals.contains_key(id) =>
            {
                Err(unknown("goal", id))
            }
            EventData::IndicatorDefined(_)
            | EventData::GoalSet(_)
            | EventData::GoalAdjusted(_)
            | EventData::GoalWithdrawn(_)
            | EventData::ProjectRegistered(_) => Ok(()),
            other => self.check_ids(project, other),
        };
        ids.and_then(|()| self.check_content(&data))
            .map_err(|v| Violation {
                field: "data.replacement",
                ..v
            })
    }

    fn check_ids(&self, project: &str, data: &EventData) -> Result<(), Violation> {
        let undefined = |id: &ItemId| {
            violation(
                "indicator-defined",
                "data.id",
                format!("indicator {id} is not defined in project {project}"),
            )
        };
        match data {
            EventData::IndicatorDefined(d) if self.indicators.contains_key(&d.id) => {
                Err(violation(
                    "indicator-unique",
                    "data.id",
                    format!("indicator {} is already defined in project {project}", d.id),
                ))
            }
            EventData::IndicatorTargetAdjusted(d) if !self.indicators.contains_key(&d.id) => {
                Err(undefined(&d.id))
            }
            EventData::IndicatorMeasured(d) if !self.indicators.contains_key(&d.id) => {
                Err(undefined(&d.id))
            }
            EventData::IndicatorAssessed(d) if !self.indicators.contains_key(&d.id) => {
                Err(undefined(&d.id))
            }
            EventData::GoalSet(d) if self.goals.contains_key(&d.id) => Err(violation(
                "goal-unique",
                "data.id",
                format!("goal {} is already set in project {project}", d.id),
            )),
            EventData::GoalAssessed(d) if !self.goals.contains_key(&d.id) => Err(violation(
                "goal-defined",
                "data.id",
                format!("goal {} is not set in project {project}", d.id),
            )),
            EventData::GoalAdjusted(crate::event::GoalAdjusted { id, .. })
            | EventData::GoalWithdrawn(crate::event::GoalWithdrawn { id, .. }) => {
                match self.goals.get(id) {
                    Some(true) => Ok(()),
                    Some(false) => Err(violation(
                        "goal-active",
                        "data.id",
                        format!("goal {id} of project {project} was withdrawn"),
                    )),
                    None => Err(violation(
                        "goal-defined",
                        "data.id",
                        format!("goal {id} is not set in project {project}"),
                    )),
                }
            }
            _ => Ok(()),
        }
    }

    /// Rules on a single event's content that need no history.
    fn check_content(&self, data: &EventData) -> Result<(), Violation> {
        check_positive(data, "data.amount")?;
        super::bounds::check_points(data)?;
        if let EventData::EventCorrected(c) = data {
            if let Ok(replacement) = typed_replacement(c) {
                check_positive(&replacement, "data.replacement.data.amount")?;
            }
        }
        match data {
            EventData::IndicatorDefined(d) => check_indicator(d),
            EventData::IndicatorTargetAdjusted(d) => {
                let stated = self
                    .indicators
                    .get(&d.id)
                    .copied()
                    .expect("invariant: checked by check_ids");
                parse_retarget(&d.target, stated)
                    .map(|_| ())
                    .map_err(|e| violation("target-form", "data.target", e.to_string()))
            }
            EventData::IndicatorAssessed(d) => check_band(d.tier, d.score_ratio),
            EventData::ScoringConfigured(d) => check_scoring(d),
            _ => Ok(()),
        }
    }

    fn check_target(
        &self,
        project: &str,
        target: u64,
        replacement_type: Option<&str>,
    ) -> Result<(), Violation> {
        let Some(fact) = self.fact(target) else {
            return Err(violation(
                "target-exists",
                "data.target_seq",
                format!("seq {target} is not an event of project {project}"),
            ));
        };
        if fact.type_name.starts_with("event.") {
            return Err(violation(
                "target-not-correction",
                "data.target_seq",
                format!(
                    "seq {target} is itself a {}; correct the original event",
                    fact.type_name
                ),
            ));
        }
        if self.reversed.contains(&target) {
            return Err(violation(
                "target-not-reversed",
                "data.target_seq",
                format!("seq {target} of project {project} is already reversed"),
            ));
        }
        match replacement_type {
            Some(t) if t != fact.type_name => Err(violation(
                "replacement-type",
                "data.replacement.type",
                format!(
                    "replacement type {t:?} differs from seq {target}'s type {}",
                    fact.type_name
                ),
            )),
            None if fact.type_name == "project.registered" => Err(violation(
                "registration-kept",
                "data.target_seq",
                format!(
                    "seq {target} registers project {project}; correct it instead of reversing it"
                ),
            )),
            _ => Ok(()),
        }
    }

    /// Takes in a stored event without judging it (it was judged when appended).
    pub fn replay(&mut self, seq: u64, data: &EventData) {
        let after = self.totals_with(data);
        self.take(seq, data);
        self.running = after;
    }

    fn take(&mut self, seq: u64, data: &EventData) {
        match data {
            EventData::ProjectRegistered(_) => self.registered = true,
            EventData::IndicatorDefined(d) => {
                self.indicators.insert(d.id.clone(), stated_comparator(d));
            }
            EventData::GoalSet(d) => {
                self.goals.insert(d.id.clone(), true);
            }
            EventData::GoalWithdrawn(d) => {
                self.goals.insert(d.id.clone(), false);
            }
            EventData::EventReversed(r) => {
                self.reversed.insert(r.target_seq);
            }
            EventData::EventCorrected(c) => {
                if let Ok(replacement) = typed_replacement(c) {
                    self.corrected.insert(c.target_seq, fact_of(&replacement));
                }
            }
            _ => {}
        }
        let fact = fact_of(data);
        match self.events.last() {
            Some((last, _)) if *last >= seq => {
                match self.events.binary_search_by_key(&seq, |(s, _)| *s) {
                    Ok(at) => self.events[at].1 = fact,
                    Err(at) => self.events.insert(at, (seq, fact)),
                }
            }
            _ => self.events.push((seq, fact)),
        }
    }

    fn fact(&self, seq: u64) -> Option<&Fact> {
        let at = self.events.binary_search_by_key(&seq, |(s, _)| *s).ok()?;
        Some(&self.events[at].1)
    }

    /// 全年预算数, arrivals and spending after corrections and reversals, in seq order.
    pub fn totals(&self) -> Totals {
        self.running
    }

    /// The totals once `data` is taken in. A new event comes last in seq order, so it only
    /// adds to the running totals; a correction or a reversal changes an earlier event, and
    /// the totals are replayed in seq order with that change.
    fn totals_with(&self, data: &EventData) -> Totals {
        match data {
            EventData::EventReversed(r) => self.replayed(r.target_seq, None),
            EventData::EventCorrected(c) => match typed_replacement(c) {
                Ok(replacement) => self.replayed(c.target_seq, Some(fact_of(&replacement))),
                Err(_) => self.running,
            },
            other => self.running.plus(fact_of(other).money),
        }
    }

    /// The totals over every event, with `target` reversed (`None`) or read as `replacement`.
    fn replayed(&self, target: u64, replacement: Option<Fact>) -> Totals {
        let mut t = Totals::default();
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
        }
        t
    }

    fn check_totals(
        &self,
        project: &str,
        before: Totals,
        after: Totals,
        data: &EventData,
    ) -> Result<(), Violation> {
        if after == before {
            return Ok(());
        }
        let what = match data {
            EventData::EventCorrected(c) => format!("the correction of seq {}", c.target_seq),
            EventData::EventReversed(r) => format!("the reversal of seq {}", r.target_seq),
            other => match fact_of(other).money {
                Some((_, amount)) => format!("this {} of {}", other.type_name(), exact(amount)),
                None => format!("this {}", other.type_name()),
            },
        };
        if after.spent > after.arrived {
            return Err(violation(
                "spending-within-arrived",
                field_of(data),
                format!(
                    "project {project}: with {what}, spending would be {} but only {} has arrived: over by {}",
                    exact(after.spent),
                    exact(after.arrived),
                    exact(after.spent.saturating_sub(after.arrived)),
                ),
            ));
        }
        if after.arrived > after.budget {
            return Err(violation(
                "arrived-within-budget",
                field_of(data),
                format!(
                    "project {project}: with {what}, funds arrived would be {} but the current budget (全年预算数) is {}: over by {}",
                    exact(after.arrived),
                    exact(after.budget),
                    exact(after.arrived.saturating_sub(after.budget)),
                ),
            ));
        }
        Ok(())
    }
}

/// An amount as a rejection names it: exact 元 (the stored form) and exact 万元, never rounded,
/// so that a difference of one 分 is visible.
fn exact(y: Yuan) -> String {
    let wan = (y.decimal() / rust_decimal::Decimal::from(10_000)).normalize();
    format!("{}元 ({wan}万元)", y.canonical())
}

/// Money added, arrived or spent is a positive figure; a zero is a typo or a placeholder.
/// (A `budget.adjusted` total may be zero: the project was cancelled.)
fn check_positive(data: &EventData, field: &'static str) -> Result<(), Violation> {
    let amount = match data {
        EventData::BudgetAllocated(d) => d.amount,
        EventData::FundsArrived(d) => d.amount,
        EventData::FundsDisbursed(d) => d.amount,
        _ => return Ok(()),
    };
    match amount.is_zero() {
        true => Err(violation(
            "amount-positive",
            field,
            format!(
                "amount {:?} of {} must be greater than zero",
                amount.canonical(),
                data.type_name()
            ),
        )),
        false => Ok(()),
    }
}

fn field_of(data: &EventData) -> &'static str {
    match data {
        EventData::EventCorrected(_) => "data.replacement",
        EventData::EventReversed(_) => "data.target_seq",
        _ => "data.amount",
    }
}

fn fact_of(data: &EventData) -> Fact {
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
    }
}

/// The replacement of a correction, typed as its declared type.
pub fn typed_replacement(
    c: &crate::event::EventCorrected,
) -> Result<EventData, crate::event::DataError> {
    let text = c.replacement.data.to_string();
    EventData::parse(&c.replacement.kind, &text).map_err(|e| crate::event::DataError {
        path: e.path.replacen("data", "data.replacement.data", 1),
        message: e.message,
    })
}

/// The comparator an indicator's definition reads as: the one its event gives, else the
/// one its text states, else `ge` for a bare target (`95%`).
///
/// # Errors
/// The target cannot be read (see `value::parse_target`).
pub fn indicator_comparator(
    d: &crate::event::IndicatorDefined,
) -> Result<Comparator, crate::value::ValueError> {
    match d.comparator {
        Some(c) => parse_target_with(&d.target, c).map(|t| t.comparator),
        None => parse_target(&d.target).map(|t| t.comparator),
    }
}

/// The comparator an indicator's definition states: its event's `comparator` field, else the
/// symbol, word or suffix of its text. None for a bare target (`95%`: what it means is the
/// scoring policy's) and for a text that cannot be read.
pub fn stated_comparator(d: &crate::event::IndicatorDefined) -> Option<Comparator> {
    d.comparator.or_else(|| {
        parse_target(&d.target)
            .ok()
            .filter(|t| !t.bare)
            .map(|t| t.comparator)
    })
}

fn check_indicator(d: &crate::event::IndicatorDefined) -> Result<(), Violation> {
    crate::levels::read_levels(&d.level1, &d.level2).map_err(|e| {
        let (rule, field) = match e {
            LevelError::UnknownLevel1 { .. } => ("indicator-level1", "data.level1"),
            LevelError::UnknownLevel2 { .. } | LevelError::NotUnder { .. } => {
                ("indicator-level2", "data.level2")
            }
        };
        violation(rule, field, e.to_string())
    })?;
    indicator_comparator(d)
        .map(|_| ())
        .map_err(|e| violation("target-form", "data.target", e.to_string()))
}

/// A project's policy must ship with jixiao, and a per-二级 分值 must name a 二级 forms use.
fn check_scoring(d: &crate::event::ScoringConfigured) -> Result<(), Violation> {
    if let Some(p) = d.policy.as_deref() {
        if crate::scoring::named(p).is_none() {
            return Err(violation(
                "known-policy",
                "data.policy",
                format!(
                    "评分规则「{p}」不存在（可用：{}；见 jixiao policy list）",
                    crate::scoring::known_ids().join("、")
                ),
            ));
        }
    }
    for key in d.level2_weights.iter().flat_map(|m| m.keys()) {
        if crate::levels::Level2::read(key).is_none() {
            return Err(violation(
                "level2-weight-name",
                "data.level2_weights",
                format!("二级分值的键「{key}」不是二级指标名称（如 数量指标、经济效益指标）"),
            ));
        }
    }
    Ok(())
}

/// The share of an indicator's weight a qualitative tier may take (DESIGN.md, Scoring).
pub fn tier_band(tier: Tier) -> (rust_decimal::Decimal, rust_decimal::Decimal) {
    use rust_decimal::Decimal;
    match tier {
        Tier::Achieved => (Decimal::new(80, 2), Decimal::ONE),
        Tier::Partial => (Decimal::new(60, 2), Decimal::new(80, 2)),
        Tier::NotAchieved => (Decimal::ZERO, Decimal::new(60, 2)),
    }
}

fn check_band(tier: Tier, ratio: Option<Num>) -> Result<(), Violation> {
    let (lo, hi) = tier_band(tier);
    match ratio {
        None if tier == Tier::Achieved => Ok(()),
        None => Err(violation(
            "tier-score",
            "data.score_ratio",
            format!(
                "tier {} needs an explicit score_ratio inside {lo}–{hi}",
                tier_name(tier)
            ),
        )),
        Some(r) if r.0 < lo || r.0 > hi => Err(violation(
            "tier-band",
            "data.score_ratio",
            format!(
                "score_ratio {r} is outside the band {lo}–{hi} of tier {}",
                tier_name(tier)
            ),
        )),
        Some(_) => Ok(()),
    }
}

pub fn tier_name(tier: Tier) -> &'static str {
    match tier {
        Tier::Achieved => "达成",
        Tier::Partial => "部分达成",
        Tier::NotAchieved => "未达成",
    }
}
