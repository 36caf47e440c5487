//! The seed's project as a sealed report, for unit tests of the renderers.

use chrono::Duration;

use crate::event::ImportLine;
use crate::ledger::Ledger;
use crate::projection::View;
use crate::report::check::from_ledger;
use crate::report::Report;
use crate::time::cst_instant;

/// The demo's sample (the seed's project); `cli::demo` is private, so read the file itself.
pub const SAMPLE: &str = include_str!("../demo/sample.jsonl");

/// The sample's project id.
pub const SAMPLE_PROJECT: &str = "zj-scjg-2023-ip";

/// Appends `lines` (import lines) to a fresh ledger, each stamped on its effective day.
pub fn ledger_with(dir: &std::path::Path, lines: &str) -> Ledger {
    let mut ledger = Ledger::init(&dir.join("ledger"), "jx-report-test").expect("init");
    let lines = lines
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let inputs = lines.map(|(n, l)| (n + 1, ImportLine::parse(l)));
    let mut minute = 0;
    let mut clock = |line: &ImportLine| {
        minute += 1;
        cst_instant(line.effective.0, Duration::minutes(9 * 60 + minute))
    };
    ledger
        .append(inputs, "test", &mut clock)
        .expect("the lines append");
    ledger
}

/// The sealed report of the sample project at the head.
pub fn sample_report() -> Report {
    let dir = tempfile::tempdir().expect("temp dir");
    let ledger = ledger_with(dir.path(), SAMPLE);
    from_ledger(&ledger, SAMPLE_PROJECT, &View::default(), None)
        .expect("report builds")
        .expect("the sample project is registered")
}
