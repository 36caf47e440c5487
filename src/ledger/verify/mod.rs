//! Verification of the whole chain, from the event log or from an export alone: every event
//! is re-hashed and re-encoded, seqs must be gapless and each `prev` must be the hash before
//! it; then the indexes, and the storage's own check (`EventLog::self_check`). An export's
//! walk is in `export`.

use std::path::Path;
use std::sync::Arc;

use super::log::{records, CopyKey};
use super::log::{Access, ChainOutcome, IntactCopies, LogError};
use super::read::{BlockFn, ParBlocks};
use super::verify_index::{first_index_problem, Fingerprint};
use super::verify_trust::{must_judge, TrustFacts, TrustWalker};
use super::Ledger;
use crate::event::envelope::{export_line, parse_envelope, write_day};
use crate::event::hash::{event_hash, from_hex, to_hex};
use crate::event::jcs_scan;
use crate::event::{Hash32, TYPE_NAMES, ZERO_HASH};
use crate::ids::{check_id, MAX_ID_CHARS};
use crate::time::{format_instant, Day, MAX_CLOCK_SKEW};
use chrono::{DateTime, Utc};

pub use crate::ledger::log::Problem;
pub use export::{verify_export, verify_export_counted, verify_export_of, verify_export_with};

mod export;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub events: u64,
    pub head: Option<(u64, Hash32)>,
    pub problem: Option<Problem>,
}

/// What a verification checks beyond the chain itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Checks {
    /// The wall clock: a `recorded_at` more than `MAX_CLOCK_SKEW` after it is a problem
    /// (a wrong clock's reading; appends after it are refused until the clock passes it).
    pub wall: Option<DateTime<Utc>>,
    /// A head `(seq, hash)` kept elsewhere (quoted in a report, written down): the ledger or
    /// export must hold that very event at that seq, else it was truncated or is another
    /// history.
    pub kept: Option<(u64, Hash32)>,
}

/// A `recorded_at` in its canonical form (`2026-11-26T03:00:00.000Z`): in that fixed shape
/// the bytes compare as the instants do.
type InstantKey = [u8; 24];

/// The canonical form's bytes, if `text` has exactly its shape.
fn instant_key(text: &str) -> Option<InstantKey> {
    let key: InstantKey = text.as_bytes().try_into().ok()?;
    let shaped = key.iter().enumerate().all(|(i, &b)| match i {
        4 | 7 => b == b'-',
        10 => b == b'T',
        13 | 16 => b == b':',
        19 => b == b'.',
        23 => b == b'Z',
        _ => b.is_ascii_digit(),
    });
    shaped.then_some(key)
}

fn key_text(key: &InstantKey) -> &str {
    std::str::from_utf8(key).expect("invariant: a shaped key is ASCII")
}

/// Walks the chain; each step checks one event's bytes against the expected seq and prev,
/// its `recorded_at` against the one before, and the kept head when it reaches its seq.
struct Walker {
    next_seq: u64,
    prev: Hash32,
    last_recorded: Option<InstantKey>,
    /// The latest `recorded_at` the wall clock allows.
    latest: Option<InstantKey>,
    kept: Option<(u64, Hash32)>,
}

impl Walker {
    fn new(checks: &Checks) -> Walker {
        let latest = checks
            .wall
            .and_then(|w| instant_key(&format_instant(w + MAX_CLOCK_SKEW)));
        Walker {
            next_seq: 1,
            prev: ZERO_HASH,
            last_recorded: None,
            latest,
            kept: checks.kept,
        }
    }

    /// The checks after the chain's: time order, the wall clock, the kept head's hash.
    fn step_time_and_kept(
        &mut self,
        recorded: Option<InstantKey>,
        hash: &Hash32,
    ) -> Result<(), Problem> {
        let seq = self.next_seq;
        let bad = |what: String| Problem { seq, what };
        let recorded = recorded
            .ok_or_else(|| bad("recorded_at is not an instant in the canonical form".into()))?;
        if let Some(last) = self.last_recorded.filter(|last| recorded < *last) {
            return Err(bad(format!(
                "记录时间倒退 (rule recorded-in-order: recorded_at never goes backwards): seq {seq} was recorded at {} but seq {} at {}",
                key_text(&recorded),
                seq - 1,
                key_text(&last)
            )));
        }
        if let Some(latest) = self.latest.filter(|latest| recorded > *latest) {
            return Err(bad(format!(
                "记录时间在未来 (recorded_at {} is more than {} hours after the wall clock, {} at most): a wrong clock stamped seq {seq}; later appends are refused until the clock passes it",
                key_text(&recorded),
                MAX_CLOCK_SKEW.num_hours(),
                key_text(&latest)
            )));
        }
        if let Some((at, kept)) = self.kept.filter(|(at, kept)| *at == seq && kept != hash) {
            return Err(bad(format!(
                "not the kept history: seq {at} has hash {} but the kept head says {} (the histories differ at or before seq {at})",
                to_hex(hash),
                to_hex(&kept)
            )));
        }
        self.last_recorded = Some(recorded);
        Ok(())
    }

