//! Issue 12, input 5: a commit written into `jixiao-journal` by hand. Its chain and hashes
//! are right (anyone can compute BLAKE3), so only the rules can stop it: on open the journal
//! is judged as an append is, the commit is refused naming its seq (`verify` exits 1 naming
//! it), nothing of it is applied, the journal is kept so that every open refuses it again,
//! and the ledger stays at the last good head.

use jixiao::event::hash::{event_hash, from_hex};
use jixiao::event::{Envelope, EventData, Hash32};
use jixiao::ids::ProjectId;
use jixiao::store::{encode_record, JOURNAL_FILE};
use jixiao::time::{parse_instant, Day};
use serde_json::{json, Value};

use crate::support::{copy_dir, run_in, TestLedger, BASE_EVENTS};

/// One hand-made event of project p1 (or another), sealed: its hash and canonical bytes.
struct Forged {
    kind: &'static str,
    project: &'static str,
    recorded_at: &'static str,
    actor: &'static str,
    data: Value,
}

impl Forged {
    fn seal(&self, seq: u64, prev: Hash32, project_prev: Hash32) -> (Hash32, Vec<u8>) {
        let env = Envelope {
            seq,
            recorded_at: parse_instant(self.recorded_at).unwrap(),
            effective: Day::parse("2023-06-01").unwrap(),
            actor: self.actor.into(),
            project: ProjectId::new(self.project).unwrap(),
            data: EventData::parse(self.kind, &self.data.to_string()).unwrap(),
            prev,
            id: None,
            // Format 2: the previous event of the same project (the base is all p1).
            project_prev: Some(project_prev),
            signed: None,
        };
        let bytes = env.canonical_bytes();
        (event_hash(&bytes), bytes)
    }
}

/// A disbursement of p1; the base events were recorded at `support::NOW`, 2024-03-01 02:00Z.
fn spend(amount: &str, purpose: &str, recorded_at: &'static str) -> Forged {
    Forged {
        kind: "funds.disbursed",
        project: "p1",
        recorded_at,
        actor: "the finance bureau",
        data: json!({"amount": amount, "purpose": purpose}),
    }
}

/// A journal commit as `store::journal` writes one: `JXJ1`, first seq, length, CRC-32, records.
fn commit(first_seq: u64, records: &[(Hash32, Vec<u8>)]) -> Vec<u8> {
    let body: Vec<u8> = records
        .iter()
        .flat_map(|(h, b)| encode_record(h, b))
        .collect();
    let mut out = b"JXJ1".to_vec();
    out.extend_from_slice(&first_seq.to_le_bytes());
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(&body).to_le_bytes());
    out.extend_from_slice(&body);
    out
}

/// The journal for `commits` (each a list of events) continuing the chain at `head`.
fn journal(head: (u64, Hash32), commits: &[Vec<Forged>]) -> Vec<u8> {
    let (mut seq, mut prev) = head;
    let mut project_heads = std::collections::HashMap::from([("p1", head.1)]);
    let mut out = Vec::new();
    for events in commits {
        let first = seq + 1;
        let records: Vec<_> = events
            .iter()
            .map(|e| {
                seq += 1;
                let last = project_heads.get(e.project).copied().unwrap_or([0; 32]);
                let sealed = e.seal(seq, prev, last);
                prev = sealed.0;
                project_heads.insert(e.project, sealed.0);
                sealed
            })
            .collect();
        out.extend(commit(first, &records));
    }
    out
}

const EARLIER: &str = "2024-02-01T00:00:00Z";
const IN_ORDER: &str = "2024-03-02T00:00:00Z";

struct Case {
    name: &'static str,
    commits: Vec<Vec<Forged>>,
    /// The seq refused, and what the message must say.
    refused: u64,
    expect: &'static [&'static str],
    /// The head the ledger stays at.
    stays_at: u64,
}

