//! The seam between the ledger and storage: the `EventLog` trait every engine implements
//! (the embedded default, in memory, a verified export), and the vocabulary it speaks —
//! heads, blocks of records as plain bytes, staged writes, index entries and engine-neutral
//! errors.
//!
//! The ledger decides what may be written and checks what it reads (hashes, chain, rules);
//! an engine only keeps records, index entries and the head, and says so when it cannot.

mod record;
mod staging;

pub use record::RECORD_HEADER_BYTES;
pub use record::{decode_block, encode_record, push_record, records, Record, RecordRef, Records};
pub use staging::{IndexBatch, Staging};

use std::path::PathBuf;
use std::sync::Arc;

use crate::event::hash::to_hex;
use crate::event::Hash32;

/// The ledger's head: the seq and hash of its last event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Head {
    pub seq: u64,
    pub hash: Hash32,
}

/// What an engine reports. Nothing engine-specific leaks through: an engine's own errors
/// become `Io` or `Engine` with its text.
#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("ledger at {0} is in use by another process; retry when it has finished")]
    InUse(PathBuf),
    #[error("{0} 不是 jixiao 账本：没有账本 (no ledger at {0}; create one with `jixiao init`); nothing was written")]
    Missing(PathBuf),
    #[error("a ledger already exists at {0}")]
    Exists(PathBuf),
    /// A directory that holds something other than a ledger; nothing was written to it.
    #[error("{} 不是 jixiao 账本 (not a jixiao ledger): it holds {holds}; a ledger holds conf and db beside jixiao-head. Nothing was written", path.display())]
    NotALedger { path: PathBuf, holds: String },
    /// `init` in a directory that is neither empty nor a ledger.
    #[error("{} 不是空目录，也不是 jixiao 账本：不在此创建账本 (refusing to create a ledger in a non-empty directory that is not one): it holds {holds}. Nothing was written", path.display())]
    NotEmpty { path: PathBuf, holds: String },
    /// The ledger can be read but not written (read-only media, `--read-only`, an export).
    #[error("the ledger at {0} is read-only (read-only media, --read-only, or an export file); nothing was written")]
    ReadOnly(PathBuf),
    /// A read-only ledger (an export, a ledger read from read-only media) that does not
    /// verify is not opened: `seq` is the first bad one.
    #[error("the ledger at {} does not verify at seq {seq}: {what}; it is not opened", path.display())]
    Unverified {
        path: PathBuf,
        seq: u64,
        what: String,
    },
    #[error("ledger storage is damaged: {0}")]
    Corrupt(String),
    /// Damage that can be placed: `seq` is the first event lost or altered.
    #[error("ledger storage is damaged at seq {seq}: {what}")]
    Damaged { seq: u64, what: String },
    /// A commit expected another head: someone else moved it (nothing of the commit was kept).
    #[error("the ledger moved while this command ran: it expected head seq {}, found seq {}; nothing was written", seq_of(expected_head), seq_of(found_head))]
    Conflict {
        expected_head: Option<Head>,
        found_head: Option<Head>,
    },
    #[error("storage error: {0}")]
    Io(std::io::Error),
    /// The engine's own error, in its words.
    #[error("storage error: {0}")]
    Engine(String),
}

fn seq_of(head: &Option<Head>) -> u64 {
    head.map_or(0, |h| h.seq)
}

impl LogError {
    /// The first bad seq, when the damage could be placed.
    pub fn damaged_seq(&self) -> Option<u64> {
        match self {
            LogError::Damaged { seq, .. } | LogError::Unverified { seq, .. } => Some(*seq),
            _ => None,
        }
    }
    /// Damage to the stored ledger (as opposed to usage, locking or I/O trouble).
    pub fn is_damage(&self) -> bool {
        matches!(
            self,
            LogError::Damaged { .. } | LogError::Corrupt(_) | LogError::Unverified { .. }
        )
    }
}

impl From<std::io::Error> for LogError {
    fn from(e: std::io::Error) -> LogError {
        LogError::Io(e)
    }
}

/// A block's bytes: owned, shared, or held by the engine (its own buffer type, not copied).
pub struct Bytes(Repr);

