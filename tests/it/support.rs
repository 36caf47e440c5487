//! Helpers: a ledger in a temp dir driven through the CLI, and import lines built from JSON.

use std::cell::RefCell;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

/// The injected clock every CLI run uses.
pub const NOW: &str = "2026-11-26T03:00:00Z";
pub const BIN: &str = env!("CARGO_BIN_EXE_jixiao");

/// What a CLI run printed and returned.
#[derive(Debug)]
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    fn from(output: Output) -> Out {
        let out = Out {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        assert!(
            !out.stderr.contains("panicked"),
            "jixiao panicked:\n{}",
            out.stderr
        );
        out
    }

    /// Asserts exit 0 and returns stdout.
    #[track_caller]
    pub fn ok(self) -> String {
        assert_eq!(self.code, 0, "expected success, got {self:#?}");
        self.stdout
    }

    /// Asserts the exit code and that stderr mentions every needle.
    #[track_caller]
    pub fn fails(self, code: i32, needles: &[&str]) -> Out {
        assert_eq!(self.code, code, "expected exit {code}, got {self:#?}");
        for n in needles {
            assert!(
                self.stderr.contains(n),
                "stderr lacks {n:?}:\n{}",
                self.stderr
            );
        }
        self
    }
}

/// A jixiao command with the test clock and no ambient ledger or actor.
pub fn command() -> Command {
    let mut c = Command::new(BIN);
    c.env("JIXIAO_NOW", NOW)
        .env_remove("JIXIAO_LEDGER")
        .env_remove("JIXIAO_ACTOR")
        // Messages in English (`--lang en`), the wording these tests were written against;
        // the Chinese default is tested case by case in tests/it/door.rs.
        .env("JIXIAO_LANG", "en")
        .env_remove("RUST_BACKTRACE");
    c
}

/// Runs jixiao with `args` (no ledger given) and returns what it printed.
pub fn run_bare(args: &[&str]) -> Out {
    Out::from(command().args(args).output().expect("run jixiao"))
}

/// A ledger in its own temporary directory (`<tmp>/ledger`).
pub struct Jx {
    pub dir: tempfile::TempDir,
    /// The export as last read, while no command has succeeded since (a rejected command
    /// writes nothing, so consecutive rejections share one "before").
    known_export: RefCell<Option<Vec<u8>>>,
    /// `JIXIAO_LANG` for every command: `en` unless `in_chinese` (the users' default).
    lang: std::cell::Cell<&'static str>,
}

impl Jx {
    /// From now on, commands speak the users' default language, Chinese.
    pub fn in_chinese(self) -> Jx {
        self.lang.set("zh");
        self
    }

    /// An initialised, empty ledger.
    pub fn new() -> Jx {
        let jx = Jx::uninit();
        jx.run(&["init"]).ok();
        jx
    }

    /// A directory where a ledger may be created.
    pub fn uninit() -> Jx {
        Jx {
            dir: tempfile::tempdir().expect("temp dir"),
            known_export: RefCell::new(None),
            lang: std::cell::Cell::new("en"),
        }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("ledger")
    }

    pub fn cmd(&self) -> Command {
        let mut c = command();
        c.arg("--ledger")
            .arg(self.path())
            .arg("--actor")
            .arg("tester")
            .env("JIXIAO_LANG", self.lang.get());
        c
    }

    pub fn run(&self, args: &[&str]) -> Out {
        self.forget_on_success(Out::from(
            self.cmd().args(args).output().expect("run jixiao"),
        ))
    }

    fn forget_on_success(&self, out: Out) -> Out {
        if out.code == 0 {
            self.known_export.replace(None);
        }
        out
    }

    pub fn run_stdin(&self, args: &[&str], stdin: &[u8]) -> Out {
        let mut child = self
            .cmd()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn jixiao");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin)
            .expect("write stdin");
        self.forget_on_success(Out::from(child.wait_with_output().expect("wait jixiao")))
    }