fn cases() -> Vec<Case> {
    let s7 = BASE_EVENTS + 1;
    vec![
        Case {
            name: "9999万 by the finance bureau, recorded before the event before it",
            commits: vec![vec![spend("9999万", "拨付", EARLIER)]],
            refused: s7,
            expect: &[
                "recorded-in-order",
                "2024-02-01T00:00:00.000Z",
                "the ledger stays at seq 6",
            ],
            stays_at: BASE_EVENTS,
        },
        Case {
            name: "9999万 recorded in order",
            commits: vec![vec![spend("9999万", "拨付", IN_ORDER)]],
            refused: s7,
            expect: &["spending-within-arrived", "99,990,000.00元"],
            stays_at: BASE_EVENTS,
        },
        Case {
            name: "a small disbursement recorded earlier",
            commits: vec![vec![spend("1", "x", EARLIER)]],
            refused: s7,
            expect: &["recorded-in-order"],
            stays_at: BASE_EVENTS,
        },
        Case {
            name: "control characters in the purpose",
            commits: vec![vec![spend("1", "付款\u{1b}[3A\u{1b}[2K", IN_ORDER)]],
            refused: s7,
            expect: &["text-no-control", "data.purpose", "U+001B"],
            stays_at: BASE_EVENTS,
        },
        Case {
            name: "a project id with a right-to-left override",
            commits: vec![vec![Forged {
                project: "p\u{202E}1",
                ..spend("1", "x", IN_ORDER)
            }]],
            refused: s7,
            expect: &["field project", "U+202E"],
            stays_at: BASE_EVENTS,
        },
        Case {
            name: "an unregistered project",
            commits: vec![vec![Forged {
                project: "p9",
                ..spend("1", "x", IN_ORDER)
            }]],
            refused: s7,
            expect: &["unknown-project"],
            stays_at: BASE_EVENTS,
        },
        Case {
            name: "a weight of 1000",
            commits: vec![vec![Forged {
                kind: "indicator.defined",
                data: json!({"id": "i2", "level1": "产出指标", "level2": "数量指标", "name": "n", "target": "≥1", "weight": "1000"}),
                ..spend("1", "x", IN_ORDER)
            }]],
            refused: s7,
            expect: &["weight-at-most-100"],
            stays_at: BASE_EVENTS,
        },
        Case {
            name: "the second event of a commit: nothing of the commit is applied",
            commits: vec![vec![
                spend("1", "x", IN_ORDER),
                spend("9999万", "拨付", IN_ORDER),
            ]],
            refused: s7 + 1,
            expect: &["seqs 7..=8", "spending-within-arrived"],
            stays_at: BASE_EVENTS,
        },
        Case {
            name: "a good commit, then a forged one: the good one is applied",
            commits: vec![
                vec![spend("1", "x", IN_ORDER)],
                vec![spend("9999万", "拨付", IN_ORDER)],
            ],
            refused: s7 + 1,
            expect: &["spending-within-arrived", "the ledger stays at seq 7"],
            stays_at: s7,
        },
    ]
}

#[test]
fn a_hand_written_journal_commit_is_judged_like_an_append() {
    let base = TestLedger::with_base();
    let (seq, hex) = base.head();
    let head = (seq, from_hex(&hex).unwrap());
    for (n, case) in cases().iter().enumerate() {
        let dir = base.dir().join(format!("forged-{n}"));
        copy_dir(&base.path, &dir);
        let forged = journal(head, &case.commits);
        std::fs::write(dir.join(JOURNAL_FILE), &forged).unwrap();
        let at = format!("seq {}", case.refused);
        // Every open refuses it (a read command: exit 2; verify: exit 1), naming the seq.
        for _ in 0..2 {
            let state = run_in(&dir, ["state", "p1"]);
            state.assert_orderly(case.name);
            assert_eq!(state.code, Some(2), "{}: {}", case.name, state.stdout);
            for part in case.expect.iter().chain([&at.as_str(), &"journal"]) {
                assert!(
                    state.stderr.contains(part),
                    "{}: missing {part:?} in {}",
                    case.name,
                    state.stderr
                );
            }
            let verify = run_in(&dir, ["verify"]);
            assert_eq!(verify.code, Some(1), "{}: {}", case.name, verify.stdout);
            assert!(
                verify
                    .stderr
                    .contains(&format!("verification failed at {at}")),
                "{}: {}",
                case.name,
                verify.stderr
            );
        }
        assert_eq!(
            std::fs::read(dir.join(JOURNAL_FILE)).unwrap(),
            forged,
            "{}: the journal is kept",
            case.name
        );
        // Moved aside, the ledger opens at the last good head with nothing of the forgery.
        std::fs::remove_file(dir.join(JOURNAL_FILE)).unwrap();
        let ok = run_in(&dir, ["verify"]);
        ok.assert_ok(case.name);
        let verified = format!(
            "ok: {} events verified, head seq {} ",
            case.stays_at, case.stays_at
        );
        assert!(
            ok.stdout.starts_with(&verified),
            "{}: {}",
            case.name,
            ok.stdout
        );
        let export = run_in(&dir, ["export"]).stdout;
        assert!(!export.contains("99990000.00"), "{}: {export}", case.name);
        if case.stays_at == BASE_EVENTS {
            assert_eq!(export, base.run(["export"]).stdout, "{}", case.name);
        }
    }
}

/// The same forgery in an export (seq 7 recorded before seq 6): the chain and hashes are
/// right, and `verify --export` fails at seq 7 because `recorded_at` goes backwards.
#[test]
fn an_export_whose_recorded_at_goes_backwards_fails_naming_the_seq() {
    let base = TestLedger::with_base();
    let (seq, hex) = base.head();
    let (hash, bytes) =
        spend("1", "x", EARLIER).seal(seq + 1, from_hex(&hex).unwrap(), from_hex(&hex).unwrap());
    let mut export = base.export();
    export.extend(jixiao::event::envelope::export_line(&bytes, &hash));
    export.push(b'\n');
    let file = base.dir().join("forged.jsonl");
    std::fs::write(&file, &export).unwrap();
    let out = base.run([
        std::ffi::OsStr::new("verify"),
        "--export".as_ref(),
        file.as_os_str(),
    ]);
    assert_eq!(out.code, Some(1), "{}", out.stdout);
    for part in [
        "at seq 7",
        "recorded-in-order",
        "2024-02-01T00:00:00.000Z",
        "seq 6 at 2024-03-01T02:00:00.000Z",
    ] {
        assert!(
            out.stderr.contains(part),
            "missing {part:?} in {}",
            out.stderr
        );
    }
}