enum Repr {
    Owned(Vec<u8>),
    Shared(Arc<[u8]>),
    Engine(Box<dyn AsRef<[u8]> + Send + Sync>),
}

impl Bytes {
    /// Bytes an engine keeps in a buffer of its own type (no copy is made).
    pub fn engine(buffer: impl AsRef<[u8]> + Send + Sync + 'static) -> Bytes {
        Bytes(Repr::Engine(Box::new(buffer)))
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(v: Vec<u8>) -> Bytes {
        Bytes(Repr::Owned(v))
    }
}

impl From<Arc<[u8]>> for Bytes {
    fn from(v: Arc<[u8]>) -> Bytes {
        Bytes(Repr::Shared(v))
    }
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match &self.0 {
            Repr::Owned(v) => v,
            Repr::Shared(v) => v,
            Repr::Engine(v) => (**v).as_ref(),
        }
    }
}

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Bytes({} bytes)", self.len())
    }
}

/// A run of consecutive stored records as an engine hands it out: the seq of its first
/// record, and the records `[u32 LE length][32-byte hash][canonical bytes]` back to back.
#[derive(Debug)]
pub struct Block {
    pub first_seq: u64,
    pub bytes: Bytes,
}

impl Block {
    /// The records in place (a truncated record is reported, then the iteration ends).
    pub fn records(&self) -> Records<'_> {
        records(self.first_seq, &self.bytes)
    }
}

/// Receives index entries: (index, key, seqs), the key the project id or the effective date.
pub type IndexEntries<'a> = dyn FnMut(Index, &[u8], &[u64]) + 'a;

/// Blocks in seq order; the iterator owns what it reads from, so it may run on another thread.
pub type Blocks = Box<dyn Iterator<Item = Result<Block, LogError>> + Send>;

/// The two indexes every engine keeps, updated with the records they point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Index {
    /// Project id → the seqs of its events.
    Project,
    /// Effective date (`2023-01-01`) → the seqs of the events effective that day.
    Date,
}

impl Index {
    pub fn name(self) -> &'static str {
        match self {
            Index::Project => "project",
            Index::Date => "date",
        }
    }
}

/// One commit: records staged whole (empty when they were written ahead with
/// `EventLog::write_ahead`), their index entries, and the head they end at.
pub struct Commit<'a> {
    pub staged: &'a Staging,
    pub index: &'a IndexBatch,
    pub head: Head,
}

/// What `verify` has found when it calls the storage's own check (`EventLog::self_check`).
pub enum ChainOutcome<'a> {
    /// Reading the chain failed with this damage: the storage places it at a seq if it can.
    ReadFailed(&'a LogError),
    /// The chain, head and indexes verified; `live` gives the canonical bytes of a stored
    /// seq. The storage looks for damage the chain cannot see.
    Verified(&'a dyn Fn(u64) -> Option<Vec<u8>>),
}

/// A record copy's identity: its seq and the hash stored beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CopyKey {
    pub seq: u64,
    pub hash: Hash32,
}

impl std::hash::Hash for CopyKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // The hash is BLAKE3 output: its first bytes are already uniform.
        let prefix = u64::from_le_bytes(self.hash[..8].try_into().expect("invariant: 8 bytes"));
        state.write_u64(prefix ^ self.seq);
    }
}

/// Passes `CopyKey`'s one u64 through unchanged.
#[derive(Default)]
pub struct CopyKeyHasher(u64);

impl std::hash::Hasher for CopyKeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Record copies whose bytes a storage check already hashed to the hash beside them.
pub type IntactCopies =
    std::collections::HashSet<CopyKey, std::hash::BuildHasherDefault<CopyKeyHasher>>;

/// Judges a record an engine finds past its head when it opens (its journal): the same
/// rules an append passes. `Err` says why; the engine adds the seq. The log passed in is the
/// engine as it stands before the record, to read the project's history from.
pub type ReplayJudge<'a> = dyn FnMut(&dyn EventLog, RecordRef<'_>) -> Result<(), String> + 'a;

/// How a ledger is opened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Access {
    /// Read without writing anything, whatever the media allows (`--read-only`).
    pub read_only: bool,
    /// Opened by `verify`: the engine gathers what its `self_check` needs on the way in.
    pub verify: bool,
}

