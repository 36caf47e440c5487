//! What an event means beyond its fields, as both the append rules and the folds read it: an
//! event as stored (`Stored`), a correction's typed replacement, the comparator an indicator's
//! definition states or implies, and a project's period. Pure; the ledger re-exports these.

use chrono::NaiveDate;

use super::{
    DataError, Envelope, EventCorrected, EventData, Hash32, IndicatorDefined, ProjectRegistered,
};
use crate::value::{parse_target, parse_target_with, Comparator, ValueError};

/// An event as read back: typed envelope and its hash (already checked against the bytes by
/// whoever read it; the core trusts it).
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub env: Envelope,
    pub hash: Hash32,
}

/// The replacement of a correction, typed as its declared type; errors name the field under
/// `data.replacement.data`.
pub fn typed_replacement(c: &EventCorrected) -> Result<EventData, DataError> {
    let text = c.replacement.data.to_string();
    EventData::parse(&c.replacement.kind, &text).map_err(|e| DataError {
        path: e.path.replacen("data", "data.replacement.data", 1),
        message: e.message,
    })
}

/// The comparator an indicator's definition reads as: the one its event gives, else the
/// one its text states, else `ge` for a bare target (`95%`).
///
/// # Errors
/// The target cannot be read (see `value::parse_target`).
pub fn indicator_comparator(d: &IndicatorDefined) -> Result<Comparator, ValueError> {
    match d.comparator {
        Some(c) => parse_target_with(&d.target, c).map(|t| t.comparator),
        None => parse_target(&d.target).map(|t| t.comparator),
    }
}

/// The comparator an indicator's definition states: its event's `comparator` field, else the
/// symbol, word or suffix of its text. None for a bare target (`95%`: what it means is the
/// scoring policy's) and for a text that cannot be read.
pub fn stated_comparator(d: &IndicatorDefined) -> Option<Comparator> {
    d.comparator.or_else(|| {
        parse_target(&d.target)
            .ok()
            .filter(|t| !t.bare)
            .map(|t| t.comparator)
    })
}

/// A project's period: `period_start..=period_end` of its registration, each defaulting to
/// the first and last day of its evaluation year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    /// None when the year is not a calendar year chrono knows (the rules keep years sane).
    pub fn of(r: &ProjectRegistered) -> Option<Period> {
        let year = i32::try_from(r.year).ok()?;
        let start = match r.period_start {
            Some(d) => d.0,
            None => NaiveDate::from_ymd_opt(year, 1, 1)?,
        };
        let end = match r.period_end {
            Some(d) => d.0,
            None => NaiveDate::from_ymd_opt(year, 12, 31)?,
        };
        Some(Period { start, end })
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }
}

/// `lines` (import lines, assumed valid: no rules are applied) chained from seq 1 as a ledger
/// would store them, each stamped on its effective day a minute after the one before. For
/// unit tests of the pure core, which never open a ledger.
#[cfg(test)]
pub(crate) fn chain(lines: &str) -> Vec<Stored> {
    let mut events: Vec<Stored> = Vec::new();
    let mut prev = super::ZERO_HASH;
    let lines = lines.lines().filter(|l| !l.trim().is_empty());
    for (n, text) in lines.enumerate() {
        let line = super::ImportLine::parse(text).expect("a valid import line");
        let minutes = chrono::Duration::minutes(9 * 60 + n as i64 + 1);
        let env = Envelope {
            seq: n as u64 + 1,
            recorded_at: crate::time::cst_instant(line.effective.0, minutes),
            effective: line.effective,
            actor: "test".into(),
            project: line.project,
            data: line.data,
            prev,
            id: line.id,
            project_prev: None,
            signed: None,
        };
        prev = super::hash::event_hash(&env.canonical_bytes());
        events.push(Stored { env, hash: prev });
    }
    events
}
