//! Property tests for the projection folds on random ledgers of a few projects:
//! replaying a prefix equals stopping early (`known_at: seq:N` or an instant), and the
//! per-project projection through the project index (`Ledger::project_state`, the design's
//! "equivalent index" for fast time travel) equals the full replay (`Ledger::fold_all`).
//!
//! Sequences are generated as abstract operations and turned into import lines by a small
//! model of the append rules (spending within arrived funds, arrivals within the budget,
//! registration first, no correction of a reversed event, …). Anything the ledger still
//! rejects is dropped and the rest appended again, so every ledger here is one the ledger
//! itself accepted.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use jixiao::event::ImportLine;
use jixiao::ledger::{AppendError, Ledger, Stored};
use jixiao::projection::{fold, View};
use jixiao::time::KnownAt;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use serde_json::{json, Value};

use crate::clock_start;

const PROJECTS: [&str; 3] = ["pp-a", "pp-b", "pp-c"];
/// Effective dates and as-of dates fall in this many days from 2023-01-01.
const DAYS: u16 = 500;

fn day(offset: u16) -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 1, 1).unwrap() + Duration::days(offset.into())
}

#[derive(Debug, Clone)]
enum Op {
    /// Not generated: the first operation on an unregistered project becomes this.
    Register,
    Allocate {
        fen: u32,
    },
    Adjust {
        extra_fen: u32,
    },
    Arrive {
        percent: u8,
    },
    Disburse {
        percent: u8,
    },
    Goal,
    WithdrawGoal {
        k: usize,
    },
    Indicator {
        qualitative: bool,
        target: u16,
    },
    Measure {
        k: usize,
        value: u16,
    },
    AdjustTarget {
        k: usize,
        target: u16,
    },
    Assess {
        k: usize,
        partial: bool,
    },
    Narrative {
        section: u8,
    },
    Correct {
        k: usize,
        percent: u8,
    },
    Reverse {
        k: usize,
    },
    /// A correction that gives an event another effective date (and keeps its data).
    Redate {
        k: usize,
        day: u16,
    },
}

/// An operation on a project, effective on a day, recorded some minutes after the previous
/// one (0 makes two events share an instant).
#[derive(Debug, Clone)]
struct Step {
    project: usize,
    effective: u16,
    gap_minutes: u8,
    op: Op,
}

fn op() -> impl Strategy<Value = Op> {
    let k = any::<usize>();
    prop_oneof![
        3 => (1u32..=50_000_000).prop_map(|fen| Op::Allocate { fen }),
        1 => (0u32..=20_000_000).prop_map(|extra_fen| Op::Adjust { extra_fen }),
        4 => (1u8..=100).prop_map(|percent| Op::Arrive { percent }),
        6 => (1u8..=100).prop_map(|percent| Op::Disburse { percent }),
        1 => Just(Op::Goal),
        1 => k.prop_map(|k| Op::WithdrawGoal { k }),
        2 => (any::<bool>(), 1u16..=100).prop_map(|(qualitative, target)| Op::Indicator { qualitative, target }),
        2 => (k, 0u16..=150).prop_map(|(k, value)| Op::Measure { k, value }),
        1 => (k, 1u16..=100).prop_map(|(k, target)| Op::AdjustTarget { k, target }),
        1 => (k, any::<bool>()).prop_map(|(k, partial)| Op::Assess { k, partial }),
        1 => (0u8..3).prop_map(|section| Op::Narrative { section }),
        2 => (k, 1u8..=150).prop_map(|(k, percent)| Op::Correct { k, percent }),
        2 => k.prop_map(|k| Op::Reverse { k }),
        1 => (k, 0..DAYS).prop_map(|(k, day)| Op::Redate { k, day }),
    ]
}

fn steps(max: usize) -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec(
        (0..PROJECTS.len(), 0..DAYS, 0u8..=2, op()).prop_map(
            |(project, effective, gap_minutes, op)| Step {
                project,
                effective,
                gap_minutes,
                op,
            },
        ),
        max / 3..=max,
    )
}

/// A view over the generated ledger: as-of a day or not; known at a seq, an instant
/// (minutes after the clock's start) or now.
fn view() -> impl Strategy<Value = View> {
    let as_of = prop::option::of((0..DAYS).prop_map(day));
    let known_at = prop_oneof![
        Just(None),
        (0u64..=70).prop_map(|n| Some(KnownAt::Seq(n))),
        (0i64..=140).prop_map(|m| Some(KnownAt::Instant(clock_start() + Duration::minutes(m)))),
    ];
    (as_of, known_at).prop_map(|(as_of, known_at)| View { as_of, known_at })
}

