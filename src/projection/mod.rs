//! Projections: pure folds over events, on two time axes (`as_of` effective date,
//! `known_at` recording instant or seq). Nothing here validates, stores a derived number or
//! reads storage: the events are handed in (the ledger's reads are in `ledger/views.rs`).

pub mod fold;
pub mod funds;
pub mod history;
pub mod indicator;
pub mod portfolio;
pub mod signatures;
pub mod state;

pub use fold::fold;
pub use state::ProjectState;

use fold::Folding;

use std::borrow::Cow;
use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};

use chrono::{DateTime, NaiveDate, Utc};

use crate::event::{EventData, Stored};
use crate::time::KnownAt;

/// Which history a projection sees. Default: everything, as known now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct View {
    pub as_of: Option<NaiveDate>,
    pub known_at: Option<KnownAt>,
}

impl View {
    pub fn knows(&self, s: &Stored) -> bool {
        match self.known_at {
            None => true,
            Some(KnownAt::Seq(n)) => s.env.seq <= n,
            Some(KnownAt::Instant(t)) => s.env.recorded_at <= t,
        }
    }
}

/// An event as a projection reads it: after corrections, with where it came from.
#[derive(Debug, Clone)]
pub struct Applied<'a> {
    pub seq: u64,
    pub effective: NaiveDate,
    pub recorded_at: DateTime<Utc>,
    pub data: Cow<'a, EventData>,
    /// The seq of the correction whose replacement is read here, if any.
    pub corrected_by: Option<u64>,
}

/// Corrections and reversals known under a view, gathered before folding so that a fold
/// can stream: a correction always comes after the event it corrects.
#[derive(Debug, Default)]
pub struct Amendments {
    replaced: FxHashMap<u64, (u64, EventData)>,
    /// The effective date a correction gave its target (the latest that gave one).
    redated: FxHashMap<u64, NaiveDate>,
    reversed: FxHashSet<u64>,
}

impl Amendments {
    pub fn take(&mut self, s: &Stored, view: &View) {
        if !view.knows(s) {
            return;
        }
        match &s.env.data {
            EventData::EventCorrected(c) => {
                if let Ok(data) = crate::event::typed_replacement(c) {
                    self.replaced.insert(c.target_seq, (s.env.seq, data));
                }
                if let Some(day) = c.effective {
                    self.redated.insert(c.target_seq, day.0);
                }
            }
            EventData::EventReversed(r) => {
                self.reversed.insert(r.target_seq);
            }
            _ => {}
        }
    }

    /// The event as the view reads it, or None if the view does not see it: known-at
    /// first (what the ledger said then), then corrections and reversals known by then,
    /// then as-of on the event's effective date (a correction's, if one gave it another).
    pub fn apply<'a>(&self, s: &'a Stored, view: &View) -> Option<Applied<'a>> {
        if !self.sees(s, view) {
            return None;
        }
        let (data, corrected_by) = match self.replaced.get(&s.env.seq) {
            Some((by, data)) => (Cow::Owned(data.clone()), Some(*by)),
            None => (Cow::Borrowed(&s.env.data), None),
        };
        Some(Applied {
            seq: s.env.seq,
            effective: self.effective(s),
            recorded_at: s.env.recorded_at,
            data,
            corrected_by,
        })
    }

    /// The date the event takes effect under these amendments.
    pub fn effective(&self, s: &Stored) -> NaiveDate {
        self.redated
            .get(&s.env.seq)
            .copied()
            .unwrap_or(s.env.effective.0)
    }

    /// `apply` for an event the caller is done with: its data moves into the result.
    pub fn apply_owned(&self, s: Stored, view: &View) -> Option<Applied<'static>> {
        if !self.sees(&s, view) {
            return None;
        }
        let effective = self.effective(&s);
        let (data, corrected_by) = match self.replaced.get(&s.env.seq) {
            Some((by, data)) => (data.clone(), Some(*by)),
            None => (s.env.data, None),
        };
        Some(Applied {
            seq: s.env.seq,
            effective,
            recorded_at: s.env.recorded_at,
            data: Cow::Owned(data),
            corrected_by,
        })
    }

    fn sees(&self, s: &Stored, view: &View) -> bool {
        view.knows(s)
            && s.env.data.target_seq().is_none()
            && !self.reversed.contains(&s.env.seq)
            && view.as_of.is_none_or(|d| self.effective(s) <= d)
    }
}

/// The events a view sees, as it reads them.
pub fn select<'a>(events: &'a [Stored], view: &View) -> Vec<Applied<'a>> {
    let mut amendments = Amendments::default();
    events.iter().for_each(|s| amendments.take(s, view));
    events
        .iter()
        .filter_map(|s| amendments.apply(s, view))
        .collect()
}

/// Every project's state under a view, in one streaming pass over `events` (every event, in
/// seq order), after a first pass over `amendments` (at least the corrections and reversals
/// among them, so that the fold can stream). The caller reads both (`Ledger::fold_all` reads
/// the amendments cheaply, recognised by the envelope's last member); read errors pass through.
pub fn fold_all<E>(
    amendments: impl IntoIterator<Item = Result<Stored, E>>,
    events: impl IntoIterator<Item = Result<Stored, E>>,
    view: &View,
) -> Result<BTreeMap<String, ProjectState>, E> {
    let mut taken = Amendments::default();
    for s in amendments {
        taken.take(&s?, view);
    }
    // Found by a hash of the project id (one lookup per event, without allocating); the
    // states themselves stay put in a vector, never moved by the map's growth, and are
    // sorted once at the end.
    let mut index: FxHashMap<String, usize> = FxHashMap::default();
    let mut states: Vec<(String, Folding)> = Vec::new();
    for s in events {
        let s = s?;
        if !view.knows(&s) {
            continue;
        }
        let project = s.env.project.as_str();
        let at = match index.get(project) {
            Some(&at) => at,
            None => {
                index.insert(project.to_string(), states.len());
                states.push((project.to_string(), Folding::new(project)));
                states.len() - 1
            }
        };
        let folding = &mut states[at].1;
        folding.state.seqs.push(s.env.seq);
        if let Some(a) = taken.apply_owned(s, view) {
            folding.take(a);
        }
    }
    // A project is in the view once its registration is.
    Ok(states
        .into_iter()
        .filter_map(|(id, folding)| Some((id, folding.finish()?)))
        .collect())
}
