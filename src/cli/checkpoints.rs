//! `jixiao checkpoint`, `jixiao prove inclusion|consistency`, `jixiao cosign` and what
//! `jixiao verify --checkpoint` adds to the chain check. The formats and checks live in
//! `crate::trust`; here the ledger is opened, files read and written (`OutPath`), the clock
//! read for a cosignature's time, and the results printed.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};

use super::keys::{key_dir, vkey_arg, KeysArg};
use super::output::OutPath;
use super::{cannot, Context, Failure};
use crate::event::hash::Hash32;
use crate::i18n::Msg;
use crate::trust::checkpoint::{origin_of, Checkpoint, SignedCheckpoint};
use crate::trust::leaves::{check_extends, ledger_leaves, read_leaves, write_leaf_file};
use crate::trust::proof::{prove_consistency, prove_inclusion, ConsistencyProof};
use crate::trust::witness::{self, WitnessState};
use crate::trust::{b64, merkle};

#[derive(Debug, Args)]
pub struct CheckpointArgs {
    /// Name of the log's signing key in the key directory (the ledger's admin key)
    #[arg(long)]
    key: String,
    #[command(flatten)]
    keys: KeysArg,
    /// Write the checkpoint to this file (not inside the ledger directory) [default: stdout]
    #[arg(long)]
    out: Option<PathBuf>,
    /// Also write the leaf file: each event's hash in seq order, one per line, kept beside
    /// the checkpoint so that `verify --checkpoint --leaves` can name the first changed seq
    #[arg(long)]
    leaves: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum ProveCommand {
    /// Print the inclusion proof of one event in the tree of the first N events (RFC 9162)
    Inclusion {
        /// The event's seq (its leaf index is seq − 1)
        seq: u64,
        /// Tree size N [default: the head seq]
        #[arg(long)]
        size: Option<u64>,
    },
    /// Print the consistency proof that the first M events extend the first N (RFC 9162)
    Consistency {
        /// Old tree size N (a checkpoint's size)
        #[arg(long)]
        from: u64,
        /// New tree size M [default: the head seq]
        #[arg(long)]
        to: Option<u64>,
    },
}

#[derive(Debug, Args)]
pub struct CosignArgs {
    /// The log's checkpoint (a signed note) to cosign
    checkpoint: PathBuf,
    /// Consistency proof from the last checkpoint cosigned for this origin (`jixiao prove
    /// consistency --from OLD --to NEW`); not needed the first time or at the same size
    #[arg(long)]
    proof: Option<PathBuf>,
    /// Name of the witness's own signing key in the key directory
    #[arg(long)]
    key: String,
    #[command(flatten)]
    keys: KeysArg,
    /// The witness's state directory: the last checkpoint it cosigned, one file per origin
    #[arg(long)]
    state: PathBuf,
    /// The log's verifier key (name+id+key, or a file holding it)
    #[arg(long = "log-key")]
    log_key: String,
    /// Write the cosigned checkpoint to this file [default: stdout]
    #[arg(long)]
    out: Option<PathBuf>,
}

/// The options `verify` takes for a checkpoint.
#[derive(Debug, Args)]
pub struct VerifyCheckpointArgs {
    /// A checkpoint kept elsewhere: the ledger (or export) must extend it
    #[arg(long)]
    checkpoint: Option<PathBuf>,
    /// The log's verifier key: the checkpoint's signature must verify with it
    #[arg(long = "log-key", requires = "checkpoint")]
    log_key: Option<String>,
    /// A witness's verifier key: its cosignature must be on the checkpoint (repeatable)
    #[arg(long = "witness-key", requires = "checkpoint")]
    witness_key: Vec<String>,
    /// The leaf file kept with the checkpoint (or an export of that time): names the first
    /// seq where the ledger differs from it
    #[arg(long, requires = "checkpoint")]
    leaves: Option<PathBuf>,
}

fn out_path(path: Option<&Path>, ctx: &Context) -> Result<Option<OutPath>, Failure> {
    path.map(|p| OutPath::check(p, &ctx.ledger_path))
        .transpose()
}

/// Writes `bytes` to `out`, or to stdout.
fn emit(out: Option<&OutPath>, bytes: &[u8]) -> Result<(), Failure> {
    match out {
        Some(out) => out.write(|w| Ok(w.write_all(bytes)?)),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(bytes)?;
            Ok(stdout.flush()?)
        }
    }
}

