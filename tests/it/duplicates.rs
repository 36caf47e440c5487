//! Duplicates: a voucher number is recorded once per project (refused naming the earlier
//! seq), and an import line may carry an idempotency key `id`: a line whose key its project
//! already holds is skipped and reported, so importing the same file twice changes nothing
//! (全年执行数 stays). Refusals exit 2 in Chinese and write nothing.

use serde_json::{json, Value};

use crate::support::{assert_chinese, funded, line, Jx};

const E: &str = "--effective=2023-03-01";

fn spent(jx: &Jx, p: &str) -> String {
    let v: Value = serde_json::from_str(&jx.run(&["state", p, "--json"]).ok()).unwrap();
    v["money"]["spent"].as_str().unwrap().to_string()
}

#[test]
fn a_voucher_number_is_unique_within_a_project() {
    let jx = Jx::new().in_chinese();
    jx.import(&(funded("p", "100万", "60万") + &funded("q", "100万", "60万"))); // seqs 1..6
    let spend = |p: &'static str, voucher: &'static str| {
        vec![
            "spend",
            p,
            "1万",
            "--purpose",
            "宣传",
            "--voucher",
            voucher,
            E,
        ]
    };
    jx.run(&spend("p", "记-202304-031")).ok(); // seq 7
                                               // (arguments, refused with these needles, or accepted)
    let cases: Vec<(Vec<&str>, Option<Vec<&str>>)> = vec![
        (
            spend("p", "记-202304-031"),
            Some(vec![
                "voucher-unique",
                "data.voucher",
                "「记-202304-031」",
                "序号 7",
            ]),
        ),
        (
            spend("p", " 记-202304-031 "),
            Some(vec!["voucher-unique", "序号 7"]),
        ),
        (spend("q", "记-202304-031"), None), // another project: its own numbering, seq 8
        (spend("p", "记-202304-032"), None), // seq 9
    ];
    for (args, refused) in cases {
        match refused {
            Some(needles) => assert_chinese(&jx.reject(&args, &needles).stderr),
            None => {
                jx.run(&args).ok();
            }
        }
    }
    // A correction may not take another disbursement's voucher, but may keep its own.
    let correct = |seq: &'static str, voucher: &'static str| {
        let data = json!({"amount": "2万", "purpose": "宣传", "voucher": voucher}).to_string();
        jx.run(&["correct", seq, "--data", &data, "--reason", "金额有误", E])
    };
    correct("9", "记-202304-031").fails(2, &["voucher-unique", "序号 7", "data.replacement"]);
    assert_eq!(correct("9", "记-202304-032").code, 0);
    // Once reversed, its voucher is free again.
    jx.run(&["reverse", "7", "--reason", "重复录入", E]).ok();
    jx.run(&spend("p", "记-202304-031")).ok();
}

/// An import file with keys: an arrival and two disbursements of project p.
fn keyed_file() -> String {
    let keyed = |id: &str, kind: &str, data: Value| {
        let mut v: Value = serde_json::from_str(&line(kind, "p", "2023-04-01", data)).unwrap();
        v["id"] = json!(id);
        v.to_string() + "\n"
    };
    [
        keyed("bank-2023-0001", "funds.arrived", json!({"amount": "10万"})),
        keyed(
            "bank-2023-0002",
            "funds.disbursed",
            json!({"amount": "1.08万", "purpose": "宣传", "voucher": "记-1"}),
        ),
        keyed(
            "bank-2023-0003",
            "funds.disbursed",
            json!({"amount": "2万", "purpose": "评审", "voucher": "记-2"}),
        ),
    ]
    .concat()
}

