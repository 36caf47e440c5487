//! Issue 11, the front door: what a budget officer types, and what jixiao answers. Each case
//! runs in Chinese (the default: no `--lang`, no `JIXIAO_LANG`, locale `C`) and in English
//! (`--lang en`): the exit code, the words of the message (field, value, rule), and, for a
//! refusal, that nothing was written (the export is byte-identical). `entry`: amounts, the
//! echo, registrations, dates; `messages`: corrections, messages, the language.

mod audit;
mod entry;
mod help;
mod messages;
mod polish;
mod report_text;

use crate::support::{line, Jx};

/// The language a case runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lang {
    /// The default: no `--lang`, no `JIXIAO_LANG`, a locale that says nothing (`C`).
    Default,
    En,
}

/// Runs `args` on `jx` in `lang`; returns (exit code, stdout, stderr).
pub(super) fn run(jx: &Jx, lang: Lang, args: &[&str]) -> (i32, String, String) {
    let mut cmd = jx.cmd();
    cmd.env_remove("JIXIAO_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C");
    if lang == Lang::En {
        cmd.args(["--lang", "en"]);
    }
    let out = cmd.args(args).output().expect("run jixiao");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code().unwrap_or(-1), text(&out.stdout), stderr)
}

/// A 2024 project `p`: budget 300万, 100万 arrived, one disbursement of 1.08万元 (seq 4).
pub(super) fn project_2024() -> Jx {
    let jx = Jx::new();
    let mut lines = line(
        "project.registered",
        "p",
        "2024-01-01",
        serde_json::json!({"name": "知识产权促进", "department": "市监局", "year": 2024}),
    );
    lines += &line(
        "budget.allocated",
        "p",
        "2024-01-05",
        serde_json::json!({"amount": "300万"}),
    );
    lines += &line(
        "funds.arrived",
        "p",
        "2024-02-01",
        serde_json::json!({"amount": "100万"}),
    );
    lines += &line(
        "funds.disbursed",
        "p",
        "2024-04-26",
        serde_json::json!({"amount": "1.08万元", "purpose": "宣传周"}),
    );
    jx.import(&lines);
    jx
}

/// A refusal: its arguments, and what the message says in each language.
pub(super) struct Refused {
    pub(super) what: &'static str,
    pub(super) args: &'static [&'static str],
    zh: &'static [&'static str],
    en: &'static [&'static str],
}

pub(super) fn refused(what: &'static str, args: &'static [&'static str]) -> Refused {
    Refused {
        what,
        args,
        zh: &[],
        en: &[],
    }
}

impl Refused {
    pub(super) fn says(
        mut self,
        zh: &'static [&'static str],
        en: &'static [&'static str],
    ) -> Refused {
        (self.zh, self.en) = (zh, en);
        self
    }
}

/// Every case is refused with exit 2 in both languages, its message naming what it must,
/// and the ledger is byte-identical afterwards.
pub(super) fn assert_refused(jx: &Jx, cases: &[Refused]) {
    let before = jx.export();
    for case in cases {
        for (lang, needles) in [(Lang::Default, case.zh), (Lang::En, case.en)] {
            let (code, _, stderr) = run(jx, lang, case.args);
            assert_eq!(code, 2, "{} ({lang:?}): {stderr}", case.what);
            for n in needles {
                assert!(
                    stderr.contains(n),
                    "{} ({lang:?}) lacks {n:?}:\n{stderr}",
                    case.what
                );
            }
            if lang == Lang::Default {
                assert!(
                    stderr.starts_with("错误："),
                    "{}: not in Chinese:\n{stderr}",
                    case.what
                );
            }
        }
    }
    assert!(
        jx.export() == before,
        "a refused command wrote to the ledger"
    );
}