fn read_file(path: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| cannot("cannot-read", path, &e))
}

/// `jixiao checkpoint --key K [--out F] [--leaves L]`.
pub fn checkpoint(args: CheckpointArgs, ctx: &Context) -> Result<(), Failure> {
    let out = out_path(args.out.as_deref(), ctx)?;
    let leaves_out = out_path(args.leaves.as_deref(), ctx)?;
    let key = key_dir(&args.keys, ctx)?.load(&args.key)?;
    let ledger = ctx.open()?;
    let signer = super::log_key::judge(&ledger, &key)?;
    let size = ledger.head().map_or(0, |h| h.seq);
    let leaves = ledger_leaves(&ledger, size)?;
    let origin = origin_of(ledger.ledger_id());
    drop(ledger);
    let cp = Checkpoint {
        origin,
        size,
        root: merkle::root(&leaves),
    };
    let signed = SignedCheckpoint::sign(cp.clone(), &key)?;
    if let Some(l) = &leaves_out {
        l.write(|w| Ok(write_leaf_file(&leaves, w)?))?;
    }
    emit(out.as_ref(), &signed.to_bytes())?;
    if let Some(out) = &out {
        let msg = Msg::new("checkpoint-written")
            .arg("path", out.path().display())
            .arg("origin", &cp.origin)
            .arg("size", cp.size)
            .arg("root", b64(&cp.root));
        eprintln!("{}", ctx.say(&msg));
    }
    eprintln!("{}", ctx.say(&signer));
    Ok(())
}

/// A cosignature's time (POSIX seconds) as people read it: `2026-11-30 03:45:12 UTC`; the
/// number itself where it is past chrono's range (only the note line carries the number).
#[must_use]
pub fn utc_time(time: u64) -> String {
    i64::try_from(time)
        .ok()
        .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map_or_else(
            || time.to_string(),
            |t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
        )
}

/// `jixiao prove inclusion SEQ [--size N]` / `prove consistency --from N [--to M]`.
pub fn prove(command: ProveCommand, ctx: &Context) -> Result<(), Failure> {
    let ledger = ctx.open()?;
    let head = ledger.head().map_or(0, |h| h.seq);
    let past_head = |option: &str, size: u64| {
        Failure::input(
            Msg::new("prove-past-head")
                .arg("option", option)
                .arg("size", size)
                .arg("head", head),
        )
    };
    let json = match command {
        ProveCommand::Inclusion { seq, size } => {
            let size = size.unwrap_or(head);
            if size > head {
                return Err(past_head("--size", size));
            }
            if seq == 0 || seq > size {
                return Err(Failure::input(
                    Msg::new("prove-seq-outside")
                        .arg("seq", seq)
                        .arg("size", size),
                ));
            }
            prove_inclusion(&ledger_leaves(&ledger, size)?, seq - 1)?.to_json()
        }
        ProveCommand::Consistency { from, to } => {
            let to = to.unwrap_or(head);
            if to > head {
                return Err(past_head("--to", to));
            }
            if from > to {
                return Err(Failure::input(
                    Msg::new("prove-from-past-to")
                        .arg("from", from)
                        .arg("to", to),
                ));
            }
            prove_consistency(&ledger_leaves(&ledger, to)?, from)?.to_json()
        }
    };
    let mut line = json;
    line.push(b'\n');
    emit(None, &line)
}