#[test]
fn importing_the_same_file_twice_changes_nothing() {
    let jx = Jx::new().in_chinese();
    jx.import(&funded("p", "100万", "60万")); // seqs 1..3
    let file = keyed_file();
    jx.import(&file); // seqs 4..6
    let spent_once = spent(&jx, "p");
    assert_eq!(spent_once, "30800.00");
    let head = jx.head();
    let out = jx.import(&file);
    for needle in [
        "已跳过 3 行：导入键已存在",
        "第 1 行 bank-2023-0001 → 序号 4",
        "第 3 行 bank-2023-0003 → 序号 6",
        "没有新事件",
    ] {
        assert!(out.contains(needle), "{needle}: {out}");
    }
    assert_eq!(jx.head(), head, "nothing appended");
    assert_eq!(spent(&jx, "p"), spent_once, "全年执行数 unchanged");
    // The key is stored in the envelope and verified with it.
    let export = crate::support::export_lines(&jx.export());
    assert!(
        export[3].contains("\"id\":\"bank-2023-0001\""),
        "{}",
        export[3]
    );
    assert!(
        !export[0].contains("\"id\""),
        "a line without a key stores none"
    );
    // A file with old and new lines: the new are appended, the old skipped.
    let more = file.clone()
        + &line(
            "funds.disbursed",
            "p",
            "2023-04-02",
            json!({"amount": "1", "purpose": "邮费"}),
        );
    let out = jx.import(&more);
    assert!(out.contains("已导入 1 个事件：序号 7  账本头"), "{out}");
    assert!(out.contains("已跳过 3 行"), "{out}");
    // Without keys, the vouchers catch the repeated disbursements: the whole file is refused.
    let unkeyed: String = file
        .lines()
        .map(|l| {
            let mut v: Value = serde_json::from_str(l).unwrap();
            v.as_object_mut().unwrap().remove("id");
            v.to_string() + "\n"
        })
        .collect();
    jx.reject_import(&unkeyed, &["第 2 行", "voucher-unique", "序号 5"]);
    assert_eq!(spent(&jx, "p"), "30801.00", "only the new 1元 was added");
}

#[test]
fn a_key_names_one_line_only() {
    let jx = Jx::new().in_chinese();
    jx.import(&funded("p", "100万", "60万"));
    jx.import(&keyed_file()); // seqs 4..6
    let reuse = |id: &str, data: Value| {
        let mut v: Value =
            serde_json::from_str(&line("funds.disbursed", "p", "2023-04-01", data)).unwrap();
        v["id"] = json!(id);
        v.to_string() + "\n"
    };
    // (line, needles): the same key for other content, and keys that cannot be keys.
    let cases = [
        (
            reuse(
                "bank-2023-0002",
                json!({"amount": "9万", "purpose": "宣传", "voucher": "记-9"}),
            ),
            vec![
                "第 1 行",
                "字段 id",
                "import-key-unique",
                "「bank-2023-0002」",
                "序号 5",
                "内容不同",
            ],
        ),
        (
            reuse("bank 0009", json!({"amount": "1", "purpose": "x"})),
            vec!["第 1 行", "字段 id", "U+0020"],
        ),
        (
            reuse(&"k".repeat(129), json!({"amount": "1", "purpose": "x"})),
            vec!["第 1 行", "字段 id", "129", "128"],
        ),
        (
            reuse("bank\u{200B}0009", json!({"amount": "1", "purpose": "x"})),
            vec!["第 1 行", "字段 id", "U+200B"],
        ),
    ];
    for (text, needles) in cases {
        assert_chinese(&jx.reject_import(&text, &needles).stderr);
    }
    // The same key on another project is that project's own.
    jx.import(&funded("q", "100万", "60万"));
    let mut v: Value = serde_json::from_str(&line(
        "funds.disbursed",
        "q",
        "2023-04-01",
        json!({"amount": "1", "purpose": "x"}),
    ))
    .unwrap();
    v["id"] = json!("bank-2023-0002");
    jx.import(&(v.to_string() + "\n"));
    // Within one file, a repeated line is skipped like one already in the ledger.
    let twice = reuse("bank-2023-0100", json!({"amount": "1", "purpose": "x"}));
    let out = jx.import(&(twice.clone() + &twice));
    assert!(
        out.contains("已导入 1 个事件") && out.contains("已跳过 1 行"),
        "{out}"
    );
}
