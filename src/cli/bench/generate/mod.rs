//! The deterministic synthetic ledger of `jixiao bench`: JSONL import lines for many projects,
//! every event type in realistic proportions, Chinese text and every written amount form,
//! all passing the ledger's business rules. The same seed always gives the same bytes.
//!
//! Each project is planned on its own (a year of events: registration, allocation, goals,
//! indicators, arrivals, disbursements, adjustments, measurements, narratives, a claim,
//! corrections), then all projects are interleaved by effective date, as a ledger that
//! recorded them as they happened would hold them. Money is planned in 分 so that spending
//! never exceeds arrived funds and arrivals never exceed the budget, in ledger order.

use std::io::Write;

use super::corpus::*;

mod money;
use money::{assign_money, round_budget_fen};
mod render;
pub use render::amount_text;
use render::render;

/// A project holds at least a registration, an allocation and an arrival.
pub const MIN_EVENTS_PER_PROJECT: u64 = 3;
/// Local event indexes are `u16`, and no real project has more events.
pub const MAX_EVENTS_PER_PROJECT: u64 = 50_000;
/// Project numbers are `u32` in the interleaving key.
pub const MAX_PROJECTS: u64 = 1_000_000;
/// Projects are spread over these evaluation years; dates count from the first's 1 January.
const FIRST_YEAR: i32 = 2022;
const YEARS: u64 = 3;

pub use crate::rng::Rng;

/// A sub-seed for one part of the data, so that parts do not shift when another changes.
fn mix(a: u64, b: u64) -> u64 {
    Rng::new(a ^ b.wrapping_mul(0xD6E8_FEB8_6659_FD93)).next_u64()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Registered,
    Allocated,
    Scoring,
    GoalSet,
    IndicatorDefined,
    Arrived,
    Disbursed,
    BudgetAdjusted,
    GoalAdjusted,
    GoalWithdrawn,
    GoalAssessed,
    TargetAdjusted,
    Measured,
    Assessed,
    Narrative,
    Claimed,
    Corrected,
    Reversed,
    Withdrawn,
}

/// One planned event. `item` is the goal, indicator, allocation, arrival or section number,
/// or for a correction or reversal the `id` of its target.
#[derive(Debug, Clone, Copy)]
struct Planned {
    day: u16,
    kind: Kind,
    id: u16,
    item: u16,
    amount_fen: u64,
}

/// How one indicator is written, derived from the project's seed and its number.
#[derive(Debug, Clone, Copy)]
enum Indicator {
    Count(usize, u64),
    Percent(usize, u64),
    Reverse(usize, u64),
    Deadline(usize),
    Qualitative(usize),
}

fn indicator(project_seed: u64, number: u16) -> Indicator {
    let mut r = Rng::new(mix(project_seed, 0x1D1C_0000 + u64::from(number)));
    match (number, r.below(10)) {
        (0, _) | (_, 0..=3) => Indicator::Count(
            r.below(COUNT_INDICATORS.len() as u64) as usize,
            r.range(2, 800),
        ),
        (_, 4..=5) => Indicator::Percent(
            r.below(PERCENT_INDICATORS.len() as u64) as usize,
            r.range(85, 100),
        ),
        (_, 6) => Indicator::Reverse(
            r.below(REVERSE_INDICATORS.len() as u64) as usize,
            r.range(1, 10),
        ),
        (_, 7) => Indicator::Deadline(r.below(DEADLINE_NAMES.len() as u64) as usize),
        _ => Indicator::Qualitative(r.below(QUALITATIVE_INDICATORS.len() as u64) as usize),
    }
}

/// How many events of each kind one project gets, for its share of the ledger.
#[derive(Debug, Default)]
struct Layout {
    arrivals: u64,
    goals: u64,
    indicators: u64,
    qualitative: u64,
    narratives: u64,
    extra_allocation: bool,
    scoring: bool,
    adjustment: bool,
    retarget: bool,
    goal_adjusted: bool,
    goal_withdrawn: bool,
    goal_assessed: bool,
    claim: bool,
    corrections: u64,
    reversals: u64,
    disbursements: u64,
}

