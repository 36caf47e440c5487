//! Read-only ledgers: a ledger directory that cannot be written (read-only media, or one
//! made read-only with `chmod -R a-w`), one opened with `--read-only`, and an export file
//! given as `--ledger`. Every read command prints what it prints on the writable ledger and
//! writes nothing; a writing command is refused with exit 2, in Chinese first, and changes
//! nothing; an export that does not verify is refused with exit 1 naming the first bad seq.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::support::{command, Jx, Out, BIN, NOW};

const SAMPLE: &str = "zj-scjg-2023-ip";

/// The sample ledger (`jixiao demo` into a fresh ledger), and the JSON report it wrote.
fn sample() -> (Jx, PathBuf) {
    let jx = Jx::uninit();
    jx.run(&["demo"]).ok();
    let report = jx
        .dir
        .path()
        .join("ledger-reports")
        .join(format!("{SAMPLE}.json"));
    assert!(report.is_file(), "the demo wrote {}", report.display());
    (jx, report)
}

/// Every read command, each as its arguments.
fn reads(report: &Path) -> Vec<Vec<String>> {
    let report = report.display().to_string();
    let commands: &[&[&str]] = &[
        &["verify"],
        &["state", SAMPLE],
        &["state", SAMPLE, "--json", "--as-of", "2023-12-14"],
        &["history", SAMPLE],
        &["projects"],
        &["score", SAMPLE],
        &["audit", SAMPLE],
        &["report", SAMPLE, "--for", "audit"],
        &["verify-report", &report],
        &["log"],
        &["log", "--json", "--project", SAMPLE],
        &["show", "34"],
        &["export"],
    ];
    commands
        .iter()
        .map(|c| c.iter().map(|s| s.to_string()).collect())
        .collect()
}

/// Runs jixiao on the ledger (or export) at `ledger` with `extra` global options.
fn run_on(ledger: &Path, extra: &[&str], args: &[String], lang: &str) -> Out {
    let out = command()
        .env("JIXIAO_LANG", lang)
        .arg("--ledger")
        .arg(ledger)
        .args(extra)
        .args(args)
        .output()
        .expect("run jixiao");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Every file under `dir`: relative path → (bytes, modification time).
fn files(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, std::time::SystemTime)> {
    let mut out = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let meta = std::fs::metadata(&path).expect("metadata");
            let bytes = std::fs::read(&path).expect("read");
            let name = path.strip_prefix(dir).expect("inside").to_path_buf();
            out.insert(name, (bytes, meta.modified().expect("mtime")));
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// `chmod -R a-w` (or `u+w` back, to let the temp dir go).
fn set_writable(dir: &Path, writable: bool) {
    use std::os::unix::fs::PermissionsExt;
    let mut pending = vec![dir.to_path_buf()];
    let mut dirs = Vec::new();
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            match path.is_dir() {
                true => pending.push(path),
                false => {
                    let mode = if writable { 0o644 } else { 0o444 };
                    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode))
                        .expect("chmod");
                }
            }
        }
        dirs.push(d);
    }
    for d in dirs {
        let mode = if writable { 0o755 } else { 0o555 };
        std::fs::set_permissions(&d, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }
}

/// Whether permissions stop this process from writing to `dir` (they do not for root).
fn permissions_bind(dir: &Path) -> bool {
    let probe = dir.join("write-probe");
    match std::fs::write(&probe, b"x") {
        Ok(()) => {
            std::fs::remove_file(&probe).expect("remove probe");
            false
        }
        Err(_) => true,
    }
}

/// Who reads the directory made read-only: this process when its permissions bind it; as
/// root, the user `nobody` (through `setpriv`), whom they do bind; else, where neither
/// works, this process with `--read-only`, which reads the ledger the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reader {
    Myself,
    Nobody,
    Flag,
}

