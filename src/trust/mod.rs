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

pub mod checkpoint;
pub mod keys;
pub mod leaves;
pub mod merkle;
pub mod proof;
pub mod witness;

use std::fmt;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;

use crate::i18n::Msg;

pub use merkle::Hash;

/// What went wrong, as a message in the users' language (`trust.ftl`). `Input` is bad input
/// (a malformed key, note, proof or file; exit 2, nothing written); `Failed` is a check that
/// found a problem (a signature, a proof, a rollback, a fork; exit 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustError {
    Input(Msg),
    Failed(Msg),
}

impl TrustError {
    /// The message, whichever kind.
    #[must_use]
    pub fn msg(&self) -> &Msg {
        match self {
            TrustError::Input(m) | TrustError::Failed(m) => m,
        }
    }

    /// An I/O failure on `path` (`trust-io`), counted as bad input (nothing was written).
    pub(crate) fn io(path: &std::path::Path, e: &std::io::Error) -> TrustError {
        TrustError::Input(
            Msg::new("trust-io")
                .arg("path", path.display())
                .arg("error", e),
        )
    }
}

impl fmt::Display for TrustError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg().english())
    }
}

impl std::error::Error for TrustError {}

/// Standard base64 (RFC 4648 §4, with padding), as signed notes and the proof JSON use it.
#[must_use]
pub fn b64(bytes: &[u8]) -> String {
    BASE64.encode(bytes)
}

/// A base64 SHA-256 hash, or None when the text is not exactly that.
#[must_use]
pub fn hash_from_b64(text: &str) -> Option<Hash> {
    let bytes = BASE64.decode(text).ok()?;
    let hash: Hash = bytes.try_into().ok()?;
    // One spelling only: the canonical encoding of those 32 bytes.
    (b64(&hash) == text).then_some(hash)
}

/// Bytes from standard base64, or None.
#[must_use]
pub fn from_b64(text: &str) -> Option<Vec<u8>> {
    BASE64.decode(text).ok()
}
