//! The in-memory engine: records, indexes and head held in this process, gone when it ends.
//! It runs the ledger's rule and projection tests beside sled, and it holds the events of a
//! read-only ledger (an export file, a ledger on read-only media) once they are verified.
//!
//! Blocks are cut at `BLOCK_EVENTS` records, so reads go block by block as they do on disk.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use crate::event::jcs_scan;
use crate::ledger::log::Problem;
use crate::ledger::log::{
    records, Block, Blocks, ChainOutcome, Commit, EventLog, Head, Index, IndexBatch, IndexEntries,
    IntactCopies, LogError, Record, Staging,
};

/// Records per block (what sled's writer packs at most).
const BLOCK_EVENTS: usize = 256;

/// A storage check a read-only log carries for `verify` (what its source could not load, or
/// damage seen in files it was read from).
pub type StorageCheck = dyn Fn(ChainOutcome<'_>) -> Option<Problem> + Send + Sync;

pub struct MemoryLog {
    ledger_id: String,
    /// Where a read-only log was read from; None for a writable one.
    read_only: Option<PathBuf>,
    state: RwLock<State>,
    intact: Option<Arc<IntactCopies>>,
    check: Option<Box<StorageCheck>>,
    /// The envelope format of its events (`EventLog::envelope_format`).
    envelope: u32,
}

#[derive(Default)]
struct State {
    head: Option<Head>,
    /// First seq → records; blocks past the head were written ahead of a commit.
    blocks: BTreeMap<u64, Arc<[u8]>>,
    /// (index, key) → seqs, ascending; seqs past the head were written ahead.
    index: BTreeMap<(Index, Vec<u8>), Vec<u64>>,
}

impl State {
    fn head_seq(&self) -> u64 {
        self.head.map_or(0, |h| h.seq)
    }

    /// Adds records as blocks of up to `BLOCK_EVENTS`.
    fn add_records(&mut self, first_seq: u64, encoded: &[u8]) -> Result<(), LogError> {
        let mut it = records(first_seq, encoded);
        let (mut start, mut block_first, mut count) = (0, first_seq, 0);
        loop {
            let at = it.offset();
            let Some(r) = it.next() else { break };
            let r = r.map_err(LogError::Corrupt)?;
            if count == BLOCK_EVENTS {
                self.blocks.insert(block_first, encoded[start..at].into());
                (start, block_first, count) = (at, r.seq, 0);
            }
            count += 1;
        }
        if count > 0 {
            self.blocks.insert(block_first, encoded[start..].into());
        }
        Ok(())
    }

    fn add_index(&mut self, batch: &IndexBatch) {
        for (index, entries) in [
            (Index::Project, &batch.by_project),
            (Index::Date, &batch.by_date),
        ] {
            for (key, seqs) in entries {
                let stored = self.index.entry((index, key.clone())).or_default();
                stored.extend_from_slice(seqs);
                stored.sort_unstable();
            }
        }
    }

    /// Drops blocks and index seqs past the head.
    fn discard_ahead(&mut self) {
        let head = self.head_seq();
        self.blocks.retain(|first, _| *first <= head);
        for seqs in self.index.values_mut() {
            seqs.retain(|s| *s <= head);
        }
        self.index.retain(|_, seqs| !seqs.is_empty());
    }
}

impl MemoryLog {
    /// An empty, writable ledger.
    pub fn new(ledger_id: &str) -> MemoryLog {
        MemoryLog {
            ledger_id: ledger_id.to_string(),
            read_only: None,
            state: RwLock::new(State::default()),
            intact: None,
            check: None,
            envelope: crate::ledger::log::ENVELOPE_FORMAT,
        }
    }

    /// An empty, writable ledger whose events have envelope format `format` (1 only for
    /// tests of ledgers made before issue 15).
    pub fn with_envelope_format(ledger_id: &str, format: u32) -> MemoryLog {
        MemoryLog {
            envelope: format,
            ..MemoryLog::new(ledger_id)
        }
    }

    /// A read-only ledger of `records` (seqs 1, 2, … in order, each `(hash, canonical
    /// bytes)`), read from `source`, indexed by the project and effective date each event
    /// names. The caller verifies it (`Ledger::open_as`); an event whose envelope cannot be
    /// read is `Unverified` at its seq.
    pub fn read_only(
        source: PathBuf,
        ledger_id: &str,
        records: Vec<Record>,
    ) -> Result<MemoryLog, LogError> {
        let mut staged = Staging::new(1);
        let mut index = IndexBatch::new(1);
        let mut last = None;
        for r in &records {
            let Some(top) = jcs_scan::envelope(&r.bytes) else {
                return Err(LogError::Unverified {
                    path: source,
                    seq: r.seq,
                    what: "unreadable event (not a canonical envelope)".into(),
                });
            };
            staged.push(r.seq, &r.hash, &r.bytes);
            index.add(r.seq, top.project, top.effective);
            last = Some(Head {
                seq: r.seq,
                hash: r.hash,
            });
        }
        let mut state = State::default();
        state.add_records(1, staged.encoded())?;
        state.add_index(&index);
        state.head = last;
        let envelope =
            crate::ledger::log::envelope_format_of(records.first().map(|r| &r.bytes[..]));
        Ok(MemoryLog {
            ledger_id: ledger_id.to_string(),
            read_only: Some(source),
            state: RwLock::new(state),
            intact: None,
            check: None,
            envelope,
        })
    }

    /// The check `verify` asks of this log, and the copies it found intact.
    pub fn with_check(
        mut self,
        intact: Option<Arc<IntactCopies>>,
        check: Box<StorageCheck>,
    ) -> MemoryLog {
        self.intact = intact;
        self.check = Some(check);
        self
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write(&self) -> Result<std::sync::RwLockWriteGuard<'_, State>, LogError> {
        if let Some(path) = &self.read_only {
            return Err(LogError::ReadOnly(path.clone()));
        }
        Ok(self.state.write().unwrap_or_else(|p| p.into_inner()))
    }
}

impl EventLog for MemoryLog {
    fn ledger_id(&self) -> &str {
        &self.ledger_id
    }
    fn envelope_format(&self) -> Result<u32, LogError> {
        Ok(self.envelope)
    }
    fn head(&self) -> Option<Head> {
        self.read().head
    }
    fn read_only(&self) -> Option<&std::path::Path> {
        self.read_only.as_deref()
    }

    fn blocks(&self, first_seqs: std::ops::Range<u64>) -> Blocks {
        let state = self.read();
        let until = first_seqs.end.min(state.head_seq().saturating_add(1));
        let blocks: Vec<Block> = state
            .blocks
            .range(first_seqs.start..until.max(first_seqs.start))
            .map(|(first, bytes)| Block {
                first_seq: *first,
                bytes: bytes.clone().into(),
            })
            .collect();
        Box::new(blocks.into_iter().map(Ok))
    }
    fn block_start(&self, seq: u64) -> Result<u64, LogError> {
        Ok(self
            .read()
            .blocks
            .range(..=seq)
            .next_back()
            .map_or(0, |(k, _)| *k))
    }
    fn block_at(&self, seq: u64) -> Result<Option<Block>, LogError> {
        let state = self.read();
        if seq == 0 || seq > state.head_seq() {
            return Ok(None);
        }
        Ok(state
            .blocks
            .range(..=seq)
            .next_back()
            .map(|(first, bytes)| Block {
                first_seq: *first,
                bytes: bytes.clone().into(),
            }))
    }
    fn project_seqs(&self, project: &str) -> Result<Vec<u64>, LogError> {
        let state = self.read();
        let head = state.head_seq();
        let key = (Index::Project, project.as_bytes().to_vec());
        Ok(state.index.get(&key).map_or_else(Vec::new, |seqs| {
            seqs.iter().copied().filter(|s| *s <= head).collect()
        }))
    }
    fn index_entries(&self, each: &mut IndexEntries<'_>) -> Result<(), LogError> {
        let state = self.read();
        let head = state.head_seq();
        for ((index, key), seqs) in &state.index {
            let seqs: Vec<u64> = seqs.iter().copied().filter(|s| *s <= head).collect();
            if !seqs.is_empty() {
                each(*index, key, &seqs);
            }
        }
        Ok(())
    }
    fn size_on_disk(&self) -> Result<u64, LogError> {
        Ok(self.read().blocks.values().map(|b| b.len() as u64).sum())
    }

    fn write_ahead(&self, staged: &Staging) -> Result<(), LogError> {
        self.write()?
            .add_records(staged.first_seq(), staged.encoded())
    }
    fn write_ahead_index(&self, index: &IndexBatch) -> Result<(), LogError> {
        self.write()?.add_index(index);
        Ok(())
    }
    fn commit(&mut self, expected: Option<Head>, commit: Commit<'_>) -> Result<(), LogError> {
        let mut state = self.write()?;
        if state.head != expected {
            return Err(LogError::Conflict {
                expected_head: expected,
                found_head: state.head,
            });
        }
        state.add_records(commit.staged.first_seq(), commit.staged.encoded())?;
        state.add_index(commit.index);
        state.head = Some(commit.head);
        Ok(())
    }
    fn discard_ahead(&mut self) -> Result<(), LogError> {
        self.write()?.discard_ahead();
        Ok(())
    }

    fn intact_copies(&self) -> Option<Arc<IntactCopies>> {
        self.intact.clone()
    }
    fn self_check(&self, outcome: ChainOutcome<'_>) -> Result<Option<Problem>, LogError> {
        Ok(self.check.as_ref().and_then(|check| check(outcome)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `count` records from `first`, each of a few bytes, staged with their index entries.
    fn batch(first: u64, count: u64) -> (Staging, IndexBatch, Head) {
        let (mut staged, mut index) = (Staging::new(first), IndexBatch::new(first));
        for seq in first..first + count {
            staged.push(
                seq,
                &[seq as u8; 32],
                format!("{{\"seq\":{seq}}}").as_bytes(),
            );
            index.add(seq, "p", "2023-01-01");
        }
        let last = first + count - 1;
        let head = Head {
            seq: last,
            hash: [last as u8; 32],
        };
        (staged, index, head)
    }

    fn seqs_stored(log: &MemoryLog) -> Vec<u64> {
        let mut out = Vec::new();
        for block in log.blocks(0..u64::MAX) {
            out.extend(block.unwrap().records().map(|r| r.unwrap().seq));
        }
        out
    }

    #[test]
    fn a_commit_is_a_compare_and_set_of_the_head() {
        let mut log = MemoryLog::new("jx-memory");
        let (staged, index, head) = batch(1, 300);
        let commit = |h| Commit {
            staged: &staged,
            index: &index,
            head: h,
        };
        log.commit(None, commit(head)).unwrap();
        assert_eq!(log.head(), Some(head));
        assert_eq!(seqs_stored(&log), (1..=300).collect::<Vec<_>>());
        assert_eq!(log.blocks(0..u64::MAX).count(), 2, "blocks of at most 256");
        assert_eq!(log.project_seqs("p").unwrap().len(), 300);
        // The same commit again expects the old head: refused, nothing stored.
        let again = log.commit(None, commit(head)).unwrap_err();
        assert!(matches!(
            again,
            LogError::Conflict { expected_head: None, found_head: Some(h) } if h == head
        ));
        assert_eq!(seqs_stored(&log).len(), 300);
    }

    #[test]
    fn writes_ahead_are_invisible_until_committed_and_discarded_on_failure() {
        let mut log = MemoryLog::new("jx-memory");
        let (staged, index, head) = batch(1, 3);
        log.write_ahead(&staged).unwrap();
        log.write_ahead_index(&index).unwrap();
        assert_eq!((log.head(), seqs_stored(&log)), (None, vec![]));
        assert!(log.project_seqs("p").unwrap().is_empty());
        log.discard_ahead().unwrap();
        log.write_ahead(&staged).unwrap();
        log.write_ahead_index(&index).unwrap();
        let empty = (Staging::new(4), IndexBatch::new(4));
        let commit = Commit {
            staged: &empty.0,
            index: &empty.1,
            head,
        };
        log.commit(None, commit).unwrap();
        assert_eq!(seqs_stored(&log), vec![1, 2, 3]);
        assert_eq!(log.project_seqs("p").unwrap(), vec![1, 2, 3]);
    }

    #[test]
    fn a_read_only_log_refuses_every_write() {
        let path = PathBuf::from("export.jsonl");
        let mut log = MemoryLog::read_only(path.clone(), "export-x", Vec::new()).unwrap();
        let (staged, index, head) = batch(1, 1);
        let refused = |e: LogError| matches!(e, LogError::ReadOnly(p) if p == path);
        assert!(refused(log.write_ahead(&staged).unwrap_err()));
        let commit = Commit {
            staged: &staged,
            index: &index,
            head,
        };
        assert!(refused(log.commit(None, commit).unwrap_err()));
        assert_eq!(log.read_only(), Some(path.as_path()));
        assert_eq!(log.head(), None);
    }

    /// Table: a read-only log's first event in, the envelope format it answers out (an
    /// export or a ledger read without sled has no `meta`: its events say it).
    #[test]
    fn a_read_only_log_reads_its_envelope_format_from_its_first_event() {
        let v1 = r#"{"actor":"a","data":{},"effective":"2023-01-01","prev":"00","project":"p","recorded_at":"2023-01-01T00:00:00.000Z","seq":1,"type":"goal.set"}"#;
        let v2 = r#"{"actor":"a","data":{},"effective":"2023-01-01","prev":"00","project":"p","project_prev":"00","recorded_at":"2023-01-01T00:00:00.000Z","seq":1,"type":"goal.set","v":2}"#;
        let cases: [(Option<&str>, u32); 3] = [(Some(v1), 1), (Some(v2), 2), (None, 2)];
        for (first, want) in cases {
            let records: Vec<Record> = first
                .map(|text| Record {
                    seq: 1,
                    hash: [1; 32],
                    bytes: text.as_bytes().to_vec(),
                })
                .into_iter()
                .collect();
            let log = MemoryLog::read_only(PathBuf::from("x"), "jx-x", records).unwrap();
            assert_eq!(log.envelope_format().unwrap(), want, "{first:?}");
        }
        assert_eq!(MemoryLog::new("jx-m").envelope_format().unwrap(), 2);
        let old = MemoryLog::with_envelope_format("jx-m", 1);
        assert_eq!(old.envelope_format().unwrap(), 1);
    }
}