fn reader_for(ro: &Path, tmp: &Path) -> Reader {
    if permissions_bind(ro) {
        return Reader::Myself;
    }
    use std::os::unix::fs::PermissionsExt;
    // nobody must reach the ledger and the report through the temp dir.
    std::fs::set_permissions(tmp, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let probe = std::process::Command::new("setpriv")
        .args([
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            BIN,
            "--version",
        ])
        .output();
    match probe {
        Ok(out) if out.status.success() => Reader::Nobody,
        _ => Reader::Flag,
    }
}

/// Runs jixiao on `ledger` as `reader`.
fn run_as(reader: Reader, ledger: &Path, args: &[String], lang: &str) -> Out {
    if reader != Reader::Nobody {
        let extra: &[&str] = if reader == Reader::Flag {
            &["--read-only"]
        } else {
            &[]
        };
        return run_on(ledger, extra, args, lang);
    }
    let out = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN])
        .env("JIXIAO_NOW", NOW)
        .env_remove("JIXIAO_LEDGER")
        .env_remove("JIXIAO_ACTOR")
        .env_remove("RUST_BACKTRACE")
        .env("JIXIAO_LANG", lang)
        .arg("--ledger")
        .arg(ledger)
        .args(args)
        .output()
        .expect("run jixiao as nobody");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn words(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

/// A writing command on `ledger` is refused, exit 2, saying in Chinese first that the
/// ledger is read-only.
#[track_caller]
fn write_is_refused(reader: Reader, ledger: &Path) {
    let spend = words(&["spend", SAMPLE, "1", "--purpose", "只读测试"]);
    let out = run_as(reader, ledger, &spend, "zh");
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stderr.starts_with("错误："), "{}", out.stderr);
    assert!(out.stderr.contains("只读"), "{}", out.stderr);
    let out = run_as(reader, ledger, &spend, "en");
    assert!(out.stderr.contains("is read-only"), "{}", out.stderr);
    let import = words(&["import", "-"]);
    let out = run_as(reader, ledger, &import, "en");
    assert_eq!(out.code, 2, "{out:#?}");
}

#[test]
fn every_read_command_works_on_a_read_only_directory_and_writes_nothing() {
    let (jx, report) = sample();
    let expected: Vec<Out> = reads(&report)
        .iter()
        .map(|args| run_on(&jx.path(), &[], args, "en"))
        .collect();
    let ro = jx.dir.path().join("read-only-ledger");
    copy_dir(&jx.path(), &ro);
    set_writable(&ro, false);
    let reader = reader_for(&ro, jx.dir.path());
    if reader != Reader::Myself {
        eprintln!("running as root, whom chmod does not stop: reading as {reader:?}");
    }
    let before = files(&ro);
    for (args, want) in reads(&report).iter().zip(&expected) {
        let got = run_as(reader, &ro, args, "en");
        assert_eq!(got.code, 0, "{args:?}: {got:#?}");
        assert_eq!(
            got.stdout, want.stdout,
            "{args:?} prints otherwise read-only"
        );
    }
    write_is_refused(reader, &ro);
    assert!(
        files(&ro) == before,
        "a command wrote to the read-only ledger"
    );
    set_writable(&ro, true);
}

#[test]
fn read_only_flag_on_a_writable_ledger_writes_nothing() {
    let (jx, report) = sample();
    let expected: Vec<Out> = reads(&report)
        .iter()
        .map(|args| run_on(&jx.path(), &[], args, "en"))
        .collect();
    let before = files(&jx.path());
    for (args, want) in reads(&report).iter().zip(&expected) {
        let got = run_on(&jx.path(), &["--read-only"], args, "en");
        assert_eq!((got.code, &got.stdout), (0, &want.stdout), "{args:?}");
    }
    write_is_refused(Reader::Flag, &jx.path());
    assert!(
        files(&jx.path()) == before,
        "--read-only wrote to the ledger"
    );
}