/// An event log: records by seq, two indexes and a head, moved only by a compare-and-set
/// commit. Implemented by each engine in one module of `store`; nothing above this trait
/// names an engine.
///
/// Reads see only what is at or below the head. Writes past the head (`write_ahead`) are
/// invisible until a commit moves the head over them, and `discard_ahead` drops them.
/// The envelope format of new ledgers (DESIGN.md "Envelope v2").
pub const ENVELOPE_FORMAT: u32 = 2;

/// The envelope format of a log's events read from its first event's canonical bytes (a
/// format-2 envelope ends `,"v":2}`: `v` sorts last); an empty log is `ENVELOPE_FORMAT`.
#[must_use]
pub fn envelope_format_of(first: Option<&[u8]>) -> u32 {
    match first {
        None => ENVELOPE_FORMAT,
        Some(bytes) if bytes.ends_with(b",\"v\":2}") => 2,
        Some(_) => 1,
    }
}

pub trait EventLog: Send + Sync {
    /// The ledger's id, chosen by `init`.
    fn ledger_id(&self) -> &str;
    /// The envelope format of the ledger's events (DESIGN.md "Envelope v2"): 2 (`"v":2`,
    /// `project_prev`) for ledgers made since issue 15 (`ENVELOPE_FORMAT`), 1 for older ones.
    fn envelope_format(&self) -> Result<u32, LogError>;
    /// The head, None for an empty ledger.
    fn head(&self) -> Option<Head>;
    /// Where a read-only log was read from (every write is then refused with
    /// `LogError::ReadOnly`); None when it takes writes.
    fn read_only(&self) -> Option<&std::path::Path> {
        None
    }

    /// The stored blocks whose first seq is in `first_seqs`, at or below the head, in order.
    fn blocks(&self, first_seqs: std::ops::Range<u64>) -> Blocks;
    /// The first seq of the block holding `seq` (0 when there is none).
    fn block_start(&self, seq: u64) -> Result<u64, LogError>;
    /// The block holding `seq`, if `seq` is at or below the head.
    fn block_at(&self, seq: u64) -> Result<Option<Block>, LogError>;
    /// The seqs of a project's events, ascending.
    fn project_seqs(&self, project: &str) -> Result<Vec<u64>, LogError>;
    /// Every stored index entry as (index, key, seqs): the key is the project id or the
    /// effective date. An engine may hand out one key in several entries.
    fn index_entries(&self, each: &mut IndexEntries<'_>) -> Result<(), LogError>;
    /// Bytes the engine holds for the ledger (files on disk, or memory).
    fn size_on_disk(&self) -> Result<u64, LogError>;

    /// Writes records past the head, invisible until a commit moves the head over them (a
    /// large append, chunk by chunk, possibly on another thread while the ledger reads).
    fn write_ahead(&self, staged: &Staging) -> Result<(), LogError>;
    /// Writes index entries of records written ahead, likewise invisible until the commit.
    fn write_ahead_index(&self, index: &IndexBatch) -> Result<(), LogError>;
    /// The compare-and-set commit: if the head is `expected`, the staged records, their
    /// index entries and the new head are stored as one transaction and made durable;
    /// else `LogError::Conflict` and nothing is stored.
    fn commit(&mut self, expected: Option<Head>, commit: Commit<'_>) -> Result<(), LogError>;
    /// Drops whatever was written ahead past the head (an append that failed).
    fn discard_ahead(&mut self) -> Result<(), LogError>;

    /// Record copies the storage's own check already found intact, whose hashes `verify`
    /// need not compute again (sled, after a verifying open or a read without sled).
    fn intact_copies(&self) -> Option<Arc<IntactCopies>> {
        None
    }
    /// The storage's own check, called by `verify` with what the chain walk found: damage
    /// the engine can place at a seq, or sees and the chain cannot (an altered old copy).
    fn self_check(&self, _outcome: ChainOutcome<'_>) -> Result<Option<Problem>, LogError> {
        Ok(None)
    }
}

impl std::fmt::Display for Head {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "seq {} hash {}", self.seq, to_hex(&self.hash))
    }
}

/// The first thing found wrong, at the first bad seq (what `verify` and an engine's
/// `self_check` report).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub seq: u64,
    pub what: String,
}
