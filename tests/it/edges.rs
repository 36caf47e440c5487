//! Rough edges an auditor and a clerk met walking through issue 15, in Chinese (the users'
//! default): who may sign a checkpoint, what `verify-bundle` says of a wrong `--log-key` and
//! of signatures it was given no key for, a cosignature's time as a date, and the 文号 of a
//! budget adjustment in its echo.

use base64::Engine as _;
use serde_json::json;

use crate::signing::{keys, Signed, ADMIN, AUDITOR, CLERK, FINANCE};
use crate::support::{line, Jx, Out, NOW};

/// The 8 hex key id of a verifier key `name+id+key`.
fn key_id(vkey: &str) -> &str {
    vkey.split('+').nth(1).expect("name+id+key")
}

fn path(jx: &Jx, name: &str) -> String {
    jx.dir.path().join(name).to_str().unwrap().to_string()
}

/// `checkpoint --key KEY --out F --leaves L` in `jx` with the key directory `keys`.
fn checkpoint(jx: &Jx, keys: &str, key: &str, out: &str) -> Out {
    let leaves = format!("{out}.leaves");
    jx.run(&[
        "checkpoint",
        "--key",
        key,
        "--keys",
        keys,
        "--out",
        out,
        "--leaves",
        &leaves,
    ])
}

/// A signed ledger in Chinese, with one project recorded by the clerk.
fn signed_zh() -> Signed {
    let mut s = Signed::new();
    s.jx = std::mem::replace(&mut s.jx, Jx::uninit()).in_chinese();
    let registered = line(
        "project.registered",
        "p1",
        "2024-01-01",
        json!({"name": "项目", "department": "部门", "year": 2024}),
    );
    s.import_as(CLERK, &registered).ok();
    s
}

#[test]
fn a_signed_ledgers_checkpoint_is_signed_only_by_an_unrevoked_admin_exit_2_naming_the_key() {
    let s = signed_zh();
    let k = keys(&s.jx);
    let admin_id = key_id(&s.vkeys[ADMIN]).to_string();
    // (key, exit, what stderr says besides the key's name and id)
    let cases: [(&str, i32, &[&str]); 5] = [
        (ADMIN, 0, &["检查点由本账本的管理员", "登记于序号 1"]),
        (
            CLERK,
            2,
            &[
                "违反规则「检查点由管理员签名」（checkpoint-signer）",
                "登记为 经办 (clerk)",
            ],
        ),
        (
            FINANCE,
            2,
            &[
                "违反规则「检查点由管理员签名」（checkpoint-signer）",
                "财政 (finance)",
            ],
        ),
        (
            "old-clerk",
            2,
            &[
                "违反规则「检查点由管理员签名」（checkpoint-signer）",
                "经办 (clerk)",
            ],
        ),
        (
            "stranger",
            2,
            &[
                "违反规则「检查点由管理员签名」（checkpoint-signer）",
                "未在本账本登记",
            ],
        ),
    ];
    for (key, code, needles) in cases {
        let out = path(&s.jx, &format!("cp-{}.txt", key.replace('/', "-")));
        let ran = checkpoint(&s.jx, &k, key, &out);
        assert_eq!(ran.code, code, "{key}: {ran:#?}");
        let named = format!("{key}（密钥编号 {}", key_id(&s.vkeys[key]));
        assert!(
            ran.stderr.contains(&named),
            "{key}: lacks {named}: {ran:#?}"
        );
        for n in needles {
            assert!(ran.stderr.contains(n), "{key}: lacks {n:?}: {ran:#?}");
        }
        let written = std::path::Path::new(&out).exists();
        assert_eq!(
            written,
            code == 0,
            "{key}: checkpoint file written: {written}"
        );
        assert_eq!(
            std::path::Path::new(&format!("{out}.leaves")).exists(),
            code == 0
        );
        if code == 2 {
            let admins = format!("本账本管理员的密钥：{ADMIN}+{admin_id}");
            assert!(ran.stderr.contains(&admins), "{key}: {ran:#?}");
            assert!(ran.stderr.contains("未写出任何文件"), "{key}: {ran:#?}");
        }
    }
    // The same rule for the checkpoint `report --bundle --key` signs on the spot.
    let bundle = path(&s.jx, "b.json");
    s.jx.run(&[
        "report", "p1", "--bundle", &bundle, "--key", CLERK, "--keys", &k,
    ])
    .fails(
        2,
        &["违反规则「检查点由管理员签名」（checkpoint-signer）", CLERK],
    );
    assert!(!std::path::Path::new(&bundle).exists());
}

