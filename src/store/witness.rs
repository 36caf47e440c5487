//! The head file (`jixiao-head`): the last acknowledged head, written beside sled's files
//! after every durable commit. It must not be trusted for content, only compared.
//!
//! Why it exists: sled 0.34.7 checksums every log message, but on open it cannot tell a
//! damaged message at the end of its log from a write torn by a crash, so it silently
//! drops that message and everything after it. A flipped byte in the newest events would
//! then leave a shorter ledger that verifies. The head file is written only after sled's
//! flush succeeded, so a store that ends before the head file's seq has lost events that
//! were acknowledged, and opening it is refused naming the first lost seq.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use crate::event::hash::{from_hex, to_hex};
use crate::event::Hash32;

pub const HEAD_FILE: &str = "jixiao-head";
const HEAD_FILE_TMP: &str = "jixiao-head.tmp";
/// A head file is one short line; anything longer is not ours.
const MAX_HEAD_FILE_BYTES: u64 = 256;

/// `seq 0` with the zero hash is the head of an empty ledger.
///
/// A line of the same length as the one in place (the usual case: the seq keeps its number
/// of digits) is overwritten in place, one sector, and left to the kernel's writeback: the
/// events are already durable, and a head file that a power cut leaves one commit behind is
/// exactly what a crash between sled's sync and this write leaves, which open accepts. An
/// fdatasync here would be a second disk round trip on every single append. Otherwise the
/// line goes to a temporary file that is fsynced and renamed over the head file.
pub fn write(dir: &Path, seq: u64, hash: &Hash32) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    let line = format!("seq {seq} hash {}\n", to_hex(hash));
    if let Ok(file) = std::fs::OpenOptions::new()
        .write(true)
        .open(dir.join(HEAD_FILE))
    {
        if file.metadata()?.len() == line.len() as u64 {
            return file.write_all_at(line.as_bytes(), 0);
        }
    }
    let tmp = dir.join(HEAD_FILE_TMP);
    let mut file = File::create(&tmp)?;
    file.write_all(line.as_bytes())?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&tmp, dir.join(HEAD_FILE))?;
    File::open(dir)?.sync_all()
}

/// `Ok(None)` when there is no head file; `Err` text when it exists but cannot be read.
pub fn read(dir: &Path) -> Result<Option<(u64, Hash32)>, String> {
    let path = dir.join(HEAD_FILE);
    let meta = match std::fs::metadata(&path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read the head file {}: {e}", path.display())),
    };
    if meta.len() > MAX_HEAD_FILE_BYTES {
        return Err(format!("the head file {} is too long", path.display()));
    }
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read the head file {}: {e}", path.display()))?;
    parse(&text).map(Some).ok_or_else(|| {
        format!(
            "the head file {} is not of the form `seq N hash HEX`: {:?}",
            path.display(),
            text.trim_end()
        )
    })
}

fn parse(text: &str) -> Option<(u64, Hash32)> {
    let mut words = text.split_whitespace();
    let (Some("seq"), Some(seq), Some("hash"), Some(hash), None) = (
        words.next(),
        words.next(),
        words.next(),
        words.next(),
        words.next(),
    ) else {
        return None;
    };
    Some((seq.parse().ok()?, from_hex(hash)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read(dir.path()), Ok(None));
        write(dir.path(), 7, &[0xab; 32]).unwrap();
        assert_eq!(read(dir.path()), Ok(Some((7, [0xab; 32]))));
        // Same length: overwritten in place; longer: replaced.
        write(dir.path(), 8, &[0xcd; 32]).unwrap();
        assert_eq!(read(dir.path()), Ok(Some((8, [0xcd; 32]))));
        write(dir.path(), 10, &[0xef; 32]).unwrap();
        assert_eq!(read(dir.path()), Ok(Some((10, [0xef; 32]))));
        std::fs::write(dir.path().join(HEAD_FILE), "seq x").unwrap();
        assert!(read(dir.path()).is_err());
    }
}
