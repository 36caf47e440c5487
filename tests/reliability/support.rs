//! Shared by the reliability modules: a ledger in a temp directory driven through the
//! binary, a seeded random generator, and import-line builders.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{json, Value};

/// The clock every command sees (tests never read the real one).
pub const NOW: &str = "2024-03-01T02:00:00Z";

pub fn jixiao_command(ledger: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_jixiao"));
    c.arg("--ledger")
        .arg(ledger)
        .env("JIXIAO_NOW", NOW)
        .env("JIXIAO_ACTOR", "test/reliability")
        .env_remove("JIXIAO_LEDGER")
        // Messages in English (`--lang en`), the wording these tests were written against;
        // the Chinese default is tested case by case in tests/it/door.rs.
        .env("JIXIAO_LANG", "en")
        .stdin(Stdio::null());
    c
}

/// What one command did.
#[derive(Debug, Clone)]
pub struct Run {
    /// The exit code; `None` if a signal ended the process (a crash, an abort).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn from_output(out: std::process::Output) -> Run {
        Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Never a panic, never death by a signal, only the documented exit codes.
    pub fn assert_orderly(&self, what: &str) -> &Run {
        assert!(
            !self.stderr.contains("panicked"),
            "{what}: panicked\n{}",
            self.stderr
        );
        assert!(
            matches!(self.code, Some(0..=2)),
            "{what}: exit {:?}\n{}",
            self.code,
            self.stderr
        );
        self
    }

    pub fn assert_ok(&self, what: &str) -> &Run {
        self.assert_orderly(what);
        assert_eq!(self.code, Some(0), "{what}: {}", self.stderr);
        self
    }
}

pub fn run_in<I, S>(ledger: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let out = jixiao_command(ledger)
        .args(args)
        .output()
        .expect("the jixiao binary runs");
    Run::from_output(out)
}

/// A ledger in its own temp directory.
pub struct TestLedger {
    dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl TestLedger {
    pub fn new() -> TestLedger {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("ledger");
        let ledger = TestLedger { dir, path };
        ledger.ok(["init"]);
        ledger
    }

    /// A ledger holding `BASE` (project p1 with money, an indicator and a goal).
    pub fn with_base() -> TestLedger {
        let ledger = TestLedger::new();
        ledger.import_text(&base_lines()).assert_ok("base import");
        ledger
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn run<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        run_in(&self.path, args)
    }

    pub fn ok<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let args: Vec<std::ffi::OsString> =
            args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        let r = self.run(&args);
        r.assert_ok(&format!("jixiao {args:?}"));
        r
    }

    /// Writes `bytes` to a file beside the ledger and imports it.
    pub fn import_bytes(&self, name: &str, bytes: &[u8]) -> Run {
        let file = self.dir.path().join(name);
        std::fs::write(&file, bytes).expect("write import file");
        self.run([OsStr::new("import"), file.as_os_str()])
    }

    pub fn import_text(&self, text: &str) -> Run {
        self.import_bytes("input.jsonl", text.as_bytes())
    }

    pub fn export(&self) -> Vec<u8> {
        let out = jixiao_command(&self.path)
            .arg("export")
            .output()
            .expect("export runs");
        assert_eq!(
            out.status.code(),
            Some(0),
            "export: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }

    /// `(seq, hash)` of the head, as `verify` reports it (which also proves the chain).
    pub fn head(&self) -> (u64, String) {
        let r = self.ok(["verify"]);
        parse_verified_head(&r.stdout)
    }
}

/// `ok: N events verified, head seq S HASH` → (S, HASH); `empty` → (0, "").
pub fn parse_verified_head(stdout: &str) -> (u64, String) {
    let Some(rest) = stdout.split("head seq ").nth(1) else {
        assert!(
            stdout.contains("empty"),
            "unexpected verify output {stdout}"
        );
        return (0, String::new());
    };
    let mut parts = rest.split_whitespace();
    let seq = parts.next().and_then(|s| s.parse().ok()).expect("head seq");
    let hash = parts.next().expect("head hash").to_string();
    (seq, hash)
}

/// The `"hash"` member of `jixiao show` output.
pub fn shown_hash(stdout: &str) -> Option<String> {
    let at = stdout.find("\"hash\": \"")? + 9;
    Some(stdout.get(at..at + 64)?.to_string())
}

/// One import line.
pub fn line(kind: &str, project: &str, effective: &str, data: Value) -> String {
    json!({"type": kind, "project": project, "effective": effective, "data": data}).to_string()
}

/// Project p1: registered, 100万 allocated, 50万 arrived, 10万 spent, indicator i1, goal g1.
pub fn base_lines() -> String {
    [
        line(
            "project.registered",
            "p1",
            "2023-01-01",
            json!({"name": "知识产权促进专项工作经费", "department": "湛江市市场监督管理局", "year": 2023}),
        ),
        line(
            "budget.allocated",
            "p1",
            "2023-01-01",
            json!({"amount": "100万", "source": "年初预算"}),
        ),
        line("funds.arrived", "p1", "2023-02-01", json!({"amount": "50万"})),
        line(
            "funds.disbursed",
            "p1",
            "2023-03-01",
            json!({"amount": "10万", "purpose": "专利资助"}),
        ),
        line(
            "indicator.defined",
            "p1",
            "2023-01-01",
            json!({"id": "i1", "level1": "产出指标", "level2": "数量指标", "name": "贯标企业数", "target": "≥8", "unit": "家"}),
        ),
        line(
            "goal.set",
            "p1",
            "2023-01-01",
            json!({"id": "g1", "text": "新增贯标企业 8 家以上"}),
        ),
    ]
    .join("\n")
        + "\n"
}

pub const BASE_EVENTS: u64 = 6;

/// SplitMix64, the library's (`jixiao::rng`), the same sequence on every machine.
pub use jixiao::rng::Rng;

/// A float in `[lo, hi)` from the generator (kill times): the tests' only float.
pub trait Between {
    fn between_f64(&mut self, lo: f64, hi: f64) -> f64;
}

impl Between for Rng {
    fn between_f64(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A count or seed from the environment, or the default run's value.
pub fn env_u64(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) => v
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v:?} is not a number")),
        Err(_) => default,
    }
}

/// The base seed of every randomised test (`JIXIAO_SEED`), mixed with a per-test constant.
pub fn seed(test: u64) -> u64 {
    env_u64("JIXIAO_SEED", 0x6a69_7869_616f) ^ test
}

/// Copies a (closed) ledger directory.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}
