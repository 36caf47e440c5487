//! Append-time business rules. Each project keeps a small set of facts (money per seq, ids,
//! corrections, vouchers, import keys, its period and standing) so a rule can be checked
//! without replaying the project's text. The money side lives in `rules/totals.rs`.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

use chrono::NaiveDate;

use super::dated::Dated;
use super::project_rules::{self, Period};
use super::rule_ids;

mod totals;
pub use crate::event::{indicator_comparator, stated_comparator, typed_replacement};
use crate::event::{EventData, Hash32, Tier};
use crate::i18n::Msg;
use crate::ids::ItemId;
use crate::levels::LevelError;
use crate::money::Yuan;
use crate::number::Num;
use crate::value::{parse_retarget, Comparator};
pub use totals::Totals;
use totals::{fact_of, Fact};

/// A rule violation: the rule's name and a message with the project and amounts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("rule {rule}: {message}")]
pub struct Violation {
    pub rule: &'static str,
    pub field: &'static str,
    pub message: String,
}

/// A violation whose message is `msg` (rules.ftl), kept in English as the library prints it;
/// the command line reads it back into the users' language (`i18n::translate`).
pub(super) fn violation(rule: &'static str, field: &'static str, msg: impl Into<Msg>) -> Violation {
    Violation {
        rule,
        field,
        message: msg.into().english(),
    }
}

/// Where an event stands: its seq and its effective date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub seq: u64,
    pub effective: NaiveDate,
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
    /// The narrative sections recorded (stored keys, `sections::key_of`), counted against
    /// `MAX_SECTIONS_PER_PROJECT`.
    pub(super) sections: BTreeSet<String>,
    /// The totals after every event taken so far, kept up to date so that an append costs
    /// O(1) (only corrections and reversals, which change the past, replay the facts).
    running: Totals,
    /// Arrivals and spending by effective date, after corrections and reversals.
    dated: Dated,
    /// The project's period (its registration's, after corrections).
    pub(super) period: Option<Period>,
    /// The seq of the standing `project.withdrawn`, if the project is withdrawn.
    pub(super) withdrawn: Option<u64>,
    /// Voucher number → the seq of the (not reversed) disbursement that carries it.
    pub(super) vouchers: FxHashMap<String, u64>,
    /// Import key → the seq it was recorded as and the digest of its line's content.
    keys: FxHashMap<String, (u64, Hash32)>,
    /// The project's last hash and signed statements (`signing::Trail`), kept here so that
    /// one lookup finds both.
    pub(super) trail: super::signing::Trail,
}

impl Facts {
    /// Checks `data` against the facts and, if it passes, takes it in.
    pub fn apply(&mut self, project: &str, at: Stamp, data: &EventData) -> Result<(), Violation> {
        self.check(project, data)?;
        let (after, dated) = self.totals_with(at, data);
        self.check_totals(project, self.running, after, data)?;
        self.check_dated(project, at, data, dated.as_ref())?;
        self.take(at, data);
        self.running = after;
        match dated {
            Some(d) => self.dated = d,
            None => self.add_dated(at, data),
        }
        Ok(())
    }

