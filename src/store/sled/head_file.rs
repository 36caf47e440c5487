//! jixiao's own files beside sled's: the head file (`jixiao-head`), the last acknowledged
//! head, written after every durable commit; and the id file (`jixiao-id`), the ledger id,
//! written once. Neither is trusted for content, only compared (the head) or shown (the id);
//! both let the ledger be read where sled cannot open it (read-only media, `readonly`).
//!
//! Why the head file exists: sled 0.34.7 checksums every log message, but on open it cannot
//! tell a damaged message at the end of its log from a write torn by a crash, so it silently
//! drops that message and everything after it. A flipped byte in the newest events would
//! then leave a shorter ledger that verifies. The head file is written only after sled's
//! flush succeeded, so a store that ends before the head file's seq has lost events that
//! were acknowledged, and opening it is refused naming the first lost seq.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::event::hash::{from_hex, to_hex};
use crate::event::Hash32;

pub const HEAD_FILE: &str = "jixiao-head";
const HEAD_FILE_TMP: &str = "jixiao-head.tmp";
pub const ID_FILE: &str = "jixiao-id";
/// A head file is one short line; anything longer is not ours.
const MAX_HEAD_FILE_BYTES: u64 = 256;

/// A head file that could not be written, as the log's error.
pub(super) fn write_error(e: std::io::Error) -> crate::ledger::log::LogError {
    crate::ledger::log::LogError::Engine(format!("cannot write the head file: {e}"))
}

/// The head file of one ledger directory.
pub struct HeadFile {
    dir: PathBuf,
}

impl HeadFile {
    pub fn new(dir: &Path) -> HeadFile {
        HeadFile {
            dir: dir.to_path_buf(),
        }
    }

    /// `seq 0` with the zero hash is the head of an empty ledger.
    ///
    /// A line of the same length as the one in place (the usual case: the seq keeps its
    /// number of digits) is overwritten in place, one sector, and left to the kernel's
    /// writeback: the events are already durable, and a head file that a power cut leaves one
    /// commit behind is exactly what a crash between sled's sync and this write leaves, which
    /// open accepts. An fdatasync here would be a second disk round trip on every single
    /// append. Otherwise the line goes to a temporary file that is fsynced and renamed over
    /// the head file.
    pub fn write(&self, seq: u64, hash: &Hash32) -> std::io::Result<()> {
        use std::os::unix::fs::FileExt;
        let line = format!("seq {seq} hash {}\n", to_hex(hash));
        if let Ok(file) = std::fs::OpenOptions::new()
            .write(true)
            .open(self.dir.join(HEAD_FILE))
        {
            if file.metadata()?.len() == line.len() as u64 {
                return file.write_all_at(line.as_bytes(), 0);
            }
        }
        replace(&self.dir, HEAD_FILE, HEAD_FILE_TMP, &line)
    }

    /// `Ok(None)` when there is no head file; `Err` text when it exists but cannot be read.
    pub fn read(&self) -> Result<Option<(u64, Hash32)>, String> {
        let path = self.dir.join(HEAD_FILE);
        let Some(text) = read_small(&path, "head file")? else {
            return Ok(None);
        };
        parse(&text).map(Some).ok_or_else(|| {
            format!(
                "the head file {} is not of the form `seq N hash HEX`: {:?}",
                path.display(),
                text.trim_end()
            )
        })
    }
}

/// The id file: the ledger id on one line, written by `init` (and by the first open of a
/// ledger made before it existed).
pub struct IdFile {
    dir: PathBuf,
}

impl IdFile {
    pub fn new(dir: &Path) -> IdFile {
        IdFile {
            dir: dir.to_path_buf(),
        }
    }

    pub fn write(&self, ledger_id: &str) -> std::io::Result<()> {
        replace(
            &self.dir,
            ID_FILE,
            "jixiao-id.tmp",
            &format!("{ledger_id}\n"),
        )
    }

    /// `Ok(None)` when there is no id file.
    pub fn read(&self) -> Result<Option<String>, String> {
        let path = self.dir.join(ID_FILE);
        let Some(text) = read_small(&path, "id file")? else {
            return Ok(None);
        };
        let id = text.strip_suffix('\n').unwrap_or(&text);
        if id.is_empty() || id.contains(char::is_whitespace) {
            return Err(format!(
                "the id file {} is not one ledger id",
                path.display()
            ));
        }
        Ok(Some(id.to_string()))
    }
}

/// A short file read whole; None when it does not exist.
fn read_small(path: &Path, what: &str) -> Result<Option<String>, String> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read the {what} {}: {e}", path.display())),
    };
    if meta.len() > MAX_HEAD_FILE_BYTES {
        return Err(format!("the {what} {} is too long", path.display()));
    }
    std::fs::read_to_string(path)
        .map(Some)
        .map_err(|e| format!("cannot read the {what} {}: {e}", path.display()))
}

/// Writes `text` to `tmp`, fsyncs it and renames it over `name`, then syncs the directory.
fn replace(dir: &Path, name: &str, tmp: &str, text: &str) -> std::io::Result<()> {
    let tmp = dir.join(tmp);
    let mut file = File::create(&tmp)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&tmp, dir.join(name))?;
    File::open(dir)?.sync_all()
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
        let head = HeadFile::new(dir.path());
        assert_eq!(head.read(), Ok(None));
        head.write(7, &[0xab; 32]).unwrap();
        assert_eq!(head.read(), Ok(Some((7, [0xab; 32]))));
        // Same length: overwritten in place; longer: replaced.
        head.write(8, &[0xcd; 32]).unwrap();
        assert_eq!(head.read(), Ok(Some((8, [0xcd; 32]))));
        head.write(10, &[0xef; 32]).unwrap();
        assert_eq!(head.read(), Ok(Some((10, [0xef; 32]))));
        std::fs::write(dir.path().join(HEAD_FILE), "seq x").unwrap();
        assert!(head.read().is_err());
        let id = IdFile::new(dir.path());
        assert_eq!(id.read(), Ok(None));
        id.write("jx-test").unwrap();
        assert_eq!(id.read(), Ok(Some("jx-test".to_string())));
        std::fs::write(dir.path().join(ID_FILE), "two words\n").unwrap();
        assert!(id.read().is_err());
    }
}
