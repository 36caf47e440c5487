//! The journal, deterministically: the state a crash leaves between a small commit's
//! journal sync (the acknowledgement) and sled holding it durably. The ledger files of
//! before the append, plus the journal and head file of after it, must open to the
//! acknowledged event; a journal that does not continue the chain must be refused.

use std::path::Path;

use chrono::{TimeZone, Utc};
use jixiao::event::ImportLine;
use jixiao::ledger::Ledger;
use jixiao::store::{HEAD_FILE, JOURNAL_FILE};
use serde_json::json;

use crate::support::{copy_dir, line, run_in, TestLedger, BASE_EVENTS};

/// Appends one disbursement in process; returns the journal and head file as they were
/// right after the acknowledgement, before the ledger was closed.
fn append_and_capture(path: &Path, purpose: &str) -> (Vec<u8>, Vec<u8>) {
    let mut ledger = Ledger::open(path).expect("open");
    let text = line(
        "funds.disbursed",
        "p1",
        "2023-04-01",
        json!({"amount": "1万", "purpose": purpose}),
    );
    let input = ImportLine::parse(&text).map_err(|e| panic!("{}", e.message));
    // The clock of the commands that made the ledger (`support::NOW`): an append whose
    // clock is more than a day behind the last recorded event is refused.
    let at = Utc.with_ymd_and_hms(2024, 3, 1, 2, 0, 0).unwrap();
    ledger
        .append([(1, input)], "clerk", &mut |_| at)
        .expect("append");
    let journal = std::fs::read(path.join(JOURNAL_FILE)).expect("journal");
    let head = std::fs::read(path.join(HEAD_FILE)).expect("head file");
    (journal, head)
}

#[test]
fn an_acknowledged_commit_only_in_the_journal_is_replayed_on_open() {
    let ledger = TestLedger::with_base();
    let before = ledger.dir().join("before");
    copy_dir(&ledger.path, &before);
    let (journal, head) = append_and_capture(&ledger.path, "只在日志里的支付");
    assert!(!journal.is_empty(), "a small append is journaled");
    // Closing checkpointed: at rest the journal is empty.
    assert_eq!(
        std::fs::read(ledger.path.join(JOURNAL_FILE)).unwrap().len(),
        0
    );

    std::fs::write(before.join(JOURNAL_FILE), &journal).unwrap();
    std::fs::write(before.join(HEAD_FILE), &head).unwrap();
    let verify = run_in(&before, ["verify"]);
    verify.assert_ok("verify after replaying the journal");
    assert!(
        verify
            .stdout
            .contains(&format!("{} events verified", BASE_EVENTS + 1)),
        "{}",
        verify.stdout
    );
    let log = run_in(&before, ["log"]);
    assert!(log.stdout.contains("只在日志里的支付"), "{}", log.stdout);
    assert_eq!(
        std::fs::read(before.join(JOURNAL_FILE)).unwrap().len(),
        0,
        "the replay checkpoints"
    );
    // The same bytes as the ledger that never crashed.
    assert_eq!(
        run_in(&before, ["export"]).stdout,
        ledger.run(["export"]).stdout
    );
}

#[test]
fn a_journal_that_does_not_continue_the_chain_is_refused() {
    let ledger = TestLedger::with_base();
    // Another ledger with another history: its commit at the same seq has another prev.
    let other = TestLedger::new();
    let history = crate::support::base_lines().replace("知识产权", "商标品牌");
    other.import_text(&history).assert_ok("other base");
    let stale = ledger.dir().join("stale");
    copy_dir(&ledger.path, &stale);
    let (journal, _) = append_and_capture(&other.path, "别的账本的支付");
    let (_, head) = append_and_capture(&ledger.path, "本账本的支付");
    std::fs::write(stale.join(JOURNAL_FILE), &journal).unwrap();
    std::fs::write(stale.join(HEAD_FILE), &head).unwrap();
    let out = run_in(&stale, ["verify"]);
    out.assert_orderly("a foreign journal");
    assert_ne!(out.code, Some(0), "{}", out.stdout);
    assert!(
        out.stderr.contains(&format!("seq {}", BASE_EVENTS + 1)),
        "names the seq: {}",
        out.stderr
    );
}

#[test]
fn a_journaled_event_other_than_the_acknowledged_one_is_refused() {
    // Two ledgers with the same history; each appends a different seq 7. The journal of one
    // with the head file of the other: the replay continues the chain, but the head file
    // says another event was acknowledged as seq 7.
    let ledger = TestLedger::with_base();
    let twin = TestLedger::with_base();
    let stale = ledger.dir().join("stale");
    copy_dir(&ledger.path, &stale);
    let (journal, _) = append_and_capture(&twin.path, "双胞胎账本的支付");
    let (_, head) = append_and_capture(&ledger.path, "本账本的支付");
    std::fs::write(stale.join(JOURNAL_FILE), &journal).unwrap();
    std::fs::write(stale.join(HEAD_FILE), &head).unwrap();
    let out = run_in(&stale, ["verify"]);
    out.assert_orderly("a twin's journal");
    assert_ne!(out.code, Some(0), "{}", out.stdout);
    assert!(
        out.stderr.contains(&format!("seq {}", BASE_EVENTS + 1)),
        "names the seq: {}",
        out.stderr
    );
}
