//! The report bundle (issue 15, DESIGN.md "Trust", "Report bundle"): one JSON file holding a
//! report, every event of its project in the report's view (export lines), an inclusion proof
//! of each against a signed checkpoint, that checkpoint with its cosignatures, and the
//! `_ledger` events (actor registrations and revocations) its signatures rest on — checked by
//! `verify` with no ledger.
//!
//! Shape: `{"bundle":"jixiao bundle v1","report":{…},"events":[export line…],
//! "proofs":[{"hashes":[…],"leaf_index":…,"tree_size":…}…],"checkpoint":"<note text>",
//! "actors":[{"event":export line,"proof":{…}}…]}`.

mod rebuild;
mod verify;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

pub use rebuild::rebuild_report;
pub use verify::{verify, Verified};

/// The tag every bundle starts with.
pub const BUNDLE_TAG: &str = "jixiao bundle v1";

/// A bundle as written: every JSON part kept byte for byte as made (`RawValue`).
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bundle {
    /// Always `BUNDLE_TAG`.
    pub bundle: String,
    /// The JSON report, as `report --format json` writes it.
    pub report: Box<RawValue>,
    /// The project's export lines, in seq order.
    pub events: Vec<Box<RawValue>>,
    /// The inclusion proof of each event against the checkpoint, same order.
    pub proofs: Vec<Box<RawValue>>,
    /// The signed checkpoint note, with its cosignature lines.
    pub checkpoint: String,
    /// The `_ledger` events up to the report's head, each with its inclusion proof.
    pub actors: Vec<ActorLine>,
}

/// One `_ledger` export line and its inclusion proof.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorLine {
    pub event: Box<RawValue>,
    pub proof: Box<RawValue>,
}

/// A JSON text as a raw value (export lines, proofs and reports are JSON already).
///
/// # Panics
/// If `text` is not JSON: every caller passes what jixiao itself serialised.
#[must_use]
pub fn raw(text: &str) -> Box<RawValue> {
    RawValue::from_string(text.trim().to_string()).expect("invariant: jixiao writes JSON")
}
