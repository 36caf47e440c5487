//! The only module that names sled. Events live in blocks (many consecutive events per
//! sled value, keyed by the big-endian seq of the first), beside `meta` and two indexes.
//!
//! Write protocol: blocks and index entries first, the head in `meta` last, then one flush.
//! On open, anything stored past the head (an interrupted write) is removed, so a crash can
//! only lose writes that were never acknowledged. After the flush the head is also written
//! to the head file (`witness`), which catches acknowledged events that sled later drops.

mod block;
mod dir;
mod journal;
mod read;
mod region;
mod scan;
mod witness;
mod write;

pub use write::{IndexBatch, Staging};

pub use block::{
    decode_block, encode_record, push_record, records, Record, RecordRef, RECORD_HEADER_BYTES,
};
pub use dir::{check_ledger_dir, dir_kind, DirKind};
pub use journal::{ReplayJudge, JOURNAL_FILE};
pub use scan::{scan_files, scan_held, CopyKey, DamagedCopy, Extent, IntactCopies, Scan};
pub use witness::HEAD_FILE;

use std::path::{Path, PathBuf};

use crate::event::hash::to_hex;
use crate::event::{Hash32, ZERO_HASH};

/// A block never exceeds this (a whole event always fits: `MAX_EVENT_BYTES` + its header),
/// and one block alone stays under sled's 128 KiB blob threshold.
pub const BLOCK_MAX_BYTES: usize = 64 * 1024;
/// A block is closed once another record would take it past this size. sled splits a leaf
/// only above 16 entries, so a leaf of blocks this size (17 × 6 KiB) stays under the blob
/// threshold too, and sled never writes the events to unsynced blob files. Readers accept
/// any block size: this is how the writer packs, not part of the format.
pub const BLOCK_TARGET_BYTES: usize = 6 * 1024;
pub const BLOCK_MAX_EVENTS: usize = 256;
pub const FORMAT_VERSION: &str = "1";
/// The envelope format of new ledgers (DESIGN.md "Envelope v2"), kept in `meta` under
/// `ENVELOPE_KEY`; a ledger without that entry is format 1.
pub const ENVELOPE_FORMAT: u32 = 2;
const ENVELOPE_KEY: &str = "envelope";
/// Set in `meta` once the ledger has a head file, so that a missing one is noticed.
const HEAD_FILE_KEY: &str = "head_file";
const SLED_CHECKSUM: &str = "sled found a checksum mismatch in its log";
/// sled's page cache (its default is 1 GiB). Blocks are read once per pass, so a large
/// cache only holds memory during imports; a runtime setting, not stored in the ledger.
/// (sled 0.34's LRU evicts only after 64 accesses queue up in each of its 256 shards, so a
/// single pass over a small ledger keeps what it read whatever this says.)
pub const SLED_CACHE_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("ledger at {0} is in use by another process; retry when it has finished")]
    InUse(PathBuf),
    #[error("{0} 不是 jixiao 账本：没有账本 (no ledger at {0}; create one with `jixiao init`); nothing was written")]
    Missing(PathBuf),
    #[error("a ledger already exists at {0}")]
    Exists(PathBuf),
    /// A directory that holds something other than a ledger; nothing was written to it.
    #[error("{} 不是 jixiao 账本 (not a jixiao ledger): it holds {holds}; a ledger holds sled's conf and db beside jixiao-head. Nothing was written", path.display())]
    NotALedger { path: PathBuf, holds: String },
    /// `init` in a directory that is neither empty nor a ledger.
    #[error("{} 不是空目录，也不是 jixiao 账本：不在此创建账本 (refusing to create a ledger in a non-empty directory that is not one): it holds {holds}. Nothing was written", path.display())]
    NotEmpty { path: PathBuf, holds: String },
    #[error("ledger storage is damaged: {0}")]
    Corrupt(String),
    /// Damage that can be placed: `seq` is the first event lost or altered.
    #[error("ledger storage is damaged at seq {seq}: {what}")]
    Damaged { seq: u64, what: String },
    #[error("storage error: {0}")]
    Sled(sled::Error),
    #[error("cannot write the head file: {0}")]
    HeadFile(std::io::Error),
}

