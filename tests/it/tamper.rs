//! Tamper tests: an edited export line, a re-hashed edit, a deleted line, a flipped byte in
//! the sled files of a closed ledger, and a block rewritten through sled itself. Each must be
//! caught naming the exact seq, and nothing may panic.

use std::path::Path;

use jixiao::event::canonical::to_jcs;
use jixiao::event::hash::{event_hash, to_hex};
use jixiao::ledger::verify::verify_export;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use serde_json::Value;

use crate::support::{export_lines, funded, seq_of_line_with, Jx};

/// The demo's sample in a fresh ledger, and its export.
fn sample() -> (Jx, Vec<u8>) {
    let jx = Jx::uninit();
    jx.run(&["demo"]).ok();
    let export = jx.export();
    (jx, export)
}

fn write_export(jx: &Jx, name: &str, lines: &[String]) -> String {
    let path = jx.dir.path().join(name);
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path.to_str().unwrap().to_string()
}

/// Changes the first digit of the `amount` in an export line (1 → 2, others → 1).
fn bump_amount_digit(line: &str) -> String {
    let at = line.find("\"amount\":\"").expect("line has an amount") + "\"amount\":\"".len();
    let digit = line.as_bytes()[at];
    let new = if digit == b'1' { '2' } else { '1' };
    format!("{}{new}{}", &line[..at], &line[at + 1..])
}

/// Re-hashes an export line after an edit, as a forger with any JCS + BLAKE3 would.
pub fn rehash(line: &str) -> String {
    let mut v: Value = serde_json::from_str(line).unwrap();
    v.as_object_mut().unwrap().remove("hash");
    let hash = event_hash(&to_jcs(&v).unwrap());
    v["hash"] = Value::String(to_hex(&hash));
    String::from_utf8(to_jcs(&v).unwrap()).unwrap()
}

#[test]
fn an_edited_export_line_is_named_by_its_seq() {
    let (jx, export) = sample();
    let seq = seq_of_line_with(&export, "第二十二届中国专利优秀奖");
    let mut lines = export_lines(&export);
    let i = seq as usize - 1;
    lines[i] = bump_amount_digit(&lines[i]);
    let path = write_export(&jx, "edited.jsonl", &lines);
    jx.run(&["verify", "--export", &path]).fails(
        1,
        &[
            &format!("verification failed at seq {seq}:"),
            "hash mismatch",
        ],
    );

    // Re-hashing the edited line moves the break to the next seq's prev link.
    lines[i] = rehash(&lines[i]);
    let path = write_export(&jx, "rehashed.jsonl", &lines);
    jx.run(&["verify", "--export", &path]).fails(
        1,
        &[
            &format!("verification failed at seq {}:", seq + 1),
            "broken prev link",
        ],
    );

    // The untouched export verifies, with or without a ledger beside it.
    let clean = write_export(&jx, "clean.jsonl", &export_lines(&export));
    let out = crate::support::run_bare(&["verify", "--export", &clean]).ok();
    assert!(out.contains("65 events verified"), "{out}");
}

#[test]
fn a_deleted_or_swapped_export_line_is_a_seq_gap() {
    let (jx, export) = sample();
    let mut lines = export_lines(&export);
    lines.remove(9); // seq 10
    let path = write_export(&jx, "deleted.jsonl", &lines);
    jx.run(&["verify", "--export", &path]).fails(
        1,
        &["verification failed at seq 10:", "seq gap", "found seq 11"],
    );

    let mut lines = export_lines(&export);
    lines.swap(19, 20);
    let path = write_export(&jx, "swapped.jsonl", &lines);
    jx.run(&["verify", "--export", &path])
        .fails(1, &["at seq 20:", "seq gap"]);

    let mut lines = export_lines(&export);
    lines.truncate(30);
    let path = write_export(&jx, "truncated.jsonl", &lines);
    let out = jx.run(&["verify", "--export", &path]).ok();
    assert!(
        out.contains("30 events verified"),
        "a prefix is a valid export: {out}"
    );
}

#[test]
fn a_non_canonical_but_equivalent_line_is_named() {
    let (jx, export) = sample();
    let mut lines = export_lines(&export);
    // Same JSON value, different bytes: a space after the first colon.
    lines[4] = lines[4].replacen("\":", "\": ", 1);
    let path = write_export(&jx, "spaced.jsonl", &lines);
    jx.run(&["verify", "--export", &path])
        .fails(1, &["at seq 5:", "non-canonical"]);
}

