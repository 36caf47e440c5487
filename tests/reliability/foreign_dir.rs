//! Issue 12, input 7: never touch what is not ours. A command pointed at a directory that is
//! not a jixiao ledger (another program's `db` file, a sled database of someone else's, an
//! empty or missing directory) writes nothing there and exits 2 saying so; `init` refuses a
//! non-empty directory that is not a ledger, naming what is in it.

use std::path::Path;

use jixiao::store::{HEAD_FILE, JOURNAL_FILE};

use crate::support::{copy_dir, run_in, TestLedger};

/// Every file under `dir` with its bytes, or None when `dir` does not exist.
fn contents(dir: &Path) -> Option<Vec<(String, Vec<u8>)>> {
    if !dir.exists() {
        return None;
    }
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                out.push((
                    path.strip_prefix(dir).unwrap().display().to_string() + "/",
                    vec![],
                ));
                pending.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.push((path.strip_prefix(dir).unwrap().display().to_string(), bytes));
            }
        }
    }
    out.sort();
    Some(out)
}

const COMMANDS: &[&[&str]] = &[
    &["state", "x"],
    &["log"],
    &["show", "1"],
    &["export"],
    &["verify"],
    &["history", "x"],
    &["projects"],
    &["score", "x"],
    &["audit", "x"],
    &["report", "x"],
    &["spend", "x", "1", "--purpose", "p"],
    &["import", "-"],
];

#[test]
fn commands_on_a_directory_that_is_not_a_ledger_write_nothing() {
    let base = TestLedger::with_base();
    let root = base.dir();
    // Another program's data in a file named like sled's log.
    let other = root.join("other-program");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("db"), b"PRAGMA: another program's database\n").unwrap();
    // Someone else's sled database: sled's files, none of jixiao's.
    let sled_db = root.join("someone-elses-sled");
    copy_dir(&base.path, &sled_db);
    std::fs::remove_file(sled_db.join(HEAD_FILE)).unwrap();
    std::fs::remove_file(sled_db.join(JOURNAL_FILE)).unwrap();
    let empty = root.join("empty");
    std::fs::create_dir(&empty).unwrap();
    let missing = root.join("missing");
    let dirs: [(&Path, &[&str]); 4] = [
        (
            &other,
            &[
                "不是 jixiao 账本",
                "not a jixiao ledger",
                "\"db\"",
                "Nothing was written",
            ],
        ),
        (&sled_db, &["not a jixiao ledger", "\"conf\"", "\"db\""]),
        (&empty, &["no ledger", "jixiao init"]),
        (&missing, &["no ledger", "jixiao init"]),
    ];
    for (dir, expect) in dirs {
        let before = contents(dir);
        for args in COMMANDS {
            let out = run_in(dir, *args);
            out.assert_orderly(&format!("{args:?} on {}", dir.display()));
            assert_eq!(
                out.code,
                Some(2),
                "{args:?} on {}: {}",
                dir.display(),
                out.stdout
            );
            for part in expect {
                assert!(
                    out.stderr.contains(part),
                    "{args:?} on {}: missing {part:?} in {}",
                    dir.display(),
                    out.stderr
                );
            }
            assert_eq!(contents(dir), before, "{args:?} wrote to {}", dir.display());
        }
    }
}

#[test]
fn init_refuses_a_non_empty_directory_that_is_not_a_ledger() {
    let base = TestLedger::new();
    let other = base.dir().join("other-program");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("db"), b"another program's data").unwrap();
    std::fs::write(other.join("notes.txt"), b"keep me").unwrap();
    let before = contents(&other);
    let out = run_in(&other, ["init"]);
    assert_eq!(out.code, Some(2), "{}", out.stdout);
    for part in [
        "不是空目录",
        "\"db\"",
        "\"notes.txt\"",
        "Nothing was written",
    ] {
        assert!(
            out.stderr.contains(part),
            "missing {part:?} in {}",
            out.stderr
        );
    }
    assert_eq!(
        contents(&other),
        before,
        "init wrote into another program's directory"
    );
    // An existing ledger is named as one; an empty directory takes a new ledger.
    let again = base.run(["init"]);
    assert_eq!(again.code, Some(2));
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    let empty = base.dir().join("empty");
    std::fs::create_dir(&empty).unwrap();
    run_in(&empty, ["init"]).assert_ok("init in an empty directory");
    run_in(&empty, ["verify"]).assert_ok("the new ledger verifies");
}
