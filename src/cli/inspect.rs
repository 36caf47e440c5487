//! Reading commands over the raw ledger: log, show, export, verify. Human-readable lines go
//! through `term::safe`; `export` and `log --json` write the stored bytes as they are (JSON,
//! whose escapes keep C0 controls out).

use std::io::{BufWriter, Write};
use std::path::Path;

use clap::Args;

use super::exports::{emit_table, FormatArgs, Listing};
use super::output::OutPath;
use super::term::{safe, safe_lines};
use super::{cannot, Context, Failure};
use crate::event::describe::describe;
use crate::event::envelope::export_line;
use crate::event::hash::{from_hex, to_hex};
use crate::event::Envelope;
use crate::event::Hash32;
use crate::export::tables::{log_row, LOG_HEADS};
use crate::export::Table;
use crate::i18n::Msg;
use crate::ledger::log::LogError;
use crate::ledger::verify::{verify_at_as, verify_export_counted, Checks, Verdict};

use crate::ledger::Stored;
use crate::time::display_instant;

#[derive(Debug, Args)]
pub struct LogArgs {
    #[arg(long, value_parser = super::project_arg)]
    project: Option<String>,
    /// Only this event type (e.g. funds.disbursed)
    #[arg(long = "type")]
    kind: Option<String>,
    /// One stored envelope per line (as export)
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    output: FormatArgs,
}

pub fn log(args: LogArgs, ctx: &Context) -> Result<(), Failure> {
    let listing = args.output.listing(args.json, &["text", "json", "csv"])?;
    if listing != Listing::Csv && args.output.out.is_some() {
        return Err(Failure::input(
            "log --out：只用于 --format csv（文本和 JSON 输出到标准输出）— log --out is for --format csv".to_string(),
        ));
    }
    let ledger = ctx.open()?;
    if let Some(kind) = &args.kind {
        if !crate::event::TYPE_NAMES.contains(&kind.as_str()) {
            return Err(Failure::input(
                Msg::new("log-type-unknown")
                    .arg("value", format!("{kind:?}"))
                    .arg("known", crate::event::TYPE_NAMES.join(", ")),
            ));
        }
    }
    let events: Box<dyn Iterator<Item = _>> = match &args.project {
        Some(p) => Box::new(ledger.project_events(p)?.into_iter().map(Ok)),
        None => Box::new(ledger.events()),
    };
    if listing == Listing::Csv {
        let mut rows = Vec::new();
        for stored in events {
            let stored = stored?;
            if args
                .kind
                .as_deref()
                .is_none_or(|k| k == stored.env.type_name())
            {
                rows.push(log_row(&stored.env));
            }
        }
        let table = Table {
            name: "事件日志".into(),
            heads: LOG_HEADS.to_vec(),
            rows,
        };
        return emit_table(&table, listing, args.output.out.as_deref(), ctx);
    }
    let mut out = BufWriter::new(std::io::stdout().lock());
    for stored in events {
        let stored = stored?;
        if args
            .kind
            .as_deref()
            .is_some_and(|k| k != stored.env.type_name())
        {
            continue;
        }
        if listing == Listing::Json {
            out.write_all(&export_line(&stored.env.canonical_bytes(), &stored.hash))?;
            out.write_all(b"\n")?;
        } else {
            writeln!(out, "{}", log_line(&stored.env))?;
        }
    }
    out.flush()?;
    Ok(())
}

/// One `log` line: seq, recorded (+08:00), effective, project, type, description; made
/// terminal-safe as a whole (`term::safe`), so no recorded text can start a line of its own.
fn log_line(e: &Envelope) -> String {
    let line = format!(
        "{:>6}  {}  {}  {:<16}  {:<26}  {}",
        e.seq,
        display_instant(e.recorded_at),
        e.effective,
        e.project,
        e.type_name(),
        describe(&e.data)
    );
    safe(&line).into_owned()
}

/// What `show` prints: the export line as pretty JSON (hidden characters as `\uXXXX`), then
/// `# ` and the description, every line terminal-safe.
fn show_text(stored: &Stored) -> String {
    let line = export_line(&stored.env.canonical_bytes(), &stored.hash);
    let value: serde_json::Value =
        serde_json::from_slice(&line).expect("invariant: export lines are JSON");
    let json = safe_lines(&crate::report::escape::json_pretty(&value));
    format!("{json}\n# {}\n", safe(&describe(&stored.env.data)))
}

pub fn show(seq: u64, ctx: &Context) -> Result<(), Failure> {
    let ledger = ctx.open()?;
    let stored = ledger.get(seq)?.ok_or_else(|| {
        Failure::input(
            Msg::new("show-seq-missing")
                .arg("seq", seq)
                .arg("head", ledger.head().map_or(0, |h| h.seq)),
        )
    })?;
    print!("{}", show_text(&stored));
    Ok(())
}

/// `export [--out FILE]`: every stored envelope in seq order, to stdout or written whole to
/// FILE (never inside the ledger directory; `output::OutPath`).
pub fn export(out: Option<&Path>, ctx: &Context) -> Result<(), Failure> {
    let out = out
        .map(|p| OutPath::check(p, &ctx.ledger_path))
        .transpose()?;
    let ledger = ctx.open()?;
    let Some(out) = out else {
        let mut w = BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
        write_export(&ledger, &mut w)?;
        return Ok(w.flush()?);
    };
    let count = out.write(|w| write_export(&ledger, w))?;
    let msg = Msg::new("exported")
        .arg("count", count)
        .arg("path", out.path().display());
    eprintln!("{}", ctx.say(&msg));
    Ok(())
}