#[test]
fn an_export_file_is_a_read_only_ledger() {
    let (jx, report) = sample();
    let export = jx.dir.path().join("sample-export.jsonl");
    std::fs::write(&export, jx.export()).expect("write export");
    for args in reads(&report) {
        let want = run_on(&jx.path(), &[], &args, "en");
        let got = run_on(&export, &[], &args, "en");
        if args[0] == "report" {
            continue; // the ledger id differs: see below
        }
        // `verify-report` of the ledger's own report (the demo's) passes on the export too:
        // the export holds no ledger id, so it takes the one the report quotes.
        assert_eq!((got.code, &got.stdout), (0, &want.stdout), "{args:?}");
    }
    // A report from the export quotes the export's id (`export-` and seq 1's hash), not the
    // ledger's; everything else is the ledger's report, and it verifies against the export.
    let json = |ledger: &Path| {
        let args = ["report", SAMPLE, "--for", "audit", "--format", "json"].map(String::from);
        let out = run_on(ledger, &[], &args, "en");
        assert_eq!(out.code, 0, "{out:#?}");
        serde_json::from_str::<serde_json::Value>(&out.stdout).expect("json report")
    };
    let (mut from_ledger, mut from_export) = (json(&jx.path()), json(&export));
    let id = from_export["integrity"]["ledger_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(id.starts_with("export-") && id.len() == 23, "{id}");
    for r in [&mut from_ledger, &mut from_export] {
        let integrity = r["integrity"].as_object_mut().unwrap();
        integrity.remove("ledger_id");
        integrity.remove("digest");
    }
    assert_eq!(from_ledger, from_export);
    let file = jx.dir.path().join("from-export.json");
    let report = ["report", SAMPLE, "--format", "json", "--out"].map(String::from);
    let mut args = report.to_vec();
    args.push(file.display().to_string());
    assert_eq!(run_on(&export, &[], &args, "en").code, 0);
    let check = ["verify-report".to_string(), file.display().to_string()];
    let out = run_on(&export, &[], &check, "en");
    assert_eq!(out.code, 0, "{out:#?}");
    // The unit's Markdown and HTML reports (the demo's, made from the ledger) verify against
    // the export too: their integrity marker quotes the ledger id.
    for ext in ["md", "html"] {
        let unit = jx
            .dir
            .path()
            .join("ledger-reports")
            .join(format!("{SAMPLE}.{ext}"));
        let check = ["verify-report".to_string(), unit.display().to_string()];
        let out = run_on(&export, &[], &check, "en");
        assert_eq!(out.code, 0, "{ext}: {out:#?}");
    }
    let before = std::fs::read(&export).unwrap();
    write_is_refused(Reader::Myself, &export);
    assert_eq!(std::fs::read(&export).unwrap(), before);
}

#[test]
fn an_export_that_does_not_verify_is_refused_naming_the_first_bad_seq() {
    let (jx, _) = sample();
    let lines = String::from_utf8(jx.export()).unwrap();
    let mut lines: Vec<String> = lines.lines().map(str::to_string).collect();
    // seq 28's amount altered (its hash no longer matches), and seq 40 unreadable: seq 28
    // is named, the first bad one.
    lines[27] = lines[27].replacen("\"300000.00\"", "\"300001.00\"", 1);
    lines[39] = "not json".into();
    let export = jx.dir.path().join("altered.jsonl");
    std::fs::write(&export, lines.join("\n") + "\n").unwrap();
    for args in [vec!["state", SAMPLE], vec!["log"], vec!["verify"]] {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let out = run_on(&export, &[], &args, "en");
        assert_eq!(out.code, 1, "{args:?}: {out:#?}");
        assert!(out.stderr.contains("seq 28"), "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.contains("hash mismatch"),
            "{args:?}: {}",
            out.stderr
        );
    }
    // Only the unreadable line: named by its seq.
    lines[27] = String::from_utf8(jx.export())
        .unwrap()
        .lines()
        .nth(27)
        .unwrap()
        .to_string();
    std::fs::write(&export, lines.join("\n") + "\n").unwrap();
    let out = run_on(&export, &[], &["state".into(), SAMPLE.into()], "en");
    assert_eq!(out.code, 1, "{out:#?}");
    assert!(out.stderr.contains("seq 40"), "{}", out.stderr);
}

#[test]
fn a_ledger_left_with_commits_in_its_journal_is_not_read_without_writing() {
    let (jx, _) = sample();
    let ro = jx.dir.path().join("unclean");
    copy_dir(&jx.path(), &ro);
    // What a crash between a journal commit and its checkpoint leaves: only an open that
    // can write judges the journal and applies it.
    std::fs::write(ro.join(jixiao::store::JOURNAL_FILE), b"JXJ1 pending").unwrap();
    let before = files(&ro);
    let out = run_on(&ro, &["--read-only"], &words(&["state", SAMPLE]), "en");
    assert_eq!(out.code, 2, "{out:#?}");
    assert!(out.stderr.contains("jixiao-journal"), "{}", out.stderr);
    assert!(out.stderr.contains("not closed cleanly"), "{}", out.stderr);
    assert!(files(&ro) == before);
}
