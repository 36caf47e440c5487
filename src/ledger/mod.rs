//! The façade over the store: open, append (validated, hash-chained, durable), read, verify.
//! Business rules are decided here and nowhere else; projections only fold.

mod rules;
pub mod verify;

pub use rules::{
    indicator_comparator, tier_band, tier_name, typed_replacement, Facts, Totals, Violation, LEVEL1,
};

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};

use crate::event::envelope::parse_envelope;
use crate::event::hash::event_hash;
use crate::event::{Envelope, EventData, Hash32, ImportLine, ZERO_HASH};
use crate::ids::{check_id, MAX_ACTOR_CHARS};
use crate::limits::{
    IMPORT_CHUNK_EVENTS, MAX_BATCH_EVENTS, MAX_EVENT_BYTES, MAX_FIELD_CHARS, MAX_TEXT_BYTES,
};
use crate::store::{decode_block, Head, IndexBatch, Record, Store, StoreError};
use crate::time::truncate_ms;

/// An event as read back: typed envelope and its hash (already checked against the bytes).
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub env: Envelope,
    pub hash: Hash32,
}

/// What a successful append reports per event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Appended {
    pub seq: u64,
    pub hash: Hash32,
}

#[derive(Debug, thiserror::Error)]
pub enum AppendError {
    /// Bad input or a broken rule; nothing was written.
    #[error("line {line}: field {field}: {message}")]
    Rejected {
        line: usize,
        field: String,
        message: String,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the ledger could not be read back: {0}")]
    Read(#[from] ReadError),
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("seq {seq}: {what}")]
    Damaged { seq: u64, what: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// One input to an append: a parsed import line (or why it could not be parsed) and the
/// line number used in errors.
pub type Input = (usize, Result<ImportLine, crate::event::LineError>);

pub struct Ledger {
    store: Store,
    facts: HashMap<String, Facts>,
    /// Records of the current batch were written past the head and must go if it fails.
    unacknowledged: bool,
    /// `MAX_BATCH_EVENTS`, lowered only by tests of the limit (20M events take too long).
    max_batch_events: usize,
}

impl Ledger {
    pub fn init(path: &Path, ledger_id: &str) -> Result<Ledger, StoreError> {
        Ok(Ledger {
            store: Store::create(path, ledger_id)?,
            facts: HashMap::new(),
            unacknowledged: false,
            max_batch_events: MAX_BATCH_EVENTS,
        })
    }

    pub fn open(path: &Path) -> Result<Ledger, StoreError> {
        Ok(Ledger {
            store: Store::open(path)?,
            facts: HashMap::new(),
            unacknowledged: false,
            max_batch_events: MAX_BATCH_EVENTS,
        })
    }

    /// Lowers the batch limit, so that tests can show it is enforced without 20M events.
    pub fn with_max_batch_events(mut self, max: usize) -> Ledger {
        self.max_batch_events = max.min(MAX_BATCH_EVENTS);
        self
    }

    pub fn head(&self) -> Option<Head> {
        self.store.head()
    }
    pub fn ledger_id(&self) -> &str {
        self.store.ledger_id()
    }
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Appends all inputs or none. `clock` gives each event's recording instant; the ledger
    /// keeps `recorded_at` monotonic. Durable before it returns Ok.
    pub fn append<I>(
        &mut self,
        inputs: I,
        actor: &str,
        clock: &mut dyn FnMut(&ImportLine) -> DateTime<Utc>,
    ) -> Result<Vec<Appended>, AppendError>
    where
        I: IntoIterator<Item = Input>,
    {
        let start = self.store.head();
        self.unacknowledged = false;
        let result = self.append_inner(inputs, actor, clock);
        if result.is_err() {
            self.facts.clear();
            // Only a batch larger than one chunk has written anything before it failed.
            if self.unacknowledged {
                self.store.truncate_after(start.map_or(0, |h| h.seq))?;
            }
        }
        result
    }

    fn append_inner<I>(
        &mut self,
        inputs: I,
        actor: &str,
        clock: &mut dyn FnMut(&ImportLine) -> DateTime<Utc>,
    ) -> Result<Vec<Appended>, AppendError>
    where
        I: IntoIterator<Item = Input>,
    {
        let mut chain = Chain::from_head(self.store.head(), self.last_recorded_at()?);
        let mut appended = Vec::new();
        let mut chunk = Vec::new();
        let mut index = IndexBatch::new(chain.next_seq);
        for (line, input) in inputs {
            if appended.len() >= self.max_batch_events {
                return Err(reject(
                    line,
                    "line",
                    format!(
                        "more than {} events in one batch (limit MAX_BATCH_EVENTS)",
                        self.max_batch_events
                    ),
                ));
            }
            let item = input.map_err(|e| reject(line, &e.field, e.message))?;
            let env = self.admit(line, item, actor, &mut chain, clock)?;
            let record = seal(line, &env)?;
            index.add(env.seq, env.project.as_str(), &env.effective.to_string());
            appended.push(Appended {
                seq: record.seq,
                hash: record.hash,
            });
            chain.advance(&record, env.recorded_at);
            chunk.push(record);
            if chunk.len() >= IMPORT_CHUNK_EVENTS {
                self.unacknowledged = true;
                self.store.write_records(&chunk, &index)?;
                chunk.clear();
                index = IndexBatch::new(chain.next_seq);
            }
        }
        self.unacknowledged = true;
        self.store.write_records(&chunk, &index)?;
        if let Some(last) = appended.last() {
            self.store.commit_head(Head {
                seq: last.seq,
                hash: last.hash,
            })?;
        }
        Ok(appended)
    }

    /// Normalises one input, checks limits and rules, and builds its envelope.
    fn admit(
        &mut self,
        line: usize,
        item: ImportLine,
        actor: &str,
        chain: &mut Chain,
        clock: &mut dyn FnMut(&ImportLine) -> DateTime<Utc>,
    ) -> Result<Envelope, AppendError> {
        let actor = item.actor.clone().unwrap_or_else(|| actor.to_string());
        check_id("actor", &actor, MAX_ACTOR_CHARS)
            .map_err(|e| reject(line, "actor", e.to_string()))?;
        let data = normalise(item.data.clone()).map_err(|e| reject(line, &e.path, e.message))?;
        check_texts(&data).map_err(|(field, message)| reject(line, &field, message))?;
        let project = item.project.as_str().to_string();
        let facts = self.facts_for(&project)?;
        facts
            .apply(&project, chain.next_seq, &data)
            .map_err(|v| reject(line, v.field, v.to_string()))?;
        let recorded_at = truncate_ms(clock(&item)).max(chain.last_recorded_at);
        Ok(Envelope {
            seq: chain.next_seq,
            recorded_at,
            effective: item.effective,
            actor,
            project: item.project,
            data,
            prev: chain.prev,
        })
    }

    fn facts_for(&mut self, project: &str) -> Result<&mut Facts, AppendError> {
        if !self.facts.contains_key(project) {
            let mut facts = Facts::default();
            for stored in self.project_events(project)? {
                facts.replay(stored.env.seq, &stored.env.data);
            }
            self.facts.insert(project.to_string(), facts);
        }
        Ok(self
            .facts
            .get_mut(project)
            .expect("invariant: inserted above"))
    }

    fn last_recorded_at(&self) -> Result<DateTime<Utc>, ReadError> {
        match self.store.head() {
            None => Ok(DateTime::<Utc>::MIN_UTC),
            Some(h) => Ok(self
                .get(h.seq)?
                .map_or(DateTime::<Utc>::MIN_UTC, |s| s.env.recorded_at)),
        }
    }

    /// Every event in seq order.
    pub fn events(&self) -> impl Iterator<Item = Result<Stored, ReadError>> + '_ {
        self.store.blocks_from(1).flat_map(|block| match block {
            Ok((first, bytes)) => match decode_block(first, &bytes) {
                Ok(records) => records
                    .into_iter()
                    .map(|r| open_record(&r))
                    .collect::<Vec<_>>(),
                Err(what) => vec![Err(ReadError::Damaged { seq: first, what })],
            },
            Err(e) => vec![Err(e.into())],
        })
    }

    /// Only events of the given types, recognised by the canonical envelope's last member
    /// (`"type":"…"}`) so that the others are not parsed.
    pub fn events_of_types<'a>(
        &'a self,
        types: &'a [&'a str],
    ) -> impl Iterator<Item = Result<Stored, ReadError>> + 'a {
        let suffixes: Vec<Vec<u8>> = types
            .iter()
            .map(|t| format!("\"type\":\"{t}\"}}").into_bytes())
            .collect();
        self.store
            .blocks_from(1)
            .flat_map(move |block| match block {
                Ok((first, bytes)) => match decode_block(first, &bytes) {
                    Ok(records) => records
                        .into_iter()
                        .filter(|r| suffixes.iter().any(|s| r.bytes.ends_with(s)))
                        .map(|r| open_record(&r))
                        .collect::<Vec<_>>(),
                    Err(what) => vec![Err(ReadError::Damaged { seq: first, what })],
                },
                Err(e) => vec![Err(e.into())],
            })
    }

    /// The events of one project, via the project index.
    pub fn project_events(&self, project: &str) -> Result<Vec<Stored>, ReadError> {
        let seqs = self.store.project_seqs(project)?;
        self.read_seqs(&seqs)
    }

    /// The events at the given ascending seqs, reading each block once.
    pub fn read_seqs(&self, seqs: &[u64]) -> Result<Vec<Stored>, ReadError> {
        let mut out = Vec::with_capacity(seqs.len());
        let mut i = 0;
        while i < seqs.len() {
            let Some((first, bytes)) = self.store.blocks_from(seqs[i]).next().transpose()? else {
                break;
            };
            let records = decode_block(first, &bytes)
                .map_err(|what| ReadError::Damaged { seq: first, what })?;
            let last = first + records.len() as u64;
            if seqs[i] < first || seqs[i] >= last {
                return Err(ReadError::Damaged {
                    seq: seqs[i],
                    what: "indexed but not stored".into(),
                });
            }
            while i < seqs.len() && seqs[i] < last {
                out.push(open_record(&records[(seqs[i] - first) as usize])?);
                i += 1;
            }
        }
        Ok(out)
    }

    pub fn get(&self, seq: u64) -> Result<Option<Stored>, ReadError> {
        if seq == 0 || self.head().is_none_or(|h| seq > h.seq) {
            return Ok(None);
        }
        Ok(self.read_seqs(&[seq])?.pop())
    }
}

