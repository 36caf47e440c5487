//! Tamper evidence, end to end: random single-byte edits of a closed ledger's files and of
//! an export. The ledger either refuses to open with a clear error, or `verify` exits 1
//! naming a seq, or — if the byte was one that jixiao does not depend on (sled's free space,
//! bookkeeping it rebuilds) — it passes AND the export is byte-identical to the original.
//! A silent pass (verify 0 with a different export) or a panic fails the test.
//!
//! Default: 60 edits of the sled files and 400 of an export (40 through the CLI).
//! More: `JIXIAO_TAMPER_CASES=2000` (sled files; the export gets 5× as many).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::json;

use crate::support::{copy_dir, env_u64, line, run_in, seed, Rng, TestLedger};

/// A ledger spanning several sled segments and blocks, with single appends after an import.
fn build() -> (TestLedger, Vec<u8>) {
    let ledger = TestLedger::with_base();
    let mut text = String::new();
    for i in 0..2_500 {
        let l = match i % 3 {
            0 => line(
                "funds.disbursed",
                "p1",
                "2023-07-01",
                json!({"amount": "1.23", "purpose": format!("篡改测试 {i}")}),
            ),
            1 => line(
                "narrative.recorded",
                "p1",
                "2023-12-31",
                json!({"section": "management", "text": format!("管理情况 第{i}条")}),
            ),
            _ => line(
                "indicator.measured",
                "p1",
                "2023-12-31",
                json!({"id": "i1", "actual": format!("{}", i % 20)}),
            ),
        };
        text.push_str(&l);
        text.push('\n');
    }
    ledger.import_text(&text).assert_ok("import");
    for i in 0..5 {
        ledger.ok(["spend", "p1", "2.5", "--purpose", &format!("单笔 {i}")]);
    }
    let export = ledger.export();
    (ledger, export)
}

fn files(dir: &Path) -> Vec<(PathBuf, u64)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let entry = entry.expect("entry");
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push((path, entry.metadata().expect("metadata").len()));
        }
    }
    out.sort();
    out
}

/// Where the edit goes: a file (by size), and mostly inside its used part (sled
/// preallocates segments with zeros).
fn pick(rng: &mut Rng, dir: &Path) -> (PathBuf, usize) {
    let all: Vec<_> = files(dir).into_iter().filter(|(_, n)| *n > 0).collect();
    let total: u64 = all.iter().map(|(_, n)| n).sum();
    let mut at = rng.below(total);
    let (path, size) = all
        .iter()
        .find(|(_, n)| {
            let hit = at < *n;
            if !hit {
                at -= n;
            }
            hit
        })
        .expect("a file")
        .clone();
    let bytes = std::fs::read(&path).expect("read");
    let used = bytes.iter().rposition(|&b| b != 0).map_or(1, |i| i + 1);
    let offset = if rng.below(4) == 0 {
        rng.below(size) as usize
    } else {
        rng.below(used as u64) as usize
    };
    (path, offset)
}

fn flip(path: &Path, offset: usize, rng: &mut Rng) {
    let mut bytes = std::fs::read(path).expect("read");
    bytes[offset] ^= 1 + rng.below(255) as u8;
    std::fs::write(path, bytes).expect("write");
}

#[test]
fn byte_edits_of_the_stored_files_are_refused_or_caught_never_silent() {
    let cases = env_u64("JIXIAO_TAMPER_CASES", 60);
    let (ledger, original) = build();
    let mut rng = Rng::new(seed(0x7A4E));
    let mut outcomes: BTreeMap<String, u64> = BTreeMap::new();
    for case in 0..cases {
        let copy = ledger.dir().join(format!("tampered-{case}"));
        copy_dir(&ledger.path, &copy);
        let (path, offset) = pick(&mut rng, &copy);
        flip(&path, offset, &mut rng);
        let file = path
            .strip_prefix(&copy)
            .expect("inside")
            .display()
            .to_string();
        let what = format!("case {case}: byte {offset} of {file}");
        let verify = run_in(&copy, ["verify"]);
        verify.assert_orderly(&what);
        let outcome = match verify.code {
            Some(0) => {
                let export = run_in(&copy, ["export"]);
                assert!(
                    export.code == Some(0) && export.stdout.as_bytes() == original.as_slice(),
                    "{what}: SILENT PASS — verify said ok but the export differs"
                );
                "unchanged: verify ok, export identical"
            }
            Some(1) if verify.stderr.contains("verification failed at seq ") => {
                "verify exit 1 naming a seq"
            }
            Some(1) if verify.stderr.contains("ledger storage is damaged") => {
                "refused: ledger storage is damaged (exit 1)"
            }
            Some(1) if has_seq(&verify.stderr) => "read error naming a seq (exit 1)",
            Some(2) if verify.stderr.starts_with("error: storage error:") => {
                "refused: sled cannot open it (exit 2)"
            }
            _ => panic!(
                "{what}: unclear outcome {:?}: {}",
                verify.code, verify.stderr
            ),
        };
        *outcomes
            .entry(format!("{outcome} [{}]", file_kind(&file)))
            .or_default() += 1;
        std::fs::remove_dir_all(&copy).expect("clean up");
    }
    eprintln!("tamper (sled files), {cases} cases: {outcomes:#?}");
}

