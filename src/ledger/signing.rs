//! Who may record what (issue 15), the ledger's side: the actors and the role policy
//! (`TrustState`, pure, in `event::actors`, re-exported here) folded from the ledger-level
//! stream (`_ledger`) as of each seq, so appends, the journal's replay and `verify` judge each
//! event against the actors as of its seq; the once-per-ledger rule (`Trail`), and signing
//! import lines (`Signer`).
//!
//! Rules (each refusal names it; `rules.ftl`): those of `event::actors`, and here
//! `statement-once` and `signatures-need-format-2`.

use std::collections::HashMap;

pub use crate::event::actors::{parse_key, ActorEntry, Refusal, TrustState};
use crate::event::statement::Statement;
use crate::event::{Envelope, Hash32, LEDGER_STREAM};
use crate::i18n::Msg;

/// What the ledger keeps per project for format 2 and the once-per-ledger rule: the last
/// event's hash (the next `project_prev`) and the digests of its signed statements (→ seq).
/// (The type a correction targets comes from the project's facts, `Facts::type_at`.)
#[derive(Debug, Clone, Default)]
pub(super) struct Trail {
    pub(super) last_hash: Option<Hash32>,
    pub(super) statements: HashMap<Hash32, u64>,
}

impl Trail {
    /// Takes an event of the project in (stored or just appended).
    pub(super) fn take(&mut self, env: &Envelope, hash: Hash32, ledger: &str) {
        self.last_hash = Some(hash);
        if let Some(s) = &env.signed {
            let digest = Statement::of(env, s.signed_at).digest(ledger);
            self.statements.insert(digest, env.seq);
        }
    }

    /// The once-per-ledger rule: Err naming the seq that already holds the statement.
    pub(super) fn check_once(&self, env: &Envelope, ledger: &str) -> Result<(), Refusal> {
        let Some(s) = &env.signed else { return Ok(()) };
        let digest = Statement::of(env, s.signed_at).digest(ledger);
        match self.statements.get(&digest) {
            None => Ok(()),
            Some(seq) => Err(Refusal::new(
                "statement-once",
                "sig",
                Msg::new("rule-statement-once")
                    .arg("actor", &env.actor)
                    .arg("signed_at", crate::time::format_instant(s.signed_at))
                    .arg("seq", *seq),
            )),
        }
    }
}

/// Signs import lines as the ledger will store them (`--key`): data and project normalised
/// (`append::normalise`), `actor` the line's own or the signer's, `signed_at` the signer's
/// clock — one millisecond later for each line signed, so that two equal lines of one run
/// are two statements, not a replay.
pub struct Signer {
    pub ledger: String,
    pub actor: String,
    pub key: crate::event::ed25519::SigningKey,
    signed_at: std::cell::Cell<chrono::DateTime<chrono::Utc>>,
}

impl Signer {
    /// A signer for ledger `ledger`, signing as `actor` from `now` on (truncated to ms).
    #[must_use]
    pub fn new(
        ledger: &str,
        actor: &str,
        key: crate::event::ed25519::SigningKey,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Signer {
        Signer {
            ledger: ledger.to_string(),
            actor: actor.to_string(),
            key,
            signed_at: std::cell::Cell::new(crate::time::truncate_ms(now)),
        }
    }

    /// The line signed (a line that arrived signed is kept as it is).
    pub fn sign(
        &self,
        mut line: crate::event::ImportLine,
    ) -> Result<crate::event::ImportLine, crate::event::LineError> {
        use ed25519_dalek::Signer as _;
        if line.signed.is_some() {
            return Ok(line);
        }
        line.project = line
            .project
            .admitted()
            .map_err(|e| crate::event::LineError {
                field: "project".into(),
                message: e.to_string(),
            })?;
        line.data = super::append::normalise(line.data)?;
        let actor = line.actor.get_or_insert_with(|| self.actor.clone()).clone();
        let signed_at = self.signed_at.get();
        self.signed_at
            .set(signed_at + chrono::Duration::milliseconds(1));
        let statement = Statement {
            actor: &actor,
            data: &line.data,
            effective: line.effective,
            project: line.project.as_str(),
            signed_at,
        };
        let sig = self.key.ed25519().sign(&statement.bytes(&self.ledger));
        line.signed = Some(crate::event::Signed {
            signed_at,
            sig: sig.to_bytes(),
        });
        Ok(line)
    }
}

impl super::Ledger {
    /// The actors and settings as of the head (`actor list`, reports, bundles).
    pub fn trust_state(&self) -> Result<TrustState, super::ReadError> {
        let mut state = TrustState::default();
        for stored in self.project_events(LEDGER_STREAM)? {
            state.take(&stored.env);
        }
        Ok(state)
    }
}
