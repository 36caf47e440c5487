//! Projections on every storage engine: the built-in sample recorded through the library on
//! sled and in memory, as `jixiao demo` records it. Each view of the time-travel table gives
//! the same state on both, with the figures `time_travel.rs` checks through the command line;
//! a correction recorded later moves as-of views but not earlier known-at views, on both.

use serde_json::{json, Value};

use crate::{text_at, SAMPLE};
use jixiao::event::ImportLine;
use jixiao::ledger::Ledger;
use jixiao::projection::View;
use jixiao::time::{cst_instant, parse_date, parse_instant, KnownAt};

/// The engines a library ledger can live on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sled,
    Memory,
}

pub const ENGINES: [Engine; 2] = [Engine::Sled, Engine::Memory];

/// A new, empty ledger on `engine` (sled's in `dir`).
pub fn ledger_on(engine: Engine, dir: &std::path::Path) -> Ledger {
    match engine {
        Engine::Sled => Ledger::init(&dir.join("ledger"), "jx-eval-engines").expect("init"),
        Engine::Memory => Ledger::in_memory("jx-eval-engines"),
    }
}

/// The sample's import lines, as the binary holds them.
const SAMPLE_LINES: &str = include_str!("../../src/demo/sample.jsonl");

/// The sample on `engine`, each event stamped as `jixiao demo` stamps it: 09:00 +08:00 on
/// its effective day plus a minute per line.
pub fn sample_on(engine: Engine, dir: &std::path::Path) -> Ledger {
    let mut ledger = ledger_on(engine, dir);
    let inputs: Vec<_> = SAMPLE_LINES
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, ImportLine::parse(l)))
        .collect();
    let mut minute = 0i64;
    let mut clock = |line: &ImportLine| {
        minute += 1;
        cst_instant(
            line.effective.0,
            chrono::Duration::hours(9) + chrono::Duration::minutes(minute),
        )
    };
    ledger
        .append(inputs, "jixiao-demo", &mut clock)
        .expect("the sample is accepted");
    ledger
}

fn view(as_of: Option<&str>, known_at: Option<&str>) -> View {
    View {
        as_of: as_of.map(|d| parse_date(d).expect("date")),
        known_at: known_at.map(|k| KnownAt::parse(k).expect("known-at")),
    }
}

/// The sample's state under `v`, as `state --json` prints it.
fn state(ledger: &Ledger, v: &View) -> Value {
    let state = ledger
        .project_state(SAMPLE, v)
        .expect("ledger reads")
        .expect("registered");
    serde_json::to_value(state).expect("state serialises")
}

/// (as-of, known-at) → (budget, spent), the time-travel figures of the sample.
const VIEWS: &[(Option<&str>, Option<&str>, &str, &str)] = &[
    (Some("2023-12-14"), None, "3410000.00", "1013500.00"),
    (Some("2023-12-31"), None, "1013500.00", "1013500.00"),
    (Some("2023-06-30"), None, "3410000.00", "324300.00"),
    (
        Some("2024-12-31"),
        Some("2023-12-01"),
        "3410000.00",
        "1013500.00",
    ),
    (
        Some("2024-12-31"),
        Some("2023-12-15T09:33:59.999+08:00"),
        "3410000.00",
        "1013500.00",
    ),
    (
        Some("2024-12-31"),
        Some("2023-12-15T09:34:00+08:00"),
        "1013500.00",
        "1013500.00",
    ),
    (
        Some("2024-12-31"),
        Some("seq:33"),
        "3410000.00",
        "1013500.00",
    ),
    (
        Some("2024-12-31"),
        Some("seq:34"),
        "1013500.00",
        "1013500.00",
    ),
    (None, None, "1013500.00", "1013500.00"),
];

#[test]
fn the_sample_projects_alike_on_sled_and_in_memory() {
    let dirs = ENGINES.map(|_| tempfile::tempdir().expect("temp dir"));
    let ledgers: Vec<Ledger> = ENGINES
        .iter()
        .zip(&dirs)
        .map(|(e, d)| sample_on(*e, d.path()))
        .collect();
    assert_eq!(
        ledgers[0].head(),
        ledgers[1].head(),
        "same events, same head"
    );
    for (as_of, known_at, budget, spent) in VIEWS {
        let v = view(*as_of, *known_at);
        let states: Vec<Value> = ledgers.iter().map(|l| state(l, &v)).collect();
        for (engine, s) in ENGINES.iter().zip(&states) {
            let at = format!("{engine:?} as of {as_of:?} known at {known_at:?}");
            assert_eq!(text_at(s, "/money/budget"), *budget, "{at}");
            assert_eq!(text_at(s, "/money/spent"), *spent, "{at}");
        }
        assert_eq!(
            states[0], states[1],
            "as of {as_of:?} known at {known_at:?}"
        );
        let all: Vec<_> = ledgers
            .iter()
            .map(|l| l.fold_all(&v).expect("fold all"))
            .collect();
        assert_eq!(all[0], all[1], "every project, as of {as_of:?}");
    }
}

#[test]
fn a_later_correction_moves_as_of_views_not_earlier_known_at_views_on_both_engines() {
    for engine in ENGINES {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut ledger = sample_on(engine, dir.path());
        // seq 28 (第二十二届中国专利优秀奖, 30万元) corrected to 2万元 on 2025-03-01.
        let correction = json!({"type": "event.corrected", "project": SAMPLE,
            "effective": "2023-05-26", "data": {"target_seq": 28, "reason": "凭证金额录入错误",
            "replacement": {"type": "funds.disbursed", "data": {"amount": "2万元",
            "purpose": "第二十二届中国专利优秀奖", "category": "奖励"}}}});
        let at = parse_instant("2025-03-01T10:00:00+08:00").expect("instant");
        let input = vec![(1, ImportLine::parse(&correction.to_string()))];
        ledger
            .append(input, "eval-test", &mut |_| at)
            .expect("the correction is accepted");
        let spent = |as_of: &str, known_at: Option<&str>| {
            let s = state(&ledger, &view(Some(as_of), known_at));
            text_at(&s, "/money/spent").to_string()
        };
        assert_eq!(spent("2023-06-30", None), "44300.00", "{engine:?}");
        assert_eq!(spent("2023-12-31", None), "733500.00", "{engine:?}");
        for known_at in ["2025-02-28", "seq:65"] {
            assert_eq!(
                spent("2023-06-30", Some(known_at)),
                "324300.00",
                "{engine:?}"
            );
            assert_eq!(
                spent("2023-12-31", Some(known_at)),
                "1013500.00",
                "{engine:?}"
            );
        }
        assert_eq!(
            spent("2023-06-30", Some("seq:66")),
            "44300.00",
            "{engine:?}"
        );
    }
}