/// Where the chain stands while a batch is built.
struct Chain {
    next_seq: u64,
    prev: Hash32,
    last_recorded_at: DateTime<Utc>,
}

impl Chain {
    fn from_head(head: Option<Head>, last_recorded_at: DateTime<Utc>) -> Chain {
        match head {
            None => Chain {
                next_seq: 1,
                prev: ZERO_HASH,
                last_recorded_at,
            },
            Some(h) => Chain {
                next_seq: h.seq + 1,
                prev: h.hash,
                last_recorded_at,
            },
        }
    }
    fn advance(&mut self, record: &Record, recorded_at: DateTime<Utc>) {
        assert_eq!(record.seq, self.next_seq, "invariant: seqs are contiguous");
        self.next_seq += 1;
        self.prev = record.hash;
        self.last_recorded_at = recorded_at;
    }
}

/// Canonical bytes and hash of an admitted envelope, with the size limit enforced.
fn seal(line: usize, env: &Envelope) -> Result<Record, AppendError> {
    let bytes = env.canonical_bytes();
    if bytes.len() > MAX_EVENT_BYTES {
        return Err(reject(
            line,
            "data",
            format!(
                "event is {} bytes, above the limit of {MAX_EVENT_BYTES} (MAX_EVENT_BYTES)",
                bytes.len()
            ),
        ));
    }
    let hash = event_hash(&bytes);
    Ok(Record {
        seq: env.seq,
        hash,
        bytes,
    })
}

