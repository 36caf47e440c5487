//! Verification of the whole chain, from the store or from an export alone: every event is
//! re-hashed and re-encoded, seqs must be gapless and each `prev` must be the hash before it.

use std::io::BufRead;
use std::path::Path;
use std::sync::Arc;

use super::read::{BlockFn, ParBlocks};
use super::verify_index::{first_index_problem, Fingerprint};
use super::Ledger;
use crate::event::envelope::{export_line, parse_envelope, write_day};
use crate::event::hash::{event_hash, from_hex, to_hex};
use crate::event::jcs_scan;
use crate::event::{Hash32, TYPE_NAMES, ZERO_HASH};
use crate::ids::{check_id, MAX_ID_CHARS};
use crate::store::{
    records, scan_files, scan_held, CopyKey, DamagedCopy, Extent, IntactCopies, StoreError,
};
use crate::time::Day;

/// The first thing found wrong, at the first bad seq.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub seq: u64,
    pub what: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub events: u64,
    pub head: Option<(u64, Hash32)>,
    pub problem: Option<Problem>,
}

/// Walks the chain; each step checks one event's bytes against the expected seq and prev.
struct Walker {
    next_seq: u64,
    prev: Hash32,
}

impl Walker {
    fn new() -> Walker {
        Walker {
            next_seq: 1,
            prev: ZERO_HASH,
        }
    }

    /// `bytes` are the canonical bytes without hash; `quoted` is the hash stored beside them.
    fn step(
        &mut self,
        bytes: &[u8],
        quoted: &Hash32,
        full_line: Option<&[u8]>,
    ) -> Result<crate::event::Envelope, Problem> {
        let seq = self.next_seq;
        let bad = |what: String| Problem { seq, what };
        let text =
            std::str::from_utf8(full_line.unwrap_or(bytes)).map_err(|_| bad("not UTF-8".into()))?;
        let (env, _) = parse_envelope(text).map_err(|e| bad(format!("unreadable event: {e}")))?;
        if env.seq != seq {
            return Err(bad(format!(
                "seq gap: expected seq {seq}, found seq {}",
                env.seq
            )));
        }
        if env.prev != self.prev {
            return Err(bad(format!(
                "broken prev link: prev is {} but seq {} has hash {}",
                to_hex(&env.prev),
                seq - 1,
                to_hex(&self.prev)
            )));
        }
        let canonical = env.canonical_bytes();
        let expected_full = full_line.map(|_| export_line(&canonical, quoted));
        if canonical != bytes || expected_full.as_deref() != full_line {
            return Err(bad(
                "non-canonical bytes: the stored form is not the JCS encoding of the event".into(),
            ));
        }
        let actual = event_hash(bytes);
        if &actual != quoted {
            return Err(bad(format!(
                "hash mismatch: content hashes to {} but {} is recorded",
                to_hex(&actual),
                to_hex(quoted)
            )));
        }
        self.next_seq += 1;
        self.prev = actual;
        Ok(env)
    }
}

/// Verifies the ledger at `path`: first a scan of what sled's recovery will read for
/// damaged event records (sled overwrites that evidence while opening a damaged log), then
/// the chain, the head and the indexes. When sled reports damage while the chain is read,
/// every file is scanned to name the seq. Damage that cannot be placed at a seq is returned
/// as the store's error.
pub fn verify_at(path: &Path) -> Result<Verdict, StoreError> {
    let scan = scan_files(path, Extent::Recovery)?;
    let damaged = scan.damaged;
    let ledger = match Ledger::open(path) {
        Ok(ledger) => ledger,
        Err(e) if e.is_damage() => return placed(damaged.first(), path, e),
        Err(e) => return Err(e),
    };
    let verdict = match verify_ledger_with(&ledger, Some(Arc::new(scan.intact))) {
        Ok(verdict) => verdict,
        Err(e) if e.is_damage() => {
            let all = scan_held(path, Extent::All)?;
            return placed(all.damaged.first(), path, e);
        }
        Err(e) => return Err(e),
    };
    if verdict.problem.is_some() {
        return Ok(verdict);
    }
    for copy in &damaged {
        // A copy of the same length with other bytes is that event's record, altered; a
        // different length means the bytes before it were reused by sled, not a copy.
        let Some(live) = ledger.get(copy.seq).ok().flatten() else {
            continue;
        };
        let live_bytes = live.env.canonical_bytes();
        if live_bytes.len() == copy.bytes.len() && live_bytes != copy.bytes {
            let note = "the live copy is intact, an older copy in the files was altered";
            let problem = damaged_copy_problem(copy, path, note);
            return Ok(verdict_with(verdict, problem));
        }
    }
    Ok(verdict)
}

