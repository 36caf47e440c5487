//! The sled engine's storage check for `verify` (`EventLog::self_check`): what only a raw
//! look at sled's files can see. sled 0.34.7 checks its log on open and, on a checksum
//! mismatch, overwrites the rest of that log segment before it reports anything, so the
//! evidence of which event was hit is gone afterwards. So before a verifying open the files
//! sled's recovery will read are scanned (`Scanner`, `Extent::Recovery`); damage sled reports
//! is placed at the seq of the first damaged copy found; and once the chain has verified,
//! an altered older copy of an event is still reported.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::scan::{DamagedCopy, Extent, Scanner};
use crate::ledger::log::Problem;
use crate::ledger::log::{IntactCopies, LogError};

/// What the scan before a verifying open found.
pub struct SledCheck {
    dir: PathBuf,
    damaged: Vec<DamagedCopy>,
    intact: Arc<IntactCopies>,
}

impl SledCheck {
    /// Scans what sled's recovery will read, under the ledger's lock, before sled opens it.
    pub fn before_open(dir: &Path) -> Result<SledCheck, LogError> {
        let scan = Scanner::new(dir, Extent::Recovery).scan_locked()?;
        Ok(SledCheck {
            dir: dir.to_path_buf(),
            damaged: scan.damaged,
            intact: Arc::new(scan.intact),
        })
    }

    /// A check from a scan already made (the read-only view scans every file).
    pub fn from_scan(dir: &Path, damaged: Vec<DamagedCopy>, intact: IntactCopies) -> SledCheck {
        SledCheck {
            dir: dir.to_path_buf(),
            damaged,
            intact: Arc::new(intact),
        }
    }

    /// Record copies the scan hashed and found intact.
    pub fn intact(&self) -> Arc<IntactCopies> {
        self.intact.clone()
    }

    /// sled's damage error on open, placed at the seq of the first damaged copy (the open is
    /// refused naming it), or as it was when the scan found none.
    pub fn place_open(&self, e: LogError) -> LogError {
        match self.damaged.first() {
            Some(copy) if e.is_damage() => {
                let p = problem(copy, &self.dir, &e.to_string());
                LogError::Damaged {
                    seq: p.seq,
                    what: p.what,
                }
            }
            _ => e,
        }
    }

    /// After the chain verified: a damaged copy the same length as the live event's bytes
    /// but other bytes is that event's record, altered (a different length means sled reused
    /// the bytes before it, not a copy).
    pub fn altered_copy(&self, live: &dyn Fn(u64) -> Option<Vec<u8>>) -> Option<Problem> {
        self.damaged.iter().find_map(|copy| {
            let live = live(copy.seq)?;
            let altered = live.len() == copy.bytes.len() && live != copy.bytes;
            let note = "the live copy is intact, an older copy in the files was altered";
            altered.then(|| problem(copy, &self.dir, note))
        })
    }
}

/// Damage sled reported while the chain was read, placed at the first damaged copy a scan of
/// every file finds (the caller holds the ledger's lock through sled).
pub fn place_read_damage(dir: &Path, e: &LogError) -> Result<Option<Problem>, LogError> {
    let all = Scanner::new(dir, Extent::All).scan_held()?;
    Ok(all
        .damaged
        .first()
        .map(|copy| problem(copy, dir, &e.to_string())))
}

/// A damaged copy as `verify` names it: its seq, file and byte.
pub fn problem(copy: &DamagedCopy, dir: &Path, context: &str) -> Problem {
    let file = copy.file.strip_prefix(dir).unwrap_or(&copy.file);
    Problem {
        seq: copy.seq,
        what: format!(
            "hash mismatch: the stored bytes of seq {} ({} at byte {}) no longer match its hash; {context}",
            copy.seq,
            file.display(),
            copy.offset
        ),
    }
}