#[test]
fn an_unsigned_ledgers_checkpoint_says_which_key_signed_it() {
    let jx = Jx::new().in_chinese();
    let k = path(&jx, "keys");
    let vkey = jx.run(&["key", "new", "anyone", "--keys", &k]).ok();
    let out = path(&jx, "cp.txt");
    let ran = checkpoint(&jx, &k, "anyone", &out);
    assert_eq!(ran.code, 0, "{ran:#?}");
    let named = format!(
        "检查点由密钥 anyone（密钥编号 {}）签名",
        key_id(vkey.trim())
    );
    assert!(ran.stderr.contains(&named), "{ran:#?}");
    assert!(ran.stderr.contains("本账本未登记管理员"), "{ran:#?}");
    // Printed to stdout, the checkpoint is the note alone; who signed it goes to stderr.
    let to_stdout = jx.run(&["checkpoint", "--key", "anyone", "--keys", &k]);
    assert!(to_stdout.stdout.starts_with("jixiao/jx-"), "{to_stdout:#?}");
    assert!(to_stdout.stderr.contains(&named), "{to_stdout:#?}");
}

/// The bundle of `p1` on a checkpoint the admin signed and, when `cosigned`, the finance
/// bureau cosigned as a witness; with the cosign command's output.
fn bundle(s: &Signed, cosigned: bool) -> (String, Option<Out>) {
    let k = keys(&s.jx);
    let cp = path(&s.jx, "cp.txt");
    checkpoint(&s.jx, &k, ADMIN, &cp).ok();
    let (kept, cosign) = if cosigned {
        let out = path(&s.jx, "cp.cosigned");
        let state = path(&s.jx, "bureau-state");
        let ran = s.jx.run(&[
            "cosign",
            &cp,
            "--key",
            FINANCE,
            "--keys",
            &k,
            "--state",
            &state,
            "--log-key",
            &s.vkeys[ADMIN],
            "--out",
            &out,
        ]);
        (out, Some(ran))
    } else {
        (cp, None)
    };
    let file = path(
        &s.jx,
        if cosigned {
            "b-cosigned.json"
        } else {
            "b.json"
        },
    );
    s.jx.run(&["report", "p1", "--bundle", &file, "--checkpoint", &kept])
        .ok();
    (file, cosign)
}

/// (bundle file, keys given, exit, needles on stdout (exit 0) or stderr (exit 1), never said)
type Case<'a> = (&'a str, Vec<&'a str>, i32, Vec<String>, Vec<&'a str>);