    /// Imports JSONL text through stdin; asserts success.
    #[track_caller]
    pub fn import(&self, lines: &str) -> String {
        self.run_stdin(&["import", "-"], lines.as_bytes()).ok()
    }

    /// The export bytes (the whole history, byte for byte).
    pub fn export(&self) -> Vec<u8> {
        let out = self
            .cmd()
            .arg("export")
            .output()
            .expect("run jixiao export");
        assert!(out.status.success(), "export failed: {out:?}");
        self.known_export.replace(Some(out.stdout.clone()));
        out.stdout
    }

    fn export_before(&self) -> Vec<u8> {
        let known = self.known_export.borrow().clone();
        known.unwrap_or_else(|| self.export())
    }

    /// `jixiao verify`'s success line (it quotes the head).
    #[track_caller]
    pub fn head(&self) -> String {
        self.run(&["verify"]).ok()
    }

    /// Runs a command that must be rejected with exit 2 naming every needle, and checks that
    /// nothing was written: the export (every event and so the head) is byte-identical.
    #[track_caller]
    pub fn reject(&self, args: &[&str], needles: &[&str]) -> Out {
        let before = self.export_before();
        let out = self.run(args).fails(2, needles);
        assert!(
            self.export() == before,
            "a rejected command changed the ledger"
        );
        out
    }

    /// Like `reject`, for an import through stdin.
    #[track_caller]
    pub fn reject_import(&self, lines: &str, needles: &[&str]) -> Out {
        let before = self.export_before();
        let out = self
            .run_stdin(&["import", "-"], lines.as_bytes())
            .fails(2, needles);
        assert!(
            self.export() == before,
            "a rejected import changed the ledger"
        );
        out
    }

    /// Number of events in the ledger.
    pub fn len(&self) -> usize {
        self.export()
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .count()
    }
}

/// One import line.
pub fn line(kind: &str, project: &str, effective: &str, data: Value) -> String {
    let v = json!({"type": kind, "project": project, "effective": effective, "data": data});
    serde_json::to_string(&v).expect("json") + "\n"
}

/// Registration, budget and arrivals for project `p`: the usual start of a rule test.
pub fn funded(p: &str, budget: &str, arrived: &str) -> String {
    let mut s = line(
        "project.registered",
        p,
        "2023-01-01",
        json!({"name": format!("项目 {p}"), "department": "湛江市市场监督管理局", "year": 2023}),
    );
    s += &line(
        "budget.allocated",
        p,
        "2023-01-01",
        json!({"amount": budget}),
    );
    if arrived != "0" {
        s += &line("funds.arrived", p, "2023-02-01", json!({"amount": arrived}));
    }
    s
}

/// An export's lines, without their newlines.
pub fn export_lines(export: &[u8]) -> Vec<String> {
    String::from_utf8(export.to_vec())
        .expect("utf-8 export")
        .lines()
        .map(str::to_string)
        .collect()
}

/// The seq of the first export line whose text contains `needle`.
pub fn seq_of_line_with(export: &[u8], needle: &str) -> u64 {
    let line = export_lines(export)
        .into_iter()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no export line contains {needle:?}"));
    let v: Value = serde_json::from_str(&line).expect("json line");
    v["seq"].as_u64().expect("seq")
}

/// The path of a repository file.
pub fn repo_file(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Asserts a message speaks Chinese (the users' language), whatever else it quotes.
#[track_caller]
pub fn assert_chinese(text: &str) {
    assert!(
        text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "not a Chinese message: {text}"
    );
}

/// A registration of `p` for `year` with its period (`period_start`/`period_end` given).
pub fn registered(p: &str, year: u32, effective: &str) -> String {
    line(
        "project.registered",
        p,
        effective,
        json!({"name": format!("项目 {p}"), "department": "湛江市市场监督管理局", "year": year,
               "period_start": format!("{year}-01-01"), "period_end": format!("{year}-12-31")}),
    )
}