/// The export line (0-based) that holds byte `at`; a line's newline belongs to it.
fn line_of(export: &[u8], at: usize) -> u64 {
    export[..at].iter().filter(|&&b| b == b'\n').count() as u64 + 1
}

/// Random single-byte edits, with a fixed seed: every one is caught at the edited line's seq.
fn single_byte_edits_are_caught(export: &[u8], edits: usize) {
    let mut runner = TestRunner::deterministic();
    let strategy = (0..export.len(), 1u8..=255);
    for _ in 0..edits {
        let (at, delta) = strategy.new_tree(&mut runner).unwrap().current();
        let mut edited = export.to_vec();
        edited[at] = edited[at].wrapping_add(delta);
        let verdict = verify_export(&edited[..]).unwrap();
        let problem = verdict
            .problem
            .unwrap_or_else(|| panic!("edit at byte {at} (+{delta}) not caught"));
        assert_eq!(
            problem.seq,
            line_of(export, at),
            "edit at byte {at} (+{delta}): {}",
            problem.what
        );
    }
}

#[test]
fn any_single_byte_edit_is_caught_at_its_seq() {
    // The golden vectors as an export: short, every type, the awkward characters.
    let vectors =
        std::fs::read_to_string(crate::support::repo_file("tests/golden/vectors.jsonl")).unwrap();
    let mut export = Vec::new();
    for line in vectors.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let mut event = v["event"].clone();
        event["hash"] = v["hash"].clone();
        export.extend(to_jcs(&event).unwrap());
        export.push(b'\n');
    }
    assert_eq!(verify_export(&export[..]).unwrap().problem, None);
    single_byte_edits_are_caught(&export, 1000);
    let (_jx, sample) = sample();
    single_byte_edits_are_caught(&sample, 150);
}

// ---- the sled files ----

