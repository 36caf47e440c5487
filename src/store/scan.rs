//! A raw scan of the ledger's files for event records whose bytes no longer match the hash
//! stored beside them. `verify` scans what sled's recovery will read before sled opens the
//! ledger, because that recovery overwrites a damaged log tail before reporting it; and it
//! scans everything when sled reports damage later, to name the seq. It reads, never writes,
//! and holds the ledger's lock (the same `flock` on `db` that sled takes) unless the caller
//! holds it through sled.
//!
//! Old copies of a block that sled has not garbage collected yet are scanned too: a damaged
//! copy names its seq even when the live copy is intact.

use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};

use super::StoreError;
use crate::event::hash::event_hash;
use crate::event::Hash32;
use crate::limits::MAX_EVENT_BYTES;

/// Every canonical envelope starts with its first key; the record header is just before.
const RECORD_START: &[u8] = b"{\"actor\":";
const HEADER_BYTES: usize = 36;
/// Bytes read per step; consecutive windows overlap by one maximal record.
const WINDOW_BYTES: usize = 16 * 1024 * 1024;
const OVERLAP_BYTES: usize = MAX_EVENT_BYTES + HEADER_BYTES + RECORD_START.len();
/// Files the scan reads (sled's `db`, blobs, snapshots); more would not be sled's layout.
const MAX_FILES: usize = 10_000;
/// Threads a file's windows are spread over (the scan hashes every record copy it finds).
const MAX_SCAN_THREADS: usize = 4;
/// Damaged copies reported; past this the first ones say enough.
const MAX_FOUND: usize = 1_000;

/// A stored copy of an event record whose bytes do not hash to the hash beside them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DamagedCopy {
    pub seq: u64,
    pub file: PathBuf,
    pub offset: u64,
    pub bytes: Vec<u8>,
    /// The hash stored beside the bytes.
    pub quoted: Hash32,
}

/// What the scan found: the damaged copies, and the (seq, hash) of every copy whose bytes
/// hash to the hash beside them, unless some other copy with that seq and hash is damaged.
#[derive(Debug, Default)]
pub struct Scan {
    pub damaged: Vec<DamagedCopy>,
    pub intact: IntactCopies,
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

pub type IntactCopies =
    std::collections::HashSet<CopyKey, std::hash::BuildHasherDefault<CopyKeyHasher>>;

/// How much of the files a scan reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extent {
    /// What sled's recovery reads on open (the log since its newest snapshot) and blobs.
    Recovery,
    /// Every byte of every file.
    All,
}

/// Scans a closed ledger's files under its lock: damaged record copies ordered by seq, and
/// the intact ones.
pub fn scan_files(dir: &Path, extent: Extent) -> Result<Scan, StoreError> {
    let _lock = lock(dir)?;
    scan_held(dir, extent)
}

/// `scan_files` for a caller that holds the ledger's lock itself (an open ledger: sled
/// only reads while nothing is written, so the files hold still).
pub fn scan_held(dir: &Path, extent: Extent) -> Result<Scan, StoreError> {
    let mut scan = Scan::default();
    let mut intact = Vec::new();
    for path in files_under(dir) {
        scan_file(dir, &path, extent, &mut scan.damaged, &mut intact).map_err(|e| {
            StoreError::Corrupt(format!("cannot read {} to scan it: {e}", path.display()))
        })?;
    }
    scan.damaged.sort_by_key(|c| (c.seq, c.offset));
    scan.intact.reserve(intact.len());
    scan.intact.extend(intact);
    for copy in &scan.damaged {
        scan.intact.remove(&CopyKey {
            seq: copy.seq,
            hash: copy.quoted,
        });
    }
    Ok(scan)
}

/// Takes sled's lock (an exclusive `flock` on `db`) for as long as the file stays open.
fn lock(dir: &Path) -> Result<std::fs::File, StoreError> {
    let db = dir.join("db");
    let file = std::fs::File::open(&db).map_err(|_| StoreError::Missing(dir.to_path_buf()))?;
    super::retry_while_in_use(|| {
        // SAFETY: flock on a descriptor this function owns; no memory is passed.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        match rc {
            0 => Ok(()),
            _ => Err(StoreError::InUse(dir.to_path_buf())),
        }
    })?;
    Ok(file)
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            match entry.file_type() {
                Ok(t) if t.is_dir() => pending.push(entry.path()),
                Ok(t) if t.is_file() && out.len() < MAX_FILES => out.push(entry.path()),
                _ => {}
            }
        }
    }
    out.sort();
    out
}

/// A copy found in one window: damaged ones with their bytes.
type Found = (Vec<DamagedCopy>, Vec<CopyKey>);

