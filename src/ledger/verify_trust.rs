//! What `verify` checks of format 2 and signed ledgers, after the chain (issue 15): every
//! `project_prev` is the hash of the project's previous event (64 zeros for its first), a
//! ledger is all format 1 or all format 2, and, judged against the actors as of each seq
//! (`signing::TrustState`), every event that must be signed is, by a registered, unrevoked
//! actor whose role may record it, over its statement, once. Without the ledger id (an export
//! checked alone) the signatures' cryptography cannot be checked; everything else is.

use std::collections::HashMap;

use super::signing::TrustState;
use super::verify::Problem;
use crate::event::hash::to_hex;
use crate::event::statement::Statement;
use crate::event::{Envelope, Hash32, ZERO_HASH};

/// Walks the events in seq order.
pub struct TrustWalker {
    ledger: Option<String>,
    format2: Option<bool>,
    heads: HashMap<String, Hash32>,
    kinds: HashMap<u64, &'static str>,
    statements: HashMap<Hash32, u64>,
    trust: TrustState,
    /// Signed events whose signature was checked, and those that could not be (no ledger id).
    pub signed_checked: u64,
    pub signed_unchecked: u64,
}

impl TrustWalker {
    /// A walker for the ledger `ledger` (None: signatures are not checked cryptographically).
    #[must_use]
    pub fn new(ledger: Option<&str>) -> TrustWalker {
        TrustWalker {
            ledger: ledger.map(str::to_string),
            format2: None,
            heads: HashMap::new(),
            kinds: HashMap::new(),
            statements: HashMap::new(),
            trust: TrustState::default(),
            signed_checked: 0,
            signed_unchecked: 0,
        }
    }

    /// The next event (its hash already checked by the chain).
    pub fn step(&mut self, env: &Envelope, hash: Hash32) -> Result<(), Problem> {
        let bad = |what: String| Problem { seq: env.seq, what };
        let v2 = env.project_prev.is_some();
        if *self.format2.get_or_insert(v2) != v2 {
            return Err(bad(format!(
                "mixed envelope formats: seq {} is format {} but the ledger's first event is format {}",
                env.seq,
                if v2 { 2 } else { 1 },
                if v2 { 1 } else { 2 }
            )));
        }
        let project = env.project.as_str();
        if let Some(pp) = env.project_prev {
            let expected = self.heads.get(project).copied().unwrap_or(ZERO_HASH);
            if pp != expected {
                return Err(bad(format!(
                    "broken project_prev link: project {project}'s previous event hashes to {} but project_prev is {} (an event of the project was removed, inserted or altered)",
                    to_hex(&expected),
                    to_hex(&pp)
                )));
            }
        }
        let judged = self.trust.required_since.is_some()
            || env.signed.is_some()
            || env.data.is_ledger_level()
            || project == crate::event::LEDGER_STREAM;
        if judged {
            let target = env
                .data
                .target_seq()
                .and_then(|t| self.kinds.get(&t).copied());
            let checked = match &self.ledger {
                Some(l) => self.trust.check(env, l, target),
                None => self.trust.check_unsigned_crypto(env, target),
            };
            checked.map_err(|r| bad(format!("{} ({})", r.text(), r.field)))?;
            if let (Some(s), Some(l)) = (&env.signed, &self.ledger) {
                let digest = Statement::of(env, s.signed_at).digest(l);
                if let Some(seq) = self.statements.insert(digest, env.seq) {
                    return Err(bad(format!(
                        "rule statement-once: seq {} repeats the signed statement of seq {seq}",
                        env.seq
                    )));
                }
            }
            match (&env.signed, &self.ledger) {
                (Some(_), Some(_)) => self.signed_checked += 1,
                (Some(_), None) => self.signed_unchecked += 1,
                _ => {}
            }
            self.trust.take(env);
        }
        self.heads.insert(project.to_string(), hash);
        self.kinds.insert(env.seq, env.type_name());
        Ok(())
    }

    /// The actors and settings after the last step.
    #[must_use]
    pub fn trust(&self) -> &TrustState {
        &self.trust
    }
}
