//! sled's files as jixiao handles them directly: fsyncs sled does not do (its data file, new
//! blob files, the directory), the lock sled takes (an exclusive `flock` on `db`), and the
//! unfinished snapshot sled 0.34.7 can leave behind.

use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};

use crate::ledger::log::LogError;

/// sled 0.34 keeps its log in this file of the ledger directory (beside `conf` and `blobs/`).
pub const SLED_DATA_FILE: &str = "db";
/// sled 0.34's configuration file, written when sled creates a database.
pub const SLED_CONF_FILE: &str = "conf";

/// sled's data file and blob files, to make them durable: sled's own flush only uses
/// sync_file_range, which neither flushes the drive's cache nor the file's size, and sled
/// writes pages over its 128 KiB blob threshold to files of their own without fsync.
pub struct DataFiles {
    dir: PathBuf,
    data_file: std::fs::File,
    /// The newest blob file already fsynced (blob files are named by log sequence number).
    synced_blob: u64,
}

impl DataFiles {
    /// Opens the data file; blob files already present were synced by the commit that
    /// acknowledged them.
    pub fn open(dir: &Path) -> Result<DataFiles, LogError> {
        let data_file = std::fs::File::open(dir.join(SLED_DATA_FILE))?;
        let synced_blob = std::fs::read_dir(dir.join("blobs"))
            .into_iter()
            .flatten()
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u64>().ok())
            .max()
            .unwrap_or(0);
        Ok(DataFiles {
            dir: dir.to_path_buf(),
            data_file,
            synced_blob,
        })
    }

    /// fsyncs blob files written since the last call (and their directory), then the data file.
    pub fn sync(&mut self) -> Result<(), LogError> {
        self.sync_new_blobs()?;
        Ok(self.data_file.sync_data()?)
    }

    /// fsyncs the data file alone.
    pub fn sync_data(&self) -> Result<(), LogError> {
        Ok(self.data_file.sync_data()?)
    }

    /// fsyncs blob files written since the last call, and their directory.
    pub fn sync_new_blobs(&mut self) -> Result<(), LogError> {
        let blobs = self.dir.join("blobs");
        let mut newest = self.synced_blob;
        if let Ok(entries) = std::fs::read_dir(&blobs) {
            for entry in entries {
                let entry = entry?;
                let lsn = entry
                    .file_name()
                    .to_str()
                    .and_then(|n| n.parse::<u64>().ok());
                let Some(lsn) = lsn.filter(|l| *l > self.synced_blob) else {
                    continue;
                };
                match std::fs::File::open(entry.path()).and_then(|f| f.sync_all()) {
                    Ok(()) => {}
                    // sled removes a blob once its page is rewritten: nothing left to sync.
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e.into()),
                }
                newest = newest.max(lsn);
            }
        }
        if newest > self.synced_blob {
            sync_dir(&blobs)?;
            self.synced_blob = newest;
        }
        Ok(())
    }
}

pub fn sync_dir(dir: &Path) -> Result<(), LogError> {
    Ok(std::fs::File::open(dir).and_then(|d| d.sync_all())?)
}

/// sled 0.34.7 writes every snapshot (one per open) to `snap.<lsn>.generating`, fsyncs it and
/// renames it to `snap.<lsn>`; but choosing a snapshot on open it skips only `*.in___motion`,
/// so a `.generating` file left by a process killed in between sorts last, is read as the
/// newest snapshot, and the open fails with `Corruption` (reported as damage though no event
/// is). Such a file is never a snapshot sled finished: removed (under the ledger's lock, so
/// that no live process is writing it), sled takes the previous snapshot and replays its log.
pub fn remove_unfinished_snapshots(path: &Path) -> Result<(), LogError> {
    let unfinished: Vec<PathBuf> = std::fs::read_dir(path)?
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
    if !try_flock(&db, libc::LOCK_EX) {
        return Ok(()); // in use: the open that follows says so
    }
    for file in unfinished {
        match std::fs::remove_file(&file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
    }
    sync_dir(path)
}

/// `flock` without waiting; true when taken (released when the file is closed).
fn try_flock(file: &std::fs::File, how: libc::c_int) -> bool {
    // SAFETY: flock on a descriptor the caller owns; no memory is passed.
    unsafe { libc::flock(file.as_raw_fd(), how | libc::LOCK_NB) == 0 }
}

/// Takes sled's lock on `dir` for as long as the returned file stays open: exclusive (as sled
/// takes it) to scan a closed ledger, shared to read one without writing (several readers,
/// never beside a writer). Waits up to `LOCK_WAIT`, then says the ledger is in use.
pub fn lock(dir: &Path, shared: bool) -> Result<std::fs::File, LogError> {
    let file = std::fs::File::open(dir.join(SLED_DATA_FILE))
        .map_err(|_| LogError::Missing(dir.to_path_buf()))?;
    let how = if shared { libc::LOCK_SH } else { libc::LOCK_EX };
    retry_while_in_use(|| match try_flock(&file, how) {
        true => Ok(()),
        false => Err(LogError::InUse(dir.to_path_buf())),
    })?;
    Ok(file)
}

/// How long an open waits for the ledger's lock before saying it is in use.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_millis(100);

/// Runs `take` until it does not fail with `InUse`, for up to `LOCK_WAIT`. sled releases its
/// lock only when its I/O threads let go of the file, a moment after the ledger is closed: a
/// process that closes a ledger and opens it again (the bench, verify after a write) would
/// otherwise find its own ledger in use. Another process holding it still gets `InUse`.
pub fn retry_while_in_use<T>(mut take: impl FnMut() -> Result<T, LogError>) -> Result<T, LogError> {
    let started = std::time::Instant::now();
    loop {
        match take() {
            Err(LogError::InUse(_)) if started.elapsed() < LOCK_WAIT => {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            other => return other,
        }
    }
}

/// Whether the ledger's files can be written here, found by trying: opening sled's data
/// file (and jixiao's own files) for writing and asking whether the directory can take a new
/// file. Read-only media (EROFS) and missing permission (EACCES, EPERM) say no; nothing is
/// written either way.
pub fn writable(dir: &Path) -> Result<bool, LogError> {
    for name in [SLED_DATA_FILE, super::HEAD_FILE, super::JOURNAL_FILE] {
        let path = dir.join(name);
        match std::fs::OpenOptions::new().write(true).open(&path) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) if denied(&e) => return Ok(false),
            Err(e) => return Err(e.into()),
        }
    }
    let c_dir = std::ffi::CString::new(std::os::unix::ffi::OsStrExt::as_bytes(dir.as_os_str()))
        .map_err(|_| LogError::Missing(dir.to_path_buf()))?;
    // SAFETY: access() reads the NUL-terminated path it is given and nothing else.
    if unsafe { libc::access(c_dir.as_ptr(), libc::W_OK) } != 0 {
        let e = std::io::Error::last_os_error();
        return match denied(&e) {
            true => Ok(false),
            false => Err(e.into()),
        };
    }
    Ok(true)
}

/// An error that means "not writable here": read-only media or missing permission.
pub fn denied(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied
    ) || e.raw_os_error() == Some(libc::EROFS)
}
