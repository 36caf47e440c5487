//! Issue 11, what a fresh user found: `audit` speaks one language. In Chinese the severity
//! is a word (`[严重]`), the seqs follow `序号：` and a finding resting on no seq has no seq
//! line; in English every finding's message is English (the library writes it in Chinese:
//! `i18n::findings` reads it back and renders it), and the JSON keeps the library's Chinese.

use serde_json::Value;

use super::{run, Lang};
use crate::support::Jx;

/// Two projects whose audits hold most codes: `q` (a cut budget, a lowered target, goals
/// adjusted and withdrawn, a claim that differs, spending after the period, …) and `r`
/// (withdrawn).
const FIXTURE: &str = include_str!("audit_fixture.jsonl");

/// The codes each project's audit must hold, with a fragment of each English message.
const EXPECTED: &[(&str, &[(&str, &str)])] = &[
    (
        "q",
        &[
            ("CLAIM-SCORE", "the claimed score 90 points/优 differs from"),
            ("CLAIM-SPENT", "the claim states spending of 20万元"),
            ("CLAIM-EXECUTION", "it computes to 7.5%"),
            ("WEIGHTS-NOT-100", "not 100"),
            ("FUNDS-SHORT", "(arrival rate 50%)"),
            (
                "SPENT-OUTSIDE-PERIOD",
                "outside the project's period 2024-01-01 to 2024-12-31",
            ),
            ("TARGET-LOWERED", "after the budget cut (seq 4, 2024-06-01)"),
            ("GOAL-ADJUSTED", "annual goal “培训一百人” was adjusted"),
            ("GOAL-WITHDRAWN", "annual goal “编写教材” was withdrawn"),
            (
                "TARGET-FAR-EXCEEDED",
                "the target may have been set too low",
            ),
            ("MEASUREMENT-MISSING", "indicator “人均成本” has no actual"),
            ("ASSESSMENT-MISSING", "has no assessed tier"),
            ("WEIGHTS-MISMATCH", "those points cannot be earned"),
            ("BACKDATED", "days after their effective date"),
            ("RECORDED-AFTER-CLAIM", "after the claim (seq 21)"),
            ("BUDGET-CUT", "from 300万元 to 200万元 (no authority given"),
            ("ACTUAL-RESTATES-TARGET", "the actual restates the target"),
        ],
    ),
    (
        "r",
        &[
            (
                "PROJECT-WITHDRAWN",
                "the project was withdrawn (effective 2024-02-01",
            ),
            ("CLAIM-MISSING", "no claimed score and grade"),
        ],
    ),
];

#[test]
fn audit_speaks_one_language() {
    let jx = Jx::new();
    jx.import(FIXTURE);
    for (project, expected) in EXPECTED {
        let (code, json, err) = run(&jx, Lang::En, &["audit", project, "--json"]);
        assert_eq!(code, 0, "{err}");
        let findings: Vec<Value> = serde_json::from_str(&json).expect("findings as JSON");
        let (_, zh, _) = run(&jx, Lang::Default, &["--lang", "zh", "audit", project]);
        let (_, en, _) = run(&jx, Lang::En, &["audit", project]);
        for f in &findings {
            let (code, message) = (f["code"].as_str().unwrap(), f["message"].as_str().unwrap());
            let severity = f["severity"].as_str().unwrap();
            let (zh_word, en_word) = match severity {
                "critical" => ("严重", "Critical"),
                "warning" => ("警告", "Warning"),
                _ => ("提示", "Info"),
            };
            // Chinese: the library's message as it is, behind the severity in words.
            let line = format!("[{zh_word}] {code} {message}");
            assert!(zh.lines().any(|l| l == line), "{line:?} not in:\n{zh}");
            // English: the same finding, its message in English.
            let head = format!("[{en_word}] {code} ");
            let english = en
                .lines()
                .filter_map(|l| l.strip_prefix(head.as_str()))
                .find(|m| *m != message);
            assert!(english.is_some(), "{code}: not in English:\n{en}");
        }
        for (code, fragment) in *expected {
            let line = en
                .lines()
                .find(|l| l.contains(&format!(" {code} ")) && l.contains(fragment));
            assert!(
                line.is_some(),
                "{project}: no {code} with {fragment:?}:\n{en}"
            );
        }
        for (text, lang) in [(&zh, "zh"), (&en, "en")] {
            assert!(!text.contains("[Critical]") || lang == "en", "{text}");
            assert!(
                text.lines()
                    .all(|l| l.trim() != "seqs:" && l.trim() != "序号："),
                "an empty seq line:\n{text}"
            );
        }
        assert!(!zh.contains("seqs:") && zh.contains("    序号："), "{zh}");
        assert!(!en.contains("序号") && en.contains("    seqs: "), "{en}");
    }
}