/// What the model remembers of an accepted event.
#[derive(Debug, Clone)]
struct Ev {
    project: usize,
    effective: u16,
    kind: &'static str,
    data: Value,
    fen: Option<i64>,
    corrected_fen: Option<i64>,
    reversed: bool,
}

#[derive(Debug, Default)]
struct Model {
    registered: [bool; 3],
    events: Vec<Ev>,
    goals: [Vec<(String, bool)>; 3],
    /// Indicator id and whether it is qualitative.
    indicators: [Vec<(String, bool)>; 3],
}

fn yuan(fen: i64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

impl Model {
    /// Budget, arrived and spent of a project after corrections and reversals (in fen).
    fn totals(&self, project: usize) -> (i64, i64, i64) {
        let (mut budget, mut arrived, mut spent) = (0, 0, 0);
        for e in self
            .events
            .iter()
            .filter(|e| e.project == project && !e.reversed)
        {
            let Some(fen) = e.corrected_fen.or(e.fen) else {
                continue;
            };
            match e.kind {
                "budget.allocated" => budget += fen,
                "budget.adjusted" => budget = fen,
                "funds.arrived" => arrived += fen,
                "funds.disbursed" => spent += fen,
                _ => {}
            }
        }
        (budget, arrived, spent)
    }

    /// Per effective day: funds arrived and spent that day (after corrections, reversals).
    fn dated(&self, project: usize) -> std::collections::BTreeMap<u16, (i64, i64)> {
        let mut days = std::collections::BTreeMap::new();
        for e in self
            .events
            .iter()
            .filter(|e| e.project == project && !e.reversed)
        {
            let Some(fen) = e.corrected_fen.or(e.fen) else {
                continue;
            };
            let day: &mut (i64, i64) = days.entry(e.effective).or_default();
            match e.kind {
                "funds.arrived" => day.0 += fen,
                "funds.disbursed" => day.1 += fen,
                _ => {}
            }
        }
        days
    }

    /// What may still be spent on `on`: the least, over that day and every later one, of
    /// the funds arrived by then less the spending by then (spending never precedes funds).
    fn room_on(&self, project: usize, on: u16) -> i64 {
        let mut days = self.dated(project);
        days.entry(on).or_default();
        let (mut arrived, mut spent, mut room) = (0, 0, i64::MAX);
        for (day, (a, s)) in days {
            arrived += a;
            spent += s;
            if day >= on {
                room = room.min(arrived - spent);
            }
        }
        room
    }

    fn sound(&self, project: usize) -> bool {
        let (budget, arrived, spent) = self.totals(project);
        spent <= arrived && arrived <= budget && self.room_on(project, 0) >= 0
    }

    /// The import line for a step, or None when the model knows the ledger would refuse it.
    fn admit(&mut self, step: &Step) -> Option<Value> {
        let p = step.project;
        let op = if self.registered[p] {
            step.op.clone()
        } else {
            Op::Register
        };
        let (kind, data, fen) = match op {
            Op::Register => {
                if self.registered[p] {
                    return None;
                }
                self.registered[p] = true;
                let data = json!({"name": format!("项目 {}", PROJECTS[p]), "department": format!("部门 {}", p % 2), "year": 2023});
                ("project.registered", data, None)
            }
            Op::Correct { k, percent } => return self.correct(step, k, percent),
            Op::Reverse { k } => return self.reverse(step, k),
            Op::Redate { k, day } => return self.redate(step, k, day),
            other => self.plain(p, step.effective, other)?,
        };
        self.push(step, kind, data, fen)
    }

    fn plain(&mut self, p: usize, on: u16, op: Op) -> Option<(&'static str, Value, Option<i64>)> {
        let (budget, arrived, _) = self.totals(p);
        let room = self.room_on(p, on);
        let share = |room: i64, percent: u8| (room * i64::from(percent) / 100).max(1);
        let money = |kind, fen: i64| {
            let mut data = json!({"amount": yuan(fen)});
            if kind == "funds.disbursed" {
                data["purpose"] = json!("支出");
            }
            if kind == "budget.adjusted" {
                data["reason"] = json!("预算调整");
            }
            Some((kind, data, Some(fen)))
        };
        let nth = |items: &[(String, bool)], k: usize| {
            (!items.is_empty()).then(|| items[k % items.len()].clone())
        };
        match op {
            Op::Allocate { fen } => money("budget.allocated", fen.into()),
            Op::Adjust { extra_fen } => {
                money("budget.adjusted", (arrived + i64::from(extra_fen)).max(1))
            }
            Op::Arrive { percent } if budget > arrived => {
                money("funds.arrived", share(budget - arrived, percent))
            }
            Op::Disburse { percent } if room > 0 => money("funds.disbursed", share(room, percent)),
            Op::Goal => {
                let id = format!("g{}", self.goals[p].len() + 1);
                self.goals[p].push((id.clone(), true));
                Some((
                    "goal.set",
                    json!({"id": id, "text": format!("目标 {id}")}),
                    None,
                ))
            }
            Op::WithdrawGoal { k } => {
                let (id, active) = nth(&self.goals[p], k)?;
                if !active {
                    return None;
                }
                let i = k % self.goals[p].len();
                self.goals[p][i].1 = false;
                Some(("goal.withdrawn", json!({"id": id, "reason": "撤销"}), None))
            }
            Op::Indicator {
                qualitative,
                target,
            } => {
                let id = format!("i{}", self.indicators[p].len() + 1);
                self.indicators[p].push((id.clone(), qualitative));
                let (level1, level2, target) = match qualitative {
                    true => ("效益指标", "社会效益指标", "进一步提高".to_string()),
                    false => ("产出指标", "数量指标", format!("≥{target}")),
                };
                let data = json!({"id": id, "level1": level1, "level2": level2, "name": format!("指标 {id}"), "target": target});
                Some(("indicator.defined", data, None))
            }
            Op::Measure { k, value } => {
                let (id, _) = nth(&self.indicators[p], k)?;
                Some((
                    "indicator.measured",
                    json!({"id": id, "actual": value.to_string()}),
                    None,
                ))
            }
            Op::AdjustTarget { k, target } => match nth(&self.indicators[p], k)? {
                (id, false) => Some((
                    "indicator.target_adjusted",
                    json!({"id": id, "target": format!("≥{target}"), "reason": "调整"}),
                    None,
                )),
                (_, true) => None,
            },
            Op::Assess { k, partial } => {
                let (id, _) = nth(&self.indicators[p], k)?;
                let data = match partial {
                    true => json!({"id": id, "tier": "部分达成", "score_ratio": "0.7"}),
                    false => json!({"id": id, "tier": "达成"}),
                };
                Some(("indicator.assessed", data, None))
            }
            Op::Narrative { section } => {
                let section = ["background", "improvements", "deviation"][usize::from(section)];
                Some((
                    "narrative.recorded",
                    json!({"section": section, "text": format!("{section} 文字")}),
                    None,
                ))
            }
            _ => None,
        }
    }

    /// A correction of an earlier event: a new amount for money, a new text or value
    /// otherwise, kept only if the project's money stays sound.
    fn correct(&mut self, step: &Step, k: usize, percent: u8) -> Option<Value> {
        if self.events.is_empty() {
            return None;
        }
        let seq = k % self.events.len();
        let target = self.events[seq].clone();
        if target.reversed || target.kind.starts_with("event.") {
            return None;
        }
        let mut data = target.data.clone();
        let fen = target.fen.map(|f| (f * i64::from(percent) / 100).max(1));
        match (target.kind, fen) {
            (_, Some(fen)) => data["amount"] = json!(yuan(fen)),
            ("project.registered", _) => data["name"] = json!(format!("更正后的名称 {percent}")),
            ("goal.set", _) => data["text"] = json!(format!("更正后的目标 {percent}")),
            ("indicator.measured", _) => data["actual"] = json!(percent.to_string()),
            ("narrative.recorded", _) => data["text"] = json!(format!("更正 {percent}")),
            _ => return None,
        }
        let before = self.events[seq].corrected_fen;
        self.events[seq].corrected_fen = fen.or(before);
        if !self.sound(target.project) {
            self.events[seq].corrected_fen = before;
            return None;
        }
        let body = json!({"target_seq": seq + 1, "reason": "更正", "replacement": {"type": target.kind, "data": data.clone()}});
        // The target is now read as the replacement: later corrections start from it.
        self.events[seq].data = data;
        let project = Step {
            project: target.project,
            ..step.clone()
        };
        self.push(&project, "event.corrected", body, None)
    }

    /// A correction moving an event to another day, kept only if money stays sound.
    fn redate(&mut self, step: &Step, k: usize, on: u16) -> Option<Value> {
        if self.events.is_empty() {
            return None;
        }
        let seq = k % self.events.len();
        let target = self.events[seq].clone();
        if target.reversed || target.kind.starts_with("event.") {
            return None;
        }
        self.events[seq].effective = on;
        if !self.sound(target.project) {
            self.events[seq].effective = target.effective;
            return None;
        }
        let body = json!({"target_seq": seq + 1, "reason": "日期有误", "effective": day(on).to_string(),
            "replacement": {"type": target.kind, "data": target.data}});
        let project = Step {
            project: target.project,
            ..step.clone()
        };
        self.push(&project, "event.corrected", body, None)
    }

    fn reverse(&mut self, step: &Step, k: usize) -> Option<Value> {
        if self.events.is_empty() {
            return None;
        }
        let seq = k % self.events.len();
        let target = &self.events[seq];
        let refused = target.reversed
            || target.kind.starts_with("event.")
            || target.kind == "project.registered";
        if refused {
            return None;
        }
        let project = target.project;
        self.events[seq].reversed = true;
        if !self.sound(project) {
            self.events[seq].reversed = false;
            return None;
        }
        let body = json!({"target_seq": seq + 1, "reason": "撤销"});
        let on = Step {
            project,
            ..step.clone()
        };
        self.push(&on, "event.reversed", body, None)
    }

    fn push(
        &mut self,
        step: &Step,
        kind: &'static str,
        data: Value,
        fen: Option<i64>,
    ) -> Option<Value> {
        self.events.push(Ev {
            project: step.project,
            effective: step.effective,
            kind,
            data: data.clone(),
            fen,
            corrected_fen: None,
            reversed: false,
        });
        if fen.is_some() && !self.sound(step.project) {
            self.events.pop();
            return None;
        }
        Some(json!({
            "type": kind,
            "project": PROJECTS[step.project],
            "effective": day(step.effective).to_string(),
            "data": data,
        }))
    }
}

/// Import lines with their recording instants (non-decreasing, ties allowed).
fn lines_of(steps: &[Step]) -> Vec<(Value, DateTime<Utc>)> {
    let mut model = Model::default();
    let mut at = clock_start();
    steps
        .iter()
        .filter_map(|s| {
            at += Duration::minutes(s.gap_minutes.into());
            model.admit(s).map(|line| (line, at))
        })
        .collect()
}

/// Appends all lines in one batch with their instants.
fn append(ledger: &mut Ledger, lines: &[(Value, DateTime<Utc>)]) -> Result<(), AppendError> {
    let inputs: Vec<_> = lines
        .iter()
        .enumerate()
        .map(|(i, (v, _))| (i + 1, ImportLine::parse(&v.to_string())))
        .collect();
    let mut times = lines.iter().map(|(_, t)| *t);
    let mut clock = |_: &ImportLine| times.next().expect("one instant per line");
    ledger.append(inputs, "prop", &mut clock).map(|_| ())
}

/// A ledger holding `lines`, minus any line the ledger rejects (dropped one at a time).
fn build(dir: &std::path::Path, mut lines: Vec<(Value, DateTime<Utc>)>) -> (Ledger, usize) {
    let mut ledger = Ledger::init(&dir.join("ledger"), "jx-prop").expect("ledger init");
    let mut dropped = 0;
    loop {
        match append(&mut ledger, &lines) {
            Ok(()) => return (ledger, dropped),
            Err(AppendError::Rejected { line, .. }) => {
                lines.remove(line - 1);
                dropped += 1;
            }
            Err(e) => panic!("append failed: {e}"),
        }
    }
}

/// A stored event as the import line that recorded it, with its recording instant.
fn import_line(s: &Stored) -> (Value, DateTime<Utc>) {
    let mut data = Vec::new();
    s.env.data.write_data(&mut data);
    let line = json!({
        "type": s.env.type_name(),
        "project": s.env.project.as_str(),
        "effective": s.env.effective.to_string(),
        "actor": s.env.actor,
        "data": serde_json::from_slice::<Value>(&data).expect("canonical data is JSON"),
    });
    (line, s.env.recorded_at)
}

fn all_events(ledger: &Ledger) -> Vec<Stored> {
    ledger
        .events()
        .collect::<Result<_, _>>()
        .expect("ledger reads")
}

fn of_project<'a>(events: impl IntoIterator<Item = &'a Stored>, project: &str) -> Vec<Stored> {
    events
        .into_iter()
        .filter(|s| s.env.project.as_str() == project)
        .cloned()
        .collect()
}

