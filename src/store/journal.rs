//! jixiao's own write-ahead journal (`jixiao-journal`): how a small append becomes durable
//! with one fdatasync. sled 0.34.7 cannot make a write durable without waiting on the disk
//! twice: its log write ends in sync_file_range, which flushes neither the drive's cache nor
//! the file's size, so an fdatasync of its file must follow. A commit of up to 1 MiB of
//! records is instead appended here and synced once, then written to sled without waiting. sled
//! is made durable, and the journal emptied, at a checkpoint: when the journal outgrows
//! `CHECKPOINT_BYTES`, after a large append, and when the ledger is closed. Opening a ledger
//! replays whatever the journal holds beyond sled's head (`Store::replay_journal`).
//!
//! A commit is `JXJ1`, the first seq (u64), the length (u32) and CRC-32 (u32) of its
//! records, then the records as blocks hold them. A commit cut short by a crash, or one
//! whose CRC fails, ends the journal: it was never acknowledged, or, if it was, the head
//! file says so and the open is refused naming the first lost seq.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;

use super::{io_error, records, Head, IndexBatch, RecordRef, Staging, Store, StoreError};
use crate::event::hash::from_hex;
use crate::event::jcs_scan;

pub const JOURNAL_FILE: &str = "jixiao-journal";
/// Past this size the next commit also checkpoints (sled durable, journal emptied).
pub const CHECKPOINT_BYTES: u64 = 4 << 20;
/// Larger commits go straight to sled: journaling them would write their records twice.
pub const MAX_COMMIT_BYTES: usize = 1 << 20;
const MAGIC: &[u8; 4] = b"JXJ1";
const COMMIT_HEADER_BYTES: usize = 20;

pub struct Journal {
    file: File,
    len: u64,
}

/// One commit read back: the first seq and the records, encoded as blocks hold them.
pub type Commit = (u64, Vec<u8>);

impl Journal {
    /// Opens the ledger's journal, creating it (and syncing its directory entry) if absent.
    pub fn open(dir: &Path) -> std::io::Result<Journal> {
        let path = dir.join(JOURNAL_FILE);
        let existed = path.exists();
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)?;
        if !existed {
            File::open(dir)?.sync_all()?;
        }
        let len = file.metadata()?.len();
        Ok(Journal { file, len })
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    /// Appends one commit and makes it durable: the point at which its events are written.
    pub fn append(&mut self, first_seq: u64, encoded: &[u8]) -> std::io::Result<()> {
        let len = u32::try_from(encoded.len()).map_err(std::io::Error::other)?;
        let mut buf = Vec::with_capacity(COMMIT_HEADER_BYTES + encoded.len());
        buf.extend_from_slice(MAGIC);
        buf.extend_from_slice(&first_seq.to_le_bytes());
        buf.extend_from_slice(&len.to_le_bytes());
        buf.extend_from_slice(&crc32fast::hash(encoded).to_le_bytes());
        buf.extend_from_slice(encoded);
        self.file.write_all_at(&buf, self.len)?;
        self.file.sync_data()?;
        self.len += buf.len() as u64;
        Ok(())
    }

    /// The whole commits, in order, up to the first that is cut short or fails its CRC.
    pub fn commits(&self) -> std::io::Result<Vec<Commit>> {
        let mut bytes = vec![0u8; self.len as usize];
        self.file.read_exact_at(&mut bytes, 0)?;
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(header) = bytes.get(at..at + COMMIT_HEADER_BYTES) {
            let word = |from: usize| u32::from_le_bytes(header[from..from + 4].try_into().unwrap());
            let first_seq = u64::from_le_bytes(header[4..12].try_into().unwrap());
            let (len, crc) = (word(12) as usize, word(16));
            let body_at = at + COMMIT_HEADER_BYTES;
            let Some(body) = bytes.get(body_at..body_at + len) else {
                break;
            };
            if &header[..4] != MAGIC || crc32fast::hash(body) != crc {
                break;
            }
            out.push((first_seq, body.to_vec()));
            at = body_at + len;
        }
        Ok(out)
    }

    /// Empties the journal, once sled holds everything in it durably.
    pub fn clear(&mut self) -> std::io::Result<()> {
        self.file.set_len(0)?;
        self.file.sync_data()?;
        self.len = 0;
        Ok(())
    }
}

/// Judges one event the journal holds beyond sled's head, before it is written: the same
/// business rules, limits and time order as an append (the ledger supplies it; the store
/// knows no rules). `Err` says why; the store adds the seq and the commit.
pub type ReplayJudge<'a> = dyn FnMut(&Store, RecordRef<'_>) -> Result<(), String> + 'a;

/// The journal's commits that passed, staged for sled, and the first refused, if any.
struct Judged {
    staged: Staging,
    index: IndexBatch,
    head: Option<Head>,
    refused: Option<StoreError>,
}

impl Store {
    /// Writes to sled what the journal holds beyond sled's head (a crash came before the
    /// checkpoint), after checking that each event continues the chain and passes `judge`;
    /// then checkpoints. A commit is taken whole or not at all: at the first commit refused,
    /// the commits before it are written and made durable, the open fails naming the seq,
    /// and the journal is kept (not emptied on close), so every later open refuses it again
    /// until it is moved aside.
    pub(super) fn replay_journal(&mut self, judge: &mut ReplayJudge<'_>) -> Result<(), StoreError> {
        if self.journal.is_empty() {
            return Ok(());
        }
        let commits = self.journal.commits().map_err(io_error)?;
        let judged = self.judge_commits(&commits, judge)?;
        if let Some(head) = judged.head.filter(|h| Some(*h) != self.head) {
            self.write_staged(&judged.staged)?;
            self.write_index(&judged.index)?;
            self.set_head(head)?;
        }
        let Some(refused) = judged.refused else {
            return self.checkpoint();
        };
        self.keep_journal = true;
        self.sync_new_blobs()?;
        self.db.flush()?;
        self.sync_files()?;
        Err(refused)
    }

