//! Reports on signed ledgers (issue 15 item 5): the JSON report's `signatures` block and
//! project head, the audit copy's sentence on who signed, nothing new in the submission copy,
//! and the `UNSIGNED-EVENT` finding for the events a ledger recorded before it required
//! signatures — every expected figure counted from the ledger's own export.

use serde_json::{json, Value};

use crate::signing::{keys, ADMIN, CLERK, FINANCE, HEAD};
use crate::support::{export_lines, funded, line, Jx};

const P: &str = "zj-scjg-2023-ip";

/// The export's events, parsed.
fn exported(jx: &Jx) -> Vec<Value> {
    export_lines(&jx.export())
        .iter()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn seqs(events: &[&Value]) -> Vec<u64> {
    events.iter().map(|e| e["seq"].as_u64().unwrap()).collect()
}

/// The seq of the `ledger.configured` that made the ledger signed.
fn configured_seq(events: &[Value]) -> u64 {
    let e = events.iter().find(|e| e["type"] == "ledger.configured");
    e.expect("a signed ledger is configured")["seq"]
        .as_u64()
        .unwrap()
}

#[test]
fn the_seed_in_a_signed_ledger_reports_every_event_signed_and_by_which_roles() {
    let s = crate::bundle::seeded();
    let events = exported(&s.jx);
    let ours: Vec<&Value> = events.iter().filter(|e| e["project"] == P).collect();
    let since = configured_seq(&events);
    let count = |actor: &str| ours.iter().filter(|e| e["actor"] == actor).count() as u64;
    let (clerk, head, finance) = (count(CLERK), count(HEAD), count(FINANCE));
    assert!(clerk > 0 && head > 0 && finance > 0);
    assert_eq!(clerk + head + finance, ours.len() as u64);

    let report: Value = serde_json::from_str(
        &s.jx
            .run(&["report", P, "--format", "json", "--for", "audit"])
            .ok(),
    )
    .unwrap();
    let n = ours.len() as u64;
    let by_role = json!([
        {"role": "clerk", "events": clerk},
        {"role": "head", "events": head},
        {"role": "finance", "events": finance},
    ]);
    let signers: Vec<Value> = report["signatures"]["signers"].as_array().unwrap().clone();
    let expected = json!({
        "required": true, "required_since": since, "roles": "roles-2026", "events": n,
        "signed": n, "by_role": by_role, "signers": signers, "unsigned_seqs": [],
    });
    assert_eq!(report["signatures"], expected);
    assert_eq!(signers.len(), 3, "{signers:?}");
    let last = ours.last().unwrap();
    assert_eq!(report["integrity"]["project_head_seq"], last["seq"]);
    assert_eq!(report["integrity"]["project_head_hash"], last["hash"]);
    let codes: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(
        !codes.contains(&"UNSIGNED-EVENT") && !codes.contains(&"WRONG-ROLE"),
        "{codes:?}"
    );

    let sentence = format!(
        "签名：本项目 {n} 个事件中 {n} 个已签名（经办 {clerk}、单位负责人 {head}、财政 {finance}）；账本自第 {since} 号事件起要求签名（角色规则 roles-2026）"
    );
    let audit = |format: &str| {
        s.jx.run(&["report", P, "--format", format, "--for", "audit"])
            .ok()
    };
    assert!(audit("md").contains(&format!("- {sentence}")), "md");
    let html_sentence = sentence.replacen("签名：", "签名</dt><dd>", 1);
    assert!(audit("html").contains(&html_sentence), "html");
    for format in ["md", "html"] {
        let submission = s.jx.run(&["report", P, "--format", format]).ok();
        assert!(!submission.contains("已签名"), "{format} submission");
    }
}

#[test]
fn a_ledger_switched_to_signatures_flags_the_events_recorded_before() {
    let jx = Jx::uninit();
    let k = keys(&jx);
    let mut vkeys = std::collections::HashMap::new();
    for name in [ADMIN, CLERK] {
        let vkey = jx.run(&["key", "new", name, "--keys", &k]).ok();
        vkeys.insert(name, vkey.trim().to_string());
    }
    jx.run(&["init"]).ok();
    jx.import(&funded("p1", "10万", "10万"));
    let as_admin = |args: &[&str]| {
        jx.run(&[args, &["--key", ADMIN, "--keys", &k]].concat())
            .ok()
    };
    for (name, role) in [(ADMIN, "admin"), (CLERK, "clerk")] {
        as_admin(&[
            "actor",
            "register",
            name,
            "--role",
            role,
            "--verifier-key",
            &vkeys[name],
        ]);
    }
    as_admin(&["ledger", "require-signatures"]);
    let spend = line(
        "funds.disbursed",
        "p1",
        "2023-03-01",
        json!({"amount": "1万", "purpose": "培训"}),
    );
    jx.run_stdin(
        &["import", "-", "--key", CLERK, "--keys", &k],
        spend.as_bytes(),
    )
    .ok();

    let events = exported(&jx);
    let since = configured_seq(&events);
    let ours: Vec<&Value> = events.iter().filter(|e| e["project"] == "p1").collect();
    let unsigned: Vec<&Value> = ours
        .iter()
        .copied()
        .filter(|e| e.get("sig").is_none())
        .collect();
    let unsigned = seqs(&unsigned);
    assert_eq!(unsigned.len() + 1, ours.len(), "one signed disbursement");
    let report: Value = serde_json::from_str(
        &jx.run(&["report", "p1", "--format", "json", "--for", "audit"])
            .ok(),
    )
    .unwrap();
    let sig = &report["signatures"];
    assert_eq!(sig["required_since"], since);
    assert_eq!(sig["unsigned_seqs"], json!(unsigned));
    assert_eq!(sig["by_role"], json!([{"role": "clerk", "events": 1}]));
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "UNSIGNED-EVENT")
        .expect("UNSIGNED-EVENT");
    let k = unsigned.len();
    assert_eq!(
        finding["message"],
        format!("账本自序号 {since} 起要求签名，本项目有 {k} 个事件没有签名，其中 {k} 个记录于要求签名之前")
    );
    let mut rests_on = unsigned.clone();
    rests_on.push(since);
    assert_eq!(finding["seqs"], json!(rests_on));
    let listed: Vec<String> = unsigned.iter().map(u64::to_string).collect();
    let md = jx
        .run(&["report", "p1", "--format", "md", "--for", "audit"])
        .ok();
    assert!(
        md.contains(&format!("；未签名的事件：序号 {}", listed.join("、"))),
        "{md}"
    );
    // `audit` says the same, in the language asked for.
    let said = jx.run(&["audit", "p1"]).ok();
    let english = format!("UNSIGNED-EVENT the ledger requires signatures since seq {since}, but {k} events of the project carry no signature, {k} of them recorded before that");
    assert!(said.contains(&english), "{said}");
}