/// Parses a stored record and checks its hash, so nothing unverified reaches a projection.
fn open_record(record: &Record) -> Result<Stored, ReadError> {
    let damaged = |what: String| ReadError::Damaged {
        seq: record.seq,
        what,
    };
    if event_hash(&record.bytes) != record.hash {
        return Err(damaged(
            "hash mismatch: stored bytes do not hash to the stored hash".into(),
        ));
    }
    let text = std::str::from_utf8(&record.bytes)
        .map_err(|_| damaged("stored bytes are not UTF-8".into()))?;
    let (env, _) = parse_envelope(text).map_err(|e| damaged(format!("unreadable: {e}")))?;
    if env.seq != record.seq {
        return Err(damaged(format!("stored event says seq {}", env.seq)));
    }
    Ok(Stored {
        env,
        hash: record.hash,
    })
}

/// Stores corrections with their replacement typed and canonical, like any other data.
fn normalise(data: EventData) -> Result<EventData, crate::event::DataError> {
    let EventData::EventCorrected(mut c) = data else {
        return Ok(data);
    };
    if matches!(
        c.replacement.kind.as_str(),
        "event.corrected" | "event.reversed"
    ) {
        return Err(crate::event::DataError {
            path: "data.replacement.type".into(),
            message: format!(
                "a correction cannot replace with a correction or reversal ({:?}); correct the original event",
                c.replacement.kind
            ),
        });
    }
    let replacement = typed_replacement(&c)?;
    let mut bytes = Vec::new();
    replacement.write_data(&mut bytes);
    c.replacement.data = serde_json::from_slice(&bytes).expect("invariant: canonical data parses");
    Ok(EventData::EventCorrected(c))
}

/// The limits on free text, for the event and for a correction's replacement (whose fields
/// are named `data.replacement.data.*`).
fn check_texts(data: &EventData) -> Result<(), (String, String)> {
    check_texts_of(data).map_err(|(f, m)| (f.to_string(), m))?;
    if let EventData::EventCorrected(c) = data {
        let replacement = typed_replacement(c).map_err(|e| (e.path, e.message))?;
        check_texts_of(&replacement)
            .map_err(|(f, m)| (f.replacen("data", "data.replacement.data", 1), m))?;
    }
    Ok(())
}

fn check_texts_of(data: &EventData) -> Result<(), (&'static str, String)> {
    for (field, text) in data.texts() {
        let long_text = field == "data.text" || field == "data.contents";
        if long_text && text.len() > MAX_TEXT_BYTES {
            return Err((
                field,
                format!(
                    "text is {} bytes, above the limit of {MAX_TEXT_BYTES} (MAX_TEXT_BYTES)",
                    text.len()
                ),
            ));
        }
        if !long_text && text.chars().count() > MAX_FIELD_CHARS {
            return Err((
                field,
                format!(
                    "text is {} characters, above the limit of {MAX_FIELD_CHARS} (MAX_FIELD_CHARS)",
                    text.chars().count()
                ),
            ));
        }
        if text.trim().is_empty() && field != "data.deviation" && field != "data.note" {
            return Err((field, "must not be empty".into()));
        }
    }
    Ok(())
}

fn reject(line: usize, field: &str, message: String) -> AppendError {
    AppendError::Rejected {
        line,
        field: field.to_string(),
        message,
    }
}
