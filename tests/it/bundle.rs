//! Report bundles (issue 15 item 5): `report P --bundle OUT` and `verify-bundle OUT` with no
//! ledger. A good bundle verifies; an event removed, the last events removed, an event
//! altered, a proof from another checkpoint, a wrong log key, missing actors and an edited
//! report (named by its first differing field) each fail naming it (exit 1); the auditor
//! checks the seed's signed project, cosigned by the finance bureau, in a fresh directory
//! holding only the bundle and the public keys.

use serde_json::Value;

use crate::signing::{keys, signer_of, Signed, ADMIN, FINANCE};
use crate::support::{repo_file, Jx, Out};

const P: &str = "zj-scjg-2023-ip";

/// The seed's project recorded in a signed ledger, each line by the role that may record it.
pub(crate) fn seeded() -> Signed {
    let s = Signed::new();
    let sample = std::fs::read_to_string(repo_file("src/demo/sample.jsonl")).unwrap();
    let mut lines = Vec::new();
    for text in sample.lines().filter(|l| !l.trim().is_empty()) {
        let mut v: Value = serde_json::from_str(text).unwrap();
        v.as_object_mut().unwrap().remove("actor");
        lines.push((v["type"].as_str().unwrap().to_string(), v.to_string()));
    }
    for (kind, line) in lines {
        s.import_as(signer_of(&kind), &line).ok();
    }
    s
}

fn path(jx: &Jx, name: &str) -> String {
    jx.dir.path().join(name).to_str().unwrap().to_string()
}

/// `report P --bundle NAME --key ADMIN --for audit`, returned parsed.
fn bundle_now(s: &Signed, name: &str) -> Value {
    let out = path(&s.jx, name);
    s.jx.run(&[
        "report",
        P,
        "--for",
        "audit",
        "--bundle",
        &out,
        "--key",
        ADMIN,
        "--keys",
        &keys(&s.jx),
    ])
    .ok();
    serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap()
}

/// Runs `verify-bundle` on `bundle` written to a fresh directory, with no ledger there.
fn verify(bundle: &Value, extra: &[&str]) -> Out {
    let fresh = Jx::uninit();
    let file = path(&fresh, "bundle.json");
    std::fs::write(&file, bundle.to_string()).unwrap();
    fresh.run(&[&["verify-bundle", file.as_str()], extra].concat())
}

fn seq_of(line: &Value) -> u64 {
    line["seq"].as_u64().unwrap()
}

