//! Where sled 0.34.7's recovery reads when it opens a ledger: the log segments written since
//! its newest snapshot. Only there does sled check (and, on a mismatch, overwrite) messages
//! on open; everything older it reads, checksummed, when a page is first asked for. This is
//! knowledge of sled's file layout (pinned to 0.34.7), kept here and used only to decide
//! which bytes `verify` scans before the open; getting it wrong scans too much, never too
//! little, because any segment whose header does not check is scanned.

use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

/// sled 0.34.7's default, used when `conf` does not say.
const DEFAULT_SEGMENT_BYTES: u64 = 512 * 1024;
/// A segment header: crc32 (4), lsn (8), max stable lsn (8).
const SEGMENT_HEADER_BYTES: usize = 20;
/// sled stores LSNs in segment headers xor this.
const LSN_MASK: u64 = 0x7FFF_FFFF_FFFF_FFFF;

/// Reads sled's layout in one ledger directory: its segment size (`conf`) and newest
/// snapshot, to say which ranges of the data file recovery replays.
pub struct RegionReader {
    dir: PathBuf,
}

impl RegionReader {
    pub fn new(dir: &Path) -> RegionReader {
        RegionReader {
            dir: dir.to_path_buf(),
        }
    }

    /// The byte ranges of sled's data file (`file_len` bytes) that recovery replays on open.
    pub fn recovery_ranges(&self, file: &std::fs::File, file_len: u64) -> Vec<(u64, u64)> {
        let segment = self.segment_bytes();
        let from_lsn = self
            .newest_snapshot_lsn()
            .map_or(0, |lsn| lsn / segment * segment);
        let mut ranges: Vec<(u64, u64)> = Vec::new();
        for k in 0..file_len.div_ceil(segment) {
            let start = k * segment;
            let replayed = segment_lsn(file, start).is_none_or(|lsn| lsn >= from_lsn);
            if !replayed {
                continue;
            }
            let end = (start + segment).min(file_len);
            match ranges.last_mut() {
                Some(last) if last.1 == start => last.1 = end,
                _ => ranges.push((start, end)),
            }
        }
        ranges
    }

    /// `segment_size: N` from sled's `conf` file.
    fn segment_bytes(&self) -> u64 {
        let conf = std::fs::read_to_string(self.dir.join("conf")).unwrap_or_default();
        conf.lines()
            .find_map(|l| l.strip_prefix("segment_size: ")?.trim().parse().ok())
            .filter(|n: &u64| *n >= 4096)
            .unwrap_or(DEFAULT_SEGMENT_BYTES)
    }

    /// The stable LSN sled's newest snapshot names itself by (`snap.{:016X}`); unfinished
    /// ones (`.generating`) are removed before sled opens, so they do not count.
    fn newest_snapshot_lsn(&self) -> Option<u64> {
        std::fs::read_dir(&self.dir)
            .ok()?
            .filter_map(|e| {
                let name = e.ok()?.file_name();
                let hex = name.to_str()?.strip_prefix("snap.")?.to_string();
                (hex.len() == 16).then(|| u64::from_str_radix(&hex, 16).ok())?
            })
            .max()
    }
}

/// The LSN of the segment starting at `at`, if its header checks.
fn segment_lsn(file: &std::fs::File, at: u64) -> Option<u64> {
    let mut header = [0u8; SEGMENT_HEADER_BYTES];
    file.read_exact_at(&mut header, at).ok()?;
    let stored = u32::from_le_bytes(header[0..4].try_into().ok()?) ^ 0xFFFF_FFFF;
    if crc32fast::hash(&header[4..20]) != stored {
        return None;
    }
    Some(u64::from_le_bytes(header[4..12].try_into().ok()?) ^ LSN_MASK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_log_since_the_newest_snapshot_is_replayed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger");
        let write = |from: u32, to: u32| {
            // sled lets go of its lock a moment after the last close.
            let db = super::super::files::retry_while_in_use(|| {
                sled::open(&path).map_err(|e| super::super::map_open_error(e, &path))
            })
            .unwrap();
            for i in from..to {
                db.insert(i.to_be_bytes(), vec![7u8; 1000]).unwrap();
            }
            db.flush().unwrap();
        };
        let reader = RegionReader::new(&path);
        let ranges = || {
            let file = std::fs::File::open(path.join("db")).unwrap();
            let len = file.metadata().unwrap().len();
            (reader.recovery_ranges(&file, len), len)
        };
        write(0, 2000);
        assert_eq!(reader.segment_bytes(), 512 * 1024);
        assert_eq!(reader.newest_snapshot_lsn(), None);
        let (all, len) = ranges();
        assert_eq!(all, vec![(0, len)], "no snapshot: everything is replayed");
        // sled writes a snapshot when it opens; what is written after it is replayed next.
        write(2000, 2010);
        assert!(reader.newest_snapshot_lsn().is_some());
        let (some, len) = ranges();
        let replayed: u64 = some.iter().map(|(a, z)| z - a).sum();
        assert!(replayed > 0 && replayed < len, "{some:?} of {len}");
    }
}