impl Layout {
    fn new(count: u64, project_seed: u64, rng: &mut Rng) -> Layout {
        let big = count >= 20;
        let mut l = Layout {
            arrivals: (count / 25).clamp(1, 4),
            goals: (count * 5 / 100).min(8),
            indicators: (count * 9 / 100).min(20),
            narratives: (count * 6 / 100).min(13),
            extra_allocation: big && rng.chance(30),
            scoring: big && rng.chance(20),
            adjustment: big && rng.chance(30),
            claim: count >= 10,
            corrections: if count >= 30 { rng.below(3) } else { 0 },
            reversals: if count >= 30 { rng.below(2) } else { 0 },
            ..Layout::default()
        };
        l.retarget = big && l.indicators > 0 && rng.chance(30);
        l.goal_adjusted = big && l.goals > 0 && rng.chance(25);
        l.goal_withdrawn = big && l.goals > 1 && rng.chance(15);
        // Without a draw, so the rest of the stream stays as it was.
        l.goal_assessed = big && l.goals > 0 && project_seed.is_multiple_of(3);
        l.qualitative = (0..l.indicators as u16)
            .filter(|&i| matches!(indicator(project_seed, i), Indicator::Qualitative(_)))
            .count() as u64;
        l.disbursements = count.saturating_sub(l.fixed());
        if l.disbursements <= l.corrections + l.reversals {
            l.corrections = 0;
            l.reversals = 0;
        }
        l.disbursements = count.saturating_sub(l.fixed());
        assert_eq!(
            l.fixed() + l.disbursements,
            count,
            "invariant: a project's layout adds up to its share"
        );
        l
    }

    fn fixed(&self) -> u64 {
        2 + self.arrivals
            + self.goals
            + self.indicators * 2
            + self.qualitative
            + self.narratives
            + u64::from(self.extra_allocation)
            + u64::from(self.scoring)
            + u64::from(self.adjustment)
            + u64::from(self.retarget)
            + u64::from(self.goal_adjusted)
            + u64::from(self.goal_withdrawn)
            + u64::from(self.goal_assessed)
            + u64::from(self.claim)
            + self.corrections
            + self.reversals
    }
}

/// One project's plan and the facts needed to render it.
struct Project {
    seed: u64,
    number: u32,
    city: usize,
    department: usize,
    name: usize,
    year: i32,
    events: Vec<Planned>,
}

impl Project {
    fn id(&self) -> String {
        format!(
            "{}-{}-{}-{:05}",
            CITIES[self.city].0, DEPARTMENTS[self.department].0, self.year, self.number
        )
    }
    fn unit_actor(&self) -> String {
        format!(
            "{}-{}/office",
            CITIES[self.city].0, DEPARTMENTS[self.department].0
        )
    }
    fn finance_actor(&self) -> String {
        format!("{}-czj/budget", CITIES[self.city].0)
    }
    fn year_start(&self) -> u64 {
        (self.year - FIRST_YEAR) as u64 * 365
    }
}

/// What the single-append measurement needs to know about a project after the import.
#[derive(Debug, Clone)]
pub struct ProjectSummary {
    pub id: String,
    pub actor: String,
    pub year: i32,
    /// Indicators `ind-01..` defined.
    pub indicators: u16,
    /// Arrived funds not yet spent at the end, in 分.
    pub headroom_fen: u64,
    /// Registered in error and withdrawn: it takes no further events.
    pub withdrawn: bool,
}

/// What was generated.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    pub events: u64,
    pub bytes: u64,
    pub projects: Vec<ProjectSummary>,
    /// Events per type name, for the table.
    pub by_type: std::collections::BTreeMap<&'static str, u64>,
}

#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub events: u64,
    pub projects: u64,
    pub seed: u64,
}

