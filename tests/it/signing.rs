//! Signed ledgers through the command line (issue 15): every refusal of a signed append
//! names its rule, exits 2 and leaves the export (so the head) byte-identical; a hand-made
//! unsigned event is named by `verify`; the seed's project recorded in a signed ledger with
//! the unit's clerk and head, the finance bureau and the auditor, where only the finance key
//! records the cut 341万 → 101.35万 and a checkpoint cosigned by the bureau catches the unit's
//! rewritten history (by jixiao and by the independent verifier).

use serde_json::{json, Value};

use crate::support::{export_lines, line, repo_file, seq_of_line_with, Jx, Out};
use crate::tamper::rehash;
use jixiao::event::envelope::parse_envelope;
use jixiao::event::statement::Statement;
use jixiao::trust::keys::KeyDir;

pub(crate) const ADMIN: &str = "zj-czj/admin";
pub(crate) const CLERK: &str = "zj-scjg/ip-office";
pub(crate) const HEAD: &str = "zj-scjg/head";
pub(crate) const FINANCE: &str = "zj-czj/budget";
pub(crate) const AUDITOR: &str = "zj-sjj/audit";

/// A signed ledger whose admin registered the four actors of the story.
pub(crate) struct Signed {
    pub(crate) jx: Jx,
    pub(crate) ledger_id: String,
    pub(crate) vkeys: std::collections::HashMap<&'static str, String>,
}

impl Signed {
    pub(crate) fn new() -> Signed {
        let jx = Jx::uninit();
        let mut vkeys = std::collections::HashMap::new();
        for name in [
            ADMIN,
            CLERK,
            HEAD,
            FINANCE,
            AUDITOR,
            "stranger",
            "old-clerk",
        ] {
            let vkey = jx.run(&["key", "new", name, "--keys", &keys(&jx)]).ok();
            vkeys.insert(name, vkey.trim().to_string());
        }
        let init = jx
            .run(&["init", "--signed", "--key", ADMIN, "--keys", &keys(&jx)])
            .ok();
        let ledger_id = init
            .split_whitespace()
            .find(|w| w.starts_with("jx-"))
            .expect("init names the ledger id")
            .trim_end_matches([',', '.'])
            .to_string();
        let s = Signed {
            jx,
            ledger_id,
            vkeys,
        };
        for (name, role) in [
            (CLERK, "clerk"),
            (HEAD, "head"),
            (FINANCE, "finance"),
            (AUDITOR, "auditor"),
            ("old-clerk", "clerk"),
        ] {
            s.run_as(
                ADMIN,
                &[
                    "actor",
                    "register",
                    name,
                    "--role",
                    role,
                    "--verifier-key",
                    &s.vkeys[name],
                ],
            )
            .ok();
        }
        s.run_as(ADMIN, &["actor", "revoke", "old-clerk", "--reason", "调离"])
            .ok();
        s
    }

    pub(crate) fn run_as(&self, key: &str, args: &[&str]) -> Out {
        let keys = keys(&self.jx);
        self.jx
            .run(&[args, &["--key", key, "--keys", &keys]].concat())
    }

    pub(crate) fn import_as(&self, key: &str, lines: &str) -> Out {
        let keys = keys(&self.jx);
        self.jx.run_stdin(
            &["import", "-", "--key", key, "--keys", &keys],
            lines.as_bytes(),
        )
    }

    /// `line` signed by `key` outside jixiao's command line, as a pre-signed import line.
    fn presigned(&self, key: &str, line: &str) -> String {
        let signing = KeyDir::at(std::path::Path::new(&keys(&self.jx)))
            .load(key)
            .unwrap();
        let parsed = jixiao::event::ImportLine::parse(line).unwrap();
        let signer = jixiao::ledger::signing::Signer::new(
            &self.ledger_id,
            key,
            signing,
            jixiao::time::parse_instant("2026-11-26T02:00:00.000Z").unwrap(),
        );
        let signed = signer.sign(parsed).unwrap();
        let s = signed.signed.unwrap();
        let mut v: Value = serde_json::from_str(line).unwrap();
        v["actor"] = json!(key);
        v["signed_at"] = json!("2026-11-26T02:00:00.000Z");
        v["sig"] = json!(s.sig_b64());
        v.to_string()
    }
}

