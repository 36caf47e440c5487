//! The Merkle Tree Hash of RFC 9162 §2.1.1 (RFC 6962 §2.1) with SHA-256, over the ledger's
//! events: leaf `i` is the 32 raw bytes of the BLAKE3 `hash` of the event at seq `i + 1`.
//!
//! - `MTH({}) = SHA-256()` (the empty string);
//! - `MTH({d[0]}) = SHA-256(0x00 || d[0])` (a leaf hash);
//! - `MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))`, `k` the largest power of two
//!   smaller than `n` (a node hash).
//!
//! `Compact` computes a root in one pass with a stack of at most 64 subtree roots (the
//! compact range of the prefix), so a root over a million leaves needs neither the tree nor
//! the leaves kept: O(n) hashes, O(log n) memory.

use sha2::{Digest, Sha256};

/// A SHA-256 digest: a leaf hash, a node hash or a root.
pub type Hash = [u8; 32];

/// `MTH({}) = SHA-256()`: the root of the empty tree (RFC 9162 §2.1.1).
#[must_use]
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// `SHA-256(0x00 || leaf)`: the hash of one leaf (RFC 9162 §2.1.1). For jixiao the leaf is
/// the 32 raw bytes of an event's BLAKE3 hash.
#[must_use]
pub fn leaf_hash(leaf: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(leaf);
    h.finalize().into()
}

/// `SHA-256(0x01 || left || right)`: an interior node (RFC 9162 §2.1.1).
#[must_use]
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The largest power of two smaller than `n` (`n` ≥ 2): where RFC 9162 splits a tree.
#[must_use]
pub fn split_point(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1u64 << (63 - (n - 1).leading_zeros())
}

/// A tree being built leaf by leaf: the roots of the perfect subtrees that make up the
/// leaves so far, largest first (their sizes are the set bits of `size`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Compact {
    size: u64,
    /// (height, root): a subtree of 2^height leaves.
    stack: Vec<(u32, Hash)>,
}

impl Compact {
    #[must_use]
    pub fn new() -> Compact {
        Compact::default()
    }

    /// Appends a leaf given as its data (an event hash): hashes it, then merges equal subtrees.
    pub fn push(&mut self, leaf: &[u8]) {
        self.push_hash(leaf_hash(leaf));
    }

    /// Appends a leaf given as its leaf hash (`leaf_hash`).
    pub fn push_hash(&mut self, hash: Hash) {
        let mut node = (0u32, hash);
        while let Some(&(height, left)) = self.stack.last() {
            if height != node.0 {
                break;
            }
            self.stack.pop();
            node = (height + 1, node_hash(&left, &node.1));
        }
        self.stack.push(node);
        self.size += 1;
    }

    /// How many leaves have been pushed.
    #[must_use]
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The Merkle Tree Hash of the leaves so far: the subtree roots folded right to left,
    /// which is RFC 9162's split at the largest power of two, applied recursively.
    #[must_use]
    pub fn root(&self) -> Hash {
        let mut iter = self.stack.iter().rev();
        let Some(&(_, mut root)) = iter.next() else {
            return empty_root();
        };
        for (_, left) in iter {
            root = node_hash(left, &root);
        }
        root
    }
}

/// The Merkle Tree Hash of `leaves` (each an event hash), in one pass.
#[must_use]
pub fn root<L: AsRef<[u8]>>(leaves: &[L]) -> Hash {
    let mut c = Compact::new();
    for leaf in leaves {
        c.push(leaf.as_ref());
    }
    c.root()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// MTH written as RFC 9162 §2.1.1 defines it, recursively: the oracle for `Compact`.
    fn mth(leaves: &[[u8; 32]]) -> Hash {
        match leaves.len() {
            0 => empty_root(),
            1 => leaf_hash(&leaves[0]),
            n => {
                let k = split_point(n as u64) as usize;
                node_hash(&mth(&leaves[..k]), &mth(&leaves[k..]))
            }
        }
    }

    #[test]
    fn the_streaming_root_is_the_recursive_definition_for_every_size_to_70() {
        let leaves: Vec<[u8; 32]> = (0..70u8).map(|i| [i; 32]).collect();
        for n in 0..=leaves.len() {
            assert_eq!(root(&leaves[..n]), mth(&leaves[..n]), "size {n}");
        }
    }

    #[test]
    fn split_points_are_the_largest_power_of_two_below() {
        let cases = [
            (2, 1),
            (3, 2),
            (4, 2),
            (5, 4),
            (8, 4),
            (9, 8),
            (1 << 40, 1 << 39),
        ];
        for (n, k) in cases {
            assert_eq!(split_point(n), k, "n = {n}");
        }
    }

    #[test]
    fn the_empty_root_is_sha256_of_nothing() {
        let hex: String = empty_root().iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(
            hex,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
