//! The façade over the event log: open, append (validated, hash-chained, durable), read,
//! verify. Business rules are decided here and nowhere else; projections only fold. Storage
//! is reached only through the `EventLog` trait (`log`), whatever the engine.

mod append;
mod bounds;
use append::{reject, Batch, Chain, Judge};
mod dated;
pub mod log;
mod prepare;
pub use prepare::{prepare, Ready};
mod project_rules;
pub mod read;
mod replay;
pub mod rule_ids;
mod rules;
pub mod signing;
pub mod text;
pub mod verify;
mod verify_index;
pub mod verify_trust;
mod views;
mod write;

pub use dated::{Dated, Shortfall};
pub use project_rules::{outside_period, Period};
pub use rules::{
    indicator_comparator, stated_comparator, typed_replacement, Facts, Stamp, Totals, Violation,
};

use rustc_hash::FxHashMap;
use std::path::Path;

use chrono::{DateTime, Utc};

use self::log::{records, Access, Blocks, Commit, EventLog, IndexBatch, RecordRef, Staging};
pub use self::log::{Head, LogError};
use crate::event::envelope::parse_envelope;
use crate::event::hash::event_hash;
use crate::event::{Envelope, EventData, Hash32, ImportLine, ZERO_HASH};
use crate::ids::{check_id, MAX_ACTOR_CHARS};
use crate::limits::{
    IMPORT_CHUNK_EVENTS, INDEX_WINDOW_EVENTS, MAX_BATCH_EVENTS, MAX_EVENT_BYTES, MAX_FIELD_CHARS,
    MAX_TEXT_BYTES,
};
use crate::time::{format_instant, truncate_ms, MAX_CLOCK_SKEW};

/// An event as read back (defined in `event`; kept here for callers of the ledger).
pub use crate::event::Stored;

/// What a large append reports: how many events, the first and the last.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AppendSummary {
    pub count: u64,
    pub first: Option<Appended>,
    pub last: Option<Appended>,
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
    Store(#[from] LogError),
    #[error("the ledger could not be read back: {0}")]
    Read(#[from] ReadError),
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("seq {seq}: {what}")]
    Damaged { seq: u64, what: String },
    #[error(transparent)]
    Store(#[from] LogError),
}

/// What an append accepted but the user should hear of: events dated outside their
/// project's period (recorded all the same), and import lines skipped because their
/// project already holds their key. Each kept in full up to `NOTICE_EXAMPLES`, then counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notices {
    pub outside_period: Vec<OutsidePeriod>,
    pub outside_period_count: u64,
    pub skipped: Vec<Skipped>,
    pub skipped_count: u64,
}

/// How many notices of each kind are kept with their details.
pub const NOTICE_EXAMPLES: usize = 20;

/// An event whose effective date lies outside its project's period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutsidePeriod {
    pub line: usize,
    pub seq: u64,
    pub project: String,
    pub effective: chrono::NaiveDate,
    pub period: Period,
}

/// An import line not appended: its project already holds its key, from the same content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub line: usize,
    pub key: String,
    /// The seq the key was recorded as.
    pub seq: u64,
}

impl Notices {
    fn outside(&mut self, o: OutsidePeriod) {
        self.outside_period_count += 1;
        if self.outside_period.len() < NOTICE_EXAMPLES {
            self.outside_period.push(o);
        }
    }

    fn skip(&mut self, s: Skipped) {
        self.skipped_count += 1;
        if self.skipped.len() < NOTICE_EXAMPLES {
            self.skipped.push(s);
        }
    }
}

/// One input to an append: a parsed import line (or why it could not be parsed) and the
/// line number used in errors.
pub type Input = (usize, Result<ImportLine, crate::event::LineError>);

