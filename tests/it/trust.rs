//! Keys, checkpoints, proofs and witnesses through the command line (issue 15): a checkpoint
//! and its proofs verified by jixiao and by the independent verifier
//! (tests/independent_verify.py with tests/trust_check.py: hashlib, PyCA `cryptography`);
//! a witness refusing a rollback and a fork naming both sizes; a rewritten history named at
//! its first divergent seq, as an export and as a ledger with the same ledger id.

use std::path::PathBuf;
use std::process::Command;

use serde_json::{json, Value};

use crate::support::{export_lines, funded, line, repo_file, seq_of_line_with, Jx};
use crate::tamper::rehash;

/// A ledger with a key directory beside it and the two keys of the story: the ledger's admin
/// (the log) and the audit bureau (a witness).
struct Setup {
    jx: Jx,
    log_key: String,
    witness_key: String,
}

impl Setup {
    fn new(jx: Jx) -> Setup {
        let log_key = jx
            .run(&["key", "new", "zj-czj/admin", "--keys", &keys(&jx)])
            .ok();
        let witness_key = jx
            .run(&["key", "new", "zj-sjj/审计", "--keys", &keys(&jx)])
            .ok();
        Setup {
            jx,
            log_key: log_key.trim().to_string(),
            witness_key: witness_key.trim().to_string(),
        }
    }

    fn file(&self, name: &str) -> String {
        self.jx.dir.path().join(name).to_str().unwrap().to_string()
    }

    /// `checkpoint --out NAME --leaves NAME.leaves` on the ledger; returns the path.
    fn checkpoint(&self, jx: &Jx, name: &str) -> String {
        let out = self.file(name);
        let leaves = format!("{out}.leaves");
        jx.run(&[
            "checkpoint",
            "--key",
            "zj-czj/admin",
            "--keys",
            &keys(&self.jx),
            "--out",
            &out,
            "--leaves",
            &leaves,
        ])
        .ok();
        out
    }

    fn cosign(&self, checkpoint: &str, proof: Option<&str>) -> crate::support::Out {
        let mut args = vec!["cosign", checkpoint, "--key", "zj-sjj/审计", "--state"];
        let state = self.file("witness-state");
        let keys = keys(&self.jx);
        args.extend([
            state.as_str(),
            "--keys",
            keys.as_str(),
            "--log-key",
            self.log_key.as_str(),
        ]);
        if let Some(p) = proof {
            args.extend(["--proof", p]);
        }
        self.jx.run(&args)
    }

    fn write(&self, name: &str, text: &str) -> String {
        let path = self.file(name);
        std::fs::write(&path, text).unwrap();
        path
    }
}

fn keys(jx: &Jx) -> String {
    jx.dir.path().join("keys").to_str().unwrap().to_string()
}

/// Whether the independent verifier can check checkpoints here; panics when CI says it must.
fn python_ready() -> bool {
    let probe = Command::new("python3")
        .args(["-c", "import blake3, rfc8785, cryptography"])
        .output();
    let ready = probe.as_ref().is_ok_and(|o| o.status.success());
    if !ready {
        assert!(
            std::env::var("JIXIAO_REQUIRE_PY").as_deref() != Ok("1"),
            "JIXIAO_REQUIRE_PY=1 but python3 lacks blake3, rfc8785 or cryptography: {probe:?}"
        );
        eprintln!(
            "skipped: the independent verifier needs `pip install blake3 rfc8785 cryptography`"
        );
    }
    ready
}

