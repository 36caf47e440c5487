//! Ed25519 keys (RFC 8032) as c2sp.org/signed-note names them: key names, key ids, verifier
//! keys and signing keys, with standard base64 and the error they share with `trust`. Here,
//! below the ledger, because a signed ledger's rules check signatures (`ledger::signing`);
//! the key directory, which reads files, stays in `trust::keys`, which re-exports all this.
//!
//! - A key name is non-empty, has no Unicode whitespace, no `+` and no control character
//!   (signed-note §Format); an actor id such as `zj-czj/budget` is a good one.
//! - Key id = `SHA-256(name || 0x0A || type || public key)[:4]`, type 0x01 for note
//!   signatures (a log's checkpoint) and 0x04 for `cosignature/v1` (a witness), per
//!   signed-note §Signatures and c2sp.org/tlog-cosignature.
//! - Verifier key: `<name>+<8 hex key id>+<base64(type || public key)>`.

use std::fmt;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;

use crate::i18n::Msg;

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

/// Bytes from standard base64, or None.
#[must_use]
pub fn from_b64(text: &str) -> Option<Vec<u8>> {
    BASE64.decode(text).ok()
}

/// Signature type of an Ed25519 note signature (signed-note §Signature types).
pub const ALG_ED25519: u8 = 0x01;
/// Signature type of a timestamped Ed25519 checkpoint cosignature (tlog-cosignature).
pub const ALG_COSIGNATURE: u8 = 0x04;
/// Longest key name accepted, in characters (a name is repeated in every signature line).
pub const MAX_NAME_CHARS: usize = 128;

/// Checks a key name: non-empty, at most `MAX_NAME_CHARS`, no whitespace, `+` or control
/// character. Bad input naming the name and the rule.
pub fn check_name(name: &str) -> Result<(), TrustError> {
    let bad = |why: Msg| {
        Err(TrustError::Input(
            Msg::new("key-name-bad")
                .arg("name", format!("{name:?}"))
                .arg_msg("why", why),
        ))
    };
    if name.is_empty() {
        return bad(Msg::new("why-empty"));
    }
    let count = name.chars().count();
    if count > MAX_NAME_CHARS {
        return bad(Msg::new("why-too-long")
            .arg("count", count)
            .arg("max", MAX_NAME_CHARS));
    }
    match name
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || *c == '+')
    {
        Some(c) => bad(Msg::new("key-name-char").arg("char", format!("U+{:04X}", c as u32))),
        None => Ok(()),
    }
}

/// `SHA-256(name || 0x0A || alg || public)[:4]` as a big-endian u32.
#[must_use]
pub fn key_id(name: &str, alg: u8, public: &[u8; 32]) -> u32 {
    let mut material = Vec::with_capacity(33);
    material.push(alg);
    material.extend_from_slice(public);
    signed_note::key_id(name, &material)
}

/// A published verifier key: name, key id, signature type and Ed25519 public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifierKey {
    pub name: String,
    pub id: u32,
    pub alg: u8,
    pub public: [u8; 32],
}

impl VerifierKey {
    fn new(name: &str, alg: u8, public: [u8; 32]) -> VerifierKey {
        VerifierKey {
            name: name.to_string(),
            id: key_id(name, alg, &public),
            alg,
            public,
        }
    }

    /// Reads `<name>+<8 hex id>+<base64(type || key)>` (type 0x01 or 0x04, a 32-byte
    /// Ed25519 key), checking that the id is the one the name and key give.
    pub fn parse(text: &str) -> Result<VerifierKey, TrustError> {
        let text = text.trim();
        let bad = |why: Msg| {
            TrustError::Input(
                Msg::new("vkey-bad")
                    .arg("value", format!("{text:?}"))
                    .arg_msg("why", why),
            )
        };
        // Base64 may hold `+`; the name and the id may not.
        let mut parts = text.splitn(3, '+');
        let (Some(name), Some(id), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad(Msg::new("vkey-why-parts")));
        };
        check_name(name)?;
        let id = (id.len() == 8 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
            .then(|| u32::from_str_radix(id, 16).ok())
            .flatten()
            .ok_or_else(|| bad(Msg::new("vkey-why-id")))?;
        let bytes = from_b64(key).ok_or_else(|| bad(Msg::new("vkey-why-base64")))?;
        let (&alg, public) = bytes
            .split_first()
            .ok_or_else(|| bad(Msg::new("vkey-why-base64")))?;
        if alg != ALG_ED25519 && alg != ALG_COSIGNATURE {
            return Err(bad(Msg::new("vkey-why-type")));
        }
        let public: [u8; 32] = public
            .try_into()
            .map_err(|_| bad(Msg::new("vkey-why-length")))?;
        ed25519_dalek::VerifyingKey::from_bytes(&public)
            .map_err(|_| bad(Msg::new("vkey-why-point")))?;
        let vkey = VerifierKey::new(name, alg, public);
        if vkey.id != id {
            return Err(bad(Msg::new("vkey-why-id-mismatch")));
        }
        Ok(vkey)
    }