pub struct Ledger {
    log: Box<dyn EventLog>,
    facts: FxHashMap<String, Facts>,
    /// What the last append accepted but had to say (see `take_notices`).
    notices: Notices,
    /// Records of the current batch were written past the head and must go if it fails.
    unacknowledged: bool,
    /// `MAX_BATCH_EVENTS`, lowered only by tests of the limit (20M events take too long).
    max_batch_events: usize,
    /// Per project: last hash, signed statements, types (kept with `facts`).
    /// The actors and settings of the `_ledger` stream, loaded on first use.
    trust: Option<signing::TrustState>,
}

impl Ledger {
    /// Creates a ledger at `path` (a missing or empty directory; see `store::create`).
    pub fn init(path: &Path, ledger_id: &str) -> Result<Ledger, LogError> {
        Ok(Ledger::over(crate::store::create(path, ledger_id)?))
    }

    /// Opens the ledger at `path` (see `open_as`).
    pub fn open(path: &Path) -> Result<Ledger, LogError> {
        Ledger::open_as(path, Access::default())
    }

    /// Opens the ledger at `path`: a ledger directory, read-only where it cannot be written
    /// or `access.read_only` asks; or an export file, read-only. Whatever the engine's journal
    /// holds beyond its head is judged as an append is (`replay`) before it is written; a
    /// commit that fails is refused naming its seq. A read-only ledger is verified before it
    /// is handed out (unless `verify` is opening it): one that does not verify is refused,
    /// `LogError::Unverified` naming the first bad seq.
    pub fn open_as(path: &Path, access: Access) -> Result<Ledger, LogError> {
        let mut replay = replay::Replay::default();
        let log = crate::store::open(path, access, &mut |log, record| replay.judge(log, record))?;
        let ledger = Ledger::over(log);
        if ledger.is_read_only() && !access.verify {
            ledger.verified_on_load(path)?;
        }
        Ok(ledger)
    }

    /// A read-only ledger is read only once it verifies: the chain, the head and the
    /// indexes, then the storage's own check (for an export, a line it could not load).
    fn verified_on_load(&self, path: &Path) -> Result<(), LogError> {
        let mut problem = verify::verify_ledger(self)?.problem;
        if problem.is_none() {
            let live = |seq: u64| Some(self.get(seq).ok()??.env.canonical_bytes());
            problem = self.log.self_check(log::ChainOutcome::Verified(&live))?;
        }
        match problem {
            None => Ok(()),
            Some(p) => Err(LogError::Unverified {
                path: path.to_path_buf(),
                seq: p.seq,
                what: p.what,
            }),
        }
    }

    /// A ledger over any engine (`store::MemoryLog::new` for a ledger in memory).
    pub fn over(log: Box<dyn EventLog>) -> Ledger {
        Ledger {
            log,
            facts: FxHashMap::default(),
            notices: Notices::default(),
            unacknowledged: false,
            max_batch_events: MAX_BATCH_EVENTS,
            trust: None,
        }
    }

    /// A new, empty ledger held in memory (tests; gone when dropped).
    pub fn in_memory(ledger_id: &str) -> Ledger {
        Ledger::over(Box::new(crate::store::MemoryLog::new(ledger_id)))
    }

    /// Lowers the batch limit, so that tests can show it is enforced without 20M events.
    pub fn with_max_batch_events(mut self, max: usize) -> Ledger {
        self.max_batch_events = max.min(MAX_BATCH_EVENTS);
        self
    }

    pub fn head(&self) -> Option<Head> {
        self.log.head()
    }

    /// True when the ledger takes no writes (an export, read-only media, `--read-only`):
    /// an append is refused with `LogError::ReadOnly`.
    pub fn is_read_only(&self) -> bool {
        self.log.read_only().is_some()
    }

    /// Whether the ledger was read from an export file (which holds no ledger id: its id is
    /// `export-` and 16 hex digits of its first hash, `store::export`).
    pub fn is_export(&self) -> bool {
        self.log.read_only().is_some_and(std::path::Path::is_file)
    }

