//! Merkle inclusion and consistency proofs, RFC 9162 §2.1.3 and §2.1.4: made from the
//! leaves (`PATH` and `SUBPROOF` as the RFC defines them, O(n) hashes, no tree kept), checked
//! by the RFC's verification algorithms (§2.1.3.2, §2.1.4.2), and written as JSON:
//!
//! - inclusion: `{"hashes":[base64…],"leaf_index":I,"tree_size":N}` (leaf index = seq − 1);
//! - consistency: `{"hashes":[base64…],"new_size":N,"old_size":M}`.
//!
//! The JSON is written in RFC 8785 (JCS) form, so the same proof has the same bytes in every
//! implementation (the golden vectors in `tests/golden/` hold it).
//!
//! Sizes the RFC leaves out (its algorithms are for `0 < M < N`): a consistency proof from
//! size 0 or between equal sizes is empty; from 0 any tree extends the empty one (whose root
//! is `SHA-256()`), between equal sizes the two roots must be equal.

use serde::{Deserialize, Serialize};

use super::merkle::{leaf_hash, node_hash, root, split_point, Hash};
use super::{b64, hash_from_b64, TrustError};
use crate::i18n::Msg;

/// The audit path of one leaf in a tree of `tree_size` leaves (RFC 9162 §2.1.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InclusionProof {
    pub leaf_index: u64,
    pub tree_size: u64,
    pub hashes: Vec<Hash>,
}

/// The proof that the tree of `old_size` leaves is a prefix of the one of `new_size`
/// (RFC 9162 §2.1.4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsistencyProof {
    pub old_size: u64,
    pub new_size: u64,
    pub hashes: Vec<Hash>,
}

/// `PATH(m, D[n])` of RFC 9162 §2.1.3.1 for leaf `index` of `leaves` (each an event hash).
/// Bad input when `index` is not below the number of leaves.
pub fn prove_inclusion<L: AsRef<[u8]>>(
    leaves: &[L],
    index: u64,
) -> Result<InclusionProof, TrustError> {
    let size = leaves.len() as u64;
    if index >= size {
        return Err(TrustError::Input(
            Msg::new("proof-index-outside")
                .arg("seq", index + 1)
                .arg("size", size),
        ));
    }
    let mut hashes = Vec::new();
    path(index as usize, leaves, &mut hashes);
    Ok(InclusionProof {
        leaf_index: index,
        tree_size: size,
        hashes,
    })
}

fn path<L: AsRef<[u8]>>(m: usize, d: &[L], out: &mut Vec<Hash>) {
    if d.len() <= 1 {
        return;
    }
    let k = split_point(d.len() as u64) as usize;
    if m < k {
        path(m, &d[..k], out);
        out.push(root(&d[k..]));
    } else {
        path(m - k, &d[k..], out);
        out.push(root(&d[..k]));
    }
}

/// `PROOF(m, D[n])` of RFC 9162 §2.1.4.1 from the first `old_size` of `leaves` to all of
/// them; empty when `old_size` is 0 or all of them. Bad input when `old_size` exceeds them.
pub fn prove_consistency<L: AsRef<[u8]>>(
    leaves: &[L],
    old_size: u64,
) -> Result<ConsistencyProof, TrustError> {
    let new_size = leaves.len() as u64;
    if old_size > new_size {
        return Err(TrustError::Input(
            Msg::new("proof-sizes-backwards")
                .arg("old", old_size)
                .arg("new", new_size),
        ));
    }
    let mut hashes = Vec::new();
    if old_size > 0 && old_size < new_size {
        subproof(old_size as usize, leaves, true, &mut hashes);
    }
    Ok(ConsistencyProof {
        old_size,
        new_size,
        hashes,
    })
}

fn subproof<L: AsRef<[u8]>>(m: usize, d: &[L], whole: bool, out: &mut Vec<Hash>) {
    let n = d.len();
    if m == n {
        if !whole {
            out.push(root(d));
        }
        return;
    }
    let k = split_point(n as u64) as usize;
    if m <= k {
        subproof(m, &d[..k], whole, out);
        out.push(root(&d[k..]));
    } else {
        subproof(m - k, &d[k..], false, out);
        out.push(root(&d[..k]));
    }
}

