//! Findings on who signed a project's events (issue 15 item 5), from the fold of
//! `projection::signatures`: `UNSIGNED-EVENT` when the ledger requires signatures and events
//! of the project carry none (recorded before the switch, or forged past it), and
//! `WRONG-ROLE` for each signed event whose signer, as of its seq, was not registered, was
//! revoked, or held a role the ledger's role policy does not allow for the event's type (a
//! correction's or reversal's: its target's). A signature claims a role in any ledger, so
//! `WRONG-ROLE` is judged whether or not signatures are required. Pure.

use super::{finding, Finding, Severity};
use crate::event::Role;
use crate::projection::signatures::{Misfit, MisfitWhy, Signing};

/// The signing findings of one project.
#[must_use]
pub fn signing(s: &Signing) -> Vec<Finding> {
    let mut out = Vec::new();
    let summary = &s.summary;
    if let (Some(since), false) = (summary.required_since, summary.unsigned_seqs.is_empty()) {
        let unsigned = &summary.unsigned_seqs;
        let before = unsigned.iter().filter(|q| **q < since).count();
        let mut seqs = unsigned.clone();
        seqs.push(since);
        seqs.sort_unstable();
        out.push(finding(
            "UNSIGNED-EVENT",
            Severity::Warning,
            format!(
                "账本自序号 {since} 起要求签名，本项目有 {} 个事件没有签名，其中 {before} 个记录于要求签名之前",
                unsigned.len()
            ),
            seqs,
        ));
    }
    out.extend(s.misfits.iter().map(wrong_role));
    out
}