#[test]
fn a_good_bundle_verifies_and_each_tampering_is_named_exit_1() {
    let s = seeded();
    let good = bundle_now(&s, "good.json");
    let events = good["events"].as_array().unwrap().clone();
    assert!(events.len() > 10, "{}", events.len());
    assert!(events.iter().all(|e| e["project"] == P));
    // A later checkpoint (one more event): its proofs lead to another root.
    s.import_as(crate::signing::CLERK, &events_line_narrative())
        .ok();
    let later = bundle_now(&s, "later.json");
    let log_key = s.vkeys[ADMIN].clone();
    let wrong_key = s.vkeys[FINANCE].clone();
    let mid = 5;
    let mid_seq = seq_of(&events[mid]);
    let next_seq = seq_of(&events[mid + 1]);
    let last_seq = seq_of(&events[events.len() - 1]);
    let before_last_but_one = seq_of(&events[events.len() - 3]);
    assert_eq!(
        good["report"]["integrity"]["project_head_seq"], last_seq,
        "the report quotes the project's last bundled event"
    );
    assert_eq!(
        good["report"]["integrity"]["project_head_hash"],
        events[events.len() - 1]["hash"]
    );
    assert_ne!(events[mid]["effective"], "2023-12-31");
    type Edit = Box<dyn Fn(&mut Value)>;
    let cases: Vec<(&str, Edit, Vec<String>, Vec<String>)> = vec![
        ("good", Box::new(|_| {}), vec![], vec![]),
        (
            "an event removed",
            Box::new(move |b| {
                b["events"].as_array_mut().unwrap().remove(mid);
                b["proofs"].as_array_mut().unwrap().remove(mid);
            }),
            vec![],
            vec!["project_prev break".into(), format!("seq {next_seq}")],
        ),
        (
            "the last event removed",
            Box::new(move |b| {
                b["events"].as_array_mut().unwrap().pop();
                b["proofs"].as_array_mut().unwrap().pop();
            }),
            vec![],
            vec![
                "leaves out the project's last events".into(),
                format!("up to seq {last_seq}"),
                format!("seq {last_seq} was removed"),
            ],
        ),
        (
            "the last two events removed",
            Box::new(move |b| {
                for _ in 0..2 {
                    b["events"].as_array_mut().unwrap().pop();
                    b["proofs"].as_array_mut().unwrap().pop();
                }
            }),
            vec![],
            vec![
                format!("up to seq {last_seq}"),
                format!("end at seq {before_last_but_one}"),
            ],
        ),
        (
            "an event altered",
            Box::new(move |b| b["events"][mid]["effective"] = "2023-12-31".into()),
            vec![],
            vec!["hash mismatch".into(), format!("seq {mid_seq}")],
        ),
        (
            "a proof from another checkpoint",
            Box::new(move |b| b["proofs"][mid] = later["proofs"][mid].clone()),
            vec![],
            vec![
                "does not lead to the checkpoint root".into(),
                format!("seq {mid_seq}"),
            ],
        ),
        (
            "a wrong log key",
            Box::new(|_| {}),
            vec!["--log-key".into(), wrong_key],
            vec![],
        ),
        (
            "the actors left out",
            Box::new(|b| b["actors"] = Value::Array(vec![])),
            vec![],
            vec!["bad signature or role".into()],
        ),
        (
            "the report edited",
            Box::new(|b| b["report"]["project"]["name"] = "别的项目".into()),
            vec![],
            vec![
                "does not recompute".into(),
                "/project/name: the report says \"别的项目\", recomputed \"知识产权促进专项工作经费\"".into(),
            ],
        ),
        (
            "a figure edited, the digest resealed",
            Box::new(|b| {
                b["report"]["money"]["spent"] = "1.00".into();
                let digest = jixiao::report::integrity::digest_of(&b["report"]).unwrap();
                b["report"]["integrity"]["digest"] = digest.into();
            }),
            vec![],
            vec![
                "(first difference): /money/spent: the report says \"1.00\", recomputed \"1013500.00\"".into(),
            ],
        ),
    ];
    for (name, edit, extra, needles) in cases {
        let mut b = good.clone();
        edit(&mut b);
        let mut args: Vec<&str> = extra.iter().map(String::as_str).collect();
        if extra.is_empty() {
            args = vec!["--log-key", &log_key];
        }
        let out = verify(&b, &args);
        if name == "good" {
            let text = out.ok();
            assert!(text.contains("report bundle intact"), "{name}: {text}");
            continue;
        }
        assert_eq!(out.code, 1, "{name}: {out:#?}");
        for n in &needles {
            assert!(
                out.stderr.contains(n.as_str()),
                "{name}: stderr lacks {n:?}: {out:#?}"
            );
        }
    }
}

/// One more event of the project (a narrative), as an import line.
fn events_line_narrative() -> String {
    crate::support::line(
        "narrative.recorded",
        P,
        "2024-07-23",
        serde_json::json!({"section": "background", "text": "补充说明。"}),
    )
}