fn python(args: &[&str]) -> crate::support::Out {
    let out = Command::new("python3")
        .arg(repo_file("tests/independent_verify.py"))
        .args(args)
        .output()
        .expect("run python3");
    crate::support::Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn keys_are_private_listed_never_overwritten_and_never_inside_a_ledger() {
    let s = Setup::new(Jx::new().in_chinese());
    let list = s.jx.run(&["key", "list", "--keys", &keys(&s.jx)]).ok();
    assert!(
        list.contains(&format!("zj-czj/admin\t{}", s.log_key)),
        "{list}"
    );
    assert!(list.contains(&s.witness_key), "{list}");
    assert!(
        s.log_key.starts_with("zj-czj/admin+") && s.log_key.split('+').nth(1).unwrap().len() == 8
    );
    s.jx.run(&["key", "new", "zj-czj/admin", "--keys", &keys(&s.jx)])
        .fails(2, &["已存在", "不会覆盖"]);
    s.jx.run(&["key", "new", "a b", "--keys", &keys(&s.jx)])
        .fails(2, &["U+0020"]);
    let inside = s.jx.path().join("keys");
    s.jx.run(&["key", "new", "k", "--keys", inside.to_str().unwrap()])
        .fails(2, &["位于账本", "之内"]);
    assert!(!inside.exists());
    // JIXIAO_KEYS is the default's override.
    let out =
        s.jx.cmd()
            .args(["key", "list"])
            .env("JIXIAO_KEYS", keys(&s.jx))
            .output()
            .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains(&s.log_key));
}

#[test]
fn checkpoint_prove_and_verify_agree_with_the_independent_verifier() {
    let jx = Jx::uninit();
    jx.run(&["demo"]).ok();
    let s = Setup::new(jx);
    let cp = s.checkpoint(&s.jx, "cp.txt");
    let text = std::fs::read_to_string(&cp).unwrap();
    assert!(
        text.starts_with("jixiao/jx-") && text.contains("\n65\n"),
        "{text}"
    );
    let ok =
        s.jx.run(&["verify", "--checkpoint", &cp, "--log-key", &s.log_key])
            .ok();
    assert!(
        ok.contains("log signature is valid") && ok.contains("extends the checkpoint"),
        "{ok}"
    );
    // A witness key it does not carry, and a log key that is not the log's.
    s.jx.run(&[
        "verify",
        "--checkpoint",
        &cp,
        "--witness-key",
        &s.witness_key,
    ])
    .fails(
        1,
        &[
            "do not include a cosignature by the witness given with --witness-key, zj-sjj/审计",
            "its signature lines are zj-czj/admin (log signature, key id",
        ],
    );
    s.jx.run(&["verify", "--checkpoint", &cp, "--log-key", &s.witness_key])
        .fails(
            1,
            &[
                "do not include the key given with --log-key, zj-sjj/审计",
                "Either --log-key is the wrong key",
            ],
        );
    let edited = s.write("edited.txt", &text.replacen("\n65\n", "\n64\n", 1));
    s.jx.run(&["verify", "--checkpoint", &edited, "--log-key", &s.log_key])
        .fails(1, &["signature by key zj-czj/admin+", "is invalid"]);

    let export = s.file("export.jsonl");
    s.jx.run(&["export", "--out", &export]).ok();
    let mut args: Vec<String> = vec![
        export.clone(),
        "--checkpoint".into(),
        cp.clone(),
        "--log-key".into(),
        s.log_key.clone(),
    ];
    for (name, proof) in [
        ("inc-1", vec!["inclusion", "1"]),
        ("inc-65", vec!["inclusion", "65"]),
        ("inc-30-of-40", vec!["inclusion", "30", "--size", "40"]),
    ] {
        let json = s.jx.run(&[&["prove"], &proof[..]].concat()).ok();
        args.extend(["--inclusion".into(), s.write(name, &json)]);
    }
    for (name, from, to) in [
        ("con-0", "0", "65"),
        ("con-40", "40", "65"),
        ("con-1-33", "1", "33"),
        ("con-65", "65", "65"),
    ] {
        let json =
            s.jx.run(&["prove", "consistency", "--from", from, "--to", to])
                .ok();
        let v: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(
            (v["old_size"].as_u64(), v["new_size"].as_u64()),
            (from.parse().ok(), to.parse().ok())
        );
        args.extend(["--consistency".into(), s.write(name, &json)]);
    }
    s.jx.run(&["prove", "inclusion", "66"])
        .fails(2, &["seq 66 is not within 1 to 65"]);
    s.jx.run(&["prove", "consistency", "--from", "3", "--to", "99"])
        .fails(2, &["--to 99 is past the head seq 65"]);
    if !python_ready() {
        return;
    }
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let py = python(&refs);
    assert_eq!(py.code, 0, "{py:?}");
    assert_eq!(py.stdout.matches("ok: seq").count(), 3, "{}", py.stdout);
    assert_eq!(
        py.stdout.matches("extends the tree of size").count(),
        4,
        "{}",
        py.stdout
    );
    // A flipped proof hash, and a checkpoint edited after signing: both refused.
    let json = s.jx.run(&["prove", "inclusion", "7"]).ok();
    let v: Value = serde_json::from_str(&json).unwrap();
    let first = v["hashes"][0].as_str().unwrap();
    let flipped = json.replacen(
        first,
        &format!(
            "{}{}",
            if first.starts_with('A') { "B" } else { "A" },
            &first[1..]
        ),
        1,
    );
    let bad = python(&[&export, "--inclusion", &s.write("flipped.json", &flipped)]);
    assert_eq!(bad.code, 1, "{bad:?}");
    assert!(
        bad.stderr.contains("FAIL seq 7: the inclusion proof"),
        "{}",
        bad.stderr
    );
    let bad = python(&[&export, "--checkpoint", &edited, "--log-key", &s.log_key]);
    assert_eq!(bad.code, 1, "{bad:?}");
    assert!(bad.stderr.contains("is invalid"), "{}", bad.stderr);
}

