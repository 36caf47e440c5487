//! sled's `blocks` tree: the big-endian seq of a block's first event → the records of up to
//! `BLOCK_MAX_EVENTS` consecutive events. Writing packs records into blocks; reading hands
//! them out as the engine-neutral `Block`, without copying sled's buffer.

use super::{be, be_u64, BLOCK_MAX_EVENTS, BLOCK_TARGET_BYTES};
use crate::event::Hash32;
use crate::ledger::log::{
    decode_block, encode_record, records, Block, Blocks, Bytes, LogError, Staging,
    RECORD_HEADER_BYTES,
};

pub struct BlockTree(sled::Tree);

impl BlockTree {
    pub fn new(tree: sled::Tree) -> BlockTree {
        BlockTree(tree)
    }

    /// Writes staged records as blocks (filling the last stored block first), past the head.
    ///
    /// Plain inserts, not `apply_batch`: sled 0.34.7 writes out and waits for its log buffer
    /// before and after every batch (two sync_file_range round trips each), which made a
    /// single append wait on the disk six times. Atomicity comes from the head, written last.
    pub fn write(&self, staged: &Staging) -> Result<(), LogError> {
        if staged.is_empty() {
            return Ok(());
        }
        let (mut block_first, mut value, mut count) = self.open_tail(staged.first_seq())?;
        let encoded = staged.encoded();
        let mut it = records(staged.first_seq(), encoded);
        let mut start = 0;
        loop {
            let at = it.offset();
            let Some(r) = it.next() else { break };
            let r = r.map_err(LogError::Corrupt)?;
            let size = value.len() + (at - start);
            let len = RECORD_HEADER_BYTES + r.bytes.len();
            if count > 0 && (count >= BLOCK_MAX_EVENTS || size + len > BLOCK_TARGET_BYTES) {
                value.extend_from_slice(&encoded[start..at]);
                self.0.insert(be(block_first), std::mem::take(&mut value))?;
                (block_first, start, count) = (r.seq, at, 0);
            }
            count += 1;
        }
        value.extend_from_slice(&encoded[start..]);
        self.0.insert(be(block_first), value)?;
        Ok(())
    }

    /// The last block, if it still has room, so small appends keep blocks dense.
    fn open_tail(&self, next_seq: u64) -> Result<(u64, Vec<u8>, usize), LogError> {
        if let Some((key, value)) = self.0.last()? {
            let first = be_u64(&key)?;
            let count = records(first, &value)
                .try_fold(0usize, |n, r| r.map(|_| n + 1))
                .map_err(LogError::Corrupt)?;
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

    /// The stored blocks whose first seq is in `from..until`, in order.
    pub fn range(&self, from: u64, until: u64) -> Blocks {
        let blocks = self.0.range(be(from)..be(until.max(from))).map(|item| {
            let (k, v) = item?;
            Ok(Block {
                first_seq: be_u64(&k)?,
                bytes: Bytes::engine(v),
            })
        });
        Box::new(blocks)
    }

    /// The first seq of the block holding `seq` (0 when there is none).
    pub fn start_of(&self, seq: u64) -> Result<u64, LogError> {
        match self.0.get_lt(be(seq.saturating_add(1)))? {
            Some((key, _)) => be_u64(&key),
            None => Ok(0),
        }
    }

    /// The block holding `seq`: one lookup of the last block key at or below it.
    pub fn at(&self, seq: u64) -> Result<Option<Block>, LogError> {
        match self.0.get_lt(be(seq.saturating_add(1)))? {
            Some((key, value)) => Ok(Some(Block {
                first_seq: be_u64(&key)?,
                bytes: Bytes::engine(value),
            })),
            None => Ok(None),
        }
    }

    /// The last stored block (first seq and records), if any.
    pub fn last(&self) -> Result<Option<(u64, Vec<crate::ledger::log::Record>)>, LogError> {
        let Some((key, value)) = self.0.last()? else {
            return Ok(None);
        };
        let first = be_u64(&key)?;
        let records =
            decode_block(first, &value).map_err(|what| LogError::Damaged { seq: first, what })?;
        Ok(Some((first, records)))
    }

    /// The stored hash of `seq`, if a block holds it.
    pub fn hash_of(&self, seq: u64) -> Result<Option<Hash32>, LogError> {
        let Some(block) = self.at(seq)? else {
            return Ok(None);
        };
        let mut found = None;
        for r in block.records() {
            let r = r.map_err(LogError::Corrupt)?;
            if r.seq == seq {
                found = Some(*r.hash);
                break;
            }
        }
        Ok(found)
    }

    /// Drops every record after `head_seq`: whole blocks, then the tail of the last one.
    pub fn truncate_after(&self, head_seq: u64) -> Result<(), LogError> {
        for item in self.0.range(be(head_seq + 1)..) {
            self.0.remove(item?.0)?;
        }
        if let Some((key, value)) = self.0.last()? {
            let first = be_u64(&key)?;
            let records = decode_block(first, &value).map_err(LogError::Corrupt)?;
            let keep: Vec<u8> = records
                .iter()
                .filter(|r| r.seq <= head_seq)
                .flat_map(|r| encode_record(&r.hash, &r.bytes))
                .collect();
            if keep.len() != value.len() {
                self.0.insert(key, keep)?;
            }
        }
        Ok(())
    }
}