/// Flips one bit in the `which`-th occurrence (or every occurrence) of `needle` in the files
/// under `dir`; returns how many occurrences were changed.
fn flip_in_files(dir: &Path, needle: &[u8], which: Option<usize>) -> usize {
    let mut seen = 0;
    let mut changed = 0;
    let mut files: Vec<_> = walk(dir);
    files.sort();
    for file in files {
        let mut bytes = std::fs::read(&file).unwrap();
        let hits: Vec<usize> = bytes
            .windows(needle.len())
            .enumerate()
            .filter(|(_, w)| *w == needle)
            .map(|(i, _)| i)
            .collect();
        let mut dirty = false;
        for at in hits {
            if which.is_none_or(|w| w == seen) {
                bytes[at + 3] ^= 0x01;
                dirty = true;
                changed += 1;
            }
            seen += 1;
        }
        if dirty {
            std::fs::write(&file, &bytes).unwrap();
        }
    }
    changed
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// A small ledger whose events are written by separate commands, so that later events
/// live in later sled log messages; returns it and the seqs of the three disbursements.
fn spent_three_times() -> (Jx, [u64; 3]) {
    let jx = Jx::new();
    jx.import(&funded("p", "100万", "100万"));
    let mut seqs = [0; 3];
    for (i, seq) in seqs.iter_mut().enumerate() {
        let out = jx
            .run(&[
                "spend",
                "p",
                "1",
                "--purpose",
                &format!("独特用途{i}号"),
                "--effective=2023-05-01",
            ])
            .ok();
        let last = out.trim_end().lines().last().unwrap_or_default();
        *seq = last.split_whitespace().nth(1).unwrap().parse().unwrap();
    }
    (jx, seqs)
}

#[test]
fn a_flipped_byte_in_the_sled_files_is_named_by_its_seq() {
    // The newest event (sled would silently drop it: caught by the head file) and older ones
    // (sled refuses its log: placed by the scan of the files); every copy or just one.
    for which in [None, Some(0)] {
        for i in 0..3 {
            let (jx, seqs) = spent_three_times();
            let needle = format!("独特用途{i}号");
            assert!(flip_in_files(&jx.path(), needle.as_bytes(), which) > 0);
            jx.run(&["verify"])
                .fails(1, &[&format!("verification failed at seq {}:", seqs[i])]);
            // Other commands refuse the damaged ledger cleanly.
            let out = jx.run(&["log"]);
            assert_eq!(out.code, 2, "{out:?}");
            assert!(out.stderr.contains("damaged"), "{}", out.stderr);
            // And verify still fails afterwards (sled has rewritten its log tail by now).
            jx.run(&["verify"]).fails(1, &["verification failed"]);
        }
    }
}

#[test]
fn a_flipped_byte_in_the_sample_ledger_is_named_by_its_seq() {
    let (jx, export) = sample();
    let seq = seq_of_line_with(&export, "新增地理标志证明商标2件资助");
    assert!(flip_in_files(&jx.path(), "新增地理标志证明商标2件资助".as_bytes(), None) > 0);
    jx.run(&["verify"])
        .fails(1, &[&format!("verification failed at seq {seq}:")]);
}

#[test]
fn random_flips_in_the_sled_files_never_pass_or_panic() {
    let (jx, seqs) = spent_three_times();
    let pristine = jx.dir.path().join("pristine");
    copy_dir(&jx.path(), &pristine);
    let db = std::fs::read(pristine.join("db")).unwrap();
    let used: Vec<usize> = (0..db.len()).filter(|&i| db[i] != 0).collect();
    let mut runner = TestRunner::deterministic();
    for _ in 0..12 {
        let pick = (0..used.len(), 0u8..8)
            .new_tree(&mut runner)
            .unwrap()
            .current();
        copy_dir(&pristine, &jx.path());
        let path = jx.path().join("db");
        let mut bytes = db.clone();
        bytes[used[pick.0]] ^= 1 << pick.1;
        std::fs::write(&path, bytes).unwrap();
        let out = jx.run(&["verify"]);
        // Either the flip hit nothing that matters (sled's slack), or it is reported with exit 1.
        match out.code {
            0 => assert!(
                out.stdout.contains(&format!("{} events verified", seqs[2])),
                "{out:?}"
            ),
            1 => assert!(out.stderr.contains("verification failed"), "{out:?}"),
            _ => panic!("flip at byte {}: {out:?}", used[pick.0]),
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn a_block_rewritten_through_sled_is_named_by_its_seq() {
    let (jx, seqs) = spent_three_times();
    {
        // A forger with sled itself: the log checksums are right, the event bytes are not.
        let db = sled::open(jx.path()).unwrap();
        let blocks = db.open_tree("blocks").unwrap();
        let (key, value) = blocks.iter().next_back().unwrap().unwrap();
        let needle = "独特用途1号".as_bytes();
        let at = value
            .windows(needle.len())
            .position(|w| w == needle)
            .unwrap();
        let mut forged = value.to_vec();
        forged[at + 3] ^= 1;
        blocks.insert(key, forged).unwrap();
        db.flush().unwrap();
    }
    jx.run(&["verify"]).fails(
        1,
        &[
            &format!("verification failed at seq {}:", seqs[1]),
            "hash mismatch",
        ],
    );
}

#[test]
fn a_removed_index_entry_is_named_by_its_seq() {
    let jx = Jx::new();
    jx.import(&funded("p", "10万", "10万"));
    jx.import(&funded("q", "1万", "0")); // seqs 4, 5
    {
        let db = sled::open(jx.path()).unwrap();
        let index = db.open_tree("by_project").unwrap();
        let key = index
            .iter()
            .keys()
            .map(|k| k.unwrap())
            .find(|k| k.starts_with(b"q\0"))
            .unwrap();
        index.remove(key).unwrap();
        db.flush().unwrap();
    }
    jx.run(&["verify"])
        .fails(1, &["verification failed at seq 4:", "index disagreement"]);
}

#[test]
fn a_lost_head_file_or_a_rewritten_one_is_reported() {
    let (jx, seqs) = spent_three_times();
    let head_file = jx.path().join(jixiao::store::HEAD_FILE);
    let text = std::fs::read_to_string(&head_file).unwrap();
    assert!(
        text.starts_with(&format!("seq {} hash ", seqs[2])),
        "{text}"
    );
    std::fs::remove_file(&head_file).unwrap();
    jx.run(&["verify"]).fails(1, &["head file", "missing"]);
    // A head file claiming more than the store holds names the first missing seq.
    std::fs::write(
        &head_file,
        text.replace(&format!("seq {}", seqs[2]), &format!("seq {}", seqs[2] + 2)),
    )
    .unwrap();
    jx.run(&["verify"]).fails(
        1,
        &[
            &format!("verification failed at seq {}:", seqs[2] + 1),
            "acknowledged",
        ],
    );
    std::fs::write(&head_file, &text).unwrap();
    jx.run(&["verify"]).ok();
}
