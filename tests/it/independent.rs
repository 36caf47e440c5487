//! The export re-verifies with an implementation written by someone else:
//! tests/independent_verify.py (Trail of Bits' `rfc8785` + the `blake3` package). Skipped
//! with a note when Python lacks those modules, unless `JIXIAO_REQUIRE_PY=1` (CI).

use std::process::Command;

use crate::support::{export_lines, repo_file, seq_of_line_with, Jx};
use crate::tamper::rehash;

/// Whether the verifier can run here; panics when it must but cannot.
fn python_ready() -> bool {
    let probe = Command::new("python3")
        .args(["-c", "import blake3, rfc8785"])
        .output();
    let ready = probe.as_ref().is_ok_and(|o| o.status.success());
    if !ready {
        let why = match &probe {
            Ok(o) => String::from_utf8_lossy(&o.stderr).into_owned(),
            Err(e) => format!("python3: {e}"),
        };
        assert!(
            std::env::var("JIXIAO_REQUIRE_PY").as_deref() != Ok("1"),
            "JIXIAO_REQUIRE_PY=1 but the independent verifier cannot run: {why}\ninstall with: pip install blake3 rfc8785"
        );
        eprintln!(
            "skipped: the independent verifier needs `pip install blake3 rfc8785` ({})",
            why.trim()
        );
    }
    ready
}

struct Py {
    code: i32,
    stdout: String,
    stderr: String,
}

fn independent_verify(file: &std::path::Path, extra: &[&str]) -> Py {
    let out = Command::new("python3")
        .arg(repo_file("tests/independent_verify.py"))
        .arg(file)
        .args(extra)
        .output()
        .expect("run python3");
    Py {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn the_sample_export_verifies_independently_and_edits_are_named() {
    if !python_ready() {
        return;
    }
    let jx = Jx::uninit();
    jx.run(&["demo"]).ok();
    let path = jx.dir.path().join("export.jsonl");
    jx.run(&["export", "--out", path.to_str().unwrap()]).ok();
    let ok = independent_verify(&path, &[]);
    assert_eq!(ok.code, 0, "{}{}", ok.stdout, ok.stderr);
    assert!(ok.stdout.contains("65 events verified"), "{}", ok.stdout);
    // It agrees with jixiao on the head.
    let head = jx.head();
    let tip: Vec<&str> = head
        .split("head seq ")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .take(2)
        .collect();
    let tip = tip.join(":");
    assert_eq!(independent_verify(&path, &["--head", &tip]).code, 0);
    let (seq, hash) = tip.split_once(':').unwrap();
    let earlier = format!("{}:{hash}", seq.parse::<u64>().unwrap() - 1);
    assert_eq!(independent_verify(&path, &["--head", &earlier]).code, 1);

    let export = std::fs::read(&path).unwrap();
    let seq = seq_of_line_with(&export, "\"purpose\":\"新设立知识产权代理机构资助\"");
    let edited = jx.dir.path().join("edited.jsonl");
    let mut lines = export_lines(&export);
    let i = seq as usize - 1;
    lines[i] = lines[i].replacen("\"amount\":\"", "\"amount\":\"9", 1);
    std::fs::write(&edited, lines.join("\n") + "\n").unwrap();
    let bad = independent_verify(&edited, &[]);
    assert_eq!(bad.code, 1, "{}{}", bad.stdout, bad.stderr);
    assert!(
        bad.stderr.contains(&format!("seq {seq}:")) && bad.stderr.contains("hash mismatch"),
        "{}",
        bad.stderr
    );

    // Re-hashed with the Rust hasher: the Python side then names the next seq.
    lines[i] = rehash(&lines[i]);
    std::fs::write(&edited, lines.join("\n") + "\n").unwrap();
    let bad = independent_verify(&edited, &[]);
    assert_eq!(bad.code, 1);
    assert!(
        bad.stderr.contains(&format!("seq {}:", seq + 1)) && bad.stderr.contains("prev"),
        "{}",
        bad.stderr
    );

    // A deleted line is a gap.
    let mut lines = export_lines(&export);
    lines.remove(40);
    std::fs::write(&edited, lines.join("\n") + "\n").unwrap();
    let bad = independent_verify(&edited, &[]);
    assert_eq!(bad.code, 1);
    assert!(
        bad.stderr.contains("seq 41:") && bad.stderr.contains("seq gap"),
        "{}",
        bad.stderr
    );
}

#[test]
fn the_golden_vectors_verify_independently_as_an_export() {
    if !python_ready() {
        return;
    }
    // The vectors form a chain; as export lines (event + hash, JCS) they must verify.
    let text = std::fs::read_to_string(repo_file("tests/golden/vectors.jsonl")).unwrap();
    let mut out = String::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let mut event = v["event"].clone();
        event["hash"] = v["hash"].clone();
        out.push_str(
            &String::from_utf8(jixiao::event::canonical::to_jcs(&event).unwrap()).unwrap(),
        );
        out.push('\n');
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vectors-export.jsonl");
    std::fs::write(&path, &out).unwrap();
    let py = independent_verify(&path, &[]);
    assert_eq!(py.code, 0, "{}{}", py.stdout, py.stderr);
    // And jixiao agrees.
    crate::support::run_bare(&["verify", "--export", path.to_str().unwrap()]).ok();
}
