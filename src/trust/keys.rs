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

use super::TrustError;
use crate::i18n::Msg;

pub use crate::event::ed25519::{
    check_name, key_id, SigningKey, VerifierKey, ALG_COSIGNATURE, ALG_ED25519, MAX_NAME_CHARS,
};

/// File name suffix of a private key in the key directory.
const KEY_SUFFIX: &str = ".key";

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