#[test]
fn the_auditor_checks_the_seed_bundle_cosigned_by_the_bureau_with_only_public_keys() {
    let s = seeded();
    let k = keys(&s.jx);
    let cp = path(&s.jx, "cp.txt");
    let cosigned = path(&s.jx, "cp.cosigned");
    s.jx.run(&["checkpoint", "--key", ADMIN, "--keys", &k, "--out", &cp])
        .ok();
    let state = path(&s.jx, "bureau-state");
    s.jx.run(&[
        "cosign",
        &cp,
        "--key",
        FINANCE,
        "--keys",
        &k,
        "--state",
        &state,
        "--log-key",
        &s.vkeys[ADMIN],
        "--out",
        &cosigned,
    ])
    .ok();
    let out = path(&s.jx, "bundle.json");
    s.jx.run(&[
        "report",
        P,
        "--for",
        "audit",
        "--bundle",
        &out,
        "--checkpoint",
        &cosigned,
    ])
    .ok();
    let bundle: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let said = verify(
        &bundle,
        &[
            "--log-key",
            &s.vkeys[ADMIN],
            "--witness-key",
            &s.vkeys[FINANCE],
        ],
    )
    .ok();
    for needle in [
        "report bundle intact",
        P,
        "zj-czj/budget (finance)",
        "zj-scjg/ip-office (clerk)",
        "witness cosignature valid: zj-czj/budget+",
    ] {
        assert!(said.contains(needle), "lacks {needle:?}: {said}");
    }
    // In Chinese, the users' default.
    let fresh = Jx::uninit().in_chinese();
    let file = path(&fresh, "b.json");
    std::fs::write(&file, std::fs::read(&out).unwrap()).unwrap();
    let zh = fresh
        .run(&[
            "verify-bundle",
            &file,
            "--log-key",
            &s.vkeys[ADMIN],
            "--witness-key",
            &s.vkeys[FINANCE],
        ])
        .ok();
    assert!(zh.contains("报告包完好：项目 zj-scjg-2023-ip"), "{zh}");
    assert!(zh.contains("zj-czj/budget（财政）"), "{zh}");
    independent(&bundle, &s.vkeys[ADMIN], &s.vkeys[FINANCE]);
    // The auditor's cosignature was never made: naming it as a witness fails.
    let auditor = s.vkeys[crate::signing::AUDITOR].clone();
    verify(&bundle, &["--witness-key", &auditor]).fails(1, &[]);
    // A kept checkpoint that does not cover the report is refused when bundling.
    s.import_as(crate::signing::CLERK, &events_line_narrative())
        .ok();
    s.jx.run(&[
        "report",
        P,
        "--bundle",
        &path(&s.jx, "b2.json"),
        "--checkpoint",
        &cosigned,
    ])
    .fails(2, &["does not cover"]);
}

/// tests/independent_verify.py --bundle, with no jixiao code: the bundle holds; an event
/// altered, an event removed, a proof from the wrong leaf and the last event removed each
/// fail naming the seq.
fn independent(bundle: &Value, log_key: &str, witness_key: &str) {
    if !crate::signing::python_ready() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let run = |b: &Value| {
        let file = dir.path().join("b.json");
        std::fs::write(&file, b.to_string()).unwrap();
        let out = std::process::Command::new("python3")
            .arg(repo_file("tests/independent_verify.py"))
            .args(["--bundle", file.to_str().unwrap(), "--log-key", log_key])
            .args(["--witness-key", witness_key])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        (out.status.code().unwrap_or(-1), text)
    };
    let (code, text) = run(bundle);
    assert!(
        code == 0 && text.contains("verified independently"),
        "{text}"
    );
    let seq = |i: usize| bundle["events"][i]["seq"].as_u64().unwrap();
    let last = bundle["events"].as_array().unwrap().len() - 1;
    type Edit = fn(&mut Value);
    let cases: [(Edit, u64, &str); 4] = [
        (
            |b| b["events"][3]["effective"] = "2023-12-31".into(),
            seq(3),
            "hash mismatch",
        ),
        (
            |b| {
                b["events"].as_array_mut().unwrap().remove(3);
                b["proofs"].as_array_mut().unwrap().remove(3);
            },
            seq(4),
            "project_prev break",
        ),
        (
            |b| b["proofs"][3] = b["proofs"][2].clone(),
            seq(3),
            "proof is for leaf",
        ),
        (
            |b| {
                b["events"].as_array_mut().unwrap().pop();
                b["proofs"].as_array_mut().unwrap().pop();
            },
            seq(last),
            "missing: the report rests on the project's events up to",
        ),
    ];
    for (edit, at, needle) in cases {
        let mut b = bundle.clone();
        edit(&mut b);
        let (code, text) = run(&b);
        assert!(
            code == 1 && text.contains(&format!("FAIL seq {at}: {needle}")),
            "{needle}: {text}"
        );
    }
}