    fn check(&self, project: &str, data: &EventData) -> Result<(), Violation> {
        if self.registered {
            project_rules::check_standing(self, project, data)?;
        }
        if let EventData::ProjectRegistered(_) = data {
            return match self.registered {
                true => Err(violation(
                    rule_ids::PROJECT_REGISTERED_ONCE,
                    "project",
                    Msg::new("rule-registered-once").arg("project", project),
                )),
                false => Ok(()),
            };
        }
        if !self.registered {
            return Err(violation(
                rule_ids::UNKNOWN_PROJECT,
                "project",
                Msg::new("rule-unknown-project").arg("project", format!("{project:?}")),
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
            _ => project_rules::check_voucher(self, project, data, None),
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
        let unknown = |msg: Msg, id: &ItemId| {
            violation(
                rule_ids::REPLACEMENT_IDS,
                "data.replacement",
                msg.arg("id", id).arg("project", project),
            )
        };
        let ids = match &data {
            EventData::IndicatorDefined(d) if !self.indicators.contains_key(&d.id) => {
                Err(unknown(Msg::new("rule-replacement-indicator"), &d.id))
            }
            EventData::GoalSet(crate::event::GoalSet { id, .. })
            | EventData::GoalAdjusted(crate::event::GoalAdjusted { id, .. })
            | EventData::GoalWithdrawn(crate::event::GoalWithdrawn { id, .. })
                if !self.goals.contains_key(id) =>
            {
                Err(unknown(Msg::new("rule-replacement-goal"), id))
            }
            EventData::IndicatorDefined(_)
            | EventData::GoalSet(_)
            | EventData::GoalAdjusted(_)
            | EventData::GoalWithdrawn(_)
            | EventData::ProjectRegistered(_) => Ok(()),
            other => self.check_ids(project, other),
        };
        ids.and_then(|()| self.check_content(&data))
            .and_then(|()| project_rules::check_voucher(self, project, &data, Some(c.target_seq)))
            .map_err(|v| Violation {
                field: "data.replacement",
                ..v
            })
    }

    fn check_ids(&self, project: &str, data: &EventData) -> Result<(), Violation> {
        project_rules::check_counts(self, project, data)?;
        let undefined = |id: &ItemId| {
            violation(
                rule_ids::INDICATOR_DEFINED,
                "data.id",
                Msg::new("rule-indicator-defined")
                    .arg("id", id)
                    .arg("project", project),
            )
        };
        match data {
            EventData::IndicatorDefined(d) if self.indicators.contains_key(&d.id) => {
                Err(violation(
                    rule_ids::INDICATOR_UNIQUE,
                    "data.id",
                    Msg::new("rule-indicator-unique")
                        .arg("id", &d.id)
                        .arg("project", project),
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
                rule_ids::GOAL_UNIQUE,
                "data.id",
                Msg::new("rule-goal-unique")
                    .arg("id", &d.id)
                    .arg("project", project),
            )),
            EventData::GoalAssessed(d) if !self.goals.contains_key(&d.id) => Err(violation(
                rule_ids::GOAL_DEFINED,
                "data.id",
                format!("goal {} is not set in project {project}", d.id),
            )),
            EventData::GoalAdjusted(crate::event::GoalAdjusted { id, .. })
            | EventData::GoalWithdrawn(crate::event::GoalWithdrawn { id, .. }) => {
                match self.goals.get(id) {
                    Some(true) => Ok(()),
                    Some(false) => Err(violation(
                        rule_ids::GOAL_ACTIVE,
                        "data.id",
                        Msg::new("rule-goal-active")
                            .arg("id", id)
                            .arg("project", project),
                    )),
                    None => Err(violation(
                        rule_ids::GOAL_DEFINED,
                        "data.id",
                        Msg::new("rule-goal-defined")
                            .arg("id", id)
                            .arg("project", project),
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
                    .map_err(|e| violation(rule_ids::TARGET_FORM, "data.target", e.to_string()))
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
                rule_ids::TARGET_EXISTS,
                "data.target_seq",
                Msg::new("rule-target-exists")
                    .arg("seq", target)
                    .arg("project", project),
            ));
        };
        if fact.type_name.starts_with("event.") {
            return Err(violation(
                rule_ids::TARGET_NOT_CORRECTION,
                "data.target_seq",
                Msg::new("rule-target-not-correction")
                    .arg("seq", target)
                    .arg("type", fact.type_name),
            ));
        }
        if self.reversed.contains(&target) {
            return Err(violation(
                rule_ids::TARGET_NOT_REVERSED,
                "data.target_seq",
                Msg::new("rule-target-not-reversed")
                    .arg("seq", target)
                    .arg("project", project),
            ));
        }
        match replacement_type {
            Some(t) if t != fact.type_name => Err(violation(
                rule_ids::REPLACEMENT_TYPE,
                "data.replacement.type",
                Msg::new("rule-replacement-type")
                    .arg("given", format!("{t:?}"))
                    .arg("seq", target)
                    .arg("type", fact.type_name),
            )),
            None if fact.type_name == "project.registered" => Err(violation(
                rule_ids::REGISTRATION_KEPT,
                "data.target_seq",
                Msg::new("rule-registration-kept")
                    .arg("seq", target)
                    .arg("project", project),
            )),
            _ => Ok(()),
        }
    }

    /// Takes in a stored event without judging it (it was judged when appended).
    pub fn replay(&mut self, at: Stamp, data: &EventData) {
        let (after, dated) = self.totals_with(at, data);
        self.take(at, data);
        self.running = after;
        match dated {
            Some(d) => self.dated = d,
            None => self.add_dated(at, data),
        }
    }

    /// The seq and content digest an import key was recorded with, if this project has it.
    pub fn key(&self, key: &str) -> Option<(u64, Hash32)> {
        self.keys.get(key).copied()
    }

    /// Takes in an import key, recorded at `seq` from a line whose content has `digest`.
    pub fn take_key(&mut self, key: &str, seq: u64, digest: Hash32) {
        self.keys.insert(key.to_string(), (seq, digest));
    }

    /// How many indicators the project has defined, and whether it has `id`.
    pub(super) fn indicator_count(&self) -> usize {
        self.indicators.len()
    }
    pub(super) fn has_indicator(&self, id: &ItemId) -> bool {
        self.indicators.contains_key(id)
    }

    /// How many goals the project has set, and whether it has `id`.
    pub(super) fn goal_count(&self) -> usize {
        self.goals.len()
    }
    pub(super) fn has_goal(&self, id: &ItemId) -> bool {
        self.goals.contains_key(id)
    }

    /// The type of the project's event `seq` as recorded (None if the project has no such
    /// event): what a correction or reversal of it must be signed for.
    pub(super) fn type_at(&self, seq: u64) -> Option<&'static str> {
        let at = self.events.binary_search_by_key(&seq, |(s, _)| *s).ok()?;
        Some(self.events[at].1.type_name)
    }

    /// The project's period: its registration's `period_start..=period_end`, else its
    /// evaluation year (after corrections of the registration).
    pub fn period(&self) -> Option<Period> {
        self.period
    }

    fn take(&mut self, at: Stamp, data: &EventData) {
        let seq = at.seq;
        project_rules::take(self, at, data);
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
            EventData::NarrativeRecorded(d) => {
                self.sections.insert(crate::sections::key_of(&d.section));
            }
            EventData::EventReversed(r) => {
                self.reversed.insert(r.target_seq);
            }
            EventData::EventCorrected(c) => {
                if let Ok(replacement) = typed_replacement(c) {
                    if let EventData::NarrativeRecorded(d) = &replacement {
                        self.sections.insert(crate::sections::key_of(&d.section));
                    }
                    let fact = self.corrected_fact(c, &replacement);
                    self.corrected.insert(c.target_seq, fact);
                }
            }
            _ => {}
        }
        let fact = fact_of(data, at.effective);
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

    fn check_totals(
        &self,
        project: &str,
        before: Totals,
        after: Totals,
        data: &EventData,
    ) -> Result<(), Violation> {
        let fits = after.spent <= after.arrived && after.arrived <= after.budget;
        if after == before || fits {
            return Ok(());
        }
        let what = what_changed(data);
        if after.spent > after.arrived {
            return Err(violation(
                rule_ids::SPENDING_WITHIN_ARRIVED,
                field_of(data),
                Msg::new("rule-spending-within-arrived")
                    .arg("project", project)
                    .arg_msg("what", what)
                    .arg("spent", exact(after.spent))
                    .arg("arrived", exact(after.arrived))
                    .arg("over", exact(after.spent.saturating_sub(after.arrived))),
            ));
        }
        if after.arrived > after.budget {
            return Err(violation(
                rule_ids::ARRIVED_WITHIN_BUDGET,
                field_of(data),
                Msg::new("rule-arrived-within-budget")
                    .arg("project", project)
                    .arg_msg("what", what)
                    .arg("arrived", exact(after.arrived))
                    .arg("budget", exact(after.budget))
                    .arg("over", exact(after.arrived.saturating_sub(after.budget))),
            ));
        }
        Ok(())
    }
}

/// What an event did to the totals, as a rejection names it (built only when one is made).
fn what_changed(data: &EventData) -> Msg {
    match data {
        EventData::EventCorrected(c) => Msg::new("rule-what-correction").arg("seq", c.target_seq),
        EventData::EventReversed(r) => Msg::new("rule-what-reversal").arg("seq", r.target_seq),
        other => match fact_of(other, NaiveDate::MIN).money {
            Some((_, amount)) => Msg::new("rule-what-amount")
                .arg("type", other.type_name())
                .arg("amount", exact(amount)),
            None => Msg::new("rule-what-event").arg("type", other.type_name()),
        },
    }
}

/// An amount as a rejection names it, in the one style of every message (`i18n::names::
/// amount_words`): 万元, then exact 元 with two decimals (`4.35万元 (43,500.00元)`), so that a
/// difference of one 分 is visible; the command line shows it with full-width brackets in
/// Chinese.
pub(super) fn exact(y: Yuan) -> String {
    crate::i18n::names::amount_words(y).english()
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
            rule_ids::AMOUNT_POSITIVE,
            field,
            Msg::new("rule-amount-positive")
                .arg("value", format!("{:?}", amount.canonical()))
                .arg("type", data.type_name()),
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
        .map_err(|e| violation(rule_ids::TARGET_FORM, "data.target", e.to_string()))
}

/// A project's policy must ship with jixiao, and a per-二级 分值 must name a 二级 forms use.
fn check_scoring(d: &crate::event::ScoringConfigured) -> Result<(), Violation> {
    if let Some(p) = d.policy.as_deref() {
        if crate::scoring::named(p).is_none() {
            return Err(violation(
                rule_ids::KNOWN_POLICY,
                "data.policy",
                Msg::new("rule-known-policy")
                    .arg("policy", p)
                    .arg("known", crate::scoring::known_ids().join("、")),
            ));
        }
    }
    for key in d.level2_weights.iter().flat_map(|m| m.keys()) {
        if crate::levels::Level2::read(key).is_none() {
            return Err(violation(
                rule_ids::LEVEL2_WEIGHT_NAME,
                "data.level2_weights",
                Msg::new("rule-level2-weight-name").arg("key", key),
            ));
        }
    }
    Ok(())
}

fn check_band(tier: Tier, ratio: Option<Num>) -> Result<(), Violation> {
    let (lo, hi) = tier.band();
    match ratio {
        None if tier == Tier::Achieved => Ok(()),
        None => Err(violation(
            rule_ids::TIER_SCORE,
            "data.score_ratio",
            Msg::new("rule-tier-score")
                .arg("tier", tier.name())
                .arg("low", lo)
                .arg("high", hi),
        )),
        Some(r) if r.0 < lo || r.0 > hi => Err(violation(
            rule_ids::TIER_BAND,
            "data.score_ratio",
            Msg::new("rule-tier-band")
                .arg("ratio", r)
                .arg("low", lo)
                .arg("high", hi)
                .arg("tier", tier.name()),
        )),
        Some(_) => Ok(()),
    }
}
