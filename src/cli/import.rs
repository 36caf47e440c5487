//! `jixiao import`: JSONL import lines from a file or stdin, appended all or none through the
//! one append path (`append.rs`), with progress on a terminal and what was appended, skipped
//! or dated outside its period on stdout.

use std::io::{BufReader, IsTerminal, Read, Write};
use std::path::Path;

use super::append::append_reader_signed;
use super::{Context, Failure};
use crate::i18n::Msg;

/// Progress is shown on a terminal only, every this many lines.
const PROGRESS_EVERY: usize = 100_000;

pub fn run(file: &Path, ctx: &Context) -> Result<(), Failure> {
    let reader: Box<dyn Read> = if file == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(file).map_err(|e| super::cannot("cannot-read", file, &e))?)
    };
    let mut ledger = ctx.open_to_write()?;
    let progress = std::io::stderr().is_terminal();
    let lang = ctx.lang;
    let now = ctx.now;
    let mut on_line = |count: usize| {
        if progress && count.is_multiple_of(PROGRESS_EVERY) {
            let msg = Msg::new("import-progress").arg("count", count);
            eprint!("\r{}", msg.render(lang));
            let _ = std::io::stderr().flush();
        }
    };
    let reader = BufReader::with_capacity(1 << 20, reader);
    let signer = super::sign::signer(ctx, &ledger)?;
    let appended = append_reader_signed(
        &mut ledger,
        reader,
        &ctx.actor,
        signer.as_ref(),
        &mut |_| now,
        &mut on_line,
    )?;
    if progress && appended.count >= PROGRESS_EVERY as u64 {
        eprintln!();
    }
    let notices = &appended.notices;
    let Some((first, last)) = appended.range else {
        if notices.skipped_count > 0 {
            super::notices::report_skipped(notices, ctx);
            let head = ledger.head().map_or(0, |h| h.seq);
            let msg = Msg::new("import-nothing-new")
                .arg("count", notices.skipped_count)
                .arg("seq", head);
            println!("{}", ctx.say(&msg));
            return Ok(());
        }
        return Err(Failure::input(
            Msg::new("import-empty").arg("path", file.display()),
        ));
    };
    // A range as people write one (`序号 26–27`), a single event as its seq.
    let msg = match first.seq == last.seq {
        true => Msg::new("imported-one"),
        false => Msg::new("imported"),
    };
    let msg = msg
        .arg("count", appended.count)
        .arg("first", first.seq)
        .arg("last", last.seq)
        .arg("hash", crate::event::hash::to_hex(&last.hash));
    println!("{}", ctx.say(&msg));
    super::notices::report_skipped(notices, ctx);
    super::notices::note_outside_period(notices, ctx);
    Ok(())
}
