//! The ledger's reads handed to the pure core: a project's events under a view, its state,
//! every project's state, and the report's `Source`. Only the ledger's public reads are used
//! here; the folds themselves (`projection`) never see the ledger.

use std::collections::BTreeMap;

use super::{Ledger, ReadError, Stored};
use crate::event::Hash32;
use crate::projection::{fold, fold_all, ProjectState, View};
use crate::report::check::{CheckError, Source, SourceError};
use crate::time::KnownAt;

impl Ledger {
    /// The events of one project a view can see, read through the project index, ascending
    /// by seq; a `seq:N` known-at drops those after N (the fold applies the rest of the view).
    pub fn project_events_in(&self, project: &str, view: &View) -> Result<Vec<Stored>, ReadError> {
        let mut seqs = self.project_seqs(project)?;
        if let Some(KnownAt::Seq(n)) = view.known_at {
            seqs.retain(|s| *s <= n);
        }
        self.read_seqs(&seqs)
    }

    /// The state of one project under a view; None if the project is not registered in it.
    pub fn project_state(
        &self,
        project: &str,
        view: &View,
    ) -> Result<Option<ProjectState>, ReadError> {
        let events = self.project_events_in(project, view)?;
        Ok(fold(project, &events, view))
    }

    /// Every project's state under a view: a cheap first pass that opens only corrections and
    /// reversals, then one streaming pass over every event (`projection::fold_all`).
    pub fn fold_all(&self, view: &View) -> Result<BTreeMap<String, ProjectState>, ReadError> {
        let amendments = self.events_of_types(&["event.corrected", "event.reversed"]);
        fold_all(amendments, self.events(), view)
    }
}

impl Source for Ledger {
    fn ledger_id(&self) -> &str {
        Ledger::ledger_id(self)
    }

    fn ledger_id_known(&self) -> bool {
        !self.is_export()
    }

    fn head_seq(&self) -> u64 {
        self.head().map_or(0, |h| h.seq)
    }

    fn hash_at(&self, seq: u64) -> Result<Option<Hash32>, SourceError> {
        Ok(self.get(seq)?.map(|s| s.hash))
    }

    fn events_in(&self, project: &str, view: &View) -> Result<Vec<Stored>, SourceError> {
        Ok(self.project_events_in(project, view)?)
    }
}

impl From<ReadError> for CheckError {
    fn from(e: ReadError) -> CheckError {
        CheckError::Source(Box::new(e))
    }
}
