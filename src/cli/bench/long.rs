//! The bench's long project: one project of many events (100,000 by default) in a ledger of
//! its own, and `history` and `report --format json` timed on it, as a user runs them. Its
//! lines pass every rule: money planned so that spending stays within what arrived, dates
//! inside the year, corrections and reversals of events that exist.

use std::path::Path;
use std::time::Instant;

use super::generate::Rng;
use super::machine::secs;
use super::{project, BenchError, Figures};
use crate::cli::append::append_reader;
use crate::ledger::Ledger;
use crate::projection::history::timeline;

/// The long project's id.
pub const LONG_PROJECT: &str = "bench-long-2023";
/// Indicators and goals it defines (a large real form).
const INDICATORS: u64 = 60;
const GOALS: u64 = 12;
/// The long project's events at most: its lines are built in memory (about 250 bytes each).
pub const MAX_LONG_EVENTS: u64 = 2_000_000;
/// Events written before the disbursements begin (registration, money, goals, indicators).
const OPENING_EVENTS: u64 = 3 + INDICATORS + GOALS;

/// Builds the long project's ledger in `path`, then times `history` and the JSON report.
pub fn measure(path: &Path, events: u64, seed: u64, f: &mut Figures) -> Result<(), BenchError> {
    let mut ledger = Ledger::init(path, &format!("jx-bench-long-{seed}"))?;
    let text = lines(events, seed);
    let mut clock = super::scripted_clock();
    append_reader(
        &mut ledger,
        text.as_bytes(),
        "jixiao-bench",
        &mut clock,
        &mut |_| {},
    )?;
    let t = Instant::now();
    let stored = ledger.project_events(LONG_PROJECT)?;
    let entries = timeline(LONG_PROJECT, &stored);
    f.long_history_s = secs(t.elapsed());
    f.long_project_events = entries.len() as u64;
    let t = Instant::now();
    f.long_report_bytes = project::report_json(&ledger, LONG_PROJECT)?.len() as u64;
    f.long_report_s = secs(t.elapsed());
    Ok(())
}

/// The project's import lines: its opening, then disbursements of a few 元 through the year
/// in date order,
/// with every 50th event a measurement, a target or budget adjustment, a correction or a
/// reversal of a disbursement just recorded. Seq n is line n (a fresh ledger).
pub fn lines(events: u64, seed: u64) -> String {
    let mut rng = Rng::new(seed ^ 0x1046_9E0A);
    let line = |kind: &str, day: String, data: String| {
        format!(
            r#"{{"type":"{kind}","project":"{LONG_PROJECT}","effective":"2023-{day}","data":{data}}}"#
        ) + "\n"
    };
    // Dates advance with the seq (the bench's clock stamps each event on its day, and a
    // ledger's recording instants never go back): 1 February to 28 November.
    let first = chrono::NaiveDate::from_ymd_opt(2023, 2, 1).expect("invariant: a valid date");
    let span = events.saturating_sub(OPENING_EVENTS).max(1);
    let day_of = |seq: u64| {
        let day = first + chrono::Days::new((seq - OPENING_EVENTS) * 300 / span);
        day.format("%m-%d").to_string()
    };
    let mut out = String::new();
    out += &line(
        "project.registered",
        "01-01".into(),
        r#"{"name":"长周期基准项目","department":"基准部门","year":2023}"#.into(),
    );
    out += &line(
        "budget.allocated",
        "01-01".into(),
        r#"{"amount":"10000万","source":"年初预算"}"#.into(),
    );
    out += &line(
        "funds.arrived",
        "01-02".into(),
        r#"{"amount":"10000万"}"#.into(),
    );
    for g in 1..=GOALS {
        out += &line(
            "goal.set",
            "01-03".into(),
            format!(r#"{{"id":"g{g}","text":"年度目标{g}"}}"#),
        );
    }
    for i in 1..=INDICATORS {
        out += &line(
            "indicator.defined",
            "01-03".into(),
            format!(
                r#"{{"id":"i{i}","level1":"产出指标","level2":"数量指标","name":"指标{i}","target":"≥{}","unit":"件"}}"#,
                10 + i
            ),
        );
    }
    for seq in OPENING_EVENTS + 1..=events.max(OPENING_EVENTS) {
        let day = day_of(seq);
        let last = seq - 1;
        let event = match (seq % 50, seq % 200) {
            (0, 0) => line(
                "budget.adjusted",
                day,
                format!(r#"{{"amount":"{}万","reason":"调增"}}"#, 10_000 + seq / 200),
            ),
            (0, 50) => line(
                "indicator.target_adjusted",
                day,
                format!(
                    r#"{{"id":"i{}","target":"≥{}","reason":"调整"}}"#,
                    1 + rng.below(INDICATORS),
                    5 + rng.below(20)
                ),
            ),
            (0, 100) => line(
                "event.corrected",
                day,
                format!(
                    r#"{{"target_seq":{last},"replacement":{{"type":"funds.disbursed","data":{{"amount":"{}","purpose":"更正后的支出"}}}},"reason":"金额笔误"}}"#,
                    1 + rng.below(9)
                ),
            ),
            (0, _) => line(
                "event.reversed",
                day,
                format!(r#"{{"target_seq":{last},"reason":"重复录入"}}"#),
            ),
            (25, _) => line(
                "indicator.measured",
                day,
                format!(
                    r#"{{"id":"i{}","actual":"{}"}}"#,
                    1 + rng.below(INDICATORS),
                    rng.below(40)
                ),
            ),
            _ => line(
                "funds.disbursed",
                day,
                format!(
                    r#"{{"amount":"{}","purpose":"日常支出{seq}","category":"办公费"}}"#,
                    1 + rng.below(9)
                ),
            ),
        };
        out += &event;
    }
    out
}
