//! `verify-bundle`: every check of a report bundle, with no ledger. Each event's hash
//! (JCS + BLAKE3, as `verify --export`), its `project_prev` link to the previous bundled
//! event of the project, its inclusion proof against the checkpoint's root, the checkpoint's
//! signatures by the keys given, the project's last bundled event against the project head
//! the report quotes (so leaving out the last events is caught), each signature and role
//! against the bundled `_ledger` events (`ledger::verify_trust::TrustWalker`), and the report
//! recomputed from the events.

use serde_json::Value;

use super::{rebuild_report, Bundle, BUNDLE_TAG};
use crate::event::envelope::parse_envelope;
use crate::event::hash::{event_hash, to_hex};
use crate::event::{Envelope, Hash32, Role, LEDGER_STREAM, ZERO_HASH};
use crate::i18n::Msg;
use crate::ledger::verify_trust::TrustWalker;
use crate::ledger::Stored;
use crate::trust::checkpoint::{origin_of, SignedCheckpoint};
use crate::trust::keys::VerifierKey;
use crate::trust::proof::{verify_inclusion, InclusionProof};
use crate::trust::TrustError;

/// What a bundle that verified holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub project: String,
    pub events: usize,
    pub checkpoint_size: u64,
    /// Each distinct signer of the project's events and its role as registered when it
    /// signed, in first-seen order (the command line words them per language).
    pub signers: Vec<(String, Role)>,
    /// Whether a log key was given (and verified); the witnesses whose cosignature verified.
    pub log_checked: bool,
    pub witnesses: usize,
    pub digest: String,
}

fn bad(why: impl std::fmt::Display) -> TrustError {
    TrustError::Input(Msg::new("bundle-bad").arg("why", why.to_string()))
}

