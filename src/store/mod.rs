//! The storage engines behind the ledger's `EventLog` trait (`ledger::log`), one module each:
//! `sled` (the embedded default; the only module that names sled), `memory` (tests, and the
//! events of a read-only ledger once verified) and `export` (a read-only ledger over an
//! export file). Which engine a path gets is decided here and nowhere else.
//!
//! Adding an engine: implement `EventLog` in one new module here, and open it from `open`.

pub mod export;
pub mod memory;
pub mod sled;

pub use memory::MemoryLog;
pub use sled::{
    check_ledger_dir, dir_kind, remove_unfinished_snapshots, DirKind, BLOCK_MAX_BYTES,
    BLOCK_MAX_EVENTS, BLOCK_TARGET_BYTES, HEAD_FILE, ID_FILE, JOURNAL_FILE,
};

// The record format and the log's vocabulary, where they were before the trait existed.
pub use crate::ledger::log::{
    decode_block, encode_record, push_record, records, Head, IndexBatch, LogError as StoreError,
    Record, RecordRef, Staging, RECORD_HEADER_BYTES,
};

use std::path::Path;

use crate::ledger::log::{Access, EventLog, LogError, ReplayJudge};

/// Opens the ledger at `path`: a file is an export (read-only); a directory is a sled
/// ledger, read without writing where it cannot be written or `access.read_only` says so.
pub fn open(
    path: &Path,
    access: Access,
    judge: &mut ReplayJudge<'_>,
) -> Result<Box<dyn EventLog>, LogError> {
    if path.is_file() {
        return Ok(Box::new(export::open(path)?));
    }
    sled::open(path, access, judge)
}

/// Creates a new ledger (sled) at `path`, in a missing or empty directory.
pub fn create(path: &Path, ledger_id: &str) -> Result<Box<dyn EventLog>, LogError> {
    Ok(Box::new(sled::SledLog::create(path, ledger_id)?))
}