    /// After the last event: the kept head must not lie beyond it.
    fn kept_missing(&self, what: &str) -> Option<Problem> {
        let last = self.next_seq - 1;
        let (at, _) = self.kept.filter(|(at, _)| *at > last)?;
        Some(Problem {
            seq: last + 1,
            what: format!(
                "truncated: the kept head is seq {at} but the {what} ends at seq {last} (seqs {}..={at} are missing)",
                last + 1
            ),
        })
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
        self.step_time_and_kept(instant_key(&format_instant(env.recorded_at)), &actual)?;
        self.next_seq += 1;
        self.prev = actual;
        Ok(env)
    }
}

/// Verifies the ledger at `path`: the chain, the head and the indexes, and the storage's own
/// check (for the embedded engine: a scan of what its recovery will read for damaged event
/// records, made before it opens the ledger, since its recovery overwrites that evidence;
/// every file scanned to name the seq when it reports damage later). Damage that
/// cannot be placed at a seq is returned as the log's error.
pub fn verify_at(path: &Path) -> Result<Verdict, LogError> {
    verify_at_with(path, &Checks::default())
}

/// `verify_at` with the wall clock and a kept head (`Checks`). A directory that is not a
/// ledger is refused before anything is read or written (`store::check_ledger_dir`).
pub fn verify_at_with(path: &Path, checks: &Checks) -> Result<Verdict, LogError> {
    verify_at_as(path, Access::default(), checks)
}