pub(crate) fn keys(jx: &Jx) -> String {
    jx.dir.path().join("keys").to_str().unwrap().to_string()
}

fn registered_p1() -> String {
    line(
        "project.registered",
        "p1",
        "2024-01-01",
        json!({"name": "项目", "department": "部门", "year": 2024}),
    )
}

#[test]
fn each_refusal_names_its_rule_exits_2_and_writes_nothing() {
    let s = Signed::new();
    s.import_as(CLERK, &registered_p1()).ok();
    let goal = line(
        "goal.set",
        "p1",
        "2024-01-02",
        json!({"id": "g1", "text": "目标"}),
    );
    let presigned = s.presigned(CLERK, &goal);
    let altered = presigned.replace("目标", "另一个目标");
    let keys = keys(&s.jx);
    let adjust = [
        "budget",
        "adjust",
        "p1",
        "101.35万",
        "--reason",
        "调整",
        "--effective",
        "2024-06-01",
    ];
    let with = |key: &str, args: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        v.extend(["--key".into(), key.into(), "--keys".into(), keys.clone()]);
        v
    };
    let cases: Vec<(&str, Vec<String>, &[&str])> = vec![
        (
            "no signature",
            adjust.iter().map(|a| a.to_string()).collect(),
            &["rule signature-required", "carries none"],
        ),
        (
            "unknown key",
            with("stranger", &adjust),
            &["rule signer-registered", "stranger"],
        ),
        (
            "revoked key",
            with("old-clerk", &["goal", "set", "p1", "g2", "x"]),
            &["rule signer-not-revoked", "调离"],
        ),
        (
            "wrong role",
            with(CLERK, &adjust),
            &["rule signer-role", "budget.adjusted", "finance"],
        ),
        (
            "auditor records nothing",
            with(AUDITOR, &["goal", "set", "p1", "g2", "x"]),
            &["rule signer-role", "auditor"],
        ),
        (
            "clerk registers an actor",
            with(
                CLERK,
                &[
                    "actor",
                    "register",
                    "x",
                    "--role",
                    "admin",
                    "--verifier-key",
                    s.vkeys["stranger"].as_str(),
                ],
            ),
            &["rule signer-role", "actor.registered"],
        ),
    ];
    for (name, args, needles) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        eprintln!("case: {name}");
        s.jx.reject(&args, needles);
    }
    // Signature over other content, and a replay of a good statement.
    s.jx.reject_import(&altered, &["rule signature-valid", "other content"]);
    s.jx.run_stdin(&["import", "-"], presigned.as_bytes()).ok();
    s.jx.reject_import(&presigned, &["rule statement-once", "replay"]);
    // The rule in the users' language, Chinese first.
    let zh = s.jx.run(&["--lang", "zh", "goal", "set", "p1", "g3", "x"]);
    assert_eq!(zh.code, 2);
    assert!(zh.stderr.contains("本账本要求签名"), "{}", zh.stderr);
    s.jx.run(&["verify"]).ok();
}

#[test]
fn a_hand_written_unsigned_event_is_named_by_verify_and_refused_at_open() {
    let s = Signed::new();
    s.import_as(CLERK, &registered_p1()).ok();
    let export = s.jx.export();
    let lines = export_lines(&export);
    let last: Value = serde_json::from_str(lines.last().unwrap()).unwrap();
    let seq = last["seq"].as_u64().unwrap() + 1;
    let forged = json!({
        "actor": CLERK, "data": {"id": "g9", "text": "手写"}, "effective": "2024-02-01",
        "prev": last["hash"], "project": "p1", "project_prev": last["hash"],
        "recorded_at": "2026-11-26T03:00:00.000Z", "seq": seq, "type": "goal.set", "v": 2,
        "hash": "",
    });
    let forged = rehash(&forged.to_string());
    let mut edited = lines.clone();
    edited.push(forged.clone());
    let path = s.jx.dir.path().join("forged.jsonl");
    std::fs::write(&path, edited.join("\n") + "\n").unwrap();
    let p = path.to_str().unwrap();
    s.jx.run(&["verify", "--export", p, "--ledger-id", &s.ledger_id])
        .fails(1, &[&format!("seq {seq}"), "signature-required"]);
    // The same event as a journal commit: refused on open, named by verify.
    let (hash, bytes) = {
        let mut v: Value = serde_json::from_str(&forged).unwrap();
        let h = jixiao::event::hash::from_hex(v["hash"].as_str().unwrap()).unwrap();
        v.as_object_mut().unwrap().remove("hash");
        (h, jixiao::event::canonical::to_jcs(&v).unwrap())
    };
    let body = jixiao::store::encode_record(&hash, &bytes);
    let mut journal = b"JXJ1".to_vec();
    journal.extend_from_slice(&seq.to_le_bytes());
    journal.extend_from_slice(&(body.len() as u32).to_le_bytes());
    journal.extend_from_slice(&crc32fast::hash(&body).to_le_bytes());
    journal.extend_from_slice(&body);
    std::fs::write(s.jx.path().join(jixiao::store::JOURNAL_FILE), journal).unwrap();
    s.jx.run(&["log"])
        .fails(2, &[&format!("seq {seq}"), "signature-required"]);
    s.jx.run(&["verify"])
        .fails(1, &[&format!("seq {seq}"), "signature-required"]);
}

