//! Trust primitives (issue 15, DESIGN.md "Trust"): evidence that survives the ledger's owner.
//! Everything here is an external contract that other people's tools check:
//!
//! - `keys`: Ed25519 keys (RFC 8032) in a key directory outside the ledger, published as
//!   c2sp.org/signed-note verifier keys `<name>+<8 hex key id>+<base64(0x01 || public key)>`;
//! - `merkle`: the RFC 9162 §2.1.1 Merkle Tree Hash (SHA-256) over the events' BLAKE3 hashes;
//! - `proof`: inclusion and consistency proofs (RFC 9162 §2.1.3–2.1.4) and their JSON;
//! - `checkpoint`: c2sp.org/tlog-checkpoint signed notes and c2sp.org/tlog-cosignature
//!   `cosignature/v1` lines;
//! - `witness`: a witness's state (the last checkpoint it cosigned per origin) and its
//!   refusal of a rollback or a fork;
//! - `leaves`: the leaves of a ledger or an export, the leaf file kept beside a checkpoint,
//!   and the first seq where two histories part.
//!
//! Pure but for the key directory and the witness state directory (files); nothing here reads
//! the clock, the environment or randomness: the command line passes them in.

pub mod bundle;
pub mod checkpoint;
pub mod keys;
pub mod leaves;
pub mod merkle;
pub mod proof;
pub use crate::event::roles;
pub mod witness;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;

pub use merkle::Hash;

pub use crate::event::ed25519::{b64, from_b64, TrustError};

/// A base64 SHA-256 hash, or None when the text is not exactly that.
#[must_use]
pub fn hash_from_b64(text: &str) -> Option<Hash> {
    let bytes = BASE64.decode(text).ok()?;
    let hash: Hash = bytes.try_into().ok()?;
    // One spelling only: the canonical encoding of those 32 bytes.
    (b64(&hash) == text).then_some(hash)
}