/// Writes every stored record as an export line; returns how many.
fn write_export(ledger: &crate::ledger::Ledger, w: &mut impl Write) -> Result<u64, Failure> {
    let mut count = 0u64;
    for block in ledger.raw_blocks(1)? {
        let block = block?;
        let first = block.first_seq;
        let records = crate::ledger::log::decode_block(first, &block.bytes)
            .map_err(|what| Failure::found(format!("seq {first}: {what}")))?;
        for r in records {
            w.write_all(&export_line(&r.bytes, &r.hash))?;
            w.write_all(b"\n")?;
            count += 1;
        }
    }
    Ok(count)
}

/// `verify [--export FILE] [--head SEQ:HASH] [--checkpoint FILE …]`: the chain first, then
/// the checkpoint (`checkpoints::verify_checkpoint`).
pub fn verify(
    export: Option<&Path>,
    ledger_id: Option<&str>,
    head: Option<&str>,
    checkpoint: &super::checkpoints::VerifyCheckpointArgs,
    ctx: &Context,
) -> Result<(), Failure> {
    let checks = Checks {
        wall: Some(ctx.wall),
        kept: head.map(parse_kept_head).transpose()?,
    };
    // `--ledger FILE` is an export: verified as `--export FILE` verifies it.
    let export = export.or_else(|| ctx.ledger_path.is_file().then_some(&*ctx.ledger_path));
    let (verdict, unchecked) = match export {
        Some(path) => {
            let file = std::fs::File::open(path).map_err(|e| cannot("cannot-read", path, &e))?;
            let reader = std::io::BufReader::with_capacity(1 << 20, file);
            verify_export_counted(reader, &checks, ledger_id)?
        }
        None => (
            verify_at_as(&ctx.ledger_path, ctx.access(), &checks).map_err(damage_found)?,
            0,
        ),
    };
    // A checkpoint that the ledger does not extend fails before anything says "intact".
    if verdict.problem.is_none() {
        super::checkpoints::verify_checkpoint(checkpoint, export, ctx)?;
    }
    report_verdict(&verdict, checks.kept, ctx)?;
    if unchecked > 0 {
        eprintln!(
            "{}",
            ctx.say(&Msg::new("verify-signatures-unchecked").arg("count", unchecked))
        );
    }
    Ok(())
}

/// `SEQ:HASH`, as `verify` prints a head (`head seq SEQ HASH`) and reports quote it.
fn parse_kept_head(text: &str) -> Result<(u64, Hash32), Failure> {
    let parsed = text
        .trim()
        .split_once(':')
        .and_then(|(seq, hash)| Some((seq.parse::<u64>().ok()?, from_hex(hash)?)));
    parsed.filter(|(seq, _)| *seq > 0).ok_or_else(|| {
        Failure::input(
            Msg::new("head-bad")
                .arg("value", format!("{text:?}"))
                .arg("zeros", "0".repeat(64)),
        )
    })
}

/// Damaged storage is what `verify` looks for: exit 1, naming the seq when it is known.
fn damage_found(e: LogError) -> Failure {
    match (e.is_damage(), e.damaged_seq()) {
        (true, Some(seq)) => Failure::found(
            Msg::new("verify-failed-at")
                .arg("seq", seq)
                .arg_msg("message", Msg::from(e.to_string())),
        ),
        (true, None) => {
            Failure::found(Msg::new("verify-failed").arg_msg("message", Msg::from(e.to_string())))
        }
        (false, _) => e.into(),
    }
}

/// The verdict on the terminal: ok naming the head verified (and the kept head it extends),
/// or the first problem (exit 1).
pub fn report_verdict(
    v: &Verdict,
    kept: Option<(u64, Hash32)>,
    ctx: &Context,
) -> Result<(), Failure> {
    match &v.problem {
        None => {
            let head = match (v.head, kept) {
                (None, _) => Msg::new("verify-head-empty"),
                (Some((s, h)), None) => Msg::new("verify-head")
                    .arg("seq", s)
                    .arg("hash", to_hex(&h)),
                (Some((s, h)), Some((k, kh))) => Msg::new("verify-head-kept")
                    .arg("seq", s)
                    .arg("hash", to_hex(&h))
                    .arg("kept", k)
                    .arg("kept_hash", to_hex(&kh)),
            };
            let ok = Msg::new("verify-ok")
                .arg("count", v.events)
                .arg_msg("head", head);
            println!("{}", ctx.say(&ok));
            Ok(())
        }
        Some(p) => {
            let failed = match v.events {
                0 => Msg::new("verify-failed-at"),
                n => Msg::new("verify-failed-at-intact").arg("count", n),
            };
            Err(Failure::found(
                failed
                    .arg("seq", p.seq)
                    .arg_msg("message", Msg::from(p.what.clone())),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{log_line, show_text};
    use crate::cli::term::hostile::{assert_inert, events};

    #[test]
    fn log_and_show_print_recorded_control_characters_as_code_points() {
        for stored in events() {
            assert_inert(&log_line(&stored.env), 0);
            let shown = show_text(&stored);
            let json_lines = shown.lines().take_while(|l| !l.starts_with("# ")).count();
            assert_inert(&shown, json_lines + 1);
        }
    }
}