impl Shape {
    /// Why this shape cannot be generated, if it cannot.
    pub fn check(&self) -> Result<(), String> {
        if self.projects == 0 || self.projects > MAX_PROJECTS {
            return Err(format!(
                "--projects must be 1..={MAX_PROJECTS} (MAX_PROJECTS)"
            ));
        }
        if self.events < self.projects * MIN_EVENTS_PER_PROJECT {
            return Err(format!(
                "--events must be at least {MIN_EVENTS_PER_PROJECT} per project (MIN_EVENTS_PER_PROJECT)"
            ));
        }
        if self.events.div_ceil(self.projects) > MAX_EVENTS_PER_PROJECT {
            return Err(format!(
                "at most {MAX_EVENTS_PER_PROJECT} events per project (MAX_EVENTS_PER_PROJECT): raise --projects"
            ));
        }
        Ok(())
    }
}

/// Writes the whole synthetic ledger as import lines, in ledger order.
pub fn write_jsonl(shape: Shape, out: &mut impl Write) -> std::io::Result<Generated> {
    shape
        .check()
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?;
    let mut projects: Vec<Project> = (0..shape.projects)
        .map(|p| {
            let share =
                shape.events / shape.projects + u64::from(p < shape.events % shape.projects);
            plan_project(shape.seed, p as u32, share)
        })
        .collect();
    let mut order: Vec<u64> = Vec::with_capacity(shape.events as usize);
    for (p, project) in projects.iter().enumerate() {
        for (local, e) in project.events.iter().enumerate() {
            order.push((u64::from(e.day) << 48) | ((p as u64) << 16) | local as u64);
        }
    }
    order.sort_unstable();
    let mut seqs: Vec<Vec<u64>> = projects.iter().map(|p| vec![0; p.events.len()]).collect();
    let mut generated = Generated::default();
    let mut line = Vec::with_capacity(4096);
    for (i, key) in order.iter().enumerate() {
        let p = ((key >> 16) & 0xFFFF_FFFF) as usize;
        let local = (key & 0xFFFF) as usize;
        let project = &mut projects[p];
        let planned = project.events[local];
        seqs[p][usize::from(planned.id)] = i as u64 + 1;
        line.clear();
        render(project, &planned, &seqs[p], &mut line);
        line.push(b'\n');
        out.write_all(&line)?;
        generated.bytes += line.len() as u64;
        *generated
            .by_type
            .entry(type_name(planned.kind))
            .or_default() += 1;
    }
    generated.events = order.len() as u64;
    generated.projects = projects.iter().map(summary).collect();
    Ok(generated)
}

fn summary(p: &Project) -> ProjectSummary {
    let mut arrived = 0u64;
    let mut spent = 0u64;
    let mut indicators = 0u16;
    let by_id: std::collections::HashMap<u16, &Planned> =
        p.events.iter().map(|e| (e.id, e)).collect();
    for e in &p.events {
        match e.kind {
            Kind::Arrived => arrived += e.amount_fen,
            Kind::Disbursed => spent += e.amount_fen,
            Kind::Corrected => spent -= by_id[&e.item].amount_fen - e.amount_fen,
            Kind::Reversed => spent -= by_id[&e.item].amount_fen,
            Kind::IndicatorDefined => indicators += 1,
            _ => {}
        }
    }
    let withdrawn = p.events.iter().any(|e| e.kind == Kind::Withdrawn);
    ProjectSummary {
        id: p.id(),
        actor: p.unit_actor(),
        year: p.year,
        indicators,
        headroom_fen: arrived - spent,
        withdrawn,
    }
}

