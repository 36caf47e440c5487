//! Ed25519 keys (RFC 8032) as c2sp.org/signed-note names them, and the key directory.
//!
//! - A key name is non-empty, has no Unicode whitespace, no `+` and no control character
//!   (signed-note §Format); an actor id such as `zj-czj/budget` is a good one.
//! - Key id = `SHA-256(name || 0x0A || type || public key)[:4]`, type 0x01 for note
//!   signatures (a log's checkpoint) and 0x04 for `cosignature/v1` (a witness), per
//!   signed-note §Signatures and c2sp.org/tlog-cosignature.
//! - Verifier key: `<name>+<8 hex key id>+<base64(type || public key)>`.
//! - Private key file: `PRIVATE+KEY+<name>+<8 hex key id>+<base64(0x01 || seed)>` and a
//!   newline (the form Go's `sumdb/note` and the `signed_note` crate read), mode 0600, one
//!   file per key in a directory of mode 0700, never overwritten.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::{b64, from_b64, TrustError};
use crate::i18n::Msg;

/// Signature type of an Ed25519 note signature (signed-note §Signature types).
pub const ALG_ED25519: u8 = 0x01;
/// Signature type of a timestamped Ed25519 checkpoint cosignature (tlog-cosignature).
pub const ALG_COSIGNATURE: u8 = 0x04;
/// Longest key name accepted, in characters (a name is repeated in every signature line).
pub const MAX_NAME_CHARS: usize = 128;
/// File name suffix of a private key in the key directory.
const KEY_SUFFIX: &str = ".key";

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

/// A directory of private keys, one file per key (`<escaped name>.key`).
#[derive(Debug, Clone)]
pub struct KeyDir {
    path: PathBuf,
}

/// A key name as a file name: ASCII letters, digits, `-` and `_` as they are, every other
/// byte as `%XX`, so `/`, `.` and `..` cannot leave the directory.
#[must_use]
pub fn file_stem(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl KeyDir {
    /// The key directory at `path` (the command line has checked it is outside any ledger).
    #[must_use]
    pub fn at(path: &Path) -> KeyDir {
        KeyDir {
            path: path.to_path_buf(),
        }
    }

    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Where the private key of `name` lives.
    #[must_use]
    pub fn file_of(&self, name: &str) -> PathBuf {
        self.path.join(format!("{}{KEY_SUFFIX}", file_stem(name)))
    }

    /// Creates the key `key` in the directory (made with mode 0700 when missing): a new file
    /// of mode 0600, written and synced; refuses an existing key of that name and a directory
    /// others may read. Returns the file's path.
    pub fn create(&self, key: &SigningKey) -> Result<PathBuf, TrustError> {
        if !self.path.exists() {
            fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(&self.path)
                .map_err(|e| TrustError::io(&self.path, &e))?;
        }
        self.check_private()?;
        let file = self.file_of(key.name());
        let mut f = match OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&file)
        {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(TrustError::Input(
                    Msg::new("key-exists")
                        .arg("name", key.name())
                        .arg("path", file.display()),
                ));
            }
            Err(e) => return Err(TrustError::io(&file, &e)),
        };
        let written = f
            .write_all(format!("{}\n", key.private_text()).as_bytes())
            .and_then(|()| f.sync_all());
        if let Err(e) = written {
            let _ = fs::remove_file(&file);
            return Err(TrustError::io(&file, &e));
        }
        Ok(file)
    }

    /// Refuses a directory that group or others may enter (as ssh refuses loose keys).
    fn check_private(&self) -> Result<(), TrustError> {
        let meta = fs::metadata(&self.path).map_err(|e| TrustError::io(&self.path, &e))?;
        if !meta.is_dir() {
            return Err(TrustError::Input(
                Msg::new("key-dir-not-dir").arg("path", self.path.display()),
            ));
        }
        loose(&self.path, meta.permissions().mode(), "0700")
    }

    /// The private key of `name`; refuses a missing key (naming the directory), a file others
    /// may read, and a file that holds another name's key.
    pub fn load(&self, name: &str) -> Result<SigningKey, TrustError> {
        check_name(name)?;
        let file = self.file_of(name);
        let text = match fs::read_to_string(&file) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(TrustError::Input(
                    Msg::new("key-missing")
                        .arg("name", name)
                        .arg("dir", self.path.display()),
                ));
            }
            Err(e) => return Err(TrustError::io(&file, &e)),
        };
        let mode = fs::metadata(&file)
            .map_err(|e| TrustError::io(&file, &e))?
            .permissions()
            .mode();
        loose(&file, mode, "0600")?;
        let key = SigningKey::parse_private(&text).map_err(|e| in_file(&file, e))?;
        if key.name() != name {
            return Err(in_file(
                &file,
                TrustError::Input(Msg::new("private-key-bad")),
            ));
        }
        Ok(key)
    }

    /// Every key in the directory, by name: their verifier keys (type 0x01). An empty list
    /// when the directory does not exist.
    pub fn list(&self) -> Result<Vec<VerifierKey>, TrustError> {
        let entries = match fs::read_dir(&self.path) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(TrustError::io(&self.path, &e)),
        };
        let mut keys = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| TrustError::io(&self.path, &e))?;
            let file = entry.path();
            if file.extension().and_then(|x| x.to_str()) != Some(&KEY_SUFFIX[1..]) {
                continue;
            }
            let text = fs::read_to_string(&file).map_err(|e| TrustError::io(&file, &e))?;
            let key = SigningKey::parse_private(&text).map_err(|e| in_file(&file, e))?;
            keys.push(key.note_key());
        }
        keys.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(keys)
    }
}

/// Refuses a file or directory whose mode lets group or others in, naming the fix.
fn loose(path: &Path, mode: u32, want: &str) -> Result<(), TrustError> {
    if mode & 0o077 == 0 {
        return Ok(());
    }
    Err(TrustError::Input(
        Msg::new("key-permissions")
            .arg("path", path.display())
            .arg("mode", format!("{:04o}", mode & 0o7777))
            .arg("want", want),
    ))
}

/// An error about a key file's contents, naming the file.
fn in_file(file: &Path, e: TrustError) -> TrustError {
    TrustError::Input(
        Msg::new("key-file-bad")
            .arg("path", file.display())
            .arg_msg("message", e.msg().clone()),
    )
}

#[cfg(test)]
mod tests;