/// sled's damage error, placed at the seq of the first damaged copy the scan found.
fn placed(copy: Option<&DamagedCopy>, path: &Path, e: StoreError) -> Result<Verdict, StoreError> {
    let Some(copy) = copy else {
        return Err(e);
    };
    Ok(Verdict {
        events: 0,
        head: None,
        problem: Some(damaged_copy_problem(copy, path, &e.to_string())),
    })
}

fn damaged_copy_problem(copy: &DamagedCopy, dir: &Path, context: &str) -> Problem {
    let file = copy.file.strip_prefix(dir).unwrap_or(&copy.file);
    Problem {
        seq: copy.seq,
        what: format!(
            "hash mismatch: the stored bytes of seq {} ({} at byte {}) no longer match its hash; {context}",
            copy.seq,
            file.display(),
            copy.offset
        ),
    }
}

fn verdict_with(verdict: Verdict, problem: Problem) -> Verdict {
    Verdict {
        events: verdict.events.min(problem.seq.saturating_sub(1)),
        head: None,
        problem: Some(problem),
    }
}

/// What a worker finds about one stored record, before the chain is checked in order.
struct Checked {
    /// Why the record cannot be read ("not UTF-8", "unreadable event: …"), if so.
    unreadable: Option<String>,
    env_seq: u64,
    env_prev: Hash32,
    canonical: bool,
    actual: Hash32,
    quoted: Hash32,
    /// The record's share of the index fingerprint: the entries its project and its
    /// effective date must have.
    index_share: u64,
}

/// The order-independent checks of one block's records (canonical form, re-hash), done on
/// worker threads; Err if the block itself cannot be split into records.
fn check_block(
    first: u64,
    block: &[u8],
    ctx: &CheckContext,
) -> Result<Vec<Checked>, (u64, String)> {
    let mut scratch = Vec::with_capacity(1024);
    records(first, block)
        .map(|r| {
            r.map(|r| check_record(r.bytes, r.hash, ctx, &mut scratch))
                .map_err(|what| (first, what))
        })
        .collect()
}

/// What every worker shares: the fingerprint key, and the record copies the scan of the
/// files already found intact (hashed there, so not hashed again).
struct CheckContext {
    fp: Fingerprint,
    intact: Option<Arc<IntactCopies>>,
}

fn check_record(
    bytes: &[u8],
    quoted: &Hash32,
    ctx: &CheckContext,
    scratch: &mut Vec<u8>,
) -> Checked {
    let mut c = Checked {
        unreadable: None,
        env_seq: 0,
        env_prev: ZERO_HASH,
        canonical: false,
        actual: ZERO_HASH,
        quoted: *quoted,
        index_share: 0,
    };
    if check_canonical_envelope(bytes, &ctx.fp, scratch, &mut c).is_some() {
        // The live copy's bytes are read from the same files the scan hashed every copy in;
        // a seq and hash some damaged copy also carries is never in `intact`.
        let key = CopyKey {
            seq: c.env_seq,
            hash: *quoted,
        };
        let scanned = ctx.intact.as_ref().is_some_and(|i| i.contains(&key));
        c.actual = if scanned { *quoted } else { event_hash(bytes) };
        return c;
    }
    c.actual = event_hash(bytes);
    let fp = &ctx.fp;
    // The exact path: type the event, re-encode it, and say what is wrong if anything is.
    let env = match std::str::from_utf8(bytes) {
        Err(_) => Err("not UTF-8".to_string()),
        Ok(text) => parse_envelope(text).map_err(|e| format!("unreadable event: {e}")),
    };
    match env {
        Err(what) => c.unreadable = Some(what),
        Ok((env, _)) => {
            scratch.clear();
            env.write_canonical(scratch);
            c.canonical = scratch.as_slice() == bytes;
            c.env_seq = env.seq;
            c.env_prev = env.prev;
            scratch.clear();
            write_day(env.effective, scratch);
            c.index_share = fp.event(env.seq, env.project.as_str(), scratch);
        }
    }
    c
}

/// The fast path: bytes shown to be canonical JSON (`jcs_scan`) whose envelope members are
/// well formed — a known type, a valid project id, a canonical date, a hex prev. This is
/// what makes the stored form the one the hash covers; the event's data was typed and
/// checked when it was appended, and the hash chain shows it has not changed since.
/// None sends the record down the exact path, which names whatever is wrong.
fn check_canonical_envelope(
    bytes: &[u8],
    fp: &Fingerprint,
    scratch: &mut Vec<u8>,
    c: &mut Checked,
) -> Option<()> {
    let top = jcs_scan::envelope(bytes)?;
    let prev = from_hex(top.prev)?;
    if !TYPE_NAMES.contains(&top.kind) || check_id("project id", top.project, MAX_ID_CHARS).is_err()
    {
        return None;
    }
    scratch.clear();
    write_day(Day::parse(top.effective).ok()?, scratch);
    if scratch.as_slice() != top.effective.as_bytes() {
        return None;
    }
    c.canonical = true;
    c.env_seq = top.seq;
    c.env_prev = prev;
    c.index_share = fp.event(top.seq, top.project, scratch);
    Some(())
}