impl From<sled::Error> for StoreError {
    fn from(e: sled::Error) -> StoreError {
        match e {
            sled::Error::Corruption { at, .. } => StoreError::Corrupt(format!(
                "{SLED_CHECKSUM}{} (the ledger files were damaged or edited)",
                at.map(|p| format!(" at {p:?}")).unwrap_or_default()
            )),
            other => StoreError::Sled(other),
        }
    }
}

impl StoreError {
    /// The first bad seq, when the damage could be placed.
    pub fn damaged_seq(&self) -> Option<u64> {
        match self {
            StoreError::Damaged { seq, .. } => Some(*seq),
            _ => None,
        }
    }
    /// Damage to the stored ledger (as opposed to usage, locking or I/O trouble).
    pub fn is_damage(&self) -> bool {
        matches!(self, StoreError::Damaged { .. } | StoreError::Corrupt(_))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Head {
    pub seq: u64,
    pub hash: Hash32,
}

pub struct Store {
    db: sled::Db,
    blocks: sled::Tree,
    meta: sled::Tree,
    by_project: sled::Tree,
    by_date: sled::Tree,
    path: PathBuf,
    ledger_id: String,
    head: Option<Head>,
    /// sled's data file, to fsync it: sled's own flush only uses sync_file_range, which
    /// neither flushes the drive's cache nor the file's size.
    data_file: std::fs::File,
    /// The newest blob file already fsynced (sled writes pages over its 128 KiB blob
    /// threshold to files of their own, named by log sequence number, without fsync).
    synced_blob: u64,
    /// Small commits, durable here before sled has them durably (see `journal`).
    journal: journal::Journal,
    /// The journal's replay was refused: it is kept as evidence, not emptied on close.
    keep_journal: bool,
}

/// One stored index entry: (tree name, key prefix, seqs).
pub type IndexEntry = (&'static str, Vec<u8>, Vec<u64>);

pub fn project_prefix(project: &str) -> Vec<u8> {
    let mut k = project.as_bytes().to_vec();
    k.push(0);
    k
}

impl Store {
    /// Creates a new ledger in a missing or empty directory; fails if one exists there, or
    /// if the directory holds anything else (`NotEmpty`, nothing written). A ledger
    /// directory whose creation was cut short (no ledger id yet) is completed.
    pub fn create(path: &Path, ledger_id: &str) -> Result<Store, StoreError> {
        Store::create_with(path, ledger_id, ENVELOPE_FORMAT)
    }

    /// `create` with the envelope format its events will have (`ENVELOPE_FORMAT` for new
    /// ledgers; 1 only to make a format-1 ledger, as tests of old ledgers do).
    pub fn create_with(
        path: &Path,
        ledger_id: &str,
        envelope_format: u32,
    ) -> Result<Store, StoreError> {
        if let DirKind::Foreign { holds } = dir_kind(path)? {
            return Err(StoreError::NotEmpty {
                path: path.to_path_buf(),
                holds,
            });
        }
        let mut store = Store::open_raw(path)?;
        if store.meta.get("ledger_id")?.is_some() {
            return Err(StoreError::Exists(path.to_path_buf()));
        }
        // The head file first: a ledger whose meta promises one always has it.
        witness::write(path, 0, &ZERO_HASH).map_err(StoreError::HeadFile)?;
        store.meta.insert("format", FORMAT_VERSION)?;
        store.meta.insert("ledger_id", ledger_id)?;
        if envelope_format != 1 {
            store
                .meta
                .insert(ENVELOPE_KEY, envelope_format.to_string().as_bytes())?;
        }
        store.meta.insert(HEAD_FILE_KEY, "1")?;
        store.db.flush()?;
        store.sync_files()?;
        // The new files' directory entries, and the directory's own entry in its parent.
        sync_dir(path)?;
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            sync_dir(parent)?;
        }
        store.ledger_id = ledger_id.to_string();
        Ok(store)
    }

    /// Opens an existing ledger and recovers from an interrupted write.
    ///
    /// sled 0.34.7 checks its log on open and, on a checksum mismatch, overwrites the rest of
    /// that log segment before it reports anything, so the evidence of which event was hit is
    /// gone afterwards. `verify` therefore scans the files (`scan_files`) before this.
    pub fn open(path: &Path, judge: &mut ReplayJudge<'_>) -> Result<Store, StoreError> {
        check_ledger_dir(path)?;
        remove_unfinished_snapshots(path)?;
        let mut store = Store::open_raw(path)?;
        let id = store
            .meta
            .get("ledger_id")?
            .ok_or_else(|| StoreError::Missing(path.to_path_buf()))?;
        store.ledger_id = String::from_utf8(id.to_vec())
            .map_err(|_| StoreError::Corrupt("ledger id is not UTF-8".into()))?;
        store.head = store.read_head()?;
        store.recover()?;
        store.replay_journal(judge)?;
        store.check_head_file()?;
        Ok(store)
    }

    /// Compares the head with the head file written after the last acknowledged commit.
    /// A ledger made before head files existed gets one now (trust on first use).
    fn check_head_file(&self) -> Result<(), StoreError> {
        let head = self.head.map_or((0, ZERO_HASH), |h| (h.seq, h.hash));
        let Some((seq, hash)) = witness::read(&self.path).map_err(StoreError::Corrupt)? else {
            if self.meta.get(HEAD_FILE_KEY)?.is_some() {
                return Err(StoreError::Corrupt(format!(
                    "the head file {HEAD_FILE} is missing from {}",
                    self.path.display()
                )));
            }
            witness::write(&self.path, head.0, &head.1).map_err(StoreError::HeadFile)?;
            self.meta.insert(HEAD_FILE_KEY, "1")?;
            self.db.flush()?;
            return Ok(());
        };
        if seq > head.0 {
            return Err(self.lost_after(head.0, seq));
        }
        let stored = if seq == head.0 {
            Some(head.1)
        } else {
            self.record_hash(seq)?
        };
        if seq > 0 && stored != Some(hash) {
            return Err(StoreError::Damaged {
                seq,
                what: format!(
                    "seq {seq} is not the event acknowledged as seq {seq} (the head file {HEAD_FILE} says hash {})",
                    to_hex(&hash)
                ),
            });
        }
        Ok(())
    }

    /// Events after `head_seq` up to `acknowledged` were reported durable but are gone.
    fn lost_after(&self, head_seq: u64, acknowledged: u64) -> StoreError {
        let first_lost = head_seq + 1;
        StoreError::Damaged {
            seq: first_lost,
            what: format!(
                "seqs {first_lost}..={acknowledged} were acknowledged (head file {HEAD_FILE}) but the store ends at seq {head_seq}: sled silently drops a damaged message at the end of its log"
            ),
        }
    }

    fn record_hash(&self, seq: u64) -> Result<Option<Hash32>, StoreError> {
        let Some(block) = self.blocks.range(..=be(seq)).next_back() else {
            return Ok(None);
        };
        let (key, value) = block?;
        let first = be_u64(&key)?;
        let records = decode_block(first, &value).map_err(StoreError::Corrupt)?;
        Ok(records.get((seq - first) as usize).map(|r| r.hash))
    }

    fn open_raw(path: &Path) -> Result<Store, StoreError> {
        let db = retry_while_in_use(|| {
            sled::Config::new()
                .path(path)
                .cache_capacity(SLED_CACHE_BYTES)
                .open()
                .map_err(|e| map_open_error(e, path))
        })?;
        let tree = |name: &str| db.open_tree(name);
        let data_file = std::fs::File::open(path.join(SLED_DATA_FILE)).map_err(io_error)?;
        // Blob files already present were synced by the commit that acknowledged them.
        let synced_blob = std::fs::read_dir(path.join("blobs"))
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u64>().ok())
            .max()
            .unwrap_or(0);
        Ok(Store {
            blocks: tree("blocks")?,
            meta: tree("meta")?,
            by_project: tree("by_project")?,
            by_date: tree("by_date")?,
            db,
            path: path.to_path_buf(),
            ledger_id: String::new(),
            head: None,
            data_file,
            synced_blob,
            journal: journal::Journal::open(path).map_err(io_error)?,
            keep_journal: false,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
    pub fn ledger_id(&self) -> &str {
        &self.ledger_id
    }

    /// The envelope format of the ledger's events: 2 (`"v":2`, `project_prev`) for ledgers
    /// made since issue 15, 1 for older ones (no `envelope` entry in `meta`).
    pub fn envelope_format(&self) -> Result<u32, StoreError> {
        Ok(match self.meta.get(ENVELOPE_KEY)? {
            None => 1,
            Some(v) => std::str::from_utf8(&v)
                .ok()
                .and_then(|t| t.parse().ok())
                .ok_or_else(|| StoreError::Corrupt("envelope format is not a number".into()))?,
        })
    }
    pub fn head(&self) -> Option<Head> {
        self.head
    }

    fn read_head(&self) -> Result<Option<Head>, StoreError> {
        let Some(v) = self.meta.get("head")? else {
            return Ok(None);
        };
        if v.len() != 40 {
            return Err(StoreError::Corrupt(
                "head record has the wrong length".into(),
            ));
        }
        let seq = u64::from_be_bytes(v[..8].try_into().expect("invariant: 8 bytes"));
        let hash: Hash32 = v[8..].try_into().expect("invariant: 32 bytes");
        Ok(Some(Head { seq, hash }))
    }

    /// Removes blocks and index entries past the head: they belong to a write that never
    /// reached its head update, so it was never acknowledged.
    fn recover(&mut self) -> Result<(), StoreError> {
        let head_seq = self.head.map_or(0, |h| h.seq);
        let Some((key, value)) = self.blocks.last()? else {
            return match self.head {
                None => Ok(()),
                Some(h) => Err(StoreError::Damaged {
                    seq: 1,
                    what: format!("head is seq {} but no events are stored", h.seq),
                }),
            };
        };
        let last_first = be_u64(&key)?;
        let records = decode_block(last_first, &value).map_err(|what| StoreError::Damaged {
            seq: last_first,
            what,
        })?;
        let last_seq = last_first + records.len() as u64 - 1;
        if last_seq == head_seq {
            return self.check_head_record(records.last());
        }
        if last_seq < head_seq {
            return Err(StoreError::Damaged {
                seq: last_seq + 1,
                what: format!("head is seq {head_seq} but the last stored event is seq {last_seq}"),
            });
        }
        self.truncate_after(head_seq)?;
        self.db.flush()?;
        Ok(())
    }

    fn check_head_record(&self, last: Option<&Record>) -> Result<(), StoreError> {
        match (self.head, last) {
            (Some(h), Some(r)) if r.hash == h.hash => Ok(()),
            (Some(h), _) => Err(StoreError::Damaged {
                seq: h.seq,
                what: format!(
                    "the last stored event does not match the head (seq {})",
                    h.seq
                ),
            }),
            (None, _) => Ok(()),
        }
    }

    /// Drops everything stored after `head_seq` (used by recovery and by a failed import).
    ///
    /// Index entries go first and the blocks last: recovery on open looks only at the last
    /// block, so while any index entry past the head remains, so does a block past it, and
    /// a truncation cut short by a crash is found and finished on the next open.
    pub fn truncate_after(&mut self, head_seq: u64) -> Result<(), StoreError> {
        for tree in [&self.by_project, &self.by_date] {
            for item in tree.iter() {
                let (k, _) = item?;
                if k.len() >= 8 && be_u64(&k[k.len() - 8..])? > head_seq {
                    tree.remove(k)?;
                }
            }
        }
        let from = head_seq + 1;
        for item in self.blocks.range(be(from)..) {
            self.blocks.remove(item?.0)?;
        }
        if let Some((key, value)) = self.blocks.last()? {
            let first = be_u64(&key)?;
            let records = decode_block(first, &value).map_err(StoreError::Corrupt)?;
            let keep: Vec<u8> = records
                .iter()
                .filter(|r| r.seq <= head_seq)
                .flat_map(|r| encode_record(&r.hash, &r.bytes))
                .collect();
            if keep.len() != value.len() {
                self.blocks.insert(key, keep)?;
            }
        }
        if self.head.map_or(0, |h| h.seq) != head_seq {
            return Err(StoreError::Corrupt(format!(
                "cannot truncate to seq {head_seq}: head differs"
            )));
        }
        Ok(())
    }
}

/// sled 0.34.7 writes every snapshot (one per open) to `snap.<lsn>.generating`, fsyncs it and
/// renames it to `snap.<lsn>`; but choosing a snapshot on open it skips only `*.in___motion`,
/// so a `.generating` file left by a process killed in between sorts last, is read as the
/// newest snapshot, and the open fails with `Corruption` (reported as damage though no event
/// is). Such a file is never a snapshot sled finished: removed (under the ledger's lock, so
/// that no live process is writing it), sled takes the previous snapshot and replays its log.
pub fn remove_unfinished_snapshots(path: &Path) -> Result<(), StoreError> {
    use std::os::fd::AsRawFd;
    let unfinished: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(io_error)?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("snap.") && n.ends_with(".generating"))
        })
        .collect();
    if unfinished.is_empty() {
        return Ok(());
    }
    let Ok(db) = std::fs::File::open(path.join(SLED_DATA_FILE)) else {
        return Ok(());
    };
    // SAFETY: flock on a descriptor owned here; released when `db` is closed below.
    if unsafe { libc::flock(db.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
        return Ok(()); // in use: the open that follows says so
    }
    for file in unfinished {
        match std::fs::remove_file(&file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io_error(e)),
            _ => {}
        }
    }
    sync_dir(path)
}

/// sled 0.34 keeps its log in this file of the ledger directory (beside `conf` and `blobs/`).
const SLED_DATA_FILE: &str = "db";

fn io_error(e: std::io::Error) -> StoreError {
    StoreError::Sled(sled::Error::Io(e))
}

fn sync_dir(dir: &Path) -> Result<(), StoreError> {
    std::fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_error)
}