#[test]
fn verify_bundle_names_a_wrong_key_against_the_lines_the_checkpoint_has_and_says_what_it_did_not_check(
) {
    let s = signed_zh();
    let (cosigned, _) = bundle(&s, true);
    let (plain, _) = bundle(&s, false);
    let [admin, finance, auditor] = [ADMIN, FINANCE, AUDITOR].map(|k| s.vkeys[k].clone());
    let admin_line = format!("{ADMIN}（日志签名，密钥编号 {}）", key_id(&admin));
    let cases: Vec<Case> = vec![
        (
            &cosigned,
            vec!["--log-key", &finance],
            1,
            vec![
                format!(
                    "签名行中没有 --log-key 给出的密钥 {FINANCE}（密钥编号 {}）",
                    key_id(&finance)
                ),
                admin_line.clone(),
                format!("{FINANCE}（见证者联署"),
                "是见证者的联署".into(),
            ],
            vec!["签名行应以"],
        ),
        (
            &plain,
            vec!["--log-key", &auditor],
            1,
            vec![
                format!("密钥 {AUDITOR}（密钥编号 {}）", key_id(&auditor)),
                admin_line.clone(),
                "或是给错了 --log-key".into(),
            ],
            vec![],
        ),
        (
            &cosigned,
            vec!["--witness-key", &admin],
            1,
            vec!["是日志的签名".into(), "--witness-key 给出的见证者".into()],
            vec![],
        ),
        (
            &cosigned,
            vec![],
            0,
            vec![
                "报告包完好".into(),
                format!("未给出 --log-key，未核验检查点的签名行 {admin_line}"),
                "不知道检查点是谁签的".into(),
                format!(
                    "未给出这些见证者的 --witness-key，未核验检查点的签名行 {FINANCE}（见证者联署"
                ),
            ],
            vec!["见证者联署 0 个", "有效"],
        ),
        (
            &cosigned,
            vec!["--log-key", &admin, "--witness-key", &finance],
            0,
            vec![
                format!("检查点的日志签名有效：{admin}"),
                "见证者联署有效：".into(),
                "联署时间 2026-11-26 03:00:00 UTC".into(),
            ],
            vec!["未核验", "注意"],
        ),
        (
            &plain,
            vec!["--log-key", &admin],
            0,
            vec!["检查点上没有见证者的联署".into()],
            vec!["未核验"],
        ),
    ];
    let fresh = Jx::uninit().in_chinese();
    for (file, extra, code, needles, never) in cases {
        let out = fresh.run(&[&["verify-bundle", file], &extra[..]].concat());
        assert_eq!(out.code, code, "{extra:?}: {out:#?}");
        let said = if code == 0 { &out.stdout } else { &out.stderr };
        for n in &needles {
            assert!(said.contains(n.as_str()), "{extra:?}: lacks {n:?}:\n{said}");
        }
        for n in never {
            assert!(!said.contains(n), "{extra:?}: says {n:?}:\n{said}");
        }
    }
}

#[test]
fn cosign_prints_its_time_as_a_utc_date_time_and_keeps_the_number_in_the_note_line() {
    let s = signed_zh();
    let (_, cosign) = bundle(&s, true);
    let cosign = cosign.expect("cosigned");
    assert_eq!(cosign.code, 0, "{cosign:#?}");
    let now = chrono::DateTime::parse_from_rfc3339(NOW)
        .unwrap()
        .timestamp();
    let shown = chrono::DateTime::from_timestamp(now, 0)
        .unwrap()
        .format("联署时间 %Y-%m-%d %H:%M:%S UTC")
        .to_string();
    assert_eq!(shown, "联署时间 2026-11-26 03:00:00 UTC");
    assert!(cosign.stderr.contains(&shown), "{cosign:#?}");
    assert!(!cosign.stderr.contains(&now.to_string()), "{cosign:#?}");
    // The note's cosignature line carries the number: key id (4 bytes), then the time.
    let note = std::fs::read_to_string(path(&s.jx, "cp.cosigned")).unwrap();
    let sig = note
        .lines()
        .find(|l| l.starts_with(&format!("— {FINANCE} ")))
        .and_then(|l| l.rsplit(' ').next())
        .map(|b| base64::engine::general_purpose::STANDARD.decode(b).unwrap())
        .expect("the bureau's cosignature line");
    let time = u64::from_be_bytes(sig[4..12].try_into().unwrap());
    assert_eq!(time, now as u64);
}

#[test]
fn a_budget_adjustments_echo_shows_its_authority() {
    let jx = Jx::new();
    jx.import(&crate::support::funded("p1", "341万", "0"));
    // (language, --authority, what the echo says, what it never says)
    let cases = [
        (
            "zh",
            Some("湛财预〔2024〕12号"),
            "依据：湛财预〔2024〕12号 理由：市财政调整年初预算",
            "",
        ),
        (
            "en",
            Some("湛财预〔2024〕12号"),
            "(authority: 湛财预〔2024〕12号; reason: 市财政调整年初预算)",
            "",
        ),
        ("zh", None, "理由：市财政调整年初预算", "依据"),
        ("en", None, "(reason: 市财政调整年初预算)", "authority"),
    ];
    for (lang, authority, says, never) in cases {
        let mut args = vec![
            "--lang",
            lang,
            "budget",
            "adjust",
            "p1",
            "101.35万",
            "--reason",
            "市财政调整年初预算",
            "--effective",
            "2023-06-01",
        ];
        if let Some(a) = authority {
            args.extend(["--authority", a]);
        }
        let out = jx.run(&args).ok();
        assert!(out.contains(says), "{lang} {authority:?}: {out}");
        assert!(never.is_empty() || !out.contains(never), "{lang}: {out}");
    }
}

