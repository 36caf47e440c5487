//! What `verify` checks of format 2 and signed ledgers, after the chain (issue 15): every
//! `project_prev` is the hash of the project's previous event (64 zeros for its first), a
//! ledger is all format 1 or all format 2, and, judged against the actors as of each seq
//! (`signing::TrustState`), every event that must be signed is, by a registered, unrevoked
//! actor whose role may record it, over its statement, once. Without the ledger id (an export
//! checked alone) the signatures' cryptography cannot be checked; everything else is.

use rustc_hash::FxHashMap;

use super::signing::TrustState;
use super::verify::Problem;
use crate::event::hash::to_hex;
use crate::event::statement::Statement;
use crate::event::{Envelope, Hash32, ZERO_HASH};

/// The envelope members the walk reads of every event (`step_parts`).
pub(super) struct Parts<'a> {
    pub seq: u64,
    pub project: &'a str,
    pub project_prev: Option<Hash32>,
    pub kind: &'static str,
    pub signed: bool,
}

/// The ledger-level types (`actor.*`, `ledger.*`: `EventData::is_ledger_level`) by name.
pub(super) fn is_ledger_level(kind: &str) -> bool {
    kind.starts_with("actor.") || kind.starts_with("ledger.")
}

/// Whether an event is judged whatever the ledger's settings: it is signed, of a
/// ledger-level type, or in the `_ledger` stream. (Once signatures are required, every
/// event is.)
pub(super) fn must_judge(signed: bool, kind: &str, project: &str) -> bool {
    signed || is_ledger_level(kind) || project == crate::event::LEDGER_STREAM
}

fn unreachable_read() -> Result<Envelope, Problem> {
    unreachable!("invariant: step passes the typed event")
}

/// What a verify worker reads of one record for the trust walk: its members, and the typed
/// event when `must_judge` says it will be judged.
pub(super) struct TrustFacts {
    pub project: Box<str>,
    pub project_prev: Option<Hash32>,
    pub kind: &'static str,
    pub signed: bool,
    pub env: Option<Box<Envelope>>,
}

impl TrustFacts {
    /// From a typed event (the exact path).
    pub(super) fn of(env: &Envelope) -> TrustFacts {
        let (signed, kind) = (env.signed.is_some(), env.type_name());
        TrustFacts {
            project: env.project.as_str().into(),
            project_prev: env.project_prev,
            kind,
            signed,
            env: must_judge(signed, kind, env.project.as_str()).then(|| Box::new(env.clone())),
        }
    }

    pub(super) fn parts(&self, seq: u64) -> Parts<'_> {
        Parts {
            seq,
            project: &self.project,
            project_prev: self.project_prev,
            kind: self.kind,
            signed: self.signed,
        }
    }
}

/// Walks the events in seq order.
pub struct TrustWalker {
    ledger: Option<String>,
    format2: Option<bool>,
    heads: FxHashMap<String, Hash32>,
    /// Each seq's event type (`""` for a seq not seen): what a correction is judged by.
    kinds: Vec<&'static str>,
    statements: FxHashMap<Hash32, u64>,
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
            heads: FxHashMap::default(),
            kinds: Vec::new(),
            statements: FxHashMap::default(),
            trust: TrustState::default(),
            signed_checked: 0,
            signed_unchecked: 0,
        }
    }

    /// The next event (its hash already checked by the chain).
    pub fn step(&mut self, env: &Envelope, hash: Hash32) -> Result<(), Problem> {
        let parts = Parts {
            seq: env.seq,
            project: env.project.as_str(),
            project_prev: env.project_prev,
            kind: env.type_name(),
            signed: env.signed.is_some(),
        };
        self.step_parts(&parts, hash, Some(env), &mut |_| unreachable_read())
    }

    /// `step` from the envelope's members alone. The whole event is needed only when it is
    /// judged (`must_judge`, or the ledger requires signatures): `typed` if the caller has
    /// it, else `read_back(seq)`.
    pub(super) fn step_parts(
        &mut self,
        p: &Parts<'_>,
        hash: Hash32,
        typed: Option<&Envelope>,
        read_back: &mut dyn FnMut(u64) -> Result<Envelope, Problem>,
    ) -> Result<(), Problem> {
        self.link(p)?;
        if self.trust.required_since.is_some() || must_judge(p.signed, p.kind, p.project) {
            match typed {
                Some(env) => self.judge(env)?,
                None => self.judge(&read_back(p.seq)?)?,
            }
        }
        match self.heads.get_mut(p.project) {
            Some(head) => *head = hash,
            None => {
                self.heads.insert(p.project.to_string(), hash);
            }
        }
        let at = usize::try_from(p.seq).unwrap_or(usize::MAX);
        if self.kinds.len() <= at {
            self.kinds.resize(at + 1, "");
        }
        self.kinds[at] = p.kind;
        Ok(())
    }

    /// One format throughout, and each `project_prev` the project's previous event's hash.
    fn link(&mut self, p: &Parts<'_>) -> Result<(), Problem> {
        let bad = |what: String| Problem { seq: p.seq, what };
        let v2 = p.project_prev.is_some();
        if *self.format2.get_or_insert(v2) != v2 {
            return Err(bad(format!(
                "mixed envelope formats: seq {} is format {} but the ledger's first event is format {}",
                p.seq,
                if v2 { 2 } else { 1 },
                if v2 { 1 } else { 2 }
            )));
        }
        let Some(pp) = p.project_prev else {
            return Ok(());
        };
        let expected = self.heads.get(p.project).copied().unwrap_or(ZERO_HASH);
        if pp != expected {
            return Err(bad(format!(
                "broken project_prev link: project {}'s previous event hashes to {} but project_prev is {} (an event of the project was removed, inserted or altered)",
                p.project,
                to_hex(&expected),
                to_hex(&pp)
            )));
        }
        Ok(())
    }

    /// The signature, its signer's standing and role, and the once-per-ledger rule.
    fn judge(&mut self, env: &Envelope) -> Result<(), Problem> {
        let bad = |what: String| Problem { seq: env.seq, what };
        let target = env
            .data
            .target_seq()
            .and_then(|t| usize::try_from(t).ok())
            .and_then(|t| self.kinds.get(t).copied())
            .filter(|k| !k.is_empty());
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
        Ok(())
    }

    /// The actors and settings after the last step.
    #[must_use]
    pub fn trust(&self) -> &TrustState {
        &self.trust
    }
}
