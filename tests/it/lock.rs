//! One writer at a time: a second process (or a second open in this process) gets a clear
//! "in use" error with exit 2, never a panic or a hang.

use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};

use jixiao::ledger::Ledger;
use serde_json::json;

use crate::support::{funded, line, Jx};

#[test]
fn a_ledger_open_in_this_process_is_in_use_for_the_cli() {
    let jx = Jx::new();
    jx.import(&funded("p", "10万", "0"));
    let ledger = Ledger::open(&jx.path()).expect("open");
    for args in [
        &["verify"][..],
        &["log"],
        &["export"],
        &[
            "spend",
            "p",
            "1",
            "--purpose",
            "x",
            "--effective=2023-05-01",
        ],
        &["demo"],
    ] {
        jx.run(args).fails(2, &["in use"]);
    }
    // A second open in the same process is refused too.
    let again = Ledger::open(&jx.path());
    assert!(
        matches!(again, Err(jixiao::store::StoreError::InUse(_))),
        "{:?}",
        again.err()
    );
    drop(ledger);
    jx.run(&["verify"]).ok();
}

#[test]
fn an_import_waiting_on_its_pipe_holds_the_ledger() {
    let jx = Jx::new();
    jx.import(&funded("p", "10万", "0"));
    let mut first = jx
        .cmd()
        .args(["import", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn import");
    let mut pipe = first.stdin.take().expect("stdin");
    pipe.write_all(
        line(
            "goal.set",
            "p",
            "2023-01-01",
            json!({"id": "g1", "text": "目标"}),
        )
        .as_bytes(),
    )
    .unwrap();
    pipe.flush().unwrap();
    // The import opens the ledger before it reads its input; wait until it has.
    wait_until_open(first.id(), &jx.path().join("db"));
    let second = jx.run(&[
        "goal",
        "set",
        "p",
        "g2",
        "另一个目标",
        "--effective=2023-01-01",
    ]);
    let second = second.fails(2, &["in use"]);
    assert!(second.stderr.contains("ledger"), "{}", second.stderr);
    drop(pipe);
    let first = first.wait_with_output().unwrap();
    assert!(first.status.success(), "{first:?}");
    jx.run(&[
        "goal",
        "set",
        "p",
        "g2",
        "另一个目标",
        "--effective=2023-01-01",
    ])
    .ok();
    assert_eq!(jx.len(), 4);
}

/// Waits until process `pid` holds `file` open (Linux `/proc`), then a moment more for sled
/// to take its lock right after opening. Without `/proc` it just waits a while.
fn wait_until_open(pid: u32, file: &std::path::Path) {
    let fds = std::path::PathBuf::from(format!("/proc/{pid}/fd"));
    let deadline = Instant::now() + Duration::from_secs(20);
    while fds.exists() && Instant::now() < deadline {
        let held = std::fs::read_dir(&fds)
            .into_iter()
            .flatten()
            .flatten()
            .any(|fd| std::fs::read_link(fd.path()).is_ok_and(|target| target == file));
        if held {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(300));
}
