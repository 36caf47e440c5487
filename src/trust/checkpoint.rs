//! Checkpoints: c2sp.org/tlog-checkpoint signed notes of the ledger's Merkle tree, and the
//! c2sp.org/tlog-cosignature `cosignature/v1` lines witnesses add to them.
//!
//! A checkpoint's note text is exactly three lines (jixiao writes no extension lines and
//! accepts none): the origin `jixiao/<ledger id>`, the tree size (the head seq; ASCII
//! decimal, no leading zero), the root (base64 of the RFC 9162 Merkle Tree Hash). Then a
//! blank line and signature lines `— <key name> <base64(key id || signature)>`
//! (c2sp.org/signed-note): the log's, an Ed25519 signature over the text (type 0x01); a
//! witness's, `key id || u64 big-endian timestamp || Ed25519 signature` over
//! `"cosignature/v1\ntime <timestamp>\n" || text` (type 0x04). The `signed_note` crate parses
//! and writes the note and checks each line; the cosignature signer and verifier are here.

use signed_note::{Note, NoteError, Signer, Verifier, VerifierList};

use super::keys::{SigningKey, VerifierKey, ALG_COSIGNATURE};
use super::merkle::Hash;
use super::{b64, hash_from_b64, TrustError};
use crate::i18n::Msg;

/// The origin line of a ledger's checkpoints: `jixiao/<ledger id>`.
#[must_use]
pub fn origin_of(ledger_id: &str) -> String {
    format!("jixiao/{ledger_id}")
}

/// The header of the message a `cosignature/v1` signs (tlog-cosignature §Ed25519).
pub const COSIGNATURE_HEADER: &str = "cosignature/v1";

/// A tree head: whose log, how many leaves, which root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub origin: String,
    pub size: u64,
    pub root: Hash,
}

impl Checkpoint {
    /// The note text: three newline-terminated lines.
    #[must_use]
    pub fn body(&self) -> String {
        format!("{}\n{}\n{}\n", self.origin, self.size, b64(&self.root))
    }

    /// Reads a note text of exactly three lines, each as the spec writes it.
    pub fn parse_body(text: &str) -> Result<Checkpoint, TrustError> {
        let bad = |why: Msg| TrustError::Input(Msg::new("checkpoint-bad").arg_msg("why", why));
        let lines: Vec<&str> = text
            .strip_suffix('\n')
            .ok_or_else(|| bad(Msg::new("checkpoint-why-lines")))?
            .split('\n')
            .collect();
        let [origin, size, root] = lines[..] else {
            return Err(bad(Msg::new("checkpoint-why-lines")));
        };
        if origin.is_empty() {
            return Err(bad(Msg::new("checkpoint-why-origin")));
        }
        let canonical_size = size == "0" || (!size.starts_with('0') && !size.is_empty());
        let size = size
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| size.parse::<u64>().ok())
            .flatten()
            .filter(|_| canonical_size)
            .ok_or_else(|| bad(Msg::new("checkpoint-why-size")))?;
        let root = hash_from_b64(root).ok_or_else(|| bad(Msg::new("checkpoint-why-root")))?;
        Ok(Checkpoint {
            origin: origin.to_string(),
            size,
            root,
        })
    }
}

/// A checkpoint as a signed note: its parsed text and every signature line it carries.
#[derive(Debug)]
pub struct SignedCheckpoint {
    pub checkpoint: Checkpoint,
    note: Note,
}

impl SignedCheckpoint {
    /// The checkpoint signed by the log's key (an Ed25519 note signature, type 0x01).
    pub fn sign(checkpoint: Checkpoint, key: &SigningKey) -> Result<SignedCheckpoint, TrustError> {
        let mut note = Note::new(checkpoint.body().as_bytes(), &[]).map_err(note_error)?;
        note.add_sigs(&[&NoteSigner(key)]).map_err(note_error)?;
        Ok(SignedCheckpoint { checkpoint, note })
    }

    /// Reads a signed note whose text is a checkpoint (signatures not yet checked).
    pub fn parse(bytes: &[u8]) -> Result<SignedCheckpoint, TrustError> {
        let note = Note::from_bytes(bytes).map_err(note_error)?;
        let text =
            std::str::from_utf8(note.text()).map_err(|_| note_error(NoteError::MalformedNote))?;
        let checkpoint = Checkpoint::parse_body(text)?;
        Ok(SignedCheckpoint { checkpoint, note })
    }

