//! Which key may sign the log's checkpoint (`checkpoint --key`, `report --bundle --key`):
//! the rule `checkpoint-signer` (DESIGN.md "Trust": a checkpoint is "signed by the ledger's
//! admin key"), judged against the actors of the ledger as of its head.

use super::Failure;
use crate::event::Role;
use crate::i18n::Msg;
use crate::ledger::signing::{ActorEntry, TrustState};
use crate::ledger::Ledger;
use crate::trust::keys::{SigningKey, VerifierKey};

/// The name of the rule a refusal names.
pub const RULE: &str = "checkpoint-signer";

/// Judges `key` as the log's signing key of `ledger`. A ledger that ever registered an admin
/// (a signed ledger) takes only the verifier key of a registered, unrevoked `admin` actor;
/// anything else is refused (exit 2, before anything is written) naming the key's name and
/// id, why it is not an admin's, and the admins' keys. A ledger with no admin takes any key.
/// Ok is the line saying which key signed (printed to stderr).
pub fn judge(ledger: &Ledger, key: &SigningKey) -> Result<Msg, Failure> {
    let state = ledger.trust_state()?;
    judge_in(&state, &key.note_key())
}

/// `judge` against the actors in `state`, for the note key `vkey` (type 0x01).
pub fn judge_in(state: &TrustState, vkey: &VerifierKey) -> Result<Msg, Failure> {
    let named = |m: Msg| m.arg("name", &vkey.name).arg("id", key_id(vkey));
    if !state.actors.values().any(|a| a.role == Role::Admin) {
        return Ok(named(Msg::new("checkpoint-signed-unchecked")));
    }
    // Every actor registered with this key, in registration order (one key may have been
    // registered under more than one id); an unrevoked admin among them signs.
    let by_key: Vec<&ActorEntry> = state
        .actors_in_order()
        .into_iter()
        .filter(|a| a.key == *vkey)
        .collect();
    let is_admin = |a: &&ActorEntry| a.role == Role::Admin && a.revoked.is_none();
    if let Some(a) = by_key.iter().copied().find(is_admin) {
        return Ok(named(Msg::new("checkpoint-signed-admin")).arg("seq", a.registered_seq));
    }
    let why = match by_key.first() {
        Some(a) => match (&a.revoked, a.role) {
            (Some((seq, reason)), Role::Admin) => Msg::new("checkpoint-signer-why-revoked")
                .arg("seq", seq)
                .arg("reason", reason),
            _ => Msg::new("checkpoint-signer-why-role")
                .arg("actor", &a.id)
                .arg("role", format!("{} ({})", a.role.zh(), a.role.as_str()))
                .arg("seq", a.registered_seq),
        },
        None => match state.actors.get(&vkey.name) {
            Some(a) => Msg::new("checkpoint-signer-why-other-key")
                .arg("actor", &a.id)
                .arg("registered", a.key.encode()),
            None => Msg::new("checkpoint-signer-why-unknown"),
        },
    };
    let admins: Vec<String> = state
        .actors_in_order()
        .into_iter()
        .filter(is_admin)
        .map(|a| format!("{}+{}", a.key.name, key_id(&a.key)))
        .collect();
    let detail = named(Msg::new("checkpoint-signer-not-admin"))
        .arg_msg("why", why)
        .arg(
            "admins",
            if admins.is_empty() {
                "—".to_string()
            } else {
                admins.join(", ")
            },
        );
    Err(Failure::input(
        Msg::new("rule-violation-named")
            .arg("rule", RULE)
            .arg_msg("name", Msg::new("rule-name-checkpoint-signer"))
            .arg_msg("message", detail),
    ))
}

fn key_id(key: &VerifierKey) -> String {
    crate::trust::checkpoint::hex_id(key.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{ActorRegistered, ActorRevoked, Envelope, EventData, ZERO_HASH};
    use crate::i18n::Lang;

    fn key(name: &str, seed: u8) -> VerifierKey {
        SigningKey::from_seed(name, [seed; 32]).unwrap().note_key()
    }

    fn env(seq: u64, data: EventData) -> Envelope {
        Envelope {
            seq,
            recorded_at: chrono::DateTime::UNIX_EPOCH,
            effective: crate::time::Day(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()),
            actor: "admin".into(),
            project: crate::ids::ProjectId::new(crate::event::LEDGER_STREAM).unwrap(),
            data,
            prev: ZERO_HASH,
            id: None,
            project_prev: None,
            signed: None,
        }
    }

    /// The actors (id, role, key seed, revoked), registered (and revoked) in order.
    fn state(actors: &[(&str, Role, u8, bool)]) -> TrustState {
        let mut state = TrustState::default();
        for (i, (id, role, seed, revoked)) in actors.iter().enumerate() {
            let seq = i as u64 * 2 + 1;
            state.take(&env(
                seq,
                EventData::ActorRegistered(ActorRegistered {
                    id: (*id).to_string(),
                    role: *role,
                    key: key(id, *seed).encode(),
                    department: None,
                }),
            ));
            if *revoked {
                state.take(&env(
                    seq + 1,
                    EventData::ActorRevoked(ActorRevoked {
                        id: (*id).to_string(),
                        reason: "调离".into(),
                    }),
                ));
            }
        }
        state
    }

    type Actors<'a> = &'a [(&'a str, Role, u8, bool)];

    /// (actors, the key offered, whether it signs, what the line or the refusal says); every
    /// line and refusal names the offered key's name and id.
    #[test]
    fn only_an_unrevoked_admin_key_signs_a_signed_ledgers_checkpoint() {
        use Role::*;
        let story = [
            ("admin", Admin, 1, false),
            ("clerk", Clerk, 2, false),
            ("old-admin", Admin, 3, true),
        ];
        let none: Actors = &[];
        let cases: [(Actors, VerifierKey, bool, Vec<&str>); 6] = [
            (none, key("anyone", 9), true, vec!["未核对", "未登记管理员"]),
            (&story, key("admin", 1), true, vec!["管理员", "序号 1"]),
            (
                &story,
                key("clerk", 2),
                false,
                vec![
                    "违反规则「检查点由管理员签名」（checkpoint-signer）",
                    "经办 (clerk)",
                    "admin+",
                ],
            ),
            (&story, key("old-admin", 3), false, vec!["注销", "调离"]),
            (&story, key("admin", 7), false, vec!["不同", "admin+"]),
            (&story, key("stranger", 8), false, vec!["未在本账本登记"]),
        ];
        for (actors, offered, signs, needles) in cases {
            let text = match judge_in(&state(actors), &offered) {
                Ok(line) if signs => line.render(Lang::Zh),
                Err(f) if !signs => {
                    assert_eq!(f.code, 2);
                    f.msg.render(Lang::Zh)
                }
                other => panic!("{}: {other:?}", offered.name),
            };
            let named = format!("{}（密钥编号 {}", offered.name, key_id(&offered));
            assert!(text.contains(&named), "lacks {named:?}: {text}");
            for n in needles {
                assert!(text.contains(n), "lacks {n:?}: {text}");
            }
        }
    }
}