/// Import lines of a small history: a project funded, then `n` disbursements.
fn history(n: usize, first_amount: &str) -> String {
    let mut s = funded("p", "100万", "100万");
    for i in 0..n {
        let amount = if i == 0 {
            first_amount.to_string()
        } else {
            format!("{}00.00", i + 1)
        };
        s += &line(
            "funds.disbursed",
            "p",
            "2023-03-01",
            json!({"amount": amount, "purpose": format!("用途 {i}")}),
        );
    }
    s
}

/// A second ledger with the same ledger id as `of` (a rewrite by whoever holds the files),
/// holding `lines`, recorded by the same actor at the same clock.
fn same_id_ledger(of: &Jx, lines: &str) -> Jx {
    let ledger_id = jixiao::ledger::Ledger::open(&of.path())
        .unwrap()
        .ledger_id()
        .to_string();
    let twin = Jx::uninit();
    drop(jixiao::ledger::Ledger::init(&twin.path(), &ledger_id).unwrap());
    twin.import(lines);
    twin
}

#[test]
fn the_witness_cosigns_growth_and_refuses_a_rollback_or_a_fork_naming_both_sizes() {
    let s = Setup::new(Jx::new());
    s.jx.import(&history(2, "100.00")); // seqs 1-5
    let cp5 = s.checkpoint(&s.jx, "cp5.txt");
    let first = s.cosign(&cp5, None);
    assert_eq!(first.code, 0, "{first:?}");
    assert!(first.stdout.contains("— zj-sjj/审计 "), "{}", first.stdout);
    // The cosigned note verifies with both keys, in jixiao.
    let cosigned5 = s.write("cp5-cosigned.txt", &first.stdout);
    s.jx.run(&[
        "verify",
        "--checkpoint",
        &cosigned5,
        "--log-key",
        &s.log_key,
        "--witness-key",
        &s.witness_key,
    ])
    .ok();
    s.jx.import(&line(
        "funds.disbursed",
        "p",
        "2023-04-01",
        json!({"amount": "50.00", "purpose": "后来的"}),
    ));
    let cp6 = s.checkpoint(&s.jx, "cp6.txt");
    s.cosign(&cp6, None).fails(
        2,
        &[
            "consistency proof --proof is needed",
            "size 5",
            "--from 5 --to 6",
        ],
    );
    let proof = s.write(
        "p5-6.json",
        &s.jx.run(&["prove", "consistency", "--from", "5"]).ok(),
    );
    assert_eq!(s.cosign(&cp6, Some(&proof)).code, 0);
    // Rollback: the size-5 checkpoint again.
    let root = |path: &str| {
        std::fs::read_to_string(path)
            .unwrap()
            .lines()
            .nth(2)
            .unwrap()
            .to_string()
    };
    s.cosign(&cp5, None).fails(
        1,
        &["rolled back", "size 6", "only 5", &root(&cp6), &root(&cp5)],
    );
    // Fork at the same size: the same ledger id, another first disbursement.
    let mut lines = history(2, "100.00");
    lines += &line(
        "funds.disbursed",
        "p",
        "2023-04-01",
        json!({"amount": "60.00", "purpose": "后来的"}),
    );
    let twin = same_id_ledger(&s.jx, &lines);
    let fork6 = s.checkpoint(&twin, "fork6.txt");
    s.cosign(&fork6, None)
        .fails(1, &["forked", "size 6", &root(&cp6), &root(&fork6)]);
    // Fork at a larger size: the proof from the witness's size 6 does not hold.
    twin.import(&line(
        "goal.set",
        "p",
        "2023-01-01",
        json!({"id": "g1", "text": "目标"}),
    ));
    let fork7 = s.checkpoint(&twin, "fork7.txt");
    let proof = s.write(
        "p6-7.json",
        &twin.run(&["prove", "consistency", "--from", "6"]).ok(),
    );
    s.cosign(&fork7, Some(&proof))
        .fails(1, &["forked", "size 7", "size 6", "does not extend"]);
    // In Chinese too, naming both sizes.
    let out =
        s.jx.cmd()
            .env("JIXIAO_LANG", "zh")
            .args([
                "cosign",
                &cp5,
                "--key",
                "zj-sjj/审计",
                "--state",
                &s.file("witness-state"),
                "--keys",
                &keys(&s.jx),
                "--log-key",
                &s.log_key,
            ])
            .output()
            .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("拒绝联署")
            && err.contains("回滚")
            && err.contains("大小 6")
            && err.contains("只有 5"),
        "{err}"
    );
}

