//! The read path: blocks in seq order, one block by seq, the indexes.

use super::*;

impl Store {
    /// Every stored block from the one holding `from_seq` on, in seq order.
    /// The iterator owns what it reads from, so it may run on another thread.
    pub fn blocks_from(
        &self,
        from_seq: u64,
    ) -> impl Iterator<Item = Result<(u64, sled::IVec), StoreError>> + Send + 'static {
        let start = self
            .blocks
            .range(..=be(from_seq))
            .next_back()
            .and_then(|r| r.ok())
            .map(|(k, _)| k.to_vec())
            .unwrap_or_else(|| be(0).to_vec());
        let head_seq = self.head.map_or(0, |h| h.seq);
        self.blocks
            .range(start..=be(head_seq).to_vec())
            .map(|item| {
                let (k, v) = item?;
                Ok((be_u64(&k)?, v))
            })
    }

    /// The first seq of the block holding `seq` (0 when there is none).
    pub fn block_key_of(&self, seq: u64) -> u64 {
        self.blocks
            .range(..=be(seq))
            .next_back()
            .and_then(|r| r.ok())
            .and_then(|(k, _)| be_u64(&k).ok())
            .unwrap_or(0)
    }

    /// The stored blocks whose first seq is in `from..until` and at or below the head.
    pub fn blocks_keyed(
        &self,
        from: u64,
        until: u64,
    ) -> impl Iterator<Item = Result<(u64, sled::IVec), StoreError>> + Send + 'static {
        let until = until.min(self.head.map_or(0, |h| h.seq).saturating_add(1));
        self.blocks
            .range(be(from)..be(until.max(from)))
            .map(|item| {
                let (k, v) = item?;
                Ok((be_u64(&k)?, v))
            })
    }

    /// The block holding `seq` (its first seq and value), if `seq` is at or below the head:
    /// one lookup of the last block key at or below `seq`.
    pub fn block_at(&self, seq: u64) -> Result<Option<(u64, sled::IVec)>, StoreError> {
        if seq == 0 || seq > self.head.map_or(0, |h| h.seq) {
            return Ok(None);
        }
        match self.blocks.get_lt(be(seq + 1))? {
            Some((key, value)) => Ok(Some((be_u64(&key)?, value))),
            None => Ok(None),
        }
    }

    /// The seqs recorded for a project, ascending.
    pub fn project_seqs(&self, project: &str) -> Result<Vec<u64>, StoreError> {
        self.index_seqs(&self.by_project, &project_prefix(project))
    }

    fn index_seqs(&self, tree: &sled::Tree, prefix: &[u8]) -> Result<Vec<u64>, StoreError> {
        let mut out = Vec::new();
        for item in tree.scan_prefix(prefix) {
            let (k, v) = item?;
            if k.len() != prefix.len() + 8 {
                continue;
            }
            out.extend(
                v.chunks_exact(8)
                    .map(|c| u64::from_be_bytes(c.try_into().expect("invariant: 8 bytes"))),
            );
        }
        out.sort_unstable();
        Ok(out)
    }

    /// Every index entry as (tree name, key prefix, seqs), for verification.
    pub fn index_entries(&self) -> Result<Vec<IndexEntry>, StoreError> {
        let mut out = Vec::new();
        for (name, tree) in [("project", &self.by_project), ("date", &self.by_date)] {
            for item in tree.iter() {
                let (k, v) = item?;
                if k.len() < 8 || v.len() % 8 != 0 {
                    return Err(StoreError::Corrupt(format!("malformed {name} index entry")));
                }
                let seqs = v
                    .chunks_exact(8)
                    .map(|c| u64::from_be_bytes(c.try_into().expect("invariant: 8 bytes")))
                    .collect();
                out.push((name, k[..k.len() - 8].to_vec(), seqs));
            }
        }
        Ok(out)
    }

    /// Every (index, key prefix, seq) stored, without collecting them.
    pub fn for_each_index_seq(
        &self,
        mut f: impl FnMut(&'static str, &[u8], u64),
    ) -> Result<(), StoreError> {
        for (name, tree) in [("project", &self.by_project), ("date", &self.by_date)] {
            for item in tree.iter() {
                let (k, v) = item?;
                if k.len() < 8 || v.len() % 8 != 0 {
                    return Err(StoreError::Corrupt(format!("malformed {name} index entry")));
                }
                for c in v.chunks_exact(8) {
                    let seq = u64::from_be_bytes(c.try_into().expect("invariant: 8 bytes"));
                    f(name, &k[..k.len() - 8], seq);
                }
            }
        }
        Ok(())
    }

    /// Disk use of the ledger directory, for `bench`.
    pub fn size_on_disk(&self) -> Result<u64, StoreError> {
        Ok(self.db.size_on_disk()?)
    }
}
