//! A raw scan of the ledger's files (`Scanner`) for event records whose bytes no longer match
//! the hash stored beside them. `verify` scans what sled's recovery will read before sled opens the
//! ledger, because that recovery overwrites a damaged log tail before reporting it; and it
//! scans everything when sled reports damage later, to name the seq; and reading a ledger
//! sled cannot open (read-only media) starts from where its intact records lie. It reads,
//! never writes, and holds the ledger's lock (the same `flock` on `db` that sled takes)
//! unless the caller holds it.
//!
//! Old copies of a block that sled has not garbage collected yet are scanned too: a damaged
//! copy names its seq even when the live copy is intact.

use std::path::{Path, PathBuf};

use crate::event::hash::event_hash;
use crate::event::Hash32;
use crate::ledger::log::{CopyKey, IntactCopies, LogError};
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
/// hash to the hash beside them, unless some other copy with that seq and hash is damaged;
/// with `Scanner::with_places`, also where each intact copy lies.
#[derive(Debug, Default)]
pub struct Scan {
    pub damaged: Vec<DamagedCopy>,
    pub intact: IntactCopies,
    /// Where an intact copy of each (seq, hash) lies (only with `with_places`).
    pub places: std::collections::HashMap<CopyKey, Place>,
    /// The files scanned; `Place::file` indexes this.
    pub files: Vec<PathBuf>,
}

/// Where an intact record copy lies: which scanned file, at which byte, how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub file: u32,
    pub offset: u64,
    pub len: u32,
}

/// How much of the files a scan reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extent {
    /// What sled's recovery reads on open (the log since its newest snapshot) and blobs.
    Recovery,
    /// Every byte of every file.
    All,
}

/// A raw scan of one ledger directory's files.
pub struct Scanner {
    dir: PathBuf,
    extent: Extent,
    places: bool,
}

impl Scanner {
    pub fn new(dir: &Path, extent: Extent) -> Scanner {
        Scanner {
            dir: dir.to_path_buf(),
            extent,
            places: false,
        }
    }

    /// Also keeps where each intact copy lies (`Scan::places`), to read the records back.
    pub fn with_places(mut self) -> Scanner {
        self.places = true;
        self
    }

    /// Scans a closed ledger's files under its lock: damaged record copies ordered by seq,
    /// and the intact ones.
    pub fn scan_locked(&self) -> Result<Scan, LogError> {
        let _lock = super::files::lock(&self.dir, false)?;
        self.scan_held()
    }

    /// `scan_locked` for a caller that holds the ledger's lock itself (an open ledger: sled
    /// only reads while nothing is written, so the files hold still).
    pub fn scan_held(&self) -> Result<Scan, LogError> {
        let mut scan = Scan {
            files: files_under(&self.dir),
            ..Scan::default()
        };
        let mut found = Found::default();
        for (k, path) in scan.files.iter().enumerate() {
            self.scan_file(path, k as u32, &mut found).map_err(|e| {
                LogError::Corrupt(format!("cannot read {} to scan it: {e}", path.display()))
            })?;
        }
        scan.damaged = found.damaged;
        scan.damaged.sort_by_key(|c| (c.seq, c.offset));
        scan.intact.reserve(found.intact.len());
        scan.intact.extend(found.intact);
        scan.places.extend(found.places);
        for copy in &scan.damaged {
            let key = CopyKey {
                seq: copy.seq,
                hash: copy.quoted,
            };
            scan.intact.remove(&key);
            scan.places.remove(&key);
        }
        Ok(scan)
    }
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

/// What windows found: damaged copies with their bytes, intact ones, and (with places)
/// where the intact ones lie.
#[derive(Default)]
struct Found {
    damaged: Vec<DamagedCopy>,
    intact: Vec<CopyKey>,
    places: Vec<(CopyKey, Place)>,
}

impl Scanner {
    /// Scans one file's selected ranges in windows, spread over up to `MAX_SCAN_THREADS`
    /// threads.
    fn scan_file(&self, path: &Path, index: u32, all: &mut Found) -> std::io::Result<()> {
        let file = std::fs::File::open(path)?;
        let len = file.metadata()?.len();
        let data_file = path == self.dir.join(super::files::SLED_DATA_FILE);
        let ranges = if self.extent == Extent::Recovery && data_file {
            super::region::RegionReader::new(&self.dir).recovery_ranges(&file, len)
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
                        let at = Window {
                            file,
                            path,
                            index,
                            len,
                        };
                        for &own in windows.iter().skip(t).step_by(threads) {
                            at.scan(own, self.places, &mut found)?;
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
            let found = result?;
            let room = MAX_FOUND.saturating_sub(all.damaged.len());
            all.damaged.extend(found.damaged.into_iter().take(room));
            all.intact.extend(found.intact);
            all.places.extend(found.places);
        }
        Ok(())
    }
}

/// One file being scanned.
struct Window<'a> {
    file: &'a std::fs::File,
    path: &'a Path,
    index: u32,
    len: u64,
}

impl Window<'_> {
    /// A window holds the records that start in `[own_start, own_end)`; it is read with the
    /// header before it and one maximal record after it, so each record is whole in the
    /// window it starts in.
    fn scan(
        &self,
        (own_start, own_end): (u64, u64),
        places: bool,
        found: &mut Found,
    ) -> std::io::Result<()> {
        use std::os::unix::fs::FileExt;
        let read_start = own_start.saturating_sub(HEADER_BYTES as u64);
        let read_end = (own_end + OVERLAP_BYTES as u64).min(self.len);
        let mut window = vec![0u8; (read_end - read_start) as usize];
        let mut filled = 0;
        while filled < window.len() {
            match self
                .file
                .read_at(&mut window[filled..], read_start + filled as u64)?
            {
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
            let len = record_len(&window, copy.at);
            if copy.intact {
                found.intact.push(copy.key);
                if places {
                    let file = self.index;
                    let len = len as u32;
                    found.places.push((copy.key, Place { file, offset, len }));
                }
            } else if found.damaged.len() < MAX_FOUND {
                found.damaged.push(DamagedCopy {
                    seq: copy.key.seq,
                    file: self.path.to_path_buf(),
                    offset,
                    bytes: window[copy.at..copy.at + len].to_vec(),
                    quoted: copy.key.hash,
                });
            }
        }
        Ok(())
    }
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
    use crate::ledger::log::encode_record;

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