/// Scans one file's selected ranges in windows, spread over up to `MAX_SCAN_THREADS` threads.
fn scan_file(
    dir: &Path,
    path: &Path,
    extent: Extent,
    damaged: &mut Vec<DamagedCopy>,
    intact: &mut Vec<CopyKey>,
) -> std::io::Result<()> {
    let file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    let ranges = if extent == Extent::Recovery && path == dir.join(super::SLED_DATA_FILE) {
        super::region::recovery_ranges(dir, &file, len)
    } else {
        vec![(0, len)]
    };
    let windows: Vec<(u64, u64)> = ranges
        .into_iter()
        .flat_map(|(a, z)| {
            (a..z)
                .step_by(WINDOW_BYTES)
                .map(move |w| (w, (w + WINDOW_BYTES as u64).min(z)))
        })
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(MAX_SCAN_THREADS)
        .min(windows.len().max(1));
    let results: Vec<std::io::Result<Found>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (file, windows) = (&file, &windows);
                s.spawn(move || {
                    let mut found = Found::default();
                    for &(start, end) in windows.iter().skip(t).step_by(threads) {
                        scan_window(file, path, (start, end), len, &mut found)?;
                    }
                    Ok(found)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("invariant: a scan thread does not panic"))
            .collect()
    });
    for result in results {
        let (bad, good) = result?;
        let room = MAX_FOUND.saturating_sub(damaged.len());
        damaged.extend(bad.into_iter().take(room));
        intact.extend(good);
    }
    Ok(())
}

/// A window holds the records that start in `[own_start, own_end)`; it is read with the
/// header before it and one maximal record after it, so each record is whole in the
/// window it starts in.
fn scan_window(
    file: &std::fs::File,
    path: &Path,
    (own_start, own_end): (u64, u64),
    len: u64,
    found: &mut Found,
) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    let read_start = own_start.saturating_sub(HEADER_BYTES as u64);
    let read_end = (own_end + OVERLAP_BYTES as u64).min(len);
    let mut window = vec![0u8; (read_end - read_start) as usize];
    let mut filled = 0;
    while filled < window.len() {
        match file.read_at(&mut window[filled..], read_start + filled as u64)? {
            0 => break,
            n => filled += n,
        }
    }
    window.truncate(filled);
    for copy in copies_in(&window) {
        let offset = read_start + copy.at as u64;
        if !(own_start..own_end).contains(&offset) {
            continue;
        }
        if copy.intact {
            found.1.push(copy.key);
        } else if found.0.len() < MAX_FOUND {
            let len = record_len(&window, copy.at);
            found.0.push(DamagedCopy {
                seq: copy.key.seq,
                file: path.to_path_buf(),
                offset,
                bytes: window[copy.at..copy.at + len].to_vec(),
                quoted: copy.key.hash,
            });
        }
    }
    Ok(())
}

fn record_len(window: &[u8], start: usize) -> usize {
    let header = &window[start - HEADER_BYTES..start];
    u32::from_le_bytes(header[..4].try_into().expect("invariant: 4 bytes")) as usize
}

/// A whole record copy in a window: where it starts, its key, whether it hashes right.
struct Copy {
    at: usize,
    key: CopyKey,
    intact: bool,
}

/// Each whole record in `window` whose seq can be read.
fn copies_in(window: &[u8]) -> Vec<Copy> {
    let mut out = Vec::new();
    let mut at = HEADER_BYTES;
    let finder = memchr::memmem::Finder::new(RECORD_START);
    while let Some(i) = finder.find(&window[at.min(window.len())..]) {
        let start = at + i;
        at = start + 1;
        let len = record_len(window, start);
        if !(RECORD_START.len()..=MAX_EVENT_BYTES).contains(&len) {
            continue;
        }
        let Some(bytes) = window.get(start..start + len) else {
            continue;
        };
        let quoted: Hash32 = window[start - 32..start]
            .try_into()
            .expect("invariant: 32 bytes");
        if let Some(seq) = seq_of(bytes) {
            let intact = event_hash(bytes) == quoted;
            let key = CopyKey { seq, hash: quoted };
            out.push(Copy {
                at: start,
                key,
                intact,
            });
        }
    }
    out
}

/// (position, seq) of each whole record in `window` whose bytes miss their hash.
#[cfg(test)]
fn damaged_in(window: &[u8]) -> Vec<(usize, u64)> {
    copies_in(window)
        .into_iter()
        .filter(|c| !c.intact)
        .map(|c| (c.at, c.key.seq))
        .collect()
}

/// The envelope's `"seq":N`: the only place `,"seq":` occurs unescaped in canonical bytes.
fn seq_of(bytes: &[u8]) -> Option<u64> {
    let key = b",\"seq\":";
    let at = bytes.windows(key.len()).rposition(|w| w == key)? + key.len();
    let digits: Vec<u8> = bytes[at..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .take(20)
        .copied()
        .collect();
    std::str::from_utf8(&digits).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::encode_record;

    #[test]
    fn finds_the_damaged_record() {
        let good = br#"{"actor":"a","seq":3,"type":"x"}"#;
        let bad = br#"{"actor":"a","seq":4,"type":"x"}"#;
        let mut file = vec![0u8; 100];
        file.extend(encode_record(&event_hash(good), good));
        file.extend(encode_record(&event_hash(bad), bad));
        let n = file.len();
        file[n - 3] ^= 1; // the "x" of the type
        let found = damaged_in(&file);
        assert_eq!(found, vec![(n - bad.len(), 4)]);
    }
}
