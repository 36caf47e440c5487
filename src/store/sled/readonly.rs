//! A ledger directory read without sled, for read-only media and `--read-only`. sled 0.34.7
//! has no read-only mode: every open writes (a snapshot, recovery, its lock file's
//! descriptor opened for writing). So the records are found where they lie in sled's files
//! by the raw scan (`Scanner`, every file, each copy hashed), and the chain is followed back
//! from the head file's event to seq 1, each event the one whose hash the next one's `prev`
//! names. The ledger id comes from the id file. The events are held in memory (`MemoryLog`),
//! and the ledger verifies them before anything reads them (`Ledger::open_as`).
//!
//! Under a shared lock on `db`: sled's own exclusive lock cannot be taken meanwhile, and a
//! ledger sled holds is in use. Nothing is written: not the lock, not the journal, not sled.

use std::os::unix::fs::FileExt;
use std::path::Path;

use super::check::{problem, SledCheck};
use super::head_file::{HeadFile, IdFile, HEAD_FILE, ID_FILE};
use super::journal::JOURNAL_FILE;
use super::scan::{Extent, Scan, Scanner};
use crate::event::hash::{from_hex, to_hex};
use crate::event::{jcs_scan, Hash32};
use crate::ledger::log::{Access, ChainOutcome, CopyKey, Head, LogError, Record};
use crate::store::MemoryLog;

/// Reads the ledger at `dir` without writing anything (see the module's comment).
pub fn open(dir: &Path, access: Access) -> Result<MemoryLog, LogError> {
    let _lock = super::files::lock(dir, true)?;
    let unverified = |seq: u64, what: String| LogError::Unverified {
        path: dir.to_path_buf(),
        seq,
        what,
    };
    refuse_pending_journal(dir)?;
    let (seq, hash) = HeadFile::new(dir)
        .read()
        .map_err(LogError::Corrupt)?
        .ok_or_else(|| missing(dir, HEAD_FILE))?;
    let ledger_id = IdFile::new(dir)
        .read()
        .map_err(LogError::Corrupt)?
        .ok_or_else(|| missing(dir, ID_FILE))?;
    let scan = Scanner::new(dir, Extent::All).with_places().scan_held()?;
    let head = (seq > 0).then_some(Head { seq, hash });
    let records = chain_back(dir, &scan, head).map_err(|(seq, what)| unverified(seq, what))?;
    let log = MemoryLog::read_only(dir.to_path_buf(), &ledger_id, records)?;
    // The scan hashed every copy: verifying the events on load need not hash them again.
    // An altered older copy is `verify`'s finding, as on a writable ledger, not a refusal.
    let check = SledCheck::from_scan(dir, scan.damaged, scan.intact);
    let intact = Some(check.intact());
    let verifying = access.verify;
    Ok(log.with_check(
        intact,
        Box::new(move |outcome| match outcome {
            ChainOutcome::Verified(live) if verifying => check.altered_copy(live),
            _ => None,
        }),
    ))
}

/// A journal that holds commits was left by a ledger not closed cleanly: sled may not have
/// them yet, and only an open that can write judges and applies them.
fn refuse_pending_journal(dir: &Path) -> Result<(), LogError> {
    let pending = std::fs::metadata(dir.join(JOURNAL_FILE)).is_ok_and(|m| m.len() > 0);
    if !pending {
        return Ok(());
    }
    Err(LogError::Engine(format!(
        "账本的日志 {JOURNAL_FILE} 中有尚未写入的提交（账本未正常关闭），只读打开无法应用它们 (the journal {JOURNAL_FILE} of {} holds commits: the ledger was not closed cleanly; open it once where it can be written, then read it here)",
        dir.display()
    )))
}

fn missing(dir: &Path, file: &str) -> LogError {
    LogError::Corrupt(format!(
        "{file} is missing from {}: a ledger is read without sled only with its head and id files (open it once where it can be written to add them)",
        dir.display()
    ))
}

/// The events from seq 1 to the head, found by following the chain back from the head:
/// each event is the intact copy of its seq whose hash the next event's `prev` names.
fn chain_back(dir: &Path, scan: &Scan, head: Option<Head>) -> Result<Vec<Record>, (u64, String)> {
    let files: Vec<std::fs::File> = scan
        .files
        .iter()
        .map(std::fs::File::open)
        .collect::<Result<_, _>>()
        .map_err(|e| (1, format!("cannot read the ledger's files: {e}")))?;
    let Some(head) = head else {
        return Ok(Vec::new());
    };
    let mut out = Vec::with_capacity(head.seq as usize);
    let (mut seq, mut hash) = (head.seq, head.hash);
    while seq > 0 {
        let key = CopyKey { seq, hash };
        let place = scan
            .places
            .get(&key)
            .ok_or_else(|| (seq, lost(dir, scan, seq, &hash)))?;
        let mut bytes = vec![0u8; place.len as usize];
        files[place.file as usize]
            .read_exact_at(&mut bytes, place.offset)
            .map_err(|e| (seq, format!("cannot read seq {seq}: {e}")))?;
        let prev = prev_of(&bytes).ok_or_else(|| {
            (
                seq,
                "unreadable event (not a canonical envelope)".to_string(),
            )
        })?;
        out.push(Record { seq, hash, bytes });
        (seq, hash) = (seq - 1, prev);
    }
    out.reverse();
    Ok(out)
}

fn prev_of(bytes: &[u8]) -> Option<Hash32> {
    from_hex(jcs_scan::envelope(bytes)?.prev)
}

/// Why seq `seq` with hash `hash` could not be found intact.
fn lost(dir: &Path, scan: &Scan, seq: u64, hash: &Hash32) -> String {
    let damaged = scan
        .damaged
        .iter()
        .find(|c| c.seq == seq && &c.quoted == hash);
    match damaged {
        Some(copy) => problem(copy, dir, "no intact copy of it is left").what,
        None => format!(
            "no stored copy of seq {seq} has hash {} (the chain back from the head breaks there)",
            to_hex(hash)
        ),
    }
}
