//! Verification of the whole chain, from the store or from an export alone: every event is
//! re-hashed and re-encoded, seqs must be gapless and each `prev` must be the hash before it.

use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;
use std::path::Path;
use std::sync::Arc;

use super::read::{BlockFn, ParBlocks};
use super::Ledger;
use crate::event::envelope::{export_line, parse_envelope, write_day};
use crate::event::hash::{event_hash, to_hex};
use crate::event::{Hash32, ZERO_HASH};
use crate::ids::ProjectId;
use crate::store::{records, scan_for_damage, DamagedCopy, StoreError};
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

/// Verifies the ledger at `path`: first a scan of its files for damaged event records
/// (sled overwrites that evidence while opening a damaged log), then the chain, the head and
/// the indexes. Damage that cannot be placed at a seq is returned as the store's error.
pub fn verify_at(path: &Path) -> Result<Verdict, StoreError> {
    let damaged = scan_for_damage(path)?;
    let ledger = match Ledger::open(path) {
        Ok(ledger) => ledger,
        Err(e) if e.is_damage() => {
            let Some(copy) = damaged.first() else {
                return Err(e);
            };
            let problem = damaged_copy_problem(copy, path, &e.to_string());
            return Ok(Verdict {
                events: 0,
                head: None,
                problem: Some(problem),
            });
        }
        Err(e) => return Err(e),
    };
    let verdict = verify_ledger(&ledger)?;
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
    /// The project and the effective date, which the indexes must hold the seq under.
    project: Option<ProjectId>,
    effective: Option<Day>,
    canonical: bool,
    actual: Hash32,
    quoted: Hash32,
}

/// The order-independent checks of one block's records (parse, re-encode, re-hash), done
/// on worker threads; Err if the block itself cannot be split into records.
fn check_block(first: u64, block: &[u8]) -> Result<Vec<Checked>, (u64, String)> {
    let records: Vec<_> = records(first, block)
        .collect::<Result<_, _>>()
        .map_err(|what| (first, what))?;
    let mut scratch = Vec::with_capacity(1024);
    Ok(records
        .into_iter()
        .map(|r| check_record(r.bytes, r.hash, &mut scratch))
        .collect())
}

fn check_record(bytes: &[u8], quoted: &Hash32, scratch: &mut Vec<u8>) -> Checked {
    let mut c = Checked {
        unreadable: None,
        env_seq: 0,
        env_prev: ZERO_HASH,
        project: None,
        effective: None,
        canonical: false,
        actual: event_hash(bytes),
        quoted: *quoted,
    };
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
            c.effective = Some(env.effective);
            c.project = Some(env.project);
        }
    }
    c
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

/// Verifies a ledger: the chain, the head, and both indexes. Records are parsed, re-encoded
/// and re-hashed on worker threads; the chain and the indexes are checked here, in order.
pub fn verify_ledger(ledger: &Ledger) -> Result<Verdict, StoreError> {
    let mut walker = Walker::new();
    let mut expected = ExpectedIndex::default();
    let check: BlockFn<Result<Vec<Checked>, (u64, String)>> = Arc::new(check_block);
    let blocks = ParBlocks::new(ledger.store(), 1, check);
    let (mut day, mut project_key) = (Vec::with_capacity(10), Vec::with_capacity(80));
    for block in blocks {
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
            day.clear();
            if let Some(effective) = c.effective {
                write_day(effective, &mut day);
            }
            project_key.clear();
            if let Some(project) = &c.project {
                project_key.extend_from_slice(project.as_str().as_bytes());
                project_key.push(0);
            }
            expected.add_key(c.env_seq, &project_key, &day);
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
    let problem = expected.compare(ledger.store().index_entries()?);
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

/// The indexes as the events say they must be.
#[derive(Default)]
struct ExpectedIndex {
    by_project: HashMap<Vec<u8>, Vec<u64>>,
    by_date: HashMap<Vec<u8>, Vec<u64>>,
}

impl ExpectedIndex {
    fn add_key(&mut self, seq: u64, project_key: &[u8], effective: &[u8]) {
        for (map, key) in [
            (&mut self.by_project, project_key),
            (&mut self.by_date, effective),
        ] {
            match map.get_mut(key) {
                Some(seqs) => seqs.push(seq),
                None => {
                    map.insert(key.to_vec(), vec![seq]);
                }
            }
        }
    }

    fn compare(self, stored: Vec<crate::store::IndexEntry>) -> Option<Problem> {
        let mut found: BTreeMap<(&str, Vec<u8>), Vec<u64>> = BTreeMap::new();
        for (tree, prefix, seqs) in stored {
            found.entry((tree, prefix)).or_default().extend(seqs);
        }
        let mut first_bad: Option<Problem> = None;
        let mut note = |seq: u64, what: String| {
            if first_bad.as_ref().is_none_or(|p| seq < p.seq) {
                first_bad = Some(Problem { seq, what });
            }
        };
        let sorted = |map: HashMap<Vec<u8>, Vec<u64>>| map.into_iter().collect::<BTreeMap<_, _>>();
        for (tree, expected) in [
            ("project", sorted(self.by_project)),
            ("date", sorted(self.by_date)),
        ] {
            for (prefix, seqs) in expected {
                let mut got = found.remove(&(tree, prefix.clone())).unwrap_or_default();
                got.sort_unstable();
                if got != seqs {
                    let seq = first_difference(&seqs, &got);
                    note(seq, format!("index disagreement: the {tree} index for {:?} differs from the events at seq {seq}", String::from_utf8_lossy(&prefix).trim_end_matches('\0')));
                }
            }
        }
        for ((tree, prefix), seqs) in found {
            let seq = seqs.iter().copied().min().unwrap_or(0);
            note(
                seq,
                format!(
                    "index disagreement: the {tree} index has {:?} which no event carries",
                    String::from_utf8_lossy(&prefix).trim_end_matches('\0')
                ),
            );
        }
        first_bad
    }
}

fn first_difference(a: &[u64], b: &[u64]) -> u64 {
    a.iter()
        .zip(b)
        .find(|(x, y)| x != y)
        .map(|(x, y)| *x.min(y))
        .unwrap_or_else(|| {
            let longer = if a.len() > b.len() { a } else { b };
            longer[a.len().min(b.len())]
        })
}
