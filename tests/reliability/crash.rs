//! Crash safety: `jixiao import` of a large file, and a loop of single `jixiao spend`
//! commands, are killed with SIGKILL at seeded random moments. After every kill the ledger
//! must open, `verify` must pass, the import must be all or nothing, and every `spend` that
//! printed its seq must be there with that hash.
//!
//! Default: 50 kill points (10 in imports of 55,000 lines, over three store chunks, and
//! 40 in the loop). Larger: `JIXIAO_CRASH_KILLS=500 JIXIAO_CRASH_LINES=200000`.

use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::support::{
    copy_dir, env_u64, jixiao_command, line, parse_verified_head, run_in, seed, shown_hash,
    Between, Rng, Run, TestLedger,
};

const PROJECTS: [&str; 4] = ["crash-a", "crash-b", "crash-c", "crash-d"];
const LOOP_PROJECT: &str = "crash-loop";

/// Registers the projects; the loop project gets money for any number of 1元 spends.
fn setup_lines() -> String {
    let mut out = Vec::new();
    for p in PROJECTS.iter().chain([&LOOP_PROJECT]) {
        out.push(line(
            "project.registered",
            p,
            "2023-01-01",
            json!({"name": format!("崩溃测试项目 {p}"), "department": "测试局", "year": 2023}),
        ));
    }
    out.push(line(
        "budget.allocated",
        LOOP_PROJECT,
        "2023-01-01",
        json!({"amount": "1亿"}),
    ));
    out.push(line(
        "funds.arrived",
        LOOP_PROJECT,
        "2023-01-02",
        json!({"amount": "1亿元"}),
    ));
    out.join("\n") + "\n"
}

/// An import that stays valid however often it has been imported before: each run adds
/// 1000万 of budget per project before the arrivals (100元) and disbursements (99.99元)
/// that follow it, and disbursements never outrun the arrivals before them.
fn big_import(lines: usize) -> String {
    let mut out = String::with_capacity(lines * 200);
    for p in PROJECTS {
        out.push_str(&line(
            "budget.allocated",
            p,
            "2023-01-05",
            json!({"amount": "1000万", "source": "追加"}),
        ));
        out.push('\n');
    }
    for i in 0..lines.saturating_sub(PROJECTS.len()) {
        let p = PROJECTS[(i / 2) % PROJECTS.len()];
        let text = match i % 2 {
            0 => line(
                "funds.arrived",
                p,
                "2023-03-01",
                json!({"amount": "100.00", "doc": format!("到位通知 {i}")}),
            ),
            _ => line(
                "funds.disbursed",
                p,
                "2023-03-02",
                json!({"amount": "99.99", "purpose": format!("专利资助 第{i}笔"), "voucher": format!("记-{i}")}),
            ),
        };
        out.push_str(&text);
        out.push('\n');
    }
    out
}

#[derive(Debug, Clone, Copy)]
enum Round {
    Import,
    /// The same import with a last line that breaks a rule: it fails after a chunk was
    /// written, so the kill can land in the removal of that chunk.
    FailingImport,
    SpendLoop,
}

/// When an import is killed: seconds after it started, or after its first chunk was seen
/// in the files.
#[derive(Debug, Clone, Copy)]
enum KillAt {
    Time(f64),
    AfterFirstWrite(f64),
}

/// Whether the store holds events past its head after a kill; a store sled refuses to open
/// fails the test (the ledger is kept for analysis). sled 0.34.7 used to refuse about one
/// killed ledger in 50–500: an unfinished `snap.*.generating` it picked as its newest
/// snapshot (`Store::open` removes those first). Since then 1,300 kill points in strict runs
/// saw no refusal, so none is tolerated.
fn opened(outcome: Result<bool, String>) -> bool {
    outcome.unwrap_or_else(|e| panic!("{e}"))
}

#[derive(Default, Debug)]
struct Tally {
    kills: u64,
    imports_rolled_back: u64,
    imports_complete: u64,
    /// Kill points after which events past the head were on disk (recovery removed them).
    left_past_head: u64,
    spends_acknowledged: u64,
    spends_unacknowledged_but_stored: u64,
}

