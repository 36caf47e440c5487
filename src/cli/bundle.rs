//! `jixiao report P --bundle OUT [--key K | --checkpoint F]` and `jixiao verify-bundle FILE`:
//! the report bundle (`crate::trust::bundle`). Here the ledger is read, the checkpoint made
//! or checked against the ledger, the file written, and the verdict printed.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::keys::{key_dir, vkey_arg, KeysArg};
use super::output::OutPath;
use super::{cannot, Context, Failure};
use crate::event::envelope::export_line;
use crate::event::LEDGER_STREAM;
use crate::i18n::Msg;
use crate::ledger::{Ledger, Stored};
use crate::projection::View;
use crate::report::check::from_source_for;
use crate::report::integrity::Audience;
use crate::report::{render_bytes, Format};
use crate::trust::bundle::{raw, verify, ActorLine, Bundle, BUNDLE_TAG};
use crate::trust::checkpoint::{origin_of, Checkpoint, SigLine, SignedCheckpoint};
use crate::trust::keys::VerifierKey;
use crate::trust::leaves::ledger_leaves;
use crate::trust::proof::prove_inclusion;
use crate::trust::{b64, merkle, Hash};

/// The options `report` takes for a bundle.
#[derive(Debug, Args)]
pub struct BundleArgs {
    /// Write a report bundle to this file (the JSON report, the project's events, their
    /// inclusion proofs, a signed checkpoint and the actors), checked by `verify-bundle`
    #[arg(long)]
    pub bundle: Option<PathBuf>,
    /// Sign a checkpoint at the current head with this key (the log's admin key)
    #[arg(long = "key", requires = "bundle", conflicts_with = "checkpoint")]
    pub key: Option<String>,
    /// A kept (possibly cosigned) checkpoint file that covers the report's head
    #[arg(long = "checkpoint", requires = "bundle")]
    pub checkpoint: Option<PathBuf>,
    #[command(flatten)]
    pub keys: KeysArg,
}

/// `jixiao verify-bundle FILE [--log-key VKEY] [--witness-key VKEY…]`.
#[derive(Debug, Args)]
pub struct VerifyBundleArgs {
    /// The bundle file
    pub file: PathBuf,
    /// The log's verifier key: the checkpoint's signature must verify with it
    #[arg(long = "log-key")]
    pub log_key: Option<String>,
    /// A witness's verifier key: its cosignature must be on the checkpoint (repeatable)
    #[arg(long = "witness-key")]
    pub witness_key: Vec<String>,
}

/// Writes the bundle of `project` (the report under `view` for `audience`) to `args.bundle`.
pub fn write(
    args: &BundleArgs,
    project: &str,
    view: &View,
    audience: Audience,
    ctx: &Context,
) -> Result<(), Failure> {
    let path = args
        .bundle
        .as_deref()
        .expect("invariant: called with --bundle");
    let out = OutPath::check(path, &ctx.ledger_path)?;
    let ledger = ctx.open_for(view)?;
    let report = from_source_for(&ledger, project, view, None, audience)
        .map_err(|e| Failure::input(e.to_string()))?
        .ok_or_else(|| Failure::input(super::query::not_in_view(project)))?;
    let head = report.integrity.head_seq;
    let (signed, leaves) = checkpoint(args, &ledger, head, ctx)?;
    // The events the report rests on (`report::model::build`): up to its head, known to
    // the view; the last is the project head the report quotes.
    let mut events: Vec<Stored> = ledger.project_events_in(project, view)?;
    events.retain(|s| s.env.seq <= head && view.knows(s));
    let mut actor_seqs = ledger.log().project_seqs(LEDGER_STREAM)?;
    actor_seqs.retain(|s| *s <= head);
    let actors = ledger.read_seqs(&actor_seqs)?;
    let proof = |s: &Stored| -> Result<_, Failure> {
        Ok(raw(&String::from_utf8_lossy(
            &prove_inclusion(&leaves, s.env.seq - 1)?.to_json(),
        )))
    };
    let line = |s: &Stored| {
        raw(&String::from_utf8_lossy(&export_line(
            &s.env.canonical_bytes(),
            &s.hash,
        )))
    };
    let json = render_bytes(&report, Format::Json).map_err(|e| Failure::input(e.to_string()))?;
    let bundle = Bundle {
        bundle: BUNDLE_TAG.to_string(),
        report: raw(&String::from_utf8_lossy(&json)),
        events: events.iter().map(line).collect(),
        proofs: events.iter().map(proof).collect::<Result<_, _>>()?,
        checkpoint: String::from_utf8_lossy(&signed.to_bytes()).into_owned(),
        actors: actors
            .iter()
            .map(|a| {
                Ok(ActorLine {
                    event: line(a),
                    proof: proof(a)?,
                })
            })
            .collect::<Result<_, Failure>>()?,
    };
    let mut bytes = serde_json::to_vec(&bundle).expect("invariant: a bundle serializes");
    bytes.push(b'\n');
    out.write(|w| Ok(w.write_all(&bytes)?))?;
    let msg = Msg::new("bundle-written")
        .arg("path", path.display())
        .arg("project", project)
        .arg("events", events.len())
        .arg("size", signed.checkpoint.size)
        .arg("digest", &report.integrity.digest);
    println!("{}", ctx.say(&msg));
    Ok(())
}

