//! jixiao's own write-ahead journal (`jixiao-journal`): how a small append becomes durable
//! with one fdatasync. sled 0.34.7 cannot make a write durable without waiting on the disk
//! twice: its log write ends in sync_file_range, which flushes neither the drive's cache nor
//! the file's size, so an fdatasync of its file must follow. A commit of up to 1 MiB of
//! records is instead appended here and synced once, then written to sled without waiting. sled
//! is made durable, and the journal emptied, at a checkpoint: when the journal outgrows
//! `CHECKPOINT_BYTES`, after a large append, and when the ledger is closed. Opening a ledger
//! replays whatever the journal holds beyond sled's head (`judge_commits`, then
//! `SledLog::replay_journal` writes what passed).
//!
//! A commit is `JXJ1`, the first seq (u64), the length (u32) and CRC-32 (u32) of its
//! records, then the records as blocks hold them. A commit cut short by a crash, or one
//! whose CRC fails, ends the journal: it was never acknowledged, or, if it was, the head
//! file says so and the open is refused naming the first lost seq.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;

use super::SledLog;
use crate::event::hash::from_hex;
use crate::event::{jcs_scan, Hash32};
use crate::ledger::log::EventLog;
use crate::ledger::log::{records, Head, IndexBatch, LogError, RecordRef, ReplayJudge, Staging};

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

/// The journal's commits that passed, staged for sled, and the first refused, if any.
pub struct Judged {
    pub staged: Staging,
    pub index: IndexBatch,
    pub head: Option<Head>,
    pub refused: Option<LogError>,
}

/// Judges what the journal holds beyond `log`'s head (a crash came before the checkpoint):
/// each event must continue the chain, hash right and pass `judge`. A commit is taken whole
/// or not at all: the commits before the first refused one are staged, and the refusal
/// names its seq.
pub fn judge_commits(
    log: &SledLog,
    commits: &[Commit],
    judge: &mut ReplayJudge<'_>,
) -> Result<Judged, LogError> {
    let next = |head: Option<Head>| head.map_or(1, |h| h.seq + 1);
    let mut out = Judged {
        staged: Staging::new(next(log.head())),
        index: IndexBatch::new(next(log.head())),
        head: log.head(),
        refused: None,
    };
    for (first_seq, encoded) in commits {
        let mut taken: Vec<(RecordRef, jcs_scan::Top)> = Vec::new();
        let mut head = out.head;
        for r in records(*first_seq, encoded) {
            let r = r.map_err(|what| LogError::Damaged {
                seq: *first_seq,
                what: format!("journal: {what}"),
            })?;
            if r.seq < next(head) {
                check_journaled(log, r.seq, r.hash)?;
                continue;
            }
            match judge_record(log, r, head, judge) {
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
/// the ledger's judge (which reads the ledger as sled holds it before the replay).
fn judge_record<'r>(
    log: &SledLog,
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
    judge(log, r)?;
    Ok(top)
}

/// A journaled event sled already has must be the same event.
fn check_journaled(log: &SledLog, seq: u64, hash: &Hash32) -> Result<(), LogError> {
    if log.stored_hash(seq)?.as_ref() == Some(hash) {
        return Ok(());
    }
    Err(LogError::Damaged {
        seq,
        what: "journal: the journaled event differs from the stored one".into(),
    })
}

/// Why a journal commit was refused, with its seqs and where the ledger stays.
fn refused(first: u64, encoded: &[u8], seq: u64, head: Option<Head>, why: &str) -> LogError {
    let last = first + records(first, encoded).count() as u64 - 1;
    let at = head.map_or(0, |h| h.seq);
    LogError::Damaged {
        seq,
        what: format!(
            "日志中的提交被拒绝，未应用其任何事件 (journal commit of seqs {first}..={last} refused at seq {seq}: {why}); the ledger stays at seq {at}. Nothing enters the ledger except through its rules: move {JOURNAL_FILE} aside to discard the commit"
        ),
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