/// Who signs each type of the seed: the finance bureau its money, the head the claim, the
/// clerk the rest.
pub(crate) fn signer_of(kind: &str) -> &'static str {
    match kind {
        "budget.allocated" | "budget.adjusted" | "funds.arrived" => FINANCE,
        "evaluation.claimed" => HEAD,
        _ => CLERK,
    }
}

#[test]
fn the_seed_in_a_signed_ledger_only_finance_cuts_the_budget_and_a_cosigned_checkpoint_catches_a_rewrite(
) {
    let s = Signed::new();
    let sample = std::fs::read_to_string(repo_file("src/demo/sample.jsonl")).unwrap();
    for text in sample.lines().filter(|l| !l.trim().is_empty()) {
        let mut v: Value = serde_json::from_str(text).unwrap();
        v.as_object_mut().unwrap().remove("actor");
        let kind = v["type"].as_str().unwrap().to_string();
        let one = v.to_string();
        if kind == "budget.adjusted" {
            s.import_as(CLERK, &one)
                .fails(2, &["rule signer-role", "budget.adjusted"]);
        }
        s.import_as(signer_of(&kind), &one).ok();
    }
    let export = s.jx.export();
    let cut = seq_of_line_with(&export, "市财政调整年初预算");
    let cut_line = &export_lines(&export)[cut as usize - 1];
    assert!(
        cut_line.contains(&format!("\"actor\":\"{FINANCE}\"")),
        "{cut_line}"
    );
    let keys = keys(&s.jx);
    // The admin's checkpoint, cosigned by the finance bureau as a witness.
    let cp = s.jx.dir.path().join("cp.txt");
    let cp = cp.to_str().unwrap();
    s.jx.run(&["checkpoint", "--key", ADMIN, "--keys", &keys, "--out", cp])
        .ok();
    let state = s.jx.dir.path().join("bureau-state");
    s.jx.run(&[
        "cosign",
        cp,
        "--key",
        FINANCE,
        "--keys",
        &keys,
        "--state",
        state.to_str().unwrap(),
        "--log-key",
        &s.vkeys[ADMIN],
    ])
    .ok();
    // The unit rewrites its first disbursement (re-signed with its own clerk key) and every
    // later hash, prev and project_prev.
    let lines = export_lines(&export);
    let first_spend = seq_of_line_with(&export, "funds.disbursed") as usize;
    let rewritten = rewrite_from(&s, &lines, first_spend, "1.08万元", "0.08万元");
    let path = s.jx.dir.path().join("rewritten.jsonl");
    std::fs::write(&path, rewritten.join("\n") + "\n").unwrap();
    let p = path.to_str().unwrap();
    // Chain and signatures hold: only the cosigned checkpoint tells.
    s.jx.run(&["verify", "--export", p, "--ledger-id", &s.ledger_id])
        .ok();
    let caught = s.jx.run(&[
        "verify",
        "--export",
        p,
        "--checkpoint",
        cp,
        "--log-key",
        &s.vkeys[ADMIN],
    ]);
    // Nothing says "ok" before the checkpoint that the rewrite does not extend.
    assert!(caught.stdout.is_empty(), "{caught:#?}");
    caught.fails(1, &[]);
    // The auditor's export of the signed ledger opens as a read-only ledger (its signatures
    // need the ledger id: `verify` says they were not checked and how to check them).
    let original = s.jx.dir.path().join("original.jsonl");
    std::fs::write(&original, &export).unwrap();
    let o = original.to_str().unwrap();
    let report = crate::support::run_bare(&["--ledger", o, "report", "zj-scjg-2023-ip"]).ok();
    assert!(report.contains("101.35"), "{report}");
    let checked = crate::support::run_bare(&["--ledger", o, "verify"]);
    assert!(
        checked.code == 0 && checked.stderr.contains("--ledger-id"),
        "{checked:#?}"
    );
    let checked =
        s.jx.run(&["verify", "--export", o, "--ledger-id", &s.ledger_id]);
    assert!(
        checked.code == 0 && !checked.stderr.contains("--ledger-id"),
        "{checked:#?}"
    );
    // The independent verifier agrees: the original holds (with every signature), the
    // rewrite's chain and signatures hold, and the cosigned checkpoint does not.
    if !python_ready() {
        return;
    }
    let ok = python(&[original.to_str().unwrap(), "--ledger-id", &s.ledger_id]);
    assert!(ok.0 == 0 && ok.1.contains("signatures verified"), "{ok:?}");
    let ok = python(&[p, "--ledger-id", &s.ledger_id]);
    assert_eq!(ok.0, 0, "{ok:?}");
    let caught = python(&[p, "--checkpoint", cp, "--log-key", &s.vkeys[ADMIN]]);
    assert_eq!(caught.0, 1, "{caught:?}");
    // An unsigned line among signed ones, or a wrong ledger id: named by seq.
    let wrong = python(&[original.to_str().unwrap(), "--ledger-id", "jx-other"]);
    assert!(
        wrong.0 == 1 && wrong.2.contains("FAIL seq 1: rule signature-valid"),
        "{wrong:?}"
    );
}

