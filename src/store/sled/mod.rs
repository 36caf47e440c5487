//! The sled engine, the embedded default: the only module that names sled. Events live in
//! blocks (many consecutive events per sled value, keyed by the big-endian seq of the first),
//! beside `meta` and two indexes; jixiao's own files beside sled's make commits durable with
//! one disk round trip (the journal) and catch what sled would drop silently (the head file).
//!
//! Write protocol: blocks and index entries first, the head in `meta` last, then one flush.
//! On open, anything stored past the head (an interrupted write) is removed, so a crash can
//! only lose writes that were never acknowledged. After the flush the head is also written
//! to the head file, which catches acknowledged events that sled later drops.

mod blocks;
mod check;
mod dir;
mod files;
mod head_file;
mod index;
mod journal;
mod meta;
mod readonly;
mod region;
mod scan;

pub use dir::{check_ledger_dir, dir_kind, DirKind};
pub use files::{remove_unfinished_snapshots, writable};
pub use head_file::{HEAD_FILE, ID_FILE};
pub use journal::JOURNAL_FILE;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use blocks::BlockTree;
use check::SledCheck;
use files::DataFiles;
use head_file::{HeadFile, IdFile};
use index::IndexTrees;
use journal::Journal;
use meta::Meta;

use crate::event::hash::to_hex;
use crate::event::{Hash32, ZERO_HASH};
use crate::ledger::log::Problem;
use crate::ledger::log::{
    Access, Block, Blocks, ChainOutcome, Commit, EventLog, Head, IndexBatch, IndexEntries,
    IntactCopies, LogError, ReplayJudge, Staging,
};

/// A block never exceeds this (a whole event always fits: `MAX_EVENT_BYTES` + its header),
/// and one block alone stays under sled's 128 KiB blob threshold.
pub const BLOCK_MAX_BYTES: usize = 64 * 1024;
/// A block is closed once another record would take it past this size. sled splits a leaf
/// only above 16 entries, so a leaf of blocks this size (17 × 6 KiB) stays under the blob
/// threshold too, and sled never writes the events to unsynced blob files. Readers accept
/// any block size: this is how the writer packs, not part of the format.
pub const BLOCK_TARGET_BYTES: usize = 6 * 1024;
pub const BLOCK_MAX_EVENTS: usize = 256;
const SLED_CHECKSUM: &str = "sled found a checksum mismatch in its log";
/// sled's page cache (its default is 1 GiB). Blocks are read once per pass, so a large
/// cache only holds memory during imports; a runtime setting, not stored in the ledger.
/// (sled 0.34's LRU evicts only after 64 accesses queue up in each of its 256 shards, so a
/// single pass over a small ledger keeps what it read whatever this says.)
pub const SLED_CACHE_BYTES: u64 = 64 * 1024 * 1024;

impl From<sled::Error> for LogError {
    fn from(e: sled::Error) -> LogError {
        match e {
            sled::Error::Corruption { at, .. } => LogError::Corrupt(format!(
                "{SLED_CHECKSUM}{} (the ledger files were damaged or edited)",
                at.map(|p| format!(" at {p:?}")).unwrap_or_default()
            )),
            sled::Error::Io(e) => LogError::Io(e),
            other => LogError::Engine(other.to_string()),
        }
    }
}

/// sled's error on open: its lock taken is `InUse`, a directory it may not write `ReadOnly`.
fn map_open_error(e: sled::Error, path: &Path) -> LogError {
    if let sled::Error::Io(io) = &e {
        if io.to_string().contains("could not acquire lock") {
            return LogError::InUse(path.to_path_buf());
        }
        if files::denied(io) {
            return LogError::ReadOnly(path.to_path_buf());
        }
    }
    LogError::from(e)
}

pub fn be(seq: u64) -> [u8; 8] {
    seq.to_be_bytes()
}

fn be_u64(bytes: &[u8]) -> Result<u64, LogError> {
    let arr: [u8; 8] = bytes
        .try_into()
        .map_err(|_| LogError::Corrupt("malformed block key".into()))?;
    Ok(u64::from_be_bytes(arr))
}

/// Opens the ledger directory `path`: sled itself where it can write, else (read-only media,
/// or `access.read_only`) a read-only view read without sled (`readonly`).
pub fn open(
    path: &Path,
    access: Access,
    judge: &mut ReplayJudge<'_>,
) -> Result<Box<dyn EventLog>, LogError> {
    check_ledger_dir(path)?;
    if access.read_only || !writable(path)? {
        return Ok(Box::new(readonly::open(path, access)?));
    }
    Ok(Box::new(SledLog::open(path, access, judge)?))
}

