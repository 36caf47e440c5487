//! Evaluation tests (issues 3, 4 and 10): time travel on the built-in sample, fold properties,
//! fund sources and exact figures, scoring rules on hand-made cases, how targets and actuals
//! are read, level names and weight tables, audit findings, report snapshots and verify-report.
//! Every ledger lives in a temp directory and every clock is injected (`JIXIAO_NOW` for the
//! CLI, a scripted closure for the library); nothing here reads the real clock.

mod engines;
mod escaping;
mod exports;
mod form_import;
mod forms;
mod funds;
mod official_form;
mod print;
mod properties;
mod reading;
mod report;
mod scoring;
mod time_travel;

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Duration, Utc};
use jixiao::event::ImportLine;
use jixiao::ledger::{AppendError, Ledger};
use jixiao::projection::{ProjectState, View};
use serde_json::Value;
use tempfile::TempDir;

/// The built-in sample's project (the seed report's).
pub const SAMPLE: &str = "zj-scjg-2023-ip";

/// The clock for `jixiao demo` (it stamps the sample's events on their effective days; this
/// instant only seeds the ledger id) and for anything recorded after the sample.
pub const DEMO_NOW: &str = "2026-01-01T09:00:00+08:00";

/// What one run of the binary gave.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts exit 0 and returns stdout.
    pub fn ok(self) -> String {
        assert_eq!(self.code, 0, "expected exit 0\n{self}");
        self.stdout
    }

    /// Asserts exit 0 and parses stdout as JSON.
    pub fn json(self) -> Value {
        let out = self.ok();
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{out}"))
    }

    /// Asserts the exit code and returns stderr.
    pub fn fails(self, code: i32) -> String {
        assert_eq!(self.code, code, "expected exit {code}\n{self}");
        self.stderr
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs `jixiao --ledger LEDGER ARGS…` with the injected clock `now` (RFC 3339).
pub fn jixiao(ledger: &Path, now: &str, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .arg("--ledger")
        .arg(ledger)
        .args(args)
        .env("JIXIAO_NOW", now)
        .env("JIXIAO_ACTOR", "eval-test")
        .env_remove("JIXIAO_LEDGER")
        // Messages in English (`--lang en`), the wording these tests were written against;
        // the Chinese default is tested case by case in tests/it/door.rs.
        .env("JIXIAO_LANG", "en")
        .output()
        .expect("the jixiao binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A temp directory holding a ledger with the built-in sample, recorded by `jixiao demo`.
pub struct Sample {
    _dir: TempDir,
    pub ledger: PathBuf,
}

impl Sample {
    pub fn demo() -> Sample {
        let dir = tempfile::tempdir().expect("temp dir");
        let ledger = dir.path().join("ledger");
        let out = jixiao(&ledger, DEMO_NOW, &["demo"]).ok();
        assert!(out.contains("recorded 65 events"), "{out}");
        Sample { _dir: dir, ledger }
    }

    /// Runs a command on the sample's ledger at `DEMO_NOW`.
    pub fn run(&self, args: &[&str]) -> Run {
        jixiao(&self.ledger, DEMO_NOW, args)
    }

    /// Runs a command on the sample's ledger at another instant (to record later).
    pub fn run_at(&self, now: &str, args: &[&str]) -> Run {
        jixiao(&self.ledger, now, args)
    }

    /// Where the demo wrote its md / html / json reports.
    pub fn demo_report(&self, extension: &str) -> PathBuf {
        self.ledger
            .with_file_name("ledger-reports")
            .join(format!("{SAMPLE}.{extension}"))
    }

    /// A path in the temp directory for files a test writes.
    pub fn file(&self, name: &str) -> PathBuf {
        self.ledger.with_file_name(name)
    }

    /// The ledger's head seq, read through the library (the CLI process has exited).
    pub fn head_seq(&self) -> u64 {
        head_seq(&self.ledger)
    }
}

pub fn head_seq(ledger: &Path) -> u64 {
    Ledger::open(ledger)
        .expect("ledger opens")
        .head()
        .map_or(0, |h| h.seq)
}

/// The first instant a scripted library clock hands out.
pub fn clock_start() -> DateTime<Utc> {
    "2024-01-01T00:00:00Z".parse().expect("valid instant")
}

/// Appends import lines (JSON values) as one batch, one minute apart from `clock_start`.
pub fn append_lines(ledger: &mut Ledger, lines: &[Value]) -> Result<(), AppendError> {
    let inputs: Vec<_> = lines
        .iter()
        .enumerate()
        .map(|(i, v)| (i + 1, ImportLine::parse(&v.to_string())))
        .collect();
    let mut minute = 0;
    let mut clock = |_: &ImportLine| {
        minute += 1;
        clock_start() + Duration::minutes(minute)
    };
    ledger.append(inputs, "eval-test", &mut clock).map(|_| ())
}

/// A fresh library ledger in `dir` holding `lines`, all accepted.
pub fn ledger_with(dir: &Path, lines: &[Value]) -> Ledger {
    let mut ledger = Ledger::init(&dir.join("ledger"), "jx-eval-test").expect("ledger init");
    append_lines(&mut ledger, lines).unwrap_or_else(|e| panic!("lines rejected: {e}"));
    ledger
}

/// The state of `project` in a fresh ledger holding `lines`, under the default view.
pub fn state_of(project: &str, lines: &[Value]) -> ProjectState {
    let dir = tempfile::tempdir().expect("temp dir");
    let ledger = ledger_with(dir.path(), lines);
    ledger
        .project_state(project, &View::default())
        .expect("ledger reads")
        .expect("project registered")
}

/// An import line.
pub fn line(project: &str, effective: &str, kind: &str, data: Value) -> Value {
    serde_json::json!({"type": kind, "project": project, "effective": effective, "data": data})
}

/// `project.registered` for a 2023 project of a test department.
pub fn register(project: &str, department: &str) -> Value {
    line(
        project,
        "2023-01-01",
        "project.registered",
        serde_json::json!({"name": format!("{project} 测试项目"), "department": department, "year": 2023}),
    )
}

/// A string field of a JSON value at a pointer, or a panic naming the pointer.
pub fn text_at<'a>(v: &'a Value, pointer: &str) -> &'a str {
    v.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{pointer} is not a string in {v:#}"))
}

/// A decimal string field at a pointer.
pub fn decimal_at(v: &Value, pointer: &str) -> rust_decimal::Decimal {
    text_at(v, pointer)
        .parse()
        .unwrap_or_else(|e| panic!("{pointer} is not a decimal: {e}"))
}

/// 四舍五入 to `dp` decimals, as the forms print.
pub fn round(d: rust_decimal::Decimal, dp: u32) -> rust_decimal::Decimal {
    d.round_dp_with_strategy(dp, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

pub fn dec(text: &str) -> rust_decimal::Decimal {
    text.parse().expect("decimal literal")
}