    /// The notices of the last append (outside-period dates, skipped import lines), taken.
    pub fn take_notices(&mut self) -> Notices {
        std::mem::take(&mut self.notices)
    }
    pub fn ledger_id(&self) -> &str {
        self.log.ledger_id()
    }

    /// The event log itself, for the ledger's own readers and `verify`.
    pub(crate) fn log(&self) -> &dyn EventLog {
        &*self.log
    }

    /// The seqs of a project's events, ascending (read through the project index).
    pub fn project_seqs(&self, project: &str) -> Result<Vec<u64>, ReadError> {
        Ok(self.log.project_seqs(project)?)
    }

    /// The stored blocks from the one holding `from_seq` on, as stored: records of plain
    /// bytes with the hash beside them, nothing checked (`export`, `bench`). `events` is
    /// the checked read.
    pub fn raw_blocks(&self, from_seq: u64) -> Result<Blocks, ReadError> {
        let start = self.log.block_start(from_seq)?;
        Ok(self.log.blocks(start..u64::MAX))
    }

    /// What the ledger takes on disk (or in memory), for `bench`.
    pub fn size_on_disk(&self) -> Result<u64, ReadError> {
        Ok(self.log.size_on_disk()?)
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
        I: IntoIterator,
        I::Item: Into<Ready>,
    {
        let mut appended = Vec::new();
        self.append_each(inputs, actor, clock, &mut |a| appended.push(a))?;
        Ok(appended)
    }

    /// `append` for large batches: reports how many events were appended and the first and
    /// last of them, without keeping one entry per event.
    pub fn append_summary<I>(
        &mut self,
        inputs: I,
        actor: &str,
        clock: &mut dyn FnMut(&ImportLine) -> DateTime<Utc>,
    ) -> Result<AppendSummary, AppendError>
    where
        I: IntoIterator,
        I::Item: Into<Ready>,
    {
        let mut summary = AppendSummary::default();
        self.append_each(inputs, actor, clock, &mut |a| {
            summary.count += 1;
            summary.first.get_or_insert(a);
            summary.last = Some(a);
        })?;
        Ok(summary)
    }

    fn append_each<I>(
        &mut self,
        inputs: I,
        actor: &str,
        clock: &mut dyn FnMut(&ImportLine) -> DateTime<Utc>,
        sink: &mut dyn FnMut(Appended),
    ) -> Result<(), AppendError>
    where
        I: IntoIterator,
        I::Item: Into<Ready>,
    {
        if let Some(path) = self.log.read_only() {
            return Err(LogError::ReadOnly(path.to_path_buf()).into());
        }
        let start = self.log.head();
        self.unacknowledged = false;
        self.notices = Notices::default();
        let result = self.append_inner(inputs, actor, clock, sink);
        if result.is_err() {
            self.facts.clear();
            self.trust = None;
            // Only a batch larger than one chunk has written anything before it failed.
            if self.unacknowledged && self.log.head() == start {
                self.log.discard_ahead()?;
            }
        }
        result
    }

    fn append_inner<I>(
        &mut self,
        inputs: I,
        actor: &str,
        clock: &mut dyn FnMut(&ImportLine) -> DateTime<Utc>,
        sink: &mut dyn FnMut(Appended),
    ) -> Result<(), AppendError>
    where
        I: IntoIterator,
        I::Item: Into<Ready>,
    {
        let expected = self.log.head();
        let mut chain = Chain::from_head(expected, self.last_recorded_at()?);
        let mut judge = Judge {
            log: &*self.log,
            facts: &mut self.facts,
            notices: &mut self.notices,
            trust: &mut self.trust,
        };
        let unacknowledged = &mut self.unacknowledged;
        let max_batch_events = self.max_batch_events;
        let (last, small) = std::thread::scope(|scope| {
            let mut batch = Batch::new(chain.next_seq);
            let mut writer: Option<write::Writer> = None;
            for ready in inputs {
                let Ready { line, prepared } = ready.into();
                if batch.count >= max_batch_events {
                    return Err(reject(
                        line,
                        "line",
                        format!(
                            "more than {max_batch_events} events in one batch (limit MAX_BATCH_EVENTS)"
                        ),
                    ));
                }
                let ready = prepared.map_err(|(field, message)| reject(line, &field, message))?;
                let Some((env, data_bytes)) = judge.admit(line, ready, actor, &mut chain, clock)?
                else {
                    continue;
                };
                let appended = batch.add(line, &env, &data_bytes)?;
                judge.taken(&env, appended.hash)?;
                sink(appended);
                chain.advance(env.seq, appended.hash, env.recorded_at);
                if batch.staged.len() >= IMPORT_CHUNK_EVENTS {
                    *unacknowledged = true;
                    let w = writer
                        .take()
                        .unwrap_or_else(|| write::Writer::spawn(scope, judge.log));
                    let next = w.staging(chain.next_seq);
                    let full = std::mem::replace(&mut batch.staged, next);
                    writer = Some(w.send(write::Work::Blocks(full))?);
                }
                if batch.index.events >= INDEX_WINDOW_EVENTS {
                    *unacknowledged = true;
                    let w = writer
                        .take()
                        .unwrap_or_else(|| write::Writer::spawn(scope, judge.log));
                    let full = std::mem::replace(&mut batch.index, IndexBatch::new(chain.next_seq));
                    writer = Some(w.send(write::Work::Index(full))?);
                }
            }
            match writer {
                Some(w) => {
                    *unacknowledged = true;
                    w.send(write::Work::Blocks(batch.staged))?
                        .send(write::Work::Index(batch.index))?
                        .finish()?;
                    Ok((batch.last, None))
                }
                // Staged whole: nothing is written before the commit.
                None => Ok((batch.last, Some((batch.staged, batch.index)))),
            }
        })?;
        match last {
            Some(last) => self.commit(expected, last, small),
            None => Ok(()),
        }
    }

    /// Commits a batch that ends at `last`, if the head is still `expected`: staged whole
    /// (`small`), or written ahead by the writer, when the commit moves only the head.
    fn commit(
        &mut self,
        expected: Option<Head>,
        last: Appended,
        small: Option<(Staging, IndexBatch)>,
    ) -> Result<(), AppendError> {
        let head = Head {
            seq: last.seq,
            hash: last.hash,
        };
        let (staged, index) =
            small.unwrap_or_else(|| (Staging::new(head.seq + 1), IndexBatch::new(head.seq + 1)));
        let commit = Commit {
            staged: &staged,
            index: &index,
            head,
        };
        Ok(self.log.commit(expected, commit)?)
    }

    fn last_recorded_at(&self) -> Result<DateTime<Utc>, ReadError> {
        match self.log.head() {
            None => Ok(DateTime::<Utc>::MIN_UTC),
            Some(h) => Ok(self
                .get(h.seq)?
                .map_or(DateTime::<Utc>::MIN_UTC, |s| s.env.recorded_at)),
        }
    }

    /// Every event in seq order, each hash checked. Large ledgers are parsed on worker
    /// threads (see `read`), so a full pass runs at the speed of all cores.
    pub fn events(&self) -> impl Iterator<Item = Result<Stored, ReadError>> + '_ {
        self.events_where(|_| true)
    }