    /// The note: text, blank line, signature lines.
    #[must_use]
    pub fn to_bytes(&self) -> Vec<u8> {
        self.note.to_bytes()
    }

    /// Checks the log's signature (type 0x01) with its verifier key: exit-1 failures when
    /// no line of that name and id is there (naming the lines there are, and whether the key
    /// is a witness's cosigner there), or when it does not verify.
    pub fn verify_log(&self, key: &VerifierKey) -> Result<(), TrustError> {
        let key = key.as_note_key();
        let verifier = signed_note::StandardVerifier::new(&key.encode())
            .expect("invariant: an encoded verifier key reads back");
        let missing = || {
            let other = key.as_cosigner_key();
            let hint = match self
                .lines()
                .iter()
                .find(|l| l.cosignature && l.is_of(&other))
            {
                Some(l) => Msg::new("checkpoint-hint-log-key-is-witness").arg("id", hex_id(l.id)),
                None => Msg::new("checkpoint-hint-log-key"),
            };
            self.missing(Msg::new("checkpoint-no-log-line"), &key, hint)
        };
        self.verify_with(Box::new(verifier), &key, missing)
            .map(|_| ())
    }

    /// Checks a witness's `cosignature/v1` (type 0x04) with its key (given in either type;
    /// the public key is what counts) and returns the cosignature's timestamp.
    pub fn verify_cosignature(&self, key: &VerifierKey) -> Result<u64, TrustError> {
        let key = key.as_cosigner_key();
        let verifier = CosignatureVerifier(key.clone());
        let missing = || {
            let other = key.as_note_key();
            let hint = match self
                .lines()
                .iter()
                .find(|l| !l.cosignature && l.is_of(&other))
            {
                Some(l) => Msg::new("checkpoint-hint-witness-key-is-log").arg("id", hex_id(l.id)),
                None => Msg::new("checkpoint-hint-witness-key"),
            };
            self.missing(Msg::new("checkpoint-no-cosignature"), &key, hint)
        };
        let sig = self.verify_with(Box::new(verifier), &key, missing)?;
        Ok(timestamp_of(&sig).expect("invariant: a verified cosignature has its timestamp"))
    }

    /// The failure of a key with no line here: its name and id, the lines there are, a hint.
    fn missing(&self, msg: Msg, key: &VerifierKey, hint: Msg) -> TrustError {
        TrustError::Failed(
            msg.arg("name", &key.name)
                .arg("id", hex_id(key.id))
                .arg_list("lines", self.lines().iter().map(SigLine::msg).collect())
                .arg_msg("hint", hint),
        )
    }

    fn verify_with(
        &self,
        v: Box<dyn Verifier>,
        key: &VerifierKey,
        missing: impl FnOnce() -> TrustError,
    ) -> Result<Vec<u8>, TrustError> {
        match self.note.verify(&VerifierList::new(vec![v])) {
            Ok((verified, _)) => Ok(verified[0].signature().to_vec()),
            Err(NoteError::UnverifiedNote) => Err(missing()),
            Err(_) => Err(TrustError::Failed(
                Msg::new("checkpoint-signature-invalid").arg("key", key.encode()),
            )),
        }
    }

    /// The signature lines the note carries (none checked), in order.
    #[must_use]
    pub fn lines(&self) -> Vec<SigLine> {
        let bytes = self.note.to_bytes();
        let text = String::from_utf8_lossy(&bytes);
        let Some((_, sigs)) = text.rsplit_once("\n\n") else {
            return Vec::new();
        };
        sigs.lines()
            .filter_map(|l| signed_note::Signature::from_bytes(l.as_bytes()).ok())
            .map(|s| SigLine {
                name: s.name().to_string(),
                id: s.id(),
                cosignature: timestamp_of(s.signature()).is_some(),
            })
            .collect()
    }

    /// Adds (or replaces) the `cosignature/v1` line of `key` at `time` (POSIX seconds).
    pub fn cosign(&mut self, key: &SigningKey, time: u64) -> Result<(), TrustError> {
        let signer = CosignatureSigner { key, time };
        self.note.add_sigs(&[&signer]).map_err(note_error)
    }
}

