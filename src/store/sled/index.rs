//! sled's two index trees, `by_project` (`project \0 first-seq → seqs`) and `by_date`
//! (`date first-seq → seqs`): one entry per key and written batch (or window of one), so a
//! bulk import writes few keys. Seqs are big-endian u64s back to back.

use super::{be, be_u64};
use crate::ledger::log::{Index, IndexBatch, IndexEntries, LogError};

pub struct IndexTrees {
    by_project: sled::Tree,
    by_date: sled::Tree,
}

/// The stored key prefix of a project: its id and a NUL (ids hold no NUL).
fn project_prefix(project: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(project.len() + 9);
    k.extend_from_slice(project);
    k.push(0);
    k
}

impl IndexTrees {
    pub fn new(by_project: sled::Tree, by_date: sled::Tree) -> IndexTrees {
        IndexTrees {
            by_project,
            by_date,
        }
    }

    fn trees(&self) -> [(Index, &sled::Tree); 2] {
        [
            (Index::Project, &self.by_project),
            (Index::Date, &self.by_date),
        ]
    }

    /// Writes one batch's entries, keyed by key and the batch's first seq (plain inserts, for
    /// the reason `BlockTree::write` gives).
    pub fn write(&self, index: &IndexBatch) -> Result<(), LogError> {
        for (tree, entries, nul) in [
            (&self.by_project, &index.by_project, true),
            (&self.by_date, &index.by_date, false),
        ] {
            let mut sorted: Vec<_> = entries.iter().collect();
            sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
            for (key, seqs) in sorted {
                let mut stored = Vec::with_capacity(key.len() + 9);
                stored.extend_from_slice(key);
                if nul {
                    stored.push(0);
                }
                stored.extend_from_slice(&be(index.first_seq));
                let value: Vec<u8> = seqs.iter().flat_map(|s| s.to_be_bytes()).collect();
                tree.insert(stored, value)?;
            }
        }
        Ok(())
    }

    /// The seqs recorded for a project, ascending.
    pub fn project_seqs(&self, project: &str) -> Result<Vec<u64>, LogError> {
        let prefix = project_prefix(project.as_bytes());
        let mut out = Vec::new();
        for item in self.by_project.scan_prefix(&prefix) {
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

    /// Every entry as (index, key, seqs); the key is the project id or the date as stored.
    pub fn entries(&self, each: &mut IndexEntries<'_>) -> Result<(), LogError> {
        let mut seqs = Vec::new();
        for (index, tree) in self.trees() {
            for item in tree.iter() {
                let (k, v) = item?;
                if k.len() < 8 || v.len() % 8 != 0 {
                    let name = index.name();
                    return Err(LogError::Corrupt(format!("malformed {name} index entry")));
                }
                let mut key = &k[..k.len() - 8];
                if index == Index::Project {
                    key = key.strip_suffix(&[0]).unwrap_or(key);
                }
                seqs.clear();
                seqs.extend(
                    v.chunks_exact(8)
                        .map(|c| u64::from_be_bytes(c.try_into().expect("invariant: 8 bytes"))),
                );
                each(index, key, &seqs);
            }
        }
        Ok(())
    }

    /// Drops the entries of seqs after `head_seq`. (Goes before the blocks: see
    /// `SledLog::truncate_after`.)
    pub fn truncate_after(&self, head_seq: u64) -> Result<(), LogError> {
        for (_, tree) in self.trees() {
            for item in tree.iter() {
                let (k, _) = item?;
                if k.len() >= 8 && be_u64(&k[k.len() - 8..])? > head_seq {
                    tree.remove(k)?;
                }
            }
        }
        Ok(())
    }
}
