//! Issue 12, input 9: kept heads. A chain verifies on its own even when its tail was cut
//! off, so `verify --head SEQ:HASH` checks a ledger or an export against a head kept elsewhere
//! (quoted in a report, written down): a truncated copy or another history fails naming the
//! seq. Without `--head`, the ok message names the head it verified, so that a truncation can
//! be noticed by comparing; an empty export file fails.

use crate::support::{base_lines, run_in, TestLedger, BASE_EVENTS};

/// The first `n` lines of `text`, each with its line end.
fn first_lines(text: &[u8], n: usize) -> Vec<u8> {
    text.split_inclusive(|&b| b == b'\n')
        .take(n)
        .flatten()
        .copied()
        .collect()
}

#[test]
fn verify_head_fails_on_truncation_and_on_another_history_naming_the_seq() {
    let ledger = TestLedger::with_base();
    let (seq, hash) = ledger.head();
    assert_eq!(seq, BASE_EVENTS);
    let kept = format!("{seq}:{hash}");
    let export = ledger.export();
    let dir = ledger.dir();
    let whole = dir.join("whole.jsonl");
    std::fs::write(&whole, &export).unwrap();
    let truncated = dir.join("truncated.jsonl");
    std::fs::write(&truncated, first_lines(&export, 4)).unwrap();
    let empty = dir.join("empty.jsonl");
    std::fs::write(&empty, b"").unwrap();
    // The same first four events (same clock, actor and lines): the ledger truncated.
    let short = TestLedger::new();
    let four: String = base_lines()
        .lines()
        .take(4)
        .map(|l| format!("{l}\n"))
        .collect();
    short.import_text(&four).assert_ok("four events");
    // Another history of the same length.
    let other = TestLedger::new();
    other
        .import_text(&base_lines().replace("专利资助", "商标资助"))
        .assert_ok("other");
    let other_export = dir.join("other.jsonl");
    std::fs::write(&other_export, other.export()).unwrap();

    let w = whole.to_str().unwrap();
    let t = truncated.to_str().unwrap();
    let e = empty.to_str().unwrap();
    let o = other_export.to_str().unwrap();
    // (where to run, arguments, exit code, what the output must say)
    let cases: Vec<(&TestLedger, Vec<&str>, i32, Vec<String>)> = vec![
        (
            &ledger,
            vec!["verify", "--head", &kept],
            0,
            vec![format!("extends the kept head seq {seq} {hash}")],
        ),
        (
            &ledger,
            vec!["verify", "--export", w, "--head", &kept],
            0,
            vec!["extends the kept head".into()],
        ),
        (
            &short,
            vec!["verify", "--head", &kept],
            1,
            vec![
                "at seq 5".into(),
                "truncated".into(),
                "ends at seq 4".into(),
            ],
        ),
        (
            &ledger,
            vec!["verify", "--export", t, "--head", &kept],
            1,
            vec![
                "at seq 5".into(),
                "truncated".into(),
                "ends at seq 4".into(),
            ],
        ),
        (
            &other,
            vec!["verify", "--head", &kept],
            1,
            vec!["at seq 6".into(), "not the kept history".into()],
        ),
        (
            &ledger,
            vec!["verify", "--export", o, "--head", &kept],
            1,
            vec!["at seq 6".into(), "not the kept history".into()],
        ),
        (
            &ledger,
            vec!["verify", "--export", e],
            1,
            vec!["at seq 1".into(), "empty".into()],
        ),
        (
            &ledger,
            vec!["verify", "--export", e, "--head", &kept],
            1,
            vec!["empty".into()],
        ),
        // Without a kept head a truncated copy verifies, and says which head it verified.
        (
            &ledger,
            vec!["verify", "--export", t],
            0,
            vec!["head seq 4 ".into(), "keep this head".into()],
        ),
        (&short, vec!["verify"], 0, vec!["head seq 4 ".into()]),
        (
            &ledger,
            vec!["verify", "--head", "6:abc"],
            2,
            vec!["SEQ:HASH".into()],
        ),
        (
            &ledger,
            vec!["verify", "--head", &hash],
            2,
            vec!["SEQ:HASH".into()],
        ),
    ];
    for (where_, args, code, expect) in cases {
        let out = run_in(&where_.path, &args);
        out.assert_orderly(&format!("{args:?}"));
        assert_eq!(
            out.code,
            Some(code),
            "{args:?}: {}{}",
            out.stdout,
            out.stderr
        );
        let text = format!("{}{}", out.stdout, out.stderr);
        for part in expect {
            assert!(text.contains(&part), "{args:?}: missing {part:?} in {text}");
        }
    }
    // A ledger that grew still extends the head kept before.
    ledger.ok(["goal", "set", "p1", "g2", "新目标"]);
    ledger.ok(["verify", "--head", &kept]);
}
