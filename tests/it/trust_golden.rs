//! Golden vectors of the trust formats (tests/golden/trust_vectors.json, made by
//! tests/golden/make_trust_vectors.py with PyCA `cryptography`, hashlib and `rfc8785`, no
//! jixiao code): jixiao must reproduce every key, root, checkpoint, cosignature and proof
//! byte for byte, and its verifiers must accept them.

use jixiao::event::hash::from_hex;
use jixiao::trust::checkpoint::{Checkpoint, SignedCheckpoint};
use jixiao::trust::keys::{SigningKey, VerifierKey};
use jixiao::trust::merkle::root;
use jixiao::trust::proof::{
    prove_consistency, prove_inclusion, verify_consistency, verify_inclusion, ConsistencyProof,
    InclusionProof,
};
use jixiao::trust::{b64, hash_from_b64};
use serde_json::Value;

use crate::support::repo_file;

fn vectors() -> Value {
    let text = std::fs::read_to_string(repo_file("tests/golden/trust_vectors.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn s(v: &Value) -> &str {
    v.as_str().expect("a string")
}

fn key(v: &Value) -> SigningKey {
    let seed: [u8; 32] = (0..32)
        .map(|i| u8::from_str_radix(&s(&v["seed"])[2 * i..2 * i + 2], 16).unwrap())
        .collect::<Vec<_>>()
        .try_into()
        .unwrap();
    SigningKey::from_seed(s(&v["name"]), seed).unwrap()
}

fn leaves(v: &Value) -> Vec<[u8; 32]> {
    v["leaves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| from_hex(s(l)).unwrap())
        .collect()
}

#[test]
fn keys_and_their_verifier_keys_are_reproduced() {
    let v = vectors();
    for k in [&v["log_key"], &v["witness_key"]] {
        let key = key(k);
        assert_eq!(key.note_key().encode(), s(&k["vkey"]));
        assert_eq!(key.cosigner_key().encode(), s(&k["cosigner_vkey"]));
        assert_eq!(key.private_text(), s(&k["private"]));
        assert_eq!(VerifierKey::parse(s(&k["vkey"])).unwrap(), key.note_key());
        let back = SigningKey::parse_private(s(&k["private"])).unwrap();
        assert_eq!(back.note_key(), key.note_key());
    }
}

#[test]
fn roots_of_every_prefix_are_reproduced() {
    let v = vectors();
    let l = leaves(&v);
    // The leaves are the golden events' hashes, in seq order.
    let events = std::fs::read_to_string(repo_file("tests/golden/vectors.jsonl")).unwrap();
    let hashes: Vec<String> = events
        .split('\n')
        .filter(|line| !line.is_empty())
        .map(|line| {
            serde_json::from_str::<Value>(line).unwrap()["hash"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        hashes,
        v["leaves"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| s(h).to_string())
            .collect::<Vec<_>>()
    );
    let roots = v["roots"].as_array().unwrap();
    assert_eq!(roots.len(), l.len() + 1);
    for (k, r) in roots.iter().enumerate() {
        assert_eq!(b64(&root(&l[..k])), s(r), "root of the first {k} leaves");
    }
}

#[test]
fn checkpoints_and_the_cosignature_are_reproduced_byte_for_byte() {
    let v = vectors();
    let l = leaves(&v);
    let (log, witness) = (key(&v["log_key"]), key(&v["witness_key"]));
    for c in v["checkpoints"].as_array().unwrap() {
        let size = c["size"].as_u64().unwrap();
        let cp = Checkpoint {
            origin: s(&v["origin"]).to_string(),
            size,
            root: root(&l[..size as usize]),
        };
        let signed = SignedCheckpoint::sign(cp, &log).unwrap();
        assert_eq!(
            String::from_utf8(signed.to_bytes()).unwrap(),
            s(&c["note"]),
            "size {size}"
        );
        let parsed = SignedCheckpoint::parse(s(&c["note"]).as_bytes()).unwrap();
        parsed
            .verify_log(&VerifierKey::parse(s(&v["log_key"]["vkey"])).unwrap())
            .unwrap();
    }
    let last = v["checkpoints"].as_array().unwrap().last().unwrap();
    let mut signed = SignedCheckpoint::parse(s(&last["note"]).as_bytes()).unwrap();
    let at = v["cosigned_at"].as_u64().unwrap();
    signed.cosign(&witness, at).unwrap();
    assert_eq!(
        String::from_utf8(signed.to_bytes()).unwrap(),
        s(&v["cosigned"])
    );
    let cosigned = SignedCheckpoint::parse(s(&v["cosigned"]).as_bytes()).unwrap();
    for vkey in ["vkey", "cosigner_vkey"] {
        let w = VerifierKey::parse(s(&v["witness_key"][vkey])).unwrap();
        assert_eq!(cosigned.verify_cosignature(&w).unwrap(), at);
    }
}

#[test]
fn proofs_are_reproduced_byte_for_byte_and_verify() {
    let v = vectors();
    let l = leaves(&v);
    for json in v["inclusion"].as_array().unwrap() {
        let p = InclusionProof::from_json(s(json)).unwrap();
        let d = &l[..p.tree_size as usize];
        let made = prove_inclusion(d, p.leaf_index).unwrap();
        assert_eq!(String::from_utf8(made.to_json()).unwrap(), s(json));
        verify_inclusion(&d[p.leaf_index as usize], &p, &root(d)).unwrap();
    }
    for json in v["consistency"].as_array().unwrap() {
        let p = ConsistencyProof::from_json(s(json)).unwrap();
        let d = &l[..p.new_size as usize];
        let made = prove_consistency(d, p.old_size).unwrap();
        assert_eq!(String::from_utf8(made.to_json()).unwrap(), s(json));
        let old = root(&l[..p.old_size as usize]);
        verify_consistency(&p, &old, &root(d)).unwrap();
    }
    let roots = v["roots"].as_array().unwrap();
    assert!(hash_from_b64(s(&roots[0])).is_some());
}
