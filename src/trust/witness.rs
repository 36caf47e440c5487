//! A witness (the finance bureau, an auditor): it cosigns a ledger's checkpoint only after
//! checking the log's signature and that the checkpoint is consistent with the last one it
//! cosigned for that origin (c2sp.org/tlog-cosignature: "the consistent tree head with the
//! largest size the cosigner has observed"). It refuses a rollback (a smaller size) and a fork
//! (the same size with another root, or a consistency proof that fails), naming both sizes
//! and both roots.
//!
//! Its state is a directory with one file per origin (`<escaped origin>.checkpoint`) holding
//! the last checkpoint it cosigned, as the note it wrote out; replaced whole (temporary file,
//! fsync, rename), so a crash leaves the old state or the new one.

use std::fs;
use std::io::Write;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

use super::checkpoint::{Checkpoint, SignedCheckpoint};
use super::keys::{file_stem, SigningKey, VerifierKey};
use super::proof::{verify_consistency, ConsistencyProof};
use super::{b64, TrustError};
use crate::i18n::Msg;

/// The witness's state directory.
#[derive(Debug, Clone)]
pub struct WitnessState {
    dir: PathBuf,
}

impl WitnessState {
    #[must_use]
    pub fn at(dir: &Path) -> WitnessState {
        WitnessState {
            dir: dir.to_path_buf(),
        }
    }

    /// The file that holds the last cosigned checkpoint of `origin`.
    #[must_use]
    pub fn file_of(&self, origin: &str) -> PathBuf {
        self.dir.join(format!("{}.checkpoint", file_stem(origin)))
    }

    /// The last checkpoint cosigned for `origin`, or None the first time.
    pub fn last(&self, origin: &str) -> Result<Option<Checkpoint>, TrustError> {
        let file = self.file_of(origin);
        let bytes = match fs::read(&file) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(TrustError::io(&file, &e)),
        };
        let signed = SignedCheckpoint::parse(&bytes).map_err(|e| {
            TrustError::Input(
                Msg::new("witness-state-bad")
                    .arg("path", file.display())
                    .arg_msg("message", e.msg().clone()),
            )
        })?;
        Ok(Some(signed.checkpoint))
    }

    /// Records `signed` as the last cosigned checkpoint of its origin (directory made with
    /// mode 0700 when missing; the file replaced whole).
    pub fn record(&self, signed: &SignedCheckpoint) -> Result<(), TrustError> {
        let io = |p: &Path, e: std::io::Error| TrustError::io(p, &e);
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&self.dir)
            .map_err(|e| io(&self.dir, e))?;
        let file = self.file_of(&signed.checkpoint.origin);
        let tmp = file.with_extension(format!("checkpoint.tmp-{}", std::process::id()));
        let write = || -> std::io::Result<()> {
            let mut f = fs::File::create(&tmp)?;
            f.write_all(&signed.to_bytes())?;
            f.sync_all()?;
            fs::rename(&tmp, &file)?;
            fs::File::open(&self.dir)?.sync_all()
        };
        write().map_err(|e| {
            let _ = fs::remove_file(&tmp);
            io(&file, e)
        })
    }
}

/// Whether a witness whose last cosigned checkpoint for the origin is `last` may cosign
/// `new`: always the first time; at the same size only the same root; at a larger size only
/// with a consistency proof from `last` to `new` that holds. Rollbacks and forks are
/// failures (exit 1) naming both sizes and roots; a missing or mismatched proof is bad input.
pub fn judge(
    last: Option<&Checkpoint>,
    new: &Checkpoint,
    proof: Option<&ConsistencyProof>,
) -> Result<(), TrustError> {
    let Some(last) = last else {
        return Ok(());
    };
    let both = |msg: Msg| {
        msg.arg("origin", &new.origin)
            .arg("old", last.size)
            .arg("old_root", b64(&last.root))
            .arg("new", new.size)
            .arg("new_root", b64(&new.root))
    };
    if new.size < last.size {
        return Err(TrustError::Failed(both(Msg::new("witness-rollback"))));
    }
    if new.size == last.size {
        return match new.root == last.root {
            true => Ok(()),
            false => Err(TrustError::Failed(both(Msg::new("witness-fork")))),
        };
    }
    let Some(proof) = proof else {
        return Err(TrustError::Input(both(Msg::new("witness-proof-needed"))));
    };
    if proof.old_size != last.size || proof.new_size != new.size {
        return Err(TrustError::Input(
            both(Msg::new("witness-proof-sizes"))
                .arg("proof_old", proof.old_size)
                .arg("proof_new", proof.new_size),
        ));
    }
    verify_consistency(proof, &last.root, &new.root)
        .map_err(|_| TrustError::Failed(both(Msg::new("witness-inconsistent"))))
}

