//! A read-only ledger over an export file (`jixiao export`: one envelope per line, with its
//! hash, in seq order), so that an auditor given the file alone can run every read command
//! on it. Each line must be the canonical form of the event it spells; the chain (seqs,
//! `prev`, hashes, recording order) is then verified by the ledger before anything reads it
//! (`Ledger::open_as`), and the first line that could not be loaded is reported by the
//! storage check, after the lines before it verified.
//!
//! An export holds no ledger id: the log's id is `export-` and the first 16 hex digits of
//! the hash of seq 1, which names the history the file starts (every export of one ledger
//! shares it).

use std::io::BufRead;
use std::path::Path;

use super::MemoryLog;
use crate::event::envelope::{export_line, parse_envelope};
use crate::event::hash::to_hex;
use crate::ledger::log::Problem;
use crate::ledger::log::{ChainOutcome, LogError, Record};

/// Loads the export file at `path`.
pub fn open(path: &Path) -> Result<MemoryLog, LogError> {
    let file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => LogError::Missing(path.to_path_buf()),
        _ => LogError::Io(e),
    })?;
    let reader = std::io::BufReader::with_capacity(1 << 20, file);
    let mut records = Vec::new();
    let mut unloaded: Option<Problem> = None;
    for line in reader.split(b'\n') {
        let line = line?;
        let line = line.strip_suffix(b"\r").unwrap_or(&line);
        let seq = records.len() as u64 + 1;
        match load_line(seq, line) {
            Ok(record) => records.push(record),
            Err(what) => {
                unloaded = Some(Problem { seq, what });
                break;
            }
        }
    }
    if records.is_empty() && unloaded.is_none() {
        unloaded = Some(Problem {
            seq: 1,
            what: "the export is empty: 导出文件没有任何事件 (no events; an empty file proves nothing)".into(),
        });
    }
    let ledger_id = match records.first() {
        Some(first) => format!("export-{}", &to_hex(&first.hash)[..16]),
        None => "export".to_string(),
    };
    let log = MemoryLog::read_only(path.to_path_buf(), &ledger_id, records)?;
    Ok(log.with_check(
        None,
        Box::new(move |outcome| match outcome {
            ChainOutcome::Verified(_) => unloaded.clone(),
            ChainOutcome::ReadFailed(_) => None,
        }),
    ))
}

/// One export line as a record at position `seq`: its canonical bytes (the line without
/// its hash, which must give the line back exactly) and the hash it quotes. Whether the
/// seq, `prev` and hash are right is the chain's check, made afterwards.
fn load_line(seq: u64, line: &[u8]) -> Result<Record, String> {
    let text = simdutf8::basic::from_utf8(line).map_err(|_| format!("line {seq} is not UTF-8"))?;
    let (env, hash) = parse_envelope(text).map_err(|e| format!("line {seq} is unreadable: {e}"))?;
    let hash = hash.ok_or_else(|| format!("line {seq} has no hash"))?;
    let bytes = env.canonical_bytes();
    if export_line(&bytes, &hash) != line {
        return Err(
            "non-canonical bytes: the stored form is not the JCS encoding of the event".into(),
        );
    }
    Ok(Record { seq, hash, bytes })
}