pub fn be(seq: u64) -> [u8; 8] {
    seq.to_be_bytes()
}

fn be_u64(bytes: &[u8]) -> Result<u64, StoreError> {
    let arr: [u8; 8] = bytes
        .try_into()
        .map_err(|_| StoreError::Corrupt("malformed block key".into()))?;
    Ok(u64::from_be_bytes(arr))
}

/// How long an open waits for the ledger's lock before saying it is in use.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_millis(100);

/// Runs `take` until it does not fail with `InUse`, for up to `LOCK_WAIT`. sled releases its
/// lock only when its I/O threads let go of the file, a moment after the ledger is closed: a
/// process that closes a ledger and opens it again (the bench, verify after a write) would
/// otherwise find its own ledger in use. Another process holding it still gets `InUse`.
pub(crate) fn retry_while_in_use<T>(
    mut take: impl FnMut() -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let started = std::time::Instant::now();
    loop {
        match take() {
            Err(StoreError::InUse(_)) if started.elapsed() < LOCK_WAIT => {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            other => return other,
        }
    }
}

pub(crate) fn map_open_error(e: sled::Error, path: &Path) -> StoreError {
    if let sled::Error::Io(io) = &e {
        if io.to_string().contains("could not acquire lock") {
            return StoreError::InUse(path.to_path_buf());
        }
    }
    StoreError::from(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unfinished_snapshot_does_not_stop_the_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger");
        drop(Store::create(&path, "jx-test").unwrap());
        // What a process killed while sled wrote its snapshot leaves behind.
        let unfinished = path.join("snap.FFFFFFFFFFFFFFF0.generating");
        std::fs::write(&unfinished, b"partial snapshot").unwrap();
        let store = Store::open(&path, &mut |_, _| Ok(())).unwrap();
        assert_eq!(store.ledger_id(), "jx-test");
        assert!(!unfinished.exists());
    }
}