/// The checkpoint of the bundle and the leaves it covers: signed now with `--key`, or the
/// kept `--checkpoint` file, which must be this ledger's, cover `head`, and have the root of
/// the ledger's first N events.
fn checkpoint(
    args: &BundleArgs,
    ledger: &Ledger,
    head: u64,
    ctx: &Context,
) -> Result<(SignedCheckpoint, Vec<Hash>), Failure> {
    let origin = origin_of(ledger.ledger_id());
    let ledger_head = ledger.head().map_or(0, |h| h.seq);
    if let Some(name) = &args.key {
        let key = key_dir(&args.keys, ctx)?.load(name)?;
        let signer = super::log_key::judge(ledger, &key)?;
        eprintln!("{}", ctx.say(&signer));
        let leaves = ledger_leaves(ledger, ledger_head)?;
        let cp = Checkpoint {
            origin,
            size: ledger_head,
            root: merkle::root(&leaves),
        };
        return Ok((SignedCheckpoint::sign(cp, &key)?, leaves));
    }
    let Some(path) = &args.checkpoint else {
        return Err(Failure::input(Msg::new("bundle-needs-checkpoint")));
    };
    let bytes = std::fs::read(path).map_err(|e| cannot("cannot-read", path, &e))?;
    let signed = SignedCheckpoint::parse(&bytes)?;
    let cp = &signed.checkpoint;
    if cp.origin != origin {
        return Err(Failure::input(
            Msg::new("checkpoint-other-ledger")
                .arg("origin", &cp.origin)
                .arg("ledger", origin),
        ));
    }
    if cp.size < head || cp.size > ledger_head {
        return Err(Failure::input(
            Msg::new("bundle-checkpoint-covers")
                .arg("size", cp.size)
                .arg("head", head)
                .arg("ledger_head", ledger_head),
        ));
    }
    let leaves = ledger_leaves(ledger, cp.size)?;
    let root = merkle::root(&leaves);
    if root != cp.root {
        return Err(Failure::found(
            Msg::new("bundle-checkpoint-root")
                .arg("size", cp.size)
                .arg("root", b64(&cp.root))
                .arg("ledger_root", b64(&root)),
        ));
    }
    Ok((signed, leaves))
}