fn has_seq(stderr: &str) -> bool {
    stderr
        .split("seq ")
        .skip(1)
        .any(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
}

fn file_kind(name: &str) -> &str {
    if name.starts_with("snap.") {
        "snap"
    } else if name.starts_with("blobs") {
        "blob"
    } else {
        name
    }
}

/// The 1-based line that holds byte `offset` (a newline belongs to the line it ends).
fn line_of(bytes: &[u8], offset: usize) -> u64 {
    bytes[..offset].iter().filter(|&&b| b == b'\n').count() as u64 + 1
}

#[test]
fn byte_edits_of_an_export_are_caught_at_their_seq() {
    let cases = 5 * env_u64("JIXIAO_TAMPER_CASES", 80);
    let ledger = TestLedger::with_base();
    for i in 0..40 {
        ledger.ok(["spend", "p1", "1.5", "--purpose", &format!("导出篡改 {i}")]);
    }
    let original = ledger.export();
    let file = ledger.dir().join("tampered.jsonl");
    let mut rng = Rng::new(seed(0xE4B0));
    let mut benign = 0;
    for case in 0..cases {
        let mut bytes = original.clone();
        let offset = rng.below(bytes.len() as u64) as usize;
        bytes[offset] ^= 1 + rng.below(255) as u8;
        let expected_seq = line_of(&original, offset);
        let verdict =
            jixiao::ledger::verify::verify_export(std::io::Cursor::new(&bytes)).expect("in memory");
        let what = format!(
            "case {case}: byte {offset} (line {expected_seq}) {:?}",
            bytes[offset]
        );
        match verdict.problem {
            Some(p) => assert_eq!(p.seq, expected_seq, "{what}: {}", p.what),
            None => {
                // Only the last line end turned into CR is read as the same lines.
                assert!(
                    offset == original.len() - 1 && bytes[offset] == b'\r',
                    "{what}: SILENT PASS"
                );
                benign += 1;
            }
        }
        if case % 10 == 0 {
            std::fs::write(&file, &bytes).expect("write");
            let run = run_in(
                &ledger.path,
                [
                    std::ffi::OsStr::new("verify"),
                    "--export".as_ref(),
                    file.as_os_str(),
                ],
            );
            run.assert_orderly(&what);
            if !(offset == original.len() - 1 && bytes[offset] == b'\r') {
                assert_eq!(run.code, Some(1), "{what}: {}", run.stderr);
                let named = format!("verification failed at seq {expected_seq}:");
                assert!(run.stderr.contains(&named), "{what}: {}", run.stderr);
            }
        }
    }
    eprintln!(
        "tamper (export): {cases} edits, all caught at their seq ({benign} benign CR line ends)"
    );
}

/// What verify cannot see: a chain cut short is still a valid chain. An export without its
/// last lines verifies, and says so by its head; only a head kept elsewhere (a report
/// quotes one) shows that events are missing.
#[test]
fn a_truncated_export_verifies_with_its_own_shorter_head() {
    let ledger = TestLedger::with_base();
    let full = ledger.export();
    let cut: Vec<u8> = full
        .split_inclusive(|&b| b == b'\n')
        .take(4)
        .flatten()
        .copied()
        .collect();
    let file = ledger.dir().join("cut.jsonl");
    std::fs::write(&file, &cut).expect("write");
    let run = run_in(
        &ledger.path,
        [
            std::ffi::OsStr::new("verify"),
            "--export".as_ref(),
            file.as_os_str(),
        ],
    );
    run.assert_ok("a shortened export");
    assert!(
        run.stdout.contains("4 events verified, head seq 4 "),
        "{}",
        run.stdout
    );
    assert_ne!(
        crate::support::parse_verified_head(&run.stdout),
        ledger.head()
    );
}
