//! The actors and the role policy of a ledger as of some seq (issue 15): `TrustState`, folded
//! from the ledger-level stream (`_ledger`: `actor.registered`, `actor.revoked`,
//! `ledger.configured`) in seq order, and the judgement of one event against it — the
//! `_ledger` stream's own rules, a signature required, the signer registered and not revoked,
//! its role allowed by the policy, the signature over its statement. Pure (no storage, no
//! clock), so that the ledger (appends, the journal's replay, `verify`) and the core (the
//! report's signing summary, its findings) judge alike; `ledger::signing` re-exports it.
//!
//! Rules (each refusal names it; `rules.ftl`): `signature-required` (after a
//! `ledger.configured`), `signer-registered`, `signer-not-revoked`, `signer-role`,
//! `signature-valid`, `ledger-stream`, `actor-unique`, `actor-known`, `actor-key`,
//! `roles-known`.
//!
//! Bootstrap: an `actor.registered` of role admin whose `id` is the event's actor and whose
//! `key` verifies the event's own signature is accepted while no admin was ever registered
//! (the first admin signs itself in). Every other `_ledger` event is signed by an admin.

use std::collections::HashMap;

use super::ed25519::{VerifierKey, ALG_ED25519};
use super::roles::{self, RolePolicy, DEFAULT_ROLES};
use super::statement::Statement;
use super::{Envelope, EventData, Role, LEDGER_STREAM};
use crate::i18n::Msg;

/// A registered actor: role, verifier key, department, and when it was registered/revoked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorEntry {
    pub id: String,
    pub role: Role,
    pub key: VerifierKey,
    pub department: Option<String>,
    pub registered_seq: u64,
    /// The seq and reason of its `actor.revoked`.
    pub revoked: Option<(u64, String)>,
}

/// The actors and settings of a ledger as of some seq.
#[derive(Debug, Clone)]
pub struct TrustState {
    pub actors: HashMap<String, ActorEntry>,
    /// The seq of the `ledger.configured` that made signatures required.
    pub required_since: Option<u64>,
    pub policy: &'static RolePolicy,
}

impl Default for TrustState {
    fn default() -> TrustState {
        TrustState {
            actors: HashMap::new(),
            required_since: None,
            policy: roles::named(DEFAULT_ROLES).expect("invariant: the default role policy ships"),
        }
    }
}

/// A refusal: the rule's name and its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub rule: &'static str,
    pub field: &'static str,
    pub msg: Msg,
}

impl Refusal {
    /// A refusal of `rule`, naming the envelope's `field`.
    #[must_use]
    pub fn new(rule: &'static str, field: &'static str, msg: Msg) -> Refusal {
        Refusal { rule, field, msg }
    }

    /// `rule R: message` in English, as the library's rejections read (translated back).
    #[must_use]
    pub fn text(&self) -> String {
        format!("rule {}: {}", self.rule, self.msg.english())
    }
}

impl TrustState {
    /// Whether any admin was ever registered (the bootstrap rule applies until then).
    fn has_admin(&self) -> bool {
        self.actors.values().any(|a| a.role == Role::Admin)
    }

    /// Judges one event at its seq: the `_ledger` stream's own rules, then its signature (if
    /// any, or required), its signer's standing and role, against this state. `target_kind`
    /// is the type a correction or reversal targets. Pure; `take` applies an accepted event.
    pub fn check(
        &self,
        env: &Envelope,
        ledger: &str,
        target_kind: Option<&str>,
    ) -> Result<(), Refusal> {
        self.check_with(env, Some(ledger), target_kind)
    }

    /// `check` without the signature's cryptography (no ledger id to build the statement):
    /// the stream's rules, required signatures, the signer's standing and role.
    pub fn check_unsigned_crypto(
        &self,
        env: &Envelope,
        target_kind: Option<&str>,
    ) -> Result<(), Refusal> {
        self.check_with(env, None, target_kind)
    }

    fn check_with(
        &self,
        env: &Envelope,
        ledger: Option<&str>,
        target_kind: Option<&str>,
    ) -> Result<(), Refusal> {
        let ledger_level = env.data.is_ledger_level();
        if ledger_level != (env.project.as_str() == LEDGER_STREAM) {
            return Err(Refusal::new(
                "ledger-stream",
                "project",
                Msg::new("rule-ledger-stream")
                    .arg("type", env.type_name())
                    .arg("project", env.project.as_str()),
            ));
        }
        if ledger_level {
            self.check_ledger_event(env)?;
        }
        let Some(signed) = &env.signed else {
            if let Some(seq) = self.required_since {
                return Err(Refusal::new(
                    "signature-required",
                    "sig",
                    Msg::new("rule-signature-required")
                        .arg("seq", seq)
                        .arg("type", env.type_name())
                        .arg("actor", &env.actor),
                ));
            }
            if ledger_level {
                return Err(Refusal::new(
                    "signature-required",
                    "sig",
                    Msg::new("rule-signature-admin").arg("type", env.type_name()),
                ));
            }
            return Ok(());
        };
        let key = self.signer_key(env)?;
        let sig = ed25519_dalek::Signature::from_bytes(&signed.sig);
        let verifies = |ledger: &str| {
            let statement = Statement::of(env, signed.signed_at).bytes(ledger);
            key.verifying_key().verify_strict(&statement, &sig).is_ok()
        };
        if ledger.is_some_and(|l| !verifies(l)) {
            return Err(Refusal::new(
                "signature-valid",
                "sig",
                Msg::new("rule-signature-valid")
                    .arg("actor", &env.actor)
                    .arg("key", key.encode()),
            ));
        }
        if self.bootstrap(env) {
            return Ok(());
        }
        let role = self.actors[&env.actor].role;
        let kind = target_kind.unwrap_or(env.type_name());
        if !self.policy.allows(role, kind) {
            let allowed: Vec<String> = self
                .policy
                .roles_for(kind)
                .iter()
                .map(|r| format!("{} ({})", r.zh(), r.as_str()))
                .collect();
            return Err(Refusal::new(
                "signer-role",
                "actor",
                Msg::new("rule-signer-role")
                    .arg("actor", &env.actor)
                    .arg("role", format!("{} ({})", role.zh(), role.as_str()))
                    .arg("type", kind)
                    .arg(
                        "roles",
                        if allowed.is_empty() {
                            "—".to_string()
                        } else {
                            allowed.join(" / ")
                        },
                    )
                    .arg("policy", &self.policy.id),
            ));
        }
        Ok(())
    }

