//! The projections and the report as the commands use them (`state`, `report --format json`),
//! so that the bench times what a user would run.

use super::BenchError;
use crate::ledger::Ledger;
use crate::projection::View;
use crate::report::{check::from_source, render, Format};
use crate::time::KnownAt;

pub const METHOD: &str = "Ledger::fold_all: every project's state in one pass";
pub const REPORT_METHOD: &str = "report::check::from_source + render(Format::Json)";

/// Every project's full state, and how many events they rest on. The states are
/// returned so that freeing them is not timed as part of the replay.
pub fn replay_all(ledger: &Ledger) -> Result<(u64, impl Drop), BenchError> {
    let states = ledger.fold_all(&View::default())?;
    let events = states.values().map(|s| s.seqs.len() as u64).sum();
    Ok((events, states))
}

/// The project as of a date, as known at an instant or seq (`state --as-of --known-at`).
pub fn state_at(
    ledger: &Ledger,
    project: &str,
    as_of: chrono::NaiveDate,
    known_at: KnownAt,
) -> Result<(), BenchError> {
    let view = View {
        as_of: Some(as_of),
        known_at: Some(known_at),
    };
    std::hint::black_box(ledger.project_state(project, &view)?);
    Ok(())
}

/// `report PROJECT --format json` without the terminal.
pub fn report_json(ledger: &Ledger, project: &str) -> Result<String, BenchError> {
    let report = from_source(ledger, project, &View::default(), None)
        .map_err(|e| BenchError::Report(e.to_string()))?;
    Ok(report.map_or_else(String::new, |r| render(&r, Format::Json)))
}
