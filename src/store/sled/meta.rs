//! sled's `meta` tree: the head `(seq, hash)`, the ledger id, the format version, and whether
//! the ledger has a head file (so that a missing one is noticed).

use crate::event::Hash32;
use crate::ledger::log::{Head, LogError};

pub const FORMAT_VERSION: &str = "1";
const HEAD: &str = "head";
const LEDGER_ID: &str = "ledger_id";
const FORMAT: &str = "format";
/// The envelope format of the ledger's events when not 1 (a ledger without it is format 1).
const ENVELOPE: &str = "envelope";
/// Set once the ledger has a head file.
const HEAD_FILE: &str = "head_file";

pub struct Meta(sled::Tree);

impl Meta {
    pub fn new(tree: sled::Tree) -> Meta {
        Meta(tree)
    }

    /// The ledger id `init` wrote; None while a creation was cut short before it.
    pub fn ledger_id(&self) -> Result<Option<String>, LogError> {
        let Some(id) = self.0.get(LEDGER_ID)? else {
            return Ok(None);
        };
        String::from_utf8(id.to_vec())
            .map(Some)
            .map_err(|_| LogError::Corrupt("ledger id is not UTF-8".into()))
    }

    /// What `init` writes after the head file: the format, the ledger id, the head-file flag.
    pub fn init(&self, ledger_id: &str, envelope_format: u32) -> Result<(), LogError> {
        self.0.insert(FORMAT, FORMAT_VERSION)?;
        self.0.insert(LEDGER_ID, ledger_id)?;
        if envelope_format != 1 {
            self.0
                .insert(ENVELOPE, envelope_format.to_string().as_bytes())?;
        }
        self.0.insert(HEAD_FILE, "1")?;
        Ok(())
    }

    /// The envelope format `init` wrote: 1 for a ledger made before issue 15 (no entry).
    pub fn envelope_format(&self) -> Result<u32, LogError> {
        Ok(match self.0.get(ENVELOPE)? {
            None => 1,
            Some(v) => std::str::from_utf8(&v)
                .ok()
                .and_then(|t| t.parse().ok())
                .ok_or_else(|| LogError::Corrupt("envelope format is not a number".into()))?,
        })
    }

    pub fn head(&self) -> Result<Option<Head>, LogError> {
        let Some(v) = self.0.get(HEAD)? else {
            return Ok(None);
        };
        if v.len() != 40 {
            return Err(LogError::Corrupt("head record has the wrong length".into()));
        }
        let seq = u64::from_be_bytes(v[..8].try_into().expect("invariant: 8 bytes"));
        let hash: Hash32 = v[8..].try_into().expect("invariant: 32 bytes");
        Ok(Some(Head { seq, hash }))
    }

    /// The head as stored: the big-endian seq, then the hash.
    pub fn set_head(&self, head: &Head) -> Result<(), LogError> {
        let mut v = head.seq.to_be_bytes().to_vec();
        v.extend_from_slice(&head.hash);
        self.0.insert(HEAD, v)?;
        Ok(())
    }

    pub fn has_head_file(&self) -> Result<bool, LogError> {
        Ok(self.0.get(HEAD_FILE)?.is_some())
    }

    pub fn note_head_file(&self) -> Result<(), LogError> {
        self.0.insert(HEAD_FILE, "1")?;
        Ok(())
    }
}