    /// The first admin registering itself, signed with the key it registers.
    fn bootstrap(&self, env: &Envelope) -> bool {
        matches!(&env.data, EventData::ActorRegistered(d)
            if d.role == Role::Admin && d.id == env.actor && !self.has_admin())
    }

    /// The key the event's actor signs with: registered and not revoked (or the bootstrap's).
    fn signer_key(&self, env: &Envelope) -> Result<VerifierKey, Refusal> {
        if self.bootstrap(env) {
            if let EventData::ActorRegistered(d) = &env.data {
                return parse_key(&d.key);
            }
        }
        let Some(actor) = self.actors.get(&env.actor) else {
            return Err(Refusal::new(
                "signer-registered",
                "actor",
                Msg::new("rule-signer-registered").arg("actor", &env.actor),
            ));
        };
        if let Some((seq, reason)) = &actor.revoked {
            return Err(Refusal::new(
                "signer-not-revoked",
                "actor",
                Msg::new("rule-signer-not-revoked")
                    .arg("actor", &env.actor)
                    .arg("seq", *seq)
                    .arg("reason", reason),
            ));
        }
        Ok(actor.key.clone())
    }

    /// The business rules of the `_ledger` stream.
    fn check_ledger_event(&self, env: &Envelope) -> Result<(), Refusal> {
        match &env.data {
            EventData::ActorRegistered(d) => {
                crate::ids::check_id("actor", &d.id, crate::ids::MAX_ACTOR_CHARS).map_err(|e| {
                    Refusal::new(
                        "actor-key",
                        "data.id",
                        Msg::new("rule-actor-id").arg("why", e),
                    )
                })?;
                parse_key(&d.key)?;
                if let Some(a) = self.actors.get(&d.id).filter(|a| a.revoked.is_none()) {
                    return Err(Refusal::new(
                        "actor-unique",
                        "data.id",
                        Msg::new("rule-actor-unique")
                            .arg("id", &d.id)
                            .arg("seq", a.registered_seq),
                    ));
                }
            }
            EventData::ActorRevoked(d)
                if self.actors.get(&d.id).is_none_or(|a| a.revoked.is_some()) =>
            {
                return Err(Refusal::new(
                    "actor-known",
                    "data.id",
                    Msg::new("rule-actor-known").arg("id", &d.id),
                ));
            }
            EventData::LedgerConfigured(d) if roles::named(&d.roles).is_none() => {
                let known: Vec<&str> = roles::shipped().iter().map(|p| p.id.as_str()).collect();
                return Err(Refusal::new(
                    "roles-known",
                    "data.roles",
                    Msg::new("rule-roles-known")
                        .arg("roles", &d.roles)
                        .arg("known", known.join(", ")),
                ));
            }
            _ => {}
        }
        Ok(())
    }

    /// Takes an accepted event in (only `_ledger` events change the state).
    pub fn take(&mut self, env: &Envelope) {
        match &env.data {
            EventData::ActorRegistered(d) => {
                let Ok(key) = parse_key(&d.key) else { return };
                self.actors.insert(
                    d.id.clone(),
                    ActorEntry {
                        id: d.id.clone(),
                        role: d.role,
                        key,
                        department: d.department.clone(),
                        registered_seq: env.seq,
                        revoked: None,
                    },
                );
            }
            EventData::ActorRevoked(d) => {
                if let Some(a) = self.actors.get_mut(&d.id) {
                    a.revoked = Some((env.seq, d.reason.clone()));
                }
            }
            EventData::LedgerConfigured(d) => {
                self.required_since.get_or_insert(env.seq);
                if let Some(p) = roles::named(&d.roles) {
                    self.policy = p;
                }
            }
            _ => {}
        }
    }

    /// Actors in registration order.
    #[must_use]
    pub fn actors_in_order(&self) -> Vec<&ActorEntry> {
        let mut all: Vec<&ActorEntry> = self.actors.values().collect();
        all.sort_by_key(|a| a.registered_seq);
        all
    }
}

/// A registered key: a signed-note verifier key of type Ed25519 (0x01).
pub fn parse_key(text: &str) -> Result<VerifierKey, Refusal> {
    let bad = |why: Msg| {
        Refusal::new(
            "actor-key",
            "data.key",
            Msg::new("rule-actor-key")
                .arg("key", text)
                .arg_msg("why", why),
        )
    };
    let key = VerifierKey::parse(text).map_err(|e| bad(e.msg().clone()))?;
    if key.alg != ALG_ED25519 {
        return Err(bad(Msg::new("vkey-why-type")));
    }
    Ok(key)
}