/// Checks the bundle `text` against the log's key (None: not checked, `log_checked` false)
/// and each witness key (each must have cosigned). Input errors (not a bundle) are
/// `TrustError::Input`; every check that fails is `TrustError::Failed` naming the seq.
pub fn verify(
    text: &str,
    log_key: Option<&VerifierKey>,
    witness_keys: &[VerifierKey],
) -> Result<Verified, TrustError> {
    let bundle: Bundle = serde_json::from_str(text).map_err(bad)?;
    if bundle.bundle != BUNDLE_TAG {
        return Err(bad(format!(
            "bundle = {:?}, expected {BUNDLE_TAG:?}",
            bundle.bundle
        )));
    }
    let report: Value = serde_json::from_str(bundle.report.get()).map_err(bad)?;
    let s = |p: &str| {
        report
            .pointer(p)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let (project, ledger_id) = (s("/project/id"), s("/integrity/ledger_id"));
    let head_seq = report
        .pointer("/integrity/head_seq")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let signed = SignedCheckpoint::parse(bundle.checkpoint.as_bytes())?;
    if let Some(key) = log_key {
        signed.verify_log(key)?;
    }
    for key in witness_keys {
        signed.verify_cosignature(key)?;
    }
    let cp = &signed.checkpoint;
    if cp.origin != origin_of(&ledger_id) {
        return Err(TrustError::Failed(
            Msg::new("checkpoint-other-ledger")
                .arg("origin", &cp.origin)
                .arg("ledger", origin_of(&ledger_id)),
        ));
    }
    if cp.size < head_seq {
        return Err(TrustError::Failed(
            Msg::new("bundle-checkpoint-short")
                .arg("size", cp.size)
                .arg("head", head_seq),
        ));
    }
    if bundle.proofs.len() != bundle.events.len() {
        return Err(TrustError::Failed(
            Msg::new("bundle-counts-differ")
                .arg("events", bundle.events.len())
                .arg("proofs", bundle.proofs.len()),
        ));
    }
    let mut events = Vec::new();
    for (line, proof) in bundle.events.iter().zip(&bundle.proofs) {
        events.push(checked_line(line.get(), proof.get(), &signed)?);
    }
    let mut actors = Vec::new();
    for a in &bundle.actors {
        actors.push(checked_line(a.event.get(), a.proof.get(), &signed)?);
    }
    check_links(&events, &actors, &project, head_seq)?;
    check_project_head(&events, &report)?;
    check_signatures(&events, &actors, &ledger_id)?;
    let digest = rebuild_report(&events, &actors, &report)?;
    let signers = signers_of(&events, &actors, head_seq);
    Ok(Verified {
        project,
        events: events.len(),
        checkpoint_size: cp.size,
        signers,
        log_checked: log_key.is_some(),
        witnesses: witness_keys.len(),
        digest,
    })
}

/// One export line: its hash recomputed, its inclusion proof (leaf seq − 1, the checkpoint's
/// size) leading to the checkpoint's root.
fn checked_line(line: &str, proof: &str, signed: &SignedCheckpoint) -> Result<Stored, TrustError> {
    let (env, quoted) = parse_envelope(line).map_err(bad)?;
    let hash = event_hash(&env.canonical_bytes());
    if quoted != Some(hash) {
        return Err(TrustError::Failed(
            Msg::new("bundle-hash-mismatch").arg("seq", env.seq),
        ));
    }
    let proof = InclusionProof::from_json(proof)?;
    let cp = &signed.checkpoint;
    let leads = proof.leaf_index + 1 == env.seq
        && proof.tree_size == cp.size
        && verify_inclusion(&hash, &proof, &cp.root).is_ok();
    if !leads {
        return Err(TrustError::Failed(
            Msg::new("bundle-proof-fails")
                .arg("seq", env.seq)
                .arg("root", crate::trust::b64(&cp.root)),
        ));
    }
    Ok(Stored { env, hash })
}

/// Seqs rise; the project's events are its own, each linked (`project_prev`) to the one
/// before (64 zeros for the first), none past the report's head; the actors are `_ledger`'s.
fn check_links(
    events: &[Stored],
    actors: &[Stored],
    project: &str,
    head: u64,
) -> Result<(), TrustError> {
    let mut prev: Hash32 = ZERO_HASH;
    let mut last_seq = 0;
    for s in events {
        let e: &Envelope = &s.env;
        if e.project.as_str() != project || e.seq <= last_seq || e.seq > head {
            return Err(TrustError::Failed(
                Msg::new("bundle-event-foreign")
                    .arg("seq", e.seq)
                    .arg("project", project),
            ));
        }
        if e.project_prev != Some(prev) {
            return Err(TrustError::Failed(
                Msg::new("bundle-link-broken")
                    .arg("seq", e.seq)
                    .arg("expected", to_hex(&prev))
                    .arg(
                        "found",
                        e.project_prev.map(|h| to_hex(&h)).unwrap_or_default(),
                    ),
            ));
        }
        prev = s.hash;
        last_seq = e.seq;
    }
    match actors
        .iter()
        .find(|a| a.env.project.as_str() != LEDGER_STREAM)
    {
        Some(a) => Err(TrustError::Failed(
            Msg::new("bundle-event-foreign")
                .arg("seq", a.env.seq)
                .arg("project", LEDGER_STREAM),
        )),
        None => Ok(()),
    }
}

/// The project's last bundled event must be the project head the report quotes
/// (`integrity.project_head_seq`, `project_head_hash`): the links show that nothing is missing
/// before the last bundled event, this that nothing is missing after it.
fn check_project_head(events: &[Stored], report: &Value) -> Result<(), TrustError> {
    let seq = report
        .pointer("/integrity/project_head_seq")
        .and_then(Value::as_u64)
        .ok_or_else(|| bad("the report quotes no integrity.project_head_seq"))?;
    let hash = report
        .pointer("/integrity/project_head_hash")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("the report quotes no integrity.project_head_hash"))?;
    let (last, found) = events
        .last()
        .map_or((0, String::new()), |s| (s.env.seq, to_hex(&s.hash)));
    if last == seq && found == hash {
        return Ok(());
    }
    let msg = match last < seq {
        true => Msg::new("bundle-project-head-missing"),
        false => Msg::new("bundle-project-head-differs"),
    };
    Err(TrustError::Failed(
        msg.arg("seq", seq)
            .arg("hash", hash)
            .arg("last", last)
            .arg("found", found),
    ))
}

/// Walks the `_ledger` events and the project's in seq order as `verify` does: every
/// signature over its statement, by a registered, unrevoked actor of an allowed role.
fn check_signatures(
    events: &[Stored],
    actors: &[Stored],
    ledger_id: &str,
) -> Result<(), TrustError> {
    let mut all: Vec<&Stored> = events.iter().chain(actors).collect();
    all.sort_by_key(|s| s.env.seq);
    let mut walker = TrustWalker::new(Some(ledger_id));
    for s in all {
        walker.step(&s.env, s.hash).map_err(|p| {
            TrustError::Failed(
                Msg::new("bundle-signature-bad")
                    .arg("seq", p.seq)
                    .arg("what", p.what),
            )
        })?;
    }
    Ok(())
}

/// The project's signers and their roles as of each signature, first seen first (the
/// report's own summary, `projection::signatures`); after `check_signatures` every signer
/// was registered when it signed.
fn signers_of(events: &[Stored], actors: &[Stored], head_seq: u64) -> Vec<(String, Role)> {
    let summary = crate::projection::signatures::signing(events, actors, head_seq).summary;
    summary
        .signers
        .into_iter()
        .filter_map(|c| Some((c.actor, c.role?)))
        .collect()
}
