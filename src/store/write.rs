//! The write path: staging records into blocks, index entries per batch, and the durable
//! commit (head last, then one sync). Nothing here decides what may be written.

use super::*;

/// Index entries for one written batch: key prefix → the seqs of the batch under it.
/// (Hashed for speed: written sorted, and never rendered or hashed into anything.)
#[derive(Debug, Default)]
pub struct IndexBatch {
    pub first_seq: u64,
    pub by_project: std::collections::HashMap<Vec<u8>, Vec<u64>>,
    pub by_date: std::collections::HashMap<Vec<u8>, Vec<u64>>,
    /// Events added; the ledger writes a batch's index in windows of bounded size.
    pub events: usize,
    /// Reused to build a project key without allocating when the entry exists.
    scratch: Vec<u8>,
}

impl IndexBatch {
    pub fn new(first_seq: u64) -> IndexBatch {
        IndexBatch {
            first_seq,
            ..Default::default()
        }
    }
    pub fn add(&mut self, seq: u64, project: &str, effective: &str) {
        self.scratch.clear();
        self.scratch.extend_from_slice(project.as_bytes());
        self.scratch.push(0);
        push_seq(&mut self.by_project, &self.scratch, seq);
        push_seq(&mut self.by_date, effective.as_bytes(), seq);
        self.events += 1;
    }
}