/// One signed event its signer may not have recorded.
fn wrong_role(m: &Misfit) -> Finding {
    let (seq, kind, actor) = (m.seq, &m.kind, &m.actor);
    let (message, mut seqs) = match &m.why {
        MisfitWhy::Unknown => (
            format!("序号 {seq} 的 {kind} 由 {actor} 签名，而该签名者在此之前未登记"),
            vec![seq],
        ),
        MisfitWhy::Revoked {
            registered,
            revoked,
        } => (
            format!("序号 {seq} 的 {kind} 由 {actor} 签名，而该签名者已于序号 {revoked} 注销"),
            vec![*registered, *revoked, seq],
        ),
        MisfitWhy::Role {
            role,
            registered,
            policy,
            allowed,
        } => {
            let role = role.zh();
            let message = match allowed.as_slice() {
                [] => format!("序号 {seq} 的 {kind} 由 {actor}（{role}）签名，而角色规则 {policy} 不允许任何角色记录此类型"),
                roles => format!(
                    "序号 {seq} 的 {kind} 由 {actor}（{role}）签名，而角色规则 {policy} 只允许{}记录此类型",
                    roles.iter().map(|r| Role::zh(*r)).collect::<Vec<_>>().join("、")
                ),
            };
            (message, vec![*registered, seq])
        }
    };
    seqs.sort_unstable();
    finding("WRONG-ROLE", Severity::Critical, message, seqs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::ed25519::SigningKey;
    use crate::event::{Envelope, ImportLine, Signed, Stored, LEDGER_STREAM};
    use crate::projection::signatures::signing as fold;

    const P: &str = "p1";

    /// One event as a ledger stores it: `seq`, the import line `(project, type, data)`, its
    /// actor, and whether it carries a signature (its bytes are not checked here).
    fn ev(seq: u64, project: &str, kind: &str, data: &str, actor: &str, signed: bool) -> Stored {
        let text = format!(
            r#"{{"type":"{kind}","project":"{project}","effective":"2023-01-01","data":{data}}}"#
        );
        let line = ImportLine::parse(&text).expect("a test line parses");
        let at = crate::time::parse_instant("2024-01-01T00:00:00.000Z").unwrap();
        let env = Envelope {
            seq,
            recorded_at: at,
            effective: line.effective,
            actor: actor.into(),
            project: line.project,
            data: line.data,
            prev: [0; 32],
            id: None,
            project_prev: Some([0; 32]),
            signed: signed.then_some(Signed {
                signed_at: at,
                sig: [0; 64],
            }),
        };
        Stored { env, hash: [0; 32] }
    }

    fn register(seq: u64, id: &str, role: &str) -> Stored {
        let key = SigningKey::from_seed(id, [seq as u8; 32])
            .unwrap()
            .note_key();
        let data = format!(
            r#"{{"id":"{id}","role":"{role}","key":"{}"}}"#,
            key.encode()
        );
        ev(seq, LEDGER_STREAM, "actor.registered", &data, "admin", true)
    }

    fn revoke(seq: u64, id: &str) -> Stored {
        let data = format!(r#"{{"id":"{id}","reason":"调离"}}"#);
        ev(seq, LEDGER_STREAM, "actor.revoked", &data, "admin", true)
    }

    fn require(seq: u64) -> Stored {
        let data = r#"{"signatures":"required","roles":"roles-2026"}"#;
        ev(seq, LEDGER_STREAM, "ledger.configured", data, "admin", true)
    }

    fn spend(seq: u64, actor: &str, signed: bool) -> Stored {
        let data = r#"{"amount":"1万","purpose":"培训"}"#;
        ev(seq, P, "funds.disbursed", data, actor, signed)
    }

    fn cut(seq: u64, actor: &str) -> Stored {
        let data = r#"{"amount":"101.35万","reason":"压减"}"#;
        ev(seq, P, "budget.adjusted", data, actor, true)
    }

    /// Reverses `target` (judged by the target's type).
    fn reverse(seq: u64, target: u64, actor: &str) -> Stored {
        let data = format!(r#"{{"target_seq":{target},"reason":"录错"}}"#);
        ev(seq, P, "event.reversed", &data, actor, true)
    }

    /// Table: the `_ledger` events and the project's in, the findings out (code, message,
    /// seqs), with the summary's counts.
    #[test]
    fn signing_findings_from_events() {
        type Case = (
            &'static str,
            Vec<Stored>,
            Vec<Stored>,
            Vec<(&'static str, &'static str, Vec<u64>)>,
        );
        let actors = || {
            vec![
                register(1, "admin", "admin"),
                register(2, "clerk", "clerk"),
                register(3, "bureau", "finance"),
            ]
        };
        let cases: Vec<Case> = vec![
            ("an unsigned ledger: nothing to say", vec![], vec![spend(4, "x", false), spend(5, "y", false)], vec![]),
            (
                "an unsigned ledger, a well-signed event",
                actors(),
                vec![spend(4, "clerk", true), cut(5, "bureau")],
                vec![],
            ),
            (
                "events before the switch are unsigned",
                [actors(), vec![require(6)]].concat(),
                vec![spend(4, "clerk", false), spend(5, "clerk", false), spend(7, "clerk", true)],
                vec![(
                    "UNSIGNED-EVENT",
                    "账本自序号 6 起要求签名，本项目有 2 个事件没有签名，其中 2 个记录于要求签名之前",
                    vec![4, 5, 6],
                )],
            ),
            (
                "the clerk signs the finance bureau's cut",
                [actors(), vec![require(4)]].concat(),
                vec![cut(5, "clerk")],
                vec![(
                    "WRONG-ROLE",
                    "序号 5 的 budget.adjusted 由 clerk（经办）签名，而角色规则 roles-2026 只允许财政记录此类型",
                    vec![2, 5],
                )],
            ),
            (
                "a reversal is judged by its target's type",
                [actors(), vec![require(4)]].concat(),
                vec![cut(5, "bureau"), reverse(6, 5, "clerk"), reverse(7, 5, "bureau")],
                vec![(
                    "WRONG-ROLE",
                    "序号 6 的 budget.adjusted 由 clerk（经办）签名，而角色规则 roles-2026 只允许财政记录此类型",
                    vec![2, 6],
                )],
            ),
            (
                "an unknown signer",
                [actors(), vec![require(4)]].concat(),
                vec![spend(5, "stranger", true)],
                vec![("WRONG-ROLE", "序号 5 的 funds.disbursed 由 stranger 签名，而该签名者在此之前未登记", vec![5])],
            ),
            (
                "a signer registered only after the event",
                vec![register(1, "admin", "admin"), register(6, "late", "clerk")],
                vec![spend(5, "late", true)],
                vec![("WRONG-ROLE", "序号 5 的 funds.disbursed 由 late 签名，而该签名者在此之前未登记", vec![5])],
            ),
            (
                "a revoked signer; its earlier event stands",
                [actors(), vec![revoke(5, "clerk")]].concat(),
                vec![spend(4, "clerk", true), spend(6, "clerk", true)],
                vec![("WRONG-ROLE", "序号 6 的 funds.disbursed 由 clerk 签名，而该签名者已于序号 5 注销", vec![2, 5, 6])],
            ),
        ];
        for (name, ledger, events, expected) in cases {
            let s = fold(&events, &ledger, 100);
            let got: Vec<(&str, String, Vec<u64>)> = signing(&s)
                .into_iter()
                .map(|f| (f.code, f.message, f.seqs))
                .collect();
            let want: Vec<(&str, String, Vec<u64>)> = expected
                .into_iter()
                .map(|(c, m, q)| (c, m.to_string(), q))
                .collect();
            assert_eq!(got, want, "{name}");
            let signed = events.iter().filter(|e| e.env.signed.is_some()).count() as u64;
            assert_eq!(
                (s.summary.events, s.summary.signed),
                (events.len() as u64, signed),
                "{name}"
            );
        }
    }

    /// Table: the summary of a signed project (counts per role and signer, since when).
    #[test]
    fn the_summary_counts_per_role_and_signer() {
        use crate::projection::signatures::{RoleCount, SignerCount};
        let ledger = vec![
            register(1, "admin", "admin"),
            register(2, "clerk", "clerk"),
            register(3, "bureau", "finance"),
            require(4),
            // After the report's head: ignored.
            revoke(99, "clerk"),
        ];
        let events = vec![
            spend(5, "clerk", true),
            cut(6, "bureau"),
            spend(7, "clerk", true),
            spend(8, "stranger", true),
        ];
        let s = fold(&events, &ledger, 50).summary;
        assert!(s.required);
        assert_eq!(s.required_since, Some(4));
        assert_eq!(s.roles, "roles-2026");
        assert_eq!((s.events, s.signed), (4, 4));
        let role = |role, events| RoleCount { role, events };
        assert_eq!(
            s.by_role,
            vec![role(Role::Clerk, 2), role(Role::Finance, 1)]
        );
        let signer = |actor: &str, role, events| SignerCount {
            actor: actor.into(),
            role,
            events,
        };
        assert_eq!(
            s.signers,
            vec![
                signer("clerk", Some(Role::Clerk), 2),
                signer("bureau", Some(Role::Finance), 1),
                signer("stranger", None, 1)
            ]
        );
        assert!(s.unsigned_seqs.is_empty());
        // Before the switch, at a head of 3: not required.
        let early = fold(&[spend(2, "x", false)], &ledger, 3).summary;
        assert_eq!(
            (early.required, early.required_since, early.unsigned_seqs),
            (false, None, vec![2])
        );
    }
}