pub struct SledLog {
    db: sled::Db,
    blocks: BlockTree,
    index: IndexTrees,
    meta: Meta,
    files: DataFiles,
    /// Small commits, durable here before sled has them durably (see `journal`).
    journal: Journal,
    head_file: HeadFile,
    path: PathBuf,
    ledger_id: String,
    head: Option<Head>,
    /// The envelope format, read from meta once at open (it never changes after `create`).
    format: u32,
    /// The journal's replay was refused: it is kept as evidence, not emptied on close.
    keep_journal: bool,
    /// What a verifying open scanned first (`Access::verify`).
    check: Option<SledCheck>,
}

impl SledLog {
    /// Creates a new ledger in a missing or empty directory; fails if one exists there, or
    /// if the directory holds anything else (`NotEmpty`, nothing written). A ledger
    /// directory whose creation was cut short (no ledger id yet) is completed.
    pub fn create(path: &Path, ledger_id: &str) -> Result<SledLog, LogError> {
        SledLog::create_with(path, ledger_id, crate::ledger::log::ENVELOPE_FORMAT)
    }

    /// `create` with the envelope format its events will have (`ENVELOPE_FORMAT` for new
    /// ledgers; 1 only to make a format-1 ledger, as tests of old ledgers do).
    pub fn create_with(
        path: &Path,
        ledger_id: &str,
        envelope_format: u32,
    ) -> Result<SledLog, LogError> {
        if let DirKind::Foreign { holds } = dir_kind(path)? {
            return Err(LogError::NotEmpty {
                path: path.to_path_buf(),
                holds,
            });
        }
        let mut log = SledLog::open_raw(path)?;
        if log.meta.ledger_id()?.is_some() {
            return Err(LogError::Exists(path.to_path_buf()));
        }
        // The head file first: a ledger whose meta promises one always has it.
        log.head_file
            .write(0, &ZERO_HASH)
            .map_err(head_file::write_error)?;
        IdFile::new(path).write(ledger_id)?;
        log.meta.init(ledger_id, envelope_format)?;
        log.format = envelope_format;
        log.db.flush()?;
        log.files.sync()?;
        // The new files' directory entries, and the directory's own entry in its parent.
        files::sync_dir(path)?;
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            files::sync_dir(parent)?;
        }
        log.ledger_id = ledger_id.to_string();
        Ok(log)
    }

    /// Opens an existing ledger and recovers from an interrupted write; then replays what
    /// the journal holds beyond sled's head, each event judged by `judge` first. A verifying
    /// open (`access.verify`) scans the files sled's recovery reads before sled opens them,
    /// and places damage sled reports at a seq.
    pub fn open(
        path: &Path,
        access: Access,
        judge: &mut ReplayJudge<'_>,
    ) -> Result<SledLog, LogError> {
        check_ledger_dir(path)?;
        let check = access
            .verify
            .then(|| SledCheck::before_open(path))
            .transpose()?;
        match SledLog::open_checked(path, judge) {
            Ok(mut log) => {
                log.check = check;
                Ok(log)
            }
            Err(e) => Err(match &check {
                Some(check) => check.place_open(e),
                None => e,
            }),
        }
    }

    fn open_checked(path: &Path, judge: &mut ReplayJudge<'_>) -> Result<SledLog, LogError> {
        remove_unfinished_snapshots(path)?;
        let mut log = SledLog::open_raw(path)?;
        log.ledger_id = log
            .meta
            .ledger_id()?
            .ok_or_else(|| LogError::Missing(path.to_path_buf()))?;
        log.head = log.meta.head()?;
        log.format = log.meta.envelope_format()?;
        log.recover()?;
        log.replay_journal(judge)?;
        log.check_head_file()?;
        let ids = IdFile::new(path);
        if ids.read().map_err(LogError::Corrupt)?.is_none() {
            // A ledger made before id files existed gets one now.
            ids.write(&log.ledger_id)?;
        }
        Ok(log)
    }

    fn open_raw(path: &Path) -> Result<SledLog, LogError> {
        let db = files::retry_while_in_use(|| {
            sled::Config::new()
                .path(path)
                .cache_capacity(SLED_CACHE_BYTES)
                .open()
                .map_err(|e| map_open_error(e, path))
        })?;
        let tree = |name: &str| db.open_tree(name);
        Ok(SledLog {
            blocks: BlockTree::new(tree("blocks")?),
            index: IndexTrees::new(tree("by_project")?, tree("by_date")?),
            meta: Meta::new(tree("meta")?),
            files: DataFiles::open(path)?,
            journal: Journal::open(path)?,
            head_file: HeadFile::new(path),
            db,
            path: path.to_path_buf(),
            ledger_id: String::new(),
            head: None,
            format: 1,
            keep_journal: false,
            check: None,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The stored hash of `seq` (at or below the head or not), if a block holds it.
    fn stored_hash(&self, seq: u64) -> Result<Option<Hash32>, LogError> {
        self.blocks.hash_of(seq)
    }
}

/// Recovery and the head file, on open.
impl SledLog {
    /// Removes blocks and index entries past the head: they belong to a write that never
    /// reached its head update, so it was never acknowledged.
    fn recover(&mut self) -> Result<(), LogError> {
        let head_seq = self.head.map_or(0, |h| h.seq);
        let Some((last_first, records)) = self.blocks.last()? else {
            return match self.head {
                None => Ok(()),
                Some(h) => Err(LogError::Damaged {
                    seq: 1,
                    what: format!("head is seq {} but no events are stored", h.seq),
                }),
            };
        };
        let last_seq = last_first + records.len() as u64 - 1;
        if last_seq == head_seq {
            return match (self.head, records.last()) {
                (Some(h), Some(r)) if r.hash != h.hash => Err(LogError::Damaged {
                    seq: h.seq,
                    what: format!(
                        "the last stored event does not match the head (seq {})",
                        h.seq
                    ),
                }),
                _ => Ok(()),
            };
        }
        if last_seq < head_seq {
            return Err(LogError::Damaged {
                seq: last_seq + 1,
                what: format!("head is seq {head_seq} but the last stored event is seq {last_seq}"),
            });
        }
        self.truncate_after(head_seq)?;
        self.db.flush()?;
        Ok(())
    }

    /// Compares the head with the head file written after the last acknowledged commit.
    /// A ledger made before head files existed gets one now (trust on first use).
    fn check_head_file(&self) -> Result<(), LogError> {
        let head = self.head.map_or((0, ZERO_HASH), |h| (h.seq, h.hash));
        let Some((seq, hash)) = self.head_file.read().map_err(LogError::Corrupt)? else {
            if self.meta.has_head_file()? {
                return Err(LogError::Corrupt(format!(
                    "the head file {HEAD_FILE} is missing from {}",
                    self.path.display()
                )));
            }
            self.head_file
                .write(head.0, &head.1)
                .map_err(head_file::write_error)?;
            self.meta.note_head_file()?;
            self.db.flush()?;
            return Ok(());
        };
        if seq > head.0 {
            return Err(lost_after(head.0, seq));
        }
        let stored = if seq == head.0 {
            Some(head.1)
        } else {
            self.stored_hash(seq)?
        };
        if seq > 0 && stored != Some(hash) {
            return Err(LogError::Damaged {
                seq,
                what: format!(
                    "seq {seq} is not the event acknowledged as seq {seq} (the head file {HEAD_FILE} says hash {})",
                    to_hex(&hash)
                ),
            });
        }
        Ok(())
    }

    /// Drops everything stored after `head_seq` (used by recovery and by a failed import).
    ///
    /// Index entries go first and the blocks last: recovery on open looks only at the last
    /// block, so while any index entry past the head remains, so does a block past it, and
    /// a truncation cut short by a crash is found and finished on the next open.
    fn truncate_after(&mut self, head_seq: u64) -> Result<(), LogError> {
        self.index.truncate_after(head_seq)?;
        self.blocks.truncate_after(head_seq)?;
        if self.head.map_or(0, |h| h.seq) != head_seq {
            return Err(LogError::Corrupt(format!(
                "cannot truncate to seq {head_seq}: head differs"
            )));
        }
        Ok(())
    }

    /// Writes to sled what the journal holds beyond sled's head, after `journal::judge_commits`
    /// judged it; then checkpoints. At the first commit refused, the commits before it are
    /// written and made durable, the open fails naming the seq, and the journal is kept (not
    /// emptied on close), so every later open refuses it again until it is moved aside.
    fn replay_journal(&mut self, judge: &mut ReplayJudge<'_>) -> Result<(), LogError> {
        if self.journal.is_empty() {
            return Ok(());
        }
        let commits = self.journal.commits()?;
        let judged = journal::judge_commits(self, &commits, judge)?;
        if let Some(head) = judged.head.filter(|h| Some(*h) != self.head) {
            self.blocks.write(&judged.staged)?;
            self.index.write(&judged.index)?;
            self.set_head(head)?;
        }
        let Some(refused) = judged.refused else {
            return self.checkpoint();
        };
        self.keep_journal = true;
        self.files.sync_new_blobs()?;
        self.db.flush()?;
        self.files.sync()?;
        Err(refused)
    }
}

/// Events after `head_seq` up to `acknowledged` were reported durable but are gone.
fn lost_after(head_seq: u64, acknowledged: u64) -> LogError {
    let first_lost = head_seq + 1;
    LogError::Damaged {
        seq: first_lost,
        what: format!(
            "seqs {first_lost}..={acknowledged} were acknowledged (head file {HEAD_FILE}) but the store ends at seq {head_seq}: sled silently drops a damaged message at the end of its log"
        ),
    }
}

/// The two durable commit paths (see README "Storage").
impl SledLog {
    /// Moves the head (written last) and makes everything durable before returning.
    fn commit_head(&mut self, head: Head) -> Result<(), LogError> {
        // Blobs first: the log about to become durable may point at them.
        self.files.sync_new_blobs()?;
        self.meta.set_head(&head)?;
        self.db.flush()?;
        self.files.sync_new_blobs()?;
        self.files.sync_data()?;
        self.head = Some(head);
        // The events are durable now; failing the command here would report a write that
        // happened as failed. A head file left behind is the state a crash at this point
        // leaves too: it is accepted on open (and checked against the event at its seq) and
        // caught up by the next commit.
        let _ = self.head_file.write(head.seq, &head.hash);
        if !self.journal.is_empty() {
            // sled now holds everything the journal did, durably.
            self.journal.clear()?;
        }
        Ok(())
    }

    /// Commits a batch staged whole (nothing of it written yet). Up to
    /// `journal::MAX_COMMIT_BYTES` of records, durable in the journal with one fdatasync,
    /// then written to sled (head last) without waiting for sled; a checkpoint follows when
    /// the journal is large. An error after the journal write leaves the events durable: the
    /// next open replays them. A larger batch goes straight to sled (`commit_head`): the same
    /// syncs as a journal commit and its checkpoint, with the records written once.
    fn commit_staged(
        &mut self,
        staged: &Staging,
        index: &IndexBatch,
        head: Head,
    ) -> Result<(), LogError> {
        if staged.encoded().len() > journal::MAX_COMMIT_BYTES {
            self.blocks.write(staged)?;
            self.index.write(index)?;
            return self.commit_head(head);
        }
        self.journal.append(staged.first_seq(), staged.encoded())?;
        self.blocks.write(staged)?;
        self.index.write(index)?;
        self.set_head(head)?;
        let _ = self.head_file.write(head.seq, &head.hash);
        if self.journal.len() > journal::CHECKPOINT_BYTES {
            self.checkpoint()?;
        }
        Ok(())
    }

    /// Makes sled durable up to its head and empties the journal.
    fn checkpoint(&mut self) -> Result<(), LogError> {
        self.files.sync_new_blobs()?;
        self.db.flush()?;
        self.files.sync()?;
        Ok(self.journal.clear()?)
    }

    /// The head in sled and in memory only: a replay on open leaves the head file alone, so
    /// that it is then checked against what the replay produced.
    fn set_head(&mut self, head: Head) -> Result<(), LogError> {
        self.meta.set_head(&head)?;
        self.head = Some(head);
        Ok(())
    }
}

impl Drop for SledLog {
    /// Closing checkpoints, so that a ledger at rest has an empty journal. Errors are not
    /// lost: the journal stays, and the next open replays it. A journal whose replay was
    /// refused is kept as it is.
    fn drop(&mut self) {
        if !self.journal.is_empty() && !self.keep_journal {
            let _ = self.checkpoint();
        }
    }
}

impl EventLog for SledLog {
    fn ledger_id(&self) -> &str {
        &self.ledger_id
    }
    fn envelope_format(&self) -> Result<u32, LogError> {
        Ok(self.format)
    }
    fn head(&self) -> Option<Head> {
        self.head
    }

    fn blocks(&self, first_seqs: std::ops::Range<u64>) -> Blocks {
        let until = first_seqs
            .end
            .min(self.head.map_or(0, |h| h.seq).saturating_add(1));
        self.blocks.range(first_seqs.start, until)
    }
    fn block_start(&self, seq: u64) -> Result<u64, LogError> {
        self.blocks.start_of(seq)
    }
    fn block_at(&self, seq: u64) -> Result<Option<Block>, LogError> {
        if seq == 0 || seq > self.head.map_or(0, |h| h.seq) {
            return Ok(None);
        }
        self.blocks.at(seq)
    }
    fn project_seqs(&self, project: &str) -> Result<Vec<u64>, LogError> {
        self.index.project_seqs(project)
    }
    fn index_entries(&self, each: &mut IndexEntries<'_>) -> Result<(), LogError> {
        self.index.entries(each)
    }
    fn size_on_disk(&self) -> Result<u64, LogError> {
        Ok(self.db.size_on_disk()?)
    }

    /// Writes the blocks, then sled's buffered log out (sync_file_range, without moving the
    /// head): bounds the memory a long import holds in sled's write buffers.
    fn write_ahead(&self, staged: &Staging) -> Result<(), LogError> {
        self.blocks.write(staged)?;
        self.db.flush()?;
        Ok(())
    }
    fn write_ahead_index(&self, index: &IndexBatch) -> Result<(), LogError> {
        self.index.write(index)
    }
    /// One process holds the ledger (sled's lock), so the head compared is the one in memory.
    fn commit(&mut self, expected: Option<Head>, commit: Commit<'_>) -> Result<(), LogError> {
        if expected != self.head {
            return Err(LogError::Conflict {
                expected_head: expected,
                found_head: self.head,
            });
        }
        if commit.staged.is_empty() && commit.index.is_empty() {
            // Everything was written ahead: only the head moves.
            return self.commit_head(commit.head);
        }
        self.commit_staged(commit.staged, commit.index, commit.head)
    }
    fn discard_ahead(&mut self) -> Result<(), LogError> {
        self.truncate_after(self.head.map_or(0, |h| h.seq))
    }

    fn intact_copies(&self) -> Option<Arc<IntactCopies>> {
        self.check.as_ref().map(SledCheck::intact)
    }
    fn self_check(&self, outcome: ChainOutcome<'_>) -> Result<Option<Problem>, LogError> {
        match outcome {
            ChainOutcome::ReadFailed(e) => check::place_read_damage(&self.path, e),
            ChainOutcome::Verified(live) => {
                Ok(self.check.as_ref().and_then(|c| c.altered_copy(live)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unfinished_snapshot_does_not_stop_the_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger");
        drop(SledLog::create(&path, "jx-test").unwrap());
        // What a process killed while sled wrote its snapshot leaves behind.
        let unfinished = path.join("snap.FFFFFFFFFFFFFFF0.generating");
        std::fs::write(&unfinished, b"partial snapshot").unwrap();
        let log = SledLog::open(&path, Access::default(), &mut |_, _| Ok(())).unwrap();
        assert_eq!(log.ledger_id(), "jx-test");
        assert!(!unfinished.exists());
    }

    #[test]
    fn a_commit_expecting_another_head_is_refused_and_stores_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut log = SledLog::create(&dir.path().join("ledger"), "jx-test").unwrap();
        let (mut staged, index) = (Staging::new(1), IndexBatch::new(1));
        staged.push(1, &[7; 32], b"{}");
        let head = Head {
            seq: 1,
            hash: [7; 32],
        };
        let expected = Some(Head {
            seq: 5,
            hash: [1; 32],
        });
        let commit = Commit {
            staged: &staged,
            index: &index,
            head,
        };
        let refused = log.commit(expected, commit).unwrap_err();
        assert!(
            matches!(
                refused,
                LogError::Conflict {
                    found_head: None,
                    ..
                }
            ),
            "{refused}"
        );
        assert_eq!(log.head(), None);
        assert_eq!(log.blocks(0..u64::MAX).count(), 0);
        assert!(
            log.blocks.last().unwrap().is_none(),
            "nothing written ahead either"
        );
    }
}
