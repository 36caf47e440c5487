//! What marks a directory as a jixiao ledger, checked before sled is allowed near it: sled
//! creates its files in any directory it is pointed at, and overwrites a file named `db`
//! with its own log, so a read command on the wrong directory would destroy what is there.
//!
//! A ledger directory holds sled's `conf` and `db` files and at least one of jixiao's own
//! files, the head file `jixiao-head` (written by `init`, before anything else of jixiao's)
//! or the journal `jixiao-journal` (created on every open). Neither name is sled's, so a
//! directory of another program, even another sled database, is never taken for a ledger.
//! A ledger whose head file alone was lost still has its journal, and opening it reports
//! the missing head file as damage instead of calling it foreign.

use std::path::Path;

use super::files::{SLED_CONF_FILE, SLED_DATA_FILE};
use super::head_file::HEAD_FILE;
use super::journal::JOURNAL_FILE;
use crate::ledger::log::LogError;
/// Entries named when a directory is refused; past this, how many more there are.
const NAMED_ENTRIES: usize = 5;

/// What a directory is, as far as jixiao is concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirKind {
    /// Nothing there, or an empty directory: `init` may create a ledger in it.
    Absent,
    /// sled's files beside one of jixiao's: a ledger (possibly damaged; the open says).
    Ledger,
    /// Anything else; `holds` names what is there.
    Foreign { holds: String },
}

/// Looks at `path` without writing anything.
pub fn dir_kind(path: &Path) -> Result<DirKind, LogError> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(DirKind::Absent),
        Err(e) => return Err(e.into()),
    };
    if !meta.is_dir() {
        return Ok(DirKind::Foreign {
            holds: "a file, not a directory".into(),
        });
    }
    let mut names: Vec<String> = std::fs::read_dir(path)?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if names.is_empty() {
        return Ok(DirKind::Absent);
    }
    let is_file = |name: &str| path.join(name).is_file();
    let sled = is_file(SLED_CONF_FILE) && is_file(SLED_DATA_FILE);
    if sled && (is_file(HEAD_FILE) || is_file(JOURNAL_FILE)) {
        return Ok(DirKind::Ledger);
    }
    names.sort();
    let more = names.len().saturating_sub(NAMED_ENTRIES);
    names.truncate(NAMED_ENTRIES);
    let mut holds = names
        .iter()
        .map(|n| format!("{n:?}"))
        .collect::<Vec<_>>()
        .join(", ");
    if more > 0 {
        holds.push_str(&format!(" and {more} more"));
    }
    Ok(DirKind::Foreign { holds })
}

/// Ok only for a ledger directory; a missing or empty one is `Missing`, anything else
/// `NotALedger`. Called before sled opens anything, so a refusal has written nothing.
pub fn check_ledger_dir(path: &Path) -> Result<(), LogError> {
    match dir_kind(path)? {
        DirKind::Ledger => Ok(()),
        DirKind::Absent => Err(LogError::Missing(path.to_path_buf())),
        DirKind::Foreign { holds } => Err(LogError::NotALedger {
            path: path.to_path_buf(),
            holds,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sled_files_beside_a_jixiao_file_make_a_ledger() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x");
        assert_eq!(dir_kind(&p).unwrap(), DirKind::Absent);
        std::fs::create_dir(&p).unwrap();
        assert_eq!(dir_kind(&p).unwrap(), DirKind::Absent);
        std::fs::write(p.join("db"), b"another program's data").unwrap();
        assert!(matches!(dir_kind(&p).unwrap(), DirKind::Foreign { holds } if holds == "\"db\""));
        std::fs::write(p.join("conf"), b"segment_size: 524288").unwrap();
        assert!(matches!(dir_kind(&p).unwrap(), DirKind::Foreign { .. }));
        std::fs::write(p.join(HEAD_FILE), b"seq 0").unwrap();
        assert_eq!(dir_kind(&p).unwrap(), DirKind::Ledger);
        std::fs::remove_file(p.join(HEAD_FILE)).unwrap();
        std::fs::write(p.join(JOURNAL_FILE), b"").unwrap();
        assert_eq!(dir_kind(&p).unwrap(), DirKind::Ledger);
        assert!(matches!(
            dir_kind(&p.join("db")).unwrap(),
            DirKind::Foreign { .. }
        ));
    }
}