#[test]
fn sigkill_at_random_moments_loses_nothing_acknowledged() {
    let kills = env_u64("JIXIAO_CRASH_KILLS", 50);
    let lines = env_u64("JIXIAO_CRASH_LINES", 55_000) as usize;
    let mut rng = Rng::new(seed(0xC4A5));
    let ledger = TestLedger::new();
    ledger.import_text(&setup_lines()).assert_ok("setup import");
    let base = ledger.dir().join("base-copy");
    copy_dir(&ledger.path, &base);
    let base_head = ledger.head();
    let good = ledger.dir().join("big.jsonl");
    std::fs::write(&good, big_import(lines)).expect("write big import");
    let import_bytes = std::fs::metadata(&good).expect("import file").len();
    let failing = ledger.dir().join("big-failing.jsonl");
    let bad_last = line(
        "funds.disbursed",
        PROJECTS[0],
        "2023-12-31",
        json!({"amount": "9000亿", "purpose": "超支"}),
    );
    std::fs::write(&failing, big_import(lines) + &bad_last + "\n").expect("write failing import");

    // Calibration: one uninterrupted import gives the time scale and checks the all case.
    let started = Instant::now();
    let run = ledger.ok([Path::new("import"), &good]);
    // The time scale of an import; lowered whenever one finishes sooner (the machine is
    // shared, and a slow calibration would put every kill after the end).
    let mut full = started.elapsed();
    let expected = format!("imported {lines} events: seq {}–", base_head.0 + 1);
    assert!(run.stdout.starts_with(&expected), "{}", run.stdout);
    reset(&ledger.path, &base);

    let mut tally = Tally::default();
    let mut old = ledger.head();
    for k in 0..kills {
        let round = match k % 20 {
            16 => Round::FailingImport,
            1 | 6 | 11 => Round::Import,
            _ => Round::SpendLoop,
        };
        let head = match round {
            Round::Import | Round::FailingImport => {
                let file = if let Round::Import = round {
                    &good
                } else {
                    &failing
                };
                // Either at a time on the import's scale (a quarter anywhere, the rest near
                // the end, where chunks are written and the head is committed), or soon after
                // the first chunk reached the files (they grew), before the head moves.
                let scale = full.as_secs_f64();
                let kill = match (k / 5) % 2 {
                    0 if rng.below(4) == 0 => KillAt::Time(rng.between_f64(0.0, 1.05 * scale)),
                    0 => KillAt::Time(rng.between_f64(0.85 * scale, 1.05 * scale)),
                    _ => KillAt::AfterFirstWrite(rng.between_f64(0.0, 0.15 * scale)),
                };
                let files_before = dir_bytes(&ledger.path);
                let child = jixiao_command(&ledger.path)
                    .arg("import")
                    .arg(file)
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("spawn import");
                let started = Instant::now();
                let run = match kill {
                    KillAt::Time(at) => kill_after(child, Duration::from_secs_f64(at)),
                    KillAt::AfterFirstWrite(at) => {
                        let grown = || dir_bytes(&ledger.path) > files_before + (4 << 20);
                        kill_after_written(child, grown, Duration::from_secs_f64(at))
                    }
                };
                let at = kill;
                if run.code == Some(0) {
                    full = full.min(started.elapsed());
                }
                let past = opened(stored_past_head(&ledger.path));
                tally.left_past_head += u64::from(past);
                let head = check_opens_and_verifies(&ledger.path, &old, &run);
                match round {
                    Round::Import if head.0 == old.0 + lines as u64 => tally.imports_complete += 1,
                    _ if head.0 == old.0 => tally.imports_rolled_back += 1,
                    _ => panic!(
                        "kill point {k} ({round:?} at {at:?}): head moved from {} to {}, \
                         neither none nor all of {lines} lines\n{}",
                        old.0, head.0, run.stderr
                    ),
                }
                head
            }
            Round::SpendLoop => {
                let at = rng.between_f64(0.02, 0.5);
                let (acked, run) = spend_loop(&ledger.path, Duration::from_secs_f64(at));
                let past = opened(stored_past_head(&ledger.path));
                tally.left_past_head += u64::from(past);
                let head = check_opens_and_verifies(&ledger.path, &old, &run);
                let seq = head.0;
                let stored = stored_hashes(&ledger.path);
                for (acked_seq, hash) in &acked {
                    assert_eq!(
                        stored.get(acked_seq),
                        Some(hash),
                        "kill point {k}: seq {acked_seq} was acknowledged with hash {hash}"
                    );
                }
                let last_acked = acked.last().map_or(old.0, |(s, _)| *s);
                assert!(
                    seq == last_acked || seq == last_acked + 1,
                    "kill point {k}: head {seq}, last acknowledged {last_acked}: at most the \
                     command in flight may be stored without its acknowledgement"
                );
                tally.spends_acknowledged += acked.len() as u64;
                tally.spends_unacknowledged_but_stored += seq - last_acked;
                head
            }
        };
        tally.kills += 1;
        old = head;
        // A completed import makes verify slow, and so do killed ones: sled reclaims the
        // space they wrote only lazily, and verify scans the files.
        if old.0 > base_head.0 + 1_000 || dir_bytes(&ledger.path) > 4 * import_bytes {
            reset(&ledger.path, &base);
            old = base_head.clone();
        }
    }
    let export = ledger.dir().join("final.jsonl");
    ledger.ok([Path::new("export"), Path::new("--out"), &export]);
    ledger.ok([Path::new("verify"), Path::new("--export"), &export]);
    eprintln!("crash: {lines}-line import (fastest uninterrupted {full:.2?}); {tally:?}");
    assert!(tally.kills >= kills);
}

fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| {
            let e = e.expect("dir entry");
            match e.file_type().expect("file type").is_dir() {
                true => dir_bytes(&e.path()),
                false => e.metadata().expect("metadata").len(),
            }
        })
        .sum()
}

/// Replaces the ledger with the copy taken after setup, so `verify` stays quick.
fn reset(ledger: &Path, base: &Path) {
    std::fs::remove_dir_all(ledger).expect("remove ledger");
    copy_dir(base, ledger);
}

/// SIGKILLs the child after `at` unless it ended before; waits for it either way.
fn kill_after(mut child: Child, at: Duration) -> Run {
    let deadline = Instant::now() + at;
    while Instant::now() < deadline {
        if child.try_wait().expect("try_wait").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let _ = child.kill();
    Run::from_output(child.wait_with_output().expect("wait for import"))
}

/// SIGKILLs the child `extra` after `written()` first holds (or when it ends by itself).
fn kill_after_written(mut child: Child, written: impl Fn() -> bool, extra: Duration) -> Run {
    loop {
        if child.try_wait().expect("try_wait").is_some() {
            return Run::from_output(child.wait_with_output().expect("wait for import"));
        }
        if written() {
            return kill_after(child, extra);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// After a kill: the ledger opens (recovering), verifies, and still holds the old head.
fn check_opens_and_verifies(ledger: &Path, old: &(u64, String), killed: &Run) -> (u64, String) {
    let verify = run_in(ledger, ["verify"]);
    verify.assert_orderly("verify after a kill");
    assert_eq!(
        verify.code,
        Some(0),
        "verify after a kill failed: {}\nthe killed command said: {}",
        verify.stderr,
        killed.stderr
    );
    let head = parse_verified_head(&verify.stdout);
    assert!(
        head.0 >= old.0,
        "head went back from {} to {}",
        old.0,
        head.0
    );
    if old.0 > 0 {
        let shown = run_in(ledger, ["show".to_string(), old.0.to_string()]);
        assert_eq!(
            shown_hash(&shown.stdout).as_deref(),
            Some(old.1.as_str()),
            "the event at the old head changed"
        );
    }
    head
}

/// Runs `jixiao spend` again and again until `at`, then SIGKILLs the one in flight.
/// Returns the (seq, hash) each finished command printed.
fn spend_loop(ledger: &Path, at: Duration) -> (Vec<(u64, String)>, Run) {
    let current: Arc<Mutex<Option<Child>>> = Arc::new(Mutex::new(None));
    let stop = Arc::new(AtomicBool::new(false));
    let worker = {
        let (current, stop, ledger) = (current.clone(), stop.clone(), ledger.to_path_buf());
        std::thread::spawn(move || {
            let mut acked = Vec::new();
            let mut last = Run::from_output(std::process::Output {
                status: Default::default(),
                stdout: Vec::new(),
                stderr: Vec::new(),
            });
            for i in 0u64.. {
                {
                    let mut slot = current.lock().expect("lock");
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let child = jixiao_command(&ledger)
                        .args(["spend", LOOP_PROJECT, "1", "--purpose"])
                        .arg(format!("崩溃循环 {i}"))
                        .stdout(Stdio::piped())
                        .stderr(Stdio::piped())
                        .spawn()
                        .expect("spawn spend");
                    *slot = Some(child);
                }
                // Reaped under the lock, so the killer never signals a recycled pid.
                loop {
                    let mut slot = current.lock().expect("lock");
                    let child = slot.as_mut().expect("child in flight");
                    if child.try_wait().expect("try_wait").is_some() {
                        let out = slot.take().expect("child").wait_with_output();
                        last = Run::from_output(out.expect("spend output"));
                        break;
                    }
                    drop(slot);
                    std::thread::sleep(Duration::from_millis(1));
                }
                let printed = last.stdout.lines().find_map(parse_ack);
                match printed {
                    Some(ack) => acked.push(ack),
                    None if last.code.is_none() => break,
                    None => panic!("spend failed without being killed: {}", last.stderr),
                }
            }
            (acked, last)
        })
    };
    std::thread::sleep(at);
    {
        let mut slot = current.lock().expect("lock");
        stop.store(true, Ordering::SeqCst);
        if let Some(child) = slot.as_mut() {
            let _ = child.kill();
        }
    }
    worker.join().expect("spend loop thread")
}

/// seq → hash of every stored event, from `jixiao export`.
fn stored_hashes(ledger: &Path) -> std::collections::BTreeMap<u64, String> {
    let export = run_in(ledger, ["export"]);
    export.assert_ok("export after a kill");
    export
        .stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("export line");
            let seq = v["seq"].as_u64().expect("seq");
            (seq, v["hash"].as_str().expect("hash").to_string())
        })
        .collect()
}

/// `seq N  hash H` as a recording command prints it.
fn parse_ack(text: &str) -> Option<(u64, String)> {
    let (seq, hash) = text.strip_prefix("seq ")?.split_once("  hash ")?;
    (hash.len() == 64).then_some(())?;
    Some((seq.parse().ok()?, hash.to_string()))
}

/// Whether the (closed) store holds events past its head, i.e. an interrupted write that
/// recovery on open will remove. Read with sled directly, before jixiao opens it.
fn stored_past_head(ledger: &Path) -> Result<bool, String> {
    // What `Store::open` does first: a snapshot sled did not finish (`snap.*.generating`,
    // left by the kill) is not one sled can read, though sled 0.34.7 would pick it.
    jixiao::store::remove_unfinished_snapshots(ledger).map_err(|e| e.to_string())?;
    let db = match sled::Config::new().path(ledger).open() {
        Ok(db) => db,
        Err(e) => {
            let verify = run_in(ledger, ["verify"]);
            let keep = std::env::temp_dir().join(format!(
                "jixiao-crash-unopenable-{}-{}",
                std::process::id(),
                SystemTimeStamp::now()
            ));
            copy_dir(ledger, &keep);
            return Err(format!(
                "sled 0.34.7 cannot open the ledger after the kill: {e:?} (kept in {}; \
                 see spacejam/sled#1509)\njixiao verify: exit {:?} {}{}",
                keep.display(),
                verify.code,
                verify.stdout,
                verify.stderr
            ));
        }
    };
    let head = db
        .open_tree("meta")
        .expect("meta")
        .get("head")
        .expect("read head")
        .map_or(0, |v| {
            u64::from_be_bytes(v[..8].try_into().expect("8 bytes"))
        });
    let blocks = db.open_tree("blocks").expect("blocks");
    let Some((key, value)) = blocks.last().expect("last block") else {
        return Ok(false);
    };
    let first = u64::from_be_bytes(key.as_ref().try_into().expect("8-byte key"));
    let records = jixiao::store::decode_block(first, &value).expect("block decodes");
    Ok(first + records.len() as u64 - 1 > head)
}

/// Nanoseconds since the epoch, to name a kept directory (never used as a test's clock).
struct SystemTimeStamp;

impl SystemTimeStamp {
    fn now() -> u128 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    }
}
