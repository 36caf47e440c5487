//! A raw scan of the ledger's files for event records whose bytes no longer match the hash
//! stored beside them. `verify` runs it before sled opens the ledger, because sled's
//! recovery overwrites a damaged log tail before reporting it. It reads, never writes, and
//! holds the ledger's lock (the same `flock` on `db` that sled takes) while it reads.
//!
//! Old copies of a block that sled has not garbage collected yet are scanned too: a damaged
//! copy names its seq even when the live copy is intact.

use std::io::Read;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};

use super::StoreError;
use crate::event::hash::event_hash;
use crate::limits::MAX_EVENT_BYTES;

/// Every canonical envelope starts with its first key; the record header is just before.
const RECORD_START: &[u8] = b"{\"actor\":";
const HEADER_BYTES: usize = 36;
/// Bytes read per step; consecutive windows overlap by one maximal record.
const WINDOW_BYTES: usize = 16 * 1024 * 1024;
const OVERLAP_BYTES: usize = MAX_EVENT_BYTES + HEADER_BYTES + RECORD_START.len();
/// Files the scan reads (sled's `db`, blobs, snapshots); more would not be sled's layout.
const MAX_FILES: usize = 10_000;
/// Damaged copies reported; past this the first ones say enough.
const MAX_FOUND: usize = 1_000;

/// A stored copy of an event record whose bytes do not hash to the hash beside them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DamagedCopy {
    pub seq: u64,
    pub file: PathBuf,
    pub offset: u64,
    pub bytes: Vec<u8>,
}

/// Damaged record copies in the ledger's files, ordered by seq.
pub fn scan_for_damage(dir: &Path) -> Result<Vec<DamagedCopy>, StoreError> {
    let _lock = lock(dir)?;
    let mut found = Vec::new();
    for file in files_under(dir) {
        scan_file(&file, &mut found).map_err(|e| {
            StoreError::Corrupt(format!("cannot read {} to scan it: {e}", file.display()))
        })?;
    }
    found.sort_by_key(|c| (c.seq, c.offset));
    Ok(found)
}

/// Takes sled's lock (an exclusive `flock` on `db`) for as long as the file stays open.
fn lock(dir: &Path) -> Result<std::fs::File, StoreError> {
    let db = dir.join("db");
    let file = std::fs::File::open(&db).map_err(|_| StoreError::Missing(dir.to_path_buf()))?;
    // SAFETY: flock on a descriptor this function owns; no memory is passed.
    let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if rc != 0 {
        return Err(StoreError::InUse(dir.to_path_buf()));
    }
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

fn scan_file(path: &Path, found: &mut Vec<DamagedCopy>) -> std::io::Result<()> {
    let mut file = std::fs::File::open(path)?;
    let mut window: Vec<u8> = Vec::with_capacity(WINDOW_BYTES + OVERLAP_BYTES);
    let mut window_offset = 0u64;
    loop {
        let keep_from = window.len().saturating_sub(OVERLAP_BYTES);
        window.drain(..keep_from);
        window_offset += keep_from as u64;
        let read = (&mut file)
            .take(WINDOW_BYTES as u64)
            .read_to_end(&mut window)?;
        // A record cut off at the end of one window is whole in the next (the overlap).
        for (at, seq) in damaged_in(&window) {
            let offset = window_offset + at as u64;
            if found.len() < MAX_FOUND && !found.iter().any(|c| c.offset == offset) {
                let len = record_len(&window, at);
                found.push(DamagedCopy {
                    seq,
                    file: path.to_path_buf(),
                    offset,
                    bytes: window[at..at + len].to_vec(),
                });
            }
        }
        if read == 0 {
            return Ok(());
        }
    }
}

fn record_len(window: &[u8], start: usize) -> usize {
    let header = &window[start - HEADER_BYTES..start];
    u32::from_le_bytes(header[..4].try_into().expect("invariant: 4 bytes")) as usize
}

/// (position, seq) of each whole record in `window` whose bytes miss their hash.
fn damaged_in(window: &[u8]) -> Vec<(usize, u64)> {
    let mut out = Vec::new();
    let mut at = HEADER_BYTES;
    while let Some(i) = find(&window[at.min(window.len())..], RECORD_START) {
        let start = at + i;
        at = start + 1;
        let len = record_len(window, start);
        if !(RECORD_START.len()..=MAX_EVENT_BYTES).contains(&len) {
            continue;
        }
        let Some(bytes) = window.get(start..start + len) else {
            continue;
        };
        if event_hash(bytes) == window[start - 32..start] {
            continue;
        }
        if let Some(seq) = seq_of(bytes) {
            out.push((start, seq));
        }
    }
    out
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

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
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