#[test]
fn a_rewritten_history_fails_verify_checkpoint_naming_the_divergent_seq() {
    let s = Setup::new(Jx::new());
    s.jx.import(&history(6, "100.00")); // seqs 1-9; the first disbursement is seq 4
    let cp = s.checkpoint(&s.jx, "cp.txt");
    let leaves = format!("{cp}.leaves");
    let export = s.jx.export();
    let seq = seq_of_line_with(&export, "用途 0");

    // The ledger rebuilt with the same id and one earlier amount: its own chain verifies.
    let twin = same_id_ledger(&s.jx, &history(6, "90.00"));
    twin.run(&["verify"]).ok();
    twin.run(&["verify", "--checkpoint", &cp, "--log-key", &s.log_key])
        .fails(
            1,
            &[
                "the Merkle root of the first 9 events is",
                "does not extend",
                "--leaves",
            ],
        );
    twin.run(&["verify", "--checkpoint", &cp, "--leaves", &leaves])
        .fails(1, &[&format!("from seq {seq} on the ledger differs")]);
    // A kept export names it as well; a leaf file of another history is not believed.
    let kept = s.write("kept.jsonl", &String::from_utf8(export.clone()).unwrap());
    twin.run(&["verify", "--checkpoint", &cp, "--leaves", &kept])
        .fails(1, &[&format!("from seq {seq} on the ledger differs")]);
    let twin_leaves = PathBuf::from(s.checkpoint(&twin, "twin.txt") + ".leaves");
    twin.run(&[
        "verify",
        "--checkpoint",
        &cp,
        "--leaves",
        twin_leaves.to_str().unwrap(),
    ])
    .fails(2, &["was not kept with this checkpoint"]);

    // The same rewrite as an export: an early amount changed, every later hash, prev and
    // project_prev (format 2) recomputed.
    let mut lines = export_lines(&export);
    let mut prev = String::new();
    let mut heads: std::collections::HashMap<String, String> = Default::default();
    for (i, l) in lines.iter_mut().enumerate() {
        if i + 1 == seq as usize {
            *l = l.replacen("\"amount\":\"100.00\"", "\"amount\":\"90.00\"", 1);
        }
        let project = serde_json::from_str::<Value>(l).unwrap()["project"]
            .as_str()
            .unwrap()
            .to_string();
        if i + 1 >= seq as usize {
            let mut v: Value = serde_json::from_str(l).unwrap();
            if i + 1 > seq as usize {
                v["prev"] = Value::String(prev.clone());
                v["project_prev"] = Value::String(heads[&project].clone());
            }
            *l = rehash(&serde_json::to_string(&v).unwrap());
        }
        prev = serde_json::from_str::<Value>(l).unwrap()["hash"]
            .as_str()
            .unwrap()
            .to_string();
        heads.insert(project, prev.clone());
    }
    let rewritten = s.write("rewritten.jsonl", &(lines.join("\n") + "\n"));
    s.jx.run(&["verify", "--export", &rewritten]).ok();
    s.jx.run(&[
        "verify",
        "--export",
        &rewritten,
        "--checkpoint",
        &cp,
        "--leaves",
        &leaves,
    ])
    .fails(1, &[&format!("from seq {seq} on the ledger differs")]);
    if !python_ready() {
        return;
    }
    let py = python(&[
        &rewritten,
        "--checkpoint",
        &cp,
        "--log-key",
        &s.log_key,
        "--leaves",
        &leaves,
    ]);
    assert_eq!(py.code, 1, "{py:?}");
    assert!(
        py.stderr.contains(&format!("FAIL seq {seq}: differs")),
        "{}",
        py.stderr
    );
    let py = python(&[&rewritten, "--checkpoint", &cp]);
    assert!(
        py.code == 1 && py.stderr.contains("not the checkpoint's history"),
        "{py:?}"
    );
    let untouched = s.write("untouched.jsonl", &String::from_utf8(export).unwrap());
    let py = python(&[
        &untouched,
        "--checkpoint",
        &cp,
        "--log-key",
        &s.log_key,
        "--leaves",
        &leaves,
    ]);
    assert_eq!(py.code, 0, "{py:?}");
}

