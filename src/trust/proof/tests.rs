//! Proofs against the RFC 9162 verifiers for every size and index up to 40 leaves, and the
//! changes a forger could make to a proof, each refused.

use super::*;
use crate::trust::merkle::{empty_root, root};

fn leaves(n: u8) -> Vec<[u8; 32]> {
    (0..n).map(|i| [i.wrapping_mul(37) ^ 0x5a; 32]).collect()
}

#[test]
fn every_inclusion_proof_verifies_and_no_other_leaf_or_root_does() {
    let all = leaves(40);
    for n in 1..=all.len() {
        let d = &all[..n];
        let r = root(d);
        for i in 0..n {
            let p = prove_inclusion(d, i as u64).unwrap();
            assert_eq!(p.tree_size, n as u64);
            verify_inclusion(&d[i], &p, &r).unwrap_or_else(|e| panic!("{n}/{i}: {e}"));
            let other = d[(i + 1) % n];
            if other != d[i] {
                assert!(
                    verify_inclusion(&other, &p, &r).is_err(),
                    "{n}/{i} other leaf"
                );
            }
            assert!(verify_inclusion(&d[i], &p, &empty_root()).is_err());
            let mut wrong = p.clone();
            wrong.leaf_index = (wrong.leaf_index + 1) % n as u64;
            if n > 1 {
                assert!(
                    verify_inclusion(&d[i], &wrong, &r).is_err(),
                    "{n}/{i} index"
                );
            }
            if let Some(h) = p.hashes.first() {
                let mut flipped = p.clone();
                flipped.hashes[0] = {
                    let mut x = *h;
                    x[0] ^= 1;
                    x
                };
                assert!(verify_inclusion(&d[i], &flipped, &r).is_err());
                let mut short = p.clone();
                short.hashes.pop();
                assert!(verify_inclusion(&d[i], &short, &r).is_err());
            }
            let mut long = p.clone();
            long.hashes.push(r);
            assert!(verify_inclusion(&d[i], &long, &r).is_err(), "{n}/{i} long");
        }
    }
}

#[test]
fn every_consistency_proof_verifies_and_a_forked_history_does_not() {
    let all = leaves(40);
    let mut forked = all.clone();
    for n in 0..=all.len() {
        let d = &all[..n];
        for m in 0..=n {
            let p = prove_consistency(d, m as u64).unwrap();
            let (old, new) = (root(&all[..m]), root(d));
            verify_consistency(&p, &old, &new).unwrap_or_else(|e| panic!("{m}->{n}: {e}"));
            if m > 0 {
                // The same old size, one of its leaves changed: no longer a prefix.
                forked.copy_from_slice(&all);
                forked[m - 1][0] ^= 0xff;
                let forked_old = root(&forked[..m]);
                assert!(
                    verify_consistency(&p, &forked_old, &new).is_err(),
                    "{m}->{n}"
                );
            }
            if !p.hashes.is_empty() {
                let mut flipped = p.clone();
                let last = flipped.hashes.len() - 1;
                flipped.hashes[last][5] ^= 1;
                assert!(verify_consistency(&flipped, &old, &new).is_err());
            }
        }
    }
}

#[test]
fn sizes_the_rfc_leaves_out_are_handled_as_documented() {
    let d = leaves(5);
    let r = root(&d);
    // From the empty tree: empty proof, the empty root.
    let p = prove_consistency(&d, 0).unwrap();
    assert!(p.hashes.is_empty());
    verify_consistency(&p, &empty_root(), &r).unwrap();
    assert!(verify_consistency(&p, &r, &r).is_err());
    // Equal sizes: equal roots only.
    let p = prove_consistency(&d, 5).unwrap();
    verify_consistency(&p, &r, &r).unwrap();
    assert!(verify_consistency(&p, &root(&d[..4]), &r).is_err());
    // Backwards: refused when made, failed when checked.
    assert!(matches!(
        prove_consistency(&d[..3], 4),
        Err(TrustError::Input(_))
    ));
    let back = ConsistencyProof {
        old_size: 5,
        new_size: 3,
        hashes: vec![],
    };
    assert!(verify_consistency(&back, &r, &r).is_err());
    assert!(matches!(prove_inclusion(&d, 5), Err(TrustError::Input(_))));
}

#[test]
fn json_is_jcs_and_reads_back_strictly() {
    let d = leaves(7);
    let p = prove_inclusion(&d, 3).unwrap();
    let json = String::from_utf8(p.to_json()).unwrap();
    assert!(
        json.starts_with("{\"hashes\":[\"") && json.ends_with(",\"leaf_index\":3,\"tree_size\":7}"),
        "{json}"
    );
    assert_eq!(InclusionProof::from_json(&json).unwrap(), p);
    let c = prove_consistency(&d, 3).unwrap();
    let json = String::from_utf8(c.to_json()).unwrap();
    assert!(json.ends_with(",\"new_size\":7,\"old_size\":3}"), "{json}");
    assert_eq!(ConsistencyProof::from_json(&json).unwrap(), c);
    for bad in [
        r#"{"hashes":[],"leaf_index":0}"#,
        r#"{"hashes":[],"leaf_index":0,"tree_size":1,"extra":1}"#,
        r#"{"hashes":["AAAA"],"leaf_index":0,"tree_size":1}"#,
        r#"{"hashes":[],"leaf_index":-1,"tree_size":1}"#,
        r#"{"hashes":[],"leaf_index":0,"leaf_index":0,"tree_size":1}"#,
    ] {
        assert!(
            matches!(InclusionProof::from_json(bad), Err(TrustError::Input(_))),
            "{bad}"
        );
    }
}
