//! What a commit carries before an engine stores it: the records of an append encoded as
//! blocks hold them (`Staging`), and the index entries of a batch (`IndexBatch`).

use super::record::{push_record, RECORD_HEADER_BYTES};
use crate::event::Hash32;

/// Index entries for one written batch: key (the project id, or the effective date as
/// stored) → the seqs of the batch under it. (Hashed for speed: an engine writes them in the
/// order it likes, and they are never rendered or hashed into anything.)
#[derive(Debug, Default)]
pub struct IndexBatch {
    pub first_seq: u64,
    pub by_project: rustc_hash::FxHashMap<Vec<u8>, Vec<u64>>,
    pub by_date: rustc_hash::FxHashMap<Vec<u8>, Vec<u64>>,
    /// Events added; the ledger writes a batch's index in windows of bounded size.
    pub events: usize,
}

impl IndexBatch {
    pub fn new(first_seq: u64) -> IndexBatch {
        IndexBatch {
            first_seq,
            ..Default::default()
        }
    }
    /// No entries at all.
    pub fn is_empty(&self) -> bool {
        self.events == 0
    }

    /// Takes in the event `seq` of `project`, effective `effective` (as stored, `2023-01-01`).
    pub fn add(&mut self, seq: u64, project: &str, effective: &str) {
        push_seq(&mut self.by_project, project.as_bytes(), seq);
        push_seq(&mut self.by_date, effective.as_bytes(), seq);
        self.events += 1;
    }
}

/// Adds `seq` under `key`, allocating the key only for a new entry (the hot path of import).
fn push_seq(map: &mut rustc_hash::FxHashMap<Vec<u8>, Vec<u64>>, key: &[u8], seq: u64) {
    match map.get_mut(key) {
        Some(seqs) => seqs.push(seq),
        None => {
            map.insert(key.to_vec(), vec![seq]);
        }
    }
}

/// Staged events after which a staging reserves room for a whole import chunk.
const RESERVE_AFTER_EVENTS: u64 = 1024;

/// Records of one append, encoded as blocks hold them (back to back), waiting to be written.
#[derive(Debug)]
pub struct Staging {
    /// Seq of the first record staged.
    first_seq: u64,
    count: u64,
    encoded: Vec<u8>,
}

impl Staging {
    pub fn new(first_seq: u64) -> Staging {
        Staging {
            first_seq,
            count: 0,
            encoded: Vec::new(),
        }
    }

    /// Empties the staging for the records from `first_seq`, keeping its buffer.
    pub fn reset(&mut self, first_seq: u64) {
        self.first_seq = first_seq;
        self.count = 0;
        self.encoded.clear();
    }

    pub fn len(&self) -> usize {
        self.count as usize
    }

    /// The seq of the first staged record.
    pub fn first_seq(&self) -> u64 {
        self.first_seq
    }

    /// The staged records, encoded as blocks hold them (`record::records` reads them).
    pub fn encoded(&self) -> &[u8] {
        &self.encoded
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// A staging that reached `RESERVE_AFTER_EVENTS` is an import's: room for a whole chunk
    /// at the average size so far, once, instead of doubling (and copying) its way to tens
    /// of MiB.
    fn reserve_chunk(&mut self) {
        let per_event = self.encoded.len() / self.count.max(1) as usize + 1;
        let chunk = per_event * crate::limits::IMPORT_CHUNK_EVENTS * 9 / 8;
        self.encoded
            .reserve(chunk.saturating_sub(self.encoded.len()));
    }

    /// The seq the next staged record must have.
    pub fn next_seq(&self) -> u64 {
        self.first_seq + self.count
    }

    pub fn push(&mut self, seq: u64, hash: &Hash32, bytes: &[u8]) {
        assert_eq!(
            seq,
            self.next_seq(),
            "invariant: staged seqs are contiguous"
        );
        push_record(&mut self.encoded, hash, bytes);
        self.count += 1;
    }

    /// Stages the record of `seq` in place: `write` appends its canonical bytes, `seal`
    /// checks them and returns their hash. On an error nothing of it stays staged.
    pub fn stage<E>(
        &mut self,
        seq: u64,
        write: impl FnOnce(&mut Vec<u8>),
        seal: impl FnOnce(&[u8]) -> Result<Hash32, E>,
    ) -> Result<Hash32, E> {
        assert_eq!(
            seq,
            self.next_seq(),
            "invariant: staged seqs are contiguous"
        );
        if self.count == RESERVE_AFTER_EVENTS {
            self.reserve_chunk();
        }
        let start = self.encoded.len();
        self.encoded.extend_from_slice(&[0; RECORD_HEADER_BYTES]);
        write(&mut self.encoded);
        let body = start + RECORD_HEADER_BYTES;
        match seal(&self.encoded[body..]) {
            Ok(hash) => {
                let len = u32::try_from(self.encoded.len() - body)
                    .expect("invariant: an event is far below 4 GiB");
                self.encoded[start..start + 4].copy_from_slice(&len.to_le_bytes());
                self.encoded[start + 4..body].copy_from_slice(&hash);
                self.count += 1;
                Ok(hash)
            }
            Err(e) => {
                self.encoded.truncate(start);
                Err(e)
            }
        }
    }
}