fn plan_project(seed: u64, number: u32, count: u64) -> Project {
    let project_seed = mix(seed, u64::from(number));
    let mut rng = Rng::new(project_seed);
    let department = rng.below(DEPARTMENTS.len() as u64) as usize;
    let mut project = Project {
        seed: project_seed,
        number,
        city: rng.below(CITIES.len() as u64) as usize,
        department,
        name: rng.below(DEPARTMENTS[department].2.len() as u64) as usize,
        year: FIRST_YEAR + rng.below(YEARS) as i32,
        events: Vec::with_capacity(count as usize),
    };
    let y = project.year_start();
    if number % WITHDRAWN_EVERY == WITHDRAWN_EVERY - 1 {
        plan_withdrawn(&mut project.events, count, y, &mut rng);
        return project;
    }
    let layout = Layout::new(count, project_seed, &mut rng);
    plan_timeline(&mut project.events, &layout, y, &mut rng);
    sort_plan(&mut project.events);
    assign_money(&mut project.events, &layout, &mut rng);
    plan_corrections(&mut project.events, &layout, y, &mut rng);
    sort_plan(&mut project.events);
    set_claim(&mut project.events);
    assert_eq!(
        project.events.len() as u64,
        count,
        "invariant: planned share"
    );
    project
}

/// One project in this many was registered in error: it gets an allocation and some report
/// text, then is withdrawn (no funds arrive, so the withdrawal is allowed).
const WITHDRAWN_EVERY: u32 = 97;

fn plan_withdrawn(events: &mut Vec<Planned>, count: u64, y: u64, rng: &mut Rng) {
    let reg = y + rng.below(20);
    push(events, reg, Kind::Registered, 0);
    push(events, reg + rng.below(10), Kind::Allocated, 0);
    for s in 0..count.saturating_sub(3) {
        push(events, reg + rng.range(1, 30), Kind::Narrative, s);
    }
    push(events, reg + rng.range(40, 60), Kind::Withdrawn, 0);
    events[1].amount_fen = round_budget_fen(rng);
    sort_plan(events);
}

fn sort_plan(events: &mut [Planned]) {
    events.sort_by_key(|e| (e.day, e.kind, e.id));
}

fn push(events: &mut Vec<Planned>, day: u64, kind: Kind, item: u64) {
    let id = events.len() as u16;
    events.push(Planned {
        day: day as u16,
        kind,
        id,
        item: item as u16,
        amount_fen: 0,
    });
}

/// The days of a year's events: registration and set-up in January and February, funds from
/// March, spending until December, results, narratives and the claim the next summer.
fn plan_timeline(events: &mut Vec<Planned>, l: &Layout, y: u64, rng: &mut Rng) {
    let reg = y + rng.below(20);
    push(events, reg, Kind::Registered, 0);
    push(events, reg + rng.below(10), Kind::Allocated, 0);
    if l.extra_allocation {
        push(events, reg + rng.range(20, 35), Kind::Allocated, 1);
    }
    if l.scoring {
        push(events, reg + rng.below(30), Kind::Scoring, 0);
    }
    for g in 0..l.goals {
        push(events, reg + rng.below(40), Kind::GoalSet, g);
    }
    for i in 0..l.indicators {
        push(events, reg + rng.below(45), Kind::IndicatorDefined, i);
    }
    let mut arrival_days: Vec<u64> = (0..l.arrivals).map(|_| y + rng.range(59, 303)).collect();
    arrival_days.sort_unstable();
    for (a, day) in arrival_days.iter().enumerate() {
        push(events, *day, Kind::Arrived, a as u64);
    }
    for _ in 0..l.disbursements {
        push(
            events,
            rng.range(arrival_days[0], y + 364),
            Kind::Disbursed,
            0,
        );
    }
    if l.adjustment {
        push(events, y + rng.range(335, 355), Kind::BudgetAdjusted, 0);
    }
    if l.goal_adjusted {
        push(events, y + rng.range(300, 340), Kind::GoalAdjusted, 0);
    }
    if l.goal_withdrawn {
        push(
            events,
            y + rng.range(341, 360),
            Kind::GoalWithdrawn,
            l.goals - 1,
        );
    }
    if l.retarget {
        push(events, y + rng.range(340, 358), Kind::TargetAdjusted, 0);
    }
    if l.goal_assessed {
        push(events, y + 365, Kind::GoalAssessed, 0);
    }
    plan_results(events, l, y, rng);
}

