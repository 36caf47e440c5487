//! The seed's project as a sealed report, for unit tests of the renderers: its events chained
//! in memory (no ledger, no files) and handed to the report through a `Source`.

use crate::event::{Hash32, Stored};
use crate::projection::View;
use crate::report::check::{from_source, Source, SourceError};
use crate::report::Report;

/// The demo's sample (the seed's project); `cli::demo` is private, so read the file itself.
pub const SAMPLE: &str = include_str!("../demo/sample.jsonl");

/// The sample's project id.
pub const SAMPLE_PROJECT: &str = "zj-scjg-2023-ip";

/// Events held in memory, hash-chained as a ledger would store them.
pub struct Memory {
    pub events: Vec<Stored>,
}

impl Memory {
    /// `lines` (import lines, assumed valid) chained from seq 1 (`event::reading::chain`).
    pub fn of(lines: &str) -> Memory {
        Memory {
            events: crate::event::reading::chain(lines),
        }
    }
}

impl Source for Memory {
    fn ledger_id(&self) -> &str {
        "jx-report-test"
    }

    fn head_seq(&self) -> u64 {
        self.events.len() as u64
    }

    fn hash_at(&self, seq: u64) -> Result<Option<Hash32>, SourceError> {
        let index = usize::try_from(seq).ok().and_then(|s| s.checked_sub(1));
        Ok(index.and_then(|i| self.events.get(i)).map(|s| s.hash))
    }

    fn events_in(&self, project: &str, _view: &View) -> Result<Vec<Stored>, SourceError> {
        let of_project = self
            .events
            .iter()
            .filter(|s| s.env.project.as_str() == project);
        Ok(of_project.cloned().collect())
    }
}

/// The sealed report of the sample project at the head.
pub fn sample_report() -> Report {
    from_source(&Memory::of(SAMPLE), SAMPLE_PROJECT, &View::default(), None)
        .expect("report builds")
        .expect("the sample project is registered")
}