/// `jixiao cosign CHECKPOINT --proof P --key K --state DIR --log-key VKEY [--out F]`.
pub fn cosign(args: CosignArgs, ctx: &Context) -> Result<(), Failure> {
    let out = out_path(args.out.as_deref(), ctx)?;
    let log_key = vkey_arg("--log-key", &args.log_key)?;
    let signed = SignedCheckpoint::parse(&read_file(&args.checkpoint)?)?;
    let key = key_dir(&args.keys, ctx)?.load(&args.key)?;
    let proof = match &args.proof {
        Some(p) => {
            let text = String::from_utf8_lossy(&read_file(p)?).into_owned();
            Some(ConsistencyProof::from_json(text.trim())?)
        }
        None => None,
    };
    let time = u64::try_from(ctx.now.timestamp()).map_err(|_| {
        Failure::input(Msg::new("cosign-time-bad").arg("now", ctx.now.to_rfc3339()))
    })?;
    let state = WitnessState::at(&args.state);
    let cosigned = witness::cosign(signed, &log_key, &key, &state, proof.as_ref(), time)?;
    emit(out.as_ref(), &cosigned.to_bytes())?;
    state.record(&cosigned)?;
    let cp = &cosigned.checkpoint;
    let msg = Msg::new("cosign-done")
        .arg("origin", &cp.origin)
        .arg("size", cp.size)
        .arg("root", b64(&cp.root))
        .arg("key", key.cosigner_key().encode())
        .arg("time", utc_time(time));
    eprintln!("{}", ctx.say(&msg));
    Ok(())
}

/// After the chain verified: the checkpoint's signatures (given keys) and that the ledger,
/// or the export, extends it. Nothing to do without `--checkpoint`.
pub fn verify_checkpoint(
    args: &VerifyCheckpointArgs,
    export: Option<&Path>,
    ctx: &Context,
) -> Result<(), Failure> {
    let Some(path) = &args.checkpoint else {
        return Ok(());
    };
    let signed = SignedCheckpoint::parse(&read_file(path)?)?;
    let cp = &signed.checkpoint;
    let (now, origin_note) = leaves_now(cp, export, ctx)?;
    let kept = match &args.leaves {
        Some(p) => Some(read_leaves(std::io::BufReader::new(&read_file(p)?[..]))?),
        None => None,
    };
    let mut lines = signature_lines(&signed, args)?;
    check_extends(cp, &now, kept.as_deref())?;
    lines.extend(origin_note);
    lines.push(
        Msg::new("verify-checkpoint-extends")
            .arg("origin", &cp.origin)
            .arg("size", cp.size)
            .arg("root", b64(&cp.root))
            .arg("have", now.len()),
    );
    for line in lines {
        println!("{}", ctx.say(&line));
    }
    Ok(())
}

/// The leaves of what is verified: the export's, or the ledger's (whose id must be the
/// checkpoint's origin); with a note when an export cannot show its origin.
fn leaves_now(
    cp: &Checkpoint,
    export: Option<&Path>,
    ctx: &Context,
) -> Result<(Vec<Hash32>, Option<Msg>), Failure> {
    if let Some(path) = export {
        let file = std::fs::File::open(path).map_err(|e| cannot("cannot-read", path, &e))?;
        let leaves = read_leaves(std::io::BufReader::with_capacity(1 << 20, file))?;
        let note = Msg::new("verify-checkpoint-export-origin").arg("origin", &cp.origin);
        return Ok((leaves, Some(note)));
    }
    let ledger = ctx.open()?;
    let origin = origin_of(ledger.ledger_id());
    if origin != cp.origin {
        return Err(Failure::found(
            Msg::new("checkpoint-other-ledger")
                .arg("origin", &cp.origin)
                .arg("ledger", origin),
        ));
    }
    let head = ledger.head().map_or(0, |h| h.seq);
    Ok((ledger_leaves(&ledger, head)?, None))
}

/// The checkpoint's signatures by the keys given (each must verify), as lines to print.
fn signature_lines(
    signed: &SignedCheckpoint,
    args: &VerifyCheckpointArgs,
) -> Result<Vec<Msg>, Failure> {
    let mut lines = Vec::new();
    match &args.log_key {
        Some(text) => {
            let key = vkey_arg("--log-key", text)?;
            signed.verify_log(&key)?;
            lines.push(Msg::new("verify-checkpoint-log-ok").arg("key", key.as_note_key().encode()));
        }
        None => lines.push(Msg::new("verify-checkpoint-unsigned-note")),
    }
    for text in &args.witness_key {
        let key = vkey_arg("--witness-key", text)?;
        let time = signed.verify_cosignature(&key)?;
        lines.push(
            Msg::new("verify-checkpoint-cosigned")
                .arg("key", key.as_cosigner_key().encode())
                .arg("time", utc_time(time)),
        );
    }
    Ok(lines)
}