fn plan_results(events: &mut Vec<Planned>, l: &Layout, y: u64, rng: &mut Rng) {
    let mut qualitative = 0;
    for i in 0..l.indicators {
        push(events, y + rng.range(350, 380), Kind::Measured, i);
    }
    // Assessments follow measurements of the project's qualitative indicators; which ones
    // are qualitative is only known when rendering, so `item` counts them here.
    while qualitative < l.qualitative {
        push(events, y + rng.range(400, 560), Kind::Assessed, qualitative);
        qualitative += 1;
    }
    for s in 0..l.narratives {
        push(events, y + rng.range(400, 560), Kind::Narrative, s);
    }
    if l.claim {
        push(events, y + rng.range(565, 575), Kind::Claimed, 0);
    }
}

/// Corrections and reversals of disbursements (the money kind that can always be lowered
/// without breaking a rule), after their targets.
fn plan_corrections(events: &mut Vec<Planned>, l: &Layout, y: u64, rng: &mut Rng) {
    let candidates: Vec<Planned> = events
        .iter()
        .filter(|e| e.kind == Kind::Disbursed && e.amount_fen >= 200)
        .copied()
        .collect();
    let wanted = (l.corrections + l.reversals) as usize;
    if candidates.len() < wanted {
        // Too few to correct: spend the events on narratives instead, keeping the count.
        for _ in 0..wanted {
            push(events, y + rng.range(400, 560), Kind::Narrative, 0);
        }
        return;
    }
    let stride = candidates.len() / wanted.max(1);
    for k in 0..wanted {
        let target = candidates[k * stride + rng.below(stride as u64) as usize];
        let day = (u64::from(target.day) + rng.range(1, 60)).min(y + 560);
        let kind = if (k as u64) < l.corrections {
            Kind::Corrected
        } else {
            Kind::Reversed
        };
        push(events, day, kind, u64::from(target.id));
        if kind == Kind::Corrected {
            let last = events.len() - 1;
            events[last].amount_fen = target.amount_fen * 9 / 10 / 100 * 100;
            if events[last].amount_fen == 0 {
                events[last].amount_fen = target.amount_fen / 2;
            }
        }
    }
}

/// The claim quotes the spending as the unit computed it (after corrections), in 分.
fn set_claim(events: &mut [Planned]) {
    let by_id: std::collections::HashMap<u16, u64> =
        events.iter().map(|e| (e.id, e.amount_fen)).collect();
    let mut spent: u64 = 0;
    for e in events.iter_mut() {
        match e.kind {
            Kind::Disbursed => spent += e.amount_fen,
            Kind::Corrected => spent -= by_id[&e.item] - e.amount_fen,
            Kind::Reversed => spent -= by_id[&e.item],
            Kind::Claimed => e.amount_fen = spent,
            _ => {}
        }
    }
}

fn type_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Registered => "project.registered",
        Kind::Allocated => "budget.allocated",
        Kind::Scoring => "scoring.configured",
        Kind::GoalSet => "goal.set",
        Kind::IndicatorDefined => "indicator.defined",
        Kind::Arrived => "funds.arrived",
        Kind::Disbursed => "funds.disbursed",
        Kind::BudgetAdjusted => "budget.adjusted",
        Kind::GoalAdjusted => "goal.adjusted",
        Kind::GoalWithdrawn => "goal.withdrawn",
        Kind::GoalAssessed => "goal.assessed",
        Kind::TargetAdjusted => "indicator.target_adjusted",
        Kind::Measured => "indicator.measured",
        Kind::Assessed => "indicator.assessed",
        Kind::Narrative => "narrative.recorded",
        Kind::Claimed => "evaluation.claimed",
        Kind::Corrected => "event.corrected",
        Kind::Reversed => "event.reversed",
        Kind::Withdrawn => "project.withdrawn",
    }
}

#[cfg(test)]
mod tests;