/// Modest case counts (the whole binary stays well under a minute in debug); failures are
/// kept beside this binary's sources, not in a directory shared with other test binaries.
fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 24,
        max_shrink_iters: 200,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/eval/proptest-regressions.txt",
        ))),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// Replaying the first N events equals the whole ledger known at `seq:N`, and replaying
    /// every event recorded by an instant equals the whole ledger known at that instant.
    #[test]
    fn a_prefix_replays_like_known_at(steps in steps(60), as_of_day in prop::option::of(0..DAYS)) {
        let dir = tempfile::tempdir().unwrap();
        let (ledger, _) = build(dir.path(), lines_of(&steps));
        let events = all_events(&ledger);
        let as_of = as_of_day.map(day);
        for n in 0..=events.len() {
            let at_seq = View { as_of, known_at: Some(KnownAt::Seq(n as u64)) };
            let plain = View { as_of, known_at: None };
            for p in PROJECTS {
                let whole = of_project(&events, p);
                let prefix = of_project(&events[..n], p);
                let expected = fold(p, &prefix, &plain);
                prop_assert_eq!(&fold(p, &whole, &at_seq), &expected, "{} seq:{}", p, n);
                prop_assert_eq!(&ledger.project_state(p, &at_seq).unwrap(), &expected, "{} seq:{} via the index", p, n);
                if n == 0 {
                    continue;
                }
                let t = events[n - 1].env.recorded_at;
                let m = events.iter().take_while(|s| s.env.recorded_at <= t).count();
                prop_assert!(m >= n);
                let at_instant = View { as_of, known_at: Some(KnownAt::Instant(t)) };
                let prefix = of_project(&events[..m], p);
                prop_assert_eq!(&fold(p, &whole, &at_instant), &fold(p, &prefix, &plain), "{} at {}", p, t);
            }
        }
    }

    /// A ledger that holds only the first N events (appended again with the same clock) has
    /// the same chain and the same projections as the whole ledger known at `seq:N`.
    #[test]
    fn a_prefix_ledger_equals_the_whole_ledger_known_at_its_head(
        steps in steps(45),
        cut in any::<prop::sample::Index>(),
        as_of_day in prop::option::of(0..DAYS),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (ledger, _) = build(dir.path(), lines_of(&steps));
        let events = all_events(&ledger);
        let n = cut.index(events.len() + 1);
        let prefix_lines: Vec<_> = events[..n].iter().map(import_line).collect();
        let prefix_dir = tempfile::tempdir().unwrap();
        let mut prefix = Ledger::init(&prefix_dir.path().join("ledger"), "jx-prop").unwrap();
        append(&mut prefix, &prefix_lines).unwrap();
        prop_assert_eq!(prefix.head().map(|h| h.hash), n.checked_sub(1).map(|i| events[i].hash));
        let as_of = as_of_day.map(day);
        let whole = ledger.fold_all(&View { as_of, known_at: Some(KnownAt::Seq(n as u64)) }).unwrap();
        let part = prefix.fold_all(&View { as_of, known_at: None }).unwrap();
        prop_assert_eq!(whole, part);
    }

    /// For every project and any view, the projection read through the project index equals
    /// the full replay of the ledger.
    #[test]
    fn the_project_index_equals_the_full_replay(steps in steps(60), views in prop::collection::vec(view(), 6)) {
        let dir = tempfile::tempdir().unwrap();
        let (ledger, _) = build(dir.path(), lines_of(&steps));
        for view in &views {
            let all = ledger.fold_all(view).unwrap();
            for p in PROJECTS {
                let indexed = ledger.project_state(p, view).unwrap();
                prop_assert_eq!(indexed.as_ref(), all.get(p), "{} under {:?}", p, view);
            }
            prop_assert!(all.keys().all(|k| PROJECTS.contains(&k.as_str())));
        }
    }
}

#[test]
fn the_model_agrees_with_the_ledger() {
    // The model's lines are all accepted, so the properties above run on what was
    // generated rather than on what survived.
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut total = 0;
    let mut dropped_total = 0;
    for _ in 0..8 {
        let steps = steps(60).new_tree(&mut runner).unwrap().current();
        let lines = lines_of(&steps);
        total += lines.len();
        let dir = tempfile::tempdir().unwrap();
        let (_, dropped) = build(dir.path(), lines);
        dropped_total += dropped;
    }
    assert!(total > 100, "the generator produces events ({total})");
    assert_eq!(dropped_total, 0, "lines the ledger rejected out of {total}");
}