/// Issue 11's leftover: an English echo of an event that is not about money reads in
/// English words (the data as typed), no longer the ledger's Chinese description.
#[test]
fn english_echoes_of_non_money_events_read_in_english() {
    let jx = Jx::new();
    // (command, what the English echo says)
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "project",
                "register",
                "p1",
                "--name",
                "Campaign",
                "--department",
                "Bureau",
                "--year",
                "2024",
            ],
            "project registration: Campaign (Bureau, year 2024)",
        ),
        (
            &["budget", "allocate", "p1", "10万"],
            "(source initial budget)",
        ),
        (
            &["goal", "set", "p1", "g1", "Hold the campaign week"],
            "goal set g1: Hold the campaign week",
        ),
        (
            &[
                "indicator",
                "define",
                "p1",
                "i1",
                "--level1",
                "产出指标",
                "--level2",
                "数量指标",
                "--name",
                "Events",
                "--target",
                "≥8",
            ],
            "indicator defined i1 产出指标/数量指标/Events, target ≥8",
        ),
        (
            &["indicator", "measure", "p1", "i1", "9"],
            "indicator measured i1: actual 9",
        ),
        (
            &["indicator", "assess", "p1", "i1", "达成"],
            "indicator assessed i1: achieved",
        ),
        (
            &["goal", "withdraw", "p1", "g1", "--reason", "merged"],
            "goal withdrawn g1 (reason: merged)",
        ),
    ];
    for (args, says) in cases {
        let args = [&args[..], &["--effective", "2024-02-01"]].concat();
        let out = jx.run(&args).ok();
        assert!(out.contains(says), "{args:?}: lacks {says:?}: {out}");
        for chinese in [
            "项目登记",
            "年初预算",
            "设定目标",
            "实现值",
            "评定为",
            "撤销目标",
            "年度",
        ] {
            assert!(!out.contains(chinese), "{args:?}: {chinese}: {out}");
        }
    }
}

/// Issue 11's leftover: `history` names what a correction or reversal acts on as the user
/// reads it (`更正第 4 号事件`, `corrects #4`), no longer `更正 seq 4`.
#[test]
fn history_names_the_event_a_correction_or_reversal_acts_on_in_words() {
    let jx = Jx::new();
    jx.import(&crate::support::funded("p1", "341万", "341万"));
    let spend = |amount: &str| {
        jx.run(&[
            "spend",
            "p1",
            amount,
            "--purpose",
            "宣传",
            "--effective",
            "2023-04-26",
        ])
        .ok()
    };
    spend("1.08万");
    spend("2万");
    jx.run(&["correct", "4", "--amount", "1.8万", "--reason", "录错"])
        .ok();
    jx.run(&["reverse", "5", "--reason", "重复"]).ok();
    // (language, what the table says, what it never says)
    let cases = [
        ("zh", ["更正第 4 号事件: 「支出", "冲销第 5 号事件: 「支出"]),
        ("en", ["corrects #4: 「支出", "reverses #5: 「支出"]),
    ];
    for (lang, says) in cases {
        let text = jx.run(&["--lang", lang, "history", "p1"]).ok();
        for s in says {
            assert!(text.contains(s), "{lang}: lacks {s:?}:\n{text}");
        }
        assert!(
            !text.contains(" seq 4") && !text.contains(" seq 5"),
            "{text}"
        );
    }
    // JSON keeps the timeline's text, as the report's timeline does.
    let json = jx.run(&["history", "p1", "--json"]).ok();
    assert!(json.contains("更正 seq 4"), "{json}");
}