    /// Only events of the given types, recognised by the canonical envelope's last members
    /// (`"type":"…"}`, or `"type":"…","v":2}` in format 2) so that the others are not parsed; on worker threads like `events`.
    pub fn events_of_types(
        &self,
        types: &[&str],
    ) -> impl Iterator<Item = Result<Stored, ReadError>> + '_ {
        let suffixes: Vec<Vec<u8>> = types
            .iter()
            .flat_map(|t| {
                [
                    format!("\"type\":\"{t}\"}}").into_bytes(),
                    format!("\"type\":\"{t}\",\"v\":2}}").into_bytes(),
                ]
            })
            .collect();
        self.events_where(move |bytes| suffixes.iter().any(|s| bytes.ends_with(s)))
    }

    /// The events whose stored bytes `wanted` accepts, opened (hash checked, parsed) on
    /// worker threads and handed back in seq order.
    fn events_where(
        &self,
        wanted: impl Fn(&[u8]) -> bool + Send + Sync + 'static,
    ) -> impl Iterator<Item = Result<Stored, ReadError>> + '_ {
        let open_block: read::BlockFn<Vec<Result<Stored, ReadError>>> =
            std::sync::Arc::new(move |first, bytes| {
                let mut out = Vec::new();
                for r in records(first, bytes) {
                    match r {
                        Ok(r) if wanted(r.bytes) => out.push(open_record(r)),
                        Ok(_) => {}
                        Err(what) => {
                            out.push(Err(ReadError::Damaged { seq: first, what }));
                            break;
                        }
                    }
                }
                out
            });
        read::ParBlocks::new(self.log(), 1, open_block).flat_map(|block| match block {
            Ok(events) => events,
            Err(e) => vec![Err(e.into())],
        })
    }

    /// The events of one project, via the project index.
    pub fn project_events(&self, project: &str) -> Result<Vec<Stored>, ReadError> {
        let seqs = self.log.project_seqs(project)?;
        self.read_seqs(&seqs)
    }

    /// The events at the given ascending seqs, reading each block once and opening only
    /// the records asked for.
    pub fn read_seqs(&self, seqs: &[u64]) -> Result<Vec<Stored>, ReadError> {
        read_seqs(self.log(), seqs)
    }

    pub fn get(&self, seq: u64) -> Result<Option<Stored>, ReadError> {
        if seq == 0 || self.head().is_none_or(|h| seq > h.seq) {
            return Ok(None);
        }
        Ok(self.read_seqs(&[seq])?.pop())
    }
}

