//! Verification of an export file alone (`verify --export`, and an export opened as a
//! ledger): each line re-encoded and re-hashed, the chain walked as the ledger's is, and the
//! format-2 and signing walk (`verify_trust`) over the same lines.

use std::io::BufRead;

use super::{verdict, Checks, Problem, TrustWalker, Verdict, Walker};
use crate::event::envelope::parse_envelope;
use crate::event::Hash32;

/// Verifies an export file alone: no ledger, only the lines, JCS and BLAKE3.
pub fn verify_export(reader: impl BufRead) -> std::io::Result<Verdict> {
    verify_export_with(reader, &Checks::default())
}

/// `verify_export` with the wall clock and a kept head. An export without a single event
/// fails: an empty file is evidence of nothing (an empty ledger has nothing to export).
pub fn verify_export_with(reader: impl BufRead, checks: &Checks) -> std::io::Result<Verdict> {
    verify_export_of(reader, checks, None)
}

/// `verify_export_with` for the ledger `ledger_id`, so that signatures are checked over their
/// statements (without it, an export's signatures are checked for presence and role only).
pub fn verify_export_of(
    reader: impl BufRead,
    checks: &Checks,
    ledger_id: Option<&str>,
) -> std::io::Result<Verdict> {
    Ok(verify_export_counted(reader, checks, ledger_id)?.0)
}

/// `verify_export_of`, with how many signed events it could not check cryptographically
/// (every signed event when `ledger_id` is None; 0 otherwise), so that the caller can say so.
pub fn verify_export_counted(
    reader: impl BufRead,
    checks: &Checks,
    ledger_id: Option<&str>,
) -> std::io::Result<(Verdict, u64)> {
    let mut walker = Walker::new(checks);
    let mut trust = TrustWalker::new(ledger_id);
    for line in reader.split(b'\n') {
        let line = line?;
        let line = line.strip_suffix(b"\r").unwrap_or(&line);
        let stepped = step_export(&mut walker, line).and_then(|(env, hash)| trust.step(&env, hash));
        if let Err(p) = stepped {
            return Ok((verdict(&walker, Some(p)), trust.signed_unchecked));
        }
    }
    if walker.next_seq == 1 {
        let problem = Problem {
            seq: 1,
            what: "the export is empty: 导出文件没有任何事件 (no events; an empty file proves nothing)".into(),
        };
        return Ok((verdict(&walker, Some(problem)), 0));
    }
    let problem = walker.kept_missing("export");
    Ok((verdict(&walker, problem), trust.signed_unchecked))
}

fn step_export(
    walker: &mut Walker,
    line: &[u8],
) -> Result<(crate::event::Envelope, Hash32), Problem> {
    let seq = walker.next_seq;
    let text = simdutf8::basic::from_utf8(line).map_err(|_| Problem {
        seq,
        what: format!("line {seq} is not UTF-8"),
    })?;
    let (env, quoted) = parse_envelope(text).map_err(|e| Problem {
        seq,
        what: format!("line {seq} is unreadable: {e}"),
    })?;
    let quoted = quoted.ok_or_else(|| Problem {
        seq,
        what: format!("line {seq} has no hash"),
    })?;
    let canonical = env.canonical_bytes();
    walker
        .step(&canonical, &quoted, Some(line))
        .map(|env| (env, quoted))
}