/// `jixiao verify-bundle`: exit 0 with the summary, 1 naming the check that failed. After
/// the summary, a line per signature checked, and a note for each kind left unchecked: the
/// log's signature without `--log-key`, the cosignatures no `--witness-key` was given for,
/// or none on the checkpoint. Unchecked signatures do not change the exit status (README
/// "Report bundles"): the notes say what the "intact" rests on.
pub fn verify_bundle(args: VerifyBundleArgs, ctx: &Context) -> Result<(), Failure> {
    let bytes = std::fs::read(&args.file).map_err(|e| cannot("cannot-read", &args.file, &e))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Failure::input(Msg::new("bundle-bad").arg("why", "not UTF-8")))?;
    let log_key = args
        .log_key
        .as_deref()
        .map(|k| vkey_arg("--log-key", k))
        .transpose()?;
    let witnesses = args
        .witness_key
        .iter()
        .map(|k| vkey_arg("--witness-key", k))
        .collect::<Result<Vec<_>, _>>()?;
    let v = verify(&text, log_key.as_ref(), &witnesses)?;
    let signers: Vec<String> = v
        .signers
        .iter()
        .map(|(actor, role)| {
            let signer = Msg::new("bundle-signer")
                .arg("actor", actor)
                .arg("zh", role.zh())
                .arg("role", role.as_str());
            signer.render(ctx.lang)
        })
        .collect();
    let signers = match (signers.is_empty(), ctx.lang) {
        (true, _) => "—".to_string(),
        (false, crate::i18n::Lang::Zh) => signers.join("、"),
        (false, crate::i18n::Lang::English) => signers.join(", "),
    };
    let msg = Msg::new("bundle-ok")
        .arg("project", &v.project)
        .arg("events", v.events)
        .arg("size", v.checkpoint_size)
        .arg("signers", signers)
        .arg("digest", &v.digest);
    println!("{}", ctx.say(&msg));
    let signed = bundled_checkpoint(&text)?;
    for line in signature_notes(&signed, log_key.as_ref(), &witnesses)? {
        println!("{}", ctx.say(&line));
    }
    Ok(())
}

/// The bundle's checkpoint (the bundle has verified, so it reads).
fn bundled_checkpoint(text: &str) -> Result<SignedCheckpoint, Failure> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| Failure::input(Msg::new("bundle-bad").arg("why", e)))?;
    let note = value["checkpoint"].as_str().unwrap_or_default();
    Ok(SignedCheckpoint::parse(note.as_bytes())?)
}

/// What was checked of the checkpoint's signatures (the log's, each witness's with its time)
/// and what was not: its log lines without a log key, its cosignature lines no witness key
/// was given for, or that it carries no cosignature at all.
fn signature_notes(
    signed: &SignedCheckpoint,
    log_key: Option<&VerifierKey>,
    witnesses: &[VerifierKey],
) -> Result<Vec<Msg>, Failure> {
    let lines = signed.lines();
    let mut out = Vec::new();
    match log_key {
        Some(key) => {
            out.push(Msg::new("verify-checkpoint-log-ok").arg("key", key.as_note_key().encode()))
        }
        None => {
            let logs = lines.iter().filter(|l| !l.cosignature).map(SigLine::msg);
            out.push(Msg::new("bundle-log-unchecked").arg_list("lines", logs.collect()));
        }
    }
    for key in witnesses {
        let time = signed.verify_cosignature(key)?;
        out.push(
            Msg::new("verify-checkpoint-cosigned")
                .arg("key", key.as_cosigner_key().encode())
                .arg("time", super::checkpoints::utc_time(time)),
        );
    }
    let cosigned: Vec<&SigLine> = lines.iter().filter(|l| l.cosignature).collect();
    let unchecked: Vec<Msg> = cosigned
        .iter()
        .filter(|l| !witnesses.iter().any(|w| l.is_of(&w.as_cosigner_key())))
        .map(|l| l.msg())
        .collect();
    if cosigned.is_empty() {
        out.push(Msg::new("bundle-no-witness"));
    } else if !unchecked.is_empty() {
        out.push(
            Msg::new("bundle-cosignatures-unchecked")
                .arg("count", unchecked.len())
                .arg_list("lines", unchecked),
        );
    }
    Ok(out)
}