/// The events at the given ascending seqs, reading each block once and opening only
/// the records asked for.
fn read_seqs(log: &dyn EventLog, seqs: &[u64]) -> Result<Vec<Stored>, ReadError> {
    let mut out = Vec::with_capacity(seqs.len());
    let mut i = 0;
    while i < seqs.len() {
        let wanted = seqs[i];
        let not_stored = || ReadError::Damaged {
            seq: wanted,
            what: "indexed but not stored".into(),
        };
        let block = log.block_at(wanted)?.ok_or_else(not_stored)?;
        let first = block.first_seq;
        for r in block.records() {
            let r = r.map_err(|what| ReadError::Damaged { seq: first, what })?;
            while i < seqs.len() && seqs[i] == r.seq {
                out.push(open_record(r)?);
                i += 1;
            }
            if i == seqs.len() || seqs[i] < r.seq {
                break;
            }
        }
        if i < seqs.len() && seqs[i] == wanted {
            return Err(not_stored());
        }
    }
    Ok(out)
}

/// Parses a stored record and checks its hash, so nothing unverified reaches a projection.
fn open_record(record: RecordRef) -> Result<Stored, ReadError> {
    let damaged = |what: String| ReadError::Damaged {
        seq: record.seq,
        what,
    };
    if &event_hash(record.bytes) != record.hash {
        return Err(damaged(
            "hash mismatch: stored bytes do not hash to the stored hash".into(),
        ));
    }
    let text = simdutf8::basic::from_utf8(record.bytes)
        .map_err(|_| damaged("stored bytes are not UTF-8".into()))?;
    let (env, _) = parse_envelope(text).map_err(|e| damaged(format!("unreadable: {e}")))?;
    if env.seq != record.seq {
        return Err(damaged(format!("stored event says seq {}", env.seq)));
    }
    Ok(Stored {
        env,
        hash: *record.hash,
    })
}