    /// The text form, `<name>+<8 hex id>+<base64(type || key)>`.
    #[must_use]
    pub fn encode(&self) -> String {
        let mut material = vec![self.alg];
        material.extend_from_slice(&self.public);
        format!("{}+{:08x}+{}", self.name, self.id, b64(&material))
    }

    /// The same public key as a note signer (type 0x01), as a log key is used.
    #[must_use]
    pub fn as_note_key(&self) -> VerifierKey {
        VerifierKey::new(&self.name, ALG_ED25519, self.public)
    }

    /// The same public key as a cosigner (type 0x04), as a witness key is used.
    #[must_use]
    pub fn as_cosigner_key(&self) -> VerifierKey {
        VerifierKey::new(&self.name, ALG_COSIGNATURE, self.public)
    }

    /// The Ed25519 public key (checked a valid point when parsed or derived).
    #[must_use]
    pub fn verifying_key(&self) -> ed25519_dalek::VerifyingKey {
        ed25519_dalek::VerifyingKey::from_bytes(&self.public)
            .expect("invariant: checked when the key was read or derived")
    }
}

/// A named Ed25519 signing key.
#[derive(Clone)]
pub struct SigningKey {
    name: String,
    key: ed25519_dalek::SigningKey,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SigningKey({})", self.note_key().encode())
    }
}

impl SigningKey {
    /// The key of `name` whose RFC 8032 secret is `seed`.
    pub fn from_seed(name: &str, seed: [u8; 32]) -> Result<SigningKey, TrustError> {
        check_name(name)?;
        Ok(SigningKey {
            name: name.to_string(),
            key: ed25519_dalek::SigningKey::from_bytes(&seed),
        })
    }

    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its verifier key as a note signer (type 0x01): what `key new` prints.
    #[must_use]
    pub fn note_key(&self) -> VerifierKey {
        VerifierKey::new(&self.name, ALG_ED25519, self.key.verifying_key().to_bytes())
    }

    /// Its verifier key as a cosigner (type 0x04).
    #[must_use]
    pub fn cosigner_key(&self) -> VerifierKey {
        self.note_key().as_cosigner_key()
    }

    /// `PRIVATE+KEY+<name>+<id>+<base64(0x01 || seed)>`.
    #[must_use]
    pub fn private_text(&self) -> String {
        let mut material = vec![ALG_ED25519];
        material.extend_from_slice(&self.key.to_bytes());
        format!(
            "PRIVATE+KEY+{}+{:08x}+{}",
            self.name,
            self.note_key().id,
            b64(&material)
        )
    }

    /// Reads the private key form, checking its id against the key it holds.
    pub fn parse_private(text: &str) -> Result<SigningKey, TrustError> {
        let bad = || TrustError::Input(Msg::new("private-key-bad"));
        let rest = text.trim().strip_prefix("PRIVATE+KEY+").ok_or_else(bad)?;
        let mut parts = rest.splitn(3, '+');
        let (Some(name), Some(id), Some(key)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad());
        };
        let bytes = from_b64(key).ok_or_else(bad)?;
        let (&alg, seed) = bytes.split_first().ok_or_else(bad)?;
        let seed: [u8; 32] = seed.try_into().map_err(|_| bad())?;
        if alg != ALG_ED25519 {
            return Err(bad());
        }
        let key = SigningKey::from_seed(name, seed)?;
        if format!("{:08x}", key.note_key().id) != id {
            return Err(bad());
        }
        Ok(key)
    }

    /// The Ed25519 key itself, for the signers in `checkpoint`.
    #[must_use]
    pub fn ed25519(&self) -> &ed25519_dalek::SigningKey {
        &self.key
    }
}