/// Adds `seq` under `key`, allocating the key only for a new entry (the hot path of import).
fn push_seq(map: &mut std::collections::HashMap<Vec<u8>, Vec<u64>>, key: &[u8], seq: u64) {
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

impl Store {
    /// Writes a run of consecutive records and their index entries, without moving the head.
    pub fn write_records(&self, records: &[Record], index: &IndexBatch) -> Result<(), StoreError> {
        let Some(first) = records.first() else {
            return Ok(());
        };
        let mut staged = Staging::new(first.seq);
        for r in records {
            staged.push(r.seq, &r.hash, &r.bytes);
        }
        self.write_staged(&staged)?;
        self.write_index(index)
    }

    /// Writes staged records as blocks (filling the last stored block first), without moving
    /// the head: nothing is visible until `commit_head`.
    ///
    /// Plain inserts, not `apply_batch`: sled 0.34.7 writes out and waits for its log buffer
    /// before and after every batch (two sync_file_range round trips each), which made a
    /// single append wait on the disk six times. Atomicity comes from the head, written last.
    pub fn write_staged(&self, staged: &Staging) -> Result<(), StoreError> {
        if staged.count == 0 {
            return Ok(());
        }
        let (mut block_first, mut value, mut count) = self.open_tail_block(staged.first_seq)?;
        let encoded = &staged.encoded;
        let mut it = records(staged.first_seq, encoded);
        let mut start = 0;
        loop {
            let at = it.offset();
            let Some(r) = it.next() else { break };
            let r = r.map_err(StoreError::Corrupt)?;
            let size = value.len() + (at - start);
            let len = RECORD_HEADER_BYTES + r.bytes.len();
            if count > 0 && (count >= BLOCK_MAX_EVENTS || size + len > BLOCK_TARGET_BYTES) {
                value.extend_from_slice(&encoded[start..at]);
                self.blocks
                    .insert(be(block_first), std::mem::take(&mut value))?;
                (block_first, start, count) = (r.seq, at, 0);
            }
            count += 1;
        }
        value.extend_from_slice(&encoded[start..]);
        self.blocks.insert(be(block_first), value)?;
        Ok(())
    }

    /// The last block, if it still has room, so small appends keep blocks dense.
    fn open_tail_block(&self, next_seq: u64) -> Result<(u64, Vec<u8>, usize), StoreError> {
        if let Some((key, value)) = self.blocks.last()? {
            let first = be_u64(&key)?;
            let count = records(first, &value)
                .try_fold(0usize, |n, r| r.map(|_| n + 1))
                .map_err(StoreError::Corrupt)?;
            let last = first + count as u64 - 1;
            if last + 1 == next_seq
                && count < BLOCK_MAX_EVENTS
                && value.len() < BLOCK_TARGET_BYTES / 2
            {
                let mut buf = Vec::with_capacity(BLOCK_TARGET_BYTES);
                buf.extend_from_slice(&value);
                // The block is rewritten with the new records appended: a new key replaces it.
                return Ok((first, buf, count));
            }
        }
        Ok((next_seq, Vec::new(), 0))
    }

    /// Writes one batch's index entries (keyed by prefix and the batch's first seq), as plain
    /// inserts for the reason given at `write_staged`.
    pub fn write_index(&self, index: &IndexBatch) -> Result<(), StoreError> {
        for (tree, entries) in [
            (&self.by_project, &index.by_project),
            (&self.by_date, &index.by_date),
        ] {
            let mut sorted: Vec<_> = entries.iter().collect();
            sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
            for (prefix, seqs) in sorted {
                let mut key = Vec::with_capacity(prefix.len() + 8);
                key.extend_from_slice(prefix);
                key.extend_from_slice(&be(index.first_seq));
                let value: Vec<u8> = seqs.iter().flat_map(|s| s.to_be_bytes()).collect();
                tree.insert(key, value)?;
            }
        }
        Ok(())
    }

    /// Moves the head (written last) and makes everything durable before returning.
    pub fn commit_head(&mut self, head: Head) -> Result<(), StoreError> {
        // Blobs first: the log about to become durable may point at them.
        self.sync_new_blobs()?;
        self.meta.insert("head", head_value(&head))?;
        self.db.flush()?;
        self.sync_new_blobs()?;
        self.data_file.sync_data().map_err(io_error)?;
        self.head = Some(head);
        // The events are durable now; failing the command here would report a write that
        // happened as failed. A head file left behind is the state a crash at this point
        // leaves too: it is accepted on open (and checked against the event at its seq) and
        // caught up by the next commit.
        let _ = witness::write(&self.path, head.seq, &head.hash);
        if !self.journal.is_empty() {
            // sled now holds everything the journal did, durably.
            self.journal.clear().map_err(io_error)?;
        }
        Ok(())
    }

    /// Commits a batch staged whole (nothing of it written yet). Up to
    /// `journal::MAX_COMMIT_BYTES` of records, durable in the journal with one fdatasync,
    /// then written to sled (head last) without waiting for sled; a checkpoint follows when
    /// the journal is large. An error after the journal write leaves the events durable: the
    /// next open replays them. A larger batch goes straight to sled (`commit_head`): the same
    /// syncs as a journal commit and its checkpoint, with the records written once.
    pub fn commit_staged(
        &mut self,
        staged: &Staging,
        index: &IndexBatch,
        head: Head,
    ) -> Result<(), StoreError> {
        if staged.encoded.len() > journal::MAX_COMMIT_BYTES {
            self.write_staged(staged)?;
            self.write_index(index)?;
            return self.commit_head(head);
        }
        self.journal
            .append(staged.first_seq, &staged.encoded)
            .map_err(io_error)?;
        self.write_staged(staged)?;
        self.write_index(index)?;
        self.move_head(head)?;
        if self.journal.len() > journal::CHECKPOINT_BYTES {
            self.checkpoint()?;
        }
        Ok(())
    }

    /// Makes sled durable up to its head and empties the journal.
    pub fn checkpoint(&mut self) -> Result<(), StoreError> {
        self.sync_new_blobs()?;
        self.db.flush()?;
        self.sync_files()?;
        self.journal.clear().map_err(io_error)
    }

    /// The head in sled and in memory, then the head file (see `commit_head` on its errors).
    fn move_head(&mut self, head: Head) -> Result<(), StoreError> {
        self.set_head(head)?;
        let _ = witness::write(&self.path, head.seq, &head.hash);
        Ok(())
    }

    /// The head in sled and in memory only: a replay on open leaves the head file alone, so
    /// that it is then checked against what the replay produced.
    pub(super) fn set_head(&mut self, head: Head) -> Result<(), StoreError> {
        self.meta.insert("head", head_value(&head))?;
        self.head = Some(head);
        Ok(())
    }

    /// Writes sled's buffered log out (sync_file_range) without moving the head: bounds the
    /// memory a long import holds in sled's write buffers.
    pub fn flush_writes(&self) -> Result<(), StoreError> {
        self.db.flush()?;
        Ok(())
    }

    /// fsyncs blob files written since the last call (and their directory), then the data file.
    pub(super) fn sync_files(&mut self) -> Result<(), StoreError> {
        self.sync_new_blobs()?;
        self.data_file.sync_data().map_err(io_error)
    }

    /// fsyncs blob files written since the last call, and their directory.
    pub(super) fn sync_new_blobs(&mut self) -> Result<(), StoreError> {
        let blobs = self.path.join("blobs");
        let mut newest = self.synced_blob;
        if let Ok(entries) = std::fs::read_dir(&blobs) {
            for entry in entries {
                let entry = entry.map_err(io_error)?;
                let lsn = entry
                    .file_name()
                    .to_str()
                    .and_then(|n| n.parse::<u64>().ok());
                let Some(lsn) = lsn.filter(|l| *l > self.synced_blob) else {
                    continue;
                };
                match std::fs::File::open(entry.path()).and_then(|f| f.sync_all()) {
                    Ok(()) => {}
                    // sled removes a blob once its page is rewritten: nothing left to sync.
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(io_error(e)),
                }
                newest = newest.max(lsn);
            }
        }
        if newest > self.synced_blob {
            sync_dir(&blobs)?;
            self.synced_blob = newest;
        }
        Ok(())
    }
}

/// The head as `meta` stores it: the big-endian seq, then the hash.
fn head_value(head: &Head) -> Vec<u8> {
    let mut v = head.seq.to_be_bytes().to_vec();
    v.extend_from_slice(&head.hash);
    v
}
