//! Concurrent use. sled takes an exclusive lock on the ledger directory for every process
//! that opens it, writer or reader, so one process at a time: any other gets "ledger is in
//! use" (exit 2), writes nothing, and succeeds when it retries later.

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::{jixiao_command, line, Rng, Run, TestLedger, BASE_EVENTS};

const IN_USE: &str = "is in use by another process";

/// Starts `import FILE` and returns once it holds the ledger (a probe is refused).
fn hold_with_import(ledger: &TestLedger, file: &std::path::Path) -> Child {
    for _attempt in 0..20 {
        let mut child = jixiao_command(&ledger.path)
            .arg("import")
            .arg(file)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn import");
        let deadline = Instant::now() + Duration::from_secs(30);
        let ended = loop {
            if child.try_wait().expect("try_wait").is_some() || Instant::now() > deadline {
                break true;
            }
            let probe = ledger.run(["log", "--type", "goal.set"]);
            probe.assert_orderly("probe");
            if probe.stderr.contains(IN_USE) {
                break false;
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        if !ended {
            return child;
        }
        let _ = child.kill();
        let out = Run::from_output(child.wait_with_output().expect("import output"));
        // Our probe had the lock at the moment the import opened: try again.
        assert!(
            out.stderr.contains(IN_USE),
            "the import ended before it was seen holding the ledger: {}",
            out.stderr
        );
    }
    panic!("the import never held the ledger");
}

#[test]
fn a_second_writer_is_refused_while_the_first_writes_and_succeeds_on_retry() {
    let ledger = TestLedger::with_base();
    let lines = 60_000u64;
    let one = line(
        "narrative.recorded",
        "p1",
        "2023-12-31",
        json!({"section": "implementation", "text": "并发测试"}),
    ) + "\n";
    let file = ledger.dir().join("long.jsonl");
    std::fs::write(&file, one.repeat(lines as usize)).expect("write import");

    let writer = hold_with_import(&ledger, &file);
    // While it writes: another writer, and every reader, is refused with exit 2.
    let second = ledger.run(["spend", "p1", "1", "--purpose", "并发的第二个写入者"]);
    second.assert_orderly("second writer");
    assert_eq!(second.code, Some(2), "{}", second.stderr);
    assert!(second.stderr.contains(IN_USE), "{}", second.stderr);
    for reader in [
        vec!["verify"],
        vec!["log"],
        vec!["export"],
        vec!["show", "1"],
    ] {
        let r = ledger.run(&reader);
        assert_eq!(r.code, Some(2), "{reader:?} during a write: {}", r.stderr);
        assert!(r.stderr.contains(IN_USE), "{reader:?}: {}", r.stderr);
    }
    let first = Run::from_output(writer.wait_with_output().expect("import output"));
    first.assert_ok("the first writer");
    assert_eq!(
        ledger.head().0,
        BASE_EVENTS + lines,
        "the refused writer wrote"
    );
    // Retried afterwards, the second writer succeeds.
    ledger.ok(["spend", "p1", "1", "--purpose", "并发的第二个写入者"]);
    assert_eq!(ledger.head().0, BASE_EVENTS + lines + 1);
}

#[test]
fn many_writers_at_once_with_retries_lose_nothing() {
    let ledger = TestLedger::with_base();
    let (writers, each) = (6u64, 5u64);
    let path = ledger.path.clone();
    let handles: Vec<_> = (0..writers)
        .map(|w| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut rng = Rng::new(crate::support::seed(0xC0C0 + w));
                let (mut seqs, mut refusals) = (Vec::new(), 0u64);
                for i in 0..each {
                    loop {
                        let out = jixiao_command(&path)
                            .args(["spend", "p1", "1.01", "--purpose"])
                            .arg(format!("写入者 {w} 第 {i} 笔"))
                            .output()
                            .expect("spend runs");
                        let run = Run::from_output(out);
                        run.assert_orderly("concurrent spend");
                        if run.code == Some(0) {
                            let last = run.stdout.trim_end().lines().last().unwrap_or_default();
                            let seq = last.split_whitespace().nth(1).expect("seq");
                            seqs.push(seq.parse::<u64>().expect("seq number"));
                            break;
                        }
                        assert!(run.stderr.contains(IN_USE), "{}", run.stderr);
                        refusals += 1;
                        std::thread::sleep(Duration::from_millis(5 + rng.below(40)));
                    }
                }
                (seqs, refusals)
            })
        })
        .collect();
    let mut all = Vec::new();
    let mut refusals = 0;
    for h in handles {
        let (seqs, r) = h.join().expect("writer thread");
        all.extend(seqs);
        refusals += r;
    }
    all.sort_unstable();
    let expected: Vec<u64> = (BASE_EVENTS + 1..=BASE_EVENTS + writers * each).collect();
    assert_eq!(all, expected, "every acknowledged spend has its own seq");
    assert_eq!(ledger.head().0, BASE_EVENTS + writers * each);
    eprintln!("concurrent: {writers} writers × {each} spends, {refusals} refusals retried");
}