#[test]
fn the_golden_checkpoint_and_proofs_verify_independently() {
    if !python_ready() {
        return;
    }
    // The golden events as an export, and the golden checkpoint, cosignature and proofs.
    let v: Value = serde_json::from_str(
        &std::fs::read_to_string(repo_file("tests/golden/trust_vectors.json")).unwrap(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(repo_file("tests/golden/vectors.jsonl")).unwrap();
    let mut export = String::new();
    for l in text.split('\n').filter(|l| !l.is_empty()) {
        let g: Value = serde_json::from_str(l).unwrap();
        let mut event = g["event"].clone();
        event["hash"] = g["hash"].clone();
        export += &String::from_utf8(jixiao::event::canonical::to_jcs(&event).unwrap()).unwrap();
        export.push('\n');
    }
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_string()
    };
    let mut args = vec![
        write("export.jsonl", &export),
        "--checkpoint".into(),
        write("cosigned.txt", v["cosigned"].as_str().unwrap()),
        "--log-key".into(),
        v["log_key"]["vkey"].as_str().unwrap().into(),
        "--witness-key".into(),
        v["witness_key"]["cosigner_vkey"].as_str().unwrap().into(),
    ];
    for (kind, list) in [
        ("inclusion", &v["inclusion"]),
        ("consistency", &v["consistency"]),
    ] {
        for (i, p) in list.as_array().unwrap().iter().enumerate() {
            args.extend([
                format!("--{kind}"),
                write(&format!("{kind}-{i}.json"), p.as_str().unwrap()),
            ]);
        }
    }
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let py = python(&refs);
    assert_eq!(py.code, 0, "{py:?}");
    assert!(
        py.stdout
            .contains("ok: cosignature by zj-sjj/审计 at time 1795662000"),
        "{}",
        py.stdout
    );
}