/// Checks that `leaf` (an event hash) is leaf `proof.leaf_index` of the tree whose root is
/// `root`, by RFC 9162 §2.1.3.2. A failure names the seq, the size and the root.
pub fn verify_inclusion(
    leaf: &[u8],
    proof: &InclusionProof,
    root: &Hash,
) -> Result<(), TrustError> {
    let fail = || {
        TrustError::Failed(
            Msg::new("proof-inclusion-fails")
                .arg("seq", proof.leaf_index + 1)
                .arg("size", proof.tree_size)
                .arg("root", b64(root)),
        )
    };
    if proof.leaf_index >= proof.tree_size {
        return Err(fail());
    }
    let (mut f, mut s) = (proof.leaf_index, proof.tree_size - 1);
    let mut r = leaf_hash(leaf);
    for p in &proof.hashes {
        if s == 0 {
            return Err(fail());
        }
        if f & 1 == 1 || f == s {
            r = node_hash(p, &r);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        f >>= 1;
        s >>= 1;
    }
    if s == 0 && &r == root {
        Ok(())
    } else {
        Err(fail())
    }
}

/// Checks that the tree of `proof.old_size` leaves with root `old_root` is a prefix of the
/// tree of `proof.new_size` leaves with root `new_root`, by RFC 9162 §2.1.4.2 (and, for the
/// sizes the RFC leaves out, as the module says). A failure names both sizes and roots.
pub fn verify_consistency(
    proof: &ConsistencyProof,
    old_root: &Hash,
    new_root: &Hash,
) -> Result<(), TrustError> {
    let fail = || {
        TrustError::Failed(
            Msg::new("proof-consistency-fails")
                .arg("old", proof.old_size)
                .arg("old_root", b64(old_root))
                .arg("new", proof.new_size)
                .arg("new_root", b64(new_root)),
        )
    };
    let (m, n) = (proof.old_size, proof.new_size);
    let holds = match () {
        _ if m > n => false,
        _ if m == 0 => proof.hashes.is_empty() && *old_root == super::merkle::empty_root(),
        _ if m == n => proof.hashes.is_empty() && old_root == new_root,
        _ => rfc_consistency(m, n, &proof.hashes, old_root, new_root),
    };
    if holds {
        Ok(())
    } else {
        Err(fail())
    }
}

/// RFC 9162 §2.1.4.2, steps 1–7, for `0 < m < n`.
fn rfc_consistency(m: u64, n: u64, hashes: &[Hash], old_root: &Hash, new_root: &Hash) -> bool {
    if hashes.is_empty() {
        return false;
    }
    let mut path: Vec<&Hash> = Vec::with_capacity(hashes.len() + 1);
    if m.is_power_of_two() {
        path.push(old_root);
    }
    path.extend(hashes.iter());
    let (mut f, mut s) = (m - 1, n - 1);
    while f & 1 == 1 {
        f >>= 1;
        s >>= 1;
    }
    let (mut fr, mut sr) = (*path[0], *path[0]);
    for c in &path[1..] {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        f >>= 1;
        s >>= 1;
    }
    &fr == old_root && &sr == new_root && s == 0
}

// ---- JSON ----

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct InclusionJson {
    leaf_index: u64,
    tree_size: u64,
    hashes: Vec<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConsistencyJson {
    old_size: u64,
    new_size: u64,
    hashes: Vec<String>,
}

/// JCS bytes of a serialisable value (no floats here, so it cannot fail).
fn jcs<T: Serialize>(value: &T) -> Vec<u8> {
    let v = serde_json::to_value(value).expect("invariant: proofs are plain JSON");
    crate::event::canonical::to_jcs(&v).expect("invariant: proofs hold no floats")
}

fn hashes_from(texts: &[String], what: &'static str) -> Result<Vec<Hash>, TrustError> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            hash_from_b64(t).ok_or_else(|| {
                TrustError::Input(
                    Msg::new("proof-hash-bad")
                        .arg("what", what)
                        .arg("index", i)
                        .arg("value", format!("{t:?}")),
                )
            })
        })
        .collect()
}

fn json_error(what: &'static str, e: &serde_json::Error) -> TrustError {
    TrustError::Input(Msg::new("proof-json-bad").arg("what", what).arg("error", e))
}

impl InclusionProof {
    /// The proof as JCS JSON (no trailing newline).
    #[must_use]
    pub fn to_json(&self) -> Vec<u8> {
        jcs(&InclusionJson {
            leaf_index: self.leaf_index,
            tree_size: self.tree_size,
            hashes: self.hashes.iter().map(|h| b64(h)).collect(),
        })
    }

    /// Reads the JSON form; unknown keys, a missing key or a hash that is not base64 of 32
    /// bytes is bad input naming it.
    pub fn from_json(text: &str) -> Result<InclusionProof, TrustError> {
        let j: InclusionJson =
            serde_json::from_str(text).map_err(|e| json_error("inclusion", &e))?;
        Ok(InclusionProof {
            leaf_index: j.leaf_index,
            tree_size: j.tree_size,
            hashes: hashes_from(&j.hashes, "inclusion")?,
        })
    }
}

impl ConsistencyProof {
    /// The proof as JCS JSON (no trailing newline).
    #[must_use]
    pub fn to_json(&self) -> Vec<u8> {
        jcs(&ConsistencyJson {
            old_size: self.old_size,
            new_size: self.new_size,
            hashes: self.hashes.iter().map(|h| b64(h)).collect(),
        })
    }

    /// Reads the JSON form, as `InclusionProof::from_json`.
    pub fn from_json(text: &str) -> Result<ConsistencyProof, TrustError> {
        let j: ConsistencyJson =
            serde_json::from_str(text).map_err(|e| json_error("consistency", &e))?;
        Ok(ConsistencyProof {
            old_size: j.old_size,
            new_size: j.new_size,
            hashes: hashes_from(&j.hashes, "consistency")?,
        })
    }
}

#[cfg(test)]
mod tests;