pub(crate) fn python_ready() -> bool {
    let ready = std::process::Command::new("python3")
        .args(["-c", "import blake3, rfc8785, cryptography"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ready || std::env::var("JIXIAO_REQUIRE_PY").as_deref() != Ok("1"),
        "JIXIAO_REQUIRE_PY=1 but python3 lacks blake3, rfc8785 or cryptography"
    );
    ready
}

/// (exit code, stdout, stderr) of tests/independent_verify.py.
fn python(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new("python3")
        .arg(repo_file("tests/independent_verify.py"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The export with line `from` (1-based seq) edited and re-signed by the clerk, and every
/// later line re-chained: prev, project_prev and hash.
fn rewrite_from(s: &Signed, lines: &[String], from: usize, old: &str, new: &str) -> Vec<String> {
    let clerk = KeyDir::at(std::path::Path::new(&keys(&s.jx)))
        .load(CLERK)
        .unwrap();
    let mut out: Vec<String> = lines[..from - 1].to_vec();
    let mut prev = hash_of(&out[from - 2]);
    let mut heads = std::collections::HashMap::new();
    for l in &out {
        let v: Value = serde_json::from_str(l).unwrap();
        heads.insert(v["project"].as_str().unwrap().to_string(), hash_of(l));
    }
    for (i, l) in lines[from - 1..].iter().enumerate() {
        let mut v: Value = serde_json::from_str(l).unwrap();
        if i == 0 {
            let text = v.to_string().replace(old, new);
            v = serde_json::from_str(&text).unwrap();
            v["data"]["amount"] = json!("800.00");
            v.as_object_mut().unwrap().remove("hash");
            let (env, _) = parse_envelope(&v.to_string()).unwrap();
            let st = Statement::of(&env, env.signed.unwrap().signed_at);
            use ed25519_dalek::Signer as _;
            let sig = clerk.ed25519().sign(&st.bytes(&s.ledger_id));
            v["sig"] = json!(jixiao::trust::b64(&sig.to_bytes()));
        }
        let project = v["project"].as_str().unwrap().to_string();
        v["prev"] = json!(prev);
        v["project_prev"] = json!(heads
            .get(&project)
            .cloned()
            .unwrap_or_else(|| "0".repeat(64)));
        v["hash"] = json!("");
        let line = rehash(&v.to_string());
        prev = hash_of(&line);
        heads.insert(project, prev.clone());
        out.push(line);
    }
    out
}

fn hash_of(line: &str) -> String {
    let v: Value = serde_json::from_str(line).unwrap();
    v["hash"].as_str().unwrap().to_string()
}