    fn judge_commits(
        &self,
        commits: &[Commit],
        judge: &mut ReplayJudge<'_>,
    ) -> Result<Judged, StoreError> {
        let next = |head: Option<Head>| head.map_or(1, |h| h.seq + 1);
        let mut out = Judged {
            staged: Staging::new(next(self.head)),
            index: IndexBatch::new(next(self.head)),
            head: self.head,
            refused: None,
        };
        for (first_seq, encoded) in commits {
            let mut taken: Vec<(RecordRef, jcs_scan::Top)> = Vec::new();
            let mut head = out.head;
            for r in records(*first_seq, encoded) {
                let r = r.map_err(|what| StoreError::Damaged {
                    seq: *first_seq,
                    what: format!("journal: {what}"),
                })?;
                if r.seq < next(head) {
                    self.check_journaled(r.seq, r.hash)?;
                    continue;
                }
                match self.judge_record(r, head, judge) {
                    Ok(top) => taken.push((r, top)),
                    Err(why) => {
                        out.refused = Some(refused(*first_seq, encoded, r.seq, out.head, &why));
                        return Ok(out);
                    }
                }
                head = Some(Head {
                    seq: r.seq,
                    hash: *r.hash,
                });
            }
            for (r, top) in taken {
                out.staged.push(r.seq, r.hash, r.bytes);
                out.index.add(r.seq, top.project, top.effective);
            }
            out.head = head;
        }
        Ok(out)
    }

    /// One journaled event past the head: it must continue the chain, hash right, and pass
    /// the ledger's judge.
    fn judge_record<'r>(
        &self,
        r: RecordRef<'r>,
        head: Option<Head>,
        judge: &mut ReplayJudge<'_>,
    ) -> Result<jcs_scan::Top<'r>, String> {
        let top = jcs_scan::envelope(r.bytes)
            .ok_or("unreadable event (not a canonical envelope)".to_string())?;
        let prev = head.map_or([0; 32], |h| h.hash);
        let expected = head.map_or(1, |h| h.seq + 1);
        if r.seq != expected || top.seq != r.seq || from_hex(top.prev) != Some(prev) {
            return Err("does not continue the chain at the head".into());
        }
        if crate::event::hash::event_hash(r.bytes) != *r.hash {
            return Err("stored bytes do not hash to the stored hash".into());
        }
        judge(self, r)?;
        Ok(top)
    }

    /// A journaled event sled already has must be the same event.
    fn check_journaled(&self, seq: u64, hash: &super::Hash32) -> Result<(), StoreError> {
        if self.record_hash(seq)?.as_ref() == Some(hash) {
            return Ok(());
        }
        Err(StoreError::Damaged {
            seq,
            what: "journal: the journaled event differs from the stored one".into(),
        })
    }
}

/// Why a journal commit was refused, with its seqs and where the ledger stays.
fn refused(first: u64, encoded: &[u8], seq: u64, head: Option<Head>, why: &str) -> StoreError {
    let last = first + records(first, encoded).count() as u64 - 1;
    let at = head.map_or(0, |h| h.seq);
    StoreError::Damaged {
        seq,
        what: format!(
            "日志中的提交被拒绝，未应用其任何事件 (journal commit of seqs {first}..={last} refused at seq {seq}: {why}); the ledger stays at seq {at}. Nothing enters the ledger except through its rules: move {JOURNAL_FILE} aside to discard the commit"
        ),
    }
}

impl Drop for Store {
    /// Closing checkpoints, so that a ledger at rest has an empty journal. Errors are not
    /// lost: the journal stays, and the next open replays it. A journal whose replay was
    /// refused is kept as it is.
    fn drop(&mut self) {
        if !self.journal.is_empty() && !self.keep_journal {
            let _ = self.checkpoint();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commits_round_trip_and_a_torn_tail_ends_them() {
        let dir = tempfile::tempdir().unwrap();
        let mut j = Journal::open(dir.path()).unwrap();
        assert!(j.is_empty());
        j.append(1, b"first").unwrap();
        j.append(2, b"second").unwrap();
        let whole = j.len();
        assert_eq!(
            j.commits().unwrap(),
            vec![(1, b"first".to_vec()), (2, b"second".to_vec())]
        );
        // A crash mid-write: the second commit is cut short.
        let j = {
            drop(j);
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(dir.path().join(JOURNAL_FILE))
                .unwrap();
            f.set_len(whole - 3).unwrap();
            Journal::open(dir.path()).unwrap()
        };
        assert_eq!(j.commits().unwrap(), vec![(1, b"first".to_vec())]);
        // A flipped byte in the first commit ends the journal before it.
        let path = dir.path().join(JOURNAL_FILE);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[COMMIT_HEADER_BYTES] ^= 1;
        std::fs::write(&path, bytes).unwrap();
        let mut j = Journal::open(dir.path()).unwrap();
        assert!(j.commits().unwrap().is_empty());
        j.clear().unwrap();
        assert!(j.is_empty());
    }
}
