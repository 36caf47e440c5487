//! Names: narrative sections under their Chinese names are stored under the known key, a
//! near miss of a known section is refused with the known one named, any other section is
//! kept and shown under 其他 in md and html reports. Ids are NFC-normalised, and an id with
//! an invisible, bidirectional, markup, quote or path character is refused naming its code
//! point; queries normalise the same way, so `café` typed either way is one project.

use serde_json::{json, Value};

use crate::support::{assert_chinese, funded, line, Jx};

const E: &str = "--effective=2023-12-31";

/// The `section` of the last recorded event.
fn last_section(jx: &Jx) -> String {
    let export = crate::support::export_lines(&jx.export());
    let v: Value = serde_json::from_str(export.last().unwrap()).unwrap();
    v["data"]["section"].as_str().unwrap().to_string()
}

#[test]
fn narrative_sections_by_their_chinese_names_and_near_misses() {
    let jx = Jx::new().in_chinese();
    jx.import(&funded("p", "10万", "10万"));
    // (section as written, stored as, or refused naming the known section)
    let cases: [(&str, Result<&str, [&str; 2]>); 10] = [
        ("项目背景", Ok("background")),
        ("立项依据", Ok("basis")),
        ("组织实施", Ok("implementation")),
        ("绩效目标", Ok("targets")),
        ("改进措施", Ok("improvements")),
        ("Background", Ok("background")),
        ("风险防控", Ok("风险防控")),
        ("backgroud", Err(["background", "项目背景"])),
        ("mehtod", Err(["method", "评价方法"])),
        ("项目背影", Err(["background", "项目背景"])),
    ];
    for (written, want) in cases {
        let args = ["narrative", "p", written, "某某文字", E];
        match want {
            Ok(stored) => {
                jx.run(&args).ok();
                assert_eq!(last_section(&jx), stored, "{written}");
            }
            Err([key, title]) => {
                let out = jx.reject(
                    &args,
                    &[
                        "narrative-section",
                        "data.section",
                        &format!("「{written}」"),
                        key,
                        title,
                    ],
                );
                assert_chinese(&out.stderr);
            }
        }
    }
    // An import is held to the same, and a correction's replacement too.
    jx.reject_import(
        &line(
            "narrative.recorded",
            "p",
            "2023-12-31",
            json!({"section": "scopes", "text": "t"}),
        ),
        &["第 1 行", "data.section", "scope", "评价范围"],
    );
}

#[test]
fn every_section_reaches_the_report_and_others_go_under_qita() {
    let jx = Jx::new().in_chinese();
    jx.import(&funded("p", "10万", "10万"));
    for (section, text) in [
        ("实施情况", "项目按计划组织实施。"),
        ("绩效目标", "年度绩效目标已按批复设定。"),
        ("风险防控", "建立了资金风险防控台账。"),
    ] {
        jx.run(&["narrative", "p", section, text, E]).ok();
    }
    let md = jx.run(&["report", "p", "--format", "md"]).ok();
    let html = jx.run(&["report", "p", "--format", "html"]).ok();
    for report in [&md, &html] {
        for text in [
            "项目按计划组织实施。",
            "年度绩效目标已按批复设定。",
            "建立了资金风险防控台账。",
            "风险防控",
            "其他",
        ] {
            assert!(report.contains(text), "{text} missing");
        }
    }
    assert!(
        md.contains("## 其他\n\n**风险防控**\n\n建立了资金风险防控台账。"),
        "{md}"
    );
}

#[test]
fn ids_with_hidden_or_special_characters_are_refused_by_code_point() {
    let jx = Jx::new().in_chinese();
    jx.import(&funded("p", "10万", "10万"));
    let register = |id: &str| {
        let args = [
            "project",
            "register",
            id,
            "--name",
            "n",
            "--department",
            "d",
            "--year",
            "2023",
            E,
        ];
        args.map(String::from)
    };
    // (id, the code point the refusal names)
    let cases = [
        ("p1\u{200B}", "U+200B"),
        ("p\u{202E}1", "U+202E"),
        ("p\u{2066}1", "U+2066"),
        ("p\u{FEFF}", "U+FEFF"),
        ("p\u{00AD}1", "U+00AD"),
        ("p\u{2060}1", "U+2060"),
        ("a<b", "U+003C"),
        ("a&b", "U+0026"),
        ("a\"b", "U+0022"),
        ("a'b", "U+0027"),
        ("a/b", "U+002F"),
        ("a\\b", "U+005C"),
        ("p\u{7}", "U+0007"),
    ];
    for (id, code_point) in cases {
        let args = register(id);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = jx.reject(&args, &["project", code_point]);
        assert_chinese(&out.stderr);
    }
    // Goal and indicator ids alike, by command and by import.
    jx.reject(
        &["goal", "set", "p", "g\u{200B}1", "目标", E],
        &["data.id", "U+200B"],
    );
    jx.reject_import(
        &line(
            "goal.set",
            "p",
            "2023-03-01",
            json!({"id": "g<1>", "text": "t"}),
        ),
        &["第 1 行", "data.id", "U+003C"],
    );
    jx.reject_import(
        &line(
            "funds.arrived",
            "p\u{202E}x",
            "2023-03-01",
            json!({"amount": "1"}),
        ),
        &["第 1 行", "project", "U+202E"],
    );
}

#[test]
fn nfc_and_nfd_name_one_project_and_one_goal() {
    let jx = Jx::new().in_chinese();
    let nfd = "cafe\u{301}";
    let nfc = "caf\u{e9}";
    jx.import(&funded(nfd, "10万", "10万"));
    let export = crate::support::export_lines(&jx.export());
    assert!(
        export
            .iter()
            .all(|l| l.contains(&format!("\"project\":\"{nfc}\""))),
        "{export:?}"
    );
    for query in [nfc, nfd] {
        let state = jx.run(&["state", query]).ok();
        assert!(state.contains(nfc), "{state}");
        jx.run(&["history", query]).ok();
        jx.run(&["audit", query]).ok();
        assert!(jx
            .run(&["log", "--project", query])
            .ok()
            .contains("资金到位"));
    }
    jx.reject(
        &[
            "project",
            "register",
            nfc,
            "--name",
            "n",
            "--department",
            "d",
            "--year",
            "2023",
            E,
        ],
        &["project-registered-once"],
    );
    jx.run(&["goal", "set", nfc, "g\u{e9}", "目标", E]).ok();
    jx.reject(
        &["goal", "set", nfd, "ge\u{301}", "again", E],
        &["goal-unique"],
    );
    jx.run(&["goal", "withdraw", nfd, "ge\u{301}", "--reason", "r", E])
        .ok();
}