/// One signature line of a note, unchecked: its key name and id, and whether it has the
/// shape of a `cosignature/v1` (72 bytes: a timestamp and a signature) rather than a log's
/// Ed25519 note signature (64 bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigLine {
    pub name: String,
    pub id: u32,
    pub cosignature: bool,
}

impl SigLine {
    /// `name（日志签名，密钥编号 id）`.
    #[must_use]
    pub fn msg(&self) -> Msg {
        let kind = match self.cosignature {
            true => Msg::new("checkpoint-line-cosignature"),
            false => Msg::new("checkpoint-line-log"),
        };
        Msg::new("checkpoint-sig-line")
            .arg("name", &self.name)
            .arg_msg("kind", kind)
            .arg("id", hex_id(self.id))
    }

    /// Whether `key` (name and id) is the key of this line.
    #[must_use]
    pub fn is_of(&self, key: &VerifierKey) -> bool {
        self.name == key.name && self.id == key.id
    }
}

/// A key id as signed notes print it: 8 lowercase hex digits.
#[must_use]
pub fn hex_id(id: u32) -> String {
    format!("{id:08x}")
}

fn note_error(e: NoteError) -> TrustError {
    TrustError::Input(Msg::new("note-bad").arg("error", e))
}

/// The log's signer: Ed25519 over the note text, key id of type 0x01.
struct NoteSigner<'a>(&'a SigningKey);

impl Signer for NoteSigner<'_> {
    fn name(&self) -> &str {
        self.0.name()
    }
    fn key_id(&self) -> u32 {
        self.0.note_key().id
    }
    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, ed25519_dalek::SignatureError> {
        use ed25519_dalek::Signer as _;
        Ok(self.0.ed25519().sign(msg).to_bytes().to_vec())
    }
}

/// `"cosignature/v1\ntime <t>\n" || text`: what a cosignature signs.
#[must_use]
pub fn cosigned_message(time: u64, text: &[u8]) -> Vec<u8> {
    let mut m = format!("{COSIGNATURE_HEADER}\ntime {time}\n").into_bytes();
    m.extend_from_slice(text);
    m
}

/// A witness's signer: `u64 BE time || Ed25519(cosigned_message)`, key id of type 0x04.
struct CosignatureSigner<'a> {
    key: &'a SigningKey,
    time: u64,
}

impl Signer for CosignatureSigner<'_> {
    fn name(&self) -> &str {
        self.key.name()
    }
    fn key_id(&self) -> u32 {
        self.key.cosigner_key().id
    }
    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, ed25519_dalek::SignatureError> {
        use ed25519_dalek::Signer as _;
        let sig = self.key.ed25519().sign(&cosigned_message(self.time, msg));
        let mut out = self.time.to_be_bytes().to_vec();
        out.extend_from_slice(&sig.to_bytes());
        Ok(out)
    }
}

/// The timestamp of a cosignature's `timestamped_signature` (72 bytes), if it is one and the
/// time does not exceed 2^63 − 1 (tlog-cosignature).
fn timestamp_of(sig: &[u8]) -> Option<u64> {
    let sig: &[u8; 72] = sig.try_into().ok()?;
    let time = u64::from_be_bytes(sig[..8].try_into().ok()?);
    (time <= i64::MAX as u64).then_some(time)
}

/// A witness's verifier for `cosignature/v1` lines.
struct CosignatureVerifier(VerifierKey);

impl Verifier for CosignatureVerifier {
    fn name(&self) -> &str {
        &self.0.name
    }
    fn key_id(&self) -> u32 {
        self.0.id
    }
    fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        let Some(time) = timestamp_of(sig) else {
            return false;
        };
        let bytes: [u8; 64] = sig[8..].try_into().expect("invariant: 72 bytes checked");
        let sig = ed25519_dalek::Signature::from_bytes(&bytes);
        debug_assert_eq!(self.0.alg, ALG_COSIGNATURE);
        self.0
            .verifying_key()
            .verify_strict(&cosigned_message(time, msg), &sig)
            .is_ok()
    }
}

#[cfg(test)]
mod tests;
