//! Who signed a project's events (issue 15 item 5): the report's `signatures` block and the
//! signed events their signers may not have recorded, folded from the project's events and
//! the ledger-level stream (`_ledger`: `actor.registered`, `actor.revoked`,
//! `ledger.configured`) in seq order, each event judged against the actors as of its seq
//! (`event::actors::TrustState`, the state appends and `verify` judge with). Pure.
//!
//! What it does not do: check a signature's cryptography (that needs the ledger id and is
//! `verify`'s and `verify-bundle`'s job); "signed" here means the envelope carries `sig`.

use serde::Serialize;

use crate::event::actors::TrustState;
use crate::event::{Role, Stored};

/// The report's `signatures` block: whether the ledger required signatures at the report's
/// head and since when, and how many of the project's events the report rests on were signed,
/// by which roles and actors. Counts are events; seqs are the ledger's.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq, Eq)]
pub struct SigningSummary {
    /// Whether a `ledger.configured` at or before the report's head requires signatures.
    pub required: bool,
    /// The seq of that `ledger.configured`; null when signatures are not required.
    pub required_since: Option<u64>,
    /// The role policy in force at the report's head (`roles-2026` unless configured).
    pub roles: String,
    /// The project's events the report rests on (up to its head and view).
    pub events: u64,
    /// How many of them carry a signature.
    pub signed: u64,
    /// Per role (in `Role::ALL` order, roles with none left out), the events signed by an
    /// actor registered with that role at the event's seq.
    pub by_role: Vec<RoleCount>,
    /// Each signer and role in the order first seen: actor id, role as registered at the
    /// event's seq (null: not registered then), and how many events it signed in that role.
    pub signers: Vec<SignerCount>,
    /// The seqs of the project's events without a signature, ascending.
    pub unsigned_seqs: Vec<u64>,
}

/// Events signed by one role.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq, Eq)]
pub struct RoleCount {
    pub role: Role,
    pub events: u64,
}

/// Events signed by one actor in one role (null: the actor was not registered then).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema, PartialEq, Eq)]
pub struct SignerCount {
    pub actor: String,
    pub role: Option<Role>,
    pub events: u64,
}

/// A signed event whose signer may not have recorded it, judged at its seq.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misfit {
    pub seq: u64,
    pub actor: String,
    /// The type judged: the event's, or for a correction or reversal its target's.
    pub kind: String,
    pub why: MisfitWhy,
}

/// Why a signer may not have recorded an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MisfitWhy {
    /// No actor of that id was registered at the event's seq.
    Unknown,
    /// The actor registered at `registered` was revoked at `revoked`, before the event.
    Revoked { registered: u64, revoked: u64 },
    /// The actor's registered role may not record the type under `policy`, which allows
    /// `allowed` (empty: no role).
    Role {
        role: Role,
        registered: u64,
        policy: String,
        allowed: Vec<Role>,
    },
}

/// The summary and the misfits of one project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signing {
    pub summary: SigningSummary,
    pub misfits: Vec<Misfit>,
}

/// Folds `events` (the project's, ascending by seq, those the report rests on) and
/// `ledger_events` (the `_ledger` stream's, ascending; those past `head_seq` are ignored) in
/// seq order: each `_ledger` event updates the actors, each project event is counted and,
/// when signed, judged against the actors as of its seq. O(n + m).
#[must_use]
pub fn signing(events: &[Stored], ledger_events: &[Stored], head_seq: u64) -> Signing {
    let mut trust = TrustState::default();
    let mut tally = Tally::default();
    let mut actors = ledger_events
        .iter()
        .filter(|s| s.env.seq <= head_seq)
        .peekable();
    for s in events {
        while let Some(a) = actors.next_if(|a| a.env.seq < s.env.seq) {
            trust.take(&a.env);
        }
        tally.event(s, &trust);
    }
    for a in actors {
        trust.take(&a.env);
    }
    Signing {
        summary: tally.summary(&trust),
        misfits: tally.misfits,
    }
}

#[derive(Default)]
struct Tally {
    events: u64,
    unsigned: Vec<u64>,
    kinds: std::collections::HashMap<u64, &'static str>,
    signers: Vec<SignerCount>,
    misfits: Vec<Misfit>,
}

impl Tally {
    fn event(&mut self, s: &Stored, trust: &TrustState) {
        let env = &s.env;
        self.events += 1;
        self.kinds.insert(env.seq, env.type_name());
        if env.signed.is_none() {
            self.unsigned.push(env.seq);
            return;
        }
        let entry = trust.actors.get(&env.actor);
        let role = entry.map(|a| a.role);
        match self
            .signers
            .iter_mut()
            .find(|c| c.actor == env.actor && c.role == role)
        {
            Some(c) => c.events += 1,
            None => self.signers.push(SignerCount {
                actor: env.actor.clone(),
                role,
                events: 1,
            }),
        }
        let kind = env
            .data
            .target_seq()
            .and_then(|t| self.kinds.get(&t).copied())
            .unwrap_or(env.type_name());
        let why = match entry {
            None => Some(MisfitWhy::Unknown),
            Some(a) => match a.revoked {
                Some((revoked, _)) => Some(MisfitWhy::Revoked {
                    registered: a.registered_seq,
                    revoked,
                }),
                None if !trust.policy.allows(a.role, kind) => Some(MisfitWhy::Role {
                    role: a.role,
                    registered: a.registered_seq,
                    policy: trust.policy.id.clone(),
                    allowed: trust.policy.roles_for(kind).to_vec(),
                }),
                None => None,
            },
        };
        if let Some(why) = why {
            self.misfits.push(Misfit {
                seq: env.seq,
                actor: env.actor.clone(),
                kind: kind.to_string(),
                why,
            });
        }
    }

    fn summary(&self, trust: &TrustState) -> SigningSummary {
        let by_role = Role::ALL
            .into_iter()
            .map(|role| RoleCount {
                role,
                events: self
                    .signers
                    .iter()
                    .filter(|c| c.role == Some(role))
                    .map(|c| c.events)
                    .sum(),
            })
            .filter(|c| c.events > 0)
            .collect();
        SigningSummary {
            required: trust.required_since.is_some(),
            required_since: trust.required_since,
            roles: trust.policy.id.clone(),
            events: self.events,
            signed: self.events - self.unsigned.len() as u64,
            by_role,
            signers: self.signers.clone(),
            unsigned_seqs: self.unsigned.clone(),
        }
    }
}