impl Walker {
    /// The in-order checks of a record already checked by a worker, in the order and with
    /// the words of `step`: readable, seq, prev, canonical, hash.
    fn step_checked(&mut self, c: &Checked) -> Result<(), Problem> {
        let seq = self.next_seq;
        let bad = |what: String| Problem { seq, what };
        if let Some(what) = &c.unreadable {
            return Err(bad(what.clone()));
        }
        if c.env_seq != seq {
            return Err(bad(format!(
                "seq gap: expected seq {seq}, found seq {}",
                c.env_seq
            )));
        }
        if c.env_prev != self.prev {
            return Err(bad(format!(
                "broken prev link: prev is {} but seq {} has hash {}",
                to_hex(&c.env_prev),
                seq - 1,
                to_hex(&self.prev)
            )));
        }
        if !c.canonical {
            return Err(bad(
                "non-canonical bytes: the stored form is not the JCS encoding of the event".into(),
            ));
        }
        if c.actual != c.quoted {
            return Err(bad(format!(
                "hash mismatch: content hashes to {} but {} is recorded",
                to_hex(&c.actual),
                to_hex(&c.quoted)
            )));
        }
        self.next_seq += 1;
        self.prev = c.actual;
        Ok(())
    }
}

/// Verifies a ledger: the chain, the head, and both indexes. Records are checked and
/// re-hashed on worker threads; the chain and the index fingerprint are checked here, in order.
pub fn verify_ledger(ledger: &Ledger) -> Result<Verdict, StoreError> {
    verify_ledger_with(ledger, None)
}

/// `verify_ledger`, trusting the hashes of the record copies a scan of the files found intact.
fn verify_ledger_with(
    ledger: &Ledger,
    intact: Option<Arc<IntactCopies>>,
) -> Result<Verdict, StoreError> {
    let mut walker = Walker::new();
    let fp = Fingerprint::new();
    let ctx = CheckContext {
        fp: fp.clone(),
        intact,
    };
    let check: BlockFn<Result<Vec<Checked>, (u64, String)>> =
        Arc::new(move |first, block| check_block(first, block, &ctx));
    let mut expected_index = 0u64;
    for block in ParBlocks::new(ledger.store(), 1, check) {
        let checked = match block? {
            Ok(checked) => checked,
            Err((first, what)) => {
                let problem = Problem {
                    seq: walker.next_seq.max(first),
                    what,
                };
                return Ok(verdict(&walker, Some(problem)));
            }
        };
        for c in &checked {
            if let Err(p) = walker.step_checked(c) {
                return Ok(verdict(&walker, Some(p)));
            }
            expected_index = expected_index.wrapping_add(c.index_share);
        }
    }
    let head = ledger.head();
    if head.map_or(0, |h| h.seq) != walker.next_seq - 1
        || head.is_some_and(|h| h.hash != walker.prev)
    {
        let problem = Problem {
            seq: walker.next_seq,
            what: "the head does not match the last stored event".into(),
        };
        return Ok(verdict(&walker, Some(problem)));
    }
    if fp.stored(ledger)? == expected_index {
        return Ok(verdict(&walker, None));
    }
    let problem = first_index_problem(ledger)?.or_else(|| {
        Some(Problem {
            seq: walker.next_seq - 1,
            what: "index disagreement: the indexes differ from the events".into(),
        })
    });
    Ok(verdict(&walker, problem))
}

/// Verifies an export file alone: no ledger, only the lines, JCS and BLAKE3.
pub fn verify_export(reader: impl BufRead) -> std::io::Result<Verdict> {
    let mut walker = Walker::new();
    for line in reader.split(b'\n') {
        let line = line?;
        let line = line.strip_suffix(b"\r").unwrap_or(&line);
        if let Err(p) = step_export(&mut walker, line) {
            return Ok(verdict(&walker, Some(p)));
        }
    }
    Ok(verdict(&walker, None))
}

fn step_export(walker: &mut Walker, line: &[u8]) -> Result<(), Problem> {
    let seq = walker.next_seq;
    let text = std::str::from_utf8(line).map_err(|_| Problem {
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
    walker.step(&canonical, &quoted, Some(line)).map(|_| ())
}

fn verdict(walker: &Walker, problem: Option<Problem>) -> Verdict {
    let events = walker.next_seq - 1;
    let head = (events > 0).then_some((events, walker.prev));
    Verdict {
        events,
        head,
        problem,
    }
}