/// The whole of a witness's act on `signed`: the log's signature must verify with
/// `log_key`, the checkpoint must pass `judge` against the state, and then it is cosigned
/// with `key` at `time` (POSIX seconds). The caller writes it out, then `record`s it.
pub fn cosign(
    mut signed: SignedCheckpoint,
    log_key: &VerifierKey,
    key: &SigningKey,
    state: &WitnessState,
    proof: Option<&ConsistencyProof>,
    time: u64,
) -> Result<SignedCheckpoint, TrustError> {
    signed.verify_log(log_key)?;
    let last = state.last(&signed.checkpoint.origin)?;
    judge(last.as_ref(), &signed.checkpoint, proof)?;
    signed.cosign(key, time)?;
    Ok(signed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trust::checkpoint::origin_of;
    use crate::trust::merkle::root;
    use crate::trust::proof::prove_consistency;

    fn leaves(n: u8) -> Vec<[u8; 32]> {
        (1..=n).map(|i| [i; 32]).collect()
    }

    fn cp(l: &[[u8; 32]]) -> Checkpoint {
        Checkpoint {
            origin: origin_of("jx-1"),
            size: l.len() as u64,
            root: root(l),
        }
    }

    #[test]
    fn the_witness_accepts_growth_and_refuses_rollback_and_forks() {
        let l = leaves(9);
        let mut fork = l.clone();
        fork[2][0] ^= 1;
        let grow = prove_consistency(&l, 5).unwrap();
        let forked_grow = prove_consistency(&fork, 5).unwrap();
        let cases: [(
            Option<Checkpoint>,
            Checkpoint,
            Option<&ConsistencyProof>,
            &str,
        ); 8] = [
            (None, cp(&l[..5]), None, "ok"),
            (Some(cp(&l[..5])), cp(&l[..5]), None, "ok"),
            (Some(cp(&l[..5])), cp(&l), Some(&grow), "ok"),
            (Some(cp(&l)), cp(&l[..5]), None, "witness-rollback"),
            (Some(cp(&l)), cp(&fork), None, "witness-fork"),
            (
                Some(cp(&l[..5])),
                cp(&fork),
                Some(&forked_grow),
                "witness-inconsistent",
            ),
            (Some(cp(&l[..5])), cp(&l), None, "witness-proof-needed"),
            (
                Some(cp(&l[..4])),
                cp(&l),
                Some(&grow),
                "witness-proof-sizes",
            ),
        ];
        for (i, (last, new, proof, expected)) in cases.into_iter().enumerate() {
            let got = judge(last.as_ref(), &new, proof).map_or_else(|e| e.msg().key, |()| "ok");
            assert_eq!(got, expected, "case {i}");
        }
        let e = judge(Some(&cp(&l)), &cp(&l[..5]), None).unwrap_err();
        assert_eq!(e.msg().text_arg("old"), Some("9"));
        assert_eq!(e.msg().text_arg("new"), Some("5"));
        assert_eq!(
            e.msg().text_arg("new_root"),
            Some(b64(&root(&l[..5])).as_str())
        );
    }

    #[test]
    fn the_state_keeps_the_last_cosigned_checkpoint_per_origin() {
        let tmp = tempfile::tempdir().unwrap();
        let state = WitnessState::at(&tmp.path().join("state"));
        let log = SigningKey::from_seed("log", [1; 32]).unwrap();
        let w = SigningKey::from_seed("w", [2; 32]).unwrap();
        let l = leaves(6);
        let first = SignedCheckpoint::sign(cp(&l[..3]), &log).unwrap();
        let first = cosign(first, &log.note_key(), &w, &state, None, 100).unwrap();
        assert_eq!(state.last(&first.checkpoint.origin).unwrap(), None);
        state.record(&first).unwrap();
        assert_eq!(
            state.last(&first.checkpoint.origin).unwrap(),
            Some(cp(&l[..3]))
        );
        // The log's signature is checked before anything else.
        let other = SigningKey::from_seed("log", [9; 32]).unwrap();
        let forged = SignedCheckpoint::sign(cp(&l), &other).unwrap();
        let e = cosign(forged, &log.note_key(), &w, &state, None, 101).unwrap_err();
        assert_eq!(e.msg().key, "checkpoint-no-log-line");
        let proof = prove_consistency(&l, 3).unwrap();
        let next = SignedCheckpoint::sign(cp(&l), &log).unwrap();
        let next = cosign(next, &log.note_key(), &w, &state, Some(&proof), 102).unwrap();
        assert_eq!(next.verify_cosignature(&w.note_key()).unwrap(), 102);
    }
}
