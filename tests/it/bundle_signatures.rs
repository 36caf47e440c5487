//! A report bundle's signatures, checked by jixiao (`verify-bundle`) and by the independent
//! verifier (tests/independent_verify.py --bundle, tests/bundle_check.py with
//! tests/signed_check.py: no jixiao code): every bundled event's statement signature and
//! every `_ledger` event's against the bundled actor registrations, and the checkpoint's log
//! signature given a verifier key. The forged case is consistent in everything else: the
//! event's hash, every inclusion proof and the checkpoint (re-signed by the admin) are
//! recomputed, so only a signature check can catch it.

use serde_json::{json, Value};

use crate::signing::{keys, python_ready, Signed, ADMIN, CLERK, FINANCE};
use crate::support::{export_lines, line, repo_file, Jx, Out};
use crate::tamper::rehash;
use jixiao::trust::checkpoint::{Checkpoint, SignedCheckpoint};
use jixiao::trust::keys::KeyDir;
use jixiao::trust::{merkle, proof::prove_inclusion};

/// A signed ledger whose clerk recorded project p1 (registration and a goal), and its
/// bundle with a checkpoint the admin signs on the spot (its size is the head seq).
fn signed_bundle() -> (Signed, Value) {
    let s = Signed::new();
    let lines = [
        line(
            "project.registered",
            "p1",
            "2024-01-01",
            json!({"name": "项目", "department": "部门", "year": 2024}),
        ),
        line(
            "goal.set",
            "p1",
            "2024-01-02",
            json!({"id": "g1", "text": "完成宣传周活动"}),
        ),
    ];
    s.import_as(CLERK, &lines.concat()).ok();
    let file = s.jx.dir.path().join("b.json");
    let file = file.to_str().unwrap();
    s.jx.run(&[
        "report",
        "p1",
        "--bundle",
        file,
        "--key",
        ADMIN,
        "--keys",
        &keys(&s.jx),
    ])
    .ok();
    let bundle = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    (s, bundle)
}

/// The bundle with its last event's signature replaced by its first's (a valid signature of
/// another statement), the event re-hashed (and quoted as the report's project head), the
/// leaves of the ledger's export with that hash, every proof recomputed and the checkpoint
/// re-signed by the admin.
fn forged(s: &Signed, bundle: &Value) -> Value {
    let mut b = bundle.clone();
    let events = b["events"].as_array_mut().unwrap();
    let last = events.len() - 1;
    events[last]["sig"] = events[0]["sig"].clone();
    events[last] = serde_json::from_str(&rehash(&events[last].to_string())).unwrap();
    let seq = events[last]["seq"].as_u64().unwrap();
    let hash = events[last]["hash"].clone();
    // The report quotes its project head: the forged event is that head now.
    b["report"]["integrity"]["project_head_hash"] = hash;
    let events = b["events"].as_array().unwrap();
    let mut leaves: Vec<[u8; 32]> = export_lines(&s.jx.export())
        .iter()
        .map(|l| {
            hex32(
                serde_json::from_str::<Value>(l).unwrap()["hash"]
                    .as_str()
                    .unwrap(),
            )
        })
        .collect();
    leaves[seq as usize - 1] = hex32(events[last]["hash"].as_str().unwrap());
    let proof = |e: &Value| -> Value {
        let p = prove_inclusion(&leaves, e["seq"].as_u64().unwrap() - 1).unwrap();
        serde_json::from_slice(&p.to_json()).unwrap()
    };
    b["proofs"] = b["events"].as_array().unwrap().iter().map(proof).collect();
    for a in b["actors"].as_array_mut().unwrap() {
        a["proof"] = proof(&a["event"]);
    }
    let admin = KeyDir::at(std::path::Path::new(&keys(&s.jx)))
        .load(ADMIN)
        .unwrap();
    let cp = Checkpoint {
        origin: format!("jixiao/{}", s.ledger_id),
        size: leaves.len() as u64,
        root: merkle::root(&leaves),
    };
    let note = SignedCheckpoint::sign(cp, &admin).unwrap().to_bytes();
    b["checkpoint"] = Value::String(String::from_utf8(note).unwrap());
    b
}

fn hex32(hex: &str) -> [u8; 32] {
    let bytes: Vec<u8> = (0..32)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    bytes.try_into().unwrap()
}

/// `verify-bundle` on `b` in a fresh directory (no ledger), and the independent verifier on
/// the same file (None when Python is not ready and CI does not require it).
fn both(b: &Value, keys: &[&str]) -> (Out, Option<(i32, String)>) {
    let fresh = Jx::uninit();
    let file = fresh.dir.path().join("b.json");
    std::fs::write(&file, b.to_string()).unwrap();
    let file = file.to_str().unwrap();
    let jixiao = fresh.run(&[&["verify-bundle", file], keys].concat());
    let python = python_ready().then(|| {
        let out = std::process::Command::new("python3")
            .arg(repo_file("tests/independent_verify.py"))
            .args(["--bundle", file])
            .args(keys)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        (out.status.code().unwrap_or(-1), text)
    });
    (jixiao, python)
}

type Edit<'a> = Box<dyn Fn(&Value) -> Value + 'a>;
type Case<'a> = (&'a str, Edit<'a>, Vec<&'a str>, i32, String, String);

#[test]
fn every_bundled_signature_is_checked_against_the_bundled_actors_by_jixiao_and_independently() {
    let (s, good) = signed_bundle();
    let events = good["events"].as_array().unwrap();
    let actors = good["actors"].as_array().unwrap();
    let first_seq = events[0]["seq"].as_u64().unwrap();
    let last_seq = events[events.len() - 1]["seq"].as_u64().unwrap();
    let admin = s.vkeys[ADMIN].clone();
    let finance = s.vkeys[FINANCE].clone();
    // (case, edit, keys, jixiao's exit and stderr needle, the independent verifier's needle)
    let cases: Vec<Case> = vec![
        (
            "good",
            Box::new(|b| b.clone()),
            vec!["--log-key", &admin],
            0,
            String::new(),
            format!("({} signatures)", events.len() + actors.len()),
        ),
        (
            "the actors left out",
            Box::new(|b| {
                let mut b = b.clone();
                b["actors"] = json!([]);
                b
            }),
            vec![],
            1,
            "bad signature or role".into(),
            format!("FAIL seq {first_seq}: rule signer-registered"),
        ),
        (
            "a signature over another statement, all else recomputed",
            Box::new(|b| forged(&s, b)),
            vec!["--log-key", &admin],
            1,
            format!("seq {last_seq}"),
            format!("FAIL seq {last_seq}: rule signature-valid"),
        ),
        (
            "the checkpoint checked with the bureau's key as the log's",
            Box::new(|b| b.clone()),
            vec!["--log-key", &finance],
            1,
            "--log-key".into(),
            "FAIL the checkpoint has no signature by zj-czj/budget+".into(),
        ),
    ];
    for (name, edit, keys, code, needle, independent) in cases {
        let (jixiao, python) = both(&edit(&good), &keys);
        assert_eq!(jixiao.code, code, "{name}: {jixiao:#?}");
        assert!(jixiao.stderr.contains(&needle), "{name}: {jixiao:#?}");
        if let Some((py_code, text)) = python {
            assert_eq!(py_code, code, "{name}: {text}");
            assert!(
                text.contains(&independent),
                "{name}: lacks {independent:?}: {text}"
            );
        }
    }
}