/// `verify_at_with`, opening the ledger as `access` says (`--read-only`).
pub fn verify_at_as(path: &Path, access: Access, checks: &Checks) -> Result<Verdict, LogError> {
    let access = Access {
        verify: true,
        ..access
    };
    let ledger = Ledger::open_as(path, access)?;
    let verdict = match verify_ledger_with(&ledger, checks) {
        Ok(verdict) => verdict,
        Err(e) if e.is_damage() => {
            return match ledger.log().self_check(ChainOutcome::ReadFailed(&e))? {
                Some(problem) => Ok(Verdict {
                    events: 0,
                    head: None,
                    problem: Some(problem),
                }),
                None => Err(e),
            };
        }
        Err(e) => return Err(e),
    };
    if verdict.problem.is_some() {
        return Ok(verdict);
    }
    let live = |seq: u64| {
        let stored = ledger.get(seq).ok().flatten()?;
        Some(stored.env.canonical_bytes())
    };
    match ledger.log().self_check(ChainOutcome::Verified(&live))? {
        Some(problem) => Ok(verdict_with(verdict, problem)),
        None => Ok(verdict),
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
    recorded_at: Option<InstantKey>,
    /// What the trust walk reads (format 2 and signed ledgers only: `CheckContext::trust`).
    trust: Option<TrustFacts>,
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
    /// Whether the trust walk runs (`verify_trust`): the ledger is format 2 or has a
    /// `_ledger` stream.
    trust: bool,
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
        recorded_at: None,
        trust: None,
    };
    if check_canonical_envelope(bytes, ctx, scratch, &mut c).is_some() {
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
    let env = match simdutf8::basic::from_utf8(bytes) {
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
            c.recorded_at = instant_key(&format_instant(env.recorded_at));
            scratch.clear();
            write_day(env.effective, scratch);
            c.index_share = fp.event(env.seq, env.project.as_str(), scratch);
            c.trust = ctx.trust.then(|| TrustFacts::of(&env));
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
    ctx: &CheckContext,
    scratch: &mut Vec<u8>,
    c: &mut Checked,
) -> Option<()> {
    let top = jcs_scan::envelope(bytes)?;
    let prev = from_hex(top.prev)?;
    let project_prev = top.project_prev.map(from_hex);
    let recorded_at = instant_key(top.recorded_at?)?;
    let kind = *TYPE_NAMES.iter().find(|k| **k == top.kind)?;
    if project_prev == Some(None) || check_id("project id", top.project, MAX_ID_CHARS).is_err() {
        return None;
    }
    scratch.clear();
    write_day(Day::parse(top.effective).ok()?, scratch);
    if scratch.as_slice() != top.effective.as_bytes() {
        return None;
    }
    if ctx.trust {
        let env = match must_judge(top.signed, kind, top.project) {
            true => Some(Box::new(
                parse_envelope(simdutf8::basic::from_utf8(bytes).ok()?)
                    .ok()?
                    .0,
            )),
            false => None,
        };
        c.trust = Some(TrustFacts {
            project: top.project.into(),
            project_prev: project_prev.flatten(),
            kind,
            signed: top.signed,
            env,
        });
    }
    c.canonical = true;
    c.env_seq = top.seq;
    c.env_prev = prev;
    c.recorded_at = Some(recorded_at);
    c.index_share = ctx.fp.event(top.seq, top.project, scratch);
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
        self.step_time_and_kept(c.recorded_at, &c.actual)?;
        self.next_seq += 1;
        self.prev = c.actual;
        Ok(())
    }
}

/// Verifies a ledger: the chain, the head, and both indexes. Records are checked and
/// re-hashed on worker threads; the chain and the index fingerprint are checked here, in order.
pub fn verify_ledger(ledger: &Ledger) -> Result<Verdict, LogError> {
    verify_ledger_with(ledger, &Checks::default())
}

/// `verify_ledger` with `checks`, trusting the hashes of the record copies the storage's own
/// check found intact (`EventLog::intact_copies`).
fn verify_ledger_with(ledger: &Ledger, checks: &Checks) -> Result<Verdict, LogError> {
    let mut walker = Walker::new(checks);
    let mut trust = trust_walker(ledger)?;
    let mut trust_found: Option<Problem> = None;
    let fp = Fingerprint::new();
    let ctx = CheckContext {
        fp: fp.clone(),
        intact: ledger.log().intact_copies(),
        trust: trust.is_some(),
    };
    let check: BlockFn<Result<Vec<Checked>, (u64, String)>> =
        Arc::new(move |first, block| check_block(first, block, &ctx));
    let mut expected_index = 0u64;
    for block in ParBlocks::new(ledger.log(), 1, check) {
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
            if let (Some(t), None, Some(f)) = (trust.as_mut(), &trust_found, &c.trust) {
                let read_back = &mut |seq| read_back(ledger, seq);
                trust_found = t
                    .step_parts(&f.parts(c.env_seq), c.actual, f.env.as_deref(), read_back)
                    .err();
            }
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
    if let Some(problem) = walker.kept_missing("ledger") {
        return Ok(verdict(&walker, Some(problem)));
    }
    if fp.stored(ledger)? == expected_index {
        return Ok(verdict(&walker, trust_found));
    }
    let problem = first_index_problem(ledger)?.or_else(|| {
        Some(Problem {
            seq: walker.next_seq - 1,
            what: "index disagreement: the indexes differ from the events".into(),
        })
    });
    Ok(verdict(&walker, problem))
}

/// The walk of a format-2 or signed ledger's rules (`verify_trust`), made in the same pass
/// as the chain: its project_prev links, and each signature and role against the actors as
/// of its seq (the signatures' cryptography too, unless the ledger is an export file). A
/// format-1 ledger without a `_ledger` stream has nothing to check there.
fn trust_walker(ledger: &Ledger) -> Result<Option<TrustWalker>, LogError> {
    let log = ledger.log();
    if log.envelope_format()? < 2 && log.project_seqs(crate::event::LEDGER_STREAM)?.is_empty() {
        return Ok(None);
    }
    // An export holds no ledger id, so its signatures cannot be checked over their
    // statements (`verify --export F --ledger-id ID` does that); everything else is.
    let ledger_id = (!ledger.is_export()).then(|| ledger.ledger_id());
    Ok(Some(TrustWalker::new(ledger_id)))
}

/// An event the trust walk must judge but the worker did not type (an unsigned event once
/// signatures are required): read back from the log.
fn read_back(ledger: &Ledger, seq: u64) -> Result<crate::event::Envelope, Problem> {
    match ledger.get(seq) {
        Ok(Some(stored)) => Ok(stored.env),
        Ok(None) => Err(Problem {
            seq,
            what: "the event cannot be read back".into(),
        }),
        Err(super::ReadError::Damaged { seq, what }) => Err(Problem { seq, what }),
        Err(super::ReadError::Store(e)) => Err(Problem {
            seq,
            what: e.to_string(),
        }),
    }
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
