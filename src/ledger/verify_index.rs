//! The index checks of `verify`: a keyed fingerprint of every (index, key, seq) entry the
//! events imply, compared with one of the entries stored; only when they differ are both
//! sides built out in full to name the first seq that disagrees.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasher, Hasher};

use super::log::{Index, LogError};
use super::verify::Problem;
use super::Ledger;
use crate::event::envelope::{parse_envelope, write_day};
use crate::event::jcs_scan;
use crate::time::Day;

/// A multiset fingerprint: the wrapping sum of a keyed hash of each entry. The key is drawn
/// at random per run, so entries cannot be crafted to cancel out; any difference in the
/// entries changes the sum except with probability about 2^-64.
#[derive(Clone)]
pub struct Fingerprint {
    key: std::collections::hash_map::RandomState,
}

pub const PROJECT_TREE: u8 = b'p';
pub const DATE_TREE: u8 = b'd';

impl Fingerprint {
    pub fn new() -> Fingerprint {
        Fingerprint {
            key: std::collections::hash_map::RandomState::new(),
        }
    }

    /// One entry: `key` is the project id or the effective date.
    pub fn entry(&self, tree: u8, key: &[u8], seq: u64) -> u64 {
        let mut h = self.key.build_hasher();
        h.write_u8(tree);
        h.write(key);
        h.write_u64(seq);
        h.finish()
    }

    /// The share of one event: its project entry and its date entry.
    pub fn event(&self, seq: u64, project: &str, effective: &[u8]) -> u64 {
        let project_entry = self.entry(PROJECT_TREE, project.as_bytes(), seq);
        project_entry.wrapping_add(self.entry(DATE_TREE, effective, seq))
    }

    /// The stored indexes' fingerprint.
    pub fn stored(&self, ledger: &Ledger) -> Result<u64, LogError> {
        let mut sum = 0u64;
        ledger.log().index_entries(&mut |index, key, seqs| {
            let tag = match index {
                Index::Project => PROJECT_TREE,
                Index::Date => DATE_TREE,
            };
            for seq in seqs {
                sum = sum.wrapping_add(self.entry(tag, key, *seq));
            }
        })?;
        Ok(sum)
    }
}

/// The first index disagreement, found the exact way: every event read again and both
/// indexes built out. Called only when the fingerprints differ.
pub fn first_index_problem(ledger: &Ledger) -> Result<Option<Problem>, LogError> {
    let mut expected = ExpectedIndex::default();
    let mut day = Vec::with_capacity(10);
    for block in ledger.log().blocks(0..u64::MAX) {
        let block = block?;
        for r in block.records() {
            let r = r.map_err(LogError::Corrupt)?;
            // The chain walk has read every record already; one it could not is not here.
            let Some((seq, project, effective)) = index_keys(r.bytes) else {
                continue;
            };
            day.clear();
            write_day(effective, &mut day);
            expected.add_key(seq, project.as_bytes(), &day);
        }
    }
    let mut stored = Vec::new();
    ledger.log().index_entries(&mut |index, key, seqs| {
        stored.push((index, key.to_vec(), seqs.to_vec()));
    })?;
    Ok(expected.compare(stored))
}

/// The seq, project and effective date of a stored record.
fn index_keys(bytes: &[u8]) -> Option<(u64, String, Day)> {
    if let Some(top) = jcs_scan::envelope(bytes) {
        return Some((
            top.seq,
            top.project.to_string(),
            Day::parse(top.effective).ok()?,
        ));
    }
    let (env, _) = parse_envelope(std::str::from_utf8(bytes).ok()?).ok()?;
    Some((env.seq, env.project.to_string(), env.effective))
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

    fn compare(self, stored: Vec<(Index, Vec<u8>, Vec<u64>)>) -> Option<Problem> {
        let mut found: BTreeMap<(&str, Vec<u8>), Vec<u64>> = BTreeMap::new();
        for (index, key, seqs) in stored {
            found.entry((index.name(), key)).or_default().extend(seqs);
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
